//! Checks on one file's person records that need the file's rows together
//! (`../shared/returns/person.md` §§1, 3, 4): ages outside 16-100, the same
//! person twice in one file, and the identifier columns taken out.

use std::collections::HashMap;

use super::model::{Note, Return, ReturnKind, Severity};
use super::privacy::Stripped;
use super::values::Value;

/// Youngest and oldest ages a record may give.
const AGES: std::ops::RangeInclusive<f64> = 16.0..=100.0;

pub fn check_records(returns: &mut [Return], stripped: &[Stripped]) {
    let locations: Vec<String> = returns.iter().map(|r| r.location.clone()).collect();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for (i, r) in returns.iter_mut().enumerate() {
        if r.kind != ReturnKind::Person {
            continue;
        }
        if let Some(age) = r.number("age").filter(|a| !AGES.contains(a)) {
            r.values.insert("age".into(), Value::NotKnown);
            r.notes.push(Note::new(
                Severity::Warning,
                "unrecognised_value",
                Some("age"),
                format!("age reads {age}, outside 16-100; read as not known"),
            ));
        }
        let identity = r.identity();
        if let Some(first) = seen.insert(identity, i) {
            r.notes.push(Note::new(
                Severity::Warning,
                "duplicate_person",
                Some("person_id"),
                format!(
                    "person {} appears twice for {} in this file ({} and {}); the later row is kept",
                    r.person_id(),
                    r.text("collection").unwrap_or("the same collection"),
                    locations[first],
                    locations[i]
                ),
            ));
        }
    }
    let Some(first) = returns.iter_mut().find(|r| r.kind == ReturnKind::Person) else {
        return;
    };
    for s in stripped {
        let mut note = Note::new(
            Severity::Warning,
            "identifier_column",
            Some(&s.header),
            format!(
                "The column \"{}\" was removed because {}: person records must be pseudonymous. None of its values was kept. Please ask the site to resend the file without it.",
                s.header, s.why
            ),
        );
        note.values = Some(format!("{} values removed", s.removed));
        first.notes.push(note);
    }
}
