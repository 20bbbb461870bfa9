//! The action plan (иш-чаралар планы / план мероприятий): measures, their computed status,
//! the "at risk" flag, filters and the tree by section.

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::validate::FieldError;
use super::work::{TaskState, TaskStatus, task_state};

/// One measure of the plan, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub id: i64,
    /// "2.3": numbers of the section and of the measure in it.
    pub number: String,
    pub section: String,
    /// The Kyrgyz title; empty when the measure has only a Russian one.
    pub title: String,
    /// The Russian title; empty when not given (papers in Russian then refuse it).
    pub title_ru: String,
    pub deadline: Option<NaiveDate>,
    pub expected_result: String,
    /// Percent, 0..=100.
    pub progress: i64,
    pub started: bool,
    /// The day it was done (the date part of `done_at`); `None` while not done.
    pub done_on: Option<NaiveDate>,
    pub position: i64,
    pub version: i64,
    /// The responsible organizations (ids), in the order they were linked.
    pub organizations: Vec<i64>,
}

impl Measure {
    pub fn new(number: &str, section: &str, title: &str) -> Measure {
        Measure {
            id: 0,
            number: number.to_string(),
            section: section.to_string(),
            title: title.to_string(),
            title_ru: String::new(),
            deadline: None,
            expected_result: String::new(),
            progress: 0,
            started: false,
            done_on: None,
            position: 0,
            version: 0,
            organizations: Vec::new(),
        }
    }

    /// The title in one language (`russian` or Kyrgyz), empty when it has none in it.
    pub fn title_in(&self, russian: bool) -> &str {
        if russian { &self.title_ru } else { &self.title }
    }

    /// The title a list shows in a language: its own, or the other language's when it has
    /// none (then `true`, so the list can mark it as missing).
    pub fn shown_title(&self, russian: bool) -> (&str, bool) {
        let own = self.title_in(russian).trim();
        if own.is_empty() {
            (self.title_in(!russian).trim(), true)
        } else {
            (own, false)
        }
    }

    pub fn is_done_on(&self, day: NaiveDate) -> bool {
        self.done_on.is_some_and(|d| d <= day)
    }
}

/// What a measure's status is on a day: computed from its deadline, progress and done date,
/// never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeasureStatus {
    NotStarted,
    InProgress,
    Done,
    /// Not done and its deadline has passed.
    Overdue,
}

impl MeasureStatus {
    pub const ALL: [MeasureStatus; 4] = [
        MeasureStatus::NotStarted,
        MeasureStatus::InProgress,
        MeasureStatus::Done,
        MeasureStatus::Overdue,
    ];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn code(self) -> &'static str {
        match self {
            MeasureStatus::NotStarted => "not_started",
            MeasureStatus::InProgress => "in_progress",
            MeasureStatus::Done => "done",
            MeasureStatus::Overdue => "overdue",
        }
    }
}

/// The status of `m` on `day`: done once its done date is reached; overdue when not done
/// and the deadline is before `day` (due on `day` is not yet overdue, as for tasks); in
/// progress when started or partly done; otherwise not started.
pub fn status(m: &Measure, day: NaiveDate) -> MeasureStatus {
    if m.is_done_on(day) {
        MeasureStatus::Done
    } else if m.deadline.is_some_and(|d| d < day) {
        MeasureStatus::Overdue
    } else if m.started || m.progress > 0 {
        MeasureStatus::InProgress
    } else {
        MeasureStatus::NotStarted
    }
}

/// Why a measure is at risk: tasks linked to it are overdue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    /// How many of its linked tasks are overdue.
    pub overdue_tasks: usize,
    /// Days the oldest of them is past its deadline.
    pub oldest_days: i64,
    /// Their executors, each once, in the order met.
    pub executors: Vec<String>,
}

/// A task linked to a measure, as far as the risk needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskLink {
    pub status: TaskStatus,
    pub deadline: NaiveDate,
    pub executor: String,
}

/// A measure not done on `day` whose linked tasks are overdue is at risk; the reason says
/// how many, how late and whose. A done measure is never at risk.
pub fn risk(m: &Measure, tasks: &[TaskLink], day: NaiveDate) -> Option<Risk> {
    if m.is_done_on(day) {
        return None;
    }
    let mut r = Risk {
        overdue_tasks: 0,
        oldest_days: 0,
        executors: Vec::new(),
    };
    for t in tasks {
        if let TaskState::Overdue { days } = task_state(t.status, t.deadline, day) {
            r.overdue_tasks += 1;
            r.oldest_days = r.oldest_days.max(days);
            if !r.executors.contains(&t.executor) {
                r.executors.push(t.executor.clone());
            }
        }
    }
    (r.overdue_tasks > 0).then_some(r)
}

/// A measure number: whole numbers joined by dots ("2", "2.3", "10.2.1"); a trailing dot
/// ("2.3.") is dropped. Returns the number as it will be stored.
pub fn parse_number(s: &str) -> Result<String, FieldError> {
    let t = s.trim().trim_end_matches('.');
    if t.is_empty() {
        return Err(FieldError::Required);
    }
    let ok = t.len() <= 20
        && t.split('.')
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(t.to_string())
    } else {
        Err(FieldError::BadNumber)
    }
}

/// "2.10" after "2.9": part by part, numerically; anything unparsable after, by text.
pub fn cmp_numbers(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Option<Vec<u32>> { s.split('.').map(|p| p.parse().ok()).collect() };
    match (parts(a), parts(b)) {
        (Some(x), Some(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// Sections in the order of their first measure's position, measures by position within
/// their section (then by number).
pub fn order(measures: &mut [Measure]) {
    let mut first: Vec<(String, i64)> = Vec::new();
    for m in measures.iter() {
        match first.iter_mut().find(|(s, _)| *s == m.section) {
            Some((_, p)) => *p = (*p).min(m.position),
            None => first.push((m.section.clone(), m.position)),
        }
    }
    let rank = |section: &str| {
        first
            .iter()
            .find(|(s, _)| s == section)
            .map_or(i64::MAX, |(_, p)| *p)
    };
    measures.sort_by(|a, b| {
        (rank(&a.section), &a.section)
            .cmp(&(rank(&b.section), &b.section))
            .then(a.position.cmp(&b.position))
            .then_with(|| cmp_numbers(&a.number, &b.number))
            .then(a.id.cmp(&b.id))
    });
}

/// The neighbour `m` swaps places with when moved up or down within its section, in an
/// ordered list; `None` at the edge of the section.
pub fn neighbour(ordered: &[Measure], id: i64, up: bool) -> Option<&Measure> {
    let i = ordered.iter().position(|m| m.id == id)?;
    let section = &ordered[i].section;
    let j = if up { i.checked_sub(1)? } else { i + 1 };
    ordered.get(j).filter(|n| n.section == *section)
}

/// What the Plan tab's filters ask for; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFilter {
    pub status: Option<MeasureStatus>,
    pub organization: Option<i64>,
    pub at_risk: bool,
    /// Not done and due on or before this day.
    pub due_by: Option<NaiveDate>,
}

impl PlanFilter {
    pub fn is_empty(&self) -> bool {
        *self == PlanFilter::default()
    }

    pub fn matches(&self, m: &Measure, status: MeasureStatus, at_risk: bool) -> bool {
        self.status.is_none_or(|s| s == status)
            && self
                .organization
                .is_none_or(|o| m.organizations.contains(&o))
            && (!self.at_risk || at_risk)
            && self.due_by.is_none_or(|by| {
                status != MeasureStatus::Done && m.deadline.is_some_and(|d| d <= by)
            })
    }
}

/// A row of the plan as a tree: a section heading, or a measure (an index into the list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeRow {
    Section {
        title: String,
        measures: usize,
        done: usize,
    },
    Measure(usize),
}

/// The tree of an ordered list: each section's heading, then its measures. `done[i]` says
/// whether measure `i` is done (for the heading's count).
pub fn tree(ordered: &[Measure], done: &[bool]) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < ordered.len() {
        let section = &ordered[i].section;
        let n = ordered[i..]
            .iter()
            .take_while(|m| m.section == *section)
            .count();
        rows.push(TreeRow::Section {
            title: section.clone(),
            measures: n,
            done: (i..i + n).filter(|k| done.get(*k) == Some(&true)).count(),
        });
        rows.extend((i..i + n).map(TreeRow::Measure));
        i += n;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    fn m(number: &str, section: &str, position: i64) -> Measure {
        Measure {
            id: position,
            position,
            ..Measure::new(number, section, "Иш-чара")
        }
    }

    #[test]
    fn status_is_computed_from_deadline_progress_and_done_date() {
        let today = d("25.11.2026");
        let mut x = m("1.1", "A", 1);
        assert_eq!(status(&x, today), MeasureStatus::NotStarted);
        x.progress = 10;
        assert_eq!(status(&x, today), MeasureStatus::InProgress);
        x.progress = 0;
        x.started = true;
        assert_eq!(status(&x, today), MeasureStatus::InProgress);
        x.deadline = Some(d("25.11.2026"));
        assert_eq!(status(&x, today), MeasureStatus::InProgress, "due today");
        x.deadline = Some(d("24.11.2026"));
        assert_eq!(status(&x, today), MeasureStatus::Overdue);
        x.done_on = Some(d("20.11.2026"));
        assert_eq!(status(&x, today), MeasureStatus::Done);
        // On a day before it was done, it was still overdue (or not yet due).
        assert_eq!(status(&x, d("19.11.2026")), MeasureStatus::InProgress);
        assert_eq!(
            status(
                &Measure {
                    done_on: None,
                    ..x.clone()
                },
                d("30.11.2026")
            ),
            MeasureStatus::Overdue
        );
    }

    #[test]
    fn a_title_in_each_language_and_the_other_shown_marked_when_one_is_missing() {
        let both = Measure {
            title_ru: "Интернет в школах".into(),
            ..Measure::new("1.1", "", "Мектептерде интернет")
        };
        assert_eq!(both.title_in(false), "Мектептерде интернет");
        assert_eq!(both.title_in(true), "Интернет в школах");
        assert_eq!(both.shown_title(true), ("Интернет в школах", false));
        assert_eq!(both.shown_title(false), ("Мектептерде интернет", false));
        let ky_only = Measure::new("1.2", "", "Wi-Fi паркта");
        assert_eq!(ky_only.title_in(true), "");
        assert_eq!(ky_only.shown_title(true), ("Wi-Fi паркта", true));
        let ru_only = Measure {
            title_ru: "Wi-Fi в парке".into(),
            ..Measure::new("1.3", "", " ")
        };
        assert_eq!(ru_only.shown_title(false), ("Wi-Fi в парке", true));
        assert_eq!(ru_only.shown_title(true), ("Wi-Fi в парке", false));
    }

    #[test]
    fn at_risk_when_linked_tasks_are_overdue_with_the_reason() {
        let today = d("25.11.2026");
        let x = m("2.3", "B", 1);
        let t = |status, deadline: &str, who: &str| TaskLink {
            status,
            deadline: d(deadline),
            executor: who.into(),
        };
        let tasks = vec![
            t(TaskStatus::Assigned, "15.11.2026", "№5 мектеп"),
            t(TaskStatus::InProgress, "05.11.2026", "№9 гимназия"),
            t(TaskStatus::ExtensionRequested, "20.11.2026", "№5 мектеп"),
            t(TaskStatus::DoneLate, "01.10.2026", "Мэрия"),
            t(TaskStatus::Assigned, "25.11.2026", "Мэрия"), // due today: not overdue
        ];
        let r = risk(&x, &tasks, today).unwrap();
        assert_eq!(r.overdue_tasks, 3);
        assert_eq!(r.oldest_days, 20);
        assert_eq!(r.executors, vec!["№5 мектеп", "№9 гимназия"]);
        assert_eq!(risk(&x, &tasks[3..], today), None);
        let done = Measure {
            done_on: Some(d("24.11.2026")),
            ..x
        };
        assert_eq!(risk(&done, &tasks, today), None, "done is never at risk");
    }

    #[test]
    fn numbers_parse_and_order_naturally() {
        assert_eq!(parse_number(" 2.3. "), Ok("2.3".into()));
        assert_eq!(parse_number("10"), Ok("10".into()));
        assert_eq!(parse_number(""), Err(FieldError::Required));
        for bad in ["2..3", "a.1", "2,3", ".1", "1.2.3.4.5.6.7.8.99999"] {
            assert_eq!(parse_number(bad), Err(FieldError::BadNumber), "{bad}");
        }
        let mut v = vec!["2.10", "2.9", "10.1", "2", "x"];
        v.sort_by(|a, b| cmp_numbers(a, b));
        assert_eq!(v, vec!["2", "2.9", "2.10", "10.1", "x"]);
    }

    #[test]
    fn tree_groups_by_section_in_plan_order() {
        let mut v = vec![
            m("2.1", "Б", 3),
            m("1.2", "А", 2),
            m("2.2", "Б", 4),
            m("1.1", "А", 1),
            m("1.3", "А", 9),
        ];
        order(&mut v);
        let numbers: Vec<&str> = v.iter().map(|m| m.number.as_str()).collect();
        assert_eq!(numbers, vec!["1.1", "1.2", "1.3", "2.1", "2.2"]);
        let rows = tree(&v, &[true, false, true, false, false]);
        assert_eq!(
            rows,
            vec![
                TreeRow::Section {
                    title: "А".into(),
                    measures: 3,
                    done: 2
                },
                TreeRow::Measure(0),
                TreeRow::Measure(1),
                TreeRow::Measure(2),
                TreeRow::Section {
                    title: "Б".into(),
                    measures: 2,
                    done: 0
                },
                TreeRow::Measure(3),
                TreeRow::Measure(4),
            ]
        );
        // Moving stays within the section.
        assert_eq!(neighbour(&v, 3, true), None, "1.1 is first of А");
        assert_eq!(neighbour(&v, 9, false), None, "1.3 is last of А");
        assert_eq!(neighbour(&v, 2, false).map(|m| m.id), Some(9));
        assert_eq!(neighbour(&v, 4, true).map(|m| m.id), Some(3));
    }

    #[test]
    fn filters_combine() {
        let today = d("25.11.2026");
        let mut x = m("1.1", "A", 1);
        x.organizations = vec![7];
        x.deadline = Some(d("31.12.2026"));
        let st = status(&x, today);
        assert!(PlanFilter::default().matches(&x, st, false));
        let f = PlanFilter {
            organization: Some(7),
            due_by: Some(d("31.12.2026")),
            ..Default::default()
        };
        assert!(f.matches(&x, st, false));
        assert!(
            !PlanFilter {
                due_by: Some(d("30.12.2026")),
                ..f.clone()
            }
            .matches(&x, st, false)
        );
        assert!(
            !PlanFilter {
                organization: Some(8),
                ..f.clone()
            }
            .matches(&x, st, false)
        );
        let risky = PlanFilter {
            at_risk: true,
            ..Default::default()
        };
        assert!(!risky.matches(&x, st, false));
        assert!(risky.matches(&x, st, true));
        let done = PlanFilter {
            status: Some(MeasureStatus::Done),
            ..Default::default()
        };
        assert!(!done.matches(&x, st, false));
        assert!(done.matches(&x, MeasureStatus::Done, false));
        assert!(
            !f.matches(&x, MeasureStatus::Done, false),
            "due-by lists what is not done"
        );
    }
}
