//! The UI's state and its key handling. No I/O here: keys become
//! [`Action`]s that the event loop carries out on workers, and their
//! results come back as data ([`App::set_snapshot`], [`App::set_detail`]).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::data::Snapshot;
use super::grid::{Column, Grid, GridRow, SortKey, Tags};
use super::{format, keys};
use crate::store::anomalies::Status;
use ratatui::layout::Constraint;

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
}

impl Screen {
    pub const ALL: [Screen; 11] = [
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
    ];

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
        }
    }

    fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

pub const GROUPS: [&str; 5] = ["all", "ld", "mh", "mixed", "evidence_based"];

/// What a key asks the event loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Reload,
    LoadDemo,
    /// Write the current view to a CSV in the workspace's exports/.
    Export {
        name: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    LoadDetail(String),
    LoadCallSheet(i64),
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Activity {
    Idle,
    Working(String),
    Failed(String),
}

/// A one-line text input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptKind {
    Note(i64),
    Budget,
    AmendField(i64),
    AmendValue { id: i64, field: String },
    AmendNote { id: i64, field: String, value: f64 },
}

impl Prompt {
    pub fn label(&self) -> String {
        match &self.kind {
            PromptKind::Note(id) => format!("note on anomaly {id}"),
            PromptKind::Budget => "budget (£)".into(),
            PromptKind::AmendField(id) => format!("amend anomaly {id}: field"),
            PromptKind::AmendValue { field, .. } => format!("correct {field}"),
            PromptKind::AmendNote { field, value, .. } => {
                format!(
                    "why is {field} {}? (what the site said)",
                    crate::ingest::cells::format_number(*value)
                )
            }
        }
    }
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
    pub operator: String,
    pub screen: Screen,
    pub period: Option<String>,
    pub group: usize,
    pub snapshot: Snapshot,
    pub services: Grid,
    pub sites: Grid,
    pub authorities: Grid,
    pub queue: Grid,
    pub inbox_grid: Grid,
    pub searching: bool,
    pub prompt: Option<Prompt>,
    pub overlay: Option<Overlay>,
    pub only_open: bool,
    pub site_filter: Option<String>,
    /// The site the Cohort screen shows (`None`: all sites).
    pub cohort_site: Option<String>,
    pub queue_status: usize,
    pub queue_severity: usize,
    pub budget: f64,
    pub call_sheet: Option<(i64, String)>,
    pub activity: Activity,
    pub last_run: Option<String>,
    pub note: Option<String>,
}

const QUEUE_STATUSES: [&str; 8] = [
    "active",
    "open",
    "contacted",
    "awaiting_data",
    "resolved_confirmed",
    "resolved_corrected",
    "dismissed",
    "all",
];
/// "calls" (errors and warnings: what needs a phone call) comes first.
const SEVERITIES: [&str; 5] = ["calls", "all", "error", "warning", "info"];

impl App {
    pub fn new(workspace: String, inbox: String, operator: String) -> App {
        App {
            workspace,
            inbox,
            operator,
            screen: Screen::Overview,
            period: None,
            group: 0,
            snapshot: Snapshot::default(),
            services: Grid::new(
                vec![
                    Column::text("Commissioner", Constraint::Fill(3)),
                    Column::text("Service", Constraint::Fill(4)),
                    Column::text("Year", Constraint::Length(7)),
                    Column::text("Grp", Constraint::Length(5)),
                    Column::figure("People", 6).optional(),
                    Column::figure("Jobs", 5),
                    Column::figure("Cost", 10).optional(),
                    Column::figure("£/person", 8),
                    Column::figure("Rate", 5),
                    Column::figure("£/job", 8),
                    Column::figure("Open", 4),
                ],
                Some((0, false)),
            ),
            sites: Grid::new(
                vec![
                    Column::text("Commissioner", Constraint::Fill(3)),
                    Column::text("Region", Constraint::Fill(2)).optional(),
                    Column::text("Year", Constraint::Length(7)),
                    Column::figure("Svcs", 4),
                    Column::figure("People", 6).optional(),
                    Column::figure("Jobs", 5),
                    Column::figure("£/person", 8),
                    Column::figure("Rate", 5),
                    Column::figure("£/job", 8),
                    Column::figure("Open", 4),
                ],
                Some((0, false)),
            ),
            authorities: Grid::new(
                vec![
                    Column::text("Authority", Constraint::Fill(3)),
                    Column::text("Region", Constraint::Fill(2)).optional(),
                    Column::text("Year", Constraint::Length(7)),
                    Column::figure("Spend", 10),
                    Column::text("Acc", Constraint::Length(8)).optional(),
                    Column::figure("Resp", 4),
                    Column::figure("Svcs", 4),
                    Column::figure("Svc cost", 10).optional(),
                    Column::figure("Cover", 6),
                    Column::figure("Jobs", 5),
                    Column::figure("Spend/job", 9),
                    Column::text("", Constraint::Length(8)),
                ],
                Some((0, false)),
            ),
            queue: Grid::new(
                vec![
                    Column::figure("Id", 5),
                    Column::text("Sev", Constraint::Length(7)),
                    Column::text("Status", Constraint::Length(13)),
                    Column::figure("Prio", 5).optional(),
                    Column::text("Service", Constraint::Fill(2)),
                    Column::text("Question", Constraint::Fill(3)),
                ],
                Some((3, true)),
            ),
            inbox_grid: Grid::new(
                vec![
                    Column::text("Received", Constraint::Length(20)),
                    Column::text("File", Constraint::Fill(3)),
                    Column::text("Fate", Constraint::Length(9)),
                    Column::text("Reason / where", Constraint::Fill(3)),
                ],
                Some((0, true)),
            ),
            searching: false,
            prompt: None,
            overlay: None,
            only_open: false,
            site_filter: None,
            cohort_site: None,
            queue_status: 0,
            queue_severity: 0,
            budget: 250_000.0,
            call_sheet: None,
            activity: Activity::Idle,
            last_run: None,
            note: None,
        }
    }

    pub fn group(&self) -> &'static str {
        GROUPS[self.group]
    }

    /// Whether a service is in the year and group selected (the charts' scope).
    pub fn in_scope(&self, s: &super::data::Service) -> bool {
        self.period.as_ref().is_none_or(|p| &s.period == p)
            && match self.group() {
                "all" => true,
                "evidence_based" => s.evidence_based,
                g => s.group == g,
            }
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
        let services: Vec<GridRow> = self.snapshot.services.iter().map(service_row).collect();
        let f = self.service_filter();
        self.services.set_rows(services, &*f);
        let sites: Vec<GridRow> = self.snapshot.sites.iter().map(site_row).collect();
        let f = self.period_filter();
        self.sites.set_rows(sites, &*f);
        let authorities: Vec<GridRow> = self
            .snapshot
            .authorities
            .iter()
            .map(authority_row)
            .collect();
        let f = self.period_filter();
        self.authorities.set_rows(authorities, &*f);
        let queue: Vec<GridRow> = self.snapshot.anomalies.iter().map(anomaly_row).collect();
        let f = self.queue_filter();
        self.queue.set_rows(queue, &*f);
        let files: Vec<GridRow> = self.snapshot.files.iter().map(file_row).collect();
        self.inbox_grid.set_rows(files, &|_| true);
    }

    fn period_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        let period = self.period.clone();
        Box::new(move |t: &Tags| period.as_ref().is_none_or(|p| &t.period == p))
    }

    fn service_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        let period = self.period.clone();
        let group = self.group();
        let only_open = self.only_open;
        let site = self.site_filter.clone();
        Box::new(move |t: &Tags| {
            period.as_ref().is_none_or(|p| &t.period == p)
                && match group {
                    "all" => true,
                    "evidence_based" => t.evidence,
                    g => t.group == g,
                }
                && (!only_open || t.open > 0)
                && site.as_ref().is_none_or(|s| &t.site == s)
        })
    }

    fn queue_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        let status = QUEUE_STATUSES[self.queue_status];
        let severity = SEVERITIES[self.queue_severity];
        let period = self.period.clone();
        Box::new(move |t: &Tags| {
            let status_ok = match status {
                "all" => true,
                "active" => Status::parse(&t.status).is_some_and(Status::is_active),
                s => t.status == s,
            };
            let severity_ok = match severity {
                "all" => true,
                "calls" => t.severity != "info",
                s => t.severity == s,
            };
            status_ok && severity_ok && period.as_ref().is_none_or(|p| &t.period == p)
        })
    }

    fn refresh_filters(&mut self) {
        let f = self.service_filter();
        self.services.refresh(&*f, None);
        let f = self.period_filter();
        self.sites.refresh(&*f, None);
        self.authorities.refresh(&*f, None);
        let f = self.queue_filter();
        self.queue.refresh(&*f, None);
    }

    pub fn queue_status_label(&self) -> &'static str {
        QUEUE_STATUSES[self.queue_status]
    }

    pub fn queue_severity_label(&self) -> &'static str {
        SEVERITIES[self.queue_severity]
    }

    /// The anomaly selected on the Queue screen.
    pub fn selected_anomaly(&self) -> Option<i64> {
        self.queue.selected_row().and_then(|r| r.id.parse().ok())
    }

    /// A call sheet or service detail arrived from a worker.
    pub fn set_detail(&mut self, title: String, text: String) {
        self.overlay = Some(Overlay::Detail(title, text, 0));
    }

    fn grid_mut(&mut self) -> Option<&mut Grid> {
        match self.screen {
            Screen::Services => Some(&mut self.services),
            Screen::Sites => Some(&mut self.sites),
            Screen::Authorities => Some(&mut self.authorities),
            Screen::Queue => Some(&mut self.queue),
            Screen::Inbox => Some(&mut self.inbox_grid),
            _ => None,
        }
    }

    fn grid_filter(&self) -> Box<dyn Fn(&Tags) -> bool> {
        match self.screen {
            Screen::Services => self.service_filter(),
            Screen::Sites | Screen::Authorities => self.period_filter(),
            Screen::Queue => self.queue_filter(),
            _ => Box::new(|_| true),
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
        if let Some(overlay) = &mut self.overlay {
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => {
                    if let Overlay::Detail(_, _, s) = overlay {
                        *s = s.saturating_add(1);
                    }
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    if let Overlay::Detail(_, _, s) = overlay {
                        *s = s.saturating_sub(1);
                    }
                }
                KeyCode::Char('q') => return Some(Action::Quit),
                _ => self.overlay = None,
            }
            return None;
        }
        let before = self.queue.selected_row().map(|r| r.id.clone());
        let action = self.normal_key(key);
        if action.is_none() && self.screen == Screen::Queue {
            let after = self.queue.selected_row().map(|r| r.id.clone());
            if after != before || self.call_sheet.as_ref().map(|(id, _)| id.to_string()) != after {
                if let Some(id) = self.selected_anomaly() {
                    return Some(Action::LoadCallSheet(id));
                }
            }
        }
        action
    }

    fn normal_key(&mut self, key: KeyEvent) -> Option<Action> {
        let filter = self.grid_filter();
        match key.code {
            KeyCode::Char('q') => return Some(Action::Quit),
            KeyCode::Char('?') => self.overlay = Some(Overlay::Help),
            KeyCode::Char(c @ '1'..='9') => self.screen = Screen::ALL[(c as u8 - b'1') as usize],
            // Ten and eleven: 0 and the key after it on most keyboards.
            KeyCode::Char('0') => self.screen = Screen::Collection,
            KeyCode::Char('=') => self.screen = Screen::Cohort,
            KeyCode::Tab => {
                self.screen = Screen::ALL[(self.screen.index() + 1) % Screen::ALL.len()]
            }
            KeyCode::BackTab => {
                let n = Screen::ALL.len();
                self.screen = Screen::ALL[(self.screen.index() + n - 1) % n]
            }
            KeyCode::Char('p') | KeyCode::Char('P') => {
                let periods = &self.snapshot.periods;
                let pos = self
                    .period
                    .as_ref()
                    .and_then(|p| periods.iter().position(|x| x == p));
                let forward = key.code == KeyCode::Char('p');
                let n = periods.len() + 1; // "all" is position n - 1
                let cur = pos.unwrap_or(n - 1);
                let next = if forward {
                    (cur + 1) % n
                } else {
                    (cur + n - 1) % n
                };
                self.period = periods.get(next).cloned();
                self.refresh_filters();
            }
            KeyCode::Char('g') | KeyCode::Char('G') => {
                self.group = if key.code == KeyCode::Char('g') {
                    (self.group + 1) % 5
                } else {
                    (self.group + 4) % 5
                };
                self.refresh_filters();
            }
            KeyCode::Char('r') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return Some(Action::Reload);
            }
            KeyCode::F(5) => return Some(Action::Reload),
            KeyCode::Char('d') if self.snapshot.services.is_empty() => {
                return Some(Action::LoadDemo);
            }
            KeyCode::Char('e') => return self.export_view(),
            KeyCode::Esc => {
                self.site_filter = None;
                if let Some(g) = self.grid_mut() {
                    g.search.clear();
                }
                self.refresh_filters();
            }
            _ => return self.screen_key(key, &*filter),
        }
        None
    }

    fn screen_key(&mut self, key: KeyEvent, filter: &dyn Fn(&Tags) -> bool) -> Option<Action> {
        if let Some(grid) = self.grid_mut() {
            match key.code {
                KeyCode::Down | KeyCode::Char('j') => grid.move_by(1),
                KeyCode::Up | KeyCode::Char('k') => grid.move_by(-1),
                KeyCode::PageDown => grid.move_by(20),
                KeyCode::PageUp => grid.move_by(-20),
                KeyCode::Home => grid.move_to_end(false),
                KeyCode::End => grid.move_to_end(true),
                KeyCode::Char('>') => grid.sort_by_next(true, filter),
                KeyCode::Char('<') => grid.sort_by_next(false, filter),
                KeyCode::Char('s') => grid.reverse(filter),
                KeyCode::Char('/') => self.searching = true,
                _ => return self.screen_specific(key),
            }
            return None;
        }
        self.screen_specific(key)
    }

    fn screen_specific(&mut self, key: KeyEvent) -> Option<Action> {
        match (self.screen, key.code) {
            (Screen::Services, KeyCode::Char('f')) => {
                self.only_open = !self.only_open;
                self.refresh_filters();
            }
            (Screen::Services, KeyCode::Enter) => {
                return self
                    .services
                    .selected_row()
                    .map(|r| Action::LoadDetail(r.id.clone()));
            }
            (Screen::Sites, KeyCode::Enter) => {
                // Drill down: the site's services.
                let site = self.sites.selected_row().map(|r| r.tags.site.clone())?;
                self.site_filter = Some(site);
                self.screen = Screen::Services;
                self.refresh_filters();
            }
            (Screen::Cohort, KeyCode::Enter) => {
                // Drill down: each site in turn, then all sites again.
                let mut sites: Vec<&str> = self
                    .snapshot
                    .people
                    .profile
                    .iter()
                    .map(|r| r.site.as_str())
                    .filter(|s| *s != "all")
                    .collect();
                sites.sort();
                sites.dedup();
                let next = match &self.cohort_site {
                    None => sites.first(),
                    Some(cur) => sites.iter().skip_while(|s| *s != cur).nth(1),
                };
                self.cohort_site = next.map(|s| s.to_string());
            }
            (Screen::Authorities, KeyCode::Enter) => {
                // Drill down: the authority's services.
                let site = self
                    .authorities
                    .selected_row()
                    .map(|r| r.tags.site.clone())?;
                self.site_filter = Some(site);
                self.screen = Screen::Services;
                self.refresh_filters();
            }
            (Screen::Compare, KeyCode::Char('+')) => self.budget = (self.budget * 1.1).round(),
            (Screen::Compare, KeyCode::Char('-')) => {
                self.budget = (self.budget / 1.1).round().max(1000.0)
            }
            (Screen::Compare, KeyCode::Char('b')) => {
                self.prompt = Some(Prompt {
                    kind: PromptKind::Budget,
                    input: format!("{}", self.budget as i64),
                    error: None,
                })
            }
            (Screen::Queue, code) => return self.queue_key(code),
            _ => {}
        }
        None
    }

    fn queue_key(&mut self, code: KeyCode) -> Option<Action> {
        let id = self.selected_anomaly();
        let set = |status| id.map(|id| Action::SetStatus { id, status });
        match code {
            KeyCode::Char('f') => {
                self.queue_status = (self.queue_status + 1) % QUEUE_STATUSES.len();
                self.refresh_filters();
            }
            KeyCode::Char('v') => {
                self.queue_severity = (self.queue_severity + 1) % SEVERITIES.len();
                self.refresh_filters();
            }
            KeyCode::Char('c') => return set(Status::Contacted),
            KeyCode::Char('w') => return set(Status::AwaitingData),
            KeyCode::Char('r') => return set(Status::ResolvedConfirmed),
            KeyCode::Char('x') => return set(Status::Dismissed),
            KeyCode::Char('o') => return set(Status::Open),
            KeyCode::Char('m') => return id.map(|id| Action::AssignMe { id }),
            KeyCode::Enter => return id.map(Action::LoadCallSheet),
            KeyCode::Char('n') => {
                self.prompt = id.map(|id| Prompt {
                    kind: PromptKind::Note(id),
                    input: String::new(),
                    error: None,
                })
            }
            KeyCode::Char('a') => {
                let field = self
                    .queue
                    .selected_row()
                    .map(|r| r.tags.group.clone())
                    .unwrap_or_default();
                self.prompt = id.map(|id| Prompt {
                    kind: PromptKind::AmendField(id),
                    input: if keys::is_figure(&field) {
                        field
                    } else {
                        String::new()
                    },
                    error: None,
                })
            }
            _ => {}
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

    fn prompt_key(&mut self, key: KeyEvent) -> Option<Action> {
        let prompt = self.prompt.as_mut()?;
        match key.code {
            KeyCode::Esc => {
                self.prompt = None;
                None
            }
            KeyCode::Backspace => {
                prompt.input.pop();
                None
            }
            KeyCode::Char(c) => {
                prompt.input.push(c);
                prompt.error = None;
                None
            }
            KeyCode::Enter => self.submit_prompt(),
            _ => None,
        }
    }

    fn submit_prompt(&mut self) -> Option<Action> {
        let prompt = self.prompt.take()?;
        let input = prompt.input.trim().to_string();
        let again = |app: &mut App, kind: PromptKind, input: String, error: &str| {
            app.prompt = Some(Prompt {
                kind,
                input,
                error: Some(error.to_string()),
            });
            None
        };
        match prompt.kind {
            PromptKind::Note(id) if !input.is_empty() => Some(Action::Note { id, text: input }),
            PromptKind::Note(_) => None,
            PromptKind::Budget => match keys::parse_amount(&input) {
                Some(v) if v > 0.0 => {
                    self.budget = v;
                    None
                }
                _ => again(
                    self,
                    PromptKind::Budget,
                    input,
                    "a positive amount, e.g. 250000 or £250k",
                ),
            },
            PromptKind::AmendField(id) => {
                if keys::is_figure(&input) {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::AmendValue { id, field: input },
                        input: String::new(),
                        error: None,
                    });
                    None
                } else {
                    again(
                        self,
                        PromptKind::AmendField(id),
                        input,
                        "a figure of the return, e.g. outcomes_total, people_ld, total_cost",
                    )
                }
            }
            PromptKind::AmendValue { id, field } => match keys::parse_figure(&field, &input) {
                Some(value) => {
                    self.prompt = Some(Prompt {
                        kind: PromptKind::AmendNote { id, field, value },
                        input: String::new(),
                        error: None,
                    });
                    None
                }
                None => again(
                    self,
                    PromptKind::AmendValue { id, field },
                    input,
                    "not a valid figure for this field",
                ),
            },
            PromptKind::AmendNote { id, field, value } => {
                if input.is_empty() {
                    again(
                        self,
                        PromptKind::AmendNote { id, field, value },
                        input,
                        "say why: what the site told you",
                    )
                } else {
                    Some(Action::Amend {
                        id,
                        field,
                        value,
                        note: input,
                    })
                }
            }
        }
    }

    /// The rows of the current screen's table, as shown.
    fn export_view(&self) -> Option<Action> {
        let grid = match self.screen {
            Screen::Services => &self.services,
            Screen::Sites => &self.sites,
            Screen::Authorities => &self.authorities,
            Screen::Queue => &self.queue,
            Screen::Inbox => &self.inbox_grid,
            _ => &self.services,
        };
        Some(Action::Export {
            name: self.screen.title().to_lowercase().replace(' ', ""),
            header: grid.columns.iter().map(|c| c.title.to_string()).collect(),
            rows: grid.visible_rows().map(|r| r.cells.clone()).collect(),
        })
    }
}

fn service_row(s: &super::data::Service) -> GridRow {
    GridRow {
        id: s.key.clone(),
        cells: vec![
            s.commissioner.clone(),
            s.service_name.clone(),
            s.period.clone(),
            if s.group.is_empty() {
                format::NULL.into()
            } else {
                s.group.clone()
            },
            format::count(s.people),
            format::count(s.outcomes),
            format::money(s.cost),
            format::money(s.cost_per_person),
            format::rate(s.outcome_rate),
            format::money(s.cost_per_outcome),
            if s.open_anomalies > 0 {
                s.open_anomalies.to_string()
            } else {
                String::new()
            },
        ],
        sort: vec![
            SortKey::Text(s.commissioner.clone()),
            SortKey::Text(s.service_name.clone()),
            SortKey::Text(s.period.clone()),
            SortKey::Text(s.group.clone()),
            SortKey::Num(s.people),
            SortKey::Num(s.outcomes),
            SortKey::Num(s.cost),
            SortKey::Num(s.cost_per_person),
            SortKey::Num(s.outcome_rate),
            SortKey::Num(s.cost_per_outcome),
            SortKey::Num(Some(s.open_anomalies as f64)),
        ],
        tags: Tags {
            period: s.period.clone(),
            group: s.group.clone(),
            site: s.site.clone(),
            evidence: s.evidence_based,
            open: s.open_anomalies,
            ..Tags::default()
        },
    }
}

fn authority_row(a: &super::data::AuthorityValue) -> GridRow {
    let flag = if a.disagree { "disagree" } else { "" };
    GridRow {
        id: format!("{}|{}", a.authority, a.period),
        cells: vec![
            a.authority.clone(),
            a.region.clone(),
            a.period.clone(),
            format::money(a.reported_spend),
            a.accuracy.clone(),
            a.responses.to_string(),
            a.services.to_string(),
            format::money(a.services_cost),
            a.coverage_pct
                .map_or_else(|| "–".into(), |p| format!("{p:.0}%")),
            format::count(a.outcomes),
            format::money(a.spend_per_outcome),
            flag.to_string(),
        ],
        sort: vec![
            SortKey::Text(a.authority.clone()),
            SortKey::Text(a.region.clone()),
            SortKey::Text(a.period.clone()),
            SortKey::Num(a.reported_spend),
            SortKey::Text(a.accuracy.clone()),
            SortKey::Num(Some(a.responses as f64)),
            SortKey::Num(Some(a.services as f64)),
            SortKey::Num(a.services_cost),
            SortKey::Num(a.coverage_pct),
            SortKey::Num(a.outcomes),
            SortKey::Num(a.spend_per_outcome),
            SortKey::Text(flag.to_string()),
        ],
        tags: Tags {
            period: a.period.clone(),
            site: a.authority.clone(),
            ..Tags::default()
        },
    }
}

fn site_row(s: &super::data::Site) -> GridRow {
    GridRow {
        id: format!("{}|{}", s.commissioner, s.period),
        cells: vec![
            s.commissioner.clone(),
            s.region.clone(),
            s.period.clone(),
            s.services.to_string(),
            format::count(s.people),
            format::count(s.outcomes),
            format::money(s.cost_per_person),
            format::rate(s.outcome_rate),
            format::money(s.cost_per_outcome),
            if s.open_anomalies > 0 {
                s.open_anomalies.to_string()
            } else {
                String::new()
            },
        ],
        sort: vec![
            SortKey::Text(s.commissioner.clone()),
            SortKey::Text(s.region.clone()),
            SortKey::Text(s.period.clone()),
            SortKey::Num(Some(s.services as f64)),
            SortKey::Num(s.people),
            SortKey::Num(s.outcomes),
            SortKey::Num(s.cost_per_person),
            SortKey::Num(s.outcome_rate),
            SortKey::Num(s.cost_per_outcome),
            SortKey::Num(Some(s.open_anomalies as f64)),
        ],
        tags: Tags {
            period: s.period.clone(),
            site: s.commissioner.clone(),
            open: s.open_anomalies,
            ..Tags::default()
        },
    }
}

fn anomaly_row(a: &crate::store::anomalies::Anomaly) -> GridRow {
    let service = format!(
        "{} / {}",
        a.commissioner.as_deref().unwrap_or("?"),
        a.service_name.as_deref().unwrap_or("?")
    );
    GridRow {
        id: a.id.to_string(),
        cells: vec![
            a.id.to_string(),
            a.severity.clone(),
            a.status.as_str().to_string(),
            format!("{:.0}", a.priority),
            format::sanitise(&service),
            format::sanitise(&a.message),
        ],
        sort: vec![
            SortKey::Num(Some(a.id as f64)),
            SortKey::Text(a.severity.clone()),
            SortKey::Text(a.status.as_str().to_string()),
            SortKey::Num(Some(a.priority)),
            SortKey::Text(service),
            SortKey::Text(a.message.clone()),
        ],
        tags: Tags {
            period: a.period.clone().unwrap_or_default(),
            // The field rides in `group` so an amendment can start from it.
            group: a.field.clone(),
            site: a.commissioner.clone().unwrap_or_default(),
            status: a.status.as_str().to_string(),
            severity: a.severity.clone(),
            ..Tags::default()
        },
    }
}

fn file_row(f: &crate::store::FileRecord) -> GridRow {
    let fate = f.outcome.as_str().to_string();
    let detail = f.reason.clone().unwrap_or_else(|| f.dest_path.clone());
    GridRow {
        id: f.id.to_string(),
        cells: vec![
            f.received_at
                .replace('T', " ")
                .trim_end_matches('Z')
                .to_string(),
            format::sanitise(&f.name),
            fate.clone(),
            format::sanitise(&detail),
        ],
        sort: vec![
            SortKey::Num(Some(f.id as f64)),
            SortKey::Text(f.name.clone()),
            SortKey::Text(fate.clone()),
            SortKey::Text(detail),
        ],
        tags: Tags {
            severity: if fate == "rejected" {
                "warning".into()
            } else {
                String::new()
            },
            ..Tags::default()
        },
    }
}
