//! Anomaly checks and the follow-up queue (DOMAIN.md §6).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jobtally::store::anomalies::{self, Anomaly, Status};
use jobtally::store::{self, Store};
use predicates::prelude::*;

use crate::daemon::{Daemon, wait_until};
use crate::harness::*;

fn queue(ws: &Ws) -> Vec<Anomaly> {
    let s = Store::open(&ws.path("state.db")).expect("store");
    anomalies::all(s.conn()).expect("anomalies")
}

fn of<'a>(q: &'a [Anomaly], service: &str, rule: &str) -> Vec<&'a Anomaly> {
    q.iter()
        .filter(|a| a.service_name.as_deref() == Some(service) && a.rule == rule)
        .collect()
}

fn one<'a>(q: &'a [Anomaly], service: &str, rule: &str) -> &'a Anomaly {
    let hits = of(q, service, rule);
    assert_eq!(hits.len(), 1, "{service} / {rule}: {hits:#?}");
    hits[0]
}

fn planted() -> Ws {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None)
        .drop_fixture("checks_resubmit_1.csv", None);
    ws.run();
    ws.drop_fixture("checks_resubmit_2.csv", None);
    ws.run();
    ws
}

#[test]
fn clean_services_raise_no_anomalies() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None);
    ws.run();
    assert_eq!(ws.services().height(), 20);
    let q = queue(&ws);
    assert!(
        q.is_empty(),
        "false positives: {:#?}",
        q.iter()
            .map(|a| (&a.service_name, &a.rule, &a.values))
            .collect::<Vec<_>>()
    );
}

#[test]
fn every_rule_fires_once_on_its_planted_example() {
    let ws = planted();
    let q = queue(&ws);
    let expect = [
        ("P Core Missing", "core_missing", "error", "total_cost"),
        (
            "P Part Exceeds",
            "part_exceeds_whole",
            "error",
            "outcomes_total",
        ),
        (
            "P Split Off",
            "split_not_summing",
            "warning",
            "people_by_client_group",
        ),
        (
            "P Zero Outcomes",
            "zero_outcomes",
            "warning",
            "outcomes_total",
        ),
        (
            "P All Into Work",
            "outcome_rate_100",
            "warning",
            "outcomes_total",
        ),
        (
            "P Unknown",
            "unknown_commissioner",
            "warning",
            "commissioner",
        ),
        ("P Negative", "negative_value", "error", "total_cost"),
        ("P No Period", "period_missing", "error", "period"),
        ("P Interpreted", "interpreted_money", "info", "total_cost"),
        ("P Percent", "percent_split", "info", "people_ld"),
        ("P Swing", "year_on_year_swing", "warning", "people_total"),
        (
            "P Resubmitted",
            "resubmission_changed",
            "warning",
            "figures",
        ),
    ];
    for (service, rule, severity, field) in expect {
        let a = one(&q, service, rule);
        assert_eq!(
            (a.severity.as_str(), a.field.as_str()),
            (severity, field),
            "{service} / {rule}"
        );
        assert_eq!(a.status, Status::Open);
    }
    // The outlier rule looks at cost per person and per outcome separately.
    let outliers: Vec<&str> = of(&q, "P Outlier", "outlier")
        .iter()
        .map(|a| a.field.as_str())
        .collect();
    assert_eq!(outliers.len(), 2);
    assert!(outliers.contains(&"cost_per_person") && outliers.contains(&"cost_per_outcome"));
    // Benchmark positions are the benchmarks table's and the service
    // detail's, never calls to make.
    assert!(q.iter().all(|a| !a.rule.contains("benchmark")));
    // The unknown commissioner comes with the nearest authority.
    assert!(
        one(&q, "P Unknown", "unknown_commissioner")
            .message
            .contains("Did they mean Stockport?")
    );
    // The resubmission says what changed.
    assert!(
        one(&q, "P Resubmitted", "resubmission_changed")
            .values
            .contains("outcomes_total 45 -> 50")
    );
    // The swing is on the later year.
    assert_eq!(
        one(&q, "P Swing", "year_on_year_swing").period.as_deref(),
        Some("2012/13")
    );
    // No clean service raised anything, even among planted ones.
    assert!(
        q.iter()
            .all(|a| !a.service_name.as_deref().unwrap_or("").starts_with("Clean")),
        "clean services flagged"
    );
}

#[test]
fn services_with_open_errors_are_left_out_of_group_figures() {
    let ws = planted();
    let s = jobtally::results::read_table(&ws.workspace(), "summary").expect("summary");
    let group = s.column("group").expect("g").str().expect("s").clone();
    let period = s.column("period").expect("p").str().expect("s").clone();
    let i = (0..s.height())
        .find(|&i| group.get(i) == Some("all") && period.get(i) == Some("2012/13"))
        .expect("row");
    let n = |c: &str| {
        s.column(c)
            .expect(c)
            .cast(&polars::prelude::DataType::Int64)
            .expect("i")
            .i64()
            .expect("i")
            .get(i)
    };
    // errors in 2012/13: core missing, part exceeds whole, negative cost
    assert_eq!(n("n_excluded"), Some(3));
    // 20 clean + 11 planted rows in 2012/13 (P Swing's other year and P No
    // Period are not) + P Resubmitted, less the 3 excluded
    assert_eq!(n("n_services"), Some(20 + 11 + 1 - 3));
    let df = ws.services();
    assert!(cell_f64(&df, "P Split Off", "open_anomalies").expect("open") >= 1.0);
    assert_eq!(
        cell_f64(&df, "Clean Service 01", "open_anomalies"),
        Some(0.0)
    );
}

#[test]
fn call_amend_rerun_lifecycle() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None);
    ws.run();
    let id = one(&queue(&ws), "P Zero Outcomes", "zero_outcomes").id;
    ws.cmd()
        .args([
            "queue",
            "set",
            &id.to_string(),
            "--status",
            "contacted",
            "--note",
            "rang the site",
            "--as",
            "Ann",
        ])
        .assert()
        .success();
    ws.cmd()
        .args([
            "queue",
            "set",
            &id.to_string(),
            "--note",
            "they will check the database",
            "--as",
            "Ann",
        ])
        .assert()
        .success();
    ws.cmd()
        .args([
            "queue",
            "amend",
            &id.to_string(),
            "outcomes_total",
            "30",
            "--note",
            "site says 30 jobs",
            "--as",
            "Ann",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("from 0 to 30"));
    // Results show the corrected figure; the archived return is untouched.
    let df = ws.services();
    assert_close(
        cell_f64(&df, "P Zero Outcomes", "outcomes_total"),
        Some(30.0),
        "amended",
    );
    assert_close(
        cell_f64(&df, "P Zero Outcomes", "cost_per_outcome"),
        Some(4000.0),
        "120000 / 30",
    );
    let stored = ws.return_named("P Zero Outcomes");
    assert_eq!(
        stored.number("outcomes_total"),
        Some(0.0),
        "the stored return keeps what was sent"
    );
    let a = queue(&ws)
        .into_iter()
        .find(|a| a.id == id)
        .expect("anomaly");
    assert_eq!(a.status, Status::ResolvedCorrected);
    assert_eq!(a.closed_reason.as_deref(), Some("amended"));
    let s = Store::open(&ws.path("state.db")).expect("store");
    let trail: Vec<(String, String)> = anomalies::events(s.conn(), id)
        .expect("events")
        .into_iter()
        .map(|e| (e.who, e.what))
        .collect();
    let expected: Vec<(String, String)> = [
        ("jobtally", "created"),
        ("Ann", "status"),
        ("Ann", "note"),
        ("Ann", "amended"),
        ("jobtally", "closed automatically"),
    ]
    .iter()
    .map(|(w, x)| (w.to_string(), x.to_string()))
    .collect();
    assert_eq!(trail, expected);
    // The call sheet shows the amendment and the history.
    ws.cmd()
        .args(["queue", "show", &id.to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("job outcomes: 0 -> 30 by Ann"))
        .stdout(predicate::str::contains("rang the site"));
    // A resubmission with the same original figure keeps the amendment...
    ws.drop_bytes(
        "zero again.csv",
        b"service_name,commissioner,period,total_cost,people_total,outcomes_total\nP Zero Outcomes,Essex County Council,2012/13,120000,100,0\n",
    );
    ws.run();
    assert_close(
        cell_f64(&ws.services(), "P Zero Outcomes", "outcomes_total"),
        Some(30.0),
        "amendment survives",
    );
    // ...one with a different figure wins, and the amendment is superseded.
    ws.drop_bytes(
        "zero corrected.csv",
        b"service_name,commissioner,period,total_cost,people_total,outcomes_total\nP Zero Outcomes,Essex County Council,2012/13,120000,100,12\n",
    );
    ws.run();
    assert_close(
        cell_f64(&ws.services(), "P Zero Outcomes", "outcomes_total"),
        Some(12.0),
        "new figure wins",
    );
    let s = Store::open(&ws.path("state.db")).expect("store");
    let amendments = store::amendments::for_identity(s.conn(), &a.identity).expect("amendments");
    assert_eq!(amendments.len(), 1);
    assert_eq!(amendments[0].status, "superseded");
}

#[test]
fn a_resubmission_closes_what_it_fixed_and_reruns_add_nothing() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None);
    ws.run();
    let before = queue(&ws);
    let split = one(&before, "P Split Off", "split_not_summing").id;
    // Re-running with nothing new and with an unrelated file adds nothing.
    ws.cmd()
        .args([
            "queue",
            "set",
            &split.to_string(),
            "--note",
            "left a message",
        ])
        .assert()
        .success();
    ws.drop_bytes("unrelated.csv", b"service_name,commissioner,period,total_cost,people_total,outcomes_total\nExtra,Leeds City Council,2012/13,100000,80,36\n");
    ws.run();
    let after = queue(&ws);
    assert_eq!(
        after
            .iter()
            .filter(|a| a.service_name.as_deref() != Some("Extra"))
            .count(),
        before.len(),
        "no duplicates on re-run"
    );
    // The site resubmits with the split corrected: the anomaly closes.
    ws.drop_bytes(
        "split fixed.csv",
        b"service_name,commissioner,period,total_cost,people_total,people_ld,people_mh,people_other,outcomes_total\nP Split Off,Devon County Council,2012/13,120000,100,70,20,10,45\n",
    );
    ws.run();
    let a = queue(&ws)
        .into_iter()
        .find(|a| a.id == split)
        .expect("anomaly");
    assert_eq!(a.status, Status::ResolvedCorrected);
    assert_eq!(a.closed_reason.as_deref(), Some("resubmitted"));
}

#[test]
fn a_dismissed_anomaly_stays_dismissed_unless_its_values_change() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None);
    ws.run();
    let id = one(&queue(&ws), "P Split Off", "split_not_summing").id;
    ws.cmd()
        .args([
            "queue",
            "set",
            &id.to_string(),
            "--status",
            "dismissed",
            "--note",
            "known: 20 unrecorded",
        ])
        .assert()
        .success();
    // Same figures again (a resubmission of the same split): stays dismissed.
    ws.drop_bytes(
        "same split.csv",
        b"service_name,commissioner,period,total_cost,people_total,people_ld,people_mh,people_other,outcomes_total\nP Split Off,Devon County Council,2012/13,125000,100,50,20,10,45\n",
    );
    ws.run();
    assert_eq!(
        queue(&ws)
            .into_iter()
            .find(|a| a.id == id)
            .expect("a")
            .status,
        Status::Dismissed
    );
    // A different wrong split: the offending values changed, so it reopens.
    ws.drop_bytes(
        "other split.csv",
        b"service_name,commissioner,period,total_cost,people_total,people_ld,people_mh,people_other,outcomes_total\nP Split Off,Devon County Council,2012/13,125000,100,60,20,10,45\n",
    );
    ws.run();
    let a = queue(&ws).into_iter().find(|a| a.id == id).expect("a");
    assert_eq!(a.status, Status::Open);
    assert!(a.values.contains("adds up to 90"), "{}", a.values);
}

#[test]
fn queue_lists_as_table_csv_and_json() {
    let ws = planted();
    let out = ws
        .cmd()
        .args(["queue", "--format", "csv", "--status", "all"])
        .output()
        .expect("csv");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().next(),
        Some(
            "id,rule,severity,status,commissioner,service_name,period,field,values,message,priority,assignee,created,updated"
        )
    );
    let json = ws
        .cmd()
        .args(["queue", "--format", "json", "--severity", "error"])
        .output()
        .expect("json");
    let items: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(
        items.len(),
        4,
        "core missing, part > whole, negative, no period"
    );
    // Ordered by priority: severity x people affected.
    let p: Vec<f64> = items
        .iter()
        .map(|i| i["priority"].as_f64().expect("p"))
        .collect();
    assert!(p.windows(2).all(|w| w[0] >= w[1]), "{p:?}");
    // Triage: the calls to make (errors, then warnings) by default; info
    // notes only when asked for, and after them.
    let rank = |s: &str| match s {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    };
    let listed = |args: &[&str]| -> Vec<String> {
        let out = ws
            .cmd()
            .args(["queue", "--format", "json", "--status", "all"])
            .args(args)
            .output()
            .expect("json");
        let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
        items
            .iter()
            .map(|i| i["severity"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let calls = listed(&[]);
    assert!(calls.iter().all(|s| s != "info"), "{calls:?}");
    assert_eq!(calls.first().map(String::as_str), Some("error"));
    let every = listed(&["--all"]);
    assert!(every.len() > calls.len() && every.iter().any(|s| s == "info"));
    assert!(
        every.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "errors, then warnings, then info: {every:?}"
    );
    ws.cmd()
        .args(["queue", "--site", "Wigan Metropolitan Borough Council"])
        .assert()
        .success()
        .stdout(predicate::str::contains("P Swing"))
        .stdout(predicate::str::contains("P Split Off").not());
    ws.cmd()
        .args(["queue", "set", "99999", "--note", "x"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no anomaly 99999"));
    ws.cmd()
        .args(["queue", "set", "1", "--status", "nonsense"])
        .assert()
        .code(1);
}

#[test]
fn operator_updates_and_daemon_runs_lose_nothing() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(ws.path("jobtally.toml"), "[watch]\nsettle_ms = 100\n").expect("config");
    ws.drop_fixture("checks_planted.csv", None);
    ws.run();
    let id = one(&queue(&ws), "P Split Off", "split_not_summing").id;
    let mut daemon = Command::new(assert_cmd::cargo::cargo_bin("jobtally"))
        .arg("--workspace")
        .arg(ws.root())
        .arg("watch")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(ws.dir.path().join("daemon.err")).expect("stderr"))
        .spawn()
        .expect("daemon");
    // The daemon keeps re-running the pipeline on new files while an
    // operator, in other processes, keeps updating the same queue.
    let root = ws.root();
    let dropper = std::thread::spawn(move || {
        for i in 0..25 {
            let body = format!(
                "service_name,commissioner,period,total_cost,people_total,outcomes_total\nBurst {i},Kent County Council,2012/13,{},100,40\n",
                100_000 + i
            );
            std::fs::write(root.join("inbox").join(format!("burst {i}.csv")), body).expect("drop");
            std::thread::sleep(Duration::from_millis(40));
        }
    });
    for i in 0..25 {
        let status = if i % 2 == 0 {
            "contacted"
        } else {
            "awaiting_data"
        };
        ws.cmd()
            .args([
                "queue",
                "set",
                &id.to_string(),
                "--status",
                status,
                "--note",
                &format!("call {i}"),
                "--as",
                "Ann",
            ])
            .assert()
            .success();
    }
    dropper.join().expect("dropper");
    let start = Instant::now();
    // 13 planted service-years and the 25 new ones. Each queue change is a
    // full run for the daemon (debug build), so on 2 busy cores taking the
    // burst can take over a minute; the deadline only guards against a hang.
    while !(ws.inbox_names().is_empty() && ws.services().height() == 13 + 25) {
        if start.elapsed() > Duration::from_secs(240) {
            let log: String = names_in(&ws.path("logs"))
                .iter()
                .filter_map(|n| std::fs::read_to_string(ws.path(&format!("logs/{n}"))).ok())
                .collect();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            let err = std::fs::read_to_string(ws.dir.path().join("daemon.err")).unwrap_or_default();
            panic!(
                "daemon did not take the burst; inbox {:?}; daemon {:?}; its stderr:\n{err}\nits log ends:\n{}",
                ws.inbox_names(),
                daemon.try_wait(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status();
    let _ = daemon.wait();
    let s = Store::open(&ws.path("state.db")).expect("store");
    let notes: Vec<String> = anomalies::events(s.conn(), id)
        .expect("events")
        .into_iter()
        .filter(|e| e.who == "Ann")
        .filter_map(|e| e.note)
        .collect();
    assert_eq!(
        notes,
        (0..25).map(|i| format!("call {i}")).collect::<Vec<_>>(),
        "every update kept, in order"
    );
    let a = anomalies::get(s.conn(), id).expect("get").expect("anomaly");
    assert_eq!(
        a.status,
        Status::parse("contacted").expect("status"),
        "the last update stands"
    );
}

#[test]
fn an_amendment_that_conflicts_is_refused_and_the_next_says_what_it_replaced() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None);
    ws.run();
    let id = one(&queue(&ws), "P Zero Outcomes", "zero_outcomes").id;
    let people = cell_f64(&ws.services(), "P Zero Outcomes", "people_total").expect("people");
    let amend = |value: &str| {
        let mut c = ws.cmd();
        c.args([
            "queue",
            "amend",
            &id.to_string(),
            "outcomes_total",
            value,
            "--note",
            "from the site",
            "--as",
            "Ann",
        ]);
        c
    };
    // More job outcomes than people supported: refused, nothing saved.
    let too_many = format!("{}", people + 50.0);
    amend(&too_many)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("was not saved"));
    let s = Store::open(&ws.path("state.db")).expect("store");
    let a = jobtally::store::anomalies::get(s.conn(), id)
        .expect("get")
        .expect("anomaly");
    let saved = store::amendments::for_identity(s.conn(), &a.identity).expect("amendments");
    assert!(saved.is_empty(), "{saved:?}");
    // Two amendments in turn: the second says it replaces the first's value.
    amend("30")
        .assert()
        .success()
        .stdout(predicate::str::contains("from 0 to 30"));
    amend("31")
        .assert()
        .success()
        .stdout(predicate::str::contains("from 30 to 31"));
    // The call sheet's figures in context are the amended ones.
    let out = ws
        .cmd()
        .args(["queue", "show", &id.to_string()])
        .output()
        .expect("show");
    let sheet = String::from_utf8_lossy(&out.stdout).to_string();
    let context = sheet
        .split("Figures in context:")
        .nth(1)
        .and_then(|rest| rest.split("On the return").next())
        .unwrap_or_default();
    assert!(context.contains("31"), "{sheet}");
}

/// A change from the command line must say who made it.
#[test]
fn a_change_without_an_operator_says_how_to_name_one() {
    let ws = Ws::new();
    ws.drop_fixture("checks_planted.csv", None);
    ws.run();
    let out = ws
        .cmd()
        .env_remove("USER")
        .env_remove("USERNAME")
        .args(["queue", "set", "1", "--status", "contacted"])
        .output()
        .expect("queue set");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("who is making this change? Give --as"),
        "{err}"
    );
    ws.cmd()
        .env_remove("USER")
        .args(["queue", "set", "1", "--status", "contacted", "--as", "Ann"])
        .assert()
        .success();
}

/// A daemon keeps the queue from one run to the next; what an operator
/// changes in between (here: says an anomaly was corrected, while its
/// check still fires) is seen by its next run all the same.
#[test]
fn a_daemon_sees_what_an_operator_changed_between_its_runs() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(ws.path("jobtally.toml"), "[watch]\nsettle_ms = 100\n").expect("config");
    ws.drop_fixture("checks_planted.csv", None);
    ws.run();
    let planted = ws.services().height();
    let daemon = Daemon::start(&ws, &[]);
    let drop_and_wait = |i: usize| {
        let body = format!(
            "service_name,commissioner,period,total_cost,people_total,outcomes_total\nNew {i},Kent County Council,2012/13,{},100,40\n",
            100_000 + i
        );
        std::fs::write(ws.path(&format!("inbox/new {i}.csv")), body).expect("drop");
        wait_until(&format!("run {i} taken"), || {
            ws.inbox_names().is_empty() && ws.services().height() == planted + i
        });
    };
    // Two runs of the daemon's own: the second keeps what the first left.
    drop_and_wait(1);
    drop_and_wait(2);
    let id = one(&queue(&ws), "P Split Off", "split_not_summing").id;
    ws.cmd()
        .args([
            "queue",
            "set",
            &id.to_string(),
            "--status",
            "resolved_corrected",
            "--as",
            "Ann",
        ])
        .assert()
        .success();
    drop_and_wait(3);
    daemon.stop();
    let a = one(&queue(&ws), "P Split Off", "split_not_summing").clone();
    assert_eq!(
        a.status,
        Status::Open,
        "said corrected, but the check still fires: reopened"
    );
}
