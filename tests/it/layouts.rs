//! Each layout and each value convention, through `jobtally run`, asserting
//! the exact values stored for the return (RETURN_FORMAT.md §1.2-§1.6).

use jobtally::ingest::{Layout, Severity, Value};

use crate::harness::*;

fn has_note(
    r: &jobtally::ingest::Return,
    rule: &str,
    field: Option<&str>,
    severity: Severity,
) -> bool {
    r.notes.iter().any(|n| {
        n.rule == rule && n.severity == severity && (field.is_none() || n.field.as_deref() == field)
    })
}

#[test]
fn layout_a_reads_every_value_convention() {
    let ws = Ws::new();
    ws.drop_fixture("layout_a_full.xlsx", None);
    ws.run();
    let r = ws.return_named("Supported Employment Team");
    assert_eq!(r.layout, Layout::Template);
    assert_eq!(
        r.value("collector_name"),
        &text("Jo Bloggs"),
        "text is trimmed"
    );
    assert_eq!(r.value("period"), &text("2011/12"), "FY2011/12");
    assert_eq!(r.value("commissioner"), &text("Stockport MBC"));
    assert_eq!(r.value("total_cost"), &num(263132.0), "£263,132.00");
    assert_eq!(r.value("people_total"), &num(1204.0), "1,204");
    // Percentages converted with round(pct x total).
    assert_eq!(r.value("people_ld"), &num(602.0));
    assert_eq!(r.value("people_physical_sensory"), &num(120.0));
    assert_eq!(r.value("people_mh"), &num(482.0));
    assert_eq!(r.value("people_autism"), &num(0.0));
    assert!(has_note(&r, "percent_split", None, Severity::Info));
    // Blank cells beside filled categories are 0, noted.
    assert_eq!(r.value("people_homeless"), &num(0.0));
    assert_eq!(r.value("people_other"), &num(0.0));
    assert!(has_note(
        &r,
        "blank_split_zero",
        Some("people_homeless"),
        Severity::Info
    ));
    // "not known" stays not known; a blank beside only not-knowns stays missing.
    assert_eq!(r.value("people_support_lt7"), &Value::NotKnown);
    assert_eq!(r.value("people_support_7_40"), &Value::NotKnown);
    assert_eq!(r.value("people_support_gt40"), &Value::Missing);
    assert_eq!(r.value("outcomes_total"), &num(457.0), "a number cell");
    assert_eq!(r.value("outcomes_new"), &num(300.0), "' 300 '");
    assert_eq!(r.value("outcomes_retained"), &num(150.0));
    assert_eq!(r.value("outcomes_self_employed"), &num(7.0));
    // A split left wholly blank is missing, not zero.
    assert_eq!(r.value("outcomes_ld"), &Value::Missing);
    assert_eq!(r.value("outcomes_support_gt40"), &Value::Missing);
    // Ticks.
    assert_eq!(r.value("model_retention"), &Value::Tick(true), "x");
    assert_eq!(r.value("model_place_train"), &Value::Tick(true), "✓");
    assert_eq!(
        r.value("model_mainstream_training"),
        &Value::Tick(false),
        "no"
    );
    assert_eq!(r.value("model_train_place"), &Value::Tick(false), "blank");
    assert_eq!(r.value("model_life_stage"), &Value::Tick(true), "Yes");
    assert_eq!(r.value("model_funding_mechanism"), &Value::Tick(false), "0");
    assert!(
        !r.notes.iter().any(|n| n.severity != Severity::Info),
        "{:?}",
        r.notes
    );
}

#[test]
fn layout_a_without_key_column_reads_by_question() {
    let ws = Ws::new();
    ws.drop_fixture("layout_a_no_keys.xlsx", None);
    ws.run();
    let r = ws.return_named("Working Minds");
    assert_eq!(r.layout, Layout::Template);
    // Excel turned the typed 2011/12 into 1 Dec 2011.
    assert_eq!(r.value("period"), &text("2011/12"));
    assert!(has_note(
        &r,
        "period_from_date",
        Some("period"),
        Severity::Info
    ));
    assert_eq!(r.value("total_cost"), &num(95000.0), "£95k");
    assert!(has_note(
        &r,
        "interpreted_money",
        Some("total_cost"),
        Severity::Info
    ));
    assert_eq!(r.value("people_total"), &num(80.0));
    assert_eq!(r.value("people_mh"), &num(70.0));
    assert_eq!(r.value("people_ld"), &num(10.0));
    // Rows the officer deleted are missing, not zero.
    assert_eq!(r.value("people_other"), &Value::Missing);
    assert_eq!(r.value("outcomes_total"), &Value::NotKnown);
}

#[test]
fn layout_b_reads_the_study_form() {
    let ws = Ws::new();
    ws.drop_fixture("layout_b_study.xlsx", None);
    ws.run();
    let r = ws.return_named("Supported Employment Team");
    assert_eq!(r.layout, Layout::Form);
    assert_eq!(r.value("collector_name"), &text("J. Smith"));
    assert_eq!(r.value("collector_contact"), &text("01234 567890"));
    assert_eq!(r.value("period"), &text("2012/13"));
    assert_eq!(r.value("commissioner"), &text("Stockport MBC"));
    assert_eq!(r.value("total_cost"), &num(182400.0));
    assert_eq!(r.value("people_total"), &num(96.0));
    let people = [
        "ld",
        "physical_sensory",
        "mh",
        "homeless",
        "drug_alcohol",
        "other",
    ]
    .map(|g| r.number(&format!("people_{g}")));
    assert_eq!(
        people,
        [
            Some(60.0),
            Some(4.0),
            Some(30.0),
            Some(0.0),
            Some(0.0),
            Some(2.0)
        ]
    );
    assert_eq!(
        r.value("people_autism"),
        &Value::Missing,
        "not on the reduced form"
    );
    // The support split is labelled "Nature of disability" on the form:
    // its categories decide.
    let support =
        ["support_lt7", "support_7_40", "support_gt40"].map(|g| r.number(&format!("people_{g}")));
    assert_eq!(support, [Some(50.0), Some(40.0), Some(6.0)]);
    assert_eq!(r.value("outcomes_total"), &num(41.0));
    let types = ["new", "retained", "self_employed"].map(|g| r.number(&format!("outcomes_{g}")));
    assert_eq!(types, [Some(25.0), Some(15.0), Some(1.0)]);
    // Outcome splits belong to the outcomes section; blanks beside figures are 0.
    let og = [
        "ld",
        "physical_sensory",
        "mh",
        "homeless",
        "drug_alcohol",
        "other",
    ]
    .map(|g| r.number(&format!("outcomes_{g}")));
    assert_eq!(
        og,
        [
            Some(30.0),
            Some(0.0),
            Some(10.0),
            Some(0.0),
            Some(0.0),
            Some(1.0)
        ]
    );
    for g in ["support_lt7", "support_7_40", "support_gt40"] {
        assert_eq!(r.value(&format!("outcomes_{g}")), &Value::NotKnown);
    }
    // Two model labels on one row, one of them unticked.
    assert_eq!(r.value("model_retention"), &Value::Tick(true));
    assert_eq!(r.value("model_place_train"), &Value::Tick(true));
    assert_eq!(r.value("model_mainstream_training"), &Value::Tick(false));
    assert_eq!(r.value("model_train_place"), &Value::Tick(true));
    assert_eq!(
        r.value("model_life_stage"),
        &Value::Missing,
        "row not on this form"
    );
}

#[test]
fn layout_b_takes_the_period_from_the_prompts() {
    let ws = Ws::new();
    ws.drop_fixture("layout_b_local.xlsx", None);
    let out = ws.run();
    assert!(out.contains("1 file accepted"), "{out}");
    let r = ws.return_named("Jobs Club");
    assert_eq!(r.value("period"), &text("2012/13"));
    assert!(has_note(
        &r,
        "period_from_prompt",
        Some("period"),
        Severity::Info
    ));
    assert_eq!(r.value("total_cost"), &num(30000.0));
    assert_eq!(r.value("outcomes_total"), &num(5.0));
}

#[test]
fn layout_c_csv_utf8_with_bom() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    assert_eq!(ws.returns().len(), 5, "the empty row is skipped");
    let s1 = ws.return_named("S1 LD Team");
    assert_eq!(s1.layout, Layout::Batch);
    assert_eq!(s1.value("total_cost"), &num(100000.0), "\"100,000\"");
    assert_eq!(
        s1.extras.get("extra_notes").map(String::as_str),
        Some("checked")
    );
    let s3 = ws.return_named("S3 Mixed Service");
    assert_eq!(s3.value("period"), &text("2012/13"), "2012/2013");
    assert_eq!(
        s3.value("people_homeless"),
        &num(0.0),
        "blank beside figures"
    );
    assert_eq!(s3.value("people_support_lt7"), &Value::NotKnown);
    assert_eq!(s3.value("people_autism"), &Value::Missing, "no such column");
    let s5 = ws.return_named("S5 Big MH");
    assert_eq!(s5.value("period"), &text("2011/12"), "11/12");
    assert_eq!(s5.value("total_cost"), &num(500000.0), "£500k");
}

#[test]
fn layout_c_csv_windows_1252_semicolons_and_question_headers() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_cp1252.csv", None);
    ws.run();
    let r = ws.return_named("Café Jobs");
    assert_eq!(
        r.value("commissioner"),
        &text("Brighton & Hove City Council")
    );
    assert_eq!(r.value("period"), &text("2012/13"));
    assert_eq!(r.value("total_cost"), &num(12500.0), "£ in Windows-1252");
    assert_eq!(r.value("people_total"), &num(25.0));
    assert_eq!(r.value("outcomes_total"), &Value::NotKnown, "n/k");
    let r2 = ws.return_named("Route to Work");
    assert_eq!(r2.value("period"), &text("2012/13"), "2012 to 2013");
    assert_eq!(r2.value("total_cost"), &num(8000.5));
}

#[test]
fn layout_c_workbook() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_batch.xlsx", None);
    ws.run();
    let north = ws.return_named("North Team");
    assert_eq!(north.layout, Layout::Batch);
    assert_eq!(north.value("outcomes_self_employed"), &num(0.0));
    let south = ws.return_named("South Team");
    assert_eq!(south.value("total_cost"), &num(80000.5));
    assert_eq!(
        south.value("outcomes_retained"),
        &num(0.0),
        "blank beside figures"
    );
}

#[test]
fn a_period_naming_two_years_is_unresolved() {
    let ws = Ws::new();
    ws.drop_fixture("period_unresolved.csv", None);
    ws.run();
    let r = ws.return_named("Team");
    assert_eq!(
        r.value("period"),
        &Value::Invalid("2011/12 or 2012/13".into())
    );
    assert!(has_note(
        &r,
        "period_unresolved",
        Some("period"),
        Severity::Error
    ));
}

#[test]
fn an_old_xls_workbook_is_read_like_any_other() {
    // Made by an old Excel writer (BIFF8 in an OLE container), not by jobtally.
    let ws = Ws::new();
    ws.drop_fixture("layout_b_old_excel.xls", None);
    let out = ws.run();
    assert!(out.contains("1 file accepted"), "{out}");
    let r = ws.return_named("Old Format Team");
    assert_eq!(r.layout, Layout::Form);
    assert_eq!(r.value("period"), &text("2012/13"));
    assert_eq!(r.value("total_cost"), &num(87500.0));
    assert_eq!(r.value("people_ld"), &num(50.0));
    assert_eq!(r.value("people_mh"), &num(15.0));
    assert_eq!(r.value("outcomes_total"), &num(28.0));
    assert_eq!(
        r.value("outcomes_self_employed"),
        &num(0.0),
        "blank beside figures"
    );
}

#[test]
fn an_xlsx_that_is_really_an_old_xls_is_still_read() {
    // Officers rename files; the content decides, not the name.
    let ws = Ws::new();
    ws.drop_fixture("layout_b_old_excel.xls", Some("renamed.xlsx"));
    let out = ws.run();
    assert!(out.contains("1 file accepted"), "{out}");
}
