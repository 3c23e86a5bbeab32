//! `jobtally template --out FILE.xlsx [--kind <kind>]`: a blank workbook of
//! a return kind, as the kind lays it out (`kinds::KindSpec::template`).

use anyhow::{Context, Result};

use super::UserError;
use crate::cli::TemplateArgs;

pub fn run(args: &TemplateArgs) -> Result<()> {
    let ext = crate::ingest::extension(&args.out.to_string_lossy());
    if ext != "xlsx" {
        return Err(UserError(format!(
            "the template is an Excel workbook: give a file name ending in .xlsx (not {})",
            args.out.display()
        ))
        .into());
    }
    let spec = crate::kinds::spec(args.kind);
    let bytes = (spec.template)().context("building the template")?;
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))?;
    outln!("wrote {}", args.out.display())?;
    Ok(())
}
