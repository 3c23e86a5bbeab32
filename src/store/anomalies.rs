//! The anomaly queue: what the checks found, what operators did about it,
//! and the audit trail. Every write is one transaction that reads what it
//! changes inside the write lock, so the daemon syncing the queue and an
//! operator updating it never lose each other's work.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::{StoreError, now_rfc3339};
use crate::ingest::Severity;

mod sync;
pub use sync::{CloseReason, Queue, SyncCounts, Synced, sync};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Contacted,
    AwaitingData,
    ResolvedConfirmed,
    ResolvedCorrected,
    Dismissed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Open,
        Status::Contacted,
        Status::AwaitingData,
        Status::ResolvedConfirmed,
        Status::ResolvedCorrected,
        Status::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Contacted => "contacted",
            Status::AwaitingData => "awaiting_data",
            Status::ResolvedConfirmed => "resolved_confirmed",
            Status::ResolvedCorrected => "resolved_corrected",
            Status::Dismissed => "dismissed",
        }
    }

    /// Accepts `awaiting-data`, `awaiting data`, `resolved-confirmed`, ...
    pub fn parse(s: &str) -> Option<Status> {
        let norm = s.trim().to_lowercase().replace(['-', ' '], "_");
        Status::ALL.into_iter().find(|st| st.as_str() == norm)
    }

    /// Still needs someone's attention.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            Status::Open | Status::Contacted | Status::AwaitingData
        )
    }
}

/// What a check found on this run, before it meets the queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub identity: String,
    pub service_key: String,
    pub commissioner: Option<String>,
    pub service_name: Option<String>,
    pub period: Option<String>,
    pub field: String,
    /// The offending figures, e.g. "outcomes_total 41 > people_total 30".
    pub values: String,
    /// What to ask, in plain English.
    pub message: String,
    pub people: Option<f64>,
    /// The return it is about; none for an area-level finding.
    pub return_id: Option<i64>,
}

impl Finding {
    pub fn key(&self) -> String {
        let (rule, identity, field) = (&self.rule, &self.identity, &self.field);
        let mut key = String::with_capacity(rule.len() + identity.len() + field.len() + 2);
        for (i, part) in [rule, identity, field].into_iter().enumerate() {
            if i > 0 {
                key.push('|');
            }
            key.push_str(part);
        }
        key
    }

    /// Severity weight times people affected (at least 1).
    pub fn priority(&self) -> f64 {
        severity_weight(self.severity) * people_counted(self.people)
    }
}

/// What a severity weighs in a priority.
pub fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Error => 3.0,
        Severity::Warning => 2.0,
        Severity::Info => 1.0,
    }
}

/// The people a priority counts: those affected, at least 1.
pub fn people_counted(people: Option<f64>) -> f64 {
    people.filter(|p| *p >= 1.0).unwrap_or(1.0)
}

#[derive(Debug, Clone, Serialize)]
pub struct Anomaly {
    pub id: i64,
    pub rule: String,
    pub severity: Severity,
    pub status: Status,
    pub identity: String,
    pub service_key: String,
    pub commissioner: Option<String>,
    pub service_name: Option<String>,
    pub period: Option<String>,
    pub field: String,
    pub values: String,
    pub message: String,
    pub people: Option<f64>,
    pub priority: f64,
    pub assignee: Option<String>,
    pub return_id: Option<i64>,
    pub closed_reason: Option<String>,
    pub created: String,
    pub updated: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub at: String,
    pub who: String,
    pub what: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub note: Option<String>,
}

const COLUMNS: &str =
    "id, rule, severity, status, identity, service_key, commissioner, service_name, period, field,
     offending, message, people, priority, assignee, return_id, closed_reason, created, updated";

/// The severity and status in columns `severity` and `status` of a row.
/// Only ever written from a `Severity` and a `Status`; an unknown word (a
/// database edited by hand) is read as an open warning rather than hidden.
fn severity_and_status(
    r: &Row<'_>,
    severity: usize,
    status: usize,
) -> rusqlite::Result<(Severity, Status)> {
    let s: String = r.get(severity)?;
    let t: String = r.get(status)?;
    Ok((
        Severity::parse(&s).unwrap_or(Severity::Warning),
        Status::parse(&t).unwrap_or(Status::Open),
    ))
}

fn anomaly(r: &Row<'_>) -> rusqlite::Result<Anomaly> {
    let (severity, status) = severity_and_status(r, 2, 3)?;
    Ok(Anomaly {
        id: r.get(0)?,
        rule: r.get(1)?,
        severity,
        status,
        identity: r.get(4)?,
        service_key: r.get(5)?,
        commissioner: r.get(6)?,
        service_name: r.get(7)?,
        period: r.get(8)?,
        field: r.get(9)?,
        values: r.get(10)?,
        message: r.get(11)?,
        people: r.get(12)?,
        priority: r.get(13)?,
        assignee: r.get(14)?,
        return_id: r.get(15)?,
        closed_reason: r.get(16)?,
        created: r.get(17)?,
        updated: r.get(18)?,
    })
}

pub fn event(
    conn: &Connection,
    anomaly_id: i64,
    who: &str,
    what: &str,
    from: Option<Status>,
    to: Option<Status>,
    note: Option<&str>,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO anomaly_events (anomaly_id, at, who, what, from_status, to_status, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        anomaly_id,
        now_rfc3339(),
        who,
        what,
        from.map(Status::as_str),
        to.map(Status::as_str),
        note
    ])?;
    Ok(())
}

pub fn all(conn: &Connection) -> Result<Vec<Anomaly>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM anomalies
         ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END,
                  priority DESC, id"
    ))?;
    let rows = stmt
        .query_map([], anomaly)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<Anomaly>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM anomalies WHERE id = ?1"),
            params![id],
            anomaly,
        )
        .optional()?)
}

pub fn events(conn: &Connection, id: i64) -> Result<Vec<Event>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT at, who, what, from_status, to_status, note FROM anomaly_events WHERE anomaly_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map(params![id], |r| {
            Ok(Event {
                at: r.get(0)?,
                who: r.get(1)?,
                what: r.get(2)?,
                from_status: r.get(3)?,
                to_status: r.get(4)?,
                note: r.get(5)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// An operator's change: status, assignee and/or a note, in one IMMEDIATE
/// transaction so a concurrent sync cannot overwrite it or be overwritten.
pub fn update(
    conn: &mut Connection,
    id: i64,
    who: &str,
    status: Option<Status>,
    assignee: Option<&str>,
    note: Option<&str>,
) -> Result<Anomaly, StoreError> {
    let tx = super::operator_transaction(conn)?;
    let a = get(&tx, id)?.ok_or(StoreError::NoAnomaly(id))?;
    let now = now_rfc3339();
    if let Some(s) = status.filter(|s| *s != a.status) {
        tx.prepare_cached(
            "UPDATE anomalies SET status = ?2, closed_reason = NULL, updated = ?3 WHERE id = ?1",
        )?
        .execute(params![id, s.as_str(), now])?;
        event(&tx, id, who, "status", Some(a.status), Some(s), note)?;
    } else if let Some(n) = note {
        event(&tx, id, who, "note", None, None, Some(n))?;
        tx.prepare_cached("UPDATE anomalies SET updated = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
    }
    if let Some(who_to) = assignee {
        tx.prepare_cached("UPDATE anomalies SET assignee = ?2, updated = ?3 WHERE id = ?1")?
            .execute(params![id, who_to, now])?;
        event(&tx, id, who, "assigned", None, None, Some(who_to))?;
    }
    let updated = get(&tx, id)?.ok_or(StoreError::NoAnomaly(id))?;
    // A status change can change which services count in group figures.
    super::amendments::bump_version(&tx)?;
    tx.commit()?;
    Ok(updated)
}

/// Per service identity: (active non-info anomalies, has an active error).
pub fn flags(conn: &Connection) -> Result<HashMap<String, (i64, bool)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT identity,
                SUM(CASE WHEN severity <> 'info' THEN 1 ELSE 0 END),
                MAX(CASE WHEN severity = 'error' THEN 1 ELSE 0 END)
         FROM anomalies WHERE status IN ('open', 'contacted', 'awaiting_data')
         GROUP BY identity",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, i64>(1)?, r.get::<_, i64>(2)? != 0),
            ))
        })?
        .collect::<Result<HashMap<_, _>, _>>()?;
    Ok(rows)
}
