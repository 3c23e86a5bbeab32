//! `jobtally run`: one pass over the inbox, then a summary.

use anyhow::{Context, Result};

use crate::cli::RunArgs;
use crate::config::Config;
use crate::format::sanitise;
use crate::ingest::ReturnKind;
use crate::intake::{Intake, RunSummary};
use crate::kinds::KINDS;
use crate::store::FileOutcome;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, config: &Config, args: &RunArgs) -> Result<()> {
    let _lock = super::lock(ws)?;
    let summary = Intake::new(ws, config)
        .run_once()
        .with_context(|| format!("processing the inbox of {}", ws.root.display()))?;
    if args.verbose {
        out!("{}", render_report(&summary))?;
    }
    out!("{}", render_summary(ws, &summary))?;
    Ok(())
}

/// The ingest report: per file, what had to be interpreted or was not read.
pub fn render_report(s: &RunSummary) -> String {
    let mut out = String::new();
    for f in &s.fates {
        out.push_str(&format!(
            "{} [{}, sha256 {}]\n",
            sanitise(&f.name),
            f.outcome.as_str(),
            &f.sha256[..12]
        ));
        if let Some(reason) = &f.reason {
            out.push_str(&format!("    {}\n", sanitise(reason)));
        }
        for line in &f.report {
            out.push_str(&format!("    {}\n", sanitise(line)));
        }
        for (location, note) in &f.note_lines {
            out.push_str(&format!("    {}: {}\n", sanitise(location), sanitise(note)));
        }
    }
    out
}

pub fn render_summary(ws: &Workspace, s: &RunSummary) -> String {
    let mut out = format!("inbox: {}\n", ws.inbox().display());
    files_section(&mut out, s);
    tallies(&mut out, s);
    match s.run_id {
        Some(id) => out.push_str(&format!("results: {}/run-{id}\n", ws.results().display())),
        None => out.push_str("results: unchanged (nothing new in the inbox)\n"),
    }
    out.push_str(&format!("time: {:.3} s\n", s.elapsed.as_secs_f64()));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "file" } else { "files" }
}

/// What became of the files: accepted (with what was read of each kind),
/// rejected (and where the reason is), duplicate, ignored, left or stuck.
fn files_section(out: &mut String, s: &RunSummary) {
    let accepted = s.count(FileOutcome::Accepted);
    let rejected = s.count(FileOutcome::Rejected);
    let duplicate = s.count(FileOutcome::Duplicate);
    let read: Vec<String> = KINDS
        .iter()
        .filter_map(|spec| {
            let n: usize = s.fates.iter().map(|f| f.returns.get(spec.kind)).sum();
            (n > 0 || spec.kind == ReturnKind::PRIMARY).then(|| format!("{n} {}", spec.noun))
        })
        .collect();
    out.push_str(&format!(
        "  {accepted} {} accepted ({} read)\n",
        plural(accepted),
        read.join(", ")
    ));
    out.push_str(&format!("  {rejected} {} rejected\n", plural(rejected)));
    for f in s
        .fates
        .iter()
        .filter(|f| f.outcome == FileOutcome::Rejected)
    {
        out.push_str(&format!(
            "      {}: {}\n        -> {}.error.txt says what to do\n",
            sanitise(&f.name),
            sanitise(f.reason.as_deref().unwrap_or("")),
            f.dest
        ));
    }
    out.push_str(&format!(
        "  {duplicate} {} duplicate (identical to a file already received)\n",
        plural(duplicate)
    ));
    out.push_str(&format!(
        "  {} {} ignored\n",
        s.ignored.len(),
        plural(s.ignored.len())
    ));
    for i in &s.ignored {
        out.push_str(&format!("      {}: {}\n", sanitise(&i.name), i.why));
    }
    left_behind(out, s);
}

/// Files changed while read, moves finished for an interrupted run, files
/// that could not be removed, and how many values were doubtful.
fn left_behind(out: &mut String, s: &RunSummary) {
    let changed: Vec<String> = s
        .fates
        .iter()
        .filter(|f| f.changed_meanwhile)
        .map(|f| sanitise(&f.name))
        .collect();
    if !changed.is_empty() {
        out.push_str(&format!(
            "  changed while being read (left in the inbox for the next run): {}\n",
            changed.join(", ")
        ));
    }
    if s.recovered > 0 {
        out.push_str(&format!(
            "  {} file moves finished from an interrupted run\n",
            s.recovered
        ));
    }
    if !s.stuck.is_empty() {
        let names: Vec<String> = s.stuck.iter().map(|n| sanitise(n)).collect();
        out.push_str(&format!(
            "  archived, but jobtally may not delete them from the inbox (remove them by hand; they are not taken again): {}\n",
            names.join(", ")
        ));
    }
    let notes: usize = s.fates.iter().map(|f| f.notes).sum();
    if notes > 0 {
        out.push_str(&format!(
            "  {notes} {} noted as interpreted or doubtful (`jobtally queue --all` lists them; those to follow up are in `jobtally queue`)\n",
            if notes == 1 { "value" } else { "values" }
        ));
    }
}

/// The current returns of each kind (the primary kind always, with how
/// many a resubmission replaced).
fn tallies(out: &mut String, s: &RunSummary) {
    for spec in &KINDS {
        let n = s.current.get(spec.kind);
        if spec.kind == ReturnKind::PRIMARY {
            let replaced = if s.superseded > 0 {
                format!(" ({} replaced by a resubmission)", s.superseded)
            } else {
                String::new()
            };
            out.push_str(&format!("{}: {n}{replaced}\n", spec.tally));
        } else if n > 0 {
            out.push_str(&format!("{}: {n}\n", spec.tally));
        }
    }
}
