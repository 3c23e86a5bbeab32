//! Writing results tables for people to open: CSV, parquet and xlsx. Text
//! that a spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`,
//! tab or carriage return) is neutralised with a leading apostrophe, so a
//! return cannot smuggle a formula into the commissioner's spreadsheet.

use std::borrow::Cow;

use polars::prelude::*;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("building the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("reading the table: {0}")]
    Polars(#[from] PolarsError),
}

pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The table with every text cell neutralised.
pub fn neutralised(df: &DataFrame) -> PolarsResult<DataFrame> {
    let columns = df
        .columns()
        .iter()
        .map(|c| {
            if c.dtype() == &DataType::String {
                let ca = c.str()?;
                let values: Vec<Option<String>> = (0..ca.len())
                    .map(|i| ca.get(i).map(|s| neutralise(s).into_owned()))
                    .collect();
                Ok(Column::new(c.name().clone(), values))
            } else {
                Ok(c.clone())
            }
        })
        .collect::<PolarsResult<Vec<Column>>>()?;
    DataFrame::new(df.height(), columns)
}

/// How a column is shown in a spreadsheet, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Money,
    Rate,
    Number,
    Count,
    Other,
}

pub fn column_kind(name: &str, dtype: &DataType) -> Kind {
    if !dtype.is_primitive_numeric() {
        return Kind::Other;
    }
    let stat_free = [
        "mean_", "median_", "min_", "max_", "sd_", "pooled_", "change_",
    ]
    .iter()
    .fold(name, |n, p| n.strip_prefix(p).unwrap_or(n));
    if name.starts_with("n_") || name == "n" || name == "services" {
        Kind::Count
    } else if name == "change_cost_per_outcome"
        || stat_free.starts_with("outcome_rate")
        || stat_free.starts_with("share_")
        || stat_free.starts_with("p_support_")
    {
        Kind::Rate
    } else if stat_free.contains("cost") {
        Kind::Money
    } else if dtype.is_integer() {
        Kind::Count
    } else {
        Kind::Number
    }
}

/// One sheet per table, headers bold and frozen, figures formatted.
pub fn xlsx_bytes(tables: &[(String, DataFrame)]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("£#,##0");
    let rate = Format::new().set_num_format("0.0%");
    let number = Format::new().set_num_format("0.00");
    let count = Format::new().set_num_format("#,##0");
    // (sheet, row, column, characters) of every text cut to fit.
    let mut cut: Vec<(String, u32, String, usize)> = Vec::new();
    for (name, df) in tables {
        let ws = wb.add_worksheet();
        ws.set_name(name.chars().take(31).collect::<String>())?;
        ws.set_freeze_panes(1, 0)?;
        for (c, col) in df.columns().iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, col.name().as_str(), &bold)?;
            ws.set_column_width(c, (col.name().len() as f64 + 2.0).clamp(10.0, 40.0))?;
            let kind = column_kind(col.name(), col.dtype());
            let format = match kind {
                Kind::Money => Some(&money),
                Kind::Rate => Some(&rate),
                Kind::Number => Some(&number),
                Kind::Count => Some(&count),
                Kind::Other => None,
            };
            if let (Some(fmt), true) = (format, col.dtype().is_primitive_numeric()) {
                let values = col.cast(&DataType::Float64)?;
                let values = values.f64()?;
                for (r, v) in (0..values.len()).map(|i| (i, values.get(i))) {
                    if let Some(v) = v.filter(|v| v.is_finite()) {
                        ws.write_number_with_format(r as u32 + 1, c, v, fmt)?;
                    }
                }
            } else if col.dtype() == &DataType::Boolean {
                let values = col.bool()?;
                for r in 0..values.len() {
                    if let Some(b) = values.get(r) {
                        ws.write_boolean(r as u32 + 1, c, b)?;
                    }
                }
            } else {
                let values = col.cast(&DataType::String)?;
                let values = values.str()?;
                for r in 0..values.len() {
                    if let Some(t) = values.get(r) {
                        let t = neutralise(t);
                        let (text, whole) = fit_cell(&t);
                        if let Some(whole) = whole {
                            cut.push((name.clone(), r as u32 + 2, col.name().to_string(), whole));
                        }
                        ws.write_string(r as u32 + 1, c, text)?;
                    }
                }
            }
        }
    }
    let mut notes = figure_notes(tables);
    notes.extend(cut.into_iter().map(|(sheet, row, column, whole)| {
        (
            sheet,
            Some(row),
            column,
            format!(
                "text of {whole} characters cut to Excel's limit of {EXCEL_CELL_CHARS}; a CSV export holds it whole"
            ),
        )
    }));
    if !notes.is_empty() {
        let sheet = wb.add_worksheet();
        sheet.set_name("Notes")?;
        sheet.set_freeze_panes(1, 0)?;
        for (c, head) in ["sheet", "row", "column", "note"].iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *head, &bold)?;
        }
        sheet.set_column_width(2, 28.0)?;
        sheet.set_column_width(3, 120.0)?;
        for (i, (name, row, column, note)) in notes.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, name)?;
            if let Some(row) = row {
                sheet.write_number(r, 1, *row)?;
            }
            sheet.write_string(r, 2, column)?;
            sheet.write_string(r, 3, note)?;
        }
    }
    Ok(wb.save_to_buffer()?)
}

/// (sheet, row, column, note) for every column a figure of the registry
/// explains: what it is, how it is made, and how many rows have a value.
pub type Note = (String, Option<u32>, String, String);

pub fn figure_notes(tables: &[(String, DataFrame)]) -> Vec<Note> {
    let Ok(registry) = crate::figures::registry() else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for (name, df) in tables {
        for col in df.columns() {
            let Ok(m) = registry.meaning(name, col.name()) else {
                continue;
            };
            let given = col.len() - col.null_count();
            notes.push((
                name.clone(),
                None,
                col.name().to_string(),
                format!(
                    "{}: {}. Method: {}. n: {given} of {} rows have a value. Computed by {}.",
                    m.metric.label,
                    m.metric.definition,
                    m.method,
                    df.height(),
                    m.table.model
                ),
            ));
        }
    }
    notes
}

/// The most characters Excel holds in one cell.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// The text as it fits in a cell, and its full length in characters when
/// it had to be cut.
fn fit_cell(text: &str) -> (&str, Option<usize>) {
    match text.char_indices().nth(EXCEL_CELL_CHARS) {
        Some((at, _)) => (&text[..at], Some(text.chars().count())),
        None => (text, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_excels_limit_is_cut_and_noted() {
        let long = "é".repeat(EXCEL_CELL_CHARS + 5);
        let (text, whole) = fit_cell(&long);
        assert_eq!(text.chars().count(), EXCEL_CELL_CHARS);
        assert_eq!(whole, Some(EXCEL_CELL_CHARS + 5));
        assert_eq!(fit_cell("short"), ("short", None));
        let df = df!("note" => [long.as_str(), "short"]).unwrap_or_default();
        let bytes = xlsx_bytes(&[("t".to_string(), df)]);
        assert!(bytes.is_ok_and(|b| !b.is_empty()));
    }

    #[test]
    fn formula_prefixes_are_neutralised() {
        for s in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert!(neutralise(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(neutralise("Stockport"), "Stockport");
    }

    #[test]
    fn kinds_from_names() {
        let f = DataType::Float64;
        assert_eq!(column_kind("cost_per_person", &f), Kind::Money);
        assert_eq!(column_kind("mean_total_cost", &f), Kind::Money);
        assert_eq!(
            column_kind("n_cost_per_person", &DataType::UInt32),
            Kind::Count
        );
        assert_eq!(column_kind("pooled_outcome_rate", &f), Kind::Rate);
        assert_eq!(column_kind("sd_share_new", &f), Kind::Rate);
        assert_eq!(column_kind("per100_new", &f), Kind::Number);
        assert_eq!(column_kind("people_total", &DataType::Int64), Kind::Count);
        assert_eq!(column_kind("commissioner", &DataType::String), Kind::Other);
    }
}
