//! Compliance: metrics per organization, the escalation ladder, outgoing letters.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::{OptionalExtension, params};

use super::day::{day_at, day_of_time_at};
use super::{Result, Store, audit};
use crate::domain::OrgKind;
use crate::domain::compliance::{self, OrgMetrics, Rules};
use crate::domain::session::Session;
use crate::domain::work::{EscalationStep, TaskStatus};

/// One step taken against an organization (or one of its tasks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub id: i64,
    pub organization_id: i64,
    pub task_id: Option<i64>,
    pub step: EscalationStep,
    pub date: NaiveDate,
    pub doc_number: String,
    pub decided_by: String,
    pub note: String,
    pub skip_reason: String,
}

/// A task of an organization, as its compliance detail lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskBrief {
    pub id: i64,
    pub text: String,
    pub deadline: NaiveDate,
    pub status: TaskStatus,
    /// "protocol 3/2026, p. 1.2" parts: the session label and the decision number.
    pub origin: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKind {
    Reminder,
    Warning,
    Summons,
    CoverLetter,
}

impl LetterKind {
    pub fn code(self) -> &'static str {
        match self {
            LetterKind::Reminder => "reminder",
            LetterKind::Warning => "warning",
            LetterKind::Summons => "summons",
            LetterKind::CoverLetter => "cover_letter",
        }
    }

    /// The letter that goes with a step, if one does.
    pub fn for_step(step: EscalationStep) -> Option<LetterKind> {
        match step {
            EscalationStep::Reminder => Some(LetterKind::Reminder),
            EscalationStep::Warning => Some(LetterKind::Warning),
            EscalationStep::Hearing => Some(LetterKind::Summons),
            EscalationStep::HigherBody | EscalationStep::LawEnforcement => {
                Some(LetterKind::CoverLetter)
            }
            EscalationStep::AdministrativeLiability => None,
        }
    }
}

const OPEN: &str = "('assigned','in_progress','extension_requested')";

/// A task as an organization's lists show it (`brief_from`), with its protocol's number.
const BRIEF_FROM: &str =
    "SELECT t.id, t.text, t.deadline, t.status, s.number || '/' || s.year, d.number
     FROM task t
     LEFT JOIN decision d ON d.id = t.decision_id
     LEFT JOIN protocol p ON p.id = d.protocol_id
     LEFT JOIN session s ON s.id = p.session_id";

fn step_from(code: &str) -> Option<EscalationStep> {
    EscalationStep::ALL.into_iter().find(|s| s.code() == code)
}

impl Store {
    pub fn compliance_rules(&self) -> Result<Rules> {
        Ok(self
            .setting("compliance.rules")?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default())
    }

    /// One row per organization with tasks (deadlines within `period` when given).
    pub fn compliance(
        &self,
        today: NaiveDate,
        kind: Option<OrgKind>,
        period: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<OrgMetrics>> {
        let stamp = self.stamp()?;
        let key = (today, kind, period);
        if let Some((s, k, rows)) = &*self.cache.compliance.borrow()
            && *s == stamp
            && *k == key
        {
            return Ok(rows.clone());
        }
        let rows = self.compute_compliance(today, kind, period)?;
        *self.cache.compliance.borrow_mut() = Some((stamp, key, rows.clone()));
        Ok(rows)
    }

    fn compute_compliance(
        &self,
        today: NaiveDate,
        kind: Option<OrgKind>,
        period: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<OrgMetrics>> {
        let orgs: HashMap<i64, (String, String, String)> = {
            let mut st = self.conn.prepare_cached(
                "SELECT id, name_ky, name_ru, kind FROM organization
                  WHERE ?1 IS NULL OR kind = ?1",
            )?;
            let rows = st.query_map(params![kind.map(|k| k.code())], |r| {
                Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // Tasks per executor and status: for all deadlines, the counts the triggers keep
        // (migration 0015); within a period, one pass over the executor index in its order.
        let mut metrics: BTreeMap<i64, OrgMetrics> = BTreeMap::new();
        for (org, status, n) in self.tasks_by_executor(period)? {
            let Some((ky, ru, kind)) = orgs.get(&org) else {
                continue;
            };
            let m = metrics.entry(org).or_insert_with(|| OrgMetrics {
                organization_id: org,
                name_ky: ky.clone(),
                name_ru: ru.clone(),
                kind: OrgKind::from_code(kind).unwrap_or(OrgKind::Organization),
                assigned: 0,
                done_on_time: 0,
                done_late: 0,
                cancelled: 0,
                open: 0,
                overdue_now: 0,
                extensions: 0,
                oldest_overdue_days: 0,
                overdue_months: 0,
                stage: None,
            });
            m.assigned += n;
            match TaskStatus::from_code(&status) {
                Some(TaskStatus::DoneOnTime) => m.done_on_time += n,
                Some(TaskStatus::DoneLate) => m.done_late += n,
                Some(TaskStatus::Cancelled) => m.cancelled += n,
                Some(x) if x.is_open() => m.open += n,
                _ => {}
            }
        }
        // Overdue now: the open tasks' index, organization by organization, only the entries
        // before today.
        let mut cutoffs: HashMap<i64, Option<NaiveDate>> = HashMap::new();
        let open = self.open_overdue(today, period)?;
        for &(org, n, oldest) in &open {
            if let Some(m) = metrics.get_mut(&org) {
                m.overdue_now = n;
                m.oldest_overdue_days = (today - oldest).num_days();
                cutoffs.insert(org, Some(oldest));
            }
        }
        // The months count every open task: the same rows when no period is chosen.
        let all_open = match period {
            None => open,
            Some(_) => self.open_overdue(today, None)?,
        };
        let mut out: Vec<OrgMetrics> = metrics.into_values().collect();
        for m in &out {
            cutoffs.entry(m.organization_id).or_insert(None);
        }
        let months = self.overdue_months(today, &all_open)?;
        let stages = self.stages(&cutoffs)?;
        let extensions = self.granted_extensions(period)?;
        for m in &mut out {
            m.extensions = extensions.get(&m.organization_id).copied().unwrap_or(0);
            m.overdue_months = months.get(&m.organization_id).copied().unwrap_or(0);
            m.stage = stages.get(&m.organization_id).copied();
        }
        compliance::sort_worst_first(&mut out);
        Ok(out)
    }

    /// Tasks per (executor, status): for all deadlines the counts the triggers keep
    /// (migration 0015: a few hundred rows, not every task); within a period, one pass over
    /// the executor index in its order.
    fn tasks_by_executor(
        &self,
        period: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<(i64, String, i64)>> {
        let row = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
        let rows = match period {
            None => {
                let mut st = self
                    .conn
                    .prepare_cached("SELECT executor_id, status, n FROM task_tally WHERE n > 0")?;
                st.query_map([], row)?.collect::<rusqlite::Result<_>>()?
            }
            Some((from, to)) => {
                // The `IS NULL OR` keeps the planner on the covering executor index (a bare
                // BETWEEN takes the deadline index and reads the table row by row).
                let mut st = self.conn.prepare_cached(
                    "SELECT t.executor_id, t.status, count(*) FROM task t
                      WHERE ?1 IS NULL OR t.deadline BETWEEN ?1 AND ?2
                      GROUP BY t.executor_id, t.status",
                )?;
                st.query_map(params![from, to], row)?
                    .collect::<rusqlite::Result<_>>()?
            }
        };
        Ok(rows)
    }

    /// Per organization (of the executors' index, so only organizations): its open tasks
    /// overdue on `today` (deadlines within `period`, when given), and the oldest deadline.
    fn open_overdue(
        &self,
        today: NaiveDate,
        period: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<Vec<(i64, i64, NaiveDate)>> {
        let (from, to) = period.map_or((None, None), |(a, b)| (Some(a), Some(b)));
        // Each organization's range of the index counted, and its oldest deadline read as
        // the range's first entry: a GROUP BY with min() compared every deadline (2.3 times
        // the instructions at 100k).
        let range = format!(
            "FROM task t INDEXED BY task_open_executor
              WHERE t.executor_id = o.id AND t.status IN {OPEN} AND t.deadline < ?1
                AND (?2 IS NULL OR t.deadline BETWEEN ?2 AND ?3)"
        );
        // Organizations with none are left out here: a WHERE on the count in SQL counted
        // each range twice (the subquery flattened into both places).
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT o.id, (SELECT count(*) {range}), (SELECT min(t.deadline) {range})
               FROM organization o"
        ))?;
        let rows = st.query_map(params![today, from, to], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<NaiveDate>>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            if let (org, n, Some(oldest)) = row?
                && n > 0
            {
                out.push((org, n, oldest));
            }
        }
        Ok(out)
    }

    /// Per organization: how many of the last six months saw one of its tasks overdue;
    /// `open` is [`Self::open_overdue`] of today for all deadlines.
    fn overdue_months(
        &self,
        today: NaiveDate,
        open: &[(i64, i64, NaiveDate)],
    ) -> Result<HashMap<i64, u32>> {
        let window: HashSet<(i32, u32)> = compliance::last_six_months(today).into_iter().collect();
        let start = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|d| d.checked_sub_months(chrono::Months::new(6)))
            .unwrap_or(today);
        // The months a task was overdue run from the day after its deadline to its closing
        // (today for an open one), so the union for tasks whose deadlines fall in one month
        // runs from the earliest deadline to the latest closing: `open` gives one per
        // organization (all end today); the tasks done late in the window come from their
        // partial index and the stretches ended by an extension granted to an overdue task
        // from the granted changes' (migration 0015), both gathered by month here (a GROUP
        // BY in SQL sorted them through a temporary b-tree: four times the cost).
        // The day a stretch ended is the first ten characters of a time, and it must come
        // after the deadline: both read and compared here (substr() in SQL cost more than
        // the rest of the row).
        let mut st = self.conn.prepare_cached(
            "SELECT t.executor_id, t.deadline, t.closed_at
               FROM task t INDEXED BY task_done_late_closed
              WHERE t.status = 'done_late' AND t.closed_at >= ?2 AND t.deadline < ?1
             UNION ALL
             -- An extension granted to an overdue task ends that stretch, never erases it.
             SELECT t.executor_id, dc.old_deadline, dc.decided_at
               FROM deadline_change dc INDEXED BY deadline_change_granted
               JOIN task t INDEXED BY task_id_executor ON t.id = dc.task_id
              WHERE dc.status = 'granted' AND dc.decided_at >= ?2",
        )?;
        let rows = st
            .query_map(params![today, start], |r| {
                Ok((r.get::<_, i64>(0)?, day_at(r, 1)?, day_of_time_at(r, 2)?))
            })?
            .filter(|row| {
                row.as_ref()
                    .map_or(true, |(_, deadline, until)| until > deadline)
            });
        let open = open
            .iter()
            .map(|&(org, _, oldest)| Ok((org, oldest, today)));
        let mut spans: FastMap<(i64, i32, u32), (NaiveDate, NaiveDate)> = FastMap::default();
        for row in open.chain(rows) {
            let (org, deadline, until) = row?;
            let span = spans
                .entry((org, deadline.year(), deadline.month()))
                .or_insert((deadline, until));
            *span = (span.0.min(deadline), span.1.max(until));
        }
        let mut seen: HashMap<i64, HashSet<(i32, u32)>> = HashMap::new();
        for ((org, _, _), (deadline, until)) in spans {
            let set = seen.entry(org).or_default();
            for ym in compliance::overdue_months(deadline, until) {
                if window.contains(&ym) {
                    set.insert(ym);
                }
            }
        }
        Ok(seen.into_iter().map(|(k, v)| (k, v.len() as u32)).collect())
    }

    /// Granted extensions per executor (of tasks with deadlines in `period`, when given):
    /// from the granted changes, not from every task.
    fn granted_extensions(
        &self,
        period: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<HashMap<i64, i64>> {
        let Some((from, to)) = period else {
            let mut st = self
                .conn
                .prepare_cached("SELECT executor_id, n FROM extension_tally WHERE n > 0")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            return Ok(rows.collect::<rusqlite::Result<_>>()?);
        };
        let mut st = self.conn.prepare_cached(
            "SELECT t.executor_id, count(*) FROM deadline_change dc
               JOIN task t ON t.id = dc.task_id
              WHERE dc.status = 'granted' AND (?1 IS NULL OR t.deadline BETWEEN ?1 AND ?2)
              GROUP BY t.executor_id",
        )?;
        let rows = st.query_map(params![from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The highest step taken against each organization since its oldest current failure
    /// (or ever, when nothing is overdue now).
    fn stages(
        &self,
        cutoffs: &HashMap<i64, Option<NaiveDate>>,
    ) -> Result<HashMap<i64, (EscalationStep, NaiveDate)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT organization_id, step, date FROM escalation ORDER BY date, id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, NaiveDate>(2)?,
            ))
        })?;
        let mut out: HashMap<i64, (EscalationStep, NaiveDate)> = HashMap::new();
        for row in rows {
            let (org, code, date) = row?;
            let Some(step) = step_from(&code) else {
                continue;
            };
            if let Some(Some(cutoff)) = cutoffs.get(&org)
                && date < *cutoff
            {
                continue;
            }
            let e = out.entry(org).or_insert((step, date));
            if step >= e.0 {
                *e = (step, date);
            }
        }
        Ok(out)
    }

    pub fn escalations(&self, organization_id: i64) -> Result<Vec<Escalation>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, organization_id, task_id, step, date, doc_number, decided_by, note,
                    skip_reason
             FROM escalation WHERE organization_id = ?1 ORDER BY date, id",
        )?;
        let rows = st.query_map([organization_id], |r| {
            let code: String = r.get(3)?;
            Ok(Escalation {
                id: r.get(0)?,
                organization_id: r.get(1)?,
                task_id: r.get(2)?,
                step: step_from(&code).unwrap_or(EscalationStep::Reminder),
                date: r.get(4)?,
                doc_number: r.get(5)?,
                decided_by: r.get(6)?,
                note: r.get(7)?,
                skip_reason: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record a step; the caller has checked the order (`compliance::check_step`).
    /// When the step has a letter, it gets the next outgoing number. Returns the id.
    pub fn record_escalation(&mut self, e: &Escalation) -> Result<i64> {
        self.write(|tx| {
            let mut doc_number = e.doc_number.trim().to_string();
            let letter = LetterKind::for_step(e.step);
            let register = match letter {
                Some(kind) if doc_number.is_empty() => {
                    let (n, text) = next_outgoing(tx, e.date.year())?;
                    doc_number = text.clone();
                    Some((kind, n, text))
                }
                _ => None,
            };
            tx.execute(
                "INSERT INTO escalation(organization_id, task_id, step, date, doc_number,
                                        decided_by, note, skip_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    e.organization_id,
                    e.task_id,
                    e.step.code(),
                    e.date,
                    doc_number,
                    e.decided_by.trim(),
                    e.note.trim(),
                    e.skip_reason.trim()
                ],
            )?;
            let id = tx.last_insert_rowid();
            if let Some((kind, n, text)) = register {
                tx.execute(
                    "INSERT INTO outgoing_letter(year, number, doc_number, date, kind,
                                                 organization_id, escalation_id, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        e.date.year(),
                        n,
                        text,
                        e.date,
                        kind.code(),
                        e.organization_id,
                        id,
                        super::current_user()
                    ],
                )?;
            }
            audit(
                tx,
                "escalate",
                "organization",
                e.organization_id,
                e.step.code(),
            )?;
            Ok(id)
        })
    }

    /// The tasks of an organization, open ones first, then by deadline.
    pub fn organization_tasks(&self, organization_id: i64) -> Result<Vec<TaskBrief>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{BRIEF_FROM} WHERE t.executor_id = ?1
             ORDER BY t.status IN {OPEN} DESC, t.deadline, t.id"
        ))?;
        let rows = st.query_map([organization_id], brief_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An organization's open tasks whose deadline is before `day` (those that can be
    /// overdue on it), by deadline: a hearing's paper lists them, and an organization's
    /// closed majority need not be read for it.
    pub fn organization_open_tasks_due_before(
        &self,
        organization_id: i64,
        day: NaiveDate,
    ) -> Result<Vec<TaskBrief>> {
        let mut st = self.conn.prepare_cached(&format!(
            "{BRIEF_FROM} WHERE t.executor_id = ?1 AND t.status IN {OPEN} AND t.deadline < ?2
             ORDER BY t.deadline, t.id"
        ))?;
        let rows = st.query_map(params![organization_id, day], brief_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The first `limit` of [`Store::organization_tasks`], in the same order, for a pane that
    /// shows a screenful: the keys are picked from the indexes first (open tasks in
    /// deadline order from their own index), and only those rows are read.
    pub fn organization_tasks_first(
        &self,
        organization_id: i64,
        limit: usize,
    ) -> Result<Vec<TaskBrief>> {
        // The closed tasks a status at a time: each in deadline order straight from
        // (executor, status, deadline), a few rows merged; "NOT IN open" sorted every closed
        // task of the organization (tens of ms a move on Compliance at 1M tasks, issue 17).
        let closed: String = crate::domain::work::TaskStatus::ALL
            .into_iter()
            .filter(|s| !s.is_open())
            .map(|s| {
                format!(
                    "UNION ALL
                     SELECT * FROM (SELECT t.id, 1, t.deadline FROM task t
                                     WHERE t.executor_id = ?1 AND t.status = '{}'
                                     ORDER BY t.deadline, t.id LIMIT ?2)\n",
                    s.code()
                )
            })
            .collect();
        let mut st = self.conn.prepare_cached(&format!(
            "WITH pick(id, k, deadline) AS (
                 SELECT * FROM (SELECT t.id, 0, t.deadline FROM task t
                                 WHERE t.executor_id = ?1 AND t.status IN {OPEN}
                                 ORDER BY t.deadline, t.id LIMIT ?2)
                 {closed})
             SELECT t.id, t.text, t.deadline, t.status, s.number || '/' || s.year, d.number
             FROM pick JOIN task t ON t.id = pick.id
             LEFT JOIN decision d ON d.id = t.decision_id
             LEFT JOIN protocol p ON p.id = d.protocol_id
             LEFT JOIN session s ON s.id = p.session_id
             ORDER BY pick.k, pick.deadline, pick.id
             LIMIT ?2"
        ))?;
        let rows = st.query_map(params![organization_id, limit as i64], brief_from)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The next session not yet held, on or after `today`.
    pub fn next_session(&self, today: NaiveDate) -> Result<Option<Session>> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM session WHERE date >= ?1 AND status IN ('planned','agenda_approved')
                 ORDER BY date, time LIMIT 1",
                [today],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| self.session(id)).transpose()
    }
}

/// A map by keys of our own (ids, months), hashed fast rather than with SipHash.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

fn brief_from(r: &rusqlite::Row) -> rusqlite::Result<TaskBrief> {
    let status: String = r.get(3)?;
    let label: Option<String> = r.get(4)?;
    let point: Option<String> = r.get(5)?;
    Ok(TaskBrief {
        id: r.get(0)?,
        text: r.get(1)?,
        deadline: r.get(2)?,
        status: TaskStatus::from_code(&status).unwrap_or(TaskStatus::Assigned),
        origin: label.zip(point),
    })
}

/// The next outgoing number of `year`: (n, "01-12/n"), after the highest of the year.
fn next_outgoing(tx: &rusqlite::Transaction, year: i32) -> Result<(i64, String)> {
    super::settings::next_outgoing_in(tx, year)
}
