//! Converts NHS England's "Digital Maturity Assessment 2024 and 2025 results" workbook into the
//! bundled format, matching provider names to ODS codes through the committed crosswalk:
//!
//! ```sh
//! cargo run --example convert_dma -- tests/fixtures/dma/dma_2024_2025_results.xlsx www/data/dma/
//! ```
//!
//! Reads the ODS trust list `www/data/ods/etr_2026.csv` and the reviewed decisions (manual and
//! unmatched rows) of `OUT/crosswalk.csv`, writes `OUT/dma_2024_2025.csv` and `OUT/crosswalk.csv`,
//! prints the report, and exits 1 when the report has errors. The workbook is read with calamine
//! into the crate's plain [`Workbook`] (the library itself never depends on a spreadsheet reader);
//! `tests/dma_published.rs` runs the same conversion and checks the bundled files byte for byte.

#[cfg(not(target_arch = "wasm32"))]
use nhs_benchmark::data::ods;
#[cfg(not(target_arch = "wasm32"))]
use nhs_benchmark::maturity::crosswalk;
#[cfg(not(target_arch = "wasm32"))]
use nhs_benchmark::maturity::dma_convert::{self, Conversion};
#[cfg(not(target_arch = "wasm32"))]
use nhs_benchmark::maturity::workbook::{Cell, Sheet, Workbook};
#[cfg(not(target_arch = "wasm32"))]
use std::path::Path;

/// Reads an `.xlsx` file into a [`Workbook`], cells at their spreadsheet positions, sheets in
/// workbook order with their hidden flag.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_xlsx(path: &Path) -> Result<Workbook, String> {
    use calamine::{Data, Reader, SheetVisible, Xlsx, open_workbook};
    let mut xlsx: Xlsx<_> = open_workbook(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file =
        path.file_name().map_or_else(|| path.display().to_string(), |f| f.to_string_lossy().into_owned());
    let meta: Vec<(String, bool)> =
        xlsx.sheets_metadata().iter().map(|s| (s.name.clone(), s.visible != SheetVisible::Visible)).collect();
    let mut sheets = Vec::new();
    for (name, hidden) in meta {
        let range = xlsx.worksheet_range(&name).map_err(|e| format!("{file}, sheet '{name}': {e}"))?;
        let (r0, c0) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); r0];
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; c0];
            cells.extend(row.iter().map(|d| match d {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Float(x) => Cell::Number(*x),
                Data::Int(i) => Cell::Number(*i as f64),
                Data::Bool(b) => Cell::Bool(*b),
                Data::Error(e) => Cell::Error(e.to_string()),
                Data::DateTime(d) => Cell::Number(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
            }));
            rows.push(cells);
        }
        sheets.push(Sheet { name, hidden, rows });
    }
    Ok(Workbook { file, sheets })
}

/// Converts the workbook at `xlsx` with the ODS list at `etr` and the decisions in the crosswalk
/// at `crosswalk_path` (which need not exist yet).
#[cfg(not(target_arch = "wasm32"))]
pub fn convert_files(xlsx: &Path, etr: &Path, crosswalk_path: &Path) -> Result<Conversion, String> {
    let workbook = read_xlsx(xlsx)?;
    let etr_text = std::fs::read_to_string(etr).map_err(|e| format!("{}: {e}", etr.display()))?;
    let trusts = ods::read_etr("etr_2026.csv", &etr_text).map_err(|e| e.to_string())?;
    let decisions = match std::fs::read_to_string(crosswalk_path) {
        Ok(text) => crosswalk::read_crosswalk("crosswalk.csv", &text).map_err(|e| e.to_string())?,
        Err(_) => Vec::new(),
    };
    Ok(dma_convert::convert(&workbook, &trusts, "crosswalk.csv", &decisions))
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)] // Used when run as an example; the tests include this file for its reader.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(xlsx), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo run --example convert_dma -- RESULTS.xlsx OUT_DIR [ETR_CSV]");
        std::process::exit(2);
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let etr = args.get(2).map_or_else(|| root.join("www/data/ods/etr_2026.csv"), |p| p.into());
    let out = Path::new(out);
    let cross = out.join("crosswalk.csv");
    let conversion = match convert_files(Path::new(xlsx), &etr, &cross) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let write = |name: &str, text: String| {
        if let Err(e) = std::fs::create_dir_all(out).and_then(|_| std::fs::write(out.join(name), text)) {
            eprintln!("{}: {e}", out.join(name).display());
            std::process::exit(1);
        }
    };
    write("dma_2024_2025.csv", conversion.results_csv());
    write("crosswalk.csv", conversion.crosswalk.to_csv());
    print!("{}", conversion.report_text());
    if conversion.errors() > 0 {
        std::process::exit(1);
    }
}

#[cfg(target_arch = "wasm32")]
#[allow(dead_code)]
fn main() {}
