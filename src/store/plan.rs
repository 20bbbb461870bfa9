//! The action plan: measures, their responsible organizations, linked decisions and tasks,
//! reordering, and the bulk import from CSV.

use crate::store::Refusal;
use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::row::{Record, all, by_id, delete_checked, insert, update};
use super::{Result, Store, StoreError, audit, changed};
use crate::domain::plan::{self, Measure, TaskLink};
use crate::domain::plan_csv::{self, Known, PlanRow, RowError};
use crate::domain::work::TaskStatus;

/// A decision linked to a measure: explicitly (here) or through one of its tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionChoice {
    pub id: i64,
    /// "3/2026 · 1.2".
    pub label: String,
    pub text: String,
    /// Linked on the Plan tab (may be unlinked there); otherwise through a task.
    pub explicit: bool,
}

/// A task linked to a measure (task.measure_id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedTask {
    pub id: i64,
    pub text: String,
    pub executor_ky: String,
    pub executor_ru: String,
    pub deadline: NaiveDate,
    pub status: TaskStatus,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeasureLinks {
    pub decisions: Vec<DecisionChoice>,
    pub tasks: Vec<LinkedTask>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanImportSummary {
    pub added: usize,
    pub updated: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanImportError {
    #[error("{} bad row(s); nothing was imported", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for PlanImportError {
    fn from(e: rusqlite::Error) -> Self {
        PlanImportError::Store(e.into())
    }
}

#[cfg(test)]
#[path = "plan_upgrade_tests.rs"]
mod upgrade_tests;

const OPEN: &str = "('assigned','in_progress','extension_requested')";

impl Record for Measure {
    const TABLE: &'static str = "plan_measure";
    const COLUMNS: &'static str = "id, number, section, title, deadline, expected_result, \
                                   progress, started, done_at, position, version, title_ru";

    fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Measure> {
        let done_at: Option<String> = r.get(8)?;
        Ok(Measure {
            id: r.get(0)?,
            number: r.get(1)?,
            section: r.get(2)?,
            title: r.get(3)?,
            deadline: r.get(4)?,
            expected_result: r.get(5)?,
            progress: r.get(6)?,
            started: r.get(7)?,
            done_on: done_at
                .as_deref()
                .and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()),
            position: r.get(9)?,
            version: r.get(10)?,
            title_ru: r.get(11)?,
            organizations: Vec::new(),
        })
    }
}

fn organizations_of(conn: &rusqlite::Connection) -> Result<HashMap<i64, Vec<i64>>> {
    let mut st = conn.prepare_cached(
        "SELECT measure_id, organization_id FROM plan_measure_organization ORDER BY rowid",
    )?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
        let (m, o) = row?;
        out.entry(m).or_default().push(o);
    }
    Ok(out)
}

/// A link of a measure made or undone, logged on the measure.
fn log_link(tx: &Transaction, action: &str, measure_id: i64, other: i64) -> Result<()> {
    audit(tx, action, "plan_measure", measure_id, &other.to_string())
}

fn done_stamp(done_on: Option<NaiveDate>, old: Option<&str>) -> Option<String> {
    let d = done_on?;
    match old {
        // Keep the original stamp when the day has not changed.
        Some(s) if s.get(..10) == Some(&d.format("%Y-%m-%d").to_string()) => Some(s.to_string()),
        _ if d == chrono::Local::now().date_naive() => Some(super::now_stamp()),
        _ => Some(format!("{}T00:00:00", d.format("%Y-%m-%d"))),
    }
}

fn set_organizations(tx: &Transaction, measure_id: i64, orgs: &[i64]) -> Result<()> {
    tx.execute(
        "DELETE FROM plan_measure_organization WHERE measure_id = ?1",
        [measure_id],
    )?;
    for o in orgs {
        tx.execute(
            "INSERT OR IGNORE INTO plan_measure_organization(measure_id, organization_id)
             VALUES (?1, ?2)",
            params![measure_id, o],
        )?;
    }
    Ok(())
}

fn number_taken(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Insert or update (with the version check) one measure; returns its id.
fn save(tx: &Transaction, m: &Measure) -> Result<i64> {
    let started = m.started || m.progress > 0 || m.done_on.is_some();
    let taken = |e: rusqlite::Error| {
        if number_taken(&e) {
            StoreError::Refused(Refusal::MeasureNumberTaken(m.number.clone()))
        } else {
            e.into()
        }
    };
    // A measure done before keeps its stamp when the day has not changed.
    let old: Option<String> = if m.id == 0 {
        None
    } else {
        tx.query_row(
            "SELECT done_at FROM plan_measure WHERE id = ?1",
            [m.id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(StoreError::Refused(Refusal::NotFound))?
    };
    let done_at = done_stamp(m.done_on, old.as_deref());
    let columns = [
        "number",
        "section",
        "title",
        "title_ru",
        "deadline",
        "expected_result",
        "progress",
        "started",
        "done_at",
    ];
    let values = params![
        m.number.trim(),
        m.section.trim(),
        m.title.trim(),
        m.title_ru.trim(),
        m.deadline,
        m.expected_result.trim(),
        m.progress,
        started,
        done_at
    ];
    let id = if m.id == 0 {
        // Read only when the caller has not numbered it (the import numbers its rows).
        let position: i64 = if m.position > 0 {
            m.position
        } else {
            tx.query_row(
                "SELECT coalesce(max(position), 0) + 1 FROM plan_measure",
                [],
                |r| r.get(0),
            )?
        };
        let now = super::now_stamp();
        let columns = [&columns[..], &["position", "created_at"]].concat();
        let values = [values, params![position, now]].concat();
        let id = insert::<Measure>(tx, &columns, &values).map_err(taken)?;
        audit(tx, "create", "plan_measure", id, &m.number)?;
        id
    } else {
        let n = update::<Measure>(tx, m.id, m.version, &columns, values).map_err(taken)?;
        changed(tx, "plan_measure", m.id, n)?;
        audit(tx, "update", "plan_measure", m.id, &m.number)?;
        m.id
    };
    set_organizations(tx, id, &m.organizations)?;
    Ok(id)
}

fn known(conn: &rusqlite::Connection) -> Result<Known> {
    let mut k = Known::default();
    let mut st = conn.prepare_cached("SELECT number, id FROM plan_measure")?;
    for row in st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (n, id) = row?;
        k.measures.insert(n, id);
    }
    let mut st = conn.prepare_cached("SELECT id, name_ky, name_ru FROM organization")?;
    for row in st.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, ky, ru) = row?;
        k.add_organization(id, &ky);
        k.add_organization(id, &ru);
    }
    Ok(k)
}

/// One row of a plan import: the measure it names updated, or a new one at `next_position`.
fn import_one(
    tx: &Transaction,
    row: &PlanRow,
    r: &plan_csv::Resolved,
    today: NaiveDate,
    next_position: &mut i64,
) -> std::result::Result<(), PlanImportError> {
    let mut m = match r.existing {
        Some(id) => {
            let mut m: Measure = by_id(tx, id)?;
            let mut st = tx.prepare_cached(
                "SELECT organization_id FROM plan_measure_organization
                 WHERE measure_id = ?1 ORDER BY rowid",
            )?;
            m.organizations = st
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            m
        }
        None => {
            let mut m = Measure::new(&row.number, "", "");
            m.position = *next_position;
            *next_position += 1;
            m
        }
    };
    if let Some(v) = &row.section {
        m.section = v.clone();
    }
    if let Some(v) = &row.title {
        m.title = v.clone();
    }
    if let Some(v) = &row.title_ru {
        m.title_ru = v.clone();
    }
    if let Some(v) = row.deadline {
        m.deadline = Some(v);
    }
    if let Some(v) = &row.expected_result {
        m.expected_result = v.clone();
    }
    if let Some(ids) = &r.organizations {
        m.organizations = ids.clone();
    }
    match (row.progress, row.done_on) {
        (Some(p), _) if p < 100 => {
            m.progress = p;
            m.done_on = None;
        }
        (Some(_), done) => {
            m.progress = 100;
            m.done_on = done.or(m.done_on).or(Some(today));
        }
        (None, Some(done)) => {
            m.progress = 100;
            m.done_on = Some(done);
        }
        (None, None) => {}
    }
    save(tx, &m)?;
    Ok(())
}

impl Store {
    /// Every measure with its organizations, in plan order (sections, then positions).
    pub fn measures(&self) -> Result<Vec<Measure>> {
        let mut list: Vec<Measure> = all(&self.conn, "", [])?;
        let orgs = organizations_of(&self.conn)?;
        for m in &mut list {
            m.organizations = orgs.get(&m.id).cloned().unwrap_or_default();
        }
        plan::order(&mut list);
        Ok(list)
    }

    pub fn measure(&self, id: i64) -> Result<Measure> {
        let mut m: Measure = by_id(&self.conn, id)?;
        let mut st = self.conn.prepare_cached(
            "SELECT organization_id FROM plan_measure_organization WHERE measure_id = ?1
             ORDER BY rowid",
        )?;
        m.organizations = st
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(m)
    }

    /// Create (id 0) or update (version checked) a measure and its organizations.
    pub fn save_measure(&mut self, m: &Measure) -> Result<i64> {
        self.write(|tx| save(tx, m))
    }

    /// Delete a measure nothing refers to (no task, agenda item or decision link).
    pub fn delete_measure(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let used: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM task WHERE measure_id = ?1)
                     OR EXISTS(SELECT 1 FROM agenda_item_measure WHERE measure_id = ?1)
                     OR EXISTS(SELECT 1 FROM decision_measure WHERE measure_id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if used {
                return Err(StoreError::Refused(Refusal::InUse));
            }
            tx.execute(
                "DELETE FROM plan_measure_organization WHERE measure_id = ?1",
                [id],
            )?;
            delete_checked::<Measure>(tx, id, version)?;
            audit(tx, "delete", "plan_measure", id, "")
        })
    }

    /// Swap a measure with its neighbour in its section; false at the section's edge. The
    /// order is not an edit of the measure: versions stay.
    pub fn move_measure(&mut self, id: i64, up: bool) -> Result<bool> {
        let list = self.measures()?;
        let Some(me) = list.iter().find(|m| m.id == id).cloned() else {
            return Err(StoreError::Refused(Refusal::NotFound));
        };
        let Some(other) = plan::neighbour(&list, id, up).cloned() else {
            return Ok(false);
        };
        self.write(|tx| {
            let (a, b) = if me.position == other.position {
                // Equal positions (hand-made data): make them distinct first.
                if up {
                    (other.position - 1, other.position)
                } else {
                    (other.position + 1, other.position)
                }
            } else {
                (other.position, me.position)
            };
            for (mid, pos) in [(me.id, a), (other.id, b)] {
                tx.execute(
                    "UPDATE plan_measure SET position = ?1 WHERE id = ?2",
                    params![pos, mid],
                )?;
            }
            audit(
                tx,
                if up { "move up" } else { "move down" },
                "plan_measure",
                id,
                "",
            )?;
            Ok(true)
        })
    }

    /// For every measure, its open tasks (for the at-risk flag), executors named in Russian
    /// when `russian` (and a Russian name exists).
    pub fn plan_task_links(&self, russian: bool) -> Result<HashMap<i64, Vec<TaskLink>>> {
        let mut st = self.conn.prepare_cached(&format!(
            // From the small index of open linked tasks (0019), never the table's rows.
            "SELECT t.measure_id, t.status, t.deadline, o.name_ky, o.name_ru
             FROM task t INDEXED BY task_measure_open
             JOIN organization o ON o.id = t.executor_id
             WHERE t.measure_id IS NOT NULL AND t.status IN {OPEN}
             ORDER BY t.deadline, t.id"
        ))?;
        let mut out: HashMap<i64, Vec<TaskLink>> = HashMap::new();
        let rows = st.query_map([], |r| {
            let status: String = r.get(1)?;
            let ky: String = r.get(3)?;
            let ru: String = r.get(4)?;
            Ok((
                r.get::<_, i64>(0)?,
                TaskLink {
                    status: TaskStatus::from_code(&status).unwrap_or(TaskStatus::Assigned),
                    deadline: r.get(2)?,
                    executor: if russian && !ru.is_empty() { ru } else { ky },
                },
            ))
        })?;
        for row in rows {
            let (m, link) = row?;
            out.entry(m).or_default().push(link);
        }
        Ok(out)
    }

    /// The decisions and tasks linked to a measure.
    pub fn measure_links(&self, measure_id: i64) -> Result<MeasureLinks> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, s.number || '/' || s.year || ' · ' || d.number, d.text,
                    EXISTS(SELECT 1 FROM decision_measure x
                           WHERE x.decision_id = d.id AND x.measure_id = ?1)
             FROM decision d
             JOIN protocol p ON p.id = d.protocol_id
             JOIN session s ON s.id = p.session_id
             WHERE d.id IN (SELECT decision_id FROM decision_measure WHERE measure_id = ?1
                            UNION
                            SELECT decision_id FROM task
                            WHERE measure_id = ?1 AND decision_id IS NOT NULL)
             ORDER BY s.date, d.id",
        )?;
        let decisions = st
            .query_map([measure_id], |r| {
                Ok(DecisionChoice {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    text: r.get(2)?,
                    explicit: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = self.conn.prepare_cached(
            "SELECT t.id, t.text, o.name_ky, o.name_ru, t.deadline, t.status
             FROM task t JOIN organization o ON o.id = t.executor_id
             WHERE t.measure_id = ?1 ORDER BY t.deadline, t.id",
        )?;
        let tasks = st
            .query_map([measure_id], |r| {
                let status: String = r.get(5)?;
                Ok(LinkedTask {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    executor_ky: r.get(2)?,
                    executor_ru: r.get(3)?,
                    deadline: r.get(4)?,
                    status: TaskStatus::from_code(&status).unwrap_or(TaskStatus::Assigned),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(MeasureLinks { decisions, tasks })
    }

    /// Decisions to link a measure to, newest session first: "3/2026 · 1.2 text".
    pub fn decision_choices(&self) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, s.number || '/' || s.year || ' · ' || d.number || ' ' || d.text
             FROM decision d
             JOIN protocol p ON p.id = d.protocol_id
             JOIN session s ON s.id = p.session_id
             ORDER BY s.date DESC, d.id",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn link_decision(&mut self, measure_id: i64, decision_id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO decision_measure(decision_id, measure_id) VALUES (?1, ?2)",
                params![decision_id, measure_id],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
                {
                    StoreError::Refused(Refusal::NotFound)
                }
                e => e.into(),
            })?;
            log_link(tx, "link decision", measure_id, decision_id)
        })
    }

    pub fn unlink_decision(&mut self, measure_id: i64, decision_id: i64) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM decision_measure WHERE decision_id = ?1 AND measure_id = ?2",
                params![decision_id, measure_id],
            )?;
            if n == 0 {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            log_link(tx, "unlink decision", measure_id, decision_id)
        })
    }

    /// Link a task (by its number) to a measure; a task serves one measure at most. A task
    /// linked to another measure is refused with [`StoreError::Refused(Refusal::AlreadyLinked)`] naming it
    /// (links never move silently); [`Store::move_task_link`] moves it once the user chose.
    pub fn link_task(&mut self, measure_id: i64, task_id: i64) -> Result<()> {
        self.link_task_to(measure_id, task_id, false)
    }

    /// Link a task to a measure even if it served another one (the user chose to move it).
    pub fn move_task_link(&mut self, measure_id: i64, task_id: i64) -> Result<()> {
        self.link_task_to(measure_id, task_id, true)
    }

    fn link_task_to(&mut self, measure_id: i64, task_id: i64, moving: bool) -> Result<()> {
        self.write(|tx| {
            let linked: Option<(i64, String)> = tx
                .query_row(
                    "SELECT m.id, m.number FROM task t JOIN plan_measure m ON m.id = t.measure_id
                     WHERE t.id = ?1",
                    [task_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((other, number)) = linked
                && other != measure_id
                && !moving
            {
                return Err(StoreError::Refused(Refusal::AlreadyLinked(task_id, number)));
            }
            let exists: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM plan_measure WHERE id = ?1)",
                [measure_id],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            let n = tx.execute(
                "UPDATE task SET measure_id = ?1, version = version + 1 WHERE id = ?2",
                params![measure_id, task_id],
            )?;
            if n != 1 {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            log_link(tx, "link task", measure_id, task_id)
        })
    }

    pub fn unlink_task(&mut self, measure_id: i64, task_id: i64) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE task SET measure_id = NULL, version = version + 1
                 WHERE id = ?1 AND measure_id = ?2",
                params![task_id, measure_id],
            )?;
            if n != 1 {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            log_link(tx, "unlink task", measure_id, task_id)
        })
    }

    /// The measures and organizations rows of an import are checked against.
    pub fn plan_known(&self) -> Result<Known> {
        known(&self.conn)
    }

    /// Apply rows read from a CSV file: all of them in one transaction, or none when any
    /// row is bad (every bad row is returned). `progress(done, total)` is called per row.
    pub fn import_plan(
        &mut self,
        rows: &[PlanRow],
        today: NaiveDate,
        progress: &mut dyn FnMut(usize, usize),
    ) -> std::result::Result<PlanImportSummary, PlanImportError> {
        // Short transactions (0.4 s each, then a pause), so other writers, the TUI's
        // autosave among them, wait at most that long; every row is checked before any is
        // written. New measures are numbered from one max(position) read, not one per row.
        const BATCH: std::time::Duration = std::time::Duration::from_millis(400);
        const PAUSE: std::time::Duration = std::time::Duration::from_millis(120);
        let mut resolved = Vec::with_capacity(rows.len());
        let mut next_position = 0;
        let mut sum = PlanImportSummary::default();
        let total = rows.len();
        let mut done = 0;
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if done == 0 {
                let k = known(&tx)?;
                let mut errors = Vec::new();
                for row in rows {
                    match plan_csv::resolve(row, &k, today) {
                        Ok(r) => resolved.push(r),
                        Err(mut e) => errors.append(&mut e),
                    }
                }
                if !errors.is_empty() {
                    return Err(PlanImportError::Rows(errors));
                }
                next_position = tx.query_row(
                    "SELECT coalesce(max(position), 0) + 1 FROM plan_measure",
                    [],
                    |r| r.get::<_, i64>(0),
                )?;
            }
            let began = std::time::Instant::now();
            while done < total && began.elapsed() < BATCH {
                let (row, r) = (&rows[done], &resolved[done]);
                import_one(&tx, row, r, today, &mut next_position)?;
                if r.existing.is_some() {
                    sum.updated += 1;
                } else {
                    sum.added += 1;
                }
                done += 1;
                progress(done, total);
            }
            if done == total {
                audit(
                    &tx,
                    "import",
                    "plan_measure",
                    0,
                    &format!("{} added, {} updated", sum.added, sum.updated),
                )?;
                tx.commit()?;
                break;
            }
            tx.commit()?;
            // Let a waiting writer in: SQLite's busy handler retries every 100 ms at most.
            std::thread::sleep(PAUSE);
        }
        Ok(sum)
    }
}
