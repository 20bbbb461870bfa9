//! The tasks forms' targets and validation, and the questions asked before a change.

use crate::domain::date;
use crate::domain::deadline::{self, DeadlineError, Holidays};
use crate::domain::validate::{self, FieldError};
use crate::domain::work::TaskStatus;
use crate::i18n::Strings;
use crate::screens::field_error_label;
use crate::widgets::form::{Field, FieldKey, Fields, field_keys, has_errors};
use chrono::NaiveDate;

use super::texts::status_label;

/// What a tasks form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Report {
        task_id: i64,
        version: i64,
    },
    Extend {
        task_id: i64,
        version: i64,
    },
    Decide {
        task_id: i64,
        version: i64,
    },
    Cancel {
        task_id: i64,
        version: i64,
    },
    Reassign {
        task_id: i64,
        version: i64,
        executor: i64,
    },
    SaveView,
    OpenView {
        views: Vec<(String, String)>,
    },
}

field_keys!(
    /// A report on a task, interim or final.
    pub enum ReportField {
        Kind,
        Date,
        DocNumber,
        Text,
    }
);

field_keys!(
    /// A request for a later deadline.
    pub enum ExtendField {
        Deadline,
        Reason,
    }
);

field_keys!(
    /// The decision on a requested extension.
    pub enum DecideField {
        Decision,
    }
);

field_keys!(
    /// Cancelling a task.
    pub enum CancelField {
        Reason,
    }
);

field_keys!(
    /// A task given to another executor.
    pub enum ReassignField {
        Executor,
        Reason,
        Responsible,
    }
);

field_keys!(
    /// The query line saved as a view.
    pub enum SaveViewField {
        Name,
        Query,
    }
);

field_keys!(
    /// A saved view opened or deleted.
    pub enum OpenViewField {
        View,
        Action,
    }
);

fn check<K: FieldKey, T>(
    fields: &mut [Field],
    k: K,
    f: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<T> {
    let r = f(fields.text(k));
    fields.set_error(k, r.as_ref().err().map(|e| field_error_label(*e)));
    r.ok()
}

fn required_reason<K: FieldKey>(fields: &mut [Field], k: K) -> Option<String> {
    check(fields, k, validate::required).map(|_| fields.trimmed(k))
}

/// The message for a deadline that cannot be read (the task form's words).
pub fn deadline_error(e: DeadlineError) -> crate::widgets::form::Label {
    match e {
        DeadlineError::Empty => |s| s.err_required,
        DeadlineError::NotADate => |s| s.protocol.err_deadline,
        DeadlineError::InThePast => |s| s.protocol.err_deadline_past,
        DeadlineError::TooFar => |s| s.protocol.err_deadline_far,
    }
}

/// Check every field of a form; what it holds is read by the caller when none is marked.
pub fn validate(fields: &mut [Field], target: &Target, today: NaiveDate) -> bool {
    match target {
        Target::Report { .. } => {
            check(fields, ReportField::Date, validate::date);
            check(fields, ReportField::DocNumber, validate::length);
            check(fields, ReportField::Text, validate::length);
        }
        Target::Extend { .. } => {
            // The task form's date forms (31.12.2026, 31.12, +14) and working-day rule.
            let k = ExtendField::Deadline;
            let due = deadline::parse(fields.text(k), today, &Holidays::builtin());
            fields.set_error(k, due.err().map(deadline_error));
            required_reason(fields, ExtendField::Reason);
        }
        Target::Decide { .. } | Target::OpenView { .. } => {}
        Target::Cancel { .. } => {
            required_reason(fields, CancelField::Reason);
        }
        Target::Reassign { .. } => {
            let k = ReassignField::Executor;
            let none = fields.chosen_id(k).is_none();
            fields.set_error(k, none.then_some(|s: &Strings| s.tasks.err_choose_executor));
            required_reason(fields, ReassignField::Reason);
            check(fields, ReassignField::Responsible, validate::length);
        }
        Target::SaveView => {
            required_reason(fields, SaveViewField::Name);
            check(fields, SaveViewField::Query, validate::length);
        }
    }
    !has_errors(fields)
}

/// Validate the field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize, today: NaiveDate) {
    let mut trial = fields.to_vec();
    validate(&mut trial, target, today);
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

// ---------- confirmations ----------

#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Close {
        task_id: i64,
        version: i64,
        status: TaskStatus,
        report: NaiveDate,
        deadline: NaiveDate,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::Close {
            task_id,
            status,
            report,
            deadline,
            ..
        } => s.tasks.confirm_close.fill([
            task_id,
            &status_label(s.tasks, *status),
            &date::format(*report),
            &date::format(*deadline),
        ]),
    }
}
