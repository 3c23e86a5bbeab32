//! Provider contract returns (kind `provider_contract`) against the
//! Tri-borough review (SEEDS_002_003.md Part B) and hand-computed figures.
//!
//! - `config/examples/tri_borough_contracts_2011_12.csv` (the shipped
//!   example, also what `jobtally demo` writes): 2011/12 contract rows
//!   whose client counts are the review's (MH 701 K&C, 334 H&F, 347
//!   Westminster; LD/PD 312, over 70 % in Westminster, H&F 5 LD and no PD),
//!   with a provider under two funders, an unsplit service (FFWS), a
//!   provider the register excludes, and the checks' planted examples.
//! - `tests/fixtures/contracts/planted.csv`: an unknown provider, a row
//!   with no funder, a total that does not add up.
//! - `tests/fixtures/contracts/clean.csv`: six rows no check may fire on.

use std::collections::BTreeSet;

use jobtally::store::Store;

use crate::harness::*;

const EXAMPLE: &str = "../../config/examples/tri_borough_contracts_2011_12.csv";

fn close(actual: Option<f64>, expected: f64, what: &str) {
    assert_close(actual, Some(expected), what);
}

fn rules(ws: &Ws) -> Vec<(String, Option<String>, Option<String>)> {
    let store = Store::open(&ws.workspace().state_db()).expect("store");
    jobtally::store::anomalies::all(store.conn())
        .expect("anomalies")
        .into_iter()
        .map(|a| (a.rule, a.commissioner, a.service_name))
        .collect()
}

fn example() -> Ws {
    let ws = Ws::new();
    ws.drop_fixture(EXAMPLE, Some("tri-borough.csv"));
    let out = ws.run();
    assert!(out.contains("19 contract rows"), "{out}");
    ws
}

#[test]
fn chart_10_jobs_needed_is_reproduced() {
    let ws = Ws::new();
    // Reference data alone give Chart 10; one contract row makes a run.
    ws.drop_fixture("contracts/clean.csv", None);
    ws.run();
    let rg = table(&ws, "rate_gap");
    let expected = [
        ("Hammersmith and Fulham", "smi", "London average", 0.0),
        ("Kensington and Chelsea", "smi", "London average", 9.0),
        ("Westminster", "smi", "London average", 20.0),
        (
            "Hammersmith and Fulham",
            "smi",
            "Kingston (best in London)",
            57.0,
        ),
        (
            "Kensington and Chelsea",
            "smi",
            "Kingston (best in London)",
            65.0,
        ),
        ("Westminster", "smi", "Kingston (best in London)", 111.0),
        ("Hammersmith and Fulham", "ld", "London average", 16.0),
        ("Kensington and Chelsea", "ld", "London average", 0.0),
        ("Westminster", "ld", "London average", 12.0),
        (
            "Hammersmith and Fulham",
            "ld",
            "Kingston (best in London)",
            65.0,
        ),
        (
            "Kensington and Chelsea",
            "ld",
            "Kingston (best in London)",
            34.0,
        ),
        ("Westminster", "ld", "Kingston (best in London)", 76.0),
    ];
    for (area, group, comparator, jobs) in expected {
        let i = row(
            &rg,
            &[
                ("area", area),
                ("client_group", group),
                ("comparator", comparator),
            ],
        );
        assert_eq!(
            f(&rg, i, "jobs_needed"),
            Some(jobs),
            "{area} {group} vs {comparator}"
        );
    }
    // The printed rates are rounded: K&C 4.9 %, Westminster 4.4 %, London 5.9 %.
    let w = row(
        &rg,
        &[
            ("area", "Westminster"),
            ("client_group", "smi"),
            ("comparator", "London average"),
        ],
    );
    assert_eq!(
        f(&rg, w, "rate").map(|r| (r * 10.0).round() / 10.0),
        Some(4.4)
    );
    close(
        f(&rg, w, "jobs_needed_exact"),
        1355.0 * (5.90 - 4.44) / 100.0,
        "exact",
    );
    // PD has a rate but no population to count jobs against.
    let pd = row(
        &rg,
        &[
            ("area", "Westminster"),
            ("client_group", "pd"),
            ("comparator", "London average"),
        ],
    );
    close(f(&rg, pd, "gap_points"), 14.0, "PD gap");
    assert_eq!(f(&rg, pd, "jobs_needed"), None);
}

#[test]
fn the_reviews_client_counts_and_stage_outcomes() {
    let ws = example();
    let so = table(&ws, "stage_outcomes");
    let clients = |area: &str, group: &str| {
        let i = row(
            &so,
            &[
                ("area", area),
                ("provider", "total"),
                ("client_group", group),
            ],
        );
        f(&so, i, "clients")
    };
    assert_eq!(clients("Kensington and Chelsea", "mh"), Some(701.0));
    assert_eq!(clients("Hammersmith and Fulham", "mh"), Some(334.0));
    assert_eq!(clients("Westminster", "mh"), Some(347.0));
    let ld_pd: Vec<f64> = [
        "Kensington and Chelsea",
        "Hammersmith and Fulham",
        "Westminster",
    ]
    .iter()
    .filter_map(|a| clients(a, "ld_pd"))
    .collect();
    assert_eq!(ld_pd.iter().sum::<f64>(), 312.0);
    assert!(clients("Westminster", "ld_pd").expect("W") / 312.0 > 0.7);
    assert_eq!(clients("Hammersmith and Fulham", "ld"), Some(5.0));
    let hf_pd = (0..so.height()).any(|i| {
        cell(&so, i, "area") == "Hammersmith and Fulham" && cell(&so, i, "client_group") == "pd"
    });
    assert!(!hf_pd, "H&F has no PD provision");
    // Volunteer Centre K&C: one caseload under two funders. Contract values
    // add (£30,000 + £20,000); clients and outcomes are counted once.
    let vc = row(
        &so,
        &[
            ("area", "Kensington and Chelsea"),
            (
                "provider",
                "Volunteer Centre Kensington and Chelsea-Stepping Stones",
            ),
            ("client_group", "smi"),
        ],
    );
    close(
        f(&so, vc, "contract_value"),
        50_000.0,
        "merged contract value",
    );
    assert_eq!(f(&so, vc, "clients"), Some(101.0));
    assert_eq!(f(&so, vc, "outcomes_volunteering"), Some(25.0));
    close(
        f(&so, vc, "cost_per_volunteering"),
        2_000.0,
        "cost per volunteering outcome",
    );
    // FFWS is not split by borough: in `all` and `total`, in no borough.
    let all = row(
        &so,
        &[
            ("area", "all"),
            ("provider", "total"),
            ("client_group", "total"),
        ],
    );
    assert_eq!(f(&so, all, "outcomes_job_retained"), Some(100.0));
    let total = row(
        &so,
        &[
            ("area", "total"),
            ("provider", "total"),
            ("client_group", "mh"),
        ],
    );
    assert_eq!(
        f(&so, total, "clients"),
        Some(701.0 + 334.0 + 347.0 + 400.0)
    );
    // Mind H&F by hand: £150,000, 200 clients, 120/3/2/10/4 outcomes.
    let m = row(
        &so,
        &[
            ("area", "Hammersmith and Fulham"),
            ("provider", "Mind H&F"),
            ("client_group", "smi"),
        ],
    );
    assert_eq!(f(&so, m, "outcomes_total"), Some(139.0));
    close(f(&so, m, "per100_training"), 60.0, "per 100 training");
    close(f(&so, m, "per100_total"), 69.5, "per 100 all outcomes");
    close(
        f(&so, m, "cost_per_paid_job"),
        15_000.0,
        "cost per paid job",
    );
    close(
        f(&so, m, "cost_per_outcome"),
        150_000.0 / 139.0,
        "crude unit cost",
    );
    // The excluded provider is in no table.
    assert!(
        (0..so.height())
            .all(|i| cell(&so, i, "provider") != "Volunteer Centre Hammersmith & Fulham")
    );
}

fn cell(df: &polars::prelude::DataFrame, i: usize, col: &str) -> String {
    df.column(col)
        .ok()
        .and_then(|c| c.str().ok().and_then(|s| s.get(i).map(str::to_string)))
        .unwrap_or_default()
}

#[test]
fn spend_need_bounds_and_shares_by_hand() {
    let ws = example();
    let sn = table(&ws, "spend_need");
    let at = |area: &str, group: &str| {
        row(
            &sn,
            &[
                ("area", area),
                ("client_group", group),
                ("period", "2011/12"),
            ],
        )
    };
    // K&C SMI: £220,000 CNWL + £50,000 Volunteer Centre (low); the high
    // bound adds Mind K&C's £180,000 CMH-or-SMI contract.
    let k = at("Kensington and Chelsea", "smi");
    close(f(&sn, k, "spend_low"), 270_000.0, "K&C SMI low");
    close(f(&sn, k, "spend_high"), 450_000.0, "K&C SMI high");
    close(f(&sn, k, "denominator"), 1_875.0, "K&C GP register");
    close(f(&sn, k, "spend_per_head_low"), 144.0, "per head low");
    close(f(&sn, k, "spend_per_head_high"), 240.0, "per head high");
    // Expected share of SMI need: mean of the area's share of the GP
    // register, of MH clients known to councils and of IB/ESA claimants.
    let gp = [1919.0, 1875.0, 2641.0];
    let council = [275.0, 975.0, 1025.0];
    let ib = [2030.0, 1655.0, 3160.0];
    let share = |i: usize| {
        100.0 / 3.0
            * (gp[i] / gp.iter().sum::<f64>()
                + council[i] / council.iter().sum::<f64>()
                + ib[i] / ib.iter().sum::<f64>())
    };
    close(
        f(&sn, k, "expected_share"),
        share(1),
        "K&C SMI expected share",
    );
    // The review: "a fifth" H&F, "around a third" K&C, "just under half" W.
    let w = at("Westminster", "smi");
    assert!(
        (43.0..45.0).contains(&f(&sn, w, "expected_share").expect("W")),
        "W share"
    );
    // Westminster SMI high bound: £90,000 + SMART's £40,000 CMH-or-SMI.
    let all_high = 210_000.0 + 450_000.0 + 130_000.0;
    close(
        f(&sn, w, "actual_share"),
        100.0 * 130_000.0 / all_high,
        "W actual share",
    );
    close(
        f(&sn, w, "gap"),
        130_000.0 - share(2) / 100.0 * all_high,
        "W gap",
    );
    // H&F PD: nothing spent, spend per head 0 (not null: there is a population).
    let hpd = at("Hammersmith and Fulham", "pd");
    assert_eq!(f(&sn, hpd, "spend_high"), Some(0.0));
    assert_eq!(f(&sn, hpd, "spend_per_head"), Some(0.0));
    // CMH has no population figure: per head is null, never 0.
    let cmh = at("Westminster", "cmh");
    assert_eq!(f(&sn, cmh, "spend_per_head"), None);
    // Rollups: mh = smi + cmh + cmh_or_smi, no bounds.
    let mh = at("Kensington and Chelsea", "mh");
    close(f(&sn, mh, "spend"), 490_000.0, "K&C MH spend");
    assert_eq!(f(&sn, mh, "spend_high"), f(&sn, mh, "spend_low"));
}

#[test]
fn provider_map_shows_gaps_and_unsplit_cover() {
    let ws = example();
    let pm = table(&ws, "provider_map");
    let at = |area: &str, group: &str, stage: &str| {
        row(
            &pm,
            &[
                ("area", area),
                ("client_group", group),
                ("stage", stage),
                ("period", "2011/12"),
            ],
        )
    };
    // H&F: no PD provision at any stage (the review's first gap).
    for stage in [
        "pre_employment",
        "training",
        "volunteering",
        "work_experience",
        "job_search",
        "in_work_support",
    ] {
        let i = at("Hammersmith and Fulham", "pd", stage);
        assert_eq!(cell(&pm, i, "gap"), "yes", "H&F PD {stage}");
    }
    // Westminster and K&C: no training for PD; the LD-or-PD volunteer
    // centre covers PD volunteering in K&C.
    assert_eq!(
        cell(&pm, at("Kensington and Chelsea", "pd", "training"), "gap"),
        "yes"
    );
    let v = at("Kensington and Chelsea", "pd", "volunteering");
    assert_eq!(f(&pm, v, "providers_offering"), Some(1.0));
    assert_eq!(f(&pm, v, "providers_with_outcomes"), Some(1.0));
    // In-work support for CMH: FFWS covers every borough unsplit (shown, not counted).
    let iws = at("Westminster", "cmh", "in_work_support");
    assert_eq!(f(&pm, iws, "providers_unsplit"), Some(1.0));
    // Westminster SMI: CMH-or-SMI SMART counts for SMI too.
    let js = at("Westminster", "smi", "job_search");
    assert_eq!(f(&pm, js, "providers_offering"), Some(2.0));
    // Pre-employment support has no outcome: null, not 0.
    let pre = at("Westminster", "smi", "pre_employment");
    assert_eq!(f(&pm, pre, "providers_with_outcomes"), None);
}

#[test]
fn every_contract_check_fires_on_its_plant_and_not_on_clean_rows() {
    let ws = example();
    ws.drop_fixture("contracts/planted.csv", None);
    ws.run();
    let found = rules(&ws);
    let has = |rule: &str, area: Option<&str>, provider: Option<&str>| {
        found.iter().any(|(r, a, p)| {
            r == rule
                && area.is_none_or(|x| a.as_deref() == Some(x))
                && provider.is_none_or(|x| p.as_deref() == Some(x))
        })
    };
    assert!(
        has(
            "stage_claimed_no_outcome",
            Some("Kensington and Chelsea"),
            Some("Richmond Fellowship")
        ),
        "{found:?}"
    );
    assert!(has(
        "provider_listed_twice",
        None,
        Some("Volunteer Centre Kensington and Chelsea-Stepping Stones")
    ));
    assert!(has(
        "area_unsplit",
        Some("Tri-borough"),
        Some("Fit for Work Service")
    ));
    assert!(has(
        "unit_cost_outlier",
        None,
        Some("West London Mental Health Trust")
    ));
    assert!(has(
        "definition_missing",
        None,
        Some("Volunteer Centre K&C")
    ));
    // Area-level: named by area, no provider.
    assert!(has("zero_spend_need", Some("Hammersmith and Fulham"), None));
    assert!(
        found
            .iter()
            .any(|(r, a, p)| r == "zero_spend_need" && p.is_none() && a.is_some())
    );
    assert!(has(
        "excluded_provider",
        None,
        Some("Volunteer Centre Hammersmith & Fulham")
    ));
    assert!(has("unknown_provider", None, Some("Kensington Job Club")));
    assert!(has("contract_row_error", None, Some("Mind K&C")));
    assert!(has(
        "outcomes_total_mismatch",
        Some("Westminster"),
        Some("Jobs in Mind")
    ));
    // The row with no funder is in no table.
    let so = table(&ws, "stage_outcomes");
    let mind = row(
        &so,
        &[
            ("area", "total"),
            ("provider", "Mind K&C"),
            ("client_group", "total"),
        ],
    );
    assert_eq!(f(&so, mind, "clients"), Some(250.0), "only the usable row");
    // Only these rules, and only where planted: zero_spend_need fires once.
    let zero: Vec<_> = found
        .iter()
        .filter(|(r, _, _)| r == "zero_spend_need")
        .collect();
    assert_eq!(zero.len(), 1, "{zero:?}");

    let clean = Ws::new();
    clean.drop_fixture("contracts/clean.csv", None);
    clean.run();
    let contract_rules: BTreeSet<&str> = [
        "contract_row_error",
        "stage_claimed_no_outcome",
        "provider_listed_twice",
        "area_unsplit",
        "unit_cost_outlier",
        "definition_missing",
        "zero_spend_need",
        "excluded_provider",
        "outcomes_total_mismatch",
        "unknown_provider",
    ]
    .into();
    let fired: Vec<_> = rules(&clean)
        .into_iter()
        .filter(|(r, _, _)| contract_rules.contains(r.as_str()))
        .collect();
    assert!(fired.is_empty(), "{fired:?}");
}

#[test]
fn template_and_demo_write_contract_returns() {
    let ws = Ws::new();
    let sheet = ws.dir.path().join("contracts.xlsx");
    ws.cmd()
        .args(["template", "--kind", "provider_contract", "--out"])
        .arg(&sheet)
        .assert()
        .success();
    // The template's header is a contract header; with no rows it is refused.
    let bytes = std::fs::read(&sheet).expect("template");
    let err = jobtally::kinds::read::read_bytes(
        "contracts.xlsx",
        &bytes,
        &Default::default(),
        jobtally::ingest::Schema::builtin(),
    )
    .expect_err("no rows");
    assert!(err.to_string().contains("no data rows"), "{err}");
    ws.cmd()
        .args(["demo", "--services", "10"])
        .assert()
        .success();
    let out = ws.run();
    assert!(out.contains("19 contract rows"), "{out}");
    assert!(out.contains("0 files rejected"), "{out}");
}

/// The clean contract rows as a workbook, with some headers reworded.
fn contract_workbook(rename: &[(&str, &str)]) -> (Vec<u8>, usize) {
    let text = std::fs::read_to_string(fixture_path("contracts/clean.csv")).expect("fixture");
    let mut rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut n = 0;
    for (r, rec) in rows.records().enumerate() {
        let rec = rec.expect("row");
        for (c, v) in rec.iter().enumerate() {
            let v = match rename.iter().find(|(from, _)| r == 0 && *from == v) {
                Some((_, to)) => to.to_string(),
                None => v.to_string(),
            };
            match v.parse::<f64>() {
                Ok(x) if r > 0 => sheet.write_number(r as u32, c as u16, x),
                _ => sheet.write_string(r as u32, c as u16, &v),
            }
            .expect("cell");
        }
        n = r;
    }
    (book.save_to_buffer().expect("xlsx"), n)
}

/// A contract-monitoring workbook whose columns read `Offers <stage>` /
/// `Outcomes - <stage>` is contract rows, never one survey response.
#[test]
fn a_contract_workbook_is_read_as_contract_rows() {
    let (bytes, n) = contract_workbook(&[
        ("Training", "Outcomes - Training"),
        ("Volunteering", "Outcomes - Volunteering"),
        ("Paid jobs", "Outcomes - Paid jobs"),
        ("Jobs retained", "Outcomes - Jobs retained"),
    ]);
    let ws = Ws::new();
    ws.drop_bytes("monitoring.xlsx", &bytes);
    let out = ws.run();
    let kinds: Vec<_> = ws.returns().iter().map(|r| r.data.kind).collect();
    assert_eq!(
        kinds.len(),
        n,
        "one return per contract row: {kinds:?}\n{out}"
    );
    assert!(
        kinds
            .iter()
            .all(|k| *k == jobtally::ingest::ReturnKind::ProviderContract),
        "{kinds:?}"
    );
}

/// Headed "Authority" where the contract says "Area": not read as a survey
/// response, but rejected with the candidates and what each lacked.
#[test]
fn a_contract_sheet_without_its_area_column_is_rejected_with_the_reason() {
    let (bytes, _) = contract_workbook(&[("Borough", "Authority")]);
    let ws = Ws::new();
    ws.drop_bytes("monitoring.xlsx", &bytes);
    ws.run();
    assert!(ws.returns().is_empty());
    let why = std::fs::read_to_string(ws.path("rejected/monitoring.xlsx.error.txt"))
        .expect("a reason beside the rejected file");
    assert!(
        why.contains("provider contract rows:") && why.contains("lacks \"Area\""),
        "{why}"
    );
}

/// A sheet with the identity columns of two kinds is refused whole.
#[test]
fn a_sheet_mixing_two_kinds_is_rejected_with_both_named() {
    let text = std::fs::read_to_string(fixture_path("contracts/clean.csv")).expect("fixture");
    let mixed: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},service_name,people_total\n")
            } else {
                format!("{l},IPS,10\n")
            }
        })
        .collect();
    let ws = Ws::new();
    ws.drop_bytes("mixed.csv", mixed.as_bytes());
    ws.run();
    assert!(ws.returns().is_empty());
    let why = std::fs::read_to_string(ws.path("rejected/mixed.csv.error.txt")).expect("reason");
    assert!(
        why.contains("mixes two kinds")
            && why.contains("provider contract rows")
            && why.contains("service returns"),
        "{why}"
    );
}
