//! `Store::open_reader`, the open of a command that only reads: it sees every committed
//! write (the WAL included), writes nothing, refuses a newer schema, and hands a file that
//! is not at the latest schema to the full open (which migrates it).

use std::path::Path;
use std::time::{Duration, SystemTime};

use rusqlite::Connection;
use shtab::store::{Failure, Store, StoreError};

fn orgs(store: &Store) -> i64 {
    store.count("organization").unwrap()
}

fn add_org(store: &mut Store, name: &str) {
    store
        .write(|tx| {
            tx.execute(
                "INSERT INTO organization(name_ky, name_ru, kind) VALUES (?1, ?1, 'school')",
                [name],
            )?;
            Ok(())
        })
        .unwrap();
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn known() -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fresh.db");
    drop(Store::open(&path).unwrap());
    user_version(&path)
}

#[test]
fn a_reader_sees_what_a_live_writer_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let mut writer = Store::open(&path).unwrap();
    add_org(&mut writer, "Биринчи");
    // The writer stays open: its commit is in the WAL, not yet in the main file.
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    let reader = Store::open_reader(&path).unwrap();
    assert_eq!(orgs(&reader), 1);
    // A commit made after the reader opened shows in its next read.
    add_org(&mut writer, "Экинчи");
    assert_eq!(orgs(&reader), 2);
}

#[test]
fn a_reader_writes_nothing_and_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    {
        let mut store = Store::open(&path).unwrap();
        add_org(&mut store, "Биринчи");
    }
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(past)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    {
        let mut reader = Store::open_reader(&path).unwrap();
        assert_eq!(orgs(&reader), 1);
        assert!(reader.set_setting("ui.lang", "ru").is_err());
        assert!(reader.setting("ui.lang").unwrap().is_none());
    }
    assert_eq!(std::fs::read(&path).unwrap(), before, "bytes changed");
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        past,
        "the file was written"
    );
    assert_eq!(orgs(&Store::open(&path).unwrap()), 1);
}

#[test]
fn a_reader_refuses_a_newer_schema_and_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let known = known();
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {}", known + 1))
        .unwrap();
    match Store::open_reader(&path) {
        Err(StoreError::Failed(Failure::TooNew(p, at, k))) => {
            assert_eq!(p, path);
            assert_eq!(at as i64, known + 1);
            assert_eq!(k as i64, known);
        }
        Err(e) => panic!("expected TooNew, got {e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
    assert_eq!(user_version(&path), known + 1);
}

#[test]
fn a_reader_of_an_unmigrated_file_migrates_it_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.db");
    // An SQLite file with no schema and no stamp: Shtab's to take (as `Store::open` does).
    Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE x(a); DROP TABLE x;")
        .unwrap();
    assert_eq!(user_version(&path), 0);
    let reader = Store::open_reader(&path).unwrap();
    assert_eq!(orgs(&reader), 0);
    drop(reader);
    assert_eq!(user_version(&path), known());
}

#[test]
fn a_reader_refuses_a_missing_or_foreign_file_and_makes_none() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    assert!(Store::open_reader(&missing).is_err());
    assert!(!missing.exists());
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "not a database at all, but long enough to hold a header ......................................").unwrap();
    assert!(matches!(
        Store::open_reader(&foreign),
        Err(StoreError::Failed(Failure::NotShtab(_)))
    ));
}

/// A reader's counts of statuses with words (a status's set of ids intersected with the
/// word's matches, read for the one question) equal a long-lived store's and the number
/// of rows its listing (the matches' rows tested in place) prints.
#[test]
fn a_readers_counts_of_words_with_statuses_equal_the_full_stores() {
    use shtab::store::QueryContext;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let today = crate::common::today();
    {
        let mut store = Store::open(&path).unwrap();
        crate::common::write_demo(&mut store, 3000, 5, today);
    }
    let full = Store::open(&path).unwrap();
    let reader = Store::open_reader(&path).unwrap();
    let cx = QueryContext { today, me: None };
    let mut compared = 0;
    for text in [
        "status:open чечилсин",
        "status:overdue чечилсин",
        "status:done чечилсин",
        "status:closed чечилсин",
        "status:open status:done чечилсин",
        "status:open мектеп",
        "status:cancelled план",
        "status:open контролдоо мектеп",
    ] {
        let q = shtab::domain::query::parse(text).unwrap();
        let kept = full.tasks_count(&q, &cx).unwrap();
        let read = reader.tasks_count(&q, &cx).unwrap();
        assert_eq!(read, kept, "{text}");
        assert_eq!(
            read,
            reader.tasks_listed(&q, &cx).unwrap().rows.len() as i64,
            "{text}"
        );
        compared += usize::from(read > 0);
    }
    // Not all empty: the words are the demo's.
    assert!(compared >= 4, "only {compared} non-empty counts");
}
