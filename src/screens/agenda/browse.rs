//! Loading the sessions and their agendas, and moving about them by key and mouse.

use crate::domain::session::{Session, SessionKind, SessionStatus};
use crate::screens::component::Ctx;
use crate::widgets::list::Cursor;
use chrono::Datelike;

use super::{Agenda, Areas, Pane, areas, rows_in, side_rows};

/// What the worker read: every organization with overdue tasks as of a day, and the
/// stamp of the app's store when it was asked (so the store keeps it while nothing changed).
pub(crate) struct Overdue {
    stamp: crate::store::Stamp,
    today: chrono::NaiveDate,
    list: crate::store::Result<Vec<crate::store::Suggestion>>,
}

impl Agenda {
    pub(crate) fn agenda_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body)
    }

    pub(crate) fn refresh_agenda(&mut self, cx: &mut Ctx) {
        let h = rows_in(self.agenda_areas(cx).sessions);
        let selected = self.selected_session().map(|s| s.id);
        match cx.store.sessions(cx.today, None) {
            Ok(rows) => self.sessions = rows,
            Err(e) => return cx.store_error(e),
        }
        let a = &mut *self;
        if let Some(i) = selected.and_then(|id| a.sessions.iter().position(|r| r.session.id == id))
        {
            a.session_cursor.selected = i;
        }
        a.session_cursor.clamp(a.sessions.len(), h);
        self.load_session_details(cx);
    }

    /// Reload the agenda, side lists and invited of the selected session.
    pub(super) fn load_session_details(&mut self, cx: &mut Ctx) {
        let areas = self.agenda_areas(cx);
        let id = self.selected_session().map(|s| s.id);
        let editable = self
            .selected_session()
            .is_some_and(Session::agenda_editable);
        let result = (|| -> crate::store::Result<()> {
            let a = &mut *self;
            a.members = cx
                .store
                .all_members()?
                .into_iter()
                .map(|m| (m.id, m.full_name))
                .collect();
            match id {
                Some(id) => {
                    a.items = cx.store.agenda(id)?;
                    a.invited = cx.store.invited(id)?;
                    if editable {
                        a.carry = cx.store.carry_over_candidates(id)?;
                        a.read_overdue(cx)?;
                        a.suggestions = cx.store.not_heard(id, a.overdue.clone())?;
                    } else {
                        a.carry.clear();
                        a.suggestions.clear();
                    }
                }
                None => {
                    a.items.clear();
                    a.invited.clear();
                    a.carry.clear();
                    a.suggestions.clear();
                }
            }
            Ok(())
        })();
        if let Err(e) = result {
            cx.store_error(e);
        }
        let a = &mut *self;
        a.item_cursor.clamp(a.items.len(), rows_in(areas.items));
        let side = a.side_len();
        a.side_cursor.clamp(side, side_rows(areas.side));
        a.invited_cursor
            .clamp(a.invited.len(), rows_in(areas.invited) + 1);
    }

    /// The organizations with overdue tasks: kept by the store while nothing changed, else
    /// read by the worker (a count of every overdue task, ~0.1 s at 1M tasks); until it
    /// comes the list last read stays, less the ones heard (issue 17).
    fn read_overdue(&mut self, cx: &mut Ctx) -> crate::store::Result<()> {
        if let Some(list) = cx.store.overdue_if_kept(cx.today)? {
            self.overdue = list;
            return Ok(());
        }
        let (stamp, today) = (cx.store.stamp()?, cx.today);
        cx.compute(move |store| Overdue {
            stamp,
            today,
            list: store.overdue_organizations(today),
        });
        Ok(())
    }

    /// The worker's list: kept by the store, and the selected session's suggestions from it.
    pub(super) fn take_overdue(&mut self, got: Overdue, cx: &mut Ctx) {
        let list = match got.list {
            Ok(list) => list,
            Err(e) => return cx.store_error(e),
        };
        cx.store.keep_overdue(got.stamp, got.today, list.clone());
        self.overdue = list;
        let session = self
            .selected_session()
            .filter(|s| s.agenda_editable())
            .map(|s| s.id);
        let Some(id) = session else {
            return;
        };
        match cx.store.not_heard(id, self.overdue.clone()) {
            Ok(list) => self.suggestions = list,
            Err(e) => return cx.store_error(e),
        }
        let side = self.side_len();
        let rows = side_rows(self.agenda_areas(cx).side);
        self.side_cursor.clamp(side, rows);
    }

    pub(crate) fn resize_agenda(&mut self, cx: &mut Ctx) {
        let ar = self.agenda_areas(cx);
        let a = &mut *self;
        a.session_cursor
            .clamp(a.sessions.len(), rows_in(ar.sessions));
        a.item_cursor.clamp(a.items.len(), rows_in(ar.items));
    }

    pub(super) fn move_agenda_cursor(&mut self, cx: &mut Ctx, delta: isize) {
        let ar = self.agenda_areas(cx);
        let a = &mut *self;
        match a.pane {
            Pane::Sessions => {
                let before = a.session_cursor.selected;
                a.session_cursor
                    .move_by(delta, a.sessions.len(), rows_in(ar.sessions));
                if a.session_cursor.selected != before {
                    a.item_cursor = Cursor::default();
                    a.side_cursor = Cursor::default();
                    a.invited_cursor = Cursor::default();
                    self.load_session_details(cx);
                }
            }
            Pane::Items => a
                .item_cursor
                .move_by(delta, a.items.len(), rows_in(ar.items)),
            Pane::Side => {
                let n = a.side_len();
                a.side_cursor.move_by(delta, n, side_rows(ar.side))
            }
            Pane::Invited => {
                a.invited_cursor
                    .move_by(delta, a.invited.len(), rows_in(ar.invited) + 1)
            }
        }
    }

    pub(crate) fn click_agenda(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let ar = self.agenda_areas(cx);
        for (pane, area) in [
            (Pane::Sessions, ar.sessions),
            (Pane::Items, ar.items),
            (Pane::Side, ar.side),
            (Pane::Invited, ar.invited),
        ] {
            if column < area.x || column >= area.right() || row < area.y || row >= area.bottom() {
                continue;
            }
            self.pane = pane;
            // Tables have a header row; the side and invited lists do not.
            let header = matches!(pane, Pane::Sessions | Pane::Items);
            let first = area.y + if header { 2 } else { 1 };
            if row < first || row + 1 >= area.bottom() {
                return;
            }
            let a = &*self;
            let (offset, selected) = match pane {
                Pane::Sessions => (a.session_cursor.offset, a.session_cursor.selected),
                Pane::Items => (a.item_cursor.offset, a.item_cursor.selected),
                Pane::Side => (a.side_cursor.offset, a.side_cursor.selected),
                Pane::Invited => (a.invited_cursor.offset, a.invited_cursor.selected),
            };
            // Side entries take two lines each.
            let per = if pane == Pane::Side { 2 } else { 1 };
            let target = offset + (row - first) as usize / per;
            self.move_agenda_cursor(cx, target as isize - selected as isize);
        }
    }

    /// Defaults for a new session: regular, at the last session's time and place.
    pub(super) fn session_defaults(&self, cx: &Ctx) -> Session {
        let last = self
            .sessions
            .iter()
            .map(|r| &r.session)
            .max_by_key(|s| s.date);
        Session {
            id: 0,
            year: cx.today.year(),
            number: 0,
            kind: SessionKind::Regular,
            reason: String::new(),
            date: cx.today,
            time: last.map_or(
                chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
                |s| s.time,
            ),
            place: last.map(|s| s.place.clone()).unwrap_or_default(),
            duration_minutes: last.map_or(120, |s| s.duration_minutes),
            status: SessionStatus::Planned,
            version: 0,
        }
    }

    pub(super) fn measure_choices(&self, cx: &Ctx) -> Vec<(i64, String)> {
        cx.store.measure_choices().unwrap_or_default()
    }
}
