//! What the benchmarks share: demo databases built once per scale and seed and reused across
//! runs, an app on one of them at 200×50, keys, and a frame drawn to ratatui's TestBackend.
//!
//! The databases live in `target/tmp/shtab-bench/` (cargo's CARGO_TARGET_TMPDIR), named by
//! scale, seed and schema version. Delete that folder, or set `SHTAB_BENCH_REBUILD=1`, after
//! changing the demo generator. Scales come from `SHTAB_BENCH_SCALES` (default
//! `10000,100000`; add `1000000` when there are minutes to spare).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use shtab::app::App;
use shtab::demo::{self, DemoOptions};
use shtab::i18n::Lang;
use shtab::store::Store;

pub const SEED: u64 = 1;
pub const WIDTH: u16 = 200;
pub const HEIGHT: u16 = 50;

/// The demo's "today", fixed so every run sees the same data and the same overdue tasks.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// The scales to run: `SHTAB_BENCH_SCALES=10000,100000` (the default).
pub fn scales() -> Vec<usize> {
    std::env::var("SHTAB_BENCH_SCALES")
        .ok()
        .map(|v| {
            v.split(',')
                .filter_map(|x| x.trim().replace('_', "").parse().ok())
                .collect()
        })
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![10_000, 100_000])
}

/// "10k", "100k", "1M": for benchmark ids.
pub fn label(scale: usize) -> String {
    match scale {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1000 && n % 1000 == 0 => format!("{}k", n / 1000),
        n => n.to_string(),
    }
}

fn cache_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("shtab-bench");
    std::fs::create_dir_all(&d).expect("the bench cache folder");
    d
}

fn schema_version() -> i64 {
    Store::open_in_memory()
        .unwrap()
        .conn()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The demo database of `scale` tasks (built on first use, in a few seconds at 100k).
/// Read-only benchmarks open it in place; those that write take a [`copy`].
pub fn demo_db(scale: usize) -> PathBuf {
    let path = cache_dir().join(format!(
        "demo-{}-seed{SEED}-schema{}.db",
        label(scale),
        schema_version()
    ));
    let rebuild = std::env::var_os("SHTAB_BENCH_REBUILD").is_some_and(|v| v != "0");
    if path.exists() && !rebuild {
        return path;
    }
    let tmp = path.with_extension("building");
    for p in [&tmp, &path] {
        remove_db(p);
    }
    let started = Instant::now();
    {
        let mut store = Store::open(&tmp).expect("a new bench database");
        demo::generate(
            &mut store,
            &DemoOptions {
                tasks: scale,
                seed: SEED,
                today: today(),
            },
        )
        .expect("the demo");
        // One self-contained file, so a copy is a plain file copy.
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    std::fs::rename(&tmp, &path).expect("the bench database in place");
    eprintln!(
        "built {} ({} tasks) in {:.1} s",
        path.display(),
        scale,
        started.elapsed().as_secs_f64()
    );
    path
}

fn remove_db(p: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(s));
    }
}

/// A private copy of the demo database of `scale`, for benchmarks that write. Removed with
/// the returned folder.
pub fn copy(scale: usize) -> (tempfile::TempDir, PathBuf) {
    let src = demo_db(scale);
    // Fold any WAL a reader left into the file first.
    Store::open(&src)
        .unwrap()
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let dir = tempfile::Builder::new()
        .prefix("shtab-bench-")
        .tempdir_in(cache_dir())
        .unwrap();
    let path = dir.path().join("copy.db");
    std::fs::copy(&src, &path).unwrap();
    (dir, path)
}

pub fn open(path: &Path) -> Store {
    Store::open(path).expect("the bench database opens")
}

/// Papers written by benchmarks go here.
pub fn docs_dir() -> PathBuf {
    let d = cache_dir().join("documents");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The app as the TUI starts it, sized 200×50, on the demo database of `scale`.
pub fn app(scale: usize) -> App {
    let mut app = App::new(open(&demo_db(scale)), Lang::Ky, today(), true);
    app.documents_dir = docs_dir();
    app.resize(WIDTH, HEIGHT);
    app
}

pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap()
}

/// Draw one full frame, as `tui::run` does after every event.
pub fn draw(term: &mut Terminal<TestBackend>, app: &App) {
    term.draw(|f| app.render(f)).unwrap();
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    })
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_event(&key(code));
}

pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// The tab keys: '1'..='7' (Agenda, Protocol, Tasks, Compliance, Plan, Directory, Reports).
pub const TABS: [(&str, char); 7] = [
    ("agenda", '1'),
    ("protocol", '2'),
    ("tasks", '3'),
    ("compliance", '4'),
    ("plan", '5'),
    ("directory", '6'),
    ("reports", '7'),
];
