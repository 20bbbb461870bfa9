//! Compliance: the figures on a small hand-made fixture, the ladder step by step through
//! the tab, hearing at the next session, and letters read back.

use crate::common;
use shtab::store::Refusal;

use chrono::NaiveDate;
use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::domain::compliance::{self, Rules};
use shtab::domain::work::EscalationStep;
use shtab::domain::{OrgKind, Organization};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

fn d(s: &str) -> NaiveDate {
    shtab::domain::date::parse(s).unwrap()
}

/// Two schools and a condominium with tasks in known states, as of 25.11.2026.
fn fixture() -> (Store, i64, i64, i64) {
    let mut store = Store::open_in_memory().unwrap();
    let a = store
        .save_organization(&Organization::new("№5 орто мектеби", OrgKind::School))
        .unwrap();
    let b = store
        .save_organization(&Organization::new("№9 гимназия", OrgKind::School))
        .unwrap();
    let c = store
        .save_organization(&Organization::new(
            "«Ынтымак» кондоминиуму",
            OrgKind::Condominium,
        ))
        .unwrap();
    let tasks = [
        // (org, deadline, status, closed_at)
        (a, "2026-09-10", "assigned", None),    // 76 days overdue
        (a, "2026-11-20", "in_progress", None), // 5 days overdue
        (a, "2026-08-01", "done_late", Some("2026-08-20T10:00:00")),
        (a, "2026-07-01", "done_on_time", Some("2026-06-30T10:00:00")),
        (b, "2026-10-01", "done_on_time", Some("2026-09-30T10:00:00")),
        (b, "2026-12-31", "assigned", None), // not yet due
        (b, "2026-06-01", "cancelled", Some("2026-05-01T10:00:00")),
        (c, "2026-11-24", "extension_requested", None), // 1 day overdue
    ];
    for (org, deadline, status, closed) in tasks {
        store
            .conn()
            .execute(
                "INSERT INTO task(text, executor_id, deadline, status, created_at, closed_at)
                 VALUES ('Тапшырма', ?1, ?2, ?3, '2026-01-10T10:00:00', ?4)",
                rusqlite::params![org, deadline, status, closed],
            )
            .unwrap();
    }
    (store, a, b, c)
}

#[test]
fn figures_on_a_fixture() {
    let (store, a, b, c) = fixture();
    let today = d("25.11.2026");
    let rows = store.compliance(today, None, None).unwrap();
    assert_eq!(rows.len(), 3);
    // Worst first: A has two overdue, then C with one, then B with none.
    assert_eq!(
        rows.iter().map(|r| r.organization_id).collect::<Vec<_>>(),
        vec![a, c, b]
    );
    let ra = &rows[0];
    assert_eq!(
        (
            ra.assigned,
            ra.done_on_time,
            ra.done_late,
            ra.open,
            ra.overdue_now
        ),
        (4, 1, 1, 2, 2)
    );
    assert_eq!(ra.oldest_overdue_days, 76);
    assert_eq!(ra.on_time_percent(), Some(25));
    // Overdue in Aug (the late one), Sep, Oct, Nov: 4 of the last six months.
    assert_eq!(ra.overdue_months, 4);
    assert!(ra.repeat_failure());
    let rb = &rows[2];
    assert_eq!((rb.cancelled, rb.open, rb.overdue_now), (1, 1, 0));
    assert_eq!(rb.on_time_percent(), Some(100));
    assert_eq!(rows[1].oldest_overdue_days, 1);
    // Kind filter and period.
    let schools = store
        .compliance(today, Some(OrgKind::School), None)
        .unwrap();
    assert_eq!(schools.len(), 2);
    let autumn = store
        .compliance(today, None, compliance::parse_period("2026-09..2026-10"))
        .unwrap();
    let ra = autumn.iter().find(|r| r.organization_id == a).unwrap();
    assert_eq!(ra.assigned, 1);
    let sums = compliance::by_kind(&store.compliance(today, None, None).unwrap());
    let school = sums.iter().find(|k| k.kind == OrgKind::School).unwrap();
    assert_eq!(
        (school.organizations, school.failing, school.assigned),
        (2, 1, 7)
    );
    // The rules propose a reminder for both failing ones; none for B.
    let rules = Rules::default();
    assert_eq!(
        compliance::propose(&rows[0], &rules, today),
        Some(EscalationStep::Reminder)
    );
    assert_eq!(compliance::propose(&rows[2], &rules, today), None);
}

#[test]
fn escalate_step_by_step_through_the_tab() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '4');
    assert_eq!(app.tab, Tab::Compliance);
    // Pick an organization with overdue tasks and no step yet.
    let i = app
        .screens
        .compliance
        .rows
        .iter()
        .position(|r| r.overdue_now > 0 && r.stage.is_none())
        .expect("the demo has one");
    for _ in 0..i {
        press(&mut app, KeyCode::Down);
    }
    let org = app.screens.compliance.selected().unwrap().organization_id;
    // Enter: the form proposes a reminder; save.
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some());
    assert!(screen(&app, 100, 30).contains("reminder"));
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let h = app.store.escalations(org).unwrap();
    assert_eq!(h.last().unwrap().step, EscalationStep::Reminder);
    assert!(
        h.last().unwrap().doc_number.starts_with("01-12/"),
        "numbered from the register"
    );
    // Jumping straight to a hearing needs a reason.
    let row = app
        .screens
        .compliance
        .rows
        .iter()
        .position(|r| r.organization_id == org)
        .unwrap();
    assert_eq!(
        app.screens.compliance.cursor.selected, row,
        "the selection stays on it"
    );
    press(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 100, 30).contains("◀ warning ▶"),
        "the proposed step comes first"
    );
    press(&mut app, KeyCode::Right); // warning → hearing
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some());
    let text = screen(&app, 100, 30);
    assert!(text.contains("steps go in order"), "{text}");
    // The cursor is on the reason asked for; back up to the step instead.
    assert_eq!(app.form.as_ref().map(|f| f.focus), Some(5));
    for _ in 0..5 {
        press(&mut app, KeyCode::BackTab);
    }
    press(&mut app, KeyCode::Left); // back to the warning: in order
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let h = app.store.escalations(org).unwrap();
    assert_eq!(h.last().unwrap().step, EscalationStep::Warning);
    // Going back down the ladder is refused.
    press(&mut app, KeyCode::Enter);
    // From the proposed hearing two steps left: a reminder again.
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    let text = screen(&app, 100, 30);
    assert!(text.contains("the ladder only goes up"), "{text}");
    // Only a choice changed: nothing typed is lost, so no question.
    press(&mut app, KeyCode::Esc);
    assert!(app.form.is_none() && app.confirm.is_none());
    // The letter of the warning, read back.
    let dir = tempfile::tempdir().unwrap();
    chr(&mut app, 'w');
    assert!(app.form.is_some());
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..300 {
        press(&mut app, KeyCode::Backspace);
    }
    let path = dir.path().join("warning");
    typ(&mut app, path.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let text =
        shtab::docs::testing::docx_text(&std::fs::read(path.with_extension("docx")).unwrap());
    let o = app.store.organization(org).unwrap();
    assert!(text.contains("ЭСКЕРТҮҮ"), "{text}");
    assert!(text.contains(&o.name_ky));
    // The letter written now takes the next number of the register, after the step's own.
    let written: String = app
        .store
        .conn()
        .query_row(
            "SELECT doc_number FROM outgoing_letter ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(text.contains(&format!("№ {written},")), "{text}");
    let n = |d: &str| d.rsplit('/').next().unwrap().parse::<i64>().unwrap();
    assert_eq!(n(&written), n(&h.last().unwrap().doc_number) + 1);
    let overdue: Vec<_> = app
        .store
        .organization_tasks(org)
        .unwrap()
        .into_iter()
        .filter(|t| t.status.is_open() && t.deadline < today())
        .collect();
    assert!(!overdue.is_empty());
    for t in overdue {
        assert!(
            text.contains(&shtab::domain::date::format(t.deadline)),
            "deadline of {}",
            t.text
        );
    }
}

#[test]
fn hear_at_the_next_session_adds_it_to_the_agenda() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, '4');
    let next = app.store.next_session(today()).unwrap().unwrap();
    let before = app.store.agenda(next.id).unwrap().len();
    // The worst organization not yet on the next agenda.
    let on_agenda: Vec<i64> = app
        .store
        .agenda(next.id)
        .unwrap()
        .iter()
        .flat_map(|i| i.organization_ids.clone())
        .collect();
    let i = app
        .screens
        .compliance
        .rows
        .iter()
        .position(|r| r.overdue_now > 0 && !on_agenda.contains(&r.organization_id))
        .unwrap();
    for _ in 0..i {
        press(&mut app, KeyCode::Down);
    }
    let org = app.screens.compliance.selected().unwrap().organization_id;
    chr(&mut app, 'р');
    // The demo's next agenda is approved: asked first (issue 14), then yes.
    assert_eq!(
        next.status,
        shtab::domain::session::SessionStatus::AgendaApproved
    );
    assert!(app.confirm.is_some());
    chr(&mut app, 'y');
    let items = app.store.agenda(next.id).unwrap();
    assert_eq!(items.len(), before + 1);
    assert_eq!(items.last().unwrap().organization_ids, vec![org]);
    assert!(screen(&app, 100, 30).contains(&next.label()));
    // Twice is not twice on the agenda.
    chr(&mut app, 'h');
    assert_eq!(app.store.agenda(next.id).unwrap().len(), before + 1);
}

#[test]
fn summary_by_kind_and_filters() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '4');
    let all = app.screens.compliance.rows.len();
    chr(&mut app, 'ы');
    assert!(app.screens.compliance.by_kind);
    let text = screen(&app, 100, 30);
    assert!(
        text.contains(Lang::Ky.strings().compliance.by_kind_title),
        "{text}"
    );
    insta::assert_snapshot!("compliance_by_kind_ky", text);
    chr(&mut app, 's');
    chr(&mut app, 'з'); // this month
    assert!(app.screens.compliance.rows.len() <= all);
    chr(&mut app, 'л');
    assert!(
        app.screens
            .compliance
            .rows
            .iter()
            .all(|r| r.kind == OrgKind::ALL[0])
    );
}

/// The figures per organization, read the plain way (one aggregate over the tasks, a
/// correlated count of granted extensions): the store's faster reading must give the same,
/// with and without a kind and a period.
#[test]
fn figures_equal_a_plain_aggregate_on_the_demo() {
    let mut store = Store::open_in_memory().unwrap();
    write_demo(&mut store, 2000, 3, today());
    let open = "('assigned','in_progress','extension_requested')";
    let plain = |kind: Option<&str>, from: Option<NaiveDate>, to: Option<NaiveDate>| {
        let mut st = store
            .conn()
            .prepare(&format!(
                "SELECT o.id, count(*), sum(t.status = 'done_on_time'), sum(t.status = 'done_late'),
                        sum(t.status = 'cancelled'), sum(t.status IN {open}),
                        sum(t.status IN {open} AND t.deadline < ?1),
                        coalesce(max(CASE WHEN t.status IN {open} AND t.deadline < ?1
                                      THEN julianday(?1) - julianday(t.deadline) END), 0),
                        (SELECT count(*) FROM deadline_change dc JOIN task t2 ON t2.id = dc.task_id
                          WHERE t2.executor_id = o.id AND dc.status = 'granted'
                            AND (?3 IS NULL OR t2.deadline BETWEEN ?3 AND ?4))
                   FROM task t JOIN organization o ON o.id = t.executor_id
                  WHERE (?2 IS NULL OR o.kind = ?2)
                    AND (?3 IS NULL OR t.deadline BETWEEN ?3 AND ?4)
                  GROUP BY o.id ORDER BY o.id"
            ))
            .unwrap();
        st.query_map(rusqlite::params![today(), kind, from, to], |r| {
            Ok([
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get::<_, f64>(7)? as i64,
                r.get(8)?,
            ])
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap()
    };
    let from = d("01.05.2026");
    let to = d("31.10.2026");
    for (kind, period) in [
        (None, None),
        (Some(OrgKind::School), None),
        (None, Some((from, to))),
        (Some(OrgKind::Enterprise), Some((from, to))),
    ] {
        let mut got: Vec<[i64; 9]> = store
            .compliance(today(), kind, period)
            .unwrap()
            .iter()
            .map(|m| {
                [
                    m.organization_id,
                    m.assigned,
                    m.done_on_time,
                    m.done_late,
                    m.cancelled,
                    m.open,
                    m.overdue_now,
                    m.oldest_overdue_days,
                    m.extensions,
                ]
            })
            .collect();
        got.sort();
        let want = plain(
            kind.map(|k| k.code()),
            period.map(|p| p.0),
            period.map(|p| p.1),
        );
        assert!(!want.is_empty());
        assert_eq!(got, want, "{kind:?} {period:?}");
    }
    // Months of the last six with a task overdue, task by task (and extension by extension:
    // a grant ends an overdue stretch, never erases it).
    let window = compliance::last_six_months(today());
    let start = d("01.05.2026");
    let mut st = store
        .conn()
        .prepare(&format!(
            "SELECT executor_id, deadline, coalesce(substr(closed_at, 1, 10), ?1) FROM task
              WHERE deadline < ?1 AND coalesce(substr(closed_at, 1, 10), ?1) >= ?2
                AND (status = 'done_late' OR status IN {open})
             UNION ALL
             -- An extension granted to an overdue task: overdue until the grant.
             SELECT t.executor_id, c.old_deadline, substr(c.decided_at, 1, 10)
               FROM deadline_change c JOIN task t ON t.id = c.task_id
              WHERE c.status = 'granted' AND c.old_deadline < substr(c.decided_at, 1, 10)
                AND substr(c.decided_at, 1, 10) >= ?2"
        ))
        .unwrap();
    let mut months: std::collections::HashMap<i64, std::collections::HashSet<(i32, u32)>> =
        Default::default();
    for row in st
        .query_map(rusqlite::params![today(), start], |r| {
            Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
    {
        let (org, deadline, until) = row.unwrap();
        let set = months.entry(org).or_default();
        for ym in compliance::overdue_months(deadline, until) {
            if window.contains(&ym) {
                set.insert(ym);
            }
        }
    }
    let metrics = store.compliance(today(), None, None).unwrap();
    assert!(metrics.iter().any(|m| m.overdue_months > 1));
    for m in metrics {
        let want = months.get(&m.organization_id).map_or(0, |s| s.len() as u32);
        assert_eq!(m.overdue_months, want, "{}", m.name_ky);
    }
}

/// A stretch counts only when it ended after the deadline: an extension granted before the
/// old deadline (no day overdue) adds no month, even beside a task of the same month that
/// was late from its last day.
#[test]
fn an_extension_granted_in_time_adds_no_overdue_month() {
    let mut store = Store::open_in_memory().unwrap();
    let org = store
        .save_organization(&Organization::new("№7 мектеп", OrgKind::School))
        .unwrap();
    let add = |deadline: &str, status: &str, closed: &str| -> i64 {
        store
            .conn()
            .query_row(
                "INSERT INTO task(text, executor_id, deadline, status, created_at, closed_at)
                 VALUES ('Тапшырма', ?1, ?2, ?3, '2026-01-10T10:00:00', ?4) RETURNING id",
                rusqlite::params![org, deadline, status, closed],
                |r| r.get(0),
            )
            .unwrap()
    };
    // Late from 1 August (its deadline the last day of July): August only.
    add("2026-07-31", "done_late", "2026-08-10T10:00:00");
    // Moved on 2 July from 5 July to 30 September, done in time: never overdue.
    let moved = add("2026-09-30", "done_on_time", "2026-09-01T10:00:00");
    store
        .conn()
        .execute(
            "INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason,
                                         requested_at, decided_at, status)
             VALUES (?1, '2026-07-05', '2026-09-30', 'Каражат жок',
                     '2026-07-01T09:00:00', '2026-07-02T09:00:00', 'granted')",
            [moved],
        )
        .unwrap();
    let rows = store.compliance(d("25.11.2026"), None, None).unwrap();
    let row = rows.iter().find(|r| r.organization_id == org).unwrap();
    assert_eq!(row.extensions, 1);
    assert_eq!(row.overdue_months, 1, "August only, not July");
}

/// The compliance list and the hearing suggestions are kept until the database changes:
/// a change made here, or committed by another process, shows at once.
#[test]
fn kept_lists_follow_changes_here_and_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let (a, _, _, _) = fixture();
    let data = a.export().unwrap();
    let mut here = Store::open(&path).unwrap();
    here.import(&data, false).unwrap();
    let overdue = |s: &Store| -> i64 {
        s.compliance(today(), None, None)
            .unwrap()
            .iter()
            .map(|m| m.overdue_now)
            .sum()
    };
    let suggested = |s: &Store| -> i64 {
        s.suggested_hearings(today(), 0)
            .unwrap()
            .iter()
            .map(|x| x.overdue_tasks)
            .sum()
    };
    let before = overdue(&here);
    assert_eq!(suggested(&here), before);
    let org = here.compliance(today(), None, None).unwrap()[0].organization_id;
    let late = shtab::store::NewTask {
        text: "Сайтты жаңыртуу".into(),
        executor_id: org,
        deadline: d("01.10.2026"),
        controller_id: None,
    };
    // Here.
    here.add_task(&late).unwrap();
    assert_eq!(overdue(&here), before + 1);
    assert_eq!(suggested(&here), before + 1);
    // Elsewhere: another connection, as another shtab process would be.
    let mut there = Store::open(&path).unwrap();
    there.add_task(&late).unwrap();
    assert_eq!(overdue(&here), before + 2);
    assert_eq!(suggested(&here), before + 2);
}

/// A step with a letter takes the next outgoing number of the register the letters share;
/// a step without one (administrative liability) stores none and the message says why.
#[test]
fn a_step_with_a_letter_takes_the_next_outgoing_number() {
    let (mut store, a, _, _) = fixture();
    let today = d("25.11.2026");
    let (next, text) = store.next_outgoing_number(2026).unwrap();
    let step = |step| shtab::store::Escalation {
        id: 0,
        organization_id: a,
        task_id: None,
        step,
        date: today,
        doc_number: String::new(),
        decided_by: String::new(),
        note: String::new(),
        skip_reason: String::new(),
    };
    store
        .record_escalation(&step(EscalationStep::Warning))
        .unwrap();
    store
        .record_escalation(&step(EscalationStep::AdministrativeLiability))
        .unwrap();
    let h = store.escalations(a).unwrap();
    assert_eq!(h[0].doc_number, text);
    assert_eq!(h[1].doc_number, "");
    assert_eq!(store.next_outgoing_number(2026).unwrap().0, next + 1);
    let letters: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM outgoing_letter WHERE organization_id = ?1",
            [a],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(letters, 1);
    for lang in [Lang::Ky, Lang::Ru] {
        let c = lang.strings().compliance;
        assert!(!c.msg_step_recorded_no_letter.text().contains("()"));
        assert!(c.msg_step_recorded_no_letter.text().contains("{0}"));
    }
}

/// `h` on an approved agenda asks first (in the user's language), adds nothing on "no", and
/// on "yes" adds the hearing and logs the change of the approved agenda.
#[test]
fn hearing_on_an_approved_agenda_asks_first_and_is_logged() {
    for lang in [Lang::Ky, Lang::Ru] {
        let mut app = demo_app(lang);
        let next = app.store.next_session(today()).unwrap().unwrap();
        app.store
            .set_session_status(
                next.id,
                next.version,
                shtab::domain::session::SessionStatus::AgendaApproved,
            )
            .unwrap();
        chr(&mut app, '4');
        let before = app.store.agenda(next.id).unwrap().len();
        let on_agenda: Vec<i64> = app
            .store
            .agenda(next.id)
            .unwrap()
            .iter()
            .flat_map(|i| i.organization_ids.clone())
            .collect();
        let i = app
            .screens
            .compliance
            .rows
            .iter()
            .position(|r| r.overdue_now > 0 && !on_agenda.contains(&r.organization_id))
            .unwrap();
        for _ in 0..i {
            press(&mut app, KeyCode::Down);
        }
        chr(&mut app, 'h');
        assert!(app.confirm.is_some(), "asked first");
        let text = screen(&app, 100, 30);
        let head = shtab::i18n::rules::strings(lang)
            .confirm_approved_hearing
            .text()
            .split("{0}")
            .next()
            .unwrap()
            .trim()
            .to_string();
        assert!(text.contains(&next.label()), "{text}");
        if !head.is_empty() {
            assert!(text.contains(&head), "{text}");
        }
        chr(&mut app, 'n');
        assert_eq!(
            app.store.agenda(next.id).unwrap().len(),
            before,
            "no: nothing"
        );
        chr(&mut app, 'h');
        chr(&mut app, 'y');
        assert_eq!(app.store.agenda(next.id).unwrap().len(), before + 1);
        let logged: i64 = app
            .store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'change approved' AND entity_id = ?1",
                [next.id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(logged, 1);
    }
}

/// The store refuses a change of an approved session's date, time or place without the
/// explicit yes, and logs it with one; other fields change freely.
#[test]
fn an_approved_sessions_date_or_place_changes_only_when_confirmed() {
    let mut store = shtab::store::Store::open_in_memory().unwrap();
    use shtab::domain::session::{Session, SessionKind, SessionStatus};
    let (id, _) = store
        .create_session(&Session {
            id: 0,
            year: 2026,
            number: 0,
            kind: SessionKind::Regular,
            reason: String::new(),
            date: d("10.12.2026"),
            time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            place: "Мэрия".into(),
            duration_minutes: 90,
            status: SessionStatus::Planned,
            version: 0,
        })
        .unwrap();
    let s = store.session(id).unwrap();
    store
        .set_session_status(id, s.version, SessionStatus::AgendaApproved)
        .unwrap();
    let mut s = store.session(id).unwrap();
    s.duration_minutes = 60;
    store.update_session_confirmed(&s, false).unwrap();
    let mut s = store.session(id).unwrap();
    s.place = "Кичи зал".into();
    let e = store.update_session_confirmed(&s, false).unwrap_err();
    assert!(
        matches!(&e, shtab::store::StoreError::Refused(Refusal::AgendaApproved(l)) if *l == s.label()),
        "{e}"
    );
    assert_eq!(store.session(id).unwrap().place, "Мэрия");
    s.date = d("11.12.2026");
    assert!(store.update_session_confirmed(&s, false).is_err());
    store.update_session_confirmed(&s, true).unwrap();
    let now = store.session(id).unwrap();
    assert_eq!(
        (now.place.as_str(), now.date),
        ("Кичи зал", d("11.12.2026"))
    );
    let detail: String = store
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'change approved'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("Кичи зал"), "{detail}");
}

/// Any period on the tab: after the presets, `p` asks from–to; the figures are those of the
/// store for that range, the filter shows the dates and says it is by deadline; `p` again
/// goes back to all time. ky and ru.
#[test]
fn any_period_from_to_on_the_tab() {
    for lang in [Lang::Ky, Lang::Ru] {
        let mut app = demo_app(lang);
        chr(&mut app, '4');
        for _ in 0..6 {
            chr(&mut app, 'p');
        }
        assert!(
            app.form.is_some(),
            "after the presets: a period of one's own"
        );
        let c = lang.strings().compliance;
        assert!(screen(&app, 100, 30).contains(c.form_period));
        let set = |app: &mut shtab::app::App, text: &str| {
            press(app, KeyCode::End);
            for _ in 0..20 {
                press(app, KeyCode::Backspace);
            }
            typ(app, text);
        };
        set(&mut app, "01.09.2026");
        press(&mut app, KeyCode::Tab);
        set(&mut app, "01.08.2026");
        press(&mut app, KeyCode::Enter);
        assert!(app.form.is_some(), "the end before the start is refused");
        assert!(screen(&app, 100, 30).contains(c.err_period_order));
        set(&mut app, "15.10.2026");
        press(&mut app, KeyCode::Enter);
        assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
        let range = (d("01.09.2026"), d("15.10.2026"));
        let want = app.store.compliance(today(), None, Some(range)).unwrap();
        assert_eq!(app.screens.compliance.rows, want);
        let text = screen(&app, 100, 30);
        let shown = c.by_deadline.fill([&"01.09.2026–15.10.2026"]);
        assert!(text.contains(&shown), "{text}");
        chr(&mut app, 'p');
        assert_eq!(
            app.screens.compliance.rows.len(),
            app.store.compliance(today(), None, None).unwrap().len()
        );
    }
}

/// The summary by kind ends with a total row (sums, and its own percentage); the heads say
/// what they count (the legend under the table); a skipped step shows its reason in the
/// history; at 80 columns the organization keeps a readable column, names elided with "…".
#[test]
fn total_row_legend_skip_reasons_and_widths() {
    for lang in [Lang::Ky, Lang::Ru] {
        let c = lang.strings().compliance;
        let mut app = demo_app(lang);
        chr(&mut app, '4');
        let org = app.screens.compliance.selected().unwrap().organization_id;
        app.store
            .record_escalation(&shtab::store::Escalation {
                id: 0,
                organization_id: org,
                task_id: None,
                step: EscalationStep::LawEnforcement,
                date: today(),
                doc_number: String::new(),
                decided_by: String::new(),
                note: String::new(),
                skip_reason: "прокуратуранын талабы".into(),
            })
            .unwrap();
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Up);
        let text = screen(&app, 100, 40);
        assert!(
            text.contains("прокуратуранын талабы"),
            "the reason is in the history: {text}"
        );
        // 80 columns: every organization's name keeps at least 22 columns.
        let narrow = screen(&app, 80, 30);
        let rows = &app.screens.compliance.rows;
        let first = if lang == Lang::Ru && !rows[0].name_ru.is_empty() {
            &rows[0].name_ru
        } else {
            &rows[0].name_ky
        };
        let start: String = first.chars().take(14).collect();
        assert!(narrow.contains(&start), "{narrow}");
        chr(&mut app, 'ы');
        let text = screen(&app, 100, 30);
        let total_line = text
            .lines()
            .find(|l| l.contains(c.total_row))
            .expect("a total row");
        let sums = compliance::by_kind(&app.screens.compliance.rows);
        let assigned: i64 = sums.iter().map(|k| k.assigned).sum();
        assert!(
            total_line.contains(&format!(" {assigned} ")),
            "{total_line}"
        );
        for h in c.heads.iter().take(5) {
            assert!(text.contains(h), "{h}: {text}");
        }
        let legend_head: String = c.columns_legend.chars().take(20).collect();
        assert!(text.contains(&legend_head), "{text}");
    }
}

/// What a hearing's paper reads of an organization (its open tasks due before the day) holds
/// every task the domain calls overdue on that day, and nothing else, on several days.
#[test]
fn open_tasks_due_before_a_day_are_the_ones_overdue_on_it() {
    use shtab::domain::work::{TaskState, task_state};
    let store = demo_store();
    let orgs: Vec<i64> = store
        .conn()
        .prepare("SELECT executor_id FROM task GROUP BY executor_id ORDER BY count(*) DESC LIMIT 3")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut seen = 0;
    for org in orgs {
        // Also the very deadline of one of its open tasks: due that day is not yet overdue.
        let edge: NaiveDate = store
            .conn()
            .query_row(
                "SELECT deadline FROM task WHERE executor_id = ?1
                   AND status IN ('assigned','in_progress','extension_requested')
                 ORDER BY deadline DESC LIMIT 1",
                [org],
                |r| r.get(0),
            )
            .unwrap();
        for day in [today(), d("01.06.2026"), d("01.03.2027"), edge] {
            let mut expected: Vec<i64> = store
                .organization_tasks(org)
                .unwrap()
                .into_iter()
                .filter(|t| {
                    matches!(
                        task_state(t.status, t.deadline, day),
                        TaskState::Overdue { .. }
                    )
                })
                .map(|t| t.id)
                .collect();
            expected.sort();
            let got = store.organization_open_tasks_due_before(org, day).unwrap();
            assert!(
                got.windows(2)
                    .all(|w| (w[0].deadline, w[0].id) <= (w[1].deadline, w[1].id))
            );
            let mut ids: Vec<i64> = got.iter().map(|t| t.id).collect();
            ids.sort();
            assert_eq!(ids, expected, "organization {org} on {day}");
            seen += ids.len();
        }
    }
    assert!(seen > 0, "the demo has overdue tasks to compare");
}

/// The detail pane's screenful (issue 17: the closed tasks picked a status at a time) is
/// the start of the whole list, in its order, for every organization and a few lengths.
#[test]
fn an_organizations_first_tasks_are_the_start_of_all_of_them() {
    let store = demo_store();
    let orgs: Vec<i64> = store
        .conn()
        .prepare("SELECT DISTINCT executor_id FROM task")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(orgs.len() > 3);
    let ids = |v: &[shtab::store::TaskBrief]| v.iter().map(|t| t.id).collect::<Vec<_>>();
    let mut mixed = 0;
    for org in orgs {
        let all = store.organization_tasks(org).unwrap();
        for limit in [1, 3, 12, 40, all.len() + 5] {
            let first = store.organization_tasks_first(org, limit).unwrap();
            let want = &all[..limit.min(all.len())];
            assert_eq!(ids(&first), ids(want), "organization {org}, {limit}");
            assert_eq!(first, want.to_vec());
            let open = first.iter().filter(|t| t.status.is_open()).count();
            mixed += usize::from(open > 0 && open < first.len());
        }
    }
    assert!(mixed > 0, "some screenful shows open and closed tasks");
}
