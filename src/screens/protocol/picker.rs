//! The list of sessions held and their protocols: choosing one to open.

use crate::theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::action::Action;
use crate::domain::date;
use crate::domain::session::SessionStatus;
use crate::i18n::Strings;
use crate::screens::component::Ctx;

use super::Protocol;

impl Protocol {
    pub(super) fn picker_rows(&self, cx: &Ctx) -> usize {
        cx.body.height.saturating_sub(4) as usize
    }

    pub(super) fn resize_protocol(&mut self, cx: &mut Ctx) {
        let h = self.picker_rows(cx);
        self.picker.clamp(self.rows.len(), h);
    }

    /// Open the protocol of the picker's selected row (made from the agenda the first time).
    fn open_selected(&mut self, cx: &mut Ctx) {
        let ps = cx.strings().protocol;
        let Some(row) = self.rows.get(self.picker.selected).cloned() else {
            return cx.error(cx.strings().err_nothing_selected);
        };
        let id = match row.protocol {
            Some(p) => p.id,
            None if row.session.date > cx.today => return cx.error(ps.err_not_held),
            None => match cx.store.open_protocol(row.session.id) {
                Ok(id) => id,
                Err(e) => return cx.store_error(e),
            },
        };
        self.open_protocol_id(cx, id);
    }

    /// Open (making it when needed) the protocol of a session in the editor, as Enter in the
    /// list does. False, with the reason in the status line, when it cannot be.
    pub fn open_session_protocol(&mut self, cx: &mut Ctx, session_id: i64) -> bool {
        if let Some(i) = self.rows.iter().position(|r| r.session.id == session_id) {
            self.picker.selected = i;
        }
        let id = match cx.store.protocol_of_session(session_id) {
            Ok(Some(id)) => id,
            Ok(None) => match cx.store.open_protocol(session_id) {
                Ok(id) => id,
                Err(e) => {
                    cx.store_error(e);
                    return false;
                }
            },
            Err(e) => {
                cx.store_error(e);
                return false;
            }
        };
        self.open_protocol_id(cx, id);
        self.doc.is_some()
    }

    pub(super) fn update_picker(&mut self, cx: &mut Ctx, action: Action) {
        let h = self.picker_rows(cx);
        let page = h.max(1) as isize;
        let n = self.rows.len();
        match action {
            Action::Up | Action::ScrollUp => self.picker.move_by(-1, n, h),
            Action::Down | Action::ScrollDown => self.picker.move_by(1, n, h),
            Action::PageUp => self.picker.move_by(-page, n, h),
            Action::PageDown => self.picker.move_by(page, n, h),
            Action::First => self.picker.move_by(isize::MIN / 2, n, h),
            Action::Last => self.picker.move_by(isize::MAX / 2, n, h),
            Action::OpenProtocol => self.open_selected(cx),
            _ => {}
        }
    }

    /// A click on a row selects it; a click on the selected row opens its protocol.
    pub(super) fn click_picker(&mut self, cx: &mut Ctx, row: u16) {
        let body = cx.body;
        let h = self.picker_rows(cx);
        let before = self.picker.selected;
        self.picker
            .click(row, picker_area(body), self.rows.len(), h);
        if self.picker.selected == before && row >= body.y + 2 {
            self.open_selected(cx);
        }
    }
}

fn picker_area(body: Rect) -> Rect {
    body
}

pub(super) fn render_picker(frame: &mut Frame, body: Rect, s: &Strings, st: &Protocol) {
    let ps = s.protocol;
    // The last two columns share what the fixed ones leave (borders, 36 cells, 4 gaps).
    let proto_w = (body.width.saturating_sub(2 + 36 + 4) / 2) as usize;
    let rows = st.rows.iter().map(|r| {
        let x = &r.session;
        let (proto, style) = match &r.protocol {
            None => (ps.not_started.to_string(), theme::muted()),
            Some(p) => {
                let mut t = match p.label() {
                    Some(l) => ps.signed_no.fill([&l]),
                    None => ps.draft.to_string(),
                };
                if let Some(a) = &p.amends_label {
                    t = format!("{t} · {}", ps.amends.fill([a]));
                }
                let out = st
                    .undelivered
                    .iter()
                    .find(|u| u.0 == p.id)
                    .map_or(0, |u| u.1);
                if out > 0 {
                    t = format!("{t} · {}", ps.undelivered.fill([&out]));
                }
                let style = if out > 0 {
                    theme::warn()
                } else if p.is_signed() {
                    theme::good()
                } else {
                    theme::warn()
                };
                (t, style)
            }
        };
        let status_ix = SessionStatus::ALL
            .iter()
            .position(|k| *k == x.status)
            .unwrap_or(0);
        Row::new(vec![
            Cell::from(x.label()),
            Cell::from(s.agenda.session_kinds[x.kind.index()]),
            Cell::from(date::format(x.date)),
            Cell::from(crate::widgets::form::elide(
                s.agenda.session_statuses[status_ix],
                proto_w,
            )),
            Cell::from(Span::styled(
                crate::widgets::form::elide(&proto, proto_w),
                style,
            )),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(8),
            Constraint::Length(18),
            Constraint::Length(10),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ],
    )
    .header(
        Row::new(vec![
            Cell::from(s.agenda.col_number),
            Cell::from(s.agenda.f_session_kind),
            Cell::from(s.agenda.col_date),
            Cell::from(s.agenda.col_status),
            Cell::from(ps.col_protocol),
        ])
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
    )
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme::accent())
            .title(format!(" {} ", ps.picker_title))
            .title_bottom(format!(" {} ", ps.picker_hint)),
    )
    .row_highlight_style(theme::selected());
    let mut state = TableState::default()
        .with_offset(st.picker.offset)
        .with_selected((!st.rows.is_empty()).then_some(st.picker.selected));
    frame.render_stateful_widget(table, picker_area(body), &mut state);
    if st.rows.is_empty() && body.height > 3 {
        let r = Rect {
            x: body.x + 1,
            y: body.y + 2,
            width: body.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(Paragraph::new(ps.no_sessions).style(theme::muted()), r);
    }
}
