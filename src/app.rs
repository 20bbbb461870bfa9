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
use crate::i18n::{Lang, Strings};
use crate::keymap::{self, Context};
use crate::screens::component::{Ctx, Effect, Screen, View};
use crate::screens::{self, MIN_HEIGHT, MIN_WIDTH, Message, Screens, Tab, protocol};
use crate::store::{Store, StoreError};
use crate::widgets::form::Form;

pub use crate::screens::{FormTarget, Pending};

pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub tab: Tab,
    pub today: NaiveDate,
    pub demo: bool,
    /// The demo made this login its chair (start-up did): the title bar says so.
    pub demo_grant: bool,
    /// The HQ's name in Kyrgyz and Russian for the title bar, read from the settings when the
    /// app starts, when a form closes (the settings form) and when the database changes —
    /// never per frame.
    hq_names: [String; 2],
    /// The seven tabs, each a component owning its state.
    pub screens: Screens,
    pub form: Option<Form<FormTarget>>,
    pub confirm: Option<Pending>,
    pub help: bool,
    /// How far the help overlay is scrolled (lines).
    pub help_scroll: u16,
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
    /// Notices from work in the background (the day's backup), shown when they come.
    notices: Option<std::sync::mpsc::Receiver<(String, bool)>>,
    /// Figures read off the event loop (see [`crate::worker`]).
    pub jobs: crate::worker::Jobs,
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

/// Does the question ask for what cannot be undone (signing, deleting, issuing a report)?
/// Then Enter means no and only the yes letter carries it out.
pub fn irreversible(p: &Pending) -> bool {
    use crate::screens::{agenda, plan, reports};
    matches!(
        p,
        Pending::Protocol(
            protocol::Pending::Sign { .. }
                | protocol::Pending::DeleteSpeech { .. }
                | protocol::Pending::DeleteDecision { .. }
                | protocol::Pending::DeleteTask { .. }
                | protocol::Pending::DeleteItem { .. }
                | protocol::Pending::DeleteDelivery { .. }
        ) | Pending::Directory(_)
            | Pending::Agenda(
                agenda::Pending::DeleteSession { .. }
                    | agenda::Pending::DeleteItem { .. }
                    | agenda::Pending::DeleteInvited { .. }
            )
            | Pending::Plan(plan::Pending::Delete { .. })
            | Pending::Reports(reports::Pending::Issue { .. })
    )
}

impl App {
    pub fn new(store: Store, lang: Lang, today: NaiveDate, demo: bool) -> App {
        let mut app = App {
            store,
            lang,
            tab: Tab::Agenda,
            today,
            demo,
            demo_grant: false,
            hq_names: Default::default(),
            screens: Screens::new(),
            form: None,
            confirm: None,
            help: false,
            help_scroll: 0,
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
            notices: None,
            jobs: Default::default(),
        };
        app.read_hq_names();
        app.refresh();
        app.on_screen(Tab::Tasks, |s, cx| s.greet(cx));
        app
    }

    fn read_hq_names(&mut self) {
        for (i, lang) in [Lang::Ky, Lang::Ru].into_iter().enumerate() {
            if let Ok(name) = self.store.hq_name(lang) {
                self.hq_names[i] = name;
            }
        }
    }

    /// Run `f` on the screen of `tab` with a context made of the app's parts; the effects it
    /// asks for are returned, not yet applied.
    fn run_screen<R>(
        &mut self,
        tab: Tab,
        f: impl FnOnce(&mut dyn Screen, &mut Ctx) -> R,
    ) -> (R, Vec<Effect>) {
        let body = self.body();
        let App {
            store,
            lang,
            today,
            now,
            access,
            documents_dir,
            defer_queries,
            screens,
            ..
        } = self;
        let mut cx = Ctx {
            store,
            lang: *lang,
            today: *today,
            now: *now,
            access,
            documents_dir,
            body,
            defer_queries: *defer_queries,
            effects: Vec::new(),
            tab,
        };
        let r = f(screens.get_mut(tab), &mut cx);
        (r, cx.effects)
    }

    /// Run `f` on the screen of `tab` and apply what it asked for.
    pub(crate) fn on_screen(&mut self, tab: Tab, f: impl FnOnce(&mut dyn Screen, &mut Ctx)) {
        let (_, effects) = self.run_screen(tab, f);
        self.apply(effects);
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Message { text, error } => self.message = Some((text, error)),
                Effect::OpenForm(f) => self.form = Some(f),
                Effect::CloseForm => {
                    self.form = None;
                    self.read_hq_names();
                }
                Effect::Ask(p) => self.confirm = Some(p),
                Effect::Quit => self.quit_or_ask(),
                Effect::Compute { tab, job } => self.jobs.ask(tab, job.0, &self.store),
            }
        }
        if !self.jobs.threaded() {
            self.poll_work();
        }
    }

    /// Read the database's figures on a thread of their own from now on (the terminal's
    /// loop does; tests choose). False when the store is in memory or the file cannot be
    /// opened again: jobs then run inline, as before.
    pub fn start_worker(&mut self) -> bool {
        let Some(path) = self.store.path().map(|p| p.to_path_buf()) else {
            return false;
        };
        self.jobs.start(&path).is_ok()
    }

    /// Is the shown tab (or any) waiting for figures? The loop then polls often.
    pub fn waiting(&self) -> bool {
        self.jobs.any_waiting()
    }

    /// Hand the figures that came back to the shown tab's screen (stale ones are dropped).
    pub fn poll_work(&mut self) {
        let tab = self.tab;
        for done in self.jobs.take(tab) {
            self.on_screen(tab, |s, cx| s.receive(done.output, cx));
        }
    }

    /// The open form is saved by the screen that opened it.
    fn save_in_screen(&mut self, tab: Tab) {
        let Some(mut form) = self.form.take() else {
            return;
        };
        let target = form.target.clone();
        let (_, effects) = self.run_screen(tab, |s, cx| s.save_form(target, &mut form, cx));
        self.form = Some(form);
        self.apply(effects);
    }

    /// The screen of `tab`, to read.
    fn screen(&self, tab: Tab) -> &dyn Screen {
        self.screens.get(tab)
    }

    /// Is long work waiting on some screen (an import)? The event loop then calls
    /// [`App::work`] instead of waiting for a key, drawing in between.
    pub fn busy(&self) -> bool {
        Tab::ALL.iter().any(|t| self.screen(*t).has_work())
    }

    /// Is work under way on some screen (maybe on another thread)?
    pub fn working(&self) -> bool {
        Tab::ALL.iter().any(|t| self.screen(*t).working())
    }

    /// Quitting: every screen ends its work under way, keeping what it did.
    pub fn stop_work(&mut self) {
        for tab in Tab::ALL {
            if self.screen(tab).working() {
                self.on_screen(tab, |s, cx| s.stop_work(cx));
            }
        }
    }

    /// Messages still to go out, on every screen.
    pub fn in_flight(&self) -> usize {
        Tab::ALL.iter().map(|t| self.screen(*t).in_flight()).sum()
    }

    /// Quit, unless messages are still going: then ask first (issue 19).
    fn quit_or_ask(&mut self) {
        match self.in_flight() {
            0 => self.quit = true,
            count => self.confirm = Some(Pending::QuitSending { count }),
        }
    }

    /// Quitting waits for the message in flight: say so before the last frame is drawn.
    pub fn say_stopping(&mut self) {
        if self.working() {
            let text = crate::i18n::mail::ui(self.lang).msg_stopping.to_string();
            self.message = Some((text, false));
        }
    }

    /// Do one step of the long work waiting.
    pub fn work(&mut self) {
        if let Some(tab) = Tab::ALL.into_iter().find(|t| self.screen(*t).has_work()) {
            self.on_screen(tab, |s, cx| s.work(cx));
        }
    }

    /// A yes to a screen's question: the screen carries it out (with the form it was asked
    /// over, if one is open).
    fn answer_yes(&mut self, tab: Tab, pending: Pending) {
        let mut form = self.form.take();
        let (_, effects) = self.run_screen(tab, |s, cx| s.carry_out(pending, form.as_mut(), cx));
        self.form = form;
        self.apply(effects);
    }

    /// A key the open form leaves to the screen that opened it (Ctrl-E in a task form).
    fn form_key_in_screen(&mut self, tab: Tab, action: Action) {
        let Some(mut form) = self.form.take() else {
            return;
        };
        let (_, effects) = self.run_screen(tab, |s, cx| s.form_key(action, &mut form, cx));
        self.form = Some(form);
        self.apply(effects);
    }

    /// The current tab is being left (or the app quit): false when it keeps the user there.
    fn leave_screen(&mut self) -> bool {
        let tab = self.tab;
        let (stays, effects) = self.run_screen(tab, |s, cx| !s.leave(cx));
        self.apply(effects);
        !stays
    }

    /// Pasted text goes to the screen first when nothing lies over it; true when it took it.
    fn paste_in_screen(&mut self, text: &str) -> bool {
        if self.confirm.is_some() || self.help || self.form.is_some() {
            return false;
        }
        let tab = self.tab;
        let (taken, effects) = self.run_screen(tab, |s, cx| s.paste(text, cx));
        self.apply(effects);
        taken
    }

    fn view(&self) -> View {
        View {
            lang: self.lang,
            today: self.today,
        }
    }

    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub(crate) fn body(&self) -> Rect {
        screens::frame_areas(self.size).body
    }

    /// Show what work in the background says, when it says it (at the next tick).
    pub fn watch(&mut self, notices: std::sync::mpsc::Receiver<(String, bool)>) {
        self.notices = Some(notices);
    }

    /// Reload what the screens show from the store.
    pub fn refresh(&mut self) {
        let tab = self.tab;
        self.on_screen(tab, |s, cx| s.refresh(cx));
    }

    /// Time passes (the event loop calls this between events, tests with a time of their
    /// choosing): typing that stopped a while ago is saved.
    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if let Some(Ok((text, error))) = self.notices.as_ref().map(|n| n.try_recv()) {
            self.message = Some((text, error));
        }
        self.poll_work();
        let tab = self.tab;
        self.on_screen(tab, |s, cx| s.tick(cx));
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
        self.reread_access();
        self.read_hq_names();
        let busy = self.form.is_some() || self.confirm.is_some() || self.screen(self.tab).busy();
        if !busy {
            let message = self.message.take();
            self.refresh();
            if self.message.is_none() {
                self.message = message;
            }
        }
    }

    /// A role given or taken while the app is open counts at once: read again whenever the
    /// database changes (a database without users lets anyone act, as the CLI does).
    fn reread_access(&mut self) {
        let has_users = self.store.users().is_ok_and(|u| !u.is_empty());
        let Ok(access) = self.store.access(&self.access.login) else {
            return;
        };
        if !has_users || access == self.access {
            return;
        }
        self.access = access;
        if let Some(line) = self.access_line() {
            self.message = Some((line, true));
        }
    }

    /// The line a read-only user is shown (at start and when their role changes); the demo's
    /// welcome in the demo.
    pub fn access_line(&self) -> Option<String> {
        let s = self.strings();
        let r = crate::i18n::rules::strings(self.lang);
        let login = &self.access.login;
        match self.access.role {
            _ if self.access.allows(Permission::Edit) => {
                self.demo_grant.then(|| r.demo_welcome.to_string())
            }
            None => Some(s.read_only_banner.fill([login])),
            Some(role) => Some(
                r.read_only_role
                    .fill([login, &s.access_roles[role.index()]]),
            ),
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
            Some(f) => self.screen(f.target.tab()).form_context(),
            None => Context::Form,
        }
    }

    /// The keys of the tab itself (what help lists beneath a form or overlay).
    fn screen_context(&self) -> Context {
        self.screen(self.tab).context()
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
        let text = crate::screens::component::store_error_text(&e, self.strings());
        self.error(&text);
    }

    /// Turn a terminal event into actions and apply them.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            // Windows reports Press and Release: act once (and again while a key is held).
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                self.message = None;
                let k = altgr_as_text(k);
                // A question is answered in the UI language's letters (see `keymap::answer`).
                let answer = self
                    .confirm
                    .as_ref()
                    .and_then(|p| keymap::answer(self.lang, irreversible(p), &k));
                if let Some(a) = answer.or_else(|| keymap::resolve(self.context(), &k)) {
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
            Event::Paste(text) if self.paste_in_screen(text) => {}
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
        self.on_screen(self.tab, |s, cx| s.settle(cx));
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        for tab in Tab::ALL {
            self.on_screen(tab, |s, cx| s.resize(cx));
        }
    }

    pub fn update(&mut self, action: Action) {
        // Quitting lets the screen save what was typed (the protocol editor); if that fails,
        // stay.
        let quits = action == Action::Quit && self.confirm.is_none() && self.form.is_none();
        if quits && !self.leave_screen() {
            return;
        }
        if action == Action::ForceQuit {
            self.leave_screen();
        }
        if !matches!(
            action,
            Action::Input(_) | Action::Backspace | Action::DeleteChar
        ) {
            // Whatever comes next sees the result of the text typed so far.
            self.on_screen(self.tab, |s, cx| s.settle(cx));
        }
        match action {
            Action::ForceQuit => self.quit = true,
            Action::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::Close => self.help = false,
            _ if self.help && self.confirm.is_none() => self.scroll_help(action),
            Action::CycleLang => self.cycle_lang(),
            _ if self.confirm.is_some() => self.update_confirm(action),
            _ if self.form.is_some() => self.update_form(action),
            // The narrative editor takes every key (its own save, cancel and quit).
            _ if self.screen(self.tab).takes_all_keys() => {
                self.on_screen(self.tab, |s, cx| s.update(action, cx))
            }
            Action::Quit => self.quit_or_ask(),
            Action::AskQuit if self.in_flight() > 0 => self.quit_or_ask(),
            Action::AskQuit => self.confirm = Some(Pending::Quit),
            Action::NextTab => self.go_tab((self.tab.index() + 1) % Tab::ALL.len()),
            Action::PrevTab => {
                self.go_tab((self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len())
            }
            Action::GoTab(i) => self.go_tab(i),
            Action::Click { column, row } => self.click(column, row),
            _ if !self.may(action) => {}
            _ => {
                let tab = self.tab;
                self.on_screen(tab, |s, cx| s.update(action, cx));
            }
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
        self.error(&s.err_needs_role.fill([&roles.join(" / ")]));
        false
    }

    /// ↑↓ PgUp PgDn Home End move the help overlay's text.
    fn scroll_help(&mut self, action: Action) {
        let max = screens::help_max_scroll(self.size, self.strings(), self.help_context());
        let page = self.size.height.saturating_sub(4).max(1);
        let s = self.help_scroll.min(max);
        self.help_scroll = match action {
            Action::Up | Action::ScrollUp => s.saturating_sub(1),
            Action::Down | Action::ScrollDown => (s + 1).min(max),
            Action::PageUp => s.saturating_sub(page),
            Action::PageDown => (s + page).min(max),
            Action::First => 0,
            Action::Last => max,
            _ => s,
        };
    }

    fn go_tab(&mut self, i: usize) {
        // Leaving a screen lets it save what was typed and stop typing (the protocol
        // editor); if the save fails, stay.
        if Tab::from_index(i) != self.tab && !self.leave_screen() {
            return;
        }
        self.tab = Tab::from_index(i);
        self.refresh();
    }

    fn cycle_lang(&mut self) {
        self.lang = self.lang.next();
        self.refresh();
        // Remembered for this login only: the next user opens in their own language.
        if let Err(e) = self.store.set_ui_lang(&self.access.login, self.lang) {
            self.store_error(e);
            return;
        }
        let s = self.strings();
        let r = crate::i18n::rules::strings(self.lang);
        self.info(
            &r.msg_lang_for_login
                .fill([&s.lang_name, &self.access.login]),
        );
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
        let tab = self.tab;
        self.on_screen(tab, |s, cx| s.click(column, row, cx));
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
            Action::ClearField => form.edit(|i| i.clear_all()),
            Action::DeleteWord => form.edit(|i| i.delete_word()),
            Action::NextChoice => form.step(true),
            Action::PrevChoice => form.step(false),
            Action::FocusNext | Action::FocusPrev => {
                // Check the field being left, so a mistake shows at once.
                let tab = form.target.tab();
                let Form {
                    fields,
                    target,
                    focus,
                    ..
                } = form;
                self.screens
                    .get(tab)
                    .check_field(fields, target, *focus, self.today);
                if action == Action::FocusNext {
                    form.next_field()
                } else {
                    form.prev_field()
                }
            }
            Action::Save => {
                let tab = form.target.tab();
                self.save_in_screen(tab);
                // Not saved: the cursor goes to what must be fixed.
                if let Some(f) = self.form.as_mut() {
                    f.focus_first_error();
                }
            }
            Action::EndOfMonth => {
                let tab = form.target.tab();
                self.form_key_in_screen(tab, action);
                return;
            }
            Action::Cancel => {
                if form.would_lose_text() {
                    self.confirm = Some(Pending::DiscardForm);
                } else {
                    self.form = None;
                }
            }
            Action::Quit => {
                if form.dirty {
                    self.confirm = Some(Pending::QuitDiscarding);
                } else {
                    self.quit_or_ask();
                }
            }
            _ => {}
        }
        // The screen sees what its form took, to fill in what follows from it (a task's
        // responsible person once its executor is chosen).
        if let Some(tab) = self.form.as_ref().map(|f| f.target.tab())
            && self.confirm.is_none()
        {
            self.form_key_in_screen(tab, action);
        }
    }

    fn update_confirm(&mut self, action: Action) {
        let Some(pending) = self.confirm.take() else {
            return;
        };
        match action {
            Action::Yes => match pending {
                Pending::DiscardForm => self.form = None,
                Pending::QuitDiscarding => self.quit_or_ask(),
                // Not through F10 again (it would ask again): the screen saves first.
                Pending::QuitSending { .. } => self.quit = self.leave_screen(),
                // As F10 does: the screen saves what was typed first.
                Pending::Quit => self.update(Action::Quit),
                p => {
                    if let Some(tab) = p.tab() {
                        self.answer_yes(tab, p)
                    }
                }
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
            Pending::Quit => s.confirm_quit_app.to_string(),
            Pending::QuitSending { count } => crate::i18n::mail::ui(self.lang)
                .confirm_quit_sending
                .fill([count]),
            p => match p.tab() {
                Some(tab) => self.screen(tab).question(p, &self.view()),
                None => String::new(),
            },
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
        // The HQ's name as the settings give it (English screens keep the generic title).
        let hq = match self.lang {
            Lang::Ky if !self.hq_names[0].is_empty() => self.hq_names[0].as_str(),
            Lang::Ru if !self.hq_names[1].is_empty() => self.hq_names[1].as_str(),
            _ => s.app_title,
        };
        let note = self
            .demo_grant
            .then(|| crate::i18n::rules::strings(self.lang).demo_role);
        let today = date::format(self.today);
        screens::render_title(frame, f.title, s, hq, self.demo, &today, note);
        if !self.access.allows(Permission::Edit) {
            screens::render_badge(frame, f.title, s.read_only_badge);
        }
        screens::render_tabs(frame, f.tabs, s, self.tab);
        self.screen(self.tab).render(frame, f.body, &self.view());
        if self.jobs.waiting(self.tab) {
            crate::worker::render_mark(frame, f.body, s.ui.computing);
        }
        for tab in Tab::ALL {
            let screen = self.screen(tab);
            if screen.working() {
                screen.render_work(frame, f.body, &self.view());
            }
        }
        if let Some(form) = &self.form {
            let area = crate::widgets::popup::centered(f.body, 76, form.height());
            form.render(frame, area, s);
        }
        if self.help {
            screens::render_help(frame, size, s, self.help_context(), self.help_scroll);
        }
        if let Some(p) = &self.confirm {
            let undo = irreversible(p);
            let hint = keymap::answer_hint(self.lang, undo, s);
            screens::render_confirm(frame, size, s, &self.question(p), hint, undo);
        }
        let message = self
            .message
            .as_ref()
            .map(|(t, e)| Message { text: t, error: *e });
        screens::render_status(frame, f.status, s, self.context(), message);
    }
}

/// The protocol editor driven from outside the keyboard: `shtab type` and the tests open a
/// protocol and put the cursor on a field.
impl App {
    fn on_protocol<R: Default>(
        &mut self,
        f: impl FnOnce(&mut protocol::Protocol, &mut Ctx) -> R,
    ) -> R {
        // The screen is taken out for the call, so the context can borrow the rest of the app.
        let mut screen = std::mem::take(&mut self.screens.protocol);
        let (r, effects) = self.run_screen(Tab::Protocol, |_, cx| f(&mut screen, cx));
        self.screens.protocol = screen;
        self.apply(effects);
        r
    }

    /// Open (making it when needed) the protocol of a session in the editor, as Enter in the
    /// list does. False, with the reason in the status line, when it cannot be.
    pub fn open_session_protocol(&mut self, session_id: i64) -> bool {
        self.on_protocol(|p, cx| p.open_session_protocol(cx, session_id))
    }

    /// Show protocol `id` in the editor, the cursor on the field last typed in.
    pub fn open_protocol_id(&mut self, id: i64) {
        self.on_protocol(|p, cx| p.open_protocol_id(cx, id))
    }

    /// Put the cursor on a field by its code ("decision_text:12"); false when there is none.
    pub fn focus_protocol_field(&mut self, code: &str) -> bool {
        self.on_protocol(|p, cx| p.focus_protocol_field(cx, code))
    }

    /// The field being typed in (else the one under the cursor) and its text as stored.
    pub fn protocol_field_report(&self) -> (String, String) {
        self.screens.protocol.field_report()
    }
}
