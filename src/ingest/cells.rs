//! A sheet as the readers see it: a grid of typed cells, whatever file it
//! came from (xlsx, xls, ods or CSV).

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A spreadsheet date (Excel stores `2011/12` typed in a cell as 1 Dec 2011).
    Date(NaiveDate),
    Bool(bool),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, for labels and headers.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t.as_str()),
            _ => None,
        }
    }

    /// The cell as it would be shown, for messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

pub use crate::format::{number as format_number, thousands};

/// One sheet (or one CSV file): rows of cells at their real positions.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// Where row `r` (0-based) is, as a return's location says it:
    /// "row 5" in a CSV, "sheet 'Return' row 5" in a workbook.
    pub fn row_location(&self, r: usize) -> String {
        if self.name.is_empty() {
            format!("row {}", r + 1)
        } else {
            format!("sheet '{}' row {}", self.name, r + 1)
        }
    }

    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// Index of the first row with any non-empty cell.
    pub fn first_nonempty_row(&self) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.iter().any(|c| !c.is_empty()))
    }

    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Excel serial day number (1900 date system) to a calendar date.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 60 is Excel's phantom 29 Feb 1900; after it, counting from
    // 30 Dec 1899 is exact.
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor() as i64;
    let days = if days < 60 { days + 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1204), "1,204");
        assert_eq!(thousands(-5000), "-5,000");
        assert_eq!(thousands(263132000), "263,132,000");
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            excel_serial_to_date(40878.0),
            NaiveDate::from_ymd_opt(2011, 12, 1)
        );
        assert_eq!(
            excel_serial_to_date(1.0),
            NaiveDate::from_ymd_opt(1900, 1, 1)
        );
        assert_eq!(excel_serial_to_date(-3.0), None);
    }
}
