//! The spec parser: a parsed spec passes its own checks, serialises to a spec that parses the
//! same (the recipe round trip), and names the file sets its view needs.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::spec;
use nhs_benchmark::views;
use nhs_benchmark::workspace::SourceSet;

fuzz_target!(|data: &[u8]| {
    let [text] = common::parts::<1>(data);
    let Ok(s) = spec::parse(&text.unwrap_or_default()) else { return };
    assert_eq!(s.check(), Ok(()), "a parsed spec passes its checks");
    let json = nhs_benchmark::json::to_string(&s);
    assert_eq!(spec::parse(&json).ok(), Some(s.clone()), "the recipe round trip changed the spec: {json}");
    if let Ok(view) = views::find(s.view.as_deref()) {
        for &need in view.needs {
            let _ = SourceSet::for_spec(&s, need);
        }
    }
});
