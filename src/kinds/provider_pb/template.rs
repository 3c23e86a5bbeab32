//! `jobtally template --kind provider_pb`: a keyed sheet for phone and
//! paper responses, one column per answer (a question asked through its
//! items, such as Q6's percentages, is one column per item).

use rust_xlsxwriter::XlsxError;

use crate::kinds::template::{accepted, keyed_columns};

/// The keys a question asked through its items is written as.
fn items(key: &str) -> Option<Vec<String>> {
    let schema = super::schema();
    match key {
        "pct" | "pb_pct" => Some(
            schema
                .field(key)?
                .answers
                .iter()
                .map(|a| format!("{key}_{}", a.code))
                .collect(),
        ),
        // Their items are fields of their own, listed already.
        "pb_users" | "pb_users_by_la" | "contact" => Some(Vec::new()),
        _ => None,
    }
}

pub fn template() -> Result<Vec<u8>, XlsxError> {
    let mut columns = Vec::new();
    for f in &super::schema().fields {
        match items(&f.key) {
            Some(keys) => columns.extend(
                keys.into_iter()
                    .map(|k| (k, f.question.clone(), "a percentage, 0-100".to_string())),
            ),
            None => columns.push((f.key.clone(), f.question.clone(), accepted(f))),
        }
    }
    keyed_columns(
        &columns,
        "Responses",
        "One row per response (a provider, or its regional or local office). Multi-select questions: the options' codes separated by ';' (individual_job_support;work_preparation), or one column per option named <question>_<option> (provides_self_employment) holding x when ticked. Authorities: names separated by ';'. Q11: 'Leeds: 6; Bradford: 2'. Not known: 'not known'; blank: not answered.",
    )
}
