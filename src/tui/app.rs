//! The UI's state and its key handling. No I/O here: keys become
//! [`Action`]s that the event loop carries out, and results of background
//! work arrive as data.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::widgets::TableState;

use super::rows::ServiceRow;

/// What a key asks the event loop to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Write demo returns into the inbox and take them.
    LoadDemo,
    /// Load the current results again.
    Refresh,
}

/// Whether background work is going on, and how the last one ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    Idle,
    Working(String),
    Failed(String),
}

#[derive(Debug)]
pub struct App {
    pub workspace: String,
    pub inbox: String,
    pub rows: Vec<ServiceRow>,
    pub table: TableState,
    pub activity: Activity,
    /// e.g. "run-3 · 70 services · 0.05 s"
    pub last_run: Option<String>,
    /// A standing remark, e.g. why the inbox is not being watched.
    pub note: Option<String>,
}

impl App {
    pub fn new(workspace: String, inbox: String) -> App {
        App {
            workspace,
            inbox,
            rows: Vec::new(),
            table: TableState::default(),
            activity: Activity::Idle,
            last_run: None,
            note: None,
        }
    }

    /// New results: keep the selection where it was, as far as possible.
    pub fn set_rows(&mut self, rows: Vec<ServiceRow>) {
        let selected = self.table.selected();
        self.rows = rows;
        let sel = match (selected, self.rows.len()) {
            (_, 0) => None,
            (Some(i), n) => Some(i.min(n - 1)),
            (None, _) => Some(0),
        };
        self.table.select(sel);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        let busy = matches!(self.activity, Activity::Working(_));
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Some(Action::Quit),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(Action::Quit);
            }
            KeyCode::Down | KeyCode::Char('j') => self.move_by(1),
            KeyCode::Up | KeyCode::Char('k') => self.move_by(-1),
            KeyCode::PageDown => self.move_by(10),
            KeyCode::PageUp => self.move_by(-10),
            KeyCode::Home | KeyCode::Char('g') => self.move_to(0),
            KeyCode::End | KeyCode::Char('G') => self.move_to(self.rows.len().saturating_sub(1)),
            KeyCode::Char('d') if !busy => return Some(Action::LoadDemo),
            KeyCode::Char('r') if !busy => return Some(Action::Refresh),
            _ => {}
        }
        None
    }

    fn move_by(&mut self, delta: isize) {
        if self.rows.is_empty() {
            return;
        }
        let cur = self.table.selected().unwrap_or(0) as isize;
        let last = self.rows.len() as isize - 1;
        self.table
            .select(Some((cur + delta).clamp(0, last) as usize));
    }

    fn move_to(&mut self, i: usize) {
        if !self.rows.is_empty() {
            self.table.select(Some(i.min(self.rows.len() - 1)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn row(i: usize) -> ServiceRow {
        ServiceRow {
            commissioner: format!("C{i}"),
            service_name: format!("S{i}"),
            period: "2012/13".into(),
            group: "LD".into(),
            people: "10".into(),
            outcomes: "4".into(),
            total_cost: "£1,000".into(),
            cost_per_person: "£100".into(),
            outcome_rate: "40 %".into(),
            cost_per_outcome: "£250".into(),
        }
    }

    #[test]
    fn keys_scroll_and_clamp() {
        let mut app = App::new("w".into(), "w/inbox".into());
        app.set_rows((0..5).map(row).collect());
        assert_eq!(app.table.selected(), Some(0));
        app.handle_key(key(KeyCode::Up));
        assert_eq!(app.table.selected(), Some(0));
        app.handle_key(key(KeyCode::Down));
        app.handle_key(key(KeyCode::Char('j')));
        assert_eq!(app.table.selected(), Some(2));
        app.handle_key(key(KeyCode::PageDown));
        assert_eq!(app.table.selected(), Some(4));
        app.handle_key(key(KeyCode::Char('g')));
        assert_eq!(app.table.selected(), Some(0));
        assert_eq!(app.handle_key(key(KeyCode::Char('q'))), Some(Action::Quit));
    }

    #[test]
    fn new_results_keep_the_selection() {
        let mut app = App::new("w".into(), "w/inbox".into());
        app.set_rows((0..5).map(row).collect());
        app.handle_key(key(KeyCode::End));
        app.set_rows((0..3).map(row).collect());
        assert_eq!(app.table.selected(), Some(2));
    }

    #[test]
    fn demo_key_is_ignored_while_working() {
        let mut app = App::new("w".into(), "w/inbox".into());
        assert_eq!(
            app.handle_key(key(KeyCode::Char('d'))),
            Some(Action::LoadDemo)
        );
        app.activity = Activity::Working("reading".into());
        assert_eq!(app.handle_key(key(KeyCode::Char('d'))), None);
    }
}
