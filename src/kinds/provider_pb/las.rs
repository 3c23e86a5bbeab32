//! `pb_las`: one row per authority a usable response names in Q4, and per
//! Q11 name that is none of them, with what `pb_by_authority` and the
//! authority checks read.

use polars::prelude::*;

use super::authorities;
use super::clean::{Cleaned, Status};
use super::derived::{Area, Derived, area};
use crate::ingest::StoredReturn;
use crate::ingest::text::normalise;
use crate::kinds::Named;
use crate::reference::Reference;

/// One row per authority a usable response names in Q4 (`source` = `q4`),
/// and per Q11 name that is none of them (`q11`).
pub fn las_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    d: &[Derived],
    reference: &Reference,
) -> PolarsResult<DataFrame> {
    let mut b = LasBuilder::default();
    for (i, r) in responses.iter().enumerate() {
        if c.status[i] != Status::Usable {
            continue;
        }
        let data = &r.data;
        let q11 = |key: &str| -> Vec<(Area, Option<f64>)> {
            data.text(key)
                .map(authorities::pairs)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, count)| (area(reference, &name), count))
                .collect()
        };
        let (last, ytd) = (q11("pb_users_by_la_last_fy"), q11("pb_users_by_la_ytd"));
        let same = |a: &Area, b: &Area| match (&a.code, &b.code) {
            (Some(x), Some(y)) => x == y,
            _ => normalise(&a.written) == normalise(&b.written),
        };
        let count_for = |list: &[(Area, Option<f64>)], a: &Area| -> Option<f64> {
            let found: Vec<f64> = list
                .iter()
                .filter(|(b, _)| same(a, b))
                .filter_map(|(_, n)| *n)
                .collect();
            (!found.is_empty()).then(|| found.iter().sum())
        };
        let row = LasRow {
            key: data.service_key(),
            period: data.text("period").map(str::to_string),
            n_named: d[i].areas.len() as i32,
            pb_yes: data.text("pb_funding_18m") == Some("yes"),
            never_asked: data.text("pb_demand_18m") == Some("never_asked"),
            users_last_fy: d[i].users_last_fy,
            users_ytd: d[i].users_ytd,
            has_q11_last_fy: last.iter().any(|(_, n)| n.is_some()),
        };
        for a in &d[i].areas {
            b.push(
                &row,
                a,
                "q4",
                count_for(&last, a),
                count_for(&ytd, a),
                reference,
            );
        }
        let mut extra: Vec<&Area> = Vec::new();
        for (a, _) in last.iter().chain(ytd.iter()) {
            if !d[i].areas.iter().any(|x| same(x, a)) && !extra.iter().any(|x| same(x, a)) {
                extra.push(a);
            }
        }
        for a in extra {
            b.push(
                &row,
                a,
                "q11",
                count_for(&last, a),
                count_for(&ytd, a),
                reference,
            );
        }
    }
    b.frame()
}

/// What every authority row of one response shares.
struct LasRow {
    key: String,
    period: Option<String>,
    n_named: i32,
    pb_yes: bool,
    never_asked: bool,
    users_last_fy: Option<f64>,
    users_ytd: Option<f64>,
    has_q11_last_fy: bool,
}

#[derive(Default)]
struct LasBuilder {
    key: Vec<String>,
    period: Vec<Option<String>>,
    source: Vec<&'static str>,
    written: Vec<String>,
    authority: Vec<String>,
    code: Vec<Option<String>>,
    nation: Vec<Option<String>>,
    suggestion: Vec<Option<String>>,
    n_named: Vec<i32>,
    pb_yes: Vec<bool>,
    never_asked: Vec<bool>,
    users_last_fy: Vec<Option<f64>>,
    users_ytd: Vec<Option<f64>>,
    q11_last_fy: Vec<Option<f64>>,
    q11_ytd: Vec<Option<f64>>,
    has_q11_last_fy: Vec<bool>,
}

impl LasBuilder {
    fn push(
        &mut self,
        row: &LasRow,
        a: &Area,
        source: &'static str,
        q11_last_fy: Option<f64>,
        q11_ytd: Option<f64>,
        reference: &Reference,
    ) {
        self.key.push(row.key.clone());
        self.period.push(row.period.clone());
        self.source.push(source);
        self.written.push(a.written.clone());
        self.authority
            .push(a.name.clone().unwrap_or_else(|| a.written.clone()));
        self.code.push(a.code.clone());
        self.nation.push(a.nation.clone());
        self.suggestion.push(
            a.code
                .is_none()
                .then(|| reference.authority_suggestion(&a.written))
                .flatten(),
        );
        self.n_named.push(row.n_named);
        self.pb_yes.push(row.pb_yes);
        self.never_asked.push(row.never_asked);
        self.users_last_fy.push(row.users_last_fy);
        self.users_ytd.push(row.users_ytd);
        self.q11_last_fy.push(q11_last_fy);
        self.q11_ytd.push(q11_ytd);
        self.has_q11_last_fy.push(row.has_q11_last_fy);
    }

    fn frame(self) -> PolarsResult<DataFrame> {
        let n = self.key.len();
        DataFrame::new(
            n,
            vec![
                Column::new("response_key".into(), self.key),
                Column::new("period".into(), self.period),
                Column::new("source".into(), self.source),
                Column::new("written".into(), self.written),
                Column::new("authority".into(), self.authority),
                Column::new("authority_code".into(), self.code),
                Column::new("nation".into(), self.nation),
                Column::new("suggestion".into(), self.suggestion),
                Column::new("n_named".into(), self.n_named),
                Column::new("pb_yes".into(), self.pb_yes),
                Column::new("never_asked".into(), self.never_asked),
                Column::new("users_last_fy".into(), self.users_last_fy),
                Column::new("users_ytd".into(), self.users_ytd),
                Column::new("q11_last_fy".into(), self.q11_last_fy),
                Column::new("q11_ytd".into(), self.q11_ytd),
                Column::new("has_q11_last_fy".into(), self.has_q11_last_fy),
            ],
        )
    }
}
