//! One pass over the inbox: take every file there, read it, commit what it
//! holds, publish new results, and only then move it to archive/ or
//! rejected/.
//!
//! Order of work, and why a crash anywhere loses nothing:
//! 1. finish any move a previous crash left undone (ledger rows with
//!    `moved = 0`);
//! 2. read, hash and parse each file (no writes);
//! 3. in one SQLite transaction, record every file and its returns;
//!    compute the results from that transaction and publish them; commit;
//! 4. write each file's bytes to its destination, sync, and only then
//!    remove it from the inbox; mark it moved.
//!
//! A crash before 3's commit leaves the files in the inbox and the ledger
//! untouched, so they are simply read again. A crash after it leaves
//! ledger rows with `moved = 0`, finished by step 1 next time.

mod commit;
mod compute;
mod place;
mod prepare;
mod rebuild;
mod recover;

pub use rebuild::{Rebuilt, rebuild};

use std::time::{Duration, Instant};

use tracing::{info, info_span, warn};

use crate::checks::CheckError;
use crate::config::Config;
use crate::ingest::{PerKind, Schema};
use crate::pipeline::PipelineError;
use crate::reference::ReferenceError;
use crate::results::{self, ResultsError};
use crate::store::{self, FileOutcome, Store, StoreError};
use crate::watch::scan::{Candidate, Ignored, scan_inbox};
use crate::workspace::Workspace;

/// A batch holds at most this many bytes of files in memory at once; a
/// larger drop is taken in several runs.
const MAX_BATCH_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("cannot list the inbox {path}: {source}")]
    Inbox {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error(transparent)]
    Results(#[from] ResultsError),
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error("cannot move the old state database {path} aside: {source}")]
    SetAside {
        path: String,
        source: std::io::Error,
    },
    /// Recorded and published, but not yet archived: the files stay in the
    /// inbox and the next run finishes them (`moved = 0` in the ledger).
    #[error(
        "{count} file(s) could not be placed in {dir}: {source}; they stay in the inbox and are finished by the next run{advice}",
        advice = if crate::workspace::is_no_space(source) { " once there is space (free some, then `jobtally run`)" } else { "" }
    )]
    NotPlaced {
        count: usize,
        dir: String,
        source: std::io::Error,
    },
}

/// What became of one file.
#[derive(Debug, Clone)]
pub struct FileFate {
    pub name: String,
    pub sha256: String,
    pub outcome: FileOutcome,
    pub reason: Option<String>,
    /// The returns read from the file, of each kind.
    pub returns: PerKind,
    pub notes: usize,
    /// (where in the file, "severity rule: message") for every note.
    pub note_lines: Vec<(String, String)>,
    pub report: Vec<String>,
    /// Relative to the workspace.
    pub dest: String,
    /// The file changed while it was being read: the version read is
    /// archived and the new one stays in the inbox for the next pass.
    pub changed_meanwhile: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub run_id: Option<i64>,
    pub fates: Vec<FileFate>,
    pub ignored: Vec<Ignored>,
    /// The current returns in the published results, of each kind.
    pub current: PerKind,
    /// Returns that replaced an earlier version of the same service-year.
    pub superseded: usize,
    pub recovered: usize,
    /// Inbox files recorded and placed that could not be removed (no
    /// right to delete them): left for someone to remove by hand.
    pub stuck: Vec<String>,
    pub elapsed: Duration,
}

impl RunSummary {
    pub fn count(&self, outcome: FileOutcome) -> usize {
        self.fates.iter().filter(|f| f.outcome == outcome).count()
    }
}

pub struct Intake<'a> {
    ws: &'a Workspace,
    config: &'a Config,
    schema: &'a Schema,
    source: Source,
    /// Answers of models and checks kept from run to run (a daemon's
    /// intake lives as long as the daemon).
    memo: crate::pipeline::memo::Memo,
    /// What an intake that lives over many runs keeps from one to the
    /// next (see [`Intake::long_lived`]); none for one run, where keeping
    /// a second copy would only add to its peak memory.
    kept: Option<std::sync::Mutex<Kept>>,
    /// The readers' notes' findings of each return, kept by an intake
    /// that lives over many runs.
    notes: Option<crate::checks::notes::KeptNotes>,
}

/// What a long-lived intake keeps between runs.
#[derive(Default)]
struct Kept {
    /// The current returns as decoded by the last run.
    decoded: crate::store::returns::Decoded,
    /// The results tables the last run wrote.
    written: results::Written,
    /// The queue as the last run left it, under the mark it wrote.
    ledger: Option<Vouched>,
}

/// What a run left of the ledger, with the mark it wrote last: the next
/// run takes it (and the decoded returns, unread) only while the ledger
/// still holds that mark, i.e. nothing else has changed it since.
struct Vouched {
    token: store::mark::Token,
    /// The queue as its sync left it.
    queue: store::anomalies::Queue,
    /// The queue's flags it left.
    flags: crate::kinds::Flags,
}

/// Where a run's files come from, and so what placing them means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Taken from the inbox: archived or rejected, then removed.
    Inbox,
    /// Read again where they lie in archive/ (`jobtally rebuild`): nothing
    /// moves, and each was received when its copy was written.
    Archive,
}

impl<'a> Intake<'a> {
    pub fn new(ws: &'a Workspace, config: &'a Config) -> Intake<'a> {
        Intake {
            ws,
            config,
            schema: Schema::builtin(),
            source: Source::Inbox,
            memo: crate::pipeline::memo::Memo::new(),
            kept: None,
            notes: None,
        }
    }

    /// What this intake keeps between runs, if it is long-lived.
    fn kept(&self) -> Option<std::sync::MutexGuard<'_, Kept>> {
        self.kept.as_ref().map(crate::kept::lock)
    }

    /// An intake for many runs (the daemon's): it keeps the decoded
    /// returns between runs, so a new return is the only one parsed, and
    /// the tables it wrote, so an unchanged one is linked, not rewritten;
    /// its memo keeps the kinds' input tables as well.
    pub fn long_lived(ws: &'a Workspace, config: &'a Config) -> Intake<'a> {
        Intake {
            kept: Some(Default::default()),
            notes: Some(Default::default()),
            memo: crate::pipeline::memo::Memo::long_lived(),
            ..Intake::new(ws, config)
        }
    }

    /// Finish the moves an interrupted run left undone, and publish, when
    /// there are any: a crash after files left the inbox leaves nothing
    /// there to start a run. `None`: nothing was left undone.
    pub fn finish_interrupted(&self) -> Result<Option<RunSummary>, IntakeError> {
        let store = store::identity::open(self.ws)?;
        if store::files::unmoved(store.conn())?.is_empty() {
            return Ok(None);
        }
        drop(store);
        self.run_files(Some(&[])).map(Some)
    }

    /// Take everything now in the inbox. The caller holds the workspace lock.
    pub fn run_once(&self) -> Result<RunSummary, IntakeError> {
        self.run_files(None)
    }

    /// Take only the named inbox files (those the watcher found settled),
    /// or everything when `only` is `None`.
    pub fn run_files(&self, only: Option<&[String]>) -> Result<RunSummary, IntakeError> {
        let started = Instant::now();
        let mut store = store::identity::open(self.ws)?;
        store::runs::close_interrupted(store.conn())?;
        let (recovered, stuck) = self.recover(&store)?;
        let mut summary = RunSummary {
            recovered,
            stuck,
            ..RunSummary::default()
        };
        let inbox = self.ws.inbox();
        let scan = scan_inbox(&inbox).map_err(|source| IntakeError::Inbox {
            path: inbox.display().to_string(),
            source,
        })?;
        summary.ignored = scan.ignored;
        let mut candidates: Vec<Candidate> = scan.candidates;
        // Already recorded and placed: taking them again would archive
        // them again, once a run.
        candidates.retain(|c| !summary.stuck.contains(&c.name));
        if let Some(names) = only {
            candidates.retain(|c| names.contains(&c.name));
        }
        let needs_publish = results::current_dir(self.ws).is_none()
            || summary.recovered > 0
            || store::amendments::unpublished(store.conn())?
            || store::runs::newer_than(store.conn(), results::current_run_id(self.ws))?;
        if candidates.is_empty() && !needs_publish {
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }
        self.run_candidates(&mut store, candidates, &mut summary)?;
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    /// Take the files in batches that bound the memory held; each batch is
    /// one run. With no files, one empty run publishes the results.
    fn run_candidates(
        &self,
        store: &mut Store,
        candidates: Vec<Candidate>,
        summary: &mut RunSummary,
    ) -> Result<(), IntakeError> {
        let limit = crate::fault::batch_bytes(MAX_BATCH_BYTES);
        let mut batch = Vec::new();
        let mut batch_bytes = 0;
        let mut rest = candidates.into_iter().peekable();
        let mut several = false;
        loop {
            let next = rest.next();
            let flush = match &next {
                None => true,
                Some(c) => batch_bytes + c.size.min(limit) > limit && !batch.is_empty(),
            };
            if flush && (!batch.is_empty() || summary.run_id.is_none()) {
                // Only the last run computes and publishes: the results
                // of the ones before would be replaced at once. A drop
                // taken in several batches publishes from a run of its
                // own, so the run that computes holds no batch's files
                // (at 20,000 returns that was a fifth of the peak). A
                // crash between them leaves a newer run than the
                // published one, which the next run publishes.
                let last = next.is_none();
                self.run_batch(store, std::mem::take(&mut batch), summary, last && !several)?;
                if last && several {
                    self.run_batch(store, Vec::new(), summary, true)?;
                }
                several = true;
                batch_bytes = 0;
            }
            match next {
                Some(c) => {
                    batch_bytes += c.size.min(limit);
                    batch.push(c);
                }
                None => break,
            }
        }
        Ok(())
    }

    fn run_batch(
        &self,
        store: &mut Store,
        batch: Vec<Candidate>,
        summary: &mut RunSummary,
        publish: bool,
    ) -> Result<(), IntakeError> {
        let run_id = store::runs::start(store.conn())?;
        let span = info_span!("run", id = run_id, files = batch.len());
        let _enter = span.enter();
        let started = Instant::now();
        match self.commit_batch(store, run_id, batch, summary, publish) {
            Ok(counts) => {
                store::runs::finish(
                    store.conn(),
                    run_id,
                    &counts,
                    started.elapsed().as_millis() as i64,
                )?;
                summary.run_id = Some(run_id);
                // The process's peak so far: a daemon's is its largest run.
                let (_, peak_mb) = crate::logging::memory_mb_now();
                info!(
                    accepted = counts.accepted,
                    rejected = counts.rejected,
                    duplicate = counts.duplicate,
                    services = counts.services,
                    ms = started.elapsed().as_millis() as u64,
                    peak_mb,
                    "{}",
                    if publish {
                        "run published"
                    } else {
                        "run committed; its results come with the drop's last batch"
                    }
                );
                Ok(())
            }
            Err(e) => {
                warn!(error = %e, "run failed; files stay in the inbox");
                store::runs::fail(
                    store.conn(),
                    run_id,
                    &e.to_string(),
                    started.elapsed().as_millis() as i64,
                )?;
                Err(e)
            }
        }
    }
}

/// Bring results up to date with the queue now, if no other process owns
/// the workspace (one that does notices the change itself).
pub fn republish_if_free(
    ws: &Workspace,
    config: &Config,
) -> Result<Option<RunSummary>, IntakeError> {
    match ws.lock() {
        Ok(_lock) => Ok(Some(Intake::new(ws, config).run_files(Some(&[]))?)),
        Err(_) => Ok(None),
    }
}
