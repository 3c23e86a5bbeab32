//! The `returns` input table: one row per current return, one column per
//! field of the schema (money as Float64, counts as Int64, ticks as Boolean,
//! text as String). Missing, not known and unreadable values are null here;
//! the distinction lives in state.db and the notes.

use std::collections::HashMap;

use polars::prelude::*;

use crate::ingest::StoredReturn;
use crate::ingest::schema::{FieldKind, Schema};
use crate::kinds::Named;
use crate::reference::{Authority, AuthorityMatch, Reference};

/// The queue's columns (`excluded`, `open_anomalies`) are added after, by
/// the pipeline (see `KindSpec::flags`).
pub fn returns_frame(
    returns: &[&StoredReturn],
    schema: &Schema,
    reference: &Reference,
) -> PolarsResult<DataFrame> {
    // The authority a commissioner names, resolved once per spelling:
    // thousands of returns name a few hundred councils.
    let mut resolved: HashMap<&str, AuthorityMatch> = HashMap::new();
    let matches: Vec<Option<AuthorityMatch>> = returns
        .iter()
        .map(|r| {
            r.data.text("commissioner").map(|c| {
                resolved
                    .entry(c)
                    .or_insert_with(|| reference.resolve_authority(c))
                    .clone()
            })
        })
        .collect();
    let authorities: Vec<Option<&Authority>> = matches
        .iter()
        .map(|m| m.as_ref().and_then(AuthorityMatch::authority))
        .collect();
    let mut columns = vec![
        text(returns, "service_key", |r| {
            Some(r.service_key().to_string())
        }),
        text(returns, "source_file", |r| Some(r.source_file.clone())),
        text(returns, "received_at", |r| Some(r.received_at.clone())),
        text(returns, "layout", |r| {
            Some(r.data.layout_name().to_string())
        }),
    ];
    columns.extend(field_columns(returns, schema, &authorities));
    columns.extend(reference_columns(
        returns,
        reference,
        &matches,
        &authorities,
    ));
    DataFrame::new(returns.len(), columns)
}

/// A text column with a value per return.
fn text(
    returns: &[&StoredReturn],
    name: &str,
    f: impl Fn(&StoredReturn) -> Option<String>,
) -> Column {
    Column::new(
        name.into(),
        returns
            .iter()
            .copied()
            .map(f)
            .collect::<Vec<Option<String>>>(),
    )
}

/// A column per field of the schema, typed by the field's kind; the
/// commissioner in one spelling per authority, with what the file said
/// beside it. Each return's values are walked once (not looked up field by
/// field), and text is borrowed until polars copies it.
fn field_columns(
    returns: &[&StoredReturn],
    schema: &Schema,
    authorities: &[Option<&Authority>],
) -> Vec<Column> {
    let n = returns.len();
    let mut builders: Vec<Builder> = schema
        .fields
        .iter()
        .map(|f| match f.kind {
            FieldKind::Text | FieldKind::Period => Builder::Text(vec![None; n]),
            FieldKind::Money => Builder::Money(vec![None; n]),
            FieldKind::Count => Builder::Count(vec![None; n]),
            FieldKind::Tick => Builder::Tick(vec![None; n]),
        })
        .collect();
    let index: HashMap<&str, usize> = schema
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.key.as_str(), i))
        .collect();
    for (row, r) in returns.iter().enumerate() {
        for (key, value) in &r.data.values {
            if let Some(&i) = index.get(key.as_str()) {
                builders[i].set(row, value);
            }
        }
    }
    let mut columns = Vec::with_capacity(schema.fields.len() + 1);
    for (field, builder) in schema.fields.iter().zip(builders) {
        let key = field.key.as_str();
        if key == "commissioner" {
            let Builder::Text(as_sent) = builder else {
                continue;
            };
            let named: Vec<Option<&str>> = as_sent
                .iter()
                .zip(authorities)
                .map(|(sent, a)| a.map(|a| a.name.as_str()).or(*sent))
                .collect();
            columns.push(Column::new("commissioner_as_sent".into(), as_sent));
            columns.push(Column::new(key.into(), named));
            continue;
        }
        columns.push(builder.into_column(key));
    }
    columns
}

/// One field's column while the returns are walked.
enum Builder<'a> {
    Text(Vec<Option<&'a str>>),
    Money(Vec<Option<f64>>),
    Count(Vec<Option<i64>>),
    Tick(Vec<Option<bool>>),
}

impl<'a> Builder<'a> {
    /// The value of row `row`, as the field's kind reads it.
    fn set(&mut self, row: usize, value: &'a crate::ingest::Value) {
        match self {
            Builder::Text(v) => v[row] = value.text(),
            Builder::Money(v) => v[row] = value.number(),
            Builder::Count(v) => v[row] = value.number().map(|x| x as i64),
            Builder::Tick(v) => {
                v[row] = match value {
                    crate::ingest::Value::Tick(b) => Some(*b),
                    _ => None,
                }
            }
        }
    }

    fn into_column(self, name: &str) -> Column {
        match self {
            Builder::Text(v) => Column::new(name.into(), v),
            Builder::Money(v) => Column::new(name.into(), v),
            Builder::Count(v) => Column::new(name.into(), v),
            Builder::Tick(v) => Column::new(name.into(), v),
        }
    }
}

/// Reference data: the authority, the site, whether the service is on the
/// evidence-based register, the year's start and a suggested authority.
fn reference_columns(
    returns: &[&StoredReturn],
    reference: &Reference,
    matches: &[Option<AuthorityMatch>],
    authorities: &[Option<&Authority>],
) -> Vec<Column> {
    let from_authority = |name: &str, f: &dyn Fn(&Authority) -> String| {
        Column::new(
            name.into(),
            authorities
                .iter()
                .map(|a| a.map(f))
                .collect::<Vec<Option<String>>>(),
        )
    };
    let mut columns = vec![
        from_authority("authority_code", &|a| a.code.clone()),
        from_authority("authority_name", &|a| a.name.clone()),
        from_authority("region", &|a| a.region.clone()),
        Column::new(
            "authority_read_as".into(),
            matches
                .iter()
                .map(|m| m.as_ref().and_then(AuthorityMatch::read_as))
                .collect::<Vec<Option<String>>>(),
        ),
        // A site is the authority when known, else the commissioner as written.
        Column::new(
            "site".into(),
            returns
                .iter()
                .zip(authorities)
                .map(|(r, a)| {
                    a.map(|a| a.name.clone())
                        .or_else(|| r.data.text("commissioner").map(str::to_string))
                })
                .collect::<Vec<Option<String>>>(),
        ),
    ];
    let mut registered = HashMap::new();
    let evidence: Vec<_> = returns
        .iter()
        .map(|r| {
            let names = (
                r.data.text("commissioner").unwrap_or(""),
                r.data.text("service_name").unwrap_or(""),
            );
            *registered
                .entry(names)
                .or_insert_with(|| reference.evidence_based(names.0, names.1))
        })
        .collect();
    columns.push(Column::new(
        "evidence_based".into(),
        evidence.iter().map(Option::is_some).collect::<Vec<bool>>(),
    ));
    columns.push(Column::new(
        "evidence_model".into(),
        evidence
            .iter()
            .map(|e| e.map(|e| e.model.clone()))
            .collect::<Vec<Option<String>>>(),
    ));
    // First year of the financial year, for year-on-year joins.
    columns.push(Column::new(
        "period_start".into(),
        returns
            .iter()
            .map(|r| {
                r.data
                    .period()
                    .and_then(|p| p.get(..4))
                    .and_then(|y| y.parse::<i64>().ok())
            })
            .collect::<Vec<Option<i64>>>(),
    ));
    let mut suggested: HashMap<&str, Option<String>> = HashMap::new();
    columns.push(Column::new(
        "authority_suggestion".into(),
        returns
            .iter()
            .zip(matches)
            .map(|(r, m)| {
                let c = r.data.text("commissioner")?;
                suggested
                    .entry(c)
                    .or_insert_with(|| reference.suggestion_for(c, m.as_ref()?))
                    .clone()
            })
            .collect::<Vec<Option<String>>>(),
    ));
    columns
}
