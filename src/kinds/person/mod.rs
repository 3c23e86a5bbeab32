//! Person records: one pseudonymous person at one collection point
//! (schema `config/kinds/person.toml`).

pub mod frames;
mod tracker;

use super::{FrameInputs, KindSpec, named};
use crate::ingest::form_schema::FormSchema;
use crate::ingest::{Return, ReturnKind};

pub const SPEC: KindSpec = KindSpec {
    kind: ReturnKind::Person,
    noun: "person records",
    tally: "person records",
    frames: |inp: &FrameInputs| {
        let persons = inp.of_kind(ReturnKind::Person);
        // The tracker and the profile read the sites' other returns too.
        let mut others = inp.of_kind(ReturnKind::Service);
        others.extend(inp.of_kind(ReturnKind::Commissioner));
        Ok(named(frames::tables(&persons, &others, inp.reference)?))
    },
    // Person records carry no contact: the site's data officer is asked.
    contact: |r| {
        format!(
            "the data officer at {}",
            crate::format::sanitise(r.text("site").unwrap_or("–"))
        )
    },
    context,
};

/// A person record: cohort and collection, and the field asked about.
fn context(r: &Return, field: &str) -> Vec<String> {
    let mut lines = vec![format!(
        "{:<16} {} · {}",
        "cohort",
        r.value("cohort").describe(),
        r.value("collection").describe()
    )];
    if FormSchema::person().field(field).is_some() {
        lines.push(format!("{field:<16} {}", r.value(field).describe()));
    }
    lines
}
