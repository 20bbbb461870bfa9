//! The application state. Events become `Action`s (through `keymap`); `update` applies
//! them, writing to the store; `render` draws a frame from `&self`.
//!
//! What each tab does with an action lives in its module under `screens/` (as an
//! `impl App` block); this file routes actions and owns what all screens share:
//! forms, confirmations, help, messages.

use std::time::Instant;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use ratatui::layout::Rect;

use crate::action::Action;
use crate::domain::access::{Access, Permission};
use crate::domain::date;
use crate::i18n::{Lang, Strings, fill};
use crate::keymap::{self, Context};
use crate::screens::{
    self, MIN_HEIGHT, MIN_WIDTH, Message, Tab, agenda, compliance, directory, plan, protocol,
    reports, tasks,
};
use crate::store::{Store, StoreError};
use crate::widgets::form::Form;

/// What an open form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormTarget {
    Directory(directory::Target),
    Agenda(agenda::Target),
    Protocol(protocol::Target),
    Compliance(compliance::Target),
    Plan(plan::Target),
    Reports(reports::Target),
    Tasks(tasks::Target),
}

/// What a confirmation popup, once answered yes, goes on to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DiscardForm,
    QuitDiscarding,
    Directory(directory::Pending),
    Agenda(agenda::Pending),
    Protocol(protocol::Pending),
    Plan(plan::Pending),
    Reports(reports::Pending),
    Tasks(tasks::Pending),
}

pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub tab: Tab,
    pub today: NaiveDate,
    pub demo: bool,
    pub directory: directory::State,
    pub agenda: agenda::State,
    pub protocol: protocol::State,
    pub compliance: compliance::State,
    pub plan: plan::State,
    pub reports: reports::State,
    pub tasks: tasks::State,
    pub form: Option<Form<FormTarget>>,
    pub confirm: Option<Pending>,
    pub help: bool,
    pub message: Option<(String, bool)>,
    pub quit: bool,
    /// The terminal's size at the last event, for layout in `update` and mouse hits.
    pub size: Rect,
    /// The time of the last [`App::tick`]: edits are stamped with it, idle saves measured.
    pub now: Instant,
    /// When `PRAGMA data_version` was last asked, and what it said.
    last_poll: Instant,
    seen_version: i64,
    /// Where papers are proposed to be written (the user's Documents folder).
    pub documents_dir: std::path::PathBuf,
    /// Who is at the keyboard and what they may do.
    pub access: Access,
    /// Handling a batch of waiting events: the Tasks query is applied once, at its end.
    pub(crate) defer_queries: bool,
}

/// AltGr arrives as Ctrl+Alt (Windows, some terminals): with a character it is a letter of
/// the keyboard layout, not a shortcut. No binding uses Ctrl+Alt.
fn altgr_as_text(k: &KeyEvent) -> KeyEvent {
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    match k.code {
        KeyCode::Char(c) if k.modifiers.contains(altgr) && !c.is_control() => KeyEvent {
            modifiers: k.modifiers - altgr,
            ..*k
        },
        _ => *k,
    }
}

impl App {
    pub fn new(store: Store, lang: Lang, today: NaiveDate, demo: bool) -> App {
        let mut app = App {
            store,
            lang,
            tab: Tab::Agenda,
            today,
            demo,
            directory: directory::State::new(),
            agenda: agenda::State::default(),
            protocol: protocol::State::default(),
            compliance: compliance::State::default(),
            plan: plan::State::default(),
            reports: reports::State::default(),
            tasks: tasks::State::default(),
            form: None,
            confirm: None,
            help: false,
            message: None,
            quit: false,
            size: Rect::new(0, 0, 100, 30),
            now: Instant::now(),
            last_poll: Instant::now(),
            seen_version: 0,
            documents_dir: directories::UserDirs::new()
                .and_then(|u| u.document_dir().map(|d| d.to_path_buf()))
                .or_else(|| std::env::current_dir().ok())
                .unwrap_or_default(),
            access: Access::everyone(&crate::store::current_user()),
            defer_queries: false,
        };
        app.refresh();
        app.announce_tasks();
        app
    }

    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub(crate) fn body(&self) -> Rect {
        screens::frame_areas(self.size).body
    }

    /// Reload what the screens show from the store.
    pub fn refresh(&mut self) {
        match self.tab {
            Tab::Directory => self.refresh_directory(),
            Tab::Agenda => self.refresh_agenda(),
            Tab::Protocol => self.refresh_protocol(),
            Tab::Compliance => self.refresh_compliance(),
            Tab::Plan => self.refresh_plan(),
            Tab::Reports => self.refresh_reports(),
            Tab::Tasks => self.refresh_tasks(),
        }
    }

    /// Time passes (the event loop calls this between events, tests with a time of their
    /// choosing): typing that stopped a while ago is saved.
    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.tab == Tab::Protocol {
            self.tick_protocol(now);
        }
        self.see_others_changes(now);
    }

    /// Every 2 s, ask SQLite whether another process committed; if so, reload what the tab
    /// shows — unless the user is in the middle of a form, a question or the protocol editor.
    fn see_others_changes(&mut self, now: Instant) {
        if now.duration_since(self.last_poll) < std::time::Duration::from_secs(2) {
            return;
        }
        self.last_poll = now;
        let Ok(v) = self.store.data_version() else {
            return;
        };
        if v == self.seen_version {
            return;
        }
        self.seen_version = v;
        let busy = self.form.is_some() || self.confirm.is_some() || self.tab == Tab::Protocol;
        if !busy {
            let message = self.message.take();
            self.refresh();
            if self.message.is_none() {
                self.message = message;
            }
        }
    }

    pub fn context(&self) -> Context {
        if self.confirm.is_some() {
            Context::Confirm
        } else if self.help {
            Context::Help
        } else if self.form.is_some() {
            self.form_context()
        } else {
            self.screen_context()
        }
    }

    fn form_context(&self) -> Context {
        match &self.form {
            Some(f) if matches!(f.target, FormTarget::Protocol(_)) => Context::ProtocolForm,
            _ => Context::Form,
        }
    }

    /// The keys of the tab itself (what help lists beneath a form or overlay).
    fn screen_context(&self) -> Context {
        match self.tab {
            Tab::Directory if self.directory.filtering => Context::Filter,
            Tab::Directory => Context::Directory,
            Tab::Agenda => Context::Agenda,
            Tab::Protocol => self.protocol_context(),
            Tab::Compliance => Context::Compliance,
            Tab::Plan => Context::Plan,
            Tab::Reports if self.editing_narrative() => Context::Narrative,
            Tab::Reports => Context::Reports,
            Tab::Tasks if self.tasks.editing => Context::Query,
            Tab::Tasks => Context::Tasks,
        }
    }

    fn help_context(&self) -> Context {
        if self.form.is_some() {
            self.form_context()
        } else {
            self.screen_context()
        }
    }

    pub(crate) fn info(&mut self, text: &str) {
        self.message = Some((text.to_string(), false));
    }

    pub(crate) fn error(&mut self, text: &str) {
        self.message = Some((text.to_string(), true));
    }

    pub(crate) fn store_error(&mut self, e: StoreError) {
        let s = self.strings();
        let text = match &e {
            StoreError::Conflict => s.err_conflict.to_string(),
            StoreError::InUse => s.err_in_use.to_string(),
            StoreError::NotFound => s.err_not_found.to_string(),
            StoreError::SessionTimeTaken => s.err_session_taken.to_string(),
            StoreError::HasProtocol => s.err_has_protocol.to_string(),
            StoreError::SessionHeld => s.err_session_held.to_string(),
            StoreError::ReasonRequired => s.err_reason_required.to_string(),
            StoreError::Signed => s.protocol.err_signed.to_string(),
            StoreError::ReportIssued => s.plan.err_report_issued.to_string(),
            StoreError::MeasureNumberTaken(n) => fill(s.plan.err_number_taken, &[n]),
            StoreError::Task(e) => tasks::rule_text(*e, s),
            other => fill(s.err_db, &[other]),
        };
        self.error(&text);
    }

    /// Turn a terminal event into actions and apply them.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            // Windows reports Press and Release: act once (and again while a key is held).
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                self.message = None;
                if let Some(a) = keymap::resolve(self.context(), &altgr_as_text(k)) {
                    self.update(a);
                }
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => self.update(Action::Click {
                    column: m.column,
                    row: m.row,
                }),
                MouseEventKind::ScrollUp => self.update(Action::ScrollUp),
                MouseEventKind::ScrollDown => self.update(Action::ScrollDown),
                _ => {}
            },
            Event::Paste(text) if self.context() == Context::ProtocolEdit => {
                self.paste_protocol(text)
            }
            Event::Paste(text) if keymap::takes_text(self.context()) => {
                for c in text.chars() {
                    self.update(Action::Input(c));
                }
            }
            Event::Resize(w, h) => self.resize(*w, *h),
            _ => {}
        }
    }

    /// Events that were waiting together (typed ahead while the app worked, or a paste),
    /// handled in order before one frame. Keys typed into the Tasks query line only edit
    /// it; the query runs once, at the end (or before any other action), so a fast typist
    /// never queues a search per key.
    pub fn handle_events(&mut self, events: &[Event]) {
        self.defer_queries = true;
        for e in events {
            self.handle_event(e);
            if self.quit {
                break;
            }
        }
        self.defer_queries = false;
        self.settle_tasks();
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.resize_directory();
        self.resize_agenda();
        self.resize_protocol();
        self.resize_compliance();
        self.resize_plan();
        self.resize_reports();
        self.resize_tasks();
    }

    pub fn update(&mut self, action: Action) {
        // Quitting saves what was typed in the protocol editor; if that fails, stay.
        let quits = action == Action::Quit && self.confirm.is_none() && self.form.is_none();
        if quits && !self.flush_protocol() {
            return;
        }
        if action == Action::ForceQuit {
            self.flush_protocol();
        }
        if !matches!(
            action,
            Action::Input(_) | Action::Backspace | Action::DeleteChar
        ) {
            // Whatever comes next sees the result of the text typed so far.
            self.settle_tasks();
        }
        match action {
            Action::ForceQuit => self.quit = true,
            Action::Help => self.help = !self.help,
            Action::Close => self.help = false,
            Action::CycleLang => self.cycle_lang(),
            _ if self.confirm.is_some() => self.update_confirm(action),
            _ if self.form.is_some() => self.update_form(action),
            // The narrative editor takes every key (its own save, cancel and quit).
            _ if self.tab == Tab::Reports && self.editing_narrative() => {
                self.update_reports(action)
            }
            Action::Quit => self.quit = true,
            Action::NextTab => self.go_tab((self.tab.index() + 1) % Tab::ALL.len()),
            Action::PrevTab => {
                self.go_tab((self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
            }
            Action::GoTab(i) => self.go_tab(i),
            Action::Click { column, row } => self.click(column, row),
            _ if !self.may(action) => {}
            _ => match self.tab {
                Tab::Directory => self.update_directory(action),
                Tab::Agenda => self.update_agenda(action),
                Tab::Protocol => self.update_protocol(action),
                Tab::Compliance => self.update_compliance(action),
                Tab::Plan => self.update_plan(action),
                Tab::Reports => self.update_reports(action),
                Tab::Tasks => self.update_tasks(action),
            },
        }
    }

    /// What an action on a tab needs. Reading, moving and writing papers need nothing.
    pub fn needs(action: Action) -> Permission {
        match action {
            Action::Add
            | Action::Edit
            | Action::ToggleActive
            | Action::Delete
            | Action::NewSession
            | Action::PlanYear
            | Action::Approve
            | Action::MoveUp
            | Action::MoveDown
            | Action::Hear
            | Action::Report
            | Action::TakeOff
            | Action::RequestExtension
            | Action::CancelTask
            | Action::Reassign
            | Action::SaveView
            | Action::AddSpeaker
            | Action::AddDecision
            | Action::AddTask
            | Action::ShortForm
            | Action::Amend
            | Action::TogglePresent
            | Action::Link
            | Action::ImportFile
            | Action::Issue => Permission::Edit,
            Action::DecideExtension => Permission::GrantExtension,
            Action::Sign => Permission::Sign,
            _ => Permission::Read,
        }
    }

    /// May the user do this? If not, say which role it needs, and change nothing.
    pub(crate) fn may(&mut self, action: Action) -> bool {
        let p = Self::needs(action);
        if self.access.allows(p) {
            return true;
        }
        let s = self.strings();
        let roles: Vec<&str> = Access::needed(p)
            .iter()
            .map(|r| s.access_roles[r.index()])
            .collect();
        self.error(&fill(s.err_needs_role, &[&roles.join(" / ")]));
        false
    }

    fn go_tab(&mut self, i: usize) {
        // Leaving the protocol editor saves what was typed and stops typing; if the save
        // fails, stay.
        if self.tab == Tab::Protocol
            && Tab::from_index(i) != Tab::Protocol
            && !self.leave_protocol_field()
        {
            return;
        }
        self.tab = Tab::from_index(i);
        self.refresh();
    }

    fn cycle_lang(&mut self) {
        self.lang = self.lang.next();
        self.refresh();
        if let Err(e) = self.store.set_setting("lang", self.lang.code()) {
            self.store_error(e);
            return;
        }
        let s = self.strings();
        self.info(&fill(s.msg_lang, &[&s.lang_name]));
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.size.width < MIN_WIDTH || self.size.height < MIN_HEIGHT {
            return;
        }
        let f = screens::frame_areas(self.size);
        if row == f.tabs.y {
            let spans = screens::tab_spans(self.strings(), self.tab, f.tabs);
            if let Some(i) = spans.iter().position(|(a, b)| (*a..*b).contains(&column)) {
                self.go_tab(i);
            }
            return;
        }
        match self.tab {
            Tab::Directory => self.click_directory(column, row),
            Tab::Agenda => self.click_agenda(column, row),
            Tab::Protocol => self.click_protocol(column, row),
            Tab::Compliance => self.click_compliance(column, row),
            Tab::Plan => self.click_plan(column, row),
            Tab::Reports => self.click_reports(column, row),
            Tab::Tasks => self.click_tasks(column, row),
        }
    }

    pub(crate) fn org_choices(&self) -> Vec<(i64, String)> {
        let ru = self.lang == Lang::Ru;
        self.store
            .organizations(&crate::store::OrgFilter {
                russian: ru,
                ..Default::default()
            })
            .map(|v| {
                v.into_iter()
                    .map(|o| (o.id, o.name(ru).to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(crate) fn open_form(&mut self, form: Form<FormTarget>) {
        self.form = Some(form);
    }

    fn update_form(&mut self, action: Action) {
        let s = self.strings();
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match action {
            Action::Input(c) if !form.jump_choice(c, s) => {
                form.edit(|i| i.insert(c));
            }
            Action::Backspace => form.edit(|i| i.backspace()),
            Action::DeleteChar => form.edit(|i| i.delete()),
            Action::CursorHome => form.edit(|i| i.home()),
            Action::CursorEnd => form.edit(|i| i.end()),
            Action::NextChoice => form.step(true),
            Action::PrevChoice => form.step(false),
            Action::FocusNext | Action::FocusPrev => {
                // Check the field being left, so a mistake shows at once.
                let Form {
                    fields,
                    target,
                    focus,
                    ..
                } = form;
                match target {
                    FormTarget::Directory(t) => directory::check_field(fields, t, *focus),
                    FormTarget::Agenda(t) => agenda::check_field(fields, t, *focus),
                    FormTarget::Protocol(t) => protocol::check_field(fields, t, *focus, self.today),
                    FormTarget::Compliance(t) => compliance::check_field(fields, t, *focus),
                    FormTarget::Plan(t) => plan::check_field(fields, t, *focus, self.today),
                    FormTarget::Reports(t) => reports::check_field(fields, t, *focus),
                    FormTarget::Tasks(t) => tasks::check_field(fields, t, *focus),
                }
                if action == Action::FocusNext {
                    form.next_field()
                } else {
                    form.prev_field()
                }
            }
            Action::Save => match form.target.clone() {
                FormTarget::Directory(t) => self.save_directory_form(t),
                FormTarget::Agenda(t) => self.save_agenda_form(t, false),
                FormTarget::Protocol(t) => self.save_protocol_form(t),
                FormTarget::Compliance(t) => self.save_compliance_form(t),
                FormTarget::Plan(t) => self.save_plan_form(t),
                FormTarget::Reports(t) => self.save_reports_form(t),
                FormTarget::Tasks(t) => self.save_tasks_form(t),
            },
            Action::EndOfMonth => self.protocol_form_key(action),
            Action::Cancel => {
                if form.dirty {
                    self.confirm = Some(Pending::DiscardForm);
                } else {
                    self.form = None;
                }
            }
            Action::Quit => {
                if form.dirty {
                    self.confirm = Some(Pending::QuitDiscarding);
                } else {
                    self.quit = true;
                }
            }
            _ => {}
        }
    }

    fn update_confirm(&mut self, action: Action) {
        let Some(pending) = self.confirm.take() else {
            return;
        };
        match action {
            Action::Yes => match pending {
                Pending::DiscardForm => self.form = None,
                Pending::QuitDiscarding => self.quit = true,
                Pending::Directory(p) => self.carry_out_directory(p),
                Pending::Agenda(p) => self.carry_out_agenda(p),
                Pending::Protocol(p) => self.carry_out_protocol(p),
                Pending::Plan(p) => self.carry_out_plan(p),
                Pending::Reports(p) => self.carry_out_reports(p),
                Pending::Tasks(p) => self.carry_out_tasks(p),
            },
            Action::No => {}
            // Anything else leaves the question open.
            _ => self.confirm = Some(pending),
        }
    }

    fn question(&self, p: &Pending) -> String {
        let s = self.strings();
        match p {
            Pending::DiscardForm => s.confirm_discard.to_string(),
            Pending::QuitDiscarding => s.confirm_quit.to_string(),
            Pending::Directory(p) => directory::question(p, s),
            Pending::Agenda(p) => agenda::question(p, s),
            Pending::Protocol(p) => protocol::question(p, s),
            Pending::Plan(p) => plan::question(p, s),
            Pending::Reports(p) => {
                reports::question(p, s, &self.reports, self.today, &self.next_report_label())
            }
            Pending::Tasks(p) => tasks::question(p, s),
        }
    }

    pub fn render(&self, frame: &mut Frame) {
        let size = frame.area();
        let s = self.strings();
        if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
            screens::render_too_small(frame, size, s);
            return;
        }
        let f = screens::frame_areas(size);
        screens::render_title(frame, f.title, s, self.demo, &date::format(self.today));
        if self.access.role.is_none() {
            screens::render_badge(frame, f.title, s.read_only_badge);
        }
        screens::render_tabs(frame, f.tabs, s, self.tab);
        let ru = self.lang == Lang::Ru;
        match self.tab {
            Tab::Agenda => agenda::render(frame, f.body, s, &self.agenda, ru),
            Tab::Protocol => protocol::render(frame, f.body, s, &self.protocol, ru),
            Tab::Tasks => tasks::render(frame, f.body, s, &self.tasks, ru, self.today),
            Tab::Compliance => {
                compliance::render(frame, f.body, s, &self.compliance, self.today, ru)
            }
            Tab::Plan => plan::render(frame, f.body, s, &self.plan, self.today, ru),
            Tab::Directory => directory::render(frame, f.body, s, &self.directory, ru),
            Tab::Reports => reports::render(frame, f.body, s, &self.reports, self.today),
        }
        if let Some(job) = &self.plan.job {
            plan::render_job(frame, f.body, s, job);
        }
        if let Some(form) = &self.form {
            let area = crate::widgets::popup::centered(f.body, 76, form.height());
            form.render(frame, area, s);
        }
        if self.help {
            screens::render_help(frame, size, s, self.help_context());
        }
        if let Some(p) = &self.confirm {
            screens::render_confirm(frame, size, s, &self.question(p));
        }
        let message = self
            .message
            .as_ref()
            .map(|(t, e)| Message { text: t, error: *e });
        screens::render_status(frame, f.status, s, self.context(), message);
    }
}
