//! What the coded kinds' templates share: a keyed batch sheet and notes.

use rust_xlsxwriter::XlsxError;

use crate::ingest::form_schema::{AnswerKind, FormField, FormSchema};
use crate::xlsx_out::{SheetOut, workbook_bytes};

/// A coded kind's template (`jobtally template --kind <kind>`): an empty
/// batch sheet named `sheet` whose header row holds the field keys, and a
/// Notes sheet giving each key's question and accepted values, then `rule`.
pub fn keyed_sheet(schema: &FormSchema, sheet: &str, rule: &str) -> Result<Vec<u8>, XlsxError> {
    let columns: Vec<(String, String, String)> = schema
        .fields
        .iter()
        .map(|f| (f.key.clone(), f.question.clone(), accepted(f)))
        .collect();
    keyed_columns(&columns, sheet, rule)
}

/// What a field's cells may hold, for the Notes sheet.
pub fn accepted(f: &FormField) -> String {
    match f.kind {
        AnswerKind::Choice => f
            .answers
            .iter()
            .map(|a| format!("{} ({})", a.code, a.words.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        AnswerKind::Multi => format!(
            "codes separated by ';': {}",
            f.answers
                .iter()
                .map(|a| a.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AnswerKind::Money => "pounds, e.g. 180000 or £180,000".into(),
        AnswerKind::Count => "a whole number; blank = not given, 0 = none".into(),
        AnswerKind::Percent => "a percentage, 0-100".into(),
        AnswerKind::Tick => "x if offered".into(),
        AnswerKind::Period => "financial year, e.g. 2011/12".into(),
        _ => "text".into(),
    }
}

/// A keyed sheet of the given (key, what, values) columns, and its Notes.
pub fn keyed_columns(
    columns: &[(String, String, String)],
    sheet: &str,
    rule: &str,
) -> Result<Vec<u8>, XlsxError> {
    let mut notes = SheetOut::new("Notes");
    let mut sheet = SheetOut::new(sheet);
    notes.widths.extend([(0, 28.0), (1, 50.0), (2, 80.0)]);
    notes.put_bold(0, 0, "column");
    notes.put_bold(0, 1, "what");
    notes.put_bold(0, 2, "values");
    for (i, (key, what, values)) in columns.iter().enumerate() {
        sheet.put_bold(0, i as u16, key.as_str());
        sheet.widths.push((i as u16, 16.0));
        let row = i as u32 + 1;
        notes.put(row, 0, key.as_str());
        notes.put(row, 1, what.as_str());
        notes.put(row, 2, values.as_str());
    }
    let last = columns.len() as u32 + 2;
    notes.put_bold(last, 0, rule);
    workbook_bytes(&[sheet, notes])
}
