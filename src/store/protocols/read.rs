//! Reading protocols: the whole document, the picker's rows, numbers; opening one.

use super::*;
use crate::store::Refusal;
use crate::store::row::all;

/// Everything a protocol says, read through `conn` (a transaction too).
pub(crate) fn doc_in(conn: &Connection, id: i64) -> Result<ProtocolDoc> {
    let protocol = protocol_in(conn, id)?;
    let session = session_in(conn, protocol.session_id)?;
    let mut st = conn.prepare_cached(
        "SELECT a.member_id, coalesce(a.full_name, m.full_name), m.position, m.role, a.present,
                a.absence_reason, a.version
         FROM attendance a JOIN member m ON m.id = a.member_id
         WHERE a.session_id = ?1
         ORDER BY coalesce(a.full_name, m.full_name) COLLATE ky, a.member_id",
    )?;
    let attendance = st
        .query_map([protocol.session_id], |r| {
            let role: String = r.get(3)?;
            Ok(Attendee {
                member_id: r.get(0)?,
                full_name: r.get(1)?,
                position: r.get(2)?,
                role: Role::from_code(&role).ok_or_else(|| bad(3, "role"))?,
                present: r.get(4)?,
                absence_reason: r.get(5)?,
                version: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let invited: Vec<InvitedPerson> = all(
        conn,
        "WHERE session_id = ?1 ORDER BY full_name COLLATE ky, id",
        [protocol.session_id],
    )?;
    let mut items: Vec<Item> = all(conn, "WHERE protocol_id = ?1 ORDER BY position, id", [id])?;
    let mut tasks = conn.prepare_cached(
        "SELECT t.id, t.decision_id, t.text, t.executor_id, o.name_ky, o.name_ru,
                t.responsible_person, t.controller_id, coalesce(m.full_name, ''), t.deadline,
                t.status, t.version
         FROM task t JOIN organization o ON o.id = t.executor_id
         LEFT JOIN member m ON m.id = t.controller_id
         WHERE t.decision_id = ?1 ORDER BY t.id",
    )?;
    // Every co-executor of the protocol's tasks in one statement (a protocol may give
    // thousands of tasks: one query each was most of a paper's time).
    let mut co_of: std::collections::HashMap<i64, Vec<(i64, String, String)>> =
        std::collections::HashMap::new();
    {
        let mut co = conn.prepare_cached(
            "SELECT c.task_id, o.id, o.name_ky, o.name_ru FROM task_co_executor c
             JOIN organization o ON o.id = c.organization_id
             WHERE c.task_id IN (SELECT t.id FROM decision d
                                   JOIN task t ON t.decision_id = d.id
                                  WHERE d.protocol_id = ?1)
             ORDER BY c.task_id, o.name_ky COLLATE ky",
        )?;
        let rows = co.query_map([id], |r| {
            Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?;
        for row in rows {
            let (task, org) = row?;
            co_of.entry(task).or_default().push(org);
        }
    }
    for item in &mut items {
        item.speeches = all(
            conn,
            "WHERE protocol_item_id = ?1 ORDER BY position, id",
            [item.id],
        )?;
        item.decisions = all(conn, "WHERE protocol_item_id = ?1 ORDER BY id", [item.id])?;
        for d in &mut item.decisions {
            d.tasks = tasks
                .query_map([d.id], |r| {
                    Ok(DecisionTask {
                        id: r.get(0)?,
                        decision_id: r.get(1)?,
                        text: r.get(2)?,
                        executor_id: r.get(3)?,
                        executor_ky: r.get(4)?,
                        executor_ru: r.get(5)?,
                        co_executors: Vec::new(),
                        responsible_person: r.get(6)?,
                        controller_id: r.get(7)?,
                        controller: r.get(8)?,
                        deadline: r.get(9)?,
                        status: r.get(10)?,
                        version: r.get(11)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            for t in &mut d.tasks {
                t.co_executors = co_of.remove(&t.id).unwrap_or_default();
            }
        }
    }
    Ok(ProtocolDoc {
        protocol,
        session,
        attendance,
        invited,
        items,
    })
}

impl Store {
    /// The quorum rule set for the HQ (setting `quorum_rule`; more than half by default).
    pub fn quorum_rule(&self) -> Result<QuorumRule> {
        Ok(self
            .setting("quorum_rule")?
            .and_then(|c| QuorumRule::from_code(&c))
            .unwrap_or_default())
    }

    /// Sessions held or due by `today` (and any that has a protocol), newest first, each
    /// with its protocol; amendments follow their original.
    pub fn protocol_rows(&self, today: NaiveDate) -> Result<Vec<ProtocolRow>> {
        let sessions: Vec<Session> = self
            .conn
            .prepare_cached(&format!(
                "SELECT {} FROM session s
                 WHERE date <= ?1 OR status IN ('held','protocol_signed')
                    OR EXISTS (SELECT 1 FROM protocol p WHERE p.session_id = s.id)
                 ORDER BY date DESC, time DESC, id DESC",
                Session::COLUMNS
            ))?
            .query_map([today], Session::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare_cached(&format!(
            "{PROTOCOL_SELECT} WHERE p.session_id = ?1 ORDER BY p.amends_id IS NOT NULL, p.id"
        ))?;
        let mut rows = Vec::new();
        for session in sessions {
            let protocols: Vec<Protocol> = st
                .query_map([session.id], protocol_from_row)?
                .collect::<rusqlite::Result<_>>()?;
            if protocols.is_empty() {
                rows.push(ProtocolRow {
                    session: session.clone(),
                    protocol: None,
                });
            }
            for p in protocols {
                rows.push(ProtocolRow {
                    session: session.clone(),
                    protocol: Some(p),
                });
            }
        }
        Ok(rows)
    }

    /// The session's original protocol, made when it has none: the header from the session
    /// (date, place, the chair presiding, the secretary), every member serving that day as
    /// present, and a section per agenda item with its speaker as HEARD. The session is
    /// marked held (its agenda no longer changes).
    pub fn open_protocol(&mut self, session_id: i64) -> Result<i64> {
        self.write(|tx| {
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM protocol WHERE session_id = ?1 AND amends_id IS NULL",
                    [session_id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(id) = existing {
                return Ok(id);
            }
            let session = session_in(tx, session_id)?;
            let members: Vec<(i64, String, String, Option<NaiveDate>, NaiveDate)> = tx
                .prepare_cached(
                    "SELECT id, full_name, role, term_to, term_from FROM member WHERE active = 1
                     ORDER BY full_name COLLATE ky",
                )?
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let serving: Vec<&(i64, String, String, Option<NaiveDate>, NaiveDate)> = members
                .iter()
                .filter(|m| m.4 <= session.date && m.3.is_none_or(|to| to >= session.date))
                .collect();
            let named = |role: &str| {
                serving
                    .iter()
                    .find(|m| m.2 == role)
                    .map(|m| m.1.clone())
                    .unwrap_or_default()
            };
            tx.execute(
                "INSERT INTO protocol(session_id, year, date, place, presiding, secretary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    session_id,
                    session.date.year(),
                    session.date,
                    session.place,
                    named("chair"),
                    named("secretary")
                ],
            )?;
            let id = tx.last_insert_rowid();
            for m in &serving {
                tx.execute(
                    "INSERT OR IGNORE INTO attendance(session_id, member_id, present)
                     VALUES (?1, ?2, 1)",
                    params![session_id, m.0],
                )?;
            }
            let agenda: Vec<(i64, String, String)> = tx
                .prepare_cached(
                    "SELECT a.id, a.title,
                            CASE WHEN a.speaker_name <> '' THEN a.speaker_name
                                 ELSE coalesce(m.full_name, '') END
                     FROM agenda_item a LEFT JOIN member m ON m.id = a.speaker_member_id
                     WHERE a.session_id = ?1 ORDER BY a.position, a.id",
                )?
                .query_map([session_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (agenda_id, title, speaker) in &agenda {
                insert_item(tx, id, Some(*agenda_id), title, speaker, "")?;
            }
            if matches!(
                session.status,
                SessionStatus::Planned | SessionStatus::AgendaApproved
            ) {
                tx.execute(
                    "UPDATE session SET status = 'held', version = version + 1 WHERE id = ?1",
                    [session_id],
                )?;
            }
            audit(tx, "open", "protocol", id, &session.label())?;
            Ok(id)
        })
    }

    pub fn protocol(&self, id: i64) -> Result<Protocol> {
        protocol_in(&self.conn, id)
    }

    pub fn protocol_doc(&self, id: i64) -> Result<ProtocolDoc> {
        doc_in(&self.conn, id)
    }

    /// The signed protocol numbered `number` in `year` ("12/2026").
    pub fn protocol_by_number(&self, number: i64, year: i32) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT id FROM protocol WHERE reg_number = ?1 AND year = ?2",
                params![number, year],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))
    }

    /// The newest protocol of a session (an amendment over its original), if any.
    pub fn protocol_of_session(&self, session_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM protocol WHERE session_id = ?1 ORDER BY id DESC LIMIT 1",
                [session_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Recompute a protocol's hash and compare it with the one stored at signing.
    pub fn verify_protocol(&self, id: i64) -> Result<Verification> {
        let doc = doc_in(&self.conn, id)?;
        let computed = sha256_hex(&canonical_text(&doc));
        let stored = doc.protocol.text_hash.clone();
        Ok(Verification {
            intact: stored.as_deref() == Some(computed.as_str()),
            stored,
            computed,
        })
    }
}
