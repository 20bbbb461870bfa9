//! Issue 17: each table's audit trigger inserts into the table `audit_entry`, whose one
//! trigger appends to the log with the chain hash. Without that trigger a change is refused,
//! never made unlogged; a hollowed one is found and made again. (The upgrade of a file made
//! before: `src/store/audit/tests.rs`.)

use std::path::Path;

use rusqlite::Connection;
use shtab::domain::{OrgKind, Organization};
use shtab::store::Store;
use shtab::store::audit::{AuditFilter, AuditRow};

/// What the log says was repaired, newest first.
fn repairs(store: &Store) -> Vec<String> {
    store
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "repair")
        .map(|r| r.detail)
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

fn org(name: &str) -> Organization {
    Organization::new(name, OrgKind::School)
}

fn count(store: &Store, table: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn missing_entry_refuses_changes(path: &Path, attack: &str) {
    let mut store = Store::open(path).unwrap();
    store.save_organization(&org("№5 орто мектеби")).unwrap();
    store.conn().execute_batch(attack).unwrap();
    let (orgs, log) = (count(&store, "organization"), count(&store, "audit_log"));
    let refused = store.save_organization(&org("Жашыруун")).unwrap_err();
    assert!(
        refused.to_string().contains("audit_entry"),
        "{attack}: {refused}"
    );
    assert_eq!(count(&store, "organization"), orgs, "{attack}");
    assert_eq!(count(&store, "audit_log"), log, "{attack}");
    let problems = store.check_trust().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("trigger audit_entry_append is missing")),
        "{attack}: {problems:?}"
    );
    drop(store);

    // Shtab's next open puts it back, and says so in the log.
    let mut store = Store::open(path).unwrap();
    let repairs = repairs(&store);
    assert!(
        repairs
            .iter()
            .any(|d| d.contains("audit_entry_append was missing")),
        "{attack}: {repairs:?}"
    );
    let id = store.save_organization(&org("Жашыруун")).unwrap();
    assert!(
        logged(&store, "organization")
            .iter()
            .any(|r| r.action == "insert" && r.entity_id == Some(id)),
        "{attack}"
    );
    assert!(store.check_trust().unwrap().is_empty(), "{attack}");
    assert_eq!(store.verify_audit().unwrap(), None, "{attack}");
}

#[test]
fn without_the_entry_trigger_a_change_is_refused_until_shtab_recreates_it() {
    let dir = tempfile::tempdir().unwrap();
    for (i, attack) in [
        "DROP TRIGGER audit_entry_append;",
        "DROP TABLE audit_entry;",
    ]
    .into_iter()
    .enumerate()
    {
        missing_entry_refuses_changes(&dir.path().join(format!("{i}.db")), attack);
    }
}

/// A trigger made anew under its own name with a body that logs nothing.
fn hollowed(c: &Connection, name: &str) {
    let (table, event): (String, String) = c
        .query_row(
            "SELECT tbl_name, CASE WHEN tbl_name = 'audit_entry' THEN 'BEFORE INSERT'
                    ELSE 'AFTER UPDATE' END
             FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER \"{name}\";
         CREATE TRIGGER \"{name}\" {event} ON \"{table}\" BEGIN SELECT 1; END;"
    ))
    .unwrap();
}

#[test]
fn a_hollowed_audit_trigger_is_found_and_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hollow.db");
    let mut store = Store::open(&path).unwrap();
    let id = store.save_organization(&org("№5 орто мектеби")).unwrap();
    let update: String = store
        .conn()
        .query_row(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger'
             AND name GLOB 'audit_organization_upd_*'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for name in ["audit_entry_append", update.as_str()] {
        hollowed(store.conn(), name);
        let problems = store.check_trust().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p == &format!("trigger {name} was changed behind Shtab's back")),
            "{name}: {problems:?}"
        );
        drop(store);
        store = Store::open(&path).unwrap();
        assert!(store.check_trust().unwrap().is_empty(), "{name}");
        let before = logged(&store, "organization").len();
        let mut o = store.organization(id).unwrap();
        o.head_name = format!("{name} кийин");
        store.save_organization(&o).unwrap();
        let rows = logged(&store, "organization");
        assert_eq!(rows.len(), before + 1, "{name}: the change is logged again");
        assert_eq!(rows[before].action, "update");
    }
    // The table remade without its check (and so without its trigger): changes would stay
    // in it, unlogged, until Shtab's next open makes it again.
    store
        .conn()
        .execute_batch(
            "DROP TABLE audit_entry;
             CREATE TABLE audit_entry(action, entity, entity_id, old_values, new_values);",
        )
        .unwrap();
    let problems = store.check_trust().unwrap();
    for p in [
        "table audit_entry was changed behind Shtab's back",
        "trigger audit_entry_append is missing (dropped behind Shtab's back)",
    ] {
        assert!(problems.iter().any(|q| q == p), "{p}: {problems:?}");
    }
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let n = logged(&store, "organization").len();
    store.save_organization(&org("Жашыруун")).unwrap();
    assert_eq!(logged(&store, "organization").len(), n + 1);
    let kept: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_entry", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0, "audit_entry never keeps a row");
    assert!(store.check_trust().unwrap().is_empty());
    let repairs = repairs(&store);
    assert!(
        repairs
            .iter()
            .any(|d| d == "audit_entry was changed; recreated"),
        "{repairs:?}"
    );
    assert!(
        repairs
            .iter()
            .any(|d| d == "audit_entry_append was changed; recreated"),
        "{repairs:?}"
    );
    assert!(
        repairs
            .iter()
            .any(|d| d == "the audit triggers of organization were changed; recreated"),
        "{repairs:?}"
    );
    assert_eq!(store.verify_audit().unwrap(), None);
}
