//! Cleaning the commissioner survey as the study did (RETURN_FORMAT.md §3):
//! incomplete starts and duplicate starts are dropped (and listed), the
//! responses of one authority are grouped, and one figure is chosen per
//! authority, stream and year — from the most complete response giving it.
//!
//! This needs every response at once, so it runs on the current returns
//! before the survey's input tables are built.

use std::collections::HashMap;

use crate::ingest::text::normalise;
use crate::ingest::{Return, Value};
use crate::reference::Reference;

/// Survey-tool metadata: not answers, so not compared or counted.
const METADATA: &[&str] = &["response_id", "started_at", "completed"];

/// Who answered: compared through the authority and respondent (which may
/// be spelled differently each time), not as answers.
const WHO: &[&str] = &[
    "authority",
    "respondent_name",
    "respondent_role",
    "respondent_email",
    "respondent_phone",
];

/// What cleaning decided about one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Counted in the survey's tables.
    Used,
    /// `completed` = no and no spend figure: a start that was abandoned.
    IncompleteStart,
    /// Same authority, respondent and answers as an earlier response.
    DuplicateStart,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Used => "used",
            Status::IncompleteStart => "incomplete_start",
            Status::DuplicateStart => "duplicate_start",
        }
    }
}

/// Cleaning of a list of responses, parallel to it.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub status: Vec<Status>,
    /// For a duplicate start, the index of the response it repeats.
    pub duplicate_of: Vec<Option<usize>>,
    /// Answers given (not blank, not an unticked box), metadata aside.
    pub answered: Vec<usize>,
    /// The authority a response belongs to: its reference code when known,
    /// else its name as written, normalised.
    pub group: Vec<String>,
    /// For each (group, field key) of Table 1, the response whose figure the
    /// authority-level views use.
    pub chosen: HashMap<(String, String), usize>,
}

/// `responses` in the order they arrived (earlier first).
pub fn clean(responses: &[&Return], reference: &Reference) -> Cleaned {
    let n = responses.len();
    let group: Vec<String> = responses
        .iter()
        .map(|r| {
            let written = r.text("authority").unwrap_or("");
            reference
                .authority(written)
                .map(|a| a.code.clone())
                .unwrap_or_else(|| normalise(written))
        })
        .collect();
    let answered: Vec<usize> = responses.iter().map(|r| answered(r)).collect();
    let mut status = vec![Status::Used; n];
    let mut duplicate_of = vec![None; n];
    for (i, r) in responses.iter().enumerate() {
        let not_completed = r.text("completed") == Some("no");
        if not_completed && !has_spend(r) {
            status[i] = Status::IncompleteStart;
        }
    }
    for i in 0..n {
        if status[i] != Status::Used {
            continue;
        }
        let earlier = (0..i).find(|&j| {
            status[j] == Status::Used
                && group[j] == group[i]
                && same_respondent(responses[i], responses[j])
                && same_answers(responses[i], responses[j])
        });
        if let Some(j) = earlier {
            status[i] = Status::DuplicateStart;
            duplicate_of[i] = Some(j);
        }
    }
    let mut chosen: HashMap<(String, String), usize> = HashMap::new();
    for i in (0..n).filter(|&i| status[i] == Status::Used) {
        for (key, value) in &responses[i].values {
            if !key.starts_with("spend_") || value.number().is_none() {
                continue;
            }
            let slot = chosen.entry((group[i].clone(), key.clone())).or_insert(i);
            // Most complete wins; on a tie the later response.
            if answered[i] >= answered[*slot] {
                *slot = i;
            }
        }
    }
    Cleaned {
        status,
        duplicate_of,
        answered,
        group,
        chosen,
    }
}

fn has_spend(r: &Return) -> bool {
    r.values
        .iter()
        .any(|(k, v)| k.starts_with("spend_") && v.number().is_some())
}

fn answered(r: &Return) -> usize {
    r.values
        .iter()
        .filter(|(k, v)| {
            !METADATA.contains(&k.as_str()) && !matches!(v, Value::Missing | Value::Tick(false))
        })
        .count()
}

fn same_respondent(a: &Return, b: &Return) -> bool {
    let who = |r: &Return| {
        normalise(
            r.text("respondent_email")
                .or_else(|| r.text("respondent_name"))
                .unwrap_or(""),
        )
    };
    who(a) == who(b)
}

fn same_answers(a: &Return, b: &Return) -> bool {
    fn answers(r: &Return) -> impl Iterator<Item = (&String, &Value)> {
        r.values.iter().filter(|(k, v)| {
            !METADATA.contains(&k.as_str()) && !WHO.contains(&k.as_str()) && !v.is_missing()
        })
    }
    answers(a).eq(answers(b))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::ingest::{Layout, ReturnKind};

    fn response(pairs: &[(&str, Value)]) -> Return {
        Return {
            kind: ReturnKind::Commissioner,
            layout: Layout::Batch,
            location: String::new(),
            values: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>(),
            notes: Vec::new(),
            extras: BTreeMap::new(),
        }
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    #[test]
    fn incomplete_and_duplicate_starts_are_dropped_and_figures_chosen() {
        let reference = Reference::builtin().expect("reference");
        let first = response(&[
            ("response_id", text("1")),
            ("authority", text("Stockport")),
            ("respondent_name", text("A Smith")),
            ("spend_social_care_2011_12", Value::Number(100.0)),
        ]);
        let again = response(&[
            ("response_id", text("2")),
            ("authority", text("Stockport MBC")),
            ("respondent_name", text("a smith")),
            ("spend_social_care_2011_12", Value::Number(100.0)),
        ]);
        let abandoned = response(&[
            ("response_id", text("3")),
            ("completed", text("no")),
            ("authority", text("Stockport")),
        ]);
        let nhs = response(&[
            ("response_id", text("4")),
            ("authority", text("Stockport Metropolitan Borough Council")),
            ("respondent_name", text("B Jones")),
            ("spend_social_care_2011_12", Value::Number(90.0)),
            ("spend_health_2011_12", Value::Number(50.0)),
            ("five_year", text("more")),
        ]);
        let c = clean(&[&first, &again, &abandoned, &nhs], &reference);
        assert_eq!(
            c.status,
            vec![
                Status::Used,
                Status::DuplicateStart,
                Status::IncompleteStart,
                Status::Used
            ]
        );
        assert_eq!(c.duplicate_of[1], Some(0));
        assert!(c.group.iter().all(|g| g == &c.group[0]), "{:?}", c.group);
        let chosen = |k: &str| c.chosen.get(&(c.group[0].clone(), k.to_string())).copied();
        // The NHS response answers more, so its social care figure is used.
        assert_eq!(chosen("spend_social_care_2011_12"), Some(3));
        assert_eq!(chosen("spend_health_2011_12"), Some(3));
        assert_eq!(chosen("spend_combined_2011_12"), None);
    }
}
