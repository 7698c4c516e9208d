//! Peer groups: the organisations a focus organisation is compared with, and why each is there.
//!
//! A [`PeerGroupSpec`] is what a user chooses (and a spec saves): every organisation, a filter on
//! attributes ("same region", "type is acute", "between 50,000 and 150,000 attendances"), an
//! explicit list the user saved, the twelve acute Global Digital Exemplars, or the `k` nearest
//! neighbours by weighted distance on standardised attributes. [`resolve`] turns it into a
//! [`PeerGroup`] for one focus: the members other than the focus, each with a sentence and, for
//! nearest neighbours, the per-attribute differences that made it a peer.
//!
//! Nearest-neighbour distance, in the manner of the NHS Digital / CIPFA nearest-neighbour models:
//! each numeric attribute is standardised to a z-score over the eligible organisations (mean and
//! sample standard deviation, n - 1), a category counts 0 when it matches the focus and 1 when it
//! does not, and `distance = sqrt(sum(w_a * d_a^2) / sum(w_a))`, so distances keep their scale
//! (standard deviations) whatever the weights. Ties are broken by code, so the group is stable.
//!
//! Aggregates (England, regions: see [`crate::data::LEVEL_ATTRIBUTE`]) are never peers.

use super::{BenchmarkError, MIN_PEERS, Notice, NoticeCode, find_organisation};
use crate::data::{Attribute, Dataset, Organisation};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The 12 acute trusts named Global Digital Exemplars by NHS England in 2016, by ODS code and the
/// name they had then.
pub const EXEMPLARS: [(&str, &str); 12] = [
    ("RM3", "Salford Royal"),
    ("RBL", "Wirral University Teaching Hospital"),
    ("RLN", "City Hospitals Sunderland"),
    ("RQ6", "Royal Liverpool and Broadgreen University Hospitals"),
    ("RGR", "West Suffolk"),
    ("RRK", "University Hospitals Birmingham"),
    ("RC9", "Luton and Dunstable University Hospital"),
    ("RAL", "Royal Free London"),
    ("RTH", "Oxford University Hospitals"),
    ("RBA", "Taunton and Somerset"),
    ("RA7", "University Hospitals Bristol"),
    ("RHM", "University Hospital Southampton"),
];

/// The exemplars of [`EXEMPLARS`] whose trusts have since merged: their 2016 code, the code of
/// the trust that holds their services today, and its name (as `maturity::exemplars` maps them,
/// checked against the 2026 ODS trust list there; `tests/benchmark.rs` holds the two lists equal). Data of today's trusts (RTT 2026) has only the
/// successor; data of 2016-19 (A&E) only the exemplar.
pub const EXEMPLAR_SUCCESSORS: [(&str, &str, &str); 3] = [
    ("RLN", "R0B", "South Tyneside and Sunderland"),
    ("RQ6", "REM", "Liverpool University Hospitals"),
    ("RBA", "RH5", "Somerset"),
];

/// Where exemplar `code` is in `dataset`: under its own code, or else under its successor's
/// (returned too, for the statement of the mapping).
pub fn exemplar_index(
    dataset: &Dataset,
    code: &str,
) -> Option<(usize, Option<(&'static str, &'static str)>)> {
    if let Some(i) = dataset.organisation_index(code) {
        return Some((i, None));
    }
    let &(_, successor, name) = EXEMPLAR_SUCCESSORS.iter().find(|(from, _, _)| *from == code)?;
    dataset.organisation_index(successor).map(|i| (i, Some((successor, name))))
}

/// The sentence stating which exemplars `mapped` counts as today's trusts, or `None` if none.
pub fn successor_statement(mapped: &[(&str, &str, &str)]) -> Option<Notice> {
    if mapped.is_empty() {
        return None;
    }
    let each: Vec<String> =
        mapped.iter().map(|(was, code, name)| format!("{was} as {name} ({code})")).collect();
    Some(Notice::warning(
        NoticeCode::ExemplarsAsSuccessors,
        format!(
            "Exemplars that have since merged are counted as the trust that holds their services today \
             (an inference: the merged trust is not the exemplar that was funded): {}",
            each.join("; ")
        ),
    ))
}

/// The largest `k` a nearest-neighbour group may ask for.
pub const MAX_NEIGHBOURS: usize = 50;

/// How a peer group is chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum PeerGroupSpec {
    /// Every organisation in the data (aggregates excepted). (Written `All {}` so that serde
    /// rejects unknown fields here too, which it does not for unit variants.)
    All {},
    /// Organisations meeting every condition.
    Filter { conditions: Vec<Condition> },
    /// An explicit list of codes the user saved, with an optional name.
    List {
        #[serde(default)]
        name: Option<String>,
        codes: Vec<String>,
    },
    /// The 12 acute Global Digital Exemplars ([`EXEMPLARS`]).
    Exemplars {},
    /// The `k` organisations nearest the focus by weighted distance on standardised attributes,
    /// among those meeting the `within` conditions (e.g. only trusts with a type 1 department).
    Nearest {
        k: usize,
        weights: BTreeMap<String, f64>,
        #[serde(default)]
        within: Vec<Condition>,
    },
}

/// One test on an organisation attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "test", rename_all = "camelCase", deny_unknown_fields)]
pub enum Condition {
    /// The attribute equals the focus organisation's ("same region").
    SameAsFocus { attribute: String },
    /// The attribute equals a value (text compared without regard to case).
    Equals { attribute: String, value: Attribute },
    /// The attribute is one of several values.
    OneOf { attribute: String, values: Vec<Attribute> },
    /// A numeric attribute lies within `min..=max` (either bound optional).
    Between {
        attribute: String,
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
}

impl Condition {
    pub fn attribute(&self) -> &str {
        match self {
            Condition::SameAsFocus { attribute }
            | Condition::Equals { attribute, .. }
            | Condition::OneOf { attribute, .. }
            | Condition::Between { attribute, .. } => attribute,
        }
    }

    fn holds(&self, org: &Organisation, focus: &Organisation) -> bool {
        let value = org.attributes.get(self.attribute());
        match self {
            Condition::SameAsFocus { attribute } => match (value, focus.attributes.get(attribute)) {
                (Some(a), Some(b)) => same(a, b),
                _ => false,
            },
            Condition::Equals { value: want, .. } => value.is_some_and(|v| same(v, want)),
            Condition::OneOf { values, .. } => value.is_some_and(|v| values.iter().any(|w| same(v, w))),
            Condition::Between { min, max, .. } => match value {
                Some(Attribute::Number(x)) => min.is_none_or(|m| *x >= m) && max.is_none_or(|m| *x <= m),
                _ => false,
            },
        }
    }

    /// Why an organisation meets this condition, as a phrase.
    fn describe(&self, org: &Organisation) -> String {
        let a = self.attribute();
        let shown = org.attributes.get(a).map_or_else(String::new, show);
        match self {
            Condition::SameAsFocus { .. } => format!("{a} {shown}, as the focus"),
            Condition::Equals { .. } | Condition::OneOf { .. } => format!("{a} {shown}"),
            Condition::Between { min, max, .. } => {
                let range = match (min, max) {
                    (Some(lo), Some(hi)) => format!("within {} to {}", number(*lo), number(*hi)),
                    (Some(lo), None) => format!("at least {}", number(*lo)),
                    (None, Some(hi)) => format!("at most {}", number(*hi)),
                    (None, None) => "known".to_string(),
                };
                format!("{a} {shown}, {range}")
            }
        }
    }
}

fn same(a: &Attribute, b: &Attribute) -> bool {
    match (a, b) {
        (Attribute::Text(x), Attribute::Text(y)) => x.trim().eq_ignore_ascii_case(y.trim()),
        (Attribute::Number(x), Attribute::Number(y)) => x == y,
        (Attribute::Number(x), Attribute::Text(y)) | (Attribute::Text(y), Attribute::Number(x)) => {
            y.trim().parse::<f64>().is_ok_and(|y| y == *x)
        }
    }
}

fn show(a: &Attribute) -> String {
    match a {
        Attribute::Text(t) => t.clone(),
        Attribute::Number(x) => number(*x),
    }
}

/// A number as people read it: thousands separated, at most one decimal place unless small.
pub(crate) fn number(x: f64) -> String {
    if x.abs() >= 1000.0 || x.fract() == 0.0 {
        let rounded = x.round();
        let digits = format!("{}", rounded.abs() as u64);
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        if rounded < 0.0 { format!("-{out}") } else { out }
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// How one attribute compares between a peer and the focus, for nearest neighbours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttributeDifference {
    pub attribute: String,
    pub focus: Attribute,
    pub peer: Attribute,
    /// For a number, `|peer - focus|` in standard deviations; for a category, 0 (same) or 1.
    pub difference: f64,
    pub weight: f64,
    /// This attribute's share of the squared distance (0 to 1; 0 for every attribute when the
    /// distance is 0).
    pub share: f64,
}

/// One member of a peer group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerMember {
    /// Index into the dataset's organisations.
    pub org: usize,
    pub code: String,
    pub name: String,
    /// Distance from the focus in standard deviations (nearest neighbours only).
    pub distance: Option<f64>,
    /// The per-attribute differences behind the distance (nearest neighbours only), largest
    /// share first.
    pub differences: Vec<AttributeDifference>,
    /// Why this organisation is a peer, as a sentence for a tooltip.
    pub reason: String,
}

/// A resolved peer group for one focus organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeerGroup {
    /// A short label for legends and tables ("Same region", "Nearest 10").
    pub label: String,
    pub spec: PeerGroupSpec,
    /// Index of the focus organisation.
    pub focus: usize,
    /// The peers other than the focus: nearest first for neighbours, else in name order.
    pub members: Vec<PeerMember>,
    pub notices: Vec<Notice>,
}

impl PeerGroup {
    /// The organisations compared: the focus first, then the members.
    pub fn with_focus(&self) -> Vec<usize> {
        std::iter::once(self.focus).chain(self.members.iter().map(|m| m.org)).collect()
    }
}

impl PeerGroupSpec {
    /// A short label for the group.
    pub fn label(&self) -> String {
        match self {
            PeerGroupSpec::All {} => "All organisations".to_string(),
            PeerGroupSpec::Filter { conditions } => {
                let parts: Vec<String> = conditions
                    .iter()
                    .map(|c| match c {
                        Condition::SameAsFocus { attribute } => format!("same {attribute}"),
                        // "type NHS trust" reads as a kind of organisation: "NHS trusts".
                        Condition::Equals { attribute, value } if attribute == "type" => {
                            format!("{}s", show(value))
                        }
                        Condition::Equals { attribute, value } => format!("{attribute} {}", show(value)),
                        Condition::OneOf { attribute, values } => format!(
                            "{attribute} {}",
                            values.iter().map(show).collect::<Vec<_>>().join(" or ")
                        ),
                        Condition::Between { attribute, .. } => format!("{attribute} in range"),
                    })
                    .collect();
                let text = parts.join(", ");
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => "All organisations".to_string(),
                }
            }
            PeerGroupSpec::List { name, codes } => match name {
                Some(n) if !n.trim().is_empty() => n.trim().to_string(),
                _ => format!("Saved list of {}", codes.len()),
            },
            PeerGroupSpec::Exemplars {} => "Global Digital Exemplars".to_string(),
            PeerGroupSpec::Nearest { k, .. } => format!("Nearest {k}"),
        }
    }
}

/// Resolves a peer group for the organisation with code `focus`. Fails with notices when the
/// focus is unknown, the spec is invalid (k out of range, a weight below 0, an attribute no
/// organisation has) or no peer remains; warns when fewer than [`MIN_PEERS`] remain.
pub fn resolve(dataset: &Dataset, focus: &str, spec: &PeerGroupSpec) -> Result<PeerGroup, BenchmarkError> {
    let focus = find_organisation(dataset, focus)?;
    resolve_index(dataset, focus, spec)
}

/// [`resolve`] for a focus already found.
pub fn resolve_index(
    dataset: &Dataset,
    focus: usize,
    spec: &PeerGroupSpec,
) -> Result<PeerGroup, BenchmarkError> {
    let focus_org = dataset.organisations.get(focus).ok_or_else(|| {
        BenchmarkError::new(
            NoticeCode::UnknownOrganisation,
            format!("organisation index {focus} is outside the data"),
        )
    })?;
    let mut notices = Vec::new();
    let mut members: Vec<PeerMember> = match spec {
        PeerGroupSpec::All {} => dataset
            .organisations
            .iter()
            .enumerate()
            .filter(|(i, o)| is_candidate(focus, *i, o))
            .map(|(i, _)| member(dataset, i, "every organisation is a peer".to_string()))
            .collect(),
        PeerGroupSpec::Filter { conditions } => filtered_members(dataset, focus, conditions)?,
        PeerGroupSpec::List { codes, .. } => {
            listed_members(dataset, focus, codes, &spec.label(), &mut notices)
        }
        PeerGroupSpec::Exemplars {} => exemplar_members(dataset, focus, &mut notices)?,
        PeerGroupSpec::Nearest { k, weights, within } => {
            nearest(dataset, focus, *k, weights, within, &mut notices)?
        }
    };
    if !matches!(spec, PeerGroupSpec::Nearest { .. }) {
        crate::order::sort_by(&mut members, |a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    }
    let label = spec.label();
    if members.is_empty() {
        let mut err = BenchmarkError::new(
            NoticeCode::EmptyPeerGroup,
            format!(
                "the peer group '{label}' has no members besides {}: widen the filter or choose another group",
                focus_org.code
            ),
        );
        err.notices.extend(notices);
        return Err(err);
    }
    if members.len() < MIN_PEERS {
        notices.push(Notice::warning(
            NoticeCode::SmallPeerGroup,
            format!(
                "the peer group '{label}' has only {} member{} besides {}: quartiles and ranks among so \
                 few mean little; widen the group to at least {MIN_PEERS}",
                members.len(),
                if members.len() == 1 { "" } else { "s" },
                focus_org.code
            ),
        ));
    }
    Ok(PeerGroup { label, spec: spec.clone(), focus, members, notices })
}

/// Whether organisation `i` can be a peer of `focus` at all: not the focus, not an aggregate.
fn is_candidate(focus: usize, i: usize, o: &Organisation) -> bool {
    i != focus && !o.is_aggregate()
}

/// Organisation `i` as a peer (not a neighbour: no distance), with why it is one.
fn member(dataset: &Dataset, i: usize, reason: String) -> PeerMember {
    let o = &dataset.organisations[i];
    PeerMember {
        org: i,
        code: o.code.clone(),
        name: o.name.clone(),
        distance: None,
        differences: Vec::new(),
        reason,
    }
}

/// The candidates meeting every condition, each with the conditions in words as its reason.
fn filtered_members(
    dataset: &Dataset,
    focus: usize,
    conditions: &[Condition],
) -> Result<Vec<PeerMember>, BenchmarkError> {
    let focus_org = &dataset.organisations[focus];
    check_conditions(dataset, focus_org, conditions)?;
    Ok(dataset
        .organisations
        .iter()
        .enumerate()
        .filter(|(i, o)| is_candidate(focus, *i, o) && conditions.iter().all(|c| c.holds(o, focus_org)))
        .map(|(i, o)| {
            let why: Vec<String> = conditions.iter().map(|c| c.describe(o)).collect();
            member(dataset, i, capitalise(&why.join("; ")))
        })
        .collect())
}

/// The organisations of a saved list, once each; the focus is passed over, and aggregates and
/// codes not in the data are left out with a warning.
fn listed_members(
    dataset: &Dataset,
    focus: usize,
    codes: &[String],
    label: &str,
    notices: &mut Vec<Notice>,
) -> Vec<PeerMember> {
    let mut seen = BTreeSet::new();
    let mut unknown = Vec::new();
    let mut list = Vec::new();
    for code in codes {
        match dataset.organisation_index(code.trim()) {
            Some(i) if i == focus => {}
            Some(i) if seen.insert(i) => {
                let o = &dataset.organisations[i];
                if o.is_aggregate() {
                    notices.push(Notice::warning(
                        NoticeCode::UnknownOrganisation,
                        format!("{} is an aggregate (England or a region), not a peer: left out", o.code),
                    ));
                } else {
                    list.push(member(dataset, i, format!("in the list '{label}'")));
                }
            }
            Some(_) => {}
            None => unknown.push(code.trim().to_string()),
        }
    }
    if !unknown.is_empty() {
        notices.push(Notice::warning(
            NoticeCode::UnknownOrganisation,
            format!(
                "{} code{} in the list {} not in this data and {} left out: {}",
                unknown.len(),
                if unknown.len() == 1 { "" } else { "s" },
                if unknown.len() == 1 { "is" } else { "are" },
                if unknown.len() == 1 { "is" } else { "are" },
                unknown.join(", ")
            ),
        ));
    }
    list
}

/// The Global Digital Exemplars in the data but the focus; warns about those not in it, and
/// fails when none is.
fn exemplar_members(
    dataset: &Dataset,
    focus: usize,
    notices: &mut Vec<Notice>,
) -> Result<Vec<PeerMember>, BenchmarkError> {
    let mut missing = Vec::new();
    let mut list = Vec::new();
    let mut mapped = Vec::new();
    for (code, name) in EXEMPLARS {
        match exemplar_index(dataset, code) {
            Some((i, _)) if i == focus => {}
            Some((i, successor)) => {
                let why = match successor {
                    Some((now, now_name)) => {
                        mapped.push((code, now, now_name));
                        format!("a Global Digital Exemplar ({name}, now {now_name})")
                    }
                    None => format!("a Global Digital Exemplar ({name})"),
                };
                list.push(member(dataset, i, why));
            }
            None => missing.push(code),
        }
    }
    notices.extend(successor_statement(&mapped));
    if !missing.is_empty() && missing.len() < EXEMPLARS.len() {
        notices.push(Notice::warning(
            NoticeCode::UnknownOrganisation,
            format!(
                "{} of the 12 exemplars {} not in this data: {}",
                missing.len(),
                if missing.len() == 1 { "is" } else { "are" },
                missing.join(", ")
            ),
        ));
    }
    if missing.len() == EXEMPLARS.len() {
        return Err(BenchmarkError::new(
            NoticeCode::EmptyPeerGroup,
            "none of the 12 Global Digital Exemplars (acute NHS trusts) is in this data: choose \
             another peer group",
        ));
    }
    Ok(list)
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The attribute names any organisation has, for messages.
fn known_attributes(dataset: &Dataset) -> BTreeSet<&str> {
    dataset.organisations.iter().flat_map(|o| o.attributes.keys().map(String::as_str)).collect()
}

fn unknown_attribute(dataset: &Dataset, attribute: &str) -> BenchmarkError {
    let known: Vec<&str> = known_attributes(dataset).into_iter().collect();
    BenchmarkError::new(
        NoticeCode::UnknownAttribute,
        format!(
            "no organisation has the attribute '{attribute}': choose one of {}",
            if known.is_empty() {
                "(none: load an organisations table)".to_string()
            } else {
                known.join(", ")
            }
        ),
    )
}

fn check_conditions(
    dataset: &Dataset,
    focus: &Organisation,
    conditions: &[Condition],
) -> Result<(), BenchmarkError> {
    let known = known_attributes(dataset);
    for c in conditions {
        let a = c.attribute();
        if !known.contains(a) {
            return Err(unknown_attribute(dataset, a));
        }
        if let Condition::SameAsFocus { .. } = c
            && !focus.attributes.contains_key(a)
        {
            return Err(BenchmarkError::new(
                NoticeCode::UnknownAttribute,
                format!(
                    "{} has no '{a}', so 'same {a}' has nothing to match: add it to the organisations table \
                     or choose another condition",
                    focus.code
                ),
            ));
        }
        if let Condition::Between { min, max, .. } = c
            && let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return Err(BenchmarkError::new(
                NoticeCode::InvalidSpec,
                format!("the range for '{a}' runs from {lo} down to {hi}: give the smaller bound as min"),
            ));
        }
    }
    Ok(())
}

/// How one weighted attribute is measured.
enum Scale {
    /// A number standardised by the pool's sample standard deviation (the mean cancels in a
    /// difference).
    Numeric { sd: f64 },
    /// A category: same or different.
    Category,
}

/// The `k` organisations nearest the focus by the weighted distance over `weights`' attributes,
/// among the candidates meeting `within`; nearest first, ties by code.
fn nearest(
    dataset: &Dataset,
    focus: usize,
    k: usize,
    weights: &BTreeMap<String, f64>,
    within: &[Condition],
    notices: &mut Vec<Notice>,
) -> Result<Vec<PeerMember>, BenchmarkError> {
    let focus_org = &dataset.organisations[focus];
    let weights = check_nearest(dataset, focus_org, k, weights, within)?;
    let pool = neighbour_pool(dataset, focus, &weights, within, notices);
    let scales = attribute_scales(dataset, focus, &pool, &weights, notices);
    let mut scored: Vec<PeerMember> =
        pool.iter().map(|&i| neighbour(dataset, focus_org, i, &weights, &scales)).collect();
    crate::order::sort_by(&mut scored, |a, b| {
        a.distance
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.distance.unwrap_or(f64::INFINITY))
            .then_with(|| a.code.cmp(&b.code))
    });
    scored.truncate(k);
    if scored.len() < k && !scored.is_empty() {
        notices.push(Notice::warning(
            NoticeCode::SmallPeerGroup,
            format!("only {} organisations could be neighbours, fewer than the {k} asked for", scored.len()),
        ));
    }
    Ok(scored)
}

/// Checks a nearest-neighbours spec (k in range, weights at least 0 and at least one above, the
/// `within` conditions, every weighted attribute known and the focus's); returns the weights
/// above 0 in attribute order.
fn check_nearest<'w>(
    dataset: &Dataset,
    focus_org: &Organisation,
    k: usize,
    weights: &'w BTreeMap<String, f64>,
    within: &[Condition],
) -> Result<Vec<(&'w str, f64)>, BenchmarkError> {
    if k == 0 || k > MAX_NEIGHBOURS {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            format!("k must be a whole number from 1 to {MAX_NEIGHBOURS}, got {k}"),
        ));
    }
    if let Some((a, w)) = weights.iter().find(|(_, w)| !(w.is_finite() && **w >= 0.0)) {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            format!("the weight of '{a}' must be a number of at least 0, got {w}"),
        ));
    }
    let weights: Vec<(&str, f64)> =
        weights.iter().filter(|(_, w)| **w > 0.0).map(|(a, w)| (a.as_str(), *w)).collect();
    if weights.is_empty() {
        return Err(BenchmarkError::new(
            NoticeCode::InvalidSpec,
            "give at least one attribute a weight above 0: nearest neighbours need something to compare",
        ));
    }
    check_conditions(dataset, focus_org, within)?;
    let known = known_attributes(dataset);
    for (a, _) in &weights {
        if !known.contains(a) {
            return Err(unknown_attribute(dataset, a));
        }
        if !focus_org.attributes.contains_key(*a) {
            return Err(BenchmarkError::new(
                NoticeCode::UnknownAttribute,
                format!(
                    "{} has no '{a}', so no distance can be measured on it: give it a value or weight it 0",
                    focus_org.code
                ),
            ));
        }
    }
    Ok(weights)
}

/// The pool: candidates meeting `within` that have every weighted attribute; warns, per
/// attribute, how many lack it.
fn neighbour_pool(
    dataset: &Dataset,
    focus: usize,
    weights: &[(&str, f64)],
    within: &[Condition],
    notices: &mut Vec<Notice>,
) -> Vec<usize> {
    let focus_org = &dataset.organisations[focus];
    let mut lacking: BTreeMap<&str, usize> = BTreeMap::new();
    let pool: Vec<usize> = dataset
        .organisations
        .iter()
        .enumerate()
        .filter(|(i, o)| is_candidate(focus, *i, o) && within.iter().all(|c| c.holds(o, focus_org)))
        .filter(|(_, o)| {
            let missing: Vec<&str> =
                weights.iter().map(|(a, _)| *a).filter(|a| !o.attributes.contains_key(*a)).collect();
            for a in &missing {
                *lacking.entry(a).or_default() += 1;
            }
            missing.is_empty()
        })
        .map(|(i, _)| i)
        .collect();
    for (a, n) in &lacking {
        notices.push(Notice::warning(
            NoticeCode::MissingAttribute,
            format!(
                "{n} organisation{} no '{a}' and cannot be neighbours",
                if *n == 1 { " has" } else { "s have" }
            ),
        ));
    }
    pool
}

/// Each weighted attribute's scale over the pool and the focus: numeric (by its sample standard
/// deviation) when all of them have a number, else a category. Warns when a number is constant.
fn attribute_scales(
    dataset: &Dataset,
    focus: usize,
    pool: &[usize],
    weights: &[(&str, f64)],
    notices: &mut Vec<Notice>,
) -> Vec<Scale> {
    let is_number =
        |i: usize, a: &str| matches!(dataset.organisations[i].attributes.get(a), Some(Attribute::Number(_)));
    let mut scales = Vec::with_capacity(weights.len());
    for (a, _) in weights {
        if !(is_number(focus, a) && pool.iter().all(|&i| is_number(i, a))) {
            scales.push(Scale::Category);
            continue;
        }
        let xs: Vec<f64> = std::iter::once(focus)
            .chain(pool.iter().copied())
            .filter_map(|i| dataset.organisations[i].number(a))
            .collect();
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var =
            if xs.len() > 1 { xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0) } else { 0.0 };
        let sd = var.sqrt();
        if sd == 0.0 {
            notices.push(Notice::warning(
                NoticeCode::ConstantAttribute,
                format!("'{a}' is the same for every candidate, so it cannot tell peers apart"),
            ));
        }
        scales.push(Scale::Numeric { sd });
    }
    scales
}

/// Organisation `i` as a neighbour: its distance from the focus (the root of the weighted mean
/// of squared differences) and each attribute's difference and share of it, largest share first.
fn neighbour(
    dataset: &Dataset,
    focus_org: &Organisation,
    i: usize,
    weights: &[(&str, f64)],
    scales: &[Scale],
) -> PeerMember {
    let total_weight: f64 = weights.iter().map(|(_, w)| w).sum();
    let o = &dataset.organisations[i];
    let mut differences = Vec::with_capacity(weights.len());
    let mut sum = 0.0;
    for ((a, w), scale) in weights.iter().zip(scales) {
        // Both have the attribute: the pool was filtered on it and the focus checked.
        let (Some(fv), Some(pv)) = (focus_org.attributes.get(*a), o.attributes.get(*a)) else {
            continue;
        };
        let d = match (scale, fv, pv) {
            (Scale::Numeric { sd, .. }, Attribute::Number(x), Attribute::Number(y)) if *sd > 0.0 => {
                (y - x).abs() / sd
            }
            (Scale::Numeric { .. }, _, _) => 0.0,
            (Scale::Category, _, _) => {
                if same(fv, pv) {
                    0.0
                } else {
                    1.0
                }
            }
        };
        sum += w * d * d;
        differences.push(AttributeDifference {
            attribute: a.to_string(),
            focus: fv.clone(),
            peer: pv.clone(),
            difference: d,
            weight: *w,
            share: w * d * d,
        });
    }
    for d in &mut differences {
        d.share = if sum > 0.0 { d.share / sum } else { 0.0 };
    }
    crate::order::sort_by(&mut differences, |a, b| {
        b.share.total_cmp(&a.share).then_with(|| a.attribute.cmp(&b.attribute))
    });
    let distance = (sum / total_weight).sqrt();
    PeerMember {
        org: i,
        code: o.code.clone(),
        name: o.name.clone(),
        distance: Some(distance),
        reason: neighbour_reason(distance, &differences, scales, weights),
        differences,
    }
}

/// "0.31 SD from the focus: region the same (London); type1_attendances_12m 98,400 against 102,711
/// (0.12 SD)".
fn neighbour_reason(
    distance: f64,
    differences: &[AttributeDifference],
    scales: &[Scale],
    weights: &[(&str, f64)],
) -> String {
    let parts: Vec<String> = differences
        .iter()
        .map(|d| {
            let numeric = weights
                .iter()
                .position(|(a, _)| *a == d.attribute)
                .is_some_and(|i| matches!(scales[i], Scale::Numeric { .. }));
            if numeric {
                format!(
                    "{} {} against {} ({:.2} SD)",
                    d.attribute,
                    show(&d.peer),
                    show(&d.focus),
                    d.difference
                )
            } else if d.difference == 0.0 {
                format!("{} the same ({})", d.attribute, show(&d.peer))
            } else {
                format!("{} {} against {}", d.attribute, show(&d.peer), show(&d.focus))
            }
        })
        .collect();
    format!("{distance:.2} SD from the focus: {}", parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{LEVEL_ATTRIBUTE, LEVEL_NATIONAL};

    fn org(code: &str, region: &str, size: Option<f64>) -> Organisation {
        let mut attributes = BTreeMap::new();
        attributes.insert("region".to_string(), Attribute::Text(region.to_string()));
        if let Some(s) = size {
            attributes.insert("size".to_string(), Attribute::Number(s));
        }
        Organisation { code: code.to_string(), name: format!("Trust {code}"), attributes }
    }

    /// F is the focus (North, size 100); A North 110; B South 100; C North 200; D North with no
    /// size; E the national aggregate.
    fn dataset() -> Dataset {
        let mut england = org("E", "North", Some(100.0));
        england.attributes.insert(LEVEL_ATTRIBUTE.to_string(), Attribute::Text(LEVEL_NATIONAL.to_string()));
        Dataset {
            organisations: vec![
                org("F", "North", Some(100.0)),
                org("A", "North", Some(110.0)),
                org("B", "South", Some(100.0)),
                org("C", "north", Some(200.0)),
                org("D", "North", None),
                england,
            ],
            ..Dataset::default()
        }
    }

    fn codes(g: &PeerGroup) -> Vec<&str> {
        g.members.iter().map(|m| m.code.as_str()).collect()
    }

    fn nearest_spec(k: usize, size: f64, region: f64) -> PeerGroupSpec {
        PeerGroupSpec::Nearest {
            k,
            weights: BTreeMap::from([("size".to_string(), size), ("region".to_string(), region)]),
            within: Vec::new(),
        }
    }

    #[test]
    fn all_leaves_out_the_focus_and_aggregates() {
        let g = resolve(&dataset(), "f", &PeerGroupSpec::All {}).unwrap();
        assert_eq!(codes(&g), vec!["A", "B", "C", "D"]);
        assert_eq!(g.with_focus(), vec![0, 1, 2, 3, 4]);
        assert!(g.notices.is_empty());
    }

    #[test]
    fn nearest_neighbours_match_hand_computed_standardised_distances() {
        // Sizes of the pool and focus: 100, 110, 100, 200 (D lacks a size, E is an aggregate).
        // mean 127.5; squared deviations 756.25 + 306.25 + 756.25 + 5256.25 = 7075;
        // sd = sqrt(7075 / 3) = 48.562674.
        // A: size 10 / 48.562674 = 0.205919 SD, region same: sqrt((0.205919^2 + 0) / 2) = 0.145607.
        // B: size 0, region differs (1):                     sqrt((0 + 1) / 2)         = 0.707107.
        // C: size 100 / 48.562674 = 2.059195 SD, "north" = "North": sqrt(2.059195^2 / 2) = 1.456071.
        let g = resolve(&dataset(), "F", &nearest_spec(3, 1.0, 1.0)).unwrap();
        assert_eq!(codes(&g), vec!["A", "B", "C"]);
        let d: Vec<f64> = g.members.iter().map(|m| m.distance.unwrap()).collect();
        for (got, want) in d.iter().zip([0.145607, std::f64::consts::FRAC_1_SQRT_2, 1.456071]) {
            assert!((got - want).abs() < 1e-6, "{got} vs {want}");
        }
        // D lacked the size and is reported, not silently dropped.
        assert_eq!(g.notices[0].code, NoticeCode::MissingAttribute);
        assert!(g.notices[0].message.starts_with("1 organisation has no 'size'"));
        // Why B is a peer: all of its distance is the region.
        let b = &g.members[1];
        assert_eq!(b.differences[0].attribute, "region");
        assert_eq!(b.differences[0].share, 1.0);
        assert_eq!(
            b.reason,
            "0.71 SD from the focus: region South against North; size 100 against 100 (0.00 SD)"
        );
    }

    #[test]
    fn changing_the_weights_changes_the_neighbours() {
        // Size weight 0.1, region 1: B = sqrt(1 / 1.1) = 0.953463; C = sqrt(0.1 x 2.059195^2 / 1.1)
        // = 0.620871, so C moves ahead of B and k = 2 keeps A and C.
        let g = resolve(&dataset(), "F", &nearest_spec(2, 0.1, 1.0)).unwrap();
        assert_eq!(codes(&g), vec!["A", "C"]);
        assert!((g.members[1].distance.unwrap() - 0.620871).abs() < 1e-6);
        assert_eq!(g.notices.last().unwrap().code, NoticeCode::SmallPeerGroup);
    }

    #[test]
    fn a_filter_on_the_focus_region_ignores_case_and_says_why() {
        let spec =
            PeerGroupSpec::Filter { conditions: vec![Condition::SameAsFocus { attribute: "region".into() }] };
        let g = resolve(&dataset(), "F", &spec).unwrap();
        assert_eq!(codes(&g), vec!["A", "C", "D"]);
        assert_eq!(g.members[1].reason, "Region north, as the focus");
        assert_eq!(g.label, "Same region");
        let between = PeerGroupSpec::Filter {
            conditions: vec![Condition::Between { attribute: "size".into(), min: Some(105.0), max: None }],
        };
        let g = resolve(&dataset(), "F", &between).unwrap();
        assert_eq!(codes(&g), vec!["A", "C"]);
        assert_eq!(g.members[0].reason, "Size 110, at least 105");
    }

    #[test]
    fn a_saved_list_reports_unknown_codes_and_warns_when_small() {
        let spec = PeerGroupSpec::List {
            name: Some("My peers".into()),
            codes: vec!["a".into(), "ZZ9".into(), "F".into(), "A".into(), "E".into()],
        };
        let g = resolve(&dataset(), "F", &spec).unwrap();
        assert_eq!(codes(&g), vec!["A"]);
        assert_eq!(g.members[0].reason, "in the list 'My peers'");
        let messages: Vec<&str> = g.notices.iter().map(|n| n.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("E is an aggregate")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("1 code in the list is not in this data and is left out: ZZ9"))
        );
        assert!(messages.iter().any(|m| m.contains("has only 1 member besides F")));
    }

    #[test]
    fn an_empty_group_an_unknown_attribute_and_an_unknown_focus_are_errors_with_a_fix() {
        let wales = PeerGroupSpec::Filter {
            conditions: vec![Condition::Equals {
                attribute: "region".into(),
                value: Attribute::Text("Wales".into()),
            }],
        };
        let err = resolve(&dataset(), "F", &wales).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::EmptyPeerGroup));
        assert!(err.to_string().contains("has no members besides F: widen the filter"));
        let typo =
            PeerGroupSpec::Filter { conditions: vec![Condition::SameAsFocus { attribute: "regoin".into() }] };
        let err = resolve(&dataset(), "F", &typo).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::UnknownAttribute));
        assert!(err.to_string().contains("choose one of level, region, size"));
        let err = resolve(&dataset(), "Trust A", &PeerGroupSpec::All {}).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::UnknownOrganisation));
        assert!(err.to_string().contains("use the code A"));
        let err = resolve(&dataset(), "F", &PeerGroupSpec::Exemplars {}).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::EmptyPeerGroup));
        let err = resolve(&dataset(), "F", &nearest_spec(0, 1.0, 1.0)).unwrap_err();
        assert_eq!(err.code(), Some(NoticeCode::InvalidSpec));
    }

    #[test]
    fn specs_read_from_json_and_reject_unknown_fields() {
        let spec: PeerGroupSpec = serde_json::from_str(
            r#"{"kind": "nearest", "k": 5, "weights": {"size": 1, "region": 0.5},
                "within": [{"test": "equals", "attribute": "type1_ae", "value": "yes"}]}"#,
        )
        .unwrap();
        assert!(matches!(spec, PeerGroupSpec::Nearest { k: 5, ref within, .. } if within.len() == 1));
        let spec: PeerGroupSpec = serde_json::from_str(
            r#"{"kind": "filter", "conditions": [{"test": "sameAsFocus", "attribute": "region"}]}"#,
        )
        .unwrap();
        assert_eq!(spec.label(), "Same region");
        assert!(serde_json::from_str::<PeerGroupSpec>(r#"{"kind": "exemplars", "k": 3}"#).is_err());
        assert!(
            serde_json::from_str::<PeerGroupSpec>(r#"{"kind": "nearest", "k": 5, "wieghts": {}}"#).is_err()
        );
    }
}
