//! The look shared by every screen: bordered panes, the selected row, table headers.

use crate::theme;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Row};

/// A bordered pane; the focused one is cyan and bold.
pub fn pane_block<'a>(title: String, focused: bool) -> Block<'a> {
    let style = if focused {
        theme::accent_bold()
    } else {
        theme::quiet()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(title, style))
}

/// The selected row: solid in the focused pane, reversed in the others.
pub fn highlight(focused: bool) -> Style {
    if focused {
        theme::selected()
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

/// A table's header row, bold and underlined.
pub fn header<'a, S: Into<Cell<'a>>>(cols: impl IntoIterator<Item = S>) -> Row<'a> {
    Row::new(cols.into_iter().map(Into::into))
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
}

/// `s` in at most `w` terminal cells, its end replaced by "…" when cut (never a bare cut word).
pub fn elide(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = crate::widgets::form::truncate_to(s, w - 1);
    out.push('…');
    out
}
