//! A run's findings laid over the queue: new ones open, ones no longer
//! firing close with a reason, and what operators decided stays decided.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, params};

use super::{Finding, Status, event, severity_and_status};
use crate::ingest::Severity;
use crate::store::{StoreError, now_rfc3339};

/// Why an anomaly that no longer fires went away.
pub trait CloseReason {
    /// Why the anomaly about `identity`, raised on return `return_id`,
    /// no longer fires.
    fn reason(&self, identity: &str, return_id: Option<i64>) -> &'static str;
}

/// What a sync needs to know of an anomaly it holds: a run reads every
/// anomaly, so it reads only these.
struct Held {
    id: i64,
    severity: Severity,
    status: Status,
    identity: String,
    values: String,
    message: String,
    people: Option<f64>,
    return_id: Option<i64>,
}

/// Every anomaly by its key, as a sync needs it.
fn held(conn: &Connection) -> Result<HashMap<String, Held>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT key, id, severity, status, identity, offending, message, people, return_id
         FROM anomalies",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let (severity, status) = severity_and_status(r, 2, 3)?;
            Ok((
                r.get::<_, String>(0)?,
                Held {
                    id: r.get(1)?,
                    severity,
                    status,
                    identity: r.get(4)?,
                    values: r.get(5)?,
                    message: r.get(6)?,
                    people: r.get(7)?,
                    return_id: r.get(8)?,
                },
            ))
        })?
        .collect::<Result<HashMap<_, _>, _>>()?;
    Ok(rows)
}

/// What a sync did, for logs and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncCounts {
    pub created: usize,
    pub reopened: usize,
    pub closed: usize,
}

/// Bring the queue in line with this run's findings (inside the run's
/// transaction). New keys open; keys no longer firing close with a reason;
/// dismissed or confirmed anomalies stay so unless their values change.
pub fn sync(
    conn: &Connection,
    findings: &[Finding],
    why_closed: &dyn CloseReason,
) -> Result<SyncCounts, StoreError> {
    let now = now_rfc3339();
    let existing = held(conn)?;
    let mut counts = SyncCounts::default();
    let mut firing = HashSet::new();
    for f in findings {
        let key = f.key();
        if !firing.insert(key.clone()) {
            continue;
        }
        match existing.get(&key) {
            None => {
                create(conn, &key, f, &now)?;
                counts.created += 1;
            }
            Some(a) => {
                if refresh(conn, a, f, &now)? {
                    counts.reopened += 1;
                }
            }
        }
    }
    for (key, a) in &existing {
        if firing.contains(key) || !a.status.is_active() {
            continue;
        }
        close(conn, a, why_closed.reason(&a.identity, a.return_id), &now)?;
        counts.closed += 1;
    }
    Ok(counts)
}

/// Who the queue's history names for what a run did.
const SYSTEM: &str = "jobtally";

/// A finding seen for the first time: a new open anomaly.
fn create(conn: &Connection, key: &str, f: &Finding, now: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO anomalies (key, rule, severity, identity, service_key, commissioner, service_name,
            period, field, offending, message, people, priority, status, return_id, created, updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'open', ?14, ?15, ?15)",
    )?
    .execute(
        params![
            key,
            f.rule,
            f.severity.as_str(),
            f.identity,
            f.service_key,
            f.commissioner,
            f.service_name,
            f.period,
            f.field,
            f.values,
            f.message,
            f.people,
            f.priority(),
            f.return_id,
            now
        ],
    )?;
    let id = conn.last_insert_rowid();
    event(
        conn,
        id,
        SYSTEM,
        "created",
        None,
        Some(Status::Open),
        Some(&f.values),
    )
}

/// A finding that fires again: bring the anomaly up to date, and reopen it
/// if it was closed and what it found has changed (or it was said to be
/// corrected). True when it was reopened.
fn refresh(conn: &Connection, a: &Held, f: &Finding, now: &str) -> Result<bool, StoreError> {
    let values_changed = a.values != f.values;
    let reopen = match a.status {
        Status::Dismissed | Status::ResolvedConfirmed => values_changed,
        Status::ResolvedCorrected => true,
        _ => false,
    };
    let status = if reopen { Status::Open } else { a.status };
    let unchanged = !reopen
        && !values_changed
        && a.message == f.message
        && a.severity == f.severity
        && a.return_id == f.return_id
        && a.people == f.people;
    if unchanged {
        return Ok(false);
    }
    conn.prepare_cached(
        "UPDATE anomalies SET severity = ?2, service_key = ?3, commissioner = ?4, service_name = ?5,
            period = ?6, offending = ?7, message = ?8, people = ?9, priority = ?10, status = ?11,
            return_id = ?12, closed_reason = CASE WHEN ?13 THEN NULL ELSE closed_reason END, updated = ?14
         WHERE id = ?1",
    )?
    .execute(
        params![
            a.id,
            f.severity.as_str(),
            f.service_key,
            f.commissioner,
            f.service_name,
            f.period,
            f.values,
            f.message,
            f.people,
            f.priority(),
            status.as_str(),
            f.return_id,
            reopen,
            now
        ],
    )?;
    if reopen {
        let note = format!("fires again with {} (was {})", f.values, a.values);
        event(
            conn,
            a.id,
            SYSTEM,
            "reopened",
            Some(a.status),
            Some(Status::Open),
            Some(&note),
        )?;
    } else if values_changed {
        let note = format!("{} (was {})", f.values, a.values);
        event(
            conn,
            a.id,
            SYSTEM,
            "values changed",
            None,
            None,
            Some(&note),
        )?;
    }
    Ok(reopen)
}

/// An active anomaly whose check no longer fires: closed as corrected,
/// with the reason.
fn close(conn: &Connection, a: &Held, reason: &str, now: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "UPDATE anomalies SET status = 'resolved_corrected', closed_reason = ?2, updated = ?3 WHERE id = ?1",
    )?
    .execute(
        params![a.id, reason, now],
    )?;
    event(
        conn,
        a.id,
        SYSTEM,
        "closed automatically",
        Some(a.status),
        Some(Status::ResolvedCorrected),
        Some(&format!("the check no longer fires ({reason})")),
    )
}
