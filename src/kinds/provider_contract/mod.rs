//! Provider contract returns: one provider x area x client group x funder
//! x year of contract monitoring (schema `config/kinds/provider_contract.toml`).

pub mod demo;
pub mod frames;
pub mod read;
pub mod template;

use super::naming::{Naming, key_part, normalised, period_field};
use super::{FrameInputs, KindSpec, contact_of, named};
use crate::ingest::form_schema::{Embedded, FormSchema};
use crate::ingest::{Return, ReturnKind};

pub const SPEC: KindSpec = KindSpec {
    kind: ReturnKind::ProviderContract,
    noun: "contract rows",
    tally: "provider contract rows",
    naming: NAMING,
    reader: read::READER,
    demo: demo::demo,
    check_schema: || SCHEMA.check().map(drop),
    template: template::template,
    frames: |inp: &FrameInputs| {
        let contracts = inp.of_kind(ReturnKind::ProviderContract);
        Ok(named(frames::tables(&contracts, inp.reference)?))
    },
    frames_read: &[ReturnKind::ProviderContract],
    by_return: &[],
    follows: None,
    flags: Some(super::FlagColumns {
        table: "contracts",
        excluded: false,
    }),
    contact: |r| contact_of(r, &["provider", "notes"]),
    context: |r, _| context(r),
    label: |key| super::labels::form_label(schema(), key),
};

/// A contract row: its client group, funder, money, clients, the stages it
/// offers and the outcomes at each.
fn context(r: &Return) -> Vec<String> {
    let schema = schema();
    let line = |prefix: &str| -> String {
        schema
            .keys()
            .filter(|k| k.starts_with(prefix))
            .map(|k| {
                let what = crate::format::label(&k[prefix.len()..]);
                format!("{what} {}", r.value(k).describe())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        format!(
            "{:<16} {} · funder {} · model {}",
            "client group",
            r.value("client_group").describe(),
            r.value("funder").describe(),
            r.value("model").describe()
        ),
        format!(
            "{:<16} {} · clients {}",
            "contract value",
            r.value("contract_value").describe(),
            r.value("clients").describe()
        ),
        format!("{:<16} {}", "stages offered", line("stage_offered_")),
        format!("{:<16} {}", "outcomes", line("outcomes_")),
    ]
}

/// A contract row is its provider's, for one area, client group, funder
/// and year.
const NAMING: Naming = Naming {
    period: period_field,
    identity: |r| {
        (
            "contract".to_string(),
            normalised(r, "provider"),
            contract_label(r),
        )
    },
    key: |r| {
        format!(
            "contract/{}/{}",
            key_part(r.text("provider").unwrap_or("")),
            key_part(&contract_label(r)),
        )
    },
    site: |r| r.text("area"),
    title: |r| r.text("provider").map(str::to_string),
    people: |r| r.number("clients"),
    layout: |_| "contract batch",
    names: &["provider", "area", "client_group", "funder"],
};

/// Area, client group, funder and year of a contract row.
fn contract_label(r: &Return) -> String {
    ["area", "client_group", "funder", "period"]
        .map(|k| normalised(r, k))
        .join(" ")
}

/// Its schema, `config/kinds/provider_contract.toml`, compiled in.
pub const SCHEMA: Embedded = Embedded {
    file: "config/kinds/provider_contract.toml",
    text: include_str!("../../../config/kinds/provider_contract.toml"),
};

static PARSED: std::sync::LazyLock<FormSchema> = std::sync::LazyLock::new(|| SCHEMA.load());

/// Its fields, questions and codes.
pub fn schema() -> &'static FormSchema {
    &PARSED
}
