//! The screens as a user drives them: key sequences, assertions on state and on screen,
//! and snapshots of every tab in ky, ru and en at 100×30 with a fixed "today".

use crate::common;

use common::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};
use shtab::domain::OrgKind;
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::screens::directory::Pane;
use shtab::store::OrgFilter;

#[test]
fn every_tab_in_every_language() {
    for lang in Lang::ALL {
        let mut app = demo_app(lang);
        for (i, tab) in Tab::ALL.iter().enumerate() {
            chr(&mut app, char::from_digit(i as u32 + 1, 10).unwrap());
            assert_eq!(app.tab, *tab);
            let text = screen(&app, 100, 30);
            assert!(text.contains(lang.strings().tabs[i]), "{text}");
            insta::assert_snapshot!(format!("tab{}_{:?}_{}", i + 1, tab, lang.code()), text);
        }
    }
}

#[test]
fn tabs_switch_with_brackets_in_both_layouts() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, ']');
    assert_eq!(app.tab, Tab::Protocol);
    chr(&mut app, 'ъ');
    assert_eq!(app.tab, Tab::Tasks);
    chr(&mut app, 'х');
    chr(&mut app, '[');
    assert_eq!(app.tab, Tab::Agenda);
    chr(&mut app, '[');
    assert_eq!(app.tab, Tab::Reports, "wraps around");
}

#[test]
fn press_and_release_act_once() {
    let mut app = demo_app(Lang::En);
    press(&mut app, KeyCode::Char(']'));
    release(&mut app, KeyCode::Char(']'));
    assert_eq!(app.tab, Tab::Protocol);
}

#[test]
fn help_lists_the_keys_of_the_screen_in_its_language() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '6');
    press(&mut app, KeyCode::F(1));
    assert!(app.help);
    let text = screen(&app, 100, 30);
    let s = Lang::Ky.strings();
    for needle in [
        s.help_title,
        s.key_add,
        s.key_toggle_active,
        s.key_kind,
        "a, ф, Ins",
        "q, й",
        "F10, Ctrl-Q",
    ] {
        assert!(text.contains(needle), "{needle} missing in\n{text}");
    }
    insta::assert_snapshot!("help_directory_ky", text);
    press(&mut app, KeyCode::Esc);
    assert!(!app.help);
    chr(&mut app, '?');
    assert!(app.help);
    chr(&mut app, 'й');
    assert!(!app.help, "q/й closes help, does not quit");
    assert!(!app.quit);
}

#[test]
fn f2_cycles_the_language_and_remembers_it() {
    let mut app = demo_app(Lang::Ky);
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.lang, Lang::Ru);
    // Remembered for this login only (issue 14): nothing database-wide.
    let login = app.access.login.clone();
    assert_eq!(app.store.ui_lang(&login).unwrap(), Some(Lang::Ru));
    assert_eq!(app.store.ui_lang("someone-else").unwrap(), None);
    assert_eq!(app.store.setting("lang").unwrap(), None);
    assert!(screen(&app, 100, 30).contains("Повестка"));
}

#[test]
fn add_an_organization_through_the_form() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    assert!(app.form.is_some());
    typ(&mut app, "Өрнөк IT борбору");
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "IT-центр Орнок");
    press(&mut app, KeyCode::Tab);
    // Kind: step right from "organization" to "institution".
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "Асанов Бакыт");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    typ(&mut app, "+996 3138 5-55-55");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "saved and closed");
    let found = app
        .store
        .organizations(&OrgFilter {
            text: "өрнөк IT БОРБОРУ".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, OrgKind::Institution);
    assert_eq!(found[0].head_name, "Асанов Бакыт");
    assert_eq!(
        app.screens.directory.selected_org().unwrap().id,
        found[0].id
    );
    assert!(screen(&app, 100, 30).contains("Saved."));
}

#[test]
fn cyrillic_layout_drives_the_directory() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '6');
    chr(&mut app, 'ф');
    assert!(app.form.is_some(), "ф is a on the same key");
    press(&mut app, KeyCode::Esc);
    assert!(app.form.is_none(), "an untouched form closes at once");
    let before = app.screens.directory.kind;
    chr(&mut app, 'л');
    assert_ne!(app.screens.directory.kind, before, "л is k: filter by kind");
    // й (q) asks first: ж (жок) and Esc keep the app, о (ооба) quits.
    chr(&mut app, 'й');
    assert!(!app.quit && app.confirm.is_some());
    chr(&mut app, 'ж');
    assert!(!app.quit && app.confirm.is_none());
    chr(&mut app, 'й');
    press(&mut app, KeyCode::Esc);
    assert!(!app.quit && app.confirm.is_none());
    chr(&mut app, 'Й');
    chr(&mut app, 'о');
    assert!(app.quit);
}

#[test]
fn bad_date_is_reported_inline_and_nothing_saved() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, '6');
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.directory.pane, Pane::Members);
    let before = app.store.all_members().unwrap().len();
    chr(&mut app, 'a');
    typ(&mut app, "Токтогулова Айгерим");
    for _ in 0..6 {
        press(&mut app, KeyCode::Tab);
    }
    // Term from: replace the proposed date with an impossible one.
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "31.02.2026");
    // Leaving the field shows the mistake at once.
    press(&mut app, KeyCode::Tab);
    let text = screen(&app, 100, 30);
    assert!(text.contains(Lang::Ru.strings().err_bad_date), "{text}");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "the form stays open");
    let text = screen(&app, 100, 30);
    let s = Lang::Ru.strings();
    assert!(text.contains(s.err_bad_date), "{text}");
    assert!(text.contains(s.err_fix_fields), "{text}");
    insta::assert_snapshot!("member_form_bad_date_ru", text);
    assert_eq!(app.store.all_members().unwrap().len(), before);
    // Esc on a changed form asks first; n keeps it.
    press(&mut app, KeyCode::Esc);
    assert!(app.confirm.is_some());
    chr(&mut app, 'n');
    assert!(app.form.is_some());
}

#[test]
fn a_second_chair_is_refused() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    press(&mut app, KeyCode::Tab);
    chr(&mut app, 'a');
    typ(&mut app, "Second Chair");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    // Role: member → (left) secretary → deputy → chair.
    for _ in 0..3 {
        press(&mut app, KeyCode::Left);
    }
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some());
    let text = screen(&app, 100, 30);
    assert!(text.contains("is already the chair"), "{text}");
    assert!(
        app.store
            .all_members()
            .unwrap()
            .iter()
            .all(|m| m.full_name != "Second Chair")
    );
}

#[test]
fn delete_only_what_nothing_refers_to() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    // A demo organization has tasks: deleting it is refused.
    let id = app.screens.directory.selected_org().unwrap().id;
    chr(&mut app, 'x');
    assert!(app.confirm.is_some());
    chr(&mut app, 'y');
    assert!(app.store.organization(id).is_ok());
    assert!(screen(&app, 100, 30).contains("Cannot delete"));
    // A new one can go, after a confirmation.
    chr(&mut app, 'a');
    typ(&mut app, "Ааа убактылуу");
    press(&mut app, KeyCode::Enter);
    let new_id = app.screens.directory.selected_org().unwrap().id;
    assert_ne!(new_id, id);
    chr(&mut app, 'x');
    chr(&mut app, 'n');
    assert!(app.store.organization(new_id).is_ok(), "n keeps it");
    // It cannot be undone: Enter means no, the yes letter deletes.
    chr(&mut app, 'x');
    assert!(screen(&app, 100, 30).contains(Lang::En.strings().confirm_irreversible));
    press(&mut app, KeyCode::Enter);
    assert!(app.store.organization(new_id).is_ok(), "Enter keeps it");
    chr(&mut app, 'x');
    chr(&mut app, 'y');
    assert!(app.store.organization(new_id).is_err(), "gone");
}

#[test]
fn deactivate_hides_and_shows_with_inactive() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    let shown = app.screens.directory.orgs.len();
    let id = app.screens.directory.selected_org().unwrap().id;
    chr(&mut app, 'd');
    assert_eq!(app.screens.directory.orgs.len(), shown - 1);
    assert!(!app.store.organization(id).unwrap().active);
    chr(&mut app, 'i');
    assert!(app.screens.directory.orgs.iter().any(|o| o.id == id));
}

#[test]
fn text_filter_is_cyrillic_folded() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '6');
    chr(&mut app, '/');
    typ(&mut app, "МЕКТЕБИ");
    assert!(!app.screens.directory.orgs.is_empty());
    assert!(app.screens.directory.orgs.iter().all(
        |o| o.name_ky.to_lowercase().contains("мектеби")
            || o.name_ru.to_lowercase().contains("мектеби")
            || o.head_name.to_lowercase().contains("мектеби")
            || o.address.to_lowercase().contains("мектеби")
    ));
    // Digits typed in the filter are text, not tab switches.
    chr(&mut app, '5');
    assert_eq!(app.tab, Tab::Directory);
    press(&mut app, KeyCode::Esc);
    assert!(!app.screens.directory.filtering);
    assert_eq!(app.screens.directory.filter.value(), "");
}

#[test]
fn paste_with_line_breaks_does_not_submit() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    app.handle_event(&Event::Paste("Line one\nLine two\n".into()));
    assert!(app.form.is_some());
    assert_eq!(
        app.form.as_ref().unwrap().fields[0].text_value(),
        "Line one Line two "
    );
}

#[test]
fn mouse_selects_tabs_and_rows() {
    let mut app = demo_app(Lang::En);
    let click = |app: &mut shtab::app::App, column, row| {
        app.handle_event(&Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    // Tab 6 label: find its column on screen.
    let text = screen(&app, 100, 30);
    let tab_row = text.lines().nth(1).unwrap();
    let byte = tab_row.find(" 6 ").unwrap();
    let col = tab_row[..byte].chars().count() as u16 + 1;
    click(&mut app, col, 1);
    assert_eq!(app.tab, Tab::Directory);
    // Third organization row: title 0, tabs 1, filter 2, border 3, header 4, rows from 5.
    click(&mut app, 5, 7);
    assert_eq!(app.screens.directory.org_cursor.selected, 2);
    app.handle_event(&Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 7,
        modifiers: KeyModifiers::NONE,
    }));
    assert_eq!(app.screens.directory.org_cursor.selected, 3);
}

#[test]
fn too_small_shows_a_notice() {
    let app = demo_app(Lang::Ky);
    let text = screen(&app, 60, 20);
    assert!(text.contains("80×24"), "{text}");
    // Down to 1×1 nothing panics.
    for (w, h) in [(1, 1), (2, 1), (1, 5), (79, 24), (80, 23)] {
        let _ = screen(&app, w, h);
    }
}

#[test]
fn ctrl_c_quits_even_from_a_form() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    typ(&mut app, "x");
    press_mod(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.quit);
}

#[test]
fn f10_with_unsaved_form_asks_first() {
    let mut app = demo_app(Lang::En);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    typ(&mut app, "q");
    assert!(!app.quit, "q in a field is a letter");
    press(&mut app, KeyCode::F(10));
    assert!(!app.quit);
    assert!(app.confirm.is_some());
    chr(&mut app, 'y');
    assert!(app.quit);
}

#[test]
fn empty_database_shows_how_to_start() {
    let mut app = empty_app(Lang::En);
    chr(&mut app, '6');
    let text = screen(&app, 100, 30);
    assert!(text.contains("Nothing here. Press a to add."), "{text}");
    chr(&mut app, 'e');
    assert!(screen(&app, 100, 30).contains("Nothing selected."));
}

#[test]
fn quitting_from_a_list_asks_in_russian_and_f10_quits_at_once() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, '6');
    // й (q on the Cyrillic layout) asks; the question shows Russian answers.
    chr(&mut app, 'й');
    let q = screen(&app, 100, 30);
    assert!(q.contains(Lang::Ru.strings().confirm_quit_app), "{q}");
    assert!(q.contains("Enter/д") && q.contains("Esc/н"), "{q}");
    chr(&mut app, 'н'); // нет
    assert!(!app.quit && app.confirm.is_none());
    // Other keys leave the question open; Latin y works in every language.
    chr(&mut app, 'q');
    chr(&mut app, 'x');
    assert!(app.confirm.is_some() && !app.quit);
    chr(&mut app, 'y');
    assert!(app.quit);
    // F10 and Ctrl-Q quit at once.
    let mut app = demo_app(Lang::Ru);
    press(&mut app, KeyCode::F(10));
    assert!(app.quit && app.confirm.is_none());
    let mut app = demo_app(Lang::Ky);
    press_mod(&mut app, KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert!(app.quit && app.confirm.is_none());
    // Enter answers yes to a question that can be undone (quitting): д/о/Enter.
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, 'q');
    assert!(screen(&app, 100, 30).contains("Enter/о"));
    press(&mut app, KeyCode::Enter);
    assert!(app.quit);
}

/// Directory `s` (`ы` on a Russian layout): the HQ's settings as a form; typing replaces a
/// prefilled value, a bad value is refused in the user's language and nothing is saved.
#[test]
fn the_settings_form_saves_checked_values_in_both_languages() {
    for (lang, key) in [(Lang::Ky, 's'), (Lang::Ru, 'ы')] {
        let mut app = demo_app(lang);
        chr(&mut app, '6');
        assert_eq!(app.tab, Tab::Directory);
        chr(&mut app, key);
        let s = lang.strings();
        let shown = screen(&app, 80, 24);
        assert!(shown.contains(s.settings.title), "{shown}");
        assert!(shown.contains(s.settings.smtp_host), "{shown}");
        insta::assert_snapshot!(format!("settings_form_{}", lang.code()), shown);
        // City is the third field; the prefilled value is replaced by what is typed.
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        typ(&mut app, "Кант");
        // A bad sender address (the 12th field): refused, the field says why, nothing saved.
        for _ in 0..9 {
            press(&mut app, KeyCode::Tab);
        }
        typ(&mut app, "not an address");
        press(&mut app, KeyCode::Enter);
        assert!(screen(&app, 80, 24).contains(s.settings.err_address));
        assert_eq!(app.store.city().unwrap(), "Токмок");
        press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
        typ(&mut app, "shtab@tokmok.kg");
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.store.city().unwrap(), "Кант");
        assert_eq!(
            app.store.setting_or_default("smtp.from").unwrap(),
            "shtab@tokmok.kg"
        );
        let (msg, is_error) = app.message.clone().unwrap();
        assert!(!is_error, "{msg}");
        assert_eq!(msg, s.settings.msg_saved.fill([&2]));
    }
}

/// The directory's fields for papers at the end of the organization form: the head's title
/// in Russian and the gender override, saved with the record in one go.
#[test]
fn an_organization_s_paper_fields_are_edited_on_the_form() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, '6');
    let org = app.screens.directory.selected_org().unwrap().id;
    press(&mut app, KeyCode::Enter);
    let s = Lang::Ru.strings();
    let shown = screen(&app, 100, 30);
    assert!(shown.contains(s.settings.f_head_title_ru), "{shown}");
    assert!(shown.contains(s.settings.f_head_gender), "{shown}");
    for _ in 0..8 {
        press(&mut app, KeyCode::Tab);
    }
    press_mod(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    typ(&mut app, "Директор");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    let people = app.store.paper_people().unwrap();
    assert_eq!(
        people.heads.get(&org),
        Some(&("Директор".to_string(), "f".to_string())),
        "{:?}",
        app.message
    );
}

/// The delete question names the organization as the list shows it: in Russian on a Russian
/// screen (it said the Kyrgyz name).
#[test]
fn the_delete_question_names_the_organization_in_the_ui_language() {
    let mut app = demo_app(Lang::Ru);
    chr(&mut app, '6');
    let org = app.screens.directory.selected_org().unwrap().clone();
    assert_ne!(org.name_ru, org.name_ky, "the demo's first one has both");
    press(&mut app, KeyCode::Delete);
    assert!(app.confirm.is_some());
    let shown = screen(&app, 200, 40);
    assert!(shown.contains(&format!("«{}»", org.name_ru)), "{shown}");
    assert!(!shown.contains(&format!("«{}»", org.name_ky)), "{shown}");
    press(&mut app, KeyCode::Esc);
    assert!(app.confirm.is_none());
}
