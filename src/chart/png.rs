//! The PNG export's recipe. The browser encodes the chart's pixels (the canvas's `toBlob`); this
//! writes the chart's recipe (the spec with every choice resolved, the JSON the SVG export carries
//! in its `<metadata>`) into that PNG as an `iTXt` chunk with the keyword
//! [`RECIPE_KEYWORD`], just before `IEND`, so the image alone can re-create the chart. `iTXt`
//! (W3C PNG Specification, Third Edition, 11.3.3.4) rather than `tEXt`, because a recipe is UTF-8
//! (`tEXt` is Latin-1); uncompressed, so any PNG reader shows it as it is.

use crate::error::{Error, ErrorKind};

/// The keyword of the chunk that carries the recipe.
pub const RECIPE_KEYWORD: &str = "nhs-benchmark-recipe";
/// The keyword of the note that stands in for a recipe too large to embed (as in the SVG).
pub const OMITTED_KEYWORD: &str = "nhs-benchmark-recipe-omitted";

/// The eight bytes every PNG file starts with (PNG Specification, 5.2).
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// CRC-32 as PNG chunks use it (PNG Specification, Annex D: ISO 3309 / ITU-T V.42, the reflected
/// polynomial 0xEDB88320, starting from and finished with all ones).
pub fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for part in parts {
        for &byte in *part {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
    }
    !crc
}

/// One chunk: length, type, data and the CRC of type and data.
fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
    out
}

/// An uncompressed `iTXt` chunk: keyword, NUL, compression flag 0, method 0, an empty language
/// tag and translated keyword (each NUL-ended), then the text in UTF-8.
pub fn itxt_chunk(keyword: &str, text: &str) -> Vec<u8> {
    let mut data = Vec::with_capacity(keyword.len() + text.len() + 5);
    data.extend_from_slice(keyword.as_bytes());
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(text.as_bytes());
    chunk(b"iTXt", &data)
}

/// A chunk of a PNG file as [`chunks`] walks them: its type and data.
pub struct Chunk<'a> {
    pub kind: [u8; 4],
    pub data: &'a [u8],
    /// Where the chunk starts in the file (its length field).
    pub start: usize,
}

fn not_png(why: &str) -> Error {
    Error::new(
        ErrorKind::Data,
        "png.invalid",
        "",
        format!("the chart's PNG could not be read ({why}): export it again"),
    )
}

/// The chunks of `png`, checked for the signature, complete lengths and an `IEND`.
pub fn chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>, Error> {
    if !png.starts_with(&SIGNATURE) {
        return Err(not_png("it does not start with the PNG signature"));
    }
    let mut out = Vec::new();
    let mut at = SIGNATURE.len();
    while at < png.len() {
        let head = png.get(at..at + 8).ok_or_else(|| not_png("a chunk is cut short"))?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        let end = (at + 12).checked_add(len).filter(|&e| e <= png.len());
        let end = end.ok_or_else(|| not_png("a chunk is longer than the file"))?;
        out.push(Chunk { kind, data: &png[at + 8..end - 4], start: at });
        at = end;
        if &kind == b"IEND" {
            return Ok(out);
        }
    }
    Err(not_png("it has no IEND chunk"))
}

/// The keyword and text of a `tEXt` or uncompressed `iTXt` chunk.
pub fn text_of(chunk: &Chunk<'_>) -> Option<(String, String)> {
    let nul = chunk.data.iter().position(|&b| b == 0)?;
    let keyword = String::from_utf8_lossy(&chunk.data[..nul]).into_owned();
    let rest = &chunk.data[nul + 1..];
    match &chunk.kind {
        // Latin-1: each byte is the code point of the same number.
        b"tEXt" => Some((keyword, rest.iter().map(|&b| char::from(b)).collect())),
        b"iTXt" if rest.first() == Some(&0) => {
            // Compression flag and method, then the language tag and translated keyword.
            let mut fields = rest.get(2..)?.splitn(3, |&b| b == 0);
            let (_language, _translated, text) = (fields.next()?, fields.next()?, fields.next()?);
            Some((keyword, String::from_utf8(text.to_vec()).ok()?))
        }
        _ => None,
    }
}

/// `png` with `recipe` written in as an `iTXt` chunk before `IEND`, replacing any recipe it
/// carried. A recipe over [`super::svg::MAX_RECIPE_BYTES`] is left out, as in the SVG, and a
/// note under [`OMITTED_KEYWORD`] says so.
pub fn with_recipe(png: &[u8], recipe: &str) -> Result<Vec<u8>, Error> {
    let chunks = chunks(png)?;
    let added = if recipe.len() <= super::svg::MAX_RECIPE_BYTES {
        itxt_chunk(RECIPE_KEYWORD, recipe)
    } else {
        let note = format!(
            "The recipe is {} bytes, over the {} embedded: save the spec separately to re-create this chart.",
            recipe.len(),
            super::svg::MAX_RECIPE_BYTES
        );
        itxt_chunk(OMITTED_KEYWORD, &note)
    };
    let mut out = Vec::with_capacity(png.len() + added.len());
    out.extend_from_slice(&SIGNATURE);
    for c in &chunks {
        let ours = text_of(c).is_some_and(|(k, _)| k == RECIPE_KEYWORD || k == OMITTED_KEYWORD);
        if &c.kind == b"IEND" {
            out.extend_from_slice(&added);
        }
        if !ours {
            out.extend_from_slice(&png[c.start..c.start + c.data.len() + 12]);
        }
    }
    Ok(out)
}

/// The recipe a PNG carries, if any.
pub fn recipe(png: &[u8]) -> Option<String> {
    chunks(png).ok()?.iter().filter_map(text_of).find(|(k, _)| k == RECIPE_KEYWORD).map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1x1 grey PNG: IHDR (8-bit greyscale), one IDAT (zlib of the filter byte and the pixel), IEND.
    fn tiny_png() -> Vec<u8> {
        let mut png = SIGNATURE.to_vec();
        png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
        png.extend(chunk(b"IDAT", &miniz_oxide::deflate::compress_to_vec_zlib(&[0, 0x80], 6)));
        png.extend(chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn crc32_matches_the_published_check_value_and_the_iend_chunk_of_every_png() {
        // The CRC-32 check value of "123456789" (ITU-T V.42 / the catalogue of parametrised CRCs).
        assert_eq!(crc32(&[b"123456789"]), 0xCBF4_3926);
        // Every PNG ends with the same 12 bytes: length 0, "IEND", CRC AE 42 60 82.
        assert_eq!(chunk(b"IEND", &[]), [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82]);
        assert_eq!(crc32(&[b"IE", b"ND"]), crc32(&[b"IEND"]), "parts are one stream");
    }

    #[test]
    fn the_recipe_goes_in_just_before_iend_and_reads_back_as_it_was() {
        let spec = r#"{"view":"ranked","focus":"RM3","title":"Salford – “A&E” ✓"}"#;
        let png = with_recipe(&tiny_png(), spec).unwrap();
        let kinds: Vec<_> = chunks(&png).unwrap().iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [*b"IHDR", *b"IDAT", *b"iTXt", *b"IEND"]);
        assert_eq!(recipe(&png).as_deref(), Some(spec));
        assert!(png.ends_with(&chunk(b"IEND", &[])));
        // The chunk's CRC covers its type and data.
        let c = &chunks(&png).unwrap()[2];
        let stored = &png[c.start + 8 + c.data.len()..c.start + 12 + c.data.len()];
        assert_eq!(stored, crc32(&[b"iTXt", c.data]).to_be_bytes());
    }

    #[test]
    fn writing_a_recipe_twice_keeps_one_and_the_same_recipe_gives_the_same_bytes() {
        let once = with_recipe(&tiny_png(), r#"{"focus":"RM3"}"#).unwrap();
        let twice =
            with_recipe(&with_recipe(&tiny_png(), r#"{"focus":"RBL"}"#).unwrap(), r#"{"focus":"RM3"}"#)
                .unwrap();
        assert_eq!(once, twice);
        assert_eq!(once, with_recipe(&tiny_png(), r#"{"focus":"RM3"}"#).unwrap());
    }

    #[test]
    fn a_recipe_over_the_limit_is_left_out_with_a_note() {
        let huge = format!(r#"{{"title":"{}"}}"#, "x".repeat(super::super::svg::MAX_RECIPE_BYTES));
        let png = with_recipe(&tiny_png(), &huge).unwrap();
        assert_eq!(recipe(&png), None);
        let notes: Vec<_> = chunks(&png).unwrap().iter().filter_map(text_of).collect();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, OMITTED_KEYWORD);
        assert!(notes[0].1.contains("save the spec separately"), "{}", notes[0].1);
    }

    #[test]
    fn a_file_that_is_not_a_whole_png_is_an_error_not_a_panic() {
        let png = tiny_png();
        for bad in [&b"GIF89a"[..], &png[..7], &png[..20], &png[..png.len() - 12], &png[..png.len() - 1]] {
            let err = with_recipe(bad, "{}").unwrap_err();
            assert_eq!(err.code, "png.invalid");
            assert!(err.message.starts_with("the chart's PNG could not be read"), "{}", err.message);
        }
        let mut huge_length = png.clone();
        huge_length[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(with_recipe(&huge_length, "{}").is_err());
    }

    #[test]
    fn a_latin1_text_chunk_is_read_too() {
        let mut png = tiny_png();
        let end = png.len() - 12;
        let text = chunk(b"tEXt", b"nhs-benchmark-recipe\0{\"title\":\"caf\xe9\"}");
        png.splice(end..end, text);
        assert_eq!(recipe(&png).as_deref(), Some(r#"{"title":"café"}"#));
    }
}
