//! The tasks forms' targets and validation, and the questions asked before a change.

use crate::domain::date;
use crate::domain::deadline::{self, DeadlineError, Holidays};
use crate::domain::validate::{self, FieldError};
use crate::domain::work::TaskStatus;
use crate::i18n::{Strings, fill};
use crate::screens::field_error_label;
use crate::widgets::form::{Field, has_errors};
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

fn check<T>(field: &mut Field, f: impl FnOnce(&str) -> Result<T, FieldError>) -> Option<T> {
    let r = f(field.text_value());
    field.error = r.as_ref().err().map(|e| field_error_label(*e));
    r.ok()
}

fn required_reason(field: &mut Field) -> Option<String> {
    check(field, validate::required).map(|_| field.text_value().trim().to_string())
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
            check(&mut fields[1], validate::date);
            check(&mut fields[2], validate::length);
            check(&mut fields[3], validate::length);
        }
        Target::Extend { .. } => {
            // The task form's date forms (31.12.2026, 31.12, +14) and working-day rule.
            let due = deadline::parse(fields[0].text_value(), today, &Holidays::builtin());
            fields[0].error = due.err().map(deadline_error);
            required_reason(&mut fields[1]);
        }
        Target::Decide { .. } | Target::OpenView { .. } => {}
        Target::Cancel { .. } => {
            required_reason(&mut fields[0]);
        }
        Target::Reassign { .. } => {
            fields[0].error = fields[0]
                .chosen_id()
                .is_none()
                .then_some(|s: &Strings| s.tasks.err_choose_executor);
            required_reason(&mut fields[1]);
            if let Some(f) = fields.get_mut(2) {
                check(f, validate::length);
            }
        }
        Target::SaveView => {
            required_reason(&mut fields[0]);
            check(&mut fields[1], validate::length);
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
        } => fill(
            s.tasks.confirm_close,
            &[
                task_id,
                &status_label(s.tasks, *status),
                &date::format(*report),
                &date::format(*deadline),
            ],
        ),
    }
}
