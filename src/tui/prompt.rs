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
    AmendValue { id: i64, field: String },
    AmendNote { id: i64, field: String, value: f64 },
}

impl Prompt {
    pub fn label(&self) -> String {
        match &self.kind {
            PromptKind::Note(id) => format!("note on anomaly {id}"),
            PromptKind::Budget => "budget (£)".into(),
            PromptKind::AmendField(id) => format!("amend anomaly {id}: field"),
            PromptKind::AmendValue { field, .. } => format!("correct {field}"),
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
