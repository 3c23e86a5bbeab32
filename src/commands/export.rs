//! `jobtally export`: a results table as CSV or parquet.

use std::fs::File;
use std::io::Write;

use anyhow::{Context, Result};
use polars::prelude::*;

use crate::cli::{ExportArgs, ExportFormat};
use crate::results;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &ExportArgs) -> Result<()> {
    let mut df = results::read_table(ws, &args.table)?;
    let to_stdout = args.out.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let mut sink: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stdout().lock())
    } else {
        let path = args
            .out
            .as_ref()
            .map(|p| p.to_path_buf())
            .unwrap_or_default();
        Box::new(File::create(&path).with_context(|| format!("creating {}", path.display()))?)
    };
    match args.format {
        ExportFormat::Csv => CsvWriter::new(&mut sink)
            .include_header(true)
            .finish(&mut df)?,
        ExportFormat::Parquet => {
            ParquetWriter::new(&mut sink)
                .with_compression(ParquetCompression::Uncompressed)
                .finish(&mut df)?;
        }
    }
    sink.flush()?;
    Ok(())
}
