//! `jobtally template --out FILE.xlsx [--kind commissioner]`: a blank
//! layout-A service return, or the commissioner survey's form.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::UserError;
use crate::cli::TemplateArgs;
use crate::template::{TemplateStyle, template_bytes};

pub fn run(args: &TemplateArgs) -> Result<()> {
    let ext = crate::ingest::extension(&args.out.to_string_lossy());
    if ext != "xlsx" {
        return Err(UserError(format!(
            "the template is an Excel workbook: give a file name ending in .xlsx (not {})",
            args.out.display()
        ))
        .into());
    }
    let bytes = match args.kind.as_str() {
        "commissioner" => crate::survey_form::form_bytes(&BTreeMap::new()),
        "provider_contract" => crate::survey_form::contract_sheet_bytes(),
        _ => template_bytes(&BTreeMap::new(), TemplateStyle::default()),
    }
    .context("building the template")?;
    std::fs::write(&args.out, bytes).with_context(|| format!("writing {}", args.out.display()))?;
    println!("wrote {}", args.out.display());
    Ok(())
}
