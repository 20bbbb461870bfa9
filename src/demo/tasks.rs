//! The tasks (every state, with reports and deadline changes) and the escalations of the
//! organizations that lag behind.

use chrono::NaiveDate;

use super::data::TaskTexts;
use super::generator::{CHAIR, Gen, SECRETARY};
use super::util::{Rng, add_days, days_between, office_stamp, weekday, working_deadline};
use crate::domain::OrgKind as K;
use crate::domain::deadline::Holidays;
use crate::domain::work::{EscalationStep, TaskStatus};
use crate::store::seed::{DeadlineChangeSeed, EscalationSeed, ReportSeed, TaskRows, TaskSeed};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Plan {
    OnTime,
    Late,
    Cancelled,
    Overdue,
    Open,
    ExtensionRequested,
    Extended,
}

/// The first tasks take every state, so even a small demo shows them all.
const FORCED: [Plan; 8] = [
    Plan::OnTime,
    Plan::Late,
    Plan::Cancelled,
    Plan::Overdue,
    Plan::Open,
    Plan::Open,
    Plan::ExtensionRequested,
    Plan::Extended,
];

impl Gen<'_> {
    /// The tasks, with their reports and deadline changes. Returns, per organization,
    /// its longest-overdue open task (id, deadline).
    pub(super) fn tasks(&mut self) -> crate::store::Result<Vec<Option<(i64, NaiveDate)>>> {
        let texts = &self.d.tasks;
        let today = self.today;
        let mut overdue: Vec<Option<(i64, NaiveDate)>> = vec![None; self.orgs.len()];
        if self.decisions.is_empty() && self.measures.is_empty() {
            return Ok(overdue);
        }
        let mut rows = self.db.task_rows()?;
        let chair = self.members[CHAIR].name.clone();
        let mut doc_no: i64 = 100 + self.rng.range(0, 200);

        let holidays = Holidays::builtin();
        for i in 0..self.tasks {
            let rng = &mut self.rng;
            let from_measure =
                !self.measures.is_empty() && (self.decisions.is_empty() || rng.chance(20));
            let src = if from_measure {
                &self.measures[rng.below(self.measures.len())]
            } else {
                &self.decisions[rng.below(self.decisions.len())]
            };
            let created = src
                .date
                .unwrap_or_else(|| add_days(today, -rng.range(20, 330)));
            let age = days_between(created, today);

            // Executor: the organization the decision names, or one of the topic's kinds.
            let pool = &self.candidates[src.topic];
            let mut exec = if !src.prefer.is_empty() && rng.chance(70) {
                src.prefer[rng.below(src.prefer.len())]
            } else if !pool.is_empty() && rng.chance(75) {
                pool[rng.below(pool.len())]
            } else {
                self.active[rng.below(self.active.len())]
            };
            let mut plan = match FORCED.get(i) {
                Some(p) => *p,
                None => match rng.below(100) {
                    0..40 => Plan::OnTime,
                    40..52 => Plan::Late,
                    52..56 => Plan::Cancelled,
                    56..68 => Plan::Overdue,
                    68..86 => Plan::Open,
                    86..92 => Plan::ExtensionRequested,
                    _ => Plan::Extended,
                },
            };
            if i >= FORCED.len()
                && plan == Plan::OnTime
                && self.lagging.contains(&exec)
                && rng.chance(50)
            {
                plan = Plan::Overdue;
            }
            if age < 12 && matches!(plan, Plan::Late | Plan::Overdue | Plan::Extended) {
                plan = Plan::Open;
            }
            let controller = self.members[1 + rng.below(self.members.len() - 1)].id;

            let f = fate(
                rng,
                (i, plan),
                (created, today),
                texts,
                &self.inactive,
                &mut exec,
                &holidays,
            );
            let o = &self.orgs[exec];
            let closed_at = f.closed.map(|c| office_stamp(rng, c));
            let created_at = office_stamp(rng, created);
            let task_id = rows.task(&TaskSeed {
                decision_id: src.decision_id,
                measure_id: src.measure_id,
                text: &src.text,
                executor_id: o.id,
                responsible_person: &o.head,
                controller_id: controller,
                deadline: f.deadline,
                status: f.status,
                created_at: &created_at,
                closed_at: closed_at.as_deref(),
                cancel_reason: f.cancel_reason,
            })?;
            self.sum.tasks += 1;

            if rng.chance(15) {
                let mut co: Vec<usize> = Vec::new();
                for _ in 0..1 + rng.below(2) {
                    let c = if !pool.is_empty() {
                        pool[rng.below(pool.len())]
                    } else {
                        self.active[rng.below(self.active.len())]
                    };
                    if c != exec && !co.contains(&c) {
                        co.push(c);
                        rows.co_executor(task_id, self.orgs[c].id)?;
                    }
                }
            }

            if let Some((old, new, asked, decided, st)) = f.change {
                let reason = *rng.pick(&texts.extension_reasons);
                let requested_at = office_stamp(rng, asked);
                let decided_at = decided.map(|d| office_stamp(rng, d));
                rows.deadline_change(&DeadlineChangeSeed {
                    task_id,
                    old,
                    new,
                    reason,
                    requested_at: &requested_at,
                    decided_at: decided_at.as_deref(),
                    decided_by: if decided.is_some() { &chair } else { "" },
                    status: st,
                })?;
                self.sum.deadline_changes += 1;
            }

            let task = (task_id, created, &f, closed_at.as_deref());
            self.sum.execution_reports += reports(&mut rows, rng, texts, task, today, &mut doc_no)?;

            if f.status.is_open() && f.deadline < today {
                let slot = &mut overdue[exec];
                if slot.is_none_or(|(_, d)| f.deadline < d) {
                    *slot = Some((task_id, f.deadline));
                }
            }
            if i % 1024 == 1023 {
                (self.progress)(i as u64 + 1, self.tasks as u64);
            }
        }
        (self.progress)(self.tasks as u64, self.tasks as u64);
        Ok(overdue)
    }

    /// Escalations for the organizations with the longest-overdue tasks, up the ladder.
    pub(super) fn escalations(
        &mut self,
        overdue: Vec<Option<(i64, NaiveDate)>>,
    ) -> crate::store::Result<()> {
        let today = self.today;
        // The lagging organizations first, then by the oldest deadline missed.
        let mut worst: Vec<(bool, NaiveDate, usize, i64)> = overdue
            .iter()
            .enumerate()
            .filter_map(|(o, s)| s.map(|(task, d)| (!self.lagging.contains(&o), d, o, task)))
            .filter(|&(_, d, o, _)| {
                days_between(d, today) >= 4 && self.orgs[o].kind != K::PublicBody
            })
            .collect();
        worst.sort();
        const OFFSETS: [i64; 6] = [3, 10, 24, 40, 55, 75];
        let notes = &self.d.tasks.escalation_notes;
        let max_steps = [6, 4, 3, 3, 2, 1];
        let mut doc_no = 200 + self.rng.range(0, 300);
        for (rank, &(_, deadline, o, task)) in worst.iter().take(max_steps.len()).enumerate() {
            let mut prev = deadline;
            for (k, step) in EscalationStep::ALL
                .into_iter()
                .enumerate()
                .take(max_steps[rank])
            {
                let mut date = weekday(add_days(deadline, OFFSETS[k]).max(add_days(prev, 3)));
                if step == EscalationStep::Hearing {
                    // The head heard at a session after the warning; not heard yet, stop here.
                    match self
                        .heard
                        .iter()
                        .filter(|&&(d, h)| h == o && d >= date)
                        .map(|&(d, _)| d)
                        .min()
                    {
                        Some(d) => date = d,
                        None => break,
                    }
                }
                if date > today {
                    break;
                }
                prev = date;
                doc_no += self.rng.range(2, 15);
                let (doc, by) = match step {
                    EscalationStep::Reminder => (
                        format!("01-12/{doc_no}"),
                        self.members[SECRETARY].name.as_str(),
                    ),
                    EscalationStep::Hearing => (String::new(), self.members[CHAIR].name.as_str()),
                    _ => (format!("01-12/{doc_no}"), self.members[CHAIR].name.as_str()),
                };
                self.db.escalation(&EscalationSeed {
                    organization_id: self.orgs[o].id,
                    task_id: task,
                    step,
                    date,
                    doc_number: &doc,
                    decided_by: by,
                    note: notes[k],
                })?;
                self.sum.escalations += 1;
            }
        }
        Ok(())
    }
}

/// (old, new, requested, decided, status code)
type Change = (
    NaiveDate,
    NaiveDate,
    NaiveDate,
    Option<NaiveDate>,
    &'static str,
);

/// What a task's plan made of it.
struct Fate {
    deadline: NaiveDate,
    status: TaskStatus,
    closed: Option<NaiveDate>,
    cancel_reason: &'static str,
    change: Option<Change>,
}

/// Draw a task's deadline, status, closing and deadline change for its plan. A cancelled
/// task may move to an organization since closed (`exec`).
fn fate(
    rng: &mut Rng,
    (i, plan): (usize, Plan),
    (created, today): (NaiveDate, NaiveDate),
    texts: &TaskTexts<'static>,
    inactive: &[usize],
    exec: &mut usize,
    holidays: &Holidays,
) -> Fate {
    // Deadlines follow the app's working-day rule (weekends and holidays move).
    let wd = |d: NaiveDate, not_before: NaiveDate| working_deadline(holidays, d, not_before);
    let age = days_between(created, today);
    let mut status = TaskStatus::Assigned;
    let mut closed: Option<NaiveDate> = None;
    let mut cancel_reason = "";
    // (old, new, requested, decided, status)
    let mut change: Option<Change> = None;
    let deadline = match plan {
        Plan::OnTime => {
            let d = wd(add_days(created, rng.range(14, 90)), add_days(created, 1));
            let last = days_between(created, d.min(today)).max(1);
            closed = Some(add_days(created, rng.range(1, last)));
            status = TaskStatus::DoneOnTime;
            d
        }
        Plan::Late => {
            let d = wd(
                add_days(created, rng.range(7, (age - 2).min(90))),
                add_days(created, 1),
            );
            let late = days_between(d, today).clamp(1, 40);
            closed = Some(add_days(d, rng.range(1, late)));
            status = TaskStatus::DoneLate;
            d
        }
        Plan::Cancelled => {
            closed = Some(add_days(created, rng.range(1, age.clamp(1, 60))));
            cancel_reason = *rng.pick(&texts.cancel_reasons);
            // The organizations since closed had their tasks cancelled.
            if !inactive.is_empty() && rng.chance(30) {
                *exec = inactive[rng.below(inactive.len())];
                cancel_reason = texts.liquidated;
            }
            status = TaskStatus::Cancelled;
            wd(add_days(created, rng.range(14, 90)), add_days(created, 1))
        }
        Plan::Overdue => {
            if rng.chance(60) {
                status = TaskStatus::InProgress;
            }
            wd(
                add_days(created, rng.range(7, (age - 1).min(90))),
                add_days(created, 1),
            )
        }
        Plan::Open => {
            if i == 5 || (i != 4 && rng.chance(55)) {
                status = TaskStatus::InProgress;
            }
            wd(add_days(today, rng.range(1, 75)), add_days(today, 1))
        }
        Plan::ExtensionRequested => {
            let d = wd(add_days(today, rng.range(0, 20)), today);
            let asked = add_days(today, -rng.range(0, 10.min(age - 1)));
            let new = wd(add_days(d, rng.range(20, 60)), add_days(d, 1));
            change = Some((d, new, asked, None, "requested"));
            status = TaskStatus::ExtensionRequested;
            d
        }
        Plan::Extended => {
            let old = wd(
                add_days(created, rng.range(14, (age - 5).min(60))),
                add_days(created, 1),
            );
            let asked = add_days(old, -rng.range(0, 5))
                .max(add_days(created, 1))
                .min(today);
            let decided = add_days(asked, rng.range(1, 4)).min(today);
            let new = wd(add_days(old, rng.range(30, 90)), add_days(old, 1));
            change = Some((old, new, asked, Some(decided), "granted"));
            status = TaskStatus::InProgress;
            let last = new.min(today);
            if rng.chance(50) && decided <= last {
                closed = Some(add_days(decided, rng.range(0, days_between(decided, last))));
                status = TaskStatus::DoneOnTime;
            }
            new
        }
    };
    Fate {
        deadline,
        status,
        closed,
        cancel_reason,
        change,
    }
}

/// An interim report now and then, a final one for every task done. How many were written.
fn reports(
    rows: &mut TaskRows,
    rng: &mut Rng,
    texts: &TaskTexts<'static>,
    (task_id, created, f, closed_at): (i64, NaiveDate, &Fate, Option<&str>),
    today: NaiveDate,
    doc_no: &mut i64,
) -> crate::store::Result<usize> {
    let mut written = 0;
    let status = f.status;
    let done = matches!(status, TaskStatus::DoneOnTime | TaskStatus::DoneLate);
    let interim_until = match (status, f.closed) {
        (TaskStatus::InProgress, _) => Some(today),
        (_, Some(c)) if done && rng.chance(25) => Some(add_days(c, -1)),
        _ => None,
    };
    let interim = interim_until
        .filter(|u| *u > created && (status != TaskStatus::InProgress || rng.chance(60)));
    if let Some(until) = interim {
        let on = add_days(created, rng.range(1, days_between(created, until)));
        let text = *rng.pick(&texts.interim_reports);
        rows.report(&ReportSeed {
            task_id,
            date: on,
            text,
            doc_number: "",
            is_final: false,
            created_at: &office_stamp(rng, on),
        })?;
        written += 1;
    }
    if let (true, Some(c), Some(at)) = (done, f.closed, closed_at) {
        *doc_no += rng.range(1, 7);
        let text = *rng.pick(&texts.final_reports);
        let number = format!("{:02}-{:02}/{doc_no}", rng.range(1, 9), rng.range(1, 30));
        rows.report(&ReportSeed {
            task_id,
            date: c,
            text,
            doc_number: &number,
            is_final: true,
            created_at: at,
        })?;
        written += 1;
    }
    Ok(written)
}
