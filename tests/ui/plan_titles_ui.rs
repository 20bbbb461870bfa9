//! The Plan tab with a measure's title in two languages: the list shows the UI language's,
//! or the other one marked when it has none; the form edits both and needs at least one.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

/// 1.1 in both languages, 1.2 in Kyrgyz only (as imported from a Kyrgyz plan), 2.1 in
/// Russian only; 1.2 selected.
fn titles_app(lang: Lang, w: u16, h: u16) -> App {
    let store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO plan_measure(id, number, section, title, title_ru, deadline, progress,
                                      started, position) VALUES
               (1, '1.1', 'Инфраструктура', 'Шаардын бардык мектептерин интернетке туташтыруу',
                'Подключение всех школ города к сети Интернет', '2026-12-31', 40, 1, 1),
               (2, '1.2', 'Инфраструктура', 'Шаардык паркта коомдук Wi-Fi орнотуу', '',
                '2026-12-31', 0, 0, 2),
               (3, '2.1', 'Кызматтар', '', 'Внедрение электронной очереди в мэрии',
                '2027-03-31', 10, 1, 3);",
        )
        .unwrap();
    let mut app = App::new(store, lang, today(), false);
    app.documents_dir = docs_dir();
    app.resize(w, h);
    chr(&mut app, '5');
    assert_eq!(app.tab, Tab::Plan);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.screens.plan.selected().unwrap().number, "1.2");
    app
}

#[test]
fn the_list_shows_the_ui_language_and_marks_the_other() {
    for lang in [Lang::Ky, Lang::Ru] {
        for (w, h) in [(80, 24), (140, 40)] {
            let app = titles_app(lang, w, h);
            let text = screen(&app, w, h);
            let p = lang.strings().plan;
            let (own, marked, hidden) = match lang {
                Lang::Ru => ("Подключение всех", "Шаардык паркта", "Шаардын бардык"),
                _ => (
                    "Шаардын бардык",
                    "Внедрение электронной",
                    "Подключение всех",
                ),
            };
            assert!(text.contains(own), "{text}");
            assert!(text.contains(marked), "{text}");
            assert!(!text.contains(hidden), "{text}");
            assert!(text.contains(p.title_other_mark), "{text}");
            // The selected measure (1.2) says what is missing and how to fix it, in Russian.
            if lang == Lang::Ru {
                assert!(text.contains("Нет наименования на русском"), "{text}");
            }
            // Read by eye: a cut word is a defect.
            insta::assert_snapshot!(format!("plan_titles_{}_{w}x{h}", lang.code()), text);
        }
    }
}

#[test]
fn the_form_edits_both_titles_and_needs_one_of_them() {
    let mut app = titles_app(Lang::Ru, 100, 30);
    let p = Lang::Ru.strings().plan;
    assert!(
        p.err_no_title
            .starts_with("укажите наименование на кыргызском")
    );
    // 1.2: its Russian title given in the form.
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("the measure form");
    assert_eq!(
        form.fields[2].text_value(),
        "Шаардык паркта коомдук Wi-Fi орнотуу"
    );
    assert_eq!(form.fields[3].text_value(), "");
    let labels = screen(&app, 100, 30);
    assert!(
        labels.contains(p.f_title) && labels.contains(p.f_title_ru),
        "{labels}"
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    typ(&mut app, "Установка общественного Wi-Fi в городском парке");
    press(&mut app, KeyCode::Enter);
    assert!(app.form.is_none(), "{:?}", app.message);
    let m = app.store.measure(2).unwrap();
    assert_eq!(m.title, "Шаардык паркта коомдук Wi-Fi орнотуу");
    assert_eq!(
        m.title_ru,
        "Установка общественного Wi-Fi в городском парке"
    );
    assert!(!screen(&app, 100, 30).contains("Нет наименования на русском"));

    // Both emptied: refused, the error on the first title naming both languages.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Tab);
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);
    let form = app.form.as_ref().expect("refused");
    assert_eq!(form.fields[2].text_value(), "");
    assert_eq!(form.fields[3].text_value(), "");
    assert!(form.fields[2].error.is_some());
    // Wrapped under the field: its first words on the first line.
    assert!(
        screen(&app, 100, 30).contains("укажите наименование на кыргызском"),
        "{}",
        screen(&app, 100, 30)
    );
    press(&mut app, KeyCode::Esc);
    chr(&mut app, 'y');
    assert_eq!(
        app.store.measure(2).unwrap().title_ru,
        m.title_ru,
        "nothing saved"
    );
}

#[test]
fn the_agenda_chooses_a_russian_only_measure_by_its_russian_title() {
    let app = titles_app(Lang::Ky, 100, 30);
    let choices: Vec<String> = app
        .store
        .measure_choices()
        .unwrap()
        .into_iter()
        .map(|(_, label)| label)
        .collect();
    assert_eq!(
        choices,
        vec![
            "1.1 Шаардын бардык мектептерин интернетке туташтыруу",
            "1.2 Шаардык паркта коомдук Wi-Fi орнотуу",
            "2.1 Внедрение электронной очереди в мэрии",
        ]
    );
}

/// A task serving a measure: its detail on the Tasks tab names the measure by its title in
/// the UI language, or the other language's marked when it has none (a Russian screen no
/// longer shows a Kyrgyz title as if it were its own).
#[test]
fn a_tasks_detail_names_its_measure_in_the_ui_language() {
    for (lang, measure, own, other) in [
        (
            Lang::Ru,
            "1.1",
            Some("Подключение всех школ"),
            "Шаардын бардык",
        ),
        (
            Lang::Ky,
            "1.1",
            Some("Шаардын бардык мектептерин"),
            "Подключение всех",
        ),
        (Lang::Ru, "1.2", None, "Шаардык паркта"),
        (Lang::Ky, "2.1", None, "Внедрение электронной"),
    ] {
        let mut app = titles_app(lang, 140, 40);
        app.store
            .conn()
            .execute_batch(
                "INSERT INTO organization(id, kind, name_ky, name_ru)
                   VALUES (1, 'school', 'Мектеп', 'Школа');
                 INSERT INTO task(id, measure_id, text, executor_id, deadline, status, created_at)
                   VALUES (1, 1, 'Туташтыруу', 1, '2026-12-01', 'assigned', '2026-10-23T10:00:00'),
                          (2, 2, 'Орнотуу', 1, '2026-12-01', 'assigned', '2026-10-23T10:00:00'),
                          (3, 3, 'Кезек', 1, '2026-12-01', 'assigned', '2026-10-23T10:00:00');",
            )
            .unwrap();
        chr(&mut app, '3');
        chr(&mut app, '/');
        press(&mut app, KeyCode::End);
        for _ in 0..40 {
            press(&mut app, KeyCode::Backspace);
        }
        typ(&mut app, &format!("measure:{measure}"));
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.screens.tasks.total, 1, "{measure}");
        press(&mut app, KeyCode::Enter);
        assert!(app.screens.tasks.show_detail);
        let text = screen(&app, 140, 40);
        let mark = lang.strings().plan.title_other_mark;
        match own {
            Some(own) => {
                assert!(text.contains(own), "{lang:?} {measure}: {text}");
                assert!(!text.contains(other), "{lang:?} {measure}: {text}");
            }
            None => {
                assert!(
                    text.contains(&format!("{mark} {other}")),
                    "{lang:?} {measure}: {text}"
                );
            }
        }
    }
}
