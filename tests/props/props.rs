//! Random keys and terminal sizes (down to 1×1): no panic, and the database stays consistent.

use crate::common;

use common::*;
use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use shtab::i18n::Lang;

fn key_strategy() -> impl Strategy<Value = Event> {
    let codes = prop_oneof![
        // Letters that are shortcuts in either layout, digits, and text.
        prop::sample::select(vec![
            'a', 'e', 'd', 'x', 'k', 'i', 'q', 'y', 'n', '/', '?', '[', ']', 'ф', 'у', 'в', 'ч',
            'л', 'ш', 'й', 'н', 'т', 'х', 'ъ', '1', '2', '3', '4', '5', '6', '7', 'Ө', 'ң', ' ',
            '.', '0', '9', 'n', 'p', 'o', 'h', 'w', 's', '-', '+', 'т', 'з', 'щ', 'р', 'ц', 'ы',
            // The Tasks tab: report, close, extend, grant, cancel, reassign, views, query.
            // The protocol editor: speaker, decision, task, sign, amend, write, extracts,
            // reload, form (most are the Tasks tab's letters too).
            'r', 'c', 'g', 't', 'm', 'v', 'f', 'к', 'с', 'п', 'е', 'ь', 'м', 'а', ':', '"', '<',
            // The Plan and Reports tabs: link, import (i/ш), issue, narrative.
            'l', 'д', '#',
        ])
        .prop_map(KeyCode::Char),
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::F(1),
            KeyCode::F(2),
        ]),
    ];
    // Ctrl with the editor's keys: add speaker/decision/task, save, reload, undo, paste
    // back, end of month, and Ctrl-↑/↓ between items.
    let ctrl = prop::sample::select(vec![
        KeyCode::Char('p'),
        KeyCode::Char('d'),
        KeyCode::Char('t'),
        KeyCode::Char('s'),
        KeyCode::Char('r'),
        KeyCode::Char('v'),
        KeyCode::Char('z'),
        KeyCode::Char('y'),
        KeyCode::Char('e'),
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Delete,
        KeyCode::Home,
        KeyCode::End,
    ]);
    // Alt with the editor's commands, in both layouts: speaker, decision, task, item,
    // delete, short form, sign, amend, write, extracts, reload.
    let alt = prop::sample::select(vec![
        's', 'd', 't', 'a', 'x', 'f', 'p', 'm', 'w', 'c', 'r', 'ы', 'в', 'е', 'ф', 'ч', 'з',
    ])
    .prop_map(KeyCode::Char);
    prop_oneof![
        3 => alt.prop_map(|c| Event::Key(ratatui::crossterm::event::KeyEvent::new(c, KeyModifiers::ALT))),
        20 => codes.prop_map(|c| Event::Key(ratatui::crossterm::event::KeyEvent::new(c, KeyModifiers::NONE))),
        4 => ctrl.prop_map(|c| Event::Key(ratatui::crossterm::event::KeyEvent::new(c, KeyModifiers::CONTROL))),
        1 => (0u16..120, 0u16..40).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (0u16..120, 0u16..40).prop_map(|(column, row)| Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })),
        1 => Just(Event::Paste("Өрнөк\n1.1".into())),
        1 => Just(Event::Paste("p\ry\r\n".into())),
        1 => Just(Event::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('s'),
            KeyModifiers::CONTROL,
        ))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_and_sizes_never_panic(
        events in prop::collection::vec(key_strategy(), 1..120),
        w in 1u16..130,
        h in 1u16..45,
    ) {
        let mut app = demo_app(Lang::Ky);
        app.resize(w, h);
        for ev in &events {
            app.handle_event(ev);
            // Long work (an import started from the Plan tab) runs as the event loop runs it.
            while app.busy() {
                app.work();
            }
            if app.quit {
                break;
            }
            let (w, h) = (app.size.width.max(1), app.size.height.max(1));
            let _ = screen(&app, w, h);
        }
        let _ = screen(&app, w, h);
        prop_assert!(app.store.check().unwrap().is_empty());
        let members = app.store.all_members().unwrap();
        let today = today();
        let chairs = members.iter().filter(|m| m.role == shtab::domain::Role::Chair && m.serves_on(today)).count();
        prop_assert_eq!(chairs, 1, "exactly one chair serving");
    }

    /// In the protocol editor (the demo's draft open), with time passing: no panic, the
    /// database stays consistent, and every signed protocol still verifies.
    #[test]
    fn random_keys_in_the_protocol_editor(
        events in prop::collection::vec(key_strategy(), 1..150),
        w in 1u16..130,
        h in 1u16..45,
    ) {
        let mut app = demo_app(Lang::Ru);
        app.handle_event(&Event::Key(ratatui::crossterm::event::KeyEvent::new(KeyCode::Char('2'), KeyModifiers::NONE)));
        app.handle_event(&Event::Key(ratatui::crossterm::event::KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        app.resize(w, h);
        let start = app.now;
        for (i, ev) in events.iter().enumerate() {
            app.handle_event(ev);
            app.tick(start + std::time::Duration::from_millis(700 * i as u64));
            if app.quit {
                break;
            }
            let (w, h) = (app.size.width.max(1), app.size.height.max(1));
            let _ = screen(&app, w, h);
        }
        prop_assert!(app.store.check().unwrap().is_empty());
        let signed: Vec<i64> = {
            let mut st = app.store.conn().prepare("SELECT id FROM protocol WHERE status = 'signed'").unwrap();
            st.query_map([], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
        };
        for id in signed {
            prop_assert!(app.store.verify_protocol(id).unwrap().intact, "protocol {}", id);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any bytes at all: the CSV reader answers rows or problems, never panics.
    #[test]
    fn plan_csv_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = shtab::domain::plan_csv::parse(&bytes);
    }

    /// Text made of the characters that matter (quotes, separators, line ends, BOM).
    #[test]
    fn plan_csv_never_panics_on_tricky_text(
        text in "(\u{feff})?(number|№|title|progress|deadline|[;,\"\r\n\t]|1\\.1|2026-01-01|31.12.2026|100%|Өрнөк| ){0,60}",
    ) {
        if let Ok(parsed) = shtab::domain::plan_csv::parse(text.as_bytes()) {
            for row in &parsed.rows {
                prop_assert!(row.line >= 2, "data rows come after the header");
                prop_assert!(!row.number.is_empty());
            }
        }
    }

    /// Fields written the way a spreadsheet quotes them come back as they were.
    #[test]
    fn quoted_fields_round_trip(
        fields in prop::collection::vec("[a-zA-Zа-яӨөҢңҮү0-9 ;,\"\n]{0,12}", 1..6),
        sep in prop::sample::select(vec![';', ',']),
    ) {
        let line: Vec<String> = fields
            .iter()
            .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
            .collect();
        let header: Vec<String> = (0..fields.len()).map(|i| format!("c{i}")).collect();
        let text = format!("{}\r\n{}\r\n", header.join(&sep.to_string()), line.join(&sep.to_string()));
        let (found, records) = shtab::domain::csv::parse(text.as_bytes()).unwrap();
        if fields.len() > 1 {
            prop_assert_eq!(found, sep);
        }
        prop_assert_eq!(records.len(), 2);
        prop_assert_eq!(&records[1].fields, &fields);
    }
}

/// Every text of a protocol in order (titles, speakers, summaries, decisions, reasons), to
/// see that typing into one field changes that one only.
fn texts(doc: &shtab::domain::protocol::ProtocolDoc) -> Vec<String> {
    let p = &doc.protocol;
    let mut v = vec![p.place.clone(), p.presiding.clone(), p.secretary.clone()];
    for a in &doc.attendance {
        v.push(format!("{} {}", a.present, a.absence_reason));
    }
    for i in &doc.items {
        v.extend([
            i.title.clone(),
            i.heard_speaker.clone(),
            i.heard_summary.clone(),
        ]);
        for s in &i.speeches {
            v.extend([s.speaker.clone(), s.summary.clone()]);
        }
        for d in &i.decisions {
            v.push(format!("{} {}", d.number, d.text));
            v.extend(d.tasks.iter().map(|t| format!("{} {}", t.text, t.deadline)));
        }
    }
    v.push(format!("{} {}", p.short_form, p.is_signed()));
    v
}

/// Text a secretary may type: Cyrillic (Kyrgyz letters too), Latin, digits, punctuation,
/// spaces, and the ЙЦУКЕН letters that are commands on lists.
fn typed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("йфывапрс".to_string()),
        1 => Just("Мэриянын финансы бөлүмү".to_string()),
        4 => prop::collection::vec(
            prop::sample::select(
                "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөүңАБВЙЦУКЕНӨҮҢabcdefghijklmnopqrstuvwxyzQXY0123456789 .,;:!?-+=()[]{}/\\'\"«»№%&*_<>@#$^~|`".chars().collect::<Vec<_>>(),
            ),
            1..40,
        )
        .prop_map(|v| v.into_iter().collect()),
        2 => "[\\p{L}\\p{N}\\p{P}\\p{S} ]{1,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Typed into a focused text field of the protocol editor, without Enter first, any text
    /// ends up exactly as that field's text; nothing else changes: the tab, the focus, the
    /// other fields; no question, form or help opens, nothing quits.
    #[test]
    fn any_text_typed_into_a_focused_field_is_that_field_s_text(
        text in typed_text(),
        which in 0usize..3,
        ky in any::<bool>(),
    ) {
        use shtab::screens::protocol::FieldKey;
        let mut app = demo_app(if ky { Lang::Ky } else { Lang::Ru });
        chr(&mut app, '2');
        press(&mut app, KeyCode::Enter);
        let doc = app.screens.protocol.doc.clone().expect("the demo's draft opens");
        prop_assert!(!doc.protocol.is_signed());
        let item = &doc.items[0];
        let key = match which {
            0 => FieldKey::ItemTitle(item.id),
            1 => FieldKey::HeardSummary(item.id),
            _ => FieldKey::DecisionText(item.decisions[0].id),
        };
        prop_assert!(app.focus_protocol_field(&key.code()));
        prop_assert!(app.screens.protocol.editing.is_none(), "not typing yet");
        let before = texts(&doc);
        let (code, old) = app.protocol_field_report();
        for c in text.chars() {
            let m = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
            press_mod(&mut app, KeyCode::Char(c), m);
            prop_assert!(app.confirm.is_none() && app.form.is_none() && !app.help && !app.quit, "{:?} after {:?}", c, text);
        }
        prop_assert_eq!(app.tab, shtab::screens::Tab::Protocol);
        prop_assert_eq!(app.screens.protocol.focused(), Some(key));
        // Leaving the field saves it.
        press(&mut app, KeyCode::Esc);
        let (code_after, now) = app.protocol_field_report();
        prop_assert_eq!(&code_after, &code);
        let expected = format!("{old}{text}");
        prop_assert_eq!(&now, &expected);
        let stored = app.store.protocol_doc(doc.protocol.id).unwrap();
        let after = texts(&stored);
        let changed: Vec<usize> = (0..before.len()).filter(|i| before.get(*i) != after.get(*i)).collect();
        prop_assert_eq!(before.len(), after.len());
        prop_assert!(changed.len() == 1 || text.is_empty(), "{:?}", changed);
    }
}
