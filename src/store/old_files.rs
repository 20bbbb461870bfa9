//! Test files left by an older Shtab, for the upgrade tests of each migration.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::store::{APPLICATION_ID, MIGRATIONS, audit, register_collation};

/// A file whose schema stopped at `version` migrations: stamped, in WAL mode, foreign keys
/// on; no audit or guard trigger made (those are made by the Shtab of each version: before
/// migration 0016 in another form than today's).
pub(crate) fn schema_at(path: &Path, version: usize) -> Connection {
    let mut conn = Connection::open(path).unwrap();
    register_collation(&conn).unwrap();
    audit::register(&conn, Arc::new(AtomicBool::new(true))).unwrap();
    audit::register_importing(&conn, Arc::new(AtomicBool::new(false))).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = OFF;"
    ))
    .unwrap();
    let before: Vec<M> = MIGRATIONS[..version].iter().map(|s| M::up(s)).collect();
    Migrations::new(before).to_latest(&mut conn).unwrap();
    conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
    conn
}

/// As [`schema_at`], with the audit and guard triggers a Shtab of that schema made (today's
/// form: for a `version` from migration 0016 on). Writes on the connection are audited.
pub(crate) fn file_at(path: &Path, version: usize) -> Connection {
    let conn = schema_at(path, version);
    audit::ensure_triggers(&conn).unwrap();
    audit::ensure_guards(&conn).unwrap();
    conn
}

/// Each table's count of audit triggers (a set is three: insert, update, delete).
pub(crate) fn audit_trigger_sets(c: &Connection) -> Vec<(String, i64)> {
    c.prepare(
        "SELECT tbl_name, count(*) FROM sqlite_schema
          WHERE type = 'trigger' AND name GLOB 'audit_*' GROUP BY tbl_name",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// The first column of the first row of `sql`, a number.
pub(crate) fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// After an upgrade: one set of three audit triggers per table (the log's own two guards,
/// the one appending trigger of `audit_entry`), none changed from the form Shtab makes.
pub(crate) fn assert_one_trigger_set_each(c: &Connection, sets: &[(String, i64)]) {
    assert!(
        sets.iter().all(|(t, n)| *n == 3
            || (t == "audit_log" && *n == 2)
            || (t == "audit_entry" && *n == 1)),
        "{sets:?}"
    );
    assert!(audit::trigger_problems(c).unwrap().is_empty());
}

/// After an upgrade: no repair row in the log (the triggers were made anew, not mended),
/// one set of audit triggers per table ([`assert_one_trigger_set_each`]); the sets, for a
/// test's own checks.
pub(crate) fn assert_upgraded_without_repair(c: &Connection) -> Vec<(String, i64)> {
    assert_eq!(
        count(c, "SELECT count(*) FROM audit_log WHERE action = 'repair'"),
        0,
        "no repair row"
    );
    let sets = audit_trigger_sets(c);
    assert_one_trigger_set_each(c, &sets);
    sets
}
