//! The trend: the monthly report's figures for each of the last N months, each month as of
//! its own last day (`Month::as_of`), so a month's column equals that month's report.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::OrgKind;
use super::report::{Figures, Month, TaskFigures};

/// How many months a trend shows unless asked otherwise.
pub const DEFAULT_MONTHS: usize = 12;
/// The most months a trend may ask for (ten years).
pub const MAX_MONTHS: usize = 120;

/// One month of a trend. In JSON (an issued report's `trend`): `month` as "YYYY-MM",
/// `as_of` as "YYYY-MM-DD", `figures` as the report's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendMonth {
    #[serde(with = "month_text")]
    pub month: Month,
    /// The day the figures describe the end of (the month's last day, or today for the
    /// current month).
    pub as_of: NaiveDate,
    pub figures: Figures,
}

impl TrendMonth {
    /// The task figures overall, or of one kind of organization.
    pub fn tasks(&self, kind: Option<OrgKind>) -> TaskFigures {
        match kind {
            None => self.figures.tasks.clone(),
            Some(k) => self
                .figures
                .kind(k)
                .map(|f| f.tasks.clone())
                .unwrap_or_default(),
        }
    }

    /// Organizations heard, overall or of one kind.
    pub fn organizations_heard(&self, kind: Option<OrgKind>) -> i64 {
        match kind {
            None => self.figures.organizations_heard,
            Some(k) => self
                .figures
                .kind(k)
                .map(|f| f.organizations_heard)
                .unwrap_or(0),
        }
    }

    pub fn sessions_held(&self) -> i64 {
        self.figures.sessions_regular + self.figures.sessions_extraordinary
    }
}

/// A month as "YYYY-MM" in JSON.
mod month_text {
    use super::Month;

    pub fn serialize<S: serde::Serializer>(m: &Month, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(m)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        Month::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a month (YYYY-MM)")))
    }
}

/// The figures of consecutive months, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    pub months: Vec<TrendMonth>,
}

impl Trend {
    /// The `n` months that end with `last`, oldest first.
    pub fn span(last: Month, n: usize) -> Vec<Month> {
        let mut out = Vec::with_capacity(n);
        let mut m = last;
        for _ in 0..n {
            out.push(m);
            m = m.prev();
        }
        out.reverse();
        out
    }

    pub fn last(&self) -> Option<&TrendMonth> {
        self.months.last()
    }

    pub fn get(&self, month: Month) -> Option<&TrendMonth> {
        self.months.iter().find(|m| m.month == month)
    }
}

/// One organization's month: its tasks (as executor at the month's end) overdue at the end
/// of the month and executed in it, by the monthly report's definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgMonth {
    pub month: Month,
    pub overdue: i64,
    pub done_on_time: i64,
    pub done_late: i64,
}

impl OrgMonth {
    /// No figures: a month in which the organization had nothing to count.
    pub fn empty(month: Month) -> OrgMonth {
        OrgMonth {
            month,
            overdue: 0,
            done_on_time: 0,
            done_late: 0,
        }
    }

    /// The on-time rate of the month (see [`on_time_rate`]).
    pub fn on_time_rate(&self) -> Option<u32> {
        on_time_rate(&TaskFigures {
            done_on_time: self.done_on_time,
            done_late: self.done_late,
            ..TaskFigures::default()
        })
    }
}

/// The share of the month's executed tasks that were executed on time, in whole percent
/// (rounded half up); `None` when none were executed (no rate, not 0 %).
pub fn on_time_rate(t: &TaskFigures) -> Option<u32> {
    let done = t.done_on_time + t.done_late;
    if done <= 0 || t.done_on_time < 0 {
        return None;
    }
    Some(((t.done_on_time * 200 + done) / (2 * done)) as u32)
}

/// Better, the same or worse: a month's figure beside the one three months before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Better,
    Same,
    Worse,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::Better => "better",
            Direction::Same => "same",
            Direction::Worse => "worse",
        }
    }
}

/// The direction of an organization from its overdue count at the end of a month against
/// the one three months before (fewer overdue is better).
pub fn overdue_direction(before: i64, now: i64) -> Direction {
    match now.cmp(&before) {
        std::cmp::Ordering::Less => Direction::Better,
        std::cmp::Ordering::Equal => Direction::Same,
        std::cmp::Ordering::Greater => Direction::Worse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(on_time: i64, late: i64) -> TaskFigures {
        TaskFigures {
            done_on_time: on_time,
            done_late: late,
            ..TaskFigures::default()
        }
    }

    #[test]
    fn rate_is_none_without_executed_tasks() {
        assert_eq!(on_time_rate(&t(0, 0)), None);
    }

    #[test]
    fn rate_rounds_half_up() {
        assert_eq!(on_time_rate(&t(1, 1)), Some(50));
        assert_eq!(on_time_rate(&t(2, 1)), Some(67));
        assert_eq!(on_time_rate(&t(1, 2)), Some(33));
        assert_eq!(on_time_rate(&t(1, 7)), Some(13)); // 12.5 → 13
        assert_eq!(on_time_rate(&t(5, 0)), Some(100));
        assert_eq!(on_time_rate(&t(0, 5)), Some(0));
    }

    #[test]
    fn span_crosses_the_year_oldest_first() {
        let last = Month::new(2026, 2).unwrap();
        let s = Trend::span(last, 4);
        let labels: Vec<String> = s.iter().map(|m| m.to_string()).collect();
        assert_eq!(labels, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        assert!(Trend::span(last, 0).is_empty());
    }

    #[test]
    fn an_organization_month_has_the_same_rate() {
        let m = Month::new(2026, 3).unwrap();
        let o = OrgMonth {
            done_on_time: 2,
            done_late: 1,
            ..OrgMonth::empty(m)
        };
        assert_eq!(o.on_time_rate(), Some(67));
        assert_eq!(OrgMonth::empty(m).on_time_rate(), None);
    }

    #[test]
    fn fewer_overdue_is_better() {
        assert_eq!(overdue_direction(5, 3), Direction::Better);
        assert_eq!(overdue_direction(3, 3), Direction::Same);
        assert_eq!(overdue_direction(0, 1), Direction::Worse);
    }
}
