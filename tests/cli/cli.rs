//! The command line as a user runs it: demo, check, export, import, and clear errors.

use crate::common;

use std::path::Path;

use common::cli::{demo_db, p, shtab, shtab_as, text};

#[test]
fn demo_check_export_import_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let out = shtab(&["demo", "--db", p(&db), "--scale", "300", "--seed", "7"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("300 tasks"),
        "{}",
        text(&out.stdout)
    );

    let out = shtab(&["check", "--db", p(&db)]);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), "ok");

    let json = dir.path().join("a.json");
    let out = shtab(&["export", "--db", p(&db), "--out", p(&json)]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let db2 = dir.path().join("b.db");
    let out = shtab(&["import", "--db", p(&db2), p(&json)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json2 = dir.path().join("b.json");
    assert!(
        shtab(&["export", "--db", p(&db2), "--out", p(&json2)])
            .status
            .success()
    );
    let tables = |f: &Path| -> serde_json::Value {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let mut t = v["tables"].clone();
        // The import itself is audited; compare the rest.
        t.as_object_mut().unwrap().remove("audit_log");
        t
    };
    assert_eq!(tables(&json), tables(&json2));

    // Importing again without --replace is refused, and says how to proceed.
    let out = shtab(&["import", "--db", p(&db2), p(&json)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--replace"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn errors_are_one_line_without_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "protocol notes, not a database").unwrap();
    let bad_json = dir.path().join("bad.json");
    std::fs::write(&bad_json, "{\"format\": \"shtab-export\"").unwrap();
    let nope = dir.path().join("nope.json");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", "--db", p(&missing)], "does not exist"),
        (vec!["check", "--db", p(&foreign)], "not a Shtab database"),
        (
            vec!["import", "--db", p(&missing), p(&bad_json)],
            "not a Shtab export",
        ),
        (vec!["import", "--db", p(&missing), p(&nope)], "cannot read"),
    ];
    for (args, needle) in cases {
        let out = shtab(&args);
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("backtrace"));
    }
    assert_eq!(
        std::fs::read_to_string(&foreign).unwrap(),
        "protocol notes, not a database",
        "the foreign file is untouched"
    );
}

#[test]
fn import_names_the_first_bad_record_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(shtab(&["demo", "--db", p(&db)]).status.success());
    let json = dir.path().join("a.json");
    assert!(
        shtab(&["export", "--db", p(&db), "--out", p(&json)])
            .status
            .success()
    );
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    v["tables"]["task"][4]["executor_id"] = serde_json::json!(999_999);
    std::fs::write(&json, v.to_string()).unwrap();
    let db2 = dir.path().join("b.db");
    let out = shtab(&["import", "--db", p(&db2), p(&json)]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("task record #5"), "{err}");
    let out = shtab(&[
        "export",
        "--db",
        p(&db2),
        "--out",
        p(&dir.path().join("c.json")),
    ]);
    assert!(out.status.success());
    let c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("c.json")).unwrap()).unwrap();
    assert_eq!(c["tables"]["organization"].as_array().unwrap().len(), 0);
}

// ------------------------------------------------------------ shtab sessions

fn sessions_json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = shtab(args);
    assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn sessions_lists_the_demo_as_a_table_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());

    let out = shtab(&["sessions", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + 14, "a header and 14 sessions:\n{table}");
    assert!(lines[0].starts_with("SESSION"), "{table}");
    for h in ["KIND", "DATE", "TIME", "PLACE", "STATUS", "ITEMS"] {
        assert!(lines[0].contains(h), "{h}: {table}");
    }
    // Aligned: every column starts at the same place on every line.
    let date_at = lines[0].find("DATE").unwrap();
    let time_at = lines[0].find("TIME").unwrap();
    for l in &lines[1..] {
        let date = &l[date_at..date_at + 10];
        assert!(
            chrono::NaiveDate::parse_from_str(date, "%d.%m.%Y").is_ok(),
            "{l}"
        );
        assert!(
            shtab::domain::session::parse_time(&l[time_at..time_at + 5]).is_some(),
            "{l}"
        );
        let label = l.split_whitespace().next().unwrap();
        assert!(shtab::domain::session::parse_label(label).is_some(), "{l}");
        assert!(
            l.contains(" regular ") || l.contains(" extraordinary "),
            "{l}"
        );
    }

    let all = sessions_json(&["sessions", "--db", p(&db), "--format", "json"]);
    assert_eq!(all.len(), 14);
    let keys: Vec<&str> = all[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = vec![
        "number",
        "year",
        "label",
        "kind",
        "reason",
        "date",
        "time",
        "place",
        "duration_minutes",
        "status",
        "items",
        "minutes_total",
    ];
    let mut got = keys.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    // In date order, the same sessions and item counts as the table.
    let dates: Vec<&str> = all.iter().map(|s| s["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    for (s, line) in all.iter().zip(&lines[1..]) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cols[0], s["label"], "{line}");
        assert_eq!(
            s["label"],
            format!("{}/{}", s["number"], s["year"]).as_str()
        );
        assert_eq!(cols.last().unwrap(), &s["items"].to_string(), "{line}");
        assert!(s["items"].as_i64().unwrap() > 0);
        assert!(s["minutes_total"].as_i64().unwrap() > 0);
        let iso =
            chrono::NaiveDate::parse_from_str(s["date"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert!(line.contains(&iso.format("%d.%m.%Y").to_string()), "{line}");
        if s["kind"] == "extraordinary" {
            assert_ne!(s["reason"], "");
        }
    }
    assert_eq!(
        all.iter().filter(|s| s["kind"] == "extraordinary").count(),
        2
    );

    // --year keeps that year's sessions only.
    let first_year = all[0]["year"].as_i64().unwrap();
    for year in [first_year, first_year + 1] {
        let y = year.to_string();
        let some = sessions_json(&["sessions", "--db", p(&db), "--year", &y, "--format", "json"]);
        let want = all.iter().filter(|s| s["year"] == year).count();
        assert_eq!(some.len(), want, "{year}");
        assert!(some.iter().all(|s| s["year"] == year));
        let out = shtab(&["sessions", "--db", p(&db), "--year", &y]);
        assert_eq!(text(&out.stdout).lines().count(), 1 + want);
    }
    let none = sessions_json(&[
        "sessions",
        "--db",
        p(&db),
        "--year",
        "2001",
        "--format",
        "json",
    ]);
    assert!(none.is_empty());
    let out = shtab(&["sessions", "--db", p(&db), "--year", "2001"]);
    assert_eq!(text(&out.stdout).lines().count(), 1, "the header alone");
}

#[test]
fn sessions_output_is_exactly_this() {
    use chrono::{NaiveDate, NaiveTime};
    use shtab::domain::session::{AgendaItem, AgendaItemKind, Session, SessionKind, SessionStatus};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    {
        let mut store = shtab::store::Store::open(&db).unwrap();
        let s = Session {
            id: 0,
            year: 0,
            number: 0,
            kind: SessionKind::Regular,
            reason: String::new(),
            date: NaiveDate::from_ymd_opt(2026, 5, 28).unwrap(),
            time: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            place: "Мэриянын чоң залы".into(),
            duration_minutes: 120,
            status: SessionStatus::Planned,
            version: 0,
        };
        let (a, _) = store.create_session(&s).unwrap();
        store
            .create_session(&Session {
                kind: SessionKind::Extraordinary,
                reason: "Интернет өчтү".into(),
                date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
                time: NaiveTime::from_hms_opt(15, 30, 0).unwrap(),
                place: "Hall B".into(),
                duration_minutes: 45,
                ..s.clone()
            })
            .unwrap();
        for (title, minutes) in [("Мектептер", 15), ("Wi-Fi", 20)] {
            store
                .save_agenda_item(&AgendaItem {
                    minutes,
                    ..AgendaItem::new(a, title, AgendaItemKind::Report)
                })
                .unwrap();
        }
        let v = store.session(a).unwrap().version;
        store
            .set_session_status(a, v, SessionStatus::AgendaApproved)
            .unwrap();
    }
    let out = shtab(&["--lang", "en", "sessions", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Statuses in words (the JSON keeps the codes).
    assert_eq!(
        text(&out.stdout),
        "SESSION  KIND           DATE        TIME   PLACE              STATUS           ITEMS\n\
         2/2026   extraordinary  05.03.2026  15:30  Hall B             planned              0\n\
         1/2026   regular        28.05.2026  10:00  Мэриянын чоң залы  agenda approved      2\n"
    );
    let out = shtab(&["sessions", "--db", p(&db), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([
            {
                "number": 2, "year": 2026, "label": "2/2026", "kind": "extraordinary",
                "reason": "Интернет өчтү", "date": "2026-03-05", "time": "15:30",
                "place": "Hall B", "duration_minutes": 45, "status": "planned",
                "items": 0, "minutes_total": 0
            },
            {
                "number": 1, "year": 2026, "label": "1/2026", "kind": "regular",
                "reason": "", "date": "2026-05-28", "time": "10:00",
                "place": "Мэриянын чоң залы", "duration_minutes": 120,
                "status": "agenda_approved", "items": 2, "minutes_total": 35
            }
        ])
    );

    // A session in 2027: --year tells the years apart.
    {
        let mut store = shtab::store::Store::open(&db).unwrap();
        let jan = store.session_by_label(1, 2026).unwrap();
        store
            .create_session(&Session {
                date: NaiveDate::from_ymd_opt(2027, 1, 28).unwrap(),
                ..jan
            })
            .unwrap();
    }
    let labels = |year: &str| -> Vec<String> {
        let out = shtab(&["sessions", "--db", p(&db), "--year", year]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    assert_eq!(labels("2026"), vec!["2/2026", "1/2026"]);
    assert_eq!(labels("2027"), vec!["1/2027"]);
    assert!(labels("2028").is_empty());
    let all = sessions_json(&["sessions", "--db", p(&db), "--format", "json"]);
    assert_eq!(all.len(), 3);
    assert_eq!(all[2]["label"], "1/2027");
}

#[test]
fn sessions_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let out = shtab(&["sessions", "--db", p(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
    assert!(!missing.exists(), "no database is made by listing");

    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "not a database").unwrap();
    let out = shtab(&["sessions", "--db", p(&foreign), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("not a Shtab database"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn agenda_export_writes_a_docx_with_every_item_and_the_invited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(shtab(&["demo", "--db", p(&db)]).status.success());
    // The demo's next session (see shtab sessions): the one with an approved agenda.
    let store = shtab::store::Store::open(&db).unwrap();
    let next = store
        .sessions(chrono::Local::now().date_naive(), None)
        .unwrap()
        .into_iter()
        .find(|r| r.session.status == shtab::domain::session::SessionStatus::AgendaApproved)
        .unwrap()
        .session;
    let items = store.agenda(next.id).unwrap();
    let invited = store.invited(next.id).unwrap();
    drop(store);
    for (lang, title) in [("ky", "КҮН ТАРТИБИ"), ("ru", "ПОВЕСТКА ДНЯ")] {
        let out = dir.path().join(format!("agenda-{lang}.docx"));
        let r = shtab(&[
            "agenda",
            "export",
            "--db",
            p(&db),
            "--session",
            &next.label(),
            "--format",
            "docx",
            "--lang",
            lang,
            "--out",
            p(&out),
        ]);
        assert!(r.status.success(), "{}", text(&r.stderr));
        let text = shtab::docs::testing::docx_text(&std::fs::read(&out).unwrap());
        assert!(text.contains(title), "{text}");
        for i in &items {
            // A Russian agenda retitles the hearings Shtab titled in Kyrgyz.
            let hearing = i.kind == shtab::domain::session::AgendaItemKind::Hearing;
            let title = if lang == "ru" && hearing {
                "Об исполнении поручений штаба"
            } else {
                i.title.as_str()
            };
            assert!(text.contains(title), "{title} missing");
        }
        for person in &invited {
            assert!(
                text.contains(&person.full_name),
                "{} missing",
                person.full_name
            );
        }
    }
    let md = dir.path().join("agenda.md");
    let r = shtab(&[
        "agenda",
        "export",
        "--db",
        p(&db),
        "--session",
        &next.label(),
        "--format",
        "md",
        "--out",
        p(&md),
    ]);
    assert!(r.status.success());
    // The approval block first, then the HQ's name as the heading.
    let md_text = std::fs::read_to_string(&md).unwrap();
    assert!(md_text.starts_with("> БЕКИТЕМИН"), "{md_text}");
    assert!(md_text.contains("\n# "), "{md_text}");
    for (bad, needle) in [("3-2026", "N/YYYY"), ("99/2026", "no session 99/2026")] {
        let r = shtab(&[
            "agenda",
            "export",
            "--db",
            p(&db),
            "--session",
            bad,
            "--out",
            p(&dir.path().join("none.md")),
        ]);
        assert!(!r.status.success());
        assert!(text(&r.stderr).contains(needle), "{}", text(&r.stderr));
        assert_eq!(text(&r.stderr).trim_end().lines().count(), 1);
    }
}

#[test]
fn compliance_figures_equal_the_tabs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(shtab(&["demo", "--db", p(&db)]).status.success());
    let out = shtab(&["compliance", "--db", p(&db), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let store = shtab::store::Store::open(&db).unwrap();
    let today = chrono::Local::now().date_naive();
    let rows = store.compliance(today, None, None).unwrap();
    let arr = json.as_array().unwrap();
    assert_eq!(arr.len(), rows.len());
    for (j, m) in arr.iter().zip(&rows) {
        assert_eq!(j["organization_id"], m.organization_id);
        assert_eq!(j["assigned"], m.assigned);
        assert_eq!(j["overdue_now"], m.overdue_now);
        assert_eq!(j["done_late"], m.done_late);
        assert_eq!(j["oldest_overdue_days"], m.oldest_overdue_days);
    }
    // CSV: a header and one line per organization; the kind filter narrows it.
    let csv = shtab(&[
        "compliance",
        "--db",
        p(&db),
        "--format",
        "csv",
        "--kind",
        "school",
        "--lang",
        "en",
    ]);
    let csv = text(&csv.stdout);
    let schools = rows
        .iter()
        .filter(|r| r.kind == shtab::domain::OrgKind::School)
        .count();
    assert_eq!(csv.lines().count(), schools + 1);
    assert!(csv.starts_with("\u{feff}ID;Organization;"), "{csv}");
    let out_file = dir.path().join("c.json");
    let r = shtab(&[
        "compliance",
        "--db",
        p(&db),
        "--format",
        "json",
        "--out",
        p(&out_file),
    ]);
    assert!(r.status.success());
    assert_eq!(std::fs::read(&out_file).unwrap(), out.stdout);
    for (args, needle) in [
        (vec!["--kind", "bank"], "unknown kind"),
        (vec!["--period", "2026-13..2026-01"], "not a period"),
    ] {
        let mut all = vec!["compliance", "--db", p(&db)];
        all.extend(args);
        let r = shtab(&all);
        assert!(!r.status.success());
        assert!(text(&r.stderr).contains(needle));
    }
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(shtab(&["demo", "--db", p(&db)]).status.success());
    let out = shtab(&["backup", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let copy = std::path::PathBuf::from(text(&out.stdout).trim());
    assert!(copy.starts_with(dir.path().join("backups")));
    assert_eq!(
        text(&shtab(&["check", "--db", p(&copy)]).stdout).trim(),
        "ok"
    );
    // Change the live database, then restore the copy over it.
    let s = shtab::store::Store::open(&db).unwrap();
    let orgs = s.count("organization").unwrap();
    drop(s);
    let mut s = shtab::store::Store::open(&db).unwrap();
    s.save_organization(&shtab::domain::Organization::new(
        "Жаңы уюм",
        shtab::domain::OrgKind::Enterprise,
    ))
    .unwrap();
    drop(s);
    let r = shtab(&["restore", p(&copy), "--db", p(&db)]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(text(&r.stdout).contains("replaced"));
    let s = shtab::store::Store::open(&db).unwrap();
    assert_eq!(s.count("organization").unwrap(), orgs);
    // A text file is no backup: refused in one line, nothing replaced.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "hello").unwrap();
    let r = shtab(&["restore", p(&junk), "--db", p(&db)]);
    assert!(!r.status.success());
    assert!(
        text(&r.stderr).contains("not a Shtab database"),
        "{}",
        text(&r.stderr)
    );
    assert_eq!(text(&r.stderr).trim_end().lines().count(), 1);
}

#[test]
fn audit_lists_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(shtab(&["demo", "--db", p(&db)]).status.success());
    let mut s = shtab::store::Store::open(&db).unwrap();
    s.save_organization(&shtab::domain::Organization::new(
        "Жаңы уюм",
        shtab::domain::OrgKind::Enterprise,
    ))
    .unwrap();
    drop(s);
    let out = shtab(&["audit", "--db", p(&db), "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows[0]["entity"], "organization", "newest first");
    assert!(rows[0]["new_values"].as_str().unwrap().contains("Жаңы уюм"));
    // "ok", then what it compared (issue 20).
    assert!(text(&shtab(&["audit", "verify", "--db", p(&db)]).stdout).starts_with("ok"));
    // Tamper with the file behind Shtab's back.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_log_append_only_update;
         UPDATE audit_log SET user = 'someone-else' WHERE id = 1;",
    )
    .unwrap();
    drop(c);
    let r = shtab(&["audit", "verify", "--db", p(&db)]);
    assert!(!r.status.success());
    assert!(text(&r.stderr).contains("row 1"), "{}", text(&r.stderr));
    let r = shtab(&["audit", "--db", p(&db), "--since", "yesterday"]);
    assert!(!r.status.success());
    assert!(text(&r.stderr).contains("not a time"));
}

#[test]
fn users_and_roles_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(
        shtab_as("aigul", &["demo", "--db", p(&db)])
            .status
            .success()
    );
    // The first user to manage users becomes the secretary.
    let r = shtab_as(
        "aigul",
        &[
            "user",
            "add",
            "bakyt",
            "--name",
            "Бакыт Асанов",
            "--role",
            "member",
            "--db",
            p(&db),
        ],
    );
    assert!(r.status.success(), "{}", text(&r.stderr));
    let list = shtab_as(
        "aigul",
        &["user", "list", "--format", "json", "--db", p(&db)],
    );
    let users: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let roles: Vec<(String, String)> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["login"].as_str().unwrap().into(),
                u["role"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("aigul".into(), "secretary".into()),
            ("bakyt".into(), "member".into())
        ]
    );
    // A member may not manage users nor import: refused, naming the role, nothing changed.
    let r = shtab_as(
        "bakyt",
        &["user", "add", "cholpon", "--role", "chair", "--db", p(&db)],
    );
    assert!(!r.status.success());
    assert!(
        text(&r.stderr).contains("needs the role secretary"),
        "{}",
        text(&r.stderr)
    );
    let json = dir.path().join("x.json");
    assert!(
        shtab_as("aigul", &["export", "--db", p(&db), "--out", p(&json)])
            .status
            .success()
    );
    let r = shtab_as("bakyt", &["import", "--replace", "--db", p(&db), p(&json)]);
    assert!(!r.status.success());
    assert!(
        // A replacing import is the secretary's alone (issue 20).
        text(&r.stderr).contains("needs the role secretary"),
        "{}",
        text(&r.stderr)
    );
    let list = shtab_as("aigul", &["user", "list", "--db", p(&db)]);
    assert!(!text(&list.stdout).contains("cholpon"));
    // Removing: the secretary may, but not themself.
    let r = shtab_as("aigul", &["user", "remove", "aigul", "--db", p(&db)]);
    assert!(!r.status.success());
    let r = shtab_as("aigul", &["user", "remove", "bakyt", "--db", p(&db)]);
    assert!(r.status.success());
}

#[test]
fn compliance_as_a_workbook() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    assert!(shtab(&["demo", "--db", p(&db)]).status.success());
    let file = dir.path().join("c.xlsx");
    let r = shtab(&[
        "compliance",
        "--db",
        p(&db),
        "--format",
        "xlsx",
        "--lang",
        "en",
        "--out",
        p(&file),
    ]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let json = shtab(&["compliance", "--db", p(&db), "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let range = book.worksheet_range("Compliance").unwrap();
    assert_eq!(
        range.height(),
        rows.len() + 1,
        "a header and one row per organization"
    );
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..2], &["ID", "Organization"]);
    let overdue = header.iter().position(|h| h == "Overdue").unwrap();
    for (sheet_row, j) in range.rows().skip(1).zip(rows) {
        assert_eq!(
            sheet_row[1].to_string(),
            j["organization"].as_str().unwrap()
        );
        assert_eq!(
            sheet_row[overdue].to_string().parse::<f64>().unwrap() as i64,
            j["overdue_now"].as_i64().unwrap()
        );
    }
    // Without --out it says what it needs.
    let r = shtab(&["compliance", "--db", p(&db), "--format", "xlsx"]);
    assert!(!r.status.success());
    assert!(text(&r.stderr).contains("--out"));
}

// ------------------------------------------------------------ results in words (issue 13)

#[test]
fn sessions_and_verify_speak_the_ui_language_and_json_keeps_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (lang, head, words) in [
        ("ru", "ЗАСЕДАНИЕ", ["очередное", "протокол подписан"]),
        ("ky", "ОТУРУМ", ["кезектүү", ""]),
    ] {
        let out = shtab(&["--lang", lang, "sessions", "--db", p(&db)]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let table = text(&out.stdout);
        assert!(table.starts_with(head), "{table}");
        for w in words.iter().filter(|w| !w.is_empty()) {
            assert!(table.contains(w), "{w}: {table}");
        }
        for code in ["regular", "protocol_signed", "agenda_approved"] {
            assert!(!table.contains(code), "{code} in\n{table}");
        }
    }
    let json = sessions_json(&[
        "--lang",
        "ru",
        "sessions",
        "--db",
        p(&db),
        "--format",
        "json",
    ]);
    assert!(
        json.iter().any(|s| s["status"] == "protocol_signed"),
        "codes in JSON"
    );

    // A signed protocol of the demo, verified in words and as JSON.
    let signed = json
        .iter()
        .find(|s| s["status"] == "protocol_signed")
        .unwrap();
    let store = shtab::store::Store::open(&db).unwrap();
    let session = store
        .session_by_label(
            signed["number"].as_i64().unwrap(),
            signed["year"].as_i64().unwrap() as i32,
        )
        .unwrap();
    let pid = store.protocol_of_session(session.id).unwrap().unwrap();
    let label = store.protocol_doc(pid).unwrap().protocol.label().unwrap();
    drop(store);
    let out = shtab(&["--lang", "ky", "--db", p(&db), "protocol", "verify", &label]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("бүтүн") && !said.contains("intact"), "{said}");
    let out = shtab(&["--lang", "ru", "--db", p(&db), "protocol", "verify", &label]);
    assert!(
        text(&out.stdout).contains("не изменён"),
        "{}",
        text(&out.stdout)
    );
    let out = shtab(&[
        "--db",
        p(&db),
        "protocol",
        "verify",
        &label,
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["result"], "intact");
    assert_eq!(v["protocol"], label.as_str());
    assert_eq!(v["sha256_now"], v["sha256_signed"]);
}

/// Long commands draw a bar only on a terminal: with stderr a pipe (as here) they print
/// nothing there; and a bulk load leaves the file in WAL mode, as every open expects.
#[test]
fn long_commands_print_no_bar_into_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let json = dir.path().join("a.json");
    let db2 = dir.path().join("b.db");
    let backups = dir.path().join("copies");
    let runs: [Vec<&str>; 4] = [
        vec!["demo", "--db", p(&db), "--scale", "2000"],
        vec!["export", "--db", p(&db), "--out", p(&json)],
        vec!["import", "--db", p(&db2), p(&json)],
        vec!["backup", "--db", p(&db2), "--to", p(&backups)],
    ];
    for args in &runs {
        let out = shtab(args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
    // The demo and the import switch a fresh file's journal for the load, and back.
    for f in [&db, &db2] {
        let c = rusqlite::Connection::open(f).unwrap();
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal", "{}", f.display());
        let tasks: i64 = c
            .query_row("SELECT count(*) FROM task", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tasks, 2000);
    }
    let copy = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|x| x == "db"))
        .unwrap();
    let out = shtab(&["restore", p(&copy), "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    let out = shtab(&["check", "--db", p(&db)]);
    assert_eq!(text(&out.stdout).trim(), "ok", "{}", text(&out.stderr));
}
