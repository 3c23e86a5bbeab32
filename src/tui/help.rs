//! Every key, per screen: the help overlay and the footer are built from
//! these tables, so they cannot drift from each other.

use super::app::Screen;

pub const GLOBAL: &[(&str, &str)] = &[
    ("1-7, Tab", "switch screen"),
    ("p / P", "next / previous year (or all)"),
    (
        "g / G",
        "next / previous group: all, ld, mh, mixed, evidence-based",
    ),
    ("e", "export this view to exports/ as CSV"),
    ("F5, Ctrl-r", "reload"),
    ("?", "this help"),
    ("q", "quit"),
];

const GRID: &[(&str, &str)] = &[
    ("↑↓ PgUp PgDn", "move"),
    ("< >", "sort by previous / next column"),
    ("s", "reverse the sort"),
    ("/", "search"),
    ("Esc", "clear search and drill-down"),
];

pub fn screen(s: Screen) -> Vec<(&'static str, &'static str)> {
    let own: &[(&str, &str)] = match s {
        Screen::Overview => &[("d", "load demo returns (empty workspace only)")],
        Screen::Services => &[
            ("Enter", "the service in detail"),
            ("f", "only services with open anomalies"),
        ],
        Screen::Sites => &[("Enter", "the site's services")],
        Screen::Per100 => &[],
        Screen::Compare => &[("+ / -", "budget up / down 10 %"), ("b", "type a budget")],
        Screen::Queue => &[
            ("c", "mark contacted"),
            ("w", "awaiting data"),
            ("r", "resolved: confirmed as correct"),
            ("x", "dismiss"),
            ("o", "reopen"),
            ("n", "add a note"),
            ("a", "amend a figure"),
            ("m", "assign to me"),
            (
                "f / v",
                "filter by status / severity (calls = errors and warnings)",
            ),
        ],
        Screen::Inbox => &[],
        Screen::Authorities => &[("Enter", "the authority's services")],
        Screen::Areas => &[("p", "choose the year")],
        Screen::Collection => &[],
        Screen::Cohort => &[("Enter", "next site (then all sites)")],
    };
    let mut keys: Vec<(&str, &str)> = own.to_vec();
    if matches!(
        s,
        Screen::Services | Screen::Sites | Screen::Authorities | Screen::Queue | Screen::Inbox
    ) {
        keys.extend_from_slice(GRID);
    }
    keys
}

/// The few keys the footer shows for a screen.
pub fn footer(s: Screen) -> Vec<(&'static str, &'static str)> {
    let mut keys: Vec<(&str, &str)> = screen(s)
        .into_iter()
        .take(if s == Screen::Queue { 4 } else { 2 })
        .collect();
    keys.push(("?", "help"));
    keys.push(("q", "quit"));
    keys
}
