//! A run's findings laid over the queue: new ones open, ones no longer
//! firing close with a reason, and what operators decided stays decided.

use foldhash::{HashMap, HashSet, HashSetExt};

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
#[derive(Debug, Clone, PartialEq)]
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

impl Held {
    /// The anomaly `id` as it stands once `f` is laid on it: open (a new
    /// one), unless a status is given over.
    fn open(id: i64, f: &Finding) -> Held {
        Held {
            id,
            severity: f.severity,
            status: Status::Open,
            identity: f.identity.clone(),
            values: f.values.clone(),
            message: f.message.clone(),
            people: f.people,
            return_id: f.return_id,
        }
    }
}

/// Every anomaly of the queue by its key, as a sync needs it: read from
/// the ledger, or kept from the last sync (by a daemon, while the ledger's
/// mark says nothing else has changed it; see [`crate::store::mark`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Queue {
    held: HashMap<String, Held>,
}

impl Queue {
    /// The queue as the ledger holds it.
    pub fn read(conn: &Connection) -> Result<Queue, StoreError> {
        Ok(Queue { held: held(conn)? })
    }
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

/// What a sync did, and the queue's flags it left (as [`super::flags`]
/// would read them back): worked out as it goes, not asked of the ledger
/// again.
#[derive(Debug, Default, Clone)]
pub struct Synced {
    pub counts: SyncCounts,
    pub flags: crate::kinds::Flags,
    /// The queue as the sync left it.
    pub queue: Queue,
}

/// Bring the queue in line with this run's findings (inside the run's
/// transaction). New keys open; keys no longer firing close with a reason;
/// dismissed or confirmed anomalies stay so unless their values change.
/// `queue`: the queue as the ledger holds it now ([`Queue::read`]);
/// `keep`: whether the queue as the sync leaves it is wanted back in
/// [`Synced::queue`] (else that is left empty, and nothing is copied for
/// it: a first run over 20,000 returns creates some 36,000 anomalies).
pub fn sync<'f>(
    conn: &Connection,
    findings: impl IntoIterator<Item = &'f Finding>,
    why_closed: &dyn CloseReason,
    queue: Queue,
    keep: bool,
) -> Result<Synced, StoreError> {
    let now = now_rfc3339();
    let mut existing = queue.held;
    let mut synced = Synced::default();
    let counts = &mut synced.counts;
    let keyed: Vec<(&Finding, String)> = findings.into_iter().map(|f| (f, f.key())).collect();
    let mut firing: HashSet<&str> = HashSet::with_capacity(keyed.len());
    for &(f, ref key) in &keyed {
        if !firing.insert(key) {
            continue;
        }
        let status = match existing.get_mut(key) {
            None => {
                let id = create(conn, key, f, &now)?;
                if keep {
                    existing.insert(key.clone(), Held::open(id, f));
                }
                counts.created += 1;
                Status::Open
            }
            Some(a) => {
                let reopened = refresh(conn, a, f, &now)?;
                if reopened {
                    counts.reopened += 1;
                }
                a.status
            }
        };
        // Only an anomaly that fires can be active once the sync is done.
        if status.is_active() {
            let (open, error) = (
                i64::from(f.severity != Severity::Info),
                f.severity == Severity::Error,
            );
            // Most identities are flagged already: no key is copied.
            if let Some(flags) = synced.flags.get_mut(&f.identity) {
                flags.0 += open;
                flags.1 |= error;
            } else {
                synced.flags.insert(f.identity.clone(), (open, error));
            }
        }
    }
    for (key, a) in &mut existing {
        if firing.contains(key.as_str()) || !a.status.is_active() {
            continue;
        }
        close(conn, a, why_closed.reason(&a.identity, a.return_id), &now)?;
        synced.counts.closed += 1;
    }
    if keep {
        synced.queue = Queue { held: existing };
    }
    Ok(synced)
}

/// Who the queue's history names for what a run did.
const SYSTEM: &str = "jobtally";

/// A finding seen for the first time: a new open anomaly. Gives its id.
fn create(conn: &Connection, key: &str, f: &Finding, now: &str) -> Result<i64, StoreError> {
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
    )?;
    Ok(id)
}

/// A finding that fires again: bring the anomaly (and `a`, as held) up to
/// date, and reopen it if it was closed and what it found has changed (or
/// it was said to be corrected). True when it was reopened.
fn refresh(conn: &Connection, a: &mut Held, f: &Finding, now: &str) -> Result<bool, StoreError> {
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
    *a = Held {
        status,
        ..Held::open(a.id, f)
    };
    Ok(reopen)
}

/// An active anomaly whose check no longer fires: closed as corrected,
/// with the reason (and so held).
fn close(conn: &Connection, a: &mut Held, reason: &str, now: &str) -> Result<(), StoreError> {
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
    )?;
    a.status = Status::ResolvedCorrected;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    struct Unchanged;

    impl CloseReason for Unchanged {
        fn reason(&self, _: &str, _: Option<i64>) -> &'static str {
            "data changed"
        }
    }

    fn finding(rule: &str, severity: Severity, identity: &str, values: &str) -> Finding {
        Finding {
            rule: rule.into(),
            severity,
            identity: identity.into(),
            service_key: identity.into(),
            commissioner: None,
            service_name: None,
            period: None,
            field: "total_cost".into(),
            values: values.into(),
            message: "Can you check?".into(),
            people: Some(10.0),
            // An area-level finding: no return in this ledger to point at.
            return_id: None,
        }
    }

    fn read(conn: &Connection) -> Queue {
        Queue::read(conn).expect("queue")
    }

    /// The flags a sync works out, against those read back from the ledger
    /// (absent and no anomaly counted are the same); and the queue it
    /// leaves, against the ledger's.
    fn assert_flags_as_read_back(conn: &Connection, synced: &Synced) {
        assert_eq!(synced.queue, read(conn), "the queue as the sync left it");
        let read = super::super::flags(conn).expect("flags");
        let counted = |m: &crate::kinds::Flags| -> std::collections::BTreeMap<String, (i64, bool)> {
            m.iter()
                .filter(|(_, f)| **f != (0, false))
                .map(|(k, f)| (k.clone(), *f))
                .collect()
        };
        assert_eq!(counted(&synced.flags), counted(&read));
    }

    #[test]
    fn the_flags_a_sync_leaves_are_those_the_ledger_holds() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("state.db")).expect("store");
        let conn = store.conn();
        let first = [
            finding("a", Severity::Error, "x", "1"),
            finding("b", Severity::Warning, "x", "1"),
            finding("c", Severity::Info, "y", "1"),
            finding("d", Severity::Warning, "z", "1"),
        ];
        let synced = sync(conn, &first, &Unchanged, read(conn), true).expect("sync");
        assert_eq!(synced.counts.created, 4);
        assert_flags_as_read_back(conn, &synced);
        // An operator dismisses one and sets another aside; one stops
        // firing; the dismissed one fires again unchanged, then changed.
        conn.execute(
            "UPDATE anomalies SET status = 'dismissed' WHERE rule = 'a'",
            [],
        )
        .expect("dismiss");
        conn.execute(
            "UPDATE anomalies SET status = 'contacted' WHERE rule = 'b'",
            [],
        )
        .expect("contact");
        let second = [first[0].clone(), first[1].clone(), first[2].clone()];
        let synced = sync(conn, &second, &Unchanged, read(conn), true).expect("sync");
        assert_eq!(synced.counts.closed, 1);
        assert_flags_as_read_back(conn, &synced);
        assert_eq!(
            synced.flags.get("x"),
            Some(&(1, false)),
            "the dismissed error does not count"
        );
        // Nothing changed the ledger since: the queue the last sync left
        // serves as well as one read again.
        let third = [finding("a", Severity::Error, "x", "2"), first[1].clone()];
        let synced = sync(conn, &third, &Unchanged, synced.queue, true).expect("sync");
        assert_eq!(synced.counts.reopened, 1);
        assert_flags_as_read_back(conn, &synced);
        assert_eq!(synced.flags.get("x"), Some(&(2, true)));
    }
}
