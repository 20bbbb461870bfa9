//! Migration 0017 (a task's `search` column goes) on a file made at the schema before it.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::query;
use crate::domain::text::fold;
use crate::store::transfer;
use crate::store::{MIGRATIONS, NewTask, QueryContext, Store};

/// Where the task's search column is dropped.
fn drop_at() -> usize {
    MIGRATIONS
        .iter()
        .position(|m| m.contains("ALTER TABLE task DROP COLUMN search"))
        .expect("the migration that drops task.search")
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let mut st = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Texts of tasks as the old writers stored them: with their folded copy.
const TEXTS: &[&str] = &[
    "Мектептерди интернетке туташтыруу",
    "Ёлка жана Өрнөк боюнча маалымат берүү",
    "Подключить школы к сети до конца года",
];

/// A file at the schema before the drop, as a Shtab of that schema left it: stamped, in
/// WAL mode, with its audit and guard triggers, and tasks written (and audited) with their
/// search column filled. Returns the ids of the tasks.
fn old_file(path: &Path) -> Vec<i64> {
    let conn = crate::store::old_files::file_at(path, drop_at());
    assert!(columns(&conn, "task").contains(&"search".to_string()));
    conn.execute_batch(
        "INSERT INTO organization(id, name_ky, kind, search)
             VALUES (1, '№5 мектеп', 'school', '№5 мектеп');
         INSERT INTO member(id, full_name, role, term_from, search)
             VALUES (1, 'Асанова Гүлмира', 'secretary', '2020-01-01', 'асанова гүлмира');",
    )
    .unwrap();
    let mut ids = Vec::new();
    for text in TEXTS {
        conn.execute(
            "INSERT INTO task(text, executor_id, controller_id, deadline, created_at, search)
             VALUES (?1, 1, 1, '2026-12-30', '2026-03-20T11:00:00', ?2)",
            [*text, &fold(text)],
        )
        .unwrap();
        ids.push(conn.last_insert_rowid());
    }
    conn.execute(
        "INSERT INTO execution_report(task_id, report_date, text, doc_number, created_at)
         VALUES (?1, '2026-04-01', 'Келишим түзүлдү', '07-11/5512', '2026-04-01T09:00:00')",
        [ids[0]],
    )
    .unwrap();
    conn.execute(
        "UPDATE task SET text = text || '.', search = search || '.', version = version + 1
         WHERE id = ?1",
        [ids[2]],
    )
    .unwrap();
    ids
}

fn cx() -> QueryContext {
    QueryContext {
        today: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        me: None,
    }
}

fn found(store: &Store, words: &str) -> Vec<i64> {
    let q = query::parse(words).unwrap();
    let mut ids: Vec<i64> = store
        .tasks_all(&q, &cx())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

#[test]
fn upgrading_drops_the_task_search_column_and_keeps_every_task_found_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let ids = old_file(&path);
    let logged_before: i64 = Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert!(logged_before >= 6, "the old file's writes were audited");

    let mut store = Store::open(&path).unwrap();
    let c = store.conn();
    let at: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(at as usize, MIGRATIONS.len());
    assert!(!columns(c, "task").contains(&"search".to_string()));
    // The directory's search columns stay, with what they held.
    let org: String = c
        .query_row("SELECT search FROM organization WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(org, "№5 мектеп");
    assert!(columns(c, "member").contains(&"search".to_string()));
    // Every task and its text.
    let texts: Vec<(i64, String)> = c
        .prepare("SELECT id, text FROM task ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let expected: Vec<(i64, String)> = ids
        .iter()
        .zip(TEXTS)
        .enumerate()
        .map(|(i, (id, t))| {
            (
                *id,
                if i == 2 {
                    format!("{t}.")
                } else {
                    t.to_string()
                },
            )
        })
        .collect();
    assert_eq!(texts, expected);
    // The triggers were made anew for the new column list, by no repair; one set of audit
    // triggers per table: the old set of task's is gone, not left to log every change a
    // second time.
    let sets = crate::store::old_files::assert_upgraded_without_repair(c);
    assert!(sets.iter().any(|(t, _)| t == "task"), "{sets:?}");
    assert_eq!(store.verify_audit().unwrap(), None);

    // Word search still finds them: by text (case, ё and Kyrgyz letters folded) and report.
    assert_eq!(found(&store, "ИНТЕРНЕТКЕ"), vec![ids[0]]);
    assert_eq!(found(&store, "елка өрнөк"), vec![ids[1]]);
    assert_eq!(found(&store, "5512"), vec![ids[0]]);
    assert_eq!(found(&store, "школы"), vec![ids[2]]);
    // The org: term still reads the organization's search column.
    assert_eq!(found(&store, "org:мектеп").len(), 3);

    // New writes go in without the column, are found and audited on the same chain.
    let id = store
        .add_task(&NewTask {
            text: "Сайтты жаңыртуу".into(),
            executor_id: 1,
            controller_id: Some(1),
            deadline: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        })
        .unwrap();
    assert_eq!(found(&store, "сайтты"), vec![id]);
    let rows_of = |store: &Store| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE entity = 'task' AND entity_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(
        rows_of(&store),
        2,
        "one row for the insert, one for the action"
    );
    let new_values: String = store
        .conn()
        .query_row(
            "SELECT new_values FROM audit_log WHERE entity = 'task' AND entity_id = ?1
             AND action = 'insert'",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(new_values.contains("Сайтты жаңыртуу"), "{new_values}");
    assert!(!new_values.contains("search"), "{new_values}");
    assert_eq!(store.verify_audit().unwrap(), None);

    // Opened again: nothing left to migrate or remake, nothing logged.
    let logged: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let again: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(again, logged);
    assert_eq!(store.verify_audit().unwrap(), None);
}

/// An export made at the schema before the drop (its tasks carry no search field, as
/// exports never did) imports into the new schema; a record that names a task's search
/// field is refused as an unknown field, as before.
#[test]
fn an_export_made_before_the_drop_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    old_file(&path);
    // Export with the old schema's export: open at that schema read-only (no migration).
    let old = Store::open_read_only(&path).unwrap();
    let export = old.export().unwrap();
    drop(old);
    assert_eq!(export.schema_version, drop_at());
    let tasks = export.tables["task"].as_array().unwrap();
    assert_eq!(tasks.len(), TEXTS.len());
    assert!(tasks.iter().all(|t| t.get("search").is_none()));

    let mut fresh = Store::open_in_memory().unwrap();
    let n = fresh.import(&export, false).unwrap();
    assert!(n >= TEXTS.len() + 2, "{n}");
    let again = fresh.export().unwrap();
    assert_eq!(again.tables["task"], export.tables["task"]);
    assert_eq!(found(&fresh, "туташтыруу").len(), 1);
    assert_eq!(found(&fresh, "5512").len(), 1);
    assert_eq!(fresh.verify_audit().unwrap(), None);

    // A hand-made record with the old derived field is refused by name, not half-read.
    let mut bad = export;
    bad.tables["task"].as_array_mut().unwrap()[0]
        .as_object_mut()
        .unwrap()
        .insert("search".into(), "x".into());
    let e = Store::open_in_memory()
        .unwrap()
        .import(&bad, false)
        .unwrap_err();
    assert!(
        matches!(&e, transfer::ImportError::BadRecord { table, problem, .. }
            if table == "task" && problem.contains("search")),
        "{e}"
    );
}

/// A file upgraded before sets of older column lists were dropped (by an ADD COLUMN, which
/// leaves a table's triggers) has two sets on a table: the stale one goes at the next
/// start, as no repair, and a change is logged once.
#[test]
fn a_stale_set_of_audit_triggers_beside_the_current_one_goes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.db");
    let store = Store::open(&path).unwrap();
    let count = |c: &Connection, sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The same triggers under an older signature, as an upgrade left them.
    let stale: Vec<String> = store
        .conn()
        .prepare(
            "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'member'
              AND name GLOB 'audit_member_*'",
        )
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|sql| {
            let sql = sql.unwrap();
            let at = sql.find("audit_member_").unwrap() + "audit_member_xxx_".len();
            format!("{}0badf00d{};", &sql[..at], &sql[at + 8..])
        })
        .collect();
    assert_eq!(stale.len(), 3);
    store.conn().execute_batch(&stale.concat()).unwrap();
    let on_member = "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
                      AND name GLOB 'audit_member_*'";
    assert_eq!(count(store.conn(), on_member), 6);
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(count(store.conn(), on_member), 3);
    // task_co_executor's triggers (whose names begin as task's) are left alone.
    assert_eq!(
        count(
            store.conn(),
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
              AND name GLOB 'audit_task_co_executor_*'"
        ),
        3
    );
    assert_eq!(
        count(
            store.conn(),
            "SELECT count(*) FROM audit_log WHERE action = 'repair'"
        ),
        0
    );
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO member(full_name, role, term_from) VALUES ('Бакыт', 'member', '2020-01-01')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        count(
            store.conn(),
            "SELECT count(*) FROM audit_log WHERE entity = 'member'"
        ),
        1
    );
    assert_eq!(store.verify_audit().unwrap(), None);
}
