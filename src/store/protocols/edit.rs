//! Editing a draft: one field at a time, items, speeches, decision points and their tasks.

use super::*;
use crate::domain::protocol::votes_within;
use crate::store::Refusal;
use crate::store::row::{change, delete_checked};

impl Store {
    /// Save one text field of a draft, if it is still at `version`; returns the new version.
    /// `last_field` is remembered as where the secretary last typed.
    pub fn save_protocol_text(
        &mut self,
        field: TextField,
        id: i64,
        version: i64,
        text: &str,
        last_field: &str,
    ) -> Result<i64> {
        let (table, column) = field.column();
        self.write(|tx| {
            let protocol_id = protocol_of(tx, table, id)?;
            draft_status(tx, protocol_id)?;
            let n = tx.execute(
                &format!(
                    "UPDATE {table} SET {column} = ?1, version = version + 1
                     WHERE id = ?2 AND version = ?3"
                ),
                params![text, id, version],
            )?;
            changed(tx, table, id, n)?;
            remember_field(tx, protocol_id, last_field)?;
            Ok(version + 1)
        })
    }

    /// A member present or absent (with a reason), if the row is still at `version`.
    pub fn save_attendance(
        &mut self,
        protocol_id: i64,
        member_id: i64,
        present: bool,
        reason: &str,
        version: i64,
        last_field: &str,
    ) -> Result<i64> {
        self.write(|tx| {
            draft_status(tx, protocol_id)?;
            let session_id: i64 = tx.query_row(
                "SELECT session_id FROM protocol WHERE id = ?1",
                [protocol_id],
                |r| r.get(0),
            )?;
            let n = tx.execute(
                "UPDATE attendance SET present = ?1, absence_reason = ?2, version = version + 1
                 WHERE session_id = ?3 AND member_id = ?4 AND version = ?5",
                params![present, reason, session_id, member_id, version],
            )?;
            if n != 1 {
                let exists: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM attendance WHERE session_id = ?1 AND member_id = ?2)",
                    params![session_id, member_id],
                    |r| r.get(0),
                )?;
                return Err(if exists {
                    StoreError::Refused(Refusal::Conflict)
                } else {
                    StoreError::Refused(Refusal::NotFound)
                });
            }
            remember_field(tx, protocol_id, last_field)?;
            Ok(version + 1)
        })
    }

    /// The vote on a decision point (none: not voted), if still at `version`.
    pub fn save_votes(
        &mut self,
        decision_id: i64,
        version: i64,
        votes: Option<Votes>,
        last_field: &str,
    ) -> Result<i64> {
        self.write(|tx| {
            let protocol_id = protocol_of_decision(tx, decision_id)?;
            draft_status(tx, protocol_id)?;
            if let Some(v) = votes {
                let present: i64 = tx.query_row(
                    "SELECT count(*) FROM attendance a JOIN protocol p ON p.session_id = a.session_id
                     WHERE p.id = ?1 AND a.present = 1",
                    [protocol_id],
                    |r| r.get(0),
                )?;
                if !votes_within(v, present) {
                    return Err(StoreError::Refused(Refusal::VotesAbovePresent(
                        v.yes + v.no + v.abstained,
                        present,
                    )));
                }
            }
            change::<Decision>(
                tx,
                decision_id,
                version,
                &["votes_for", "votes_against", "votes_abstained"],
                params![
                    votes.map(|v| v.yes),
                    votes.map(|v| v.no),
                    votes.map(|v| v.abstained)
                ],
            )?;
            remember_field(tx, protocol_id, last_field)?;
            Ok(version + 1)
        })
    }

    pub fn set_short_form(&mut self, id: i64, version: i64, short: bool) -> Result<i64> {
        self.write(|tx| {
            draft_status(tx, id)?;
            let n = tx.execute(
                "UPDATE protocol SET short_form = ?1, version = version + 1
                 WHERE id = ?2 AND version = ?3",
                params![short, id, version],
            )?;
            changed(tx, "protocol", id, n)?;
            Ok(version + 1)
        })
    }

    /// A section not on the agenda ("other business"); returns its id.
    pub fn add_protocol_item(&mut self, protocol_id: i64, title: &str) -> Result<i64> {
        self.write(|tx| {
            draft_status(tx, protocol_id)?;
            let id = insert_item(tx, protocol_id, None, title, "", "")?;
            Ok(id)
        })
    }

    /// Remove a section with its speeches and decision points (none may carry tasks).
    pub fn delete_protocol_item(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let protocol_id = protocol_of_item(tx, id)?;
            draft_status(tx, protocol_id)?;
            let tasks: i64 = tx.query_row(
                "SELECT count(*) FROM task t JOIN decision d ON d.id = t.decision_id
                 WHERE d.protocol_item_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if tasks > 0 {
                return Err(StoreError::Refused(Refusal::InUse));
            }
            tx.execute(
                "DELETE FROM protocol_speech WHERE protocol_item_id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM decision WHERE protocol_item_id = ?1", [id])?;
            delete_checked::<Item>(tx, id, version)?;
            renumber(tx, protocol_id)?;
            Ok(())
        })
    }

    /// Another speaker under SPOKE; returns its id.
    pub fn add_speech(&mut self, item_id: i64) -> Result<i64> {
        self.write(|tx| {
            draft_status(tx, protocol_of_item(tx, item_id)?)?;
            let pos: i64 = tx.query_row(
                "SELECT coalesce(max(position), 0) + 1 FROM protocol_speech
                 WHERE protocol_item_id = ?1",
                [item_id],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO protocol_speech(protocol_item_id, position) VALUES (?1, ?2)",
                params![item_id, pos],
            )?;
            let id = tx.last_insert_rowid();
            Ok(id)
        })
    }

    pub fn delete_speech(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            draft_status(tx, protocol_of(tx, "protocol_speech", id)?)?;
            delete_checked::<Speech>(tx, id, version)?;
            Ok(())
        })
    }

    /// Another decision point of an item, numbered after the others; returns its id.
    pub fn add_decision(&mut self, item_id: i64, text: &str) -> Result<i64> {
        self.write(|tx| {
            let protocol_id = protocol_of_item(tx, item_id)?;
            draft_status(tx, protocol_id)?;
            tx.execute(
                "INSERT INTO decision(protocol_id, protocol_item_id, number, text)
                 VALUES (?1, ?2, '#new', ?3)",
                params![protocol_id, item_id, text],
            )?;
            let id = tx.last_insert_rowid();
            renumber(tx, protocol_id)?;
            Ok(id)
        })
    }

    /// Remove a decision point without tasks; the others are numbered again.
    pub fn delete_decision(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let protocol_id = protocol_of_decision(tx, id)?;
            draft_status(tx, protocol_id)?;
            let tasks: i64 = tx.query_row(
                "SELECT count(*) FROM task WHERE decision_id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if tasks > 0 {
                return Err(StoreError::Refused(Refusal::InUse));
            }
            delete_checked::<Decision>(tx, id, version)?;
            renumber(tx, protocol_id)?;
            Ok(())
        })
    }

    /// Create (id 0) or change a task of a draft's decision point; returns its id. It is a
    /// task like any other at once (the Tasks tab shows it), linked to its point.
    pub fn save_decision_task(&mut self, t: &TaskDraft) -> Result<i64> {
        let text = t.text.trim();
        self.write(|tx| {
            draft_status(tx, protocol_of_decision(tx, t.decision_id)?)?;
            let id = if t.id == 0 {
                tx.execute(
                    "INSERT INTO task(decision_id, text, executor_id, responsible_person,
                                      controller_id, deadline, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        t.decision_id,
                        text,
                        t.executor_id,
                        t.responsible_person.trim(),
                        t.controller_id,
                        t.deadline,
                        now_stamp()
                    ],
                )?;
                tx.last_insert_rowid()
            } else {
                let n = tx.execute(
                    "UPDATE task SET text = ?1, executor_id = ?2, responsible_person = ?3,
                         controller_id = ?4, deadline = ?5, version = version + 1
                     WHERE id = ?6 AND version = ?7 AND decision_id = ?8",
                    params![
                        text,
                        t.executor_id,
                        t.responsible_person.trim(),
                        t.controller_id,
                        t.deadline,
                        t.id,
                        t.version,
                        t.decision_id
                    ],
                )?;
                changed(tx, "task", t.id, n)?;
                tx.execute("DELETE FROM task_co_executor WHERE task_id = ?1", [t.id])?;
                t.id
            };
            for o in t.co_executors.iter().filter(|o| **o != t.executor_id) {
                tx.execute(
                    "INSERT OR IGNORE INTO task_co_executor(task_id, organization_id)
                     VALUES (?1, ?2)",
                    params![id, o],
                )?;
            }
            Ok(id)
        })
    }

    /// Remove a task of a draft's decision point (one nobody reported on yet).
    pub fn delete_decision_task(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let decision: Option<i64> = tx
                .query_row("SELECT decision_id FROM task WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .ok_or(StoreError::Refused(Refusal::NotFound))?;
            let decision = decision.ok_or(StoreError::Refused(Refusal::InUse))?;
            draft_status(tx, protocol_of_decision(tx, decision)?)?;
            tx.execute("DELETE FROM task_co_executor WHERE task_id = ?1", [id])?;
            let n = tx
                .execute(
                    "DELETE FROM task WHERE id = ?1 AND version = ?2",
                    params![id, version],
                )
                .map_err(|e| match &e {
                    rusqlite::Error::SqliteFailure(f, _)
                        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                    {
                        StoreError::Refused(Refusal::InUse)
                    }
                    _ => e.into(),
                })?;
            changed(tx, "task", id, n)?;
            Ok(())
        })
    }
}
