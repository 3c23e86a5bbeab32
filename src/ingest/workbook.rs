//! Spreadsheet files (xlsx, xlsm, xls, xlsb, ods) to [`Grid`]s, read from
//! bytes already in memory (the same bytes that were hashed), with the
//! size guards applied before any XML is parsed.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Ods, Reader, Xls, Xlsb, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;

use super::cells::{Cell, Grid, excel_serial_to_date};
use super::{IngestError, ReadLimits};

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn read_workbook(
    bytes: &[u8],
    ext: &str,
    limits: &ReadLimits,
) -> Result<Vec<Grid>, IngestError> {
    let cursor = Cursor::new(bytes);
    if bytes.starts_with(CFB_MAGIC) {
        // An OLE container: a real .xls, or an encrypted xlsx (Office wraps
        // password-protected workbooks in one).
        return match open_workbook_from_rs::<Xls<_>, _>(cursor) {
            Ok(wb) => grids(wb, limits),
            Err(_) if ext != "xls" => Err(IngestError::Encrypted),
            Err(e) => Err(IngestError::Corrupt {
                detail: e.to_string(),
            }),
        };
    }
    if !bytes.starts_with(b"PK") {
        return Err(IngestError::NotSpreadsheet {
            detail: describe_content(bytes),
        });
    }
    check_zip(bytes, limits)?;
    match ext {
        "ods" => grids(open(open_workbook_from_rs::<Ods<_>, _>(cursor))?, limits),
        "xlsb" => grids(open(open_workbook_from_rs::<Xlsb<_>, _>(cursor))?, limits),
        _ => grids(open(open_workbook_from_rs::<Xlsx<_>, _>(cursor))?, limits),
    }
}

fn open<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<T, IngestError> {
    r.map_err(|e| IngestError::Corrupt {
        detail: e.to_string(),
    })
}

/// Refuse zip bombs: the declared uncompressed size of every entry is summed
/// before anything is inflated.
fn check_zip(bytes: &[u8], limits: &ReadLimits) -> Result<(), IngestError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| IngestError::Corrupt {
            detail: format!("the zip container is damaged or truncated ({e})"),
        })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| IngestError::Corrupt {
            detail: format!("zip entry {i} is damaged ({e})"),
        })?;
        total = total.saturating_add(entry.size());
    }
    if total > limits.max_uncompressed_bytes {
        return Err(IngestError::Expands {
            size: total,
            limit: limits.max_uncompressed_bytes,
        });
    }
    Ok(())
}

fn grids<RS, R>(mut wb: R, limits: &ReadLimits) -> Result<Vec<Grid>, IngestError>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| IngestError::Corrupt {
                detail: format!("sheet '{name}' cannot be read ({e})"),
            })?;
        let (height, width) = range.get_size();
        let cells = (height as u64).saturating_mul(width as u64);
        if cells > limits.max_cells {
            return Err(IngestError::TooManyCells {
                sheet: name,
                cells,
                limit: limits.max_cells,
            });
        }
        let (row0, col0) = range
            .start()
            .map_or((0, 0), |(r, c)| (r as usize, c as usize));
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); row0];
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; col0];
            cells.extend(row.iter().map(to_cell));
            rows.push(cells);
        }
        out.push(Grid { name, rows });
    }
    Ok(out)
}

fn to_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match excel_serial_to_date(dt.as_f64()) {
            Some(date) if dt.is_datetime() => Cell::Date(date),
            _ => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// What a file that claims to be a spreadsheet seems to hold instead.
fn describe_content(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(512)];
    if head.starts_with(b"%PDF") {
        "it is a PDF document".into()
    } else if std::str::from_utf8(head).is_ok() || head.iter().all(|b| b.is_ascii()) {
        "it contains plain text (a CSV or text file renamed to a spreadsheet name?)".into()
    } else {
        "its contents are not an Excel or OpenDocument workbook".into()
    }
}
