//! The Agenda's hearing suggestions after a change (issue 17): every organization with
//! overdue tasks is read by the worker, the tab's key draws at once (the list last read
//! stays, with the "computing…" mark), and a result for the tab left is dropped.

use crate::common;
use crate::worker_ui::{MARK, settle, threaded_app};

use std::time::{Duration, Instant};

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::screens::Tab;

/// Select the first session whose agenda can still change (it has suggestions).
fn select_editable(app: &mut App) -> i64 {
    let agenda = &app.screens.agenda;
    let i = agenda
        .sessions
        .iter()
        .position(|r| r.session.agenda_editable())
        .expect("the demo plans sessions ahead");
    let id = agenda.sessions[i].session.id;
    let from = agenda.session_cursor.selected;
    for _ in 0..from.abs_diff(i) {
        press(app, if i > from { KeyCode::Down } else { KeyCode::Up });
    }
    assert_eq!(
        app.screens.agenda.selected_session().map(|s| s.id),
        Some(id)
    );
    id
}

fn org_ids(list: &[shtab::store::Suggestion]) -> Vec<i64> {
    list.iter().map(|s| s.organization_id).collect()
}

/// A write on the app's own connection: the kept list is stale after it.
fn change(app: &mut App, n: usize) {
    app.store.set_setting("test.tick", &n.to_string()).unwrap();
}

#[test]
fn the_suggestions_come_from_the_worker_and_keys_work_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '1');
    settle(&mut app);
    let id = select_editable(&mut app);
    settle(&mut app);
    let own = app.store.suggested_hearings(today(), id).unwrap();
    assert!(!own.is_empty(), "the demo has overdue organizations");
    assert_eq!(org_ids(&app.screens.agenda.suggestions), org_ids(&own));
    // Nothing changed: the store kept the list, the tab's key asks the worker nothing.
    chr(&mut app, '6');
    chr(&mut app, '1');
    assert!(!app.waiting());
    assert!(!screen(&app, 100, 30).contains(MARK));
    // After a change the key draws at once: the list last read, the mark.
    change(&mut app, 1);
    chr(&mut app, '6');
    chr(&mut app, '1');
    assert!(app.waiting(), "the list is read again after a change");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains(MARK), "{shown}");
    assert_eq!(org_ids(&app.screens.agenda.suggestions), org_ids(&own));
    // Keys keep working meanwhile: the side pane takes the moves.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.screens.agenda.side_cursor.selected, 1);
    settle(&mut app);
    assert!(!screen(&app, 100, 30).contains(MARK));
    let fresh = app.store.suggested_hearings(today(), id).unwrap();
    assert_eq!(org_ids(&app.screens.agenda.suggestions), org_ids(&fresh));
    assert_eq!(app.screens.agenda.side_cursor.selected, 1);
    assert_eq!(app.jobs.dropped(), 0);
}

#[test]
fn the_list_for_the_agenda_left_is_dropped_and_asked_again_on_return() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = threaded_app(&dir);
    chr(&mut app, '1');
    settle(&mut app);
    let id = select_editable(&mut app);
    settle(&mut app);
    change(&mut app, 1);
    // Emptied here so that a result handed over would show.
    app.screens.agenda.overdue.clear();
    app.screens.agenda.suggestions.clear();
    chr(&mut app, '6');
    chr(&mut app, '1');
    assert!(app.waiting());
    chr(&mut app, '6');
    let until = Instant::now() + Duration::from_secs(20);
    while app.jobs.dropped() == 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
        app.poll_work();
    }
    assert_eq!(app.jobs.dropped(), 1);
    assert!(app.screens.agenda.overdue.is_empty());
    assert!(app.screens.agenda.suggestions.is_empty());
    assert!(!app.jobs.waiting(Tab::Agenda));
    // Back on the tab: asked again (nothing was kept), and shown when it comes.
    chr(&mut app, '1');
    assert!(app.waiting());
    settle(&mut app);
    let own = app.store.suggested_hearings(today(), id).unwrap();
    assert!(!own.is_empty());
    assert_eq!(org_ids(&app.screens.agenda.suggestions), org_ids(&own));
}
