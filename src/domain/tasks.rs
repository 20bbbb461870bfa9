//! The rules of a task's execution: reports, closing, extensions, cancelling, reassigning.
//! Pure: the store calls them inside its transaction, the screens call them to explain.

use chrono::NaiveDate;

use super::work::TaskStatus;

/// The default cap on granted extensions of one task (the setting `tasks.extension_cap`).
pub const DEFAULT_EXTENSION_CAP: i64 = 2;

/// Why an action on a task is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TaskError {
    #[error("the task is closed or cancelled")]
    NotOpen,
    #[error("a report cannot be dated in the future")]
    ReportInFuture,
    #[error("a report cannot be dated before the task was given")]
    ReportBeforeTask,
    #[error("the task has no final report; record one first")]
    NoFinalReport,
    #[error("an extension request is waiting for a decision")]
    ExtensionPending,
    #[error("no extension request is waiting for a decision")]
    NoExtensionRequest,
    #[error("the cap of {0} extensions is reached")]
    ExtensionCap(i64),
    #[error("the new deadline must be later than the current one and not in the past")]
    DeadlineNotLater,
    #[error("a reason is required")]
    ReasonRequired,
    #[error("the task already has that executor")]
    SameExecutor,
    /// The login has neither the chair's role (who decides) nor control of the task.
    #[error("only the chair (or the task's controller) may grant an extension")]
    NotController,
}

/// What the store knows of a task when an action is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskFacts {
    pub status: TaskStatus,
    pub deadline: NaiveDate,
    /// The day the task was given (the date part of `created_at`).
    pub created: NaiveDate,
    /// Extensions granted so far.
    pub granted: i64,
    /// The date of the latest final report, if any.
    pub final_report: Option<NaiveDate>,
}

fn open(f: &TaskFacts) -> Result<(), TaskError> {
    if f.status.is_open() {
        Ok(())
    } else {
        Err(TaskError::NotOpen)
    }
}

/// A report (interim or final) dated `date`, recorded on `today`.
pub fn check_report(f: &TaskFacts, date: NaiveDate, today: NaiveDate) -> Result<(), TaskError> {
    open(f)?;
    if date > today {
        return Err(TaskError::ReportInFuture);
    }
    if date < f.created {
        return Err(TaskError::ReportBeforeTask);
    }
    Ok(())
}

/// The status an open task takes after a report: an assigned task is now in progress.
pub fn status_after_report(status: TaskStatus) -> TaskStatus {
    match status {
        TaskStatus::Assigned => TaskStatus::InProgress,
        s => s,
    }
}

/// Take the task off control: only with a final report; on time or late follows from the
/// report's date against the (possibly extended) deadline.
pub fn check_close(f: &TaskFacts) -> Result<TaskStatus, TaskError> {
    open(f)?;
    if f.status == TaskStatus::ExtensionRequested {
        return Err(TaskError::ExtensionPending);
    }
    let reported = f.final_report.ok_or(TaskError::NoFinalReport)?;
    Ok(TaskStatus::closing(reported, f.deadline))
}

/// Ask for a later deadline.
pub fn check_extension_request(
    f: &TaskFacts,
    new_deadline: NaiveDate,
    reason: &str,
    cap: i64,
    today: NaiveDate,
) -> Result<(), TaskError> {
    open(f)?;
    if f.status == TaskStatus::ExtensionRequested {
        return Err(TaskError::ExtensionPending);
    }
    if f.granted >= cap {
        return Err(TaskError::ExtensionCap(cap));
    }
    if new_deadline <= f.deadline || new_deadline < today {
        return Err(TaskError::DeadlineNotLater);
    }
    if reason.trim().is_empty() {
        return Err(TaskError::ReasonRequired);
    }
    Ok(())
}

/// Grant (or refuse) the waiting request. Granting is capped; refusing is always allowed.
pub fn check_decision(f: &TaskFacts, grant: bool, cap: i64) -> Result<(), TaskError> {
    open(f)?;
    if f.status != TaskStatus::ExtensionRequested {
        return Err(TaskError::NoExtensionRequest);
    }
    if grant && f.granted >= cap {
        return Err(TaskError::ExtensionCap(cap));
    }
    Ok(())
}

/// The status after a decision on an extension: back to work, in progress when reported on.
pub fn status_after_decision(has_reports: bool) -> TaskStatus {
    if has_reports {
        TaskStatus::InProgress
    } else {
        TaskStatus::Assigned
    }
}

pub fn check_cancel(f: &TaskFacts, reason: &str) -> Result<(), TaskError> {
    open(f)?;
    if reason.trim().is_empty() {
        return Err(TaskError::ReasonRequired);
    }
    Ok(())
}

pub fn check_reassign(f: &TaskFacts, from: i64, to: i64, reason: &str) -> Result<(), TaskError> {
    open(f)?;
    if from == to {
        return Err(TaskError::SameExecutor);
    }
    if reason.trim().is_empty() {
        return Err(TaskError::ReasonRequired);
    }
    Ok(())
}

/// The responsible person after a reassignment: the one typed, else the new executor's head
/// (the old executor's head is never kept for a task that left that organization).
pub fn responsible_after_reassign(typed: Option<&str>, new_head: &str) -> String {
    match typed.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => t.to_string(),
        None => new_head.trim().to_string(),
    }
}

/// Who is acting: the operating-system login and the HQ member it is known as, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub login: String,
    pub member_id: Option<i64>,
}

/// May `actor`, without the chair's role, grant an extension of a task controlled by
/// `controller`? The chair decides (`access::Permission::GrantExtension`, checked by the
/// store first); otherwise a login linked to no member is trusted (a database without
/// roles), and one linked to a member other than the controller is refused.
pub fn may_grant(actor: &Actor, controller: Option<i64>) -> bool {
    match (actor.member_id, controller) {
        (Some(me), Some(c)) => me == c,
        _ => true,
    }
}

/// Days left until the deadline (negative when overdue); `None` for a closed task.
pub fn days_left(status: TaskStatus, deadline: NaiveDate, today: NaiveDate) -> Option<i64> {
    status.is_open().then(|| (deadline - today).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reassigning_names_the_new_head_unless_one_is_typed() {
        assert_eq!(
            responsible_after_reassign(None, " Б.Б. Сатыбалдиева "),
            "Б.Б. Сатыбалдиева"
        );
        assert_eq!(responsible_after_reassign(Some("  "), "Head"), "Head");
        assert_eq!(
            responsible_after_reassign(Some(" А. Осмонов "), "Head"),
            "А. Осмонов"
        );
        assert_eq!(responsible_after_reassign(None, ""), "");
    }
    use crate::domain::work::{TaskState, task_state};

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    fn facts(status: TaskStatus) -> TaskFacts {
        TaskFacts {
            status,
            deadline: d("30.11.2026"),
            created: d("01.11.2026"),
            granted: 0,
            final_report: None,
        }
    }

    #[test]
    fn reports_are_dated_between_the_task_and_today() {
        let f = facts(TaskStatus::Assigned);
        let today = d("25.11.2026");
        assert_eq!(check_report(&f, today, today), Ok(()));
        assert_eq!(check_report(&f, d("01.11.2026"), today), Ok(()));
        assert_eq!(
            check_report(&f, d("26.11.2026"), today),
            Err(TaskError::ReportInFuture)
        );
        assert_eq!(
            check_report(&f, d("31.10.2026"), today),
            Err(TaskError::ReportBeforeTask)
        );
        assert_eq!(
            check_report(&facts(TaskStatus::DoneLate), today, today),
            Err(TaskError::NotOpen)
        );
        assert_eq!(
            status_after_report(TaskStatus::Assigned),
            TaskStatus::InProgress
        );
        assert_eq!(
            status_after_report(TaskStatus::ExtensionRequested),
            TaskStatus::ExtensionRequested
        );
    }

    #[test]
    fn closing_needs_a_final_report_and_follows_its_date() {
        let mut f = facts(TaskStatus::InProgress);
        assert_eq!(check_close(&f), Err(TaskError::NoFinalReport));
        // On the deadline day itself: on time.
        f.final_report = Some(d("30.11.2026"));
        assert_eq!(check_close(&f), Ok(TaskStatus::DoneOnTime));
        // One day after: late.
        f.final_report = Some(d("01.12.2026"));
        assert_eq!(check_close(&f), Ok(TaskStatus::DoneLate));
        // An extension moves the deadline, and the same report is on time.
        f.deadline = d("15.12.2026");
        assert_eq!(check_close(&f), Ok(TaskStatus::DoneOnTime));
        f.status = TaskStatus::ExtensionRequested;
        assert_eq!(check_close(&f), Err(TaskError::ExtensionPending));
        f.status = TaskStatus::Cancelled;
        assert_eq!(check_close(&f), Err(TaskError::NotOpen));
    }

    #[test]
    fn overdue_at_the_day_boundary() {
        let deadline = d("30.11.2026");
        let st = TaskStatus::InProgress;
        assert_eq!(
            task_state(st, deadline, d("30.11.2026")),
            TaskState::Stored(st)
        );
        assert_eq!(
            task_state(st, deadline, d("01.12.2026")),
            TaskState::Overdue { days: 1 }
        );
        assert_eq!(days_left(st, deadline, d("30.11.2026")), Some(0));
        assert_eq!(days_left(st, deadline, d("02.12.2026")), Some(-2));
        assert_eq!(
            days_left(TaskStatus::DoneLate, deadline, d("02.12.2026")),
            None
        );
    }

    #[test]
    fn extensions_are_capped_and_move_forward() {
        let today = d("25.11.2026");
        let mut f = facts(TaskStatus::InProgress);
        let later = d("15.12.2026");
        assert_eq!(
            check_extension_request(&f, later, "жабдуу", 2, today),
            Ok(())
        );
        assert_eq!(
            check_extension_request(&f, later, "  ", 2, today),
            Err(TaskError::ReasonRequired)
        );
        assert_eq!(
            check_extension_request(&f, d("30.11.2026"), "x", 2, today),
            Err(TaskError::DeadlineNotLater)
        );
        // An overdue task may ask, but not for a deadline already past.
        f.deadline = d("01.11.2026");
        assert_eq!(
            check_extension_request(&f, d("20.11.2026"), "x", 2, today),
            Err(TaskError::DeadlineNotLater)
        );
        f.granted = 2;
        assert_eq!(
            check_extension_request(&f, later, "x", 2, today),
            Err(TaskError::ExtensionCap(2))
        );
        assert_eq!(check_extension_request(&f, later, "x", 3, today), Ok(()));
        f.status = TaskStatus::ExtensionRequested;
        assert_eq!(
            check_extension_request(&f, later, "x", 3, today),
            Err(TaskError::ExtensionPending)
        );
        // Deciding: the cap holds for granting, not for refusing.
        assert_eq!(check_decision(&f, true, 2), Err(TaskError::ExtensionCap(2)));
        assert_eq!(check_decision(&f, false, 2), Ok(()));
        f.granted = 1;
        assert_eq!(check_decision(&f, true, 2), Ok(()));
        f.status = TaskStatus::InProgress;
        assert_eq!(
            check_decision(&f, true, 2),
            Err(TaskError::NoExtensionRequest)
        );
        assert_eq!(status_after_decision(true), TaskStatus::InProgress);
        assert_eq!(status_after_decision(false), TaskStatus::Assigned);
    }

    #[test]
    fn cancel_and_reassign_need_reasons() {
        let f = facts(TaskStatus::Assigned);
        assert_eq!(check_cancel(&f, ""), Err(TaskError::ReasonRequired));
        assert_eq!(check_cancel(&f, "уюм жабылды"), Ok(()));
        assert_eq!(
            check_cancel(&facts(TaskStatus::Cancelled), "x"),
            Err(TaskError::NotOpen)
        );
        assert_eq!(check_reassign(&f, 1, 1, "x"), Err(TaskError::SameExecutor));
        assert_eq!(check_reassign(&f, 1, 2, ""), Err(TaskError::ReasonRequired));
        assert_eq!(check_reassign(&f, 1, 2, "x"), Ok(()));
    }

    #[test]
    fn only_the_controller_grants_when_the_login_is_a_member() {
        let stranger = Actor {
            login: "secretary".into(),
            member_id: None,
        };
        let member = Actor {
            login: "toktosunov".into(),
            member_id: Some(7),
        };
        assert!(may_grant(&stranger, Some(7)), "no roles yet: trusted");
        assert!(may_grant(&member, Some(7)));
        assert!(!may_grant(&member, Some(8)));
        assert!(may_grant(&member, None));
    }
}
