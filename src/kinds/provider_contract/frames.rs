//! The input tables of provider contract returns
//! (`../shared/returns/provider_contract.md`):
//!
//! - `contracts`: one row per current contract row, with the provider as
//!   registered, the area as `area_reference.csv` names it (or `all`), and
//!   whether the row can be used (`usable`) or why not (`problem`);
//! - `contract_stages`: the usable rows in long form, one row per stage
//!   with whether it is offered and the outcome that shows it was used;
//! - `area_figures`: `area_reference.csv`, one row per figure and role;
//! - `group_members` (rollups: a group and the client groups it sums) and
//!   `group_covers` (a group and the rows that cover it: a combined group
//!   covers both its parts);
//! - `stage_list`: the six stages in order, with each one's outcome key.

use polars::prelude::*;

use crate::ingest::StoredReturn;
use crate::ingest::Value;
use crate::ingest::text::normalise;
use crate::kinds::Named;
use crate::reference::Reference;

/// Wordings of a row not split by area.
const ALL_AREAS: &[&str] = &[
    "all",
    "all areas",
    "all boroughs",
    "tri borough",
    "triborough",
    "not split",
];

pub const GROUPS: &[&str] = &["smi", "cmh", "cmh_or_smi", "ld", "pd", "ld_or_pd"];

/// Each stage offered and the outcome that shows it was used
/// (pre-employment support has none).
pub const STAGES: &[(&str, Option<&str>)] = &[
    ("pre_employment", None),
    ("training", Some("training")),
    ("volunteering", Some("volunteering")),
    ("work_experience", Some("work_experience")),
    ("job_search", Some("paid_job")),
    ("in_work_support", Some("job_retained")),
];

pub const OUTCOMES: &[&str] = &[
    "training",
    "volunteering",
    "work_experience",
    "paid_job",
    "job_retained",
];

const REQUIRED: &[&str] = &["provider", "area", "client_group", "funder", "period"];

/// A contract row resolved against the reference data.
struct Resolved<'a> {
    r: &'a StoredReturn,
    provider: Option<String>,
    registered: bool,
    tier: Option<String>,
    excluded_reason: Option<String>,
    area: Option<String>,
    problem: Option<String>,
}

fn resolve<'a>(r: &'a StoredReturn, reference: &Reference) -> Resolved<'a> {
    let d = &r.data;
    let registered = d.text("provider").and_then(|p| reference.provider(p));
    let area = d.text("area").and_then(|a| {
        if ALL_AREAS.contains(&normalise(a).as_str()) {
            Some("all".to_string())
        } else {
            reference.area(a).map(str::to_string)
        }
    });
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|k| d.text(k).is_none())
        .collect();
    let problem = if !missing.is_empty() {
        Some(format!("{} blank or unreadable", missing.join(", ")))
    } else if area.is_none() {
        Some(format!(
            "area \"{}\" is not in area_reference.csv",
            d.text("area").unwrap_or("")
        ))
    } else {
        None
    };
    Resolved {
        r,
        provider: registered
            .map(|p| p.provider.clone())
            .or_else(|| d.text("provider").map(str::to_string)),
        registered: registered.is_some(),
        tier: registered.map(|p| p.tier.clone()),
        excluded_reason: registered
            .map(|p| p.excluded_reason.trim().to_string())
            .filter(|e| !e.is_empty()),
        area,
        problem,
    }
}

pub fn tables(
    rows: &[&StoredReturn],
    reference: &Reference,
) -> PolarsResult<Vec<(&'static str, DataFrame)>> {
    let resolved: Vec<Resolved> = rows.iter().map(|r| resolve(r, reference)).collect();
    Ok(vec![
        ("contracts", contracts_frame(&resolved)?),
        ("contract_stages", stages_frame(&resolved)?),
        ("area_figures", area_frame(reference)?),
        ("group_members", members_frame(false)?),
        ("group_covers", members_frame(true)?),
        ("stage_list", stage_list()?),
    ])
}

fn usable(x: &Resolved) -> bool {
    x.problem.is_none() && x.excluded_reason.is_none()
}

fn contracts_frame(rows: &[Resolved]) -> PolarsResult<DataFrame> {
    let text = |name: &str, f: &dyn Fn(&Resolved) -> Option<String>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<Vec<Option<String>>>(),
        )
    };
    let number = |name: &str, key: &str| {
        Column::new(
            name.into(),
            rows.iter()
                .map(|x| x.r.data.number(key))
                .collect::<Vec<Option<f64>>>(),
        )
    };
    let boolean = |name: &str, f: &dyn Fn(&Resolved) -> bool| {
        Column::new(name.into(), rows.iter().map(f).collect::<Vec<bool>>())
    };
    let mut columns = vec![
        text("contract_key", &|x| Some(x.r.service_key().to_string())),
        text("source_file", &|x| Some(x.r.source_file.clone())),
        text("provider_written", &|x| {
            x.r.data.text("provider").map(str::to_string)
        }),
        text("provider", &|x| x.provider.clone()),
        boolean("registered", &|x| x.registered),
        text("tier", &|x| x.tier.clone()),
        text("excluded_reason", &|x| x.excluded_reason.clone()),
        text("area_written", &|x| {
            x.r.data.text("area").map(str::to_string)
        }),
        text("area", &|x| x.area.clone()),
        text("client_group", &|x| {
            x.r.data.text("client_group").map(str::to_string)
        }),
        text("funder", &|x| x.r.data.text("funder").map(str::to_string)),
        text("period", &|x| x.r.data.text("period").map(str::to_string)),
        text("model", &|x| x.r.data.text("model").map(str::to_string)),
        number("contract_value", "contract_value"),
        number("clients", "clients"),
    ];
    for o in OUTCOMES {
        let key = format!("outcomes_{o}");
        columns.push(number(&key, &key));
    }
    columns.push(number("outcomes_total_given", "outcomes_total"));
    for (stage, _) in STAGES {
        let key = format!("stage_offered_{stage}");
        columns.push(boolean(&key, &|x| {
            matches!(x.r.data.value(&key), Value::Tick(true))
        }));
    }
    columns.push(boolean("has_definition", &|x| {
        [
            "def_job_hours_min",
            "def_retained_weeks",
            "def_in_work_support",
        ]
        .iter()
        .any(|k| matches!(x.r.data.value(k), Value::Number(_) | Value::Text(_)))
    }));
    columns.push(boolean("usable", &usable));
    columns.push(text("problem", &|x| x.problem.clone()));
    DataFrame::new(rows.len(), columns)
}

fn stages_frame(rows: &[Resolved]) -> PolarsResult<DataFrame> {
    let (mut key, mut provider, mut area, mut group, mut period) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut stage, mut offered, mut outcome) = (Vec::new(), Vec::new(), Vec::new());
    for x in rows.iter().filter(|x| usable(x)) {
        let d = &x.r.data;
        for (s, o) in STAGES {
            key.push(d.service_key());
            provider.push(x.provider.clone());
            area.push(x.area.clone());
            group.push(d.text("client_group").map(str::to_string));
            period.push(d.text("period").map(str::to_string));
            stage.push(s.to_string());
            offered.push(matches!(
                d.value(&format!("stage_offered_{s}")),
                Value::Tick(true)
            ));
            outcome.push(o.and_then(|o| d.number(&format!("outcomes_{o}"))));
        }
    }
    DataFrame::new(
        key.len(),
        vec![
            Column::new("contract_key".into(), key),
            Column::new("provider".into(), provider),
            Column::new("area".into(), area),
            Column::new("client_group".into(), group),
            Column::new("period".into(), period),
            Column::new("stage".into(), stage),
            Column::new("offered".into(), offered),
            Column::new("outcome".into(), outcome),
        ],
    )
}

/// One row per figure and role: a figure used two ways appears twice.
fn area_frame(reference: &Reference) -> PolarsResult<DataFrame> {
    let mut cols: [Vec<Option<String>>; 8] = Default::default();
    let mut value = Vec::new();
    for a in &reference.areas {
        let uses: Vec<&str> = a.r#use.split(';').map(str::trim).collect();
        for u in uses {
            for (c, v) in cols.iter_mut().zip([
                &a.area,
                &a.area_type,
                &a.client_group,
                &a.measure,
                &a.label,
                &a.source,
                &a.period,
                &u.to_string(),
            ]) {
                c.push(Some(v.clone()).filter(|v| !v.is_empty()));
            }
            value.push(a.value);
        }
    }
    let names = [
        "area",
        "area_type",
        "client_group",
        "measure",
        "label",
        "source",
        "period",
        "role",
    ];
    let mut columns: Vec<Column> = names
        .iter()
        .zip(cols)
        .map(|(n, c)| Column::new((*n).into(), c))
        .collect();
    columns.push(Column::new("value".into(), value));
    DataFrame::new(columns[0].len(), columns)
}

/// The pathway's stages in order, each with the outcome key that shows it
/// was used (none for pre-employment support).
fn stage_list() -> PolarsResult<DataFrame> {
    DataFrame::new(
        STAGES.len(),
        vec![
            Column::new(
                "stage".into(),
                STAGES.iter().map(|s| s.0).collect::<Vec<_>>(),
            ),
            Column::new(
                "stage_ord".into(),
                (0..STAGES.len() as i64).collect::<Vec<_>>(),
            ),
            Column::new(
                "outcome_key".into(),
                STAGES
                    .iter()
                    .map(|s| s.1.map(|o| format!("outcomes_{o}")))
                    .collect::<Vec<Option<String>>>(),
            ),
        ],
    )
}

/// Rollups (`covers` = false): each group is itself; `mh`, `ld_pd` and
/// `total` sum their members. Coverage (`covers` = true): the rows that
/// count for smi, cmh, ld and pd, combined groups included.
fn members_frame(covers: bool) -> PolarsResult<DataFrame> {
    let pairs: Vec<(&str, &str)> = if covers {
        vec![
            ("smi", "smi"),
            ("smi", "cmh_or_smi"),
            ("cmh", "cmh"),
            ("cmh", "cmh_or_smi"),
            ("ld", "ld"),
            ("ld", "ld_or_pd"),
            ("pd", "pd"),
            ("pd", "ld_or_pd"),
        ]
    } else {
        let mut p: Vec<(&str, &str)> = GROUPS.iter().map(|g| (*g, *g)).collect();
        p.extend(["smi", "cmh", "cmh_or_smi"].map(|m| ("mh", m)));
        p.extend(["ld", "pd", "ld_or_pd"].map(|m| ("ld_pd", m)));
        p.extend(GROUPS.iter().map(|m| ("total", *m)));
        p
    };
    let order: Vec<i64> = pairs
        .iter()
        .map(|(g, _)| {
            [
                "smi",
                "cmh",
                "cmh_or_smi",
                "ld",
                "pd",
                "ld_or_pd",
                "mh",
                "ld_pd",
                "total",
            ]
            .iter()
            .position(|x| x == g)
            .unwrap_or(99) as i64
        })
        .collect();
    DataFrame::new(
        pairs.len(),
        vec![
            Column::new(
                "group_name".into(),
                pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
            ),
            Column::new(
                "member".into(),
                pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
            ),
            Column::new("group_ord".into(), order),
        ],
    )
}
