//! Issue 17: a file made before migration 0016 (its triggers each spelling the whole insert
//! into the log out) is upgraded on open, and logs as before. Here, not under `tests/`, so
//! the file is made by the migrations up to 0016 only, whatever comes after.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use super::{AuditFilter, AuditRow, chain_hash, register};
use crate::store::{APPLICATION_ID, MIGRATIONS, Store, register_collation};

/// The row-audit triggers as `ensure_triggers` made them before migration 0016.
fn old_form(c: &Connection) -> String {
    let mut sql = String::new();
    for &table in crate::store::transfer::TABLES {
        let plain: bool = c
            .query_row(
                "SELECT EXISTS(SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1
                               AND sql NOT LIKE 'CREATE VIRTUAL%')",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        if table == "audit_log" || !plain {
            continue;
        }
        let cols: Vec<String> = c
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let sig = &chain_hash("", &[Some(&cols.join(","))])[..8];
        let json = |row: &str| {
            let pairs: Vec<String> = cols
                .iter()
                .filter(|c| c.as_str() != "search")
                .map(|c| format!("'{c}', {row}.\"{c}\""))
                .collect();
            format!("json_object({})", pairs.join(", "))
        };
        for (kind, event, row_id, old_v, new_v) in [
            (
                "ins",
                "INSERT",
                "NEW.rowid",
                "NULL".to_string(),
                json("NEW"),
            ),
            ("upd", "UPDATE", "NEW.rowid", json("OLD"), json("NEW")),
            (
                "del",
                "DELETE",
                "OLD.rowid",
                json("OLD"),
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
    }
    sql
}

/// The names of the row-audit triggers (not the log's own guards, not `audit_entry`'s).
fn row_triggers(c: &Connection) -> Vec<String> {
    c.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'audit_*'
         AND tbl_name NOT IN ('audit_log', 'audit_entry') ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

/// The log's rows about `entity`, oldest first.
fn logged(store: &Store, entity: &str) -> Vec<AuditRow> {
    let mut rows: Vec<AuditRow> = store
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.entity == entity)
        .collect();
    rows.reverse();
    rows
}

/// A file as Shtab made it before migration 0016, with two organizations (one updated)
/// whose changes the old triggers logged.
fn made_before(path: &std::path::Path) {
    let at = MIGRATIONS
        .iter()
        .position(|m| m.contains("CREATE TABLE audit_entry("))
        .expect("the migration of audit_entry");
    let mut c = Connection::open(path).unwrap();
    register_collation(&c).unwrap();
    register(&c, Arc::new(AtomicBool::new(true))).unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA foreign_keys = OFF;"
    ))
    .unwrap();
    let before: Vec<M> = MIGRATIONS[..at].iter().map(|s| M::up(s)).collect();
    Migrations::new(before).to_latest(&mut c).unwrap();
    c.execute_batch(&old_form(&c)).unwrap();
    c.execute_batch(
        "INSERT INTO organization(id, name_ky, kind) VALUES (1, '№5 орто мектеби', 'school');
         INSERT INTO organization(id, name_ky, kind) VALUES (2, 'Убактылуу', 'school');
         UPDATE organization SET head_name = 'Асанова Г.' WHERE id = 1;",
    )
    .unwrap();
}

#[test]
fn a_file_made_before_0016_is_upgraded_on_open_and_logs_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    made_before(&path);
    let (kept, gone) = (1, 2);
    let old_names = row_triggers(&Connection::open(&path).unwrap());
    assert!(old_names.len() >= 60, "{}", old_names.len());
    // Checked as it is (`shtab check` of a backup made before), nothing is missing.
    let problems = Store::open_read_only(&path).unwrap().check_trust().unwrap();
    assert!(problems.is_empty(), "{problems:?}");

    let mut store = Store::open(&path).unwrap();
    let rows = store.audit_rows(&AuditFilter::default()).unwrap();
    assert!(rows.iter().all(|r| r.action != "repair"), "no repair row");
    let now = row_triggers(store.conn());
    assert_eq!(now.len(), old_names.len(), "three for each table");
    assert!(now.iter().all(|n| !old_names.contains(n)), "all replaced");
    assert!(store.check_trust().unwrap().is_empty());
    assert_eq!(store.verify_audit().unwrap(), None);
    // The fixed part (the chain hash) is spelled once, in `audit_entry`'s trigger.
    let chained: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'audit_*'
             AND sql LIKE '%shtab_chain%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(chained, 1);

    // The same changes through the new triggers: each value in the very form the old ones
    // wrote it (an update's old values are the JSON the previous change recorded as new).
    let mut a = store.organization(kept).unwrap();
    a.head_name = "Бекова А.".into();
    store.save_organization(&a).unwrap();
    let mut b = store.organization(gone).unwrap();
    b.head_name = "Осмонов К.".into();
    store.save_organization(&b).unwrap();
    let b = store.organization(gone).unwrap();
    store.delete_organization(gone, b.version).unwrap();
    let rows = logged(&store, "organization");
    let of = |id: i64, action: &str| -> Vec<&AuditRow> {
        rows.iter()
            .filter(|r| r.entity_id == Some(id) && r.action == action)
            .collect()
    };
    let a_updates = of(kept, "update");
    assert_eq!(a_updates.len(), 2);
    assert_eq!(a_updates[1].old_values, a_updates[0].new_values);
    let new: serde_json::Value =
        serde_json::from_str(a_updates[1].new_values.as_deref().unwrap()).unwrap();
    assert_eq!(new["head_name"], "Бекова А.");
    let (b_insert, b_update, b_delete) =
        (of(gone, "insert"), of(gone, "update"), of(gone, "delete"));
    assert_eq!(b_insert.len(), 1);
    assert_eq!(b_update[0].old_values, b_insert[0].new_values);
    assert_eq!(b_delete[0].old_values, b_update[0].new_values);
    assert_eq!(b_delete[0].new_values, None);
    assert_eq!(b_insert[0].old_values, None);
    assert_eq!(b_update[0].user, crate::store::current_user());
    assert_eq!(b_update[0].detail, "");
    let integers: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE typeof(entity_id) <> 'integer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(integers, 0, "ids stay integers, as the chain hashed them");
    assert_eq!(store.verify_audit().unwrap(), None);
}
