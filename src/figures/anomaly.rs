//! `i` on the queue: where an anomaly comes from — the check that raised
//! it (its SQL file), the figures it is about, how its priority is made,
//! and the return and file behind it with any amendment.

use std::fmt::Write as _;

use super::Sources;
use crate::format::sanitise;
use crate::kinds::labels::{label_or_words, readable};
use crate::store::anomalies::{people_counted, severity_weight};
use crate::store::{Store, StoreError};

pub fn explain_anomaly(store: &Store, id: i64) -> Result<String, StoreError> {
    let conn = store.conn();
    let a = crate::store::anomalies::get(conn, id)?.ok_or(StoreError::NoAnomaly(id))?;
    let mut s = String::new();
    let _ = writeln!(s, "anomaly {}: {} ({})", a.id, a.rule, a.severity);
    let check = crate::pipeline::models::CHECK_FILES
        .iter()
        .find(|(name, _, _)| *name == a.rule);
    match check {
        Some((rule, path, text)) => {
            let _ = writeln!(s, "  raised by   {path}");
            if let Ok(c) = crate::checks::parse_check(rule, text) {
                let _ = writeln!(s, "  the check:  {}", c.about);
            }
        }
        None => {
            let _ = writeln!(
                s,
                "  raised by   the reader, as the file was read (or a resubmission compared with the return it replaced)"
            );
        }
    }
    let _ = writeln!(
        s,
        "  about:      {} ({})",
        label_or_words(&a.field),
        a.field
    );
    let _ = writeln!(s, "  on return:  {}", readable(&sanitise(&a.values)));
    let _ = writeln!(
        s,
        "  priority:   {:.0} = severity weight {} (error 3, warning 2, info 1) × people affected {} (at least 1)",
        a.priority,
        severity_weight(a.severity),
        crate::format::number(people_counted(a.people))
    );
    let who = [
        a.commissioner.as_deref(),
        a.service_name.as_deref(),
        a.period.as_deref(),
    ]
    .iter()
    .map(|x| sanitise(x.unwrap_or("–")))
    .collect::<Vec<_>>()
    .join(" · ");
    let _ = writeln!(s, "\nthe return: {who}");
    let sources = Sources::read(conn, Some(&a.service_key))?;
    let detail = sources.detail(&a.service_key, &a.field);
    if detail.is_empty() {
        let _ = writeln!(
            s,
            "  no current return (an area-level finding, or the return was replaced)"
        );
    }
    for line in detail {
        let _ = writeln!(s, "{line}");
    }
    let versions = crate::store::returns::history(conn, &a.identity)?;
    if versions.len() > 1 {
        let _ = writeln!(s, "  versions:    {} received", versions.len());
    }
    Ok(s)
}
