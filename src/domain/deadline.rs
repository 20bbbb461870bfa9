//! Task deadlines: what a secretary types (`31.12.2026`, `31.12`, `+14`, end of month), the
//! working-day rule (a Saturday, Sunday or public holiday moves to the working day before it),
//! and a deadline a decision's own text names ("… в срок до 31.12.2026",
//! "… 2026-жылдын 31-декабрына чейин").

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::text::fold;

/// The public holidays of the Kyrgyz Republic shipped with Shtab (editable text).
pub const BUILTIN_HOLIDAYS: &str = include_str!("../../assets/holidays.txt");

/// Days off besides weekends: some every year (month, day), some on one date only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    yearly: BTreeSet<(u32, u32)>,
    dated: BTreeSet<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {text:?} is not a day (write MM-DD or YYYY-MM-DD)")]
pub struct HolidayError {
    pub line: usize,
    pub text: String,
}

impl Holidays {
    /// Read the list: one `MM-DD` or `YYYY-MM-DD` per line, `#` starts a comment.
    pub fn parse(text: &str) -> Result<Holidays, HolidayError> {
        let mut h = Holidays::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = || HolidayError {
                line: n + 1,
                text: line.to_string(),
            };
            let parts: Vec<&str> = line.split('-').collect();
            let num = |s: &str| -> Option<u32> {
                (!s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit()))
                    .then(|| s.parse().ok())
                    .flatten()
            };
            match parts.as_slice() {
                [m, d] if m.len() == 2 && d.len() == 2 => {
                    let (m, d) = (num(m).ok_or_else(bad)?, num(d).ok_or_else(bad)?);
                    // 2024 is a leap year, so 02-29 is accepted.
                    NaiveDate::from_ymd_opt(2024, m, d).ok_or_else(bad)?;
                    h.yearly.insert((m, d));
                }
                [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
                    let day = NaiveDate::from_ymd_opt(
                        num(y).ok_or_else(bad)? as i32,
                        num(m).ok_or_else(bad)?,
                        num(d).ok_or_else(bad)?,
                    )
                    .ok_or_else(bad)?;
                    h.dated.insert(day);
                }
                _ => return Err(bad()),
            }
        }
        Ok(h)
    }

    /// The list shipped in `assets/holidays.txt` (a unit test makes sure it reads).
    pub fn builtin() -> Holidays {
        Holidays::parse(BUILTIN_HOLIDAYS).unwrap_or_default()
    }

    /// Add the days of another list (the secretary's own file).
    pub fn extend(&mut self, other: Holidays) {
        self.yearly.extend(other.yearly);
        self.dated.extend(other.dated);
    }

    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        self.dated.contains(&d) || self.yearly.contains(&(d.month(), d.day()))
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(d)
    }

    /// `d` itself when it is a working day, else the nearest working day before it.
    pub fn previous_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut x = d;
        // A year of holidays in a row cannot be; the bound only keeps a bad list from looping.
        for _ in 0..366 {
            if self.is_working_day(x) {
                return x;
            }
            x = x.pred_opt().unwrap_or(x);
        }
        d
    }

    /// `d` itself when it is a working day, else the nearest working day after it.
    pub fn next_working_day(&self, d: NaiveDate) -> NaiveDate {
        let mut x = d;
        for _ in 0..366 {
            if self.is_working_day(x) {
                return x;
            }
            x = x.succ_opt().unwrap_or(x);
        }
        d
    }
}

/// A deadline after the working-day rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub date: NaiveDate,
    /// The day asked for, when it was not a working day and the deadline moved.
    pub moved_from: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("no deadline given")]
    Empty,
    #[error("not a deadline: write 31.12.2026, 31.12 or +14")]
    NotADate,
    #[error("the deadline has passed")]
    InThePast,
    #[error("the deadline is more than ten years away")]
    TooFar,
}

/// The last day of `today`'s month.
pub fn end_of_month(today: NaiveDate) -> NaiveDate {
    let (y, m) = if today.month() == 12 {
        (today.year() + 1, 1)
    } else {
        (today.year(), today.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(today)
}

/// Apply the working-day rule to a day on or after `today`: a weekend or holiday moves to
/// the working day before it — or, when that would be before today, to the one after.
pub fn settle(day: NaiveDate, today: NaiveDate, holidays: &Holidays) -> Deadline {
    let mut date = holidays.previous_working_day(day);
    if date < today {
        date = holidays.next_working_day(day);
    }
    Deadline {
        date,
        moved_from: (date != day).then_some(day),
    }
}

/// Read a deadline as typed: `31.12.2026`, `2026-12-31`, `31.12` (this year, or next when
/// that day has passed), `+14` (days from today). The working-day rule is applied.
pub fn parse(
    input: &str,
    today: NaiveDate,
    holidays: &Holidays,
) -> Result<Deadline, DeadlineError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(DeadlineError::Empty);
    }
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    let day = if let Some(n) = s.strip_prefix('+') {
        let n = n.trim();
        if !digits(n) || n.len() > 5 {
            return Err(DeadlineError::NotADate);
        }
        let n: i64 = n.parse().map_err(|_| DeadlineError::NotADate)?;
        if n > 3660 {
            return Err(DeadlineError::TooFar);
        }
        today + Duration::days(n)
    } else if let Some(d) = super::date::parse(s) {
        d
    } else if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        d
    } else {
        let (d, m) = s.split_once('.').ok_or(DeadlineError::NotADate)?;
        let m = m.strip_suffix('.').unwrap_or(m);
        if !digits(d) || !digits(m) || d.len() > 2 || m.len() > 2 {
            return Err(DeadlineError::NotADate);
        }
        let (d, m): (u32, u32) = (
            d.parse().map_err(|_| DeadlineError::NotADate)?,
            m.parse().map_err(|_| DeadlineError::NotADate)?,
        );
        match NaiveDate::from_ymd_opt(today.year(), m, d) {
            Some(x) if x >= today => x,
            _ => NaiveDate::from_ymd_opt(today.year() + 1, m, d).ok_or(DeadlineError::NotADate)?,
        }
    };
    if day < today {
        return Err(DeadlineError::InThePast);
    }
    if day > today + Duration::days(3660) {
        return Err(DeadlineError::TooFar);
    }
    Ok(settle(day, today, holidays))
}

/// The month a word names, by its stem: Russian genitive ("декабря", "мая") and Kyrgyz
/// forms ("декабрына", "майына", "ноябры").
fn month_of(word: &str) -> Option<u32> {
    const STEMS: [&str; 12] = [
        "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    if word.starts_with("май") || word.starts_with("мая") {
        return Some(5);
    }
    STEMS
        .iter()
        .position(|st| *st != "ма" && word.starts_with(st))
        .map(|i| i as u32 + 1)
}

/// A date mentioned at `chars[i..]`: (date, index after it).
fn date_at(chars: &[char], i: usize) -> Option<(NaiveDate, usize)> {
    let read_digits = |from: usize| -> (String, usize) {
        let mut j = from;
        let mut s = String::new();
        while j < chars.len() && chars[j].is_ascii_digit() {
            s.push(chars[j]);
            j += 1;
        }
        (s, j)
    };
    let read_word = |from: usize| -> (String, usize) {
        let mut j = from;
        let mut s = String::new();
        while j < chars.len() && chars[j].is_alphabetic() {
            s.push(chars[j]);
            j += 1;
        }
        (s, j)
    };
    let skip_spaces = |mut j: usize| {
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        j
    };
    let (first, j) = read_digits(i);
    let at = |k: usize| chars.get(k).copied();
    match first.len() {
        4 if at(j) == Some('-') => {
            let year: i32 = first.parse().ok()?;
            if at(j + 1).is_some_and(|c| c.is_ascii_digit()) {
                // ISO 2026-12-31
                let (m, k) = read_digits(j + 1);
                if at(k) != Some('-') {
                    return None;
                }
                let (d, end) = read_digits(k + 1);
                let date = NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)?;
                return Some((date, end));
            }
            // 2026-жылдын 31-декабрына
            let (w, k) = read_word(j + 1);
            if !w.starts_with("жыл") {
                return None;
            }
            let k = skip_spaces(k);
            let (d, k) = read_digits(k);
            if d.is_empty() || d.len() > 2 || at(k) != Some('-') {
                return None;
            }
            let (mw, end) = read_word(k + 1);
            let date = NaiveDate::from_ymd_opt(year, month_of(&mw)?, d.parse().ok()?)?;
            Some((date, end))
        }
        1 | 2 if at(j) == Some('.') => {
            // 31.12.2026
            let (m, k) = read_digits(j + 1);
            if m.is_empty() || m.len() > 2 || at(k) != Some('.') {
                return None;
            }
            let (y, end) = read_digits(k + 1);
            if y.len() != 4 {
                return None;
            }
            let date =
                NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, first.parse().ok()?)?;
            Some((date, end))
        }
        1 | 2 if at(j) == Some(' ') => {
            // 31 декабря 2026 года
            let (mw, k) = read_word(skip_spaces(j));
            let month = month_of(&mw)?;
            let (y, end) = read_digits(skip_spaces(k));
            if y.len() != 4 {
                return None;
            }
            let date = NaiveDate::from_ymd_opt(y.parse().ok()?, month, first.parse().ok()?)?;
            Some((date, end))
        }
        _ => None,
    }
}

/// The deadline a decision's text names, if any: a date with "до", "срок", "не позднее"
/// before it, or "чейин", "дейре", "кечиктирбестен" after it. The first such date wins.
pub fn find_in_text(text: &str) -> Option<NaiveDate> {
    let chars: Vec<char> = fold(text).chars().collect();
    let window = |from: usize, to: usize| -> String {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect()
    };
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if starts_number && let Some((date, end)) = date_at(&chars, i) {
            let before = window(i.saturating_sub(24), i);
            let after = window(end, end + 24);
            let before_words = before
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>();
            let named_before = before_words
                .last()
                .is_some_and(|w| *w == "до" || *w == "срок" || *w == "позднее");
            let named_after = ["чейин", "дейре", "кечиктирбе"]
                .iter()
                .any(|w| after.contains(w));
            if named_before || named_after || before.contains("срок") {
                return Some(date);
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn kg() -> Holidays {
        Holidays::builtin()
    }

    #[test]
    fn the_shipped_holiday_list_reads_and_has_the_law_s_days() {
        let h = Holidays::parse(BUILTIN_HOLIDAYS).expect("assets/holidays.txt reads");
        for (m, day) in [
            (1, 1),
            (1, 7),
            (3, 8),
            (3, 21),
            (5, 1),
            (5, 9),
            (8, 31),
            (11, 7),
        ] {
            assert!(h.is_holiday(d(2027, m, day)), "{m}-{day}");
        }
        assert!(h.is_holiday(d(2026, 3, 20)), "Orozo Ait 2026 is listed");
        assert!(
            !h.is_holiday(d(2027, 3, 20)),
            "a dated holiday is for its year only"
        );
        assert!(!h.is_holiday(d(2026, 11, 25)));
    }

    #[test]
    fn bad_holiday_lines_are_named() {
        assert_eq!(
            Holidays::parse("01-01\n# x\n13-01  # no such month").unwrap_err(),
            HolidayError {
                line: 3,
                text: "13-01".into()
            }
        );
        for bad in ["1-1", "2026-02-30", "xx-01", "2026/01/01", "01-01-01"] {
            assert!(Holidays::parse(bad).is_err(), "{bad}");
        }
        let mut h = Holidays::parse("2030-06-03").unwrap();
        assert!(h.is_holiday(d(2030, 6, 3)));
        h.extend(Holidays::parse("06-04").unwrap());
        assert!(h.is_holiday(d(2031, 6, 4)));
    }

    #[test]
    fn weekends_and_holidays_move_to_the_working_day_before() {
        let h = kg();
        let today = d(2026, 11, 25);
        // Saturday 26.12.2026 → Friday 25.12.
        assert_eq!(
            settle(d(2026, 12, 26), today, &h),
            Deadline {
                date: d(2026, 12, 25),
                moved_from: Some(d(2026, 12, 26))
            }
        );
        // Sunday 27.12 → Friday 25.12 too.
        assert_eq!(settle(d(2026, 12, 27), today, &h).date, d(2026, 12, 25));
        // Friday 1.1.2027 (New Year) → Thursday 31.12.2026.
        assert_eq!(settle(d(2027, 1, 1), today, &h).date, d(2026, 12, 31));
        // Monday 8.3.2027 (Women's Day) → Friday 5.3.2027.
        assert_eq!(settle(d(2027, 3, 8), today, &h).date, d(2027, 3, 5));
        // 7–8 November 2027 fall on Sunday and Monday → Friday 5.11.2027.
        assert_eq!(settle(d(2027, 11, 8), today, &h).date, d(2027, 11, 5));
        // A working day stays.
        let wed = settle(d(2026, 12, 30), today, &h);
        assert_eq!(wed.date, d(2026, 12, 30));
        assert_eq!(wed.moved_from, None);
        // Never before today: then the next working day.
        let sat = d(2026, 11, 28);
        assert_eq!(settle(sat, sat, &h).date, d(2026, 11, 30));
    }

    #[test]
    fn typed_deadlines() {
        let h = kg();
        let today = d(2026, 11, 25); // Wednesday
        let p = |s: &str| parse(s, today, &h).map(|x| x.date);
        assert_eq!(p("31.12.2026"), Ok(d(2026, 12, 31)));
        assert_eq!(p(" 2026-12-30 "), Ok(d(2026, 12, 30)));
        assert_eq!(p("31.12"), Ok(d(2026, 12, 31)), "this year");
        assert_eq!(
            p("15.01"),
            Ok(d(2027, 1, 15)),
            "next year: 15.01 has passed"
        );
        assert_eq!(p("25.11"), Ok(d(2026, 11, 25)), "today is still this year");
        assert_eq!(p("+14"), Ok(d(2026, 12, 9)));
        assert_eq!(p("+0"), Ok(today));
        // +3 is Saturday 28.11 → Friday 27.11, with a notice.
        let x = parse("+3", today, &h).unwrap();
        assert_eq!(x.date, d(2026, 11, 27));
        assert_eq!(x.moved_from, Some(d(2026, 11, 28)));
        assert_eq!(p(""), Err(DeadlineError::Empty));
        assert_eq!(p("24.11.2026"), Err(DeadlineError::InThePast));
        assert_eq!(p("+999999"), Err(DeadlineError::NotADate));
        assert_eq!(p("+5000"), Err(DeadlineError::TooFar));
        assert_eq!(p("31.12.2040"), Err(DeadlineError::TooFar));
        for bad in ["31.02", "32.12", "завтра", "+", "+-3", "1.2.3.4", "31/12"] {
            assert_eq!(p(bad), Err(DeadlineError::NotADate), "{bad}");
        }
        // 29.02 in a year without it: the next year that has it is too far from a
        // non-leap pair, so it is not a date.
        assert_eq!(
            parse("29.02", d(2026, 3, 1), &h),
            Err(DeadlineError::NotADate)
        );
        assert_eq!(
            parse("29.02", d(2027, 3, 1), &h).map(|x| x.date),
            Ok(d(2028, 2, 29))
        );
    }

    #[test]
    fn end_of_month_is_the_last_day() {
        assert_eq!(end_of_month(d(2026, 11, 25)), d(2026, 11, 30));
        assert_eq!(end_of_month(d(2026, 12, 1)), d(2026, 12, 31));
        assert_eq!(end_of_month(d(2028, 2, 3)), d(2028, 2, 29));
        // 31.01.2027 is a Sunday: the rule makes it Friday 29.01.
        assert_eq!(
            settle(end_of_month(d(2027, 1, 10)), d(2027, 1, 10), &kg()).date,
            d(2027, 1, 29)
        );
    }

    #[test]
    fn a_deadline_named_in_the_decision_text_is_found() {
        assert_eq!(
            find_in_text("Мектептерди туташтыруу тапшырылсын, в срок до 31.12.2026."),
            Some(d(2026, 12, 31))
        );
        assert_eq!(
            find_in_text("Бардык класстар 2026-жылдын 31-декабрына чейин туташтырылсын."),
            Some(d(2026, 12, 31))
        );
        assert_eq!(
            find_in_text("Обеспечить подключение не позднее 15.01.2027 года"),
            Some(d(2027, 1, 15))
        );
        assert_eq!(
            find_in_text("Отчитаться до 1 марта 2027 года"),
            Some(d(2027, 3, 1))
        );
        assert_eq!(
            find_in_text("2027-жылдын 5-майына чейин отчет берилсин"),
            Some(d(2027, 5, 5))
        );
        assert_eq!(
            find_in_text("Маалымат 01.02.2027-жылга чейин берилсин"),
            Some(d(2027, 2, 1))
        );
        // A date without a word of deadline is not one; nor is nonsense.
        assert_eq!(find_in_text("Протокол 12.11.2026 маалымат үчүн."), None);
        assert_eq!(find_in_text("Маалымат эске алынсын."), None);
        assert_eq!(find_in_text("до 31.02.2026"), None);
        assert_eq!(find_in_text("до 2026-жылдын 31-бирдемеге"), None);
        assert_eq!(find_in_text(""), None);
    }
}
