//! What every reader produces: a [`ServiceReturn`] with its values in their
//! read state, and the notes that say how each value had to be interpreted.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::cells::Cell;
use super::text::{normalise, slug};
use super::values::Value;

/// Which of the three accepted layouts a return was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// A: the jobtally template (`key | question | value`).
    Template,
    /// B: the study's own form, labels with answers to their right.
    StudyForm,
    /// C: a batch sheet, one row per service.
    Batch,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Template => "A (template)",
            Layout::StudyForm => "B (study form)",
            Layout::Batch => "C (batch sheet)",
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
}

/// Something the reader had to interpret or could not read, attached to
/// the return. These become `info`/`warning`/`error` anomalies in the queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub severity: Severity,
    pub rule: String,
    pub field: Option<String>,
    pub message: String,
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

/// One service-year as read from a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceReturn {
    pub layout: Layout,
    pub location: String,
    pub values: BTreeMap<String, Value>,
    pub notes: Vec<Note>,
    pub extras: BTreeMap<String, String>,
}

static MISSING: Value = Value::Missing;

impl ServiceReturn {
    pub fn value(&self, key: &str) -> &Value {
        self.values.get(key).unwrap_or(&MISSING)
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        self.value(key).number()
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.value(key).text()
    }

    pub fn period(&self) -> Option<&str> {
        self.text("period")
    }

    /// The service-year identity: (normalised commissioner, normalised
    /// service name, period). A later return with the same identity
    /// supersedes an earlier one.
    pub fn identity(&self) -> (String, String, String) {
        (
            normalise(self.text("commissioner").unwrap_or("")),
            normalise(self.text("service_name").unwrap_or("")),
            self.period().unwrap_or("").to_string(),
        )
    }

    /// A readable stable key: `stockport-mbc/supported-employment/2012-13`.
    pub fn service_key(&self) -> String {
        let or_unknown = |s: String| {
            if s.is_empty() {
                "unknown".to_string()
            } else {
                s
            }
        };
        format!(
            "{}/{}/{}",
            or_unknown(slug(self.text("commissioner").unwrap_or(""))),
            or_unknown(slug(self.text("service_name").unwrap_or(""))),
            or_unknown(self.period().unwrap_or("").replace('/', "-")),
        )
    }

    /// True when no figure or text at all was filled in.
    pub fn is_blank(&self) -> bool {
        self.values
            .values()
            .all(|v| matches!(v, Value::Missing | Value::Tick(false)))
    }
}
