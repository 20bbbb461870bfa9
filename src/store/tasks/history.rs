//! One task and its history: given, reports, extensions, escalations, reassignments, closing.

use crate::store::Refusal;
use rusqlite::OptionalExtension;

use super::{ChangeRow, Event, HistoryEntry, OrgName, ROW_SELECT, TaskDetail, TaskRow, row_from};
use crate::domain::work::{EscalationStep, TaskStatus};
use crate::store::{Result, Store, StoreError};

impl Store {
    pub fn task(&self, id: i64) -> Result<TaskRow> {
        self.conn
            .query_row(&format!("{ROW_SELECT} WHERE t.id = ?1"), [id], row_from)
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))
    }

    /// A task with its full history, oldest first.
    pub fn task_detail(&self, id: i64) -> Result<TaskDetail> {
        let row = self.task(id)?;
        let (responsible_person, cancel_reason): (String, String) = self.conn.query_row(
            "SELECT responsible_person, cancel_reason FROM task WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut history = Vec::new();
        let audits: Vec<(String, String, String, String)> = {
            let mut st = self.conn.prepare_cached(
                "SELECT at, user, action, detail FROM audit_log
                  WHERE entity = 'task' AND entity_id = ?1 ORDER BY id",
            )?;
            st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let created_by = audits
            .iter()
            .find(|a| a.2 == "create")
            .map_or(String::new(), |a| a.1.clone());
        history.push(HistoryEntry {
            at: row.created_at.clone(),
            who: created_by,
            event: Event::Created,
        });
        let mut st = self.conn.prepare_cached(
            "SELECT report_date, is_final, doc_number, text, created_at, created_by
               FROM execution_report WHERE task_id = ?1 ORDER BY created_at, id",
        )?;
        for r in st.query_map([id], |r| {
            Ok(HistoryEntry {
                at: r.get(4)?,
                who: r.get(5)?,
                event: Event::Report {
                    date: r.get(0)?,
                    is_final: r.get(1)?,
                    doc_number: r.get(2)?,
                    text: r.get(3)?,
                },
            })
        })? {
            history.push(r?);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT old_deadline, new_deadline, reason, requested_at, decided_at, decided_by,
                    status, id
               FROM deadline_change WHERE task_id = ?1 ORDER BY requested_at, id",
        )?;
        let changes: Vec<ChangeRow> = st
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (old, new, reason, asked, decided, by, status, change_id) in changes {
            let asked_by = audits
                .iter()
                .find(|a| a.2 == "request extension" && a.3 == change_id.to_string())
                .map_or(String::new(), |a| a.1.clone());
            history.push(HistoryEntry {
                at: asked,
                who: asked_by,
                event: Event::ExtensionRequested { old, new, reason },
            });
            if let Some(at) = decided {
                history.push(HistoryEntry {
                    at,
                    who: by,
                    event: Event::ExtensionDecided {
                        granted: status == "granted",
                        new,
                    },
                });
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT date, step, doc_number, note, decided_by FROM escalation
              WHERE task_id = ?1 ORDER BY date, id",
        )?;
        let escalations: Vec<(String, String, String, String, String)> = st
            .query_map([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (at, step, doc_number, note, who) in escalations {
            if let Some(step) = EscalationStep::ALL.into_iter().find(|s| s.code() == step) {
                history.push(HistoryEntry {
                    at,
                    who,
                    event: Event::Escalation {
                        step,
                        doc_number,
                        note,
                    },
                });
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT c.changed_at, c.changed_by, c.reason,
                    a.id, a.name_ky, a.name_ru, b.id, b.name_ky, b.name_ru
               FROM executor_change c
               JOIN organization a ON a.id = c.old_executor
               JOIN organization b ON b.id = c.new_executor
              WHERE c.task_id = ?1 ORDER BY c.changed_at, c.id",
        )?;
        for r in st.query_map([id], |r| {
            Ok(HistoryEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                event: Event::Reassigned {
                    reason: r.get(2)?,
                    from: OrgName {
                        id: r.get(3)?,
                        ky: r.get(4)?,
                        ru: r.get(5)?,
                    },
                    to: OrgName {
                        id: r.get(6)?,
                        ky: r.get(7)?,
                        ru: r.get(8)?,
                    },
                },
            })
        })? {
            history.push(r?);
        }
        // Closing: from the audit when recorded here, else from the task itself.
        let closing = audits.iter().find(|a| a.2 == "close" || a.2 == "cancel");
        if let Some(closed_at) = &row.closed_at {
            let who = closing.map_or(String::new(), |a| a.1.clone());
            let at = closing.map_or(closed_at.clone(), |a| a.0.clone());
            let event = if row.status == TaskStatus::Cancelled {
                Event::Cancelled(cancel_reason.clone())
            } else {
                Event::Closed(row.status)
            };
            if !row.status.is_open() {
                history.push(HistoryEntry { at, who, event });
            }
        }
        history.sort_by(|a, b| a.at.cmp(&b.at));
        Ok(TaskDetail {
            row,
            responsible_person,
            cancel_reason,
            history,
        })
    }
}
