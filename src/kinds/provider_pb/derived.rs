//! What the tables read of one response beyond its raw answers: the
//! authorities it names as matched, its nation, bands, majority groups,
//! multi-select ticks, and its PB counts as the tables may use them.

use super::authorities;
use super::interpret::income_band;
use crate::ingest::{Return, Value};
use crate::reference::Reference;

/// One authority a response names, as matched.
#[derive(Debug, Clone)]
pub struct Area {
    pub written: String,
    pub name: Option<String>,
    pub code: Option<String>,
    /// `england`, `scotland`, `wales`, `northern_ireland`, or none.
    pub nation: Option<String>,
}

pub fn area(reference: &Reference, written: &str) -> Area {
    if let Some(a) = reference.authority(written) {
        return Area {
            written: written.to_string(),
            name: Some(a.name.clone()),
            code: Some(a.code.clone()),
            nation: Some("england".into()),
        };
    }
    match reference.devolved(written) {
        Some(d) => Area {
            written: written.to_string(),
            name: Some(d.name.clone()),
            code: Some(d.code.clone()),
            nation: Some(d.nation.clone()),
        },
        None => Area {
            written: written.to_string(),
            name: None,
            code: None,
            nation: None,
        },
    }
}

/// The nation of a response from its matched authorities (§4).
fn nation(areas: &[Area]) -> &str {
    let mut nations: Vec<&str> = areas.iter().filter_map(|a| a.nation.as_deref()).collect();
    nations.sort_unstable();
    nations.dedup();
    match nations.as_slice() {
        [] => "unknown",
        [one] => one,
        _ => "mixed",
    }
}

/// A coded answer as the tables hold it: the code, `not_known`, or null.
pub fn code(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) => Some(t.clone()),
        Value::NotKnown => Some("not_known".into()),
        _ => None,
    }
}

pub fn known(v: &Value) -> Option<f64> {
    v.number()
}

pub fn size_band(v: &Value) -> &'static str {
    match v {
        Value::Number(n) if *n < 100.0 => "lt100",
        Value::Number(n) if *n < 300.0 => "100_299",
        Value::Number(n) if *n < 500.0 => "300_499",
        Value::Number(n) if *n < 1000.0 => "500_999",
        Value::Number(_) => "1000_plus",
        Value::NotKnown => "not_known",
        _ => "missing",
    }
}

/// The group with the highest known percentage (§5).
pub fn majority(r: &Return, prefix: &str) -> String {
    let groups = super::schema()
        .field(prefix)
        .map(|f| f.answers.clone())
        .unwrap_or_default();
    let known: Vec<(&str, f64)> = groups
        .iter()
        .filter_map(|a| {
            r.number(&format!("{prefix}_{}", a.code))
                .map(|v| (a.code.as_str(), v))
        })
        .collect();
    let top = known
        .iter()
        .map(|(_, v)| *v)
        .fold(f64::NEG_INFINITY, f64::max);
    let at_top: Vec<&str> = known
        .iter()
        .filter(|(_, v)| *v == top)
        .map(|(g, _)| *g)
        .collect();
    match at_top.as_slice() {
        [one] => one.to_string(),
        [_, _, ..] => "equal".into(),
        [] if groups
            .iter()
            .any(|a| matches!(r.value(&format!("{prefix}_{}", a.code)), Value::NotKnown)) =>
        {
            "not_known".into()
        }
        [] => "missing".into(),
    }
}

/// A multi-select answer: its ticked codes, not known, or missing.
pub enum Ticks {
    Codes(Vec<String>),
    NotKnown,
    Missing,
}

pub fn ticks(r: &Return, prefix: &str) -> Ticks {
    match r.value(prefix) {
        Value::Text(t) => Ticks::Codes(t.split(';').map(str::to_string).collect()),
        Value::NotKnown => Ticks::NotKnown,
        _ => Ticks::Missing,
    }
}

/// What the tables read of one response beyond its raw answers.
pub struct Derived {
    pub areas: Vec<Area>,
    pub nation: String,
    pub users_last_fy: Option<f64>,
    pub users_ytd: Option<f64>,
    pub income_band: String,
    pub income_per_user: Option<f64>,
    pub change: Option<&'static str>,
}

pub fn derive(r: &Return, reference: &Reference) -> Derived {
    let areas: Vec<Area> = r
        .text("las_served")
        .map(authorities::named)
        .unwrap_or_default()
        .into_iter()
        .map(|w| area(reference, w))
        .collect();
    let people = known(r.value("people_supported"));
    // A count above the people supported is an error: missing until amended.
    let within = |v: Option<f64>| v.filter(|u| people.is_none_or(|p| *u <= p));
    let users_last_fy = within(known(r.value("pb_users_last_fy")));
    let users_ytd = within(known(r.value("pb_users_ytd")));
    let income = known(r.value("pb_income_last_fy"));
    let income_band = match (income, r.value("pb_income_last_fy")) {
        (Some(v), _) => income_band(v).to_string(),
        (None, _) if r.text("income_band_given").is_some() => {
            r.text("income_band_given").unwrap_or_default().to_string()
        }
        (None, Value::NotKnown) => "not_known".into(),
        _ => "missing".into(),
    };
    let income_per_user = match (income, users_last_fy) {
        (Some(i), Some(u)) if i > 0.0 && u > 0.0 => Some(i / u),
        _ => None,
    };
    let change = match (users_last_fy, users_ytd) {
        (Some(a), Some(b)) if b > a => Some("increase"),
        (Some(a), Some(b)) if b < a => Some("decrease"),
        (Some(_), Some(_)) => Some("same"),
        _ => None,
    };
    let nation = nation(&areas).to_string();
    Derived {
        areas,
        nation,
        users_last_fy,
        users_ytd,
        income_band,
        income_per_user,
        change,
    }
}
