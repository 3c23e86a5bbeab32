//! Everything the screens show, loaded in one go on a worker thread (never
//! during render): the results tables as plain rows, the queue and the
//! ledger. A new snapshot replaces the old one whole.

use polars::prelude::*;

use super::format;
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
