//! Sessions of the HQ and their agendas; the rule that plans a year of regular sessions.

use super::deadline::Holidays;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

pub use super::work::{SessionKind, SessionStatus};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub year: i32,
    pub number: i64,
    pub kind: SessionKind,
    /// Why an extraordinary session is called; empty for a regular one.
    pub reason: String,
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub place: String,
    /// Planned length, against which the agenda's minutes are shown.
    pub duration_minutes: i64,
    pub status: SessionStatus,
    pub version: i64,
}

impl Session {
    /// "3/2026"
    pub fn label(&self) -> String {
        format!("{}/{}", self.number, self.year)
    }

    /// Agenda items may be added, changed or removed only until the session is held.
    pub fn agenda_editable(&self) -> bool {
        matches!(
            self.status,
            SessionStatus::Planned | SessionStatus::AgendaApproved
        )
    }
}

/// "3/2026" → (3, 2026).
pub fn parse_label(s: &str) -> Option<(i64, i32)> {
    let (n, y) = s.trim().split_once('/')?;
    let n: i64 = n.trim().parse().ok()?;
    let y: i32 = y.trim().parse().ok()?;
    (n > 0 && (1900..=2999).contains(&y)).then_some((n, y))
}

/// `hh:mm`, 00:00–23:59.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.chars().chain(m.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

pub fn format_time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaItemKind {
    Report,
    /// The head of an organization that did not execute is heard.
    Hearing,
    Other,
}

impl AgendaItemKind {
    pub const ALL: [AgendaItemKind; 3] = [
        AgendaItemKind::Report,
        AgendaItemKind::Hearing,
        AgendaItemKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AgendaItemKind::Report => "report",
            AgendaItemKind::Hearing => "hearing",
            AgendaItemKind::Other => "other",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// What became of an item at the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Decided,
    Postponed,
    NoDecision,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Pending,
        Outcome::Decided,
        Outcome::Postponed,
        Outcome::NoDecision,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Decided => "decided",
            Outcome::Postponed => "postponed",
            Outcome::NoDecision => "no_decision",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// Items that end like this are offered again for the next session.
    pub fn carries_over(self) -> bool {
        matches!(self, Outcome::Postponed | Outcome::NoDecision)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub id: i64,
    pub session_id: i64,
    pub position: i64,
    pub title: String,
    pub kind: AgendaItemKind,
    /// An HQ member speaking, or else `speaker_name` (an invited person).
    pub speaker_member_id: Option<i64>,
    pub speaker_name: String,
    pub minutes: i64,
    pub outcome: Outcome,
    pub organization_ids: Vec<i64>,
    pub measure_ids: Vec<i64>,
    pub task_ids: Vec<i64>,
    /// The item of an earlier session this one carries over.
    pub carried_from: Option<i64>,
    pub version: i64,
}

impl AgendaItem {
    pub fn new(session_id: i64, title: &str, kind: AgendaItemKind) -> Self {
        AgendaItem {
            id: 0,
            session_id,
            position: 0,
            title: title.to_string(),
            kind,
            speaker_member_id: None,
            speaker_name: String::new(),
            minutes: 10,
            outcome: Outcome::Pending,
            organization_ids: Vec::new(),
            measure_ids: Vec::new(),
            task_ids: Vec::new(),
            carried_from: None,
            version: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitedPerson {
    pub id: i64,
    pub session_id: i64,
    pub full_name: String,
    pub position: String,
    pub organization_id: Option<i64>,
    pub version: i64,
}

/// Which day of the month a regular session falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthDay {
    /// The n-th (1–4) given weekday of the month.
    Nth(u8, Weekday),
    /// The last given weekday of the month.
    Last(Weekday),
    /// A fixed day (1–31), moved to the month's last day in shorter months.
    Day(u32),
}

impl MonthDay {
    pub fn date_in(self, year: i32, month: u32) -> Option<NaiveDate> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next_first = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        let last = next_first - Duration::days(1);
        match self {
            MonthDay::Nth(n, wd) => {
                if !(1..=4).contains(&n) {
                    return None;
                }
                let shift =
                    (7 + wd.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
                Some(first + Duration::days(shift as i64 + 7 * (n as i64 - 1)))
            }
            MonthDay::Last(wd) => {
                let back =
                    (7 + last.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
                Some(last - Duration::days(back as i64))
            }
            MonthDay::Day(d) => {
                if d == 0 {
                    return None;
                }
                Some(NaiveDate::from_ymd_opt(year, month, d).unwrap_or(last))
            }
        }
    }
}

/// A date the year plan proposes, and whether it is skipped (and why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDate {
    pub date: NaiveDate,
    pub skip: Option<SkipReason>,
    /// The rule's date was a public holiday: `date` is the working day after it (or before
    /// it, not to leave the month), and this is the holiday, for the plan to say so.
    pub holiday: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A session is already set for that date.
    DateTaken,
    /// The month already has a regular session.
    MonthHasRegular,
}

/// The regular sessions of `year` by `rule`, given the dates of the sessions already set
/// (`existing`: date and whether it is regular); public holidays from the shipped list.
pub fn plan_year(year: i32, rule: MonthDay, existing: &[(NaiveDate, bool)]) -> Vec<PlannedDate> {
    plan_year_with(year, rule, existing, &Holidays::builtin())
}

/// [`plan_year`] with the holidays given: a date of the rule that is a public holiday moves
/// to the next working day of its month (else the one before) and is flagged.
pub fn plan_year_with(
    year: i32,
    rule: MonthDay,
    existing: &[(NaiveDate, bool)],
    holidays: &Holidays,
) -> Vec<PlannedDate> {
    (1..=12)
        .filter_map(|m| rule.date_in(year, m))
        .map(|day| {
            if !holidays.is_holiday(day) {
                return (day, None);
            }
            let after = holidays.next_working_day(day);
            let moved = if after.month() == day.month() {
                after
            } else {
                holidays.previous_working_day(day)
            };
            (moved, Some(day))
        })
        .map(|(date, holiday)| {
            let skip = if existing.iter().any(|(d, _)| *d == date) {
                Some(SkipReason::DateTaken)
            } else if existing
                .iter()
                .any(|(d, regular)| *regular && d.year() == year && d.month() == date.month())
            {
                Some(SkipReason::MonthHasRegular)
            } else {
                None
            };
            PlannedDate {
                date,
                skip,
                holiday,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    /// 08.03.2027 (the second Monday of March) is Women's Day in `assets/holidays.txt`: the
    /// plan moves the session to the next working day and says which holiday it avoided.
    #[test]
    fn a_year_plan_never_puts_a_session_on_a_public_holiday() {
        let plan = plan_year(2027, MonthDay::Nth(2, Weekday::Mon), &[]);
        let march = &plan[2];
        assert_eq!(march.date, d(2027, 3, 9));
        assert_eq!(march.holiday, Some(d(2027, 3, 8)));
        let h = Holidays::builtin();
        assert!(plan.iter().all(|p| !h.is_holiday(p.date)));
        assert!(
            plan.iter()
                .filter_map(|p| p.holiday)
                .all(|x| h.is_holiday(x))
        );
        // A holiday at a month's end moves back, staying in its month.
        let h = Holidays::parse("2027-12-31").unwrap();
        let dec = &plan_year_with(2027, MonthDay::Day(31), &[], &h)[11];
        assert_eq!(
            (dec.date, dec.holiday),
            (d(2027, 12, 30), Some(d(2027, 12, 31)))
        );
        // A date already taken is still skipped after the move.
        let plan = plan_year(
            2027,
            MonthDay::Nth(2, Weekday::Mon),
            &[(d(2027, 3, 9), false)],
        );
        assert_eq!(plan[2].skip, Some(SkipReason::DateTaken));
    }
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn last_thursday_of_each_month() {
        let dates: Vec<NaiveDate> = plan_year(2026, MonthDay::Last(Weekday::Thu), &[])
            .into_iter()
            .map(|p| p.date)
            .collect();
        assert_eq!(dates.len(), 12);
        assert_eq!(dates[0], d(2026, 1, 29));
        assert_eq!(dates[1], d(2026, 2, 26));
        assert_eq!(dates[10], d(2026, 11, 26));
        assert_eq!(dates[11], d(2026, 12, 31));
        assert!(dates.iter().all(|x| x.weekday() == Weekday::Thu));
    }

    #[test]
    fn nth_weekday_and_fixed_days_at_month_ends() {
        assert_eq!(
            MonthDay::Nth(1, Weekday::Mon).date_in(2026, 6),
            Some(d(2026, 6, 1))
        );
        assert_eq!(
            MonthDay::Nth(4, Weekday::Fri).date_in(2026, 2),
            Some(d(2026, 2, 27))
        );
        assert_eq!(MonthDay::Nth(5, Weekday::Fri).date_in(2026, 2), None);
        // 30th in February: the last day, in a leap year the 29th.
        assert_eq!(MonthDay::Day(30).date_in(2026, 2), Some(d(2026, 2, 28)));
        assert_eq!(MonthDay::Day(30).date_in(2028, 2), Some(d(2028, 2, 29)));
        assert_eq!(MonthDay::Day(31).date_in(2026, 4), Some(d(2026, 4, 30)));
        assert_eq!(MonthDay::Day(0).date_in(2026, 4), None);
        assert_eq!(
            MonthDay::Last(Weekday::Sun).date_in(2028, 2),
            Some(d(2028, 2, 27))
        );
    }

    #[test]
    fn existing_sessions_are_skipped() {
        let existing = [
            (d(2026, 1, 29), false), // an extraordinary one on the very date
            (d(2026, 3, 12), true),  // March already has its regular session
            (d(2026, 4, 2), false),  // extraordinary, another date: April still planned
        ];
        let plan = plan_year(2026, MonthDay::Last(Weekday::Thu), &existing);
        assert_eq!(plan[0].skip, Some(SkipReason::DateTaken));
        assert_eq!(plan[1].skip, None);
        assert_eq!(plan[2].skip, Some(SkipReason::MonthHasRegular));
        assert_eq!(plan[3].skip, None);
    }

    #[test]
    fn labels_and_times() {
        assert_eq!(parse_label("3/2026"), Some((3, 2026)));
        assert_eq!(parse_label(" 12 / 2025 "), Some((12, 2025)));
        for bad in ["", "3", "0/2026", "x/2026", "3/26", "3/2026/1"] {
            assert_eq!(parse_label(bad), None, "{bad}");
        }
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
        assert_eq!(format_time(parse_time("10:00").unwrap()), "10:00");
        for bad in [
            "", "24:00", "10:60", "10-00", "10:0", "1000", "+1:00", "10:00:00",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
