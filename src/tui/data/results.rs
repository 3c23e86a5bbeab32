//! The service screens' rows: services, sites, authorities, the group
//! summary and the per-100 tables.

use polars::prelude::*;

use super::decode::{Row, Table};
use crate::reference::Reference;

/// A service as the screens need it: raw figures for sorting and charts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Service {
    pub key: String,
    pub commissioner: String,
    pub site: String,
    pub service_name: String,
    pub period: String,
    pub group: String,
    pub evidence_based: bool,
    pub people: Option<f64>,
    pub outcomes: Option<f64>,
    pub cost: Option<f64>,
    pub cost_per_person: Option<f64>,
    pub outcome_rate: Option<f64>,
    pub cost_per_outcome: Option<f64>,
    pub sli: Option<f64>,
    pub open_anomalies: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Site {
    pub commissioner: String,
    pub region: String,
    pub period: String,
    pub services: i64,
    pub people: Option<f64>,
    pub outcomes: Option<f64>,
    pub cost: Option<f64>,
    pub cost_per_person: Option<f64>,
    pub outcome_rate: Option<f64>,
    pub cost_per_outcome: Option<f64>,
    pub open_anomalies: i64,
    /// Extra job outcomes the site's money would buy at the "aim for"
    /// band's high end, and at its group's best quarter (`opportunity`;
    /// negative: already ahead by that many).
    pub extra_at_aim: Option<f64>,
    pub extra_at_best: Option<f64>,
}

/// The benchmarks the Sites screen shows what the money could buy at.
pub const AIM_BENCHMARK: &str = "ndti_aim_cost_per_outcome_high";
pub const BEST_BENCHMARK: &str = "best_quartile";

/// One authority and year: what its commissioners say they spend against
/// what its services' returns show (`authority_value`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthorityValue {
    pub authority: String,
    pub region: String,
    pub period: String,
    pub reported_spend: Option<f64>,
    pub accuracy: String,
    pub responses: i64,
    pub disagree: bool,
    pub services: i64,
    pub services_cost: Option<f64>,
    pub outcomes: Option<f64>,
    pub coverage_pct: Option<f64>,
    pub spend_per_outcome: Option<f64>,
}

/// One metric of one group and period, both ways of averaging.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headline {
    pub mean: Option<f64>,
    pub n: i64,
    pub median: Option<f64>,
    pub pooled: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupSummary {
    pub group: String,
    pub period: String,
    pub n_services: i64,
    pub n_excluded: i64,
    pub people: Headline,
    pub cost: Headline,
    pub cost_per_person: Headline,
    pub outcome_rate: Headline,
    pub cost_per_outcome: Headline,
    pub share_new: Headline,
    pub share_retained: Headline,
    pub share_self_employed: Headline,
}

/// How a per-100 breakdown averages its services (`per100.method`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Per100Method {
    /// The study's: the mean outcome rate times the mean share of each
    /// outcome, over services.
    #[default]
    Study,
    /// All outcomes over all people supported.
    Pooled,
    /// The mean of the services' own per-100 figures.
    MeanOfServices,
}

impl Per100Method {
    /// The methods the per-100 screen sets side by side.
    pub const SHOWN: [Per100Method; 2] = [Per100Method::Study, Per100Method::Pooled];

    fn parse(s: &str) -> Option<Per100Method> {
        match s {
            "study" => Some(Per100Method::Study),
            "pooled" => Some(Per100Method::Pooled),
            "mean_of_services" => Some(Per100Method::MeanOfServices),
            _ => None,
        }
    }

    /// The heading that says how it was computed.
    pub fn heading(self) -> &'static str {
        match self {
            Per100Method::Study => "by group (study method: mean rate × mean share)",
            Per100Method::Pooled => "by group (pooled: all outcomes / all people)",
            Per100Method::MeanOfServices => "by group (mean of the services' own figures)",
        }
    }
}

/// new, retained, self-employed, no outcome (per 100 people supported).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Per100 {
    pub group: String,
    pub period: String,
    pub method: Per100Method,
    pub parts: [Option<f64>; 4],
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Segment {
    pub group: String,
    pub period: String,
    pub breakdown: String,
    pub segment: String,
    pub people: Option<f64>,
    pub per100: Option<f64>,
}

pub(super) fn services(df: &DataFrame, reference: &Reference) -> PolarsResult<Vec<Service>> {
    Table::new(df).rows(|r| {
        let commissioner = r.text("commissioner")?;
        Ok(Service {
            key: r.text("service_key")?,
            site: reference
                .authority(&commissioner)
                .map_or_else(|| commissioner.clone(), |a| a.name.clone()),
            commissioner,
            service_name: r.text("service_name")?,
            period: r.text("period")?,
            group: r.text("primary_group")?,
            evidence_based: r.flag("evidence_based")?,
            people: r.num("people_total")?,
            outcomes: r.num("outcomes_total")?,
            cost: r.num("total_cost")?,
            cost_per_person: r.num("cost_per_person")?,
            outcome_rate: r.num("outcome_rate")?,
            cost_per_outcome: r.num("cost_per_outcome")?,
            sli: r.num("sli")?,
            open_anomalies: r.int("open_anomalies")?,
        })
    })
}

pub(super) fn sites(df: &DataFrame) -> PolarsResult<Vec<Site>> {
    Table::new(df).rows(|r| {
        Ok(Site {
            commissioner: r.text("commissioner")?,
            region: r.text("region")?,
            period: r.text("period")?,
            services: r.int("services")?,
            people: r.num("people_total")?,
            outcomes: r.num("outcomes_total")?,
            cost: r.num("total_cost")?,
            cost_per_person: r.num("pooled_cost_per_person")?,
            outcome_rate: r.num("pooled_outcome_rate")?,
            cost_per_outcome: r.num("pooled_cost_per_outcome")?,
            open_anomalies: r.int("open_anomalies")?,
            extra_at_aim: None,
            extra_at_best: None,
        })
    })
}

/// What each site's money could buy, from the `opportunity` table's site
/// rows.
pub(super) fn add_opportunity(sites: &mut [Site], df: &DataFrame) -> PolarsResult<()> {
    let rows = Table::new(df).rows(|r| {
        Ok((
            r.text("level")?,
            r.text("subject")?,
            r.text("period")?,
            r.text("benchmark")?,
            r.num("extra_outcomes")?,
        ))
    })?;
    let mut at: std::collections::HashMap<(&str, &str, &str), Option<f64>> =
        std::collections::HashMap::new();
    for (level, subject, period, benchmark, extra) in &rows {
        if level == "site" {
            at.insert((subject, period, benchmark), *extra);
        }
    }
    for s in sites {
        let find = |b: &str| {
            at.get(&(s.commissioner.as_str(), s.period.as_str(), b))
                .copied()
                .flatten()
        };
        s.extra_at_aim = find(AIM_BENCHMARK);
        s.extra_at_best = find(BEST_BENCHMARK);
    }
    Ok(())
}

/// A metric's mean, n and median (`mean_<m>`, `n_<m>`, `median_<m>`), with
/// its pooled figure when the table has one.
fn headline(r: &Row, metric: &str, pooled: Option<&str>) -> PolarsResult<Headline> {
    Ok(Headline {
        mean: r.num(&format!("mean_{metric}"))?,
        n: r.int(&format!("n_{metric}"))?,
        median: r.num(&format!("median_{metric}"))?,
        pooled: match pooled {
            Some(p) => r.num(p)?,
            None => None,
        },
    })
}

pub(super) fn summary(df: &DataFrame) -> PolarsResult<Vec<GroupSummary>> {
    Table::new(df).rows(|r| {
        let pooled = |m: &str| headline(r, m, Some(&format!("pooled_{m}")));
        Ok(GroupSummary {
            group: r.text("group")?,
            period: r.text("period")?,
            n_services: r.int("n_services")?,
            n_excluded: r.int("n_excluded")?,
            people: headline(r, "people_total", None)?,
            cost: headline(r, "total_cost", None)?,
            cost_per_person: pooled("cost_per_person")?,
            outcome_rate: pooled("outcome_rate")?,
            cost_per_outcome: pooled("cost_per_outcome")?,
            share_new: pooled("share_new")?,
            share_retained: pooled("share_retained")?,
            share_self_employed: pooled("share_self_employed")?,
        })
    })
}

pub(super) fn per100(df: &DataFrame) -> PolarsResult<Vec<Per100>> {
    Table::new(df).rows(|r| {
        Ok(Per100 {
            group: r.text("group")?,
            period: r.text("period")?,
            method: {
                let m = r.text("method")?;
                Per100Method::parse(&m).ok_or_else(
                    || polars_err!(ComputeError: "per100 has a method \"{m}\" this version does not know"),
                )?
            },
            parts: [
                r.num("per100_new")?,
                r.num("per100_retained")?,
                r.num("per100_self_employed")?,
                r.num("per100_no_outcome")?,
            ],
        })
    })
}

pub(super) fn segments(df: &DataFrame) -> PolarsResult<Vec<Segment>> {
    Table::new(df).rows(|r| {
        Ok(Segment {
            group: r.text("group")?,
            period: r.text("period")?,
            breakdown: r.text("breakdown")?,
            segment: r.text("segment")?,
            people: r.num("people")?,
            per100: r.num("per100_outcomes")?,
        })
    })
}

pub(super) fn authorities(df: &DataFrame) -> PolarsResult<Vec<AuthorityValue>> {
    Table::new(df).rows(|r| {
        Ok(AuthorityValue {
            authority: r.text("authority")?,
            region: r.text("region")?,
            period: r.text("period")?,
            reported_spend: r.num("reported_spend")?,
            accuracy: r.text("spend_accuracy")?,
            responses: r.int("responses")?,
            disagree: r.flag("disagree")?,
            services: r.int("services")?,
            services_cost: r.num("services_cost")?,
            outcomes: r.num("outcomes_total")?,
            coverage_pct: r.num("coverage_pct")?,
            spend_per_outcome: r.num("spend_per_outcome")?,
        })
    })
}
