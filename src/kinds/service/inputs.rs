//! Input tables for the checks, built from the returns as read:
//! `split_cells` with `split_fields` and `split_returns` (every category of
//! the core splits with its state, so a "not known" cell is told from a
//! blank one) and `value_states` (core fields that are not figures).

use polars::prelude::*;

use crate::ingest::StoredReturn;
use crate::ingest::{Schema, Value};
use crate::kinds::Frames;

fn state(v: &Value) -> &'static str {
    match v {
        Value::Number(_) | Value::Text(_) | Value::Tick(_) => "number",
        Value::Missing => "missing",
        Value::NotKnown => "not_known",
        Value::Invalid(_) => "invalid",
    }
}

/// Every category of the core splits of every return, in three tables so
/// that the long one holds numbers, not repeated text: `split_cells`
/// (`return_row`, `cell_no`, `split_no`, `parent_value`, `value`,
/// `state`), `split_fields` (`cell_no`, `split_no`, `split`, `parent`,
/// `field`: one row per category of the schema) and `split_returns` (`return_row`,
/// `service_key`). At 20,000 returns `split_cells` has 460,000 rows; with
/// the key and names on each it held 58 MB, and twice that while built.
pub fn split_tables(returns: &[&StoredReturn], schema: &Schema) -> PolarsResult<Frames> {
    // (split_no, split, parent, field) of each cell of a return.
    let cells: Vec<(i32, &str, &str, &str)> = (0i32..)
        .zip(schema.splits.iter().filter(|s| s.core))
        .flat_map(|(n, s)| {
            s.fields
                .iter()
                .map(move |f| (n, s.name.as_str(), s.parent.as_str(), f.as_str()))
        })
        .collect();
    let n = returns.len() * cells.len();
    let mut row: Vec<i32> = Vec::with_capacity(n);
    let mut cell_no: Vec<i32> = Vec::with_capacity(n);
    let mut split_no: Vec<i32> = Vec::with_capacity(n);
    let mut parent_value = Vec::with_capacity(n);
    let mut value = Vec::with_capacity(n);
    // Each state is at most 12 bytes, so polars keeps it in its view
    // without a copy of the text.
    let mut st: Vec<&str> = Vec::with_capacity(n);
    for (i, r) in (0i32..).zip(returns) {
        let mut last_parent: Option<(&str, Option<f64>)> = None;
        for (c, (split, _, parent, field)) in (0i32..).zip(&cells) {
            let whole = match last_parent {
                Some((p, w)) if p == *parent => w,
                _ => r.data.number(parent),
            };
            last_parent = Some((parent, whole));
            let v = r.data.value(field);
            row.push(i);
            cell_no.push(c);
            split_no.push(*split);
            parent_value.push(whole);
            value.push(v.number());
            st.push(state(v));
        }
    }
    let split_cells = DataFrame::new(
        n,
        vec![
            Column::new("return_row".into(), row),
            Column::new("cell_no".into(), cell_no),
            Column::new("split_no".into(), split_no),
            Column::new("parent_value".into(), parent_value),
            Column::new("value".into(), value),
            Column::new("state".into(), st),
        ],
    )?;
    let split_fields = DataFrame::new(
        cells.len(),
        vec![
            Column::new(
                "cell_no".into(),
                (0..cells.len() as i32).collect::<Vec<_>>(),
            ),
            Column::new(
                "split_no".into(),
                cells.iter().map(|c| c.0).collect::<Vec<_>>(),
            ),
            Column::new(
                "split".into(),
                cells.iter().map(|c| c.1).collect::<Vec<_>>(),
            ),
            Column::new(
                "parent".into(),
                cells.iter().map(|c| c.2).collect::<Vec<_>>(),
            ),
            Column::new(
                "field".into(),
                cells.iter().map(|c| c.3).collect::<Vec<_>>(),
            ),
        ],
    )?;
    let split_returns = DataFrame::new(
        returns.len(),
        vec![
            Column::new(
                "return_row".into(),
                (0..returns.len() as i32).collect::<Vec<_>>(),
            ),
            Column::new(
                "service_key".into(),
                returns.iter().map(|r| r.service_key()).collect::<Vec<_>>(),
            ),
        ],
    )?;
    Ok(vec![
        ("split_cells".into(), split_cells),
        ("split_fields".into(), split_fields),
        ("split_returns".into(), split_returns),
    ])
}

pub const CORE_FIELDS: &[&str] = &[
    "commissioner",
    "service_name",
    "total_cost",
    "people_total",
    "outcomes_total",
];

/// Each core field of each return that is not a figure: `return_row`
/// (the return's place, as in `split_cells`), `service_key`, `field`,
/// `state`.
pub fn value_states(returns: &[&StoredReturn]) -> PolarsResult<DataFrame> {
    let (mut row, mut key, mut field, mut st) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (i, r) in (0i32..).zip(returns) {
        for f in CORE_FIELDS {
            let s = state(r.data.value(f));
            if s != "number" {
                row.push(i);
                key.push(r.service_key());
                field.push(*f);
                st.push(s);
            }
        }
    }
    DataFrame::new(
        key.len(),
        vec![
            Column::new("return_row".into(), row),
            Column::new("service_key".into(), key),
            Column::new("field".into(), field),
            Column::new("state".into(), st),
        ],
    )
}
