//! The return kinds, one folder each: what a kind's returns are turned into
//! for its SQL models (`pipelines/<kind>/`), and what the queue's call
//! sheet says about one of them. Each kind gives one [`KindSpec`] and is
//! listed once in [`KINDS`]; the shared machinery (ledger, archive,
//! resubmission, amendments, queue, results) works through these and never
//! names a particular kind.

pub mod commissioner;
pub mod labels;
pub mod naming;
pub mod person;
pub mod provider_contract;
pub mod provider_pb;
pub mod read;
pub mod service;
pub mod template;

#[cfg(test)]
mod schema_tests;

use std::collections::HashMap;

use polars::prelude::*;

use crate::ingest::{Return, ReturnKind, Schema, StoredReturn};
use crate::reference::Reference;
pub use naming::Named;

/// Queue state per service identity: (open anomalies above info, has an
/// open error).
pub type Flags = HashMap<String, (i64, bool)>;

/// Named input tables for the SQL models.
pub type Frames = Vec<(String, DataFrame)>;

/// What a kind's input tables are built from, and all they may be built
/// from (a daemon builds them again only when one of these changed): the
/// current returns of the kinds its [`KindSpec::frames_read`] names (a kind
/// may read another's, as person records read the services'), the schema
/// and the reference data.
pub struct FrameInputs<'a> {
    pub returns: Vec<&'a StoredReturn>,
    pub schema: &'a Schema,
    pub reference: &'a Reference,
}

impl<'a> FrameInputs<'a> {
    /// The inputs of `kind`'s tables, from every current return.
    pub fn of(
        kind: &KindSpec,
        returns: &'a [StoredReturn],
        schema: &'a Schema,
        reference: &'a Reference,
    ) -> FrameInputs<'a> {
        FrameInputs {
            returns: returns
                .iter()
                .filter(|r| kind.frames_read.contains(&r.data.kind))
                .collect(),
            schema,
            reference,
        }
    }

    /// The current returns of one kind (none of a kind not read).
    pub fn of_kind(&self, kind: ReturnKind) -> Vec<&'a StoredReturn> {
        self.returns
            .iter()
            .copied()
            .filter(|r| r.data.kind == kind)
            .collect()
    }
}

/// The returns of one kind, in their order: the row order of that kind's
/// input tables.
pub fn of_kind(returns: &[StoredReturn], kind: ReturnKind) -> Vec<&StoredReturn> {
    returns.iter().filter(|r| r.data.kind == kind).collect()
}

/// One return kind, as the shared machinery sees it.
pub struct KindSpec {
    pub kind: ReturnKind,
    /// What a file's returns of this kind are called when counted as read:
    /// "12 contract rows".
    pub noun: &'static str,
    /// What the current returns of this kind are called in a run's tally:
    /// "provider contract rows: 19".
    pub tally: &'static str,
    /// What its returns are called and which are one.
    pub naming: naming::Naming,
    /// How its files are recognised and read.
    pub reader: read::Reader,
    /// Its demo returns, written into the workspace.
    pub demo: fn(&DemoInputs) -> std::io::Result<DemoOutput>,
    /// Parses its compiled-in schema: a broken build says so at once.
    pub check_schema: fn() -> Result<(), crate::ingest::schema::EmbeddedSchemaError>,
    /// Its blank template workbook (`jobtally template --kind <kind>`).
    pub template: fn() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError>,
    /// The input tables its SQL models read.
    pub frames: fn(&FrameInputs) -> PolarsResult<Frames>,
    /// The kinds whose returns those tables are built from: the only
    /// returns `frames` is shown.
    pub frames_read: &'static [ReturnKind],
    /// The tables among `frames`' whose rows each belong to one return of
    /// this kind, a return's rows together and in the returns' order; its
    /// other tables hang on the schema and the reference data alone. When
    /// some are named (and the kind reads only its own returns), a daemon
    /// builds the rows of new returns only and keeps the others' rows.
    pub by_return: &'static [ByReturn],
    /// Among `frames`' tables, those built from other kinds' returns as
    /// well as its own (the others are built from its own alone), if any:
    /// a daemon builds just these again when only the others changed.
    pub follows: Option<Follows>,
    /// The input table that carries the queue's flags for its returns (one
    /// row per current return, in [`FrameInputs::of_kind`] order), if any.
    /// The pipeline adds them, and replaces them alone when the queue
    /// changes, without building the tables again.
    pub flags: Option<FlagColumns>,
    /// Whom to call about one of its returns.
    pub contact: fn(&Return) -> String,
    /// The figures a call sheet shows beside an anomaly on `field`.
    pub context: fn(&Return, &str) -> Vec<String>,
    /// A field key of this kind in words (`None`: not this kind's key).
    pub label: fn(&str) -> Option<String>,
}

/// The tables of a kind that follow other kinds' returns (see
/// [`KindSpec::follows`]), and how to build just them.
#[derive(Clone, Copy)]
pub struct Follows {
    pub tables: &'static [&'static str],
    /// Builds exactly `tables`, as `frames` builds them.
    pub frames: fn(&FrameInputs) -> PolarsResult<Frames>,
}

/// A table whose rows each belong to one return (see
/// [`KindSpec::by_return`]), and how a row says which.
#[derive(Debug, Clone, Copy)]
pub struct ByReturn {
    pub table: &'static str,
    pub rows: ReturnRows,
}

/// How a table's rows are told to a return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnRows {
    /// One row per return, in order.
    One,
    /// Any number of rows per return; the named Int32 column holds the
    /// return's place in the list (0 for the first return).
    Numbered(&'static str),
}

/// Where a kind's returns carry the queue's flags: `open_anomalies` (open
/// anomalies above info), and with `excluded` also whether an open error
/// leaves the return out of group figures (DOMAIN.md §6).
#[derive(Debug, Clone, Copy)]
pub struct FlagColumns {
    pub table: &'static str,
    pub excluded: bool,
}

/// What a kind's demo writes from: the demo services (the truth every
/// kind's examples agree with), into a workspace.
pub struct DemoInputs<'a> {
    pub root: &'a std::path::Path,
    pub inbox: &'a std::path::Path,
    pub services: &'a [crate::demo::DemoService],
    pub seed: u64,
}

/// What a kind's demo wrote.
#[derive(Debug, Clone, Default)]
pub struct DemoOutput {
    pub returns: usize,
    pub files: usize,
    /// Reference files it wrote into the workspace (a register, targets).
    pub reference_files: Vec<std::path::PathBuf>,
}

/// Every kind, once.
pub static KINDS: [KindSpec; 5] = [
    service::SPEC,
    commissioner::SPEC,
    provider_contract::SPEC,
    person::SPEC,
    provider_pb::SPEC,
];

/// Every kind's compiled-in schema, parsed afresh: `main` calls this
/// first, so a broken build says so at once with the file and the fault.
pub fn check_embedded() -> Result<(), crate::ingest::schema::EmbeddedSchemaError> {
    KINDS.iter().try_for_each(|k| (k.check_schema)())
}

/// The spec of a kind.
pub fn spec(kind: ReturnKind) -> &'static KindSpec {
    KINDS.iter().find(|s| s.kind == kind).unwrap_or(&KINDS[0])
}

/// Frames named by `&'static str`, as a kind's builders give them.
fn named(frames: Vec<(&str, DataFrame)>) -> Frames {
    frames
        .into_iter()
        .map(|(n, df)| (n.to_string(), df))
        .collect()
}

/// A contact made of a return's text fields, those given.
fn contact_of(r: &Return, fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| crate::format::sanitise(r.text(f).unwrap_or("–")))
        .collect::<Vec<_>>()
        .join(", ")
}
