//! One way to read a record: its table, its columns and how a row becomes the domain's type
//! ([`Record`]), with the generic reads and versioned writes every table shares — by id,
//! set active, delete if unchanged and not referred to.

use crate::store::Refusal;
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row, Transaction, params};

use super::{Result, StoreError, audit, changed};

/// A domain type stored as one row of one table.
pub(crate) trait Record: Sized {
    const TABLE: &'static str;
    /// The columns `from_row` reads, in its order.
    const COLUMNS: &'static str;
    fn from_row(r: &Row) -> rusqlite::Result<Self>;

    /// `SELECT <COLUMNS> FROM <TABLE>`, for a `WHERE`/`ORDER BY` to follow.
    fn select() -> String {
        format!("SELECT {} FROM {}", Self::COLUMNS, Self::TABLE)
    }
}

/// The record with this id ([`StoreError::Refused(Refusal::NotFound)`] when there is none).
pub(crate) fn by_id<T: Record>(c: &Connection, id: i64) -> Result<T> {
    c.query_row(&format!("{} WHERE id = ?1", T::select()), [id], T::from_row)
        .map_err(not_found)
}

/// Every record that `tail` (a `WHERE … ORDER BY …` with `?N` arguments) selects.
pub(crate) fn all<T: Record>(
    c: &Connection,
    tail: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<T>> {
    let mut st = c.prepare_cached(&format!("{} {tail}", T::select()))?;
    let rows = st.query_map(args, T::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A column holding a code the domain parses (`OrgKind::from_code`): an unknown code is a
/// conversion failure naming `what`, not a panic or a default.
pub(crate) fn code<T>(
    r: &Row,
    col: usize,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let s: String = r.get(col)?;
    parse(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            col,
            rusqlite::types::Type::Text,
            format!("unknown {what} {s:?}").into(),
        )
    })
}

pub(crate) fn not_found(e: rusqlite::Error) -> StoreError {
    match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::Refused(Refusal::NotFound),
        e => e.into(),
    }
}

/// Insert a record: `columns` and their `values` in the same order. Returns the new id.
pub(crate) fn insert<T: Record>(
    tx: &Transaction,
    columns: &[&str],
    values: &[&dyn ToSql],
) -> rusqlite::Result<i64> {
    insert_into(tx, T::TABLE, columns, values)
}

/// One row into `table` (a statement kept prepared: bulk loads call it often).
pub(crate) fn insert_into(
    c: &Connection,
    table: &str,
    columns: &[&str],
    values: &[&dyn ToSql],
) -> rusqlite::Result<i64> {
    debug_assert_eq!(columns.len(), values.len());
    let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    c.prepare_cached(&format!(
        "INSERT INTO {table}({}) VALUES ({})",
        columns.join(", "),
        marks.join(", ")
    ))?
    .execute(values)?;
    Ok(c.last_insert_rowid())
}

/// Set `columns` to `values` if the record is still at `version`, and step the version.
/// The rows changed: 0 when the version is stale or the record gone (see [`changed`]);
/// left a `rusqlite` error so a caller can name a constraint it knows.
pub(crate) fn update<T: Record>(
    tx: &Transaction,
    id: i64,
    version: i64,
    columns: &[&str],
    values: &[&dyn ToSql],
) -> rusqlite::Result<usize> {
    debug_assert_eq!(columns.len(), values.len());
    let n = columns.len();
    let set: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 1))
        .collect();
    let mut args = values.to_vec();
    args.extend([&id as &dyn ToSql, &version]);
    tx.execute(
        &format!(
            "UPDATE {} SET {}, version = version + 1 WHERE id = ?{} AND version = ?{}",
            T::TABLE,
            set.join(", "),
            n + 1,
            n + 2
        ),
        args.as_slice(),
    )
}

/// Insert the record (id 0) or update it at its version
/// ([`StoreError::Refused(Refusal::Conflict)`] when someone changed it meanwhile,
/// [`StoreError::Refused(Refusal::NotFound)`] when it is gone). Returns its id.
pub(crate) fn save<T: Record>(
    tx: &Transaction,
    id: i64,
    version: i64,
    columns: &[&str],
    values: &[&dyn ToSql],
) -> Result<i64> {
    if id == 0 {
        return Ok(insert::<T>(tx, columns, values)?);
    }
    change::<T>(tx, id, version, columns, values)?;
    Ok(id)
}

/// [`update`] the record, refused as [`save`] is.
pub(crate) fn change<T: Record>(
    tx: &Transaction,
    id: i64,
    version: i64,
    columns: &[&str],
    values: &[&dyn ToSql],
) -> Result<()> {
    let n = update::<T>(tx, id, version, columns, values)?;
    changed(tx, T::TABLE, id, n)
}

/// Set one column at the version (refused as an update by [`save`] is).
pub(crate) fn bump<T: Record>(
    tx: &Transaction,
    id: i64,
    version: i64,
    column: &str,
    value: impl ToSql,
) -> Result<()> {
    change::<T>(tx, id, version, &[column], &[&value])
}

/// Mark the record active or not (version checked as [`bump`]), and log it.
pub(crate) fn set_active<T: Record>(
    tx: &Transaction,
    id: i64,
    version: i64,
    active: bool,
) -> Result<()> {
    bump::<T>(tx, id, version, "active", active)?;
    let action = if active { "activate" } else { "deactivate" };
    audit(tx, action, T::TABLE, id, "")
}

/// Delete the record if its version still matches and nothing refers to it
/// ([`StoreError::Refused(Refusal::InUse)`] when something does; `Conflict` or `NotFound`
/// as [`bump`]). What belongs to the record only is the caller's to delete first.
pub(crate) fn delete_checked<T: Record>(tx: &Transaction, id: i64, version: i64) -> Result<()> {
    let n = tx.execute(
        &format!("DELETE FROM {} WHERE id = ?1 AND version = ?2", T::TABLE),
        params![id, version],
    );
    match n {
        Ok(n) => changed(tx, T::TABLE, id, n),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY =>
        {
            Err(StoreError::Refused(Refusal::InUse))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Member, OrgKind, Organization, Role};
    use crate::store::Store;

    fn store_with_org() -> (Store, Organization) {
        let mut s = Store::open_in_memory().expect("store");
        let id = s
            .save_organization(&Organization::new("№5 мектеп", OrgKind::School))
            .expect("saved");
        let o = s.organization(id).expect("read back");
        (s, o)
    }

    #[test]
    fn by_id_reads_the_record_and_says_not_found() {
        let (s, o) = store_with_org();
        let again: Organization = by_id(&s.conn, o.id).expect("found");
        assert_eq!(again, o);
        assert!(matches!(
            by_id::<Organization>(&s.conn, o.id + 100),
            Err(StoreError::Refused(Refusal::NotFound))
        ));
    }

    #[test]
    fn an_unknown_code_is_an_error_naming_it() {
        let (s, o) = store_with_org();
        s.conn
            .execute("PRAGMA ignore_check_constraints = ON", [])
            .expect("pragma");
        s.conn
            .execute(
                "UPDATE organization SET kind = 'castle' WHERE id = ?1",
                [o.id],
            )
            .expect("update");
        let e = by_id::<Organization>(&s.conn, o.id).expect_err("unknown kind");
        assert!(e.to_string().contains("castle"), "{e}");
    }

    #[test]
    fn versioned_writes_refuse_a_stale_version_and_a_referred_record() {
        let (mut s, o) = store_with_org();
        let stale = s.conn.unchecked_transaction().expect("tx");
        assert!(matches!(
            bump::<Organization>(&stale, o.id, o.version + 1, "active", false),
            Err(StoreError::Refused(Refusal::Conflict))
        ));
        bump::<Organization>(&stale, o.id, o.version, "active", false).expect("bumped");
        stale.commit().expect("commit");
        let now = s.organization(o.id).expect("read");
        assert!(!now.active);
        assert_eq!(now.version, o.version + 1);

        let m = Member {
            id: 0,
            full_name: "Асанов Асан".into(),
            position: String::new(),
            role: Role::Member,
            organization_id: Some(o.id),
            phone: String::new(),
            email: String::new(),
            term_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
            term_to: None,
            active: true,
            version: 0,
        };
        s.save_member(&m).expect("member");
        let tx = s.conn.unchecked_transaction().expect("tx");
        assert!(matches!(
            delete_checked::<Organization>(&tx, o.id, now.version),
            Err(StoreError::Refused(Refusal::InUse))
        ));
        assert!(matches!(
            delete_checked::<Organization>(&tx, o.id, o.version),
            Err(StoreError::Refused(Refusal::Conflict))
        ));
    }

    #[test]
    fn set_active_checks_the_version_and_logs_the_change() {
        let (mut s, o) = store_with_org();
        let logged = |s: &Store| -> i64 {
            s.conn
                .query_row(
                    "SELECT count(*) FROM audit_log
                     WHERE action = 'deactivate' AND entity = 'organization' AND entity_id = ?1",
                    [o.id],
                    |r| r.get(0),
                )
                .expect("count")
        };
        let stale = s.write(|tx| set_active::<Organization>(tx, o.id, o.version + 1, false));
        assert!(matches!(stale, Err(StoreError::Refused(Refusal::Conflict))));
        let missing = s.write(|tx| set_active::<Organization>(tx, o.id + 100, 0, false));
        assert!(matches!(
            missing,
            Err(StoreError::Refused(Refusal::NotFound))
        ));
        assert_eq!(logged(&s), 0, "a refused change is not logged");
        s.write(|tx| set_active::<Organization>(tx, o.id, o.version, false))
            .expect("deactivated");
        let now = s.organization(o.id).expect("read");
        assert!(!now.active);
        assert_eq!(now.version, o.version + 1);
        assert_eq!(logged(&s), 1);
    }

    #[test]
    fn versioned_delete_says_stale_from_missing_and_deletes_at_the_version() {
        let (mut s, o) = store_with_org();
        let stale = s.write(|tx| delete_checked::<Organization>(tx, o.id, o.version + 1));
        assert!(matches!(stale, Err(StoreError::Refused(Refusal::Conflict))));
        let missing = s.write(|tx| delete_checked::<Organization>(tx, o.id + 100, 0));
        assert!(matches!(
            missing,
            Err(StoreError::Refused(Refusal::NotFound))
        ));
        assert!(
            s.organization(o.id).is_ok(),
            "refused deletes keep the record"
        );
        s.write(|tx| delete_checked::<Organization>(tx, o.id, o.version))
            .expect("deleted");
        assert!(matches!(
            s.organization(o.id),
            Err(StoreError::Refused(Refusal::NotFound))
        ));
        let again = s.write(|tx| delete_checked::<Organization>(tx, o.id, o.version));
        assert!(matches!(again, Err(StoreError::Refused(Refusal::NotFound))));
    }

    #[test]
    fn the_other_records_read_by_their_columns() {
        let (mut s, o) = store_with_org();
        s.save_user(&crate::store::User {
            login: "aida".into(),
            full_name: "Айда".into(),
            role: crate::domain::access::AccessRole::Secretary,
            member_id: None,
        })
        .expect("user");
        let users = s.users().expect("users");
        assert_eq!(users.len(), 1);
        assert_eq!(users[0].full_name, "Айда");
        let log = s.audit_rows(&Default::default()).expect("audit");
        assert!(
            log.iter()
                .any(|a| a.entity == "organization" && a.entity_id == Some(o.id)),
            "{log:?}"
        );
    }

    #[test]
    fn save_inserts_at_id_zero_and_updates_only_at_the_version() {
        let (mut s, o) = store_with_org();
        let cols = ["name_ky", "kind", "search"];
        let put = |s: &mut Store, id: i64, version: i64, name: &str| {
            s.write(|tx| save::<Organization>(tx, id, version, &cols, params![name, "school", ""]))
        };
        let id = put(&mut s, 0, 0, "№7 мектеп").expect("inserted");
        assert_ne!(id, o.id);
        assert_eq!(s.organization(id).expect("new").name_ky, "№7 мектеп");
        assert!(matches!(
            put(&mut s, o.id, o.version + 1, "x"),
            Err(StoreError::Refused(Refusal::Conflict))
        ));
        assert!(matches!(
            put(&mut s, id + 100, 0, "x"),
            Err(StoreError::Refused(Refusal::NotFound))
        ));
        assert_eq!(
            put(&mut s, o.id, o.version, "№5 гимназия").expect("updated"),
            o.id
        );
        let now = s.organization(o.id).expect("read");
        assert_eq!(
            (now.name_ky.as_str(), now.version),
            ("№5 гимназия", o.version + 1)
        );
    }
}
