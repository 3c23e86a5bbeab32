//! Cleaning the survey as returns/provider_pb.md §4 says: a response
//! without Q9 is an incomplete start; of responses with one identity
//! (period, organisation, the authorities it serves) a later one that
//! repeats an earlier answer for answer is a duplicate, and one that
//! differs supersedes it. This needs every response at once, so it runs on
//! the current returns before the input tables are built.

use std::collections::HashMap;

use crate::ingest::{StoredReturn, Value};

/// Survey-tool metadata: not answers, so not compared.
const METADATA: &[&str] = &["response_id", "started_at", "period"];

/// What cleaning decided about one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Counted in every table.
    Usable,
    /// No answer to Q9: counted in the funnel only.
    Incomplete,
    /// Repeats an earlier response answer for answer: dropped.
    Duplicate,
    /// Replaced by a later response with its identity.
    Superseded,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Usable => "usable",
            Status::Incomplete => "incomplete",
            Status::Duplicate => "duplicate",
            Status::Superseded => "superseded",
        }
    }
}

/// Cleaning of a list of responses, parallel to it.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub status: Vec<Status>,
    /// A duplicate's earlier response; a superseded one's replacement.
    pub other: Vec<Option<usize>>,
    /// For a response that superseded another: the keys that differ.
    pub changed: Vec<Vec<String>>,
}

/// `dd/mm/yyyy hh:mm:ss` as `yyyy-mm-dd hh:mm:ss`, so it sorts; ISO as is.
fn sortable_start(text: &str) -> String {
    let t = text.trim();
    let (date, time) = t.split_once(' ').unwrap_or((t, ""));
    let parts: Vec<&str> = date.split('/').collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => format!("{y}-{m:0>2}-{d:0>2} {time}"),
        _ => t.to_string(),
    }
}

/// The answers two responses disagree on, metadata and extras aside.
fn differences(a: &crate::ingest::Return, b: &crate::ingest::Return) -> Vec<String> {
    let mut keys: Vec<&String> = a.values.keys().chain(b.values.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !METADATA.contains(&k.as_str()))
        .filter(|k| {
            let (x, y) = (a.value(k), b.value(k));
            match (x, y) {
                (Value::Text(p), Value::Text(q)) => p.trim() != q.trim(),
                _ => x != y,
            }
        })
        .cloned()
        .collect()
}

/// The order responses are read in: file, start time, row.
pub fn order(responses: &[&StoredReturn]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..responses.len()).collect();
    idx.sort_by_key(|&i| {
        let r = responses[i];
        (
            r.file_id,
            sortable_start(r.data.text("started_at").unwrap_or("")),
            r.id,
        )
    });
    idx
}

pub fn clean(responses: &[&StoredReturn]) -> Cleaned {
    let n = responses.len();
    let mut c = Cleaned {
        status: vec![Status::Usable; n],
        other: vec![None; n],
        changed: vec![Vec::new(); n],
    };
    let mut holder: HashMap<String, usize> = HashMap::new();
    for i in order(responses) {
        let r = &responses[i].data;
        if matches!(r.value("pb_funding_18m"), Value::Missing) {
            c.status[i] = Status::Incomplete;
            continue;
        }
        // Without an organisation a response has no identity.
        if r.text("org_name").is_none() {
            continue;
        }
        let identity = format!(
            "{}|{}",
            r.text("period").unwrap_or(""),
            super::identity_of_org(r)
        );
        match holder.get(&identity).copied() {
            Some(j) => {
                let changed = differences(&responses[j].data, r);
                if changed.is_empty() {
                    c.status[i] = Status::Duplicate;
                    c.other[i] = Some(j);
                } else {
                    c.status[j] = Status::Superseded;
                    c.other[j] = Some(i);
                    c.other[i] = Some(j);
                    c.changed[i] = changed;
                    holder.insert(identity, i);
                }
            }
            None => {
                holder.insert(identity, i);
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_times_sort_in_either_form() {
        assert!(sortable_start("02/12/2013 09:00:00") > sortable_start("30/11/2013 17:00:00"));
        assert_eq!(sortable_start("2013-12-02T09:00"), "2013-12-02T09:00");
    }
}
