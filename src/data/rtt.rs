//! NHS England's Consultant-led Referral to Treatment (RTT) waiting times, read from the monthly
//! "full CSV extract" as NHS England publishes it (the zip as downloaded, or the CSV inside it),
//! into the tidy model: one organisation per provider, and per provider and treatment function
//! the waiting list (incomplete pathways, `Part_2`), the share waiting 18 weeks or less, the
//! number and share waiting more than 52 weeks, and the median and 92nd-percentile waits.
//!
//! The file is read as a stream ([`RttImporter`]): bytes arrive in chunks, the zip is unpacked
//! as they come ([`super::zip`]), and each CSV row is added into per-provider week-band counts
//! at once, so the 82 MB CSV is never held whole. The extract has one row per provider,
//! commissioner, part and treatment function; rows are summed over commissioners. Its columns:
//!
//! - `Period` (`RTT-April-2026`), provider, provider parent (the ICB), commissioner, `RTT Part
//!   Type` (`Part_1A` completed admitted, `Part_1B` completed non-admitted, `Part_2` incomplete
//!   pathways: the waiting list, `Part_2A` incomplete with a decision to admit, `Part_3` new
//!   periods) and treatment function (`C_999` is the total over functions);
//! - 105 week bands, `Gt 00 To 01 Weeks SUM 1` (more than 0, up to 1 week) to `Gt 103 To 104
//!   Weeks SUM 1` and the open `Gt 104 Weeks SUM 1`; a blank band means none;
//! - `Total`, `Patients with unknown clock start date`, `Total All`. For `Part_2` rows `Total`
//!   and the unknown-clock-start column are blank and `Total All` is the sum of the bands, which
//!   is checked row by row.
//!
//! The measures follow NHS England's published definitions (NHS England, "Consultant-led
//! Referral to Treatment Waiting Times" statistics): the NHS Constitution standard is that more
//! than 92% of patients on incomplete pathways have been waiting no more than 18 weeks, so the
//! 18-week share is the bands up to `Gt 17 To 18 Weeks` over all incomplete pathways with a
//! known clock start (in this extract every `Part_2` pathway has one); "52-week waits" are the
//! bands from `Gt 52 To 53 Weeks` up, and their share has the 2025/26 planning target of under
//! 1% of the waiting list (NHS England, "2025/26 priorities and operational planning guidance");
//! the median and 92nd percentile are interpolated within the week band that holds them
//! ([`crate::stats::banded::banded_quantile`]).
//!
//! Providers are told apart by the ODS list of NHS trusts (`etr.csv`): a provider in it (open in
//! the period) is an "NHS trust" with the list's region; any other provider is an "Independent
//! sector provider", with the region of the ICB the extract places it under. A provider missing
//! from the list whose name says it is an NHS trust is kept as one, with a warning to update the
//! list. England is an aggregate row (`level = national`) summed over every provider, NHS and
//! independent, as NHS England's England figures are; it carries the shares and waits, not the
//! counts, so a provider's waiting list is never benchmarked against England's.

use super::csv as whole_csv;
use super::csv_stream::{CsvReader, Ending, Record};
use super::zip::{self, EntryHeader, EntrySink, Flow, Want, ZipReader};
use super::{
    Attribute, Dataset, Diagnostic, DiagnosticList, LEVEL_ATTRIBUTE, LEVEL_NATIONAL, LoadError, LoadReport,
    Metric, MetricKind, Observations, Organisation, Polarity, Severity, display_name,
};
use crate::stats::banded::banded_quantile;
use std::collections::{BTreeMap, HashMap};

/// The attribution line for charts of this data.
pub const ATTRIBUTION: &str = "Source: NHS England, Consultant-led Referral to Treatment Waiting Times; NHS Digital, \
Organisation Data Service. Contains public sector information licensed under the Open Government Licence v3.0.";

/// The measures, each a metric id on the total over treatment functions and, with `.` and the
/// function code after it, per function (`rtt_within_18_weeks.C_110`).
pub const WITHIN_18_WEEKS: &str = "rtt_within_18_weeks";
pub const OVER_52_WEEKS: &str = "rtt_over_52_weeks";
pub const OVER_52_WEEKS_SHARE: &str = "rtt_over_52_weeks_share";
pub const WAITING_LIST: &str = "rtt_waiting_list";
pub const MEDIAN_WAIT: &str = "rtt_median_wait";
pub const P92_WAIT: &str = "rtt_p92_wait";
/// The six headline metrics (all treatment functions), in the order offered: what a spine of the
/// RTT measures shows.
pub const HEADLINE_METRICS: [&str; 6] =
    [WITHIN_18_WEEKS, OVER_52_WEEKS_SHARE, MEDIAN_WAIT, P92_WAIT, WAITING_LIST, OVER_52_WEEKS];
/// The treatment function code of the total over functions.
pub const TOTAL_FUNCTION: &str = "C_999";
/// The code of England's aggregate row (the ONS code for England).
pub const ENGLAND_CODE: &str = "E92000001";
/// The `type` attribute of providers in the ODS list of NHS trusts.
pub const TYPE_NHS_TRUST: &str = "NHS trust";
/// The `type` attribute of every other provider.
pub const TYPE_INDEPENDENT: &str = "Independent sector provider";
/// Numeric organisation attribute: the waiting list (all functions, latest period), for
/// nearest-neighbour peer groups by size.
pub const ATTR_WAITING_LIST: &str = "rtt_waiting_list";

/// The metric id of a measure for a treatment function (the bare measure for the total).
pub fn metric_id(measure: &str, function: &str) -> String {
    if function == TOTAL_FUNCTION { measure.to_string() } else { format!("{measure}.{function}") }
}

const PART_WAITING_LIST: &[u8] = b"Part_2";
/// Limits that keep a hostile file (a zip bomb of endless rows or providers) from taking the
/// page's memory, far above any real extract: its rows are about 400 bytes, a month has about
/// 64,000 waiting-list rows and 4,200 provider and function groups.
const MAX_ROW_BYTES: usize = 64 * 1024;
const MAX_WAITING_LIST_ROWS: usize = 2_000_000;
const MAX_GROUPS: usize = 200_000;
const COL_PERIOD: &str = "Period";
const COL_PROVIDER: &str = "Provider Org Code";
const COL_PROVIDER_NAME: &str = "Provider Org Name";
const COL_PARENT: &str = "Provider Parent Org Code";
const COL_PARENT_NAME: &str = "Provider Parent Name";
const COL_COMMISSIONER: &str = "Commissioner Org Code";
const COL_PART: &str = "RTT Part Type";
const COL_FUNCTION: &str = "Treatment Function Code";
const COL_FUNCTION_NAME: &str = "Treatment Function Name";
const COL_UNKNOWN_START: &str = "Patients with unknown clock start date";
const COL_TOTAL_ALL: &str = "Total All";
const REQUIRED: [&str; 7] =
    [COL_PERIOD, COL_PROVIDER, COL_PROVIDER_NAME, COL_PART, COL_FUNCTION, COL_FUNCTION_NAME, COL_TOTAL_ALL];
const WHAT_THE_FILE_IS: &str = "the RTT full CSV extract as NHS England publishes it has the columns Period, Provider \
Parent Org Code, Provider Parent Name, Provider Org Code, Provider Org Name, Commissioner ..., RTT Part Type, RTT \
Part Description, Treatment Function Code, Treatment Function Name, the week bands 'Gt 00 To 01 Weeks SUM 1' to \
'Gt 104 Weeks SUM 1', Total, Patients with unknown clock start date and Total All: download the 'Full CSV data \
file' for the month from NHS England's RTT waiting times page";
const PARTS: [(&str, &str); 5] = [
    ("Part_1A", "completed pathways, admitted"),
    ("Part_1B", "completed pathways, non-admitted"),
    ("Part_2", "incomplete pathways"),
    ("Part_2A", "incomplete pathways with a decision to admit"),
    ("Part_3", "new RTT periods"),
];

/// Where the columns are, from the header.
struct Layout {
    width: usize,
    period: usize,
    provider: usize,
    provider_name: usize,
    parent: Option<usize>,
    parent_name: Option<usize>,
    commissioner: Option<usize>,
    part: usize,
    function: usize,
    function_name: usize,
    unknown: Option<usize>,
    total_all: usize,
    /// The week-band columns in order, and their edges (one more; the last may be infinite).
    bands: Vec<usize>,
    band_names: Vec<String>,
    edges: Vec<f64>,
    /// Bands `..within_18` are waits of 18 weeks or less; bands `over_52..` are over 52 weeks.
    within_18: usize,
    over_52: usize,
}

/// A week-band column's edges: `Gt 17 To 18 Weeks SUM 1` is (17, 18), `Gt 104 Weeks SUM 1` is
/// (104, infinity).
fn band_edges(name: &str) -> Option<(f64, f64)> {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        ["Gt", lo, "To", hi, "Weeks", "SUM", "1"] => Some((lo.parse().ok()?, hi.parse().ok()?)),
        ["Gt", lo, "Weeks", "SUM", "1"] => Some((lo.parse().ok()?, f64::INFINITY)),
        _ => None,
    }
}

impl Layout {
    fn read(file: &str, header: &Record<'_>) -> Result<Layout, LoadError> {
        let names: Vec<String> = (0..header.len()).map(|i| header.text(i).into_owned()).collect();
        let find = |n: &str| names.iter().position(|h| h.eq_ignore_ascii_case(n));
        let header_error = |column: Option<&str>, message: String| {
            LoadError::one(Diagnostic::error(file, Some(header.line), column, message))
        };
        let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| find(c).is_none()).collect();
        if !missing.is_empty() {
            return Err(header_error(
                Some(missing[0]),
                format!(
                    "missing column{} {}: {WHAT_THE_FILE_IS}",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join(", ")
                ),
            ));
        }
        let mut bands = Vec::new();
        let mut band_names = Vec::new();
        let mut edges = vec![0.0];
        for (i, name) in names.iter().enumerate() {
            let Some((lo, hi)) = band_edges(name) else { continue };
            let last = *edges.last().unwrap_or(&0.0);
            if lo != last || !last.is_finite() {
                return Err(header_error(
                    Some(name),
                    format!(
                        "the week bands must follow on from 0 weeks without gaps, but '{name}' comes after a band \
                         ending at {last} weeks: {WHAT_THE_FILE_IS}"
                    ),
                ));
            }
            bands.push(i);
            band_names.push(name.clone());
            edges.push(hi);
        }
        let edge = |w: f64| edges.iter().position(|&e| e == w);
        let (Some(within_18), Some(over_52)) = (edge(18.0), edge(52.0)) else {
            return Err(header_error(
                None,
                format!(
                    "the week bands must include 'Gt 17 To 18 Weeks SUM 1' and 'Gt 52 To 53 Weeks SUM 1' (found {} \
                     bands): {WHAT_THE_FILE_IS}",
                    bands.len()
                ),
            ));
        };
        if over_52 >= bands.len() {
            return Err(header_error(None, format!("no week band starts at 52 weeks: {WHAT_THE_FILE_IS}")));
        }
        let col = |n: &str| find(n).unwrap_or(0);
        Ok(Layout {
            width: names.len(),
            period: col(COL_PERIOD),
            provider: col(COL_PROVIDER),
            provider_name: col(COL_PROVIDER_NAME),
            parent: find(COL_PARENT),
            parent_name: find(COL_PARENT_NAME),
            commissioner: find(COL_COMMISSIONER),
            part: col(COL_PART),
            function: col(COL_FUNCTION),
            function_name: col(COL_FUNCTION_NAME),
            unknown: find(COL_UNKNOWN_START),
            total_all: col(COL_TOTAL_ALL),
            bands,
            band_names,
            edges,
            within_18,
            over_52,
        })
    }
}

/// A period as the extract names it (`RTT-April-2026`): the ISO date of the month's first day
/// and a label ("April 2026").
fn parse_period(text: &str) -> Option<(String, String)> {
    let rest = text.trim().strip_prefix("RTT-").or_else(|| text.trim().strip_prefix("rtt-"))?;
    let (month, year) = rest.split_once('-')?;
    let m = super::MONTH_NAMES.iter().position(|name| {
        name.eq_ignore_ascii_case(month) || (month.len() == 3 && name[..3].eq_ignore_ascii_case(month))
    })?;
    let y: u16 = year.parse().ok().filter(|y| (1990..=2200).contains(y))?;
    Some((format!("{y:04}-{:02}-01", m + 1), format!("{} {y}", super::MONTH_NAMES[m])))
}

/// A count cell: blank is 0; otherwise plain digits.
fn parse_count(bytes: &[u8]) -> Option<u64> {
    let bytes = bytes.trim_ascii();
    let mut n: u64 = 0;
    for &b in bytes {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

/// A provider as the extract names it (met in a waiting-list row).
struct Provider {
    code: String,
    name: String,
    parent: String,
    parent_name: String,
}

/// Week-band counts of one period, provider and treatment function, summed over commissioners.
struct Histogram {
    period: u32,
    provider: u32,
    function: u32,
    bands: Vec<u64>,
    unknown: u64,
}

/// The rows as they are added up.
#[derive(Default)]
struct Sums {
    periods: Vec<(String, String)>,
    period_index: HashMap<String, u32>,
    providers: Vec<Provider>,
    provider_index: HashMap<String, u32>,
    functions: Vec<(String, String)>,
    function_index: HashMap<String, u32>,
    commissioner_index: HashMap<String, u32>,
    histograms: Vec<Histogram>,
    histogram_index: HashMap<(u32, u32, u32), u32>,
    /// Waiting-list rows seen, by (period, provider, commissioner, function), with their line.
    seen: HashMap<(u32, u32, u32, u32), usize>,
    /// Rows of other parts, by part.
    not_used: BTreeMap<String, usize>,
    /// Providers met only in rows of other parts so far: code and name.
    other_providers: BTreeMap<String, String>,
    total_all_mismatches: usize,
    first_mismatch: Option<usize>,
}

fn intern(index: &mut HashMap<String, u32>, key: &str, mut add: impl FnMut()) -> u32 {
    if let Some(&i) = index.get(key) {
        return i;
    }
    let i = index.len() as u32;
    index.insert(key.to_string(), i);
    add();
    i
}

/// What identifies a waiting-list row, and the names that go with it.
struct RowKeys {
    period: (String, String),
    provider: String,
    provider_name: String,
    parent: String,
    parent_name: String,
    commissioner: String,
    function: String,
    function_name: String,
}

/// The CSV side of an import: the reader, the layout once the header is read, the sums.
struct Extract {
    file: String,
    reader: CsvReader,
    layout: Option<Layout>,
    sums: Sums,
    diagnostics: DiagnosticList,
    rows_read: usize,
    rows_used: usize,
    rows_skipped: usize,
    /// The last record, held back until the next one arrives, so that a last line cut short can
    /// be told apart (it is judged in [`Extract::finish`]).
    held: Option<HeldRow>,
    fatal: Option<LoadError>,
    scratch: Vec<u64>,
}

/// A record held back: its line (0 for none) and fields.
#[derive(Default)]
struct HeldRow {
    line: usize,
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Extract {
    fn new(file: &str) -> Self {
        Self {
            file: file.to_string(),
            reader: CsvReader::new(file).with_record_limit(MAX_ROW_BYTES),
            layout: None,
            sums: Sums::default(),
            diagnostics: DiagnosticList::default(),
            rows_read: 0,
            rows_used: 0,
            rows_skipped: 0,
            held: None,
            fatal: None,
            scratch: Vec::new(),
        }
    }

    fn push(&mut self, chunk: &[u8]) -> bool {
        if self.fatal.is_some() {
            return false;
        }
        // The reader is moved out while it calls back into `self` (an empty reader allocates nothing).
        let mut reader = std::mem::replace(&mut self.reader, CsvReader::new(""));
        let keep_going = reader.push(chunk, &mut |r| self.record(r));
        if let Some(d) = reader.take_error() {
            self.fatal.get_or_insert(LoadError::one(d));
        }
        self.reader = reader;
        keep_going && self.fatal.is_none()
    }

    fn record(&mut self, r: Record<'_>) -> bool {
        if self.layout.is_none() {
            match Layout::read(&self.file, &r) {
                Ok(layout) => {
                    self.scratch = vec![0; layout.bands.len()];
                    self.layout = Some(layout);
                    return true;
                }
                Err(e) => {
                    self.fatal = Some(e);
                    return false;
                }
            }
        }
        // Keep this record until the next arrives (or the input ends), reusing the buffers.
        let mut held = self.held.take().unwrap_or_default();
        if held.line > 0 {
            self.row(held.line, &held.bytes, &held.ends);
            if self.fatal.is_some() {
                return false;
            }
        }
        held.line = r.line;
        held.bytes.clear();
        held.ends.clear();
        for i in 0..r.len() {
            held.bytes.extend_from_slice(r.bytes(i));
            held.ends.push(held.bytes.len());
        }
        self.held = Some(held);
        true
    }

    /// One data row: a waiting-list row is validated and added; a row of another part is
    /// counted as not used.
    fn row(&mut self, line: usize, bytes: &[u8], ends: &[usize]) {
        let field = |i: usize| -> &[u8] {
            match ends.get(i) {
                Some(&end) => &bytes[if i == 0 { 0 } else { ends[i - 1] }..end],
                None => &[],
            }
        };
        self.rows_read += 1;
        let Some(layout) = self.layout.as_ref() else { return };
        if ends.len() != layout.width {
            self.skip(
                line,
                None,
                format!(
                    "expected {} fields as in the header, found {}: the row is skipped",
                    layout.width,
                    ends.len()
                ),
            );
            return;
        }
        let part = field(layout.part).trim_ascii();
        if part != PART_WAITING_LIST {
            let sums = &mut self.sums;
            match sums.not_used.get_mut(&*String::from_utf8_lossy(part)) {
                Some(n) => *n += 1,
                None => {
                    sums.not_used.insert(String::from_utf8_lossy(part).into_owned(), 1);
                }
            }
            // Remember providers met here, to report any that never have waiting-list rows.
            let code = String::from_utf8_lossy(field(layout.provider));
            let code = code.trim();
            if !sums.provider_index.contains_key(code) && !sums.other_providers.contains_key(code) {
                let name = String::from_utf8_lossy(field(layout.provider_name)).trim().to_string();
                sums.other_providers.insert(code.to_string(), name);
            }
            return;
        }
        match self.waiting_list_row(line, &field) {
            Ok(()) => self.rows_used += 1,
            Err((column, message)) => self.skip(line, column.as_deref(), message),
        }
        if self.rows_used > MAX_WAITING_LIST_ROWS || self.sums.histograms.len() > MAX_GROUPS {
            self.fatal = Some(LoadError::one(Diagnostic::error(
                &self.file,
                Some(line),
                None,
                format!(
                    "more than {MAX_WAITING_LIST_ROWS} waiting-list rows or {MAX_GROUPS} provider and treatment \
                     function groups: far more than NHS England's extracts have (a month has about 64,000 rows), so \
                     this is not an RTT extract; load one month's full CSV extract"
                ),
            )));
        }
    }

    fn skip(&mut self, line: usize, column: Option<&str>, message: String) {
        self.rows_skipped += 1;
        self.diagnostics.push(Diagnostic::error(&self.file, Some(line), column, message));
    }

    /// Validates one `Part_2` row and adds it to its histogram.
    fn waiting_list_row<'b>(
        &mut self,
        line: usize,
        field: &dyn Fn(usize) -> &'b [u8],
    ) -> Result<(), (Option<String>, String)> {
        let Some(layout) = self.layout.as_ref() else { return Ok(()) };
        let text = |i: usize| String::from_utf8_lossy(field(i)).trim().to_string();
        let period_text = text(layout.period);
        let Some((iso, label)) = parse_period(&period_text) else {
            return Err((
                Some(COL_PERIOD.into()),
                format!("'{period_text}' is not an RTT period such as RTT-April-2026: the row is skipped"),
            ));
        };
        let provider = text(layout.provider);
        let function = text(layout.function);
        for (value, column) in [(&provider, COL_PROVIDER), (&function, COL_FUNCTION)] {
            if value.is_empty() {
                return Err((Some(column.into()), "is empty: the row is skipped".into()));
            }
        }
        for (k, &c) in layout.bands.iter().enumerate() {
            match parse_count(field(c)) {
                Some(n) => self.scratch[k] = n,
                None => {
                    return Err((
                        Some(layout.band_names[k].clone()),
                        format!(
                            "'{}' is not a whole number of pathways (week-band counts are whole numbers; blank \
                             means none): the row is skipped",
                            text(c)
                        ),
                    ));
                }
            }
        }
        let unknown = match layout.unknown.map(|c| parse_count(field(c))) {
            None => 0,
            Some(Some(n)) => n,
            Some(None) => {
                return Err((
                    Some(COL_UNKNOWN_START.into()),
                    format!(
                        "'{}' is not a whole number of pathways: the row is skipped",
                        text(layout.unknown.unwrap_or(0))
                    ),
                ));
            }
        };
        let Some(total_all) = parse_count(field(layout.total_all)) else {
            return Err((
                Some(COL_TOTAL_ALL.into()),
                format!("'{}' is not a whole number of pathways: the row is skipped", text(layout.total_all)),
            ));
        };
        let banded: u64 = self.scratch.iter().sum();
        if banded + unknown != total_all {
            self.sums.total_all_mismatches += 1;
            self.sums.first_mismatch.get_or_insert(line);
        }
        let keys = RowKeys {
            period: (iso, label),
            provider_name: text(layout.provider_name),
            parent: layout.parent.map(text).unwrap_or_default(),
            parent_name: layout.parent_name.map(text).unwrap_or_default(),
            commissioner: layout.commissioner.map(text).unwrap_or_default(),
            function_name: text(layout.function_name),
            provider,
            function,
        };
        self.add(line, keys, unknown)
    }

    /// Adds a validated row (its week bands in `scratch`) to its histogram, unless it repeats one.
    fn add(&mut self, line: usize, k: RowKeys, unknown: u64) -> Result<(), (Option<String>, String)> {
        let s = &mut self.sums;
        let p = intern(&mut s.period_index, &k.period.0, || s.periods.push(k.period.clone()));
        let o = intern(&mut s.provider_index, &k.provider, || {
            s.providers.push(Provider {
                code: k.provider.clone(),
                name: k.provider_name.clone(),
                parent: k.parent.clone(),
                parent_name: k.parent_name.clone(),
            })
        });
        let f = intern(&mut s.function_index, &k.function, || {
            s.functions.push((k.function.clone(), k.function_name.clone()))
        });
        let c = intern(&mut s.commissioner_index, &k.commissioner, || {});
        if let Some(&first) = s.seen.get(&(p, o, c, f)) {
            return Err((
                None,
                format!(
                    "repeats row {first} (the same period, provider, commissioner and treatment function): it is \
                     counted once, so this row is skipped"
                ),
            ));
        }
        s.seen.insert((p, o, c, f), line);
        let next = s.histograms.len() as u32;
        let h = *s.histogram_index.entry((p, o, f)).or_insert(next);
        if h == next {
            s.histograms.push(Histogram {
                period: p,
                provider: o,
                function: f,
                bands: vec![0; self.scratch.len()],
                unknown: 0,
            });
        }
        let hist = &mut s.histograms[h as usize];
        for (total, &n) in hist.bands.iter_mut().zip(&self.scratch) {
            *total += n;
        }
        hist.unknown += unknown;
        Ok(())
    }

    /// Ends the CSV: `cut_short` when the container (a zip) ended early, so the record under way
    /// is incomplete whatever it looks like.
    fn finish(&mut self, cut_short: bool) -> Result<(), LoadError> {
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        let mut reader = std::mem::replace(&mut self.reader, CsvReader::new(""));
        let ending = if cut_short { Ok(Ending::Complete) } else { reader.finish(&mut |r| self.record(r)) };
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        if self.layout.is_none() {
            return Err(LoadError::one(Diagnostic::error(
                &self.file,
                None,
                None,
                format!("the file is empty or has only part of its header: {WHAT_THE_FILE_IS}"),
            )));
        }
        let held = self.held.take().filter(|h| h.line > 0);
        match (ending, held) {
            (Ok(Ending::Unterminated { line }), Some(row)) if !self.whole(&row) => {
                self.rows_read += 1;
                self.skip(
                    line,
                    None,
                    "the last line is cut short (it has no line end, and its fields are incomplete or do not add \
                     up): the file seems truncated; download it again. The rows before it are kept"
                        .into(),
                );
            }
            (ending, held) => {
                if let Some(row) = held {
                    self.row(row.line, &row.bytes, &row.ends);
                }
                if let Err(mut d) = ending {
                    // A quoted field left open at the end: the last record is cut short.
                    d.message.push_str(". That row is skipped; the rows before it are kept");
                    self.rows_read += 1;
                    self.rows_skipped += 1;
                    self.diagnostics.push(d);
                }
            }
        }
        if cut_short && reader.in_record() {
            self.rows_read += 1;
            self.skip(
                reader.record_line(),
                None,
                "the row is cut off where the zip ends: it is skipped; the rows before it are kept".into(),
            );
        }
        Ok(())
    }

    /// Whether a last row without a line end is whole: all its fields, and for a waiting-list
    /// row a `Total All` equal to its bands (a number cut short would not add up).
    fn whole(&self, row: &HeldRow) -> bool {
        let Some(layout) = &self.layout else { return false };
        if row.ends.len() != layout.width {
            return false;
        }
        let field = |i: usize| &row.bytes[if i == 0 { 0 } else { row.ends[i - 1] }..row.ends[i]];
        if field(layout.part).trim_ascii() != PART_WAITING_LIST {
            return true;
        }
        let bands: Option<u64> = layout.bands.iter().map(|&c| parse_count(field(c))).sum();
        let unknown = layout.unknown.map_or(Some(0), |c| parse_count(field(c)));
        matches!((bands, unknown, parse_count(field(layout.total_all))), (Some(b), Some(u), Some(t)) if b + u == t)
    }
}

/// What the zip held besides the extract.
#[derive(Default)]
struct ZipContents {
    /// The CSV entry read, once met.
    csv: Option<String>,
    csv_complete: bool,
    /// Entries not read, with why.
    passed_over: Vec<(String, &'static str)>,
}

/// The zip reader's sink: the first CSV entry goes to the extract.
struct ZipSink<'a> {
    archive: &'a str,
    extract: &'a mut Option<Extract>,
    contents: &'a mut ZipContents,
}

impl EntrySink for ZipSink<'_> {
    fn begin(&mut self, entry: &EntryHeader) -> Want {
        let name = &entry.name;
        if zip::is_junk(name) {
            self.contents.passed_over.push((name.clone(), "added by the zipping tool (not data)"));
            return Want::Skip;
        }
        if !name.to_ascii_lowercase().ends_with(".csv") {
            self.contents.passed_over.push((name.clone(), "not a CSV file"));
            return Want::Skip;
        }
        if self.contents.csv.is_some() {
            self.contents
                .passed_over
                .push((name.clone(), "a second CSV: only the first CSV in the zip is read"));
            return Want::Skip;
        }
        self.contents.csv = Some(name.clone());
        *self.extract = Some(Extract::new(&format!("{}/{name}", self.archive)));
        Want::Data
    }

    fn data(&mut self, bytes: &[u8]) -> Flow {
        let keep_going = self.extract.as_mut().is_some_and(|e| e.push(bytes));
        if keep_going { Flow::Continue } else { Flow::Stop }
    }

    fn end(&mut self, _entry: &EntryHeader) {
        self.contents.csv_complete = true;
    }
}

/// What the input turned out to be.
enum Container {
    /// Fewer than four bytes so far.
    Undecided(Vec<u8>),
    Csv,
    Zip(Box<ZipReader>),
}

/// Imports an RTT full extract pushed in chunks (the zip as downloaded, or its CSV): create it
/// with the file's name, [`push`](RttImporter::push) the bytes as they arrive, then
/// [`finish`](RttImporter::finish) with the ODS trust list.
pub struct RttImporter {
    file: String,
    container: Container,
    extract: Option<Extract>,
    contents: ZipContents,
    bytes_read: u64,
    fatal: Option<LoadError>,
}

impl RttImporter {
    /// An importer for the file called `file_name` (the name every diagnostic gives).
    pub fn new(file_name: &str) -> Self {
        Self {
            file: file_name.to_string(),
            container: Container::Undecided(Vec::new()),
            extract: None,
            contents: ZipContents::default(),
            bytes_read: 0,
            fatal: None,
        }
    }

    /// Bytes pushed so far (of the file as given: the zip's compressed bytes), for progress.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Data rows of the CSV read so far, for progress.
    pub fn rows_read(&self) -> usize {
        self.extract.as_ref().map_or(0, |e| e.rows_read)
    }

    /// Reads the next chunk. An error is final (the file is not an RTT extract, or the zip is
    /// damaged): stop pushing and show it; [`finish`](RttImporter::finish) returns it too.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        if let Some(e) = &self.fatal {
            return Err(e.clone());
        }
        self.bytes_read += chunk.len() as u64;
        let result = self.read(chunk);
        if let Err(e) = &result {
            self.fatal = Some(e.clone());
        }
        result
    }

    fn read(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        if let Container::Undecided(start) = &mut self.container {
            start.extend_from_slice(chunk);
            if start.len() < 4 {
                return Ok(());
            }
            let start = std::mem::take(start);
            self.container = if ZipReader::looks_like_zip(&start) {
                Container::Zip(Box::new(ZipReader::new(&self.file)))
            } else {
                self.extract = Some(Extract::new(&self.file));
                Container::Csv
            };
            return self.read_decided(&start);
        }
        self.read_decided(chunk)
    }

    fn read_decided(&mut self, chunk: &[u8]) -> Result<(), LoadError> {
        match &mut self.container {
            Container::Undecided(_) => Ok(()),
            Container::Csv => {
                let extract = self.extract.as_mut().expect("a CSV import has its extract");
                extract.push(chunk);
                extract.fatal.clone().map_or(Ok(()), Err)
            }
            Container::Zip(reader) => {
                let mut sink =
                    ZipSink { archive: &self.file, extract: &mut self.extract, contents: &mut self.contents };
                reader.push(chunk, &mut sink).map_err(LoadError::one)?;
                match self.extract.as_ref().and_then(|e| e.fatal.clone()) {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
        }
    }

    /// Ends the input and builds the dataset, with names, types and regions from the ODS list of
    /// NHS trusts (`etr.csv`, no header). A zip or CSV cut short keeps the rows read before the
    /// cut and says so in the report.
    pub fn finish(mut self, ods_file: &str, ods_text: &str) -> Result<Dataset, LoadError> {
        if let Some(e) = self.fatal.take() {
            return Err(e);
        }
        let trusts = read_trusts(ods_file, ods_text)?;
        let mut notes = Vec::new();
        let mut cut_short = false;
        match std::mem::replace(&mut self.container, Container::Csv) {
            Container::Undecided(start) => {
                // Under four bytes in all: read as CSV (it cannot be a whole zip).
                let mut extract = Extract::new(&self.file);
                extract.push(&start);
                self.extract = Some(extract);
            }
            Container::Csv => {}
            Container::Zip(reader) => match reader.finish() {
                Ok(summary) => notes.extend(summary.warnings),
                Err(d) if self.contents.csv_complete => {
                    notes.push(Diagnostic { severity: Severity::Warning, ..d })
                }
                Err(mut d) if self.contents.csv.is_some() => {
                    d.message
                        .push_str(". The rows read before the cut are kept; the figures cover only them");
                    notes.push(d);
                    cut_short = true;
                }
                Err(d) => return Err(LoadError::one(d)),
            },
        }
        let Some(mut extract) = self.extract.take() else {
            return Err(self.no_csv());
        };
        extract.finish(cut_short)?;
        notes.extend(self.zip_notes());
        build(extract, &trusts, notes)
    }

    fn no_csv(&self) -> LoadError {
        let held: Vec<&str> = self.contents.passed_over.iter().map(|(n, _)| n.as_str()).collect();
        let workbook = held.iter().any(|n| n.starts_with("xl/") || *n == "[Content_Types].xml");
        let message = if workbook {
            "is an Excel workbook, not the RTT full CSV extract: NHS England's provider and commissioner \
             workbooks are summaries; download the 'Full CSV data file' zip for the month instead"
                .to_string()
        } else {
            format!(
                "the zip holds no CSV file ({}): the RTT full extract zip holds one CSV, such as \
                 20260430-RTT-April-2026-full-extract.csv; download the 'Full CSV data file' for the month",
                if held.is_empty() {
                    "it is empty".to_string()
                } else {
                    format!("it holds {}", held.join(", "))
                }
            )
        };
        LoadError::one(Diagnostic::error(&self.file, None, None, message))
    }

    fn zip_notes(&self) -> Vec<Diagnostic> {
        self.contents
            .passed_over
            .iter()
            .map(|(name, why)| {
                Diagnostic::warning(&self.file, None, None, format!("'{name}' in the zip is not used: {why}"))
            })
            .collect()
    }
}

/// Imports a whole file already in memory (the zip or the CSV), in chunks as a page would.
pub fn load(file_name: &str, bytes: &[u8], ods_file: &str, ods_text: &str) -> Result<Dataset, LoadError> {
    let mut importer = RttImporter::new(file_name);
    for chunk in bytes.chunks(1 << 20) {
        importer.push(chunk)?;
    }
    importer.finish(ods_file, ods_text)
}

/// One measure, derived for every treatment function.
struct Measure {
    id: &'static str,
    title: &'static str,
    unit: &'static str,
    kind: MetricKind,
    polarity: Polarity,
    multiplier: f64,
    target: Option<f64>,
    /// Whether England's row carries it (the shares and waits do; counts are not benchmarks).
    for_england: bool,
}

/// The measures, in the order offered. Targets: the NHS Constitution's 92% within 18 weeks; the
/// 2025/26 planning guidance's under 1% of the waiting list over 52 weeks (for March 2026); an
/// 18-week 92nd percentile is the same standard read the other way round.
const MEASURES: [Measure; 6] = [
    Measure {
        id: WITHIN_18_WEEKS,
        title: "RTT waits of 18 weeks or less",
        unit: "%",
        kind: MetricKind::Proportion,
        polarity: Polarity::HigherIsBetter,
        multiplier: 100.0,
        target: Some(92.0),
        for_england: true,
    },
    Measure {
        id: OVER_52_WEEKS_SHARE,
        title: "RTT waits over 52 weeks, share of the waiting list",
        unit: "%",
        kind: MetricKind::Proportion,
        polarity: Polarity::LowerIsBetter,
        multiplier: 100.0,
        target: Some(1.0),
        for_england: true,
    },
    Measure {
        id: MEDIAN_WAIT,
        title: "RTT median wait",
        unit: "weeks",
        kind: MetricKind::Value,
        polarity: Polarity::LowerIsBetter,
        multiplier: 1.0,
        target: None,
        for_england: true,
    },
    Measure {
        id: P92_WAIT,
        title: "RTT 92nd percentile wait",
        unit: "weeks",
        kind: MetricKind::Value,
        polarity: Polarity::LowerIsBetter,
        multiplier: 1.0,
        target: Some(18.0),
        for_england: true,
    },
    Measure {
        id: WAITING_LIST,
        title: "RTT waiting list",
        unit: "pathways",
        kind: MetricKind::Value,
        polarity: Polarity::NoJudgement,
        multiplier: 1.0,
        target: None,
        for_england: false,
    },
    Measure {
        id: OVER_52_WEEKS,
        title: "RTT waits over 52 weeks",
        unit: "pathways",
        kind: MetricKind::Value,
        polarity: Polarity::NoJudgement,
        multiplier: 1.0,
        target: None,
        for_england: false,
    },
];

/// The figures of one histogram.
struct Figures {
    /// Pathways with a known clock start (the week bands).
    known: u64,
    /// The waiting list: known and unknown clock starts.
    waiting: u64,
    within_18: u64,
    over_52: u64,
    median: Option<f64>,
    p92: Option<f64>,
}

fn figures(layout: &Layout, bands: &[u64], unknown: u64) -> Figures {
    let known: u64 = bands.iter().sum();
    let counts: Vec<f64> = bands.iter().map(|&n| n as f64).collect();
    // The edges and counts are valid by construction; an error here would be a bug, so it gives
    // no value rather than a panic.
    let quantile = |p: f64| banded_quantile(&layout.edges, &counts, p).ok().flatten();
    Figures {
        known,
        waiting: known + unknown,
        within_18: bands[..layout.within_18].iter().sum(),
        over_52: bands[layout.over_52..].iter().sum(),
        median: quantile(0.5),
        p92: quantile(0.92),
    }
}

/// Counts of figures that could not be given, for the report.
#[derive(Default)]
struct Gaps {
    no_pathways: usize,
    median_open: usize,
    p92_open: usize,
}

fn push_figures(
    obs: &mut Observations,
    (org, period, first_metric): (u32, u32, u32),
    f: &Figures,
    england: bool,
    gaps: &mut Gaps,
) {
    let known = f.known as f64;
    for (k, measure) in MEASURES.iter().enumerate() {
        if england && !measure.for_england {
            continue;
        }
        let metric = first_metric + k as u32;
        let (numerator, denominator, value) = match measure.id {
            WITHIN_18_WEEKS if f.known > 0 => (Some(f.within_18 as f64), Some(known), None),
            OVER_52_WEEKS_SHARE if f.known > 0 => (Some(f.over_52 as f64), Some(known), None),
            MEDIAN_WAIT => (None, None, f.median),
            P92_WAIT => (None, None, f.p92),
            WAITING_LIST => (None, None, Some(f.waiting as f64)),
            OVER_52_WEEKS => (None, None, Some(f.over_52 as f64)),
            _ => (None, None, None),
        };
        if numerator.is_none() && value.is_none() {
            if !england {
                match measure.id {
                    _ if f.known == 0 => gaps.no_pathways += usize::from(measure.id == WITHIN_18_WEEKS),
                    MEDIAN_WAIT => gaps.median_open += 1,
                    P92_WAIT => gaps.p92_open += 1,
                    _ => {}
                }
            }
            continue;
        }
        obs.push(org, metric, period, numerator, denominator, value);
    }
}

/// The ODS list of NHS trusts: each trust's name, region, ICB and open and close dates.
struct Trust {
    name: String,
    region: String,
    open: String,
    close: String,
}

struct Trusts {
    by_code: HashMap<String, Trust>,
    /// The region of each ICB (column 4), from the open trusts in it.
    icb_region: HashMap<String, String>,
}

/// Regions by the ODS national grouping code in column 3 of `etr.csv`: the NHS England regions
/// of the 2026 list, and the older groupings.
fn region_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "Y56" => "London",
        "Y58" => "South West",
        "Y59" => "South East",
        "Y60" => "Midlands",
        "Y61" => "East of England",
        "Y62" => "North West",
        "Y63" => "North East and Yorkshire",
        "Y54" => "North of England",
        "Y55" => "Midlands and East of England",
        "Y57" => "South of England",
        "W00" => "Wales",
        _ => return None,
    })
}

fn read_trusts(file: &str, text: &str) -> Result<Trusts, LoadError> {
    let records = whole_csv::parse(file, text).map_err(LoadError::one)?;
    let mut errors = Vec::new();
    let mut by_code = HashMap::new();
    let mut icb_regions: HashMap<String, Vec<String>> = HashMap::new();
    for r in &records {
        let field = |i: usize| r.fields.get(i).map_or("", |f| f.trim());
        if r.fields.len() < 4 || field(0).is_empty() {
            errors.push(Diagnostic::error(
                file,
                Some(r.line),
                None,
                format!(
                    "expected the ODS etr.csv layout (code, name, national grouping, ICB, ..., open date, close \
                     date), found {} fields{}: use the NHS trust list (etr.csv) from NHS Digital's ODS",
                    r.fields.len(),
                    if field(0).is_empty() { " and no code" } else { "" }
                ),
            ));
            continue;
        }
        let region = region_name(field(2)).unwrap_or("Unknown").to_string();
        if field(11).is_empty() && !field(3).is_empty() {
            icb_regions.entry(field(3).to_string()).or_default().push(region.clone());
        }
        by_code.insert(
            field(0).to_ascii_uppercase(),
            Trust {
                name: display_name(field(1)),
                region,
                open: field(10).to_string(),
                close: field(11).to_string(),
            },
        );
    }
    if !errors.is_empty() {
        let total = errors.len();
        errors.truncate(LoadError::KEPT);
        return Err(LoadError { diagnostics: errors, total });
    }
    // An ICB is placed in a region only when all its open trusts agree.
    let icb_region = icb_regions
        .into_iter()
        .filter_map(|(icb, regions)| {
            let first = regions.first()?.clone();
            (first != "Unknown" && regions.iter().all(|r| *r == first)).then_some((icb, first))
        })
        .collect();
    Ok(Trusts { by_code, icb_region })
}

/// The organisation for a provider: an NHS trust when the ODS list has it (or, with a warning,
/// when its name says it is one), otherwise an independent sector provider.
fn provider_organisation(
    file: &str,
    p: &Provider,
    trusts: &Trusts,
    (first, last): (&str, &str),
    notes: &mut Vec<Diagnostic>,
) -> Organisation {
    let mut attributes = BTreeMap::new();
    let text = |s: &str| Attribute::Text(s.to_string());
    let icb_region = trusts.icb_region.get(&p.parent).cloned();
    let (name, kind, region) = match trusts.by_code.get(&p.code.to_ascii_uppercase()) {
        Some(t) => {
            // Dates are YYYYMMDD: open by the end of the last month, not closed before the first.
            let (month_start, month_end) =
                (first.replace('-', ""), format!("{}31", &last.replace('-', "")[..6]));
            if !(t.open.is_empty() || t.open <= month_end) || !(t.close.is_empty() || t.close >= month_start)
            {
                notes.push(Diagnostic::warning(
                    file,
                    None,
                    Some(COL_PROVIDER),
                    format!(
                        "{} ({}) is in the ODS trust list but not open in the period (opened {}, closed {}): kept as \
                         an NHS trust",
                        p.code,
                        t.name,
                        if t.open.is_empty() { "?" } else { &t.open },
                        if t.close.is_empty() { "-" } else { &t.close }
                    ),
                ));
            }
            (t.name.clone(), TYPE_NHS_TRUST, Some(t.region.clone()))
        }
        None if named_as_nhs_trust(&p.name) => {
            notes.push(Diagnostic::warning(
                file,
                None,
                Some(COL_PROVIDER),
                format!(
                    "{} ({}) is not in the ODS trust list, but its name says it is an NHS trust: it is kept as an NHS \
                     trust{}; use a newer trust list (etr.csv) that has it",
                    p.code,
                    display_name(&p.name),
                    if icb_region.is_some() { ", with the region of its ICB" } else { "" }
                ),
            ));
            (display_name(&p.name), TYPE_NHS_TRUST, None)
        }
        None => (display_name(&p.name), TYPE_INDEPENDENT, None),
    };
    attributes.insert("type".to_string(), text(kind));
    attributes.insert("region".to_string(), text(&region.or(icb_region).unwrap_or_else(|| "Unknown".into())));
    if !p.parent.is_empty() {
        attributes.insert("icb".to_string(), text(&p.parent));
        attributes.insert("icb_name".to_string(), text(&display_name(&p.parent_name)));
    }
    Organisation {
        code: p.code.clone(),
        name: if name.is_empty() { p.code.clone() } else { name },
        attributes,
    }
}

fn named_as_nhs_trust(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper.ends_with("NHS TRUST") || upper.ends_with("NHS FOUNDATION TRUST")
}

/// The treatment functions in the order offered: the total first, then by code.
fn function_order(functions: &[(String, String)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..functions.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| {
        let key = |i: usize| (functions[i].0 != TOTAL_FUNCTION, functions[i].0.clone());
        key(a).cmp(&key(b))
    });
    order
}

fn metrics_for(functions: &[(String, String)], order: &[usize], source: &str) -> Vec<Metric> {
    let mut metrics = Vec::with_capacity(order.len() * MEASURES.len());
    for &f in order {
        let (code, name) = &functions[f];
        let what = if code == TOTAL_FUNCTION { "all treatment functions".to_string() } else { name.clone() };
        for m in &MEASURES {
            metrics.push(Metric {
                id: metric_id(m.id, code),
                title: format!("{}, {what}", m.title),
                unit: m.unit.to_string(),
                kind: m.kind,
                polarity: m.polarity,
                multiplier: m.multiplier,
                source: source.to_string(),
                target: m.target,
            });
        }
    }
    metrics
}

/// Builds the dataset from the sums: organisations, metrics, observations and the report.
fn build(extract: Extract, trusts: &Trusts, mut notes: Vec<Diagnostic>) -> Result<Dataset, LoadError> {
    let Extract { file, layout, sums, diagnostics, rows_read, rows_used, rows_skipped, .. } = extract;
    let Some(layout) = layout else {
        return Err(LoadError::one(Diagnostic::error(&file, None, None, WHAT_THE_FILE_IS)));
    };
    let row_problems = diagnostics.finish(&file);
    if sums.histograms.is_empty() {
        return Err(no_rows(&file, &sums, (rows_read, rows_skipped), row_problems));
    }
    let periods = PeriodOrder::of(&sums);
    let span = (periods.iso[0].as_str(), periods.iso[periods.iso.len() - 1].as_str());
    let (mut organisations, org_of) = organisations(&file, &sums, trusts, span, &mut notes);
    let order = function_order(&sums.functions);
    let source =
        format!("NHS England, Consultant-led RTT Waiting Times, {} (incomplete pathways)", periods.when);
    let metrics = metrics_for(&sums.functions, &order, &source);
    let mut first_metric = vec![0u32; sums.functions.len()];
    for (rank, &f) in order.iter().enumerate() {
        first_metric[f] = (rank * MEASURES.len()) as u32;
    }
    let keys = ObservationKeys { org_of: &org_of, period_rank: &periods.rank, first_metric: &first_metric };
    let (observations, gaps) = observations(&layout, &sums, &keys, &mut organisations);

    let mut all: Vec<Diagnostic> = notes.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    all.extend(row_problems);
    all.extend(notes.into_iter().filter(|d| d.severity == Severity::Warning));
    all.extend(summary_notes(&file, &sums, &gaps, &layout));
    all.extend(without_waiting_list(&file, &sums));
    Ok(Dataset {
        organisations,
        metrics,
        periods: periods.iso,
        observations,
        report: LoadReport { rows_read, rows_used, rows_skipped, diagnostics: all },
        attribution: format!(
            "Source: NHS England, Consultant-led Referral to Treatment Waiting Times, {}; NHS Digital, \
             Organisation Data Service. Contains public sector information licensed under the Open Government \
             Licence v3.0.",
            periods.when
        ),
    })
}

/// The error when no waiting-list row could be used, with the row problems that explain why.
fn no_rows(file: &str, sums: &Sums, (read, skipped): (usize, usize), problems: Vec<Diagnostic>) -> LoadError {
    let mut kept = vec![Diagnostic::error(
        file,
        None,
        None,
        format!(
            "no waiting-list rows (RTT Part Type Part_2, incomplete pathways) could be used: {read} rows read, \
             {skipped} skipped{}; {WHAT_THE_FILE_IS}",
            not_used_summary(&sums.not_used).map(|s| format!(", {s}")).unwrap_or_default()
        ),
    )];
    kept.extend(problems);
    let total = kept.len();
    kept.truncate(LoadError::KEPT);
    LoadError { diagnostics: kept, total }
}

/// The periods in date order: ISO dates, each period's rank, and "April 2026" (or a range).
struct PeriodOrder {
    iso: Vec<String>,
    rank: Vec<u32>,
    when: String,
}

impl PeriodOrder {
    fn of(sums: &Sums) -> Self {
        let mut order: Vec<usize> = (0..sums.periods.len()).collect();
        crate::order::sort_by(&mut order, |&a, &b| sums.periods[a].0.cmp(&sums.periods[b].0));
        let mut rank = vec![0u32; sums.periods.len()];
        for (r, &p) in order.iter().enumerate() {
            rank[p] = r as u32;
        }
        let labels: Vec<&str> = order.iter().map(|&p| sums.periods[p].1.as_str()).collect();
        let when = match (labels.first(), labels.last()) {
            (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        Self { iso: order.iter().map(|&p| sums.periods[p].0.clone()).collect(), rank, when }
    }
}

/// Providers with waiting-list rows, by code, then England; and each provider's organisation
/// index.
fn organisations(
    file: &str,
    sums: &Sums,
    trusts: &Trusts,
    span: (&str, &str),
    notes: &mut Vec<Diagnostic>,
) -> (Vec<Organisation>, Vec<u32>) {
    // Only waiting-list rows add providers, so every one has figures.
    let mut order: Vec<usize> = (0..sums.providers.len()).collect();
    crate::order::sort_by(&mut order, |&a, &b| sums.providers[a].code.cmp(&sums.providers[b].code));
    let mut org_of = vec![u32::MAX; sums.providers.len()];
    let mut organisations = Vec::with_capacity(order.len() + 1);
    for &p in &order {
        org_of[p] = organisations.len() as u32;
        organisations.push(provider_organisation(file, &sums.providers[p], trusts, span, notes));
    }
    organisations.push(Organisation {
        code: ENGLAND_CODE.to_string(),
        name: "England".to_string(),
        attributes: BTreeMap::from([(
            LEVEL_ATTRIBUTE.to_string(),
            Attribute::Text(LEVEL_NATIONAL.to_string()),
        )]),
    });
    (organisations, org_of)
}

/// Where a histogram's figures go: its organisation, period and first metric.
struct ObservationKeys<'a> {
    org_of: &'a [u32],
    period_rank: &'a [u32],
    first_metric: &'a [u32],
}

/// Every provider's figures, then England's (summed over all providers), and each provider's
/// waiting list (all functions, latest period) as an attribute.
fn observations(
    layout: &Layout,
    sums: &Sums,
    keys: &ObservationKeys<'_>,
    organisations: &mut [Organisation],
) -> (Observations, Gaps) {
    let mut obs = Observations::default();
    let mut gaps = Gaps::default();
    let mut national: BTreeMap<(u32, u32), (Vec<u64>, u64)> = BTreeMap::new();
    let latest = keys.period_rank.iter().copied().max().unwrap_or(0);
    let total_function = sums.function_index.get(TOTAL_FUNCTION).copied();
    for h in &sums.histograms {
        let (org, period) = (keys.org_of[h.provider as usize], keys.period_rank[h.period as usize]);
        let f = figures(layout, &h.bands, h.unknown);
        push_figures(&mut obs, (org, period, keys.first_metric[h.function as usize]), &f, false, &mut gaps);
        if period == latest && Some(h.function) == total_function {
            organisations[org as usize]
                .attributes
                .insert(ATTR_WAITING_LIST.to_string(), Attribute::Number(f.waiting as f64));
        }
        let (bands, unknown) =
            national.entry((period, h.function)).or_insert_with(|| (vec![0; h.bands.len()], 0));
        for (t, &n) in bands.iter_mut().zip(&h.bands) {
            *t += n;
        }
        *unknown += h.unknown;
    }
    let england = (organisations.len() - 1) as u32;
    for (&(period, function), (bands, unknown)) in &national {
        let f = figures(layout, bands, *unknown);
        push_figures(&mut obs, (england, period, keys.first_metric[function as usize]), &f, true, &mut gaps);
    }
    (obs, gaps)
}

/// The providers met only in rows of other parts, which therefore have no figures.
fn without_waiting_list(file: &str, sums: &Sums) -> Option<Diagnostic> {
    let without: Vec<String> = sums
        .other_providers
        .iter()
        .filter(|(code, _)| !sums.provider_index.contains_key(*code))
        .map(|(code, name)| format!("{code} ({})", display_name(name)))
        .collect();
    (!without.is_empty()).then(|| {
        Diagnostic::warning(
            file,
            None,
            Some(COL_PROVIDER),
            format!(
                "{} provider{} rows of other parts only, and no waiting-list (Part_2) rows, so no figures: {}",
                without.len(),
                if without.len() == 1 { " has" } else { "s have" },
                without.join(", ")
            ),
        )
    })
}

/// "117,127 rows of other parts are not used: ...", or `None` when there are none.
fn not_used_summary(not_used: &BTreeMap<String, usize>) -> Option<String> {
    let total: usize = not_used.values().sum();
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = not_used
        .iter()
        .map(|(part, n)| {
            let what = PARTS.iter().find(|(p, _)| p == part).map_or("not an RTT part", |(_, w)| w);
            format!("{part} ({what}) {n}")
        })
        .collect();
    Some(format!("{total} rows of other parts are not used: {}", parts.join(", ")))
}

fn summary_notes(file: &str, sums: &Sums, gaps: &Gaps, layout: &Layout) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    if let Some(s) = not_used_summary(&sums.not_used) {
        notes.push(Diagnostic::warning(
            file,
            None,
            Some(COL_PART),
            format!("{s}; the measures are of the waiting list (Part_2, incomplete pathways)"),
        ));
    }
    if sums.total_all_mismatches > 0 {
        notes.push(Diagnostic::warning(
            file,
            sums.first_mismatch,
            Some(COL_TOTAL_ALL),
            format!(
                "in {} waiting-list row{} (the first at this row) Total All is not the sum of the week bands and \
                 unknown clock starts: the figures use the week bands",
                sums.total_all_mismatches,
                if sums.total_all_mismatches == 1 { "" } else { "s" }
            ),
        ));
    }
    let open_from = layout.edges[layout.edges.len() - 2];
    for (n, what) in [(gaps.median_open, "median"), (gaps.p92_open, "92nd percentile")] {
        if n > 0 && layout.edges.last().is_some_and(|e| e.is_infinite()) {
            notes.push(Diagnostic::warning(
                file,
                None,
                None,
                format!(
                    "the {what} wait of {n} provider and treatment function figure{} lies in the last, open week \
                     band (over {open_from} weeks), so it has no value",
                    if n == 1 { "" } else { "s" }
                ),
            ));
        }
    }
    if gaps.no_pathways > 0 {
        notes.push(Diagnostic::warning(
            file,
            None,
            None,
            format!(
                "{} provider and treatment function figure{} no pathways waiting, so no shares or waits (the \
                 waiting list of 0 is kept)",
                gaps.no_pathways,
                if gaps.no_pathways == 1 { " has" } else { "s have" }
            ),
        ));
    }
    notes
}
