//! Step 4 of a run, after the commit: rename each file still as it was
//! read to its destination (else write the bytes read there), sync, and
//! only then remove any copy left in the inbox; mark it moved. A crash at
//! any point leaves every file either in the inbox or safely in place, and
//! the ledger says which (`moved`).

use std::path::PathBuf;
use std::sync::Arc;

use tracing::warn;

use super::recover::error_path;
use super::{Intake, IntakeError, RunSummary};
use crate::store::{self, Store};
use crate::watch::mover::{self, FileStamp};
use crate::watch::scan::Candidate;

/// A recorded file and where it is to go.
pub(super) struct Placement {
    pub file_id: i64,
    /// Its fate in the run's summary.
    pub fate_index: usize,
    pub candidate: Candidate,
    /// The bytes read (none for a file too large to hold).
    pub bytes: Option<Arc<Vec<u8>>>,
    pub stamp: FileStamp,
    pub dest: PathBuf,
    /// What to do about a rejection, for its `.error.txt`.
    pub hint: Option<&'static str>,
    pub sha256: String,
}

impl Intake<'_> {
    /// Write every destination, then sync each file and each directory
    /// once, and only then remove the inbox copies.
    pub(super) fn place(
        &self,
        store: &mut Store,
        placements: Vec<Placement>,
        received_at: &str,
        summary: &mut RunSummary,
    ) -> Result<(), IntakeError> {
        let t = std::time::Instant::now();
        let lap = |what: &str| crate::logging::lap(t, what);
        let mut written = Vec::new();
        // The first file that could not be placed, and how many could not.
        let mut failed: Option<(PathBuf, std::io::Error)> = None;
        let mut not_placed = 0usize;
        for p in placements {
            let fate = &summary.fates[p.fate_index];
            if let (Some(hint), Some(reason)) = (p.hint, &fate.reason) {
                let text = mover::error_text(&fate.name, &p.sha256, received_at, reason, hint);
                if let Err(e) = mover::write_file(&error_path(&p.dest), text.as_bytes()) {
                    warn!(file = %fate.name, error = %e, "could not write the rejection reason");
                }
            }
            let bytes = p.bytes.as_deref().map(Vec::as_slice);
            // An unchanged file is renamed into place (creating a copy is
            // most of this step's time); else the bytes read are written.
            let placed = match bytes {
                Some(b) => match mover::rename_if_unchanged(&p.candidate.path, &p.dest, &p.stamp) {
                    Ok(true) => Ok(true),
                    Ok(false) => mover::put(&p.candidate.path, &p.dest, Some(b)).map(|()| false),
                    Err(e) => Err(e),
                },
                None => mover::put(&p.candidate.path, &p.dest, None).map(|()| false),
            };
            match placed {
                Ok(renamed) => written.push((p, renamed)),
                Err(e) => {
                    warn!(file = %fate.name, error = %e, "could not place the file; it stays in the inbox");
                    // The destination was free when claimed: what is
                    // there now is this failed copy, never a whole file.
                    let _ = std::fs::remove_file(&p.dest);
                    not_placed += 1;
                    failed.get_or_insert((p.dest.clone(), e));
                }
            }
        }
        lap("placed files renamed or written");
        let synced = mover::sync_all(written.iter().map(|(w, _)| w.dest.as_path()));
        lap("placed files synced");
        crate::fault::point("after_first_move");
        let mut moved = Vec::new();
        match synced {
            Ok(()) => {
                for (p, renamed) in written {
                    let cand = &p.candidate;
                    if renamed {
                        // Already gone from the inbox, in one step.
                        moved.push(p.file_id);
                        continue;
                    }
                    match mover::remove_if_unchanged(&cand.path, &p.stamp) {
                        Ok(removed) => {
                            summary.fates[p.fate_index].changed_meanwhile = !removed;
                            moved.push(p.file_id);
                        }
                        Err(e) => {
                            warn!(file = %cand.name, error = %e, "could not remove the inbox copy yet")
                        }
                    }
                }
            }
            Err(e) => {
                warn!(error = %e, "could not make the placed files durable; the inbox copies are kept");
                not_placed += written.len();
                if let Some((first, _)) = written.first() {
                    failed.get_or_insert((first.dest.clone(), e));
                }
            }
        }
        lap("inbox copies removed");
        store::files::mark_all_moved(store.conn_mut(), &moved)?;
        lap("ledger marked moved");
        match failed {
            None => Ok(()),
            Some((path, source)) => Err(IntakeError::NotPlaced {
                count: not_placed,
                dir: path
                    .parent()
                    .unwrap_or(&path)
                    .strip_prefix(&self.ws.root)
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
                source,
            }),
        }
    }
}
