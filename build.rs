//! Compiles every SQL model into the binary, so a new results table is a new
//! file, not new plumbing. Each return kind keeps its models in
//! `pipelines/<kind>/*.sql` and its checks in `pipelines/<kind>/checks/*.sql`;
//! a model or check is known by its file name, which must be unique across
//! kinds (a workspace copy replaces it by that name).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The `.sql` files directly in `dir`, by file stem.
fn sql_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension()? == "sql").then(|| {
                        let name = p.file_stem()?.to_str()?.to_string();
                        Some((name, p.canonicalize().ok()?))
                    })?
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The kind folders under `pipelines/`, sorted.
fn kind_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// SQL files by name: (file as shown, its absolute path).
type Listed = BTreeMap<String, (String, PathBuf)>;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines");
    println!("cargo:rerun-if-changed=pipelines");
    let mut lists: [(&str, Listed); 2] = [
        ("MODEL_FILES", BTreeMap::new()),
        ("CHECK_FILES", BTreeMap::new()),
    ];
    for kind_dir in kind_dirs(&root) {
        let kind = kind_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        println!("cargo:rerun-if-changed=pipelines/{kind}");
        println!("cargo:rerun-if-changed=pipelines/{kind}/checks");
        for (i, (dir, sub)) in [(kind_dir.clone(), ""), (kind_dir.join("checks"), "checks/")]
            .into_iter()
            .enumerate()
        {
            for (name, path) in sql_files(&dir) {
                let shown = format!("pipelines/{kind}/{sub}{name}.sql");
                if let Some((earlier, _)) = lists[i].1.insert(name.clone(), (shown.clone(), path)) {
                    panic!("two SQL files are named {name}: {earlier} and {shown}");
                }
            }
        }
    }
    let mut code = String::new();
    for (list, files) in &lists {
        writeln!(code, "/// (name, source file, SQL text)").ok();
        writeln!(code, "pub const {list}: &[(&str, &str, &str)] = &[").ok();
        for (name, (shown, path)) in files {
            let path = path.display().to_string();
            writeln!(code, "    ({name:?}, {shown:?}, include_str!({path:?})),").ok();
        }
        writeln!(code, "];").ok();
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("models.rs");
    std::fs::write(out, code).unwrap_or_else(|e| panic!("writing models.rs: {e}"));
}
