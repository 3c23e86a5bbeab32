//! Amendments: figures an operator corrected after a call. They are kept
//! apart from the returns and laid over them when results are computed.
//! An amendment holds while the return still has the value it corrected; a
//! resubmission with a different figure wins, and the amendment is marked
//! superseded.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{StoreError, now_rfc3339};
use crate::ingest::Value;

#[derive(Debug, Clone, Serialize)]
pub struct Amendment {
    pub id: i64,
    pub identity: String,
    pub field: String,
    pub old_value: Value,
    pub new_value: f64,
    pub who: String,
    pub at: String,
    pub why: String,
    pub anomaly_id: Option<i64>,
    pub status: String,
}

fn read(
    conn: &Connection,
    filter: &str,
    p: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Amendment>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, identity, field, old_value, new_value, who, at, why, anomaly_id, status FROM amendments {filter} ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(p, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, f64>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, Option<i64>>(8)?,
                r.get::<_, String>(9)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, identity, field, old, new_value, who, at, why, anomaly_id, status)| {
                Ok(Amendment {
                    id,
                    identity,
                    field,
                    old_value: serde_json::from_str(&old)?,
                    new_value,
                    who,
                    at,
                    why,
                    anomaly_id,
                    status,
                })
            },
        )
        .collect()
}

pub fn active(conn: &Connection) -> Result<Vec<Amendment>, StoreError> {
    read(conn, "WHERE status = 'active'", &[])
}

pub fn for_identity(conn: &Connection, identity: &str) -> Result<Vec<Amendment>, StoreError> {
    read(conn, "WHERE identity = ?1", &[&identity])
}

/// Record an amendment (and its event on the anomaly) and bump the state
/// version so the daemon re-publishes. An earlier active amendment of the
/// same field is replaced.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut Connection,
    identity: &str,
    field: &str,
    old_value: &Value,
    new_value: f64,
    who: &str,
    why: &str,
    anomaly_id: Option<i64>,
) -> Result<i64, StoreError> {
    let tx = super::operator_transaction(conn)?;
    let now = now_rfc3339();
    tx.execute(
        "UPDATE amendments SET status = 'superseded', superseded_at = ?3
         WHERE identity = ?1 AND field = ?2 AND status = 'active'",
        params![identity, field, now],
    )?;
    tx.execute(
        "INSERT INTO amendments (identity, field, old_value, new_value, who, at, why, anomaly_id, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active')",
        params![identity, field, serde_json::to_string(old_value)?, new_value, who, now, why, anomaly_id],
    )?;
    let id = tx.last_insert_rowid();
    if let Some(a) = anomaly_id {
        let note = format!(
            "{field}: {} -> {} ({why})",
            old_value.describe(),
            crate::ingest::cells::format_number(new_value)
        );
        super::anomalies::event(&tx, a, who, "amended", None, None, Some(&note))?;
    }
    bump_version(&tx)?;
    tx.commit()?;
    Ok(id)
}

/// Mark amendments whose original value a resubmission changed.
pub fn supersede(conn: &Connection, ids: &[i64]) -> Result<(), StoreError> {
    let now = now_rfc3339();
    for id in ids {
        conn.execute(
            "UPDATE amendments SET status = 'superseded', superseded_at = ?2 WHERE id = ?1",
            params![id, now],
        )?;
    }
    Ok(())
}

pub fn bump_version(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE meta SET value = value + 1 WHERE key = 'state_version'",
        [],
    )?;
    Ok(())
}

pub fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row(
        "SELECT value FROM meta WHERE key = 'state_version'",
        [],
        |r| r.get(0),
    )?)
}

/// Results are older than the latest amendment or queue change.
pub fn unpublished(conn: &Connection) -> Result<bool, StoreError> {
    let published: Option<i64> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'published_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(published != Some(version(conn)?))
}

/// Record that the results now reflect the current state version.
pub fn mark_published(conn: &Connection) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) SELECT 'published_version', value FROM meta WHERE key = 'state_version'
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [],
    )?;
    Ok(())
}
