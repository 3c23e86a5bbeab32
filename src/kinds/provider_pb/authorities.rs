//! The authorities a response names: Q4's list of areas served and Q11's
//! `<authority> <count>` pairs, split as people write them.

/// The names in a Q4 answer, in order: separated by `;`, `,` or line
/// breaks.
pub fn named(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for part in text.split([';', '\n', '\r']) {
        // "Bristol, City of" and "Herefordshire, County of" are one name:
        // a comma before "City of" / "County of" does not separate.
        let mut start = 0;
        for (i, _) in part.match_indices(',') {
            let next = part[i + 1..].trim_start().to_ascii_lowercase();
            if !(next.starts_with("city of") || next.starts_with("county of")) {
                out.push(&part[start..i]);
                start = i + 1;
            }
        }
        out.push(&part[start..]);
    }
    out.into_iter()
        .map(|s| s.trim().trim_end_matches('.').trim())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Q11's pairs: `Leeds: 6`, `Leeds - 6`, `Leeds 6`. A part without a
/// trailing number is kept with none (its authority named, no count).
pub fn pairs(text: &str) -> Vec<(String, Option<f64>)> {
    named(text)
        .into_iter()
        .map(|part| {
            let digits_from = part
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
                .last()
                .map(|(i, _)| i);
            match digits_from {
                Some(i) if i > 0 => {
                    let name = part[..i]
                        .trim()
                        .trim_end_matches([':', '-', '–', '='])
                        .trim();
                    (name.to_string(), part[i..].parse::<f64>().ok())
                }
                _ => (part.to_string(), None),
            }
        })
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_pairs_split_as_written() {
        assert_eq!(
            named("Leeds; Bradford,\nWakefield"),
            ["Leeds", "Bradford", "Wakefield"]
        );
        assert_eq!(
            pairs("Leeds: 6; Bradford - 2, Kirklees 1; Wakefield"),
            [
                ("Leeds".to_string(), Some(6.0)),
                ("Bradford".to_string(), Some(2.0)),
                ("Kirklees".to_string(), Some(1.0)),
                ("Wakefield".to_string(), None),
            ]
        );
    }
}
