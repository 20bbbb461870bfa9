//! What the keys do to tasks: the actions, saving forms, carrying out what was confirmed.

use crate::action::Action;
use crate::app::{self, FormTarget};
use crate::domain::tasks::{self as rules, TaskError};
use crate::domain::work::TaskStatus;
use crate::domain::{date, deadline};
use crate::i18n::Strings;
use crate::screens::component::Ctx;
use crate::store::Refusal;
use crate::store::{NewReport, Page, StoreError};
use crate::widgets::form::{Choices, Field, Fields, Form, Label};

use super::forms::{
    CancelField, DecideField, ExtendField, OpenViewField, Pending, ReassignField, ReportField,
    SaveViewField, Target, validate,
};
use super::texts::{rule_text, status_label};
use super::{DEFAULT_QUERY, Tasks};

impl Tasks {
    pub(crate) fn update_tasks(&mut self, cx: &mut Ctx, action: Action) {
        let n = self.tasks_page_rows(cx) as isize;
        if self.editing {
            let q = &mut self.query;
            match action {
                Action::Input(c) => q.insert(c),
                Action::Backspace => q.backspace(),
                Action::DeleteChar => q.delete(),
                Action::ClearField => q.clear_all(),
                Action::DeleteWord => q.delete_word(),
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
            return self.apply_query_later(cx);
        }
        let detail = self.focus_detail && self.show_detail;
        match action {
            Action::Filter => {
                self.editing = true;
                self.query.end();
                // Typing adds a term: a word must not stick to the last one.
                let v = self.query.value();
                if !v.is_empty() && !v.ends_with(char::is_whitespace) && !self.query.is_selected() {
                    self.query.insert(' ');
                }
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
            Action::First => self.load_tasks_later(cx, Page::First, None),
            Action::Last => self.load_tasks_later(cx, Page::Last, None),
            Action::ViewOverdue => self.set_query(cx, "status:overdue"),
            Action::ViewWeek => self.set_query(cx, "status:open due:<7d"),
            Action::ViewMine => self.set_query(cx, "status:open controller:me"),
            Action::ViewOpen => self.set_query(cx, DEFAULT_QUERY),
            Action::SaveView => {
                let form = Form::new(
                    |s| s.tasks.form_save_view,
                    vec![
                        Field::text(|s| s.tasks.f_view_name, "").key(SaveViewField::Name),
                        Field::text(|s| s.tasks.f_query, self.query.value())
                            .key(SaveViewField::Query),
                    ],
                    Target::SaveView,
                );
                self.views_form = false;
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
                            Field::choice(|s| s.tasks.f_view, Choices::Records(choices), 1)
                                .key(OpenViewField::View),
                            Field::choice(
                                |s| s.tasks.f_view_action,
                                Choices::Fixed(|s| &s.tasks.view_actions),
                                0,
                            )
                            .key(OpenViewField::Action),
                        ],
                        Target::OpenView { views },
                    );
                    self.views_form = true;
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
                    )
                    .key(ReportField::Kind),
                    Field::date(|s| s.tasks.f_report_date, &date::format(cx.today))
                        .key(ReportField::Date),
                    Field::text(|s| s.tasks.f_doc_number, "").key(ReportField::DocNumber),
                    Field::text(|s| s.tasks.f_report_text, "").key(ReportField::Text),
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
                        Field {
                            hint: Some(|s| s.tasks.hint_new_deadline),
                            ..Field::text(|s| s.tasks.f_new_deadline, "")
                        }
                        .key(ExtendField::Deadline),
                        Field::text(|s| s.tasks.f_reason, "").key(ExtendField::Reason),
                    ],
                    Target::Extend { task_id, version },
                )
            }
            Action::DecideExtension => {
                if facts.status != TaskStatus::ExtensionRequested {
                    return cx.error(s.tasks.err_no_request);
                }
                // The one who decides sees what was asked, and why.
                if let Ok(Some((asked, reason, at))) = cx.store.pending_extension_request(task_id) {
                    let on = at
                        .get(..10)
                        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                        .map(date::format);
                    cx.info(&s.tasks.msg_ext_request.fill([
                        &date::format(asked),
                        &reason,
                        &on.unwrap_or(at.clone()),
                        &date::format(facts.deadline),
                    ]));
                }
                Form::new(
                    |s| s.tasks.form_decide,
                    vec![
                        Field::choice(
                            |s| s.tasks.f_decision,
                            Choices::Fixed(|s| &s.tasks.decisions),
                            0,
                        )
                        .key(DecideField::Decision),
                    ],
                    Target::Decide { task_id, version },
                )
            }
            Action::CancelTask => Form::new(
                |s| s.tasks.form_cancel,
                vec![Field::text(|s| s.tasks.f_reason, "").key(CancelField::Reason)],
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
                        Field::choice(|s| s.tasks.f_new_executor, Choices::Records(orgs), 0)
                            .key(ReassignField::Executor),
                        Field::text(|s| s.tasks.f_reason, "").key(ReassignField::Reason),
                        // Empty: the new executor's head.
                        Field::text(|s| s.protocol.f_responsible, "")
                            .key(ReassignField::Responsible),
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
        self.views_form = false;
        cx.open_form(form.map(FormTarget::Tasks));
    }

    pub(super) fn save_tasks_form(
        &mut self,
        cx: &mut Ctx,
        target: Target,
        form: &mut Form<FormTarget>,
    ) {
        let s = cx.strings();
        let today = cx.today;
        if !validate(&mut form.fields, &target, today) {
            return cx.error(s.err_fix_fields);
        }
        let f = &form.fields;
        let result: Result<String, StoreError> = match &target {
            Target::Report { task_id, version } => {
                let report = NewReport {
                    is_final: f.choice(ReportField::Kind) == 1,
                    date: date::parse(f.text(ReportField::Date)).unwrap_or(today),
                    doc_number: f.trimmed(ReportField::DocNumber),
                    text: f.trimmed(ReportField::Text),
                };
                cx.store
                    .record_report(*task_id, *version, &report, today)
                    .map(|_| s.tasks.msg_reported.to_string())
            }
            Target::Extend { task_id, version } => {
                let holidays = super::holidays_beside(cx);
                let typed = f.text(ExtendField::Deadline);
                let Ok(due) = deadline::parse(typed, today, &holidays) else {
                    return cx.error(s.err_fix_fields);
                };
                // A weekend or holiday moved to the working day before: said, as the task
                // form says it.
                let moved = due.moved_from.map(|from| {
                    s.protocol
                        .msg_deadline_moved
                        .fill([&date::format(from), &date::format(due.date)])
                });
                let reason = f.trimmed(ExtendField::Reason);
                cx.store
                    .request_extension(*task_id, *version, due.date, &reason, today)
                    .map(|_| match moved {
                        Some(m) => format!("{m} {}", s.tasks.msg_ext_requested),
                        None => s.tasks.msg_ext_requested.to_string(),
                    })
            }
            Target::Decide { task_id, version } => {
                let grant = f.choice(DecideField::Decision) == 0;
                let (task_id, version) = (*task_id, *version);
                let actor = self.actor(cx);
                cx.store
                    .decide_extension(task_id, version, grant, &actor)
                    .and_then(|_| {
                        if grant {
                            let t = cx.store.task(task_id)?;
                            Ok(s.tasks.msg_ext_granted.fill([&date::format(t.deadline)]))
                        } else {
                            Ok(s.tasks.msg_ext_refused.to_string())
                        }
                    })
            }
            Target::Cancel { task_id, version } => cx
                .store
                .cancel_task(*task_id, *version, &f.trimmed(CancelField::Reason))
                .map(|_| s.tasks.msg_cancelled.to_string()),
            Target::Reassign {
                task_id, version, ..
            } => {
                let to = f.chosen_id(ReassignField::Executor).unwrap_or(0);
                let (reason, responsible) = (
                    f.trimmed(ReassignField::Reason),
                    f.trimmed(ReassignField::Responsible),
                );
                cx.store
                    .reassign_task_to(*task_id, *version, to, &reason, Some(&responsible))
                    .map(|_| s.tasks.msg_reassigned.to_string())
            }
            Target::SaveView => {
                let (name, q) = (
                    f.trimmed(SaveViewField::Name),
                    f.trimmed(SaveViewField::Query),
                );
                cx.store
                    .save_task_view(&name, &q)
                    .map(|_| s.tasks.msg_view_saved.fill([&name]))
            }
            Target::OpenView { views } => {
                let Some((name, q)) = f
                    .chosen_id(OpenViewField::View)
                    .and_then(|i| views.get(i as usize))
                    .cloned()
                else {
                    return cx.error(s.err_nothing_selected);
                };
                if f.choice(OpenViewField::Action) == 0 {
                    cx.close_form();
                    self.editing = false;
                    return self.set_query(cx, &q);
                }
                cx.store
                    .delete_task_view(&name)
                    .map(|_| s.tasks.msg_view_deleted.fill([&name]))
            }
        };
        match result {
            Ok(msg) => {
                cx.close_form();
                self.refresh_tasks(cx);
                cx.info(&msg);
            }
            Err(StoreError::Refused(Refusal::Task(e))) => {
                // A date the rules refuse is marked on its field too.
                if let Target::Report { .. } = &target
                    && matches!(e, TaskError::ReportInFuture | TaskError::ReportBeforeTask)
                {
                    let error: Label = if e == TaskError::ReportInFuture {
                        |s: &Strings| s.tasks.err_report_future
                    } else {
                        |s: &Strings| s.tasks.err_report_before
                    };
                    form.set_error(ReportField::Date, Some(error));
                }
                cx.error(&rule_text(e, s));
            }
            Err(StoreError::Refused(Refusal::Conflict)) => {
                // Someone changed the task meanwhile: close the form, show it as it is now.
                cx.close_form();
                self.refresh_tasks(cx);
                cx.store_error(StoreError::Refused(Refusal::Conflict));
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
                        let text = s.tasks.msg_closed.fill([&status_label(s.tasks, st)]);
                        cx.info(&text)
                    }
                    Err(StoreError::Refused(Refusal::Task(e))) => cx.error(&rule_text(e, s)),
                    Err(e) => cx.store_error(e),
                }
            }
        }
    }
}
