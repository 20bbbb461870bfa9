//! Checks at entry (issue 14): the plan import reports every problem of a file in one pass
//! and names the columns it ignores; links never move silently; a year plan avoids public
//! holidays; an approved session moves only when the user says yes.

use shtab::store::Refusal;
use std::process::{Command, Output};

fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

#[test]
fn plan_import_reports_every_problem_of_the_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    assert!(
        shtab(&["demo", "--db", db, "--scale", "20"])
            .status
            .success()
    );
    let file = dir.path().join("bad.csv");
    // A bad date, a bad progress, and a new measure without a title.
    std::fs::write(
        &file,
        "number,title,deadline,progress,Эскертүү\n1.1,,31.13.2026,,\n9.9,,,150,x\n",
    )
    .unwrap();
    let out = shtab(&["plan", "import", "--db", db, file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("columns ignored: Эскертүү"), "{err}");
    assert!(err.contains("line 2: deadline"), "{err}");
    assert!(err.contains("line 3: progress"), "{err}");
    assert!(err.contains("line 3: a new measure needs a title"), "{err}");
    assert!(err.contains("3 problem(s); nothing was imported"), "{err}");
}

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::domain::session::{MonthDay, Session, SessionKind, SessionStatus, plan_year};
use shtab::i18n::Lang;
use shtab::store::StoreError;

fn d(y: i32, m: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn regular(date: chrono::NaiveDate, time: chrono::NaiveTime) -> Session {
    Session {
        id: 0,
        year: 0,
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

/// A task that serves a measure is never taken away silently: linking it to another asks,
/// naming the measure it serves (in the user's language); "no" leaves it, "yes" moves it. The
/// store refuses the plain link with the measure's number; the move is an explicit call. A protocol point's task keeps its origin when linked.
#[test]
fn links_never_move_silently() {
    for lang in [Lang::Ky, Lang::Ru] {
        let mut app = demo_app(lang);
        let measures = app.store.measures().unwrap();
        let (task, from): (i64, i64) = app
            .store
            .conn()
            .query_row(
                "SELECT id, measure_id FROM task WHERE measure_id IS NOT NULL ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let from_number = measures
            .iter()
            .find(|m| m.id == from)
            .unwrap()
            .number
            .clone();
        chr(&mut app, '5');
        let i = app
            .screens
            .plan
            .measures
            .iter()
            .position(|m| m.id != from)
            .unwrap();
        let to = app.screens.plan.measures[i].id;
        for _ in 0..i {
            press(&mut app, KeyCode::Down);
        }
        chr(&mut app, 'l');
        press(&mut app, KeyCode::Right); // a task
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        typ(&mut app, &task.to_string());
        press(&mut app, KeyCode::Enter);
        // Asked, naming the measure it serves and this one.
        assert!(app.confirm.is_some(), "asked before moving");
        let r = shtab::i18n::rules::strings(lang);
        let to_number = app.screens.plan.measures[i].number.clone();
        let question = r
            .confirm_move_link
            .fill([&format!("#{task}"), &from_number, &to_number]);
        let text = screen(&app, 100, 30).replace(['\n', '│'], "");
        let head: String = question.chars().take(30).collect();
        assert!(text.contains(&head), "{text}");
        chr(&mut app, 'n');
        let still: i64 = app
            .store
            .conn()
            .query_row("SELECT measure_id FROM task WHERE id = ?1", [task], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(still, from, "not moved on no");
        press(&mut app, KeyCode::Enter);
        chr(&mut app, 'y');
        let moved: i64 = app
            .store
            .conn()
            .query_row("SELECT measure_id FROM task WHERE id = ?1", [task], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(moved, to, "moved on yes");
        assert!(app.form.is_none());
        app.store.move_task_link(from, task).unwrap();
        // The store: refused with the measure's number; moved only when asked to.
        assert!(matches!(
            app.store.link_task(to, task),
            Err(StoreError::Refused(Refusal::AlreadyLinked(t, ref n))) if t == task && *n == from_number
        ));
        app.store.link_task(from, task).unwrap();
        app.store.move_task_link(to, task).unwrap();
        let moved: i64 = app
            .store
            .conn()
            .query_row("SELECT measure_id FROM task WHERE id = ?1", [task], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(moved, to);
    }
}

#[test]
fn a_protocol_points_task_keeps_its_origin_when_linked() {
    let mut store = demo_store();
    // A draft protocol's point with a task (a signed one's tasks are guarded anyway).
    let session: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM session s WHERE status = 'held'
             AND EXISTS (SELECT 1 FROM protocol p WHERE p.session_id = s.id AND p.status = 'draft')
             ORDER BY date DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let pid = store.open_protocol(session).unwrap();
    let doc = store.protocol_doc(pid).unwrap();
    let decision = store.add_decision(doc.items[0].id, "Аткарылсын.").unwrap();
    let org: i64 = store
        .conn()
        .query_row("SELECT id FROM organization ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let task = store
        .save_decision_task(&shtab::store::TaskDraft {
            id: 0,
            decision_id: decision,
            text: "Маалымат берилсин.".into(),
            executor_id: org,
            co_executors: vec![],
            responsible_person: String::new(),
            controller_id: None,
            deadline: chrono::NaiveDate::from_ymd_opt(2026, 12, 30).unwrap(),
            version: 0,
        })
        .unwrap();
    let measure = store.measures().unwrap()[0].id;
    store.link_task(measure, task).unwrap();
    let row = store.task(task).unwrap();
    assert!(
        matches!(row.origin, shtab::store::Origin::Protocol { decision_id, .. } if decision_id == decision),
        "{:?}",
        row.origin
    );
}

/// Planning 2027 by "the second Monday" would put March's session on 08.03.2027, Women's
/// Day in `assets/holidays.txt`: the plan moves it to the next working day and flags it, so
/// no created session falls on a public holiday.
#[test]
fn a_planned_year_skips_public_holidays() {
    let mut store = shtab::store::Store::open_in_memory().unwrap();
    let plan = plan_year(2027, MonthDay::Nth(2, chrono::Weekday::Mon), &[]);
    let march = plan
        .iter()
        .find(|p| p.holiday == Some(d(2027, 3, 8)))
        .unwrap();
    assert_eq!(march.date, d(2027, 3, 9));
    let to_create: Vec<Session> = plan.iter().map(|p| regular(p.date, t(10, 0))).collect();
    store.create_sessions(&to_create).unwrap();
    let h = shtab::domain::deadline::Holidays::builtin();
    let dates = store.session_dates(2027).unwrap();
    assert_eq!(dates.len(), 12);
    assert!(dates.iter().all(|(x, _)| !h.is_holiday(*x)), "{dates:?}");
}

/// Moving an approved session (its place here) from the Agenda tab asks first, in the user's
/// language; "no" changes nothing, "yes" saves and logs it.
#[test]
fn moving_an_approved_session_asks_first_and_is_logged() {
    use ratatui::crossterm::event::KeyCode;
    use shtab::i18n::Lang;
    for lang in [Lang::Ky, Lang::Ru] {
        let mut app = demo_app(lang);
        let i = app
            .screens
            .agenda
            .sessions
            .iter()
            .position(|r| r.session.status == SessionStatus::AgendaApproved)
            .expect("the demo has an approved session");
        let before = app.screens.agenda.sessions[i].session.clone();
        while app.screens.agenda.session_cursor.selected < i {
            press(&mut app, KeyCode::Down);
        }
        while app.screens.agenda.session_cursor.selected > i {
            press(&mut app, KeyCode::Up);
        }
        chr(&mut app, 'e');
        assert!(app.form.is_some());
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::End);
        typ(&mut app, " (2-кабат)");
        press(&mut app, KeyCode::Enter);
        assert!(app.confirm.is_some(), "asked first");
        let label = before.label();
        assert!(screen(&app, 100, 30).contains(&label));
        chr(&mut app, 'n');
        assert_eq!(app.store.session(before.id).unwrap().place, before.place);
        press(&mut app, KeyCode::Enter);
        chr(&mut app, 'y');
        assert_eq!(
            app.store.session(before.id).unwrap().place,
            format!("{} (2-кабат)", before.place)
        );
        let logged: i64 = app
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'change approved' AND entity_id = ?1",
                [before.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(logged, 1);
    }
}
