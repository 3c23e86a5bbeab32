//! How a cell becomes a typed value (RETURN_FORMAT.md §1.2), the same for
//! every kind and layout, with a note for every value that had to be
//! interpreted: text, amounts, ticks, periods, and the messages for what
//! could not be read.

use super::cells::{Cell, format_number};
use super::model::{Note, Severity};
use super::schema::ValueWords;
use super::text::clean_text;
use super::values::{PeriodRead, Value, is_not_known, parse_period_cell, parse_tick};

/// A text cell, for every kind of return: blank is missing, a not-known
/// word is not known, control characters are removed.
pub fn text_value(cell: &Cell, words: &ValueWords) -> Value {
    let t = clean_text(&cell.display());
    if t.is_empty() {
        Value::Missing
    } else if is_not_known(&t, words) {
        Value::NotKnown
    } else {
        Value::Text(t)
    }
}

/// A figure read as a number, for every kind of return: how it had to be
/// interpreted (`£95k`) is noted, and a negative figure is an error.
pub fn number_value(
    key: &str,
    value: f64,
    interpreted: Option<String>,
    notes: &mut Vec<Note>,
) -> Value {
    if let Some(how) = interpreted {
        notes.push(Note::new(
            Severity::Info,
            "interpreted_money",
            Some(key),
            how,
        ));
    }
    check_negative(key, value, notes);
    Value::Number(value)
}

/// A tick cell, for every kind of return.
pub fn tick_value(key: &str, cell: &Cell, words: &ValueWords, notes: &mut Vec<Note>) -> Value {
    match parse_tick(cell, words) {
        Ok(b) => Value::Tick(b),
        Err(raw) => {
            notes.push(unreadable(key, &raw, "a tick (x, yes) or blank"));
            Value::Invalid(raw)
        }
    }
}

/// A financial year, for every kind of return: a date cell is read as its
/// year (noted); a text naming no single year is an error.
pub fn period_value(key: &str, cell: &Cell, words: &ValueWords, notes: &mut Vec<Note>) -> Value {
    match parse_period_cell(cell, words) {
        PeriodRead::Blank => Value::Missing,
        PeriodRead::NotKnown => Value::NotKnown,
        PeriodRead::Period {
            period,
            interpreted,
        } => {
            if let Some(how) = interpreted {
                notes.push(Note::new(
                    Severity::Info,
                    "period_from_date",
                    Some(key),
                    how,
                ));
            }
            Value::Text(period)
        }
        PeriodRead::Unresolved(raw) => {
            notes.push(Note::new(
                Severity::Error,
                "period_unresolved",
                Some(key),
                format!(
                    "the year \"{raw}\" does not name one financial year; ask which year (e.g. 2012/13) the figures are for"
                ),
            ));
            Value::Invalid(raw)
        }
    }
}

pub fn check_negative(key: &str, value: f64, notes: &mut Vec<Note>) {
    if value < 0.0 {
        notes.push(Note::new(
            Severity::Error,
            "negative_value",
            Some(key),
            format!(
                "{key} is negative ({}), which cannot be right",
                format_number(value)
            ),
        ));
    }
}

pub fn unreadable(key: &str, raw: &str, expected: &str) -> Note {
    Note::new(
        Severity::Warning,
        "unreadable_value",
        Some(key),
        format!("{key} reads \"{raw}\", which is not {expected}; the value is left out"),
    )
}
