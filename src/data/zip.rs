//! Zip archives as they are downloaded, read as a stream: the bytes may arrive in chunks of any
//! size, and each entry's contents flow on to a sink as they are unpacked, so an 82 MB CSV inside
//! a 3.5 MB zip is never held whole. Entries are read in the order of their local headers
//! (PKWARE APPNOTE 6.3.10, section 4.3), which is the order every common zip tool writes; the
//! central directory that follows them is kept and checked at the end.
//!
//! Supported: stored (method 0) and deflate (method 8, inflated with `miniz_oxide`) entries, data
//! descriptors (general-purpose flag bit 3, which the macOS Archive Utility and browsers' zip
//! writers set), zip64 sizes, CRC-32 checks. Refused with a message saying what to do: encrypted
//! entries, other compression methods, a file that is not a zip, a zip cut short. Junk that
//! zipping tools add (`__MACOSX/` resource forks, `.DS_Store`, folders) is recognised by
//! [`is_junk`].

use super::Diagnostic;
use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
const ZIP64_END_OF_CENTRAL_DIRECTORY: u32 = 0x0606_4b50;
const DATA_DESCRIPTOR: u32 = 0x0807_4b50;
const LOCAL_HEADER_LEN: usize = 30;
const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATE: u16 = 8;
/// How much of the central directory is kept for the end-of-archive check.
const CENTRAL_KEPT: usize = 1 << 20;
/// The size of each piece of unpacked data handed to the sink.
const OUTPUT_CHUNK: usize = 64 * 1024;

/// One entry as its local header describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryHeader {
    pub name: String,
    /// 0 stored, 8 deflate; anything else is refused.
    pub method: u16,
    pub encrypted: bool,
    /// False when the sizes and CRC follow the data in a data descriptor (flag bit 3).
    pub sizes_known: bool,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub crc32: u32,
    zip64: bool,
}

/// What the sink wants done with an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Unpack it and hand its bytes to [`EntrySink::data`].
    Data,
    /// Pass over it (junk, or not what the reader is looking for).
    Skip,
}

/// Whether the sink wants more of the entry's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// The sink has failed or has all it needs: stop reading the archive.
    Stop,
}

/// Receives the entries of an archive as they are read.
pub trait EntrySink {
    /// Called at each entry's local header.
    fn begin(&mut self, entry: &EntryHeader) -> Want;
    /// A piece of the unpacked contents of the entry last begun with [`Want::Data`].
    fn data(&mut self, bytes: &[u8]) -> Flow;
    /// The entry last begun with [`Want::Data`] is complete and its CRC-32 checked.
    fn end(&mut self, _entry: &EntryHeader) {}
}

/// How an archive ended, from [`ZipReader::finish`].
#[derive(Debug, Clone, PartialEq)]
pub struct ZipSummary {
    /// Every entry met, in order.
    pub entries: Vec<String>,
    /// Problems that did not stop the read (a missing end record after complete entries).
    pub warnings: Vec<Diagnostic>,
}

/// Whether an entry is something zipping tools add rather than content: macOS resource forks
/// (`__MACOSX/`, `._name`), Finder and Explorer metadata, and folders.
pub fn is_junk(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.ends_with('/')
        || name.starts_with("__MACOSX/")
        || base.starts_with("._")
        || base == ".DS_Store"
        || base.eq_ignore_ascii_case("Thumbs.db")
}

/// Where the reader is in the archive.
enum State {
    /// Expecting a signature: a local header, or the central directory.
    Header,
    /// Inside an entry's data.
    Data(Entry),
    /// After an entry's data, expecting its data descriptor.
    Descriptor(Entry),
    /// In the central directory: the entries are over.
    Central,
    /// The sink asked to stop.
    Stopped,
}

/// The entry being read.
struct Entry {
    header: EntryHeader,
    want: Want,
    crc: Crc32,
    unpacked: u64,
    /// Compressed bytes still to come, for an entry whose size is known.
    remaining: u64,
}

/// A push-based reader of a zip archive.
pub struct ZipReader {
    file: String,
    state: State,
    /// Bytes of a header or descriptor that has not all arrived yet.
    pending: Vec<u8>,
    /// Bytes of the archive consumed so far.
    offset: u64,
    inflater: Option<Box<InflateState>>,
    output: Vec<u8>,
    entries: Vec<String>,
    central: Vec<u8>,
    failed: Option<Diagnostic>,
}

impl ZipReader {
    /// A reader for the archive called `file` (the name diagnostics use).
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            state: State::Header,
            pending: Vec::new(),
            offset: 0,
            inflater: None,
            output: vec![0; OUTPUT_CHUNK],
            entries: Vec::new(),
            central: Vec::new(),
            failed: None,
        }
    }

    /// Whether `bytes` begin like a zip archive (a local header, or an empty archive's end record).
    pub fn looks_like_zip(bytes: &[u8]) -> bool {
        bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
    }

    /// Reads the next chunk of the archive, handing unpacked data to `sink`. An error is final:
    /// later calls return it again.
    pub fn push(&mut self, chunk: &[u8], sink: &mut dyn EntrySink) -> Result<(), Diagnostic> {
        if let Some(d) = &self.failed {
            return Err(d.clone());
        }
        match self.read(chunk, sink) {
            Ok(()) => Ok(()),
            Err(d) => {
                self.failed = Some(d.clone());
                Err(d)
            }
        }
    }

    fn read(&mut self, mut input: &[u8], sink: &mut dyn EntrySink) -> Result<(), Diagnostic> {
        while !input.is_empty() {
            let state = std::mem::replace(&mut self.state, State::Header);
            self.state = match state {
                State::Header => self.header(&mut input, sink)?,
                State::Data(entry) => self.entry_data(entry, &mut input, sink)?,
                State::Descriptor(entry) => self.descriptor(entry, &mut input, sink)?,
                State::Central => {
                    let room = CENTRAL_KEPT.saturating_sub(self.central.len()).min(input.len());
                    self.central.extend_from_slice(&input[..room]);
                    self.offset += input.len() as u64;
                    input = &[];
                    State::Central
                }
                State::Stopped => {
                    input = &[];
                    State::Stopped
                }
            };
        }
        Ok(())
    }

    /// Moves up to `want` bytes of `input` into `pending` until it holds `want` in all; true once
    /// it does.
    fn fill(&mut self, input: &mut &[u8], want: usize) -> bool {
        let take = want.saturating_sub(self.pending.len()).min(input.len());
        self.pending.extend_from_slice(&input[..take]);
        *input = &input[take..];
        self.offset += take as u64;
        self.pending.len() >= want
    }

    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.file, None, None, message)
    }

    fn header(&mut self, input: &mut &[u8], sink: &mut dyn EntrySink) -> Result<State, Diagnostic> {
        if !self.fill(input, 4) {
            return Ok(State::Header);
        }
        match u32_at(&self.pending, 0) {
            LOCAL_HEADER => {}
            CENTRAL_HEADER | END_OF_CENTRAL_DIRECTORY | ZIP64_END_OF_CENTRAL_DIRECTORY => {
                self.central = std::mem::take(&mut self.pending);
                return Ok(State::Central);
            }
            _ if self.offset <= 4 => {
                return Err(self.error(
                    "is not a zip archive (it does not start with a zip header): load the zip as \
                     downloaded, or the CSV inside it",
                ));
            }
            _ => {
                return Err(self.error(format!(
                    "the zip is damaged: no entry header at byte {} where one should start; download it again",
                    self.offset - 4
                )));
            }
        }
        if !self.fill(input, LOCAL_HEADER_LEN) {
            return Ok(State::Header);
        }
        let name_len = u16_at(&self.pending, 26) as usize;
        let extra_len = u16_at(&self.pending, 28) as usize;
        if !self.fill(input, LOCAL_HEADER_LEN + name_len + extra_len) {
            return Ok(State::Header);
        }
        let header = self.parse_local_header(name_len, extra_len);
        self.pending.clear();
        self.entries.push(header.name.clone());
        let want = sink.begin(&header);
        self.check_readable(&header, want)?;
        if header.method == METHOD_DEFLATE {
            match &mut self.inflater {
                Some(state) => state.reset(DataFormat::Raw),
                None => self.inflater = Some(InflateState::new_boxed(DataFormat::Raw)),
            }
        }
        let remaining = header.compressed_size;
        Ok(State::Data(Entry { header, want, crc: Crc32::new(), unpacked: 0, remaining }))
    }

    fn parse_local_header(&self, name_len: usize, extra_len: usize) -> EntryHeader {
        let p = &self.pending;
        let flags = u16_at(p, 6);
        let name_bytes = &p[LOCAL_HEADER_LEN..LOCAL_HEADER_LEN + name_len];
        let mut header = EntryHeader {
            name: String::from_utf8_lossy(name_bytes).into_owned(),
            method: u16_at(p, 8),
            encrypted: flags & FLAG_ENCRYPTED != 0,
            sizes_known: flags & FLAG_DATA_DESCRIPTOR == 0,
            crc32: u32_at(p, 14),
            compressed_size: u64::from(u32_at(p, 18)),
            uncompressed_size: u64::from(u32_at(p, 22)),
            zip64: false,
        };
        // The zip64 extended information field (header id 1) holds the sizes that do not fit.
        let mut extra = &p[LOCAL_HEADER_LEN + name_len..LOCAL_HEADER_LEN + name_len + extra_len];
        while extra.len() >= 4 {
            let (id, len) = (u16_at(extra, 0), u16_at(extra, 2) as usize);
            let body = &extra[4..(4 + len).min(extra.len())];
            if id == 1 {
                header.zip64 = true;
                let mut fields =
                    body.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
                if header.uncompressed_size == u64::from(u32::MAX) {
                    header.uncompressed_size = fields.next().unwrap_or(0);
                }
                if header.compressed_size == u64::from(u32::MAX) {
                    header.compressed_size = fields.next().unwrap_or(0);
                }
            }
            extra = &extra[(4 + len).min(extra.len())..];
        }
        header
    }

    /// Refuses what cannot be read, or (for a skipped entry) cannot be passed over.
    fn check_readable(&self, h: &EntryHeader, want: Want) -> Result<(), Diagnostic> {
        let name = &h.name;
        if h.encrypted && (want == Want::Data || !h.sizes_known) {
            return Err(self.error(format!(
                "'{name}' in the zip is encrypted (password-protected), which this reader cannot open: \
                 unzip it with its password and load the CSV itself"
            )));
        }
        if h.method != METHOD_STORED && h.method != METHOD_DEFLATE && (want == Want::Data || !h.sizes_known) {
            return Err(self.error(format!(
                "'{name}' in the zip is compressed with method {} ({}), which this reader cannot unpack: \
                 only stored and deflate entries are read; unzip it and load the CSV itself",
                h.method,
                method_name(h.method)
            )));
        }
        if h.method == METHOD_STORED && !h.sizes_known {
            return Err(self.error(format!(
                "'{name}' in the zip is stored uncompressed with its size after the data, so where it ends \
                 cannot be found while reading: unzip it and load the CSV itself"
            )));
        }
        Ok(())
    }

    fn entry_data(
        &mut self,
        mut entry: Entry,
        input: &mut &[u8],
        sink: &mut dyn EntrySink,
    ) -> Result<State, Diagnostic> {
        let passing_over = entry.want == Want::Skip
            && entry.header.sizes_known
            && (entry.header.method != METHOD_DEFLATE || entry.header.encrypted);
        if entry.header.method == METHOD_STORED || passing_over {
            let take = entry.remaining.min(input.len() as u64) as usize;
            let (bytes, rest) = input.split_at(take);
            *input = rest;
            self.offset += take as u64;
            entry.remaining -= take as u64;
            if entry.want == Want::Data && entry.header.method == METHOD_STORED {
                entry.crc.update(bytes);
                entry.unpacked += take as u64;
                if sink.data(bytes) == Flow::Stop {
                    return Ok(State::Stopped);
                }
            }
            return if entry.remaining == 0 { self.entry_done(entry, sink) } else { Ok(State::Data(entry)) };
        }
        self.inflate_data(entry, input, sink)
    }

    fn inflate_data(
        &mut self,
        mut entry: Entry,
        input: &mut &[u8],
        sink: &mut dyn EntrySink,
    ) -> Result<State, Diagnostic> {
        let Some(state) = self.inflater.as_mut() else {
            return Err(self.error("internal error: no inflater for a deflate entry"));
        };
        loop {
            let result = inflate(state, input, &mut self.output, MZFlush::None);
            *input = &input[result.bytes_consumed..];
            self.offset += result.bytes_consumed as u64;
            let written = &self.output[..result.bytes_written];
            entry.unpacked += written.len() as u64;
            if entry.want == Want::Data && !written.is_empty() {
                entry.crc.update(written);
                if sink.data(written) == Flow::Stop {
                    return Ok(State::Stopped);
                }
            }
            let stalled = result.bytes_consumed == 0 && result.bytes_written == 0;
            match result.status {
                Ok(MZStatus::StreamEnd) => return self.entry_done(entry, sink),
                // Every byte given so far is consumed and more is needed.
                Ok(_) | Err(MZError::Buf) if stalled && input.is_empty() => return Ok(State::Data(entry)),
                Ok(_) if !stalled => {}
                _ => {
                    return Err(self.error(format!(
                        "the compressed data of '{}' is damaged (at byte {} of the zip, after {} bytes \
                         were unpacked): download the zip again",
                        entry.header.name, self.offset, entry.unpacked
                    )));
                }
            }
            if input.is_empty() && result.bytes_written < self.output.len() {
                return Ok(State::Data(entry));
            }
        }
    }

    fn entry_done(&mut self, entry: Entry, sink: &mut dyn EntrySink) -> Result<State, Diagnostic> {
        if !entry.header.sizes_known {
            return Ok(State::Descriptor(entry));
        }
        self.check_crc(&entry, entry.header.crc32)?;
        if entry.want == Want::Data {
            sink.end(&entry.header);
        }
        Ok(State::Header)
    }

    fn check_crc(&self, entry: &Entry, expected: u32) -> Result<(), Diagnostic> {
        let actual = entry.crc.value();
        if entry.want == Want::Data && actual != expected {
            return Err(self.error(format!(
                "'{}' in the zip fails its CRC-32 check (computed {actual:08x}, recorded {expected:08x}): \
                 the file is damaged; download it again",
                entry.header.name
            )));
        }
        Ok(())
    }

    fn descriptor(
        &mut self,
        entry: Entry,
        input: &mut &[u8],
        sink: &mut dyn EntrySink,
    ) -> Result<State, Diagnostic> {
        if !self.fill(input, 4) {
            return Ok(State::Descriptor(entry));
        }
        let signed = u32_at(&self.pending, 0) == DATA_DESCRIPTOR;
        let sizes = if entry.header.zip64 { 16 } else { 8 };
        let len = if signed { 4 } else { 0 } + 4 + sizes;
        if !self.fill(input, len) {
            return Ok(State::Descriptor(entry));
        }
        let crc = u32_at(&self.pending, if signed { 4 } else { 0 });
        self.pending.clear();
        self.check_crc(&entry, crc)?;
        if entry.want == Want::Data {
            sink.end(&entry.header);
        }
        Ok(State::Header)
    }

    /// Ends the archive: a zip cut off inside an entry is an error naming the entry; entries
    /// complete but no end record is a warning.
    pub fn finish(self) -> Result<ZipSummary, Diagnostic> {
        if let Some(d) = self.failed {
            return Err(d);
        }
        let mut warnings = Vec::new();
        match &self.state {
            State::Data(entry) | State::Descriptor(entry) => {
                return Err(self.error(format!(
                    "the zip ends in the middle of '{}' (after {} bytes of the zip, {} bytes of it unpacked): \
                     the download was cut short or the file is damaged; download it again",
                    entry.header.name, self.offset, entry.unpacked
                )));
            }
            State::Header if self.entries.is_empty() => {
                return Err(self.error(if self.offset == 0 {
                    "the file is empty: download the zip again".to_string()
                } else {
                    "the zip ends before its first entry: the download was cut short; download it again"
                        .to_string()
                }));
            }
            State::Header => warnings.push(self.error(format!(
                "the zip ends after its entries but before its central directory (after {} bytes): \
                 the file may be cut short; the entries read are complete and their CRC-32 checks passed",
                self.offset
            ))),
            State::Central if !has_end_record(&self.central) => warnings.push(self.error(
                "the zip's end record is missing (the file may be cut short after its entries); the \
                 entries read are complete and their CRC-32 checks passed",
            )),
            State::Central | State::Stopped => {}
        }
        for w in &mut warnings {
            w.severity = super::Severity::Warning;
        }
        Ok(ZipSummary { entries: self.entries, warnings })
    }
}

fn has_end_record(central: &[u8]) -> bool {
    let sig = END_OF_CENTRAL_DIRECTORY.to_le_bytes();
    central.windows(4).any(|w| w == sig)
}

fn method_name(method: u16) -> &'static str {
    match method {
        1 => "shrink",
        6 => "implode",
        9 => "deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "XZ",
        99 => "AES encryption",
        _ => "not a standard method",
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// CRC-32 (ISO-HDLC, polynomial 0xEDB88320 reflected), the checksum zip records for each entry.
#[derive(Debug, Clone, Copy)]
pub struct Crc32(u32);

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

impl Crc32 {
    pub fn new() -> Self {
        Crc32(0xFFFF_FFFF)
    }

    pub fn update(&mut self, bytes: &[u8]) {
        let mut c = self.0;
        for &b in bytes {
            c = CRC_TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
        }
        self.0 = c;
    }

    pub fn value(&self) -> u32 {
        self.0 ^ 0xFFFF_FFFF
    }
}

impl Default for Crc32 {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        let mut c = Crc32::new();
        c.update(b"123456789");
        assert_eq!(c.value(), 0xCBF4_3926);
    }

    #[test]
    fn junk_entries_are_resource_forks_metadata_and_folders() {
        assert!(is_junk("__MACOSX/._20260430-RTT-April-2026-full-extract.csv"));
        assert!(is_junk("data/._x.csv"));
        assert!(is_junk("data/"));
        assert!(is_junk(".DS_Store"));
        assert!(!is_junk("20260430-RTT-April-2026-full-extract.csv"));
    }
}
