//! Drawing the tab: the sessions, the selected session's agenda, the side list.

use crate::domain::date;
use crate::domain::session::{self as dsession, Session, SessionStatus};
use crate::i18n::Strings;
use crate::theme;
use crate::widgets::columns::{Col, cell, constraints, fit};
use crate::widgets::look::{header, highlight, pane_block};
use ratatui::Frame;
use ratatui::layout::Rect;
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
    let heads = [
        s.agenda.col_number,
        s.agenda.f_session_kind,
        s.agenda.col_date,
        s.agenda.col_time,
        s.agenda.col_place,
        s.agenda.col_status,
        s.agenda.col_items,
    ];
    let texts: Vec<[String; 7]> = st
        .sessions
        .iter()
        .map(|r| {
            let x = &r.session;
            [
                x.label(),
                s.agenda.session_kinds[x.kind.index()].to_string(),
                date::format(x.date),
                dsession::format_time(x.time),
                x.place.clone(),
                s.agenda.session_statuses[x.status.index()].to_string(),
                format!("{:>3}", r.item_count),
            ]
        })
        .collect();
    // Minimums keep the number, date and status readable; place and status share the rest.
    let mins = [7, 8, 10, 6, 6, 18, 4];
    let cols: Vec<Col> = (0..7)
        .map(|i| {
            let c = Col::fitting(
                mins[i],
                texts.iter().map(|t| t[i].as_str()).chain([heads[i]]),
            );
            if i == 4 || i == 5 { c.name() } else { c }
        })
        .collect();
    let w = fit(area.width.saturating_sub(2), &cols, 1);
    let rows = st.sessions.iter().zip(&texts).map(|(r, t)| {
        let mut cells: Vec<Cell> = (0..7).map(|i| Cell::from(cell(&t[i], w[i]))).collect();
        cells[5] = Cell::from(Span::styled(
            cell(&t[5], w[5]),
            status_style(r.session.status),
        ));
        Row::new(cells)
    });
    let table = Table::new(rows, constraints(&w))
        .header(header((0..7).map(|i| cell(heads[i], w[i]))))
        .block(pane_block(
            format!(" {} ", s.agenda.ag_sessions),
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
        frame.render_widget(
            Paragraph::new(s.agenda.ag_no_session).style(theme::muted()),
            inner,
        );
    }
}

/// The agenda of the selected session, its minutes against the session's length.
fn render_items(frame: &mut Frame, area: Rect, s: &Strings, st: &Agenda) {
    let focus = st.pane;
    let session = st.selected_session();
    let minutes: i64 = st.items.iter().map(|i| i.minutes).sum();
    // The status goes first when the title is too long: the sessions' table shows it too.
    let title = match session {
        Some(x) => crate::screens::title_of_parts(
            &[
                s.agenda.ag_agenda_of.fill([&x.label()]),
                s.agenda.ag_minutes_of.fill([&minutes, &x.duration_minutes]),
                s.agenda.session_statuses[x.status.index()].to_string(),
            ],
            area.width.saturating_sub(2) as usize,
        ),
        None => format!(" {} ", s.agenda.ag_agenda_of.fill([&"—"])),
    };
    let over = session.is_some_and(|x| minutes > x.duration_minutes);
    let heads = [
        "",
        s.agenda.col_title,
        s.agenda.f_item_kind,
        s.agenda.col_speaker,
        s.agenda.col_minutes,
    ];
    let texts: Vec<[String; 5]> = st
        .items
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let speaker = if i.speaker_name.is_empty() {
                st.member_name(i.speaker_member_id).to_string()
            } else {
                i.speaker_name.clone()
            };
            let carried = if i.carried_from.is_some() { "↻ " } else { "" };
            [
                format!("{}.", n + 1),
                format!("{carried}{}", i.title),
                s.agenda.item_kinds[i.kind.index()].to_string(),
                speaker,
                format!("{:>3}", i.minutes),
            ]
        })
        .collect();
    let mins = [3, 12, 8, 8, 3];
    let cols: Vec<Col> = (0..5)
        .map(|i| {
            let c = Col::fitting(
                mins[i],
                texts.iter().map(|t| t[i].as_str()).chain([heads[i]]),
            );
            if i == 1 || i == 3 { c.name() } else { c }
        })
        .collect();
    let w = fit(area.width.saturating_sub(2), &cols, 1);
    let rows = texts
        .iter()
        .map(|t| Row::new((0..5).map(|i| Cell::from(cell(&t[i], w[i])))));
    // The title elided with "…" rather than cut by the corner.
    let title = cell(&title, area.width.saturating_sub(2));
    let mut block = pane_block(title, focus == Pane::Items);
    if over {
        block = block.title_bottom(Span::styled(
            format!(
                " {} ",
                s.agenda
                    .ag_minutes_of
                    .fill([&minutes, &session.map_or(0, |x| x.duration_minutes)])
            ),
            theme::alarm_bold(),
        ));
    }
    let table = Table::new(rows, constraints(&w))
        .header(header((0..5).map(|i| cell(heads[i], w[i]))))
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
            Paragraph::new(s.agenda.ag_not_editable).style(theme::muted()),
            inner,
        );
    }
}

/// Carry-over, then suggested hearings.
fn render_side(frame: &mut Frame, area: Rect, s: &Strings, st: &Agenda, ru: bool) {
    let focus = st.pane;
    let session = st.selected_session();
    // Every line whole or elided with "…" (two cells go to the mark before a name).
    let w = area.width.saturating_sub(2);
    let name_w = w.saturating_sub(2);
    let mut entries: Vec<ListItem> = Vec::new();
    for c in &st.carry {
        entries.push(ListItem::new(vec![
            Line::from(vec![
                Span::styled("↻ ", theme::accent()),
                Span::raw(cell(&c.item.title, name_w)),
            ]),
            Line::from(Span::styled(
                cell(
                    &format!(
                        "  {} · {}",
                        c.from_label,
                        s.agenda.outcomes[c.item.outcome.index()]
                    ),
                    w,
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
                Span::raw(cell(name, name_w)),
            ]),
            Line::from(Span::styled(
                cell(
                    &format!(
                        "  {}",
                        s.agenda.ag_suggestion.fill([&h.overdue_tasks, &h.max_days])
                    ),
                    w,
                ),
                theme::alarm(),
            )),
        ]));
    }
    let side_title = if st.carry.is_empty() {
        format!(" {} ", s.agenda.ag_suggested)
    } else {
        format!(
            " {} · {} ",
            s.agenda.ag_carry.fill([&st.carry[0].from_label]),
            s.agenda.ag_suggested
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
            Paragraph::new(s.agenda.ag_nothing_suggested).style(theme::muted()),
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
            ListItem::new(cell(&line, area.width.saturating_sub(2)))
        })
        .collect();
    let empty = entries.is_empty();
    let list = List::new(entries)
        .block(pane_block(
            format!(" {} ({}) ", s.agenda.ag_invited, st.invited.len()),
            focus == Pane::Invited,
        ))
        .highlight_style(highlight(focus == Pane::Invited));
    let mut state = ListState::default()
        .with_offset(st.invited_cursor.offset)
        .with_selected((!empty).then_some(st.invited_cursor.selected));
    frame.render_stateful_widget(list, area, &mut state);
}
