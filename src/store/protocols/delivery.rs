//! The delivery register of extracts.

use super::*;
use crate::store::Refusal;
use crate::store::row::{all, delete_checked};

impl Store {
    /// The delivery register of a protocol's extracts, in date order.
    pub fn deliveries(&self, protocol_id: i64) -> Result<Vec<Delivery>> {
        all(
            &self.conn,
            "WHERE protocol_id = ?1 ORDER BY delivered_on, id",
            [protocol_id],
        )
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
                Some(_) => return Err(StoreError::Refused(Refusal::NotFound)),
                None => return Err(StoreError::Refused(Refusal::NotFound)),
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
                    crate::store::current_user()
                ],
            )?;
            let id = tx.last_insert_rowid();
            Ok(id)
        })
    }

    pub fn delete_delivery(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| delete_checked::<Delivery>(tx, id, version))
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
