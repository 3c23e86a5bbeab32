//! The survey's paper form as a workbook sheet (`jobtally template --kind
//! commissioner`, or a local copy of the form). Questions sit in a column
//! with the answer in the first non-empty cell to their right; Tables 1 and
//! 2 are found by their column headings, each row by its label; a choice
//! may be a single answer cell or one tick box per printed answer.

use crate::ingest::cells::{Cell, Grid};
use crate::ingest::form_schema::{AnswerKind, FormSchema, GridDef};
use crate::ingest::model::RawReturn;
use crate::ingest::schema::ValueWords;
use crate::ingest::values::parse_tick;

/// Rows after a table's heading row that may be notes, not rows of it.
const TABLE_GAP_ROWS: usize = 2;

/// Read a sheet as the survey form. `None` when it names no authority or
/// has neither table of spend: then it is not the survey.
pub fn read(
    grid: &Grid,
    schema: &FormSchema,
    words: &ValueWords,
    report: &mut Vec<String>,
) -> Option<RawReturn> {
    let mut raw = RawReturn {
        location: format!("sheet '{}'", grid.name),
        ..RawReturn::default()
    };
    let mut tables = 0;
    let mut r = 0;
    while r < grid.rows.len() {
        if let Some((g, columns)) = table_heading(&grid.rows[r], schema) {
            tables += 1;
            r = read_table(grid, r, g, &columns, &mut raw);
            continue;
        }
        scan_row(grid, r, schema, words, &mut raw, report);
        r += 1;
    }
    (raw.cells.contains_key("authority") && tables > 0).then_some(raw)
}

/// A row naming at least two columns of one table: (table, [(column index, column key)]).
fn table_heading<'a>(
    row: &[Cell],
    schema: &'a FormSchema,
) -> Option<(&'a GridDef, Vec<(usize, String)>)> {
    schema.grids.iter().find_map(|g| {
        let columns: Vec<(usize, String)> = row
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((i, g.column_of(c.as_text()?)?.key.clone())))
            .collect();
        (columns.len() >= 2).then_some((g, columns))
    })
}

/// Rows of a table under its heading; returns the row after the table.
fn read_table(
    grid: &Grid,
    heading: usize,
    g: &GridDef,
    columns: &[(usize, String)],
    raw: &mut RawReturn,
) -> usize {
    let first_column = columns.iter().map(|(i, _)| *i).min().unwrap_or(0);
    let mut r = heading + 1;
    let mut misses = 0;
    while r < grid.rows.len() && misses <= TABLE_GAP_ROWS {
        let label = grid.rows[r][..first_column.min(grid.rows[r].len())]
            .iter()
            .find_map(|c| c.as_text().filter(|t| !t.trim().is_empty()));
        match label.and_then(|l| g.row_of(l)) {
            Some(row) => {
                misses = 0;
                for (col, key) in columns {
                    let cell = money_cell(grid.get(r, *col));
                    raw.cells.entry(g.key(&row.key, key)).or_insert(cell);
                }
            }
            None => misses += 1,
        }
        r += 1;
    }
    r - misses
}

/// A printed "£" alone in an answer cell is the form's prompt, not an answer.
fn money_cell(cell: &Cell) -> Cell {
    match cell {
        Cell::Text(t) if t.trim() == "£" => Cell::Empty,
        other => other.clone(),
    }
}

fn scan_row(
    grid: &Grid,
    r: usize,
    schema: &FormSchema,
    words: &ValueWords,
    raw: &mut RawReturn,
    report: &mut Vec<String>,
) {
    let row = &grid.rows[r];
    let mut c = 0;
    while c < row.len() {
        let Some(label) = row[c].as_text().filter(|t| !t.trim().is_empty()) else {
            c += 1;
            continue;
        };
        // A tick box per printed answer: the box is the next cell.
        let boxes = schema.answer_box(label);
        if !boxes.is_empty() {
            let ticked = parse_tick(grid.get(r, c + 1), words).unwrap_or(false);
            if ticked {
                let open = |k: &str| raw.cells.get(k).is_none_or(Cell::is_empty);
                if let Some((f, code)) = boxes.iter().find(|(f, _)| open(&f.key)) {
                    raw.cells
                        .insert(f.key.clone(), Cell::Text(code.to_string()));
                } else {
                    report.push(format!(
                        "sheet '{}' row {}: answer \"{label}\" ticked twice; the first is kept",
                        grid.name,
                        r + 1
                    ));
                }
            }
            c += 2;
            continue;
        }
        match schema.field_by_label(label) {
            Some(f) => {
                let answer = (c + 1..row.len()).find(|&i| !row[i].is_empty());
                let cell = answer.map(|i| row[i].clone()).unwrap_or(Cell::Empty);
                // A choice asked here may be answered by tick boxes below.
                if !(cell.is_empty() && f.kind == AnswerKind::Choice) {
                    raw.cells.entry(f.key.clone()).or_insert(cell);
                }
                c = answer.map_or(row.len(), |i| i + 1);
            }
            _ => c += 1,
        }
    }
}
