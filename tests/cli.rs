//! The command line as a user runs it: demo, check, export, import, and clear errors.

use std::path::Path;
use std::process::{Command, Output};

fn shtab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shtab"))
        .args(args)
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

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
