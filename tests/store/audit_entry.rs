//! Issue 17: each table's audit trigger inserts into the table `audit_entry`, whose one
//! trigger appends to the log with the chain hash. A file with the older triggers (each
//! spelling the whole insert out) is upgraded on open; without that table's trigger a change
//! is refused, never made unlogged.

use std::path::Path;

use rusqlite::Connection;
use shtab::domain::{OrgKind, Organization};
use shtab::store::Store;
use shtab::store::audit::{AuditFilter, AuditRow, chain_hash};

/// The row-audit triggers as `ensure_triggers` made them before migration 0016.
fn old_form(c: &Connection) -> String {
    let mut sql = String::new();
    for &table in shtab::store::transfer::TABLES {
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

fn org(name: &str) -> Organization {
    Organization::new(name, OrgKind::School)
}

/// Turn a file made now back into one as migration 15 left it: the old triggers, no `audit_entry`.
fn make_old(store: &Store) {
    let c = store.conn();
    for name in row_triggers(c) {
        c.execute_batch(&format!("DROP TRIGGER \"{name}\""))
            .unwrap();
    }
    c.execute_batch("DROP TABLE audit_entry; PRAGMA user_version = 15;")
        .unwrap();
    c.execute_batch(&old_form(c)).unwrap();
}

#[test]
fn a_file_with_the_old_triggers_is_upgraded_on_open_and_logs_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = Store::open(&path).unwrap();
    let kept = store.save_organization(&org("№5 орто мектеби")).unwrap();
    make_old(&store);
    let old_names = row_triggers(store.conn());
    assert!(old_names.len() >= 60, "{}", old_names.len());
    // Changes logged by the old triggers: an update of one organization, a new one.
    let mut a = store.organization(kept).unwrap();
    a.head_name = "Асанова Г.".into();
    store.save_organization(&a).unwrap();
    let gone = store.save_organization(&org("Убактылуу")).unwrap();
    drop(store);
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
    assert_eq!(b_update[0].user, shtab::store::current_user());
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
    let repairs: Vec<String> = store
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "repair")
        .map(|r| r.detail)
        .collect();
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
    let repairs: Vec<String> = store
        .audit_rows(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "repair")
        .map(|r| r.detail)
        .collect();
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
