//! Case families: each turns a reference case's `input` into a call on the engine and checks the
//! result. `run` answers `None` for a function no family knows, which the runner counts as failed.

mod correlation;
mod spc;
mod stats;

use super::runner::{Case, Failure};

pub fn run(case: &Case) -> Option<Result<Vec<Failure>, String>> {
    stats::run(case).or_else(|| spc::run(case)).or_else(|| correlation::run(case))
}
