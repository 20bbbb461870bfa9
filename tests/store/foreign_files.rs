//! Files that are not ours (refused and left untouched) and imports that must import
//! nothing when any record is wrong.

use crate::store::{
    all_orgs, export_from, fill_every_table, json_of, mem, migration_count, names, org, pragma_i64,
    total_rows,
};
use rusqlite::Connection;
use serde_json::Value;
use shtab::store::Failure;
use shtab::store::transfer::ImportError;
use shtab::store::{APPLICATION_ID, Store, StoreError};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

// ------------------------------------------------------------ 8. foreign files

struct Snapshot {
    bytes: Vec<u8>,
    len: u64,
    modified: SystemTime,
    siblings: Vec<String>,
}

fn snapshot(path: &Path) -> Snapshot {
    let meta = std::fs::metadata(path).unwrap();
    let mut siblings: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    siblings.sort();
    Snapshot {
        bytes: std::fs::read(path).unwrap(),
        len: meta.len(),
        modified: meta.modified().unwrap(),
        siblings,
    }
}

/// Put the mtime in the past, so that any write would show.
fn age(path: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(past)
        .unwrap();
}

fn assert_refused_and_untouched(path: &Path) {
    age(path);
    let before = snapshot(path);
    match Store::open(path) {
        Err(StoreError::Failed(Failure::NotShtab(p))) => assert_eq!(p, path),
        Err(e) => panic!("expected NotShtab, got {e}"),
        Ok(_) => panic!("a foreign file was opened as Shtab's"),
    }
    let after = snapshot(path);
    assert!(after.bytes == before.bytes, "bytes changed");
    assert_eq!(after.len, before.len);
    assert_eq!(after.modified, before.modified);
    assert_eq!(
        after.siblings, before.siblings,
        "files appeared or vanished"
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        assert!(!side.exists(), "{} left behind", side.display());
    }
}

#[test]
fn plain_text_file_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "Отурумдун күн тартиби:\n1. Интернет\n").unwrap();
    assert_refused_and_untouched(&path);
}

#[test]
fn short_and_long_non_database_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let short = dir.path().join("short.db");
    std::fs::write(&short, "x").unwrap();
    assert_refused_and_untouched(&short);
    let long = dir.path().join("long.db");
    std::fs::write(&long, vec![0x5au8; 10_000]).unwrap();
    assert_refused_and_untouched(&long);
}

#[test]
fn foreign_sqlite_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE budget(item TEXT, amount INTEGER);
             INSERT INTO budget VALUES ('Wi-Fi', 100000);",
        )
        .unwrap();
    }
    assert_refused_and_untouched(&path);
    let c = Connection::open(&path).unwrap();
    let n: i64 = c
        .query_row("SELECT amount FROM budget", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 100000);
}

#[test]
fn foreign_wal_mode_database_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other-wal.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE budget(item TEXT, amount INTEGER);
             INSERT INTO budget VALUES ('Wi-Fi', 100000);",
        )
        .unwrap();
    }
    assert_refused_and_untouched(&path);
}

#[test]
fn foreign_database_with_another_application_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty-other.db");
    {
        let c = Connection::open(&path).unwrap();
        // No tables at all, but stamped by another application.
        c.execute_batch("PRAGMA application_id = 1234; PRAGMA user_version = 1;")
            .unwrap();
    }
    assert_refused_and_untouched(&path);
}

#[test]
fn newer_schema_is_refused_with_too_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let known = migration_count();
    {
        let mut store = Store::open(&path).unwrap();
        org(&mut store, "Өрнөк");
    }
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {}", known + 5))
            .unwrap();
    }
    age(&path);
    let before = snapshot(&path);
    match Store::open(&path) {
        Err(StoreError::Failed(Failure::TooNew(p, at, k))) => {
            assert_eq!(p, path);
            assert_eq!(at, known + 5);
            assert_eq!(k, known);
        }
        Err(e) => panic!("expected TooNew, got {e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
    let after = snapshot(&path);
    assert!(after.bytes == before.bytes, "bytes changed");
    assert_eq!(after.modified, before.modified);
    let c = Connection::open(&path).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v as usize, known + 5);
}

#[test]
fn an_existing_empty_file_is_refused_and_left_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, "").unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::Failed(Failure::EmptyFile(_)))
    ));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    // A file Shtab creates itself is stamped at once.
    let new = dir.path().join("new.db");
    let store = Store::open(&new).unwrap();
    assert_eq!(pragma_i64(&store, "application_id"), APPLICATION_ID as i64);
}

// ------------------------------------------------------------ 9. import

pub(crate) fn filled_export() -> Value {
    let mut a = mem();
    fill_every_table(&mut a);
    json_of(&a.export().unwrap())
}

fn assert_import_refused_as_bad(
    mut data: Value,
    table: &str,
    index: usize,
    edit: impl FnOnce(&mut Value),
) {
    edit(&mut data);
    let mut b = mem();
    match b.import(&export_from(data), false) {
        Err(ImportError::BadRecord {
            table: t,
            index: i,
            problem,
        }) => {
            assert_eq!((t.as_str(), i), (table, index), "{problem}");
        }
        Err(e) => panic!("expected BadRecord in {table} #{index}, got {e}"),
        Ok(n) => panic!("imported {n} records"),
    }
    assert_eq!(total_rows(&b), 0, "nothing of a failed import stays");
    assert_eq!(b.setting("city").unwrap(), None);
    // The store is still usable: a good import goes through.
    b.import(&export_from(filled_export()), false).unwrap();
    assert!(b.count("task").unwrap() > 0);
}

#[test]
fn import_with_a_dangling_executor_imports_nothing() {
    assert_import_refused_as_bad(filled_export(), "task", 1, |v| {
        v["tables"]["task"][0]["executor_id"] = 999.into();
    });
}

#[test]
fn import_with_a_check_violation_in_the_middle_imports_nothing() {
    let data = filled_export();
    assert_import_refused_as_bad(data, "organization", 2, |v| {
        let orgs = v["tables"]["organization"].as_array_mut().unwrap();
        assert_eq!(orgs.len(), 2);
        let mut third = orgs[1].clone();
        orgs[1]["kind"] = "bank".into();
        third["id"] = 50.into();
        orgs.push(third);
    });
}

#[test]
fn import_with_an_unknown_field_imports_nothing() {
    assert_import_refused_as_bad(filled_export(), "member", 1, |v| {
        v["tables"]["member"][0]["color"] = "red".into();
    });
    // A derived column is not accepted either.
    assert_import_refused_as_bad(filled_export(), "organization", 1, |v| {
        v["tables"]["organization"][0]["search"] = "x".into();
    });
}

#[test]
fn import_with_a_missing_required_field_or_bad_value_imports_nothing() {
    assert_import_refused_as_bad(filled_export(), "session", 2, |v| {
        v["tables"]["session"][1]
            .as_object_mut()
            .unwrap()
            .remove("date");
    });
    assert_import_refused_as_bad(filled_export(), "decision", 1, |v| {
        v["tables"]["decision"][0]["text"] = serde_json::json!(["a", "b"]);
    });
    assert_import_refused_as_bad(filled_export(), "report", 2, |v| {
        v["tables"]["report"][1]["number"] = 1.into(); // UNIQUE (year, number)
    });
}

#[test]
fn import_error_names_table_and_record() {
    let mut v = filled_export();
    v["tables"]["task"][0]["executor_id"] = 999.into();
    let e = mem().import(&export_from(v), false).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("task") && msg.contains("#1"), "{msg}");
}

#[test]
fn import_into_a_non_empty_store_needs_replace() {
    let data = filled_export();
    let mut b = mem();
    let keep = org(&mut b, "Бар болгон уюм");
    assert!(matches!(
        b.import(&export_from(data.clone()), false),
        Err(ImportError::NotEmpty)
    ));
    assert_eq!(names(&all_orgs(&b)), vec!["Бар болгон уюм"]);
    assert_eq!(b.count("task").unwrap(), 0);

    b.import(&export_from(data.clone()), true).unwrap();
    assert!(matches!(b.organization(keep), Ok(o) if o.name_ky != "Бар болгон уюм"));
    let again = json_of(&b.export().unwrap());
    assert_eq!(
        again["tables"]["organization"],
        data["tables"]["organization"]
    );
    assert_eq!(again["tables"]["task"], data["tables"]["task"]);
}

#[test]
fn import_refuses_wrong_format_and_version() {
    let data = filled_export();
    let mut v = data.clone();
    v["format_version"] = 2.into();
    let mut b = mem();
    assert!(matches!(
        b.import(&export_from(v), false),
        Err(ImportError::WrongVersion(2))
    ));
    let mut v = data.clone();
    v["format"] = "something-else".into();
    assert!(matches!(
        b.import(&export_from(v), false),
        Err(ImportError::WrongFormat(f)) if f == "something-else"
    ));
    let mut v = data.clone();
    v["tables"]["budget"] = serde_json::json!([]);
    assert!(matches!(
        b.import(&export_from(v), false),
        Err(ImportError::UnknownTable(t)) if t == "budget"
    ));
    let mut v = data;
    v["tables"]["task"] = serde_json::json!({"id": 1});
    assert!(matches!(
        b.import(&export_from(v), false),
        Err(ImportError::NotAList(t)) if t == "task"
    ));
    assert_eq!(total_rows(&b), 0);
}
