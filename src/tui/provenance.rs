//! `i`: where the figures in view come from. On a table, the current
//! column of the selected row (a service's value and its return; a site's
//! services); on a chart or summary screen, the group's figures in view,
//! each with exactly the services it used and left out.

use crossterm::event::KeyCode;

use super::app::{Action, Activity, App};
use super::screens::Screen;
use super::widgets::grid::Column;
use crate::figures::Subject;

impl App {
    pub(crate) fn provenance(&mut self, _: KeyCode) -> Option<Action> {
        let group = || Subject::Group {
            group: self.group().to_string(),
            period: self.period_key().to_string(),
        };
        let (table, columns, subject) = match self.screen {
            Screen::Services | Screen::Sites => {
                let grid = self.grid()?;
                let row = grid.selected_row()?;
                let Some(column) = Column::current_key(grid) else {
                    self.activity = Activity::Failed(
                        "i tells where a figure comes from: move to a figure's column (← →)".into(),
                    );
                    return None;
                };
                if self.screen == Screen::Services {
                    ("services", vec![column], Subject::Service(row.id.clone()))
                } else {
                    let subject = Subject::Site {
                        site: row.tags.site.clone(),
                        period: row.tags.period.clone(),
                    };
                    ("sites", vec![column], subject)
                }
            }
            Screen::Overview => (
                "summary",
                vec![
                    "mean_cost_per_person",
                    "mean_outcome_rate",
                    "mean_cost_per_outcome",
                    "pooled_cost_per_outcome",
                ],
                group(),
            ),
            Screen::Per100 => (
                "per100",
                vec!["per100_new", "per100_retained", "per100_self_employed"],
                group(),
            ),
            Screen::Compare => (
                "opportunity",
                vec!["extra_outcomes", "saving", "cost_per_outcome"],
                group(),
            ),
            _ => {
                self.activity = Activity::Failed(format!(
                    "i: the figures on {} are described in docs/returns.md",
                    self.screen.title()
                ));
                return None;
            }
        };
        Some(Action::Explain {
            table,
            columns,
            subject,
        })
    }
}
