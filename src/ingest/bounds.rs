//! What one file may cost once it has been read: how many returns it may
//! hold, how long a text may be, and how many notes it may put in the
//! queue. The byte, cell and time limits stop a file while it is read;
//! these stop a file that is within them from costing without bound in the
//! state database, the queue and every run after it.

use super::{FileRead, IngestError, ReadLimits};
use crate::ingest::{Note, Return, Severity, Value};

/// Apply the limits to a file's returns: too many is a rejection, an
/// over-long text is cut with a note, and notes beyond the limit are
/// summed up in one. Errors are always kept one by one: each takes its
/// service out of the group figures, so the queue must show it.
pub fn bound(mut read: FileRead, limits: &ReadLimits) -> Result<FileRead, IngestError> {
    if read.returns.len() > limits.max_returns_per_file {
        return Err(IngestError::TooManyReturns {
            returns: read.returns.len(),
            limit: limits.max_returns_per_file,
        });
    }
    for r in &mut read.returns {
        let mut cut = Vec::new();
        let named: Vec<String> = r
            .notes
            .iter()
            .filter(|n| n.rule == "text_cut")
            .filter_map(|n| n.field.clone())
            .collect();
        for (key, value) in &mut r.values {
            if let Value::Text(t) | Value::Invalid(t) = value
                && !named.contains(key)
                && cut_text(t, limits.max_text_chars)
            {
                cut.push(key.clone());
            }
        }
        for (key, text) in &mut r.extras {
            if cut_text(text, limits.max_text_chars) {
                cut.push(key.clone());
            }
        }
        for key in cut {
            r.notes.push(cut_note(&key, limits.max_text_chars));
        }
    }
    cap_notes(&mut read, limits.max_notes_per_file);
    Ok(read)
}

/// Cut the names a return goes by (`keys`: its kind's naming fields) to
/// `max` characters, with a note: a name is part of every key the ledger,
/// the queue and the results store, so a long one costs many times over.
///
/// A cut name ends with a short digest of the whole (`…#1a2b3c4d`): two
/// long names that differ only past the cut stay two names, and the same
/// long name sent again is cut to the same name.
pub fn cut_names(r: &mut Return, keys: &[&str], max: usize) {
    use sha2::Digest;
    for key in keys {
        if let Some(Value::Text(t) | Value::Invalid(t)) = r.values.get_mut(*key)
            && t.chars().nth(max).is_some()
        {
            let digest = sha2::Sha256::digest(t.as_bytes());
            cut_text(t, max);
            t.push('#');
            for byte in &digest[..4] {
                t.push_str(&format!("{byte:02x}"));
            }
            r.notes.push(cut_note(key, max));
        }
    }
}

fn cut_note(key: &str, max: usize) -> Note {
    Note::new(
        Severity::Warning,
        "text_cut",
        Some(key),
        format!("text longer than {max} characters was cut to that length"),
    )
}

/// Cut `text` to `max` characters, marking the cut with "…". True if cut.
fn cut_text(text: &mut String, max: usize) -> bool {
    match text.char_indices().nth(max) {
        Some((at, _)) => {
            text.truncate(at);
            text.push('…');
            true
        }
        None => false,
    }
}

/// Keep at most `max` warnings and infos over the whole file, in order,
/// and say in one note on the first return how many more there were.
fn cap_notes(read: &mut FileRead, max: usize) {
    let mut kept = 0usize;
    let mut dropped = 0usize;
    for r in &mut read.returns {
        r.notes.retain(|n| {
            if n.severity == Severity::Error {
                return true;
            }
            kept += 1;
            let keep = kept <= max;
            dropped += usize::from(!keep);
            keep
        });
    }
    if dropped > 0
        && let Some(first) = read.returns.first_mut()
    {
        first.notes.push(Note::new(
            Severity::Warning,
            "notes_summarised",
            None,
            format!(
                "{dropped} more warnings and notes in this file are not listed one by one (the first {max} are); correct the file and send it again to see them"
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Layout, Return, ReturnKind};

    fn limits() -> ReadLimits {
        ReadLimits {
            max_returns_per_file: 3,
            max_text_chars: 5,
            max_notes_per_file: 2,
            ..ReadLimits::default()
        }
    }

    fn a_return(name: &str, notes: usize) -> Return {
        Return {
            kind: ReturnKind::Service,
            layout: Layout::Template,
            location: "row 2".into(),
            values: [("service_name".to_string(), Value::Text(name.into()))].into(),
            notes: (0..notes)
                .map(|i| Note::new(Severity::Info, "r", None, format!("note {i}")))
                .collect(),
            extras: Default::default(),
        }
    }

    #[test]
    fn too_many_returns_is_a_rejection_that_says_the_limit() {
        let read = FileRead {
            returns: (0..4).map(|_| a_return("a", 0)).collect(),
            report: vec![],
        };
        let e = bound(read, &limits()).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("the file holds 4 returns (rows), over the limit of 3 a file")
        );
    }

    #[test]
    fn long_names_are_cut_and_stay_told_apart() {
        let long = |tail: &str| a_return(&format!("{}{tail}", "n".repeat(300)), 0);
        let (mut a, mut b, mut again) = (long("a"), long("b"), long("a"));
        for r in [&mut a, &mut b, &mut again] {
            cut_names(r, &["service_name"], 200);
        }
        let name = |r: &Return| r.text("service_name").unwrap_or_default().to_string();
        assert_ne!(name(&a), name(&b));
        assert_eq!(name(&a), name(&again));
        assert!(name(&a).starts_with(&format!("{}…#", "n".repeat(200))));
        assert_eq!(a.notes.len(), 1);
        let mut short = a_return("Short", 0);
        cut_names(&mut short, &["service_name"], 200);
        assert_eq!(name(&short), "Short");
        assert!(short.notes.is_empty());
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary_with_a_note() {
        let read = FileRead {
            returns: vec![a_return("ééééééé", 0), a_return("short", 0)],
            report: vec![],
        };
        let read = bound(read, &limits()).unwrap_or_default();
        assert_eq!(read.returns[0].text("service_name"), Some("ééééé…"));
        assert_eq!(read.returns[0].notes.len(), 1);
        assert_eq!(read.returns[0].notes[0].rule, "text_cut");
        assert_eq!(read.returns[1].text("service_name"), Some("short"));
        assert!(read.returns[1].notes.is_empty());
    }

    #[test]
    fn notes_beyond_the_limit_are_summed_up_and_errors_kept() {
        let mut second = a_return("b", 2);
        second
            .notes
            .push(Note::new(Severity::Error, "e", None, "an error"));
        let read = FileRead {
            returns: vec![a_return("a", 1), second],
            report: vec![],
        };
        let read = bound(read, &limits()).unwrap_or_default();
        let rules: Vec<&str> = read
            .returns
            .iter()
            .flat_map(|r| r.notes.iter().map(|n| n.rule.as_str()))
            .collect();
        assert_eq!(rules, ["r", "notes_summarised", "r", "e"]);
        assert!(read.returns[0].notes[1].message.starts_with("1 more"));
    }
}
