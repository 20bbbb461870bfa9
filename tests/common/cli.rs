//! Helpers shared by the command-line tests: running the binary cargo built for the tests
//! (as the OS login, as a test login, with extra environment), reading its output, and a
//! demo database made by `shtab demo`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with HOME in the temporary folder (never the user's data folder).
pub fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

/// The binary as the test login `login` (test builds only).
pub fn shtab_as(login: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .env("SHTAB_TEST_LOGIN", login)
        .output()
        .expect("the binary runs")
}

/// The binary as the OS login of this test (no test login), with `env` added.
pub fn shtab_env(args: &[&str], env: &[(&str, &str)]) -> Output {
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

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `demo.db` in `dir`, written by `shtab demo` as of the real today (the command line
/// counts from the clock).
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let out = shtab(&["demo", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

/// `shtab report monthly 2026-10 --draft --format docx --lang LANG --db DB --out OUT`.
pub fn october_draft_docx(db: &Path, lang: &str, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args([
            "report", "monthly", "2026-10", "--draft", "--format", "docx",
        ])
        .args(["--lang", lang, "--db"])
        .arg(db)
        .arg("--out")
        .arg(out)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}
