//! Dates as the HQ writes them: dd.mm.yyyy.

use chrono::{Datelike, NaiveDate};

pub fn format(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// Parse `dd.mm.yyyy` strictly (also accepts `d.m.yyyy`); years 1900..=2999.
pub fn parse(s: &str) -> Option<NaiveDate> {
    let mut parts = s.trim().split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || d.is_empty() || m.is_empty() {
        return None;
    }
    if d.len() > 2 || m.len() > 2 {
        return None;
    }
    let all_digits = |x: &str| x.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(d) && all_digits(m) && all_digits(y)) {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    if !(1900..=2999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
}

const KY_MONTHS: [&str; 12] = [
    "январы",
    "февралы",
    "марты",
    "апрели",
    "майы",
    "июну",
    "июлу",
    "августу",
    "сентябры",
    "октябры",
    "ноябры",
    "декабры",
];

/// "2026-жылдын 25-ноябры"
pub fn ky_long(d: NaiveDate) -> String {
    format!(
        "{}-жылдын {}-{}",
        d.year(),
        d.day(),
        KY_MONTHS[d.month0() as usize]
    )
}

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// "25 ноября 2026 г."
pub fn ru_long(d: NaiveDate) -> String {
    format!(
        "{} {} {} г.",
        d.day(),
        RU_MONTHS[d.month0() as usize],
        d.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(parse("25.11.2026"), Some(d));
        assert_eq!(parse(" 5.1.2026 "), NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(format(d), "25.11.2026");
        assert_eq!(ky_long(d), "2026-жылдын 25-ноябры");
        assert_eq!(ru_long(d), "25 ноября 2026 г.");
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "31.02.2026",
            "2026-11-25",
            "25.11.26",
            "25/11/2026",
            "aa.bb.cccc",
            "1.1.1.2026",
            "32.01.2026",
            "00.01.2026",
            "25.13.2026",
            "+1.+1.2026",
            "001.01.2026",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
