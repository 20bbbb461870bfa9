//! The query plans of the hot paths: what SQLite does for the statements the store really
//! runs (read with trace_v2 while the app starts, a tab loads, a quick view or a search is
//! applied, the compliance list is computed …). A full scan of a task-sized table, or a
//! sort of the whole result for a page, is what makes 100,000 tasks slow; each is refused
//! here unless listed with its reason.
//!
//! The plans do not depend on the data's size (no ANALYZE statistics), so the small demo
//! shows what the 100k one gets. The first page's own plan is checked in tasks_store.rs.

mod common;

use std::cell::RefCell;

use common::*;
use ratatui::crossterm::event::KeyCode;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use shtab::domain::query;
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
    SEEN.with(|s| s.borrow_mut().clear());
    store
        .conn()
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(tracer));
    f();
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
            || sql.contains(&format!("{t} AS {name} "))
    })?;
    Some(format!("{table} ({line})"))
}

/// Every statement run by `f` that scans a big table or sorts rows of one with a temp
/// B-tree, less those `allowed` names (by a piece of their SQL), with the plan.
fn problems(store: &Store, f: impl FnOnce(), allowed: &[(&str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    for sql in statements(store, f) {
        let head = sql.trim_start().to_uppercase();
        if !(head.starts_with("SELECT") || head.starts_with("WITH")) {
            continue;
        }
        if allowed.iter().any(|(piece, _why)| sql.contains(piece)) {
            continue;
        }
        let lines = plan(store, &sql);
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

fn cx() -> QueryContext {
    QueryContext {
        today: today(),
        me: None,
    }
}

/// Print every statement and its plan: `cargo test --test query_plans -- --ignored --nocapture`.
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
