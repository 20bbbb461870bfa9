//! A tab's figures read off the event loop (issue 17): the frame after the tab's key is
//! drawn at once with a "computing…" mark, the figures replace it when they come, and a
//! result for a tab left or for an older request is dropped.

use crate::common;

use std::time::{Duration, Instant};

use common::*;
use shtab::app::App;
use shtab::demo::{self, DemoOptions};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

/// A demo app on a database file (a worker needs a file to open again) with its worker.
pub(crate) fn threaded_app(dir: &tempfile::TempDir) -> App {
    let path = dir.path().join("shtab.db");
    let mut store = Store::open(&path).unwrap();
    demo::generate(
        &mut store,
        &DemoOptions {
            tasks: 150,
            seed: 1,
            today: today(),
        },
    )
    .unwrap();
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
