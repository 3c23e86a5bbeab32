//! Step 2 of a run: read, hash and judge each file. Nothing is written.

use std::sync::Arc;

use tracing::warn;

use super::{Intake, IntakeError};
use crate::ingest::{self, FileRead, IngestError};
use crate::store::{self, Store};
use crate::watch::mover::{self, FileStamp};
use crate::watch::scan::Candidate;

/// A file read and judged, not yet recorded.
pub(super) struct Prepared {
    pub candidate: Candidate,
    pub bytes: Option<Arc<Vec<u8>>>,
    pub sha256: String,
    /// The file as it was read, to remove it only if it is still that.
    pub stamp: FileStamp,
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
            // Stamped before and after the read: a file that changed while
            // it was read is left for the next batch, never half-taken.
            let Ok(before) = FileStamp::of(&candidate.path) else {
                continue; // gone since the listing
            };
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
            let after = FileStamp::of(&candidate.path).ok();
            let read_whole = bytes.as_ref().is_none_or(|b| b.len() as u64 == before.size);
            if after != Some(before) || !read_whole {
                warn!(file = %candidate.name, "changed while being read; left in the inbox for the next batch");
                continue;
            }
            let stamp = before;
            let mut candidate = candidate;
            candidate.size = stamp.size;
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
                stamp,
                verdict,
            });
        }
        let (slots, jobs): (Vec<usize>, Vec<ingest::ReadJob>) = to_parse
            .into_iter()
            .map(|(i, name, bytes)| (i, (name, bytes)))
            .unzip();
        for (slot, result) in slots
            .into_iter()
            .zip(crate::kinds::read::read_all(jobs, &limits))
        {
            out[slot].verdict = match result {
                Ok(read) => Verdict::Read(read),
                Err(e) => Verdict::Rejected(e),
            };
        }
        Ok(out)
    }
}
