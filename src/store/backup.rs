//! Backups with SQLite's online backup API, the daily automatic copy, and restore.

use crate::store::Failure;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{APPLICATION_ID, Result, Store, StoreError};

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A new file only its owner may read and write (0600 on Unix), for copies of the database.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Make a finished copy durable: flushed through a handle with write access (Windows'
/// FlushFileBuffers needs one).
fn flush_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

fn with_suffix(p: &Path, s: &str) -> PathBuf {
    let mut o = p.as_os_str().to_owned();
    o.push(s);
    PathBuf::from(o)
}

/// The side file of a backup: the audit chain's head when it was taken.
pub fn anchor_path(backup: &Path) -> PathBuf {
    with_suffix(backup, ".anchor")
}

/// The anchors beside the backups in `dir`, oldest first (unreadable ones are skipped).
pub fn anchors(dir: &Path) -> Vec<(PathBuf, super::audit::Anchor)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, super::audit::Anchor)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "anchor"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p, serde_json::from_str(&text).ok()?))
        })
        .collect();
    out.sort_by(|a, b| (a.1.last_id, &a.0).cmp(&(b.1.last_id, &b.0)));
    out
}

/// `dir/<stem>.db`, or `dir/<stem>-2.db`, `-3` … when taken: a backup never replaces another.
pub fn unique_name(dir: &Path, stem: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.db")
        } else {
            format!("{stem}-{n}.db")
        };
        let p = dir.join(name);
        if !p.exists() && !with_suffix(&p, ".partial").exists() {
            return p;
        }
        n += 1;
    }
}

impl Store {
    /// Copy the whole database to `dest` (which must not exist) while others keep working:
    /// one `VACUUM INTO` under one read transaction, so a busy writer cannot starve it,
    /// into a 0600 temporary file, made durable, then renamed into place. Beside it goes
    /// `<dest>.anchor`, the audit chain's head in the copy.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty());
        if let Some(dir) = dir {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Failed(Failure::Create(dir.to_path_buf(), e)))?;
        }
        if dest.exists() {
            let e = std::io::Error::new(std::io::ErrorKind::AlreadyExists, "a backup is there");
            return Err(StoreError::Failed(Failure::Create(dest.to_path_buf(), e)));
        }
        let tmp = with_suffix(dest, &format!(".partial-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        create_private(&tmp).map_err(|e| StoreError::Failed(Failure::Create(tmp.clone(), e)))?;
        let copied = self.vacuum_into(&tmp);
        let anchor = match copied {
            Ok(a) => a,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        flush_file(&tmp).map_err(|e| StoreError::Failed(Failure::Create(tmp.clone(), e)))?;
        std::fs::rename(&tmp, dest)
            .map_err(|e| StoreError::Failed(Failure::Create(dest.to_path_buf(), e)))?;
        let side = anchor_path(dest);
        let side_tmp = with_suffix(&side, ".partial");
        let _ = std::fs::remove_file(&side_tmp);
        let json = serde_json::to_string(&anchor).unwrap_or_default();
        create_private(&side_tmp)
            .and_then(|mut f| {
                use std::io::Write;
                f.write_all(json.as_bytes())?;
                f.sync_all()
            })
            .and_then(|()| std::fs::rename(&side_tmp, &side))
            .map_err(|e| StoreError::Failed(Failure::Create(side.clone(), e)))?;
        if let Some(dir) = dir {
            sync_dir(dir);
        }
        Ok(())
    }

    /// The snapshot into the empty file `tmp`, standing alone (no WAL); the anchor of its log.
    fn vacuum_into(&self, tmp: &Path) -> Result<super::audit::Anchor> {
        self.conn
            .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])?;
        let copy = Connection::open(tmp)?;
        copy.query_row("PRAGMA journal_mode=DELETE", [], |_| Ok(()))?;
        let (rows, last_id, head) = copy.query_row(
            "SELECT count(*), coalesce(max(id), 0),
                    coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '')
             FROM audit_log",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(super::audit::Anchor {
            rows,
            last_id,
            head,
            at: super::now_stamp(),
        })
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
        let _ = std::fs::remove_file(anchor_path(&old));
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

/// Check that `backup` is a sound Shtab database of a schema this Shtab knows, without
/// writing to it.
pub fn check_backup(backup: &Path) -> Result<()> {
    super::probe(backup, false)?;
    let conn = super::open_immutable(backup)?;
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::Failed(Failure::NotShtab(backup.to_path_buf())));
    }
    let at: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = super::MIGRATIONS.len();
    if at as usize > known {
        return Err(StoreError::Failed(Failure::TooNew(
            backup.to_path_buf(),
            at as usize,
            known,
        )));
    }
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(StoreError::Failed(Failure::Damaged(
            backup.to_path_buf(),
            verdict,
        )));
    }
    Ok(())
}

/// Why a restore did nothing.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0} is the database itself; choose a backup")]
    SameFile(PathBuf),
    #[error("{0} is open in another Shtab; close it there first")]
    InUse(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Put `backup` in place of `db`, after checking it: refused onto the same file (links
/// resolved) and while another Shtab has `db` open. The backup is copied into a temporary
/// file beside the database and renamed over it in one step; the file it replaces stays as
/// `<db>.replaced-<stamp>` (its WAL, if any, beside it). Returns that path, if there was one.
pub fn restore(
    backup: &Path,
    db: &Path,
    stamp: &str,
) -> std::result::Result<Option<PathBuf>, RestoreError> {
    check_backup(backup)?;
    let source = std::fs::canonicalize(backup)
        .map_err(|e| StoreError::Failed(Failure::Read(backup.to_path_buf(), e)))?;
    // Work on the real file behind any link, so the link stays and the file is replaced.
    let target = if db.exists() {
        std::fs::canonicalize(db)
            .map_err(|e| StoreError::Failed(Failure::Read(db.to_path_buf(), e)))?
    } else {
        db.to_path_buf()
    };
    if source == target {
        return Err(RestoreError::SameFile(db.to_path_buf()));
    }
    let _alone = super::lock_exclusive(&target).map_err(|e| match e {
        StoreError::Failed(Failure::Busy(_)) => RestoreError::InUse(db.to_path_buf()),
        e => e.into(),
    })?;
    let tmp = with_suffix(&target, &format!(".restoring-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let copied = create_private(&tmp)
        .and_then(|mut out| {
            let mut src = std::fs::File::open(backup)?;
            std::io::copy(&mut src, &mut out)?;
            out.sync_all()
        })
        .map_err(|e| StoreError::Failed(Failure::Create(tmp.clone(), e)));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    let kept = if target.exists() {
        // Everything committed into the main file first, so the kept file is whole.
        if let Ok(c) = Connection::open(&target) {
            let _ = c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
        let aside = with_suffix(&target, &format!(".replaced-{stamp}"));
        std::fs::hard_link(&target, &aside)
            .or_else(|_| std::fs::copy(&target, &aside).map(drop))
            .map_err(|e| StoreError::Failed(Failure::Create(aside.clone(), e)))?;
        // A WAL left beside the new file would be read into it: it goes with the old one.
        for side in ["-wal", "-shm", "-journal"] {
            let from = with_suffix(&target, side);
            if from.exists() {
                let _ = std::fs::rename(&from, with_suffix(&aside, side));
            }
        }
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&tmp, &target)
        .map_err(|e| StoreError::Failed(Failure::Create(target.clone(), e)))?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
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
            Err(RestoreError::Store(StoreError::Failed(Failure::NotShtab(
                _
            ))))
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
        let count = |prefix: &str, ext: &str| {
            names
                .iter()
                .filter(|n| n.starts_with(prefix) && n.ends_with(ext))
                .count()
        };
        assert_eq!(count("shtab-daily-", ".db"), 14);
        assert_eq!(count("shtab-monthly-", ".db"), 2);
        // Each copy has its anchor, pruned with it.
        assert_eq!(count("shtab-daily-", ".db.anchor"), 14);
        assert_eq!(count("shtab-monthly-", ".db.anchor"), 2);
        assert!(names.contains(&"shtab-daily-2026-11-09.db".to_string()));
        assert!(!names.iter().any(|n| n.ends_with(".partial")));
        for n in names.iter().filter(|n| n.ends_with(".db")) {
            check_backup(&backups.join(n)).unwrap();
        }
    }
}
