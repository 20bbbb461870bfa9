//! The store, through its public API: pragmas, file safety, round trips, constraints,
//! optimistic locking, check and audit (collation: collation.rs; foreign files and import:
//! foreign_files.rs).

use shtab::store::{Failure, Refusal};
use std::path::Path;

use crate::foreign_files::filled_export;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde_json::Value;
use shtab::domain::{Member, OrgKind, Organization, Role};
use shtab::store::transfer::{Export, TABLES};
use shtab::store::{APPLICATION_ID, OrgFilter, Store, StoreError};

// ---------------------------------------------------------------- helpers

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(crate) fn mem() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

pub(crate) fn pragma_i64(store: &Store, name: &str) -> i64 {
    store
        .conn()
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

pub(crate) fn migration_count() -> usize {
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

pub(crate) fn org(store: &mut Store, name: &str) -> i64 {
    store
        .save_organization(&Organization::new(name, OrgKind::School))
        .unwrap()
}

pub(crate) fn member_of(org_id: Option<i64>, name: &str) -> Member {
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

pub(crate) fn names(orgs: &[Organization]) -> Vec<String> {
    orgs.iter().map(|o| o.name_ky.clone()).collect()
}

pub(crate) fn all_orgs(store: &Store) -> Vec<Organization> {
    store
        .organizations(&OrgFilter {
            include_inactive: true,
            ..Default::default()
        })
        .unwrap()
}

pub(crate) fn find(store: &Store, text: &str) -> Vec<String> {
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

pub(crate) fn total_rows(store: &Store) -> i64 {
    TABLES.iter().map(|t| store.count(t).unwrap()).sum()
}

/// A deep copy of an export (it is not `Clone`), as JSON.
pub(crate) fn json_of(e: &Export) -> Value {
    serde_json::to_value(e).unwrap()
}

pub(crate) fn export_from(v: Value) -> Export {
    serde_json::from_value(v).unwrap()
}

/// At least one valid row in every table, typed APIs where there are some, raw SQL elsewhere.
pub(crate) fn fill_every_table(store: &mut Store) {
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

pub(crate) fn audit_rows(store: &Store, entity: &str, id: i64) -> Vec<(String, String)> {
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

pub(crate) fn is_fk_error(e: &rusqlite::Error) -> bool {
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
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
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
