//! `jobtally rebuild`: a new state.db from archive/, the old one kept.

use anyhow::{Context, Result};

use crate::config::Config;
use crate::intake;
use crate::store::FileOutcome;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, config: &Config) -> Result<()> {
    let _lock = super::lock(ws)?;
    let done = intake::rebuild(ws, config)
        .with_context(|| format!("rebuilding the state database of {}", ws.root.display()))?;
    out!("{}", render(&done))?;
    Ok(())
}

fn render(done: &intake::Rebuilt) -> String {
    let mut out = String::new();
    match &done.kept_at {
        Some(p) => out.push_str(&format!("old state database kept at {}\n", p.display())),
        None => out.push_str("there was no state database; a new one was made\n"),
    }
    if let Some(why) = &done.not_carried {
        out.push_str(&format!(
            "nothing carried over from the old state database ({why}): the queue starts afresh and amendments must be made again\n"
        ));
    } else if done.kept_at.is_some() {
        out.push_str(&format!(
            "carried over: {} queue rows with their history, {} amendments\n",
            done.anomalies, done.amendments
        ));
    }
    let r = &done.run;
    out.push_str(&format!(
        "read again from archive/: {} files ({} accepted, {} rejected, {} duplicate), {} returns current, in {:.1} s\n",
        r.fates.len(),
        r.count(FileOutcome::Accepted),
        r.count(FileOutcome::Rejected),
        r.count(FileOutcome::Duplicate),
        r.current.total(),
        r.elapsed.as_secs_f64()
    ));
    out.push_str("files in rejected/ stay there and are not in the new ledger\n");
    out
}
