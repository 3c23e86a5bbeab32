//! Rendering: pure functions of the [`App`] state.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::app::{Activity, App};

const MIN_WIDTH: u16 = 40;
const MIN_HEIGHT: u16 = 8;

pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new("Please enlarge the window")
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(
        Line::from(vec![
            Span::styled(
                " jobtally ",
                Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            Span::raw(format!(" Services · {}", app.workspace)),
        ]),
        title,
    );
    if app.rows.is_empty() {
        draw_empty(frame, app, body);
    } else {
        draw_table(frame, app, body);
    }
    frame.render_widget(status_line(app), status);
}

fn draw_empty(frame: &mut Frame, app: &App, area: Rect) {
    let text = vec![
        Line::from(""),
        Line::from("No service returns yet.".bold()),
        Line::from(""),
        Line::from("Drop returns (xlsx or csv) into"),
        Line::from(app.inbox.clone().italic()),
        Line::from(""),
        Line::from(vec![
            Span::raw("or press "),
            Span::styled("d", Style::new().bold()),
            Span::raw(" to load demo returns."),
        ]),
    ];
    let p = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .block(Block::new().borders(Borders::ALL));
    frame.render_widget(p, area);
}

fn draw_table(frame: &mut Frame, app: &mut App, area: Rect) {
    let header = Row::new(
        [
            "Commissioner",
            "Service",
            "Period",
            "Group",
            "People",
            "Jobs",
            "Cost",
            "£/person",
            "Rate",
            "£/job",
        ]
        .map(|h| Cell::from(h).bold()),
    );
    let right = |s: &str| Cell::from(Line::from(s.to_string()).alignment(Alignment::Right));
    let rows = app.rows.iter().map(|r| {
        Row::new(vec![
            Cell::from(r.commissioner.clone()),
            Cell::from(r.service_name.clone()),
            Cell::from(r.period.clone()),
            Cell::from(r.group.clone()),
            right(&r.people),
            right(&r.outcomes),
            right(&r.total_cost),
            right(&r.cost_per_person),
            right(&r.outcome_rate),
            right(&r.cost_per_outcome),
        ])
    });
    let widths = [
        Constraint::Fill(3),
        Constraint::Fill(4),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(10),
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Length(8),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(Style::new().add_modifier(Modifier::REVERSED))
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(format!(" {} services ", app.rows.len())),
        );
    frame.render_stateful_widget(table, area, &mut app.table);
}

fn status_line(app: &App) -> Line<'static> {
    let state = match &app.activity {
        Activity::Idle => match (&app.note, &app.last_run) {
            (Some(note), _) => note.clone(),
            (None, Some(run)) => run.clone(),
            (None, None) => "no run yet".into(),
        },
        Activity::Working(what) => format!("working: {what}…"),
        Activity::Failed(why) => format!("failed: {why}"),
    };
    let keys = " q quit · ↑↓ scroll · r refresh · d demo";
    let style = match app.activity {
        Activity::Failed(_) => Style::new().add_modifier(Modifier::BOLD),
        _ => Style::new(),
    };
    Line::from(vec![
        Span::styled(format!(" {state} "), style),
        Span::raw("·"),
        Span::raw(keys),
    ])
}
