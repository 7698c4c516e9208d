//! Helpers the host test files share: the repository root, the SVG snapshot check, sessions on
//! the bundled files, and the RTT extract's header for tests that build small extracts.
// Each test file uses only some of these.
#![allow(dead_code)]

use nhs_benchmark::chart::scene::Scene;
use nhs_benchmark::chart::svg;
use nhs_benchmark::data::LoadReport;
use nhs_benchmark::session::Session;
use nhs_benchmark::workspace::{FileBytes, Workspace};
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

/// A session for `spec` with the files its view needs read from `www/` (the page's directory; a
/// bundled file is there too) into `workspace` and attached, as the element does in a page.
/// `given` files `(role, name, text)` stand in for the file of that role, or join the set (a
/// trust's `own` answers). Returns the session and each set's load report.
pub fn session_in(
    workspace: &mut Workspace,
    spec: &str,
    given: &[(&str, &str, &str)],
) -> Result<(Session, Vec<LoadReport>), nhs_benchmark::error::Error> {
    let mut session = Session::new(spec)?;
    let mut reports = Vec::new();
    for set in session.sources()? {
        // Read as bytes, as the page reads them (`arrayBuffer()`): a zipped RTT extract stays a zip.
        let files: Vec<(String, String, String, Vec<u8>)> = set
            .files
            .iter()
            .map(|f| match given.iter().find(|g| g.0 == f.role) {
                Some(&(role, name, text)) => {
                    (role.into(), name.into(), name.into(), text.as_bytes().to_vec())
                }
                None => {
                    let path = root().join("www").join(&f.url);
                    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    (f.role.to_string(), f.url.clone(), name, bytes)
                }
            })
            .collect();
        let texts: Vec<FileBytes> =
            files.iter().map(|(role, url, name, bytes)| FileBytes { role, url, name, bytes }).collect();
        let (mut key, mut report) = workspace.load_bytes(set.loader, &texts)?;
        let own: Vec<FileBytes> = given
            .iter()
            .filter(|g| g.0 == "own")
            .map(|&(role, name, text)| FileBytes { role, url: name, name, bytes: text.as_bytes() })
            .collect();
        if !own.is_empty() {
            (key, report) = workspace.extend(&key, &own)?;
        }
        reports.push(report);
        assert!(session.attach_key(workspace, &key));
    }
    Ok((session, reports))
}

/// Laying a session out at the page's default size, for tests that read it afterwards.
pub trait Laid {
    fn tap_layout(self) -> Self;
}

impl Laid for Session {
    fn tap_layout(mut self) -> Self {
        self.layout(720.0, 480.0, &nhs_benchmark::chart::text::ApproxMeasure).expect("the chart lays out");
        self
    }
}

/// [`session_in`] a workspace of its own, with the spec's files.
pub fn session(spec: &str) -> Session {
    session_with(spec, &[])
}

/// [`session_in`] a workspace of its own, with `given` files in place of the spec's.
pub fn session_with(spec: &str, given: &[(&str, &str, &str)]) -> Session {
    session_in(&mut Workspace::new(), spec, given).unwrap_or_else(|e| panic!("{spec}: {e}")).0
}

/// The header of NHS England's RTT full extract, written out by hand for the tests that build small
/// extracts: 13 descriptive columns, 105 week bands, 3 totals.
pub fn rtt_header() -> String {
    let mut cols: Vec<String> = [
        "Period",
        "Provider Parent Org Code",
        "Provider Parent Name",
        "Provider Org Code",
        "Provider Org Name",
        "Commissioner Parent Org Code",
        "Commissioner Parent Name",
        "Commissioner Org Code",
        "Commissioner Org Name",
        "RTT Part Type",
        "RTT Part Description",
        "Treatment Function Code",
        "Treatment Function Name",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for w in 0..104 {
        cols.push(format!("Gt {w:02} To {:02} Weeks SUM 1", w + 1));
    }
    cols.push("Gt 104 Weeks SUM 1".into());
    cols.extend(["Total", "Patients with unknown clock start date", "Total All"].map(String::from));
    cols.join(",")
}
