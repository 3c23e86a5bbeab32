//! The commissioner survey as a workbook laid out like the paper form
//! (`jobtally template --kind commissioner`): questions in column A with the
//! answer in column B (a drop-down where the answer is coded), Tables 1
//! and 2 as grids under their column headings, and a Notes sheet. The demo
//! fills it in; the survey form reader reads it (and local copies of it).

use std::collections::{BTreeMap, HashSet};

use rust_xlsxwriter::XlsxError;

use crate::ingest::form_schema::{AnswerKind, GridDef};
use crate::xlsx_out::{Out, SheetOut, workbook_bytes};

/// Section headings, placed before the field that opens each section.
const SECTIONS: &[(&str, &str)] = &[
    ("authority", "1. About you / your authority"),
    ("spend_accuracy", "2a. Overall annual spend, 2010-2013"),
    (
        "breakdown_unable",
        "2b. For the current year (2011-12): spend by kind of support and client group (or tick below)",
    ),
    (
        "delivery_la_pct",
        "2c. Where this money went: TABLE 3 % of this year's spend (2011-12)",
    ),
    (
        "facs",
        "2d - 2g. Eligibility, personal budgets, pre-18 support, changes ahead",
    ),
    (
        "rank_historical",
        "3. Factors influencing your pattern of investment: rank those that apply, 1 = most important",
    ),
    (
        "collects_eligible",
        "4. Does your authority currently collect information about: (Yes / No)",
    ),
    (
        "comments",
        "5. Any other comments / 6. Further involvement (x = interested)",
    ),
];

/// Tables placed before a field: Table 1 before the accuracy question that
/// follows it on the form, Table 2 before "please state client group/s".
const TABLES: &[(&str, &str)] = &[
    ("spend_accuracy", "spend"),
    ("breakdown_other_groups", "breakdown"),
];

/// Fields the form does not print (the survey tool's own metadata).
const NOT_ON_FORM: &[&str] = &["response_id", "started_at", "completed"];

/// The form with `values` (field key -> cell) filled in.
pub fn form_sheets(values: &BTreeMap<String, Out>) -> Vec<SheetOut> {
    let schema = super::schema();
    let mut s = SheetOut::new("Survey");
    s.widths
        .extend([(0, 62.0), (1, 22.0), (2, 22.0), (3, 22.0), (4, 22.0)]);
    s.put_bold(
        0,
        0,
        "Employment support for disabled people: commissioner survey",
    );
    let mut row = 2u32;
    let in_grid: HashSet<String> = schema
        .grids
        .iter()
        .flat_map(|g| {
            g.rows
                .iter()
                .flat_map(move |r| g.columns.iter().map(move |c| g.key(&r.key, &c.key)))
        })
        .collect();
    for f in schema.fields.iter().filter(|f| !in_grid.contains(&f.key)) {
        if NOT_ON_FORM.contains(&f.key.as_str()) {
            continue;
        }
        if let Some((_, heading)) = SECTIONS.iter().find(|(k, _)| *k == f.key) {
            row += 1;
            s.put_bold(row, 0, *heading);
            row += 1;
        }
        if let Some((_, prefix)) = TABLES.iter().find(|(k, _)| *k == f.key)
            && let Some(g) = schema.grids.iter().find(|g| g.prefix == *prefix)
        {
            row = grid(&mut s, row, g, values);
        }
        s.put(row, 0, f.question.as_str());
        if let Some(v) = values.get(&f.key) {
            s.put(row, 1, v.clone());
        }
        if f.kind == AnswerKind::Choice {
            s.lists.push((
                row,
                1,
                f.answers
                    .iter()
                    .map(|a| printed(a.words.first().unwrap_or(&a.code)))
                    .collect(),
            ));
        }
        row += 1;
    }
    vec![s, notes_sheet()]
}

/// A coded answer as the form prints it, without commas (a drop-down list
/// cannot hold them; the reader ignores punctuation).
fn printed(wording: &str) -> String {
    wording.replace(',', "")
}

fn grid(s: &mut SheetOut, mut row: u32, g: &GridDef, values: &BTreeMap<String, Out>) -> u32 {
    row += 1;
    s.put_bold(
        row,
        0,
        format!("{} - {}", g.title.to_uppercase(), g.question),
    );
    for (c, col) in g.columns.iter().enumerate() {
        s.put_bold(row, c as u16 + 1, col.label.as_str());
    }
    row += 1;
    for r in &g.rows {
        s.put(row, 0, r.label.as_str());
        for (c, col) in g.columns.iter().enumerate() {
            if let Some(v) = values.get(&g.key(&r.key, &col.key)) {
                s.put(row, c as u16 + 1, v.clone());
            }
        }
        row += 1;
    }
    row + 1
}

pub fn form_bytes(values: &BTreeMap<String, Out>) -> Result<Vec<u8>, XlsxError> {
    workbook_bytes(&form_sheets(values))
}

fn notes_sheet() -> SheetOut {
    let lines = [
        (
            "jobtally commissioner survey - notes for completing this workbook",
            true,
        ),
        ("", false),
        (
            "One workbook per response. Social care and NHS commissioners may answer separately.",
            false,
        ),
        (
            "Answer in column B of the Survey sheet (and in the table cells); do not change the questions.",
            false,
        ),
        (
            "Do not leave boxes blank: write 0 if nothing was spent, and 'don't know' or 'no info available' if you do not know.",
            true,
        ),
        (
            "Money: whole pounds, e.g. 182400 or £182,400. Table 1 covers spend on employment support for adults (18+).",
            false,
        ),
        (
            "Table 3: percentages of 2011-12 spend, adding up to 100.",
            false,
        ),
        ("Coded answers: pick from the drop-down list.", false),
        (
            "Save the finished workbook into the shared inbox folder; it is picked up automatically.",
            false,
        ),
    ];
    SheetOut::notes(&lines)
}
