//! The commissioner survey (return kind `commissioner`): both layouts, the
//! study's cleaning, and every survey table against hand-computed figures.
//!
//! Fixtures (tests/fixtures/commissioner/, see the README there):
//! - `study_table2.csv`: 99 responses built to reproduce the study's Table
//!   2 and five-year figures, plus an abandoned start and a duplicate start;
//! - `small_export.csv`: five responses (one abandoned, one a duplicate,
//!   Leeds answering twice) whose every table is worked out below;
//! - `stockport_form.xlsx`: the paper form as a local copy made outside
//!   jobtally (tick boxes beside printed answers), and
//!   `stockport_services.csv`: a service return naming "Stockport MBC".

use jobtally::store::Store;

use crate::harness::*;

fn close(actual: Option<f64>, expected: f64, what: &str) {
    assert_close(actual, Some(expected), what);
}

fn queue_rules(ws: &Ws) -> Vec<(String, String)> {
    let store = Store::open(&ws.workspace().state_db()).expect("store");
    jobtally::store::anomalies::all(store.conn())
        .expect("anomalies")
        .into_iter()
        .map(|a| (a.rule, a.service_key))
        .collect()
}

#[test]
fn survey_export_reproduces_the_studys_table_2() {
    let ws = Ws::new();
    ws.drop_fixture("commissioner/study_table2.csv", None);
    let out = ws.run();
    assert!(out.contains("101 survey responses read"), "{out}");
    let bc = table(&ws, "budget_change");
    // (stream, subset, n, increase, equal, decrease, cut) as counts of n.
    let expected = [
        ("social_care", "whole", 69, [21, 18, 28, 2], [30, 26, 41, 3]),
        (
            "social_care",
            "accurate",
            28,
            [11, 5, 11, 1],
            [39, 18, 39, 4],
        ),
        ("health", "whole", 35, [10, 12, 9, 4], [29, 34, 26, 11]),
        ("health", "accurate", 12, [2, 4, 5, 1], [17, 33, 42, 8]),
        ("combined", "whole", 17, [8, 2, 7, 0], [47, 12, 41, 0]),
        ("combined", "accurate", 2, [0, 1, 1, 0], [0, 50, 50, 0]),
    ];
    assert_eq!(bc.height(), 6);
    for (stream, subset, n, counts, published) in expected {
        let i = row(&bc, &[("stream", stream), ("subset", subset)]);
        assert_eq!(f(&bc, i, "n"), Some(n as f64), "{stream} {subset} n");
        for ((col, k), p) in ["pct_increase", "pct_equal", "pct_decrease", "pct_cut"]
            .iter()
            .zip(counts)
            .zip(published)
        {
            let got = f(&bc, i, col);
            close(
                got,
                100.0 * k as f64 / n as f64,
                &format!("{stream} {subset} {col}"),
            );
            assert_eq!(
                got.map(|v| v.round() as i64),
                Some(p),
                "published {stream} {subset} {col}"
            );
        }
    }
    // "22 % less, 22 % same, 44 % more" of all 99; subset 24 / 24 / 53 of 34.
    let fy = table(&ws, "five_year");
    let w = row(&fy, &[("subset", "whole")]);
    assert_eq!(f(&fy, w, "n"), Some(99.0));
    close(f(&fy, w, "pct_more"), 4400.0 / 99.0, "five-year more");
    close(f(&fy, w, "pct_same"), 2200.0 / 99.0, "five-year same");
    close(f(&fy, w, "pct_less"), 2200.0 / 99.0, "five-year less");
    close(
        f(&fy, w, "pct_not_answered"),
        1100.0 / 99.0,
        "five-year none",
    );
    let a = row(&fy, &[("subset", "accurate")]);
    assert_eq!(f(&fy, a, "n"), Some(34.0));
    close(f(&fy, a, "pct_more"), 1800.0 / 34.0, "subset more");
    close(f(&fy, a, "pct_less"), 800.0 / 34.0, "subset less");
    // The abandoned and the repeated start are left out, and listed.
    let rules = queue_rules(&ws);
    assert!(
        rules.contains(&(
            "survey_incomplete_start".into(),
            "survey/halton/6001".into()
        )),
        "{rules:?}"
    );
    assert!(
        rules.contains(&(
            "survey_duplicate_start".into(),
            "survey/hartlepool/6002".into()
        )),
        "{rules:?}"
    );
    let responses = table(&ws, "survey_responses");
    assert_eq!(responses.height(), 101);
    let dup = row(&responses, &[("response_key", "survey/hartlepool/6002")]);
    assert_eq!(
        cell_str_at(&responses, dup, "status").as_deref(),
        Some("duplicate_start")
    );
    assert_eq!(
        cell_str_at(&responses, dup, "duplicate_of").as_deref(),
        Some("survey/hartlepool/5000")
    );
}

fn cell_str_at(df: &polars::prelude::DataFrame, i: usize, col: &str) -> Option<String> {
    df.column(col).ok()?.str().ok()?.get(i).map(str::to_string)
}

/// small_export.csv, by hand. Counted responses: 1 Stockport (accurate),
/// 4 Leeds, 5 Leeds City Council; 2 is an abandoned start, 3 repeats 1.
#[test]
fn every_survey_table_matches_hand_computed_figures() {
    let ws = Ws::new();
    ws.drop_fixture("commissioner/small_export.csv", None);
    ws.run();
    // Social care 2011-12 -> 2012-13: 1 120k -> 60k decrease, 4 200k -> 0 cut,
    // 5 250k -> 250k equal. Health: 1 50k = 50k, 5 80k -> 60k decrease.
    let bc = table(&ws, "budget_change");
    let sc = row(&bc, &[("stream", "social_care"), ("subset", "whole")]);
    assert_eq!(f(&bc, sc, "n"), Some(3.0));
    close(f(&bc, sc, "pct_increase"), 0.0, "sc increase");
    for col in ["pct_equal", "pct_decrease", "pct_cut"] {
        close(f(&bc, sc, col), 100.0 / 3.0, col);
    }
    let h = row(&bc, &[("stream", "health"), ("subset", "accurate")]);
    assert_eq!(f(&bc, h, "n"), Some(1.0));
    close(f(&bc, h, "pct_equal"), 100.0, "health subset equal");
    let c = row(&bc, &[("stream", "combined"), ("subset", "whole")]);
    assert_eq!(f(&bc, c, "n"), Some(0.0));
    assert_eq!(f(&bc, c, "pct_increase"), None, "no responses: null, not 0");

    // pb_allowed: 1 yes, 4 no, 5 "dont know" (not known).
    let pb = table(&ws, "pb_use");
    for (answer, pct) in [
        ("yes", 100.0 / 3.0),
        ("no", 100.0 / 3.0),
        ("not_known", 100.0 / 3.0),
        ("not_answered", 0.0),
    ] {
        let i = row(
            &pb,
            &[
                ("question", "pb_allowed"),
                ("answer", answer),
                ("subset", "whole"),
            ],
        );
        assert_eq!(f(&pb, i, "n"), Some(3.0));
        close(f(&pb, i, "pct"), pct, answer);
    }
    // pb_used: 1 know_yes, 4 dont_know ("We don't know either way"), 5 blank.
    let i = row(
        &pb,
        &[
            ("question", "pb_used"),
            ("answer", "dont_know"),
            ("subset", "whole"),
        ],
    );
    close(f(&pb, i, "pct"), 100.0 / 3.0, "pb_used dont_know");

    // Numbers receiving support: 1 yes, 4 no, 5 yes; nobody else asked.
    let dc = table(&ws, "data_collected");
    let r = row(&dc, &[("item", "collects_receiving"), ("subset", "whole")]);
    assert_eq!(f(&dc, r, "n"), Some(2.0 + 1.0));
    close(f(&dc, r, "pct_yes"), 200.0 / 3.0, "receiving");
    let e = row(&dc, &[("item", "collects_eligible"), ("subset", "whole")]);
    assert_eq!((f(&dc, e, "n"), f(&dc, e, "pct_yes")), (Some(0.0), None));

    // Only 1 breaks spend down: paid work MH 10k, LD 30k; volunteering LD 5k.
    let mix = table(&ws, "spend_mix");
    let ld = row(
        &mix,
        &[
            ("client_group", "ld"),
            ("support_type", "paid_work"),
            ("subset", "whole"),
        ],
    );
    assert_eq!(f(&mix, ld, "n"), Some(1.0));
    close(
        f(&mix, ld, "pct"),
        30_000.0 / 35_000.0 * 100.0,
        "ld paid work",
    );
    let all = row(
        &mix,
        &[
            ("client_group", "all"),
            ("support_type", "volunteering"),
            ("subset", "whole"),
        ],
    );
    close(
        f(&mix, all, "pct"),
        5_000.0 / 45_000.0 * 100.0,
        "all volunteering",
    );
    let given = table(&ws, "breakdown_given");
    let w = row(&given, &[("subset", "whole")]);
    close(f(&given, w, "pct_given"), 100.0 / 3.0, "given");
    close(f(&given, w, "pct_unable"), 200.0 / 3.0, "unable");

    // Table 3: 1 gives 60 / blank / 40 / blank (blanks are 0); 4 gives
    // 50 / 20 / 20 / 5 (95: flagged); 5 gives none.
    let dm = table(&ws, "delivery_mix");
    for (org, mean) in [("la", 55.0), ("nhs", 10.0), ("private", 30.0), ("vcs", 2.5)] {
        let i = row(&dm, &[("organisation", org), ("subset", "whole")]);
        assert_eq!(f(&dm, i, "n"), Some(2.0));
        close(f(&dm, i, "mean_pct"), mean, org);
    }

    // Leeds answered twice: one figure per stream-year, from the more
    // complete response (4), and the disagreement is flagged on 5.
    let cs = table(&ws, "commissioner_spend");
    let l = row(
        &cs,
        &[
            ("authority", "Leeds"),
            ("stream", "social_care"),
            ("year", "2011_12"),
        ],
    );
    close(f(&cs, l, "spend"), 200_000.0, "Leeds social care 2011-12");
    assert_eq!(f(&cs, l, "responses"), Some(2.0));
    assert_eq!(
        cell_str_at(&cs, l, "response_key").as_deref(),
        Some("survey/leeds/4")
    );
    let rules = queue_rules(&ws);
    assert!(
        rules.contains(&(
            "survey_disagreement".into(),
            "survey/leeds-city-council/5".into()
        )),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("survey_delivery_sum".into(), "survey/leeds/4".into())),
        "{rules:?}"
    );
    assert!(
        !rules
            .iter()
            .any(|(r, k)| r == "survey_delivery_sum" && k != "survey/leeds/4"),
        "{rules:?}"
    );
    // Leeds 2011-12: social care 200k (from 4) + health 80k (only 5 gives it).
    let av = table(&ws, "authority_value");
    let l = row(&av, &[("authority", "Leeds"), ("period", "2011/12")]);
    close(
        f(&av, l, "reported_spend"),
        280_000.0,
        "Leeds reported spend",
    );
    assert_eq!(f(&av, l, "services"), Some(0.0));
    assert_eq!(
        f(&av, l, "coverage_pct"),
        None,
        "no services: coverage null"
    );
}

#[test]
fn paper_form_reads_and_meets_its_services_through_the_reference_data() {
    let ws = Ws::new();
    ws.drop_fixture("commissioner/stockport_form.xlsx", None);
    ws.drop_fixture("commissioner/stockport_services.csv", None);
    let out = ws.run();
    assert!(out.contains("0 files rejected"), "{out}");
    let r = ws
        .returns()
        .into_iter()
        .find(|r| r.data.kind == jobtally::ingest::ReturnKind::Commissioner)
        .expect("the form's response")
        .data;
    assert_eq!(r.layout, jobtally::ingest::Layout::Form);
    assert_eq!(r.value("spend_social_care_2012_13"), &num(180_000.0));
    assert_eq!(
        r.value("spend_health_2010_11"),
        &jobtally::ingest::Value::Missing,
        "a printed £ is blank"
    );
    assert_eq!(
        r.value("spend_accuracy"),
        &text("accurate"),
        "the ticked box"
    );
    assert_eq!(
        r.value("breakdown_accuracy"),
        &text("rough"),
        "the second accuracy question"
    );
    assert_eq!(r.value("five_year"), &text("more"));
    assert_eq!(r.value("facs"), &text("open"));
    assert_eq!(r.value("pb_used"), &text("dont_know"));
    assert_eq!(r.value("breakdown_paid_work_ld"), &num(60_000.0));
    assert_eq!(r.value("delivery_vcs_pct"), &num(70.0));
    assert_eq!(r.value("rank_user_demand"), &num(2.0));
    assert_eq!(
        r.value("confirms_commissioner"),
        &jobtally::ingest::Value::Tick(true)
    );

    // "Stockport Metropolitan Borough Council" (form) and "Stockport MBC"
    // (service return) are one authority. 2011-12: spend 200k + 50k; the
    // service costs 150k for 100 people and 30 jobs.
    let av = table(&ws, "authority_value");
    let i = row(
        &av,
        &[("authority_code", "E08000007"), ("period", "2011/12")],
    );
    close(f(&av, i, "reported_spend"), 250_000.0, "reported spend");
    assert_eq!(f(&av, i, "services"), Some(1.0));
    close(f(&av, i, "services_cost"), 150_000.0, "services' cost");
    close(f(&av, i, "coverage_pct"), 60.0, "coverage");
    close(
        f(&av, i, "spend_per_outcome"),
        250_000.0 / 30.0,
        "spend per job",
    );
    close(f(&av, i, "spend_per_person"), 2_500.0, "spend per person");
    close(
        f(&av, i, "services_cost_per_outcome"),
        5_000.0,
        "services' cost per job",
    );
    let j = row(
        &av,
        &[("authority_code", "E08000007"), ("period", "2012/13")],
    );
    close(f(&av, j, "reported_spend"), 230_000.0, "2012-13 spend");
    assert_eq!(
        f(&av, j, "spend_per_outcome"),
        None,
        "no services that year"
    );
}

#[test]
fn template_form_round_trips_and_demo_writes_responses() {
    let ws = Ws::new();
    let blank = ws.dir.path().join("survey.xlsx");
    ws.cmd()
        .args(["template", "--kind", "commissioner", "--out"])
        .arg(&blank)
        .assert()
        .success();
    // A blank form is refused as blank, not read as a response.
    let bytes = std::fs::read(&blank).expect("template");
    let err = jobtally::kinds::read::read_bytes(
        "survey.xlsx",
        &bytes,
        &Default::default(),
        jobtally::ingest::Schema::builtin(),
    )
    .expect_err("blank");
    assert!(err.to_string().contains("no figures"), "{err}");

    ws.cmd()
        .args(["demo", "--services", "40"])
        .assert()
        .success();
    let out = ws.run();
    assert!(out.contains("0 files rejected"), "{out}");
    let responses = table(&ws, "survey_responses");
    let column = |name: &str| -> Vec<String> {
        (0..responses.height())
            .filter_map(|i| cell_str_at(&responses, i, name))
            .collect()
    };
    let forms = column("layout")
        .iter()
        .filter(|l| *l == "survey form")
        .count();
    assert_eq!(forms, 2, "two responses arrive as paper forms");
    let statuses = column("status");
    assert!(
        statuses.iter().any(|s| s == "incomplete_start"),
        "{statuses:?}"
    );
    assert!(
        statuses.iter().any(|s| s == "duplicate_start"),
        "{statuses:?}"
    );
    let rules = queue_rules(&ws);
    assert!(
        rules.iter().any(|(r, _)| r == "survey_disagreement"),
        "{rules:?}"
    );
    // The demo names authorities as the reference data does, not as the
    // service returns spell them, and they still meet.
    let av = table(&ws, "authority_value");
    let covered = (0..av.height())
        .filter(|&i| f(&av, i, "coverage_pct").is_some())
        .count();
    assert!(covered > 0, "some authority has both spend and services");
}
