//! The calls the CLI and the terminal UI share, one per thing an analyst or
//! operator does to a workspace: read the queue and the ledger, change an
//! anomaly, amend a figure, fetch a call sheet or a service's detail, write
//! the demo returns, export a view, bring results up to date. Each opens
//! what it needs and says what went wrong with an [`OpsError`]; the UI
//! never reaches past this layer into `store`, `intake` or `demo`.

use std::path::{Path, PathBuf};

use polars::prelude::{CsvWriter, DataFrame, PolarsError, SerWriter};
use thiserror::Error;

use crate::config::Config;
use crate::ingest::values::Value;
use crate::intake::{IntakeError, RunSummary};
use crate::kinds::{DemoInputs, DemoOutput, KINDS, KindSpec};
use crate::reference::{Reference, ReferenceError};
use crate::results::ResultsError;
use crate::store::{self, StoreError};
use crate::workspace::{Workspace, WorkspaceError};

pub use crate::daemon::{Daemon, DaemonEvent};
pub use crate::queue::{is_figure, operator, parse_figure};
pub use crate::store::anomalies::{Anomaly, Status};
pub use crate::store::{FileOutcome, FileRecord, RunRecord};

/// Why an operation could not be done: each says what to do next.
#[derive(Debug, Error)]
pub enum OpsError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    #[error(transparent)]
    Intake(#[from] IntakeError),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Results(#[from] ResultsError),
    #[error(
        "the results tables are not as this version reads them ({0}): run `jobtally run` to publish them again"
    )]
    Decode(#[from] polars::error::PolarsError),
    #[error("writing {what} into {}: {source}", place.display())]
    Write {
        what: &'static str,
        place: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{field} = {} was not saved: it conflicts with the return's other figures:\n  {}\nCorrect the related figure first (or check the value with the site)",
        crate::format::number(*value),
        conflicts.join("\n  ")
    )]
    Conflict {
        field: String,
        value: f64,
        conflicts: Vec<String>,
    },
    #[error("checking the amendment against the return's figures: {0}")]
    ConflictCheck(#[from] crate::checks::amendment::ConflictCheckError),
    #[error("reading the checks: {0}")]
    Checks(#[from] crate::checks::CheckError),
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Figures(#[from] crate::figures::FiguresError),
    #[error("exporting to {}: {source}", place.display())]
    ExportTable {
        place: PathBuf,
        source: polars::prelude::PolarsError,
    },
    #[error("exporting to {}: {detail}", place.display())]
    ExportWorkbook { place: PathBuf, detail: String },
}

impl OpsError {
    /// True when the user can fix it by asking differently (a queue id that
    /// does not exist, a return that has gone), not a fault of the machine.
    pub fn is_users_to_fix(&self) -> bool {
        match self {
            OpsError::Store(e) | OpsError::Intake(IntakeError::Store(e)) => e.is_users_to_fix(),
            OpsError::Intake(IntakeError::NotPlaced { .. }) | OpsError::Conflict { .. } => true,
            OpsError::Results(e) => matches!(
                e,
                ResultsError::NoResults { .. } | ResultsError::NoTable { .. }
            ),
            OpsError::Workspace(e) => matches!(
                e,
                WorkspaceError::Locked { .. }
                    | WorkspaceError::NotADirectory { .. }
                    | WorkspaceError::Missing { .. }
                    | WorkspaceError::Create { .. }
            ),
            _ => false,
        }
    }
}

/// The run whose results are current, if any.
pub fn current_run(ws: &Workspace) -> Option<i64> {
    crate::results::current_run_id(ws)
}

/// One table of the current results.
pub fn results_table(ws: &Workspace, name: &str) -> Result<polars::prelude::DataFrame, OpsError> {
    Ok(crate::results::read_table(ws, name)?)
}

/// The reference data, with the workspace's own copies in place of the
/// built-in ones.
pub fn reference(ws: &Workspace) -> Result<Reference, OpsError> {
    Ok(Reference::load(Some(&ws.root))?)
}

/// The queue and the ledger as they stand.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub anomalies: Vec<Anomaly>,
    /// The most recent files, newest first.
    pub files: Vec<FileRecord>,
    pub files_accepted: usize,
    pub last_run: Option<RunRecord>,
}

/// How many recent files a ledger lists.
const RECENT_FILES: usize = 500;

pub fn ledger(ws: &Workspace) -> Result<Ledger, OpsError> {
    let store = store::identity::open(ws)?;
    let conn = store.conn();
    Ok(Ledger {
        anomalies: store::anomalies::all(conn)?,
        files: store::files::recent(conn, RECENT_FILES)?,
        files_accepted: store::files::counts(conn)?.0,
        last_run: store::runs::last(conn)?,
    })
}

/// What lies in the inbox now: the files a run would take, and the ones it
/// leaves with the reason.
pub fn inbox(ws: &Workspace) -> std::io::Result<crate::watch::scan::Scan> {
    crate::watch::scan::scan_inbox(&ws.inbox())
}

/// Every anomaly, in the queue's order.
pub fn anomalies(ws: &Workspace) -> Result<Vec<Anomaly>, OpsError> {
    let store = store::identity::open(ws)?;
    Ok(store::anomalies::all(store.conn())?)
}

/// What an operator changes about one anomaly; `None` leaves it as it is.
#[derive(Debug, Clone, Default)]
pub struct QueueChange {
    pub status: Option<Status>,
    pub assignee: Option<String>,
    pub note: Option<String>,
}

pub fn update_anomaly(
    ws: &Workspace,
    id: i64,
    who: &str,
    change: &QueueChange,
) -> Result<Anomaly, OpsError> {
    let mut store = store::identity::open(ws)?;
    Ok(store::anomalies::update(
        store.conn_mut(),
        id,
        who,
        change.status,
        change.assignee.as_deref(),
        change.note.as_deref(),
    )?)
}

/// A correction recorded against the current return; the file in
/// `archive/` is never changed.
pub struct Amendment {
    pub service_name: Option<String>,
    pub field: String,
    pub old: Value,
    pub new: f64,
}

/// Record an operator's correction of `field` on anomaly `id`'s return.
/// The caller has checked that `field` is a figure and `value` reads as one.
pub fn amend(
    ws: &Workspace,
    id: i64,
    field: &str,
    value: f64,
    note: &str,
    who: &str,
) -> Result<Amendment, OpsError> {
    let mut store = store::identity::open(ws)?;
    let current = crate::queue::amended_return(&store, id)?;
    let conflicts = conflicts(ws, &current, field, value)?;
    if !conflicts.is_empty() {
        return Err(OpsError::Conflict {
            field: field.to_string(),
            value,
            conflicts,
        });
    }
    let done = crate::queue::amend(&mut store, id, field, value, note, who)?;
    Ok(Amendment {
        service_name: done.service_name,
        field: field.to_string(),
        // What the figure was before this change: an earlier amendment's
        // value, when there is one.
        old: current.data.value(field).clone(),
        new: value,
    })
}

/// The errors an amendment would newly raise on its return, with the
/// workspace's own models, checks, reference data and settings.
fn conflicts(
    ws: &Workspace,
    current: &store::StoredReturn,
    field: &str,
    value: f64,
) -> Result<Vec<String>, OpsError> {
    let reference = reference(ws)?;
    let config = Config::load(None, &ws.root)?;
    let models = crate::pipeline::models_for(Some(&ws.root))
        .map_err(crate::checks::amendment::ConflictCheckError::from)?;
    let checks = crate::checks::load(Some(&ws.root))?;
    let ctx = crate::pipeline::Context {
        schema: crate::ingest::Schema::builtin(),
        reference: &reference,
        models: &models,
        config: &config,
        memo: None,
    };
    Ok(crate::checks::amendment::new_errors(
        current, field, value, &ctx, &checks,
    )?)
}

/// Everything an operator needs on the phone for one anomaly.
pub fn call_sheet(ws: &Workspace, id: i64) -> Result<String, OpsError> {
    let store = store::identity::open(ws)?;
    Ok(crate::queue::call_sheet(&store, id)?)
}

/// A service's return in full, with its anomalies and history.
pub fn service_detail(ws: &Workspace, service_key: &str) -> Result<String, OpsError> {
    let reference = reference(ws)?;
    let store = store::identity::open(ws)?;
    let mut text = crate::queue::service_detail(&store, &reference, service_key)?;
    // What its money could buy, once results hold the opportunity table.
    if let Ok(df) = crate::results::read_table(ws, "opportunity") {
        let lines = crate::estimate::opportunity_lines(&df, "service", service_key)?;
        if !lines.is_empty() {
            let mut block = String::from(
                "\nWhat the money could buy (opportunity; open errors leave a service out):\n",
            );
            for line in lines {
                block.push_str(&format!("  {line}\n"));
            }
            // Beside the derived figures, before the long list of fields.
            let at = text
                .find(crate::queue::FIELDS_HEADING)
                .unwrap_or(text.len());
            text.insert_str(at, &block);
        }
    }
    Ok(text)
}

/// Where figures come from: each figure's words, the reference data it
/// is held against, and the returns behind it for the subject (the words
/// alone before there are results); or where an anomaly comes from.
pub fn explain(ws: &Workspace, question: &crate::figures::Question) -> Result<String, OpsError> {
    use crate::figures::{Evidence, Question, Sources};
    let (figures, subject) = match question {
        Question::Anomaly(id) => {
            let store = store::identity::open(ws)?;
            return Ok(crate::figures::explain_anomaly(&store, *id)?);
        }
        Question::Figures { figures, subject } => (figures, subject),
    };
    let registry = crate::figures::registry()?;
    let services = crate::results::read_table(ws, "services").ok();
    // Before the first run there is no ledger: the words alone.
    let store = if ws.state_db().exists() {
        store::identity::open(ws).ok()
    } else {
        None
    };
    // One service's figure needs only its own return's source.
    let only = match subject {
        crate::figures::Subject::Service(key) => Some(key.as_str()),
        _ => None,
    };
    let sources = match &store {
        Some(store) => Some(Sources::read(store.conn(), only)?),
        None => None,
    };
    let bands = reference(ws).map(|r| r.benchmarks.band).unwrap_or_default();
    let evidence = Evidence {
        services: services.as_ref(),
        sources: sources.as_ref(),
        bands: &bands,
    };
    let meanings = figures
        .iter()
        .map(|(table, column)| registry.meaning(table, column))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(crate::figures::explain(&meanings, &evidence, subject)?)
}

/// Bring results up to date now, unless another process owns the workspace
/// (`None`: its daemon notices the change itself).
pub fn republish(ws: &Workspace, config: &Config) -> Result<Option<RunSummary>, OpsError> {
    Ok(crate::intake::republish_if_free(ws, config)?)
}

/// What [`write_demo`] wrote, kind by kind.
#[derive(Clone, Default)]
pub struct DemoWritten {
    pub kinds: Vec<(&'static KindSpec, DemoOutput)>,
}

impl DemoWritten {
    /// "70 service returns in 53 files, 46 survey responses in 3 files, …".
    pub fn counts(&self) -> String {
        self.kinds
            .iter()
            .filter(|(_, out)| out.returns > 0)
            .map(|(spec, out)| {
                let files = if out.files == 1 { "file" } else { "files" };
                format!("{} {} in {} {files}", out.returns, spec.noun, out.files)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Reference files the demo wrote into the workspace.
    pub fn reference_files(&self) -> impl Iterator<Item = &PathBuf> {
        self.kinds.iter().flat_map(|(_, out)| &out.reference_files)
    }

    /// One line for a status bar.
    pub fn brief(&self) -> String {
        format!("demo written to the inbox: {}", self.counts())
    }
}

/// Realistic synthetic returns of every kind into the inbox: `services`
/// demo services from `seed`, and each kind's returns about them.
pub fn write_demo(ws: &Workspace, services: usize, seed: u64) -> Result<DemoWritten, OpsError> {
    let inbox = ws.inbox();
    let generated = crate::demo::generate(services, seed);
    let inputs = DemoInputs {
        root: &ws.root,
        inbox: &inbox,
        services: &generated,
        seed,
    };
    let mut written = DemoWritten::default();
    for spec in &KINDS {
        let out = (spec.demo)(&inputs).map_err(|source| OpsError::Write {
            what: spec.noun,
            place: inbox.clone(),
            source,
        })?;
        written.kinds.push((spec, out));
    }
    Ok(written)
}

/// Write what a screen shows to the workspace's `exports/`: one table as
/// `<name>-<time>.csv`, several as `<name>-<time>.xlsx` with a sheet each.
/// Keep `name` as the operator of this workspace (its jobtally.toml), so
/// the UI asks once. Returns the name as kept.
pub fn save_operator(ws: &Workspace, name: &str) -> Result<String, OpsError> {
    crate::queue::save_operator(&ws.root, name).map_err(|source| OpsError::Write {
        what: "the operator's name",
        place: ws.root.join("jobtally.toml"),
        source,
    })
}

/// Values stay typed (numbers as numbers); text that a spreadsheet would
/// run as a formula is neutralised.
pub fn export_view(
    ws: &Workspace,
    name: &str,
    tables: &[(String, DataFrame)],
) -> Result<PathBuf, OpsError> {
    let dir = ws.root.join("exports");
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let (path, bytes) = match tables {
        [(_, df)] => {
            let path = dir.join(format!("{name}-{stamp}.csv"));
            let polars_error = |source: PolarsError| OpsError::ExportTable {
                place: path.clone(),
                source,
            };
            let mut df = crate::export::neutralised(df).map_err(polars_error)?;
            let mut bytes = Vec::new();
            CsvWriter::new(&mut bytes)
                .include_header(true)
                .finish(&mut df)
                .map_err(polars_error)?;
            (path, bytes)
        }
        _ => {
            let path = dir.join(format!("{name}-{stamp}.xlsx"));
            let bytes =
                crate::export::xlsx_bytes(tables).map_err(|e| OpsError::ExportWorkbook {
                    place: path.clone(),
                    detail: e.to_string(),
                })?;
            (path, bytes)
        }
    };
    write_private(&dir, &path, &bytes)?;
    Ok(path)
}

fn write_private(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), OpsError> {
    crate::workspace::create_private_dir(dir)?;
    crate::watch::mover::write_atomic(path, bytes).map_err(|source| OpsError::Write {
        what: "an export",
        place: dir.to_path_buf(),
        source,
    })
}
