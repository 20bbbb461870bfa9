//! Single keystrokes timed one by one (criterion gives means; the goals are p95): the event
//! handled and the next 200×50 frame drawn, as `tui::run` does. Prints p50, p95 and the
//! slowest for each scenario at each scale.
//!
//!     cargo bench --bench latency
//!     SHTAB_BENCH_SCALES=100000 cargo bench --bench latency
//!     SHTAB_BENCH_SQL=1 cargo bench --bench latency    # and the statements that took longest
//!     SHTAB_BENCH_ONLY=query cargo bench --bench latency   # only the scenarios named so
//!     SHTAB_BENCH_PREFIXES=1 cargo bench --bench latency   # each typed query's count and page

mod common;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rusqlite::trace::{TraceEvent, TraceEventCodes};

use common::*;
use ratatui::crossterm::event::{Event, KeyCode};
use shtab::app::App;
use shtab::i18n::Lang;

/// SQL time per statement (SHTAB_BENCH_SQL=1): runs, total, slowest.
static SQL: Mutex<BTreeMap<String, (usize, Duration, Duration)>> = Mutex::new(BTreeMap::new());

fn profile(e: TraceEvent<'_>) {
    if let TraceEvent::Profile(st, took) = e {
        let sql: String = st.sql().split_whitespace().collect::<Vec<_>>().join(" ");
        let mut m = SQL.lock().unwrap();
        let e = m.entry(sql).or_default();
        e.0 += 1;
        e.1 += took;
        e.2 = e.2.max(took);
    }
}

fn watch(store: &shtab::store::Store) {
    if std::env::var_os("SHTAB_BENCH_SQL").is_some() {
        store
            .conn()
            .trace_v2(TraceEventCodes::SQLITE_TRACE_PROFILE, Some(profile));
    }
}

fn print_sql() {
    let m = std::mem::take(&mut *SQL.lock().unwrap());
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by_key(|(_, (_, _, max))| std::cmp::Reverse(*max));
    for (sql, (n, total, max)) in v.into_iter().take(12) {
        let short: String = sql.chars().take(160).collect();
        println!(
            "    sql: {n:>5} runs, max {:>8.2} ms, mean {:>8.2} ms: {short}",
            max.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3 / n as f64
        );
    }
}

struct Stats {
    name: String,
    times: Vec<Duration>,
}

impl Stats {
    fn new(name: impl Into<String>) -> Self {
        Stats {
            name: name.into(),
            times: Vec::new(),
        }
    }

    fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        self.times.push(t.elapsed());
        out
    }

    fn pct(sorted: &[Duration], p: f64) -> f64 {
        let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[i].as_secs_f64() * 1e3
    }

    fn print(&self, scale: usize) {
        let mut t = self.times.clone();
        t.sort();
        if t.is_empty() {
            return;
        }
        println!(
            "{:<34} {:>5} {:>6} {:>9.2} {:>9.2} {:>9.2}",
            self.name,
            label(scale),
            t.len(),
            Self::pct(&t, 0.5),
            Self::pct(&t, 0.95),
            t.last().unwrap().as_secs_f64() * 1e3
        );
    }
}

/// One event to its frame.
fn step(app: &mut App, term: &mut ratatui::Terminal<ratatui::backend::TestBackend>, ev: &Event) {
    app.handle_event(ev);
    draw(term, app);
}

fn startup(scale: usize) -> Stats {
    let path = demo_db(scale);
    let mut s = Stats::new("startup: open + app + first frame");
    let mut term = terminal();
    for _ in 0..15 {
        let app = s.time(|| {
            let store = open(&path);
            watch(&store);
            let mut app = App::new(store, Lang::Ky, today(), true);
            app.resize(WIDTH, HEIGHT);
            draw(&mut term, &app);
            app
        });
        drop(app);
    }
    s
}

fn quick_check(scale: usize) -> Stats {
    let store = open(&demo_db(scale));
    let mut s = Stats::new("startup: PRAGMA quick_check");
    for _ in 0..5 {
        s.time(|| store.quick_check().unwrap());
    }
    s
}

/// ↓ in runs of `run`, then ↑ as many, `n` keys in all.
fn nav(scale: usize, name: &str, tab: char, run: usize, n: usize, detail: bool) -> Stats {
    let mut app = common::app(scale);
    watch(&app.store);
    let mut term = terminal();
    step(&mut app, &mut term, &key(KeyCode::Char(tab)));
    if detail {
        step(&mut app, &mut term, &key(KeyCode::Enter));
    }
    let mut s = Stats::new(format!("nav key: {name}"));
    for i in 0..n {
        let k = if (i / run).is_multiple_of(2) {
            KeyCode::Down
        } else {
            KeyCode::Up
        };
        s.time(|| step(&mut app, &mut term, &key(k)));
    }
    s
}

/// PgDn/PgUp, then End/Home, on Tasks: each key's frame (a page past the shown one is read
/// by the worker since issue 17) and the time until its page is drawn.
fn page_keys(scale: usize) -> Vec<Stats> {
    let mut app = worked_app(scale);
    let mut term = terminal();
    step(&mut app, &mut term, &key(KeyCode::Char('3')));
    until_figures(&mut app, &mut term);
    let mut s = Stats::new("nav key: tasks PgDn/PgUp");
    let mut f = Stats::new("page drawn: tasks PgDn/PgUp");
    let keys = (0..200usize)
        .map(|i| {
            if (i / 10).is_multiple_of(2) {
                KeyCode::PageDown
            } else {
                KeyCode::PageUp
            }
        })
        // Home and End: the first and the last page.
        .chain((0..40usize).map(|i| {
            if i.is_multiple_of(2) {
                KeyCode::End
            } else {
                KeyCode::Home
            }
        }));
    for k in keys {
        let t = Instant::now();
        step(&mut app, &mut term, &key(k));
        s.times.push(t.elapsed());
        until_figures(&mut app, &mut term);
        f.times.push(t.elapsed());
    }
    vec![s, f]
}

/// An app as the terminal runs it: a tab's figures read by the worker thread, unless
/// `SHTAB_BENCH_INLINE=1` (every figure computed before the frame, as before issue 17).
fn worked_app(scale: usize) -> App {
    let mut app = common::app(scale);
    if std::env::var_os("SHTAB_BENCH_INLINE").is_none_or(|v| v == "0") {
        assert!(app.start_worker(), "the bench database is a file");
    }
    watch(&app.store);
    app
}

/// Wait, as the event loop does, until the shown tab's figures are in, and draw them.
fn until_figures(app: &mut App, term: &mut ratatui::Terminal<ratatui::backend::TestBackend>) {
    while app.waiting() {
        std::thread::sleep(Duration::from_micros(200));
        app.poll_work();
    }
    draw(term, app);
}

/// Cycling all tabs: every key, then each tab's own (which tab blocks the screen), and the
/// time from each tab's key until its figures are drawn.
fn tab_keys(scale: usize) -> Vec<Stats> {
    let mut app = worked_app(scale);
    let mut term = terminal();
    let mut all = Stats::new("tab key (reload + frame)");
    let mut each: Vec<Stats> = TABS
        .iter()
        .map(|(name, _)| Stats::new(format!("tab key: {name}")))
        .collect();
    let mut figures: Vec<Stats> = TABS
        .iter()
        .map(|(name, _)| Stats::new(format!("figures drawn: {name}")))
        .collect();
    for _ in 0..6 {
        for (i, (_, k)) in TABS.iter().enumerate() {
            let t = Instant::now();
            step(&mut app, &mut term, &key(KeyCode::Char(*k)));
            all.times.push(t.elapsed());
            each[i].times.push(t.elapsed());
            until_figures(&mut app, &mut term);
            figures[i].times.push(t.elapsed());
        }
    }
    std::iter::once(all).chain(each).chain(figures).collect()
}

/// The Compliance tab's key after a change elsewhere (the list computed, not kept), and the
/// Agenda's after a change (its hearing suggestions computed), the Protocol's (its
/// undelivered extracts): the key's frame, and the time until the figures are drawn.
fn after_a_change(scale: usize, name: &str, tab: char) -> Vec<Stats> {
    let mut app = worked_app(scale);
    let mut term = terminal();
    let mut s = Stats::new(format!("tab key after a change: {name}"));
    let mut f = Stats::new(format!("figures after a change: {name}"));
    for i in 0..20 {
        step(&mut app, &mut term, &key(KeyCode::Char('6')));
        until_figures(&mut app, &mut term);
        app.store.set_setting("bench.tick", &i.to_string()).unwrap();
        let t = Instant::now();
        step(&mut app, &mut term, &key(KeyCode::Char(tab)));
        s.times.push(t.elapsed());
        until_figures(&mut app, &mut term);
        f.times.push(t.elapsed());
    }
    vec![s, f]
}

/// Queries typed from an empty line, a key at a time, then erased.
pub const QUERIES: &[&str] = &[
    "status:overdue kind:school",
    "status:open интернет",
    "org:мектеп status:overdue",
    "компьютер класс",
    "due:<7d sort:-deadline",
    "status:done session:3/2026",
];

/// Each key's frame (the count and page read by the worker since issue 17) and, for single
/// keys, the time until that key's figures are drawn.
fn query_keys(scale: usize, batched: bool) -> Vec<Stats> {
    let mut app = worked_app(scale);
    let mut term = terminal();
    step(&mut app, &mut term, &key(KeyCode::Char('3')));
    until_figures(&mut app, &mut term);
    step(&mut app, &mut term, &key(KeyCode::Char('/')));
    for _ in 0..20 {
        step(&mut app, &mut term, &key(KeyCode::Backspace));
    }
    until_figures(&mut app, &mut term);
    let mut s = Stats::new(if batched {
        "query line: a burst of keys"
    } else {
        "query line: one key"
    });
    let mut f = Stats::new("query line: figures after a key");
    for q in QUERIES {
        let mut keys: Vec<Event> = q.chars().map(|c| key(KeyCode::Char(c))).collect();
        keys.extend(q.chars().map(|_| key(KeyCode::Backspace)));
        if batched {
            // A fast typist: the keys arrive while the app works, so the loop finds several
            // waiting and handles them before one frame (see tui::run).
            for burst in keys.chunks(4) {
                s.time(|| {
                    app.handle_events(burst);
                    draw(&mut term, &app)
                });
            }
            until_figures(&mut app, &mut term);
        } else {
            for k in &keys {
                let t = Instant::now();
                step(&mut app, &mut term, k);
                s.times.push(t.elapsed());
                until_figures(&mut app, &mut term);
                f.times.push(t.elapsed());
            }
        }
    }
    if batched { vec![s] } else { vec![s, f] }
}

/// Every prefix of each of `QUERIES` as the query line sees it while typing, timed in-process
/// on the store (the worker's count and first page of 41 rows): the slowest, to find what
/// makes "figures after a key" slow (`SHTAB_BENCH_PREFIXES=1`).
fn prefixes(scale: usize) {
    use shtab::store::{Page, QueryContext};
    let store = open(&demo_db(scale));
    let qc = QueryContext {
        today: today(),
        me: None,
    };
    let mut seen = std::collections::HashSet::new();
    let mut times: Vec<(f64, f64, i64, String)> = Vec::new();
    for q in QUERIES {
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            let text: String = chars[..n].iter().collect();
            let Ok(parsed) = shtab::domain::query::parse(&text) else {
                continue;
            };
            if !seen.insert(format!("{parsed:?}")) {
                continue;
            }
            let t = Instant::now();
            let total = store.tasks_count(&parsed, &qc).unwrap();
            let count = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let rows = store.tasks_page(&parsed, &qc, Page::First, 41).unwrap();
            let page = t.elapsed().as_secs_f64() * 1e3;
            assert!(rows.len() as i64 <= total.max(0));
            if page > 30.0 {
                let plan = store.tasks_first_page_plan(&parsed, &qc, 41).unwrap();
                println!(
                    "  page of {text:?} {page:.1} ms:\n    {}",
                    plan.replace('\n', "\n    ")
                );
            }
            times.push((count, page, total, text));
        }
    }
    times.sort_by(|a, b| (b.0 + b.1).total_cmp(&(a.0 + a.1)));
    println!("prefixes at {}: count ms, page ms, matches", label(scale));
    for (c, p, n, text) in times.iter().take(25) {
        println!("  {c:>8.1} {p:>8.1} {n:>8}  {text:?}");
    }
}

fn main() {
    // `cargo bench` passes criterion's flags to every bench; this one takes none.
    if std::env::var_os("SHTAB_BENCH_PREFIXES").is_some_and(|v| v != "0") {
        for scale in scales() {
            prefixes(scale);
        }
        return;
    }
    println!(
        "{:<34} {:>5} {:>6} {:>9} {:>9} {:>9}",
        "scenario (200x50)", "tasks", "n", "p50 ms", "p95 ms", "max ms"
    );
    // SHTAB_BENCH_ONLY=query: only the scenarios whose name contains it.
    let only = std::env::var("SHTAB_BENCH_ONLY").unwrap_or_default();
    let want = |name: &str| name.contains(only.as_str());
    for scale in scales() {
        let _ = demo_db(scale);
        let mut runs: Vec<Stats> = Vec::new();
        if want("startup") {
            runs.extend([startup(scale), quick_check(scale)]);
        }
        if want("tab key") {
            runs.extend(tab_keys(scale));
            runs.extend(after_a_change(scale, "compliance", '4'));
            runs.extend(after_a_change(scale, "agenda", '1'));
            runs.extend(after_a_change(scale, "protocol", '2'));
        }
        if want("query") {
            runs.extend(query_keys(scale, false));
            runs.extend(query_keys(scale, true));
        }
        if want("nav key") {
            runs.extend([
                nav(scale, "agenda", '1', 1, 200, false),
                nav(scale, "tasks", '3', 60, 600, false),
                nav(scale, "tasks with detail", '3', 60, 300, true),
            ]);
        }
        if want("nav key") || want("PgDn") {
            runs.extend(page_keys(scale));
        }
        if want("nav key") {
            runs.extend([
                nav(scale, "compliance", '4', 1, 200, false),
                nav(scale, "directory", '6', 1, 200, false),
            ]);
        }
        for s in runs {
            s.print(scale);
            print_sql();
        }
    }
}
