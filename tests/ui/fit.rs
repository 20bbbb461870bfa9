//! Everything fits and fields behave (issue 13): the status line and help at 80×24 and
//! 120×35 in Kyrgyz and Russian, tables that keep who is who, field keys, dialogs that ask
//! only when typing would be lost, and query words in the UI language.

use crate::common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use shtab::app::App;
use shtab::i18n::Lang;
use shtab::keymap;
use shtab::screens::Tab;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 35)];
const LANGS: [Lang; 2] = [Lang::Ky, Lang::Ru];

fn app_at(lang: Lang, w: u16, h: u16) -> App {
    let mut app = demo_app(lang);
    app.resize(w, h);
    app
}

fn ctrl(app: &mut App, c: char) {
    press_mod(app, KeyCode::Char(c), KeyModifiers::CONTROL);
}

/// The status line is made of whole hints ("key description"), the F1 one among them.
fn assert_status_fits(app: &App, w: u16, h: u16) {
    let text = screen(app, w, h);
    let status = text.lines().last().unwrap_or_default().trim().to_string();
    let s = app.lang.strings();
    let f1 = format!("F1 {}", s.key_help);
    assert!(status.contains(&f1), "no F1 hint at {w}×{h}:\n{text}");
    let mut hints: Vec<String> = keymap::status_hint(app.context(), s)
        .into_iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect();
    hints.push(f1);
    for part in status.split("  ").map(str::trim).filter(|p| !p.is_empty()) {
        assert!(
            hints.iter().any(|h| h == part),
            "a cut hint {part:?} at {w}×{h} in {:?}:\n{status}",
            app.lang
        );
    }
}

#[test]
fn the_status_line_fits_every_tab_keeping_f1_and_whole_hints() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut app = app_at(lang, w, h);
            for (i, tab) in Tab::ALL.iter().enumerate() {
                chr(&mut app, char::from_digit(i as u32 + 1, 10).unwrap());
                assert_eq!(app.tab, *tab);
                app.message = None;
                assert_status_fits(&app, w, h);
                // Every tab at both sizes, read by eye: a cut word is a defect.
                insta::assert_snapshot!(
                    format!("fit_{:?}_{}_{w}x{h}", tab, lang.code()),
                    screen(&app, w, h)
                );
            }
        }
    }
}

#[test]
fn a_long_message_gives_way_to_f1_and_is_cut_after_a_word() {
    for lang in LANGS {
        let mut app = app_at(lang, 80, 24);
        chr(&mut app, '6');
        let long = "Сөз ".repeat(40);
        app.message = Some((long.trim().to_string(), true));
        let text = screen(&app, 80, 24);
        let status = text.lines().last().unwrap();
        assert!(
            status.contains(&format!("F1 {}", lang.strings().key_help)),
            "{status}"
        );
        assert!(status.contains("Сөз…"), "cut after a whole word: {status}");
        assert!(!status.contains("Сө…"), "{status}");
    }
}

#[test]
fn help_at_80x24_shows_its_border_and_scrolls() {
    for lang in LANGS {
        let mut app = app_at(lang, 80, 24);
        chr(&mut app, '3');
        press(&mut app, KeyCode::F(1));
        let first = screen(&app, 80, 24);
        insta::assert_snapshot!(format!("fit_help_{}_80x24", lang.code()), &first);
        let rows: Vec<&str> = first.lines().collect();
        assert!(rows.iter().any(|r| r.contains('╔')), "top border:\n{first}");
        assert!(
            rows.iter().any(|r| r.contains('╚') && r.contains('╝')),
            "bottom border:\n{first}"
        );
        assert!(first.contains("PgUp PgDn"), "says it scrolls:\n{first}");
        assert!(first.contains("Tab, Shift-Tab"), "{first}");
        assert!(
            !first.contains("Ctrl-C"),
            "the last row needs scrolling:\n{first}"
        );
        press(&mut app, KeyCode::Down);
        assert_eq!(app.help_scroll, 1);
        press(&mut app, KeyCode::End);
        let last = screen(&app, 80, 24);
        assert!(last.contains("Ctrl-C"), "the last row:\n{last}");
        assert!(last.lines().any(|r| r.contains('╚')), "{last}");
        press(&mut app, KeyCode::PageUp);
        press(&mut app, KeyCode::Home);
        assert_eq!(app.help_scroll, 0);
        press(&mut app, KeyCode::Up);
        assert_eq!(app.help_scroll, 0, "never above the top");
        press(&mut app, KeyCode::Esc);
        assert!(!app.help);
        // At 120×35 it all fits: nothing to scroll.
        app.resize(120, 35);
        press(&mut app, KeyCode::F(1));
        let all = screen(&app, 120, 35);
        insta::assert_snapshot!(format!("fit_help_{}_120x35", lang.code()), &all);
        assert!(
            all.contains("Ctrl-C") && !all.contains("PgUp PgDn ·"),
            "{all}"
        );
    }
}

#[test]
fn help_names_the_space_key() {
    use ratatui::{Terminal, backend::TestBackend};
    let s = Lang::Ru.strings();
    let mut term = Terminal::new(TestBackend::new(120, 35)).unwrap();
    term.draw(|f| shtab::screens::render_help(f, f.area(), s, keymap::Context::Protocol, 0))
        .unwrap();
    let buf = term.backend().buffer().clone();
    let row = (0..35)
        .map(|y| {
            (0..120)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .find(|r| r.contains(s.protocol.key_toggle))
        .expect("the present/absent row");
    assert!(row.contains("Space"), "{row}");
}

/// The organization form in the Directory tab, the name field focused.
fn org_form(lang: Lang) -> App {
    let mut app = app_at(lang, 100, 30);
    chr(&mut app, '6');
    chr(&mut app, 'a');
    assert!(app.form.is_some());
    app
}

fn field(app: &App, i: usize) -> String {
    app.form.as_ref().unwrap().fields[i]
        .text_value()
        .to_string()
}

#[test]
fn field_keys_ctrl_u_ctrl_w_home_end() {
    for lang in LANGS {
        let mut app = org_form(lang);
        typ(&mut app, "Мэриянын финансы бөлүмү");
        ctrl(&mut app, 'w');
        assert_eq!(field(&app, 0), "Мэриянын финансы ");
        press(&mut app, KeyCode::Home);
        typ(&mut app, "№1 ");
        press(&mut app, KeyCode::End);
        typ(&mut app, "башкармалыгы");
        assert_eq!(field(&app, 0), "№1 Мэриянын финансы башкармалыгы");
        ctrl(&mut app, 'u');
        assert_eq!(field(&app, 0), "");
        // The ЙЦУКЕН letters on the same keys do the same.
        typ(&mut app, "Береке ТЖМЭШ");
        press_mod(&mut app, KeyCode::Char('ц'), KeyModifiers::CONTROL);
        assert_eq!(field(&app, 0), "Береке ");
        press_mod(&mut app, KeyCode::Char('г'), KeyModifiers::CONTROL);
        assert_eq!(field(&app, 0), "");
        // Letters that are commands elsewhere are text here.
        typ(&mut app, "йцу q");
        assert_eq!(field(&app, 0), "йцу q");
        assert!(!app.quit);
    }
}

#[test]
fn a_prefilled_value_is_replaced_by_typing_and_tab_selects_it() {
    for lang in LANGS {
        let mut app = org_form(lang);
        typ(&mut app, "Эски ат");
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::BackTab);
        typ(&mut app, "Жаңы ат");
        assert_eq!(field(&app, 0), "Жаңы ат", "typing replaced, never appended");
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::BackTab);
        press(&mut app, KeyCode::End);
        typ(&mut app, "ы");
        assert_eq!(field(&app, 0), "Жаңы аты", "End keeps the text");
    }
}

#[test]
fn cancelling_after_only_a_choice_asks_nothing_but_after_typing_asks() {
    for lang in LANGS {
        let mut app = org_form(lang);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Right); // the kind
        press(&mut app, KeyCode::Esc);
        assert!(app.confirm.is_none(), "nothing typed, nothing to lose");
        assert!(app.form.is_none());
        let mut app = org_form(lang);
        typ(&mut app, "x");
        press(&mut app, KeyCode::Esc);
        assert!(app.confirm.is_some(), "typing would be lost: asks");
    }
}

#[test]
fn a_choice_filters_by_any_part_and_shows_what_was_typed() {
    for (lang, word) in [(Lang::Ky, "жай"), (Lang::Ru, "завед")] {
        let mut app = org_form(lang);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        typ(&mut app, word);
        let f = app.form.as_ref().unwrap();
        let kinds = &lang.strings().kinds;
        assert_eq!(kinds[f.fields[2].choice_index()], kinds[4], "{word}");
        let text = screen(&app, 100, 30);
        assert!(text.contains(&format!("⌕ {word}")), "{text}");
        // Erasing the search keeps the choice.
        for _ in 0..word.chars().count() {
            press(&mut app, KeyCode::Backspace);
        }
        let f = app.form.as_ref().unwrap();
        assert_eq!(kinds[f.fields[2].choice_index()], kinds[4]);
    }
}

#[test]
fn a_failed_save_puts_the_cursor_on_the_first_field_in_error() {
    for lang in LANGS {
        let mut app = org_form(lang);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Enter);
        let f = app.form.as_ref().expect("not saved: the name is required");
        assert_eq!(f.focus, 0, "{}", screen(&app, 100, 30));
        assert!(f.fields[0].error.is_some());
        typ(&mut app, "Тест");
        assert_eq!(field(&app, 0), "Тест");
    }
}

#[test]
fn the_query_line_takes_kyrgyz_and_russian_words() {
    let count_of = |lang: Lang, q: &str| {
        let mut app = app_at(lang, 100, 30);
        chr(&mut app, '3');
        chr(&mut app, '/');
        press(&mut app, KeyCode::End);
        for _ in 0..80 {
            press(&mut app, KeyCode::Backspace);
        }
        typ(&mut app, q);
        press(&mut app, KeyCode::Enter);
        assert!(app.screens.tasks.error.is_none(), "{q}: refused");
        app.screens.tasks.total
    };
    let school = count_of(Lang::En, "kind:school status:open");
    assert!(school > 0);
    assert_eq!(count_of(Lang::Ky, "түрү:мектеп абалы:ачык"), school);
    assert_eq!(count_of(Lang::Ru, "вид:школа статус:открыто"), school);
    let overdue = count_of(Lang::En, "status:overdue");
    assert_eq!(count_of(Lang::Ru, "статус:просрочено"), overdue);
    assert_eq!(count_of(Lang::Ky, "абалы:мөөнөтү_өттү"), overdue);
}

/// The Tasks table at 80×24: the task and the executor are cut with "…", the deadline and
/// the status are whole on every row.
#[test]
fn the_tasks_table_at_80_keeps_the_status_whole() {
    for lang in LANGS {
        let s = lang.strings().tasks;
        let mut app = app_at(lang, 80, 24);
        chr(&mut app, '3');
        let text = screen(&app, 80, 24);
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.contains(".2026 ") && l.starts_with('│'))
            .collect();
        assert!(rows.len() > 10, "{text}");
        for row in &rows {
            let inner = row.trim_end_matches('│').trim_end();
            assert!(
                s.statuses
                    .iter()
                    .chain([&s.overdue])
                    .any(|l| inner.ends_with(l)),
                "{lang:?}: the status is cut in\n{row}"
            );
        }
        assert!(rows.iter().any(|r| r.contains('…')), "{text}");
    }
}

/// The tab row keeps every name whole from 80 columns up, in every language (the full
/// names when they fit, else the short ones); narrower, it still fits, the current tab's
/// name whole.
#[test]
fn the_tab_row_keeps_whole_names_from_80_columns() {
    use shtab::screens::tab_labels;
    use unicode_width::UnicodeWidthStr;
    let row = |labels: &[String]| labels.iter().map(|l| l.width() + 1).sum::<usize>();
    for lang in [Lang::Ky, Lang::Ru, Lang::En] {
        let s = lang.strings();
        for width in [80u16, 90, 100, 110, 120, 200] {
            for tab in Tab::ALL {
                let labels = tab_labels(s, tab, width);
                assert!(
                    row(&labels) <= width as usize,
                    "{lang:?} {width}: {labels:?}"
                );
                for (i, l) in labels.iter().enumerate() {
                    let name = l.trim().split_once(' ').map(|x| x.1).unwrap_or_default();
                    assert!(
                        name == s.tabs[i] || name == s.tabs_short[i],
                        "{lang:?} at {width}: {l:?} is not a whole name"
                    );
                }
            }
        }
        let wide = tab_labels(s, Tab::Agenda, 120);
        for (i, l) in wide.iter().enumerate() {
            assert!(l.ends_with(&format!("{} ", s.tabs[i])), "{lang:?}: {l:?}");
        }
        for width in [40u16, 60, 79] {
            for tab in Tab::ALL {
                let labels = tab_labels(s, tab, width);
                assert!(
                    row(&labels) <= width as usize,
                    "{lang:?} {width}: {labels:?}"
                );
                let current = &labels[tab.index()];
                assert!(current.contains(s.tabs_short[tab.index()]), "{current:?}");
            }
        }
    }
}

/// The title bar at 80 columns cuts the HQ's name and the demo's note after a word, never
/// inside one, and keeps the date and the language.
#[test]
fn the_title_bar_cuts_after_a_word() {
    use ratatui::{Terminal, backend::TestBackend, layout::Rect};
    let name = "Токмок шаардык санариптештирүү штабы";
    let note = "сиз төрагасыз (кол коюуга укугуңуз бар)";
    for width in [60u16, 80, 100] {
        let mut term = Terminal::new(TestBackend::new(width, 1)).unwrap();
        term.draw(|f| {
            shtab::screens::render_title(
                f,
                Rect::new(0, 0, width, 1),
                Lang::Ky.strings(),
                name,
                true,
                "01.12.2026",
                Some(note),
            )
        })
        .unwrap();
        let line = buffer_text(term.backend().buffer());
        assert!(line.trim_end().ends_with("01.12.2026 · Кыргызча"), "{line}");
        let words: Vec<&str> = name.split(' ').chain(note.split(' ')).collect();
        for part in line.split(['·', ' ']).filter(|p| p.ends_with('…')) {
            let word = part.trim_end_matches('…');
            assert!(
                words.contains(&word),
                "{word:?} is a cut word at {width}: {line}"
            );
        }
    }
}

/// A block's title or legend of " · " parts leaves out its last parts whole; a first part
/// too long alone is cut after a word.
#[test]
fn a_title_of_parts_leaves_out_whole_parts() {
    use shtab::screens::title_of_parts;
    let parts = [
        "Повестка заседания 14/2026",
        "65 из 120 мин",
        "повестка утверждена",
    ]
    .map(String::from);
    assert_eq!(
        title_of_parts(&parts, 80),
        " Повестка заседания 14/2026 · 65 из 120 мин · повестка утверждена "
    );
    assert_eq!(
        title_of_parts(&parts, 60),
        " Повестка заседания 14/2026 · 65 из 120 мин "
    );
    assert_eq!(title_of_parts(&parts, 30), " Повестка заседания 14/2026 ");
    assert_eq!(title_of_parts(&parts, 22), " Повестка заседания… ");
    assert_eq!(title_of_parts(&parts, 20), " Повестка… ");
    assert_eq!(title_of_parts(&parts, 0), " … ");
}
