//! The Areas screen's rows: provider contract returns against need.

use polars::prelude::*;

use super::decode::Table;

/// The Areas screen: provider contract returns against need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreasData {
    /// (period, area, client group, stage, offering, unsplit, gap).
    pub map: Vec<(String, String, String, String, i64, i64, bool)>,
    pub spend: Vec<SpendNeed>,
    pub rates: Vec<RateGap>,
    /// (period, area, [per 100 at each of the five outcome stages]) for
    /// every area's `total` row.
    pub per100: Vec<(String, String, [Option<f64>; 5])>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpendNeed {
    pub period: String,
    pub area: String,
    pub group: String,
    pub spend_low: Option<f64>,
    pub spend_high: Option<f64>,
    pub per_head_low: Option<f64>,
    pub per_head_high: Option<f64>,
    pub expected_share: Option<f64>,
    pub actual_share: Option<f64>,
    pub gap: Option<f64>,
    /// "SMI - registered with GP (source, period)".
    pub denominator: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateGap {
    pub area: String,
    pub group: String,
    pub comparator: String,
    pub rate: Option<f64>,
    pub comparator_rate: Option<f64>,
    pub jobs_needed: Option<f64>,
    pub source: String,
    pub period: String,
}

pub(super) fn areas_data(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<AreasData> {
    let mut out = AreasData::default();
    if let Some(df) = table("provider_map") {
        out.map = Table::new(&df).rows(|r| {
            Ok((
                r.text("period")?,
                r.text("area")?,
                r.text("client_group")?,
                r.text("stage")?,
                r.int("providers_offering")?,
                r.int("providers_unsplit")?,
                r.is("gap", "yes")?,
            ))
        })?;
    }
    if let Some(df) = table("spend_need") {
        out.spend = Table::new(&df).rows(|r| {
            Ok(SpendNeed {
                denominator: match r.opt_text("denominator_label")? {
                    Some(l) => format!(
                        "{l} ({}, {})",
                        r.text("denominator_source")?,
                        r.text("denominator_period")?
                    ),
                    None => String::new(),
                },
                period: r.text("period")?,
                area: r.text("area")?,
                group: r.text("client_group")?,
                spend_low: r.num("spend_low")?,
                spend_high: r.num("spend_high")?,
                per_head_low: r.num("spend_per_head_low")?,
                per_head_high: r.num("spend_per_head_high")?,
                expected_share: r.num("expected_share")?,
                actual_share: r.num("actual_share")?,
                gap: r.num("gap")?,
            })
        })?;
    }
    if let Some(df) = table("rate_gap") {
        out.rates = Table::new(&df).rows(|r| {
            Ok(RateGap {
                area: r.text("area")?,
                group: r.text("client_group")?,
                comparator: r.text("comparator")?,
                rate: r.num("rate")?,
                comparator_rate: r.num("comparator_rate")?,
                jobs_needed: r.num("jobs_needed")?,
                source: r.text("rate_source")?,
                period: r.text("rate_period")?,
            })
        })?;
    }
    if let Some(df) = table("stage_outcomes") {
        const STAGES: [&str; 5] = [
            "per100_training",
            "per100_volunteering",
            "per100_work_experience",
            "per100_paid_job",
            "per100_job_retained",
        ];
        out.per100 = Table::new(&df).rows_where(
            |r| Ok(r.is("provider", "total")? && r.is("client_group", "total")?),
            |r| {
                let mut parts = [None; 5];
                for (part, stage) in parts.iter_mut().zip(STAGES) {
                    *part = r.num(stage)?;
                }
                Ok((r.text("period")?, r.text("area")?, parts))
            },
        )?;
    }
    Ok(out)
}
