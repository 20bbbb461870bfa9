//! Issue 17: a command that upgrades an older database says nothing on stderr when stderr
//! is not a terminal (scripts, pipes, cron), and the file is upgraded all the same.

use crate::common;

use common::cli::{demo_db, p, shtab, text};

fn version(db: &std::path::Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn has_index(db: &std::path::Path, name: &str) -> bool {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
        == 1
}

/// The demo database put back at the schema before 0019: 0020's columns dropped (with the
/// audit triggers that name them; the demo logged no row of those tables, so they are made
/// again on open without a repair), 0019's two indexes undone and the index it replaced made
/// again.
fn one_version_old(db: &std::path::Path) -> i64 {
    let latest = version(db);
    let c = rusqlite::Connection::open(db).unwrap();
    let audit: Vec<String> = c
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'
              AND tbl_name IN ('report', 'report_draft') AND name GLOB 'audit_*'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for name in audit {
        c.execute_batch(&format!("DROP TRIGGER \"{name}\""))
            .unwrap();
    }
    c.execute_batch(&format!(
        "ALTER TABLE report DROP COLUMN narrative_ru;
         ALTER TABLE report_draft DROP COLUMN narrative_ru;
         DROP INDEX task_decision_executor; DROP INDEX task_measure_open;
         CREATE INDEX task_decision ON task(decision_id);
         PRAGMA user_version = {};",
        latest - 2
    ))
    .unwrap();
    latest
}

#[test]
fn an_upgrade_by_a_command_in_a_pipe_prints_nothing_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let count = text(&shtab(&["tasks", "--db", p(&db), "--count"]).stdout);
    // A read command, then a command that writes: both upgrade through their own open.
    for args in [
        vec!["tasks", "--db", p(&db), "--count"],
        vec!["settings", "set", "city", "Токмок", "--db", p(&db)],
    ] {
        let latest = one_version_old(&db);
        assert!(!has_index(&db, "task_measure_open"));
        let out = shtab(&args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "{args:?}");
        assert_eq!(version(&db), latest, "{args:?}: upgraded");
        assert!(has_index(&db, "task_measure_open"));
        assert!(!has_index(&db, "task_decision"));
        let repairs: i64 = rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'repair'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(repairs, 0, "{args:?}");
        if args[0] == "tasks" {
            assert_eq!(text(&out.stdout), count);
        }
    }
}
