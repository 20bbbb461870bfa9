//! What the keys do: adding, editing, reordering, deleting, linking, saving forms, and the
//! import run a chunk at a time.

use crate::action::Action;
use crate::app::FormTarget;
use crate::domain::plan::{self, Measure, MeasureStatus, PlanFilter, TreeRow};
use crate::domain::plan_csv::{self, Known, RowError};
use crate::domain::validate::{self};
use crate::screens::component::Ctx;
use crate::store::Refusal;
use crate::store::{PlanImportError, StoreError};
use crate::widgets::form::Form;
use crate::widgets::list::Cursor;

use super::forms::{
    ImportField, LinkChoice, Pending, Target, check, filter_form, import_form, link_form,
    measure_form, problem_text, validate_filter, validate_link, validate_measure,
};
use super::{CHUNK, Job, LinkRow, Pane, Phase, Plan, rows_in};

impl Plan {
    pub(crate) fn update_plan(&mut self, cx: &mut Ctx, action: Action) {
        let s = cx.strings();
        let h = rows_in(self.plan_areas(cx).tree).max(1) as isize;
        match action {
            Action::Up | Action::ScrollUp => self.move_plan(cx, -1),
            Action::Down | Action::ScrollDown => self.move_plan(cx, 1),
            Action::PageUp => self.move_plan(cx, -h),
            Action::PageDown => self.move_plan(cx, h),
            Action::First => self.move_plan(cx, isize::MIN / 2),
            Action::Last => self.move_plan(cx, isize::MAX / 2),
            Action::FocusNext | Action::FocusPrev => {
                self.pane = match self.pane {
                    Pane::Measures => Pane::Links,
                    Pane::Links => Pane::Measures,
                };
            }
            Action::Add => {
                let mut m = Measure::new("", &self.selected_section().unwrap_or_default(), "");
                m.number = self.next_number(&m.section);
                let form = measure_form(&m, &self.orgs);
                cx.open_form(form.map(FormTarget::Plan));
            }
            Action::Edit => {
                let Some(m) = self.selected().cloned() else {
                    return cx.error(s.err_nothing_selected);
                };
                let form = measure_form(&m, &self.orgs);
                cx.open_form(form.map(FormTarget::Plan));
            }
            Action::MoveUp | Action::MoveDown => {
                let Some(id) = self.selected().map(|m| m.id) else {
                    return cx.error(s.err_nothing_selected);
                };
                match cx.store.move_measure(id, action == Action::MoveUp) {
                    Ok(_) => self.refresh_plan(cx),
                    Err(e) => cx.store_error(e),
                }
            }
            Action::Delete => self.delete_in_plan(cx),
            Action::Filter => {
                let form = filter_form(&self.filter, &self.orgs);
                cx.open_form(form.map(FormTarget::Plan));
            }
            Action::ClearFilter => {
                self.filter = PlanFilter::default();
                self.refresh_plan(cx);
            }
            Action::CycleStatus => {
                let f = &mut self.filter;
                f.status = match f.status {
                    None => Some(MeasureStatus::ALL[0]),
                    Some(x) => MeasureStatus::ALL.get(x.index() + 1).copied(),
                };
                self.cursor = Cursor::default();
                self.refresh_plan(cx);
            }
            Action::ToggleAtRisk => {
                self.filter.at_risk = !self.filter.at_risk;
                self.cursor = Cursor::default();
                self.refresh_plan(cx);
            }
            Action::Link => {
                let Some(id) = self.selected().map(|m| m.id) else {
                    return cx.error(s.err_nothing_selected);
                };
                match cx.store.decision_choices() {
                    Ok(d) => cx.open_form(link_form(id, d).map(FormTarget::Plan)),
                    Err(e) => cx.store_error(e),
                }
            }
            Action::ImportFile => {
                let path = cx.documents_dir.join("plan.csv");
                cx.open_form(import_form(&path.to_string_lossy()).map(FormTarget::Plan));
            }
            _ => {}
        }
    }

    /// The next free number in a section: one past the highest "N.k" of its measures.
    fn next_number(&self, section: &str) -> String {
        let numbers: Vec<&str> = self
            .measures
            .iter()
            .filter(|m| m.section == section)
            .map(|m| m.number.as_str())
            .collect();
        let Some(last) = numbers
            .iter()
            .max_by(|a, b| plan::cmp_numbers(a, b))
            .copied()
        else {
            return String::new();
        };
        match last.rsplit_once('.') {
            Some((head, tail)) => match tail.parse::<u32>() {
                Ok(n) => {
                    let candidate = format!("{head}.{}", n + 1);
                    if self.measures.iter().any(|m| m.number == candidate) {
                        String::new()
                    } else {
                        candidate
                    }
                }
                Err(_) => String::new(),
            },
            None => String::new(),
        }
    }

    fn delete_in_plan(&mut self, cx: &mut Ctx) {
        let s = cx.strings();
        match self.pane {
            Pane::Measures => {
                let Some(m) = self.selected() else {
                    return cx.error(s.err_nothing_selected);
                };
                cx.ask(crate::app::Pending::Plan(Pending::Delete {
                    id: m.id,
                    version: m.version,
                    number: m.number.clone(),
                }));
            }
            Pane::Links => {
                let Some(measure_id) = self.selected().map(|m| m.id) else {
                    return cx.error(s.err_nothing_selected);
                };
                let rows = self.link_rows();
                let pending = match rows.get(self.link_cursor.selected) {
                    None => return cx.error(s.err_nothing_selected),
                    Some(LinkRow::Decision(i)) => {
                        let d = &self.links.decisions[*i];
                        if !d.explicit {
                            return cx.error(s.plan.err_not_explicit);
                        }
                        Pending::UnlinkDecision {
                            measure_id,
                            decision_id: d.id,
                            label: d.label.clone(),
                        }
                    }
                    Some(LinkRow::Task(i)) => Pending::UnlinkTask {
                        measure_id,
                        task_id: self.links.tasks[*i].id,
                    },
                };
                cx.ask(crate::app::Pending::Plan(pending));
            }
        }
    }

    pub(crate) fn carry_out_plan(&mut self, cx: &mut Ctx, pending: Pending) {
        let s = cx.strings();
        let result = match pending {
            Pending::Delete { id, version, .. } => cx
                .store
                .delete_measure(id, version)
                .map(|_| s.plan.msg_deleted),
            Pending::UnlinkDecision {
                measure_id,
                decision_id,
                ..
            } => cx
                .store
                .unlink_decision(measure_id, decision_id)
                .map(|_| s.plan.msg_unlinked),
            Pending::UnlinkTask {
                measure_id,
                task_id,
            } => cx
                .store
                .unlink_task(measure_id, task_id)
                .map(|_| s.plan.msg_unlinked),
            Pending::MoveTask {
                measure_id,
                task_id,
                ..
            } => cx.store.move_task_link(measure_id, task_id).map(|_| {
                cx.close_form();
                s.plan.msg_linked
            }),
        };
        match result {
            Ok(msg) => {
                self.refresh_plan(cx);
                cx.info(msg);
            }
            Err(e) => cx.store_error(e),
        }
    }

    pub(super) fn save_plan_form(
        &mut self,
        cx: &mut Ctx,
        target: Target,
        form: &mut Form<FormTarget>,
    ) {
        let s = cx.strings();
        let today = cx.today;
        match target {
            Target::Measure { .. } => {
                let Some(m) = validate_measure(&mut form.fields, &target, today) else {
                    return cx.error(s.err_fix_fields);
                };
                match cx.store.save_measure(&m) {
                    Ok(id) => {
                        cx.close_form();
                        self.refresh_plan(cx);
                        if let Some(i) = self.rows.iter().position(
                            |r| matches!(r, TreeRow::Measure(k) if self.measures[*k].id == id),
                        ) {
                            self.cursor.selected = i;
                            self.resize_plan(cx);
                            self.load_plan_links(cx);
                        }
                        cx.info(&s.plan.msg_saved.fill([&m.number]));
                    }
                    Err(e) => cx.store_error(e),
                }
            }
            Target::Filter => {
                let Some(f) = validate_filter(&mut form.fields) else {
                    return cx.error(s.err_fix_fields);
                };
                cx.close_form();
                self.filter = f;
                self.cursor = Cursor::default();
                self.refresh_plan(cx);
            }
            Target::Link { measure_id } => {
                let Some(choice) = validate_link(&mut form.fields) else {
                    return cx.error(s.err_fix_fields);
                };
                let result = match choice {
                    LinkChoice::Decision(d) => {
                        cx.store.link_decision(measure_id, d).map_err(|e| (e, None))
                    }
                    LinkChoice::Task(t) => {
                        cx.store.link_task(measure_id, t).map_err(|e| (e, Some(t)))
                    }
                };
                match result {
                    Ok(()) => {
                        cx.close_form();
                        self.refresh_plan(cx);
                        cx.info(s.plan.msg_linked);
                    }
                    Err((StoreError::Refused(Refusal::NotFound), Some(t))) => {
                        cx.error(&s.plan.err_no_such_task.fill([&t]))
                    }
                    // Serving another measure: shown with its link, the user chooses.
                    Err((StoreError::Refused(Refusal::AlreadyLinked(task_id, from)), _)) => {
                        let to = self
                            .measures
                            .iter()
                            .find(|m| m.id == measure_id)
                            .map(|m| m.number.clone())
                            .unwrap_or_default();
                        cx.ask(crate::app::Pending::Plan(Pending::MoveTask {
                            measure_id,
                            task_id,
                            from,
                            to,
                        }))
                    }
                    Err((e, _)) => cx.store_error(e),
                }
            }
            Target::Import => {
                if check(&mut form.fields, ImportField::Path, validate::required).is_none() {
                    return cx.error(s.err_fix_fields);
                }
                let path = crate::widgets::file_name::typed_path(
                    cx.documents_dir,
                    form.text(ImportField::Path),
                );
                cx.close_form();
                self.job = Some(Job {
                    path,
                    phase: Phase::Reading,
                    done: 0,
                    total: 0,
                    rows: Vec::new(),
                    known: Known::default(),
                    errors: Vec::new(),
                    ignored: Vec::new(),
                });
            }
        }
    }

    /// Do one step of the import.
    pub(super) fn import_step(&mut self, cx: &mut Ctx) {
        let Some(mut job) = self.job.take() else {
            return;
        };
        let s = cx.strings();
        match job.phase {
            Phase::Reading => {
                let bytes = match std::fs::read(&job.path) {
                    Ok(b) => b,
                    Err(e) => {
                        return cx.error(&s.plan.err_read.fill([
                            &job.path.display(),
                            &crate::screens::component::reason_text(&e, s),
                        ]));
                    }
                };
                // Every problem in one pass: rows with a problem of shape are checked against
                // the database too, so a second run finds nothing new.
                let checked = plan_csv::parse_all(&bytes);
                job.total = checked.rows.len();
                job.rows = checked.rows;
                job.errors = checked.errors;
                job.ignored = checked.ignored_columns;
                match cx.store.plan_known() {
                    Ok(k) => job.known = k,
                    Err(e) => return cx.store_error(e),
                }
                job.phase = Phase::Checking;
            }
            Phase::Checking => {
                let end = (job.done + CHUNK).min(job.total);
                for row in &job.rows[job.done..end] {
                    if let Err(mut e) = plan_csv::resolve(row, &job.known, cx.today) {
                        job.errors.append(&mut e);
                    }
                }
                job.done = end;
                if job.done >= job.total {
                    if !job.errors.is_empty() {
                        job.errors.sort_by_key(|e| e.line);
                        return self.import_failed(cx, &job.errors, &job.ignored);
                    }
                    job.phase = Phase::Writing;
                }
            }
            Phase::Writing => {
                match cx.store.import_plan(&job.rows, cx.today, &mut |_, _| {}) {
                    Ok(sum) => {
                        self.refresh_plan(cx);
                        self.import_report.clear();
                        let mut msg = s.plan.msg_imported.fill([&sum.added, &sum.updated]);
                        if !job.ignored.is_empty() {
                            let r = crate::i18n::rules::strings(cx.lang);
                            msg = format!(
                                "{} ({}).",
                                msg.trim_end_matches('.'),
                                r.import_ignored.fill([&job.ignored.join(", ")])
                            );
                        }
                        cx.info(&msg);
                    }
                    Err(PlanImportError::Rows(errors)) => {
                        self.import_failed(cx, &errors, &job.ignored)
                    }
                    Err(PlanImportError::Store(e)) => cx.store_error(e),
                }
                return;
            }
        }
        self.job = Some(job);
    }

    /// Every problem, in the UI language, into the report the links pane shows (scrolled
    /// there with the arrows); the ignored columns are named too.
    fn import_failed(&mut self, cx: &mut Ctx, errors: &[RowError], ignored: &[String]) {
        let s = cx.strings();
        let r = crate::i18n::rules::strings(cx.lang);
        self.import_report = errors.iter().map(|e| problem_text(e, s)).collect();
        self.import_problems = errors.len();
        if !ignored.is_empty() {
            self.import_report
                .push(r.import_ignored.fill([&ignored.join(", ")]));
        }
        self.pane = Pane::Links;
        self.link_cursor = Cursor::default();
        let first = self.import_report.first().cloned().unwrap_or_default();
        cx.error(&s.plan.err_import_rows.fill([&errors.len(), &first]));
    }
}
