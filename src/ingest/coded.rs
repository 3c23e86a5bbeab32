//! Interpretation of the cells of a coded return kind (the commissioner
//! survey, provider contract returns): the §1.2 value conventions shared
//! with the service return, plus coded answers, percentages, ranks and
//! periods, each interpreted value noted.

use std::collections::BTreeMap;

use super::cells::Cell;
use super::clean::{
    check_negative, number_value, period_value, text_value, tick_value, unreadable,
};
use super::form_schema::{AnswerKind, FormField, FormSchema};
use super::model::{Layout, Note, RawReturn, Return, ReturnKind, Severity};
use super::schema::ValueWords;
use super::text::clean_text;
use crate::ingest::values::{Parsed, Value, is_not_known, parse_money};

/// Highest rank a factor can take (seven factors on the form).
const MAX_RANK: f64 = 7.0;

/// What a coded answer that matches none of its field's codes is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownCode {
    /// Unreadable: kept as sent, with a warning naming the codes accepted.
    Unreadable,
    /// Not known, with a warning (`unrecognised_value`).
    NotKnown,
}

/// One row of a coded kind as a return of `kind`.
pub fn interpret(
    raw: RawReturn,
    kind: ReturnKind,
    layout: Layout,
    schema: &FormSchema,
    words: &ValueWords,
    unknown: UnknownCode,
) -> Return {
    let mut values = BTreeMap::new();
    let mut notes = Vec::new();
    for field in &schema.fields {
        let Some(cell) = raw.cells.get(&field.key) else {
            continue;
        };
        let value = answer(field, cell, words, unknown, &mut notes);
        values.insert(field.key.clone(), value);
    }
    Return {
        kind,
        layout,
        location: raw.location,
        values,
        notes,
        extras: raw.extras,
    }
}

fn answer(
    field: &FormField,
    cell: &Cell,
    words: &ValueWords,
    unknown: UnknownCode,
    notes: &mut Vec<Note>,
) -> Value {
    let key = field.key.as_str();
    match field.kind {
        AnswerKind::Text => text_value(cell, words),
        AnswerKind::Money => match parse_money(cell, words) {
            Parsed::Blank => Value::Missing,
            Parsed::NotKnown => Value::NotKnown,
            Parsed::Number { value, interpreted } => number_value(key, value, interpreted, notes),
            Parsed::Percent(_) | Parsed::Invalid(_) => {
                let raw = cell.display();
                notes.push(unreadable(key, &raw, "an amount of money"));
                Value::Invalid(raw)
            }
        },
        AnswerKind::Percent => match parse_money(cell, words) {
            Parsed::Blank => Value::Missing,
            Parsed::NotKnown => Value::NotKnown,
            Parsed::Percent(v) | Parsed::Number { value: v, .. } if (0.0..=100.0).contains(&v) => {
                Value::Number(v)
            }
            _ => {
                let raw = cell.display();
                notes.push(unreadable(key, &raw, "a percentage from 0 to 100"));
                Value::Invalid(raw)
            }
        },
        AnswerKind::Tick => tick_value(key, cell, words, notes),
        AnswerKind::Choice => {
            let raw = clean_text(&cell.display());
            if raw.is_empty() {
                return Value::Missing;
            }
            // An answer may itself be a "don't know" (pb_used), so the
            // field's own answers are tried before the not-known words.
            if let Some(code) = field.code_of(&raw) {
                Value::Text(code.to_string())
            } else if is_not_known(&raw, words) {
                Value::NotKnown
            } else if unknown == UnknownCode::NotKnown {
                notes.push(unrecognised(key, &raw));
                Value::NotKnown
            } else {
                let accepted: Vec<&str> = field.answers.iter().map(|a| a.code.as_str()).collect();
                notes.push(unreadable(
                    key,
                    &raw,
                    &format!("one of {}", accepted.join(" / ")),
                ));
                Value::Invalid(raw)
            }
        }
        AnswerKind::Count => match crate::ingest::values::parse_count(cell, words) {
            Parsed::Blank => Value::Missing,
            Parsed::NotKnown => Value::NotKnown,
            Parsed::Number { value, .. } => {
                check_negative(key, value, notes);
                Value::Number(value)
            }
            _ => {
                let raw = cell.display();
                notes.push(unreadable(key, &raw, "a whole number"));
                Value::Invalid(raw)
            }
        },
        AnswerKind::Period => period_value(key, cell, words, notes),
        AnswerKind::Number => match parse_money(cell, words) {
            Parsed::Blank => Value::Missing,
            Parsed::NotKnown => Value::NotKnown,
            Parsed::Number { value, .. } if value >= 0.0 => Value::Number(value),
            _ => {
                let raw = cell.display();
                notes.push(unreadable(key, &raw, "a number of 0 or more"));
                Value::Invalid(raw)
            }
        },
        AnswerKind::Multi => multi(field, cell, words, notes),
        AnswerKind::Rank => match crate::ingest::values::parse_count(cell, words) {
            Parsed::Blank => Value::Missing,
            Parsed::NotKnown => Value::NotKnown,
            Parsed::Number { value, .. } if (1.0..=MAX_RANK).contains(&value) => {
                Value::Number(value)
            }
            _ => {
                let raw = cell.display();
                notes.push(unreadable(key, &raw, "a rank from 1 to 7"));
                Value::Invalid(raw)
            }
        },
    }
}

fn unrecognised(key: &str, raw: &str) -> Note {
    Note::new(
        Severity::Warning,
        "unrecognised_value",
        Some(key),
        format!("{key} reads \"{raw}\", which matches no code; read as not known"),
    )
}

/// Several codes in one cell, `;`-separated, kept in the field's order,
/// each once. `none` beside a code is dropped (the codes count).
fn multi(field: &FormField, cell: &Cell, words: &ValueWords, notes: &mut Vec<Note>) -> Value {
    let key = field.key.as_str();
    let raw = clean_text(&cell.display());
    if raw.is_empty() {
        return Value::Missing;
    }
    if field.code_of(&raw).is_none() && is_not_known(&raw, words) {
        return Value::NotKnown;
    }
    let mut chosen = std::collections::BTreeSet::new();
    for part in raw.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        match field.code_of(part) {
            Some(code) => {
                chosen.insert(code.to_string());
            }
            None => notes.push(unrecognised(key, part)),
        }
    }
    if chosen.len() > 1 && chosen.remove("none") {
        notes.push(Note::new(
            Severity::Info,
            "none_with_codes",
            Some(key),
            format!("{key} gives \"none\" beside other codes; the codes count"),
        ));
    }
    if chosen.is_empty() {
        return Value::NotKnown;
    }
    let ordered: Vec<&str> = field
        .answers
        .iter()
        .map(|a| a.code.as_str())
        .filter(|c| chosen.contains(*c))
        .collect();
    Value::Text(ordered.join(";"))
}
