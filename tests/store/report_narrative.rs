//! The monthly report's narrative in both languages: the draft keeps both, issuing freezes
//! both, a paper prints its own language's only and refuses one written in the other only
//! (library, command line, Reports tab), and the tab's editor switches the language written.

use crate::common;

use common::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use shtab::docs::report::{NarrativeMissing, PaperError, ReportPaper};
use shtab::domain::report::{Month, MonthlyReport, Narrative};
use shtab::i18n::Lang;
use shtab::screens::Tab;
use shtab::store::{Refusal, Store, StoreError};

const KY: &str = "Октябрда штабдын эки отуруму өттү.";
const RU: &str = "В октябре прошли два заседания штаба.";

fn oct() -> Month {
    Month::parse("2026-10").unwrap()
}

fn both() -> Narrative {
    Narrative {
        ky: KY.into(),
        ru: RU.into(),
    }
}

fn refusal(store: &Store, report: &MonthlyReport, lang: Lang) -> NarrativeMissing {
    match ReportPaper::load(store, report, lang) {
        Err(PaperError::Narrative(n)) => n,
        Err(e) => panic!("another error: {e}"),
        Ok(_) => panic!("a {lang:?} paper without its narrative"),
    }
}

#[test]
fn the_draft_keeps_both_and_issuing_freezes_both() {
    let mut store = Store::open_in_memory().unwrap();
    store.save_report_narratives(oct(), &both(), 0).unwrap();
    let (n, v) = store.report_narratives(oct()).unwrap();
    assert_eq!((n, v), (both(), 1));
    // Saved at a stale version: refused, nothing changed.
    let stale = Narrative {
        ky: "x".into(),
        ru: "y".into(),
    };
    assert!(matches!(
        store.save_report_narratives(oct(), &stale, 0),
        Err(StoreError::Refused(Refusal::Conflict))
    ));
    assert_eq!(store.report_narratives(oct()).unwrap().0, both());
    // The Kyrgyz-only save (the older call) keeps the Russian text.
    store
        .save_report_narrative(oct(), "Жаңы текст.", 1)
        .unwrap();
    let (n, v) = store.report_narratives(oct()).unwrap();
    assert_eq!((n.ky.as_str(), n.ru.as_str(), v), ("Жаңы текст.", RU, 2));
    store.save_report_narratives(oct(), &both(), 2).unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    assert_eq!(
        (draft.narrative.as_str(), draft.narrative_ru.as_str()),
        (KY, RU)
    );
    // Issued: the row and its payload carry both, and it verifies against the audit log.
    let issued = store.issue_report(oct(), today(), "Секретарь").unwrap();
    let frozen = shtab::domain::report::read("payload", &issued.payload).unwrap();
    assert_eq!(
        (frozen.narrative.as_str(), frozen.narrative_ru.as_str()),
        (KY, RU)
    );
    let row: (String, String) = store
        .conn()
        .query_row(
            "SELECT narrative, narrative_ru FROM report WHERE id = ?1",
            [issued.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(row, (KY.to_string(), RU.to_string()));
    assert_eq!(store.verify_issued_report(issued.id).unwrap(), None);
    assert!(store.check_trust().unwrap().is_empty());
    // Frozen: the Russian narrative of an issued report cannot be changed either.
    assert!(
        store
            .conn()
            .execute("UPDATE report SET narrative_ru = 'changed'", [])
            .is_err()
    );
}

#[test]
fn each_paper_holds_only_its_own_languages_narrative() {
    use calamine::{Reader, Xlsx};
    let mut store = Store::open_in_memory().unwrap();
    store.save_report_narratives(oct(), &both(), 0).unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    let ky = report_docx(&store, &draft, Lang::Ky);
    assert!(ky.contains(KY) && !ky.contains(RU), "{ky}");
    let ru = report_docx(&store, &draft, Lang::Ru);
    assert!(ru.contains(RU) && !ru.contains(KY), "{ru}");
    assert!(ru.contains(Lang::Ru.strings().plan.doc_narrative), "{ru}");
    for (lang, own, other) in [(Lang::Ky, KY, RU), (Lang::Ru, RU, KY)] {
        let paper = ReportPaper::load(&store, &draft, lang).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(paper.xlsx(lang).unwrap())).unwrap();
        let cells: Vec<String> = book
            .worksheet_range(lang.strings().plan.sheet_narrative)
            .unwrap()
            .rows()
            .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect();
        assert!(cells.iter().any(|c| c == own), "{cells:?}");
        assert!(!cells.iter().any(|c| c.contains(other)), "{cells:?}");
    }
    // Neither written: both papers are made, without the section.
    let empty = Store::open_in_memory().unwrap();
    let none = empty.monthly_report(oct(), today()).unwrap();
    for lang in [Lang::Ky, Lang::Ru] {
        let text = report_docx(&empty, &none, lang);
        assert!(!text.contains(lang.strings().plan.doc_narrative), "{text}");
    }
}

/// A narrative of several lines gets a row as tall as its lines in the workbook: neither
/// Excel nor LibreOffice grows a row when it opens a file, and a one-line row ran the text
/// up over the header (seen rendered through LibreOffice).
#[test]
fn the_workbooks_narrative_row_is_as_tall_as_its_lines() {
    use std::io::Read;
    let mut store = Store::open_in_memory().unwrap();
    let n = Narrative {
        ky: format!("{KY}\nЭкинчи сап.\nҮчүнчү сап."),
        ru: RU.into(),
    };
    store.save_report_narratives(oct(), &n, 0).unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    let heights = |lang: Lang| -> Vec<String> {
        let paper = ReportPaper::load(&store, &draft, lang).unwrap();
        let bytes = paper.xlsx(lang).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        // The sheets' files are numbered in the workbook's order.
        let mut book = String::new();
        zip.by_name("xl/workbook.xml")
            .unwrap()
            .read_to_string(&mut book)
            .unwrap();
        let name = format!("name=\"{}\"", lang.strings().plan.sheet_narrative);
        let at = book.find(&name).unwrap();
        let n = book[..at].matches("<sheet ").count();
        let mut xml = String::new();
        zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml.split("<row ")
            .skip(1)
            .filter_map(|r| r.split('>').next()?.split(" ht=\"").nth(1))
            .map(|h| h.split('"').next().unwrap_or_default().to_string())
            .collect()
    };
    // Three lines in Kyrgyz, one in Russian (no height of its own).
    assert_eq!(heights(Lang::Ky), vec!["45"]);
    assert!(heights(Lang::Ru).is_empty());
}

#[test]
fn a_paper_is_refused_when_its_narrative_is_only_in_the_other_language() {
    let mut store = Store::open_in_memory().unwrap();
    store.save_report_narrative(oct(), KY, 0).unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    // Kyrgyz: written. Russian: refused, with the fix in the user's language.
    assert!(report_docx(&store, &draft, Lang::Ky).contains(KY));
    let n = refusal(&store, &draft, Lang::Ru);
    assert_eq!(
        n,
        NarrativeMissing {
            russian: true,
            issued: false
        }
    );
    let p = |l: Lang| l.strings().plan;
    assert_eq!(n.text(Lang::Ru), p(Lang::Ru).narrative_missing_ru_draft);
    assert_eq!(n.text(Lang::Ky), p(Lang::Ky).narrative_missing_ru_draft);
    assert!(n.text(Lang::Ru).contains("«Отчёты»"));
    assert_eq!(n.text(Lang::Ru).lines().count(), 1);
    // Issued so: refused too, the fix being the other language or a correction.
    let issued = store.issue_report(oct(), today(), "Секретарь").unwrap();
    let frozen = shtab::domain::report::read("payload", &issued.payload).unwrap();
    let n = refusal(&store, &frozen, Lang::Ru);
    assert!(n.issued);
    assert!(
        n.text(Lang::Ru).contains("исправленный"),
        "{}",
        n.text(Lang::Ru)
    );
    // The Russian one only: the Kyrgyz paper is refused.
    store
        .save_report_narratives(
            oct(),
            &Narrative {
                ky: " ".into(),
                ru: RU.into(),
            },
            1,
        )
        .unwrap();
    let draft = store.monthly_report(oct(), today()).unwrap();
    assert_eq!(
        refusal(&store, &draft, Lang::Ky),
        NarrativeMissing {
            russian: false,
            issued: false
        }
    );
    assert!(report_docx(&store, &draft, Lang::Ru).contains(RU));
}

#[test]
fn the_command_line_refuses_in_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    Store::open(&db)
        .unwrap()
        .save_report_narrative(oct(), KY, 0)
        .unwrap();
    let out = dir.path().join("r.docx");
    let write = |lang: &str| common::cli::october_draft_docx(&db, lang, &out);
    let o = write("ru");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(!out.exists());
    assert!(
        err.contains(Lang::Ru.strings().plan.narrative_missing_ru_draft),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let o = write("ky");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.exists());
}

/// The tab opens the editor on the UI language's narrative; F3 switches to the other, and
/// Ctrl-S saves both.
fn edit_both(lang: Lang, first: &str, second: &str) -> Store {
    let mut app = shtab::app::App::new(Store::open_in_memory().unwrap(), lang, today(), false);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    chr(&mut app, '7');
    assert_eq!(app.tab, Tab::Reports);
    press(&mut app, KeyCode::Left);
    assert_eq!(app.screens.reports.month, Some(oct()));
    press(&mut app, KeyCode::Enter);
    let p = lang.strings().plan;
    let (mark, other) = if lang == Lang::Ru {
        (p.form_lang_ru, p.form_lang_ky)
    } else {
        (p.form_lang_ky, p.form_lang_ru)
    };
    let text = screen(&app, 100, 30);
    assert!(
        text.contains(&format!("{} {mark}", p.form_narrative)),
        "{text}"
    );
    typ(&mut app, first);
    press(&mut app, KeyCode::F(3));
    let text = screen(&app, 100, 30);
    assert!(
        text.contains(&format!("{} {other}", p.form_narrative)),
        "{text}"
    );
    assert!(!text.contains(first), "{text}");
    typ(&mut app, second);
    // Ctrl-L switches too: back to the first, its text as it was left.
    press_mod(&mut app, KeyCode::Char('l'), KeyModifiers::CONTROL);
    assert!(screen(&app, 100, 30).contains(first));
    press_mod(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(app.screens.reports.editor.is_none());
    // The preview (its end) shows the UI language's narrative only.
    press(&mut app, KeyCode::End);
    let text = screen(&app, 100, 30);
    assert!(text.contains(first) && !text.contains(second), "{text}");
    app.store
}

#[test]
fn the_reports_tab_edits_both_languages_in_russian() {
    let store = edit_both(Lang::Ru, "Заседаний было два.", "Эки отурум болду.");
    let (n, _) = store.report_narratives(oct()).unwrap();
    assert_eq!(
        (n.ru.as_str(), n.ky.as_str()),
        ("Заседаний было два.", "Эки отурум болду.")
    );
}

#[test]
fn the_reports_tab_edits_both_languages_in_kyrgyz() {
    let store = edit_both(Lang::Ky, "Эки отурум болду.", "Заседаний было два.");
    let (n, _) = store.report_narratives(oct()).unwrap();
    assert_eq!(
        (n.ru.as_str(), n.ky.as_str()),
        ("Заседаний было два.", "Эки отурум болду.")
    );
}

#[test]
fn the_reports_tab_says_the_refusal_in_the_ui_language() {
    let mut store = Store::open_in_memory().unwrap();
    store.save_report_narrative(oct(), KY, 0).unwrap();
    let mut app = shtab::app::App::new(store, Lang::Ru, today(), false);
    app.documents_dir = docs_dir();
    app.resize(100, 30);
    chr(&mut app, '7');
    press(&mut app, KeyCode::Left);
    // The preview (its end) in Russian does not show the Kyrgyz text; it says where it is.
    press(&mut app, KeyCode::End);
    let text = screen(&app, 100, 30);
    assert!(!text.contains(KY), "{text}");
    assert!(text.contains("только на кыргызском"), "{text}");
    let text = crate::report_titles::write_refused(&mut app);
    assert!(
        text.contains("Пояснения написаны только на кыргызском"),
        "{text}"
    );
}

/// Other cities' frozen reports cannot be refused: the cell says the narrative is missing in
/// the workbook's language, never the other language's text.
#[test]
fn the_national_workbook_never_puts_the_other_languages_narrative_in() {
    use calamine::{Reader, Xlsx};
    let store = Store::open_in_memory().unwrap();
    let mut a = store.monthly_report(oct(), today()).unwrap();
    a.city = "Токмок".into();
    a.narrative = KY.into();
    let mut b = a.clone();
    b.city = "Кант".into();
    b.narrative_ru = RU.into();
    let reports = vec![("a.json".to_string(), a), ("b.json".to_string(), b)];
    let c = shtab::domain::report::consolidate(&reports).unwrap();
    let xlsx = shtab::docs::report::consolidated_xlsx(&c, &reports, &reports, Lang::Ru).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let cells: Vec<String> = book
        .worksheet_range(Lang::Ru.strings().plan.sheet_narrative)
        .unwrap()
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| c == Lang::Ru.strings().plan.narrative_cell),
        "{cells:?}"
    );
    assert!(cells.iter().any(|c| c == RU), "{cells:?}");
    assert!(!cells.iter().any(|c| c == KY), "{cells:?}");
}
