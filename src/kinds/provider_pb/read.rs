//! Reading the providers' personal-budget survey: a survey tool's export
//! (a one- or two-row header of questions and items, one column per option
//! ticked or one `;`-separated cell) or a keyed sheet of phone and paper
//! responses. Every layout is brought to the same cells, keyed by field,
//! with a multi-select question as one `;` list of its codes, so the two
//! exports of the same responses read to the same returns.

use std::collections::{BTreeMap, BTreeSet};

use super::header::{self, Target};
use crate::ingest::cells::{Cell, Grid};
use crate::ingest::form_schema::FormSchema;
use crate::ingest::recognise::Signature;
use crate::ingest::schema::ValueWords;
use crate::ingest::text::normalise;
use crate::ingest::values::periods_named;
use crate::ingest::{IngestError, Layout, RawReturn, ReturnKind, Rows};
use crate::kinds::read::{Found, Reader};

pub const READER: Reader = Reader {
    signature: |_| signature(),
    csv_first: false,
    csv: |grid, schema, reading| read_grid(grid, &schema.values, &mut reading.report),
    workbook: |grids, schema, reading| {
        grids
            .iter()
            .find_map(|g| read_grid(g, &schema.values, &mut reading.report))
    },
    interpret: |raw, layout, schema| super::interpret::interpret(raw, layout, &schema.values),
    check_file: |_, _| {},
};

fn signature() -> Signature<'static> {
    Signature {
        kind: ReturnKind::ProviderPb,
        name: "provider personal-budget survey responses",
        identity: &[&["pb_funding_18m"], &["org_name", "org_type"]],
        field_of: Box::new(|t| header::resolve(super::schema(), t, "").map(|t| t.key())),
        question_of: Box::new(|k| {
            super::schema()
                .field(k)
                .map(|f| f.question.clone())
                .filter(|q| !q.is_empty())
        }),
    }
}

/// The columns of a sheet's header, when it is this kind's: it names
/// `pb_funding_18m` and the organisation's name or type.
struct Header {
    /// The last header row.
    last_row: usize,
    columns: Vec<Option<Target>>,
    /// The financial years the Q5, Q8, Q10 and Q16 headers name.
    periods: BTreeSet<String>,
}

/// Questions whose wording names the year asked about.
const PERIOD_QUESTIONS: &[&str] = &[
    "people_supported",
    "total_spend",
    "pb_users_last_fy",
    "pb_income_last_fy",
];

/// The financial years a header names: `2012/13`, `2012-13`, and the
/// form's own run-together `201213`.
fn periods_in(text: &str) -> Vec<String> {
    let mut found = periods_named(text);
    for word in text.split(|c: char| !c.is_ascii_digit()) {
        if word.len() == 6
            && let (Ok(start), Ok(end)) = (word[..4].parse::<u32>(), word[4..].parse::<u32>())
            && (start + 1) % 100 == end
        {
            found.push(format!("{start}/{end:02}"));
        }
    }
    found
}

fn find_header(grid: &Grid, schema: &FormSchema) -> Option<Header> {
    let first = grid.first_nonempty_row()?;
    let texts = |r: usize| -> Vec<String> {
        (0..grid.rows.get(r).map_or(0, Vec::len))
            .map(|c| grid.get(r, c).as_text().unwrap_or("").trim().to_string())
            .collect()
    };
    let top = texts(first);
    let second = texts(first + 1);
    let width = top.len().max(second.len());
    let id_column = top
        .iter()
        .position(|t| header::resolve(schema, t, "").is_some_and(|t| t.key() == "response_id"));
    // A second header row: blank under the response id, and an item row.
    let two_rows = id_column.is_some_and(|c| second.get(c).is_none_or(String::is_empty))
        && second.iter().any(|t| {
            let n = normalise(t);
            n == "response" || n == "open ended response"
        });
    let mut columns = Vec::with_capacity(width);
    let mut periods = BTreeSet::new();
    let mut question = String::new();
    for c in 0..width {
        let (q, item) = if two_rows {
            if let Some(t) = top.get(c).filter(|t| !t.is_empty()) {
                question = t.clone();
            }
            (question.as_str(), second.get(c).map_or("", String::as_str))
        } else {
            (top.get(c).map_or("", String::as_str), "")
        };
        if q.is_empty() && item.is_empty() {
            columns.push(None);
            continue;
        }
        let target = header::resolve(schema, q, item);
        if let Some(t) = &target
            && PERIOD_QUESTIONS.contains(&t.key().as_str())
        {
            periods.extend(periods_in(&format!("{q} {item}")));
        }
        columns.push(Some(target.unwrap_or_else(|| header::extra(q, item))));
    }
    let seen: BTreeSet<String> = columns.iter().flatten().map(Target::key).collect();
    let fits =
        seen.contains("pb_funding_18m") && (seen.contains("org_name") || seen.contains("org_type"));
    fits.then_some(Header {
        last_row: if two_rows { first + 1 } else { first },
        columns,
        periods,
    })
}

/// This kind's rows in a sheet, or `None` when the sheet is not its kind's.
fn read_grid(grid: &Grid, words: &ValueWords, report: &mut Vec<String>) -> Found {
    let schema = super::schema();
    let h = find_header(grid, schema)?;
    let extras: Vec<String> = h
        .columns
        .iter()
        .flatten()
        .filter_map(|t| match t {
            Target::Extra(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    if !extras.is_empty() {
        report.push(format!(
            "columns kept as extra_*, not read as answers: {}",
            extras.join(", ")
        ));
    }
    let rows: Rows = (h.last_row + 1..grid.rows.len())
        .filter_map(|r| read_row(grid, r, &h, words))
        .map(|raw| (raw, Layout::Batch))
        .collect();
    if rows.is_empty() {
        return Some(Err(IngestError::NoDataRows));
    }
    Some(Ok(rows))
}

/// Whether an option's cell ticks it: anything but a blank or a
/// not-ticked word (the survey tool writes the option's own text).
fn ticks(cell: &Cell, words: &ValueWords) -> bool {
    let t = cell.display();
    let t = t.trim();
    !t.is_empty()
        && !words
            .not_ticked
            .iter()
            .any(|w| normalise(w) == normalise(t))
}

fn read_row(grid: &Grid, r: usize, h: &Header, words: &ValueWords) -> Option<RawReturn> {
    let mut raw = RawReturn {
        location: grid.row_location(r),
        ..RawReturn::default()
    };
    raw.prompt_periods.extend(h.periods.iter().cloned());
    let mut any = false;
    // Ticked options per multi-select question (BTreeMap: a stable order).
    let mut ticked: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (c, target) in h.columns.iter().enumerate() {
        let cell = grid.get(r, c);
        if cell.is_empty() {
            continue;
        }
        any = true;
        let Some(target) = target else { continue };
        match target {
            Target::Field(key) => {
                raw.cells.insert(key.clone(), cell.clone());
            }
            Target::Comment(key) => {
                let joined = match raw.cells.get(key) {
                    Some(prev) => format!("{}; {}", prev.display(), cell.display()),
                    None => cell.display(),
                };
                raw.cells.insert(key.clone(), Cell::Text(joined));
            }
            Target::Option { prefix, code } => {
                if ticks(cell, words) {
                    ticked.entry(prefix.clone()).or_default().push(code.clone());
                } else {
                    ticked.entry(prefix.clone()).or_default();
                }
            }
            Target::OtherText(prefix) => {
                raw.cells
                    .insert(format!("{prefix}_other_text"), Cell::Text(cell.display()));
                ticked
                    .entry(prefix.clone())
                    .or_default()
                    .push("other".to_string());
            }
            Target::Extra(name) => {
                raw.extras.insert(name.clone(), cell.display());
            }
        }
    }
    for (prefix, codes) in ticked {
        // One column per option: its ticks are the question's answer,
        // unless a `;` column gave it too (that one is read as written).
        if !codes.is_empty() && !raw.cells.contains_key(&prefix) {
            raw.cells.insert(prefix, Cell::Text(codes.join(";")));
        }
    }
    any.then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: String::new(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(t.to_string())
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    fn words() -> &'static ValueWords {
        &crate::ingest::Schema::builtin().values
    }

    #[test]
    fn a_two_row_header_reads_items_under_their_questions() {
        let g = grid(&[
            &[
                "Respondent ID",
                "1. What is the name of your organisation?",
                "7. What type of employment support does your organisation provide? Please select all that apply.",
                "",
                "",
                "9. In the last 18 months has any of the funding for your supported employment service come through a social care Personal Budget?",
                "10. Roughly how many people used Personal Budgets to purchase employment support in your organisation:",
                "",
            ],
            &[
                "",
                "Open-Ended Response",
                "Individualised job support Targeted support focused on finding a job",
                "Work preparation Developing skills",
                "Other (please specify)",
                "Response",
                "In the financial year 2012-13?",
                "Since April 2013 to date?",
            ],
            &[
                "101",
                "Acme Jobs",
                "Individualised job support Targeted support focused on finding a job",
                "",
                "job clubs",
                "Yes (goes to question 10)",
                "4",
                "6",
            ],
        ]);
        let mut report = Vec::new();
        let rows = read_grid(&g, words(), &mut report)
            .expect("its kind")
            .expect("rows");
        assert_eq!(rows.len(), 1);
        let cells = &rows[0].0.cells;
        let text = |k: &str| cells.get(k).map(Cell::display);
        assert_eq!(text("response_id").as_deref(), Some("101"));
        assert_eq!(text("org_name").as_deref(), Some("Acme Jobs"));
        assert_eq!(
            text("provides").as_deref(),
            Some("individual_job_support;other")
        );
        assert_eq!(text("provides_other_text").as_deref(), Some("job clubs"));
        assert_eq!(text("pb_users_last_fy").as_deref(), Some("4"));
        assert_eq!(text("pb_users_ytd").as_deref(), Some("6"));
        assert!(rows[0].0.prompt_periods.contains("2012/13"));
    }

    #[test]
    fn a_sheet_of_another_kind_is_passed_on() {
        let g = grid(&[&["service_name", "people_total"], &["A", "3"]]);
        assert!(read_grid(&g, words(), &mut Vec::new()).is_none());
    }
}
