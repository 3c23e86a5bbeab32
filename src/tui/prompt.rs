//! The one-line input at the foot of the screen: what it asks for, and
//! what an answer becomes (an [`Action`], or the question again with what
//! was wrong).

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{Action, App};
use super::keys;

/// A one-line text input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    Note(i64),
    Budget,
    AmendField(i64),
    AmendValue {
        id: i64,
        field: String,
    },
    AmendNote {
        id: i64,
        field: String,
        value: f64,
    },
    /// Who is working the queue, asked once and kept in the workspace.
    Operator,
    /// Taking an anomaly someone else is working on: y or n.
    TakeOver {
        id: i64,
        from: String,
    },
    /// Which of a screen's tables `e` exports: a number, or `a` for all.
    ExportWhich(&'static [&'static str]),
}

impl Prompt {
    pub fn label(&self) -> String {
        match &self.kind {
            PromptKind::Note(id) => format!("note on anomaly {id}"),
            PromptKind::Budget => "budget (£)".into(),
            PromptKind::AmendField(id) => format!("amend anomaly {id}: field"),
            PromptKind::AmendValue { field, .. } => format!("correct {field}"),
            PromptKind::Operator => {
                "your name, for the queue's history (kept in this workspace's jobtally.toml)".into()
            }
            PromptKind::TakeOver { id, from } => {
                format!("anomaly {id} is {from}'s: take it over? y / n")
            }
            PromptKind::ExportWhich(tables) => {
                let choices: Vec<String> = tables
                    .iter()
                    .enumerate()
                    .map(|(i, t)| format!("{} {}", i + 1, crate::format::label(t)))
                    .collect();
                format!(
                    "export which table? {} · a all (one workbook) · Esc none",
                    choices.join(" · ")
                )
            }
            PromptKind::AmendNote { field, value, .. } => {
                format!(
                    "why is {field} {}? (what the site said)",
                    crate::ingest::cells::format_number(*value)
                )
            }
        }
    }
}

impl App {
    /// A change to the queue when nobody knows who is making it: kept
    /// back while the operator's name is asked for (once: it is kept in
    /// the workspace). Anything else passes.
    pub fn ask_operator_first(&mut self, action: Action) -> Option<Action> {
        if !action.needs_operator() || self.operator.is_some() {
            return Some(action);
        }
        self.pending = Some(action);
        self.prompt = Some(Prompt {
            kind: PromptKind::Operator,
            input: String::new(),
            error: None,
        });
        None
    }

    pub(super) fn prompt_key(&mut self, key: KeyEvent) -> Option<Action> {
        let prompt = self.prompt.as_mut()?;
        match key.code {
            KeyCode::Esc => {
                self.prompt = None;
                None
            }
            KeyCode::Backspace => {
                prompt.input.pop();
                None
            }
            // A yes-or-no question is answered by one key.
            KeyCode::Char(c) if matches!(prompt.kind, PromptKind::TakeOver { .. }) => {
                let id = match &prompt.kind {
                    PromptKind::TakeOver { id, .. } => *id,
                    _ => return None,
                };
                self.prompt = None;
                matches!(c, 'y' | 'Y').then_some(Action::AssignMe { id })
            }
            KeyCode::Char(c) if matches!(prompt.kind, PromptKind::ExportWhich(_)) => {
                let PromptKind::ExportWhich(tables) = prompt.kind else {
                    return None;
                };
                let chosen = match c {
                    'a' | 'A' => Some(tables),
                    _ => c
                        .to_digit(10)
                        .and_then(|d| (d as usize).checked_sub(1))
                        .and_then(|i| tables.get(i))
                        .map(std::slice::from_ref),
                };
                match chosen {
                    Some(names) => {
                        self.prompt = None;
                        self.export_tables(names)
                    }
                    None => {
                        prompt.error = Some(format!("{c} is none of these"));
                        None
                    }
                }
            }
            KeyCode::Char(c) => {
                prompt.input.push(c);
                prompt.error = None;
                None
            }
            KeyCode::Enter => self.submit_prompt(),
            _ => None,
        }
    }

    fn submit_prompt(&mut self) -> Option<Action> {
        let prompt = self.prompt.take()?;
        let input = prompt.input.trim().to_string();
        let again = |app: &mut App, kind: PromptKind, input: String, error: &str| {
            app.prompt = Some(Prompt {
                kind,
                input,
                error: Some(error.to_string()),
            });
            None
        };
        match prompt.kind {
            PromptKind::Note(id) if !input.is_empty() => Some(Action::Note { id, text: input }),
            PromptKind::Note(_) => None,
            PromptKind::Operator if !input.is_empty() => Some(Action::SetOperator(input)),
            PromptKind::Operator => again(
                self,
                PromptKind::Operator,
                input,
                "a name is needed: changes to the queue say who made them",
            ),
            PromptKind::TakeOver { .. } | PromptKind::ExportWhich(_) => None,
            PromptKind::Budget => match keys::parse_amount(&input) {
                Some(v) if v > 0.0 => {
                    self.budget = v;
                    None
                }
                _ => again(
                    self,
                    PromptKind::Budget,
                    input,
                    "a positive amount, e.g. 250000 or £250k",
                ),
            },
            PromptKind::AmendField(id) => {
                if keys::is_figure(&input) {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::AmendValue { id, field: input },
                        input: String::new(),
                        error: None,
                    });
                    None
                } else {
                    again(
                        self,
                        PromptKind::AmendField(id),
                        input,
                        "a figure of the return, e.g. outcomes_total, people_ld, total_cost",
                    )
                }
            }
            PromptKind::AmendValue { id, field } => match keys::parse_figure(&field, &input) {
                Some(value) => {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::AmendNote { id, field, value },
                        input: String::new(),
                        error: None,
                    });
                    None
                }
                None => again(
                    self,
                    PromptKind::AmendValue { id, field },
                    input,
                    "not a valid figure for this field",
                ),
            },
            PromptKind::AmendNote { id, field, value } => {
                if input.is_empty() {
                    again(
                        self,
                        PromptKind::AmendNote { id, field, value },
                        input,
                        "say why: what the site told you",
                    )
                } else {
                    Some(Action::Amend {
                        id,
                        field,
                        value,
                        note: input,
                    })
                }
            }
        }
    }
}

impl Action {
    /// A change to the queue, which must say who made it.
    pub fn needs_operator(&self) -> bool {
        matches!(
            self,
            Action::SetStatus { .. }
                | Action::Note { .. }
                | Action::AssignMe { .. }
                | Action::Amend { .. }
        )
    }
}
