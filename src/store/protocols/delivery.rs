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
        let stamp = self.stamp()?;
        if let Some((s, list)) = &*self.cache.undelivered.borrow()
            && *s == stamp
        {
            return Ok(list.clone());
        }
        let mut st = self.conn.prepare_cached(
            // Driven from the signed protocols through their decisions to their tasks (by
            // index, in this order: CROSS JOIN fixes it), never by scanning every task. Each
            // task's executor from the small (id, executor) index, not the task's row; the
            // pairs made distinct before the register is asked (issue 17: half the time at
            // 1M tasks, where every task of a signed protocol is visited).
            "WITH pairs(pid, org) AS (
                 SELECT d.protocol_id, x.executor_id
                   FROM protocol p
                   CROSS JOIN decision d ON d.protocol_id = p.id
                   CROSS JOIN task t INDEXED BY task_decision ON t.decision_id = d.id
                   CROSS JOIN task x INDEXED BY task_id_executor ON x.id = t.id
                  WHERE p.status = 'signed'
                 UNION
                 SELECT d.protocol_id, c.organization_id
                   FROM protocol p
                   CROSS JOIN decision d ON d.protocol_id = p.id
                   CROSS JOIN task t INDEXED BY task_decision ON t.decision_id = d.id
                   CROSS JOIN task_co_executor c ON c.task_id = t.id
                  WHERE p.status = 'signed')
             SELECT p.id, p.reg_number || '/' || p.year, pairs.org
               FROM pairs JOIN protocol p ON p.id = pairs.pid
              WHERE NOT EXISTS (SELECT 1 FROM extract_delivery e
                                 WHERE e.protocol_id = pairs.pid AND e.organization_id = pairs.org)
              ORDER BY p.year, p.reg_number, pairs.org",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let list: Vec<(i64, String, i64)> = rows.collect::<rusqlite::Result<_>>()?;
        // Kept while nothing changes: the Protocol tab reads it on every visit.
        *self.cache.undelivered.borrow_mut() = Some((stamp, list.clone()));
        Ok(list)
    }
}
