//! Bulk writes for filling an empty database (the demo): plain INSERTs in one transaction,
//! without the version checks and row audit of the everyday writes (made-up rows are not
//! audited one by one). The statements of the per-task loop stay prepared ([`TaskRows`]), so
//! a demo of 100,000 tasks costs no more than the rows themselves.

use crate::store::Failure;
use chrono::NaiveDate;
use rusqlite::{CachedStatement, Transaction, params};

use super::transfer::TABLES;
use super::{Result, Store, audit};
use crate::domain::report::{Figures, Month};
use crate::domain::work::{EscalationStep, SessionKind, SessionStatus, TaskStatus};
use crate::domain::{Member, Organization};

/// Run `f` over an empty database in one transaction, with row audit off and the search
/// index built once at the end; one audit row (`action`, `note`) says what was made.
/// `Ok(None)` (nothing written) when any table but `setting` and `audit_log` has rows.
pub fn into_empty<T>(
    store: &mut Store,
    action: &str,
    f: impl FnOnce(&Seeder) -> Result<(T, String)>,
) -> Result<Option<T>> {
    with_rollback_journal(store, |store| {
        store.without_row_audit(|store| {
            store.write(|tx| {
                if has_data(tx)? {
                    return Ok(None);
                }
                super::fts_bulk_begin(tx)?;
                let seeder = Seeder {
                    tx,
                    dropped: std::cell::RefCell::new(indexes_off(tx, BULK_TABLES)?),
                };
                let (out, note) = f(&seeder)?;
                seeder.indexes_back()?;
                super::fts_bulk_end(tx)?;
                audit::append(tx, action, "database", 0, &note)?;
                Ok(Some(out))
            })
        })
    })
}

/// Runs `f` (a bulk load into a file with no data yet) in rollback-journal mode, WAL again
/// after: each page is written once into the file, not into the WAL and then copied by a
/// checkpoint. A fresh file has no old pages to journal, so this costs nothing in safety;
/// when another connection has the file open SQLite keeps WAL, and so does this.
pub(crate) fn with_rollback_journal<T, E: From<super::StoreError>>(
    store: &mut Store,
    f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
) -> std::result::Result<T, E> {
    // Busy or refused: the load runs in WAL, as any other write.
    let switched = store.path.is_some()
        && store
            .conn
            .query_row("PRAGMA journal_mode=DELETE", [], |r| r.get::<_, String>(0))
            .is_ok_and(|m| m.eq_ignore_ascii_case("delete"));
    let out = f(store);
    if switched {
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(super::StoreError::from)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(super::StoreError::Failed(Failure::Pragma {
                name: "journal_mode",
                wanted: "wal",
                got: mode,
            })
            .into());
        }
        // A read opens the WAL again; without it the next checkpoint finds the table locked.
        store
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })
            .map_err(super::StoreError::from)?;
    }
    out
}

pub(crate) fn has_data(tx: &rusqlite::Connection) -> rusqlite::Result<bool> {
    for t in TABLES
        .iter()
        .filter(|t| !matches!(**t, "setting" | "audit_log"))
    {
        let any: bool = tx.query_row(&format!("SELECT EXISTS(SELECT 1 FROM {t})"), [], |r| {
            r.get(0)
        })?;
        if any {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The tables a bulk load fills with many rows.
pub(crate) const BULK_TABLES: &[&str] = &[
    "task",
    "task_co_executor",
    "deadline_change",
    "execution_report",
];

/// Drops the plain (not unique) indexes of `tables` and returns their statements: a bulk
/// load then writes rows only, and [`indexes_back`] sorts each index once (about half the
/// cost of keeping them row by row). Unique indexes stay: they guard the data.
pub(crate) fn indexes_off(tx: &Transaction, tables: &[&str]) -> rusqlite::Result<Vec<String>> {
    let mut st = tx.prepare(
        "SELECT name, sql FROM sqlite_schema
         WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL
           AND sql NOT LIKE 'CREATE UNIQUE%'",
    )?;
    let mut out = Vec::new();
    for t in tables {
        let found: Vec<(String, String)> = st
            .query_map([t], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (name, sql) in found {
            tx.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
            out.push(sql);
        }
    }
    Ok(out)
}

/// Builds again the indexes [`indexes_off`] dropped.
pub(crate) fn indexes_back(tx: &Transaction, sqls: &[String]) -> rusqlite::Result<()> {
    for sql in sqls {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// The writer handed to [`into_empty`]'s closure. Each insert returns the new row's id.
pub struct Seeder<'t> {
    tx: &'t Transaction<'t>,
    /// The indexes dropped for the bulk rows, until [`Seeder::indexes_back`].
    dropped: std::cell::RefCell<Vec<String>>,
}

/// A plan measure. `done_at` is a timestamp.
pub struct MeasureSeed<'a> {
    pub number: &'a str,
    pub section: &'a str,
    /// Kyrgyz; `title_ru` Russian (at least one of them).
    pub title: &'a str,
    pub title_ru: &'a str,
    pub deadline: Option<NaiveDate>,
    pub expected_result: &'a str,
    pub progress: i64,
    pub done_at: Option<&'a str>,
    pub position: i64,
}

pub struct SessionSeed<'a> {
    pub year: i32,
    pub number: i64,
    pub kind: SessionKind,
    pub reason: &'a str,
    pub date: NaiveDate,
    pub time: &'a str,
    pub place: &'a str,
    pub status: SessionStatus,
}

/// An agenda item; `kind` and `outcome` are the stored codes.
pub struct AgendaItemSeed<'a> {
    pub session_id: i64,
    pub position: i64,
    pub title: &'a str,
    pub kind: &'a str,
    pub speaker_member_id: Option<i64>,
    pub speaker_name: &'a str,
    pub minutes: i64,
    pub outcome: &'a str,
}

pub struct ProtocolItemSeed<'a> {
    pub protocol_id: i64,
    pub agenda_item_id: i64,
    pub position: i64,
    pub title: &'a str,
    pub heard_speaker: &'a str,
    pub heard_summary: &'a str,
}

/// A decision; `votes` is (for, against, abstained) when a vote was counted.
pub struct DecisionSeed<'a> {
    pub protocol_id: i64,
    pub protocol_item_id: i64,
    pub number: &'a str,
    pub text: &'a str,
    pub votes: Option<(i64, i64, i64)>,
}

pub struct EscalationSeed<'a> {
    pub organization_id: i64,
    pub task_id: i64,
    pub step: EscalationStep,
    pub date: NaiveDate,
    pub doc_number: &'a str,
    pub decided_by: &'a str,
    pub note: &'a str,
}

/// A task; `created_at` and `closed_at` are timestamps.
pub struct TaskSeed<'a> {
    pub decision_id: Option<i64>,
    pub measure_id: Option<i64>,
    pub text: &'a str,
    pub executor_id: i64,
    pub responsible_person: &'a str,
    pub controller_id: i64,
    pub deadline: NaiveDate,
    pub status: TaskStatus,
    pub created_at: &'a str,
    pub closed_at: Option<&'a str>,
    pub cancel_reason: &'a str,
}

/// A deadline change; `status` is the stored code ("requested", "granted").
pub struct DeadlineChangeSeed<'a> {
    pub task_id: i64,
    pub old: NaiveDate,
    pub new: NaiveDate,
    pub reason: &'a str,
    pub requested_at: &'a str,
    pub decided_at: Option<&'a str>,
    pub decided_by: &'a str,
    pub status: &'a str,
}

/// An execution report, written by "demo".
pub struct ReportSeed<'a> {
    pub task_id: i64,
    pub date: NaiveDate,
    pub text: &'a str,
    pub doc_number: &'a str,
    pub is_final: bool,
    pub created_at: &'a str,
}

impl<'t> Seeder<'t> {
    fn id(&self) -> i64 {
        self.tx.last_insert_rowid()
    }

    /// The bulk tables' indexes, back once their rows are in (before anything reads them).
    pub fn indexes_back(&self) -> Result<()> {
        let sqls = self.dropped.take();
        indexes_back(self.tx, &sqls)?;
        Ok(())
    }

    pub fn organization(&self, o: &Organization) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO organization(name_ky, name_ru, kind, head_name, head_title, phone,
                                          email, address, active, search)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                o.name_ky,
                o.name_ru,
                o.kind.code(),
                o.head_name,
                o.head_title,
                o.phone,
                o.email,
                o.address,
                o.active,
                o.search_text()
            ])?;
        Ok(self.id())
    }

    /// An active member with no end of term.
    pub fn member(&self, m: &Member) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO member(full_name, position, role, organization_id, phone, email,
                                    term_from, term_to, active, search)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, 1, ?8)",
            )?
            .execute(params![
                m.full_name,
                m.position,
                m.role.code(),
                m.organization_id,
                m.phone,
                m.email,
                m.term_from,
                m.search_text()
            ])?;
        Ok(self.id())
    }

    pub fn measure(&self, m: &MeasureSeed) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO plan_measure(number, section, title, deadline, expected_result,
                                          progress, started, done_at, position, title_ru)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                m.number,
                m.section,
                m.title,
                m.deadline,
                m.expected_result,
                m.progress,
                m.progress > 0,
                m.done_at,
                m.position,
                m.title_ru
            ])?;
        Ok(self.id())
    }

    pub fn measure_organization(&self, measure_id: i64, organization_id: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO plan_measure_organization(measure_id, organization_id)
                 VALUES (?1, ?2)",
            )?
            .execute(params![measure_id, organization_id])?;
        Ok(())
    }

    pub fn session(&self, s: &SessionSeed) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO session(year, number, kind, reason, date, time, place, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                s.year,
                s.number,
                s.kind.code(),
                s.reason,
                s.date,
                s.time,
                s.place,
                s.status.code()
            ])?;
        Ok(self.id())
    }

    /// The last session number given in `year`.
    pub fn session_number(&self, year: i32, last: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO session_number(year, last_number) VALUES (?1, ?2)")?
            .execute(params![year, last])?;
        Ok(())
    }

    pub fn agenda_item(&self, i: &AgendaItemSeed) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO agenda_item(session_id, position, title, kind, speaker_member_id,
                                         speaker_name, minutes, outcome)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                i.session_id,
                i.position,
                i.title,
                i.kind,
                i.speaker_member_id,
                i.speaker_name,
                i.minutes,
                i.outcome
            ])?;
        Ok(self.id())
    }

    pub fn agenda_item_organization(&self, item_id: i64, organization_id: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO agenda_item_organization(agenda_item_id, organization_id)
                 VALUES (?1, ?2)",
            )?
            .execute(params![item_id, organization_id])?;
        Ok(())
    }

    pub fn invited_person(
        &self,
        session_id: i64,
        full_name: &str,
        position: &str,
        organization_id: i64,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO invited_person(session_id, full_name, position, organization_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![session_id, full_name, position, organization_id])?;
        Ok(())
    }

    pub fn attendance(
        &self,
        session_id: i64,
        member_id: i64,
        present: bool,
        absence_reason: &str,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO attendance(session_id, member_id, present, absence_reason)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![session_id, member_id, present, absence_reason])?;
        Ok(())
    }

    /// A draft protocol in full form.
    pub fn draft_protocol(
        &self,
        session_id: i64,
        year: i32,
        presiding: &str,
        secretary: &str,
    ) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO protocol(session_id, year, status, short_form, presiding, secretary)
                 VALUES (?1, ?2, 'draft', 0, ?3, ?4)",
            )?
            .execute(params![session_id, year, presiding, secretary])?;
        Ok(self.id())
    }

    pub fn protocol_item(&self, i: &ProtocolItemSeed) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO protocol_item(protocol_id, agenda_item_id, position, title,
                                           heard_speaker, heard_summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                i.protocol_id,
                i.agenda_item_id,
                i.position,
                i.title,
                i.heard_speaker,
                i.heard_summary
            ])?;
        Ok(self.id())
    }

    pub fn speech(&self, item_id: i64, position: i64, speaker: &str, summary: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO protocol_speech(protocol_item_id, position, speaker, summary)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![item_id, position, speaker, summary])?;
        Ok(())
    }

    pub fn decision(&self, d: &DecisionSeed) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO decision(protocol_id, protocol_item_id, number, text, votes_for,
                                      votes_against, votes_abstained)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                d.protocol_id,
                d.protocol_item_id,
                d.number,
                d.text,
                d.votes.map(|v| v.0),
                d.votes.map(|v| v.1),
                d.votes.map(|v| v.2)
            ])?;
        Ok(self.id())
    }

    /// Sign a draft the way the editor does: numbered, with the hash of its text.
    pub fn sign_protocol(&self, id: i64, by: &str, at: &str, reg: Option<i64>) -> Result<()> {
        super::protocols::sign_in(self.tx, id, by, at, reg)?;
        Ok(())
    }

    pub fn escalation(&self, e: &EscalationSeed) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO escalation(organization_id, task_id, step, date, doc_number,
                                        decided_by, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                e.organization_id,
                e.task_id,
                e.step.code(),
                e.date,
                e.doc_number,
                e.decided_by,
                e.note
            ])?;
        Ok(())
    }

    /// The delivery register: extracts went to every executor through the e-document
    /// system the day after signing — except some of the latest protocol's, still out.
    pub fn deliveries(&self, today: NaiveDate) -> Result<()> {
        self.tx.execute(
            "INSERT INTO extract_delivery(protocol_id, organization_id, delivered_on, way,
                                          received_by, doc_number, created_at, created_by)
             SELECT p.id, x.org, date(substr(p.signed_at, 1, 10), '+1 day'), 'edoc',
                    'Иш кагаздары бөлүмү', '', p.signed_at, 'secretary'
             FROM protocol p
             JOIN (SELECT DISTINCT d.protocol_id AS pid, t.executor_id AS org
                   FROM task t JOIN decision d ON d.id = t.decision_id
                   UNION
                   SELECT d.protocol_id, c.organization_id
                   FROM task_co_executor c JOIN task t ON t.id = c.task_id
                   JOIN decision d ON d.id = t.decision_id) x ON x.pid = p.id
             WHERE p.status = 'signed'
               AND (p.id <> (SELECT max(id) FROM protocol WHERE status = 'signed')
                    OR x.org % 2 = 1)
               AND date(substr(p.signed_at, 1, 10), '+1 day') <= ?1
             ORDER BY p.id, x.org",
            [today],
        )?;
        Ok(())
    }

    /// The first secretary's name, "" when there is none.
    pub fn secretary_name(&self) -> String {
        self.tx
            .query_row(
                "SELECT full_name FROM member WHERE role = 'secretary' ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap_or_default()
    }

    /// The figures of `month` as of its last day.
    pub fn report_figures(&self, month: Month) -> Result<Figures> {
        Ok(super::report_figures_in(self.tx, month, month.last())?.0)
    }

    /// The month's narrative (both languages), then the report issued on `day`.
    pub fn issued_report(
        &self,
        month: Month,
        narrative: &crate::domain::report::Narrative,
        day: NaiveDate,
        (drafted_at, issued_at): (&str, &str),
        by: &str,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO report_draft(month, narrative, narrative_ru, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                month.to_string(),
                narrative.ky,
                narrative.ru,
                drafted_at,
                by
            ],
        )?;
        super::issue_report_in(self.tx, month, day, issued_at, by)?;
        Ok(())
    }

    /// The statements of the per-task loop, prepared once.
    pub fn task_rows(&self) -> Result<TaskRows<'t>> {
        Ok(TaskRows {
            tx: self.tx,
            task: self.tx.prepare_cached(
                "INSERT INTO task(decision_id, measure_id, text, executor_id, responsible_person,
                                  controller_id, deadline, status, created_at, closed_at,
                                  cancel_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?,
            co_executor: self.tx.prepare_cached(
                "INSERT INTO task_co_executor(task_id, organization_id) VALUES (?1, ?2)",
            )?,
            change: self.tx.prepare_cached(
                "INSERT INTO deadline_change(task_id, old_deadline, new_deadline, reason,
                                             requested_at, decided_at, decided_by, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            report: self.tx.prepare_cached(
                "INSERT INTO execution_report(task_id, report_date, text, doc_number, is_final,
                                              created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'demo')",
            )?,
        })
    }
}

/// Tasks and what hangs off them, through statements kept prepared.
pub struct TaskRows<'t> {
    tx: &'t Transaction<'t>,
    task: CachedStatement<'t>,
    co_executor: CachedStatement<'t>,
    change: CachedStatement<'t>,
    report: CachedStatement<'t>,
}

impl TaskRows<'_> {
    pub fn task(&mut self, t: &TaskSeed) -> Result<i64> {
        self.task.execute(params![
            t.decision_id,
            t.measure_id,
            t.text,
            t.executor_id,
            t.responsible_person,
            t.controller_id,
            t.deadline,
            t.status.code(),
            t.created_at,
            t.closed_at,
            t.cancel_reason
        ])?;
        Ok(self.tx.last_insert_rowid())
    }

    pub fn co_executor(&mut self, task_id: i64, organization_id: i64) -> Result<()> {
        self.co_executor
            .execute(params![task_id, organization_id])?;
        Ok(())
    }

    pub fn deadline_change(&mut self, c: &DeadlineChangeSeed) -> Result<()> {
        self.change.execute(params![
            c.task_id,
            c.old,
            c.new,
            c.reason,
            c.requested_at,
            c.decided_at,
            c.decided_by,
            c.status
        ])?;
        Ok(())
    }

    pub fn report(&mut self, r: &ReportSeed) -> Result<()> {
        self.report.execute(params![
            r.task_id,
            r.date,
            r.text,
            r.doc_number,
            r.is_final,
            r.created_at
        ])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::demo::{self, DemoOptions};
    use crate::store::Store;

    /// The load runs in rollback mode; the file and this connection are in WAL after it,
    /// and a checkpoint right away works (the benches do one).
    #[test]
    fn a_bulk_load_leaves_the_file_in_wal() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("x.db")).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut opts = DemoOptions::new(today);
        opts.tasks = 300;
        let mut seen = Vec::new();
        demo::generate_with_progress(&mut store, &opts, &mut |d, n| seen.push((d, n))).unwrap();
        assert_eq!(seen.last(), Some(&(300, 300)));
        let c = store.conn();
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
        let n: i64 = c
            .query_row("SELECT count(*) FROM task", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 300);
        // The indexes dropped for the load are back.
        let idx: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'task'
                   AND name = 'task_status_deadline'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(idx, 1);
    }
}
