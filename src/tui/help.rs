//! What the keys do, from the key tables themselves: the in-app help and
//! `docs/KEYS.md` are both written from [`screens::GLOBAL`],
//! [`screens::GRID`] and each screen's bindings, so neither can fall
//! behind a key that changed (a test compares the document with
//! [`markdown`]).

use super::screens::{self, Binding, Screen};

/// The keys the help overlay lists on `screen`: (heading, (key, does)).
pub fn sections(screen: Screen) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let pairs = |bindings: &mut dyn Iterator<Item = &'static Binding>| {
        bindings.map(|b| (b.label, b.what)).collect::<Vec<_>>()
    };
    vec![
        (
            format!("keys on {}", screen.title()),
            pairs(&mut screens::help(screen)),
        ),
        ("everywhere".to_string(), pairs(&mut screens::GLOBAL.iter())),
    ]
}

/// A key label as Markdown code, even when it holds a backtick.
fn code(label: &str) -> String {
    if label.contains('`') {
        format!("`` {label} ``")
    } else {
        format!("`{label}`")
    }
}

fn table(out: &mut String, bindings: &[Binding]) {
    out.push_str("| key | does |\n|---|---|\n");
    for b in bindings {
        out.push_str(&format!("| {} | {} |\n", code(b.label), b.what));
    }
}

/// The key tables of `docs/KEYS.md` (between its `keys:start` and
/// `keys:end` marks).
pub fn markdown() -> String {
    let mut out = String::from("## Everywhere\n\n");
    table(&mut out, screens::GLOBAL);
    out.push_str("\n## Tables (");
    let grids: Vec<&str> = Screen::ALL
        .iter()
        .filter(|s| s.has_grid())
        .map(|s| s.title())
        .collect();
    out.push_str(&grids.join(", "));
    out.push_str(")\n\n");
    table(&mut out, screens::GRID);
    out.push_str("\n## Pages (");
    let pages: Vec<&str> = Screen::ALL
        .iter()
        .filter(|s| !s.has_grid())
        .map(|s| s.title())
        .collect();
    out.push_str(&pages.join(", "));
    out.push_str(")\n\n");
    table(&mut out, screens::PAGE);
    out.push_str("\n## Screens\n\n| screen | key | does |\n|---|---|---|\n");
    for screen in Screen::ALL {
        for b in screen.bindings() {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                screen.title(),
                code(b.label),
                b.what
            ));
        }
    }
    out
}
