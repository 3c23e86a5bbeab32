//! Writing workbooks: one small description of a sheet, turned into xlsx
//! bytes by rust_xlsxwriter. Used by the template, the demo returns and
//! exports, so each writes cells and nothing else.

use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Workbook, XlsxError};

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Text(String),
    Number(f64),
    /// A real spreadsheet date (year, month, day).
    Date(u16, u8, u8),
}

impl From<&str> for Out {
    fn from(s: &str) -> Out {
        Out::Text(s.to_string())
    }
}
impl From<String> for Out {
    fn from(s: String) -> Out {
        Out::Text(s)
    }
}
impl From<f64> for Out {
    fn from(n: f64) -> Out {
        Out::Number(n)
    }
}

#[derive(Debug, Clone, Default)]
pub struct SheetOut {
    pub name: String,
    /// (row, column, value, bold), zero-based.
    pub cells: Vec<(u32, u16, Out, bool)>,
    /// Column widths in characters.
    pub widths: Vec<(u16, f64)>,
    pub hidden_columns: Vec<u16>,
    /// Drop-down lists of answers: (row, column, choices).
    pub lists: Vec<(u32, u16, Vec<String>)>,
}

impl SheetOut {
    /// A `Notes` sheet: one line a row down a wide first column, bold
    /// where marked; an empty line leaves its row blank.
    pub fn notes(lines: &[(&str, bool)]) -> SheetOut {
        let mut notes = SheetOut::new("Notes");
        notes.widths.push((0, 110.0));
        for (i, (text, bold)) in lines.iter().enumerate() {
            if *bold {
                notes.put_bold(i as u32, 0, *text);
            } else if !text.is_empty() {
                notes.put(i as u32, 0, *text);
            }
        }
        notes
    }

    pub fn new(name: &str) -> SheetOut {
        SheetOut {
            name: name.to_string(),
            ..SheetOut::default()
        }
    }

    pub fn put(&mut self, row: u32, col: u16, value: impl Into<Out>) {
        self.cells.push((row, col, value.into(), false));
    }

    pub fn put_bold(&mut self, row: u32, col: u16, value: impl Into<Out>) {
        self.cells.push((row, col, value.into(), true));
    }
}

pub fn workbook_bytes(sheets: &[SheetOut]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name)?;
        for (col, width) in &sheet.widths {
            ws.set_column_width(*col, *width)?;
        }
        for col in &sheet.hidden_columns {
            ws.set_column_hidden(*col)?;
        }
        for (row, col, choices) in &sheet.lists {
            let list = DataValidation::new().allow_list_strings(choices)?;
            ws.add_data_validation(*row, *col, *row, *col, &list)?;
        }
        for (row, col, value, is_bold) in &sheet.cells {
            let (row, col) = (*row, *col);
            match value {
                Out::Text(t) if *is_bold => ws.write_string_with_format(row, col, t, &bold)?,
                Out::Text(t) if t.len() > 60 => ws.write_string_with_format(row, col, t, &wrap)?,
                Out::Text(t) => ws.write_string(row, col, t)?,
                Out::Number(n) => ws.write_number(row, col, *n)?,
                Out::Date(y, m, d) => ws.write_datetime_with_format(
                    row,
                    col,
                    &ExcelDateTime::from_ymd(*y, *m, *d)?,
                    &date,
                )?,
            };
        }
    }
    wb.save_to_buffer()
}
