//! Layout A: the jobtally template. A `Return` sheet whose header row is
//! `key | question | value`. A field is found by its key in the key column
//! when there is one, otherwise by its question text, since officers
//! delete, reorder and re-label rows.

use crate::ingest::cells::Grid;
use crate::ingest::model::RawReturn;
use crate::ingest::schema::Schema;
use crate::ingest::text::normalise;
use crate::ingest::values::periods_named;

/// Column positions of a template sheet's header row.
pub struct TemplateHeader {
    row: usize,
    key: Option<usize>,
    question: Option<usize>,
    value: usize,
}

pub fn header(grid: &Grid) -> Option<TemplateHeader> {
    let row = grid.first_nonempty_row()?;
    let find = |name: &str| {
        grid.rows[row]
            .iter()
            .position(|c| c.as_text().is_some_and(|t| normalise(t) == name))
    };
    let value = find("value")?;
    let key = find("key");
    let question = find("question");
    (key.is_some() || question.is_some()).then_some(TemplateHeader {
        row,
        key,
        question,
        value,
    })
}

pub fn read(
    grid: &Grid,
    h: &TemplateHeader,
    schema: &Schema,
    report: &mut Vec<String>,
) -> RawReturn {
    let mut raw = RawReturn {
        location: format!("sheet '{}'", grid.name),
        ..RawReturn::default()
    };
    for r in h.row + 1..grid.rows.len() {
        let key_text = h.key.and_then(|c| grid.get(r, c).as_text());
        let question_text = h.question.and_then(|c| grid.get(r, c).as_text());
        let field = key_text
            .and_then(|k| schema.field_by_key(k))
            .or_else(|| question_text.and_then(|q| schema.field_by_label(q)));
        if let Some(q) = question_text {
            raw.prompt_periods.extend(periods_named(q));
        }
        match field {
            Some(f) => {
                if raw.cells.contains_key(&f.key) {
                    report.push(format!(
                        "row {}: {} appears twice; the first is used",
                        r + 1,
                        f.key
                    ));
                } else {
                    raw.cells
                        .insert(f.key.clone(), grid.get(r, h.value).clone());
                }
            }
            None => {
                if let Some(label) = key_text.or(question_text).filter(|t| !t.trim().is_empty()) {
                    report.push(format!(
                        "row {}: label \"{}\" not recognised",
                        r + 1,
                        label.trim()
                    ));
                }
            }
        }
    }
    raw
}
