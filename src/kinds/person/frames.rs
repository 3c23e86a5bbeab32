//! The input tables of person-level records (`../shared/returns/person.md`)
//! and the collection tracker. Counts are of people, one record per (site,
//! person, collection). Every row that feeds a table appears four times,
//! once per scope: its cohort and site, cohort `all`, site `all`, and both
//! `all` — so every table is a plain GROUP BY over `cohort, site`.
//!
//! - `person_records`: one row per current record, with the site as the
//!   tables name it, the cohort (a follow-up's blank cohort taken from the
//!   baseline), and the conflicts found;
//! - `person_states` / `person_hits` / `person_categories`: baseline
//!   answers per person and field (missing / not known / valid) and the
//!   categories they fall in, for `cohort_profile`;
//! - `people`: one row per person and scope, for `cohort_outcomes`;
//! - `collection_received` and `expected`: the tracker, which also follows
//!   service returns (cohort `service`, one collection per year) and survey
//!   responses (cohort `commissioner`, collection `survey`) when
//!   expected.csv lists them.

use std::collections::{BTreeMap, HashMap};

use polars::prelude::*;

use super::tracker::{expected_frame, received_frame};

use crate::ingest::StoredReturn;
use crate::ingest::text::normalise;
use crate::ingest::{Return, Value};
use crate::kinds::Named;
use crate::reference::Reference;

/// The profile's fields, in order; `age_band` is derived from `age`.
pub(super) const PROFILE: &[&str] = &[
    "age_band",
    "gender",
    "ethnicity",
    "ld_level",
    "risk_from_others",
    "risk_to_others",
    "additional_needs",
    "facs_band",
    "living_arrangement",
    "employment_status",
];

pub(super) const AGE_BANDS: &[(&str, f64)] = &[
    ("16_24", 25.0),
    ("25_34", 35.0),
    ("35_49", 50.0),
    ("50_64", 65.0),
    ("65_plus", f64::INFINITY),
];

pub(super) const PAID: &[&str] = &["paid_employee", "self_employed"];

/// One current record, resolved.
pub(super) struct Record<'a> {
    pub(super) r: &'a StoredReturn,
    pub(super) site: String,
    pub(super) person: String,
    pub(super) collection: Option<String>,
    pub(super) cohort: Option<String>,
    pub(super) cohort_conflict: bool,
    pub(super) follow_up_without_baseline: bool,
}

impl Record<'_> {
    pub(super) fn data(&self) -> &Return {
        &self.r.data
    }
    pub(super) fn is(&self, collection: &str) -> bool {
        self.collection.as_deref() == Some(collection)
    }
}

/// The site as the tables name it: as `expected.csv` writes it when it
/// names the same authority (or the same words), else as the authority
/// list does, else as written.
pub(super) fn site_name(written: &str, reference: &Reference) -> String {
    let code = |s: &str| reference.authority(s).map(|a| a.code.clone());
    let mine = code(written);
    for e in &reference.expected {
        let same_code = mine.is_some() && code(&e.site) == mine;
        if same_code || normalise(&e.site) == normalise(written) {
            return e.site.clone();
        }
    }
    reference
        .authority(written)
        .map_or_else(|| written.trim().to_string(), |a| a.name.clone())
}

pub(super) fn resolve<'a>(rows: &[&'a StoredReturn], reference: &Reference) -> Vec<Record<'a>> {
    // One record per site, person and collection point: the latest.
    let mut latest: BTreeMap<(String, String, String), &StoredReturn> = BTreeMap::new();
    // A site's records all spell it alike, mostly: each spelling is
    // looked up once.
    let mut sites: HashMap<&str, String> = HashMap::new();
    for r in rows {
        let written = r.data.text("site").unwrap_or("");
        let site = sites
            .entry(written)
            .or_insert_with(|| site_name(written, reference))
            .clone();
        let key = (
            site,
            super::person_id(&r.data),
            r.data.text("collection").unwrap_or("").to_string(),
        );
        let slot = latest.entry(key).or_insert(r);
        if r.id > slot.id {
            *slot = r;
        }
    }
    let mut records: Vec<Record> = latest
        .into_values()
        .map(|r| Record {
            r,
            site: site_name(r.data.text("site").unwrap_or(""), reference),
            person: super::person_id(&r.data),
            collection: r.data.text("collection").map(str::to_string),
            cohort: r.data.text("cohort").map(str::to_string),
            cohort_conflict: false,
            follow_up_without_baseline: false,
        })
        .collect();
    let baseline: HashMap<(String, String), Option<String>> = records
        .iter()
        .filter(|x| x.is("baseline"))
        .map(|x| ((x.site.clone(), x.person.clone()), x.cohort.clone()))
        .collect();
    for x in records.iter_mut().filter(|x| !x.is("baseline")) {
        match baseline.get(&(x.site.clone(), x.person.clone())) {
            Some(Some(base)) => {
                if x.cohort.as_ref().is_some_and(|c| c != base) {
                    x.cohort_conflict = true;
                }
                // The baseline's cohort wins.
                x.cohort = Some(base.clone());
            }
            Some(None) => {}
            None => x.follow_up_without_baseline = true,
        }
    }
    records
}

/// `rows`: person records; `others`: service returns and survey responses,
/// which the tracker counts too (cohort `service`, collection = the
/// year; cohort `commissioner`, collection `survey`).
pub fn tables(
    rows: &[&StoredReturn],
    others: &[&StoredReturn],
    reference: &Reference,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let records = resolve(rows, reference);
    Ok(vec![
        ("person_records", records_frame(&records)?),
        ("person_states", profile_frame(&records, false)?),
        ("person_hits", profile_frame(&records, true)?),
        ("person_categories", categories_frame()?),
        ("people", people_frame(&records)?),
        (FOLLOWING[0], received_frame(&records, others, reference)?),
        ("expected", expected_frame(reference)?),
    ])
}

/// The tables among [`tables`]' that read the sites' other returns.
pub const FOLLOWING: &[&str] = &["collection_received"];

/// Just the [`FOLLOWING`] tables, as [`tables`] builds them.
pub fn following(
    rows: &[&StoredReturn],
    others: &[&StoredReturn],
    reference: &Reference,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let records = resolve(rows, reference);
    Ok(vec![(
        FOLLOWING[0],
        received_frame(&records, others, reference)?,
    )])
}

/// The four scopes a (cohort, site) row counts in.
pub(super) fn scopes(cohort: &str, site: &str) -> [(String, String); 4] {
    [
        (cohort.to_string(), site.to_string()),
        ("all".to_string(), site.to_string()),
        (cohort.to_string(), "all".to_string()),
        ("all".to_string(), "all".to_string()),
    ]
}

pub(super) fn code(v: &Value) -> Option<String> {
    match v {
        Value::Text(t) => Some(t.clone()),
        Value::NotKnown | Value::Invalid(_) => Some("not_known".into()),
        _ => None,
    }
}

pub(super) fn records_frame(records: &[Record]) -> PolarsResult<DataFrame> {
    let text = |name: &str, f: &dyn Fn(&Record) -> Option<String>| {
        Column::new(
            name.into(),
            records.iter().map(f).collect::<Vec<Option<String>>>(),
        )
    };
    let flag = |name: &str, f: &dyn Fn(&Record) -> bool| {
        Column::new(name.into(), records.iter().map(f).collect::<Vec<bool>>())
    };
    let columns = vec![
        text("record_key", &|x| Some(x.data().service_key())),
        text("source_file", &|x| Some(x.r.source_file.clone())),
        text("site", &|x| Some(x.site.clone())),
        text("person_id", &|x| Some(x.person.clone())),
        text("collection", &|x| x.collection.clone()),
        text("cohort", &|x| x.cohort.clone()),
        text("cohort_written", &|x| {
            x.data().text("cohort").map(str::to_string)
        }),
        flag("cohort_conflict", &|x| x.cohort_conflict),
        flag("follow_up_without_baseline", &|x| {
            x.follow_up_without_baseline
        }),
    ];
    DataFrame::new(records.len(), columns)
}

/// A person's answer to a profile field: its state and the categories it
/// falls in (several for a multi-select).
pub(super) fn answer(r: &Return, field: &str) -> (&'static str, Vec<String>) {
    let value = if field == "age_band" {
        match r.value("age") {
            Value::Number(age) => {
                let band = AGE_BANDS.iter().find(|(_, below)| *age < *below);
                return (
                    "valid",
                    band.map(|(b, _)| b.to_string()).into_iter().collect(),
                );
            }
            other => other.clone(),
        }
    } else {
        r.value(field).clone()
    };
    match value {
        Value::Missing => ("missing", vec!["missing".into()]),
        Value::Text(t) => ("valid", t.split(';').map(str::to_string).collect()),
        _ => ("not_known", vec!["not_known".into()]),
    }
}

/// `hits` = false: one row per person x field x scope with its state;
/// true: one row per category the person falls in.
pub(super) fn profile_frame(records: &[Record], hits: bool) -> PolarsResult<DataFrame> {
    let (mut cohort, mut site, mut person, mut field, mut value) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for x in records.iter().filter(|x| x.is("baseline")) {
        let Some(c) = &x.cohort else { continue };
        for f in PROFILE {
            let (state, categories) = answer(x.data(), f);
            let values: Vec<String> = if hits {
                categories
            } else {
                vec![state.to_string()]
            };
            for (sc, ss) in scopes(c, &x.site) {
                for v in &values {
                    cohort.push(sc.clone());
                    site.push(ss.clone());
                    person.push(format!("{}\u{1f}{}", x.site, x.person));
                    field.push(f.to_string());
                    value.push(v.clone());
                }
            }
        }
    }
    DataFrame::new(
        cohort.len(),
        vec![
            Column::new("cohort".into(), cohort),
            Column::new("site".into(), site),
            Column::new("person".into(), person),
            Column::new("field".into(), field),
            Column::new((if hits { "category" } else { "state" }).into(), value),
        ],
    )
}

/// Every category of every profile field in form order, then `missing`
/// and `not_known`.
pub(super) fn categories_frame() -> PolarsResult<DataFrame> {
    let schema = super::schema();
    let (mut field, mut field_ord, mut category, mut cat_ord, mut multi) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (fi, f) in PROFILE.iter().enumerate() {
        let codes: Vec<String> = if *f == "age_band" {
            AGE_BANDS.iter().map(|(b, _)| b.to_string()).collect()
        } else {
            schema
                .field(f)
                .map(|d| d.answers.iter().map(|a| a.code.clone()).collect())
                .unwrap_or_default()
        };
        let is_multi = schema
            .field(f)
            .is_some_and(|d| d.kind == crate::ingest::form_schema::AnswerKind::Multi);
        for (ci, c) in codes
            .into_iter()
            .chain(["missing".to_string(), "not_known".to_string()])
            .enumerate()
        {
            field.push(f.to_string());
            field_ord.push(fi as i64);
            category.push(c);
            cat_ord.push(ci as i64);
            multi.push(is_multi);
        }
    }
    DataFrame::new(
        field.len(),
        vec![
            Column::new("field".into(), field),
            Column::new("field_ord".into(), field_ord),
            Column::new("category".into(), category),
            Column::new("cat_ord".into(), cat_ord),
            Column::new("multi".into(), multi),
        ],
    )
}

/// One row per person and scope: who has which records, and their
/// employment at each point.
pub(super) fn people_frame(records: &[Record]) -> PolarsResult<DataFrame> {
    #[derive(Default)]
    struct Person {
        cohort: Option<String>,
        baseline: bool,
        follow_up: bool,
        withdrawn: bool,
        status_b: Option<String>,
        status_f: Option<String>,
        hours_f: Option<f64>,
        pb_weekly: Option<f64>,
    }
    let mut people: BTreeMap<(String, String), Person> = BTreeMap::new();
    for x in records {
        let p = people
            .entry((x.site.clone(), x.person.clone()))
            .or_default();
        if p.cohort.is_none() || x.is("baseline") {
            p.cohort = x.cohort.clone().or(p.cohort.take());
        }
        p.withdrawn |= matches!(x.data().value("withdrawn"), Value::Tick(true));
        let status = code(x.data().value("employment_status"));
        // The baseline's allocation, else the follow-up's.
        if let Some(pb) = x.data().number("pb_weekly")
            && (p.pb_weekly.is_none() || x.is("baseline"))
        {
            p.pb_weekly = Some(pb);
        }
        if x.is("baseline") {
            p.baseline = true;
            p.status_b = status;
        } else if x.is("follow_up") {
            p.follow_up = true;
            p.status_f = status;
            p.hours_f = x.data().number("hours_per_week");
        }
    }
    let mut cols: (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut flags: [Vec<bool>; 9] = Default::default();
    let mut hours = Vec::new();
    let mut pb = Vec::new();
    for ((site, _), p) in &people {
        let Some(c) = &p.cohort else { continue };
        let known = |s: &Option<String>| s.as_deref().is_some_and(|s| s != "not_known");
        let paid = |s: &Option<String>| s.as_deref().is_some_and(|s| PAID.contains(&s));
        let row = [
            p.baseline,
            p.follow_up,
            p.withdrawn,
            p.baseline && known(&p.status_b),
            p.baseline && paid(&p.status_b),
            p.follow_up && known(&p.status_f),
            p.follow_up && paid(&p.status_f),
            p.baseline
                && p.follow_up
                && known(&p.status_b)
                && known(&p.status_f)
                && !paid(&p.status_b),
            p.follow_up && paid(&p.status_f) && p.hours_f.is_some(),
        ];
        for (sc, ss) in scopes(c, site) {
            cols.0.push(sc);
            cols.1.push(ss);
            for (f, v) in flags.iter_mut().zip(row) {
                f.push(v);
            }
            hours.push(p.hours_f.filter(|_| row[8]));
            pb.push(p.pb_weekly);
        }
    }
    let names = [
        "has_baseline",
        "has_follow_up",
        "withdrawn",
        "status_baseline",
        "paid_baseline",
        "status_follow_up",
        "paid_follow_up",
        "paired_not_paid",
        "hours_known",
    ];
    let mut columns = vec![
        Column::new("cohort".into(), cols.0),
        Column::new("site".into(), cols.1),
    ];
    for (n, f) in names.iter().zip(flags) {
        columns.push(Column::new((*n).into(), f));
    }
    columns.push(Column::new("hours".into(), hours));
    columns.push(Column::new("pb_weekly".into(), pb));
    DataFrame::new(columns[0].len(), columns)
}

/// Cohorts that are not person cohorts: return kinds the tracker follows.
pub(super) const KIND_COHORTS: &[&str] = &["service", "commissioner"];
