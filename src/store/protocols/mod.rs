//! Protocols: open one (made from the session and its agenda), read it whole, save one field
//! at a time with optimistic locking, add and remove speeches, decision points, items and
//! tasks; sign (number, hash, all in one transaction), amend, verify; the delivery register
//! of extracts.

mod delivery;
mod edit;
mod read;
mod rows;
mod sign;
#[cfg(test)]
mod tests;

pub(crate) use read::doc_in;
pub(crate) use sign::sign_in;

use crate::store::Refusal;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use crate::domain::Role;
use crate::domain::protocol::{
    Attendee, Decision, DecisionTask, Delivery, Item, Protocol, ProtocolDoc, ProtocolStatus,
    QuorumRule, Speech, Votes, canonical_text, decision_number, protocol_number, sha256_hex,
};
use crate::domain::session::{InvitedPerson, Session, SessionStatus};
use crate::store::row::{Record, by_id};
use crate::store::{Result, Store, StoreError, audit, changed, now_stamp};

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
    .ok_or(StoreError::Refused(Refusal::NotFound))
}

fn session_in(conn: &Connection, id: i64) -> Result<Session> {
    by_id(conn, id)
}

/// The protocol `id` as a draft, or the refusal: a signed one cannot change.
fn draft_status(tx: &Connection, id: i64) -> Result<()> {
    let status: Option<String> = tx
        .query_row("SELECT status FROM protocol WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match status.as_deref() {
        None => Err(StoreError::Refused(Refusal::NotFound)),
        Some("draft") => Ok(()),
        Some(_) => Err(StoreError::Refused(Refusal::Signed)),
    }
}

fn protocol_of_item(tx: &Connection, item_id: i64) -> Result<i64> {
    tx.query_row(
        "SELECT protocol_id FROM protocol_item WHERE id = ?1",
        [item_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::Refused(Refusal::NotFound))
}

fn protocol_of_decision(tx: &Connection, decision_id: i64) -> Result<i64> {
    tx.query_row(
        "SELECT protocol_id FROM decision WHERE id = ?1",
        [decision_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(StoreError::Refused(Refusal::NotFound))
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
            .ok_or(StoreError::Refused(Refusal::NotFound)),
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
