//! The counts the triggers keep for the compliance list (migration 0015): equal to the
//! tasks and the granted extensions themselves after every kind of write.

use crate::common;

use chrono::NaiveDate;
use common::*;
use shtab::store::Store;

/// The counts the triggers keep for the compliance list (migration 0015) against the
/// tasks and the granted extensions themselves.
fn assert_tallies_equal(store: &Store, when: &str) {
    let read = |sql: &str| -> Vec<(i64, String, i64)> {
        let mut st = store.conn().prepare(sql).unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(
        read("SELECT executor_id, status, n FROM task_tally WHERE n <> 0 ORDER BY 1, 2"),
        read(
            "SELECT executor_id, status, count(*) FROM task
              GROUP BY executor_id, status ORDER BY 1, 2"
        ),
        "tasks by executor and status, {when}"
    );
    assert_eq!(
        read("SELECT executor_id, '', n FROM extension_tally WHERE n <> 0 ORDER BY 1"),
        read(
            "SELECT t.executor_id, '', count(*) FROM deadline_change dc
               JOIN task t ON t.id = dc.task_id
              WHERE dc.status = 'granted' GROUP BY t.executor_id ORDER BY 1"
        ),
        "granted extensions by executor, {when}"
    );
    // The list read from them equals the one counted over the tasks (a period that holds
    // every deadline takes the counting way).
    let all = NaiveDate::from_ymd_opt(1900, 1, 1).zip(NaiveDate::from_ymd_opt(9999, 12, 31));
    assert_eq!(
        store.compliance(today(), None, None).unwrap(),
        store.compliance(today(), None, all).unwrap(),
        "{when}"
    );
}

/// The kept counts follow every kind of write to the tasks and their extensions: status
/// changes, a task given to another executor (with its granted extensions), extensions
/// asked, granted, refused and deleted, tasks added and deleted, an import that replaces
/// everything. Writes are picked by a fixed pseudo-random sequence.
#[test]
fn kept_tallies_equal_the_tasks_after_every_kind_of_write() {
    let mut store = Store::open_in_memory().unwrap();
    write_demo(&mut store, 1500, 5, today());
    assert_tallies_equal(&store, "after the demo");
    let ids = |sql: &str| -> Vec<i64> {
        let mut st = store.conn().prepare(sql).unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let tasks = ids("SELECT id FROM task ORDER BY id");
    let orgs = ids("SELECT id FROM organization ORDER BY id");
    let statuses = shtab::domain::work::TaskStatus::ALL.map(|s| s.code());
    let mut seed: u64 = 17;
    let mut next = |n: usize| -> usize {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut added: Vec<i64> = Vec::new();
    for step in 0..400 {
        let c = store.conn();
        let task = tasks[next(tasks.len())];
        match next(7) {
            0 => {
                c.execute(
                    "UPDATE task SET status = ?2,
                            closed_at = CASE WHEN ?2 IN ('done_on_time','done_late','cancelled')
                                             THEN coalesce(closed_at, '2026-11-01T10:00:00') END
                      WHERE id = ?1",
                    rusqlite::params![task, statuses[next(statuses.len())]],
                )
                .unwrap();
            }
            1 => {
                c.execute(
                    "UPDATE task SET executor_id = ?2 WHERE id = ?1",
                    rusqlite::params![task, orgs[next(orgs.len())]],
                )
                .unwrap();
            }
            2 => {
                let status = ["requested", "granted", "refused"][next(3)];
                c.execute(
                    "INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason,
                                                 requested_at, decided_at, status)
                     VALUES (?1, '2026-10-01', '2026-12-01', 'Себеби', '2026-09-20T10:00:00',
                             CASE WHEN ?2 <> 'requested' THEN '2026-09-25T10:00:00' END, ?2)",
                    rusqlite::params![task, status],
                )
                .unwrap();
            }
            3 => {
                let status = ["granted", "refused"][next(2)];
                c.execute(
                    "UPDATE deadline_change SET status = ?1,
                            decided_at = coalesce(decided_at, '2026-09-25T10:00:00')
                      WHERE id = (SELECT id FROM deadline_change ORDER BY (id * ?2) % 97 LIMIT 1)",
                    rusqlite::params![status, step as i64 + 1],
                )
                .unwrap();
            }
            4 => {
                c.execute(
                    "DELETE FROM deadline_change
                      WHERE id = (SELECT id FROM deadline_change ORDER BY (id * ?1) % 89 LIMIT 1)",
                    [step as i64 + 3],
                )
                .unwrap();
            }
            5 => {
                c.execute(
                    "INSERT INTO task(text, executor_id, deadline, status, created_at)
                     VALUES ('Жаңы тапшырма', ?1, '2026-10-15', 'assigned', '2026-10-01T10:00:00')",
                    [orgs[next(orgs.len())]],
                )
                .unwrap();
                added.push(c.last_insert_rowid());
            }
            _ => {
                if let Some(id) = added.pop() {
                    c.execute("DELETE FROM task WHERE id = ?1", [id]).unwrap();
                }
            }
        }
        if step % 50 == 49 {
            assert_tallies_equal(&store, &format!("after {} writes", step + 1));
        }
    }
    assert_tallies_equal(&store, "after the writes");
    // An import, into an empty database and over this one.
    let data = store.export().unwrap();
    let mut other = Store::open_in_memory().unwrap();
    other.import(&data, false).unwrap();
    assert_tallies_equal(&other, "after an import into an empty database");
    store.import(&data, true).unwrap();
    assert_tallies_equal(&store, "after an import that replaces the data");
}
