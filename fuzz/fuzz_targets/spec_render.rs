//! A spec through the whole chart session on the template data: parse, attach, lay out, and
//! export SVG and CSV, at a size taken from the input's first bytes.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::chart::text::ApproxMeasure;
use nhs_benchmark::session::Session;
use nhs_benchmark::workspace::{FileText, Loaded, Loader, Workspace};

thread_local! {
    /// The templates, loaded once as the page's workspace would.
    static TEMPLATES: Loaded = {
        let mut ws = Workspace::new();
        let files = [
            FileText { role: "observations", url: "o.csv", name: "observations.csv", text: common::OBSERVATIONS },
            FileText { role: "organisations", url: "g.csv", name: "organisations.csv", text: common::ORGANISATIONS },
            FileText { role: "metrics", url: "m.json", name: "metrics.json", text: common::METRICS },
        ];
        let (key, _) = ws.load(Loader::Tidy, &files).expect("the templates load");
        ws.get(&key).expect("loaded").clone()
    };
}

fuzz_target!(|data: &[u8]| {
    let (size, rest) = data.split_at(data.len().min(4));
    let mut wh = [0u8; 4];
    wh[..size.len()].copy_from_slice(size);
    let width = f64::from(u16::from_le_bytes([wh[0], wh[1]]));
    let height = f64::from(u16::from_le_bytes([wh[2], wh[3]]));
    let [text] = common::parts::<1>(rest);
    let Ok(mut session) = Session::new(&text.unwrap_or_default()) else { return };
    TEMPLATES.with(|t| session.attach(t));
    if session.has_data() && session.layout(width, height, &ApproxMeasure).is_ok() {
        let svg = session.svg().unwrap_or_default();
        assert!(svg.starts_with("<svg"), "an SVG document");
        let _ = session.csv();
        let _ = session.recipe();
    }
});
