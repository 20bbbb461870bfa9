//! Who executes the HQ's tasks and who fails: the metrics per organization and the rules
//! that propose the next step of the escalation ladder.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::OrgKind;
use super::work::EscalationStep;

/// The figures of one organization (over the tasks whose deadline falls in the period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMetrics {
    pub organization_id: i64,
    pub name_ky: String,
    pub name_ru: String,
    pub kind: OrgKind,
    pub assigned: i64,
    pub done_on_time: i64,
    pub done_late: i64,
    pub cancelled: i64,
    pub open: i64,
    pub overdue_now: i64,
    pub extensions: i64,
    /// Days the oldest task still open is past its deadline (0 when none is).
    pub oldest_overdue_days: i64,
    /// Months of the last six in which at least one of its tasks was overdue.
    pub overdue_months: u32,
    /// The latest step taken that still concerns its current failures, and when.
    pub stage: Option<(EscalationStep, NaiveDate)>,
}

impl OrgMetrics {
    /// Done on time out of those whose outcome is known: done on time, done late, or
    /// overdue now. `None` when there is nothing to judge yet.
    pub fn on_time_percent(&self) -> Option<i64> {
        let judged = self.done_on_time + self.done_late + self.overdue_now;
        (judged > 0).then(|| (self.done_on_time * 100 + judged / 2) / judged)
    }

    /// Overdue in two or more months of the last six.
    pub fn repeat_failure(&self) -> bool {
        self.overdue_months >= 2
    }

    /// Worst first: overdue now, then the oldest overdue, then the lowest on-time rate.
    pub fn badness(&self) -> (i64, i64, i64, i64) {
        (
            self.overdue_now,
            self.oldest_overdue_days,
            100 - self.on_time_percent().unwrap_or(100),
            self.done_late,
        )
    }
}

/// Sort worst first, then by name in the Kyrgyz alphabet.
pub fn sort_worst_first(rows: &mut [OrgMetrics]) {
    rows.sort_by(|a, b| {
        b.badness()
            .cmp(&a.badness())
            .then_with(|| super::text::ky_cmp(&a.name_ky, &b.name_ky))
    });
}

/// The sum of rows of one kind (all schools, all homeowners' associations …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindSummary {
    pub kind: OrgKind,
    pub organizations: i64,
    pub failing: i64,
    pub assigned: i64,
    pub done_on_time: i64,
    pub done_late: i64,
    pub open: i64,
    pub overdue_now: i64,
}

impl KindSummary {
    pub fn on_time_percent(&self) -> Option<i64> {
        let judged = self.done_on_time + self.done_late + self.overdue_now;
        (judged > 0).then(|| (self.done_on_time * 100 + judged / 2) / judged)
    }
}

pub fn by_kind(rows: &[OrgMetrics]) -> Vec<KindSummary> {
    OrgKind::ALL
        .iter()
        .filter_map(|&kind| {
            let of: Vec<&OrgMetrics> = rows.iter().filter(|r| r.kind == kind).collect();
            (!of.is_empty()).then(|| KindSummary {
                kind,
                organizations: of.len() as i64,
                failing: of.iter().filter(|r| r.overdue_now > 0).count() as i64,
                assigned: of.iter().map(|r| r.assigned).sum(),
                done_on_time: of.iter().map(|r| r.done_on_time).sum(),
                done_late: of.iter().map(|r| r.done_late).sum(),
                open: of.iter().map(|r| r.open).sum(),
                overdue_now: of.iter().map(|r| r.overdue_now).sum(),
            })
        })
        .collect()
}

/// The total row of a summary by kind: every figure summed, the percentage computed from the
/// sums (never an average of percentages). `kind` is the first kind's, and means nothing.
pub fn total(sums: &[KindSummary]) -> Option<KindSummary> {
    let first = sums.first()?;
    Some(KindSummary {
        kind: first.kind,
        organizations: sums.iter().map(|k| k.organizations).sum(),
        failing: sums.iter().map(|k| k.failing).sum(),
        assigned: sums.iter().map(|k| k.assigned).sum(),
        done_on_time: sums.iter().map(|k| k.done_on_time).sum(),
        done_late: sums.iter().map(|k| k.done_late).sum(),
        open: sums.iter().map(|k| k.open).sum(),
        overdue_now: sums.iter().map(|k| k.overdue_now).sum(),
    })
}

/// When each next step is proposed. Kept as a setting; these are the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// A reminder once a task is this many days overdue (0: as soon as it is overdue).
    pub reminder_after_days: i64,
    /// A warning once a task is this many days overdue …
    pub warning_after_days: i64,
    /// … or once this many tasks are overdue at the same time.
    pub warning_at_overdue_tasks: i64,
    /// Days to wait after a warning before the head is heard at a session.
    pub hearing_after_warning_days: i64,
    /// Days after a hearing, still overdue, before administrative liability.
    pub liability_after_hearing_days: i64,
    /// Days after liability before the materials go to a higher body.
    pub higher_body_after_days: i64,
    /// Days after that before they go to law enforcement.
    pub law_enforcement_after_days: i64,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            reminder_after_days: 0,
            warning_after_days: 14,
            warning_at_overdue_tasks: 2,
            hearing_after_warning_days: 7,
            liability_after_hearing_days: 30,
            higher_body_after_days: 30,
            law_enforcement_after_days: 30,
        }
    }
}

/// The next step the rules propose for an organization today, if any.
pub fn propose(m: &OrgMetrics, rules: &Rules, today: NaiveDate) -> Option<EscalationStep> {
    if m.overdue_now == 0 {
        return None;
    }
    let since = |d: NaiveDate| (today - d).num_days();
    match m.stage {
        None => {
            (m.oldest_overdue_days > rules.reminder_after_days).then_some(EscalationStep::Reminder)
        }
        Some((EscalationStep::Reminder, _)) => (m.oldest_overdue_days > rules.warning_after_days
            || m.overdue_now >= rules.warning_at_overdue_tasks)
            .then_some(EscalationStep::Warning),
        Some((EscalationStep::Warning, on)) => {
            (since(on) >= rules.hearing_after_warning_days).then_some(EscalationStep::Hearing)
        }
        Some((EscalationStep::Hearing, on)) => (since(on) >= rules.liability_after_hearing_days)
            .then_some(EscalationStep::AdministrativeLiability),
        Some((EscalationStep::AdministrativeLiability, on)) => {
            (since(on) >= rules.higher_body_after_days).then_some(EscalationStep::HigherBody)
        }
        Some((EscalationStep::HigherBody, on)) => (since(on) >= rules.law_enforcement_after_days)
            .then_some(EscalationStep::LawEnforcement),
        Some((EscalationStep::LawEnforcement, _)) => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepError {
    /// A step is skipped (or taken again out of order) without a reason.
    SkipNeedsReason { expected: Option<EscalationStep> },
    /// The step is already behind: the ladder only goes up.
    Backwards,
}

/// Steps go in order; skipping one needs a reason.
pub fn check_step(
    stage: Option<EscalationStep>,
    step: EscalationStep,
    skip_reason: &str,
) -> Result<(), StepError> {
    let expected = match stage {
        None => Some(EscalationStep::Reminder),
        Some(s) => s.next(),
    };
    if stage.is_some_and(|s| step <= s) {
        return Err(StepError::Backwards);
    }
    if Some(step) != expected && skip_reason.trim().is_empty() {
        return Err(StepError::SkipNeedsReason { expected });
    }
    Ok(())
}

/// The months (year, month) in which a task overdue from `deadline` until `until`
/// (its closing day, or today when still open) was overdue.
pub fn overdue_months(deadline: NaiveDate, until: NaiveDate) -> Vec<(i32, u32)> {
    let Some(first) = deadline.succ_opt() else {
        return Vec::new();
    };
    if until < first {
        return Vec::new();
    }
    let mut out = Vec::new();
    let (mut y, mut m) = (first.year(), first.month());
    while (y, m) <= (until.year(), until.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The six months ending with `today`'s month.
pub fn last_six_months(today: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::with_capacity(6);
    let (mut y, mut m) = (today.year(), today.month());
    for _ in 0..6 {
        out.push((y, m));
        (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    }
    out
}

/// "2026-03..2026-11" → (1 March 2026, 30 November 2026).
pub fn parse_period(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let month = |x: &str| -> Option<(i32, u32)> {
        let (y, m) = x.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        Some((y.parse().ok()?, m.parse().ok()?))
    };
    let (a, b) = s.split_once("..")?;
    let (ay, am) = month(a)?;
    let (by, bm) = month(b)?;
    let from = NaiveDate::from_ymd_opt(ay, am, 1)?;
    let next = if bm == 12 {
        NaiveDate::from_ymd_opt(by + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(by, bm + 1, 1)?
    };
    let to = next.pred_opt()?;
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn metrics(
        overdue_now: i64,
        oldest: i64,
        stage: Option<(EscalationStep, NaiveDate)>,
    ) -> OrgMetrics {
        OrgMetrics {
            organization_id: 1,
            name_ky: "№5 орто мектеби".into(),
            name_ru: String::new(),
            kind: OrgKind::School,
            assigned: 10,
            done_on_time: 6,
            done_late: 2,
            cancelled: 0,
            open: 2,
            overdue_now,
            extensions: 1,
            oldest_overdue_days: oldest,
            overdue_months: 0,
            stage,
        }
    }

    #[test]
    fn on_time_rate_counts_known_outcomes() {
        let m = metrics(2, 5, None);
        // 6 on time of 6 + 2 late + 2 overdue = 60 %.
        assert_eq!(m.on_time_percent(), Some(60));
        let mut none = metrics(0, 0, None);
        none.done_on_time = 0;
        none.done_late = 0;
        assert_eq!(none.on_time_percent(), None);
    }

    #[test]
    fn each_rule_at_its_boundary() {
        let r = Rules::default();
        let today = d(2026, 11, 25);
        // Nothing overdue: nothing proposed, whatever the stage.
        assert_eq!(propose(&metrics(0, 0, None), &r, today), None);
        // Overdue at all → reminder (one day late is "at all").
        assert_eq!(
            propose(&metrics(1, 1, None), &r, today),
            Some(EscalationStep::Reminder)
        );
        assert_eq!(propose(&metrics(1, 0, None), &r, today), None);
        // After a reminder: over 14 days, or a second overdue task → warning.
        let rem = Some((EscalationStep::Reminder, d(2026, 11, 20)));
        assert_eq!(propose(&metrics(1, 14, rem), &r, today), None);
        assert_eq!(
            propose(&metrics(1, 15, rem), &r, today),
            Some(EscalationStep::Warning)
        );
        assert_eq!(
            propose(&metrics(2, 3, rem), &r, today),
            Some(EscalationStep::Warning)
        );
        // After a warning: still overdue 7 days later → hearing.
        let warn = |on| Some((EscalationStep::Warning, on));
        assert_eq!(
            propose(&metrics(1, 30, warn(d(2026, 11, 19))), &r, today),
            None
        );
        assert_eq!(
            propose(&metrics(1, 30, warn(d(2026, 11, 18))), &r, today),
            Some(EscalationStep::Hearing)
        );
        // After a hearing: 30 days → administrative liability, and so on up the ladder.
        let heard = Some((EscalationStep::Hearing, d(2026, 10, 27)));
        assert_eq!(propose(&metrics(1, 60, heard), &r, today), None);
        let heard = Some((EscalationStep::Hearing, d(2026, 10, 26)));
        assert_eq!(
            propose(&metrics(1, 60, heard), &r, today),
            Some(EscalationStep::AdministrativeLiability)
        );
        let liab = Some((EscalationStep::AdministrativeLiability, d(2026, 10, 26)));
        assert_eq!(
            propose(&metrics(1, 90, liab), &r, today),
            Some(EscalationStep::HigherBody)
        );
        let higher = Some((EscalationStep::HigherBody, d(2026, 10, 26)));
        assert_eq!(
            propose(&metrics(1, 120, higher), &r, today),
            Some(EscalationStep::LawEnforcement)
        );
        let top = Some((EscalationStep::LawEnforcement, d(2026, 1, 1)));
        assert_eq!(propose(&metrics(1, 300, top), &r, today), None);
    }

    #[test]
    fn steps_go_in_order_unless_a_reason_is_given() {
        use EscalationStep::*;
        assert_eq!(check_step(None, Reminder, ""), Ok(()));
        assert_eq!(
            check_step(None, Warning, ""),
            Err(StepError::SkipNeedsReason {
                expected: Some(Reminder)
            })
        );
        assert_eq!(check_step(None, Warning, "грубое нарушение"), Ok(()));
        assert_eq!(check_step(Some(Warning), Hearing, ""), Ok(()));
        assert_eq!(
            check_step(Some(Warning), Warning, "x"),
            Err(StepError::Backwards)
        );
        assert_eq!(
            check_step(Some(Hearing), Reminder, "x"),
            Err(StepError::Backwards)
        );
    }

    #[test]
    fn months_overdue_and_repeat_failures() {
        assert_eq!(overdue_months(d(2026, 1, 31), d(2026, 1, 31)), vec![]);
        assert_eq!(
            overdue_months(d(2026, 1, 31), d(2026, 2, 1)),
            vec![(2026, 2)]
        );
        assert_eq!(
            overdue_months(d(2025, 12, 15), d(2026, 2, 3)),
            vec![(2025, 12), (2026, 1), (2026, 2)]
        );
        assert_eq!(
            last_six_months(d(2026, 2, 10)),
            vec![
                (2026, 2),
                (2026, 1),
                (2025, 12),
                (2025, 11),
                (2025, 10),
                (2025, 9)
            ]
        );
        let mut m = metrics(1, 3, None);
        m.overdue_months = 1;
        assert!(!m.repeat_failure());
        m.overdue_months = 2;
        assert!(m.repeat_failure());
    }

    #[test]
    fn periods_and_ordering() {
        assert_eq!(
            parse_period("2026-02..2026-02"),
            Some((d(2026, 2, 1), d(2026, 2, 28)))
        );
        assert_eq!(
            parse_period("2025-11..2026-12"),
            Some((d(2025, 11, 1), d(2026, 12, 31)))
        );
        for bad in [
            "",
            "2026-02",
            "2026-13..2026-12",
            "2026-05..2026-04",
            "26-01..26-02",
        ] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
        let mut rows = vec![
            metrics(0, 0, None),
            metrics(2, 40, None),
            metrics(2, 10, None),
        ];
        rows[0].name_ky = "Б".into();
        sort_worst_first(&mut rows);
        assert_eq!(rows[0].oldest_overdue_days, 40);
        assert_eq!(rows[2].overdue_now, 0);
        let sums = by_kind(&rows);
        assert_eq!(sums.len(), 1);
        assert_eq!(sums[0].failing, 2);
        assert_eq!(sums[0].assigned, 30);
    }

    #[test]
    fn the_total_row_sums_every_kind_and_computes_its_own_percentage() {
        let k = |kind, on_time, late, overdue| KindSummary {
            kind,
            organizations: 2,
            failing: i64::from(overdue > 0),
            assigned: on_time + late + overdue,
            done_on_time: on_time,
            done_late: late,
            open: overdue,
            overdue_now: overdue,
        };
        let sums = [
            k(OrgKind::School, 9, 1, 0),
            k(OrgKind::Condominium, 0, 0, 10),
        ];
        let t = total(&sums).unwrap();
        assert_eq!(
            (
                t.organizations,
                t.failing,
                t.assigned,
                t.done_on_time,
                t.overdue_now
            ),
            (4, 1, 20, 9, 10)
        );
        // 9 on time of 20 judged: 45 %, not the mean of 90 % and 0 %.
        assert_eq!(t.on_time_percent(), Some(45));
        assert_eq!(total(&[]), None);
    }
}
