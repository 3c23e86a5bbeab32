//! Runs: one row per pipeline pass, for `status` and the results directory.

use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, now_rfc3339};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub accepted: usize,
    pub rejected: usize,
    pub duplicate: usize,
    pub ignored: usize,
    pub services: usize,
}

#[derive(Debug, Clone)]
pub struct RunRecord {
    pub id: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: String,
    pub counts: RunCounts,
    pub duration_ms: Option<i64>,
    pub error: Option<String>,
}

/// What a run that a stopped process left `running` is marked with.
pub const INTERRUPTED: &str =
    "interrupted: the process stopped before the run finished; the next run finished its work";

/// Mark runs left `running` by a process that stopped as failed. Only the
/// holder of the workspace lock runs, so when it calls this none is live.
pub fn close_interrupted(conn: &Connection) -> Result<usize, StoreError> {
    Ok(conn.execute(
        "UPDATE runs SET status = 'failed', error = ?1 WHERE status = 'running'",
        params![INTERRUPTED],
    )?)
}

/// Start a run. (Runs a stopped process left open are closed when the
/// worker begins its pass: [`close_interrupted`].)
pub fn start(conn: &Connection) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO runs (started_at, status) VALUES (?1, 'running')",
        params![now_rfc3339()],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn finish(
    conn: &Connection,
    id: i64,
    counts: &RunCounts,
    duration_ms: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE runs SET finished_at = ?2, status = 'ok', files_accepted = ?3, files_rejected = ?4,
             files_duplicate = ?5, files_ignored = ?6, services = ?7, duration_ms = ?8
         WHERE id = ?1",
        params![
            id,
            now_rfc3339(),
            counts.accepted as i64,
            counts.rejected as i64,
            counts.duplicate as i64,
            counts.ignored as i64,
            counts.services as i64,
            duration_ms
        ],
    )?;
    Ok(())
}

pub fn fail(conn: &Connection, id: i64, error: &str, duration_ms: i64) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE runs SET finished_at = ?2, status = 'failed', error = ?3, duration_ms = ?4 WHERE id = ?1",
        params![id, now_rfc3339(), error, duration_ms],
    )?;
    Ok(())
}

/// Whether a run finished after the published one (`None`: none is
/// published): the results are behind the ledger, as after a crash between
/// the batches of one large drop, which publish only at their last.
pub fn newer_than(conn: &Connection, published: Option<i64>) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM runs WHERE status = 'ok' AND id > ?1)",
        params![published.unwrap_or(0)],
        |r| r.get(0),
    )?)
}

pub fn last(conn: &Connection) -> Result<Option<RunRecord>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, started_at, finished_at, status, files_accepted, files_rejected,
                    files_duplicate, files_ignored, services, duration_ms, error
             FROM runs ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok(RunRecord {
                    id: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    status: r.get(3)?,
                    counts: RunCounts {
                        accepted: r.get::<_, i64>(4)? as usize,
                        rejected: r.get::<_, i64>(5)? as usize,
                        duplicate: r.get::<_, i64>(6)? as usize,
                        ignored: r.get::<_, i64>(7)? as usize,
                        services: r.get::<_, i64>(8)? as usize,
                    },
                    duration_ms: r.get(9)?,
                    error: r.get(10)?,
                })
            },
        )
        .optional()?)
}
