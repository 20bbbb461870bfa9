//! A report paper is wholly in one language: measures it names with no title in its language
//! make it refused (library, command line, Reports tab), in one line in the user's language,
//! naming the measures and the fix; given the title, the paper names them in its language only.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use shtab::docs::report::{PaperError, ReportPaper, UntitledMeasures};
use shtab::domain::report::Month;
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::Store;

const KY_1: &str = "Мектептерге интернет";
const KY_2: &str = "Паркта Wi-Fi";
const RU_2: &str = "Wi-Fi в парке";
const RU_1: &str = "Интернет в школы";

fn oct() -> Month {
    Month::parse("2026-10").unwrap()
}

/// Two measures at risk on 31.10 (a task of each overdue): 1.1 with its Kyrgyz title only
/// (as a plan imported in Kyrgyz), 1.2 with both.
fn fixture(store: &mut Store) {
    store
        .conn()
        .execute_batch(&format!(
            "INSERT INTO organization(id, name_ky, name_ru, kind, search)
                 VALUES (1, '№5 мектеп', 'Школа №5', 'school', '№5 мектеп');
             INSERT INTO plan_measure(id, number, section, title, title_ru, deadline, position)
                 VALUES (1, '1.1', 'I', '{KY_1}', '', '2026-12-31', 1),
                        (2, '1.2', 'I', '{KY_2}', '{RU_2}', '2026-12-31', 2);
             INSERT INTO task(text, executor_id, deadline, created_at, measure_id) VALUES
                 ('t1', 1, '2026-10-05', '2026-09-01T09:00:00', 1),
                 ('t2', 1, '2026-10-06', '2026-09-01T09:00:00', 2);"
        ))
        .unwrap();
}

fn refusal(
    store: &Store,
    report: &shtab::domain::report::MonthlyReport,
    lang: Lang,
) -> UntitledMeasures {
    match ReportPaper::load(store, report, lang) {
        Err(PaperError::Untitled(u)) => u,
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("a {lang:?} paper naming a measure without a {lang:?} title"),
    }
}

#[test]
fn a_paper_names_measures_in_its_language_only_and_refuses_those_without() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let draft = store.monthly_report(oct(), today()).unwrap();
    assert_eq!(draft.measures_at_risk.len(), 2);
    // Kyrgyz: both have their Kyrgyz title; no Russian word of theirs.
    let ky = report_docx(&store, &draft, Lang::Ky);
    assert!(ky.contains(KY_1) && ky.contains(KY_2), "{ky}");
    assert!(!ky.contains(RU_2));
    // Russian: refused, naming 1.1 only, in the user's language with the fix.
    let u = refusal(&store, &draft, Lang::Ru);
    assert_eq!(
        u,
        UntitledMeasures {
            numbers: vec!["1.1".into()],
            russian: true,
            issued: false
        }
    );
    let ru_text = u.text(Lang::Ru);
    assert!(
        ru_text.contains("1.1") && ru_text.contains("на русском") && ru_text.contains("«План»"),
        "{ru_text}"
    );
    assert!(!ru_text.contains("1.2") && !ru_text.contains('\n'));
    let ky_text = u.text(Lang::Ky);
    assert!(
        ky_text.contains("1.1") && ky_text.contains("орусча") && ky_text.contains("кыргызча"),
        "{ky_text}"
    );
    // Issued as it is: the frozen report keeps refusing, and says a correction is the way.
    let issued = store
        .issue_report(oct(), today(), "Асанова А.")
        .unwrap()
        .report()
        .unwrap();
    let u = refusal(&store, &issued, Lang::Ru);
    assert!(u.issued);
    assert!(
        u.text(Lang::Ru).contains("исправленный"),
        "{}",
        u.text(Lang::Ru)
    );
    // Given the Russian title, the draft's Russian paper names both in Russian only.
    let mut m = store.measure(1).unwrap();
    m.title_ru = RU_1.into();
    store.save_measure(&m).unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    let ru = report_docx(&store, &draft, Lang::Ru);
    assert!(ru.contains(RU_1) && ru.contains(RU_2), "{ru}");
    assert!(!ru.contains(KY_1) && !ru.contains(KY_2), "{ru}");
    // A measure entered in Russian only refuses the Kyrgyz paper the same way.
    store
        .conn()
        .execute_batch(
            "INSERT INTO plan_measure(id, number, title, title_ru, deadline, position)
                 VALUES (3, '1.3', '', 'Электронная очередь', '2026-12-31', 3);
             INSERT INTO task(text, executor_id, deadline, created_at, measure_id)
                 VALUES ('t3', 1, '2026-10-07', '2026-09-01T09:00:00', 3);",
        )
        .unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    let u = refusal(&store, &draft, Lang::Ky);
    assert_eq!((u.numbers, u.russian), (vec!["1.3".to_string()], false));
    assert!(report_docx(&store, &draft, Lang::Ru).contains("Электронная очередь"));
    // Many: the first ten numbers, then how many more.
    let many = UntitledMeasures {
        numbers: (1..=13).map(|i| format!("1.{i}")).collect(),
        russian: true,
        issued: false,
    };
    let t = many.text(Lang::Ru);
    assert!(t.contains("1.10 … (+3)") && !t.contains("1.11"), "{t}");
}

#[test]
fn the_command_line_refuses_in_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    fixture(&mut Store::open(&db).unwrap());
    let out = dir.path().join("r.docx");
    let write = |lang: &str| common::cli::october_draft_docx(&db, lang, &out);
    let o = write("ru");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(!out.exists());
    assert!(
        err.contains("1.1") && err.contains("нет наименования на русском"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // In Kyrgyz it is written.
    let o = write("ky");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
}

#[test]
fn the_reports_tab_says_it_in_the_ui_language_and_keeps_the_form() {
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let mut app = shtab::app::App::new(store, Lang::Ru, today(), false);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    chr(&mut app, '7');
    assert_eq!(app.tab, Tab::Reports);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.screens.reports.month, Some(oct()));
    let text = write_refused(&mut app);
    assert!(text.contains("нет наименования на русском"), "{text}");
}

/// The Reports tab's `w` form sent as it comes: refused, it stays open (to choose another
/// language) and writes no file; the screen then.
pub(crate) fn write_refused(app: &mut shtab::app::App) -> String {
    chr(app, 'w');
    let path = app.form.as_ref().expect("the write form").fields[2]
        .text_value()
        .to_string();
    let _ = std::fs::remove_file(&path);
    press(app, KeyCode::Enter);
    assert!(
        app.form.is_some(),
        "the form stays to choose another language"
    );
    assert!(!std::path::Path::new(&path).exists());
    screen(app, 100, 30)
}

/// The national workbook adds up other cities' frozen reports, which may have no title in its
/// language (issued before there were two): the cell says so in that language, never the
/// other language's title.
#[test]
fn the_national_workbook_never_puts_the_other_language_in() {
    use calamine::{Reader, Xlsx};
    let mut store = Store::open_in_memory().unwrap();
    fixture(&mut store);
    let mut a = store.monthly_report(oct(), today()).unwrap();
    a.city = "Токмок".into();
    let mut b = a.clone();
    b.city = "Кант".into();
    for m in &mut b.measures_at_risk {
        m.title_ru = format!("Мероприятие {}", m.number);
    }
    let reports = vec![("a.json".to_string(), a), ("b.json".to_string(), b)];
    let c = shtab::domain::report::consolidate(&reports).unwrap();
    let xlsx = shtab::docs::report::consolidated_xlsx(&c, &reports, &reports, Lang::Ru).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = shtab::i18n::papers::strings(Lang::Ru).at_risk_sheet;
    let cells: Vec<String> = book
        .worksheet_range(sheet)
        .unwrap()
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .collect();
    let p = Lang::Ru.strings().plan;
    assert!(cells.iter().any(|c| c == p.untitled_cell), "{cells:?}");
    assert!(cells.iter().any(|c| c == "Мероприятие 1.1"), "{cells:?}");
    assert!(!cells.iter().any(|c| c == KY_1), "{cells:?}");
}
