//! Person-level records (kind `person`), the collection tracker and
//! privacy (`../shared/returns/person.md`).
//!
//! - `config/examples/jobs_first_baseline.csv` (what `jobtally demo`
//!   writes): 74 baseline records built to the Jobs First interim report's
//!   Tables 2-5, with `config/examples/jobs_first_expected.csv` (20 per
//!   cohort per site and round, five active sites);
//! - `tests/fixtures/people/outcomes.csv`: eight people in Newham at
//!   baseline and follow-up, worked by hand below;
//! - `tests/fixtures/people/privacy.csv`: a names column, a postcode column
//!   and an NHS-number column.

use jobtally::store::Store;

use crate::harness::*;

const RECORDS: &str = "../../config/examples/jobs_first_baseline.csv";
const EXPECTED: &str = "config/examples/jobs_first_expected.csv";

fn close(actual: Option<f64>, expected: f64, what: &str) {
    assert_close(actual, Some(expected), what);
}

fn with_expected(ws: &Ws, csv: &str) {
    std::fs::create_dir_all(ws.path("reference")).expect("reference dir");
    std::fs::write(ws.path("reference/expected.csv"), csv).expect("expected.csv");
}

fn queue(ws: &Ws) -> Vec<jobtally::store::anomalies::Anomaly> {
    let store = Store::open(&ws.workspace().state_db()).expect("store");
    jobtally::store::anomalies::all(store.conn()).expect("anomalies")
}

fn cell(df: &polars::prelude::DataFrame, i: usize, col: &str) -> String {
    df.column(col)
        .ok()
        .and_then(|c| c.str().ok().and_then(|s| s.get(i).map(str::to_string)))
        .unwrap_or_default()
}

fn jobs_first() -> Ws {
    let ws = Ws::new();
    let expected =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED))
            .expect("expected");
    with_expected(&ws, &expected);
    ws.drop_fixture(RECORDS, Some("jobs first.csv"));
    let out = ws.run();
    assert!(out.contains("74 person records"), "{out}");
    ws
}

#[test]
fn the_reports_sample_tables_are_reproduced_from_records() {
    let ws = jobs_first();
    // Table 2, sample by site: received and column percentages.
    let cs = table(&ws, "collection_status");
    let at = |site: &str, cohort: &str| {
        row(
            &cs,
            &[
                ("site", site),
                ("cohort", cohort),
                ("collection", "baseline"),
            ],
        )
    };
    for (site, jf, cg, jf_pct, cg_pct, all_pct) in [
        ("Leicester", 8.0, 0.0, 18, 0, 11),
        ("Newham", 8.0, 9.0, 18, 30, 23),
        ("North Tyneside", 11.0, 10.0, 25, 33, 28),
        ("Northamptonshire", 17.0, 11.0, 39, 37, 38),
    ] {
        let (j, c, a) = (
            at(site, "jobs_first"),
            at(site, "comparison"),
            at(site, "all"),
        );
        assert_eq!(f(&cs, j, "received"), Some(jf), "{site} JF");
        assert_eq!(f(&cs, c, "received"), Some(cg), "{site} comparison");
        let pct = |i: usize| f(&cs, i, "share_of_received").map(|p| p.round() as i64);
        assert_eq!(
            (pct(j), pct(c), pct(a)),
            (Some(jf_pct), Some(cg_pct), Some(all_pct)),
            "{site}"
        );
    }
    let h = at("Herefordshire", "all");
    assert_eq!(
        (f(&cs, h, "received"), cell(&cs, h, "status")),
        (Some(0.0), "none".into())
    );
    let total = at("all", "all");
    assert_eq!(
        (f(&cs, total, "received"), f(&cs, total, "expected")),
        (Some(74.0), Some(200.0))
    );

    // Tables 3-5: each percentage over its own denominator.
    let cp = table(&ws, "cohort_profile");
    let p = |cohort: &str, field: &str, category: &str, col: &str| {
        let i = row(
            &cp,
            &[
                ("cohort", cohort),
                ("site", "all"),
                ("field", field),
                ("category", category),
            ],
        );
        f(&cp, i, col)
    };
    let rounded = |v: Option<f64>| v.map(|v| v.round() as i64);
    // Gender: 43 of 44 JF valid; 34 men = 79 %.
    assert_eq!(p("jobs_first", "gender", "male", "n_valid"), Some(43.0));
    assert_eq!(
        rounded(p("jobs_first", "gender", "male", "pct_valid")),
        Some(79)
    );
    assert_eq!(
        rounded(p("comparison", "gender", "male", "pct_valid")),
        Some(73)
    );
    assert_eq!(rounded(p("all", "gender", "male", "pct_valid")), Some(77));
    // Ethnicity: 72 valid overall; 82 % White British, 10 % Indian, 4 % Black Caribbean.
    assert_eq!(
        p("all", "ethnicity", "white_british", "n_valid"),
        Some(72.0)
    );
    assert_eq!(
        rounded(p("all", "ethnicity", "white_british", "pct_valid")),
        Some(82)
    );
    assert_eq!(
        rounded(p("all", "ethnicity", "asian_indian", "pct_valid")),
        Some(10)
    );
    assert_eq!(
        rounded(p("all", "ethnicity", "black_caribbean", "pct_valid")),
        Some(4)
    );
    // Level of LD, as Table 4 counts it (its "Missing" row is not known):
    // 23 JF recorded, 61 / 26 / 13 %; overall 55 / 31 / 14 % of 42.
    assert_eq!(
        p("jobs_first", "ld_level", "moderate", "n_recorded"),
        Some(23.0)
    );
    assert_eq!(
        rounded(p("jobs_first", "ld_level", "moderate", "pct_recorded")),
        Some(61)
    );
    assert_eq!(
        rounded(p(
            "jobs_first",
            "ld_level",
            "moderate_severe",
            "pct_recorded"
        )),
        Some(26)
    );
    assert_eq!(
        rounded(p("jobs_first", "ld_level", "not_known", "pct_recorded")),
        Some(13)
    );
    assert_eq!(
        rounded(p("all", "ld_level", "moderate_severe", "pct_recorded")),
        Some(31)
    );
    assert_eq!(p("jobs_first", "ld_level", "missing", "pct_recorded"), None);
    close(
        p("jobs_first", "ld_level", "missing", "pct_records"),
        2100.0 / 44.0,
        "LD missingness",
    );
    // Table 5: share of people with any additional need.
    assert_eq!(
        rounded(p("jobs_first", "additional_needs", "none", "pct_valid")),
        Some(55)
    );
    assert_eq!(
        rounded(p("comparison", "additional_needs", "none", "pct_valid")),
        Some(32)
    );
    assert_eq!(
        rounded(p(
            "jobs_first",
            "additional_needs",
            "physical_frailty",
            "pct_any"
        )),
        Some(33)
    );
    assert_eq!(
        rounded(p(
            "comparison",
            "additional_needs",
            "mental_health",
            "pct_any"
        )),
        Some(35)
    );
    assert_eq!(p("comparison", "additional_needs", "none", "pct_any"), None);

    // The report's own inconsistencies show up against the records:
    // risk from others for JF prints 52 + 49 = 101 %; 16 of 33 is 48.5 %.
    assert_eq!(
        rounded(p("jobs_first", "risk_from_others", "moderate", "pct_valid")),
        Some(48)
    );
    // Long-term condition (comparison) prints (25); 4 of the 17 with a need is 23.5 %.
    close(
        p(
            "comparison",
            "additional_needs",
            "long_term_condition",
            "pct_any",
        ),
        400.0 / 17.0,
        "LTC",
    );
    // ... and the checks raise what the study had to chase.
    let q = queue(&ws);
    let fired = |rule: &str, site: &str, field: &str| {
        q.iter()
            .any(|a| a.rule == rule && a.commissioner.as_deref() == Some(site) && a.field == field)
    };
    assert!(fired("no_records", "Herefordshire", "jobs_first"));
    assert!(fired("no_records", "Leicester", "comparison"));
    assert!(fired("below_target", "Northamptonshire", "jobs_first"));
    assert!(fired("high_missingness", "Northamptonshire", "ld_level"));
    // "Nobody was rated Severe" (the report, l.482).
    assert!(
        q.iter()
            .any(|a| a.rule == "cohort_imbalance" && a.values == "ld_level severe: nobody")
    );
    // Gender is balanced (79 % vs 73 % men): no imbalance raised for it.
    assert!(
        !q.iter()
            .any(|a| a.rule == "cohort_imbalance" && a.field == "gender")
    );
    assert!(!fired("high_missingness", "Newham", "gender"));
    assert!(
        q.iter()
            .filter(|a| a.rule.starts_with("no_records"))
            .all(|a| a.service_name.is_none())
    );
}

#[test]
fn outcomes_and_record_checks_by_hand() {
    let ws = Ws::new();
    with_expected(
        &ws,
        "site,cohort,collection,expected\nNewham,jobs_first,baseline,5\nNewham,jobs_first,follow_up,5\nNewham,comparison,baseline,3\nNewham,comparison,follow_up,3\nLeicester,jobs_first,baseline,4\n",
    );
    ws.drop_fixture("people/outcomes.csv", None);
    ws.run();
    let co = table(&ws, "cohort_outcomes");
    let jf = row(&co, &[("cohort", "jobs_first"), ("site", "Newham")]);
    // P1, P2, P3, P4, P8 at baseline; P1-P4 at follow-up; P4 withdrew.
    for (col, v) in [
        ("n_baseline", 5.0),
        ("n_follow_up", 4.0),
        ("n_paired", 4.0),
        ("n_withdrawn", 1.0),
        ("n_status_baseline", 4.0), // P8's status is not known
        ("n_paid_baseline", 1.0),   // P3
        ("n_status_follow_up", 4.0),
        ("n_paid_follow_up", 3.0), // P1, P2, P3 (self-employed)
        ("n_paired_not_paid", 3.0),
        ("n_into_paid", 2.0),
        ("n_hours", 3.0),
        ("n_16h_plus", 2.0),
    ] {
        assert_eq!(f(&co, jf, col), Some(v), "jobs_first {col}");
    }
    close(f(&co, jf, "pct_paid_baseline"), 25.0, "paid at baseline");
    close(f(&co, jf, "pct_into_paid"), 200.0 / 3.0, "into paid work");
    close(f(&co, jf, "mean_hours"), 46.0 / 3.0, "mean hours");
    // Comparison: P5, P6 at baseline (P6's follow-up says Jobs First: the
    // baseline's cohort wins); P7 has only a follow-up, kept and counted.
    let cg = row(&co, &[("cohort", "comparison"), ("site", "Newham")]);
    for (col, v) in [
        ("n_baseline", 2.0),
        ("n_follow_up", 3.0),
        ("n_paired", 2.0),
        ("n_paid_follow_up", 2.0),
        ("n_into_paid", 1.0),
        ("n_hours", 2.0),
    ] {
        assert_eq!(f(&co, cg, col), Some(v), "comparison {col}");
    }
    close(f(&co, cg, "mean_hours"), 19.0, "comparison mean hours");
    let all = row(&co, &[("cohort", "all"), ("site", "all")]);
    assert_eq!(f(&co, all, "n_baseline"), Some(7.0));

    // The tracker across rounds.
    let cs = table(&ws, "collection_status");
    let status = |site: &str, cohort: &str, collection: &str| {
        let i = row(
            &cs,
            &[
                ("site", site),
                ("cohort", cohort),
                ("collection", collection),
            ],
        );
        (
            f(&cs, i, "received"),
            f(&cs, i, "shortfall"),
            cell(&cs, i, "status"),
        )
    };
    assert_eq!(
        status("Newham", "jobs_first", "baseline"),
        (Some(5.0), Some(0.0), "met".into())
    );
    assert_eq!(
        status("Newham", "jobs_first", "follow_up"),
        (Some(4.0), Some(1.0), "below_target".into())
    );
    assert_eq!(
        status("Newham", "comparison", "baseline"),
        (Some(2.0), Some(1.0), "below_target".into())
    );
    assert_eq!(
        status("Newham", "comparison", "follow_up"),
        (Some(3.0), Some(0.0), "met".into())
    );
    assert_eq!(
        status("Leicester", "jobs_first", "baseline"),
        (Some(0.0), Some(4.0), "none".into())
    );

    // Weekly budgets: P1 £54, P2 £60, P4 £48 (P8 not known) at £25 an hour.
    let pb = table(&ws, "pb_hours");
    let i = row(&pb, &[("cohort", "jobs_first"), ("site", "Newham")]);
    assert_eq!(f(&pb, i, "n"), Some(3.0));
    close(f(&pb, i, "mean_weekly"), 54.0, "mean weekly budget");
    close(f(&pb, i, "hours_mean"), 54.0 / 25.0, "hours a week at £25");
    close(
        f(&pb, i, "social_hours_mean"),
        54.0 / 7.5,
        "hours a week at £7.50",
    );

    let q = queue(&ws);
    let has = |rule: &str, person: &str| {
        q.iter()
            .any(|a| a.rule == rule && a.service_name.as_deref() == Some(person))
    };
    assert!(
        has("duplicate_person", "P1"),
        "{:?}",
        q.iter()
            .map(|a| (&a.rule, &a.service_name))
            .collect::<Vec<_>>()
    );
    assert!(has("cohort_conflict", "P6"));
    assert!(has("follow_up_without_baseline", "P7"));
    assert!(has("unrecognised_value", "P8"));
    assert!(
        q.iter()
            .any(|a| a.rule == "unrecognised_value" && a.field == "age")
    );
    assert!(
        q.iter()
            .any(|a| a.rule == "no_records" && a.commissioner.as_deref() == Some("Leicester"))
    );
    // The later of P1's two baseline rows is kept (female).
    let cp = table(&ws, "cohort_profile");
    let female = row(
        &cp,
        &[
            ("cohort", "jobs_first"),
            ("site", "Newham"),
            ("field", "gender"),
            ("category", "female"),
        ],
    );
    assert_eq!(f(&cp, female, "n"), Some(3.0), "P1 (kept row), P2, P8");
}

#[test]
fn identifier_columns_never_reach_state_results_exports_or_the_screen() {
    let ws = Ws::new();
    ws.drop_fixture("people/privacy.csv", None);
    let out = ws.cmd().args(["run", "--verbose"]).output().expect("run");
    assert!(out.status.success());
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(report.contains("column 'Name' removed"), "{report}");
    let q = queue(&ws);
    let stripped: Vec<_> = q.iter().filter(|a| a.rule == "identifier_column").collect();
    let fields: Vec<&str> = stripped.iter().map(|a| a.field.as_str()).collect();
    assert_eq!(fields.len(), 3, "{fields:?}");
    for f in ["Name", "Home", "Ref"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    let name = stripped.iter().find(|a| a.field == "Name").expect("name");
    assert_eq!(name.values, "2 values removed");
    // Nothing of them anywhere the tool writes, nor in what the UI loads.
    let exported = ws.dir.path().join("all.xlsx");
    ws.cmd()
        .args(["export", "--table", "all", "--format", "xlsx", "--out"])
        .arg(&exported)
        .assert()
        .success();
    let queue_csv = ws
        .cmd()
        .args(["queue", "--format", "csv", "--all"])
        .output()
        .expect("queue");
    let snapshot = jobtally::tui::data::load(&ws.workspace()).expect("snapshot");
    let mut haystacks: Vec<Vec<u8>> = vec![
        queue_csv.stdout,
        format!("{snapshot:?}").into_bytes(),
        report.into_bytes(),
    ];
    for dir in ["results", "exports", "logs"] {
        for entry in jobtally::workspace::files_under(&ws.path(dir)) {
            haystacks.push(std::fs::read(entry).expect("read"));
        }
    }
    haystacks.push(std::fs::read(&exported).expect("export"));
    // Parquet and xlsx are compressed; CSV exports show any value plainly.
    for t in ["cohort_profile", "cohort_outcomes", "collection_status"] {
        let csv = ws
            .cmd()
            .args(["export", "--table", t, "--format", "csv", "--out", "-"])
            .output()
            .expect("export");
        assert!(csv.status.success());
        haystacks.push(csv.stdout);
    }
    haystacks.push(std::fs::read(ws.path("state.db")).expect("state.db"));
    if let Ok(wal) = std::fs::read(ws.path("state.db-wal")) {
        haystacks.push(wal);
    }
    for needle in [
        "Ann Smith",
        "Bob Jones",
        "SW1A",
        "E15 4HT",
        "943 476 5919",
        "485 777",
    ] {
        for h in &haystacks {
            assert!(
                !h.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} leaked"
            );
        }
    }
    // The records themselves are read; unknown columns are dropped.
    let cs = table(&ws, "collection_status");
    let i = row(
        &cs,
        &[
            ("site", "Newham"),
            ("cohort", "all"),
            ("collection", "baseline"),
        ],
    );
    assert_eq!(f(&cs, i, "received"), Some(3.0));
    // The archived file is as received, readable by its owner only.
    #[cfg(unix)]
    for entry in jobtally::workspace::files_under(&ws.path("archive")) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&entry)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{}", entry.display());
    }
}

#[test]
fn the_tracker_follows_service_returns_and_survey_responses_too() {
    let ws = Ws::new();
    with_expected(
        &ws,
        "site,cohort,collection,expected\nStockport,service,2011/12,2\nLeeds,commissioner,survey,1\nWigan,commissioner,survey,1\n",
    );
    ws.drop_fixture("commissioner/stockport_services.csv", None);
    ws.drop_fixture("commissioner/small_export.csv", None);
    ws.run();
    let cs = table(&ws, "collection_status");
    let at = |site: &str, cohort: &str, collection: &str| {
        let i = row(
            &cs,
            &[
                ("site", site),
                ("cohort", cohort),
                ("collection", collection),
            ],
        );
        (f(&cs, i, "received"), cell(&cs, i, "status"))
    };
    // "Stockport MBC" is the expected "Stockport".
    assert_eq!(
        at("Stockport", "service", "2011/12"),
        (Some(1.0), "below_target".into())
    );
    assert_eq!(
        at("Leeds", "commissioner", "survey"),
        (Some(2.0), "met".into())
    );
    assert_eq!(
        at("Wigan", "commissioner", "survey"),
        (Some(0.0), "none".into())
    );
    assert_eq!(at("Cornwall", "commissioner", "survey").1, "unexpected");
    // Return kinds are never pooled into the person cohorts' `all`.
    assert!(
        (0..cs.height())
            .all(|i| !(cell(&cs, i, "cohort") == "all" && cell(&cs, i, "site") == "Leeds"))
    );
    let i = row(
        &cs,
        &[
            ("site", "Stockport"),
            ("cohort", "service"),
            ("collection", "2011/12"),
        ],
    );
    assert!(!cell(&cs, i, "last_received").is_empty());
    let q = queue(&ws);
    assert!(q.iter().any(|a| a.rule == "no_records"
        && a.commissioner.as_deref() == Some("Wigan")
        && a.message.contains("no commissioner survey response")));
    assert!(
        q.iter()
            .any(|a| a.rule == "below_target" && a.commissioner.as_deref() == Some("Stockport"))
    );
}

#[test]
fn the_person_template_is_a_keyed_sheet_the_reader_takes() {
    let ws = Ws::new();
    let sheet = ws.dir.path().join("records.xlsx");
    ws.cmd()
        .args(["template", "--kind", "person", "--out"])
        .arg(&sheet)
        .assert()
        .success();
    let bytes = std::fs::read(&sheet).expect("template");
    let limits = Default::default();
    let schema = jobtally::ingest::Schema::builtin();
    // Empty, it is recognised as person records with no rows.
    let err = jobtally::kinds::read::read_bytes("records.xlsx", &bytes, &limits, schema)
        .expect_err("no rows");
    assert!(err.to_string().contains("no data rows"), "{err}");
    // Its header row, with one record under it, reads as that record.
    let grids = jobtally::ingest::workbook::read_workbook(&bytes, "xlsx", &limits).expect("grids");
    let keys: Vec<String> = grids[0].rows[0]
        .iter()
        .filter_map(|c| c.as_text().map(str::to_string))
        .collect();
    let row: Vec<&str> = keys
        .iter()
        .map(|k| match k.as_str() {
            "person_id" => "JF900",
            "site" => "Leicester City Council",
            "cohort" => "Jobs First",
            "collection" => "Baseline",
            "age" => "24",
            _ => "",
        })
        .collect();
    let csv = format!("{}\n{}\n", keys.join(","), row.join(","));
    let read = jobtally::kinds::read::read_bytes("records.csv", csv.as_bytes(), &limits, schema)
        .expect("read");
    assert_eq!(read.returns.len(), 1);
    let r = &read.returns[0];
    assert_eq!(r.kind, jobtally::ingest::ReturnKind::Person);
    assert_eq!(r.text("person_id"), Some("JF900"));
    assert_eq!(r.number("age"), Some(24.0));
}
