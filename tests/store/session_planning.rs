//! Sessions beyond their own records: the hearings suggested and added, the items carried
//! over, a year planned at once, and the demo's sessions read back.

use crate::sessions::{
    add, d, extraordinary, measure, mem, order, org, regular, set_status, t, task,
};
use chrono::Weekday;
use shtab::domain::session::{
    AgendaItem, AgendaItemKind, MonthDay, Outcome, Session, SessionStatus, plan_year,
};
use shtab::store::Refusal;
use shtab::store::StoreError;

// ------------------------------------------------------------ hearings

#[test]
fn suggested_hearings_and_adding_one() {
    let mut store = mem();
    let today = d(2026, 5, 20);
    let a = org(&mut store, "№5 орто мектеби", "Асанова Гүлмира");
    let b = org(&mut store, "Жибек Жолу ТЖШ", "Бакиев Нурлан");
    let c = org(&mut store, "№3 гимназия", "Садыкова Айгүл");
    // A: two overdue (50 and 10 days), B: three overdue, at most 20 days.
    let a1 = task(&store, a, d(2026, 3, 31), "assigned");
    let a2 = task(&store, a, d(2026, 5, 10), "in_progress");
    let b1 = task(&store, b, d(2026, 4, 30), "extension_requested");
    let b2 = task(&store, b, d(2026, 5, 1), "assigned");
    let b3 = task(&store, b, d(2026, 5, 19), "assigned");
    // Not overdue: done, cancelled, due today or later.
    task(&store, a, d(2026, 3, 1), "done_late");
    task(&store, b, d(2026, 6, 1), "assigned");
    task(&store, c, d(2026, 3, 1), "done_on_time");
    task(&store, c, d(2026, 4, 1), "cancelled");
    task(&store, c, today, "assigned");
    task(&store, c, d(2026, 7, 1), "in_progress");

    let s = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let other = add(&mut store, &regular(d(2026, 6, 25), t(10, 0)));
    let sug = store.suggested_hearings(today, s.id).unwrap();
    let short: Vec<(i64, i64, i64, Vec<i64>)> = sug
        .iter()
        .map(|x| {
            (
                x.organization_id,
                x.overdue_tasks,
                x.max_days,
                x.task_ids.clone(),
            )
        })
        .collect();
    assert_eq!(
        short,
        vec![(a, 2, 50, vec![a1, a2]), (b, 3, 20, vec![b1, b2, b3])],
        "most overdue first; C has nothing overdue"
    );
    assert_eq!(sug[0].name_ky, "№5 орто мектеби");
    assert_eq!(sug[0].head_name, "Асанова Гүлмира");
    assert_eq!(sug[0].head_title, "директор");

    let id = store
        .add_hearing(s.id, &sug[0], "№5 орто мектебинин жетекчисин угуу")
        .unwrap();
    let heard = store.agenda_item(id).unwrap();
    assert_eq!(heard.kind, AgendaItemKind::Hearing);
    assert_eq!(heard.session_id, s.id);
    assert_eq!(heard.position, 1);
    assert_eq!(heard.organization_ids, vec![a]);
    assert_eq!(heard.task_ids, vec![a1, a2]);
    assert_eq!(heard.speaker_name, "Асанова Гүлмира");
    let after: Vec<i64> = store
        .suggested_hearings(today, s.id)
        .unwrap()
        .iter()
        .map(|x| x.organization_id)
        .collect();
    assert_eq!(after, vec![b], "A is heard at this session already");
    // Another session still gets A suggested.
    assert_eq!(store.suggested_hearings(today, other.id).unwrap().len(), 2);

    // The same head for a second item: invited once.
    store
        .add_hearing(s.id, &sug[0], "Кайра угуу: Wi-Fi")
        .unwrap();
    store.add_hearing(s.id, &sug[1], "Жибек Жолу ТЖШ").unwrap();
    let invited = store.invited(s.id).unwrap();
    let names: Vec<(&str, Option<i64>, &str)> = invited
        .iter()
        .map(|p| (p.full_name.as_str(), p.organization_id, p.position.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Асанова Гүлмира", Some(a), "директор"),
            ("Бакиев Нурлан", Some(b), "директор")
        ]
    );
    assert_eq!(
        order(&store, s.id)
            .into_iter()
            .map(|x| x.1)
            .collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert!(store.suggested_hearings(today, s.id).unwrap().is_empty());

    // Once held, no more hearings; nothing is added.
    set_status(&mut store, s.id, SessionStatus::Held);
    let for_other = store.suggested_hearings(today, other.id).unwrap();
    let err = store.add_hearing(s.id, &for_other[0], "Кеч").unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::SessionHeld)),
        "{err:?}"
    );
    assert_eq!(store.agenda(s.id).unwrap().len(), 3);
    assert_eq!(store.invited(s.id).unwrap().len(), 2);
}

// ------------------------------------------------------------ carry-over

#[test]
fn postponed_and_undecided_items_are_carried_over_once() {
    let mut store = mem();
    let o = org(&mut store, "№5 орто мектеби", "Асанова Гүлмира");
    let tk = task(&store, o, d(2026, 4, 1), "assigned");
    let m = measure(&store, "2.3");
    let older = add(&mut store, &regular(d(2026, 3, 26), t(10, 0)));
    let prev = add(&mut store, &regular(d(2026, 4, 30), t(10, 0)));
    let next = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));

    let mut with_outcome = |session_id: i64, title: &str, outcome: Outcome| {
        store
            .save_agenda_item(&AgendaItem {
                outcome,
                minutes: 15,
                speaker_name: "Асанова Г.".into(),
                organization_ids: vec![o],
                measure_ids: vec![m],
                task_ids: vec![tk],
                ..AgendaItem::new(session_id, title, AgendaItemKind::Hearing)
            })
            .unwrap()
    };
    with_outcome(older.id, "Мурунку, калтырылган", Outcome::Postponed);
    let postponed = with_outcome(prev.id, "Калтырылды", Outcome::Postponed);
    let undecided = with_outcome(prev.id, "Чечим жок", Outcome::NoDecision);
    with_outcome(prev.id, "Чечилди", Outcome::Decided);
    with_outcome(prev.id, "Күтүүдө", Outcome::Pending);
    set_status(&mut store, prev.id, SessionStatus::Held);

    let cands = store.carry_over_candidates(next.id).unwrap();
    let ids: Vec<i64> = cands.iter().map(|c| c.item.id).collect();
    assert_eq!(ids, vec![postponed, undecided]);
    assert!(cands.iter().all(|c| c.from_label == "2/2026"));

    let copy_id = store.carry_over(next.id, &cands[0].item).unwrap();
    let left: Vec<i64> = store
        .carry_over_candidates(next.id)
        .unwrap()
        .iter()
        .map(|c| c.item.id)
        .collect();
    assert_eq!(left, vec![undecided]);

    let copy = store.agenda_item(copy_id).unwrap();
    let from = store.agenda_item(postponed).unwrap();
    assert_eq!(copy.session_id, next.id);
    assert_eq!(copy.outcome, Outcome::Pending);
    assert_eq!(copy.carried_from, Some(postponed));
    assert_eq!(copy.position, 1);
    assert_eq!(
        (
            &copy.title,
            copy.kind,
            &copy.speaker_name,
            copy.minutes,
            &copy.organization_ids,
            &copy.measure_ids,
            &copy.task_ids
        ),
        (
            &from.title,
            from.kind,
            &from.speaker_name,
            from.minutes,
            &from.organization_ids,
            &from.measure_ids,
            &from.task_ids
        )
    );
    // The original is untouched (its session is held).
    assert_eq!(from.outcome, Outcome::Postponed);
    assert_eq!(from.session_id, prev.id);

    // The first session has nothing before it.
    assert!(store.carry_over_candidates(older.id).unwrap().is_empty());
    // The previous session's own candidates come from the one before it.
    assert_eq!(store.carry_over_candidates(prev.id).unwrap().len(), 1);
    // Deleting the session that carried the item offers the original again.
    let next = store.session(next.id).unwrap();
    store.delete_session(next.id, next.version).unwrap();
    let again = add(&mut store, &regular(d(2026, 5, 28), t(10, 0)));
    let ids: Vec<i64> = store
        .carry_over_candidates(again.id)
        .unwrap()
        .iter()
        .map(|c| c.item.id)
        .collect();
    assert_eq!(ids, vec![postponed, undecided]);
}

// ------------------------------------------------------------ planning a year

#[test]
fn a_planned_year_is_created_after_the_sessions_already_set() {
    let mut store = mem();
    let march = add(&mut store, &regular(d(2027, 3, 10), t(10, 0)));
    assert_eq!(march.label(), "1/2027");
    let existing = store.session_dates(2027).unwrap();
    assert_eq!(existing, vec![(d(2027, 3, 10), true)]);

    let plan = plan_year(2027, MonthDay::Last(Weekday::Thu), &existing);
    let to_create: Vec<Session> = plan
        .iter()
        .filter(|p| p.skip.is_none())
        .map(|p| regular(p.date, t(10, 0)))
        .collect();
    assert_eq!(to_create.len(), 11);
    assert_eq!(store.create_sessions(&to_create).unwrap(), 11);

    let mut all: Vec<Session> = store
        .sessions(d(2027, 1, 1), Some(2027))
        .unwrap()
        .into_iter()
        .map(|r| r.session)
        .collect();
    assert_eq!(all.len(), 12);
    all.sort_by_key(|s| s.date);
    let by_month: Vec<(u32, i64)> = all
        .iter()
        .map(|s| (chrono::Datelike::month(&s.date), s.number))
        .collect();
    // Numbered in the order made, after the March one: 2, 3, then 4 … 12.
    assert_eq!(
        by_month,
        vec![
            (1, 2),
            (2, 3),
            (3, 1),
            (4, 4),
            (5, 5),
            (6, 6),
            (7, 7),
            (8, 8),
            (9, 9),
            (10, 10),
            (11, 11),
            (12, 12)
        ]
    );
    assert!(
        all.iter()
            .filter(|s| s.id != march.id)
            .all(|s| { chrono::Datelike::weekday(&s.date) == Weekday::Thu && s.time == t(10, 0) })
    );
    assert_eq!(all[0].date, d(2027, 1, 28));
    assert_eq!(all[11].date, d(2027, 12, 30));

    // Planning again proposes nothing new.
    let again = plan_year(
        2027,
        MonthDay::Last(Weekday::Thu),
        &store.session_dates(2027).unwrap(),
    );
    assert!(again.iter().all(|p| p.skip.is_some()));
}

#[test]
fn a_plan_that_clashes_creates_nothing() {
    let mut store = mem();
    // An extraordinary session at 10:00 on a day the plan proposes… but the planner was
    // told nothing of it: the whole batch is refused.
    add(
        &mut store,
        &extraordinary(d(2027, 4, 29), t(10, 0), "Интернет өчтү"),
    );
    let plan: Vec<Session> = plan_year(2027, MonthDay::Last(Weekday::Thu), &[])
        .iter()
        .map(|p| regular(p.date, t(10, 0)))
        .collect();
    let err = store.create_sessions(&plan).unwrap_err();
    assert!(
        matches!(err, StoreError::Refused(Refusal::SessionTimeTaken)),
        "{err:?}"
    );
    assert_eq!(store.count("session").unwrap(), 1);
    // And no number was spent.
    let (_, n) = store
        .create_session(&regular(d(2027, 1, 28), t(10, 0)))
        .unwrap();
    assert_eq!(n, 2);
}

// ------------------------------------------------------------ on the demo data

#[test]
fn the_demo_sessions_read_back_consistently() {
    let mut store = mem();
    let today = d(2026, 5, 20);
    crate::common::write_demo(&mut store, 150, 1, today);
    let rows = store.sessions(today, None).unwrap();
    assert_eq!(rows.len(), 14);
    let upcoming = rows.iter().take_while(|r| r.session.date >= today).count();
    assert!(upcoming >= 1);
    assert!(
        rows[..upcoming]
            .windows(2)
            .all(|w| w[0].session.date <= w[1].session.date)
    );
    assert!(
        rows[upcoming..]
            .windows(2)
            .all(|w| w[0].session.date >= w[1].session.date)
    );
    for r in &rows {
        let agenda = store.agenda(r.session.id).unwrap();
        assert_eq!(r.item_count, agenda.len() as i64);
        assert_eq!(
            r.minutes_total,
            agenda.iter().map(|i| i.minutes).sum::<i64>()
        );
        let positions: Vec<i64> = agenda.iter().map(|i| i.position).collect();
        assert_eq!(positions, (1..=agenda.len() as i64).collect::<Vec<_>>());
        assert_eq!(
            store
                .session_by_label(r.session.number, r.session.year)
                .unwrap(),
            r.session
        );
        // Every past session has its protocol; none to come has.
        assert_eq!(
            r.has_protocol,
            r.session.date < today,
            "{}",
            r.session.label()
        );
    }
    // A new session of this year continues the numbering.
    let year = chrono::Datelike::year(&today);
    let last = rows
        .iter()
        .filter(|r| r.session.year == year)
        .map(|r| r.session.number)
        .max()
        .unwrap();
    let (_, n) = store
        .create_session(&regular(d(2026, 12, 3), t(11, 0)))
        .unwrap();
    assert_eq!(n, last + 1);
}
