//! The paper-writing form the tabs share (issue 16): the protocol's is the agenda's with the
//! full/short choice; the file's name follows the choices and Enter writes the paper.

use crate::common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::action::Action;
use shtab::app::App;
use shtab::i18n::Lang;
use shtab::keymap::Context;

fn path(app: &App) -> String {
    let form = app.form.as_ref().expect("the form is open");
    form.fields.last().unwrap().text_value().to_string()
}

#[test]
fn the_protocol_is_written_from_the_shared_paper_form() {
    let mut app = demo_app(Lang::Ky);
    chr(&mut app, '2');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.context(), Context::ProtocolField);
    let doc = app.screens.protocol.doc.clone().unwrap();
    let label = doc.protocol.label().unwrap_or_else(|| doc.session.label());
    let form = if doc.protocol.short_form {
        "short"
    } else {
        "full"
    };
    let name = format!("protokol-{}-ky-{form}.docx", label.replace('/', "-"));
    app.update(Action::WriteDocument);
    assert_eq!(app.form.as_ref().unwrap().fields.len(), 4);
    assert!(path(&app).ends_with(&name), "{}", path(&app));
    // The third field is the paper's form: the name says the other one.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right);
    let other = if form == "full" { "short" } else { "full" };
    let renamed = name.replace(&format!("-{form}."), &format!("-{other}."));
    assert!(path(&app).ends_with(&renamed), "{}", path(&app));
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("protokol");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    for _ in 0..300 {
        press(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, target.to_str().unwrap());
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{}", screen(&app, 100, 30));
    let written = std::fs::read(target.with_extension("docx")).unwrap();
    let text = shtab::docs::testing::docx_text(&written);
    assert!(text.contains("ПРОТОКОЛ"), "{text}");
}

#[test]
fn an_empty_file_name_is_marked_and_nothing_is_written() {
    let mut app = demo_app(Lang::Ru);
    app.update(Action::WriteDocument);
    assert_eq!(app.form.as_ref().unwrap().fields.len(), 3, "the agenda's");
    for _ in 0..2 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::End);
    for _ in 0..300 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("the form stays open");
    assert!(form.fields[2].error.is_some(), "{}", screen(&app, 100, 30));
}
