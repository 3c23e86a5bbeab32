//! CSV (and tab-separated) files to a [`Grid`]: encoding (UTF-8 with or
//! without BOM, UTF-16 from Excel's "Unicode text", else Windows-1252) and
//! delimiter (`,` `;` tab) are detected.

use super::cells::{Cell, Grid};
use super::{IngestError, ReadLimits};

pub fn read_csv(bytes: &[u8], name: &str, limits: &ReadLimits) -> Result<Grid, IngestError> {
    let text = decode(bytes)?;
    let delimiter = detect_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells: u64 = 0;
    let mut filled = 0usize;
    let most_rows = limits.max_returns_per_file.saturating_add(HEADER_ROWS);
    for record in reader.records() {
        let record = record.map_err(|e| IngestError::Corrupt {
            detail: format!("the CSV cannot be read ({e})"),
        })?;
        if record.iter().any(|f| !f.trim().is_empty()) {
            filled += 1;
        }
        // Far more rows than a file may hold returns: count the rest
        // without keeping them, and refuse before anything is built.
        if filled > most_rows {
            continue;
        }
        cells += record.len() as u64;
        if cells > limits.max_cells {
            return Err(IngestError::TooManyCells {
                sheet: name.to_string(),
                cells,
                limit: limits.max_cells,
            });
        }
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        );
    }
    if filled > most_rows {
        return Err(IngestError::TooManyReturns {
            // The first filled row is taken to be the header.
            returns: filled - 1,
            limit: limits.max_returns_per_file,
        });
    }
    Ok(Grid {
        name: name.to_string(),
        rows,
    })
}

/// Rows above a CSV's data (titles, a two-row header) allowed beyond
/// `max_returns_per_file` before the file is refused unread.
const HEADER_ROWS: usize = 20;

fn decode(bytes: &[u8]) -> Result<String, IngestError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Ok(String::from_utf8_lossy(rest).into_owned());
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Ok(encoding_rs::UTF_16LE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned());
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Ok(encoding_rs::UTF_16BE
            .decode_with_bom_removal(bytes)
            .0
            .into_owned());
    }
    if bytes.contains(&0) {
        return Err(IngestError::NotSpreadsheet {
            detail: "it contains binary data, not text".into(),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

/// The delimiter that occurs most often outside quotes on the first line.
fn detect_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut in_quotes = false;
    for b in first.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            for (d, n) in counts.iter_mut() {
                if *d == b {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(d, n)| (*n, *d == b','))
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(detect_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("\"x;y\",b,c"), b',');
    }

    #[test]
    fn encodings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa").ok(), Some("a".to_string()));
        assert_eq!(decode(b"\xA3263").ok(), Some("£263".to_string()));
        assert!(decode(b"a\0b").is_err());
    }
}
