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
    for path in written.reference_files() {
        outln!("wrote {} for the demo returns", path.display())?;
    }
    outln!(
        "wrote {} into {}\nnext: `jobtally run` (or open `jobtally`) to read them",
        written.counts(),
        ws.inbox().display()
    )?;
    Ok(())
}
