//! The service return's field schema, loaded from the embedded
//! `config/kinds/service.toml`: field keys and kinds, split definitions, and every
//! wording (question text, alias, category header) the readers accept.
//!
//! Everything here is immutable once built; the readers only look things up.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::text::{find_wording, normalise, normalise_label};

const FIELDS_TOML: &str = include_str!("../../config/kinds/service.toml");

/// How a field's cell is interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    Text,
    Money,
    Count,
    Tick,
    Period,
}

/// Which part of the form a label or split belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Cost,
    People,
    Outcomes,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchema {
    values: ValueWords,
    field: Vec<RawField>,
    split: Vec<RawSplit>,
    category: Vec<RawCategory>,
    section: Vec<RawSection>,
}

/// The words that carry meaning in a cell regardless of field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueWords {
    pub not_known: Vec<String>,
    pub ticked: Vec<String>,
    pub not_ticked: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    key: String,
    kind: FieldKind,
    question: String,
    #[serde(default)]
    aliases: Vec<String>,
    section: Option<Section>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSplit {
    name: String,
    section: Section,
    set: String,
    parent: String,
    prefix: String,
    question: String,
    #[serde(default)]
    core: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    set: String,
    key: String,
    label: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    name: Section,
    headings: Vec<String>,
}

/// One field of the return, scalar or a split category.
#[derive(Debug, Clone)]
pub struct FieldDef {
    pub key: String,
    pub kind: FieldKind,
    /// The template's question wording (column B of layout A).
    pub question: String,
    /// For split categories: index into [`Schema::splits`].
    pub split: Option<usize>,
    /// Scalar totals open a section of the study form.
    pub section: Option<Section>,
}

/// A split: the categories of one set that break down a parent total.
#[derive(Debug, Clone)]
pub struct SplitDef {
    pub name: String,
    pub section: Section,
    pub set: String,
    pub parent: String,
    /// Field keys of the categories, in form order.
    pub fields: Vec<String>,
    /// The category keys of the set, parallel to `fields`.
    pub categories: Vec<String>,
    /// Core splits are the ones the metrics use.
    pub core: bool,
}

#[derive(Debug)]
pub struct Schema {
    pub values: ValueWords,
    pub fields: Vec<FieldDef>,
    pub splits: Vec<SplitDef>,
    by_key: HashMap<String, usize>,
    /// normalised wording -> field index (scalar questions and aliases,
    /// full split questions, the keys themselves).
    by_label: HashMap<String, usize>,
    /// normalised category header -> (set, category key suffix).
    categories: HashMap<String, Vec<(String, String)>>,
    sections: HashMap<String, Section>,
}

/// A schema compiled into jobtally that does not parse. The files are
/// compiled in and every one is parsed by the tests, so this is a defect of
/// the build: it is reported as an error, never a panic, and `main` checks
/// for it before doing anything else.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "the schema compiled in from {file} does not parse ({message}): this build of jobtally is broken; reinstall it"
)]
pub struct EmbeddedSchemaError {
    pub file: &'static str,
    pub message: String,
}

impl EmbeddedSchemaError {
    pub(crate) fn new(file: &'static str, error: &toml::de::Error) -> EmbeddedSchemaError {
        EmbeddedSchemaError {
            file,
            message: error.message().to_string(),
        }
    }
}

const SERVICE_FILE: &str = "config/kinds/service.toml";

static BUILTIN: LazyLock<Schema> = LazyLock::new(|| {
    Schema::parse(FIELDS_TOML).unwrap_or_else(|e| {
        // Unreachable in a build that passed its tests; `main` refuses to
        // start on it (see `check_embedded`). Recognising nothing is the
        // safe way to carry on for a library caller that did not check.
        tracing::error!("{}", EmbeddedSchemaError::new(SERVICE_FILE, &e));
        Schema::empty()
    })
});

impl Schema {
    /// The schema compiled into jobtally.
    pub fn builtin() -> &'static Schema {
        &BUILTIN
    }

    /// The compiled-in schema parsed afresh: its error, if it has one.
    pub fn check_embedded() -> Result<(), EmbeddedSchemaError> {
        Schema::parse(FIELDS_TOML)
            .map(drop)
            .map_err(|e| EmbeddedSchemaError::new(SERVICE_FILE, &e))
    }

    /// A schema with no fields: it recognises nothing.
    fn empty() -> Schema {
        Schema {
            values: ValueWords::default(),
            fields: Vec::new(),
            splits: Vec::new(),
            by_key: HashMap::new(),
            by_label: HashMap::new(),
            categories: HashMap::new(),
            sections: HashMap::new(),
        }
    }

    pub fn parse(text: &str) -> Result<Schema, toml::de::Error> {
        let raw: RawSchema = toml::from_str(text)?;
        let mut fields = Vec::new();
        // (wording, field index): canonical questions first, aliases after,
        // so an alias never takes a wording that is some field's question.
        let mut aliases: Vec<(String, usize)> = Vec::new();
        let mut by_label = HashMap::new();
        for f in &raw.field {
            let idx = fields.len();
            fields.push(FieldDef {
                key: f.key.clone(),
                kind: f.kind,
                question: f.question.clone(),
                split: None,
                section: f.section,
            });
            by_label.entry(normalise_label(&f.question)).or_insert(idx);
            aliases.extend(f.aliases.iter().map(|a| (normalise_label(a), idx)));
        }
        let mut categories: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for c in &raw.category {
            for w in std::iter::once(&c.label).chain(&c.aliases) {
                let entry = categories.entry(normalise(w)).or_default();
                let item = (c.set.clone(), c.key.clone());
                if !entry.contains(&item) {
                    entry.push(item);
                }
            }
        }
        let mut splits = Vec::new();
        for (si, s) in raw.split.iter().enumerate() {
            let mut keys = Vec::new();
            let mut cats = Vec::new();
            for c in raw.category.iter().filter(|c| c.set == s.set) {
                cats.push(c.key.clone());
                let key = format!("{}{}", s.prefix, c.key);
                let kind = if s.section == Section::Cost {
                    FieldKind::Money
                } else {
                    FieldKind::Count
                };
                let idx = fields.len();
                let question = format!("{} - {}", s.question, c.label);
                by_label.entry(normalise_label(&question)).or_insert(idx);
                aliases.extend(
                    c.aliases
                        .iter()
                        .map(|a| (normalise_label(&format!("{} - {}", s.question, a)), idx)),
                );
                fields.push(FieldDef {
                    key: key.clone(),
                    kind,
                    question,
                    split: Some(si),
                    section: None,
                });
                keys.push(key);
            }
            splits.push(SplitDef {
                name: s.name.clone(),
                section: s.section,
                set: s.set.clone(),
                parent: s.parent.clone(),
                fields: keys,
                categories: cats,
                core: s.core,
            });
        }
        let mut by_key = HashMap::new();
        for (i, f) in fields.iter().enumerate() {
            by_key.insert(f.key.clone(), i);
            // A header may be the key itself ("people_total") in any case.
            by_label.entry(normalise_label(&f.key)).or_insert(i);
        }
        for (wording, i) in aliases {
            by_label.entry(wording).or_insert(i);
        }
        let mut sections = HashMap::new();
        for s in &raw.section {
            for h in &s.headings {
                sections.insert(normalise(h), s.name);
            }
        }
        Ok(Schema {
            values: raw.values,
            fields,
            splits,
            by_key,
            by_label,
            categories,
            sections,
        })
    }

    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.by_key.get(key).map(|&i| &self.fields[i])
    }

    /// The field a key cell names exactly (layout A column A, layout C header).
    pub fn field_by_key(&self, cell: &str) -> Option<&FieldDef> {
        self.field(cell.trim().to_ascii_lowercase().as_str())
    }

    /// The field a label or header names, by any accepted wording.
    ///
    /// Exact match on the normalised text first; then the longest known
    /// wording of three or more words that the label starts with, since
    /// local copies of the form often add a note after the question.
    pub fn field_by_label(&self, label: &str) -> Option<&FieldDef> {
        super::text::find_numbered(label, |l| find_wording(&self.by_label, &normalise_label(l)))
            .map(|i| &self.fields[i])
    }

    /// The (set, category) pairs a header cell may name.
    pub fn categories_of(&self, header: &str) -> &[(String, String)] {
        self.categories
            .get(&normalise(header))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn section_heading(&self, text: &str) -> Option<Section> {
        let n = normalise(text);
        // Headings are often numbered ("4. About the people ...").
        let n = n.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        self.sections.get(n).copied()
    }

    /// The split of a category set found in a given section: the one of that
    /// section, else the only split of that set.
    pub fn split_for(&self, set: &str, section: Section) -> Option<usize> {
        let of_set: Vec<usize> = (0..self.splits.len())
            .filter(|&i| self.splits[i].set == set)
            .collect();
        of_set
            .iter()
            .copied()
            .find(|&i| self.splits[i].section == section)
            .or(if of_set.len() == 1 {
                Some(of_set[0])
            } else {
                None
            })
    }

    /// The field key of a category within a split.
    pub fn split_field(&self, split: usize, category: &str) -> Option<&str> {
        let s = &self.splits[split];
        s.categories
            .iter()
            .position(|c| c == category)
            .map(|i| s.fields[i].as_str())
    }

    /// Keys of the fields in template order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|f| f.key.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_schema_parses() {
        let s = Schema::parse(FIELDS_TOML).expect("parses");
        assert!(s.field("people_ld").is_some());
        assert!(s.field("outcomes_support_gt40").is_some());
        assert!(s.field("cost_staff").is_some());
        assert_eq!(
            s.field("people_ld").map(|f| f.question.as_str()),
            Some("People who received support - Learning Disability")
        );
    }

    #[test]
    fn every_template_question_names_its_own_field() {
        let s = Schema::builtin();
        for f in &s.fields {
            assert_eq!(
                s.field_by_label(&f.question).map(|g| g.key.as_str()),
                Some(f.key.as_str()),
                "question {:?}",
                f.question
            );
            assert_eq!(
                s.field_by_key(&f.key).map(|g| g.key.as_str()),
                Some(f.key.as_str())
            );
        }
    }

    #[test]
    fn labels_match_after_normalising() {
        let s = Schema::builtin();
        let k = |l: &str| s.field_by_label(l).map(|f| f.key.clone());
        assert_eq!(k("Name of service:"), Some("service_name".into()));
        assert_eq!(
            k("Overall number who received support in 2011-12 or 2012-13"),
            Some("people_total".into())
        );
        assert_eq!(
            k("Overall number who received support in 2012/13"),
            Some("people_total".into())
        );
        assert_eq!(
            k("Please state which year data /activity relates to: 2011/12 or 2012/13"),
            Some("period".into())
        );
        assert_eq!(
            k("Total Amount that this service costed to run in 2011-12"),
            Some("total_cost".into())
        );
        assert_eq!(k("PEOPLE_TOTAL"), Some("people_total".into()));
        assert_eq!(k("something else entirely"), None);
    }

    #[test]
    fn categories_resolve_by_any_wording() {
        let s = Schema::builtin();
        let has = |h: &str, set: &str, key: &str| {
            s.categories_of(h).iter().any(|(a, b)| a == set && b == key)
        };
        assert!(has("Homeless-ness", "client_group", "homeless"));
        assert!(has(
            "Physical / Sensory",
            "client_group",
            "physical_sensory"
        ));
        assert!(has("<7 hours", "support_level", "support_lt7"));
        assert!(has("7-40hrs/wk", "support_level", "support_7_40"));
        assert!(has(">40h", "support_level", "support_gt40"));
        assert!(has("self-employed", "outcome_type", "self_employed"));
    }
}
