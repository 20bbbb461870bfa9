//! The protocol editor as a secretary drives it: a whole protocol typed with the keyboard,
//! decisions that become tasks, signing; autosave on a clock the test holds; a paste never
//! signs; the cursor back where it was; snapshots in ky, ru and en; and two processes: a
//! child killed with SIGKILL mid-typing, and a second writer whose save wins a conflict.

use crate::common;

// The keys a secretary cannot get wrong (issue 13), in their own file to keep this one short.
#[path = "protocol_ui/keys.rs"]
mod keys;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveTime};
use common::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers};
use shtab::app::App;
use shtab::domain::session::{AgendaItem, AgendaItemKind, Session, SessionKind, SessionStatus};
use shtab::i18n::Lang;
use shtab::keymap::Context;
use shtab::screens::protocol::{FieldKey, SaveMark};
use shtab::store::Store;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ctrl(app: &mut App, c: char) {
    press_mod(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// An editor command: Alt and the letter (Latin or the ЙЦУКЕН one on the same key).
fn alt(app: &mut App, c: char) {
    press_mod(app, KeyCode::Char(c), KeyModifiers::ALT);
}

/// A session held yesterday with two agenda items and no protocol yet.
fn fresh_session(store: &mut Store) -> (i64, String) {
    let (id, number) = store
        .create_session(&Session {
            id: 0,
            year: 2026,
            number: 0,
            kind: SessionKind::Extraordinary,
            reason: "Мектептерде интернет өчтү".into(),
            date: d(2026, 11, 24),
            time: NaiveTime::from_hms_opt(15, 0, 0).unwrap(),
            place: "Мэрия, кичи зал".into(),
            duration_minutes: 60,
            status: SessionStatus::AgendaApproved,
            version: 0,
        })
        .unwrap();
    for (title, speaker) in [
        (
            "Мектептерди интернетке туташтыруу жөнүндө",
            "Асанов Эрлан, билим берүү бөлүмүнүн башчысы",
        ),
        ("Коомдук Wi-Fi тармагы жөнүндө", "Орозбаев Улан"),
    ] {
        let mut item = AgendaItem::new(id, title, AgendaItemKind::Report);
        item.speaker_name = speaker.into();
        store.save_agenda_item(&item).unwrap();
    }
    (id, format!("{number}/2026"))
}

/// The demo app on the Protocol tab with the fresh session's protocol open (first row).
fn open_fresh(lang: Lang) -> (App, i64, String) {
    let mut app = demo_app(lang);
    let (session, label) = fresh_session(&mut app.store);
    chr(&mut app, '2');
    assert_eq!(app.context(), Context::ProtocolPicker);
    let first = &app.screens.protocol.rows[0];
    assert_eq!(first.session.id, session, "the newest session is first");
    assert!(first.protocol.is_none());
    press(&mut app, KeyCode::Enter);
    // The focus is on a text field (the first item's title): its keys apply, and the
    // first key typed starts typing there.
    assert_eq!(app.context(), Context::ProtocolField);
    assert!(!typing(&app));
    (app, session, label)
}

/// Is a field being typed in?
fn typing(app: &App) -> bool {
    app.screens.protocol.editing.is_some()
}

fn protocol_id(app: &App) -> i64 {
    app.screens.protocol.doc.as_ref().unwrap().protocol.id
}

fn stored(app: &App) -> shtab::domain::protocol::ProtocolDoc {
    app.store.protocol_doc(protocol_id(app)).unwrap()
}

fn focused(app: &App) -> FieldKey {
    app.screens.protocol.focused().unwrap()
}

/// In the open task form: find the executor by part of its name, then the deadline.
fn fill_task(app: &mut App, executor: &str, deadline: Option<&str>) {
    assert_eq!(
        app.context(),
        Context::ProtocolForm,
        "{}",
        screen(app, 100, 30)
    );
    press(app, KeyCode::Tab);
    typ(app, executor);
    if let Some(due) = deadline {
        for _ in 0..4 {
            press(app, KeyCode::Tab);
        }
        // Clear what is there (a deadline proposed from the text).
        for _ in 0..12 {
            press(app, KeyCode::Backspace);
        }
        typ(app, due);
    }
    press(app, KeyCode::Enter);
    assert!(app.form.is_none(), "saved: {}", screen(app, 100, 30));
}

#[test]
fn a_whole_protocol_typed_with_the_keyboard_signed_and_its_tasks_found() {
    let (mut app, session, label) = open_fresh(Lang::Ky);
    let t0 = Instant::now();
    app.tick(t0);
    // The protocol starts at the first item's title.
    let doc = stored(&app);
    assert_eq!(doc.items.len(), 2);
    assert_eq!(focused(&app), FieldKey::ItemTitle(doc.items[0].id));

    // Item 1: HEARD summary, a speaker, two decision points, a task found in the text.
    press(&mut app, KeyCode::Tab); // HEARD speaker (from the agenda)
    press(&mut app, KeyCode::Tab); // HEARD summary
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::ProtocolEdit);
    typ(&mut app, "44 мектептин 31и гана туташкан.");
    press(&mut app, KeyCode::Enter); // a new line in a summary, not the next field
    typ(&mut app, "Калгандары келерки айда.");
    ctrl(&mut app, 'p');
    typ(&mut app, "Жумабаев Бакыт");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Мөөнөттөрдү сактоону талап кылды.");
    ctrl(&mut app, 'd');
    typ(&mut app, "Маалымат эске алынсын.");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "9/0/1");
    ctrl(&mut app, 'd');
    typ(
        &mut app,
        "Бардык мектептер интернетке туташтырылсын, в срок до 31.12.2026.",
    );
    ctrl(&mut app, 't');
    // The deadline the text names is proposed.
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.fields[5].text_value(), "31.12.2026");
    fill_task(&mut app, "билим берүү", None);

    // Item 2: to it with Ctrl-↓; typing starts without Enter, commands are Alt-letters.
    press_mod(&mut app, KeyCode::Down, KeyModifiers::CONTROL);
    let doc = stored(&app);
    assert_eq!(focused(&app), FieldKey::ItemTitle(doc.items[1].id));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Паркта жана автобекетте Wi-Fi жок.");
    press(&mut app, KeyCode::Esc);
    alt(&mut app, 's');
    typ(&mut app, "Үсөнов Эмил");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Жабдууну сатып алуу керек.");
    press(&mut app, KeyCode::Esc);
    alt(&mut app, 'd');
    typ(&mut app, "Борбордук паркта коомдук Wi-Fi орнотулсун.");
    ctrl(&mut app, 't');
    fill_task(&mut app, "көрктөндүрүү", Some("+14"));
    alt(&mut app, 'в'); // Alt-D on the Cyrillic layout
    typ(&mut app, "Автобекетте коомдук Wi-Fi орнотулсун.");
    alt(&mut app, 'е'); // Alt-T on the Cyrillic layout, straight from the text
    assert_eq!(app.context(), Context::ProtocolForm);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "АВТОВОКЗАЛ"); // the Russian name, in capitals
    ctrl(&mut app, 'e'); // end of the month
    assert_eq!(
        app.form.as_ref().unwrap().fields[5].text_value(),
        "30.11.2026"
    );
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));

    // Item 3, not on the agenda: other business.
    alt(&mut app, 'a');
    assert_eq!(app.context(), Context::ProtocolEdit);
    // The prefilled "other business" is selected: what is typed replaces it.
    typ(&mut app, "Ар түрдүү: шаардын сайты");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Токтосунова Асель");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Сайттын абалы жөнүндө маалымат берди.");
    ctrl(&mut app, 'd');
    typ(
        &mut app,
        "Шаардын сайты жаңыртылсын, 2027-жылдын 15-январына чейин.",
    );
    ctrl(&mut app, 't');
    assert_eq!(
        app.form.as_ref().unwrap().fields[5].text_value(),
        "15.01.2027"
    );
    fill_task(&mut app, "цифровизац", None);

    // Everything typed is stored, before anything is signed.
    let doc = stored(&app);
    assert_eq!(doc.items.len(), 3);
    assert_eq!(
        doc.items[0].heard_summary,
        "44 мектептин 31и гана туташкан.\nКалгандары келерки айда."
    );
    assert_eq!(doc.items[0].speeches[0].speaker, "Жумабаев Бакыт");
    assert_eq!(
        doc.items[1].speeches[0].summary,
        "Жабдууну сатып алуу керек."
    );
    assert_eq!(doc.items[2].title, "Ар түрдүү: шаардын сайты");
    assert_eq!(doc.items[2].agenda_item_id, None);
    let numbers: Vec<&str> = doc.decisions().map(|d| d.number.as_str()).collect();
    assert_eq!(numbers, ["1.1", "1.2", "2.1", "2.2", "3.1"]);
    assert_eq!(doc.items[0].decisions[0].votes.unwrap().format(), "9/0/1");
    assert_eq!(doc.tasks().count(), 4);

    // Sign: Alt-P, then the confirmation that names who signs; it cannot be undone, so
    // Enter means no and the Kyrgyz "о" (ооба) signs.
    alt(&mut app, 'p');
    let q = screen(&app, 100, 30);
    let presiding = doc.protocol.presiding.clone();
    assert!(
        q.contains(&presiding) || q.contains(&presiding[..20]),
        "{q}"
    );
    assert!(q.contains(Lang::Ky.strings().confirm_irreversible), "{q}");
    press(&mut app, KeyCode::Enter);
    assert!(app.confirm.is_none() && !stored(&app).protocol.is_signed());
    alt(&mut app, 'p');
    chr(&mut app, 'о');
    let doc = stored(&app);
    assert!(doc.protocol.is_signed(), "{}", screen(&app, 100, 30));
    let number = doc.protocol.label().unwrap();
    assert!(screen(&app, 100, 30).contains(&number));
    assert!(app.store.verify_protocol(doc.protocol.id).unwrap().intact);
    assert_eq!(
        app.store.session(session).unwrap().status,
        SessionStatus::ProtocolSigned
    );

    // The tasks, as the Tasks tab reads them: by their protocol point.
    let mut st = app
        .store
        .conn()
        .prepare(
            "SELECT d.number, t.text, o.name_ky, t.deadline, t.responsible_person, t.status,
                    p.reg_number || '/' || p.year
             FROM task t JOIN decision d ON d.id = t.decision_id
             JOIN protocol p ON p.id = d.protocol_id
             JOIN organization o ON o.id = t.executor_id
             WHERE p.session_id = ?1 ORDER BY d.number",
        )
        .unwrap();
    let tasks: Vec<(String, String, String, NaiveDate, String, String, String)> = st
        .query_map([session], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(tasks.len(), 4);
    let by_point = |n: &str| tasks.iter().find(|t| t.0 == n).unwrap();
    assert_eq!(
        by_point("1.2").3,
        d(2026, 12, 31),
        "from the decision's text"
    );
    assert!(by_point("1.2").2.contains("билим берүү"));
    assert!(by_point("1.2").1.starts_with("Бардык мектептер"));
    assert!(!by_point("1.2").4.is_empty(), "the head answers for it");
    assert_eq!(by_point("2.1").3, d(2026, 12, 9), "+14");
    assert!(by_point("2.1").2.contains("Көрктөндүрүү"));
    assert_eq!(by_point("2.2").3, d(2026, 11, 30), "end of the month");
    assert_eq!(by_point("2.2").2, "Токмок автобекети");
    assert_eq!(
        by_point("3.1").3,
        d(2027, 1, 15),
        "from the Kyrgyz long date"
    );
    assert!(by_point("3.1").2.contains("санариптештирүү"));
    assert!(tasks.iter().all(|t| t.5 == "assigned" && t.6 == number));
    let _ = label;
}

#[test]
fn typing_is_saved_two_seconds_after_it_stops_and_when_the_field_is_left() {
    let (mut app, _, _) = open_fresh(Lang::En);
    let t0 = Instant::now();
    app.tick(t0);
    let item = stored(&app).items[0].id;
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&app), FieldKey::HeardSummary(item));
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "first words");
    let summary = |app: &App| stored(app).items[0].heard_summary.clone();
    assert_eq!(app.screens.protocol.mark, SaveMark::Pending);
    assert!(screen(&app, 100, 30).contains(Lang::En.strings().protocol.mark_saving));
    app.tick(t0 + Duration::from_millis(1500));
    assert_eq!(summary(&app), "", "not yet: typing stopped 1.5 s ago");
    typ(&mut app, ", more");
    app.tick(t0 + Duration::from_millis(3000));
    assert_eq!(summary(&app), "", "1.5 s after the last key");
    app.tick(t0 + Duration::from_millis(3600));
    assert_eq!(summary(&app), "first words, more");
    assert_eq!(app.screens.protocol.mark, SaveMark::Saved);
    assert!(screen(&app, 100, 30).contains(Lang::En.strings().protocol.mark_saved));
    // Leaving the field saves at once, no clock needed.
    typ(&mut app, "!");
    press(&mut app, KeyCode::Esc);
    assert_eq!(summary(&app), "first words, more!");
    assert!(!typing(&app));
    // Going to another tab saves too.
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "?");
    press(&mut app, KeyCode::F(10)); // quit: saves first
    assert!(app.quit);
    assert_eq!(summary(&app), "first words, more!?");
}

#[test]
fn a_paste_with_line_breaks_never_submits_or_signs() {
    let (mut app, _, _) = open_fresh(Lang::Ru);
    let item = stored(&app).items[0].id;
    // On a row that is not a text (a member's), a paste is refused: it is never keys.
    let member = stored(&app).attendance[0].member_id;
    assert!(app.focus_protocol_field(&FieldKey::Present(member).code()));
    app.handle_event(&Event::Paste("p\ry\np\ny\r\n ".into()));
    assert!(app.confirm.is_none());
    assert_eq!(app.context(), Context::Protocol);
    assert!(stored(&app).attendance[0].present);
    assert!(app.message.as_ref().is_some_and(|m| m.1));
    // On the title, not typing yet: the paste is its text; line breaks become spaces.
    assert!(app.focus_protocol_field(&FieldKey::ItemTitle(item).code()));
    app.handle_event(&Event::Paste(" — часть\r\nвторая\rp\ny".into()));
    assert_eq!(app.context(), Context::ProtocolEdit, "still typing");
    assert!(app.confirm.is_none());
    press(&mut app, KeyCode::Esc);
    let doc = stored(&app);
    assert_eq!(
        doc.items[0].title,
        "Мектептерди интернетке туташтыруу жөнүндө — часть вторая p y"
    );
    // In a field of several lines they stay line breaks.
    app.screens.protocol.focus = 0;
    assert!(app.focus_protocol_field(&FieldKey::HeardSummary(item).code()));
    press(&mut app, KeyCode::Enter);
    app.handle_event(&Event::Paste("один\r\nдва\rтри".into()));
    press(&mut app, KeyCode::Esc);
    assert_eq!(stored(&app).items[0].heard_summary, "один\nдва\nтри");
    assert!(!stored(&app).protocol.is_signed());
}

#[test]
fn reopening_puts_the_cursor_on_the_last_field_typed_in() {
    let (mut app, session, _) = open_fresh(Lang::En);
    alt(&mut app, 'd'); // the first field is the first item's title: in an item
    typ(&mut app, "Decided.");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "5/0/0");
    press(&mut app, KeyCode::Esc);
    let votes = focused(&app);
    assert!(matches!(votes, FieldKey::Votes(_)));
    let store = app.store;
    let mut again = App::new(store, Lang::En, today(), true);
    again.resize(100, 30);
    chr(&mut again, '2');
    assert!(again.open_session_protocol(session));
    assert_eq!(focused(&again), votes);
    let text = screen(&again, 100, 30);
    assert!(
        text.contains("5/0/0") && text.contains("Decided."),
        "{text}"
    );
}

#[test]
fn a_weekend_deadline_moves_to_friday_with_a_notice() {
    let (mut app, _, _) = open_fresh(Lang::En);
    alt(&mut app, 'd');
    typ(&mut app, "Connect the schools.");
    ctrl(&mut app, 't');
    // 26.12.2026 is a Saturday.
    fill_task(&mut app, "мектеб", Some("26.12.2026"));
    let msg = app.message.clone().unwrap().0;
    assert!(
        msg.contains("26.12.2026") && msg.contains("25.12.2026"),
        "{msg}"
    );
    let t = stored(&app).tasks().next().unwrap().clone();
    assert_eq!(t.deadline, d(2026, 12, 25));
    // A bad deadline stays in the form with its reason.
    alt(&mut app, 't');
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "мектеб");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "31.02");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some());
    assert!(screen(&app, 100, 30).contains(Lang::En.strings().protocol.err_deadline));
}

#[test]
fn a_protocol_without_quorum_or_with_an_empty_decision_is_not_signed() {
    let (mut app, _, _) = open_fresh(Lang::En);
    let ps = Lang::En.strings().protocol;
    alt(&mut app, 'd');
    press(&mut app, KeyCode::Esc); // an empty decision point
    alt(&mut app, 'p');
    assert!(app.confirm.is_none());
    let msg = app.message.clone().unwrap().0;
    assert!(
        msg.starts_with("Cannot sign") && msg.contains("1.1"),
        "{msg}"
    );
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Noted.");
    press(&mut app, KeyCode::Esc);
    // Mark most members absent on the attendance page.
    let members: Vec<i64> = stored(&app)
        .attendance
        .iter()
        .map(|a| a.member_id)
        .collect();
    for m in members.iter().skip(2) {
        assert!(app.focus_protocol_field(&FieldKey::Present(*m).code()));
        chr(&mut app, ' ');
    }
    let doc = stored(&app);
    assert!(doc.attendance.iter().skip(2).all(|a| !a.present));
    assert!(screen(&app, 100, 30).contains(ps.quorum_no));
    alt(&mut app, 'p');
    assert!(app.confirm.is_none());
    let msg = app.message.clone().unwrap().0;
    assert!(msg.contains("quorum"), "{msg}");
    assert!(!stored(&app).protocol.is_signed());
}

#[test]
fn a_signed_protocol_cannot_be_typed_in_and_an_amendment_keeps_both() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '2');
    // The second row: the newest signed protocol.
    press(&mut app, KeyCode::Down);
    let row = app.screens.protocol.rows[1].clone();
    let original = row.protocol.unwrap();
    assert!(original.is_signed());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.context(),
        Context::Protocol,
        "not typing in a signed protocol"
    );
    assert!(app.message.as_ref().unwrap().1, "an error says why");
    // A letter is not typed into a signed protocol; Alt-D adds nothing either.
    chr(&mut app, 'd');
    assert!(app.message.as_ref().unwrap().1, "an error says why");
    alt(&mut app, 'd');
    assert_eq!(
        stored(&app).decisions().count(),
        app.store
            .protocol_doc(original.id)
            .unwrap()
            .decisions()
            .count()
    );
    alt(&mut app, 'm');
    assert!(app.confirm.is_some());
    chr(&mut app, 'y');
    let doc = stored(&app);
    assert_ne!(doc.protocol.id, original.id);
    assert_eq!(doc.protocol.amends_id, Some(original.id));
    let text = screen(&app, 100, 30);
    assert!(
        text.contains(&format!("amends No. {}", original.label().unwrap())),
        "{text}"
    );
    // Typing in the amendment works; the original stays intact.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::ProtocolEdit);
    typ(&mut app, " (corrected)");
    press(&mut app, KeyCode::Esc);
    assert!(app.store.verify_protocol(original.id).unwrap().intact);
    // Back to the list: both are there.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.context(), Context::ProtocolPicker);
    let of_session = app
        .screens
        .protocol
        .rows
        .iter()
        .filter(|r| r.session.id == row.session.id)
        .count();
    assert_eq!(of_session, 2);
}

#[test]
fn help_lists_the_editor_keys_from_the_tables() {
    let (mut app, _, _) = open_fresh(Lang::Ru);
    press(&mut app, KeyCode::F(1));
    let text = screen(&app, 100, 40);
    let ps = Lang::Ru.strings().protocol;
    for needle in [
        ps.key_add_speaker,
        ps.key_add_decision,
        ps.key_add_task,
        ps.key_sign,
        "Ctrl-P, Alt-S",
        "Alt-P",
        "Ctrl-↓, Ctrl-↑",
    ] {
        assert!(text.contains(needle), "{needle} missing in\n{text}");
    }
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::F(1));
    let text = screen(&app, 100, 40);
    assert!(text.contains(ps.key_leave_field), "{text}");
}

#[test]
fn the_editor_in_every_language() {
    for lang in Lang::ALL {
        let mut app = demo_app(lang);
        chr(&mut app, '2');
        // (The list itself is in ui.rs's snapshots of every tab.)
        // The demo's session held two days ago: its draft.
        press(&mut app, KeyCode::Enter);
        let text = screen(&app, 100, 30);
        let ps = lang.strings().protocol;
        assert!(
            text.contains(ps.heard) && text.contains(ps.decided),
            "{text}"
        );
        assert!(text.contains(ps.mark_saved));
        insta::assert_snapshot!(format!("protocol_editor_{}", lang.code()), text);
        // Typing in a decision point.
        let dec = stored(&app).items[0].decisions[0].id;
        assert!(app.focus_protocol_field(&FieldKey::DecisionText(dec).code()));
        press(&mut app, KeyCode::Enter);
        typ(&mut app, " Өң");
        insta::assert_snapshot!(
            format!("protocol_typing_{}", lang.code()),
            screen(&app, 100, 30)
        );
        press(&mut app, KeyCode::Esc);
        press_mod(&mut app, KeyCode::Up, KeyModifiers::CONTROL);
        let text = screen(&app, 100, 30);
        assert!(
            text.contains(ps.quorum_ok) && text.contains("[✓]"),
            "{text}"
        );
        insta::assert_snapshot!(
            format!("protocol_attendance_{}", lang.code()),
            screen(&app, 100, 30)
        );
    }
}

#[test]
fn the_editor_never_panics_at_small_sizes() {
    let (mut app, _, _) = open_fresh(Lang::Ky);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "Узун текст ".repeat(40).as_str());
    for (w, h) in [(1, 1), (10, 3), (80, 24), (81, 25), (200, 60), (40, 100)] {
        app.resize(w, h);
        let _ = screen(&app, w, h);
    }
}

// ---------- two processes ----------

fn file_with_fresh_session() -> (tempfile::TempDir, std::path::PathBuf, String, i64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shtab.db");
    let mut store = Store::open(&path).unwrap();
    write_demo(&mut store, 20, 1, today());
    let (session, label) = fresh_session(&mut store);
    let id = store.open_protocol(session).unwrap();
    (dir, path, label, id)
}

fn typist(path: &std::path::Path, label: &str, field: Option<&str>) -> std::process::Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shtab"));
    cmd.arg("--db")
        .arg(path)
        .args(["typist", "--session", label]);
    if let Some(f) = field {
        cmd.args(["--field", f]);
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the shtab binary runs")
}

#[test]
fn a_child_killed_mid_typing_loses_no_saved_field() {
    let (_dir, path, label, id) = file_with_fresh_session();
    let mut child = typist(&path, &label, None);
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let lines = [
        " (протоколдо)",
        "Асанов Эрлан",
        "Биринчи сап",
        " — экинчи маселе",
        "Орозбаев Улан",
    ];
    let mut saved: Vec<(String, String)> = Vec::new();
    for l in lines {
        writeln!(stdin, "{l}").unwrap();
        stdin.flush().unwrap();
        let mut ack = String::new();
        out.read_line(&mut ack).unwrap();
        let ack = ack.trim_end_matches('\n');
        let (code, text) = ack
            .strip_prefix("saved ")
            .and_then(|a| a.split_once('\t'))
            .unwrap_or_else(|| panic!("unexpected: {ack:?}"));
        assert!(text.ends_with(l), "{ack}");
        saved.push((code.to_string(), text.replace("\\n", "\n")));
    }
    // Mid-typing: keys of a field not saved yet, then SIGKILL.
    write!(stdin, "жарымы гана").unwrap();
    stdin.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success());

    let store = Store::open(&path).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let doc = store.protocol_doc(id).unwrap();
    let value = |code: &str| -> String {
        let key = FieldKey::parse(code).unwrap();
        match key {
            FieldKey::ItemTitle(i) => doc.items.iter().find(|x| x.id == i).unwrap().title.clone(),
            FieldKey::HeardSpeaker(i) => doc
                .items
                .iter()
                .find(|x| x.id == i)
                .unwrap()
                .heard_speaker
                .clone(),
            FieldKey::HeardSummary(i) => doc
                .items
                .iter()
                .find(|x| x.id == i)
                .unwrap()
                .heard_summary
                .clone(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(saved.len(), 5);
    for (code, text) in &saved {
        assert_eq!(&value(code), text, "{code}");
    }
    // Reopened, the cursor is on the last field saved.
    let last = FieldKey::parse(&doc.protocol.last_field).unwrap();
    assert_eq!(last.code(), saved.last().unwrap().0);
    let session = doc.protocol.session_id;
    let mut app = App::new(store, Lang::Ky, today(), false);
    app.resize(100, 30);
    chr(&mut app, '2');
    assert!(app.open_session_protocol(session));
    assert_eq!(app.screens.protocol.focused(), Some(last));
}

#[test]
fn a_stale_save_is_refused_and_the_other_s_text_is_kept() {
    let (_dir, path, label, id) = file_with_fresh_session();
    // Process A: this test's app, typing in the first item's HEARD summary.
    let mut a = App::new(Store::open(&path).unwrap(), Lang::En, today(), false);
    a.resize(100, 30);
    chr(&mut a, '2');
    a.open_protocol_id(id);
    assert!(a.screens.protocol.doc.is_some());
    let item = a.screens.protocol.doc.as_ref().unwrap().items[0].id;
    let code = FieldKey::HeardSummary(item).code();
    assert!(a.focus_protocol_field(&code));
    press(&mut a, KeyCode::Enter);
    typ(&mut a, "A's text");

    // Process B saves the same field meanwhile.
    let mut b = typist(&path, &label, Some(&code));
    let mut stdin = b.stdin.take().unwrap();
    let mut out = BufReader::new(b.stdout.take().unwrap());
    writeln!(stdin, "B's text").unwrap();
    stdin.flush().unwrap();
    let mut ack = String::new();
    out.read_line(&mut ack).unwrap();
    assert!(ack.starts_with(&format!("saved {code}\tB's text")), "{ack}");
    drop(stdin);
    assert!(b.wait().unwrap().success());

    // A's save is refused; B's text stays in the database, A's stays on A's screen.
    let t0 = a.now;
    a.tick(t0 + Duration::from_secs(3));
    assert_eq!(a.screens.protocol.mark, SaveMark::Conflict);
    let fresh = Store::open(&path).unwrap();
    assert_eq!(
        fresh.protocol_doc(id).unwrap().items[0].heard_summary,
        "B's text"
    );
    assert_eq!(
        a.screens.protocol.editing.as_ref().unwrap().text(),
        "A's text"
    );
    let text = screen(&a, 100, 30);
    assert!(text.contains("A's text"), "{text}");
    assert!(text.contains(Lang::En.strings().protocol.mark_conflict));
    // Leaving the field does not drop it either.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.context(), Context::ProtocolEdit);
    // Reload: B's text shows; Ctrl-V puts A's back, and now it saves over B's deliberately.
    ctrl(&mut a, 'r');
    assert_eq!(
        a.screens.protocol.editing.as_ref().unwrap().text(),
        "B's text"
    );
    ctrl(&mut a, 'v');
    assert_eq!(
        a.screens.protocol.editing.as_ref().unwrap().text(),
        "A's text"
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.screens.protocol.mark, SaveMark::Saved);
    assert_eq!(
        fresh.protocol_doc(id).unwrap().items[0].heard_summary,
        "A's text"
    );
}

#[test]
fn an_extract_s_delivery_is_recorded_from_the_extracts_page() {
    let mut app = demo_app(Lang::En);
    let ps = Lang::En.strings().protocol;
    chr(&mut app, '2');
    // The latest signed protocol has extracts still out: the list says how many.
    let row = app.screens.protocol.rows[1].clone();
    let id = row.protocol.as_ref().unwrap().id;
    let pending: Vec<i64> = app
        .store
        .undelivered_extracts()
        .unwrap()
        .into_iter()
        .filter(|u| u.0 == id)
        .map(|u| u.2)
        .collect();
    assert!(!pending.is_empty());
    let list = screen(&app, 100, 30);
    assert!(
        list.contains(&format!("{} not delivered", pending.len())),
        "{list}"
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(protocol_id(&app), id);
    let org = pending[0];
    assert!(app.focus_protocol_field(&FieldKey::Extract(org).code()));
    let page = screen(&app, 100, 30);
    assert!(
        page.contains(ps.page_extracts_title) && page.contains(ps.not_delivered),
        "{page}"
    );
    // The outline counts what the list counts.
    let out = ps.page_extracts_out.fill([&pending.len()]);
    assert!(page.contains(&out), "{out} in\n{page}");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::ProtocolForm);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // e-document system → post
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Асанова Г.");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "12-05/341");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    // The outgoing number shows on the register; the outline counts one less.
    let page = screen(&app, 120, 30);
    assert!(page.contains("Outgoing No. 12-05/341"), "{page}");
    if pending.len() > 1 {
        let out = ps.page_extracts_out.fill([&(pending.len() - 1)]);
        assert!(page.contains(&out), "{out} in\n{page}");
    }
    let reg = app.store.deliveries(id).unwrap();
    let mine = reg.iter().find(|d| d.organization_id == org).unwrap();
    assert_eq!(mine.received_by, "Асанова Г.");
    assert_eq!(mine.way, shtab::domain::protocol::DeliveryWay::Post);
    assert_eq!(mine.delivered_on, today());
    assert!(screen(&app, 100, 30).contains("received by Асанова Г."));
    // A letter on the register is not a command: x deletes nothing.
    chr(&mut app, 'x');
    assert!(app.confirm.is_none());
    assert!(app.message.as_ref().is_some_and(|m| m.1));
    // A line recorded by mistake goes with Delete (and a yes: it cannot be undone).
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Enter);
    assert!(app.confirm.is_none());
    assert!(
        app.store
            .deliveries(id)
            .unwrap()
            .iter()
            .any(|d| d.organization_id == org)
    );
    press(&mut app, KeyCode::Delete);
    chr(&mut app, 'y');
    assert!(
        app.store
            .deliveries(id)
            .unwrap()
            .iter()
            .all(|d| d.organization_id != org)
    );
}

#[test]
fn leaving_by_the_mouse_saves_and_a_field_gone_meanwhile_keeps_the_text() {
    let (mut app, _, _) = open_fresh(Lang::En);
    // Typing, then a click on the Agenda tab: saved on the way out.
    press(&mut app, KeyCode::Enter);
    typ(&mut app, " (clicked away)");
    app.handle_event(&Event::Mouse(ratatui::crossterm::event::MouseEvent {
        kind: ratatui::crossterm::event::MouseEventKind::Down(
            ratatui::crossterm::event::MouseButton::Left,
        ),
        column: 3,
        row: 1,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.tab, shtab::screens::Tab::Agenda);
    let pid = app.screens.protocol.doc.as_ref().unwrap().protocol.id;
    let title = app.store.protocol_doc(pid).unwrap().items[0].title.clone();
    assert!(title.ends_with(" (clicked away)"), "{title}");
    chr(&mut app, '2');
    // A speaker is added, typed in, and deleted by someone else before the save.
    alt(&mut app, 's');
    typ(&mut app, "Someone");
    let speech = stored(&app).items[0].speeches[0].clone();
    app.store.delete_speech(speech.id, speech.version).unwrap();
    press(&mut app, KeyCode::Esc);
    assert!(!typing(&app), "not stuck in a field that is gone");
    assert_eq!(app.screens.protocol.mark, SaveMark::Failed);
    assert_eq!(app.screens.protocol.stash.as_deref(), Some("Someone"));
    // Ctrl-V in another field puts it back.
    alt(&mut app, 's');
    ctrl(&mut app, 'v');
    press(&mut app, KeyCode::Esc);
    assert_eq!(stored(&app).items[0].speeches[0].speaker, "Someone");
}

#[test]
fn a_reader_reads_a_secretary_writes_and_only_the_chair_signs() {
    use shtab::domain::access::{Access, AccessRole};
    let as_role = |role: Option<AccessRole>| Access {
        login: "aigul".into(),
        role,
        deputy: false,
        deputy_may_act_for_chair: false,
    };
    let (mut app, _, _) = open_fresh(Lang::En);
    press(&mut app, KeyCode::Esc); // back to the list
    // A reader opens the protocol but cannot type, add or sign.
    app.access = as_role(None);
    press(&mut app, KeyCode::Enter);
    assert!(
        app.screens.protocol.doc.is_some(),
        "the protocol opens for reading"
    );
    press(&mut app, KeyCode::Enter);
    assert!(!typing(&app), "no typing");
    assert!(app.message.as_ref().unwrap().1);
    chr(&mut app, 'x');
    assert!(!typing(&app), "no typing");
    assert!(app.message.as_ref().unwrap().1);
    alt(&mut app, 'd');
    alt(&mut app, 'p');
    assert!(app.confirm.is_none());
    assert_eq!(stored(&app).decisions().count(), 0);
    // The secretary writes, but signing needs the chair.
    app.access = as_role(Some(AccessRole::Secretary));
    alt(&mut app, 'd');
    typ(&mut app, "Noted.");
    press(&mut app, KeyCode::Esc);
    assert_eq!(stored(&app).decisions().count(), 1);
    alt(&mut app, 'p');
    assert!(app.confirm.is_none());
    let msg = app.message.clone().unwrap().0;
    assert!(msg.contains(Lang::En.strings().access_roles[0]), "{msg}");
    app.access = as_role(Some(AccessRole::Chair));
    alt(&mut app, 'p');
    chr(&mut app, 'y');
    assert!(stored(&app).protocol.is_signed());
}

#[test]
fn a_failed_autosave_keeps_the_text_and_the_typing_and_tries_again() {
    let (mut app, _, _) = open_fresh(Lang::En);
    let t0 = Instant::now();
    app.tick(t0);
    let item = stored(&app).items[0].id;
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(focused(&app), FieldKey::HeardSummary(item));
    press(&mut app, KeyCode::Enter);
    typ(&mut app, "kept words");
    // The database refuses every write now (as a full disk or a locked file would).
    app.store
        .conn()
        .execute_batch("PRAGMA query_only = 1")
        .unwrap();
    app.tick(t0 + Duration::from_secs(3));
    assert_eq!(app.screens.protocol.mark, SaveMark::Failed);
    assert!(
        app.message.as_ref().is_some_and(|(_, error)| *error),
        "{:?}",
        app.message
    );
    assert!(app.screens.protocol.editing.is_some(), "still typing");
    // Letters that are commands elsewhere are still text ('x' deletes, 'd' adds a decision).
    typ(&mut app, " x d");
    assert_eq!(app.context(), Context::ProtocolEdit);
    assert!(app.confirm.is_none());
    assert_eq!(
        app.protocol_field_report().0,
        FieldKey::HeardSummary(item).code()
    );
    // The disk is back: the next idle tick saves everything typed.
    app.store
        .conn()
        .execute_batch("PRAGMA query_only = 0")
        .unwrap();
    app.tick(t0 + Duration::from_secs(6));
    assert_eq!(stored(&app).items[0].heard_summary, "kept words x d");
    assert_eq!(app.screens.protocol.mark, SaveMark::Saved);
}
