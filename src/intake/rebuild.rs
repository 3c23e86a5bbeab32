//! `jobtally rebuild`: a new state.db from the files in archive/.
//!
//! The old state.db (if any) is never deleted: it is renamed aside, and
//! whatever of it can be read is carried into the new one: the queue
//! (statuses, assignees, every event) and the amendments, which are keyed
//! by service identity and so meet the same services again. Then every
//! archived file is read again in the order it was received, as one run
//! would take them from the inbox, but nothing moves.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::Connection;
use tracing::{info, warn};

use super::{Intake, IntakeError, RunSummary, Source};
use crate::config::Config;
use crate::store::{Store, StoreError, identity};
use crate::watch::scan::Candidate;
use crate::workspace::Workspace;

/// What a rebuild did.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// Where the old state.db was kept, if there was one.
    pub kept_at: Option<PathBuf>,
    /// Queue rows and amendments carried over from it.
    pub anomalies: usize,
    pub amendments: usize,
    /// Why nothing could be carried over from an old state.db.
    pub not_carried: Option<String>,
    pub run: RunSummary,
}

/// Rebuild the workspace's state.db from archive/. The caller holds the
/// workspace lock.
pub fn rebuild(ws: &Workspace, config: &Config) -> Result<Rebuilt, IntakeError> {
    let started = Instant::now();
    let db = ws.state_db();
    let mut done = Rebuilt::default();
    if db.exists() {
        done.kept_at = Some(set_aside(&db)?);
    }
    let mut store = Store::open(&db)?;
    identity::create(ws, &store)?;
    let mut names = std::collections::HashMap::new();
    if let Some(old) = &done.kept_at {
        match carry_over(store.conn_mut(), old) {
            Ok(carried) => {
                (done.anomalies, done.amendments) = (carried.anomalies, carried.amendments);
                names = carried.names;
            }
            Err(e) => {
                warn!(error = %e, "nothing carried over from the old state database");
                done.not_carried = Some(e.to_string());
            }
        }
    }
    let candidates = archived(&ws.archive(), &names);
    info!(
        files = candidates.len(),
        "rebuilding the state database from archive/"
    );
    let intake = Intake {
        source: Source::Archive,
        ..Intake::new(ws, config)
    };
    intake.run_candidates(&mut store, candidates, &mut done.run)?;
    done.run.elapsed = started.elapsed();
    Ok(done)
}

/// Rename state.db (and its WAL files) to `state.db.before-rebuild-<time>`.
fn set_aside(db: &Path) -> Result<PathBuf, IntakeError> {
    // Fold the write-ahead log into the file first, where it can be, so
    // the copy kept is whole on its own.
    if let Ok(conn) = Connection::open(db) {
        let _ = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let kept = db.with_file_name(format!("state.db.before-rebuild-{stamp}"));
    for suffix in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", db.display()));
        if from.exists() {
            let to = PathBuf::from(format!("{}{suffix}", kept.display()));
            std::fs::rename(&from, &to).map_err(|source| IntakeError::SetAside {
                path: from.display().to_string(),
                source,
            })?;
        }
    }
    Ok(kept)
}

/// What was carried from the old database.
struct Carried {
    anomalies: usize,
    amendments: usize,
    /// Each archived file's name as it arrived, by its path in archive/.
    names: std::collections::HashMap<String, String>,
}

/// Copy the queue and the amendments from the old database, all or nothing.
fn carry_over(conn: &mut Connection, old: &Path) -> Result<Carried, StoreError> {
    // Brought to this version's tables first, so the copies line up.
    drop(Store::open(old)?);
    conn.execute("ATTACH DATABASE ?1 AS old", [old.display().to_string()])?;
    let copied = copy_from_old(conn);
    let names = old_names(conn);
    conn.execute("DETACH DATABASE old", [])?;
    let (anomalies, amendments) = copied?;
    Ok(Carried {
        anomalies,
        amendments,
        names: names.unwrap_or_default(),
    })
}

fn copy_from_old(conn: &mut Connection) -> Result<(usize, usize), StoreError> {
    let tx = conn.transaction()?;
    // The returns are new rows: each queue row meets its return again at
    // the first queue sync, by its key.
    let anomalies = tx.execute(
        "INSERT INTO anomalies (id, key, rule, severity, identity, service_key, commissioner,
             service_name, period, field, offending, message, people, priority, status, assignee,
             return_id, closed_reason, created, updated)
         SELECT id, key, rule, severity, identity, service_key, commissioner, service_name,
             period, field, offending, message, people, priority, status, assignee, NULL,
             closed_reason, created, updated
         FROM old.anomalies",
        [],
    )?;
    tx.execute(
        "INSERT INTO anomaly_events SELECT * FROM old.anomaly_events",
        [],
    )?;
    let amendments = tx.execute("INSERT INTO amendments SELECT * FROM old.amendments", [])?;
    // Amendments not yet in results make the first run publish.
    tx.execute(
        "UPDATE meta SET value = (SELECT value FROM old.meta WHERE key = 'state_version')
         WHERE key = 'state_version'",
        [],
    )?;
    tx.commit()?;
    Ok((anomalies, amendments))
}

fn old_names(conn: &Connection) -> Result<std::collections::HashMap<String, String>, StoreError> {
    let mut stmt = conn.prepare("SELECT dest_path, name FROM old.files")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every file in archive/, oldest first (by when its copy was written,
/// then by path), named as it arrived where the old ledger says so, else
/// by its archived name without the hash prefix.
fn archived(archive: &Path, names: &std::collections::HashMap<String, String>) -> Vec<Candidate> {
    // Not the rejection reasons written beside a file, nor hidden files.
    let files = crate::workspace::files_under(archive)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| !n.ends_with(".error.txt") && !n.starts_with('.'))
        });
    let root = archive.parent().unwrap_or(archive);
    let mut out: Vec<Candidate> = files
        .filter_map(|path| {
            let meta = std::fs::metadata(&path).ok()?;
            let file_name = path.file_name()?.to_string_lossy().into_owned();
            let rel = path.strip_prefix(root).ok()?.to_string_lossy().into_owned();
            let name = names
                .get(&rel)
                .cloned()
                .unwrap_or_else(|| without_hash_prefix(&file_name).to_string());
            Some(Candidate {
                name,
                size: meta.len(),
                modified: meta.modified().ok()?,
                path,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.modified, &a.path).cmp(&(b.modified, &b.path)));
    out
}

/// `0123456789ab-return.xlsx` → `return.xlsx`.
fn without_hash_prefix(name: &str) -> &str {
    match name.split_once('-') {
        Some((hash, rest))
            if hash.len() == 12
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
                && !rest.is_empty() =>
        {
            rest
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archived_names_lose_their_hash_prefix_only() {
        assert_eq!(
            without_hash_prefix("0123456789ab-return.xlsx"),
            "return.xlsx"
        );
        assert_eq!(without_hash_prefix("0123456789ab-a-b.csv"), "a-b.csv");
        assert_eq!(without_hash_prefix("Bury-return.xlsx"), "Bury-return.xlsx");
        assert_eq!(without_hash_prefix("0123456789ab-"), "0123456789ab-");
    }
}
