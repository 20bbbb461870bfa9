//! What the mail server accepted: the delivery register's e-mail lines and the log of sent
//! messages with their Message-IDs. Only accepted messages are written here.

use crate::store::Refusal;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, audit, now_stamp};

/// One accepted message, as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    pub kind: String,
    pub organization_id: i64,
    pub protocol_id: Option<i64>,
    pub letter_number: Option<String>,
    pub address: String,
    pub message_id: String,
    pub sent_at: String,
}

impl Store {
    /// Record an extract the server accepted: the register's line (way e-mail, to `address`,
    /// on `on`) and the message's log line, in one transaction. The protocol must be signed.
    pub fn record_extract_email(
        &mut self,
        protocol_id: i64,
        organization_id: i64,
        address: &str,
        message_id: &str,
        on: NaiveDate,
    ) -> Result<i64> {
        let now = now_stamp();
        let user = super::current_user();
        self.write(|tx| {
            let status: Option<String> = tx
                .query_row(
                    "SELECT status FROM protocol WHERE id = ?1",
                    [protocol_id],
                    |r| r.get(0),
                )
                .optional()?;
            if status.as_deref() != Some("signed") {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            tx.execute(
                "INSERT INTO extract_delivery(protocol_id, organization_id, delivered_on, way,
                                              received_by, doc_number, created_at, created_by)
                 VALUES (?1, ?2, ?3, 'email', ?4, '', ?5, ?6)",
                params![protocol_id, organization_id, on, address, now, user],
            )?;
            let delivery = tx.last_insert_rowid();
            tx.execute(
                "INSERT INTO mail_message(kind, organization_id, protocol_id, delivery_id,
                                          address, message_id, sent_at, sent_by)
                 VALUES ('extract', ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    organization_id,
                    protocol_id,
                    delivery,
                    address,
                    message_id,
                    now,
                    user
                ],
            )?;
            audit(
                tx,
                "email",
                "protocol",
                protocol_id,
                &format!("extract → {organization_id} <{address}> {message_id}"),
            )?;
            Ok(delivery)
        })
    }

    /// Record a registered letter (by its outgoing number) the server accepted.
    pub fn record_letter_email(
        &mut self,
        doc_number: &str,
        address: &str,
        message_id: &str,
    ) -> Result<i64> {
        let now = now_stamp();
        let user = super::current_user();
        self.write(|tx| {
            let (letter, org): (i64, i64) = tx
                .query_row(
                    "SELECT id, organization_id FROM outgoing_letter WHERE doc_number = ?1
                     ORDER BY id DESC LIMIT 1",
                    [doc_number],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::Refused(Refusal::NotFound))?;
            tx.execute(
                "INSERT INTO mail_message(kind, organization_id, letter_id, address, message_id,
                                          sent_at, sent_by)
                 VALUES ('letter', ?1, ?2, ?3, ?4, ?5, ?6)",
                params![org, letter, address, message_id, now, user],
            )?;
            audit(
                tx,
                "email",
                "organization",
                org,
                &format!("letter {doc_number} <{address}> {message_id}"),
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Every accepted message, oldest first.
    pub fn sent_mail(&self) -> Result<Vec<SentMail>> {
        let mut st = self.conn.prepare_cached(
            "SELECT m.kind, m.organization_id, m.protocol_id, l.doc_number, m.address,
                    m.message_id, m.sent_at
             FROM mail_message m LEFT JOIN outgoing_letter l ON l.id = m.letter_id
             ORDER BY m.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(SentMail {
                kind: r.get(0)?,
                organization_id: r.get(1)?,
                protocol_id: r.get(2)?,
                letter_number: r.get(3)?,
                address: r.get(4)?,
                message_id: r.get(5)?,
                sent_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
