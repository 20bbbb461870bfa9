//! Signing (number, hash, one transaction) and amending.

use super::*;
use crate::store::Refusal;

/// Sign protocol `id` inside `tx`: snapshot the names and the header, number it (or use
/// `reg`), hash its canonical text and mark it signed, and the session with it.
/// Returns (number, year, hash). Shared by the editor and the demo generator.
/// The number protocol `id` gets when signed, and its year: the number of its session (so
/// numbers follow the sessions of the year, whatever order they are signed in); an amendment,
/// or an original whose number was taken under the old signing-order rule, gets the next
/// number after every protocol and session of the year (see README, "Protocol numbers").
pub(crate) fn number_in(conn: &Connection, id: i64) -> Result<(i64, i32)> {
    let (session_number, session_year, amends, date): (i64, i32, Option<i64>, NaiveDate) = conn
        .query_row(
            "SELECT s.number, s.year, p.amends_id, coalesce(p.date, s.date)
             FROM protocol p JOIN session s ON s.id = p.session_id WHERE p.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or(StoreError::Refused(Refusal::NotFound))?;
    let year = date.year();
    let taken: Vec<i64> = conn
        .prepare_cached(
            "SELECT reg_number FROM protocol WHERE year = ?1 AND reg_number IS NOT NULL AND id <> ?2",
        )?
        .query_map(params![year, id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let last_session: i64 = conn.query_row(
        "SELECT max(coalesce((SELECT last_number FROM session_number WHERE year = ?1), 0),
                    coalesce((SELECT max(number) FROM session WHERE year = ?1), 0))",
        [year],
        |r| r.get(0),
    )?;
    let own = (amends.is_none() && session_year == year).then_some(session_number);
    Ok((protocol_number(own, &taken, last_session), year))
}

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
        None => number_in(tx, id)?.0,
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

impl Store {
    /// The number protocol `id` would get if signed now, with its year.
    pub fn protocol_number_at_signing(&self, id: i64) -> Result<(i64, i32)> {
        number_in(&self.conn, id)
    }

    /// Sign a draft as `signed_by`: refused as a conflict unless its text is still the one the
    /// signer saw (`seen`, the SHA-256 of its canonical text as a draft). Returns
    /// (number, year).
    pub fn sign_protocol(&mut self, id: i64, seen: &str, signed_by: &str) -> Result<(i64, i32)> {
        self.write(|tx| {
            draft_status(tx, id)?;
            let now = sha256_hex(&canonical_text(&doc_in(tx, id)?));
            if now != seen {
                return Err(StoreError::Refused(Refusal::Conflict));
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
                return Err(StoreError::Refused(Refusal::NotFound));
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
}
