//! Colours, used sparingly and always with a second cue (bold, a marker,
//! a word), so screens read on dark and light terminals and with
//! `NO_COLOR` set (https://no-color.org), when no colour is used at all.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow)
    }
    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn severity(&self, s: &str) -> Style {
        match s {
            "error" => self.error(),
            "warning" => self.warning(),
            _ => self.dim(),
        }
    }
    /// The segments of a per-100 bar: new, retained, self-employed, none.
    pub fn segment(&self, i: usize) -> Style {
        if !self.color {
            return Style::new();
        }
        match i {
            0 => Style::new().fg(Color::Black).bg(Color::Green),
            1 => Style::new().fg(Color::Black).bg(Color::Cyan),
            2 => Style::new().fg(Color::Black).bg(Color::Yellow),
            _ => Style::new().add_modifier(Modifier::DIM),
        }
    }
}
