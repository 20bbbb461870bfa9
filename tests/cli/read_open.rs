//! A read command (`shtab tasks`) opens the database read-only: the same answers as the
//! full open, a newer schema refused, and the file left as it was.

use crate::common;

use common::cli::{demo_db, p, shtab, text};
use shtab::store::Store;

#[test]
fn a_read_command_counts_what_the_store_holds_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let today = chrono::Local::now().date_naive();
    let overdue = Store::open(&db).unwrap().count_overdue(today).unwrap();
    assert!(overdue > 0);
    let before = std::fs::read(&db).unwrap();
    let out = shtab(&["tasks", "--db", p(&db), "--count", "--overdue"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), overdue.to_string());
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a read changed the file"
    );
}

#[test]
fn a_read_command_refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let c = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    c.execute_batch(&format!("PRAGMA user_version = {}", v + 1))
        .unwrap();
    drop(c);
    let out = shtab(&["tasks", "--db", p(&db), "--count"]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("newer Shtab"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
