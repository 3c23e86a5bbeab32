//! Input tables for the checks, built from the returns as read:
//! `split_cells` (every category of the core splits with its state, so a
//! "not known" cell is told from a blank one), `value_states` (core fields
//! that are not figures) and `check_settings` (thresholds from config).

use polars::prelude::*;

use crate::ingest::StoredReturn;
use crate::ingest::{Schema, Value};
use crate::kinds::Named;

fn state(v: &Value) -> &'static str {
    match v {
        Value::Number(_) | Value::Text(_) | Value::Tick(_) => "number",
        Value::Missing => "missing",
        Value::NotKnown => "not_known",
        Value::Invalid(_) => "invalid",
    }
}

pub fn split_cells(returns: &[&StoredReturn], schema: &Schema) -> PolarsResult<DataFrame> {
    // Borrowed, not cloned: a cell's names repeat for every return, and
    // polars copies them into its own buffers once.
    let keys: Vec<String> = returns.iter().map(|r| r.data.service_key()).collect();
    let cells = returns.len()
        * schema
            .splits
            .iter()
            .filter(|s| s.core)
            .map(|s| s.fields.len())
            .sum::<usize>();
    let mut key: Vec<&str> = Vec::with_capacity(cells);
    let mut split: Vec<&str> = Vec::with_capacity(cells);
    let mut parent: Vec<&str> = Vec::with_capacity(cells);
    let mut parent_value = Vec::with_capacity(cells);
    let mut field: Vec<&str> = Vec::with_capacity(cells);
    let mut value = Vec::with_capacity(cells);
    let mut st = Vec::with_capacity(cells);
    for (r, sk) in returns.iter().zip(&keys) {
        for s in schema.splits.iter().filter(|s| s.core) {
            let whole = r.data.number(&s.parent);
            for f in &s.fields {
                let v = r.data.value(f);
                key.push(sk);
                split.push(&s.name);
                parent.push(&s.parent);
                parent_value.push(whole);
                field.push(f);
                value.push(v.number());
                st.push(state(v));
            }
        }
    }
    DataFrame::new(
        key.len(),
        vec![
            Column::new("service_key".into(), key),
            Column::new("split".into(), split),
            Column::new("parent".into(), parent),
            Column::new("parent_value".into(), parent_value),
            Column::new("field".into(), field),
            Column::new("value".into(), value),
            Column::new("state".into(), st),
        ],
    )
}

pub const CORE_FIELDS: &[&str] = &[
    "commissioner",
    "service_name",
    "total_cost",
    "people_total",
    "outcomes_total",
];

pub fn value_states(returns: &[&StoredReturn]) -> PolarsResult<DataFrame> {
    let (mut key, mut field, mut st) = (Vec::new(), Vec::new(), Vec::new());
    for r in returns {
        for f in CORE_FIELDS {
            let s = state(r.data.value(f));
            if s != "number" {
                key.push(r.data.service_key());
                field.push(f.to_string());
                st.push(s);
            }
        }
    }
    DataFrame::new(
        key.len(),
        vec![
            Column::new("service_key".into(), key),
            Column::new("field".into(), field),
            Column::new("state".into(), st),
        ],
    )
}
