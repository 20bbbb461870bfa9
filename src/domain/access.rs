//! Who may do what. Users are operating-system logins (SSH access is the authentication),
//! each with a role in the application.

/// A user's role in the application (not the HQ's composition, see `Role`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessRole {
    Chair,
    Secretary,
    Member,
    Viewer,
}

impl AccessRole {
    pub const ALL: [AccessRole; 4] = [
        AccessRole::Chair,
        AccessRole::Secretary,
        AccessRole::Member,
        AccessRole::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccessRole::Chair => "chair",
            AccessRole::Secretary => "secretary",
            AccessRole::Member => "member",
            AccessRole::Viewer => "viewer",
        }
    }

    pub fn from_code(s: &str) -> Option<AccessRole> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// What an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Read,
    /// Edit sessions, protocols, tasks, escalations, the directory and the plan.
    Edit,
    /// Sign a protocol.
    Sign,
    /// Grant a deadline extension.
    GrantExtension,
    ManageUsers,
    /// Put a backup in place of the database, or replace it by an import.
    Restore,
}

/// The person at the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub login: String,
    /// `None`: the login is not a user of this database (read-only).
    pub role: Option<AccessRole>,
    /// The user is the HQ's deputy chair, who may sign and grant when a setting allows.
    pub deputy: bool,
    pub deputy_may_act_for_chair: bool,
}

impl Access {
    /// Everything allowed: for tests and tools that act as the secretary and chair at once.
    pub fn everyone(login: &str) -> Access {
        Access {
            login: login.to_string(),
            role: Some(AccessRole::Chair),
            deputy: false,
            deputy_may_act_for_chair: false,
        }
    }

    pub fn allows(&self, p: Permission) -> bool {
        use AccessRole::*;
        let Some(role) = self.role else {
            return p == Permission::Read;
        };
        match p {
            Permission::Read => true,
            Permission::Edit => matches!(role, Chair | Secretary),
            Permission::Sign | Permission::GrantExtension => {
                role == Chair || (self.deputy && self.deputy_may_act_for_chair)
            }
            Permission::ManageUsers | Permission::Restore => role == Secretary,
        }
    }

    /// The role a refused permission needs, to say so.
    pub fn needed(p: Permission) -> &'static [AccessRole] {
        match p {
            Permission::Read => &[],
            Permission::Edit => &[AccessRole::Chair, AccessRole::Secretary],
            Permission::Sign | Permission::GrantExtension => &[AccessRole::Chair],
            Permission::ManageUsers | Permission::Restore => &[AccessRole::Secretary],
        }
    }
}

/// Why a login cannot be an operating-system login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LoginError {
    #[error("a login is required")]
    Empty,
    #[error("a login has at most 32 characters")]
    TooLong,
    #[error(
        "a login is an operating-system account name: Latin letters, digits, '.', '_' and '-', beginning with a letter or '_' (no spaces)"
    )]
    BadCharacters,
}

/// A login as the operating systems it runs on name accounts: POSIX's portable user names
/// (what `useradd` accepts by default) and Windows account names without spaces both fit
/// `[A-Za-z_][A-Za-z0-9._-]*`, at most 32 characters (Linux's limit).
pub fn check_login(login: &str) -> Result<(), LoginError> {
    let mut chars = login.chars();
    let Some(first) = chars.next() else {
        return Err(LoginError::Empty);
    };
    if login.chars().count() > 32 {
        return Err(LoginError::TooLong);
    }
    let ok_first = first.is_ascii_alphabetic() || first == '_';
    if !ok_first || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(LoginError::BadCharacters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_checked_as_operating_system_logins() {
        for good in ["aigul", "a.beishenalieva", "_svc", "user-2", "Sec_1"] {
            assert_eq!(check_login(good), Ok(()), "{good}");
        }
        assert_eq!(check_login(""), Err(LoginError::Empty));
        assert_eq!(check_login(&"a".repeat(33)), Err(LoginError::TooLong));
        assert_eq!(check_login(&"a".repeat(32)), Ok(()));
        for bad in [
            "bad login!",
            "1abc",
            "-x",
            "айгүл",
            "a b",
            "a/b",
            "DOMAIN\\x",
        ] {
            assert_eq!(check_login(bad), Err(LoginError::BadCharacters), "{bad}");
        }
    }

    fn who(role: Option<AccessRole>) -> Access {
        Access {
            login: "aigul".into(),
            role,
            deputy: false,
            deputy_may_act_for_chair: false,
        }
    }

    #[test]
    fn each_role_may_do_what_the_rules_say() {
        use AccessRole::*;
        use Permission::*;
        let table = [
            (Some(Chair), [true, true, true, true, false, false]),
            (Some(Secretary), [true, true, false, false, true, true]),
            (Some(Member), [true, false, false, false, false, false]),
            (Some(Viewer), [true, false, false, false, false, false]),
            (None, [true, false, false, false, false, false]),
        ];
        for (role, allowed) in table {
            for (p, want) in [Read, Edit, Sign, GrantExtension, ManageUsers, Restore]
                .into_iter()
                .zip(allowed)
            {
                assert_eq!(who(role).allows(p), want, "{role:?} {p:?}");
            }
        }
    }

    #[test]
    fn a_deputy_signs_only_when_the_setting_allows() {
        let mut d = who(Some(AccessRole::Member));
        d.deputy = true;
        assert!(!d.allows(Permission::Sign));
        d.deputy_may_act_for_chair = true;
        assert!(d.allows(Permission::Sign));
        assert!(d.allows(Permission::GrantExtension));
        assert!(!d.allows(Permission::Edit), "signing is not editing");
        for r in AccessRole::ALL {
            assert_eq!(AccessRole::from_code(r.code()), Some(r));
        }
    }
}
