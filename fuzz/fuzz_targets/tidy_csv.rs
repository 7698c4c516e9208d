//! Tidy observations, organisations and metrics (split at NUL bytes; missing parts are the
//! templates) through the tidy loader, the CSV forms.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::tidy::{self, Input};

fuzz_target!(|data: &[u8]| {
    let [obs, orgs, metrics] = common::parts::<3>(data);
    let obs = obs.unwrap_or_default();
    let orgs = orgs.unwrap_or_else(|| common::ORGANISATIONS.to_string());
    let metrics = metrics.unwrap_or_else(|| common::METRICS.to_string());
    let loaded = tidy::load(
        Input::csv("observations.csv", &obs),
        Some(Input::csv("organisations.csv", &orgs)),
        Input::json("metrics.json", &metrics),
        &mut |_, _| {},
    );
    if let Ok(ds) = loaded {
        assert!(ds.report.rows_used <= ds.report.rows_read);
        // What the writers write, the loader reads back.
        let again = tidy::load(
            Input::csv("o.csv", &tidy::write_observations_csv(&ds)),
            Some(Input::csv("g.csv", &tidy::write_organisations_csv(&ds))),
            Input::json("m.json", &tidy::write_metrics_json(&ds)),
            &mut |_, _| {},
        );
        assert!(again.is_ok(), "a written dataset reads back: {again:?}");
    }
});
