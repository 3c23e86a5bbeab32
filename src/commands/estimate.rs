//! `jobtally estimate --budget 250000 [--group mh] [--site NAME]`.

use anyhow::Result;

use super::UserError;
use crate::cli::EstimateArgs;
use crate::estimate::{EstimateError, estimate};
use crate::reference::Reference;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &EstimateArgs) -> Result<()> {
    let services = crate::results::read_table(ws, "services")?;
    let reference = Reference::load(Some(&ws.root))?;
    let e = estimate(
        &services,
        &reference,
        args.budget,
        args.group.as_deref(),
        args.site.as_deref(),
        args.period.as_deref(),
    )
    .map_err(|e| match e {
        EstimateError::Polars(_) => anyhow::Error::from(e),
        other => UserError(other.to_string()).into(),
    })?;
    out!("{}", e.describe())?;
    Ok(())
}
