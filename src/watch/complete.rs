//! Does a file look whole? A file still being written by a slow writer
//! can sit unchanged for longer than the settle window between two chunks;
//! its shape then says it is not finished: a CSV that stops mid-row, a
//! workbook (a zip) without its closing directory, an old `.xls` that is
//! not whole sectors. Such a file waits longer before it is taken.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// How far from its end a zip's closing record can be: 22 bytes plus a
/// comment of up to 65,535.
const ZIP_TAIL: u64 = 22 + 65_535;
/// How much of a CSV's start and end is looked at.
const CSV_PEEK: u64 = 64 * 1024;

/// Whether the file at `path` looks cut short. Unknown kinds, and files
/// that cannot be read, look whole (reading them will say what is wrong).
pub fn looks_cut_short(path: &Path) -> bool {
    let ext = crate::ingest::extension(&path.to_string_lossy());
    let Ok(mut file) = File::open(path) else {
        return false;
    };
    let Ok(size) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    if size == 0 {
        return true;
    }
    match ext.as_str() {
        "csv" | "tsv" | "txt" => {
            let (Some(head), Some(tail)) = (
                read_at(&mut file, 0, CSV_PEEK.min(size)),
                read_at(&mut file, size.saturating_sub(CSV_PEEK), CSV_PEEK.min(size)),
            ) else {
                return false;
            };
            csv_cut_short(&head, &tail)
        }
        "xlsx" | "xlsm" | "xlsb" | "ods" => {
            let n = ZIP_TAIL.min(size);
            read_at(&mut file, size - n, n).is_some_and(|tail| !has_zip_end(&tail))
        }
        // An OLE compound file is whole 512-byte sectors.
        "xls" => !size.is_multiple_of(512),
        _ => false,
    }
}

fn read_at(file: &mut File, offset: u64, len: u64) -> Option<Vec<u8>> {
    let mut buf = Vec::with_capacity(len as usize);
    file.seek(SeekFrom::Start(offset)).ok()?;
    file.take(len).read_to_end(&mut buf).ok()?;
    Some(buf)
}

fn has_zip_end(tail: &[u8]) -> bool {
    tail.windows(4).any(|w| w == b"PK\x05\x06")
}

/// A CSV is cut short when it does not end with a line break, or its last
/// line has fewer separators than its header (a row stopped part way).
fn csv_cut_short(head: &[u8], tail: &[u8]) -> bool {
    if !tail.ends_with(b"\n") {
        return true;
    }
    let first = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let body = &tail[..tail.len() - 1];
    let last = body.rsplit(|b| *b == b'\n').next().unwrap_or_default();
    let sep = [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|s| separators(first, *s))
        .unwrap_or(b',');
    // A quoted field may hold a line break, so a last line inside quotes
    // says nothing; only a plain short line counts.
    !last.contains(&b'"') && separators(last, sep) < separators(first, sep)
}

fn separators(line: &[u8], sep: u8) -> usize {
    let mut quoted = false;
    line.iter()
        .filter(|b| {
            if **b == b'"' {
                quoted = !quoted;
            }
            **b == sep && !quoted
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cut_mid_row_or_without_its_last_line_break_looks_short() {
        let whole = b"service_name,people_total,cost\nA,10,100\nB,20,200\n";
        assert!(!csv_cut_short(whole, whole));
        assert!(csv_cut_short(whole, b"A,10,100\nB,20,2"));
        assert!(csv_cut_short(whole, b"A,10,100\nB,20\n"));
        // A last line inside quotes is not judged.
        assert!(!csv_cut_short(whole, b"A,10,100\n\"B\nC\"\n"));
        // Semicolons, as European Excel writes.
        let semi = b"a;b;c\n1;2;3\n";
        assert!(!csv_cut_short(semi, semi));
        assert!(csv_cut_short(semi, b"a;b;c\n1;2\n"));
    }

    #[test]
    fn a_workbook_without_its_closing_record_looks_short() {
        let dir = tempfile::tempdir().expect("tempdir");
        let whole = dir.path().join("a.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet()
            .write_string(0, 0, "service_name")
            .expect("cell");
        book.save(&whole).expect("save");
        assert!(!looks_cut_short(&whole));
        let bytes = std::fs::read(&whole).expect("read");
        let cut = dir.path().join("b.xlsx");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("write");
        assert!(looks_cut_short(&cut));
        let xls = dir.path().join("c.xls");
        std::fs::write(&xls, vec![0u8; 1000]).expect("write");
        assert!(looks_cut_short(&xls));
    }
}
