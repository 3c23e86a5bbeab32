//! One survey response's cells as values (returns/provider_pb.md §2): the
//! coded kinds' conventions, plus what this survey's answers add — answers
//! read from their opening words, approximate and band amounts, the
//! percentages of a question read together, and `other` organisations
//! that are central government.

use std::collections::BTreeMap;

use super::header::answer_of;
use crate::ingest::cells::Cell;
use crate::ingest::coded::{self, UnknownCode};
use crate::ingest::form_schema::AnswerKind;
use crate::ingest::schema::ValueWords;
use crate::ingest::text::normalise;
use crate::ingest::values::{Parsed, Value, parse_money};
use crate::ingest::{Layout, Note, RawReturn, Return, ReturnKind, Severity};

/// Counts and amounts that may be written as an approximation.
const AMOUNTS: &[&str] = &[
    "people_supported",
    "total_spend",
    "pb_users_last_fy",
    "pb_users_ytd",
    "pb_income_last_fy",
];

/// The percentage questions (Q6, Q12), by field prefix.
pub const PERCENT_GROUPS: &[&str] = &["pct", "pb_pct"];

/// Words before an approximate amount, longest first.
const APPROX: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "roughly",
    "around",
    "about",
    "circa",
    "c.",
    "~",
];

/// What an organisation of type `other` names when it is central government.
const CENTRAL_GOVERNMENT: &[&str] = &[
    "central government",
    "government department",
    "dwp",
    "jobcentre plus",
    "job centre plus",
];

pub fn interpret(mut raw: RawReturn, layout: Layout, words: &ValueWords) -> Return {
    let schema = super::schema();
    let mut notes = Vec::new();
    if !raw.cells.contains_key("period") && raw.prompt_periods.len() == 1 {
        let period = raw
            .prompt_periods
            .iter()
            .next()
            .cloned()
            .unwrap_or_default();
        raw.cells.insert("period".into(), Cell::Text(period));
    }
    let percentages = take_percentages(&mut raw, words, &mut notes);
    amounts(&mut raw, &mut notes);
    recode_central_government(&mut raw, &mut notes);
    choices(&mut raw);
    let mut r = coded::interpret(
        raw,
        ReturnKind::ProviderPb,
        layout,
        schema,
        words,
        UnknownCode::NotKnown,
    );
    r.values.extend(percentages);
    notes.append(&mut r.notes);
    r.notes = notes;
    // Q9 routes the form: a response without it is an incomplete start,
    // counted in the funnel and queued for nothing.
    if matches!(r.value("pb_funding_18m"), Value::Missing) {
        r.notes.clear();
    }
    r
}

/// The percentages of Q6 and Q12: a blank beside a number of the same
/// question is 0; all blank is missing; outside 0-100 is an error.
fn take_percentages(
    raw: &mut RawReturn,
    words: &ValueWords,
    notes: &mut Vec<Note>,
) -> BTreeMap<String, Value> {
    let schema = super::schema();
    let mut out = BTreeMap::new();
    for prefix in PERCENT_GROUPS {
        let Some(f) = schema.field(prefix) else {
            continue;
        };
        let mut read: Vec<(String, Value)> = Vec::new();
        for a in &f.answers {
            let key = format!("{prefix}_{}", a.code);
            let value = match raw.cells.remove(&key) {
                None => Value::Missing,
                Some(cell) => percentage(&key, &cell, words, notes),
            };
            read.push((key, value));
        }
        let any_number = read.iter().any(|(_, v)| matches!(v, Value::Number(_)));
        for (key, v) in read {
            let v = match v {
                Value::Missing if any_number => Value::Number(0.0),
                other => other,
            };
            if !matches!(v, Value::Missing) {
                out.insert(key, v);
            }
        }
    }
    out
}

fn percentage(key: &str, cell: &Cell, words: &ValueWords, notes: &mut Vec<Note>) -> Value {
    match parse_money(cell, words) {
        Parsed::Blank => Value::Missing,
        Parsed::NotKnown => Value::NotKnown,
        Parsed::Percent(v) | Parsed::Number { value: v, .. } => {
            if (0.0..=100.0).contains(&v) {
                Value::Number(v)
            } else {
                let shown = cell.display();
                notes.push(Note::new(
                    Severity::Error,
                    "pct_out_of_range",
                    Some(key),
                    format!(
                        "{key} reads {shown}, outside 0-100 %; it counts as missing until corrected"
                    ),
                ));
                Value::Invalid(shown)
            }
        }
        Parsed::Invalid(_) => {
            let shown = cell.display();
            notes.push(Note::new(
                Severity::Warning,
                "unrecognised_value",
                Some(key),
                format!("{key} reads \"{shown}\", which is not a percentage; read as not known"),
            ));
            Value::NotKnown
        }
    }
}

/// Counts and amounts: "none" is 0, an approximation is its number (noted),
/// and a Q16 band wording is kept as the band, the amount left null.
fn amounts(raw: &mut RawReturn, notes: &mut Vec<Note>) {
    for key in AMOUNTS {
        let Some(Cell::Text(text)) = raw.cells.get(*key).cloned() else {
            continue;
        };
        let t = text.trim().to_lowercase();
        if ["none", "nil", "nothing", "zero"].contains(&t.as_str()) {
            raw.cells.insert(key.to_string(), Cell::Number(0.0));
            continue;
        }
        if *key == "pb_income_last_fy"
            && let Some(band) = income_band_wording(&t)
        {
            raw.cells.remove(*key);
            raw.cells
                .insert("income_band_given".into(), Cell::Text(band.to_string()));
            notes.push(Note::new(
                Severity::Info,
                "income_band_only",
                Some(key),
                format!("{key} gives a band (\"{}\"), not an amount: the band is kept, the amount is left out of sums and means", text.trim()),
            ));
            continue;
        }
        let stripped = strip_approximation(&t);
        if stripped != t {
            raw.cells
                .insert(key.to_string(), Cell::Text(stripped.clone()));
            notes.push(Note::new(
                Severity::Info,
                "approximate_value",
                Some(key),
                format!("{key} reads \"{}\"; read as {stripped}", text.trim()),
            ));
        }
    }
}

fn strip_approximation(t: &str) -> String {
    let mut s = t.trim();
    for w in APPROX {
        if let Some(rest) = s.strip_prefix(w) {
            s = rest.trim_start();
            break;
        }
    }
    s.trim_end_matches('+').trim().to_string()
}

/// The income band (returns/provider_pb.md §5) an amount falls in.
pub fn income_band(v: f64) -> &'static str {
    match v {
        v if v <= 0.0 => "none",
        v if v < 5_000.0 => "lt5k",
        v if v < 10_000.0 => "5k_10k",
        v if v < 25_000.0 => "10k_25k",
        v if v < 50_000.0 => "25k_50k",
        v if v < 100_000.0 => "50k_100k",
        v if v <= 200_000.0 => "100k_200k",
        _ => "over_200k",
    }
}

/// A band written in words: "Less than £5,000", "£5,000 to £9,999",
/// "between £10,000 and £24,999", "Over £200,000".
fn income_band_wording(t: &str) -> Option<&'static str> {
    let amount = |s: &str| -> Option<f64> {
        let words = ValueWords::default();
        match parse_money(&Cell::Text(s.trim().to_string()), &words) {
            Parsed::Number { value, .. } => Some(value),
            _ => None,
        }
    };
    for lead in ["less than", "under", "below", "up to"] {
        if let Some(rest) = t.strip_prefix(lead) {
            return amount(rest).map(|x| income_band(x - 0.01));
        }
    }
    for lead in ["over", "more than", "above"] {
        if let Some(rest) = t.strip_prefix(lead) {
            return amount(rest).map(|x| income_band(x + 0.01));
        }
    }
    let t = t.strip_prefix("between").unwrap_or(t);
    for sep in [" to ", " and ", " - ", "-", "–"] {
        if let Some((a, b)) = t.split_once(sep)
            && let (Some(low), Some(_)) = (amount(a), amount(b))
        {
            return Some(income_band(low));
        }
    }
    None
}

/// A coded answer written as its form's wording with more after it ("Yes
/// (goes to question 10)", "No, thank you"): its code. "I don't know" is
/// the not-known state.
fn choices(raw: &mut RawReturn) {
    let schema = super::schema();
    // A `;` list of options as the tool writes them (with their
    // descriptions after): each option's code.
    for f in schema.fields.iter().filter(|f| f.kind == AnswerKind::Multi) {
        let Some(Cell::Text(text)) = raw.cells.get(&f.key) else {
            continue;
        };
        let parts: Vec<String> = text
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| answer_of(f, p).map_or_else(|| p.to_string(), str::to_string))
            .collect();
        raw.cells.insert(f.key.clone(), Cell::Text(parts.join(";")));
    }
    for f in schema
        .fields
        .iter()
        .filter(|f| f.kind == AnswerKind::Choice)
    {
        let Some(Cell::Text(text)) = raw.cells.get(&f.key) else {
            continue;
        };
        let n = normalise(text);
        let replaced = match answer_of(f, text) {
            Some(code) => code.to_string(),
            None if n.contains("don t know") || n == "not sure" => "not known".to_string(),
            None => continue,
        };
        raw.cells.insert(f.key.clone(), Cell::Text(replaced));
    }
}

/// An `other` organisation (or an unrecognised type) that names central
/// government, a department, DWP or Jobcentre Plus is `central_government`.
fn recode_central_government(raw: &mut RawReturn, notes: &mut Vec<Note>) {
    let given = raw
        .cells
        .get("org_type")
        .map(Cell::display)
        .unwrap_or_default();
    let other = raw
        .cells
        .get("org_type_other")
        .map(Cell::display)
        .unwrap_or_default();
    let is_code = super::schema().field("org_type").is_some_and(|f| {
        f.answers
            .iter()
            .any(|a| a.code == given && a.code != "other")
    });
    if is_code || (given.is_empty() && other.is_empty()) {
        return;
    }
    let text = normalise(&format!("{given} {other}"));
    let padded = format!(" {text} ");
    if CENTRAL_GOVERNMENT
        .iter()
        .any(|w| padded.contains(&format!(" {} ", normalise(w))))
    {
        raw.cells
            .insert("org_type".into(), Cell::Text("central_government".into()));
        notes.push(Note::new(
            Severity::Info,
            "org_type_recoded",
            Some("org_type"),
            format!(
                "org_type \"other\" names central government (\"{}\"); read as central_government",
                format!("{given} {other}").trim()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cells: &[(&str, &str)]) -> Return {
        let mut raw = RawReturn::default();
        for (k, v) in cells {
            raw.cells.insert(k.to_string(), Cell::Text(v.to_string()));
        }
        interpret(raw, Layout::Batch, &crate::ingest::Schema::builtin().values)
    }

    fn rules(r: &Return) -> Vec<&str> {
        r.notes.iter().map(|n| n.rule.as_str()).collect()
    }

    #[test]
    fn answers_amounts_and_percentages_read_as_the_contract_says() {
        let r = read(&[
            ("org_name", "Acme"),
            ("pb_funding_18m", "Yes (goes to question 10)"),
            ("people_supported", "approx. 120"),
            ("pb_users_last_fy", "None"),
            ("pb_income_last_fy", "Less than £5,000"),
            ("pct_ld", "60%"),
            ("pct_mh", "40"),
            ("pb_job_likelihood", "I don't know"),
            ("pb_demand_18m", "Something else"),
            ("org_type", "Other (please specify)"),
            ("org_type_other", "A DWP contractor"),
        ]);
        assert_eq!(r.value("pb_funding_18m"), &Value::Text("yes".into()));
        assert_eq!(r.value("people_supported"), &Value::Number(120.0));
        assert_eq!(r.value("pb_users_last_fy"), &Value::Number(0.0));
        assert_eq!(r.value("pb_income_last_fy"), &Value::Missing);
        assert_eq!(r.value("income_band_given"), &Value::Text("lt5k".into()));
        assert_eq!(r.value("pct_ld"), &Value::Number(60.0));
        assert_eq!(r.value("pct_autism"), &Value::Number(0.0));
        assert_eq!(r.value("pb_pct_ld"), &Value::Missing);
        assert_eq!(r.value("pb_job_likelihood"), &Value::NotKnown);
        assert_eq!(r.value("pb_demand_18m"), &Value::NotKnown);
        let multi = read(&[
            ("pb_funding_18m", "no"),
            (
                "provides",
                "Self employment Targeted support focused on self employment; Work prep",
            ),
        ]);
        assert_eq!(
            multi.value("provides"),
            &Value::Text("self_employment;work_preparation".into())
        );
        assert_eq!(
            r.value("org_type"),
            &Value::Text("central_government".into())
        );
        let found = rules(&r);
        for rule in [
            "approximate_value",
            "income_band_only",
            "unrecognised_value",
            "org_type_recoded",
        ] {
            assert!(found.contains(&rule), "{rule} in {found:?}");
        }
    }

    #[test]
    fn a_percentage_out_of_range_is_an_error_and_counts_as_missing() {
        let r = read(&[("pb_funding_18m", "no"), ("pct_ld", "140")]);
        assert!(matches!(r.value("pct_ld"), Value::Invalid(_)));
        assert_eq!(rules(&r), ["pct_out_of_range"]);
    }

    #[test]
    fn an_incomplete_start_is_queued_for_nothing() {
        let r = read(&[("org_name", "Acme"), ("pct_ld", "140")]);
        assert!(r.notes.is_empty());
    }

    #[test]
    fn bands_are_read_from_their_wordings() {
        assert_eq!(income_band_wording("£5,000 to £9,999"), Some("5k_10k"));
        assert_eq!(
            income_band_wording("£100,000 to £200,000"),
            Some("100k_200k")
        );
        assert_eq!(income_band_wording("over £200,000"), Some("over_200k"));
        assert_eq!(income_band_wording("12000"), None);
    }
}
