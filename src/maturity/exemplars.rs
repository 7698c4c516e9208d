//! The Global Digital Exemplars (NHS England, 2016-2017) as today's trusts, for comparing a trust
//! with the exemplar cohort in published results.
//!
//! The programme named exemplars in waves: twelve acute trusts in 2016, acute trusts in 2017
//! (Imperial College Healthcare with Chelsea and Westminster as one joint exemplar), seven mental
//! health trusts and three ambulance trusts. Several have since merged or been renamed, so each is
//! mapped to the trust that holds its services today. That successor is an inference (a merged
//! trust is not the exemplar that was funded), to be stated on every chart that uses it:
//! [`SUCCESSOR_NOTE`] says so and [`mapping_statement`] lists the mapping.
//!
//! Each code was checked against the ODS trust list of mid-2026 (`www/data/ods/etr_2026.csv`):
//! every successor is open there, and the three predecessors whose codes changed (RLN, RQ6, RBA)
//! are closed there (tests/dma_published.rs checks both). The list follows the project's data
//! notes (`shared/data/README.md`), which name the waves and successors.

use super::dma_results::CareSetting;
use serde::Serialize;

/// A programme wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Wave {
    Acute2016,
    Acute2017,
    MentalHealth,
    Ambulance,
}

impl Wave {
    /// The care setting the exemplar was funded for: the one its results are compared in.
    pub fn care_setting(self) -> CareSetting {
        match self {
            Wave::Acute2016 | Wave::Acute2017 => CareSetting::Acute,
            Wave::MentalHealth => CareSetting::MentalHealth,
            Wave::Ambulance => CareSetting::Ambulance,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Wave::Acute2016 => "acute, 2016",
            Wave::Acute2017 => "acute, 2017",
            Wave::MentalHealth => "mental health",
            Wave::Ambulance => "ambulance",
        }
    }
}

/// One exemplar and the trust that is its successor today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Exemplar {
    pub wave: Wave,
    /// The exemplar as named when chosen.
    pub exemplar: &'static str,
    /// Its ODS code then, where it differs from today's.
    pub former_code: Option<&'static str>,
    /// Today's trust.
    pub code: &'static str,
    /// Today's name, where it differs from the exemplar's.
    pub now: Option<&'static str>,
}

const fn ex(
    wave: Wave,
    exemplar: &'static str,
    former_code: Option<&'static str>,
    code: &'static str,
    now: Option<&'static str>,
) -> Exemplar {
    Exemplar { wave, exemplar, former_code, code, now }
}

/// The exemplars mapped to today's trusts, by wave.
pub const GLOBAL_DIGITAL_EXEMPLARS: [Exemplar; 27] = [
    ex(Wave::Acute2016, "Salford Royal", None, "RM3", Some("Northern Care Alliance")),
    ex(Wave::Acute2016, "Wirral University Teaching Hospital", None, "RBL", None),
    ex(
        Wave::Acute2016,
        "City Hospitals Sunderland",
        Some("RLN"),
        "R0B",
        Some("South Tyneside and Sunderland"),
    ),
    ex(
        Wave::Acute2016,
        "Royal Liverpool and Broadgreen University Hospitals",
        Some("RQ6"),
        "REM",
        Some("Liverpool University Hospitals"),
    ),
    ex(Wave::Acute2016, "West Suffolk", None, "RGR", None),
    ex(Wave::Acute2016, "University Hospitals Birmingham", None, "RRK", None),
    ex(
        Wave::Acute2016,
        "Luton and Dunstable University Hospital",
        None,
        "RC9",
        Some("Bedfordshire Hospitals"),
    ),
    ex(Wave::Acute2016, "Royal Free London", None, "RAL", None),
    ex(Wave::Acute2016, "Oxford University Hospitals", None, "RTH", None),
    ex(Wave::Acute2016, "Taunton and Somerset", Some("RBA"), "RH5", Some("Somerset")),
    ex(
        Wave::Acute2016,
        "University Hospitals Bristol",
        None,
        "RA7",
        Some("Bristol NHS Foundation Trust in ODS 2026"),
    ),
    ex(Wave::Acute2016, "University Hospital Southampton", None, "RHM", None),
    ex(Wave::Acute2017, "Cambridge University Hospitals", None, "RGT", None),
    ex(Wave::Acute2017, "Imperial College Healthcare (with Chelsea and Westminster)", None, "RYJ", None),
    ex(
        Wave::Acute2017,
        "Chelsea and Westminster Hospital (with Imperial College Healthcare)",
        None,
        "RQM",
        None,
    ),
    ex(Wave::Acute2017, "Newcastle upon Tyne Hospitals", None, "RTD", None),
    ex(Wave::Acute2017, "Alder Hey Children's", None, "RBS", None),
    ex(Wave::MentalHealth, "Berkshire Healthcare", None, "RWX", None),
    ex(Wave::MentalHealth, "Birmingham and Solihull Mental Health", None, "RXT", None),
    ex(Wave::MentalHealth, "Mersey Care", None, "RW4", None),
    ex(
        Wave::MentalHealth,
        "Northumberland, Tyne and Wear",
        None,
        "RX4",
        Some("Cumbria, Northumberland, Tyne and Wear"),
    ),
    ex(Wave::MentalHealth, "Oxford Health", None, "RNU", None),
    ex(Wave::MentalHealth, "South London and Maudsley", None, "RV5", None),
    ex(
        Wave::MentalHealth,
        "Worcestershire Health and Care",
        None,
        "R1A",
        Some("Herefordshire and Worcestershire Health and Care"),
    ),
    ex(Wave::Ambulance, "South Central Ambulance Service", None, "RYE", None),
    ex(Wave::Ambulance, "West Midlands Ambulance Service", None, "RYA", None),
    ex(Wave::Ambulance, "North East Ambulance Service", None, "RX6", None),
];

/// The caveat every chart using the exemplar cohort shows.
pub const SUCCESSOR_NOTE: &str = "Global Digital Exemplars (2016-2017) are shown as the trusts that hold their services \
today; after mergers that is an inference, not the exemplar that was funded";

/// The exemplars compared in `setting`: those funded for it (acute waves in acute, mental health
/// in mental health, ambulance in ambulance). No exemplar was funded for community services, so
/// community has none.
pub fn for_setting(setting: CareSetting) -> Vec<&'static Exemplar> {
    GLOBAL_DIGITAL_EXEMPLARS.iter().filter(|e| e.wave.care_setting() == setting).collect()
}

/// The mapping in one sentence for `setting`, for a chart's notes: "Salford Royal → RM3
/// (now Northern Care Alliance); ...". Empty when the setting has no exemplars.
pub fn mapping_statement(setting: CareSetting) -> String {
    let parts: Vec<String> = for_setting(setting)
        .iter()
        .map(|e| {
            let mut s = format!("{} ({}) \u{2192} {}", e.exemplar, e.wave.label(), e.code);
            if let Some(old) = e.former_code {
                s.push_str(&format!(" (was {old})"));
            }
            if let Some(now) = e.now {
                s.push_str(&format!(", now {now}"));
            }
            s
        })
        .collect();
    if parts.is_empty() { String::new() } else { format!("{SUCCESSOR_NOTE}: {}.", parts.join("; ")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_has_its_own_exemplars_and_community_has_none() {
        assert_eq!(for_setting(CareSetting::Acute).len(), 17);
        assert_eq!(for_setting(CareSetting::MentalHealth).len(), 7);
        assert_eq!(for_setting(CareSetting::Ambulance).len(), 3);
        assert!(for_setting(CareSetting::Community).is_empty());
        assert!(mapping_statement(CareSetting::Community).is_empty());
        assert!(
            mapping_statement(CareSetting::Acute)
                .contains("City Hospitals Sunderland (acute, 2016) \u{2192} R0B (was RLN)")
        );
    }
}
