//! `opportunity`: what the money could buy, against figures worked by hand
//! from tests/fixtures/analytics_10.csv (the services' own costs per job
//! outcome are in the table at the top of `analytics.rs`).
//!
//! Five services are on this workspace's evidence-based register: L1
//! (£2,500), M1 (£1,666.67), M2 (£3,333.33), X1 (£4,000), X2 (£2,000), so
//! their median is £2,500 (n = 5).
//!
//! All ten services, 2012/13: spend £1,260,000, 315 job outcomes (pooled
//! £4,000 per outcome). Nine have a cost per outcome (L4 has none);
//! sorted 1,666.67 2,000 2,500 3,333.33 4,000 4,000 6,000 6,000 8,000, the
//! 25th percentile (linear) sits at position 8 × 0.25 = 2: £2,500.
//!
//! | benchmark | £/outcome | outcomes at it | extra | saving |
//! |---|---|---|---|---|
//! | aim, low end | 1,600 | 787.5 | 472.5 | 756,000 |
//! | aim, high end | 4,000 | 315 | 0 (level) | 0 |
//! | evidence-based median | 2,500 | 504 | 189 | 472,500 |
//! | best quartile | 2,500 | 504 | 189 | 472,500 |
//!
//! MH's four costs per outcome 1,666.67 3,333.33 6,000 8,000: the 25th
//! percentile at position 0.75 is 1,666.67 + 0.75 × 1,666.67 = £2,916.67.
//! M3 (£160,000, 20 outcomes, £8,000 each) at it would buy 54.857
//! outcomes: 34.857 more. L1 (£100,000, 40 outcomes, £2,500 each) against
//! the aim band's high end (£4,000) would buy 25: it is 15 outcomes
//! *ahead*, and its outcomes cost £60,000 less than the band's.

use crate::harness::*;

fn workspace() -> Ws {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.path("reference")).expect("reference dir");
    std::fs::write(
        ws.path("reference/evidence_based.csv"),
        "commissioner,service_name,model,source\n\
         Stockport MBC,L1 Jobs First,supported employment,test\n\
         Stockport MBC,M1 IPS Service,IPS,test\n\
         Manchester City Council,M2 Employment Team,IPS,test\n\
         Essex County Council,X1 Disability Employment,IPS,test\n\
         Cornwall Council,X2 Pathways Project,IPS,test\n",
    )
    .expect("register");
    ws.drop_fixture("analytics_10.csv", None);
    ws.run();
    ws
}

#[test]
fn opportunity_is_worked_by_hand_for_groups_and_services() {
    let ws = workspace();
    let o = table(&ws, "opportunity");
    let key = |name: &str| cell_str(&ws.services(), name, "service_key").expect("key");
    let at = |level: &str, subject: &str, benchmark: &str| {
        row(
            &o,
            &[
                ("level", level),
                ("subject", subject),
                ("period", "2012/13"),
                ("benchmark", benchmark),
            ],
        )
    };
    let standing = |i: usize| {
        o.column("standing")
            .expect("standing")
            .str()
            .expect("str")
            .get(i)
            .map(str::to_string)
    };
    // The group of all services.
    let low = at("group", "all", "ndti_aim_cost_per_outcome_low");
    assert_close(f(&o, low, "spend"), Some(1_260_000.0), "spend");
    assert_close(f(&o, low, "outcomes"), Some(315.0), "outcomes");
    assert_close(f(&o, low, "cost_per_outcome"), Some(4000.0), "pooled");
    assert_close(f(&o, low, "benchmark_cost"), Some(1600.0), "aim low");
    assert_close(f(&o, low, "outcomes_at_benchmark"), Some(787.5), "at low");
    assert_close(f(&o, low, "extra_outcomes"), Some(472.5), "extra at low");
    assert_close(f(&o, low, "saving"), Some(756_000.0), "saving at low");
    assert_eq!(standing(low).as_deref(), Some("behind"));
    let high = at("group", "all", "ndti_aim_cost_per_outcome_high");
    assert_close(f(&o, high, "extra_outcomes"), Some(0.0), "extra at high");
    assert_eq!(standing(high).as_deref(), Some("level"));
    for benchmark in ["evidence_based_median", "best_quartile"] {
        let i = at("group", "all", benchmark);
        assert_close(f(&o, i, "benchmark_cost"), Some(2500.0), benchmark);
        assert_close(f(&o, i, "outcomes_at_benchmark"), Some(504.0), benchmark);
        assert_close(f(&o, i, "extra_outcomes"), Some(189.0), benchmark);
        assert_close(f(&o, i, "saving"), Some(472_500.0), benchmark);
    }
    assert_close(
        f(
            &o,
            at("group", "all", "evidence_based_median"),
            "benchmark_n",
        ),
        Some(5.0),
        "evidence n",
    );
    assert_close(
        f(&o, at("group", "all", "best_quartile"), "benchmark_n"),
        Some(9.0),
        "quartile n",
    );
    // A service behind its group's best quarter.
    let m3 = at("service", &key("M3 Working Minds"), "best_quartile");
    assert_close(
        f(&o, m3, "benchmark_cost"),
        Some(35_000.0 / 12.0),
        "mh quartile",
    );
    assert_close(
        f(&o, m3, "outcomes_at_benchmark"),
        Some(160_000.0 * 12.0 / 35_000.0),
        "m3 at it",
    );
    assert_close(
        f(&o, m3, "extra_outcomes"),
        Some(160_000.0 * 12.0 / 35_000.0 - 20.0),
        "m3 extra",
    );
    // A service ahead of the band says so, with how far.
    let l1 = at(
        "service",
        &key("L1 Jobs First"),
        "ndti_aim_cost_per_outcome_high",
    );
    assert_close(f(&o, l1, "extra_outcomes"), Some(-15.0), "l1 ahead by");
    assert_close(f(&o, l1, "saving"), Some(-60_000.0), "l1 cheaper by");
    assert_eq!(standing(l1).as_deref(), Some("ahead"));
    // LD has three costs per outcome: too few for a best quarter.
    let ld_quartile = (0..o.height()).any(|i| {
        o.column("subject").expect("s").str().expect("s").get(i) == Some("ld")
            && o.column("benchmark").expect("b").str().expect("b").get(i) == Some("best_quartile")
    });
    assert!(!ld_quartile, "no best quarter of three services");
    // A site: Stockport's two services, L1 and M1.
    let site = at("site", "Stockport", "ndti_aim_cost_per_outcome_low");
    assert_close(f(&o, site, "spend"), Some(150_000.0), "stockport spend");
    assert_close(f(&o, site, "outcomes"), Some(70.0), "stockport outcomes");
    assert_close(f(&o, site, "n_services"), Some(2.0), "stockport n");
}

#[test]
fn figures_doc_is_written_from_the_registry() {
    let registry = jobtally::figures::registry().expect("registry");
    written_between_marks(
        "docs/figures.md",
        "figures",
        &jobtally::figures::markdown(registry),
    );
}

/// `explain` gives a figure's words and exactly the services behind it,
/// with the value from the table.
#[test]
fn explain_lists_the_services_a_mean_used_and_left_out() {
    let ws = workspace();
    let out = ws
        .cmd()
        .args([
            "explain",
            "summary",
            "mean_cost_per_outcome",
            "--group",
            "ld",
            "--period",
            "2012/13",
        ])
        .output()
        .expect("explain");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("unweighted mean of the services' own values"),
        "{text}"
    );
    assert!(
        text.contains("computed by pipelines/service/summary.sql"),
        "{text}"
    );
    assert!(text.contains("n = 3 used, 1 left out"), "{text}");
    for used in [
        "L1 Jobs First",
        "L2 Supported Employment",
        "L3 Project SEARCH",
    ] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with("used") && l.contains(used)),
            "{used}: {text}"
        );
    }
    assert!(
        text.contains("left out  Devon · L4 Work Preparation · 2012/13 (no cost per job outcome)"),
        "{text}"
    );
    // (2,500 + 6,000 + 4,000) / 3
    assert!(text.contains("in the table: £4,167"), "{text}");
    // Every column of the service tables has words.
    let registry = jobtally::figures::registry().expect("registry");
    for table in ["summary", "opportunity", "per100"] {
        let df = jobtally::results::read_table(&ws.workspace(), table).expect("table");
        for column in df.get_column_names() {
            let c = column.as_str();
            if [
                "group",
                "period",
                "method",
                "level",
                "subject",
                "benchmark",
                "benchmark_label",
                "benchmark_source",
            ]
            .contains(&c)
            {
                continue;
            }
            assert!(
                registry.meaning(table, c).is_ok(),
                "{table}.{c} has no words"
            );
        }
    }
    // A mistyped column is the user's to fix.
    ws.cmd()
        .args(["explain", "summary", "mean_nonsense"])
        .assert()
        .code(1);
}

/// Exports carry the words: an xlsx export's Notes sheet and a CSV's
/// `<name>.notes.csv` give each figure's definition, method and n.
#[test]
fn exports_carry_each_columns_definition_method_and_n() {
    use calamine::Reader;
    let ws = workspace();
    let xlsx = ws.path("all.xlsx");
    ws.cmd()
        .args(["export", "--table", "all", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .assert()
        .success();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).expect("open");
    let notes = wb.worksheet_range("Notes").expect("a Notes sheet");
    let row = notes
        .rows()
        .find(|r| {
            r.first().map(|c| c.to_string()).as_deref() == Some("summary")
                && r.get(2).map(|c| c.to_string()).as_deref() == Some("mean_cost_per_outcome")
        })
        .expect("a note on summary.mean_cost_per_outcome");
    let note = row[3].to_string();
    assert!(
        note.starts_with("cost per job outcome: total cost ÷ job outcomes"),
        "{note}"
    );
    assert!(note.contains("Method: unweighted mean"), "{note}");
    assert!(note.contains("n: "), "{note}");
    assert!(
        notes
            .rows()
            .any(|r| r.first().map(|c| c.to_string()).as_deref() == Some("opportunity")),
        "opportunity is explained too"
    );
    let csv = ws.path("opportunity.csv");
    ws.cmd()
        .args([
            "export",
            "--table",
            "opportunity",
            "--format",
            "csv",
            "--notes",
            "--out",
        ])
        .arg(&csv)
        .assert()
        .success();
    let sidecar = std::fs::read_to_string(ws.path("opportunity.notes.csv")).expect("sidecar");
    assert!(sidecar.starts_with("table,column,note\n"), "{sidecar}");
    assert!(
        sidecar.contains(
            "opportunity,extra_outcomes,extra job outcomes: job outcomes at the benchmark"
        ),
        "{sidecar}"
    );
    ws.cmd()
        .args(["export", "--table", "summary", "--notes"])
        .assert()
        .code(1);
}

/// The service detail and the Sites screen say what the money could buy,
/// from the same table: L1 is 15 outcomes ahead of the band's high end;
/// M3 at the MH group's best quarter (£2,916.67) would buy 34.857, 35
/// more; Stockport (L1 + M1: £150,000 for 70 outcomes) at £4,000 would
/// buy 37.5, 32.5 fewer than it has.
#[test]
fn the_service_detail_and_the_sites_say_what_the_money_could_buy() {
    let ws = workspace();
    let key = |name: &str| cell_str(&ws.services(), name, "service_key").expect("key");
    let l1 = jobtally::ops::service_detail(&ws.workspace(), &key("L1 Jobs First")).expect("L1");
    assert!(l1.contains("What the money could buy"), "{l1}");
    assert!(
        l1.contains("2012/13: £100,000 bought 40 job outcomes (£2,500 each)"),
        "{l1}"
    );
    assert!(l1.contains("high end (£4,000): already 15 ahead"), "{l1}");
    // Beside the figures, before the list of every field.
    assert!(
        l1.find("What the money").expect("block") < l1.find("Every field as read").expect("fields")
    );
    let m3 = jobtally::ops::service_detail(&ws.workspace(), &key("M3 Working Minds")).expect("M3");
    assert!(m3.contains("(£2,917, from 4 services): 35 more"), "{m3}");
    let snap = jobtally::tui::data::load(&ws.workspace()).expect("snapshot");
    let stockport = snap
        .sites
        .iter()
        .find(|s| s.commissioner == "Stockport" && s.period == "2012/13")
        .expect("Stockport");
    assert_close(stockport.extra_at_aim, Some(-32.5), "Stockport at £4,000");
    assert_eq!(
        jobtally::format::extra_jobs(stockport.extra_at_aim),
        "ahead 33"
    );
    assert_eq!(jobtally::format::extra_jobs(Some(34.857)), "+35");
    assert_eq!(jobtally::format::extra_jobs(Some(0.2)), "level");
    assert_eq!(jobtally::format::extra_jobs(None), "–");
}
