//! The monthly report: its figures from the data, the draft narrative, and the register of
//! issued reports (frozen snapshots; the schema's triggers refuse any change to them).

use crate::store::{Failure, Refusal};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError, audit};
use crate::domain::report::{self, Figures, Issue, MeasureAtRisk, Month, MonthlyReport, Narrative};
use crate::domain::work::EscalationStep;

/// One entry of the register of issued reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedReport {
    pub id: i64,
    pub year: i32,
    pub number: i64,
    /// "YYYY-MM".
    pub month: String,
    /// "YYYY-MM-DDTHH:MM:SS".
    pub issued_at: String,
    pub issued_by: String,
    /// The label ("2/2026") of the report this one corrects.
    pub replaces: Option<String>,
    /// The label of the report that corrects this one, if any.
    pub replaced_by: Option<String>,
    pub payload: String,
}

impl IssuedReport {
    /// "3/2026".
    pub fn label(&self) -> String {
        format!("{}/{}", self.number, self.year)
    }

    /// The frozen report.
    pub fn report(&self) -> std::result::Result<MonthlyReport, report::ReadError> {
        report::read(&self.label(), &self.payload)
    }

    pub fn issued_on(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.issued_at.get(..10)?, "%Y-%m-%d").ok()
    }
}

// The state at the end of D, from the current rows and the values they had before each
// change after D (`*_change` tables; migration 0013). Every stamp or date before ?3 (the day
// after D, 'YYYY-MM-DD') is on or before D. The first change after D holds the value at D.

/// Sessions dated in M (?1..?2) and held: `held(id, kind)`. A protocol is written after its
/// session, so what it records counts for the session's month even when written after D.
const HELD_AT: &str = "
 held AS (SELECT s.id, s.kind FROM session s
           WHERE s.date BETWEEN ?1 AND ?2 AND s.status IN ('held','protocol_signed'))";

/// Every organization's kind at D: `kind_at(id, kind)`.
const KIND_AT: &str = "
 kc AS (SELECT organization_id, kind, min(changed_at || printf('%012d', id))
          FROM organization_kind_change WHERE changed_at >= ?3 GROUP BY +organization_id),
 kind_at AS (SELECT o.id, coalesce(kc.kind, o.kind) AS kind
               FROM organization o LEFT JOIN kc ON kc.organization_id = o.id)";

/// The measures in the plan by D with their values at D:
/// `ms(id, position, number, title, title_ru, deadline, done_at)`. A title the measure had
/// none of at D (empty then, or a change recorded before there were two: NULL) is the one it
/// has now: giving a missing title translates the measure, it does not change it, and a
/// past month's paper in that language can then be written.
const MEASURES_AT: &str = "
 mc AS (SELECT measure_id, number, title, title_ru, deadline, done_at,
               min(changed_at || printf('%012d', id))
          FROM plan_measure_change WHERE changed_at >= ?3 GROUP BY +measure_id),
 ms AS (SELECT m.id, m.position,
               CASE WHEN mc.measure_id IS NULL THEN m.number ELSE mc.number END AS number,
               CASE WHEN mc.measure_id IS NULL THEN m.title
                    ELSE coalesce(nullif(mc.title, ''), m.title) END AS title,
               CASE WHEN mc.measure_id IS NULL THEN m.title_ru
                    ELSE coalesce(nullif(mc.title_ru, ''), m.title_ru) END AS title_ru,
               CASE WHEN mc.measure_id IS NULL THEN m.deadline ELSE mc.deadline END AS deadline,
               CASE WHEN mc.measure_id IS NULL THEN m.done_at ELSE mc.done_at END AS done_at
          FROM plan_measure m LEFT JOIN mc ON mc.measure_id = m.id
         WHERE m.created_at IS NULL OR m.created_at < ?3)";

/// The figures of `month` as of `as_of` (D): every record as it stood at the end of D, so
/// the figures never change with what is done after D (see `domain::report::Figures` for
/// each definition).
pub(crate) fn figures(
    c: &Connection,
    month: Month,
    as_of: NaiveDate,
) -> Result<(Figures, Vec<MeasureAtRisk>)> {
    // The tasks' part is counted as the trend counts it (one code path for both).
    let tasks = super::trend::Tasks::read(c, month.first(), as_of)?;
    figures_using(c, month, as_of, &mut |at, f| {
        tasks.figures(c, month, as_of, at, f)
    })
}

/// The task figures of a month added to `f` (from `?1..?4`, see [`figures`]); returns the
/// tasks open and overdue at D by the measure they served at D.
pub(super) type TaskFiguresFn<'a> = dyn FnMut(&[&dyn rusqlite::ToSql], &mut Figures) -> Result<std::collections::HashMap<i64, i64>>
    + 'a;

/// [`figures`] with the task figures from `tasks` (the trend computes many months' at once).
pub(super) fn figures_using(
    c: &Connection,
    month: Month,
    as_of: NaiveDate,
    tasks: &mut TaskFiguresFn,
) -> Result<(Figures, Vec<MeasureAtRisk>)> {
    let (first, last) = (month.first(), month.last());
    let next = as_of
        .succ_opt()
        .unwrap_or(as_of)
        .format("%Y-%m-%d")
        .to_string();
    let mut f = Figures::default();
    let (regular, extraordinary): (i64, i64) = c.query_row(
        &format!(
            "WITH {HELD_AT}
             SELECT coalesce(sum(kind = 'regular'), 0), coalesce(sum(kind = 'extraordinary'), 0)
               FROM held"
        ),
        params![first, last],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    f.sessions_regular = regular;
    f.sessions_extraordinary = extraordinary;
    f.items_considered = c.query_row(
        &format!(
            "WITH {HELD_AT}
             SELECT count(*) FROM agenda_item a JOIN held s ON s.id = a.session_id
              WHERE a.outcome <> 'postponed'"
        ),
        params![first, last],
        |r| r.get(0),
    )?;
    {
        // An organization has one kind at D, so the kinds' counts add up to the total.
        let mut st = c.prepare_cached(&format!(
            "WITH {HELD_AT}, {KIND_AT}
             SELECT k.kind, count(DISTINCT x.organization_id)
               FROM agenda_item_organization x
               JOIN agenda_item a ON a.id = x.agenda_item_id
               JOIN held s ON s.id = a.session_id
               JOIN kind_at k ON k.id = x.organization_id
              WHERE a.kind = 'hearing' AND a.outcome <> 'postponed'
              GROUP BY k.kind"
        ))?;
        let rows = st.query_map(params![first, last, next], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (kind, n) = row?;
            f.kind_mut(&kind).organizations_heard = n;
            f.organizations_heard += n;
        }
    }
    f.decisions_adopted = c.query_row(
        &format!(
            "WITH {HELD_AT}
             SELECT count(*) FROM decision d
               JOIN protocol p ON p.id = d.protocol_id
               JOIN held s ON s.id = p.session_id"
        ),
        params![first, last],
        |r| r.get(0),
    )?;
    let at = params![first, last, next, as_of];
    let overdue_by_measure = tasks(at, &mut f)?;
    let at_risk = plan_figures(c, at, &mut f, &overdue_by_measure)?;
    let mut st = c.prepare_cached(
        "SELECT step, count(*) FROM escalation WHERE date BETWEEN ?1 AND ?2 GROUP BY step",
    )?;
    let rows = st.query_map(params![first, as_of], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (code, n) = row?;
        if let Some(step) = EscalationStep::ALL.into_iter().find(|s| s.code() == code) {
            *f.escalations.get_mut(step) = n;
        }
    }
    Ok((f, at_risk))
}

/// Every organization's kind at D (`at` as in [`figures`]).
pub(super) fn kinds_at(
    c: &Connection,
    at: &[&dyn rusqlite::ToSql],
) -> Result<std::collections::HashMap<i64, String>> {
    let mut kinds = std::collections::HashMap::new();
    let mut st = c.prepare_cached(&format!("WITH {KIND_AT} SELECT id, kind FROM kind_at"))?;
    let rows = st.query_map(&at[..3], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?)))?;
    for row in rows {
        let (id, kind) = row?;
        kinds.insert(id, kind);
    }
    Ok(kinds)
}

/// The plan figures of M and the measures at risk on D (not done on D, with a task that
/// served it overdue on D), in the plan's number order.
fn plan_figures(
    c: &Connection,
    at: &[&dyn rusqlite::ToSql],
    f: &mut Figures,
    overdue_by_measure: &std::collections::HashMap<i64, i64>,
) -> Result<Vec<MeasureAtRisk>> {
    // A measure is done on D when its done date (as it stood at D) is on or before D.
    let (measures, done_in_month, done_total, overdue): (i64, i64, i64, i64) = c.query_row(
        &format!(
            "WITH {MEASURES_AT}
             SELECT count(*),
                    coalesce(sum(substr(done_at, 1, 10) BETWEEN ?1 AND ?4), 0),
                    coalesce(sum(substr(done_at, 1, 10) <= ?4), 0),
                    coalesce(sum((done_at IS NULL OR substr(done_at, 1, 10) > ?4)
                                 AND deadline < ?4), 0)
               FROM ms"
        ),
        at,
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    f.plan.measures = measures;
    f.plan.done_in_month = done_in_month;
    f.plan.done_total = done_total;
    f.plan.overdue = overdue;
    let mut st = c.prepare_cached(&format!(
        "WITH {MEASURES_AT}
         SELECT id, number, title, title_ru FROM ms
          WHERE done_at IS NULL OR substr(done_at, 1, 10) > ?4
          ORDER BY position, id"
    ))?;
    let mut at_risk = Vec::new();
    let rows = st.query_map(at, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get(2)?,
            r.get(3)?,
        ))
    })?;
    for row in rows {
        let (id, number, title, title_ru) = row?;
        if let Some(&n) = overdue_by_measure.get(&id).filter(|n| **n > 0) {
            at_risk.push(MeasureAtRisk {
                number,
                title,
                title_ru,
                overdue_tasks: n,
            });
        }
    }
    at_risk.sort_by(|a, b| crate::domain::plan::cmp_numbers(&a.number, &b.number));
    f.plan.at_risk = at_risk.len() as i64;
    Ok(at_risk)
}

fn setting(c: &Connection, key: &str) -> Result<Option<String>> {
    Ok(
        c.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

fn draft(c: &Connection, month: Month) -> Result<Option<(Narrative, i64)>> {
    Ok(c.query_row(
        "SELECT narrative, narrative_ru, version FROM report_draft WHERE month = ?1",
        [month.to_string()],
        |r| {
            Ok((
                Narrative {
                    ky: r.get(0)?,
                    ru: r.get(1)?,
                },
                r.get(2)?,
            ))
        },
    )
    .optional()?)
}

/// The live report of `month` made on `today`: figures, the draft narrative, who reports.
pub(crate) fn build(c: &Connection, month: Month, today: NaiveDate) -> Result<MonthlyReport> {
    let as_of = month.as_of(today);
    let (figures, at_risk) = figures(c, month, as_of)?;
    let mut r = MonthlyReport::new(month, as_of, figures);
    r.measures_at_risk = at_risk;
    r.city = setting(c, "city")?.unwrap_or_else(|| "Токмок".to_string());
    r.hq_name = setting(c, "hq_name.ky")?.unwrap_or_else(|| {
        crate::i18n::Lang::Ky
            .strings()
            .agenda
            .doc_hq_name
            .to_string()
    });
    let n = draft(c, month)?.map(|d| d.0).unwrap_or_default();
    (r.narrative, r.narrative_ru) = (n.ky, n.ru);
    Ok(r)
}

const REGISTER: &str = "SELECT r.id, r.year, r.number, r.month, r.issued_at, r.issued_by,
            p.number || '/' || p.year,
            (SELECT n.number || '/' || n.year FROM report n WHERE n.replaces_id = r.id
             ORDER BY n.id DESC LIMIT 1),
            r.payload
     FROM report r LEFT JOIN report p ON p.id = r.replaces_id";

fn issued_from(r: &rusqlite::Row) -> rusqlite::Result<IssuedReport> {
    Ok(IssuedReport {
        id: r.get(0)?,
        year: r.get(1)?,
        number: r.get(2)?,
        month: r.get(3)?,
        issued_at: r.get(4)?,
        issued_by: r.get(5)?,
        replaces: r.get(6)?,
        replaced_by: r.get(7)?,
        payload: r.get(8)?,
    })
}

impl Store {
    /// The report of `month` as it stands today (a draft: not issued).
    pub fn monthly_report(&self, month: Month, today: NaiveDate) -> Result<MonthlyReport> {
        build(&self.conn, month, today)
    }

    /// The draft's Kyrgyz narrative of a month and its version (0 when none was saved yet).
    pub fn report_narrative(&self, month: Month) -> Result<(String, i64)> {
        self.report_narratives(month).map(|(n, v)| (n.ky, v))
    }

    /// The draft narrative of a month in both languages and its version (0: none saved yet).
    pub fn report_narratives(&self, month: Month) -> Result<(Narrative, i64)> {
        Ok(draft(&self.conn, month)?.unwrap_or_default())
    }

    /// Save the draft's Kyrgyz narrative (the Russian one kept); `version` is the one it was
    /// loaded at (0 for none).
    pub fn save_report_narrative(&mut self, month: Month, text: &str, version: i64) -> Result<()> {
        self.save_draft(month, text, None, version)
    }

    /// Save the draft narrative in both languages; `version` as for
    /// [`Store::save_report_narrative`].
    pub fn save_report_narratives(
        &mut self,
        month: Month,
        n: &Narrative,
        version: i64,
    ) -> Result<()> {
        self.save_draft(month, &n.ky, Some(&n.ru), version)
    }

    fn save_draft(&mut self, month: Month, ky: &str, ru: Option<&str>, version: i64) -> Result<()> {
        self.write(|tx| {
            let n = if version == 0 {
                tx.execute(
                    "INSERT OR IGNORE INTO report_draft(month, narrative, narrative_ru,
                                                        updated_at, updated_by)
                     VALUES (?1, ?2, coalesce(?3, ''), ?4, ?5)",
                    params![
                        month.to_string(),
                        ky,
                        ru,
                        super::now_stamp(),
                        super::current_user()
                    ],
                )?
            } else {
                tx.execute(
                    "UPDATE report_draft SET narrative = ?2,
                            narrative_ru = coalesce(?3, narrative_ru), updated_at = ?4,
                            updated_by = ?5, version = version + 1
                     WHERE month = ?1 AND version = ?6",
                    params![
                        month.to_string(),
                        ky,
                        ru,
                        super::now_stamp(),
                        super::current_user(),
                        version
                    ],
                )?
            };
            if n != 1 {
                return Err(StoreError::Refused(Refusal::Conflict));
            }
            audit(tx, "narrative", "report_draft", 0, &month.to_string())
        })
    }

    /// Freeze the report of `month` as made on `today`: the next number of the year of issue;
    /// when the month already has an issued report, the new one replaces the latest of them.
    pub fn issue_report(
        &mut self,
        month: Month,
        today: NaiveDate,
        issued_by: &str,
    ) -> Result<IssuedReport> {
        let issued_at = format!(
            "{}T{}",
            today.format("%Y-%m-%d"),
            chrono::Local::now().format("%H:%M:%S")
        );
        let id = self.write(|tx| {
            let (id, label) = issue(tx, month, today, &issued_at, issued_by)?;
            audit(tx, "issue", "report", id, &format!("{label} {month}"))?;
            Ok(id)
        })?;
        self.issued_report(id)
    }

    /// The register, newest first.
    pub fn issued_reports(&self) -> Result<Vec<IssuedReport>> {
        let mut st = self
            .conn
            .prepare_cached(&format!("{REGISTER} ORDER BY r.id DESC"))?;
        Ok(st
            .query_map([], issued_from)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn issued_report(&self, id: i64) -> Result<IssuedReport> {
        self.conn
            .query_row(&format!("{REGISTER} WHERE r.id = ?1"), [id], issued_from)
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))
    }

    /// The latest report issued for `month`, if any.
    pub fn latest_issued_report(&self, month: Month) -> Result<Option<IssuedReport>> {
        Ok(self
            .conn
            .query_row(
                &format!("{REGISTER} WHERE r.month = ?1 ORDER BY r.id DESC LIMIT 1"),
                [month.to_string()],
                issued_from,
            )
            .optional()?)
    }
}

/// Issue the report of `month` within `tx` (see [`Store::issue_report`]); returns its id and
/// label. The caller audits.
pub(crate) fn issue(
    tx: &rusqlite::Transaction,
    month: Month,
    today: NaiveDate,
    issued_at: &str,
    issued_by: &str,
) -> Result<(i64, String)> {
    let mut r = build(tx, month, today)?;
    r.trend = Some(super::trend::months(
        tx,
        month,
        crate::domain::trend::DEFAULT_MONTHS,
        today,
        &mut |_, _| {},
    )?);
    let year = today.year();
    let number: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM report WHERE year = ?1",
        [year],
        |r| r.get(0),
    )?;
    let replaces: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, number || '/' || year FROM report WHERE month = ?1
             ORDER BY id DESC LIMIT 1",
            [month.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    r.issue = Some(Issue {
        year,
        number,
        issued_at: issued_at.to_string(),
        issued_by: issued_by.to_string(),
        replaces: replaces.as_ref().map(|x| x.1.clone()),
    });
    let payload = serde_json::to_string(&r).map_err(|e| {
        StoreError::Failed(Failure::Sqlite(rusqlite::Error::ToSqlConversionFailure(
            e.into(),
        )))
    })?;
    let mut anchor = super::audit::anchor_of(tx)?;
    anchor.at = issued_at.to_string();
    let anchor = serde_json::to_string(&anchor).map_err(|e| {
        StoreError::Failed(Failure::Sqlite(rusqlite::Error::ToSqlConversionFailure(
            e.into(),
        )))
    })?;
    tx.execute(
        "INSERT INTO report(year, number, month, issued_at, issued_by, replaces_id,
                            narrative, narrative_ru, payload, audit_anchor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            year,
            number,
            month.to_string(),
            issued_at,
            issued_by,
            replaces.map(|x| x.0),
            r.narrative,
            r.narrative_ru,
            payload,
            anchor
        ],
    )?;
    Ok((tx.last_insert_rowid(), format!("{number}/{year}")))
}

#[cfg(test)]
#[path = "narrative_upgrade_tests.rs"]
mod upgrade_tests;

/// The task figures' rules once more, in SQL, as a second reading of the definitions: the
/// report and the trend count in Rust (`trend::Tasks`); the test below holds them equal.
#[cfg(test)]
mod oracle {
    use super::*;
    use crate::domain::report::TaskFigures;

    /// The tasks given by D that count for M (given in M, or open at some time in M) with their deadline (after the extensions granted by D), executor
    /// (after the reassignments by D) and measure (after the links made by D):
    /// `tk(id, created_at, closed_at, status, deadline, executor_id, measure_id)`.
    const TASKS_AT: &str = "
     dl AS (SELECT task_id, old_deadline, min(decided_at || printf('%012d', id))
              FROM deadline_change WHERE status = 'granted' AND decided_at >= ?3 GROUP BY +task_id),
     ex AS (SELECT task_id, old_executor, min(changed_at || printf('%012d', id))
              FROM executor_change WHERE changed_at >= ?3 GROUP BY +task_id),
     lk AS (SELECT task_id, old_measure, min(changed_at || printf('%012d', id))
              FROM task_measure_change WHERE changed_at >= ?3 GROUP BY +task_id),
     tk AS (SELECT t.id, t.created_at, t.closed_at, t.status,
                   coalesce(dl.old_deadline, t.deadline) AS deadline,
                   coalesce(ex.old_executor, t.executor_id) AS executor_id,
                   CASE WHEN lk.task_id IS NULL THEN t.measure_id ELSE lk.old_measure END
                       AS measure_id
              FROM task t
              LEFT JOIN dl ON dl.task_id = t.id
              LEFT JOIN ex ON ex.task_id = t.id
              LEFT JOIN lk ON lk.task_id = t.id
             WHERE t.created_at < ?3
               AND (+t.closed_at IS NULL OR +t.closed_at >= ?1 OR +t.created_at >= ?1))";

    /// The task figures of M, overall and by kind, in one pass over the tasks that count (kinds
    /// are mapped here, from the few organizations); returns the tasks open and overdue at D by
    /// the measure they served at D.
    pub(super) fn task_figures(
        c: &Connection,
        at: &[&dyn rusqlite::ToSql],
        f: &mut Figures,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let kinds = kinds_at(c, at)?;
        let mut st = c.prepare_cached(&format!(
            "WITH {TASKS_AT}
             SELECT x.executor_id, x.measure_id,
                    coalesce(sum(x.created_at >= ?1), 0),
                    coalesce(sum(x.status = 'done_on_time' AND x.closed_at >= ?1
                                 AND x.closed_at < ?3), 0),
                    coalesce(sum(x.status = 'done_late' AND x.closed_at >= ?1
                                 AND x.closed_at < ?3), 0),
                    coalesce(sum(x.closed_at IS NULL OR x.closed_at >= ?3), 0),
                    coalesce(sum((x.closed_at IS NULL OR x.closed_at >= ?3)
                                 AND x.deadline < ?4), 0)
               FROM tk x
              GROUP BY x.executor_id, x.measure_id"
        ))?;
        let rows = st.query_map(at, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                TaskFigures {
                    given: r.get(2)?,
                    done_on_time: r.get(3)?,
                    done_late: r.get(4)?,
                    open: r.get(5)?,
                    overdue: r.get(6)?,
                },
            ))
        })?;
        let mut by_measure = std::collections::HashMap::new();
        for row in rows {
            let (executor, measure, t) = row?;
            if let Some(m) = measure {
                *by_measure.entry(m).or_insert(0) += t.overdue;
            }
            f.tasks.add(&t);
            if let Some(kind) = kinds.get(&executor) {
                f.kind_mut(kind).tasks.add(&t);
            }
        }
        Ok(by_measure)
    }

    #[test]
    fn the_sql_reading_and_the_counting_agree_month_by_month() {
        let mut store = Store::open_in_memory().expect("store");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        crate::demo::generate(
            &mut store,
            &crate::demo::DemoOptions {
                tasks: 600,
                seed: 7,
                today,
            },
        )
        .expect("demo");
        let c = &store.conn;
        let mut month = Month::of(today);
        for _ in 0..14 {
            let as_of = month.as_of(today);
            let (counted, _) = figures(c, month, as_of).expect("counted");
            let (read, _) = figures_using(c, month, as_of, &mut |at, f| task_figures(c, at, f))
                .expect("read in SQL");
            assert_eq!(counted, read, "{month}");
            month = month.prev();
        }
    }
}
