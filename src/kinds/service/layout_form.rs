//! Layout B: the study's own form. Labels sit in the first columns with the
//! answer in the first non-empty cell to their right; every split is a row
//! of category headers with the figures in the row beneath. Which split a
//! row is comes from its categories, never from its label (the study's own
//! form labels the support-level split "Nature of disability"); whether it
//! counts people or outcomes comes from the section it sits in.

use crate::ingest::cells::{Cell, Grid};
use crate::ingest::model::RawReturn;
use crate::ingest::schema::{Schema, Section};
use crate::ingest::values::periods_named;

/// Labels this long are never an answer, even when they follow another label.
const LONG_LABEL_WORDS: usize = 4;

/// Read a sheet as a study form. `None` when it lacks the fields that make
/// a return (service name and people supported).
pub fn read(grid: &Grid, schema: &Schema, report: &mut Vec<String>) -> Option<RawReturn> {
    let mut raw = RawReturn {
        location: format!("sheet '{}'", grid.name),
        ..RawReturn::default()
    };
    let mut section = Section::People;
    let mut unmatched = Vec::new();
    let mut r = 0;
    while r < grid.rows.len() {
        if let Some((set, columns)) = category_header(&grid.rows[r], schema) {
            let values_row = r + 1;
            let usable = values_row < grid.rows.len()
                && category_header(&grid.rows[values_row], schema).is_none()
                && !has_scalar_label(&grid.rows[values_row], schema);
            if let Some(split) = schema.split_for(&set, section) {
                for (col, cat) in columns {
                    let Some(key) = schema.split_field(split, &cat) else {
                        continue;
                    };
                    let cell = if usable {
                        grid.get(values_row, col).clone()
                    } else {
                        Cell::Empty
                    };
                    raw.cells.entry(key.to_string()).or_insert(cell);
                }
            }
            r = if usable { values_row + 1 } else { r + 1 };
            continue;
        }
        scan_labels(grid, r, schema, &mut raw, &mut section, &mut unmatched);
        r += 1;
    }
    let is_return =
        raw.cells.contains_key("service_name") && raw.cells.contains_key("people_total");
    if is_return {
        report.extend(unmatched);
        Some(raw)
    } else {
        None
    }
}

/// Scan one row left to right for labels and their answers.
fn scan_labels(
    grid: &Grid,
    r: usize,
    schema: &Schema,
    raw: &mut RawReturn,
    section: &mut Section,
    unmatched: &mut Vec<String>,
) {
    let row = &grid.rows[r];
    let mut c = 0;
    while c < row.len() {
        let Some(text) = row[c].as_text() else {
            c += 1;
            continue;
        };
        if let Some(s) = schema.section_heading(text) {
            *section = s;
            c += 1;
            continue;
        }
        let field = schema.field_by_label(text).filter(|f| f.split.is_none());
        let Some(field) = field else {
            if c < 4 && !text.trim().is_empty() && unmatched.len() < 50 {
                unmatched.push(format!(
                    "row {}: label \"{}\" not recognised",
                    r + 1,
                    short(text)
                ));
            }
            c += 1;
            continue;
        };
        raw.prompt_periods.extend(periods_named(text));
        if let Some(s) = field.section {
            *section = s;
        }
        let next = (c + 1..row.len()).find(|&i| !row[i].is_empty());
        let (value, resume) = match next {
            Some(i) if is_long_label(&row[i], schema) => (Cell::Empty, i),
            Some(i) => (row[i].clone(), i + 1),
            None => (Cell::Empty, row.len()),
        };
        raw.cells.entry(field.key.clone()).or_insert(value);
        c = resume;
    }
}

fn is_long_label(cell: &Cell, schema: &Schema) -> bool {
    cell.as_text().is_some_and(|t| {
        t.split_whitespace().count() >= LONG_LABEL_WORDS && schema.field_by_label(t).is_some()
    })
}

fn has_scalar_label(row: &[Cell], schema: &Schema) -> bool {
    row.iter().any(|c| {
        c.as_text()
            .and_then(|t| schema.field_by_label(t))
            .is_some_and(|f| f.split.is_none())
    })
}

/// A row is a category header when two or more of its cells name
/// categories of one set; the set with the most matches wins.
fn category_header(row: &[Cell], schema: &Schema) -> Option<(String, Vec<(usize, String)>)> {
    let mut by_set: Vec<(String, Vec<(usize, String)>)> = Vec::new();
    for (col, cell) in row.iter().enumerate() {
        let Some(text) = cell.as_text() else { continue };
        for (set, cat) in schema.categories_of(text) {
            match by_set.iter_mut().find(|(s, _)| s == set) {
                Some((_, cols)) => cols.push((col, cat.clone())),
                None => by_set.push((set.clone(), vec![(col, cat.clone())])),
            }
        }
    }
    by_set
        .into_iter()
        .filter(|(_, cols)| cols.len() >= 2)
        .max_by_key(|(_, cols)| cols.len())
}

fn short(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(60).collect::<String>())
    } else {
        t.to_string()
    }
}
