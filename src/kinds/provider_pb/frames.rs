//! The personal-budget survey's input tables, built from the current
//! responses after cleaning (`super::clean`):
//!
//! - `pb_rows`: one row per response received, its cleaning status and
//!   every answer and derived value the tables and checks read;
//! - `pb_answers`: the profile's answers in long form (usable responses,
//!   once with `grp` = `all` and once more as `pb_yes` when Q9 is yes);
//! - `pb_codes`: every category the profile reports on, so a category
//!   nobody gave still gets its row with n = 0;
//! - `pb_las`: one row per authority a usable response names (Q4), and per
//!   Q11 name that is not among them.
//!
//! Contact details stay in state.db for the call sheet; no table carries
//! them.

use polars::prelude::*;

use super::authorities;
use super::clean::{Cleaned, clean};
use super::derived::{Derived, Ticks, code, derive, known, majority, size_band, ticks};
use super::las::las_frame;
use super::profile::{answers_frame, codes_frame};
use crate::ingest::{Return, StoredReturn, Value};
use crate::kinds::Named;
use crate::reference::Reference;

pub fn tables(
    responses: &[&StoredReturn],
    reference: &Reference,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let cleaned = clean(responses);
    let derived: Vec<Derived> = responses
        .iter()
        .map(|r| derive(&r.data, reference))
        .collect();
    Ok(vec![
        (
            "pb_rows",
            rows_frame(responses, &cleaned, &derived, reference)?,
        ),
        ("pb_answers", answers_frame(responses, &cleaned, &derived)?),
        ("pb_codes", codes_frame()?),
        (
            "pb_las",
            las_frame(responses, &cleaned, &derived, reference)?,
        ),
    ])
}

/// Columns built row by row, by name.
#[derive(Default)]
struct Columns(Vec<Column>);

impl Columns {
    fn text(&mut self, name: &str, values: Vec<Option<String>>) {
        self.0.push(Column::new(name.into(), values));
    }
    fn num(&mut self, name: &str, values: Vec<Option<f64>>) {
        self.0.push(Column::new(name.into(), values));
    }
    fn int(&mut self, name: &str, values: Vec<Option<i32>>) {
        self.0.push(Column::new(name.into(), values));
    }
    fn flag(&mut self, name: &str, values: Vec<bool>) {
        self.0.push(Column::new(name.into(), values));
    }
}

fn rows_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    d: &[Derived],
    reference: &Reference,
) -> PolarsResult<DataFrame> {
    let n = responses.len();
    let each = |f: &dyn Fn(usize, &Return) -> Option<String>| -> Vec<Option<String>> {
        (0..n).map(|i| f(i, &responses[i].data)).collect()
    };
    let nums = |f: &dyn Fn(usize, &Return) -> Option<f64>| -> Vec<Option<f64>> {
        (0..n).map(|i| f(i, &responses[i].data)).collect()
    };
    let mut cols = Columns::default();
    cols.text("response_key", each(&|_, r| Some(r.service_key())));
    cols.text(
        "source_file",
        (0..n)
            .map(|i| Some(responses[i].source_file.clone()))
            .collect(),
    );
    cols.text("status", each(&|i, _| Some(c.status[i].as_str().into())));
    cols.text(
        "other_key",
        each(&|i, _| c.other[i].map(|j| responses[j].service_key().to_string())),
    );
    cols.text(
        "changed",
        each(&|i, _| (!c.changed[i].is_empty()).then(|| c.changed[i].join(", "))),
    );
    for key in ["period", "response_id", "org_name"] {
        cols.text(key, each(&|_, r| r.text(key).map(str::to_string)));
    }
    cols.text(
        "register_provider",
        each(&|_, r| {
            r.text("org_name")
                .and_then(|o| reference.provider(o))
                .map(|p| p.provider.clone())
        }),
    );
    cols.text("org_type", each(&|_, r| code(r.value("org_type"))));
    cols.text(
        "authorities",
        each(&|i, _| {
            let names: Vec<String> = d[i].areas.iter().filter_map(|a| a.name.clone()).collect();
            (!names.is_empty()).then(|| names.join("; "))
        }),
    );
    cols.text("nation", each(&|i, _| Some(d[i].nation.clone())));
    cols.num(
        "people_supported",
        nums(&|_, r| known(r.value("people_supported"))),
    );
    cols.text(
        "size_band",
        each(&|_, r| Some(size_band(r.value("people_supported")).into())),
    );
    cols.num("total_spend", nums(&|_, r| known(r.value("total_spend"))));
    answers_by_group(&mut cols, responses, "pct");
    cols.text("majority_group", each(&|_, r| Some(majority(r, "pct"))));
    multi_ticks(&mut cols, responses, "provides");
    cols.text(
        "pb_funding_18m",
        each(&|_, r| code(r.value("pb_funding_18m"))),
    );
    pb_columns(&mut cols, responses, d);
    check_columns(&mut cols, responses, d);
    DataFrame::new(n, cols.0)
}

/// The Q10-Q19 columns: PB users, who they are, what they buy, income.
fn pb_columns(cols: &mut Columns, responses: &[&StoredReturn], d: &[Derived]) {
    let n = responses.len();
    let each = |f: &dyn Fn(usize, &Return) -> Option<String>| -> Vec<Option<String>> {
        (0..n).map(|i| f(i, &responses[i].data)).collect()
    };
    let nums = |f: &dyn Fn(usize, &Return) -> Option<f64>| -> Vec<Option<f64>> {
        (0..n).map(|i| f(i, &responses[i].data)).collect()
    };
    cols.num("pb_users_last_fy", nums(&|i, _| d[i].users_last_fy));
    cols.num("pb_users_ytd", nums(&|i, _| d[i].users_ytd));
    cols.text(
        "pb_users_change",
        each(&|i, _| d[i].change.map(str::to_string)),
    );
    answers_by_group(cols, responses, "pb_pct");
    cols.text(
        "pb_majority_group",
        each(&|_, r| Some(majority(r, "pb_pct"))),
    );
    cols.text(
        "pb_over_retirement_age",
        each(&|_, r| code(r.value("pb_over_retirement_age"))),
    );
    multi_ticks(cols, responses, "pb_buys");
    cols.text(
        "pb_job_likelihood",
        each(&|_, r| code(r.value("pb_job_likelihood"))),
    );
    cols.num(
        "pb_income_last_fy",
        nums(&|_, r| known(r.value("pb_income_last_fy"))),
    );
    cols.text("income_band", each(&|i, _| Some(d[i].income_band.clone())));
    cols.num("income_per_user", nums(&|i, _| d[i].income_per_user));
    for key in [
        "pb_in_business_plan",
        "pb_costing",
        "pb_payment",
        "pb_demand_18m",
        "contact_ok",
    ] {
        cols.text(key, each(&|_, r| code(r.value(key))));
    }
}

/// What the checks read beyond the tables' columns: counts as given, the
/// branch's answers, and the Q11 breakdown's sums.
fn check_columns(cols: &mut Columns, responses: &[&StoredReturn], d: &[Derived]) {
    let n = responses.len();
    let data = |i: usize| &responses[i].data;
    for key in [
        "people_supported",
        "total_spend",
        "pb_users_last_fy",
        "pb_users_ytd",
        "pb_income_last_fy",
    ] {
        cols.flag(
            &format!("{key}_not_known"),
            (0..n)
                .map(|i| matches!(data(i).value(key), Value::NotKnown))
                .collect(),
        );
    }
    for (col, key) in [
        ("pb_users_last_fy_given", "pb_users_last_fy"),
        ("pb_users_ytd_given", "pb_users_ytd"),
    ] {
        cols.num(col, (0..n).map(|i| known(data(i).value(key))).collect());
    }
    const BRANCH: &[&str] = &[
        "pb_users_last_fy",
        "pb_users_ytd",
        "pb_users_by_la_last_fy",
        "pb_users_by_la_ytd",
        "pb_pct_ld",
        "pb_pct_mh",
        "pb_pct_autism",
        "pb_pct_physical_sensory",
        "pb_pct_other",
        "pb_over_retirement_age",
        "pb_buys",
        "pb_job_likelihood",
        "pb_income_last_fy",
        "income_band_given",
        "pb_in_business_plan",
        "pb_costing",
        "pb_payment",
    ];
    cols.flag(
        "pb_branch_answered",
        (0..n)
            .map(|i| {
                BRANCH
                    .iter()
                    .any(|k| !matches!(data(i).value(k), Value::Missing))
            })
            .collect(),
    );
    for (col, key) in [
        ("q11_last_fy_sum", "pb_users_by_la_last_fy"),
        ("q11_ytd_sum", "pb_users_by_la_ytd"),
    ] {
        cols.num(
            col,
            (0..n)
                .map(|i| {
                    let counts: Vec<f64> = data(i)
                        .text(key)
                        .map(authorities::pairs)
                        .unwrap_or_default()
                        .into_iter()
                        .filter_map(|(_, c)| c)
                        .collect();
                    (!counts.is_empty()).then(|| counts.iter().sum())
                })
                .collect(),
        );
    }
    cols.text(
        "first_authority",
        (0..n)
            .map(|i| {
                d[i].areas
                    .first()
                    .map(|a| a.name.clone().unwrap_or(a.written.clone()))
            })
            .collect(),
    );
}

/// `<prefix>_<group>` percentages: known numbers, else null.
fn answers_by_group(cols: &mut Columns, responses: &[&StoredReturn], prefix: &str) {
    let groups = super::schema()
        .field(prefix)
        .map(|f| f.answers.clone())
        .unwrap_or_default();
    for g in groups {
        let key = format!("{prefix}_{}", g.code);
        cols.num(
            &key,
            responses.iter().map(|r| r.data.number(&key)).collect(),
        );
    }
}

/// `<prefix>_<option>` ticks: 1 / 0, or null when the question is not
/// answered (missing or not known).
fn multi_ticks(cols: &mut Columns, responses: &[&StoredReturn], prefix: &str) {
    let options = super::schema()
        .field(prefix)
        .map(|f| f.answers.clone())
        .unwrap_or_default();
    for o in options {
        cols.int(
            &format!("{prefix}_{}", o.code),
            responses
                .iter()
                .map(|r| match ticks(&r.data, prefix) {
                    Ticks::Codes(codes) => Some(i32::from(codes.contains(&o.code))),
                    _ => None,
                })
                .collect(),
        );
    }
}
