//! What a file is: every batch layout of every kind is recognised with its
//! headers shuffled, numbered as a survey tool numbers them (`Q7.`) and
//! with columns of the sender's own beside them.

use jobtally::ingest::ReturnKind;

use crate::harness::*;

/// A CSV's columns reordered by a fixed permutation, each header given a
/// question number, and a column of the sender's own added.
fn reworded(csv_text: &str, seed: usize) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect();
    let width = rows[0].len();
    // A permutation: stride coprime with the width.
    let stride = (1..width)
        .rev()
        .find(|s| gcd(*s, width) == 1 && *s != 1)
        .unwrap_or(1);
    let order: Vec<usize> = (0..width).map(|i| (i * stride + seed) % width).collect();
    let mut out = csv::Writer::from_writer(Vec::new());
    for (r, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = order
            .iter()
            .enumerate()
            .map(|(n, &j)| {
                let v = row.get(j).cloned().unwrap_or_default();
                if r == 0 {
                    format!("Q{}. {v}", n + 1)
                } else {
                    v
                }
            })
            .collect();
        cells.push(if r == 0 {
            "Our reference".into()
        } else {
            format!("REF-{r}")
        });
        out.write_record(&cells).expect("write");
    }
    String::from_utf8(out.into_inner().expect("csv")).expect("utf8")
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn kinds_read(name: &str, bytes: &[u8]) -> (Vec<ReturnKind>, String) {
    let ws = Ws::new();
    ws.drop_bytes(name, bytes);
    let out = ws.run();
    (ws.returns().iter().map(|r| r.data.kind).collect(), out)
}

#[test]
fn every_batch_layout_is_recognised_however_its_headers_are_written() {
    for (fixture, kind) in [
        ("layout_c_metrics.csv", ReturnKind::Service),
        ("commissioner/small_export.csv", ReturnKind::Commissioner),
        ("contracts/clean.csv", ReturnKind::ProviderContract),
        ("people/outcomes.csv", ReturnKind::Person),
    ] {
        let text = std::fs::read_to_string(fixture_path(fixture)).expect("fixture");
        let (plain, _) = kinds_read("plain.csv", text.as_bytes());
        assert!(
            !plain.is_empty() && plain.iter().all(|k| *k == kind),
            "{fixture}: {plain:?}"
        );
        for seed in [0, 3] {
            let (kinds, out) = kinds_read("reworded.csv", reworded(&text, seed).as_bytes());
            assert_eq!(kinds.len(), plain.len(), "{fixture} (seed {seed}):\n{out}");
            assert!(kinds.iter().all(|k| *k == kind), "{fixture}: {kinds:?}");
        }
    }
}

#[test]
fn the_report_says_which_kind_and_why() {
    let text = std::fs::read_to_string(fixture_path("contracts/clean.csv")).expect("fixture");
    let ws = Ws::new();
    ws.drop_bytes("rows.csv", text.as_bytes());
    let out = ws.cmd().args(["run", "--verbose"]).output().expect("run");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("read as provider contract rows — "),
        "{shown}"
    );
}

/// Forms are scored on their labels as batch sheets are on their headers:
/// the template, the study form (in Excel's old format too) and the
/// survey's paper form each say what they were read as and how many of
/// their labels that kind recognised.
#[test]
fn every_form_layout_is_scored_on_its_labels() {
    for (fixture, kind, name) in [
        ("layout_a_full.xlsx", ReturnKind::Service, "service returns"),
        (
            "layout_a_no_keys.xlsx",
            ReturnKind::Service,
            "service returns",
        ),
        (
            "layout_b_study.xlsx",
            ReturnKind::Service,
            "service returns",
        ),
        (
            "layout_b_old_excel.xls",
            ReturnKind::Service,
            "service returns",
        ),
        (
            "commissioner/stockport_form.xlsx",
            ReturnKind::Commissioner,
            "commissioner survey responses",
        ),
    ] {
        let ws = Ws::new();
        let file = fixture.rsplit('/').next().unwrap_or(fixture);
        ws.drop_bytes(
            file,
            &std::fs::read(fixture_path(fixture)).expect("fixture"),
        );
        let out = ws.cmd().args(["run", "--verbose"]).output().expect("run");
        let shown = String::from_utf8_lossy(&out.stdout);
        let kinds: Vec<ReturnKind> = ws.returns().iter().map(|r| r.data.kind).collect();
        assert!(
            !kinds.is_empty() && kinds.iter().all(|k| *k == kind),
            "{fixture}: {kinds:?}\n{shown}"
        );
        let line = shown
            .lines()
            .find(|l| l.contains(&format!("read as {name} — ")))
            .unwrap_or_else(|| panic!("{fixture}: no recognition line in\n{shown}"));
        let n: usize = line
            .split(" — ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{fixture}: no count in {line:?}"));
        assert!(n >= 5, "{fixture}: only {n} labels recognised: {line}");
        assert!(line.contains("of its labels recognised"), "{line}");
    }
}
