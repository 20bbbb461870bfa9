//! Days as stored ('YYYY-MM-DD'), read from a row without chrono's format parser (a fifth
//! of the compliance list's overdue months once): the long listings and the compliance list
//! read one or two a row. Any other text goes through rusqlite's reading, errors and all.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::ValueRef;

/// 'YYYY-MM-DD' read digit by digit; None for anything else.
pub(crate) fn ymd(b: &[u8]) -> Option<NaiveDate> {
    let num = |from: usize, to: usize| -> Option<u32> {
        let part = b.get(from..to)?;
        part.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)
}

/// The stored day in column `i`: read as [`ymd`], else as `r.get` reads it (and refuses).
pub(crate) fn day_at(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    if let ValueRef::Text(b) = r.get_ref(i)?
        && let Some(day) = ymd(b)
    {
        return Ok(day);
    }
    r.get(i)
}

/// The day of a stored time ('YYYY-MM-DDTHH:MM:SS') in column `i`: its first ten
/// characters, as `substr(col, 1, 10)` gives them, read as a day.
pub(crate) fn day_of_time_at(r: &Row, i: usize) -> rusqlite::Result<NaiveDate> {
    if let ValueRef::Text(b) = r.get_ref(i)?
        && let Some(day) = b.get(..10).and_then(ymd)
    {
        return Ok(day);
    }
    let text: String = r.get(i)?;
    let head: String = text.chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn ymd_reads_stored_days_and_nothing_else() {
        assert_eq!(ymd(b"2026-11-30"), d(2026, 11, 30));
        assert_eq!(ymd(b"0001-01-01"), d(1, 1, 1));
        for bad in [
            &b"2026-02-30"[..], // no such day
            b"2026-1-05",
            b"2026-11-301",
            b"2026/11/30",
            b"2026-1a-30",
            b"+026-11-30",
            b"",
        ] {
            assert_eq!(ymd(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn days_and_times_read_from_rows_as_sql_would() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let read = |sql: &str| {
            c.query_row(sql, [], |r| Ok((day_at(r, 0), day_of_time_at(r, 1))))
                .unwrap()
        };
        let (day, time) = read("SELECT '2026-07-31', '2026-08-10T10:00:00'");
        assert_eq!(
            (day.unwrap(), time.unwrap()),
            (d(2026, 7, 31).unwrap(), d(2026, 8, 10).unwrap())
        );
        // Not days: refused as rusqlite refuses them, never read as another day.
        let (day, time) = read("SELECT '31.07.2026', 'завтра'");
        assert!(day.is_err() && time.is_err());
        let (day, time) = read("SELECT NULL, NULL");
        assert!(day.is_err() && time.is_err());
    }
}
