//! The Reports tab's narrative editor in two languages: its title names the language being
//! written, its bottom line the key that switches; the preview shows the UI language's text.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::domain::report::{Month, Narrative};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

fn oct() -> Month {
    Month::parse("2026-10").unwrap()
}

/// October with both narratives written, the editor open (on the UI language's).
fn editor_app(lang: Lang, w: u16, h: u16) -> App {
    let mut store = Store::open_in_memory().unwrap();
    let n = Narrative {
        ky: "Октябрда штабдын эки отуруму өттү, сегиз чечим кабыл алынды.\n\
             Мектептерди интернетке туташтыруу боюнча иш кечигип жатат."
            .into(),
        ru: "В октябре прошли два заседания штаба, принято восемь решений.\n\
             Подключение школ к сети Интернет отстаёт от графика."
            .into(),
    };
    store.save_report_narratives(oct(), &n, 0).unwrap();
    let mut app = App::new(store, lang, today(), false);
    app.documents_dir = docs_dir();
    app.resize(w, h);
    chr(&mut app, '7');
    assert_eq!(app.tab, Tab::Reports);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    assert!(app.screens.reports.editor.is_some());
    app
}

#[test]
fn the_editor_names_its_language_and_switches_with_f3() {
    for lang in [Lang::Ky, Lang::Ru] {
        for (w, h) in [(80, 24), (140, 40)] {
            let mut app = editor_app(lang, w, h);
            let p = lang.strings().plan;
            let (own, other, own_text, other_text) = match lang {
                Lang::Ru => (p.form_lang_ru, p.form_lang_ky, "В октябре", "Октябрда"),
                _ => (p.form_lang_ky, p.form_lang_ru, "Октябрда", "В октябре"),
            };
            let text = screen(&app, w, h);
            assert!(text.contains(own) && text.contains(own_text), "{text}");
            assert!(!text.contains(other_text), "{text}");
            assert!(text.contains(p.key_narrative_lang), "{text}");
            insta::assert_snapshot!(format!("narrative_{}_{w}x{h}", lang.code()), text);
            press(&mut app, KeyCode::F(3));
            let text = screen(&app, w, h);
            assert!(text.contains(other) && text.contains(other_text), "{text}");
            // (The preview behind the editor may show the UI language's text.)
            assert!(!text.contains(own), "{text}");
        }
    }
}
