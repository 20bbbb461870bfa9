//! Tests of the key tables (kept apart so the tables stay one screenful each).
use super::*;
use ratatui::crossterm::event::KeyEventKind;

fn ev(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

const EVERY_CONTEXT: [Context; 19] = [
    Context::Global,
    Context::Directory,
    Context::Agenda,
    Context::Compliance,
    Context::Tasks,
    Context::Query,
    Context::Plan,
    Context::Reports,
    Context::Narrative,
    Context::Filter,
    Context::Form,
    Context::Confirm,
    Context::Help,
    Context::ProtocolPicker,
    Context::Protocol,
    Context::ProtocolEdit,
    Context::ProtocolField,
    Context::ProtocolForm,
    Context::ViewsForm,
];

#[test]
fn no_key_is_bound_twice_in_one_context() {
    for ctx in EVERY_CONTEXT {
        let mut seen: Vec<(Key, Action)> = Vec::new();
        for b in screen_bindings(ctx) {
            for key in keys_with_twins(b) {
                let folded = match key.code {
                    KeyCode::Char(c) => Key {
                        code: KeyCode::Char(c.to_lowercase().next().unwrap_or(c)),
                        ..key
                    },
                    _ => key,
                };
                if let Some((_, other)) = seen.iter().find(|(k, _)| *k == folded) {
                    panic!(
                        "{ctx:?}: {} is bound to {other:?} and {:?}",
                        key_label(&key),
                        b.action
                    );
                }
                seen.push((folded, b.action));
            }
        }
    }
}

#[test]
fn twins_are_derived_for_letters_only_where_a_layout_differs() {
    assert_eq!(twin('a'), Some('ф'));
    assert_eq!(twin('m'), Some('ь'));
    assert_eq!(twin('/'), Some('.'));
    assert_eq!(twin('1'), None);
    assert_eq!(twin('?'), None);
    let add = DIRECTORY.iter().find(|b| b.action == Action::Add).unwrap();
    assert_eq!(binding_label(add), "a, ф, Ins");
    assert_eq!(short_label(add), "a/ф");
    // Ctrl-letters are not twinned: Ctrl-C is Ctrl-C in every layout.
    let force = GLOBAL
        .iter()
        .find(|b| b.action == Action::ForceQuit)
        .unwrap();
    assert_eq!(binding_label(force), "Ctrl-C");
}

#[test]
fn cyrillic_letters_do_what_latin_ones_do() {
    for (lat, cyr) in [
        ('q', 'й'),
        ('a', 'ф'),
        ('e', 'у'),
        ('d', 'в'),
        ('k', 'л'),
        ('[', 'х'),
        (']', 'ъ'),
    ] {
        let ctx = Context::Directory;
        assert_eq!(
            resolve(ctx, &ev(KeyCode::Char(lat))),
            resolve(ctx, &ev(KeyCode::Char(cyr))),
            "{lat} vs {cyr}"
        );
        assert!(resolve(ctx, &ev(KeyCode::Char(lat))).is_some());
    }
    assert_eq!(
        resolve(Context::Directory, &ev(KeyCode::Char('Й'))),
        Some(Action::AskQuit),
        "a letter only asks"
    );
}

#[test]
fn plan_and_report_letters_work_in_both_layouts() {
    for (ctx, pairs) in [
        (
            Context::Plan,
            &[
                ('a', 'ф'),
                ('e', 'у'),
                ('x', 'ч'),
                ('f', 'а'),
                ('s', 'ы'),
                ('r', 'к'),
                ('l', 'д'),
                ('i', 'ш'),
            ][..],
        ),
        (Context::Reports, &[('e', 'у'), ('i', 'ш'), ('w', 'ц')][..]),
    ] {
        for (lat, cyr) in pairs {
            let a = resolve(ctx, &ev(KeyCode::Char(*lat)));
            assert!(a.is_some(), "{lat}");
            assert_eq!(a, resolve(ctx, &ev(KeyCode::Char(*cyr))), "{lat} vs {cyr}");
        }
    }
    assert_eq!(
        resolve(Context::Reports, &ev(KeyCode::Left)),
        Some(Action::PrevChoice)
    );
    assert_eq!(
        resolve(Context::Plan, &ev(KeyCode::PageUp)),
        Some(Action::PageUp),
        "list navigation"
    );
    // While the narrative is written, letters and digits are text, Enter a new line.
    assert_eq!(
        resolve(Context::Narrative, &ev(KeyCode::Char('i'))),
        Some(Action::Input('i'))
    );
    assert_eq!(
        resolve(Context::Narrative, &ev(KeyCode::Enter)),
        Some(Action::NewLine)
    );
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(resolve(Context::Narrative, &save), Some(Action::Save));
}

#[test]
fn digits_switch_tabs_but_type_in_fields() {
    assert_eq!(
        resolve(Context::Directory, &ev(KeyCode::Char('3'))),
        Some(Action::GoTab(2))
    );
    assert_eq!(
        resolve(Context::Form, &ev(KeyCode::Char('3'))),
        Some(Action::Input('3'))
    );
    assert_eq!(
        resolve(Context::Form, &ev(KeyCode::Char('q'))),
        Some(Action::Input('q'))
    );
    assert_eq!(
        resolve(Context::Form, &ev(KeyCode::F(1))),
        Some(Action::Help)
    );
    let c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for ctx in [
        Context::Form,
        Context::Help,
        Context::Confirm,
        Context::Directory,
    ] {
        assert_eq!(resolve(ctx, &c), Some(Action::ForceQuit));
    }
    let _ = KeyEventKind::Press;
}

#[test]
fn directions_are_told_apart() {
    assert_eq!(
        resolve(Context::Directory, &ev(KeyCode::Up)),
        Some(Action::Up)
    );
    assert_eq!(
        resolve(Context::Directory, &ev(KeyCode::Down)),
        Some(Action::Down)
    );
    assert_eq!(
        resolve(Context::Directory, &ev(KeyCode::BackTab)),
        Some(Action::FocusPrev)
    );
    assert_eq!(
        resolve(Context::Form, &ev(KeyCode::Left)),
        Some(Action::PrevChoice)
    );
}

#[test]
fn task_keys_have_their_cyrillic_twins_and_type_in_the_query_line() {
    for (lat, cyr) in [
        ('r', 'к'),
        ('c', 'с'),
        ('e', 'у'),
        ('g', 'п'),
        ('x', 'ч'),
        ('t', 'е'),
        ('o', 'щ'),
        ('w', 'ц'),
        ('m', 'ь'),
        ('a', 'ф'),
        ('s', 'ы'),
        ('v', 'м'),
        ('f', 'а'),
        ('/', '.'),
    ] {
        let a = resolve(Context::Tasks, &ev(KeyCode::Char(lat)));
        assert!(a.is_some(), "{lat}");
        assert_eq!(a, resolve(Context::Tasks, &ev(KeyCode::Char(cyr))), "{cyr}");
        assert_eq!(
            resolve(Context::Query, &ev(KeyCode::Char(cyr))),
            Some(Action::Input(cyr))
        );
    }
    assert_eq!(
        resolve(Context::Query, &ev(KeyCode::Tab)),
        Some(Action::Complete)
    );
    assert_eq!(
        resolve(Context::Query, &ev(KeyCode::Left)),
        Some(Action::PrevChoice)
    );
}

#[test]
fn every_binding_has_a_description_in_every_language() {
    for l in crate::i18n::Lang::ALL {
        let s = l.strings();
        for ctx in [
            Context::Global,
            Context::Directory,
            Context::Agenda,
            Context::Compliance,
            Context::Tasks,
            Context::Query,
            Context::Plan,
            Context::Reports,
            Context::Narrative,
            Context::Filter,
            Context::Form,
            Context::Confirm,
            Context::Help,
            Context::ProtocolPicker,
            Context::Protocol,
            Context::ProtocolEdit,
            Context::ProtocolForm,
            Context::ViewsForm,
        ] {
            for bd in table(ctx) {
                assert!(!(bd.desc)(s).is_empty());
                assert!(!binding_label(bd).is_empty());
            }
        }
    }
}

fn with(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, m)
}

#[test]
fn in_the_protocol_editor_every_printable_key_is_text_wherever_the_focus_is() {
    // Letters, the ЙЦУКЕН letters of old commands, digits, punctuation, q/й and ?.
    let typed = "qwertyuiopasdfghjklzxcvbnmйцукенгшщзхъфывапролджэячсмитьбюёөүң0123456789.,;:!?-+=()[]/\\\"'«»№";
    for ctx in [
        Context::Protocol,
        Context::ProtocolEdit,
        Context::ProtocolField,
    ] {
        for c in typed.chars() {
            for m in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
                let up = c.to_uppercase().next().unwrap_or(c);
                let ch = if m == KeyModifiers::SHIFT { up } else { c };
                assert_eq!(
                    resolve(ctx, &with(KeyCode::Char(ch), m)),
                    Some(Action::Input(ch)),
                    "{ctx:?}: {ch}"
                );
            }
        }
    }
    // Space types in a text field, and marks present/absent on a person's row.
    assert_eq!(
        resolve(Context::ProtocolEdit, &ev(KeyCode::Char(' '))),
        Some(Action::Input(' '))
    );
    assert_eq!(
        resolve(Context::Protocol, &ev(KeyCode::Char(' '))),
        Some(Action::TogglePresent)
    );
    // Home/End: the cursor while typing, the item's ends otherwise (Ctrl- while typing).
    assert_eq!(
        resolve(Context::ProtocolEdit, &ev(KeyCode::End)),
        Some(Action::CursorEnd)
    );
    assert_eq!(
        resolve(Context::Protocol, &ev(KeyCode::End)),
        Some(Action::Last)
    );
    assert_eq!(
        resolve(
            Context::ProtocolEdit,
            &with(KeyCode::Home, KeyModifiers::CONTROL)
        ),
        Some(Action::First)
    );
}

#[test]
fn editor_commands_are_alt_and_ctrl_keys_in_both_layouts() {
    let alt = KeyModifiers::ALT;
    let ctrl = KeyModifiers::CONTROL;
    for ctx in [
        Context::Protocol,
        Context::ProtocolEdit,
        Context::ProtocolField,
    ] {
        for (lat, cyr, action) in [
            ('s', 'ы', Action::AddSpeaker),
            ('d', 'в', Action::AddDecision),
            ('t', 'е', Action::AddTask),
            ('a', 'ф', Action::Add),
            ('x', 'ч', Action::Delete),
            ('f', 'а', Action::ShortForm),
            ('p', 'з', Action::Sign),
            ('m', 'ь', Action::Amend),
            ('w', 'ц', Action::WriteDocument),
            ('c', 'с', Action::WriteExtracts),
            ('r', 'к', Action::Reload),
        ] {
            assert_eq!(
                resolve(ctx, &with(KeyCode::Char(lat), alt)),
                Some(action),
                "{ctx:?} Alt-{lat}"
            );
            assert_eq!(
                resolve(ctx, &with(KeyCode::Char(cyr), alt)),
                Some(action),
                "{ctx:?} Alt-{cyr}"
            );
            // Shift held (or Caps Lock) changes nothing.
            let up = cyr.to_uppercase().next().unwrap_or(cyr);
            assert_eq!(
                resolve(ctx, &with(KeyCode::Char(up), alt | KeyModifiers::SHIFT)),
                Some(action)
            );
        }
        for (lat, cyr, action) in [
            ('p', 'з', Action::AddSpeaker),
            ('d', 'в', Action::AddDecision),
            ('t', 'е', Action::AddTask),
            ('s', 'ы', Action::Save),
            ('r', 'к', Action::Reload),
            ('q', 'й', Action::Quit),
        ] {
            assert_eq!(
                resolve(ctx, &with(KeyCode::Char(lat), ctrl)),
                Some(action),
                "{ctx:?} Ctrl-{lat}"
            );
            assert_eq!(
                resolve(ctx, &with(KeyCode::Char(cyr), ctrl)),
                Some(action),
                "{ctx:?} Ctrl-{cyr}"
            );
        }
        // An Alt-letter no table binds is nothing, not text.
        assert_eq!(resolve(ctx, &with(KeyCode::Char('j'), alt)), None);
        assert_eq!(resolve(ctx, &ev(KeyCode::F(10))), Some(Action::Quit));
        assert_eq!(resolve(ctx, &ev(KeyCode::Insert)), Some(Action::Add));
    }
    assert_eq!(
        resolve(Context::ProtocolEdit, &ev(KeyCode::Delete)),
        Some(Action::DeleteChar),
        "Delete is a character while typing"
    );
    assert_eq!(
        resolve(Context::Protocol, &ev(KeyCode::Delete)),
        Some(Action::Delete)
    );
    assert_eq!(
        resolve(Context::ProtocolEdit, &with(KeyCode::Delete, ctrl)),
        Some(Action::Delete)
    );
    // Help: Alt-letters by their Latin letter; the status line shows the main ones.
    let sign = PROTOCOL_COMMANDS
        .iter()
        .find(|b| b.action == Action::Sign)
        .unwrap();
    assert_eq!(binding_label(sign), "Alt-P");
    let hint = status_hint(Context::ProtocolEdit, crate::i18n::Lang::En.strings());
    let keys: Vec<&str> = hint.iter().map(|h| h.0.as_str()).collect();
    for k in ["Tab", "Ctrl-P", "Ctrl-D", "Ctrl-T", "Alt-P", "Alt-W"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
}

#[test]
fn q_asks_on_a_list_f10_and_ctrl_q_quit_at_once_and_in_a_field_q_is_text() {
    let ctrl_q = with(KeyCode::Char('q'), KeyModifiers::CONTROL);
    let ctrl_j = with(KeyCode::Char('й'), KeyModifiers::CONTROL);
    for ctx in [
        Context::Directory,
        Context::Agenda,
        Context::Compliance,
        Context::Tasks,
        Context::Plan,
        Context::Reports,
        Context::ProtocolPicker,
    ] {
        assert_eq!(
            resolve(ctx, &ev(KeyCode::Char('q'))),
            Some(Action::AskQuit),
            "{ctx:?}"
        );
        assert_eq!(
            resolve(ctx, &ev(KeyCode::Char('й'))),
            Some(Action::AskQuit),
            "{ctx:?}"
        );
        assert_eq!(resolve(ctx, &ev(KeyCode::F(10))), Some(Action::Quit));
        assert_eq!(resolve(ctx, &ctrl_q), Some(Action::Quit));
        assert_eq!(resolve(ctx, &ctrl_j), Some(Action::Quit));
    }
    for ctx in [
        Context::Form,
        Context::Filter,
        Context::Query,
        Context::Narrative,
        Context::Protocol,
        Context::ProtocolEdit,
        Context::ProtocolForm,
        Context::ViewsForm,
    ] {
        assert_eq!(
            resolve(ctx, &ev(KeyCode::Char('q'))),
            Some(Action::Input('q'))
        );
        assert_eq!(
            resolve(ctx, &ev(KeyCode::Char('й'))),
            Some(Action::Input('й'))
        );
        assert_eq!(resolve(ctx, &ctrl_q), Some(Action::Quit), "{ctx:?}");
    }
}

#[test]
fn questions_are_answered_in_the_ui_language_and_never_by_a_layout_twin() {
    use crate::i18n::Lang;
    let key = |c: char| ev(KeyCode::Char(c));
    let cases = [
        (Lang::Ky, "оОyY", "жЖnN", "днlт"),
        (Lang::Ru, "дДyY", "нНnN", "ожlт"),
        (Lang::En, "yY", "nN", "днож"),
    ];
    for (lang, yes, no, nothing) in cases {
        for undo in [false, true] {
            for c in yes.chars() {
                assert_eq!(
                    answer(lang, undo, &key(c)),
                    Some(Action::Yes),
                    "{lang:?} {c}"
                );
            }
            for c in no.chars() {
                assert_eq!(
                    answer(lang, undo, &key(c)),
                    Some(Action::No),
                    "{lang:?} {c}"
                );
            }
            for c in nothing.chars() {
                assert_eq!(answer(lang, undo, &key(c)), None, "{lang:?} {c}");
            }
            assert_eq!(answer(lang, undo, &ev(KeyCode::Esc)), Some(Action::No));
        }
        // Enter: yes, except where it cannot be undone.
        assert_eq!(answer(lang, false, &ev(KeyCode::Enter)), Some(Action::Yes));
        assert_eq!(answer(lang, true, &ev(KeyCode::Enter)), Some(Action::No));
    }
    // "н" is on the key of y: a Russian "нет", nothing in Kyrgyz, never yes.
    for lang in Lang::ALL {
        assert_ne!(answer(lang, false, &key('н')), Some(Action::Yes));
    }
    // The hint shows the letters of the language.
    let s = Lang::Ru.strings();
    let h = answer_hint(Lang::Ru, false, s);
    assert_eq!(h[0], ("Enter/д".to_string(), s.key_yes));
    assert_eq!(h[1], ("Esc/н".to_string(), s.key_no));
    let h = answer_hint(Lang::Ky, true, Lang::Ky.strings());
    assert_eq!(h[0].0, "о");
    assert_eq!(h[1].0, "Enter/Esc/ж");
}

#[test]
fn esc_on_a_text_field_says_what_it_does_typing_or_not() {
    let s = crate::i18n::Lang::En.strings();
    let esc = |ctx| {
        status_hint(ctx, s)
            .into_iter()
            .find(|h| h.0 == "Esc")
            .map(|h| h.1)
    };
    // Typing: Esc leaves the field; on the field, not typing: Esc goes back to the list.
    assert_eq!(esc(Context::ProtocolEdit), Some(s.protocol.key_leave_field));
    assert_eq!(esc(Context::ProtocolField), Some(s.protocol.key_back));
    for ctx in [Context::ProtocolEdit, Context::ProtocolField] {
        assert_eq!(resolve(ctx, &ev(KeyCode::Esc)), Some(Action::Cancel));
        // Everything else on a text field is the same, typing or not.
        for code in [
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Tab,
            KeyCode::Char(' '),
        ] {
            assert_eq!(
                resolve(ctx, &ev(code)),
                resolve(Context::ProtocolEdit, &ev(code)),
                "{ctx:?}: {code:?}"
            );
        }
    }
}
