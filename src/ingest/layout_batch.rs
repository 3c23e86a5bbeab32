//! Layout C: a batch sheet (CSV or a workbook sheet). The first non-empty
//! row holds headers, each a field key or a recognised question wording;
//! every following non-empty row is one service-year.

use std::collections::HashSet;

use super::cells::Grid;
use super::model::RawReturn;
use super::schema::Schema;
use super::text::slug;
use super::values::periods_named;

enum Column {
    Field(String),
    Extra(String),
}

pub struct BatchHeader {
    row: usize,
    columns: Vec<Option<Column>>,
}

/// The header row, if it names both `service_name` and `people_total`.
pub fn header(grid: &Grid, schema: &Schema) -> Option<BatchHeader> {
    header_with(
        grid,
        |text| {
            schema
                .field_by_key(text)
                .or_else(|| schema.field_by_label(text))
                .map(|f| f.key.clone())
        },
        |seen| seen.contains("service_name") && seen.contains("people_total"),
    )
}

/// The header row read with `field_of` (a header's field key, if any),
/// when `is_header` accepts the set of fields it names. Shared by every
/// kind of batch sheet; a column naming a field already named is an extra.
pub fn header_with(
    grid: &Grid,
    field_of: impl Fn(&str) -> Option<String>,
    is_header: impl Fn(&HashSet<String>) -> bool,
) -> Option<BatchHeader> {
    let row = grid.first_nonempty_row()?;
    let mut seen = HashSet::new();
    let columns: Vec<Option<Column>> = grid.rows[row]
        .iter()
        .map(|cell| {
            let text = cell.as_text()?.trim();
            if text.is_empty() {
                return None;
            }
            Some(match field_of(text) {
                Some(key) if seen.insert(key.clone()) => Column::Field(key),
                _ => Column::Extra(format!("extra_{}", slug(text).replace('-', "_"))),
            })
        })
        .collect();
    is_header(&seen).then_some(BatchHeader { row, columns })
}

/// The columns kept as `extra_*`, for the ingest report.
pub fn extra_columns(h: &BatchHeader) -> Vec<String> {
    h.columns
        .iter()
        .filter_map(|c| match c {
            Some(Column::Extra(name)) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

pub fn read(grid: &Grid, h: &BatchHeader) -> Vec<RawReturn> {
    let header_periods: Vec<String> = grid.rows[h.row]
        .iter()
        .filter_map(|c| c.as_text())
        .flat_map(periods_named)
        .collect();
    let mut out = Vec::new();
    for r in h.row + 1..grid.rows.len() {
        let mut raw = RawReturn {
            location: grid.row_location(r),
            ..RawReturn::default()
        };
        raw.prompt_periods.extend(header_periods.iter().cloned());
        let mut any_field = false;
        for (c, column) in h.columns.iter().enumerate() {
            let cell = grid.get(r, c);
            match column {
                Some(Column::Field(key)) => {
                    any_field |= !cell.is_empty();
                    raw.cells.insert(key.clone(), cell.clone());
                }
                Some(Column::Extra(name)) if !cell.is_empty() => {
                    raw.extras.insert(name.clone(), cell.display());
                }
                _ => {}
            }
        }
        if any_field {
            out.push(raw);
        }
    }
    out
}
