//! Compiles every SQL model in `pipelines/` (and `pipelines/checks/`) into
//! the binary, so a new results table is a new file, not new plumbing.

use std::fmt::Write as _;
use std::path::Path;

fn models(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension()? == "sql").then(|| {
                        let name = p.file_stem()?.to_str()?.to_string();
                        Some((name, p.canonicalize().ok()?.display().to_string()))
                    })?
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines");
    println!("cargo:rerun-if-changed=pipelines");
    println!("cargo:rerun-if-changed=pipelines/checks");
    let mut code = String::new();
    for (list, dir) in [
        ("MODEL_FILES", root.clone()),
        ("CHECK_FILES", root.join("checks")),
    ] {
        writeln!(code, "pub const {list}: &[(&str, &str)] = &[").ok();
        for (name, path) in models(&dir) {
            writeln!(code, "    ({name:?}, include_str!({path:?})),").ok();
        }
        writeln!(code, "];").ok();
    }
    let out = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("models.rs");
    std::fs::write(out, code).unwrap_or_else(|e| panic!("writing models.rs: {e}"));
}
