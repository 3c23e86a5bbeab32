//! Field keys in words: a call sheet, a queue row or a message says
//! "people: homeless" where the return's key is `people_homeless`. Each
//! kind says which keys are its own ([`super::KindSpec::label`]); text is
//! made readable by swapping every known key in it for its label, so
//! messages already stored read the same way as new ones.

use crate::format;

/// A field's label, from whichever kind knows its key.
pub fn field_label(key: &str) -> Option<String> {
    super::KINDS.iter().find_map(|k| (k.label)(key))
}

/// A field's label, or the key in words when no kind knows it.
pub fn label_or_words(key: &str) -> String {
    field_label(key).unwrap_or_else(|| format::label(key))
}

/// The label of a key that belongs to a form schema: its words.
pub fn form_label(schema: &crate::ingest::form_schema::FormSchema, key: &str) -> Option<String> {
    schema.field(key).map(|_| format::label(key))
}

/// `text` with every field key in it (a word holding `_`) in words.
pub fn readable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.contains('_') {
            match field_label(word) {
                Some(l) => out.push_str(&l),
                // The one value code every kind shares.
                None if word == "not_known" => out.push_str("not known"),
                None => out.push_str(word),
            }
        } else if out.ends_with('£') && word.len() > 3 && word.bytes().all(|b| b.is_ascii_digit())
        {
            // Money in messages reads as it does everywhere else: £15,000.
            match word.parse::<i64>() {
                Ok(v) => out.push_str(&format::thousands(v)),
                Err(_) => out.push_str(word),
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_a_message_read_as_words() {
        assert_eq!(
            readable(
                "blank split cells taken as 0 in people by client group: people_homeless, people_drug_alcohol"
            ),
            "blank split cells taken as 0 in people by client group: people: homeless, people: drugs / alcohol"
        );
        assert_eq!(
            readable("A resubmitted return changed outcomes_total 23 -> 18."),
            "A resubmitted return changed job outcomes 23 -> 18."
        );
        assert_eq!(readable("total_cost not_known"), "total cost not known");
        assert_eq!(
            readable("gives £250000 and £1500.50, not 2500 people"),
            "gives £250,000 and £1,500.50, not 2500 people"
        );
        assert_eq!(readable("£999 or £1234567"), "£999 or £1,234,567");
        // Words that are no field stay as they are.
        assert_eq!(
            readable("see reference/provider_register.csv"),
            "see reference/provider_register.csv"
        );
        assert_eq!(field_label("total_cost").as_deref(), Some("total cost"));
        assert_eq!(field_label("pb_used").as_deref(), Some("pb used"));
        assert_eq!(
            field_label("outcomes_support_gt40").as_deref(),
            Some("outcomes: support over 40")
        );
    }
}
