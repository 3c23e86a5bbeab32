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
    match args.out.as_ref().filter(|p| p.as_os_str() != "-") {
        None => write_stdout(&bytes),
        Some(path) => write_whole(path, &bytes),
    }
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
