//! Backups with SQLite's online backup API, the daily automatic copy, and restore.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, Result, Store, StoreError};

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

impl Store {
    /// Copy the whole database to `dest` while others keep working: page by page through
    /// SQLite's backup API into a temporary file, made durable, then renamed into place.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Create(dir.to_path_buf(), e))?;
        }
        let tmp = dest.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        {
            let mut dst = Connection::open(&tmp)?;
            {
                let b = rusqlite::backup::Backup::new(&self.conn, &mut dst)?;
                b.run_to_completion(1024, Duration::from_millis(0), None)?;
            }
            // A copy stands alone: no WAL beside it.
            dst.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
        }
        // Windows flushes (FlushFileBuffers) only through a handle with write access.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&tmp)
            .map_err(|e| StoreError::Create(tmp.clone(), e))?;
        file.sync_all()
            .map_err(|e| StoreError::Create(tmp.clone(), e))?;
        std::fs::rename(&tmp, dest).map_err(|e| StoreError::Create(dest.to_path_buf(), e))?;
        if let Some(dir) = dir {
            sync_dir(dir);
        }
        Ok(())
    }

    /// SQLite's quick check: the problems found, empty when the file is sound.
    pub fn quick_check(&self) -> Result<Vec<String>> {
        let mut st = self.conn.prepare("PRAGMA quick_check")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            let r = r?;
            if r != "ok" {
                out.push(r);
            }
        }
        Ok(out)
    }
}

/// Where the automatic backups of `db` live: `backups/` beside it.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn keep_newest(dir: &Path, prefix: &str, keep: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".db"))
        })
        .collect();
    // The names carry the date, so the name order is the date order.
    names.sort();
    let excess = names.len().saturating_sub(keep);
    for old in names.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
}

/// The first start of a day copies the database (and, on the first of a month's starts, a
/// monthly copy too), keeping the newest `keep_daily` and `keep_monthly`. Returns what it wrote.
pub fn auto_backup(
    store: &Store,
    dir: &Path,
    today: NaiveDate,
    keep_daily: usize,
    keep_monthly: usize,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let daily = dir.join(format!("shtab-daily-{}.db", today.format("%Y-%m-%d")));
    if !daily.exists() {
        store.backup_to(&daily)?;
        written.push(daily);
    }
    let monthly = dir.join(format!("shtab-monthly-{}.db", today.format("%Y-%m")));
    if !monthly.exists() {
        store.backup_to(&monthly)?;
        written.push(monthly);
    }
    keep_newest(dir, "shtab-daily-", keep_daily.max(1));
    keep_newest(dir, "shtab-monthly-", keep_monthly.max(1));
    Ok(written)
}

/// Check that `backup` is a sound Shtab database, without writing to it.
pub fn check_backup(backup: &Path) -> Result<()> {
    super::probe(backup, false)?;
    let mut uri = String::from("file:");
    uri.push_str(
        &backup
            .to_string_lossy()
            .replace('?', "%3f")
            .replace('#', "%23"),
    );
    uri.push_str("?immutable=1");
    let conn = Connection::open_with_flags(
        &uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotShtab(backup.to_path_buf()));
    }
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(StoreError::Damaged(backup.to_path_buf(), verdict));
    }
    Ok(())
}

/// Put `backup` in place of `db`, after checking it; the file it replaces (with its WAL) is
/// kept aside as `<db>.replaced-<stamp>`. Returns that path, if there was a file to keep.
pub fn restore(backup: &Path, db: &Path, stamp: &str) -> Result<Option<PathBuf>> {
    check_backup(backup)?;
    let with_suffix = |p: &Path, s: &str| {
        let mut o = p.as_os_str().to_owned();
        o.push(s);
        PathBuf::from(o)
    };
    let aside = with_suffix(db, &format!(".replaced-{stamp}"));
    let kept = if db.exists() {
        std::fs::rename(db, &aside).map_err(|e| StoreError::Create(aside.clone(), e))?;
        for side in ["-wal", "-shm"] {
            let from = with_suffix(db, side);
            if from.exists() {
                let _ = std::fs::rename(&from, with_suffix(&aside, side));
            }
        }
        Some(aside)
    } else {
        None
    };
    let tmp = with_suffix(db, ".restoring");
    std::fs::copy(backup, &tmp).map_err(|e| StoreError::Create(tmp.clone(), e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600));
    }
    // A writable handle, as above (Windows); the copy is complete either way.
    if let Ok(f) = std::fs::OpenOptions::new().write(true).open(&tmp) {
        let _ = f.sync_all();
    }
    std::fs::rename(&tmp, db).map_err(|e| StoreError::Create(db.to_path_buf(), e))?;
    if let Some(dir) = db.parent() {
        sync_dir(dir);
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    #[test]
    fn backup_restore_round_trip_keeps_the_replaced_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shtab.db");
        let mut store = Store::open(&db).unwrap();
        store.set_setting("marker", "before").unwrap();
        let copy = dir.path().join("copy.db");
        store.backup_to(&copy).unwrap();
        store.set_setting("marker", "after").unwrap();
        drop(store);
        assert!(
            !dir.path().join("copy.db-wal").exists(),
            "the copy stands alone"
        );
        let kept = restore(&copy, &db, "20261125-1200").unwrap().unwrap();
        assert!(kept.exists());
        let store = Store::open(&db).unwrap();
        assert_eq!(store.setting("marker").unwrap().as_deref(), Some("before"));
        let old = Store::open(&kept).unwrap();
        assert_eq!(old.setting("marker").unwrap().as_deref(), Some("after"));
    }

    #[test]
    fn a_bad_backup_is_refused_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shtab.db");
        Store::open(&db)
            .unwrap()
            .set_setting("marker", "live")
            .unwrap();
        let bad = dir.path().join("bad.db");
        std::fs::write(&bad, "not a database at all, just text").unwrap();
        assert!(matches!(
            restore(&bad, &db, "x"),
            Err(StoreError::NotShtab(_))
        ));
        let store = Store::open(&db).unwrap();
        assert_eq!(store.setting("marker").unwrap().as_deref(), Some("live"));
    }

    #[test]
    fn daily_and_monthly_copies_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("shtab.db")).unwrap();
        let backups = dir.path().join("backups");
        let mut d = day("01.10.2026");
        for _ in 0..40 {
            auto_backup(&store, &backups, d, 14, 12).unwrap();
            d = d.succ_opt().unwrap();
        }
        // Again the same day: nothing new.
        let again = auto_backup(&store, &backups, d.pred_opt().unwrap(), 14, 12).unwrap();
        assert!(again.is_empty());
        let names: Vec<String> = std::fs::read_dir(&backups)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("shtab-daily-"))
                .count(),
            14
        );
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("shtab-monthly-"))
                .count(),
            2
        );
        assert!(names.contains(&"shtab-daily-2026-11-09.db".to_string()));
        assert!(!names.iter().any(|n| n.ends_with(".partial")));
        for n in &names {
            check_backup(&backups.join(n)).unwrap();
        }
    }
}
