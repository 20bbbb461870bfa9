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

/// The demo database put back at the schema before the latest migration (0019: its two
/// indexes undone, the index it replaced made again).
fn one_version_old(db: &std::path::Path) -> i64 {
    let latest = version(db);
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(&format!(
        "DROP INDEX task_decision_executor; DROP INDEX task_measure_open;
         CREATE INDEX task_decision ON task(decision_id);
         PRAGMA user_version = {};",
        latest - 1
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
        if args[0] == "tasks" {
            assert_eq!(text(&out.stdout), count);
        }
    }
}
