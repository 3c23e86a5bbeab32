//! What one header of the personal-budget survey names: a field, one
//! option of a multi-select question, its "Other (please specify)" text, or
//! a comment under a coded question. A header is a key (keyed sheet), a
//! question wording or stem with an item (`<question> - <item>`, or a
//! two-row header), or a question alone.

use crate::ingest::form_schema::{AnswerKind, FormField, FormSchema};
use crate::ingest::text::{normalise, slug};

/// Questions that are only ever answered through their items.
const ITEMISED: &[&str] = &["pct", "pb_pct", "pb_users", "pb_users_by_la", "contact"];

/// Choice questions whose other items are comments (`<key>_comment`).
const COMMENTED: &[&str] = &["pb_job_likelihood", "pb_payment", "pb_demand_18m"];

/// Choice questions whose "Other (please specify)" item is `<key>_other`.
const WITH_OTHER: &[&str] = &["org_type", "pb_costing"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A field's cell, as it is.
    Field(String),
    /// A comment under a coded question; several are joined.
    Comment(String),
    /// One option's column of a multi-select question.
    Option { prefix: String, code: String },
    /// A multi-select question's "Other (please specify)" text.
    OtherText(String),
    /// Not an answer: kept as `extra_*`.
    Extra(String),
}

impl Target {
    /// The field the column feeds.
    pub fn key(&self) -> String {
        match self {
            Target::Field(k) | Target::Comment(k) | Target::Extra(k) => k.clone(),
            Target::Option { prefix, .. } | Target::OtherText(prefix) => prefix.clone(),
        }
    }
}

/// A column that is no answer, kept under a name made of its header.
pub fn extra(question: &str, item: &str) -> Target {
    let name: String = slug(&format!("{question} {item}"))
        .replace('-', "_")
        .chars()
        .take(48)
        .collect();
    Target::Extra(format!("extra_{}", name.trim_end_matches('_')))
}

/// What a header names; `item` is the second header row's cell (or blank).
pub fn resolve(schema: &FormSchema, question: &str, item: &str) -> Option<Target> {
    let item = item.trim();
    if !item.is_empty() {
        return with_item(question_field(schema, question)?, item);
    }
    if let Some(t) = keyed(schema, question) {
        return Some(t);
    }
    if let Some((q, i)) = question.split_once(" - ")
        && let Some(t) = question_field(schema, q).and_then(|f| with_item(f, i))
    {
        return Some(t);
    }
    whole(question_field(schema, question)?)
}

/// The question a header's text names: by its wording or alias, else by
/// the stem it contains.
fn question_field<'a>(schema: &'a FormSchema, text: &str) -> Option<&'a FormField> {
    schema
        .field_by_label(text)
        .or_else(|| schema.field_by_stem(text))
}

/// A question named alone.
fn whole(f: &FormField) -> Option<Target> {
    (!ITEMISED.contains(&f.key.as_str())).then(|| Target::Field(f.key.clone()))
}

/// A keyed sheet's header: a field's key, `<multi>_<option>`,
/// `<multi>_other_text` or `<percentages>_<group>`.
fn keyed(schema: &FormSchema, header: &str) -> Option<Target> {
    let h = header.trim().to_ascii_lowercase();
    for f in &schema.fields {
        let Some(rest) = h.strip_prefix(&format!("{}_", f.key)) else {
            continue;
        };
        let is_code = f.answers.iter().any(|a| a.code == rest);
        match f.kind {
            AnswerKind::Multi if rest == "other_text" => {
                return Some(Target::OtherText(f.key.clone()));
            }
            AnswerKind::Multi if is_code => {
                return Some(Target::Option {
                    prefix: f.key.clone(),
                    code: rest.to_string(),
                });
            }
            AnswerKind::Percent if is_code => return Some(Target::Field(h.clone())),
            _ => {}
        }
    }
    whole(schema.field(&h)?)
}

/// Whether `text` begins with `word`, whole words, both normalised.
pub fn begins_with(text: &str, word: &str) -> bool {
    let (t, w) = (normalise(text), normalise(word));
    !w.is_empty() && (t == w || t.starts_with(&format!("{w} ")))
}

/// The code of the answer `text` begins with (its code's words or a
/// wording); the longest wording wins.
pub fn answer_of<'a>(f: &'a FormField, text: &str) -> Option<&'a str> {
    f.answers
        .iter()
        .flat_map(|a| {
            std::iter::once(a.code.replace('_', " "))
                .chain(a.words.iter().cloned())
                .map(move |w| (a.code.as_str(), w))
        })
        .filter(|(_, w)| begins_with(text, w))
        .max_by_key(|(_, w)| w.len())
        .map(|(code, _)| code)
}

fn with_item(f: &FormField, item: &str) -> Option<Target> {
    let n = normalise(item);
    let key = f.key.as_str();
    if n == "response" || n == "open ended response" {
        return whole(f);
    }
    let suffixed = |suffix: &str| Some(Target::Field(format!("{key}_{suffix}")));
    match key {
        "pb_users" | "pb_users_by_la" => {
            if n.starts_with("in the financial year") || n.starts_with("last") {
                suffixed("last_fy")
            } else if n.starts_with("since april") || n.contains("to date") {
                suffixed("ytd")
            } else {
                None
            }
        }
        "contact" if n.starts_with("name") => Some(Target::Field("contact_name".into())),
        "contact" if n.starts_with("email") => Some(Target::Field("contact_email".into())),
        "pct" | "pb_pct" => answer_of(f, item).and_then(&suffixed),
        _ if f.kind == AnswerKind::Multi => {
            if n.starts_with("other") {
                Some(Target::OtherText(key.to_string()))
            } else {
                answer_of(f, item).map(|code| Target::Option {
                    prefix: key.to_string(),
                    code: code.to_string(),
                })
            }
        }
        _ if WITH_OTHER.contains(&key) && n.starts_with("other") => suffixed("other"),
        _ if f.kind == AnswerKind::Choice => {
            if answer_of(f, item).is_some() || n.contains("don t know") {
                Some(Target::Field(key.to_string()))
            } else if COMMENTED.contains(&key) {
                Some(Target::Comment(format!("{key}_comment")))
            } else {
                None
            }
        }
        _ => whole(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> &'static FormSchema {
        super::super::schema()
    }

    #[test]
    fn headers_name_fields_options_and_comments() {
        let s = schema();
        let r = |q: &str, i: &str| resolve(s, q, i);
        assert_eq!(
            r("pb_funding_18m", ""),
            Some(Target::Field("pb_funding_18m".into()))
        );
        assert_eq!(
            r(
                "Q9. In the last 18 months has any of the funding for your supported employment service come through a social care Personal Budget?",
                ""
            ),
            Some(Target::Field("pb_funding_18m".into()))
        );
        assert_eq!(
            r("provides_self_employment", ""),
            Some(Target::Option {
                prefix: "provides".into(),
                code: "self_employment".into()
            })
        );
        assert_eq!(r("provides", ""), Some(Target::Field("provides".into())));
        assert_eq!(
            r(
                "What type of employment support are people using Personal Budgets to purchase in your organisation? - Social firms",
                ""
            ),
            Some(Target::Option {
                prefix: "pb_buys".into(),
                code: "social_firm".into()
            })
        );
        assert_eq!(
            r(
                "6. Of the people your organisation provides employment support for, roughly what percentage have:",
                "Mental health problems"
            ),
            Some(Target::Field("pct_mh".into()))
        );
        assert_eq!(
            r(
                "15. Considering all of the people your organisation provides employment support for, do you think that those using a Personal Budget to purchase employment support are:",
                "Please comment if you want to provide further details"
            ),
            Some(Target::Comment("pb_job_likelihood_comment".into()))
        );
        assert_eq!(
            r(
                "11. can you provide a breakdown of how many people used Personal Budgets for employment support in each Local Authority:",
                "Since April 2013 to date"
            ),
            Some(Target::Field("pb_users_by_la_ytd".into()))
        );
        assert_eq!(
            r("Contact details - Email", ""),
            Some(Target::Field("contact_email".into()))
        );
        assert_eq!(r("Favourite colour", ""), None);
    }

    #[test]
    fn answers_are_read_from_their_opening_words() {
        let s = schema();
        let f = s.field("pb_funding_18m").expect("field");
        assert_eq!(answer_of(f, "Yes (goes to question 10)"), Some("yes"));
        assert_eq!(answer_of(f, "No, thank you"), Some("no"));
        assert_eq!(answer_of(f, "Nothing"), None);
        let c = s.field("pb_costing").expect("field");
        assert_eq!(
            answer_of(
                c,
                "We have a set rate per person that reflects other benchmarks, e.g. Local Authority, DWP"
            ),
            Some("set_rate_benchmark")
        );
    }
}
