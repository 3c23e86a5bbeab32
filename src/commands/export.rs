//! `jobtally export`: a results table (or `--table all`) as CSV, parquet or
//! a formatted xlsx workbook.

use std::fs::File;
use std::io::Write;

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
    let to_stdout = args.out.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let mut sink: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stdout().lock())
    } else {
        let path = args.out.clone().unwrap_or_default();
        Box::new(File::create(&path).with_context(|| format!("creating {}", path.display()))?)
    };
    match args.format {
        ExportFormat::Csv => {
            let mut df = neutralised(&tables[0].1)?;
            CsvWriter::new(&mut sink)
                .include_header(true)
                .finish(&mut df)?;
        }
        ExportFormat::Parquet => {
            let mut df = tables[0].1.clone();
            ParquetWriter::new(&mut sink)
                .with_compression(ParquetCompression::Uncompressed)
                .finish(&mut df)?;
        }
        ExportFormat::Xlsx => sink.write_all(&xlsx_bytes(&tables)?)?,
    }
    sink.flush()?;
    Ok(())
}
