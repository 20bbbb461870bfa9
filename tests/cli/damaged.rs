//! A writer refuses a damaged database, and checks it once a day: today's mark beside it.

use crate::common;

use common::cli::{demo_db, p, shtab, text};

/// Damage the file as a torn write could: the header's count of free pages says 7 where the
/// free list is empty (the file opens; `PRAGMA quick_check` finds it).
fn damage(db: &std::path::Path) {
    let mut bytes = std::fs::read(db).unwrap();
    assert_eq!(&bytes[32..40], &[0u8; 8], "the demo file has a free list");
    bytes[36..40].copy_from_slice(&7u32.to_be_bytes());
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn a_write_on_a_damaged_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let check = shtab(&["check", "--db", p(&db)]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    // The demo's write checked the new file today; a damaged file is caught on the next
    // day's first write (as at the TUI's start), here made so by removing today's mark.
    let _ = std::fs::remove_file(dir.path().join("backups").join(".checked"));
    damage(&db);
    let before = std::fs::read(&db).unwrap();
    let out = shtab(&["settings", "set", "city", "Токмок", "--db", p(&db)]);
    assert!(!out.status.success(), "a write into a damaged file went on");
    let err = text(&out.stderr);
    assert!(
        err.contains("is damaged") && err.contains("nothing was changed"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the damaged file was changed"
    );
}

#[test]
fn a_checked_write_leaves_todays_mark_so_the_next_write_skips_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mark = dir.path().join("backups").join(".checked");
    let today = chrono::Local::now().date_naive().to_string();
    let _ = std::fs::remove_file(&mark);
    let out = shtab(&["settings", "set", "city", "Токмок", "--db", p(&db)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&mark).unwrap(), today);
    // A stale mark (yesterday's) does not count: the damaged file is refused again.
    std::fs::write(&mark, "2000-01-01").unwrap();
    damage(&db);
    let out = shtab(&["settings", "set", "city", "Токмок", "--db", p(&db)]);
    assert!(
        !out.status.success(),
        "an old mark let a damaged file be written"
    );
}
