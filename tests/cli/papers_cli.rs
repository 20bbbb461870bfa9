//! The papers from the command line (issue 12): letters that continue the outgoing
//! register, settings checked before saving, lists in the chosen language (CSV with a
//! byte-order mark and `;`, workbooks with print setup), no file overwritten.

use crate::common;

use std::io::Read;
use std::path::Path;
use std::process::Output;

use calamine::{DataType, Reader, Xlsx, open_workbook};
use common::cli::{demo_db, p, shtab, text};

fn sheet_xml(file: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn letters_take_the_next_numbers_and_never_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let letter = |kind: &str, lang: &str, out: &Path| {
        shtab(&[
            "letter",
            "--db",
            p(&db),
            "--org",
            "Токмок шаардык жаштар борбору",
            "--kind",
            kind,
            "--lang",
            lang,
            "--out",
            p(out),
        ])
    };
    let first = letter("reminder", "ky", dir.path());
    assert!(first.status.success(), "{}", text(&first.stderr));
    let second = letter("warning", "ru", dir.path());
    assert!(second.status.success(), "{}", text(&second.stderr));
    let number = |o: &Output| -> i64 {
        let line = text(&o.stdout);
        let n = line.split('\t').next().unwrap().trim();
        n.rsplit('/').next().unwrap().parse().unwrap()
    };
    assert_eq!(number(&second), number(&first) + 1);
    let path = text(&second.stdout)
        .split('\t')
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    assert!(path.contains("preduprezhdenie-"), "{path}");
    let body = shtab::docs::testing::docx_text(&std::fs::read(&path).unwrap());
    assert!(body.contains("Уважаемая Бермет Бекболотовна!"), "{body}");
    assert!(body.contains("Сатыбалдиевой Б.Б."), "{body}");
    let today = shtab::domain::date::format(chrono::Local::now().date_naive());
    assert!(body.contains(&today), "dated today: {body}");
    // A named file that exists is refused, in one line, and keeps its content.
    let mine = dir.path().join("mine.docx");
    std::fs::write(&mine, b"mine").unwrap();
    let o = letter("summons", "ky", &mine);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("exists already"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(std::fs::read(&mine).unwrap(), b"mine");
    // An unknown organization is a one-line error.
    let o = shtab(&[
        "letter",
        "--db",
        p(&db),
        "--org",
        "no such",
        "--kind",
        "reminder",
        "--out",
        p(dir.path()),
    ]);
    assert!(!o.status.success());
    assert_eq!(text(&o.stderr).trim().lines().count(), 1);
}

#[test]
fn settings_are_listed_read_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let list = text(&shtab(&["settings", "--db", p(&db), "list"]).stdout);
    for key in [
        "hq_name.ky",
        "hq_name.ru",
        "city",
        "outgoing.prefix",
        "quorum_rule",
        "tasks.extension_cap",
        "compliance.rules",
    ] {
        assert!(list.contains(key), "{key}: {list}");
    }
    let o = shtab(&[
        "settings",
        "--db",
        p(&db),
        "set",
        "hq_name.ru",
        "Штаб Токмока",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let got = shtab(&["settings", "--db", p(&db), "get", "hq_name.ru"]);
    assert_eq!(text(&got.stdout).trim(), "Штаб Токмока");
    for (key, value) in [
        ("quorum_rule", "most"),
        ("tasks.extension_cap", "many"),
        ("compliance.rules", "{"),
        ("colour", "red"),
    ] {
        let o = shtab(&["settings", "--db", p(&db), "set", key, value]);
        assert!(!o.status.success(), "{key}");
        assert_eq!(text(&o.stderr).trim().lines().count(), 1);
    }
    // The name is on the papers.
    let out = dir.path().join("agenda.docx");
    let sessions = text(&shtab(&["sessions", "--db", p(&db), "--format", "json"]).stdout);
    let v: serde_json::Value = serde_json::from_str(&sessions).unwrap();
    let label = v.as_array().unwrap().last().unwrap()["label"]
        .as_str()
        .unwrap()
        .to_string();
    let o = shtab(&[
        "agenda",
        "export",
        "--db",
        p(&db),
        "--session",
        &label,
        "--lang",
        "ru",
        "--out",
        p(&out),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let body = shtab::docs::testing::docx_text(&std::fs::read(&out).unwrap());
    assert!(body.contains("Штаб Токмока"), "{body}");
}

#[test]
fn lists_in_russian_and_kyrgyz_with_bom_separator_dates_and_print_setup() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let csv = shtab(&[
        "tasks",
        "--db",
        p(&db),
        "--overdue",
        "--format",
        "csv",
        "--lang",
        "ru",
    ]);
    assert!(csv.status.success(), "{}", text(&csv.stderr));
    assert!(
        csv.stdout.starts_with(&[0xEF, 0xBB, 0xBF]),
        "a byte-order mark"
    );
    let body = text(&csv.stdout);
    let header = body.lines().next().unwrap().trim_start_matches('\u{feff}');
    assert_eq!(
        header,
        "№;Основание;Поручение;Исполнитель;Соисполнители;Срок;Осталось дней;Состояние;Статус;Контроль"
    );
    let row = body.lines().nth(1).unwrap();
    assert!(row.contains(";просрочено;"), "{row}");
    assert!(
        !row.contains("overdue") && !row.contains("in_progress"),
        "{row}"
    );
    let deadline = row.split(';').nth(5).unwrap();
    assert!(shtab::domain::date::parse(deadline).is_some(), "{deadline}");

    let file = dir.path().join("t.xlsx");
    let o = shtab(&[
        "tasks",
        "--db",
        p(&db),
        "--format",
        "xlsx",
        "--lang",
        "ky",
        "--out",
        p(&file),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(book.sheet_names(), vec!["Тапшырмалар"]);
    let range = book.worksheet_range("Тапшырмалар").unwrap();
    let head: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(head[2], "Тапшырма");
    assert!(
        range.rows().nth(1).unwrap()[5].as_date().is_some(),
        "a real date"
    );
    let xml = sheet_xml(&file);
    assert!(xml.contains(r#"orientation="landscape""#), "{xml}");
    assert!(xml.contains(r#"fitToHeight="0""#), "one page wide: {xml}");
    assert_eq!(
        xml.matches("<col ").count(),
        10,
        "every column sized: {xml}"
    );
    // The same file again is refused.
    let o = shtab(&[
        "tasks",
        "--db",
        p(&db),
        "--format",
        "xlsx",
        "--lang",
        "ky",
        "--out",
        p(&file),
    ]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("exists already"));

    let file = dir.path().join("c.xlsx");
    let o = shtab(&[
        "compliance",
        "--db",
        p(&db),
        "--format",
        "xlsx",
        "--lang",
        "ru",
        "--out",
        p(&file),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let name = "Исполнительская дисциплина";
    let range = book.worksheet_range(name).unwrap();
    let head: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(head[1], "Организация");
    let stage = head.iter().position(|h| h == "Этап").unwrap();
    let steps = shtab::i18n::Lang::Ru.strings().compliance.steps;
    assert!(
        range
            .rows()
            .skip(1)
            .any(|r| steps.contains(&r[stage].to_string().as_str())),
        "stages in words"
    );
    let csv = shtab(&[
        "compliance",
        "--db",
        p(&db),
        "--format",
        "csv",
        "--lang",
        "ky",
    ]);
    let body = text(&csv.stdout);
    assert!(body.starts_with("\u{feff}№;Уюм;"), "{body}");
}
