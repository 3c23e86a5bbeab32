//! Reading the commissioner spend survey: a survey tool's export (one row
//! per response) or the paper form as a workbook sheet ([`super::form`]).

use std::collections::BTreeMap;

use crate::format::number as format_number;
use crate::ingest::cells::Grid;
use crate::ingest::coded::{self, UnknownCode};
use crate::ingest::form_schema::FormSchema;
use crate::ingest::layout_batch::{self, BatchHeader};
use crate::ingest::recognise::{self, Signature};
use crate::ingest::schema::ValueWords;
use crate::ingest::{Layout, Note, ReturnKind, Rows, Severity, Value, extras_report};
use crate::kinds::read::{Reader, batch_rows};

pub const READER: Reader = Reader {
    signature: |_| signature(),
    csv_first: false,
    csv: |grid, _, reading| {
        let header = batch_header(grid, super::schema())?;
        Some(batch_rows(grid, &header, Layout::Batch, reading))
    },
    workbook: |grids, schema, reading| {
        read_survey_sheets(grids, super::schema(), &schema.values, &mut reading.report).map(Ok)
    },
    interpret: |raw, layout, schema| {
        let mut r = coded::interpret(
            raw,
            ReturnKind::Commissioner,
            layout,
            super::schema(),
            &schema.values,
            UnknownCode::Unreadable,
        );
        delivery_as_fractions(&mut r.values, &mut r.notes);
        r
    },
    check_file: |_, _| {},
};

fn signature() -> Signature<'static> {
    recognise::coded(
        ReturnKind::Commissioner,
        "commissioner survey responses",
        // An export names the authority, and a response id or Table 1.
        &[&["authority"], &["response_id", "spend_*"]],
        super::schema(),
    )
}

/// The header of a survey export: it names the authority and either a
/// figure of Table 1 or the survey tool's response id.
pub fn batch_header(grid: &Grid, schema: &FormSchema) -> Option<BatchHeader> {
    layout_batch::header_with(
        grid,
        |text| schema.field_by_label(text).map(|f| f.key.clone()),
        |seen| {
            seen.contains("authority")
                && (seen.contains("response_id") || seen.iter().any(|k| k.starts_with("spend_")))
        },
    )
}

/// A workbook holding the commissioner survey: export sheets (one row per
/// response), else paper forms (one response per sheet that is one).
fn read_survey_sheets(
    grids: &[Grid],
    survey: &FormSchema,
    words: &ValueWords,
    report: &mut Vec<String>,
) -> Option<Rows> {
    let mut out = Vec::new();
    for grid in grids {
        if let Some(h) = batch_header(grid, survey) {
            report.extend(extras_report(&h));
            out.extend(
                layout_batch::read(grid, &h)
                    .into_iter()
                    .map(|r| (r, Layout::Batch)),
            );
        }
    }
    if out.is_empty() {
        for grid in grids {
            match super::form::read(grid, survey, words, report) {
                Some(raw) => out.push((raw, Layout::Form)),
                None if grids.len() > 1 => report.push(format!(
                    "sheet '{}' is not a survey form; skipped",
                    grid.name
                )),
                None => {}
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Table 3 typed into cells formatted as percentages arrives as fractions
/// (0.45 for 45%). When every answer is at most 1 and they add up to about
/// 1, they are read as fractions, with a note.
fn delivery_as_fractions(values: &mut BTreeMap<String, Value>, notes: &mut Vec<Note>) {
    let keys = [
        "delivery_la_pct",
        "delivery_nhs_pct",
        "delivery_private_pct",
        "delivery_vcs_pct",
    ];
    let given: Vec<f64> = keys
        .iter()
        .filter_map(|k| values.get(*k).and_then(Value::number))
        .collect();
    let sum: f64 = given.iter().sum();
    if given.is_empty() || given.iter().any(|v| *v > 1.0) || (sum - 1.0).abs() > 0.02 {
        return;
    }
    for k in keys {
        if let Some(Value::Number(v)) = values.get_mut(k) {
            *v = (*v * 10_000.0).round() / 100.0;
        }
    }
    notes.push(Note::new(
        Severity::Info,
        "percent_fraction",
        Some("delivery"),
        format!(
            "Table 3 was given as fractions adding up to {}; read as percentages (×100)",
            format_number((sum * 1000.0).round() / 1000.0)
        ),
    ));
}
