//! Everything the screens show, loaded in one go on a worker thread (never
//! during render): the results tables as plain rows, the queue and the
//! ledger. A new snapshot replaces the old one whole.

use polars::prelude::*;

use crate::format;
use crate::reference::{Band, Reference};
use crate::store::anomalies::Anomaly;
use crate::store::{self, FileRecord, RunRecord, Store};
use crate::workspace::Workspace;

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
}

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

fn people_data(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<PeopleData> {
    let mut out = PeopleData::default();
    if let Some(df) = table("collection_status") {
        let c = Cols(&df);
        let (site, cohort, col, status) = (
            c.s("site")?,
            c.s("cohort")?,
            c.s("collection")?,
            c.s("status")?,
        );
        let (exp, rec) = (c.f("expected")?, c.i("received")?);
        out.collection = (0..df.height())
            .map(|i| CollectionRow {
                site: text(&site, i),
                cohort: text(&cohort, i),
                collection: text(&col, i),
                expected: exp.get(i),
                received: rec.get(i).unwrap_or(0),
                status: text(&status, i),
            })
            .collect();
    }
    if let Some(df) = table("cohort_profile") {
        let c = Cols(&df);
        let (cohort, site, field, cat) = (
            c.s("cohort")?,
            c.s("site")?,
            c.s("field")?,
            c.s("category")?,
        );
        let (n, pr, pa) = (c.i("n")?, c.f("pct_recorded")?, c.f("pct_any")?);
        out.profile = (0..df.height())
            .map(|i| ProfileRow {
                cohort: text(&cohort, i),
                site: text(&site, i),
                field: text(&field, i),
                category: text(&cat, i),
                n: n.get(i).unwrap_or(0),
                pct_recorded: pr.get(i),
                pct_any: pa.get(i),
            })
            .collect();
    }
    if let Some(df) = table("cohort_outcomes") {
        let c = Cols(&df);
        let (cohort, site) = (c.s("cohort")?, c.s("site")?);
        let (nb, nf) = (c.i("n_baseline")?, c.i("n_follow_up")?);
        let (pb, pf, pi, mh) = (
            c.f("pct_paid_baseline")?,
            c.f("pct_paid_follow_up")?,
            c.f("pct_into_paid")?,
            c.f("mean_hours")?,
        );
        out.outcomes = (0..df.height())
            .map(|i| OutcomeRow {
                cohort: text(&cohort, i),
                site: text(&site, i),
                n_baseline: nb.get(i).unwrap_or(0),
                n_follow_up: nf.get(i).unwrap_or(0),
                pct_paid_baseline: pb.get(i),
                pct_paid_follow_up: pf.get(i),
                pct_into_paid: pi.get(i),
                mean_hours: mh.get(i),
            })
            .collect();
    }
    Ok(out)
}

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

fn areas_data(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<AreasData> {
    let mut out = AreasData::default();
    if let Some(df) = table("provider_map") {
        let c = Cols(&df);
        let (period, area, group, stage, gap) = (
            c.s("period")?,
            c.s("area")?,
            c.s("client_group")?,
            c.s("stage")?,
            c.s("gap")?,
        );
        let (offering, unsplit) = (c.i("providers_offering")?, c.i("providers_unsplit")?);
        out.map = (0..df.height())
            .map(|i| {
                (
                    text(&period, i),
                    text(&area, i),
                    text(&group, i),
                    text(&stage, i),
                    offering.get(i).unwrap_or(0),
                    unsplit.get(i).unwrap_or(0),
                    gap.get(i) == Some("yes"),
                )
            })
            .collect();
    }
    if let Some(df) = table("spend_need") {
        let c = Cols(&df);
        let (period, area, group) = (c.s("period")?, c.s("area")?, c.s("client_group")?);
        let f = |n: &str| c.f(n);
        let (lo, hi, phl, phh, exp, act, gap) = (
            f("spend_low")?,
            f("spend_high")?,
            f("spend_per_head_low")?,
            f("spend_per_head_high")?,
            f("expected_share")?,
            f("actual_share")?,
            f("gap")?,
        );
        let (label, source, dperiod) = (
            c.s("denominator_label")?,
            c.s("denominator_source")?,
            c.s("denominator_period")?,
        );
        out.spend = (0..df.height())
            .map(|i| SpendNeed {
                denominator: match label.get(i) {
                    Some(l) => format!("{l} ({}, {})", text(&source, i), text(&dperiod, i)),
                    None => String::new(),
                },
                period: text(&period, i),
                area: text(&area, i),
                group: text(&group, i),
                spend_low: lo.get(i),
                spend_high: hi.get(i),
                per_head_low: phl.get(i),
                per_head_high: phh.get(i),
                expected_share: exp.get(i),
                actual_share: act.get(i),
                gap: gap.get(i),
            })
            .collect();
    }
    if let Some(df) = table("rate_gap") {
        let c = Cols(&df);
        let (area, group, comp, source, period) = (
            c.s("area")?,
            c.s("client_group")?,
            c.s("comparator")?,
            c.s("rate_source")?,
            c.s("rate_period")?,
        );
        let (rate, crate_, jobs) = (c.f("rate")?, c.f("comparator_rate")?, c.f("jobs_needed")?);
        out.rates = (0..df.height())
            .map(|i| RateGap {
                area: text(&area, i),
                group: text(&group, i),
                comparator: text(&comp, i),
                rate: rate.get(i),
                comparator_rate: crate_.get(i),
                jobs_needed: jobs.get(i),
                source: text(&source, i),
                period: text(&period, i),
            })
            .collect();
    }
    if let Some(df) = table("stage_outcomes") {
        let c = Cols(&df);
        let (period, area, provider, group) = (
            c.s("period")?,
            c.s("area")?,
            c.s("provider")?,
            c.s("client_group")?,
        );
        let cols = [
            c.f("per100_training")?,
            c.f("per100_volunteering")?,
            c.f("per100_work_experience")?,
            c.f("per100_paid_job")?,
            c.f("per100_job_retained")?,
        ];
        out.per100 = (0..df.height())
            .filter(|&i| provider.get(i) == Some("total") && group.get(i) == Some("total"))
            .map(|i| {
                (
                    text(&period, i),
                    text(&area, i),
                    cols.clone().map(|c| c.get(i)),
                )
            })
            .collect();
    }
    Ok(out)
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

/// new, retained, self-employed, no outcome (per 100 people supported).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Per100 {
    pub group: String,
    pub period: String,
    pub method: String,
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

#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub run_id: Option<i64>,
    pub periods: Vec<String>,
    pub services: Vec<Service>,
    pub sites: Vec<Site>,
    pub authorities: Vec<AuthorityValue>,
    pub areas: AreasData,
    pub people: PeopleData,
    /// The survey's headline tables, as lines of text.
    pub survey: Vec<String>,
    pub summary: Vec<GroupSummary>,
    pub per100: Vec<Per100>,
    pub segments: Vec<Segment>,
    pub bands: Vec<Band>,
    pub anomalies: Vec<Anomaly>,
    pub files: Vec<FileRecord>,
    pub inbox_waiting: Vec<String>,
    pub inbox_ignored: Vec<(String, String)>,
    pub last_run: Option<RunRecord>,
    pub files_accepted: usize,
}

struct Cols<'a>(&'a DataFrame);

impl Cols<'_> {
    fn f(&self, name: &str) -> PolarsResult<Float64Chunked> {
        Ok(self
            .0
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .clone())
    }
    fn s(&self, name: &str) -> PolarsResult<StringChunked> {
        Ok(self.0.column(name)?.cast(&DataType::String)?.str()?.clone())
    }
    fn i(&self, name: &str) -> PolarsResult<Int64Chunked> {
        Ok(self.0.column(name)?.cast(&DataType::Int64)?.i64()?.clone())
    }
    fn b(&self, name: &str) -> PolarsResult<BooleanChunked> {
        Ok(self.0.column(name)?.bool()?.clone())
    }
}

fn text(ca: &StringChunked, i: usize) -> String {
    format::sanitise(ca.get(i).unwrap_or(""))
}

fn services(df: &DataFrame, reference: &Reference) -> PolarsResult<Vec<Service>> {
    let c = Cols(df);
    let (key, comm, name, period, group) = (
        c.s("service_key")?,
        c.s("commissioner")?,
        c.s("service_name")?,
        c.s("period")?,
        c.s("primary_group")?,
    );
    let eb = c.b("evidence_based")?;
    let (people, outcomes, cost) = (
        c.f("people_total")?,
        c.f("outcomes_total")?,
        c.f("total_cost")?,
    );
    let (cpp, rate, cpo, sli) = (
        c.f("cost_per_person")?,
        c.f("outcome_rate")?,
        c.f("cost_per_outcome")?,
        c.f("sli")?,
    );
    let open = c.i("open_anomalies")?;
    Ok((0..df.height())
        .map(|i| {
            let commissioner = text(&comm, i);
            Service {
                key: text(&key, i),
                site: reference
                    .authority(&commissioner)
                    .map_or_else(|| commissioner.clone(), |a| a.name.clone()),
                commissioner,
                service_name: text(&name, i),
                period: text(&period, i),
                group: text(&group, i),
                evidence_based: eb.get(i).unwrap_or(false),
                people: people.get(i),
                outcomes: outcomes.get(i),
                cost: cost.get(i),
                cost_per_person: cpp.get(i),
                outcome_rate: rate.get(i),
                cost_per_outcome: cpo.get(i),
                sli: sli.get(i),
                open_anomalies: open.get(i).unwrap_or(0),
            }
        })
        .collect())
}

fn sites(df: &DataFrame) -> PolarsResult<Vec<Site>> {
    let c = Cols(df);
    let (comm, region, period) = (c.s("commissioner")?, c.s("region")?, c.s("period")?);
    let n = c.i("services")?;
    let (people, outcomes, cost) = (
        c.f("people_total")?,
        c.f("outcomes_total")?,
        c.f("total_cost")?,
    );
    let (cpp, rate, cpo) = (
        c.f("pooled_cost_per_person")?,
        c.f("pooled_outcome_rate")?,
        c.f("pooled_cost_per_outcome")?,
    );
    let open = c.i("open_anomalies")?;
    Ok((0..df.height())
        .map(|i| Site {
            commissioner: text(&comm, i),
            region: text(&region, i),
            period: text(&period, i),
            services: n.get(i).unwrap_or(0),
            people: people.get(i),
            outcomes: outcomes.get(i),
            cost: cost.get(i),
            cost_per_person: cpp.get(i),
            outcome_rate: rate.get(i),
            cost_per_outcome: cpo.get(i),
            open_anomalies: open.get(i).unwrap_or(0),
        })
        .collect())
}

fn summary(df: &DataFrame) -> PolarsResult<Vec<GroupSummary>> {
    let c = Cols(df);
    let (group, period) = (c.s("group")?, c.s("period")?);
    let (ns, nx) = (c.i("n_services")?, c.i("n_excluded")?);
    let headline = |m: &str, pooled: Option<&str>| -> PolarsResult<Vec<Headline>> {
        let (mean, n, median) = (
            c.f(&format!("mean_{m}"))?,
            c.i(&format!("n_{m}"))?,
            c.f(&format!("median_{m}"))?,
        );
        let pooled = match pooled {
            Some(p) => Some(c.f(p)?),
            None => None,
        };
        Ok((0..df.height())
            .map(|i| Headline {
                mean: mean.get(i),
                n: n.get(i).unwrap_or(0),
                median: median.get(i),
                pooled: pooled.as_ref().and_then(|p| p.get(i)),
            })
            .collect())
    };
    let people = headline("people_total", None)?;
    let cost = headline("total_cost", None)?;
    let cpp = headline("cost_per_person", Some("pooled_cost_per_person"))?;
    let rate = headline("outcome_rate", Some("pooled_outcome_rate"))?;
    let cpo = headline("cost_per_outcome", Some("pooled_cost_per_outcome"))?;
    let new = headline("share_new", Some("pooled_share_new"))?;
    let ret = headline("share_retained", Some("pooled_share_retained"))?;
    let se = headline("share_self_employed", Some("pooled_share_self_employed"))?;
    Ok((0..df.height())
        .map(|i| GroupSummary {
            group: text(&group, i),
            period: text(&period, i),
            n_services: ns.get(i).unwrap_or(0),
            n_excluded: nx.get(i).unwrap_or(0),
            people: people[i].clone(),
            cost: cost[i].clone(),
            cost_per_person: cpp[i].clone(),
            outcome_rate: rate[i].clone(),
            cost_per_outcome: cpo[i].clone(),
            share_new: new[i].clone(),
            share_retained: ret[i].clone(),
            share_self_employed: se[i].clone(),
        })
        .collect())
}

fn per100(df: &DataFrame) -> PolarsResult<Vec<Per100>> {
    let c = Cols(df);
    let (group, period, method) = (c.s("group")?, c.s("period")?, c.s("method")?);
    let parts = [
        c.f("per100_new")?,
        c.f("per100_retained")?,
        c.f("per100_self_employed")?,
        c.f("per100_no_outcome")?,
    ];
    Ok((0..df.height())
        .map(|i| Per100 {
            group: text(&group, i),
            period: text(&period, i),
            method: text(&method, i),
            parts: [
                parts[0].get(i),
                parts[1].get(i),
                parts[2].get(i),
                parts[3].get(i),
            ],
        })
        .collect())
}

fn segments(df: &DataFrame) -> PolarsResult<Vec<Segment>> {
    let c = Cols(df);
    let (group, period, breakdown, segment) = (
        c.s("group")?,
        c.s("period")?,
        c.s("breakdown")?,
        c.s("segment")?,
    );
    let (people, per100) = (c.f("people")?, c.f("per100_outcomes")?);
    Ok((0..df.height())
        .map(|i| Segment {
            group: text(&group, i),
            period: text(&period, i),
            breakdown: text(&breakdown, i),
            segment: text(&segment, i),
            people: people.get(i),
            per100: per100.get(i),
        })
        .collect())
}

fn authorities(df: &DataFrame) -> PolarsResult<Vec<AuthorityValue>> {
    let c = Cols(df);
    let (name, region, period, acc) = (
        c.s("authority")?,
        c.s("region")?,
        c.s("period")?,
        c.s("spend_accuracy")?,
    );
    let (spend, cost, jobs, cover, per_job) = (
        c.f("reported_spend")?,
        c.f("services_cost")?,
        c.f("outcomes_total")?,
        c.f("coverage_pct")?,
        c.f("spend_per_outcome")?,
    );
    let (responses, services, disagree) = (c.i("responses")?, c.i("services")?, c.b("disagree")?);
    Ok((0..df.height())
        .map(|i| AuthorityValue {
            authority: text(&name, i),
            region: text(&region, i),
            period: text(&period, i),
            reported_spend: spend.get(i),
            accuracy: text(&acc, i),
            responses: responses.get(i).unwrap_or(0),
            disagree: disagree.get(i).unwrap_or(false),
            services: services.get(i).unwrap_or(0),
            services_cost: cost.get(i),
            outcomes: jobs.get(i),
            coverage_pct: cover.get(i),
            spend_per_outcome: per_job.get(i),
        })
        .collect())
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.0}%"))
}

/// The survey's headline tables as text: budget change by stream (whole /
/// accurate subset), five-year trend, breakdowns given, personal budgets,
/// data collected.
fn survey_lines(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<Vec<String>> {
    let mut lines = Vec::new();
    let any_response = table("survey_responses").is_some_and(|df| df.height() > 0);
    if !any_response {
        return Ok(lines);
    }
    if let Some(df) = table("budget_change") {
        let c = Cols(&df);
        let (stream, subset, n) = (c.s("stream")?, c.s("subset")?, c.i("n")?);
        let cols = [
            c.f("pct_increase")?,
            c.f("pct_equal")?,
            c.f("pct_decrease")?,
            c.f("pct_cut")?,
        ];
        lines.push("Budget change 2011-12 → 2012-13, whole / accurate subset:".to_string());
        for i in (0..df.height()).step_by(2) {
            if subset.get(i) != Some("whole") || i + 1 >= df.height() {
                continue;
            }
            let both = |k: usize| format!("{}/{}", pct(cols[k].get(i)), pct(cols[k].get(i + 1)));
            lines.push(format!(
                "  {:<12} n {}/{}  ↑ {}  = {}  ↓ {}  cut {}",
                text(&stream, i).replace('_', " "),
                n.get(i).unwrap_or(0),
                n.get(i + 1).unwrap_or(0),
                both(0),
                both(1),
                both(2),
                both(3)
            ));
        }
    }
    if let Some(df) = table("five_year") {
        let c = Cols(&df);
        let (n, more, same, less, na) = (
            c.i("n")?,
            c.f("pct_more")?,
            c.f("pct_same")?,
            c.f("pct_less")?,
            c.f("pct_not_answered")?,
        );
        if df.height() > 0 {
            lines.push(format!(
                "Spend vs 5 years ago (n {}): more {}, same {}, less {}, not answered {}",
                n.get(0).unwrap_or(0),
                pct(more.get(0)),
                pct(same.get(0)),
                pct(less.get(0)),
                pct(na.get(0))
            ));
        }
    }
    if let Some(df) = table("breakdown_given") {
        let c = Cols(&df);
        let (n, given) = (c.i("n")?, c.f("pct_given")?);
        if df.height() > 0 {
            lines.push(format!(
                "Could break spend down by kind of support: {} (n {})",
                pct(given.get(0)),
                n.get(0).unwrap_or(0)
            ));
        }
    }
    if let Some(df) = table("pb_use") {
        let c = Cols(&df);
        let (q, a, subset, p) = (
            c.s("question")?,
            c.s("answer")?,
            c.s("subset")?,
            c.f("pct")?,
        );
        let answers: Vec<String> = (0..df.height())
            .filter(|&i| q.get(i) == Some("pb_allowed") && subset.get(i) == Some("whole"))
            .map(|i| format!("{} {}", text(&a, i).replace('_', " "), pct(p.get(i))))
            .collect();
        lines.push(format!(
            "Personal budgets may be spent on employment support: {}",
            answers.join(", ")
        ));
    }
    if let Some(df) = table("data_collected") {
        let c = Cols(&df);
        let (item, subset, p) = (c.s("item")?, c.s("subset")?, c.f("pct_yes")?);
        let items: Vec<String> = (0..df.height())
            .filter(|&i| subset.get(i) == Some("whole"))
            .map(|i| {
                format!(
                    "{} {}",
                    text(&item, i)
                        .trim_start_matches("collects_")
                        .replace('_', " "),
                    pct(p.get(i))
                )
            })
            .collect();
        lines.push(format!("Data collected: {}", items.join(", ")));
    }
    Ok(lines)
}

/// Load everything the screens show. Errors are plain sentences.
pub fn load(ws: &Workspace) -> Result<Snapshot, String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let reference = Reference::load(Some(&ws.root)).map_err(|e| err(&e))?;
    let mut snap = Snapshot {
        bands: reference.benchmarks.band.clone(),
        run_id: crate::results::current_run_id(ws),
        ..Snapshot::default()
    };
    if snap.run_id.is_some() {
        let table = |n: &str| crate::results::read_table(ws, n).map_err(|e| err(&e));
        snap.services = services(&table("services")?, &reference).map_err(|e| err(&e))?;
        snap.sites = sites(&table("sites")?).map_err(|e| err(&e))?;
        snap.summary = summary(&table("summary")?).map_err(|e| err(&e))?;
        // Results published before the survey existed have no survey tables.
        let optional = |n: &str| crate::results::read_table(ws, n).ok();
        if let Some(df) = optional("authority_value") {
            snap.authorities = authorities(&df).map_err(|e| err(&e))?;
        }
        snap.survey = survey_lines(&optional).map_err(|e| err(&e))?;
        snap.areas = areas_data(&optional).map_err(|e| err(&e))?;
        snap.people = people_data(&optional).map_err(|e| err(&e))?;
        snap.per100 = per100(&table("per100")?).map_err(|e| err(&e))?;
        snap.segments = segments(&table("per100_segments")?).map_err(|e| err(&e))?;
    }
    let mut periods: Vec<String> = snap
        .services
        .iter()
        .map(|s| s.period.clone())
        .filter(|p| !p.is_empty())
        .collect();
    periods.sort();
    periods.dedup();
    snap.periods = periods;
    let store = Store::open(&ws.state_db()).map_err(|e| err(&e))?;
    snap.anomalies = store::anomalies::all(store.conn()).map_err(|e| err(&e))?;
    snap.files = store::files::recent(store.conn(), 500).map_err(|e| err(&e))?;
    snap.files_accepted = store::files::counts(store.conn()).map_err(|e| err(&e))?.0;
    snap.last_run = store::runs::last(store.conn()).map_err(|e| err(&e))?;
    if let Ok(scan) = crate::watch::scan::scan_inbox(&ws.inbox()) {
        snap.inbox_waiting = scan
            .candidates
            .into_iter()
            .map(|c| format::sanitise(&c.name))
            .collect();
        snap.inbox_ignored = scan
            .ignored
            .into_iter()
            .map(|i| (format::sanitise(&i.name), i.why.to_string()))
            .collect();
    }
    Ok(snap)
}
