//! From the bytes of a file to its text. Files are meant to be UTF-8 (a byte-order mark is
//! allowed and removed), but Excel's plain "CSV (Comma delimited)" writes Windows-1252, and a
//! browser that decodes such a file as UTF-8 turns every £, é or – into U+FFFD silently. So a
//! file that is not valid UTF-8 is read as Windows-1252, which every byte sequence is, with a
//! warning naming the file and the row of the first such byte and saying how to save it as
//! CSV UTF-8; UTF-16 with its byte-order mark (Excel's "Unicode Text") is read as UTF-16.
//!
//! Text that arrives already decoded (a JavaScript string) can only be checked:
//! [`unreadable_characters`] warns when it holds U+FFFD, the mark of a decoding that failed.

use super::Diagnostic;

/// How to fix a file in the wrong encoding, in the words of Excel's Save As dialogue.
const SAVE_AS_UTF8: &str = "in Excel choose File > Save As > \"CSV UTF-8 (Comma delimited)\"";

/// A decoded file: its text and what was noticed on the way (serialisable, so the web shell can
/// hand it to JavaScript as `{text, encoding, diagnostics}`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Decoded {
    pub text: String,
    /// The encoding the text was read as: "UTF-8", "UTF-16LE", "UTF-16BE" or "windows-1252".
    pub encoding: &'static str,
    pub diagnostics: Vec<Diagnostic>,
}

/// Windows-1252's bytes 0x80-0x9F; the five it leaves undefined map to the C1 controls of the
/// same number, as the WHATWG Encoding Standard's decoder does.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}',
    '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9f => CP1252_HIGH[(b - 0x80) as usize],
        // Latin-1 and ASCII map to the code point of the same number.
        _ => char::from(b),
    }
}

/// The 1-based line of byte `at` in `bytes`.
fn line_of(bytes: &[u8], at: usize) -> usize {
    1 + bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count()
}

fn utf16(bytes: &[u8], little_endian: bool) -> String {
    let units = bytes.chunks_exact(2).map(|p| {
        let pair = [p[0], p[1]];
        if little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    });
    char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// Decodes a file's bytes: UTF-8 (without its byte-order mark), UTF-16 when it starts with a
/// UTF-16 byte-order mark, and otherwise Windows-1252 with a warning naming `file`.
pub fn decode(file: &str, bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return decode_utf8_or_cp1252(file, rest);
    }
    for (bom, little, encoding) in [(b"\xff\xfe", true, "UTF-16LE"), (b"\xfe\xff", false, "UTF-16BE")] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let mut diagnostics = Vec::new();
            if rest.len() % 2 == 1 {
                diagnostics.push(Diagnostic::warning(
                    file,
                    None,
                    None,
                    format!(
                        "the file is {encoding} but ends half-way through a character: it may be cut short"
                    ),
                ));
            }
            return Decoded { text: utf16(rest, little), encoding, diagnostics };
        }
    }
    decode_utf8_or_cp1252(file, bytes)
}

fn decode_utf8_or_cp1252(file: &str, bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: text.to_string(), encoding: "UTF-8", diagnostics: Vec::new() },
        Err(e) => {
            let row = line_of(bytes, e.valid_up_to());
            Decoded {
                text: bytes.iter().map(|&b| cp1252(b)).collect(),
                encoding: "windows-1252",
                diagnostics: vec![Diagnostic::warning(
                    file,
                    Some(row),
                    None,
                    format!(
                        "the file is not UTF-8 (the first byte that is not is on row {row}), so it was read as \
                         Windows-1252, the encoding of Excel's plain \"CSV (Comma delimited)\": check that names \
                         with accents or symbols (é, £, –) look right, or to be sure {SAVE_AS_UTF8} and load it again"
                    ),
                )],
            }
        }
    }
}

/// A warning when already-decoded `text` holds U+FFFD (characters that could not be read, most
/// often a Windows-1252 file decoded as UTF-8), naming the row of the first.
pub fn unreadable_characters(file: &str, text: &str) -> Option<Diagnostic> {
    let at = text.find(char::REPLACEMENT_CHARACTER)?;
    let row = line_of(text.as_bytes(), at);
    let count = text.matches(char::REPLACEMENT_CHARACTER).count();
    Some(Diagnostic::warning(
        file,
        Some(row),
        None,
        format!(
            "{count} character{} could not be read (shown as \u{fffd}), the first on row {row}: the file was \
             probably saved in another encoding than UTF-8; {SAVE_AS_UTF8} and load it again",
            if count == 1 { "" } else { "s" }
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_read_as_it_is_and_its_byte_order_mark_removed() {
        let d = decode("a.csv", "\u{feff}code,name\nRM3,Salford – Royal £\n".as_bytes());
        assert_eq!(d.text, "code,name\nRM3,Salford – Royal £\n");
        assert_eq!((d.encoding, d.diagnostics.len()), ("UTF-8", 0));
    }

    #[test]
    fn an_excel_windows_1252_file_is_read_as_windows_1252_with_a_warning_naming_the_file_and_row() {
        // "Hôpital – £5" as Excel's plain CSV writes it: ô = F4, en dash = 96, pound = A3.
        let bytes = b"code,name\nRM3,H\xf4pital \x96 \xa35\n";
        let d = decode("trusts.csv", bytes);
        assert_eq!(d.text, "code,name\nRM3,Hôpital – £5\n");
        assert_eq!(d.encoding, "windows-1252");
        let w = &d.diagnostics[0];
        assert_eq!(
            (w.file.as_str(), w.row, w.severity),
            ("trusts.csv", Some(2), crate::data::Severity::Warning)
        );
        assert!(w.message.contains("CSV UTF-8"), "{}", w.message);
    }

    #[test]
    fn every_byte_decodes_and_the_undefined_ones_become_c1_controls() {
        let all: Vec<u8> = (0..=255).collect();
        let d = decode("x", &all);
        assert_eq!(d.text.chars().count(), 256);
        assert_eq!(d.text.chars().nth(0x81), Some('\u{81}'));
        assert_eq!(d.text.chars().nth(0x80), Some('€'));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_as_utf16() {
        let mut le = vec![0xff, 0xfe];
        le.extend("a,é\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode("u.txt", &le).text, "a,é\n");
        let mut be = vec![0xfe, 0xff];
        be.extend("a,é\n".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode("u.txt", &be).encoding, "UTF-16BE");
        assert_eq!(decode("u.txt", &be).text, "a,é\n");
    }

    #[test]
    fn replacement_characters_in_decoded_text_are_reported_with_their_row() {
        let w = unreadable_characters("ae.csv", "a\nb\nH\u{fffd}pital \u{fffd}\n").unwrap();
        assert_eq!(w.row, Some(3));
        assert!(w.message.starts_with("2 characters could not be read"), "{}", w.message);
        assert_eq!(unreadable_characters("ae.csv", "fine"), None);
    }
}
