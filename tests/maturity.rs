//! Digital maturity: framework validation, scoring with hand-worked examples for each kind of
//! scale (mapped means, cumulative levels, stages), loading answers, comparison, and the
//! illustrative dataset's generator.

#[path = "../examples/make_maturity_data.rs"]
mod make_maturity_data;

use nhs_benchmark::data::Severity;
use nhs_benchmark::maturity::compare::{Band, ItemStatus};
use nhs_benchmark::maturity::scoring::{ReasonCode, ScoreSource};
use nhs_benchmark::maturity::{
    self, Framework, ILLUSTRATIVE_LABEL, Rule, ScoredAssessment, TierRef, load_csv, load_json, score,
};
use std::path::PathBuf;

fn repo_file(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

/// Loads `csv` against `fw` and scores every assessment, failing on any load or score error.
fn scored_from(fw: &Framework, csv: &str) -> Vec<ScoredAssessment> {
    let set = load_csv("t.csv", csv, std::slice::from_ref(fw)).expect("loads");
    let errors: Vec<_> = set.report.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    set.assessments.iter().map(|a| score(fw, a).expect("scores")).collect()
}

// ---------- Hand-worked frameworks, one per kind of scale ----------

const MEAN_FW: &str = r#"{
  "id": "t_mean", "title": "Mean test", "version": "1", "basis": "self-assessed", "source": "hand-worked",
  "rule": "mean", "scores": {"min": 0, "max": 100},
  "answer_scales": [
    {"id": "agree", "options": [
      {"answer": "Disagree completely", "score": 0}, {"answer": "Mostly disagree", "score": 25},
      {"answer": "Neither agree or disagree", "score": 50}, {"answer": "Mostly agree", "score": 75},
      {"answer": "Agree completely", "score": 100}]},
    {"id": "pct", "options": [
      {"answer": "0%", "score": 0, "up_to": 0}, {"answer": "1%-20%", "score": 20, "up_to": 20},
      {"answer": "21%-40%", "score": 40, "up_to": 40}, {"answer": "41%-60%", "score": 60, "up_to": 60},
      {"answer": "61%-80%", "score": 80, "up_to": 80}, {"answer": "81%-100%", "score": 100, "up_to": 100}]}
  ],
  "pillars": [
    {"id": "p1", "title": "Pillar one", "domains": [
      {"id": "d1", "title": "Domain one", "criteria": [
        {"id": "q1", "text": "Question one", "scale": "agree", "weight": 2},
        {"id": "q2", "text": "Question two", "scale": "pct"}]},
      {"id": "d2", "title": "Domain two", "criteria": [
        {"id": "q3", "text": "Question three", "scale": "agree"}]}]},
    {"id": "p2", "title": "Pillar two", "weight": 3, "domains": [
      {"id": "d3", "title": "Domain three", "criteria": [
        {"id": "q4", "text": "Question four", "scale": "pct"},
        {"id": "q5", "text": "Question five", "scale": "agree"}]}]}
  ]
}"#;

const CUMULATIVE_FW: &str = r#"{
  "id": "t_cum", "title": "Cumulative test", "version": "1", "basis": "self-assessed", "source": "hand-worked",
  "rule": "cumulative", "levels": {"min": 1, "max": 4, "label": "Level"}, "default_scale": "met",
  "answer_scales": [{"id": "met", "met_at_least": 1, "options": [
    {"answer": "met", "score": 1, "aliases": ["yes"]}, {"answer": "not met", "score": 0, "aliases": ["no"]}]}],
  "pillars": [
    {"id": "p1", "title": "Pillar one", "domains": [
      {"id": "x", "title": "Domain X", "criteria": [
        {"id": "x.a", "text": "A", "level": 2},
        {"id": "x.b", "text": "B", "level": 3}, {"id": "x.c", "text": "C", "level": 3},
        {"id": "x.d", "text": "D", "level": 3}, {"id": "x.e", "text": "E", "level": 3},
        {"id": "x.f", "text": "F", "level": 3},
        {"id": "x.g", "text": "G", "level": 4}]},
      {"id": "y", "title": "Domain Y", "criteria": [
        {"id": "y.h", "text": "H", "level": 2}, {"id": "y.i", "text": "I", "level": 3},
        {"id": "y.j", "text": "J", "level": 4},
        {"id": "y.k", "text": "K, asked from 2024/25", "level": 4, "from_round": "2024/25"}]}]},
    {"id": "p2", "title": "Pillar two", "domains": [
      {"id": "z", "title": "Domain Z", "criteria": [
        {"id": "z.l", "text": "L", "level": 2}, {"id": "z.m", "text": "M", "level": 3},
        {"id": "z.n", "text": "N", "level": 4}]}]}
  ]
}"#;

const STAGED_FW: &str = r#"{
  "id": "t_staged", "title": "Staged test", "version": "1", "basis": "externally-validated", "source": "hand-worked",
  "rule": "staged", "levels": {"min": 0, "max": 3, "label": "Stage"}, "default_scale": "met",
  "answer_scales": [{"id": "met", "met_at_least": 1, "options": [
    {"answer": "met", "score": 1}, {"answer": "not met", "score": 0}]}],
  "pillars": [{"id": "p", "title": "Adoption", "domains": [
    {"id": "st3", "title": "Stage three", "stage": 3, "criteria": [
      {"id": "s3a", "text": "3a"}, {"id": "s3b", "text": "3b"}]},
    {"id": "st1", "title": "Stage one", "stage": 1, "criteria": [
      {"id": "s1a", "text": "1a"}, {"id": "s1b", "text": "1b"}]},
    {"id": "st2", "title": "Stage two", "stage": 2, "criteria": [
      {"id": "s2a", "text": "2a"}]}]}]
}"#;

fn fw(json: &str) -> Framework {
    Framework::from_json(json).unwrap_or_else(|e| panic!("{e}"))
}

const HEADER: &str = "framework,org_code,round,criterion_id,answer,note\n";

// ---------- Built-in frameworks ----------

#[test]
fn the_three_built_in_frameworks_load_and_validate() {
    let all = maturity::builtins().unwrap_or_else(|e| panic!("{e}"));
    let rules: Vec<Rule> = all.iter().map(|f| f.rule()).collect();
    assert_eq!(rules, [Rule::Cumulative, Rule::Mean, Rule::Staged]);
    for f in &all {
        assert!(f.def().source.contains("https://"), "{} cites no source", f.id());
        let file = repo_file(&format!("www/data/maturity/{}.json", f.id()));
        assert_eq!(maturity::builtin_json(f.id()), Some(file.as_str()), "embedded copy is stale");
    }
}

#[test]
fn wgll_has_the_seven_success_measures_in_order() {
    let w = maturity::builtin("wgll").unwrap();
    let titles: Vec<&str> = w.def().pillars.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Well led",
            "Ensure smart foundations",
            "Safe practice",
            "Support people",
            "Empower citizens",
            "Improve care",
            "Healthy populations"
        ]
    );
    assert_eq!(w.score_range(), (1.0, 5.0));
}

#[test]
fn dma2015_has_three_themes_and_the_published_answer_mappings() {
    let d = maturity::builtin("dma2015").unwrap();
    let themes: Vec<&str> = d.def().pillars.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(themes, ["readiness", "capabilities", "infrastructure"]);
    let c = |id: &str| match d.lookup(id) {
        Some(maturity::framework::Target::Criterion(c)) => c,
        other => panic!("{id}: {other:?}"),
    };
    let agree = c("rd.leadership.a");
    let pct = c("cp.medicines.a");
    let structure = c("cp.records_assessments_plans.b");
    let nhs_number = c("cp.records_assessments_plans.c");
    // Data catalogue mappings: agreement 0/25/50/75/100, percentage bands 0-100 by 20,
    // structure 0/50/100, NHS Number uptake 0/17/35/52/70/87/100.
    assert_eq!(d.map_answer(agree, "Neither agree or disagree"), Ok(50.0));
    assert_eq!(d.map_answer(agree, "mostly AGREE"), Ok(75.0));
    assert_eq!(d.map_answer(pct, "41%-60%"), Ok(60.0));
    assert_eq!(d.map_answer(pct, "33%"), Ok(40.0));
    assert_eq!(d.map_answer(pct, "0"), Ok(0.0));
    assert_eq!(d.map_answer(structure, "Semi-structured"), Ok(50.0));
    assert_eq!(d.map_answer(nhs_number, "93%"), Ok(87.0));
    assert_eq!(d.map_answer(nhs_number, "50"), Ok(0.0));
    assert_eq!(d.map_answer(nhs_number, "50.5"), Ok(17.0));
    assert_eq!(d.map_answer(nhs_number, "76%-80%"), Ok(35.0));
    let bad = d.map_answer(nhs_number, "101%").unwrap_err();
    assert!(bad.contains("96%-100%"), "{bad}");
    assert!(d.map_answer(pct, "-5").is_err());
}

#[test]
fn emram_has_stages_one_to_seven_over_a_floor_of_zero() {
    let e = maturity::builtin("emram").unwrap();
    let stages: Vec<u32> = e.stage_order().iter().map(|&d| e.domain(d).stage.unwrap()).collect();
    assert_eq!(stages, [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(e.level_label(), "Stage");
}

#[test]
fn a_framework_serialises_to_json_that_reads_back_the_same() {
    for id in maturity::BUILTIN_IDS {
        let f = maturity::builtin(id).unwrap();
        let json = serde_json::to_string(&f).unwrap();
        let again = Framework::from_json(&json).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(again.def(), f.def());
    }
}

// ---------- Validation ----------

fn problems(json: &str) -> Vec<String> {
    match Framework::from_json(json) {
        Ok(_) => panic!("expected the framework to be rejected"),
        Err(e) => e.problems.iter().map(|p| p.to_string()).collect(),
    }
}

#[test]
fn a_duplicate_criterion_id_is_reported_at_its_json_path() {
    let json = CUMULATIVE_FW.replace(r#""id": "y.i""#, r#""id": "x.c""#);
    assert_eq!(
        problems(&json),
        [
            "pillars[0].domains[1].criteria[1].id: duplicate id 'x.c' (first used at pillars[0].domains[0].criteria[2].id): ids must be unique"
        ]
    );
}

#[test]
fn an_unknown_field_is_an_error_with_its_path() {
    let json = MEAN_FW.replace(r#""scale": "pct"}]},"#, r#""scale": "pct", "weigth": 2}]},"#);
    let p = problems(&json);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("pillars[0].domains[0].criteria[1]") && p[0].contains("unknown field `weigth`"),
        "{}",
        p[0]
    );
    let top = problems(&MEAN_FW.replacen('{', r#"{"colour": "blue", "#, 1));
    assert!(top[0].contains("unknown field `colour`"), "{}", top[0]);
}

#[test]
fn a_wrong_type_is_reported_at_its_path() {
    let json = MEAN_FW.replace(r#""weight": 3"#, r#""weight": "heavy""#);
    let p = problems(&json);
    assert!(p[0].starts_with("pillars[1].weight: invalid type"), "{}", p[0]);
}

#[test]
fn validation_collects_every_broken_rule_with_paths() {
    let json = CUMULATIVE_FW
        .replace(r#"{"id": "x.a", "text": "A", "level": 2}"#, r#"{"id": "x.a", "text": "A", "level": 5}"#)
        .replace(
            r#"{"id": "z.m", "text": "M", "level": 3}"#,
            r#"{"id": "z.m", "text": "M", "level": 3, "weight": -1}"#,
        )
        .replace(
            r#"{"id": "y.h", "text": "H", "level": 2}"#,
            r#"{"id": "y.h", "text": "H", "level": 2, "scale": "nope"}"#,
        );
    let p = problems(&json);
    assert_eq!(
        p,
        [
            "pillars[0].domains[0].criteria[0].level: level 5 is outside 2 to 4: level 1 is the floor and needs no elements",
            "pillars[0].domains[0].criteria: no element asked in every round for level 2: each level above the floor needs one, or the level would be reached for free",
            "pillars[0].domains[1].criteria[0].scale: unknown scale 'nope': use the id of one of the answer_scales",
            "pillars[1].domains[0].criteria[1].weight: -1 is not a valid weight: use a number above 0",
        ]
    );
}

#[test]
fn a_cumulative_element_without_a_level_and_a_stage_gap_are_rejected() {
    let no_level =
        CUMULATIVE_FW.replace(r#"{"id": "z.n", "text": "N", "level": 4}"#, r#"{"id": "z.n", "text": "N"}"#);
    let p = problems(&no_level);
    assert!(p.contains(&"pillars[1].domains[0].criteria[2].level: a cumulative framework needs the level of every element: add \"level\"".to_string()), "{p:?}");
    let gap = STAGED_FW.replace(r#""stage": 2"#, r#""stage": 1"#);
    let p = problems(&gap);
    assert!(p.iter().any(|m| m.starts_with("pillars[0].domains[2].stage: stage 1 is already")), "{p:?}");
    assert!(p.iter().any(|m| m.contains("needs exactly one domain for each stage 1 to 3")), "{p:?}");
}

#[test]
fn a_mean_framework_rejects_scores_outside_its_range_and_levels() {
    let json = MEAN_FW
        .replace(
            r#"{"answer": "Agree completely", "score": 100}"#,
            r#"{"answer": "Agree completely", "score": 150}"#,
        )
        .replace(
            r#""scores": {"min": 0, "max": 100},"#,
            r#""scores": {"min": 0, "max": 100}, "levels": {"min": 1, "max": 5, "label": "L"},"#,
        );
    let p = problems(&json);
    assert!(p.iter().any(|m| m.starts_with("levels: levels are only used by")), "{p:?}");
    assert!(
        p.contains(&"answer_scales[0].options[4].score: 150 is outside the score range 0 to 100".to_string()),
        "{p:?}"
    );
}

// ---------- Scoring: mapped means ----------

#[test]
fn mean_scoring_matches_the_hand_worked_example() {
    let f = fw(MEAN_FW);
    // q1 Mostly agree = 75 (weight 2), q2 33% falls in 21%-40% = 40: d1 = (2*75 + 40) / 3 = 190/3.
    // q3 Agree completely = 100: d2 = 100. p1 = (190/3 + 100) / 2 = 245/3.
    // q4 0% = 0, q5 unanswered: d3 = 0 from 1 of 2 criteria; p2 = 0.
    // Overall = (1 * 245/3 + 3 * 0) / 4 = 245/12.
    let csv = format!(
        "{HEADER}t_mean,RXX,2016,q1,Mostly agree,\nt_mean,RXX,2016,q2,33%,\nt_mean,RXX,2016,q3,agree completely,\nt_mean,RXX,2016,q4,0%,\nt_mean,RXX,2016,q5,,\n"
    );
    let s = &scored_from(&f, &csv)[0];
    assert!(close(s.domains[0].score.unwrap(), 190.0 / 3.0));
    assert_eq!(s.domains[1].score, Some(100.0));
    assert_eq!(s.domains[2].score, Some(0.0));
    assert!(close(s.pillars[0].score.unwrap(), 245.0 / 3.0));
    assert_eq!(s.pillars[1].score, Some(0.0));
    assert!(close(s.overall.score.unwrap(), 245.0 / 12.0));
    assert_eq!(s.overall.level, None);
    // The unanswered question is reported, not scored as zero.
    assert_eq!(s.missing.len(), 1);
    assert_eq!(s.missing[0].criterion, "q5");
    let partial = s.reasons.iter().find(|r| r.code == ReasonCode::PartialDomain).unwrap();
    assert_eq!(partial.text, "Domain three scored from 1 of 2 criteria: 1 not answered (q5)");
    assert_eq!(s.labels, ["Self-assessed"]);
}

#[test]
fn a_domain_score_given_directly_is_used_when_its_criteria_are_unanswered() {
    let f = fw(MEAN_FW);
    let csv = format!(
        "{HEADER}t_mean,RXX,2016,d1,62.5,\nt_mean,RXX,2016,d2,40,\nt_mean,RXX,2016,q3,Mostly disagree,\n"
    );
    let s = &scored_from(&f, &csv)[0];
    assert_eq!(s.domains[0].source, ScoreSource::DomainScore);
    assert_eq!(s.domains[0].score, Some(62.5));
    // d2 has an answered criterion, so its direct score is set aside with a reason.
    assert_eq!(s.domains[1].score, Some(25.0));
    assert!(s.reasons.iter().any(|r| r.code == ReasonCode::DomainScoreIgnored));
    // No result for d3 (nothing answered): pillar two has none, and the overall uses pillar one.
    assert_eq!(s.domains[2].score, None);
    assert_eq!(s.pillars[1].score, None);
    assert!(close(s.overall.score.unwrap(), (62.5 + 25.0) / 2.0));
    assert_eq!(s.missing.iter().map(|m| m.criterion.as_str()).collect::<Vec<_>>(), ["q4", "q5"]);
}

// ---------- Scoring: cumulative levels ----------

fn cumulative_example() -> ScoredAssessment {
    let f = fw(CUMULATIVE_FW);
    let answers = [
        ("x.a", "met"),
        ("x.b", "met"),
        ("x.c", "not met"),
        ("x.d", "yes"),
        ("x.e", "no"),
        ("x.f", "met"),
        ("x.g", "met"),
        ("y.h", "met"),
        ("y.i", "met"),
        ("y.j", ""),
        ("z.l", "met"),
        ("z.m", "met"),
        ("z.n", "met"),
    ];
    let mut csv = HEADER.to_string();
    for (id, a) in answers {
        csv.push_str(&format!("t_cum,RXX,2023/24,{id},{a},\n"));
    }
    scored_from(&f, &csv).remove(0)
}

#[test]
fn cumulative_level_stops_at_the_first_level_with_an_unmet_element() {
    let s = cumulative_example();
    // Domain X: level 2 met (x.a); level 3 has 5 elements, x.c and x.e not met: level 2, even
    // though its level 4 element is met.
    assert_eq!(s.domains[0].level, Some(2));
    assert_eq!(s.domains[0].score, Some(2.0));
    assert!(!s.domains[0].level_is_lower_bound);
    let why = s
        .reasons
        .iter()
        .find(|r| r.domain.as_deref() == Some("x") && r.code == ReasonCode::LevelNotReached)
        .unwrap();
    assert_eq!(why.text, "Level 3 not reached in Domain X: 2 of 5 elements not met (x.c, x.e)");
    assert_eq!((why.level, why.of), (Some(3), 5));
    assert_eq!(why.not_met, ["x.c", "x.e"]);
}

#[test]
fn cumulative_level_with_an_unanswered_element_is_a_lower_bound() {
    let s = cumulative_example();
    // Domain Y: levels 2 and 3 met, level 4's y.j unanswered (y.k is not asked in 2023/24).
    assert_eq!(s.domains[1].level, Some(3));
    assert!(s.domains[1].level_is_lower_bound);
    assert_eq!(s.domains[1].asked, 3);
    let why = s.reasons.iter().find(|r| r.domain.as_deref() == Some("y")).unwrap();
    assert_eq!(why.code, ReasonCode::LevelUndetermined);
    assert_eq!(
        why.text,
        "Level 4 undetermined in Domain Y: 1 of 1 elements not answered (y.j); level 3 reached so far"
    );
    assert_eq!(s.missing.iter().map(|m| m.criterion.as_str()).collect::<Vec<_>>(), ["y.j"]);
    // Domain Z: everything met, the top level.
    assert_eq!(s.domains[2].level, Some(4));
    let z = s.reasons.iter().find(|r| r.domain.as_deref() == Some("z")).unwrap();
    assert_eq!(z.text, "Level 4 reached in Domain Z: every element of levels 2 to 4 met");
    // Pillar one = mean of levels 2 and 3; pillar two = 4; overall = (2.5 + 4) / 2.
    assert_eq!(s.pillars[0].score, Some(2.5));
    assert_eq!(s.pillars[1].score, Some(4.0));
    assert_eq!(s.overall.score, Some(3.25));
}

#[test]
fn wgll_with_every_element_met_is_level_five_everywhere() {
    let w = maturity::builtin("wgll").unwrap();
    let round = maturity::Round::parse("2024/25").unwrap();
    let mut csv = HEADER.to_string();
    for c in 0..w.criteria().len() {
        if w.is_asked(c, &round) {
            csv.push_str(&format!("wgll,RM3,2024/25,{},met,\n", w.criterion(c).id));
        }
    }
    let s = &scored_from(&w, &csv)[0];
    assert!(s.domains.iter().all(|d| d.level == Some(5)));
    assert_eq!(s.overall.score, Some(5.0));
    assert!(s.missing.is_empty());
}

// ---------- Scoring: stages ----------

fn staged(answers: &[(&str, &str)]) -> ScoredAssessment {
    let f = fw(STAGED_FW);
    let mut csv = HEADER.to_string();
    for (id, a) in answers {
        csv.push_str(&format!("t_staged,RXX,2019,{id},{a},\n"));
    }
    scored_from(&f, &csv).remove(0)
}

#[test]
fn a_stage_needs_every_lower_stage() {
    // Stage 1 complete, stage 2's only criterion not met, stage 3 complete: stage 1.
    let s = staged(&[("s1a", "met"), ("s1b", "met"), ("s2a", "not met"), ("s3a", "met"), ("s3b", "met")]);
    assert_eq!(s.overall.level, Some(1));
    assert!(!s.overall.level_is_lower_bound);
    let why = s.reasons.iter().find(|r| r.code == ReasonCode::StageNotReached).unwrap();
    assert_eq!(why.text, "Stage 2 not reached (Stage two): 1 of 1 criteria not met (s2a)");
    // Domains (in file order: stage 3, 1, 2) score the per cent of their criteria met.
    let by_stage = |st: u32| s.domains.iter().find(|d| d.stage == Some(st)).unwrap();
    assert_eq!(by_stage(3).score, Some(100.0));
    assert_eq!(by_stage(3).achieved, Some(true));
    assert_eq!(by_stage(2).score, Some(0.0));
    assert_eq!(s.overall.score, Some(200.0 / 3.0));
    assert_eq!(s.labels, ["Externally validated"]);
}

#[test]
fn an_unanswered_criterion_in_the_first_stage_leaves_stage_zero_as_a_lower_bound() {
    let s = staged(&[("s1a", "met"), ("s2a", "met"), ("s3a", "met"), ("s3b", "met")]);
    assert_eq!(s.overall.level, Some(0));
    assert!(s.overall.level_is_lower_bound);
    let why = s.reasons.iter().find(|r| r.code == ReasonCode::StageUndetermined).unwrap();
    assert_eq!(
        why.text,
        "Stage 1 undetermined (Stage one): 1 of 2 criteria not answered (s1b); stage 0 reached so far"
    );
    let all = staged(&[("s1a", "met"), ("s1b", "met"), ("s2a", "met"), ("s3a", "met"), ("s3b", "met")]);
    assert_eq!(all.overall.level, Some(3));
}

#[test]
fn emram_without_closed_loop_medication_stops_at_stage_four() {
    let e = maturity::builtin("emram").unwrap();
    let mut csv = HEADER.to_string();
    for c in 0..e.criteria().len() {
        let id = &e.criterion(c).id;
        let a = if id == "s5.cloop" { "not met" } else { "met" };
        csv.push_str(&format!("emram,RXX,2019,{id},{a},\n"));
    }
    let s = &scored_from(&e, &csv)[0];
    assert_eq!(s.overall.level, Some(4));
    assert!(
        s.reasons
            .iter()
            .any(|r| { r.text.starts_with("Stage 5 not reached (Closed-loop medication administration)") })
    );
}

// ---------- Loading answers ----------

#[test]
fn the_template_loads_and_every_answer_is_reported_missing() {
    let w = maturity::builtin("wgll").unwrap();
    let text = repo_file("www/data/maturity/template.csv");
    let set = load_csv("template.csv", &text, std::slice::from_ref(&w)).unwrap();
    assert!(!set.illustrative);
    assert_eq!(set.assessments.len(), 1);
    let n = set.report.rows_read;
    assert!(n >= 80, "{n}");
    assert_eq!((set.report.rows_used, set.report.rows_skipped), (0, n));
    assert_eq!(set.report.diagnostics.len(), 1);
    assert_eq!(set.report.diagnostics[0].severity, Severity::Warning);
    let s = score(&w, &set.assessments[0]).unwrap();
    assert_eq!(s.missing.len(), n);
    assert_eq!(s.overall.score, None);
    assert!(s.reasons.iter().all(|r| r.code == ReasonCode::NoAnswers));
}

#[test]
fn the_template_matches_what_the_generator_writes() {
    assert_eq!(make_maturity_data::template_csv().unwrap(), repo_file("www/data/maturity/template.csv"));
}

#[test]
fn the_illustrative_file_is_reproduced_byte_for_byte_by_its_generator() {
    let ods = repo_file("www/data/ods_trusts_etr.csv");
    let generated = make_maturity_data::illustrative_csv(&ods).unwrap();
    let committed = repo_file("www/data/maturity/illustrative_assessments.csv");
    assert!(generated == committed, "re-run `cargo run --example make_maturity_data`");
}

#[test]
fn the_illustrative_file_loads_marked_illustrative_with_no_errors() {
    let all = maturity::builtins().unwrap();
    let text = repo_file("www/data/maturity/illustrative_assessments.csv");
    let set = load_csv("illustrative_assessments.csv", &text, &all).unwrap();
    assert!(set.illustrative);
    assert!(set.notes[0].starts_with("illustrative, not real assessment results"));
    assert!(set.report.diagnostics.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(set.report.rows_used + set.report.rows_skipped, set.report.rows_read);
    let codes = make_maturity_data::trust_codes(&repo_file("www/data/ods_trusts_etr.csv")).unwrap();
    assert_eq!(set.for_framework("wgll").count(), codes.len() * 2);
    assert_eq!(set.for_framework("dma2015").count(), codes.len());
    let (scored, errors) = maturity::score_all(&all[0], &set.assessments);
    assert!(errors.is_empty());
    assert!(scored.iter().all(|s| s.labels.contains(&ILLUSTRATIVE_LABEL.to_string())));
    // The exemplars are skewed higher, as documented.
    let r = maturity::compare(&all[0], &scored, "RM3", "2024/25", &[]).unwrap();
    let (ex, nat) = (r.exemplars.overall.distribution.unwrap(), r.national.overall.distribution.unwrap());
    assert_eq!(ex.n, 12);
    assert!(ex.median > nat.median, "{ex:?} vs {nat:?}");
}

#[test]
fn bad_rows_are_skipped_and_counted_with_row_and_column() {
    let f = fw(CUMULATIVE_FW);
    let csv = format!(
        "# a comment line\n{HEADER}\
t_cum,RXX,2023/24,x.a,met,fine\n\
nope,RXX,2023/24,x.a,met,\n\
t_cum,RXX,2023/25,x.b,met,\n\
t_cum,RXX,2023/24,x.zz,met,\n\
t_cum,RXX,2023/24,x.b,maybe,\n\
t_cum,RXX,2023/24,y.k,met,\n\
t_cum,RXX,2023/24,x.a,not met,\n\
t_cum,R X,2023/24,x.c,met,\n\
t_cum,RXX,2023/24,x\n\
t_cum,RXX,2023/24,x,7,\n"
    );
    let set = load_csv("answers.csv", &csv, std::slice::from_ref(&f)).unwrap();
    assert_eq!((set.report.rows_read, set.report.rows_used, set.report.rows_skipped), (10, 1, 9));
    let at: Vec<(Option<usize>, Option<&str>)> =
        set.report.diagnostics.iter().map(|d| (d.row, d.column.as_deref())).collect();
    assert_eq!(
        at,
        [
            (Some(4), Some("framework")),
            (Some(5), Some("round")),
            (Some(6), Some("criterion_id")),
            (Some(7), Some("answer")),
            (Some(8), Some("criterion_id")),
            (Some(9), Some("criterion_id")),
            (Some(10), Some("org_code")),
            (Some(11), None),
            (Some(12), Some("answer")),
        ]
    );
    let msg =
        |row: usize| set.report.diagnostics.iter().find(|d| d.row == Some(row)).unwrap().message.clone();
    assert_eq!(
        msg(7),
        "'maybe' is not an answer on the 'met' scale of criterion 'x.b': use one of met, not met"
    );
    assert_eq!(msg(8), "'y.k' was not asked in round 2023/24 (asked from 2024/25): remove the row");
    assert_eq!(msg(9), "duplicate: row 3 already gives 'x.a' for RXX in 2023/24: keep one row");
    assert_eq!(msg(12), "7 is out of range for domain 'x': give a whole level from 1 to 4");
}

#[test]
fn a_file_without_the_template_columns_is_rejected() {
    let f = fw(CUMULATIVE_FW);
    let err =
        load_csv("a.csv", "framework,org,round,criterion_id,answer\n", std::slice::from_ref(&f)).unwrap_err();
    assert_eq!(err.diagnostics[0].column.as_deref(), Some("org_code"));
    let all_bad = format!("{HEADER}t_cum,RXX,2023/24,nope,met,\n");
    let err = load_csv("b.csv", &all_bad, std::slice::from_ref(&f)).unwrap_err();
    assert_eq!(err.total, 1);
    assert_eq!(err.diagnostics[0].row, Some(2));
}

#[test]
fn json_answers_load_with_paths_in_diagnostics() {
    let f = fw(CUMULATIVE_FW);
    let json = r#"{"notes": ["illustrative, not real"], "assessments": [
        {"framework": "t_cum", "org_code": "rxx", "round": "2023/24", "answers": [
            {"id": "x.a", "answer": "met"}, {"id": "x", "answer": 3}, {"id": "z.l", "answer": "perhaps"}]}]}"#;
    let set = load_json("a.json", json, std::slice::from_ref(&f)).unwrap();
    assert!(set.illustrative);
    assert_eq!(set.assessments[0].org_code, "RXX");
    assert_eq!(set.report.rows_used, 2);
    assert_eq!(set.report.diagnostics[0].column.as_deref(), Some("assessments[0].answers[2].answer"));
    let err = load_json(
        "b.json",
        r#"{"assessments": [{"framework": "t_cum", "org": "R"}]}"#,
        std::slice::from_ref(&f),
    )
    .unwrap_err();
    let d = &err.diagnostics[0];
    assert!(d.message.contains("unknown field `org`"), "{}", d.message);
    assert_eq!(d.column.as_deref(), Some("assessments[0].org"));
}

// ---------- Comparison ----------

/// Three organisations on the mean framework with domain scores given directly, in two rounds.
fn progress_set() -> (Framework, Vec<ScoredAssessment>) {
    let f = fw(MEAN_FW);
    let mut csv = HEADER.to_string();
    // Overall = (p1 + 3 p2) / 4 with p1 = (d1 + d2) / 2 and p2 = d3; equal domain scores make
    // the overall that score.
    for (org, first, last) in [("RAA", 20.0, 60.0), ("RBB", 60.0, 64.0), ("RCC", 40.0, 40.0)] {
        for (round, v) in [("2016", first), ("2018", last)] {
            for d in ["d1", "d2", "d3"] {
                csv.push_str(&format!("t_mean,{org},{round},{d},{v},\n"));
            }
        }
    }
    let s = scored_from(&f, &csv);
    (f, s)
}

#[test]
fn progress_ranks_by_change_per_year_and_counts_who_was_leapfrogged() {
    let (f, s) = progress_set();
    let p = maturity::progress(&f, &s, &TierRef::Overall, None).unwrap();
    let order: Vec<(&str, usize, f64)> =
        p.rows.iter().map(|r| (r.org_code.as_str(), r.rank, r.per_year)).collect();
    assert_eq!(order, [("RAA", 1, 20.0), ("RBB", 2, 2.0), ("RCC", 3, 0.0)]);
    // RAA started below RCC (20 < 40) and ended above it (60 > 40), but stayed below RBB.
    assert_eq!(p.rows[0].leapfrogged, 1);
    assert_eq!(p.rows[0].years, 2);
    assert_eq!(p.median_per_year, Some(2.0));
    assert!(p.rows.iter().all(|r| !r.question_set_changed));
}

#[test]
fn a_cohort_summary_gives_type7_median_and_interquartile_range() {
    let (f, s) = progress_set();
    let c = maturity::cohort(&f, "All", &s, "2018", None).unwrap();
    let d = c.overall.distribution.unwrap();
    // Values 40, 60, 64: type 7 quartiles at h = 0.5 and 1.5.
    assert_eq!((d.n, d.q1, d.median, d.q3), (3, 50.0, 60.0, 62.0));
    let peers = maturity::cohort(&f, "Two", &s, "2018", Some(&["rbb", "RCC", "RZZ"])).unwrap();
    assert_eq!(peers.members, ["RBB", "RCC"]);
    assert_eq!(peers.not_found, ["RZZ"]);
    let cmp = maturity::compare(&f, &s, "RAA", "2018", &["RBB", "RCC", "RAA"]).unwrap();
    assert_eq!(cmp.peers.members, ["RBB", "RCC"]);
    let overall = &cmp.rows[0];
    assert_eq!(overall.value, Some(60.0));
    assert_eq!(overall.against_national, Band::WithinInterquartileRange);
    // Peers 40 and 64: q3 at h = 0.75 is 40 + 0.75 * 24 = 58, so 60 is above it.
    assert_eq!(overall.peers.unwrap().q3, 58.0);
    assert_eq!(overall.against_peers, Band::AboveUpperQuartile);
    assert_eq!(cmp.exemplars.not_found.len(), 12);
}

#[test]
fn the_next_level_checklist_lists_the_elements_of_the_next_level() {
    let f = fw(CUMULATIVE_FW);
    let s = cumulative_example();
    let list = maturity::next_level_checklist(&f, &s).unwrap();
    // Domain Z is at the top level, so only X (2 -> 3) and Y (3 -> 4) have gaps.
    let gaps: Vec<(&str, Option<u32>, Option<u32>, usize)> =
        list.gaps.iter().map(|g| (g.domain.as_str(), g.current_level, g.target_level, g.remaining)).collect();
    assert_eq!(gaps, [("x", Some(2), Some(3), 2), ("y", Some(3), Some(4), 1)]);
    let x: Vec<(&str, ItemStatus)> =
        list.gaps[0].items.iter().map(|i| (i.criterion.as_str(), i.status)).collect();
    assert_eq!(
        x,
        [
            ("x.b", ItemStatus::Met),
            ("x.c", ItemStatus::NotMet),
            ("x.d", ItemStatus::Met),
            ("x.e", ItemStatus::NotMet),
            ("x.f", ItemStatus::Met)
        ]
    );
    assert_eq!(list.gaps[1].items[0].status, ItemStatus::NotAnswered);
}

#[test]
fn the_mean_checklist_orders_questions_by_points_available() {
    let f = fw(MEAN_FW);
    let csv = format!("{HEADER}t_mean,RXX,2016,q1,Mostly agree,\nt_mean,RXX,2016,q2,33%,\n");
    let s = &scored_from(&f, &csv)[0];
    let list = maturity::next_level_checklist(&f, s).unwrap();
    let d1 = &list.gaps[0];
    // q2: (100 - 40) * 1/3 = 20 points; q1: (100 - 75) * 2/3 = 16.67 points.
    assert_eq!(d1.items[0].criterion, "q2");
    assert!(close(d1.items[0].points_available.unwrap(), 20.0));
    assert!(close(d1.items[1].points_available.unwrap(), 50.0 / 3.0));
}

#[test]
fn the_staged_checklist_is_the_next_stage() {
    let f = fw(STAGED_FW);
    let s = staged(&[("s1a", "met"), ("s1b", "met"), ("s2a", "not met")]);
    let list = maturity::next_level_checklist(&f, &s).unwrap();
    assert_eq!(list.gaps.len(), 1);
    assert_eq!((list.gaps[0].domain.as_str(), list.gaps[0].target_level), ("st2", Some(2)));
    assert_eq!(list.gaps[0].items[0].status, ItemStatus::NotMet);
}

#[test]
fn a_change_between_rounds_is_flagged_where_the_question_set_changed() {
    let f = fw(CUMULATIVE_FW);
    let mut csv = HEADER.to_string();
    for round in ["2023/24", "2024/25"] {
        for id in ["x.a", "x.b", "x.c", "x.d", "x.e", "x.f", "x.g", "y.h", "y.i", "y.j", "z.l", "z.m", "z.n"]
        {
            let a = if round == "2023/24" && id == "x.c" { "not met" } else { "met" };
            csv.push_str(&format!("t_cum,RXX,{round},{id},{a},\n"));
        }
    }
    csv.push_str("t_cum,RXX,2024/25,y.k,not met,\n");
    let s = scored_from(&f, &csv);
    let changes = maturity::changes_for(&f, &s, "rxx").unwrap();
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert!(c.question_set_changed);
    let row = |id: &str| c.rows.iter().find(|r| r.id == id).unwrap();
    // X rose from 2 to 4 on the same questions; Y fell from 4 to 3 because y.k was added.
    assert_eq!((row("x").change, row("x").question_set_changed), (Some(2.0), false));
    assert_eq!((row("y").level_before, row("y").level_after), (Some(4), Some(3)));
    assert!(row("y").question_set_changed);
    assert_eq!(row("y").added, ["y.k"]);
    assert!(row("p1").question_set_changed && !row("p2").question_set_changed);
    let p = maturity::progress(&f, &s, &TierRef::Domain("x".into()), None).unwrap();
    assert!(!p.rows[0].question_set_changed);
    let p = maturity::progress(&f, &s, &TierRef::Pillar("p1".into()), None).unwrap();
    assert!(p.rows[0].question_set_changed);
    assert!(maturity::change(&f, &s[1], &s[0]).is_err());
}

#[test]
fn results_serialise_with_stable_snake_case_names() {
    let s = cumulative_example();
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["rule"], "cumulative");
    assert_eq!(v["domains"][0]["source"], "criteria");
    assert_eq!(v["reasons"][0]["code"], "level_not_reached");
    assert_eq!(v["round"]["label"], "2023/24");
    let t = serde_json::to_value(TierRef::Pillar("p1".into())).unwrap();
    assert_eq!(t, serde_json::json!({"tier": "pillar", "id": "p1"}));
}

#[test]
fn completeness_is_flagged_from_domain_to_overall() {
    let s = cumulative_example();
    let complete: Vec<bool> = s.domains.iter().map(|d| d.complete).collect();
    assert_eq!(complete, [true, false, true]);
    assert_eq!((s.pillars[0].complete, s.pillars[1].complete), (false, true));
    assert!(!s.overall.complete);
}

#[test]
fn a_heat_map_orders_organisations_by_overall_result() {
    let (f, s) = progress_set();
    let h = maturity::heat_map(&f, &s, "2018", None).unwrap();
    let order: Vec<&str> = h.rows.iter().map(|r| r.org_code.as_str()).collect();
    assert_eq!(order, ["RBB", "RAA", "RCC"]);
    assert_eq!(h.columns.len(), 3);
    assert_eq!(h.rows[0].values, [Some(64.0), Some(64.0), Some(64.0)]);
    assert_eq!(h.score_range, [0.0, 100.0]);
}

#[test]
fn results_from_another_framework_with_the_same_id_are_refused_not_misread() {
    let f = fw(MEAN_FW);
    let csv = format!("{HEADER}t_mean,RXX,2016,q1,Mostly agree,\n");
    let s = &scored_from(&f, &csv)[0];
    let other = fw(&MEAN_FW.replace(
        r#",
        {"id": "q5", "text": "Question five", "scale": "agree"}"#,
        "",
    ));
    assert_eq!(other.criteria().len(), 4);
    let err = maturity::next_level_checklist(&other, s).unwrap_err();
    assert!(err.message.contains("score it again with this framework"), "{}", err.message);
    assert!(maturity::compare(&other, std::slice::from_ref(s), "RXX", "2016", &[]).is_err());
}

#[test]
fn a_json_assessment_with_no_answers_is_kept_with_every_answer_missing() {
    let f = fw(STAGED_FW);
    let json =
        r#"{"assessments": [{"framework": "t_staged", "org_code": "RXX", "round": "2019", "answers": []}]}"#;
    let set = load_json("a.json", json, std::slice::from_ref(&f)).unwrap();
    assert_eq!(set.assessments.len(), 1);
    let s = score(&f, &set.assessments[0]).unwrap();
    assert_eq!(s.missing.len(), 5);
    assert_eq!((s.overall.level, s.overall.level_is_lower_bound), (Some(0), true));
}

#[test]
fn an_unknown_default_scale_is_rejected() {
    let p = problems(&STAGED_FW.replace(r#""default_scale": "met""#, r#""default_scale": "mett""#));
    assert!(
        p.contains(
            &"default_scale: unknown scale 'mett': use the id of one of the answer_scales".to_string()
        ),
        "{p:?}"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn wgll_levels(pattern: &[bool]) -> Vec<Option<u32>> {
        let w = maturity::builtin("wgll").unwrap();
        let round = maturity::Round::parse("2024/25").unwrap();
        let answers: Vec<maturity::Answer> = (0..w.criteria().len())
            .filter(|&c| w.is_asked(c, &round))
            .zip(pattern.iter().cycle())
            .map(|(c, &met)| maturity::Answer {
                id: w.criterion(c).id.clone(),
                answer: if met { "met" } else { "not met" }.into(),
                note: String::new(),
            })
            .collect();
        let a = maturity::Assessment {
            framework: "wgll".into(),
            org_code: "RXX".into(),
            round,
            answers,
            illustrative: false,
        };
        score(&w, &a).unwrap().domains.iter().map(|d| d.level).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn meeting_one_more_element_never_lowers_a_level(pattern in proptest::collection::vec(any::<bool>(), 90), flip in 0usize..90) {
            let before = wgll_levels(&pattern);
            let mut more = pattern.clone();
            more[flip] = true;
            let after = wgll_levels(&more);
            for (b, a) in before.iter().zip(&after) {
                let (b, a) = (b.unwrap(), a.unwrap());
                prop_assert!((1..=5).contains(&b) && a >= b, "{b} -> {a}");
            }
        }
    }
}
