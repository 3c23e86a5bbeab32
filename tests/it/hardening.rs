//! Hostile and broken input: property tests of the value parsers, mutated
//! fixtures through the guarded reader, oversized input, odd names, a
//! damaged state database, and the workspace's permissions.

use jobtally::ingest::cells::Cell;
use jobtally::ingest::values::{
    Parsed, PeriodRead, parse_count, parse_money, parse_period_text, parse_tick,
};
use jobtally::ingest::{IngestError, ReadLimits, Schema};
use jobtally::kinds::read::read_guarded;
use predicates::prelude::*;
use proptest::prelude::*;
use std::sync::Arc;

use crate::harness::*;

fn words() -> &'static jobtally::ingest::schema::ValueWords {
    &Schema::builtin().values
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parsers_never_panic(s in "\\PC*") {
        let cell = Cell::Text(s.clone());
        let _ = parse_money(&cell, words());
        let _ = parse_count(&cell, words());
        let _ = parse_tick(&cell, words());
        let _ = parse_period_text(&s, words());
    }

    #[test]
    fn money_round_trips(n in 0u64..10_000_000_000, form in 0usize..5) {
        let text = match form {
            0 => n.to_string(),
            1 => format!("£{}", thousands(n)),
            2 => format!("£{}.00", thousands(n)),
            3 => format!("  {n} "),
            _ => thousands(n),
        };
        prop_assert_eq!(parse_money(&Cell::Text(text), words()), Parsed::Number { value: n as f64, interpreted: None });
    }

    #[test]
    fn thousands_of_pounds_round_trip(k in 1u64..100_000) {
        match parse_money(&Cell::Text(format!("£{k}k")), words()) {
            Parsed::Number { value, interpreted: Some(_) } => prop_assert_eq!(value, (k * 1000) as f64),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn counts_round_trip(n in 0u64..1_000_000_000, form in 0usize..4) {
        let text = match form {
            0 => n.to_string(),
            1 => format!("{n}.0"),
            2 => format!(" {} ", thousands(n)),
            _ => thousands(n),
        };
        prop_assert_eq!(parse_count(&Cell::Text(text), words()), Parsed::Number { value: n as f64, interpreted: None });
    }

    #[test]
    fn periods_round_trip(y in 1990i32..2090, form in 0usize..7) {
        let yy = (y + 1) % 100;
        let text = match form {
            0 => format!("{y}/{yy:02}"),
            1 => format!("{y}-{yy:02}"),
            2 => format!("{y}/{}", y + 1),
            3 => format!("{y}-{}", y + 1),
            4 => format!("FY{y}/{yy:02}"),
            5 => format!("{y} to {}", y + 1),
            _ => format!("  {y}/{yy:02} "),
        };
        prop_assert_eq!(parse_period_text(&text, words()), PeriodRead::Period { period: format!("{y}/{yy:02}"), interpreted: None });
    }

    #[test]
    fn ticks_read_both_ways(t in prop::sample::select(vec!["x", "X", "✓", "✔", "yes", "Y", "true", "1"]),
                            f in prop::sample::select(vec!["", "no", "N", "0", "false"])) {
        prop_assert_eq!(parse_tick(&Cell::Text(t.to_string()), words()), Ok(true));
        prop_assert_eq!(parse_tick(&Cell::Text(f.to_string()), words()), Ok(false));
    }
}

/// Corrupt every fixture in many ways; each read ends accepted or rejected
/// with a reason, within the time limit, never a panic.
#[test]
fn mutated_fixtures_are_read_or_rejected_never_crash() {
    let fixtures = [
        "layout_a_full.xlsx",
        "layout_a_no_keys.xlsx",
        "layout_b_study.xlsx",
        "layout_b_local.xlsx",
        "layout_c_batch.xlsx",
        "layout_c_metrics.csv",
        "layout_c_cp1252.csv",
    ];
    let rounds: usize = std::env::var("JOBTALLY_MUTATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let limits = ReadLimits {
        max_seconds: 20,
        ..ReadLimits::default()
    };
    let mut rng = jobtally::demo::Rng::new(99);
    let (mut accepted, mut rejected) = (0, 0);
    for name in fixtures {
        let original = std::fs::read(fixture_path(name)).expect("fixture");
        for round in 0..rounds {
            let mut bytes = original.clone();
            match round % 4 {
                // Truncated at a random offset.
                0 => bytes.truncate(rng.below(bytes.len())),
                // A few bytes flipped.
                1 => {
                    for _ in 0..=rng.below(8) {
                        let i = rng.below(bytes.len());
                        bytes[i] ^= 1 << rng.below(8);
                    }
                }
                // A zip entry dropped (workbooks), or a line dropped (CSV).
                2 => bytes = drop_part(&bytes, &mut rng),
                // A run of bytes duplicated in place.
                _ => {
                    let i = rng.below(bytes.len());
                    let j = (i + rng.below(64)).min(bytes.len());
                    let copy = bytes[i..j].to_vec();
                    bytes.splice(i..i, copy);
                }
            }
            match read_guarded(name, Arc::new(bytes), &limits) {
                Ok(read) => {
                    assert!(!read.returns.is_empty());
                    accepted += 1;
                }
                Err(IngestError::ReaderFailed { detail }) => {
                    panic!("{name} round {round}: the reader failed: {detail}")
                }
                Err(IngestError::Timeout { .. }) => panic!("{name} round {round}: the read hung"),
                Err(e) => {
                    assert!(!e.to_string().is_empty() && !e.hint().is_empty());
                    rejected += 1;
                }
            }
        }
    }
    assert_eq!(accepted + rejected, fixtures.len() * rounds);
    assert!(
        accepted > 0 && rejected > 0,
        "{accepted} accepted, {rejected} rejected"
    );
}

fn drop_part(bytes: &[u8], rng: &mut jobtally::demo::Rng) -> Vec<u8> {
    if bytes.starts_with(b"PK") {
        if let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            let skip = rng.below(archive.len());
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for i in 0..archive.len() {
                if i == skip {
                    continue;
                }
                if let Ok(file) = archive.by_index_raw(i) {
                    let _ = out.raw_copy_file(file);
                }
            }
            if let Ok(cursor) = out.finish() {
                return cursor.into_inner();
            }
        }
        return bytes[..bytes.len() / 2].to_vec();
    }
    let text = String::from_utf8_lossy(bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    if !lines.is_empty() {
        lines.remove(rng.below(lines.len()));
    }
    lines.join("\n").into_bytes()
}

#[test]
fn huge_inputs_are_read_within_limits_or_refused() {
    let limits = ReadLimits::default();
    // 200,000 services in one CSV: read (600,000 cells is within the limit).
    let mut csv = String::from("service_name,people_total,outcomes_total\n");
    for i in 0..200_000 {
        csv.push_str(&format!("S{i},{},{}\n", 10 + i % 90, i % 10));
    }
    let csv = Arc::new(csv.into_bytes());
    // Over the rows a file may hold by default: refused, saying so.
    assert!(matches!(
        read_guarded("big.csv", Arc::clone(&csv), &limits),
        Err(IngestError::TooManyReturns {
            returns: 200_000,
            ..
        })
    ));
    let roomy = ReadLimits {
        max_returns_per_file: 200_000,
        ..limits
    };
    let read = read_guarded("big.csv", csv, &roomy).expect("read");
    assert_eq!(read.returns.len(), 200_000);
    // A 10,000-column row and a 1 MB cell.
    let mut wide = String::from("service_name,people_total");
    for i in 0..10_000 {
        wide.push_str(&format!(",extra{i}"));
    }
    wide.push_str(&format!("\nWide,10{}\n", ",x".repeat(10_000)));
    assert!(read_guarded("wide.csv", Arc::new(wide.into_bytes()), &limits).is_ok());
    let big_cell = format!(
        "service_name,people_total,service_description\nBig,10,{}\n",
        "a".repeat(1 << 20)
    );
    assert!(read_guarded("cell.csv", Arc::new(big_cell.into_bytes()), &limits).is_ok());
    // Over the cell limit: refused, not read.
    let tight = ReadLimits {
        max_cells: 1000,
        ..limits
    };
    let mut many = String::from("service_name,people_total\n");
    for i in 0..1000 {
        many.push_str(&format!("S{i},1\n"));
    }
    assert!(matches!(
        read_guarded("many.csv", Arc::new(many.into_bytes()), &tight),
        Err(IngestError::TooManyCells { .. })
    ));
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_opened() {
    // A workbook whose sheet XML inflates to 8 MB of zeros.
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    out.start_file("xl/worksheets/sheet1.xml", options)
        .expect("entry");
    use std::io::Write;
    out.write_all(&vec![b'0'; 8 << 20]).expect("write");
    let bytes = out.finish().expect("zip").into_inner();
    assert!(bytes.len() < 100_000, "compresses well: {}", bytes.len());
    let limits = ReadLimits {
        max_uncompressed_bytes: 1 << 20,
        ..ReadLimits::default()
    };
    match read_guarded("bomb.xlsx", Arc::new(bytes), &limits) {
        Err(e @ IngestError::Expands { .. }) => assert!(e.to_string().contains("would expand")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn odd_names_never_escape_or_overwrite() {
    let ws = Ws::new();
    // 244 bytes: near the file system's 255-byte limit.
    let long = format!("{}.csv", "ü".repeat(120));
    for name in [
        "with space.csv",
        "ünïcødé £ return.csv",
        "..csv",
        "a..b.csv",
        long.as_str(),
    ] {
        ws.drop_fixture("layout_c_metrics.csv", Some(name));
    }
    // The same bytes under five names: "..csv" is a hidden file and left
    // alone; of the others one is accepted, three are duplicates, all archived.
    let out = ws.run();
    assert!(
        out.contains("1 file accepted") && out.contains("3 files duplicate"),
        "{out}"
    );
    assert_eq!(ws.inbox_names(), ["..csv"]);
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    let archived = names_in(&ws.path(&format!("archive/{month}")));
    assert_eq!(archived.len(), 4);
    assert!(archived.iter().all(|n| n.len() <= 200));
    // Nothing was written outside the workspace.
    let outside: Vec<String> = names_in(ws.dir.path());
    assert_eq!(outside, ["ws"]);
}

#[test]
fn a_damaged_state_database_stops_safely_and_loses_nothing() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    std::fs::write(
        ws.path("state.db"),
        b"this is not a database at all, not even close to one",
    )
    .expect("garbage");
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.cmd()
        .arg("run")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "damaged or not a jobtally database",
        ));
    assert_eq!(
        ws.inbox_names(),
        ["layout_c_metrics.csv"],
        "the file is still in the inbox"
    );
}

#[test]
fn status_check_verifies_every_archived_file() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None)
        .drop_fixture("bad/empty.xlsx", None);
    ws.run();
    ws.cmd()
        .args(["status", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2 files checked, all present and intact",
        ));
    // Someone edits an archived return.
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    let dir = ws.path(&format!("archive/{month}"));
    let archived = dir.join(&names_in(&dir)[0]);
    std::fs::write(&archived, b"edited").expect("tamper");
    ws.cmd()
        .args(["status", "--check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "does not match its recorded SHA-256",
        ));
}

#[cfg(unix)]
#[test]
fn the_workspace_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Ws::new();
    // jobtally creates the workspace (an existing one keeps its own modes:
    // a shared inbox may need to be writable by a group).
    ws.cmd().arg("run").assert().success();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.run();
    let mode =
        |p: std::path::PathBuf| std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
    for d in ["", "inbox", "archive", "rejected", "results", "logs"] {
        assert_eq!(mode(ws.path(d)), 0o700, "{d}/");
    }
    assert_eq!(mode(ws.path("state.db")), 0o600);
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    let dir = ws.path(&format!("archive/{month}"));
    assert_eq!(mode(dir.join(&names_in(&dir)[0])), 0o600);
}

#[test]
fn many_processes_opening_a_new_workspace_at_once_all_succeed() {
    let ws = Ws::new();
    std::fs::create_dir_all(ws.root()).expect("root");
    let children: Vec<std::process::Child> = (0..8)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("jobtally"))
                .arg("--workspace")
                .arg(ws.root())
                .arg("status")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_locked_state_database_says_so_and_changes_nothing() {
    let ws = Ws::new();
    ws.drop_fixture("layout_c_metrics.csv", None);
    ws.cmd().arg("status").assert().success();
    // Another program holds the write lock for longer than jobtally waits.
    let holder = rusqlite::Connection::open(ws.path("state.db")).expect("open");
    holder
        .execute_batch(
            "BEGIN EXCLUSIVE; UPDATE meta SET value = value WHERE key = 'state_version';",
        )
        .expect("lock");
    ws.cmd()
        .arg("run")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("locked by another program"));
    assert_eq!(ws.inbox_names(), ["layout_c_metrics.csv"]);
    holder.execute_batch("ROLLBACK").expect("release");
    assert!(ws.run().contains("1 file accepted"));
}
