//! Text normalisation shared by every reader: how labels, headers and
//! categories are compared, and how free text from a return is cleaned.

/// Lower case, `&` -> "and", punctuation -> space, white space collapsed.
pub fn normalise(text: &str) -> String {
    let lowered = text.to_lowercase().replace('&', " and ");
    let mut out = String::with_capacity(lowered.len());
    let mut pending_space = false;
    for ch in lowered.chars() {
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        } else {
            pending_space = true;
        }
    }
    out
}

/// A header without the question number a survey tool or a local copy
/// put before it: "Q7. Provider", "Q 7) Provider", "7. Provider",
/// "Question 7 - Provider" -> "Provider". A number must be followed by
/// `.`, `)`, `:` or `-` and a space, so "2011-12 spend" and "16-24" stay.
pub fn without_question_number(text: &str) -> &str {
    let t = text.trim_start();
    let lower = t.to_ascii_lowercase();
    let after_q = if lower.starts_with("question") {
        &t[8..]
    } else if lower.starts_with('q') {
        &t[1..]
    } else {
        t
    };
    let rest = after_q.trim_start();
    let digits = rest
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, c)| i + c.len_utf8());
    let Some(end) = digits else { return text };
    // An optional sub-question letter: "Q7a."
    let mut rest = &rest[end..];
    if let Some(c) = rest.chars().next().filter(|c| c.is_ascii_lowercase()) {
        rest = &rest[c.len_utf8()..];
    }
    let rest = rest.trim_start();
    match rest.chars().next() {
        Some('.' | ')' | ':' | '-') if rest[1..].starts_with(' ') => rest[1..].trim_start(),
        _ => text,
    }
}

/// `find` on a label, then on the label without its question number
/// ("Q7. Provider"), for the schemas' label lookups.
pub fn find_numbered<T>(label: &str, find: impl Fn(&str) -> Option<T>) -> Option<T> {
    find(label).or_else(|| {
        let bare = without_question_number(label);
        (bare.len() < label.len()).then(|| find(bare)).flatten()
    })
}

/// [`normalise`], then drop trailing year phrases ("in 2011-12 or 2012-13",
/// ": 2011/12", "in 2012/13") so a label matches whatever year it names.
/// Only year-shaped words go: "16-24" (an age band) stays.
pub fn normalise_label(text: &str) -> String {
    let norm = normalise(text);
    let mut words: Vec<&str> = norm.split(' ').collect();
    let is_year =
        |w: &str| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1990..=2100).contains(&y));
    let is_yy = |w: &str| (w.len() == 2 || w.len() == 4) && w.chars().all(|c| c.is_ascii_digit());
    let mut popped_year = false;
    loop {
        let n = words.len();
        if n < 2 {
            break;
        }
        let last = words[n - 1];
        if n >= 3 && is_yy(last) && is_year(words[n - 2]) {
            words.truncate(n - 2);
        } else if is_year(last) {
            words.pop();
        } else if popped_year && matches!(last, "or" | "and" | "to") && is_yy(words[n - 2]) {
            // only between two years: "2011/12 or 2012/13", "2011 to 2012"
            words.pop();
            continue;
        } else {
            break;
        }
        popped_year = true;
    }
    if popped_year
        && words.len() > 1
        && matches!(words.last(), Some(&("in" | "fy" | "for" | "during")))
    {
        words.pop();
    }
    words.join(" ")
}

/// The index of the wording a normalised label names: an exact match, else
/// the longest wording of three or more words the label starts with (local
/// copies of a form often add a note after the question). Shared by every
/// schema's label lookup.
pub fn find_wording(
    by_label: &std::collections::HashMap<String, usize>,
    norm: &str,
) -> Option<usize> {
    if norm.is_empty() {
        return None;
    }
    if let Some(&i) = by_label.get(norm) {
        return Some(i);
    }
    // The longest wording of three or more words that the text starts
    // with, followed by more words: each word-boundary prefix of the text,
    // longest first, looked up (not every wording tried in turn).
    norm.match_indices(' ')
        .map(|(pos, _)| &norm[..pos])
        .filter(|prefix| prefix.split(' ').count() >= 3)
        .rev()
        .find_map(|prefix| by_label.get(prefix).copied())
}

/// Trim and remove control characters (tabs and line breaks become spaces),
/// so no escape sequence from a return ever reaches a terminal or a sheet.
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '\t' | '\n' | '\r') {
            out.push(' ');
        } else if !ch.is_control() {
            out.push(ch);
        }
    }
    out.trim().to_string()
}

/// A slug for identities and file names: lowercase words joined by `-`.
pub fn slug(text: &str) -> String {
    normalise(text)
        .chars()
        .map(|c| if c == ' ' { '-' } else { c })
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_numbers_go_and_years_stay() {
        for (text, want) in [
            ("Q7. Provider", "Provider"),
            ("q 7) Provider", "Provider"),
            ("7. Provider", "Provider"),
            ("Question 12 - Client group", "Client group"),
            ("Q7a: Area", "Area"),
            ("2011-12 spend", "2011-12 spend"),
            ("16-24", "16-24"),
            ("Quality", "Quality"),
            ("Q7", "Q7"),
        ] {
            assert_eq!(without_question_number(text), want, "{text}");
        }
    }

    #[test]
    fn normalise_follows_the_contract() {
        assert_eq!(normalise("Homeless-ness"), "homeless ness");
        assert_eq!(normalise("Physical / Sensory"), "physical sensory");
        assert_eq!(normalise("Drug & Alcohol"), "drug and alcohol");
        assert_eq!(normalise("  Name/s:  "), "name s");
    }

    #[test]
    fn label_years_are_stripped() {
        assert_eq!(
            normalise_label("Overall number who received support in 2011-12 or 2012-13"),
            "overall number who received support"
        );
        assert_eq!(normalise_label("Total cost in 2011/12"), "total cost");
        assert_eq!(normalise_label("2012"), "2012");
        assert_eq!(normalise_label("People - 25-34"), "people 25 34");
        assert_eq!(
            normalise_label("relates to: 2011/12 or 2012/13"),
            "relates to"
        );
        assert_eq!(normalise_label("cost 2011 to 2012"), "cost");
    }

    #[test]
    fn clean_text_removes_controls() {
        assert_eq!(clean_text("  a\u{1b}[31mb\tc \n"), "a[31mb c");
    }

    #[test]
    fn slug_is_stable() {
        assert_eq!(slug("Stockport MBC"), "stockport-mbc");
        assert_eq!(
            slug("Supported Employment Team (SET)"),
            "supported-employment-team-set"
        );
    }
}
