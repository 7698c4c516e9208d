//! Digital maturity: frameworks, scoring and comparison.
//!
//! NHS trusts assess their own digital maturity against published frameworks: the 2015/16
//! Digital Maturity Assessment (readiness, capabilities and enabling infrastructure, answers
//! mapped to 0-100), the What Good Looks Like assessments since 2023 (seven success measures,
//! domains at levels 1-5 where a level counts only when all its elements are met) and HIMSS
//! EMRAM (stages 0-7, each needing every lower stage). Here a framework is data
//! ([`framework`]), answers are loaded and validated against it ([`assessment`]), scored with
//! reasons and missing answers ([`scoring`]) and compared with peers, the national picture, the
//! exemplars and earlier rounds ([`compare`]).
//!
//! The three frameworks ship in `www/data/maturity/` and are embedded here, so
//! [`builtin`]`("wgll")` works offline. Results are self-assessed, and the bundled element-level
//! demo dataset is illustrative, not real assessment results: every result carries labels saying
//! so.
//!
//! The real, published results are pillar scores, not answers: NHS England's Digital Maturity
//! Assessment 2024 and 2025 results per provider, care setting and ICB. They are converted from
//! the published workbook ([`workbook`], [`dma_convert`], names matched to ODS codes by
//! [`crosswalk`]), bundled in `www/data/dma/`, loaded by [`dma_results`] and compared within a
//! care setting by [`dma_compare`], with the Global Digital Exemplars as today's trusts
//! ([`exemplars`]); [`dma_views`] holds the models of the views drawn on them.
//!
//! ```
//! use nhs_benchmark::maturity;
//! let wgll = maturity::builtin("wgll").expect("built-in frameworks validate");
//! let csv = "framework,org_code,round,criterion_id,answer,note\n\
//!            wgll,RXX,2024/25,wl.strategy,3,domain score only\n";
//! let set = maturity::load_csv("answers.csv", csv, std::slice::from_ref(&wgll)).unwrap();
//! let scored = maturity::score(&wgll, &set.assessments[0]).unwrap();
//! assert_eq!(scored.domains[0].level, Some(3));
//! assert_eq!(scored.labels, ["Self-assessed"]);
//! ```

pub mod assessment;
pub mod compare;
pub mod crosswalk;
pub mod dma_compare;
pub mod dma_convert;
pub mod dma_results;
pub mod dma_views;
pub mod exemplars;
pub mod framework;
pub mod outcomes;
pub mod round;
pub mod scoring;
pub mod views;
pub mod workbook;
pub mod workspace;

pub use assessment::{
    Answer, Assessment, AssessmentSet, CSV_COLUMNS, ILLUSTRATIVE_LABEL, load_csv, load_json,
};
pub use compare::{
    Band, Checklist, CohortSummary, CompareError, Distribution, GDE_EXEMPLARS, HeatMap, MaturityComparison,
    ProgressRanking, RoundChange, Tier, TierRef, change, changes_for, cohort, compare, describe, heat_map,
    next_level_checklist, progress,
};
pub use framework::{Framework, FrameworkDef, FrameworkError, Rule};
pub use round::Round;
pub use scoring::{ScoreError, ScoredAssessment, score, score_all};

/// The ids of the built-in frameworks.
pub const BUILTIN_IDS: [&str; 3] = ["wgll", "dma2015", "emram"];

/// The JSON text of a built-in framework, as shipped in `www/data/maturity/`.
pub fn builtin_json(id: &str) -> Option<&'static str> {
    Some(match id {
        "wgll" => include_str!("../../www/data/maturity/wgll.json"),
        "dma2015" => include_str!("../../www/data/maturity/dma2015.json"),
        "emram" => include_str!("../../www/data/maturity/emram.json"),
        _ => return None,
    })
}

/// A built-in framework, parsed and validated: "wgll" (What Good Looks Like, 2023 structure),
/// "dma2015" (Digital Maturity Assessment 2015/16) or "emram" (an EMRAM-style staged model).
pub fn builtin(id: &str) -> Result<Framework, FrameworkError> {
    let text = builtin_json(id).ok_or_else(|| FrameworkError {
        problems: vec![framework::PathProblem {
            path: "id".into(),
            message: format!("'{id}' is not a built-in framework: use one of {}", BUILTIN_IDS.join(", ")),
        }],
    })?;
    Framework::from_json(text)
}

/// All built-in frameworks, in [`BUILTIN_IDS`] order.
pub fn builtins() -> Result<Vec<Framework>, FrameworkError> {
    BUILTIN_IDS.iter().map(|id| builtin(id)).collect()
}
