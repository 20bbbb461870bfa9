//! Users of the application: logins and their roles.

use rusqlite::{OptionalExtension, params};

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

impl Store {
    pub fn users(&self) -> Result<Vec<User>> {
        let mut st = self.conn.prepare_cached(
            "SELECT login, full_name, role, member_id FROM app_user ORDER BY login",
        )?;
        let rows = st.query_map([], |r| {
            let role: String = r.get(2)?;
            Ok(User {
                login: r.get(0)?,
                full_name: r.get(1)?,
                role: AccessRole::from_code(&role).unwrap_or(AccessRole::Viewer),
                member_id: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
                return Err(StoreError::NotFound);
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
