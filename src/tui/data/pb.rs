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

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.0} %"))
}

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
        other => other.replace('_', " "),
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

/// One line per profile field of the PB-funded providers: each category
/// given, its count and its share of the group.
fn profile_lines(df: &DataFrame) -> PolarsResult<Vec<String>> {
    let t = Table::new(df);
    let rows = t.rows(|r| {
        Ok((
            r.text("group")?,
            r.text("field")?,
            r.text("category")?,
            r.int("n")?,
            r.int("n_group")?,
            r.num("pct_group")?,
        ))
    })?;
    let mut out = Vec::new();
    for field in [
        "org_type",
        "size_band",
        "pb_demand_18m",
        "income_band",
        "pb_costing",
        "pb_payment",
        "pb_job_likelihood",
    ] {
        let parts: Vec<String> = rows
            .iter()
            .filter(|(g, f, _, n, _, _)| g == "pb_yes" && f == field && *n > 0)
            .map(|(_, _, c, n, _, p)| format!("{} {n} ({})", label(c), pct(*p)))
            .collect();
        let n_group = rows
            .iter()
            .find(|(g, f, ..)| g == "pb_yes" && f == field)
            .map_or(0, |r| r.4);
        if !parts.is_empty() {
            out.push(format!(
                "PB-funded, {} (of {n_group}): {}",
                label(field),
                parts.join(", ")
            ));
        }
    }
    Ok(out)
}
