//! The workspace: a page's loaded data, each set of source files parsed once and shared by every
//! chart that uses it. A spec says which files its view needs ([`SourceSet::for_spec`]); the page
//! fetches them and hands the texts over ([`Workspace::load`]); charts then borrow the parsed data
//! by key. Six charts of one file cost one parse and one copy in memory, and a set no chart holds
//! any more is dropped by [`Workspace::release_unused`].

use crate::data::{self, Dataset, LoadReport};
use crate::error::{Error, ErrorKind};
use crate::maturity::dma_results::PublishedResults;
use crate::maturity::workspace::{self as maturity_workspace, MaturityData};
use crate::spec::{self, Spec};
use crate::views::Need;
use serde::Serialize;
use std::fmt;
use std::rc::Rc;

/// The bundled maturity answers, relative to the package: illustrative, not real results.
pub const DEFAULT_ASSESSMENTS_URL: &str = "data/maturity/illustrative_assessments.csv";
/// The bundled ODS trust list of mid-2026, for today's trusts (the RTT and DMA data).
pub const TRUSTS_2026_URL: &str = "data/ods/etr_2026.csv";
/// The bundled DMA 2024 and 2025 published results, converted to the project's format.
pub const DMA_RESULTS_URL: &str = "data/dma/dma_2024_2025.csv";
/// The bundled RTT full extract for April 2026, the zip as NHS England publishes it.
pub const RTT_APRIL_2026_URL: &str = "data/rtt/20260430-RTT-April-2026-full-extract.csv.zip";

/// How a set of files is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Loader {
    /// NHS England's A&E attendances CSV with the ODS trust list.
    Ae,
    /// The tidy format: observations, metrics and optionally organisations.
    Tidy,
    /// A Fingertips "all data" CSV export as it comes.
    Fingertips,
    /// Maturity answers with the ODS trust list, a framework file and a trust's own answers.
    Maturity,
    /// NHS England's RTT full extract (zip or CSV, read as bytes) with the 2026 ODS trust list.
    Rtt,
    /// NHS England's published maturity results with the 2026 ODS trust list. A view that also
    /// needs waiting times or sizes (maturity beside outcomes, nearest-by-size cohorts) declares
    /// the RTT set as a second need, so the extract is parsed once for every chart on the page.
    Dma,
}

impl Loader {
    pub fn name(self) -> &'static str {
        match self {
            Loader::Ae => "ae",
            Loader::Tidy => "tidy",
            Loader::Fingertips => "fingertips",
            Loader::Maturity => "maturity",
            Loader::Rtt => "rtt",
            Loader::Dma => "dma",
        }
    }

    /// The loader a name means, as JavaScript writes it.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        [Loader::Ae, Loader::Tidy, Loader::Fingertips, Loader::Maturity, Loader::Rtt, Loader::Dma]
            .into_iter()
            .find(|l| l.name() == name)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Data,
                    "data.unknownLoader",
                    "loader",
                    format!("unknown loader '{name}'"),
                )
            })
    }
}

/// One file a set needs: its role in the set, its URL as the spec gives it (relative to the
/// page) or as bundled (relative to the package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    pub role: &'static str,
    pub url: String,
    /// A file that ships with the package, found next to it rather than relative to the page.
    pub bundled: bool,
}

/// The files one kind of data needs, and how to read them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSet {
    pub need: Need,
    pub loader: Loader,
    pub files: Vec<SourceFile>,
}

impl SourceSet {
    /// The files `spec` names for `need`, the bundled ones where it names none. A maturity
    /// view's indicators are its outcome or size data, the RTT extract: the same set (and key) as
    /// an indicator chart of the same files, so a page showing both parses the extract once.
    pub fn for_spec(spec: &Spec, need: Need) -> Result<SourceSet, Error> {
        let data = spec.data.clone().unwrap_or_default();
        let given = |role: &'static str, url: &Option<String>| {
            url.as_ref().map(|u| SourceFile { role, url: u.clone(), bundled: false })
        };
        let or_bundled = |role: &'static str, url: &Option<String>, bundled: &str| {
            given(role, url).unwrap_or(SourceFile { role, url: bundled.to_string(), bundled: true })
        };
        let organisations =
            || or_bundled("organisations", &data.organisations, spec::DEFAULT_ORGANISATIONS_URL);
        let (loader, files) = match need {
            Need::Maturity => {
                let mut files = vec![
                    or_bundled("assessments", &data.assessments, DEFAULT_ASSESSMENTS_URL),
                    organisations(),
                ];
                files.extend(given("framework", &data.framework));
                (Loader::Maturity, files)
            }
            Need::Dma => (
                Loader::Dma,
                vec![
                    or_bundled("results", &data.dma, DMA_RESULTS_URL),
                    or_bundled("organisations", &data.organisations, TRUSTS_2026_URL),
                ],
            ),
            Need::Indicators if data.rtt.is_some() || maturity_view(spec) => (
                Loader::Rtt,
                vec![
                    or_bundled("rtt", &data.rtt, RTT_APRIL_2026_URL),
                    or_bundled("organisations", &data.organisations, TRUSTS_2026_URL),
                ],
            ),
            Need::Indicators => {
                match (given("fingertips", &data.fingertips), given("observations", &data.observations)) {
                    (Some(fingertips), _) => (Loader::Fingertips, vec![fingertips]),
                    (None, Some(observations)) => {
                        let metrics = given("metrics", &data.metrics).ok_or_else(|| {
                        Error::new(
                            ErrorKind::Spec,
                            "spec.invalid",
                            "data.metrics",
                            "the observations need their metrics: add a metrics-src attribute (metrics.json)",
                        )
                    })?;
                        let mut files = vec![observations, metrics];
                        files.extend(given("organisations", &data.organisations));
                        (Loader::Tidy, files)
                    }
                    (None, None) => {
                        (Loader::Ae, vec![or_bundled("ae", &data.ae, spec::DEFAULT_AE_URL), organisations()])
                    }
                }
            }
        };
        Ok(SourceSet { need, loader, files })
    }
}

/// A fetched file as the page hands it over.
#[derive(Debug, Clone, Copy)]
pub struct FileText<'a> {
    pub role: &'a str,
    /// The URL it was fetched from (or a name for a file the user picked): part of the key.
    pub url: &'a str,
    /// The file name diagnostics give.
    pub name: &'a str,
    pub text: &'a str,
}

/// A fetched file as bytes, as the page reads it (`arrayBuffer()`): decoded here, so a file
/// Excel saved as Windows-1252 is read with a warning rather than mangled, and a zip stays a zip.
#[derive(Debug, Clone, Copy)]
pub struct FileBytes<'a> {
    pub role: &'a str,
    pub url: &'a str,
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Parsed data, shared by reference count with the charts that use it.
#[derive(Debug, Clone)]
pub enum Loaded {
    Indicators(Rc<Dataset>),
    Maturity(Rc<MaturityData>),
    Dma(Rc<PublishedResults>),
}

impl Loaded {
    fn holders(&self) -> usize {
        match self {
            Loaded::Indicators(d) => Rc::strong_count(d),
            Loaded::Maturity(m) => Rc::strong_count(m),
            Loaded::Dma(r) => Rc::strong_count(r),
        }
    }
}

/// One loaded set.
#[derive(Debug)]
struct Entry {
    key: String,
    loaded: Loaded,
    report: LoadReport,
}

/// A page's loaded data.
#[derive(Debug, Default)]
pub struct Workspace {
    entries: Vec<Entry>,
    parses: usize,
}

impl fmt::Display for Loader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Workspace {
    pub fn new() -> Self {
        Self::default()
    }

    /// The key of a set: its loader and its files' URLs, in order.
    pub fn key<'a>(loader: Loader, urls: impl IntoIterator<Item = &'a str>) -> String {
        let mut key = loader.name().to_string();
        for u in urls {
            key.push('\n');
            key.push_str(u);
        }
        key
    }

    /// Parses a set of files, once: a set already loaded is not parsed again. Returns its key and
    /// load report.
    pub fn load(&mut self, loader: Loader, files: &[FileText]) -> Result<(String, LoadReport), Error> {
        let key = Self::key(loader, files.iter().map(|f| f.url));
        if let Some(e) = self.entries.iter().find(|e| e.key == key) {
            return Ok((key, e.report.clone()));
        }
        let loaded = parse(loader, files)?;
        Ok(self.keep(key, loaded, Vec::new()))
    }

    /// [`Workspace::load`] for files as bytes: text files are decoded (UTF-8, UTF-16 with its
    /// byte-order mark, otherwise Windows-1252 with a warning in the report saying how to save the
    /// file as CSV UTF-8); a zipped RTT extract is read as the zip it is.
    pub fn load_bytes(&mut self, loader: Loader, files: &[FileBytes]) -> Result<(String, LoadReport), Error> {
        let key = Self::key(loader, files.iter().map(|f| f.url));
        if let Some(e) = self.entries.iter().find(|e| e.key == key) {
            return Ok((key, e.report.clone()));
        }
        if loader == Loader::Rtt {
            let loaded = parse_rtt(files)?;
            return Ok(self.keep(key, loaded, Vec::new()));
        }
        if loader == Loader::Dma {
            let (loaded, warnings) = parse_dma(files)?;
            return Ok(self.keep(key, loaded, warnings));
        }
        let decoded: Vec<(FileBytes, data::encoding::Decoded)> =
            files.iter().map(|f| (*f, data::encoding::decode(f.name, f.bytes))).collect();
        let warnings: Vec<data::Diagnostic> =
            decoded.iter().flat_map(|(_, d)| d.diagnostics.clone()).collect();
        let texts: Vec<FileText> = decoded
            .iter()
            .map(|(f, d)| FileText { role: f.role, url: f.url, name: f.name, text: &d.text })
            .collect();
        let loaded = parse(loader, &texts)?;
        Ok(self.keep(key, loaded, warnings))
    }

    /// Keeps a parsed set under `key`, with `warnings` from reading its bytes added to its report.
    fn keep(&mut self, key: String, loaded: Loaded, warnings: Vec<data::Diagnostic>) -> (String, LoadReport) {
        self.parses += 1;
        let mut report = match &loaded {
            Loaded::Indicators(d) => d.report.clone(),
            Loaded::Maturity(m) => m.report.clone(),
            Loaded::Dma(r) => r.report.clone(),
        };
        report.diagnostics.splice(0..0, warnings);
        self.entries.push(Entry { key: key.clone(), loaded, report: report.clone() });
        (key, report)
    }

    /// A trust's own maturity answers added to the loaded maturity set `base`, as a set of its
    /// own (the base stays as it is for the charts that show it): its answers replace any for the
    /// same trust and round. The base is neither fetched nor parsed again.
    pub fn extend(&mut self, base: &str, files: &[FileBytes]) -> Result<(String, LoadReport), Error> {
        let key = Self::key(Loader::Maturity, std::iter::once(base).chain(files.iter().map(|f| f.url)));
        if let Some(e) = self.entries.iter().find(|e| e.key == key) {
            return Ok((key, e.report.clone()));
        }
        let Some(Loaded::Maturity(data)) = self.get(base) else {
            return Err(Error::new(
                ErrorKind::Data,
                "data.notLoaded",
                "",
                "the maturity data these answers join is not loaded: load it first",
            ));
        };
        let mut data = MaturityData::clone(data);
        let mut report = data.report.clone();
        for own in files {
            let decoded = data::encoding::decode(own.name, own.bytes);
            report.diagnostics.extend(decoded.diagnostics);
            report.diagnostics.extend(data.add(own.name, &decoded.text)?.diagnostics);
        }

        data.report = report.clone();
        self.entries.push(Entry {
            key: key.clone(),
            loaded: Loaded::Maturity(Rc::new(data)),
            report: report.clone(),
        });
        Ok((key, report))
    }

    pub fn get(&self, key: &str) -> Option<&Loaded> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.loaded)
    }

    /// The load report of a set.
    pub fn report(&self, key: &str) -> Option<&LoadReport> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.report)
    }

    /// How many sets have been parsed since the workspace was made (a set is parsed once however
    /// many charts use it).
    pub fn parses(&self) -> usize {
        self.parses
    }

    /// Drops the set with `key` and the sets [`Workspace::extend`] made from it, so the next load
    /// parses the files again; charts holding the old data keep their `Rc`. Returns how many
    /// sets were dropped.
    pub fn forget(&mut self, key: &str) -> usize {
        let before = self.entries.len();
        let extended = Self::key(Loader::Maturity, [key, ""]);
        self.entries.retain(|e| e.key != key && !e.key.starts_with(&extended));
        before - self.entries.len()
    }

    /// Drops every set no chart holds; returns how many were dropped.
    pub fn release_unused(&mut self) -> usize {
        let before = self.entries.len();
        self.entries.retain(|e| e.loaded.holders() > 1);
        before - self.entries.len()
    }
}

fn file<'a>(files: &'a [FileText<'a>], role: &str) -> Option<&'a FileText<'a>> {
    files.iter().find(|f| f.role == role)
}

fn required<'a>(files: &'a [FileText<'a>], role: &str, loader: Loader) -> Result<&'a FileText<'a>, Error> {
    file(files, role).ok_or_else(|| {
        Error::new(
            ErrorKind::Data,
            "data.missingFile",
            role,
            format!("the {loader} data needs its {role} file"),
        )
    })
}

/// The RTT extract read as the bytes it is (a zip, or its CSV), the trust list decoded.
fn parse_rtt(files: &[FileBytes]) -> Result<Loaded, Error> {
    let find = |role: &str| {
        files.iter().find(|f| f.role == role).ok_or_else(|| {
            Error::new(
                ErrorKind::Data,
                "data.missingFile",
                role,
                format!("the rtt data needs its {role} file"),
            )
        })
    };
    let (extract, trusts) = (find("rtt")?, find("organisations")?);
    let ods = data::encoding::decode(trusts.name, trusts.bytes);
    let mut dataset = data::rtt::load(extract.name, extract.bytes, trusts.name, &ods.text)?;
    dataset.report.diagnostics.splice(0..0, ods.diagnostics);
    Ok(Loaded::Indicators(Rc::new(dataset)))
}

fn parse(loader: Loader, files: &[FileText]) -> Result<Loaded, Error> {
    use data::tidy::Input;
    Ok(match loader {
        Loader::Ae => {
            let (a, o) = (required(files, "ae", loader)?, required(files, "organisations", loader)?);
            Loaded::Indicators(Rc::new(data::ae::load(a.name, a.text, o.name, o.text)?))
        }
        Loader::Tidy => {
            let obs = required(files, "observations", loader)?;
            let metrics = required(files, "metrics", loader)?;
            let orgs = file(files, "organisations").map(|f| Input::detect(f.name, f.text));
            let d = data::tidy::load(
                Input::detect(obs.name, obs.text),
                orgs,
                Input::detect(metrics.name, metrics.text),
                &mut |_, _| {},
            )?;
            Loaded::Indicators(Rc::new(d))
        }
        Loader::Fingertips => {
            let f = required(files, "fingertips", loader)?;
            Loaded::Indicators(Rc::new(data::fingertips::load(f.name, f.text, &[], &mut |_, _| {})?))
        }
        Loader::Maturity => {
            let a = required(files, "assessments", loader)?;
            let o = required(files, "organisations", loader)?;
            let framework = file(files, "framework").map(|f| (f.name, f.text));
            Loaded::Maturity(Rc::new(maturity_workspace::load(a.name, a.text, o.name, o.text, framework)?))
        }
        Loader::Rtt => {
            let (r, o) = (required(files, "rtt", loader)?, required(files, "organisations", loader)?);
            Loaded::Indicators(Rc::new(data::rtt::load(r.name, r.text.as_bytes(), o.name, o.text)?))
        }
        Loader::Dma => {
            let (r, o) = (required(files, "results", loader)?, required(files, "organisations", loader)?);
            let published = maturity_workspace::load_published((r.name, r.text), (o.name, o.text))?;
            Loaded::Dma(Rc::new(published))
        }
    })
}

/// Whether the spec's view is a maturity view (whose indicators are the RTT extract).
fn maturity_view(spec: &Spec) -> bool {
    crate::views::find(spec.view.as_deref()).is_ok_and(|v| v.family == crate::views::Family::Maturity)
}

/// The published results with their text files decoded.
fn parse_dma(files: &[FileBytes]) -> Result<(Loaded, Vec<data::Diagnostic>), Error> {
    let find = |role: &str| files.iter().find(|f| f.role == role);
    let missing = |role: &str| {
        Error::new(ErrorKind::Data, "data.missingFile", role, format!("the dma data needs its {role} file"))
    };
    let (r, o) = (
        find("results").ok_or_else(|| missing("results"))?,
        find("organisations").ok_or_else(|| missing("organisations"))?,
    );
    let (rd, od) = (data::encoding::decode(r.name, r.bytes), data::encoding::decode(o.name, o.bytes));
    let published = maturity_workspace::load_published((r.name, &rd.text), (o.name, &od.text))?;
    let warnings = rd.diagnostics.into_iter().chain(od.diagnostics).collect();
    Ok((Loaded::Dma(Rc::new(published)), warnings))
}
