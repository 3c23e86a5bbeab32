//! `jobtally demo`: realistic synthetic returns into the inbox.

use anyhow::{Context, Result};

use super::UserError;
use crate::cli::DemoArgs;
use crate::demo;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &DemoArgs) -> Result<()> {
    if args.services == 0 || args.services > 100_000 {
        return Err(UserError("--services takes a number from 1 to 100000".into()).into());
    }
    let services = demo::generate(args.services, args.seed);
    let written = demo::write(&ws.inbox(), &services, args.seed)
        .with_context(|| format!("writing demo returns into {}", ws.inbox().display()))?;
    if demo::write_register(&ws.root, &services)
        .context("writing the demo evidence-based register")?
    {
        println!(
            "wrote an evidence-based register for the demo services to {}",
            ws.root.join("reference/evidence_based.csv").display()
        );
    }
    let responses = demo::survey::generate(&services, args.seed);
    let (responses, survey_files) =
        demo::survey::write(&ws.inbox(), &responses).with_context(|| {
            format!(
                "writing demo survey responses into {}",
                ws.inbox().display()
            )
        })?;
    let (people, targets) = demo::write_people(&ws.root, &ws.inbox())
        .with_context(|| format!("writing demo person records into {}", ws.inbox().display()))?;
    if targets {
        println!(
            "wrote the collection targets for the demo person records to {}",
            ws.root.join("reference/expected.csv").display()
        );
    }
    let contracts = demo::write_contracts(&ws.inbox()).with_context(|| {
        format!(
            "writing demo contract returns into {}",
            ws.inbox().display()
        )
    })?;
    println!(
        "wrote {} demo service returns in {} files, {responses} commissioner survey responses in {survey_files} files, {contracts} provider contract rows (the Tri-borough example) and {people} person records (the Jobs First example) into {}\nnext: `jobtally run` (or open `jobtally`) to read them",
        written.services,
        written.files.len(),
        ws.inbox().display()
    );
    Ok(())
}
