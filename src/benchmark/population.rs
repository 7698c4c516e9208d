//! The population: which organisations a view draws and compares when nobody says otherwise,
//! and what to call them. The bundled data mixes NHS trusts with walk-in centres and
//! independent providers: those count in England's value, but the population drawn and ranked is
//! every NHS trust. Data that does not say which organisations are trusts (a Fingertips export,
//! a tidy file of local authorities) draws every organisation that is not an aggregate.

use super::peers::{Condition, PeerGroupSpec};
use crate::data::{Attribute, Dataset, OrgChoice, Organisation};

/// The value of the `type` attribute that marks an NHS trust in the ODS list.
pub const NHS_TRUST: &str = "NHS trust";

/// Every NHS trust.
pub fn nhs_trusts() -> PeerGroupSpec {
    PeerGroupSpec::Filter { conditions: vec![nhs_trust_condition()] }
}

fn nhs_trust_condition() -> Condition {
    Condition::Equals { attribute: "type".into(), value: Attribute::Text(NHS_TRUST.into()) }
}

/// NHS trusts in the focus trust's region (the maturity views' default, the national picture
/// being shown beside it).
pub fn region_trusts() -> PeerGroupSpec {
    PeerGroupSpec::Filter {
        conditions: vec![nhs_trust_condition(), Condition::SameAsFocus { attribute: "region".into() }],
    }
}

/// Whether an organisation is an NHS trust in the ODS list.
pub fn is_nhs_trust(o: &Organisation) -> bool {
    o.text("type") == Some(NHS_TRUST)
}

/// Whether `data` says which of its organisations are NHS trusts.
pub fn has_nhs_trusts(data: &Dataset) -> bool {
    data.organisations.iter().any(is_nhs_trust)
}

/// The default peer group for `data`: every NHS trust when the data knows which organisations
/// are trusts, otherwise every organisation that is not an aggregate.
pub fn default_peers(data: &Dataset) -> PeerGroupSpec {
    if has_nhs_trusts(data) { nhs_trusts() } else { PeerGroupSpec::All {} }
}

/// A test for membership of the default population of `data` (see [`default_peers`]). The kind
/// of data is decided once, so filtering every organisation stays linear.
pub fn member_test(data: &Dataset) -> impl Fn(&Organisation) -> bool {
    let trusts = has_nhs_trusts(data);
    move |o| if trusts { is_nhs_trust(o) } else { !o.is_aggregate() }
}

/// What the data's organisations are, in the plural: "NHS trusts" for the bundled data.
pub fn plural(data: &Dataset) -> &'static str {
    if has_nhs_trusts(data) { "NHS trusts" } else { "organisations" }
}

/// What a peer group's organisations are, in the plural, for titles: "NHS trusts" for every
/// trust, the group's own label otherwise.
pub fn group_words(peers: &PeerGroupSpec) -> String {
    if *peers == nhs_trusts() {
        return "NHS trusts".into();
    }
    match peers {
        PeerGroupSpec::Exemplars {} => "Global Digital Exemplars".into(),
        PeerGroupSpec::All {} => "organisations".into(),
        PeerGroupSpec::Nearest { k, .. } => format!("trusts (the focus and its {k} nearest neighbours)"),
        other => format!("organisations ({})", other.label()),
    }
}

/// The organisations of the default population with data for `metric` (the first when `None`,
/// any period), by name, for a focus picker.
pub fn choices(data: &Dataset, metric: Option<&str>) -> Vec<OrgChoice> {
    let metric = match metric {
        Some(id) => data.metric_index(id),
        None => (!data.metrics.is_empty()).then_some(0),
    };
    let mut has_data = vec![false; data.organisations.len()];
    let obs = &data.observations;
    for i in 0..obs.len() {
        if Some(obs.metric[i] as usize) == metric
            && let Some(flag) = has_data.get_mut(obs.org[i] as usize)
        {
            *flag = true;
        }
    }
    let in_population = member_test(data);
    let mut list: Vec<OrgChoice> = data
        .organisations
        .iter()
        .zip(&has_data)
        .filter(|(o, has)| **has && in_population(o))
        .map(|(o, _)| OrgChoice { code: o.code.clone(), name: o.name.clone() })
        .collect();
    crate::order::sort_by(&mut list, |a, b| a.name.cmp(&b.name));
    list
}
