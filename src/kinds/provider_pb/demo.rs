//! Demo responses to the providers' personal-budget survey: two or three
//! providers in each demo authority, about a third with Personal Budget
//! funding, in one keyed export — with the survey's mess: an abandoned
//! start, a response sent twice, a provider in Wales, an approximate count,
//! an income given only as a band, and one provider that thinks PB holders
//! are less likely to find work.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use crate::demo::{DemoService, Rng};
use crate::kinds::{DemoInputs, DemoOutput};
use crate::reference::Reference;
use crate::watch::mover::{safe_name, unique_path};

const COLUMNS: &[&str] = &[
    "response_id",
    "started_at",
    "period",
    "org_name",
    "org_type",
    "las_served",
    "people_supported",
    "total_spend",
    "pct_ld",
    "pct_mh",
    "pct_autism",
    "provides",
    "pb_funding_18m",
    "pb_users_last_fy",
    "pb_users_ytd",
    "pb_buys",
    "pb_job_likelihood",
    "pb_income_last_fy",
    "pb_in_business_plan",
    "pb_costing",
    "pb_payment",
    "pb_demand_18m",
    "info_source",
    "contact_ok",
    "contact_name",
    "contact_email",
];

const NAMES: &[&str] = &["Employment Link", "Pathways to Work", "Job Coach Network"];

type Response = BTreeMap<&'static str, String>;

/// The demo authorities, as the reference data names them.
fn authorities(services: &[DemoService]) -> Vec<String> {
    let reference = Reference::builtin().ok();
    let names: BTreeSet<String> = services
        .iter()
        .map(|s| {
            reference
                .as_ref()
                .and_then(|r| r.authority(&s.commissioner))
                .map_or_else(|| s.commissioner.clone(), |a| a.name.clone())
        })
        .collect();
    names.into_iter().collect()
}

fn pick<'a>(rng: &mut Rng, options: &[&'a str]) -> &'a str {
    options[rng.below(options.len())]
}

/// The answers of the `i`th provider, in `authority`.
fn provider(rng: &mut Rng, i: usize, authority: &str) -> Response {
    let mut r = Response::new();
    r.insert("response_id", format!("{}", 5000 + i));
    r.insert(
        "started_at",
        format!(
            "{:02}/11/2013 {:02}:{:02}:00",
            18 + i % 12,
            9 + i % 8,
            i % 60
        ),
    );
    r.insert("period", "2012/13".into());
    let name = NAMES[i % NAMES.len()];
    r.insert("org_name", format!("{authority} {name}"));
    r.insert(
        "org_type",
        pick(rng, &["vcs", "vcs", "vcs", "la", "private"]).into(),
    );
    r.insert("las_served", authority.to_string());
    let people = 20 + rng.below(400);
    r.insert("people_supported", people.to_string());
    r.insert(
        "total_spend",
        format!(
            "{}",
            (people as f64 * rng.range(900.0, 2500.0) / 100.0).round() * 100.0
        ),
    );
    let ld = 30 + rng.below(60);
    r.insert("pct_ld", ld.to_string());
    r.insert("pct_mh", (100 - ld).min(40).to_string());
    r.insert("pct_autism", rng.below(15).to_string());
    let mut provides = vec!["individual_job_support"];
    if rng.chance(0.8) {
        provides.push("work_preparation");
    }
    if rng.chance(0.4) {
        provides.push("self_employment");
    }
    r.insert("provides", provides.join(";"));
    r.insert(
        "info_source",
        pick(rng, &["la_nhs", "national;umbrella", "pb_holders"]).into(),
    );
    r.insert("contact_ok", "yes".into());
    r.insert("contact_name", format!("Manager {}", i + 1));
    r.insert("contact_email", format!("manager{}@example.org", i + 1));
    let roll = rng.unit();
    if roll < 0.34 {
        funded(rng, &mut r, people, &provides);
    } else {
        r.insert(
            "pb_funding_18m",
            if roll < 0.95 { "no" } else { "don't know" }.into(),
        );
        r.insert(
            "pb_demand_18m",
            pick(rng, &["never_asked", "never_asked", "no_change"]).into(),
        );
    }
    r
}

/// The Q10-Q19 answers of a provider with Personal Budget funding.
fn funded(rng: &mut Rng, r: &mut Response, people: usize, provides: &[&str]) {
    r.insert("pb_funding_18m", "yes".into());
    let last = rng.below(12.min(people));
    let ytd = last + rng.below(4);
    r.insert("pb_users_last_fy", last.to_string());
    r.insert("pb_users_ytd", ytd.to_string());
    r.insert("pb_buys", provides[..provides.len().min(2)].join(";"));
    r.insert(
        "pb_job_likelihood",
        pick(rng, &["more", "same", "same"]).into(),
    );
    let income = if last == 0 {
        0.0
    } else {
        (last as f64 * rng.range(600.0, 4500.0) / 100.0).round() * 100.0
    };
    r.insert("pb_income_last_fy", format!("{income}"));
    r.insert("pb_in_business_plan", pick(rng, &["yes", "no"]).into());
    r.insert(
        "pb_costing",
        pick(rng, &["hourly", "hourly", "individual"]).into(),
    );
    r.insert(
        "pb_payment",
        pick(rng, &["direct_payment", "both", "council_managed"]).into(),
    );
    r.insert(
        "pb_demand_18m",
        pick(rng, &["increase", "no_change"]).into(),
    );
}

/// Responses for the authorities of `services`, deterministic in `seed`.
pub fn generate(services: &[DemoService], seed: u64) -> Vec<Response> {
    let mut rng = Rng::new(seed ^ 0x9B_5E17);
    let mut out = Vec::new();
    for authority in authorities(services) {
        for _ in 0..2 + rng.below(2) {
            let i = out.len();
            out.push(provider(&mut rng, i, &authority));
        }
    }
    if out.is_empty() {
        return out;
    }
    let i = out.len();
    let mut welsh = provider(&mut rng, i, "Cardiff");
    welsh.insert("org_name", "Cardiff Supported Employment".into());
    out.push(welsh);
    // The mess the survey had.
    if let Some(r) = out.iter_mut().find(|r| r["pb_funding_18m"] == "yes") {
        r.insert("pb_job_likelihood", "less".into());
        r.insert("contact_ok", "no".into());
    }
    if let Some(r) = out.iter_mut().find(|r| r["pb_funding_18m"] == "no") {
        r.insert(
            "people_supported",
            format!("approx {}", r["people_supported"]),
        );
    }
    if let Some(r) = out
        .iter_mut()
        .rev()
        .find(|r| r["pb_funding_18m"] == "yes" && r["pb_users_last_fy"] != "0")
    {
        r.insert("pb_income_last_fy", "Less than £5,000".into());
    }
    let mut again = out[0].clone();
    again.insert("response_id", format!("{}", 5000 + out.len()));
    again.insert("started_at", "02/12/2013 16:00:00".into());
    out.push(again);
    let mut start = Response::new();
    start.insert("response_id", format!("{}", 5000 + out.len()));
    start.insert("started_at", "03/12/2013 11:15:00".into());
    start.insert("period", "2012/13".into());
    start.insert("org_name", "A provider that stopped at question 5".into());
    out.push(start);
    out
}

/// The export as a keyed CSV.
fn csv_bytes(responses: &[Response]) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(io::Error::other)?;
    for r in responses {
        w.write_record(COLUMNS.iter().map(|c| r.get(c).map_or("", String::as_str)))
            .map_err(io::Error::other)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

pub fn demo(inp: &DemoInputs) -> io::Result<DemoOutput> {
    let responses = generate(inp.services, inp.seed);
    if responses.is_empty() {
        return Ok(DemoOutput::default());
    }
    let path = unique_path(
        inp.inbox,
        &safe_name("Provider PB survey 2012-13.csv"),
        &|_| false,
    );
    std::fs::write(path, csv_bytes(&responses)?)?;
    Ok(DemoOutput {
        returns: responses.len(),
        files: 1,
        reference_files: Vec::new(),
    })
}
