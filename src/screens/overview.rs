//! What a tab not built yet shows: what it will hold, and what the database has for it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::i18n::Strings;
use crate::store::Store;

/// Record counts shown on the tabs not built yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub sessions: i64,
    pub agenda_items: i64,
    pub protocols: i64,
    pub decisions: i64,
    pub tasks: i64,
    pub overdue: i64,
    pub escalations: i64,
    pub measures: i64,
    pub reports: i64,
    pub organizations: i64,
}

impl Counts {
    pub fn load(store: &Store, today: chrono::NaiveDate) -> crate::store::Result<Counts> {
        Ok(Counts {
            sessions: store.count("session")?,
            agenda_items: store.count("agenda_item")?,
            protocols: store.count("protocol")?,
            decisions: store.count("decision")?,
            tasks: store.count("task")?,
            overdue: store.count_overdue(today)?,
            escalations: store.count("escalation")?,
            measures: store.count("plan_measure")?,
            reports: store.count("report")?,
            organizations: store.count("organization")?,
        })
    }
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    s: &Strings,
    tab: usize,
    counts: &[(i64, &'static str)],
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", s.tabs[tab]));
    let mut lines = vec![
        Line::from(s.tab_purpose[tab]),
        Line::from(""),
        Line::from(Span::styled(
            s.not_built,
            Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::ITALIC),
        )),
        Line::from(""),
        Line::from(Span::styled(
            format!("{}:", s.in_database),
            Style::default().add_modifier(Modifier::BOLD),
        )),
    ];
    for (n, what) in counts {
        lines.push(Line::from(format!("  {n:>7}  {what}")));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
