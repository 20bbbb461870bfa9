//! The Tasks tab driven by keys: the query line, quick and saved views, the detail pane,
//! and the actions of control (report, close, extend, cancel, reassign).

use crate::common;

use common::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use shtab::app::App;
use shtab::domain::query;
use shtab::domain::work::TaskStatus;
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::{Event as HEvent, QueryContext};

fn tasks_app(lang: Lang) -> App {
    let mut app = demo_app(lang);
    chr(&mut app, '3');
    assert_eq!(app.tab, Tab::Tasks);
    app
}

fn clear_query(app: &mut App) {
    chr(app, '/');
    press(app, KeyCode::End);
    for _ in 0..80 {
        press(app, KeyCode::Backspace);
    }
}

/// Put `text` in the query line and leave it.
fn query(app: &mut App, text: &str) {
    clear_query(app);
    typ(app, text);
    press(app, KeyCode::Enter);
}

fn cx() -> QueryContext {
    QueryContext {
        today: today(),
        me: None,
    }
}

fn count(app: &App, text: &str) -> i64 {
    app.store
        .tasks_count(&query::parse(text).unwrap(), &cx())
        .unwrap()
}

fn selected_id(app: &App) -> i64 {
    app.screens
        .tasks
        .selected_row()
        .expect("a task is selected")
        .id
}

#[test]
fn the_tab_and_its_detail_pane_in_every_language() {
    for lang in Lang::ALL {
        let mut app = tasks_app(lang);
        let s = lang.strings().tasks;
        let text = screen(&app, 100, 30);
        assert!(text.contains(s.col_executor), "{text}");
        assert!(text.contains("status:open"), "{text}");
        assert_eq!(app.screens.tasks.total, count(&app, "status:open"));
        insta::assert_snapshot!(format!("tasks_tab_{}", lang.code()), text);
        // The first open task is the most overdue: its detail has its history.
        press(&mut app, KeyCode::Enter);
        assert!(app.screens.tasks.show_detail);
        let text = screen(&app, 100, 30);
        assert!(text.contains(s.d_history), "{text}");
        assert!(text.contains(s.overdue), "{text}");
        insta::assert_snapshot!(format!("tasks_detail_{}", lang.code()), text);
    }
}

#[test]
fn start_message_counts_overdue_and_due_within_a_week() {
    let app = demo_app(Lang::En);
    let overdue = app.store.count_overdue(today()).unwrap();
    let soon = app.store.count_due_within(today(), 7).unwrap();
    assert!(overdue > 0 && soon > 0);
    let text = screen(&app, 100, 30);
    let want = format!("Overdue tasks: {overdue} · due within 7 days: {soon}");
    assert!(text.contains(&want), "{want}\n{text}");
}

#[test]
fn query_line_filters_as_you_type_and_keeps_the_last_good_result_on_a_mistake() {
    let mut app = tasks_app(Lang::En);
    query(&mut app, "status:overdue");
    let overdue = count(&app, "status:overdue");
    assert_eq!(app.screens.tasks.total, overdue);
    assert!(
        app.screens
            .tasks
            .rows
            .iter()
            .all(|r| r.status.is_open() && r.deadline < today())
    );
    query(&mut app, "status:overdue due:<2026-09");
    let good = count(&app, "status:overdue due:<2026-09");
    assert!(good > 0);
    assert_eq!(app.screens.tasks.total, good);
    // A bad date: underlined with a message, and the result stays.
    chr(&mut app, '/');
    press(&mut app, KeyCode::End);
    for _ in 0..3 {
        press(&mut app, KeyCode::Left);
    }
    chr(&mut app, '3');
    assert_eq!(
        app.screens.tasks.query.value(),
        "status:overdue due:<2026-309 "
    );
    assert!(app.screens.tasks.error.is_some());
    assert_eq!(app.screens.tasks.total, good, "the last good result stays");
    let text = screen(&app, 100, 30);
    assert!(text.contains("2026-309 is not a date"), "{text}");
    insta::assert_snapshot!("tasks_query_error_en", text);
    // Fixing it applies at once.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::End);
    for _ in 0.." 09".len() {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "06");
    assert!(app.screens.tasks.error.is_none());
    assert_eq!(
        app.screens.tasks.total,
        count(&app, "status:overdue due:<2026-06")
    );
    assert_ne!(app.screens.tasks.total, good);
    assert!(overdue > app.screens.tasks.total);
    press(&mut app, KeyCode::Enter);
    assert!(!app.screens.tasks.editing);
    // An unknown key.
    query(&mut app, "colour:red");
    assert!(app.screens.tasks.error.is_some());
    assert!(screen(&app, 100, 30).contains("unknown key colour"));
    // Letters typed in the query line are text, not shortcuts (r/к would report).
    query(&mut app, "мектеп");
    assert!(app.form.is_none());
    assert_eq!(app.screens.tasks.total, count(&app, "мектеп"));
    assert!(app.screens.tasks.total > 0);
}

#[test]
fn tab_completes_keys_and_organization_names() {
    let mut app = tasks_app(Lang::Ky);
    clear_query(&mut app);
    typ(&mut app, "sta");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.tasks.query.value(), "status:");
    // The value is offered in the interface's words (Kyrgyz here), the key with it.
    typ(&mut app, "ov");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.tasks.query.value(), "абалы:мөөнөтү_өттү");
    typ(&mut app, " org:мект");
    press(&mut app, KeyCode::Tab);
    let first = app.screens.tasks.query.value().to_string();
    assert!(first.starts_with("абалы:мөөнөтү_өттү уюм:\""), "{first}");
    press(&mut app, KeyCode::Tab);
    let second = app.screens.tasks.query.value().to_string();
    assert_ne!(first, second, "Tab again offers the next name");
    assert!(
        app.screens.tasks.error.is_none(),
        "{:?}",
        app.screens.tasks.error
    );
    let text = screen(&app, 100, 30);
    assert!(text.contains("Tab:"), "{text}");
}

#[test]
fn quick_keys_in_both_layouts() {
    let mut app = tasks_app(Lang::Ru);
    chr(&mut app, 'щ');
    assert_eq!(app.screens.tasks.query.value(), "status:overdue");
    assert_eq!(app.screens.tasks.total, count(&app, "status:overdue"));
    chr(&mut app, 'w');
    assert_eq!(app.screens.tasks.total, count(&app, "status:open due:<7d"));
    chr(&mut app, 'ь');
    assert_eq!(app.screens.tasks.query.value(), "status:open controller:me");
    // The test's login is linked to no member: nothing is "mine", and the message says why.
    assert_eq!(app.screens.tasks.total, 0);
    let said = app
        .message
        .as_ref()
        .map(|m| m.0.clone())
        .unwrap_or_default();
    assert!(said.contains("не связан с членом штаба"), "{said}");
    chr(&mut app, 'a');
    assert_eq!(app.screens.tasks.query.value(), "status:open");
    chr(&mut app, 'o');
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        app.screens.tasks.query.value(),
        "status:open",
        "Esc: back to all open"
    );
}

#[test]
fn mine_for_a_linked_login_is_that_members_tasks() {
    let mut app = demo_app(Lang::En);
    let member: i64 = app
        .store
        .conn()
        .query_row(
            "SELECT controller_id FROM task WHERE controller_id IS NOT NULL
              AND status IN ('assigned','in_progress','extension_requested')
              GROUP BY controller_id ORDER BY count(*) DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    app.store
        .save_user(&shtab::store::User {
            login: shtab::store::current_user(),
            full_name: String::new(),
            role: shtab::domain::access::AccessRole::Secretary,
            member_id: Some(member),
        })
        .unwrap();
    chr(&mut app, '3');
    chr(&mut app, 'm');
    let open_controlled: i64 = app
        .store
        .conn()
        .query_row(
            "SELECT count(*) FROM task WHERE controller_id = ?1
              AND status IN ('assigned','in_progress','extension_requested')",
            [member],
            |r| r.get(0),
        )
        .unwrap();
    assert!(open_controlled > 0);
    assert_eq!(app.screens.tasks.total, open_controlled);
}

#[test]
fn saved_views_by_name() {
    let mut app = tasks_app(Lang::En);
    query(&mut app, "kind:school status:open");
    chr(&mut app, 's');
    assert!(app.form.is_some());
    typ(&mut app, "Schools");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    assert_eq!(
        app.store.task_views().unwrap(),
        vec![("Schools".to_string(), "kind:school status:open".to_string())]
    );
    chr(&mut app, 'a');
    assert_eq!(app.screens.tasks.query.value(), "status:open");
    chr(&mut app, 'м');
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screens.tasks.query.value(), "kind:school status:open");
    assert_eq!(
        app.screens.tasks.total,
        count(&app, "kind:school status:open")
    );
}

#[test]
fn paging_moves_through_the_whole_result() {
    let mut app = tasks_app(Lang::En);
    query(&mut app, "");
    assert_eq!(app.screens.tasks.total, 150);
    let first = selected_id(&app);
    let mut seen = vec![first];
    for _ in 0..149 {
        press(&mut app, KeyCode::Down);
        seen.push(selected_id(&app));
    }
    assert_eq!(app.screens.tasks.position(), 150);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 150, "every task once");
    press(&mut app, KeyCode::Down);
    assert_eq!(app.screens.tasks.position(), 150, "stays on the last");
    press(&mut app, KeyCode::Home);
    assert_eq!(selected_id(&app), first);
    press(&mut app, KeyCode::End);
    assert_eq!(app.screens.tasks.position(), 150);
    press(&mut app, KeyCode::PageUp);
    press(&mut app, KeyCode::PageUp);
    let at = app.screens.tasks.position();
    assert!(at < 150 && at > 100, "{at}");
    press(&mut app, KeyCode::PageDown);
    assert!(app.screens.tasks.position() > at);
    // Only a page is held, never the whole result.
    assert!(app.screens.tasks.rows.len() <= 30);
    for _ in 0..200 {
        press(&mut app, KeyCode::Up);
    }
    assert_eq!(selected_id(&app), first);
    assert_eq!(app.screens.tasks.position(), 1);
}

/// Select task `id` (listing all tasks by number).
fn focus(app: &mut App, id: i64) {
    query(app, "sort:number");
    press(app, KeyCode::Home);
    while selected_id(app) != id {
        let at = app.screens.tasks.position();
        press(app, KeyCode::Down);
        assert_ne!(at, app.screens.tasks.position(), "task {id} not found");
    }
}

/// Select the first task of `text`.
fn pick(app: &mut App, text: &str) -> i64 {
    query(app, text);
    press(app, KeyCode::Home);
    selected_id(app)
}

#[test]
fn report_then_close_on_time_or_late() {
    let mut app = tasks_app(Lang::En);
    // An overdue task: closing needs a final report, and then it is late.
    let id = pick(&mut app, "status:overdue");
    chr(&mut app, 'c');
    assert!(app.confirm.is_none());
    assert!(
        screen(&app, 100, 30).contains("no final report"),
        "closing without a final report is refused with the reason"
    );
    // A report dated in the future is refused on its field.
    chr(&mut app, 'r');
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Right); // interim → final
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "26.11.2026");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "01-12/900");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Бардык класстар туташтырылды");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "refused, the form stays");
    assert!(screen(&app, 100, 30).contains("cannot be dated in the future"));
    // Today is fine; the cursor is already on the date in error.
    let f = app.form.as_ref().unwrap();
    assert!(f.fields[f.focus].error.is_some());
    press(&mut app, KeyCode::End);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "25.11.2026");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    assert!(screen(&app, 100, 30).contains("Report recorded."));
    // The task is still selected (it is still overdue); close it: done late.
    assert_eq!(selected_id(&app), id);
    chr(&mut app, 'с');
    assert!(app.confirm.is_some());
    let text = screen(&app, 100, 30);
    assert!(text.contains("done late"), "{text}");
    chr(&mut app, 'y');
    assert_eq!(app.store.task(id).unwrap().status, TaskStatus::DoneLate);
    assert!(screen(&app, 100, 30).contains("Taken off control: done late."));
    // Its history shows the report and the closing, with who.
    let d = app.store.task_detail(id).unwrap();
    assert!(d.history.iter().any(|h| matches!(&h.event,
        HEvent::Report { is_final: true, doc_number, .. } if doc_number == "01-12/900")));
    assert!(matches!(
        d.history.last().unwrap().event,
        HEvent::Closed(TaskStatus::DoneLate)
    ));

    // A task not yet due, reported and closed: done on time.
    let id = pick(&mut app, "status:assigned due:>7d");
    chr(&mut app, 'к');
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    focus(&mut app, id);
    chr(&mut app, 'c');
    let text = screen(&app, 100, 30);
    assert!(text.contains("done on time"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.store.task(id).unwrap().status, TaskStatus::DoneOnTime);
}

#[test]
fn extend_grant_and_the_cap() {
    let mut app = tasks_app(Lang::En);
    let id = pick(&mut app, "status:assigned due:>7d");
    let before = app.store.task(id).unwrap().deadline;
    let ask = |app: &mut App, day: &str| {
        chr(app, 'e');
        assert!(app.form.is_some(), "{}", screen(app, 100, 30));
        typ(app, day);
        press(app, KeyCode::Tab);
        typ(app, "Жабдуу кечигип келди");
        press(app, KeyCode::Enter);
    };
    // An empty reason is marked when the field is left.
    chr(&mut app, 'e');
    typ(&mut app, "31.12.2026");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app, 100, 30).contains("required"));
    press(&mut app, KeyCode::Esc);
    chr(&mut app, 'y');
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));

    ask(
        &mut app,
        &shtab::domain::date::format(before + chrono::Duration::days(20)),
    );
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    focus(&mut app, id);
    assert_eq!(
        app.store.task(id).unwrap().status,
        TaskStatus::ExtensionRequested
    );
    // Asking again while one waits is refused.
    chr(&mut app, 'e');
    assert!(app.form.is_none());
    assert!(screen(&app, 100, 30).contains("waits for a decision"));
    // Grant.
    chr(&mut app, 'п');
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Enter);
    let t = app.store.task(id).unwrap();
    assert_eq!(t.deadline, before + chrono::Duration::days(20));
    assert_eq!(t.extensions, 1);
    assert!(screen(&app, 100, 30).contains("Extension granted"));
    // A second one, then the cap (2) stops a third.
    focus(&mut app, id);
    ask(
        &mut app,
        &shtab::domain::date::format(t.deadline + chrono::Duration::days(9)),
    );
    focus(&mut app, id);
    chr(&mut app, 'g');
    press(&mut app, KeyCode::Enter);
    let t = app.store.task(id).unwrap();
    assert_eq!(t.extensions, 2);
    focus(&mut app, id);
    chr(&mut app, 'e');
    assert!(app.form.is_none());
    assert!(screen(&app, 100, 30).contains("cap of 2 extensions"));
    // Refusing: the deadline stays.
    let other = pick(&mut app, "status:extension_requested");
    let d0 = app.store.task(other).unwrap().deadline;
    chr(&mut app, 'g');
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let o = app.store.task(other).unwrap();
    assert_eq!(o.deadline, d0);
    assert!(o.status.is_open() && o.status != TaskStatus::ExtensionRequested);
}

#[test]
fn cancel_with_a_reason_and_reassign() {
    let mut app = tasks_app(Lang::Ky);
    let id = pick(&mut app, "status:open");
    // Cancel: the reason is required.
    chr(&mut app, 'x');
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "no reason, not cancelled");
    typ(&mut app, "Уюм жабылды");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none());
    let t = app.store.task(id).unwrap();
    assert_eq!(t.status, TaskStatus::Cancelled);
    assert_eq!(
        app.store.task_detail(id).unwrap().cancel_reason,
        "Уюм жабылды"
    );
    // Reassign another: the new executor and the history.
    let id = pick(&mut app, "status:open");
    let from = app.store.task(id).unwrap().executor.id;
    chr(&mut app, 'е');
    assert!(app.form.is_some());
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Кайра бөлүштүрүлдү");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let t = app.store.task(id).unwrap();
    assert_ne!(t.executor.id, from);
    // The detail pane shows the change.
    focus(&mut app, id);
    press(&mut app, KeyCode::Enter);
    let text = screen(&app, 100, 60);
    assert!(text.contains("аткаруучу алмашты"), "{text}");
    assert!(app.store.check().unwrap().is_empty());
}

#[test]
fn a_closed_task_takes_no_actions() {
    let mut app = tasks_app(Lang::En);
    pick(&mut app, "status:done");
    for c in ['r', 'c', 'e', 'g', 'x', 't'] {
        chr(&mut app, c);
        assert!(app.form.is_none() && app.confirm.is_none(), "{c}");
        assert!(screen(&app, 100, 30).contains("closed or cancelled"), "{c}");
    }
}

#[test]
fn mouse_selects_a_row_and_the_detail_scrolls() {
    let mut app = tasks_app(Lang::En);
    let row = 2 + 2 + 2 + 3; // title, tabs, query, hint, border, header → 4th row
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
        column: 20,
        row,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.screens.tasks.selected, 3);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    assert!(app.screens.tasks.focus_detail);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.screens.tasks.detail_scroll, 1);
    assert_eq!(
        app.screens.tasks.selected, 3,
        "↓ scrolls the detail, not the list"
    );
}

#[test]
fn help_lists_the_task_keys() {
    let mut app = tasks_app(Lang::Ru);
    press(&mut app, KeyCode::F(1));
    let text = screen(&app, 100, 30);
    let s = Lang::Ru.strings().tasks;
    for needle in [s.key_report, s.key_close, "r, к", "c, с", "x, ч"] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
}

static COUNTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Counts the task counts run (one per query applied).
fn count_counts(e: rusqlite::trace::TraceEvent<'_>) {
    if let rusqlite::trace::TraceEvent::Stmt(_, sql) = e
        && sql.starts_with("SELECT count(*) FROM task t")
    {
        COUNTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
}

fn key_event(code: KeyCode) -> Event {
    Event::Key(ratatui::crossterm::event::KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))
}

/// Keys that arrive together (typed ahead while the app worked, or pasted) are handled
/// before one frame: the query runs once, at the end, and the screen is the same as after
/// the same keys one by one — a mistake marked, the last good result kept, Enter seeing it.
#[test]
fn keys_typed_ahead_run_the_query_once_with_the_same_result() {
    let text = "status:overdue kind:school";
    let mut one_by_one = tasks_app(Lang::En);
    clear_query(&mut one_by_one);
    typ(&mut one_by_one, text);
    let mut together = tasks_app(Lang::En);
    clear_query(&mut together);
    let keys: Vec<Event> = text.chars().map(|c| key_event(KeyCode::Char(c))).collect();
    COUNTS.store(0, std::sync::atomic::Ordering::SeqCst);
    together.store.conn().trace_v2(
        rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
        Some(count_counts),
    );
    together.handle_events(&keys);
    together
        .store
        .conn()
        .trace_v2(rusqlite::trace::TraceEventCodes::empty(), None);
    assert_eq!(
        COUNTS.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one query"
    );
    assert_eq!(together.screens.tasks.query.value(), text);
    assert_eq!(together.screens.tasks.total, one_by_one.screens.tasks.total);
    assert_eq!(together.screens.tasks.rows, one_by_one.screens.tasks.rows);
    assert_eq!(screen(&together, 100, 30), screen(&one_by_one, 100, 30));
    // A burst that ends in a mistake keeps the last good result and marks the mistake;
    // Enter in the same burst sees it.
    let bad: Vec<Event> = " due:x"
        .chars()
        .map(|c| key_event(KeyCode::Char(c)))
        .chain([key_event(KeyCode::Enter)])
        .collect();
    together.handle_events(&bad);
    assert!(together.screens.tasks.error.is_some());
    assert!(!together.screens.tasks.editing);
    assert_eq!(together.screens.tasks.total, one_by_one.screens.tasks.total);
    assert!(together.message.as_ref().is_some_and(|(_, err)| *err));
    // A paste is a burst too.
    let mut pasted = tasks_app(Lang::En);
    clear_query(&mut pasted);
    pasted.handle_events(&[Event::Paste(text.into())]);
    assert_eq!(pasted.screens.tasks.rows, one_by_one.screens.tasks.rows);
}

#[test]
fn an_extension_takes_the_task_forms_dates_and_the_working_day_rule() {
    let mut app = tasks_app(Lang::En);
    let d = |s: &str| shtab::domain::date::parse(s).unwrap();
    // A Saturday moves to the Friday before, with the task form's notice (the last task due
    // in December; the first is kept for `+14` below).
    query(&mut app, "status:assigned due:2026-12");
    press(&mut app, KeyCode::End);
    let id = selected_id(&app);
    chr(&mut app, 'e');
    typ(&mut app, "30.01.2027");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Жабдуу кечикти");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("30.01.2027 is not a working day: the deadline is 29.01.2027"),
        "{text}"
    );
    assert_eq!(
        app.store.pending_extension(id).unwrap(),
        Some(d("29.01.2027"))
    );
    // The decision form comes with the request: the date asked for and the reason.
    focus(&mut app, id);
    chr(&mut app, 'g');
    assert!(app.form.is_some());
    let text = screen(&app, 160, 30);
    assert!(
        text.contains("the deadline 29.01.2027 instead of") && text.contains("Жабдуу кечикти"),
        "{text}"
    );
    press(&mut app, KeyCode::Esc);
    // `+14` counts from today, as in the task form; a date that is none is marked.
    let other = pick(&mut app, "status:assigned due:<7d");
    assert_ne!(other, id);
    chr(&mut app, 'e');
    typ(&mut app, "31.02");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "x");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "31.02 is no date");
    press(&mut app, KeyCode::Esc);
    chr(&mut app, 'y');
    focus(&mut app, other);
    chr(&mut app, 'e');
    typ(&mut app, "+14");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Каникул");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let want = today() + chrono::Duration::days(14);
    let got = app.store.pending_extension(other).unwrap().unwrap();
    assert!(
        got <= want && want - got <= chrono::Duration::days(3),
        "+14 is {want} or the working day before it: {got}"
    );
}

#[test]
fn reassigning_by_keys_names_the_head_or_the_person_typed() {
    let mut app = tasks_app(Lang::En);
    let id = pick(&mut app, "status:open");
    chr(&mut app, 't');
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Moved");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "А. Осмонов");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    assert_eq!(
        app.store.task_detail(id).unwrap().responsible_person,
        "А. Осмонов"
    );
    // Nothing typed: the new executor's head.
    focus(&mut app, id);
    chr(&mut app, 't');
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Moved again");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let t = app.store.task_detail(id).unwrap();
    let head = app.store.organization(t.row.executor.id).unwrap().head_name;
    assert_eq!(t.responsible_person, head.trim());
}

/// Tab offers the words of the interface's language: Kyrgyz keys and values in the ky
/// interface, Russian ones in the ru interface; what it produces is a good query.
#[test]
fn completion_speaks_the_interface_language() {
    for (lang, key, value) in [
        (Lang::Ky, "абалы:", "абалы:ачык"),
        (Lang::Ru, "статус:", "статус:открыто"),
    ] {
        let mut app = tasks_app(lang);
        clear_query(&mut app);
        // An empty token: the first key, in the interface's words.
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.screens.tasks.query.value(), key, "{lang:?}");
        // An English code typed: offered as the word.
        clear_query(&mut app);
        typ(&mut app, "status:op");
        press(&mut app, KeyCode::Tab);
        assert_eq!(app.screens.tasks.query.value(), value, "{lang:?}");
        assert!(app.screens.tasks.error.is_none(), "{lang:?}");
        assert_eq!(app.screens.tasks.total, count(&app, "status:open"));
    }
}

/// `/` opens the query line with a space after the query: a typed word is a new term, not
/// the end of the last one ("status:open" and "мектеп" is not "status:openмектеп").
#[test]
fn the_query_line_opens_ready_for_a_new_term() {
    let mut app = tasks_app(Lang::Ky);
    assert_eq!(app.screens.tasks.query.value(), "status:open");
    chr(&mut app, '/');
    assert_eq!(app.screens.tasks.query.value(), "status:open ");
    assert_eq!(
        app.screens.tasks.query.cursor(),
        "status:open ".chars().count()
    );
    typ(&mut app, "мектеп");
    assert_eq!(app.screens.tasks.query.value(), "status:open мектеп");
    assert!(app.screens.tasks.error.is_none());
    assert_eq!(app.screens.tasks.total, count(&app, "status:open мектеп"));
    press(&mut app, KeyCode::Enter);
    // Opened again: no second space, the next word is a term of its own too.
    chr(&mut app, '/');
    assert_eq!(app.screens.tasks.query.value(), "status:open мектеп ");
    typ(&mut app, "kind:school");
    assert_eq!(
        app.screens.tasks.query.value(),
        "status:open мектеп kind:school"
    );
    assert_eq!(
        app.screens.tasks.total,
        count(&app, "status:open мектеп kind:school")
    );
    // An empty line stays empty.
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Enter);
    chr(&mut app, '/');
    assert_eq!(app.screens.tasks.query.value(), "");
}

/// Ctrl-W takes the last word of the query line and Ctrl-U empties it (ЙЦУКЕН too).
#[test]
fn ctrl_w_and_ctrl_u_on_the_query_line() {
    for lang in [Lang::Ky, Lang::Ru] {
        let mut app = tasks_app(lang);
        clear_query(&mut app);
        typ(&mut app, "status:open kind:school");
        press_mod(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(app.screens.tasks.query.value(), "status:open ", "{lang:?}");
        assert_eq!(app.screens.tasks.total, count(&app, "status:open"));
        typ(&mut app, "kind:school");
        press_mod(&mut app, KeyCode::Char('ц'), KeyModifiers::CONTROL);
        assert_eq!(app.screens.tasks.query.value(), "status:open ", "{lang:?}");
        press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(app.screens.tasks.query.value(), "", "{lang:?}");
        typ(&mut app, "status:done");
        press_mod(&mut app, KeyCode::Char('г'), KeyModifiers::CONTROL);
        assert_eq!(app.screens.tasks.query.value(), "", "{lang:?}");
        assert!(!app.quit);
    }
}

/// The saved-views popup opens or deletes a view: its status line never says "save".
#[test]
fn the_saved_views_popup_does_not_offer_to_save() {
    for lang in [Lang::Ky, Lang::Ru] {
        let s = lang.strings();
        let mut app = tasks_app(lang);
        app.store
            .save_task_view("Мектептер", "kind:school")
            .unwrap();
        chr(&mut app, 'v');
        assert!(app.form.is_some());
        let text = screen(&app, 100, 30);
        let status = text.lines().last().unwrap_or("");
        assert!(
            status.contains(&format!("Enter {}", s.tasks.key_do_view)),
            "{lang:?}: {status}"
        );
        assert!(!status.contains(s.key_save), "{lang:?}: {status}");
        press(&mut app, KeyCode::Esc);
        // The save-view form still says save.
        chr(&mut app, 's');
        let text = screen(&app, 100, 30);
        let status = text.lines().last().unwrap_or("");
        assert!(status.contains(s.key_save), "{lang:?}: {status}");
    }
}
