//! What every figure of the service tables means, and which services are
//! behind it. The words come from `config/figures.toml` (compiled in);
//! `jobtally explain`, an export's Notes sheet and `docs/figures.md` are
//! all written from it, so they cannot disagree.

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::Deserialize;

mod anomaly;
mod explain;
mod sources;

pub use anomaly::explain_anomaly;
pub use explain::{Behind, Evidence, explain, services_behind};
pub use sources::{FileShare, Sources};

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
    /// The kind of return the table is made from.
    #[serde(default)]
    pub kind: crate::ingest::ReturnKind,
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
    /// The one table where the key means this (a key such as `gap` means
    /// something else in another table); none: every table.
    #[serde(default)]
    pub table: Option<String>,
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

    /// A key's meaning in any table (the unscoped definition).
    fn metric(&self, key: &str) -> Option<&MetricDef> {
        self.metric
            .iter()
            .find(|m| m.key == key && m.table.is_none())
    }

    /// A key's meaning in one table: its own definition there, else the
    /// unscoped one.
    fn metric_in(&self, table: &str, key: &str) -> Option<&MetricDef> {
        self.metric
            .iter()
            .find(|m| m.key == key && m.table.as_deref() == Some(table))
            .or_else(|| self.metric(key))
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
        if let Some(m) = self.metric_in(table, column) {
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
                let m = self.metric_in(table, column.strip_prefix(&p.prefix)?)?;
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
        "percent" => format::pct1(v),
        "count" => v.map_or("–".into(), format::number),
        _ => v.map_or("–".into(), |x| format!("{x:.2}")),
    }
}

/// Whose figure is explained: a group's (summary, per100, opportunity),
/// one site's (or authority's), or one service's.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Group { group: String, period: String },
    Site { site: String, period: String },
    Service(String),
}

/// What `i` asks about: figures of one subject, each a table and column;
/// or an anomaly on the queue.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    Figures {
        figures: Vec<(String, String)>,
        subject: Subject,
    },
    Anomaly(i64),
}

impl Question {
    /// Columns of one table, about one subject.
    pub fn columns(table: &str, columns: &[&str], subject: Subject) -> Question {
        Question::Figures {
            figures: columns
                .iter()
                .map(|c| (table.to_string(), c.to_string()))
                .collect(),
            subject,
        }
    }

    /// The heading of its answer.
    pub fn title(&self) -> String {
        match self {
            Question::Figures { figures, .. } => {
                let mut tables: Vec<&str> = figures.iter().map(|(t, _)| t.as_str()).collect();
                tables.dedup();
                format!("where {} figures come from", tables.join(", "))
            }
            Question::Anomaly(id) => format!("where anomaly {id} comes from"),
        }
    }
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
    out.push_str(
        "\n## Figures\n\n| column | in | figure | definition | unit |\n|---|---|---|---|---|\n",
    );
    for m in &f.metric {
        let scope = m
            .table
            .as_ref()
            .map_or_else(|| "any table".to_string(), |t| format!("`{t}`"));
        let _ = writeln!(
            out,
            "| `{}` | {scope} | {} | {} | {} |",
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
