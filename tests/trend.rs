//! The trend: each month equals that month's report (one code path), the organizations'
//! months add up to the city's, and the trend is kept until the database changes.

use chrono::NaiveDate;
use shtab::domain::report::Month;
use shtab::domain::trend::Trend;
use shtab::store::Store;

fn demo_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn demo(tasks: usize) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    shtab::demo::generate(
        &mut store,
        &shtab::demo::DemoOptions {
            tasks,
            seed: 5,
            today: demo_today(),
        },
    )
    .unwrap();
    store
}

/// Every month of the trend is the monthly report of that month, figure by figure.
#[test]
fn each_month_equals_its_monthly_report_on_the_demo() {
    let store = demo(1500);
    let today = demo_today();
    let last = Month::of(today);
    let trend = store.trend(last, 12, today).unwrap();
    assert_eq!(trend.months.len(), 12);
    assert_eq!(
        trend.months.iter().map(|m| m.month).collect::<Vec<_>>(),
        Trend::span(last, 12)
    );
    let mut overdue_seen = 0;
    for m in &trend.months {
        let r = store.monthly_report(m.month, today).unwrap();
        assert_eq!(m.as_of, r.as_of, "{}", m.month);
        assert_eq!(m.figures, r.figures, "{}", m.month);
        overdue_seen += m.figures.tasks.overdue;
    }
    assert!(overdue_seen > 0, "the demo has overdue tasks to compare");
    // Months after today's are left out.
    let ahead = store.trend(last.next().next(), 4, today).unwrap();
    assert_eq!(ahead.months.len(), 2);
    assert_eq!(ahead.last().unwrap().month, last);
}

/// For each month, the organizations' figures add up to the city's.
#[test]
fn organizations_add_up_to_the_city_each_month() {
    let store = demo(1500);
    let today = demo_today();
    let last = Month::of(today);
    let trend = store.trend(last, 12, today).unwrap();
    let orgs = store.organization_trends(last, 12, today).unwrap();
    assert_eq!(orgs.len(), store.count("organization").unwrap() as usize);
    let mut executed = 0;
    for (i, m) in trend.months.iter().enumerate() {
        let sum = |f: fn(&shtab::domain::trend::OrgMonth) -> i64| -> i64 {
            orgs.values().map(|v| f(&v[i])).sum()
        };
        assert!(
            orgs.values()
                .all(|v| v.len() == 12 && v[i].month == m.month)
        );
        let t = &m.figures.tasks;
        assert_eq!(sum(|o| o.overdue), t.overdue, "{} overdue", m.month);
        assert_eq!(sum(|o| o.done_on_time), t.done_on_time, "{}", m.month);
        assert_eq!(sum(|o| o.done_late), t.done_late, "{}", m.month);
        executed += t.done_on_time + t.done_late;
    }
    assert!(executed > 0, "the demo executes tasks");
    // One organization's months are its entry of the whole.
    let (id, months) = orgs
        .iter()
        .max_by_key(|(_, v)| v.iter().map(|m| m.overdue).sum::<i64>())
        .unwrap();
    assert!(months.iter().any(|m| m.overdue > 0));
    assert_eq!(
        &store.organization_trend(*id, last, 12, today).unwrap(),
        months
    );
}

/// The trend is kept until the database changes: a write through this store, or a commit
/// by another connection to the same file, shows at once.
#[test]
fn a_write_drops_the_kept_trend() {
    use shtab::domain::{OrgKind, Organization};
    use shtab::store::NewTask;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("trend.db");
    let mut store = Store::open(&db).unwrap();
    let org = store
        .save_organization(&Organization::new("Мектеп", OrgKind::School))
        .unwrap();
    let today = chrono::Local::now().date_naive();
    let last = Month::of(today);
    let given = |s: &Store| {
        s.trend(last, 3, today)
            .unwrap()
            .last()
            .unwrap()
            .figures
            .tasks
            .given
    };
    let overdue = |s: &Store| s.organization_trend(org, last, 3, today).unwrap()[2].overdue;
    assert_eq!((given(&store), overdue(&store)), (0, 0));
    // Kept: asked again, the same.
    assert_eq!((given(&store), overdue(&store)), (0, 0));
    let task = |deadline| NewTask {
        text: "Wi-Fi".into(),
        executor_id: org,
        deadline,
        controller_id: None,
    };
    store
        .add_task(&task(today - chrono::Duration::days(1)))
        .unwrap();
    assert_eq!(
        (given(&store), overdue(&store)),
        (1, 1),
        "this store's write"
    );
    let mut other = Store::open(&db).unwrap();
    other
        .add_task(&task(today - chrono::Duration::days(2)))
        .unwrap();
    assert_eq!(
        (given(&store), overdue(&store)),
        (2, 2),
        "another connection's write"
    );
}
