//! Spec-driven snapshots: every `tests/fixtures/specs/*.json` is a spec as a user writes it,
//! run through the real chart session (loading the files its `data` names, relative to `www/`,
//! as a page would) and rendered to `tests/snapshots/specs/<name>.svg`. A bug anywhere in the
//! pipeline from spec to scene changes a snapshot; nothing here builds a view's input by hand.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{assert_svg_snapshot, root};
use nhs_benchmark::chart::session::Session;
use nhs_benchmark::chart::text::ApproxMeasure;
use serde_json::Value;

/// The width and height a page gives a chart when the spec names none.
const PAGE_SIZE: (f64, f64) = (720.0, 480.0);

fn read(relative_to_www: &str) -> (String, String) {
    let path = root().join("www").join(relative_to_www);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, text)
}

/// The session for a spec with the data it names (the bundled A&E data by default, the bundled
/// illustrative assessments for maturity views), loaded as the element loads it.
fn session_for(spec: &str) -> Session {
    let mut session = Session::new(spec).expect("the fixture is a valid spec");
    let json: Value = serde_json::from_str(spec).unwrap();
    let data = |role: &str| json["data"][role].as_str().map(str::to_string);
    let organisations = data("organisations").unwrap_or("data/ods_trusts_etr.csv".into());
    let view = json["view"].as_str().unwrap_or("ranked");
    let report = if view.starts_with("maturity") {
        let (a, at) =
            read(&data("assessments").unwrap_or("data/maturity/illustrative_assessments.csv".into()));
        let (o, ot) = read(&organisations);
        session.load_maturity(&a, &at, &o, &ot, None)
    } else if let Some(f) = data("fingertips") {
        let (f, ft) = read(&f);
        session.load_fingertips(&f, &ft)
    } else if let Some(obs) = data("observations") {
        let (ob, obt) = read(&obs);
        let (m, mt) = read(&data("metrics").expect("observations need metrics"));
        let orgs = data("organisations").map(|o| read(&o));
        session.load_tidy((&ob, &obt), orgs.as_ref().map(|(n, t)| (n.as_str(), t.as_str())), (&m, &mt))
    } else {
        let (a, at) = read(&data("ae").unwrap_or("data/ae_attendances_england_2016_2019.csv".into()));
        let (o, ot) = read(&organisations);
        session.load_ae(&a, &at, &o, &ot)
    };
    report.expect("the fixture's data loads");
    session
}

fn fixtures() -> Vec<(String, String)> {
    let dir = root().join("tests/fixtures/specs");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_spec_fixture_renders_to_its_svg_snapshot() {
    let mut failures = Vec::new();
    for (name, spec) in fixtures() {
        let mut session = session_for(&spec);
        if let Err(e) = session.layout(PAGE_SIZE.0, PAGE_SIZE.1, &ApproxMeasure) {
            failures.push(format!("{name}: {e}"));
            continue;
        }
        let svg = session.svg().expect("a laid-out session has a scene");
        if let Err(e) = assert_svg_snapshot(&format!("specs/{name}"), &svg) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
