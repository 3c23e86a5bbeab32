//! The service return's sheet readers (template, batch and study-form
//! sheets), and the messages every kind's readers share.

use super::*;

/// A workbook: a template `Return` sheet, else batch sheets, else study
/// forms (one return per sheet that is one).
pub fn read_sheets(
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

pub fn extras_report(h: &layout_batch::BatchHeader) -> Vec<String> {
    layout_batch::extra_columns(h)
        .into_iter()
        .map(|c| format!("column kept as {c} (not a field of the return)"))
        .collect()
}

pub fn not_a_return(schema: &Schema) -> IngestError {
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
