//! The store, through its public API: pragmas, file safety, round trips, constraints,
//! Kyrgyz collation, search folding, optimistic locking, import, check and audit.

use shtab::store::{Failure, Refusal};
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::NaiveDate;
use proptest::prelude::*;
use rusqlite::{Connection, params};
use serde_json::Value;
use shtab::domain::text::ky_cmp;
use shtab::domain::{Member, OrgKind, Organization, Role};
use shtab::store::transfer::{Export, ImportError, TABLES};
use shtab::store::{APPLICATION_ID, OrgFilter, Store, StoreError};

// ---------------------------------------------------------------- helpers

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn mem() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

fn pragma_i64(store: &Store, name: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

fn migration_count() -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count()
}

fn org(store: &mut Store, name: &str) -> i64 {
    store
        .save_organization(&Organization::new(name, OrgKind::School))
        .unwrap()
}

fn member_of(org_id: Option<i64>, name: &str) -> Member {
    Member {
        id: 0,
        full_name: name.into(),
        position: "мүчө".into(),
        role: Role::Member,
        organization_id: org_id,
        phone: String::new(),
        email: String::new(),
        term_from: d(2026, 1, 1),
        term_to: None,
        active: true,
        version: 0,
    }
}

fn names(orgs: &[Organization]) -> Vec<String> {
    orgs.iter().map(|o| o.name_ky.clone()).collect()
}

fn all_orgs(store: &Store) -> Vec<Organization> {
    store
        .organizations(&OrgFilter {
            include_inactive: true,
            ..Default::default()
        })
        .unwrap()
}

fn find(store: &Store, text: &str) -> Vec<String> {
    names(
        &store
            .organizations(&OrgFilter {
                text: text.into(),
                include_inactive: true,
                ..Default::default()
            })
            .unwrap(),
    )
}

fn total_rows(store: &Store) -> i64 {
    TABLES.iter().map(|t| store.count(t).unwrap()).sum()
}

/// A deep copy of an export (it is not `Clone`), as JSON.
fn json_of(e: &Export) -> Value {
    serde_json::to_value(e).unwrap()
}

fn export_from(v: Value) -> Export {
    serde_json::from_value(v).unwrap()
}

/// At least one valid row in every table, typed APIs where there are some, raw SQL elsewhere.
fn fill_every_table(store: &mut Store) {
    store.set_setting("city", "Токмок").unwrap();
    let school = store
        .save_organization(&Organization {
            name_ru: "Средняя школа №5".into(),
            head_name: "Асанова Гүлмира".into(),
            address: "Жибек Жолу көч., 12".into(),
            ..Organization::new("№5 орто мектеби", OrgKind::School)
        })
        .unwrap();
    let mayor = store
        .save_organization(&Organization::new(
            "Мэриянын IT бөлүмү",
            OrgKind::PublicBody,
        ))
        .unwrap();
    let chair = store
        .save_member(&Member {
            role: Role::Chair,
            ..member_of(Some(mayor), "Жумабаев Бакыт")
        })
        .unwrap();
    let sql = format!(
        "INSERT INTO session(id, year, number, kind, reason, date, time, place, status)
             VALUES (1, 2026, 11, 'regular', '', '2026-11-25', '10:00', 'Мэрия, чоң зал', 'held');
         INSERT INTO session(id, year, number, kind, reason, date, time, place, status,
                             duration_minutes)
             VALUES (2, 2026, 12, 'extraordinary', 'Интернет өчтү', '2026-11-28', '15:30', '', 'planned',
                     45);
         INSERT INTO session_number(year, last_number) VALUES (2026, 12);
         INSERT INTO agenda_item(id, session_id, position, title, kind, speaker_member_id,
                                 speaker_name, minutes, outcome)
             VALUES (1, 1, 1, 'Мектептерди интернетке туташтыруу', 'hearing', {chair},
                     'Асанова Г.', 15, 'decided');
         INSERT INTO agenda_item(id, session_id, position, title, kind, speaker_member_id,
                                 speaker_name, minutes, outcome, carried_from)
             VALUES (2, 2, 1, 'Мектептерди интернетке туташтыруу', 'hearing', NULL,
                     'Асанова Г.', 10, 'pending', 1);
         INSERT INTO agenda_item_organization(agenda_item_id, organization_id) VALUES (1, {school});
         INSERT INTO attendance(session_id, member_id, present, absence_reason)
             VALUES (1, {chair}, 1, '');
         INSERT INTO invited_person(id, session_id, full_name, position, organization_id)
             VALUES (1, 1, 'Асанова Гүлмира', 'директор', {school});
         INSERT INTO protocol(id, session_id, year, reg_number, status, short_form, signed_at,
                              signed_by, text_hash, date, place, presiding, secretary,
                              last_field)
             VALUES (1, 1, 2026, NULL, 'draft', 0, NULL, '', NULL, '2026-11-25', 'Мэрия',
                     'Жумабаев Б.', 'Асанова Г.', 'decision_text:1');
         INSERT INTO protocol_item(id, protocol_id, agenda_item_id, position, title,
                                   heard_speaker, heard_summary)
             VALUES (1, 1, 1, 1, 'Интернет', 'Асанова Г.', '3 класста гана бар');
         INSERT INTO protocol_speech(id, protocol_item_id, position, speaker, summary)
             VALUES (1, 1, 1, 'Жумабаев Б.', 'Мөөнөттү сактоо керек');
         INSERT INTO decision(id, protocol_id, protocol_item_id, number, text, votes_for,
                              votes_against, votes_abstained)
             VALUES (1, 1, 1, '1.1', 'Бардык класстарды туташтыруу', 7, 0, 1);
         -- Signed once its content is in: the triggers refuse content for a signed one.
         UPDATE protocol SET status = 'signed', reg_number = 11,
                             signed_at = '2026-11-26T09:00:00', signed_by = 'Жумабаев Б.',
                             text_hash = 'ab12'
             WHERE id = 1;
         -- An amendment of it, in draft.
         INSERT INTO protocol(id, session_id, year, status, amends_id)
             VALUES (2, 1, 2026, 'draft', 1);
         INSERT INTO plan_measure(id, number, section, title, deadline, expected_result, progress,
                                  started, done_at, position)
             VALUES (1, '2.3', 'Билим берүү', 'Ар бир мектепте интернет', '2026-12-31',
                     'Wi-Fi 100%', 40, 1, NULL, 1);
         INSERT INTO plan_measure_organization(measure_id, organization_id) VALUES (1, {school});
         INSERT INTO task(id, decision_id, measure_id, text, executor_id, responsible_person,
                          controller_id, deadline, status, created_at, closed_at, cancel_reason)
             VALUES (1, 1, 1, 'Класстарды туташтыруу', {school}, 'Асанова Г.', {chair},
                     '2026-12-15', 'in_progress', '2026-11-26T09:05:00', NULL, '');
         INSERT INTO task_co_executor(task_id, organization_id) VALUES (1, {mayor});
         INSERT INTO extract_delivery(id, protocol_id, organization_id, delivered_on, way,
                                      received_by, doc_number, created_at, created_by)
             VALUES (1, 1, {school}, '2026-11-27', 'hand', 'Асанова Г.', '01-12/350',
                     '2026-11-27T10:00:00', 'secretary');
         INSERT INTO executor_change(id, task_id, old_executor, new_executor, reason,
                                     changed_at, changed_by)
             VALUES (1, 1, {mayor}, {school}, 'Мектепке өттү', '2026-11-26T10:00:00',
                     'secretary');
         INSERT INTO task_measure_change(id, task_id, changed_at, old_measure)
             VALUES (1, 1, '2026-11-26T11:00:00', NULL);
         INSERT INTO plan_measure_change(id, measure_id, changed_at, number, title, deadline,
                                         progress, started, done_at)
             VALUES (1, 1, '2026-11-20T10:00:00', '2.3', 'Ар бир мектепте интернет',
                     '2026-11-30', 20, 1, NULL);
         INSERT INTO organization_kind_change(id, organization_id, changed_at, kind)
             VALUES (1, {school}, '2026-11-01T10:00:00', 'institution');
         INSERT INTO agenda_item_measure(agenda_item_id, measure_id) VALUES (2, 1);
         INSERT INTO agenda_item_task(agenda_item_id, task_id) VALUES (2, 1);
         INSERT INTO deadline_change(id, task_id, old_deadline, new_deadline, reason,
                                     requested_at, decided_at, decided_by, status)
             VALUES (1, 1, '2026-12-01', '2026-12-15', 'Жабдуу кечикти', '2026-11-27T10:00:00',
                     '2026-11-28T10:00:00', 'Жумабаев Б.', 'granted');
         INSERT INTO execution_report(id, task_id, report_date, text, doc_number, is_final,
                                      created_at, created_by)
             VALUES (1, 1, '2026-12-10', '5 класс туташты', '01-12/345', 0,
                     '2026-12-10T11:00:00', 'secretary');
         INSERT INTO escalation(id, organization_id, task_id, step, date, doc_number,
                                decided_by, note, skip_reason)
             VALUES (1, {school}, 1, 'reminder', '2026-12-16', '01-12/400', 'Жумабаев Б.', '', '');
         INSERT INTO app_user(id, login, full_name, role) VALUES (1, 'aigul', 'Айгүл', 'secretary');
         INSERT INTO outgoing_letter(id, year, number, doc_number, date, kind, organization_id,
                                     escalation_id, subject, created_by)
             VALUES (1, 2026, 400, '01-12/400', '2026-12-16', 'reminder', {school}, 1,
                     'Эскертүү', 'secretary');
         INSERT INTO report(id, year, number, month, issued_at, issued_by, replaces_id,
                            narrative, payload)
             VALUES (1, 2026, 1, '2026-11', '2026-12-01T09:00:00', 'secretary', NULL, 'Ноябрь',
                     '{{\"tasks\": 1}}');
         INSERT INTO report(id, year, number, month, issued_at, issued_by, replaces_id,
                            narrative, payload)
             VALUES (2, 2026, 2, '2026-11', '2026-12-02T09:00:00', 'secretary', 1, 'Оңдолгон',
                     '{{\"tasks\": 2}}');
         INSERT INTO decision_measure(decision_id, measure_id) VALUES (1, 1);
         INSERT INTO report_draft(month, narrative, updated_at, updated_by)
             VALUES ('2026-12', 'Декабрдын долбоору', '2026-12-20T10:00:00', 'secretary');"
    );
    store.conn().execute_batch(&sql).unwrap();
}

fn audit_rows(store: &Store, entity: &str, id: i64) -> Vec<(String, String)> {
    let mut st = store
        .conn()
        .prepare(
            "SELECT action, user FROM audit_log WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
        )
        .unwrap();
    st.query_map(params![entity, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn is_fk_error(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

// ------------------------------------------------------- 1. migrations, pragmas

#[test]
fn migrations_validate() {
    shtab::store::validate_migrations().expect("every migration applies to an empty database");
}

#[test]
fn fresh_file_store_has_the_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("shtab.db")).unwrap();
    let n = migration_count();
    assert!(n >= 1);
    assert_eq!(pragma_i64(&store, "user_version"), n as i64);
    assert_eq!(pragma_i64(&store, "foreign_keys"), 1);
    assert_eq!(pragma_i64(&store, "synchronous"), 2, "FULL");
    let mode: String = store
        .conn()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(pragma_i64(&store, "application_id"), APPLICATION_ID as i64);
    assert_eq!(store.path(), Some(dir.path().join("shtab.db").as_path()));
}

#[test]
fn reopening_keeps_the_schema_and_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let id = {
        let mut store = Store::open(&path).unwrap();
        org(&mut store, "Өрнөк")
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.organization(id).unwrap().name_ky, "Өрнөк");
    assert_eq!(pragma_i64(&store, "user_version"), migration_count() as i64);
    assert_eq!(pragma_i64(&store, "foreign_keys"), 1);
    assert_eq!(pragma_i64(&store, "synchronous"), 2);
}

#[test]
fn in_memory_store_has_the_pragmas() {
    let store = mem();
    assert_eq!(pragma_i64(&store, "user_version"), migration_count() as i64);
    assert_eq!(pragma_i64(&store, "foreign_keys"), 1);
    assert_eq!(pragma_i64(&store, "synchronous"), 2);
    assert_eq!(pragma_i64(&store, "application_id"), APPLICATION_ID as i64);
}

// ------------------------------------------------------------ 2. file mode

#[cfg(unix)]
#[test]
fn new_file_is_private_even_in_a_missing_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no/such/dir/shtab.db");
    assert!(!path.parent().unwrap().exists());
    let mut store = Store::open(&path).unwrap();
    org(&mut store, "Мектеп"); // so the -wal file exists too
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert!(wal.exists());
    assert_eq!(mode(&wal), 0o600, "the WAL holds the same data");
}

// ------------------------------------------------------------ 3. round trips

#[test]
fn every_table_round_trips_through_export_and_import() {
    let mut a = mem();
    fill_every_table(&mut a);
    let first = a.export().unwrap();
    for t in TABLES {
        let rows = first.tables[*t].as_array().unwrap();
        assert!(!rows.is_empty(), "the fixture fills {t}");
        assert!(
            rows.iter().all(|r| r.get("search").is_none()),
            "{t}: derived columns are not exported"
        );
    }
    // Through the JSON text, as a file would carry it.
    let text = serde_json::to_string_pretty(&first).unwrap();
    let parsed: Export = serde_json::from_str(&text).unwrap();

    let mut b = mem();
    let n = b.import(&parsed, false).unwrap();
    let exported: usize = TABLES
        .iter()
        .map(|t| first.tables[*t].as_array().unwrap().len())
        .sum();
    assert_eq!(n, exported);
    let second = b.export().unwrap();
    assert_eq!(second.format_version, first.format_version);
    assert_eq!(second.schema_version, first.schema_version);
    assert_eq!(second.schema_version, migration_count());
    for t in TABLES {
        let (x, y) = (&first.tables[*t], &second.tables[*t]);
        if *t == "audit_log" {
            // The import itself is audited: the old log, then one "import" record.
            let (x, y) = (x.as_array().unwrap(), y.as_array().unwrap());
            assert_eq!(y.len(), x.len() + 1);
            assert_eq!(&y[..x.len()], &x[..]);
            assert_eq!(y[x.len()]["action"], "import");
        } else {
            assert_eq!(x, y, "table {t} differs after the round trip");
        }
        assert!(!y.as_array().unwrap().is_empty(), "{t}");
    }
    // Derived search text is rebuilt on import.
    assert_eq!(find(&b, "ОРТО МЕКТЕБИ"), vec!["№5 орто мектеби"]);
    assert_eq!(find(&b, "средняя асанова"), vec!["№5 орто мектеби"]);
    assert_eq!(b.check().unwrap(), Vec::<String>::new());
}

#[test]
fn organization_round_trips_with_every_field() {
    let mut store = mem();
    let o = Organization {
        id: 0,
        name_ky: "Токмок шаарынын №3 гимназиясы".into(),
        name_ru: "Гимназия №3 г. Токмок".into(),
        kind: OrgKind::Institution,
        head_name: "Өмүрбеков Үсөн".into(),
        head_title: "директор".into(),
        phone: "+996 (3138) 5-12-34".into(),
        email: "gym3@tokmok.kg".into(),
        address: "Ленин көч., 1".into(),
        active: false,
        version: 0,
    };
    let id = store.save_organization(&o).unwrap();
    assert!(id > 0);
    let back = store.organization(id).unwrap();
    assert_eq!(
        back,
        Organization {
            id,
            version: 1,
            ..o
        }
    );
    for kind in OrgKind::ALL {
        let id = store
            .save_organization(&Organization::new(kind.code(), kind))
            .unwrap();
        assert_eq!(store.organization(id).unwrap().kind, kind);
    }
    assert!(matches!(
        store.organization(9999),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
}

#[test]
fn member_round_trips_with_every_field() {
    let mut store = mem();
    let org_id = org(&mut store, "Мэрия");
    let m = Member {
        id: 0,
        full_name: "Ңурбекова Өзгөчө Үмүтовна".into(),
        position: "мэрдин орун басары".into(),
        role: Role::Deputy,
        organization_id: Some(org_id),
        phone: "0555 123 456".into(),
        email: "deputy@tokmok.kg".into(),
        term_from: d(2025, 3, 1),
        term_to: Some(d(2027, 2, 28)),
        active: false,
        version: 0,
    };
    let id = store.save_member(&m).unwrap();
    let back = store.member(id).unwrap();
    assert_eq!(
        back,
        Member {
            id,
            version: 1,
            ..m
        }
    );
    for role in Role::ALL {
        let id = store
            .save_member(&Member {
                role,
                ..member_of(None, role.code())
            })
            .unwrap();
        let got = store.member(id).unwrap();
        assert_eq!(got.role, role);
        assert_eq!(got.organization_id, None);
        assert_eq!(got.term_to, None);
    }
    assert!(matches!(
        store.member(9999),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
}

#[test]
fn saving_trims_the_texts() {
    let mut store = mem();
    let id = store
        .save_organization(&Organization {
            head_name: "  Асанов  ".into(),
            ..Organization::new("  Өрнөк  ", OrgKind::Enterprise)
        })
        .unwrap();
    let o = store.organization(id).unwrap();
    assert_eq!(o.name_ky, "Өрнөк");
    assert_eq!(o.head_name, "Асанов");
}

// ------------------------------------------------------------ 4. foreign keys

#[test]
fn task_with_a_missing_executor_is_refused() {
    let store = mem();
    let e = store
        .conn()
        .execute(
            "INSERT INTO task(text, executor_id, deadline, created_at)
             VALUES ('Wi-Fi паркта', 999, '2026-12-01', '2026-11-25T10:00:00')",
            [],
        )
        .unwrap_err();
    assert!(is_fk_error(&e), "{e}");
    assert_eq!(store.count("task").unwrap(), 0);
}

#[test]
fn referenced_organization_cannot_be_deleted_unreferenced_can() {
    let mut store = mem();
    let with_member = org(&mut store, "Мэрия");
    let with_task = org(&mut store, "Мектеп");
    let free = org(&mut store, "Бош уюм");
    store
        .save_member(&member_of(Some(with_member), "Асанов А."))
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO task(text, executor_id, deadline, created_at)
             VALUES ('Интернет', ?1, '2026-12-01', '2026-11-25T10:00:00')",
            [with_task],
        )
        .unwrap();

    for id in [with_member, with_task] {
        let v = store.organization(id).unwrap().version;
        assert!(matches!(
            store.delete_organization(id, v),
            Err(StoreError::Refused(Refusal::InUse))
        ));
        assert_eq!(store.organization(id).unwrap().id, id, "still there");
        assert!(
            !audit_rows(&store, "organization", id)
                .iter()
                .any(|(a, _)| a == "delete"),
            "a refused delete is not audited"
        );
    }
    // A stale version is a conflict, not a delete.
    assert!(matches!(
        store.delete_organization(free, 7),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    store.organization(free).unwrap();

    store.delete_organization(free, 1).unwrap();
    assert!(matches!(
        store.organization(free),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    assert_eq!(names(&all_orgs(&store)), vec!["Мектеп", "Мэрия"]);
}

#[test]
fn referenced_member_cannot_be_deleted() {
    let mut store = mem();
    let o = org(&mut store, "Мэрия");
    let m = store.save_member(&member_of(Some(o), "Асанов А.")).unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO task(text, executor_id, controller_id, deadline, created_at)
             VALUES ('Интернет', ?1, ?2, '2026-12-01', '2026-11-25T10:00:00')",
            [o, m],
        )
        .unwrap();
    assert!(matches!(
        store.delete_member(m, 1),
        Err(StoreError::Refused(Refusal::InUse))
    ));
    let other = store.save_member(&member_of(None, "Бекова Б.")).unwrap();
    store.delete_member(other, 1).unwrap();
    assert!(matches!(
        store.member(other),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
}

// ------------------------------------------------------------ 5. ky collation

/// Kyrgyz alphabet order, including cases plain code-point order gets wrong.
const KY_SORTED: &[&str] = &[
    "Tokmok Online",
    "абай атындагы мектеп",
    "Абдыкадыров ишканасы",
    "Ешим",
    "Ёлочка балдар бакчасы",
    "Жанар",
    "Жаңы-Жол АКӨБ",
    "Жаоо",
    "Нарын көчөсү",
    "Ңоо ишкана",
    "ОРДО кооперативи",
    "Орус-Кыргыз колледжи",
    "Өрнөк мектеби",
    "өрүк ТСЖ",
    "Пайыз банкы",
    "Улан үй башкармалыгы",
    "Үмүт ТЖМЭШ",
    "Фабрика",
    "Школа №5",
    "Школа №12",
    "Щукин и партнёры",
    "Юридическая консультация",
    "Яблонька",
];

#[test]
fn organizations_come_in_kyrgyz_alphabet_order() {
    let mut store = mem();
    // Insert in a scrambled order (reverse, then every other).
    let mut scrambled: Vec<&str> = KY_SORTED.iter().rev().step_by(2).copied().collect();
    scrambled.extend(KY_SORTED.iter().rev().skip(1).step_by(2));
    assert_eq!(scrambled.len(), KY_SORTED.len());
    for n in &scrambled {
        org(&mut store, n);
    }
    assert_eq!(names(&all_orgs(&store)), KY_SORTED);
    // Not what code-point order would give.
    let mut by_code_point = KY_SORTED.to_vec();
    by_code_point.sort();
    assert_ne!(by_code_point, KY_SORTED);
}

#[test]
fn sql_collate_ky_on_raw_strings() {
    let store = mem();
    let values: Vec<String> = KY_SORTED.iter().rev().map(|s| format!("('{s}')")).collect();
    let sql = format!(
        "SELECT x FROM (SELECT column1 AS x FROM (VALUES {})) ORDER BY x COLLATE ky",
        values.join(", ")
    );
    let mut st = store.conn().prepare(&sql).unwrap();
    let got: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(got, KY_SORTED);

    let lt = |a: &str, b: &str| -> bool {
        store
            .conn()
            .query_row("SELECT ?1 < ?2 COLLATE ky", [a, b], |r| r.get(0))
            .unwrap()
    };
    for (a, b) in [
        ("Нарын", "Ңоо"),
        ("Ңоо", "Ордо"),
        ("Ордо", "Өрнөк"),
        ("Өрнөк", "Пайыз"),
        ("Улан", "Үмүт"),
        ("Үмүт", "Фабрика"),
        ("Ешим", "Ёлка"),
        ("Ёлка", "Жаңы"),
        ("абай", "Абдыкадыр"),
    ] {
        assert!(lt(a, b), "{a} < {b}");
        assert!(!lt(b, a), "not {b} < {a}");
    }
}

#[test]
fn collate_ky_survives_invalid_utf8_and_empty_text() {
    let store = mem();
    let mut st = store
        .conn()
        .prepare(
            "WITH t(x) AS (VALUES (CAST(x'ff' AS TEXT)), ('а'), (''), (CAST(x'c3' AS TEXT)),
                                  (CAST(x'd2a3ff' AS TEXT)), ('Ң'), (NULL))
             SELECT CASE WHEN x IS NULL THEN NULL ELSE hex(x) END FROM t ORDER BY x COLLATE ky",
        )
        .unwrap();
    let got: Vec<Option<String>> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(got.len(), 7);
    assert_eq!(got[0], None, "NULL first");
    assert_eq!(got[1].as_deref(), Some(""), "then the empty text");
    let pos = |h: &str| got.iter().position(|g| g.as_deref() == Some(h)).unwrap();
    assert!(pos("D0B0") < pos("D2A2"), "а before Ң");
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Kyrgyz/Russian letters, digits, signs, combining marks, odd code points.
        "[аәбвгғдеёжзийкқлмнңоөпрстуүфхһцчшщъыіьэюяАБВЁҢӨҮЯa-zA-Z0-9 №.,\\-_%İıß\u{301}\u{0}\u{fffd}\u{10ffff}\u{e000}]{0,12}",
        Just(String::new()),
    ]
}

proptest! {
    #[test]
    fn ky_cmp_is_a_total_order(a in any_text(), b in any_text(), c in any_text()) {
        // Reflexive and antisymmetric; equal only for the same string.
        prop_assert_eq!(ky_cmp(&a, &a), Ordering::Equal);
        prop_assert_eq!(ky_cmp(&a, &b), ky_cmp(&b, &a).reverse());
        prop_assert_eq!(ky_cmp(&a, &b) == Ordering::Equal, a == b);
        // Transitive.
        if ky_cmp(&a, &b) != Ordering::Greater && ky_cmp(&b, &c) != Ordering::Greater {
            prop_assert_ne!(ky_cmp(&a, &c), Ordering::Greater);
        }
    }

    #[test]
    fn sorting_by_ky_cmp_is_consistent(mut v in proptest::collection::vec(any_text(), 0..12)) {
        v.sort_by(|a, b| ky_cmp(a, b));
        for i in 0..v.len() {
            for j in i + 1..v.len() {
                prop_assert_ne!(ky_cmp(&v[i], &v[j]), Ordering::Greater);
            }
        }
        // Sorting is independent of the starting order.
        let mut w = v.clone();
        w.reverse();
        w.sort_by(|a, b| ky_cmp(a, b));
        prop_assert_eq!(&v, &w);
    }

    #[test]
    fn sqlite_collate_ky_agrees_with_ky_cmp(a in any_text(), b in any_text()) {
        let store = Store::open_in_memory().unwrap();
        // NUL ends a C string; SQLite keeps it in bound text though, so use it as is.
        let sql_says: i64 = store
            .conn()
            .query_row("SELECT CASE WHEN ?1 < ?2 COLLATE ky THEN -1 WHEN ?1 = ?2 COLLATE ky THEN 0 ELSE 1 END",
                       [&a, &b], |r| r.get(0))
            .unwrap();
        let rust_says = ky_cmp(&a, &b) as i64;
        prop_assert_eq!(sql_says, rust_says);
    }
}

// ------------------------------------------------------------ 6. search folding

#[test]
fn search_folds_cyrillic_case() {
    let mut store = mem();
    org(&mut store, "ӨРНӨК мектеби");
    org(&mut store, "Орнок ишкана");
    let id = org(&mut store, "Ёлочка");
    assert_eq!(find(&store, "өрнөк"), vec!["ӨРНӨК мектеби"]);
    assert_eq!(find(&store, "ӨРНӨК"), vec!["ӨРНӨК мектеби"]);
    assert_eq!(find(&store, "Мектеби өрн"), vec!["ӨРНӨК мектеби"]);
    assert_eq!(find(&store, "ЕЛОЧКА"), vec!["Ёлочка"], "ё is folded to е");
    assert_eq!(find(&store, "  "), names(&all_orgs(&store)));
    assert!(
        find(&store, "өрнөк гимназия").is_empty(),
        "every word must match"
    );

    // The folded text follows an edit.
    let mut o = store.organization(id).unwrap();
    o.name_ky = "Үмүт".into();
    store.save_organization(&o).unwrap();
    assert_eq!(find(&store, "ҮМҮТ"), vec!["Үмүт"]);
    assert!(find(&store, "елочка").is_empty());
}

#[test]
fn wildcards_typed_by_a_user_are_literal() {
    let mut store = mem();
    for n in ["100% охват", "1000 охват", "A_B", "AXB", "C\\D", "CD"] {
        org(&mut store, n);
    }
    assert_eq!(find(&store, "%"), vec!["100% охват"]);
    assert_eq!(find(&store, "100%"), vec!["100% охват"]);
    assert_eq!(find(&store, "_"), vec!["A_B"]);
    assert_eq!(find(&store, "a_b"), vec!["A_B"]);
    assert_eq!(find(&store, "\\"), vec!["C\\D"]);
    assert_eq!(find(&store, "c\\d"), vec!["C\\D"]);
}

#[test]
fn filters_by_kind_and_activity() {
    let mut store = mem();
    let school = org(&mut store, "Мектеп");
    store
        .save_organization(&Organization::new("ТСЖ Береке", OrgKind::Hoa))
        .unwrap();
    store.set_organization_active(school, 1, false).unwrap();
    let active = store.organizations(&OrgFilter::default()).unwrap();
    assert_eq!(names(&active), vec!["ТСЖ Береке"]);
    let schools = store
        .organizations(&OrgFilter {
            kind: Some(OrgKind::School),
            include_inactive: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(names(&schools), vec!["Мектеп"]);
    assert!(!schools[0].active);
}

// ------------------------------------------------------------ 7. version conflicts

#[test]
fn stale_organization_save_is_a_conflict() {
    let mut store = mem();
    let id = org(&mut store, "Өрнөк");
    let loaded = store.organization(id).unwrap();
    assert_eq!(loaded.version, 1);
    let stale = loaded.clone();

    let mut first = loaded;
    first.head_name = "Асанов А.".into();
    store.save_organization(&first).unwrap();
    assert_eq!(store.organization(id).unwrap().version, 2);

    let mut second = stale.clone();
    second.head_name = "Бекова Б.".into();
    assert!(matches!(
        store.save_organization(&second),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    let stored = store.organization(id).unwrap();
    assert_eq!(stored.head_name, "Асанов А.");
    assert_eq!(stored.version, 2);

    // Same for (de)activation with a stale version.
    assert!(matches!(
        store.set_organization_active(id, stale.version, false),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    let stored = store.organization(id).unwrap();
    assert!(stored.active);
    assert_eq!(stored.version, 2);
    assert_eq!(
        audit_rows(&store, "organization", id)
            .iter()
            .map(|(a, _)| a.as_str())
            .collect::<Vec<_>>(),
        vec!["insert", "update"],
        "refused writes leave no audit record"
    );

    let before_deactivation = store.organization(id).unwrap();
    store.set_organization_active(id, 2, false).unwrap();
    let stored = store.organization(id).unwrap();
    assert!(!stored.active);
    assert_eq!(stored.version, 3);
    // Saving a copy loaded before the deactivation must not re-activate it.
    assert!(matches!(
        store.save_organization(&before_deactivation),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    assert!(!store.organization(id).unwrap().active);
}

#[test]
fn stale_member_save_is_a_conflict() {
    let mut store = mem();
    let id = store.save_member(&member_of(None, "Асанов А.")).unwrap();
    let stale = store.member(id).unwrap();
    let mut fresh = stale.clone();
    fresh.position = "төрага".into();
    store.save_member(&fresh).unwrap();
    assert!(matches!(
        store.save_member(&stale),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    assert!(matches!(
        store.set_member_active(id, stale.version, false),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    let m = store.member(id).unwrap();
    assert_eq!(
        (m.position.as_str(), m.active, m.version),
        ("төрага", true, 2)
    );
}

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

fn filled_export() -> Value {
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

// ------------------------------------------------------------ 10. check

#[test]
fn check_is_clean_then_finds_a_broken_foreign_key() {
    let mut store = mem();
    fill_every_table(&mut store);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());

    store
        .conn()
        .execute_batch(
            "PRAGMA foreign_keys=OFF;
             INSERT INTO task(id, text, executor_id, deadline, created_at)
                 VALUES (77, 'Жетим тапшырма', 999, '2026-12-01', '2026-11-25T10:00:00');
             PRAGMA foreign_keys=ON;",
        )
        .unwrap();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("task"), "{}", problems[0]);
    assert!(problems[0].contains("77"), "{}", problems[0]);
    assert!(problems[0].contains("organization"), "{}", problems[0]);
}

#[test]
fn check_is_clean_on_a_file_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("shtab.db")).unwrap();
    fill_every_table(&mut store);
    assert!(store.check().unwrap().is_empty());
}

// ------------------------------------------------------------ 11. audit

#[test]
fn every_organization_write_is_audited_with_the_os_user() {
    let mut store = mem();
    let user = shtab::store::current_user();
    assert!(!user.is_empty());
    let id = org(&mut store, "Өрнөк");
    let mut o = store.organization(id).unwrap();
    o.phone = "5-12-34".into();
    store.save_organization(&o).unwrap();
    store.set_organization_active(id, 2, false).unwrap();
    store.set_organization_active(id, 3, true).unwrap();
    store.delete_organization(id, 4).unwrap();

    let rows = audit_rows(&store, "organization", id);
    let actions: Vec<&str> = rows.iter().map(|(a, _)| a.as_str()).collect();
    // Row changes come from the triggers (with old and new values); (de)activation also
    // says so in words.
    assert_eq!(
        actions,
        vec![
            "insert",
            "update",
            "update",
            "deactivate",
            "update",
            "activate",
            "delete"
        ]
    );
    assert!(rows.iter().all(|(_, u)| *u == user), "{rows:?}");

    let stamps: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT at FROM audit_log WHERE entity = 'organization'")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    for s in stamps {
        chrono::NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S")
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
}

#[test]
fn every_member_write_is_audited() {
    let mut store = mem();
    let user = shtab::store::current_user();
    let id = store.save_member(&member_of(None, "Асанов А.")).unwrap();
    let mut m = store.member(id).unwrap();
    m.phone = "0555123456".into();
    store.save_member(&m).unwrap();
    store.set_member_active(id, 2, false).unwrap();
    store.delete_member(id, 3).unwrap();
    let rows = audit_rows(&store, "member", id);
    let actions: Vec<&str> = rows.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        vec!["insert", "update", "update", "deactivate", "delete"]
    );
    assert!(rows.iter().all(|(_, u)| *u == user));
}

#[test]
fn import_is_audited() {
    let mut b = mem();
    b.import(&export_from(filled_export()), false).unwrap();
    let (action, user): (String, String) = b
        .conn()
        .query_row(
            "SELECT action, user FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "import");
    assert_eq!(user, shtab::store::current_user());
}

// ------------------------------------------------------------ settings, counts

#[test]
fn settings_and_counts() {
    let mut store = mem();
    assert_eq!(store.setting("city").unwrap(), None);
    store.set_setting("city", "Токмок").unwrap();
    store.set_setting("city", "Токмок шаары").unwrap();
    assert_eq!(
        store.setting("city").unwrap().as_deref(),
        Some("Токмок шаары")
    );
    assert_eq!(store.count("setting").unwrap(), 1);

    fill_every_table(&mut store);
    // The fixture's only task is in progress with deadline 15.12.2026.
    assert_eq!(store.count_overdue(d(2026, 12, 15)).unwrap(), 0);
    assert_eq!(store.count_overdue(d(2026, 12, 16)).unwrap(), 1);
}

// ------------------------------------------------------------ sharing and power cuts

/// The header's application id as the main file holds it (not the WAL).
fn stamp_in_main_file(path: &Path) -> i32 {
    let bytes = std::fs::read(path).unwrap();
    i32::from_be_bytes(bytes[68..72].try_into().unwrap())
}

#[test]
fn a_new_file_is_stamped_in_the_main_file_before_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let _store = Store::open(&path).unwrap();
    // While the store is open the schema sits in the WAL; the stamp must not, or a power
    // cut before the checkpoint leaves a file with tables and no stamp, refused for ever.
    assert_eq!(stamp_in_main_file(&path), APPLICATION_ID);
}

#[test]
fn a_second_shtab_opens_the_file_while_the_first_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let mut first = Store::open(&path).unwrap();
    let id = org(&mut first, "Өрнөк");
    let mut second = Store::open(&path).unwrap();
    assert_eq!(second.organization(id).unwrap().name_ky, "Өрнөк");
    // Both write; each sees the other's change and stale copies conflict.
    let mut o = second.organization(id).unwrap();
    o.phone = "5-12-34".into();
    second.save_organization(&o).unwrap();
    let mut stale = o.clone();
    stale.phone = "0".into();
    assert!(matches!(
        first.save_organization(&stale),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    assert_eq!(first.organization(id).unwrap().phone, "5-12-34");
}

#[test]
fn an_unstamped_empty_sqlite_database_is_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    {
        let c = Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE x(a); DROP TABLE x;").unwrap();
    }
    assert!(std::fs::metadata(&path).unwrap().len() > 0);
    assert_eq!(stamp_in_main_file(&path), 0);
    let mut store = Store::open(&path).unwrap();
    org(&mut store, "Өрнөк");
    assert_eq!(stamp_in_main_file(&path), APPLICATION_ID);
}

#[test]
fn an_unstamped_database_with_a_live_wal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    // Another program holds it open in WAL mode; its table is still only in the WAL.
    let other = Connection::open(&path).unwrap();
    other
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;
             CREATE TABLE budget(item TEXT); INSERT INTO budget VALUES ('Wi-Fi');",
        )
        .unwrap();
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::Failed(Failure::NotShtab(_)))
    ));
    let n: i64 = other
        .query_row("SELECT count(*) FROM budget", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    let tables: i64 = other
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "no Shtab table was put into it");
}
