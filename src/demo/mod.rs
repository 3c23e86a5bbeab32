//! Realistic synthetic returns for trying jobtally and for its tests.
//!
//! [`generate`] makes the truth: N services distributed like the published
//! study (about 32 LD-focused, 31 MH-focused and 7 mixed per 70; cost per
//! person £165–£10,000; outcome rate around 38 %). [`write`] writes them
//! into an inbox in all three layouts with the mess officers produce, all
//! of which reads back exactly to the truth.

mod rng;

pub use rng::{Rng, apportion};

/// The client groups, support levels and outcome types in field-key order.
pub const GROUPS: [&str; 7] = [
    "ld",
    "physical_sensory",
    "mh",
    "autism",
    "homeless",
    "drug_alcohol",
    "other",
];
pub const SUPPORT: [&str; 3] = ["support_lt7", "support_7_40", "support_gt40"];
pub const TYPES: [&str; 3] = ["new", "retained", "self_employed"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Ld,
    Mh,
    Mixed,
}

/// One demo service-year: the figures a correct reading must recover.
#[derive(Debug, Clone)]
pub struct DemoService {
    pub commissioner: String,
    pub service_name: String,
    pub period: String,
    pub collector_name: String,
    pub collector_contact: String,
    pub aimed_at: String,
    pub focus: Focus,
    pub models: [bool; 6],
    pub total_cost: f64,
    pub people_total: i64,
    /// In [`GROUPS`] order; autism is not asked on the reduced form.
    pub people_groups: [i64; 7],
    pub support: Option<[i64; 3]>,
    pub outcomes_total: i64,
    pub outcome_types: Option<[i64; 3]>,
    pub outcome_groups: Option<[i64; 7]>,
    pub outcome_support: Option<[i64; 3]>,
}

const AUTHORITIES: &[&str] = &[
    "Stockport MBC",
    "Leeds City Council",
    "Kent County Council",
    "Hampshire County Council",
    "Manchester City Council",
    "Birmingham City Council",
    "Norfolk County Council",
    "Devon County Council",
    "Sheffield City Council",
    "Bristol City Council",
    "Cornwall Council",
    "Essex County Council",
    "Lancashire County Council",
    "Surrey County Council",
    "Nottinghamshire County Council",
    "Wigan Council",
    "Newcastle City Council",
    "Southwark Council",
    "London Borough of Camden",
    "Royal Borough of Greenwich",
    "Hertfordshire County Council",
    "Somerset County Council",
    "Cumbria County Council",
    "Derbyshire County Council",
    "Leicester City Council",
    "Coventry City Council",
    "Bradford MDC",
    "Wirral Council",
    "Brighton & Hove City Council",
    "Plymouth City Council",
    "York City Council",
    "Oxfordshire County Council",
    "Gloucestershire County Council",
    "Warwickshire County Council",
    "North Yorkshire County Council",
    "Lincolnshire County Council",
    "Salford City Council",
    "Sunderland City Council",
    "Wakefield Council",
    "Hull City Council",
    "Swindon Borough Council",
    "Milton Keynes Council",
    "Islington Council",
];

const LD_NAMES: &[&str] = &[
    "Supported Employment Service",
    "Learning Disability Employment Team",
    "Jobs First",
    "Project SEARCH Internships",
    "Employment Support Team",
];
const MH_NAMES: &[&str] = &[
    "IPS Employment Service",
    "Mental Health Employment Team",
    "Working Minds",
    "Vocational Rehabilitation Service",
    "Employment Advice in Primary Care",
];
const MIXED_NAMES: &[&str] = &[
    "Disability Employment Service",
    "Supported Employment Agency",
    "Pathways Employment Project",
];
const FIRST: &[&str] = &[
    "J.", "Priya", "Sam", "Helen", "Tom", "Aisha", "Mark", "Claire", "Dev", "Ruth",
];
const LAST: &[&str] = &[
    "Smith", "Khan", "Jones", "Taylor", "Patel", "Brown", "Wilson", "Evans", "Hughes", "Ahmed",
];

/// The truth for `n` services. The same seed gives the same services.
pub fn generate(n: usize, seed: u64) -> Vec<DemoService> {
    let mut rng = Rng::new(seed);
    let n_ld = (n * 32 + 35) / 70;
    let n_mh = ((n * 31 + 35) / 70).min(n - n_ld);
    let mut focus: Vec<Focus> = (0..n)
        .map(|i| {
            if i < n_ld {
                Focus::Ld
            } else if i < n_ld + n_mh {
                Focus::Mh
            } else {
                Focus::Mixed
            }
        })
        .collect();
    rng.shuffle(&mut focus);
    let mut authorities: Vec<&str> = AUTHORITIES.to_vec();
    rng.shuffle(&mut authorities);
    let mut used_names: Vec<(String, String)> = Vec::new();
    (0..n)
        .map(|i| {
            let f = focus[i];
            let commissioner = authorities[i % authorities.len()].to_string();
            let service_name = unique_name(&mut rng, f, &commissioner, &mut used_names);
            // Two services lack any outcome: the study had two such (n = 68
            // for cost per outcome).
            let no_outcomes = n >= 10 && [n / 14, n / 2 + 1].contains(&i);
            let mut service = figures(&mut rng, f, no_outcomes);
            service.commissioner = commissioner;
            service.service_name = service_name;
            service
        })
        .collect()
}

/// A name for a service of focus `f` that its commissioner does not have yet.
fn unique_name(
    rng: &mut Rng,
    f: Focus,
    commissioner: &str,
    used_names: &mut Vec<(String, String)>,
) -> String {
    let names = match f {
        Focus::Ld => LD_NAMES,
        Focus::Mh => MH_NAMES,
        Focus::Mixed => MIXED_NAMES,
    };
    let mut k = rng.below(names.len());
    let mut service_name = names[k].to_string();
    let mut suffix = 2;
    while used_names
        .iter()
        .any(|(c, s)| c == commissioner && *s == service_name)
    {
        k = (k + 1) % names.len();
        service_name = if suffix > names.len() + 1 {
            format!("{} {}", names[k], suffix)
        } else {
            names[k].to_string()
        };
        suffix += 1;
    }
    used_names.push((commissioner.to_string(), service_name.clone()));
    service_name
}

/// One service's year, its commissioner and name left blank: people,
/// cost, outcomes and their splits, drawn around the study's means for
/// its focus.
fn figures(rng: &mut Rng, f: Focus, no_outcomes: bool) -> DemoService {
    let period = if rng.chance(0.8) {
        "2012/13"
    } else {
        "2011/12"
    }
    .to_string();
    let median_people = match f {
        Focus::Ld => 100.0,
        Focus::Mh => 200.0,
        Focus::Mixed => 150.0,
    };
    let people_total = rng
        .lognormal(median_people, 0.75)
        .clamp(6.0, 2500.0)
        .round() as i64;
    let cost_per_person = rng.lognormal(1250.0, 0.7).clamp(165.0, 10_000.0);
    let total_cost = ((cost_per_person * people_total as f64) / 100.0)
        .round()
        .max(1.0)
        * 100.0;
    let mean_rate = match f {
        Focus::Ld => 0.43,
        Focus::Mh => 0.34,
        Focus::Mixed => 0.38,
    };
    let rate = if no_outcomes {
        0.0
    } else {
        (mean_rate + 0.15 * rng.normal()).clamp(0.03, 0.95)
    };
    let outcomes_total = (rate * people_total as f64).round() as i64;
    let type_means = match f {
        Focus::Ld => [0.53, 0.45, 0.02],
        Focus::Mh => [0.68, 0.26, 0.06],
        Focus::Mixed => [0.61, 0.36, 0.03],
    };
    let type_w: Vec<f64> = type_means
        .iter()
        .map(|m| (m * rng.range(0.6, 1.4)).max(0.0))
        .collect();
    let outcome_types = rng
        .chance(0.95)
        .then(|| to3(apportion(outcomes_total, &type_w)));
    let people_groups = group_split(rng, f, people_total);
    let (support, outcome_groups, outcome_support) =
        splits(rng, people_total, outcomes_total, &people_groups);
    let mut models = [false; 6];
    for m in models.iter_mut() {
        *m = rng.chance(0.35);
    }
    if !models.iter().any(|m| *m) {
        models[1] = true;
    }
    DemoService {
        collector_name: format!(
            "{} {}",
            FIRST[rng.below(FIRST.len())],
            LAST[rng.below(LAST.len())]
        ),
        collector_contact: format!("0161 {:03} {:04}", rng.below(1000), rng.below(10_000)),
        aimed_at: match f {
            Focus::Ld => "Adults with learning disabilities".into(),
            Focus::Mh => "People with severe and enduring mental health problems".into(),
            Focus::Mixed => "Disabled adults of working age".into(),
        },
        commissioner: String::new(),
        service_name: String::new(),
        period,
        focus: f,
        models,
        total_cost,
        people_total,
        people_groups,
        support,
        outcomes_total,
        outcome_types,
        outcome_groups,
        outcome_support,
    }
}

/// Splits a service gives only sometimes: people by support level,
/// outcomes by client group and outcomes by support level.
#[allow(clippy::type_complexity)]
fn splits(
    rng: &mut Rng,
    people_total: i64,
    outcomes_total: i64,
    people_groups: &[i64; 7],
) -> (Option<[i64; 3]>, Option<[i64; 7]>, Option<[i64; 3]>) {
    let support = rng.chance(0.67).then(|| {
        let w = [
            0.57 * rng.range(0.6, 1.4),
            0.39 * rng.range(0.6, 1.4),
            0.04 * rng.range(0.0, 2.5),
        ];
        to3(apportion(people_total, &w))
    });
    let outcome_groups = rng.chance(0.6).then(|| {
        let w: Vec<f64> = people_groups
            .iter()
            .map(|&p| p as f64 * rng.range(0.7, 1.3))
            .collect();
        to7(capped(apportion(outcomes_total, &w), people_groups))
    });
    let outcome_support = support.filter(|_| rng.chance(0.75)).map(|s| {
        let w: Vec<f64> = s.iter().map(|&p| p as f64 * rng.range(0.7, 1.3)).collect();
        to3(capped(apportion(outcomes_total, &w), &s))
    });
    (support, outcome_groups, outcome_support)
}

/// People by client group: the focus group is over half for LD/MH
/// services and at most half for mixed ones.
fn group_split(rng: &mut Rng, f: Focus, people: i64) -> [i64; 7] {
    loop {
        let mut w = [0.0; 7];
        for (i, x) in w.iter_mut().enumerate() {
            // autism (index 3) is not on the reduced form
            *x = if i == 3 { 0.0 } else { rng.range(0.0, 0.1) };
        }
        match f {
            Focus::Ld => w[0] = rng.range(1.5, 6.0),
            Focus::Mh => w[2] = rng.range(1.5, 6.0),
            Focus::Mixed => {
                w[0] = rng.range(0.25, 0.45);
                w[2] = rng.range(0.25, 0.45);
                w[1] = rng.range(0.1, 0.3);
            }
        }
        if rng.chance(0.5) {
            // many services see nobody in some groups
            w[4] = 0.0;
            w[5] = 0.0;
        }
        let parts = to7(apportion(people, &w));
        let share = |i: usize| parts[i] as f64 / people as f64;
        let ok = match f {
            Focus::Ld => share(0) > 0.5,
            Focus::Mh => share(2) > 0.5,
            Focus::Mixed => share(0) <= 0.5 && share(2) <= 0.5,
        };
        if ok {
            return parts;
        }
    }
}

/// No category may have more outcomes than people: move any excess to
/// categories with room (there always is room, as outcomes <= people).
fn capped(mut parts: Vec<i64>, caps: &[i64]) -> Vec<i64> {
    let mut excess = 0;
    for (p, &c) in parts.iter_mut().zip(caps) {
        if *p > c {
            excess += *p - c;
            *p = c;
        }
    }
    for (p, &c) in parts.iter_mut().zip(caps) {
        let room = (c - *p).min(excess);
        *p += room;
        excess -= room;
    }
    parts
}

fn to3(v: Vec<i64>) -> [i64; 3] {
    [v[0], v[1], v[2]]
}

fn to7(v: Vec<i64>) -> [i64; 7] {
    [v[0], v[1], v[2], v[3], v[4], v[5], v[6]]
}
