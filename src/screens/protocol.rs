//! The Protocol tab: the sessions held and their protocols, and the editor the secretary
//! lives in — header, attendance and quorum, then per item HEARD – SPOKE – DECIDED
//! (УГУЛДУ – ЧЫГЫП СҮЙЛӨШТҮ – ТОКТОМ КЫЛАТ), decisions that become tasks, signing,
//! amendments, the protocol and its extracts as papers, and the delivery register.
//!
//! The protocol is one sequence of fields. Moving (`Tab`, `↑`/`↓`) letters are shortcuts;
//! `Enter` starts typing in a field, where letters are text, `Tab` goes on to the next text
//! field and `Esc` leaves. What is typed is saved within two seconds of typing stopping
//! ([`App::tick`]) and whenever the field is left, one field per transaction, with the row's
//! version: a save over someone else's newer text is refused and the typed text stays.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Cell, List, ListItem, ListState, Paragraph, Row, Table, TableState,
};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::action::Action;
use crate::app::{self, App, FormTarget};
use crate::docs::protocol::{PaperForm, ProtocolPaper};
use crate::domain::deadline::{self, DeadlineError, Holidays};
use crate::domain::protocol::{
    Delivery, DeliveryWay, ProtocolDoc, QuorumRule, SignProblem, Votes, quorum, sign_problems,
    text_hash,
};
use crate::domain::session::SessionStatus;
use crate::domain::validate;
use crate::domain::{Organization, date};
use crate::i18n::protocol::ProtocolStrings;
use crate::i18n::{Lang, Strings, fill};
use crate::keymap::Context;
use crate::store::{OrgFilter, ProtocolRow, StoreError, TaskDraft, TextField};
use crate::widgets::form::{Choices, Field, Form, Label, has_errors};
use crate::widgets::list::Cursor;

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
    ta.set_style(Style::default().bg(Color::Indexed(236)).fg(Color::White));
    ta.set_cursor_style(Style::default().bg(Color::Yellow).fg(Color::Black));
    ta.move_cursor(CursorMove::Bottom);
    ta.move_cursor(CursorMove::End);
    ta
}

#[derive(Default)]
pub struct State {
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
}

impl State {
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
}

// ---------- forms ----------

/// What a protocol form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Task {
        id: i64,
        decision_id: i64,
        version: i64,
        /// Co-executors beyond the one the form shows, kept as they are.
        more_co: Vec<i64>,
    },
    Delivery {
        protocol_id: i64,
        organization_id: i64,
    },
    Write {
        protocol_id: i64,
    },
    Extracts {
        protocol_id: i64,
    },
}

fn searchable_orgs(orgs: &[Organization], russian: bool) -> Choices {
    Choices::Searchable(
        orgs.iter()
            .filter(|o| o.active)
            .map(|o| (o.id, o.name(russian).to_string(), o.search_text()))
            .collect(),
    )
}

pub struct TaskDefaults {
    pub text: String,
    pub executor: Option<i64>,
    pub co_executors: Vec<i64>,
    pub responsible: String,
    pub controller: Option<i64>,
    pub deadline: String,
}

pub fn task_form(
    target: Target,
    d: &TaskDefaults,
    orgs: &[Organization],
    members: Vec<(i64, String)>,
    russian: bool,
) -> Form<Target> {
    let executors = searchable_orgs(orgs, russian);
    let co = searchable_orgs(orgs, russian);
    let controllers = Choices::Records(members);
    let ex_ix = executors.index_of(d.executor);
    let co_ix = co.index_of(d.co_executors.first().copied());
    let ctl_ix = controllers.index_of(d.controller);
    let title: Label = if matches!(target, Target::Task { id: 0, .. }) {
        |s| s.protocol.form_new_task
    } else {
        |s| s.protocol.form_task
    };
    Form::new(
        title,
        vec![
            Field::text(|s| s.protocol.f_task_text, &d.text),
            Field {
                hint: Some(|s| s.protocol.search_hint),
                ..Field::choice(|s| s.protocol.f_executor, executors, ex_ix)
            },
            Field {
                hint: Some(|s| s.protocol.search_hint),
                ..Field::choice(|s| s.protocol.f_co_executor, co, co_ix)
            },
            Field::text(|s| s.protocol.f_responsible, &d.responsible),
            Field::choice(|s| s.protocol.f_controller, controllers, ctl_ix),
            Field {
                hint: Some(|s| s.protocol.deadline_hint),
                ..Field::text(|s| s.protocol.f_deadline, &d.deadline)
            },
        ],
        target,
    )
}

pub fn delivery_form(protocol_id: i64, organization_id: i64, today: NaiveDate) -> Form<Target> {
    Form::new(
        |s| s.protocol.form_delivery,
        vec![
            Field::date(|s| s.protocol.f_delivered_on, &date::format(today)),
            Field::choice(
                |s| s.protocol.f_way,
                Choices::Fixed(|s| &s.protocol.ways),
                2,
            ),
            Field::text(|s| s.protocol.f_received_by, ""),
            Field::text(|s| s.protocol.f_doc_number, ""),
        ],
        Target::Delivery {
            protocol_id,
            organization_id,
        },
    )
}

pub fn write_form(doc: &ProtocolDoc, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let lang_ix = usize::from(lang == Lang::Ru);
    let stem = if lang == Lang::Ru {
        "protokol"
    } else {
        "protokol-ky"
    };
    let label = doc
        .protocol
        .label()
        .unwrap_or_else(|| doc.session.label())
        .replace('/', "-");
    let file = folder.join(format!("{stem}-{label}.docx"));
    Form::new(
        |s| s.protocol.form_write,
        vec![
            Field::choice(|s| s.f_format, Choices::Fixed(|s| &s.doc_formats), 0),
            Field::choice(|s| s.f_doc_lang, Choices::Fixed(|s| &s.doc_langs), lang_ix),
            Field::choice(
                |s| s.protocol.f_paper_form,
                Choices::Fixed(|s| &s.protocol.paper_forms),
                usize::from(doc.protocol.short_form),
            ),
            Field::text(|s| s.f_path, &file.to_string_lossy()),
        ],
        Target::Write {
            protocol_id: doc.protocol.id,
        },
    )
}

pub fn extracts_form(doc: &ProtocolDoc, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let lang_ix = usize::from(lang == Lang::Ru);
    let label = doc.protocol.label().unwrap_or_default().replace('/', "-");
    let dir = folder.join(format!("extracts-{label}"));
    Form::new(
        |s| s.protocol.form_extracts,
        vec![
            Field::choice(|s| s.f_format, Choices::Fixed(|s| &s.doc_formats), 0),
            Field::choice(|s| s.f_doc_lang, Choices::Fixed(|s| &s.doc_langs), lang_ix),
            Field::text(|s| s.protocol.f_folder, &dir.to_string_lossy()),
        ],
        Target::Extracts {
            protocol_id: doc.protocol.id,
        },
    )
}

fn deadline_error(e: DeadlineError) -> Label {
    match e {
        DeadlineError::Empty => |s| s.err_required,
        DeadlineError::NotADate => |s| s.protocol.err_deadline,
        DeadlineError::InThePast => |s| s.protocol.err_deadline_past,
        DeadlineError::TooFar => |s| s.protocol.err_deadline_far,
    }
}

/// Check a task form: the task and its deadline after the working-day rule.
pub fn validate_task(
    fields: &mut [Field],
    target: &Target,
    today: NaiveDate,
    holidays: &Holidays,
) -> Option<(TaskDraft, deadline::Deadline)> {
    let Target::Task {
        id,
        decision_id,
        version,
        more_co,
    } = target
    else {
        return None;
    };
    fields[0].error = validate::required(fields[0].text_value())
        .err()
        .map(super::field_error_label);
    let executor = fields[1].chosen_id();
    fields[1].error = executor.is_none().then_some(|s| s.protocol.err_executor);
    fields[3].error = validate::length(fields[3].text_value())
        .err()
        .map(super::field_error_label);
    let due = deadline::parse(fields[5].text_value(), today, holidays);
    fields[5].error = due.err().map(deadline_error);
    if has_errors(fields) {
        return None;
    }
    let executor = executor?;
    let mut co: Vec<i64> = fields[2].chosen_id().into_iter().collect();
    co.extend(more_co.iter().copied());
    co.retain(|c| *c != executor);
    co.dedup();
    let due = due.ok()?;
    Some((
        TaskDraft {
            id: *id,
            decision_id: *decision_id,
            text: fields[0].text_value().trim().to_string(),
            executor_id: executor,
            co_executors: co,
            responsible_person: fields[3].text_value().trim().to_string(),
            controller_id: fields[4].chosen_id(),
            deadline: due.date,
            version: *version,
        },
        due,
    ))
}

/// Validate the field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize, today: NaiveDate) {
    let mut trial = fields.to_vec();
    match target {
        Target::Task { .. } => drop(validate_task(
            &mut trial,
            target,
            today,
            &Holidays::builtin(),
        )),
        Target::Delivery { .. } => {
            trial[0].error = validate::date(trial[0].text_value())
                .err()
                .map(super::field_error_label);
        }
        Target::Write { .. } => {
            trial[3].error = validate::required(trial[3].text_value())
                .err()
                .map(super::field_error_label);
        }
        Target::Extracts { .. } => {
            trial[2].error = validate::required(trial[2].text_value())
                .err()
                .map(super::field_error_label);
        }
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

/// Ctrl-E in a task form: the end of this month (after the working-day rule).
pub fn end_of_month(form: &mut Form<FormTarget>, today: NaiveDate, holidays: &Holidays) {
    if !matches!(form.target, FormTarget::Protocol(Target::Task { .. })) {
        return;
    }
    let due = deadline::settle(deadline::end_of_month(today), today, holidays);
    if let Some(f) = form.fields.get_mut(5) {
        f.value =
            crate::widgets::form::Value::Text(crate::widgets::Input::new(&date::format(due.date)));
        f.error = None;
        form.focus = 5;
        form.dirty = true;
    }
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
}

pub fn question(p: &Pending, s: &Strings) -> String {
    let ps = s.protocol;
    match p {
        Pending::Sign {
            session,
            signer,
            number,
            ..
        } => fill(ps.confirm_sign, &[session, signer, number]),
        Pending::Amend { label, .. } => fill(ps.confirm_amend, &[label]),
        Pending::DeleteSpeech { label, .. }
        | Pending::DeleteDecision { label, .. }
        | Pending::DeleteTask { label, .. }
        | Pending::DeleteItem { label, .. }
        | Pending::DeleteDelivery { label, .. } => fill(s.confirm_delete, &[label]),
    }
}

fn sign_problem_text(p: &SignProblem, ps: &ProtocolStrings) -> String {
    match p {
        SignProblem::AlreadySigned => ps.err_signed.to_string(),
        SignProblem::NoQuorum(q) => fill(ps.err_no_quorum, &[&q.present, &q.members, &q.needed]),
        SignProblem::NoDecision => ps.err_no_decision.to_string(),
        SignProblem::EmptyDecision(n) => fill(ps.err_empty_decision, &[n]),
        SignProblem::NoPresiding => ps.err_no_presiding.to_string(),
        SignProblem::NoSecretary => ps.err_no_secretary.to_string(),
    }
}

// ---------- behaviour ----------

/// What a text field saves as, checked first (the vote must be three numbers).
enum SaveError {
    Store(StoreError),
    Invalid(&'static str),
}

impl App {
    fn pstrings(&self) -> &'static ProtocolStrings {
        self.strings().protocol
    }

    /// Which keys apply: the list, moving in the editor, or typing in a field.
    pub(crate) fn protocol_context(&self) -> Context {
        let st = &self.protocol;
        if st.doc.is_none() {
            Context::ProtocolPicker
        } else if st.editing.is_some() {
            Context::ProtocolEdit
        } else {
            Context::Protocol
        }
    }

    fn protocol_holidays(&mut self) -> &Holidays {
        if self.protocol.holidays.is_none() {
            let mut h = Holidays::builtin();
            // The secretary's own list next to the database, if there is one.
            if let Some(file) = self
                .store
                .path()
                .and_then(|p| p.parent())
                .map(|d| d.join("holidays.txt"))
                && let Ok(text) = std::fs::read_to_string(&file)
            {
                match Holidays::parse(&text) {
                    Ok(more) => h.extend(more),
                    Err(e) => self.error(&format!("{}: {e}", file.display())),
                }
            }
            self.protocol.holidays = Some(h);
        }
        self.protocol.holidays.get_or_insert_with(Holidays::builtin)
    }

    pub(crate) fn refresh_protocol(&mut self) {
        match self.store.quorum_rule() {
            Ok(r) => self.protocol.rule = r,
            Err(e) => return self.store_error(e),
        }
        match self.store.organizations(&OrgFilter {
            include_inactive: true,
            russian: self.lang == Lang::Ru,
            ..Default::default()
        }) {
            Ok(v) => self.protocol.orgs = v,
            Err(e) => return self.store_error(e),
        }
        if let Some(id) = self.protocol.doc.as_ref().map(|d| d.protocol.id) {
            self.reload_protocol(id);
        } else {
            match self.store.protocol_rows(self.today) {
                Ok(rows) => self.protocol.rows = rows,
                Err(e) => return self.store_error(e),
            }
            match self.store.undelivered_extracts() {
                Ok(list) => {
                    let mut counts: Vec<(i64, usize)> = Vec::new();
                    for (pid, _, _) in list {
                        match counts.last_mut() {
                            Some(c) if c.0 == pid => c.1 += 1,
                            _ => counts.push((pid, 1)),
                        }
                    }
                    self.protocol.undelivered = counts;
                }
                Err(e) => return self.store_error(e),
            }
            let h = self.protocol_picker_rows();
            let st = &mut self.protocol;
            st.picker.clamp(st.rows.len(), h);
        }
    }

    /// Read the open protocol again, keeping the cursor on the same field.
    fn reload_protocol(&mut self, id: i64) {
        let keep = self.protocol.focused();
        let doc = match self.store.protocol_doc(id) {
            Ok(d) => d,
            Err(e) => {
                self.protocol.doc = None;
                self.protocol.editing = None;
                self.store_error(e);
                return;
            }
        };
        self.protocol.deliveries = self.store.deliveries(id).unwrap_or_default();
        let all = fields(&doc);
        let st = &mut self.protocol;
        match keep.map(|k| all.iter().position(|f| f.1 == k)) {
            Some(Some(i)) => st.focus = i,
            // The field is gone (deleted): the one before it, in the same item.
            Some(None) => st.focus = st.focus.saturating_sub(1),
            None => {}
        }
        st.focus = st.focus.min(all.len().saturating_sub(1));
        st.doc = Some(doc);
    }

    fn protocol_picker_rows(&self) -> usize {
        self.body().height.saturating_sub(4) as usize
    }

    pub(crate) fn resize_protocol(&mut self) {
        let h = self.protocol_picker_rows();
        let st = &mut self.protocol;
        st.picker.clamp(st.rows.len(), h);
    }

    /// Open the protocol of the picker's selected row (made from the agenda the first time).
    fn protocol_open_selected(&mut self) {
        let ps = self.pstrings();
        let Some(row) = self
            .protocol
            .rows
            .get(self.protocol.picker.selected)
            .cloned()
        else {
            return self.error(self.strings().err_nothing_selected);
        };
        let id = match row.protocol {
            Some(p) => p.id,
            None if row.session.date > self.today => return self.error(ps.err_not_held),
            None => match self.store.open_protocol(row.session.id) {
                Ok(id) => id,
                Err(e) => return self.store_error(e),
            },
        };
        self.open_protocol_id(id);
    }

    /// Open (making it when needed) the protocol of a session in the editor, as Enter in the
    /// list does. False, with the reason in the status line, when it cannot be.
    pub fn open_session_protocol(&mut self, session_id: i64) -> bool {
        if let Some(i) = self
            .protocol
            .rows
            .iter()
            .position(|r| r.session.id == session_id)
        {
            self.protocol.picker.selected = i;
        }
        let id = match self.store.protocol_of_session(session_id) {
            Ok(Some(id)) => id,
            Ok(None) => match self.store.open_protocol(session_id) {
                Ok(id) => id,
                Err(e) => {
                    self.store_error(e);
                    return false;
                }
            },
            Err(e) => {
                self.store_error(e);
                return false;
            }
        };
        self.open_protocol_id(id);
        self.protocol.doc.is_some()
    }

    /// The field being typed in (else the one under the cursor) and its text as stored.
    pub fn protocol_field_report(&self) -> (String, String) {
        let key = self
            .protocol
            .editing
            .as_ref()
            .map(|e| e.key)
            .or(self.protocol.focused());
        match (key, &self.protocol.doc) {
            (Some(k), Some(doc)) => (
                k.code(),
                field_value(doc, k).map(|v| v.0).unwrap_or_default(),
            ),
            _ => (String::new(), String::new()),
        }
    }

    /// Put the cursor on a field by its code ("decision_text:12"); false when there is none.
    pub fn focus_protocol_field(&mut self, code: &str) -> bool {
        let Some(key) = FieldKey::parse(code) else {
            return false;
        };
        if self.protocol.editing.is_some() && !self.protocol_end_edit() {
            return false;
        }
        let before = self.protocol.focused();
        self.protocol_focus_key(key);
        self.protocol.focused() == Some(key) || before == Some(key)
    }

    /// Show protocol `id` in the editor, the cursor on the field last typed in.
    pub fn open_protocol_id(&mut self, id: i64) {
        self.protocol.editing = None;
        self.protocol.mark = SaveMark::Saved;
        self.protocol.stash = None;
        self.protocol.focus = 0;
        self.protocol.doc = None;
        self.reload_protocol(id);
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let last = doc.protocol.last_field.clone();
        let all = fields(doc);
        if let Some(k) = FieldKey::parse(&last)
            && let Some(i) = all.iter().position(|f| f.1 == k)
        {
            self.protocol.focus = i;
        } else if let Some(i) = all.iter().position(|f| f.0 >= 2) {
            // A protocol just made starts at its first item.
            self.protocol.focus = i;
        }
    }

    /// Save what is typed in the open field, if anything; false when it could not be saved.
    pub(crate) fn flush_protocol(&mut self) -> bool {
        match &self.protocol.editing {
            Some(e) if e.dirty => self.protocol_save_editing(),
            Some(e) if e.conflict => false,
            _ => true,
        }
    }

    /// Leaving the tab: save what was typed and stop typing; false when it could not be saved.
    pub(crate) fn leave_protocol_field(&mut self) -> bool {
        if self.protocol.editing.is_none() {
            return true;
        }
        self.protocol_end_edit()
    }

    /// The idle save: typing that stopped [`AUTOSAVE_AFTER`] ago is written.
    pub(crate) fn tick_protocol(&mut self, now: Instant) {
        let due = self.protocol.editing.as_ref().is_some_and(|e| {
            e.dirty
                && !e.conflict
                && e.changed_at
                    .is_some_and(|t| now.saturating_duration_since(t) >= AUTOSAVE_AFTER)
        });
        if due {
            self.protocol_save_editing();
        }
    }

    /// Where the cursor is, to remember: "decision_text:12@0.14".
    fn protocol_last_field_code(&self) -> String {
        match &self.protocol.editing {
            Some(e) => {
                let c = e.area.cursor();
                format!("{}@{}.{}", e.key.code(), c.0, c.1)
            }
            None => self
                .protocol
                .focused()
                .map(FieldKey::code)
                .unwrap_or_default(),
        }
    }

    fn protocol_save_field(
        &mut self,
        key: FieldKey,
        text: &str,
        version: i64,
        last: &str,
    ) -> Result<i64, SaveError> {
        let Some(doc) = &self.protocol.doc else {
            return Err(SaveError::Store(StoreError::NotFound));
        };
        let pid = doc.protocol.id;
        let st = &mut self.store;
        let r = match key {
            FieldKey::Place => st.save_protocol_text(TextField::Place, pid, version, text, last),
            FieldKey::Presiding => {
                st.save_protocol_text(TextField::Presiding, pid, version, text, last)
            }
            FieldKey::Secretary => {
                st.save_protocol_text(TextField::Secretary, pid, version, text, last)
            }
            FieldKey::ItemTitle(i) => {
                st.save_protocol_text(TextField::ItemTitle, i, version, text, last)
            }
            FieldKey::HeardSpeaker(i) => {
                st.save_protocol_text(TextField::HeardSpeaker, i, version, text, last)
            }
            FieldKey::HeardSummary(i) => {
                st.save_protocol_text(TextField::HeardSummary, i, version, text, last)
            }
            FieldKey::SpeechSpeaker(i) => {
                st.save_protocol_text(TextField::SpeechSpeaker, i, version, text, last)
            }
            FieldKey::SpeechSummary(i) => {
                st.save_protocol_text(TextField::SpeechSummary, i, version, text, last)
            }
            FieldKey::DecisionText(i) => {
                st.save_protocol_text(TextField::DecisionText, i, version, text, last)
            }
            FieldKey::Votes(d) => match Votes::parse(text) {
                Ok(v) => st.save_votes(d, version, v, last),
                Err(_) => return Err(SaveError::Invalid(self.strings().protocol.err_votes)),
            },
            FieldKey::Reason(m) => st.save_attendance(pid, m, false, text, version, last),
            _ => return Err(SaveError::Store(StoreError::NotFound)),
        };
        r.map_err(SaveError::Store)
    }

    /// Write the open field now. On a conflict the typed text stays in the field.
    fn protocol_save_editing(&mut self) -> bool {
        let Some(e) = &self.protocol.editing else {
            return true;
        };
        if !e.dirty {
            return !e.conflict;
        }
        let (key, text, version) = (e.key, e.text(), e.version);
        let last = self.protocol_last_field_code();
        match self.protocol_save_field(key, &text, version, &last) {
            Ok(v) => {
                if let Some(e) = self.protocol.editing.as_mut() {
                    e.version = v;
                    e.dirty = false;
                    e.changed_at = None;
                    e.conflict = false;
                }
                self.protocol.mark = SaveMark::Saved;
                if let Some(id) = self.protocol.doc.as_ref().map(|d| d.protocol.id) {
                    self.reload_protocol(id);
                }
                true
            }
            Err(SaveError::Store(StoreError::Conflict)) => {
                if let Some(e) = self.protocol.editing.as_mut() {
                    e.conflict = true;
                }
                self.protocol.mark = SaveMark::Conflict;
                self.error(self.pstrings().err_conflict);
                false
            }
            Err(SaveError::Store(e)) => {
                // The field is gone, or the protocol was signed meanwhile: the text is kept
                // for Ctrl-V, and the editor shows what is stored.
                self.protocol.stash = Some(text);
                self.protocol.editing = None;
                self.protocol.mark = SaveMark::Failed;
                if let Some(id) = self.protocol.doc.as_ref().map(|d| d.protocol.id) {
                    self.reload_protocol(id);
                }
                self.store_error(e);
                false
            }
            Err(SaveError::Invalid(msg)) => {
                if let Some(x) = self.protocol.editing.as_mut() {
                    x.changed_at = None;
                }
                self.protocol.mark = SaveMark::Failed;
                self.error(msg);
                false
            }
        }
    }

    /// Start typing in the focused field (a text field of a draft).
    fn protocol_begin_edit(&mut self) {
        let Some(key) = self.protocol.focused() else {
            return;
        };
        if !key.is_text() {
            return;
        }
        if self.protocol.signed() {
            return self.error(self.pstrings().err_signed);
        }
        // Typing is editing: a click or Tab must not let a reader in.
        if !self.may(Action::Edit) {
            return;
        }
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let Some((text, version)) = field_value(doc, key) else {
            return;
        };
        let mut area = text_area(&text, key.multiline());
        // Back where the cursor was when this field was last typed in.
        let last = &doc.protocol.last_field;
        if FieldKey::parse(last) == Some(key)
            && let Some((_, at)) = last.split_once('@')
            && let Some((r, c)) = at.split_once('.')
            && let (Ok(r), Ok(c)) = (r.parse::<u16>(), c.parse::<u16>())
        {
            area.move_cursor(CursorMove::Jump(r, c));
        }
        self.protocol.editing = Some(Editing {
            key,
            area,
            version,
            dirty: false,
            changed_at: None,
            conflict: false,
        });
    }

    /// Leave the field being typed in (saved first); false when it could not be saved.
    fn protocol_end_edit(&mut self) -> bool {
        if !self.protocol_save_editing() {
            return false;
        }
        self.protocol.editing = None;
        true
    }

    fn protocol_focus_key(&mut self, key: FieldKey) {
        if let Some(doc) = &self.protocol.doc
            && let Some(i) = fields(doc).iter().position(|f| f.1 == key)
        {
            self.protocol.focus = i;
        }
    }

    /// Move to the next (or previous) field; while typing, only text fields count.
    fn protocol_step_field(&mut self, forward: bool) {
        let typing = self.protocol.editing.is_some();
        if typing && !self.protocol_end_edit() {
            return;
        }
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let all = fields(doc);
        let n = all.len();
        if n == 0 {
            return;
        }
        let mut i = self.protocol.focus;
        for _ in 0..n {
            i = if forward {
                (i + 1).min(n - 1)
            } else {
                i.saturating_sub(1)
            };
            if !typing || all[i].1.is_text() || i == 0 || i == n - 1 {
                break;
            }
        }
        if typing && !all[i].1.is_text() {
            // Nothing further to type in that way: stay.
            i = self.protocol.focus;
        }
        self.protocol.focus = i;
        if typing {
            self.protocol_begin_edit();
        }
    }

    /// To the first field of the next (or previous) item.
    fn protocol_step_item(&mut self, forward: bool) {
        let typing = self.protocol.editing.is_some();
        if typing && !self.protocol_end_edit() {
            return;
        }
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let all = fields(doc);
        let page = all.get(self.protocol.focus).map_or(0, |f| f.0);
        let target = if forward {
            all.iter().position(|f| f.0 > page)
        } else {
            let prev = all.iter().rev().map(|f| f.0).find(|p| *p < page);
            prev.and_then(|p| all.iter().position(|f| f.0 == p))
        };
        if let Some(i) = target {
            self.protocol.focus = i;
        }
        if typing {
            self.protocol_begin_edit();
        }
    }

    fn protocol_go_page(&mut self, page: usize) {
        if self.protocol.editing.is_some() && !self.protocol_end_edit() {
            return;
        }
        if let Some(doc) = &self.protocol.doc
            && let Some(i) = fields(doc).iter().position(|f| f.0 == page)
        {
            self.protocol.focus = i;
        }
    }

    fn protocol_mark_changed(&mut self) {
        let now = self.now;
        if let Some(e) = self.protocol.editing.as_mut() {
            e.dirty = true;
            e.changed_at = Some(now);
            if !e.conflict {
                self.protocol.mark = SaveMark::Pending;
            }
        }
    }

    /// Text for the field being typed in: pasted or typed. Line breaks end a line in a
    /// field of several lines and become spaces in a one-line field — never Enter.
    pub(crate) fn paste_protocol(&mut self, text: &str) {
        let Some(e) = self.protocol.editing.as_mut() else {
            return;
        };
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let text: String = if e.key.multiline() {
            text.chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| *c == '\n' || !c.is_control())
                .collect()
        } else {
            text.chars()
                .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect()
        };
        if e.area.insert_str(&text) {
            self.protocol_mark_changed();
        }
    }

    fn protocol_typing(&mut self, action: Action) {
        let ps = self.pstrings();
        let Some(e) = self.protocol.editing.as_mut() else {
            return;
        };
        let multiline = e.key.multiline();
        let changed = match action {
            Action::Input(c) if c == '\n' || c == '\r' => {
                if multiline {
                    e.area.insert_newline();
                    true
                } else {
                    e.area.insert_char(' ');
                    true
                }
            }
            Action::Input(c) if c.is_control() => {
                e.area.insert_char(' ');
                true
            }
            Action::Input(c) => {
                e.area.insert_char(c);
                true
            }
            Action::Newline => {
                if multiline {
                    e.area.insert_newline();
                    true
                } else {
                    return self.protocol_step_field(true);
                }
            }
            Action::Backspace => e.area.delete_char(),
            Action::DeleteChar => e.area.delete_next_char(),
            Action::CursorHome => {
                e.area.move_cursor(CursorMove::Head);
                false
            }
            Action::CursorEnd => {
                e.area.move_cursor(CursorMove::End);
                false
            }
            Action::CursorLeft => {
                e.area.move_cursor(CursorMove::Back);
                false
            }
            Action::CursorRight => {
                e.area.move_cursor(CursorMove::Forward);
                false
            }
            Action::CursorUp | Action::CursorDown => {
                let before = e.area.cursor();
                let up = action == Action::CursorUp;
                e.area
                    .move_cursor(if up { CursorMove::Up } else { CursorMove::Down });
                if e.area.cursor() == before {
                    // At the edge of the text: on to the field above or below.
                    return self.protocol_step_field(!up);
                }
                false
            }
            Action::Undo => e.area.undo(),
            Action::Redo => e.area.redo(),
            Action::PasteStash => match self.protocol.stash.take() {
                Some(mine) => {
                    // Put ours back in place of theirs, to save deliberately.
                    e.area = text_area(&mine, multiline);
                    true
                }
                None => {
                    self.info(ps.msg_no_stash);
                    false
                }
            },
            _ => false,
        };
        if changed {
            self.protocol_mark_changed();
        }
    }

    /// Ctrl-R / r: read the protocol again; a field in conflict takes the stored text and
    /// ours is kept for Ctrl-V.
    fn protocol_reload_open(&mut self) {
        let ps = self.pstrings();
        let Some(id) = self.protocol.doc.as_ref().map(|d| d.protocol.id) else {
            return;
        };
        let editing = self.protocol.editing.take();
        if let Some(e) = &editing
            && (e.dirty || e.conflict)
        {
            self.protocol.stash = Some(e.text());
        }
        self.reload_protocol(id);
        self.protocol.mark = SaveMark::Saved;
        if let Some(e) = editing {
            self.protocol_focus_key(e.key);
            self.protocol_begin_edit();
        }
        if self.protocol.stash.is_some() {
            self.info(ps.msg_reloaded_stash);
        } else {
            self.info(ps.msg_reloaded);
        }
    }

    /// The item (protocol_item id) the cursor is in.
    fn protocol_current_item(&self) -> Option<i64> {
        let doc = self.protocol.doc.as_ref()?;
        match pages(doc).get(self.protocol.page()) {
            Some(Page::Item(i)) => doc.items.get(*i).map(|x| x.id),
            _ => None,
        }
    }

    fn protocol_draft_or_error(&mut self) -> bool {
        if self.protocol.signed() {
            self.error(self.pstrings().err_signed);
            return false;
        }
        self.protocol.doc.is_some()
    }

    fn protocol_after_add(
        &mut self,
        result: crate::store::Result<i64>,
        key: impl Fn(i64) -> FieldKey,
    ) {
        match result {
            Ok(id) => {
                let pid = self.protocol.doc.as_ref().map(|d| d.protocol.id);
                if let Some(pid) = pid {
                    self.reload_protocol(pid);
                }
                self.protocol_focus_key(key(id));
                self.protocol_begin_edit();
            }
            Err(e) => self.store_error(e),
        }
    }

    fn protocol_add_speaker(&mut self) {
        if !self.protocol_draft_or_error() || !self.protocol_end_edit() {
            return;
        }
        let Some(item) = self.protocol_current_item() else {
            return self.error(self.pstrings().err_not_in_item);
        };
        let r = self.store.add_speech(item);
        self.protocol_after_add(r, FieldKey::SpeechSpeaker);
    }

    fn protocol_add_decision(&mut self) {
        if !self.protocol_draft_or_error() || !self.protocol_end_edit() {
            return;
        }
        let Some(item) = self.protocol_current_item() else {
            return self.error(self.pstrings().err_not_in_item);
        };
        let r = self.store.add_decision(item, "");
        self.protocol_after_add(r, FieldKey::DecisionText);
    }

    fn protocol_add_item(&mut self) {
        if !self.protocol_draft_or_error() || !self.protocol_end_edit() {
            return;
        }
        let Some(pid) = self.protocol.doc.as_ref().map(|d| d.protocol.id) else {
            return;
        };
        let r = self
            .store
            .add_protocol_item(pid, self.pstrings().other_business);
        self.protocol_after_add(r, FieldKey::ItemTitle);
    }

    /// The task form for the decision point under the cursor: its text, a deadline it names,
    /// the chair as controller.
    fn protocol_add_task(&mut self) {
        if !self.protocol_draft_or_error() || !self.protocol_end_edit() {
            return;
        }
        let ps = self.pstrings();
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let Some(focus) = self.protocol.focused() else {
            return;
        };
        let Some(decision) =
            decision_of(doc, focus).and_then(|d| doc.decisions().find(|x| x.id == d))
        else {
            return self.error(ps.err_not_in_decision);
        };
        let found = deadline::find_in_text(&decision.text);
        let chair = doc
            .attendance
            .iter()
            .find(|a| a.role == crate::domain::Role::Chair)
            .map(|a| a.member_id);
        let defaults = TaskDefaults {
            text: decision.text.trim().to_string(),
            executor: None,
            co_executors: Vec::new(),
            responsible: String::new(),
            controller: chair,
            deadline: found.map(date::format).unwrap_or_default(),
        };
        let target = Target::Task {
            id: 0,
            decision_id: decision.id,
            version: 0,
            more_co: Vec::new(),
        };
        let members = self.protocol_member_choices();
        let form = task_form(
            target,
            &defaults,
            &self.protocol.orgs,
            members,
            self.lang == Lang::Ru,
        );
        self.open_form(form.map(FormTarget::Protocol));
        if let Some(d) = found {
            self.info(&fill(ps.msg_deadline_proposed, &[&date::format(d)]));
        }
    }

    fn protocol_member_choices(&self) -> Vec<(i64, String)> {
        self.store
            .all_members()
            .map(|v| {
                v.into_iter()
                    .filter(|m| m.active)
                    .map(|m| (m.id, m.full_name))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn protocol_edit_task(&mut self, task_id: i64) {
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let Some(t) = doc.tasks().find(|t| t.id == task_id).cloned() else {
            return;
        };
        if doc.protocol.is_signed() {
            return self.error(self.pstrings().err_signed);
        }
        let co: Vec<i64> = t.co_executors.iter().map(|c| c.0).collect();
        let defaults = TaskDefaults {
            text: t.text.clone(),
            executor: Some(t.executor_id),
            co_executors: co.clone(),
            responsible: t.responsible_person.clone(),
            controller: t.controller_id,
            deadline: date::format(t.deadline),
        };
        let target = Target::Task {
            id: t.id,
            decision_id: t.decision_id,
            version: t.version,
            more_co: co.into_iter().skip(1).collect(),
        };
        let members = self.protocol_member_choices();
        let form = task_form(
            target,
            &defaults,
            &self.protocol.orgs,
            members,
            self.lang == Lang::Ru,
        );
        self.open_form(form.map(FormTarget::Protocol));
    }

    /// Enter on a field that is not typed into: toggle it, or open its form.
    fn protocol_activate(&mut self) {
        let Some(key) = self.protocol.focused() else {
            return;
        };
        match key {
            k if k.is_text() => self.protocol_begin_edit(),
            FieldKey::Present(_) => self.protocol_toggle_present(),
            FieldKey::ShortForm => self.protocol_toggle_short_form(),
            FieldKey::Rule => {
                let next =
                    QuorumRule::ALL[(self.protocol.rule.index() + 1) % QuorumRule::ALL.len()];
                match self.store.set_setting("quorum_rule", next.code()) {
                    Ok(()) => {
                        self.protocol.rule = next;
                        self.info(self.pstrings().msg_rule);
                    }
                    Err(e) => self.store_error(e),
                }
            }
            FieldKey::Task(t) => self.protocol_edit_task(t),
            FieldKey::Extract(org) => {
                let Some(doc) = &self.protocol.doc else {
                    return;
                };
                if !doc.protocol.is_signed() {
                    return self.error(self.pstrings().err_not_signed);
                }
                let form = delivery_form(doc.protocol.id, org, self.today);
                self.open_form(form.map(FormTarget::Protocol));
            }
            _ => {}
        }
    }

    fn protocol_toggle_present(&mut self) {
        let Some(FieldKey::Present(m) | FieldKey::Reason(m)) = self.protocol.focused() else {
            return;
        };
        if !self.protocol_draft_or_error() {
            return;
        }
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let Some(a) = doc.attendance.iter().find(|a| a.member_id == m).cloned() else {
            return;
        };
        let pid = doc.protocol.id;
        let key = FieldKey::Present(m).code();
        match self.store.save_attendance(
            pid,
            m,
            !a.present,
            if a.present { &a.absence_reason } else { "" },
            a.version,
            &key,
        ) {
            Ok(_) => {
                self.reload_protocol(pid);
                self.protocol_focus_key(FieldKey::Present(m));
            }
            Err(e) => self.store_error(e),
        }
    }

    fn protocol_toggle_short_form(&mut self) {
        if !self.protocol_draft_or_error() || !self.protocol_end_edit() {
            return;
        }
        let Some(p) = self.protocol.doc.as_ref().map(|d| d.protocol.clone()) else {
            return;
        };
        match self.store.set_short_form(p.id, p.version, !p.short_form) {
            Ok(_) => self.reload_protocol(p.id),
            Err(e) => self.store_error(e),
        }
    }

    fn ask_protocol_delete(&mut self) {
        if !self.protocol_draft_or_error()
            && !matches!(self.protocol.focused(), Some(FieldKey::Extract(_)))
        {
            return;
        }
        let ps = self.pstrings();
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let Some(key) = self.protocol.focused() else {
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
                .protocol
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
            Some(p) => self.confirm = Some(app::Pending::Protocol(p)),
            None => self.error(self.strings().err_nothing_selected),
        }
    }

    fn ask_protocol_sign(&mut self) {
        if !self.protocol_end_edit() {
            return;
        }
        let ps = self.pstrings();
        let Some(doc) = &self.protocol.doc else {
            return;
        };
        let problems = sign_problems(doc, self.protocol.rule);
        if let Some(p) = problems.first() {
            let text = sign_problem_text(p, ps);
            return self.error(&text);
        }
        let year = chrono::Datelike::year(&doc.protocol.date);
        let next = match self.store.next_protocol_number(year) {
            Ok(n) => n,
            Err(e) => return self.store_error(e),
        };
        let pending = Pending::Sign {
            id: doc.protocol.id,
            seen: text_hash(doc),
            session: doc.session.label(),
            signer: doc.protocol.presiding.clone(),
            number: format!("{next}/{year}"),
        };
        self.confirm = Some(app::Pending::Protocol(pending));
    }

    pub(crate) fn carry_out_protocol(&mut self, pending: Pending) {
        let ps = self.pstrings();
        let s = self.strings();
        let pid = self.protocol.doc.as_ref().map(|d| d.protocol.id);
        let in_use = |e: StoreError| match e {
            StoreError::InUse => Err(Err(ps.err_has_tasks)),
            e => Err(Ok(e)),
        };
        // Err(Ok(e)): a store error to explain; Err(Err(msg)): a message of our own.
        let result: Result<(), Result<StoreError, &'static str>> = match pending {
            Pending::Sign {
                id, seen, signer, ..
            } => match self.store.sign_protocol(id, &seen, &signer) {
                Ok((n, year)) => {
                    self.reload_protocol(id);
                    return self.info(&fill(ps.msg_signed, &[&format!("{n}/{year}")]));
                }
                Err(StoreError::Conflict) => Err(Err(ps.err_sign_changed)),
                Err(e) => Err(Ok(e)),
            },
            Pending::Amend { id, .. } => match self.store.amend_protocol(id, self.today) {
                Ok(new) => {
                    self.open_protocol_id(new);
                    return self.info(ps.msg_amendment);
                }
                Err(e) => Err(Ok(e)),
            },
            Pending::DeleteSpeech { id, version, .. } => {
                self.store.delete_speech(id, version).map_err(Ok)
            }
            Pending::DeleteDecision { id, version, .. } => {
                self.store.delete_decision(id, version).or_else(in_use)
            }
            Pending::DeleteTask { id, version, .. } => {
                self.store.delete_decision_task(id, version).or_else(in_use)
            }
            Pending::DeleteItem { id, version, .. } => {
                self.store.delete_protocol_item(id, version).or_else(in_use)
            }
            Pending::DeleteDelivery { id, version, .. } => {
                self.store.delete_delivery(id, version).map_err(Ok)
            }
        };
        if let Some(pid) = pid {
            self.reload_protocol(pid);
        }
        match result {
            Ok(()) => self.info(s.msg_deleted),
            Err(Ok(e)) => self.store_error(e),
            Err(Err(msg)) => self.error(msg),
        }
    }

    pub(crate) fn save_protocol_form(&mut self, target: Target) {
        let s = self.strings();
        let ps = s.protocol;
        let today = self.today;
        let holidays = self.protocol_holidays().clone();
        let heads: Vec<(i64, String)> = self
            .protocol
            .orgs
            .iter()
            .map(|o| (o.id, o.head_name.clone()))
            .collect();
        let Some(form) = self.form.as_mut() else {
            return;
        };
        let fields = &mut form.fields;
        match &target {
            Target::Task { .. } => {
                let Some((mut task, due)) = validate_task(fields, &target, today, &holidays) else {
                    return self.error(s.err_fix_fields);
                };
                if task.responsible_person.is_empty() {
                    // The organization's head answers for it, unless someone else is named.
                    task.responsible_person = heads
                        .iter()
                        .find(|h| h.0 == task.executor_id)
                        .map(|h| h.1.clone())
                        .unwrap_or_default();
                }
                match self.store.save_decision_task(&task) {
                    Ok(id) => {
                        self.form = None;
                        if let Some(pid) = self.protocol.doc.as_ref().map(|d| d.protocol.id) {
                            self.reload_protocol(pid);
                        }
                        self.protocol_focus_key(FieldKey::Task(id));
                        match due.moved_from {
                            Some(asked) => self.info(&fill(
                                ps.msg_deadline_moved,
                                &[&date::format(asked), &date::format(due.date)],
                            )),
                            None => self.info(ps.msg_task_saved),
                        }
                    }
                    Err(e) => self.store_error(e),
                }
            }
            Target::Delivery {
                protocol_id,
                organization_id,
            } => {
                let on = validate::date(fields[0].text_value());
                fields[0].error = on.err().map(super::field_error_label);
                fields[2].error = validate::length(fields[2].text_value())
                    .err()
                    .map(super::field_error_label);
                if has_errors(fields) {
                    return self.error(s.err_fix_fields);
                }
                let Ok(on) = on else { return };
                let d = Delivery {
                    id: 0,
                    protocol_id: *protocol_id,
                    organization_id: *organization_id,
                    delivered_on: on,
                    way: DeliveryWay::ALL[fields[1].choice_index().min(3)],
                    received_by: fields[2].text_value().to_string(),
                    doc_number: fields[3].text_value().to_string(),
                    version: 0,
                };
                match self.store.record_delivery(&d) {
                    Ok(_) => {
                        self.form = None;
                        self.reload_protocol(*protocol_id);
                        self.info(ps.msg_delivery);
                    }
                    Err(e) => self.store_error(e),
                }
            }
            Target::Write { protocol_id } => {
                fields[3].error = validate::required(fields[3].text_value())
                    .err()
                    .map(super::field_error_label);
                if has_errors(fields) {
                    return self.error(s.err_fix_fields);
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
                let paper_form = if fields[2].choice_index() == 1 {
                    PaperForm::Short
                } else {
                    PaperForm::Full
                };
                let path = crate::docs::free_name(
                    &std::path::PathBuf::from(fields[3].text_value().trim()).with_extension(ext),
                );
                let written = ProtocolPaper::load(&self.store, *protocol_id, lang)
                    .map_err(|e| e.to_string())
                    .and_then(|paper| {
                        crate::docs::write(&paper.document(paper_form), format, &path)
                            .map_err(|e| e.to_string())
                    });
                match written {
                    Ok(()) => {
                        self.form = None;
                        self.info(&fill(s.msg_written, &[&path.display()]));
                    }
                    Err(e) => self.error(&fill(s.err_write, &[&path.display(), &e])),
                }
            }
            Target::Extracts { protocol_id } => {
                fields[2].error = validate::required(fields[2].text_value())
                    .err()
                    .map(super::field_error_label);
                if has_errors(fields) {
                    return self.error(s.err_fix_fields);
                }
                let format = if fields[0].choice_index() == 0 {
                    crate::docs::Format::Docx
                } else {
                    crate::docs::Format::Markdown
                };
                let lang = if fields[1].choice_index() == 1 {
                    Lang::Ru
                } else {
                    Lang::Ky
                };
                let dir = std::path::PathBuf::from(fields[2].text_value().trim());
                let written = ProtocolPaper::load(&self.store, *protocol_id, lang)
                    .map_err(|e| e.to_string())
                    .and_then(|paper| {
                        paper
                            .write_extracts(&dir, format)
                            .map_err(|e| e.to_string())
                    });
                match written {
                    Ok(files) => {
                        self.form = None;
                        self.info(&fill(ps.msg_extracts, &[&files.len(), &dir.display()]));
                    }
                    Err(e) => self.error(&fill(s.err_write, &[&dir.display(), &e])),
                }
            }
        }
    }

    /// Ctrl-E in a protocol form.
    pub(crate) fn protocol_form_key(&mut self, action: Action) {
        if action != Action::EndOfMonth {
            return;
        }
        let today = self.today;
        let holidays = self.protocol_holidays().clone();
        if let Some(form) = self.form.as_mut() {
            end_of_month(form, today, &holidays);
        }
    }

    pub(crate) fn update_protocol(&mut self, action: Action) {
        if self.protocol.doc.is_none() {
            return self.protocol_update_picker(action);
        }
        if self.protocol.editing.is_some() {
            match action {
                Action::Cancel => {
                    self.protocol_end_edit();
                }
                Action::FocusNext => self.protocol_step_field(true),
                Action::FocusPrev => self.protocol_step_field(false),
                Action::NextItem => self.protocol_step_item(true),
                Action::PrevItem => self.protocol_step_item(false),
                Action::AddSpeaker => self.protocol_add_speaker(),
                Action::AddDecision => self.protocol_add_decision(),
                Action::AddTask => self.protocol_add_task(),
                Action::Save => {
                    if self.protocol_save_editing() {
                        self.info(self.strings().msg_saved);
                    }
                }
                Action::Reload => self.protocol_reload_open(),
                Action::ScrollUp => self.protocol_typing(Action::CursorUp),
                Action::ScrollDown => self.protocol_typing(Action::CursorDown),
                a => self.protocol_typing(a),
            }
            return;
        }
        let ps = self.pstrings();
        match action {
            Action::FocusNext | Action::ScrollDown => self.protocol_step_field(true),
            Action::FocusPrev | Action::ScrollUp => self.protocol_step_field(false),
            Action::NextItem => self.protocol_step_item(true),
            Action::PrevItem => self.protocol_step_item(false),
            Action::First => self.protocol.focus = 0,
            Action::Last => {
                let n = self.protocol.doc.as_ref().map_or(0, |d| fields(d).len());
                self.protocol.focus = n.saturating_sub(1);
            }
            Action::Edit => self.protocol_activate(),
            Action::TogglePresent => self.protocol_toggle_present(),
            Action::AddSpeaker => self.protocol_add_speaker(),
            Action::AddDecision => self.protocol_add_decision(),
            Action::AddTask => self.protocol_add_task(),
            Action::Add => self.protocol_add_item(),
            Action::Delete => self.ask_protocol_delete(),
            Action::ShortForm => self.protocol_toggle_short_form(),
            Action::Sign => self.ask_protocol_sign(),
            Action::Amend => {
                let Some(doc) = &self.protocol.doc else {
                    return;
                };
                if !doc.protocol.is_signed() {
                    return self.error(ps.err_not_signed);
                }
                self.confirm = Some(app::Pending::Protocol(Pending::Amend {
                    id: doc.protocol.id,
                    label: doc.protocol.label().unwrap_or_default(),
                }));
            }
            Action::WriteDocument => {
                if let Some(doc) = &self.protocol.doc {
                    let form = write_form(doc, self.lang, &self.documents_dir);
                    self.open_form(form.map(FormTarget::Protocol));
                }
            }
            Action::WriteExtracts => {
                let Some(doc) = &self.protocol.doc else {
                    return;
                };
                if !doc.protocol.is_signed() {
                    return self.error(ps.err_not_signed);
                }
                if doc.tasks().next().is_none() {
                    return self.error(ps.err_no_extracts);
                }
                let form = extracts_form(doc, self.lang, &self.documents_dir);
                self.open_form(form.map(FormTarget::Protocol));
            }
            Action::Reload => self.protocol_reload_open(),
            Action::Save => self.info(self.strings().msg_saved),
            Action::Cancel => {
                // Back to the list.
                self.protocol.doc = None;
                self.protocol.stash = None;
                self.refresh_protocol();
            }
            _ => {}
        }
    }

    fn protocol_update_picker(&mut self, action: Action) {
        let h = self.protocol_picker_rows();
        let page = h.max(1) as isize;
        let st = &mut self.protocol;
        let n = st.rows.len();
        match action {
            Action::Up | Action::ScrollUp => st.picker.move_by(-1, n, h),
            Action::Down | Action::ScrollDown => st.picker.move_by(1, n, h),
            Action::PageUp => st.picker.move_by(-page, n, h),
            Action::PageDown => st.picker.move_by(page, n, h),
            Action::First => st.picker.move_by(isize::MIN / 2, n, h),
            Action::Last => st.picker.move_by(isize::MAX / 2, n, h),
            Action::OpenProtocol => self.protocol_open_selected(),
            _ => {}
        }
    }

    pub(crate) fn click_protocol(&mut self, column: u16, row: u16) {
        let body = self.body();
        if self.protocol.doc.is_none() {
            let h = self.protocol_picker_rows();
            let st = &mut self.protocol;
            let before = st.picker.selected;
            st.picker.click(row, picker_area(body), st.rows.len(), h);
            if st.picker.selected == before && row >= body.y + 2 {
                self.protocol_open_selected();
            }
            return;
        }
        let ar = editor_areas(body);
        let inside =
            |a: Rect| column >= a.x && column < a.right() && row >= a.y && row < a.bottom();
        if inside(ar.outline) {
            let i = (row - ar.outline.y).saturating_sub(1) as usize;
            if let Some(doc) = &self.protocol.doc
                && i < pages(doc).len()
            {
                self.protocol_go_page(i);
            }
        } else if inside(ar.page) {
            let Some(doc) = &self.protocol.doc else {
                return;
            };
            let inner = inner(ar.page);
            if row < inner.y {
                return;
            }
            let layout = page_layout(
                doc,
                &self.protocol,
                self.strings(),
                self.lang == Lang::Ru,
                inner.width,
            );
            let offset = scroll_offset(&layout, self.protocol.focus, inner.height as usize);
            let line = offset + (row - inner.y) as usize;
            if let Some(b) = layout
                .blocks
                .iter()
                .find(|b| (b.start..b.start + b.len).contains(&line))
            {
                let field = b.field;
                if self.protocol.editing.is_some() && !self.protocol_end_edit() {
                    return;
                }
                self.protocol.focus = field;
                if self.protocol.focused().is_some_and(FieldKey::is_text) && !self.protocol.signed()
                {
                    self.protocol_begin_edit();
                }
            }
        }
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

// ---------- layout and rendering ----------

pub struct EditorAreas {
    pub head: Rect,
    pub outline: Rect,
    pub page: Rect,
}

pub fn editor_areas(body: Rect) -> EditorAreas {
    let [head, rest] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(body);
    let outline_w = (body.width / 4).clamp(10, 30);
    let [outline, page] =
        Layout::horizontal([Constraint::Length(outline_w), Constraint::Fill(1)]).areas(rest);
    EditorAreas {
        head,
        outline,
        page,
    }
}

fn picker_area(body: Rect) -> Rect {
    body
}

fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// Break `text` into lines of at most `width` cells: at spaces when it can, inside a word
/// when the word is longer than the line; `\n` always breaks.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ') {
            let w = word.width();
            let sep = usize::from(!line.is_empty());
            if used + sep + w <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += sep + w;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if used + cw > width && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        out.push(line);
    }
    out
}

/// `lead` then `text` wrapped, the following lines indented as far as the text begins.
fn hanging(lines: &mut Vec<Line<'static>>, lead: &str, text: &str, width: usize) {
    let indent = lead.width().min(width.saturating_sub(4));
    for (k, w) in wrap(text, width.saturating_sub(indent).max(1))
        .into_iter()
        .enumerate()
    {
        let head = if k == 0 {
            lead.to_string()
        } else {
            " ".repeat(indent)
        };
        lines.push(Line::from(format!("{head}{w}")));
    }
}

/// One field's lines on the page.
pub struct FieldBlock {
    /// Index into [`fields`].
    pub field: usize,
    pub start: usize,
    pub len: usize,
    /// Cells before the value (label or indent), where typing starts.
    pub indent: u16,
}

pub struct PageLayout {
    pub lines: Vec<Line<'static>>,
    pub blocks: Vec<FieldBlock>,
}

fn focus_style(focused: bool, typing: bool) -> Style {
    if focused && !typing {
        Style::default().bg(Color::Blue).fg(Color::White)
    } else {
        Style::default()
    }
}

/// The lines of the focused field's page, and where each field is among them.
pub fn page_layout(
    doc: &ProtocolDoc,
    st: &State,
    s: &Strings,
    russian: bool,
    width: u16,
) -> PageLayout {
    let ps = s.protocol;
    let all = fields(doc);
    let page = all.get(st.focus).map_or(0, |f| f.0);
    let width = width as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut blocks = Vec::new();
    let heading = |lines: &mut Vec<Line<'static>>, t: &str| {
        lines.push(Line::from(Span::styled(
            t.to_string(),
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
        )));
    };
    let dim = Style::default().fg(Color::DarkGray);
    let typing = st.editing.as_ref().map(|e| e.key);
    // A labelled field: the label, then the value wrapped beside it.
    let mut put = |lines: &mut Vec<Line<'static>>,
                   field: usize,
                   label: String,
                   value: String,
                   placeholder: &str,
                   value_style: Style| {
        let key = all[field].1;
        let focused = field == st.focus;
        let indent = label.width().min(width.saturating_sub(4));
        let editing = typing == Some(key);
        let text = match (&st.editing, editing) {
            (Some(e), true) => e.text(),
            _ => value,
        };
        let room = width.saturating_sub(indent).max(1);
        let mut wrapped = wrap(&text, room);
        if editing && key.multiline() {
            wrapped.push(String::new());
        }
        let start = lines.len();
        let style = focus_style(focused, editing);
        for (k, w) in wrapped.iter().enumerate() {
            let lead = if k == 0 {
                label.clone()
            } else {
                " ".repeat(indent)
            };
            let mut spans = vec![Span::styled(
                lead,
                if focused {
                    Style::default()
                        .fg(Color::Yellow)
                        .add_modifier(Modifier::BOLD)
                } else {
                    Style::default().add_modifier(Modifier::BOLD)
                },
            )];
            if text.is_empty() && k == 0 && !editing {
                spans.push(Span::styled(placeholder.to_string(), dim.patch(style)));
            } else {
                spans.push(Span::styled(w.clone(), value_style.patch(style)));
            }
            lines.push(Line::from(spans));
        }
        blocks.push(FieldBlock {
            field,
            start,
            len: lines.len() - start,
            indent: indent as u16,
        });
    };
    let index_of = |k: FieldKey| all.iter().position(|f| f.1 == k);
    match pages(doc).get(page).copied().unwrap_or(Page::Header) {
        Page::Header => {
            let p = &doc.protocol;
            heading(
                &mut lines,
                &format!(
                    "{} · {}",
                    ps.page_header,
                    fill(
                        ps.session_line,
                        &[&doc.session.label(), &date::format(p.date)]
                    )
                ),
            );
            if let Some(a) = &p.amends_label {
                lines.push(Line::from(fill(ps.amends, &[a])));
            }
            for (k, label) in [
                (FieldKey::Place, ps.f_place),
                (FieldKey::Presiding, ps.f_presiding),
                (FieldKey::Secretary, ps.f_secretary),
            ] {
                if let (Some(i), Some((v, _))) = (index_of(k), field_value(doc, k)) {
                    put(
                        &mut lines,
                        i,
                        format!("{label}: "),
                        v,
                        ps.empty,
                        Style::default(),
                    );
                }
            }
            if let Some(i) = index_of(FieldKey::ShortForm) {
                put(
                    &mut lines,
                    i,
                    format!("{}: ", ps.f_paper_form),
                    ps.paper_forms[usize::from(p.short_form)].to_string(),
                    "",
                    Style::default(),
                );
            }
            lines.push(Line::from(""));
            heading(
                &mut lines,
                &format!("{} ({})", ps.invited, doc.invited.len()),
            );
            if doc.invited.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", ps.none_invited),
                    dim,
                )));
            }
            for inv in &doc.invited {
                let mut l = inv.full_name.clone();
                if !inv.position.is_empty() {
                    l = format!("{l}, {}", inv.position);
                }
                hanging(&mut lines, "  — ", &l, width);
            }
            lines.push(Line::from(""));
            heading(&mut lines, ps.agenda);
            for item in &doc.items {
                hanging(
                    &mut lines,
                    &format!("  {}. ", item.position),
                    &item.title,
                    width,
                );
            }
        }
        Page::Attendance => {
            let q = quorum(&doc.attendance, st.rule);
            heading(
                &mut lines,
                &fill(ps.quorum_line, &[&q.present, &q.members, &q.needed]),
            );
            if let Some(i) = index_of(FieldKey::Rule) {
                put(
                    &mut lines,
                    i,
                    format!("{}: ", ps.f_rule),
                    ps.rules[st.rule.index()].to_string(),
                    "",
                    Style::default(),
                );
            }
            for a in &doc.attendance {
                let Some(i) = index_of(FieldKey::Present(a.member_id)) else {
                    continue;
                };
                let mark = if a.present { "[✓] " } else { "[ ] " };
                let role = s.roles[a.role.index()];
                put(
                    &mut lines,
                    i,
                    mark.to_string(),
                    format!("{} — {}", a.full_name, role),
                    "",
                    if a.present {
                        Style::default()
                    } else {
                        Style::default().fg(Color::Red)
                    },
                );
                if let Some(r) = index_of(FieldKey::Reason(a.member_id)) {
                    put(
                        &mut lines,
                        r,
                        format!("      {}: ", ps.f_reason),
                        a.absence_reason.clone(),
                        ps.empty,
                        Style::default(),
                    );
                }
            }
        }
        Page::Item(n) => {
            let Some(item) = doc.items.get(n) else {
                return PageLayout { lines, blocks };
            };
            if let Some(i) = index_of(FieldKey::ItemTitle(item.id)) {
                let mut title = format!("{}. ", item.position);
                if item.agenda_item_id.is_none() {
                    title = format!("{}. ({}) ", item.position, ps.not_on_agenda);
                }
                put(
                    &mut lines,
                    i,
                    title,
                    item.title.clone(),
                    ps.empty,
                    Style::default().add_modifier(Modifier::BOLD),
                );
            }
            if let Some(i) = index_of(FieldKey::HeardSpeaker(item.id)) {
                put(
                    &mut lines,
                    i,
                    format!("{}: ", ps.heard),
                    item.heard_speaker.clone(),
                    ps.speaker_placeholder,
                    Style::default(),
                );
            }
            if let Some(i) = index_of(FieldKey::HeardSummary(item.id)) {
                put(
                    &mut lines,
                    i,
                    "    ".into(),
                    item.heard_summary.clone(),
                    ps.summary_placeholder,
                    Style::default(),
                );
            }
            heading(&mut lines, &format!("{}:", ps.spoke));
            if item.speeches.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", ps.no_speakers),
                    dim,
                )));
            }
            for (k, sp) in item.speeches.iter().enumerate() {
                if let Some(i) = index_of(FieldKey::SpeechSpeaker(sp.id)) {
                    put(
                        &mut lines,
                        i,
                        format!("  {}) ", k + 1),
                        sp.speaker.clone(),
                        ps.speaker_placeholder,
                        Style::default(),
                    );
                }
                if let Some(i) = index_of(FieldKey::SpeechSummary(sp.id)) {
                    put(
                        &mut lines,
                        i,
                        "      ".into(),
                        sp.summary.clone(),
                        ps.summary_placeholder,
                        Style::default(),
                    );
                }
            }
            heading(&mut lines, &format!("{}:", ps.decided));
            if item.decisions.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  {}", ps.no_decisions),
                    dim,
                )));
            }
            for d in &item.decisions {
                let lead = format!("  {}. ", d.number);
                let pad = " ".repeat(lead.width());
                if let Some(i) = index_of(FieldKey::DecisionText(d.id)) {
                    put(
                        &mut lines,
                        i,
                        lead.clone(),
                        d.text.clone(),
                        ps.decision_placeholder,
                        Style::default(),
                    );
                }
                if let Some(i) = index_of(FieldKey::Votes(d.id)) {
                    put(
                        &mut lines,
                        i,
                        format!("{pad}{}: ", ps.f_votes),
                        d.votes.map(Votes::format).unwrap_or_default(),
                        ps.votes_placeholder,
                        Style::default().fg(Color::Gray),
                    );
                }
                for t in &d.tasks {
                    if let Some(i) = index_of(FieldKey::Task(t.id)) {
                        let mut line = format!(
                            "{} · {} {}",
                            t.executor(russian),
                            ps.until,
                            date::format(t.deadline)
                        );
                        if !t.co_executors.is_empty() {
                            let co: Vec<&str> = t
                                .co_executors
                                .iter()
                                .map(|c| {
                                    if russian && !c.2.is_empty() {
                                        c.2.as_str()
                                    } else {
                                        c.1.as_str()
                                    }
                                })
                                .collect();
                            line = format!("{line} · {} {}", ps.with_co, co.join(", "));
                        }
                        put(
                            &mut lines,
                            i,
                            format!("{pad}→ "),
                            line,
                            "",
                            Style::default().fg(Color::Green),
                        );
                    }
                }
            }
        }
        Page::Extracts => {
            heading(&mut lines, ps.page_extracts_title);
            if !doc.protocol.is_signed() {
                lines.push(Line::from(Span::styled(
                    ps.extracts_after_signing.to_string(),
                    dim,
                )));
            }
            let orgs = doc.addressees();
            if orgs.is_empty() {
                lines.push(Line::from(Span::styled(ps.no_extracts.to_string(), dim)));
            }
            for o in orgs {
                let Some(i) = index_of(FieldKey::Extract(o)) else {
                    continue;
                };
                let name = st
                    .org(o)
                    .map(|x| x.name(russian).to_string())
                    .unwrap_or_else(|| format!("#{o}"));
                let points = doc
                    .decisions()
                    .filter(|d| d.tasks.iter().any(|t| t.addressees().contains(&o)))
                    .count();
                let delivered: Vec<&Delivery> = st
                    .deliveries
                    .iter()
                    .filter(|d| d.organization_id == o)
                    .collect();
                let (state, style) = match delivered.last() {
                    Some(d) => (
                        fill(
                            ps.delivered,
                            &[
                                &date::format(d.delivered_on),
                                &ps.ways[d.way.index()],
                                &d.received_by,
                            ],
                        ),
                        Style::default().fg(Color::Green),
                    ),
                    None => (
                        ps.not_delivered.to_string(),
                        Style::default().fg(Color::Red),
                    ),
                };
                put(
                    &mut lines,
                    i,
                    "  ".into(),
                    format!("{name} · {} · {state}", fill(ps.points, &[&points])),
                    "",
                    style,
                );
            }
        }
    }
    PageLayout { lines, blocks }
}

/// The first line shown: the top while the focused field fits, else enough to show it.
pub fn scroll_offset(layout: &PageLayout, focus: usize, height: usize) -> usize {
    let Some(b) = layout.blocks.iter().find(|b| b.field == focus) else {
        return 0;
    };
    let end = b.start + b.len;
    if end <= height {
        0
    } else {
        (end - height).min(b.start)
    }
}

fn mark_span(mark: SaveMark, ps: &ProtocolStrings) -> Span<'static> {
    let (text, style) = match mark {
        SaveMark::Saved => (ps.mark_saved, Style::default().fg(Color::Green)),
        SaveMark::Pending => (ps.mark_saving, Style::default().fg(Color::Yellow)),
        SaveMark::Conflict => (
            ps.mark_conflict,
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        ),
        SaveMark::Failed => (ps.mark_failed, Style::default().fg(Color::Red)),
    };
    Span::styled(format!(" {text} "), style)
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &State, russian: bool) {
    match &st.doc {
        None => render_picker(frame, body, s, st),
        Some(doc) => render_editor(frame, body, s, st, doc, russian),
    }
}

fn render_picker(frame: &mut Frame, body: Rect, s: &Strings, st: &State) {
    let ps = s.protocol;
    let rows = st.rows.iter().map(|r| {
        let x = &r.session;
        let (proto, style) = match &r.protocol {
            None => (
                ps.not_started.to_string(),
                Style::default().fg(Color::DarkGray),
            ),
            Some(p) => {
                let mut t = match p.label() {
                    Some(l) => fill(ps.signed_no, &[&l]),
                    None => ps.draft.to_string(),
                };
                if let Some(a) = &p.amends_label {
                    t = format!("{t} · {}", fill(ps.amends, &[a]));
                }
                let out = st
                    .undelivered
                    .iter()
                    .find(|u| u.0 == p.id)
                    .map_or(0, |u| u.1);
                if out > 0 {
                    t = format!("{t} · {}", fill(ps.undelivered, &[&out]));
                }
                let style = if out > 0 {
                    Style::default().fg(Color::Yellow)
                } else if p.is_signed() {
                    Style::default().fg(Color::Green)
                } else {
                    Style::default().fg(Color::Yellow)
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
            Cell::from(s.session_kinds[x.kind.index()]),
            Cell::from(date::format(x.date)),
            Cell::from(s.session_statuses[status_ix]),
            Cell::from(Span::styled(proto, style)),
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
            Cell::from(s.col_number),
            Cell::from(s.f_session_kind),
            Cell::from(s.col_date),
            Cell::from(s.col_status),
            Cell::from(ps.col_protocol),
        ])
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
    )
    .block(
        Block::default()
            .borders(Borders::ALL)
            .border_style(Style::default().fg(Color::Cyan))
            .title(format!(" {} ", ps.picker_title))
            .title_bottom(format!(" {} ", ps.picker_hint)),
    )
    .row_highlight_style(Style::default().bg(Color::Blue).fg(Color::White));
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
        frame.render_widget(
            Paragraph::new(ps.no_sessions).style(Style::default().fg(Color::DarkGray)),
            r,
        );
    }
}

fn render_editor(
    frame: &mut Frame,
    body: Rect,
    s: &Strings,
    st: &State,
    doc: &ProtocolDoc,
    russian: bool,
) {
    let ps = s.protocol;
    let ar = editor_areas(body);
    let p = &doc.protocol;
    // Head: what protocol, its state, the save mark; then quorum and form.
    let number = match p.label() {
        Some(l) => fill(ps.number, &[&l]),
        None => ps.number_none.to_string(),
    };
    let state = if p.is_signed() {
        fill(
            ps.signed_on,
            &[&p.signed_at.as_deref().map_or(String::new(), |t| {
                NaiveDate::parse_from_str(t.get(..10).unwrap_or(""), "%Y-%m-%d")
                    .map(date::format)
                    .unwrap_or_default()
            })],
        )
    } else {
        ps.draft.to_uppercase()
    };
    let mut left = format!(
        " {} {} · {} · {}",
        ps.title,
        number,
        fill(
            ps.session_line,
            &[&doc.session.label(), &date::format(p.date)]
        ),
        state,
    );
    if let Some(a) = &p.amends_label {
        left = format!("{left} · {}", fill(ps.amends, &[a]));
    }
    let mark = mark_span(st.mark, ps);
    let pad = (ar.head.width as usize).saturating_sub(left.width() + mark.content.width());
    let first = Line::from(vec![
        Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(pad)),
        mark,
    ]);
    let q = quorum(&doc.attendance, st.rule);
    let (qtext, qstyle) = if q.reached {
        (ps.quorum_ok, Style::default().fg(Color::Green))
    } else {
        (
            ps.quorum_no,
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
        )
    };
    let second = Line::from(vec![
        Span::raw(format!(
            " {} ",
            fill(ps.quorum_line, &[&q.present, &q.members, &q.needed])
        )),
        Span::styled(format!(" {qtext} "), qstyle),
        Span::raw(format!(
            " · {} · {}",
            ps.paper_forms[usize::from(p.short_form)],
            fill(
                ps.counts,
                &[
                    &doc.items.len(),
                    &doc.decisions().count(),
                    &doc.tasks().count()
                ]
            )
        )),
    ]);
    frame.render_widget(Paragraph::new(vec![first, second]), ar.head);

    // Outline.
    let page = st.page();
    let all_pages = pages(doc);
    let entries: Vec<ListItem> = all_pages
        .iter()
        .map(|pg| {
            let text = match pg {
                Page::Header => ps.page_header.to_string(),
                Page::Attendance => fill(ps.page_attendance, &[&q.present, &q.members]),
                Page::Item(i) => {
                    let it = &doc.items[*i];
                    let n = it.decisions.len();
                    format!("{}. {} ({n})", it.position, it.title.replace('\n', " "))
                }
                Page::Extracts => fill(ps.page_extracts, &[&doc.addressees().len()]),
            };
            ListItem::new(text)
        })
        .collect();
    let list = List::new(entries)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(Style::default().fg(Color::Gray))
                .title(format!(" {} ", ps.outline)),
        )
        .highlight_style(Style::default().bg(Color::Blue).fg(Color::White));
    let oh = ar.outline.height.saturating_sub(2) as usize;
    let offset = page.saturating_sub(oh.saturating_sub(1));
    let mut lstate = ListState::default()
        .with_offset(offset)
        .with_selected(Some(page));
    frame.render_stateful_widget(list, ar.outline, &mut lstate);

    // The page.
    let title = match all_pages.get(page) {
        Some(Page::Item(i)) => fill(ps.item_of, &[&(i + 1), &doc.items.len()]),
        Some(Page::Header) => ps.page_header.to_string(),
        Some(Page::Attendance) => ps.attendance.to_string(),
        _ => ps.page_extracts_title.to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(" {title} "));
    frame.render_widget(block, ar.page);
    let area = inner(ar.page);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let layout = page_layout(doc, st, s, russian, area.width);
    let offset = scroll_offset(&layout, st.focus, area.height as usize);
    let shown: Vec<Line> = layout
        .lines
        .iter()
        .skip(offset)
        .take(area.height as usize)
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    // The field being typed in: the text area over its value.
    if let Some(e) = &st.editing
        && let Some(b) = layout.blocks.iter().find(|b| b.field == st.focus)
    {
        let top = b.start.max(offset);
        let bottom = (b.start + b.len).min(offset + area.height as usize);
        if bottom > top && b.indent < area.width {
            let r = Rect {
                x: area.x + b.indent,
                y: area.y + (top - offset) as u16,
                width: area.width - b.indent,
                height: (bottom - top) as u16,
            };
            frame.render_widget(&e.area, r);
        }
    }
}
