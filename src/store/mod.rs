//! SQLite state (`state.db`, WAL): the file ledger, the parse cache of
//! returns, and the runs. Typed functions only; every statement binds its
//! parameters.

pub mod amendments;
pub mod anomalies;
pub mod files;
pub mod identity;
pub mod mark;
pub mod returns;
pub mod runs;

pub use files::{FileOutcome, FileRecord, NewFile};
pub use returns::StoredReturn;
pub use runs::{RunCounts, RunRecord};

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_queue.sql"),
    include_str!("migrations/0003_identity.sql"),
    include_str!("migrations/0004_workspace.sql"),
    include_str!("migrations/0005_current_index.sql"),
    include_str!("migrations/0006_unmoved_index.sql"),
    include_str!("migrations/0007_ledger_mark.sql"),
];

/// How long another program may hold the database before jobtally says so.
const BUSY_WAIT: Duration = Duration::from_secs(10);

/// How long an operator's change waits for the write lock: a run (the
/// daemon's, or another command's) holds it for seconds, longer on a busy
/// machine, and an operator's note must not fail for that.
const OPERATOR_WAIT: Duration = Duration::from_secs(90);

/// An IMMEDIATE transaction for an operator's change, waiting out runs.
pub(crate) fn operator_transaction(
    conn: &mut Connection,
) -> Result<rusqlite::Transaction<'_>, StoreError> {
    conn.busy_timeout(OPERATOR_WAIT)?;
    Ok(rusqlite::Transaction::new(
        conn,
        rusqlite::TransactionBehavior::Immediate,
    )?)
}

/// The migration after which identities are re-keyed by [`rekey`].
const REKEY_AT: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the state database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "the state database {path} is damaged or not a jobtally database ({source}); restore it from a backup, or run `jobtally rebuild` to read archive/ into a new one (the damaged file is kept beside it)"
    )]
    Corrupt {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "the state database was written by a newer jobtally (schema {found}, this one knows {known}); upgrade jobtally"
    )]
    TooNew { found: i64, known: i64 },
    #[error("state database: {0}")]
    Sql(rusqlite::Error),
    #[error("state database holds an unreadable return: {0}")]
    Json(#[from] serde_json::Error),
    #[error("there is no anomaly {0}: `jobtally queue` lists them")]
    NoAnomaly(i64),
    #[error("anomaly {0}'s service has no current return to amend")]
    NoCurrentReturn(i64),
    #[error(
        "the state database {path} is locked by another program; try again, or stop the program that holds it"
    )]
    Busy { path: String },
    /// Busy past the wait at a write after the database was opened: the
    /// same answer as [`StoreError::Busy`], raised where the path is not
    /// at hand.
    #[error(
        "the state database (state.db) is locked by another program; try again, or stop the program that holds it"
    )]
    Locked,
    #[error(
        "the state database {path} is missing, but this workspace has been used before ({why}); nothing was changed. Restore state.db from a backup, or run `jobtally rebuild` to read archive/ into a new one (the queue's notes and amendments cannot be recovered without the old file)"
    )]
    Missing { path: String, why: String },
    #[error(
        "the state database {path} belongs to another workspace (its id is {found}; this workspace's workspace.id says {expected}); nothing was changed. Put this workspace's own state.db back, or run `jobtally rebuild` to read archive/ into a new one"
    )]
    Foreign {
        path: String,
        found: String,
        expected: String,
    },
    #[error("cannot record the workspace's id in {path}: {source}")]
    Marker {
        path: String,
        source: std::io::Error,
    },
}

impl StoreError {
    /// Another program holds the database, or it is missing or foreign:
    /// the user's to settle, not a fault in jobtally.
    pub fn is_users_to_fix(&self) -> bool {
        matches!(
            self,
            StoreError::Busy { .. }
                | StoreError::Locked
                | StoreError::Missing { .. }
                | StoreError::Foreign { .. }
                | StoreError::NoAnomaly(_)
                | StoreError::NoCurrentReturn(_)
        )
    }
}

/// Every SQL error becomes a [`StoreError`] here, so that "busy" anywhere
/// (a run's first write while another program holds the lock) is reported
/// as locked, the user's to settle, and never as damage or a fault.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if is_busy(&e) {
            StoreError::Locked
        } else {
            StoreError::Sql(e)
        }
    }
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Open (creating and migrating as needed) the state database.
    ///
    /// SQLite answers "busy" at once, without waiting, when two connections
    /// holding read locks both ask to write (switching a new file to WAL is
    /// one such write): waiting could never end for either. So a busy
    /// set-up is begun again from the start until [`BUSY_WAIT`] has passed;
    /// only then is the database called locked.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let deadline = std::time::Instant::now() + BUSY_WAIT;
        loop {
            match Store::open_once(path) {
                Err(StoreError::Busy { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                other => return other,
            }
        }
    }

    fn open_once(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        conn.busy_timeout(BUSY_WAIT)?;
        // Busy past the timeout is not damage: say so plainly.
        let corrupt = |source: rusqlite::Error| {
            if is_busy(&source) {
                StoreError::Busy {
                    path: shown.clone(),
                }
            } else {
                StoreError::Corrupt {
                    path: shown.clone(),
                    source,
                }
            }
        };
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(corrupt)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut store = Store { conn };
        store.migrate().map_err(|e| match e {
            StoreError::Sql(source) => corrupt(source),
            StoreError::Locked => StoreError::Busy {
                path: shown.clone(),
            },
            other => other,
        })?;
        restrict_permissions(path);
        Ok(store)
    }

    /// Apply the migrations this database lacks. An up-to-date database
    /// is only read, so opening one never queues for the write lock (an
    /// operator's command waits for a run only where it writes, and for
    /// longer). Otherwise the version is read again inside an IMMEDIATE
    /// transaction: when two processes open a new database at once, the
    /// second waits for the first and then finds nothing left to do.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current == MIGRATIONS.len() as i64 {
            return Ok(());
        }
        let tx =
            rusqlite::Transaction::new(&mut self.conn, rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            if i == REKEY_AT {
                rekey(&tx)?;
            }
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Recompute every stored return's identity with today's rule, carry
/// amendments and queue rows over to it, and let the newest of returns that
/// now share an identity supersede the others (two spellings of one council
/// were two services before).
fn rekey(conn: &Connection) -> Result<(), StoreError> {
    let rows: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, identity, data FROM returns")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut moved: std::collections::BTreeMap<String, String> = Default::default();
    for (id, old, data) in rows {
        let r: crate::ingest::Return = serde_json::from_str(&data)?;
        let new = crate::kinds::Named::identity_key(&r);
        if new != old {
            conn.execute(
                "UPDATE returns SET identity = ?1 WHERE id = ?2",
                rusqlite::params![new, id],
            )?;
            moved.insert(old, new);
        }
    }
    for (old, new) in &moved {
        conn.execute(
            "UPDATE amendments SET identity = ?1 WHERE identity = ?2",
            rusqlite::params![new, old],
        )?;
        // A row whose new key exists already keeps its old one; the next
        // queue sync closes it as no longer raised.
        conn.execute(
            "UPDATE OR IGNORE anomalies SET identity = ?1, key = rule || '|' || ?1 || '|' || field
             WHERE identity = ?2",
            rusqlite::params![new, old],
        )?;
    }
    conn.execute(
        "UPDATE returns SET superseded_by = (
             SELECT MAX(n.id) FROM returns n
             WHERE n.identity = returns.identity AND n.superseded_by IS NULL)
         WHERE superseded_by IS NULL AND id < (
             SELECT MAX(n.id) FROM returns n
             WHERE n.identity = returns.identity AND n.superseded_by IS NULL)",
        [],
    )?;
    Ok(())
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// state.db holds contact details from returns: keep it to its owner.
fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for p in [
            path.to_path_buf(),
            path.with_extension("db-wal"),
            path.with_extension("db-shm"),
        ] {
            if p.exists()
                && let Err(e) = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
            {
                tracing::warn!(file = %p.display(), error = %e, "could not restrict permissions");
            }
        }
    }
}

/// Current time as stored: RFC 3339 UTC, second precision.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
