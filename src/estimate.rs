//! "If we invest £x, how many job outcomes?" (DOMAIN.md §2): a budget
//! divided by cost per job outcome, given as a range, never a point alone.
//!
//! - central: budget / pooled cost per outcome of the services in scope
//!   (sum of their costs / sum of their outcomes, so a service with no
//!   outcomes still counts its cost);
//! - the middle half: budget / the upper and lower quartile of the
//!   services' own cost per outcome (linear interpolation between ranks);
//! - the benchmark: budget / the ends of the cost-per-outcome band that
//!   applies to the group (config/reference/benchmarks.toml).

use polars::prelude::*;

use crate::reference::{Reference, authority_key};

#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub budget: f64,
    /// Which services: "all services", "mh services", "Stockport", ...
    pub scope: String,
    /// Services with a cost and an outcome count.
    pub n: usize,
    pub pooled_cost_per_outcome: Option<f64>,
    /// The unweighted mean of the services' own cost per outcome (the
    /// study's average), shown beside the pooled figure.
    pub mean_cost_per_outcome: Option<f64>,
    pub outcomes: Option<f64>,
    pub quartiles: Option<(f64, f64)>,
    pub outcomes_middle_half: Option<(f64, f64)>,
    pub band: Option<(String, f64, f64)>,
    pub outcomes_at_band: Option<(f64, f64)>,
}

#[derive(Debug, thiserror::Error)]
pub enum EstimateError {
    #[error("the budget must be a positive amount of pounds")]
    Budget,
    #[error("unknown group \"{0}\": use all, ld, mh, mixed or evidence_based")]
    Group(String),
    #[error("no services match {0}")]
    NoServices(String),
    #[error("reading the services table: {0}")]
    Polars(#[from] PolarsError),
}

/// Quantile by linear interpolation between order statistics (R type 7).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

pub fn estimate(
    services: &DataFrame,
    reference: &Reference,
    budget: f64,
    group: Option<&str>,
    site: Option<&str>,
    period: Option<&str>,
) -> Result<Estimate, EstimateError> {
    if !(budget.is_finite() && budget > 0.0) {
        return Err(EstimateError::Budget);
    }
    let group = group.unwrap_or("all");
    if !["all", "ld", "mh", "mixed", "evidence_based"].contains(&group) {
        return Err(EstimateError::Group(group.to_string()));
    }
    let f = |c: &str| -> Result<Float64Chunked, EstimateError> {
        Ok(services.column(c)?.cast(&DataType::Float64)?.f64()?.clone())
    };
    let s = |c: &str| -> Result<StringChunked, EstimateError> {
        Ok(services.column(c)?.str()?.clone())
    };
    let (cost, outcomes, cpo) = (
        f("total_cost")?,
        f("outcomes_total")?,
        f("cost_per_outcome")?,
    );
    let (primary, commissioner, periods) = (s("primary_group")?, s("commissioner")?, s("period")?);
    let evidence = services.column("evidence_based")?.bool()?.clone();
    let site_key = site.map(authority_key);
    let in_scope = |i: usize| {
        let group_ok = match group {
            "all" => true,
            "evidence_based" => evidence.get(i) == Some(true),
            g => primary.get(i) == Some(g),
        };
        let site_ok = site_key.as_ref().is_none_or(|k| {
            let c = commissioner.get(i).unwrap_or("");
            authority_key(c) == *k
                || reference
                    .authority(c)
                    .zip(reference.authority(site.unwrap_or("")))
                    .is_some_and(|(a, b)| a.code == b.code)
        });
        let period_ok = period.is_none_or(|p| periods.get(i) == Some(p));
        group_ok && site_ok && period_ok
    };
    let mut scope = if group == "all" {
        "all services".to_string()
    } else {
        format!("{group} services")
    };
    if let Some(site) = site {
        scope.push_str(&format!(" of {site}"));
    }
    if let Some(p) = period {
        scope.push_str(&format!(" in {p}"));
    }
    let scope_for_error = scope.clone();
    let rows = (0..services.height())
        .filter(|&i| in_scope(i))
        .map(|i| (cost.get(i), outcomes.get(i), cpo.get(i)));
    estimate_over(rows, &reference.benchmarks.band, budget, group, scope)
        .ok_or(EstimateError::NoServices(scope_for_error))
}

/// The estimate over services given as (total cost, job outcomes, cost per
/// outcome); `None` when no service has both a cost and an outcome count.
pub fn estimate_over(
    rows: impl Iterator<Item = (Option<f64>, Option<f64>, Option<f64>)>,
    bands: &[crate::reference::Band],
    budget: f64,
    group: &str,
    scope: String,
) -> Option<Estimate> {
    let mut sum_cost = 0.0;
    let mut sum_outcomes = 0.0;
    let mut n = 0;
    let mut own: Vec<f64> = Vec::new();
    for (cost, outcomes, cpo) in rows {
        if let (Some(c), Some(o)) = (cost, outcomes) {
            sum_cost += c;
            sum_outcomes += o;
            n += 1;
        }
        if let Some(x) = cpo {
            own.push(x);
        }
    }
    if n == 0 {
        return None;
    }
    own.sort_by(f64::total_cmp);
    let pooled = (sum_outcomes > 0.0).then(|| sum_cost / sum_outcomes);
    let mean = (!own.is_empty()).then(|| own.iter().sum::<f64>() / own.len() as f64);
    let quartiles = quantile(&own, 0.25).zip(quantile(&own, 0.75));
    let band = bands
        .iter()
        .find(|b| b.metric == "cost_per_outcome" && b.applies_to(group))
        .and_then(|b| Some((b.label.clone(), b.low?, b.high?)));
    Some(Estimate {
        budget,
        scope,
        n,
        pooled_cost_per_outcome: pooled,
        mean_cost_per_outcome: mean,
        outcomes: pooled.map(|p| budget / p),
        outcomes_middle_half: quartiles.map(|(q1, q3)| (budget / q3, budget / q1)),
        quartiles,
        outcomes_at_band: band.as_ref().map(|(_, lo, hi)| (budget / hi, budget / lo)),
        band,
    })
}

impl Estimate {
    /// The estimate in words, as the TUI and CLI show it.
    pub fn describe(&self) -> String {
        use crate::format::money;
        let mut out = String::new();
        match (self.outcomes, self.pooled_cost_per_outcome) {
            (Some(o), Some(p)) => out.push_str(&format!(
                "{} buys about {:.0} job outcomes at the pooled cost of {} per outcome of {} (n = {}).\n",
                money(Some(self.budget)),
                o,
                money(Some(p)),
                self.scope,
                self.n
            )),
            _ => out.push_str(&format!("{} reported no job outcomes, so no estimate can be made.\n", self.scope)),
        }
        if let (Some((lo, hi)), Some((q1, q3))) = (self.outcomes_middle_half, self.quartiles) {
            out.push_str(&format!(
                "  {:.0}-{:.0} if it performs like the middle half of these services ({}-{} per outcome).\n",
                lo,
                hi,
                money(Some(q1)),
                money(Some(q3))
            ));
        }
        if let (Some((lo, hi)), Some((label, _, _))) = (self.outcomes_at_band, &self.band) {
            out.push_str(&format!("  {lo:.0}-{hi:.0} at the benchmark: {label}.\n"));
        }
        if let Some(m) = self.mean_cost_per_outcome {
            out.push_str(&format!(
                "  (mean of the services' own cost per outcome, the study's average: {}; the pooled figure weights services by their outcomes.)\n",
                money(Some(m))
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.25), Some(1.75));
        assert_eq!(quantile(&v, 0.75), Some(3.25));
        assert_eq!(quantile(&[5.0], 0.25), Some(5.0));
        assert_eq!(quantile(&[], 0.5), None);
    }
}
