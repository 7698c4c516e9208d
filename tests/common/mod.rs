//! Helpers the host test files share: the repository root and the SVG snapshot check.
// Each test file uses only some of these.
#![allow(dead_code)]

use nhs_benchmark::chart::scene::Scene;
use nhs_benchmark::chart::svg;
use std::path::PathBuf;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares the SVG of `s` with `tests/snapshots/<name>.svg`. On a difference it writes
/// `target/<name>.changed.svg` for review and fails; `UPDATE_SNAPSHOTS=1` accepts the new one.
pub fn assert_snapshot(name: &str, s: &Scene) {
    let out = svg::render(s, None);
    let path = root().join(format!("tests/snapshots/{name}.svg"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &out).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != out {
        let changed = root().join(format!("target/{name}.changed.svg"));
        std::fs::write(&changed, &out).unwrap();
        panic!(
            "{name} differs from {}; review {} and re-run with UPDATE_SNAPSHOTS=1 to accept",
            path.display(),
            changed.display()
        );
    }
}
