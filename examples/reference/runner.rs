//! The reference runner: reads case files in the schema of `tests/fixtures/reference/README.md`,
//! runs each case through the engine by its `function`, and compares the result with the expected
//! values within the case's tolerance. Shared by the `reference` example (the CLI) and the test suite.

use serde_json::{Map, Value};
use std::fmt;

/// One reference case, with the fields every family needs pulled out and the raw JSON kept for
/// families whose cases carry more (`groups`, `dataset`, ...).
pub struct Case {
    pub id: String,
    pub function: String,
    pub input: Value,
    pub expected: Value,
    pub tolerance: Value,
    pub raw: Value,
}

/// A value that did not match: which case, which field (a path inside `expected`), and both sides.
#[derive(Debug, Clone)]
pub struct Failure {
    pub id: String,
    pub field: String,
    pub expected: String,
    pub actual: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FAIL {} {}: expected {}, actual {}", self.id, self.field, self.expected, self.actual)
    }
}

/// The totals of a run, printed as the closing `N passed, M failed` line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
}

/// A numeric tolerance: pass if `|actual - expected| <= abs + rel * |expected|`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tol {
    pub abs: f64,
    pub rel: f64,
}

impl Tol {
    pub const EXACT: Tol = Tol { abs: 0.0, rel: 0.0 };

    pub fn accepts(self, expected: f64, actual: f64) -> bool {
        if expected == actual {
            return true;
        }
        (actual - expected).abs() <= self.abs + self.rel * expected.abs()
    }
}

fn tol_from_object(v: &Value) -> Option<Tol> {
    let o = v.as_object()?;
    if o.keys().any(|k| k != "abs" && k != "rel") || o.is_empty() {
        return None;
    }
    Some(Tol {
        abs: o.get("abs").and_then(Value::as_f64).unwrap_or(0.0),
        rel: o.get("rel").and_then(Value::as_f64).unwrap_or(0.0),
    })
}

/// The tolerance that applies to a top-level expected field: `"exact"`, one `{abs, rel}` for
/// every field, or per-field objects (a field not named is compared exactly).
pub fn tolerance_for(tolerance: &Value, field: &str) -> Tol {
    match tolerance {
        Value::String(s) if s == "exact" => Tol::EXACT,
        Value::Object(_) => {
            if let Some(t) = tol_from_object(tolerance) {
                return t;
            }
            match tolerance.get(field) {
                Some(Value::String(s)) if s == "exact" => Tol::EXACT,
                Some(v) => tol_from_object(v).unwrap_or(Tol::EXACT),
                None => Tol::EXACT,
            }
        }
        _ => Tol::EXACT,
    }
}

/// Compares `actual` with `expected` recursively: objects by the keys of `expected` (extra keys in
/// `actual` are ignored), arrays element by element, numbers within `tol`, everything else exactly.
/// `null` expects `null`. Integers and floats compare as numbers.
pub fn compare_value(
    id: &str,
    path: &str,
    expected: &Value,
    actual: &Value,
    tol: Tol,
    out: &mut Vec<Failure>,
) {
    let fail = |out: &mut Vec<Failure>| {
        out.push(Failure {
            id: id.to_string(),
            field: path.to_string(),
            expected: short(expected),
            actual: short(actual),
        })
    };
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => {
            let (e, a) = (e.as_f64().unwrap_or(f64::NAN), a.as_f64().unwrap_or(f64::NAN));
            if !tol.accepts(e, a) {
                fail(out);
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(Failure {
                    id: id.to_string(),
                    field: format!("{path}.len"),
                    expected: e.len().to_string(),
                    actual: a.len().to_string(),
                });
                return;
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                compare_value(id, &format!("{path}[{i}]"), ev, av, tol, out);
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                if !a.contains_key(k) {
                    out.push(Failure {
                        id: id.to_string(),
                        field: p,
                        expected: short(ev),
                        actual: "(missing)".into(),
                    });
                    continue;
                }
                compare_value(id, &p, ev, av, tol, out);
            }
        }
        (e, a) => {
            if e != a {
                fail(out);
            }
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 120 { format!("{}...", s.chars().take(117).collect::<String>()) } else { s }
}

/// The default check: every top-level field of the case's `expected` against the same field of
/// `actual`, each with its own tolerance.
pub fn compare_expected(case: &Case, actual: &Value) -> Vec<Failure> {
    let mut out = Vec::new();
    match (&case.expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (field, ev) in e {
                match a.get(field) {
                    Some(av) => compare_value(
                        &case.id,
                        field,
                        ev,
                        av,
                        tolerance_for(&case.tolerance, field),
                        &mut out,
                    ),
                    None => out.push(Failure {
                        id: case.id.clone(),
                        field: field.clone(),
                        expected: short(ev),
                        actual: "(missing)".into(),
                    }),
                }
            }
        }
        (e, a) => compare_value(&case.id, "", e, a, tolerance_for(&case.tolerance, ""), &mut out),
    }
    out
}

/// Reads the cases of one file in the reference schema.
pub fn read_cases(path: &std::path::Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let cases = doc
        .get("cases")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{}: no `cases` array", path.display()))?;
    cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let text_field = |k: &str| {
                c.get(k)
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .ok_or_else(|| format!("{}: cases[{i}].{k}: expected a string", path.display()))
            };
            Ok(Case {
                id: text_field("id")?,
                function: text_field("function")?,
                input: c.get("input").cloned().unwrap_or(Value::Object(Map::new())),
                expected: c.get("expected").cloned().unwrap_or(Value::Null),
                tolerance: c.get("tolerance").cloned().unwrap_or(Value::Null),
                raw: c.clone(),
            })
        })
        .collect()
}

/// Runs every case of the given files, printing one line per failure to `report`, and returns
/// the totals. A case whose function the engine does not know, or whose input it rejects, fails.
pub fn run_files(paths: &[std::path::PathBuf], report: &mut dyn std::io::Write) -> Result<Totals, String> {
    let mut totals = Totals::default();
    for path in paths {
        for case in read_cases(path)? {
            let failures = match super::cases::run(&case) {
                None => vec![Failure {
                    id: case.id.clone(),
                    field: "function".into(),
                    expected: format!("a known function ({})", case.function),
                    actual: "unknown function".into(),
                }],
                Some(Err(message)) => vec![Failure {
                    id: case.id.clone(),
                    field: "(error)".into(),
                    expected: "a result".into(),
                    actual: message,
                }],
                Some(Ok(f)) => f,
            };
            if failures.is_empty() {
                totals.passed += 1;
            } else {
                totals.failed += 1;
                for f in &failures {
                    writeln!(report, "{f}").map_err(|e| e.to_string())?;
                }
            }
        }
    }
    Ok(totals)
}
