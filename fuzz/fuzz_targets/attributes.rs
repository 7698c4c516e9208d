//! The element's attributes (and an embed page's URL parameters) to a spec: the input is
//! `name=value` pairs separated by NUL bytes (`view=funnel\0focus=RM3\0height=1e9`), read by
//! `spec::attributes::from_pairs`. A spec it gives passes the spec's own checks, survives the
//! recipe round trip, names a view of the registry and yields the file sets a page would fetch,
//! all without loading data.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::session::Session;
use nhs_benchmark::spec::{self, Origin, attributes};
use nhs_benchmark::views;
use nhs_benchmark::workspace::SourceSet;

fuzz_target!(|data: &[u8]| {
    let text = nhs_benchmark::data::encoding::decode("attributes", data).text;
    let pairs: Vec<(String, String)> = text
        .split('\0')
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (n.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect();
    let as_parameters = attributes::from_pairs(&pairs, Origin::Parameter);
    let Ok(spec) = attributes::from_pairs(&pairs, Origin::Attribute) else {
        assert!(as_parameters.is_err(), "attributes and URL parameters read alike");
        return;
    };
    assert_eq!(as_parameters.as_ref().ok(), Some(&spec), "attributes and URL parameters read alike");
    assert_eq!(spec.check(), Ok(()), "a spec read from attributes passes the spec's checks");
    let json = nhs_benchmark::json::to_string(&spec);
    assert_eq!(
        spec::parse(&json).as_ref().ok(),
        Some(&spec),
        "the recipe round trip changed the spec: {json}"
    );
    let Ok(view) = views::find(spec.view.as_deref()) else { return };
    for &need in view.needs {
        if let Ok(set) = SourceSet::for_spec(&spec, need) {
            assert!(!set.files.is_empty(), "a source set names its files");
        }
    }
    if let Ok(session) = Session::with_spec(spec.clone()) {
        let _ = session.sources();
        assert_eq!(session.spec(), &spec, "the session keeps the spec it was given");
    }
});
