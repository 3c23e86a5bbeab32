//! The schema of a coded return kind, loaded from its embedded TOML file:
//! field keys and kinds, coded answers, grids of money, and every wording
//! the readers accept. Two kinds use it: the commissioner survey
//! (`config/kinds/commissioner.toml`) and provider contract returns
//! (`config/kinds/provider_contract.toml`).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::ingest::schema::EmbeddedSchemaError;
use crate::ingest::text::{find_wording, normalise};

const SURVEY_TOML: &str = include_str!("../../config/kinds/commissioner.toml");
const CONTRACT_TOML: &str = include_str!("../../config/kinds/provider_contract.toml");
const PERSON_TOML: &str = include_str!("../../config/kinds/person.toml");

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

const SURVEY_FILE: &str = "config/kinds/commissioner.toml";
const CONTRACT_FILE: &str = "config/kinds/provider_contract.toml";
const PERSON_FILE: &str = "config/kinds/person.toml";

fn embedded(file: &'static str, text: &str) -> FormSchema {
    FormSchema::parse(text).unwrap_or_else(|e| {
        // Unreachable in a build that passed its tests; `main` refuses to
        // start on it (see `check_embedded`). Recognising nothing is the
        // safe way to carry on for a library caller that did not check.
        tracing::error!("{}", EmbeddedSchemaError::new(file, &e));
        FormSchema::empty()
    })
}

static SURVEY: LazyLock<FormSchema> = LazyLock::new(|| embedded(SURVEY_FILE, SURVEY_TOML));
static CONTRACT: LazyLock<FormSchema> = LazyLock::new(|| embedded(CONTRACT_FILE, CONTRACT_TOML));
static PERSON: LazyLock<FormSchema> = LazyLock::new(|| embedded(PERSON_FILE, PERSON_TOML));

impl FormSchema {
    /// Person-level case records.
    pub fn person() -> &'static FormSchema {
        &PERSON
    }

    /// The commissioner spend survey.
    pub fn commissioner() -> &'static FormSchema {
        &SURVEY
    }

    /// Provider contract-monitoring returns.
    pub fn provider_contract() -> &'static FormSchema {
        &CONTRACT
    }

    /// Every schema compiled in, parsed afresh: `main` calls this first,
    /// so a broken build says so at once with the file and the fault.
    pub fn check_embedded() -> Result<(), EmbeddedSchemaError> {
        crate::ingest::Schema::check_embedded()?;
        for (file, text) in [
            (SURVEY_FILE, SURVEY_TOML),
            (CONTRACT_FILE, CONTRACT_TOML),
            (PERSON_FILE, PERSON_TOML),
        ] {
            FormSchema::parse(text).map_err(|e| EmbeddedSchemaError::new(file, &e))?;
        }
        Ok(())
    }

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

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.key.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_schema_parses() {
        assert_eq!(
            FormSchema::check_embedded().map_err(|e| e.to_string()),
            Ok(())
        );
        let broken = FormSchema::parse("[[field]]\nkey = 1\n").map_err(|e| {
            crate::ingest::schema::EmbeddedSchemaError::new("config/kinds/x.toml", &e).to_string()
        });
        assert!(
            broken.is_err_and(|m| m.contains("config/kinds/x.toml") && m.contains("broken")),
            "a schema that does not parse is a typed error naming its file"
        );
    }

    #[test]
    fn builtin_survey_schema_parses() {
        let s = FormSchema::parse(SURVEY_TOML).expect("parses");
        assert!(s.field("spend_social_care_2010_11").is_some());
        assert!(s.field("breakdown_day_service_prep_combined").is_some());
        assert_eq!(
            s.fields.len(),
            s.keys().collect::<std::collections::HashSet<_>>().len()
        );
    }

    #[test]
    fn every_question_and_key_names_its_own_field() {
        let s = FormSchema::commissioner();
        for f in &s.fields {
            let by_q = s.field_by_label(&f.question).map(|g| g.key.as_str());
            assert_eq!(by_q, Some(f.key.as_str()), "question {:?}", f.question);
            let by_key = s.field_by_label(&f.key).map(|g| g.key.as_str());
            assert_eq!(by_key, Some(f.key.as_str()));
        }
    }

    #[test]
    fn contract_schema_parses_and_names_its_values() {
        let s = FormSchema::parse(CONTRACT_TOML).expect("parses");
        let k = |l: &str| s.field_by_label(l).map(|f| f.key.clone());
        assert_eq!(k("Borough"), Some("area".into()));
        assert_eq!(
            k("Stage offered - In-work support"),
            Some("stage_offered_in_work_support".into())
        );
        assert_eq!(k("Paid jobs"), Some("outcomes_paid_job".into()));
        assert_eq!(
            k("Jobs retained outcomes"),
            Some("outcomes_job_retained".into())
        );
        let group = s.field("client_group").expect("client_group");
        assert_eq!(group.code_of("CMH/SMI"), Some("cmh_or_smi"));
        assert_eq!(
            group.code_of("Severe and enduring mental illness"),
            Some("smi")
        );
        let funder = s.field("funder").expect("funder");
        assert_eq!(funder.code_of("NHS MH Commissioner funded"), Some("nhs_mh"));
    }

    #[test]
    fn person_schema_parses() {
        let s = FormSchema::parse(PERSON_TOML).expect("parses");
        assert_eq!(
            s.field_by_label("Participant ID").map(|f| f.key.as_str()),
            Some("person_id")
        );
        let eth = s.field("ethnicity").expect("ethnicity");
        assert_eq!(eth.code_of("Indian"), Some("asian_indian"));
        let needs = s.field("additional_needs").expect("needs");
        assert_eq!(
            needs.code_of("Physical Disability, frailty"),
            Some("physical_frailty")
        );
    }

    #[test]
    fn survey_tool_headers_match() {
        let s = FormSchema::commissioner();
        let k = |l: &str| s.field_by_label(l).map(|f| f.key.clone());
        assert_eq!(
            k("Social care - 2012/13"),
            Some("spend_social_care_2012_13".into())
        );
        assert_eq!(
            k("Table 1 - Health budget - Total amount spent in 2010-11"),
            Some("spend_health_2010_11".into())
        );
        assert_eq!(k("Paid work LD"), Some("breakdown_paid_work_ld".into()));
        assert_eq!(k("Authority Name:"), Some("authority".into()));
        assert_eq!(k("RespondentID"), Some("response_id".into()));
        let five = s.field("five_year").expect("field");
        assert_eq!(five.code_of("More than 5 yrs ago"), Some("more"));
        assert_eq!(five.code_of("LESS"), Some("less"));
        let used = s.field("pb_used").expect("field");
        assert_eq!(used.code_of("We don't know either way"), Some("dont_know"));
        assert_eq!(s.answer_box("☐ More rough estimates").len(), 3);
    }
}
