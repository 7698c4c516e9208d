//! Tidy observations, organisations and metrics as JSON (split at NUL bytes; missing parts are
//! the templates) through the tidy loader.
#![no_main]

mod common;
use libfuzzer_sys::fuzz_target;
use nhs_benchmark::data::tidy::{self, Input};

fuzz_target!(|data: &[u8]| {
    let [obs, orgs, metrics] = common::parts::<3>(data);
    let obs = obs.unwrap_or_default();
    let metrics = metrics.unwrap_or_else(|| common::METRICS.to_string());
    let orgs = orgs.unwrap_or_default();
    let _ = tidy::load(
        Input::json("observations.json", &obs),
        Some(Input::json("organisations.json", &orgs)),
        Input::json("metrics.json", &metrics),
        &mut |_, _| {},
    );
    let _ = tidy::read_organisations(Input::detect("organisations", &obs));
});
