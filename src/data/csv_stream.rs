//! A push-based CSV reader for files too big to hold as one string: bytes arrive in chunks of
//! any size (a chunk may end inside a field, a quoted field or a CRLF), and each complete record
//! goes to a callback as soon as its line ends, borrowing one reused buffer. The dialect is
//! RFC 4180's, as [`super::csv`] reads it: quoted fields with doubled quotes, commas and newlines
//! inside quotes, CRLF or LF line ends, a UTF-8 byte-order mark, blank lines skipped; each record
//! keeps the line it starts on.

use super::Diagnostic;
use std::borrow::Cow;

/// One record, borrowed from the reader's buffer until the callback returns.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// The 1-based line of the file the record starts on.
    pub line: usize,
    bytes: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`'s raw bytes (quotes removed), or empty past the end.
    pub fn bytes(&self, i: usize) -> &'a [u8] {
        match self.ends.get(i) {
            Some(&end) => {
                let start = if i == 0 { 0 } else { self.ends[i - 1] };
                &self.bytes[start..end]
            }
            None => &[],
        }
    }

    /// Field `i` as text (invalid UTF-8 replaced), trimmed of spaces.
    pub fn text(&self, i: usize) -> Cow<'a, str> {
        match String::from_utf8_lossy(self.bytes(i)) {
            Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
            Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
        }
    }
}

/// Where the reader is within a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field (or of a record).
    FieldStart,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: a second quote is a literal, anything else ends
    /// the quoted part.
    QuoteInQuoted,
    /// Just after a CR that ended a record: an LF here belongs to it.
    AfterCr,
}

/// How the input ended, from [`CsvReader::finish`].
#[derive(Debug, Clone, PartialEq)]
pub enum Ending {
    /// The last record ended with a line end (or there were no records).
    Complete,
    /// The last record had no line end; it was handed to the callback with this line number, so
    /// the caller can judge whether it is whole (many files simply lack a final newline).
    Unterminated { line: usize },
}

/// A push-based CSV reader.
pub struct CsvReader {
    file: String,
    state: State,
    /// The current record's fields, back to back.
    bytes: Vec<u8>,
    /// The end of each complete field of the current record within `bytes`.
    ends: Vec<usize>,
    /// Whether the current record has any content yet (a field separator or a character).
    started: bool,
    line: usize,
    record_line: usize,
    quote_line: usize,
    /// The first bytes of the file, held until it is known whether they are a byte-order mark
    /// (which may be split across chunks).
    prefix: Vec<u8>,
    prefix_done: bool,
    /// The longest record accepted, in bytes: a hostile file (one endless line inside a zip
    /// bomb) must not take all the page's memory.
    limit: usize,
    overflow: Option<Diagnostic>,
}

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

impl CsvReader {
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            state: State::FieldStart,
            bytes: Vec::new(),
            ends: Vec::new(),
            started: false,
            line: 1,
            record_line: 1,
            quote_line: 0,
            prefix: Vec::new(),
            prefix_done: false,
            limit: usize::MAX,
            overflow: None,
        }
    }

    /// The same reader, refusing records longer than `bytes`.
    pub fn with_record_limit(mut self, bytes: usize) -> Self {
        self.limit = bytes;
        self
    }

    /// The error that stopped the reader (a record over the limit), if any.
    pub fn take_error(&mut self) -> Option<Diagnostic> {
        self.overflow.take()
    }

    /// The line the reader has reached (1-based).
    pub fn line(&self) -> usize {
        self.line
    }

    /// Whether a record has begun and not ended (its line is [`CsvReader::record_line`]).
    pub fn in_record(&self) -> bool {
        self.started
    }

    /// The line the current (or next) record starts on.
    pub fn record_line(&self) -> usize {
        self.record_line
    }

    /// Reads a chunk, calling `on_record` for every record it completes. `on_record` returns
    /// false to stop reading: the rest of the chunk is ignored, and `push` returns false too.
    pub fn push(&mut self, chunk: &[u8], on_record: &mut dyn FnMut(Record<'_>) -> bool) -> bool {
        if self.prefix_done {
            return self.feed(chunk, on_record);
        }
        let take = (BOM.len() - self.prefix.len()).min(chunk.len());
        self.prefix.extend_from_slice(&chunk[..take]);
        if self.prefix.len() < BOM.len() {
            return true;
        }
        self.release_prefix(on_record) && self.feed(&chunk[take..], on_record)
    }

    /// Feeds the held first bytes on, unless they are a byte-order mark.
    fn release_prefix(&mut self, on_record: &mut dyn FnMut(Record<'_>) -> bool) -> bool {
        self.prefix_done = true;
        let prefix = std::mem::take(&mut self.prefix);
        prefix[..] == BOM || self.feed(&prefix, on_record)
    }

    fn feed(&mut self, chunk: &[u8], on_record: &mut dyn FnMut(Record<'_>) -> bool) -> bool {
        for &b in chunk {
            if self.bytes.len() >= self.limit {
                self.overflow = Some(Diagnostic::error(
                    &self.file,
                    Some(self.record_line),
                    None,
                    format!(
                        "the row is longer than {} bytes, far beyond any row of this file's kind: this is not the \
                         expected file (or a quote is never closed)",
                        self.limit
                    ),
                ));
                return false;
            }
            match self.state {
                State::Quoted => match b {
                    b'"' => self.state = State::QuoteInQuoted,
                    b'\n' => {
                        self.line += 1;
                        self.bytes.push(b);
                    }
                    _ => self.bytes.push(b),
                },
                State::QuoteInQuoted if b == b'"' => {
                    self.bytes.push(b'"');
                    self.state = State::Quoted;
                }
                State::AfterCr if b == b'\n' => self.state = State::FieldStart,
                _ => {
                    if !self.plain_byte(b, on_record) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// A byte outside quotes (or just after a closing quote or a CR).
    fn plain_byte(&mut self, b: u8, on_record: &mut dyn FnMut(Record<'_>) -> bool) -> bool {
        match b {
            b'"' if self.state == State::FieldStart || self.state == State::AfterCr => {
                self.state = State::Quoted;
                self.quote_line = self.line;
                self.started = true;
            }
            b',' => {
                self.ends.push(self.bytes.len());
                self.started = true;
                self.state = State::FieldStart;
            }
            b'\n' | b'\r' => {
                let keep_going = self.end_record(on_record);
                self.line += 1;
                self.record_line = self.line;
                self.state = if b == b'\r' { State::AfterCr } else { State::FieldStart };
                return keep_going;
            }
            _ => {
                self.bytes.push(b);
                self.started = true;
                self.state = State::Unquoted;
            }
        }
        true
    }

    fn end_record(&mut self, on_record: &mut dyn FnMut(Record<'_>) -> bool) -> bool {
        if !self.started {
            return true;
        }
        self.ends.push(self.bytes.len());
        let keep_going = on_record(Record { line: self.record_line, bytes: &self.bytes, ends: &self.ends });
        self.bytes.clear();
        self.ends.clear();
        self.started = false;
        keep_going
    }

    /// Ends the input: hands over a last record that has no line end, and reports a quoted field
    /// left open (the file is cut short, or a quote is missing) as an error naming its line.
    pub fn finish(&mut self, on_record: &mut dyn FnMut(Record<'_>) -> bool) -> Result<Ending, Diagnostic> {
        if !self.prefix_done {
            // A file shorter than a byte-order mark.
            self.release_prefix(on_record);
        }
        if matches!(self.state, State::Quoted) {
            return Err(Diagnostic::error(
                &self.file,
                Some(self.quote_line),
                None,
                "a quoted field is never closed: the file ends inside it (it may be cut short), or a closing \
                 double quote (\") is missing",
            ));
        }
        if self.started {
            let line = self.record_line;
            self.end_record(on_record);
            return Ok(Ending::Unterminated { line });
        }
        Ok(Ending::Complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Records = Vec<(usize, Vec<String>)>;

    fn read_in_chunks(text: &[u8], size: usize) -> (Records, Result<Ending, Diagnostic>) {
        let mut out = Vec::new();
        let mut reader = CsvReader::new("f.csv");
        let mut collect = |r: Record<'_>| {
            out.push((r.line, (0..r.len()).map(|i| r.text(i).into_owned()).collect()));
            true
        };
        for chunk in text.chunks(size.max(1)) {
            reader.push(chunk, &mut collect);
        }
        let ending = reader.finish(&mut collect);
        (out, ending)
    }

    #[test]
    fn records_are_the_same_whatever_the_chunk_size() {
        let text = "\u{feff}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\n\"two\nlines\",z\nlast,1".as_bytes();
        let (whole, ending) = read_in_chunks(text, text.len());
        assert_eq!(whole[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(whole[1].1, vec!["x, y", "say \"hi\""]);
        assert_eq!(whole.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 4, 6]);
        assert_eq!(whole[2].1[0], "two\nlines");
        assert_eq!(ending.unwrap(), Ending::Unterminated { line: 6 });
        for size in 1..12 {
            let (chunked, _) = read_in_chunks(text, size);
            assert_eq!(chunked, whole, "chunks of {size} bytes");
        }
    }

    #[test]
    fn a_file_that_ends_inside_quotes_names_the_line_the_quote_opened() {
        let (_, ending) = read_in_chunks(b"a,b\n1,\"open\n", 3);
        let err = ending.unwrap_err();
        assert_eq!(err.row, Some(2));
        assert!(err.message.contains("never closed"), "{}", err.message);
    }

    #[test]
    fn a_record_over_the_limit_stops_the_reader_naming_its_line() {
        let mut reader = CsvReader::new("f.csv").with_record_limit(8);
        assert!(!reader.push(b"ok\n0123456789", &mut |_| true));
        let err = reader.take_error().unwrap();
        assert_eq!(err.row, Some(2));
        assert!(err.message.contains("longer than 8 bytes"), "{}", err.message);
    }

    #[test]
    fn a_file_ending_in_a_line_end_is_complete_and_trailing_empty_fields_are_kept() {
        let (recs, ending) = read_in_chunks(b"a,,\n", 2);
        assert_eq!(recs[0].1, vec!["a", "", ""]);
        assert_eq!(ending.unwrap(), Ending::Complete);
        let (recs, _) = read_in_chunks(b"ab", 1);
        assert_eq!(recs[0].1, vec!["ab"]);
    }
}
