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
    "pb_users_by_la_last_fy",
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
    // A provider serving two authorities, its users split between them.
    let names: Vec<String> = out.iter().map(|r| r["las_served"].clone()).collect();
    if let Some(r) = out
        .iter_mut()
        .find(|r| r["pb_funding_18m"] == "yes" && r["pb_users_last_fy"] != "0")
        && let Some(other) = names.iter().find(|n| **n != r["las_served"])
    {
        let users: usize = r["pb_users_last_fy"].parse().unwrap_or(0);
        let here = users.div_ceil(2);
        let first = r["las_served"].clone();
        r.insert("las_served", format!("{first}; {other}"));
        r.insert(
            "pb_users_by_la_last_fy",
            format!("{first}: {here}; {other}: {}", users - here),
        );
    }
    // A provider that answered again a week later with another count.
    if let Some(mut later) = out.iter().find(|r| r["pb_funding_18m"] == "no").cloned() {
        later.insert("response_id", format!("{}", 5000 + out.len()));
        later.insert("started_at", "01/12/2013 12:00:00".into());
        let people: usize = later["people_supported"]
            .trim_start_matches("approx ")
            .parse()
            .unwrap_or(100);
        later.insert("people_supported", (people + 10).to_string());
        out.push(later);
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

/// The phone and paper responses as a keyed CSV.
fn keyed_csv(responses: &[Response]) -> io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(io::Error::other)?;
    for r in responses {
        w.write_record(COLUMNS.iter().map(|c| r.get(c).map_or("", String::as_str)))
            .map_err(io::Error::other)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// One column of the survey tool's export: its question (row 1), its item
/// (row 2) and the cell of a response.
struct ToolColumn {
    question: String,
    item: String,
    cell: Box<dyn Fn(&Response) -> String>,
}

/// The online responses as the survey tool exports them: a two-row header
/// (each question over its first column, its items beneath), one column
/// per option holding the option's text when ticked.
fn tool_columns() -> Vec<ToolColumn> {
    let schema = super::schema();
    let question = |k: &str| {
        schema
            .field(k)
            .map_or(k.to_string(), |f| f.question.clone())
    };
    let mut cols: Vec<ToolColumn> = Vec::new();
    for &key in COLUMNS {
        let own = |item: &str| ToolColumn {
            question: question(key),
            item: item.to_string(),
            cell: Box::new(move |r: &Response| r.get(key).cloned().unwrap_or_default()),
        };
        match key {
            "response_id" | "started_at" | "period" => cols.push(own("")),
            "pb_users_last_fy" | "pb_users_ytd" | "pb_users_by_la_last_fy" => {
                let q = if key == "pb_users_by_la_last_fy" {
                    "pb_users_by_la"
                } else {
                    "pb_users"
                };
                let item = if key == "pb_users_ytd" {
                    "Since April 2013 to date?"
                } else {
                    "In the financial year 2012-13?"
                };
                cols.push(ToolColumn {
                    question: question(q),
                    item: item.into(),
                    cell: Box::new(move |r: &Response| r.get(key).cloned().unwrap_or_default()),
                });
            }
            k if k.starts_with("pct_") => {
                let code = k.trim_start_matches("pct_").to_string();
                let word = schema
                    .field("pct")
                    .and_then(|f| f.answers.iter().find(|a| a.code == code))
                    .and_then(|a| a.words.first().cloned())
                    .unwrap_or_else(|| code.clone());
                cols.push(ToolColumn {
                    question: question("pct"),
                    item: word,
                    cell: Box::new(move |r: &Response| r.get(key).cloned().unwrap_or_default()),
                });
            }
            "provides" | "pb_buys" | "info_source" => {
                for a in schema
                    .field(key)
                    .map(|f| f.answers.clone())
                    .unwrap_or_default()
                {
                    let word = a.words.first().cloned().unwrap_or_else(|| a.code.clone());
                    let shown = word.clone();
                    cols.push(ToolColumn {
                        question: question(key),
                        item: word,
                        cell: Box::new(move |r: &Response| {
                            let ticked = r
                                .get(key)
                                .is_some_and(|v| v.split(';').any(|c| c == a.code));
                            if ticked { shown.clone() } else { String::new() }
                        }),
                    });
                }
            }
            "contact_name" | "contact_email" => cols.push(ToolColumn {
                question: question("contact"),
                item: if key == "contact_name" {
                    "Name"
                } else {
                    "Email address"
                }
                .into(),
                cell: Box::new(move |r: &Response| r.get(key).cloned().unwrap_or_default()),
            }),
            _ => cols.push(own("Response")),
        }
    }
    cols
}

fn tool_csv(responses: &[Response]) -> io::Result<Vec<u8>> {
    let cols = tool_columns();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut last = String::new();
    let top: Vec<String> = cols
        .iter()
        .map(|c| {
            let shown = if c.question == last {
                String::new()
            } else {
                c.question.clone()
            };
            last = c.question.clone();
            shown
        })
        .collect();
    w.write_record(&top).map_err(io::Error::other)?;
    w.write_record(cols.iter().map(|c| c.item.as_str()))
        .map_err(io::Error::other)?;
    for r in responses {
        w.write_record(cols.iter().map(|c| (c.cell)(r)))
            .map_err(io::Error::other)?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

pub fn demo(inp: &DemoInputs) -> io::Result<DemoOutput> {
    let responses = generate(inp.services, inp.seed);
    if responses.is_empty() {
        return Ok(DemoOutput::default());
    }
    // Most came in online; the last third by phone or on paper.
    let (online, keyed) = responses.split_at(responses.len() * 2 / 3);
    for (name, bytes) in [
        (
            "Provider PB survey 2012-13 (online export).csv",
            tool_csv(online)?,
        ),
        (
            "Provider PB survey 2012-13 (phone and paper).csv",
            keyed_csv(keyed)?,
        ),
    ] {
        let path = unique_path(inp.inbox, &safe_name(name), &|_| false);
        std::fs::write(path, bytes)?;
    }
    Ok(DemoOutput {
        returns: responses.len(),
        files: 2,
        reference_files: Vec::new(),
    })
}
