//! `shtab tasks` as a script runs it: the same query as the tab, csv and json agreeing
//! with the tab's count, an xlsx that opens with filters and real dates, clear errors.

use crate::common;

use std::path::Path;

use calamine::{DataType, Reader, Xlsx, open_workbook};
use common::cli::{demo_db, p, shtab, shtab_as, text};
use ratatui::crossterm::event::KeyCode;
use shtab::app::App;
use shtab::i18n::Lang;
use shtab::store::Store;

fn real_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// What the Tasks tab counts for `query` on the same database.
fn tab_total(db: &Path, query: &str) -> i64 {
    let mut app = App::new(Store::open(db).unwrap(), Lang::En, real_today(), false);
    app.resize(100, 30);
    common::chr(&mut app, '3');
    common::chr(&mut app, '/');
    press_end_and_clear(&mut app);
    common::typ(&mut app, query);
    common::press(&mut app, KeyCode::Enter);
    assert!(app.screens.tasks.error.is_none(), "{query}");
    app.screens.tasks.total
}

fn press_end_and_clear(app: &mut App) {
    common::press(app, KeyCode::End);
    for _ in 0..80 {
        common::press(app, KeyCode::Backspace);
    }
}

#[test]
fn csv_json_count_and_the_tab_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (args, query) in [
        (vec!["--overdue"], "status:overdue"),
        (vec!["status:open kind:school"], "status:open kind:school"),
        (
            vec!["--status", "open", "--due-within", "7"],
            "status:open due:<7d",
        ),
        (vec!["--search", "ИНТЕРНЕТ"], "интернет"),
        (
            vec!["--org", "мектеби", "--status", "closed"],
            "org:мектеби status:closed",
        ),
        (vec![], ""),
    ] {
        let run = |extra: &[&str]| {
            let mut a = vec!["tasks", "--db", p(&db), "--lang", "en"];
            a.extend(args.iter().copied());
            a.extend(extra);
            let out = shtab(&a);
            assert!(out.status.success(), "{a:?}: {}", text(&out.stderr));
            text(&out.stdout)
        };
        let count: i64 = run(&["--count"]).trim().parse().unwrap();
        let csv = run(&["--format", "csv"]);
        let csv_rows = csv.lines().count() as i64 - 1;
        let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
        let json_rows = json.as_array().unwrap().len() as i64;
        let table_rows = run(&[]).lines().count() as i64 - 1;
        let tab = tab_total(&db, query);
        assert!(count > 0, "{args:?}");
        assert_eq!(csv_rows, count, "{args:?}");
        assert_eq!(json_rows, count, "{args:?}");
        assert_eq!(table_rows, count, "{args:?}");
        assert_eq!(tab, count, "{args:?}: the tab and the command line agree");
        // The same ids in the same order.
        // UTF-8 with a byte-order mark and `;` between fields, as Excel opens it.
        assert!(csv.starts_with("\u{feff}ID;Origin;Task;"), "{csv}");
        let csv_ids: Vec<i64> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(';').next().unwrap().parse().unwrap())
            .collect();
        let json_ids: Vec<i64> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect();
        assert_eq!(csv_ids, json_ids);
    }
    // The overdue ones say so.
    let out = shtab(&["tasks", "--db", p(&db), "--overdue", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for t in json.as_array().unwrap() {
        assert_eq!(t["state"], "overdue");
        assert!(t["days_left"].as_i64().unwrap() < 0);
    }
}

#[test]
fn xlsx_opens_with_a_header_filters_and_real_dates() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let file = dir.path().join("overdue.xlsx");
    let out = shtab(&[
        "tasks",
        "--db",
        p(&db),
        "--overdue",
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        p(&file),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let count: usize = text(&shtab(&["tasks", "--db", p(&db), "--overdue", "--count"]).stdout)
        .trim()
        .parse()
        .unwrap();
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let range = book.worksheet_range("Tasks").unwrap();
    assert_eq!(range.height(), count + 1, "a header and one row per task");
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..3], &["ID", "Origin", "Task"]);
    let deadline_col = header.iter().position(|h| h == "Deadline").unwrap();
    let state_col = header.iter().position(|h| h == "State").unwrap();
    for row in range.rows().skip(1) {
        let d = row[deadline_col]
            .as_date()
            .expect("the deadline is a real date");
        assert!(d < real_today());
        assert_eq!(row[state_col].to_string(), "overdue");
        assert!(row[0].get_float().is_some() || row[0].get_int().is_some());
    }
    // The header row carries filters.
    let zip = std::fs::File::open(&file).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains("<autoFilter"), "{sheet}");
}

#[test]
fn bad_input_is_one_line_and_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (args, needle) in [
        (vec!["colour:red"], "unknown key colour"),
        (vec!["due:31.02.2026"], "31.02.2026 is not a date"),
        (vec!["--kind", "shop"], "kind shop?"),
        (vec!["--format", "xlsx"], "--out"),
    ] {
        let mut a = vec!["tasks", "--db", p(&db)];
        a.extend(args.iter().copied());
        let out = shtab(&a);
        assert!(!out.status.success(), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = shtab(&[
        "tasks",
        "--db",
        p(&dir.path().join("missing.db")),
        "--count",
    ]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("does not exist"));
}

#[test]
fn controller_me_is_the_linked_members_tasks_or_a_clear_refusal() {
    use shtab::domain::access::AccessRole;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (member, expected) = {
        let mut store = Store::open(&db).unwrap();
        let member: i64 = store
            .conn()
            .query_row(
                "SELECT controller_id FROM task WHERE controller_id IS NOT NULL
                  GROUP BY controller_id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let mut st = store
            .conn()
            .prepare("SELECT id FROM task WHERE controller_id = ?1 ORDER BY id")
            .unwrap();
        let ids: Vec<i64> = st
            .query_map([member], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        drop(st);
        store
            .save_user(&shtab::store::User {
                login: "aibek".into(),
                full_name: String::new(),
                role: AccessRole::Member,
                member_id: Some(member),
            })
            .unwrap();
        (member, ids)
    };
    assert!(member > 0 && !expected.is_empty());
    let out = shtab_as(
        "aibek",
        &["tasks", "--db", p(&db), "controller:me", "--format", "json"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let mut ids: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, expected, "only the linked member's tasks");
    // A login linked to no member: a sentence and a non-zero exit, never everyone's tasks.
    for (lang, words) in [
        ("en", "linked to no HQ member"),
        ("ru", "не связан с членом штаба"),
    ] {
        let out = shtab_as(
            "stranger",
            &["tasks", "--db", p(&db), "controller:me", "--lang", lang],
        );
        assert!(!out.status.success());
        assert!(
            text(&out.stdout).is_empty(),
            "no list: {}",
            text(&out.stdout)
        );
        let err = text(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(words) && err.contains("stranger"), "{err}");
    }
    // Other queries are not refused for such a login.
    let out = shtab_as("stranger", &["tasks", "--db", p(&db), "--count"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// `shtab tasks | head`: the reader stops after a line; the list ends without a word on
/// stderr and with success (it said "cannot write the list: Broken pipe"). Unix only: how
/// Wine reports a closed pipe is Wine's, not Windows'.
#[cfg(unix)]
#[test]
fn a_reader_that_stops_reading_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("scaled.db");
    let made = shtab(&["demo", "--scale", "2000", "--db", p(&db)]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let all = shtab(&["tasks", "--db", p(&db)]);
    assert!(all.status.success(), "{}", text(&all.stderr));
    let n = all.stdout.len();
    assert!(n > 1 << 18, "more than a pipe holds: {n}");
    let mut child = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(["tasks", "--db", p(&db)])
        .env("HOME", std::env::temp_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reading end is dropped here.
    let out = child.wait_with_output().unwrap();
    assert!(!first.is_empty());
    assert_eq!(text(&out.stderr), "");
    assert!(out.status.success(), "{:?}", out.status);
}
