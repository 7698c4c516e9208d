//! Spec-driven snapshots: every `tests/fixtures/specs/*.json` is a spec as a user writes it,
//! run through the real chart session (loading the files its `data` names, relative to `www/`,
//! as a page would) and rendered to `tests/snapshots/specs/<name>.svg`. A bug anywhere in the
//! pipeline from spec to scene changes a snapshot; nothing here builds a view's input by hand.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{assert_svg_snapshot, root, session_in};
use nhs_benchmark::chart::text::ApproxMeasure;
use nhs_benchmark::workspace::Workspace;

/// The width and height a page gives a chart when the spec names none.
const PAGE_SIZE: (f64, f64) = (720.0, 480.0);

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
    // One workspace for every fixture, as one page: the RTT extract is parsed once.
    let mut workspace = Workspace::new();
    for (name, spec) in fixtures() {
        let mut session = match session_in(&mut workspace, &spec, &[]) {
            Ok((session, _)) => session,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        if let Err(e) = session.layout(PAGE_SIZE.0, PAGE_SIZE.1, &ApproxMeasure) {
            failures.push(format!("{name}: {e}"));
            continue;
        }
        let svg = session.svg().expect("a laid-out session has a scene");
        if let Err(e) = assert_svg_snapshot(&name, &svg) {
            failures.push(e);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
