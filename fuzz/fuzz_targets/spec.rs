//! The spec parser, and resolving a parsed spec against the template data.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::{Dataset, tidy};
use nhs_benchmark::spec;
use std::sync::OnceLock;

fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| {
        tidy::load(
            tidy::Input::csv("o.csv", common::OBSERVATIONS),
            Some(tidy::Input::csv("g.csv", common::ORGANISATIONS)),
            tidy::Input::json("m.json", common::METRICS),
            &mut |_, _| {},
        )
        .expect("the templates load")
    })
}

fuzz_target!(|data: &[u8]| {
    let [text] = common::parts::<1>(data);
    if let Ok(s) = spec::parse(&text.unwrap_or_default()) {
        let _ = s.resolve(self::data());
        // A parsed spec serialises to a spec that parses the same (the recipe round trip).
        let json = serde_json::to_string(&s).expect("a spec serialises");
        assert_eq!(spec::parse(&json).ok(), Some(s), "the recipe round trip changed the spec: {json}");
    }
});
