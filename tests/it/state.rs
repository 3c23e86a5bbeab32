//! The state database is never silently lost or replaced: a missing or
//! foreign state.db is refused with the real options, `jobtally rebuild`
//! makes a new one from archive/ (keeping the old one and carrying its
//! queue and amendments over), a full disk is an error that claims nothing
//! it did not do, and a run a crash left open is not shown as running.

use predicates::prelude::*;

use jobtally::store::{Store, anomalies};

use crate::harness::*;

fn used_workspace() -> Ws {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None);
    ws.run();
    ws
}

fn service_names(ws: &Ws) -> Vec<String> {
    let df = ws.services();
    let mut names: Vec<String> = df
        .column("service_name")
        .expect("column")
        .str()
        .expect("text")
        .iter()
        .flatten()
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

fn archived_files(ws: &Ws) -> usize {
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    names_in(&ws.path(&format!("archive/{month}"))).len()
}

#[test]
fn a_new_workspace_records_its_id_in_both_places() {
    let ws = used_workspace();
    let marker = std::fs::read_to_string(ws.path("workspace.id")).expect("marker");
    let s = Store::open(&ws.path("state.db")).expect("store");
    let id: String = s
        .conn()
        .query_row("SELECT id FROM workspace", [], |r| r.get(0))
        .expect("id");
    assert_eq!(marker.trim(), id);
    assert!(id.starts_with("ws-"), "{id}");
}

#[test]
fn a_missing_state_database_is_refused_and_nothing_is_started_afresh() {
    let ws = used_workspace();
    std::fs::remove_file(ws.path("state.db")).expect("remove");
    ws.drop_fixture("layout_c_metrics.csv", None);
    for args in [&["run"][..], &["status"], &["queue"]] {
        ws.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("is missing"))
            .stderr(predicate::str::contains("jobtally rebuild"));
    }
    assert!(!ws.path("state.db").exists(), "no empty ledger was started");
    assert_eq!(ws.inbox_names(), ["layout_c_metrics.csv"]);
}

#[test]
fn archive_files_without_a_marker_or_state_database_are_refused_too() {
    let ws = used_workspace();
    std::fs::remove_file(ws.path("state.db")).expect("remove");
    std::fs::remove_file(ws.path("workspace.id")).expect("remove");
    ws.cmd()
        .arg("status")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("archive/ holds files"));
}

#[test]
fn another_workspaces_state_database_is_refused() {
    let ws = used_workspace();
    let other = used_workspace();
    std::fs::copy(other.path("state.db"), ws.path("state.db")).expect("swap");
    ws.cmd()
        .arg("status")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("belongs to another workspace"));
}

#[test]
fn rebuild_reads_the_archive_again_and_keeps_the_queue_and_amendments() {
    let ws = used_workspace();
    let before = service_names(&ws);
    let s = Store::open(&ws.path("state.db")).expect("store");
    let q = anomalies::all(s.conn()).expect("queue");
    drop(s);
    let zero = q
        .iter()
        .find(|a| a.rule == "zero_outcomes")
        .expect("zero outcomes row")
        .id;
    let other = q
        .iter()
        .find(|a| a.id != zero && a.status == anomalies::Status::Open)
        .expect("another open row")
        .id;
    ws.cmd()
        .args(["queue", "set", &other.to_string(), "--status", "contacted"])
        .args(["--note", "rang them", "--as", "Ann"])
        .assert()
        .success();
    ws.cmd()
        .args(["queue", "amend", &zero.to_string(), "outcomes_total", "30"])
        .args(["--note", "site says 30", "--as", "Ann"])
        .assert()
        .success();
    let amended = cell_f64(&ws.services(), "P Zero Outcomes", "outcomes_total");
    assert_eq!(amended, Some(30.0));

    ws.cmd()
        .arg("rebuild")
        .assert()
        .success()
        .stdout(predicate::str::contains("old state database kept at"))
        .stdout(predicate::str::contains("1 amendments"))
        .stdout(predicate::str::contains("2 files (2 accepted"));
    assert_eq!(service_names(&ws), before, "the same services");
    assert_eq!(
        cell_f64(&ws.services(), "P Zero Outcomes", "outcomes_total"),
        Some(30.0),
        "the amendment is applied again"
    );
    let s = Store::open(&ws.path("state.db")).expect("store");
    let after = anomalies::all(s.conn()).expect("queue");
    let row = after.iter().find(|a| a.id == other).expect("row kept");
    assert_eq!(row.status, anomalies::Status::Contacted);
    let events = anomalies::events(s.conn(), other).expect("events");
    assert!(
        events
            .iter()
            .any(|e| e.note.as_deref() == Some("rang them"))
    );
    let kept: Vec<String> = names_in(&ws.root())
        .into_iter()
        .filter(|n| {
            n.starts_with("state.db.before-rebuild-")
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the old database is kept: {kept:?}");
    // Nothing in archive/ moved or doubled, and the ledger matches it.
    assert_eq!(archived_files(&ws), 2);
    ws.cmd().args(["status", "--check"]).assert().success();
    // A resubmission of an archived file is still a duplicate.
    ws.drop_fixture("checks_planted.csv", Some("again.csv"));
    let out = ws.run();
    assert!(
        out.contains("1 file duplicate"),
        "the ledger knows its files: {out}"
    );
}

#[test]
fn rebuild_after_the_state_database_was_lost_or_damaged() {
    for damage in ["lost", "damaged"] {
        let ws = used_workspace();
        let before = service_names(&ws);
        match damage {
            "lost" => std::fs::remove_file(ws.path("state.db")).expect("remove"),
            _ => std::fs::write(ws.path("state.db"), b"not a database, not at all").expect("w"),
        }
        let _ = std::fs::remove_file(ws.path("state.db-wal"));
        let out = ws.cmd().arg("rebuild").assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        if damage == "damaged" {
            assert!(text.contains("nothing carried over"), "{text}");
        }
        assert_eq!(service_names(&ws), before, "{damage}");
        ws.cmd().args(["status", "--check"]).assert().success();
        ws.drop_fixture("layout_c_metrics.csv", None);
        assert!(ws.run().contains("1 file accepted"), "{damage}: runs again");
    }
}

#[test]
fn a_full_disk_while_placing_files_claims_nothing_and_the_next_run_finishes() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("layout_c_metrics.csv", None);
    ws.cmd()
        .arg("run")
        .env("JOBTALLY_FULL_AT", "place")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("No space left on device"))
        .stderr(predicate::str::contains("stay in the inbox"))
        .stdout(predicate::str::contains("accepted").not());
    assert_eq!(
        ws.inbox_names().len(),
        2,
        "both files are still in the inbox"
    );
    assert_eq!(archived_files(&ws), 0, "no empty or partial copies");
    let out = ws.run();
    assert!(out.contains("2 file moves finished"), "{out}");
    assert!(ws.inbox_names().is_empty());
    assert_eq!(archived_files(&ws), 2);
    ws.cmd().args(["status", "--check"]).assert().success();
}

#[test]
fn a_full_disk_while_writing_results_records_nothing() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.cmd()
        .arg("run")
        .env("JOBTALLY_FULL_AT", "results")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("No space left on device"));
    assert_eq!(ws.inbox_names(), ["layout_c_metrics.csv"]);
    let leftovers: Vec<String> = names_in(&ws.path("results"))
        .into_iter()
        .filter(|n| n.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(ws.run().contains("1 file accepted"));
}

#[test]
fn a_run_a_crash_left_open_is_shown_as_interrupted_then_closed() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    let out = ws
        .cmd()
        .arg("run")
        .env("JOBTALLY_CRASH_AT", "after_parse")
        .output()
        .expect("run");
    assert!(!out.status.success());
    ws.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("interrupted"))
        .stdout(predicate::str::contains("#1 running").not());
    ws.run();
    let s = Store::open(&ws.path("state.db")).expect("store");
    let failed: String = s
        .conn()
        .query_row("SELECT error FROM runs WHERE id = 1", [], |r| r.get(0))
        .expect("run 1");
    assert!(failed.starts_with("interrupted"), "{failed}");
}
