//! Which workspace a state.db belongs to.
//!
//! The first open of a new workspace gives it an id, kept both in state.db
//! and in `workspace.id` beside it. After that, a state.db that is missing
//! (deleted, or on a volume not mounted) or that belongs to another
//! workspace is refused with the real options, instead of an empty ledger
//! being started under an archive full of files.

use std::path::Path;

use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, now_rfc3339};
use crate::workspace::Workspace;

/// The file in the workspace root that names its id.
pub const MARKER: &str = "workspace.id";

/// Open the workspace's state.db, making it (and the workspace's id) if
/// this is a new workspace, and refusing one that is missing or foreign.
pub fn open(ws: &Workspace) -> Result<Store, StoreError> {
    let db = ws.state_db();
    let marker = ws.root.join(MARKER);
    // The marker is read before the database is looked for: a process
    // making a new workspace creates the database first and the marker
    // second, so a marker seen means its database exists.
    let named = read_marker(&marker);
    if !db.exists() {
        let used_before = match &named {
            Some(id) => Some(format!("{MARKER} names it {id}")),
            None => has_files(&ws.archive()).then(|| "archive/ holds files".to_string()),
        };
        if let Some(why) = used_before {
            return Err(StoreError::Missing {
                path: db.display().to_string(),
                why,
            });
        }
    }
    let store = Store::open(&db)?;
    let id = claim(&store, named.as_deref())?;
    match named {
        Some(expected) if expected != id => Err(StoreError::Foreign {
            path: db.display().to_string(),
            found: id,
            expected,
        }),
        Some(_) => Ok(store),
        None => {
            write_marker(&marker, &id).map_err(|source| StoreError::Marker {
                path: marker.display().to_string(),
                source,
            })?;
            Ok(store)
        }
    }
}

/// Give a new state.db the workspace's id (the one its marker names, or a
/// new one, then written to the marker): for `jobtally rebuild`.
pub fn create(ws: &Workspace, store: &Store) -> Result<String, StoreError> {
    let marker = ws.root.join(MARKER);
    let named = read_marker(&marker);
    let id = claim(store, named.as_deref())?;
    if named.as_deref() != Some(id.as_str()) {
        write_marker(&marker, &id).map_err(|source| StoreError::Marker {
            path: marker.display().to_string(),
            source,
        })?;
    }
    Ok(id)
}

/// The database's workspace id, giving it `wanted` (or a new id) if it has
/// none. Two processes doing this at once agree: the first to write wins
/// and the second reads what it wrote.
pub fn claim(store: &Store, wanted: Option<&str>) -> Result<String, StoreError> {
    let conn = store.conn();
    let recorded = |conn: &rusqlite::Connection| -> Result<Option<String>, StoreError> {
        Ok(conn
            .query_row("SELECT id FROM workspace LIMIT 1", [], |r| r.get(0))
            .optional()?)
    };
    // Almost always there: read it without asking to write.
    if let Some(id) = recorded(conn)? {
        return Ok(id);
    }
    // IMMEDIATE takes the write lock first (waiting its turn), so a read
    // never has to become a write, which SQLite may refuse without waiting.
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let id = match recorded(&tx)? {
        Some(id) => id,
        None => {
            let fresh = wanted.map_or_else(new_id, str::to_string);
            tx.execute(
                "INSERT INTO workspace (id, created) VALUES (?1, ?2)",
                params![fresh, now_rfc3339()],
            )?;
            fresh
        }
    };
    tx.commit()?;
    Ok(id)
}

/// The id a workspace's marker names, if it has one.
pub fn read_marker(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let id = text.trim();
    (!id.is_empty()).then(|| id.to_string())
}

fn write_marker(path: &Path, id: &str) -> std::io::Result<()> {
    crate::watch::mover::write_atomic(path, format!("{id}\n").as_bytes())
}

/// A new id: unique enough that two workspaces never share one.
fn new_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let seed = format!("{nanos}:{}:{:p}", std::process::id(), &nanos);
    let hash = crate::watch::mover::sha256_hex(seed.as_bytes());
    format!("ws-{}", &hash[..16])
}

/// Whether a folder holds any file, at any depth (stops at the first).
fn has_files(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| match e.file_type() {
        Ok(t) if t.is_dir() => has_files(&e.path()),
        Ok(t) => t.is_file(),
        Err(_) => false,
    })
}
