//! The Protocol tab: the sessions held and their protocols, and the editor the secretary
//! lives in — header, attendance and quorum, then per item HEARD – SPOKE – DECIDED
//! (УГУЛДУ – ЧЫГЫП СҮЙЛӨШТҮ – ТОКТОМ КЫЛАТ), decisions that become tasks, signing,
//! amendments, the protocol and its extracts as papers, and the delivery register.
//!
//! The protocol is one sequence of fields. There are no modes for the keys: wherever the
//! focus is, a key that types is text — on a text field it starts typing there (Enter does
//! too), on any other row it is nothing — and the editor's commands are keys that never type
//! (Ctrl-, Alt-, F-keys, Insert, Delete; see `keymap::PROTOCOL_COMMANDS`). While typing, `Tab`
//! goes on to the next text field and `Esc` leaves the field. What is typed is saved within
//! two seconds of typing stopping ([`Screen::tick`]) and whenever the field is left, one
//! field per transaction, with the row's version: a save over someone else's newer text is
//! refused and the typed text stays.

mod editor;
mod forms;
mod layout;
pub(crate) mod mail;
mod picker;
mod render;

use crate::store::Refusal;
use crate::theme;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::action::Action;
use crate::app::{self, FormTarget};
use crate::domain::deadline::Holidays;
use crate::domain::protocol::{
    Delivery, ProtocolDoc, QuorumRule, SignProblem, Votes, sign_problems, text_hash,
};
use crate::domain::{Organization, date};
use crate::i18n::protocol::ProtocolStrings;
use crate::i18n::{Lang, Strings};
use crate::keymap::Context;
use crate::screens::component::{Ctx, Screen, TabForms, View};
use crate::store::{OrgFilter, ProtocolRow, StoreError};
use crate::widgets::form::{Field, Form};
use crate::widgets::list::Cursor;

pub use forms::{
    Target, TaskDefaults, check_field, delivery_form, end_of_month, extracts_form, task_form,
    validate_task, write_form,
};
pub use layout::{
    EditorAreas, FieldBlock, PageLayout, editor_areas, page_layout, scroll_offset, wrap,
};
pub use render::render;

/// Typing that stopped this long ago is saved.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(2);

/// A place in the protocol the cursor can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    Place,
    Presiding,
    Secretary,
    ShortForm,
    Rule,
    Present(i64),
    Reason(i64),
    ItemTitle(i64),
    HeardSpeaker(i64),
    HeardSummary(i64),
    SpeechSpeaker(i64),
    SpeechSummary(i64),
    DecisionText(i64),
    Votes(i64),
    Task(i64),
    Extract(i64),
}

impl FieldKey {
    /// As remembered in the protocol's `last_field`: "heard_summary:12".
    pub fn code(self) -> String {
        let (name, id) = match self {
            FieldKey::Place => ("place", None),
            FieldKey::Presiding => ("presiding", None),
            FieldKey::Secretary => ("secretary", None),
            FieldKey::ShortForm => ("short_form", None),
            FieldKey::Rule => ("quorum_rule", None),
            FieldKey::Present(i) => ("present", Some(i)),
            FieldKey::Reason(i) => ("reason", Some(i)),
            FieldKey::ItemTitle(i) => ("item_title", Some(i)),
            FieldKey::HeardSpeaker(i) => ("heard_speaker", Some(i)),
            FieldKey::HeardSummary(i) => ("heard_summary", Some(i)),
            FieldKey::SpeechSpeaker(i) => ("speech_speaker", Some(i)),
            FieldKey::SpeechSummary(i) => ("speech_summary", Some(i)),
            FieldKey::DecisionText(i) => ("decision_text", Some(i)),
            FieldKey::Votes(i) => ("votes", Some(i)),
            FieldKey::Task(i) => ("task", Some(i)),
            FieldKey::Extract(i) => ("extract", Some(i)),
        };
        match id {
            Some(i) => format!("{name}:{i}"),
            None => name.to_string(),
        }
    }

    pub fn parse(s: &str) -> Option<FieldKey> {
        let s = s.split('@').next().unwrap_or("");
        let (name, id) = match s.split_once(':') {
            Some((n, i)) => (n, Some(i.parse::<i64>().ok()?)),
            None => (s, None),
        };
        Some(match (name, id) {
            ("place", None) => FieldKey::Place,
            ("presiding", None) => FieldKey::Presiding,
            ("secretary", None) => FieldKey::Secretary,
            ("short_form", None) => FieldKey::ShortForm,
            ("quorum_rule", None) => FieldKey::Rule,
            ("present", Some(i)) => FieldKey::Present(i),
            ("reason", Some(i)) => FieldKey::Reason(i),
            ("item_title", Some(i)) => FieldKey::ItemTitle(i),
            ("heard_speaker", Some(i)) => FieldKey::HeardSpeaker(i),
            ("heard_summary", Some(i)) => FieldKey::HeardSummary(i),
            ("speech_speaker", Some(i)) => FieldKey::SpeechSpeaker(i),
            ("speech_summary", Some(i)) => FieldKey::SpeechSummary(i),
            ("decision_text", Some(i)) => FieldKey::DecisionText(i),
            ("votes", Some(i)) => FieldKey::Votes(i),
            ("task", Some(i)) => FieldKey::Task(i),
            ("extract", Some(i)) => FieldKey::Extract(i),
            _ => return None,
        })
    }

    /// Typed into (not toggled, not a form).
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FieldKey::ShortForm
                | FieldKey::Rule
                | FieldKey::Present(_)
                | FieldKey::Task(_)
                | FieldKey::Extract(_)
        )
    }

    /// Takes several lines (Enter is a new line, not the next field).
    pub fn multiline(self) -> bool {
        matches!(
            self,
            FieldKey::HeardSummary(_) | FieldKey::SpeechSummary(_) | FieldKey::DecisionText(_)
        )
    }
}

/// A page of the editor: what the outline lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Header,
    Attendance,
    Item(usize),
    Extracts,
}

pub fn pages(doc: &ProtocolDoc) -> Vec<Page> {
    let mut v = vec![Page::Header, Page::Attendance];
    v.extend((0..doc.items.len()).map(Page::Item));
    v.push(Page::Extracts);
    v
}

/// Every field in order, with the index of its page in [`pages`].
pub fn fields(doc: &ProtocolDoc) -> Vec<(usize, FieldKey)> {
    let mut v = vec![
        (0, FieldKey::Place),
        (0, FieldKey::Presiding),
        (0, FieldKey::Secretary),
        (0, FieldKey::ShortForm),
        (1, FieldKey::Rule),
    ];
    for a in &doc.attendance {
        v.push((1, FieldKey::Present(a.member_id)));
        if !a.present {
            v.push((1, FieldKey::Reason(a.member_id)));
        }
    }
    for (i, item) in doc.items.iter().enumerate() {
        let page = i + 2;
        v.push((page, FieldKey::ItemTitle(item.id)));
        v.push((page, FieldKey::HeardSpeaker(item.id)));
        v.push((page, FieldKey::HeardSummary(item.id)));
        for s in &item.speeches {
            v.push((page, FieldKey::SpeechSpeaker(s.id)));
            v.push((page, FieldKey::SpeechSummary(s.id)));
        }
        for d in &item.decisions {
            v.push((page, FieldKey::DecisionText(d.id)));
            v.push((page, FieldKey::Votes(d.id)));
            for t in &d.tasks {
                v.push((page, FieldKey::Task(t.id)));
            }
        }
    }
    let extracts = doc.items.len() + 2;
    for o in doc.addressees() {
        v.push((extracts, FieldKey::Extract(o)));
    }
    v
}

/// The stored text of a text field, and the version of its row.
fn field_value(doc: &ProtocolDoc, key: FieldKey) -> Option<(String, i64)> {
    let p = &doc.protocol;
    let item = |id: i64| doc.items.iter().find(|i| i.id == id);
    let speech = |id: i64| {
        doc.items
            .iter()
            .flat_map(|i| &i.speeches)
            .find(|s| s.id == id)
    };
    let decision = |id: i64| doc.decisions().find(|d| d.id == id);
    Some(match key {
        FieldKey::Place => (p.place.clone(), p.version),
        FieldKey::Presiding => (p.presiding.clone(), p.version),
        FieldKey::Secretary => (p.secretary.clone(), p.version),
        FieldKey::Reason(m) => {
            let a = doc.attendance.iter().find(|a| a.member_id == m)?;
            (a.absence_reason.clone(), a.version)
        }
        FieldKey::ItemTitle(i) => item(i).map(|i| (i.title.clone(), i.version))?,
        FieldKey::HeardSpeaker(i) => item(i).map(|i| (i.heard_speaker.clone(), i.version))?,
        FieldKey::HeardSummary(i) => item(i).map(|i| (i.heard_summary.clone(), i.version))?,
        FieldKey::SpeechSpeaker(s) => speech(s).map(|s| (s.speaker.clone(), s.version))?,
        FieldKey::SpeechSummary(s) => speech(s).map(|s| (s.summary.clone(), s.version))?,
        FieldKey::DecisionText(d) => decision(d).map(|d| (d.text.clone(), d.version))?,
        FieldKey::Votes(d) => {
            decision(d).map(|d| (d.votes.map(Votes::format).unwrap_or_default(), d.version))?
        }
        _ => return None,
    })
}

/// The decision point a field belongs to (its text, its vote or one of its tasks).
fn decision_of(doc: &ProtocolDoc, key: FieldKey) -> Option<i64> {
    match key {
        FieldKey::DecisionText(d) | FieldKey::Votes(d) => Some(d),
        FieldKey::Task(t) => doc.tasks().find(|x| x.id == t).map(|x| x.decision_id),
        _ => None,
    }
}

/// Whether the last save of the open field went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SaveMark {
    #[default]
    Saved,
    /// Typed, not saved yet (it will be within two seconds of typing stopping).
    Pending,
    /// Someone else saved the field meanwhile: ours is kept here, not saved.
    Conflict,
    Failed,
}

/// The field being typed in.
pub struct Editing {
    pub key: FieldKey,
    pub area: TextArea<'static>,
    /// The version of the row the text was loaded at (or last saved as).
    pub version: i64,
    pub dirty: bool,
    pub changed_at: Option<Instant>,
    pub conflict: bool,
}

impl Editing {
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }
}

fn text_area(text: &str, multiline: bool) -> TextArea<'static> {
    let lines: Vec<String> = if multiline {
        text.split('\n').map(str::to_string).collect()
    } else {
        vec![text.replace('\n', " ")]
    };
    let mut ta = TextArea::new(lines);
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_line_style(Style::default());
    ta.set_style(theme::editing());
    ta.set_cursor_style(theme::cursor());
    ta.move_cursor(CursorMove::Bottom);
    ta.move_cursor(CursorMove::End);
    ta
}

#[derive(Default)]
pub struct Protocol {
    pub rows: Vec<ProtocolRow>,
    pub picker: Cursor,
    pub doc: Option<ProtocolDoc>,
    pub rule: QuorumRule,
    /// Index into [`fields`] of the open protocol.
    pub focus: usize,
    pub editing: Option<Editing>,
    pub mark: SaveMark,
    /// The text a conflict kept from us, to put back after a reload (Ctrl-V).
    pub stash: Option<String>,
    pub deliveries: Vec<Delivery>,
    /// Extracts not delivered yet, per signed protocol (id, how many), for the list.
    pub undelivered: Vec<(i64, usize)>,
    /// Every organization (inactive too), for names, heads and the executor picker.
    pub orgs: Vec<Organization>,
    pub holidays: Option<Holidays>,
    /// Extracts going out by e-mail (Alt-E), on a thread.
    pub mail: Option<mail::MailJob>,
    /// Extracts marked with Space to be sent (protocol, organization).
    pub marks: Vec<(i64, i64)>,
}

impl Protocol {
    pub fn focused(&self) -> Option<FieldKey> {
        let doc = self.doc.as_ref()?;
        fields(doc).get(self.focus).map(|f| f.1)
    }

    pub fn page(&self) -> usize {
        self.doc
            .as_ref()
            .and_then(|doc| fields(doc).get(self.focus).map(|f| f.0))
            .unwrap_or(0)
    }

    fn org(&self, id: i64) -> Option<&Organization> {
        self.orgs.iter().find(|o| o.id == id)
    }

    fn signed(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.protocol.is_signed())
    }

    /// Which keys apply: the list, or the editor's keys for what the focus is on — a text
    /// field of a draft (typed in already or not: the first key starts it), or anything else.
    fn protocol_context(&self) -> Context {
        if self.doc.is_none() {
            Context::ProtocolPicker
        } else if self.editing.is_some() {
            Context::ProtocolEdit
        } else if !self.signed() && self.focused().is_some_and(FieldKey::is_text) {
            Context::ProtocolField
        } else {
            Context::Protocol
        }
    }

    fn refresh_protocol(&mut self, cx: &mut Ctx) {
        if self.refresh_shared(cx) {
            let figures = fetch_picker(cx.store, cx.today);
            self.show_picker(cx, figures);
        }
    }

    /// As [`Self::refresh_protocol`], the list's figures read off the event loop (a tab's
    /// visit: counting undelivered extracts reads every protocol's tasks).
    fn refresh_protocol_later(&mut self, cx: &mut Ctx) {
        if self.refresh_shared(cx) {
            let today = cx.today;
            cx.compute(move |store| fetch_picker(store, today));
        }
    }

    /// The rule and the organizations; the open protocol read again. True when the list
    /// is shown (its figures are still to be read).
    fn refresh_shared(&mut self, cx: &mut Ctx) -> bool {
        match cx.store.quorum_rule() {
            Ok(r) => self.rule = r,
            Err(e) => {
                cx.store_error(e);
                return false;
            }
        }
        match cx.store.organizations(&OrgFilter {
            include_inactive: true,
            russian: cx.lang == Lang::Ru,
            ..Default::default()
        }) {
            Ok(v) => self.orgs = v,
            Err(e) => {
                cx.store_error(e);
                return false;
            }
        }
        match self.doc.as_ref().map(|d| d.protocol.id) {
            Some(id) => {
                self.reload(cx, id);
                false
            }
            None => true,
        }
    }

    fn show_picker(&mut self, cx: &mut Ctx, figures: PickerFigures) {
        match figures {
            Ok((rows, undelivered)) => {
                self.rows = rows;
                self.undelivered = undelivered;
            }
            Err(e) => return cx.store_error(e),
        }
        let h = self.picker_rows(cx);
        self.picker.clamp(self.rows.len(), h);
    }

    /// Read the open protocol again, keeping the cursor on the same field.
    fn reload(&mut self, cx: &mut Ctx, id: i64) {
        let keep = self.focused();
        let doc = match cx.store.protocol_doc(id) {
            Ok(d) => d,
            Err(e) => {
                self.doc = None;
                self.editing = None;
                cx.store_error(e);
                return;
            }
        };
        self.deliveries = cx.store.deliveries(id).unwrap_or_default();
        let all = fields(&doc);
        match keep.map(|k| all.iter().position(|f| f.1 == k)) {
            Some(Some(i)) => self.focus = i,
            // The field is gone (deleted): the one before it, in the same item.
            Some(None) => self.focus = self.focus.saturating_sub(1),
            None => {}
        }
        self.focus = self.focus.min(all.len().saturating_sub(1));
        self.doc = Some(doc);
    }
}

/// The list of protocols and, by protocol, how many extracts are not yet delivered.
type PickerFigures = crate::store::Result<(Vec<ProtocolRow>, Vec<(i64, usize)>)>;

fn fetch_picker(store: &crate::store::Store, today: NaiveDate) -> PickerFigures {
    let rows = store.protocol_rows(today)?;
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for (pid, _, _) in store.undelivered_extracts()? {
        match counts.last_mut() {
            Some(c) if c.0 == pid => c.1 += 1,
            _ => counts.push((pid, 1)),
        }
    }
    Ok((rows, counts))
}

// ---------- confirmations ----------

#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Sign {
        id: i64,
        /// The SHA-256 of the text the signer saw.
        seen: String,
        session: String,
        signer: String,
        number: String,
    },
    Amend {
        id: i64,
        label: String,
    },
    DeleteSpeech {
        id: i64,
        version: i64,
        label: String,
    },
    DeleteDecision {
        id: i64,
        version: i64,
        label: String,
    },
    DeleteTask {
        id: i64,
        version: i64,
        label: String,
    },
    DeleteItem {
        id: i64,
        version: i64,
        label: String,
    },
    DeleteDelivery {
        id: i64,
        version: i64,
        label: String,
    },
    SendEmail {
        id: i64,
        label: String,
        count: usize,
        /// The marked ones (else every undelivered one).
        marked: bool,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    let ps = s.protocol;
    match p {
        Pending::Sign {
            session,
            signer,
            number,
            ..
        } => ps.confirm_sign.fill([session, signer, number]),
        Pending::Amend { label, .. } => ps.confirm_amend.fill([label]),
        Pending::DeleteSpeech { label, .. }
        | Pending::DeleteDecision { label, .. }
        | Pending::DeleteTask { label, .. }
        | Pending::DeleteItem { label, .. }
        | Pending::DeleteDelivery { label, .. } => s.confirm_delete.fill([label]),
        Pending::SendEmail {
            label,
            count,
            marked,
            ..
        } => {
            let m = crate::i18n::mail::ui_of(s);
            let q = if *marked {
                m.confirm_marked
            } else {
                m.confirm_all
            };
            q.fill([count, label])
        }
    }
}

fn sign_problem_text(p: &SignProblem, ps: &ProtocolStrings) -> String {
    match p {
        SignProblem::AlreadySigned => ps.err_signed.to_string(),
        SignProblem::NoQuorum(q) => ps.err_no_quorum.fill([&q.present, &q.members, &q.needed]),
        SignProblem::NoDecision => ps.err_no_decision.to_string(),
        SignProblem::EmptyDecision(n) => ps.err_empty_decision.fill([n]),
        SignProblem::NoPresiding => ps.err_no_presiding.to_string(),
        SignProblem::NoSecretary => ps.err_no_secretary.to_string(),
    }
}

impl Protocol {
    fn ask_delete(&mut self, cx: &mut Ctx) {
        if !self.draft_or_error(cx) && !matches!(self.focused(), Some(FieldKey::Extract(_))) {
            return;
        }
        let ps = cx.strings().protocol;
        let Some(doc) = &self.doc else {
            return;
        };
        let Some(key) = self.focused() else {
            return;
        };
        let pending = match key {
            FieldKey::SpeechSpeaker(id) | FieldKey::SpeechSummary(id) => doc
                .items
                .iter()
                .flat_map(|i| &i.speeches)
                .find(|s| s.id == id)
                .map(|s| Pending::DeleteSpeech {
                    id,
                    version: s.version,
                    label: if s.speaker.is_empty() {
                        ps.spoke.to_string()
                    } else {
                        s.speaker.clone()
                    },
                }),
            FieldKey::DecisionText(id) | FieldKey::Votes(id) => doc
                .decisions()
                .find(|d| d.id == id)
                .map(|d| Pending::DeleteDecision {
                    id,
                    version: d.version,
                    label: format!("{} {}", d.number, short(&d.text, 40)),
                }),
            FieldKey::Task(id) => doc
                .tasks()
                .find(|t| t.id == id)
                .map(|t| Pending::DeleteTask {
                    id,
                    version: t.version,
                    label: short(&t.text, 50),
                }),
            FieldKey::ItemTitle(id) => {
                doc.items
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| Pending::DeleteItem {
                        id,
                        version: i.version,
                        label: format!("{}. {}", i.position, short(&i.title, 40)),
                    })
            }
            FieldKey::Extract(org) => self
                .deliveries
                .iter()
                .rev()
                .find(|d| d.organization_id == org)
                .map(|d| Pending::DeleteDelivery {
                    id: d.id,
                    version: d.version,
                    label: format!(
                        "{} · {}",
                        date::format(d.delivered_on),
                        ps.ways[d.way.index()]
                    ),
                }),
            _ => None,
        };
        match pending {
            Some(p) => cx.ask(app::Pending::Protocol(p)),
            None => cx.error(cx.strings().err_nothing_selected),
        }
    }

    fn ask_sign(&mut self, cx: &mut Ctx) {
        if !self.end_edit(cx) {
            return;
        }
        let ps = cx.strings().protocol;
        let Some(doc) = &self.doc else {
            return;
        };
        let problems = sign_problems(doc, self.rule);
        if let Some(p) = problems.first() {
            let text = sign_problem_text(p, ps);
            return cx.error(&text);
        }
        let (next, year) = match cx.store.protocol_number_at_signing(doc.protocol.id) {
            Ok(n) => n,
            Err(e) => return cx.store_error(e),
        };
        let pending = Pending::Sign {
            id: doc.protocol.id,
            seen: text_hash(doc),
            session: doc.session.label(),
            signer: doc.protocol.presiding.clone(),
            number: format!("{next}/{year}"),
        };
        // An absent member written as a speaker: said on the status line, still asked.
        self.warn_absent_speakers(cx, None);
        cx.ask(app::Pending::Protocol(pending));
    }

    fn carry_out_protocol(&mut self, cx: &mut Ctx, pending: Pending) {
        let ps = cx.strings().protocol;
        let s = cx.strings();
        let pid = self.doc.as_ref().map(|d| d.protocol.id);
        let in_use = |e: StoreError| match e {
            StoreError::Refused(Refusal::InUse) => Err(Err(ps.err_has_tasks)),
            e => Err(Ok(e)),
        };
        // Err(Ok(e)): a store error to explain; Err(Err(msg)): a message of our own.
        let result: Result<(), Result<StoreError, &'static str>> = match pending {
            Pending::Sign {
                id, seen, signer, ..
            } => match cx.store.sign_protocol(id, &seen, &signer) {
                Ok((n, year)) => {
                    self.reload(cx, id);
                    return cx.info(&ps.msg_signed.fill([&format!("{n}/{year}")]));
                }
                Err(StoreError::Refused(Refusal::Conflict)) => Err(Err(ps.err_sign_changed)),
                Err(e) => Err(Ok(e)),
            },
            Pending::Amend { id, .. } => match cx.store.amend_protocol(id, cx.today) {
                Ok(new) => {
                    self.open_protocol_id(cx, new);
                    return cx.info(ps.msg_amendment);
                }
                Err(e) => Err(Ok(e)),
            },
            Pending::DeleteSpeech { id, version, .. } => {
                cx.store.delete_speech(id, version).map_err(Ok)
            }
            Pending::DeleteDecision { id, version, .. } => {
                cx.store.delete_decision(id, version).or_else(in_use)
            }
            Pending::DeleteTask { id, version, .. } => {
                cx.store.delete_decision_task(id, version).or_else(in_use)
            }
            Pending::DeleteItem { id, version, .. } => {
                cx.store.delete_protocol_item(id, version).or_else(in_use)
            }
            Pending::DeleteDelivery { id, version, .. } => {
                cx.store.delete_delivery(id, version).map_err(Ok)
            }
            Pending::SendEmail { id, .. } => return self.start_send_email(cx, id),
        };
        if let Some(pid) = pid {
            self.reload(cx, pid);
        }
        match result {
            Ok(()) => cx.info(s.msg_deleted),
            Err(Ok(e)) => cx.store_error(e),
            Err(Err(msg)) => cx.error(msg),
        }
    }
}

impl Screen for Protocol {
    fn form_context(&self) -> Context {
        Context::ProtocolForm
    }

    fn has_work(&self) -> bool {
        self.mail.as_ref().is_some_and(|m| m.courier.has_news())
    }

    fn working(&self) -> bool {
        self.mail.is_some()
    }

    fn work(&mut self, cx: &mut Ctx) {
        self.send_email_step(cx)
    }

    fn stop_work(&mut self, cx: &mut Ctx) {
        self.stop_sending(cx)
    }

    fn in_flight(&self) -> usize {
        self.mail.as_ref().map_or(0, |m| {
            let (done, total) = m.courier.progress();
            total.saturating_sub(done)
        })
    }

    fn render_work(&self, frame: &mut Frame, body: Rect, view: &View) {
        if let Some(job) = &self.mail {
            mail::render_mail(frame, body, view.strings(), job);
        }
    }

    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_protocol_later(cx)
    }

    fn receive(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        // Opened meanwhile (a protocol in the editor): the list's figures wait for Esc.
        if self.doc.is_none()
            && let Ok(figures) = output.downcast::<PickerFigures>()
        {
            self.show_picker(cx, *figures)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        if self.doc.is_none() {
            self.update_picker(cx, action)
        } else {
            self.update_editor(cx, action)
        }
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(frame, body, view.strings(), self, view.russian())
    }

    fn context(&self) -> Context {
        self.protocol_context()
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_protocol(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        if self.doc.is_none() {
            self.click_picker(cx, row)
        } else {
            self.click_editor(cx, column, row)
        }
    }

    fn tick(&mut self, cx: &mut Ctx) {
        self.tick_protocol(cx)
    }

    fn leave(&mut self, cx: &mut Ctx) -> bool {
        self.leave_protocol_field(cx)
    }

    /// Others' changes are not reloaded under the secretary on this tab (Ctrl-R does it).
    fn busy(&self) -> bool {
        true
    }

    /// A paste in the editor is text for the focused field (typing starts there), never
    /// keys: on a row that is not a text it is refused with the reason.
    fn paste(&mut self, text: &str, cx: &mut Ctx) -> bool {
        if self.doc.is_none() {
            return false;
        }
        if self.editing.is_none() {
            self.start_typing_for_paste(cx);
        }
        if self.editing.is_some() {
            self.paste_protocol(cx, text);
        }
        true
    }

    fn form_key(&mut self, action: Action, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.protocol_form_key(cx, action, form)
    }
}

impl TabForms for Protocol {
    type Target = Target;
    type Pending = Pending;

    fn check(&self, fields: &mut [Field], t: &Target, index: usize, today: NaiveDate) {
        check_field(fields, t, index, today)
    }

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_protocol_form(cx, t, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        question(p, view.strings())
    }

    fn answer(&mut self, p: Pending, _form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        self.carry_out_protocol(cx, p)
    }
}

fn short(s: &str, n: usize) -> String {
    let one = s.replace('\n', " ");
    if one.chars().count() <= n {
        one
    } else {
        let mut t: String = one.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
