//! Formatting numbers and periods the way NHS publications write them: thousands separated by
//! commas, percentages to one decimal place, months as "Apr 2018".

/// `1234567.8` with `decimals` places and comma thousands separators: "1,234,567.8".
pub fn number(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s, None),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let negative =
        v < 0.0 && grouped.chars().chain(frac.iter().flat_map(|f| f.chars())).any(|c| c != '0' && c != ',');
    let mut out = if negative { format!("-{grouped}") } else { grouped };
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// A value in a metric's unit: "85.2%" for percentages, "12.3 per 100 attendances" otherwise.
pub fn with_unit(v: f64, unit: &str, decimals: usize) -> String {
    match unit {
        "%" => format!("{}%", number(v, decimals)),
        "" => number(v, decimals),
        u => format!("{} {u}", number(v, decimals)),
    }
}

/// The text with its first letter in capitals: "better than England" becomes "Better than England".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "2018-04-01" as "Apr 2018"; other period keys are shown as they are.
pub fn period(key: &str) -> String {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = key.get(5..7).and_then(|m| m.parse::<usize>().ok());
    match (key.get(0..4), month, key.as_bytes().get(4)) {
        (Some(y), Some(m @ 1..=12), Some(b'-')) if y.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{} {y}", MONTHS[m - 1])
        }
        _ => key.to_string(),
    }
}

/// A range of periods: "Apr 2018 to Mar 2019", or one period when they are the same.
pub fn period_range(from: &str, to: &str) -> String {
    if from == to { period(from) } else { format!("{} to {}", period(from), period(to)) }
}

/// A short name for titles: "Salford Royal NHS Foundation Trust" becomes "Salford Royal".
pub fn short_name(name: &str) -> String {
    for suffix in [" NHS Foundation Trust", " NHS Trust", " Foundation Trust"] {
        if let Some(stripped) = name.strip_suffix(suffix) {
            return stripped.to_string();
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators_and_fixed_decimals() {
        assert_eq!(number(1_234_567.84, 1), "1,234,567.8");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(number(-1234.5, 0), "-1,234");
        assert_eq!(number(-0.04, 1), "0.0");
        assert_eq!(number(f64::NAN, 1), "n/a");
    }

    #[test]
    fn periods_read_as_month_and_year() {
        assert_eq!(period("2018-04-01"), "Apr 2018");
        assert_eq!(period("2019/20"), "2019/20");
        assert_eq!(period_range("2018-04-01", "2019-03-01"), "Apr 2018 to Mar 2019");
        assert_eq!(with_unit(85.234, "%", 1), "85.2%");
    }
}
