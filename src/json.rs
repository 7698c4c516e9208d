//! JSON, small: a strict reader into a [`Value`] tree, a serde `Deserializer` over the tree that
//! knows the JSON path of every value (so an error says `period.latest: invalid type: string
//! "twelve", expected u32`), and a writer for anything `Serialize`. It does what the spec, the
//! metric files and the statistics API need, with a fraction of the code `serde_json` and
//! `serde_path_to_error` bring into the wasm (a third of its size before). Depth and length are
//! bounded, so a hostile document cannot exhaust the stack.

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{self, Serialize};
use std::fmt::{self, Write};

/// How deeply arrays and objects may nest.
pub const MAX_DEPTH: usize = 64;

/// A JSON value. Objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// What the value is, as a message names it: `found a list`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(true) => "true",
            Value::Bool(false) => "false",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a document could not be read: where (a JSON path, or a line and column for text that is
/// not JSON) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// `period.latest`, `views[0].peers.k`; `.` for the document itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path == "." {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

impl JsonError {
    /// The error of a value read on its own, placed under `base`, the path of that value in its
    /// document: `value` under `[12]` is `[12].value`, `.` under `[12]` is `[12]`.
    pub fn under(mut self, base: &str) -> Self {
        self.path = match self.path.as_str() {
            "." | "" => base.to_string(),
            p if base == "." => p.to_string(),
            p if p.starts_with('[') => format!("{base}{p}"),
            p => format!("{base}.{p}"),
        };
        self
    }
}

/// Reads `text` into a `T`, errors naming the JSON path.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    from_value(&parse(text)?)
}

/// Turns a parsed value into a `T`, errors naming the JSON path.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, JsonError> {
    T::deserialize(Walker { value, path: &Path::Root })
        .map_err(|e| JsonError { path: bounded_path(e.path), message: e.message })
}

// ---------------------------------------------------------------------------------------------
// Reading text

/// Parses strict JSON (RFC 8259): one value, nothing after it but whitespace.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser { bytes: text.as_bytes(), at: 0, path: Vec::new() };
    let v = p.value(0)?;
    p.space();
    if p.at < p.bytes.len() {
        return Err(p.error("trailing characters after the JSON value"));
    }
    Ok(v)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The keys and indices down to the value being read, for errors.
    path: Vec<Segment>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl Parser<'_> {
    fn error(&self, message: &str) -> JsonError {
        let before = &self.bytes[..self.at.min(self.bytes.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
        let mut path = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(k) if path.is_empty() => path.push_str(k),
                Segment::Key(k) => {
                    path.push('.');
                    path.push_str(k);
                }
                Segment::Index(i) => path.push_str(&format!("[{i}]")),
            }
        }
        if path.is_empty() {
            path.push('.');
        }
        JsonError { path, message: format!("{message} at line {line} column {column}") }
    }

    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, literal: &str, v: Value) -> Result<Value, JsonError> {
        if self.bytes[self.at..].starts_with(literal.as_bytes()) {
            self.at += literal.len();
            Ok(v)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nested more than {MAX_DEPTH} deep")));
        }
        self.space();
        match self.bytes.get(self.at) {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'n') => self.eat("null", Value::Null),
            Some(b't') => self.eat("true", Value::Bool(true)),
            Some(b'f') => self.eat("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'[') => self.array(depth),
            Some(b'{') => self.object(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let s = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > s
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let leading_zero = self.bytes.get(self.at) == Some(&b'0');
        if !digits(self) || (leading_zero && self.at - start > 1 + usize::from(self.bytes[start] == b'-')) {
            return Err(self.error("invalid number"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.bytes.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        // The slice holds only ASCII digits, signs, '.', 'e': valid UTF-8 and a valid float.
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or("0");
        let v: f64 = text.parse().map_err(|_| self.error("invalid number"))?;
        if !v.is_finite() {
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(v))
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while self.bytes.get(self.at).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The document is a &str and the run stops only at ASCII bytes: a char boundary.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default());
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("EOF while parsing a string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        self.at += 1;
        let c = match self.bytes.get(self.at) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode(out),
            _ => return Err(self.error("invalid escape")),
        };
        self.at += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let hex = self.bytes.get(self.at + 1..self.at + 5).ok_or_else(|| self.error("invalid \\u escape"))?;
        let text = std::str::from_utf8(hex).map_err(|_| self.error("invalid \\u escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 5;
        Ok(v)
    }

    fn unicode(&mut self, out: &mut String) -> Result<(), JsonError> {
        let first = self.hex4()?;
        let code = if (0xd800..0xdc00).contains(&first) && self.bytes[self.at..].starts_with(b"\\u") {
            self.at += 1;
            let second = self.hex4()?;
            if !(0xdc00..0xe000).contains(&second) {
                return Err(self.error("lone surrogate in \\u escape"));
            }
            0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
        } else {
            first
        };
        out.push(char::from_u32(code).ok_or_else(|| self.error("lone surrogate in \\u escape"))?);
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.path.push(Segment::Index(items.len()));
            items.push(self.value(depth + 1)?);
            self.path.pop();
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.at += 1;
        let mut members = Vec::new();
        self.space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.space();
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("key must be a string"));
            }
            let key = self.string()?;
            self.space();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error("expected `:`"));
            }
            self.at += 1;
            self.path.push(Segment::Key(key));
            let value = self.value(depth + 1)?;
            // The segment popped is the key pushed just above.
            let key = match self.path.pop() {
                Some(Segment::Key(key)) => key,
                _ => String::new(),
            };
            members.push((key, value));
            self.space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Deserialising a tree with its path

/// Where a value sits in the document, as a chain back to the root.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("."),
            Path::Key(Path::Root, k) => f.write_str(k),
            Path::Key(parent, k) => write!(f, "{parent}.{k}"),
            Path::Index(Path::Root, i) => write!(f, "[{i}]"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// A deserialisation error and where it happened. The innermost value that failed sets the
/// path; errors raised by a containing struct (an unknown or missing field) take its path.
#[derive(Debug)]
pub struct PathError {
    path: String,
    message: String,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

impl de::Error for PathError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        PathError { path: String::new(), message: bounded(&msg.to_string()) }
    }
}

/// The most characters of a value from the document an error message quotes (as
/// `crate::error::QUOTED_CHARS`, which this layer cannot import).
const QUOTED: usize = 40;
/// The most characters of a path an error gives: a 100,000-character key is named by its start.
const PATH_CHARS: usize = 200;

/// `message` with every part serde quotes (in backticks or double quotes) cut to its first
/// [`QUOTED`] characters and its length: serde quotes the value it met whole, and a message must
/// not echo a 100,000-character string into the page.
fn bounded(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(400));
    let mut open: Option<char> = None;
    let (mut run, mut escaped) = (0usize, false);
    for c in message.chars() {
        match open {
            None => {
                out.push(c);
                if c == '`' || c == '"' {
                    (open, run, escaped) = (Some(c), 0, false);
                }
            }
            Some(q) if c == q && !escaped => {
                if run > QUOTED {
                    out.push_str(&format!("… ({run} characters)"));
                }
                out.push(c);
                open = None;
            }
            Some(q) => {
                escaped = q == '"' && c == '\\' && !escaped;
                run += 1;
                if run <= QUOTED {
                    out.push(c);
                }
            }
        }
    }
    if open.is_some() && run > QUOTED {
        out.push('…');
    }
    out
}

/// `path` cut to its first [`PATH_CHARS`] characters.
fn bounded_path(path: String) -> String {
    match path.char_indices().nth(PATH_CHARS) {
        None => path,
        Some((end, _)) => format!("{}…", &path[..end]),
    }
}

struct Walker<'a> {
    value: &'a Value,
    path: &'a Path<'a>,
}

impl Walker<'_> {
    /// Gives an error that has no place yet this value's path.
    fn place(&self, mut e: PathError) -> PathError {
        if e.path.is_empty() {
            e.path = self.path.to_string();
        }
        e
    }

    fn unexpected(&self) -> de::Unexpected<'_> {
        match self.value {
            Value::Null => de::Unexpected::Unit,
            Value::Bool(b) => de::Unexpected::Bool(*b),
            Value::Number(n) => de::Unexpected::Float(*n),
            Value::String(s) => de::Unexpected::Str(s),
            Value::Array(_) => de::Unexpected::Seq,
            Value::Object(_) => de::Unexpected::Map,
        }
    }
}

impl<'de> de::Deserializer<'de> for Walker<'_> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        let result = match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1.8e19 => visitor.visit_u64(*n as u64),
            Value::Number(n) if n.fract() == 0.0 && *n < 0.0 && *n > -9.2e18 => visitor.visit_i64(*n as i64),
            Value::Number(n) => visitor.visit_f64(*n),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items { items, next: 0, path: self.path }),
            Value::Object(members) => visitor.visit_map(Members { members, next: 0, path: self.path }),
        };
        result.map_err(|e| self.place(e))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()).map_err(|e| self.place(e)),
            _ => Err(self.place(de::Error::invalid_type(self.unexpected(), &"a string naming a variant"))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Items<'a> {
    items: &'a [Value],
    next: usize,
    path: &'a Path<'a>,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = PathError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, PathError> {
        let Some(value) = self.items.get(self.next) else { return Ok(None) };
        let path = Path::Index(self.path, self.next);
        self.next += 1;
        seed.deserialize(Walker { value, path: &path }).map(Some).map_err(|mut e| {
            if e.path.is_empty() {
                e.path = path.to_string();
            }
            e
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct Members<'a> {
    members: &'a [(String, Value)],
    next: usize,
    path: &'a Path<'a>,
}

impl<'de> MapAccess<'de> for Members<'_> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, PathError> {
        let Some((key, _)) = self.members.get(self.next) else { return Ok(None) };
        let path = Path::Key(self.path, key);
        // An unknown field is reported at the field's own path.
        seed.deserialize(key.as_str().into_deserializer()).map(Some).map_err(|mut e: PathError| {
            e.path = path.to_string();
            e
        })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        let (key, value) = &self.members[self.next];
        self.next += 1;
        let path = Path::Key(self.path, key);
        seed.deserialize(Walker { value, path: &path }).map_err(|mut e| {
            if e.path.is_empty() {
                e.path = path.to_string();
            }
            e
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// The JSON text of `value` (compact, keys in their declared order).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail, and a map key that is not a string is written as one.
    let _ = value.serialize(Writer { out: &mut out });
    out
}

/// A serde serializer that appends JSON to a string.
struct Writer<'a> {
    out: &'a mut String,
}

#[derive(Debug)]
pub struct WriteError(String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// Appends `s` as a JSON string.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A finite number as serde_json writes it (`600.0`, `0.1`, `1e21`); anything else as `null`.
fn number(out: &mut String, v: f64) {
    if v.is_finite() {
        let _ = write!(out, "{v:?}");
    } else {
        out.push_str("null");
    }
}

/// Writes the items of a sequence or the members of a map, with commas between them.
struct Compound<'a> {
    out: &'a mut String,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.serialize_i64(v.into())
    }
    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.serialize_u64(v.into())
    }
    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        number(self.out, v.into());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        number(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        quote(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        quote(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), WriteError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), WriteError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.out.push('{');
        quote(self.out, variant);
        self.out.push(':');
        value.serialize(Writer { out: self.out })?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, WriteError> {
        self.out.push('[');
        Ok(Compound { out: self.out, first: true, close: ']' })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        self.out.push('{');
        quote(self.out, variant);
        self.out.push_str(":[");
        Ok(Compound { out: self.out, first: true, close: ']' })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, WriteError> {
        self.out.push('{');
        Ok(Compound { out: self.out, first: true, close: '}' })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, WriteError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, WriteError> {
        self.out.push('{');
        quote(self.out, variant);
        self.out.push_str(":{");
        Ok(Compound { out: self.out, first: true, close: '}' })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.comma();
        value.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result<(), WriteError> {
        self.out.push(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), WriteError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), WriteError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.out.push_str("]}");
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.comma();
        let mut k = String::new();
        key.serialize(Writer { out: &mut k })?;
        // A key must be a JSON string: a number or other scalar key is quoted.
        if k.starts_with('"') {
            self.out.push_str(&k)
        } else {
            quote(self.out, &k)
        }
        self.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        value.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result<(), WriteError> {
        self.out.push('}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        self.comma();
        quote(self.out, key);
        self.out.push(':');
        value.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result<(), WriteError> {
        self.out.push('}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), WriteError> {
        self.out.push_str("}}");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq, serde::Serialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Period {
        latest: Option<u32>,
        from: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq, serde::Serialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        period: Option<Period>,
        codes: Option<Vec<String>>,
        weights: Option<BTreeMap<String, f64>>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
    enum Peers {
        All {},
        List { codes: Vec<String> },
    }

    #[test]
    fn an_error_read_on_its_own_is_placed_under_its_record() {
        let at =
            |path: &str, base: &str| JsonError { path: path.into(), message: String::new() }.under(base).path;
        assert_eq!(at("value", "[12]"), "[12].value");
        assert_eq!(at(".", "[12]"), "[12]");
        assert_eq!(at("[3].id", "answers"), "answers[3].id");
        assert_eq!(at("value", "."), "value");
    }

    #[test]
    fn an_error_quotes_a_huge_value_or_key_by_its_start_and_length() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        enum Kind {
            Rate,
        }
        let long = "x".repeat(90_000);
        let e = from_str::<Kind>(&format!("\"{long}\"")).unwrap_err();
        assert!(
            e.message.starts_with(&format!("unknown variant `{}… (90000 characters)`", &long[..40])),
            "{e}"
        );
        let e = from_str::<u32>(&format!("\"a\\\"{long}\"")).unwrap_err();
        assert!(e.message.chars().count() < 120, "an escaped quote does not end the cut: {e}");
        let e = from_str::<Period>(&format!("{{\"{long}\": 1}}")).unwrap_err();
        assert!(e.path.chars().count() <= 201 && e.message.chars().count() < 200, "{e}");
    }

    #[test]
    fn a_wrong_type_names_its_json_path_in_serde_json_words() {
        let e = from_str::<Doc>(r#"{"period": {"latest": "twelve"}}"#).unwrap_err();
        assert_eq!(e.path, "period.latest");
        assert_eq!(e.message, "invalid type: string \"twelve\", expected u32");
        let e = from_str::<Doc>(r#"{"codes": ["RM3", 7]}"#).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("codes[1]", "invalid type: integer `7`, expected a string")
        );
    }

    #[test]
    fn an_unknown_field_names_itself_and_the_known_ones() {
        let e = from_str::<Doc>(r#"{"period": {"lastest": 3}}"#).unwrap_err();
        assert_eq!(e.path, "period.lastest");
        assert_eq!(e.message, "unknown field `lastest`, expected `latest` or `from`");
    }

    #[test]
    fn tagged_enums_and_maps_read_as_serde_json_reads_them() {
        assert_eq!(from_str::<Peers>(r#"{"kind": "all"}"#).unwrap(), Peers::All {});
        assert_eq!(
            from_str::<Peers>(r#"{"kind": "list", "codes": ["A"]}"#).unwrap(),
            Peers::List { codes: vec!["A".into()] }
        );
        assert!(from_str::<Peers>(r#"{"kind": "all", "k": 3}"#).is_err());
        let d: Doc = from_str(r#"{"weights": {"a": 1, "b": 2.5}}"#).unwrap();
        assert_eq!(d.weights.unwrap()["b"], 2.5);
    }

    #[test]
    fn text_that_is_not_json_says_where() {
        let e = parse("{\"a\": 1,\n \"b\": }").unwrap_err();
        assert_eq!(e.message, "expected value at line 2 column 7");
        assert!(parse("[1, 2] x").is_err());
        assert!(parse("01").is_err());
        assert!(parse("\"\\ud800\"").is_err(), "a lone surrogate");
        assert_eq!(parse("\"\\ud83d\\ude00 \\u00e9\"").unwrap(), Value::String("😀 é".into()));
    }

    #[test]
    fn a_number_out_of_range_names_its_path() {
        let e = parse(r#"{"spec": {"width": 1e400}}"#).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("spec.width", "number out of range at line 1 column 25")
        );
        assert_eq!(parse("[1, [2, x]]").unwrap_err().path, "[1][1]");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert!(parse(&deep).unwrap_err().message.starts_with("nested more than 64 deep"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn writing_round_trips_and_escapes() {
        let d = Doc {
            period: Some(Period { latest: Some(12), from: Some("a\"b\n".into()) }),
            codes: None,
            weights: None,
        };
        let text = to_string(&d);
        assert_eq!(text, r#"{"period":{"latest":12,"from":"a\"b\n"},"codes":null,"weights":null}"#);
        assert_eq!(from_str::<Doc>(&text).unwrap(), d);
        assert_eq!(to_string(&f64::NAN), "null");
        assert_eq!(to_string(&0.1), "0.1");
        assert_eq!(to_string(&600.0), "600.0", "as serde_json writes it");
    }
}
