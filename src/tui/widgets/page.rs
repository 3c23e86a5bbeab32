//! A pane of text that scrolls: the text screens (Overview, Per 100,
//! Compare, Areas, Collection, Cohort) draw their panes with [`draw`], and
//! `↑↓ PgUp PgDn Home End` move every pane on the screen together, each
//! stopping where its last line sits at its foot.

use std::cell::Cell;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::app::{Action, App};

/// How far the current screen's panes are scrolled, and how far the
/// tallest of them can go (written when they are drawn, so a key never
/// scrolls into nothing).
#[derive(Debug, Default)]
pub struct PageScroll {
    pub top: u16,
    pub max: Cell<u16>,
}

impl PageScroll {
    /// Back to the top, as a screen is first drawn.
    pub fn reset(&mut self) {
        self.top = 0;
        self.max.set(0);
    }
}

/// How many rows `lines` take at `width`, wrapped or not.
fn rows(lines: &[Line], width: u16, wrap: bool) -> usize {
    let width = usize::from(width.max(1));
    lines
        .iter()
        .map(|l| {
            if wrap {
                l.width().div_ceil(width).max(1)
            } else {
                1
            }
        })
        .sum()
}

/// Draw `lines` in a bordered pane titled `title`, scrolled by the
/// screen's offset (clamped to this pane's end). When the pane holds more
/// than it shows, its foot says which lines are on screen.
pub fn draw(
    frame: &mut Frame,
    lines: Vec<Line<'_>>,
    title: String,
    wrap: bool,
    scroll: &PageScroll,
    area: Rect,
) {
    let (width, height) = (
        area.width.saturating_sub(2),
        usize::from(area.height.saturating_sub(2)),
    );
    let total = rows(&lines, width, wrap);
    let max = u16::try_from(total.saturating_sub(height)).unwrap_or(u16::MAX);
    scroll.max.set(scroll.max.get().max(max));
    let top = scroll.top.min(max);
    let mut block = Block::bordered().title(title);
    if max > 0 {
        let first = usize::from(top) + 1;
        let last = (usize::from(top) + height).min(total);
        block = block.title_bottom(format!(
            " lines {first}–{last} of {total} · ↑↓ PgUp PgDn scroll "
        ));
    }
    let mut text = Paragraph::new(lines).block(block).scroll((top, 0));
    if wrap {
        text = text.wrap(Wrap { trim: false });
    }
    frame.render_widget(text, area);
}

impl App {
    /// `↑↓ PgUp PgDn Home End` on a text screen.
    pub(crate) fn scroll_page(&mut self, code: KeyCode) -> Option<Action> {
        self.page.top = scrolled(self.page.top, code, self.page.max.get());
        None
    }
}

/// A scroll offset moved by one of the moving keys, never past `max`.
pub fn scrolled(top: u16, code: KeyCode, max: u16) -> u16 {
    match code {
        KeyCode::Down | KeyCode::Char('j') => top.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => top.saturating_sub(1),
        KeyCode::PageDown => top.saturating_add(20),
        KeyCode::PageUp => top.saturating_sub(20),
        KeyCode::Home => 0,
        KeyCode::End => max,
        _ => top,
    }
    .min(max)
}
