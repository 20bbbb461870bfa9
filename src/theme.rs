//! The one place colours are chosen: every screen asks for a style by what it means
//! (an alarm, a muted line, the selected row), so the look can change in one file.

use ratatui::style::{Color, Modifier, Style};

/// Overdue, at risk, refused: what needs action.
pub fn alarm() -> Style {
    Style::default().fg(Color::Red)
}

pub fn alarm_bold() -> Style {
    alarm().add_modifier(Modifier::BOLD)
}

/// Soon due, late, waiting for a decision.
pub fn warn() -> Style {
    Style::default().fg(Color::Yellow)
}

/// Done on time, approved.
pub fn good() -> Style {
    Style::default().fg(Color::Green)
}

/// Headings, kinds, the focused pane.
pub fn accent() -> Style {
    Style::default().fg(Color::Cyan)
}

pub fn accent_bold() -> Style {
    accent().add_modifier(Modifier::BOLD)
}

/// A request waiting for someone else (an extension asked for).
pub fn pending() -> Style {
    Style::default().fg(Color::Magenta)
}

/// Empty lists, hints, closed and inactive records.
pub fn muted() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// A pane without focus.
pub fn quiet() -> Style {
    Style::default().fg(Color::Gray)
}

/// A key in a hint ("F1", "a/ф").
pub fn key() -> Style {
    warn().add_modifier(Modifier::BOLD)
}

/// The selected row of the focused list.
pub fn selected() -> Style {
    Style::default().bg(Color::Blue).fg(Color::White)
}

/// A bar across a pane (a filter being typed).
pub fn bar() -> Style {
    Style::default().bg(Color::DarkGray).fg(Color::White)
}

/// The chosen one of several (the current tab, a chosen completion).
pub fn chosen() -> Style {
    Style::default().fg(Color::Black).bg(Color::Cyan)
}

/// The title bar across the top.
pub fn title_bar() -> Style {
    Style::default().bg(Color::Indexed(236))
}

/// A badge on the title bar: DEMO.
pub fn demo_badge() -> Style {
    Style::default()
        .bg(Color::Yellow)
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD)
}

/// A badge that warns: read-only access, a failed backup.
pub fn alarm_badge() -> Style {
    Style::default()
        .bg(Color::Red)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}

/// The status line's message.
pub fn message(error: bool) -> Style {
    if error {
        alarm_badge()
    } else {
        Style::default().fg(Color::Black).bg(Color::Green)
    }
}

/// The border between tab labels and other separators.
pub fn separator() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// A text field being typed in (the protocol editor).
pub fn editing() -> Style {
    Style::default().bg(Color::Indexed(236)).fg(Color::White)
}

/// The cursor in a field being typed in.
pub fn cursor() -> Style {
    Style::default().bg(Color::Yellow).fg(Color::Black)
}
