//! Reading person records: batch sheets naming person_id, site and cohort,
//! with identifier columns taken out before anything else sees them; and
//! the checks that need a file's records together
//! (`../shared/returns/person.md` §§1, 3, 4): ages outside 16-100, the
//! same person twice in one file, and the identifier columns taken out.

use std::collections::HashMap;

use crate::ingest::cells::Grid;
use crate::ingest::coded::{self, UnknownCode};
use crate::ingest::privacy::{self, Stripped};
use crate::ingest::recognise::{self, Signature};
use crate::ingest::{
    IngestError, Layout, Note, RawReturn, Return, ReturnKind, Severity, Value, layout_batch,
};
use crate::kinds::Named;
use crate::kinds::read::{Found, Reader};

pub const READER: Reader = Reader {
    signature: |_| signature(),
    // Identifier columns are taken out before any other reader sees them.
    csv_first: true,
    csv: |grid, _, reading| read_person(grid, &mut reading.report, &mut reading.stripped),
    workbook: |grids, _, reading| {
        grids
            .iter()
            .find_map(|g| read_person(g, &mut reading.report, &mut reading.stripped))
    },
    interpret: |raw, layout, schema| {
        coded::interpret(
            raw,
            ReturnKind::Person,
            layout,
            super::schema(),
            &schema.values,
            // An unknown code is not known, with a warning.
            UnknownCode::NotKnown,
        )
    },
    check_file: |returns, reading| check_records(returns, &reading.stripped),
};

fn signature() -> Signature<'static> {
    recognise::coded(
        ReturnKind::Person,
        "person records",
        &[&["person_id"], &["site"], &["cohort"]],
        super::schema(),
    )
}

/// A sheet of person records (its header names person_id, site and
/// cohort): identifier columns are blanked first, columns that are not
/// fields are dropped (never kept as `extra_*`), and both are listed.
fn read_person(grid: &Grid, report: &mut Vec<String>, stripped: &mut Vec<Stripped>) -> Found {
    let fields = super::schema();
    let field_of = |text: &str| fields.field_by_label(text).map(|f| f.key.clone());
    let is_person = |seen: &std::collections::HashSet<String>| {
        ["person_id", "site", "cohort"]
            .iter()
            .all(|k| seen.contains(*k))
    };
    layout_batch::header_with(grid, field_of, is_person)?;
    let row = grid.first_nonempty_row()?;
    let mut clean = grid.clone();
    let taken = privacy::strip_identifiers(&mut clean, row);
    for s in &taken {
        report.push(format!(
            "column '{}' removed: {}; none of its {} values was kept",
            s.header, s.why, s.removed
        ));
    }
    stripped.extend(taken);
    let Some(header) = layout_batch::header_with(&clean, field_of, is_person) else {
        // An identifier column held a key field: nothing usable is left.
        return Some(Err(IngestError::NotAReturn {
            missing: "person_id, site and cohort columns free of identifiers".into(),
            looked_for: "pseudonymous ids (not NHS or NI numbers)".into(),
        }));
    };
    for c in layout_batch::extra_columns(&header) {
        report.push(format!(
            "column {c} dropped (not a field of person records)"
        ));
    }
    let rows: Vec<(RawReturn, Layout)> = layout_batch::read(&clean, &header)
        .into_iter()
        .map(|mut r| {
            r.extras.clear();
            (r, Layout::Batch)
        })
        .collect();
    if rows.is_empty() {
        return Some(Err(IngestError::NoDataRows));
    }
    Some(Ok(rows))
}

/// Youngest and oldest ages a record may give.
const AGES: std::ops::RangeInclusive<f64> = 16.0..=100.0;

fn check_records(returns: &mut [Return], stripped: &[Stripped]) {
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
                    super::person_id(r),
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
