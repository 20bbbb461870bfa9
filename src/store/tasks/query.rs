//! The task list: filters, keyset pages, counts, and saved views.

use crate::store::Refusal;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::listing::{BASE_SELECT, Base, Listed, TABLE_SELECT, base_from, listed_from, sort_base};
use super::{
    OPEN, OPEN_CODES, Page, QueryContext, ROW_SELECT, TaskKey, TaskRow, day, one_of, row_from,
};
use crate::domain::query::{Controller, Query, StatusFilter};
use crate::store::{Result, Store, StoreError, audit};

fn like(phrase: &str) -> String {
    let escaped = phrase
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An FTS5 query: every word or phrase must appear, the last word of each as a prefix —
/// unless that word is a single character, matched only whole: "к*" would gather the
/// lists of thousands of words (most of the tasks; 0.3 s at 1M tasks) while the next
/// letter is being typed.
fn fts_match(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let last = w.split_whitespace().last().unwrap_or("");
            let star = if last.chars().count() > 1 { "*" } else { "" };
            format!("\"{}\"{star}", w.replace('"', "\"\""))
        })
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

/// Words and nothing else that filters (the order does not change a count).
fn only_words(q: &Query) -> bool {
    !q.words.is_empty()
        && *q
            == Query {
                words: q.words.clone(),
                sort: q.sort,
                ..Query::default()
            }
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

/// The stored statuses a status filter stands for, as an SQL list; None for "overdue"
/// (a deadline decides, not the status).
fn stored_codes(statuses: &[StatusFilter]) -> Option<String> {
    use crate::domain::work::TaskStatus;
    let mut codes: Vec<&str> = Vec::new();
    for s in statuses {
        let more: Vec<TaskStatus> = match s {
            StatusFilter::Open => TaskStatus::ALL
                .into_iter()
                .filter(|x| x.is_open())
                .collect(),
            StatusFilter::Overdue => return None,
            StatusFilter::Done => vec![TaskStatus::DoneOnTime, TaskStatus::DoneLate],
            StatusFilter::Closed => TaskStatus::ALL
                .into_iter()
                .filter(|x| !x.is_open())
                .collect(),
            StatusFilter::Stored(x) => vec![*x],
        };
        codes.extend(more.iter().map(|x| x.code()));
    }
    codes.sort_unstable();
    codes.dedup();
    Some(
        codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// Is `id` in the bit set?
fn contains(set: &[u64], id: i64) -> bool {
    usize::try_from(id)
        .ok()
        .and_then(|i| set.get(i / 64).map(|w| w >> (i % 64) & 1 == 1))
        .unwrap_or(false)
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
    /// Every match at once, the full-text index leading (as `f`) and each task row read by
    /// its id: the words are a MATCH on `f`, not a list of ids built first.
    Joined,
    /// Every match at once, the table read whole (many match): each term tested in place.
    Scan,
}

/// Ordered, unless a selective term picks out few tasks: gathering and sorting n keys costs
/// about n, reading in order about limit × total / n, so a selective query is read in order
/// when its last count (`matches`, of `total`) says it matches more than √(limit × total).
fn plan_for(q: &Query, hint: Option<(i64, i64)>, limit: usize) -> Plan {
    if !selective(q) {
        return Plan::Ordered;
    }
    // A session's tasks lie together in deadline and in number (decided on one day): read
    // in order, the page's end may lie past most of the table (150 ms at 1M tasks).
    if q.session.is_some() {
        return Plan::Gathered;
    }
    match hint {
        Some((matches, total)) if (matches as f64) >= ((limit as f64) * (total as f64)).sqrt() => {
            Plan::Ordered
        }
        _ => Plan::Gathered,
    }
}

/// The side of the (one) organization phrase a statement reads: executor or co-executor (the
/// OR), executor, co-executor not the executor. The OR made SQLite fetch every task of the
/// organizations (or test every overdue one); the executor side is an index range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OrgSide {
    Both,
    Executor,
    CoOnly,
}

/// One organization phrase the only selective term, not read in the list's order: its
/// statement is read as the executor side and the co-executor side, joined.
fn split_org(q: &Query, plan: Plan) -> bool {
    plan != Plan::Ordered
        && q.orgs.len() == 1
        && q.words.is_empty()
        && q.session.is_none()
        && q.measure.is_none()
        && !matches!(q.controller, Some(Controller::Name(_)))
}

/// The WHERE clauses of both sides of a [`split_org`] query; the arguments are the same.
fn split_filter(q: &Query, cx: &QueryContext, plan: Plan) -> (String, String, Vec<Value>) {
    let (exec, args) = filter_side(q, cx, plan, OrgSide::Executor);
    let (co, co_args) = filter_side(q, cx, plan, OrgSide::CoOnly);
    debug_assert_eq!(args, co_args);
    (exec, co, args)
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
    filter_side(q, cx, plan, OrgSide::Both)
}

/// As [`filter`], the first organization phrase read from `side` alone. On the executor
/// side the statuses lead with the executor, on its index.
fn filter_side(q: &Query, cx: &QueryContext, plan: Plan, side: OrgSide) -> (String, Vec<Value>) {
    let ordered = plan == Plan::Ordered;
    let st = if side != OrgSide::Executor && (ordered || plan == Plan::Scan || selective(q)) {
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
                StatusFilter::Open => one_of(st, &OPEN_CODES),
                StatusFilter::Overdue => format!(
                    "({} AND t.deadline < {})",
                    one_of(st, &OPEN_CODES),
                    arg(Value::Text(today.clone()), &mut args)
                ),
                StatusFilter::Done => one_of(st, &["done_on_time", "done_late"]),
                StatusFilter::Closed => one_of(st, &["done_on_time", "done_late", "cancelled"]),
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
    for (i, phrase) in q.orgs.iter().enumerate() {
        let p = arg(Value::Text(like(phrase)), &mut args);
        let orgs = format!("SELECT id FROM organization WHERE search LIKE {p} ESCAPE '\\'");
        let co = format!(
            "SELECT c.task_id FROM organization o
               CROSS JOIN task_co_executor c ON c.organization_id = o.id
              WHERE o.search LIKE {p} ESCAPE '\\'"
        );
        let term = match side {
            OrgSide::Executor if i == 0 => format!(" AND t.executor_id IN ({orgs})"),
            // The executor is never NULL: NOT IN is the OR's other side exactly.
            OrgSide::CoOnly if i == 0 => {
                format!(" AND t.id IN ({co}) AND +t.executor_id NOT IN ({orgs})")
            }
            _ => format!(" AND ({lead}t.executor_id IN ({orgs}) OR {lead}t.id IN ({co}))"),
        };
        sql.push_str(&term);
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
            // A login linked to no member has no tasks of its own, never everyone's: a
            // comparison with NULL matches nothing and is planned as a member's would be.
            None => {
                let p = arg(Value::Null, &mut args);
                sql.push_str(&format!(" AND t.controller_id = {p}"));
            }
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
        if plan == Plan::Joined {
            sql.push_str(&format!(" AND f.task_fts MATCH {p}"));
        } else {
            sql.push_str(&format!(
                " AND {lead}t.id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH {p})"
            ));
        }
    }
    (sql, args)
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
    page_sql_of(ROW_SELECT, q, cx, page, limit, hint)
}

/// As [`page_sql`], the columns `select` names (it ends in "FROM task t\n").
fn page_sql_of(
    select: &str,
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
    let key = match page {
        Page::First | Page::Last => String::new(),
        Page::After(k) => key_cond(gt, k, &mut args),
        Page::From(k) => key_cond(ge, k, &mut args),
        Page::Before(k) => key_cond(lt, k, &mut args),
    };
    sql.push_str(&key);
    let dir = if desc != backwards { "DESC" } else { "ASC" };
    let order_of = |t: &str| {
        if by_deadline {
            format!("{t}deadline {dir}, {t}id {dir}")
        } else {
            format!("{t}id {dir}")
        }
    };
    let order = order_of("t.");
    args.push(Value::Integer(limit as i64));
    let n = args.len();
    let full = match plan {
        Plan::Gathered if split_org(q, plan) => {
            // The keys of both sides of the organization, sorted together.
            let (exec, co, _) = split_filter(q, cx, plan);
            let keys = "SELECT t.id AS id, t.deadline AS deadline FROM task t WHERE";
            let by = order_of("");
            format!(
                "{select} WHERE t.id IN (SELECT id FROM ({keys} {exec}{key} UNION ALL {keys} {co}{key})
                                         ORDER BY {by} LIMIT ?{n}) ORDER BY {order}"
            )
        }
        Plan::Gathered => format!(
            "{select} WHERE t.id IN (SELECT t.id FROM task t WHERE {sql}
                                     ORDER BY {order} LIMIT ?{n})
             ORDER BY {order}"
        ),
        // Open tasks in deadline order: their own index, closed ones never read.
        _ if by_deadline && only_open(q) => format!(
            "{} WHERE {sql} ORDER BY {order} LIMIT ?{n}",
            select.replacen(
                "FROM task t\n",
                "FROM task t INDEXED BY task_open_deadline\n",
                1
            )
        ),
        _ => format!("{select} WHERE {sql} ORDER BY {order} LIMIT ?{n}"),
    };
    (full, args)
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

    /// Every task `q` selects, in its order (`shtab tasks`): the task rows in one statement,
    /// their names from maps (`listing`), sorted here — SQLite's sorter would copy every
    /// row's record twice. Words: the full-text index's matches lead, in id order. Another
    /// selective query's few matches are read from its term's index; a query matching many
    /// tasks (an eighth or more, by its count) reads the table in order of storage, since an
    /// index in deadline order would fetch each row's page anew.
    pub fn tasks_all(&self, q: &Query, cx: &QueryContext) -> Result<Vec<TaskRow>> {
        let mut base = self.read_all(q, cx, BASE_SELECT, base_from)?;
        sort_base(
            &mut base,
            Base::place,
            q.sort.by_deadline(),
            q.sort.descending(),
        );
        self.complete(base)
    }

    /// As [`Store::tasks_all`], what the table of `shtab tasks` shows: no co-executors,
    /// controller or extensions, the texts in one buffer, the names not copied into rows.
    pub fn tasks_listed(&self, q: &Query, cx: &QueryContext) -> Result<Listed> {
        let mut texts = String::new();
        let rows = self.read_all(q, cx, TABLE_SELECT, |r| listed_from(r, &mut texts))?;
        // Sorted by small keys, then the rows picked in their order: a sort moves its
        // elements many times, and a row is five times a key.
        let mut keys: Vec<(NaiveDate, i64, usize)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r.deadline, r.id, i))
            .collect();
        let place = |k: &(NaiveDate, i64, usize)| (k.0, k.1);
        sort_base(&mut keys, place, q.sort.by_deadline(), q.sort.descending());
        let rows = keys.iter().map(|k| rows[k.2]).collect();
        self.listed(rows, texts)
    }

    /// The statement [`Store::tasks_listed`] reads its rows with, and its arguments, with
    /// the file mapped as the listing maps it: for the bench that times SQLite's part of a
    /// listing alone (`cargo bench --bench store -- listing`).
    #[doc(hidden)]
    pub fn listing_statement(&self, q: &Query, cx: &QueryContext) -> Result<(String, Vec<Value>)> {
        self.statement_all(q, cx, TABLE_SELECT)
    }

    /// The statement that selects the rows `q` selects, unsorted, by `select` (which ends
    /// in "FROM task t\n"), and its arguments.
    fn statement_all(
        &self,
        q: &Query,
        cx: &QueryContext,
        select: &str,
    ) -> Result<(String, Vec<Value>)> {
        let joined = !q.words.is_empty();
        let wide = !selective(q) && {
            let n = self.tasks_count(q, cx)?;
            let total: Option<i64> =
                self.conn
                    .query_row("SELECT max(rowid) FROM task", [], |r| r.get(0))?;
            n.saturating_mul(8) >= total.unwrap_or(0)
        };
        let plan = match (joined, wide) {
            (true, _) => Plan::Joined,
            (false, true) => Plan::Scan,
            (false, false) => Plan::Count,
        };
        let (sql, args) = filter(q, cx, plan);
        let select = if joined {
            select.replacen(
                "FROM task t\n",
                "FROM task_fts f CROSS JOIN task t ON t.id = f.rowid\n",
                1,
            )
        } else if wide {
            select.replacen("FROM task t\n", "FROM task t NOT INDEXED\n", 1)
        } else {
            select.to_string()
        };
        self.map_for_listing();
        let full = if split_org(q, plan) {
            let (exec, co, _) = split_filter(q, cx, plan);
            format!("{select} WHERE {exec}\n UNION ALL {select} WHERE {co}")
        } else {
            format!("{select} WHERE {sql}")
        };
        Ok((full, args))
    }

    /// The rows `q` selects, unsorted, read by `select` (which ends in "FROM task t\n").
    fn read_all<T>(
        &self,
        q: &Query,
        cx: &QueryContext,
        select: &str,
        read: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let (full, args) = self.statement_all(q, cx, select)?;
        let mut st = self.conn.prepare(&full)?;
        let rows = st
            .query_map(params_from_iter(args.iter()), read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// How many tasks `q` selects.
    pub fn tasks_count(&self, q: &Query, cx: &QueryContext) -> Result<i64> {
        let n: i64 = if let Some(n) = self.tally_count(q)? {
            n
        } else if let Some(n) = self.count_within_statuses(q, cx)? {
            n
        } else if only_words(q) {
            // Words alone: counted in the full-text index's lists, no task row visited
            // (the index holds exactly the tasks: triggers keep it so).
            let mut st = self
                .conn
                .prepare_cached("SELECT count(*) FROM task_fts WHERE task_fts MATCH ?1")?;
            st.query_row([fts_match(&q.words)], |r| r.get(0))?
        } else if split_org(q, Plan::Count) {
            let (exec, co, args) = split_filter(q, cx, Plan::Count);
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT (SELECT count(*) FROM task t WHERE {exec})
                      + (SELECT count(*) FROM task t WHERE {co})"
            ))?;
            st.query_row(params_from_iter(args.iter()), |r| r.get(0))?
        } else {
            let (sql, args) = filter(q, cx, Plan::Count);
            let mut st = self
                .conn
                .prepare_cached(&format!("SELECT count(*) FROM task t WHERE {sql}"))?;
            st.query_row(params_from_iter(args.iter()), |r| r.get(0))?
        };
        self.last_count.set(Some((query_key(q, cx), n)));
        Ok(n)
    }

    /// The count of stored statuses alone, or of one organization's phrase alone, from the
    /// tally the triggers keep (migration 0015) instead of an index entry per task:
    /// `status:open` is half a million entries at 1M tasks. None for other queries.
    fn tally_count(&self, q: &Query) -> Result<Option<i64>> {
        let bare = Query {
            sort: q.sort,
            ..Query::default()
        };
        if !q.statuses.is_empty()
            && *q
                == (Query {
                    statuses: q.statuses.clone(),
                    ..bare.clone()
                })
        {
            let Some(codes) = stored_codes(&q.statuses) else {
                return Ok(None);
            };
            let mut st = self.conn.prepare_cached(&format!(
                "SELECT coalesce(sum(n), 0) FROM task_tally WHERE status IN ({codes})"
            ))?;
            return Ok(Some(st.query_row([], |r| r.get(0))?));
        }
        let [phrase] = q.orgs.as_slice() else {
            return Ok(None);
        };
        if *q
            != (Query {
                orgs: q.orgs.clone(),
                ..bare
            })
        {
            return Ok(None);
        }
        // The executor is one of the organizations (the tally), or else a co-executor is:
        // those few are found from the side that has fewer tasks.
        let orgs = "SELECT id FROM organization WHERE search LIKE ?1 ESCAPE '\\'";
        let (inside, outside): (i64, i64) = self.conn.query_row(
            &format!(
                "SELECT coalesce(sum(CASE WHEN executor_id IN ({orgs}) THEN n END), 0),
                        coalesce(sum(CASE WHEN executor_id IN ({orgs}) THEN 0 ELSE n END), 0)
                   FROM task_tally"
            ),
            [like(phrase)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let co = if outside <= inside {
            format!(
                "SELECT count(*) FROM task t
                  WHERE t.executor_id IN (SELECT id FROM organization WHERE id NOT IN ({orgs}))
                    AND EXISTS (SELECT 1 FROM task_co_executor c
                                 WHERE c.task_id = t.id AND c.organization_id IN ({orgs}))"
            )
        } else {
            format!(
                // The executor from the narrow (id, executor) index, not the wide row.
                "SELECT count(*) FROM task t INDEXED BY task_id_executor
                  WHERE t.id IN (SELECT c.task_id FROM task_co_executor c
                                  WHERE c.organization_id IN ({orgs}))
                    AND t.executor_id NOT IN ({orgs})"
            )
        };
        let mut st = self.conn.prepare_cached(&co)?;
        let more: i64 = st.query_row([like(phrase)], |r| r.get(0))?;
        Ok(Some(inside + more))
    }

    /// The count of statuses with selective terms (`status:open интернет`): the terms' task
    /// ids read from their own index (or the full-text index) alone, each looked up in the
    /// set of the tasks with those statuses, kept until the database changes (the same
    /// statuses stay while words are typed). Visiting every match's row for its status cost
    /// 2 µs a match: 110 ms for 50,000 at 1M tasks; reading the set of open tasks, 40 ms.
    /// None when the terms' matches are too few to be worth reading the set (their rows
    /// are visited instead), or for other queries.
    fn count_within_statuses(&self, q: &Query, cx: &QueryContext) -> Result<Option<i64>> {
        // An organization's statuses are counted on the executor index (`split_org`).
        if q.statuses.is_empty() || !selective(q) || split_org(q, Plan::Count) {
            return Ok(None);
        }
        let rest = Query {
            statuses: Vec::new(),
            ..q.clone()
        };
        let (sql, args) = if only_words(&rest) {
            (
                "SELECT rowid FROM task_fts WHERE task_fts MATCH ?1".to_string(),
                vec![Value::Text(fts_match(&rest.words))],
            )
        } else {
            let (sql, args) = filter(&rest, cx, Plan::Count);
            (format!("SELECT t.id FROM task t WHERE {sql}"), args)
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let ids = st
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let statuses = Query {
            statuses: q.statuses.clone(),
            ..Query::default()
        };
        let (sql, args) = filter(&statuses, cx, Plan::Count);
        let sql = format!("SELECT t.id FROM task t WHERE {sql}");
        let set = match self.kept_ids(&sql, &args)? {
            Some(set) => set,
            None => {
                let total: Option<i64> =
                    self.conn
                        .query_row("SELECT max(rowid) FROM task", [], |r| r.get(0))?;
                if (ids.len() as i64).saturating_mul(64) < total.unwrap_or(0) {
                    return Ok(None);
                }
                self.read_ids(&sql, &args)?
            }
        };
        Ok(Some(
            ids.iter().filter(|id| contains(&set, **id)).count() as i64
        ))
    }

    /// The set of ids `sql` selects, if kept and nothing changed since it was read.
    fn kept_ids(&self, sql: &str, args: &[Value]) -> Result<Option<std::sync::Arc<Vec<u64>>>> {
        let stamp = self.stamp()?;
        let key = format!("{sql} {args:?}");
        Ok(match &*self.cache.task_ids.borrow() {
            Some((s, k, set)) if *s == stamp && *k == key => Some(set.clone()),
            _ => None,
        })
    }

    /// The ids `sql` selects as a bit set, kept (the last one) until the database changes.
    fn read_ids(&self, sql: &str, args: &[Value]) -> Result<std::sync::Arc<Vec<u64>>> {
        let stamp = self.stamp()?;
        let mut bits: Vec<u64> = Vec::new();
        let mut st = self.conn.prepare_cached(sql)?;
        let mut rows = st.query(params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let Ok(id) = usize::try_from(r.get::<_, i64>(0)?) else {
                continue;
            };
            if bits.len() <= id / 64 {
                bits.resize(id / 64 + 1, 0);
            }
            bits[id / 64] |= 1 << (id % 64);
        }
        let set = std::sync::Arc::new(bits);
        let key = format!("{sql} {args:?}");
        *self.cache.task_ids.borrow_mut() = Some((stamp, key, set.clone()));
        Ok(set)
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
                return Err(StoreError::Refused(Refusal::NotFound));
            }
            audit(tx, "delete view", "setting", 0, name.trim())
        })
    }
}

#[cfg(test)]
#[path = "query_org_tests.rs"]
mod org_tests;

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;
