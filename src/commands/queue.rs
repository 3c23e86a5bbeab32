//! `jobtally queue`: the follow-up queue from the command line.

use anyhow::Result;

use super::UserError;
use crate::cli::{ListFormat, QueueArgs, QueueCommand};
use crate::config::Config;
use crate::ingest::Severity;
use crate::ops::{self, Anomaly, OpsError, QueueChange, Status, is_figure, operator, parse_figure};
use crate::reference::authority_key;
use crate::workspace::Workspace;

pub fn run(ws: &Workspace, config: &Config, args: &QueueArgs) -> Result<()> {
    match &args.command {
        None => list(ws, args),
        Some(QueueCommand::Show { id }) => {
            let sheet = ops::call_sheet(ws, *id).map_err(users_or_context)?;
            out!("{sheet}")?;
            Ok(())
        }
        Some(QueueCommand::Set {
            id,
            status,
            note,
            assignee,
            operator: who,
        }) => {
            let status = match status {
                Some(s) => Some(Status::parse(s).ok_or_else(|| {
                    UserError(format!(
                        "unknown status \"{s}\": use open, contacted, awaiting_data, resolved_confirmed, resolved_corrected or dismissed"
                    ))
                })?),
                None => None,
            };
            if status.is_none() && note.is_none() && assignee.is_none() {
                return Err(UserError(
                    "say what to change: --status, --note and/or --assignee".into(),
                )
                .into());
            }
            let who = named_operator(ws, who.as_deref(), config)?;
            let change = QueueChange {
                status,
                assignee: assignee.clone(),
                note: note.clone(),
            };
            let a = ops::update_anomaly(ws, *id, &who, &change).map_err(users_or_context)?;
            outln!("anomaly {} is {} ({})", a.id, a.status.as_str(), who)?;
            republish(ws, config)?;
            Ok(())
        }
        Some(QueueCommand::Amend {
            id,
            field,
            value,
            note,
            operator: who,
        }) => {
            let who = named_operator(ws, who.as_deref(), config)?;
            amend(ws, *id, field, value, note, &who)?;
            republish(ws, config)?;
            Ok(())
        }
    }
}

/// Who is making a change: never nobody.
fn named_operator(ws: &Workspace, explicit: Option<&str>, config: &Config) -> Result<String> {
    operator(explicit, config).ok_or_else(|| {
        UserError(format!(
            "who is making this change? Give --as \"Your Name\", or put operator = \"Your Name\" in {} (`jobtally ui` asks once and keeps it there)",
            ws.root.join("jobtally.toml").display()
        ))
        .into()
    })
}

/// A mistake the user can put right is said as such (exit 1, no
/// backtrace of causes); anything else keeps its context.
fn users_or_context(e: OpsError) -> anyhow::Error {
    if e.is_users_to_fix() {
        anyhow::Error::from(UserError(e.to_string()))
    } else {
        anyhow::Error::from(e)
    }
}

fn list(ws: &Workspace, args: &QueueArgs) -> Result<()> {
    let wanted: Box<dyn Fn(Status) -> bool> = match args.status.as_str() {
        "all" => Box::new(|_| true),
        "active" => Box::new(Status::is_active),
        s => {
            let st =
                Status::parse(s).ok_or_else(|| UserError(format!("unknown status \"{s}\"")))?;
            Box::new(move |x| x == st)
        }
    };
    let site = args.site.as_deref().map(authority_key);
    let rows: Vec<Anomaly> = ops::anomalies(ws)?
        .into_iter()
        .filter(|a| wanted(a.status))
        .filter(|a| match args.severity {
            Some(s) => a.severity == s,
            // The calls to make, unless every note is asked for.
            None => args.all || a.severity != Severity::Info,
        })
        .filter(|a| {
            site.as_ref()
                .is_none_or(|k| authority_key(a.commissioner.as_deref().unwrap_or("")) == *k)
        })
        .collect();
    let mut out = std::io::stdout().lock();
    use std::io::Write;
    match args.format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = rows.iter().map(row_json).collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&items)?)?;
        }
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(CSV_COLUMNS)?;
            for a in &rows {
                let j = row_json(a);
                let rec: Vec<String> = CSV_COLUMNS
                    .iter()
                    .map(|c| match &j[*c] {
                        serde_json::Value::String(s) => crate::export::neutralise(s).into_owned(),
                        serde_json::Value::Null => String::new(),
                        v => v.to_string(),
                    })
                    .collect();
                w.write_record(&rec)?;
            }
            w.flush()?;
        }
        ListFormat::Table => {
            writeln!(
                out,
                "{:>5}  {:<7}  {:<13}  {:>8}  {:<52}  question",
                "id", "sev", "status", "priority", "service"
            )?;
            for a in &rows {
                let service = format!(
                    "{} / {} / {}",
                    a.commissioner.as_deref().unwrap_or("?"),
                    a.service_name.as_deref().unwrap_or("?"),
                    a.period.as_deref().unwrap_or("?")
                );
                writeln!(
                    out,
                    "{:>5}  {:<7}  {:<13}  {:>8.0}  {:<52}  {}",
                    a.id,
                    a.severity,
                    a.status.as_str(),
                    a.priority,
                    clip(&service, 52),
                    clip(&crate::kinds::labels::readable(&a.message), 100)
                )?;
            }
            let noun = if rows.len() == 1 {
                "anomaly"
            } else {
                "anomalies"
            };
            writeln!(out, "{} {noun}", rows.len())?;
        }
    }
    Ok(())
}

/// The `jobtally queue --format csv` columns (DESIGN.md).
const CSV_COLUMNS: [&str; 14] = [
    "id",
    "rule",
    "severity",
    "status",
    "commissioner",
    "service_name",
    "period",
    "field",
    "values",
    "message",
    "priority",
    "assignee",
    "created",
    "updated",
];

fn row_json(a: &Anomaly) -> serde_json::Value {
    serde_json::json!({
        "id": a.id,
        "rule": a.rule,
        "severity": a.severity,
        "status": a.status.as_str(),
        "commissioner": a.commissioner,
        "service_name": a.service_name,
        "period": a.period,
        "field": a.field,
        "values": a.values,
        "message": a.message,
        "priority": a.priority,
        "assignee": a.assignee,
        "created": a.created,
        "updated": a.updated,
    })
}

fn clip(s: &str, n: usize) -> String {
    crate::format::clip(&crate::format::sanitise(s), n)
}

fn amend(ws: &Workspace, id: i64, field: &str, value: &str, note: &str, who: &str) -> Result<()> {
    if !is_figure(field) {
        return Err(UserError(format!(
            "\"{field}\" is not a figure of the return (e.g. total_cost, people_total, outcomes_ld)"
        ))
        .into());
    }
    let new_value = parse_figure(field, value)
        .ok_or_else(|| UserError(format!("\"{value}\" is not a valid figure for {field}")))?;
    let done = ops::amend(ws, id, field, new_value, note, who).map_err(|e| {
        if e.is_users_to_fix() {
            users_or_context(e)
        } else {
            anyhow::Error::from(e).context("recording the amendment")
        }
    })?;
    outln!(
        "amended {} of {} from {} to {} ({who}); the return in archive/ is unchanged",
        crate::kinds::labels::label_or_words(field),
        done.service_name.as_deref().unwrap_or("?"),
        done.old.describe(),
        crate::format::number(done.new)
    )?;
    Ok(())
}

/// Bring results up to date now, unless a daemon owns the workspace (it
/// notices the change itself within a second or two).
fn republish(ws: &Workspace, config: &Config) -> std::io::Result<()> {
    match ops::republish(ws, config) {
        Ok(Some(s)) if s.run_id.is_some() => {
            outln!("results updated (run-{})", s.run_id.unwrap_or_default())?
        }
        Ok(Some(_)) => {}
        Ok(None) => outln!("the running jobtally will update the results")?,
        Err(e) => eprintln!("jobtally: results not updated yet: {e}"),
    }
    Ok(())
}
