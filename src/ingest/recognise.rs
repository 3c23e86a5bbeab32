//! What a sheet of rows looks like: its header row scored against every
//! kind of batch sheet, so that a file is never read as the wrong kind in
//! silence. Each kind's signature is its own schema's wordings plus the
//! identity fields a row of it needs.

use std::collections::{BTreeSet, HashMap};
use std::sync::{LazyLock, Mutex};

use super::IngestError;
use super::cells::Grid;
use super::form_schema::FormSchema;
use super::model::ReturnKind;
use super::schema::Schema;

/// One kind's fit to a header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub kind: ReturnKind,
    /// What the kind is called in messages.
    pub name: &'static str,
    /// Distinct fields of the kind the header names.
    pub recognised: usize,
    /// Identity fields the header lacks, by the wording a data officer
    /// would use.
    pub lacking: Vec<String>,
}

impl Fit {
    pub fn complete(&self) -> bool {
        self.lacking.is_empty()
    }

    /// "provider contract rows: 14 columns recognised, lacks Area".
    pub fn describe(&self) -> String {
        let lacks = if self.lacking.is_empty() {
            String::new()
        } else {
            format!(", lacks {}", self.lacking.join(", "))
        };
        format!(
            "{}: {} column{} recognised{lacks}",
            self.name,
            self.recognised,
            if self.recognised == 1 { "" } else { "s" }
        )
    }
}

/// A field's key from a header's text, or a key's question wording.
pub type Lookup<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

/// How one kind is recognised: its fields' wordings, and the identity
/// fields a row of it needs. Each kind gives one (`kinds::KindSpec`).
pub struct Signature<'a> {
    pub kind: ReturnKind,
    /// What the kind's returns are called in messages.
    pub name: &'static str,
    /// Each entry is one identity field, or alternatives to it (a key
    /// ending in `*` stands for every key with that start).
    pub identity: &'static [&'static [&'static str]],
    pub field_of: Lookup<'a>,
    pub question_of: Lookup<'a>,
}

/// Every kind's signature, in the registry's order, scored together.
pub struct Recogniser<'a> {
    /// The service schema: its address keys the wordings remembered.
    pub schema: &'a Schema,
    pub signatures: Vec<Signature<'a>>,
}

pub fn coded<'a>(
    kind: ReturnKind,
    name: &'static str,
    identity: &'static [&'static [&'static str]],
    schema: &'a FormSchema,
) -> Signature<'a> {
    Signature {
        kind,
        name,
        identity,
        field_of: Box::new(move |t| schema.field_by_label(t).map(|f| f.key.clone())),
        question_of: Box::new(move |k| {
            schema
                .field(k)
                .map(|f| f.question.clone())
                .filter(|q| !q.is_empty())
        }),
    }
}

/// Every batch kind's fit to the grid's header row (its first non-empty
/// row), best first.
pub fn fits(grid: &Grid, recogniser: &Recogniser<'_>) -> Vec<Fit> {
    let Some(row) = grid.first_nonempty_row() else {
        return Vec::new();
    };
    score(
        grid.rows[row].iter().filter_map(|c| c.as_text()),
        recogniser,
    )
}

/// How far into a form its labels are looked for: a form's labels sit in
/// its first columns, its answers to their right.
const FORM_LABEL_COLUMNS: usize = 4;
/// A form longer than this is not a form; its first rows are enough to say
/// what it is.
const FORM_ROWS: usize = 600;

/// Every kind's fit to a form sheet (labels with answers beside them, or
/// the template's `key | question | value`): the texts of its first
/// columns scored as its header row is for a batch sheet, best first.
pub fn form_fits(grid: &Grid, recogniser: &Recogniser<'_>) -> Vec<Fit> {
    score(
        grid.rows
            .iter()
            .take(FORM_ROWS)
            .flat_map(|r| r.iter().take(FORM_LABEL_COLUMNS))
            .filter_map(|c| c.as_text()),
        recogniser,
    )
}

/// The field each kind's signature reads a text as, remembered across
/// files: forms of one kind repeat the same labels, so after the first
/// few files a label costs one lookup, not a normalisation per kind.
/// Keyed by the schema's address (a workspace may load its own); bounded.
type Readings = Vec<Option<String>>;
static READINGS: LazyLock<Mutex<HashMap<usize, HashMap<String, Readings>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
const READINGS_KEPT: usize = 50_000;

fn readings(text: &str, schema: &Schema, signatures: &[Signature<'_>]) -> Readings {
    let schema_key = std::ptr::from_ref(schema) as usize;
    let known = READINGS.lock().ok().and_then(|m| {
        m.get(&schema_key)
            .and_then(|texts| texts.get(text))
            .cloned()
    });
    if let Some(r) = known {
        return r;
    }
    let r: Readings = signatures.iter().map(|s| (s.field_of)(text)).collect();
    if text.len() <= 200
        && let Ok(mut m) = READINGS.lock()
    {
        let texts = m.entry(schema_key).or_default();
        if texts.len() < READINGS_KEPT {
            texts.insert(text.to_string(), r.clone());
        }
    }
    r
}

/// Each kind's fit to a set of label texts, best first: complete fits (all
/// identity fields present) before incomplete ones, then by how many of
/// the kind's fields the texts name.
fn score<'t>(texts: impl Iterator<Item = &'t str>, recogniser: &Recogniser<'_>) -> Vec<Fit> {
    // Each distinct text once: a form repeats its answers ("Yes", "0").
    let texts: BTreeSet<&str> = texts.map(str::trim).filter(|t| !t.is_empty()).collect();
    let signatures = &recogniser.signatures;
    let read: Vec<Readings> = texts
        .iter()
        .map(|t| readings(t, recogniser.schema, signatures))
        .collect();
    let mut out: Vec<Fit> = signatures
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let seen: BTreeSet<String> = read.iter().filter_map(|r| r[n].clone()).collect();
            let has = |k: &str| match k.strip_suffix('*') {
                Some(start) => seen.iter().any(|f| f.starts_with(start)),
                None => seen.contains(k),
            };
            let lacking = s
                .identity
                .iter()
                .filter(|alternatives| !alternatives.iter().any(|k| has(k)))
                .map(|alternatives| {
                    let k = alternatives[0];
                    match (s.question_of)(k) {
                        Some(q) => format!("\"{q}\""),
                        None => format!("\"{k}\""),
                    }
                })
                .collect();
            Fit {
                kind: s.kind,
                name: s.name,
                recognised: seen.len(),
                lacking,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.complete()
            .cmp(&a.complete())
            .then(b.recognised.cmp(&a.recognised))
    });
    out
}

/// Two kinds whose identity fields are both present in one header: the
/// sheet mixes them, and no reading of it can be trusted.
pub fn mixed(fits: &[Fit]) -> Option<(&Fit, &Fit)> {
    let complete: Vec<&Fit> = fits.iter().filter(|f| f.complete()).collect();
    match complete.as_slice() {
        [a, b, ..] => Some((a, b)),
        _ => None,
    }
}

/// What a fit counted: a batch sheet's columns or a form's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Columns,
    Labels,
}

impl Counted {
    fn as_str(self) -> &'static str {
        match self {
            Counted::Columns => "columns",
            Counted::Labels => "labels",
        }
    }
}

/// The line for the ingest report: which kind a sheet was read as and why.
pub fn explain(chosen: ReturnKind, fits: &[Fit], counted: Counted) -> Option<String> {
    let chosen_fit = fits.iter().find(|f| f.kind == chosen)?;
    if chosen_fit.recognised == 0 {
        return None;
    }
    let others: Vec<String> = fits
        .iter()
        .filter(|f| f.kind != chosen && f.recognised > 0)
        .map(|f| format!("{} {}", f.name, f.recognised))
        .collect();
    let others = if others.is_empty() {
        String::new()
    } else {
        format!(" (others: {})", others.join(", "))
    };
    Some(format!(
        "read as {} — {} of its {} recognised{others}",
        chosen_fit.name,
        chosen_fit.recognised,
        counted.as_str()
    ))
}

/// How many of a kind's fields a sheet's fits recognised.
pub fn recognised_as(fits: &[Fit], kind: ReturnKind) -> usize {
    fits.iter()
        .find(|f| f.kind == kind)
        .map_or(0, |f| f.recognised)
}

/// A form read as `chosen` whose labels fit another kind better — that
/// kind's identity fields all present, the chosen kind's not, and more of
/// its fields named — is refused: the reading cannot be trusted, and the
/// data officer is told both kinds and what each lacked.
pub fn refuse_doubtful(chosen: ReturnKind, fits: &[Fit]) -> Result<(), IngestError> {
    let Some(read) = fits.iter().find(|f| f.kind == chosen) else {
        return Ok(());
    };
    let better = fits
        .iter()
        .find(|f| f.kind != chosen && f.complete() && f.recognised > read.recognised);
    match better {
        Some(b) if !read.complete() => Err(IngestError::MixedKinds {
            detail: format!(
                "its labels fit {} better than {} ({}; {})",
                b.name,
                read.name,
                read.describe(),
                b.describe()
            ),
        }),
        _ => Ok(()),
    }
}

/// A header that names the identity fields of two kinds is refused whole:
/// which rows are which cannot be told.
pub fn refuse_mixed(fits: &[Fit], where_: &str) -> Result<(), IngestError> {
    match mixed(fits) {
        Some((a, b)) => Err(IngestError::MixedKinds {
            detail: format!(
                "{where_}has the columns of {} and of {}",
                a.describe(),
                b.describe()
            ),
        }),
        None => Ok(()),
    }
}

/// The rejection for a sheet of rows that looks like a kind but lacks its
/// identity fields: it names the candidates and what each lacked.
pub fn unrecognised(fits: &[Fit]) -> Option<IngestError> {
    let candidates: Vec<String> = fits
        .iter()
        .filter(|f| f.recognised >= 2)
        .map(Fit::describe)
        .collect();
    (!candidates.is_empty()).then(|| IngestError::NotAReturn {
        missing: format!(
            "the columns that say whom each row is about ({})",
            candidates.join("; ")
        ),
        looked_for:
            "the identity columns named above, headed as the contract or the template heads them"
                .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(kind: ReturnKind, recognised: usize, lacking: &[&str]) -> Fit {
        Fit {
            kind,
            name: kind.as_str(),
            recognised,
            lacking: lacking.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_form_that_fits_another_kind_better_is_refused() {
        let fits = [
            fit(ReturnKind::Commissioner, 12, &[]),
            fit(ReturnKind::Service, 3, &["\"people_total\""]),
        ];
        let refused = refuse_doubtful(ReturnKind::Service, &fits);
        let Err(IngestError::MixedKinds { detail }) = refused else {
            panic!("not refused: {refused:?}");
        };
        assert!(
            detail.contains("commissioner") && detail.contains("service"),
            "{detail}"
        );
        // Read as a kind whose identity is all there: kept, however many
        // labels another kind also knows.
        let fits = [
            fit(ReturnKind::Commissioner, 12, &[]),
            fit(ReturnKind::Service, 3, &[]),
        ];
        assert!(refuse_doubtful(ReturnKind::Service, &fits).is_ok());
        // Another kind lacking its identity is no reason to refuse.
        let fits = [
            fit(ReturnKind::Commissioner, 12, &["\"authority\""]),
            fit(ReturnKind::Service, 3, &["\"people_total\""]),
        ];
        assert!(refuse_doubtful(ReturnKind::Service, &fits).is_ok());
    }
}
