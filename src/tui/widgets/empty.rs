//! What an empty workspace shows: where to drop returns, or the demo.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::app::App;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let text = vec![
        Line::from(""),
        Line::from(Span::styled(
            "No service returns yet.",
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(""),
        Line::from("Drop returns (xlsx or csv) into"),
        Line::from(Span::styled(
            app.inbox.clone(),
            Style::new().add_modifier(Modifier::ITALIC),
        )),
        Line::from(""),
        Line::from("or press d to load demo returns."),
    ];
    let p = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .block(Block::bordered());
    frame.render_widget(p, area);
}
