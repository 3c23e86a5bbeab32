//! `jobtally explain <table> <column> [--group G] [--period P]`.

use anyhow::Result;
use polars::prelude::*;

use super::UserError;
use crate::cli::ExplainArgs;
use crate::figures::{self, FiguresError};
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &ExplainArgs) -> Result<()> {
    let registry = figures::registry()?;
    let meaning = registry
        .meaning(&args.table, &args.column)
        .map_err(|e| match e {
            FiguresError::Parse(_) => anyhow::Error::from(e),
            other => UserError(other.to_string()).into(),
        })?;
    // The figures need results and the ledger; the words do not.
    let subject = figures::Subject::Group {
        group: args.group.clone(),
        period: args.period.clone(),
    };
    let question = figures::Question::columns(&args.table, &[args.column.as_str()], subject);
    let text = crate::ops::explain(ws, &question)?;
    out!("{}", text.trim_end())?;
    outln!()?;
    if let Some(value) = value_in_table(ws, args, &meaning.metric.unit)? {
        outln!("\nin the table: {value}")?;
    }
    Ok(())
}

/// The figure itself, for a group's row (the first row of the group and
/// year when the table has several, e.g. per100's methods).
fn value_in_table(ws: &Workspace, args: &ExplainArgs, unit: &str) -> Result<Option<String>> {
    let Ok(df) = crate::results::read_table(ws, &args.table) else {
        return Ok(None);
    };
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    if !names.iter().any(|n| n == "group") || !names.contains(&args.column) {
        return Ok(None);
    }
    let rows = df
        .lazy()
        .filter(
            col("group")
                .eq(lit(args.group.clone()))
                .and(col("period").eq(lit(args.period.clone()))),
        )
        .collect()?;
    // A table of several methods (per100) says which value is which.
    let methods: Option<Vec<String>> = rows.column("method").ok().and_then(|m| {
        let m = m.str().ok()?;
        Some(
            (0..m.len())
                .map(|i| m.get(i).unwrap_or("?").to_string())
                .collect(),
        )
    });
    let column = rows.column(&args.column)?;
    let values: Vec<String> = match column.cast(&DataType::Float64) {
        Ok(numbers) => {
            let numbers = numbers.f64()?.clone();
            (0..numbers.len())
                .map(|i| figures::format_value(numbers.get(i), unit))
                .collect()
        }
        Err(_) => (0..rows.height())
            .map(|i| column.get(i).map(|v| v.to_string()))
            .collect::<PolarsResult<_>>()?,
    };
    let values: Vec<String> = match methods {
        Some(methods) => methods
            .iter()
            .zip(values)
            .map(|(m, v)| format!("{v} ({m})"))
            .collect(),
        None => values,
    };
    Ok((!values.is_empty()).then(|| values.join(", ")))
}
