//! Derived figures against hand-computed values (DOMAIN.md §2), from the
//! five services of tests/fixtures/layout_c_metrics.csv.

use crate::harness::*;

struct Expected {
    name: &'static str,
    cost_per_person: Option<f64>,
    outcome_rate: Option<f64>,
    cost_per_outcome: Option<f64>,
    shares: [Option<f64>; 3],
    per100: [Option<f64>; 4],
    primary_group: Option<&'static str>,
    sli: Option<f64>,
}

#[test]
fn derived_figures_match_hand_computation() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let df = ws.services();
    assert_eq!(df.height(), 5);
    let expected = [
        // S1: 100,000 / 50 people, 20 outcomes (10 new, 9 retained, 1 self);
        // LD 40/50 = 80 %; bands 20/25/5 -> SLI (20 + 3*25 + 10*5)/50 = 2.9
        Expected {
            name: "S1 LD Team",
            cost_per_person: Some(2000.0),
            outcome_rate: Some(0.4),
            cost_per_outcome: Some(5000.0),
            shares: [Some(0.5), Some(0.45), Some(0.05)],
            per100: [Some(20.0), Some(18.0), Some(2.0), Some(40.0)],
            primary_group: Some("ld"),
            sli: Some(2.9),
        },
        // S2: 200,000 / 100, 40 outcomes (30/8/2); MH 80 %; SLI (60 + 120)/100 = 1.8
        Expected {
            name: "S2 IPS Service",
            cost_per_person: Some(2000.0),
            outcome_rate: Some(0.4),
            cost_per_outcome: Some(5000.0),
            shares: [Some(0.75), Some(0.2), Some(0.05)],
            per100: [Some(30.0), Some(8.0), Some(2.0), Some(40.0)],
            primary_group: Some("mh"),
            sli: Some(1.8),
        },
        // S3: 60,000 / 30, no outcomes: cost per outcome and shares are null;
        // LD 12/30 = MH 12/30 = 40 % -> mixed; support not known -> SLI null
        Expected {
            name: "S3 Mixed Service",
            cost_per_person: Some(2000.0),
            outcome_rate: Some(0.0),
            cost_per_outcome: None,
            shares: [None, None, None],
            per100: [Some(0.0), Some(0.0), Some(0.0), Some(0.0)],
            primary_group: Some("mixed"),
            sli: None,
        },
        // S4: 45,000 / 20, 5 outcomes all new; LD and MH exactly 50 % each:
        // not over half -> mixed; SLI (10 + 15 + 50)/20 = 3.75
        Expected {
            name: "S4 Half and Half",
            cost_per_person: Some(2250.0),
            outcome_rate: Some(0.25),
            cost_per_outcome: Some(9000.0),
            shares: [Some(1.0), Some(0.0), Some(0.0)],
            per100: [Some(25.0), Some(0.0), Some(0.0), Some(25.0)],
            primary_group: Some("mixed"),
            sli: Some(3.75),
        },
        // S5: 500,000 / 400, 100 outcomes (60/35/5); MH 300/400 = 75 %;
        // SLI (200 + 540 + 200)/400 = 2.35
        Expected {
            name: "S5 Big MH",
            cost_per_person: Some(1250.0),
            outcome_rate: Some(0.25),
            cost_per_outcome: Some(5000.0),
            shares: [Some(0.6), Some(0.35), Some(0.05)],
            per100: [Some(15.0), Some(8.75), Some(1.25), Some(25.0)],
            primary_group: Some("mh"),
            sli: Some(2.35),
        },
    ];
    for e in &expected {
        let f = |c: &str| cell_f64(&df, e.name, c);
        assert_close(
            f("cost_per_person"),
            e.cost_per_person,
            &format!("{} cost_per_person", e.name),
        );
        assert_close(
            f("outcome_rate"),
            e.outcome_rate,
            &format!("{} outcome_rate", e.name),
        );
        assert_close(
            f("cost_per_outcome"),
            e.cost_per_outcome,
            &format!("{} cost_per_outcome", e.name),
        );
        for (c, v) in ["share_new", "share_retained", "share_self_employed"]
            .iter()
            .zip(e.shares)
        {
            assert_close(f(c), v, &format!("{} {c}", e.name));
        }
        for (c, v) in [
            "per100_new",
            "per100_retained",
            "per100_self_employed",
            "per100_outcomes",
        ]
        .iter()
        .zip(e.per100)
        {
            assert_close(f(c), v, &format!("{} {c}", e.name));
        }
        assert_eq!(
            cell_str(&df, e.name, "primary_group").as_deref(),
            e.primary_group,
            "{}",
            e.name
        );
        assert_close(f("sli"), e.sli, &format!("{} sli", e.name));
    }
}

#[test]
fn services_table_has_every_contract_column() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let df = ws.services();
    let mut expected: Vec<String> = [
        "service_key",
        "commissioner",
        "commissioner_as_sent",
        "authority_code",
        "region",
        "service_name",
        "period",
        "source_file",
        "total_cost",
        "people_total",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let groups = [
        "ld",
        "physical_sensory",
        "mh",
        "autism",
        "homeless",
        "drug_alcohol",
        "other",
    ];
    expected.extend(groups.iter().map(|g| format!("people_{g}")));
    expected.extend(
        [
            "people_support_lt7",
            "people_support_7_40",
            "people_support_gt40",
        ]
        .map(String::from),
    );
    expected.extend(
        [
            "outcomes_total",
            "outcomes_new",
            "outcomes_retained",
            "outcomes_self_employed",
        ]
        .map(String::from),
    );
    expected.extend(groups.iter().map(|g| format!("outcomes_{g}")));
    expected.extend(
        [
            "outcomes_support_lt7",
            "outcomes_support_7_40",
            "outcomes_support_gt40",
        ]
        .map(String::from),
    );
    expected.extend(
        [
            "cost_per_person",
            "outcome_rate",
            "cost_per_outcome",
            "share_new",
            "share_retained",
            "share_self_employed",
            "per100_new",
            "per100_retained",
            "per100_self_employed",
            "per100_outcomes",
            "primary_group",
            "sli",
            "evidence_based",
            "open_anomalies",
            // Beyond the contract, at the end: left out of group figures.
            "excluded",
        ]
        .map(String::from),
    );
    let actual: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(actual, expected);
}
