//! A workspace in a temp directory, and the binary run against it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jobtally::ingest::{Return, Value};
use jobtally::store::{self, Store};
use jobtally::workspace::Workspace;
use polars::prelude::*;

pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub struct Ws {
    pub dir: tempfile::TempDir,
}

impl Ws {
    pub fn new() -> Ws {
        Ws {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Copy a fixture into the inbox (under its own name or `as_name`).
    pub fn drop_fixture(&self, fixture: &str, as_name: Option<&str>) -> &Ws {
        let inbox = self.path("inbox");
        std::fs::create_dir_all(&inbox).expect("inbox");
        let name = as_name.unwrap_or_else(|| {
            Path::new(fixture)
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
        });
        std::fs::copy(fixture_path(fixture), inbox.join(name)).expect("copy fixture");
        self
    }

    pub fn drop_bytes(&self, name: &str, bytes: &[u8]) -> &Ws {
        let inbox = self.path("inbox");
        std::fs::create_dir_all(&inbox).expect("inbox");
        std::fs::write(inbox.join(name), bytes).expect("write");
        self
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("jobtally").expect("binary");
        c.arg("--workspace")
            .arg(self.root())
            .env_remove("JOBTALLY_WORKSPACE")
            .env_remove("JOBTALLY_CONFIG")
            // As on an operator's machine; a test of an unknown operator
            // removes it.
            .env("USER", "tester");
        c
    }

    /// `jobtally run`, which must succeed; returns its stdout.
    pub fn run(&self) -> String {
        let out = self.cmd().arg("run").output().expect("run");
        assert!(
            out.status.success(),
            "run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Whether a process holds the workspace lock now.
    pub fn lock_held(&self) -> bool {
        self.workspace().lock_holder().is_some()
    }

    pub fn workspace(&self) -> Workspace {
        Workspace::open(&self.root()).expect("workspace")
    }

    /// The current returns as stored (values in their read state).
    pub fn returns(&self) -> Vec<store::StoredReturn> {
        let s = Store::open(&self.path("state.db")).expect("store");
        store::returns::current(s.conn()).expect("returns")
    }

    pub fn return_named(&self, service_name: &str) -> Return {
        self.returns()
            .into_iter()
            .find(|r| r.data.text("service_name") == Some(service_name))
            .unwrap_or_else(|| panic!("no return for {service_name}"))
            .data
            .as_ref()
            .clone()
    }

    pub fn services(&self) -> DataFrame {
        jobtally::results::read_table(&self.workspace(), "services").expect("services table")
    }

    pub fn inbox_names(&self) -> Vec<String> {
        names_in(&self.path("inbox"))
    }
}

pub fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

pub fn num(v: f64) -> Value {
    Value::Number(v)
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// A float column's value for the row whose `service_name` is `name`.
pub fn cell_f64(df: &DataFrame, name: &str, column: &str) -> Option<f64> {
    let idx = row_of(df, name);
    let col = df
        .column(column)
        .expect("column")
        .cast(&DataType::Float64)
        .expect("cast");
    col.f64().expect("f64").get(idx)
}

pub fn cell_str(df: &DataFrame, name: &str, column: &str) -> Option<String> {
    let idx = row_of(df, name);
    df.column(column)
        .expect("column")
        .str()
        .expect("str")
        .get(idx)
        .map(str::to_string)
}

fn row_of(df: &DataFrame, name: &str) -> usize {
    let names = df
        .column("service_name")
        .expect("service_name")
        .str()
        .expect("str")
        .clone();
    (0..names.len())
        .position(|i| names.get(i) == Some(name))
        .unwrap_or_else(|| panic!("no service {name} in results"))
}

/// Float comparison for derived figures.
pub fn assert_close(actual: Option<f64>, expected: Option<f64>, what: &str) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!(
            (a - e).abs() < 1e-9 * e.abs().max(1.0),
            "{what}: {a} != {e}"
        ),
        (None, None) => {}
        _ => panic!("{what}: {actual:?} != {expected:?}"),
    }
}

/// A published results table.
pub fn table(ws: &Ws, name: &str) -> DataFrame {
    jobtally::results::read_table(&ws.workspace(), name).expect(name)
}

/// The row of `df` where every (column, value) pair matches.
pub fn row(df: &DataFrame, keys: &[(&str, &str)]) -> usize {
    let cols: Vec<StringChunked> = keys
        .iter()
        .map(|(c, _)| {
            df.column(c)
                .expect(c)
                .cast(&DataType::String)
                .expect("cast")
                .str()
                .expect("str")
                .clone()
        })
        .collect();
    let hits: Vec<usize> = (0..df.height())
        .filter(|&i| {
            cols.iter()
                .zip(keys)
                .all(|(c, (_, v))| c.get(i) == Some(*v))
        })
        .collect();
    assert_eq!(hits.len(), 1, "rows matching {keys:?}: {hits:?}");
    hits[0]
}

/// Column `col` of row `i` as a number.
pub fn f(df: &DataFrame, i: usize, col: &str) -> Option<f64> {
    df.column(col)
        .expect(col)
        .cast(&DataType::Float64)
        .expect("cast")
        .f64()
        .expect("f64")
        .get(i)
}

/// A document part written from code sits between `<!-- {mark}:start -->`
/// and `<!-- {mark}:end -->` in `doc` and must equal `text`; with
/// `JOBTALLY_BLESS=1` the test writes it instead.
pub fn written_between_marks(doc: &str, mark: &str, text: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc);
    let body = std::fs::read_to_string(&path).expect("the document");
    let (start, end) = (
        format!("<!-- {mark}:start -->\n"),
        format!("<!-- {mark}:end -->"),
    );
    let from = body.find(&start).expect("a start mark") + start.len();
    let to = body.find(&end).expect("an end mark");
    if std::env::var_os("JOBTALLY_BLESS").is_some() {
        let written = format!("{}{text}{}", &body[..from], &body[to..]);
        std::fs::write(&path, written).expect("write the document");
        return;
    }
    assert_eq!(
        &body[from..to],
        text,
        "{doc} is behind the code: run the test with JOBTALLY_BLESS=1"
    );
}
