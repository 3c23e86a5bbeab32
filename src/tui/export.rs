//! What `e` exports: the screen's own data with typed values a
//! spreadsheet can add up — a grid's rows in view (figures as numbers, not
//! "£84,200" or "14 %"), or the results tables a chart or summary screen
//! draws, narrowed to the year and group in view.

use polars::prelude::*;

use std::path::Path;

use super::app::{Action, Activity, App};
use super::prompt::{Prompt, PromptKind};
use super::screens::Screen;
use super::widgets::grid::{Grid, SortKey};

/// What to export, decided on the UI thread and written on a worker.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportSource {
    /// A grid's rows in view, as a table.
    Rows(DataFrame),
    /// Results tables, narrowed to a year (`None`: all) and a group.
    Tables {
        names: &'static [&'static str],
        period: Option<String>,
        group: String,
    },
}

/// The results tables each chart or summary screen draws.
pub fn tables_of(screen: Screen) -> &'static [&'static str] {
    match screen {
        Screen::Overview => &["summary"],
        Screen::Per100 => &["per100", "per100_segments"],
        Screen::Compare => &["services", "benchmarks"],
        Screen::Areas => &["spend_need", "rate_gap", "provider_map"],
        Screen::Collection => &["collection_status"],
        Screen::Cohort => &["cohort_outcomes", "cohort_profile"],
        _ => &[],
    }
}

impl App {
    /// `e`: a grid's rows in view; the one table a screen draws; or, where
    /// it draws several, the question which (one, or all in a workbook).
    pub(super) fn export_screen(&mut self) -> Option<Action> {
        if let Some(grid) = self.grid() {
            return match grid_frame(grid) {
                Ok(df) => Some(Action::Export {
                    name: self.export_name(),
                    source: ExportSource::Rows(df),
                }),
                Err(e) => {
                    self.activity = Activity::Failed(format!("cannot export this view: {e}"));
                    None
                }
            };
        }
        match tables_of(self.screen) {
            [] => None,
            [_] => self.export_tables(tables_of(self.screen)),
            several => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::ExportWhich(several),
                    input: String::new(),
                    error: None,
                });
                None
            }
        }
    }

    /// What an export of the screen is called: "per100", "services".
    fn export_name(&self) -> String {
        self.screen.title().to_lowercase().replace(' ', "")
    }

    /// Export results tables of the screen in view, narrowed to its year
    /// and group: one is a CSV named after it, several one workbook.
    pub(super) fn export_tables(&mut self, names: &'static [&'static str]) -> Option<Action> {
        let screen = self.export_name();
        let name = match names {
            [one] if tables_of(self.screen).len() > 1 => format!("{screen}-{one}"),
            _ => screen,
        };
        Some(Action::Export {
            name,
            source: ExportSource::Tables {
                names,
                period: self.period.clone(),
                group: self.group().to_string(),
            },
        })
    }
}

/// A grid's rows in view as a table: a column whose values are all
/// figures is a number column (blank when missing), others are text.
pub fn grid_frame(grid: &Grid) -> PolarsResult<DataFrame> {
    let rows: Vec<&super::widgets::grid::GridRow> = grid.visible_rows().collect();
    let mut columns = Vec::with_capacity(grid.columns.len());
    let mut used = std::collections::HashSet::new();
    for (c, col) in grid.columns.iter().enumerate() {
        let mut title = if col.title.trim().is_empty() {
            format!("column {}", c + 1)
        } else {
            col.title.trim().to_string()
        };
        while !used.insert(title.clone()) {
            title.push('_');
        }
        let keys: Vec<Option<&SortKey>> = rows.iter().map(|r| r.sort.get(c)).collect();
        let numeric = !keys.is_empty() && keys.iter().all(|k| matches!(k, Some(SortKey::Num(_))));
        let column = if numeric {
            let values: Vec<Option<f64>> = keys
                .iter()
                .map(|k| match k {
                    Some(SortKey::Num(v)) => *v,
                    _ => None,
                })
                .collect();
            Column::new(title.as_str().into(), values)
        } else {
            let values: Vec<Option<String>> = rows
                .iter()
                .map(|r| match r.sort.get(c) {
                    Some(SortKey::Text(t)) => Some(t.clone()),
                    Some(SortKey::Num(v)) => v.map(crate::format::number),
                    None => r.cells.get(c).cloned(),
                })
                .collect();
            Column::new(title.as_str().into(), values)
        };
        columns.push(column);
    }
    DataFrame::new(rows.len(), columns)
}

/// A results table narrowed to the year and group in view, where it has
/// those columns.
pub fn narrowed(df: DataFrame, period: Option<&str>, group: &str) -> PolarsResult<DataFrame> {
    let mut lf = df.lazy();
    let names: Vec<String> = lf
        .collect_schema()?
        .iter_names()
        .map(|n| n.to_string())
        .collect();
    if let Some(p) = period
        && names.iter().any(|n| n == "period")
    {
        lf = lf.filter(col("period").eq(lit(p.to_string())));
    }
    if names.iter().any(|n| n == "group") {
        lf = lf.filter(col("group").eq(lit(group.to_string())));
    } else if group == "evidence_based" && names.iter().any(|n| n == "evidence_based") {
        lf = lf.filter(col("evidence_based"));
    } else if group != "all" && names.iter().any(|n| n == "primary_group") {
        lf = lf.filter(col("primary_group").eq(lit(group.to_string())));
    }
    lf.collect()
}

/// Write an export on a worker: the tables (read and narrowed if asked
/// for), then one CSV or one workbook; the message says where and how many
/// rows.
pub fn write(
    ws: &crate::workspace::Workspace,
    name: &str,
    source: ExportSource,
) -> Result<String, crate::ops::OpsError> {
    let tables: Vec<(String, DataFrame)> = match source {
        ExportSource::Rows(df) => vec![(name.to_string(), df)],
        ExportSource::Tables {
            names,
            period,
            group,
        } => names
            .iter()
            .filter_map(|n| crate::ops::results_table(ws, n).ok().map(|df| (n, df)))
            .map(|(n, df)| {
                narrowed(df, period.as_deref(), &group)
                    .map(|df| (n.to_string(), df))
                    .map_err(|source| crate::ops::OpsError::ExportTable {
                        place: Path::new(n).to_path_buf(),
                        source,
                    })
            })
            .collect::<Result<_, _>>()?,
    };
    if tables.is_empty() {
        return Ok("nothing to export on this screen yet".to_string());
    }
    let rows: usize = tables.iter().map(|(_, df)| df.height()).sum();
    let path = crate::ops::export_view(ws, name, &tables)?;
    Ok(format!("exported {rows} rows to {}", path.display()))
}
