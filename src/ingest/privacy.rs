//! Keeping person records pseudonymous (`../shared/returns/person.md` §3):
//! which columns of a person file hold identifiers — by their header (name,
//! address, postcode, NI or NHS number, date of birth) or by any value that
//! looks like an NI number, an NHS number or a full UK postcode. Such a
//! column is blanked before anything reads it, so none of its values is kept
//! anywhere; the archived file stays as received.

use super::cells::{Cell, Grid};
use super::text::normalise;

/// Headers (normalised) that name an identifier.
const IDENTIFIER_HEADERS: &[&str] = &[
    "name",
    "first name",
    "forename",
    "surname",
    "family name",
    "full name",
    "client name",
    "service user name",
    "address",
    "postcode",
    "ni number",
    "national insurance number",
    "nino",
    "nhs number",
    "date of birth",
    "dob",
];

/// A column taken out of a person file.
#[derive(Debug, Clone, PartialEq)]
pub struct Stripped {
    /// The header as written.
    pub header: String,
    /// Non-blank cells removed.
    pub removed: usize,
    pub why: &'static str,
}

/// Blank every identifier column of `grid` below and including
/// `header_row`; returns what was taken out.
pub fn strip_identifiers(grid: &mut Grid, header_row: usize) -> Vec<Stripped> {
    let width = grid.width();
    let mut out = Vec::new();
    for col in 0..width {
        let header = grid.get(header_row, col).display();
        let values = || (header_row + 1..grid.rows.len()).map(move |r| (r, col));
        let why = if IDENTIFIER_HEADERS.contains(&normalise(&header).as_str()) {
            Some("its header names an identifier")
        } else {
            values().find_map(|(r, c)| identifier_kind(&grid.get(r, c).display()))
        };
        let Some(why) = why else { continue };
        let mut removed = 0;
        for r in header_row..grid.rows.len() {
            if let Some(cell) = grid.rows[r].get_mut(col) {
                if r > header_row && !cell.is_empty() {
                    removed += 1;
                }
                *cell = Cell::Empty;
            }
        }
        out.push(Stripped {
            header,
            removed,
            why,
        });
    }
    out
}

/// What kind of identifier a value looks like, if any.
pub fn identifier_kind(value: &str) -> Option<&'static str> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_uppercase();
    if is_ni_number(&compact) {
        Some("a value looks like a National Insurance number")
    } else if compact.len() == 10 && compact.chars().all(|c| c.is_ascii_digit()) {
        Some("a value looks like an NHS number")
    } else if is_postcode(&compact) {
        Some("a value looks like a full postcode")
    } else {
        None
    }
}

/// Two letters, six digits, a letter A-D (spaces already removed).
fn is_ni_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..8].iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(&b[8])
}

/// A full UK postcode, spaces removed: outward code A9, A99, AA9, AA99,
/// A9A or AA9A, then inward code 9AA.
fn is_postcode(s: &str) -> bool {
    let b = s.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return false;
    }
    let (out, inward) = b.split_at(b.len() - 3);
    let inward_ok = inward[0].is_ascii_digit() && inward[1..].iter().all(u8::is_ascii_uppercase);
    let shape: String = out
        .iter()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_uppercase() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    inward_ok && ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].contains(&shape.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_recognised_and_ids_are_not() {
        assert!(identifier_kind("QQ 12 34 56 C").is_some());
        assert!(identifier_kind("943 476 5919").is_some());
        assert!(identifier_kind("SW1A 1AA").is_some());
        assert!(identifier_kind("m1 1ae").is_some());
        for fine in ["JF-014", "P0007", "Newham", "16", "2011/12", "AB12", "SW1A"] {
            assert_eq!(identifier_kind(fine), None, "{fine}");
        }
    }

    #[test]
    fn a_name_column_and_a_postcode_column_are_blanked() {
        let text = |s: &str| Cell::Text(s.into());
        let mut g = Grid {
            name: String::new(),
            rows: vec![
                vec![text("person_id"), text("Name"), text("Home"), text("site")],
                vec![
                    text("P1"),
                    text("Ann Smith"),
                    text("SW1A 1AA"),
                    text("Newham"),
                ],
                vec![text("P2"), Cell::Empty, text("E15 4HT"), text("Newham")],
            ],
        };
        let stripped = strip_identifiers(&mut g, 0);
        assert_eq!(stripped.len(), 2);
        assert_eq!(
            (stripped[0].header.as_str(), stripped[0].removed),
            ("Name", 1)
        );
        assert_eq!(
            (stripped[1].header.as_str(), stripped[1].removed),
            ("Home", 2)
        );
        let all: Vec<String> = g.rows.iter().flatten().map(Cell::display).collect();
        assert!(
            !all.iter()
                .any(|v| v.contains("Ann") || v.contains("SW1A") || v == "Name")
        );
        assert_eq!(g.get(1, 3).display(), "Newham");
    }
}
