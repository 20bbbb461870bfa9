//! What a screen is to the app: a component that owns its state, handles the actions of its
//! tab with a narrow [`Ctx`], and asks the app for what lies outside it through [`Effect`]s
//! (a message, a form or a question over the screen, quitting). The app keeps only the
//! overlays (form, question, help) and the routing between tabs.

use crate::store::{Failure, Refusal};
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::{FormTarget, Pending};
use crate::domain::access::{Access, Permission};
use crate::i18n::{Lang, Strings};
use crate::keymap::Context;
use crate::store::{OrgFilter, Store, StoreError};
use crate::widgets::form::{Field, Form};

/// What a screen may ask of the app; applied, in order, when the screen returns.
#[derive(Debug)]
pub enum Effect {
    /// A line on the status bar (an error in red).
    Message {
        text: String,
        error: bool,
    },
    /// Open a form over the screen.
    OpenForm(Form<FormTarget>),
    /// Close the open form (it was saved).
    CloseForm,
    /// Ask a yes/no question; a yes comes back to the screen as [`Screen::carry_out`].
    Ask(Pending),
    Quit,
    /// Read figures off the event loop (see [`crate::worker`]); the result comes back to
    /// the tab's [`Screen::receive`] if the tab is still shown and asked nothing newer.
    Compute {
        tab: crate::screens::Tab,
        job: crate::worker::Work,
    },
}

/// What a screen may use while it handles an action.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub lang: Lang,
    pub today: NaiveDate,
    /// The time of the last tick: edits are stamped with it, idle saves measured.
    pub now: Instant,
    pub access: &'a Access,
    /// Where papers are proposed to be written.
    pub documents_dir: &'a Path,
    /// The screen's part of the terminal, between the tabs and the status line.
    pub body: Rect,
    /// Events are being handled in a batch: a costly query waits for its end.
    pub defer_queries: bool,
    pub effects: Vec<Effect>,
    /// The tab whose screen this is (jobs it asks for are tagged with it).
    pub tab: crate::screens::Tab,
}

impl<'a> Ctx<'a> {
    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub fn russian(&self) -> bool {
        self.lang == Lang::Ru
    }

    pub fn info(&mut self, text: &str) {
        self.effects.push(Effect::Message {
            text: text.to_string(),
            error: false,
        });
    }

    pub fn error(&mut self, text: &str) {
        self.effects.push(Effect::Message {
            text: text.to_string(),
            error: true,
        });
    }

    /// A store's refusal or failure, said in the user's language.
    pub fn store_error(&mut self, e: StoreError) {
        let text = store_error_text(&e, self.strings());
        self.error(&text);
    }

    pub fn open_form(&mut self, form: Form<FormTarget>) {
        self.effects.push(Effect::OpenForm(form));
    }

    pub fn close_form(&mut self) {
        self.effects.push(Effect::CloseForm);
    }

    pub fn ask(&mut self, pending: Pending) {
        self.effects.push(Effect::Ask(pending));
    }

    pub fn quit(&mut self) {
        self.effects.push(Effect::Quit);
    }

    /// Have `job` read the store off the event loop; its result comes to
    /// [`Screen::receive`] as a `Box<T>` (a newer request of this tab supersedes it).
    pub fn compute<T: Send + 'static>(&mut self, job: impl FnOnce(&Store) -> T + Send + 'static) {
        let job: crate::worker::Job = Box::new(move |s| Box::new(job(s)));
        self.effects.push(Effect::Compute {
            tab: self.tab,
            job: crate::worker::Work(job),
        });
    }

    /// A question asked by this action, not yet answered.
    pub fn asking(&self) -> bool {
        self.effects.iter().any(|e| matches!(e, Effect::Ask(_)))
    }

    /// The latest message this action set, if any.
    pub fn last_message(&self) -> Option<(&str, bool)> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::Message { text, error } => Some((text.as_str(), *error)),
            _ => None,
        })
    }

    /// May the user do what `p` guards? If not, say which role it needs.
    pub fn may(&mut self, p: Permission) -> bool {
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

    /// Every organization as (id, name in the UI language), for a choice field.
    pub fn org_choices(&self) -> Vec<(i64, String)> {
        let ru = self.russian();
        self.store
            .organizations(&OrgFilter {
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
}

/// The text of a store error in the UI language. A failure underneath adds that nothing
/// was changed (the write's transaction was rolled back), so the user knows where they stand.
pub fn store_error_text(e: &StoreError, s: &Strings) -> String {
    match e {
        StoreError::Refused(r) => refusal_text(r, s),
        StoreError::Failed(f) => {
            let text = failure_text(f, s);
            let text = text.trim_end_matches(['.', ' ']);
            crate::i18n::rules::of(s)
                .failed_nothing_changed
                .fill([&text])
        }
    }
}

/// A rule's refusal, in words the user can act on. Exhaustive: a new refusal needs its text.
fn refusal_text(r: &Refusal, s: &Strings) -> String {
    let rules = crate::i18n::rules::of(s);
    match r {
        Refusal::Conflict => s.err_conflict.to_string(),
        Refusal::InUse => s.err_in_use.to_string(),
        Refusal::NotFound => s.err_not_found.to_string(),
        Refusal::SessionTimeTaken => s.agenda.err_session_taken.to_string(),
        Refusal::HasProtocol => s.agenda.err_has_protocol.to_string(),
        Refusal::SessionHeld => s.agenda.err_session_held.to_string(),
        Refusal::ReasonRequired => s.agenda.err_reason_required.to_string(),
        Refusal::Signed => s.protocol.err_signed.to_string(),
        Refusal::ReportIssued => s.plan.err_report_issued.to_string(),
        Refusal::MeasureNumberTaken(n) => s.plan.err_number_taken.fill([n]),
        Refusal::Task(e) => super::tasks::rule_text(*e, s),
        Refusal::AgendaApproved(label) => rules.err_agenda_approved.fill([label]),
        Refusal::AlreadyLinked(task, number) => {
            rules.err_already_linked.fill([&format!("#{task}"), number])
        }
        Refusal::VotesAbovePresent(votes, present) => {
            rules.err_votes_above_present.fill([votes, present])
        }
    }
}

/// A failure of the file, the disk or SQLite.
fn failure_text(f: &Failure, s: &Strings) -> String {
    match f {
        Failure::Read(p, e) => {
            s.ui.err_read_file
                .fill([&p.display(), &os_error_text(e, s)])
        }
        Failure::Create(p, e) => {
            s.ui.err_create_file
                .fill([&p.display(), &os_error_text(e, s)])
        }
        other => s.err_db.fill([&reason_text(other, s)]),
    }
}

/// What the system said about a file, as a sentence of the UI language; its own words
/// ("No such file or directory (os error 2)") only inside one, when no sentence fits.
pub fn os_error_text(e: &std::io::Error, s: &Strings) -> String {
    use std::io::ErrorKind as K;
    let u = s.ui;
    match e.kind() {
        K::NotFound => u.os_not_found.to_string(),
        K::PermissionDenied => u.os_denied.to_string(),
        K::AlreadyExists => u.os_exists.to_string(),
        K::StorageFull | K::QuotaExceeded => u.os_no_space.to_string(),
        K::ReadOnlyFilesystem => u.os_read_only.to_string(),
        K::ResourceBusy | K::ExecutableFileBusy => u.os_busy.to_string(),
        _ if e.raw_os_error() == Some(32) && cfg!(windows) => u.os_busy.to_string(),
        _ => u.os_other.fill([e]),
    }
}

/// Why something failed, in the UI language: the system's refusal found anywhere in the
/// error's chain is said in words; a paper that would overwrite a file says so; anything
/// else is the error's own text.
pub fn reason_text(e: &(dyn std::error::Error + 'static), s: &Strings) -> String {
    if let Some(crate::docs::DocsError::Exists(p)) = e.downcast_ref::<crate::docs::DocsError>() {
        return s.ui.err_file_exists.fill([&p.display()]);
    }
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            return os_error_text(io, s);
        }
        cur = err.source();
    }
    e.to_string()
}

/// What drawing a screen may read besides the screen itself.
pub struct View {
    pub lang: Lang,
    pub today: NaiveDate,
}

impl View {
    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub fn russian(&self) -> bool {
        self.lang == Lang::Ru
    }
}

/// One tab of the app. Its forms and questions come through [`Overlays`], which every
/// [`TabForms`] has.
pub trait Screen: Overlays {
    /// Reload what the screen shows from the store.
    fn refresh(&mut self, cx: &mut Ctx);

    /// Handle an action of this tab (the app has checked the role it needs).
    fn update(&mut self, action: Action, cx: &mut Ctx);

    fn render(&self, frame: &mut Frame, body: Rect, view: &View);

    /// The key table in force on this screen now.
    fn context(&self) -> Context;

    /// What the screen says when the app starts (on the status line).
    fn greet(&mut self, _cx: &mut Ctx) {}

    /// Work put off while keys were typed ahead is done now, before any other action.
    fn settle(&mut self, _cx: &mut Ctx) {}

    /// The key table of a form this screen opened.
    fn form_context(&self) -> Context {
        Context::Form
    }

    /// The terminal changed size: keep the cursors in view.
    fn resize(&mut self, _cx: &mut Ctx) {}

    fn click(&mut self, _column: u16, _row: u16, _cx: &mut Ctx) {}

    /// Time passed (the event loop's clock).
    fn tick(&mut self, _cx: &mut Ctx) {}

    /// What a job asked for with [`Ctx::compute`] found (downcast it to the job's type).
    fn receive(&mut self, _output: crate::worker::Output, _cx: &mut Ctx) {}

    /// The user is leaving this tab or quitting: false keeps them here (a save failed).
    fn leave(&mut self, _cx: &mut Ctx) -> bool {
        true
    }

    /// The screen is in the middle of an edit: others' changes are not reloaded under it.
    fn busy(&self) -> bool {
        false
    }

    /// Long work is waiting (an import): the event loop calls [`Screen::work`] instead of
    /// waiting for a key, drawing in between.
    fn has_work(&self) -> bool {
        false
    }

    /// Do one step of the long work.
    fn work(&mut self, _cx: &mut Ctx) {}

    /// Work under way, maybe on another thread (keys keep working): its progress is drawn.
    fn working(&self) -> bool {
        self.has_work()
    }

    /// The app is quitting: end the work under way, keeping what it did.
    fn stop_work(&mut self, _cx: &mut Ctx) {}

    /// Messages still to go out (quitting asks first when some are).
    fn in_flight(&self) -> usize {
        0
    }

    /// Draw the long work's progress over whatever tab is shown.
    fn render_work(&self, _frame: &mut Frame, _body: Rect, _view: &View) {}

    /// The screen takes every key itself, even Quit and Help (a full-screen editor).
    fn takes_all_keys(&self) -> bool {
        false
    }

    /// Text pasted while the screen is in front: true when the screen took it (else it is
    /// typed key by key where the keys are text).
    fn paste(&mut self, _text: &str, _cx: &mut Ctx) -> bool {
        false
    }

    /// A key the form does not handle itself, for this screen's forms (e.g. Ctrl-E).
    fn form_key(&mut self, _action: Action, _form: &mut Form<FormTarget>, _cx: &mut Ctx) {}
}

/// One variant of the app's sum enums ([`FormTarget`], [`Pending`]): a tab's own type, taken
/// out of the enum (impls made by `variants!` in `screens/mod.rs`).
pub trait Variant<E>: Sized {
    fn take(e: E) -> Option<Self>;
    fn of(e: &E) -> Option<&Self>;
}

/// A tab's own forms and questions, typed: it sees only its own targets and questions; the
/// app's enums are unwrapped for every tab at once by the blanket [`Overlays`] impl.
pub trait TabForms {
    /// What this tab's forms save into.
    type Target: Variant<FormTarget>;
    /// What a yes to this tab's questions goes on to do.
    type Pending: Variant<Pending>;

    /// The field `index` of this tab's form is being left: check it.
    fn check(
        &self,
        _fields: &mut [Field],
        _target: &Self::Target,
        _index: usize,
        _today: NaiveDate,
    ) {
    }

    /// Save this tab's form.
    fn save(&mut self, target: Self::Target, form: &mut Form<FormTarget>, cx: &mut Ctx);

    /// This tab's question, in the UI language.
    fn ask(&self, pending: &Self::Pending, view: &View) -> String;

    /// The user answered yes to this tab's question (asked over `form`, if one is open).
    fn answer(&mut self, pending: Self::Pending, form: Option<&mut Form<FormTarget>>, cx: &mut Ctx);
}

/// The app's side of a screen's forms and questions: any target or question, passed on
/// to the screen when it is the screen's own, ignored otherwise.
pub trait Overlays {
    /// The field `index` of a form this screen opened is being left: check it.
    fn check_field(
        &self,
        fields: &mut [Field],
        target: &FormTarget,
        index: usize,
        today: NaiveDate,
    );

    /// Save the form this screen opened (its target names what it saves into).
    fn save_form(&mut self, target: FormTarget, form: &mut Form<FormTarget>, cx: &mut Ctx);

    /// The question this screen asked, in the UI language.
    fn question(&self, pending: &Pending, view: &View) -> String;

    /// The user answered yes to this screen's question (asked over `form`, if one is open).
    fn carry_out(&mut self, pending: Pending, form: Option<&mut Form<FormTarget>>, cx: &mut Ctx);
}

impl<T: TabForms> Overlays for T {
    fn check_field(
        &self,
        fields: &mut [Field],
        target: &FormTarget,
        index: usize,
        today: NaiveDate,
    ) {
        if let Some(t) = T::Target::of(target) {
            self.check(fields, t, index, today)
        }
    }

    fn save_form(&mut self, target: FormTarget, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        if let Some(t) = T::Target::take(target) {
            self.save(t, form, cx)
        }
    }

    fn question(&self, pending: &Pending, view: &View) -> String {
        T::Pending::of(pending).map_or_else(String::new, |p| self.ask(p, view))
    }

    fn carry_out(&mut self, pending: Pending, form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        if let Some(p) = T::Pending::take(pending) {
            self.answer(p, form, cx)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn os_errors_are_said_in_the_users_language() {
        let missing = Error::from_raw_os_error(2);
        for lang in [Lang::Ky, Lang::Ru] {
            let s = lang.strings();
            let text = store_error_text(
                &StoreError::Failed(Failure::Read(
                    "/tmp/жок.csv".into(),
                    Error::from(ErrorKind::NotFound),
                )),
                s,
            );
            assert!(text.contains(s.ui.os_not_found), "{text}");
            assert!(!text.contains("No such file"), "{text}");
            assert!(!text.contains("cannot"), "{text}");
            let raw = os_error_text(&missing, s);
            assert_eq!(raw, s.ui.os_not_found, "os error 2 is 'not found'");
            let wrapped = crate::docs::DocsError::Io {
                path: "/x/протокол.docx".into(),
                source: Error::from(ErrorKind::PermissionDenied),
            };
            assert_eq!(reason_text(&wrapped, s), s.ui.os_denied);
            let exists = crate::docs::DocsError::Exists("/x/a.md".into());
            assert!(reason_text(&exists, s).starts_with("/x/a.md "));
            let odd = os_error_text(&Error::other("quux"), s);
            assert!(odd.contains("quux") && odd != "quux", "{odd}");
        }
    }

    #[test]
    fn a_failure_says_nothing_changed_and_a_refusal_does_not() {
        let failure = StoreError::from(Failure::Busy("/x/shtab.db".into()));
        let refusal = StoreError::from(Refusal::Conflict);
        assert!(!failure.is_refusal());
        assert!(refusal.is_refusal());
        let task = StoreError::from(crate::domain::tasks::TaskError::NotOpen);
        assert!(task.is_refusal(), "a task rule is a refusal");
        for lang in [Lang::Ky, Lang::Ru, Lang::En] {
            let s = lang.strings();
            let said = crate::i18n::rules::of(s).failed_nothing_changed.text();
            let tail = said.trim_start_matches("{0}");
            let text = store_error_text(&failure, s);
            assert!(text.ends_with(tail), "{lang:?}: {text}");
            assert!(!text.contains(".."), "{lang:?}: {text}");
            assert!(!text.contains('\n'), "one line: {text}");
            let text = store_error_text(&refusal, s);
            assert_eq!(text, s.err_conflict, "a refusal is said as before");
        }
    }
}
