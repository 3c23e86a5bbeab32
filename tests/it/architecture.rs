//! The layout's rules, checked on the source: the UI is imported only by
//! the UI (and the command that starts it), the shared machinery never
//! names a particular kind of return, and the UI reaches the workspace only
//! through `ops`, the calls the CLI uses too.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(sources(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The code of a file without its `#[cfg(test)]` module and comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read");
    let body = text.split("#[cfg(test)]").next().unwrap_or("");
    body.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rel(path: &Path) -> String {
    path.strip_prefix(src())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn only_the_ui_imports_the_ui() {
    let allowed = ["lib.rs", "main.rs", "commands/mod.rs", "commands/tui.rs"];
    let offenders: Vec<String> = sources(&src())
        .into_iter()
        .filter(|p| {
            let r = rel(p);
            !r.starts_with("tui/") && !allowed.contains(&r.as_str())
        })
        .filter(|p| {
            let c = code(p);
            c.contains("crate::tui") || c.contains("super::tui") || c.contains("jobtally::tui")
        })
        .map(|p| rel(&p))
        .collect();
    assert!(
        offenders.is_empty(),
        "outside the UI, these import it: {offenders:?}"
    );
}

#[test]
fn the_ui_reaches_the_workspace_only_through_ops() {
    let below = [
        "crate::store",
        "crate::intake",
        "crate::demo",
        "crate::queue",
        "crate::daemon",
        "crate::results",
        "crate::watch",
    ];
    let offenders: Vec<String> = sources(&src().join("tui"))
        .into_iter()
        .filter(|p| {
            let c = code(p);
            below.iter().any(|b| c.contains(b))
        })
        .map(|p| rel(&p))
        .collect();
    assert!(
        offenders.is_empty(),
        "UI files that go past crate::ops: {offenders:?}"
    );
}

#[test]
fn shared_machinery_names_no_particular_kind() {
    let shared = [
        "store/",
        "intake/",
        "watch/",
        "results.rs",
        "queue.rs",
        "daemon.rs",
        "pipeline/mod.rs",
        "pipeline/models.rs",
    ];
    let kinds = [
        "ReturnKind::Service",
        "ReturnKind::Commissioner",
        "ReturnKind::ProviderContract",
        "ReturnKind::Person",
    ];
    let offenders: Vec<String> = sources(&src())
        .into_iter()
        .filter(|p| {
            let r = rel(p);
            shared.iter().any(|s| r.starts_with(s))
        })
        .filter(|p| {
            let c = code(p);
            kinds.iter().any(|k| c.contains(k))
        })
        .map(|p| rel(&p))
        .collect();
    assert!(
        offenders.is_empty(),
        "shared machinery that names a kind (use kinds::KINDS): {offenders:?}"
    );
}

#[test]
fn the_readers_import_nothing_above_them() {
    // A kind's rules live in its folder: `ingest` is the machinery below
    // every kind, and needs only the formatting of figures.
    let offenders: Vec<String> = sources(&src().join("ingest"))
        .into_iter()
        .filter(|p| {
            let c = code(p);
            c.match_indices("crate::").any(|(i, _)| {
                let rest = &c[i + "crate::".len()..];
                !(rest.starts_with("ingest") || rest.starts_with("format"))
            })
        })
        .map(|p| rel(&p))
        .collect();
    assert!(
        offenders.is_empty(),
        "readers importing from above them: {offenders:?}"
    );
}

#[test]
fn the_kinds_do_not_import_the_pipeline() {
    let offenders: Vec<String> = sources(&src().join("kinds"))
        .into_iter()
        .filter(|p| code(p).contains("crate::pipeline"))
        .map(|p| rel(&p))
        .collect();
    assert!(
        offenders.is_empty(),
        "kinds importing the pipeline: {offenders:?}"
    );
}

#[test]
fn no_file_is_over_500_lines() {
    let long: Vec<(String, usize)> = sources(&src())
        .into_iter()
        .map(|p| {
            let n = std::fs::read_to_string(&p).expect("read").lines().count();
            (rel(&p), n)
        })
        .filter(|(_, n)| *n > 500)
        .collect();
    assert!(long.is_empty(), "files over 500 lines: {long:?}");
}

/// Functions longer than `limit` lines in `text`: a `fn` runs from its
/// line to the first `}` at its own indentation (rustfmt's layout).
fn long_functions(text: &str, limit: usize) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let rest = trimmed
            .strip_prefix("pub ")
            .or_else(|| trimmed.strip_prefix("pub(crate) "))
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .unwrap_or(trimmed);
        let rest = rest.strip_prefix("const ").unwrap_or(rest);
        let Some(name) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        // A declaration without a body (in a trait) ends at its `;`.
        let Some(open) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[open].trim_end().ends_with(';') {
            continue;
        }
        let end = (open + 1..lines.len()).find(|&j| {
            let l = lines[j];
            l.len() - l.trim_start().len() == indent && l.trim_start().starts_with('}')
        });
        if let Some(end) = end
            && end - i + 1 > limit
        {
            out.push((name, end - i + 1));
        }
    }
    out
}

#[test]
fn no_function_is_over_100_lines() {
    let long: Vec<String> = sources(&src())
        .into_iter()
        .flat_map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            long_functions(&text, 100)
                .into_iter()
                .map(move |(name, n)| format!("{}: {name} ({n} lines)", rel(&p)))
        })
        .collect();
    assert!(long.is_empty(), "functions over 100 lines: {long:?}");
    // The rule can fail: a long function is caught.
    let body = "    let x = 1;\n".repeat(101);
    let long_one = format!("fn f() {{\n{body}}}\n");
    assert_eq!(long_functions(&long_one, 100), [("f".to_string(), 103)]);
}

#[test]
fn each_kind_has_its_source_and_pipelines_folders_and_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let kinds: Vec<&str> = jobtally::ingest::model::ReturnKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    for kind in &kinds {
        assert!(
            root.join("src/kinds").join(kind).is_dir(),
            "src/kinds/{kind}/ is missing"
        );
        assert!(
            root.join("pipelines").join(kind).is_dir(),
            "pipelines/{kind}/ is missing"
        );
        assert!(
            root.join("config/kinds")
                .join(format!("{kind}.toml"))
                .is_file(),
            "config/kinds/{kind}.toml is missing"
        );
    }
    for entry in std::fs::read_dir(root.join("config/kinds"))
        .expect("read config/kinds")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().to_string();
        let kind = name.strip_suffix(".toml").unwrap_or(&name);
        assert!(
            kinds.contains(&kind),
            "config/kinds/{name} is not a return kind's schema"
        );
    }
    for dir in ["pipelines", "src/kinds"] {
        for entry in std::fs::read_dir(root.join(dir))
            .expect("read dir")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                let name = entry.file_name().to_string_lossy().to_string();
                assert!(
                    kinds.contains(&name.as_str()),
                    "{dir}/{name}/ is not a return kind"
                );
            } else {
                assert!(
                    dir == "src/kinds",
                    "{} sits outside any kind's folder",
                    path.display()
                );
            }
        }
    }
}
