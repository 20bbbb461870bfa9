//! The query plans of the hot paths: what SQLite does for the statements the store really
//! runs (read with trace_v2 while the app starts, a tab loads, a quick view or a search is
//! applied, the compliance list is computed …). A full scan of a task-sized table, or a
//! sort of the whole result for a page, is what makes 100,000 tasks slow; each is refused
//! here unless listed with its reason.
//!
//! The plans do not depend on the data's size (no ANALYZE statistics), so the small demo
//! shows what the 100k one gets. The first page's own plan is checked in tasks_store.rs.

use crate::common;

use std::cell::RefCell;

use common::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use shtab::domain::query;
use shtab::i18n::Lang;
use shtab::store::{Page, QueryContext, Store};

thread_local! {
    static SEEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn tracer(e: TraceEvent<'_>) {
    if let TraceEvent::Stmt(_, sql) = e {
        // Trigger bodies come as "-- TRIGGER name"; their statements are not ours to plan.
        if !sql.trim_start().starts_with("--") {
            SEEN.with(|s| s.borrow_mut().push(sql.to_string()));
        }
    }
}

/// The statements `f` makes the store run, each once, in the order first run.
fn statements(store: &Store, f: impl FnOnce()) -> Vec<String> {
    start_tracing(store);
    f();
    stop_tracing(store)
}

fn start_tracing(store: &Store) {
    SEEN.with(|s| s.borrow_mut().clear());
    store
        .conn()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(tracer));
}

fn stop_tracing(store: &Store) -> Vec<String> {
    store.conn().trace_v2(TraceEventCodes::empty(), None);
    let mut out: Vec<String> = Vec::new();
    for s in SEEN.with(|s| s.take()) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// EXPLAIN QUERY PLAN of `sql` (parameters unbound: the plan is made before they are).
fn plan(store: &Store, sql: &str) -> Vec<String> {
    let mut st = store
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
    let nulls = vec![rusqlite::types::Value::Null; st.parameter_count()];
    st.query_map(rusqlite::params_from_iter(nulls), |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Tables that grow with the tasks.
const BIG: &[&str] = &[
    "task",
    "task_co_executor",
    "deadline_change",
    "execution_report",
    "escalation",
    "audit_log",
    "executor_change",
];

/// What a plan line scans, if it scans a big table (aliases resolved from the statement).
fn big_scan(line: &str, sql: &str) -> Option<String> {
    let rest = line.trim().strip_prefix("SCAN ")?;
    let name = rest.split_whitespace().next()?;
    let table = BIG.iter().find(|t| {
        **t == name
            || sql.contains(&format!("{t} {name} "))
            || sql.contains(&format!("{t} {name}\n"))
            || sql.contains(&format!("{t} {name},"))
    })?;
    Some(format!("{table} ({})", line.trim()))
}

/// A page read in the list's order from an index, stopping at its LIMIT: a scan that ends
/// after a page, which is what it is meant to do.
fn ordered_page(sql: &str, lines: &[String]) -> bool {
    sql.contains(" LIMIT ?")
        && !lines.iter().any(|l| l.contains("TEMP B-TREE FOR ORDER BY"))
        && lines.iter().any(|l| {
            l.trim().starts_with("SCAN t USING INDEX task_")
                || l.trim().starts_with("SCAN t USING COVERING INDEX task_")
                || l.trim() == "SCAN t"
        })
}

/// Every statement run by `f` that scans a big table, less page reads that stop at their
/// LIMIT and those `allowed` (by a piece of their SQL, with the reason), with its plan.
fn problems(store: &Store, f: impl FnOnce(), allowed: &[(&str, &str)]) -> Vec<String> {
    let sqls = statements(store, f);
    problems_in(store, sqls, allowed)
}

fn problems_in(store: &Store, sqls: Vec<String>, allowed: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for sql in sqls {
        let head = sql.trim_start().to_uppercase();
        if !(head.starts_with("SELECT") || head.starts_with("WITH")) {
            continue;
        }
        if allowed.iter().any(|(piece, _why)| sql.contains(piece)) {
            continue;
        }
        let lines = plan(store, &sql);
        if ordered_page(&sql, &lines) {
            continue;
        }
        let scans: Vec<String> = lines.iter().filter_map(|l| big_scan(l, &sql)).collect();
        if !scans.is_empty() {
            out.push(format!(
                "{}\n  scans {}\n  plan:\n    {}",
                sql.trim(),
                scans.join(", "),
                lines.join("\n    ")
            ));
        }
    }
    out
}

fn assert_none(what: &str, found: Vec<String>) {
    assert!(
        found.is_empty(),
        "{what}: full scans of task-sized tables:\n\n{}",
        found.join("\n\n")
    );
}

/// Scans that are the job itself, each with its reason.
const EXPECTED: &[(&str, &str)] = &[
    (
        "SELECT count(*) FROM ",
        "a table's size for the tabs not built yet: SQLite counts its smallest index",
    ),
    (
        "GROUP BY t.executor_id, t.status",
        "compliance: every task counted once, from the executor index alone",
    ),
    (
        "FROM deadline_change dc",
        "compliance: the granted extensions, a small part of the tasks",
    ),
    (
        "FROM escalation ORDER BY date, id",
        "compliance: the escalation stages, a few per organization",
    ),
    (
        "SELECT id, created_at, closed_at, status, deadline, executor_id, measure_id",
        "compliance's trend marks (issue 18): every task read once for every organization's \
         twelve months, then kept by the store until the database changes",
    ),
    (
        "FROM deadline_change WHERE status = 'granted' AND decided_at IS NOT NULL",
        "the trend: the granted extensions, read once with the tasks",
    ),
    (
        "FROM executor_change WHERE changed_at IS NOT NULL",
        "the trend: the reassignments, read once with the tasks",
    ),
    (
        "INDEXED BY task_measure_open",
        "the Plan tab's links (issue 17): the open tasks that serve a measure, every one of \
         them the answer, from the partial index that holds just them (migration 0019)",
    ),
];

fn cx() -> QueryContext {
    QueryContext {
        today: today(),
        me: None,
    }
}

/// The plan lines of the statement run by `f` whose SQL contains `piece`.
fn plan_of(store: &Store, piece: &str, f: impl FnOnce()) -> String {
    let sqls = statements(store, f);
    let sql = sqls
        .iter()
        .find(|s| s.contains(piece))
        .unwrap_or_else(|| panic!("no statement with {piece:?} in:\n{}", sqls.join("\n")));
    plan(store, sql).join("\n")
}

#[test]
fn start_up_and_every_tab_scan_no_task_sized_table() {
    let store = demo_store();
    start_tracing(&store);
    // What the binary does: the app, its first frame, then every tab by its key and a move
    // in each, the task detail, and paging.
    let mut app = shtab::app::App::new(store, Lang::En, today(), true);
    app.documents_dir = docs_dir();
    app.resize(200, 50);
    let _ = screen(&app, 200, 50);
    for k in ['1', '2', '3', '4', '5', '6', '7', '3'] {
        press(&mut app, KeyCode::Char(k));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Up);
        let _ = screen(&app, 200, 50);
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Home);
    for k in ['o', 'w', 'm', 'a'] {
        press(&mut app, KeyCode::Char(k));
    }
    let sqls = stop_tracing(&app.store);
    assert!(sqls.len() > 20, "{sqls:?}");
    let found = problems_in(&app.store, sqls, EXPECTED);
    assert_none("start-up and tabs", found);
}

#[test]
fn queries_of_the_tasks_tab_scan_no_task_sized_table() {
    let store = demo_store();
    for text in [
        "status:overdue",
        "status:open due:<7d",
        "status:open controller:me",
        "status:open",
        "status:done",
        "status:overdue kind:school",
        "kind:school",
        "org:мектеп",
        "org:мектеп status:overdue",
        "session:3/2026",
        "status:done session:3/2026",
        "measure:2.1",
        "интернет",
        "status:open интернет",
        "мектеп компьют",
        "sort:-deadline status:overdue",
        "sort:number status:open",
    ] {
        let q = query::parse(text).unwrap();
        let found = problems(
            &store,
            || {
                let n = store.tasks_count(&q, &cx()).unwrap();
                let first = store.tasks_page(&q, &cx(), Page::First, 40).unwrap();
                if let Some(last) = first.last() {
                    let _ = store.tasks_page(&q, &cx(), Page::After(last.key()), 40);
                }
                let _ = store.tasks_page(&q, &cx(), Page::Last, 40);
                assert!(n >= first.len() as i64);
            },
            EXPECTED,
        );
        assert_none(text, found);
    }
}

#[test]
fn the_hot_lists_read_their_intended_indexes() {
    let store = demo_store();
    // The overdue list's first page: the open tasks' own index, in order, no sort.
    let q = query::parse("status:overdue").unwrap();
    let p = plan_of(&store, "ORDER BY t.deadline", || {
        let _ = store.tasks_page(&q, &cx(), Page::First, 40);
    });
    assert!(p.contains("INDEX task_open_deadline"), "{p}");
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    // Its count and the start-up count: an index range, not the table.
    for (what, sql_piece, f) in [
        (
            "overdue count",
            "SELECT count(*) FROM task",
            Box::new(|| {
                let _ = store.count_overdue(today());
            }) as Box<dyn FnOnce()>,
        ),
        (
            "due within a week",
            "BETWEEN",
            Box::new(|| {
                let _ = store.count_due_within(today(), 7);
            }),
        ),
    ] {
        let p = plan_of(&store, sql_piece, f);
        assert!(
            p.starts_with("SEARCH") && p.contains("COVERING INDEX"),
            "{what}: {p}"
        );
    }
    // A search's count: the full-text index's ids alone, looked up in the set of open
    // tasks read from an index (no task row), kept while only the words change.
    let q = query::parse("status:open интернет").unwrap();
    let sqls = statements(&store, || {
        let _ = store.tasks_count(&q, &cx());
    });
    let fts = sqls.iter().find(|s| s.contains("FROM task_fts WHERE"));
    let p = plan(&store, fts.expect("the words' ids")).join("\n");
    assert!(p.contains("VIRTUAL TABLE INDEX"), "{p}");
    let set = sqls
        .iter()
        .find(|s| s.starts_with("SELECT t.id FROM task t WHERE"));
    let p = plan(&store, set.expect("the open tasks' ids")).join("\n");
    assert!(p.contains("COVERING INDEX"), "{p}");
    let again = statements(&store, || {
        let other = query::parse("status:open мектеп").unwrap();
        let _ = store.tasks_count(&other, &cx());
    });
    assert!(
        !again
            .iter()
            .any(|s| s.starts_with("SELECT t.id FROM task t")),
        "the open tasks' ids are kept: {again:?}"
    );
    // A selective page sorts only the matching keys, then reads the page's rows by key.
    let p = plan_of(&store, "WHERE t.id IN (SELECT t.id", || {
        let _ = store.tasks_page(&q, &cx(), Page::First, 40);
    });
    assert!(p.contains("SEARCH t USING INTEGER PRIMARY KEY"), "{p}");
    // One organization's overdue tasks (issue 17): the executor side a range of the
    // executor index by status and deadline, not every task of the organization fetched
    // nor every overdue task tested; the co-executor side from its own index. The same
    // for the count, the full listing and a page's keys.
    let q = query::parse("org:мектеп status:overdue").unwrap();
    let exec = "INDEX task_executor_status (executor_id=? AND status=? AND deadline<?)";
    let co = "SEARCH c USING INDEX task_co_executor_org (organization_id=?)";
    for (what, piece, f) in [
        (
            "count",
            "+ (SELECT count(*)",
            Box::new(|| {
                let _ = store.tasks_count(&q, &cx());
            }) as Box<dyn FnOnce()>,
        ),
        (
            "listing",
            "UNION ALL",
            Box::new(|| {
                let _ = store.tasks_listed(&q, &cx());
            }),
        ),
        (
            "page",
            "UNION ALL",
            Box::new(|| {
                let _ = store.tasks_page(&q, &cx(), Page::First, 40);
            }),
        ),
    ] {
        let p = plan_of(&store, piece, f);
        assert!(p.contains(exec), "{what}: {p}");
        assert!(p.contains(co), "{what}: {p}");
        assert!(!p.contains("MULTI-INDEX OR"), "{what}: {p}");
        assert!(!p.contains("task_status_deadline"), "{what}: {p}");
    }
    // The Agenda's hearing suggestions: the open index, organization by organization,
    // overdue entries only, without the table.
    let p = plan_of(&store, "group_concat(t.id)", || {
        let _ = store.suggested_hearings(today(), 1);
    });
    assert!(
        p.contains(
            "SEARCH t USING COVERING INDEX task_open_executor (executor_id=? AND deadline<?)"
        ),
        "{p}"
    );
    // Compliance: overdue now and the late months from the partial indexes.
    let sqls = statements(&store, || {
        let _ = store.compliance(today(), None, None);
    });
    let all: Vec<String> = sqls.iter().flat_map(|s| plan(&store, s)).collect();
    let all = all.join("\n");
    assert!(
        all.contains(
            "SEARCH t USING COVERING INDEX task_open_executor (executor_id=? AND deadline<?)"
        ),
        "{all}"
    );
    assert!(
        all.contains("SEARCH t USING COVERING INDEX task_done_late_closed (closed_at>?)"),
        "{all}"
    );
    // The counts by executor and status from the kept tallies (migration 0015), not the
    // tasks; the granted changes from their own index, each task's executor from its small
    // one.
    assert!(
        sqls.iter().any(|s| s.contains("FROM task_tally")),
        "{sqls:?}"
    );
    assert!(!all.contains("task_executor_status"), "{all}");
    assert!(all.contains("INDEX deadline_change_granted"), "{all}");
    assert!(
        all.contains("SEARCH t USING COVERING INDEX task_id_executor (id=?)"),
        "{all}"
    );
    // Within a period the tasks are counted, from the executor index.
    let sqls = statements(&store, || {
        let from = today() - chrono::Months::new(6);
        let _ = store.compliance(today(), None, Some((from, today())));
    });
    let all: Vec<String> = sqls.iter().flat_map(|s| plan(&store, s)).collect();
    assert!(
        all.join("\n")
            .contains("USING COVERING INDEX task_executor_status"),
        "{all:?}"
    );
    // An organization's tasks in the Compliance detail: its open ones from the open index
    // (in deadline order; ties sorted by id), the rest's keys from the executor index a
    // status at a time, in deadline order (no sort of all the closed ones, issue 17).
    let p = plan_of(&store, "WITH pick", || {
        let _ = store.organization_tasks_first(1, 100);
    });
    assert!(
        p.contains("SEARCH t USING COVERING INDEX task_open_executor (executor_id=?)"),
        "{p}"
    );
    assert_eq!(
        p.matches(
            "SEARCH t USING COVERING INDEX task_executor_status (executor_id=? AND status=?)"
        )
        .count(),
        3,
        "{p}"
    );
}

/// The statuses of a query are tested in place, row by row: a list of three or more after
/// IN is tested through a temporary index, a seek for every row read (a tenth of a long
/// listing's time, more on the Tasks tab's pages read in deadline order).
#[test]
fn status_terms_are_tested_without_a_temporary_index() {
    let store = demo_store();
    for text in [
        "status:open",
        "status:closed",
        "status:overdue",
        "status:done",
    ] {
        let q = query::parse(text).unwrap();
        let sqls = statements(&store, || {
            let _ = store.tasks_listed(&q, &cx());
            let _ = store.tasks_page(&q, &cx(), Page::First, 40);
        });
        let listing = sqls
            .iter()
            .filter(|s| s.contains("FROM task t"))
            .collect::<Vec<_>>();
        assert!(!listing.is_empty(), "{text}: {sqls:?}");
        for sql in listing {
            let mut st = store.conn().prepare(&format!("EXPLAIN {sql}")).unwrap();
            let nulls = vec![rusqlite::types::Value::Null; st.parameter_count()];
            let ops: Vec<(String, i64)> = st
                .query_map(rusqlite::params_from_iter(nulls), |r| {
                    Ok((r.get(1)?, r.get(2)?))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            // A temporary index walked to drive an index's seeks is fine; one probed for
            // each row (Found/NotFound on its cursor) is what this is about.
            let temporary: Vec<i64> = ops
                .iter()
                .filter(|(o, _)| o == "OpenEphemeral")
                .map(|(_, c)| *c)
                .collect();
            assert!(
                !ops.iter().any(|(o, c)| {
                    matches!(o.as_str(), "Found" | "NotFound") && temporary.contains(c)
                }),
                "{text}: a temporary index probed for each row in\n{sql}"
            );
        }
    }
}

/// Print every statement and its plan: `cargo test --test store query_plans:: -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_the_plans() {
    let store = demo_store();
    let sqls = statements(&store, || {
        let _ = store.compliance(today(), None, None);
        let _ = store.suggested_hearings(today(), 1);
        let _ = store.organization_tasks(1);
        let _ = store.sessions(today(), None);
        let _ = store.organization_tasks_first(1, 100);
        let _ = store.count_overdue(today());
        for text in [
            "status:open",
            "status:overdue",
            "status:done session:3/2026",
            "org:мектеп status:overdue",
            "kind:school status:open",
        ] {
            let q = query::parse(text).unwrap();
            let _ = store.tasks_count(&q, &cx());
            let _ = store.tasks_page(&q, &cx(), Page::First, 40);
        }
        let q = query::parse("status:overdue интернет").unwrap();
        let _ = store.tasks_count(&q, &cx());
        let _ = store.tasks_page(&q, &cx(), Page::First, 40);
    });
    for s in sqls {
        println!("{}\n  {}\n", s.trim(), plan(&store, &s).join("\n  "));
    }
}

/// Issue 17 (migration 0019): the Protocol tab's undelivered extracts hop through each
/// signed decision's executors in the (decision, executor) index instead of visiting every
/// task; the Plan tab's links are read, in their order, from the small index of the open
/// tasks that serve a measure, not from the table.
#[test]
fn undelivered_extracts_and_plan_links_read_their_indexes() {
    let store = demo_store();
    let p = plan_of(&store, "WITH RECURSIVE", || {
        let _ = store.undelivered_extracts();
    });
    assert!(
        p.contains("USING COVERING INDEX task_decision_executor (decision_id=? AND executor_id>?)"),
        "{p}"
    );
    assert!(!p.contains("task_id_executor"), "{p}");
    let p = plan_of(&store, "FROM task t INDEXED BY task_measure_open", || {
        let _ = store.plan_task_links(false);
    });
    assert!(
        p.contains("SCAN t USING COVERING INDEX task_measure_open"),
        "{p}"
    );
    assert!(!p.contains("TEMP B-TREE"), "{p}");
}
