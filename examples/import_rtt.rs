//! Imports an RTT full extract (the zip as downloaded, or its CSV) with the ODS trust list and
//! prints what the load did, a few providers' figures and how long it took, pushing the file in
//! 64 KiB chunks as a page would:
//!
//!     cargo run --release --example import_rtt -- \
//!         www/data/rtt/20260430-RTT-April-2026-full-extract.csv.zip www/data/ods/etr_2026.csv RRK

use nhs_benchmark::data::rtt::{self, RttImporter};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let extract =
        args.first().map_or("www/data/rtt/20260430-RTT-April-2026-full-extract.csv.zip", String::as_str);
    let ods = args.get(1).map_or("www/data/ods/etr_2026.csv", String::as_str);
    let focus: Vec<&str> =
        if args.len() > 2 { args[2..].iter().map(String::as_str).collect() } else { vec!["RRK"] };
    let bytes = std::fs::read(extract).unwrap_or_else(|e| panic!("{extract}: {e}"));
    let ods_text = std::fs::read_to_string(ods).unwrap_or_else(|e| panic!("{ods}: {e}"));
    let name = std::path::Path::new(extract).file_name().and_then(|n| n.to_str()).unwrap_or(extract);

    let start = Instant::now();
    let mut importer = RttImporter::new(name);
    for chunk in bytes.chunks(64 * 1024) {
        if let Err(e) = importer.push(chunk) {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
    let dataset = match importer.finish(ods, &ods_text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let elapsed = start.elapsed();

    let r = &dataset.report;
    println!(
        "{name}: {} bytes read in {:.0} ms; {} rows read, {} used, {} skipped",
        bytes.len(),
        elapsed.as_secs_f64() * 1000.0,
        r.rows_read,
        r.rows_used,
        r.rows_skipped
    );
    let count = |t: &str| dataset.organisations.iter().filter(|o| o.text("type") == Some(t)).count();
    println!(
        "{} organisations: {} NHS trusts, {} independent sector providers, England; {} metrics, {} observations",
        dataset.organisations.len(),
        count(rtt::TYPE_NHS_TRUST),
        count(rtt::TYPE_INDEPENDENT),
        dataset.metrics.len(),
        dataset.observations.len()
    );
    for d in &r.diagnostics {
        println!("  {:?}: {d}", d.severity);
    }
    let (from, to) = dataset.latest_periods(1).unwrap_or((0, 0));
    for code in focus.iter().chain(std::iter::once(&rtt::ENGLAND_CODE)) {
        let Some(org) = dataset.organisation_index(code) else {
            println!("{code}: not in the data");
            continue;
        };
        println!("{code} {}:", dataset.organisations[org].name);
        for id in rtt::HEADLINE_METRICS {
            let Some(m) = dataset.metric_index(id) else { continue };
            let f = dataset.aggregate(m, from, to).into_iter().find(|f| f.org == org);
            match f {
                Some(f) => println!(
                    "  {id}: numerator {:?}, denominator {:?}, value {:?}",
                    f.numerator, f.denominator, f.value
                ),
                None => println!("  {id}: no figure"),
            }
        }
    }
}
