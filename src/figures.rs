//! What every figure of the service tables means, and which services are
//! behind it. The words come from `config/figures.toml` (compiled in);
//! `jobtally explain`, an export's Notes sheet and `docs/figures.md` are
//! all written from it, so they cannot disagree.

use std::fmt::Write as _;
use std::sync::OnceLock;

use polars::prelude::*;
use serde::Deserialize;

const FIGURES_TOML: &str = include_str!("../config/figures.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    pub name: String,
    pub model: String,
    pub grain: String,
    pub method: String,
    /// Rows are groups × years, so "which services" has an answer.
    #[serde(default)]
    pub grouped: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixDef {
    pub prefix: String,
    pub method: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricDef {
    pub key: String,
    pub label: String,
    pub definition: String,
    pub unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    pub table: Vec<TableDef>,
    pub prefix: Vec<PrefixDef>,
    pub metric: Vec<MetricDef>,
}

#[derive(Debug, thiserror::Error)]
pub enum FiguresError {
    #[error("config/figures.toml (compiled in) is not valid: {0}")]
    Parse(String),
    #[error(
        "\"{0}\" is not a table jobtally explains; try services, sites, summary, per100, opportunity or benchmarks"
    )]
    Table(String),
    #[error("\"{column}\" is not a column of {table} that jobtally explains")]
    Column { table: String, column: String },
}

/// One column in words.
#[derive(Debug)]
pub struct Meaning<'a> {
    pub table: &'a TableDef,
    pub column: String,
    pub metric: &'a MetricDef,
    /// How the rows' values are made from the services' (the prefix's
    /// method, else the table's).
    pub method: &'a str,
}

impl Meaning<'_> {
    /// "cost per job outcome: unweighted mean of …".
    pub fn headline(&self) -> String {
        format!("{}.{}: {}", self.table.name, self.column, self.metric.label)
    }
}

/// The compiled-in registry.
pub fn registry() -> Result<&'static Figures, FiguresError> {
    static FIGURES: OnceLock<Result<Figures, String>> = OnceLock::new();
    FIGURES
        .get_or_init(|| toml::from_str(FIGURES_TOML).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| FiguresError::Parse(e.clone()))
}

impl Figures {
    pub fn table(&self, name: &str) -> Option<&TableDef> {
        self.table.iter().find(|t| t.name == name)
    }

    fn metric(&self, key: &str) -> Option<&MetricDef> {
        self.metric.iter().find(|m| m.key == key)
    }

    /// A column of a table in words: by its own name, else by a method
    /// prefix and a metric.
    pub fn meaning(&self, table: &str, column: &str) -> Result<Meaning<'_>, FiguresError> {
        let t = self
            .table(table)
            .ok_or_else(|| FiguresError::Table(table.to_string()))?;
        let not_found = || FiguresError::Column {
            table: table.to_string(),
            column: column.to_string(),
        };
        if let Some(m) = self.metric(column) {
            return Ok(Meaning {
                table: t,
                column: column.to_string(),
                metric: m,
                method: &t.method,
            });
        }
        self.prefix
            .iter()
            .find_map(|p| {
                let m = self.metric(column.strip_prefix(&p.prefix)?)?;
                Some(Meaning {
                    table: t,
                    column: column.to_string(),
                    metric: m,
                    method: &p.method,
                })
            })
            .ok_or_else(not_found)
    }
}

/// A value as the screens write it, by its unit ("–" when empty).
pub fn format_value(v: Option<f64>, unit: &str) -> String {
    use crate::format;
    match unit {
        "money" => format::money(v),
        "share" => format::pct(v),
        "count" => v.map_or("–".into(), format::number),
        _ => v.map_or("–".into(), |x| format!("{x:.2}")),
    }
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

/// Whose figure is explained: a group's (summary, per100, opportunity),
/// one site's, or one service's.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Group { group: String, period: String },
    Site { site: String, period: String },
    Service(String),
}

/// The services of a subject, each with the reason it is left out of a
/// figure of `metric` (None: it is behind it). A site's totals count every
/// service it returned, open errors or not.
pub fn services_behind(
    services: &DataFrame,
    subject: &Subject,
    metric: &str,
) -> PolarsResult<Vec<(String, Option<String>)>> {
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
        let why = match subject {
            Subject::Site { .. } => missing(services, i, &needs)?,
            _ => left_out(services, i, &needs)?,
        };
        out.push((who, why));
    }
    Ok(out)
}

/// A figure explained: its words, then which services it used and which it
/// left out (and why), given the services table; for one service, its
/// value and the return it comes from.
pub fn explain(
    meaning: &Meaning,
    services: Option<&DataFrame>,
    subject: &Subject,
) -> PolarsResult<String> {
    let mut s = String::new();
    let m = meaning.metric;
    let _ = writeln!(s, "{}", meaning.headline());
    let _ = writeln!(s, "  definition: {}", m.definition);
    let _ = writeln!(s, "  method:     {}", meaning.method);
    let _ = writeln!(s, "  rows:       {}", meaning.table.grain);
    let _ = writeln!(s, "  computed by {}", meaning.table.model);
    let Some(services) = services else {
        return Ok(s);
    };
    let (heading, list) = match subject {
        Subject::Group { group, period } if meaning.table.grouped => {
            (format!("group {group}, year {period}"), true)
        }
        Subject::Site { site, period } => (format!("{site}, year {period}"), true),
        Subject::Service(key) => {
            service_source(&mut s, services, key, &m.key)?;
            (String::new(), false)
        }
        Subject::Group { .. } => (String::new(), false),
    };
    if !list {
        return Ok(s);
    }
    let behind = services_behind(services, subject, &m.key)?;
    let used: Vec<&String> = behind
        .iter()
        .filter(|(_, why)| why.is_none())
        .map(|(w, _)| w)
        .collect();
    let _ = writeln!(
        s,
        "\n{heading}: n = {} used, {} left out",
        used.len(),
        behind.len() - used.len()
    );
    for who in &used {
        let _ = writeln!(s, "  used      {who}");
    }
    for (who, why) in &behind {
        if let Some(why) = why {
            let _ = writeln!(s, "  left out  {who} ({why})");
        }
    }
    Ok(s)
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
        let unit = registry()
            .ok()
            .and_then(|f| f.metric(metric))
            .map_or("number", |m| m.unit.as_str());
        let _ = writeln!(
            s,
            "  value:       {}",
            format_value(value.f64()?.get(i), unit)
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

/// `docs/figures.md` between its `figures:start` and `figures:end` marks.
pub fn markdown(f: &Figures) -> String {
    let mut out = String::from("## Tables\n\n| table | rows | how | model |\n|---|---|---|---|\n");
    for t in &f.table {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | `{}` |",
            t.name, t.grain, t.method, t.model
        );
    }
    out.push_str("\n## Methods (column prefixes)\n\n| prefix | method |\n|---|---|\n");
    for p in &f.prefix {
        let _ = writeln!(out, "| `{}` | {} |", p.prefix, p.method);
    }
    out.push_str("\n## Figures\n\n| column | figure | definition | unit |\n|---|---|---|---|\n");
    for m in &f.metric {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            m.key, m.label, m.definition, m.unit
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_or_by_prefix_and_metric() {
        let f = registry().expect("registry");
        let m = f.meaning("summary", "mean_cost_per_outcome").expect("mean");
        assert_eq!(m.metric.key, "cost_per_outcome");
        assert!(m.method.starts_with("unweighted mean"), "{}", m.method);
        let p = f.meaning("summary", "pooled_outcome_rate").expect("pooled");
        assert!(p.method.starts_with("pooled"));
        let own = f.meaning("services", "cost_per_person").expect("own");
        assert!(own.method.contains("own figure"));
        assert!(f.meaning("summary", "nonsense").is_err());
        assert!(f.meaning("nonsense", "n_services").is_err());
    }
}
