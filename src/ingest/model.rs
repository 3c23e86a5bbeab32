//! What every reader produces: a [`Return`] with its values in their
//! read state, and the notes that say how each value had to be interpreted.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::cells::Cell;
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
    /// One provider's (or office's) answers to the personal-budget survey.
    ProviderPb,
}

impl ReturnKind {
    pub const ALL: [ReturnKind; 5] = [
        ReturnKind::Service,
        ReturnKind::Commissioner,
        ReturnKind::ProviderContract,
        ReturnKind::Person,
        ReturnKind::ProviderPb,
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
            ReturnKind::ProviderPb => "provider_pb",
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

/// The shape a return was read from; its kind names it for people
/// (`kinds::Named::layout_name`: "B (study form)", "survey export").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    /// The jobtally template (`key | question | value`).
    Template,
    /// A form: one return down a sheet, labels with answers to their right
    /// (the study's form, the survey's paper form).
    #[serde(alias = "StudyForm", alias = "SurveyForm")]
    Form,
    /// A batch sheet, one row per return (a survey tool's export too).
    #[serde(alias = "SurveyBatch", alias = "ContractBatch", alias = "PersonBatch")]
    Batch,
}

impl Layout {
    /// A form (one return laid out down a sheet) rather than a sheet of
    /// rows: its kind is scored on its labels, not on a header row.
    pub fn is_form(self) -> bool {
        matches!(self, Layout::Template | Layout::Form)
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
    #[serde(deserialize_with = "packed_map")]
    pub values: BTreeMap<String, Value>,
    pub notes: Vec<Note>,
    #[serde(deserialize_with = "packed_map")]
    pub extras: BTreeMap<String, String>,
}

/// A map read whole and then built in one go. Built a key at a time, as
/// serde does, a BTreeMap's nodes are left about half empty; built from
/// its entries at once they are packed full. A run decodes every current
/// return, so this halves the memory they hold (issue 18: about 70 MB at
/// 20,000 returns). A key given twice keeps its last value, as before.
fn packed_map<'de, D, V>(d: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Entries<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
        type Value = Vec<(String, V)>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::with_capacity(m.size_hint().unwrap_or(0));
            while let Some(entry) = m.next_entry()? {
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    Ok(d.deserialize_map(Entries(std::marker::PhantomData))?
        .into_iter()
        .collect())
}

/// A return as the ledger holds it: with where and when it came from.
/// The decoded return is shared (a daemon keeps the current returns from
/// run to run, and each run is handed them without a deep copy); an
/// amendment laid over one copies it first (`Arc::make_mut`).
#[derive(Debug, Clone)]
pub struct StoredReturn {
    pub id: i64,
    pub file_id: i64,
    pub source_file: String,
    pub received_at: String,
    pub data: std::sync::Arc<Return>,
    /// Its keys, worked out when it was decoded: every run asks for them
    /// many times over, and they are a pure function of `data`.
    pub keys: std::sync::Arc<ReturnKeys>,
}

/// A return's two keys (see `kinds::Named`): which returns are one, and the
/// readable name the results and the queue show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnKeys {
    pub identity: String,
    pub service: String,
}

impl StoredReturn {
    /// The identity as the ledger stores it.
    pub fn identity_key(&self) -> &str {
        &self.keys.identity
    }
    /// The readable stable key: `stockport-mbc/supported-employment/2012-13`.
    pub fn service_key(&self) -> &str {
        &self.keys.service
    }
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

    /// True when no figure or text at all was filled in.
    pub fn is_blank(&self) -> bool {
        self.values
            .values()
            .all(|v| matches!(v, Value::Missing | Value::Tick(false)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_caches_written_with_the_old_layout_names_still_read() {
        for (old, now) in [
            ("StudyForm", Layout::Form),
            ("SurveyForm", Layout::Form),
            ("SurveyBatch", Layout::Batch),
            ("ContractBatch", Layout::Batch),
            ("PersonBatch", Layout::Batch),
            ("Template", Layout::Template),
            ("Batch", Layout::Batch),
        ] {
            let json = format!(
                r#"{{"kind":"commissioner","layout":"{old}","location":"row 2","values":{{}},"notes":[],"extras":{{}}}}"#
            );
            let r: Return = serde_json::from_str(&json).expect(old);
            assert_eq!(r.layout, now, "{old}");
        }
    }

    #[test]
    fn a_return_reads_back_as_written_with_its_maps_in_key_order() {
        let json = r#"{"kind":"service","layout":"Batch","location":"row 2",
            "values":{"zeta":{"state":"number","value":2.0},"alpha":{"state":"not_known"},
                "alpha":{"state":"number","value":1.0}},
            "notes":[],"extras":{"b":"2","a":"1"}}"#;
        let r: Return = serde_json::from_str(json).expect("reads");
        let keys: Vec<&str> = r.values.keys().map(String::as_str).collect();
        assert_eq!(keys, ["alpha", "zeta"]);
        // A key given twice keeps its last value, as inserting did.
        assert_eq!(r.values["alpha"], Value::Number(1.0));
        assert_eq!(r.extras.keys().collect::<Vec<_>>(), ["a", "b"]);
        let again: Return =
            serde_json::from_str(&serde_json::to_string(&r).expect("writes")).expect("reads");
        assert_eq!(again, r);
    }
}
