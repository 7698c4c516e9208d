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
    if let Err(message) = assert_svg_snapshot(name, &svg::render(s, None)) {
        panic!("{message}");
    }
}

/// Compares `out` with `tests/snapshots/<name>.svg`, writing `target/<name>.changed.svg` on a
/// difference (the message says where); `UPDATE_SNAPSHOTS=1` accepts it.
pub fn assert_svg_snapshot(name: &str, out: &str) -> Result<(), String> {
    let path = root().join(format!("tests/snapshots/{name}.svg"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, out).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected == out {
        return Ok(());
    }
    let changed = root().join(format!("target/{name}.changed.svg"));
    std::fs::create_dir_all(changed.parent().unwrap()).unwrap();
    std::fs::write(&changed, out).unwrap();
    Err(format!(
        "{name} differs from {}; review {} and re-run with UPDATE_SNAPSHOTS=1 to accept",
        path.display(),
        changed.display()
    ))
}
