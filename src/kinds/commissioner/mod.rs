//! Commissioner survey responses: one questionnaire returned by a
//! commissioner (the spend survey; schema `config/kinds/commissioner.toml`).

pub mod clean;
pub mod demo;
pub mod form;
pub mod frames;
pub mod read;
pub mod template;

use super::naming::{Naming, council, key_part, period_field};
use super::{FrameInputs, KindSpec, contact_of, named};
use crate::ingest::form_schema::{Embedded, FormSchema};
use crate::ingest::text::normalise;
use crate::ingest::{Layout, Return, ReturnKind};

pub const SPEC: KindSpec = KindSpec {
    kind: ReturnKind::Commissioner,
    noun: "survey responses",
    tally: "survey responses",
    naming: NAMING,
    reader: read::READER,
    demo: demo::demo,
    check_schema: || SCHEMA.check().map(drop),
    template: || template::form_bytes(&std::collections::BTreeMap::new()),
    frames: |inp: &FrameInputs| {
        let responses = inp.of_kind(ReturnKind::Commissioner);
        Ok(named(frames::tables(&responses, inp.reference)?))
    },
    frames_read: &[ReturnKind::Commissioner],
    by_return: &[],
    follows: None,
    flags: Some(super::FlagColumns {
        table: "responses",
        excluded: false,
    }),
    contact: |r| {
        contact_of(
            r,
            &[
                "respondent_name",
                "respondent_role",
                "respondent_email",
                "respondent_phone",
            ],
        )
    },
    context,
    label: |key| super::labels::form_label(schema(), key),
};

/// Table 1 (spend by stream and year), the accuracy, and Table 3 when the
/// anomaly is about it.
fn context(r: &Return, field: &str) -> Vec<String> {
    let schema = schema();
    let mut lines = Vec::new();
    if let Some(g) = schema.grids.iter().find(|g| g.prefix == "spend") {
        for row in &g.rows {
            let cells: Vec<String> = g
                .columns
                .iter()
                .map(|c| {
                    let v = r.value(&g.key(&row.key, &c.key));
                    format!("{} {}", c.key.replace('_', "-"), v.describe())
                })
                .collect();
            lines.push(format!("{:<16} {}", row.key, cells.join(" · ")));
        }
    }
    lines.push(format!(
        "{:<16} {}",
        "spend_accuracy",
        r.value("spend_accuracy").describe()
    ));
    if field.starts_with("delivery") {
        let parts: Vec<String> = ["la", "nhs", "private", "vcs"]
            .iter()
            .map(|k| format!("{k} {}", r.value(&format!("delivery_{k}_pct")).describe()))
            .collect();
        lines.push(format!("{:<16} {}", "delivery %", parts.join(", ")));
    }
    lines
}

/// A survey response is its council's and its response id's (else its
/// respondent's and start time's).
const NAMING: Naming = Naming {
    period: period_field,
    identity: |r| {
        (
            "survey".to_string(),
            council(r, "authority"),
            response_label(r),
        )
    },
    key: |r| {
        format!(
            "survey/{}/{}",
            key_part(r.text("authority").unwrap_or("")),
            key_part(&response_label(r)),
        )
    },
    site: |r| r.text("authority"),
    title: |r| {
        Some(match r.text("respondent_name") {
            Some(who) => format!("Spend survey ({who})"),
            None => "Spend survey".to_string(),
        })
    },
    people: |_| None,
    layout: |l| match l {
        Layout::Form | Layout::Template => "survey form",
        Layout::Batch => "survey export",
    },
    names: &["authority", "respondent_name"],
};

/// What tells one survey response from another of the same authority.
fn response_label(r: &Return) -> String {
    match r.text("response_id") {
        Some(id) => normalise(id),
        None => normalise(&format!(
            "{} {}",
            r.text("respondent_name").unwrap_or(""),
            r.text("started_at").unwrap_or("")
        )),
    }
}

/// Its schema, `config/kinds/commissioner.toml`, compiled in.
pub const SCHEMA: Embedded = Embedded {
    file: "config/kinds/commissioner.toml",
    text: include_str!("../../../config/kinds/commissioner.toml"),
};

static PARSED: std::sync::LazyLock<FormSchema> = std::sync::LazyLock::new(|| SCHEMA.load());

/// Its fields, questions and codes.
pub fn schema() -> &'static FormSchema {
    &PARSED
}
