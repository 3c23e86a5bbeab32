//! Reading service returns: the template, the study's form and batch
//! sheets, then cleaning each ([`super::clean`]).

use super::{clean, layout_form, layout_template};
use crate::ingest::cells::Grid;
use crate::ingest::recognise::Signature;
use crate::ingest::{
    IngestError, Layout, RawReturn, ReturnKind, Schema, extras_report, layout_batch, not_a_return,
};
use crate::kinds::read::{Reader, batch_rows};

pub const READER: Reader = Reader {
    signature: |schema| Signature {
        kind: ReturnKind::Service,
        name: "service returns",
        identity: &[&["service_name"], &["people_total"]],
        field_of: Box::new(move |t| {
            schema
                .field_by_key(t)
                .or_else(|| schema.field_by_label(t))
                .map(|f| f.key.clone())
        }),
        question_of: Box::new(move |k| schema.field(k).map(|f| f.question.clone())),
    },
    csv_first: false,
    csv: |grid, schema, reading| {
        let header = layout_batch::header(grid, schema)?;
        Some(batch_rows(grid, &header, Layout::Batch, reading))
    },
    workbook: |grids, schema, reading| match read_sheets(grids, schema, &mut reading.report) {
        Err(IngestError::NotAReturn { .. }) => None,
        other => Some(other),
    },
    interpret: clean::interpret,
    check_file: |_, _| {},
};

/// A workbook: a template `Return` sheet, else batch sheets, else study
/// forms (one return per sheet that is one).
fn read_sheets(
    grids: &[Grid],
    schema: &Schema,
    report: &mut Vec<String>,
) -> Result<Vec<(RawReturn, Layout)>, IngestError> {
    let template = grids
        .iter()
        .filter(|g| g.name.eq_ignore_ascii_case("return"))
        .chain(grids.iter())
        .find_map(|g| layout_template::header(g).map(|h| (g, h)));
    if let Some((grid, h)) = template {
        let raw = layout_template::read(grid, &h, schema, report);
        if raw.cells.contains_key("service_name") && raw.cells.contains_key("people_total") {
            return Ok(vec![(raw, Layout::Template)]);
        }
    }
    let mut out = Vec::new();
    let mut header_only = false;
    for grid in grids {
        if let Some(h) = layout_batch::header(grid, schema) {
            report.extend(extras_report(&h));
            let rows = layout_batch::read(grid, &h);
            header_only |= rows.is_empty();
            out.extend(rows.into_iter().map(|r| (r, Layout::Batch)));
        }
    }
    if !out.is_empty() {
        return Ok(out);
    }
    if header_only {
        return Err(IngestError::NoDataRows);
    }
    for grid in grids {
        let mut sheet_report = Vec::new();
        match layout_form::read(grid, schema, &mut sheet_report) {
            Some(raw) => {
                report.extend(
                    sheet_report
                        .into_iter()
                        .map(|l| format!("sheet '{}' {l}", grid.name)),
                );
                out.push((raw, Layout::Form));
            }
            None if grids.len() > 1 => {
                report.push(format!("sheet '{}' is not a return; skipped", grid.name))
            }
            None => {}
        }
    }
    if out.is_empty() {
        return Err(not_a_return(schema));
    }
    Ok(out)
}
