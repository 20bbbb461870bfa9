//! The Compliance tab: which organizations execute the HQ's tasks and which fail, worst
//! first; the escalation ladder with the next step proposed by the rules; letters.

mod forms;
mod mail;
mod render;
mod trend;

pub use forms::*;
pub use render::render;
pub use trend::{direction, spark};

use super::component::{Ctx, Screen, TabForms, View};
use crate::keymap::Context;
use crate::store::Refusal;
use crate::theme;
use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::action::Action;
use crate::app::FormTarget;
use crate::domain::compliance::{self, KindSummary, OrgMetrics, Rules, StepError};
use crate::domain::work::{EscalationStep, TaskState, task_state};
use crate::domain::{OrgKind, Organization, Role, date, validate};
use crate::i18n::{Lang, Strings};
use crate::store::{Escalation, LetterKind, TaskBrief};
use crate::widgets::form::{
    Choices, Field, Fields, Form, Label, field_keys, has_errors, run_checks,
};
use crate::widgets::list::Cursor;
use crate::widgets::look::{header, pane_block};

/// The periods a user steps through with one key; `None` is all time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    All,
    ThisMonth,
    Last3,
    Last6,
    ThisYear,
    LastYear,
    /// Any period the user typed (from–to, both days counted).
    Range(NaiveDate, NaiveDate),
}

impl Period {
    const ORDER: [Period; 6] = [
        Period::All,
        Period::ThisMonth,
        Period::Last3,
        Period::Last6,
        Period::ThisYear,
        Period::LastYear,
    ];

    /// The next preset; after the last one, `None`: the user types a period of their own.
    fn next(self) -> Option<Period> {
        if self == Period::LastYear {
            return None;
        }
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        // A typed period goes back to the start of the presets.
        let i = if matches!(self, Period::Range(..)) {
            Self::ORDER.len() - 1
        } else {
            i
        };
        Some(Self::ORDER[(i + 1) % Self::ORDER.len()])
    }

    /// The deadlines the period covers, as of `today`.
    pub fn range(self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let month = |back: u32| {
            let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)?;
            first.checked_sub_months(chrono::Months::new(back))
        };
        let end_of_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .and_then(|d| d.pred_opt());
        match self {
            Period::All => None,
            Period::ThisMonth => Some((month(0)?, end_of_month?)),
            Period::Last3 => Some((month(2)?, end_of_month?)),
            Period::Last6 => Some((month(5)?, end_of_month?)),
            Period::ThisYear => Some((
                NaiveDate::from_ymd_opt(today.year(), 1, 1)?,
                NaiveDate::from_ymd_opt(today.year(), 12, 31)?,
            )),
            Period::LastYear => Some((
                NaiveDate::from_ymd_opt(today.year() - 1, 1, 1)?,
                NaiveDate::from_ymd_opt(today.year() - 1, 12, 31)?,
            )),
            Period::Range(from, to) => Some((from, to)),
        }
    }

    /// What the filter shows: the preset's name, or the dates; the period is by deadline.
    pub fn label(self, s: &Strings, today: NaiveDate) -> String {
        let c = s.compliance;
        let name = match self {
            Period::All => return c.all_periods.to_string(),
            Period::ThisMonth => c.periods[0],
            Period::Last3 => c.periods[1],
            Period::Last6 => c.periods[2],
            Period::ThisYear => c.periods[3],
            Period::LastYear => c.periods[4],
            Period::Range(..) => "",
        };
        let dates = self.range(today).map_or(String::new(), |(a, b)| {
            format!("{}–{}", date::format(a), date::format(b))
        });
        let shown = if name.is_empty() {
            dates
        } else {
            format!("{name}: {dates}")
        };
        c.by_deadline.fill([&shown])
    }
}

#[derive(Debug, Default)]
pub struct Compliance {
    pub rows: Vec<OrgMetrics>,
    pub cursor: Cursor,
    pub kind: Option<OrgKind>,
    pub period: Period,
    pub by_kind: bool,
    pub rules: Rules,
    /// The selected organization, its tasks and its history.
    pub org: Option<Organization>,
    pub tasks: Vec<TaskBrief>,
    pub history: Vec<Escalation>,
    /// Every organization's last twelve months (issue 18), by id.
    pub trends: Trends,
    /// The letter's message on its way by e-mail (issue 19).
    letter: Option<mail::LetterJob>,
}

impl Compliance {
    pub fn selected(&self) -> Option<&OrgMetrics> {
        self.rows.get(self.cursor.selected)
    }
}

/// What the worker reads: the list (the rules and each organization's figures), then,
/// once the list has come, every organization's twelve months for the trend marks (a read
/// of all the tasks: the list is not kept waiting for them).
enum Figures {
    List(crate::store::Result<(Rules, Vec<OrgMetrics>)>),
    Marks(crate::store::Result<Trends>),
}
type Trends = std::collections::HashMap<i64, Vec<crate::domain::trend::OrgMonth>>;

pub struct Areas {
    pub table: Rect,
    pub tasks: Rect,
    pub info: Rect,
}

pub fn areas(body: Rect) -> Areas {
    let [table, detail] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(body);
    let [tasks, info] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(detail);
    Areas { table, tasks, info }
}

fn rows_in(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

// ---------- behaviour ----------

impl Compliance {
    fn compliance_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body)
    }

    /// The list is read off the event loop (every task is counted); [`Self::take_figures`]
    /// shows it when it comes, then asks for the trend marks.
    pub(crate) fn refresh_compliance(&mut self, cx: &mut Ctx) {
        let (today, kind, range) = (cx.today, self.kind, self.period.range(cx.today));
        cx.compute(move |store| {
            let rules = store.compliance_rules();
            Figures::List(rules.and_then(|r| Ok((r, store.compliance(today, kind, range)?))))
        });
    }

    /// The marks come after the list; the ones shown stay until then (they describe whole
    /// months, which a change rarely turns).
    fn refresh_marks(&mut self, cx: &mut Ctx) {
        let today = cx.today;
        cx.compute(move |store| {
            Figures::Marks(store.organization_trends(
                crate::domain::report::Month::of(today),
                crate::domain::trend::DEFAULT_MONTHS,
                today,
            ))
        });
    }

    fn take_figures(&mut self, result: Figures, cx: &mut Ctx) {
        let result = match result {
            Figures::List(list) => list,
            Figures::Marks(marks) => {
                match marks {
                    Ok(trends) => self.trends = trends,
                    Err(e) => cx.store_error(e),
                }
                return;
            }
        };
        let selected = self.selected().map(|m| m.organization_id);
        match result {
            Ok((rules, rows)) => {
                self.rules = rules;
                self.rows = rows;
            }
            Err(e) => return cx.store_error(e),
        }
        let h = rows_in(self.compliance_areas(cx).table);
        let c = &mut *self;
        if let Some(i) = selected.and_then(|id| c.rows.iter().position(|r| r.organization_id == id))
        {
            c.cursor.selected = i;
        }
        c.cursor.clamp(c.rows.len(), h);
        self.load_compliance_detail(cx);
        self.refresh_marks(cx);
    }

    fn load_compliance_detail(&mut self, cx: &mut Ctx) {
        let Some(id) = self.selected().map(|m| m.organization_id) else {
            self.org = None;
            self.tasks.clear();
            self.history.clear();
            return;
        };
        let result = (|| -> crate::store::Result<()> {
            self.org = Some(cx.store.organization(id)?);
            // The pane's screenful (one line each, open first), not all of them.
            let shown = self.compliance_areas(cx).tasks.height as usize;
            self.tasks = cx.store.organization_tasks_first(id, shown.max(1))?;
            self.history = cx.store.escalations(id)?;
            Ok(())
        })();
        if let Err(e) = result {
            cx.store_error(e);
        }
    }

    pub(crate) fn resize_compliance(&mut self, cx: &mut Ctx) {
        let h = rows_in(self.compliance_areas(cx).table);
        let c = &mut *self;
        c.cursor.clamp(c.rows.len(), h);
        // A taller pane shows more of the organization's tasks.
        let shown = self.compliance_areas(cx).tasks.height as usize;
        if self.org.is_some() && self.tasks.len() < shown {
            self.load_compliance_detail(cx);
        }
    }

    fn move_compliance(&mut self, cx: &mut Ctx, delta: isize) {
        let h = rows_in(self.compliance_areas(cx).table);
        let c = &mut *self;
        let len = if c.by_kind {
            compliance::by_kind(&c.rows).len()
        } else {
            c.rows.len()
        };
        let before = c.cursor.selected;
        c.cursor.move_by(delta, len, h);
        if c.cursor.selected != before && !c.by_kind {
            self.load_compliance_detail(cx);
        }
    }

    pub(crate) fn click_compliance(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let a = self.compliance_areas(cx).table;
        if column < a.x || column >= a.right() {
            return;
        }
        let first = a.y + 2;
        if row < first || row + 1 >= a.bottom() {
            return;
        }
        let target = self.cursor.offset + (row - first) as usize;
        let delta = target as isize - self.cursor.selected as isize;
        self.move_compliance(cx, delta);
    }

    fn chair_name(&self, cx: &Ctx) -> String {
        cx.store
            .all_members()
            .ok()
            .and_then(|ms| {
                ms.into_iter()
                    .find(|m| m.role == Role::Chair && m.serves_on(cx.today))
            })
            .map(|m| m.full_name)
            .unwrap_or_default()
    }

    pub(crate) fn update_compliance(&mut self, cx: &mut Ctx, action: Action) {
        let h = rows_in(self.compliance_areas(cx).table).max(1) as isize;
        let s = cx.strings();
        match action {
            Action::Up | Action::ScrollUp => self.move_compliance(cx, -1),
            Action::Down | Action::ScrollDown => self.move_compliance(cx, 1),
            Action::PageUp => self.move_compliance(cx, -h),
            Action::PageDown => self.move_compliance(cx, h),
            Action::First => self.move_compliance(cx, isize::MIN / 2),
            Action::Last => self.move_compliance(cx, isize::MAX / 2),
            Action::CycleKind => {
                let c = &mut *self;
                c.kind = match c.kind {
                    None => Some(OrgKind::ALL[0]),
                    Some(k) => OrgKind::ALL.get(k.index() + 1).copied(),
                };
                c.cursor = Cursor::default();
                self.refresh_compliance(cx);
            }
            Action::CyclePeriod => match self.period.next() {
                Some(p) => {
                    self.period = p;
                    self.cursor = Cursor::default();
                    self.refresh_compliance(cx);
                }
                None => {
                    let (from, to) = self.period.range(cx.today).unwrap_or((cx.today, cx.today));
                    cx.open_form(period_form(from, to).map(FormTarget::Compliance));
                }
            },
            Action::ToggleSummary => {
                self.by_kind = !self.by_kind;
                self.cursor = Cursor::default();
                self.refresh_compliance(cx);
            }
            _ if self.by_kind => {}
            Action::Edit => {
                let Some(m) = self.selected().cloned() else {
                    return cx.error(s.err_nothing_selected);
                };
                let proposed = compliance::propose(&m, &self.rules, cx.today);
                let form = step_form(
                    m.organization_id,
                    m.stage.map(|x| x.0),
                    proposed,
                    cx.today,
                    &self.chair_name(cx),
                );
                cx.open_form(form.map(FormTarget::Compliance));
            }
            Action::Hear => self.hear_at_next_session(cx),
            Action::WriteDocument => {
                let Some(org) = self.org.clone() else {
                    return cx.error(s.err_nothing_selected);
                };
                let Some(last) = self
                    .history
                    .iter()
                    .rev()
                    .find_map(|e| LetterKind::for_step(e.step))
                else {
                    return cx.error(s.compliance.err_no_letter);
                };
                let addressee = if last == LetterKind::CoverLetter {
                    s.doc_higher_body.to_string()
                } else {
                    org.name(cx.lang == Lang::Ru).to_string()
                };
                // A folder: the letter is named by kind, organization and number when written.
                let path = cx.documents_dir.to_path_buf();
                let form = letter_form(org.id, last, cx.lang, &addressee, &path.to_string_lossy());
                cx.open_form(form.map(FormTarget::Compliance));
            }
            _ => {}
        }
    }

    fn hear_at_next_session(&mut self, cx: &mut Ctx) {
        let s = cx.strings();
        let Some(m) = self.selected().cloned() else {
            return cx.error(s.err_nothing_selected);
        };
        let session = match cx.store.next_session(cx.today) {
            Ok(Some(x)) => x,
            Ok(None) => return cx.error(s.compliance.err_no_next_session),
            Err(e) => return cx.store_error(e),
        };
        let suggestion = match cx.store.suggested_hearings(cx.today, session.id) {
            Ok(list) => list
                .into_iter()
                .find(|x| x.organization_id == m.organization_id),
            Err(e) => return cx.store_error(e),
        };
        let Some(sug) = suggestion else {
            return if m.overdue_now == 0 {
                cx.error(s.compliance.err_not_overdue)
            } else {
                cx.info(&s.compliance.msg_already_on_agenda.fill([&session.label()]))
            };
        };
        let name = if cx.lang == Lang::Ru && !sug.name_ru.is_empty() {
            sug.name_ru.clone()
        } else {
            sug.name_ky.clone()
        };
        let title = s.agenda.hearing_title.fill([&name]);
        self.add_hearing(cx, session.id, sug, title, false);
    }

    /// Put the hearing on the agenda; an approved agenda asks first (`confirmed` is the yes).
    fn add_hearing(
        &mut self,
        cx: &mut Ctx,
        session_id: i64,
        sug: crate::store::Suggestion,
        title: String,
        confirmed: bool,
    ) {
        let s = cx.strings();
        match cx
            .store
            .add_hearing_confirmed(session_id, &sug, &title, confirmed)
        {
            Ok(_) => {
                self.refresh_compliance(cx);
                let label = cx
                    .store
                    .session(session_id)
                    .map(|x| x.label())
                    .unwrap_or_default();
                cx.info(&s.compliance.msg_heard_next.fill([&label]));
            }
            Err(crate::store::StoreError::Refused(Refusal::AgendaApproved(label))) => {
                cx.ask(crate::app::Pending::Compliance(Pending::HearOnApproved {
                    session_id,
                    label,
                    suggestion: sug,
                    title,
                }))
            }
            Err(e) => cx.store_error(e),
        }
    }

    fn save_compliance_form(&mut self, cx: &mut Ctx, target: Target, form: &mut Form<FormTarget>) {
        let s = cx.strings();
        match &target {
            Target::Period => {
                let Some((from, to)) = validate_period(&mut form.fields) else {
                    return cx.error(s.err_fix_fields);
                };
                cx.close_form();
                self.period = Period::Range(from, to);
                self.cursor = Cursor::default();
                self.refresh_compliance(cx);
            }
            Target::Step { .. } => {
                let Some(e) = validate_step(&mut form.fields, &target) else {
                    if let Target::Step { stage, .. } = &target {
                        let step = chosen_step(&form.fields);
                        if let Err(StepError::SkipNeedsReason { expected }) =
                            compliance::check_step(*stage, step, "")
                        {
                            let next = expected
                                .map(|x| s.compliance.steps[x as usize])
                                .unwrap_or("—");
                            if form.fields.error(StepField::SkipReason).is_some() {
                                return cx.error(&s.compliance.err_skip_needs_reason.fill([&next]));
                            }
                        }
                    }
                    return cx.error(s.err_fix_fields);
                };
                match cx.store.record_escalation(&e) {
                    Ok(id) => {
                        cx.close_form();
                        let number = cx
                            .store
                            .escalations(e.organization_id)
                            .ok()
                            .and_then(|h| h.into_iter().find(|x| x.id == id))
                            .map(|x| x.doc_number)
                            .unwrap_or_default();
                        self.refresh_compliance(cx);
                        if e.step == EscalationStep::Hearing {
                            self.hear_at_next_session(cx);
                        }
                        let step = s.compliance.steps[e.step as usize];
                        let msg = if number.is_empty() {
                            s.compliance.msg_step_recorded_no_letter.fill([&step])
                        } else {
                            s.compliance.msg_step_recorded.fill([&step, &number])
                        };
                        // An error from putting the hearing on the agenda stays on the line.
                        if !cx.last_message().is_some_and(|(_, error)| error) {
                            cx.info(&msg);
                        }
                    }
                    Err(err) => cx.store_error(err),
                }
            }
            Target::Letter { organization_id } => {
                if !form.run_checks() {
                    return cx.error(s.err_fix_fields);
                }
                let kind = LETTER_KINDS[form.choice(LetterField::Kind).min(3)];
                let lang = if form.choice(LetterField::Lang) == 1 {
                    Lang::Ru
                } else {
                    Lang::Ky
                };
                let addressee = form.fields.trimmed(LetterField::Addressee);
                let path = crate::widgets::file_name::typed_path(
                    cx.documents_dir,
                    form.text(LetterField::Path),
                );
                let deliver = mail::Deliver::from_index(form.choice(LetterField::Deliver));
                let letter = mail::LetterAsked {
                    organization_id: *organization_id,
                    kind,
                    lang,
                    addressee,
                    path,
                    deliver,
                };
                self.save_letter(cx, letter);
            }
        }
    }
}

impl Screen for Compliance {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_compliance(cx)
    }

    fn receive(&mut self, output: crate::worker::Output, cx: &mut Ctx) {
        if let Ok(figures) = output.downcast::<Figures>() {
            self.take_figures(*figures, cx)
        }
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_compliance(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(
            frame,
            body,
            view.strings(),
            self,
            view.today,
            view.russian(),
        )
    }

    fn context(&self) -> Context {
        Context::Compliance
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_compliance(cx)
    }

    fn has_work(&self) -> bool {
        self.letter_ready()
    }

    fn working(&self) -> bool {
        self.letter.is_some()
    }

    fn in_flight(&self) -> usize {
        usize::from(self.letter.is_some())
    }

    fn work(&mut self, cx: &mut Ctx) {
        self.letter_step(cx)
    }

    fn stop_work(&mut self, cx: &mut Ctx) {
        self.stop_letter(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_compliance(cx, column, row)
    }
}

impl TabForms for Compliance {
    type Target = Target;
    type Pending = Pending;

    fn check(&self, fields: &mut [Field], t: &Target, index: usize, _today: NaiveDate) {
        check_field(fields, t, index)
    }

    fn save(&mut self, t: Target, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        self.save_compliance_form(cx, t, form)
    }

    fn ask(&self, p: &Pending, view: &View) -> String {
        let Pending::HearOnApproved { label, title, .. } = p;
        crate::i18n::rules::strings(view.lang)
            .confirm_approved_hearing
            .fill([label, title])
    }

    fn answer(&mut self, p: Pending, _form: Option<&mut Form<FormTarget>>, cx: &mut Ctx) {
        let Pending::HearOnApproved {
            session_id,
            suggestion,
            title,
            ..
        } = p;
        self.add_hearing(cx, session_id, suggestion, title, true)
    }
}

/// The questions this tab asks.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// The next session's agenda is approved: add the hearing anyway (logged)?
    HearOnApproved {
        session_id: i64,
        label: String,
        suggestion: crate::store::Suggestion,
        title: String,
    },
}
