//! The SQLite store: connection, pragmas, migrations, and typed queries.
//! It turns rows into domain types; nothing above it writes SQL.

pub mod audit;
pub mod backup;
mod compliance;
mod copy;
mod day;
mod directory;
mod mail;
#[cfg(test)]
mod old_files;
mod plan;
pub mod protocols;
mod reports;
mod row;
pub mod seed;
mod sessions;
pub mod settings;
mod tasks;
pub mod transfer;
mod trend;
#[cfg(test)]
mod upgrade_tests;
mod users;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use rusqlite_migration::{M, Migrations};

pub use compliance::{Escalation, LetterKind, TaskBrief};
pub use directory::{MemberFilter, OrgFilter};
pub use mail::SentMail;
pub use plan::{DecisionChoice, LinkedTask, MeasureLinks, PlanImportError, PlanImportSummary};
pub use protocols::{ProtocolRow, TaskDraft, TextField, Verification};
pub use reports::IssuedReport;
pub(crate) use reports::{figures as report_figures_in, issue as issue_report_in};
pub use sessions::{CarryOver, SessionRow, Suggestion};
pub use tasks::{
    Event, HistoryEntry, NewReport, NewTask, OrgName, Origin, Page, QueryContext, TaskDetail,
    TaskKey, TaskRow,
};
pub use tasks::{Listed, ListedRow};
pub(crate) use tasks::{fts_bulk_begin, fts_bulk_end};
pub use users::User;

/// Stamped in the file header ("SHTB"), so a file that is not Shtab's is refused.
pub const APPLICATION_ID: i32 = 0x5348_5442;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_agenda.sql"),
    include_str!("migrations/0003_compliance.sql"),
    include_str!("migrations/0004_audit.sql"),
    include_str!("migrations/0005_users.sql"),
    include_str!("migrations/0006_tasks.sql"),
    include_str!("migrations/0007_protocol.sql"),
    include_str!("migrations/0008_plan_reports.sql"),
    include_str!("migrations/0009_perf.sql"),
    include_str!("migrations/0010_papers.sql"),
    include_str!("migrations/0011_trust.sql"),
    include_str!("migrations/0012_report_anchor.sql"),
    include_str!("migrations/0013_as_of.sql"),
    include_str!("migrations/0014_mail.sql"),
    include_str!("migrations/0015_tally.sql"),
    include_str!("migrations/0016_audit_entry.sql"),
    include_str!("migrations/0017_task_search.sql"),
    include_str!("migrations/0018_measure_ru.sql"),
    include_str!("migrations/0019_protocol_plan_indexes.sql"),
    include_str!("migrations/0020_narrative_ru.sql"),
];

/// Each migration runs with foreign keys off (so a table can be made anew, as SQLite's
/// procedure asks) and is checked with `foreign_key_check` before it commits.
fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
}

/// What the store said no to: a rule of the domain or the schema. The user can fix it or
/// must be told; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("the record was changed by someone else meanwhile; reload and try again")]
    Conflict,
    #[error("the record is referred to by other records and cannot be deleted")]
    InUse,
    #[error("no such record")]
    NotFound,
    #[error("another session is already set for that date and time")]
    SessionTimeTaken,
    #[error("an extraordinary session needs a reason")]
    ReasonRequired,
    #[error("the session has a protocol and cannot be deleted")]
    HasProtocol,
    #[error("the session has been held; its agenda can no longer change")]
    SessionHeld,
    /// The session's agenda is approved: the change needs the user's yes (the screens ask,
    /// then call again with `confirmed`); the change is then logged.
    #[error("the agenda of session {0} is approved; confirm the change first")]
    AgendaApproved(String),
    /// A task already serves another plan measure (task id, that measure's number): moving
    /// it is the user's choice (`Store::move_task_link`).
    #[error("task #{0} is already linked to measure {1}")]
    AlreadyLinked(i64, String),
    /// A vote counts more voters than were present.
    #[error("{0} votes, but only {1} present")]
    VotesAbovePresent(i64, i64),
    /// A rule of task execution refused the action (see `domain::tasks`).
    #[error(transparent)]
    Task(#[from] crate::domain::tasks::TaskError),
    /// A database trigger refused to change a signed protocol (or what it covers).
    #[error("the protocol is signed and cannot change; make an amendment")]
    Signed,
    #[error("an issued report never changes; issue a correction instead")]
    ReportIssued,
    #[error("a plan measure numbered {0} already exists")]
    MeasureNumberTaken(String),
}

/// What went wrong underneath: the file, the disk, SQLite. Not the user's doing; the
/// transaction was rolled back.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0} is not a Shtab database (left untouched)")]
    NotShtab(PathBuf),
    #[error("{0} was written by a newer Shtab (schema {1}); this one knows schema {2}")]
    TooNew(PathBuf, usize, usize),
    #[error(
        "{0} is an empty file, not a Shtab database (left untouched; delete it to start a new one there)"
    )]
    EmptyFile(PathBuf),
    #[error("{0} is damaged: {1}")]
    Damaged(PathBuf, String),
    #[error("a restore of {0} is under way; try again in a moment")]
    Busy(PathBuf),
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("cannot create {0}: {1}")]
    Create(PathBuf, std::io::Error),
    #[error("SQLite refused PRAGMA {name}={wanted} (it reports {got})")]
    Pragma {
        name: &'static str,
        wanted: &'static str,
        got: String,
    },
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    #[error("schema migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

/// A store error: a rule's refusal or a failure underneath (see [`StoreError::is_refusal`]).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Refused(#[from] Refusal),
    #[error(transparent)]
    Failed(#[from] Failure),
}

impl StoreError {
    /// Is this a rule's refusal (the user can act on it) rather than a failure underneath?
    pub fn is_refusal(&self) -> bool {
        matches!(self, StoreError::Refused(_))
    }
}

impl From<crate::domain::tasks::TaskError> for StoreError {
    fn from(e: crate::domain::tasks::TaskError) -> Self {
        StoreError::Refused(Refusal::Task(e))
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(e: rusqlite_migration::Error) -> Self {
        StoreError::Failed(Failure::Migration(e))
    }
}

impl From<rusqlite::Error> for StoreError {
    /// A trigger's refusal to change a signed protocol becomes [`Refusal::Signed`], so
    /// every screen can say why; anything else stays a database error.
    fn from(e: rusqlite::Error) -> Self {
        if protocols::is_signed_refusal(&e) {
            StoreError::Refused(Refusal::Signed)
        } else {
            StoreError::Failed(Failure::Sqlite(e))
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// Name the refusals that the schema's triggers raise.
    fn refine(self) -> StoreError {
        match &self {
            StoreError::Failed(Failure::Sqlite(rusqlite::Error::SqliteFailure(_, Some(msg))))
                if msg.contains("an issued report cannot be changed") =>
            {
                StoreError::Refused(Refusal::ReportIssued)
            }
            _ => self,
        }
    }
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Row-level audit on; bulk loads switch it off and record one summary row.
    audit_on: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// On while an import copies rows in (with the log they were made with).
    pub(crate) importing: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// The last task count (query's key, count): how its pages are best read.
    last_count: std::cell::Cell<Option<(u64, i64)>>,
    /// Lists over every task kept until the database changes (see [`Store::stamp`]).
    pub(crate) cache: Cache,
    /// A shared lock on `<db>.lock` while this store is open: a restore takes it alone.
    /// Last, so the connection closes before it goes.
    _lock: Option<std::fs::File>,
}

/// What this connection or another one changed since, as far as a cached list cares.
pub(crate) type Stamp = (i64, u64);

/// A kept set of task ids: when read, the statement that selected them, a bit per id.
pub(crate) type IdSet = (Stamp, String, std::sync::Arc<Vec<u64>>);

/// Lists that read every overdue task or every task, kept while nothing changes: the
/// Agenda reads the hearing suggestions on every move, and the Compliance tab its list on
/// every visit.
#[derive(Default)]
pub(crate) struct Cache {
    pub hearings: std::cell::RefCell<Option<(Stamp, chrono::NaiveDate, Vec<Suggestion>)>>,
    #[allow(clippy::type_complexity)]
    pub compliance: std::cell::RefCell<
        Option<(
            Stamp,
            (
                chrono::NaiveDate,
                Option<crate::domain::OrgKind>,
                Option<(chrono::NaiveDate, chrono::NaiveDate)>,
            ),
            Vec<crate::domain::compliance::OrgMetrics>,
        )>,
    >,
    /// The trend and the organizations' trends (see `store::trend`).
    pub trend: trend::TrendCache,
    /// The tasks a query's statuses select (its statement as the key), a bit per task id:
    /// counts of statuses and words look their matches up here (see `tasks::query`).
    pub task_ids: std::cell::RefCell<Option<IdSet>>,
    /// The extracts of signed protocols not yet delivered (protocol, label, organization).
    #[allow(clippy::type_complexity)]
    pub undelivered: std::cell::RefCell<Option<(Stamp, Vec<(i64, String, i64)>)>>,
}

pub use users::{current_user, identify_for};

/// A connection that can only read (the worker's, `shtab check`'s, a read command's).
fn read_only_connection(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

pub(crate) fn now_stamp() -> String {
    chrono::Local::now().format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// A schema upgrade that opening a file with data runs: its version, the latest one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upgrade {
    pub path: PathBuf,
    pub from: usize,
    pub to: usize,
}

/// Told when opening a file that has data runs its pending migrations (never for a new
/// file, never when none are pending). The store prints nothing itself: the edge (the
/// command line) shows it, since a migration can take seconds on a large file.
pub trait UpgradeObserver {
    fn starting(&mut self, up: &Upgrade);
    /// After the migrations: `ok` false when they failed (and were rolled back).
    fn finished(&mut self, up: &Upgrade, took: Duration, ok: bool);
}

/// No one to tell.
impl UpgradeObserver for () {
    fn starting(&mut self, _: &Upgrade) {}
    fn finished(&mut self, _: &Upgrade, _: Duration, _: bool) {}
}

impl Store {
    /// Open (creating when absent, mode 0600) a Shtab database file.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, &mut ())
    }

    /// [`Store::open`], telling `observer` before and after an upgrade of the file's schema.
    pub fn open_with(path: &Path, observer: &mut dyn UpgradeObserver) -> Result<Store> {
        let fresh = !path.exists();
        if fresh {
            create_private_file(path)?;
        }
        // Look before writing anything: a foreign file must stay untouched. An empty file is
        // ours only when we just made it.
        probe(path, fresh)?;
        let lock = lock_shared(path)?;
        let conn = Connection::open(path)?;
        let mut store = Store::with(conn, Some(path.to_path_buf()), lock);
        store.prepare(observer)?;
        Ok(store)
    }

    /// Open a Shtab database only to read it (`shtab check`): nothing is created, stamped,
    /// migrated or checkpointed, and the journal mode stays as it is.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        probe(path, false)?;
        let conn = read_only_connection(path)?;
        register_collation(&conn)?;
        let store = Store::with(conn, Some(path.to_path_buf()), None);
        audit::register(&store.conn, store.audit_on.clone())?;
        store.conn.execute_batch("PRAGMA query_only = 1;")?;
        let at: usize = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?
            as usize;
        if at > MIGRATIONS.len() {
            return Err(StoreError::Failed(Failure::TooNew(
                path.to_path_buf(),
                at,
                MIGRATIONS.len(),
            )));
        }
        Ok(store)
    }

    /// Open an existing Shtab database for a command that only reads (`shtab tasks`): a
    /// read-only connection with the shared lock, so nothing is stamped, migrated, repaired
    /// or checkpointed (a read-write connection checkpoints the WAL when it closes last).
    /// It still reads the WAL, so it sees every committed write. A file that is not stamped
    /// and at the latest schema goes through [`Store::open`] (which migrates it); a newer
    /// schema is refused.
    pub fn open_reader(path: &Path) -> Result<Store> {
        Store::open_reader_with(path, &mut ())
    }

    /// [`Store::open_reader`], telling `observer` when the file must be upgraded first.
    pub fn open_reader_with(path: &Path, observer: &mut dyn UpgradeObserver) -> Result<Store> {
        probe(path, false)?;
        let lock = lock_shared(path)?;
        let conn = read_only_connection(path)?;
        // Both in one statement: one read of the header under one read lock.
        let (at, app_id): (i64, i32) = conn.query_row(
            "SELECT user_version, application_id FROM pragma_user_version, pragma_application_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let known = MIGRATIONS.len();
        if at as usize > known {
            return Err(StoreError::Failed(Failure::TooNew(
                path.to_path_buf(),
                at as usize,
                known,
            )));
        }
        if at as usize != known || app_id != APPLICATION_ID {
            drop(conn);
            drop(lock);
            return Store::open_with(path, observer);
        }
        register_collation(&conn)?;
        let store = Store::with(conn, Some(path.to_path_buf()), lock);
        audit::register(&store.conn, store.audit_on.clone())?;
        Ok(store)
    }

    /// A store around `conn`, with nothing cached yet.
    fn with(conn: Connection, path: Option<PathBuf>, lock: Option<std::fs::File>) -> Store {
        Store {
            conn,
            path,
            audit_on: Default::default(),
            importing: Default::default(),
            last_count: Default::default(),
            cache: Default::default(),
            _lock: lock,
        }
    }

    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store::with(Connection::open_in_memory()?, None, None);
        store.prepare(&mut ())?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn prepare(&mut self, observer: &mut dyn UpgradeObserver) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(Duration::from_secs(5))?;
        register_collation(c)?;
        self.audit_on
            .store(true, std::sync::atomic::Ordering::Relaxed);
        audit::register(c, self.audit_on.clone())?;
        audit::register_importing(c, self.importing.clone())?;
        let known = MIGRATIONS.len();
        let at: usize = c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
        if at > known {
            return Err(StoreError::Failed(Failure::TooNew(
                self.path.clone().unwrap_or_default(),
                at,
                known,
            )));
        }
        // Stamp first, while a new file is still in rollback mode, so the stamp is in the
        // main file itself before any table exists: a file cut off by a power failure
        // mid-creation, or opened by a second Shtab meanwhile, is still known as Shtab's.
        let app_id: i32 = c.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        if app_id != APPLICATION_ID {
            c.execute_batch(&format!("PRAGMA application_id={APPLICATION_ID}"))?;
        }
        if self.path.is_some() {
            let mode: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Failed(Failure::Pragma {
                    name: "journal_mode",
                    wanted: "wal",
                    got: mode,
                }));
            }
        }
        c.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;")?;
        // A new file (version 0) is made in a moment: only an upgrade of data is told.
        let upgrade = (at > 0 && at < known).then(|| Upgrade {
            path: self.path.clone().unwrap_or_default(),
            from: at,
            to: known,
        });
        if let Some(up) = &upgrade {
            observer.starting(up);
        }
        let started = std::time::Instant::now();
        let migrated = migrations().to_latest(&mut self.conn);
        if let Some(up) = &upgrade {
            observer.finished(up, started.elapsed(), migrated.is_ok());
        }
        migrated?;
        let c = &self.conn;
        c.execute_batch("PRAGMA foreign_keys=ON;")?;
        let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if fk != 1 {
            return Err(StoreError::Failed(Failure::Pragma {
                name: "foreign_keys",
                wanted: "1",
                got: fk.to_string(),
            }));
        }
        let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        if sync != 2 {
            return Err(StoreError::Failed(Failure::Pragma {
                name: "synchronous",
                wanted: "2 (FULL)",
                got: sync.to_string(),
            }));
        }
        audit::ensure_triggers(&self.conn)?;
        audit::ensure_guards(&self.conn)?;
        Ok(())
    }

    /// Run `f` in an IMMEDIATE transaction: all of it or nothing.
    pub fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx).map_err(StoreError::refine)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Changes since: another connection's commit moves SQLite's data_version, this one's
    /// own writes move its total of changed rows.
    pub(crate) fn stamp(&self) -> Result<Stamp> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((v, self.conn.total_changes()))
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

    /// Changes whenever another connection commits: cheap change detection.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
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

/// Version-checked update of one row: 0 rows means it changed meanwhile (or is gone).
pub(crate) fn changed(tx: &Connection, table: &str, id: i64, n: usize) -> Result<()> {
    if n == 1 {
        return Ok(());
    }
    let exists: bool = tx.query_row(
        &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )?;
    Err(if exists {
        StoreError::Refused(Refusal::Conflict)
    } else {
        StoreError::Refused(Refusal::NotFound)
    })
}

pub(crate) fn audit(
    tx: &rusqlite::Transaction,
    action: &str,
    entity: &str,
    entity_id: i64,
    detail: &str,
) -> Result<()> {
    audit::append(tx, action, entity, entity_id, detail)?;
    Ok(())
}

fn register_collation(c: &Connection) -> Result<()> {
    c.create_collation("ky", crate::domain::text::ky_cmp)?;
    Ok(())
}

/// May `path` be opened as Shtab's? It may when it is empty and we just created it, when its SQLite header bears
/// [`APPLICATION_ID`], or when it is an unstamped SQLite database with no schema at all and
/// no journal or WAL beside it. Decided from the file's first bytes alone: SQLite itself is
/// not asked, since even a read-only connection leaves `-wal`/`-shm` files beside a WAL-mode
/// database, and the unix VFS takes a 1-byte file for an empty database.
pub(crate) fn probe(path: &Path, empty_is_ours: bool) -> Result<()> {
    use std::io::Read;
    let foreign = || StoreError::Failed(Failure::NotShtab(path.to_path_buf()));
    let unreadable = |e| StoreError::Failed(Failure::Read(path.to_path_buf(), e));
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    if file.metadata().map_err(unreadable)?.len() == 0 {
        return if empty_is_ours {
            Ok(())
        } else {
            Err(StoreError::Failed(Failure::EmptyFile(path.to_path_buf())))
        };
    }
    // The 100-byte database header, then page 1's b-tree header: the schema table's root.
    let mut head = [0u8; 108];
    match file.read_exact(&mut head) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(foreign()),
        Err(e) => return Err(unreadable(e)),
    }
    if &head[..16] != b"SQLite format 3\0" {
        return Err(foreign());
    }
    let app_id = i32::from_be_bytes([head[68], head[69], head[70], head[71]]);
    if app_id == APPLICATION_ID {
        return Ok(());
    }
    let sidecar = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        PathBuf::from(p).exists()
    };
    // Shtab stamps a new file before anything else, so an unstamped one with a journal or
    // WAL (whose pages the main file may not show yet) is someone else's, in use.
    // Another program's empty file that stamped its own schema version is not ours either.
    let user_version = u32::from_be_bytes([head[60], head[61], head[62], head[63]]);
    if app_id != 0 || user_version != 0 || sidecar("-wal") || sidecar("-journal") {
        return Err(foreign());
    }
    let leaf_table_page = head[100] == 0x0d;
    let cells = u16::from_be_bytes([head[103], head[104]]);
    if leaf_table_page && cells == 0 {
        Ok(())
    } else {
        Err(foreign())
    }
}

fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Failed(Failure::Create(dir.to_path_buf(), e)))?;
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
        .map_err(|e| StoreError::Failed(Failure::Create(path.to_path_buf(), e)))
}

/// The lock file of `db`: every open Shtab holds a shared lock on it, a restore an
/// exclusive one.
fn lock_path(db: &Path) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".lock");
    PathBuf::from(p)
}

fn open_lock_file(db: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(lock_path(db))
}

/// The shared lock of an open store; none where the lock file cannot be made (a read-only
/// folder, where no restore can replace the file either).
fn lock_shared(db: &Path) -> Result<Option<std::fs::File>> {
    let Ok(file) = open_lock_file(db) else {
        return Ok(None);
    };
    match file.try_lock_shared() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(StoreError::Failed(Failure::Busy(db.to_path_buf())))
        }
        Err(std::fs::TryLockError::Error(_)) => Ok(None),
    }
}

/// The exclusive lock a restore holds: refused while any Shtab has `db` open.
pub(crate) fn lock_exclusive(db: &Path) -> Result<std::fs::File> {
    let file =
        open_lock_file(db).map_err(|e| StoreError::Failed(Failure::Create(lock_path(db), e)))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(StoreError::Failed(Failure::Busy(db.to_path_buf())))
        }
        Err(std::fs::TryLockError::Error(e)) => {
            Err(StoreError::Failed(Failure::Create(lock_path(db), e)))
        }
    }
}

/// A read-only connection that neither locks nor reads a WAL: for files that are not live
/// databases (backups).
pub(crate) fn open_immutable(path: &Path) -> Result<Connection> {
    let mut uri = String::from("file:");
    uri.push_str(
        &path
            .to_string_lossy()
            .replace('?', "%3f")
            .replace('#', "%23"),
    );
    uri.push_str("?immutable=1");
    Ok(Connection::open_with_flags(
        &uri,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
            | rusqlite::OpenFlags::SQLITE_OPEN_URI
            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

/// Run every migration on a scratch in-memory database: for tests.
pub fn validate_migrations() -> std::result::Result<(), rusqlite_migration::Error> {
    migrations().validate()
}
