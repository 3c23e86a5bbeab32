//! The title line of a grid screen: counts, drill-down and search.

use crate::tui::app::{App, Screen};
use crate::tui::widgets::grid::Grid;

pub fn grid_title(app: &App, what: &str, grid: &Grid) -> String {
    let mut t = format!(" {} of {} {what}", grid.len(), grid.total());
    if let Some(site) = &app.site_filter {
        t.push_str(&format!(" · site {site} (Esc: all)"));
    }
    if app.screen == Screen::Services && app.only_open {
        t.push_str(" · with open anomalies");
    }
    if !grid.search.is_empty() || app.searching {
        t.push_str(&format!(" · search \"{}\"", grid.search));
    }
    t.push(' ');
    t
}
