//! A figure explained: its words, the reference data it is held against,
//! and the returns behind it.

use std::fmt::Write as _;

use polars::prelude::*;

use super::{Meaning, Sources, Subject, format_value, registry, sources};
use crate::ingest::ReturnKind;

/// One service behind (or left out of) a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Behind {
    pub service_key: String,
    /// "site · service · year".
    pub who: String,
    /// Why it is left out (None: it is behind the figure).
    pub left_out: Option<String>,
}

/// What an explanation draws on besides the words: the services table,
/// the ledger's sources and the benchmark bands, each when there are any.
#[derive(Default)]
pub struct Evidence<'a> {
    pub services: Option<&'a DataFrame>,
    pub sources: Option<&'a Sources>,
    pub bands: &'a [crate::reference::Band],
}

/// The services of a subject, each with the reason it is left out of a
/// figure of `metric` in `table` (None: it is behind it). The sites
/// table's totals count every service a site returned, open errors or not;
/// every other figure leaves out services with an open error.
pub fn services_behind(
    services: &DataFrame,
    subject: &Subject,
    table: &str,
    metric: &str,
) -> PolarsResult<Vec<Behind>> {
    let text = |c: &str| -> PolarsResult<StringChunked> { Ok(services.column(c)?.str()?.clone()) };
    let (keys, names, sites, periods, primary) = (
        text("service_key")?,
        text("service_name")?,
        text("commissioner")?,
        text("period")?,
        text("primary_group")?,
    );
    let evidence = services.column("evidence_based")?.bool()?.clone();
    let in_period = |i: usize, p: &str| p == "all" || periods.get(i) == Some(p);
    let includes = |i: usize| match subject {
        Subject::Group { group, period } => {
            in_period(i, period)
                && match group.as_str() {
                    "all" => true,
                    "evidence_based" => evidence.get(i) == Some(true),
                    g => primary.get(i) == Some(g),
                }
        }
        Subject::Site { site, period } => in_period(i, period) && sites.get(i) == Some(site),
        Subject::Service(key) => keys.get(i) == Some(key),
    };
    let needs = needs(services, metric);
    let mut out = Vec::new();
    for i in (0..services.height()).filter(|&i| includes(i)) {
        let who = format!(
            "{} · {} · {}",
            sites.get(i).unwrap_or("?"),
            names.get(i).unwrap_or("?"),
            periods.get(i).unwrap_or("?")
        );
        let left_out = if table == "sites" {
            missing(services, i, &needs)?
        } else {
            left_out(services, i, &needs)?
        };
        out.push(Behind {
            service_key: keys.get(i).unwrap_or("?").to_string(),
            who,
            left_out,
        });
    }
    Ok(out)
}

/// Figures explained, one after another, about one subject: each in its
/// words, the reference data it is held against, then which returns are
/// behind it — for a service table, which services it used and which it
/// left out (and why), each with its file, when it was received and any
/// amendment; for one service, its value and its return; for another
/// kind's table, the files of that kind's returns (once for all its
/// figures).
pub fn explain(
    meanings: &[Meaning],
    evidence: &Evidence,
    subject: &Subject,
) -> PolarsResult<String> {
    let mut text = String::new();
    let mut listed = Vec::new();
    for meaning in meanings {
        explain_one(&mut text, meaning, evidence, subject, &mut listed)?;
        text.push('\n');
    }
    Ok(text)
}

/// One figure explained (see [`explain`]); `listed`: the kinds whose
/// returns are already listed.
fn explain_one(
    s: &mut String,
    meaning: &Meaning,
    evidence: &Evidence,
    subject: &Subject,
    listed: &mut Vec<ReturnKind>,
) -> PolarsResult<()> {
    let m = meaning.metric;
    let _ = writeln!(s, "{}", meaning.headline());
    let _ = writeln!(s, "  definition: {}", m.definition);
    let _ = writeln!(s, "  method:     {}", meaning.method);
    let _ = writeln!(s, "  rows:       {}", meaning.table.grain);
    let _ = writeln!(s, "  computed by {}", meaning.table.model);
    // What the money could buy is held against the cost-per-outcome bands.
    let banded = if meaning.table.name == "opportunity" {
        "cost_per_outcome"
    } else {
        m.key.as_str()
    };
    write_bands(s, evidence.bands, banded, subject);
    let kind = meaning.table.kind;
    if kind != ReturnKind::Service {
        match evidence.sources {
            // Figures of one kind share their returns: listed once.
            Some(_) if listed.contains(&kind) => {
                let _ = writeln!(s, "\nreturns behind it: as listed above");
            }
            Some(sources) => {
                write_files(s, sources, kind, subject);
                listed.push(kind);
            }
            None => {}
        }
        return Ok(());
    }
    let Some(services) = evidence.services else {
        return Ok(());
    };
    let heading = match subject {
        Subject::Group { group, period } if meaning.table.grouped => {
            format!("group {group}, year {period}")
        }
        Subject::Site { site, period } => format!("{site}, year {period}"),
        Subject::Service(key) => {
            service_source(s, services, key, &m.key)?;
            if let Some(sources) = evidence.sources {
                for line in sources.detail(key, &m.key) {
                    let _ = writeln!(s, "{line}");
                }
            }
            return Ok(());
        }
        Subject::Group { .. } => return Ok(()),
    };
    let behind = services_behind(services, subject, &meaning.table.name, &m.key)?;
    let used = behind.iter().filter(|b| b.left_out.is_none()).count();
    let _ = writeln!(
        s,
        "\n{heading}: n = {used} used, {} left out",
        behind.len() - used
    );
    let source = |b: &Behind| {
        evidence
            .sources
            .and_then(|src| src.brief(&b.service_key))
            .map_or_else(String::new, |x| format!("\n            from {x}"))
    };
    for b in behind.iter().filter(|b| b.left_out.is_none()) {
        let _ = writeln!(s, "  used      {}{}", b.who, source(b));
    }
    for b in &behind {
        if let Some(why) = &b.left_out {
            let _ = writeln!(s, "  left out  {} ({why}){}", b.who, source(b));
        }
    }
    Ok(())
}

/// The benchmark bands a figure is held against, for the subject's group.
fn write_bands(s: &mut String, bands: &[crate::reference::Band], metric: &str, subject: &Subject) {
    let group = match subject {
        Subject::Group { group, .. } => group.as_str(),
        _ => "all",
    };
    let unit = unit_of(metric);
    for b in bands
        .iter()
        .filter(|b| b.metric == metric && b.applies_to(group))
    {
        let (low, high) = (format_value(b.low, unit), format_value(b.high, unit));
        // Most labels already name their range.
        let range = if b.label.contains(&low) {
            String::new()
        } else {
            format!(" {low}–{high}")
        };
        let _ = writeln!(
            s,
            "  reference:  {}{range} ({}; benchmarks.toml)",
            b.label, b.source
        );
    }
}

/// The files of a kind's returns behind a table, for the subject's year
/// and site where the returns name them.
fn write_files(
    s: &mut String,
    sources: &Sources,
    kind: crate::ingest::ReturnKind,
    subject: &Subject,
) {
    let kind_name = crate::kinds::spec(kind).noun;
    let key = kind.as_str();
    let (period, site) = match subject {
        Subject::Group { period, .. } => (Some(period.as_str()), None),
        Subject::Site { site, period } => (Some(period.as_str()), Some(site.as_str())),
        Subject::Service(_) => (None, None),
    };
    let period = period.filter(|p| *p != "all");
    let mut files = sources.files_of(key, period, site);
    let mut scope = match (site, period) {
        (Some(site), Some(p)) => format!(" about {site} in {p}"),
        (Some(site), None) => format!(" about {site}"),
        (None, Some(p)) => format!(" in {p}"),
        (None, None) => String::new(),
    };
    if files.is_empty() && (site.is_some() || period.is_some()) {
        // The returns do not name the row's site or year as the table
        // does (a survey names its authorities in a list): all of them.
        files = sources.files_of(key, None, None);
        scope = " (all of them: none names this row's site or year as the table does)".into();
    }
    let n: usize = files.iter().map(|f| f.returns).sum();
    let _ = writeln!(
        s,
        "\nreturns behind it: {n} {kind_name}{scope}, in {} file(s)",
        files.len()
    );
    for f in &files {
        let amended = if f.amended > 0 {
            format!(", {} amended", f.amended)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {} · received {} · {} of them{amended}",
            crate::format::sanitise(&f.file),
            sources::when(&f.received_at),
            f.returns
        );
    }
}

/// One service's value and where it comes from.
fn service_source(
    s: &mut String,
    services: &DataFrame,
    key: &str,
    metric: &str,
) -> PolarsResult<()> {
    let keys = services.column("service_key")?.str()?.clone();
    let Some(i) = (0..keys.len()).find(|&i| keys.get(i) == Some(key)) else {
        let _ = writeln!(s, "\nno current return for {key}");
        return Ok(());
    };
    let text = |c: &str| -> PolarsResult<String> {
        Ok(services.column(c)?.str()?.get(i).unwrap_or("?").to_string())
    };
    let _ = writeln!(
        s,
        "\nthis service: {} · {} · {}",
        text("commissioner")?,
        text("service_name")?,
        text("period")?
    );
    if let Ok(value) = services.column(metric) {
        let value = value.cast(&DataType::Float64)?;
        let _ = writeln!(
            s,
            "  value:       {}",
            format_value(value.f64()?.get(i), unit_of(metric))
        );
    }
    let _ = writeln!(
        s,
        "  from:        {} (the current return, amendments applied)",
        text("source_file")?
    );
    if let Some(why) = left_out(services, i, &[])? {
        let _ = writeln!(s, "  group figures: {why}");
    }
    Ok(())
}

/// A figure's unit, for writing its value ("number" when unknown).
fn unit_of(metric: &str) -> &'static str {
    registry()
        .ok()
        .and_then(|f| f.metric(metric))
        .map_or("number", |m| m.unit.as_str())
}

/// Why a service is not behind a group's figure, if it is not.
fn left_out(services: &DataFrame, i: usize, needs: &[&str]) -> PolarsResult<Option<String>> {
    if let Ok(c) = services.column("excluded")
        && c.bool()?.get(i) == Some(true)
    {
        return Ok(Some("left out: an open error in the queue".into()));
    }
    missing(services, i, needs)
}

/// The first figure a service lacks for a figure that needs `needs`.
fn missing(services: &DataFrame, i: usize, needs: &[&str]) -> PolarsResult<Option<String>> {
    for need in needs {
        let value = services.column(need)?.cast(&DataType::Float64)?;
        if value.f64()?.get(i).is_none() {
            let what = registry()
                .ok()
                .and_then(|f| f.metric(need))
                .map_or_else(|| crate::format::label(need), |m| m.label.clone());
            return Ok(Some(format!("no {what}")));
        }
    }
    Ok(None)
}

/// The services' columns a figure of `metric` needs a value in.
fn needs<'a>(services: &DataFrame, metric: &'a str) -> Vec<&'a str> {
    match metric {
        "spend"
        | "outcomes"
        | "benchmark_cost"
        | "outcomes_at_benchmark"
        | "extra_outcomes"
        | "saving"
        | "standing" => vec!["total_cost", "outcomes_total"],
        m if services.column(m).is_ok() => vec![m],
        _ => Vec::new(),
    }
}
