//! Drawing the tab: the sessions, the selected session's agenda, the side list.

use crate::domain::date;
use crate::domain::session::{self as dsession, Session, SessionStatus};
use crate::i18n::{Strings, fill};
use crate::theme;
use crate::widgets::look::{header, highlight, pane_block};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState};

use super::{Agenda, Pane, areas};

fn status_style(st: SessionStatus) -> Style {
    match st {
        SessionStatus::Planned => theme::warn(),
        SessionStatus::AgendaApproved => theme::good(),
        SessionStatus::Held => theme::accent(),
        SessionStatus::ProtocolSigned => theme::quiet(),
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Agenda, ru: bool) {
    let ar = areas(body);
    render_sessions(frame, ar.sessions, s, st);
    render_items(frame, ar.items, s, st);
    render_side(frame, ar.side, s, st, ru);
    render_invited(frame, ar.invited, s, st);
}

fn render_sessions(frame: &mut Frame, area: Rect, s: &Strings, st: &Agenda) {
    let focus = st.pane;
    let rows = st.sessions.iter().map(|r| {
        let x = &r.session;
        Row::new(vec![
            Cell::from(x.label()),
            Cell::from(s.session_kinds[x.kind.index()]),
            Cell::from(date::format(x.date)),
            Cell::from(dsession::format_time(x.time)),
            Cell::from(x.place.clone()),
            Cell::from(Span::styled(
                s.session_statuses[x.status.index()],
                status_style(x.status),
            )),
            Cell::from(format!("{:>3}", r.item_count)),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Length(6),
            Constraint::Fill(3),
            Constraint::Fill(3),
            Constraint::Length(5),
        ],
    )
    .header(header([
        s.col_number,
        s.f_session_kind,
        s.col_date,
        s.col_time,
        s.col_place,
        s.col_status,
        s.col_items,
    ]))
    .block(pane_block(
        format!(" {} ", s.ag_sessions),
        focus == Pane::Sessions,
    ))
    .row_highlight_style(highlight(focus == Pane::Sessions));
    let mut state = TableState::default()
        .with_offset(st.session_cursor.offset)
        .with_selected((!st.sessions.is_empty()).then_some(st.session_cursor.selected));
    frame.render_stateful_widget(table, area, &mut state);
    if st.sessions.is_empty() && area.height > 3 {
        let inner = Rect {
            x: area.x + 1,
            y: area.y + 2,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(Paragraph::new(s.ag_no_session).style(theme::muted()), inner);
    }
}

/// The agenda of the selected session, its minutes against the session's length.
fn render_items(frame: &mut Frame, area: Rect, s: &Strings, st: &Agenda) {
    let focus = st.pane;
    let session = st.selected_session();
    let minutes: i64 = st.items.iter().map(|i| i.minutes).sum();
    let title = match session {
        Some(x) => format!(
            " {} · {} · {} ",
            fill(s.ag_agenda_of, &[&x.label()]),
            fill(s.ag_minutes_of, &[&minutes, &x.duration_minutes]),
            s.session_statuses[x.status.index()]
        ),
        None => format!(" {} ", fill(s.ag_agenda_of, &[&"—"])),
    };
    let over = session.is_some_and(|x| minutes > x.duration_minutes);
    let rows = st.items.iter().enumerate().map(|(n, i)| {
        let speaker = if i.speaker_name.is_empty() {
            st.member_name(i.speaker_member_id).to_string()
        } else {
            i.speaker_name.clone()
        };
        let carried = if i.carried_from.is_some() { "↻ " } else { "" };
        Row::new(vec![
            Cell::from(format!("{}.", n + 1)),
            Cell::from(format!("{carried}{}", i.title)),
            Cell::from(s.item_kinds[i.kind.index()]),
            Cell::from(speaker),
            Cell::from(format!("{:>3}", i.minutes)),
        ])
    });
    let mut block = pane_block(title, focus == Pane::Items);
    if over {
        block = block.title_bottom(Span::styled(
            format!(
                " {} ",
                fill(
                    s.ag_minutes_of,
                    &[&minutes, &session.map_or(0, |x| x.duration_minutes)]
                )
            ),
            theme::alarm_bold(),
        ));
    }
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(5),
            Constraint::Fill(2),
            Constraint::Fill(2),
            Constraint::Length(4),
        ],
    )
    .header(header([
        "",
        s.col_title,
        s.f_item_kind,
        s.col_speaker,
        s.col_minutes,
    ]))
    .block(block)
    .row_highlight_style(highlight(focus == Pane::Items));
    let mut state = TableState::default()
        .with_offset(st.item_cursor.offset)
        .with_selected((!st.items.is_empty()).then_some(st.item_cursor.selected));
    frame.render_stateful_widget(table, area, &mut state);
    if let Some(x) = session
        && !x.agenda_editable()
        && area.height > 3
        && st.items.is_empty()
    {
        let inner = Rect {
            x: area.x + 1,
            y: area.y + 2,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(s.ag_not_editable).style(theme::muted()),
            inner,
        );
    }
}

/// Carry-over, then suggested hearings.
fn render_side(frame: &mut Frame, area: Rect, s: &Strings, st: &Agenda, ru: bool) {
    let focus = st.pane;
    let session = st.selected_session();
    let mut entries: Vec<ListItem> = Vec::new();
    for c in &st.carry {
        entries.push(ListItem::new(vec![
            Line::from(vec![
                Span::styled("↻ ", theme::accent()),
                Span::raw(c.item.title.clone()),
            ]),
            Line::from(Span::styled(
                format!(
                    "  {} · {}",
                    c.from_label,
                    s.outcomes[c.item.outcome.index()]
                ),
                theme::accent(),
            )),
        ]));
    }
    for h in &st.suggestions {
        let name = if ru && !h.name_ru.is_empty() {
            &h.name_ru
        } else {
            &h.name_ky
        };
        entries.push(ListItem::new(vec![
            Line::from(vec![
                Span::styled("⚠ ", theme::alarm()),
                Span::raw(name.clone()),
            ]),
            Line::from(Span::styled(
                format!(
                    "  {}",
                    fill(s.ag_suggestion, &[&h.overdue_tasks, &h.max_days])
                ),
                theme::alarm(),
            )),
        ]));
    }
    let side_title = if st.carry.is_empty() {
        format!(" {} ", s.ag_suggested)
    } else {
        format!(
            " {} · {} ",
            fill(s.ag_carry, &[&st.carry[0].from_label]),
            s.ag_suggested
        )
    };
    let empty_side = entries.is_empty();
    let list = List::new(entries)
        .block(pane_block(side_title, focus == Pane::Side))
        .highlight_style(highlight(focus == Pane::Side));
    let mut state = ListState::default()
        .with_offset(st.side_cursor.offset)
        .with_selected((!empty_side).then_some(st.side_cursor.selected));
    frame.render_stateful_widget(list, area, &mut state);
    if empty_side && area.height > 2 && session.is_some_and(Session::agenda_editable) {
        let inner = Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(s.ag_nothing_suggested).style(theme::muted()),
            inner,
        );
    }
}

fn render_invited(frame: &mut Frame, area: Rect, s: &Strings, st: &Agenda) {
    let focus = st.pane;
    let entries: Vec<ListItem> = st
        .invited
        .iter()
        .map(|p| {
            let mut line = p.full_name.clone();
            if !p.position.is_empty() {
                line = format!("{line}, {}", p.position);
            }
            ListItem::new(line)
        })
        .collect();
    let empty = entries.is_empty();
    let list = List::new(entries)
        .block(pane_block(
            format!(" {} ({}) ", s.ag_invited, st.invited.len()),
            focus == Pane::Invited,
        ))
        .highlight_style(highlight(focus == Pane::Invited));
    let mut state = ListState::default()
        .with_offset(st.invited_cursor.offset)
        .with_selected((!empty).then_some(st.invited_cursor.selected));
    frame.render_stateful_widget(list, area, &mut state);
}
