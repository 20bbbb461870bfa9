//! Migration 0018 (a measure's Russian title; the table made anew) on a file made at the
//! schema before it.

use crate::store::old_files::count;
use std::path::Path;

use chrono::NaiveDate;

use crate::domain::report::Month;
use crate::store::{MIGRATIONS, Store};

/// Where the measure gets its Russian title.
fn ru_at() -> usize {
    MIGRATIONS
        .iter()
        .position(|m| m.contains("title_ru        TEXT NOT NULL DEFAULT ''"))
        .expect("the migration that adds plan_measure.title_ru")
}

/// A file at the schema before 0018, as a Shtab of that schema left it: stamped, in WAL
/// mode, with its audit and guard triggers; two measures written (and audited), one of them
/// renamed on 10.11.2026 (its past title kept), a task serving it overdue since October.
fn old_file(path: &Path) {
    let conn = crate::store::old_files::file_at(path, ru_at());
    conn.execute_batch(
        "INSERT INTO organization(id, name_ky, name_ru, kind, search)
             VALUES (1, '№5 мектеп', 'Школа №5', 'school', '№5 мектеп');
         INSERT INTO plan_measure(id, number, section, title, deadline, position, created_at)
             VALUES (1, '1.1', 'Билим берүү', 'Мектептерге интернет', '2026-12-31', 1,
                     '2026-01-10T09:00:00'),
                    (2, '1.2', 'Билим берүү', 'Паркта Wi-Fi', '2026-12-31', 2,
                     '2026-01-10T09:00:00');
         INSERT INTO plan_measure_organization(measure_id, organization_id) VALUES (1, 1);
         INSERT INTO task(text, executor_id, deadline, created_at, measure_id)
             VALUES ('Келишим түзүү', 1, '2026-10-01', '2026-03-20T11:00:00', 1);
         UPDATE plan_measure SET title = 'Бардык мектептерге интернет', version = version + 1
          WHERE id = 1;
         UPDATE plan_measure_change SET changed_at = '2026-11-10T10:00:00';",
    )
    .unwrap();
}

#[test]
fn upgrading_keeps_the_measures_with_an_empty_russian_title_and_the_audit_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    old_file(&path);
    let mut store = Store::open(&path).unwrap();
    let c = store.conn();
    assert_eq!(
        count(c, "PRAGMA user_version") as usize,
        MIGRATIONS.len(),
        "migrated to the end"
    );
    // The measures, as they were; their Russian title empty, never the Kyrgyz copied.
    let measures = store.measures().unwrap();
    let got: Vec<(i64, &str, &str, &str, i64)> = measures
        .iter()
        .map(|m| {
            (
                m.id,
                m.number.as_str(),
                m.title.as_str(),
                m.title_ru.as_str(),
                m.version,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (1, "1.1", "Бардык мектептерге интернет", "", 2),
            (2, "1.2", "Паркта Wi-Fi", "", 1),
        ]
    );
    assert_eq!(measures[0].organizations, vec![1]);
    assert_eq!(measures[0].section, "Билим берүү");
    // The task still serves it; keys and integrity hold.
    assert_eq!(count(c, "SELECT measure_id FROM task"), 1);
    assert!(store.check().unwrap().is_empty());
    let c = store.conn();
    // The past title kept before the migration is still there; its Russian one unknown.
    let past: (String, Option<String>) = c
        .query_row(
            "SELECT title, title_ru FROM plan_measure_change WHERE measure_id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(past, ("Мектептерге интернет".to_string(), None));
    // No repair, one set of audit triggers per table, the chain verifies.
    let sets = crate::store::old_files::assert_upgraded_without_repair(c);
    assert!(sets.iter().any(|(t, n)| t == "plan_measure" && *n == 3));
    assert_eq!(store.verify_audit().unwrap(), None);
    // Its past is kept by the remade trigger, and the change is audited with the new column.
    let mut m = store.measure(2).unwrap();
    m.title_ru = "Wi-Fi в парке".into();
    store.save_measure(&m).unwrap();
    let c = store.conn();
    let kept: (String, Option<String>) = c
        .query_row(
            "SELECT title, title_ru FROM plan_measure_change WHERE measure_id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, ("Паркта Wi-Fi".to_string(), Some(String::new())));
    let logged: String = c
        .query_row(
            "SELECT new_values FROM audit_log WHERE entity = 'plan_measure' AND entity_id = 2
              AND action = 'update' AND new_values IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        logged.contains("\"title_ru\":\"Wi-Fi в парке\""),
        "{logged}"
    );
    assert_eq!(store.verify_audit().unwrap(), None);
    // Neither title: the schema refuses it too.
    assert!(
        c.execute(
            "INSERT INTO plan_measure(number, title, title_ru) VALUES ('9.9', '', '')",
            []
        )
        .is_err()
    );
    // The report of a past month reads the titles as they stood (a change recorded before
    // the migration reads the Russian title of now).
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let r = store
        .monthly_report(
            Month::of(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()),
            today,
        )
        .unwrap();
    let at_risk: Vec<(&str, &str, &str)> = r
        .measures_at_risk
        .iter()
        .map(|m| (m.number.as_str(), m.title.as_str(), m.title_ru.as_str()))
        .collect();
    assert_eq!(at_risk, vec![("1.1", "Мектептерге интернет", "")]);
    // Opened again: nothing left to migrate or remake, nothing logged.
    let logged = count(store.conn(), "SELECT count(*) FROM audit_log");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        count(store.conn(), "SELECT count(*) FROM audit_log"),
        logged
    );
    assert_eq!(store.verify_audit().unwrap(), None);
}
