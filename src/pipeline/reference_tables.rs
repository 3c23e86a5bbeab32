//! Reference data as tables the SQL models join: `reference_bands` (one
//! row per band and group it applies to) and `reference_points`.

use polars::prelude::*;

use crate::reference::{Better, Reference};

/// The groups a band with no `groups` list applies to: every primary group,
/// services without one, and the summary groups.
const ALL_GROUPS: &[&str] = &["ld", "mh", "mixed", "unknown", "all", "evidence_based"];

pub fn tables(reference: &Reference) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let mut band = Vec::new();
    let mut metric = Vec::new();
    let mut applies_to = Vec::new();
    let mut low = Vec::new();
    let mut high = Vec::new();
    let mut better = Vec::new();
    let mut label = Vec::new();
    let mut source = Vec::new();
    for b in &reference.benchmarks.band {
        let groups: Vec<String> = if b.groups.is_empty() {
            ALL_GROUPS.iter().map(|s| s.to_string()).collect()
        } else {
            b.groups.clone()
        };
        for g in groups {
            band.push(b.name.clone());
            metric.push(b.metric.clone());
            applies_to.push(g);
            low.push(b.low);
            high.push(b.high);
            better.push(
                match b.better {
                    Better::Lower => "lower",
                    Better::Higher => "higher",
                    Better::Inside => "inside",
                }
                .to_string(),
            );
            label.push(b.label.clone());
            source.push(b.source.clone());
        }
    }
    let n = band.len();
    let bands = DataFrame::new(
        n,
        vec![
            Column::new("band".into(), band),
            Column::new("metric".into(), metric),
            Column::new("applies_to".into(), applies_to),
            Column::new("low".into(), low),
            Column::new("high".into(), high),
            Column::new("better".into(), better),
            Column::new("label".into(), label),
            Column::new("source".into(), source),
        ],
    )?;
    let pts = &reference.benchmarks.reference;
    let points = DataFrame::new(
        pts.len(),
        vec![
            Column::new(
                "name".into(),
                pts.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "metric".into(),
                pts.iter().map(|p| p.metric.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "value".into(),
                pts.iter().map(|p| p.value).collect::<Vec<_>>(),
            ),
            Column::new(
                "label".into(),
                pts.iter().map(|p| p.label.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "source".into(),
                pts.iter().map(|p| p.source.clone()).collect::<Vec<_>>(),
            ),
        ],
    )?;
    Ok(vec![
        ("reference_bands", bands),
        ("reference_points", points),
    ])
}
