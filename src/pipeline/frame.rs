//! The `returns` input table: one row per current return, one column per
//! field of the schema (money as Float64, counts as Int64, ticks as Boolean,
//! text as String). Missing, not known and unreadable values are null here;
//! the distinction lives in state.db and the notes.

use polars::prelude::*;

use crate::ingest::schema::{FieldKind, Schema};
use crate::store::StoredReturn;

pub fn returns_frame(returns: &[StoredReturn], schema: &Schema) -> PolarsResult<DataFrame> {
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
    // Filled from reference data and the anomaly queue as those arrive.
    columns.push(Column::full_null(
        "authority_code".into(),
        n,
        &DataType::String,
    ));
    columns.push(Column::full_null("region".into(), n, &DataType::String));
    columns.push(Column::new("evidence_based".into(), vec![false; n]));
    columns.push(Column::new("open_anomalies".into(), vec![0i64; n]));
    DataFrame::new(n, columns)
}
