//! Tests of the key tables (kept apart so the tables stay one screenful each).
use super::*;
use ratatui::crossterm::event::KeyEventKind;

fn ev(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

const EVERY_CONTEXT: [Context; 17] = [
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
        Some(Action::Quit)
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
        ] {
            for bd in table(ctx) {
                assert!(!(bd.desc)(s).is_empty());
                assert!(!binding_label(bd).is_empty());
            }
        }
    }
}
