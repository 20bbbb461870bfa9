//! A server that accepts the connection and never answers (issue 19): `smtp.timeout` ends
//! the wait, the failure is said in words, nothing is marked; on the screens the sending
//! ends with its summary, and quitting while it goes asks first. The server is a
//! `std::net` listener of the test (no Python), so these run on every system.

use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use crate::common;

use common::cli::{demo_db, p, shtab, text};
use common::{chr, demo_app, press, press_mod, screen};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use shtab::app::{App, Pending};
use shtab::i18n::Lang;
use shtab::store::Store;

/// A port where connections are accepted, held open and never answered.
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held: Vec<TcpStream> = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    port
}

fn settings_of(port: u16, timeout: u64) -> Vec<(&'static str, String)> {
    vec![
        ("smtp.host", "127.0.0.1".into()),
        ("smtp.port", port.to_string()),
        ("smtp.tls", "none".into()),
        ("smtp.from", "shtab@tokmok.kg".into()),
        ("smtp.timeout", timeout.to_string()),
    ]
}

#[test]
fn the_timeout_is_a_checked_setting() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let get = || text(&shtab(&["settings", "get", "smtp.timeout", "--db", p(&db)]).stdout);
    assert_eq!(get().trim(), "30", "the default");
    for bad in ["0", "301", "half a minute"] {
        let out = shtab(&["settings", "set", "smtp.timeout", bad, "--db", p(&db)]);
        assert!(!out.status.success(), "{bad} taken");
        assert!(
            text(&out.stderr).contains("1 to 300"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = shtab(&["settings", "set", "smtp.timeout", "5", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(get().trim(), "5");
}

#[test]
fn a_silent_server_fails_after_the_timeout_in_words_and_marks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let port = silent_server();
    for (k, v) in settings_of(port, 1) {
        let out = shtab(&["settings", "set", k, &v, "--db", p(&db)]);
        assert!(out.status.success(), "{k}: {}", text(&out.stderr));
    }
    let (protocol, label) = {
        let store = Store::open(&db).unwrap();
        let (id, label, _) = store.undelivered_extracts().unwrap()[0].clone();
        (id, label)
    };
    let before = Store::open(&db)
        .unwrap()
        .deliveries(protocol)
        .unwrap()
        .len();
    let started = Instant::now();
    let out = shtab(&["protocol", "send", &label, "--db", p(&db)]);
    let took = started.elapsed();
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(took < Duration::from_secs(10), "waited {took:?}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("timed out: no answer within 1 s"),
        "{stderr}"
    );
    assert!(text(&out.stdout).trim().is_empty());
    let store = Store::open(&db).unwrap();
    assert_eq!(store.deliveries(protocol).unwrap().len(), before);
    assert!(store.sent_mail().unwrap().is_empty());
}

/// The demo's signed protocol with undelivered extracts open in the editor, every
/// addressee given an address; its id.
fn signed_protocol(app: &mut App) -> i64 {
    let (protocol, _, _) = app.store.undelivered_extracts().unwrap()[0].clone();
    let paper = shtab::docs::protocol::ProtocolPaper::load(&app.store, protocol, Lang::Ky).unwrap();
    for o in paper.extract_addressees() {
        let mut org = app.store.organization(o).unwrap();
        org.email = format!("org{o}@tokmok.kg");
        app.store.save_organization(&org).unwrap();
    }
    chr(app, '2');
    app.open_protocol_id(protocol);
    protocol
}

/// Let the sending thread finish, taking its news as the event loop would.
fn finish(app: &mut App, within: Duration) {
    let deadline = Instant::now() + within;
    while app.working() {
        assert!(Instant::now() < deadline, "sending never ended");
        if app.busy() {
            app.work();
        } else {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn on_the_screen_a_silent_server_ends_with_the_summary() {
    let mut app = demo_app(Lang::Ru);
    for (k, v) in settings_of(silent_server(), 1) {
        app.store.set_setting(k, &v).unwrap();
    }
    let protocol = signed_protocol(&mut app);
    let before = app.store.deliveries(protocol).unwrap().len();
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    let started = Instant::now();
    press(&mut app, KeyCode::Enter);
    assert!(app.working(), "{:?}", app.message);
    finish(&mut app, Duration::from_secs(10));
    let (msg, error) = app.message.clone().unwrap();
    assert!(error, "{msg}");
    let ui = shtab::i18n::mail::ui(Lang::Ru);
    assert!(msg.contains(ui.timed_out), "in words: {msg}");
    assert!(started.elapsed() < Duration::from_secs(8));
    assert_eq!(app.store.deliveries(protocol).unwrap().len(), before);
    assert!(app.store.sent_mail().unwrap().is_empty());
}

/// F10 and q while extracts go: the question with how many are still to go; no keeps the
/// app, yes quits (and the sending is stopped, saying so).
#[test]
fn quitting_while_messages_go_asks_first() {
    for lang in Lang::ALL {
        let mut app = demo_app(lang);
        for (k, v) in settings_of(silent_server(), 2) {
            app.store.set_setting(k, &v).unwrap();
        }
        signed_protocol(&mut app);
        press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
        press(&mut app, KeyCode::Enter);
        assert!(app.working());
        let count = app.in_flight();
        assert!(count >= 3, "{count}");
        press(&mut app, KeyCode::Esc);
        press(&mut app, KeyCode::F(10));
        assert!(!app.quit, "{lang:?}: asked first");
        assert_eq!(app.confirm, Some(Pending::QuitSending { count }));
        let ui = shtab::i18n::mail::ui(lang);
        let asked = ui.confirm_quit_sending.fill([&count]);
        let shown = screen(&app, 100, 30)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let first_words: String = asked
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(shown.contains(&first_words), "{lang:?}: {shown}");
        // No: the app stays, the sending goes on.
        press(&mut app, KeyCode::Esc);
        assert!(!app.quit && app.confirm.is_none() && app.working());
        // q asks the same question (not the plain "quit?"), and yes quits.
        chr(&mut app, 'q');
        assert_eq!(app.confirm, Some(Pending::QuitSending { count }));
        press(&mut app, KeyCode::Enter);
        assert!(app.quit, "{lang:?}");
        app.say_stopping();
        assert_eq!(
            app.message.clone().map(|m| m.0).as_deref(),
            Some(ui.msg_stopping)
        );
        let started = Instant::now();
        app.stop_work();
        assert!(!app.working());
        assert!(started.elapsed() < Duration::from_secs(8));
        assert!(app.store.sent_mail().unwrap().is_empty());
    }
}
