//! The parse cache: every return read, kept as JSON so a new file costs a
//! parse of that file only. The current version of a service-year is the
//! latest return with its identity; older ones are superseded, not deleted.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use crate::ingest::{Return, ReturnKeys};
use crate::kinds::Named;

pub use crate::ingest::StoredReturn;

/// Store a return and its notes; returns its id and the id of the return
/// it superseded (a resubmission), if any.
pub fn insert(
    conn: &Connection,
    file_id: i64,
    seq: usize,
    r: &Return,
    received_at: &str,
) -> Result<(i64, Option<i64>), StoreError> {
    let identity = r.identity_key();
    conn.prepare_cached(
        "INSERT INTO returns (file_id, seq, service_key, identity, commissioner, service_name, period, data, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        file_id,
        seq as i64,
        r.service_key(),
        identity,
        r.site_label(),
        r.title(),
        r.period(),
        serde_json::to_string(r)?,
        received_at,
    ])?;
    let id = conn.last_insert_rowid();
    let previous: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM returns WHERE identity = ?1 AND superseded_by IS NULL AND id <> ?2",
        )?
        .query_map(params![identity, id], |row| row.get(0))?
        .collect::<Result<Vec<i64>, _>>()?
        .into_iter()
        .max();
    conn.prepare_cached(
        "UPDATE returns SET superseded_by = ?1 WHERE identity = ?2 AND superseded_by IS NULL AND id <> ?1",
    )?
    .execute(params![id, identity])?;
    let mut note = conn.prepare_cached(
        "INSERT INTO notes (return_id, severity, rule, field, message) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for n in &r.notes {
        note.execute(params![id, n.severity.as_str(), n.rule, n.field, n.message])?;
    }
    Ok((id, previous))
}

/// Returns with where they came from, chosen by a fixed SQL tail (never
/// user text) with its bound parameters; decoded afresh, or taken from
/// `kept` when it holds the row decoded from the same text. The text is
/// read in place: a row `kept` holds costs a comparison, not a copy.
/// Each comes with the service key the ledger holds for it. `kept` is
/// left holding exactly the rows read.
fn stored(
    conn: &Connection,
    tail: &str,
    p: &[&dyn rusqlite::ToSql],
    mut kept: Option<&mut Decoded>,
) -> Result<Vec<(String, StoredReturn)>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, r.file_id, f.name, r.received_at, r.data, r.service_key
         FROM returns r JOIN files f ON f.id = r.file_id {tail}"
    ))?;
    let mut rows = stmt.query(p)?;
    let mut fresh: std::collections::HashMap<i64, KeptRow> = Default::default();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let json = row.get_ref(4)?.as_str().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let ((data, keys), text) = match kept.as_deref_mut() {
            None => (decode(json)?, None),
            Some(k) => match k.take(id, json) {
                Some(held) => ((held.stored.data, held.stored.keys), Some(held.json)),
                None => (decode(json)?, Some(json.to_string())),
            },
        };
        let service_key: String = row.get(5)?;
        let r = StoredReturn {
            id,
            file_id: row.get(1)?,
            source_file: row.get(2)?,
            received_at: row.get(3)?,
            data,
            keys,
        };
        if let Some(json) = text {
            // Shared, not copied: the run may amend its copy (copied on
            // write), never the one kept.
            let held = KeptRow {
                json,
                service_key: service_key.clone(),
                stored: r.clone(),
            };
            fresh.insert(id, held);
        }
        out.push((service_key, r));
    }
    if let Some(k) = kept {
        k.rows = fresh;
    }
    Ok(out)
}

/// A decoded return with its keys, as a run is handed it.
type Held = (Arc<Return>, Arc<ReturnKeys>);

fn decode(json: &str) -> Result<Held, StoreError> {
    let data: Return = serde_json::from_str(json)?;
    let keys = Arc::new(data.keys());
    Ok((Arc::new(data), keys))
}

/// The current (not superseded) returns. Put in order here rather than by
/// SQL: an ORDER BY would sort every row with its text in a temporary
/// table, which took longer than reading them.
const CURRENT: &str = "WHERE r.superseded_by IS NULL";

/// Rows in service-key order (as the ledger holds the keys, compared as
/// SQLite compares text: byte by byte), then by id.
fn in_key_order(mut rows: Vec<(String, StoredReturn)>) -> Vec<StoredReturn> {
    rows.sort_unstable_by(|(a, ra), (b, rb)| a.cmp(b).then(ra.id.cmp(&rb.id)));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// Every current (not superseded) return, in service-key order.
pub fn current(conn: &Connection) -> Result<Vec<StoredReturn>, StoreError> {
    Ok(in_key_order(stored(conn, CURRENT, &[], None)?))
}

/// As [`current`], parsing only the rows `kept` does not hold as decoded
/// from the same text, and leaving in `kept` exactly the rows read. For a
/// caller that lives over many runs (the daemon): a new return then costs
/// the parse of that return, not of every return.
pub fn current_kept(
    conn: &Connection,
    kept: &mut Decoded,
) -> Result<Vec<StoredReturn>, StoreError> {
    Ok(in_key_order(stored(conn, CURRENT, &[], Some(kept))?))
}

/// As [`current_kept`], when nothing but this intake has changed the
/// ledger since `kept` was read (the ledger's mark is the one it left; see
/// [`super::mark`]): a row's text never changes once written, so only the
/// current rows' ids are read (from their index), and the text only of
/// rows `kept` does not hold.
pub fn current_unchanged(
    conn: &Connection,
    kept: &mut Decoded,
) -> Result<Vec<StoredReturn>, StoreError> {
    let ids = conn
        .prepare_cached("SELECT id FROM returns WHERE superseded_by IS NULL")?
        .query_map([], |r| r.get::<_, i64>(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    let mut fresh = std::collections::HashMap::with_capacity(ids.len());
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let held = match kept.rows.remove(&id) {
            Some(held) => held,
            None => {
                let mut one = Decoded::default();
                stored(conn, "WHERE r.id = ?1", &[&id], Some(&mut one))?;
                match one.rows.remove(&id) {
                    Some(held) => held,
                    // Not reachable inside the run's transaction.
                    None => continue,
                }
            }
        };
        out.push((held.service_key.clone(), held.stored.clone()));
        fresh.insert(id, held);
    }
    kept.rows = fresh;
    Ok(in_key_order(out))
}

/// Returns decoded by an earlier read, by row id, each with the text it
/// was decoded from. Unless the ledger's mark vouches for them, the text is
/// compared, not trusted: a row is reused only when the ledger holds
/// exactly what was decoded (a state.db replaced underneath, whose ids mean
/// other rows, is parsed afresh).
#[derive(Default)]
pub struct Decoded {
    rows: std::collections::HashMap<i64, KeptRow>,
}

/// A row as a [`Decoded`] keeps it.
struct KeptRow {
    /// The text it was decoded from.
    json: String,
    /// Its service key as the ledger holds it.
    service_key: String,
    stored: StoredReturn,
}

impl Decoded {
    /// The row `id` as decoded from exactly `json`, if it is held.
    fn take(&mut self, id: i64, json: &str) -> Option<KeptRow> {
        self.rows.remove(&id).filter(|r| r.json == json)
    }
}

/// Pairs (current return, the return it superseded) for every current
/// return that replaced an earlier version.
pub fn resubmissions(conn: &Connection) -> Result<Vec<(i64, Return, Return)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT cur.id, cur.data, old.data FROM returns cur
         JOIN returns old ON old.superseded_by = cur.id
         WHERE cur.superseded_by IS NULL
         ORDER BY cur.id, old.id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out: Vec<(i64, Return, Return)> = Vec::new();
    for (id, cur, old) in rows {
        // Only the version immediately before the current one.
        if out.last().is_some_and(|(last, _, _)| *last == id) {
            continue;
        }
        out.push((id, serde_json::from_str(&cur)?, serde_json::from_str(&old)?));
    }
    Ok(out)
}

/// One version received of a service-year.
#[derive(Debug, Clone)]
pub struct Submission {
    pub return_id: i64,
    pub file: String,
    pub received_at: String,
    pub superseded_by: Option<i64>,
}

/// Every version received of one service-year, oldest first.
pub fn history(conn: &Connection, identity: &str) -> Result<Vec<Submission>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT r.id, f.name, r.received_at, r.superseded_by FROM returns r JOIN files f ON f.id = r.file_id
         WHERE r.identity = ?1 ORDER BY r.id",
    )?;
    let rows = stmt
        .query_map(params![identity], |r| {
            Ok(Submission {
                return_id: r.get(0)?,
                file: r.get(1)?,
                received_at: r.get(2)?,
                superseded_by: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The current return of one service-year.
pub fn current_for(conn: &Connection, identity: &str) -> Result<Option<StoredReturn>, StoreError> {
    Ok(stored(
        conn,
        "WHERE r.identity = ?1 AND r.superseded_by IS NULL ORDER BY r.id DESC LIMIT 1",
        &[&identity],
        None,
    )?
    .pop()
    .map(|(_, r)| r))
}

/// The identity of the current return with this service key.
pub fn identity_of(conn: &Connection, service_key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT identity FROM returns WHERE service_key = ?1 AND superseded_by IS NULL ORDER BY id DESC LIMIT 1",
            params![service_key],
            |r| r.get(0),
        )
        .optional()?)
}

/// Where a current return came from: for a figure's provenance.
#[derive(Debug, Clone)]
pub struct Origin {
    pub service_key: String,
    pub identity: String,
    /// The kind as the parse cache spells it (`service`, `provider_pb`, …).
    pub kind: String,
    pub site: Option<String>,
    /// What the return is about (a service's or a provider's name).
    pub title: Option<String>,
    pub period: Option<String>,
    pub file: String,
    pub received_at: String,
}

/// Every current return's origin (or only the one with key `only`),
/// oldest first. The kind is read from the cached JSON; caches older than
/// kinds hold only service returns.
pub fn origins(conn: &Connection, only: Option<&str>) -> Result<Vec<Origin>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT r.service_key, r.identity, COALESCE(json_extract(r.data, '$.kind'), 'service'),
                r.commissioner, r.service_name, r.period, f.name, r.received_at
         FROM returns r JOIN files f ON f.id = r.file_id
         WHERE r.superseded_by IS NULL AND (?1 IS NULL OR r.service_key = ?1) ORDER BY r.id",
    )?;
    let rows = stmt
        .query_map(params![only], |r| {
            Ok(Origin {
                service_key: r.get(0)?,
                identity: r.get(1)?,
                kind: r.get(2)?,
                site: r.get(3)?,
                title: r.get(4)?,
                period: r.get(5)?,
                file: r.get(6)?,
                received_at: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(json: &str) -> Held {
        decode(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    fn kept_row(json: &str) -> KeptRow {
        let (data, keys) = decoded(json);
        KeptRow {
            json: json.to_string(),
            service_key: "k".into(),
            stored: StoredReturn {
                id: 1,
                file_id: 1,
                source_file: String::new(),
                received_at: String::new(),
                data,
                keys,
            },
        }
    }

    #[test]
    fn a_kept_row_is_reused_only_for_the_same_text() {
        let a = r#"{"layout":"Template","location":"x","values":{},"notes":[],"extras":{}}"#;
        let b = r#"{"layout":"Template","location":"y","values":{},"notes":[],"extras":{}}"#;
        let mut kept = Decoded::default();
        kept.rows.insert(1, kept_row(a));
        // Another text under the same id (a state.db replaced underneath).
        assert!(kept.take(1, b).is_none());
        assert!(kept.rows.is_empty(), "a row is handed back at most once");
        kept.rows.insert(1, kept_row(a));
        let held = kept.take(1, a).expect("held");
        let data = &held.stored.data;
        assert_eq!((held.json.as_str(), data.location.as_str()), (a, "x"));
        assert_eq!(
            *held.stored.keys,
            data.keys(),
            "the keys are the return's own"
        );
        assert!(kept.take(2, a).is_none());
    }

    /// Rows the ledger's mark vouches for are taken as kept; a new row is
    /// read, a superseded one let go: as reading them all would give.
    #[test]
    fn unchanged_rows_are_taken_from_what_was_kept() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let store = super::super::Store::open(&dir.path().join("state.db"))?;
        let conn = store.conn();
        let json = |at: &str| {
            format!(
                r#"{{"layout":"Template","location":"{at}","values":{{}},"notes":[],"extras":{{}}}}"#
            )
        };
        conn.execute(
            "INSERT INTO files (id, name, sha256, size, received_at, outcome, dest_path)
             VALUES (1, 'a.xlsx', 'x', 1, 't', 'accepted', 'archive/a.xlsx')",
            [],
        )?;
        let add = |id: i64, key: &str| {
            conn.execute(
                "INSERT INTO returns (id, file_id, seq, service_key, identity, data, received_at)
                 VALUES (?1, 1, ?1, ?2, ?2, ?3, 't')",
                params![id, key, json(key)],
            )
        };
        add(1, "b")?;
        add(2, "a")?;
        let mut kept = Decoded::default();
        current_kept(conn, &mut kept)?;
        add(3, "c")?;
        conn.execute("UPDATE returns SET superseded_by = 3 WHERE id = 1", [])?;
        let seen = |rows: Vec<StoredReturn>| -> Vec<(i64, String, String)> {
            rows.into_iter()
                .map(|r| (r.id, r.data.location.clone(), r.source_file))
                .collect()
        };
        let unchanged = seen(current_unchanged(conn, &mut kept)?);
        assert_eq!(unchanged, seen(current(conn)?));
        assert_eq!(unchanged.len(), 2);
        let mut held: Vec<i64> = kept.rows.keys().copied().collect();
        held.sort_unstable();
        assert_eq!(held, [2, 3], "exactly the current rows are kept");
        Ok(())
    }

    #[test]
    fn current_returns_come_in_ledger_key_order_byte_by_byte_then_by_id() {
        let a = r#"{"layout":"Template","location":"x","values":{},"notes":[],"extras":{}}"#;
        let row = |key: &str, id: i64| {
            let (data, keys) = decoded(a);
            let r = StoredReturn {
                id,
                file_id: 1,
                source_file: String::new(),
                received_at: String::new(),
                data,
                keys,
            };
            (key.to_string(), r)
        };
        let rows = vec![
            row("b", 1),
            row("a", 9),
            row("B", 5),
            row("a", 3),
            row("é", 2),
        ];
        let ids: Vec<i64> = in_key_order(rows).iter().map(|r| r.id).collect();
        // As SQLite's BINARY collation orders text: capitals first, bytes
        // beyond ASCII last; one key by id.
        assert_eq!(ids, [5, 3, 9, 1, 2]);
    }
}
