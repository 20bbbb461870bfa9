//! A past month's report stays as it was: every figure is computed from the state at the
//! month's last day D, whatever is done after D. A hand-made fixture in the month before this
//! one (M); "today's" work done through the store (extensions granted, a reassignment, a new
//! measure due in M, a new task, closings, a cancelling, links, a measure done, a deadline
//! moved, an organization's kind changed); then M again: equal, figure by figure, in memory,
//! in a file and through `shtab report monthly M --draft`. Then each rule at its boundary
//! (the last day inclusive, the day after not), on fixed dates.

use std::path::Path;
use std::process::Command;

use chrono::{Datelike, NaiveDate};
use shtab::domain::plan::Measure;
use shtab::domain::report::{Figures, Month, MonthlyReport};
use shtab::domain::tasks::Actor;
use shtab::domain::{OrgKind, Organization};
use shtab::store::{NewReport, NewTask, Store};

fn real_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The month before this one: the fixture's month M.
fn month_m() -> Month {
    Month::of(real_today()).prev()
}

/// "YYYY-MM-DD" of day `d` of `m` (clamped to its last day).
fn day(m: Month, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(m.year, m.month, d.min(m.last().day())).unwrap()
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Every number of the figures, named by its path ("tasks.overdue", "by_kind.school.tasks.open").
fn flat(f: &Figures) -> Vec<(String, i64)> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, i64)>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if k != "kind" {
                        walk(&format!("{prefix}{k}."), x, out);
                    }
                }
            }
            serde_json::Value::Array(a) => {
                for x in a {
                    let name = x.get("kind").and_then(|k| k.as_str()).unwrap_or("?");
                    walk(&format!("{prefix}{name}."), x, out);
                }
            }
            serde_json::Value::Number(n) => out.push((
                prefix.trim_end_matches('.').to_string(),
                n.as_i64().unwrap(),
            )),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk("", &serde_json::to_value(f).unwrap(), &mut out);
    out
}

/// The two reports agree, figure by figure (the message names the first that differs).
fn assert_same(before: &MonthlyReport, after: &MonthlyReport, what: &str) {
    let (a, b) = (flat(&before.figures), flat(&after.figures));
    assert_eq!(a.len(), b.len());
    assert!(a.len() > 40, "every figure is compared: {}", a.len());
    for ((name, x), (name2, y)) in a.iter().zip(&b) {
        assert_eq!(name, name2);
        assert_eq!(x, y, "{what}: figure {name} changed after the month's end");
    }
    let risk = |r: &MonthlyReport| {
        r.measures_at_risk
            .iter()
            .map(|m| (m.number.clone(), m.title.clone(), m.overdue_tasks))
            .collect::<Vec<_>>()
    };
    assert_eq!(risk(before), risk(after), "{what}: measures at risk");
    assert_eq!(before.as_of, after.as_of);
}

struct Ids {
    a: i64,
    b: i64,
    c: i64,
    d: i64,
}

/// The state at the end of M, written by hand with its dates: four organizations, seven
/// tasks, four measures, one extension granted within M.
fn fixture(store: &mut Store) -> Ids {
    let org = |store: &mut Store, name: &str, kind| {
        let mut o = Organization::new(name, kind);
        o.head_name = format!("Head of {name}");
        store.save_organization(&o).unwrap()
    };
    let ids = Ids {
        a: org(store, "№5 орто мектеби", OrgKind::School),
        b: org(store, "№9 гимназия", OrgKind::School),
        c: org(store, "«Ынтымак» кондоминиуму", OrgKind::Condominium),
        d: org(store, "Мэриянын IT бөлүмү", OrgKind::PublicBody),
    };
    let m = month_m();
    let p = m.prev();
    let x = |d: u32| iso(day(m, d));
    let (a, b, c, d) = (ids.a, ids.b, ids.c, ids.d);
    let after = iso(m.next().first() + chrono::Duration::days(40));
    let sql = format!(
        "INSERT INTO plan_measure(id, number, section, title, deadline, progress, started,
                                  done_at, position, created_at) VALUES
           (1, '1.1', 'I', 'Wi-Fi in parks', '{after}', 20, 1, NULL, 1, '{p1}T09:00:00'),
           (2, '1.2', 'I', 'Electronic queue', '{after}', 10, 1, NULL, 2, '{p1}T09:00:00'),
           (3, '1.3', 'I', 'Archive digitized', '{m15}', 60, 1, NULL, 3, NULL),
           (4, '2.1', 'II', 'City GIS', '{m10}', 100, 1, '{m09}T12:00:00', 4, '{p1}T09:00:00');
         INSERT INTO task(id, measure_id, text, executor_id, deadline, status, created_at,
                          closed_at) VALUES
           (1, NULL, 't1 extended later', {a}, '{m20}', 'assigned', '{m05}T10:00:00', NULL),
           (2, NULL, 't2 reassigned later', {c}, '{after}', 'in_progress', '{m02}T10:00:00', NULL),
           (3, NULL, 't3 closed later', {a}, '{m12}', 'in_progress', '{m04}T10:00:00', NULL),
           (4, 1, 't4 linked elsewhere later', {b}, '{m15}', 'assigned', '{p10}T10:00:00', NULL),
           (5, NULL, 't5 done in M', {a}, '{m12}', 'done_on_time', '{m06}T10:00:00', '{m11}T10:00:00'),
           (6, NULL, 't6 cancelled later', {b}, '{m08}', 'assigned', '{m07}T10:00:00', NULL),
           (7, 2, 't7 extended within M', {d}, '{after}', 'assigned', '{p10}T10:00:00', NULL);
         INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason, requested_at,
                                     decided_at, decided_by, status) VALUES
           (7, '{m18}', '{after}', 'late delivery', '{m16}T10:00:00', '{m20}T10:00:00',
            'chair', 'granted');",
        p1 = iso(p.first()),
        p10 = iso(day(p, 10)),
        m02 = x(2),
        m04 = x(4),
        m05 = x(5),
        m06 = x(6),
        m07 = x(7),
        m08 = x(8),
        m09 = x(9),
        m10 = x(10),
        m11 = x(11),
        m12 = x(12),
        m15 = x(15),
        m16 = x(16),
        m18 = x(18),
        m20 = x(20),
    );
    store.conn().execute_batch(&sql).unwrap();
    ids
}

/// Today's work, through the store as the app does it.
fn work_after_the_month(store: &mut Store, ids: &Ids) {
    let today = real_today();
    let chair = Actor {
        login: "chair".into(),
        member_id: None,
    };
    let v = |store: &Store, id: i64| store.task(id).unwrap().version;
    // An extension of t1 (overdue at D) asked and granted today.
    let later = today + chrono::Duration::days(30);
    store
        .request_extension(1, v(store, 1), later, "equipment late", today)
        .unwrap();
    store
        .decide_extension(1, v(store, 1), true, &chair)
        .unwrap();
    // t2 goes from the condominium to the public body.
    store
        .reassign_task(2, v(store, 2), ids.d, "wrong executor")
        .unwrap();
    // t3 reported done and taken off control.
    let report = NewReport {
        date: today,
        text: "done".into(),
        doc_number: "01-5/9".into(),
        is_final: true,
    };
    store.record_report(3, v(store, 3), &report, today).unwrap();
    store.close_task(3, v(store, 3)).unwrap();
    // t4 linked to measure 1.2 instead of 1.1; t6 cancelled.
    // Moved deliberately: a task serving another measure is refused by link_task.
    store.move_task_link(2, 4).unwrap();
    store
        .cancel_task(6, v(store, 6), "no longer needed")
        .unwrap();
    // A new measure due in M, made today, and a new task given today, due in M.
    let mut m = Measure::new("2.2", "II", "Safe City cameras");
    m.deadline = Some(day(month_m(), 15));
    let new_measure = store.save_measure(&m).unwrap();
    let new_task = store
        .add_task(&NewTask {
            text: "cameras at crossings".into(),
            executor_id: ids.a,
            deadline: day(month_m(), 3),
            controller_id: None,
        })
        .unwrap();
    store.link_task(new_measure, new_task).unwrap();
    // Measure 1.3 (overdue at D) done today; 1.2's deadline moved into M; 2.1 undone.
    let measures = store.measures().unwrap();
    let by = |n: &str| measures.iter().find(|m| m.number == n).unwrap().clone();
    let mut done = by("1.3");
    done.progress = 100;
    done.done_on = Some(today);
    store.save_measure(&done).unwrap();
    let mut moved = by("1.2");
    moved.deadline = Some(day(month_m(), 5));
    moved.title = "Electronic queue (renamed)".into();
    store.save_measure(&moved).unwrap();
    let mut undone = by("2.1");
    undone.done_on = None;
    undone.progress = 90;
    store.save_measure(&undone).unwrap();
    // The gymnasium is counted as an enterprise from today.
    let mut b = store.organization(ids.b).unwrap();
    b.kind = OrgKind::Enterprise;
    store.save_organization(&b).unwrap();
}

/// The figures at the end of M, as the fixture was written to give them.
fn check_fixture_figures(r: &MonthlyReport) {
    let f = &r.figures;
    assert_eq!(r.as_of, month_m().last());
    // Given in M: t1 t2 t3 t5 t6. Done on time: t5. Open at D: t1 t2 t3 t4 t6 t7; overdue at D:
    // t1 (due 20th), t3 (12th), t4 (15th), t6 (8th); t7 was extended within M, t2 due 25th.
    let t = &f.tasks;
    assert_eq!(
        (t.given, t.done_on_time, t.done_late, t.open, t.overdue),
        (5, 1, 0, 6, 4)
    );
    let school = &f.kind(OrgKind::School).unwrap().tasks;
    assert_eq!((school.open, school.overdue), (4, 4), "t1 t3 t4 t6");
    let condo = &f.kind(OrgKind::Condominium).unwrap().tasks;
    assert_eq!((condo.given, condo.open, condo.overdue), (1, 1, 0), "t2");
    assert_eq!(f.kind(OrgKind::Enterprise).unwrap().tasks.open, 0);
    // Plan: four measures; 2.1 done in M; 1.3 overdue (due 15th, not done); 1.1 at risk (t4).
    let p = &f.plan;
    assert_eq!(
        (
            p.measures,
            p.done_in_month,
            p.done_total,
            p.overdue,
            p.at_risk
        ),
        (4, 1, 1, 1, 1)
    );
    assert_eq!(r.measures_at_risk.len(), 1);
    assert_eq!(r.measures_at_risk[0].number, "1.1");
    assert_eq!(r.measures_at_risk[0].overdue_tasks, 1);
}

fn scenario(store: &mut Store, what: &str) {
    let ids = fixture(store);
    let today = real_today();
    let before = store.monthly_report(month_m(), today).unwrap();
    check_fixture_figures(&before);
    let now_before = store.monthly_report(Month::of(today), today).unwrap();
    work_after_the_month(store, &ids);
    // The work did change today's state…
    let now_after = store.monthly_report(Month::of(today), today).unwrap();
    assert_ne!(
        now_before.figures, now_after.figures,
        "{what}: the work counts today"
    );
    assert_eq!(now_after.figures.plan.measures, 5);
    assert_eq!(
        store.task(1).unwrap().deadline,
        today + chrono::Duration::days(30)
    );
    // …and not the month that ended before it.
    let after = store.monthly_report(month_m(), today).unwrap();
    assert_same(&before, &after, what);
    check_fixture_figures(&after);
}

#[test]
fn a_past_month_stays_as_it_was_in_memory() {
    let mut store = Store::open_in_memory().unwrap();
    scenario(&mut store, "in memory");
}

#[test]
fn a_past_month_stays_as_it_was_in_a_file_and_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("asof.db");
    let cli = |out: &Path| {
        let o = Command::new(env!("CARGO_BIN_EXE_shtab"))
            .args(["report", "monthly", &month_m().to_string(), "--draft"])
            .arg("--db")
            .arg(&db)
            .args(["--format", "json", "--out"])
            .arg(out)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        shtab::domain::report::read("r.json", &std::fs::read_to_string(out).unwrap()).unwrap()
    };
    let ids = {
        let mut store = Store::open(&db).unwrap();
        fixture(&mut store)
    };
    let before = cli(&dir.path().join("before.json"));
    check_fixture_figures(&before);
    {
        let mut store = Store::open(&db).unwrap();
        work_after_the_month(&mut store, &ids);
        let in_store = store.monthly_report(month_m(), real_today()).unwrap();
        assert_same(&before, &in_store, "file, store");
    }
    let after = cli(&dir.path().join("after.json"));
    assert_same(&before, &after, "file, command line");
    // The same on a fresh file database driven wholly through the store.
    let mut store = Store::open(&dir.path().join("second.db")).unwrap();
    scenario(&mut store, "file");
}

/// Each rule at its boundary, on fixed dates: October 2026, D = 31.10. A stamp on D (up to
/// 23:59:59) is before the end of D; one at 01.11 00:00:00 is after it.
/// Every change after D the as-of rules undo (a deadline extended, an executor changed, a
/// link moved, a kind changed, on D and the day after), in October 2026 (also the trend's
/// fixture, tests/store/trend.rs).
pub(crate) fn boundary_fixture() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let org = |store: &mut Store, name: &str, kind| {
        store
            .save_organization(&Organization::new(name, kind))
            .unwrap()
    };
    let s = org(&mut store, "Мектеп", OrgKind::School);
    let e = org(&mut store, "Ишкана", OrgKind::Enterprise);
    let k = org(&mut store, "Мурда мектеп", OrgKind::Enterprise);
    let l = org(&mut store, "АКӨБ", OrgKind::Tos);
    let (on_d, after_d) = ("2026-10-31T23:59:59", "2026-11-01T00:00:00");
    let sql = format!(
        "INSERT INTO plan_measure(id, number, title, deadline, done_at, position, created_at) VALUES
           (1, '1', 'made on D, due 15.10', '2026-10-15', NULL, 1, '{on_d}'),
           (2, '2', 'made the day after', '2026-10-15', NULL, 2, '{after_d}'),
           (3, '3', 'done on D', '2026-12-31', '{on_d}', 3, NULL),
           (4, '4', 'done date 20.10 written after D', '2026-10-20', '2026-10-20T10:00:00', 4, NULL),
           (5, '5', 'served by l1 at D', '2026-12-31', NULL, 5, NULL),
           (6, '6', 'served by l1 now', '2026-12-31', NULL, 6, NULL);
         INSERT INTO plan_measure_change(measure_id, changed_at, number, title, deadline,
                                         progress, started, done_at) VALUES
           (3, '{on_d}', '3', 'done on D', '2026-12-31', 50, 1, NULL),
           (4, '{after_d}', '4', 'done date 20.10 written after D', '2026-10-20', 50, 1, NULL);
         INSERT INTO task(id, measure_id, text, executor_id, deadline, status, created_at, closed_at) VALUES
           (1, NULL, 'g1 given on D', {s}, '2026-12-31', 'assigned', '{on_d}', NULL),
           (2, NULL, 'g2 given the day after', {s}, '2026-12-31', 'assigned', '{after_d}', NULL),
           (3, NULL, 'c1 closed on D', {s}, '2026-12-31', 'done_on_time', '2026-10-01T09:00:00', '{on_d}'),
           (4, NULL, 'c2 closed the day after', {s}, '2026-12-31', 'done_on_time', '2026-10-01T09:00:00', '{after_d}'),
           (5, NULL, 'd1 due 30.10', {s}, '2026-10-30', 'assigned', '2026-10-01T09:00:00', NULL),
           (6, NULL, 'd2 due on D itself', {s}, '2026-10-31', 'assigned', '2026-10-01T09:00:00', NULL),
           (7, NULL, 'x1 extended on D', {s}, '2026-12-31', 'assigned', '2026-10-01T09:00:00', NULL),
           (8, NULL, 'x2 extended the day after', {s}, '2026-12-31', 'assigned', '2026-10-01T09:00:00', NULL),
           (9, NULL, 'r1 reassigned on D', {e}, '2026-12-31', 'assigned', '2026-10-01T09:00:00', NULL),
           (10, NULL, 'r2 reassigned the day after', {e}, '2026-12-31', 'assigned', '2026-10-01T09:00:00', NULL),
           (11, 6, 'l1 linked elsewhere the day after', {s}, '2026-10-01', 'assigned', '2026-10-01T09:00:00', NULL),
           (12, NULL, 'l2 unlinked on D', {s}, '2026-10-01', 'assigned', '2026-10-01T09:00:00', NULL),
           (13, NULL, 'k1 its organization changed kind the day after', {k}, '2026-12-31', 'assigned', '2026-10-01T09:00:00', NULL),
           (14, NULL, 'k2 its organization changed kind on D', {l}, '2026-12-31', 'assigned', '2026-10-01T09:00:00', NULL);
         INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason, requested_at,
                                     decided_at, status) VALUES
           (7, '2026-10-15', '2026-12-31', 'r', '2026-10-10T09:00:00', '{on_d}', 'granted'),
           (8, '2026-10-15', '2026-12-31', 'r', '2026-10-10T09:00:00', '{after_d}', 'granted');
         INSERT INTO executor_change(task_id, old_executor, new_executor, reason, changed_at) VALUES
           (9, {s}, {e}, 'r', '2026-10-31T12:00:00'),
           (10, {s}, {e}, 'r', '{after_d}');
         INSERT INTO task_measure_change(task_id, changed_at, old_measure) VALUES
           (11, '{after_d}', 5),
           (12, '2026-10-31T12:00:00', 6);
         INSERT INTO organization_kind_change(organization_id, changed_at, kind) VALUES
           ({k}, '{after_d}', 'school'),
           ({l}, '2026-10-31T20:00:00', 'school');"
    );
    store.conn().execute_batch(&sql).unwrap();
    store
}

#[test]
fn each_rule_holds_at_the_last_day_and_not_the_day_after() {
    let store = boundary_fixture();
    let oct = Month::parse("2026-10").unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let r = store.monthly_report(oct, today).unwrap();
    let f = &r.figures;
    let t = &f.tasks;
    // Given: all but g2. Done on time: c1 (c2 closed after D). Open: all given but c1.
    // Overdue: d1 (due 30.10; d2 is due on D), x2 (extended after D), l1 and l2 (due 01.10).
    assert_eq!(
        (t.given, t.done_on_time, t.done_late, t.open, t.overdue),
        (13, 1, 0, 12, 4)
    );
    let open = |kind| f.kind(kind).unwrap().tasks.open;
    // r1 moved to the enterprise on D; r2 still the school's; k1's organization was a school
    // at D, k2's a TOS already.
    assert_eq!(open(OrgKind::Enterprise), 1, "r1");
    assert_eq!(open(OrgKind::Tos), 1, "k2");
    assert_eq!(open(OrgKind::School), 10);
    // Measures: 1 (made on D), 3, 4, 5, 6; 2 made after D. Done by D: 3 (4's done date was
    // written after D). Overdue: 1 (due 15.10) and 4 (due 20.10, not done at D).
    let p = &f.plan;
    assert_eq!(
        (
            p.measures,
            p.done_in_month,
            p.done_total,
            p.overdue,
            p.at_risk
        ),
        (5, 1, 1, 2, 1)
    );
    // l1 served measure 5 at D (relinked after); l2 no longer served 6 at D.
    let risky: Vec<&str> = r
        .measures_at_risk
        .iter()
        .map(|m| m.number.as_str())
        .collect();
    assert_eq!(risky, vec!["5"]);
    // The day after, as of 01.11: every change of 01.11 00:00:00 counts.
    let nov = store.monthly_report(oct.next(), today).unwrap();
    assert_eq!(
        nov.as_of,
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap().min(today)
    );
    let risky: Vec<&str> = nov
        .measures_at_risk
        .iter()
        .map(|m| m.number.as_str())
        .collect();
    assert_eq!(risky, vec!["6"], "l1 serves measure 6 from 01.11");
    assert_eq!(
        nov.figures.kind(OrgKind::School).unwrap().tasks.open,
        8,
        "g1 g2 l1 l2 d1 d2 x1 x2"
    );
    assert_eq!(nov.figures.plan.measures, 6);
}

/// A record that may be deleted (nothing refers to it) takes its kept past with it.
#[test]
fn deleting_a_measure_or_an_organization_takes_its_past_along() {
    let mut store = Store::open_in_memory().unwrap();
    let mut m = Measure::new("3.1", "III", "Digital archive");
    m.deadline = Some(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
    let id = store.save_measure(&m).unwrap();
    let mut m = store.measure(id).unwrap();
    m.progress = 40;
    store.save_measure(&m).unwrap();
    let kept = |store: &Store, table: &str| -> i64 {
        store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        kept(&store, "plan_measure_change"),
        1,
        "the progress before"
    );
    let m = store.measure(id).unwrap();
    store.delete_measure(id, m.version).unwrap();
    assert_eq!(kept(&store, "plan_measure_change"), 0);
    let o = store
        .save_organization(&Organization::new("ТСЖ", OrgKind::Hoa))
        .unwrap();
    let mut org = store.organization(o).unwrap();
    org.kind = OrgKind::Condominium;
    store.save_organization(&org).unwrap();
    assert_eq!(kept(&store, "organization_kind_change"), 1);
    let org = store.organization(o).unwrap();
    store.delete_organization(o, org.version).unwrap();
    assert_eq!(kept(&store, "organization_kind_change"), 0);
}
