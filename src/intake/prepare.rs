//! Step 2 of a run: read, hash and judge each file. Nothing is written.

use std::sync::Arc;
use std::time::SystemTime;

use tracing::warn;

use super::{Intake, IntakeError};
use crate::ingest::{self, FileRead, IngestError};
use crate::store::{self, Store};
use crate::watch::mover;
use crate::watch::scan::Candidate;

/// A file read and judged, not yet recorded.
pub(super) struct Prepared {
    pub candidate: Candidate,
    pub bytes: Option<Arc<Vec<u8>>>,
    pub sha256: String,
    pub read_mtime: SystemTime,
    pub verdict: Verdict,
}

pub(super) enum Verdict {
    Read(FileRead),
    Rejected(IngestError),
    Duplicate {
        of_file: Option<i64>,
        of_name: String,
    },
}

impl Intake<'_> {
    /// Read, hash and judge each file. Nothing is written.
    pub(super) fn prepare(
        &self,
        store: &Store,
        batch: Vec<Candidate>,
    ) -> Result<Vec<Prepared>, IntakeError> {
        let limits = self.config.read_limits();
        let mut out = Vec::with_capacity(batch.len());
        let mut to_parse: Vec<(usize, String, Arc<Vec<u8>>)> = Vec::new();
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
                        (Some(Arc::new(b)), sha)
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
                        to_parse.push((out.len(), candidate.name.clone(), Arc::clone(b)));
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
}
