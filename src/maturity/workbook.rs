//! A spreadsheet workbook as plain cells: sheets by name, rows of cells, each a number, text,
//! boolean, error or nothing. The conversion of published results reads this, not a spreadsheet
//! library, so the crate (and the page) never depends on one: a host-side converter fills it from
//! an `.xlsx` file (`examples/convert_dma.rs` uses calamine), and tests build one by hand.
//!
//! Rows and columns are 0-based here and shown 1-based with column letters ("D12") in messages, as
//! a spreadsheet shows them.

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A formula error as the spreadsheet shows it (`#N/A`, `#DIV/0!`).
    Error(String),
}

impl Cell {
    /// The text, trimmed, if the cell holds text.
    pub fn text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t.trim()),
            _ => None,
        }
    }

    /// Whether the cell is empty or holds only spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as people would read it in a message.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => "an empty cell".to_string(),
            Cell::Text(t) => format!("'{}'", t.trim()),
            Cell::Number(x) => format!("{x}"),
            Cell::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
            Cell::Error(e) => format!("the error {e}"),
        }
    }
}

/// One sheet: its name as the workbook spells it (trailing spaces and all), whether it is hidden,
/// and its cells from A1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The cell at 0-based `row` and `col` (empty past the edges).
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        const EMPTY: Cell = Cell::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }

    /// Whether every cell of the row is blank.
    pub fn row_is_blank(&self, row: usize) -> bool {
        self.rows.get(row).is_none_or(|r| r.iter().all(Cell::is_blank))
    }
}

/// A workbook: the file name (for messages) and its sheets in workbook order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Workbook {
    pub file: String,
    pub sheets: Vec<Sheet>,
}

/// The spreadsheet letters of a 0-based column: 0 is A, 25 is Z, 26 is AA.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell reference as a spreadsheet shows it: `cell_ref(11, 3)` is "D12".
pub fn cell_ref(row: usize, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(cell_ref(11, 3), "D12");
    }
}
