//! The real daemon on a temp workspace. Outcomes are polled with a
//! deadline; nothing sleeps to wait for the watcher.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jobtally::store::{self, Store};

use crate::daemon::*;
use crate::harness::*;

/// The ledger, read while the daemon may be writing it: a database busy
/// past its timeout (a slow machine) is tried again within the deadline.
fn ledger(ws: &Ws) -> Vec<store::FileRecord> {
    let start = Instant::now();
    loop {
        match Store::open(&ws.path("state.db")).map(|s| store::files::recent(s.conn(), 100_000)) {
            Ok(Ok(files)) => return files,
            Ok(Err(e)) | Err(e) if start.elapsed() < DEADLINE => {
                eprintln!("ledger not readable yet: {e}");
                std::thread::sleep(Duration::from_millis(100));
            }
            Ok(Err(e)) | Err(e) => panic!("ledger: {e}"),
        }
    }
}

fn services_count(ws: &Ws) -> usize {
    jobtally::results::read_table(&ws.workspace(), "services")
        .map(|df| df.height())
        .unwrap_or(0)
}

fn one_service_csv(i: usize) -> Vec<u8> {
    format!("service_name,commissioner,period,total_cost,people_total,outcomes_total\nTeam {i},Council {i},2012/13,{},{},{}\n", 1000 + i, 10 + i % 7, i % 5).into_bytes()
}

#[test]
fn a_dropped_file_becomes_results_and_sigterm_exits_cleanly() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    ws.drop_fixture("layout_c_metrics.csv", None);
    wait_until("results for the dropped file", || services_count(&ws) == 5);
    wait_until("the inbox is empty", || ws.inbox_names().is_empty());
    ws.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicates::str::contains("daemon: running (PID"));
    daemon.stop();
    assert!(!ws.lock_held(), "lock released on exit");
}

#[test]
fn files_already_in_the_inbox_are_caught_up_on_start() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None)
        .drop_fixture("layout_b_study.xlsx", None);
    let daemon = Daemon::start(&ws, &[]);
    wait_until("both files taken", || {
        ledger(&ws).len() == 2 && ws.inbox_names().is_empty()
    });
    assert_eq!(services_count(&ws), 6);
    daemon.stop();
}

#[test]
fn a_slow_writer_is_waited_for_and_read_once() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(ws.path("jobtally.toml"), "[watch]\nsettle_ms = 1500\n").expect("config");
    let daemon = Daemon::start(&ws, &[]);
    let bytes = std::fs::read(fixture_path("layout_a_full.xlsx")).expect("fixture");
    let path = ws.path("inbox/slow.xlsx");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&path).expect("create");
        f.write_all(&bytes[..bytes.len() / 2]).expect("first half");
        f.flush().expect("flush");
        // The writer pauses (well inside the settle window), then finishes.
        std::thread::sleep(Duration::from_millis(300));
        f.write_all(&bytes[bytes.len() / 2..]).expect("second half");
    }
    wait_until("the file is taken", || ws.inbox_names().is_empty());
    let files = ledger(&ws);
    assert_eq!(files.len(), 1, "read once");
    assert_eq!(
        files[0].outcome,
        store::FileOutcome::Accepted,
        "read complete: {:?}",
        files[0].reason
    );
    daemon.stop();
}

#[test]
fn a_burst_of_500_files_is_one_or_a_few_runs() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    // Written elsewhere and moved in, as a colleague's folder would be.
    let staging = ws.dir.path().join("staging");
    std::fs::create_dir_all(&staging).expect("staging");
    for i in 0..500 {
        std::fs::write(
            staging.join(format!("return {i:03}.csv")),
            one_service_csv(i),
        )
        .expect("write");
    }
    for i in 0..500 {
        let name = format!("return {i:03}.csv");
        std::fs::rename(staging.join(&name), ws.path("inbox").join(&name)).expect("move in");
    }
    wait_until("all 500 taken", || {
        ws.inbox_names().is_empty() && ledger(&ws).len() == 500
    });
    wait_until("500 services published", || services_count(&ws) == 500);
    let s = Store::open(&ws.path("state.db")).expect("store");
    let runs: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM runs WHERE status = 'ok'", [], |r| {
            r.get(0)
        })
        .expect("runs");
    assert!(runs <= 10, "{runs} runs for one burst");
    daemon.stop();
}

#[test]
fn a_crash_mid_batch_loses_and_duplicates_nothing() {
    for step in [
        "after_parse",
        "after_results_written",
        "after_commit",
        "after_first_move",
    ] {
        let ws = Ws::new();
        for i in 0..20 {
            ws.drop_bytes(&format!("r{i}.csv"), &one_service_csv(i));
        }
        let mut crashing = Daemon::start(&ws, &[("JOBTALLY_CRASH_AT", step)]);
        let status = crashing.wait_exit();
        assert!(!status.success(), "{step}: the injected crash happened");
        drop(crashing);
        let daemon = Daemon::start(&ws, &[]);
        wait_until("all files taken after restart", || {
            ws.inbox_names().is_empty()
        });
        wait_until("all services published", || services_count(&ws) == 20);
        wait_until("every file marked moved", || {
            ledger(&ws).iter().all(|f| f.moved)
        });
        let files = ledger(&ws);
        assert_eq!(files.len(), 20, "{step}: each file recorded exactly once");
        assert!(
            files
                .iter()
                .all(|f| f.moved && f.outcome == store::FileOutcome::Accepted),
            "{step}"
        );
        let month = chrono::Utc::now().format("%Y/%m").to_string();
        assert_eq!(
            names_in(&ws.path(&format!("archive/{month}"))).len(),
            20,
            "{step}: each file archived once"
        );
        daemon.stop();
    }
}

#[test]
fn links_and_folders_in_the_inbox_are_not_followed() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    std::fs::create_dir_all(ws.path("inbox/folder")).expect("dir");
    std::fs::copy(
        fixture_path("layout_c_metrics.csv"),
        ws.path("inbox/folder/inside.csv"),
    )
    .expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        fixture_path("layout_c_metrics.csv"),
        ws.path("inbox/link.csv"),
    )
    .expect("link");
    ws.drop_fixture("layout_b_local.xlsx", None);
    wait_until("the regular file is taken", || {
        !ws.path("inbox/layout_b_local.xlsx").exists() && ledger(&ws).len() == 1
    });
    assert!(ws.path("inbox/folder/inside.csv").exists());
    assert!(
        Path::new(&ws.path("inbox/link.csv"))
            .symlink_metadata()
            .is_ok()
    );
    assert_eq!(services_count(&ws), 1);
    daemon.stop();
}

#[test]
fn a_second_daemon_is_refused() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    ws.cmd()
        .arg("watch")
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "in use by another jobtally process",
        ));
    daemon.stop();
}

#[test]
fn a_failed_results_write_keeps_the_files_and_is_retried() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    // results/current cannot be replaced while it is a non-empty directory:
    // the publish step fails, as on a full or read-only disk.
    std::fs::create_dir_all(ws.path("results/current/blocker")).expect("block");
    ws.drop_fixture("layout_c_metrics.csv", None);
    let failed_runs = || {
        let s = Store::open(&ws.path("state.db")).expect("store");
        s.conn()
            .query_row(
                "SELECT COUNT(*) FROM runs WHERE status = 'failed'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .expect("runs")
    };
    wait_until("a failed run", || failed_runs() >= 1);
    assert_eq!(
        ws.inbox_names(),
        ["layout_c_metrics.csv"],
        "the file stays in the inbox"
    );
    assert!(ledger(&ws).is_empty(), "nothing recorded for a failed run");
    ws.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicates::str::contains("failed"));
    std::fs::remove_dir_all(ws.path("results/current")).expect("unblock");
    wait_until("the retry succeeds", || {
        services_count(&ws) == 5 && ws.inbox_names().is_empty()
    });
    daemon.stop();
}

#[test]
fn kill_9_during_a_batch_loses_and_duplicates_nothing() {
    let ws = Ws::new();
    for i in 0..300 {
        ws.drop_bytes(&format!("r{i:03}.csv"), &one_service_csv(i));
    }
    let mut daemon = Daemon::start(&ws, &[]);
    // Kill as soon as a run is under way, wherever it has got to.
    wait_until("a run starts", || {
        Store::open(&ws.path("state.db"))
            .and_then(|s| {
                s.conn()
                    .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get::<_, i64>(0))
                    .map_err(Into::into)
            })
            .is_ok_and(|n| n > 0)
    });
    daemon.child.kill().expect("kill -9");
    daemon.wait_exit();
    drop(daemon);
    let daemon = Daemon::start(&ws, &[]);
    wait_until("every file taken", || ws.inbox_names().is_empty());
    wait_until("every service published", || services_count(&ws) == 300);
    // A file leaves the inbox (renamed into archive/) before the run marks
    // it moved, once it is durable: wait for the run to finish that.
    wait_until("every file marked moved", || {
        ledger(&ws).iter().all(|f| f.moved)
    });
    let files = ledger(&ws);
    assert_eq!(files.len(), 300, "each file recorded exactly once");
    assert!(files.iter().all(|f| f.moved));
    daemon.stop();
}

#[test]
fn polling_mode_takes_files_without_file_events() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(
        ws.path("jobtally.toml"),
        "[watch]\nmode = \"poll\"\npoll_seconds = 1\nsettle_ms = 200\n",
    )
    .expect("config");
    let daemon = Daemon::start(&ws, &[]);
    ws.drop_fixture("layout_c_metrics.csv", None);
    wait_until("the polled file is taken", || {
        services_count(&ws) == 5 && ws.inbox_names().is_empty()
    });
    daemon.stop();
}

/// A sender whose tool writes a CSV in pieces a second apart, each piece
/// stopping part way through a row: the daemon (settling in 300 ms) takes
/// the file once, whole — never a truncated version.
#[test]
fn a_csv_written_slowly_in_pieces_is_taken_once_whole() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    let text = std::fs::read(fixture_path("layout_c_metrics.csv")).expect("fixture");
    let path = ws.path("inbox/slow.csv");
    // Cut points inside rows: just after the first separator of a line.
    let cuts: Vec<usize> = text
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' && *i + 2 < text.len())
        .map(|(i, _)| i + 2)
        .step_by(2)
        .take(3)
        .collect();
    let mut file = std::fs::File::create(&path).expect("create");
    let mut from = 0;
    for cut in cuts {
        use std::io::Write;
        file.write_all(&text[from..cut]).expect("piece");
        file.flush().expect("flush");
        from = cut;
        // The writer's own pace, longer than the settle window.
        std::thread::sleep(Duration::from_millis(1000));
    }
    {
        use std::io::Write;
        file.write_all(&text[from..]).expect("rest");
    }
    drop(file);
    wait_until("results for the whole file", || services_count(&ws) == 5);
    wait_until("the inbox is empty", || ws.inbox_names().is_empty());
    let files = ledger(&ws);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].outcome, store::FileOutcome::Accepted);
    daemon.stop();
}

#[test]
fn a_state_database_removed_under_the_daemon_is_not_replaced_by_an_empty_one() {
    let ws = Ws::new();
    let daemon = Daemon::start(&ws, &[]);
    ws.drop_bytes("first.csv", &one_service_csv(1));
    wait_until("the first file published", || services_count(&ws) == 1);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(ws.path(&format!("state.db{suffix}")));
    }
    ws.drop_bytes("second.csv", &one_service_csv(2));
    let logged = |ws: &Ws| {
        names_in(&ws.path("logs")).iter().any(|n| {
            std::fs::read_to_string(ws.path(&format!("logs/{n}")))
                .is_ok_and(|t| t.contains("is missing"))
        })
    };
    wait_until("the daemon says state.db is missing", || logged(&ws));
    assert!(!ws.path("state.db").exists(), "no empty ledger was started");
    assert_eq!(ws.inbox_names(), ["second.csv"], "the new file waits");
    daemon.stop();
}

/// A command bringing results up to date (`queue set`, `run`) holds the
/// workspace for seconds: `watch` started meanwhile waits for it, then
/// watches.
#[test]
fn watch_waits_for_a_command_holding_the_workspace() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(ws.path("jobtally.toml"), "[watch]\nsettle_ms = 300\n").expect("config");
    // This process holds the lock as a command does.
    let held = ws.workspace().lock().expect("lock");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("jobtally"))
        .arg("--workspace")
        .arg(ws.root())
        .arg("watch")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn daemon");
    // Past the moment a look at the lock is outlasted, it is still waiting.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().expect("wait").is_none(), "watch gave up");
    drop(held);
    wait_until("the daemon holds the lock", || ws.lock_held());
    let daemon = Daemon { child };
    std::fs::write(ws.path("inbox/one.csv"), one_service_csv(1)).expect("drop");
    wait_until("the file is taken", || ws.inbox_names().is_empty());
    daemon.stop();
}
