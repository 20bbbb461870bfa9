//! Delivery by e-mail (issue 19) against a real SMTP server started by the test on 127.0.0.1
//! (Debian's python3-aiosmtpd, `tests/support/smtp_sink.py`): the messages arrive with the
//! right recipients and .docx attachments, the register holds exactly what was accepted, a
//! refused recipient and an organization without an address are listed and not marked, a
//! server that is down marks nothing, a second run sends nothing twice; and the outbox.
//! Unix only: the server is a Python program of the Linux host (the Windows build's tests run
//! under Wine, where it is not at hand).
#![cfg(unix)]

mod common;
#[path = "mail/ui.rs"]
mod ui;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;
use shtab::docs::protocol::ProtocolPaper;
use shtab::domain::protocol::DeliveryWay;
use shtab::i18n::Lang;
use shtab::store::Store;

const PYTHON: &str = "/usr/bin/python3";

fn sink_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_sink.py")
}

/// The SMTP server of one test; stopped when dropped.
struct Sink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Sink {
    fn start(refuse: &[&str]) -> Sink {
        Sink::start_slow(refuse, 0.0)
    }

    /// A server that answers each message's DATA `delay` seconds late.
    fn start_slow(refuse: &[&str], delay: f64) -> Sink {
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(PYTHON)
            .arg(sink_script())
            .args(["serve", &port.to_string(), dir.path().to_str().unwrap()])
            .args(refuse)
            .env("SINK_DELAY", delay.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (apt-get install python3-aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP server did not start");
        Sink { child, port, dir }
    }

    /// Every message received, in order, as the server's parse of it.
    fn messages(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
            .collect()
    }

    /// The attachment files the server saved beside the messages.
    fn attachments(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "docx"))
            .collect();
        v.sort();
        v
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn shtab(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .args(["--db", db.to_str().unwrap()])
        .env("HOME", std::env::temp_dir())
        .env_remove("SHTAB_SMTP_PASSWORD")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A demo database, its newest signed protocol with undelivered extracts (id, label) and
/// the organizations it names, each given a known address.
struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
    protocol: i64,
    label: String,
    orgs: Vec<i64>,
}

fn address(org: i64) -> String {
    format!("org{org}@tokmok.kg")
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let out = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(["demo", "--db", db.to_str().unwrap()])
        .env("HOME", std::env::temp_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut store = Store::open(&db).unwrap();
    let undelivered = store.undelivered_extracts().unwrap();
    let (protocol, label, _) = undelivered
        .first()
        .cloned()
        .expect("an undelivered extract");
    let paper = ProtocolPaper::load(&store, protocol, Lang::Ky).unwrap();
    let orgs = paper.extract_addressees();
    assert!(
        orgs.len() >= 3,
        "the demo's protocol names several: {orgs:?}"
    );
    // Start from an empty register for this protocol (the demo delivered some by hand).
    for d in store.deliveries(protocol).unwrap() {
        store.delete_delivery(d.id, d.version).unwrap();
    }
    for &o in &orgs {
        let mut org = store.organization(o).unwrap();
        org.email = address(o);
        store.save_organization(&org).unwrap();
    }
    drop(store);
    Fixture {
        _dir: dir,
        db,
        protocol,
        label,
        orgs,
    }
}

fn set(db: &Path, key: &str, value: &str) {
    let o = shtab(db, &["settings", "set", key, value]);
    assert!(o.status.success(), "{key}: {}", text(&o.stderr));
}

fn point_at(db: &Path, port: u16) {
    set(db, "smtp.host", "127.0.0.1");
    set(db, "smtp.port", &port.to_string());
    set(db, "smtp.tls", "none");
    set(db, "smtp.from", "shtab@tokmok.kg");
    set(db, "smtp.from_name", "Токмок штабы");
}

fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn extracts_reach_the_server_and_the_register_holds_exactly_what_it_accepted() {
    let f = fixture();
    let (refused, no_address) = (f.orgs[0], f.orgs[1]);
    {
        let mut store = Store::open(&f.db).unwrap();
        let mut org = store.organization(no_address).unwrap();
        org.email = String::new();
        store.save_organization(&org).unwrap();
    }
    let sink = Sink::start(&[&address(refused)]);
    point_at(&f.db, sink.port);

    let out = shtab(&f.db, &["protocol", "send", &f.label]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!out.status.success(), "failures give a non-zero exit");
    assert!(stderr.contains("refused by the server"), "{stderr}");
    assert!(stderr.contains(&address(refused)), "{stderr}");
    assert!(
        stderr.contains("550"),
        "the server's reply is shown: {stderr}"
    );
    assert!(stderr.contains("no e-mail in the directory"), "{stderr}");
    let accepted: Vec<i64> = f.orgs[2..].to_vec();
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("sent\t")).count(),
        accepted.len(),
        "{stdout}"
    );

    // What the server received: one message per accepted organization, each to its address,
    // with its extract attached as a real .docx in the protocol's language.
    let got = sink.messages();
    assert_eq!(got.len(), accepted.len());
    let mut to: Vec<String> = got
        .iter()
        .map(|m| m["to"][0].as_str().unwrap().to_string())
        .collect();
    to.sort();
    let mut want: Vec<String> = accepted.iter().map(|&o| address(o)).collect();
    want.sort();
    assert_eq!(to, want);
    let number = f.label.split('/').next().unwrap();
    for m in &got {
        assert_eq!(m["envelope_to"].as_array().unwrap().len(), 1);
        assert!(
            m["subject"].as_str().unwrap().contains(&f.label),
            "{}",
            m["subject"]
        );
        assert!(m["from"].as_str().unwrap().contains("shtab@tokmok.kg"));
        let body = m["body"].as_str().unwrap();
        assert!(body.contains("протокол"), "{body}");
        let att = &m["attachments"][0];
        assert_eq!(att["head"], "PK", "a zip (docx) file");
        assert!(att["file_name"].as_str().unwrap().ends_with(".docx"));
        assert!(att["size"].as_u64().unwrap() > 1000);
    }
    let files = sink.attachments();
    assert_eq!(files.len(), accepted.len());
    for file in &files {
        let xml = docx_text(file);
        assert!(xml.contains("КӨЧҮРМӨ"), "the Kyrgyz extract: {file:?}");
        assert!(xml.contains(&format!("№ {number}")), "{file:?}");
    }

    // The register: exactly the accepted ones, by e-mail, with the address and Message-ID.
    let store = Store::open(&f.db).unwrap();
    let lines = store.deliveries(f.protocol).unwrap();
    let mut marked: Vec<i64> = lines.iter().map(|d| d.organization_id).collect();
    marked.sort();
    let mut accepted_sorted = accepted.clone();
    accepted_sorted.sort();
    assert_eq!(marked, accepted_sorted, "nothing else is marked delivered");
    assert!(lines.iter().all(|d| d.way == DeliveryWay::Email));
    assert!(
        lines
            .iter()
            .all(|d| d.received_by == address(d.organization_id))
    );
    let log = store.sent_mail().unwrap();
    let mut ids: Vec<String> = log.iter().map(|m| m.message_id.clone()).collect();
    ids.sort();
    let mut server_ids: Vec<String> = got
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_string())
        .collect();
    server_ids.sort();
    assert_eq!(ids, server_ids, "the log keeps the ids the server saw");
    drop(store);

    // A second run sends nothing twice: only the refused one is tried again.
    let again = shtab(&f.db, &["protocol", "send", &f.label]);
    let stdout = text(&again.stdout);
    assert_eq!(sink.messages().len(), accepted.len(), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("already delivered"))
            .count(),
        accepted.len(),
        "{stdout}"
    );
    assert_eq!(
        Store::open(&f.db)
            .unwrap()
            .deliveries(f.protocol)
            .unwrap()
            .len(),
        accepted.len()
    );
}

#[test]
fn only_the_organizations_asked_for_and_again_when_asked() {
    let f = fixture();
    let sink = Sink::start(&[]);
    point_at(&f.db, sink.port);
    let one = f.orgs[0].to_string();
    let out = shtab(&f.db, &["protocol", "send", &f.label, "--only", &one]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(sink.messages()[0]["to"][0], address(f.orgs[0]));
    let out = shtab(
        &f.db,
        &["protocol", "send", &f.label, "--only", &one, "--again"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(sink.messages().len(), 2, "sent again when asked");
}

#[test]
fn a_server_that_is_down_gives_one_error_and_marks_nothing() {
    let f = fixture();
    point_at(&f.db, free_port());
    let out = shtab(&f.db, &["protocol", "send", &f.label]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("cannot be reached"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one clear line: {stderr}");
    assert!(text(&out.stdout).trim().is_empty());
    let store = Store::open(&f.db).unwrap();
    assert!(store.deliveries(f.protocol).unwrap().is_empty());
    assert!(store.sent_mail().unwrap().is_empty());
}

#[test]
fn not_set_up_says_which_setting_is_missing() {
    let f = fixture();
    let out = shtab(&f.db, &["protocol", "send", &f.label]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("smtp.host"),
        "{}",
        text(&out.stderr)
    );
    let bad = shtab(&f.db, &["settings", "set", "smtp.from", "not an address"]);
    assert!(!bad.status.success());
    let bad = shtab(&f.db, &["settings", "set", "smtp.tls", "ssl"]);
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("starttls"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn the_outbox_gets_eml_files_a_mail_reader_opens_and_nothing_is_marked() {
    let f = fixture();
    let outbox = f._dir.path().join("outbox");
    let out = shtab(
        &f.db,
        &[
            "protocol",
            "send",
            &f.label,
            "--outbox",
            outbox.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let emls: Vec<PathBuf> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(emls.len(), f.orgs.len());
    for eml in &emls {
        assert_eq!(eml.extension().unwrap(), "eml");
        let raw = std::fs::read_to_string(eml).unwrap();
        assert!(
            raw.starts_with("X-Unsent: 1\r\n"),
            "opens as a draft in Outlook"
        );
        let parsed = Command::new(PYTHON)
            .arg(sink_script())
            .arg("parse")
            .arg(eml)
            .output()
            .unwrap();
        let m: Value = serde_json::from_slice(&parsed.stdout).unwrap();
        let to = m["to"][0].as_str().unwrap();
        assert!(
            f.orgs.iter().any(|&o| address(o) == to),
            "{to} is one of the executors"
        );
        assert_eq!(m["attachments"][0]["head"], "PK");
        assert!(m["message_id"].as_str().unwrap().starts_with('<'));
    }
    let store = Store::open(&f.db).unwrap();
    assert!(
        store.deliveries(f.protocol).unwrap().is_empty(),
        "the outbox marks nothing delivered"
    );
}

#[test]
fn a_letter_goes_to_the_head_and_is_logged_beside_its_number() {
    let f = fixture();
    let sink = Sink::start(&[]);
    point_at(&f.db, sink.port);
    let org = f.orgs[2];
    let out_dir = f._dir.path().join("letters");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out = shtab(
        &f.db,
        &[
            "letter",
            "--org",
            &org.to_string(),
            "--kind",
            "reminder",
            "--lang",
            "ru",
            "--out",
            out_dir.to_str().unwrap(),
            "--send",
        ],
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let number = stdout.lines().next().unwrap().split('\t').next().unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["to"][0], address(org));
    let subject = got[0]["subject"].as_str().unwrap();
    assert!(subject.contains("Напоминание"), "{subject}");
    assert!(subject.contains(number), "{subject}");
    assert_eq!(got[0]["attachments"][0]["head"], "PK");
    let log = Store::open(&f.db).unwrap().sent_mail().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, "letter");
    assert_eq!(log[0].letter_number.as_deref(), Some(number));
    assert_eq!(log[0].message_id, got[0]["message_id"].as_str().unwrap());
}

/// The Protocol tab: Alt-E on the signed protocol asks with the count, Enter sends under a
/// gauge (one message per step), the summary names what failed, the register holds the sent.
#[test]
fn alt_e_in_the_editor_sends_the_extracts_and_says_what_became_of_them() {
    use ratatui::crossterm::event::{
        Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
    };
    let f = fixture();
    let no_address = f.orgs[0];
    let sink = Sink::start(&[]);
    point_at(&f.db, sink.port);
    let mut store = Store::open(&f.db).unwrap();
    let mut org = store.organization(no_address).unwrap();
    org.email = String::new();
    store.save_organization(&org).unwrap();
    let key = |app: &mut shtab::app::App, code, modifiers| {
        app.handle_event(&Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }))
    };
    let open = |lang| {
        let store = Store::open(&f.db).unwrap();
        let mut app = shtab::app::App::new(store, lang, chrono::Local::now().date_naive(), false);
        app.resize(100, 30);
        key(&mut app, KeyCode::Char('2'), KeyModifiers::NONE);
        app.open_protocol_id(f.protocol);
        app
    };
    // Russian, with the Cyrillic letter on the E key (Alt-У): asked, then sent under a gauge.
    let mut app = open(Lang::Ru);
    key(&mut app, KeyCode::Char('у'), KeyModifiers::ALT);
    assert_eq!(app.context(), shtab::keymap::Context::Confirm);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.working(), "sending on its thread");
    ui::finish(&mut app);
    let s = Lang::Ru.strings();
    let (msg, is_error) = app.message.clone().expect("a summary");
    let sent = f.orgs.len() - 1;
    assert!(
        msg.contains(&s.protocol.msg_mail_summary.fill([&sent, &0, &1, &0])),
        "{msg}"
    );
    assert!(is_error, "a failure is shown as one");
    let name = Store::open(&f.db)
        .unwrap()
        .organization(no_address)
        .unwrap();
    assert!(
        msg.contains(name.name(true)),
        "names who did not get it: {msg}"
    );
    assert_eq!(sink.messages().len(), sent);
    let register = || {
        Store::open(&f.db)
            .unwrap()
            .deliveries(f.protocol)
            .unwrap()
            .len()
    };
    assert_eq!(register(), sent);
    // Kyrgyz: only the one without an address is left; Esc sends nothing.
    let mut app = open(Lang::Ky);
    key(&mut app, KeyCode::Char('e'), KeyModifiers::ALT);
    assert_eq!(app.context(), shtab::keymap::Context::Confirm);
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(!app.working());
    assert_eq!(sink.messages().len(), sent);
    assert_eq!(register(), sent);
}

#[test]
fn alt_e_without_settings_says_what_to_fill_in() {
    use ratatui::crossterm::event::{
        Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers,
    };
    let f = fixture();
    let store = Store::open(&f.db).unwrap();
    let mut app = shtab::app::App::new(store, Lang::Ru, chrono::Local::now().date_naive(), false);
    app.resize(100, 30);
    app.handle_event(&Event::Key(KeyEvent {
        code: KeyCode::Char('2'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }));
    app.open_protocol_id(f.protocol);
    for (code, m) in [
        (KeyCode::Char('e'), KeyModifiers::ALT),
        (KeyCode::Enter, KeyModifiers::NONE),
    ] {
        app.handle_event(&Event::Key(KeyEvent {
            code,
            modifiers: m,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        }));
    }
    let (msg, is_error) = app.message.clone().unwrap();
    assert!(is_error);
    // The field by its label on the settings screen, and the way there.
    assert!(msg.contains("«Почтовый сервер»"), "{msg}");
    assert!(msg.contains("Справочник → s"), "{msg}");
    assert!(msg.contains("Почта не настроена"), "{msg}");
    assert!(!app.working());
    assert!(Store::open(&f.db).unwrap().sent_mail().unwrap().is_empty());
}
