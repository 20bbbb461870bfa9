//! Sessions, their agendas and invited persons; suggested hearings and carry-over.

use crate::store::Refusal;
use chrono::{Datelike, NaiveDate, NaiveTime};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::row::{Record, all, bump, by_id, code, delete_checked, insert, save, update};
use super::{Result, Stamp, Store, StoreError, audit, changed};
use crate::domain::session::{
    AgendaItem, AgendaItemKind, InvitedPerson, Outcome, Session, SessionKind, SessionStatus,
};

/// A session as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub session: Session,
    pub item_count: i64,
    pub minutes_total: i64,
    pub has_protocol: bool,
}

/// An organization with overdue tasks: a candidate to hear at a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub organization_id: i64,
    pub name_ky: String,
    pub name_ru: String,
    pub head_name: String,
    pub head_title: String,
    pub overdue_tasks: i64,
    /// Days the oldest overdue task is late.
    pub max_days: i64,
    pub task_ids: Vec<i64>,
}

/// An item of an earlier session offered again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarryOver {
    pub item: AgendaItem,
    pub from_label: String,
}

impl Record for Session {
    const TABLE: &'static str = "session";
    const COLUMNS: &'static str =
        "id, year, number, kind, reason, date, time, place, duration_minutes, status, version";

    fn from_row(r: &Row) -> rusqlite::Result<Session> {
        Ok(Session {
            id: r.get(0)?,
            year: r.get(1)?,
            number: r.get(2)?,
            kind: code(r, 3, "session kind", SessionKind::from_code)?,
            reason: r.get(4)?,
            date: r.get(5)?,
            time: code(r, 6, "time", crate::domain::session::parse_time)?,
            place: r.get(7)?,
            duration_minutes: r.get(8)?,
            status: code(r, 9, "session status", SessionStatus::from_code)?,
            version: r.get(10)?,
        })
    }
}

impl Record for AgendaItem {
    const TABLE: &'static str = "agenda_item";
    const COLUMNS: &'static str = "id, session_id, position, title, kind, speaker_member_id, \
                                   speaker_name, minutes, outcome, carried_from, version";

    fn from_row(r: &Row) -> rusqlite::Result<AgendaItem> {
        Ok(AgendaItem {
            id: r.get(0)?,
            session_id: r.get(1)?,
            position: r.get(2)?,
            title: r.get(3)?,
            kind: code(r, 4, "item kind", AgendaItemKind::from_code)?,
            speaker_member_id: r.get(5)?,
            speaker_name: r.get(6)?,
            minutes: r.get(7)?,
            outcome: code(r, 8, "outcome", Outcome::from_code)?,
            carried_from: r.get(9)?,
            version: r.get(10)?,
            organization_ids: Vec::new(),
            measure_ids: Vec::new(),
            task_ids: Vec::new(),
        })
    }
}

fn ids(conn: &rusqlite::Connection, sql: &str, id: i64) -> rusqlite::Result<Vec<i64>> {
    let mut st = conn.prepare_cached(sql)?;
    let rows = st.query_map([id], |r| r.get(0))?;
    rows.collect()
}

fn fill_links(conn: &rusqlite::Connection, item: &mut AgendaItem) -> rusqlite::Result<()> {
    item.organization_ids = ids(
        conn,
        "SELECT organization_id FROM agenda_item_organization WHERE agenda_item_id = ?1 ORDER BY organization_id",
        item.id,
    )?;
    item.measure_ids = ids(
        conn,
        "SELECT measure_id FROM agenda_item_measure WHERE agenda_item_id = ?1 ORDER BY measure_id",
        item.id,
    )?;
    item.task_ids = ids(
        conn,
        "SELECT task_id FROM agenda_item_task WHERE agenda_item_id = ?1 ORDER BY task_id",
        item.id,
    )?;
    Ok(())
}

fn map_unique(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, Some(msg))
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                && msg.contains("session.date") =>
        {
            StoreError::Refused(Refusal::SessionTimeTaken)
        }
        _ => e.into(),
    }
}

fn next_number(tx: &Transaction, year: i32) -> Result<i64> {
    // Never reuse a number: the counter only grows, even when a session is deleted.
    let used: i64 = tx.query_row(
        "SELECT max(coalesce((SELECT last_number FROM session_number WHERE year = ?1), 0),
                    coalesce((SELECT max(number) FROM session WHERE year = ?1), 0))",
        [year],
        |r| r.get(0),
    )?;
    let n = used + 1;
    tx.execute(
        "INSERT INTO session_number(year, last_number) VALUES (?1, ?2)
         ON CONFLICT(year) DO UPDATE SET last_number = excluded.last_number",
        params![year, n],
    )?;
    Ok(n)
}

/// The schema's CHECK refuses it too, but as a raw SQLite error the UI could not explain.
fn check_reason(s: &Session) -> Result<()> {
    if s.kind == SessionKind::Extraordinary && s.reason.trim().is_empty() {
        return Err(StoreError::Refused(Refusal::ReasonRequired));
    }
    Ok(())
}

fn insert_session(tx: &Transaction, s: &Session) -> Result<(i64, i64)> {
    check_reason(s)?;
    let year = s.date.year();
    let number = next_number(tx, year)?;
    tx.execute(
        "INSERT INTO session(year, number, kind, reason, date, time, place, duration_minutes, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            year,
            number,
            s.kind.code(),
            s.reason.trim(),
            s.date,
            crate::domain::session::format_time(s.time),
            s.place.trim(),
            s.duration_minutes,
            s.status.code()
        ],
    )
    .map_err(map_unique)?;
    let id = tx.last_insert_rowid();
    Ok((id, number))
}

fn check_editable(tx: &Transaction, session_id: i64) -> Result<()> {
    let status: Option<String> = tx
        .query_row(
            "SELECT status FROM session WHERE id = ?1",
            [session_id],
            |r| r.get(0),
        )
        .optional()?;
    match status.as_deref() {
        None => Err(StoreError::Refused(Refusal::NotFound)),
        Some("planned") | Some("agenda_approved") => Ok(()),
        Some(_) => Err(StoreError::Refused(Refusal::SessionHeld)),
    }
}

/// A change to an approved session (its agenda, date, time or place) goes only with the
/// user's yes (`confirmed`), and is logged with `what` changed; refused as
/// [`StoreError::Refused(Refusal::AgendaApproved)`] otherwise.
fn guard_approved(tx: &Transaction, session_id: i64, confirmed: bool, what: &str) -> Result<()> {
    let row: Option<(String, i64, i32)> = tx
        .query_row(
            "SELECT status, number, year FROM session WHERE id = ?1",
            [session_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((status, number, year)) = row else {
        return Err(StoreError::Refused(Refusal::NotFound));
    };
    if status != SessionStatus::AgendaApproved.code() {
        return Ok(());
    }
    if !confirmed {
        return Err(StoreError::Refused(Refusal::AgendaApproved(format!(
            "{number}/{year}"
        ))));
    }
    audit(tx, "change approved", "session", session_id, what)
}

fn replace_links(tx: &Transaction, item: &AgendaItem) -> Result<()> {
    for (table, col, list) in [
        (
            "agenda_item_organization",
            "organization_id",
            &item.organization_ids,
        ),
        ("agenda_item_measure", "measure_id", &item.measure_ids),
        ("agenda_item_task", "task_id", &item.task_ids),
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE agenda_item_id = ?1"),
            [item.id],
        )?;
        let mut st = tx.prepare_cached(&format!(
            "INSERT OR IGNORE INTO {table}(agenda_item_id, {col}) VALUES (?1, ?2)"
        ))?;
        for id in list {
            st.execute(params![item.id, id])?;
        }
    }
    Ok(())
}

fn insert_item(tx: &Transaction, item: &AgendaItem) -> Result<i64> {
    check_editable(tx, item.session_id)?;
    let position: i64 = tx.query_row(
        "SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE session_id = ?1",
        [item.session_id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO agenda_item(session_id, position, title, kind, speaker_member_id,
                                 speaker_name, minutes, outcome, carried_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            item.session_id,
            position,
            item.title.trim(),
            item.kind.code(),
            item.speaker_member_id,
            item.speaker_name.trim(),
            item.minutes,
            item.outcome.code(),
            item.carried_from
        ],
    )?;
    let id = tx.last_insert_rowid();
    let mut stored = item.clone();
    stored.id = id;
    replace_links(tx, &stored)?;
    Ok(id)
}

/// Close gaps so positions stay 1, 2, 3 … in their order. Done row by row from a list
/// read first: an UPDATE whose subquery counts the rows it is changing sees the rows it
/// has already changed, and gave two items one position when ids and positions differed.
fn renumber(tx: &Transaction, session_id: i64) -> Result<()> {
    let order = ids(
        tx,
        "SELECT id FROM agenda_item WHERE session_id = ?1 ORDER BY position, id",
        session_id,
    )?;
    let mut st =
        tx.prepare_cached("UPDATE agenda_item SET position = ?1 WHERE id = ?2 AND position <> ?1")?;
    for (i, id) in order.iter().enumerate() {
        st.execute(params![i as i64 + 1, id])?;
    }
    Ok(())
}

fn insert_invited(tx: &Transaction, p: &InvitedPerson) -> Result<i64> {
    let columns = ["session_id", "full_name", "position", "organization_id"];
    let values = params![
        p.session_id,
        p.full_name.trim(),
        p.position.trim(),
        p.organization_id
    ];
    Ok(insert::<InvitedPerson>(tx, &columns, values)?)
}

fn invite_if_absent(tx: &Transaction, p: &InvitedPerson) -> Result<()> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM invited_person WHERE session_id = ?1 AND full_name = ?2
                       AND coalesce(organization_id, 0) = coalesce(?3, 0))",
        params![p.session_id, p.full_name.trim(), p.organization_id],
        |r| r.get(0),
    )?;
    if !exists && !p.full_name.trim().is_empty() {
        let id = insert_invited(tx, p)?;
        audit(tx, "create", "invited_person", id, &p.full_name)?;
    }
    Ok(())
}

impl Store {
    /// Sessions, upcoming first (soonest first), then past ones (latest first).
    pub fn sessions(&self, today: NaiveDate, year: Option<i32>) -> Result<Vec<SessionRow>> {
        let sql = format!(
            "SELECT {cols},
                    (SELECT count(*) FROM agenda_item a WHERE a.session_id = s.id),
                    (SELECT coalesce(sum(minutes), 0) FROM agenda_item a WHERE a.session_id = s.id),
                    EXISTS(SELECT 1 FROM protocol p WHERE p.session_id = s.id)
             FROM session s
             WHERE ?2 IS NULL OR year = ?2
             ORDER BY date < ?1,
                      CASE WHEN date >= ?1 THEN date END ASC,
                      CASE WHEN date < ?1 THEN date END DESC,
                      CASE WHEN date >= ?1 THEN time END ASC,
                      CASE WHEN date < ?1 THEN time END DESC",
            cols = Session::COLUMNS
                .split(", ")
                .map(|c| format!("s.{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![today, year], |r| {
            Ok(SessionRow {
                session: Session::from_row(r)?,
                item_count: r.get(11)?,
                minutes_total: r.get(12)?,
                has_protocol: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn session(&self, id: i64) -> Result<Session> {
        by_id(&self.conn, id)
    }

    /// The session numbered `number` in `year` ("3/2026").
    pub fn session_by_label(&self, number: i64, year: i32) -> Result<Session> {
        self.conn
            .query_row(
                &format!("{} WHERE number = ?1 AND year = ?2", Session::select()),
                params![number, year],
                Session::from_row,
            )
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))
    }

    /// Dates of the sessions set in `year`, and whether each is regular (for planning).
    pub fn session_dates(&self, year: i32) -> Result<Vec<(NaiveDate, bool)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT date, kind = 'regular' FROM session WHERE year = ?1")?;
        let rows = st.query_map([year], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Add a session; its number is the next one of its year. Returns (id, number).
    pub fn create_session(&mut self, s: &Session) -> Result<(i64, i64)> {
        self.write(|tx| insert_session(tx, s))
    }

    /// Add the regular sessions of a plan in one transaction.
    pub fn create_sessions(&mut self, sessions: &[Session]) -> Result<usize> {
        self.write(|tx| {
            for s in sessions {
                insert_session(tx, s)?;
            }
            Ok(sessions.len())
        })
    }

    /// Change date, time, place, length, kind or reason (not the status). The number stays,
    /// unless the new date is in another year: then the session takes that year's next
    /// number (its old one is not given again), so its year always agrees with its date.
    ///
    /// The Agenda tab asks before any change of an approved session (its unlock), so this
    /// goes through and is logged; [`Store::update_session_confirmed`] is the checked form.
    pub fn update_session(&mut self, s: &Session) -> Result<()> {
        self.update_session_confirmed(s, true)
    }

    /// [`Store::update_session`], refusing a change of an approved session's date, time or
    /// place with [`StoreError::Refused(Refusal::AgendaApproved)`] unless `confirmed` (then it is logged).
    pub fn update_session_confirmed(&mut self, s: &Session, confirmed: bool) -> Result<()> {
        check_reason(s)?;
        self.write(|tx| {
            // A held session is on record as it was.
            check_editable(tx, s.id)?;
            let before: Option<(NaiveDate, String, String)> = tx
                .query_row(
                    "SELECT date, time, place FROM session WHERE id = ?1",
                    [s.id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            if let Some((date, time, place)) = before {
                let new_time = crate::domain::session::format_time(s.time);
                if date != s.date || time != new_time || place != s.place.trim() {
                    let what = format!(
                        "{date} {time} {place} -> {} {new_time} {}",
                        s.date,
                        s.place.trim()
                    );
                    guard_approved(tx, s.id, confirmed, &what)?;
                }
            }
            let (year, number): (i32, i64) = tx
                .query_row(
                    "SELECT year, number FROM session WHERE id = ?1 AND version = ?2",
                    params![s.id, s.version],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::Refused(Refusal::Conflict))?;
            let (year, number) = if s.date.year() == year {
                (year, number)
            } else {
                (s.date.year(), next_number(tx, s.date.year())?)
            };
            let n = update::<Session>(
                tx,
                s.id,
                s.version,
                &[
                    "kind",
                    "reason",
                    "date",
                    "time",
                    "place",
                    "duration_minutes",
                    "year",
                    "number",
                ],
                params![
                    s.kind.code(),
                    s.reason.trim(),
                    s.date,
                    crate::domain::session::format_time(s.time),
                    s.place.trim(),
                    s.duration_minutes,
                    year,
                    number
                ],
            )
            .map_err(map_unique)?;
            changed(tx, "session", s.id, n)?;
            Ok(())
        })
    }

    pub fn set_session_status(
        &mut self,
        id: i64,
        version: i64,
        status: SessionStatus,
    ) -> Result<()> {
        self.write(|tx| {
            bump::<Session>(tx, id, version, "status", status.code())?;
            audit(tx, "status", "session", id, status.code())
        })
    }

    /// Delete a session without a protocol, with its agenda and invited persons.
    /// Its number is not given again.
    pub fn delete_session(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let has_protocol: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM protocol WHERE session_id = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if has_protocol {
                return Err(StoreError::Refused(Refusal::HasProtocol));
            }
            for sql in [
                "DELETE FROM agenda_item_organization WHERE agenda_item_id IN (SELECT id FROM agenda_item WHERE session_id = ?1)",
                "DELETE FROM agenda_item_measure WHERE agenda_item_id IN (SELECT id FROM agenda_item WHERE session_id = ?1)",
                "DELETE FROM agenda_item_task WHERE agenda_item_id IN (SELECT id FROM agenda_item WHERE session_id = ?1)",
                "UPDATE agenda_item SET carried_from = NULL WHERE carried_from IN (SELECT id FROM agenda_item WHERE session_id = ?1)",
                "DELETE FROM agenda_item WHERE session_id = ?1",
                "DELETE FROM invited_person WHERE session_id = ?1",
                "DELETE FROM attendance WHERE session_id = ?1",
            ] {
                tx.execute(sql, [id])?;
            }
            delete_checked::<Session>(tx, id, version)?;
            Ok(())
        })
    }

    /// The agenda of a session, in order, with its links.
    pub fn agenda(&self, session_id: i64) -> Result<Vec<AgendaItem>> {
        let mut items: Vec<AgendaItem> = all(
            &self.conn,
            "WHERE session_id = ?1 ORDER BY position, id",
            [session_id],
        )?;
        for item in &mut items {
            fill_links(&self.conn, item)?;
        }
        Ok(items)
    }

    pub fn agenda_item(&self, id: i64) -> Result<AgendaItem> {
        let mut item: AgendaItem = by_id(&self.conn, id)?;
        fill_links(&self.conn, &mut item)?;
        Ok(item)
    }

    /// Add (id 0, placed last) or change an item of a session not yet held.
    pub fn save_agenda_item(&mut self, item: &AgendaItem) -> Result<i64> {
        self.write(|tx| {
            if item.id == 0 {
                // The Agenda tab asked first on an approved agenda: logged.
                guard_approved(tx, item.session_id, true, item.title.trim())?;
                return insert_item(tx, item);
            }
            // The session the item is stored in, whatever `item.session_id` says.
            let session_id: i64 = tx
                .query_row(
                    "SELECT session_id FROM agenda_item WHERE id = ?1",
                    [item.id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::Refused(Refusal::NotFound))?;
            check_editable(tx, session_id)?;
            guard_approved(tx, session_id, true, item.title.trim())?;
            save::<AgendaItem>(
                tx,
                item.id,
                item.version,
                &[
                    "title",
                    "kind",
                    "speaker_member_id",
                    "speaker_name",
                    "minutes",
                    "outcome",
                ],
                params![
                    item.title.trim(),
                    item.kind.code(),
                    item.speaker_member_id,
                    item.speaker_name.trim(),
                    item.minutes,
                    item.outcome.code()
                ],
            )?;
            replace_links(tx, item)?;
            Ok(item.id)
        })
    }

    pub fn delete_agenda_item(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            let session_id: i64 = tx
                .query_row(
                    "SELECT session_id FROM agenda_item WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or(StoreError::Refused(Refusal::NotFound))?;
            check_editable(tx, session_id)?;
            guard_approved(tx, session_id, true, "delete item")?;
            for sql in [
                "DELETE FROM agenda_item_organization WHERE agenda_item_id = ?1",
                "DELETE FROM agenda_item_measure WHERE agenda_item_id = ?1",
                "DELETE FROM agenda_item_task WHERE agenda_item_id = ?1",
            ] {
                tx.execute(sql, [id])?;
            }
            delete_checked::<AgendaItem>(tx, id, version)?;
            renumber(tx, session_id)?;
            Ok(())
        })
    }

    /// Swap an item with its neighbour above (`up`) or below. False at either end.
    pub fn move_agenda_item(&mut self, id: i64, up: bool) -> Result<bool> {
        self.write(|tx| {
            let (session_id, position): (i64, i64) = tx
                .query_row(
                    "SELECT session_id, position FROM agenda_item WHERE id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?
                .ok_or(StoreError::Refused(Refusal::NotFound))?;
            check_editable(tx, session_id)?;
            guard_approved(tx, session_id, true, "move item")?;
            let neighbour: Option<(i64, i64)> = tx
                .query_row(
                    if up {
                        "SELECT id, position FROM agenda_item WHERE session_id = ?1 AND position < ?2
                         ORDER BY position DESC LIMIT 1"
                    } else {
                        "SELECT id, position FROM agenda_item WHERE session_id = ?1 AND position > ?2
                         ORDER BY position ASC LIMIT 1"
                    },
                    params![session_id, position],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((other, other_pos)) = neighbour else {
                return Ok(false);
            };
            for (item, pos) in [(id, other_pos), (other, position)] {
                tx.execute(
                    "UPDATE agenda_item SET position = ?1, version = version + 1 WHERE id = ?2",
                    params![pos, item],
                )?;
            }
            audit(tx, if up { "move up" } else { "move down" }, "agenda_item", id, "")?;
            Ok(true)
        })
    }

    pub fn invited(&self, session_id: i64) -> Result<Vec<InvitedPerson>> {
        all(
            &self.conn,
            "WHERE session_id = ?1 ORDER BY full_name COLLATE ky, id",
            [session_id],
        )
    }

    pub fn save_invited(&mut self, p: &InvitedPerson) -> Result<i64> {
        self.write(|tx| {
            if p.id == 0 {
                return insert_invited(tx, p);
            }
            // The session is never changed here.
            let columns = ["full_name", "position", "organization_id"];
            let values = params![p.full_name.trim(), p.position.trim(), p.organization_id];
            save::<InvitedPerson>(tx, p.id, p.version, &columns, values)
        })
    }

    pub fn delete_invited(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx| {
            delete_checked::<InvitedPerson>(tx, id, version)?;
            Ok(())
        })
    }

    /// Organizations with overdue tasks, most overdue first, leaving out those already
    /// heard in `session_id`.
    pub fn suggested_hearings(&self, today: NaiveDate, session_id: i64) -> Result<Vec<Suggestion>> {
        let all = match self.overdue_if_kept(today)? {
            Some(list) => list,
            None => {
                let stamp = self.stamp()?;
                let list = self.overdue_organizations(today)?;
                self.keep_overdue(stamp, today, list.clone());
                list
            }
        };
        self.not_heard(session_id, all)
    }

    /// Every organization with overdue tasks (as [`Store::suggested_hearings`] before its
    /// session's filter), if kept since nothing changed; else `None` (reading them is a
    /// count of every overdue task: the Agenda tab has the worker do it).
    pub fn overdue_if_kept(&self, today: NaiveDate) -> Result<Option<Vec<Suggestion>>> {
        let stamp = self.stamp()?;
        Ok(match &*self.cache.hearings.borrow() {
            Some((s, d, list)) if *s == stamp && *d == today => Some(list.clone()),
            _ => None,
        })
    }

    /// Keep `list` as read (elsewhere) for `today` while nothing changed since `stamp`, taken
    /// before it was read: a change in between leaves it stale, never wrong.
    pub(crate) fn keep_overdue(&self, stamp: Stamp, today: NaiveDate, list: Vec<Suggestion>) {
        *self.cache.hearings.borrow_mut() = Some((stamp, today, list));
    }

    /// `all` without the organizations already heard in `session_id`.
    pub fn not_heard(&self, session_id: i64, all: Vec<Suggestion>) -> Result<Vec<Suggestion>> {
        let heard: Vec<i64> = ids(
            &self.conn,
            "SELECT ao.organization_id FROM agenda_item a
               JOIN agenda_item_organization ao ON ao.agenda_item_id = a.id
              WHERE a.session_id = ?1 AND a.kind = 'hearing'",
            session_id,
        )?;
        Ok(all
            .into_iter()
            .filter(|s| !heard.contains(&s.organization_id))
            .collect())
    }

    /// Every organization with overdue tasks, most overdue first, read now.
    pub fn overdue_organizations(&self, today: NaiveDate) -> Result<Vec<Suggestion>> {
        let mut st = self.conn.prepare_cached(
            // Counted per executor from the open tasks' index alone, then joined.
            "SELECT o.id, o.name_ky, o.name_ru, o.head_name, o.head_title,
                    x.n, julianday(?1) - julianday(x.oldest), x.ids
             FROM (SELECT t.executor_id AS executor_id, count(*) AS n,
                          min(t.deadline) AS oldest, group_concat(t.id) AS ids
                     FROM task t INDEXED BY task_open_executor
                    WHERE t.executor_id IN (SELECT id FROM organization)
                      AND t.status IN ('assigned','in_progress','extension_requested')
                      AND t.deadline < ?1
                    GROUP BY t.executor_id) x
             JOIN organization o ON o.id = x.executor_id
             ORDER BY 7 DESC, 6 DESC, o.name_ky COLLATE ky",
        )?;
        let rows = st.query_map(params![today], |r| {
            let list: String = r.get(7)?;
            let mut task_ids: Vec<i64> = list.split(',').filter_map(|x| x.parse().ok()).collect();
            task_ids.sort_unstable();
            Ok(Suggestion {
                organization_id: r.get(0)?,
                name_ky: r.get(1)?,
                name_ru: r.get(2)?,
                head_name: r.get(3)?,
                head_title: r.get(4)?,
                overdue_tasks: r.get(5)?,
                max_days: r.get::<_, f64>(6)? as i64,
                task_ids,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Add a hearing of `s`'s head to a session: the item, its organization, its overdue
    /// tasks, and the head among the invited. Returns the item's id.
    /// The Agenda tab asks before changing an approved agenda, so this goes through (logged);
    /// [`Store::add_hearing_confirmed`] is the checked form other tabs use.
    pub fn add_hearing(&mut self, session_id: i64, s: &Suggestion, title: &str) -> Result<i64> {
        self.add_hearing_confirmed(session_id, s, title, true)
    }

    /// [`Store::add_hearing`], refused with [`StoreError::Refused(Refusal::AgendaApproved)`] on an approved
    /// agenda unless `confirmed` (then logged).
    pub fn add_hearing_confirmed(
        &mut self,
        session_id: i64,
        s: &Suggestion,
        title: &str,
        confirmed: bool,
    ) -> Result<i64> {
        self.write(|tx| {
            guard_approved(tx, session_id, confirmed, title)?;
            let mut item = AgendaItem::new(session_id, title, AgendaItemKind::Hearing);
            item.speaker_name = s.head_name.clone();
            item.organization_ids = vec![s.organization_id];
            item.task_ids = s.task_ids.clone();
            let id = insert_item(tx, &item)?;
            invite_if_absent(
                tx,
                &InvitedPerson {
                    id: 0,
                    session_id,
                    full_name: s.head_name.clone(),
                    position: s.head_title.clone(),
                    organization_id: Some(s.organization_id),
                    version: 0,
                },
            )?;
            Ok(id)
        })
    }

    /// Items of the session before `session_id` that were postponed or got no decision,
    /// and are not carried into `session_id` yet.
    pub fn carry_over_candidates(&self, session_id: i64) -> Result<Vec<CarryOver>> {
        let this = self.session(session_id)?;
        let previous: Option<(i64, String)> = self
            .conn
            .query_row(
                "SELECT id, number || '/' || year FROM session
                 WHERE (date < ?1 OR (date = ?1 AND time < ?2)) AND id <> ?3
                 ORDER BY date DESC, time DESC LIMIT 1",
                params![
                    this.date,
                    crate::domain::session::format_time(this.time),
                    session_id
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((prev_id, label)) = previous else {
            return Ok(Vec::new());
        };
        let carried: Vec<i64> = ids(
            &self.conn,
            "SELECT carried_from FROM agenda_item WHERE session_id = ?1 AND carried_from IS NOT NULL",
            session_id,
        )?;
        Ok(self
            .agenda(prev_id)?
            .into_iter()
            .filter(|i| i.outcome.carries_over() && !carried.contains(&i.id))
            .map(|item| CarryOver {
                item,
                from_label: label.clone(),
            })
            .collect())
    }

    /// Put an earlier item on this session's agenda again.
    pub fn carry_over(&mut self, session_id: i64, from: &AgendaItem) -> Result<i64> {
        self.write(|tx| {
            let mut item = from.clone();
            item.id = 0;
            item.session_id = session_id;
            item.outcome = Outcome::Pending;
            item.carried_from = Some(from.id);
            guard_approved(tx, session_id, true, item.title.trim())?;
            insert_item(tx, &item)
        })
    }

    /// Sessions with the same date and time as `date`/`time`, other than `except`.
    pub fn session_at(
        &self,
        date: NaiveDate,
        time: NaiveTime,
        except: i64,
    ) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT number || '/' || year FROM session WHERE date = ?1 AND time = ?2 AND id <> ?3",
                params![date, crate::domain::session::format_time(time), except],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Plan measures as "2.1 Title", for choosing what an item is about (the Kyrgyz title,
    /// or the Russian one of a measure that has only that).
    pub fn measure_choices(&self) -> Result<Vec<(i64, String)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, number || ' ' || CASE WHEN title <> '' THEN title ELSE title_ru END
               FROM plan_measure ORDER BY position, number",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
