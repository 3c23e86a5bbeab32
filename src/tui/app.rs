//! The UI's state and the keys every screen shares. No I/O here: keys
//! become [`Action`]s that the event loop carries out on workers, and their
//! results come back as data ([`App::set_snapshot`], [`App::set_detail`]).
//! A screen's own keys, columns and rows are in its file under `screens/`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::data::Snapshot;
pub use super::prompt::{Prompt, PromptKind};
pub use super::screens::Screen;
use super::screens::queue::QueueFilter;
use super::screens::{self, Binding};
use super::widgets::grid::{Grid, GridRow};
use crate::ops::Status;

/// The service groups the selector steps through, as the tables spell them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupView {
    #[default]
    All,
    Ld,
    Mh,
    Mixed,
    EvidenceBased,
}

impl GroupView {
    pub const ALL: [GroupView; 5] = [
        GroupView::All,
        GroupView::Ld,
        GroupView::Mh,
        GroupView::Mixed,
        GroupView::EvidenceBased,
    ];

    /// The group's key in the results tables (`group` column).
    pub fn key(self) -> &'static str {
        match self {
            GroupView::All => "all",
            GroupView::Ld => "ld",
            GroupView::Mh => "mh",
            GroupView::Mixed => "mixed",
            GroupView::EvidenceBased => "evidence_based",
        }
    }

    /// Whether a service of this group (and evidence-based or not) is in it.
    pub fn holds(self, group: &str, evidence_based: bool) -> bool {
        match self {
            GroupView::All => true,
            GroupView::EvidenceBased => evidence_based,
            g => group == g.key(),
        }
    }

    fn step(self, forward: bool) -> GroupView {
        let n = GroupView::ALL.len();
        let i = GroupView::ALL.iter().position(|g| *g == self).unwrap_or(0);
        GroupView::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

/// What a key asks the event loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Reload,
    LoadDemo,
    /// Write what the screen shows to the workspace's exports/.
    Export {
        name: String,
        source: super::export::ExportSource,
    },
    LoadDetail(String),
    LoadCallSheet(i64),
    /// Where the figures in view come from (`i`).
    Explain(crate::figures::Question),
    SetStatus {
        id: i64,
        status: Status,
    },
    Note {
        id: i64,
        text: String,
    },
    AssignMe {
        id: i64,
    },
    Amend {
        id: i64,
        field: String,
        value: f64,
        note: String,
    },
    /// Keep the operator's name in the workspace, then carry on with the
    /// action that asked for it.
    SetOperator(String),
}

/// Who watches the inbox, as the header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WatchState {
    /// Nobody: files wait in the inbox until someone runs jobtally.
    #[default]
    Nobody,
    ThisUi,
    /// Another process (a daemon or another UI), by PID.
    Other(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    Idle,
    Working(String),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// Title, text, scroll offset.
    Detail(String, String, u16),
}

#[derive(Debug)]
pub struct App {
    pub workspace: String,
    pub inbox: String,
    /// Who is working the queue; asked for at the first change if unknown.
    pub operator: Option<String>,
    /// The change waiting for the operator's name.
    pub pending: Option<Action>,
    /// Who watches the inbox.
    pub watch: WatchState,
    pub screen: Screen,
    pub period: Option<String>,
    pub group: GroupView,
    pub snapshot: Snapshot,
    pub services: Grid,
    pub sites: Grid,
    pub authorities: Grid,
    /// The Budgets screen's authorities, and one authority's providers.
    pub budgets: Grid,
    pub pb_providers: Grid,
    /// The authority whose providers the Budgets screen lists.
    pub pb_authority: Option<String>,
    pub queue: Grid,
    pub inbox_grid: Grid,
    pub searching: bool,
    pub prompt: Option<Prompt>,
    pub overlay: Option<Overlay>,
    pub only_open: bool,
    pub site_filter: Option<String>,
    /// The site the Cohort screen shows (`None`: all sites).
    pub cohort_site: Option<String>,
    pub queue_filter: QueueFilter,
    pub budget: f64,
    pub call_sheet: Option<(i64, String)>,
    pub activity: Activity,
    pub last_run: Option<String>,
    pub note: Option<String>,
    pub page: super::widgets::page::PageScroll,
}

impl App {
    pub fn new(workspace: String, inbox: String, operator: Option<String>) -> App {
        App {
            workspace,
            inbox,
            operator,
            pending: None,
            watch: WatchState::Nobody,
            screen: Screen::Overview,
            period: None,
            group: GroupView::All,
            snapshot: Snapshot::default(),
            services: screens::services::grid(),
            sites: screens::sites::grid(),
            authorities: screens::authorities::grid(),
            budgets: screens::budgets::grid(),
            pb_providers: screens::budgets::providers_grid(),
            pb_authority: None,
            queue: screens::queue::grid(),
            inbox_grid: screens::inbox::grid(),
            searching: false,
            prompt: None,
            overlay: None,
            only_open: false,
            site_filter: None,
            cohort_site: None,
            queue_filter: QueueFilter::default(),
            budget: 250_000.0,
            call_sheet: None,
            activity: Activity::Idle,
            last_run: None,
            note: None,
            page: Default::default(),
        }
    }

    /// The group selected, as the tables spell it.
    pub fn group(&self) -> &'static str {
        self.group.key()
    }

    /// Whether a service is in the year and group selected (the charts' scope).
    pub fn in_scope(&self, s: &super::data::Service) -> bool {
        self.period.as_ref().is_none_or(|p| &s.period == p)
            && self.group.holds(&s.group, s.evidence_based)
    }

    /// The period selector's value as the tables spell it.
    pub fn period_key(&self) -> &str {
        self.period.as_deref().unwrap_or("all")
    }

    /// A new snapshot: every grid refreshed in place, selection and sort kept.
    pub fn set_snapshot(&mut self, snap: Snapshot) {
        if self
            .period
            .as_ref()
            .is_some_and(|p| !snap.periods.contains(p))
        {
            self.period = None;
        }
        self.snapshot = snap;
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let snap = &self.snapshot;
        let services: Vec<GridRow> = snap.services.iter().map(screens::services::row).collect();
        let sites: Vec<GridRow> = snap.sites.iter().map(screens::sites::row).collect();
        let authorities: Vec<GridRow> = snap
            .authorities
            .iter()
            .map(screens::authorities::row)
            .collect();
        let budgets: Vec<GridRow> = snap
            .pb
            .authorities
            .iter()
            .map(screens::budgets::row)
            .collect();
        let providers: Vec<GridRow> = snap
            .pb
            .providers
            .iter()
            .map(screens::budgets::provider_row)
            .collect();
        let queue: Vec<GridRow> = snap.anomalies.iter().map(screens::queue::row).collect();
        let files: Vec<GridRow> = snap.files.iter().map(screens::inbox::row).collect();
        let f = self.service_filter();
        self.services.set_rows(services, &*f);
        let f = self.period_filter();
        self.sites.set_rows(sites, &*f);
        self.authorities.set_rows(authorities, &*f);
        self.budgets.set_rows(budgets, &*f);
        let f = self.provider_filter();
        self.pb_providers.set_rows(providers, &*f);
        let f = self
            .queue_filter
            .matcher(self.period.clone(), self.operator.clone());
        self.queue.set_rows(queue, &*f);
        self.inbox_grid.set_rows(files, &|_| true);
    }

    pub fn queue_status_label(&self) -> &'static str {
        self.queue_filter.status_label()
    }

    pub fn queue_severity_label(&self) -> &'static str {
        self.queue_filter.severity_label()
    }

    /// The anomaly selected on the Queue screen.
    pub fn selected_anomaly(&self) -> Option<i64> {
        self.queue.selected_row().and_then(|r| r.id.parse().ok())
    }

    /// A call sheet or service detail arrived from a worker.
    pub fn set_detail(&mut self, title: String, text: String) {
        self.overlay = Some(Overlay::Detail(title, text, 0));
    }

    /// The grid of the screen in view, if it is a grid screen.
    pub fn grid(&self) -> Option<&Grid> {
        match self.screen {
            Screen::Services => Some(&self.services),
            Screen::Sites => Some(&self.sites),
            Screen::Authorities => Some(&self.authorities),
            Screen::Budgets if self.pb_authority.is_some() => Some(&self.pb_providers),
            Screen::Budgets => Some(&self.budgets),
            Screen::Queue => Some(&self.queue),
            Screen::Inbox => Some(&self.inbox_grid),
            _ => None,
        }
    }

    pub(super) fn grid_mut(&mut self) -> Option<&mut Grid> {
        match self.screen {
            Screen::Services => Some(&mut self.services),
            Screen::Sites => Some(&mut self.sites),
            Screen::Authorities => Some(&mut self.authorities),
            Screen::Budgets if self.pb_authority.is_some() => Some(&mut self.pb_providers),
            Screen::Budgets => Some(&mut self.budgets),
            Screen::Queue => Some(&mut self.queue),
            Screen::Inbox => Some(&mut self.inbox_grid),
            _ => None,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Option<Action> {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Quit);
        }
        if self.prompt.is_some() {
            return self.prompt_key(key);
        }
        if self.searching {
            return self.search_key(key);
        }
        if self.overlay.is_some() {
            return self.overlay_key(key);
        }
        let before = self.queue.selected_row().map(|r| r.id.clone());
        let action = self.normal_key(key);
        if action.is_none() && self.screen == Screen::Queue {
            let after = self.queue.selected_row().map(|r| r.id.clone());
            if (after != before || self.call_sheet.as_ref().map(|(id, _)| id.to_string()) != after)
                && let Some(id) = self.selected_anomaly()
            {
                return Some(Action::LoadCallSheet(id));
            }
        }
        action
    }

    /// A key with no prompt, search or overlay open: the global table, then
    /// the grid's (on a grid screen), then the screen's own.
    fn normal_key(&mut self, key: KeyEvent) -> Option<Action> {
        if key.code == KeyCode::Char('r') && key.modifiers.contains(KeyModifiers::CONTROL) {
            return Some(Action::Reload);
        }
        let grid: &'static [Binding] = if self.screen.has_grid() {
            screens::GRID
        } else {
            screens::PAGE
        };
        let binding = screens::find(screens::GLOBAL, key.code)
            .or_else(|| screens::find(grid, key.code))
            .or_else(|| screens::find(self.screen.bindings(), key.code))?;
        (binding.run)(self, key.code)
    }

    pub(super) fn switch_screen(&mut self, code: KeyCode) -> Option<Action> {
        let n = Screen::ALL.len();
        self.screen = match code {
            KeyCode::Char(c) => Screen::for_key(c)?,
            KeyCode::Tab => Screen::ALL[(self.screen.index() + 1) % n],
            KeyCode::BackTab => Screen::ALL[(self.screen.index() + n - 1) % n],
            _ => return None,
        };
        self.page.reset();
        None
    }

    pub(super) fn cycle_period(&mut self, code: KeyCode) -> Option<Action> {
        let periods = &self.snapshot.periods;
        let pos = self
            .period
            .as_ref()
            .and_then(|p| periods.iter().position(|x| x == p));
        let n = periods.len() + 1; // "all" is position n - 1
        let cur = pos.unwrap_or(n - 1);
        let next = if code == KeyCode::Char('p') {
            (cur + 1) % n
        } else {
            (cur + n - 1) % n
        };
        self.period = periods.get(next).cloned();
        self.refresh_filters();
        None
    }

    pub(super) fn cycle_group(&mut self, code: KeyCode) -> Option<Action> {
        self.group = self.group.step(code == KeyCode::Char('g'));
        self.refresh_filters();
        None
    }

    pub(super) fn clear_drill_down(&mut self, _: KeyCode) -> Option<Action> {
        self.site_filter = None;
        if self.screen == Screen::Budgets && self.pb_authority.take().is_some() {
            self.refresh_filters();
            return None;
        }
        if let Some(g) = self.grid_mut() {
            g.search.clear();
        }
        self.refresh_filters();
        None
    }

    /// Drill down from a site or authority to its services.
    pub(super) fn drill_into_services(&mut self, site: String) {
        self.site_filter = Some(site);
        self.screen = Screen::Services;
        self.refresh_filters();
    }

    pub(super) fn move_in_grid(&mut self, code: KeyCode) -> Option<Action> {
        let grid = self.grid_mut()?;
        match code {
            KeyCode::Down | KeyCode::Char('j') => grid.move_by(1),
            KeyCode::Up | KeyCode::Char('k') => grid.move_by(-1),
            KeyCode::PageDown => grid.move_by(20),
            KeyCode::PageUp => grid.move_by(-20),
            KeyCode::Home => grid.move_to_end(false),
            KeyCode::End => grid.move_to_end(true),
            _ => {}
        }
        None
    }

    pub(super) fn sort_grid(&mut self, code: KeyCode) -> Option<Action> {
        let filter = self.grid_filter();
        let grid = self.grid_mut()?;
        match code {
            KeyCode::Char('>') => grid.sort_by_next(true, &*filter),
            KeyCode::Char('<') => grid.sort_by_next(false, &*filter),
            _ => grid.reverse(&*filter),
        }
        // A new order is read from its top.
        grid.move_to_end(false);
        None
    }

    /// `←` `→` move the current column, `-` hides it, `!` freezes up to
    /// it, `U` shows hidden columns again.
    pub(super) fn column_key(&mut self, code: KeyCode) -> Option<Action> {
        let grid = self.grid_mut()?;
        let (columns, view) = (&grid.columns, &mut grid.view_columns);
        match code {
            KeyCode::Left | KeyCode::Char('h') => view.move_by(columns, -1),
            KeyCode::Right | KeyCode::Char('l') => view.move_by(columns, 1),
            KeyCode::Char('-') => view.hide_current(columns),
            KeyCode::Char('!') => view.toggle_freeze(columns),
            _ => view.show_all(),
        }
        None
    }

    fn search_key(&mut self, key: KeyEvent) -> Option<Action> {
        let filter = self.grid_filter();
        let Some(grid) = self.grid_mut() else {
            self.searching = false;
            return None;
        };
        match key.code {
            KeyCode::Enter => self.searching = false,
            KeyCode::Esc => {
                grid.search.clear();
                grid.refresh(&*filter, None);
                self.searching = false;
            }
            KeyCode::Backspace => {
                grid.search.pop();
                grid.refresh(&*filter, None);
            }
            KeyCode::Char(c) => {
                grid.search.push(c);
                grid.refresh(&*filter, None);
            }
            _ => {}
        }
        None
    }
}
