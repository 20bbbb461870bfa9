//! The actions of control: giving, reports, closing, extensions, cancelling, reassigning.

use crate::store::Refusal;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

use super::{NewReport, NewTask, day, read_facts, text, touch};
use crate::domain::tasks::{self as rules, Actor, TaskFacts};
use crate::domain::work::TaskStatus;
use crate::store::{Result, Store, StoreError, audit, current_user, now_stamp};

impl Store {
    /// Give a task (one transaction, with its audit row; the search index follows by
    /// trigger). Returns its id.
    pub fn add_task(&mut self, t: &NewTask) -> Result<i64> {
        let text = t.text.trim().to_string();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO task(text, executor_id, controller_id, deadline, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    text,
                    t.executor_id,
                    t.controller_id,
                    t.deadline,
                    now_stamp()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit(tx, "create", "task", id, &text)?;
            Ok(id)
        })
    }

    /// What the rules need to know of a task now (to explain before asking).
    pub fn task_facts(&self, id: i64) -> Result<TaskFacts> {
        read_facts(&self.conn, id).map(|f| f.0)
    }

    /// The cap on granted extensions (setting `tasks.extension_cap`, default 2).
    pub fn extension_cap(&self) -> Result<i64> {
        Ok(self
            .setting("tasks.extension_cap")?
            .and_then(|v| v.trim().parse().ok())
            .filter(|n: &i64| *n >= 0)
            .unwrap_or(rules::DEFAULT_EXTENSION_CAP))
    }

    /// Record an execution report; an assigned task goes in progress.
    pub fn record_report(
        &mut self,
        task_id: i64,
        version: i64,
        report: &NewReport,
        today: NaiveDate,
    ) -> Result<i64> {
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            rules::check_report(&f, report.date, today)?;
            let next = rules::status_after_report(f.status);
            touch(tx, task_id, version, "status = ?1", &[text(next.code())])?;
            tx.execute(
                "INSERT INTO execution_report(task_id, report_date, text, doc_number, is_final,
                                              created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    task_id,
                    report.date,
                    report.text.trim(),
                    report.doc_number.trim(),
                    report.is_final,
                    now_stamp(),
                    current_user()
                ],
            )?;
            let id = tx.last_insert_rowid();
            let kind = if report.is_final { "final" } else { "interim" };
            audit(
                tx,
                "report",
                "task",
                task_id,
                &format!("{kind} {} {}", report.date, report.doc_number.trim()),
            )?;
            Ok(id)
        })
    }

    /// Take the task off control on its final report: done on time or late.
    pub fn close_task(&mut self, task_id: i64, version: i64) -> Result<TaskStatus> {
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            let status = rules::check_close(&f)?;
            touch(
                tx,
                task_id,
                version,
                "status = ?1, closed_at = ?2",
                &[text(status.code()), text(&now_stamp())],
            )?;
            audit(tx, "close", "task", task_id, status.code())?;
            Ok(status)
        })
    }

    /// Ask for a later deadline (the task waits for the controller's decision).
    pub fn request_extension(
        &mut self,
        task_id: i64,
        version: i64,
        new_deadline: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let cap = self.extension_cap()?;
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            rules::check_extension_request(&f, new_deadline, reason, cap, today)?;
            touch(
                tx,
                task_id,
                version,
                "status = ?1",
                &[text(TaskStatus::ExtensionRequested.code())],
            )?;
            tx.execute(
                "INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason,
                                             requested_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'requested')",
                params![
                    task_id,
                    f.deadline,
                    new_deadline,
                    reason.trim(),
                    now_stamp()
                ],
            )?;
            let change = tx.last_insert_rowid();
            audit(
                tx,
                "request extension",
                "task",
                task_id,
                &change.to_string(),
            )
        })
    }

    /// The waiting request's new deadline, if one waits.
    pub fn pending_extension(&self, task_id: i64) -> Result<Option<NaiveDate>> {
        Ok(self
            .conn
            .query_row(
                "SELECT new_deadline FROM deadline_change
                  WHERE task_id = ?1 AND status = 'requested' ORDER BY id DESC LIMIT 1",
                [task_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The waiting request as the one who decides should see it: the deadline asked for, the
    /// reason, and when it was asked (`YYYY-MM-DDTHH:MM:SS`).
    pub fn pending_extension_request(
        &self,
        task_id: i64,
    ) -> Result<Option<(NaiveDate, String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT new_deadline, reason, requested_at FROM deadline_change
                  WHERE task_id = ?1 AND status = 'requested' ORDER BY id DESC LIMIT 1",
                [task_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }

    /// Grant (moving the deadline) or refuse the waiting extension request.
    pub fn decide_extension(
        &mut self,
        task_id: i64,
        version: i64,
        grant: bool,
        actor: &Actor,
    ) -> Result<()> {
        let cap = self.extension_cap()?;
        let chair = self
            .access(&actor.login)?
            .allows(crate::domain::access::Permission::GrantExtension);
        self.write(|tx| {
            let (f, _, controller) = read_facts(tx, task_id)?;
            rules::check_decision(&f, grant, cap)?;
            // The chair decides (the role rule of `domain::access`); a login without that
            // role may still grant a task it controls.
            if grant && !chair && !rules::may_grant(actor, controller) {
                return Err(rules::TaskError::NotController.into());
            }
            let (change, new): (i64, NaiveDate) = tx
                .query_row(
                    "SELECT id, new_deadline FROM deadline_change
                      WHERE task_id = ?1 AND status = 'requested' ORDER BY id DESC LIMIT 1",
                    [task_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(rules::TaskError::NoExtensionRequest)?;
            let reported: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM execution_report WHERE task_id = ?1)",
                [task_id],
                |r| r.get(0),
            )?;
            let next = rules::status_after_decision(reported);
            if grant {
                touch(
                    tx,
                    task_id,
                    version,
                    "status = ?1, deadline = ?2",
                    &[text(next.code()), day(new)],
                )?;
            } else {
                touch(tx, task_id, version, "status = ?1", &[text(next.code())])?;
            }
            tx.execute(
                "UPDATE deadline_change SET status = ?1, decided_at = ?2, decided_by = ?3,
                        version = version + 1
                  WHERE id = ?4",
                params![
                    if grant { "granted" } else { "refused" },
                    now_stamp(),
                    actor.login,
                    change
                ],
            )?;
            audit(
                tx,
                if grant {
                    "grant extension"
                } else {
                    "refuse extension"
                },
                "task",
                task_id,
                &format!("{change} {new}"),
            )
        })
    }

    /// Cancel with a reason; nothing is deleted.
    pub fn cancel_task(&mut self, task_id: i64, version: i64, reason: &str) -> Result<()> {
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            rules::check_cancel(&f, reason)?;
            touch(
                tx,
                task_id,
                version,
                "status = 'cancelled', closed_at = ?1, cancel_reason = ?2",
                &[text(&now_stamp()), text(reason.trim())],
            )?;
            // A request still waiting is refused with the task.
            tx.execute(
                "UPDATE deadline_change SET status = 'refused', decided_at = ?1, decided_by = ?2,
                        version = version + 1
                  WHERE task_id = ?3 AND status = 'requested'",
                params![now_stamp(), current_user(), task_id],
            )?;
            audit(tx, "cancel", "task", task_id, reason.trim())
        })
    }

    /// Give the task to another executor; the change is kept in its history. The
    /// responsible person becomes the new executor's head.
    pub fn reassign_task(
        &mut self,
        task_id: i64,
        version: i64,
        executor: i64,
        reason: &str,
    ) -> Result<()> {
        self.reassign_task_to(task_id, version, executor, reason, None)
    }

    /// Give the task to another executor with `responsible` as the responsible person, or,
    /// when none is typed, the new executor's head (also in the audit row).
    pub fn reassign_task_to(
        &mut self,
        task_id: i64,
        version: i64,
        executor: i64,
        reason: &str,
        responsible: Option<&str>,
    ) -> Result<()> {
        self.write(|tx| {
            let (f, from, _) = read_facts(tx, task_id)?;
            rules::check_reassign(&f, from, executor, reason)?;
            let head: String = tx
                .query_row(
                    "SELECT head_name FROM organization WHERE id = ?1",
                    [executor],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::Refused(Refusal::NotFound))?;
            let old: String = tx.query_row(
                "SELECT responsible_person FROM task WHERE id = ?1",
                [task_id],
                |r| r.get(0),
            )?;
            let person = rules::responsible_after_reassign(responsible, &head);
            touch(
                tx,
                task_id,
                version,
                "executor_id = ?1, responsible_person = ?2",
                &[Value::Integer(executor), text(&person)],
            )?;
            // The new executor is no longer its own co-executor.
            tx.execute(
                "DELETE FROM task_co_executor WHERE task_id = ?1 AND organization_id = ?2",
                params![task_id, executor],
            )?;
            tx.execute(
                "INSERT INTO executor_change(task_id, old_executor, new_executor, reason,
                                             changed_at, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    task_id,
                    from,
                    executor,
                    reason.trim(),
                    now_stamp(),
                    current_user()
                ],
            )?;
            audit(
                tx,
                "reassign",
                "task",
                task_id,
                &format!(
                    "{from} -> {executor}: {}; responsible: {old} -> {person}",
                    reason.trim()
                ),
            )
        })
    }

    /// The HQ member a login is linked to (`shtab user add LOGIN --member N`), if that member
    /// is active. Only the link counts: a login is never guessed from names or e-mails, so
    /// "mine" is never someone else's.
    pub fn member_for_login(&self, login: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT m.id FROM app_user u JOIN member m ON m.id = u.member_id
                  WHERE u.login = ?1 AND m.active = 1",
                [login.trim()],
                |r| r.get(0),
            )
            .optional()?)
    }
}
