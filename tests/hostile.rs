//! Hostile input through every loader and every view. OWASP XSS filter-evasion payloads, control
//! characters and non-characters, bidirectional overrides, zero-width and combining characters,
//! 100,000-character names, spreadsheet formulas, duplicate codes, absurd sizes and huge or deeply
//! nested specs: none may panic, cost more than a stated bound (asserted on output sizes, never
//! timed), break the SVG export's XML, reach the SVG as markup, or leave a formula live in the CSV.
//! The same data and spec give byte-identical SVG and CSV.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use nhs_benchmark::chart::draw::MAX_DRAWN_CHARS;
use nhs_benchmark::chart::layout::MAX_SIDE;
use nhs_benchmark::chart::scene::{Mark, Scene};
use nhs_benchmark::data::tidy::Input;
use nhs_benchmark::data::{MAX_NAME_CHARS, ae, csv, fingertips, tidy};
use nhs_benchmark::{maturity, spec};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The one place this file drives the chart session: adapt these calls when its API changes.
mod api {
    use nhs_benchmark::chart::scene::Scene;
    use nhs_benchmark::chart::text::ApproxMeasure;
    use nhs_benchmark::session::Session;
    use nhs_benchmark::workspace::{FileText, Loader, Workspace};

    /// Data for a chart, as the element hands it over (`Outcomes`: the DMA set and the RTT set,
    /// two sets as the page loads them for maturity beside outcomes).
    pub enum Data<'a> {
        Ae { ae: &'a str, ods: &'a str },
        Tidy { observations: &'a str, organisations: &'a str, metrics: &'a str },
        Fingertips(&'a str),
        Maturity { answers: &'a str, ods: &'a str },
        Dma { results: &'a str, ods: &'a str },
        Outcomes { results: &'a str, rtt: &'a str, ods: &'a str },
    }

    pub struct Chart(Session);

    type Files<'a> = Vec<(&'static str, &'static str, &'a str)>;

    /// The sets of `data` as the page loads them: each set's loader and its files by role, with
    /// the names messages give them.
    fn sets<'a>(data: &Data<'a>) -> Vec<(Loader, Files<'a>)> {
        match *data {
            Data::Ae { ae, ods } => {
                vec![(Loader::Ae, vec![("ae", "ae.csv", ae), ("organisations", "etr.csv", ods)])]
            }
            Data::Tidy { observations, organisations, metrics } => vec![(
                Loader::Tidy,
                vec![
                    ("observations", "observations.csv", observations),
                    ("organisations", "organisations.csv", organisations),
                    ("metrics", "metrics.json", metrics),
                ],
            )],
            Data::Fingertips(text) => {
                vec![(Loader::Fingertips, vec![("fingertips", "fingertips.csv", text)])]
            }
            Data::Maturity { answers, ods } => vec![(
                Loader::Maturity,
                vec![("assessments", "answers.csv", answers), ("organisations", "etr.csv", ods)],
            )],
            Data::Dma { results, ods } => {
                vec![(Loader::Dma, vec![("results", "dma.csv", results), ("organisations", "etr.csv", ods)])]
            }
            Data::Outcomes { results, rtt, ods } => vec![
                (Loader::Dma, vec![("results", "dma.csv", results), ("organisations", "etr.csv", ods)]),
                (Loader::Rtt, vec![("rtt", "rtt.csv", rtt), ("organisations", "etr.csv", ods)]),
            ],
        }
    }

    /// A chart with `spec` and `data` loaded through a workspace, as the element loads them;
    /// an error is a message for the page.
    pub fn chart(spec: &str, data: &Data) -> Result<Chart, String> {
        let mut s = Session::new(spec).map_err(|e| e.to_string())?;
        let mut workspace = Workspace::new();
        for (loader, files) in sets(data) {
            let texts: Vec<FileText> =
                files.iter().map(|&(role, name, text)| FileText { role, url: name, name, text }).collect();
            let (key, _) = workspace.load(loader, &texts).map_err(|e| e.to_string())?;
            s.attach_key(&workspace, &key);
        }
        Ok(Chart(s))
    }

    impl Chart {
        /// Lays the chart out at `width` x `height` CSS pixels, as `render` does in the page.
        pub fn layout(&mut self, width: f64, height: f64) -> Result<&Scene, String> {
            self.0.layout(width, height, &ApproxMeasure).map_err(|e| e.to_string())?;
            self.0.scene().ok_or_else(|| "no scene after a layout".to_string())
        }

        pub fn svg(&self) -> String {
            self.0.svg().unwrap_or_default()
        }

        pub fn csv(&self) -> String {
            self.0.csv().unwrap_or_default()
        }

        /// The chart's load report: its sets' reports, then what its join left out.
        pub fn report(&self) -> nhs_benchmark::data::LoadReport {
            self.0.report()
        }
    }
}

use api::Data;

const VIEWS: [&str; 6] = ["ranked", "funnel", "distribution", "spc", "spine", "opportunity"];
const MATURITY_VIEWS: [&str; 4] =
    ["maturityRadar", "maturityStaircase", "maturityHeatmap", "maturityTrajectory"];
/// The most marks a scene of these small data sets may have.
const MAX_MARKS: usize = 20_000;
/// The largest SVG export of these small data sets.
const MAX_SVG_BYTES: usize = 4_000_000;

fn long_name() -> String {
    "Salford Royal NHS Foundation Trust ".repeat(2_858)[..100_000].to_string()
}

/// Every hostile string, each of which goes into every text field of every format.
fn hostile() -> Vec<String> {
    let owasp = [
        "<script>alert('XSS')</script>",
        "<IMG SRC=\"javascript:alert('XSS');\">",
        "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
        "<svg/onload=alert(1)>",
        "\"><img src=x onerror=alert(1)>",
        "<BODY ONLOAD=alert('XSS')>",
        "<a href=\"jav&#x09;ascript:alert('XSS');\">x</a>",
        "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
        "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
        "<![CDATA[<script>alert(1)</script>]]>",
        "]]><!-- --><?xml-stylesheet href=\"x\"?><foreignObject>",
        "&lt;script&gt; &amp; &#60; &#x3C;",
        "<style>*{background:url(javascript:alert(1))}</style>",
    ];
    let mut out: Vec<String> = owasp.iter().map(|s| s.to_string()).collect();
    out.extend([
        "ctl\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{e}\u{1b}\u{1f}\u{7f}\u{85}end".to_string(),
        "non\u{fffe}\u{ffff}\u{fdd0}\u{1fffe}\u{10ffff}chars".to_string(),
        "\u{202e}tsurT SHN\u{202c} \u{2066}isolated\u{2069} \u{200f}rtl".to_string(),
        "zero\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}width".repeat(2_000),
        format!("Z{}", "\u{301}\u{302}\u{303}\u{304}\u{305}".repeat(2_000)),
        long_name(),
        "=HYPERLINK(\"http://evil.example\",\"click\")".to_string(),
        "+cmd|' /C calc'!A0".to_string(),
        "-2+3+cmd|' /C calc'!A0".to_string(),
        "@SUM(1+1)*cmd|' /C calc'!A0".to_string(),
        "\t=1+1".to_string(),
        "\r=1+1".to_string(),
        "🏥 NHS 💉 Trust ✓".to_string(),
        "Trust, \"quoted\"\nwith a line break".to_string(),
        String::new(),
        " ".to_string(),
    ]);
    out
}

/// A field as RFC 4180 writes it.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

const AE: &str = include_str!("../www/data/ae_attendances_england_2016_2019.csv");
const ODS: &str = include_str!("../www/data/ods_trusts_etr.csv");
const ILLUSTRATIVE: &str = include_str!("../www/data/maturity/illustrative_assessments.csv");

/// The organisations kept from the bundled data: Salford Royal, the other exemplars and a few more.
const CODES: [&str; 16] = [
    "RM3", "RBL", "RLN", "RQ6", "RGR", "RRK", "RC9", "RAL", "RTH", "RBA", "RA7", "RHM", "RF4", "R1H", "RJ1",
    "RXF",
];

/// The real trust list for [`CODES`] with hostile names (and a repeated code), and every other
/// trust as it is.
fn hostile_ods() -> String {
    let names = hostile();
    let mut out = String::new();
    for (i, line) in ODS.lines().enumerate() {
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        if let Some(k) = CODES.iter().position(|c| *c == fields[0]) {
            fields[1] = field(&names[(k + i) % names.len()]);
            fields[3] = field(&names[(k + 3) % names.len()]);
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out.push_str(&format!("RM3,{},Y54,Q83\n", field(&long_name())));
    out
}

/// The bundled A&E rows of [`CODES`], with a repeated row and rows of hostile codes and counts.
fn hostile_ae() -> String {
    let mut lines = AE.lines();
    let mut out = format!("{}\n", lines.next().unwrap());
    for line in lines.filter(|l| CODES.iter().any(|c| l.split(',').nth(1) == Some(*c))) {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("2019-03-01,RM3,1,9286,1537,3048\n");
    for (i, h) in hostile().iter().enumerate() {
        out.push_str(&format!("2019-0{}-01,{},1,{},1,1\n", 1 + i % 3, field(h), field(h)));
        out.push_str(&format!("2019-03-01,{},1,100,1,1\n", field(&h.chars().take(12).collect::<String>())));
    }
    out
}

/// Tidy data: every hostile string as an organisation's name and region, metric titles and units
/// from them, 24 periods of a proportion and a value, duplicate codes and hostile codes.
fn hostile_tidy() -> (String, String, String) {
    let names = hostile();
    let mut orgs = String::from("code,name,region\n");
    for (i, n) in names.iter().enumerate() {
        orgs.push_str(&format!("ORG{i},{},{}\n", field(n), field(&names[(i + 7) % names.len()])));
    }
    orgs.push_str("ORG1,a repeated code,North\norg1,the same code in lower case,North\n");
    let short = |s: &str| s.chars().take(400).collect::<String>();
    let metrics = format!(
        "[{{\"id\":\"p\",\"title\":{},\"unit\":{},\"kind\":\"proportion\",\"polarity\":\"higherIsBetter\",\
         \"multiplier\":100,\"source\":{},\"target\":95}},\
         {{\"id\":\"v\",\"title\":{},\"unit\":{},\"kind\":\"value\",\"polarity\":\"lowerIsBetter\",\"source\":{}}}]",
        json(&short(&names[0])),
        json(&short(&names[15])),
        json(&short(&names[9])),
        json(&short(&names[19])),
        json(&short(&names[4])),
        json(&short(&names[16])),
    );
    let mut obs = String::from("org_code,metric,period,numerator,denominator,value\n");
    for i in 0..names.len() {
        for month in 1..=24 {
            let den = 1_000 + 37 * i + 11 * month;
            let num = den * (70 + (i * 7 + month * 3) % 25) / 100;
            obs.push_str(&format!("ORG{i},p,2019-{month:02},{num},{den},\n"));
            obs.push_str(&format!("ORG{i},v,2019-{month:02},,,{}\n", den / 10));
        }
    }
    for h in &names {
        obs.push_str(&format!("{},p,2019-01,1,2,\n", field(h)));
        obs.push_str(&format!("ORG0,{},2019-01,1,2,\n", field(h)));
        obs.push_str(&format!("ORG0,p,{},1,2,{}\n", field(h), field(h)));
    }
    (obs, orgs, metrics)
}

/// A Fingertips export: England, a region and an area for each hostile name, two indicators
/// with hostile names, six periods, and a repeated row.
fn hostile_fingertips() -> String {
    let names = hostile();
    let mut out = String::from(
        "Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,\
         Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,\
         Count,Denominator,Value note,Recent Trend,Compared to England value or percentiles,\
         Compared to Region value or percentiles,Time period Sortable,New data,Compared to goal\n",
    );
    for (ind, ind_name) in [("92", &names[1]), ("93", &names[19])] {
        for year in 2015..2021 {
            let row = |code: &str, name: &str, kind: &str, v: f64, cmp: &str| {
                format!(
                    "{ind},{},E12000001,{},{code},{},{kind},Persons,All ages,,,{year},{v},{},{},{},{},100,1000,{},,{cmp},,{year}0000,,\n",
                    field(ind_name),
                    field(&names[2]),
                    field(name),
                    v - 5.0,
                    v + 5.0,
                    v - 8.0,
                    v + 8.0,
                    field(&names[3]),
                )
            };
            out.push_str(&row("E92000001", "England", "England", 100.0, ""));
            out.push_str(&row("E12000001", &names[5], "Region", 101.0, "Similar"));
            for (i, n) in names.iter().enumerate() {
                let v = 80.0 + ((i * 13 + year as usize) % 40) as f64;
                out.push_str(&row(
                    &format!("E060000{i:02}"),
                    n,
                    "County & UA",
                    v,
                    if v > 100.0 { "Worse" } else { "Better" },
                ));
            }
        }
    }
    let repeat = out.lines().nth(5).unwrap().to_string();
    out.push_str(&repeat);
    out.push('\n');
    out
}

/// The illustrative answers of [`CODES`], and rows with hostile notes and ids.
fn hostile_answers() -> String {
    let mut out = String::new();
    for line in ILLUSTRATIVE.lines() {
        let keep = line.starts_with('#')
            || line.starts_with("framework,")
            || CODES.iter().any(|c| line.split(',').nth(1) == Some(*c));
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    for h in hostile() {
        out.push_str(&format!("wgll,RM3,2024/25,{},met,{}\n", field(&h), field(&h)));
        out.push_str(&format!("{},RM3,2024/25,wl.strategy.2a,met,\n", field(&h)));
        out.push_str(&format!("wgll,{},2024/25,wl.strategy.2a,{},\n", field(&h), field(&h)));
    }
    out
}

/// What is wrong with one rendered chart, if anything.
fn problems(case: &str, scene: &Scene, svg: &str, csv_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut say = |what: String| out.push(format!("{case}: {what}"));
    if !(scene.width <= MAX_SIDE && scene.height <= MAX_SIDE) {
        say(format!("the scene is {} x {} px, over {MAX_SIDE}", scene.width, scene.height));
    }
    if scene.marks.len() > MAX_MARKS {
        say(format!("{} marks, over {MAX_MARKS}", scene.marks.len()));
    }
    let mut texts = 0;
    for m in &scene.marks {
        if let Mark::Text { text, .. } = m {
            texts += 1;
            let n = text.chars().count();
            if n > MAX_DRAWN_CHARS + 1 {
                say(format!("a text mark of {n} characters, over {MAX_DRAWN_CHARS}"));
            }
        }
    }
    if svg.len() > MAX_SVG_BYTES {
        say(format!("the SVG is {} bytes, over {MAX_SVG_BYTES}", svg.len()));
    }
    match roxmltree::Document::parse(svg) {
        Err(e) => say(format!("the SVG is not well-formed XML: {e}")),
        Ok(doc) => {
            const ALLOWED: [&str; 12] = [
                "svg", "title", "desc", "metadata", "rect", "line", "polyline", "polygon", "circle", "text",
                "path", "g",
            ];
            for n in doc.descendants().filter(|n| n.is_element()) {
                let name = n.tag_name().name();
                if !ALLOWED.contains(&name) {
                    say(format!("the SVG has a <{name}> element: text from data became markup"));
                }
                for a in n.attributes() {
                    let attr = a.name().to_ascii_lowercase();
                    if attr.starts_with("on") || attr.contains("href") || attr == "style" {
                        say(format!("the SVG has a {attr} attribute on <{name}>"));
                    }
                }
            }
            let svg_texts = doc.descendants().filter(|n| n.has_tag_name("text")).count();
            if svg_texts > texts {
                say(format!("the SVG has {svg_texts} <text> elements for {texts} text marks"));
            }
            if doc
                .descendants()
                .any(|n| n.is_pi() || (n.is_comment() && n.text().is_some_and(|t| !t.is_empty())))
            {
                say("the SVG has a processing instruction or comment from data".into());
            }
        }
    }
    match csv::parse("chart.csv", csv_text) {
        Err(e) => say(format!("the CSV does not parse: {e}")),
        Ok(records) => {
            for f in records.iter().flat_map(|r| &r.fields) {
                let live = f.starts_with(['=', '+', '@', '\t', '\r'])
                    || (f.starts_with('-') && f.parse::<f64>().is_err());
                if live {
                    say(format!(
                        "a CSV cell can run as a formula: {:?}",
                        f.chars().take(40).collect::<String>()
                    ));
                }
            }
        }
    }
    out
}

/// Renders `spec` over `data` at each size, catching panics; returns the problems found.
fn check(case: &str, spec: &str, data: &Data, sizes: &[(f64, f64)]) -> Vec<String> {
    let run = || -> Vec<String> {
        let mut out = Vec::new();
        let mut chart = match api::chart(spec, data) {
            Ok(c) => c,
            Err(e) => {
                out.push(format!("{case}: did not load: {}", e.chars().take(200).collect::<String>()));
                return out;
            }
        };
        for &(w, h) in sizes {
            let case = format!("{case} at {w} x {h}");
            let scene = match chart.layout(w, h) {
                Ok(scene) => scene,
                Err(e) => {
                    // Absurd sizes may be refused; a chart at a usual size must draw.
                    if SIZES.contains(&(w, h)) {
                        out.push(format!(
                            "{case}: did not draw: {}",
                            e.chars().take(200).collect::<String>()
                        ));
                    }
                    continue;
                }
            };
            let scene = scene.clone();
            out.extend(problems(&case, &scene, &chart.svg(), &chart.csv()));
        }
        out
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(p) => p,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            vec![format!("{case}: panicked: {}", msg.unwrap_or_default())]
        }
    }
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems[..problems.len().min(40)].join("\n")
    );
}

/// Usual sizes: a chart must draw at each (a page's default and a phone's width).
const SIZES: [(f64, f64); 2] = [(720.0, 480.0), (360.0, 640.0)];
const ABSURD: [(f64, f64); 7] = [
    (0.0, 0.0),
    (-1.0, -1.0),
    (1e9, 1e9),
    (f64::NAN, f64::NAN),
    (f64::INFINITY, f64::INFINITY),
    (f64::NEG_INFINITY, 480.0),
    (720.0, 1e-300),
];

#[test]
fn hostile_names_in_the_ae_and_trust_files_through_every_view() {
    let (ae, ods) = (hostile_ae(), hostile_ods());
    let data = Data::Ae { ae: &ae, ods: &ods };
    let mut found = Vec::new();
    for view in VIEWS {
        found.extend(check(
            &format!("A&E {view}"),
            &format!(r#"{{"view":"{view}","focus":"RM3"}}"#),
            &data,
            &SIZES,
        ));
    }
    found.extend(check("A&E ranked", r#"{"focus":"RM3"}"#, &data, &ABSURD));
    report(found);
}

#[test]
fn hostile_names_codes_and_titles_in_tidy_data_through_every_view() {
    let (obs, orgs, metrics) = hostile_tidy();
    let data = Data::Tidy { observations: &obs, organisations: &orgs, metrics: &metrics };
    let mut found = Vec::new();
    for view in VIEWS {
        for metric in ["p", "v"] {
            if metric == "v" && (view == "ranked" || view == "funnel") {
                continue; // a plain value has no interval to rank by and no denominator for a funnel
            }
            let spec =
                format!(r#"{{"view":"{view}","focus":"ORG5","metric":"{metric}","period":{{"latest":24}}}}"#);
            found.extend(check(&format!("tidy {view} {metric}"), &spec, &data, &SIZES));
        }
    }
    found.extend(check("tidy spine", r#"{"view":"spine","focus":"ORG20"}"#, &data, &ABSURD));
    report(found);
}

#[test]
fn hostile_names_in_a_fingertips_export_through_every_view() {
    let text = hostile_fingertips();
    let data = Data::Fingertips(&text);
    let mut found = Vec::new();
    for view in VIEWS {
        // One period, as Fingertips compares: summed over periods a value has no interval.
        let period = if view == "spc" { "" } else { r#","period":{"latest":1}"# };
        found.extend(check(
            &format!("Fingertips {view}"),
            &format!(r#"{{"view":"{view}","focus":"E06000020"{period}}}"#),
            &data,
            &SIZES,
        ));
    }
    found.extend(check("Fingertips funnel", r#"{"view":"funnel","focus":"E06000021"}"#, &data, &ABSURD));
    report(found);
}

#[test]
fn hostile_names_and_answers_through_every_maturity_view() {
    let (answers, ods) = (hostile_answers(), hostile_ods());
    let data = Data::Maturity { answers: &answers, ods: &ods };
    let mut found = Vec::new();
    for view in MATURITY_VIEWS {
        found.extend(check(
            &format!("maturity {view}"),
            &format!(r#"{{"view":"{view}","focus":"RM3"}}"#),
            &data,
            &SIZES,
        ));
    }
    found.extend(check("maturity heat map", r#"{"view":"maturityHeatmap","focus":"RM3"}"#, &data, &ABSURD));
    report(found);
}

#[test]
fn a_ten_megabyte_title_is_a_few_lines_in_every_view() {
    let title = json(&"A very long title indeed. ".repeat(400_000));
    let (ae, ods) = (hostile_ae(), hostile_ods());
    let answers = hostile_answers();
    let mut found = Vec::new();
    for view in VIEWS {
        let spec = format!(r#"{{"view":"{view}","focus":"RM3","title":{title}}}"#);
        found.extend(check(&format!("titled {view}"), &spec, &Data::Ae { ae: &ae, ods: &ods }, &SIZES));
    }
    for view in MATURITY_VIEWS {
        let spec = format!(r#"{{"view":"{view}","focus":"RM3","title":{title}}}"#);
        found.extend(check(
            &format!("titled {view}"),
            &spec,
            &Data::Maturity { answers: &answers, ods: &ods },
            &SIZES,
        ));
    }
    report(found);
}

#[test]
fn the_same_data_and_spec_give_byte_identical_svg_and_csv() {
    let (ae, ods) = (hostile_ae(), hostile_ods());
    let (obs, orgs, metrics) = hostile_tidy();
    let cases = [
        (Data::Ae { ae: &ae, ods: &ods }, "RM3"),
        (Data::Tidy { observations: &obs, organisations: &orgs, metrics: &metrics }, "ORG5"),
    ];
    for (data, focus) in &cases {
        for view in VIEWS {
            let spec = format!(r#"{{"view":"{view}","focus":"{focus}"}}"#);
            let export = || {
                let mut c = api::chart(&spec, data).ok()?;
                c.layout(720.0, 480.0).ok()?;
                Some((c.svg(), c.csv()))
            };
            let (first, second) = (export(), export());
            assert!(first.is_some(), "{view} {focus} renders");
            assert!(first == second, "{view} {focus}: two exports differ");
        }
    }
}

#[test]
fn tables_keep_the_name_that_labels_cut() {
    let (obs, orgs, metrics) = hostile_tidy();
    let data = Data::Tidy { observations: &obs, organisations: &orgs, metrics: &metrics };
    let i = hostile().iter().position(|h| *h == long_name()).unwrap();
    let mut c = api::chart(&format!(r#"{{"focus":"ORG{i}","metric":"p"}}"#), &data).unwrap();
    let scene = c.layout(720.0, 480.0).unwrap().clone();
    let kept: String = long_name().chars().take(MAX_NAME_CHARS).collect();
    assert!(c.csv().contains(kept.trim_end()), "the table has the name as loaded");
    let labels =
        scene.marks.iter().filter_map(|m| if let Mark::Text { text, .. } = m { Some(text) } else { None });
    assert!(labels.clone().all(|t| t.chars().count() <= 301), "labels are cut");
    // The focus label cuts the name and keeps the value after it: "Salford Royal… 82.9%".
    assert!(labels.clone().any(|t| t.starts_with("Salford Royal") && t.contains('…')), "and say so");
}

#[test]
fn hostile_strings_in_every_field_of_every_loader_give_a_result_or_an_error() {
    let frameworks = maturity::builtins().unwrap();
    let metrics = r#"[{"id":"m","title":"M","kind":"proportion","polarity":"higherIsBetter"}]"#;
    for h in hostile() {
        let f = field(&h);
        let run = || {
            let _ = ae::load(
                "ae.csv",
                &format!("period,org_code,type,attendances,breaches,admissions\n{f},{f},{f},{f},{f},{f}\n"),
                "etr.csv",
                &format!("{f},{f},{f},{f}\n"),
            );
            let obs = format!("org_code,metric,period,numerator,denominator,value\n{f},m,{f},{f},{f},{f}\n");
            let orgs = format!("code,name,{f}\n{f},{f},{f}\n");
            let _ = tidy::load(
                Input::csv("o.csv", &obs),
                Some(Input::csv("g.csv", &orgs)),
                Input::json("m.json", metrics),
                &mut |_, _| {},
            );
            let j = json(&h);
            let obs_json = format!(r#"[{{"org_code":{j},"metric":"m","period":{j},"value":{j}}}]"#);
            let orgs_json = format!(r#"[{{"code":{j},"name":{j},{j}:{j}}}]"#);
            let m_json = format!(
                r#"[{{"id":{j},"title":{j},"unit":{j},"kind":"rate","polarity":"lowerIsBetter","source":{j}}}]"#
            );
            let _ = tidy::load(
                Input::json("o.json", &obs_json),
                Some(Input::json("g.json", &orgs_json)),
                Input::json("m.json", &m_json),
                &mut |_, _| {},
            );
            let _ = fingertips::load(
                "f.csv",
                &format!(
                    "Indicator ID,Indicator Name,Area Code,Area Name,Time period,Value\n{f},{f},{f},{f},{f},{f}\n"
                ),
                &[],
                &mut |_, _| {},
            );
            let _ = maturity::load_csv(
                "a.csv",
                &format!("framework,org_code,round,criterion_id,answer,note\n{f},{f},{f},{f},{f},{f}\n"),
                &frameworks,
            );
            let _ = maturity::load_json(
                "a.json",
                &format!(
                    r#"{{"notes":[{j}],"assessments":[{{"framework":{j},"org_code":{j},"round":{j},"answers":[{{"id":{j},"answer":{j},"note":{j}}}]}}]}}"#
                ),
                &frameworks,
            );
            let _ = maturity::Framework::from_json(&format!(r#"{{"id":{j},"title":{j}}}"#));
            let _ = spec::parse(&format!(
                r#"{{"title":{j},"focus":{j},"metric":{j},"round":{j},"framework":{j}}}"#
            ));
        };
        assert!(
            catch_unwind(AssertUnwindSafe(run)).is_ok(),
            "a loader panicked on {:?}",
            h.chars().take(40).collect::<String>()
        );
    }
}

#[test]
fn duplicate_codes_and_rows_are_skipped_and_counted_in_every_format() {
    let (obs, orgs, metrics) = hostile_tidy();
    let t = tidy::read_organisations(Input::csv("organisations.csv", &orgs)).unwrap();
    assert_eq!(t.rows_skipped, 2, "ORG1 twice more, once in lower case");
    let ds = tidy::load(
        Input::csv("o.csv", &obs),
        Some(Input::csv("g.csv", &orgs)),
        Input::json("m.json", &metrics),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(ds.report.rows_skipped > 0 && ds.report.rows_used > 0);
    let ds = ae::load("ae.csv", &hostile_ae(), "etr.csv", &hostile_ods()).unwrap();
    assert!(ds.report.diagnostics.iter().any(|d| d.message.contains("a second row for RM3")), "A&E repeat");
    assert!(
        ds.report
            .diagnostics
            .iter()
            .any(|d| d.file == "etr.csv" && d.message.contains("'RM3' is also on row")),
        "ODS repeat"
    );
    let ds = fingertips::load("f.csv", &hostile_fingertips(), &[], &mut |_, _| {}).unwrap();
    assert!(ds.report.diagnostics.iter().any(|d| d.message.contains("appears again")), "Fingertips repeat");
}

#[test]
fn absurd_sizes_and_huge_or_deeply_nested_specs_are_errors_naming_their_path() {
    for (path, json) in [
        ("width", r#"{"width":0}"#),
        ("height", r#"{"height":-1}"#),
        ("height", r#"{"height":1e9}"#),
        ("width", r#"{"width":1e400}"#),
        ("period.latest", r#"{"period":{"latest":1000000000}}"#),
    ] {
        let err = spec::parse(json).expect_err(json);
        assert_eq!(err.path, path, "{json}: {err}");
    }
    for depth in [200, 100_000] {
        let nested = format!(r#"{{"title":{}1{}}}"#, "[".repeat(depth), "]".repeat(depth));
        assert!(catch_unwind(|| spec::parse(&nested)).is_ok_and(|r| r.is_err()), "depth {depth}");
        let peers =
            format!(r#"{{"peers":{}}}"#, "{\"kind\":\"all\",\"x\":".repeat(depth) + &"}".repeat(depth));
        assert!(catch_unwind(|| spec::parse(&peers)).is_ok_and(|r| r.is_err()), "peers depth {depth}");
    }
    let wide = format!(r#"{{"peers":{{"kind":"list","codes":[{}]}}}}"#, vec!["\"RM3\""; 200_000].join(","));
    assert!(catch_unwind(|| spec::parse(&wide)).is_ok());
}

/// The bundled published maturity results with hostile names: every Greater Manchester trust,
/// the ICB itself (and the ICB every provider in it names), and RM3 with a 100,000-character name.
fn hostile_dma() -> String {
    use nhs_benchmark::maturity::dma_results::{Level, PublishedResults, write_results_csv};
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/dma/dma_2024_2025.csv");
    let mut r = PublishedResults::load("dma.csv", &std::fs::read_to_string(path).unwrap()).unwrap();
    let names = hostile();
    let icb_name = names[3].clone();
    for (k, res) in r.results.iter_mut().enumerate() {
        if !res.icb.contains("GREATER MANCHESTER") {
            continue;
        }
        res.icb = icb_name.clone();
        res.name = match (res.level, res.ods_code.as_deref()) {
            (Level::Provider, Some("RM3")) => long_name(),
            (Level::Provider, _) => format!("{} {k}", names[k % names.len()]),
            (Level::Icb, _) => icb_name.clone(),
            (Level::IcbPrimaryCare, _) => format!("{icb_name} PC"),
        };
    }
    write_results_csv(&r.results)
}

#[test]
fn hostile_names_in_published_maturity_results_through_every_dma_view() {
    let results = hostile_dma();
    let ods =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/ods/etr_2026.csv")).unwrap();
    let data = Data::Dma { results: &results, ods: &ods };
    let mut found = Vec::new();
    for (view, extra) in [
        ("dmaRadar", ""),
        ("dmaRadar", r#","cohort":"icb""#),
        ("dmaHeatmap", r#","cohort":"icb""#),
        ("dmaTrajectory", r#","level":"icb""#),
        ("dmaDistribution", r#","cohort":"icb""#),
    ] {
        let spec = format!(r#"{{"view":"{view}","focus":"RM3"{extra}}}"#);
        found.extend(check(&format!("published {view}{extra}"), &spec, &data, &SIZES));
    }
    found.extend(check("published heat map", r#"{"view":"dmaHeatmap","focus":"RM3"}"#, &data, &ABSURD));
    report(found);
}

/// One extract row: provider code and name, its ICB's name, commissioner, part, function and
/// (week band, count) pairs, the totals filled in as the extract fills them (for `Part_2`,
/// `Total` blank and `Total All` the sum of the bands).
fn rtt_row(
    provider: (&str, &str),
    icb_name: &str,
    commissioner: &str,
    part: &str,
    bands: &[(usize, u64)],
) -> String {
    let mut counts = vec![String::new(); 105];
    for &(b, n) in bands {
        counts[b] = n.to_string();
    }
    let sum: u64 = bands.iter().map(|b| b.1).sum();
    let total = if part == "Part_2" { String::new() } else { sum.to_string() };
    let (icb, name) = (field(icb_name), field(provider.1));
    format!(
        "RTT-April-2026,QOP,{icb},{},{name},QOP,{icb},{commissioner},{},{part},{},C_999,Total,{},{total},,{sum}",
        field(provider.0),
        field(&format!("{commissioner} {icb_name}")),
        field(icb_name),
        counts.join(",")
    )
}

/// Acute trusts of the DMA results (Greater Manchester, whose names [`hostile_dma`] makes
/// hostile) with waiting-list figures, so they join.
const RTT_JOINED: [&str; 5] = ["RM3", "RMC", "R0A", "RWJ", "RRF"];

/// The longest name in [`hostile_rtt`]: four times what a label keeps, and short enough that a
/// row with four names stays under the RTT reader's bound on a row (64 KiB; a real row is under
/// 1 KiB), which refuses the file as not an extract.
const RTT_NAME_CHARS: usize = 2_000;

/// A small RTT extract in which every provider, ICB and commissioner name is hostile: the
/// trusts of [`RTT_JOINED`], Pennine Care (in the DMA results for mental health only), two
/// providers missing from the ODS list whose names say they are NHS trusts (no maturity
/// result), and independent providers, some with hostile codes. `longest` cuts every name.
fn hostile_rtt(longest: usize) -> String {
    let names: Vec<String> = hostile().iter().map(|h| h.chars().take(longest).collect()).collect();
    let mut out = common::rtt_header();
    out.push('\n');
    let mut providers: Vec<(String, String)> = RTT_JOINED
        .iter()
        .chain(&["RT2"])
        .enumerate()
        .map(|(k, c)| (c.to_string(), names[k].clone()))
        .collect();
    providers.push(("ZZ1".into(), format!("{} NHS TRUST", names[6])));
    let long: String = long_name().chars().take(longest).collect();
    providers.push(("ZZ2".into(), format!("{long} NHS FOUNDATION TRUST")));
    for (k, h) in names.iter().enumerate().skip(7) {
        let code = if k % 3 == 0 { h.chars().take(12).collect() } else { format!("NT4{k:02}") };
        providers.push((code, h.clone()));
    }
    for (k, (code, name)) in providers.iter().enumerate() {
        let icb = &names[(k + 11) % names.len()];
        let n = k as u64;
        for (commissioner, part, bands) in [
            ("01W", "Part_2", vec![(3, 120 + 9 * n), (12, 80), (30, 15 + 4 * n), (60, n)]),
            ("00T", "Part_2", vec![(5, 60), (20, 10 + n)]),
            ("01W", "Part_1A", vec![(4, 30)]),
        ] {
            out.push_str(&rtt_row((code, name), icb, commissioner, part, &bands));
            out.push('\n');
        }
    }
    out
}

#[test]
fn hostile_names_in_published_results_and_the_rtt_extract_through_maturity_beside_outcomes() {
    use nhs_benchmark::maturity::dma_results::{CareSetting, PublishedResults};
    let (results, rtt) = (hostile_dma(), hostile_rtt(RTT_NAME_CHARS));
    let ods =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/ods/etr_2026.csv")).unwrap();
    let data = Data::Outcomes { results: &results, rtt: &rtt, ods: &ods };
    let spec = r#"{"view":"maturityOutcomes","focus":"RM3"}"#;
    let mut found = check("outcomes", spec, &data, &SIZES);
    found.extend(check("outcomes", spec, &data, &ABSURD));
    report(found);
    // It really draws: the trusts that join are points at the usual size and at 360 px.
    let mut chart = api::chart(spec, &data).unwrap();
    for (w, h) in SIZES {
        let scene = chart.layout(w, h).unwrap_or_else(|e| panic!("at {w} px: {e}"));
        assert_eq!(scene.items.len(), RTT_JOINED.len(), "joined points at {w} px: {}", scene.title);
    }
    // The join still counts, by reason, the trusts that do not join.
    let said: Vec<String> = chart.report().diagnostics.iter().map(|d| d.message.clone()).collect();
    let line = |start: &str| said.iter().find(|m| m.starts_with(start)).cloned().unwrap_or_default();
    let acute = PublishedResults::load("dma.csv", &results).unwrap();
    let acute = acute.providers(CareSetting::Acute).filter(|r| r.ods_code.is_some()).count();
    let no_outcome = format!("Not plotted, no outcome figure for the trust ({}): ", acute - RTT_JOINED.len());
    assert!(line(&no_outcome).contains("(RMP)"), "{said:#?}");
    let elsewhere =
        line("Not plotted, outcome figure, but maturity results only in another care setting (1): ");
    assert!(elsewhere.contains("(RT2)"), "{said:#?}");
    let unassessed = line("Not plotted, outcome figure, but no maturity result (2): ");
    assert!(unassessed.contains("(ZZ1)") && unassessed.contains("(ZZ2)"), "{said:#?}");
    // A 100,000-character name makes a row no extract has: the file is refused, and said so.
    let rtt = hostile_rtt(usize::MAX);
    let refused = api::chart(spec, &Data::Outcomes { results: &results, rtt: &rtt, ods: &ods });
    let e = refused.err().unwrap_or_default();
    assert!(e.contains("rtt.csv, row ") && e.contains("longer than 65536 bytes"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// One bad record costs that record only, in every JSON format, as a bad CSV row does.

const TWO_METRICS: &str = r#"[{"id":"v","title":"V","kind":"value","polarity":"lowerIsBetter"},
    {"id":"w","title":"W","kind":"value","polarity":"higherIsBetter"}]"#;

/// Loads tidy JSON observations with `metrics`, or the error's text.
fn tidy_json(observations: &str, metrics: &str) -> Result<nhs_benchmark::data::Dataset, String> {
    tidy::load(
        Input::json("observations.json", observations),
        None,
        Input::json("metrics.json", metrics),
        &mut |_, _| {},
    )
    .map_err(|e| e.to_string())
}

/// Where each error diagnostic of a report points (its column, a JSON path for JSON files).
fn error_places(report: &nhs_benchmark::data::LoadReport) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == nhs_benchmark::data::Severity::Error)
        .map(|d| format!("{}: {}", d.file, d.column.as_deref().unwrap_or("-")))
        .collect()
}

#[test]
fn a_json_observation_with_an_extra_key_or_a_boolean_value_is_skipped_and_named_the_rest_kept() {
    let obs = r#"[{"org_code":"A","metric":"v","period":"2024-01","value":1},
        {"org_code":"B","metric":"v","period":"2024-01","value":2,"comment":"checked"},
        {"org_code":"C","metric":"v","period":"2024-01","value":3},
        {"org_code":"D","metric":"v","period":"2024-01","value":true},
        {"org_code":"E","metric":"v","period":2024,"value":null,"numerator":null,"denominator":null},
        "not a record",
        {"org_code":"F","metric":"v","period":"2024-01","value":6}]"#;
    let ds = tidy_json(obs, TWO_METRICS).unwrap();
    let r = &ds.report;
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (7, 3, 4), "{:?}", r.diagnostics);
    let places = error_places(r);
    assert_eq!(
        places,
        [
            "observations.json: [1].comment",
            "observations.json: [3].value",
            "observations.json: value",
            "observations.json: [5]"
        ],
        "{:?}",
        r.diagnostics
    );
    let said: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(said[0].contains("'comment' is not a field of an observation: use org_code"), "{said:?}");
    assert!(
        said[1].contains("expected a number such as 95.2 (or null when it is missing), found true"),
        "{said:?}"
    );
    assert!(said.iter().all(|s| s.chars().count() < 400), "{said:?}");
}

#[test]
fn a_json_file_whose_every_record_is_bad_still_fails_with_no_usable_rows() {
    let obs = r#"[{"org_code":"A","metric":"v","period":"2024-01","value":false},
        {"org_code":"B","metric":"v","period":"2024-01","vaule":2}]"#;
    let err = tidy_json(obs, TWO_METRICS).unwrap_err();
    assert!(err.contains("no usable rows among the 2 read"), "{err}");
    assert!(err.contains("[0].value") && err.contains("[1].vaule"), "the reasons come first: {err}");
    for (text, found) in [(r#"{"org_code":"A"}"#, "an object"), ("12", "a number"), ("[1,2", "")] {
        let err = tidy_json(text, TWO_METRICS).unwrap_err();
        assert!(err.contains("observations are an array of objects"), "{text}: {err}");
        assert!(err.contains(found), "{text}: {err}");
    }
}

#[test]
fn a_bad_metric_among_good_ones_is_left_out_with_its_observations_and_named() {
    let metrics = r#"[{"id":"v","title":"V","kind":"value","polarity":"lowerIsBetter"},
        {"id":"bad","title":"Bad","kind":"value","polarity":"up"},
        {"id":"w","title":"W","kind":"value","polarity":"higherIsBetter","colour":"red"},
        {"id":"x","title":"","kind":"value","polarity":"noJudgement"},
        {"id":"y","title":"Y","kind":"value","polarity":"noJudgement"}]"#;
    let obs = r#"[{"org_code":"A","metric":"v","period":"2024-01","value":1},
        {"org_code":"A","metric":"bad","period":"2024-01","value":2},
        {"org_code":"A","metric":"y","period":"2024-01","value":3}]"#;
    let ds = tidy_json(obs, metrics).unwrap();
    let ids: Vec<&str> = ds.metrics.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["v", "y"]);
    let r = &ds.report;
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (3, 2, 1));
    assert_eq!(
        error_places(r),
        [
            "metrics.json: [1].polarity",
            "metrics.json: [2].colour",
            "metrics.json: [3].title",
            "observations.json: metric"
        ],
        "{:?}",
        r.diagnostics
    );
    let said: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        said[0].contains("unknown variant `up`") && said[0].contains("the metric is left out"),
        "{said:?}"
    );
    assert!(said[3].contains("'bad' is left out of metrics.json for a mistake there"), "{said:?}");
    let all_bad = r#"[{"id":"v","title":"V","kind":"value","polarity":"up"}]"#;
    let err = tidy_json(obs, all_bad).unwrap_err();
    assert!(err.contains("no usable metrics among the 1") && err.contains("[0].polarity"), "{err}");
}

#[test]
fn a_json_organisation_that_is_not_an_object_is_skipped_and_named() {
    let orgs = r#"[{"code":"A","name":"Alpha"}, ["B","Beta"], {"code":"C","name":"Gamma"}]"#;
    let t = tidy::read_organisations(Input::json("organisations.json", orgs)).unwrap();
    assert_eq!((t.organisations.len(), t.rows_skipped), (2, 1));
    assert_eq!(t.diagnostics[0].column.as_deref(), Some("[1]"));
    assert!(t.diagnostics[0].message.contains("found a list; the record is skipped"), "{:?}", t.diagnostics);
}

#[test]
fn a_bad_maturity_answer_or_assessment_among_good_ones_is_skipped_and_named() {
    let frameworks = maturity::builtins().unwrap();
    let json = r#"{"assessments":[
        {"framework":"wgll","org_code":"RM3","round":"2024/25","answers":[
            {"id":"wl.strategy.2a","answer":"met"},
            {"id":"wl.strategy.3a","answer":true},
            {"id":"wl.strategy.3b","answer":"met","colour":"red"},
            {"id":"wl.strategy.4a","answer":"not met"}]},
        {"framework":"wgll","org_code":"RBL","round":"2024/25","trust":"x","answers":[
            {"id":"wl.strategy.2a","answer":"met"},{"id":"wl.strategy.3a","answer":"met"}]},
        {"framework":"wgll","org_code":"RQ6","round":"2024/25","answers":[{"id":"wl.strategy.2a","answer":"met"}]}]}"#;
    let set = maturity::load_json("answers.json", json, &frameworks).unwrap_or_else(|e| panic!("{e}"));
    let orgs: Vec<(&str, usize)> =
        set.assessments.iter().map(|a| (a.org_code.as_str(), a.answers.len())).collect();
    assert_eq!(orgs, [("RM3", 2), ("RQ6", 1)]);
    let r = &set.report;
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (7, 3, 4), "{:?}", r.diagnostics);
    assert_eq!(
        error_places(r),
        [
            "answers.json: assessments[0].answers[1].answer",
            "answers.json: assessments[0].answers[2].colour",
            "answers.json: assessments[1].trust"
        ]
    );
    let said: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(said[0].contains("invalid type: boolean `true`, expected an answer as text"), "{said:?}");
    assert!(said[0].contains("the answer is skipped"), "{said:?}");
    assert!(said[2].contains("the assessment is skipped with its 2 answers"), "{said:?}");
    let all_bad = r#"{"assessments":[{"framework":"wgll","org_code":"RM3","round":"2024/25","answers":[{"id":"wl.strategy.2a","answer":false}]}]}"#;
    assert!(maturity::load_json("answers.json", all_bad, &frameworks).is_err());
    for shape in [r#"[1]"#, r#"{"assessments":{}}"#, r#"{"ilustrative":true,"assessments":[]}"#] {
        let err = maturity::load_json("answers.json", shape, &frameworks).unwrap_err().to_string();
        assert!(err.contains("an answers file is {\"assessments\""), "{shape}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// A huge attribute value is named by its first characters, never echoed whole.

/// The message a chart from the element's attributes `pairs` and `data` gives.
fn attribute_message(pairs: &[(&str, &str)], data: &Data) -> String {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
    let spec = match spec::attributes::from_pairs(&pairs, spec::Origin::Attribute) {
        Ok(spec) => nhs_benchmark::json::to_string(&spec),
        Err(e) => return e.to_string(),
    };
    match api::chart(&spec, data) {
        Err(message) => message,
        Ok(mut chart) => match chart.layout(800.0, 500.0) {
            Err(message) => message,
            Ok(_) => panic!("no error for {:?}", pairs.iter().map(|(n, _)| n).collect::<Vec<_>>()),
        },
    }
}

#[test]
fn a_ninety_thousand_character_view_metric_framework_or_round_gives_a_short_message_naming_it() {
    let huge = "x".repeat(90_000);
    let (obs, orgs, metrics) = hostile_tidy();
    let tidy = Data::Tidy { observations: &obs, organisations: &orgs, metrics: &metrics };
    let answers = hostile_answers();
    let ods = hostile_ods();
    let maturity = Data::Maturity { answers: &answers, ods: &ods };
    for (name, pairs, data) in [
        ("view", vec![("view", huge.as_str())], &tidy),
        ("metric", vec![("metric", huge.as_str())], &tidy),
        ("focus", vec![("focus", huge.as_str())], &tidy),
        ("framework", vec![("view", "maturityRadar"), ("framework", huge.as_str())], &maturity),
        ("round", vec![("view", "maturityStaircase"), ("round", huge.as_str())], &maturity),
    ] {
        let message = attribute_message(&pairs, data);
        let quoted = "x".repeat(nhs_benchmark::error::QUOTED_CHARS);
        assert!(message.contains(name), "{name}: the message names the attribute: {message}");
        assert!(message.contains(&format!("{quoted}… (90000 characters)")), "{name}: {message}");
        assert!(
            !message.contains(&format!("{quoted}x")),
            "{name}: more than 40 characters quoted: {message}"
        );
        // The choices listed after "; " grow with the registry; the rest is what the value costs.
        let said = message.split("; ").next().unwrap_or_default().chars().count();
        assert!(said < 200, "{name}: {said} characters before the choices: {message}");
        assert!(message.chars().count() < 400, "{name}: {message}");
    }
    for field in ["careSetting", "cohort", "level"] {
        let spec = spec::parse(&format!(r#"{{"view":"dmaRadar","{field}":"{huge}"}}"#)).unwrap();
        let e = spec.dma_choice().expect_err(field);
        assert_eq!(e.path, field);
        assert!(e.to_string().chars().count() < 200, "{field}: {e}");
    }
}
