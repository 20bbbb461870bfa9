//! Trust (issue 20): identity from the OS, roles on every path, forgeries found, restore and
//! backup that never lose the live database, output that cannot attack the terminal.

use std::path::Path;
use std::process::{Command, Output};

use shtab::domain::access::AccessRole;
use shtab::store::{Store, User};

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The binary as the OS login of this test (no test login), with `env` added.
fn shtab_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shtab"));
    c.args(args)
        .env("HOME", std::env::temp_dir())
        .env_remove("SHTAB_TEST_LOGIN")
        .env_remove("SUDO_USER")
        .env_remove("SUDO_UID");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the binary runs")
}

fn shtab_as(login: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .env("SHTAB_TEST_LOGIN", login)
        .output()
        .expect("the binary runs")
}

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
    let edits: Vec<(&str, Box<dyn Fn(&mut serde_json::Value)>)> = vec![
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
