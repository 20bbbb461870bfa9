//! Hostile and broken input: bad files refused untouched, hostile strings stored faithfully.

use crate::common;

use std::process::Command;

use common::*;
use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode};
use shtab::i18n::Lang;
use shtab::store::OrgFilter;
use unicode_normalization::UnicodeNormalization;

fn shtab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap()
}

#[test]
fn every_bad_file_gets_one_clear_line_and_stays_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    std::fs::write(p("empty.db"), "").unwrap();
    std::fs::write(
        p("random.db"),
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(p("text.db"), "Протокол №3\nУГУЛДУ: ...\n").unwrap();
    {
        let c = rusqlite::Connection::open(p("other.db")).unwrap();
        c.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('other program');")
            .unwrap();
    }
    {
        // A database from a newer Shtab: ours, but a schema version from the future.
        shtab::store::Store::open(&p("newer.db")).unwrap();
        let c = rusqlite::Connection::open(p("newer.db")).unwrap();
        c.execute_batch("PRAGMA user_version = 999;").unwrap();
    }
    let cases = [
        ("empty.db", "empty file"),
        ("random.db", "not a Shtab database"),
        ("text.db", "not a Shtab database"),
        ("other.db", "not a Shtab database"),
        ("newer.db", "newer Shtab"),
    ];
    for (name, needle) in cases {
        let before = std::fs::read(p(name)).unwrap();
        let sidecars = |n: &str| [format!("{n}-wal"), format!("{n}-shm")].map(|s| p(&s).exists());
        let had = sidecars(name);
        let target = p(name);
        let json = p("x.json");
        for cmd in [
            vec!["check"],
            vec!["export", "--out", json.to_str().unwrap()],
            vec![],
        ] {
            let mut args = cmd.clone();
            args.extend(["--db", target.to_str().unwrap()]);
            let out = shtab(&args);
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{name} {cmd:?}");
            assert!(err.contains(needle), "{name} {cmd:?}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        }
        assert_eq!(
            std::fs::read(p(name)).unwrap(),
            before,
            "{name} is byte-for-byte unchanged"
        );
        assert_eq!(sidecars(name), had, "{name}: no -wal/-shm left");
    }
    // A missing directory: the commands that read say so.
    let out = shtab(&["check", "--db", p("no/such/dir/x.db").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    assert!(!p("no").exists(), "nothing was created");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_can_be_read_but_not_changed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ro.db");
    assert!(
        shtab(&["demo", "--db", db.to_str().unwrap()])
            .status
            .success()
    );
    // Fold the WAL in so the file alone is the database.
    drop(shtab::store::Store::open(&db).unwrap());
    let json = dir.path().join("ro.json");
    assert!(
        shtab(&[
            "export",
            "--db",
            db.to_str().unwrap(),
            "--out",
            json.to_str().unwrap()
        ])
        .status
        .success()
    );
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&db).unwrap();
    // Reading works.
    let out = shtab(&["check", "--db", db.to_str().unwrap()]);
    let is_root = std::fs::OpenOptions::new().write(true).open(&db).is_ok();
    if is_root {
        // Root ignores file modes: nothing to test here beyond reading.
        assert!(out.status.success());
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = shtab(&[
        "import",
        "--replace",
        "--db",
        db.to_str().unwrap(),
        json.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("read-only") || err.contains("readonly"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("'); DROP TABLE task;--".to_string()),
        Just("Robert'); DELETE FROM organization; --".to_string()),
        Just("%_\\'\"".to_string()),
        Just("مدرسة رقم ٥ — בית ספר".to_string()),
        Just("и\u{306}ё\u{308}ң\u{301}".to_string()),
        Just("👩‍💻 Өрнөк 🏫".to_string()),
        Just("\u{202e}кетпес\u{202c} \u{200b}".to_string()),
        "[\\PC]{1,40}",
        "[а-яөүңА-ЯӨҮҢ ]{1,60}",
        "[\\x00-\\x1f\\x7f]{0,5}[a-z]{1,5}",
    ]
}

/// What a one-line field stores: control characters as spaces, composed (NFC), trimmed.
fn stored_form(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.nfc().collect::<String>().trim().to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn hostile_strings_through_the_organization_form(name in hostile(), head in hostile(), addr in hostile()) {
        let mut app = demo_app(Lang::Ru);
        chr(&mut app, '6');
        chr(&mut app, 'a');
        app.handle_event(&Event::Paste(format!("x{name}")));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        app.handle_event(&Event::Paste(head.clone()));
        for _ in 0..4 {
            press(&mut app, KeyCode::Tab);
        }
        app.handle_event(&Event::Paste(addr.clone()));
        press(&mut app, KeyCode::Enter);
        let _ = screen(&app, 100, 30);
        prop_assert!(app.form.is_none(), "saved: {}", screen(&app, 100, 30));
        let id = app.screens.directory.selected_org().unwrap().id;
        let o = app.store.organization(id).unwrap();
        prop_assert_eq!(&o.name_ky, &stored_form(&format!("x{name}")));
        prop_assert_eq!(&o.head_name, &stored_form(&head));
        prop_assert_eq!(&o.address, &stored_form(&addr));
        // Searching for it finds it, whatever it holds; nothing else broke.
        let found = app.store.organizations(&OrgFilter { text: o.name_ky.clone(), ..Default::default() }).unwrap();
        prop_assert!(found.iter().any(|f| f.id == id) || o.name_ky.split_whitespace().count() == 0);
        prop_assert!(app.store.check().unwrap().is_empty());
        prop_assert_eq!(app.store.count("task").unwrap(), 150);
    }
}

#[test]
fn ten_thousand_characters_are_refused_clearly_not_broken() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    app.handle_event(&Event::Paste("Ө".repeat(10_000)));
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some());
    let text = screen(&app, 100, 30);
    assert!(text.contains("too long"), "{text}");
}
