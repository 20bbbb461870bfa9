//! Sessions, protocols, tasks and escalations: the states they pass through.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Regular,
    Extraordinary,
}

impl SessionKind {
    pub const ALL: [SessionKind; 2] = [SessionKind::Regular, SessionKind::Extraordinary];

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    pub fn code(self) -> &'static str {
        match self {
            SessionKind::Regular => "regular",
            SessionKind::Extraordinary => "extraordinary",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Planned,
    AgendaApproved,
    Held,
    ProtocolSigned,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 4] = [
        SessionStatus::Planned,
        SessionStatus::AgendaApproved,
        SessionStatus::Held,
        SessionStatus::ProtocolSigned,
    ];

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    pub fn code(self) -> &'static str {
        match self {
            SessionStatus::Planned => "planned",
            SessionStatus::AgendaApproved => "agenda_approved",
            SessionStatus::Held => "held",
            SessionStatus::ProtocolSigned => "protocol_signed",
        }
    }
}

/// A task's stored status; "overdue" is never stored, see [`TaskState`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    Assigned,
    InProgress,
    ExtensionRequested,
    DoneOnTime,
    DoneLate,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 6] = [
        TaskStatus::Assigned,
        TaskStatus::InProgress,
        TaskStatus::ExtensionRequested,
        TaskStatus::DoneOnTime,
        TaskStatus::DoneLate,
        TaskStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Assigned => "assigned",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::ExtensionRequested => "extension_requested",
            TaskStatus::DoneOnTime => "done_on_time",
            TaskStatus::DoneLate => "done_late",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|t| t.code() == s)
    }

    pub fn is_open(self) -> bool {
        matches!(
            self,
            TaskStatus::Assigned | TaskStatus::InProgress | TaskStatus::ExtensionRequested
        )
    }

    /// The closing status a final report on `reported` earns against `deadline`.
    pub fn closing(reported: NaiveDate, deadline: NaiveDate) -> TaskStatus {
        if reported <= deadline {
            TaskStatus::DoneOnTime
        } else {
            TaskStatus::DoneLate
        }
    }
}

/// What a user sees: the stored status, or overdue when an open task's deadline has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    Stored(TaskStatus),
    Overdue { days: i64 },
}

pub fn task_state(status: TaskStatus, deadline: NaiveDate, today: NaiveDate) -> TaskState {
    if status.is_open() && deadline < today {
        TaskState::Overdue {
            days: (today - deadline).num_days(),
        }
    } else {
        TaskState::Stored(status)
    }
}

/// The escalation ladder for a task not executed, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EscalationStep {
    Reminder,
    Warning,
    Hearing,
    AdministrativeLiability,
    HigherBody,
    LawEnforcement,
}

impl EscalationStep {
    pub const ALL: [EscalationStep; 6] = [
        EscalationStep::Reminder,
        EscalationStep::Warning,
        EscalationStep::Hearing,
        EscalationStep::AdministrativeLiability,
        EscalationStep::HigherBody,
        EscalationStep::LawEnforcement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EscalationStep::Reminder => "reminder",
            EscalationStep::Warning => "warning",
            EscalationStep::Hearing => "hearing",
            EscalationStep::AdministrativeLiability => "administrative_liability",
            EscalationStep::HigherBody => "higher_body",
            EscalationStep::LawEnforcement => "law_enforcement",
        }
    }

    pub fn next(self) -> Option<EscalationStep> {
        let i = EscalationStep::ALL.iter().position(|s| *s == self)?;
        EscalationStep::ALL.get(i + 1).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    #[test]
    fn overdue_is_computed_not_stored() {
        let today = d("25.11.2026");
        assert_eq!(
            task_state(TaskStatus::Assigned, d("20.11.2026"), today),
            TaskState::Overdue { days: 5 }
        );
        // Due today is not yet overdue.
        assert_eq!(
            task_state(TaskStatus::InProgress, today, today),
            TaskState::Stored(TaskStatus::InProgress)
        );
        // A closed task is never overdue.
        assert_eq!(
            task_state(TaskStatus::DoneLate, d("01.01.2026"), today),
            TaskState::Stored(TaskStatus::DoneLate)
        );
    }

    #[test]
    fn closing_status_follows_report_date() {
        assert_eq!(
            TaskStatus::closing(d("30.11.2026"), d("30.11.2026")),
            TaskStatus::DoneOnTime
        );
        assert_eq!(
            TaskStatus::closing(d("01.12.2026"), d("30.11.2026")),
            TaskStatus::DoneLate
        );
    }

    #[test]
    fn ladder_is_ordered() {
        assert_eq!(
            EscalationStep::Reminder.next(),
            Some(EscalationStep::Warning)
        );
        assert_eq!(EscalationStep::LawEnforcement.next(), None);
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::from_code(s.code()), Some(s));
        }
    }
}
