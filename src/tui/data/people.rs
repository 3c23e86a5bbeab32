//! The Collection and Cohort screens' rows: person records.

use polars::prelude::*;

use super::decode::Table;

/// The Collection and Cohort screens: person records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleData {
    pub collection: Vec<CollectionRow>,
    pub profile: Vec<ProfileRow>,
    pub outcomes: Vec<OutcomeRow>,
}

/// One site x cohort x round of the tracker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CollectionRow {
    pub site: String,
    pub cohort: String,
    pub collection: String,
    pub expected: Option<f64>,
    pub received: i64,
    pub status: String,
}

/// One cohort x site x field x category of the baseline profile.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileRow {
    pub cohort: String,
    pub site: String,
    pub field: String,
    pub category: String,
    pub n: i64,
    pub pct_recorded: Option<f64>,
    pub pct_any: Option<f64>,
}

/// One cohort x site of employment outcomes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeRow {
    pub cohort: String,
    pub site: String,
    pub n_baseline: i64,
    pub n_follow_up: i64,
    pub pct_paid_baseline: Option<f64>,
    pub pct_paid_follow_up: Option<f64>,
    pub pct_into_paid: Option<f64>,
    pub mean_hours: Option<f64>,
}

pub(super) fn people_data(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<PeopleData> {
    let mut out = PeopleData::default();
    if let Some(df) = table("collection_status") {
        out.collection = Table::new(&df).rows(|r| {
            Ok(CollectionRow {
                site: r.text("site")?,
                cohort: r.text("cohort")?,
                collection: r.text("collection")?,
                expected: r.num("expected")?,
                received: r.int("received")?,
                status: r.text("status")?,
            })
        })?;
    }
    if let Some(df) = table("cohort_profile") {
        out.profile = Table::new(&df).rows(|r| {
            Ok(ProfileRow {
                cohort: r.text("cohort")?,
                site: r.text("site")?,
                field: r.text("field")?,
                category: r.text("category")?,
                n: r.int("n")?,
                pct_recorded: r.num("pct_recorded")?,
                pct_any: r.num("pct_any")?,
            })
        })?;
    }
    if let Some(df) = table("cohort_outcomes") {
        out.outcomes = Table::new(&df).rows(|r| {
            Ok(OutcomeRow {
                cohort: r.text("cohort")?,
                site: r.text("site")?,
                n_baseline: r.int("n_baseline")?,
                n_follow_up: r.int("n_follow_up")?,
                pct_paid_baseline: r.num("pct_paid_baseline")?,
                pct_paid_follow_up: r.num("pct_paid_follow_up")?,
                pct_into_paid: r.num("pct_into_paid")?,
                mean_hours: r.num("mean_hours")?,
            })
        })?;
    }
    Ok(out)
}
