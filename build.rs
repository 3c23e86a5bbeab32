//! Compiles every SQL model into the binary, so a new results table is a new
//! file, not new plumbing. Each return kind keeps its models in
//! `pipelines/<kind>/*.sql` and its checks in `pipelines/<kind>/checks/*.sql`;
//! a model or check is known by its file name, which must be unique across
//! kinds (a workspace copy replaces it by that name).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The `.sql` files directly in `dir`, by file stem.
fn sql_files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension()? == "sql").then(|| Some(p.file_stem()?.to_str()?.to_string()))?
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

/// SQL files by name: the file's path from the package root.
type Listed = BTreeMap<String, String>;

fn main() {
    // Read at run time: a build script compiled for one checkout may be
    // run for another that shares the build folder.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let root = Path::new(&manifest).join("pipelines");
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
            for name in sql_files(&dir) {
                let shown = format!("pipelines/{kind}/{sub}{name}.sql");
                if let Some(earlier) = lists[i].1.insert(name.clone(), shown.clone()) {
                    panic!("two SQL files are named {name}: {earlier} and {shown}");
                }
            }
        }
    }
    let mut code = String::new();
    for (list, files) in &lists {
        writeln!(code, "/// (name, source file, SQL text)").ok();
        writeln!(code, "pub const {list}: &[(&str, &str, &str)] = &[").ok();
        // The text is found from the package being compiled, not from
        // where this script last ran: one build folder may serve several
        // checkouts.
        for (name, shown) in files {
            let from_root = format!("/{shown}");
            writeln!(
                code,
                "    ({name:?}, {shown:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {from_root:?}))),"
            )
            .ok();
        }
        writeln!(code, "];").ok();
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("models.rs");
    std::fs::write(out, code).unwrap_or_else(|e| panic!("writing models.rs: {e}"));
}
