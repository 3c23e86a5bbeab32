//! A table the screens share: sortable by any column, filtered by the
//! screen's selectors, searched incrementally, and rendered a window at a
//! time so a 2,000-row table costs no more to draw than a 20-row one.
//! Selection follows the row (by id) when rows are sorted, filtered or
//! reloaded.

use std::cell::Cell as StdCell;
use std::cmp::Ordering;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Cell, Row, Table, Widget};

use super::columns::{ColumnView, fit};

use crate::ingest::Severity;
use crate::ops::Status;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Num(Option<f64>),
    Text(String),
}

impl SortKey {
    fn is_missing(&self) -> bool {
        matches!(self, SortKey::Num(None))
    }

    fn cmp(&self, other: &SortKey) -> Ordering {
        match (self, other) {
            (SortKey::Num(a), SortKey::Num(b)) => match (a, b) {
                (Some(x), Some(y)) => x.total_cmp(y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            (SortKey::Text(a), SortKey::Text(b)) => a.to_lowercase().cmp(&b.to_lowercase()),
            (SortKey::Num(_), SortKey::Text(_)) => Ordering::Less,
            (SortKey::Text(_), SortKey::Num(_)) => Ordering::Greater,
        }
    }
}

/// What the screens filter on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tags {
    pub period: String,
    pub group: String,
    pub site: String,
    pub evidence: bool,
    pub open: i64,
    pub status: Option<Status>,
    pub severity: Option<Severity>,
    /// Who an anomaly is assigned to.
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    pub id: String,
    pub cells: Vec<String>,
    pub sort: Vec<SortKey>,
    pub tags: Tags,
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    pub width: Constraint,
    pub right: bool,
    /// Scrolls in after the others when the table is narrower than
    /// [`NARROW`] columns.
    pub optional: bool,
    /// The results column it shows, so `i` can say where it comes from.
    pub key: Option<&'static str>,
}

/// Below this width optional columns make room for names.
pub const NARROW: u16 = 100;

impl Column {
    pub const fn text(title: &'static str, width: Constraint) -> Column {
        Column {
            title,
            width,
            right: false,
            optional: false,
            key: None,
        }
    }
    pub const fn figure(title: &'static str, width: u16) -> Column {
        Column {
            title,
            width: Constraint::Length(width),
            right: true,
            optional: false,
            key: None,
        }
    }
    pub const fn optional(mut self) -> Column {
        self.optional = true;
        self
    }
    /// The results column this one shows.
    pub const fn of(mut self, key: &'static str) -> Column {
        self.key = Some(key);
        self
    }
    /// The current column's results column, if it shows one.
    pub fn current_key(grid: &Grid) -> Option<&'static str> {
        grid.columns.get(grid.view_columns.current)?.key
    }
}

#[derive(Debug)]
pub struct Grid {
    pub columns: Vec<Column>,
    rows: Vec<GridRow>,
    view: Vec<usize>,
    selected: usize,
    offset: StdCell<usize>,
    pub sort: Option<(usize, bool)>,
    pub search: String,
    /// The current column, hidden and frozen columns, sideways scroll.
    pub view_columns: ColumnView,
}

impl Grid {
    pub fn new(columns: Vec<Column>, sort: Option<(usize, bool)>) -> Grid {
        Grid {
            columns,
            rows: Vec::new(),
            view: Vec::new(),
            selected: 0,
            offset: StdCell::new(0),
            sort,
            search: String::new(),
            view_columns: ColumnView::default(),
        }
    }

    /// New rows; the selection stays on the same row if it is still there.
    pub fn set_rows(&mut self, rows: Vec<GridRow>, filter: &dyn Fn(&Tags) -> bool) {
        let keep = self.selected_row().map(|r| r.id.clone());
        self.rows = rows;
        self.refresh(filter, keep);
    }

    /// Recompute the visible rows after a filter, search or sort change.
    pub fn refresh(&mut self, filter: &dyn Fn(&Tags) -> bool, keep: Option<String>) {
        let keep = keep.or_else(|| self.selected_row().map(|r| r.id.clone()));
        let needle = self.search.to_lowercase();
        let mut view: Vec<usize> = (0..self.rows.len())
            .filter(|&i| filter(&self.rows[i].tags))
            .filter(|&i| {
                needle.is_empty()
                    || self.rows[i]
                        .cells
                        .iter()
                        .any(|c| c.to_lowercase().contains(&needle))
            })
            .collect();
        if let Some((col, descending)) = self.sort {
            view.sort_by(|&a, &b| {
                let (ka, kb) = (&self.rows[a].sort[col], &self.rows[b].sort[col]);
                // Missing figures ("–") go last whichever way the sort runs.
                match (ka.is_missing(), kb.is_missing()) {
                    (true, false) => Ordering::Greater,
                    (false, true) => Ordering::Less,
                    _ if descending => ka.cmp(kb).reverse(),
                    _ => ka.cmp(kb),
                }
            });
        }
        self.view = view;
        self.selected = keep
            .and_then(|id| self.view.iter().position(|&i| self.rows[i].id == id))
            .unwrap_or(0)
            .min(self.view.len().saturating_sub(1));
    }

    pub fn len(&self) -> usize {
        self.view.len()
    }

    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn selected_row(&self) -> Option<&GridRow> {
        self.view.get(self.selected).map(|&i| &self.rows[i])
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    pub fn visible_rows(&self) -> impl Iterator<Item = &GridRow> {
        self.view.iter().map(|&i| &self.rows[i])
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.view.is_empty() {
            return;
        }
        let last = self.view.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    pub fn move_to_end(&mut self, end: bool) {
        self.selected = if end {
            self.view.len().saturating_sub(1)
        } else {
            0
        };
    }

    /// `<` / `>`: sort by the previous / next column.
    pub fn sort_by_next(&mut self, forward: bool, filter: &dyn Fn(&Tags) -> bool) {
        let n = self.columns.len();
        let col = match self.sort {
            Some((c, _)) if forward => (c + 1) % n,
            Some((c, _)) => (c + n - 1) % n,
            None => 0,
        };
        // Figures read best largest first, names A to Z.
        self.sort = Some((col, self.columns[col].right));
        self.refresh(filter, None);
    }

    /// `s`: reverse the sort.
    pub fn reverse(&mut self, filter: &dyn Fn(&Tags) -> bool) {
        self.sort = Some(self.sort.map_or((0, false), |(c, d)| (c, !d)));
        self.refresh(filter, None);
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, title: &str, theme: &Theme) {
        let mut block = Block::new().borders(Borders::ALL).title(title.to_string());
        let inner = block.inner(area);
        let placed = self.view_columns.place(&self.columns, inner.width);
        if let Some(marks) = placed.marks() {
            // Said on the frame, so a table never drops a column silently.
            block = block.title(Line::from(marks).right_aligned());
        }
        block.render(area, buf);
        let height = inner.height.saturating_sub(1) as usize;
        // Keep the selection in view, scrolling as little as possible.
        let mut offset = self.offset.get().min(self.view.len().saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        let header = Row::new(placed.shown.iter().map(|&(i, width)| {
            let c = &self.columns[i];
            let arrow = match self.sort {
                Some((s, true)) if s == i => "↓",
                Some((s, false)) if s == i => "↑",
                _ => "",
            };
            let title = format!("{}{arrow}", c.title);
            let mut line = Line::from(fit(&title, width).into_owned());
            if c.right {
                line = line.alignment(Alignment::Right);
            }
            if i == self.view_columns.current {
                line = line.style(Style::new().add_modifier(Modifier::UNDERLINED));
            }
            Cell::from(line)
        }))
        .style(theme.header());
        let rows = self
            .view
            .iter()
            .skip(offset)
            .take(height)
            .enumerate()
            .map(|(k, &i)| {
                let r = &self.rows[i];
                let row = Row::new(placed.shown.iter().map(|&(i, width)| {
                    let line = Line::from(fit(&r.cells[i], width).into_owned());
                    Cell::from(if self.columns[i].right {
                        line.alignment(Alignment::Right)
                    } else {
                        line
                    })
                }));
                let style = if offset + k == self.selected {
                    theme.selected()
                } else {
                    match r.tags.severity {
                        Some(Severity::Error) => theme.error(),
                        Some(Severity::Warning) => theme.warning(),
                        _ => ratatui::style::Style::new(),
                    }
                };
                row.style(style)
            });
        let widths: Vec<Constraint> = placed
            .shown
            .iter()
            .map(|&(_, w)| Constraint::Length(w))
            .collect();
        Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .render(inner, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, n: Option<f64>) -> GridRow {
        GridRow {
            id: id.into(),
            cells: vec![name.into(), n.map(|v| v.to_string()).unwrap_or("–".into())],
            sort: vec![SortKey::Text(name.into()), SortKey::Num(n)],
            tags: Tags::default(),
        }
    }

    fn grid() -> Grid {
        let mut g = Grid::new(
            vec![
                Column::text("name", Constraint::Fill(1)),
                Column::figure("n", 5),
            ],
            Some((0, false)),
        );
        g.set_rows(
            vec![
                row("a", "Bravo", Some(2.0)),
                row("b", "alpha", None),
                row("c", "Charlie", Some(9.0)),
            ],
            &|_| true,
        );
        g
    }

    #[test]
    fn sorts_by_any_column_with_missing_last() {
        let mut g = grid();
        let names = |g: &Grid| {
            g.visible_rows()
                .map(|r| r.cells[0].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&g), ["alpha", "Bravo", "Charlie"]);
        g.sort_by_next(true, &|_| true);
        assert_eq!(g.sort, Some((1, true)));
        assert_eq!(
            names(&g),
            ["Charlie", "Bravo", "alpha"],
            "largest first, missing last"
        );
        g.reverse(&|_| true);
        assert_eq!(
            names(&g),
            ["Bravo", "Charlie", "alpha"],
            "missing still last"
        );
    }

    #[test]
    fn search_filters_and_selection_follows_the_row() {
        let mut g = grid();
        g.move_by(2);
        assert_eq!(g.selected_row().map(|r| r.id.as_str()), Some("c"));
        g.search = "char".into();
        g.refresh(&|_| true, None);
        assert_eq!(g.len(), 1);
        assert_eq!(g.selected_row().map(|r| r.id.as_str()), Some("c"));
        g.search.clear();
        g.refresh(&|_| true, None);
        assert_eq!(
            g.selected_row().map(|r| r.id.as_str()),
            Some("c"),
            "still on Charlie"
        );
    }
}
