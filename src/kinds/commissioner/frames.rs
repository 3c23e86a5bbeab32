//! The commissioner survey's input tables, built from the current survey
//! responses after cleaning (`super::clean`):
//!
//! - `responses`: one row per response, every answer, its cleaning status;
//! - `survey_spend`, `survey_breakdown`, `survey_delivery`, `survey_answers`:
//!   the answers in long form, used responses only, each row once with
//!   `subset` = `whole` and once more with `subset` = `accurate` when the
//!   response's Table 1 figures are marked accurate — so every table is a
//!   plain `GROUP BY subset`;
//! - `survey_codes`: every item each table reports on (streams, years,
//!   support types, client groups, answers), so an item nobody gave still
//!   gets its row with n = 0.
//!
//! Contact details (name, email, phone) stay in state.db for the call
//! sheet; no results table carries them.

use polars::prelude::*;

use super::clean::{Cleaned, Status, clean};
use crate::ingest::StoredReturn;
use crate::ingest::form_schema::{AnswerKind, FormSchema};
use crate::ingest::{Return, Value};
use crate::kinds::Named;
use crate::reference::Reference;

/// Answers never published: personal contact details.
const PRIVATE: &[&str] = &["respondent_name", "respondent_email", "respondent_phone"];

/// Table 3's organisations, by field key.
pub const DELIVERY: &[(&str, &str)] = &[
    ("la", "delivery_la_pct"),
    ("nhs", "delivery_nhs_pct"),
    ("private", "delivery_private_pct"),
    ("vcs", "delivery_vcs_pct"),
];

fn subsets(r: &Return) -> &'static [&'static str] {
    if r.text("spend_accuracy") == Some("accurate") {
        &["whole", "accurate"]
    } else {
        &["whole"]
    }
}

fn answer_code(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        Value::NotKnown => "not_known".into(),
        _ => "not_answered".into(),
    }
}

pub fn tables(
    responses: &[&StoredReturn],
    reference: &Reference,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let schema = super::schema();
    let data: Vec<&Return> = responses.iter().map(|r| &*r.data).collect();
    let cleaned = clean(&data, reference);
    Ok(vec![
        (
            "responses",
            responses_frame(responses, &cleaned, schema, reference)?,
        ),
        ("survey_spend", spend_frame(responses, &cleaned, schema)?),
        (
            "survey_breakdown",
            breakdown_frame(responses, &cleaned, schema)?,
        ),
        ("survey_delivery", delivery_frame(responses, &cleaned)?),
        (
            "survey_answers",
            answers_frame(responses, &cleaned, schema)?,
        ),
        ("survey_codes", codes_frame(schema)?),
    ])
}

fn responses_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    schema: &FormSchema,
    reference: &Reference,
) -> PolarsResult<DataFrame> {
    let text = |name: &str, f: &dyn Fn(usize, &StoredReturn) -> Option<String>| {
        Column::new(
            name.into(),
            responses
                .iter()
                .enumerate()
                .map(|(i, r)| f(i, r))
                .collect::<Vec<Option<String>>>(),
        )
    };
    let authority = |r: &StoredReturn| {
        r.data
            .text("authority")
            .and_then(|a| reference.authority(a))
    };
    let mut columns = vec![
        text("response_key", &|_, r| Some(r.service_key().to_string())),
        text("source_file", &|_, r| Some(r.source_file.clone())),
        text("received_at", &|_, r| Some(r.received_at.clone())),
        text("layout", &|_, r| Some(r.data.layout_name().to_string())),
        text("authority_key", &|i, _| Some(c.group[i].clone())),
        text("authority_code", &|_, r| {
            authority(r).map(|a| a.code.clone())
        }),
        text("authority_name", &|_, r| {
            authority(r).map(|a| a.name.clone())
        }),
        text("region", &|_, r| authority(r).map(|a| a.region.clone())),
        text("site", &|_, r| {
            authority(r)
                .map(|a| a.name.clone())
                .or_else(|| r.data.text("authority").map(str::to_string))
        }),
        text("authority_suggestion", &|_, r| {
            let written = r
                .data
                .text("authority")
                .filter(|_| authority(r).is_none())?;
            reference.authority_suggestion(written)
        }),
        text("status", &|i, _| Some(c.status[i].as_str().to_string())),
        text("duplicate_of", &|i, _| {
            c.duplicate_of[i].map(|j| responses[j].service_key().to_string())
        }),
    ];
    columns.push(Column::new(
        "accurate".into(),
        responses
            .iter()
            .map(|r| r.data.text("spend_accuracy") == Some("accurate"))
            .collect::<Vec<bool>>(),
    ));
    columns.push(Column::new(
        "answered".into(),
        c.answered.iter().map(|&n| n as i64).collect::<Vec<i64>>(),
    ));
    columns.extend(answer_columns(responses, schema));
    DataFrame::new(responses.len(), columns)
}

/// A column per answer of the form (private fields left out), typed by
/// the answer's kind; coded answers as their codes.
fn answer_columns(responses: &[&StoredReturn], schema: &FormSchema) -> Vec<Column> {
    let text = |key: &str, f: &dyn Fn(&StoredReturn) -> Option<String>| {
        Column::new(
            key.into(),
            responses
                .iter()
                .map(|r| f(r))
                .collect::<Vec<Option<String>>>(),
        )
    };
    schema
        .fields
        .iter()
        .filter(|f| !PRIVATE.contains(&f.key.as_str()))
        .map(|f| {
            let key = f.key.as_str();
            match f.kind {
                AnswerKind::Money
                | AnswerKind::Percent
                | AnswerKind::Rank
                | AnswerKind::Count
                | AnswerKind::Number => Column::new(
                    key.into(),
                    responses
                        .iter()
                        .map(|r| r.data.number(key))
                        .collect::<Vec<Option<f64>>>(),
                ),
                AnswerKind::Tick => Column::new(
                    key.into(),
                    responses
                        .iter()
                        .map(|r| match r.data.value(key) {
                            Value::Tick(b) => Some(*b),
                            _ => None,
                        })
                        .collect::<Vec<Option<bool>>>(),
                ),
                AnswerKind::Choice => text(key, &|r| match r.data.value(key) {
                    Value::Missing => None,
                    v => Some(answer_code(v)),
                }),
                AnswerKind::Text | AnswerKind::Period | AnswerKind::Multi => {
                    text(key, &|r| r.data.text(key).map(str::to_string))
                }
            }
        })
        .collect()
}

/// Long-form builder: one push per row, columns by name.
#[derive(Default)]
struct Long {
    key: Vec<String>,
    authority: Vec<String>,
    subset: Vec<&'static str>,
    a: Vec<String>,
    b: Vec<String>,
    value: Vec<Option<f64>>,
    state: Vec<String>,
    flag: Vec<bool>,
}

impl Long {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        key: &str,
        authority: &str,
        subset: &'static str,
        a: &str,
        b: &str,
        value: Option<f64>,
        state: String,
        flag: bool,
    ) {
        self.key.push(key.to_string());
        self.authority.push(authority.to_string());
        self.subset.push(subset);
        self.a.push(a.to_string());
        self.b.push(b.to_string());
        self.value.push(value);
        self.state.push(state);
        self.flag.push(flag);
    }

    fn frame(self, a: &str, b: &str, value: &str, flag: &str) -> PolarsResult<DataFrame> {
        let height = self.key.len();
        let mut columns = vec![
            Column::new("response_key".into(), self.key),
            Column::new("authority_key".into(), self.authority),
            Column::new("subset".into(), self.subset),
            Column::new(a.into(), self.a),
        ];
        if !b.is_empty() {
            columns.push(Column::new(b.into(), self.b));
        }
        columns.push(Column::new(value.into(), self.value));
        columns.push(Column::new("state".into(), self.state));
        if !flag.is_empty() {
            columns.push(Column::new(flag.into(), self.flag));
        }
        DataFrame::new(height, columns)
    }
}

fn state(v: &Value) -> String {
    match v {
        Value::Number(_) => "number".into(),
        Value::Missing => "missing".into(),
        Value::NotKnown => "not_known".into(),
        _ => "unreadable".into(),
    }
}

fn used<'a>(
    responses: &'a [&'a StoredReturn],
    c: &'a Cleaned,
) -> impl Iterator<Item = (usize, &'a StoredReturn)> {
    responses
        .iter()
        .copied()
        .enumerate()
        .filter(|(i, _)| c.status[*i] == Status::Used)
}

/// A grid of money (Table 1 or 2) in long form: one row per cell, used
/// response and subset; `flag` marks a cell (the figure chosen for its
/// authority, or the response's "unable to supply" tick).
fn grid_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    schema: &FormSchema,
    prefix: &str,
    names: [&str; 4],
    flag: &dyn Fn(usize, &Return, &str) -> bool,
) -> PolarsResult<DataFrame> {
    let mut long = Long::default();
    if let Some(table) = schema.grids.iter().find(|g| g.prefix == prefix) {
        for (i, r) in used(responses, c) {
            let rk = r.service_key().to_string();
            for row in &table.rows {
                for col in &table.columns {
                    let key = table.key(&row.key, &col.key);
                    let v = r.data.value(&key);
                    let marked = flag(i, &r.data, &key);
                    for subset in subsets(&r.data) {
                        long.push(
                            &rk,
                            &c.group[i],
                            subset,
                            &row.key,
                            &col.key,
                            v.number(),
                            state(v),
                            marked,
                        );
                    }
                }
            }
        }
    }
    let [a, b, value, flag_name] = names;
    long.frame(a, b, value, flag_name)
}

fn spend_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    schema: &FormSchema,
) -> PolarsResult<DataFrame> {
    let chosen = |i: usize, _: &Return, key: &str| {
        c.chosen.get(&(c.group[i].clone(), key.to_string())) == Some(&i)
    };
    grid_frame(
        responses,
        c,
        schema,
        "spend",
        ["stream", "year", "spend", "chosen"],
        &chosen,
    )
}

fn breakdown_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    schema: &FormSchema,
) -> PolarsResult<DataFrame> {
    let unable =
        |_: usize, r: &Return, _: &str| matches!(r.value("breakdown_unable"), Value::Tick(true));
    grid_frame(
        responses,
        c,
        schema,
        "breakdown",
        ["support_type", "client_group", "spend", "unable"],
        &unable,
    )
}

/// Table 3: a blank beside other percentages is 0 (as a blank split cell
/// is); a table left wholly blank is not answered.
fn delivery_frame(responses: &[&StoredReturn], c: &Cleaned) -> PolarsResult<DataFrame> {
    let mut long = Long::default();
    for (i, r) in used(responses, c) {
        let rk = r.service_key().to_string();
        let any = DELIVERY.iter().any(|(_, k)| r.data.number(k).is_some());
        for (org, key) in DELIVERY {
            let v = r.data.value(key);
            let value = match v {
                Value::Number(n) => Some(*n),
                Value::Missing if any => Some(0.0),
                _ => None,
            };
            for subset in subsets(&r.data) {
                long.push(&rk, &c.group[i], subset, org, "", value, state(v), any);
            }
        }
    }
    long.frame("organisation", "", "pct", "answered")
}

fn answers_frame(
    responses: &[&StoredReturn],
    c: &Cleaned,
    schema: &FormSchema,
) -> PolarsResult<DataFrame> {
    let mut long = Long::default();
    for (i, r) in used(responses, c) {
        let rk = r.service_key().to_string();
        for f in schema
            .fields
            .iter()
            .filter(|f| f.kind == AnswerKind::Choice)
        {
            let code = answer_code(r.data.value(&f.key));
            for subset in subsets(&r.data) {
                long.push(
                    &rk,
                    &c.group[i],
                    subset,
                    &f.key,
                    &code,
                    None,
                    String::new(),
                    false,
                );
            }
        }
    }
    let mut df = long.frame("question", "answer", "unused", "")?;
    df.drop_in_place("unused")?;
    df.drop_in_place("state")?;
    Ok(df)
}

/// Every item a survey table reports on: `set` is `stream`, `year`,
/// `support_type`, `client_group`, `organisation`, `subset`, `data_item`
/// (the form's list of data collected, in order), or a choice
/// question's key (its answers, then `not_known` and `not_answered`; an
/// unreadable answer counts as not answered and has its own anomaly).
fn codes_frame(schema: &FormSchema) -> PolarsResult<DataFrame> {
    let (mut set, mut code, mut ord) = (Vec::new(), Vec::new(), Vec::new());
    let mut add = |s: &str, items: Vec<String>| {
        for (i, item) in items.into_iter().enumerate() {
            set.push(s.to_string());
            code.push(item);
            ord.push(i as i64);
        }
    };
    for g in &schema.grids {
        let (rows, cols) = if g.prefix == "spend" {
            ("stream", "year")
        } else {
            ("support_type", "client_group")
        };
        add(rows, g.rows.iter().map(|a| a.key.clone()).collect());
        add(cols, g.columns.iter().map(|a| a.key.clone()).collect());
    }
    add(
        "organisation",
        DELIVERY.iter().map(|(o, _)| o.to_string()).collect(),
    );
    add("subset", vec!["whole".into(), "accurate".into()]);
    add(
        "data_item",
        schema
            .keys()
            .filter(|k| {
                k.starts_with("collects_")
                    && !matches!(*k, "collects_other_text" | "collects_outcome_numbers")
            })
            .map(str::to_string)
            .collect(),
    );
    for f in schema
        .fields
        .iter()
        .filter(|f| f.kind == AnswerKind::Choice)
    {
        let mut answers: Vec<String> = f.answers.iter().map(|a| a.code.clone()).collect();
        answers.push("not_known".into());
        answers.push("not_answered".into());
        add(&f.key, answers);
    }
    DataFrame::new(
        set.len(),
        vec![
            Column::new("set".into(), set),
            Column::new("code".into(), code),
            Column::new("ord".into(), ord),
        ],
    )
}
