//! Sessions, agendas and invited persons, through the store's public API on small
//! hand-made fixtures (in-memory stores); hearings, carry-over and planning a year:
//! session_planning.rs.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::params;
use shtab::domain::session::{
    AgendaItem, AgendaItemKind, Outcome, Session, SessionKind, SessionStatus,
};
use shtab::domain::{OrgKind, Organization};
use shtab::store::{Failure, Refusal};
use shtab::store::{Store, StoreError};

// ---------------------------------------------------------------- helpers

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub(crate) fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

pub(crate) fn mem() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

pub(crate) fn regular(date: NaiveDate, time: NaiveTime) -> Session {
    Session {
        id: 0,
        year: 0, // the store takes the year from the date
        number: 0,
        kind: SessionKind::Regular,
        reason: String::new(),
        date,
        time,
        place: "Мэриянын чоң залы".into(),
        duration_minutes: 120,
        status: SessionStatus::Planned,
        version: 0,
    }
}

pub(crate) fn extraordinary(date: NaiveDate, time: NaiveTime, reason: &str) -> Session {
    Session {
        kind: SessionKind::Extraordinary,
        reason: reason.into(),
        ..regular(date, time)
    }
}

/// Create a session and return it as stored.
pub(crate) fn add(store: &mut Store, s: &Session) -> Session {
    let (id, _) = store.create_session(s).unwrap();
    store.session(id).unwrap()
}

pub(crate) fn org(store: &mut Store, name: &str, head: &str) -> i64 {
    store
        .save_organization(&Organization {
            head_name: head.into(),
            head_title: "директор".into(),
            ..Organization::new(name, OrgKind::School)
        })
        .unwrap()
}

pub(crate) fn task(store: &Store, executor: i64, deadline: NaiveDate, status: &str) -> i64 {
    let closed = matches!(status, "done_on_time" | "done_late" | "cancelled")
        .then_some("2026-04-01T09:00:00");
    store
        .conn()
        .execute(
            "INSERT INTO task(text, executor_id, deadline, status, created_at, closed_at)
             VALUES ('Тапшырма', ?1, ?2, ?3, '2026-01-10T09:00:00', ?4)",
            params![executor, deadline, status, closed],
        )
        .unwrap();
    store.conn().last_insert_rowid()
}

pub(crate) fn measure(store: &Store, number: &str) -> i64 {
    store
        .conn()
        .execute(
            "INSERT INTO plan_measure(number, title) VALUES (?1, 'Ар бир мектепте интернет')",
            [number],
        )
        .unwrap();
    store.conn().last_insert_rowid()
}

pub(crate) fn protocol_for(store: &Store, session_id: i64) {
    store
        .conn()
        .execute(
            "INSERT INTO protocol(session_id, year) VALUES (?1, 2026)",
            [session_id],
        )
        .unwrap();
}

pub(crate) fn item(store: &mut Store, session_id: i64, title: &str, minutes: i64) -> AgendaItem {
    let id = store
        .save_agenda_item(&AgendaItem {
            minutes,
            ..AgendaItem::new(session_id, title, AgendaItemKind::Report)
        })
        .unwrap();
    store.agenda_item(id).unwrap()
}

/// (title, position) of a session's agenda, in order.
pub(crate) fn order(store: &Store, session_id: i64) -> Vec<(String, i64)> {
    store
        .agenda(session_id)
        .unwrap()
        .into_iter()
        .map(|i| (i.title, i.position))
        .collect()
}

pub(crate) fn set_status(store: &mut Store, id: i64, status: SessionStatus) {
    let v = store.session(id).unwrap().version;
    store.set_session_status(id, v, status).unwrap();
}

pub(crate) fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

// ------------------------------------------------------------ numbering

#[test]
fn numbers_are_per_year_and_never_reused() {
    let mut store = mem();
    let mut numbers = Vec::new();
    for m in [1, 2, 3] {
        numbers.push(
            store
                .create_session(&regular(d(2026, m, 26), t(10, 0)))
                .unwrap(),
        );
    }
    assert_eq!(
        numbers.iter().map(|n| n.1).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let (_, n2027) = store
        .create_session(&regular(d(2027, 1, 28), t(10, 0)))
        .unwrap();
    assert_eq!(n2027, 1, "every year starts at 1");
    let s = store.session(numbers[0].0).unwrap();
    assert_eq!(
        (s.number, s.year, s.label()),
        (1, 2026, "1/2026".to_string())
    );

    // Delete 2026's #3; the next one gets #4, not #3 again.
    let third = store.session(numbers[2].0).unwrap();
    store.delete_session(third.id, third.version).unwrap();
    assert!(matches!(
        store.session(third.id),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    let (id, n) = store
        .create_session(&regular(d(2026, 4, 30), t(10, 0)))
        .unwrap();
    assert_eq!(n, 4);
    let found = store.session_by_label(4, 2026).unwrap();
    assert_eq!(found.id, id);
    assert_eq!(found.date, d(2026, 4, 30));
    assert!(matches!(
        store.session_by_label(3, 2026),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    assert_eq!(
        store.session_by_label(1, 2027).unwrap().date,
        d(2027, 1, 28)
    );

    // Even with every 2026 session gone, numbers keep growing.
    for s in store.sessions(d(2026, 1, 1), Some(2026)).unwrap() {
        store
            .delete_session(s.session.id, s.session.version)
            .unwrap();
    }
    let (_, n) = store
        .create_session(&regular(d(2026, 5, 28), t(10, 0)))
        .unwrap();
    assert_eq!(n, 5);
}

#[test]
fn moving_a_session_into_another_year_renumbers_it_in_that_year() {
    let mut store = mem();
    add(&mut store, &regular(d(2026, 11, 26), t(10, 0)));
    let dec = add(&mut store, &regular(d(2026, 12, 31), t(10, 0)));
    add(&mut store, &regular(d(2027, 1, 28), t(10, 0)));
    assert_eq!(dec.label(), "2/2026");

    // Put off into January: it becomes a 2027 session with 2027's next number.
    store
        .update_session(&Session {
            date: d(2027, 1, 14),
            ..dec.clone()
        })
        .unwrap();
    let moved = store.session(dec.id).unwrap();
    assert_eq!((moved.year, moved.number), (2027, 2));
    assert_eq!(store.session_by_label(2, 2027).unwrap().id, dec.id);
    assert_eq!(store.sessions(d(2026, 1, 1), Some(2027)).unwrap().len(), 2);
    assert!(
        store
            .session_dates(2027)
            .unwrap()
            .contains(&(d(2027, 1, 14), true))
    );
    // 2/2026 is not given again.
    let (_, n) = store
        .create_session(&regular(d(2026, 12, 24), t(10, 0)))
        .unwrap();
    assert_eq!(n, 3);

    // A change within the year keeps the number.
    let moved = store.session(dec.id).unwrap();
    store
        .update_session(&Session {
            date: d(2027, 1, 21),
            ..moved
        })
        .unwrap();
    assert_eq!(store.session(dec.id).unwrap().label(), "2/2027");
}

// ------------------------------------------------------------ constraints

#[test]
fn two_sessions_at_the_same_date_and_time_are_refused() {
    let mut store = mem();
    let a = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let err = store
        .create_session(&extraordinary(d(2026, 5, 28), t(10, 0), "Интернет өчтү"))
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::SessionTimeTaken)),
        "{err:?}"
    );
    // The refused one used no number.
    let b = add(
        &mut store,
        &extraordinary(d(2026, 5, 28), t(15, 0), "Интернет өчтү"),
    );
    assert_eq!(b.number, 2);
    assert_eq!(
        store.session_at(d(2026, 5, 28), t(10, 0), b.id).unwrap(),
        Some("1/2026".to_string())
    );
    assert_eq!(
        store.session_at(d(2026, 5, 28), t(10, 0), a.id).unwrap(),
        None
    );

    // Update into a taken slot is refused too, and changes nothing.
    let err = store
        .update_session(&Session {
            time: t(10, 0),
            ..b.clone()
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::SessionTimeTaken)),
        "{err:?}"
    );
    assert_eq!(store.session(b.id).unwrap(), b);
    // Another time on the same day is fine.
    store
        .update_session(&Session {
            time: t(11, 30),
            ..b.clone()
        })
        .unwrap();
    let b2 = store.session(b.id).unwrap();
    assert_eq!(b2.time, t(11, 30));
    assert_eq!(b2.version, b.version + 1);
    // Saving a session at its own slot is not a clash with itself.
    store.update_session(&b2).unwrap();
}

#[test]
fn an_extraordinary_session_needs_a_reason() {
    let mut store = mem();
    for reason in ["", "   "] {
        let err = store
            .create_session(&extraordinary(d(2026, 6, 3), t(15, 0), reason))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Refused(Refusal::ReasonRequired)),
            "{reason:?}: {err:?}"
        );
    }
    assert_eq!(store.count("session").unwrap(), 0);
    // A regular one needs none; made extraordinary, it needs one.
    let s = add(&mut store, &regular(d(2026, 6, 3), t(15, 0)));
    let err = store
        .update_session(&Session {
            kind: SessionKind::Extraordinary,
            ..s.clone()
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::ReasonRequired)),
        "{err:?}"
    );
    assert_eq!(store.session(s.id).unwrap(), s);
    store
        .update_session(&Session {
            kind: SessionKind::Extraordinary,
            reason: "  Суу ташкыны  ".into(),
            ..s.clone()
        })
        .unwrap();
    assert_eq!(store.session(s.id).unwrap().reason, "Суу ташкыны");
    // The message says what is wrong, for the status line.
    assert!(
        StoreError::Refused(Refusal::ReasonRequired)
            .to_string()
            .contains("reason")
    );
}

#[test]
fn stale_session_versions_are_conflicts() {
    let mut store = mem();
    let s = add(&mut store, &regular(d(2026, 7, 30), t(10, 0)));
    store
        .update_session(&Session {
            place: "Кичи зал".into(),
            ..s.clone()
        })
        .unwrap();
    for err in [
        store
            .update_session(&Session {
                place: "Чоң зал".into(),
                ..s.clone()
            })
            .unwrap_err(),
        store
            .set_session_status(s.id, s.version, SessionStatus::Held)
            .unwrap_err(),
        store.delete_session(s.id, s.version).unwrap_err(),
    ] {
        assert!(
            matches!(err, StoreError::Refused(Refusal::Conflict)),
            "{err:?}"
        );
    }
    assert_eq!(store.session(s.id).unwrap().place, "Кичи зал");
}

// ------------------------------------------------------------ the list

#[test]
fn the_list_shows_upcoming_soonest_first_then_past_latest_first() {
    let mut store = mem();
    let today = d(2026, 6, 15);
    let jan = add(&mut store, &regular(d(2026, 1, 29), t(10, 0)));
    let may = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let may_extra = add(
        &mut store,
        &extraordinary(d(2026, 5, 28), t(15, 0), "Интернет өчтү"),
    );
    let jul = add(&mut store, &regular(d(2026, 7, 30), t(10, 0)));
    let on_today = add(&mut store, &regular(today, t(9, 0)));
    let jun_later = add(&mut store, &regular(d(2026, 6, 25), t(10, 0)));
    let last_year = add(&mut store, &regular(d(2025, 12, 25), t(10, 0)));

    item(&mut store, may.id, "Мектептер", 15);
    item(&mut store, may.id, "Wi-Fi", 20);
    item(&mut store, may.id, "Башка", 0);
    item(&mut store, jul.id, "Архив", 25);
    protocol_for(&store, may.id);

    let rows = store.sessions(today, None).unwrap();
    let ids: Vec<i64> = rows.iter().map(|r| r.session.id).collect();
    assert_eq!(
        ids,
        vec![
            on_today.id, // today counts as upcoming
            jun_later.id,
            jul.id,
            may_extra.id, // same past day: the later one first
            may.id,
            jan.id,
            last_year.id,
        ]
    );
    let row = |id| rows.iter().find(|r| r.session.id == id).unwrap();
    assert_eq!((row(may.id).item_count, row(may.id).minutes_total), (3, 35));
    assert!(row(may.id).has_protocol);
    assert_eq!((row(jul.id).item_count, row(jul.id).minutes_total), (1, 25));
    assert!(!row(jul.id).has_protocol);
    assert_eq!((row(jan.id).item_count, row(jan.id).minutes_total), (0, 0));
    assert_eq!(row(may_extra.id).session, may_extra);

    let only_2025: Vec<i64> = store
        .sessions(today, Some(2025))
        .unwrap()
        .iter()
        .map(|r| r.session.id)
        .collect();
    assert_eq!(only_2025, vec![last_year.id]);
    assert_eq!(store.sessions(today, Some(2026)).unwrap().len(), 6);
    assert!(store.sessions(today, Some(2030)).unwrap().is_empty());

    let mut dates = store.session_dates(2026).unwrap();
    dates.sort();
    assert_eq!(dates.len(), 6);
    assert!(dates.contains(&(d(2026, 5, 28), false)));
    assert!(dates.contains(&(d(2026, 5, 28), true)));
}

// ------------------------------------------------------------ the agenda

#[test]
fn agenda_items_are_numbered_moved_and_closed_up() {
    let mut store = mem();
    let s = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let a = item(&mut store, s.id, "Биринчи", 10);
    let b = item(&mut store, s.id, "Экинчи", 10);
    let c = item(&mut store, s.id, "Үчүнчү", 10);
    assert_eq!((a.position, b.position, c.position), (1, 2, 3));

    assert!(store.move_agenda_item(c.id, true).unwrap());
    assert!(store.move_agenda_item(c.id, true).unwrap());
    assert_eq!(
        order(&store, s.id),
        vec![
            ("Үчүнчү".to_string(), 1),
            ("Биринчи".to_string(), 2),
            ("Экинчи".to_string(), 3)
        ]
    );
    assert!(
        !store.move_agenda_item(c.id, true).unwrap(),
        "already first"
    );
    let last = store.agenda(s.id).unwrap().pop().unwrap();
    assert!(
        !store.move_agenda_item(last.id, false).unwrap(),
        "already last"
    );
    assert_eq!(order(&store, s.id)[0].0, "Үчүнчү");

    // Delete the middle one: no gap.
    let middle = store.agenda_item(a.id).unwrap();
    assert_eq!(middle.position, 2);
    store.delete_agenda_item(middle.id, middle.version).unwrap();
    assert_eq!(
        order(&store, s.id),
        vec![("Үчүнчү".to_string(), 1), ("Экинчи".to_string(), 2)]
    );
    assert!(matches!(
        store.agenda_item(a.id),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    // A new item goes last.
    let d4 = item(&mut store, s.id, "Төртүнчү", 5);
    assert_eq!(d4.position, 3);
}

#[test]
fn deleting_after_moves_keeps_positions_one_two_three() {
    // Positions and ids in different orders: the first-made item moved to the end.
    let mut store = mem();
    let s = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let a = item(&mut store, s.id, "A", 10);
    let b = item(&mut store, s.id, "B", 10);
    let c = item(&mut store, s.id, "C", 10);
    item(&mut store, s.id, "D", 10);
    for _ in 0..3 {
        assert!(store.move_agenda_item(a.id, false).unwrap());
    }
    assert_eq!(
        order(&store, s.id)
            .into_iter()
            .map(|x| x.0)
            .collect::<Vec<_>>(),
        vec!["B", "C", "D", "A"]
    );
    let c = store.agenda_item(c.id).unwrap();
    store.delete_agenda_item(c.id, c.version).unwrap();
    assert_eq!(
        order(&store, s.id),
        vec![
            ("B".to_string(), 1),
            ("D".to_string(), 2),
            ("A".to_string(), 3)
        ]
    );
    let b = store.agenda_item(b.id).unwrap();
    store.delete_agenda_item(b.id, b.version).unwrap();
    assert_eq!(
        order(&store, s.id),
        vec![("D".to_string(), 1), ("A".to_string(), 2)]
    );
}

#[test]
fn item_links_round_trip_and_are_replaced_on_update() {
    let mut store = mem();
    let s = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let o1 = org(&mut store, "№5 орто мектеби", "Асанова Гүлмира");
    let o2 = org(&mut store, "№3 гимназия", "Бакиев Нурлан");
    let m1 = measure(&store, "2.3");
    let m2 = measure(&store, "2.4");
    let t1 = task(&store, o1, d(2026, 4, 1), "assigned");
    let t2 = task(&store, o2, d(2026, 4, 1), "assigned");
    let t3 = task(&store, o2, d(2026, 6, 1), "assigned");

    let new = AgendaItem {
        speaker_name: "  Асанова Г.  ".into(),
        minutes: 15,
        organization_ids: vec![o2, o1],
        measure_ids: vec![m1],
        task_ids: vec![t2, t1, t1],
        ..AgendaItem::new(
            s.id,
            "  Мектептерди интернетке туташтыруу ",
            AgendaItemKind::Hearing,
        )
    };
    let id = store.save_agenda_item(&new).unwrap();
    let got = store.agenda_item(id).unwrap();
    assert_eq!(got.title, "Мектептерди интернетке туташтыруу");
    assert_eq!(got.speaker_name, "Асанова Г.");
    assert_eq!(got.kind, AgendaItemKind::Hearing);
    assert_eq!(got.minutes, 15);
    assert_eq!(got.outcome, Outcome::Pending);
    assert_eq!(got.organization_ids, vec![o1, o2]);
    assert_eq!(got.measure_ids, vec![m1]);
    assert_eq!(got.task_ids, vec![t1, t2], "duplicates kept once");
    assert_eq!(got.version, 1);
    assert_eq!(store.agenda(s.id).unwrap(), vec![got.clone()]);

    // Update replaces the links, not adds to them.
    let changed = AgendaItem {
        organization_ids: vec![o2],
        measure_ids: vec![m2],
        task_ids: vec![t3],
        outcome: Outcome::Postponed,
        ..got.clone()
    };
    store.save_agenda_item(&changed).unwrap();
    let got2 = store.agenda_item(id).unwrap();
    assert_eq!(got2.organization_ids, vec![o2]);
    assert_eq!(got2.measure_ids, vec![m2]);
    assert_eq!(got2.task_ids, vec![t3]);
    assert_eq!(got2.outcome, Outcome::Postponed);
    assert_eq!(got2.version, 2);
    // And emptied.
    store
        .save_agenda_item(&AgendaItem {
            organization_ids: vec![],
            measure_ids: vec![],
            task_ids: vec![],
            ..got2.clone()
        })
        .unwrap();
    let got3 = store.agenda_item(id).unwrap();
    assert!(got3.organization_ids.is_empty() && got3.measure_ids.is_empty());
    assert!(got3.task_ids.is_empty());

    // A stale version is a conflict and changes nothing.
    let err = store
        .save_agenda_item(&AgendaItem {
            title: "Башка".into(),
            ..got.clone()
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::Conflict)),
        "{err:?}"
    );
    let err = store.delete_agenda_item(id, got.version).unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::Conflict)),
        "{err:?}"
    );
    assert_eq!(store.agenda_item(id).unwrap(), got3);

    // A link to a missing task is refused whole.
    let err = store
        .save_agenda_item(&AgendaItem {
            task_ids: vec![t1, 999],
            ..got3.clone()
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Failed(Failure::Sqlite(_))),
        "{err:?}"
    );
    assert_eq!(store.agenda_item(id).unwrap(), got3);

    // Deleting the item takes its links along.
    store.delete_agenda_item(id, got3.version).unwrap();
    assert_eq!(count(&store, "SELECT count(*) FROM agenda_item_task"), 0);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

#[test]
fn once_held_the_agenda_is_frozen_and_a_protocol_keeps_the_session() {
    let mut store = mem();
    let s = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let a = item(&mut store, s.id, "Биринчи", 10);
    let b = item(&mut store, s.id, "Экинчи", 10);
    set_status(&mut store, s.id, SessionStatus::AgendaApproved);
    // Still editable after the agenda is approved.
    store
        .save_agenda_item(&AgendaItem {
            minutes: 12,
            ..a.clone()
        })
        .unwrap();
    let a = store.agenda_item(a.id).unwrap();
    assert_eq!((a.minutes, a.version), (12, 2));
    assert!(store.session(s.id).unwrap().agenda_editable());

    set_status(&mut store, s.id, SessionStatus::Held);
    assert!(!store.session(s.id).unwrap().agenda_editable());
    let before = store.agenda(s.id).unwrap();
    let errors = [
        store
            .save_agenda_item(&AgendaItem::new(s.id, "Жаңы", AgendaItemKind::Other))
            .unwrap_err(),
        store
            .save_agenda_item(&AgendaItem {
                title: "Өзгөртүлгөн".into(),
                ..a.clone()
            })
            .unwrap_err(),
        store.delete_agenda_item(a.id, a.version).unwrap_err(),
        store.move_agenda_item(b.id, true).unwrap_err(),
        store.move_agenda_item(a.id, false).unwrap_err(),
    ];
    for err in errors {
        assert!(
            matches!(err, StoreError::Refused(Refusal::SessionHeld)),
            "{err:?}"
        );
    }
    assert_eq!(store.agenda(s.id).unwrap(), before);

    // An item of a held session cannot be edited by naming another session either.
    let open = add(&mut store, &regular(d(2026, 6, 25), t(10, 0)));
    let err = store
        .save_agenda_item(&AgendaItem {
            session_id: open.id,
            title: "Өзгөртүлгөн".into(),
            ..a.clone()
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::SessionHeld)),
        "{err:?}"
    );
    assert_eq!(store.agenda(s.id).unwrap(), before);
    assert!(store.agenda(open.id).unwrap().is_empty());

    // With a protocol the session cannot be deleted; nothing of it goes.
    protocol_for(&store, s.id);
    store
        .conn()
        .execute(
            "INSERT INTO invited_person(session_id, full_name) VALUES (?1, 'Асанова Г.')",
            [s.id],
        )
        .unwrap();
    let held = store.session(s.id).unwrap();
    let err = store.delete_session(held.id, held.version).unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::HasProtocol)),
        "{err:?}"
    );
    assert_eq!(store.session(s.id).unwrap(), held);
    assert_eq!(store.agenda(s.id).unwrap(), before);
    assert_eq!(store.invited(s.id).unwrap().len(), 1);
    assert_eq!(count(&store, "SELECT count(*) FROM protocol"), 1);

    // Without one, the session goes with its agenda and invited persons.
    let o = org(&mut store, "№5 орто мектеби", "Асанова Гүлмира");
    let x = add(&mut store, &regular(d(2026, 7, 30), t(10, 0)));
    let tk = task(&store, o, d(2026, 7, 1), "assigned");
    store
        .save_agenda_item(&AgendaItem {
            organization_ids: vec![o],
            task_ids: vec![tk],
            ..AgendaItem::new(x.id, "Угуу", AgendaItemKind::Hearing)
        })
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO invited_person(session_id, full_name) VALUES (?1, 'Асанова Г.')",
            [x.id],
        )
        .unwrap();
    store.delete_session(x.id, x.version).unwrap();
    assert!(store.agenda(x.id).unwrap().is_empty());
    assert!(store.invited(x.id).unwrap().is_empty());
    assert_eq!(count(&store, "SELECT count(*) FROM agenda_item_task"), 0);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}
