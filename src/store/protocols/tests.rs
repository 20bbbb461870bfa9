use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::store::{MIGRATIONS, audit, migrations, register_collation};

fn connection() -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    register_collation(&conn).unwrap();
    audit::register(&conn, Arc::new(AtomicBool::new(true))).unwrap();
    conn
}

fn migrate(conn: &mut Connection, m: Migrations) {
    conn.execute_batch("PRAGMA foreign_keys=OFF").unwrap();
    m.to_latest(conn).unwrap();
    conn.execute_batch("PRAGMA foreign_keys=ON").unwrap();
    audit::ensure_triggers(conn).unwrap();
}

/// A database made before the protocol migration (with its audit triggers and a signed protocol) takes the
/// migration: the protocol table is made anew with every row and link kept.
#[test]
fn upgrading_a_database_made_before_the_protocol_migration_keeps_its_protocols() {
    let mut conn = connection();
    let at = MIGRATIONS
        .iter()
        .position(|m| m.contains("protocol_new"))
        .expect("the protocol migration");
    let before: Vec<M> = MIGRATIONS[..at].iter().map(|s| M::up(s)).collect();
    migrate(&mut conn, Migrations::new(before));
    conn.execute_batch(
        "INSERT INTO organization(id, name_ky, kind) VALUES (1, 'Мектеп', 'school');
         INSERT INTO member(id, full_name, role, term_from)
             VALUES (1, 'Жумабаев Бакыт', 'chair', '2020-01-01'),
                    (2, 'Асанова Гүлмира', 'secretary', '2020-01-01');
         INSERT INTO session(id, year, number, kind, date, place, status)
             VALUES (1, 2026, 3, 'regular', '2026-03-19', 'Мэрия', 'protocol_signed');
         INSERT INTO protocol(id, session_id, year, reg_number, status, signed_at,
                              signed_by, text_hash)
             VALUES (1, 1, 2026, 2, 'signed', '2026-03-20T10:00:00', 'Жумабаев Б.', 'x');
         INSERT INTO protocol_item(id, protocol_id, position, title)
             VALUES (1, 1, 1, 'Интернет');
         INSERT INTO decision(id, protocol_id, protocol_item_id, number, text)
             VALUES (1, 1, 1, '1.1', 'Туташтырылсын');
         INSERT INTO task(id, decision_id, text, executor_id, deadline, created_at)
             VALUES (1, 1, 'Туташтыруу', 1, '2026-12-30', '2026-03-20T11:00:00');",
    )
    .unwrap();
    migrate(&mut conn, migrations());
    let row: (i64, String, String, String, String, i64, String) = conn
        .query_row(
            "SELECT reg_number, status, date, place, presiding, version, secretary
             FROM protocol WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            2,
            "signed".into(),
            "2026-03-19".into(),
            "Мэрия".into(),
            "Жумабаев Бакыт".into(),
            1,
            "Асанова Гүлмира".into()
        )
    );
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    let decided: String = conn
        .query_row(
            "SELECT d.text FROM task t JOIN decision d ON d.id = t.decision_id
             JOIN protocol p ON p.id = d.protocol_id WHERE t.id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(decided, "Туташтырылсын");
    // The signed one is guarded now, and audited again.
    let e = conn
        .execute("UPDATE protocol SET place = 'x' WHERE id = 1", [])
        .unwrap_err();
    assert!(super::is_signed_refusal(&e), "{e}");
    for kind in ["ins", "upd", "del"] {
        let audited: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'
                 AND tbl_name = 'protocol' AND name GLOB 'audit_protocol_' || ?1 || '_*'",
                [kind],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audited, 1, "{kind}");
    }
    // An amendment of the same session fits; a second original does not.
    conn.execute(
        "INSERT INTO protocol(session_id, year, amends_id) VALUES (1, 2026, 1)",
        [],
    )
    .unwrap();
    assert!(
        conn.execute(
            "INSERT INTO protocol(session_id, year) VALUES (1, 2026)",
            []
        )
        .is_err()
    );
}
