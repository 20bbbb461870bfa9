//! Tasks: the query (keyset pages, counts, full-text search), a task's detail and history,
//! and the actions of control: reports, closing, extensions, cancelling, reassigning.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{Result, Store, StoreError, audit, current_user, now_stamp};
use crate::domain::query::{Controller, Query, StatusFilter};
use crate::domain::tasks::{self as rules, Actor, TaskFacts};
use crate::domain::text::fold;
use crate::domain::work::{EscalationStep, TaskStatus};

const OPEN: &str = "('assigned','in_progress','extension_requested')";

/// What a query needs besides itself: the day, and who "me" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct QueryContext {
    pub today: NaiveDate,
    /// The HQ member the login is known as, for `controller:me` (none: any controller set).
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
    /// A measure of the action plan.
    Measure {
        measure_id: i64,
        number: String,
        title: String,
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
type ChangeRow = (
    NaiveDate,
    NaiveDate,
    String,
    String,
    Option<String>,
    String,
    String,
    i64,
);

fn stamp_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn like(phrase: &str) -> String {
    let escaped = phrase
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An FTS5 query: every word or phrase must appear, the last word of each as a prefix.
fn fts_match(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Terms that pick out few tasks (words, an organization, a session, a measure, a named
/// controller): SQLite should start from their index, and a page sorts the few matches.
fn selective(q: &Query) -> bool {
    !q.words.is_empty()
        || !q.orgs.is_empty()
        || q.session.is_some()
        || q.measure.is_some()
        || matches!(q.controller, Some(Controller::Name(_)))
}

/// Every status asked for is an open one: the open tasks' own index (`task_open_deadline`)
/// holds all the matches, in deadline order.
fn only_open(q: &Query) -> bool {
    !q.statuses.is_empty()
        && q.statuses.iter().all(|s| match s {
            StatusFilter::Open | StatusFilter::Overdue => true,
            StatusFilter::Stored(x) => x.is_open(),
            StatusFilter::Done | StatusFilter::Closed => false,
        })
}

/// How a page is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// A count: SQLite picks the index; a selective term leads.
    Count,
    /// Rows read in the list's order from an index, stopping at the page's end (most
    /// matches are dense: statuses, kinds, deadlines).
    Ordered,
    /// The few matches gathered from a selective term's index, their keys sorted, then only
    /// the page's rows read.
    Gathered,
}

/// Ordered, unless a selective term picks out few tasks: gathering and sorting n keys costs
/// about n, reading in order about limit × total / n, so a selective query is read in order
/// when its last count (`matches`, of `total`) says it matches more than √(limit × total).
fn plan_for(q: &Query, hint: Option<(i64, i64)>, limit: usize) -> Plan {
    if !selective(q) {
        return Plan::Ordered;
    }
    match hint {
        Some((matches, total)) if (matches as f64) >= ((limit as f64) * (total as f64)).sqrt() => {
            Plan::Ordered
        }
        _ => Plan::Gathered,
    }
}

/// The count of a query, remembered as a hint for its pages: the same query and day.
fn query_key(q: &Query, cx: &QueryContext) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{q:?}").hash(&mut h);
    cx.hash(&mut h);
    h.finish()
}

/// The WHERE clause (on `task t` alone) and its arguments. Status (and kind) terms are kept
/// off their indexes (`+t.status`) where another index should lead: the list's order for an
/// ordered page, a selective term otherwise; a count of statuses alone may use any index.
fn filter(q: &Query, cx: &QueryContext, plan: Plan) -> (String, Vec<Value>) {
    let ordered = plan == Plan::Ordered;
    let st = if ordered || selective(q) {
        "+t.status"
    } else {
        "t.status"
    };
    let executor = if ordered {
        "+t.executor_id"
    } else {
        "t.executor_id"
    };
    // A selective term read in the list's order (its matches are many): kept off its index.
    let lead = if ordered { "+" } else { "" };
    let mut sql = String::from("1=1");
    let mut args: Vec<Value> = Vec::new();
    let arg = |v: Value, args: &mut Vec<Value>| {
        args.push(v);
        format!("?{}", args.len())
    };
    let today = cx.today.format("%Y-%m-%d").to_string();
    if !q.statuses.is_empty() {
        let parts: Vec<String> = q
            .statuses
            .iter()
            .map(|s| match s {
                StatusFilter::Open => format!("{st} IN {OPEN}"),
                StatusFilter::Overdue => format!(
                    "({st} IN {OPEN} AND t.deadline < {})",
                    arg(Value::Text(today.clone()), &mut args)
                ),
                StatusFilter::Done => format!("{st} IN ('done_on_time','done_late')"),
                StatusFilter::Closed => {
                    format!("{st} IN ('done_on_time','done_late','cancelled')")
                }
                StatusFilter::Stored(x) => format!("{st} = '{}'", x.code()),
            })
            .collect();
        sql.push_str(&format!(" AND ({})", parts.join(" OR ")));
        if ordered && only_open(q) {
            // Word for word the open index's condition, so SQLite may read it.
            sql.push_str(&format!(" AND t.status IN {OPEN}"));
        }
    }
    if !q.kinds.is_empty() {
        let kinds: Vec<String> = q.kinds.iter().map(|k| format!("'{}'", k.code())).collect();
        sql.push_str(&format!(
            " AND {executor} IN (SELECT id FROM organization WHERE kind IN ({}))",
            kinds.join(",")
        ));
    }
    for phrase in &q.orgs {
        let p = arg(Value::Text(like(phrase)), &mut args);
        sql.push_str(&format!(
            " AND ({lead}t.executor_id IN (SELECT id FROM organization WHERE search LIKE {p} ESCAPE '\\')
                   OR {lead}t.id IN (SELECT c.task_id FROM organization o
                                CROSS JOIN task_co_executor c ON c.organization_id = o.id
                                WHERE o.search LIKE {p} ESCAPE '\\'))"
        ));
    }
    for due in &q.due {
        let (from, to) = due.bounds(cx.today);
        if let Some(f) = from {
            let p = arg(Value::Text(f.format("%Y-%m-%d").to_string()), &mut args);
            sql.push_str(&format!(" AND t.deadline >= {p}"));
        }
        if let Some(t) = to {
            let p = arg(Value::Text(t.format("%Y-%m-%d").to_string()), &mut args);
            sql.push_str(&format!(" AND t.deadline <= {p}"));
        }
    }
    if let Some((number, year)) = q.session {
        let n = arg(Value::Integer(number), &mut args);
        let y = arg(Value::Integer(year as i64), &mut args);
        sql.push_str(&format!(
            " AND {lead}t.decision_id IN (SELECT d.id FROM decision d
                 JOIN protocol p ON p.id = d.protocol_id
                 JOIN session s ON s.id = p.session_id
                WHERE s.number = {n} AND s.year = {y})"
        ));
    }
    if let Some(m) = &q.measure {
        let exact = arg(Value::Text(m.clone()), &mut args);
        let under = arg(
            Value::Text(format!("{}.%", like(m).trim_matches('%'))),
            &mut args,
        );
        sql.push_str(&format!(
            " AND {lead}t.measure_id IN (SELECT id FROM plan_measure
                WHERE number = {exact} OR number LIKE {under} ESCAPE '\\')"
        ));
    }
    match &q.controller {
        None => {}
        Some(Controller::Me) => match cx.me {
            Some(id) => {
                let p = arg(Value::Integer(id), &mut args);
                sql.push_str(&format!(" AND t.controller_id = {p}"));
            }
            None => sql.push_str(" AND t.controller_id IS NOT NULL"),
        },
        Some(Controller::Any) => sql.push_str(" AND t.controller_id IS NOT NULL"),
        Some(Controller::Nobody) => sql.push_str(" AND t.controller_id IS NULL"),
        Some(Controller::Name(words)) => {
            let mut conds = Vec::new();
            for w in words.split_whitespace() {
                let p = arg(Value::Text(like(w)), &mut args);
                conds.push(format!("search LIKE {p} ESCAPE '\\'"));
            }
            sql.push_str(&format!(
                " AND {lead}t.controller_id IN (SELECT id FROM member WHERE {})",
                conds.join(" AND ")
            ));
        }
    }
    if !q.words.is_empty() {
        let p = arg(Value::Text(fts_match(&q.words)), &mut args);
        sql.push_str(&format!(
            " AND {lead}t.id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH {p})"
        ));
    }
    (sql, args)
}

const ROW_SELECT: &str = "
SELECT t.id, t.text, t.deadline, t.status, t.version, t.created_at, t.closed_at,
       e.id, e.name_ky, e.name_ru,
       (SELECT group_concat(o.id || char(31) || o.name_ky || char(31) || o.name_ru, char(30))
          FROM task_co_executor c JOIN organization o ON o.id = c.organization_id
         WHERE c.task_id = t.id),
       d.id, d.number, p.id, coalesce(p.reg_number, s.number), coalesce(p.year, s.year),
       m.id, m.number, m.title,
       t.controller_id, coalesce(mem.full_name, ''),
       (SELECT count(*) FROM deadline_change x WHERE x.task_id = t.id AND x.status = 'granted')
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

fn row_from(r: &Row) -> rusqlite::Result<TaskRow> {
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

fn read_facts(tx: &rusqlite::Connection, id: i64) -> Result<(TaskFacts, i64, Option<i64>)> {
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
        .ok_or(StoreError::NotFound)?;
    let status = TaskStatus::from_code(&status).ok_or(StoreError::NotFound)?;
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
fn touch(tx: &Transaction, id: i64, version: i64, set: &str, args: &[Value]) -> Result<()> {
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
        Err(StoreError::Conflict)
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

/// The statement for one page of `q` and its arguments. Reading backwards (Before, Last)
/// flips the order; the caller reverses the rows.
fn page_sql(
    q: &Query,
    cx: &QueryContext,
    page: Page,
    limit: usize,
    hint: Option<(i64, i64)>,
) -> (String, Vec<Value>) {
    let plan = plan_for(q, hint, limit);
    let (mut sql, mut args) = filter(q, cx, plan);
    let by_deadline = q.sort.by_deadline();
    let desc = q.sort.descending();
    let backwards = matches!(page, Page::Last | Page::Before(_));
    let key_cond = |op: &str, k: TaskKey, args: &mut Vec<Value>| -> String {
        args.push(Value::Integer(k.id));
        let id = args.len();
        if by_deadline {
            args.push(day(k.deadline));
            format!(" AND (t.deadline, t.id) {op} (?{}, ?{id})", args.len())
        } else {
            format!(" AND t.id {op} ?{id}")
        }
    };
    let (gt, ge, lt) = if desc {
        ("<", "<=", ">")
    } else {
        (">", ">=", "<")
    };
    match page {
        Page::First | Page::Last => {}
        Page::After(k) => sql.push_str(&key_cond(gt, k, &mut args)),
        Page::From(k) => sql.push_str(&key_cond(ge, k, &mut args)),
        Page::Before(k) => sql.push_str(&key_cond(lt, k, &mut args)),
    }
    let dir = if desc != backwards { "DESC" } else { "ASC" };
    let order = if by_deadline {
        format!("t.deadline {dir}, t.id {dir}")
    } else {
        format!("t.id {dir}")
    };
    args.push(Value::Integer(limit as i64));
    let n = args.len();
    let full = match plan {
        Plan::Gathered => format!(
            "{ROW_SELECT} WHERE t.id IN (SELECT t.id FROM task t WHERE {sql}
                                         ORDER BY {order} LIMIT ?{n})
             ORDER BY {order}"
        ),
        // Open tasks in deadline order: their own index, closed ones never read.
        _ if by_deadline && only_open(q) => format!(
            "{} WHERE {sql} ORDER BY {order} LIMIT ?{n}",
            ROW_SELECT.replacen(
                "FROM task t\n",
                "FROM task t INDEXED BY task_open_deadline\n",
                1
            )
        ),
        _ => format!("{ROW_SELECT} WHERE {sql} ORDER BY {order} LIMIT ?{n}"),
    };
    (full, args)
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn day(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

impl Store {
    /// One page of the tasks `q` selects, at most `limit` rows, in the query's order.
    pub fn tasks_page(
        &self,
        q: &Query,
        cx: &QueryContext,
        page: Page,
        limit: usize,
    ) -> Result<Vec<TaskRow>> {
        let (full, args) = page_sql(q, cx, page, limit, self.count_hint(q, cx)?);
        let mut st = self.conn.prepare_cached(&full)?;
        let rows = st.query_map(params_from_iter(args.iter()), row_from)?;
        let mut out: Vec<TaskRow> = rows.collect::<rusqlite::Result<_>>()?;
        if matches!(page, Page::Last | Page::Before(_)) {
            out.reverse();
        }
        Ok(out)
    }

    /// How many tasks `q` selects.
    pub fn tasks_count(&self, q: &Query, cx: &QueryContext) -> Result<i64> {
        let (sql, args) = filter(q, cx, Plan::Count);
        let mut st = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM task t WHERE {sql}"))?;
        let n: i64 = st.query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        self.last_count.set(Some((query_key(q, cx), n)));
        Ok(n)
    }

    /// For a selective query counted just before: (its count, about how many tasks there
    /// are), to choose how its pages are read. The count may be stale; only the speed is.
    fn count_hint(&self, q: &Query, cx: &QueryContext) -> Result<Option<(i64, i64)>> {
        match self.last_count.get() {
            Some((key, n)) if selective(q) && key == query_key(q, cx) => {
                let total: Option<i64> =
                    self.conn
                        .query_row("SELECT max(rowid) FROM task", [], |r| r.get(0))?;
                Ok(Some((n, total.unwrap_or(0))))
            }
            _ => Ok(None),
        }
    }

    /// The plan SQLite makes for the first page of `q` (for tests of the indexes). For a
    /// selective query, whose few matches are gathered and sorted by key first, the plan
    /// of that inner pick comes first.
    pub fn tasks_first_page_plan(
        &self,
        q: &Query,
        cx: &QueryContext,
        limit: usize,
    ) -> Result<String> {
        let (full, args) = page_sql(q, cx, Page::First, limit, self.count_hint(q, cx)?);
        let mut st = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {full}"))?;
        let rows = st.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
    }

    /// Give a task (one transaction, with its audit row; the search index follows by
    /// trigger). Returns its id.
    pub fn add_task(&mut self, t: &NewTask) -> Result<i64> {
        let text = t.text.trim().to_string();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO task(text, executor_id, controller_id, deadline, created_at, search)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    text,
                    t.executor_id,
                    t.controller_id,
                    t.deadline,
                    now_stamp(),
                    fold(&text)
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit(tx, "create", "task", id, &text)?;
            Ok(id)
        })
    }

    /// Open tasks due from today to today + `days`.
    pub fn count_due_within(&self, today: NaiveDate, days: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT count(*) FROM task WHERE status IN {OPEN} AND deadline BETWEEN ?1 AND ?2"
            ),
            params![today, today + chrono::Duration::days(days)],
            |r| r.get(0),
        )?)
    }

    pub fn task(&self, id: i64) -> Result<TaskRow> {
        self.conn
            .query_row(&format!("{ROW_SELECT} WHERE t.id = ?1"), [id], row_from)
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// A task with its full history, oldest first.
    pub fn task_detail(&self, id: i64) -> Result<TaskDetail> {
        let row = self.task(id)?;
        let (responsible_person, cancel_reason): (String, String) = self.conn.query_row(
            "SELECT responsible_person, cancel_reason FROM task WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut history = Vec::new();
        let audits: Vec<(String, String, String, String)> = {
            let mut st = self.conn.prepare_cached(
                "SELECT at, user, action, detail FROM audit_log
                  WHERE entity = 'task' AND entity_id = ?1 ORDER BY id",
            )?;
            st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let created_by = audits
            .iter()
            .find(|a| a.2 == "create")
            .map_or(String::new(), |a| a.1.clone());
        history.push(HistoryEntry {
            at: row.created_at.clone(),
            who: created_by,
            event: Event::Created,
        });
        let mut st = self.conn.prepare_cached(
            "SELECT report_date, is_final, doc_number, text, created_at, created_by
               FROM execution_report WHERE task_id = ?1 ORDER BY created_at, id",
        )?;
        for r in st.query_map([id], |r| {
            Ok(HistoryEntry {
                at: r.get(4)?,
                who: r.get(5)?,
                event: Event::Report {
                    date: r.get(0)?,
                    is_final: r.get(1)?,
                    doc_number: r.get(2)?,
                    text: r.get(3)?,
                },
            })
        })? {
            history.push(r?);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT old_deadline, new_deadline, reason, requested_at, decided_at, decided_by,
                    status, id
               FROM deadline_change WHERE task_id = ?1 ORDER BY requested_at, id",
        )?;
        let changes: Vec<ChangeRow> = st
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (old, new, reason, asked, decided, by, status, change_id) in changes {
            let asked_by = audits
                .iter()
                .find(|a| a.2 == "request extension" && a.3 == change_id.to_string())
                .map_or(String::new(), |a| a.1.clone());
            history.push(HistoryEntry {
                at: asked,
                who: asked_by,
                event: Event::ExtensionRequested { old, new, reason },
            });
            if let Some(at) = decided {
                history.push(HistoryEntry {
                    at,
                    who: by,
                    event: Event::ExtensionDecided {
                        granted: status == "granted",
                        new,
                    },
                });
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT date, step, doc_number, note, decided_by FROM escalation
              WHERE task_id = ?1 ORDER BY date, id",
        )?;
        let escalations: Vec<(String, String, String, String, String)> = st
            .query_map([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (at, step, doc_number, note, who) in escalations {
            if let Some(step) = EscalationStep::ALL.into_iter().find(|s| s.code() == step) {
                history.push(HistoryEntry {
                    at,
                    who,
                    event: Event::Escalation {
                        step,
                        doc_number,
                        note,
                    },
                });
            }
        }
        let mut st = self.conn.prepare_cached(
            "SELECT c.changed_at, c.changed_by, c.reason,
                    a.id, a.name_ky, a.name_ru, b.id, b.name_ky, b.name_ru
               FROM executor_change c
               JOIN organization a ON a.id = c.old_executor
               JOIN organization b ON b.id = c.new_executor
              WHERE c.task_id = ?1 ORDER BY c.changed_at, c.id",
        )?;
        for r in st.query_map([id], |r| {
            Ok(HistoryEntry {
                at: r.get(0)?,
                who: r.get(1)?,
                event: Event::Reassigned {
                    reason: r.get(2)?,
                    from: OrgName {
                        id: r.get(3)?,
                        ky: r.get(4)?,
                        ru: r.get(5)?,
                    },
                    to: OrgName {
                        id: r.get(6)?,
                        ky: r.get(7)?,
                        ru: r.get(8)?,
                    },
                },
            })
        })? {
            history.push(r?);
        }
        // Closing: from the audit when recorded here, else from the task itself.
        let closing = audits.iter().find(|a| a.2 == "close" || a.2 == "cancel");
        if let Some(closed_at) = &row.closed_at {
            let who = closing.map_or(String::new(), |a| a.1.clone());
            let at = closing.map_or(closed_at.clone(), |a| a.0.clone());
            let event = if row.status == TaskStatus::Cancelled {
                Event::Cancelled(cancel_reason.clone())
            } else {
                Event::Closed(row.status)
            };
            if !row.status.is_open() {
                history.push(HistoryEntry { at, who, event });
            }
        }
        history.sort_by(|a, b| a.at.cmp(&b.at));
        Ok(TaskDetail {
            row,
            responsible_person,
            cancel_reason,
            history,
        })
    }

    /// What the rules need to know of a task now (to explain before asking).
    pub fn task_facts(&self, id: i64) -> Result<TaskFacts> {
        read_facts(&self.conn, id).map(|f| f.0)
    }

    /// The cap on granted extensions (setting `tasks.extension_cap`, default 2).
    pub fn extension_cap(&self) -> Result<i64> {
        Ok(self
            .setting("tasks.extension_cap")?
            .and_then(|v| v.trim().parse().ok())
            .filter(|n: &i64| *n >= 0)
            .unwrap_or(rules::DEFAULT_EXTENSION_CAP))
    }

    /// Record an execution report; an assigned task goes in progress.
    pub fn record_report(
        &mut self,
        task_id: i64,
        version: i64,
        report: &NewReport,
        today: NaiveDate,
    ) -> Result<i64> {
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            rules::check_report(&f, report.date, today)?;
            let next = rules::status_after_report(f.status);
            touch(tx, task_id, version, "status = ?1", &[text(next.code())])?;
            tx.execute(
                "INSERT INTO execution_report(task_id, report_date, text, doc_number, is_final,
                                              created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    task_id,
                    report.date,
                    report.text.trim(),
                    report.doc_number.trim(),
                    report.is_final,
                    now_stamp(),
                    current_user()
                ],
            )?;
            let id = tx.last_insert_rowid();
            let kind = if report.is_final { "final" } else { "interim" };
            audit(
                tx,
                "report",
                "task",
                task_id,
                &format!("{kind} {} {}", report.date, report.doc_number.trim()),
            )?;
            Ok(id)
        })
    }

    /// Take the task off control on its final report: done on time or late.
    pub fn close_task(&mut self, task_id: i64, version: i64) -> Result<TaskStatus> {
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            let status = rules::check_close(&f)?;
            touch(
                tx,
                task_id,
                version,
                "status = ?1, closed_at = ?2",
                &[text(status.code()), text(&now_stamp())],
            )?;
            audit(tx, "close", "task", task_id, status.code())?;
            Ok(status)
        })
    }

    /// Ask for a later deadline (the task waits for the controller's decision).
    pub fn request_extension(
        &mut self,
        task_id: i64,
        version: i64,
        new_deadline: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let cap = self.extension_cap()?;
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            rules::check_extension_request(&f, new_deadline, reason, cap, today)?;
            touch(
                tx,
                task_id,
                version,
                "status = ?1",
                &[text(TaskStatus::ExtensionRequested.code())],
            )?;
            tx.execute(
                "INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason,
                                             requested_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'requested')",
                params![
                    task_id,
                    f.deadline,
                    new_deadline,
                    reason.trim(),
                    now_stamp()
                ],
            )?;
            let change = tx.last_insert_rowid();
            audit(
                tx,
                "request extension",
                "task",
                task_id,
                &change.to_string(),
            )
        })
    }

    /// The waiting request's new deadline, if one waits.
    pub fn pending_extension(&self, task_id: i64) -> Result<Option<NaiveDate>> {
        Ok(self
            .conn
            .query_row(
                "SELECT new_deadline FROM deadline_change
                  WHERE task_id = ?1 AND status = 'requested' ORDER BY id DESC LIMIT 1",
                [task_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Grant (moving the deadline) or refuse the waiting extension request.
    pub fn decide_extension(
        &mut self,
        task_id: i64,
        version: i64,
        grant: bool,
        actor: &Actor,
    ) -> Result<()> {
        let cap = self.extension_cap()?;
        self.write(|tx| {
            let (f, _, controller) = read_facts(tx, task_id)?;
            rules::check_decision(&f, grant, cap)?;
            if grant && !rules::may_grant(actor, controller) {
                return Err(rules::TaskError::NotController.into());
            }
            let (change, new): (i64, NaiveDate) = tx
                .query_row(
                    "SELECT id, new_deadline FROM deadline_change
                      WHERE task_id = ?1 AND status = 'requested' ORDER BY id DESC LIMIT 1",
                    [task_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(rules::TaskError::NoExtensionRequest)?;
            let reported: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM execution_report WHERE task_id = ?1)",
                [task_id],
                |r| r.get(0),
            )?;
            let next = rules::status_after_decision(reported);
            if grant {
                touch(
                    tx,
                    task_id,
                    version,
                    "status = ?1, deadline = ?2",
                    &[text(next.code()), day(new)],
                )?;
            } else {
                touch(tx, task_id, version, "status = ?1", &[text(next.code())])?;
            }
            tx.execute(
                "UPDATE deadline_change SET status = ?1, decided_at = ?2, decided_by = ?3,
                        version = version + 1
                  WHERE id = ?4",
                params![
                    if grant { "granted" } else { "refused" },
                    now_stamp(),
                    actor.login,
                    change
                ],
            )?;
            audit(
                tx,
                if grant {
                    "grant extension"
                } else {
                    "refuse extension"
                },
                "task",
                task_id,
                &format!("{change} {new}"),
            )
        })
    }

    /// Cancel with a reason; nothing is deleted.
    pub fn cancel_task(&mut self, task_id: i64, version: i64, reason: &str) -> Result<()> {
        self.write(|tx| {
            let (f, ..) = read_facts(tx, task_id)?;
            rules::check_cancel(&f, reason)?;
            touch(
                tx,
                task_id,
                version,
                "status = 'cancelled', closed_at = ?1, cancel_reason = ?2",
                &[text(&now_stamp()), text(reason.trim())],
            )?;
            // A request still waiting is refused with the task.
            tx.execute(
                "UPDATE deadline_change SET status = 'refused', decided_at = ?1, decided_by = ?2,
                        version = version + 1
                  WHERE task_id = ?3 AND status = 'requested'",
                params![now_stamp(), current_user(), task_id],
            )?;
            audit(tx, "cancel", "task", task_id, reason.trim())
        })
    }

    /// Give the task to another executor; the change is kept in its history.
    pub fn reassign_task(
        &mut self,
        task_id: i64,
        version: i64,
        executor: i64,
        reason: &str,
    ) -> Result<()> {
        self.write(|tx| {
            let (f, from, _) = read_facts(tx, task_id)?;
            rules::check_reassign(&f, from, executor, reason)?;
            touch(
                tx,
                task_id,
                version,
                "executor_id = ?1",
                &[Value::Integer(executor)],
            )?;
            // The new executor is no longer its own co-executor.
            tx.execute(
                "DELETE FROM task_co_executor WHERE task_id = ?1 AND organization_id = ?2",
                params![task_id, executor],
            )?;
            tx.execute(
                "INSERT INTO executor_change(task_id, old_executor, new_executor, reason,
                                             changed_at, changed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    task_id,
                    from,
                    executor,
                    reason.trim(),
                    now_stamp(),
                    current_user()
                ],
            )?;
            audit(
                tx,
                "reassign",
                "task",
                task_id,
                &format!("{from} -> {executor}: {}", reason.trim()),
            )
        })
    }

    /// The HQ member a login is known as: by the e-mail's local part, or by a word of the
    /// name (folded). Active members only; the first by id when several match.
    pub fn member_for_login(&self, login: &str) -> Result<Option<i64>> {
        let login = fold(login.trim());
        if login.is_empty() {
            return Ok(None);
        }
        let mut st = self.conn.prepare_cached(
            "SELECT id, email, full_name FROM member WHERE active = 1 ORDER BY id",
        )?;
        let rows: Vec<(i64, String, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows.into_iter().find_map(|(id, email, name)| {
            let local = fold(email.split('@').next().unwrap_or(""));
            let by_mail = !local.is_empty() && local == login;
            let by_name = fold(&name).split_whitespace().any(|w| w == login);
            (by_mail || by_name).then_some(id)
        }))
    }

    /// Saved views of the task list: (name, query), by name.
    pub fn task_views(&self) -> Result<Vec<(String, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT substr(key, 12), value FROM setting WHERE key LIKE 'tasks.view.%'
              ORDER BY key COLLATE ky",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Save (or replace) a named view of the task list.
    pub fn save_task_view(&mut self, name: &str, query: &str) -> Result<()> {
        let name = name.trim();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO setting(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![format!("tasks.view.{name}"), query.trim()],
            )?;
            audit(
                tx,
                "save view",
                "setting",
                0,
                &format!("{name}: {}", query.trim()),
            )
        })
    }

    pub fn delete_task_view(&mut self, name: &str) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute(
                "DELETE FROM setting WHERE key = ?1",
                [format!("tasks.view.{}", name.trim())],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            audit(tx, "delete view", "setting", 0, name.trim())
        })
    }
}
