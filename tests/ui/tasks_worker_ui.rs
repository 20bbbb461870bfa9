//! The Tasks tab off the event loop (issue 17): its visit and the query line's keys draw
//! their frame at once with the "computing…" mark; the count and the first page come from
//! the worker and equal what the app's own connection reads; keys keep working meanwhile.

use crate::common;
use crate::worker_ui::{MARK, settle, threaded_app};

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::domain::query;
use shtab::screens::Tab;
use shtab::store::{Page, QueryContext};

fn cx() -> QueryContext {
    QueryContext {
        today: today(),
        me: None,
    }
}

/// The count and the first page's ids of `text` as the app's own connection reads them.
fn own(app: &App, text: &str, n: usize) -> (i64, Vec<i64>) {
    let q = query::parse(text).unwrap();
    let total = app.store.tasks_count(&q, &cx()).unwrap();
    let rows = app.store.tasks_page(&q, &cx(), Page::First, n).unwrap();
    (total, rows.into_iter().map(|r| r.id).collect())
}

fn shown_ids(app: &App) -> Vec<i64> {
    app.screens.tasks.rows.iter().map(|r| r.id).collect()
}

#[test]
fn the_tab_key_draws_the_mark_and_the_worker_fills_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '3');
    assert_eq!(app.tab, Tab::Tasks);
    // Drawn before any poll: the list cannot have come yet.
    let before = screen(&app, 100, 30);
    assert!(before.contains(MARK), "{before}");
    assert!(app.screens.tasks.rows.is_empty());
    settle(&mut app);
    let after = screen(&app, 100, 30);
    assert!(!after.contains(MARK), "{after}");
    let n = app.screens.tasks.rows.len();
    assert!(n > 3, "a page of rows: {n}");
    let (total, ids) = own(&app, "status:open", n);
    assert_eq!(app.screens.tasks.total, total);
    assert_eq!(shown_ids(&app), ids);
    let first = &app.screens.tasks.rows[0];
    assert!(
        after.contains(&first.text.chars().take(15).collect::<String>()),
        "{after}"
    );
    // Keys keep working while the worker reads: a move on the rows known.
    press(&mut app, KeyCode::Down);
    assert_eq!(app.screens.tasks.selected, 1);
    chr(&mut app, '1');
    chr(&mut app, '3');
    assert!(screen(&app, 100, 30).contains(MARK));
    press(&mut app, KeyCode::Down);
    settle(&mut app);
    assert!(!screen(&app, 100, 30).contains(MARK));
    assert_eq!(app.screens.tasks.total, total);
}

#[test]
fn query_keys_are_counted_by_the_worker_and_only_the_newest_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '3');
    settle(&mut app);
    let n = app.screens.tasks.rows.len();
    chr(&mut app, '/');
    press(&mut app, KeyCode::End);
    // The line opens with a space after the query, for the next term.
    for _ in 0.."status:open ".len() {
        press(&mut app, KeyCode::Backspace);
    }
    settle(&mut app);
    // Typed key by key without waiting: each key asks anew; only the last one's count
    // and page may be shown.
    for c in "status:done".chars() {
        chr(&mut app, c);
    }
    assert!(screen(&app, 100, 30).contains(MARK));
    settle(&mut app);
    let (total, ids) = own(&app, "status:done", n);
    assert!(total > 0 && total != own(&app, "status:open", n).0);
    assert_eq!(app.screens.tasks.total, total);
    assert_eq!(shown_ids(&app), ids);
    assert!(!screen(&app, 100, 30).contains(MARK));
    // Home and End go through the worker too: End shows the last page.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::End);
    assert!(screen(&app, 100, 30).contains(MARK));
    settle(&mut app);
    let last = app
        .store
        .tasks_page(&query::parse("status:done").unwrap(), &cx(), Page::Last, n);
    let last: Vec<i64> = last.unwrap().into_iter().map(|r| r.id).collect();
    let t = &app.screens.tasks;
    assert_eq!(t.first + t.rows.len(), total as usize);
    assert_eq!(shown_ids(&app), last);
    // An inline load asked after a worker's request wins: the detail pane (Enter) reloads
    // at once, and the quick view's older result is not shown over it.
    chr(&mut app, 'o');
    press(&mut app, KeyCode::Enter);
    assert!(app.screens.tasks.show_detail);
    let inline = (app.screens.tasks.total, shown_ids(&app));
    settle(&mut app);
    let overdue = count_of(&app, "status:overdue");
    assert_eq!(inline.0, overdue);
    // The quick view's result would be the first page: the reload's page stays instead.
    let (_, first_page) = own(&app, "status:overdue", n);
    assert_ne!(inline.1, first_page, "the test needs two different pages");
    assert_eq!(shown_ids(&app), inline.1);
    assert_eq!(app.screens.tasks.total, overdue);
}

fn count_of(app: &App, text: &str) -> i64 {
    app.store
        .tasks_count(&query::parse(text).unwrap(), &cx())
        .unwrap()
}

/// PgDn past the shown page: the frame keeps that page with the mark while the worker reads
/// the rows beyond; two PgDn pressed before it answers move two pages, as two answered
/// ones would; PgUp twice comes back to the first page.
#[test]
fn page_keys_read_past_the_page_by_the_worker_and_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '3');
    settle(&mut app);
    let n = app.screens.tasks.rows.len();
    let q = query::parse("status:open").unwrap();
    let all: Vec<i64> = app
        .store
        .tasks_page(&q, &cx(), Page::First, 3 * n)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(all.len(), 3 * n, "three pages of open tasks");
    assert_eq!(shown_ids(&app), all[..n]);
    press(&mut app, KeyCode::PageDown);
    // Not polled yet: the first page, marked.
    assert_eq!(shown_ids(&app), all[..n]);
    assert!(screen(&app, 100, 30).contains(MARK));
    press(&mut app, KeyCode::PageDown);
    settle(&mut app);
    assert!(!screen(&app, 100, 30).contains(MARK));
    let t = &app.screens.tasks;
    assert_eq!(t.selected_row().map(|r| r.id), Some(all[2 * n]));
    assert_eq!(t.position(), 2 * n + 1);
    assert_eq!(shown_ids(&app), all[n + 1..2 * n + 1]);
    // Within the page: at once, no read.
    press(&mut app, KeyCode::Up);
    assert_eq!(
        app.screens.tasks.selected_row().map(|r| r.id),
        Some(all[2 * n - 1])
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::PageUp);
    settle(&mut app);
    let t = &app.screens.tasks;
    assert_eq!((t.first, t.selected), (0, 0));
    assert_eq!(shown_ids(&app), all[..n]);
    // At the top nothing is read: PgUp again stays, without the mark.
    press(&mut app, KeyCode::PageUp);
    assert!(!screen(&app, 100, 30).contains(MARK));
    assert_eq!(shown_ids(&app), all[..n]);
}
