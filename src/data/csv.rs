//! A small RFC 4180 CSV reader: quoted fields with doubled quotes, commas and newlines inside
//! quotes, CRLF or LF line ends, a UTF-8 byte-order mark. Each record keeps the line it starts
//! on so every diagnostic can name the row a spreadsheet would show.

use super::Diagnostic;

/// One record and the 1-based line of the file it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Splits `text` into records. Blank lines are skipped (they carry no data); an unterminated
/// quote is an error naming the line where the quoted field began.
pub fn parse(file: &str, text: &str) -> Result<Vec<Record>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut quote_line = 0;
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut field_started = false;

    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                in_quotes = true;
                quote_line = line;
                field_started = true;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                field_started = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if field_started || !field.is_empty() || !fields.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    records.push(Record { line: record_line, fields: std::mem::take(&mut fields) });
                }
                field_started = false;
                line += 1;
                record_line = line;
            }
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err(Diagnostic::error(
            file,
            Some(quote_line),
            None,
            "a quoted field is never closed: add the closing double quote (\")",
        ));
    }
    if field_started || !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(Record { line: record_line, fields });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_reads_quoted_commas_doubled_quotes_and_crlf() {
        let recs = parse("f.csv", "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n").unwrap();
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[1].fields, vec!["x, y", "say \"hi\""]);
        assert_eq!(recs[1].line, 2);
    }

    #[test]
    fn csv_keeps_the_starting_line_of_a_multiline_record_and_skips_blank_lines() {
        let recs = parse("f.csv", "h\n\n\"two\nlines\",x\nlast\n").unwrap();
        assert_eq!(recs.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 3, 5]);
        assert_eq!(recs[1].fields[0], "two\nlines");
    }

    #[test]
    fn csv_names_the_line_of_an_unclosed_quote() {
        let err = parse("f.csv", "a\nb\n\"open,x\n").unwrap_err();
        assert_eq!(err.row, Some(3));
        assert!(err.message.contains("never closed"));
    }

    #[test]
    fn csv_keeps_trailing_empty_fields() {
        let recs = parse("f.csv", "a,,\n").unwrap();
        assert_eq!(recs[0].fields, vec!["a", "", ""]);
    }
}
