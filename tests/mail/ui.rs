//! E-mail from the screens, driven by keys (the tests' demo app at a fixed today): the
//! Compliance tab's letter by e-mail, extracts chosen with Space, sending off the event
//! loop (keys and tabs work while a slow server takes its time), quitting mid-way, and the
//! words said on the status line.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use shtab::app::App;
use shtab::i18n::Lang;
use shtab::mail::extracts::Delivered;
use shtab::store::Store;

use super::common::{chr, demo_app, press, press_mod, screen, typ};
use super::{Sink, address};

/// Let the sending thread finish, taking its news as the event loop would.
pub fn finish(app: &mut App) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while app.working() {
        assert!(Instant::now() < deadline, "sending never ended");
        if app.busy() {
            app.work();
        } else {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn point_store_at(store: &mut Store, port: u16) {
    for (k, v) in [
        ("smtp.host", "127.0.0.1".to_string()),
        ("smtp.port", port.to_string()),
        ("smtp.tls", "none".into()),
        ("smtp.from", "shtab@tokmok.kg".into()),
    ] {
        store.set_setting(k, &v).unwrap();
    }
}

fn set_email(store: &mut Store, org: i64, email: &str) {
    let mut o = store.organization(org).unwrap();
    o.email = email.to_string();
    store.save_organization(&o).unwrap();
}

/// The Compliance tab on its first organization, with a letter step in its history (so `w`
/// writes a letter); the organization's id.
fn compliance_on_first(app: &mut App) -> i64 {
    chr(app, '4');
    let org = app.screens.compliance.rows[0].organization_id;
    let has_letter = app
        .store
        .escalations(org)
        .unwrap()
        .iter()
        .any(|e| shtab::store::LetterKind::for_step(e.step).is_some());
    if !has_letter {
        let e = shtab::store::Escalation {
            id: 0,
            organization_id: org,
            task_id: None,
            step: shtab::domain::work::EscalationStep::Reminder,
            date: super::common::today(),
            doc_number: String::new(),
            decided_by: String::new(),
            note: String::new(),
            skip_reason: String::new(),
        };
        app.store.record_escalation(&e).unwrap();
    }
    // Down and up again: the detail (and its history) read anew.
    press(app, KeyCode::Down);
    press(app, KeyCode::Up);
    assert_eq!(app.screens.compliance.rows[0].organization_id, org);
    org
}

/// `w`, the folder typed, and the delivery chosen (Right `steps` times from "file only").
fn write_letter(app: &mut App, dir: &std::path::Path, steps: usize) {
    fill_letter(app, dir, steps);
    press(app, KeyCode::Enter);
}

/// The letter form filled as [`write_letter`] does, not yet saved.
fn fill_letter(app: &mut App, dir: &std::path::Path, steps: usize) {
    chr(app, 'w');
    assert!(app.form.is_some(), "{}", screen(app, 100, 30));
    for _ in 0..3 {
        press(app, KeyCode::Tab);
    }
    for _ in 0..300 {
        press(app, KeyCode::Backspace);
    }
    typ(app, dir.to_str().unwrap());
    press(app, KeyCode::Tab);
    for _ in 0..steps {
        press(app, KeyCode::Right);
    }
}

fn letters_of(store: &Store, org: i64) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT count(*) FROM outgoing_letter WHERE organization_id = ?1",
            [org],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn a_compliance_letter_goes_to_the_head_by_email_and_is_logged() {
    let sink = Sink::start(&[]);
    let mut app = demo_app(Lang::Ru);
    point_store_at(&mut app.store, sink.port);
    let org = compliance_on_first(&mut app);
    set_email(&mut app.store, org, &address(org));
    let dir = tempfile::tempdir().unwrap();
    write_letter(&mut app, dir.path(), 1);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    finish(&mut app);
    let (msg, error) = app.message.clone().unwrap();
    assert!(!error, "{msg}");
    assert!(msg.contains(&address(org)), "{msg}");
    // The server got it, to the head's address, with the letter as a .docx.
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["to"][0], address(org));
    assert_eq!(got[0]["attachments"][0]["head"], "PK");
    let file_name = got[0]["attachments"][0]["file_name"].as_str().unwrap();
    assert!(dir.path().join(file_name).exists(), "the file written");
    // The register: the letter under its number, with the Message-ID the server saw.
    let log = app.store.sent_mail().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, "letter");
    assert_eq!(log[0].address, address(org));
    assert_eq!(log[0].message_id, got[0]["message_id"].as_str().unwrap());
    let number = log[0].letter_number.clone().unwrap();
    assert!(msg.contains(&number), "{msg}");
}

#[test]
fn a_refused_letter_is_written_not_logged_and_the_reply_is_said() {
    let mut app = demo_app(Lang::Ru);
    let org = compliance_on_first(&mut app);
    let sink = Sink::start(&[&address(org)]);
    point_store_at(&mut app.store, sink.port);
    set_email(&mut app.store, org, &address(org));
    let before = letters_of(&app.store, org);
    let dir = tempfile::tempdir().unwrap();
    write_letter(&mut app, dir.path(), 1);
    finish(&mut app);
    let (msg, error) = app.message.clone().unwrap();
    assert!(error, "{msg}");
    let ui = shtab::i18n::mail::ui(Lang::Ru);
    assert!(msg.contains(ui.mailbox_unavailable), "in words: {msg}");
    assert!(
        msg.contains("no such mailbox here"),
        "the server's reply: {msg}"
    );
    assert!(
        !msg.contains("permanent error"),
        "not lettre's words: {msg}"
    );
    assert!(sink.messages().is_empty());
    assert!(app.store.sent_mail().unwrap().is_empty(), "nothing logged");
    assert_eq!(letters_of(&app.store, org), before + 1, "but registered");
}

#[test]
fn a_letter_without_an_address_or_settings_is_not_written() {
    // No address: said, the form stays, nothing written.
    let mut app = demo_app(Lang::Ky);
    let org = compliance_on_first(&mut app);
    set_email(&mut app.store, org, "");
    let before = letters_of(&app.store, org);
    let dir = tempfile::tempdir().unwrap();
    write_letter(&mut app, dir.path(), 1);
    let (msg, error) = app.message.clone().unwrap();
    assert!(error);
    let name = app.store.organization(org).unwrap().name_ky;
    assert_eq!(
        msg,
        shtab::i18n::mail::ui(Lang::Ky)
            .letter_no_address
            .fill([&name])
    );
    assert!(app.form.is_some(), "the form stays open");
    assert_eq!(letters_of(&app.store, org), before);
    // An address but no server: the settings screen's label and the way there.
    set_email(&mut app.store, org, &address(org));
    press(&mut app, KeyCode::Enter);
    let (msg, _) = app.message.clone().unwrap();
    let s = Lang::Ky.strings();
    assert!(msg.contains(s.settings.smtp_host), "{msg}");
    assert!(msg.contains(s.tabs[5]), "{msg}");
    assert!(!msg.contains("smtp.host"), "{msg}");
    assert_eq!(letters_of(&app.store, org), before);
    // The outbox instead: an .eml file, nothing logged.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    let outbox = app.documents_dir.join("outbox");
    let emls = std::fs::read_dir(&outbox).unwrap().count();
    assert!(emls >= 1, "an .eml in {outbox:?}");
    assert!(app.store.sent_mail().unwrap().is_empty());
    assert_eq!(letters_of(&app.store, org), before + 1);
}

/// A slow server: the letter is written and registered at once, keys and tabs work while
/// its message goes, a second letter by e-mail waits its turn, quitting asks first and
/// then waits for the message, which the register logs once the server has taken it.
#[test]
fn keys_work_while_a_slow_server_takes_the_letter() {
    let sink = Sink::start_slow(&[], 0.8);
    let mut app = demo_app(Lang::Ru);
    point_store_at(&mut app.store, sink.port);
    let org = compliance_on_first(&mut app);
    set_email(&mut app.store, org, &address(org));
    let before = letters_of(&app.store, org);
    let dir = tempfile::tempdir().unwrap();
    fill_letter(&mut app, dir.path(), 1);
    let started = Instant::now();
    press(&mut app, KeyCode::Enter);
    let ui = shtab::i18n::mail::ui(Lang::Ru);
    assert!(app.form.is_none(), "{:?}", app.message);
    assert!(app.working());
    assert_eq!(letters_of(&app.store, org), before + 1, "registered first");
    let (msg, _) = app.message.clone().unwrap();
    let opening = ui.letter_sending.text().split("{0}").next().unwrap();
    assert!(msg.starts_with(opening), "{msg}");
    assert!(msg.contains(&address(org)), "{msg}");
    // The cursor moves, another tab opens, while the server takes its time.
    let row = app.screens.compliance.cursor.selected;
    press(&mut app, KeyCode::Down);
    assert_ne!(
        app.screens.compliance.cursor.selected, row,
        "the cursor moved"
    );
    chr(&mut app, '3');
    assert_eq!(app.tab, shtab::screens::Tab::Tasks);
    screen(&app, 100, 30);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "keys waited for the server: {:?}",
        started.elapsed()
    );
    assert!(sink.messages().is_empty(), "still going");
    assert!(app.store.sent_mail().unwrap().is_empty(), "not logged yet");
    // A second letter by e-mail while the first goes: said, the form stays, nothing written.
    chr(&mut app, '4');
    press(&mut app, KeyCode::Up);
    fill_letter(&mut app, dir.path(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.message.clone().map(|m| m.0).as_deref(),
        Some(ui.err_letter_sending)
    );
    assert!(app.form.is_some());
    assert_eq!(letters_of(&app.store, org), before + 1);
    press(&mut app, KeyCode::Esc);
    if app.confirm.is_some() {
        press(&mut app, KeyCode::Enter);
    }
    assert!(app.form.is_none());
    // F10: asked about the one letter still going; yes waits for it, and it is logged.
    press(&mut app, KeyCode::F(10));
    assert_eq!(
        app.confirm,
        Some(shtab::app::Pending::QuitSending { count: 1 })
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.quit);
    app.stop_work();
    assert!(!app.working());
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    let log = app.store.sent_mail().unwrap();
    assert_eq!(log.len(), 1, "the register holds it after");
    assert_eq!(log[0].message_id, got[0]["message_id"].as_str().unwrap());
    let (msg, error) = app.message.clone().unwrap();
    assert!(!error, "{msg}");
    let number = log[0].letter_number.clone().unwrap();
    assert_eq!(msg, ui.letter_sent.fill([&number, &address(org)]));
}

/// "E-mail is not set up" names the field as the settings screen does and fits an 80-column
/// status line whole, in Kyrgyz and Russian.
#[test]
fn not_set_up_fits_80_columns_whole() {
    for lang in [Lang::Ky, Lang::Ru] {
        let mut app = demo_app(lang);
        app.resize(80, 24);
        let org = compliance_on_first(&mut app);
        set_email(&mut app.store, org, &address(org));
        let dir = tempfile::tempdir().unwrap();
        write_letter(&mut app, dir.path(), 1);
        let (msg, _) = app.message.clone().unwrap();
        let text = screen(&app, 80, 24);
        let status = text.lines().last().unwrap();
        assert!(status.contains(msg.as_str()), "{lang:?}: cut: {status:?}");
        assert!(!status.contains('…'), "{status}");
    }
}

/// The demo's signed protocol with undelivered extracts, opened in the editor on its
/// Extracts page; its addressees (each given an address).
fn extracts_page(app: &mut App) -> (i64, Vec<i64>) {
    let (protocol, _, _) = app.store.undelivered_extracts().unwrap()[0].clone();
    for d in app.store.deliveries(protocol).unwrap() {
        app.store.delete_delivery(d.id, d.version).unwrap();
    }
    let paper = shtab::docs::protocol::ProtocolPaper::load(&app.store, protocol, Lang::Ky).unwrap();
    let orgs = paper.extract_addressees();
    assert!(orgs.len() >= 3, "{orgs:?}");
    for &o in &orgs {
        set_email(&mut app.store, o, &address(o));
    }
    chr(app, '2');
    app.open_protocol_id(protocol);
    let doc = app.screens.protocol.doc.as_ref().unwrap();
    let last = shtab::screens::protocol::pages(doc).len() - 1;
    for _ in 0..60 {
        if app.screens.protocol.page() == last {
            break;
        }
        press(app, KeyCode::PageDown);
    }
    assert_eq!(app.screens.protocol.page(), last, "on the Extracts page");
    (protocol, orgs)
}

fn delivered(store: &Store, protocol: i64) -> Vec<i64> {
    let mut v: Vec<i64> = store
        .deliveries(protocol)
        .unwrap()
        .iter()
        .map(|d| d.organization_id)
        .collect();
    v.sort();
    v
}

#[test]
fn only_the_marked_extracts_are_sent() {
    let sink = Sink::start(&[]);
    let mut app = demo_app(Lang::Ru);
    point_store_at(&mut app.store, sink.port);
    let (protocol, orgs) = extracts_page(&mut app);
    // Space on the first, Down, Space on the second: two marks shown.
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    let text = screen(&app, 100, 30);
    assert_eq!(text.matches("││✓ ").count(), 2, "{text}");
    // Space again unmarks; and marks it back.
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(screen(&app, 100, 30).matches("││✓ ").count(), 1);
    press(&mut app, KeyCode::Char(' '));
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    let q = screen(&app, 100, 30);
    let ui = shtab::i18n::mail::ui(Lang::Ru);
    let label = app
        .screens
        .protocol
        .doc
        .as_ref()
        .unwrap()
        .protocol
        .label()
        .unwrap();
    let asked = ui.confirm_marked.fill([&2, &label]);
    assert!(q.contains(&asked[..40]), "{q}");
    press(&mut app, KeyCode::Enter);
    finish(&mut app);
    let mut want = vec![orgs[0], orgs[1]];
    want.sort();
    let mut to: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| m["to"][0].as_str().unwrap().to_string())
        .collect();
    to.sort();
    let mut want_to: Vec<String> = want.iter().map(|&o| address(o)).collect();
    want_to.sort();
    assert_eq!(to, want_to, "only the marked ones went");
    assert_eq!(
        delivered(&app.store, protocol),
        want,
        "the others stay undelivered"
    );
    // The marks are gone; Alt-E now asks about all the undelivered rest.
    assert_eq!(screen(&app, 100, 30).matches("││✓ ").count(), 0);
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    let q = screen(&app, 100, 30);
    let asked = ui.confirm_all.fill([&(orgs.len() - 2), &label]);
    assert!(q.contains(&asked[..40]), "{q}");
    press(&mut app, KeyCode::Esc);
}

/// A slow server: keys move the cursor and switch tabs while the thread talks to it, the
/// gauge is drawn over the other tab, and the results arrive and are recorded.
#[test]
fn keys_work_while_a_slow_server_takes_the_extracts() {
    let sink = Sink::start_slow(&[], 0.7);
    let mut app = demo_app(Lang::Ru);
    point_store_at(&mut app.store, sink.port);
    let (protocol, orgs) = extracts_page(&mut app);
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    let started = Instant::now();
    press(&mut app, KeyCode::Enter);
    assert!(app.working());
    // Back to the list, the cursor down, another tab: each key at once.
    press(&mut app, KeyCode::Esc);
    assert!(app.screens.protocol.doc.is_none(), "Esc left the editor");
    let before = app.screens.protocol.picker.selected;
    press(&mut app, KeyCode::Down);
    assert_ne!(
        app.screens.protocol.picker.selected, before,
        "the cursor moved"
    );
    chr(&mut app, '3');
    assert_eq!(app.tab, shtab::screens::Tab::Tasks);
    let text = screen(&app, 100, 30);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "keys waited for the server: {:?}",
        started.elapsed()
    );
    assert!(
        text.contains(Lang::Ru.strings().protocol.job_sending),
        "{text}"
    );
    assert!(sink.messages().len() < orgs.len(), "still sending");
    finish(&mut app);
    let (msg, _) = app.message.clone().unwrap();
    let s = Lang::Ru.strings();
    assert!(
        msg.contains(&s.protocol.msg_mail_summary.fill([&orgs.len(), &0, &0, &0])),
        "{msg}"
    );
    assert_eq!(sink.messages().len(), orgs.len());
    let mut want = orgs.clone();
    want.sort();
    assert_eq!(delivered(&app.store, protocol), want);
}

/// Quitting mid-way: the message in flight ends and is recorded, no more go; the register
/// holds exactly what the server accepted.
#[test]
fn quitting_mid_way_keeps_exactly_what_the_server_accepted() {
    let sink = Sink::start_slow(&[], 0.6);
    let mut app = demo_app(Lang::Ky);
    point_store_at(&mut app.store, sink.port);
    let (protocol, orgs) = extracts_page(&mut app);
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    press(&mut app, KeyCode::Enter);
    // One batch at a time: a second Alt-E is refused while this one goes.
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    assert_eq!(
        app.message.clone().map(|m| m.0).as_deref(),
        Some(shtab::i18n::mail::ui(Lang::Ky).err_sending)
    );
    // Wait until the server has taken one, then quit (without taking the news first).
    let deadline = Instant::now() + Duration::from_secs(20);
    while sink.messages().is_empty() {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(20));
    }
    app.stop_work();
    assert!(!app.working());
    let accepted = sink.messages().len();
    assert!(accepted < orgs.len(), "stopped before the end");
    std::thread::sleep(Duration::from_millis(900));
    assert_eq!(sink.messages().len(), accepted, "nothing more was sent");
    let register = delivered(&app.store, protocol);
    assert_eq!(
        register.len(),
        accepted,
        "the register holds what was accepted"
    );
    let ids: Vec<String> = app
        .store
        .sent_mail()
        .unwrap()
        .iter()
        .map(|m| m.message_id.clone())
        .collect();
    for m in sink.messages() {
        assert!(ids.contains(&m["message_id"].as_str().unwrap().to_string()));
    }
}

/// The words for the common failures: a refused connection said in the user's language.
#[test]
fn a_server_that_refuses_connections_is_said_in_words() {
    let mut app = demo_app(Lang::Ky);
    point_store_at(&mut app.store, super::free_port());
    extracts_page(&mut app);
    press_mod(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    press(&mut app, KeyCode::Enter);
    finish(&mut app);
    let (msg, error) = app.message.clone().unwrap();
    assert!(error);
    assert!(
        msg.contains(shtab::i18n::mail::ui(Lang::Ky).conn_refused),
        "{msg}"
    );
    assert!(!msg.contains("Connection error"), "{msg}");
    assert!(app.store.sent_mail().unwrap().is_empty());
    let _ = Delivered::NoAddress;
}

/// The letter form's delivery choice and the Extracts page with marks, 80×24, ky and ru.
#[test]
fn snapshots_of_the_delivery_choice_and_the_marks() {
    for (lang, code) in [(Lang::Ky, "ky"), (Lang::Ru, "ru")] {
        let mut app = demo_app(lang);
        app.resize(80, 24);
        compliance_on_first(&mut app);
        chr(&mut app, 'w');
        for _ in 0..4 {
            press(&mut app, KeyCode::Tab);
        }
        press(&mut app, KeyCode::Right);
        let docs = app.documents_dir.to_string_lossy().to_string();
        // The folder differs by machine: a mark of the same width keeps the frame.
        let mark = format!("{:<w$}", "[DOCS]", w = docs.chars().count());
        let text = screen(&app, 80, 24).replace(&docs, &mark);
        insta::assert_snapshot!(format!("letter_deliver_{code}"), text);

        let mut app = demo_app(lang);
        app.resize(80, 24);
        extracts_page(&mut app);
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char(' '));
        insta::assert_snapshot!(format!("extracts_marked_{code}"), screen(&app, 80, 24));
    }
}
