//! The readers' notes as findings. A return's notes are fixed once it is
//! decoded, and so are their findings while the return's copy stays the
//! same; a daemon keeps each return's findings from one run to the next
//! and makes them again only for a return that is new or whose copy
//! changed (an amendment laid over it makes a new copy every run). On a
//! workspace of 2,000 returns that spares a new return's run some 3,500
//! findings made and dropped again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::ingest::{Return, ReturnKeys};
use crate::store::StoredReturn;
use crate::store::anomalies::Finding;

/// Each return's note findings as the last run made them, by the return's
/// row, with the copy of the return they were made from.
#[derive(Default)]
pub struct KeptNotes {
    by_row: Mutex<HashMap<i64, Made>>,
}

struct Made {
    /// Held, so the copy cannot be freed and its address given to another
    /// while these findings are kept; and a shared copy is never changed
    /// in place (an amendment copies it first), so the same address means
    /// the same return.
    data: Arc<Return>,
    keys: Arc<ReturnKeys>,
    findings: Arc<[Finding]>,
}

impl Made {
    fn holds(&self, r: &StoredReturn) -> bool {
        Arc::ptr_eq(&self.data, &r.data) && Arc::ptr_eq(&self.keys, &r.keys)
    }
}

/// The note findings of each return that has notes, in the returns'
/// order: taken from `kept` where a return is the very copy they were
/// made from, else made (and kept, in place of what the last run left).
pub fn findings(returns: &[StoredReturn], kept: Option<&KeptNotes>) -> Vec<Arc<[Finding]>> {
    let noted = returns.iter().filter(|r| !r.data.notes.is_empty());
    let Some(kept) = kept else {
        return noted.map(made_for).collect();
    };
    let mut last = crate::kept::lock(&kept.by_row);
    let mut next = HashMap::with_capacity(last.len() + 1);
    let mut out = Vec::with_capacity(last.len() + 1);
    for r in noted {
        let made = match last.remove(&r.id) {
            Some(made) if made.holds(r) => made,
            _ => Made {
                data: Arc::clone(&r.data),
                keys: Arc::clone(&r.keys),
                findings: made_for(r),
            },
        };
        out.push(Arc::clone(&made.findings));
        next.insert(r.id, made);
    }
    // What the last run kept of returns no longer current goes here.
    *last = next;
    out
}

/// A finding for each note a reader left on a return.
fn made_for(r: &StoredReturn) -> Arc<[Finding]> {
    r.data
        .notes
        .iter()
        .map(|n| {
            super::finding(
                r,
                &n.rule,
                n.severity,
                n.field.as_deref().unwrap_or("-"),
                n.values.as_deref().unwrap_or(&n.message),
                &n.message,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Note, Severity};

    /// A service return, row `id`, with `notes` notes of its readers.
    fn noted(id: i64, notes: usize) -> StoredReturn {
        let json = format!(
            r#"{{"kind":"service","layout":"Template","location":"row {id}","values":{{
                "service_name":{{"state":"text","value":"Service {id}"}},
                "commissioner":{{"state":"text","value":"Stockport"}},
                "period":{{"state":"text","value":"2012/13"}},
                "people_total":{{"state":"number","value":40.0}}}},
                "notes":[],"extras":{{}}}}"#
        );
        let mut data: Return = serde_json::from_str(&json).expect("a return");
        for n in 0..notes {
            data.notes.push(Note::new(
                Severity::Info,
                "period_from_date",
                Some("period"),
                format!("note {n} on row {id}"),
            ));
        }
        crate::kinds::naming::held(id, data, "xlsx")
    }

    fn flat(made: &[Arc<[Finding]>]) -> Vec<Finding> {
        made.iter().flat_map(|m| m.iter().cloned()).collect()
    }

    #[test]
    fn kept_findings_are_those_made_afresh_and_made_again_only_for_a_changed_copy() {
        let kept = KeptNotes::default();
        let mut returns = vec![noted(1, 2), noted(2, 0), noted(3, 1)];
        let first = findings(&returns, Some(&kept));
        assert_eq!(flat(&first), flat(&findings(&returns, None)));
        assert_eq!(flat(&first).len(), 3);
        assert_eq!(flat(&first)[0].service_name.as_deref(), Some("Service 1"));

        // The same copies: the very findings kept, none made again.
        let second = findings(&returns, Some(&kept));
        assert!(first.iter().zip(&second).all(|(a, b)| Arc::ptr_eq(a, b)));

        // An amendment laid over row 3 makes a new copy: its findings are
        // made again and say what the copy now says; row 1's are kept.
        crate::kinds::naming::amend(&mut returns[2], |data| {
            data.values.insert(
                "service_name".into(),
                crate::ingest::Value::Text("Renamed".into()),
            );
        });
        let third = findings(&returns, Some(&kept));
        assert!(Arc::ptr_eq(&first[0], &third[0]));
        assert!(!Arc::ptr_eq(&first[1], &third[1]));
        assert_eq!(third[1][0].service_name.as_deref(), Some("Renamed"));
        assert_eq!(flat(&third), flat(&findings(&returns, None)));

        // A return gone is let go; one new is made.
        returns.remove(0);
        returns.push(noted(4, 1));
        let fourth = findings(&returns, Some(&kept));
        assert_eq!(flat(&fourth), flat(&findings(&returns, None)));
        assert_eq!(crate::kept::lock(&kept.by_row).len(), 2);
    }
}
