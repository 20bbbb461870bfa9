//! Issue 17: opening an older file tells an observer about the schema upgrade (the store
//! prints nothing), and migration 0019's indexes leave the Protocol and Plan tabs' answers
//! as they were.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::demo::{DemoOptions, generate};
use crate::store::{MIGRATIONS, Store, Upgrade, UpgradeObserver};

/// What an observer was told, in order.
#[derive(Default)]
struct Told(Vec<String>);

impl UpgradeObserver for Told {
    fn starting(&mut self, up: &Upgrade) {
        self.0.push(format!(
            "start {} {}->{}",
            up.path.display(),
            up.from,
            up.to
        ));
    }
    fn finished(&mut self, up: &Upgrade, _: Duration, ok: bool) {
        self.0.push(format!("done {}->{} ok={ok}", up.from, up.to));
    }
}

/// A file left by a Shtab whose schema stopped at `version`: stamped, in WAL mode, with an
/// organization in it.
fn file_at(path: &Path, version: usize) {
    let conn = crate::store::old_files::schema_at(path, version);
    conn.execute_batch(
        "INSERT INTO organization(id, name_ky, kind, search)
             VALUES (1, '№5 мектеп', 'school', '№5 мектеп');",
    )
    .unwrap();
}

fn version(store: &Store) -> usize {
    store
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
        .unwrap() as usize
}

#[test]
fn an_old_file_tells_its_upgrade_before_and_after_and_a_current_one_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let (old, latest) = (MIGRATIONS.len() - 2, MIGRATIONS.len());
    file_at(&db, old);
    let mut told = Told::default();
    let store = Store::open_with(&db, &mut told).unwrap();
    assert_eq!(
        told.0,
        [
            format!("start {} {old}->{latest}", db.display()),
            format!("done {old}->{latest} ok=true"),
        ]
    );
    assert_eq!(version(&store), latest);
    assert_eq!(store.count("organization").unwrap(), 1, "the data stays");
    drop(store);

    let mut again = Told::default();
    Store::open_with(&db, &mut again).unwrap();
    assert!(again.0.is_empty(), "{:?}", again.0);
    Store::open_reader_with(&db, &mut again).unwrap();
    assert!(again.0.is_empty(), "{:?}", again.0);
}

/// A read command's open (read-only when current) migrates an older file through the full
/// open, and tells it.
#[test]
fn a_reader_on_an_old_file_tells_its_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    file_at(&db, 15);
    let mut told = Told::default();
    let store = Store::open_reader_with(&db, &mut told).unwrap();
    assert_eq!(told.0.len(), 2, "{:?}", told.0);
    assert!(told.0[0].ends_with(&format!("15->{}", MIGRATIONS.len())));
    assert_eq!(version(&store), MIGRATIONS.len());
}

#[test]
fn a_new_file_is_made_without_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut told = Told::default();
    let store = Store::open_with(&dir.path().join("new.db"), &mut told).unwrap();
    assert_eq!(version(&store), MIGRATIONS.len());
    assert!(told.0.is_empty(), "{:?}", told.0);
}

/// A migration that fails is told as such, and the file stays at its version.
#[test]
fn a_failed_upgrade_is_told_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let at = MIGRATIONS.len() - 1;
    file_at(&db, at);
    // What the last migration makes, already there, makes it fail: a table of the name of an
    // index it creates, or a column it adds.
    let word = |after: &str| {
        MIGRATIONS[at]
            .split(after)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
    };
    let clash = match (
        word("CREATE INDEX "),
        word("ALTER TABLE "),
        word("ADD COLUMN "),
    ) {
        (Some(index), _, _) => format!("CREATE TABLE {index}(x)"),
        (None, Some(table), Some(column)) => format!("ALTER TABLE {table} ADD COLUMN {column}"),
        _ => panic!("the last migration creates an index or adds a column"),
    };
    let c = Connection::open(&db).unwrap();
    c.execute_batch(&clash).unwrap();
    drop(c);
    let mut told = Told::default();
    assert!(Store::open_with(&db, &mut told).is_err());
    assert_eq!(told.0.len(), 2, "{:?}", told.0);
    assert!(told.0[1].ends_with("ok=false"), "{:?}", told.0);
    let c = Connection::open(&db).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, at);
}

fn demo(tasks: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    generate(
        &mut store,
        &DemoOptions {
            tasks,
            seed: 7,
            today,
        },
    )
    .unwrap();
    store
}

/// The undelivered extracts read through the (decision, executor) index are the ones a
/// plain statement over every task finds, with some delivered and co-executors among them.
#[test]
fn undelivered_extracts_are_those_a_plain_reading_finds() {
    let store = demo(3000);
    let plain = |s: &Store| -> Vec<(i64, String, i64)> {
        let mut st = s
            .conn()
            .prepare(
                "SELECT DISTINCT p.id, p.reg_number || '/' || p.year, x.org
                   FROM protocol p JOIN decision d ON d.protocol_id = p.id
                   JOIN task t ON t.decision_id = d.id
                   JOIN (SELECT id AS tid, executor_id AS org FROM task
                         UNION SELECT task_id, organization_id FROM task_co_executor) x
                     ON x.tid = t.id
                  WHERE p.status = 'signed'
                    AND NOT EXISTS (SELECT 1 FROM extract_delivery e
                                     WHERE e.protocol_id = p.id AND e.organization_id = x.org)
                  ORDER BY p.year, p.reg_number, x.org",
            )
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    // An organization that is only a co-executor, on a task of a signed protocol.
    let (pid, task): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT p.id, max(t.id) FROM protocol p JOIN decision d ON d.protocol_id = p.id
               JOIN task t ON t.decision_id = d.id WHERE p.status = 'signed'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    store
        .conn()
        .execute_batch(&format!(
            "INSERT INTO organization(id, name_ky, kind, search)
                 VALUES (9001, 'Жаңы уюм', 'school', 'жаңы уюм');
             INSERT INTO task_co_executor(task_id, organization_id) VALUES ({task}, 9001);"
        ))
        .unwrap();
    let got = store.undelivered_extracts().unwrap();
    assert_eq!(got, plain(&store));
    assert!(got.iter().any(|u| u.0 == pid && u.2 == 9001), "{got:?}");
    let co: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM task_co_executor c JOIN task t ON t.id = c.task_id
              WHERE t.executor_id <> c.organization_id AND t.decision_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(co > 0, "co-executors are among the pairs");
    let delivered = store.count("extract_delivery").unwrap();
    assert!(
        delivered > 0 && !got.is_empty(),
        "{delivered} {}",
        got.len()
    );
}

/// The Plan tab's links read from the index of open linked tasks are the ones (and in the
/// order) a plain statement over the table finds.
#[test]
fn plan_task_links_are_those_a_plain_reading_finds() {
    let store = demo(3000);
    let links = store.plan_task_links(false).unwrap();
    let mut st = store
        .conn()
        .prepare(
            "SELECT t.measure_id, t.status, t.deadline, o.name_ky
               FROM task t NOT INDEXED JOIN organization o ON o.id = t.executor_id
              WHERE t.measure_id IS NOT NULL
                AND t.status IN ('assigned','in_progress','extension_requested')
              ORDER BY t.deadline, t.id",
        )
        .unwrap();
    let mut plain: std::collections::HashMap<i64, Vec<(String, chrono::NaiveDate, String)>> =
        Default::default();
    let rows = st
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })
        .unwrap();
    for row in rows {
        let (m, l) = row.unwrap();
        plain.entry(m).or_default().push(l);
    }
    assert!(plain.values().map(Vec::len).sum::<usize>() > 10);
    let got: std::collections::HashMap<i64, Vec<(String, chrono::NaiveDate, String)>> = links
        .into_iter()
        .map(|(m, v)| {
            let v = v
                .into_iter()
                .map(|l| (l.status.code().to_string(), l.deadline, l.executor))
                .collect();
            (m, v)
        })
        .collect();
    assert_eq!(got, plain);
}
