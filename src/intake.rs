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

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use tracing::{info, info_span, warn};

use crate::checks::{self, CheckError};
use crate::config::Config;
use crate::ingest::{self, FileRead, IngestError, Schema};
use crate::pipeline::{self, PipelineError};
use crate::reference::{Reference, ReferenceError};
use crate::results::{self, ResultsError};
use crate::store::{self, FileOutcome, NewFile, Store, StoreError};
use crate::watch::mover;
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
}

/// What became of one file.
#[derive(Debug, Clone)]
pub struct FileFate {
    pub name: String,
    pub sha256: String,
    pub outcome: FileOutcome,
    pub reason: Option<String>,
    pub services: usize,
    /// Commissioner survey responses read from the file.
    pub responses: usize,
    /// Provider contract rows read from the file.
    pub contracts: usize,
    /// Person records read from the file.
    pub people: usize,
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
    /// Services in the published results.
    pub services: usize,
    /// Commissioner survey responses in the published results.
    pub responses: usize,
    /// Provider contract rows in the published results.
    pub contracts: usize,
    /// Person records in the published results.
    pub people: usize,
    /// Returns that replaced an earlier version of the same service-year.
    pub superseded: usize,
    pub recovered: usize,
    pub elapsed: Duration,
}

impl RunSummary {
    pub fn count(&self, outcome: FileOutcome) -> usize {
        self.fates.iter().filter(|f| f.outcome == outcome).count()
    }
}

/// A file read and judged, not yet recorded.
struct Prepared {
    candidate: Candidate,
    bytes: Option<std::sync::Arc<Vec<u8>>>,
    sha256: String,
    read_mtime: SystemTime,
    verdict: Verdict,
}

enum Verdict {
    Read(FileRead),
    Rejected(IngestError),
    Duplicate {
        of_file: Option<i64>,
        of_name: String,
    },
}

pub struct Intake<'a> {
    ws: &'a Workspace,
    config: &'a Config,
    schema: &'a Schema,
}

impl<'a> Intake<'a> {
    pub fn new(ws: &'a Workspace, config: &'a Config) -> Intake<'a> {
        Intake {
            ws,
            config,
            schema: Schema::builtin(),
        }
    }

    /// Take everything now in the inbox. The caller holds the workspace lock.
    pub fn run_once(&self) -> Result<RunSummary, IntakeError> {
        self.run_files(None)
    }

    /// Take only the named inbox files (those the watcher found settled),
    /// or everything when `only` is `None`.
    pub fn run_files(&self, only: Option<&[String]>) -> Result<RunSummary, IntakeError> {
        let started = Instant::now();
        let mut store = Store::open(&self.ws.state_db())?;
        let mut summary = RunSummary {
            recovered: self.recover(&store)?,
            ..RunSummary::default()
        };
        let inbox = self.ws.inbox();
        let scan = scan_inbox(&inbox).map_err(|source| IntakeError::Inbox {
            path: inbox.display().to_string(),
            source,
        })?;
        summary.ignored = scan.ignored;
        let mut candidates: Vec<Candidate> = scan.candidates;
        if let Some(names) = only {
            candidates.retain(|c| names.contains(&c.name));
        }
        let needs_publish = results::current_dir(self.ws).is_none()
            || summary.recovered > 0
            || store::amendments::unpublished(store.conn())?;
        if candidates.is_empty() && !needs_publish {
            summary.elapsed = started.elapsed();
            return Ok(summary);
        }
        // Batches bound the memory held; each is one run.
        let mut batch = Vec::new();
        let mut batch_bytes = 0;
        let mut rest = candidates.into_iter().peekable();
        loop {
            let next = rest.next();
            let flush = match &next {
                None => true,
                Some(c) => {
                    batch_bytes + c.size.min(MAX_BATCH_BYTES) > MAX_BATCH_BYTES && !batch.is_empty()
                }
            };
            if flush && (!batch.is_empty() || summary.run_id.is_none()) {
                self.run_batch(&mut store, std::mem::take(&mut batch), &mut summary)?;
                batch_bytes = 0;
            }
            match next {
                Some(c) => {
                    batch_bytes += c.size.min(MAX_BATCH_BYTES);
                    batch.push(c);
                }
                None => break,
            }
        }
        summary.elapsed = started.elapsed();
        Ok(summary)
    }

    fn run_batch(
        &self,
        store: &mut Store,
        batch: Vec<Candidate>,
        summary: &mut RunSummary,
    ) -> Result<(), IntakeError> {
        let run_id = store::runs::start(store.conn())?;
        let span = info_span!("run", id = run_id, files = batch.len());
        let _enter = span.enter();
        let started = Instant::now();
        match self.commit_batch(store, run_id, batch, summary) {
            Ok(counts) => {
                store::runs::finish(
                    store.conn(),
                    run_id,
                    &counts,
                    started.elapsed().as_millis() as i64,
                )?;
                summary.run_id = Some(run_id);
                info!(
                    accepted = counts.accepted,
                    rejected = counts.rejected,
                    duplicate = counts.duplicate,
                    services = counts.services,
                    ms = started.elapsed().as_millis() as u64,
                    "run published"
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

    fn commit_batch(
        &self,
        store: &mut Store,
        run_id: i64,
        batch: Vec<Candidate>,
        summary: &mut RunSummary,
    ) -> Result<store::RunCounts, IntakeError> {
        let phase = Instant::now();
        let prepared = self.prepare(store, batch)?;
        tracing::debug!(
            ms = phase.elapsed().as_millis() as u64,
            "files read and parsed"
        );
        crate::fault::point("after_parse");
        let received_at = store::now_rfc3339();
        let now = chrono::Utc::now();
        let archive_dir = self
            .ws
            .archive()
            .join(now.format("%Y").to_string())
            .join(now.format("%m").to_string());
        let mut planned: std::collections::HashSet<std::path::PathBuf> =
            std::collections::HashSet::new();
        let mut counts = store::RunCounts {
            ignored: summary.ignored.len(),
            ..Default::default()
        };
        let mut placements = Vec::new();
        let tx = store.conn_mut().transaction().map_err(StoreError::from)?;
        let mut accepted_in_batch: HashMap<String, i64> = HashMap::new();
        for p in prepared {
            let name = p.candidate.name.clone();
            let safe = mover::safe_name(&name);
            let is_planned = |c: &Path| planned.contains(c);
            // A byte-identical copy of a file accepted earlier in this batch.
            let verdict = match p.verdict {
                Verdict::Read(_) if accepted_in_batch.contains_key(&p.sha256) => {
                    Verdict::Duplicate {
                        of_file: accepted_in_batch.get(&p.sha256).copied(),
                        of_name: String::new(),
                    }
                }
                v => v,
            };
            let (outcome, dest) = match &verdict {
                Verdict::Read(_) | Verdict::Duplicate { .. } => {
                    let outcome = if matches!(verdict, Verdict::Read(_)) {
                        FileOutcome::Accepted
                    } else {
                        FileOutcome::Duplicate
                    };
                    let file_name = format!("{}-{}", &p.sha256[..12], safe);
                    (
                        outcome,
                        mover::unique_path(&archive_dir, &file_name, &is_planned),
                    )
                }
                Verdict::Rejected(_) => (
                    FileOutcome::Rejected,
                    mover::unique_path(&self.ws.rejected(), &safe, &is_planned),
                ),
            };
            planned.insert(dest.clone());
            let dest_rel = dest
                .strip_prefix(&self.ws.root)
                .unwrap_or(&dest)
                .to_string_lossy()
                .into_owned();
            let (reason, layout, report, returns, duplicate_of) = match &verdict {
                Verdict::Read(read) => (
                    None,
                    read.returns.first().map(|r| r.layout.as_str().to_string()),
                    read.report.clone(),
                    read.returns.as_slice(),
                    None,
                ),
                Verdict::Rejected(e) => (Some(e.to_string()), None, Vec::new(), &[][..], None),
                Verdict::Duplicate { of_file, of_name } => (
                    Some(if of_name.is_empty() {
                        "byte-identical to a file received in the same batch".to_string()
                    } else {
                        format!("byte-identical to {of_name}, received earlier")
                    }),
                    None,
                    Vec::new(),
                    &[][..],
                    *of_file,
                ),
            };
            let file_id = store::files::insert(
                &tx,
                &NewFile {
                    name: name.clone(),
                    sha256: p.sha256.clone(),
                    size: p.candidate.size,
                    modified_at: Some(
                        chrono::DateTime::<chrono::Utc>::from(p.candidate.modified)
                            .format("%Y-%m-%dT%H:%M:%SZ")
                            .to_string(),
                    ),
                    received_at: received_at.clone(),
                    outcome,
                    reason: reason.clone(),
                    layout,
                    dest_path: dest_rel.clone(),
                    duplicate_of,
                    run_id,
                    report: report.clone(),
                },
            )?;
            let mut note_lines = Vec::new();
            for (seq, r) in returns.iter().enumerate() {
                let (_, previous) = store::returns::insert(&tx, file_id, seq, r, &received_at)?;
                summary.superseded += usize::from(previous.is_some());
                note_lines.extend(r.notes.iter().map(|n| {
                    (
                        r.location.clone(),
                        format!("{} {}: {}", n.severity.as_str(), n.rule, n.message),
                    )
                }));
            }
            if outcome == FileOutcome::Accepted {
                accepted_in_batch.insert(p.sha256.clone(), file_id);
            }
            match outcome {
                FileOutcome::Accepted => counts.accepted += 1,
                FileOutcome::Rejected => counts.rejected += 1,
                FileOutcome::Duplicate => counts.duplicate += 1,
            }
            info!(file = %name, sha = %&p.sha256[..12], outcome = outcome.as_str(), reason = reason.as_deref().unwrap_or(""), "file taken");
            let hint = match &verdict {
                Verdict::Rejected(e) => Some(e.hint()),
                _ => None,
            };
            summary.fates.push(FileFate {
                name,
                sha256: p.sha256.clone(),
                outcome,
                reason,
                services: returns
                    .iter()
                    .filter(|r| r.kind == crate::ingest::ReturnKind::Service)
                    .count(),
                responses: returns
                    .iter()
                    .filter(|r| r.kind == crate::ingest::ReturnKind::Commissioner)
                    .count(),
                contracts: returns
                    .iter()
                    .filter(|r| r.kind == crate::ingest::ReturnKind::ProviderContract)
                    .count(),
                people: returns
                    .iter()
                    .filter(|r| r.kind == crate::ingest::ReturnKind::Person)
                    .count(),
                notes: note_lines.len(),
                note_lines,
                report,
                dest: dest_rel,
                changed_meanwhile: false,
            });
            placements.push((
                file_id,
                p.candidate,
                p.bytes,
                p.read_mtime,
                dest,
                hint,
                p.sha256,
            ));
        }
        tracing::debug!(
            ms = phase.elapsed().as_millis() as u64,
            "ledger and returns recorded"
        );
        let (mut tables, kinds) = self.compute(&tx)?;
        counts.services = kinds.services;
        summary.services = kinds.services;
        summary.responses = kinds.responses;
        summary.contracts = kinds.contracts;
        summary.people = kinds.people;
        let t = Instant::now();
        results::publish(self.ws, run_id, &mut tables)?;
        tracing::debug!(ms = t.elapsed().as_millis() as u64, "results written");
        crate::fault::point("after_results_written");
        store::amendments::mark_published(&tx)?;
        tx.commit().map_err(StoreError::from)?;
        crate::fault::point("after_commit");

        tracing::debug!(ms = phase.elapsed().as_millis() as u64, "committed");
        let first_fate = summary.fates.len() - placements.len();
        // Write every destination, then sync each file and each directory
        // once, and only then remove the inbox copies: a crash at any point
        // leaves every file either in the inbox or safely in place.
        let mut written = Vec::new();
        for (i, (file_id, cand, bytes, mtime, dest, hint, sha)) in
            placements.into_iter().enumerate()
        {
            let fate = &mut summary.fates[first_fate + i];
            if let (Some(hint), Some(reason)) = (hint, &fate.reason) {
                let text = mover::error_text(&fate.name, &sha, &received_at, reason, hint);
                if let Err(e) = mover::write_file(&error_path(&dest), text.as_bytes()) {
                    warn!(file = %fate.name, error = %e, "could not write the rejection reason");
                }
            }
            match mover::put(&cand.path, &dest, bytes.as_deref().map(Vec::as_slice)) {
                Ok(()) => written.push((first_fate + i, file_id, cand, mtime, dest)),
                Err(e) => {
                    warn!(file = %fate.name, error = %e, "could not move the file yet; will retry")
                }
            }
        }
        let synced = mover::sync_all(written.iter().map(|w| w.4.as_path()));
        if let Err(e) = &synced {
            warn!(error = %e, "could not make the archived files durable; the inbox copies are kept");
        }
        crate::fault::point("after_first_move");
        let mut moved = Vec::new();
        if synced.is_ok() {
            for (fate_index, file_id, cand, mtime, _) in written {
                match mover::remove_if_unchanged(&cand.path, cand.size, mtime) {
                    Ok(removed) => {
                        summary.fates[fate_index].changed_meanwhile = !removed;
                        moved.push(file_id);
                    }
                    Err(e) => {
                        warn!(file = %cand.name, error = %e, "could not remove the inbox copy yet")
                    }
                }
            }
        }
        store::files::mark_all_moved(store.conn_mut(), &moved)?;
        tracing::debug!(ms = phase.elapsed().as_millis() as u64, "files archived");
        Ok(counts)
    }

    /// Results and the queue from the current returns, inside the run's
    /// transaction: amendments are laid over the returns, the models run,
    /// the checks' findings sync the queue, and - only if the queue's flags
    /// changed what the models saw - the models run again.
    /// Returns the results with how many returns of each kind they hold.
    fn compute(
        &self,
        tx: &rusqlite::Connection,
    ) -> Result<(pipeline::Tables, KindCounts), IntakeError> {
        let t = Instant::now();
        let lap = |what: &str| tracing::debug!(ms = t.elapsed().as_millis() as u64, "{what}");
        let raw = store::returns::current(tx)?;
        lap("returns decoded");
        let overlaid = checks::overlay::apply(raw, &store::amendments::active(tx)?);
        store::amendments::supersede(tx, &overlaid.superseded)?;
        // Reference data, models and checks are read each run, so an
        // analyst's edit applies at once.
        let reference = Reference::load(Some(&self.ws.root))?;
        let models = pipeline::models_for(Some(&self.ws.root))?;
        let checks = checks::load(Some(&self.ws.root))?;
        let ctx = pipeline::Context {
            schema: self.schema,
            reference: &reference,
            models: &models,
            config: self.config,
        };
        let before = store::anomalies::flags(tx)?;
        let first = pipeline::run(&overlaid.returns, &ctx, &before)?;
        lap("models run");
        let resubmissions = store::returns::resubmissions(tx)?;
        let findings = checks::run(&first.all, &overlaid.returns, &checks, &resubmissions)?;
        lap("checks run");
        let reasons = CloseReasons {
            amended: &overlaid.amended,
            current: overlaid
                .returns
                .iter()
                .map(|r| (store::returns::identity_key(&r.data), r.id))
                .collect(),
        };
        let synced = store::anomalies::sync(tx, &findings, &reasons)?;
        lap("queue synced");
        info!(
            created = synced.created,
            reopened = synced.reopened,
            closed = synced.closed,
            "queue synced"
        );
        let after = store::anomalies::flags(tx)?;
        drop(findings);
        // Only when the queue changed which services count are the models
        // run again; the first pass's tables are let go first.
        let out = if after != before {
            drop(first);
            let again = pipeline::run(&overlaid.returns, &ctx, &after)?;
            lap("models run again with the queue's flags");
            again
        } else {
            first
        };
        let count = |kind| {
            overlaid
                .returns
                .iter()
                .filter(|r| r.data.kind == kind)
                .count()
        };
        use crate::ingest::ReturnKind;
        let counts = KindCounts {
            services: count(ReturnKind::Service),
            responses: count(ReturnKind::Commissioner),
            contracts: count(ReturnKind::ProviderContract),
            people: count(ReturnKind::Person),
        };
        Ok((out.results, counts))
    }

    /// Read, hash and judge each file. Nothing is written.
    fn prepare(&self, store: &Store, batch: Vec<Candidate>) -> Result<Vec<Prepared>, IntakeError> {
        let limits = self.config.read_limits();
        let mut out = Vec::with_capacity(batch.len());
        let mut to_parse: Vec<(usize, String, std::sync::Arc<Vec<u8>>)> = Vec::new();
        for candidate in batch {
            let (bytes, sha256) = if candidate.size > limits.max_file_bytes {
                match mover::sha256_file(&candidate.path) {
                    Ok(sha) => (None, sha),
                    Err(e) => {
                        warn!(file = %candidate.name, error = %e, "cannot read; left in the inbox");
                        continue;
                    }
                }
            } else {
                match std::fs::read(&candidate.path) {
                    Ok(b) => {
                        let sha = mover::sha256_hex(&b);
                        (Some(std::sync::Arc::new(b)), sha)
                    }
                    Err(e) => {
                        warn!(file = %candidate.name, error = %e, "cannot read; left in the inbox");
                        continue;
                    }
                }
            };
            let read_mtime = std::fs::symlink_metadata(&candidate.path)
                .and_then(|m| m.modified())
                .unwrap_or(candidate.modified);
            let mut candidate = candidate;
            if let Some(b) = &bytes {
                candidate.size = b.len() as u64;
            }
            let verdict = match store::files::first_with_sha(store.conn(), &sha256)? {
                Some(first) => Verdict::Duplicate {
                    of_file: Some(first.id),
                    of_name: first.name,
                },
                None => match &bytes {
                    None => Verdict::Rejected(IngestError::TooLarge {
                        size: candidate.size,
                        limit: limits.max_file_bytes,
                    }),
                    Some(b) => {
                        to_parse.push((
                            out.len(),
                            candidate.name.clone(),
                            std::sync::Arc::clone(b),
                        ));
                        // Filled in below, once the readers are done.
                        Verdict::Rejected(IngestError::ReaderFailed {
                            detail: "not read".into(),
                        })
                    }
                },
            };
            out.push(Prepared {
                candidate,
                bytes,
                sha256,
                read_mtime,
                verdict,
            });
        }
        let (slots, jobs): (Vec<usize>, Vec<ingest::ReadJob>) = to_parse
            .into_iter()
            .map(|(i, name, bytes)| (i, (name, bytes)))
            .unzip();
        for (slot, result) in slots.into_iter().zip(ingest::read_all(jobs, &limits)) {
            out[slot].verdict = match result {
                Ok(read) => Verdict::Read(read),
                Err(e) => Verdict::Rejected(e),
            };
        }
        Ok(out)
    }

    /// Finish moves that a crash left undone. Returns how many.
    fn recover(&self, store: &Store) -> Result<usize, IntakeError> {
        let pending = store::files::unmoved(store.conn())?;
        for rec in &pending {
            let dest = self.ws.root.join(&rec.dest_path);
            let source = self.ws.inbox().join(&rec.name);
            let source_matches = mover::sha256_file(&source).is_ok_and(|s| s == rec.sha256);
            let dest_ok = mover::sha256_file(&dest).is_ok_and(|s| s == rec.sha256);
            if !dest_ok {
                if source_matches {
                    let bytes = std::fs::read(&source).map_err(|e| IntakeError::Inbox {
                        path: source.display().to_string(),
                        source: e,
                    })?;
                    if let Err(e) = mover::write_synced(&dest, &bytes) {
                        warn!(file = %rec.name, error = %e, "recovery could not place the file yet");
                        continue;
                    }
                } else {
                    warn!(file = %rec.name, sha = %&rec.sha256[..12], "recorded file found neither in the inbox nor at its destination");
                }
            }
            if rec.outcome == FileOutcome::Rejected && !error_path(&dest).exists() {
                let reason = rec.reason.clone().unwrap_or_default();
                let text = mover::error_text(
                    &rec.name,
                    &rec.sha256,
                    &rec.received_at,
                    &reason,
                    "see the reason above",
                );
                let _ = mover::write_synced(&error_path(&dest), text.as_bytes());
            }
            if source_matches && let Err(e) = std::fs::remove_file(&source) {
                warn!(file = %rec.name, error = %e, "could not remove the inbox copy");
                continue;
            }
            store::files::mark_moved(store.conn(), rec.id)?;
            info!(file = %rec.name, sha = %&rec.sha256[..12], "finished a move left by an interrupted run");
        }
        Ok(pending.len())
    }
}

/// How many current returns of each kind a run's results hold.
struct KindCounts {
    services: usize,
    responses: usize,
    contracts: usize,
    people: usize,
}

/// Why an anomaly that no longer fires went away.
struct CloseReasons<'a> {
    amended: &'a std::collections::HashSet<String>,
    current: HashMap<String, i64>,
}

impl store::anomalies::CloseReason for CloseReasons<'_> {
    fn reason(&self, a: &store::anomalies::Anomaly) -> &'static str {
        if self.amended.contains(&a.identity) {
            "amended"
        } else if a.return_id.is_some() && self.current.get(&a.identity).copied() != a.return_id {
            "resubmitted"
        } else {
            "data changed"
        }
    }
}

fn error_path(dest: &Path) -> std::path::PathBuf {
    let mut s = dest.as_os_str().to_owned();
    s.push(".error.txt");
    s.into()
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
