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
    s.save_user(&user(&shtab::store::current_user(), me)).unwrap();
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
            &["user", "add", "mallory", "--role", "secretary", "--db", p(&db)],
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
