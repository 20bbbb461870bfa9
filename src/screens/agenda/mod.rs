//! The Agenda tab: the sessions of the year and the agenda of each, prepared in advance;
//! suggested hearings of organizations with overdue tasks; carry-over; invited persons.

use crate::screens::component::{Ctx, Screen, View};
use crate::keymap::Context;
use crate::theme;
use chrono::{Datelike, NaiveDate, Weekday};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState};

use crate::screens::field_error_label;
use crate::action::Action;
use crate::app::{self, FormTarget};
use crate::domain::date;
use crate::domain::session::{
    self as dsession, AgendaItem, AgendaItemKind, InvitedPerson, MonthDay, Outcome, Session,
    SessionKind, SessionStatus, SkipReason,
};
use crate::domain::validate::{self, FieldError};
use crate::i18n::{Lang, Strings, fill};
use crate::store::{CarryOver, SessionRow, Suggestion};
use crate::widgets::form::{Choices, Field, Form, Label, has_errors};
use crate::widgets::list::Cursor;
use crate::widgets::look::{header, highlight, pane_block};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Sessions,
    Items,
    Side,
    Invited,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Sessions, Pane::Items, Pane::Side, Pane::Invited];

    fn step(self, forward: bool) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

#[derive(Debug, Default)]
pub struct Agenda {
    pub pane: Pane,
    pub sessions: Vec<SessionRow>,
    pub session_cursor: Cursor,
    pub items: Vec<AgendaItem>,
    pub item_cursor: Cursor,
    pub carry: Vec<CarryOver>,
    pub suggestions: Vec<Suggestion>,
    pub side_cursor: Cursor,
    pub invited: Vec<InvitedPerson>,
    pub invited_cursor: Cursor,
    /// (id, name) of the HQ's members, to name speakers.
    pub members: Vec<(i64, String)>,
    /// The approved session whose agenda the user agreed to change.
    pub unlocked: Option<i64>,
}

/// One line of the side list: an item to carry over, or an organization to hear.
pub enum SideEntry<'a> {
    Carry(&'a CarryOver),
    Hear(&'a Suggestion),
}

impl Agenda {
    pub fn selected_session(&self) -> Option<&Session> {
        self.sessions
            .get(self.session_cursor.selected)
            .map(|r| &r.session)
    }

    pub fn selected_item(&self) -> Option<&AgendaItem> {
        self.items.get(self.item_cursor.selected)
    }

    pub fn side_len(&self) -> usize {
        self.carry.len() + self.suggestions.len()
    }

    pub fn side_entry(&self, i: usize) -> Option<SideEntry<'_>> {
        if i < self.carry.len() {
            self.carry.get(i).map(SideEntry::Carry)
        } else {
            self.suggestions
                .get(i - self.carry.len())
                .map(SideEntry::Hear)
        }
    }

    fn member_name(&self, id: Option<i64>) -> &str {
        id.and_then(|id| self.members.iter().find(|m| m.0 == id))
            .map_or("", |m| m.1.as_str())
    }
}

pub struct Areas {
    pub sessions: Rect,
    pub items: Rect,
    pub side: Rect,
    pub invited: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [sessions, rest] =
        Layout::vertical([Constraint::Percentage(42), Constraint::Fill(1)]).areas(body);
    let [items, right] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(rest);
    let [side, invited] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(right);
    Areas {
        sessions,
        items,
        side,
        invited,
    }
}

fn rows_in(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// Entries the side list shows: two lines each, no header.
fn side_rows(area: Rect) -> usize {
    (area.height.saturating_sub(2) / 2) as usize
}

// ---------- forms ----------

/// What an agenda form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Session {
        id: i64,
        version: i64,
        status: SessionStatus,
        /// The date it had when the form opened: a past date asks only when changed.
        loaded_date: Option<NaiveDate>,
    },
    Item {
        id: i64,
        session_id: i64,
        version: i64,
        carried_from: Option<i64>,
        /// Links beyond the first organization and measure, kept as they are.
        more_orgs: Vec<i64>,
        more_measures: Vec<i64>,
        task_ids: Vec<i64>,
    },
    PlanYear,
    /// Write the agenda of a session to a file.
    WriteDocument {
        session_id: i64,
    },
    Invited {
        id: i64,
        session_id: i64,
        version: i64,
    },
}

pub fn session_form(s: Option<&Session>, defaults: &Session) -> Form<Target> {
    let v = s.unwrap_or(defaults);
    let title: Label = if s.is_some() {
        |s| s.form_edit_session
    } else {
        |s| s.form_new_session
    };
    Form::new(
        title,
        vec![
            Field::choice(
                |s| s.f_session_kind,
                Choices::Fixed(|s| &s.session_kinds),
                v.kind.index(),
            ),
            Field::date(|s| s.f_date, &date::format(v.date)),
            Field {
                hint: Some(|s| s.time_hint),
                ..Field::text(|s| s.f_time, &dsession::format_time(v.time))
            },
            Field::text(|s| s.f_place, &v.place),
            Field::text(|s| s.f_duration, &v.duration_minutes.to_string()),
            Field::text(|s| s.f_reason, &v.reason),
        ],
        Target::Session {
            id: s.map_or(0, |s| s.id),
            version: s.map_or(0, |s| s.version),
            status: v.status,
            loaded_date: s.map(|s| s.date),
        },
    )
}

pub fn item_form(
    item: &AgendaItem,
    members: Vec<(i64, String)>,
    orgs: Vec<(i64, String)>,
    measures: Vec<(i64, String)>,
) -> Form<Target> {
    let title: Label = if item.id == 0 {
        |s| s.form_new_item
    } else {
        |s| s.form_edit_item
    };
    let member_choices = Choices::Records(members);
    let org_choices = Choices::Records(orgs);
    let measure_choices = Choices::Records(measures);
    let member_ix = member_choices.index_of(item.speaker_member_id);
    let org_ix = org_choices.index_of(item.organization_ids.first().copied());
    let measure_ix = measure_choices.index_of(item.measure_ids.first().copied());
    let outcome_ix = Outcome::ALL
        .iter()
        .position(|o| *o == item.outcome)
        .unwrap_or(0);
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_title, &item.title),
            Field::choice(
                |s| s.f_item_kind,
                Choices::Fixed(|s| &s.item_kinds),
                item.kind.index(),
            ),
            Field::choice(|s| s.f_speaker_member, member_choices, member_ix),
            Field::text(|s| s.f_speaker_name, &item.speaker_name),
            Field::choice(|s| s.f_organization, org_choices, org_ix),
            Field::choice(|s| s.f_measure, measure_choices, measure_ix),
            Field::text(|s| s.f_minutes, &item.minutes.to_string()),
            Field::choice(|s| s.f_outcome, Choices::Fixed(|s| &s.outcomes), outcome_ix),
        ],
        Target::Item {
            id: item.id,
            session_id: item.session_id,
            version: item.version,
            carried_from: item.carried_from,
            more_orgs: item.organization_ids.iter().skip(1).copied().collect(),
            more_measures: item.measure_ids.iter().skip(1).copied().collect(),
            task_ids: item.task_ids.clone(),
        },
    )
}

pub fn plan_form(year: i32, defaults: &Session) -> Form<Target> {
    Form::new(
        |s| s.form_plan_year,
        vec![
            Field::text(|s| s.f_year, &year.to_string()),
            Field::choice(|s| s.f_rule, Choices::Fixed(|s| &s.month_rules), 4),
            Field::choice(|s| s.f_weekday, Choices::Fixed(|s| &s.weekdays), 3),
            Field::text(|s| s.f_day, "25"),
            Field {
                hint: Some(|s| s.time_hint),
                ..Field::text(|s| s.f_time, &dsession::format_time(defaults.time))
            },
            Field::text(|s| s.f_place, &defaults.place),
            Field::text(|s| s.f_duration, &defaults.duration_minutes.to_string()),
        ],
        Target::PlanYear,
    )
}

/// Where to write the agenda paper: format, language, file.
pub fn write_form(session: &Session, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let lang_ix = usize::from(lang == Lang::Ru);
    let stem = if lang == Lang::Ru {
        "povestka"
    } else {
        "kun-tartibi"
    };
    let file = folder.join(format!("{stem}-{}-{}.docx", session.number, session.year));
    Form::new(
        |s| s.form_write_doc,
        vec![
            Field::choice(|s| s.f_format, Choices::Fixed(|s| &s.doc_formats), 0),
            Field::choice(|s| s.f_doc_lang, Choices::Fixed(|s| &s.doc_langs), lang_ix),
            Field::text(|s| s.f_path, &file.to_string_lossy()),
        ],
        Target::WriteDocument {
            session_id: session.id,
        },
    )
}

pub fn invited_form(p: &InvitedPerson, orgs: Vec<(i64, String)>) -> Form<Target> {
    let title: Label = if p.id == 0 {
        |s| s.form_new_invited
    } else {
        |s| s.form_edit_invited
    };
    let org_choices = Choices::Records(orgs);
    let ix = org_choices.index_of(p.organization_id);
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_full_name, &p.full_name),
            Field::text(|s| s.f_position, &p.position),
            Field::choice(|s| s.f_organization, org_choices, ix),
        ],
        Target::Invited {
            id: p.id,
            session_id: p.session_id,
            version: p.version,
        },
    )
}

/// Check a field's text, mark it with the error if any, and return the parsed value.
fn check<T>(field: &mut Field, f: impl FnOnce(&str) -> Result<T, FieldError>) -> Option<T> {
    let r = f(field.text_value());
    field.error = r.as_ref().err().map(|e| field_error_label(*e));
    r.ok()
}

pub fn validate_session(fields: &mut [Field], target: &Target) -> Option<Session> {
    let Target::Session {
        id,
        version,
        status,
        ..
    } = target
    else {
        return None;
    };
    let kind = SessionKind::ALL[fields[0].choice_index().min(1)];
    let day = check(&mut fields[1], validate::date);
    let time = check(&mut fields[2], validate::time);
    check(&mut fields[3], validate::length);
    let duration = check(&mut fields[4], |v| validate::number(v, 15, 720));
    let reason = fields[5].text_value().trim().to_string();
    fields[5].error = if kind == SessionKind::Extraordinary && reason.is_empty() {
        Some(|s| s.err_reason_required)
    } else {
        validate::length(&reason).err().map(field_error_label)
    };
    if has_errors(fields) {
        return None;
    }
    let day = day?;
    Some(Session {
        id: *id,
        year: day.year(),
        number: 0,
        kind,
        reason: if kind == SessionKind::Regular {
            String::new()
        } else {
            reason
        },
        date: day,
        time: time?,
        place: fields[3].text_value().trim().to_string(),
        duration_minutes: duration?,
        status: *status,
        version: *version,
    })
}

pub fn validate_item(fields: &mut [Field], target: &Target) -> Option<AgendaItem> {
    let Target::Item {
        id,
        session_id,
        version,
        carried_from,
        more_orgs,
        more_measures,
        task_ids,
    } = target
    else {
        return None;
    };
    check(&mut fields[0], validate::required);
    check(&mut fields[3], validate::length);
    let minutes = check(&mut fields[6], |v| validate::number(v, 1, 480));
    if has_errors(fields) {
        return None;
    }
    let first_then = |first: Option<i64>, more: &Vec<i64>| -> Vec<i64> {
        let mut v: Vec<i64> = first.into_iter().collect();
        v.extend(more.iter().filter(|x| Some(**x) != first));
        v
    };
    Some(AgendaItem {
        id: *id,
        session_id: *session_id,
        position: 0,
        title: fields[0].text_value().trim().to_string(),
        kind: AgendaItemKind::ALL[fields[1].choice_index().min(2)],
        speaker_member_id: fields[2].chosen_id(),
        speaker_name: fields[3].text_value().trim().to_string(),
        minutes: minutes?,
        outcome: Outcome::ALL[fields[7].choice_index().min(3)],
        organization_ids: first_then(fields[4].chosen_id(), more_orgs),
        measure_ids: first_then(fields[5].chosen_id(), more_measures),
        task_ids: task_ids.clone(),
        carried_from: *carried_from,
        version: *version,
    })
}

/// The plan's rule, year, and the session every planned date gets.
pub struct PlanRequest {
    pub year: i32,
    pub rule: MonthDay,
    pub template: Session,
}

pub fn validate_plan(fields: &mut [Field]) -> Option<PlanRequest> {
    let year = check(&mut fields[0], |v| validate::number(v, 2000, 2100));
    let which = fields[1].choice_index();
    let weekday = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][fields[2].choice_index().min(6)];
    let day = if which == 5 {
        check(&mut fields[3], |v| validate::number(v, 1, 31))
    } else {
        fields[3].error = None;
        Some(1)
    };
    let time = check(&mut fields[4], validate::time);
    check(&mut fields[5], validate::length);
    let duration = check(&mut fields[6], |v| validate::number(v, 15, 720));
    if has_errors(fields) {
        return None;
    }
    let rule = match which {
        0..=3 => MonthDay::Nth(which as u8 + 1, weekday),
        4 => MonthDay::Last(weekday),
        _ => MonthDay::Day(day? as u32),
    };
    let year = year? as i32;
    Some(PlanRequest {
        year,
        rule,
        template: Session {
            id: 0,
            year,
            number: 0,
            kind: SessionKind::Regular,
            reason: String::new(),
            date: NaiveDate::from_ymd_opt(year, 1, 1)?,
            time: time?,
            place: fields[5].text_value().trim().to_string(),
            duration_minutes: duration?,
            status: SessionStatus::Planned,
            version: 0,
        },
    })
}

pub fn validate_invited(fields: &mut [Field], target: &Target) -> Option<InvitedPerson> {
    let Target::Invited {
        id,
        session_id,
        version,
    } = target
    else {
        return None;
    };
    check(&mut fields[0], validate::required);
    check(&mut fields[1], validate::length);
    if has_errors(fields) {
        return None;
    }
    Some(InvitedPerson {
        id: *id,
        session_id: *session_id,
        full_name: fields[0].text_value().trim().to_string(),
        position: fields[1].text_value().trim().to_string(),
        organization_id: fields[2].chosen_id(),
        version: *version,
    })
}

/// Validate the field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    let mut trial = fields.to_vec();
    match target {
        Target::Session { .. } => drop(validate_session(&mut trial, target)),
        Target::Item { .. } => drop(validate_item(&mut trial, target)),
        Target::PlanYear => drop(validate_plan(&mut trial)),
        Target::WriteDocument { .. } => {
            check(&mut trial[2], validate::required);
        }
        Target::Invited { .. } => drop(validate_invited(&mut trial, target)),
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

// ---------- confirmations ----------

/// What an agenda confirmation goes on to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DeleteSession {
        id: i64,
        version: i64,
        label: String,
    },
    DeleteItem {
        id: i64,
        version: i64,
        title: String,
    },
    DeleteInvited {
        id: i64,
        version: i64,
        name: String,
    },
    Approve {
        id: i64,
        version: i64,
        label: String,
    },
    /// Save the open session form although its date has passed.
    SavePastDate {
        date: NaiveDate,
    },
    /// Change an approved agenda: remember the consent and do `action`.
    Unlock {
        session_id: i64,
        label: String,
        action: Action,
    },
    CreatePlanned {
        year: i32,
        sessions: Vec<Session>,
        lines: Vec<String>,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::DeleteSession { label, .. } => fill(s.confirm_delete_session, &[label]),
        Pending::DeleteItem { title, .. } => fill(s.confirm_delete, &[title]),
        Pending::DeleteInvited { name, .. } => fill(s.confirm_delete, &[name]),
        Pending::Approve { label, .. } => fill(s.confirm_approve, &[label]),
        Pending::SavePastDate { date } => fill(s.confirm_past_date, &[&date::format(*date)]),
        Pending::Unlock { label, .. } => fill(s.confirm_approved_change, &[label]),
        Pending::CreatePlanned {
            year,
            sessions,
            lines,
        } => {
            let mut q = fill(s.plan_preview, &[year, &sessions.len()]);
            for l in lines {
                q.push('\n');
                q.push_str(l);
            }
            q
        }
    }
}

// ---------- behaviour ----------

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
    fn load_session_details(&mut self, cx: &mut Ctx) {
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
                        a.suggestions = cx.store.suggested_hearings(cx.today, id)?;
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

    pub(crate) fn resize_agenda(&mut self, cx: &mut Ctx) {
        let ar = self.agenda_areas(cx);
        let a = &mut *self;
        a.session_cursor
            .clamp(a.sessions.len(), rows_in(ar.sessions));
        a.item_cursor.clamp(a.items.len(), rows_in(ar.items));
    }

    fn move_agenda_cursor(&mut self, cx: &mut Ctx, delta: isize) {
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
    fn session_defaults(&self, cx: &Ctx) -> Session {
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

    fn measure_choices(&self, cx: &Ctx) -> Vec<(i64, String)> {
        cx.store.measure_choices().unwrap_or_default()
    }

    /// May the selected session's agenda change now? Asks first when it is approved.
    fn agenda_may_change(&mut self, cx: &mut Ctx, action: Action) -> bool {
        let s = cx.strings();
        let Some(session) = self.selected_session().cloned() else {
            cx.error(s.ag_no_session);
            return false;
        };
        if !session.agenda_editable() {
            cx.error(s.err_session_held);
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
                    None => cx.error(cx.strings().ag_no_session),
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
                    let form = write_form(&x, cx.lang, &folder);
                    cx.open_form(form.map(FormTarget::Agenda));
                }
                None => cx.error(cx.strings().ag_no_session),
            },
            Action::Add => {
                let Some(session) = self.selected_session().cloned() else {
                    return cx.error(cx.strings().ag_no_session);
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
                    None => cx.error(s.ag_no_session),
                    Some(x) if x.status == SessionStatus::AgendaApproved => {
                        cx.info(s.msg_already_approved)
                    }
                    Some(x) if !x.agenda_editable() => cx.error(s.err_session_held),
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
            return cx.error(s.ag_no_session);
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
                .map(|_| s.msg_carried),
            SideChoice::Hear(h) => {
                let name = if ru && !h.name_ru.is_empty() {
                    &h.name_ru
                } else {
                    &h.name_ky
                };
                let title = fill(s.hearing_title, &[name]);
                cx.store
                    .add_hearing(session.id, &h, &title)
                    .map(|_| s.msg_hearing_added)
            }
        };
        self.refresh_agenda(cx);
        match result {
            Ok(msg) => cx.info(msg),
            Err(e) => cx.store_error(e),
        }
    }

    fn save_agenda_form(
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
                    cx.store.update_session(&sess).map(|_| *id)
                };
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
            Target::PlanYear => {
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
                            lines.push(format!("  + {when}"));
                            sessions.push(Session {
                                date: p.date,
                                ..req.template.clone()
                            });
                        }
                        Some(SkipReason::DateTaken) => {
                            lines.push(format!("  − {when}: {}", s.plan_skip_date))
                        }
                        Some(SkipReason::MonthHasRegular) => {
                            lines.push(format!("  − {when}: {}", s.plan_skip_month))
                        }
                    }
                }
                if sessions.is_empty() {
                    return cx.info(s.msg_nothing_to_plan);
                }
                cx.close_form();
                cx.ask(app::Pending::Agenda(Pending::CreatePlanned {
                    year: req.year,
                    sessions,
                    lines,
                }));
            }
            Target::WriteDocument { session_id } => {
                if check(&mut fields[2], validate::required).is_none() {
                    return cx.error(s.err_fix_fields);
                }
                let (format, ext) = if fields[0].choice_index() == 0 {
                    (crate::docs::Format::Docx, "docx")
                } else {
                    (crate::docs::Format::Markdown, "md")
                };
                let lang = if fields[1].choice_index() == 1 {
                    Lang::Ru
                } else {
                    Lang::Ky
                };
                let path = crate::docs::free_name(
                    &std::path::PathBuf::from(fields[2].text_value().trim()).with_extension(ext),
                );
                let written = crate::docs::agenda::AgendaPaper::load(&cx.store, *session_id, lang)
                    .map_err(|e| e.to_string())
                    .and_then(|paper| {
                        crate::docs::write(&paper.document(lang), format, &path)
                            .map_err(|e| e.to_string())
                    });
                match written {
                    Ok(()) => {
                        cx.close_form();
                        cx.info(&fill(s.msg_written, &[&path.display()]));
                    }
                    Err(e) => cx.error(&fill(s.err_write, &[&path.display(), &e])),
                }
            }
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

    fn carry_out_agenda(
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
                .map(|_| s.msg_approved),
            Pending::SavePastDate { .. } => {
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
                    cx.info(&fill(s.msg_planned, &[&n]));
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

impl Screen for Agenda {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_agenda(cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_agenda(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(frame, body, view.strings(), self, view.russian())
    }

    fn context(&self) -> Context {
        Context::Agenda
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_agenda(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_agenda(cx, column, row)
    }

    fn check_field(
        &self,
        fields: &mut [Field],
        target: &FormTarget,
        index: usize,
        _today: NaiveDate,
    ) {
        if let FormTarget::Agenda(t) = target {
            check_field(fields, t, index)
        }
    }

    fn save_form(&mut self, target: FormTarget, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        if let FormTarget::Agenda(t) = target {
            self.save_agenda_form(cx, t, false, form)
        }
    }

    fn question(&self, pending: &app::Pending, view: &View) -> String {
        match pending {
            app::Pending::Agenda(p) => question(p, view.strings()),
            _ => String::new(),
        }
    }

    fn carry_out(
        &mut self,
        pending: app::Pending,
        form: Option<&mut Form<FormTarget>>,
        cx: &mut Ctx,
    ) {
        if let app::Pending::Agenda(p) = pending {
            self.carry_out_agenda(cx, p, form)
        }
    }
}

// ---------- rendering ----------

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
    let focus = st.pane;

    // Sessions.
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
    frame.render_stateful_widget(table, ar.sessions, &mut state);
    if st.sessions.is_empty() && ar.sessions.height > 3 {
        let inner = Rect {
            x: ar.sessions.x + 1,
            y: ar.sessions.y + 2,
            width: ar.sessions.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(Paragraph::new(s.ag_no_session).style(theme::muted()), inner);
    }

    // Agenda of the selected session.
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
    frame.render_stateful_widget(table, ar.items, &mut state);
    if let Some(x) = session
        && !x.agenda_editable()
        && ar.items.height > 3
        && st.items.is_empty()
    {
        let inner = Rect {
            x: ar.items.x + 1,
            y: ar.items.y + 2,
            width: ar.items.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(s.ag_not_editable).style(theme::muted()),
            inner,
        );
    }

    // Side: carry-over, then suggested hearings.
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
    frame.render_stateful_widget(list, ar.side, &mut state);
    if empty_side && ar.side.height > 2 && session.is_some_and(Session::agenda_editable) {
        let inner = Rect {
            x: ar.side.x + 1,
            y: ar.side.y + 1,
            width: ar.side.width.saturating_sub(2),
            height: 1,
        };
        frame.render_widget(
            Paragraph::new(s.ag_nothing_suggested).style(theme::muted()),
            inner,
        );
    }

    // Invited persons.
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
    frame.render_stateful_widget(list, ar.invited, &mut state);
}
