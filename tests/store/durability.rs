//! Several processes on one file, and processes killed mid-work: nothing committed is lost.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use shtab::store::{OrgFilter, Store};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shtab"));
    c.env("HOME", std::env::temp_dir());
    c
}

#[test]
fn two_processes_interleave_1000_edits_and_lose_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    Store::open(&db)
        .unwrap()
        .save_organization(&shtab::domain::Organization::new(
            "torture-counter 0",
            shtab::domain::OrgKind::Organization,
        ))
        .unwrap();
    let db = db.to_str().unwrap().to_string();
    let children: Vec<_> = (0..2)
        .map(|_| {
            bin()
                .args(["torture", "bump", "--times", "500", "--db", &db])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut conflicts = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        conflicts += text
            .trim()
            .strip_prefix("conflicts ")
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap();
    }
    let store = Store::open(std::path::Path::new(&db)).unwrap();
    let counter = store
        .organizations(&OrgFilter {
            text: "torture-counter".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(counter.len(), 1);
    assert_eq!(
        counter[0].name_ky, "torture-counter 1000",
        "zero lost updates"
    );
    assert!(store.check().unwrap().is_empty());
    assert_eq!(store.verify_audit().unwrap(), None);
    eprintln!("1000 interleaved edits, {conflicts} stale versions refused and retried");
}

#[test]
fn killed_fifty_times_every_reported_commit_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let mut reported: Vec<u64> = Vec::new();
    let mut seed: u64 = 0x5eed;
    for round in 0..50 {
        let mut child = bin()
            .args([
                "torture",
                "append",
                "--prefix",
                &round.to_string(),
                "--db",
                db.to_str().unwrap(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at a pseudo-random moment: after 1–12 reported commits.
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let want = 1 + (seed >> 33) % 12;
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let start = Instant::now();
        let mut got = 0;
        while got < want && start.elapsed() < Duration::from_secs(20) {
            match lines.next() {
                Some(Ok(l)) => {
                    let n: u64 = l.trim().parse().unwrap();
                    reported.push(round * 1_000_000 + n);
                    got += 1;
                }
                _ => break,
            }
        }
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert!(
        store.check().unwrap().is_empty(),
        "integrity after 50 kills"
    );
    assert_eq!(
        store.verify_audit().unwrap(),
        None,
        "the audit chain survives"
    );
    let names: std::collections::HashSet<String> = store
        .organizations(&OrgFilter {
            include_inactive: true,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|o| o.name_ky)
        .collect();
    for r in &reported {
        let name = format!("kill-{}-{}", r / 1_000_000, r % 1_000_000);
        assert!(
            names.contains(&name),
            "{name} was reported committed but is lost"
        );
    }
    eprintln!("50 kills, {} commits reported, all present", reported.len());
}

#[test]
fn a_screen_sees_another_process_change_within_seconds() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let mut other = Store::open(&db).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let mut app = shtab::app::App::new(
        Store::open(&db).unwrap(),
        shtab::i18n::Lang::En,
        today,
        false,
    );
    app.update(shtab::action::Action::GoTab(
        shtab::screens::Tab::Directory.index(),
    ));
    let t0 = Instant::now();
    app.tick(t0 + Duration::from_secs(3));
    assert!(app.screens.directory.orgs.is_empty());
    // Another process (here: another connection) adds an organization.
    other
        .save_organization(&shtab::domain::Organization::new(
            "Башка процесс",
            shtab::domain::OrgKind::School,
        ))
        .unwrap();
    app.tick(t0 + Duration::from_secs(4));
    assert!(
        app.screens.directory.orgs.is_empty(),
        "not before 2 s since the last look"
    );
    app.tick(t0 + Duration::from_secs(6));
    assert_eq!(
        app.screens.directory.orgs.len(),
        1,
        "seen without a restart"
    );
}
