//! Demo commissioner survey responses for the demo authorities: most in
//! one survey-tool export (question wordings as headers), two as filled-in
//! paper forms, with the study's mess — an abandoned start, a response
//! submitted twice, and an authority whose social care and NHS
//! commissioners answered separately and disagree on a figure. Authorities
//! are named as the reference data names them, not as the service returns
//! spell them, so the two kinds meet only through the reference data.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use crate::demo::{DemoService, Rng};
use crate::kinds::{DemoInputs, DemoOutput};
use crate::reference::Reference;
use crate::watch::mover::{safe_name, unique_path};
use crate::xlsx_out::Out;

const STREAMS: [&str; 3] = ["social_care", "health", "combined"];
const YEARS: [&str; 3] = ["2010_11", "2011_12", "2012_13"];
const TYPES: [&str; 7] = [
    "paid_work",
    "self_employment",
    "college_internships",
    "day_service_prep",
    "volunteering",
    "unpaid_work",
    "other",
];
const COLLECTS: [&str; 9] = [
    "collects_eligible",
    "collects_receiving",
    "collects_outcomes",
    "collects_demographics",
    "collects_complexity",
    "collects_job_types",
    "collects_retention",
    "collects_support_change",
    "collects_other_services",
];
/// Share of authorities collecting each kind of data (the study's Table 3).
const COLLECT_RATES: [f64; 9] = [0.59, 0.96, 0.93, 0.90, 0.51, 0.74, 0.54, 0.25, 0.27];

/// One response: answers as text a survey tool would export, by field key.
pub type DemoResponse = BTreeMap<String, String>;

/// Responses for the authorities of `services`, deterministic in `seed`.
pub fn generate(services: &[DemoService], seed: u64) -> Vec<DemoResponse> {
    let mut rng = Rng::new(seed ^ 0x5_0C1A1);
    let mut out = Vec::new();
    for (i, (authority, services_cost)) in services_cost(services).iter().enumerate() {
        // Services in the returns account for part of what is spent.
        let y2 = (services_cost * rng.range(1.1, 2.5) / 1000.0).round() * 1000.0;
        let mut r = respondent(i, authority);
        spend(&mut rng, &mut r, y2);
        breakdown(&mut rng, &mut r, y2);
        delivery(&mut rng, &mut r);
        policy(&mut rng, &mut r);
        r.insert("interest_updates".into(), "x".into());
        out.push(r);
    }
    add_mess(&mut out);
    out
}

/// What the services of each authority cost in the survey's years, by the
/// authority's reference name.
fn services_cost(services: &[DemoService]) -> BTreeMap<String, f64> {
    let reference = Reference::builtin().ok();
    let mut cost: BTreeMap<String, f64> = BTreeMap::new();
    for s in services
        .iter()
        .filter(|s| s.period == "2011/12" || s.period == "2012/13")
    {
        let name = reference
            .as_ref()
            .and_then(|r| r.authority(&s.commissioner))
            .map_or_else(|| s.commissioner.clone(), |a| a.name.clone());
        *cost.entry(name).or_default() += s.total_cost;
    }
    cost
}

/// The `i`th response's metadata and who answered it.
fn respondent(i: usize, authority: &str) -> DemoResponse {
    let mut r = DemoResponse::new();
    r.insert("response_id".into(), format!("{}", 1000 + i * 3));
    r.insert(
        "started_at".into(),
        format!("2012-03-{:02} 10:{:02}", 5 + i % 20, i % 60),
    );
    r.insert("completed".into(), "Yes".into());
    r.insert("authority".into(), authority.to_string());
    r.insert("respondent_name".into(), format!("Commissioner {}", i + 1));
    r.insert(
        "respondent_role".into(),
        "Commissioning manager, learning disability and mental health".into(),
    );
    r.insert(
        "respondent_email".into(),
        format!("commissioner{}@example.org", i + 1),
    );
    r.insert("confirms_commissioner".into(), "x".into());
    r
}

/// Table 1: spend by stream and year around `y2` (the middle year), how
/// accurate it is, and how it compares with five years before.
fn spend(rng: &mut Rng, r: &mut DemoResponse, y2: f64) {
    let combined = rng.chance(0.15);
    for (k, stream) in STREAMS.iter().enumerate() {
        let given = match k {
            0 => !combined,
            1 => !combined && rng.chance(0.5),
            _ => combined,
        };
        if !given {
            continue;
        }
        let base = if k == 1 { y2 * rng.range(0.2, 0.5) } else { y2 };
        let base = (base / 1000.0).round() * 1000.0;
        let before = (base * rng.range(0.85, 1.1) / 1000.0).round() * 1000.0;
        let after = match rng.below(100) {
            0..=29 => (base * rng.range(1.05, 1.4) / 1000.0).round() * 1000.0,
            30..=55 => base,
            56..=96 => (base * rng.range(0.5, 0.95) / 1000.0).round() * 1000.0,
            _ => 0.0,
        };
        for (year, v) in YEARS.iter().zip([before, base, after]) {
            r.insert(format!("spend_{stream}_{year}"), format!("{v}"));
        }
    }
    r.insert(
        "spend_accuracy".into(),
        if rng.chance(0.35) {
            "More calculated, accurate figures"
        } else {
            "More rough estimates"
        }
        .into(),
    );
    r.insert(
        "five_year".into(),
        match rng.below(9) {
            0 | 1 => "Less than 5 yrs ago",
            2 | 3 => "The same",
            4..=7 => "More than 5 yrs ago",
            _ => "",
        }
        .into(),
    );
}

/// Table 2: spend by type of support and group, or why it cannot be given.
fn breakdown(rng: &mut Rng, r: &mut DemoResponse, y2: f64) {
    if rng.chance(0.44) {
        r.insert("breakdown_unable".into(), "x".into());
        r.insert(
            "breakdown_unable_reason".into(),
            "Spend is not held by type of support".into(),
        );
    } else {
        let weights = [0.35, 0.05, 0.12, 0.18, 0.1, 0.05, 0.15];
        for (t, w) in TYPES.iter().zip(weights) {
            for g in ["mh", "ld"] {
                let v = (y2 * w * rng.range(0.3, 0.7) / 100.0).round() * 100.0;
                r.insert(format!("breakdown_{t}_{g}"), format!("{v}"));
            }
        }
        r.insert("breakdown_accuracy".into(), "More rough estimates".into());
    }
    r.insert(
        "collects_outcome_numbers".into(),
        if rng.chance(0.8) { "Yes" } else { "No" }.into(),
    );
}

/// Who delivers the support, as shares of spend.
fn delivery(rng: &mut Rng, r: &mut DemoResponse) {
    if rng.chance(0.7) {
        let la = (rng.range(0.0, 60.0) / 5.0).round() * 5.0;
        let nhs = (rng.range(0.0, 100.0 - la) / 5.0).round() * 5.0;
        let private = ((100.0 - la - nhs) * rng.range(0.0, 0.4) / 5.0).round() * 5.0;
        let vcs = 100.0 - la - nhs - private;
        for (k, v) in ["la", "nhs", "private", "vcs"]
            .iter()
            .zip([la, nhs, private, vcs])
        {
            if v > 0.0 {
                r.insert(format!("delivery_{k}_pct"), format!("{v}%"));
            }
        }
        r.insert("delivery_accuracy".into(), "More rough estimates".into());
    }
}

/// Eligibility, personal budgets, what decides spend and what is collected.
fn policy(rng: &mut Rng, r: &mut DemoResponse) {
    r.insert(
        "facs".into(),
        if rng.chance(0.6) {
            "FACS eligible only"
        } else {
            "Some or all services are open to others"
        }
        .into(),
    );
    let allowed = rng.chance(0.86);
    r.insert(
        "pb_allowed".into(),
        if allowed { "Yes" } else { "No" }.into(),
    );
    if allowed {
        r.insert(
            "pb_used".into(),
            match rng.below(10) {
                0..=3 => "We know they are",
                4 | 5 => "We know they're not",
                _ => "We don't know either way",
            }
            .into(),
        );
        r.insert(
            "pb_spend_info".into(),
            if rng.chance(0.2) { "Yes" } else { "No" }.into(),
        );
    }
    let mut ranks: Vec<usize> = (1..=6).collect();
    rng.shuffle(&mut ranks);
    for (k, rank) in [
        "rank_historical",
        "rank_strategy",
        "rank_ringfenced",
        "rank_local_evidence",
        "rank_national_policy",
        "rank_user_demand",
    ]
    .iter()
    .zip(ranks)
    {
        if rank <= 4 {
            r.insert(k.to_string(), rank.to_string());
        }
    }
    for (k, p) in COLLECTS.iter().zip(COLLECT_RATES) {
        r.insert(
            k.to_string(),
            if rng.chance(p) { "Yes" } else { "No" }.into(),
        );
    }
}

/// The study's mess: an abandoned start, a response sent twice, and an
/// authority answering twice with a different social care figure.
fn add_mess(out: &mut Vec<DemoResponse>) {
    if out.len() < 4 {
        return;
    }
    let abandoned: DemoResponse = [
        ("response_id", "999"),
        ("started_at", "2012-03-04 09:00"),
        ("completed", "No"),
        ("authority", out[1]["authority"].as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut twice = out[3].clone();
    twice.insert("response_id".into(), "998".into());
    twice.insert("started_at".into(), "2012-03-29 16:40".into());
    let mut nhs = out[2].clone();
    nhs.insert("response_id".into(), "997".into());
    nhs.insert("respondent_name".into(), "NHS commissioner".into());
    nhs.insert(
        "respondent_email".into(),
        "nhs.commissioner@example.org".into(),
    );
    let key = "spend_social_care_2011_12";
    if let Some(v) = nhs.get(key).and_then(|v| v.parse::<f64>().ok()) {
        nhs.insert(key.into(), format!("{}", v + 25_000.0));
    }
    for k in [
        "breakdown_unable",
        "breakdown_unable_reason",
        "pb_spend_info",
        "interest_updates",
    ] {
        nhs.remove(k);
    }
    out.extend([abandoned, twice, nhs]);
}

/// Write the export and two paper forms into `inbox`; returns how many
/// responses and files were written.
pub fn write(inbox: &Path, responses: &[DemoResponse]) -> io::Result<(usize, usize)> {
    if responses.is_empty() {
        return Ok((0, 0));
    }
    let schema = super::schema();
    let on_forms = 2.min(responses.len() / 4);
    let (forms, export) = responses.split_at(on_forms);
    let mut files = 0;
    for r in forms {
        let values: BTreeMap<String, Out> = r
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.parse::<f64>()
                        .map_or_else(|_| Out::Text(v.clone()), Out::Number),
                )
            })
            .collect();
        let bytes =
            super::template::form_bytes(&values).map_err(|e| io::Error::other(e.to_string()))?;
        let name = format!(
            "Commissioner survey - {}.xlsx",
            r.get("authority").map_or("", String::as_str)
        );
        let path = unique_path(inbox, &safe_name(&name), &|_| false);
        std::fs::write(path, bytes)?;
        files += 1;
    }
    // Columns as the survey tool names them: each question's wording.
    let keys: BTreeSet<&str> = export
        .iter()
        .flat_map(|r| r.keys().map(String::as_str))
        .collect();
    let columns: Vec<&str> = schema.keys().filter(|k| keys.contains(k)).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = columns
        .iter()
        .map(|k| {
            schema
                .field(k)
                .map_or_else(|| k.to_string(), |f| f.question.clone())
        })
        .collect();
    w.write_record(&header).map_err(io::Error::other)?;
    for r in export {
        w.write_record(columns.iter().map(|k| r.get(*k).map_or("", String::as_str)))
            .map_err(io::Error::other)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let path = unique_path(inbox, "commissioner survey export.csv", &|_| false);
    std::fs::write(path, bytes)?;
    Ok((responses.len(), files + 1))
}

/// The demo's survey responses, one or two per authority of the demo
/// services, as an export and two paper forms.
pub fn demo(inp: &DemoInputs) -> io::Result<DemoOutput> {
    let responses = generate(inp.services, inp.seed);
    let (returns, files) = write(inp.inbox, &responses)?;
    Ok(DemoOutput {
        returns,
        files,
        reference_files: Vec::new(),
    })
}
