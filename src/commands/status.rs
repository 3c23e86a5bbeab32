//! `jobtally status`: workspace health at a glance.

use anyhow::Result;

use super::UserError;
use crate::cli::StatusArgs;

use crate::store::{self, Store};
use crate::watch::scan::scan_inbox;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, args: &StatusArgs) -> Result<()> {
    let store = crate::store::identity::open(ws)?;
    let (accepted, rejected, duplicate) = store::files::counts(store.conn())?;
    let scan = scan_inbox(&ws.inbox())?;
    outln!("workspace: {}", ws.root.display())?;
    outln!(
        "files: {} seen, {accepted} accepted, {rejected} rejected, {duplicate} duplicate",
        accepted + rejected + duplicate
    )?;
    outln!(
        "inbox: {} waiting, {} ignored",
        scan.candidates.len(),
        scan.ignored.len()
    )?;
    let holder = ws.lock_holder();
    match store::runs::last(store.conn())? {
        // Nobody holds the workspace, so nobody is running it.
        Some(r) if r.status == "running" && holder.is_none() => outln!(
            "last run: #{} interrupted at {} (the process stopped mid-run; the next run finishes its work)",
            r.id,
            r.started_at
        )?,
        Some(r) => outln!(
            "last run: #{} {} at {} ({} ms, {} services){}",
            r.id,
            r.status,
            r.finished_at.as_deref().unwrap_or(&r.started_at),
            r.duration_ms.unwrap_or(0),
            r.counts.services,
            r.error.map(|e| format!(" - {e}")).unwrap_or_default()
        )?,
        None => outln!("last run: none yet")?,
    }
    match crate::results::current_run_id(ws) {
        Some(id) => outln!("results: run-{id}")?,
        None => outln!("results: none yet")?,
    }
    match holder {
        Some(pid) => outln!("daemon: running (PID {pid})")?,
        None => outln!("daemon: not running")?,
    }
    if args.check {
        check(ws, &store)?;
    }
    if args.notes {
        notes(&store)?;
    }
    Ok(())
}

/// The current returns' notes, by file and then in the file's order.
fn notes(store: &Store) -> Result<()> {
    use crate::format::sanitise;
    use std::io::Write;
    let mut returns = store::returns::current(store.conn())?;
    returns.sort_by(|a, b| (&a.source_file, a.id).cmp(&(&b.source_file, b.id)));
    let total: usize = returns.iter().map(|r| r.data.notes.len()).sum();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "notes: {total} {} on the current returns",
        if total == 1 {
            "value noted"
        } else {
            "values noted"
        }
    )?;
    let mut file = None;
    for r in returns.iter().filter(|r| !r.data.notes.is_empty()) {
        if file != Some(&r.source_file) {
            writeln!(out, "{}", sanitise(&r.source_file))?;
            file = Some(&r.source_file);
        }
        let title = crate::kinds::Named::title(&*r.data).unwrap_or_default();
        for n in &r.data.notes {
            let field = n
                .field
                .as_deref()
                .map(|f| format!("{}: ", crate::format::label(f)))
                .unwrap_or_default();
            writeln!(
                out,
                "  {} · {} · {field}{} ({} {})",
                sanitise(&r.data.location),
                sanitise(&title),
                sanitise(&n.message),
                n.severity.as_str(),
                sanitise(&n.rule),
            )?;
        }
    }
    Ok(())
}

/// Every ledger row's file is where it was put, byte for byte.
fn check(ws: &Workspace, store: &Store) -> Result<()> {
    let files = store::files::recent(store.conn(), usize::MAX >> 1)?;
    let mut problems = 0;
    for f in &files {
        let path = ws.root.join(&f.dest_path);
        if !f.moved {
            outln!(
                "  waiting to be moved: {} -> {} (finished by the next run)",
                crate::format::sanitise(&f.name),
                f.dest_path
            )?;
            continue;
        }
        match crate::watch::mover::sha256_file(&path) {
            Ok(sha) if sha == f.sha256 => {}
            Ok(_) => {
                problems += 1;
                outln!(
                    "  PROBLEM: {} does not match its recorded SHA-256 {}",
                    f.dest_path,
                    &f.sha256[..12]
                )?;
            }
            Err(e) => {
                problems += 1;
                outln!("  PROBLEM: {} is missing ({e})", f.dest_path)?;
            }
        }
    }
    if problems > 0 {
        return Err(UserError(format!(
            "{problems} of {} files are missing or changed; restore them from a backup of {}",
            files.len(),
            ws.archive().display()
        ))
        .into());
    }
    outln!(
        "check: {} files checked, all present and intact",
        files.len()
    )?;
    Ok(())
}
