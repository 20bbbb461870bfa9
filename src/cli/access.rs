//! The one role check every command goes through (the TUI's start included): who runs it
//! (the OS login), whether the database knows them (`access.unknown=refuse` refuses every
//! command to a login that is not a user), and whether their role allows what the command
//! does (`domain::access`). Writers also refuse a damaged database.

use std::path::Path;

use anyhow::{Context, bail};
use shtab::domain::access::{Access, Permission};
use shtab::store::Store;

/// Open the existing database at `path` for a command that needs `p`.
pub fn open_as(path: &Path, p: Permission) -> anyhow::Result<Store> {
    if !path.exists() {
        bail!("{} does not exist", path.display());
    }
    open_or_create_as(path, p, false)
}

/// Open (creating when absent) the database at `path` for a command that needs `p`; with
/// `adopt`, the first login to act on a database without users becomes its secretary.
pub fn open_or_create_as(path: &Path, p: Permission, adopt: bool) -> anyhow::Result<Store> {
    let mut store =
        super::start::open_told(path).with_context(|| format!("cannot open {}", path.display()))?;
    authorize(&mut store, p, adopt)?;
    Ok(store)
}

/// Refuse, naming the role, unless the current login may do `p` in `store`. A database
/// without users yet lets anyone act (and, with `adopt`, makes them its secretary first).
pub fn authorize(store: &mut Store, p: Permission, adopt: bool) -> anyhow::Result<Access> {
    let login = shtab::store::current_user();
    let db = store
        .path()
        .map_or_else(|| "the database".to_string(), |p| p.display().to_string());
    if adopt {
        store.adopt_first_user(&login)?;
    }
    let has_users = !store.users()?.is_empty();
    let access = store.access(&login)?;
    if has_users
        && access.role.is_none()
        && store.setting("access.unknown")?.as_deref() == Some("refuse")
    {
        bail!(
            "{login} is not a user of {db}; the secretary adds users with: shtab user add {login} --role member"
        );
    }
    if has_users && !access.allows(p) {
        let roles: Vec<&str> = Access::needed(p).iter().map(|r| r.code()).collect();
        bail!(
            "{login} may not do this: it needs the role {}",
            roles.join(" or ")
        );
    }
    // A restore is the cure for a damaged file, so it alone goes on.
    if !matches!(p, Permission::Read | Permission::Restore) {
        refuse_damaged(store, &db)?;
    }
    Ok(access)
}

/// A writer stops on a damaged file instead of writing into it. The check reads the whole
/// file (≈ 0.3 s at 100,000 tasks), so, as at the TUI's start, it runs once a day for a
/// database: today's daily backup (made after a check) or today's mark, `backups/.checked`
/// holding the date, says it ran. Where the mark cannot be written, every write checks.
fn refuse_damaged(store: &Store, db: &str) -> anyhow::Result<()> {
    let today = chrono::Local::now().date_naive();
    let dir = store.path().map(shtab::store::backup::backup_dir);
    let mark = dir.as_ref().map(|d| d.join(".checked"));
    let checked_today = dir.as_ref().is_some_and(|d| {
        d.join(format!("shtab-daily-{}.db", today.format("%Y-%m-%d")))
            .exists()
    }) || mark
        .as_ref()
        .is_some_and(|m| std::fs::read_to_string(m).is_ok_and(|t| t.trim() == today.to_string()));
    if checked_today {
        return Ok(());
    }
    let problems = store.quick_check()?;
    if !problems.is_empty() {
        bail!(
            "{db} is damaged ({}); nothing was changed: run shtab check --db {db}",
            problems.join("; ")
        );
    }
    if let (Some(dir), Some(mark)) = (dir, mark) {
        // Best effort: without the mark the next write checks again.
        let _ =
            std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(mark, today.to_string()));
    }
    Ok(())
}
