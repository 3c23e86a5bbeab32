//! The returns behind a figure: each current return's file, when it was
//! received, and the amendments laid over it — read once from the ledger
//! for an explanation, so a figure's services can each say where they come
//! from.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::format::sanitise;
use crate::store::amendments::Amendment;
use crate::store::returns::Origin;

/// Current returns by key, with their active amendments.
#[derive(Debug, Default)]
pub struct Sources {
    origins: Vec<Origin>,
    by_key: HashMap<String, usize>,
    amendments: HashMap<String, Vec<Amendment>>,
}

/// The returns of one file behind a table.
#[derive(Debug, PartialEq)]
pub struct FileShare {
    pub file: String,
    pub received_at: String,
    pub returns: usize,
    pub amended: usize,
}

impl Sources {
    pub fn new(origins: Vec<Origin>, active: Vec<Amendment>) -> Sources {
        let by_key = origins
            .iter()
            .enumerate()
            .map(|(i, o)| (o.service_key.clone(), i))
            .collect();
        let mut amendments: HashMap<String, Vec<Amendment>> = HashMap::new();
        for a in active {
            amendments.entry(a.identity.clone()).or_default().push(a);
        }
        Sources {
            origins,
            by_key,
            amendments,
        }
    }

    /// Read from the workspace's ledger: every current return, or only
    /// the one with this key.
    pub fn read(
        conn: &rusqlite::Connection,
        only: Option<&str>,
    ) -> Result<Sources, crate::store::StoreError> {
        Ok(Sources::new(
            crate::store::returns::origins(conn, only)?,
            crate::store::amendments::active(conn)?,
        ))
    }

    fn origin(&self, key: &str) -> Option<&Origin> {
        self.by_key.get(key).map(|&i| &self.origins[i])
    }

    fn amendments_of(&self, o: &Origin) -> &[Amendment] {
        self.amendments.get(&o.identity).map_or(&[], Vec::as_slice)
    }

    /// "file.xlsx, received 2026-12-05 09:14; amended: job outcomes 30 → 31".
    pub fn brief(&self, key: &str) -> Option<String> {
        let o = self.origin(key)?;
        let mut s = format!("{}, received {}", sanitise(&o.file), when(&o.received_at));
        let amended = self.amendments_of(o);
        if !amended.is_empty() {
            let what: Vec<String> = amended.iter().map(change).collect();
            let _ = write!(s, "; amended: {}", what.join(", "));
        }
        Some(s)
    }

    /// One return's source in full: file, received, and each amendment
    /// with who made it and why; `field` first says whether it is amended.
    pub fn detail(&self, key: &str, field: &str) -> Vec<String> {
        let Some(o) = self.origin(key) else {
            return Vec::new();
        };
        let mut lines = vec![format!(
            "  received:    {} (in {})",
            when(&o.received_at),
            sanitise(&o.file)
        )];
        let amended = self.amendments_of(o);
        if !amended.iter().any(|a| a.field == field) {
            lines.push("  this figure: as returned (not amended)".into());
        }
        for a in amended {
            lines.push(format!(
                "  amended:     {} by {} on {} ({})",
                change(a),
                sanitise(&a.who),
                when(&a.at),
                sanitise(&a.why)
            ));
        }
        lines
    }

    /// The files holding a kind's current returns, optionally only those
    /// of one year (a return without a year is about every year) and one
    /// site or provider (its council however spelled, or its name).
    pub fn files_of(&self, kind: &str, period: Option<&str>, site: Option<&str>) -> Vec<FileShare> {
        use crate::reference::council_identity;
        let mut files: BTreeMap<(String, String), FileShare> = BTreeMap::new();
        let site = site.map(council_identity);
        let in_period = |o: &Origin| match (period, &o.period) {
            (Some(p), Some(q)) => p == q,
            _ => true,
        };
        let names = |o: &Origin| match &site {
            None => true,
            Some(site) => [&o.site, &o.title]
                .iter()
                .any(|n| n.as_deref().is_some_and(|n| &council_identity(n) == site)),
        };
        for o in self
            .origins
            .iter()
            .filter(|o| o.kind == kind && in_period(o) && names(o))
        {
            let share = files
                .entry((o.received_at.clone(), o.file.clone()))
                .or_insert_with(|| FileShare {
                    file: o.file.clone(),
                    received_at: o.received_at.clone(),
                    returns: 0,
                    amended: 0,
                });
            share.returns += 1;
            if !self.amendments_of(o).is_empty() {
                share.amended += 1;
            }
        }
        files.into_values().collect()
    }
}

/// A stored time as a reader writes it: `2026-12-05 09:14`.
pub(crate) fn when(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replacen('T', " ", 1)
}

/// "job outcomes 30 → 31".
fn change(a: &Amendment) -> String {
    format!(
        "{} {} → {}",
        crate::kinds::labels::label_or_words(&a.field),
        a.old_value.describe(),
        crate::format::number(a.new_value)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(key: &str, kind: &str, site: &str, file: &str) -> Origin {
        Origin {
            service_key: key.into(),
            identity: format!("id-{key}"),
            kind: kind.into(),
            site: Some(site.into()),
            title: None,
            period: Some("2012/13".into()),
            file: file.into(),
            received_at: "2026-12-05T09:14:33Z".into(),
        }
    }

    #[test]
    fn a_return_says_its_file_its_time_and_its_amendments() {
        let amendment = Amendment {
            id: 1,
            identity: "id-a".into(),
            field: "outcomes_total".into(),
            old_value: crate::ingest::Value::Number(30.0),
            new_value: 31.0,
            who: "sam".into(),
            at: "2026-12-06T10:00:00Z".into(),
            why: "phoned".into(),
            anomaly_id: None,
            status: "active".into(),
        };
        let sources = Sources::new(
            vec![
                origin("a", "service", "Wigan", "a.xlsx"),
                origin("b", "service", "York", "b.csv"),
                origin("c", "commissioner", "York", "survey.csv"),
                origin("d", "commissioner", "york ", "survey.csv"),
            ],
            vec![amendment],
        );
        assert_eq!(
            sources.brief("a").as_deref(),
            Some("a.xlsx, received 2026-12-05 09:14; amended: job outcomes 30 → 31")
        );
        assert_eq!(
            sources.brief("b").as_deref(),
            Some("b.csv, received 2026-12-05 09:14")
        );
        assert_eq!(sources.brief("nobody"), None);
        let detail = sources.detail("a", "total_cost").join("\n");
        assert!(detail.contains("as returned (not amended)"), "{detail}");
        assert!(
            detail.contains("by sam on 2026-12-06 10:00 (phoned)"),
            "{detail}"
        );
        assert!(
            !sources
                .detail("a", "outcomes_total")
                .join("\n")
                .contains("not amended")
        );
        let york = sources.files_of("commissioner", Some("2012/13"), Some("York"));
        assert_eq!(york.len(), 1);
        assert_eq!(york[0].returns, 2);
        assert!(
            sources
                .files_of("service", Some("2013/14"), None)
                .is_empty()
        );
        assert_eq!(sources.files_of("service", None, Some("wigan")).len(), 1);
    }
}
