//! The collection tracker's input tables: what each site has sent
//! (`collection_received`) against what it owes (`expected`).

use crate::ingest::StoredReturn;
use crate::kinds::Named;
use crate::reference::Reference;
use polars::prelude::*;

use super::frames::*;

/// The scopes of a tracker row: a return kind's rows are never pooled with
/// the person cohorts in cohort `all`.
pub(super) fn tracker_scopes(cohort: &str, site: &str) -> Vec<(String, String)> {
    let all = scopes(cohort, site);
    if KIND_COHORTS.contains(&cohort) {
        all.into_iter().filter(|(c, _)| c != "all").collect()
    } else {
        all.into()
    }
}

/// One row per person (or return) received at a collection point, per
/// scope, with when it arrived.
pub(super) fn received_frame(
    records: &[Record],
    others: &[&StoredReturn],
    reference: &Reference,
) -> PolarsResult<DataFrame> {
    let mut rows: Vec<(String, String, String, String, String)> = Vec::new();
    for x in records {
        let (Some(c), Some(col)) = (&x.cohort, &x.collection) else {
            continue;
        };
        for (sc, ss) in tracker_scopes(c, &x.site) {
            rows.push((
                sc,
                ss,
                col.clone(),
                format!("{}\u{1f}{}", x.site, x.person),
                x.r.received_at.clone(),
            ));
        }
    }
    // Return kinds are followed only when expected.csv asks for them.
    let followed = |cohort: &str| reference.expected.iter().any(|e| e.cohort.trim() == cohort);
    // A site's returns mostly spell it alike: each spelling is looked up
    // once.
    let mut sites: std::collections::HashMap<&str, String> = Default::default();
    for r in others {
        let cohort = match r.data.kind {
            crate::ingest::ReturnKind::Service => "service",
            crate::ingest::ReturnKind::Commissioner => "commissioner",
            _ => continue,
        };
        // Asked first: thousands of service returns are seldom followed.
        if !followed(cohort) {
            continue;
        }
        let collection = match r.data.kind {
            crate::ingest::ReturnKind::Service => r.data.period().unwrap_or("").to_string(),
            _ => "survey".to_string(),
        };
        let Some(written) = r.data.site_label() else {
            continue;
        };
        let site = sites
            .entry(written)
            .or_insert_with(|| site_name(written, reference));
        for (sc, ss) in tracker_scopes(cohort, site) {
            rows.push((
                sc,
                ss,
                collection.clone(),
                r.service_key().to_string(),
                r.received_at.clone(),
            ));
        }
    }
    let mut cols: [Vec<String>; 5] = Default::default();
    for row in rows {
        for (c, v) in cols.iter_mut().zip([row.0, row.1, row.2, row.3, row.4]) {
            c.push(v);
        }
    }
    let [cohort, site, collection, person, received_at] = cols;
    DataFrame::new(
        cohort.len(),
        vec![
            Column::new("cohort".into(), cohort),
            Column::new("site".into(), site),
            Column::new("collection".into(), collection),
            Column::new("person".into(), person),
            Column::new("received_at".into(), received_at),
        ],
    )
}

/// `expected.csv`, per scope (an `all` row sums the rows it has).
pub(super) fn expected_frame(reference: &Reference) -> PolarsResult<DataFrame> {
    let (mut cohort, mut site, mut collection, mut expected) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for e in &reference.expected {
        for (sc, ss) in tracker_scopes(e.cohort.trim(), e.site.trim()) {
            cohort.push(sc);
            site.push(ss);
            collection.push(e.collection.trim().to_string());
            expected.push(e.expected);
        }
    }
    DataFrame::new(
        cohort.len(),
        vec![
            Column::new("cohort".into(), cohort),
            Column::new("site".into(), site),
            Column::new("collection".into(), collection),
            Column::new("expected".into(), expected),
        ],
    )
}
