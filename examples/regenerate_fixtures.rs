//! Writes the xlsx fixtures under tests/fixtures/ from the cell lists
//! below. The files are committed; run this only to change them:
//! `cargo run --example regenerate_fixtures`.

use std::path::PathBuf;

use jobtally::xlsx_out::{Out, SheetOut, workbook_bytes};

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn save(name: &str, sheets: &[SheetOut]) {
    let bytes = workbook_bytes(sheets).expect("workbook");
    std::fs::write(fixture_path(name), bytes).expect("write fixture");
}

fn rows(sheet: &mut SheetOut, start_row: u32, start_col: u16, rows: &[&[Option<Out>]]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Some(v) = cell {
                sheet.put(start_row + r as u32, start_col + c as u16, v.clone());
            }
        }
    }
}

fn t(s: &str) -> Option<Out> {
    Some(Out::Text(s.to_string()))
}
fn n(v: f64) -> Option<Out> {
    Some(Out::Number(v))
}

const M1: &str = "Targeting job retention/ career advancement i.e helping people keep a job or career they already have";
const M2: &str = "Finding a paid role & then provide support to perform that role or stay in it i.e 'place then train'";
const M3: &str = "Providing training or job prep in setting of mainstream work place (but not necessarily the one the person will go on to work in) e.g. internships & apprentice schemes";
const M4: &str = "Providing training/job prep in a sheltered and/or unpaid environment as a route into open employment i.e train then place";

fn main() {
    // Layout A, every value convention.
    let mut a = SheetOut::new("Return");
    let q = |k: &str| {
        jobtally::ingest::Schema::builtin()
            .field(k)
            .expect("field")
            .question
            .clone()
    };
    let mut r = 0;
    let mut put = |key: &str, v: Option<Out>| {
        a.put(r, 0, key);
        a.put(
            r,
            1,
            if key == "key" {
                "question".to_string()
            } else {
                q(key)
            },
        );
        if let Some(v) = v {
            a.put(r, 2, v);
        }
        r += 1;
    };
    put("key", t("value"));
    put("collector_name", t("  Jo Bloggs  "));
    put("collector_contact", t("0161 000 0000"));
    put("period", t("FY2011/12"));
    put("commissioner", t("Stockport MBC"));
    put("service_name", t("Supported Employment Team"));
    put(
        "client_groups_aimed",
        t("Adults with learning disabilities"),
    );
    put("model_retention", t("x"));
    put("model_place_train", t("✓"));
    put("model_mainstream_training", t("no"));
    put("model_train_place", None);
    put("model_life_stage", t("Yes"));
    put("model_funding_mechanism", t("0"));
    put("total_cost", t("£263,132.00"));
    put("people_total", t("1,204"));
    put("people_ld", t("50%"));
    put("people_physical_sensory", t("10%"));
    put("people_mh", t("40%"));
    put("people_autism", t("0%"));
    put("people_homeless", None);
    put("people_drug_alcohol", None);
    put("people_other", None);
    put("people_support_lt7", t("not known"));
    put("people_support_7_40", t("n/k"));
    put("people_support_gt40", None);
    put("outcomes_total", n(457.0));
    put("outcomes_new", t(" 300 "));
    put("outcomes_retained", t("150"));
    put("outcomes_self_employed", t("7"));
    for g in [
        "ld",
        "physical_sensory",
        "mh",
        "autism",
        "homeless",
        "drug_alcohol",
        "other",
        "support_lt7",
        "support_7_40",
        "support_gt40",
    ] {
        put(&format!("outcomes_{g}"), None);
    }
    save("layout_a_full.xlsx", &[a, SheetOut::new("Notes")]);

    // Layout A with the key column deleted and rows reordered or removed;
    // the period typed as 2011/12 and turned into a date by Excel.
    let mut a2 = SheetOut::new("Return");
    rows(
        &mut a2,
        0,
        0,
        &[
            &[t("question"), t("value")],
            &[t("Name of service:"), t("Working Minds")],
            &[t("Commissioner:"), t("Leeds City Council")],
            &[
                t("Please state which year data /activity relates to"),
                Some(Out::Date(2011, 12, 1)),
            ],
            &[
                t("Total Amount that this service cost to run in 2011-12 or 2012-13"),
                t("£95k"),
            ],
            &[
                t("Overall number who received support in 2011-12 or 2012-13"),
                n(80.0),
            ],
            &[t("People who received support - Mental Health"), n(70.0)],
            &[
                t("People who received support - Learning Disability"),
                n(10.0),
            ],
            &[
                t("Overall number supported to gain / retain a job in 2011-12 or 2012-13"),
                t("not known"),
            ],
            &[t("Comments"), t("a lovely team")],
        ],
    );
    save("layout_a_no_keys.xlsx", &[a2]);

    // Layout B, the study's form (RETURN_FORMAT.md §1.4), with its slip of
    // labelling the support-level split "Nature of disability".
    let mut b = SheetOut::new("Data request");
    rows(
        &mut b,
        6,
        1,
        &[
            &[t("Name/s:"), t("J. Smith")],
            &[t("Contact detail/s:"), t("01234 567890")],
            &[
                t("Please state which year data /activity relates to: 2011/12 or 2012/13"),
                t("2012/13"),
            ],
        ],
    );
    rows(
        &mut b,
        11,
        1,
        &[
            &[t("Commissioner:"), t("Stockport MBC")],
            &[t("Name of service:"), t("Supported Employment Team")],
            &[],
            &[t(
                "Which of the following models best describes your service?",
            )],
            &[t(M1), t("x"), t(M2), t("x")],
            &[t(M3), None, t(M4), t("X")],
            &[],
            &[
                t("Total Amount that this service cost to run in 2011-12 or 2012-13"),
                t("£182,400"),
            ],
            &[],
            &[t(
                "3. About the people using this employment support service:",
            )],
            &[
                t("Overall number who received support in 2011-12 or 2012-13"),
                n(96.0),
            ],
            &[
                None,
                t("Learning Disability"),
                t("Physical/Sensory"),
                t("Mental Health"),
                t("Homelessness"),
                t("Drug & Alcohol"),
                t("Other"),
            ],
            &[
                t("Above total split by Nature of disability / support need"),
                n(60.0),
                n(4.0),
                n(30.0),
                n(0.0),
                n(0.0),
                n(2.0),
            ],
            &[
                t("Above total split by Nature of disability / support need"),
                t("Less than 7 hrs/wk"),
                t("7-40 hrs/wk"),
                t("More than 40 hrs/wk"),
                t(
                    "NB - We are asking this as a way of gauging complexity of disability without assigning unhelpful labels.",
                ),
            ],
            &[None, n(50.0), n(40.0), n(6.0)],
            &[],
            &[t("5. About outcomes from this employment support:")],
            &[
                t("Overall number supported to gain / retain a job in 2011-12 or 2012-13"),
                n(41.0),
            ],
            &[
                None,
                t("Gained new job"),
                t("Retained existing job"),
                t("Became self employed"),
            ],
            &[
                t("Above total split by type of job outcome"),
                n(25.0),
                n(15.0),
                n(1.0),
            ],
            &[
                None,
                t("Learning Disability"),
                t("Physical / Sensory"),
                t("Mental Health"),
                t("Homeless-ness"),
                t("Drug and alcohol"),
                t("Other"),
            ],
            &[
                t("Above total split by Nature of disability / support need"),
                n(30.0),
                None,
                n(10.0),
                None,
                None,
                n(1.0),
            ],
            &[
                None,
                t("Less than 7 hrs / wk"),
                t("7-40hrs/wk"),
                t("More than 40 hrs / wk"),
            ],
            &[
                t(
                    "Above total split by level of support needed (general, not just employment) in a typical week",
                ),
                t("not known"),
                t("not known"),
                t("not known"),
            ],
        ],
    );
    save("layout_b_study.xlsx", &[b]);

    // Layout B, a local copy that names its year only in the questions,
    // with a guidance sheet that is not a return.
    let mut g = SheetOut::new("Guidance");
    g.put(0, 0, "Please complete the Return sheet for each service.");
    let mut b2 = SheetOut::new("Return 2012-13");
    rows(
        &mut b2,
        1,
        0,
        &[
            &[t("Name of service:"), t("Jobs Club")],
            &[t("Commissioner:"), t("Wigan Council")],
            &[t("Please state which year data /activity relates to:")],
            &[
                t("Total Amount that this service cost to run in 2012-13"),
                n(30000.0),
            ],
            &[t("Overall number who received support in 2012-13"), n(25.0)],
            &[
                t("Overall number supported to gain / retain a job in 2012-13"),
                n(5.0),
            ],
        ],
    );
    save("layout_b_local.xlsx", &[g, b2]);

    // Layout C as a workbook: keys as headers, typed cells.
    let mut c = SheetOut::new("Services");
    rows(
        &mut c,
        0,
        0,
        &[
            &[
                t("service_name"),
                t("commissioner"),
                t("period"),
                t("total_cost"),
                t("people_total"),
                t("outcomes_total"),
                t("outcomes_new"),
                t("outcomes_retained"),
                t("outcomes_self_employed"),
            ],
            &[
                t("North Team"),
                t("Kent County Council"),
                t("2012/13"),
                n(120000.0),
                n(60.0),
                n(30.0),
                n(20.0),
                n(10.0),
                n(0.0),
            ],
            &[
                t("South Team"),
                t("Kent County Council"),
                t("2012/13"),
                n(80000.5),
                n(40.0),
                n(10.0),
                n(10.0),
                None,
                None,
            ],
        ],
    );
    save("layout_c_batch.xlsx", &[c]);

    // Not a return: a budget workbook.
    let mut u = SheetOut::new("Budget");
    rows(
        &mut u,
        0,
        0,
        &[
            &[t("Cost centre"), t("Q1"), t("Q2")],
            &[t("Day services"), n(1000.0), n(1200.0)],
        ],
    );
    save("bad/unrelated.xlsx", &[u]);

    // A workbook cut off part-way through copying.
    let full = std::fs::read(fixture_path("layout_a_full.xlsx")).expect("read");
    std::fs::write(fixture_path("bad/truncated.xlsx"), &full[..full.len() / 2]).expect("write");
}
