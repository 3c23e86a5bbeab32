//! The demo's layout-B returns: the study's own form, filled in as a
//! service would (some local copies naming the year only in questions).

use super::write::*;
use super::*;
use crate::ingest::Schema;
use crate::xlsx_out::SheetOut;

/// The study's reduced form (seeds/000 Appendix 5) as a sheet.
pub(super) fn study_form(s: &DemoService, local_copy: bool, rng: &mut Rng) -> SheetOut {
    let schema = Schema::builtin();
    let q = |k: &str| {
        schema
            .field(k)
            .map(|f| f.question.clone())
            .unwrap_or_default()
    };
    let year_phrase = if local_copy {
        format!("in {}", s.period.replace('/', "-"))
    } else {
        "in 2011-12 or 2012-13".to_string()
    };
    let strip = |k: &str| {
        let full = q(k);
        full.trim_end_matches(" in 2011-12 or 2012-13").to_string()
    };
    let mut sh = SheetOut::new("Data request");
    sh.widths.push((1, 60.0));
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
            sh.put(row, col, q(k));
            if let Some(t) = tick(s.models[pair + j], rng) {
                sh.put(row, col + 4, t);
            }
        }
    }
    sh.put(18, 1, format!("{} {year_phrase}", strip("total_cost")));
    sh.put(18, 2, money(s.total_cost, rng, true));
    sh.put_bold(
        20,
        1,
        "3. About the people using this employment support service:",
    );
    sh.put(21, 1, format!("{} {year_phrase}", strip("people_total")));
    sh.put(21, 2, count(s.people_total, rng, true));
    let groups_people = [
        "Learning Disability",
        "Physical/Sensory",
        "Mental Health",
        "Homelessness",
        "Drug & Alcohol",
        "Other",
    ];
    let groups_outcomes = [
        "Learning Disability",
        "Physical / Sensory",
        "Mental Health",
        "Homelessness",
        "Drug & Alcohol",
        "Other",
    ];
    let six = |a: &[i64; 7]| vec![a[0], a[1], a[2], a[4], a[5], a[6]];
    let label_on_header = rng.chance(0.5);
    let mut row = 22;
    let split = |sh: &mut SheetOut,
                 row: &mut u32,
                 label: &str,
                 headers: &[&str],
                 parts: Option<Vec<i64>>,
                 total: i64,
                 nb: bool,
                 rng: &mut Rng| {
        for (j, h) in headers.iter().enumerate() {
            sh.put(*row, 2 + j as u16, *h);
        }
        if nb {
            sh.put(*row, 2 + headers.len() as u16, "NB - We are asking this as a way of gauging complexity of disability without assigning unhelpful labels.");
        }
        sh.put(if label_on_header { *row } else { *row + 1 }, 1, label);
        for (j, cell) in split_cells(parts.as_deref(), total, rng, false)
            .into_iter()
            .take(headers.len())
            .enumerate()
        {
            if let Some(c) = cell {
                sh.put(*row + 1, 2 + j as u16, c);
            }
        }
        *row += 2;
    };
    split(
        &mut sh,
        &mut row,
        "Above total split by Nature of disability / support need",
        &groups_people,
        Some(six(&s.people_groups)),
        s.people_total,
        false,
        rng,
    );
    split(
        &mut sh,
        &mut row,
        "Above total split by Nature of disability / support need",
        &["Less than 7 hrs/wk", "7-40 hrs/wk", "More than 40 hrs/wk"],
        s.support.map(|a| a.to_vec()),
        s.people_total,
        true,
        rng,
    );
    row += 1;
    sh.put_bold(row, 1, "5. About outcomes from this employment support:");
    row += 1;
    sh.put(row, 1, format!("{} {year_phrase}", strip("outcomes_total")));
    sh.put(row, 2, count(s.outcomes_total, rng, true));
    row += 1;
    split(
        &mut sh,
        &mut row,
        "Above total split by type of job outcome",
        &[
            "Gained new job",
            "Retained existing job",
            "Became self employed",
        ],
        s.outcome_types.map(|a| a.to_vec()),
        s.outcomes_total,
        false,
        rng,
    );
    split(
        &mut sh,
        &mut row,
        "Above total split by Nature of disability / support need",
        &groups_outcomes,
        s.outcome_groups.map(|a| six(&a)),
        s.outcomes_total,
        false,
        rng,
    );
    split(
        &mut sh,
        &mut row,
        "Above total split by level of support needed (general, not just employment) in a typical week",
        &[
            "Less than 7 hrs / wk",
            "7-40hrs/wk",
            "More than 40 hrs / wk",
        ],
        s.outcome_support.map(|a| a.to_vec()),
        s.outcomes_total,
        true,
        rng,
    );
    sh
}
