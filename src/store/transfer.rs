//! The whole database as versioned JSON: export, and import as one transaction.

use rusqlite::types::{Value as Sql, ValueRef};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{Result, Store, StoreError, audit};

pub const FORMAT: &str = "shtab-export";
pub const FORMAT_VERSION: u32 = 1;

/// Every table, parents before children, so foreign keys hold row by row on import.
pub const TABLES: &[&str] = &[
    "setting",
    "organization",
    "organization_kind_change",
    "member",
    "app_user",
    "session",
    "session_number",
    "agenda_item",
    "agenda_item_organization",
    "attendance",
    "invited_person",
    "protocol",
    "protocol_item",
    "protocol_speech",
    "decision",
    "plan_measure",
    "plan_measure_organization",
    "plan_measure_change",
    "task",
    "task_co_executor",
    "executor_change",
    "task_measure_change",
    "extract_delivery",
    "agenda_item_measure",
    "agenda_item_task",
    "deadline_change",
    "execution_report",
    "escalation",
    "outgoing_letter",
    "decision_measure",
    "report",
    "report_draft",
    "audit_log",
];

/// What an import into a database with data may not change: (table, columns, which rows).
/// Users and roles, signed protocols with all their guards cover, and issued reports.
const PROTECTED: &[(&str, &str, &str)] = &[
    ("app_user", "login, full_name, role, member_id", "1"),
    ("protocol", "*", "status = 'signed'"),
    (
        "protocol_item",
        "*",
        "protocol_id IN (SELECT id FROM protocol WHERE status = 'signed')",
    ),
    (
        "protocol_speech",
        "*",
        "protocol_item_id IN (SELECT i.id FROM protocol_item i JOIN protocol p
          ON p.id = i.protocol_id WHERE p.status = 'signed')",
    ),
    (
        "decision",
        "*",
        "protocol_id IN (SELECT id FROM protocol WHERE status = 'signed')",
    ),
    (
        "attendance",
        "*",
        "session_id IN (SELECT session_id FROM protocol WHERE status = 'signed')",
    ),
    (
        "invited_person",
        "*",
        "session_id IN (SELECT session_id FROM protocol WHERE status = 'signed')",
    ),
    (
        "task",
        "id, decision_id, measure_id, text, created_at",
        "decision_id IN (SELECT d.id FROM decision d JOIN protocol p
          ON p.id = d.protocol_id WHERE p.status = 'signed')",
    ),
    ("report", "*", "1"),
];

/// A digest per protected table of the rows an import may not change, and how many rows.
fn protected(tx: &rusqlite::Connection) -> rusqlite::Result<(Vec<(&'static str, String)>, usize)> {
    use sha2::{Digest, Sha256};
    let mut out = Vec::new();
    let mut count = 0;
    for &(table, cols, rows) in PROTECTED {
        let mut st = tx.prepare(&format!(
            "SELECT {cols} FROM {table} WHERE {rows} ORDER BY rowid"
        ))?;
        let n = st.column_count();
        let mut h = Sha256::new();
        let mut q = st.query([])?;
        while let Some(r) = q.next()? {
            for i in 0..n {
                h.update(to_json(r.get_ref(i)?).to_string().as_bytes());
                h.update([0x1f]);
            }
            h.update([0x1e]);
            count += 1;
        }
        let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        out.push((table, digest));
    }
    Ok((out, count))
}

/// Derived columns: not exported, recomputed on import.
const DERIVED: &[&str] = &["search"];

#[derive(Debug, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub format_version: u32,
    pub schema_version: usize,
    pub exported_at: String,
    pub tables: Map<String, Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("not a Shtab export (format {0:?}, expected {FORMAT:?})")]
    WrongFormat(String),
    #[error(
        "export format version {0} is not supported (this Shtab reads version {FORMAT_VERSION})"
    )]
    WrongVersion(u32),
    #[error("the export comes from a newer Shtab (schema {0}); update Shtab first")]
    NewerSchema(usize),
    #[error("unknown table {0:?}")]
    UnknownTable(String),
    #[error("table {0}: expected a list of records")]
    NotAList(String),
    #[error("{table} record #{index}: {problem}")]
    BadRecord {
        table: String,
        index: usize,
        problem: String,
    },
    #[error("the database already has data; import into a new file or pass --replace")]
    NotEmpty,
    #[error(
        "an import cannot change users, roles, signed protocols or issued reports ({0} would change); restore a whole backup with shtab restore instead"
    )]
    Protected(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Store(e.into())
    }
}

fn columns(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let cols = st.query_map([], |r| r.get::<_, String>(0))?;
    cols.collect()
}

fn to_json(v: ValueRef) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::from(b.to_vec()),
    }
}

fn to_sql(v: &Value) -> std::result::Result<Sql, String> {
    Ok(match v {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(*b as i64),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Sql::Integer(i),
            None => Sql::Real(n.as_f64().ok_or("number out of range")?),
        },
        Value::String(s) => Sql::Text(s.clone()),
        _ => return Err("values must be text, numbers, true/false or null".into()),
    })
}

impl Store {
    pub fn export(&self) -> Result<Export> {
        self.export_with_progress(&mut |_, _| {})
    }

    /// [`Store::export`], telling `progress` (records read, records in all) as it goes.
    pub fn export_with_progress(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<Export> {
        let mut all = 0u64;
        for &table in TABLES {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            all += n as u64;
        }
        let mut done = 0u64;
        let mut tables = Map::new();
        for &table in TABLES {
            let cols: Vec<String> = columns(&self.conn, table)?
                .into_iter()
                .filter(|c| !DERIVED.contains(&c.as_str()))
                .collect();
            let mut st = self.conn.prepare(&format!(
                "SELECT {} FROM {table} ORDER BY rowid",
                cols.join(", ")
            ))?;
            let mut rows = st.query([])?;
            let mut records = Vec::new();
            while let Some(r) = rows.next()? {
                let mut rec = Map::new();
                for (i, c) in cols.iter().enumerate() {
                    rec.insert(c.clone(), to_json(r.get_ref(i)?));
                }
                records.push(Value::Object(rec));
                done += 1;
                if done.is_multiple_of(4096) {
                    progress(done, all);
                }
            }
            progress(done, all);
            tables.insert(table.to_string(), Value::Array(records));
        }
        let schema_version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(Export {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            schema_version: schema_version as usize,
            exported_at: super::now_stamp(),
            tables,
        })
    }

    /// Import an export: all records or none. Refuses a database that has data unless
    /// `replace`. Rows are not audited one by one: one row records the import. The target's
    /// audit log is append-only, so when it already has rows they stay, and the export's are
    /// not copied in.
    pub fn import(
        &mut self,
        data: &Export,
        replace: bool,
    ) -> std::result::Result<usize, ImportError> {
        self.import_with_progress(data, replace, &mut |_, _| {})
    }

    /// [`Store::import`], telling `progress` (records written, records in all) as it goes.
    pub fn import_with_progress(
        &mut self,
        data: &Export,
        replace: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> std::result::Result<usize, ImportError> {
        use std::sync::atomic::Ordering;
        let fresh = !super::seed::has_data(&self.conn)?;
        self.importing.store(true, Ordering::Relaxed);
        let out = if fresh {
            super::seed::with_rollback_journal(self, |s| {
                s.without_row_audit(|s| s.import_rows(data, replace, progress))
            })
        } else {
            self.without_row_audit(|s| s.import_rows(data, replace, progress))
        };
        self.importing.store(false, Ordering::Relaxed);
        out
    }

    fn import_rows(
        &mut self,
        data: &Export,
        replace: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> std::result::Result<usize, ImportError> {
        if data.format != FORMAT {
            return Err(ImportError::WrongFormat(data.format.clone()));
        }
        if data.format_version != FORMAT_VERSION {
            return Err(ImportError::WrongVersion(data.format_version));
        }
        if data.schema_version > super::MIGRATIONS.len() {
            return Err(ImportError::NewerSchema(data.schema_version));
        }
        if let Some(t) = data.tables.keys().find(|t| !TABLES.contains(&t.as_str())) {
            return Err(ImportError::UnknownTable(t.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let has_data = TABLES
            .iter()
            .filter(|t| !matches!(**t, "setting" | "audit_log"))
            .try_fold(false, |acc, t| {
                tx.query_row(&format!("SELECT EXISTS(SELECT 1 FROM {t})"), [], |r| {
                    r.get::<_, bool>(0)
                })
                .map(|e| acc || e)
            })?;
        if has_data && !replace {
            return Err(ImportError::NotEmpty);
        }
        // Into a database with data, users, roles and what was signed or issued stay as
        // they are: only a restore of a whole backup changes them. (A database with none of
        // them guards nothing: without users, anyone may do anything in it.)
        let before = match has_data.then(|| protected(&tx)).transpose()? {
            Some((digests, n)) if n > 0 => Some(digests),
            _ => None,
        };
        // The guards of signed protocols would refuse both the wholesale delete and the
        // insert of a signed protocol's rows; they are back before the transaction commits.
        let guards = super::protocols::suspend_guards(&tx)?;
        super::fts_bulk_begin(&tx)?;
        // Issued reports are frozen by triggers; a deliberate replace sets those aside while
        // the old rows go, then puts them back.
        let frozen: Vec<(String, String)> = {
            let mut st = tx.prepare(
                "SELECT name, sql FROM sqlite_schema
                 WHERE type = 'trigger' AND name IN ('report_issued_no_update', 'report_issued_no_delete')",
            )?;
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (name, _) in &frozen {
            tx.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
        }
        for t in TABLES.iter().rev().filter(|t| **t != "audit_log") {
            tx.execute(&format!("DELETE FROM {t}"), [])?;
        }
        for (_, sql) in &frozen {
            tx.execute_batch(sql)?;
        }
        // Deleting the settings took the bulk flag too.
        super::fts_bulk_begin(&tx)?;
        let keep_log: bool =
            tx.query_row("SELECT EXISTS(SELECT 1 FROM audit_log)", [], |r| r.get(0))?;
        let all: u64 = data
            .tables
            .values()
            .map(|v| v.as_array().map_or(0, |a| a.len() as u64))
            .sum();
        let dropped = super::seed::indexes_off(&tx, super::seed::BULK_TABLES)?;
        let mut total = 0;
        for &table in TABLES {
            if table == "audit_log" && keep_log {
                continue;
            }
            let Some(records) = data.tables.get(table) else {
                continue;
            };
            let records = records
                .as_array()
                .ok_or_else(|| ImportError::NotAList(table.to_string()))?;
            let known = columns(&tx, table)?;
            let rules = rules_of(&tx, table)?;
            let mut last_cols: Vec<String> = Vec::new();
            let mut sql = String::new();
            for (i, rec) in records.iter().enumerate() {
                let bad = |problem: String| ImportError::BadRecord {
                    table: table.to_string(),
                    index: i + 1,
                    problem,
                };
                let obj = rec.as_object().ok_or_else(|| bad("not an object".into()))?;
                if let Some(problem) = record_problem(obj, &rules) {
                    return Err(bad(problem));
                }
                let mut cols = Vec::new();
                let mut vals = Vec::new();
                for (k, v) in obj {
                    if !known.contains(k) || DERIVED.contains(&k.as_str()) {
                        return Err(bad(format!("unknown field {k:?}")));
                    }
                    cols.push(k.as_str());
                    vals.push(to_sql(v).map_err(|e| bad(format!("field {k:?}: {e}")))?);
                }
                if cols.is_empty() {
                    return Err(bad("empty record".into()));
                }
                // Records of a table mostly share their fields: the statement is made once.
                if cols != last_cols {
                    let marks: Vec<String> = (1..=cols.len()).map(|n| format!("?{n}")).collect();
                    sql = format!(
                        "INSERT INTO {table}({}) VALUES ({})",
                        cols.join(", "),
                        marks.join(", ")
                    );
                    last_cols = cols.iter().map(|c| c.to_string()).collect();
                }
                tx.prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(vals.iter()))
                    .map_err(|e| bad(e.to_string()))?;
                total += 1;
                if total % 4096 == 0 {
                    progress(total as u64, all);
                }
            }
        }
        progress(total as u64, all);
        super::seed::indexes_back(&tx, &dropped)?;
        if let Some(before) = before {
            let (after, _) = protected(&tx)?;
            if let Some(((table, _), _)) = before.iter().zip(&after).find(|(b, a)| b != a) {
                return Err(ImportError::Protected(table));
            }
        }
        refresh_search(&tx)?;
        super::fts_bulk_end(&tx)?;
        super::protocols::restore_guards(&tx, &guards)?;
        audit(&tx, "import", "database", 0, &format!("{total} records"))?;
        tx.commit()?;
        Ok(total)
    }
}

/// Recompute the folded search columns of organizations and members from the texts they
/// derive from (tasks have none: their words are in the full-text index).
pub(crate) fn refresh_search(tx: &rusqlite::Transaction) -> Result<()> {
    use crate::domain::text::fold;
    tx.create_scalar_function(
        "shtab_fold",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(fold(&ctx.get::<String>(0)?)),
    )?;
    // Must match Organization::search_text and Member::search_text.
    tx.execute_batch(
        "UPDATE organization SET search = shtab_fold(name_ky || ' ' || name_ru || ' ' || head_name || ' ' || address);
         UPDATE member SET search = shtab_fold(full_name || ' ' || position);",
    )?;
    tx.remove_function("shtab_fold", 1)?;
    Ok(())
}

/// A column's format, read from its name and declared type: what import and `shtab check`
/// hold every value to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// YYYY-MM-DD, a real day.
    Date,
    /// HH:MM.
    Time,
    /// YYYY-MM-DD, then optionally THH:MM[:SS].
    Stamp,
    Integer,
}

pub(crate) fn rule(column: &str, declared: &str) -> Option<Rule> {
    if declared.eq_ignore_ascii_case("INTEGER") {
        Some(Rule::Integer)
    } else if column == "time" {
        Some(Rule::Time)
    } else if column == "date"
        || column.ends_with("deadline")
        || column.ends_with("_date")
        || column.ends_with("_on")
    {
        Some(Rule::Date)
    } else if column.ends_with("_at") {
        Some(Rule::Stamp)
    } else {
        None
    }
}

impl Rule {
    fn name(self) -> &'static str {
        match self {
            Rule::Date => "a date (YYYY-MM-DD)",
            Rule::Time => "a time (HH:MM)",
            Rule::Stamp => "a time stamp (YYYY-MM-DDTHH:MM:SS)",
            Rule::Integer => "a whole number",
        }
    }

    fn text_ok(self, s: &str) -> bool {
        let date =
            |d: &str| d.len() == 10 && chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok();
        match self {
            Rule::Date => date(s),
            Rule::Time => s.len() == 5 && chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok(),
            Rule::Stamp => {
                s.get(..10).is_some_and(date)
                    && (s.len() == 10
                        || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").is_ok()
                        || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").is_ok()
                        || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok())
            }
            Rule::Integer => false,
        }
    }

    /// Does a JSON value of an import fit? Null is left to the schema's NOT NULL.
    fn json_ok(self, v: &Value) -> bool {
        match (self, v) {
            (_, Value::Null) => true,
            (Rule::Integer, Value::Number(n)) => n.is_i64(),
            (Rule::Integer, Value::Bool(_)) => true,
            (Rule::Integer, _) => false,
            (r, Value::String(s)) => r.text_ok(s),
            _ => false,
        }
    }

    fn sql_ok(self, v: ValueRef) -> bool {
        match (self, v) {
            (_, ValueRef::Null) => true,
            (Rule::Integer, ValueRef::Integer(_)) => true,
            (Rule::Integer, _) => false,
            (r, ValueRef::Text(t)) => std::str::from_utf8(t).is_ok_and(|s| r.text_ok(s)),
            _ => false,
        }
    }
}

/// (column, rule) for every column of `table` that has one.
fn rules_of(conn: &rusqlite::Connection, table: &str) -> rusqlite::Result<Vec<(String, Rule)>> {
    let mut st = conn.prepare(&format!(
        "SELECT name, type FROM pragma_table_info('{table}')"
    ))?;
    let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, declared) = row?;
        if let Some(rule) = rule(&name, &declared) {
            out.push((name, rule));
        }
    }
    Ok(out)
}

/// The record's problem with `rules`, naming the field and its id, if any.
fn record_problem(obj: &Map<String, Value>, rules: &[(String, Rule)]) -> Option<String> {
    for (col, rule) in rules {
        if let Some(v) = obj.get(col)
            && !rule.json_ok(v)
        {
            let id = obj
                .get("id")
                .map(|i| format!(" (id {i})"))
                .unwrap_or_default();
            return Some(format!("field {col:?}{id}: {v} is not {}", rule.name()));
        }
    }
    None
}

impl Store {
    /// The data's rules beyond SQLite's integrity: every date, time, stamp and whole number
    /// in the format the application reads (the first bad value of each column).
    pub fn check_data(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for &table in TABLES {
            for (col, rule) in rules_of(&self.conn, table)? {
                let mut st = self
                    .conn
                    .prepare(&format!("SELECT rowid, \"{col}\" FROM {table}"))?;
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    if !rule.sql_ok(r.get_ref(1)?) {
                        let id: i64 = r.get(0)?;
                        problems.push(format!(
                            "data: {table} row {id}: {col} is not {}",
                            rule.name()
                        ));
                        break;
                    }
                }
            }
        }
        Ok(problems)
    }
}
