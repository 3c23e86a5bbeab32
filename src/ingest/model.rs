//! What every reader produces: a [`Return`] with its values in their
//! read state, and the notes that say how each value had to be interpreted.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::cells::Cell;
use super::text::{normalise, slug};
use super::values::Value;

/// Which kind of return: what a file's rows are about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnKind {
    /// One employment-support service, one financial year.
    #[default]
    Service,
    /// One questionnaire returned by a commissioner (the spend survey).
    Commissioner,
    /// One provider x area x client group x funder x year of contract
    /// monitoring.
    ProviderContract,
    /// One pseudonymous person at one collection point.
    Person,
}

impl ReturnKind {
    pub const ALL: [ReturnKind; 4] = [
        ReturnKind::Service,
        ReturnKind::Commissioner,
        ReturnKind::ProviderContract,
        ReturnKind::Person,
    ];

    /// The kind a run's ledger row counts (`runs.services`).
    pub const PRIMARY: ReturnKind = ReturnKind::Service;

    fn index(self) -> usize {
        ReturnKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReturnKind::Service => "service",
            ReturnKind::Commissioner => "commissioner",
            ReturnKind::ProviderContract => "provider_contract",
            ReturnKind::Person => "person",
        }
    }
}

/// A count for each kind of return.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerKind([usize; ReturnKind::ALL.len()]);

impl PerKind {
    /// How many of each kind there are among `kinds`.
    pub fn of(kinds: impl IntoIterator<Item = ReturnKind>) -> PerKind {
        let mut out = PerKind::default();
        for k in kinds {
            out.0[k.index()] += 1;
        }
        out
    }

    pub fn get(&self, kind: ReturnKind) -> usize {
        self.0[kind.index()]
    }

    /// All kinds together.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

impl std::iter::Sum for PerKind {
    fn sum<I: Iterator<Item = PerKind>>(iter: I) -> PerKind {
        let mut out = PerKind::default();
        for p in iter {
            for (a, b) in out.0.iter_mut().zip(p.0) {
                *a += b;
            }
        }
        out
    }
}

/// Which of the accepted layouts a return was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// A: the jobtally template (`key | question | value`).
    Template,
    /// B: the study's own form, labels with answers to their right.
    StudyForm,
    /// C: a batch sheet, one row per service.
    Batch,
    /// The commissioner survey as an online survey tool exports it.
    SurveyBatch,
    /// The commissioner survey's paper form (`jobtally template --kind commissioner`).
    SurveyForm,
    /// Provider contract returns, one row per provider x area x group x funder x year.
    ContractBatch,
    /// Person-level records, one row per person per collection point.
    PersonBatch,
}

impl Layout {
    /// A form (one return laid out down a sheet) rather than a sheet of
    /// rows: its kind is scored on its labels, not on a header row.
    pub fn is_form(self) -> bool {
        matches!(
            self,
            Layout::Template | Layout::StudyForm | Layout::SurveyForm
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Template => "A (template)",
            Layout::StudyForm => "B (study form)",
            Layout::Batch => "C (batch sheet)",
            Layout::SurveyBatch => "survey export",
            Layout::SurveyForm => "survey form",
            Layout::ContractBatch => "contract batch",
            Layout::PersonBatch => "person records",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// `info`, `warning` or `error`, as stored and as the checks' files say.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim() {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the reader had to interpret or could not read, attached to
/// the return. These become `info`/`warning`/`error` anomalies in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub severity: Severity,
    pub rule: String,
    pub field: Option<String>,
    pub message: String,
    /// What the queue shows as the offending values, when not the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<String>,
}

impl Note {
    pub fn new(
        severity: Severity,
        rule: &str,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Note {
        Note {
            severity,
            rule: rule.to_string(),
            field: field.map(str::to_string),
            message: message.into(),
            values: None,
        }
    }
}

/// The cells a layout reader found, keyed by field, before interpretation.
/// A key is present when the layout has a place for that field, even if the
/// cell is blank: that is what makes a blank split cell a 0 and an absent
/// category (autism on the reduced form) missing.
#[derive(Debug, Clone, Default)]
pub struct RawReturn {
    /// Where in the file: "sheet 'Return'", "row 5".
    pub location: String,
    pub cells: BTreeMap<String, Cell>,
    /// Financial years named in the file's prompts ("... in 2012-13").
    pub prompt_periods: BTreeSet<String>,
    /// Columns of a batch sheet that are not fields, kept as `extra_*`.
    pub extras: BTreeMap<String, String>,
}

/// One return as read from a file: a service-year, or a commissioner's
/// survey response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Return {
    /// Absent in parse caches written before there was more than one kind.
    #[serde(default)]
    pub kind: ReturnKind,
    pub layout: Layout,
    pub location: String,
    pub values: BTreeMap<String, Value>,
    pub notes: Vec<Note>,
    pub extras: BTreeMap<String, String>,
}

static MISSING: Value = Value::Missing;

impl Return {
    pub fn value(&self, key: &str) -> &Value {
        self.values.get(key).unwrap_or(&MISSING)
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        self.value(key).number()
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.value(key).text()
    }

    /// The year of a service return or contract row; a person record's
    /// collection point.
    pub fn period(&self) -> Option<&str> {
        match self.kind {
            ReturnKind::Person => self.text("collection"),
            _ => self.text("period"),
        }
    }

    /// The identity: a later return with the same identity supersedes an
    /// earlier one. A service-year is (its council, normalised service
    /// name, period); a survey response is ("survey", its council, its
    /// response id, else its respondent and start time). A council is its
    /// authority code when the name resolves, however it is spelled
    /// ([`crate::reference::council_identity`]).
    pub fn identity(&self) -> (String, String, String) {
        match self.kind {
            ReturnKind::Service => (
                crate::reference::council_identity(self.text("commissioner").unwrap_or("")),
                normalise(self.text("service_name").unwrap_or("")),
                self.period().unwrap_or("").to_string(),
            ),
            ReturnKind::Commissioner => (
                "survey".to_string(),
                crate::reference::council_identity(self.text("authority").unwrap_or("")),
                self.response_label(),
            ),
            ReturnKind::ProviderContract => (
                "contract".to_string(),
                normalise(self.text("provider").unwrap_or("")),
                self.contract_label(),
            ),
            ReturnKind::Person => (
                "person".to_string(),
                // "London Borough of Newham" and "Newham" are one site.
                crate::reference::council_identity(self.text("site").unwrap_or("")),
                format!(
                    "{} {}",
                    self.person_id(),
                    self.text("collection").unwrap_or("")
                ),
            ),
        }
    }

    /// A person's pseudonymous id, compared upper-case.
    pub fn person_id(&self) -> String {
        self.text("person_id").unwrap_or("").trim().to_uppercase()
    }

    /// Area, client group, funder and year of a contract row.
    fn contract_label(&self) -> String {
        ["area", "client_group", "funder", "period"]
            .map(|k| normalise(self.text(k).unwrap_or("")))
            .join(" ")
    }

    /// What tells one survey response from another of the same authority.
    fn response_label(&self) -> String {
        match self.text("response_id") {
            Some(id) => normalise(id),
            None => normalise(&format!(
                "{} {}",
                self.text("respondent_name").unwrap_or(""),
                self.text("started_at").unwrap_or("")
            )),
        }
    }

    /// A readable stable key: `stockport-mbc/supported-employment/2012-13`,
    /// `survey/stockport-mbc/<response>` for a survey response,
    /// `contract/<provider>/<area-group-funder-year>` for a contract row.
    pub fn service_key(&self) -> String {
        let or_unknown = |s: String| {
            if s.is_empty() {
                "unknown".to_string()
            } else {
                s
            }
        };
        match self.kind {
            ReturnKind::Service => format!(
                "{}/{}/{}",
                or_unknown(slug(self.text("commissioner").unwrap_or(""))),
                or_unknown(slug(self.text("service_name").unwrap_or(""))),
                or_unknown(self.period().unwrap_or("").replace('/', "-")),
            ),
            ReturnKind::Commissioner => format!(
                "survey/{}/{}",
                or_unknown(slug(self.text("authority").unwrap_or(""))),
                or_unknown(slug(&self.response_label())),
            ),
            ReturnKind::ProviderContract => format!(
                "contract/{}/{}",
                or_unknown(slug(self.text("provider").unwrap_or(""))),
                or_unknown(slug(&self.contract_label())),
            ),
            ReturnKind::Person => format!(
                "person/{}/{}/{}",
                or_unknown(slug(self.text("site").unwrap_or(""))),
                or_unknown(slug(&self.person_id())),
                or_unknown(self.text("collection").unwrap_or("").to_string()),
            ),
        }
    }

    /// Who the return is from, for the queue: the commissioner of a
    /// service, the authority of a survey response.
    pub fn site_label(&self) -> Option<&str> {
        match self.kind {
            ReturnKind::Service => self.text("commissioner"),
            ReturnKind::Commissioner => self.text("authority"),
            ReturnKind::ProviderContract => self.text("area"),
            ReturnKind::Person => self.text("site"),
        }
    }

    /// What the return is about, for the queue: the service's name, or
    /// "spend survey" with the respondent.
    pub fn title(&self) -> Option<String> {
        match self.kind {
            ReturnKind::Service => self.text("service_name").map(str::to_string),
            ReturnKind::Commissioner => Some(match self.text("respondent_name") {
                Some(who) => format!("Spend survey ({who})"),
                None => "Spend survey".to_string(),
            }),
            ReturnKind::ProviderContract => self.text("provider").map(str::to_string),
            ReturnKind::Person => Some(self.person_id()).filter(|p| !p.is_empty()),
        }
    }

    /// People the return is about, for queue priority.
    pub fn people(&self) -> Option<f64> {
        match self.kind {
            ReturnKind::Service => self.number("people_total"),
            ReturnKind::Commissioner => None,
            ReturnKind::ProviderContract => self.number("clients"),
            ReturnKind::Person => None,
        }
    }

    /// True when no figure or text at all was filled in.
    pub fn is_blank(&self) -> bool {
        self.values
            .values()
            .all(|v| matches!(v, Value::Missing | Value::Tick(false)))
    }
}
