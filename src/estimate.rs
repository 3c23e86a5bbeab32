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
    /// What the services in scope spend, and the job outcomes it buys
    /// today (the services with both figures).
    pub spend: f64,
    pub outcomes_now: f64,
}

/// What a spend that buys `outcomes` today would buy at another cost per
/// job outcome (the `opportunity` table's arithmetic).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opportunity {
    pub outcomes_at: f64,
    /// Negative when today's cost is already lower: the subject is ahead.
    pub extra_outcomes: f64,
    /// What today's outcomes would cost less at the benchmark (negative:
    /// they already cost less).
    pub saving: f64,
}

impl Opportunity {
    pub fn at(spend: f64, outcomes: f64, cost_per_outcome: f64) -> Option<Opportunity> {
        (cost_per_outcome > 0.0).then(|| Opportunity {
            outcomes_at: spend / cost_per_outcome,
            extra_outcomes: spend / cost_per_outcome - outcomes,
            saving: spend - outcomes * cost_per_outcome,
        })
    }

    /// "1,234 more" or, when ahead, "already 56 ahead".
    pub fn describe_extra(&self) -> String {
        use crate::format::{Extra, thousands};
        match Extra::of(self.extra_outcomes).unwrap_or(Extra::Level) {
            Extra::More(n) => format!("{} more", thousands(n)),
            Extra::Ahead(n) => format!("already {} ahead", thousands(n)),
            Extra::Level => "level".to_string(),
        }
    }
}

/// One subject's rows of the `opportunity` table in words, year by year:
/// what it spends and buys today, then what the same money would buy at
/// each benchmark ("ahead" when it already does better, never a loss).
pub fn opportunity_lines(df: &DataFrame, level: &str, subject: &str) -> PolarsResult<Vec<String>> {
    use crate::format::{money, thousands};
    let rows = df
        .clone()
        .lazy()
        .filter(
            col("level")
                .eq(lit(level))
                .and(col("subject").eq(lit(subject))),
        )
        .collect()?;
    let text = |c: &str| -> PolarsResult<StringChunked> { Ok(rows.column(c)?.str()?.clone()) };
    let num = |c: &str| -> PolarsResult<Float64Chunked> {
        Ok(rows.column(c)?.cast(&DataType::Float64)?.f64()?.clone())
    };
    let (periods, labels) = (text("period")?, text("benchmark_label")?);
    let (spend, outcomes, cost) = (num("spend")?, num("outcomes")?, num("cost_per_outcome")?);
    let (bench, at, extra, saving, n) = (
        num("benchmark_cost")?,
        num("outcomes_at_benchmark")?,
        num("extra_outcomes")?,
        num("saving")?,
        num("benchmark_n")?,
    );
    let mut lines = Vec::new();
    let mut last_period = None;
    for i in 0..rows.height() {
        let period = periods.get(i).unwrap_or("?");
        if last_period != Some(period) {
            lines.push(format!(
                "{period}: {} bought {} job outcomes ({} each)",
                money(spend.get(i)),
                outcomes
                    .get(i)
                    .map_or("–".into(), |o| thousands(o.round() as i64)),
                money(cost.get(i))
            ));
            last_period = Some(period);
        }
        let (Some(outcomes_at), Some(extra_outcomes), Some(saving)) =
            (at.get(i), extra.get(i), saving.get(i))
        else {
            continue;
        };
        let o = Opportunity {
            outcomes_at,
            extra_outcomes,
            saving,
        };
        let from = n
            .get(i)
            .map_or_else(String::new, |n| format!(", from {} services", n.round()));
        lines.push(format!(
            "  at {} ({}{from}): {}",
            labels.get(i).unwrap_or("?"),
            money(bench.get(i)),
            o.describe_extra()
        ));
    }
    Ok(lines)
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
        spend: sum_cost,
        outcomes_now: sum_outcomes,
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
        if let (Some((_, lo, hi)), Some(p)) = (&self.band, self.pooled_cost_per_outcome) {
            let at = |cost: f64| Opportunity::at(self.spend, self.outcomes_now, cost);
            if let (Some(high), Some(low)) = (at(*hi), at(*lo)) {
                let n = |v: f64| crate::format::thousands(v.round() as i64);
                out.push_str(&format!(
                    "  These services' own {} bought {} job outcomes ({} each). The same money would buy {} at {} each ({}) and {} at {} each ({}).\n",
                    money(Some(self.spend)),
                    n(self.outcomes_now),
                    money(Some(p)),
                    n(high.outcomes_at),
                    money(Some(*hi)),
                    high.describe_extra(),
                    n(low.outcomes_at),
                    money(Some(*lo)),
                    low.describe_extra(),
                ));
            }
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

    /// The study's published means (DOMAIN.md §3): 70 services at a mean
    /// cost of £263,132 spend £18,419,240; at the mean cost per job outcome
    /// of £8,217 that buys 2,241.6 outcomes. At the aim-for band's high end
    /// (£4,000) it would buy 4,604.8 (2,363.2 more, 2.05 times as many); at
    /// its low end (£1,600) 11,512.0 (9,270.4 more).
    #[test]
    fn the_study_money_at_the_aim_for_band() {
        let spend = 70.0 * 263_132.0;
        assert_eq!(spend, 18_419_240.0);
        let now = spend / 8_217.0;
        let high = Opportunity::at(spend, now, 4_000.0).expect("high");
        let low = Opportunity::at(spend, now, 1_600.0).expect("low");
        let close = |a: f64, b: f64| assert!((a - b).abs() < 0.05, "{a} != {b}");
        close(now, 2_241.6);
        close(high.outcomes_at, 4_604.8);
        close(high.extra_outcomes, 2_363.2);
        close(high.outcomes_at / now, 2.054);
        close(low.outcomes_at, 11_512.0);
        close(low.extra_outcomes, 9_270.4);
        assert_eq!(high.describe_extra(), "2,363 more");
        // The same money spent at £1,000 per outcome is ahead of the band.
        let ahead = Opportunity::at(spend, spend / 1_000.0, 4_000.0).expect("ahead");
        assert!(ahead.extra_outcomes < 0.0 && ahead.saving < 0.0);
        assert_eq!(ahead.describe_extra(), "already 13,814 ahead");
        assert_eq!(Opportunity::at(spend, now, 0.0), None);
    }
}
