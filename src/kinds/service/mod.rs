//! Service returns: one employment-support service, one financial year
//! (layouts A, B and C; schema `config/kinds/service.toml`).

pub mod clean;
pub mod demo;
pub mod frame;
pub mod inputs;
pub mod layout_form;
pub mod layout_template;
pub mod read;
pub mod template;

use polars::prelude::*;

use super::naming::{Naming, council, key_part, normalised, or_unknown, period_field};
use super::{ByReturn, FrameInputs, Frames, KindSpec, ReturnRows, contact_of};
use crate::format::label as words;
use crate::ingest::text::slug;
use crate::ingest::{Layout, Return, ReturnKind, Schema};

pub const SPEC: KindSpec = KindSpec {
    kind: ReturnKind::Service,
    noun: "service returns",
    tally: "services",
    naming: NAMING,
    reader: read::READER,
    demo: demo::demo,
    check_schema: Schema::check_embedded,
    template: || {
        template::template_bytes(
            &std::collections::BTreeMap::new(),
            template::TemplateStyle::default(),
        )
    },
    frames,
    frames_read: &[ReturnKind::Service],
    by_return: &[
        ByReturn {
            table: "returns",
            rows: ReturnRows::One,
        },
        ByReturn {
            table: "split_cells",
            rows: ReturnRows::Numbered("return_row"),
        },
        ByReturn {
            table: "split_returns",
            rows: ReturnRows::Numbered("return_row"),
        },
        ByReturn {
            table: "value_states",
            rows: ReturnRows::Numbered("return_row"),
        },
    ],
    follows: None,
    flags: Some(super::FlagColumns {
        table: "returns",
        excluded: true,
    }),
    contact: |r| contact_of(r, &["collector_name", "collector_contact"]),
    context,
    label,
};

/// `returns` (one row per service-year), the split tables (see
/// [`inputs::split_tables`]) and `value_states`.
fn frames(inp: &FrameInputs) -> PolarsResult<Frames> {
    let returns = inp.of_kind(ReturnKind::Service);
    let mut frames = vec![(
        "returns".into(),
        frame::returns_frame(&returns, inp.schema, inp.reference)?,
    )];
    frames.extend(inputs::split_tables(&returns, inp.schema)?);
    frames.push(("value_states".into(), inputs::value_states(&returns)?));
    Ok(frames)
}

/// The core figures, and the split the anomaly is about next to its total.
fn context(r: &Return, field: &str) -> Vec<String> {
    let schema = Schema::builtin();
    let mut lines: Vec<String> = ["total_cost", "people_total", "outcomes_total"]
        .iter()
        .map(|k| format!("{:<16} {}", words(k), r.value(k).describe()))
        .collect();
    let split = schema.splits.iter().find(|sp| {
        slug(&sp.name).replace('-', "_") == field
            || sp.fields.iter().any(|f| f == field)
            || field.starts_with(&format!("{}:", sp.name))
    });
    if let Some(sp) = split {
        let parts: Vec<String> = sp
            .fields
            .iter()
            .zip(&sp.categories)
            .filter(|(f, _)| !r.value(f).is_missing())
            .map(|(f, c)| format!("{} {}", words(c), r.value(f).describe()))
            .collect();
        let sum: f64 = sp.fields.iter().filter_map(|f| r.number(f)).sum();
        lines.push(format!(
            "{}: {} (sum {}) against {} {}",
            sp.name,
            parts.join(", "),
            crate::ingest::cells::format_number(sum),
            words(&sp.parent),
            r.value(&sp.parent).describe()
        ));
    } else if ![
        "total_cost",
        "people_total",
        "outcomes_total",
        "-",
        "figures",
    ]
    .contains(&field)
        && schema.field(field).is_some()
    {
        lines.push(format!(
            "{:<16} {}",
            words(field),
            r.value(field).describe()
        ));
    }
    lines
}

/// A service field in words; a split's category with its measure
/// ("people: homeless").
fn label(key: &str) -> Option<String> {
    let schema = Schema::builtin();
    let field = schema.field(key)?;
    Some(match field.split.and_then(|i| schema.splits.get(i)) {
        Some(sp) => {
            let category = sp
                .fields
                .iter()
                .position(|f| f == key)
                .and_then(|i| sp.categories.get(i))
                .map_or_else(|| key.to_string(), |c| words(c));
            let measure = key.split('_').next().unwrap_or(key);
            format!("{measure}: {category}")
        }
        None => words(key),
    })
}

/// A service-year is its council, its normalised name and its year.
const NAMING: Naming = Naming {
    period: period_field,
    identity: |r| {
        (
            council(r, "commissioner"),
            normalised(r, "service_name"),
            r.text("period").unwrap_or("").to_string(),
        )
    },
    key: |r| {
        format!(
            "{}/{}/{}",
            key_part(r.text("commissioner").unwrap_or("")),
            key_part(r.text("service_name").unwrap_or("")),
            or_unknown(r.text("period").unwrap_or("").replace('/', "-")),
        )
    },
    site: |r| r.text("commissioner"),
    title: |r| r.text("service_name").map(str::to_string),
    people: |r| r.number("people_total"),
    layout: |l| match l {
        Layout::Template => "A (template)",
        Layout::Form => "B (study form)",
        Layout::Batch => "C (batch sheet)",
    },
    names: &["commissioner", "service_name"],
};
