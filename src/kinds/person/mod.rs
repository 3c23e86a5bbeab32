//! Person records: one pseudonymous person at one collection point
//! (schema `config/kinds/person.toml`).

pub mod demo;
pub mod frames;
pub mod read;
pub mod template;
mod tracker;

use super::naming::{Naming, council, key_part, or_unknown};
use super::{Follows, FrameInputs, KindSpec, named};
use crate::ingest::form_schema::{Embedded, FormSchema};
use crate::ingest::{Return, ReturnKind, StoredReturn};

pub const SPEC: KindSpec = KindSpec {
    kind: ReturnKind::Person,
    noun: "person records",
    tally: "person records",
    naming: NAMING,
    reader: read::READER,
    demo: demo::demo,
    check_schema: || SCHEMA.check().map(drop),
    template: template::template,
    frames: |inp: &FrameInputs| {
        let (persons, others) = read(inp);
        Ok(named(frames::tables(&persons, &others, inp.reference)?))
    },
    frames_read: &[
        ReturnKind::Person,
        ReturnKind::Service,
        ReturnKind::Commissioner,
    ],
    by_return: &[],
    // The tracker alone reads the sites' other returns.
    follows: Some(Follows {
        tables: frames::FOLLOWING,
        frames: |inp: &FrameInputs| {
            let (persons, others) = read(inp);
            Ok(named(frames::following(&persons, &others, inp.reference)?))
        },
    }),
    // Person records carry no contact: the site's data officer is asked.
    flags: None,
    contact: |r| {
        format!(
            "the data officer at {}",
            crate::format::sanitise(r.text("site").unwrap_or("–"))
        )
    },
    context,
    label: |key| super::labels::form_label(schema(), key),
};

/// The person records, and the sites' other returns the tracker follows.
fn read<'a>(inp: &FrameInputs<'a>) -> (Vec<&'a StoredReturn>, Vec<&'a StoredReturn>) {
    let mut others = inp.of_kind(ReturnKind::Service);
    others.extend(inp.of_kind(ReturnKind::Commissioner));
    (inp.of_kind(ReturnKind::Person), others)
}

/// A person record: cohort and collection, and the field asked about.
fn context(r: &Return, field: &str) -> Vec<String> {
    let mut lines = vec![format!(
        "{:<16} {} · {}",
        "cohort",
        r.value("cohort").describe(),
        r.value("collection").describe()
    )];
    if schema().field(field).is_some() {
        lines.push(format!(
            "{:<16} {}",
            crate::format::label(field),
            r.value(field).describe()
        ));
    }
    lines
}

/// A person record is one pseudonymous person at one site and collection
/// point ("London Borough of Newham" and "Newham" are one site).
const NAMING: Naming = Naming {
    period: |r| r.text("collection"),
    identity: |r| {
        (
            "person".to_string(),
            council(r, "site"),
            format!("{} {}", person_id(r), r.text("collection").unwrap_or("")),
        )
    },
    key: |r| {
        format!(
            "person/{}/{}/{}",
            key_part(r.text("site").unwrap_or("")),
            key_part(&person_id(r)),
            or_unknown(r.text("collection").unwrap_or("").to_string()),
        )
    },
    site: |r| r.text("site"),
    title: |r| Some(person_id(r)).filter(|p| !p.is_empty()),
    people: |_| None,
    layout: |_| "person records",
    names: &["site", "person_id"],
};

/// A person's pseudonymous id, compared upper-case.
pub fn person_id(r: &Return) -> String {
    r.text("person_id").unwrap_or("").trim().to_uppercase()
}

/// Its schema, `config/kinds/person.toml`, compiled in.
pub const SCHEMA: Embedded = Embedded {
    file: "config/kinds/person.toml",
    text: include_str!("../../../config/kinds/person.toml"),
};

static PARSED: std::sync::LazyLock<FormSchema> = std::sync::LazyLock::new(|| SCHEMA.load());

/// Its fields, questions and codes.
pub fn schema() -> &'static FormSchema {
    &PARSED
}
