//! Step 1 of a run: finish the moves a crash left undone (ledger rows with
//! `moved = 0`).

use std::path::{Path, PathBuf};

use tracing::{info, warn};

use super::{Intake, IntakeError};
use crate::store::{self, FileOutcome, Store};
use crate::watch::mover;

impl Intake<'_> {
    /// Finish moves that a crash left undone. Returns how many it finished,
    /// and the inbox files that are safely placed but cannot be removed
    /// (they must not be taken again as new arrivals).
    pub(super) fn recover(&self, store: &Store) -> Result<(usize, Vec<String>), IntakeError> {
        let pending = store::files::unmoved(store.conn())?;
        let mut stuck = Vec::new();
        let mut finished = 0;
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
            if source_matches && let Err(e) = mover::remove_from_inbox(&source) {
                warn!(file = %rec.name, error = %e, "placed safely, but the inbox copy cannot be removed; remove it by hand");
                stuck.push(rec.name.clone());
                continue;
            }
            store::files::mark_moved(store.conn(), rec.id)?;
            finished += 1;
            info!(file = %rec.name, sha = %&rec.sha256[..12], "finished a move left by an interrupted run");
        }
        Ok((finished, stuck))
    }
}

/// Where a rejected file's reason is written, beside it.
pub(super) fn error_path(dest: &Path) -> PathBuf {
    let mut s = dest.as_os_str().to_owned();
    s.push(".error.txt");
    s.into()
}
