//! Which of a table's columns are drawn, and how wide: a current column
//! that `←` `→` move (scrolling the table sideways), columns hidden with
//! `-` (`U` shows them again), and leading columns frozen with `!` so a
//! name stays in view while the figures scroll. In a narrow table the
//! optional columns go to the end of the scroll, so the first screenful
//! holds the columns that matter and nothing is out of reach. What is not
//! drawn is counted, so a table never drops a column without saying so.

use std::cell::Cell as StdCell;
use std::collections::BTreeSet;

use ratatui::layout::{Constraint, Layout, Rect};

use super::grid::{Column, NARROW};

/// The narrowest a column that fills the room left may be drawn.
const MIN_FILL: u16 = 12;

/// The columns a table draws at one width.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Placed {
    /// Column indices, left to right, and each one's width.
    pub shown: Vec<(usize, u16)>,
    /// Columns scrolled off to the left and to the right.
    pub left_off: usize,
    pub right_off: usize,
    /// Columns hidden by the analyst.
    pub hidden: usize,
}

impl Placed {
    /// What the title says of the columns not drawn: "◀ 2 · 3 ▶ · 1 hidden".
    pub fn marks(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.left_off > 0 {
            parts.push(format!("◀ {}", self.left_off));
        }
        if self.right_off > 0 {
            parts.push(format!("{} ▶", self.right_off));
        }
        if self.hidden > 0 {
            parts.push(format!("{} hidden (U shows)", self.hidden));
        }
        (!parts.is_empty()).then(|| format!(" {} ", parts.join(" · ")))
    }
}

#[derive(Debug, Default)]
pub struct ColumnView {
    /// The column `-` hides and `!` freezes to (an index into the columns).
    pub current: usize,
    hidden: BTreeSet<usize>,
    /// How many of the leading drawn columns stay put when scrolling.
    frozen: usize,
    /// The first scrollable column drawn (a position among the scrollable).
    first: StdCell<usize>,
    /// The width last drawn at, so moving skips columns left out for room.
    width: StdCell<Option<u16>>,
}

impl ColumnView {
    /// The columns not hidden, in order (the current one always among
    /// them unless every column is hidden, which [`hide_current`] refuses).
    fn unhidden(&self, columns: &[Column]) -> Vec<usize> {
        (0..columns.len())
            .filter(|i| !self.hidden.contains(i))
            .collect()
    }

    /// The columns not hidden, in the order they scroll: a narrow table
    /// ([`NARROW`]) takes its optional columns after the others.
    fn drawable(&self, columns: &[Column], width: u16) -> Vec<usize> {
        let mut open = self.unhidden(columns);
        if width < NARROW {
            open.sort_by_key(|&i| columns[i].optional);
        }
        open
    }

    /// Move the current column by `delta` among the columns drawn.
    pub fn move_by(&mut self, columns: &[Column], delta: isize) {
        let open = self.drawable(columns, self.width.get().unwrap_or(u16::MAX));
        let at = open.iter().position(|&i| i == self.current).unwrap_or(0);
        let to = at
            .saturating_add_signed(delta)
            .min(open.len().saturating_sub(1));
        if let Some(&i) = open.get(to) {
            self.current = i;
        }
    }

    /// Hide the current column (never the last one shown) and move to the
    /// next.
    pub fn hide_current(&mut self, columns: &[Column]) {
        if self.unhidden(columns).len() <= 1 {
            return;
        }
        self.hidden.insert(self.current);
        let open = self.unhidden(columns);
        self.current = open
            .iter()
            .copied()
            .find(|&i| i > self.current)
            .or_else(|| open.last().copied())
            .unwrap_or(0);
        self.frozen = self.frozen.min(open.len());
    }

    pub fn show_all(&mut self) {
        self.hidden.clear();
    }

    /// Freeze the columns up to and including the current one; on a
    /// column already the last frozen, unfreeze.
    pub fn toggle_freeze(&mut self, columns: &[Column]) {
        let open = self.unhidden(columns);
        let upto = open
            .iter()
            .position(|&i| i == self.current)
            .map_or(0, |p| p + 1);
        self.frozen = if self.frozen == upto { 0 } else { upto };
        self.first.set(0);
    }

    pub fn frozen(&self) -> usize {
        self.frozen
    }

    /// The columns to draw in `width` cells, keeping the current column in
    /// view and scrolling as little as possible.
    pub fn place(&self, columns: &[Column], width: u16) -> Placed {
        self.width.set(Some(width));
        let drawable = self.drawable(columns, width);
        let frozen_n = self.frozen.min(drawable.len());
        let (frozen, scrollable) = drawable.split_at(frozen_n);
        let need = |i: usize| match columns[i].width {
            Constraint::Length(n) => n,
            _ => MIN_FILL.max(columns[i].title.chars().count() as u16 + 1),
        } + 1;
        let frozen_width: u16 = frozen.iter().map(|&i| need(i)).sum();
        let fits =
            |cols: &[usize]| frozen_width + cols.iter().map(|&i| need(i)).sum::<u16>() <= width + 1;
        let mut first = self.first.get().min(scrollable.len().saturating_sub(1));
        if let Some(p) = scrollable.iter().position(|&i| i == self.current) {
            first = first.min(p);
            while first < p && !fits(&scrollable[first..=p]) {
                first += 1;
            }
            // Given room (a wider window), scroll back as far as the
            // current column allows.
            while first > 0 && fits(&scrollable[first - 1..=p]) {
                first -= 1;
            }
        }
        self.first.set(first);
        let mut taken = 0;
        while first + taken < scrollable.len() && fits(&scrollable[first..=first + taken]) {
            taken += 1;
        }
        // Always draw one scrollable column, however narrow the room.
        if taken == 0 && first < scrollable.len() && frozen.is_empty() {
            taken = 1;
        }
        let chosen: Vec<usize> = frozen
            .iter()
            .chain(&scrollable[first..first + taken])
            .copied()
            .collect();
        let widths = Layout::horizontal(chosen.iter().map(|&i| columns[i].width))
            .spacing(1)
            .split(Rect::new(0, 0, width, 1));
        Placed {
            shown: chosen
                .iter()
                .copied()
                .zip(widths.iter().map(|r| r.width))
                .collect(),
            left_off: first,
            right_off: scrollable.len() - first - taken,
            hidden: self.hidden.len(),
        }
    }
}

/// `text` cut to `width` characters, ending "…" where it was cut.
pub fn fit(text: &str, width: u16) -> std::borrow::Cow<'_, str> {
    let width = width as usize;
    if text.chars().count() <= width {
        return text.into();
    }
    if width == 0 {
        return "".into();
    }
    let kept: String = text.chars().take(width - 1).collect();
    format!("{kept}…").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> Vec<Column> {
        vec![
            Column::text("Service", Constraint::Fill(2)),
            Column::figure("People", 8),
            Column::figure("Cost", 10),
            Column::figure("Rate", 6).optional(),
            Column::text("Notes", Constraint::Fill(1)),
        ]
    }

    #[test]
    fn a_narrow_table_scrolls_to_the_current_column_and_counts_the_rest() {
        let cols = columns();
        let mut view = ColumnView::default();
        let wide = view.place(&cols, 120);
        assert_eq!(wide.shown.len(), 5);
        assert_eq!(wide.marks(), None);
        let narrow = view.place(&cols, 30);
        assert_eq!(narrow.shown.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 1]);
        assert_eq!((narrow.left_off, narrow.right_off), (0, 3));
        assert_eq!(narrow.marks().as_deref(), Some(" 3 ▶ "));
        // Freeze the name; move right: the name stays, the figures scroll,
        // and the optional column comes last.
        view.toggle_freeze(&cols);
        view.move_by(&cols, 3);
        assert_eq!(view.current, 4, "Notes before the optional Rate");
        view.move_by(&cols, 1);
        assert_eq!(view.current, 3, "the optional column is reached");
        let scrolled = view.place(&cols, 30);
        assert_eq!(scrolled.shown[0].0, 0, "frozen");
        assert_eq!(scrolled.shown.last().map(|s| s.0), Some(3), "{scrolled:?}");
        assert_eq!(scrolled.right_off, 0);
        assert!(scrolled.left_off > 0);
        assert_eq!(
            scrolled.marks().as_deref(),
            Some(format!(" ◀ {} ", scrolled.left_off).as_str())
        );
    }

    #[test]
    fn hidden_columns_are_counted_and_shown_again() {
        let cols = columns();
        let mut view = ColumnView::default();
        view.move_by(&cols, 1);
        view.hide_current(&cols);
        assert_eq!(view.current, 2, "moves to the next");
        let placed = view.place(&cols, 120);
        assert!(placed.shown.iter().all(|s| s.0 != 1));
        assert_eq!(placed.marks().as_deref(), Some(" 1 hidden (U shows) "));
        for _ in 0..10 {
            view.hide_current(&cols);
        }
        assert_eq!(view.place(&cols, 120).shown.len(), 1, "one is always left");
        view.show_all();
        assert_eq!(view.place(&cols, 120).shown.len(), 5);
    }

    #[test]
    fn cut_text_is_marked() {
        assert_eq!(fit("Leeds City Council", 8), "Leeds C…");
        assert_eq!(fit("Leeds", 8), "Leeds");
        assert_eq!(fit("Leeds", 0), "");
    }
}
