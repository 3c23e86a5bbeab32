//! The command-line contract: run, export, template, exit codes,
//! resubmission, duplicates and the workspace lock.

use std::collections::BTreeMap;

use jobtally::ingest::Value;
use jobtally::kinds::service::template::{TemplateStyle, template_bytes};
use jobtally::xlsx_out::Out;
use predicates::prelude::*;

use crate::harness::*;

#[test]
fn template_command_writes_a_layout_a_workbook_with_notes() {
    let ws = Ws::new();
    let out = ws.dir.path().join("blank.xlsx");
    ws.cmd()
        .args(["template", "--out"])
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).expect("template written");
    let schema = jobtally::ingest::Schema::builtin();
    // Read back: recognised as a return, with nothing filled in.
    let err = jobtally::kinds::read::read_bytes("blank.xlsx", &bytes, &Default::default(), schema)
        .expect_err("blank");
    assert!(matches!(err, jobtally::ingest::IngestError::Blank), "{err}");
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&out).expect("open");
    assert_eq!(wb.sheet_names(), ["Return", "Notes"]);
}

#[test]
fn template_round_trips_every_field() {
    let schema = jobtally::ingest::Schema::builtin();
    let mut values = BTreeMap::new();
    let mut expected = BTreeMap::new();
    for (i, f) in schema.fields.iter().enumerate() {
        use jobtally::ingest::schema::FieldKind;
        let (out, value) = match f.kind {
            FieldKind::Text => (
                Out::Text(format!("text {i}")),
                Value::Text(format!("text {i}")),
            ),
            FieldKind::Period => (Out::Text("2012-13".into()), Value::Text("2012/13".into())),
            FieldKind::Tick => (Out::Text("x".into()), Value::Tick(true)),
            FieldKind::Money | FieldKind::Count => (Out::Number(i as f64), Value::Number(i as f64)),
        };
        values.insert(f.key.clone(), out);
        expected.insert(f.key.clone(), value);
    }
    let bytes = template_bytes(&values, TemplateStyle::default()).expect("template");
    let read = jobtally::kinds::read::read_bytes("t.xlsx", &bytes, &Default::default(), schema)
        .expect("read");
    assert_eq!(read.returns.len(), 1);
    assert_eq!(read.returns[0].values, expected);
}

#[test]
fn template_refuses_a_non_xlsx_name() {
    let ws = Ws::new();
    ws.cmd()
        .args(["template", "--out"])
        .arg(ws.dir.path().join("t.csv"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(".xlsx"));
}

#[test]
fn export_writes_csv_and_parquet() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let out = ws
        .cmd()
        .args(["export", "--table", "services", "--format", "csv"])
        .output()
        .expect("export");
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("utf8");
    assert!(csv.starts_with("service_key,commissioner,"), "{csv}");
    assert_eq!(csv.lines().count(), 6, "header and five services");
    let file = ws.dir.path().join("services.parquet");
    ws.cmd()
        .args([
            "export", "--table", "services", "--format", "parquet", "--out",
        ])
        .arg(&file)
        .assert()
        .success();
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(&file).expect("open"))
        .finish()
        .expect("parquet");
    assert_eq!(df.height(), 5);
}

#[test]
fn export_says_what_to_do_when_there_is_nothing_yet() {
    let ws = Ws::new();
    // A workspace that exists (a missing one is refused: see
    // `a_mistyped_workspace_is_not_made_a_new_one`).
    std::fs::create_dir_all(ws.root()).expect("root");
    ws.cmd()
        .args(["export", "--table", "services"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no results yet"));
    ws.run();
    ws.cmd()
        .args(["export", "--table", "nonesuch"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no results table named"));
}

#[test]
fn accepted_files_are_archived_by_month_and_hash() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", Some("Return 2012–13 (final).csv"));
    let out = ws.run();
    assert!(out.contains("1 file accepted"), "{out}");
    assert!(ws.inbox_names().is_empty());
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    let archived = names_in(&ws.path(&format!("archive/{month}")));
    assert_eq!(archived.len(), 1);
    let sha = jobtally::watch::mover::sha256_hex(
        &std::fs::read(fixture_path("layout_c_metrics.csv")).expect("read"),
    );
    assert_eq!(
        archived[0],
        format!("{}-Return 2012–13 (final).csv", &sha[..12])
    );
}

#[test]
fn a_resubmission_supersedes_the_earlier_return() {
    let ws = Ws::new();
    ws.drop_bytes("first.csv", b"service_name,commissioner,period,total_cost,people_total,outcomes_total\nTeam,Wigan Council,2012/13,1000,10,2\n");
    ws.run();
    ws.drop_bytes("second.csv", b"service_name,commissioner,period,total_cost,people_total,outcomes_total\nTeam,WIGAN council,2012-13,1000,10,5\n");
    let out = ws.run();
    assert!(out.contains("1 replaced by a resubmission"), "{out}");
    let df = ws.services();
    assert_eq!(df.height(), 1);
    assert_close(
        cell_f64(&df, "Team", "outcomes_total"),
        Some(5.0),
        "the later figure wins",
    );
    assert_eq!(
        cell_str(&df, "Team", "source_file").as_deref(),
        Some("second.csv")
    );
}

#[test]
fn a_byte_identical_file_is_recorded_as_a_duplicate() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", Some("a.csv"));
    ws.run();
    ws.drop_fixture("layout_c_metrics.csv", Some("b.csv"));
    let out = ws.run();
    assert!(out.contains("1 file duplicate"), "{out}");
    assert!(out.contains("0 files accepted"), "{out}");
    let df = ws.services();
    assert_eq!(df.height(), 5);
    assert_eq!(
        cell_str(&df, "S1 LD Team", "source_file").as_deref(),
        Some("a.csv")
    );
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    assert_eq!(
        names_in(&ws.path(&format!("archive/{month}"))).len(),
        2,
        "the copy is archived too"
    );
}

#[test]
fn a_run_with_nothing_new_changes_nothing() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let current = std::fs::read_to_string(ws.path("results/current")).expect("current");
    let out = ws.run();
    assert!(out.contains("results: unchanged"), "{out}");
    assert_eq!(
        std::fs::read_to_string(ws.path("results/current")).expect("current"),
        current
    );
}

#[test]
fn a_second_process_on_the_workspace_is_refused() {
    let ws = Ws::new();
    let held = ws.workspace().lock().expect("lock");
    // Our own PID holds it: the child sees a live process.
    ws.cmd()
        .arg("run")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "in use by another jobtally process",
        ));
    drop(held);
    ws.run();
}

#[test]
fn a_stale_lock_is_taken_over() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    // A lock file left by a process that died: no process holds it.
    std::fs::write(ws.path("jobtally.lock"), "0\n").expect("lock");
    ws.run();
    assert!(!ws.lock_held(), "released after the run");
}

/// A lock file naming a live process that does not hold it (PID 1 after a
/// reboot, a PID reused by another program) does not block the workspace.
#[test]
fn a_lock_naming_a_reused_pid_is_taken_over() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(ws.path("jobtally.lock"), "1\n").expect("lock");
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    assert_eq!(ws.returns().len(), 5);
    assert!(!ws.lock_held(), "released after the run");
}

/// Processes started together on one fresh workspace: exactly one works
/// the inbox, the other is refused or finds nothing to do, and no file is
/// ever taken twice.
#[test]
fn concurrent_runs_never_take_a_file_twice() {
    for trial in 0..12 {
        let ws = Ws::new();
        ws.drop_fixture("layout_c_metrics.csv", None)
            .drop_fixture("layout_a_full.xlsx", None);
        let children: Vec<std::process::Child> = (0..3)
            .map(|_| {
                std::process::Command::new(assert_cmd::cargo::cargo_bin("jobtally"))
                    .arg("--workspace")
                    .arg(ws.root())
                    .arg("run")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut c in children {
            c.wait().expect("wait");
        }
        // Whatever lost the race, the inbox is worked (a refused run
        // leaves it to the winner) and every file is in the ledger once.
        ws.run();
        let store = jobtally::store::Store::open(&ws.path("state.db")).expect("store");
        let files = jobtally::store::files::recent(store.conn(), 100).expect("files");
        assert_eq!(files.len(), 2, "trial {trial}: {files:?}");
        assert!(
            files
                .iter()
                .all(|f| f.outcome == jobtally::store::FileOutcome::Accepted),
            "trial {trial}: {files:?}"
        );
    }
}

#[test]
fn status_reports_the_ledger() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None)
        .drop_fixture("bad/empty.xlsx", None);
    ws.run();
    ws.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "files: 2 seen, 1 accepted, 1 rejected",
        ))
        .stdout(predicate::str::contains("5 services"));
}

#[test]
fn a_run_that_cannot_write_results_fails_cleanly_and_moves_nothing() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.path("results/current/blocker")).expect("block");
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.cmd()
        .arg("run")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("results"));
    assert_eq!(ws.inbox_names(), ["layout_c_metrics.csv"]);
    std::fs::remove_dir_all(ws.path("results/current")).expect("unblock");
    let out = ws.run();
    assert!(out.contains("1 file accepted"), "{out}");
}

#[test]
fn run_verbose_lists_what_was_interpreted() {
    let ws = Ws::new();
    ws.drop_fixture("layout_a_no_keys.xlsx", None);
    let out = ws.cmd().args(["run", "--verbose"]).output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("layout_a_no_keys.xlsx [accepted"), "{text}");
    assert!(text.contains("info interpreted_money"), "{text}");
    assert!(text.contains("info period_from_date"), "{text}");
    assert!(text.contains("label \"Comments\" not recognised"), "{text}");
}

#[test]
fn bad_arguments_exit_1_and_help_exits_0() {
    let ws = Ws::new();
    ws.cmd().arg("--no-such-flag").assert().code(1);
    ws.cmd()
        .args(["export", "--format", "pdf", "--table", "services"])
        .assert()
        .code(1);
    ws.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage"));
}

#[test]
fn export_all_as_a_formatted_workbook_with_formulas_neutralised() {
    let ws = Ws::new();
    ws.drop_bytes(
        "evil.csv",
        b"service_name,commissioner,period,total_cost,people_total,outcomes_total\n=HYPERLINK(\"http://x\"),@Council,2012/13,1000,10,2\n",
    );
    ws.run();
    let out = ws.dir.path().join("all.xlsx");
    ws.cmd()
        .args(["export", "--table", "all", "--format", "xlsx", "--out"])
        .arg(&out)
        .assert()
        .success();
    use calamine::{Data, Reader};
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).expect("open");
    let names = wb.sheet_names();
    for t in [
        "services",
        "sites",
        "summary",
        "per100",
        "correlations",
        "benchmarks",
    ] {
        assert!(names.contains(&t.to_string()), "{t} in {names:?}");
    }
    let services = wb.worksheet_range("services").expect("sheet");
    let header: Vec<String> = services
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = services.rows().nth(1).expect("row");
    assert_eq!(
        row[col("service_name")],
        Data::String("'=HYPERLINK(\"http://x\")".into())
    );
    assert_eq!(row[col("commissioner")], Data::String("'@Council".into()));
    assert_eq!(
        row[col("cost_per_person")],
        Data::Float(100.0),
        "figures stay numbers"
    );
    // CSV is neutralised too; the stored data are not changed.
    let csv = ws
        .cmd()
        .args(["export", "--table", "services"])
        .output()
        .expect("csv");
    assert!(String::from_utf8_lossy(&csv.stdout).contains("'=HYPERLINK"));
    assert_eq!(
        ws.returns()[0].data.text("service_name"),
        Some("=HYPERLINK(\"http://x\")")
    );
    ws.cmd()
        .args(["export", "--table", "all", "--format", "csv"])
        .assert()
        .code(1);
}

/// `| head` closes the pipe early: that is not a fault.
#[test]
fn a_reader_closing_the_pipe_early_is_not_a_fault() {
    let ws = Ws::new();
    ws.drop_fixture("checks_clean_20.csv", None)
        .drop_fixture("checks_planted.csv", None);
    ws.run();
    for args in [
        &["export", "--table", "services", "--out", "-"][..],
        &["queue", "--format", "json", "--status", "all", "--all"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jobtally"))
            .arg("--workspace")
            .arg(ws.root())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Read one byte, then close the pipe, as `head -c 1` does.
        let mut stdout = child.stdout.take().expect("stdout");
        let mut one = [0u8; 1];
        std::io::Read::read_exact(&mut stdout, &mut one).expect("a byte");
        drop(stdout);
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
    }
}

/// A reader gone before the first line (`| true`): every command that
/// prints ends quietly with 0, whichever line meets the closed pipe.
#[test]
fn a_pipe_closed_before_any_output_is_not_a_fault() {
    let ws = Ws::new();
    ws.drop_fixture("checks_planted.csv", None);
    ws.run();
    for args in [
        &["status", "--check", "--notes"][..],
        &["queue", "show", "1"],
        &["queue"],
        &["estimate", "--budget", "250000"],
        &["run"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jobtally"))
            .arg("--workspace")
            .arg(ws.root())
            .args(args)
            .env("USER", "tester")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Close the read end at once, long before the process has written.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_mistyped_workspace_is_not_made_a_new_one() {
    let ws = Ws::new();
    for args in [
        &["status"][..],
        &["queue"],
        &["export", "--table", "services"],
        &["estimate", "--budget", "250000"],
    ] {
        ws.cmd()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("there is no workspace at"));
        assert!(!ws.root().exists(), "{args:?} created the workspace");
    }
    // The commands that start one do.
    ws.cmd().arg("run").assert().success();
    assert!(ws.path("inbox").is_dir());
}

/// `status --notes` lists what had to be interpreted, by file, saying
/// what was sent and how it was read.
#[test]
fn status_notes_lists_the_interpreted_values_by_file() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let out = ws
        .cmd()
        .args(["status", "--notes"])
        .output()
        .expect("status");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("values noted on the current returns"),
        "{text}"
    );
    assert!(text.contains("\nlayout_c_metrics.csv\n"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("  row ") && l.contains(" · ") && l.contains("(info ")),
        "{text}"
    );
    // Without --notes, none of it.
    let plain = ws.cmd().arg("status").output().expect("status");
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("values noted"));
}

#[test]
fn a_drop_in_several_batches_publishes_once_and_a_crash_between_them_is_published_next() {
    // Every file its own batch: the files are committed batch by batch,
    // and one run of its own, after them, computes and publishes.
    let ws = Ws::new();
    ws.drop_fixture("layout_a_full.xlsx", None);
    ws.drop_fixture("layout_b_study.xlsx", None);
    ws.cmd()
        .arg("run")
        .env("JOBTALLY_BATCH_BYTES", "1")
        .assert()
        .success();
    let published: Vec<String> = names_in(&ws.path("results"))
        .into_iter()
        .filter(|n| n.starts_with("run-"))
        .collect();
    assert_eq!(
        published,
        ["run-3"],
        "one publication for the drop, after its two batches"
    );
    assert_eq!(ws.services().height(), ws.returns().len());
    let before = ws.returns().len();

    // The next drop's batches commit and its publishing run fails. The
    // next run, with nothing to read, must still publish what they
    // recorded.
    ws.drop_fixture("layout_c_metrics.csv", Some("a first.csv"));
    ws.drop_fixture("layout_a_no_keys.xlsx", Some("b second.xlsx"));
    ws.cmd()
        .arg("run")
        .env("JOBTALLY_BATCH_BYTES", "1")
        .env("JOBTALLY_FULL_AT", "results")
        .assert()
        .failure();
    assert!(
        ws.inbox_names().is_empty(),
        "both batches were committed and archived"
    );
    assert!(ws.returns().len() > before, "the batches were recorded");
    assert!(
        ws.services().height() < ws.returns().len(),
        "not yet published"
    );
    ws.run();
    assert_eq!(ws.services().height(), ws.returns().len());
}
