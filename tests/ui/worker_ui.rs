//! A tab's figures read off the event loop (issue 17): the frame after the tab's key is
//! drawn at once with a "computing…" mark, the figures replace it when they come, and a
//! result for a tab left or for an older request is dropped.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use shtab::app::App;
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

/// A demo app on a database file (a worker needs a file to open again) with its worker.
pub(crate) fn threaded_app(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("shtab.db");
    let mut store = Store::open(&path).unwrap();
    write_demo(&mut store, 150, 1, today());
    let mut app = App::new(store, Lang::En, today(), true);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    assert!(app.start_worker(), "a file database gets a worker");
    app
}

/// Poll as the event loop does until nothing is awaited (or 20 s pass).
pub(crate) fn settle(app: &mut App) {
    let until = Instant::now() + Duration::from_secs(20);
    while app.waiting() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
        app.poll_work();
    }
    assert!(!app.waiting(), "the figures came within 20 s");
}

pub(crate) const MARK: &str = "computing…";

#[test]
fn the_tab_is_drawn_at_once_with_a_mark_and_filled_when_the_figures_come() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '4');
    assert_eq!(app.tab, Tab::Compliance);
    // Drawn before any poll: the figures cannot have been handed over yet.
    let before = screen(&app, 100, 30);
    assert!(before.contains(MARK), "{before}");
    assert!(app.screens.compliance.rows.is_empty());
    settle(&mut app);
    let after = screen(&app, 100, 30);
    assert!(!after.contains(MARK), "{after}");
    let rows = &app.screens.compliance.rows;
    assert!(!rows.is_empty());
    // The same figures the app's own connection computes.
    let own = app.store.compliance(today(), None, None).unwrap();
    assert_eq!(rows.len(), own.len());
    assert_eq!(rows[0].organization_id, own[0].organization_id);
    assert!(after.contains(&own[0].name_ky.chars().take(12).collect::<String>()));
    // Keys keep working meanwhile: a move and a second visit draw with the mark again.
    chr(&mut app, '3');
    chr(&mut app, '4');
    assert!(screen(&app, 100, 30).contains(MARK));
    press(&mut app, ratatui::crossterm::event::KeyCode::Down);
    settle(&mut app);
    assert!(!screen(&app, 100, 30).contains(MARK));
}

#[test]
fn a_result_for_a_tab_left_or_an_older_request_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    // Asked, then left before it came: thrown away, the list stays empty.
    chr(&mut app, '4');
    chr(&mut app, '1');
    let until = Instant::now() + Duration::from_secs(20);
    while app.jobs.dropped() == 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
        app.poll_work();
    }
    assert_eq!(app.jobs.dropped(), 1);
    assert!(app.screens.compliance.rows.is_empty());
    assert!(!screen(&app, 100, 30).contains(MARK));
    // Two filters asked one after the other: only the newer one's list is shown.
    chr(&mut app, '4');
    settle(&mut app);
    chr(&mut app, 'k');
    chr(&mut app, 'k');
    settle(&mut app);
    let kind = app.screens.compliance.kind;
    assert_eq!(kind, Some(shtab::domain::OrgKind::ALL[1]));
    let own = app.store.compliance(today(), kind, None).unwrap();
    let ids = |v: &[shtab::domain::compliance::OrgMetrics]| {
        v.iter().map(|m| m.organization_id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&app.screens.compliance.rows), ids(&own));
}

#[test]
fn in_memory_the_figures_come_inline_with_no_mark() {
    let mut app = demo_app(Lang::En);
    assert!(
        !app.start_worker(),
        "an in-memory database cannot be opened twice"
    );
    chr(&mut app, '4');
    assert!(!app.waiting());
    assert!(!app.screens.compliance.rows.is_empty());
    assert!(!screen(&app, 100, 30).contains(MARK));
}

#[test]
fn the_protocol_list_and_the_plan_come_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    // The protocol list: drawn at once with the mark, filled when its figures come.
    chr(&mut app, '2');
    assert!(screen(&app, 100, 30).contains(MARK));
    assert!(app.screens.protocol.rows.is_empty());
    settle(&mut app);
    assert!(!screen(&app, 100, 30).contains(MARK));
    let own = app.store.protocol_rows(today()).unwrap();
    assert!(!own.is_empty());
    assert_eq!(app.screens.protocol.rows.len(), own.len());
    // The plan's tree.
    chr(&mut app, '5');
    assert!(screen(&app, 100, 30).contains(MARK));
    assert!(app.screens.plan.measures.is_empty());
    settle(&mut app);
    let shown = screen(&app, 100, 30);
    assert!(!shown.contains(MARK), "{shown}");
    let measures = app.store.measures().unwrap();
    assert_eq!(app.screens.plan.measures.len(), measures.len());
    assert!(shown.contains(&measures[0].number), "{shown}");
    // The month's live report.
    chr(&mut app, '7');
    assert!(screen(&app, 100, 30).contains(MARK));
    assert!(app.screens.reports.live.is_none());
    settle(&mut app);
    assert!(!screen(&app, 100, 30).contains(MARK));
    assert!(app.screens.reports.live.is_some());
}

/// Poll once at a time until `ready` holds (or 20 s pass): the state right after the poll
/// that handed the first result over.
fn poll_until(app: &mut App, ready: impl Fn(&App) -> bool) {
    let until = Instant::now() + Duration::from_secs(20);
    while !ready(app) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
        app.poll_work();
    }
    assert!(ready(app), "the first figures came within 20 s");
}

/// The Compliance list is drawn as soon as it is computed; the trend marks (every task of
/// twelve months) come after it, by a second job asked when the list arrives.
#[test]
fn the_compliance_list_comes_first_and_its_trend_marks_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '4');
    poll_until(&mut app, |a| !a.screens.compliance.rows.is_empty());
    // The poll that handed the list over asked for the marks: they cannot be here yet.
    assert!(app.screens.compliance.trends.is_empty());
    assert!(app.waiting(), "the marks are awaited");
    let first = screen(&app, 100, 30);
    assert!(first.contains(MARK), "{first}");
    let own = app.store.compliance(today(), None, None).unwrap();
    assert!(first.contains(&own[0].name_ky.chars().take(12).collect::<String>()));
    settle(&mut app);
    let month = shtab::domain::report::Month::of(today());
    let trends = app
        .store
        .organization_trends(month, shtab::domain::trend::DEFAULT_MONTHS, today())
        .unwrap();
    assert!(!trends.is_empty());
    assert_eq!(app.screens.compliance.trends, trends);
    assert!(!screen(&app, 100, 30).contains(MARK));
    // A filter asks for the list again; the marks it shows meanwhile are the ones it had.
    chr(&mut app, 'k');
    assert_eq!(app.screens.compliance.trends, trends);
    settle(&mut app);
    assert_eq!(app.screens.compliance.trends, trends);
    assert_eq!(app.jobs.dropped(), 0);
}

/// The Reports tab: ←/→ read the month's figures off the event loop, then the chart's
/// twelve months by a second job; a key pressed before they come is never blocked.
#[test]
fn the_reports_month_and_its_trend_come_through_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '7');
    settle(&mut app);
    let start = app.screens.reports.month.unwrap();
    // The chart: its months are asked of the worker, none read inline.
    chr(&mut app, 'g');
    assert!(app.screens.reports.chart);
    assert!(app.screens.reports.trend.is_none());
    assert!(screen(&app, 100, 30).contains(MARK));
    settle(&mut app);
    let want = app
        .store
        .trend(start, shtab::domain::trend::DEFAULT_MONTHS, today())
        .unwrap();
    assert_eq!(app.screens.reports.trend.as_ref(), Some(&want));
    // ←: the month first (the trend still the one before), then the month's trend.
    press(&mut app, ratatui::crossterm::event::KeyCode::Left);
    let prev = start.prev();
    assert_eq!(app.screens.reports.month, Some(prev));
    assert!(screen(&app, 100, 30).contains(MARK));
    let is_prev = prev.to_string();
    poll_until(&mut app, |a| {
        a.screens
            .reports
            .live
            .as_ref()
            .is_some_and(|r| r.month == is_prev)
    });
    assert_eq!(app.screens.reports.trend.as_ref(), Some(&want));
    assert!(app.waiting(), "the month's trend is awaited");
    settle(&mut app);
    let want = app
        .store
        .trend(prev, shtab::domain::trend::DEFAULT_MONTHS, today())
        .unwrap();
    assert_eq!(app.screens.reports.trend.as_ref(), Some(&want));
    assert_eq!(
        app.screens.reports.live.as_ref().map(|r| r.figures.clone()),
        Some(app.store.monthly_report(prev, today()).unwrap().figures)
    );
    // → and ← at once: only the last month's figures and trend are shown.
    press(&mut app, ratatui::crossterm::event::KeyCode::Right);
    press(&mut app, ratatui::crossterm::event::KeyCode::Left);
    settle(&mut app);
    assert_eq!(app.screens.reports.month, Some(prev));
    assert_eq!(
        app.screens.reports.live.as_ref().map(|r| r.month.clone()),
        Some(is_prev)
    );
    assert_eq!(app.screens.reports.trend.as_ref(), Some(&want));
}
