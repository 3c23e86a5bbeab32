//! Cell value conventions (RETURN_FORMAT.md §1.2): money, counts, ticks,
//! periods, percentages and "not known". Pure functions, no I/O.

use chrono::Datelike;

use super::cells::{Cell, format_number};
use super::schema::ValueWords;
use super::text::{clean_text, normalise};

/// What a field holds after reading. `Missing` (blank) and `NotKnown`
/// ("not known", "n/k", ...) are distinct states and stay distinct.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
pub enum Value {
    Missing,
    NotKnown,
    Number(f64),
    Text(String),
    Tick(bool),
    /// A cell that could not be read as its field's kind; the raw text is kept.
    Invalid(String),
}

impl Value {
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        }
    }

    pub fn is_missing(&self) -> bool {
        matches!(self, Value::Missing)
    }

    pub fn describe(&self) -> String {
        match self {
            Value::Missing => "blank".into(),
            Value::NotKnown => "not known".into(),
            Value::Number(n) => format_number(*n),
            Value::Text(t) => format!("\"{t}\""),
            Value::Tick(b) => if *b { "ticked" } else { "not ticked" }.into(),
            Value::Invalid(t) => format!("\"{t}\" (unreadable)"),
        }
    }
}

/// A cell read as a number, and how it had to be interpreted.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    Blank,
    NotKnown,
    Number {
        value: f64,
        interpreted: Option<String>,
    },
    Percent(f64),
    Invalid(String),
}

pub fn is_not_known(text: &str, words: &ValueWords) -> bool {
    let t = text.trim().to_lowercase();
    if words.not_known.contains(&t) {
        return true;
    }
    // "Not known.", "N/K!" and friends: compare normalised forms too.
    let n = normalise(&t);
    !n.is_empty() && words.not_known.iter().any(|w| normalise(w) == n)
}

/// Money: `263132`, `£263,132`, `£263,132.00`, `263132.5`, `£263k`, `£1.2m`.
pub fn parse_money(cell: &Cell, words: &ValueWords) -> Parsed {
    parse_numeric(cell, words, true)
}

/// Counts: `12`, ` 12 `, `12.0`, `1,204`. Fractions are not counts.
pub fn parse_count(cell: &Cell, words: &ValueWords) -> Parsed {
    match parse_numeric(cell, words, false) {
        Parsed::Number { value, .. } if value.fract() != 0.0 => {
            Parsed::Invalid(format!("{} is not a whole number", format_number(value)))
        }
        other => other,
    }
}

fn parse_numeric(cell: &Cell, words: &ValueWords, money: bool) -> Parsed {
    match cell {
        Cell::Empty => Parsed::Blank,
        Cell::Number(n) if n.is_finite() => Parsed::Number {
            value: *n,
            interpreted: None,
        },
        Cell::Number(n) => Parsed::Invalid(n.to_string()),
        Cell::Bool(b) => Parsed::Invalid(b.to_string()),
        Cell::Date(d) => Parsed::Invalid(d.to_string()),
        Cell::Error(e) => Parsed::Invalid(e.clone()),
        Cell::Text(raw) => parse_numeric_text(raw, words, money),
    }
}

fn parse_numeric_text(raw: &str, words: &ValueWords, money: bool) -> Parsed {
    let t = clean_text(raw);
    if t.is_empty() {
        return Parsed::Blank;
    }
    if is_not_known(&t, words) {
        return Parsed::NotKnown;
    }
    let mut s: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(p) = s.strip_suffix('%') {
        return match p.replace(',', "").parse::<f64>() {
            Ok(v) if v.is_finite() => Parsed::Percent(v),
            _ => Parsed::Invalid(t),
        };
    }
    let negative_brackets = s.starts_with('(') && s.ends_with(')');
    if negative_brackets {
        s = s[1..s.len() - 1].to_string();
    }
    let negative = negative_brackets || s.starts_with('-');
    let s = s.trim_start_matches(['-', '+']);
    let s = s.strip_prefix('£').unwrap_or(s);
    let s = s
        .strip_prefix("gbp")
        .or_else(|| s.strip_prefix("GBP"))
        .unwrap_or(s);
    let (digits, multiplier, suffix) = match s.chars().last() {
        Some('k' | 'K') if money => (&s[..s.len() - 1], 1_000.0, Some("k")),
        Some('m' | 'M') if money => (&s[..s.len() - 1], 1_000_000.0, Some("m")),
        _ => (s, 1.0, None),
    };
    if !valid_thousands(digits) {
        return Parsed::Invalid(t);
    }
    let plain = digits.replace(',', "");
    match plain.parse::<f64>() {
        Ok(v) if v.is_finite() && !plain.is_empty() => {
            let value = if negative {
                -v * multiplier
            } else {
                v * multiplier
            };
            let value = (value * 100.0).round() / 100.0;
            let interpreted = suffix.map(|k| {
                format!(
                    "\"{t}\" read as £{} ({k} = ×{})",
                    format_number(value),
                    format_number(multiplier)
                )
            });
            Parsed::Number { value, interpreted }
        }
        _ => Parsed::Invalid(t),
    }
}

/// Commas only as thousands separators: `1,204` yes, `1,2` no.
fn valid_thousands(s: &str) -> bool {
    if !s.contains(',') {
        return true;
    }
    let int_part = s.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int_part.split(',').collect();
    !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// Ticks: `x`, `✓`, `yes`, `1`, `true` ticked; blank, `no`, `0`, `false` not.
pub fn parse_tick(cell: &Cell, words: &ValueWords) -> Result<bool, String> {
    match cell {
        Cell::Empty => Ok(false),
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        Cell::Text(t) => {
            let t = clean_text(t).to_lowercase();
            if t.is_empty() || words.not_ticked.contains(&t) {
                Ok(false)
            } else if words.ticked.contains(&t) {
                Ok(true)
            } else {
                Err(t)
            }
        }
        other => Err(other.display()),
    }
}

/// A period as read from a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum PeriodRead {
    Blank,
    NotKnown,
    /// Normalised `YYYY/YY`, with a note when a date cell had to be read.
    Period {
        period: String,
        interpreted: Option<String>,
    },
    Unresolved(String),
}

/// Periods: `2011/12`, `2011-12`, `2011/2012`, `11/12`, `FY2011/12`,
/// `2011 to 2012` all become `2011/12`. A date whose month is the next
/// year's two digits (Excel's reading of a typed `2011/12`) is `Y/MM`.
pub fn parse_period_cell(cell: &Cell, words: &ValueWords) -> PeriodRead {
    match cell {
        Cell::Empty => PeriodRead::Blank,
        Cell::Date(d) => {
            let y = d.year();
            if d.month() as i32 == (y + 1).rem_euclid(100) {
                let p = format!("{y}/{:02}", (y + 1) % 100);
                PeriodRead::Period {
                    interpreted: Some(format!(
                        "date cell {} read as the financial year {p}",
                        d.format("%d %b %Y")
                    )),
                    period: p,
                }
            } else {
                PeriodRead::Unresolved(format!("the date {}", d.format("%d %b %Y")))
            }
        }
        Cell::Number(n) => parse_period_text(&format_number(*n), words),
        Cell::Text(t) => parse_period_text(t, words),
        other => PeriodRead::Unresolved(other.display()),
    }
}

pub fn parse_period_text(raw: &str, words: &ValueWords) -> PeriodRead {
    let t = clean_text(raw);
    if t.is_empty() {
        return PeriodRead::Blank;
    }
    if is_not_known(&t, words) {
        return PeriodRead::NotKnown;
    }
    match period_in(&t) {
        Some(p) => PeriodRead::Period {
            period: p,
            interpreted: None,
        },
        None => PeriodRead::Unresolved(t),
    }
}

/// The one financial year a text names, if it names exactly one.
pub fn period_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let stripped = lower
        .replace("financial year", " ")
        .replace("fy", " ")
        .replace("to", "/");
    let runs: Vec<&str> = stripped
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect();
    if runs.len() != 2 {
        return None;
    }
    // Only separators and spaces may stand between and around the years.
    let leftovers: String = stripped
        .chars()
        .filter(|c| !c.is_ascii_digit() && !matches!(c, '/' | '-' | '–' | ' ' | '.'))
        .collect();
    if !leftovers.is_empty() {
        return None;
    }
    let first = year_of(runs[0])?;
    let second = runs[1];
    let next = first + 1;
    let ok = match second.len() {
        2 => second.parse::<i32>().ok()? == next % 100,
        4 => second.parse::<i32>().ok()? == next,
        _ => false,
    };
    ok.then(|| format!("{first}/{:02}", next % 100))
}

fn year_of(run: &str) -> Option<i32> {
    let n: i32 = run.parse().ok()?;
    match run.len() {
        2 => Some(2000 + n),
        4 if (1990..=2100).contains(&n) => Some(n),
        _ => None,
    }
}

/// Every financial year named anywhere in a text ("... in 2012-13").
pub fn periods_named(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let is_year_start = (i == 0 || !chars[i - 1].is_ascii_digit())
            && chars[i..i + 4].iter().all(char::is_ascii_digit);
        if is_year_start {
            // Try "YYYY/YY" and "YYYY/YYYY" forms starting here.
            for len in [9usize, 7] {
                if i + len <= chars.len() {
                    let candidate: String = chars[i..i + len].iter().collect();
                    let ends_clean = chars.get(i + len).is_none_or(|c| !c.is_ascii_digit());
                    if ends_clean && let Some(p) = period_in(&candidate) {
                        found.push(p);
                        break;
                    }
                }
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::schema::Schema;

    fn w() -> &'static ValueWords {
        &Schema::builtin().values
    }
    fn t(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
    fn num(v: f64) -> Parsed {
        Parsed::Number {
            value: v,
            interpreted: None,
        }
    }

    #[test]
    fn money_spellings() {
        assert_eq!(parse_money(&t("263132"), w()), num(263132.0));
        assert_eq!(parse_money(&t("£263,132"), w()), num(263132.0));
        assert_eq!(parse_money(&t("£263,132.00"), w()), num(263132.0));
        assert_eq!(parse_money(&t("263132.5"), w()), num(263132.5));
        assert!(matches!(
            parse_money(&t("£263k"), w()),
            Parsed::Number { value, interpreted: Some(_) } if value == 263000.0
        ));
        assert_eq!(parse_money(&t("-5,000"), w()), num(-5000.0));
        assert_eq!(parse_money(&t("not known"), w()), Parsed::NotKnown);
        assert_eq!(parse_money(&t("-"), w()), Parsed::NotKnown);
        assert_eq!(parse_money(&Cell::Empty, w()), Parsed::Blank);
        assert!(matches!(parse_money(&t("lots"), w()), Parsed::Invalid(_)));
        assert!(matches!(parse_money(&t("1,2"), w()), Parsed::Invalid(_)));
    }

    #[test]
    fn count_spellings() {
        assert_eq!(parse_count(&t(" 12 "), w()), num(12.0));
        assert_eq!(parse_count(&t("12.0"), w()), num(12.0));
        assert_eq!(parse_count(&t("1,204"), w()), num(1204.0));
        assert_eq!(parse_count(&Cell::Number(12.0), w()), num(12.0));
        assert_eq!(parse_count(&t("0"), w()), num(0.0));
        assert_eq!(parse_count(&t("45%"), w()), Parsed::Percent(45.0));
        assert_eq!(parse_count(&t("n/k"), w()), Parsed::NotKnown);
        assert_eq!(parse_count(&t("Don't know"), w()), Parsed::NotKnown);
        assert!(matches!(parse_count(&t("12.5"), w()), Parsed::Invalid(_)));
        assert!(matches!(parse_count(&t("£12k"), w()), Parsed::Invalid(_)));
    }

    #[test]
    fn tick_spellings() {
        for s in ["x", "X", "✓", "✔", "yes", "y", "true", "1", "Yes"] {
            assert_eq!(parse_tick(&t(s), w()), Ok(true), "{s}");
        }
        for s in ["", "no", "n", "0", "false"] {
            assert_eq!(parse_tick(&t(s), w()), Ok(false), "{s}");
        }
        assert_eq!(parse_tick(&Cell::Empty, w()), Ok(false));
        assert!(parse_tick(&t("maybe"), w()).is_err());
    }

    #[test]
    fn period_spellings() {
        for s in [
            "2011/12",
            "2011-12",
            "2011/2012",
            "2011-2012",
            "11/12",
            "FY2011/12",
            "2011 to 2012",
            "fy 11-12",
            "2011–12",
        ] {
            assert_eq!(
                parse_period_text(s, w()),
                PeriodRead::Period {
                    period: "2011/12".into(),
                    interpreted: None
                },
                "{s}"
            );
        }
        assert!(matches!(
            parse_period_text("2011/12 or 2012/13", w()),
            PeriodRead::Unresolved(_)
        ));
        assert!(matches!(
            parse_period_text("2011/13", w()),
            PeriodRead::Unresolved(_)
        ));
        assert!(matches!(
            parse_period_text("01/12/2011", w()),
            PeriodRead::Unresolved(_)
        ));
        assert_eq!(parse_period_text("not known", w()), PeriodRead::NotKnown);
    }

    #[test]
    fn period_from_date_cell() {
        let d = chrono::NaiveDate::from_ymd_opt(2011, 12, 1).expect("date");
        assert!(matches!(
            parse_period_cell(&Cell::Date(d), w()),
            PeriodRead::Period { ref period, interpreted: Some(_) } if period == "2011/12"
        ));
        let other = chrono::NaiveDate::from_ymd_opt(2011, 5, 1).expect("date");
        assert!(matches!(
            parse_period_cell(&Cell::Date(other), w()),
            PeriodRead::Unresolved(_)
        ));
    }

    #[test]
    fn periods_named_in_prompts() {
        assert_eq!(
            periods_named("Total cost to run in 2012-13"),
            vec!["2012/13"]
        );
        assert_eq!(
            periods_named("in 2011-12 or 2012-13"),
            vec!["2011/12", "2012/13"]
        );
        assert!(periods_named("Name of service").is_empty());
    }
}
