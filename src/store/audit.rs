//! The audit log: who changed what and when, with old and new values, in the same
//! transaction as the change; append-only, each row's hash chained to the previous one.
//!
//! Row changes are recorded by triggers generated from the schema (so no write can forget
//! them); they call functions this module registers on every connection: the login, the
//! time, the chain hash, and a switch that bulk loads (import, demo) turn off to record
//! one summary row instead.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use super::{Result, Store};

const SEPARATOR: u8 = 0x1f;

/// The chain hash of a row: SHA-256 over the previous row's hash and this row's fields.
pub fn chain_hash(prev: &str, fields: &[Option<&str>]) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    for f in fields {
        h.update([SEPARATOR]);
        match f {
            Some(v) => {
                h.update([1]);
                h.update(v.as_bytes());
            }
            None => h.update([0]),
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn register(conn: &Connection, on: Arc<AtomicBool>) -> rusqlite::Result<()> {
    let det = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let plain = FunctionFlags::SQLITE_UTF8;
    conn.create_scalar_function("shtab_user", 0, plain, |_| Ok(super::current_user()))?;
    conn.create_scalar_function("shtab_now", 0, plain, |_| Ok(super::now_stamp()))?;
    conn.create_scalar_function("shtab_audit_on", 0, plain, move |_| {
        Ok(on.load(Ordering::Relaxed))
    })?;
    // shtab_chain(prev, at, user, action, entity, entity_id, detail, old, new)
    conn.create_scalar_function("shtab_chain", 9, det, |ctx| {
        let prev: Option<String> = ctx.get(0)?;
        let mut fields: Vec<Option<String>> = Vec::with_capacity(8);
        for i in 1..9 {
            let v: rusqlite::types::Value = ctx.get(i)?;
            fields.push(match v {
                rusqlite::types::Value::Null => None,
                rusqlite::types::Value::Integer(n) => Some(n.to_string()),
                rusqlite::types::Value::Real(f) => Some(f.to_string()),
                rusqlite::types::Value::Text(t) => Some(t),
                rusqlite::types::Value::Blob(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            });
        }
        let refs: Vec<Option<&str>> = fields.iter().map(|f| f.as_deref()).collect();
        Ok(chain_hash(prev.as_deref().unwrap_or(""), &refs))
    })?;
    Ok(())
}

/// The insert every audit row goes through: the chain is computed in the same statement.
const APPEND: &str = "INSERT INTO audit_log(at, user, action, entity, entity_id, detail,
                                            old_values, new_values, hash)
    SELECT x.at, x.user, x.action, x.entity, x.entity_id, x.detail, x.old, x.new,
           shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                       x.at, x.user, x.action, x.entity, x.entity_id, x.detail, x.old, x.new)
    FROM (SELECT shtab_now() AS at, shtab_user() AS user, ?1 AS action, ?2 AS entity,
                 ?3 AS entity_id, ?4 AS detail, NULL AS old, NULL AS new) x";

/// Record an action (approve, sign, escalate, import …) in the log.
pub fn append(
    tx: &rusqlite::Transaction,
    action: &str,
    entity: &str,
    entity_id: i64,
    detail: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(APPEND)?
        .execute(params![action, entity, entity_id, detail])?;
    Ok(())
}

fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    rows.collect()
}

fn json_of(row: &str, cols: &[String]) -> String {
    let pairs: Vec<String> = cols
        .iter()
        .filter(|c| c.as_str() != "search")
        .map(|c| format!("'{c}', {row}.\"{c}\""))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// Make sure every table has its audit triggers for its current columns. Cheap when they
/// are in place; after a migration changed a table, its triggers are made anew.
pub(crate) fn ensure_triggers(conn: &Connection) -> rusqlite::Result<()> {
    for &table in super::transfer::TABLES {
        if table == "audit_log" {
            continue;
        }
        // Virtual tables (full-text indexes) are derived and cannot carry triggers.
        let plain: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1
                           AND sql NOT LIKE 'CREATE VIRTUAL%')",
            [table],
            |r| r.get(0),
        )?;
        let cols = columns(conn, table)?;
        if cols.is_empty() || !plain {
            continue;
        }
        let sig = &chain_hash("", &[Some(&cols.join(","))])[..8];
        let expected = format!("audit_{table}_ins_{sig}");
        let have: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?1)",
            [&expected],
            |r| r.get(0),
        )?;
        if have {
            continue;
        }
        let old: Vec<String> = {
            let mut st = conn.prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE ?1",
            )?;
            let rows = st.query_map([format!("audit\\_{table}\\_%")], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut sql = String::from("BEGIN;");
        for name in old {
            if name.starts_with(&format!("audit_{table}_")) {
                sql.push_str(&format!("DROP TRIGGER IF EXISTS \"{name}\";"));
            }
        }
        let new = json_of("NEW", &cols);
        let oldj = json_of("OLD", &cols);
        for (kind, event, row_id, old_v, new_v) in [
            (
                "ins",
                "INSERT",
                "NEW.rowid",
                "NULL".to_string(),
                new.clone(),
            ),
            ("upd", "UPDATE", "NEW.rowid", oldj.clone(), new.clone()),
            (
                "del",
                "DELETE",
                "OLD.rowid",
                oldj.clone(),
                "NULL".to_string(),
            ),
        ] {
            sql.push_str(&format!(
                "CREATE TRIGGER \"audit_{table}_{kind}_{sig}\" AFTER {event} ON \"{table}\"
                 WHEN shtab_audit_on()
                 BEGIN
                   INSERT INTO audit_log(at, user, action, entity, entity_id, detail,
                                         old_values, new_values, hash)
                   SELECT x.at, x.user, x.action, x.entity, x.entity_id, '', x.old, x.new,
                          shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                                      x.at, x.user, x.action, x.entity, x.entity_id, '',
                                      x.old, x.new)
                   FROM (SELECT shtab_now() AS at, shtab_user() AS user, '{action}' AS action,
                                '{table}' AS entity, {row_id} AS entity_id,
                                {old_v} AS old, {new_v} AS new) x;
                 END;",
                action = event.to_lowercase(),
            ));
        }
        sql.push_str("COMMIT;");
        conn.execute_batch(&sql)?;
    }
    Ok(())
}

/// One row of the log, as `shtab audit` and the audit screen show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
    pub old_values: Option<String>,
    pub new_values: Option<String>,
    pub hash: String,
}

/// What `shtab audit` filters by.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Rows at or after this time ("2026-11-01" or "2026-11-01T10:00:00").
    pub since: Option<String>,
    pub user: Option<String>,
    pub limit: Option<usize>,
}

impl Store {
    /// Run `f` with row-level audit off, for bulk loads that record one summary row instead.
    pub fn without_row_audit<T>(&mut self, f: impl FnOnce(&mut Store) -> T) -> T {
        let was = self.audit_on.swap(false, Ordering::Relaxed);
        let out = f(self);
        self.audit_on.store(was, Ordering::Relaxed);
        out
    }

    pub fn audit_rows(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, at, user, action, entity, entity_id, detail, old_values, new_values, hash
             FROM audit_log
             WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR user = ?2)
             ORDER BY id DESC LIMIT ?3",
        )?;
        let limit = filter.limit.map_or(-1, |l| l as i64);
        let rows = st.query_map(params![filter.since, filter.user, limit], |r| {
            Ok(AuditRow {
                id: r.get(0)?,
                at: r.get(1)?,
                user: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_id: r.get(5)?,
                detail: r.get(6)?,
                old_values: r.get(7)?,
                new_values: r.get(8)?,
                hash: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Walk the chain from the first row: the id of the first row whose hash does not match
    /// its content and its predecessor, or `None` when the log is intact. Rows written before
    /// the chain existed (empty hash) are skipped.
    pub fn verify_audit(&self) -> Result<Option<i64>> {
        let mut st = self.conn.prepare(
            "SELECT id, at, user, action, entity, entity_id, detail, old_values, new_values, hash
             FROM audit_log ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        let mut prev: Option<String> = None;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let hash: String = r.get(9)?;
            if hash.is_empty() && prev.is_none() {
                continue;
            }
            let entity_id: Option<i64> = r.get(5)?;
            let entity_id = entity_id.map(|n| n.to_string());
            let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let (at, user, action, entity, detail, old, new) = (
                text(1)?,
                text(2)?,
                text(3)?,
                text(4)?,
                text(6)?,
                text(7)?,
                text(8)?,
            );
            let expected = chain_hash(
                prev.as_deref().unwrap_or(""),
                &[
                    at.as_deref(),
                    user.as_deref(),
                    action.as_deref(),
                    entity.as_deref(),
                    entity_id.as_deref(),
                    detail.as_deref(),
                    old.as_deref(),
                    new.as_deref(),
                ],
            );
            if expected != hash {
                return Ok(Some(id));
            }
            prev = Some(hash);
        }
        Ok(None)
    }
}
