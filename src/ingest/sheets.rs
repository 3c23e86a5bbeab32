//! The sheet readers behind [`super::read_bytes`]: each kind's batch sheets
//! (survey exports, contract monitoring, person records) and the service
//! layouts, sheet by sheet.

use super::*;

/// A sheet of person records (its header names person_id, site and
/// cohort): identifier columns are blanked first, columns that are not
/// fields are dropped (never kept as `extra_*`), and both are listed.
pub(super) fn read_person(
    grid: &Grid,
    report: &mut Vec<String>,
    stripped: &mut Vec<privacy::Stripped>,
) -> Option<Result<Vec<(RawReturn, Layout)>, IngestError>> {
    let fields = form_schema::FormSchema::person();
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
            (r, Layout::PersonBatch)
        })
        .collect();
    if rows.is_empty() {
        return Some(Err(IngestError::NoDataRows));
    }
    Some(Ok(rows))
}

/// The header of a provider contract batch: it names the provider, the
/// area and the client group.
pub(super) fn contract_header(grid: &Grid) -> Option<layout_batch::BatchHeader> {
    let schema = form_schema::FormSchema::provider_contract();
    layout_batch::header_with(
        grid,
        |text| schema.field_by_label(text).map(|f| f.key.clone()),
        |seen| {
            ["provider", "area", "client_group"]
                .iter()
                .all(|k| seen.contains(*k))
        },
    )
}

/// Provider contract batch sheets in a workbook: `None` when no sheet has
/// a contract header, `NoDataRows` when one has but no rows beneath.
pub(super) fn read_contract_sheets(
    grids: &[Grid],
    report: &mut Vec<String>,
) -> Option<Result<Vec<(RawReturn, Layout)>, IngestError>> {
    let mut out = Vec::new();
    let mut headers = 0;
    for grid in grids {
        if let Some(h) = contract_header(grid) {
            headers += 1;
            report.extend(extras_report(&h));
            out.extend(
                layout_batch::read(grid, &h)
                    .into_iter()
                    .map(|r| (r, Layout::ContractBatch)),
            );
        }
    }
    match (headers, out.is_empty()) {
        (0, _) => None,
        (_, true) => Some(Err(IngestError::NoDataRows)),
        _ => Some(Ok(out)),
    }
}

/// A workbook holding the commissioner survey: export sheets (one row per
/// response), else paper forms (one response per sheet that is one).
pub(super) fn read_survey_sheets(
    grids: &[Grid],
    survey: &survey::FormSchema,
    words: &schema::ValueWords,
    report: &mut Vec<String>,
) -> Option<Vec<(RawReturn, Layout)>> {
    let mut out = Vec::new();
    for grid in grids {
        if let Some(h) = survey::batch_header(grid, survey) {
            report.extend(extras_report(&h));
            out.extend(
                layout_batch::read(grid, &h)
                    .into_iter()
                    .map(|r| (r, Layout::SurveyBatch)),
            );
        }
    }
    if out.is_empty() {
        for grid in grids {
            match survey::form::read(grid, survey, words, report) {
                Some(raw) => out.push((raw, Layout::SurveyForm)),
                None if grids.len() > 1 => report.push(format!(
                    "sheet '{}' is not a survey form; skipped",
                    grid.name
                )),
                None => {}
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A workbook: a template `Return` sheet, else batch sheets, else study
/// forms (one return per sheet that is one).
pub(super) fn read_sheets(
    grids: &[Grid],
    schema: &Schema,
    report: &mut Vec<String>,
) -> Result<Vec<(RawReturn, Layout)>, IngestError> {
    let template = grids
        .iter()
        .filter(|g| g.name.eq_ignore_ascii_case("return"))
        .chain(grids.iter())
        .find_map(|g| layout_template::header(g).map(|h| (g, h)));
    if let Some((grid, h)) = template {
        let raw = layout_template::read(grid, &h, schema, report);
        if raw.cells.contains_key("service_name") && raw.cells.contains_key("people_total") {
            return Ok(vec![(raw, Layout::Template)]);
        }
    }
    let mut out = Vec::new();
    let mut header_only = false;
    for grid in grids {
        if let Some(h) = layout_batch::header(grid, schema) {
            report.extend(extras_report(&h));
            let rows = layout_batch::read(grid, &h);
            header_only |= rows.is_empty();
            out.extend(rows.into_iter().map(|r| (r, Layout::Batch)));
        }
    }
    if !out.is_empty() {
        return Ok(out);
    }
    if header_only {
        return Err(IngestError::NoDataRows);
    }
    for grid in grids {
        let mut sheet_report = Vec::new();
        match layout_form::read(grid, schema, &mut sheet_report) {
            Some(raw) => {
                report.extend(
                    sheet_report
                        .into_iter()
                        .map(|l| format!("sheet '{}' {l}", grid.name)),
                );
                out.push((raw, Layout::StudyForm));
            }
            None if grids.len() > 1 => {
                report.push(format!("sheet '{}' is not a return; skipped", grid.name))
            }
            None => {}
        }
    }
    if out.is_empty() {
        return Err(not_a_return(schema));
    }
    Ok(out)
}

pub(super) fn extras_report(h: &layout_batch::BatchHeader) -> Vec<String> {
    layout_batch::extra_columns(h)
        .into_iter()
        .map(|c| format!("column kept as {c} (not a field of the return)"))
        .collect()
}

pub(super) fn not_a_return(schema: &Schema) -> IngestError {
    let q = |k: &str| {
        schema
            .field(k)
            .map(|f| f.question.clone())
            .unwrap_or_default()
    };
    IngestError::NotAReturn {
        missing: "both the service name and the number of people supported (a service return), or the authority and Table 1 (a commissioner survey)".into(),
        looked_for: format!(
            "\"service_name\" / \"{}\" and \"people_total\" / \"{}\"; \"authority\" / \"Authority Name:\" and \"spend_social_care_2011_12\" / \"TABLE 1\"",
            q("service_name"),
            q("people_total")
        ),
    }
}
