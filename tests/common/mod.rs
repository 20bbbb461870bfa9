//! Helpers shared by the UI tests: a demo app at a fixed "today", keys, and screen text.

#![allow(dead_code)]

pub mod cli;

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

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// The demo database of the tests, made once per test binary; each caller gets its own
/// in-memory copy, so tests stay independent and the demo is not generated a hundred times.
pub fn demo_store() -> Store {
    static TEMPLATE: std::sync::OnceLock<std::sync::Mutex<Store>> = std::sync::OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let mut store = Store::open_in_memory().unwrap();
        demo::generate(
            &mut store,
            &DemoOptions {
                tasks: 150,
                seed: 1,
                today: today(),
            },
        )
        .unwrap();
        std::sync::Mutex::new(store)
    });
    let template = template.lock().unwrap_or_else(|e| e.into_inner());
    template.copy_in_memory().unwrap()
}

/// The demo's `tasks` tasks (seed `seed`, as of `today`) written into `store`.
pub fn write_demo(store: &mut Store, tasks: usize, seed: u64, today: NaiveDate) {
    demo::generate(store, &DemoOptions { tasks, seed, today }).unwrap();
}

/// The text of the monthly report's paper in `lang`, as the secretary's docx holds it.
pub fn report_docx(
    store: &Store,
    report: &shtab::domain::report::MonthlyReport,
    lang: Lang,
) -> String {
    let paper = shtab::docs::report::ReportPaper::load(store, report, lang).unwrap();
    shtab::docs::testing::docx_text(&shtab::docs::to_docx(&paper.document(lang)).unwrap())
}

/// Papers written by tests go here, never into the working tree or the user's Documents.
pub fn docs_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join("shtab-test-documents");
    let _ = std::fs::create_dir_all(&d);
    d
}

pub fn demo_app(lang: Lang) -> App {
    let mut app = App::new(demo_store(), lang, today(), true);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    app
}

pub fn empty_app(lang: Lang) -> App {
    let mut app = App::new(Store::open_in_memory().unwrap(), lang, today(), false);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    app
}

pub fn press(app: &mut App, code: KeyCode) {
    press_mod(app, code, KeyModifiers::NONE);
}

pub fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    app.handle_event(&Event::Key(KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }));
}

pub fn release(app: &mut App, code: KeyCode) {
    app.handle_event(&Event::Key(KeyEvent {
        code,
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: KeyEventState::NONE,
    }));
}

pub fn chr(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        chr(app, c);
    }
}

/// The screen as text, one line per row (see [`buffer_text`]).
pub fn screen(app: &App, width: u16, height: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    term.draw(|f| app.render(f)).unwrap();
    buffer_text(term.backend().buffer())
}

/// A drawn buffer as text, one line per row, trailing spaces trimmed.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
