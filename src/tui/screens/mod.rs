//! The screens, one file each: a screen's file holds its columns, its rows,
//! its keys and its drawing. This module lists them, and holds the key
//! tables that every screen shares; the dispatch, the footer and the help
//! overlay are all built from these tables, so they cannot drift apart.

pub mod areas;
pub mod authorities;
pub mod budgets;
pub mod cohort;
pub mod collection;
pub mod compare;
pub mod inbox;
pub mod overview;
pub mod per100;
pub mod queue;
pub mod services;
pub mod sites;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::app::{Action, App};
use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Services,
    Sites,
    Per100,
    Compare,
    Queue,
    Inbox,
    Authorities,
    Areas,
    Collection,
    Cohort,
    Budgets,
}

impl Screen {
    pub const ALL: [Screen; 12] = [
        Screen::Overview,
        Screen::Services,
        Screen::Sites,
        Screen::Per100,
        Screen::Compare,
        Screen::Queue,
        Screen::Inbox,
        Screen::Authorities,
        Screen::Areas,
        Screen::Collection,
        Screen::Cohort,
        Screen::Budgets,
    ];

    /// The key that opens each screen, in [`Screen::ALL`]'s order: 1-9,
    /// then 0 and `=`, and the key before 1 (`-` is Compare's budget).
    pub const KEYS: [char; 12] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '=', '`'];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Overview => "Overview",
            Screen::Services => "Services",
            Screen::Sites => "Sites",
            Screen::Per100 => "Per 100",
            Screen::Compare => "Compare",
            Screen::Queue => "Queue",
            Screen::Inbox => "Inbox",
            Screen::Authorities => "Authorities",
            Screen::Areas => "Areas",
            Screen::Collection => "Collection",
            Screen::Cohort => "Cohort",
            Screen::Budgets => "Budgets",
        }
    }

    pub fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The screen a key opens.
    pub fn for_key(c: char) -> Option<Screen> {
        Screen::KEYS
            .iter()
            .position(|k| *k == c)
            .map(|i| Screen::ALL[i])
    }

    /// The screen's own keys (not the grid's or the global ones).
    pub fn bindings(self) -> &'static [Binding] {
        match self {
            Screen::Overview => overview::KEYS,
            Screen::Services => services::KEYS,
            Screen::Sites => sites::KEYS,
            Screen::Per100 => &[],
            Screen::Compare => compare::KEYS,
            Screen::Queue => queue::KEYS,
            Screen::Inbox => inbox::KEYS,
            Screen::Authorities => authorities::KEYS,
            Screen::Areas => areas::KEYS,
            Screen::Collection => &[],
            Screen::Cohort => cohort::KEYS,
            Screen::Budgets => budgets::KEYS,
        }
    }

    /// Whether the screen is a grid (and so takes [`GRID`]'s keys).
    pub fn has_grid(self) -> bool {
        matches!(
            self,
            Screen::Services
                | Screen::Sites
                | Screen::Authorities
                | Screen::Queue
                | Screen::Inbox
                | Screen::Budgets
        )
    }

    /// How many of the screen's keys the footer has room for.
    fn footer_keys(self) -> usize {
        if self == Screen::Queue { 4 } else { 2 }
    }

    /// The screen's body.
    pub fn draw(self, frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
        match self {
            Screen::Overview => overview::draw(frame, app, theme, area),
            Screen::Services => services::draw(frame, app, theme, area),
            Screen::Sites => sites::draw(frame, app, theme, area),
            Screen::Per100 => per100::draw(frame, app, theme, area),
            Screen::Compare => compare::draw(frame, app, theme, area),
            Screen::Queue => queue::draw(frame, app, theme, area),
            Screen::Inbox => inbox::draw(frame, app, theme, area),
            Screen::Authorities => authorities::draw(frame, app, theme, area),
            Screen::Areas => areas::draw(frame, app, theme, area),
            Screen::Collection => collection::draw(frame, app, theme, area),
            Screen::Cohort => cohort::draw(frame, app, theme, area),
            Screen::Budgets => budgets::draw(frame, app, theme, area),
        }
    }
}

/// What a key does: carried out on the [`App`] (which may ask the event
/// loop for an [`Action`]).
pub type KeyFn = fn(&mut App, KeyCode) -> Option<Action>;

/// One line of a key table: the keys, how the help writes them, what they
/// do, and the function that does it (it is given the key pressed, so one
/// line can serve a pair such as `p / P`).
pub struct Binding {
    pub keys: &'static [KeyCode],
    pub label: &'static str,
    pub what: &'static str,
    pub run: KeyFn,
}

impl Binding {
    pub fn takes(&self, code: KeyCode) -> bool {
        self.keys.contains(&code)
    }
}

/// The binding for a key in a table, if any.
pub fn find(table: &'static [Binding], code: KeyCode) -> Option<&'static Binding> {
    table.iter().find(|b| b.takes(code))
}

/// Keys on every screen. Ctrl-c (quit) and Ctrl-r (reload) are read
/// before these tables, as a modifier is not part of a table's key.
pub const GLOBAL: &[Binding] = &[
    Binding {
        keys: &[
            KeyCode::Char('1'),
            KeyCode::Char('2'),
            KeyCode::Char('3'),
            KeyCode::Char('4'),
            KeyCode::Char('5'),
            KeyCode::Char('6'),
            KeyCode::Char('7'),
            KeyCode::Char('8'),
            KeyCode::Char('9'),
            KeyCode::Char('0'),
            KeyCode::Char('='),
            KeyCode::Char('`'),
            KeyCode::Tab,
            KeyCode::BackTab,
        ],
        label: "1-9 0 = `, Tab",
        what: "switch screen",
        run: App::switch_screen,
    },
    Binding {
        keys: &[KeyCode::Char('p'), KeyCode::Char('P')],
        label: "p / P",
        what: "next / previous year (or all)",
        run: App::cycle_period,
    },
    Binding {
        keys: &[KeyCode::Char('g'), KeyCode::Char('G')],
        label: "g / G",
        what: "next / previous group: all, ld, mh, mixed, evidence-based",
        run: App::cycle_group,
    },
    Binding {
        keys: &[KeyCode::Char('e')],
        label: "e",
        what: "export this screen's figures, as numbers, to exports/ (asks which table where there are several)",
        run: |app, _| app.export_screen(),
    },
    Binding {
        keys: &[KeyCode::Char('i')],
        label: "i",
        what: "where the figure comes from: definition, method, n, the services used and left out, their files and amendments (queue: the check; inbox: the file)",
        run: App::provenance,
    },
    Binding {
        keys: &[KeyCode::F(5)],
        label: "F5, Ctrl-r",
        what: "reload",
        run: |_, _| Some(Action::Reload),
    },
    Binding {
        keys: &[KeyCode::Char('?')],
        label: "?",
        what: "this help",
        run: |app, _| {
            app.overlay = Some(super::app::Overlay::Help);
            None
        },
    },
    Binding {
        keys: &[KeyCode::Char('q')],
        label: "q",
        what: "quit",
        run: |_, _| Some(Action::Quit),
    },
];

/// The keys that move a grid's selection or scroll a page or a detail
/// view: one line, a screenful, top and foot.
pub const MOVE_KEYS: &[KeyCode] = &[
    KeyCode::Down,
    KeyCode::Char('j'),
    KeyCode::Up,
    KeyCode::Char('k'),
    KeyCode::PageDown,
    KeyCode::PageUp,
    KeyCode::Home,
    KeyCode::End,
];

/// Keys on every grid screen.
pub const GRID: &[Binding] = &[
    Binding {
        keys: MOVE_KEYS,
        label: "↑↓ PgUp PgDn",
        what: "move",
        run: App::move_in_grid,
    },
    Binding {
        keys: &[KeyCode::Char('<'), KeyCode::Char('>')],
        label: "< >",
        what: "sort by previous / next column",
        run: App::sort_grid,
    },
    Binding {
        keys: &[KeyCode::Char('s')],
        label: "s",
        what: "reverse the sort",
        run: App::sort_grid,
    },
    Binding {
        keys: &[KeyCode::Char('/')],
        label: "/",
        what: "search",
        run: |app, _| {
            app.searching = true;
            None
        },
    },
    Binding {
        keys: &[KeyCode::Esc],
        label: "Esc",
        what: "clear search and drill-down",
        run: App::clear_drill_down,
    },
    Binding {
        keys: &[
            KeyCode::Left,
            KeyCode::Char('h'),
            KeyCode::Right,
            KeyCode::Char('l'),
        ],
        label: "← →",
        what: "current column left / right (scrolls the table sideways)",
        run: App::column_key,
    },
    Binding {
        keys: &[KeyCode::Char('-'), KeyCode::Char('U')],
        label: "- / U",
        what: "hide the current column / show hidden columns",
        run: App::column_key,
    },
    Binding {
        keys: &[KeyCode::Char('!')],
        label: "!",
        what: "freeze columns up to the current one (again: unfreeze)",
        run: App::column_key,
    },
];

/// Keys on every screen that is a page of text rather than a grid.
pub const PAGE: &[Binding] = &[Binding {
    keys: MOVE_KEYS,
    label: "↑↓ PgUp PgDn",
    what: "scroll the page (Home / End: top / foot)",
    run: App::scroll_page,
}];

/// The keys the help overlay lists for a screen: its own, then the grid's
/// (or the page's).
pub fn help(s: Screen) -> impl Iterator<Item = &'static Binding> {
    let grid: &'static [Binding] = if s.has_grid() { GRID } else { PAGE };
    s.bindings().iter().chain(grid)
}

/// The few keys the footer shows for a screen.
pub fn footer(s: Screen) -> Vec<(&'static str, &'static str)> {
    // A page says on its own foot when it scrolls, so the footer keeps
    // its room for the screen's keys.
    let grid: &'static [Binding] = if s.has_grid() { GRID } else { &[] };
    let mut keys: Vec<(&str, &str)> = s
        .bindings()
        .iter()
        .chain(grid)
        .take(s.footer_keys())
        .map(|b| (b.label, b.what))
        .collect();
    keys.push(("?", "help"));
    keys.push(("q", "quit"));
    keys
}

/// The key for loading the demo, on the screens an empty workspace shows.
pub const DEMO: Binding = Binding {
    keys: &[KeyCode::Char('d')],
    label: "d",
    what: "load demo returns (empty workspace only)",
    run: |app, _| app.snapshot.services.is_empty().then_some(Action::LoadDemo),
};
