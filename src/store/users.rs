//! Users of the application: logins and their roles.

use crate::store::Refusal;
use std::path::Path;
use std::sync::OnceLock;

use rusqlite::{OptionalExtension, Row, params};

use super::row::{Record, all};
use super::{Result, Store, StoreError};
use crate::domain::Role;
use crate::domain::access::{Access, AccessRole};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub login: String,
    pub full_name: String,
    #[serde(serialize_with = "role_code")]
    pub role: AccessRole,
    pub member_id: Option<i64>,
}

fn role_code<S: serde::Serializer>(r: &AccessRole, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(r.code())
}

/// Keyed by login, not id: read with [`all`] only.
impl Record for User {
    const TABLE: &'static str = "app_user";
    const COLUMNS: &'static str = "login, full_name, role, member_id";

    /// A role this build does not know reads as a viewer's (the least it may do).
    fn from_row(r: &Row) -> rusqlite::Result<User> {
        let role: String = r.get(2)?;
        Ok(User {
            login: r.get(0)?,
            full_name: r.get(1)?,
            role: AccessRole::from_code(&role).unwrap_or(AccessRole::Viewer),
            member_id: r.get(3)?,
        })
    }
}

impl Store {
    pub fn users(&self) -> Result<Vec<User>> {
        all(&self.conn, "ORDER BY login", [])
    }

    pub fn user(&self, login: &str) -> Result<Option<User>> {
        Ok(self.users()?.into_iter().find(|u| u.login == login))
    }

    /// Add or change a user.
    pub fn save_user(&mut self, u: &User) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO app_user(login, full_name, role, member_id) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(login) DO UPDATE SET full_name = excluded.full_name,
                     role = excluded.role, member_id = excluded.member_id,
                     version = version + 1",
                params![
                    u.login.trim(),
                    u.full_name.trim(),
                    u.role.code(),
                    u.member_id
                ],
            )?;
            Ok(())
        })
    }

    pub fn remove_user(&mut self, login: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM app_user WHERE login = ?1", [login])?;
            if n == 0 {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            Ok(())
        })
    }

    /// The first user of a new database becomes its secretary. Returns whether it did.
    pub fn adopt_first_user(&mut self, login: &str) -> Result<bool> {
        self.write(|tx| {
            let any: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM app_user)", [], |r| r.get(0))?;
            if any {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO app_user(login, role) VALUES (?1, 'secretary')",
                [login],
            )?;
            Ok(true)
        })
    }

    /// What `login` may do here.
    pub fn access(&self, login: &str) -> Result<Access> {
        let user = self.user(login)?;
        let deputy = match user.as_ref().and_then(|u| u.member_id) {
            Some(id) => self
                .conn
                .query_row(
                    "SELECT role FROM member WHERE id = ?1 AND active = 1",
                    [id],
                    |r| r.get::<_, String>(0),
                )
                .optional()?
                .is_some_and(|r| r == Role::Deputy.code()),
            None => false,
        };
        Ok(Access {
            login: login.to_string(),
            role: user.map(|u| u.role),
            deputy,
            deputy_may_act_for_chair: self.setting("access.deputy_acts_for_chair")?.as_deref()
                == Some("yes"),
        })
    }
}

/// The login of this process, fixed at its first use.
static LOGIN: OnceLock<String> = OnceLock::new();

/// Who does what, for the audit log and the roles: the operating system's account of the
/// real user, never an environment variable (`USER=sec shtab …` changes nothing).
pub fn current_user() -> String {
    LOGIN.get_or_init(|| identify(None)).clone()
}

/// Fix the login for a process working on `db`, before anything else asks: as
/// [`current_user`], except that a process run through sudo as the account owning `db` (the
/// service account of a multi-user set-up) acts for the staff member who ran sudo.
pub fn identify_for(db: &Path) -> String {
    LOGIN.get_or_init(|| identify(Some(db))).clone()
}

fn identify(db: Option<&Path>) -> String {
    #[cfg(feature = "test-tools")]
    if let Some(login) = std::env::var("SHTAB_TEST_LOGIN")
        .ok()
        .filter(|v| !v.is_empty())
    {
        return login;
    }
    if let Some(caller) = db.and_then(sudo_caller) {
        return caller;
    }
    os_login()
}

/// The real uid's account name (getpwuid_r); an account without a name is "uid-N".
#[cfg(unix)]
pub(crate) fn os_login() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => u.name,
        _ => format!("uid-{uid}"),
    }
}

/// The Windows account of the process (GetUserNameW).
#[cfg(windows)]
pub(crate) fn os_login() -> String {
    use windows_sys::Win32::System::WindowsProgramming::GetUserNameW;
    let mut buf = [0u16; 257];
    let mut len = buf.len() as u32;
    // SAFETY: buf holds len UTF-16 units; the call writes at most that many and sets len.
    let ok = unsafe { GetUserNameW(buf.as_mut_ptr(), &mut len) };
    if ok == 0 || len == 0 {
        return "unknown".to_string();
    }
    // len counts the terminating NUL.
    String::from_utf16_lossy(&buf[..(len as usize).saturating_sub(1)])
}

#[cfg(not(any(unix, windows)))]
pub(crate) fn os_login() -> String {
    "unknown".to_string()
}

/// The staff member behind `sudo -u <service> shtab …`: taken from SUDO_UID/SUDO_USER only
/// when the process really runs as the account that owns the database (real and effective
/// uid both that account's), the variables name a real, different account, and agree.
#[cfg(unix)]
fn sudo_caller(db: &Path) -> Option<String> {
    use nix::unistd::{Uid, User, geteuid, getuid};
    use std::os::unix::fs::MetadataExt;
    let uid = getuid();
    if uid != geteuid() {
        return None;
    }
    // A database not made yet belongs to whoever owns its folder.
    let folder = db.parent().filter(|p| !p.as_os_str().is_empty());
    let meta = match std::fs::metadata(db) {
        Ok(m) => m,
        Err(_) => std::fs::metadata(folder?).ok()?,
    };
    let owner = meta.uid();
    if owner != uid.as_raw() {
        return None;
    }
    let sudo_uid: u32 = std::env::var("SUDO_UID").ok()?.parse().ok()?;
    let sudo_user = std::env::var("SUDO_USER").ok()?;
    if sudo_uid == uid.as_raw() {
        return None;
    }
    let caller = User::from_uid(Uid::from_raw(sudo_uid)).ok()??;
    (caller.name == sudo_user).then_some(caller.name)
}

#[cfg(not(unix))]
fn sudo_caller(_db: &Path) -> Option<String> {
    None
}
