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
    let mut store = Store::open(path).with_context(|| format!("cannot open {}", path.display()))?;
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

/// A writer stops on a damaged file instead of writing into it.
fn refuse_damaged(store: &Store, db: &str) -> anyhow::Result<()> {
    let problems = store.quick_check()?;
    if !problems.is_empty() {
        bail!(
            "{db} is damaged ({}); nothing was changed: run shtab check --db {db}",
            problems.join("; ")
        );
    }
    Ok(())
}
