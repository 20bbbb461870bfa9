//! The trend: each month's figures as of its own last day, through the monthly report's own
//! `figures` (one code path, so a month of the trend equals that month's report).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Result, Stamp, Store, reports};
use crate::domain::report::{Figures, Month, TaskFigures};
use crate::domain::trend::{OrgMonth, Trend, TrendMonth};

/// What a trend was asked for: (last month, how many months, today).
type Key = (Month, usize, NaiveDate);

/// The trend and the organizations' trends last computed, kept until the database changes
/// (the Reports and Compliance tabs read them on every visit).
#[derive(Default)]
pub(crate) struct TrendCache {
    city: std::cell::RefCell<Option<(Stamp, Key, Trend)>>,
    organizations: std::cell::RefCell<Option<(Stamp, Key, OrgTrends)>>,
}

/// Every organization's months, by its id.
type OrgTrends = HashMap<i64, Vec<OrgMonth>>;

/// A map by ids of our own, looked up once a task: hashed fast rather than with SipHash.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// The months of `Trend::span(last, n)` a trend shows on `today`: those begun by then.
fn months_shown(last: Month, n: usize, today: NaiveDate) -> Vec<Month> {
    Trend::span(last, n)
        .into_iter()
        .filter(|m| m.first() <= today)
        .collect()
}

/// The trend's months, read on `c` (a transaction too: an issued report freezes them).
pub(super) fn months(
    c: &rusqlite::Connection,
    last: Month,
    n: usize,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<TrendMonth>> {
    let mut out = Vec::with_capacity(n);
    let shown = months_shown(last, n, today);
    let tasks = read_span(c, &shown, today)?;
    for (i, month) in shown.iter().copied().enumerate() {
        let as_of = month.as_of(today);
        let (figures, _) = reports::figures_using(c, month, as_of, &mut |at, f| {
            tasks.figures(c, month, as_of, at, f)
        })?;
        out.push(TrendMonth {
            month,
            as_of,
            figures,
        });
        progress(i + 1, shown.len());
    }
    Ok(out)
}

/// The tasks that can count in any of `months` (oldest first) as of their days.
fn read_span(c: &rusqlite::Connection, months: &[Month], today: NaiveDate) -> Result<Tasks> {
    let first = months.first().map_or(today, |m| m.first());
    let last = months.iter().map(|m| m.as_of(today)).max().unwrap_or(today);
    Tasks::read(c, first, last)
}

impl Store {
    /// The `n` months ending with `last`, each as of `Month::as_of(today)`; months after
    /// `today`'s are left out. Kept until the database changes.
    pub fn trend(&self, last: Month, n: usize, today: NaiveDate) -> Result<Trend> {
        self.trend_with_progress(last, n, today, &mut |_, _| {})
    }

    /// [`Store::trend`], telling `progress` (months done, months) as they are counted.
    pub fn trend_with_progress(
        &self,
        last: Month,
        n: usize,
        today: NaiveDate,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Trend> {
        let stamp = self.stamp()?;
        let key = (last, n, today);
        if let Some((s, k, t)) = &*self.cache.trend.city.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(t.clone());
        }
        let trend = Trend {
            months: months(&self.conn, last, n, today, progress)?,
        };
        *self.cache.trend.city.borrow_mut() = Some((stamp, key, trend.clone()));
        Ok(trend)
    }

    /// Every organization's months (key: its id), oldest first, as [`Store::trend`] shows
    /// them: its tasks as executor at each month's end, by the monthly report's definitions.
    /// An organization with nothing in a month has that month with zeros. Kept until the
    /// database changes.
    pub fn organization_trends(
        &self,
        last: Month,
        n: usize,
        today: NaiveDate,
    ) -> Result<HashMap<i64, Vec<OrgMonth>>> {
        let stamp = self.stamp()?;
        let key = (last, n, today);
        if let Some((s, k, t)) = &*self.cache.trend.organizations.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(t.clone());
        }
        let months = months_shown(last, n, today);
        let mut out: HashMap<i64, Vec<OrgMonth>> = HashMap::new();
        {
            let mut st = self.conn.prepare_cached("SELECT id FROM organization")?;
            for id in st.query_map([], |r| r.get::<_, i64>(0))? {
                out.insert(id?, months.iter().map(|m| OrgMonth::empty(*m)).collect());
            }
        }
        let tasks = read_span(&self.conn, &months, today)?;
        for (i, month) in months.iter().enumerate() {
            for (org, m) in tasks.by_executor(*month, month.as_of(today)) {
                if let Some(slot) = out.get_mut(&org).and_then(|v| v.get_mut(i)) {
                    *slot = m;
                }
            }
        }
        *self.cache.trend.organizations.borrow_mut() = Some((stamp, key, out.clone()));
        Ok(out)
    }

    /// One organization's months, oldest first (see [`Store::organization_trends`]; read
    /// from it, so moving between organizations costs nothing once it is kept).
    pub fn organization_trend(
        &self,
        org_id: i64,
        last: Month,
        n: usize,
        today: NaiveDate,
    ) -> Result<Vec<OrgMonth>> {
        let stamp = self.stamp()?;
        let key = (last, n, today);
        if let Some((s, k, t)) = &*self.cache.trend.organizations.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(t.get(&org_id).cloned().unwrap_or_default());
        }
        Ok(self
            .organization_trends(last, n, today)?
            .remove(&org_id)
            .unwrap_or_default())
    }
}

/// A date, or a stamp's date part: the text's first ten bytes ("YYYY-MM-DD"), zero-padded.
/// Compared with a whole day's text by `>=` or `<` it orders as the text itself does (a
/// longer stamp with the same date is at or after that day), with no allocation per task.
type Day = [u8; 10];

fn day(text: &str) -> Day {
    day_bytes(text.as_bytes())
}

fn day_bytes(b: &[u8]) -> Day {
    let mut d = [0u8; 10];
    let n = b.len().min(10);
    d[..n].copy_from_slice(&b[..n]);
    d
}

fn day_of(date: NaiveDate) -> Day {
    day(&date.format("%Y-%m-%d").to_string())
}

/// A value a task had before a change: `stamp` when it changed, `key` the stamp with the
/// change's id (ties), `old` the value before.
struct Change<T> {
    key: String,
    stamp: String,
    old: T,
}

/// The change that holds the value at D: the first (by key) made after D (stamp on or
/// after `next`).
fn first_after<'a, T>(changes: &'a [Change<T>], next: &str) -> Option<&'a T> {
    changes
        .iter()
        .filter(|c| c.stamp.as_str() >= next)
        .min_by(|a, b| a.key.cmp(&b.key))
        .map(|c| &c.old)
}

/// A task with what changed in it: read once, then taken as of each month's end.
struct TaskLine {
    created: Day,
    closed: Option<Day>,
    on_time: bool,
    late: bool,
    deadline: Option<Day>,
    executor: i64,
    measure: Option<i64>,
    /// What changed after the task was given; most tasks have nothing (no allocation).
    changes: Option<Box<Changes>>,
}

/// The values a task had before each change.
#[derive(Default)]
struct Changes {
    deadlines: Vec<Change<Option<Day>>>,
    executors: Vec<Change<Option<i64>>>,
    measures: Vec<Change<Option<i64>>>,
}

static NO_CHANGES: Changes = Changes {
    deadlines: Vec::new(),
    executors: Vec::new(),
    measures: Vec::new(),
};

/// One task's part of a month's figures.
struct TaskAt {
    executor: i64,
    measure: Option<i64>,
    t: TaskFigures,
}

type ChangeRow = (i64, String, String, rusqlite::types::Value);

/// Every task and its changes, read once, so each month is one pass in memory. The monthly
/// report counts its tasks through this too (one code path); `reports::oracle` reads the
/// same rules in SQL in a test and holds the two equal.
pub(super) struct Tasks(Vec<TaskLine>);

impl Tasks {
    /// The tasks that can count in a month from `first` (its first day) to `last` (the
    /// last month's as-of day): given by then, and not closed before `first` unless given
    /// after it (the same rule as [`Tasks::at`], for the whole span, so a superset of each
    /// month's). Read from the covering index `task_as_of`, the text borrowed, not copied.
    pub(super) fn read(
        c: &rusqlite::Connection,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Tasks> {
        use rusqlite::types::Value;
        // The changes first, by task (few), so the many tasks are only looked up in them.
        let mut changed: FastMap<i64, Box<Changes>> = FastMap::default();
        let rows = |sql: &str| -> Result<Vec<ChangeRow>> {
            let mut st = c.prepare_cached(sql)?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let text = |v: Value| match v {
            Value::Text(t) => Some(day(&t)),
            _ => None,
        };
        let int = |v: Value| match v {
            Value::Integer(i) => Some(i),
            _ => None,
        };
        for (task, stamp, key, old) in rows(
            "SELECT task_id, decided_at, decided_at || printf('%012d', id), old_deadline
               FROM deadline_change WHERE status = 'granted' AND decided_at IS NOT NULL",
        )? {
            let old = text(old);
            let at = changed.entry(task).or_default();
            at.deadlines.push(Change { key, stamp, old });
        }
        for (task, stamp, key, old) in rows(
            "SELECT task_id, changed_at, changed_at || printf('%012d', id), old_executor
               FROM executor_change WHERE changed_at IS NOT NULL",
        )? {
            let old = int(old);
            let at = changed.entry(task).or_default();
            at.executors.push(Change { key, stamp, old });
        }
        for (task, stamp, key, old) in rows(
            "SELECT task_id, changed_at, changed_at || printf('%012d', id), old_measure
               FROM task_measure_change WHERE changed_at IS NOT NULL",
        )? {
            let old = int(old);
            let at = changed.entry(task).or_default();
            at.measures.push(Change { key, stamp, old });
        }
        let mut lines = Vec::new();
        let next = last.succ_opt().unwrap_or(last);
        let mut st = c.prepare_cached(
            "SELECT id, created_at, closed_at, status, deadline, executor_id, measure_id
               FROM task
              WHERE created_at < ?2 AND (closed_at IS NULL OR closed_at >= ?1 OR created_at >= ?1)",
        )?;
        let mut rows = st.query(rusqlite::params![first, next])?;
        // Text borrowed from the row, its bytes taken as they are (a day's ten digits and
        // dashes need no UTF-8 check: it was a tenth of the trend); anything else (never so
        // in the schema) as none.
        let text = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<Option<Day>> {
            Ok(match r.get_ref(i)? {
                rusqlite::types::ValueRef::Text(b) => Some(day_bytes(b)),
                _ => None,
            })
        };
        while let Some(r) = rows.next()? {
            let status = match r.get_ref(3)? {
                rusqlite::types::ValueRef::Text(b) => b,
                _ => b"",
            };
            let (on_time, late) = (status == b"done_on_time", status == b"done_late");
            let Some(created) = text(r, 1)? else {
                continue;
            };
            let changes = if changed.is_empty() {
                None
            } else {
                changed.remove(&r.get::<_, i64>(0)?)
            };
            lines.push(TaskLine {
                created,
                closed: text(r, 2)?,
                on_time,
                late,
                deadline: text(r, 4)?,
                executor: r.get(5)?,
                measure: r.get(6)?,
                changes,
            });
        }
        Ok(Tasks(lines))
    }

    /// Each task that counts for `month` as of `as_of` (given by D; given in M or not
    /// closed before M), with its executor, measure and figures at D.
    fn at(&self, month: Month, as_of: NaiveDate) -> impl Iterator<Item = TaskAt> + '_ {
        let first = day_of(month.first());
        let after = as_of.succ_opt().unwrap_or(as_of);
        let next_text = after.format("%Y-%m-%d").to_string();
        let next = day_of(after);
        let day = day_of(as_of);
        self.0.iter().filter_map(move |x| {
            let created = x.created;
            let closed = x.closed;
            if created >= next || !(closed.is_none_or(|c| c >= first) || created >= first) {
                return None;
            }
            let ch = x.changes.as_deref().unwrap_or(&NO_CHANGES);
            let deadline = match first_after(&ch.deadlines, &next_text) {
                Some(Some(d)) => Some(*d),
                _ => x.deadline,
            };
            let executor = first_after(&ch.executors, &next_text)
                .and_then(|e| *e)
                .unwrap_or(x.executor);
            let measure = match first_after(&ch.measures, &next_text) {
                Some(old) => *old,
                None => x.measure,
            };
            let closed_in = closed.is_some_and(|c| c >= first && c < next);
            let open = closed.is_none_or(|c| c >= next);
            let t = TaskFigures {
                given: i64::from(created >= first),
                done_on_time: i64::from(x.on_time && closed_in),
                done_late: i64::from(x.late && closed_in),
                open: i64::from(open),
                overdue: i64::from(open && deadline.is_some_and(|d| d < day)),
            };
            Some(TaskAt {
                executor,
                measure,
                t,
            })
        })
    }

    /// The task figures of `month` as of `as_of` into `f`, overall and by kind at D; the
    /// overdue tasks by measure.
    pub(super) fn figures(
        &self,
        c: &rusqlite::Connection,
        month: Month,
        as_of: NaiveDate,
        params: &[&dyn rusqlite::ToSql],
        f: &mut Figures,
    ) -> Result<HashMap<i64, i64>> {
        let kinds = reports::kinds_at(c, params)?;
        let mut by_measure: FastMap<i64, i64> = FastMap::default();
        // Summed by executor first (few), in the order each first appears, then by kind: a
        // kind's place in the figures is still where its first task puts it, and the kind
        // is looked up once an executor, not once a task.
        let mut by_executor: Vec<(i64, TaskFigures)> = Vec::new();
        let mut place: FastMap<i64, usize> = FastMap::default();
        for x in self.at(month, as_of) {
            if let Some(m) = x.measure {
                *by_measure.entry(m).or_insert(0) += x.t.overdue;
            }
            f.tasks.add(&x.t);
            let i = *place.entry(x.executor).or_insert_with(|| {
                by_executor.push((x.executor, TaskFigures::default()));
                by_executor.len() - 1
            });
            by_executor[i].1.add(&x.t);
        }
        for (executor, t) in &by_executor {
            if let Some(kind) = kinds.get(executor) {
                f.kind_mut(kind).tasks.add(t);
            }
        }
        Ok(by_measure.into_iter().collect())
    }

    /// Every executor's overdue and executed tasks of `month` as of `as_of`.
    fn by_executor(&self, month: Month, as_of: NaiveDate) -> FastMap<i64, OrgMonth> {
        let mut out: FastMap<i64, OrgMonth> = FastMap::default();
        for x in self.at(month, as_of) {
            let o = out
                .entry(x.executor)
                .or_insert_with(|| OrgMonth::empty(month));
            o.overdue += x.t.overdue;
            o.done_on_time += x.t.done_on_time;
            o.done_late += x.t.done_late;
        }
        out
    }
}
