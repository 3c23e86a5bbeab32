//! `jobtally status`: workspace health at a glance.

use anyhow::Result;

use crate::store::{self, Store};
use crate::watch::scan::scan_inbox;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace) -> Result<()> {
    let store = Store::open(&ws.state_db())?;
    let (accepted, rejected, duplicate) = store::files::counts(store.conn())?;
    let scan = scan_inbox(&ws.inbox())?;
    println!("workspace: {}", ws.root.display());
    println!(
        "files: {} seen, {accepted} accepted, {rejected} rejected, {duplicate} duplicate",
        accepted + rejected + duplicate
    );
    println!(
        "inbox: {} waiting, {} ignored",
        scan.candidates.len(),
        scan.ignored.len()
    );
    match store::runs::last(store.conn())? {
        Some(r) => println!(
            "last run: #{} {} at {} ({} ms, {} services){}",
            r.id,
            r.status,
            r.finished_at.as_deref().unwrap_or(&r.started_at),
            r.duration_ms.unwrap_or(0),
            r.counts.services,
            r.error.map(|e| format!(" - {e}")).unwrap_or_default()
        ),
        None => println!("last run: none yet"),
    }
    match crate::results::current_run_id(ws) {
        Some(id) => println!("results: run-{id}"),
        None => println!("results: none yet"),
    }
    match ws.lock_holder() {
        Some(pid) => println!("daemon: running (PID {pid})"),
        None => println!("daemon: not running"),
    }
    Ok(())
}
