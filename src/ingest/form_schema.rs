//! The schema of a coded return kind, loaded from its embedded TOML file:
//! field keys and kinds, coded answers, grids of money, and every wording
//! the readers accept. Two kinds use it: the commissioner survey
//! (`config/kinds/commissioner.toml`) and provider contract returns
//! (`config/kinds/provider_contract.toml`).

use std::collections::HashMap;

use serde::Deserialize;

use crate::ingest::schema::EmbeddedSchemaError;
use crate::ingest::text::{find_wording, normalise};

/// How an answer is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerKind {
    Text,
    Money,
    /// 0-100; `45%`, `45` and (with a note) a spreadsheet's 0.45.
    Percent,
    Tick,
    /// One of a fixed list of coded answers.
    Choice,
    /// A whole number 1..=7, or blank when the factor does not apply.
    Rank,
    /// A whole number of people or outcomes.
    Count,
    /// A financial year, normalised to `YYYY/YY`.
    Period,
    /// A number, fractions allowed (hours a week, an age).
    Number,
    /// Several coded answers in one cell, separated by `;`.
    Multi,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub code: String,
    #[serde(default)]
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: String,
    kind: AnswerKind,
    question: String,
    /// Words a survey tool's longer header contains (whole words).
    #[serde(default)]
    stem: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    answers: Vec<Answer>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Axis {
    fn wordings(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.label).chain(&self.aliases)
    }
}

/// A table of money on the form: field keys are `<prefix>_<row>_<column>`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridDef {
    pub prefix: String,
    pub title: String,
    pub question: String,
    pub rows: Vec<Axis>,
    pub columns: Vec<Axis>,
}

impl GridDef {
    pub fn key(&self, row: &str, column: &str) -> String {
        format!("{}_{row}_{column}", self.prefix)
    }

    /// The row an axis label names, by any of its wordings.
    pub fn row_of(&self, label: &str) -> Option<&Axis> {
        find_axis(&self.rows, label)
    }

    pub fn column_of(&self, label: &str) -> Option<&Axis> {
        find_axis(&self.columns, label)
    }
}

fn find_axis<'a>(axes: &'a [Axis], label: &str) -> Option<&'a Axis> {
    let n = normalise(label).trim_end_matches(" £").to_string();
    axes.iter()
        .find(|a| a.wordings().any(|w| normalise(w) == n))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    field: Vec<RawField>,
    #[serde(default)]
    grid: Vec<GridDef>,
}

/// One question of the survey (grid cells included).
#[derive(Debug, Clone)]
pub struct FormField {
    pub key: String,
    pub kind: AnswerKind,
    pub question: String,
    /// Words a survey tool's longer header contains (normalised).
    pub stem: Option<String>,
    pub answers: Vec<Answer>,
}

impl FormField {
    /// The code an answer's wording stands for.
    pub fn code_of(&self, text: &str) -> Option<&str> {
        let n = normalise(text);
        self.answers
            .iter()
            .find(|a| normalise(&a.code) == n || a.words.iter().any(|w| normalise(w) == n))
            .map(|a| a.code.as_str())
    }
}

#[derive(Debug)]
pub struct FormSchema {
    pub fields: Vec<FormField>,
    pub grids: Vec<GridDef>,
    by_key: HashMap<String, usize>,
    by_label: HashMap<String, usize>,
}

/// A kind's schema as compiled in: its file (for messages) and its text.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    pub file: &'static str,
    pub text: &'static str,
}

impl Embedded {
    /// The schema, or a typed error naming its file.
    pub fn check(&self) -> Result<FormSchema, EmbeddedSchemaError> {
        FormSchema::parse(self.text).map_err(|e| EmbeddedSchemaError::new(self.file, &e))
    }

    /// The schema; one that does not parse recognises nothing.
    pub fn load(&self) -> FormSchema {
        self.check().unwrap_or_else(|e| {
            // Unreachable in a build that passed its tests; `main` refuses
            // to start on it (`kinds::check_embedded`). Recognising nothing
            // is the safe way on for a library caller that did not check.
            tracing::error!("{e}");
            FormSchema::empty()
        })
    }
}

impl FormSchema {
    /// A schema with no fields: it recognises nothing.
    fn empty() -> FormSchema {
        FormSchema {
            fields: Vec::new(),
            grids: Vec::new(),
            by_key: HashMap::new(),
            by_label: HashMap::new(),
        }
    }

    pub fn parse(text: &str) -> Result<FormSchema, toml::de::Error> {
        let raw: RawSchema = toml::from_str(text)?;
        let mut fields = Vec::new();
        let mut aliases: Vec<(String, usize)> = Vec::new();
        let mut by_label = HashMap::new();
        for f in raw.field {
            let idx = fields.len();
            by_label.entry(normalise(&f.question)).or_insert(idx);
            aliases.extend(f.aliases.iter().map(|a| (normalise(a), idx)));
            fields.push(FormField {
                key: f.key,
                kind: f.kind,
                question: f.question,
                stem: f.stem.map(|s| normalise(&s)),
                answers: f.answers,
            });
        }
        for g in &raw.grid {
            for row in &g.rows {
                for col in &g.columns {
                    let idx = fields.len();
                    let question = format!("{} - {} - {}", g.title, row.label, col.label);
                    by_label.entry(normalise(&question)).or_insert(idx);
                    for r in row.wordings() {
                        for c in col.wordings() {
                            for lead in ["", g.title.as_str(), g.question.as_str()] {
                                aliases.push((normalise(&format!("{lead} {r} {c}")), idx));
                            }
                        }
                    }
                    fields.push(FormField {
                        key: g.key(&row.key, &col.key),
                        kind: AnswerKind::Money,
                        question,
                        stem: None,
                        answers: Vec::new(),
                    });
                }
            }
        }
        let mut by_key = HashMap::new();
        for (i, f) in fields.iter().enumerate() {
            by_key.insert(f.key.clone(), i);
            by_label.entry(normalise(&f.key)).or_insert(i);
        }
        for (wording, i) in aliases {
            by_label.entry(wording).or_insert(i);
        }
        Ok(FormSchema {
            fields,
            grids: raw.grid,
            by_key,
            by_label,
        })
    }

    pub fn field(&self, key: &str) -> Option<&FormField> {
        self.by_key.get(key).map(|&i| &self.fields[i])
    }

    /// The field a header or label names, by key or any wording. Exact on
    /// the normalised text, then the longest wording of three or more words
    /// the label starts with (local copies add notes after a question).
    pub fn field_by_label(&self, label: &str) -> Option<&FormField> {
        let find = |label: &str| {
            self.by_key
                .get(label.trim().to_ascii_lowercase().as_str())
                .copied()
                .or_else(|| find_wording(&self.by_label, &normalise(label)))
        };
        // "Q7. Provider": the question number a survey tool adds.
        super::text::find_numbered(label, find).map(|i| &self.fields[i])
    }

    /// The choice field and code a tick-box label stands for, when the form
    /// prints each answer beside its own box ("☐ More rough estimates").
    /// Only answers that are printed wordings (not bare codes) count.
    pub fn answer_box(&self, label: &str) -> Vec<(&FormField, &str)> {
        let n = normalise(label.trim_start_matches(['☐', '☑', '☒', '□', '■']));
        if n.split(' ').count() < 2 {
            return Vec::new();
        }
        self.fields
            .iter()
            .filter(|f| f.kind == AnswerKind::Choice)
            .filter_map(|f| {
                f.answers
                    .iter()
                    .find(|a| a.words.first().is_some_and(|w| normalise(w) == n))
                    .map(|a| (f, a.code.as_str()))
            })
            .collect()
    }

    /// The field whose stem a header contains as whole words (digits,
    /// such as a question number or a year, dropped first); the longest
    /// stem wins.
    pub fn field_by_stem(&self, header: &str) -> Option<&FormField> {
        let text: String = normalise(header)
            .split(' ')
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        let padded = format!(" {text} ");
        self.fields
            .iter()
            .filter_map(|f| f.stem.as_deref().map(|s| (f, s)))
            .filter(|(_, s)| !s.is_empty() && padded.contains(&format!(" {s} ")))
            .max_by_key(|(_, s)| s.len())
            .map(|(f, _)| f)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.key.as_str())
    }
}
