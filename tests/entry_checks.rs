//! Checks at entry through the command line: the plan import reports every problem of a
//! file in one pass and names the columns it ignores.

use std::process::{Command, Output};

fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

#[test]
fn plan_import_reports_every_problem_of_the_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    assert!(shtab(&["demo", "--db", db, "--scale", "20"]).status.success());
    let file = dir.path().join("bad.csv");
    // A bad date, a bad progress, and a new measure without a title.
    std::fs::write(
        &file,
        "number,title,deadline,progress,Эскертүү\n1.1,,31.13.2026,,\n9.9,,,150,x\n",
    )
    .unwrap();
    let out = shtab(&["plan", "import", "--db", db, file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("columns ignored: Эскертүү"), "{err}");
    assert!(err.contains("line 2: deadline"), "{err}");
    assert!(err.contains("line 3: progress"), "{err}");
    assert!(err.contains("line 3: a new measure needs a title"), "{err}");
    assert!(err.contains("3 problem(s); nothing was imported"), "{err}");
}
