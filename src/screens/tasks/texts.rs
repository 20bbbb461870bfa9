//! How a task's status, origin, history and refusals read in the user's language.

use crate::domain::date;
use crate::domain::query::{QueryError, QueryErrorKind};
use crate::domain::tasks::TaskError;
use crate::domain::work::TaskStatus;
use crate::i18n::Strings;
use crate::i18n::tasks::TaskStrings;
use crate::store::{Event, HistoryEntry, Origin};
use chrono::NaiveDate;

pub(super) fn status_label(t: &TaskStrings, st: TaskStatus) -> &'static str {
    let i = TaskStatus::ALL.iter().position(|x| *x == st).unwrap_or(0);
    t.statuses[i]
}

/// The message for a refused action.
pub fn rule_text(e: TaskError, s: &Strings) -> String {
    let t = s.tasks;
    match e {
        TaskError::NotOpen => t.err_not_open.into(),
        TaskError::ReportInFuture => t.err_report_future.into(),
        TaskError::ReportBeforeTask => t.err_report_before.into(),
        TaskError::NoFinalReport => t.err_no_final.into(),
        TaskError::ExtensionPending => t.err_ext_pending.into(),
        TaskError::NoExtensionRequest => t.err_no_request.into(),
        TaskError::ExtensionCap(n) => t.err_ext_cap.fill([&n]),
        TaskError::DeadlineNotLater => t.err_deadline_not_later.into(),
        TaskError::ReasonRequired => t.err_reason.into(),
        TaskError::SameExecutor => t.err_same_executor.into(),
        TaskError::NotController => t.err_not_controller.into(),
    }
}

/// The message for a mistake in the query line.
pub fn query_error_text(e: &QueryError, s: &Strings) -> String {
    let t = s.tasks;
    match &e.kind {
        QueryErrorKind::UnknownKey(k) => t.q_unknown_key.fill([k]),
        QueryErrorKind::EmptyValue(k) => t.q_empty_value.fill([&k.name()]),
        QueryErrorKind::BadStatus(v) => t.q_bad_status.fill([v]),
        QueryErrorKind::BadKind(v) => t.q_bad_kind.fill([v]),
        QueryErrorKind::BadDue => t.q_bad_due.into(),
        QueryErrorKind::BadDate(v) => t.q_bad_date.fill([v]),
        QueryErrorKind::BadSession => t.q_bad_session.into(),
        QueryErrorKind::BadSort => t.q_bad_sort.into(),
        QueryErrorKind::BadController => t.q_bad_controller.into(),
        QueryErrorKind::UnclosedQuote => t.q_unclosed_quote.into(),
    }
}

/// "prot. 11/2026 p. 1.2", "plan 2.1", or "—".
pub fn origin_label(o: &Origin, t: &TaskStrings) -> String {
    match o {
        Origin::Protocol {
            number,
            year,
            point,
            ..
        } => t.origin_protocol.fill([&format!("{number}/{year}"), point]),
        Origin::Measure { number, .. } => t.origin_measure.fill([number]),
        Origin::None => "—".into(),
    }
}

/// 'YYYY-MM-DDTHH:MM:SS' → "dd.mm.yyyy HH:MM"; a bare date → "dd.mm.yyyy".
pub(super) fn when(at: &str) -> String {
    let day = NaiveDate::parse_from_str(at.get(..10).unwrap_or(""), "%Y-%m-%d")
        .map(date::format)
        .unwrap_or_else(|_| at.to_string());
    match at.get(11..16) {
        Some(hm) => format!("{day} {hm}"),
        None => day,
    }
}

pub(super) fn history_text(h: &HistoryEntry, t: &TaskStrings, ru: bool) -> String {
    let with_doc = |text: String, doc: &str| {
        if doc.is_empty() {
            text
        } else {
            format!("{text}, {}", t.h_doc.fill([&doc]))
        }
    };
    match &h.event {
        Event::Created => t.h_created.into(),
        Event::Report {
            date: d,
            is_final,
            doc_number,
            text,
        } => {
            let head = (if *is_final {
                t.h_report_final
            } else {
                t.h_report_interim
            })
            .fill([&date::format(*d)]);
            let head = with_doc(head, doc_number);
            if text.is_empty() {
                head
            } else {
                format!("{head}: {text}")
            }
        }
        Event::ExtensionRequested { old, new, reason } => {
            t.h_ext_requested
                .fill([&date::format(*old), &date::format(*new), reason])
        }
        Event::ExtensionDecided { granted: true, new } => {
            t.h_ext_granted.fill([&date::format(*new)])
        }
        Event::ExtensionDecided { granted: false, .. } => t.h_ext_refused.into(),
        Event::Escalation {
            step,
            doc_number,
            note,
        } => {
            let i = crate::domain::work::EscalationStep::ALL
                .iter()
                .position(|x| x == step)
                .unwrap_or(0);
            let mut text = with_doc(t.h_escalation.fill([&t.steps[i]]), doc_number);
            if !note.is_empty() {
                text = format!("{text}: {note}");
            }
            text
        }
        Event::Reassigned { from, to, reason } => {
            t.h_reassigned.fill([&from.name(ru), &to.name(ru), reason])
        }
        Event::Closed(st) => t.h_closed.fill([&status_label(t, *st)]),
        Event::Cancelled(reason) => t.h_cancelled.fill([reason]),
    }
}
