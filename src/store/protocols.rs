//! Protocols: open one (made from the session and its agenda), read it whole, save one field
//! at a time with optimistic locking, add and remove speeches, decision points, items and
//! tasks; sign (number, hash, all in one transaction), amend, verify; the delivery register
//! of extracts.

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::sessions::{SESSION_COLUMNS, session_from_row};
use super::{Result, Store, StoreError, audit, changed, now_stamp};
use crate::domain::protocol::{
    Attendee, Decision, DecisionTask, Delivery, DeliveryWay, Item, Protocol, ProtocolDoc,
    ProtocolStatus, QuorumRule, Speech, Votes, canonical_text, decision_number, sha256_hex,
};
use crate::domain::session::{InvitedPerson, Session, SessionStatus};
use crate::domain::{Role, text::fold};

/// The words every trigger guarding a signed protocol begins its refusal with.
pub const SIGNED_MESSAGE: &str = "the protocol is signed";

/// Triggers named so are the guards of signed protocols (suspended only by the import).
const GUARD_PREFIX: &str = "signed_";

pub(crate) fn is_signed_refusal(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.starts_with(SIGNED_MESSAGE))
}

/// Drop the guard triggers for the import's wholesale replace; returns what recreates them.
pub(crate) fn suspend_guards(tx: &Transaction) -> Result<Vec<String>> {
    let mut st = tx.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?1 || '%'",
    )?;
    let guards: Vec<(String, String)> = st
        .query_map([GUARD_PREFIX], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (name, _) in &guards {
        tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(guards.into_iter().map(|g| g.1).collect())
}

pub(crate) fn restore_guards(tx: &Transaction, sqls: &[String]) -> Result<()> {
    for sql in sqls {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// A session in the Protocol tab's picker, with its protocol if it has one (an amendment
/// comes as a row of its own after the original).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolRow {
    pub session: Session,
    pub protocol: Option<Protocol>,
}

/// What `shtab protocol verify` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub stored: Option<String>,
    pub computed: String,
    pub intact: bool,
}

/// A text field of a protocol the editor saves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Place,
    Presiding,
    Secretary,
    ItemTitle,
    HeardSpeaker,
    HeardSummary,
    SpeechSpeaker,
    SpeechSummary,
    DecisionText,
}

impl TextField {
    /// (table, column); the table's `id` and `version` address the row.
    fn column(self) -> (&'static str, &'static str) {
        match self {
            TextField::Place => ("protocol", "place"),
            TextField::Presiding => ("protocol", "presiding"),
            TextField::Secretary => ("protocol", "secretary"),
            TextField::ItemTitle => ("protocol_item", "title"),
            TextField::HeardSpeaker => ("protocol_item", "heard_speaker"),
            TextField::HeardSummary => ("protocol_item", "heard_summary"),
            TextField::SpeechSpeaker => ("protocol_speech", "speaker"),
            TextField::SpeechSummary => ("protocol_speech", "summary"),
            TextField::DecisionText => ("decision", "text"),
        }
    }
}

/// A task to create (id 0) or change, given by a decision point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDraft {
    pub id: i64,
    pub decision_id: i64,
    pub text: String,
    pub executor_id: i64,
    pub co_executors: Vec<i64>,
    pub responsible_person: String,
    pub controller_id: Option<i64>,
    pub deadline: NaiveDate,
    pub version: i64,
}

const PROTOCOL_SELECT: &str = "SELECT p.id, p.session_id, p.year, p.reg_number, p.status,
        p.short_form, coalesce(p.date, s.date), coalesce(p.place, s.place), p.presiding,
        p.secretary, p.signed_at, p.signed_by, p.text_hash, p.amends_id,
        (SELECT a.reg_number || '/' || a.year FROM protocol a WHERE a.id = p.amends_id),
        p.last_field, p.version
    FROM protocol p JOIN session s ON s.id = p.session_id";

fn bad(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        format!("unknown {what}").into(),
    )
}

fn protocol_from_row(r: &Row) -> rusqlite::Result<Protocol> {
    let status: String = r.get(4)?;
    Ok(Protocol {
        id: r.get(0)?,
        session_id: r.get(1)?,
        year: r.get(2)?,
        reg_number: r.get(3)?,
        status: ProtocolStatus::from_code(&status).ok_or_else(|| bad(4, "protocol status"))?,
        short_form: r.get(5)?,
        date: r.get(6)?,
        place: r.get(7)?,
        presiding: r.get(8)?,
        secretary: r.get(9)?,
        signed_at: r.get(10)?,
        signed_by: r.get(11)?,
        text_hash: r.get(12)?,
        amends_id: r.get(13)?,
        amends_label: r.get(14)?,
        last_field: r.get(15)?,
        version: r.get(16)?,
    })
}

fn protocol_in(conn: &Connection, id: i64) -> Result<Protocol> {
    conn.query_row(
        &format!("{PROTOCOL_SELECT} WHERE p.id = ?1"),
        [id],
        protocol_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn session_in(conn: &Connection, id: i64) -> Result<Session> {
    conn.query_row(
        &format!("SELECT {SESSION_COLUMNS} FROM session WHERE id = ?1"),
        [id],
        session_from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

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
    let mut st = conn.prepare_cached(
        "SELECT id, session_id, full_name, position, organization_id, version
         FROM invited_person WHERE session_id = ?1 ORDER BY full_name COLLATE ky, id",
    )?;
    let invited = st
        .query_map([protocol.session_id], |r| {
            Ok(InvitedPerson {
                id: r.get(0)?,
                session_id: r.get(1)?,
                full_name: r.get(2)?,
                position: r.get(3)?,
                organization_id: r.get(4)?,
                version: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut st = conn.prepare_cached(
        "SELECT id, agenda_item_id, position, title, heard_speaker, heard_summary, version
         FROM protocol_item WHERE protocol_id = ?1 ORDER BY position, id",
    )?;
    let mut items = st
        .query_map([id], |r| {
            Ok(Item {
                id: r.get(0)?,
                agenda_item_id: r.get(1)?,
                position: r.get(2)?,
                title: r.get(3)?,
                heard_speaker: r.get(4)?,
                heard_summary: r.get(5)?,
                speeches: Vec::new(),
                decisions: Vec::new(),
                version: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut speeches = conn.prepare_cached(
        "SELECT id, protocol_item_id, position, speaker, summary, version
         FROM protocol_speech WHERE protocol_item_id = ?1 ORDER BY position, id",
    )?;
    let mut decisions = conn.prepare_cached(
        "SELECT id, protocol_item_id, number, text, votes_for, votes_against, votes_abstained,
                version
         FROM decision WHERE protocol_item_id = ?1 ORDER BY id",
    )?;
    let mut tasks = conn.prepare_cached(
        "SELECT t.id, t.decision_id, t.text, t.executor_id, o.name_ky, o.name_ru,
                t.responsible_person, t.controller_id, coalesce(m.full_name, ''), t.deadline,
                t.status, t.version
         FROM task t JOIN organization o ON o.id = t.executor_id
         LEFT JOIN member m ON m.id = t.controller_id
         WHERE t.decision_id = ?1 ORDER BY t.id",
    )?;
    let mut co = conn.prepare_cached(
        "SELECT o.id, o.name_ky, o.name_ru FROM task_co_executor c
         JOIN organization o ON o.id = c.organization_id
         WHERE c.task_id = ?1 ORDER BY o.name_ky COLLATE ky",
    )?;
    for item in &mut items {
        item.speeches = speeches
            .query_map([item.id], |r| {
                Ok(Speech {
                    id: r.get(0)?,
                    item_id: r.get(1)?,
                    position: r.get(2)?,
                    speaker: r.get(3)?,
                    summary: r.get(4)?,
                    version: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        item.decisions = decisions
            .query_map([item.id], |r| {
                let votes = match (
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, Option<i64>>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                ) {
                    (Some(yes), Some(no), Some(abstained)) => Some(Votes { yes, no, abstained }),
                    _ => None,
                };
                Ok(Decision {
                    id: r.get(0)?,
                    item_id: r.get(1)?,
                    number: r.get(2)?,
                    text: r.get(3)?,
                    votes,
                    tasks: Vec::new(),
                    version: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
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
                t.co_executors = co
                    .query_map([t.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?;
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

/// The protocol `id` as a draft, or the refusal: a signed one cannot change.
fn draft_status(tx: &Connection, id: i64) -> Result<()> {
    let status: Option<String> = tx
        .query_row("SELECT status FROM protocol WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match status.as_deref() {
        None => Err(StoreError::NotFound),
        Some("draft") => Ok(()),
        Some(_) => Err(StoreError::Signed),
    }
}

fn protocol_of_item(tx: &Connection, item_id: i64) -> Result<i64> {
    tx.query_row(
        "SELECT protocol_id FROM protocol_item WHERE id = ?1",
        [item_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

fn protocol_of_decision(tx: &Connection, decision_id: i64) -> Result<i64> {
    tx.query_row(
        "SELECT protocol_id FROM decision WHERE id = ?1",
        [decision_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::NotFound)
}

/// Where a row of `table` belongs: its protocol.
fn protocol_of(tx: &Connection, table: &str, id: i64) -> Result<i64> {
    match table {
        "protocol" => Ok(id),
        "protocol_item" => protocol_of_item(tx, id),
        "decision" => protocol_of_decision(tx, id),
        _ => tx
            .query_row(
                "SELECT i.protocol_id FROM protocol_speech s
                 JOIN protocol_item i ON i.id = s.protocol_item_id WHERE s.id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::NotFound),
    }
}

/// After a change of items or decisions: positions 1, 2, … and decision numbers 1.1, 1.2 …
fn renumber(tx: &Transaction, protocol_id: i64) -> Result<()> {
    let items: Vec<i64> = tx
        .prepare_cached(
            "SELECT id FROM protocol_item WHERE protocol_id = ?1 ORDER BY position, id",
        )?
        .query_map([protocol_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Numbers are unique per protocol: move them out of the way first.
    tx.execute(
        "UPDATE decision SET number = '#' || id WHERE protocol_id = ?1",
        [protocol_id],
    )?;
    for (i, item) in items.iter().enumerate() {
        let pos = i as i64 + 1;
        tx.execute(
            "UPDATE protocol_item SET position = ?1 WHERE id = ?2 AND position <> ?1",
            params![pos, item],
        )?;
        let ds: Vec<i64> = tx
            .prepare_cached("SELECT id FROM decision WHERE protocol_item_id = ?1 ORDER BY id")?
            .query_map([item], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for (k, d) in ds.iter().enumerate() {
            tx.execute(
                "UPDATE decision SET number = ?1 WHERE id = ?2",
                params![decision_number(pos, k + 1), d],
            )?;
        }
    }
    Ok(())
}

fn remember_field(tx: &Connection, protocol_id: i64, field: &str) -> Result<()> {
    if !field.is_empty() {
        tx.execute(
            "UPDATE protocol SET last_field = ?1 WHERE id = ?2 AND status = 'draft'",
            params![field, protocol_id],
        )?;
    }
    Ok(())
}

/// Sign protocol `id` inside `tx`: snapshot the names and the header, number it (or use
/// `reg`), hash its canonical text and mark it signed, and the session with it.
/// Returns (number, year, hash). Shared by the editor and the demo generator.
pub(crate) fn sign_in(
    tx: &Transaction,
    id: i64,
    signed_by: &str,
    signed_at: &str,
    reg: Option<i64>,
) -> Result<(i64, i32, String)> {
    draft_status(tx, id)?;
    let session_id: i64 =
        tx.query_row("SELECT session_id FROM protocol WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    let session_signed: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM protocol WHERE session_id = ?1 AND status = 'signed')",
        [session_id],
        |r| r.get(0),
    )?;
    if !session_signed {
        tx.execute(
            "UPDATE attendance SET full_name =
                 (SELECT full_name FROM member WHERE member.id = attendance.member_id)
             WHERE session_id = ?1 AND full_name IS NULL",
            [session_id],
        )?;
    }
    tx.execute(
        "UPDATE protocol SET
             date = coalesce(date, (SELECT date FROM session WHERE id = session_id)),
             place = coalesce(place, (SELECT place FROM session WHERE id = session_id))
         WHERE id = ?1",
        [id],
    )?;
    let mut doc = doc_in(tx, id)?;
    let year = doc.protocol.date.year();
    let reg = match reg {
        Some(n) => n,
        None => tx.query_row(
            "SELECT coalesce(max(reg_number), 0) + 1 FROM protocol WHERE year = ?1",
            [year],
            |r| r.get(0),
        )?,
    };
    doc.protocol.year = year;
    doc.protocol.reg_number = Some(reg);
    doc.protocol.signed_by = signed_by.to_string();
    doc.protocol.signed_at = Some(signed_at.to_string());
    let hash = sha256_hex(&canonical_text(&doc));
    let n = tx.execute(
        "UPDATE protocol SET status = 'signed', year = ?1, reg_number = ?2, signed_at = ?3,
             signed_by = ?4, text_hash = ?5, version = version + 1
         WHERE id = ?6 AND status = 'draft'",
        params![year, reg, signed_at, signed_by, hash, id],
    )?;
    changed(tx, "protocol", id, n)?;
    tx.execute(
        "UPDATE session SET status = ?1, version = version + 1 WHERE id = ?2",
        params![SessionStatus::ProtocolSigned.code(), session_id],
    )?;
    Ok((reg, year, hash))
}

fn insert_item(
    tx: &Transaction,
    protocol_id: i64,
    agenda_item_id: Option<i64>,
    title: &str,
    heard_speaker: &str,
    heard_summary: &str,
) -> Result<i64> {
    let pos: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM protocol_item WHERE protocol_id = ?1",
        [protocol_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO protocol_item(protocol_id, agenda_item_id, position, title, heard_speaker,
                                   heard_summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            protocol_id,
            agenda_item_id,
            pos,
            title,
            heard_speaker,
            heard_summary
        ],
    )?;
    Ok(tx.last_insert_rowid())
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
                "SELECT {SESSION_COLUMNS} FROM session s
                 WHERE date <= ?1 OR status IN ('held','protocol_signed')
                    OR EXISTS (SELECT 1 FROM protocol p WHERE p.session_id = s.id)
                 ORDER BY date DESC, time DESC, id DESC"
            ))?
            .query_map([today], session_from_row)?
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

    /// The number the next protocol signed in `year` gets.
    pub fn next_protocol_number(&self, year: i32) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(reg_number), 0) + 1 FROM protocol WHERE year = ?1",
            [year],
            |r| r.get(0),
        )?)
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
            .ok_or(StoreError::NotFound)
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
                    StoreError::Conflict
                } else {
                    StoreError::NotFound
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
            let n = tx.execute(
                "UPDATE decision SET votes_for = ?1, votes_against = ?2, votes_abstained = ?3,
                     version = version + 1
                 WHERE id = ?4 AND version = ?5",
                params![
                    votes.map(|v| v.yes),
                    votes.map(|v| v.no),
                    votes.map(|v| v.abstained),
                    decision_id,
                    version
                ],
            )?;
            changed(tx, "decision", decision_id, n)?;
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
                return Err(StoreError::InUse);
            }
            tx.execute(
                "DELETE FROM protocol_speech WHERE protocol_item_id = ?1",
                [id],
            )?;
            tx.execute("DELETE FROM decision WHERE protocol_item_id = ?1", [id])?;
            let n = tx.execute(
                "DELETE FROM protocol_item WHERE id = ?1 AND version = ?2",
                params![id, version],
            )?;
            changed(tx, "protocol_item", id, n)?;
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
            let n = tx.execute(
                "DELETE FROM protocol_speech WHERE id = ?1 AND version = ?2",
                params![id, version],
            )?;
            changed(tx, "protocol_speech", id, n)?;
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
                return Err(StoreError::InUse);
            }
            let n = tx.execute(
                "DELETE FROM decision WHERE id = ?1 AND version = ?2",
                params![id, version],
            )?;
            changed(tx, "decision", id, n)?;
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
                                      controller_id, deadline, created_at, search)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        t.decision_id,
                        text,
                        t.executor_id,
                        t.responsible_person.trim(),
                        t.controller_id,
                        t.deadline,
                        now_stamp(),
                        fold(text)
                    ],
                )?;
                tx.last_insert_rowid()
            } else {
                let n = tx.execute(
                    "UPDATE task SET text = ?1, executor_id = ?2, responsible_person = ?3,
                         controller_id = ?4, deadline = ?5, search = ?6, version = version + 1
                     WHERE id = ?7 AND version = ?8 AND decision_id = ?9",
                    params![
                        text,
                        t.executor_id,
                        t.responsible_person.trim(),
                        t.controller_id,
                        t.deadline,
                        fold(text),
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
                .ok_or(StoreError::NotFound)?;
            let decision = decision.ok_or(StoreError::InUse)?;
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
                        StoreError::InUse
                    }
                    _ => e.into(),
                })?;
            changed(tx, "task", id, n)?;
            Ok(())
        })
    }

    /// Sign a draft as `signed_by`: refused as a conflict unless its text is still the one the
    /// signer saw (`seen`, the SHA-256 of its canonical text as a draft). Returns
    /// (number, year).
    pub fn sign_protocol(&mut self, id: i64, seen: &str, signed_by: &str) -> Result<(i64, i32)> {
        self.write(|tx| {
            draft_status(tx, id)?;
            let now = sha256_hex(&canonical_text(&doc_in(tx, id)?));
            if now != seen {
                return Err(StoreError::Conflict);
            }
            let (n, year, hash) = sign_in(tx, id, signed_by, &now_stamp(), None)?;
            audit(
                tx,
                "sign",
                "protocol",
                id,
                &format!("{n}/{year} sha256:{hash}"),
            )?;
            Ok((n, year))
        })
    }

    /// An amendment of a signed protocol: a new draft linked to it, made from its text (its
    /// tasks stay with the original). An amendment already in draft is returned instead.
    pub fn amend_protocol(&mut self, id: i64, today: NaiveDate) -> Result<i64> {
        self.write(|tx| {
            let original = doc_in(tx, id)?;
            if !original.protocol.is_signed() {
                return Err(StoreError::NotFound);
            }
            let open: Option<i64> = tx
                .query_row(
                    "SELECT id FROM protocol WHERE amends_id = ?1 AND status = 'draft'",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(open) = open {
                return Ok(open);
            }
            let p = &original.protocol;
            tx.execute(
                "INSERT INTO protocol(session_id, year, short_form, date, place, presiding,
                                      secretary, amends_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    p.session_id,
                    today.year(),
                    p.short_form,
                    today,
                    p.place,
                    p.presiding,
                    p.secretary,
                    id
                ],
            )?;
            let new = tx.last_insert_rowid();
            for item in &original.items {
                let item_id = insert_item(
                    tx,
                    new,
                    item.agenda_item_id,
                    &item.title,
                    &item.heard_speaker,
                    &item.heard_summary,
                )?;
                for s in &item.speeches {
                    tx.execute(
                        "INSERT INTO protocol_speech(protocol_item_id, position, speaker, summary)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![item_id, s.position, s.speaker, s.summary],
                    )?;
                }
                for d in &item.decisions {
                    tx.execute(
                        "INSERT INTO decision(protocol_id, protocol_item_id, number, text,
                                              votes_for, votes_against, votes_abstained)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![
                            new,
                            item_id,
                            d.number,
                            d.text,
                            d.votes.map(|v| v.yes),
                            d.votes.map(|v| v.no),
                            d.votes.map(|v| v.abstained)
                        ],
                    )?;
                }
            }
            audit(tx, "amend", "protocol", new, &p.label().unwrap_or_default())?;
            Ok(new)
        })
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

    /// The delivery register of a protocol's extracts, in date order.
    pub fn deliveries(&self, protocol_id: i64) -> Result<Vec<Delivery>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, protocol_id, organization_id, delivered_on, way, received_by, doc_number,
                    version
             FROM extract_delivery WHERE protocol_id = ?1 ORDER BY delivered_on, id",
        )?;
        let rows = st.query_map([protocol_id], |r| {
            let way: String = r.get(4)?;
            Ok(Delivery {
                id: r.get(0)?,
                protocol_id: r.get(1)?,
                organization_id: r.get(2)?,
                delivered_on: r.get(3)?,
                way: DeliveryWay::from_code(&way).ok_or_else(|| bad(4, "way"))?,
                received_by: r.get(5)?,
                doc_number: r.get(6)?,
                version: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record that an extract of a signed protocol was delivered; returns the line's id.
    pub fn record_delivery(&mut self, d: &Delivery) -> Result<i64> {
        self.write(|tx| {
            let status: Option<String> = tx
                .query_row(
                    "SELECT status FROM protocol WHERE id = ?1",
                    [d.protocol_id],
                    |r| r.get(0),
                )
                .optional()?;
            match status.as_deref() {
                Some("signed") => {}
                Some(_) => return Err(StoreError::NotFound),
                None => return Err(StoreError::NotFound),
            }
            tx.execute(
                "INSERT INTO extract_delivery(protocol_id, organization_id, delivered_on, way,
                                              received_by, doc_number, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    d.protocol_id,
                    d.organization_id,
                    d.delivered_on,
                    d.way.code(),
                    d.received_by.trim(),
                    d.doc_number.trim(),
                    now_stamp(),
                    super::current_user()
                ],
            )?;
            let id = tx.last_insert_rowid();
            Ok(id)
        })
    }

    pub fn delete_delivery(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM extract_delivery WHERE id = ?1 AND version = ?2",
                params![id, version],
            )?;
            changed(tx, "extract_delivery", id, n)?;
            Ok(())
        })
    }

    /// Extracts of signed protocols not delivered yet: (protocol id, its label, organization id).
    pub fn undelivered_extracts(&self) -> Result<Vec<(i64, String, i64)>> {
        let mut st = self.conn.prepare_cached(
            // Driven from the signed protocols through their decisions to their tasks (by
            // index, in this order: CROSS JOIN fixes it), never by scanning every task.
            "SELECT p.id, p.reg_number || '/' || p.year, t.executor_id, p.year, p.reg_number
             FROM protocol p
             CROSS JOIN decision d ON d.protocol_id = p.id
             CROSS JOIN task t INDEXED BY task_decision ON t.decision_id = d.id
             WHERE p.status = 'signed'
               AND NOT EXISTS (SELECT 1 FROM extract_delivery e
                               WHERE e.protocol_id = p.id AND e.organization_id = t.executor_id)
             UNION
             SELECT p.id, p.reg_number || '/' || p.year, c.organization_id, p.year, p.reg_number
             FROM protocol p
             CROSS JOIN decision d ON d.protocol_id = p.id
             CROSS JOIN task t INDEXED BY task_decision ON t.decision_id = d.id
             CROSS JOIN task_co_executor c ON c.task_id = t.id
             WHERE p.status = 'signed'
               AND NOT EXISTS (SELECT 1 FROM extract_delivery e
                               WHERE e.protocol_id = p.id AND e.organization_id = c.organization_id)
             ORDER BY 4, 5, 3",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    use rusqlite::Connection;
    use rusqlite_migration::{M, Migrations};

    use super::super::{MIGRATIONS, audit, migrations, register_collation};

    fn connection() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        register_collation(&conn).unwrap();
        audit::register(&conn, Arc::new(AtomicBool::new(true))).unwrap();
        conn
    }

    fn migrate(conn: &mut Connection, m: Migrations) {
        conn.execute_batch("PRAGMA foreign_keys=OFF").unwrap();
        m.to_latest(conn).unwrap();
        conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
        audit::ensure_triggers(conn).unwrap();
    }

    /// A database made before the protocol migration (with its audit triggers and a signed protocol) takes the
    /// migration: the protocol table is made anew with every row and link kept.
    #[test]
    fn upgrading_a_database_made_before_the_protocol_migration_keeps_its_protocols() {
        let mut conn = connection();
        let at = MIGRATIONS
            .iter()
            .position(|m| m.contains("protocol_new"))
            .expect("the protocol migration");
        let before: Vec<M> = MIGRATIONS[..at].iter().map(|s| M::up(s)).collect();
        migrate(&mut conn, Migrations::new(before));
        conn.execute_batch(
            "INSERT INTO organization(id, name_ky, kind) VALUES (1, 'Мектеп', 'school');
             INSERT INTO member(id, full_name, role, term_from)
                 VALUES (1, 'Жумабаев Бакыт', 'chair', '2020-01-01'),
                        (2, 'Асанова Гүлмира', 'secretary', '2020-01-01');
             INSERT INTO session(id, year, number, kind, date, place, status)
                 VALUES (1, 2026, 3, 'regular', '2026-03-19', 'Мэрия', 'protocol_signed');
             INSERT INTO protocol(id, session_id, year, reg_number, status, signed_at,
                                  signed_by, text_hash)
                 VALUES (1, 1, 2026, 2, 'signed', '2026-03-20T10:00:00', 'Жумабаев Б.', 'x');
             INSERT INTO protocol_item(id, protocol_id, position, title)
                 VALUES (1, 1, 1, 'Интернет');
             INSERT INTO decision(id, protocol_id, protocol_item_id, number, text)
                 VALUES (1, 1, 1, '1.1', 'Туташтырылсын');
             INSERT INTO task(id, decision_id, text, executor_id, deadline, created_at)
                 VALUES (1, 1, 'Туташтыруу', 1, '2026-12-30', '2026-03-20T11:00:00');",
        )
        .unwrap();
        migrate(&mut conn, migrations());
        let row: (i64, String, String, String, String, i64, String) = conn
            .query_row(
                "SELECT reg_number, status, date, place, presiding, version, secretary
                 FROM protocol WHERE id = 1",
                [],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            row,
            (
                2,
                "signed".into(),
                "2026-03-19".into(),
                "Мэрия".into(),
                "Жумабаев Бакыт".into(),
                1,
                "Асанова Гүлмира".into()
            )
        );
        let fk: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);
        let decided: String = conn
            .query_row(
                "SELECT d.text FROM task t JOIN decision d ON d.id = t.decision_id
                 JOIN protocol p ON p.id = d.protocol_id WHERE t.id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(decided, "Туташтырылсын");
        // The signed one is guarded now, and audited again.
        let e = conn
            .execute("UPDATE protocol SET place = 'x' WHERE id = 1", [])
            .unwrap_err();
        assert!(super::is_signed_refusal(&e), "{e}");
        for kind in ["ins", "upd", "del"] {
            let audited: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
                     AND tbl_name = 'protocol' AND name GLOB 'audit_protocol_' || ?1 || '_*'",
                    [kind],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(audited, 1, "{kind}");
        }
        // An amendment of the same session fits; a second original does not.
        conn.execute(
            "INSERT INTO protocol(session_id, year, amends_id) VALUES (1, 2026, 1)",
            [],
        )
        .unwrap();
        assert!(
            conn.execute(
                "INSERT INTO protocol(session_id, year) VALUES (1, 2026)",
                []
            )
            .is_err()
        );
    }
}
