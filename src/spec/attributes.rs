//! The element's attributes as a spec. `<nhs-benchmark focus="RM3" months="12" peers="region">`
//! is the same chart as the spec `{"focus": "RM3", "period": {"latest": 12}, "peers": {...}}`:
//! the `spec` attribute's JSON is read first and every other attribute overrides its field.
//! Keywords (`peers="exemplars"`, `benchmark="peer-median"`) stand for whole peer groups and
//! benchmarks. Each error names the attribute and says what it takes, so a web editor can fix
//! the page without reading the spec format. The same reading serves an embed page's URL
//! parameters (see [`Origin::Parameter`]).

use super::{Origin, PeriodSpec, Spec, SpecError, parse_from};
use crate::benchmark::compare::BenchmarkChoice;
use crate::benchmark::peers::{Condition, PeerGroupSpec};
use crate::benchmark::population;
use crate::data::Attribute;

/// The attributes the element reads, in the order the README lists them.
pub const NAMES: [&str; 19] = [
    "spec",
    "view",
    "focus",
    "metric",
    "months",
    "peers",
    "benchmark",
    "what-if",
    "framework",
    "round",
    "src",
    "organisations",
    "observations",
    "metrics-src",
    "fingertips",
    "assessments",
    "framework-src",
    "chart-title",
    "height",
];

/// The longest attribute value read; longer ones are an error rather than echoed into the page.
pub const MAX_VALUE_LENGTH: usize = 100_000;

pub use crate::error::{QUOTED_CHARS, quoted};

/// The `peers` keywords and the groups they stand for.
pub fn peer_group(keyword: &str) -> Option<PeerGroupSpec> {
    let nhs_trust = || Condition::Equals {
        attribute: "type".into(),
        value: Attribute::Text(population::NHS_TRUST.into()),
    };
    Some(match keyword {
        "all-trusts" => population::nhs_trusts(),
        "region" => population::region_trusts(),
        "exemplars" => PeerGroupSpec::Exemplars {},
        "nearest" => PeerGroupSpec::Nearest {
            k: 10,
            weights: [
                ("type1_attendances_12m".to_string(), 1.0),
                ("type1_admissions_per_100_12m".to_string(), 1.0),
            ]
            .into_iter()
            .collect(),
            within: vec![
                nhs_trust(),
                Condition::Equals { attribute: "type1_ae".into(), value: Attribute::Text("yes".into()) },
            ],
        },
        _ => return None,
    })
}

/// The `peers` keywords.
pub const PEER_KEYWORDS: [&str; 4] = ["all-trusts", "region", "exemplars", "nearest"];

/// The `benchmark` keywords and the benchmarks they stand for.
pub fn benchmark(keyword: &str) -> Option<BenchmarkChoice> {
    Some(match keyword {
        "england" => BenchmarkChoice::National {},
        "peer-median" => BenchmarkChoice::PeerMedian {},
        "exemplar-median" => BenchmarkChoice::ExemplarMedian {},
        "target" => BenchmarkChoice::Target { value: None },
        _ => return None,
    })
}

/// The `benchmark` keywords.
pub const BENCHMARK_KEYWORDS: [&str; 4] = ["england", "peer-median", "exemplar-median", "target"];

/// Reads `(name, value)` pairs (an element's attributes, or an embed page's URL parameters, as
/// `origin` says) into a spec. Unknown names are ignored (a page may set `class` or `id`).
pub fn from_pairs(pairs: &[(String, String)], origin: Origin) -> Result<Spec, SpecError> {
    let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    for (name, value) in pairs {
        if NAMES.contains(&name.as_str()) && value.len() > MAX_VALUE_LENGTH {
            return Err(SpecError::at(
                origin,
                name,
                format!("is {} characters long; the most read is {MAX_VALUE_LENGTH}", value.len()),
            ));
        }
    }
    let mut spec = match get("spec").map(str::trim).filter(|t| !t.is_empty()) {
        Some(json) => parse_from(json, origin)?,
        None => Spec::default(),
    };
    let text = |name: &str| get(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    set(&mut spec.view, text("view"));
    set(&mut spec.metric, text("metric"));
    set(&mut spec.focus, text("focus"));
    set(&mut spec.title, text("chart-title"));
    set(&mut spec.framework, text("framework"));
    set(&mut spec.round, text("round"));
    set(&mut spec.care_setting, text("care-setting"));
    set(&mut spec.cohort, text("cohort"));
    set(&mut spec.level, text("level"));
    set(&mut spec.icb, text("icb"));
    if let Some(v) = text("what-if") {
        spec.what_if =
            Some(number(origin, "what-if", &v, "a number on the metric's scale (e.g. 90 for 90%)")?);
    }
    if let Some(v) = text("months") {
        let n = number(origin, "months", &v, "a whole number of periods from 1 to 240")?;
        if n.fract() != 0.0 || !(1.0..=240.0).contains(&n) {
            return Err(SpecError::at(
                origin,
                "months",
                format!("expected a whole number from 1 to 240, got {}", quoted(&v)),
            ));
        }
        spec.period = Some(PeriodSpec { latest: Some(n as u32), from: None, to: None });
    }
    if let Some(v) = text("height") {
        spec.height = Some(number(origin, "height", &v, "CSS pixels from 100 to 10000")?);
    }
    if let Some(v) = text("peers") {
        spec.peers = Some(keyword(origin, "peers", &v, peer_group, &PEER_KEYWORDS)?);
    }
    if let Some(v) = text("benchmark") {
        spec.benchmark = Some(keyword(origin, "benchmark", &v, benchmark, &BENCHMARK_KEYWORDS)?);
    }
    let data = spec.data.get_or_insert_with(Default::default);
    set(&mut data.ae, text("src"));
    set(&mut data.organisations, text("organisations"));
    set(&mut data.observations, text("observations"));
    set(&mut data.metrics, text("metrics-src"));
    set(&mut data.fingertips, text("fingertips"));
    set(&mut data.assessments, text("assessments"));
    set(&mut data.framework, text("framework-src"));
    set(&mut data.dma, text("dma-src"));
    set(&mut data.rtt, text("rtt-src"));
    if *data == Default::default() {
        spec.data = None;
    }
    check_attributes(&spec, origin, &get)?;
    Ok(spec)
}

/// Runs the spec's own checks, naming the attribute that set a field where one did.
fn check_attributes<'a>(
    spec: &Spec,
    origin: Origin,
    get: &dyn Fn(&str) -> Option<&'a str>,
) -> Result<(), SpecError> {
    spec.check().map_err(|e| {
        let attribute = match e.path.as_str() {
            "height" if get("height").is_some() => Some("height"),
            "focus" if get("focus").is_some() => Some("focus"),
            "whatIf" if get("what-if").is_some() => Some("what-if"),
            _ => None,
        };
        match attribute {
            Some(name) => {
                let value = get(name).unwrap_or_default();
                SpecError::at(origin, name, e.message.replace(value, &quoted(value)))
            }
            None => e,
        }
    })
}

fn set(field: &mut Option<String>, value: Option<String>) {
    if value.is_some() {
        *field = value;
    }
}

fn number(origin: Origin, name: &str, value: &str, expected: &str) -> Result<f64, SpecError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| SpecError::at(origin, name, format!("expected {expected}, got '{}'", quoted(value))))
}

fn keyword<T>(
    origin: Origin,
    name: &str,
    value: &str,
    table: fn(&str) -> Option<T>,
    keywords: &[&str],
) -> Result<T, SpecError> {
    table(value).ok_or_else(|| {
        SpecError::at(origin, name, format!("'{}' is not one of {}", quoted(value), keywords.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
    }

    #[test]
    fn attributes_override_the_spec_attributes_json() {
        let spec = from_pairs(
            &attrs(&[("spec", r#"{"view": "funnel", "focus": "RBL"}"#), ("focus", "RM3"), ("months", "6")]),
            Origin::Attribute,
        )
        .unwrap();
        assert_eq!(spec.view.as_deref(), Some("funnel"));
        assert_eq!(spec.focus.as_deref(), Some("RM3"));
        assert_eq!(spec.period.unwrap().latest, Some(6));
    }

    #[test]
    fn published_maturity_choices_and_their_files_are_attributes_too() {
        let spec = from_pairs(
            &attrs(&[
                ("view", "dmaRadar"),
                ("care-setting", "Mental Health"),
                ("cohort", "exemplars"),
                ("level", "provider"),
                ("dma-src", "data/dma/dma_2024_2025.csv"),
                ("rtt-src", "data/rtt/extract.zip"),
            ]),
            Origin::Attribute,
        )
        .unwrap();
        assert_eq!(spec.care_setting.as_deref(), Some("Mental Health"));
        assert_eq!(spec.cohort.as_deref(), Some("exemplars"));
        assert_eq!(spec.level.as_deref(), Some("provider"));
        let data = spec.data.unwrap();
        assert_eq!(data.dma.as_deref(), Some("data/dma/dma_2024_2025.csv"));
        assert_eq!(data.rtt.as_deref(), Some("data/rtt/extract.zip"));
    }

    #[test]
    fn keywords_stand_for_peer_groups_and_benchmarks() {
        let spec =
            from_pairs(&attrs(&[("peers", "exemplars"), ("benchmark", "peer-median")]), Origin::Attribute)
                .unwrap();
        assert_eq!(spec.peers, Some(PeerGroupSpec::Exemplars {}));
        assert_eq!(spec.benchmark, Some(BenchmarkChoice::PeerMedian {}));
    }

    #[test]
    fn errors_name_the_attribute_and_what_it_takes() {
        let e = from_pairs(&attrs(&[("peers", "friends")]), Origin::Attribute).unwrap_err();
        assert_eq!(
            e.to_string(),
            "peers attribute: 'friends' is not one of all-trusts, region, exemplars, nearest"
        );
        let e = from_pairs(&attrs(&[("months", "0")]), Origin::Attribute).unwrap_err();
        assert_eq!(e.to_string(), "months attribute: expected a whole number from 1 to 240, got 0");
        for bad in ["1e9", "Infinity", "NaN", "-1", "0"] {
            let e = from_pairs(&attrs(&[("height", bad)]), Origin::Attribute).unwrap_err();
            assert!(
                e.to_string().starts_with("height attribute: expected CSS pixels from 100 to 10000"),
                "{bad}: {e}"
            );
        }
        let e = from_pairs(&attrs(&[("focus", "<img src=x>")]), Origin::Parameter).unwrap_err();
        assert!(e.to_string().starts_with("focus parameter: expected an ODS code"), "{e}");
    }

    #[test]
    fn a_bad_spec_attribute_names_itself_and_the_json_path() {
        let e =
            from_pairs(&attrs(&[("spec", r#"{"period": {"latest": "x"}}"#)]), Origin::Attribute).unwrap_err();
        assert!(e.to_string().starts_with("spec attribute: period.latest: invalid type"), "{e}");
        let e = from_pairs(&attrs(&[("spec", "not json")]), Origin::Attribute).unwrap_err();
        assert!(e.to_string().starts_with("spec attribute: "), "{e}");
    }

    #[test]
    fn a_long_bad_value_is_quoted_by_its_start_and_length_not_echoed() {
        let long = "x".repeat(MAX_VALUE_LENGTH);
        for name in ["peers", "benchmark", "months", "height", "what-if", "focus"] {
            let e = from_pairs(&attrs(&[(name, &long)]), Origin::Attribute).unwrap_err();
            let text = e.to_string();
            assert!(text.len() < 300, "{name}: {} characters", text.len());
            assert!(text.contains(&format!("… ({MAX_VALUE_LENGTH} characters)")), "{name}: {text}");
        }
        let e = from_pairs(&attrs(&[("peers", "friends")]), Origin::Attribute).unwrap_err();
        assert!(e.to_string().contains("'friends'"), "a short value is quoted whole: {e}");
    }

    #[test]
    fn a_huge_attribute_is_refused_without_being_echoed() {
        let huge = "x".repeat(MAX_VALUE_LENGTH + 1);
        let e = from_pairs(&attrs(&[("chart-title", &huge)]), Origin::Attribute).unwrap_err();
        assert!(e.to_string().len() < 200, "{e}");
    }
}
