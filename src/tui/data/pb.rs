//! The providers' personal-budget survey as the Budgets screen shows it:
//! the authorities providers serve beside what their commissioners said,
//! the providers, and the survey's headline figures as lines of text.

use polars::prelude::*;

use super::decode::Table;
use crate::format;

/// One authority of `pb_by_authority`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PbAuthority {
    pub authority: String,
    pub nation: String,
    pub period: String,
    pub providers: i64,
    pub pb_yes: i64,
    pub never_asked: i64,
    pub users_last_fy: Option<f64>,
    pub users_ytd: Option<f64>,
    pub unattributed: i64,
    pub commissioner_allowed: String,
    pub commissioner_used: String,
}

/// One usable response of `pb_responses`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PbProvider {
    pub org_name: String,
    pub authorities: String,
    pub period: String,
    pub org_type: String,
    pub people: Option<f64>,
    pub pb_funding: String,
    pub users_last_fy: Option<f64>,
    pub users_ytd: Option<f64>,
    pub income: Option<f64>,
    pub income_band: String,
    pub income_per_user: Option<f64>,
    pub demand: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PbData {
    pub authorities: Vec<PbAuthority>,
    pub providers: Vec<PbProvider>,
    /// The funnel, PB users, income per user and the PB-funded profile.
    pub lines: Vec<String>,
}

/// The survey's tables, when a run has published them.
pub(super) fn pb_data(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<PbData> {
    let mut data = PbData::default();
    if let Some(df) = table("pb_by_authority") {
        data.authorities = Table::new(&df).rows(|r| {
            Ok(PbAuthority {
                authority: r.text("authority")?,
                nation: r.text("nation")?,
                period: r.text("period")?,
                providers: r.int("providers")?,
                pb_yes: r.int("providers_pb_yes")?,
                never_asked: r.int("providers_never_asked")?,
                users_last_fy: r.num("pb_users_last_fy")?,
                users_ytd: r.num("pb_users_ytd")?,
                unattributed: r.int("providers_unattributed")?,
                commissioner_allowed: r.text("commissioner_pb_allowed")?,
                commissioner_used: r.text("commissioner_pb_used")?,
            })
        })?;
    }
    if let Some(df) = table("pb_responses") {
        data.providers = Table::new(&df).rows(|r| {
            Ok(PbProvider {
                org_name: r.text("org_name")?,
                authorities: r.text("authorities")?,
                period: r.text("period")?,
                org_type: r.text("org_type")?,
                people: r.num("people_supported")?,
                pb_funding: r.text("pb_funding_18m")?,
                users_last_fy: r.num("pb_users_last_fy")?,
                users_ytd: r.num("pb_users_ytd")?,
                income: r.num("pb_income_last_fy")?,
                income_band: r.text("income_band")?,
                income_per_user: r.num("income_per_user")?,
                demand: r.text("pb_demand_18m")?,
            })
        })?;
    }
    data.lines = lines(table)?;
    Ok(data)
}

use crate::format::pct;

/// What a code reads as on screen.
pub fn label(code: &str) -> String {
    match code {
        "" | "missing" => "–".into(),
        "not_known" => "not known".into(),
        "vcs" => "voluntary / community".into(),
        "la" => "local authority".into(),
        "nhs" => "NHS".into(),
        "pb_yes" => "PB-funded".into(),
        "england" => "England".into(),
        "scotland" => "Scotland".into(),
        "wales" => "Wales".into(),
        "northern_ireland" => "N. Ireland".into(),
        "mixed" => "several".into(),
        "org_type" => "organisation type".into(),
        "size_band" => "people supported".into(),
        "pb_demand_18m" => "demand from PB holders".into(),
        "income_band" => "PB income, last year".into(),
        "pb_costing" => "costing".into(),
        "pb_payment" => "payment".into(),
        "pb_job_likelihood" => "PB users' job chances".into(),
        "pb_funding_18m" => "PB funding in the last 18 months".into(),
        "never_asked" => "never asked".into(),
        "no_change" => "no change".into(),
        "lt100" => "under 100".into(),
        "100_299" => "100–299".into(),
        "300_499" => "300–499".into(),
        "500_999" => "500–999".into(),
        "1000_plus" => "1,000 or more".into(),
        "lt5k" => "under £5k".into(),
        "5k_10k" => "£5k–£10k".into(),
        "10k_25k" => "£10k–£25k".into(),
        "25k_50k" => "£25k–£50k".into(),
        "50k_100k" => "£50k–£100k".into(),
        "100k_200k" => "£100k–£200k".into(),
        "over_200k" => "over £200k".into(),
        "know_no" => "know not used".into(),
        "know_yes" => "know used".into(),
        "dont_know" => "don't know".into(),
        other => crate::format::label(other),
    }
}

/// The headline lines: the funnel, Table 1, income per user and the
/// profile of the PB-funded providers.
fn lines(table: &dyn Fn(&str) -> Option<DataFrame>) -> PolarsResult<Vec<String>> {
    let mut out = Vec::new();
    let Some(funnel) = table("pb_funnel").filter(|df| df.height() > 0) else {
        return Ok(out);
    };
    for r in Table::new(&funnel).rows(|r| {
        Ok(format!(
            "{}: {} received → {} usable ({} England, {} Scotland, {} Wales, {} other); left out: {} incomplete, {} duplicate, {} superseded",
            r.text("period")?,
            r.int("received")?,
            r.int("usable")?,
            r.int("usable_england")?,
            r.int("usable_scotland")?,
            r.int("usable_wales")?,
            r.int("usable_other")?,
            r.int("incomplete")?,
            r.int("duplicate")?,
            r.int("superseded")?,
        ))
    })? {
        out.push(r);
    }
    if let Some(df) = table("pb_users") {
        out.extend(Table::new(&df).rows(|r| {
            Ok(format!(
                "PB users, {} (n {} of {} PB-funded): sum {}, range {}–{}, mean {}, median {}, over 10: {}",
                if r.is("window", "ytd")? { "year to date" } else { "last financial year" },
                r.int("n_reporting")?,
                r.int("n_group")?,
                format::count(r.num("sum")?),
                format::count(r.num("min")?),
                format::count(r.num("max")?),
                r.num("mean")?.map_or("–".into(), |m| format!("{m:.1}")),
                r.num("median")?.map_or("–".into(), format::number),
                r.int("n_over_10")?,
            ))
        })?);
    }
    if let Some(df) = table("pb_income") {
        out.extend(Table::new(&df).rows(|r| {
            Ok(format!(
                "Income per PB user (n {}): mean of providers' ratios {} (the study's), pooled {}, range {}–{}; ≈ {} hours a week at {}/h",
                r.int("n_per_user")?,
                format::money(r.num("mean_per_user")?),
                format::money(r.num("pooled_per_user")?),
                format::money(r.num("min_per_user")?),
                format::money(r.num("max_per_user")?),
                r.num("hours_per_week")?.map_or("–".into(), |h| format!("{h:.1}")),
                format::money(r.num("hourly_rate")?),
            ))
        })?);
    }
    if let Some(df) = table("pb_profile") {
        out.extend(profile_lines(&df)?);
    }
    Ok(out)
}

/// One line per headline profile field: each category given, its count,
/// and its share of the group and of those answering (both denominators
/// stated).
fn profile_lines(df: &DataFrame) -> PolarsResult<Vec<String>> {
    let t = Table::new(df);
    let rows = t.rows(|r| {
        Ok(ProfileCell {
            group: r.text("group")?,
            field: r.text("field")?,
            category: r.text("category")?,
            n: r.int("n")?,
            n_group: r.int("n_group")?,
            n_answered: r.int("n_answered")?,
            pct_group: r.num("pct_group")?,
            pct_answered: r.num("pct_answered")?,
        })
    })?;
    let mut out = Vec::new();
    for (group, field) in [
        ("all", "org_type"),
        ("all", "pb_funding_18m"),
        ("all", "pb_demand_18m"),
        ("pb_yes", "size_band"),
        ("pb_yes", "income_band"),
        ("pb_yes", "pb_costing"),
        ("pb_yes", "pb_payment"),
        ("pb_yes", "pb_job_likelihood"),
    ] {
        let of_field: Vec<&ProfileCell> = rows
            .iter()
            .filter(|c| c.group == group && c.field == field)
            .collect();
        let Some(first) = of_field.first() else {
            continue;
        };
        let parts: Vec<String> = of_field
            .iter()
            .filter(|c| c.n > 0 && c.category != "missing")
            .map(|c| {
                // The share of those answering only where it differs.
                if c.n_answered == c.n_group {
                    format!("{} {} ({})", label(&c.category), c.n, pct(c.pct_group))
                } else {
                    format!(
                        "{} {} ({}; {} of answers)",
                        label(&c.category),
                        c.n,
                        pct(c.pct_group),
                        pct(c.pct_answered)
                    )
                }
            })
            .collect();
        if !parts.is_empty() {
            out.push(format!(
                "{}, {} (n {}, {} answered): {}",
                if group == "all" {
                    "All usable"
                } else {
                    "PB-funded"
                },
                label(field),
                first.n_group,
                first.n_answered,
                parts.join(", ")
            ));
        }
    }
    Ok(out)
}

/// One row of `pb_profile`.
struct ProfileCell {
    group: String,
    field: String,
    category: String,
    n: i64,
    n_group: i64,
    n_answered: i64,
    pct_group: Option<f64>,
    pct_answered: Option<f64>,
}
