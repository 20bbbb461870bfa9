//! What an office PC on Windows brings (these run on every system, and under Wine in CI):
//! a database under a Cyrillic user name with spaces, paths in messages as the OS writes
//! them, and key events as the Windows console reports them (Press, Repeat, Release, AltGr).

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn key(app: &mut shtab::app::App, code: KeyCode, modifiers: KeyModifiers, kind: KeyEventKind) {
    app.handle_event(&Event::Key(KeyEvent {
        code,
        modifiers,
        kind,
        state: KeyEventState::NONE,
    }));
}

#[test]
fn a_database_under_a_cyrillic_name_with_spaces_works_end_to_end() {
    let root = tempfile::tempdir().unwrap();
    // As on C:\Users\Айгүл\Documents\Штаб\shtab.db, with a space besides.
    let dir = root
        .path()
        .join("Айгүл Асанова")
        .join("Documents")
        .join("Штаб ЦР");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("shtab.db");

    let out = shtab(&["demo", "--db", p(&db), "--scale", "40"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with(p(&db)),
        "{}",
        text(&out.stdout)
    );

    let out = shtab(&["check", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim(), "ok");
    // No backup yet: check says where it looked, with the OS's separators.
    let backups = dir.join("backups");
    let err = text(&out.stderr);
    assert!(err.starts_with("no backup yet in "), "{err}");
    assert!(err.contains(p(&backups)), "{err}");

    let out = shtab(&["backup", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let copy = std::path::PathBuf::from(text(&out.stdout).trim());
    assert_eq!(copy.parent(), Some(backups.as_path()), "{}", copy.display());
    assert!(
        !backups
            .join(copy.with_extension("partial").file_name().unwrap())
            .exists()
    );

    let out = shtab(&["check", "--db", p(&db)]);
    let err = text(&out.stderr);
    assert!(err.starts_with("newest backup: "), "{err}");
    assert!(err.contains(p(&copy)), "{err}");

    // Change the database, then put the copy back.
    let before = Store::open(&db).unwrap().count("organization").unwrap();
    let mut s = Store::open(&db).unwrap();
    s.save_organization(&shtab::domain::Organization::new(
        "Жаңы уюм",
        shtab::domain::OrgKind::Enterprise,
    ))
    .unwrap();
    drop(s);
    let out = shtab(&["restore", p(&copy), "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(
        said.contains(p(&db)),
        "the message shows the path as given: {said}"
    );
    assert_eq!(
        Store::open(&db).unwrap().count("organization").unwrap(),
        before
    );
}

#[test]
fn a_failing_backup_names_the_path_as_the_os_writes_it() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("Штаб");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("shtab.db");
    assert!(
        shtab(&["demo", "--db", p(&db), "--scale", "20"])
            .status
            .success()
    );
    // A file where the folder should be.
    let blocked = dir.join("копиялар");
    std::fs::write(&blocked, "a file, not a folder").unwrap();
    let out = shtab(&["backup", "--db", p(&db), "--to", p(&blocked)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains(p(&blocked)), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn release_is_ignored_and_a_held_key_repeats() {
    let mut app = demo_app(Lang::En);
    key(
        &mut app,
        KeyCode::Char(']'),
        KeyModifiers::NONE,
        KeyEventKind::Press,
    );
    key(
        &mut app,
        KeyCode::Char(']'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(app.tab, Tab::Protocol, "Press and Release act once");
    key(
        &mut app,
        KeyCode::Char(']'),
        KeyModifiers::NONE,
        KeyEventKind::Repeat,
    );
    assert_eq!(app.tab, Tab::Tasks, "a held key acts again");
    key(
        &mut app,
        KeyCode::Char(']'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    assert_eq!(app.tab, Tab::Tasks);
}

#[test]
fn altgr_letters_and_cyrillic_are_text() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '6');
    chr(&mut app, '/');
    assert!(app.screens.directory.filtering);
    // The Windows console: each key as Press then Release; AltGr as Ctrl+Alt.
    for c in "мектеби".chars() {
        key(
            &mut app,
            KeyCode::Char(c),
            KeyModifiers::NONE,
            KeyEventKind::Press,
        );
        key(
            &mut app,
            KeyCode::Char(c),
            KeyModifiers::NONE,
            KeyEventKind::Release,
        );
    }
    let altgr = KeyModifiers::CONTROL | KeyModifiers::ALT;
    key(&mut app, KeyCode::Char('ң'), altgr, KeyEventKind::Press);
    key(&mut app, KeyCode::Char('ң'), altgr, KeyEventKind::Release);
    key(
        &mut app,
        KeyCode::Char('Ө'),
        altgr | KeyModifiers::SHIFT,
        KeyEventKind::Press,
    );
    assert_eq!(app.screens.directory.filter.value(), "мектебиңӨ");
    assert_eq!(app.tab, Tab::Directory);
}
