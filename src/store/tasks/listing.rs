//! Every task a query selects, at once (`shtab tasks`). The task rows are read alone; the
//! names they point to (organizations, members, plan measures, protocol points) come from
//! small tables read once into maps, and the co-executors and granted extensions of the
//! listed tasks in one pass each — not a join and two subqueries per row.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Row;

use super::{OrgName, Origin, TaskRow, bad};
use crate::domain::work::TaskStatus;
use crate::store::{Result, Store};

/// The task's own columns; the rest is looked up. Ends in "FROM task t\n" (a plan may
/// name the index after it).
pub(super) const BASE_SELECT: &str = "
SELECT t.id, t.text, t.deadline, t.status, t.version, t.created_at, t.closed_at,
       t.executor_id, t.decision_id, t.measure_id, t.controller_id
  FROM task t
";

/// A task row as read, before its names are looked up.
pub(super) struct Base {
    id: i64,
    text: String,
    deadline: NaiveDate,
    status: TaskStatus,
    version: i64,
    created_at: String,
    closed_at: Option<String>,
    executor_id: i64,
    decision_id: Option<i64>,
    measure_id: Option<i64>,
    controller_id: Option<i64>,
}

pub(super) fn base_from(r: &Row) -> rusqlite::Result<Base> {
    let status: String = r.get(3)?;
    Ok(Base {
        id: r.get(0)?,
        text: r.get(1)?,
        deadline: r.get(2)?,
        status: TaskStatus::from_code(&status)
            .ok_or_else(|| bad(3, format!("unknown task status {status}")))?,
        version: r.get(4)?,
        created_at: r.get(5)?,
        closed_at: r.get(6)?,
        executor_id: r.get(7)?,
        decision_id: r.get(8)?,
        measure_id: r.get(9)?,
        controller_id: r.get(10)?,
    })
}

/// The list's order: (deadline, id) or id, both descending when `desc` (as a page's
/// `ORDER BY` puts them). `key` gives a row's (deadline, id).
pub(super) fn sort_base<T>(
    rows: &mut [T],
    key: impl Fn(&T) -> (NaiveDate, i64),
    by_deadline: bool,
    desc: bool,
) {
    if by_deadline {
        rows.sort_unstable_by_key(|b| key(b));
    } else {
        rows.sort_unstable_by_key(|b| key(b).1);
    }
    if desc {
        rows.reverse();
    }
}

impl Base {
    pub(super) fn place(&self) -> (NaiveDate, i64) {
        (self.deadline, self.id)
    }
}

/// What the table of `shtab tasks` shows of a task, read from the statement without the
/// rest of a [`TaskRow`] (no co-executors, controller or extensions; one buffer for all
/// the texts). Ends in "FROM task t\n", as [`BASE_SELECT`].
pub(super) const TABLE_SELECT: &str = "
SELECT t.id, t.text, t.deadline, t.status, t.executor_id, t.decision_id, t.measure_id
  FROM task t
";

/// One listed task of a [`Listed`]; its text and names are asked of the listing.
#[derive(Debug, Clone, Copy)]
pub struct ListedRow {
    pub id: i64,
    pub deadline: NaiveDate,
    pub status: TaskStatus,
    pub executor_id: i64,
    decision_id: Option<i64>,
    measure_id: Option<i64>,
    /// The text's bytes in [`Listed::texts`].
    text: (usize, usize),
    /// The text has no character to clean before printing (checked as it is read, while
    /// its bytes are at hand: the table then reads each text once, in the list's order).
    clean: bool,
}

/// Every task a query selects, in its order, as the table shows them: the rows, their
/// texts in one buffer, the names they point to in maps (not cloned into each row).
pub struct Listed {
    pub rows: Vec<ListedRow>,
    texts: String,
    names: Names,
}

impl Listed {
    pub fn text(&self, r: &ListedRow) -> &str {
        self.texts.get(r.text.0..r.text.1).unwrap_or_default()
    }

    /// The text can be printed as it is ([`crate::domain::text::is_clean`]).
    pub fn text_is_clean(&self, r: &ListedRow) -> bool {
        r.clean
    }

    /// The executor (every listed row has one: a task without is left out, as a page's
    /// join leaves it out).
    pub fn executor(&self, r: &ListedRow) -> Option<&OrgName> {
        self.names.orgs.get(&r.executor_id)
    }

    /// The ids [`Listed::origin`] is made of: tasks with the same have the same origin.
    pub fn origin_ids(&self, r: &ListedRow) -> (Option<i64>, Option<i64>) {
        (r.decision_id, r.measure_id)
    }

    /// Where the task comes from, as a [`TaskRow`]'s `origin`.
    pub fn origin(&self, r: &ListedRow) -> Origin {
        self.names.origin(r.decision_id, r.measure_id)
    }
}

/// Printable ASCII and Cyrillic letters' bytes only (most texts): nothing to clean. One
/// pass without an early exit, so that it runs on many bytes at once.
fn plain(b: &[u8]) -> bool {
    b.iter().fold(true, |ok, &x| {
        ok & matches!(x, 0x20..=0x7E | 0x80..=0xBF | 0xD0..=0xD3)
    })
}

/// A text column as UTF-8, checked with SIMD (std's check was a tenth of a long listing).
fn text_of<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    let v = r.get_ref(i)?;
    let rusqlite::types::ValueRef::Text(b) = v else {
        return Ok(v.as_str()?);
    };
    match simdutf8::basic::from_utf8(b) {
        Ok(s) => Ok(s),
        // Not UTF-8: std's check says where, as rusqlite's own reading would.
        Err(_) => std::str::from_utf8(b).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        }),
    }
}

/// The row of a [`TABLE_SELECT`], its text added to `texts`.
pub(super) fn listed_from(r: &Row, texts: &mut String) -> rusqlite::Result<ListedRow> {
    let status = r.get_ref(3)?.as_str()?;
    let status = TaskStatus::from_code(status)
        .ok_or_else(|| bad(3, format!("unknown task status {status}")))?;
    let start = texts.len();
    let text = text_of(r, 1)?;
    let clean = plain(text.as_bytes()) || crate::domain::text::is_clean(text);
    texts.push_str(text);
    Ok(ListedRow {
        id: r.get(0)?,
        deadline: crate::store::day::day_at(r, 2)?,
        status,
        executor_id: r.get(4)?,
        decision_id: r.get(5)?,
        measure_id: r.get(6)?,
        text: (start, texts.len()),
        clean,
    })
}

/// A decision point's place: its point, protocol id, the protocol's number and year.
type Point = (String, i64, i64, i32);

/// A map by a small integer id, looked up once a listed row: hashed fast (not SipHash:
/// the keys are our own ids, not an attacker's).
type IdMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The small tables' names, read once.
struct Names {
    orgs: IdMap<i64, OrgName>,
    members: IdMap<i64, String>,
    /// A measure's number and its Kyrgyz and Russian titles.
    measures: IdMap<i64, (String, String, String)>,
    points: IdMap<i64, Point>,
}

impl Names {
    fn origin(&self, decision_id: Option<i64>, measure_id: Option<i64>) -> Origin {
        let point = decision_id.and_then(|d| Some((d, self.points.get(&d)?)));
        match point {
            Some((decision_id, (point, protocol_id, number, year))) => Origin::Protocol {
                protocol_id: *protocol_id,
                decision_id,
                number: *number,
                year: *year,
                point: point.clone(),
            },
            None => match measure_id.and_then(|m| Some((m, self.measures.get(&m)?))) {
                Some((measure_id, (number, title, title_ru))) => Origin::Measure {
                    measure_id,
                    number: number.clone(),
                    title: title.clone(),
                    title_ru: title_ru.clone(),
                },
                None => Origin::None,
            },
        }
    }
}

/// Above this many listed tasks, the co-executor and extension tables are read whole
/// (one scan) rather than looked up task by task.
pub(super) const SCAN_FROM: usize = 1_000;

impl Store {
    /// A listing reads many pages of the file: mapped, they are read without a copy
    /// through a system call each (the default cache holds 2 MB). No effect in memory.
    pub(super) fn map_for_listing(&self) {
        if self.path().is_some() {
            // The answer is the size SQLite allows; any is fine.
            let _: Option<i64> = self
                .conn
                .query_row("PRAGMA mmap_size = 268435456", [], |r| r.get(0))
                .ok();
        }
    }

    fn names(&self) -> Result<Names> {
        let c = &self.conn;
        let mut st = c.prepare_cached("SELECT id, name_ky, name_ru FROM organization")?;
        let orgs = st
            .query_map([], |r| {
                Ok(OrgName {
                    id: r.get(0)?,
                    ky: r.get(1)?,
                    ru: r.get(2)?,
                })
            })?
            .map(|o| o.map(|o| (o.id, o)))
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached("SELECT id, full_name FROM member")?;
        let members = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached("SELECT id, number, title, title_ru FROM plan_measure")?;
        let measures = st
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(
            "SELECT d.id, d.number, p.id, coalesce(p.reg_number, s.number), coalesce(p.year, s.year)
               FROM decision d
               LEFT JOIN protocol p ON p.id = d.protocol_id
               LEFT JOIN session s ON s.id = p.session_id",
        )?;
        let points = st
            .query_map([], |r| {
                let point: Option<String> = r.get(1)?;
                let point = (
                    point.unwrap_or_default(),
                    r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                    r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                    r.get::<_, Option<i32>>(4)?.unwrap_or(0),
                );
                Ok((r.get(0)?, point))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Names {
            orgs,
            members,
            measures,
            points,
        })
    }

    /// (task id → its co-executors' organization ids, in id order; task id → granted
    /// extensions) for the tasks `ids`.
    #[allow(clippy::type_complexity)]
    fn co_and_extensions(
        &self,
        ids: &[i64],
    ) -> Result<(HashMap<i64, Vec<i64>>, HashMap<i64, i64>)> {
        let mut co: HashMap<i64, Vec<i64>> = HashMap::new();
        let mut ext: HashMap<i64, i64> = HashMap::new();
        if ids.len() >= SCAN_FROM {
            let wanted: std::collections::HashSet<i64> = ids.iter().copied().collect();
            let mut st = self.conn.prepare_cached(
                "SELECT task_id, organization_id FROM task_co_executor
                  ORDER BY task_id, organization_id",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let task: i64 = r.get(0)?;
                if wanted.contains(&task) {
                    co.entry(task).or_default().push(r.get(1)?);
                }
            }
            let mut st = self.conn.prepare_cached(
                "SELECT task_id, count(*) FROM deadline_change WHERE status = 'granted'
                  GROUP BY task_id",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let task: i64 = r.get(0)?;
                if wanted.contains(&task) {
                    ext.insert(task, r.get(1)?);
                }
            }
        } else {
            let mut by_task = self.conn.prepare_cached(
                "SELECT organization_id FROM task_co_executor WHERE task_id = ?1
                  ORDER BY organization_id",
            )?;
            let mut granted = self.conn.prepare_cached(
                "SELECT count(*) FROM deadline_change WHERE task_id = ?1 AND status = 'granted'",
            )?;
            for &id in ids {
                let orgs: Vec<i64> = by_task
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if !orgs.is_empty() {
                    co.insert(id, orgs);
                }
                let n: i64 = granted.query_row([id], |r| r.get(0))?;
                if n > 0 {
                    ext.insert(id, n);
                }
            }
        }
        Ok((co, ext))
    }

    /// The rows of a [`TABLE_SELECT`] with the names they point to; a task whose executor
    /// is missing is left out, as in [`Store::complete`].
    pub(super) fn listed(&self, mut rows: Vec<ListedRow>, texts: String) -> Result<Listed> {
        let names = self.names()?;
        rows.retain(|r| names.orgs.contains_key(&r.executor_id));
        Ok(Listed { rows, texts, names })
    }

    /// The rows as the list shows them: the names looked up in maps. A task whose executor
    /// is missing is left out, as the join of a page leaves it out.
    pub(super) fn complete(&self, base: Vec<Base>) -> Result<Vec<TaskRow>> {
        let names = self.names()?;
        let ids: Vec<i64> = base.iter().map(|b| b.id).collect();
        let (mut co, ext) = self.co_and_extensions(&ids)?;
        let mut out = Vec::with_capacity(base.len());
        for b in base {
            let Some(executor) = names.orgs.get(&b.executor_id).cloned() else {
                continue;
            };
            let co_executors = co
                .remove(&b.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|o| names.orgs.get(&o).cloned())
                .collect();
            let origin = names.origin(b.decision_id, b.measure_id);
            let controller = b
                .controller_id
                .and_then(|m| names.members.get(&m).cloned())
                .unwrap_or_default();
            out.push(TaskRow {
                id: b.id,
                text: b.text,
                deadline: b.deadline,
                status: b.status,
                version: b.version,
                created_at: b.created_at,
                closed_at: b.closed_at,
                executor,
                co_executors,
                origin,
                controller_id: b.controller_id,
                controller,
                extensions: ext.get(&b.id).copied().unwrap_or(0),
            });
        }
        Ok(out)
    }
}
