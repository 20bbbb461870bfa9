//! The SQLite store: connection, pragmas, migrations, and typed queries.
//! It turns rows into domain types; nothing above it writes SQL.

mod directory;
pub mod transfer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

pub use directory::{MemberFilter, OrgFilter};

/// Stamped in the file header ("SHTB"), so a file that is not Shtab's is refused.
pub const APPLICATION_ID: i32 = 0x5348_5442;

const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} is not a Shtab database (left untouched)")]
    NotShtab(PathBuf),
    #[error("{0} was written by a newer Shtab (schema {1}); this one knows schema {2}")]
    TooNew(PathBuf, usize, usize),
    #[error("the record was changed by someone else meanwhile; reload and try again")]
    Conflict,
    #[error("the record is referred to by other records and cannot be deleted")]
    InUse,
    #[error("no such record")]
    NotFound,
    #[error("cannot create {0}: {1}")]
    Create(PathBuf, std::io::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// Who does what, for the audit log: the operating-system login.
pub fn current_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_string())
}

pub(crate) fn now_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

impl Store {
    /// Open (creating when absent, mode 0600) a Shtab database file.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            create_private_file(path)?;
        }
        // Look before writing anything: a foreign file must stay untouched.
        let probe = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let foreign = || StoreError::NotShtab(path.to_path_buf());
        let app_id: i32 = probe
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|_| foreign())?;
        let objects: i64 = probe
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(|_| foreign())?;
        drop(probe);
        if app_id != APPLICATION_ID && !(app_id == 0 && objects == 0) {
            return Err(foreign());
        }
        let conn = Connection::open(path)?;
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
        };
        store.prepare()?;
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
        };
        store.prepare()?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn prepare(&mut self) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(Duration::from_secs(5))?;
        register_collation(c)?;
        if self.path.is_some() {
            let mode: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            debug_assert_eq!(mode.to_lowercase(), "wal");
        }
        c.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        assert!(
            fk == 1 && sync == 2,
            "SQLite refused foreign_keys/synchronous"
        );
        let known = MIGRATIONS.len();
        let at: usize = c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
        if at > known {
            return Err(StoreError::TooNew(
                self.path.clone().unwrap_or_default(),
                at,
                known,
            ));
        }
        migrations().to_latest(&mut self.conn)?;
        self.conn
            .execute_batch(&format!("PRAGMA application_id={APPLICATION_ID}"))?;
        Ok(())
    }

    /// Run `f` in an IMMEDIATE transaction: all of it or nothing.
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
            Ok(())
        })
    }

    /// Integrity and foreign-key check: the problems found, empty when all is well.
    pub fn check(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut st = self.conn.prepare("PRAGMA integrity_check")?;
        for row in st.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(format!("integrity: {row}"));
            }
        }
        let mut st = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = st.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {} refers to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// Rows in a table, for the overview of tabs not built yet. `table` is ours, never user input.
    pub fn count(&self, table: &str) -> Result<i64> {
        debug_assert!(transfer::TABLES.contains(&table));
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }

    /// Open tasks whose deadline is before `today`.
    pub fn count_overdue(&self, today: chrono::NaiveDate) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM task
             WHERE status IN ('assigned','in_progress','extension_requested') AND deadline < ?1",
            [today],
            |r| r.get(0),
        )?)
    }
}

pub(crate) fn audit(
    tx: &rusqlite::Transaction,
    action: &str,
    entity: &str,
    entity_id: i64,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log(at, user, action, entity, entity_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            now_stamp(),
            current_user(),
            action,
            entity,
            entity_id,
            detail
        ],
    )?;
    Ok(())
}

fn register_collation(c: &Connection) -> Result<()> {
    c.create_collation("ky", crate::domain::text::ky_cmp)?;
    Ok(())
}

fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Create(dir.to_path_buf(), e))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
        .map(drop)
        .map_err(|e| StoreError::Create(path.to_path_buf(), e))
}

#[cfg(test)]
pub(crate) fn validate_migrations() -> std::result::Result<(), rusqlite_migration::Error> {
    migrations().validate()
}
