//! The audit log: who changed what and when, with old and new values, in the same
//! transaction as the change; append-only, each row's hash chained to the previous one.
//!
//! Row changes are recorded by triggers generated from the schema (so no write can forget
//! them); they call functions this module registers on every connection: the login, the
//! time, the chain hash, and a switch that bulk loads (import, demo) turn off to record
//! one summary row instead.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use super::row::{Record, all};
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

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `shtab_importing()`, on while an import copies rows in (see [`register`], where it is off).
pub(crate) fn register_importing(
    conn: &Connection,
    importing: Arc<AtomicBool>,
) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "shtab_importing",
        0,
        FunctionFlags::SQLITE_UTF8,
        move |_| Ok(importing.load(Ordering::Relaxed)),
    )
}

pub(crate) fn register(conn: &Connection, on: Arc<AtomicBool>) -> rusqlite::Result<()> {
    let det = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let plain = FunctionFlags::SQLITE_UTF8;
    conn.create_scalar_function("shtab_user", 0, plain, |_| Ok(super::current_user()))?;
    conn.create_scalar_function("shtab_now", 0, plain, |_| Ok(super::now_stamp()))?;
    conn.create_scalar_function("shtab_sha256", 1, det, |ctx| {
        let v: String = ctx.get(0)?;
        Ok(sha256_hex(v.as_bytes()))
    })?;
    conn.create_scalar_function("shtab_audit_on", 0, plain, move |_| {
        Ok(on.load(Ordering::Relaxed))
    })?;
    conn.create_scalar_function("shtab_importing", 0, plain, |_| Ok(false))?;
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

fn json_of(row: &str, cols: &[String]) -> String {
    let pairs: Vec<String> = cols
        .iter()
        .filter(|c| c.as_str() != "search")
        .map(|c| format!("'{c}',{row}.\"{c}\""))
        .collect();
    format!("json_object({})", pairs.join(","))
}

/// The form of the row-audit triggers, part of their names, so triggers of the form before
/// are replaced at the next open by a writer: "entry", each inserts into the table
/// `audit_entry`, whose trigger appends to the log; from schema version 16 (its migration).
const TRIGGER_FORM: (&str, usize) = ("entry", 16);

/// The suffix of a table's audit triggers' names in a file at schema `version`: their form
/// and the table's columns, hashed.
fn signature(cols: &[String], version: usize) -> String {
    let cols = cols.join(",");
    let hash = if version >= TRIGGER_FORM.1 {
        chain_hash("", &[Some(TRIGGER_FORM.0), Some(&cols)])
    } else {
        chain_hash("", &[Some(&cols)])
    };
    hash[..8].to_string()
}

/// The schema as one read sees it: each plain table's columns (in order) and each trigger's
/// table and SQL, so the checks below ask SQLite twice, not a few times for each table.
struct Schema {
    columns: HashMap<String, Vec<String>>,
    triggers: HashMap<String, (String, String)>,
}

impl Schema {
    fn read(conn: &Connection) -> rusqlite::Result<Schema> {
        let mut columns: HashMap<String, Vec<String>> = HashMap::new();
        let mut st = conn.prepare(
            "SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'
             ORDER BY m.name, p.cid",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (table, column) = row?;
            columns.entry(table).or_default().push(column);
        }
        let mut st = conn.prepare(
            "SELECT name, tbl_name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'trigger'",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        let triggers = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Schema { columns, triggers })
    }

    /// The columns of an audited table: none for the log itself, a virtual table (a
    /// full-text index is derived and cannot carry triggers) or one that does not exist.
    fn audited(&self, table: &str) -> &[String] {
        if table == "audit_log" {
            return &[];
        }
        self.columns.get(table).map_or(&[], |c| c.as_slice())
    }

    /// Is the trigger `name` there, made by `sql` (or, not `exact`, by any SQL)?
    fn trigger(&self, name: &str, sql: &str, exact: bool) -> Standing {
        match self.triggers.get(name) {
            None => Standing::Missing,
            Some((_, kept)) if !exact || *kept == sql.trim_end().trim_end_matches(';') => {
                Standing::Intact
            }
            Some(_) => Standing::Changed,
        }
    }
}

/// The insert, update and delete triggers of `table` in a file at schema `version`:
/// (name, the SQL that makes it).
fn table_triggers(table: &str, cols: &[String], version: usize) -> [(String, String); 3] {
    let sig = signature(cols, version);
    let (new, old) = (json_of("NEW", cols), json_of("OLD", cols));
    let make = |kind: &str, event: &str, row_id: &str, old_v: &str, new_v: &str| {
        let name = format!("audit_{table}_{kind}_{sig}");
        let action = event.to_lowercase();
        let body = if version >= TRIGGER_FORM.1 {
            format!(
                "INSERT INTO audit_entry VALUES('{action}','{table}',{row_id},{old_v},{new_v});"
            )
        } else {
            // The form before (each trigger appends itself), for a file not yet migrated.
            format!(
                "INSERT INTO audit_log(at, user, action, entity, entity_id, detail, old_values, \
                 new_values, hash) SELECT x.at, x.user, '{action}', '{table}', x.id, '', x.old, \
                 x.new, shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), \
                 x.at, x.user, '{action}', '{table}', x.id, '', x.old, x.new) FROM (SELECT \
                 shtab_now() AS at, shtab_user() AS user, {row_id} AS id, {old_v} AS old, \
                 {new_v} AS new) x;"
            )
        };
        let sql = format!(
            "CREATE TRIGGER \"{name}\" AFTER {event} ON \"{table}\" \
             WHEN shtab_audit_on() BEGIN {body} END;"
        );
        (name, sql)
    };
    [
        make("ins", "INSERT", "NEW.rowid", "NULL", &new),
        make("upd", "UPDATE", "NEW.rowid", &old, &new),
        make("del", "DELETE", "OLD.rowid", &old, "NULL"),
    ]
}

/// The schema version of the file (the migrations it has taken).
fn file_version(conn: &Connection) -> rusqlite::Result<usize> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize)
}

/// Make sure every table has its audit triggers for its current columns. Cheap when they
/// are in place; after a migration changed a table, its triggers are made anew.
pub(crate) fn ensure_triggers(conn: &Connection) -> rusqlite::Result<()> {
    let version = file_version(conn)?;
    let schema = Schema::read(conn)?;
    for &table in super::transfer::TABLES {
        let cols = schema.audited(table);
        if cols.is_empty() {
            continue;
        }
        let made = table_triggers(table, cols, version);
        let mut changed = false;
        let mut intact = 0;
        for (name, sql) in &made {
            match schema.trigger(name, sql, true) {
                Standing::Intact => intact += 1,
                Standing::Changed => changed = true,
                Standing::Missing => {}
            }
        }
        // This table's audit triggers of any form or columns (on the table itself, so `task`
        // does not take `task_co_executor`'s): a stale set beside the current one goes too.
        let prefix = format!("audit_{table}_");
        let old: Vec<&String> = schema
            .triggers
            .iter()
            .filter(|(name, (on, _))| on == table && name.starts_with(&prefix))
            .map(|(name, _)| name)
            .collect();
        if intact == 3 && old.len() == 3 {
            continue;
        }
        // Triggers gone or changed without a migration behind it (some but not all left,
        // none though the table's changes were logged before, or not as Shtab made them):
        // recorded as a repair.
        let logged: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM audit_log WHERE entity = ?1 AND action IN ('insert','update','delete'))",
            [table],
            |r| r.get(0),
        )?;
        let repaired = changed || (!old.is_empty() && old.len() < 3) || (old.is_empty() && logged);
        let mut sql = String::from("BEGIN;");
        for name in old {
            sql.push_str(&format!(
                "DROP TRIGGER IF EXISTS \"{}\";",
                name.replace('"', "\"\"")
            ));
        }
        for (_, create) in &made {
            sql.push_str(create);
        }
        if repaired {
            sql.push_str(&format!(
                "INSERT INTO audit_log(at, user, action, entity, entity_id, detail, hash)
                 SELECT x.at, x.user, 'repair', 'trigger', 0, x.d,
                        shtab_chain((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
                                    x.at, x.user, 'repair', 'trigger', 0, x.d, NULL, NULL)
                 FROM (SELECT shtab_now() AS at, shtab_user() AS user,
                              'the audit triggers of {table} were {how}; recreated' AS d) x;",
                how = if changed { "changed" } else { "missing" },
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

impl Record for AuditRow {
    const TABLE: &'static str = "audit_log";
    const COLUMNS: &'static str =
        "id, at, user, action, entity, entity_id, detail, old_values, new_values, hash";

    fn from_row(r: &rusqlite::Row) -> rusqlite::Result<AuditRow> {
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
    }
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
        let limit = filter.limit.map_or(-1, |l| l as i64);
        all(
            &self.conn,
            "WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR user = ?2)
             ORDER BY id DESC LIMIT ?3",
            params![filter.since, filter.user, limit],
        )
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

/// Names of the triggers that guard what must not change: signed protocols, issued
/// reports, the append-only log, and the copies of signed and issued hashes.
const GUARD_PREFIXES: &[&str] = &[
    "signed_",
    "report_issued_",
    "report_replaces_",
    "audit_log_append_only_",
    ENTRY_GUARD,
    "trust_",
];

/// The guard triggers as the first `upto` migrations leave them: (name, the SQL that makes it).
fn guards(upto: usize) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for sql in super::MIGRATIONS.iter().take(upto) {
        let upper = sql.to_ascii_uppercase();
        let mut at = 0;
        loop {
            let create = upper[at..].find("CREATE TRIGGER ").map(|i| (i + at, true));
            let drop = upper[at..].find("DROP TRIGGER ").map(|i| (i + at, false));
            let Some((pos, is_create)) = [create, drop].into_iter().flatten().min() else {
                break;
            };
            let after = pos + if is_create { 15 } else { 13 };
            let mut words = sql[after..].split_whitespace();
            let mut name = words.next().unwrap_or_default();
            if name.eq_ignore_ascii_case("IF") {
                name = words.nth(if is_create { 2 } else { 1 }).unwrap_or_default();
            }
            let name = name.trim_end_matches(';').trim_matches('"').to_string();
            out.retain(|(n, _)| *n != name);
            if is_create {
                let Some(end) = upper[pos..].find("END;").map(|e| pos + e + 4) else {
                    break;
                };
                if GUARD_PREFIXES.iter().any(|p| name.starts_with(p)) {
                    out.push((name, sql[pos..end].to_string()));
                }
                at = end;
            } else {
                at = after;
            }
        }
    }
    out
}

/// The table the row-audit triggers insert into (migration 0016; it never keeps a row),
/// and its trigger's prefix.
const ENTRY_TABLE: &str = "audit_entry";
const ENTRY_GUARD: &str = "audit_entry_";

/// The statement that makes [`ENTRY_TABLE`], as the migration has it.
fn entry_table_sql() -> Option<&'static str> {
    let head = format!("CREATE TABLE {ENTRY_TABLE}(");
    super::MIGRATIONS.iter().find_map(|sql| {
        let start = sql.find(&head)?;
        let end = start + sql[start..].find(';')? + 1;
        Some(&sql[start..end])
    })
}

/// How a schema object stands against the SQL Shtab makes it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    Intact,
    Missing,
    Changed,
}

impl Standing {
    fn said(self) -> &'static str {
        match self {
            Standing::Changed => "was changed",
            _ => "was missing",
        }
    }
}

/// Is the `kind` named `name` there, made by `sql` (as `sqlite_schema` keeps it: without
/// the closing `;`)?
fn standing(conn: &Connection, kind: &str, name: &str, sql: &str) -> rusqlite::Result<Standing> {
    use rusqlite::OptionalExtension;
    let kept: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
            [kind, name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(match kept {
        None => Standing::Missing,
        Some(k) if k == sql.trim_end().trim_end_matches(';') => Standing::Intact,
        Some(_) => Standing::Changed,
    })
}

/// How a guard stands. Only `audit_entry`'s trigger is held to its very text (every row
/// change is logged through it); the others, to their names.
fn guard_standing(schema: &Schema, name: &str, sql: &str) -> Standing {
    schema.trigger(name, sql, name.starts_with(ENTRY_GUARD))
}

/// Recreate the table the audit triggers insert into and any guard trigger that is gone
/// or, that table's, changed (behind Shtab's back), recording each in the audit log.
/// Returns their names.
pub(crate) fn ensure_guards(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut made = Vec::new();
    let repair = |what: &str, name: &str, how: Standing| {
        conn.execute(
            APPEND,
            params![
                "repair",
                what,
                0,
                format!("{name} {}; recreated", how.said())
            ],
        )
    };
    // Its trigger, dropped with it, is put back below.
    if let Some(sql) = entry_table_sql() {
        let how = standing(conn, "table", ENTRY_TABLE, sql)?;
        if how != Standing::Intact {
            conn.execute_batch(&format!("DROP TABLE IF EXISTS {ENTRY_TABLE}; {sql}"))?;
            repair("table", ENTRY_TABLE, how)?;
            made.push(ENTRY_TABLE.to_string());
        }
    }
    let schema = Schema::read(conn)?;
    for (name, sql) in guards(super::MIGRATIONS.len()) {
        let how = guard_standing(&schema, &name, &sql);
        if how != Standing::Intact {
            conn.execute_batch(&format!("DROP TRIGGER IF EXISTS \"{name}\"; {sql}"))?;
            repair("trigger", &name, how)?;
            made.push(name);
        }
    }
    Ok(made)
}

/// What is missing or changed among the guards, the audit triggers and the table they
/// insert into, without changing anything: one line each.
pub(crate) fn trigger_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    // A file of an older schema (a backup checked as it is) is held to its own version.
    let version = file_version(conn)?;
    let mut found: Vec<(&str, String, Standing)> = Vec::new();
    if let (true, Some(sql)) = (version >= TRIGGER_FORM.1, entry_table_sql()) {
        found.push((
            "table",
            ENTRY_TABLE.into(),
            standing(conn, "table", ENTRY_TABLE, sql)?,
        ));
    }
    let schema = Schema::read(conn)?;
    for (name, sql) in guards(version) {
        let how = guard_standing(&schema, &name, &sql);
        found.push(("trigger", name, how));
    }
    for &table in super::transfer::TABLES {
        let cols = schema.audited(table);
        if cols.is_empty() {
            continue;
        }
        for (name, sql) in table_triggers(table, cols, version) {
            // Triggers of the form before are known by name only.
            let how = schema.trigger(&name, &sql, version >= TRIGGER_FORM.1);
            found.push(("trigger", name, how));
        }
    }
    Ok(found
        .into_iter()
        .filter_map(|(kind, name, how)| match how {
            Standing::Intact => None,
            Standing::Missing => Some(format!(
                "{kind} {name} is missing (dropped behind Shtab's back)"
            )),
            Standing::Changed => Some(format!("{kind} {name} was changed behind Shtab's back")),
        })
        .collect())
}

/// The chain's head now, on any connection (a transaction too).
pub(crate) fn anchor_of(conn: &Connection) -> rusqlite::Result<Anchor> {
    let (rows, last_id, head) = conn.query_row(
        "SELECT count(*), coalesce(max(id), 0),
                coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')
         FROM audit_log",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(Anchor {
        rows,
        last_id,
        head,
        at: super::now_stamp(),
    })
}

/// The head of the audit chain, copied outside the table (beside each backup), so a
/// removed tail, removed rows or blanked hashes show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Anchor {
    /// Rows in the log.
    pub rows: i64,
    /// The last row's id and hash (0 and "" for an empty log).
    pub last_id: i64,
    pub head: String,
    pub at: String,
}

/// The hash recorded in the audit log at signing or issuing: the newest `sha256:` in the
/// detail of `actions` rows about (`entity`, `id`).
fn anchored_hash(
    conn: &Connection,
    entity: &str,
    id: i64,
    actions: &[&str],
) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    let detail: Option<String> = conn
        .query_row(
            "SELECT detail FROM audit_log
             WHERE entity = ?1 AND entity_id = ?2 AND action IN (?3, ?4) AND detail LIKE '%sha256:%'
             ORDER BY id DESC LIMIT 1",
            params![entity, id, actions[0], actions[actions.len() - 1]],
            |r| r.get(0),
        )
        .optional()?;
    Ok(detail.and_then(|d| {
        let h = d.split("sha256:").nth(1)?;
        Some(h.split_whitespace().next().unwrap_or_default().to_string())
    }))
}

/// A signed protocol checked three ways: its text now, the hash in its row, and the copy
/// in the audit log made when it was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheck {
    pub stored: Option<String>,
    pub computed: String,
    pub anchored: Option<String>,
}

impl SignedCheck {
    pub fn intact(&self) -> bool {
        self.stored.as_deref() == Some(self.computed.as_str())
            && self.anchored.as_deref() == Some(self.computed.as_str())
    }

    /// One line: what was compared and what differs.
    pub fn verdict(&self, label: &str) -> String {
        let Some(stored) = &self.stored else {
            return format!("protocol {label} is not signed");
        };
        let anchored = self.anchored.as_deref();
        if self.intact() {
            format!(
                "protocol {label}: intact (sha256 {stored}: the text, its row and the signing record in the audit log agree)"
            )
        } else if anchored.is_none() {
            format!(
                "protocol {label}: no signing record in the audit log; its hash {stored} cannot be confirmed"
            )
        } else if anchored != Some(stored.as_str()) {
            format!(
                "protocol {label} was changed behind Shtab's back: its row says sha256 {stored}, the audit log recorded {} at signing, the text now gives {}",
                anchored.unwrap_or_default(),
                self.computed
            )
        } else {
            format!(
                "protocol {label} has changed since it was signed: sha256 {stored} was signed, the text now gives {}",
                self.computed
            )
        }
    }
}

impl Store {
    pub fn audit_anchor(&self) -> Result<Anchor> {
        Ok(anchor_of(&self.conn)?)
    }

    /// The anchors the issued reports recorded: (the report's label, its anchor).
    pub fn report_anchors(&self) -> Result<Vec<(String, Anchor)>> {
        let mut st = self.conn.prepare(
            "SELECT number || '/' || year, audit_anchor FROM report
             WHERE audit_anchor <> '' ORDER BY id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (label, json) = row?;
            // An anchor that does not parse was edited: say so through a blank one.
            let a = serde_json::from_str(&json).unwrap_or(Anchor {
                rows: i64::MAX,
                last_id: i64::MAX,
                head: String::new(),
                at: json,
            });
            out.push((label, a));
        }
        Ok(out)
    }

    /// Does the log still hold what `a` saw? `None` when it does, else what differs.
    pub fn check_anchor(&self, a: &Anchor) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        if a.rows == 0 {
            return Ok(None);
        }
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM audit_log WHERE id = ?1",
                [a.last_id],
                |r| r.get(0),
            )
            .optional()?;
        let upto: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_log WHERE id <= ?1",
            [a.last_id],
            |r| r.get(0),
        )?;
        Ok(match hash {
            None => Some(format!(
                "row {} (the last on {}) is missing",
                a.last_id, a.at
            )),
            Some(h) if h != a.head => Some(format!(
                "row {} does not have the hash it had on {}",
                a.last_id, a.at
            )),
            Some(_) if upto != a.rows => Some(format!(
                "{upto} rows up to row {}, {} on {}",
                a.last_id, a.rows, a.at
            )),
            Some(_) => None,
        })
    }

    pub fn verify_signed_protocol(&self, id: i64) -> Result<SignedCheck> {
        let v = self.verify_protocol(id)?;
        let anchored = anchored_hash(&self.conn, "protocol", id, &["sign", "sign-hash"])?;
        Ok(SignedCheck {
            stored: v.stored,
            computed: v.computed,
            anchored,
        })
    }

    /// An issued report's payload against the hash the audit log recorded when it was
    /// issued: `None` when they agree, else what differs.
    pub fn verify_issued_report(&self, id: i64) -> Result<Option<String>> {
        let (label, payload): (String, String) = self.conn.query_row(
            "SELECT number || '/' || year, payload FROM report WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let now = sha256_hex(payload.as_bytes());
        let anchored = match anchored_hash(&self.conn, "report", id, &["issue-hash"])? {
            Some(h) => Some(h),
            // Issued before the hash was recorded: the row-level record of its insert.
            None => self
                .conn
                .query_row(
                    "SELECT json_extract(new_values, '$.payload') FROM audit_log
                     WHERE entity = 'report' AND entity_id = ?1 AND action = 'insert'
                     ORDER BY id DESC LIMIT 1",
                    [id],
                    |r| r.get::<_, Option<String>>(0),
                )
                .ok()
                .flatten()
                .map(|p| sha256_hex(p.as_bytes())),
        };
        Ok(match anchored {
            None => Some(format!(
                "report {label}: no issuing record in the audit log; its payload cannot be confirmed"
            )),
            Some(h) if h != now => Some(format!(
                "report {label} was changed after it was issued: sha256 {h} was issued, the payload now gives {now}"
            )),
            Some(_) => None,
        })
    }

    /// The rules beyond SQLite's integrity: triggers in place, every signed protocol and
    /// issued report as recorded, the audit chain whole.
    pub fn check_trust(&self) -> Result<Vec<String>> {
        let mut problems = trigger_problems(&self.conn)?;
        let ids = |sql: &str| -> Result<Vec<(i64, String)>> {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        for (id, label) in ids(
            "SELECT id, coalesce(reg_number, '?') || '/' || year FROM protocol
             WHERE status = 'signed' ORDER BY id",
        )? {
            let v = self.verify_signed_protocol(id)?;
            if !v.intact() {
                problems.push(v.verdict(&label));
            }
        }
        for (id, _) in ids("SELECT id, '' FROM report ORDER BY id")? {
            if let Some(p) = self.verify_issued_report(id)? {
                problems.push(p);
            }
        }
        if let Some(row) = self.verify_audit()? {
            problems.push(format!(
                "the audit log was tampered with: row {row} does not match its hash chain"
            ));
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests;
