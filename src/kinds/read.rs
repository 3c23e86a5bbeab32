//! Reading a file: which kind it is and its rows, through each kind's
//! [`Reader`]. The readers are tried in the registry's order (a kind whose
//! rows may carry identifiers goes first in a CSV, so that they are taken
//! out before any other reader sees the columns); the first whose sheets
//! match reads the file, and the header fits of every kind say why, or
//! why the file was refused.

use std::sync::Arc;

use super::{KINDS, KindSpec, Named};
use crate::ingest::cells::Grid;
use crate::ingest::layout_batch::{self, BatchHeader};
use crate::ingest::recognise::{self, Recogniser, Signature};
use crate::ingest::{
    FileRead, IngestError, Layout, RawReturn, ReadLimits, Reading, Return, Rows, Schema,
    check_size, csvfile, extension, extras_report, not_a_return, workbook,
};

/// A kind's rows in what it was given, when they are of its kind: `None`
/// passes the file to the next kind.
pub type Found = Option<Result<Rows, IngestError>>;

/// How one kind's files are recognised and read.
pub struct Reader {
    /// Its fields' wordings and the identity fields a row needs.
    pub signature: for<'a> fn(&'a Schema) -> Signature<'a>,
    /// Tried before the other kinds in a CSV.
    pub csv_first: bool,
    /// Its rows in a CSV's grid, when the header row is its kind's.
    pub csv: fn(&Grid, &Schema, &mut Reading) -> Found,
    /// Its rows in a workbook's sheets, when a sheet is its kind's.
    pub workbook: fn(&[Grid], &Schema, &mut Reading) -> Found,
    /// One row, read in one of its layouts, as a return.
    pub interpret: fn(RawReturn, Layout, &Schema) -> Return,
    /// Checks that need the file's returns together.
    pub check_file: fn(&mut [Return], &Reading),
}

/// Every kind's signature, scored together.
pub fn recogniser(schema: &Schema) -> Recogniser<'_> {
    Recogniser {
        schema,
        signatures: KINDS.iter().map(|k| (k.reader.signature)(schema)).collect(),
    }
}

/// Every kind's fit to a grid's header row, best first.
pub fn fits(grid: &Grid, schema: &Schema) -> Vec<recognise::Fit> {
    recognise::fits(grid, &recogniser(schema))
}

/// Every kind's fit to a form sheet's labels, best first.
pub fn form_fits(grid: &Grid, schema: &Schema) -> Vec<recognise::Fit> {
    recognise::form_fits(grid, &recogniser(schema))
}

/// Rows of a batch sheet under `header`, each in `layout`; columns that are
/// no field are reported as kept.
pub fn batch_rows(
    grid: &Grid,
    header: &BatchHeader,
    layout: Layout,
    reading: &mut Reading,
) -> Result<Rows, IngestError> {
    reading.report.extend(extras_report(header));
    let rows = layout_batch::read(grid, header);
    if rows.is_empty() {
        return Err(IngestError::NoDataRows);
    }
    Ok(rows.into_iter().map(|r| (r, layout)).collect())
}

/// Read every return in a file's bytes.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    limits: &ReadLimits,
    schema: &Schema,
) -> Result<FileRead, IngestError> {
    check_size(bytes, limits)?;
    let ext = extension(name);
    let recogniser = recogniser(schema);
    let mut reading = Reading::default();
    let (spec, rows) = match ext.as_str() {
        "csv" | "tsv" | "txt" => read_csv(bytes, limits, &recogniser, &mut reading)?,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            read_workbook(bytes, &ext, limits, &recogniser, &mut reading)?
        }
        _ => return Err(IngestError::Unsupported { ext }),
    };
    let mut returns: Vec<Return> = rows
        .into_iter()
        .map(|(raw, layout)| (spec.reader.interpret)(raw, layout, schema))
        .filter(|r| !r.is_blank())
        .collect();
    let Some(first) = returns.first() else {
        return Err(IngestError::Blank);
    };
    let line = read_as(first, &reading, &recogniser)?;
    reading.report.insert(0, line);
    for r in &mut returns {
        let max = limits.max_name_chars.min(limits.max_text_chars);
        crate::ingest::bounds::cut_names(r, r.naming().names, max);
    }
    (spec.reader.check_file)(&mut returns, &reading);
    Ok(FileRead {
        returns,
        report: reading.report,
    })
}

/// [`read_bytes`] with the built-in service schema, as runs read.
pub fn read_builtin(
    name: &str,
    bytes: &[u8],
    limits: &ReadLimits,
) -> Result<FileRead, IngestError> {
    read_bytes(name, bytes, limits, Schema::builtin())
}

/// Many files on a few guarded reader threads ([`crate::ingest::read_all`]).
pub fn read_all(
    jobs: Vec<(String, Arc<Vec<u8>>)>,
    limits: &ReadLimits,
) -> Vec<Result<FileRead, IngestError>> {
    crate::ingest::read_all(jobs, limits, read_builtin)
}

/// One file on a guarded reader thread.
pub fn read_guarded(
    name: &str,
    bytes: Arc<Vec<u8>>,
    limits: &ReadLimits,
) -> Result<FileRead, IngestError> {
    crate::ingest::read_guarded(name, bytes, limits, read_builtin)
}

/// The kinds in the order a CSV is tried.
fn csv_order() -> impl Iterator<Item = &'static KindSpec> {
    let first = KINDS.iter().filter(|k| k.reader.csv_first);
    first.chain(KINDS.iter().filter(|k| !k.reader.csv_first))
}

/// The refusal when no kind's reader takes the file: the kinds' fits say
/// what each lacks, else the service return's own message.
fn unrecognised(reading: &Reading, schema: &Schema) -> IngestError {
    recognise::unrecognised(&reading.kind_fits).unwrap_or_else(|| not_a_return(schema))
}

fn read_csv(
    bytes: &[u8],
    limits: &ReadLimits,
    recogniser: &Recogniser<'_>,
    reading: &mut Reading,
) -> Result<(&'static KindSpec, Rows), IngestError> {
    let schema = recogniser.schema;
    let grid = csvfile::read_csv(bytes, "", limits)?;
    reading.kind_fits = recognise::fits(&grid, recogniser);
    recognise::refuse_mixed(&reading.kind_fits, "")?;
    for spec in csv_order() {
        if let Some(rows) = (spec.reader.csv)(&grid, schema, reading) {
            return Ok((spec, rows?));
        }
    }
    Err(unrecognised(reading, schema))
}

fn read_workbook(
    bytes: &[u8],
    ext: &str,
    limits: &ReadLimits,
    recogniser: &Recogniser<'_>,
    reading: &mut Reading,
) -> Result<(&'static KindSpec, Rows), IngestError> {
    let schema = recogniser.schema;
    let grids = workbook::read_workbook(bytes, ext, limits)?;
    let sheet_fits: Vec<Vec<recognise::Fit>> = grids
        .iter()
        .map(|g| recognise::fits(g, recogniser))
        .collect();
    for (g, fits) in grids.iter().zip(&sheet_fits) {
        recognise::refuse_mixed(fits, &format!("sheet '{}' ", g.name))?;
    }
    reading.kind_fits = sheet_fits
        .into_iter()
        .max_by_key(|f| f.first().map_or(0, |x| x.recognised))
        .unwrap_or_default();
    // A kind whose export header a sheet carries in full is asked first:
    // a paper-form reader finds labels in any sheet, a header is proof.
    let first = reading
        .kind_fits
        .first()
        .filter(|f| f.complete() && f.recognised > 0)
        .map(|f| f.kind);
    let order = KINDS
        .iter()
        .filter(|k| Some(k.kind) == first)
        .chain(KINDS.iter().filter(|k| Some(k.kind) != first));
    let mut found = None;
    for spec in order {
        if let Some(rows) = (spec.reader.workbook)(&grids, schema, reading) {
            found = Some((spec, rows?));
            break;
        }
    }
    reading.sheets = grids;
    found.ok_or_else(|| unrecognised(reading, schema))
}

/// The report's first line: which kind the file was read as and why, or a
/// refusal when a form's labels fit its kind too doubtfully.
fn read_as(
    first: &Return,
    reading: &Reading,
    recogniser: &Recogniser<'_>,
) -> Result<String, IngestError> {
    let line = if first.layout.is_form() {
        // The sheet that fits the kind read best is the one read.
        let fits = reading
            .sheets
            .iter()
            .map(|g| recognise::form_fits(g, recogniser))
            .max_by_key(|fits| recognise::recognised_as(fits, first.kind))
            .unwrap_or_default();
        recognise::refuse_doubtful(first.kind, &fits)?;
        recognise::explain(first.kind, &fits, recognise::Counted::Labels)
    } else {
        recognise::explain(first.kind, &reading.kind_fits, recognise::Counted::Columns)
    };
    Ok(line.unwrap_or_else(|| {
        format!(
            "read as {} ({}), found by its labels",
            first.kind.as_str(),
            first.layout_name()
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ReturnKind;
    use crate::ingest::cells::Cell;
    use crate::ingest::recognise::{Counted, explain, recognised_as};

    fn form(labels: &[&str]) -> Grid {
        Grid {
            name: "Return".into(),
            rows: labels
                .iter()
                .map(|l| vec![Cell::Text((*l).into()), Cell::Number(1.0)])
                .collect(),
        }
    }

    #[test]
    fn a_form_is_scored_on_the_labels_down_its_first_columns() {
        let schema = Schema::builtin();
        let fits = form_fits(&form(&["service_name", "people_total", "period"]), schema);
        assert_eq!(fits[0].kind, ReturnKind::Service);
        assert!(fits[0].complete(), "{fits:?}");
        assert_eq!(fits[0].recognised, 3);
        assert_eq!(recognised_as(&fits, ReturnKind::Service), 3);
        let line = explain(ReturnKind::Service, &fits, Counted::Labels).unwrap_or_default();
        assert!(
            line.starts_with("read as service returns — 3 of its labels recognised"),
            "{line}"
        );
    }
}
