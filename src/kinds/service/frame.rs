//! The `returns` input table: one row per current return, one column per
//! field of the schema (money as Float64, counts as Int64, ticks as Boolean,
//! text as String). Missing, not known and unreadable values are null here;
//! the distinction lives in state.db and the notes.

use polars::prelude::*;

use crate::ingest::StoredReturn;
use crate::ingest::schema::{FieldKind, Schema};
use crate::kinds::Flags;
use crate::kinds::Named;
use crate::reference::{Authority, AuthorityMatch, Reference};

/// `exclude_errors`: services with an open error are marked `excluded` and
/// left out of group figures (DOMAIN.md §6).
pub fn returns_frame(
    returns: &[&StoredReturn],
    schema: &Schema,
    reference: &Reference,
    flags: &Flags,
    exclude_errors: bool,
) -> PolarsResult<DataFrame> {
    // The authority a commissioner names, resolved once per return.
    let matches: Vec<Option<AuthorityMatch>> = returns
        .iter()
        .map(|r| {
            r.data
                .text("commissioner")
                .map(|c| reference.resolve_authority(c))
        })
        .collect();
    let authorities: Vec<Option<&Authority>> = matches
        .iter()
        .map(|m| m.as_ref().and_then(AuthorityMatch::authority))
        .collect();
    let mut columns = vec![
        text(returns, "service_key", |r| Some(r.data.service_key())),
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
    // Queue state: errors make a service unusable for group figures.
    let flag = |r: &StoredReturn| {
        flags
            .get(&r.data.identity_key())
            .copied()
            .unwrap_or((0, false))
    };
    columns.push(Column::new(
        "excluded".into(),
        returns
            .iter()
            .map(|r| exclude_errors && flag(r).1)
            .collect::<Vec<bool>>(),
    ));
    columns.push(Column::new(
        "open_anomalies".into(),
        returns
            .iter()
            .copied()
            .map(|r| flag(r).0)
            .collect::<Vec<i64>>(),
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
/// beside it.
fn field_columns(
    returns: &[&StoredReturn],
    schema: &Schema,
    authorities: &[Option<&Authority>],
) -> Vec<Column> {
    let mut columns = Vec::new();
    for field in &schema.fields {
        let key = field.key.as_str();
        if key == "commissioner" {
            columns.push(text(returns, "commissioner_as_sent", |r| {
                r.data.text(key).map(str::to_string)
            }));
            columns.push(Column::new(
                key.into(),
                returns
                    .iter()
                    .zip(authorities)
                    .map(|(r, a)| {
                        a.map(|a| a.name.clone())
                            .or_else(|| r.data.text(key).map(str::to_string))
                    })
                    .collect::<Vec<Option<String>>>(),
            ));
            continue;
        }
        let column = match field.kind {
            FieldKind::Text | FieldKind::Period => {
                text(returns, key, |r| r.data.text(key).map(str::to_string))
            }
            FieldKind::Money => Column::new(
                key.into(),
                returns
                    .iter()
                    .map(|r| r.data.number(key))
                    .collect::<Vec<Option<f64>>>(),
            ),
            FieldKind::Count => Column::new(
                key.into(),
                returns
                    .iter()
                    .map(|r| r.data.number(key).map(|v| v as i64))
                    .collect::<Vec<Option<i64>>>(),
            ),
            FieldKind::Tick => Column::new(
                key.into(),
                returns
                    .iter()
                    .map(|r| match r.data.value(key) {
                        crate::ingest::Value::Tick(b) => Some(*b),
                        _ => None,
                    })
                    .collect::<Vec<Option<bool>>>(),
            ),
        };
        columns.push(column);
    }
    columns
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
    let evidence: Vec<_> = returns
        .iter()
        .map(|r| {
            reference.evidence_based(
                r.data.text("commissioner").unwrap_or(""),
                r.data.text("service_name").unwrap_or(""),
            )
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
    columns.push(Column::new(
        "authority_suggestion".into(),
        returns
            .iter()
            .zip(matches)
            .map(|(r, m)| {
                let c = r.data.text("commissioner")?;
                reference.suggestion_for(c, m.as_ref()?)
            })
            .collect::<Vec<Option<String>>>(),
    ));
    columns
}
