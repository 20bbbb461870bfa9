//! End to end: the real binary in tmux on a demo database — start, switch every tab,
//! open help, type in a form, type in the protocol editor and see it saved by the event
//! loop's clock, quit — and the shell is usable afterwards.

use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The binary cargo built for the tests (a debug build: a release build of its own would
/// cost the suite minutes for no more confidence).
fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_shtab"))
}

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.0]);
    }
}

/// Wait until the pane shows `needle` (the app draws asynchronously).
fn wait_for(session: &str, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = tmux(&["capture-pane", "-p", "-t", session]);
        if screen.contains(needle) {
            return screen;
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("{needle:?} did not appear; the screen was:\n{screen}");
        }
        sleep(Duration::from_millis(100));
    }
}

fn keys(session: &str, keys: &[&str]) {
    for k in keys {
        tmux(&["send-keys", "-t", session, k]);
        // A key right after Esc would arrive as Alt-key: give Esc time to stand alone.
        sleep(Duration::from_millis(if *k == "Escape" { 400 } else { 60 }));
    }
}

/// The longest word of Russian letters in the text of a task overdue in the demo today
/// (asked of the binary's own list while the app runs: a reader beside it).
fn overdue_word(bin: &std::path::Path, db: &std::path::Path) -> String {
    let out = Command::new(bin)
        .arg("--db")
        .arg(db)
        .args(["tasks", "status:overdue", "--format", "json"])
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let text = rows
        .first()
        .and_then(|r| r["text"].as_str())
        .unwrap_or_else(|| panic!("the demo has no overdue task today: {rows:?}"))
        .to_lowercase();
    let russian = |c: char| ('а'..='я').contains(&c) || c == 'ё';
    let word = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().all(russian))
        .max_by_key(|w| w.chars().count())
        .unwrap_or_default()
        .to_owned();
    assert!(word.chars().count() >= 4, "no word to type in {text:?}");
    word
}

#[test]
#[cfg_attr(windows, ignore = "drives a Unix terminal in tmux")]
fn the_binary_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is not installed: .ci/run installs it (apt-get install tmux)");
    }
    let bin = app_binary();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let name = format!("shtab-e2e-{}", std::process::id());
    let session = Session(name.clone());
    let cmd = format!(
        "{} --demo --db {} --lang en; echo SHELL-IS-BACK-$?",
        bin.display(),
        db.display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "110",
        "-y",
        "32",
        "sh",
        "-c",
        &format!("{cmd}; sleep 30"),
    ]);
    let first = wait_for(&name, "Agenda");
    assert!(first.contains("DEMO"), "{first}");
    let s = shtab::i18n::Lang::En.strings();
    // What each tab shows.
    let built: [&str; 7] = [
        s.agenda.ag_sessions,
        s.protocol.picker_title,
        s.tasks.col_executor,
        s.compliance.title,
        s.plan.title,
        s.dir_orgs,
        s.plan.rep_register,
    ];
    for (i, tab) in s.tabs.iter().enumerate() {
        keys(&name, &[&(i + 1).to_string()]);
        let screen = wait_for(&name, tab);
        let marker = built[i];
        assert!(
            screen.contains(marker),
            "tab {}: {marker:?} missing in\n{screen}",
            i + 1
        );
    }
    // Tasks: a quick view, then a query typed in the Cyrillic layout's keys. The demo is
    // written relative to today, so the word is taken from a task overdue today.
    let word = overdue_word(&bin, &db);
    keys(&name, &["3", "o"]);
    wait_for(&name, "status:overdue");
    // `/` opens the line with a space after the query: the word is a term of its own.
    keys(&name, &["/", "-l", &word]);
    wait_for(&name, &format!("status:overdue {word}"));
    keys(&name, &["Enter", "Enter"]);
    wait_for(&name, s.tasks.d_history);
    keys(&name, &["F1"]);
    wait_for(&name, s.help_title);
    keys(&name, &["Escape", "6", "a"]);
    wait_for(&name, s.form_new_org);
    keys(&name, &["-l", "Өрнөк"]);
    wait_for(&name, "Өрнөк");
    keys(&name, &["Escape"]);
    wait_for(&name, s.confirm_discard);
    keys(&name, &["y"]);
    // The protocol editor: open the held session's draft, type in the first item's title;
    // the event loop's clock saves it about two seconds after typing stops.
    keys(&name, &["2", "Enter"]);
    wait_for(&name, s.protocol.heard);
    keys(&name, &["Enter", "-l", " e2e-typed"]);
    wait_for(&name, s.protocol.mark_saving);
    let saved = wait_for(&name, s.protocol.mark_saved);
    assert!(saved.contains("e2e-typed"), "{saved}");
    // In the editor q is a letter: F10 quits at once (saving what was typed).
    keys(&name, &["F10"]);
    let after = wait_for(&name, "SHELL-IS-BACK-0");
    assert!(
        !after.contains(s.dir_orgs),
        "the screen was restored:\n{after}"
    );
    drop(session);
    // What was typed is in the database.
    let store = shtab::store::Store::open(&db).unwrap();
    let titles: Vec<String> = {
        let mut st = store
            .conn()
            .prepare("SELECT title FROM protocol_item")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(
        titles.iter().any(|t| t.ends_with(" e2e-typed")),
        "{titles:?}"
    );
}
