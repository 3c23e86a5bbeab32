//! Cleaning a service return: each field's cell to a typed value, the
//! period settled, and each split read against its total (blanks beside a
//! figure are 0, percentages of a known total become counts).

use std::collections::BTreeMap;

use crate::format::number as format_number;
use crate::ingest::cells::Cell;
use crate::ingest::clean::{number_value, period_value, text_value, tick_value, unreadable};
use crate::ingest::schema::{FieldKind, Schema, SplitDef};
use crate::ingest::values::{Parsed, Value, parse_count, parse_money};
use crate::ingest::{Layout, Note, RawReturn, Return, Severity};

/// How far split percentages may stray from 100 before it is worth a call.
const PERCENT_SUM_TOLERANCE: f64 = 1.0;

pub fn interpret(raw: RawReturn, layout: Layout, schema: &Schema) -> Return {
    let mut values = BTreeMap::new();
    let mut notes = Vec::new();
    for field in schema.fields.iter().filter(|f| f.split.is_none()) {
        let Some(cell) = raw.cells.get(&field.key) else {
            continue;
        };
        let value = scalar_value(&field.key, field.kind, cell, schema, &mut notes);
        values.insert(field.key.clone(), value);
    }
    settle_period(&raw, &mut values, &mut notes);
    for split in &schema.splits {
        read_split(split, &raw, schema, &mut values, &mut notes);
    }
    Return {
        kind: crate::ingest::ReturnKind::Service,
        layout,
        location: raw.location,
        values,
        notes,
        extras: raw.extras,
    }
}

/// A blank period is taken from the form's questions when they name one
/// year; a period still missing or not known is an error.
fn settle_period(raw: &RawReturn, values: &mut BTreeMap<String, Value>, notes: &mut Vec<Note>) {
    if values.get("period").is_none_or(Value::is_missing)
        && raw.prompt_periods.len() == 1
        && let Some(p) = raw.prompt_periods.iter().next()
    {
        notes.push(Note::new(
            Severity::Info,
            "period_from_prompt",
            Some("period"),
            format!("period was blank; taken as {p}, the only year the form's questions name"),
        ));
        values.insert("period".into(), Value::Text(p.clone()));
    }
    match values.get("period") {
        Some(Value::Text(_) | Value::Invalid(_)) => {}
        Some(Value::NotKnown) => notes.push(Note::new(
            Severity::Error,
            "period_missing",
            Some("period"),
            "the year the data relate to is given as not known",
        )),
        _ => notes.push(Note::new(
            Severity::Error,
            "period_missing",
            Some("period"),
            "the year the data relate to is missing",
        )),
    }
}

/// One split's categories: blanks beside a figure are 0, percentages of a
/// known total become counts, and the sum of percentages is checked.
fn read_split(
    split: &SplitDef,
    raw: &RawReturn,
    schema: &Schema,
    values: &mut BTreeMap<String, Value>,
    notes: &mut Vec<Note>,
) {
    let present: Vec<&String> = split
        .fields
        .iter()
        .filter(|k| raw.cells.contains_key(*k))
        .collect();
    if present.is_empty() {
        return;
    }
    let money = schema.field(&split.fields[0]).map(|f| f.kind) == Some(FieldKind::Money);
    let parsed: Vec<(&String, Parsed)> = present
        .iter()
        .map(|k| {
            let cell = &raw.cells[*k];
            let p = if money {
                parse_money(cell, &schema.values)
            } else {
                parse_count(cell, &schema.values)
            };
            (*k, p)
        })
        .collect();
    let any_figure = parsed
        .iter()
        .any(|(_, p)| matches!(p, Parsed::Number { .. } | Parsed::Percent(_)));
    let parent = values.get(&split.parent).and_then(Value::number);
    let mut blanked = Vec::new();
    let mut percents = Vec::new();
    for (key, p) in parsed {
        let value = match p {
            Parsed::Blank if any_figure => {
                blanked.push(key.as_str());
                Value::Number(0.0)
            }
            Parsed::Blank => Value::Missing,
            Parsed::NotKnown => Value::NotKnown,
            Parsed::Number { value, interpreted } => number_value(key, value, interpreted, notes),
            Parsed::Percent(pct) => {
                percents.push((key.as_str(), pct));
                percent_value(key, pct, parent, split, notes)
            }
            Parsed::Invalid(raw_text) => {
                notes.push(unreadable(
                    key,
                    &raw_text,
                    if money { "an amount" } else { "a whole number" },
                ));
                Value::Invalid(raw_text)
            }
        };
        values.insert(key.clone(), value);
    }
    if !blanked.is_empty() {
        notes.push(Note::new(
            Severity::Info,
            "blank_split_zero",
            blanked.first().copied(),
            format!(
                "blank split cells taken as 0 in {}: {}",
                split.name,
                blanked.join(", ")
            ),
        ));
    }
    if !percents.is_empty() && parent.is_some() {
        note_percents(split, &percents, present.len(), notes);
    }
}

/// A category given as a percentage: a count of the total, or unreadable
/// when the total is not a figure.
fn percent_value(
    key: &str,
    pct: f64,
    parent: Option<f64>,
    split: &SplitDef,
    notes: &mut Vec<Note>,
) -> Value {
    match parent {
        Some(total) => Value::Number((pct / 100.0 * total).round()),
        None => {
            notes.push(Note::new(
                Severity::Warning,
                "unreadable_value",
                Some(key),
                format!(
                    "{key} is given as {}% but {} is not a figure, so it cannot be turned into a number",
                    format_number(pct),
                    split.parent
                ),
            ));
            Value::Invalid(format!("{}%", format_number(pct)))
        }
    }
}

/// Say that a split was given as percentages, and warn when a split given
/// wholly as percentages does not add up to 100.
fn note_percents(
    split: &SplitDef,
    percents: &[(&str, f64)],
    present: usize,
    notes: &mut Vec<Note>,
) {
    notes.push(Note::new(
        Severity::Info,
        "percent_split",
        Some(percents[0].0),
        format!(
            "split given as percentages in {}; converted with round(% × {})",
            split.name, split.parent
        ),
    ));
    let sum: f64 = percents.iter().map(|(_, p)| p).sum();
    if percents.len() == present && (sum - 100.0).abs() > PERCENT_SUM_TOLERANCE {
        notes.push(Note::new(
            Severity::Warning,
            "percent_sum",
            Some(percents[0].0),
            format!(
                "the percentages in {} add up to {}%, not 100%",
                split.name,
                format_number((sum * 10.0).round() / 10.0)
            ),
        ));
    }
}

fn scalar_value(
    key: &str,
    kind: FieldKind,
    cell: &Cell,
    schema: &Schema,
    notes: &mut Vec<Note>,
) -> Value {
    let words = &schema.values;
    match kind {
        FieldKind::Text => text_value(cell, words),
        FieldKind::Money | FieldKind::Count => {
            let parsed = if kind == FieldKind::Money {
                parse_money(cell, words)
            } else {
                parse_count(cell, words)
            };
            match parsed {
                Parsed::Blank => Value::Missing,
                Parsed::NotKnown => Value::NotKnown,
                Parsed::Number { value, interpreted } => {
                    number_value(key, value, interpreted, notes)
                }
                Parsed::Percent(p) => {
                    let raw = format!("{}%", format_number(p));
                    notes.push(unreadable(key, &raw, "a figure, not a percentage"));
                    Value::Invalid(raw)
                }
                Parsed::Invalid(raw) => {
                    let expected = if kind == FieldKind::Money {
                        "an amount"
                    } else {
                        "a whole number"
                    };
                    notes.push(unreadable(key, &raw, expected));
                    Value::Invalid(raw)
                }
            }
        }
        FieldKind::Tick => tick_value(key, cell, words, notes),
        FieldKind::Period => period_value(key, cell, words, notes),
    }
}
