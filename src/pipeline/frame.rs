//! The `returns` input table: one row per current return, one column per
//! field of the schema (money as Float64, counts as Int64, ticks as Boolean,
//! text as String). Missing, not known and unreadable values are null here;
//! the distinction lives in state.db and the notes.

use std::collections::HashMap;

use polars::prelude::*;

use crate::ingest::schema::{FieldKind, Schema};
use crate::reference::Reference;
use crate::store::StoredReturn;

/// Queue state per service identity: (open anomalies above info, has an
/// open error).
pub type Flags = HashMap<String, (i64, bool)>;

/// `exclude_errors`: services with an open error are marked `excluded` and
/// left out of group figures (DOMAIN.md §6).
pub fn returns_frame(
    returns: &[StoredReturn],
    schema: &Schema,
    reference: &Reference,
    flags: &Flags,
    exclude_errors: bool,
) -> PolarsResult<DataFrame> {
    let n = returns.len();
    let text = |name: &str, f: &dyn Fn(&StoredReturn) -> Option<String>| {
        Column::new(
            name.into(),
            returns.iter().map(f).collect::<Vec<Option<String>>>(),
        )
    };
    let mut columns = vec![
        text("service_key", &|r| Some(r.data.service_key())),
        text("source_file", &|r| Some(r.source_file.clone())),
        text("received_at", &|r| Some(r.received_at.clone())),
        text("layout", &|r| Some(r.data.layout.as_str().to_string())),
    ];
    for field in &schema.fields {
        let key = field.key.as_str();
        let column = match field.kind {
            FieldKind::Text | FieldKind::Period => {
                text(key, &|r| r.data.text(key).map(str::to_string))
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
    // Reference data: the authority a commissioner names, and whether the
    // service is on the evidence-based register.
    let authority = |r: &StoredReturn| {
        r.data
            .text("commissioner")
            .and_then(|c| reference.authority(c))
    };
    columns.push(text("authority_code", &|r| {
        authority(r).map(|a| a.code.clone())
    }));
    columns.push(text("authority_name", &|r| {
        authority(r).map(|a| a.name.clone())
    }));
    columns.push(text("region", &|r| authority(r).map(|a| a.region.clone())));
    // A site is the authority when known, else the commissioner as written.
    columns.push(text("site", &|r| {
        authority(r)
            .map(|a| a.name.clone())
            .or_else(|| r.data.text("commissioner").map(str::to_string))
    }));
    let evidence = |r: &StoredReturn| {
        reference.evidence_based(
            r.data.text("commissioner").unwrap_or(""),
            r.data.text("service_name").unwrap_or(""),
        )
    };
    columns.push(Column::new(
        "evidence_based".into(),
        returns
            .iter()
            .map(|r| evidence(r).is_some())
            .collect::<Vec<bool>>(),
    ));
    columns.push(text("evidence_model", &|r| {
        evidence(r).map(|e| e.model.clone())
    }));
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
    columns.push(text("authority_suggestion", &|r| {
        let c = r.data.text("commissioner")?;
        if reference.authority(c).is_some() {
            return None;
        }
        reference
            .nearest_authority(c)
            .filter(|(_, d)| *d <= 4)
            .map(|(a, _)| a.name.clone())
    }));
    // Queue state: errors make a service unusable for group figures.
    let flag = |r: &StoredReturn| {
        flags
            .get(&crate::store::returns::identity_key(&r.data))
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
        returns.iter().map(|r| flag(r).0).collect::<Vec<i64>>(),
    ));
    DataFrame::new(n, columns)
}
