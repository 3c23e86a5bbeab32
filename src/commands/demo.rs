//! `jobtally demo`: realistic synthetic returns into the inbox.

use anyhow::Result;

use super::UserError;
use crate::cli::DemoArgs;
use crate::ops;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &DemoArgs) -> Result<()> {
    if args.services == 0 || args.services > 100_000 {
        return Err(UserError("--services takes a number from 1 to 100000".into()).into());
    }
    let written = ops::write_demo(ws, args.services, args.seed)?;
    for path in &written.reference_files {
        println!("wrote {} for the demo returns", path.display());
    }
    println!(
        "wrote {} demo service returns in {} files, {} commissioner survey responses in {} files, {} provider contract rows (the Tri-borough example) and {} person records (the Jobs First example) into {}\nnext: `jobtally run` (or open `jobtally`) to read them",
        written.services,
        written.service_files,
        written.responses,
        written.survey_files,
        written.contracts,
        written.people,
        ws.inbox().display()
    );
    Ok(())
}
