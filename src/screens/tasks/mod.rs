//! The Tasks tab: control of execution. A query line (results as you type, completion,
//! errors underlined while the last good result stays), quick views and saved views, a
//! table read a page at a time by key (never the whole result), a detail pane with the
//! task's history, and the actions: report, take off control, extension, cancel, reassign.

use crate::screens::component::{Ctx, Screen, View};
use crate::keymap::Context;
use crate::theme;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::screens::field_error_label;
use crate::action::Action;
use crate::app::{self, FormTarget};
use crate::domain::date;
use crate::domain::query::{self, Completion, Controller, Query, QueryError, QueryErrorKind};
use crate::domain::tasks::{self as rules, Actor, TaskError};
use crate::domain::validate::{self, FieldError};
use crate::domain::work::{TaskState, TaskStatus, task_state};
use crate::i18n::tasks::TaskStrings;
use crate::i18n::{Lang, Strings, fill};
use crate::store::{
    Event, HistoryEntry, NewReport, Origin, Page, QueryContext, StoreError, TaskDetail, TaskRow,
    current_user,
};
use crate::widgets::Input;
use crate::widgets::form::{Choices, Field, Form, has_errors};
use crate::widgets::look::pane_block;

/// The query the tab opens with, and Esc returns to.
pub const DEFAULT_QUERY: &str = "status:open";

/// Tab's completion in the query line: the candidates for a token of `original`, the one
/// shown, and the text that produced.
#[derive(Debug, Clone, Default)]
pub struct Cycle {
    pub completion: Completion,
    pub index: usize,
    pub original: String,
    pub produced: String,
}

#[derive(Debug, Default)]
pub struct Tasks {
    pub query: Input,
    /// Typing in the query line.
    pub editing: bool,
    /// The last query that parsed: what the table shows.
    pub applied: Query,
    /// The mistake in the query line's text, if any (the table keeps the last good result).
    pub error: Option<QueryError>,
    /// The visible page of the result.
    pub rows: Vec<TaskRow>,
    /// The place of `rows[0]` in the whole result.
    pub first: usize,
    /// The selected row within `rows`.
    pub selected: usize,
    pub total: i64,
    pub show_detail: bool,
    pub focus_detail: bool,
    pub detail: Option<TaskDetail>,
    pub detail_scroll: u16,
    /// The completion Tab is cycling through (typing anything else ends it).
    pub completion: Option<Cycle>,
    pub loaded: bool,
    /// The HQ member the login is known as, once looked up.
    pub me: Option<Option<i64>>,
    pub cap: i64,
    /// The query line was edited during a batch of events and not applied yet.
    pub stale: bool,
}

impl Tasks {
    pub fn selected_row(&self) -> Option<&TaskRow> {
        self.rows.get(self.selected)
    }

    /// The selected row's place in the whole result, from 1.
    pub fn position(&self) -> usize {
        if self.rows.is_empty() {
            0
        } else {
            self.first + self.selected + 1
        }
    }
}

pub struct Areas {
    pub query: Rect,
    pub hint: Rect,
    pub table: Rect,
    pub detail: Rect,
}

pub fn areas(body: Rect, detail: bool) -> Areas {
    let [query, hint, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(body);
    let [table, detail] = if detail {
        Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Fill(1), Constraint::Length(0)]).areas(rest)
    };
    Areas {
        query,
        hint,
        table,
        detail,
    }
}

/// Rows the table shows (borders and header taken off): the page size.
fn page_rows(area: Rect) -> usize {
    (area.height.saturating_sub(3) as usize).max(1)
}

// ---------- forms ----------

/// What a tasks form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Report {
        task_id: i64,
        version: i64,
    },
    Extend {
        task_id: i64,
        version: i64,
    },
    Decide {
        task_id: i64,
        version: i64,
    },
    Cancel {
        task_id: i64,
        version: i64,
    },
    Reassign {
        task_id: i64,
        version: i64,
        executor: i64,
    },
    SaveView,
    OpenView {
        views: Vec<(String, String)>,
    },
}

fn check<T>(field: &mut Field, f: impl FnOnce(&str) -> Result<T, FieldError>) -> Option<T> {
    let r = f(field.text_value());
    field.error = r.as_ref().err().map(|e| field_error_label(*e));
    r.ok()
}

fn required_reason(field: &mut Field) -> Option<String> {
    check(field, validate::required).map(|_| field.text_value().trim().to_string())
}

/// Check every field of a form; what it holds is read by the caller when none is marked.
pub fn validate(fields: &mut [Field], target: &Target) -> bool {
    match target {
        Target::Report { .. } => {
            check(&mut fields[1], validate::date);
            check(&mut fields[2], validate::length);
            check(&mut fields[3], validate::length);
        }
        Target::Extend { .. } => {
            check(&mut fields[0], validate::date);
            required_reason(&mut fields[1]);
        }
        Target::Decide { .. } | Target::OpenView { .. } => {}
        Target::Cancel { .. } => {
            required_reason(&mut fields[0]);
        }
        Target::Reassign { .. } => {
            fields[0].error = fields[0]
                .chosen_id()
                .is_none()
                .then_some(|s: &Strings| s.tasks.err_choose_executor);
            required_reason(&mut fields[1]);
        }
        Target::SaveView => {
            required_reason(&mut fields[0]);
            check(&mut fields[1], validate::length);
        }
    }
    !has_errors(fields)
}

/// Validate the field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    let mut trial = fields.to_vec();
    validate(&mut trial, target);
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

// ---------- confirmations ----------

#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Close {
        task_id: i64,
        version: i64,
        status: TaskStatus,
        report: NaiveDate,
        deadline: NaiveDate,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::Close {
            task_id,
            status,
            report,
            deadline,
            ..
        } => fill(
            s.tasks.confirm_close,
            &[
                task_id,
                &status_label(s.tasks, *status),
                &date::format(*report),
                &date::format(*deadline),
            ],
        ),
    }
}

// ---------- texts ----------

fn status_label(t: &TaskStrings, st: TaskStatus) -> &'static str {
    let i = TaskStatus::ALL.iter().position(|x| *x == st).unwrap_or(0);
    t.statuses[i]
}

/// The message for a refused action.
pub fn rule_text(e: TaskError, s: &Strings) -> String {
    let t = s.tasks;
    match e {
        TaskError::NotOpen => t.err_not_open.into(),
        TaskError::ReportInFuture => t.err_report_future.into(),
        TaskError::ReportBeforeTask => t.err_report_before.into(),
        TaskError::NoFinalReport => t.err_no_final.into(),
        TaskError::ExtensionPending => t.err_ext_pending.into(),
        TaskError::NoExtensionRequest => t.err_no_request.into(),
        TaskError::ExtensionCap(n) => fill(t.err_ext_cap, &[&n]),
        TaskError::DeadlineNotLater => t.err_deadline_not_later.into(),
        TaskError::ReasonRequired => t.err_reason.into(),
        TaskError::SameExecutor => t.err_same_executor.into(),
        TaskError::NotController => t.err_not_controller.into(),
    }
}

/// The message for a mistake in the query line.
pub fn query_error_text(e: &QueryError, s: &Strings) -> String {
    let t = s.tasks;
    match &e.kind {
        QueryErrorKind::UnknownKey(k) => fill(t.q_unknown_key, &[k]),
        QueryErrorKind::EmptyValue(k) => fill(t.q_empty_value, &[&k.name()]),
        QueryErrorKind::BadStatus(v) => fill(t.q_bad_status, &[v]),
        QueryErrorKind::BadKind(v) => fill(t.q_bad_kind, &[v]),
        QueryErrorKind::BadDue => t.q_bad_due.into(),
        QueryErrorKind::BadDate(v) => fill(t.q_bad_date, &[v]),
        QueryErrorKind::BadSession => t.q_bad_session.into(),
        QueryErrorKind::BadSort => t.q_bad_sort.into(),
        QueryErrorKind::BadController => t.q_bad_controller.into(),
        QueryErrorKind::UnclosedQuote => t.q_unclosed_quote.into(),
    }
}

/// "prot. 11/2026 p. 1.2", "plan 2.1", or "—".
pub fn origin_label(o: &Origin, t: &TaskStrings) -> String {
    match o {
        Origin::Protocol {
            number,
            year,
            point,
            ..
        } => fill(t.origin_protocol, &[&format!("{number}/{year}"), point]),
        Origin::Measure { number, .. } => fill(t.origin_measure, &[number]),
        Origin::None => "—".into(),
    }
}

/// 'YYYY-MM-DDTHH:MM:SS' → "dd.mm.yyyy HH:MM"; a bare date → "dd.mm.yyyy".
fn when(at: &str) -> String {
    let day = NaiveDate::parse_from_str(at.get(..10).unwrap_or(""), "%Y-%m-%d")
        .map(date::format)
        .unwrap_or_else(|_| at.to_string());
    match at.get(11..16) {
        Some(hm) => format!("{day} {hm}"),
        None => day,
    }
}

fn history_text(h: &HistoryEntry, t: &TaskStrings, ru: bool) -> String {
    let with_doc = |text: String, doc: &str| {
        if doc.is_empty() {
            text
        } else {
            format!("{text}, {}", fill(t.h_doc, &[&doc]))
        }
    };
    match &h.event {
        Event::Created => t.h_created.into(),
        Event::Report {
            date: d,
            is_final,
            doc_number,
            text,
        } => {
            let head = fill(
                if *is_final {
                    t.h_report_final
                } else {
                    t.h_report_interim
                },
                &[&date::format(*d)],
            );
            let head = with_doc(head, doc_number);
            if text.is_empty() {
                head
            } else {
                format!("{head}: {text}")
            }
        }
        Event::ExtensionRequested { old, new, reason } => fill(
            t.h_ext_requested,
            &[&date::format(*old), &date::format(*new), reason],
        ),
        Event::ExtensionDecided { granted: true, new } => {
            fill(t.h_ext_granted, &[&date::format(*new)])
        }
        Event::ExtensionDecided { granted: false, .. } => t.h_ext_refused.into(),
        Event::Escalation {
            step,
            doc_number,
            note,
        } => {
            let i = crate::domain::work::EscalationStep::ALL
                .iter()
                .position(|x| x == step)
                .unwrap_or(0);
            let mut text = with_doc(fill(t.h_escalation, &[&t.steps[i]]), doc_number);
            if !note.is_empty() {
                text = format!("{text}: {note}");
            }
            text
        }
        Event::Reassigned { from, to, reason } => {
            fill(t.h_reassigned, &[&from.name(ru), &to.name(ru), reason])
        }
        Event::Closed(st) => fill(t.h_closed, &[&status_label(t, *st)]),
        Event::Cancelled(reason) => fill(t.h_cancelled, &[reason]),
    }
}

// ---------- behaviour ----------

impl Tasks {
    fn tasks_areas(&self, cx: &Ctx) -> Areas {
        areas(cx.body, self.show_detail)
    }

    fn tasks_page_rows(&self, cx: &Ctx) -> usize {
        page_rows(self.tasks_areas(cx).table)
    }

    fn query_context(&mut self, cx: &mut Ctx) -> QueryContext {
        if self.me.is_none() {
            self.me = Some(cx.store.member_for_login(&current_user()).unwrap_or(None));
        }
        QueryContext {
            today: cx.today,
            me: self.me.flatten(),
        }
    }

    /// Who acts, for the rule of who may grant.
    fn actor(&mut self, cx: &mut Ctx) -> Actor {
        let qc = self.query_context(cx);
        Actor {
            login: current_user(),
            member_id: qc.me,
        }
    }

    /// The status line's greeting: how many tasks are overdue and due within a week.
    pub(crate) fn announce_tasks(&mut self, cx: &mut Ctx) {
        let counts = cx
            .store
            .count_overdue(cx.today)
            .and_then(|o| Ok((o, cx.store.count_due_within(cx.today, 7)?)));
        match counts {
            Ok((overdue, soon)) => {
                let text = fill(cx.strings().tasks.start_counts, &[&overdue, &soon]);
                cx.info(&text);
            }
            Err(e) => cx.store_error(e),
        }
    }

    pub(crate) fn refresh_tasks(&mut self, cx: &mut Ctx) {
        if !self.loaded {
            self.loaded = true;
            self.query = Input::new(DEFAULT_QUERY);
            self.apply_query_text(cx);
            return;
        }
        self.cap = cx
            .store
            .extension_cap()
            .unwrap_or(rules::DEFAULT_EXTENSION_CAP);
        // Start the page so the selected row stays on it, even when the page shrinks.
        let n = self.tasks_page_rows(cx);
        let t = &mut *self;
        let start = (t.selected + 1)
            .saturating_sub(n)
            .min(t.rows.len().saturating_sub(1));
        let anchor = t.rows.get(start).map(|r| r.key());
        t.first += start;
        let keep = t.selected_row().map(|r| r.id);
        let page = anchor.map_or(Page::First, Page::From);
        self.load_tasks(cx, page, keep);
    }

    /// Fetch a page and the total; keep the row `keep` selected where it still shows.
    fn load_tasks(&mut self, cx: &mut Ctx, page: Page, keep: Option<i64>) {
        let n = self.tasks_page_rows(cx);
        let qc = self.query_context(cx);
        let q = self.applied.clone();
        let result = (|| -> crate::store::Result<(Vec<TaskRow>, i64)> {
            let total = cx.store.tasks_count(&q, &qc)?;
            let mut rows = cx.store.tasks_page(&q, &qc, page, n)?;
            if rows.is_empty() && !matches!(page, Page::First) {
                rows = cx.store.tasks_page(&q, &qc, Page::Last, n)?;
            }
            Ok((rows, total))
        })();
        let (rows, total) = match result {
            Ok(x) => x,
            Err(e) => return cx.store_error(e),
        };
        let t = &mut *self;
        let was = t.selected;
        t.total = total;
        t.rows = rows;
        match page {
            Page::First => t.first = 0,
            Page::Last => t.first = (total as usize).saturating_sub(t.rows.len()),
            _ => t.first = t.first.min((total as usize).saturating_sub(t.rows.len())),
        }
        t.selected = keep
            .and_then(|id| t.rows.iter().position(|r| r.id == id))
            .unwrap_or(match page {
                Page::Last => t.rows.len().saturating_sub(1),
                Page::First => 0,
                _ => was,
            })
            .min(t.rows.len().saturating_sub(1));
        self.load_detail(cx);
    }

    fn load_detail(&mut self, cx: &mut Ctx) {
        if !self.show_detail {
            self.detail = None;
            return;
        }
        let Some(id) = self.selected_row().map(|r| r.id) else {
            self.detail = None;
            return;
        };
        if self.detail.as_ref().is_some_and(|d| d.row.id != id) {
            self.detail_scroll = 0;
        }
        match cx.store.task_detail(id) {
            Ok(d) => self.detail = Some(d),
            Err(e) => {
                self.detail = None;
                cx.store_error(e)
            }
        }
    }

    /// Parse the query line: a good query replaces the result, a bad one is only marked.
    fn apply_query_text(&mut self, cx: &mut Ctx) {
        match query::parse(self.query.value()) {
            Ok(q) => {
                self.error = None;
                let wants_me = q.controller == Some(Controller::Me);
                self.applied = q;
                self.load_tasks(cx, Page::First, None);
                if wants_me && self.query_context(cx).me.is_none() {
                    let text = fill(cx.strings().tasks.not_member, &[&current_user()]);
                    cx.info(&text);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Apply the query line's text if a batch of keys left it unapplied.
    pub(crate) fn settle_tasks(&mut self, cx: &mut Ctx) {
        if self.stale {
            self.stale = false;
            self.apply_query_text(cx);
        }
    }

    fn set_query(&mut self, cx: &mut Ctx, text: &str) {
        self.query = Input::new(text);
        self.completion = None;
        self.apply_query_text(cx);
    }

    fn move_tasks(&mut self, cx: &mut Ctx, delta: isize) {
        let n = self.tasks_page_rows(cx);
        let t = &*self;
        let (Some(head), Some(tail)) = (
            t.rows.first().map(|r| r.key()),
            t.rows.last().map(|r| r.key()),
        ) else {
            return;
        };
        let target = t.selected as isize + delta;
        let len = t.rows.len();
        if target >= 0 && (target as usize) < len {
            self.selected = target as usize;
            return self.load_detail(cx);
        }
        let qc = self.query_context(cx);
        let q = self.applied.clone();
        if target >= len as isize {
            let more = match cx.store.tasks_page(&q, &qc, Page::After(tail), n) {
                Ok(v) => v,
                Err(e) => return cx.store_error(e),
            };
            let t = &mut *self;
            let mut all = std::mem::take(&mut t.rows);
            all.extend(more);
            let target = (target as usize).min(all.len().saturating_sub(1));
            let start = (target + 1).saturating_sub(n);
            t.rows = all.into_iter().skip(start).take(n).collect();
            t.first += start;
            t.selected = target - start;
        } else {
            let more = match cx.store.tasks_page(&q, &qc, Page::Before(head), n) {
                Ok(v) => v,
                Err(e) => return cx.store_error(e),
            };
            let t = &mut *self;
            let added = more.len();
            let mut all = more;
            all.append(&mut t.rows);
            let target = (added as isize + target).max(0) as usize;
            t.rows = all.into_iter().skip(target).take(n).collect();
            t.first = (t.first + target).saturating_sub(added);
            t.selected = 0;
        }
        self.load_detail(cx);
    }

    pub(crate) fn resize_tasks(&mut self, cx: &mut Ctx) {
        if self.loaded {
            let n = self.tasks_page_rows(cx);
            if self.rows.len() > n || (self.rows.len() < n && self.total > 0) {
                self.refresh_tasks(cx);
            }
        }
    }

    pub(crate) fn click_tasks(&mut self, cx: &mut Ctx, column: u16, row: u16) {
        let a = self.tasks_areas(cx);
        let inside =
            |r: Rect| column >= r.x && column < r.right() && row >= r.y && row < r.bottom();
        if inside(a.query) {
            self.editing = true;
        } else if inside(a.table) {
            self.focus_detail = false;
            let first = a.table.y + 2;
            if row >= first && row + 1 < a.table.bottom() {
                let i = (row - first) as usize;
                if i < self.rows.len() {
                    self.selected = i;
                    self.load_detail(cx);
                }
            }
        } else if inside(a.detail) {
            self.focus_detail = true;
        }
    }

    fn complete_query(&mut self, cx: &mut Ctx) {
        let t = &mut *self;
        // Tab again on the text it produced: the next candidate, in place of the last.
        if let Some(cy) = &mut t.completion
            && t.query.value() == cy.produced
        {
            cy.index = (cy.index + 1) % cy.completion.candidates.len();
            return self.put_completion(cx);
        }
        let ru = cx.lang == Lang::Ru;
        let orgs: Vec<String> = cx
            .store
            .organizations(&crate::store::OrgFilter {
                russian: ru,
                ..Default::default()
            })
            .map(|v| v.into_iter().map(|o| o.name(ru).to_string()).collect())
            .unwrap_or_default();
        let t = &mut *self;
        t.completion = query::complete(t.query.value(), t.query.cursor(), &orgs).map(|c| Cycle {
            completion: c,
            index: 0,
            original: t.query.value().to_string(),
            produced: String::new(),
        });
        if t.completion.is_some() {
            self.put_completion(cx);
        }
    }

    /// Put the cycle's current candidate in place of the token it completes.
    fn put_completion(&mut self, cx: &mut Ctx) {
        let t = &mut *self;
        let Some(cy) = &mut t.completion else { return };
        let chars: Vec<char> = cy.original.chars().collect();
        let c = &cy.completion;
        let cand = &c.candidates[cy.index];
        let mut text: String = chars[..c.start.min(chars.len())].iter().collect();
        text.push_str(cand);
        let cursor = text.chars().count();
        text.extend(chars[c.end.min(chars.len())..].iter());
        let mut input = Input::new(&text);
        input.home();
        for _ in 0..cursor {
            input.right();
        }
        t.query = input;
        cy.produced = text;
        self.apply_query_text(cx);
    }

    pub(crate) fn update_tasks(&mut self, cx: &mut Ctx, action: Action) {
        let n = self.tasks_page_rows(cx) as isize;
        if self.editing {
            let q = &mut self.query;
            match action {
                Action::Input(c) => q.insert(c),
                Action::Backspace => q.backspace(),
                Action::DeleteChar => q.delete(),
                Action::CursorHome => q.home(),
                Action::CursorEnd => q.end(),
                Action::PrevChoice => return q.left(),
                Action::NextChoice => return q.right(),
                Action::Complete => return self.complete_query(cx),
                Action::FilterDone => {
                    self.editing = false;
                    if self.error.is_some() {
                        cx.error(cx.strings().tasks.err_bad_query);
                    }
                    return;
                }
                _ => return,
            }
            self.completion = None;
            if cx.defer_queries {
                self.stale = true;
                return;
            }
            return self.apply_query_text(cx);
        }
        let detail = self.focus_detail && self.show_detail;
        match action {
            Action::Filter => {
                self.editing = true;
                self.query.end();
            }
            Action::ClearFilter => {
                if self.show_detail {
                    self.show_detail = false;
                    self.focus_detail = false;
                    self.refresh_tasks(cx);
                } else {
                    self.set_query(cx, DEFAULT_QUERY);
                }
            }
            Action::Details => {
                self.show_detail = !self.show_detail;
                self.focus_detail = false;
                self.detail_scroll = 0;
                self.refresh_tasks(cx);
            }
            Action::FocusNext | Action::FocusPrev if self.show_detail => {
                self.focus_detail = !self.focus_detail;
            }
            Action::Up | Action::ScrollUp if detail => {
                self.detail_scroll = self.detail_scroll.saturating_sub(1)
            }
            Action::Down | Action::ScrollDown if detail => {
                self.detail_scroll = self.detail_scroll.saturating_add(1).min(500)
            }
            Action::Up | Action::ScrollUp => self.move_tasks(cx, -1),
            Action::Down | Action::ScrollDown => self.move_tasks(cx, 1),
            Action::PageUp => self.move_tasks(cx, -n),
            Action::PageDown => self.move_tasks(cx, n),
            Action::First => self.load_tasks(cx, Page::First, None),
            Action::Last => self.load_tasks(cx, Page::Last, None),
            Action::ViewOverdue => self.set_query(cx, "status:overdue"),
            Action::ViewWeek => self.set_query(cx, "status:open due:<7d"),
            Action::ViewMine => self.set_query(cx, "status:open controller:me"),
            Action::ViewOpen => self.set_query(cx, DEFAULT_QUERY),
            Action::SaveView => {
                let form = Form::new(
                    |s| s.tasks.form_save_view,
                    vec![
                        Field::text(|s| s.tasks.f_view_name, ""),
                        Field::text(|s| s.tasks.f_query, self.query.value()),
                    ],
                    Target::SaveView,
                );
                cx.open_form(form.map(FormTarget::Tasks));
            }
            Action::OpenView => match cx.store.task_views() {
                Ok(views) if views.is_empty() => cx.error(cx.strings().tasks.err_no_views),
                Ok(views) => {
                    let choices = views
                        .iter()
                        .enumerate()
                        .map(|(i, (name, q))| (i as i64, format!("{name} — {q}")))
                        .collect();
                    let form = Form::new(
                        |s| s.tasks.form_views,
                        vec![
                            Field::choice(|s| s.tasks.f_view, Choices::Records(choices), 1),
                            Field::choice(
                                |s| s.tasks.f_view_action,
                                Choices::Fixed(|s| &s.tasks.view_actions),
                                0,
                            ),
                        ],
                        Target::OpenView { views },
                    );
                    cx.open_form(form.map(FormTarget::Tasks));
                }
                Err(e) => cx.store_error(e),
            },
            Action::Report
            | Action::TakeOff
            | Action::RequestExtension
            | Action::DecideExtension
            | Action::CancelTask
            | Action::Reassign => self.task_action(cx, action),
            _ => {}
        }
    }

    /// An action on the selected task: a form, or a question, or the reason it is refused.
    fn task_action(&mut self, cx: &mut Ctx, action: Action) {
        let s = cx.strings();
        let Some(row) = self.selected_row().cloned() else {
            return cx.error(s.err_nothing_selected);
        };
        let facts = match cx.store.task_facts(row.id) {
            Ok(f) => f,
            Err(e) => return cx.store_error(e),
        };
        if !facts.status.is_open() {
            return cx.error(s.tasks.err_not_open);
        }
        let (task_id, version) = (row.id, row.version);
        let form = match action {
            Action::Report => Form::new(
                |s| s.tasks.form_report,
                vec![
                    Field::choice(
                        |s| s.tasks.f_report_kind,
                        Choices::Fixed(|s| &s.tasks.report_kinds),
                        0,
                    ),
                    Field::date(|s| s.tasks.f_report_date, &date::format(cx.today)),
                    Field::text(|s| s.tasks.f_doc_number, ""),
                    Field::text(|s| s.tasks.f_report_text, ""),
                ],
                Target::Report { task_id, version },
            ),
            Action::TakeOff => {
                return match rules::check_close(&facts) {
                    Ok(status) => {
                        cx.ask(app::Pending::Tasks(Pending::Close {
                            task_id,
                            version,
                            status,
                            report: facts.final_report.unwrap_or(cx.today),
                            deadline: facts.deadline,
                        }));
                    }
                    Err(e) => cx.error(&rule_text(e, s)),
                };
            }
            Action::RequestExtension => {
                let cap = cx
                    .store
                    .extension_cap()
                    .unwrap_or(rules::DEFAULT_EXTENSION_CAP);
                if let Err(e) = rules::check_extension_request(
                    &facts,
                    chrono::NaiveDate::MAX,
                    "-",
                    cap,
                    cx.today,
                ) {
                    return cx.error(&rule_text(e, s));
                }
                Form::new(
                    |s| s.tasks.form_extend,
                    vec![
                        Field::date(|s| s.tasks.f_new_deadline, ""),
                        Field::text(|s| s.tasks.f_reason, ""),
                    ],
                    Target::Extend { task_id, version },
                )
            }
            Action::DecideExtension => {
                if facts.status != TaskStatus::ExtensionRequested {
                    return cx.error(s.tasks.err_no_request);
                }
                Form::new(
                    |s| s.tasks.form_decide,
                    vec![Field::choice(
                        |s| s.tasks.f_decision,
                        Choices::Fixed(|s| &s.tasks.decisions),
                        0,
                    )],
                    Target::Decide { task_id, version },
                )
            }
            Action::CancelTask => Form::new(
                |s| s.tasks.form_cancel,
                vec![Field::text(|s| s.tasks.f_reason, "")],
                Target::Cancel { task_id, version },
            ),
            Action::Reassign => {
                let orgs: Vec<(i64, String)> = cx
                    .org_choices()
                    .into_iter()
                    .filter(|o| o.0 != row.executor.id)
                    .collect();
                Form::new(
                    |s| s.tasks.form_reassign,
                    vec![
                        Field::choice(|s| s.tasks.f_new_executor, Choices::Records(orgs), 0),
                        Field::text(|s| s.tasks.f_reason, ""),
                    ],
                    Target::Reassign {
                        task_id,
                        version,
                        executor: row.executor.id,
                    },
                )
            }
            _ => return,
        };
        cx.open_form(form.map(FormTarget::Tasks));
    }

    fn save_tasks_form(&mut self, cx: &mut Ctx, target: Target, form: &mut Form<FormTarget>) {
        let s = cx.strings();
        let today = cx.today;
        if !validate(&mut form.fields, &target) {
            return cx.error(s.err_fix_fields);
        }
        let f = &form.fields;
        let text = |i: usize| f[i].text_value().trim().to_string();
        let result: Result<String, StoreError> = match &target {
            Target::Report { task_id, version } => {
                let report = NewReport {
                    is_final: f[0].choice_index() == 1,
                    date: date::parse(f[1].text_value()).unwrap_or(today),
                    doc_number: text(2),
                    text: text(3),
                };
                cx.store
                    .record_report(*task_id, *version, &report, today)
                    .map(|_| s.tasks.msg_reported.to_string())
            }
            Target::Extend { task_id, version } => {
                let new = date::parse(f[0].text_value()).unwrap_or(today);
                cx.store
                    .request_extension(*task_id, *version, new, &text(1), today)
                    .map(|_| s.tasks.msg_ext_requested.to_string())
            }
            Target::Decide { task_id, version } => {
                let grant = f[0].choice_index() == 0;
                let (task_id, version) = (*task_id, *version);
                let actor = self.actor(cx);
                cx.store
                    .decide_extension(task_id, version, grant, &actor)
                    .and_then(|_| {
                        if grant {
                            let t = cx.store.task(task_id)?;
                            Ok(fill(s.tasks.msg_ext_granted, &[&date::format(t.deadline)]))
                        } else {
                            Ok(s.tasks.msg_ext_refused.to_string())
                        }
                    })
            }
            Target::Cancel { task_id, version } => cx
                .store
                .cancel_task(*task_id, *version, &text(0))
                .map(|_| s.tasks.msg_cancelled.to_string()),
            Target::Reassign {
                task_id, version, ..
            } => {
                let to = f[0].chosen_id().unwrap_or(0);
                cx.store
                    .reassign_task(*task_id, *version, to, &text(1))
                    .map(|_| s.tasks.msg_reassigned.to_string())
            }
            Target::SaveView => {
                let (name, q) = (text(0), text(1));
                cx.store
                    .save_task_view(&name, &q)
                    .map(|_| fill(s.tasks.msg_view_saved, &[&name]))
            }
            Target::OpenView { views } => {
                let Some((name, q)) = f[0]
                    .chosen_id()
                    .and_then(|i| views.get(i as usize))
                    .cloned()
                else {
                    return cx.error(s.err_nothing_selected);
                };
                if f[1].choice_index() == 0 {
                    cx.close_form();
                    self.editing = false;
                    return self.set_query(cx, &q);
                }
                cx.store
                    .delete_task_view(&name)
                    .map(|_| fill(s.tasks.msg_view_deleted, &[&name]))
            }
        };
        match result {
            Ok(msg) => {
                cx.close_form();
                self.refresh_tasks(cx);
                cx.info(&msg);
            }
            Err(StoreError::Task(e)) => {
                // A date the rules refuse is marked on its field too.
                if let Target::Report { .. } = &target
                    && matches!(e, TaskError::ReportInFuture | TaskError::ReportBeforeTask)
                {
                    form.fields[1].error = Some(if e == TaskError::ReportInFuture {
                        |s: &Strings| s.tasks.err_report_future
                    } else {
                        |s: &Strings| s.tasks.err_report_before
                    });
                }
                cx.error(&rule_text(e, s));
            }
            Err(StoreError::Conflict) => {
                // Someone changed the task meanwhile: close the form, show it as it is now.
                cx.close_form();
                self.refresh_tasks(cx);
                cx.store_error(StoreError::Conflict);
            }
            Err(e) => cx.store_error(e),
        }
    }

    pub(crate) fn carry_out_tasks(&mut self, cx: &mut Ctx, pending: Pending) {
        let s = cx.strings();
        match pending {
            Pending::Close {
                task_id, version, ..
            } => {
                let result = cx.store.close_task(task_id, version);
                self.refresh_tasks(cx);
                match result {
                    Ok(st) => {
                        let text = fill(s.tasks.msg_closed, &[&status_label(s.tasks, st)]);
                        cx.info(&text)
                    }
                    Err(StoreError::Task(e)) => cx.error(&rule_text(e, s)),
                    Err(e) => cx.store_error(e),
                }
            }
        }
    }
}

impl Screen for Tasks {
    fn refresh(&mut self, cx: &mut Ctx) {
        self.refresh_tasks(cx)
    }

    fn update(&mut self, action: Action, cx: &mut Ctx) {
        self.update_tasks(cx, action)
    }

    fn render(&self, frame: &mut Frame, body: Rect, view: &View) {
        render(
            frame,
            body,
            view.strings(),
            self,
            view.russian(),
            view.today,
        )
    }

    fn context(&self) -> Context {
        if self.editing {
            Context::Query
        } else {
            Context::Tasks
        }
    }

    fn greet(&mut self, cx: &mut Ctx) {
        self.announce_tasks(cx)
    }

    fn settle(&mut self, cx: &mut Ctx) {
        self.settle_tasks(cx)
    }

    fn resize(&mut self, cx: &mut Ctx) {
        self.resize_tasks(cx)
    }

    fn click(&mut self, column: u16, row: u16, cx: &mut Ctx) {
        self.click_tasks(cx, column, row)
    }

    fn check_field(
        &self,
        fields: &mut [Field],
        target: &FormTarget,
        index: usize,
        _today: NaiveDate,
    ) {
        if let FormTarget::Tasks(t) = target {
            check_field(fields, t, index)
        }
    }

    fn save_form(&mut self, target: FormTarget, form: &mut Form<FormTarget>, cx: &mut Ctx) {
        if let FormTarget::Tasks(t) = target {
            self.save_tasks_form(cx, t, form)
        }
    }

    fn question(&self, pending: &crate::app::Pending, view: &View) -> String {
        match pending {
            crate::app::Pending::Tasks(p) => question(p, view.strings()),
            _ => String::new(),
        }
    }

    fn carry_out(
        &mut self,
        pending: crate::app::Pending,
        _form: Option<&mut Form<FormTarget>>,
        cx: &mut Ctx,
    ) {
        if let crate::app::Pending::Tasks(p) = pending {
            self.carry_out_tasks(cx, p)
        }
    }
}

// ---------- rendering ----------

fn status_look(state: TaskState) -> (&'static str, Style) {
    match state {
        TaskState::Overdue { .. } => ("⚠", theme::alarm_bold()),
        TaskState::Stored(st) => match st {
            TaskStatus::Assigned => ("○", Style::default()),
            TaskStatus::InProgress => ("◐", theme::accent()),
            TaskStatus::ExtensionRequested => ("⇢", theme::pending()),
            TaskStatus::DoneOnTime => ("✓", theme::good()),
            TaskStatus::DoneLate => ("✓!", theme::warn()),
            TaskStatus::Cancelled => ("✗", theme::muted()),
        },
    }
}

fn state_label(t: &TaskStrings, state: TaskState) -> &'static str {
    match state {
        TaskState::Overdue { .. } => t.overdue,
        TaskState::Stored(st) => status_label(t, st),
    }
}

pub fn render(frame: &mut Frame, body: Rect, s: &Strings, st: &Tasks, ru: bool, today: NaiveDate) {
    let t = s.tasks;
    let a = areas(body, st.show_detail);
    render_query(frame, &a, s, st);

    let rows = st.rows.iter().map(|r| {
        let state = task_state(r.status, r.deadline, today);
        let (symbol, style) = status_look(state);
        let days = rules::days_left(r.status, r.deadline, today);
        let days_cell = match days {
            Some(d) if d < 0 => Cell::from(Span::styled(format!("{d:>4}"), theme::alarm())),
            Some(d) => Cell::from(format!("{d:>4}")),
            None => Cell::from(""),
        };
        let co: Vec<&str> = r.co_executors.iter().map(|c| c.name(ru)).collect();
        Row::new(vec![
            Cell::from(origin_label(&r.origin, t)),
            Cell::from(r.text.clone()),
            Cell::from(r.executor.name(ru).to_string()),
            Cell::from(co.join(", ")),
            Cell::from(date::format(r.deadline)),
            days_cell,
            Cell::from(Span::styled(
                format!("{symbol} {}", state_label(t, state)),
                style,
            )),
        ])
    });
    let title = format!(" {} · {}/{} ", t.title, st.position(), st.total);
    let focused = !st.focus_detail || !st.show_detail;
    let table = Table::new(
        rows,
        [
            Constraint::Length(19),
            Constraint::Fill(4),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Length(4),
            Constraint::Length(14),
        ],
    )
    .header(
        Row::new(
            [
                t.col_origin,
                t.col_task,
                t.col_executor,
                t.col_co,
                t.col_deadline,
                t.col_days,
                t.col_status,
            ]
            .map(Cell::from),
        )
        .style(Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
    )
    .block(pane_block(title, focused))
    .row_highlight_style(if focused {
        theme::selected()
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    });
    let mut state =
        TableState::default().with_selected((!st.rows.is_empty()).then_some(st.selected));
    frame.render_stateful_widget(table, a.table, &mut state);
    if st.rows.is_empty() && a.table.height > 3 && a.table.width > 2 {
        let inner = Rect {
            x: a.table.x + 1,
            y: a.table.y + 2,
            width: a.table.width - 2,
            height: 1,
        };
        frame.render_widget(Paragraph::new(t.empty).style(theme::muted()), inner);
    }
    if st.show_detail {
        render_detail(frame, a.detail, s, st, ru, today);
    }
}

fn render_query(frame: &mut Frame, a: &Areas, s: &Strings, st: &Tasks) {
    let t = s.tasks;
    let label = format!("{}: ", t.query_label);
    let label_w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
    let width = a.query.width.saturating_sub(label_w) as usize;
    let (shown, col) = st.query.visible(width.saturating_sub(1));
    let start = st.query.window_start(width.saturating_sub(1));
    let base = if st.editing {
        theme::bar()
    } else {
        Style::default().add_modifier(Modifier::UNDERLINED)
    };
    let bad = st.error.as_ref().map(|e| (e.start, e.end.max(e.start + 1)));
    let mut spans = vec![Span::styled(
        label,
        Style::default().add_modifier(Modifier::BOLD),
    )];
    for (i, c) in shown.chars().enumerate() {
        let at = start + i;
        let style = match bad {
            Some((b, e)) if at >= b && at < e => {
                theme::alarm().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
            }
            _ => base,
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    // An error at the very end (an empty value) is marked on the cell after the text.
    let used = unicode_width::UnicodeWidthStr::width(shown.as_str());
    let pad = width.saturating_sub(used);
    if pad > 0 {
        let style = match bad {
            Some((b, _)) if b >= start + shown.chars().count() => {
                theme::alarm().add_modifier(Modifier::UNDERLINED)
            }
            _ => base,
        };
        spans.push(Span::styled(" ".repeat(pad), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), a.query);
    if st.editing {
        let x = a.query.x + label_w + col as u16;
        if x < a.query.right() {
            frame.set_cursor_position((x, a.query.y));
        }
    }
    let hint = if let Some(e) = &st.error {
        Line::from(Span::styled(
            format!("↳ {}", query_error_text(e, s)),
            theme::alarm(),
        ))
    } else if let Some(cy) = &st.completion
        && cy.completion.candidates.len() > 1
    {
        let (c, i) = (&cy.completion, &cy.index);
        let mut spans = vec![Span::styled(fill(t.completions, &[&""]), theme::muted())];
        for (j, cand) in c.candidates.iter().enumerate() {
            let style = if j == *i {
                theme::chosen()
            } else {
                theme::accent()
            };
            spans.push(Span::styled(cand.clone(), style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    } else {
        Line::from(Span::styled(t.query_hint, theme::muted()))
    };
    frame.render_widget(Paragraph::new(hint), a.hint);
}

fn render_detail(
    frame: &mut Frame,
    area: Rect,
    s: &Strings,
    st: &Tasks,
    ru: bool,
    today: NaiveDate,
) {
    let t = s.tasks;
    let focused = st.focus_detail;
    let Some(d) = &st.detail else {
        frame.render_widget(pane_block(String::new(), focused), area);
        return;
    };
    let r = &d.row;
    let state = task_state(r.status, r.deadline, today);
    let (symbol, style) = status_look(state);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name}: "), bold),
            Span::raw(value),
        ])
    };
    let mut lines = vec![Line::from(r.text.clone()), Line::from("")];
    let origin = match &r.origin {
        Origin::Measure { title, .. } => format!("{} — {title}", origin_label(&r.origin, t)),
        o => origin_label(o, t),
    };
    lines.push(field(t.d_origin, origin));
    let mut exec = r.executor.name(ru).to_string();
    if !d.responsible_person.is_empty() {
        exec = format!("{exec} ({})", d.responsible_person);
    }
    lines.push(field(t.d_executor, exec));
    if !r.co_executors.is_empty() {
        let co: Vec<&str> = r.co_executors.iter().map(|c| c.name(ru)).collect();
        lines.push(field(t.d_co, co.join(", ")));
    }
    if !r.controller.is_empty() {
        lines.push(field(t.d_controller, r.controller.clone()));
    }
    let mut deadline = date::format(r.deadline);
    match rules::days_left(r.status, r.deadline, today) {
        Some(n) if n < 0 => deadline = format!("{deadline} · {}", fill(t.d_days_over, &[&-n])),
        Some(n) => deadline = format!("{deadline} · {}", fill(t.d_days_left, &[&n])),
        None => {}
    }
    deadline = format!(
        "{deadline} · {}",
        fill(t.d_extensions, &[&r.extensions, &st.cap.max(0)])
    );
    lines.push(field(t.d_deadline, deadline));
    lines.push(Line::from(vec![
        Span::styled(format!("{}: ", t.d_status), bold),
        Span::styled(format!("{symbol} {}", state_label(t, state)), style),
    ]));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        t.d_history,
        bold.add_modifier(Modifier::UNDERLINED),
    )));
    for h in &d.history {
        let mut spans = vec![Span::styled(
            format!("{:<16} ", when(&h.at)),
            theme::accent(),
        )];
        if !h.who.is_empty() {
            spans.push(Span::styled(format!("{} · ", h.who), theme::muted()));
        }
        spans.push(Span::raw(history_text(h, t, ru)));
        lines.push(Line::from(spans));
    }
    let title = format!(" {} ", fill(t.detail_title, &[&r.id]));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((st.detail_scroll, 0))
            .block(pane_block(title, focused)),
        area,
    );
}
