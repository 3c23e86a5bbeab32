//! Step 3 of a run: in one SQLite transaction, record every file and its
//! returns, compute the results from that transaction and publish them,
//! then commit. Only after the commit are files placed (step 4).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tracing::info;

use super::place::Placement;
use super::prepare::{Prepared, Verdict};
use super::{FileFate, Intake, IntakeError, RunSummary, Source};
use crate::ingest::{PerKind, Return, ReturnKind};
use crate::kinds::Named;
use crate::results;
use crate::store::{self, FileOutcome, NewFile, Store, StoreError};
use crate::watch::mover;
use crate::watch::scan::Candidate;

/// Where this batch's files go: the archive's month folder, and the paths
/// already promised to a file of the batch.
struct Destinations {
    archive_dir: PathBuf,
    planned: HashSet<PathBuf>,
}

impl Destinations {
    fn new(archive: &Path) -> Destinations {
        let now = chrono::Utc::now();
        Destinations {
            archive_dir: archive
                .join(now.format("%Y").to_string())
                .join(now.format("%m").to_string()),
            planned: HashSet::new(),
        }
    }

    /// A free path for a file: archived under its hash and name, or in
    /// rejected/ under its name.
    fn claim(&mut self, rejected: &Path, p: &Prepared, verdict: &Verdict) -> PathBuf {
        let safe = mover::safe_name(&p.candidate.name);
        let is_planned = |c: &Path| self.planned.contains(c);
        let dest = match verdict {
            Verdict::Rejected(_) => mover::unique_path(rejected, &safe, &is_planned),
            _ => {
                let file_name = format!("{}-{}", &p.sha256[..12], safe);
                mover::unique_path(&self.archive_dir, &file_name, &is_planned)
            }
        };
        self.planned.insert(dest.clone());
        dest
    }
}

/// What the ledger records of a file, from its verdict.
struct Entry<'v> {
    outcome: FileOutcome,
    reason: Option<String>,
    layout: Option<String>,
    report: Vec<String>,
    returns: &'v [Return],
    duplicate_of: Option<i64>,
}

impl<'v> Entry<'v> {
    fn of(verdict: &'v Verdict) -> Entry<'v> {
        match verdict {
            Verdict::Read(read) => Entry {
                outcome: FileOutcome::Accepted,
                reason: None,
                layout: read.returns.first().map(|r| r.layout_name().to_string()),
                report: read.report.clone(),
                returns: read.returns.as_slice(),
                duplicate_of: None,
            },
            Verdict::Rejected(e) => Entry {
                outcome: FileOutcome::Rejected,
                reason: Some(e.to_string()),
                layout: None,
                report: Vec::new(),
                returns: &[],
                duplicate_of: None,
            },
            Verdict::Duplicate { of_file, of_name } => Entry {
                outcome: FileOutcome::Duplicate,
                reason: Some(if of_name.is_empty() {
                    "byte-identical to a file received in the same batch".to_string()
                } else {
                    format!("byte-identical to {of_name}, received earlier")
                }),
                layout: None,
                report: Vec::new(),
                returns: &[],
                duplicate_of: *of_file,
            },
        }
    }
}

impl Intake<'_> {
    pub(super) fn commit_batch(
        &self,
        store: &mut Store,
        run_id: i64,
        batch: Vec<Candidate>,
        summary: &mut RunSummary,
        publish: bool,
    ) -> Result<store::RunCounts, IntakeError> {
        let phase = Instant::now();
        let lap = |what: &str| crate::logging::lap(phase, what);
        let prepared = self.prepare(store, batch)?;
        lap("files read and parsed");
        crate::fault::point("after_parse");
        let received_at = store::now_rfc3339();
        let mut counts = store::RunCounts {
            ignored: summary.ignored.len(),
            ..Default::default()
        };
        let tx = store.conn_mut().transaction().map_err(StoreError::from)?;
        // Before this run's own changes: whether what the last run left is
        // still what the ledger holds.
        let vouched = self.vouched(&tx)?;
        let placements = self.record(&tx, run_id, prepared, &received_at, &mut counts, summary)?;
        lap("ledger and returns recorded");
        let mut left = None;
        if publish {
            let encoding = results::Encoding::default();
            let computed = self.compute(&tx, &encoding, vouched)?;
            let (mut tables, kinds) = (computed.tables, computed.kinds);
            counts.services = kinds.get(ReturnKind::PRIMARY);
            summary.current = kinds;
            let t = Instant::now();
            let mut kept = self.kept();
            results::publish(
                self.ws,
                run_id,
                &mut tables,
                self.config.results.keep_runs,
                kept.as_mut().map(|k| &mut k.written),
                Some(&encoding),
            )?;
            drop(kept);
            crate::logging::lap(t, "results written");
            crate::fault::point("after_results_written");
            store::amendments::mark_published(&tx)?;
            if let Some(queue) = computed.queue {
                let token = store::mark::write(&tx)?;
                left = Some(super::Vouched {
                    token,
                    queue,
                    flags: computed.flags,
                });
            }
        }
        tx.commit().map_err(StoreError::from)?;
        crate::fault::point("after_commit");
        if let Some(mut kept) = self.kept() {
            kept.ledger = left;
        }
        lap("committed");
        match self.source {
            Source::Inbox => self.place(store, placements, &received_at, summary)?,
            Source::Archive => {
                let ids: Vec<i64> = placements.iter().map(|p| p.file_id).collect();
                store::files::mark_all_moved(store.conn_mut(), &ids)?;
            }
        }
        lap("files archived");
        Ok(counts)
    }

    /// Every file of the batch into the ledger, with its returns; what each
    /// became goes into the summary, and where each is to go is returned.
    fn record(
        &self,
        tx: &rusqlite::Transaction,
        run_id: i64,
        prepared: Vec<Prepared>,
        received_at: &str,
        counts: &mut store::RunCounts,
        summary: &mut RunSummary,
    ) -> Result<Vec<Placement>, IntakeError> {
        let mut destinations = Destinations::new(&self.ws.archive());
        let mut accepted_in_batch: HashMap<String, i64> = HashMap::new();
        let mut placements = Vec::new();
        for p in prepared {
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
            let p = Prepared { verdict, ..p };
            let dest = match self.source {
                Source::Inbox => destinations.claim(&self.ws.rejected(), &p, &p.verdict),
                Source::Archive => p.candidate.path.clone(),
            };
            let entry = Entry::of(&p.verdict);
            let (file_id, fate) = self.record_file(tx, run_id, &p, &entry, &dest, received_at)?;
            summary.superseded += fate.1;
            match entry.outcome {
                FileOutcome::Accepted => {
                    accepted_in_batch.insert(p.sha256.clone(), file_id);
                    counts.accepted += 1
                }
                FileOutcome::Rejected => counts.rejected += 1,
                FileOutcome::Duplicate => counts.duplicate += 1,
            }
            let hint = match &p.verdict {
                Verdict::Rejected(e) => Some(e.hint()),
                _ => None,
            };
            summary.fates.push(fate.0);
            placements.push(Placement {
                file_id,
                fate_index: summary.fates.len() - 1,
                candidate: p.candidate,
                bytes: p.bytes,
                stamp: p.stamp,
                dest,
                hint,
                sha256: p.sha256,
            });
        }
        Ok(placements)
    }

    /// One file's ledger row and returns. Gives the file's id, its fate,
    /// and how many of its returns replaced an earlier version.
    fn record_file(
        &self,
        tx: &rusqlite::Transaction,
        run_id: i64,
        p: &Prepared,
        entry: &Entry,
        dest: &Path,
        received_at: &str,
    ) -> Result<(i64, (FileFate, usize)), IntakeError> {
        let name = p.candidate.name.clone();
        let modified = chrono::DateTime::<chrono::Utc>::from(p.candidate.modified);
        // A file read again from archive/ was received when its copy there
        // was written.
        let received_at = match self.source {
            Source::Inbox => received_at.to_string(),
            Source::Archive => modified.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        };
        let received_at = received_at.as_str();
        let dest_rel = dest
            .strip_prefix(&self.ws.root)
            .unwrap_or(dest)
            .to_string_lossy()
            .into_owned();
        let file_id = store::files::insert(
            tx,
            &NewFile {
                name: name.clone(),
                sha256: p.sha256.clone(),
                size: p.candidate.size,
                modified_at: Some(modified.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                received_at: received_at.to_string(),
                outcome: entry.outcome,
                reason: entry.reason.clone(),
                layout: entry.layout.clone(),
                dest_path: dest_rel.clone(),
                duplicate_of: entry.duplicate_of,
                run_id,
                report: entry.report.clone(),
            },
        )?;
        let mut note_lines = Vec::new();
        let mut superseded = 0;
        for (seq, r) in entry.returns.iter().enumerate() {
            let (_, previous) = store::returns::insert(tx, file_id, seq, r, received_at)?;
            superseded += usize::from(previous.is_some());
            note_lines.extend(r.notes.iter().map(|n| {
                (
                    r.location.clone(),
                    format!("{} {}: {}", n.severity.as_str(), n.rule, n.message),
                )
            }));
        }
        info!(file = %name, sha = %&p.sha256[..12], outcome = entry.outcome.as_str(), reason = entry.reason.as_deref().unwrap_or(""), "file taken");
        let fate = FileFate {
            name,
            sha256: p.sha256.clone(),
            outcome: entry.outcome,
            reason: entry.reason.clone(),
            returns: PerKind::of(entry.returns.iter().map(|r| r.kind)),
            notes: note_lines.len(),
            note_lines,
            report: entry.report.clone(),
            dest: dest_rel,
            changed_meanwhile: false,
        };
        Ok((file_id, (fate, superseded)))
    }
}
