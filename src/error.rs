//! One error type for everything that can stop a chart: what kind of problem it is, a stable
//! code a program can key on, where it is (a JSON path, an attribute, a file with its row and
//! column) and a message for the person reading the page. Each layer's own error (a spec error,
//! a load error, a statistics error, a benchmarking or maturity error) converts into it with
//! `From`, so `?` carries it up unchanged; the web shell turns it into a JavaScript `TypeError`
//! or `RangeError` with the same fields, and the element shows the same message.

use serde::Serialize;
use std::fmt;

/// The most characters of a value (an attribute's, a spec field's) a message quotes: a message
/// names the value, it does not echo a 100,000-character one into the page.
pub const QUOTED_CHARS: usize = 40;

/// `value` as a message quotes it: whole if short, else its first [`QUOTED_CHARS`] characters,
/// an ellipsis and its length.
pub fn quoted(value: &str) -> String {
    let n = value.chars().count();
    if n <= QUOTED_CHARS {
        return value.to_string();
    }
    let head: String = value.chars().take(QUOTED_CHARS).collect();
    format!("{head}… ({n} characters)")
}

/// What kind of problem an [`Error`] is, which says who can fix it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The spec (attributes, JSON, URL parameters) asks for something that cannot be: the
    /// page's author fixes it.
    Spec,
    /// A data file could not be read or validated: whoever made the file fixes it.
    Data,
    /// A statistic rejected its input (a numerator above its denominator).
    Statistics,
    /// The comparison cannot be made (the focus has no data, the peer group is empty).
    Benchmark,
    /// A maturity framework or assessment cannot be used.
    Maturity,
    /// The chart was asked to draw before its data arrived.
    NoData,
}

impl ErrorKind {
    /// Whether the problem is the shape of what was given (a `TypeError` in JavaScript) rather
    /// than a value outside what the method accepts (a `RangeError`).
    pub fn is_type_error(self) -> bool {
        matches!(self, ErrorKind::Spec | ErrorKind::Data)
    }
}

/// Why a chart cannot be drawn, in words for the person looking at the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub kind: ErrorKind,
    /// A stable identifier: the kind, then the specific problem (`spec.invalid`,
    /// `benchmark.focusHasNoData`).
    pub code: String,
    /// Where the problem is: a spec's JSON path (`period.latest`), an attribute
    /// (`attribute:months`), a file (`ae.csv:3:breaches`); empty when it has no place.
    pub path: String,
    /// The whole message as the page shows it, place included.
    pub message: String,
}

impl Error {
    pub fn new(
        kind: ErrorKind,
        code: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self { kind, code: code.into(), path: path.into(), message: message.into() }
    }

    /// The chart has no data yet: the page asked for a render before the load finished.
    pub fn no_data() -> Self {
        Self::new(ErrorKind::NoData, "noData", "", "no data has been loaded yet")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
