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

/// The services of `group` in `period` ("all": every year), each with the
/// reason it is left out of a figure of `metric` (None: it is behind it).
pub fn services_behind(
    services: &DataFrame,
    group: &str,
    period: &str,
    metric: &str,
) -> PolarsResult<Vec<(String, Option<String>)>> {
    let text = |c: &str| -> PolarsResult<StringChunked> { Ok(services.column(c)?.str()?.clone()) };
    let (names, sites, periods, primary) = (
        text("service_name")?,
        text("commissioner")?,
        text("period")?,
        text("primary_group")?,
    );
    let evidence = services.column("evidence_based")?.bool()?.clone();
    let needs = needs(services, metric);
    let mut out = Vec::new();
    for i in 0..services.height() {
        let in_group = match group {
            "all" => true,
            "evidence_based" => evidence.get(i) == Some(true),
            g => primary.get(i) == Some(g),
        };
        if !in_group || (period != "all" && periods.get(i) != Some(period)) {
            continue;
        }
        let who = format!(
            "{} · {} · {}",
            sites.get(i).unwrap_or("?"),
            names.get(i).unwrap_or("?"),
            periods.get(i).unwrap_or("?")
        );
        out.push((who, left_out(services, i, &needs)?));
    }
    Ok(out)
}

/// A figure explained: its words, then (for a group's figure, given the
/// services table) exactly which services it used and which it left out.
pub fn explain(
    meaning: &Meaning,
    services: Option<&DataFrame>,
    group: &str,
    period: &str,
) -> PolarsResult<String> {
    let mut s = String::new();
    let m = meaning.metric;
    let _ = writeln!(s, "{}", meaning.headline());
    let _ = writeln!(s, "  definition: {}", m.definition);
    let _ = writeln!(s, "  method:     {}", meaning.method);
    let _ = writeln!(s, "  rows:       {}", meaning.table.grain);
    let _ = writeln!(s, "  computed by {}", meaning.table.model);
    let Some(services) = services.filter(|_| meaning.table.grouped) else {
        return Ok(s);
    };
    let behind = services_behind(services, group, period, &m.key)?;
    let used: Vec<&String> = behind
        .iter()
        .filter(|(_, why)| why.is_none())
        .map(|(w, _)| w)
        .collect();
    let _ = writeln!(
        s,
        "\ngroup {group}, year {period}: n = {} used, {} left out",
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
