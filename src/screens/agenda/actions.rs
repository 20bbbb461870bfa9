//! What the keys do: adding, editing, deleting, carry-over and hearings, saving forms,
//! and carrying out what a question confirmed.

use crate::action::Action;
use crate::app::{self, FormTarget};
use crate::domain::date;
use crate::domain::session::{
    self as dsession, AgendaItem, AgendaItemKind, InvitedPerson, Session, SessionStatus, SkipReason,
};
use crate::i18n::Lang;
use crate::screens::component::Ctx;
use crate::store::Refusal;
use crate::store::{StoreError, Suggestion};
use crate::widgets::form::{Field, Form, paper};
use chrono::Datelike;
use ratatui::layout::Rect;

use super::forms::{
    Pending, Target, invited_form, item_form, plan_form, session_form, validate_invited,
    validate_item, validate_plan, validate_session, write_form,
};
use super::{Agenda, Pane, SideEntry, rows_in};

impl Agenda {
    /// May the selected session's agenda change now? Asks first when it is approved.
    fn agenda_may_change(&mut self, cx: &mut Ctx, action: Action) -> bool {
        let s = cx.strings();
        let Some(session) = self.selected_session().cloned() else {
            cx.error(s.agenda.ag_no_session);
            return false;
        };
        if !session.agenda_editable() {
            cx.error(s.agenda.err_session_held);
            return false;
        }
        if session.status == SessionStatus::AgendaApproved && self.unlocked != Some(session.id) {
            cx.ask(app::Pending::Agenda(Pending::Unlock {
                session_id: session.id,
                label: session.label(),
                action,
            }));
            return false;
        }
        true
    }

    pub(crate) fn update_agenda(&mut self, cx: &mut Ctx, action: Action) {
        let ar = self.agenda_areas(cx);
        let page = |area: Rect| rows_in(area).max(1) as isize;
        let pane_area = match self.pane {
            Pane::Sessions => ar.sessions,
            Pane::Items => ar.items,
            Pane::Side => ar.side,
            Pane::Invited => ar.invited,
        };
        match action {
            Action::FocusNext => self.pane = self.pane.step(true),
            Action::FocusPrev => self.pane = self.pane.step(false),
            Action::Up | Action::ScrollUp => self.move_agenda_cursor(cx, -1),
            Action::Down | Action::ScrollDown => self.move_agenda_cursor(cx, 1),
            Action::PageUp => self.move_agenda_cursor(cx, -page(pane_area)),
            Action::PageDown => self.move_agenda_cursor(cx, page(pane_area)),
            Action::First => self.move_agenda_cursor(cx, isize::MIN / 2),
            Action::Last => self.move_agenda_cursor(cx, isize::MAX / 2),
            Action::NewSession => {
                let d = self.session_defaults(cx);
                cx.open_form(session_form(None, &d).map(FormTarget::Agenda));
            }
            Action::PlanYear => {
                let year = if cx.today.month() >= 10 {
                    cx.today.year() + 1
                } else {
                    cx.today.year()
                };
                let d = self.session_defaults(cx);
                cx.open_form(plan_form(year, &d).map(FormTarget::Agenda));
            }
            Action::Edit => match self.pane {
                Pane::Sessions => match self.selected_session().cloned() {
                    Some(sess) => {
                        let d = self.session_defaults(cx);
                        cx.open_form(session_form(Some(&sess), &d).map(FormTarget::Agenda));
                    }
                    None => cx.error(cx.strings().agenda.ag_no_session),
                },
                Pane::Items => {
                    let Some(item) = self.selected_item().cloned() else {
                        return cx.error(cx.strings().err_nothing_selected);
                    };
                    if self.agenda_may_change(cx, action) {
                        let form = item_form(
                            &item,
                            self.members.clone(),
                            cx.org_choices(),
                            self.measure_choices(cx),
                        );
                        cx.open_form(form.map(FormTarget::Agenda));
                    }
                }
                Pane::Side => self.put_side_entry(cx, action),
                Pane::Invited => match self.invited.get(self.invited_cursor.selected) {
                    Some(p) => {
                        let form = invited_form(&p.clone(), cx.org_choices());
                        cx.open_form(form.map(FormTarget::Agenda));
                    }
                    None => cx.error(cx.strings().err_nothing_selected),
                },
            },
            Action::Hear => self.put_side_entry(cx, action),
            Action::WriteDocument => match self.selected_session().cloned() {
                Some(x) => {
                    let folder = cx.documents_dir;
                    let form = write_form(&x, cx.lang, folder);
                    cx.open_form(form.map(FormTarget::Agenda));
                }
                None => cx.error(cx.strings().agenda.ag_no_session),
            },
            Action::Add => {
                let Some(session) = self.selected_session().cloned() else {
                    return cx.error(cx.strings().agenda.ag_no_session);
                };
                if self.pane == Pane::Invited {
                    let p = InvitedPerson {
                        id: 0,
                        session_id: session.id,
                        full_name: String::new(),
                        position: String::new(),
                        organization_id: None,
                        version: 0,
                    };
                    let form = invited_form(&p, cx.org_choices());
                    cx.open_form(form.map(FormTarget::Agenda));
                } else if self.agenda_may_change(cx, action) {
                    let item = AgendaItem::new(session.id, "", AgendaItemKind::Report);
                    let form = item_form(
                        &item,
                        self.members.clone(),
                        cx.org_choices(),
                        self.measure_choices(cx),
                    );
                    cx.open_form(form.map(FormTarget::Agenda));
                }
            }
            Action::MoveUp | Action::MoveDown => {
                if self.pane != Pane::Items {
                    self.pane = Pane::Items;
                }
                let Some(item) = self.selected_item().cloned() else {
                    return cx.error(cx.strings().err_nothing_selected);
                };
                if !self.agenda_may_change(cx, action) {
                    return;
                }
                let up = action == Action::MoveUp;
                match cx.store.move_agenda_item(item.id, up) {
                    Ok(true) => {
                        self.load_session_details(cx);
                        if let Some(i) = self.items.iter().position(|x| x.id == item.id) {
                            self.item_cursor.selected = i;
                            let n = self.items.len();
                            self.item_cursor.clamp(n, rows_in(ar.items));
                        }
                    }
                    Ok(false) => {}
                    Err(e) => cx.store_error(e),
                }
            }
            Action::Delete => self.ask_agenda_delete(cx, action),
            Action::Approve => {
                let s = cx.strings();
                match self.selected_session().cloned() {
                    None => cx.error(s.agenda.ag_no_session),
                    Some(x) if x.status == SessionStatus::AgendaApproved => {
                        cx.info(s.agenda.msg_already_approved)
                    }
                    Some(x) if !x.agenda_editable() => cx.error(s.agenda.err_session_held),
                    Some(x) => cx.ask(app::Pending::Agenda(Pending::Approve {
                        id: x.id,
                        version: x.version,
                        label: x.label(),
                    })),
                }
            }
            _ => {}
        }
    }

    fn ask_agenda_delete(&mut self, cx: &mut Ctx, action: Action) {
        let s = cx.strings();
        let a = &*self;
        let pending = match a.pane {
            Pane::Sessions => a.selected_session().map(|x| Pending::DeleteSession {
                id: x.id,
                version: x.version,
                label: x.label(),
            }),
            Pane::Items => match a.selected_item().cloned() {
                Some(item) => {
                    if !self.agenda_may_change(cx, action) {
                        return;
                    }
                    Some(Pending::DeleteItem {
                        id: item.id,
                        version: item.version,
                        title: item.title,
                    })
                }
                None => None,
            },
            Pane::Invited => {
                a.invited
                    .get(a.invited_cursor.selected)
                    .map(|p| Pending::DeleteInvited {
                        id: p.id,
                        version: p.version,
                        name: p.full_name.clone(),
                    })
            }
            Pane::Side => None,
        };
        match pending {
            Some(p) => cx.ask(app::Pending::Agenda(p)),
            None => cx.error(s.err_nothing_selected),
        }
    }

    /// Put the selected side entry on the agenda: a carried-over item or a hearing.
    fn put_side_entry(&mut self, cx: &mut Ctx, action: Action) {
        let s = cx.strings();
        self.pane = Pane::Side;
        let Some(session) = self.selected_session().cloned() else {
            return cx.error(s.agenda.ag_no_session);
        };
        let i = self.side_cursor.selected;
        let entry = match self.side_entry(i) {
            Some(SideEntry::Carry(c)) => SideChoice::Carry(c.item.clone()),
            Some(SideEntry::Hear(h)) => SideChoice::Hear(h.clone()),
            None => return cx.error(s.err_nothing_selected),
        };
        if !self.agenda_may_change(cx, action) {
            return;
        }
        let ru = cx.lang == Lang::Ru;
        let result = match entry {
            SideChoice::Carry(item) => cx
                .store
                .carry_over(session.id, &item)
                .map(|_| s.agenda.msg_carried),
            SideChoice::Hear(h) => {
                let name = if ru && !h.name_ru.is_empty() {
                    &h.name_ru
                } else {
                    &h.name_ky
                };
                let title = s.agenda.hearing_title.fill([name]);
                cx.store
                    .add_hearing(session.id, &h, &title)
                    .map(|_| s.agenda.msg_hearing_added)
            }
        };
        self.refresh_agenda(cx);
        match result {
            Ok(msg) => cx.info(msg),
            Err(e) => cx.store_error(e),
        }
    }

    pub(super) fn save_agenda_form(
        &mut self,
        cx: &mut Ctx,
        target: Target,
        confirmed: bool,
        form: &mut Form<FormTarget>,
    ) {
        let s = cx.strings();
        let fields = &mut form.fields;
        match &target {
            Target::Session {
                id, loaded_date, ..
            } => {
                let Some(sess) = validate_session(fields, &target) else {
                    return cx.error(s.err_fix_fields);
                };
                let date_changed = *loaded_date != Some(sess.date);
                if sess.date < cx.today && date_changed && !confirmed {
                    cx.ask(app::Pending::Agenda(Pending::SavePastDate {
                        date: sess.date,
                    }));
                    return;
                }
                let result = if *id == 0 {
                    cx.store.create_session(&sess).map(|(id, _)| id)
                } else {
                    // An approved session's date, time or place: asked first, then logged.
                    let agreed = self.unlocked == Some(*id);
                    cx.store
                        .update_session_confirmed(&sess, agreed)
                        .map(|_| *id)
                };
                if let Err(StoreError::Refused(Refusal::AgendaApproved(label))) = &result {
                    cx.ask(app::Pending::Agenda(Pending::SaveApproved {
                        session_id: *id,
                        label: label.clone(),
                    }));
                    return;
                }
                match result {
                    Ok(saved) => {
                        cx.close_form();
                        self.pane = Pane::Sessions;
                        self.refresh_agenda(cx);
                        if let Some(i) = self.sessions.iter().position(|r| r.session.id == saved) {
                            self.session_cursor.selected = i;
                            self.refresh_agenda(cx);
                        }
                        cx.info(s.msg_saved);
                    }
                    Err(e) => cx.store_error(e),
                }
            }
            Target::Item { .. } => {
                let Some(item) = validate_item(fields, &target) else {
                    return cx.error(s.err_fix_fields);
                };
                match cx.store.save_agenda_item(&item) {
                    Ok(saved) => {
                        cx.close_form();
                        self.pane = Pane::Items;
                        self.load_session_details(cx);
                        if let Some(i) = self.items.iter().position(|x| x.id == saved) {
                            self.item_cursor.selected = i;
                        }
                        self.refresh_agenda(cx);
                        cx.info(s.msg_saved);
                    }
                    Err(e) => cx.store_error(e),
                }
            }
            Target::PlanYear => plan_year(cx, fields),
            Target::WriteDocument { session_id } => write_paper(cx, *session_id, fields),
            Target::Invited { .. } => {
                let Some(p) = validate_invited(fields, &target) else {
                    return cx.error(s.err_fix_fields);
                };
                match cx.store.save_invited(&p) {
                    Ok(_) => {
                        cx.close_form();
                        self.pane = Pane::Invited;
                        self.refresh_agenda(cx);
                        cx.info(s.msg_saved);
                    }
                    Err(e) => cx.store_error(e),
                }
            }
        }
    }

    pub(super) fn carry_out_agenda(
        &mut self,
        cx: &mut Ctx,
        pending: Pending,
        form: Option<&mut Form<FormTarget>>,
    ) {
        let s = cx.strings();
        let result = match pending {
            Pending::DeleteSession { id, version, .. } => {
                cx.store.delete_session(id, version).map(|_| s.msg_deleted)
            }
            Pending::DeleteItem { id, version, .. } => cx
                .store
                .delete_agenda_item(id, version)
                .map(|_| s.msg_deleted),
            Pending::DeleteInvited { id, version, .. } => {
                cx.store.delete_invited(id, version).map(|_| s.msg_deleted)
            }
            Pending::Approve { id, version, .. } => cx
                .store
                .set_session_status(id, version, SessionStatus::AgendaApproved)
                .map(|_| s.agenda.msg_approved),
            Pending::SavePastDate { .. } => {
                if let Some(form) = form
                    && let FormTarget::Agenda(t) = form.target.clone()
                {
                    self.save_agenda_form(cx, t, true, form);
                }
                return;
            }
            Pending::SaveApproved { session_id, .. } => {
                self.unlocked = Some(session_id);
                if let Some(form) = form
                    && let FormTarget::Agenda(t) = form.target.clone()
                {
                    self.save_agenda_form(cx, t, true, form);
                }
                return;
            }
            Pending::Unlock {
                session_id, action, ..
            } => {
                self.unlocked = Some(session_id);
                self.update_agenda(cx, action);
                return;
            }
            Pending::CreatePlanned { sessions, .. } => {
                let n = sessions.len();
                cx.store.create_sessions(&sessions).map(|_| {
                    cx.info(&s.agenda.msg_planned.fill([&n]));
                    ""
                })
            }
        };
        self.refresh_agenda(cx);
        match result {
            Ok("") => {}
            Ok(msg) => cx.info(msg),
            Err(e) => cx.store_error(e),
        }
    }
}

enum SideChoice {
    Carry(AgendaItem),
    Hear(Suggestion),
}

/// The year's plan form saved: ask before creating the sessions, showing which dates are skipped.
fn plan_year(cx: &mut Ctx, fields: &mut [Field]) {
    let s = cx.strings();
    let Some(req) = validate_plan(fields) else {
        return cx.error(s.err_fix_fields);
    };
    let existing = match cx.store.session_dates(req.year) {
        Ok(v) => v,
        Err(e) => return cx.store_error(e),
    };
    let plan = dsession::plan_year(req.year, req.rule, &existing);
    let mut lines = Vec::new();
    let mut sessions = Vec::new();
    for p in &plan {
        let when = format!(
            "{} {}",
            date::format(p.date),
            dsession::format_time(req.template.time)
        );
        match p.skip {
            None => {
                // A rule date on a public holiday was moved: the plan says from which.
                let moved = p.holiday.map_or(String::new(), |h| {
                    let r = crate::i18n::rules::strings(cx.lang);
                    format!(" ({})", r.plan_moved_from_holiday.fill([&date::format(h)]))
                });
                lines.push(format!("  + {when}{moved}"));
                sessions.push(Session {
                    date: p.date,
                    ..req.template.clone()
                });
            }
            Some(SkipReason::DateTaken) => {
                lines.push(format!("  − {when}: {}", s.agenda.plan_skip_date))
            }
            Some(SkipReason::MonthHasRegular) => {
                lines.push(format!("  − {when}: {}", s.agenda.plan_skip_month))
            }
        }
    }
    if sessions.is_empty() {
        return cx.info(s.agenda.msg_nothing_to_plan);
    }
    cx.close_form();
    cx.ask(app::Pending::Agenda(Pending::CreatePlanned {
        year: req.year,
        sessions,
        lines,
    }));
}

/// The agenda as a paper, written where the form says.
fn write_paper(cx: &mut Ctx, session_id: i64, fields: &mut [Field]) {
    let s = cx.strings();
    let Some(paper::Chosen {
        format, lang, path, ..
    }) = paper::chosen::<crate::docs::Format>(fields, cx.documents_dir)
    else {
        return cx.error(s.err_fix_fields);
    };
    let written = crate::docs::agenda::AgendaPaper::load(cx.store, session_id, lang)
        .map_err(|e| e.to_string())
        .and_then(|paper| {
            crate::docs::write(&paper.document(lang), format, &path)
                .map_err(|e| crate::screens::component::reason_text(&e, s))
        });
    match written {
        Ok(()) => {
            cx.close_form();
            cx.info(
                &s.agenda
                    .msg_written
                    .fill([&crate::widgets::file_name::shown(&path)]),
            );
        }
        Err(e) => cx.error(&s.agenda.err_write.fill([&path.display(), &e])),
    }
}
