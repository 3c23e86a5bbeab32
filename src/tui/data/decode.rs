//! One decoder for every results table the screens read: a row is read by
//! column name, each column cast once to the type asked for. A struct is
//! then decoded with one literal naming its columns, and a missing or
//! mistyped column is an error that names it.

use std::cell::RefCell;
use std::collections::HashMap;

use polars::prelude::*;

use crate::format;

/// A results table, its columns cast on first use.
pub struct Table<'a> {
    df: &'a DataFrame,
    /// One map per kind, so a cell is found by its column name alone.
    cast: [RefCell<HashMap<String, Series>>; 4],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Integer,
    Flag,
}

impl Kind {
    fn dtype(self) -> DataType {
        match self {
            Kind::Text => DataType::String,
            Kind::Number => DataType::Float64,
            Kind::Integer => DataType::Int64,
            Kind::Flag => DataType::Boolean,
        }
    }
}

impl<'a> Table<'a> {
    pub fn new(df: &'a DataFrame) -> Table<'a> {
        Table {
            df,
            cast: Default::default(),
        }
    }

    pub fn height(&self) -> usize {
        self.df.height()
    }

    /// Every row, decoded by `f`.
    pub fn rows<T>(&self, f: impl Fn(&Row) -> PolarsResult<T>) -> PolarsResult<Vec<T>> {
        (0..self.height())
            .map(|i| f(&Row { table: self, i }))
            .collect()
    }

    /// The rows `keep` admits, decoded by `f`.
    pub fn rows_where<T>(
        &self,
        keep: impl Fn(&Row) -> PolarsResult<bool>,
        f: impl Fn(&Row) -> PolarsResult<T>,
    ) -> PolarsResult<Vec<T>> {
        let mut out = Vec::new();
        for i in 0..self.height() {
            let row = Row { table: self, i };
            if keep(&row)? {
                out.push(f(&row)?);
            }
        }
        Ok(out)
    }

    /// Row `i` (for tables read by position, such as one-row summaries).
    pub fn row(&self, i: usize) -> Row<'_> {
        Row { table: self, i }
    }

    fn value<T>(
        &self,
        name: &str,
        kind: Kind,
        i: usize,
        get: impl Fn(&Series, usize) -> PolarsResult<T>,
    ) -> PolarsResult<T> {
        let cache = &self.cast[kind as usize];
        if let Some(s) = cache.borrow().get(name) {
            return get(s, i);
        }
        let series = self
            .df
            .column(name)?
            .as_materialized_series()
            .cast(&kind.dtype())?;
        let out = get(&series, i);
        cache.borrow_mut().insert(name.to_string(), series);
        out
    }
}

/// One row of a [`Table`].
pub struct Row<'t> {
    table: &'t Table<'t>,
    i: usize,
}

impl Row<'_> {
    /// The raw text of a cell (`None` when null).
    pub fn opt_text(&self, name: &str) -> PolarsResult<Option<String>> {
        self.table.value(name, Kind::Text, self.i, |s, i| {
            Ok(s.str()?.get(i).map(str::to_string))
        })
    }

    /// A cell's text made safe to draw; null reads as "".
    pub fn text(&self, name: &str) -> PolarsResult<String> {
        Ok(format::sanitise(
            self.opt_text(name)?.as_deref().unwrap_or(""),
        ))
    }

    /// Whether a text cell holds exactly `value`.
    pub fn is(&self, name: &str, value: &str) -> PolarsResult<bool> {
        Ok(self.opt_text(name)?.as_deref() == Some(value))
    }

    pub fn num(&self, name: &str) -> PolarsResult<Option<f64>> {
        self.table
            .value(name, Kind::Number, self.i, |s, i| Ok(s.f64()?.get(i)))
    }

    /// An integer cell; null reads as 0 (the tables' counts).
    pub fn int(&self, name: &str) -> PolarsResult<i64> {
        self.table.value(name, Kind::Integer, self.i, |s, i| {
            Ok(s.i64()?.get(i).unwrap_or(0))
        })
    }

    /// A boolean cell; null reads as false.
    pub fn flag(&self, name: &str) -> PolarsResult<bool> {
        self.table.value(name, Kind::Flag, self.i, |s, i| {
            Ok(s.bool()?.get(i).unwrap_or(false))
        })
    }
}
