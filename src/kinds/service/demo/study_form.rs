//! The demo's layout-B returns: the study's own form, filled in as a
//! service would (some local copies naming the year only in questions).

use super::*;
use crate::ingest::Schema;
use crate::xlsx_out::SheetOut;

/// The study's reduced form (seeds/000 Appendix 5) as a sheet.
pub(super) fn study_form(s: &DemoService, local_copy: bool, rng: &mut Rng) -> SheetOut {
    let wording = Wording::new(s, local_copy);
    let mut sh = SheetOut::new("Data request");
    sh.widths.push((1, 60.0));
    about_collector(&mut sh, s, local_copy, rng);
    about_service(&mut sh, s, rng, &wording);
    sh.put_bold(
        20,
        1,
        "3. About the people using this employment support service:",
    );
    sh.put(21, 1, wording.asked("people_total"));
    sh.put(21, 2, count(s.people_total, rng, true));
    let mut splits = Splits {
        label_on_header: rng.chance(0.5),
        row: 22,
    };
    people_splits(&mut sh, &mut splits, s, rng);
    splits.row += 1;
    let row = splits.row;
    sh.put_bold(row, 1, "5. About outcomes from this employment support:");
    sh.put(row + 1, 1, wording.asked("outcomes_total"));
    sh.put(row + 1, 2, count(s.outcomes_total, rng, true));
    splits.row += 2;
    outcome_splits(&mut sh, &mut splits, s, rng);
    sh
}

/// The form's questions, with the year as this copy words it.
struct Wording {
    schema: &'static Schema,
    year_phrase: String,
}

impl Wording {
    fn new(s: &DemoService, local_copy: bool) -> Wording {
        Wording {
            schema: Schema::builtin(),
            year_phrase: if local_copy {
                format!("in {}", s.period.replace('/', "-"))
            } else {
                "in 2011-12 or 2012-13".to_string()
            },
        }
    }

    fn question(&self, key: &str) -> String {
        self.schema
            .field(key)
            .map(|f| f.question.clone())
            .unwrap_or_default()
    }

    /// A question that asks about the year, worded with this copy's year.
    fn asked(&self, key: &str) -> String {
        let full = self.question(key);
        let bare = full.trim_end_matches(" in 2011-12 or 2012-13");
        format!("{bare} {}", self.year_phrase)
    }
}

/// The notes, who collated the data, and the year.
fn about_collector(sh: &mut SheetOut, s: &DemoService, local_copy: bool, rng: &mut Rng) {
    sh.put_bold(0, 1, "NOTES FOR COMPLETING THIS SPREADSHEET");
    sh.put(1, 1, "Please ensure a separate spreadsheet is completed for each different employment support service");
    sh.put_bold(5, 1, "1. About the person/s collating these data:");
    sh.put(6, 1, "Name/s:");
    sh.put(6, 2, s.collector_name.as_str());
    sh.put(7, 1, "Contact detail/s:");
    sh.put(7, 2, s.collector_contact.as_str());
    if local_copy {
        // The local copy names its year in the questions; the year box is left blank.
        sh.put(8, 1, "Please state which year data /activity relates to:");
    } else {
        sh.put(
            8,
            1,
            "Please state which year data /activity relates to: 2011/12 or 2012/13",
        );
        sh.put(8, 2, period(&s.period, rng, true));
    }
}

/// The commissioner, the service, its models and its cost.
fn about_service(sh: &mut SheetOut, s: &DemoService, rng: &mut Rng, wording: &Wording) {
    sh.put_bold(10, 1, "2. About the employment support service:");
    sh.put(11, 1, "Commissioner:");
    sh.put(11, 2, format!("  {}", s.commissioner));
    sh.put(12, 1, "Name of service:");
    sh.put(12, 2, s.service_name.as_str());
    sh.put(13, 1, "Who is the service aimed at e.g. Client group/s?");
    sh.put(13, 2, s.aimed_at.as_str());
    sh.put(
        14,
        1,
        "Which of the following models best describes your service?",
    );
    for (pair, row) in [(0usize, 15u32), (2, 16), (4, 17)] {
        for (j, col) in [(0usize, 1u16), (1, 6)] {
            let k = MODEL_KEYS[pair + j];
            sh.put(row, col, wording.question(k));
            if let Some(t) = tick(s.models[pair + j], rng) {
                sh.put(row, col + 4, t);
            }
        }
    }
    sh.put(18, 1, wording.asked("total_cost"));
    sh.put(18, 2, money(s.total_cost, rng, true));
}

/// The form's split tables: a header row of parts, then the figures; the
/// label sits on the header row or on the figures' row, one way per form.
struct Splits {
    label_on_header: bool,
    row: u32,
}

impl Splits {
    fn put(
        &mut self,
        sh: &mut SheetOut,
        rng: &mut Rng,
        label: &str,
        headers: &[&str],
        parts: Option<Vec<i64>>,
        total: i64,
    ) {
        let row = self.row;
        for (j, h) in headers.iter().enumerate() {
            sh.put(row, 2 + j as u16, *h);
        }
        if headers.iter().any(|h| h.contains("hrs")) {
            sh.put(row, 2 + headers.len() as u16, "NB - We are asking this as a way of gauging complexity of disability without assigning unhelpful labels.");
        }
        sh.put(if self.label_on_header { row } else { row + 1 }, 1, label);
        for (j, cell) in split_cells(parts.as_deref(), total, rng, false)
            .into_iter()
            .take(headers.len())
            .enumerate()
        {
            if let Some(c) = cell {
                sh.put(row + 1, 2 + j as u16, c);
            }
        }
        self.row += 2;
    }
}

const BY_NEED: &str = "Above total split by Nature of disability / support need";

/// The study's six client groups (the form has no autism column).
fn six(a: &[i64; 7]) -> Vec<i64> {
    vec![a[0], a[1], a[2], a[4], a[5], a[6]]
}

fn people_splits(sh: &mut SheetOut, splits: &mut Splits, s: &DemoService, rng: &mut Rng) {
    splits.put(
        sh,
        rng,
        BY_NEED,
        &[
            "Learning Disability",
            "Physical/Sensory",
            "Mental Health",
            "Homelessness",
            "Drug & Alcohol",
            "Other",
        ],
        Some(six(&s.people_groups)),
        s.people_total,
    );
    splits.put(
        sh,
        rng,
        BY_NEED,
        &["Less than 7 hrs/wk", "7-40 hrs/wk", "More than 40 hrs/wk"],
        s.support.map(|a| a.to_vec()),
        s.people_total,
    );
}

fn outcome_splits(sh: &mut SheetOut, splits: &mut Splits, s: &DemoService, rng: &mut Rng) {
    splits.put(
        sh,
        rng,
        "Above total split by type of job outcome",
        &[
            "Gained new job",
            "Retained existing job",
            "Became self employed",
        ],
        s.outcome_types.map(|a| a.to_vec()),
        s.outcomes_total,
    );
    splits.put(
        sh,
        rng,
        BY_NEED,
        &[
            "Learning Disability",
            "Physical / Sensory",
            "Mental Health",
            "Homelessness",
            "Drug & Alcohol",
            "Other",
        ],
        s.outcome_groups.map(|a| six(&a)),
        s.outcomes_total,
    );
    splits.put(
        sh,
        rng,
        "Above total split by level of support needed (general, not just employment) in a typical week",
        &[
            "Less than 7 hrs / wk",
            "7-40hrs/wk",
            "More than 40 hrs / wk",
        ],
        s.outcome_support.map(|a| a.to_vec()),
        s.outcomes_total,
    );
}
