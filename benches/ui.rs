//! The TUI at 200×50 on demo databases of 10k and 100k tasks: start-up to the first full
//! frame, each tab's frame, switching to a tab, a navigation key to the next frame, and a
//! keystroke in the Tasks query line to the next frame.
//!
//!     cargo bench --bench ui -- --warm-up-time 1 --measurement-time 3
//!
//! The p95 of single keystrokes is in `benches/latency.rs`.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::*;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::i18n::Lang;

/// What the binary does from `shtab --db FILE` to the first frame, less the terminal itself:
/// open the store (pragmas, migrations check, audit triggers check), the app with its first
/// tab loaded, the first frame. The daily backup and `PRAGMA quick_check` are timed apart.
fn startup(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    for scale in scales() {
        let path = demo_db(scale);
        let mut term = terminal();
        g.bench_function(BenchmarkId::new("first_frame", label(scale)), |b| {
            b.iter_with_large_drop(|| {
                let mut app = App::new(open(&path), Lang::Ky, today(), true);
                app.resize(WIDTH, HEIGHT);
                draw(&mut term, &app);
                app
            })
        });
        let store = open(&path);
        g.bench_function(BenchmarkId::new("quick_check", label(scale)), |b| {
            b.iter(|| black_box(store.quick_check().unwrap()))
        });
    }
    g.finish();
}

/// Drawing a tab whose data is loaded: what every event costs on top of its own work.
fn render_tabs(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    for scale in scales() {
        let mut app = common::app(scale);
        let mut term = terminal();
        for (name, key) in TABS {
            press(&mut app, KeyCode::Char(key));
            g.bench_function(BenchmarkId::new(name, label(scale)), |b| {
                b.iter(|| draw(&mut term, &app))
            });
        }
    }
    g.finish();
}

/// A tab's key: the tab reloads from the store (counts, its list), then the frame.
fn switch_tabs(c: &mut Criterion) {
    let mut g = c.benchmark_group("switch_to");
    for scale in scales() {
        let mut app = common::app(scale);
        let mut term = terminal();
        for (name, key) in TABS {
            g.bench_function(BenchmarkId::new(name, label(scale)), |b| {
                b.iter(|| {
                    press(&mut app, KeyCode::Char(key));
                    draw(&mut term, &app)
                })
            });
        }
    }
    g.finish();
}

/// ↓ and ↑ by turns (Tasks: runs of 60, so pages are crossed and fetched by key), each to
/// its frame.
fn navigate(c: &mut Criterion) {
    let mut g = c.benchmark_group("nav_key");
    for scale in scales() {
        for (name, key, run) in [
            ("agenda", '1', 1usize),
            ("tasks", '3', 60),
            ("compliance", '4', 1),
            ("directory", '6', 1),
        ] {
            let mut app = common::app(scale);
            let mut term = terminal();
            press(&mut app, KeyCode::Char(key));
            let mut i = 0usize;
            g.bench_function(BenchmarkId::new(name, label(scale)), |b| {
                b.iter(|| {
                    let down = (i / run).is_multiple_of(2);
                    i += 1;
                    press(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
                    draw(&mut term, &app)
                })
            });
        }
        // Page Down / Page Up by turns in runs of 5: a page fetched by key every time.
        let mut app = common::app(scale);
        let mut term = terminal();
        press(&mut app, KeyCode::Char('3'));
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("tasks_page_down", label(scale)), |b| {
            b.iter(|| {
                let down = (i / 5).is_multiple_of(2);
                i += 1;
                let k = if down {
                    KeyCode::PageDown
                } else {
                    KeyCode::PageUp
                };
                press(&mut app, k);
                draw(&mut term, &app)
            })
        });
        // The detail pane open: every ↓ reads the task's history too.
        let mut app = common::app(scale);
        let mut term = terminal();
        press(&mut app, KeyCode::Char('3'));
        press(&mut app, KeyCode::Enter);
        let mut i = 0usize;
        g.bench_function(BenchmarkId::new("tasks_with_detail", label(scale)), |b| {
            b.iter(|| {
                let down = (i / 60).is_multiple_of(2);
                i += 1;
                press(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
                draw(&mut term, &app)
            })
        });
    }
    g.finish();
}

/// One keystroke in the query line (each re-queries: a count and the first page), to its
/// frame. A character then Backspace by turns, after a query that is already there.
fn query_keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("query_key");
    for scale in scales() {
        for (name, base, ch) in [
            // status:open + one more term: the common case.
            ("status_open_kind", "status:open kind:schoo", 'l'),
            // A search word growing by a letter: full-text, count and first page.
            ("search_word", "status:open интерн", 'е'),
            // A search of everything (no status): the widest result.
            ("search_all", "мектеп", 'т'),
            // An organization by name (LIKE over the directory).
            ("org_overdue", "status:overdue org:мекте", 'п'),
        ] {
            let mut app = common::app(scale);
            let mut term = terminal();
            press(&mut app, KeyCode::Char('3'));
            press(&mut app, KeyCode::Char('/'));
            // Clear the default query, then type the base.
            for _ in 0..40 {
                press(&mut app, KeyCode::Backspace);
            }
            typ(&mut app, base);
            let mut i = 0usize;
            g.bench_function(BenchmarkId::new(name, label(scale)), |b| {
                b.iter(|| {
                    let k = if i.is_multiple_of(2) {
                        KeyCode::Char(ch)
                    } else {
                        KeyCode::Backspace
                    };
                    i += 1;
                    press(&mut app, k);
                    draw(&mut term, &app)
                })
            });
        }
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args()
}

criterion_group! {
    name = benches;
    config = config();
    targets = startup, render_tabs, switch_tabs, navigate, query_keystroke
}
criterion_main!(benches);
