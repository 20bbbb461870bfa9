//! Papers read back as the secretary would read them (issue 12): every requisite, ky and ru.

use chrono::NaiveDate;

use super::protocol::{PaperForm, ProtocolPaper};
use super::testing::{document_xml, docx_text};
use super::{Format, to_docx};
use crate::demo::{self, DemoOptions};
use crate::i18n::Lang;
use crate::store::Store;

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

pub(crate) fn demo_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    demo::generate(&mut store, &DemoOptions::new(today())).unwrap();
    store
}

/// The signed protocols of the demo.
fn protocols(store: &Store) -> Vec<i64> {
    let mut out = Vec::new();
    for year in [2025, 2026] {
        for n in 1..=20 {
            if let Ok(id) = store.protocol_by_number(n, year) {
                out.push(id);
            }
        }
    }
    assert!(!out.is_empty());
    out
}

fn text_of(doc: &super::Document) -> String {
    docx_text(&to_docx(doc).unwrap())
}

#[test]
fn a_protocol_prints_each_decision_once_with_its_executors() {
    let store = demo_store();
    let mut several = 0;
    for id in protocols(&store) {
        for lang in [Lang::Ky, Lang::Ru] {
            let paper = ProtocolPaper::load(&store, id, lang).unwrap();
            for form in [PaperForm::Full, PaperForm::Short] {
                let text = text_of(&paper.document(form));
                for d in paper.doc.decisions() {
                    let needle = d.text.trim().trim_end_matches('.');
                    let same = paper
                        .doc
                        .decisions()
                        .filter(|x| x.text.contains(needle))
                        .count();
                    assert_eq!(
                        text.matches(needle).count(),
                        same,
                        "{needle:?} in {lang:?}:\n{text}"
                    );
                    if d.tasks.len() > 1 {
                        several += 1;
                        let label = if lang == Lang::Ru {
                            "Исполнители:"
                        } else {
                            "Аткаруучулар:"
                        };
                        assert!(text.contains(label), "{text}");
                    }
                    for t in &d.tasks {
                        let name = if lang == Lang::Ru && !t.executor_ru.is_empty() {
                            &t.executor_ru
                        } else {
                            &t.executor_ky
                        };
                        assert!(text.contains(name.as_str()), "{name} missing");
                        assert!(text.contains(&crate::domain::date::format(t.deadline)));
                    }
                }
            }
        }
    }
    assert!(several > 0, "the demo has points with several executors");
}

#[test]
fn protocol_titles_phrases_initials_and_gender_in_both_languages() {
    let store = demo_store();
    let id = protocols(&store)[0];
    let ky = ProtocolPaper::load(&store, id, Lang::Ky).unwrap();
    let label = ky.doc.protocol.label().unwrap();
    let n = label.split('/').next().unwrap();
    let text = text_of(&ky.document(PaperForm::Full));
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("Токмок шаардык санариптештирүү штабынын ")
            && first.contains("-жылдын ")
            && first.contains("дагы отурумунун")
            && first.ends_with(&format!("№ {n} ПРОТОКОЛУ")),
        "{first}"
    );
    for phrase in [
        "Төрагалык кылган:",
        "Катышкандар (",
        "УГУЛДУ:",
        "ТОКТОМ КЫЛАТ:",
        "кворум",
    ] {
        assert!(
            text.to_lowercase().contains(&phrase.to_lowercase()),
            "{phrase}: {text}"
        );
    }
    assert!(!text.contains("Катышкан жоктор"));
    assert!(text.contains("Төрага\tМ.С. Бейшеналиева"), "{text}");
    assert!(text.contains("Катчы\tЕ.С. Петрова"), "{text}");
    assert!(text.contains("Токмок шаары"));
    // Present members with their positions.
    assert!(text.contains("Бейшеналиева Мээрим Садыровна — Токмок шаарынын мэри"));

    let ru = ProtocolPaper::load(&store, id, Lang::Ru).unwrap();
    let text = text_of(&ru.document(PaperForm::Full));
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), format!("ПРОТОКОЛ № {n}"));
    assert_eq!(
        lines.next().unwrap(),
        "заседания Штаба по цифровизации города Токмок"
    );
    assert!(text.contains("Председательствовала: "), "{text}");
    assert!(!text.contains("(а)"));
    assert!(text.contains("Председатель\tМ.С. Бейшеналиева"));
    assert!(text.contains("г. Токмок"));
    assert!(text.contains("СЛУШАЛИ:") && text.contains("РЕШИЛИ:"));
    assert!(
        !text.contains("ТОКТОМ"),
        "no Kyrgyz heading in a Russian paper"
    );
    if ru.doc.attendance.iter().any(|a| !a.present) {
        assert!(text.contains("Отсутствовали:"));
        assert!(
            !text.contains("иш сапарында") && !text.contains("өргүүдө"),
            "{text}"
        );
    }
    // What stays as typed is named, not mixed in silently.
    assert!(ru.untranslated().is_some());
    assert!(ky.untranslated().is_none());
}

#[test]
fn protocol_pages_are_numbered_from_page_two_and_table_headers_repeat() {
    let store = demo_store();
    let id = protocols(&store)[0];
    let paper = ProtocolPaper::load(&store, id, Lang::Ky).unwrap();
    let bytes = to_docx(&paper.document(PaperForm::Full)).unwrap();
    let xml = document_xml(&bytes);
    assert!(xml.contains("<w:titlePg"), "a first page of its own");
    assert!(xml.contains("w:headerReference"), "{xml}");
    let doc = super::Document::new().table(["A", "B"], vec![vec!["x".into(), "12".into()]]);
    let xml = document_xml(&to_docx(&doc).unwrap());
    assert!(xml.contains("<w:tblHeader />"), "{xml}");
    assert!(
        xml.contains(r#"<w:jc w:val="right" />"#),
        "figures right-aligned: {xml}"
    );
}

#[test]
fn extracts_go_to_every_organization_named_certified_with_date_and_seal() {
    let store = demo_store();
    let mut heard_only = 0;
    for id in protocols(&store) {
        for lang in [Lang::Ky, Lang::Ru] {
            let mut paper = ProtocolPaper::load(&store, id, lang).unwrap();
            paper.today = today();
            let orgs = paper.extract_addressees();
            for o in paper.doc.addressees() {
                assert!(orgs.contains(&o));
            }
            heard_only += orgs.len() - paper.doc.addressees().len();
            for o in &orgs {
                let text = text_of(&paper.extract(*o));
                let (true_copy, chair) = if lang == Lang::Ru {
                    ("Выписка верна", "Председатель\t")
                } else {
                    ("Көчүрмө туура", "Төрага\t")
                };
                assert!(text.contains(true_copy), "{text}");
                assert!(
                    text.contains("25.11.2026") && text.contains("М.П."),
                    "{text}"
                );
                assert!(!text.contains(chair), "no chair line: {text}");
                let name = paper.extract_file_name(*o, Format::Docx);
                let org = paper.organizations.iter().find(|x| x.id == *o).unwrap();
                let words: Vec<String> = org
                    .name(lang == Lang::Ru)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                let stem = name.trim_end_matches(".docx");
                let last = stem.rsplit('-').next().unwrap();
                assert!(words.iter().any(|w| w == last), "{name}: cut mid-word");
            }
        }
    }
    assert!(
        heard_only > 0,
        "organizations heard but given no task get extracts too"
    );
}

#[test]
fn extracts_never_overwrite_a_file() {
    let store = demo_store();
    let id = protocols(&store)[0];
    let paper = ProtocolPaper::load(&store, id, Lang::Ky).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = paper.write_extracts(dir.path(), Format::Docx).unwrap();
    assert!(!files.is_empty());
    std::fs::write(&files[0], b"mine").unwrap();
    let err = paper.write_extracts(dir.path(), Format::Docx).unwrap_err();
    assert!(matches!(err, super::DocsError::Exists(_)), "{err}");
    assert_eq!(std::fs::read(&files[0]).unwrap(), b"mine");
}

#[test]
fn letters_continue_the_register_are_dated_today_and_never_overwrite() {
    use super::letters::{LetterOut, write_registered};
    use crate::store::LetterKind;
    let mut store = demo_store();
    let year = today().format("%Y").to_string().parse::<i32>().unwrap();
    // The highest number of the year so far, from the escalation steps the demo recorded.
    let highest: i64 = store
        .conn()
        .query_row(
            "SELECT max(CAST(substr(doc_number, 7) AS INTEGER)) FROM escalation
             WHERE doc_number LIKE '01-12/%' AND substr(date, 1, 4) = ?1",
            [year.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert!(highest > 1);
    // The organization with the most overdue tasks today.
    let org: i64 = store
        .conn()
        .query_row(
            "SELECT executor_id FROM task WHERE status IN ('assigned','in_progress','extension_requested')
             AND deadline < ?1 GROUP BY executor_id ORDER BY count(*) DESC LIMIT 1",
            [today()],
            |r| r.get(0),
        )
        .unwrap();
    let overdue = store
        .organization_tasks(org)
        .unwrap()
        .into_iter()
        .filter(|t| {
            matches!(
                crate::domain::work::task_state(t.status, t.deadline, today()),
                crate::domain::work::TaskState::Overdue { .. }
            )
        })
        .count();
    let dir = tempfile::tempdir().unwrap();
    let mut numbers = Vec::new();
    for (kind, lang) in [
        (LetterKind::Reminder, Lang::Ky),
        (LetterKind::Summons, Lang::Ru),
        (LetterKind::Warning, Lang::Ru),
    ] {
        let w = write_registered(
            &mut store,
            org,
            kind,
            lang,
            today(),
            "",
            LetterOut::Folder(dir.path()),
        )
        .unwrap();
        let text = docx_text(&std::fs::read(&w.path).unwrap());
        assert!(text.contains(&format!("№ {}", w.number)), "{text}");
        assert!(text.contains("25.11.2026"), "dated today: {text}");
        let marker = if lang == Lang::Ru {
            "(срок "
        } else {
            "(мөөнөтү "
        };
        assert_eq!(
            text.lines().filter(|l| l.contains(marker)).count(),
            overdue,
            "every task overdue today: {text}"
        );
        // The demo's task texts are Kyrgyz: a Russian letter says so, a Kyrgyz one has nothing.
        assert_eq!(
            w.untranslated.is_some(),
            lang == Lang::Ru,
            "{:?}",
            w.untranslated
        );
        let name = w.path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.ends_with(&format!("-{}.docx", lang.code())), "{name}");
        assert!(name.contains(&w.number.replace('/', "-")), "{name}");
        numbers.push(w.number);
    }
    assert_eq!(
        numbers,
        (1..=3)
            .map(|i| format!("01-12/{}", highest + i))
            .collect::<Vec<_>>()
    );
    // A named file that exists is refused, and no number is taken for it.
    let taken = dir.path().join("mine.docx");
    std::fs::write(&taken, b"mine").unwrap();
    let err = write_registered(
        &mut store,
        org,
        LetterKind::Reminder,
        Lang::Ky,
        today(),
        "",
        LetterOut::File(&taken),
    )
    .unwrap_err();
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(std::fs::read(&taken).unwrap(), b"mine");
    assert_eq!(
        store.next_outgoing_number(year).unwrap().1,
        format!("01-12/{}", highest + 4)
    );
}

#[test]
fn demo_deadlines_follow_the_working_day_rule() {
    let store = demo_store();
    let holidays = crate::domain::deadline::Holidays::builtin();
    let mut st = store
        .conn()
        .prepare("SELECT deadline FROM task UNION ALL SELECT new_deadline FROM deadline_change")
        .unwrap();
    let days: Vec<NaiveDate> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(days.len() >= 150);
    let off: Vec<&NaiveDate> = days
        .iter()
        .filter(|d| !holidays.is_working_day(**d))
        .collect();
    assert!(off.is_empty(), "deadlines on days off: {off:?}");
}
