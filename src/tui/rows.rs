//! The services table as the UI shows it: loaded once from the results
//! (never during render), formatted once.

use polars::prelude::*;

use super::format;

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub commissioner: String,
    pub service_name: String,
    pub period: String,
    pub group: String,
    pub people: String,
    pub outcomes: String,
    pub total_cost: String,
    pub cost_per_person: String,
    pub outcome_rate: String,
    pub cost_per_outcome: String,
}

fn f64_col(df: &DataFrame, name: &str) -> PolarsResult<Float64Chunked> {
    Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.clone())
}

fn str_col(df: &DataFrame, name: &str) -> PolarsResult<StringChunked> {
    Ok(df.column(name)?.cast(&DataType::String)?.str()?.clone())
}

pub fn service_rows(df: &DataFrame) -> PolarsResult<Vec<ServiceRow>> {
    let commissioner = str_col(df, "commissioner")?;
    let service_name = str_col(df, "service_name")?;
    let period = str_col(df, "period")?;
    let group = str_col(df, "primary_group")?;
    let people = f64_col(df, "people_total")?;
    let outcomes = f64_col(df, "outcomes_total")?;
    let cost = f64_col(df, "total_cost")?;
    let cpp = f64_col(df, "cost_per_person")?;
    let rate = f64_col(df, "outcome_rate")?;
    let cpo = f64_col(df, "cost_per_outcome")?;
    Ok((0..df.height())
        .map(|i| ServiceRow {
            commissioner: format::text(commissioner.get(i)),
            service_name: format::text(service_name.get(i)),
            period: format::text(period.get(i)),
            group: format::text(group.get(i))
                .to_uppercase()
                .replace("MIXED", "mixed"),
            people: format::count(people.get(i)),
            outcomes: format::count(outcomes.get(i)),
            total_cost: format::money(cost.get(i)),
            cost_per_person: format::money(cpp.get(i)),
            outcome_rate: format::rate(rate.get(i)),
            cost_per_outcome: format::money(cpo.get(i)),
        })
        .collect())
}
