//! The forms over the editor: a decision's task, an extract's delivery, the protocol and its
//! extracts as papers.

use chrono::NaiveDate;

use crate::action::Action;
use crate::app::FormTarget;
use crate::docs::protocol::{PaperForm, ProtocolPaper};
use crate::domain::deadline::{self, DeadlineError, Holidays};
use crate::domain::protocol::{Delivery, DeliveryWay, ProtocolDoc};
use crate::domain::validate;
use crate::domain::{Organization, date};
use crate::i18n::Lang;
use crate::screens::component::Ctx;
use crate::store::TaskDraft;
use crate::widgets::file_name::{doc_lang, paper_path};
use crate::widgets::form::{
    Choices, Field, Fields, Form, Label, field_keys, has_errors, paper, run_checks,
};

use super::{FieldKey, Protocol, decision_of};

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

field_keys!(
    /// The task form's fields.
    pub enum TaskField {
        Text,
        Executor,
        CoExecutor,
        Responsible,
        Controller,
        Deadline,
    }
);

field_keys!(
    /// The delivery form's fields.
    pub enum DeliveryField {
        On,
        Way,
        ReceivedBy,
        DocNumber,
    }
);

field_keys!(
    /// The extracts form's fields.
    pub enum ExtractsField {
        Format,
        Lang,
        Folder,
    }
);

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
    use TaskField as F;
    Form::new(
        title,
        vec![
            Field::text(|s| s.protocol.f_task_text, &d.text)
                .key(F::Text)
                .validate(validate::required),
            Field {
                hint: Some(|s| s.protocol.search_hint),
                ..Field::choice(|s| s.protocol.f_executor, executors, ex_ix)
            }
            .key(F::Executor),
            Field {
                hint: Some(|s| s.protocol.search_hint),
                ..Field::choice(|s| s.protocol.f_co_executor, co, co_ix)
            }
            .key(F::CoExecutor),
            Field::text(|s| s.protocol.f_responsible, &d.responsible)
                .key(F::Responsible)
                .validate(validate::length),
            Field::choice(|s| s.protocol.f_controller, controllers, ctl_ix).key(F::Controller),
            // The deadline's rule needs today and the holidays: see `validate_task`.
            Field {
                hint: Some(|s| s.protocol.deadline_hint),
                ..Field::text(|s| s.protocol.f_deadline, &d.deadline)
            }
            .key(F::Deadline),
        ],
        target,
    )
}

pub fn delivery_form(protocol_id: i64, organization_id: i64, today: NaiveDate) -> Form<Target> {
    use DeliveryField as F;
    Form::new(
        |s| s.protocol.form_delivery,
        vec![
            Field::date(|s| s.protocol.f_delivered_on, &date::format(today))
                .key(F::On)
                .validate(validate::date),
            Field::choice(
                |s| s.protocol.f_way,
                Choices::Fixed(|s| &s.protocol.ways),
                2,
            )
            .key(F::Way),
            Field::text(|s| s.protocol.f_received_by, "")
                .key(F::ReceivedBy)
                .validate(validate::length),
            Field::text(|s| s.protocol.f_doc_number, "").key(F::DocNumber),
        ],
        Target::Delivery {
            protocol_id,
            organization_id,
        },
    )
}

/// Where to write the protocol: the paper form every tab shares, with the full/short choice.
pub fn write_form(doc: &ProtocolDoc, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let protocol = paper::Paper {
        title: |s| s.protocol.form_write,
        stem: |_| "protokol",
        label: doc.protocol.label().unwrap_or_else(|| doc.session.label()),
        short_form: Some(doc.protocol.short_form),
    };
    let target = Target::Write {
        protocol_id: doc.protocol.id,
    };
    paper::form::<_, crate::docs::Format>(protocol, lang, folder, target)
}

/// The folder for the extracts: its name follows the language chosen.
pub fn extracts_form(doc: &ProtocolDoc, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let lang_ix = usize::from(lang == Lang::Ru);
    let label = doc.protocol.label().unwrap_or_default();
    let folder = folder.to_path_buf();
    use ExtractsField as F;
    Form::new(
        |s| s.protocol.form_extracts,
        vec![
            Field::choice(
                |s| s.agenda.f_format,
                Choices::Fixed(|s| &s.agenda.doc_formats),
                0,
            )
            .key(F::Format),
            Field::choice(
                |s| s.agenda.f_doc_lang,
                Choices::Fixed(|s| &s.agenda.doc_langs),
                lang_ix,
            )
            .key(F::Lang),
            Field::text(|s| s.protocol.f_folder, "")
                .key(F::Folder)
                .validate(validate::required),
        ],
        Target::Extracts {
            protocol_id: doc.protocol.id,
        },
    )
    .follow_field(F::Folder, move |fs| {
        // A folder, not a file: the placeholder extension is dropped again.
        paper_path(
            &folder,
            "extracts",
            &label,
            doc_lang(fs.choice(F::Lang)),
            None,
            "dir",
        )
        .with_extension("")
        .to_string_lossy()
        .into_owned()
    })
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
    use TaskField as F;
    run_checks(fields);
    let executor = fields.chosen_id(F::Executor);
    let no_executor: Option<Label> = executor.is_none().then_some(|s| s.protocol.err_executor);
    fields.set_error(F::Executor, no_executor);
    let due = deadline::parse(fields.text(F::Deadline), today, holidays);
    fields.set_error(F::Deadline, due.err().map(deadline_error));
    if has_errors(fields) {
        return None;
    }
    let executor = executor?;
    let mut co: Vec<i64> = fields.chosen_id(F::CoExecutor).into_iter().collect();
    co.extend(more_co.iter().copied());
    co.retain(|c| *c != executor);
    co.dedup();
    let due = due.ok()?;
    Some((
        TaskDraft {
            id: *id,
            decision_id: *decision_id,
            text: fields.trimmed(F::Text),
            executor_id: executor,
            co_executors: co,
            responsible_person: fields.trimmed(F::Responsible),
            controller_id: fields.chosen_id(F::Controller),
            deadline: due.date,
            version: *version,
        },
        due,
    ))
}

/// The task form's responsible person follows its executor: once an executor is chosen the
/// field shows its head, unless someone else was named (a text that is no head's name).
pub fn follow_executor(form: &mut Form<FormTarget>, orgs: &[Organization]) {
    if !matches!(form.target, FormTarget::Protocol(Target::Task { .. })) {
        return;
    }
    let Some(executor) = form.chosen_id(TaskField::Executor) else {
        return;
    };
    let Some(head) = orgs.iter().find(|o| o.id == executor).map(|o| &o.head_name) else {
        return;
    };
    let Some(field) = form.field_mut(TaskField::Responsible) else {
        return;
    };
    let now = field.text_value().trim().to_string();
    let named_by_hand = !now.is_empty() && !orgs.iter().any(|o| o.head_name == now);
    if named_by_hand || now == *head {
        return;
    }
    field.value = crate::widgets::form::Value::Text(crate::widgets::Input::new(head));
    field.error = None;
}

/// The field `index` is being left: each field checks itself (see `Field::validate`);
/// what is left here is the task's executor and deadline, whose rules need more than the
/// text (a choice; today and the holidays).
pub fn check_field(fields: &mut [Field], target: &Target, index: usize, today: NaiveDate) {
    let Some(left) = fields.get(index) else {
        return;
    };
    if !matches!(target, Target::Task { .. })
        || !(left.is(TaskField::Executor) || left.is(TaskField::Deadline))
    {
        return;
    }
    let mut trial = fields.to_vec();
    drop(validate_task(
        &mut trial,
        target,
        today,
        &Holidays::builtin(),
    ));
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

/// Ctrl-E in a task form: the end of this month (after the working-day rule); on the
/// month's last working day, when that is today, the end of the next month.
pub fn end_of_month(form: &mut Form<FormTarget>, today: NaiveDate, holidays: &Holidays) {
    if !matches!(form.target, FormTarget::Protocol(Target::Task { .. })) {
        return;
    }
    let mut due = deadline::settle(deadline::end_of_month(today), today, holidays);
    if due.date <= today
        && let Some(next) = deadline::end_of_month(today).succ_opt()
    {
        due = deadline::settle(deadline::end_of_month(next), today, holidays);
    }
    if let Some(i) = form.fields.index_of(TaskField::Deadline)
        && let Some(f) = form.fields.get_mut(i)
    {
        f.value =
            crate::widgets::form::Value::Text(crate::widgets::Input::new(&date::format(due.date)));
        f.error = None;
        form.focus = i;
        form.dirty = true;
    }
}

impl Protocol {
    fn load_holidays(&mut self, cx: &mut Ctx) -> &Holidays {
        if self.holidays.is_none() {
            let mut h = Holidays::builtin();
            // The secretary's own list next to the database, if there is one.
            if let Some(file) = cx
                .store
                .path()
                .and_then(|p| p.parent())
                .map(|d| d.join("holidays.txt"))
                && let Ok(text) = std::fs::read_to_string(&file)
            {
                match Holidays::parse(&text) {
                    Ok(more) => h.extend(more),
                    Err(e) => cx.error(&format!("{}: {e}", file.display())),
                }
            }
            self.holidays = Some(h);
        }
        self.holidays.get_or_insert_with(Holidays::builtin)
    }

    /// The task form for the decision point under the cursor: its text, a deadline it names,
    /// the chair as controller.
    pub(super) fn add_task(&mut self, cx: &mut Ctx) {
        if !self.draft_or_error(cx) || !self.end_edit(cx) {
            return;
        }
        let ps = cx.strings().protocol;
        let Some(doc) = &self.doc else {
            return;
        };
        let Some(focus) = self.focused() else {
            return;
        };
        let Some(decision) =
            decision_of(doc, focus).and_then(|d| doc.decisions().find(|x| x.id == d))
        else {
            return cx.error(ps.err_not_in_decision);
        };
        let found = deadline::find_in_text(&decision.text);
        // On a hearing, the task is most often the heard organization's.
        let heard = doc
            .items
            .iter()
            .find(|i| i.decisions.iter().any(|d| d.id == decision.id))
            .and_then(|i| i.agenda_item_id)
            .and_then(|a| cx.store.agenda_item(a).ok())
            .filter(|a| a.kind == crate::domain::session::AgendaItemKind::Hearing)
            .and_then(|a| a.organization_ids.first().copied())
            // Only one that can be chosen (the executor list holds the active ones).
            .filter(|o| self.org(*o).is_some_and(|o| o.active));
        let chair = doc
            .attendance
            .iter()
            .find(|a| a.role == crate::domain::Role::Chair)
            .map(|a| a.member_id);
        let defaults = TaskDefaults {
            text: decision.text.trim().to_string(),
            executor: heard,
            co_executors: Vec::new(),
            responsible: heard
                .and_then(|h| self.org(h))
                .map(|o| o.head_name.clone())
                .unwrap_or_default(),
            controller: chair,
            deadline: found.map(date::format).unwrap_or_default(),
        };
        let target = Target::Task {
            id: 0,
            decision_id: decision.id,
            version: 0,
            more_co: Vec::new(),
        };
        let members = self.member_choices(cx);
        let form = task_form(target, &defaults, &self.orgs, members, cx.lang == Lang::Ru);
        cx.open_form(form.map(FormTarget::Protocol));
        if let Some(d) = found {
            cx.info(&ps.msg_deadline_proposed.fill([&date::format(d)]));
        }
    }

    fn member_choices(&self, cx: &Ctx) -> Vec<(i64, String)> {
        cx.store
            .all_members()
            .map(|v| {
                v.into_iter()
                    .filter(|m| m.active)
                    .map(|m| (m.id, m.full_name))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn edit_task(&mut self, cx: &mut Ctx, task_id: i64) {
        let Some(doc) = &self.doc else {
            return;
        };
        let Some(t) = doc.tasks().find(|t| t.id == task_id).cloned() else {
            return;
        };
        if doc.protocol.is_signed() {
            return cx.error(cx.strings().protocol.err_signed);
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
        let members = self.member_choices(cx);
        let form = task_form(target, &defaults, &self.orgs, members, cx.lang == Lang::Ru);
        cx.open_form(form.map(FormTarget::Protocol));
    }

    pub(super) fn save_protocol_form(
        &mut self,
        cx: &mut Ctx,
        target: Target,
        form: &mut Form<FormTarget>,
    ) {
        let fields = &mut form.fields;
        match target {
            Target::Task { .. } => self.save_task(cx, fields, &target),
            Target::Delivery {
                protocol_id,
                organization_id,
            } => self.save_delivery(cx, fields, protocol_id, organization_id),
            Target::Write { protocol_id } => write_paper(cx, fields, protocol_id),
            Target::Extracts { protocol_id } => write_extracts(cx, fields, protocol_id),
        }
    }

    /// A decision's task, its deadline moved to a working day (and the user told so).
    fn save_task(&mut self, cx: &mut Ctx, fields: &mut [Field], target: &Target) {
        let s = cx.strings();
        let ps = s.protocol;
        let today = cx.today;
        let holidays = self.load_holidays(cx).clone();
        let heads: Vec<(i64, String)> = self
            .orgs
            .iter()
            .map(|o| (o.id, o.head_name.clone()))
            .collect();
        let Some((mut task, due)) = validate_task(fields, target, today, &holidays) else {
            return cx.error(s.err_fix_fields);
        };
        if task.responsible_person.is_empty() {
            // The organization's head answers for it, unless someone else is named.
            task.responsible_person = heads
                .iter()
                .find(|h| h.0 == task.executor_id)
                .map(|h| h.1.clone())
                .unwrap_or_default();
        }
        match cx.store.save_decision_task(&task) {
            Ok(id) => {
                cx.close_form();
                if let Some(pid) = self.doc.as_ref().map(|d| d.protocol.id) {
                    self.reload(cx, pid);
                }
                self.focus_key(FieldKey::Task(id));
                match due.moved_from {
                    Some(asked) => cx.info(
                        &ps.msg_deadline_moved
                            .fill([&date::format(asked), &date::format(due.date)]),
                    ),
                    None => cx.info(ps.msg_task_saved),
                }
            }
            Err(e) => cx.store_error(e),
        }
    }

    /// An extract handed over: when, how, to whom.
    fn save_delivery(
        &mut self,
        cx: &mut Ctx,
        fields: &mut [Field],
        protocol_id: i64,
        organization_id: i64,
    ) {
        let s = cx.strings();
        let ps = s.protocol;
        use DeliveryField as F;
        if !run_checks(fields) {
            return cx.error(s.err_fix_fields);
        }
        let Ok(on) = validate::date(fields.text(F::On)) else {
            return;
        };
        let d = Delivery {
            id: 0,
            protocol_id,
            organization_id,
            delivered_on: on,
            way: DeliveryWay::ALL[fields.choice(F::Way).min(3)],
            received_by: fields.text(F::ReceivedBy).to_string(),
            doc_number: fields.text(F::DocNumber).to_string(),
            version: 0,
        };
        match cx.store.record_delivery(&d) {
            Ok(_) => {
                cx.close_form();
                self.reload(cx, protocol_id);
                cx.info(ps.msg_delivery);
            }
            Err(e) => cx.store_error(e),
        }
    }

    /// Ctrl-E in a protocol form; after any other key, what follows from it.
    pub(super) fn protocol_form_key(
        &mut self,
        cx: &mut Ctx,
        action: Action,
        form: &mut Form<FormTarget>,
    ) {
        if action != Action::EndOfMonth {
            // Only a change of the executor itself (typed to find, or stepped).
            let on_executor = form.focused_is(TaskField::Executor)
                && matches!(
                    action,
                    Action::Input(_)
                        | Action::Backspace
                        | Action::DeleteChar
                        | Action::NextChoice
                        | Action::PrevChoice
                );
            if on_executor {
                follow_executor(form, &self.orgs);
            }
            return;
        }
        let today = cx.today;
        let holidays = self.load_holidays(cx).clone();
        end_of_month(form, today, &holidays);
    }
}

/// The protocol as a paper, in the format, language and form chosen.
fn write_paper(cx: &mut Ctx, fields: &mut [Field], protocol_id: i64) {
    let s = cx.strings();
    let Some(paper::Chosen {
        format,
        lang,
        short,
        path,
    }) = paper::chosen::<crate::docs::Format>(fields, cx.documents_dir)
    else {
        return cx.error(s.err_fix_fields);
    };
    let paper_form = if short {
        PaperForm::Short
    } else {
        PaperForm::Full
    };
    let written = ProtocolPaper::load(cx.store, protocol_id, lang)
        .map_err(|e| e.to_string())
        .and_then(|paper| {
            crate::docs::write(&paper.document(paper_form), format, &path)
                .map_err(|e| crate::screens::component::reason_text(&e, s))
        });
    match written {
        Ok(()) => {
            cx.close_form();
            cx.info(
                &s.agenda
                    .msg_written
                    .fill([&crate::widgets::file_name::shown(&path)]),
            );
        }
        Err(e) => cx.error(&s.agenda.err_write.fill([&path.display(), &e])),
    }
}

/// An extract per addressee, into the folder chosen.
fn write_extracts(cx: &mut Ctx, fields: &mut [Field], protocol_id: i64) {
    let s = cx.strings();
    let ps = s.protocol;
    use ExtractsField as F;
    if !run_checks(fields) {
        return cx.error(s.err_fix_fields);
    }
    let format = if fields.choice(F::Format) == 0 {
        crate::docs::Format::Docx
    } else {
        crate::docs::Format::Markdown
    };
    let lang = if fields.choice(F::Lang) == 1 {
        Lang::Ru
    } else {
        Lang::Ky
    };
    let dir = crate::widgets::file_name::typed_path(cx.documents_dir, fields.text(F::Folder));
    let written = ProtocolPaper::load(cx.store, protocol_id, lang)
        .map_err(|e| e.to_string())
        .and_then(|paper| {
            paper
                .write_extracts(&dir, format)
                .map_err(|e| crate::screens::component::reason_text(&e, s))
        });
    match written {
        Ok(files) => {
            cx.close_form();
            cx.info(&ps.msg_extracts.fill([&files.len(), &dir.display()]));
        }
        Err(e) => cx.error(&s.agenda.err_write.fill([&dir.display(), &e])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delivery_form_marks_a_bad_date_on_leaving_and_refuses_it() {
        let today = date::parse("25.11.2026").unwrap();
        let mut f = delivery_form(1, 2, today);
        assert_eq!(f.text(DeliveryField::On), "25.11.2026");
        assert_eq!(f.choice(DeliveryField::Way), 2);
        f.edit(|i| i.insert('x'));
        f.next_field();
        let ru = Lang::Ru.strings();
        let e = f.fields.error(DeliveryField::On).map(|e| e(ru));
        assert_eq!(e, Some(ru.err_bad_date));
        assert!(!run_checks(&mut f.fields));
    }

    #[test]
    fn a_task_form_is_read_back_by_key() {
        let today = date::parse("25.11.2026").unwrap();
        let org = |id, name: &str| Organization {
            id,
            head_name: format!("глава {name}"),
            ..Organization::new(name, crate::domain::OrgKind::Organization)
        };
        let orgs = [org(7, "Мэрия"), org(9, "Китепкана")];
        let d = TaskDefaults {
            text: "  Отчет  ".into(),
            executor: Some(9),
            co_executors: vec![7],
            responsible: "Асанов".into(),
            controller: None,
            deadline: "30.12.2026".into(),
        };
        let target = Target::Task {
            id: 0,
            decision_id: 3,
            version: 0,
            more_co: vec![9],
        };
        let mut f = task_form(target.clone(), &d, &orgs, vec![(1, "Бакиева".into())], true);
        let (task, due) = validate_task(&mut f.fields, &target, today, &Holidays::builtin())
            .expect("a good task");
        assert_eq!(task.text, "Отчет");
        assert_eq!(task.executor_id, 9);
        assert_eq!(task.co_executors, vec![7], "the executor is no co-executor");
        assert_eq!(task.responsible_person, "Асанов");
        assert_eq!(task.controller_id, None);
        assert_eq!(due.date, task.deadline);
        f.field_mut(TaskField::Text).unwrap().value =
            crate::widgets::form::Value::Text(crate::widgets::Input::new(" "));
        assert!(validate_task(&mut f.fields, &target, today, &Holidays::builtin()).is_none());
        let ru = Lang::Ru.strings();
        let e = f.fields.error(TaskField::Text).map(|e| e(ru));
        assert_eq!(e, Some(ru.err_required));
    }
}
