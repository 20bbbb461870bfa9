//! Validators attached to fields (issue 16): a bad value is marked as soon as its field is
//! left, save is refused, and the message is in the user's language.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::i18n::Lang;
use shtab::screens::directory::Pane;
use shtab::store::OrgFilter;

fn orgs(app: &shtab::app::App) -> usize {
    app.store
        .organizations(&OrgFilter::default())
        .unwrap()
        .len()
}

#[test]
fn a_bad_phone_is_marked_on_leaving_and_the_organization_is_not_saved() {
    let mut app = demo_app(Lang::Ky);
    let s = Lang::Ky.strings();
    let before = orgs(&app);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    typ(&mut app, "Өрнөк IT борбору");
    // Name (ru), kind, head, head's title: to the phone.
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "12");
    assert!(!screen(&app, 100, 30).contains(s.err_bad_phone));
    press(&mut app, KeyCode::Tab);
    let text = screen(&app, 100, 30);
    assert!(text.contains(s.err_bad_phone), "{text}");
    assert!(!text.contains(Lang::Ru.strings().err_bad_phone), "{text}");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "the form stays open");
    let text = screen(&app, 100, 30);
    assert!(text.contains(s.err_fix_fields), "{text}");
    assert_eq!(orgs(&app), before);
    // The cursor is back on the phone, its text selected: typing replaces it.
    typ(&mut app, "+996 3138 5-55-55");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "saved and closed");
    assert_eq!(orgs(&app), before + 1);
}

#[test]
fn a_term_that_ends_before_it_starts_is_marked_on_leaving_its_end() {
    let mut app = demo_app(Lang::Ru);
    let s = Lang::Ru.strings();
    chr(&mut app, '6');
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.directory.pane, Pane::Members);
    chr(&mut app, 'a');
    typ(&mut app, "Токтогулова Айгерим");
    // Position, role, organization, phone, e-mail, term from: to the term's end.
    for _ in 0..7 {
        press(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "01.01.2000");
    press(&mut app, KeyCode::Tab);
    let text = screen(&app, 100, 30);
    assert!(text.contains(s.err_term_order), "{text}");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_some(), "the form stays open");
}
