//! What every kind's readers say: columns kept that are no field, and a
//! file that is no return of any kind.

use super::*;

pub fn extras_report(h: &layout_batch::BatchHeader) -> Vec<String> {
    layout_batch::extra_columns(h)
        .into_iter()
        .map(|c| format!("column kept as {c} (not a field of the return)"))
        .collect()
}

pub fn not_a_return(schema: &Schema) -> IngestError {
    let q = |k: &str| {
        schema
            .field(k)
            .map(|f| f.question.clone())
            .unwrap_or_default()
    };
    IngestError::NotAReturn {
        missing: "both the service name and the number of people supported (a service return), or the authority and Table 1 (a commissioner survey)".into(),
        looked_for: format!(
            "\"service_name\" / \"{}\" and \"people_total\" / \"{}\"; \"authority\" / \"Authority Name:\" and \"spend_social_care_2011_12\" / \"TABLE 1\"",
            q("service_name"),
            q("people_total")
        ),
    }
}
