//! The file ledger: one row per file taken out of the inbox.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOutcome {
    Accepted,
    Rejected,
    /// Byte-identical to a file already received: archived, not read again.
    Duplicate,
}

impl FileOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            FileOutcome::Accepted => "accepted",
            FileOutcome::Rejected => "rejected",
            FileOutcome::Duplicate => "duplicate",
        }
    }
    fn parse(s: &str) -> FileOutcome {
        match s {
            "accepted" => FileOutcome::Accepted,
            "duplicate" => FileOutcome::Duplicate,
            _ => FileOutcome::Rejected,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewFile {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub modified_at: Option<String>,
    pub received_at: String,
    pub outcome: FileOutcome,
    pub reason: Option<String>,
    pub layout: Option<String>,
    pub dest_path: String,
    pub duplicate_of: Option<i64>,
    pub run_id: i64,
    pub report: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct FileRecord {
    pub id: i64,
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub received_at: String,
    pub outcome: FileOutcome,
    pub reason: Option<String>,
    pub dest_path: String,
    pub moved: bool,
    pub duplicate_of: Option<i64>,
    /// The layout an accepted file was read from ("contract batch", …).
    pub layout: Option<String>,
    /// Why the file was read as its kind: the ingest report's recognition
    /// line ("read as provider contract rows — 14 of its columns
    /// recognised (others: …)").
    pub read_as: Option<String>,
}

const COLUMNS: &str = "id, name, sha256, size, received_at, outcome, reason, dest_path, moved, \
                       duplicate_of, layout, report";

/// The recognition line among a file's report lines.
fn recognition_line(report: &str) -> Option<String> {
    let lines: Vec<String> = serde_json::from_str(report).ok()?;
    lines.into_iter().find(|l| l.starts_with("read as "))
}

fn record(r: &Row<'_>) -> rusqlite::Result<FileRecord> {
    Ok(FileRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        sha256: r.get(2)?,
        size: r.get::<_, i64>(3)? as u64,
        received_at: r.get(4)?,
        outcome: FileOutcome::parse(&r.get::<_, String>(5)?),
        reason: r.get(6)?,
        dest_path: r.get(7)?,
        moved: r.get::<_, i64>(8)? != 0,
        duplicate_of: r.get(9)?,
        layout: r.get(10)?,
        read_as: recognition_line(&r.get::<_, String>(11)?),
    })
}

pub fn insert(conn: &Connection, f: &NewFile) -> Result<i64, StoreError> {
    conn.prepare_cached(
        "INSERT INTO files (name, sha256, size, modified_at, received_at, outcome, reason, layout,
                            dest_path, duplicate_of, run_id, report)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        f.name,
        f.sha256,
        f.size as i64,
        f.modified_at,
        f.received_at,
        f.outcome.as_str(),
        f.reason,
        f.layout,
        f.dest_path,
        f.duplicate_of,
        f.run_id,
        serde_json::to_string(&f.report)?,
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn mark_moved(conn: &Connection, id: i64) -> Result<(), StoreError> {
    conn.prepare_cached("UPDATE files SET moved = 1 WHERE id = ?1")?
        .execute(params![id])?;
    Ok(())
}

/// Mark many files moved in one transaction.
pub fn mark_all_moved(conn: &mut Connection, ids: &[i64]) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare("UPDATE files SET moved = 1 WHERE id = ?1")?;
        for id in ids {
            stmt.execute(params![id])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Files whose move to archive/ or rejected/ was not confirmed.
pub fn unmoved(conn: &Connection) -> Result<Vec<FileRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM files WHERE moved = 0 ORDER BY id"
    ))?;
    let rows = stmt.query_map([], record)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The first file received with these bytes whose data were kept.
pub fn first_with_sha(conn: &Connection, sha256: &str) -> Result<Option<FileRecord>, StoreError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM files WHERE sha256 = ?1 AND outcome = 'accepted' ORDER BY id LIMIT 1"
            ),
            params![sha256],
            record,
        )
        .optional()?)
}

pub fn recent(conn: &Connection, limit: usize) -> Result<Vec<FileRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM files ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt
        .query_map(params![limit as i64], record)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// (accepted, rejected, duplicate) over the whole ledger.
pub fn counts(conn: &Connection) -> Result<(usize, usize, usize), StoreError> {
    let mut stmt = conn.prepare("SELECT outcome, COUNT(*) FROM files GROUP BY outcome")?;
    let mut out = (0, 0, 0);
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (outcome, n) = row?;
        match FileOutcome::parse(&outcome) {
            FileOutcome::Accepted => out.0 = n as usize,
            FileOutcome::Rejected => out.1 = n as usize,
            FileOutcome::Duplicate => out.2 = n as usize,
        }
    }
    Ok(out)
}
