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
            // The signed protocols' decisions, and for each its executors read from the
            // (decision, executor) index a seek per executor, the next after the last one
            // found (0019), never by visiting every task (1.4 s at 1M tasks). Co-executors
            // are read only for organizations that may still be owed an extract as one: of
            // a signed protocol where they execute nothing and received none (any other
            // pair of theirs is an executor's or delivered). Most are owed none, so most of
            // the co-executors' rows (a fifth of the tasks) are never read (0.2 s to 10 ms
            // at 1M); at worst every row once.
            "WITH RECURSIVE
               signed(did, pid) AS (
                 SELECT d.id, d.protocol_id
                   FROM protocol p CROSS JOIN decision d ON d.protocol_id = p.id
                  WHERE p.status = 'signed'),
               hop(did, pid, org) AS (
                 SELECT did, pid, (SELECT executor_id FROM task INDEXED BY task_decision_executor
                                    WHERE decision_id = signed.did
                                    ORDER BY executor_id LIMIT 1)
                   FROM signed
                 UNION ALL
                 SELECT did, pid, (SELECT executor_id FROM task INDEXED BY task_decision_executor
                                    WHERE decision_id = hop.did AND executor_id > hop.org
                                    ORDER BY executor_id LIMIT 1)
                   FROM hop WHERE org IS NOT NULL),
               executors(pid, org) AS MATERIALIZED (
                 SELECT DISTINCT pid, org FROM hop WHERE org IS NOT NULL),
               owed(org) AS (
                 SELECT o.id FROM organization o
                  WHERE EXISTS (
                    SELECT 1 FROM protocol p
                     WHERE p.status = 'signed'
                       AND NOT EXISTS (SELECT 1 FROM executors x
                                        WHERE x.pid = p.id AND x.org = o.id)
                       AND NOT EXISTS (SELECT 1 FROM extract_delivery e
                                        WHERE e.protocol_id = p.id
                                          AND e.organization_id = o.id))),
               pairs(pid, org) AS (
                 SELECT pid, org FROM executors
                 UNION
                 SELECT d.protocol_id, c.organization_id
                   FROM owed
                   CROSS JOIN task_co_executor c INDEXED BY task_co_executor_org
                         ON c.organization_id = owed.org
                   CROSS JOIN task t ON t.id = c.task_id
                   CROSS JOIN decision d ON d.id = t.decision_id
                   CROSS JOIN protocol p ON p.id = d.protocol_id
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
