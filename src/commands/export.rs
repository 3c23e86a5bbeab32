//! `jobtally export`: a results table (or `--table all`) as CSV, parquet or
//! a formatted xlsx workbook.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::*;

use super::UserError;
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{neutralised, xlsx_bytes};
use crate::results;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &ExportArgs) -> Result<()> {
    let tables: Vec<(String, DataFrame)> = if args.table == "all" {
        let names = results::table_names(ws);
        if names.is_empty() {
            results::read_table(ws, "services")?; // says "no results yet"
        }
        names
            .into_iter()
            .map(|n| Ok((n.clone(), results::read_table(ws, &n)?)))
            .collect::<Result<_>>()?
    } else {
        vec![(args.table.clone(), results::read_table(ws, &args.table)?)]
    };
    if tables.len() > 1 && !matches!(args.format, ExportFormat::Xlsx) {
        return Err(
            UserError("--table all writes one sheet per table: use --format xlsx".into()).into(),
        );
    }
    let bytes = render(args.format, &tables)?;
    let file = args.out.as_ref().filter(|p| p.as_os_str() != "-");
    if args.notes && (file.is_none() || !matches!(args.format, ExportFormat::Csv)) {
        return Err(UserError(
            "--notes writes <name>.notes.csv beside a CSV file: give --format csv --out <file> (an xlsx export has its Notes sheet anyway)".into(),
        )
        .into());
    }
    match file {
        None => write_stdout(&bytes),
        Some(path) => {
            write_whole(path, &bytes)?;
            if args.notes {
                write_whole(&notes_path(path), &notes_csv(&tables)?)?;
            }
            Ok(())
        }
    }
}

/// `services.csv` -> `services.notes.csv`.
fn notes_path(path: &Path) -> std::path::PathBuf {
    let stem = path.file_stem().map_or_else(
        || "export".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!("{stem}.notes.csv"))
}

/// Each column's words as a CSV: table, column, note.
fn notes_csv(tables: &[(String, DataFrame)]) -> Result<Vec<u8>> {
    let notes = crate::export::figure_notes(tables);
    let column = |f: fn(&crate::export::Note) -> &str| -> Vec<String> {
        notes.iter().map(|n| f(n).to_string()).collect()
    };
    let mut df = DataFrame::new(
        notes.len(),
        vec![
            Column::new("table".into(), column(|n| &n.0)),
            Column::new("column".into(), column(|n| &n.2)),
            Column::new("note".into(), column(|n| &n.3)),
        ],
    )?;
    let mut out = Vec::new();
    CsvWriter::new(&mut out)
        .include_header(true)
        .finish(&mut df)?;
    Ok(out)
}

/// The export's bytes, made in memory: results tables are small, and a
/// failure then leaves nothing half-written.
fn render(format: ExportFormat, tables: &[(String, DataFrame)]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ExportFormat::Csv => {
            let mut df = neutralised(&tables[0].1)?;
            CsvWriter::new(&mut out)
                .include_header(true)
                .finish(&mut df)?;
        }
        ExportFormat::Parquet => {
            let mut df = tables[0].1.clone();
            ParquetWriter::new(&mut out)
                .with_compression(ParquetCompression::Uncompressed)
                .finish(&mut df)?;
        }
        ExportFormat::Xlsx => out = xlsx_bytes(tables)?,
    }
    Ok(out)
}

/// A reader that stops early (`| head`) is not a fault: `main` knows a
/// broken pipe when it sees one.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .context("writing to standard output")
}

/// The file appears whole or not at all.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::watch::mover::write_atomic(path, bytes)
        .with_context(|| format!("writing {}", path.display()))
}
