//! The providers' personal-budget survey (NDTi 2014): one provider's, or
//! one of its offices', answers about social-care Personal Budgets buying
//! employment support (schema `config/kinds/provider_pb.toml`; contract
//! returns/provider_pb.md).

pub mod authorities;
pub mod clean;
pub mod demo;
pub mod derived;
pub mod frames;
pub mod header;
pub mod interpret;
pub mod las;
pub mod profile;
pub mod read;
pub mod template;

use super::naming::{Naming, key_part, period_field};
use super::{FrameInputs, KindSpec, contact_of, named};
use crate::ingest::form_schema::{Embedded, FormSchema};
use crate::ingest::text::normalise;
use crate::ingest::{Return, ReturnKind};

pub const SPEC: KindSpec = KindSpec {
    kind: ReturnKind::ProviderPb,
    noun: "provider survey responses",
    tally: "provider PB survey responses",
    naming: NAMING,
    reader: read::READER,
    demo: demo::demo,
    check_schema: || SCHEMA.check().map(drop),
    template: template::template,
    frames: |inp: &FrameInputs| {
        let responses = inp.of_kind(ReturnKind::ProviderPb);
        Ok(named(frames::tables(&responses, inp.reference)?))
    },
    frames_read: &[ReturnKind::ProviderPb],
    by_return: &[],
    follows: None,
    flags: None,
    contact: |r| contact_of(r, &["contact_name", "contact_email", "respondent_role"]),
    context,
    label: |key| super::labels::form_label(schema(), key),
};

/// The response's size, its PB answers and what it said of income.
fn context(r: &Return, _field: &str) -> Vec<String> {
    let line = |label: &str, keys: &[&str]| {
        format!(
            "{label:<16} {}",
            keys.iter()
                .map(|k| format!("{k} {}", r.value(k).describe()))
                .collect::<Vec<_>>()
                .join(" · ")
        )
    };
    vec![
        line(
            "organisation",
            &["org_type", "people_supported", "total_spend"],
        ),
        line("authorities", &["las_served"]),
        line(
            "PB funded",
            &["pb_funding_18m", "pb_demand_18m", "contact_ok"],
        ),
        line("PB users", &["pb_users_last_fy", "pb_users_ytd"]),
        line("PB income", &["pb_income_last_fy", "income_band_given"]),
    ]
}

/// A response is its survey-tool id's; a phone or paper response without
/// one is its organisation's, for the areas it serves, at its start time.
const NAMING: Naming = Naming {
    period: period_field,
    identity: |r| {
        (
            "provider_pb".to_string(),
            r.text("period").unwrap_or("").to_string(),
            who(r),
        )
    },
    key: |r| {
        format!(
            "pb/{}/{}",
            key_part(r.text("org_name").unwrap_or("")),
            key_part(&match r.text("response_id") {
                Some(id) => id.to_string(),
                None => format!(
                    "{} {}",
                    r.text("period").unwrap_or(""),
                    r.text("started_at").unwrap_or("")
                ),
            }),
        )
    },
    site: |r| {
        r.text("las_served")
            .and_then(|t| authorities::named(t).into_iter().next())
    },
    title: |r| r.text("org_name").map(str::to_string),
    people: |r| r.value("people_supported").number(),
    layout: |_| "survey export",
    names: &["org_name", "response_id"],
};

/// What tells one response from another.
fn who(r: &Return) -> String {
    match r.text("response_id") {
        Some(id) => format!("id:{}", normalise(id)),
        None => format!(
            "{}|{}|{}",
            identity_of_org(r),
            r.text("started_at").unwrap_or(""),
            r.location
        ),
    }
}

/// The contract's identity of a response (§4): its organisation, normalised,
/// and the set of authorities it serves.
pub fn identity_of_org(r: &Return) -> String {
    let mut areas: Vec<String> = r
        .text("las_served")
        .map(authorities::named)
        .unwrap_or_default()
        .into_iter()
        .map(crate::reference::council_identity)
        .collect();
    areas.sort();
    areas.dedup();
    format!(
        "{}|{}",
        normalise(r.text("org_name").unwrap_or("")),
        areas.join(",")
    )
}

/// Its schema, `config/kinds/provider_pb.toml`, compiled in.
pub const SCHEMA: Embedded = Embedded {
    file: "config/kinds/provider_pb.toml",
    text: include_str!("../../../config/kinds/provider_pb.toml"),
};

static PARSED: std::sync::LazyLock<FormSchema> = std::sync::LazyLock::new(|| SCHEMA.load());

/// Its fields, questions and codes.
pub fn schema() -> &'static FormSchema {
    &PARSED
}
