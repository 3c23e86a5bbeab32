//! `i`: where the figures in view come from. On a table, the current
//! column of the selected row (a service's value and its return; a site's
//! or an authority's services and returns); on a chart or summary screen,
//! the group's figures in view, each with exactly the services it used and
//! left out; on the queue, the check behind the anomaly; in the inbox, the
//! file's own record.

use crossterm::event::KeyCode;

use super::app::{Action, Activity, App};
use super::screens::Screen;
use super::widgets::grid::Column;
use crate::figures::{Question, Subject};

/// The figures a chart or summary screen shows, table by table.
fn screen_figures(screen: Screen) -> &'static [(&'static str, &'static [&'static str])] {
    match screen {
        Screen::Overview => &[(
            "summary",
            &[
                "mean_cost_per_person",
                "mean_outcome_rate",
                "mean_cost_per_outcome",
                "pooled_cost_per_outcome",
            ],
        )],
        Screen::Per100 => &[(
            "per100",
            &[
                "per100_new",
                "per100_retained",
                "per100_self_employed",
                "per100_no_outcome",
            ],
        )],
        // The scatter's points and axes, then what the money could buy.
        Screen::Compare => &[
            ("summary", &["mean_outcome_rate", "mean_cost_per_outcome"]),
            ("opportunity", &["extra_outcomes", "saving"]),
        ],
        Screen::Areas => &[
            (
                "spend_need",
                &["spend", "spend_per_head", "expected_share", "gap"],
            ),
            ("rate_gap", &["rate", "comparator_rate", "jobs_needed"]),
            ("provider_map", &["providers_offering", "gap"]),
        ],
        Screen::Collection => &[(
            "collection_status",
            &["expected", "received", "shortfall", "pct_of_expected"],
        )],
        Screen::Cohort => &[(
            "cohort_outcomes",
            &[
                "n_paired",
                "pct_paid_baseline",
                "pct_paid_follow_up",
                "pct_into_paid",
                "mean_hours",
                "pct_16h_plus",
            ],
        )],
        _ => &[],
    }
}

/// The results table a grid's rows come from.
fn grid_table(app: &App) -> Option<&'static str> {
    Some(match app.screen {
        Screen::Services => "services",
        Screen::Sites => "sites",
        Screen::Authorities => "authority_value",
        Screen::Budgets if app.pb_authority.is_some() => "pb_responses",
        Screen::Budgets => "pb_by_authority",
        _ => return None,
    })
}

impl App {
    pub(crate) fn provenance(&mut self, _: KeyCode) -> Option<Action> {
        match self.screen {
            Screen::Queue => {
                let id = self.queue.selected_row()?.id.parse().ok()?;
                return Some(Action::Explain(Question::Anomaly(id)));
            }
            // A file is its own provenance: its ledger record.
            Screen::Inbox => return self.show_file(),
            _ => {}
        }
        if let Some(table) = grid_table(self) {
            return self.grid_provenance(table);
        }
        // Tables of people and areas are not split by year or group.
        let subject = match self.screen {
            Screen::Collection | Screen::Cohort => Subject::Group {
                group: "all".into(),
                period: "all".into(),
            },
            _ => Subject::Group {
                group: self.group().to_string(),
                period: self.period_key().to_string(),
            },
        };
        let figures = screen_figures(self.screen)
            .iter()
            .flat_map(|(table, columns)| columns.iter().map(|c| (table.to_string(), c.to_string())))
            .collect();
        Some(Action::Explain(Question::Figures { figures, subject }))
    }

    /// A grid's current column of its selected row.
    fn grid_provenance(&mut self, table: &'static str) -> Option<Action> {
        let grid = self.grid()?;
        let row = grid.selected_row()?;
        let Some(column) = Column::current_key(grid) else {
            self.activity = Activity::Failed(
                "i tells where a figure comes from: move to a figure's column (← →)".into(),
            );
            return None;
        };
        let subject = match self.screen {
            Screen::Services => Subject::Service(row.id.clone()),
            // A provider's row: its own name, not the authorities it serves.
            Screen::Budgets if self.pb_authority.is_some() => Subject::Site {
                site: row.id.clone(),
                period: row.tags.period.clone(),
            },
            _ => Subject::Site {
                site: row.tags.site.clone(),
                period: row.tags.period.clone(),
            },
        };
        // A column from another table names it: `opportunity.extra_outcomes`.
        let (table, column) = column.split_once('.').unwrap_or((table, column));
        Some(Action::Explain(Question::columns(
            table,
            &[column],
            subject,
        )))
    }
}
