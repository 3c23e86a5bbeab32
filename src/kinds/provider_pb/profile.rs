//! The profile's inputs: each usable response's answer to each profile
//! field in long form (`pb_answers`), and every category a field reports
//! on (`pb_codes`), so a category nobody gave still gets its row.

use polars::prelude::*;

use super::clean::{Cleaned, Status};
use super::derived::{Derived, Ticks, code, majority, size_band, ticks};
use crate::ingest::{Return, StoredReturn};
use crate::kinds::Named;

/// The multi-select questions, by field prefix.
const MULTI: &[&str] = &["provides", "pb_buys", "info_source"];

/// Profile fields for every usable response, then those for `pb_yes` only.
const PROFILE_ALL: &[&str] = &[
    "org_type",
    "size_band",
    "majority_group",
    "provides",
    "pb_funding_18m",
    "pb_demand_18m",
    "info_source",
];
const PROFILE_PB: &[&str] = &[
    "pb_majority_group",
    "pb_over_retirement_age",
    "pb_buys",
    "pb_job_likelihood",
    "income_band",
    "pb_in_business_plan",
    "pb_costing",
    "pb_payment",
];

const SIZE_BANDS: &[&str] = &["lt100", "100_299", "300_499", "500_999", "1000_plus"];
const INCOME_BANDS: &[&str] = &[
    "none",
    "lt5k",
    "5k_10k",
    "10k_25k",
    "25k_50k",
    "50k_100k",
    "100k_200k",
    "over_200k",
];

/// The profile's answers, long: (response, group, field, category).
pub fn answers_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    d: &[Derived],
) -> PolarsResult<DataFrame> {
    let (mut key, mut period, mut grp, mut field, mut category) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, r) in responses.iter().enumerate() {
        if c.status[i] != Status::Usable {
            continue;
        }
        let data = &r.data;
        let pb_yes = data.text("pb_funding_18m") == Some("yes");
        let groups: &[&str] = if pb_yes { &["all", "pb_yes"] } else { &["all"] };
        for g in groups {
            let fields = PROFILE_ALL
                .iter()
                .chain(if *g == "pb_yes" { PROFILE_PB } else { &[] });
            for f in fields {
                for cat in categories(data, &d[i], f) {
                    key.push(data.service_key());
                    period.push(data.text("period").map(str::to_string));
                    grp.push(g.to_string());
                    field.push(f.to_string());
                    category.push(cat);
                }
            }
        }
    }
    let n = key.len();
    DataFrame::new(
        n,
        vec![
            Column::new("response_key".into(), key),
            Column::new("period".into(), period),
            Column::new("grp".into(), grp),
            Column::new("field".into(), field),
            Column::new("category".into(), category),
        ],
    )
}

/// The categories a response gives for one profile field.
fn categories(r: &Return, d: &Derived, field: &str) -> Vec<String> {
    match field {
        "size_band" => vec![size_band(r.value("people_supported")).to_string()],
        "income_band" => vec![d.income_band.clone()],
        "majority_group" => vec![majority(r, "pct")],
        "pb_majority_group" => vec![majority(r, "pb_pct")],
        f if MULTI.contains(&f) => match ticks(r, f) {
            Ticks::Codes(codes) => codes,
            Ticks::NotKnown => vec!["not_known".into()],
            Ticks::Missing => vec!["missing".into()],
        },
        f => vec![code(r.value(f)).unwrap_or_else(|| "missing".into())],
    }
}

/// Every category of every profile field, in the form's order, then
/// `not_known` and `missing`; `grp` says which groups report it.
pub fn codes_frame() -> PolarsResult<DataFrame> {
    let schema = super::schema();
    let (mut grp, mut field, mut category, mut ord, mut is_code) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let groups_all: &[&str] = &["all", "pb_yes"];
    let groups_pb: &[&str] = &["pb_yes"];
    let fields = PROFILE_ALL
        .iter()
        .map(|f| (f, groups_all))
        .chain(PROFILE_PB.iter().map(|f| (f, groups_pb)));
    for (f_ord, (f, groups)) in fields.enumerate() {
        let codes: Vec<String> = match *f {
            "size_band" => SIZE_BANDS.iter().map(|s| s.to_string()).collect(),
            "income_band" => INCOME_BANDS.iter().map(|s| s.to_string()).collect(),
            "majority_group" | "pb_majority_group" => {
                let prefix = if *f == "majority_group" {
                    "pct"
                } else {
                    "pb_pct"
                };
                let mut g: Vec<String> = schema
                    .field(prefix)
                    .map(|x| x.answers.iter().map(|a| a.code.clone()).collect())
                    .unwrap_or_default();
                g.push("equal".into());
                g
            }
            other => schema
                .field(other)
                .map(|x| x.answers.iter().map(|a| a.code.clone()).collect())
                .unwrap_or_default(),
        };
        let all: Vec<(String, bool)> = codes
            .into_iter()
            .map(|c| (c, true))
            .chain([
                ("not_known".to_string(), false),
                ("missing".to_string(), false),
            ])
            .collect();
        for g in groups.iter() {
            for (k, (cat, code)) in all.iter().enumerate() {
                grp.push(g.to_string());
                field.push(f.to_string());
                category.push(cat.clone());
                ord.push((f_ord * 100 + k) as i32);
                is_code.push(*code);
            }
        }
    }
    let n = grp.len();
    DataFrame::new(
        n,
        vec![
            Column::new("grp".into(), grp),
            Column::new("field".into(), field),
            Column::new("category".into(), category),
            Column::new("ord".into(), ord),
            Column::new("is_code".into(), is_code),
        ],
    )
}
