//! The protocol as a paper and its extracts, read back from the .docx: every requisite is
//! there, in Kyrgyz and in Russian; and the `shtab protocol` commands (export, extracts,
//! verify), their output and their errors.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;
use shtab::docs::protocol::{PaperForm, ProtocolPaper};
use shtab::docs::testing::docx_text;
use shtab::domain::date;
use shtab::domain::protocol::ProtocolDoc;
use shtab::domain::text::ky_cmp;
use shtab::i18n::Lang;
use shtab::store::Store;

/// The signed protocol of the demo with the most tasks (and so the most extracts).
fn busiest_signed(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT p.id FROM protocol p JOIN decision d ON d.protocol_id = p.id
             JOIN task t ON t.decision_id = d.id WHERE p.status = 'signed'
             GROUP BY p.id ORDER BY count(DISTINCT t.executor_id) DESC, p.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

fn docx(paper: &ProtocolPaper, form: PaperForm) -> String {
    docx_text(&shtab::docs::to_docx(&paper.document(form)).unwrap())
}

fn position(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} missing from:\n{text}"))
}

fn check_requisites(doc: &ProtocolDoc, text: &str, lang: Lang) {
    let p = &doc.protocol;
    let (heard, spoke, decided, present, invited, agenda, chair, secretary) = match lang {
        Lang::Ru => (
            "СЛУШАЛИ:",
            "ВЫСТУПИЛИ:",
            "РЕШИЛИ:",
            "Присутствовали",
            "Приглашённые:",
            "ПОВЕСТКА ДНЯ:",
            "Председатель",
            "Секретарь",
        ),
        _ => (
            "УГУЛДУ:",
            "ЧЫГЫП СҮЙЛӨШТҮ:",
            "ТОКТОМ КЫЛАТ:",
            "Катышкандар",
            "Чакырылгандар:",
            "КҮН ТАРТИБИ:",
            "Төрага",
            "Катчы",
        ),
    };
    let number = p.label().unwrap();
    let n = number.split('/').next().unwrap();
    let long_date = match lang {
        Lang::Ru => date::ru_long(p.date),
        _ => date::ky_long(p.date),
    };
    // The title as each language writes it, then the date at the left and the city at the right.
    let t = match lang {
        Lang::Ru => {
            let t = position(text, &format!("ПРОТОКОЛ № {n}\n"));
            assert!(position(text, "заседания Штаба по цифровизации города Токмок") > t);
            t
        }
        _ => {
            let year = p.date.format("%Y").to_string();
            let t = position(
                text,
                &format!("Токмок шаардык санариптештирүү штабынын {year}-жылдын"),
            );
            assert!(position(text, &format!("отурумунун № {n} ПРОТОКОЛУ")) > t);
            t
        }
    };
    let city = if lang == Lang::Ru {
        "г. Токмок"
    } else {
        "Токмок шаары"
    };
    assert!(
        position(text, &format!("{long_date}\t{city}")) > t,
        "date and place: {text}"
    );
    // Who presided, the secretary, the present in Kyrgyz alphabet order, the absent, invited.
    assert!(text.contains(&p.presiding) && text.contains(&p.secretary));
    let mut names: Vec<&str> = doc
        .attendance
        .iter()
        .filter(|a| a.present)
        .map(|a| a.full_name.as_str())
        .collect();
    names.sort_by(|a, b| ky_cmp(a, b));
    let mut at = position(text, present);
    for name in names {
        let here = position(text, &format!("\n{name}"));
        assert!(here > at, "{name} out of order");
        at = here;
    }
    for a in doc.attendance.iter().filter(|a| !a.present) {
        assert!(text.contains(&a.full_name), "{} (absent)", a.full_name);
    }
    if !doc.invited.is_empty() {
        let i = position(text, invited);
        for inv in &doc.invited {
            assert!(position(text, &inv.full_name) > i);
        }
    }
    // The agenda, then numbered sections: heard, spoke, decided with numbered points, votes.
    let a = position(text, agenda);
    let mut at = a;
    for item in &doc.items {
        // A hearing Shtab titled in Kyrgyz is retitled in a Russian paper.
        let title = if lang == Lang::Ru && !text.contains(&item.title) {
            "Об исполнении поручений штаба"
        } else {
            item.title.as_str()
        };
        let section = text[at..]
            .find(&format!("{}. {}", item.position, title))
            .map(|x| x + at)
            .unwrap_or_else(|| panic!("{}. {title} missing", item.position));
        at = section + 1;
    }
    assert!(text.contains(heard) && text.contains(decided));
    for item in &doc.items {
        assert!(text.contains(&item.heard_speaker));
        for s in &item.speeches {
            assert!(text.contains(spoke));
            assert!(text.contains(&s.speaker) && text.contains(&s.summary));
        }
        for d in &item.decisions {
            assert!(
                text.contains(&format!("{}. {}", d.number, d.text)),
                "point {} missing",
                d.number
            );
            if let Some(v) = d.votes {
                let line = match lang {
                    Lang::Ru => format!("за — {}, против — {}", v.yes, v.no),
                    _ => format!("макул — {}, каршы — {}", v.yes, v.no),
                };
                assert!(text.contains(&line), "votes of {}", d.number);
            }
            for task in &d.tasks {
                assert!(text.contains(&date::format(task.deadline)));
            }
        }
    }
    // The signature lines with names, and the registration with the hash.
    let initials = shtab::domain::names::initials_first;
    assert!(text.contains(&format!("{chair}\t{}", initials(&p.presiding))));
    assert!(text.contains(&format!("{secretary}\t{}", initials(&p.secretary))));
    assert!(text.contains(p.text_hash.as_deref().unwrap()));
}

#[test]
fn the_protocol_paper_has_every_requisite_in_kyrgyz_and_russian() {
    let store = demo_store();
    let id = busiest_signed(&store);
    for lang in [Lang::Ky, Lang::Ru] {
        let paper = ProtocolPaper::load(&store, id, lang).unwrap();
        let text = docx(&paper, PaperForm::Full);
        check_requisites(&paper.doc, &text, lang);
        // The short form: decisions, speakers in brackets, no HEARD/SPOKE headings.
        let short = docx(&paper, PaperForm::Short);
        let (heard, bracket) = match lang {
            Lang::Ru => ("СЛУШАЛИ:", "(докладчик: "),
            _ => ("УГУЛДУ:", "(баяндамачы: "),
        };
        assert!(!short.contains(heard));
        assert!(short.contains(bracket), "{short}");
        for d in paper.doc.decisions() {
            assert!(short.contains(&format!("{}. {}", d.number, d.text)));
        }
        for item in &paper.doc.items {
            if !item.heard_summary.is_empty() {
                assert!(
                    !short.contains(&item.heard_summary),
                    "summaries only in the full form"
                );
            }
        }
        // Markdown has it too.
        let md = shtab::docs::to_markdown(&paper.document(PaperForm::Full));
        assert!(md.contains(&paper.doc.protocol.label().unwrap()));
    }
}

#[test]
fn a_draft_says_so_and_has_no_number() {
    let store = demo_store();
    let draft: i64 = store
        .conn()
        .query_row("SELECT id FROM protocol WHERE status = 'draft'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let paper = ProtocolPaper::load(&store, draft, Lang::Ky).unwrap();
    let text = docx(&paper, PaperForm::Full);
    assert!(text.contains("ДОЛБООР"));
    assert!(!text.contains("ПРОТОКОЛ №"));
    assert!(!text.contains("SHA-256"));
}

#[test]
fn each_extract_has_the_header_and_only_its_own_points_and_tasks() {
    let store = demo_store();
    let id = busiest_signed(&store);
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Ky, Lang::Ru] {
        let paper = ProtocolPaper::load(&store, id, lang).unwrap();
        let orgs = paper.extract_addressees();
        assert!(
            orgs.len() >= 2,
            "the busiest protocol has several executors"
        );
        let out = dir.path().join(lang.code());
        let files = paper
            .write_extracts(&out, shtab::docs::Format::Docx)
            .unwrap();
        assert_eq!(files.len(), orgs.len());
        let p = &paper.doc.protocol;
        let n = p.label().unwrap().split('/').next().unwrap().to_string();
        let (title, to, city) = match lang {
            Lang::Ru => (format!("ВЫПИСКА ИЗ ПРОТОКОЛА № {n}"), "Кому: ", "г. Токмок"),
            _ => (
                format!("№ {n} ПРОТОКОЛУНАН КӨЧҮРМӨ"),
                "Кимге: ",
                "Токмок шаары",
            ),
        };
        for (org, file) in orgs.iter().zip(&files) {
            let text = docx_text(&std::fs::read(file).unwrap());
            let name = paper
                .organizations
                .iter()
                .find(|o| o.id == *org)
                .unwrap()
                .name(lang == Lang::Ru)
                .to_string();
            assert!(text.contains(&title), "{text}");
            assert!(text.contains(&format!("{to}{name}")), "{text}");
            assert!(text.contains(city));
            let secretary = shtab::domain::names::initials_first(&p.secretary);
            assert!(text.contains(&secretary));
            for (item, d) in paper
                .doc
                .items
                .iter()
                .flat_map(|i| i.decisions.iter().map(move |d| (i, d)))
            {
                let mine = paper.named_in(item, d).contains(org);
                let line = format!("{}. {}", d.number, d.text);
                assert_eq!(text.contains(&line), mine, "{name}: point {}", d.number);
                for t in &d.tasks {
                    if !t.addressees().contains(org) && !mine {
                        assert!(!text.contains(&t.text), "{name} gets another's task");
                    }
                }
            }
            // Nobody's attendance or other sections in an extract.
            let heard = if lang == Lang::Ru {
                "СЛУШАЛИ:"
            } else {
                "УГУЛДУ:"
            };
            assert!(!text.contains(heard));
        }
    }
}

fn shtab(args: &[&str], db: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn one_line_error(out: &std::process::Output) -> String {
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with("shtab: "), "{err}");
    err
}

#[test]
fn protocol_commands_export_write_extracts_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .arg("demo")
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (label, doc) = {
        let store = Store::open(&db).unwrap();
        let id = busiest_signed(&store);
        let doc = store.protocol_doc(id).unwrap();
        (doc.protocol.label().unwrap(), doc)
    };
    // verify: intact, exit 0.
    let out = shtab(&["protocol", "verify", &label], &db);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("intact") && said.contains(doc.protocol.text_hash.as_deref().unwrap()));
    // export: docx in Russian, full; the file reads back with the points.
    let file = dir.path().join("p.docx");
    let out = shtab(
        &[
            "protocol", "export", &label, "--format", "docx", "--lang", "ru", "--form", "full",
            "--out",
        ],
        &db,
    );
    assert!(!out.status.success(), "--out needs its value");
    let out = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .arg("--db")
        .arg(&db)
        .args(["protocol", "export", &label, "--lang", "ru", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = docx_text(&std::fs::read(&file).unwrap());
    check_requisites(&doc, &text, Lang::Ru);
    // The same by session, in Markdown, short.
    let md = dir.path().join("p.md");
    let out = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .arg("--db")
        .arg(&db)
        .args([
            "protocol",
            "export",
            "--session",
            &doc.session.label(),
            "--format",
            "md",
        ])
        .args(["--form", "short", "--out"])
        .arg(&md)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .contains("ТОКТОМ КЫЛАТ:")
    );
    // extracts: one file per executor organization.
    let ex = dir.path().join("extracts");
    let out = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .arg("--db")
        .arg(&db)
        .args(["protocol", "extracts", &label, "--out"])
        .arg(&ex)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    // One per organization a decision names: executors and co-executors, and those heard.
    let listed = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(listed >= doc.addressees().len());
    assert_eq!(std::fs::read_dir(&ex).unwrap().count(), listed);
    // Nothing is overwritten: the same command again is refused, naming the file.
    let before = std::fs::read(&file).unwrap();
    let mut again = Command::new(env!("CARGO_BIN_EXE_shtab"));
    again
        .arg("--db")
        .arg(&db)
        .args(["protocol", "export", &label, "--lang", "ky", "--out"])
        .arg(&file);
    let err = one_line_error(&again.output().unwrap());
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let mut again = Command::new(env!("CARGO_BIN_EXE_shtab"));
    again
        .arg("--db")
        .arg(&db)
        .args(["protocol", "extracts", &label, "--out"])
        .arg(&ex);
    assert!(one_line_error(&again.output().unwrap()).contains("exists already"));

    // Errors: one line, exit 1.
    one_line_error(&shtab(&["protocol", "verify", "99/2026"], &db));
    one_line_error(&shtab(&["protocol", "verify", "twelve"], &db));
    let draft_session = {
        let store = Store::open(&db).unwrap();
        let s: i64 = store
            .conn()
            .query_row(
                "SELECT session_id FROM protocol WHERE status = 'draft'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        store.session(s).unwrap().label()
    };
    let err = one_line_error(&shtab(
        &[
            "protocol",
            "extracts",
            "--session",
            &draft_session,
            "--out",
            "x",
        ],
        &db,
    ));
    assert!(err.contains("not signed"), "{err}");

    // Tampering behind the triggers: verify says so and fails.
    {
        let store = Store::open(&db).unwrap();
        store
            .conn()
            .execute_batch(&format!(
                "DROP TRIGGER signed_decision_update;
                 UPDATE decision SET text = text || ' (өзгөртүлгөн)'
                 WHERE id = {};",
                doc.items[0].decisions[0].id
            ))
            .unwrap();
    }
    let err = one_line_error(&shtab(&["protocol", "verify", &label], &db));
    assert!(err.contains("has changed since it was signed"), "{err}");
}
