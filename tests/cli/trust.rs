//! Trust (issue 20): identity from the OS, roles on every path, forgeries found, restore and
//! backup that never lose the live database, output that cannot attack the terminal.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::cli::{p, shtab_as, shtab_env, text};
use shtab::domain::access::AccessRole;
use shtab::store::{Store, User};

fn user(login: &str, role: AccessRole) -> User {
    User {
        login: login.into(),
        full_name: String::new(),
        role,
        member_id: None,
    }
}

/// A database whose secretary is "sec" and where this process's OS login has `me`.
fn db_with(dir: &Path, me: AccessRole) -> std::path::PathBuf {
    let db = dir.join("t.db");
    let mut s = Store::open(&db).unwrap();
    s.save_user(&user("sec", AccessRole::Secretary)).unwrap();
    s.save_user(&user(&shtab::store::current_user(), me))
        .unwrap();
    db
}

#[test]
fn a_spoofed_user_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with(dir.path(), AccessRole::Viewer);
    let me = shtab::store::current_user();
    assert_ne!(me, "sec");
    for env in [
        vec![("USER", "sec"), ("LOGNAME", "sec"), ("USERNAME", "sec")],
        // Not run through sudo as the database's owner: SUDO_* are just variables.
        vec![("SUDO_USER", "sec"), ("SUDO_UID", "4242")],
    ] {
        let r = shtab_env(
            &[
                "user",
                "add",
                "mallory",
                "--role",
                "secretary",
                "--db",
                p(&db),
            ],
            &env,
        );
        assert!(!r.status.success(), "{env:?}");
        assert!(
            text(&r.stderr).contains(&format!("{me} may not do this")),
            "{}",
            text(&r.stderr)
        );
    }
    let s = Store::open(&db).unwrap();
    assert!(s.user("mallory").unwrap().is_none());
}

#[test]
fn the_audit_log_names_the_os_login_not_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let db = db_with(dir.path(), AccessRole::Secretary);
    let r = shtab_env(
        &["user", "add", "bakyt", "--role", "member", "--db", p(&db)],
        &[("USER", "sec"), ("LOGNAME", "sec")],
    );
    assert!(r.status.success(), "{}", text(&r.stderr));
    let s = Store::open(&db).unwrap();
    let rows = s.audit_rows(&Default::default()).unwrap();
    let add = rows
        .iter()
        .find(|r| r.entity == "app_user" && r.new_values.as_deref().unwrap_or("").contains("bakyt"))
        .expect("the change is logged");
    assert_eq!(add.user, shtab::store::current_user());
}

/// A demo database (with signed protocols and issued reports) whose users are a secretary
/// "sec", a chair "chair" and a viewer "v".
fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    let r = shtab_as("sec", &["demo", "--db", p(&db), "--scale", "30"]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    let mut s = Store::open(&db).unwrap();
    s.save_user(&user("sec", AccessRole::Secretary)).unwrap();
    s.save_user(&user("chair", AccessRole::Chair)).unwrap();
    s.save_user(&user("v", AccessRole::Viewer)).unwrap();
    db
}

fn fails_with(r: &Output, words: &str) {
    assert!(!r.status.success(), "succeeded: {}", text(&r.stdout));
    let e = text(&r.stderr);
    assert!(e.contains(words), "{e}");
    assert_eq!(e.trim_end().lines().count(), 1, "one line: {e}");
}

#[test]
fn access_unknown_refuse_refuses_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    Store::open(&db)
        .unwrap()
        .set_setting("access.unknown", "refuse")
        .unwrap();
    let out = dir.path().join("x.json");
    let d = p(&db);
    for args in [
        vec!["export", "--db", d, "--out", p(&out)],
        vec!["tasks", "--db", d],
        vec!["sessions", "--db", d],
        vec!["compliance", "--db", d],
        vec!["audit", "--db", d],
        vec!["audit", "verify", "--db", d],
        vec!["backup", "--db", d],
        vec!["check", "--db", d],
        vec!["user", "list", "--db", d],
        vec![
            "torture",
            "add-task",
            "--executor",
            "1",
            "--deadline",
            "2027-01-15",
            "x",
            "--db",
            d,
        ],
    ] {
        fails_with(&shtab_as("stranger", &args), "stranger is not a user");
    }
    assert!(!out.exists());
    // A user still may.
    let r = shtab_as("v", &["sessions", "--db", d]);
    assert!(r.status.success(), "{}", text(&r.stderr));
}

#[test]
fn writes_need_their_role_on_every_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let d = p(&db);
    let json = dir.path().join("x.json");
    assert!(
        shtab_as("sec", &["export", "--db", d, "--out", p(&json)])
            .status
            .success()
    );
    let copy = dir.path().join("copy.db");
    Store::open(&db).unwrap().backup_to(&copy).unwrap();
    let tasks = Store::open(&db).unwrap().count("task").unwrap();
    for args in [
        vec![
            "torture",
            "add-task",
            "--executor",
            "1",
            "--deadline",
            "2027-01-15",
            "x",
            "--db",
            d,
        ],
        vec!["backup", "--db", d],
        vec!["restore", p(&copy), "--db", d],
        vec!["import", "--replace", p(&json), "--db", d],
        vec!["user", "add", "mallory", "--role", "chair", "--db", d],
    ] {
        fails_with(&shtab_as("v", &args), "v may not do this");
    }
    // Restore and a replacing import are the secretary's, not the chair's.
    fails_with(
        &shtab_as("chair", &["restore", p(&copy), "--db", d]),
        "needs the role secretary",
    );
    fails_with(
        &shtab_as("chair", &["import", "--replace", p(&json), "--db", d]),
        "needs the role secretary",
    );
    assert_eq!(Store::open(&db).unwrap().count("task").unwrap(), tasks);
    let r = shtab_as("sec", &["import", "--replace", p(&json), "--db", d]);
    assert!(r.status.success(), "{}", text(&r.stderr));
}

#[test]
fn a_forged_import_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let d = p(&db);
    let json = dir.path().join("x.json");
    assert!(
        shtab_as("chair", &["export", "--db", d, "--out", p(&json)])
            .status
            .success()
    );
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let signed = Store::open(&db)
        .unwrap()
        .conn()
        .query_row(
            "SELECT id FROM protocol WHERE status = 'signed' ORDER BY id LIMIT 1",
            [],
            |r| r.get::<_, i64>(0),
        )
        .unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let edits: Vec<(&str, Edit)> = vec![
        (
            "app_user",
            Box::new(|t| {
                for u in t["app_user"].as_array_mut().unwrap() {
                    if u["login"] == "v" {
                        u["role"] = "chair".into();
                    }
                }
            }),
        ),
        (
            "app_user",
            Box::new(|t| {
                let mut m = t["app_user"][0].clone();
                m["id"] = 999.into();
                m["login"] = "mallory".into();
                m["role"] = "chair".into();
                t["app_user"].as_array_mut().unwrap().push(m);
            }),
        ),
        (
            "decision",
            Box::new(move |t| {
                let d = t["decision"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|d| d["protocol_id"] == signed)
                    .unwrap();
                d["text"] = "Forged decision".into();
            }),
        ),
        (
            "report",
            Box::new(|t| {
                let r = &mut t["report"][0];
                r["payload"] = "{}".into();
            }),
        ),
    ];
    for (table, edit) in edits {
        let mut forged = data.clone();
        edit(&mut forged["tables"]);
        let f = dir.path().join("forged.json");
        std::fs::write(&f, forged.to_string()).unwrap();
        fails_with(
            &shtab_as("sec", &["import", "--replace", p(&f), "--db", d]),
            &format!("{table} would change"),
        );
    }
    let s = Store::open(&db).unwrap();
    assert_eq!(s.user("v").unwrap().unwrap().role, AccessRole::Viewer);
    assert!(s.user("mallory").unwrap().is_none());
    assert!(s.verify_protocol(signed).unwrap().intact);
}

/// A connection as `sqlite3` would have it, with stand-ins for the functions Shtab's
/// triggers call (an attacker can define them too).
fn raw(db: &Path) -> rusqlite::Connection {
    use rusqlite::functions::FunctionFlags;
    let c = rusqlite::Connection::open(db).unwrap();
    let f = FunctionFlags::SQLITE_UTF8;
    c.create_scalar_function("shtab_audit_on", 0, f, |_| Ok(false))
        .unwrap();
    c.create_scalar_function("shtab_importing", 0, f, |_| Ok(true))
        .unwrap();
    c.create_scalar_function("shtab_now", 0, f, |_| Ok("2026-11-25T10:00:00"))
        .unwrap();
    c.create_scalar_function("shtab_user", 0, f, |_| Ok("mallory"))
        .unwrap();
    c.create_scalar_function("shtab_chain", 9, f, |_| Ok(""))
        .unwrap();
    c
}

fn signed(db: &Path) -> (i64, String) {
    raw(db)
        .query_row(
            "SELECT id, reg_number || '/' || year FROM protocol WHERE status = 'signed'
             ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn a_dropped_guard_and_a_recomputed_hash_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (id, label) = signed(&db);
    raw(&db)
        .execute_batch(&format!(
            "DROP TRIGGER signed_decision_update;
             UPDATE decision SET text = 'Forged' WHERE protocol_id = {id};"
        ))
        .unwrap();
    // The forger recomputes the hash the way Shtab does and writes it into the row.
    let computed = Store::open(&db)
        .unwrap()
        .verify_protocol(id)
        .unwrap()
        .computed;
    raw(&db)
        .execute_batch(&format!(
            "DROP TRIGGER signed_protocol_update;
             UPDATE protocol SET text_hash = '{computed}' WHERE id = {id};"
        ))
        .unwrap();
    let r = shtab_as("v", &["check", "--db", p(&db)]);
    assert!(!r.status.success());
    let out = text(&r.stdout);
    assert!(
        out.contains("trigger signed_protocol_update is missing"),
        "{out}"
    );
    assert!(
        out.contains(&format!("protocol {label} was changed")),
        "{out}"
    );
    fails_with(
        &shtab_as("v", &["protocol", "verify", &label, "--db", p(&db)]),
        "changed behind Shtab's back",
    );
    // Opening recreated the guards, and the log says so.
    let s = Store::open(&db).unwrap();
    assert!(
        s.check_trust()
            .unwrap()
            .iter()
            .all(|p| !p.contains("missing"))
    );
    let repairs = s
        .audit_rows(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "repair")
        .count();
    assert!(repairs >= 2, "{repairs}");
}

#[test]
fn an_edited_issued_report_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    assert!(shtab_as("v", &["check", "--db", p(&db)]).status.success());
    raw(&db)
        .execute_batch(
            "DROP TRIGGER report_issued_no_update;
             UPDATE report SET payload = replace(payload, '\"overdue\"', '\"overdue \"')
             WHERE id = (SELECT min(id) FROM report);
             UPDATE report SET payload = payload || ' ' WHERE id = (SELECT min(id) FROM report);",
        )
        .unwrap();
    let r = shtab_as("v", &["check", "--db", p(&db)]);
    assert!(!r.status.success());
    assert!(
        text(&r.stdout).contains("was changed after it was issued"),
        "{}",
        text(&r.stdout)
    );
}

#[test]
fn a_cut_emptied_or_blanked_audit_log_is_found() {
    for attack in [
        "DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log);",
        "DELETE FROM audit_log;",
        "UPDATE audit_log SET hash = '';",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let r = shtab_as("sec", &["backup", "--db", p(&db)]);
        assert!(r.status.success(), "{}", text(&r.stderr));
        let r = shtab_as("v", &["audit", "verify", "--db", p(&db)]);
        assert!(r.status.success(), "{}", text(&r.stderr));
        assert!(text(&r.stdout).contains("anchor"), "{}", text(&r.stdout));
        raw(&db)
            .execute_batch(&format!(
                "DROP TRIGGER audit_log_append_only_delete;
                 DROP TRIGGER audit_log_append_only_update; {attack}"
            ))
            .unwrap();
        fails_with(
            &shtab_as("v", &["audit", "verify", "--db", p(&db)]),
            "the audit log was tampered with",
        );
    }
}

#[test]
#[cfg(unix)] // a symbolic link (Unix)
fn restore_onto_itself_or_through_a_link_is_refused_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tasks = Store::open(&db).unwrap().count("task").unwrap();
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    for (from, to) in [(&db, &db), (&link, &db), (&db, &link)] {
        fails_with(
            &shtab_as("sec", &["restore", p(from), "--db", p(to)]),
            "is the database itself",
        );
    }
    assert_eq!(Store::open(&db).unwrap().count("task").unwrap(), tasks);
    // Through the link, a real backup replaces the file behind it; the link stays.
    let copy = dir.path().join("copy.db");
    Store::open(&db).unwrap().backup_to(&copy).unwrap();
    let r = shtab_as("sec", &["restore", p(&copy), "--db", p(&link)]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Store::open(&link).unwrap().count("task").unwrap(), tasks);
}

#[test]
fn restore_waits_for_every_other_shtab_to_close() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let copy = dir.path().join("copy.db");
    Store::open(&db).unwrap().backup_to(&copy).unwrap();
    let mut writer = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(["torture", "append", "--prefix", "7", "--db", p(&db)])
        .env("SHTAB_TEST_LOGIN", "sec")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    lines.next().unwrap().unwrap();
    fails_with(
        &shtab_as("sec", &["restore", p(&copy), "--db", p(&db)]),
        "is open in another Shtab",
    );
    writer.kill().unwrap();
    writer.wait().unwrap();
    let committed = Store::open(&db).unwrap().count("organization").unwrap();
    let r = shtab_as("sec", &["restore", p(&copy), "--db", p(&db)]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    // The replaced file is whole (its WAL folded in) and kept beside.
    let kept = text(&r.stdout)
        .trim()
        .rsplit("the replaced file is ")
        .next()
        .unwrap()
        .to_string();
    let old = Store::open(Path::new(&kept)).unwrap();
    assert_eq!(old.count("organization").unwrap(), committed);
    let now = Store::open(&db).unwrap();
    assert!(now.count("organization").unwrap() < committed);
    assert!(now.check().unwrap().is_empty());
}

#[test]
fn a_backup_of_a_newer_schema_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let copy = dir.path().join("copy.db");
    Store::open(&db).unwrap().backup_to(&copy).unwrap();
    raw(&copy)
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    fails_with(
        &shtab_as("sec", &["restore", p(&copy), "--db", p(&db)]),
        "newer Shtab",
    );
    assert!(Store::open(&db).unwrap().count("task").unwrap() > 0);
}

#[test]
#[cfg(unix)] // file modes (Unix)
fn backups_are_private_never_share_a_name_and_finish_beside_a_busy_writer() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // A writer committing as fast as it can, all along.
    let mut writer = Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(["torture", "append", "--prefix", "3", "--db", p(&db)])
        .env("SHTAB_TEST_LOGIN", "sec")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(writer.stdout.take().unwrap()).lines();
    lines.next().unwrap().unwrap();
    let started = std::time::Instant::now();
    let mut made = Vec::new();
    for _ in 0..2 {
        let r = shtab_as("sec", &["backup", "--db", p(&db)]);
        assert!(r.status.success(), "{}", text(&r.stderr));
        made.push(text(&r.stdout).trim().to_string());
    }
    let took = started.elapsed();
    writer.kill().unwrap();
    writer.wait().unwrap();
    assert!(took.as_secs() < 30, "{took:?}");
    assert_ne!(made[0], made[1]);
    for b in &made {
        let mode = std::fs::metadata(b).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{b}");
        shtab::store::backup::check_backup(Path::new(b)).unwrap();
        assert!(Path::new(&format!("{b}.anchor")).exists());
    }
    let leftovers = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("partial")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn hostile_json_fields_are_refused_naming_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let data = Store::open(&db).unwrap().export().unwrap();
    let json: serde_json::Value = serde_json::to_value(&data).unwrap();
    for (table, field, value, words) in [
        (
            "session",
            "date",
            serde_json::json!("2026-13-45"),
            "is not a date",
        ),
        (
            "session",
            "time",
            serde_json::json!("25:99"),
            "is not a time",
        ),
        (
            "task",
            "deadline",
            serde_json::json!("31.02.2026"),
            "is not a date",
        ),
        (
            "organization",
            "version",
            serde_json::json!(1.5),
            "is not a whole number",
        ),
        (
            "task",
            "executor_id",
            serde_json::json!("7"),
            "is not a whole number",
        ),
    ] {
        let mut bad = json.clone();
        bad["tables"][table][0][field] = value;
        let f = dir.path().join("bad.json");
        std::fs::write(&f, bad.to_string()).unwrap();
        let fresh = dir.path().join(format!("fresh-{table}-{field}.db"));
        let r = shtab_as("sec", &["import", p(&f), "--db", p(&fresh)]);
        fails_with(&r, &format!("{table} record #1: field {field:?}"));
        assert!(text(&r.stderr).contains(words), "{}", text(&r.stderr));
    }
}

#[test]
fn another_programs_empty_file_with_a_schema_version_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("other.db");
    rusqlite::Connection::open(&f)
        .unwrap()
        .execute_batch("PRAGMA user_version = 5;")
        .unwrap();
    let before = std::fs::read(&f).unwrap();
    for args in [
        vec!["check", "--db", p(&f)],
        vec!["sessions", "--db", p(&f)],
    ] {
        fails_with(&shtab_as("sec", &args), "is not a Shtab database");
    }
    assert_eq!(std::fs::read(&f).unwrap(), before);
    assert!(!dir.path().join("other.db-wal").exists());
}

#[test]
fn check_reads_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let copy = dir.path().join("copy.db");
    Store::open(&db).unwrap().backup_to(&copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let r = shtab_as("sec", &["check", "--db", p(&copy)]);
    assert!(r.status.success(), "{}", text(&r.stderr));
    assert_eq!(std::fs::read(&copy).unwrap(), before, "not switched to WAL");
    assert!(!dir.path().join("copy.db-wal").exists());
}

#[test]
fn escape_sequences_in_names_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let evil = "Evil\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{202E}Org\u{9b}";
    raw(&db)
        .execute(
            "UPDATE organization SET name_ky = ?1
             WHERE id = (SELECT executor_id FROM task ORDER BY id LIMIT 1)",
            [evil],
        )
        .unwrap();
    let bad = |s: &str| {
        s.chars()
            .any(shtab::domain::text::is_unsafe_char_but_newline)
    };
    for args in [
        vec!["compliance", "--db", p(&db)],
        vec!["compliance", "--format", "csv", "--db", p(&db)],
        vec!["compliance", "--format", "json", "--db", p(&db)],
        vec!["tasks", "--db", p(&db)],
        vec!["tasks", "--format", "csv", "--db", p(&db)],
        vec!["tasks", "--format", "json", "--db", p(&db)],
        vec!["audit", "--db", p(&db)],
    ] {
        let r = shtab_as("sec", &args);
        assert!(r.status.success(), "{args:?}: {}", text(&r.stderr));
        // CSV's CRLF line ends are fine.
        let out = text(&r.stdout).replace("\r\n", "\n");
        assert!(!bad(&out), "{args:?} printed a control or bidi character");
    }
    // JSON escapes them, and still says the same.
    let r = shtab_as("sec", &["compliance", "--format", "json", "--db", p(&db)]);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|o| o["organization"] == evil)
    );
}

#[test]
fn the_tui_cleans_every_cell_before_it_is_written() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
    buf.set_string(
        0,
        0,
        "Org\u{1b}]0;title\u{7} \u{202E}evil\u{2066}",
        ratatui::style::Style::default(),
    );
    shtab::tui::clean_cells(&mut buf);
    for cell in buf.content.iter() {
        assert!(
            !cell
                .symbol()
                .chars()
                .any(shtab::domain::text::is_unsafe_char),
            "{:?}",
            cell.symbol()
        );
    }
    let shown: String = buf.content.iter().map(|c| c.symbol()).collect();
    assert!(shown.starts_with("Org"), "{shown}");
    assert!(shown.contains("evil"), "{shown}");
}

#[test]
fn every_issued_report_anchors_the_audit_log_even_without_a_backup() {
    for attack in ["DELETE FROM audit_log;", "UPDATE audit_log SET hash = '';"] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let s = Store::open(&db).unwrap();
        let anchors = s.report_anchors().unwrap();
        assert!(
            !anchors.is_empty(),
            "the demo's issued reports carry anchors"
        );
        drop(s);
        let r = shtab_as("v", &["audit", "verify", "--db", p(&db)]);
        assert!(r.status.success(), "{}", text(&r.stderr));
        assert!(
            text(&r.stdout).contains(&format!("{} issued report(s)", anchors.len())),
            "{}",
            text(&r.stdout)
        );
        raw(&db)
            .execute_batch(&format!(
                "DROP TRIGGER audit_log_append_only_delete;
                 DROP TRIGGER audit_log_append_only_update; {attack}"
            ))
            .unwrap();
        let r = shtab_as("v", &["audit", "verify", "--db", p(&db)]);
        assert!(!r.status.success(), "{attack}: {}", text(&r.stdout));
        assert!(
            text(&r.stderr).contains("tampered"),
            "{attack}: {}",
            text(&r.stderr)
        );
    }
}
