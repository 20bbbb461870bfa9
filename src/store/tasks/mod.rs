//! Tasks: the query (keyset pages, counts, full-text search), a task's detail and history,
//! and the actions of control: reports, closing, extensions, cancelling, reassigning.
//! `query` reads lists, `history` one task's story, `changes` the actions.

mod changes;
mod history;
mod listing;
mod query;
#[cfg(test)]
mod upgrade_tests;

pub use listing::{Listed, ListedRow};

use crate::store::Refusal;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params_from_iter};

use super::{Result, StoreError};
use crate::domain::tasks::TaskFacts;
use crate::domain::work::{EscalationStep, TaskStatus};

pub(super) const OPEN: &str = "('assigned','in_progress','extension_requested')";

/// `col` is one of `codes`. Kept off its indexes (`+t.status`), written as equalities:
/// SQLite tests a list of three or more after IN through a temporary index, a seek for every
/// row read, while equalities are compared in place. Otherwise as an IN list, word for word
/// as the partial indexes' conditions say it (`task_open_deadline`, `task_open_executor`),
/// so that SQLite may read them.
pub(super) fn one_of(col: &str, codes: &[&str]) -> String {
    if col.starts_with('+') {
        let terms: Vec<String> = codes.iter().map(|c| format!("{col} = '{c}'")).collect();
        format!("({})", terms.join(" OR "))
    } else {
        let list: Vec<String> = codes.iter().map(|c| format!("'{c}'")).collect();
        format!("{col} IN ({})", list.join(","))
    }
}

/// The open statuses' codes, as [`OPEN`] lists them.
pub(super) const OPEN_CODES: [&str; 3] = ["assigned", "in_progress", "extension_requested"];

/// What a query needs besides itself: the day, and who "me" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueryContext {
    pub today: NaiveDate,
    /// The HQ member the login is linked to, for `controller:me` (none: no task is "mine").
    pub me: Option<i64>,
}

/// An organization's names (the Kyrgyz one is the original).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgName {
    pub id: i64,
    pub ky: String,
    pub ru: String,
}

impl OrgName {
    pub fn name(&self, russian: bool) -> &str {
        if russian && !self.ru.trim().is_empty() {
            &self.ru
        } else {
            &self.ky
        }
    }
}

/// Where a task comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A decision point of a protocol: "protocol 11/2026, point 1.2".
    Protocol {
        protocol_id: i64,
        decision_id: i64,
        number: i64,
        year: i32,
        point: String,
    },
    /// A measure of the action plan, its title in Kyrgyz and in Russian (one may be empty).
    Measure {
        measure_id: i64,
        number: String,
        title: String,
        title_ru: String,
    },
    None,
}

/// A task as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: i64,
    pub text: String,
    pub deadline: NaiveDate,
    pub status: TaskStatus,
    pub version: i64,
    /// 'YYYY-MM-DDTHH:MM:SS'
    pub created_at: String,
    pub closed_at: Option<String>,
    pub executor: OrgName,
    pub co_executors: Vec<OrgName>,
    pub origin: Origin,
    pub controller_id: Option<i64>,
    pub controller: String,
    pub extensions: i64,
}

impl TaskRow {
    pub fn key(&self) -> TaskKey {
        TaskKey {
            deadline: self.deadline,
            id: self.id,
        }
    }

    /// The day the task was given.
    pub fn created(&self) -> NaiveDate {
        stamp_date(&self.created_at).unwrap_or(self.deadline)
    }
}

/// A row's place in the order: (deadline, id), or id alone when sorted by number.
/// Ordered as (deadline, id), the default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TaskKey {
    pub deadline: NaiveDate,
    pub id: i64,
}

/// Which page of the result: keyset paging, never OFFSET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    First,
    Last,
    /// The rows after this key.
    After(TaskKey),
    /// The rows before this key (returned in order).
    Before(TaskKey),
    /// This key's row (if it still matches) and those after it.
    From(TaskKey),
}

/// One line of a task's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// A timestamp or a date, ISO, so entries sort by it.
    pub at: String,
    pub who: String,
    pub event: Event,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Created,
    Report {
        date: NaiveDate,
        is_final: bool,
        doc_number: String,
        text: String,
    },
    ExtensionRequested {
        old: NaiveDate,
        new: NaiveDate,
        reason: String,
    },
    ExtensionDecided {
        granted: bool,
        new: NaiveDate,
    },
    Escalation {
        step: EscalationStep,
        doc_number: String,
        note: String,
    },
    Reassigned {
        from: OrgName,
        to: OrgName,
        reason: String,
    },
    Closed(TaskStatus),
    Cancelled(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDetail {
    pub row: TaskRow,
    pub responsible_person: String,
    pub cancel_reason: String,
    pub history: Vec<HistoryEntry>,
}

/// A report as the user records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    pub date: NaiveDate,
    pub text: String,
    pub doc_number: String,
    pub is_final: bool,
}

/// A task given outside the Protocol editor (no decision point, no plan measure): for the
/// benchmarks and the side-by-side with taskwarrior (`shtab torture add-task`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub text: String,
    pub executor_id: i64,
    pub deadline: NaiveDate,
    pub controller_id: Option<i64>,
}

/// A deadline change as read: old, new, reason, asked at, decided at, decided by, status, id.
pub(super) type ChangeRow = (
    NaiveDate,
    NaiveDate,
    String,
    String,
    Option<String>,
    String,
    String,
    i64,
);

pub(super) fn stamp_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

pub(super) const ROW_SELECT: &str = "
SELECT t.id, t.text, t.deadline, t.status, t.version, t.created_at, t.closed_at,
       e.id, e.name_ky, e.name_ru,
       (SELECT group_concat(o.id || char(31) || o.name_ky || char(31) || o.name_ru, char(30))
          FROM task_co_executor c JOIN organization o ON o.id = c.organization_id
         WHERE c.task_id = t.id),
       d.id, d.number, p.id, coalesce(p.reg_number, s.number), coalesce(p.year, s.year),
       m.id, m.number, m.title,
       t.controller_id, coalesce(mem.full_name, ''),
       (SELECT count(*) FROM deadline_change x WHERE x.task_id = t.id AND x.status = 'granted'),
       m.title_ru
  FROM task t
 CROSS JOIN organization e ON e.id = t.executor_id
  LEFT JOIN decision d ON d.id = t.decision_id
  LEFT JOIN protocol p ON p.id = d.protocol_id
  LEFT JOIN session s ON s.id = p.session_id
  LEFT JOIN plan_measure m ON m.id = t.measure_id
  LEFT JOIN member mem ON mem.id = t.controller_id";

fn bad(col: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, what.into())
}

pub(super) fn row_from(r: &Row) -> rusqlite::Result<TaskRow> {
    let status: String = r.get(3)?;
    let co: Option<String> = r.get(10)?;
    let co_executors = co
        .unwrap_or_default()
        .split('\u{1e}')
        .filter(|x| !x.is_empty())
        .filter_map(|x| {
            let mut it = x.split('\u{1f}');
            Some(OrgName {
                id: it.next()?.parse().ok()?,
                ky: it.next()?.to_string(),
                ru: it.next().unwrap_or("").to_string(),
            })
        })
        .collect();
    let origin = match r.get::<_, Option<i64>>(11)? {
        Some(decision_id) => Origin::Protocol {
            protocol_id: r.get::<_, Option<i64>>(13)?.unwrap_or(0),
            decision_id,
            number: r.get::<_, Option<i64>>(14)?.unwrap_or(0),
            year: r.get::<_, Option<i32>>(15)?.unwrap_or(0),
            point: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        },
        None => match r.get::<_, Option<i64>>(16)? {
            Some(measure_id) => Origin::Measure {
                measure_id,
                number: r.get::<_, Option<String>>(17)?.unwrap_or_default(),
                title: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
                title_ru: r.get::<_, Option<String>>(22)?.unwrap_or_default(),
            },
            None => Origin::None,
        },
    };
    Ok(TaskRow {
        id: r.get(0)?,
        text: r.get(1)?,
        deadline: r.get(2)?,
        status: TaskStatus::from_code(&status)
            .ok_or_else(|| bad(3, format!("unknown task status {status}")))?,
        version: r.get(4)?,
        created_at: r.get(5)?,
        closed_at: r.get(6)?,
        executor: OrgName {
            id: r.get(7)?,
            ky: r.get(8)?,
            ru: r.get(9)?,
        },
        co_executors,
        origin,
        controller_id: r.get(19)?,
        controller: r.get(20)?,
        extensions: r.get(21)?,
    })
}

pub(super) fn read_facts(
    tx: &rusqlite::Connection,
    id: i64,
) -> Result<(TaskFacts, i64, Option<i64>)> {
    let (status, deadline, created, granted, final_report, executor, controller): (
        String,
        NaiveDate,
        String,
        i64,
        Option<NaiveDate>,
        i64,
        Option<i64>,
    ) = tx
        .query_row(
            "SELECT status, deadline, created_at,
                (SELECT count(*) FROM deadline_change WHERE task_id = t.id AND status = 'granted'),
                (SELECT max(report_date) FROM execution_report WHERE task_id = t.id AND is_final = 1),
                executor_id, controller_id
               FROM task t WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .optional()?
        .ok_or(StoreError::Refused(Refusal::NotFound))?;
    let status = TaskStatus::from_code(&status).ok_or(StoreError::Refused(Refusal::NotFound))?;
    Ok((
        TaskFacts {
            status,
            deadline,
            created: stamp_date(&created).unwrap_or(deadline),
            granted,
            final_report,
        },
        executor,
        controller,
    ))
}

/// Step the version (refusing a stale one) and set the given columns.
pub(super) fn touch(
    tx: &Transaction,
    id: i64,
    version: i64,
    set: &str,
    args: &[Value],
) -> Result<()> {
    let n = args.len();
    let sql = format!(
        "UPDATE task SET {set}, version = version + 1 WHERE id = ?{} AND version = ?{}",
        n + 1,
        n + 2
    );
    let mut all: Vec<Value> = args.to_vec();
    all.push(Value::Integer(id));
    all.push(Value::Integer(version));
    if tx.execute(&sql, params_from_iter(all.iter()))? == 1 {
        Ok(())
    } else {
        Err(StoreError::Refused(Refusal::Conflict))
    }
}

/// A bulk load (the demo, an import) turns the search triggers off inside its transaction…
pub(crate) fn fts_bulk_begin(tx: &Transaction) -> Result<()> {
    // A bulk load dirties more pages than the default cache holds; spilling them costs.
    tx.execute_batch("PRAGMA cache_size = -65536")?;
    tx.execute(
        "INSERT OR REPLACE INTO setting(key, value) VALUES ('tasks.fts_bulk', '1')",
        [],
    )?;
    Ok(())
}

/// …and indexes every task once at its end (far faster than row by row).
pub(crate) fn fts_bulk_end(tx: &Transaction) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM setting WHERE key = 'tasks.fts_bulk';
         INSERT INTO task_fts(task_fts) VALUES ('delete-all');
         INSERT INTO task_fts(rowid, body) SELECT id, body FROM task_fts_source;",
    )?;
    Ok(())
}

pub(super) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub(super) fn day(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}
