//! Randomness (a tiny deterministic PRNG), dates, made-up people and phone numbers.

use chrono::{Datelike, Months, NaiveDate, TimeDelta, Weekday};

use super::data::Names;
use crate::domain::text::fold;

/// splitmix64: tiny, fast, and the same everywhere.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// 0..n (n > 0).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// lo..=hi; lo when hi < lo.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next() % (hi - lo + 1) as u64) as i64
        }
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(super) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub(super) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(TimeDelta::days(n)).unwrap_or(d)
}

pub(super) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

pub(super) fn stamp(d: NaiveDate, hour: i64, minute: i64) -> String {
    format!("{d}T{hour:02}:{minute:02}:00")
}

/// An office-hours timestamp on `d`.
pub(super) fn office_stamp(rng: &mut Rng, d: NaiveDate) -> String {
    let h = rng.range(9, 17);
    let m = rng.range(0, 59);
    stamp(d, h, m)
}

/// Saturday moves back to Friday, Sunday on to Monday.
pub(super) fn weekday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => add_days(d, -1),
        Weekday::Sun => add_days(d, 1),
        _ => d,
    }
}

/// A deadline after the working-day rule: a weekend or holiday moves to the working day
/// before, or after when the day before is earlier than `not_before`.
pub(super) fn working_deadline(
    h: &crate::domain::deadline::Holidays,
    d: NaiveDate,
    not_before: NaiveDate,
) -> NaiveDate {
    let before = h.previous_working_day(d);
    if before >= not_before {
        before
    } else {
        h.next_working_day(d)
    }
}

/// The day after `d`, or Monday when that falls on a weekend.
pub(super) fn next_workday(d: NaiveDate) -> NaiveDate {
    let n = add_days(d, 1);
    match n.weekday() {
        Weekday::Sat => add_days(n, 2),
        Weekday::Sun => add_days(n, 1),
        _ => n,
    }
}

pub(super) fn month_start(today: NaiveDate, offset: i32) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    let m = Months::new(offset.unsigned_abs());
    if offset >= 0 {
        first.checked_add_months(m)
    } else {
        first.checked_sub_months(m)
    }
    .unwrap_or(first)
}

/// Latin transliteration for e-mail addresses.
pub(super) fn translit(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        let t = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'ң' => "ng",
            'о' | 'ө' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' | 'ү' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "sch",
            'ы' => "y",
            'ю' => "yu",
            'я' => "ya",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(t);
    }
    out
}

pub(super) struct Person {
    pub full: String,
    pub surname: String,
    pub first: String,
}

pub(super) fn person(rng: &mut Rng, n: &Names) -> Person {
    let female = rng.chance(45);
    let (surname, first, father) = if rng.chance(15) {
        let s = rng.pick(&n.ru_surnames).to_string();
        let p = rng.pick(&n.ru_fathers);
        let (m, f) = (p.male, p.female);
        if female {
            (
                format!("{s}а"),
                rng.pick(&n.ru_female).to_string(),
                f.to_string(),
            )
        } else {
            (s, rng.pick(&n.ru_male).to_string(), m.to_string())
        }
    } else {
        let s = rng.pick(&n.kg_surnames).to_string();
        let father = rng.pick(&n.kg_fathers);
        if female {
            (
                format!("{s}а"),
                rng.pick(&n.kg_female).to_string(),
                format!("{father}овна"),
            )
        } else {
            (s, rng.pick(&n.kg_male).to_string(), format!("{father}ович"))
        }
    };
    Person {
        full: format!("{surname} {first} {father}"),
        surname,
        first,
    }
}

pub(super) fn landline(rng: &mut Rng) -> String {
    format!(
        "+996 3138 {}-{:02}-{:02}",
        rng.range(5, 6),
        rng.range(0, 99),
        rng.range(0, 99)
    )
}

pub(super) fn mobile(rng: &mut Rng) -> String {
    let op = *rng.pick(&[555, 700, 707, 772, 779, 999]);
    format!(
        "+996 {op} {:02}-{:02}-{:02}",
        rng.range(10, 99),
        rng.range(0, 99),
        rng.range(0, 99)
    )
}
