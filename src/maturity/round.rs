//! Assessment rounds: the NHS financial year an assessment belongs to ("2023/24"), or a calendar
//! year ("2016"). Rounds order by their starting year, which is also what rates of progress per
//! year are measured in.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A round as written and the year it starts in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Round {
    /// As written in the file, normalised to "YYYY/YY" for financial years.
    pub label: String,
    /// The year the round starts in (2023 for "2023/24").
    pub year: i32,
}

impl Round {
    /// Reads "2023/24" or "2023-24" (a financial year, the second part the next year) or "2016"
    /// (a calendar year). The error says which forms are accepted.
    pub fn parse(raw: &str) -> Result<Round, String> {
        let t = raw.trim();
        let bad = || {
            format!(
                "'{}' is not a round: write a financial year as 2023/24 or a calendar year as 2016",
                crate::error::quoted(t)
            )
        };
        let year = |s: &str| -> Option<i32> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1990..=2100).contains(y))
        };
        if let Some(y) = year(t) {
            return Ok(Round { label: t.to_string(), year: y });
        }
        let (first, second) = t.split_once(['/', '-']).ok_or_else(bad)?;
        let y = year(first).ok_or_else(bad)?;
        let next = (y + 1) % 100;
        let second_ok = second.len() == 2 && second.parse::<i32>().ok() == Some(next)
            || second.len() == 4 && second.parse::<i32>().ok() == Some(y + 1);
        if !second_ok {
            return Err(format!(
                "'{t}' is not a financial year: the second year must follow the first, as in {y}/{next:02}"
            ));
        }
        Ok(Round { label: format!("{y}/{next:02}"), year: y })
    }
}

impl PartialOrd for Round {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Round {
    fn cmp(&self, other: &Self) -> Ordering {
        self.year.cmp(&other.year).then_with(|| self.label.cmp(&other.label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_reads_financial_and_calendar_years() {
        assert_eq!(Round::parse("2023/24").unwrap().year, 2023);
        assert_eq!(Round::parse(" 2015-16 ").unwrap().label, "2015/16");
        assert_eq!(Round::parse("1999/2000").unwrap().label, "1999/00");
        assert_eq!(Round::parse("2016").unwrap().year, 2016);
    }

    #[test]
    fn round_rejects_a_financial_year_whose_halves_do_not_follow() {
        let e = Round::parse("2023/25").unwrap_err();
        assert!(e.contains("2023/24"), "{e}");
        assert!(Round::parse("23/24").is_err());
        assert!(Round::parse("").is_err());
    }
}
