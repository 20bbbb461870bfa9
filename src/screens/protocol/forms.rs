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
use crate::i18n::{Lang, fill};
use crate::screens::component::Ctx;
use crate::store::TaskDraft;
use crate::widgets::file_name::{doc_lang, paper_path};
use crate::widgets::form::{Choices, Field, Form, Label, has_errors, paper};

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
    paper::form(protocol, lang, folder, target)
}

/// The folder for the extracts: its name follows the language chosen.
pub fn extracts_form(doc: &ProtocolDoc, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let lang_ix = usize::from(lang == Lang::Ru);
    let label = doc.protocol.label().unwrap_or_default();
    let folder = folder.to_path_buf();
    Form::new(
        |s| s.protocol.form_extracts,
        vec![
            Field::choice(|s| s.f_format, Choices::Fixed(|s| &s.doc_formats), 0),
            Field::choice(|s| s.f_doc_lang, Choices::Fixed(|s| &s.doc_langs), lang_ix),
            Field::text(|s| s.protocol.f_folder, ""),
        ],
        Target::Extracts {
            protocol_id: doc.protocol.id,
        },
    )
    .follow_file_name(2, move |fs| {
        // A folder, not a file: the placeholder extension is dropped again.
        paper_path(
            &folder,
            "extracts",
            &label,
            doc_lang(fs[1].choice_index()),
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
    fields[0].error = validate::required(fields[0].text_value())
        .err()
        .map(crate::screens::field_error_label);
    let executor = fields[1].chosen_id();
    fields[1].error = executor.is_none().then_some(|s| s.protocol.err_executor);
    fields[3].error = validate::length(fields[3].text_value())
        .err()
        .map(crate::screens::field_error_label);
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

/// The task form's responsible person follows its executor: once an executor is chosen the
/// field shows its head, unless someone else was named (a text that is no head's name).
pub fn follow_executor(form: &mut Form<FormTarget>, orgs: &[Organization]) {
    if !matches!(form.target, FormTarget::Protocol(Target::Task { .. })) {
        return;
    }
    let Some(executor) = form.fields.get(1).and_then(Field::chosen_id) else {
        return;
    };
    let Some(head) = orgs.iter().find(|o| o.id == executor).map(|o| &o.head_name) else {
        return;
    };
    let Some(field) = form.fields.get_mut(3) else {
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
                .map(crate::screens::field_error_label);
        }
        Target::Write { .. } => drop(paper::check(&mut trial)),
        Target::Extracts { .. } => {
            trial[2].error = validate::required(trial[2].text_value())
                .err()
                .map(crate::screens::field_error_label);
        }
    }
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
    if let Some(f) = form.fields.get_mut(5) {
        f.value =
            crate::widgets::form::Value::Text(crate::widgets::Input::new(&date::format(due.date)));
        f.error = None;
        form.focus = 5;
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
            cx.info(&fill(ps.msg_deadline_proposed, &[&date::format(d)]));
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
                    Some(asked) => cx.info(&fill(
                        ps.msg_deadline_moved,
                        &[&date::format(asked), &date::format(due.date)],
                    )),
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
        let on = validate::date(fields[0].text_value());
        fields[0].error = on.err().map(crate::screens::field_error_label);
        fields[2].error = validate::length(fields[2].text_value())
            .err()
            .map(crate::screens::field_error_label);
        if has_errors(fields) {
            return cx.error(s.err_fix_fields);
        }
        let Ok(on) = on else { return };
        let d = Delivery {
            id: 0,
            protocol_id,
            organization_id,
            delivered_on: on,
            way: DeliveryWay::ALL[fields[1].choice_index().min(3)],
            received_by: fields[2].text_value().to_string(),
            doc_number: fields[3].text_value().to_string(),
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
            let on_executor = form.focus == 1
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
    }) = paper::chosen(fields, cx.documents_dir)
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
            cx.info(&fill(s.msg_written, &[&path.display()]));
        }
        Err(e) => cx.error(&fill(s.err_write, &[&path.display(), &e])),
    }
}

/// An extract per addressee, into the folder chosen.
fn write_extracts(cx: &mut Ctx, fields: &mut [Field], protocol_id: i64) {
    let s = cx.strings();
    let ps = s.protocol;
    fields[2].error = validate::required(fields[2].text_value())
        .err()
        .map(crate::screens::field_error_label);
    if has_errors(fields) {
        return cx.error(s.err_fix_fields);
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
    let dir = crate::widgets::file_name::typed_path(cx.documents_dir, fields[2].text_value());
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
            cx.info(&fill(ps.msg_extracts, &[&files.len(), &dir.display()]));
        }
        Err(e) => cx.error(&fill(s.err_write, &[&dir.display(), &e])),
    }
}
