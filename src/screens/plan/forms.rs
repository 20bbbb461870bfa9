//! The plan's forms (a measure, the filter, a link, the import), their validation, the
//! questions asked before a change, and how an import's problems read.

use crate::domain::date;
use crate::domain::plan::{self, Measure, MeasureStatus, PlanFilter};
use crate::domain::plan_csv::{self, Problem, RowError};
use crate::domain::validate::{self, FieldError};
use crate::i18n::{Strings, fill};
use crate::screens::field_error_label;
use crate::widgets::form::{Choices, Field, Form, has_errors};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// id 0 for a new measure. Fields: number, section, title, deadline, expected result,
    /// progress, done on, then one choice per responsible organization.
    Measure {
        id: i64,
        version: i64,
    },
    Filter,
    Link {
        measure_id: i64,
    },
    Import,
}

const FIXED_FIELDS: usize = 7;

pub(super) fn check<T>(
    field: &mut Field,
    f: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<T> {
    let r = f(field.text_value());
    field.error = r.as_ref().err().map(|e| field_error_label(*e));
    r.ok()
}

pub fn measure_form(m: &Measure, orgs: &[(i64, String)]) -> Form<Target> {
    let mut fields = vec![
        Field {
            hint: Some(|s| s.plan.number_hint),
            ..Field::text(|s| s.plan.f_number, &m.number)
        },
        Field::text(|s| s.plan.f_section, &m.section),
        Field::text(|s| s.plan.f_title, &m.title),
        Field::date(
            |s| s.plan.f_deadline,
            &m.deadline.map(date::format).unwrap_or_default(),
        ),
        Field::text(|s| s.plan.f_expected, &m.expected_result),
        Field::text(|s| s.plan.f_progress, &m.progress.to_string()),
        Field {
            hint: Some(|s| s.plan.optional_hint),
            ..Field::text(
                |s| s.plan.f_done_on,
                &m.done_on.map(date::format).unwrap_or_default(),
            )
        },
    ];
    let choices = Choices::Records(orgs.to_vec());
    let n = (m.organizations.len() + 1).max(2);
    for i in 0..n {
        let index = choices.index_of(m.organizations.get(i).copied());
        fields.push(Field::choice(|s| s.plan.f_org, choices.clone(), index));
    }
    let title = if m.id == 0 {
        |s: &Strings| s.plan.form_new
    } else {
        |s: &Strings| s.plan.form_edit
    };
    Form::new(
        title,
        fields,
        Target::Measure {
            id: m.id,
            version: m.version,
        },
    )
}

pub fn validate_measure(
    fields: &mut [Field],
    target: &Target,
    today: NaiveDate,
) -> Option<Measure> {
    let Target::Measure { id, version } = target else {
        return None;
    };
    if fields.len() < FIXED_FIELDS {
        return None;
    }
    let number = check(&mut fields[0], plan::parse_number);
    check(&mut fields[1], validate::length);
    check(&mut fields[2], validate::required);
    let deadline = check(&mut fields[3], validate::optional_date);
    check(&mut fields[4], validate::length);
    let progress = check(&mut fields[5], |v| {
        if v.trim().is_empty() {
            Ok(0)
        } else {
            validate::number(v.trim().trim_end_matches('%').trim(), 0, 100)
        }
    });
    let done_on = check(&mut fields[6], validate::optional_date);
    if done_on.flatten().is_some_and(|d| d > today) {
        fields[6].error = Some(|s| s.plan.err_done_future);
    }
    if has_errors(fields) {
        return None;
    }
    let mut organizations = Vec::new();
    for f in &fields[FIXED_FIELDS..] {
        if let Some(o) = f.chosen_id()
            && !organizations.contains(&o)
        {
            organizations.push(o);
        }
    }
    let mut progress = progress?;
    let mut done_on = done_on?;
    // A done date means done; 100 % without a date is done today.
    if done_on.is_some() {
        progress = 100;
    } else if progress == 100 {
        done_on = Some(today);
    }
    Some(Measure {
        id: *id,
        version: *version,
        number: number?,
        section: fields[1].text_value().trim().to_string(),
        title: fields[2].text_value().trim().to_string(),
        deadline: deadline?,
        expected_result: fields[4].text_value().trim().to_string(),
        progress,
        started: progress > 0,
        done_on,
        position: 0,
        organizations,
    })
}

pub fn filter_form(f: &PlanFilter, orgs: &[(i64, String)]) -> Form<Target> {
    let choices = Choices::Records(orgs.to_vec());
    Form::new(
        |s| s.plan.form_filter,
        vec![
            Field::choice(
                |s| s.plan.f_status,
                Choices::Fixed(|s| &s.plan.filter_statuses),
                f.status.map_or(0, |x| x.index() + 1),
            ),
            Field::choice(
                |s| s.plan.f_org,
                choices.clone(),
                choices.index_of(f.organization),
            ),
            Field::choice(
                |s| s.plan.f_at_risk,
                Choices::Fixed(|s| &s.plan.filter_risk),
                usize::from(f.at_risk),
            ),
            Field {
                hint: Some(|s| s.plan.optional_hint),
                ..Field::text(
                    |s| s.plan.f_due_by,
                    &f.due_by.map(date::format).unwrap_or_default(),
                )
            },
        ],
        Target::Filter,
    )
}

pub(super) fn validate_filter(fields: &mut [Field]) -> Option<PlanFilter> {
    let due_by = check(fields.get_mut(3)?, validate::optional_date)?;
    Some(PlanFilter {
        status: fields[0]
            .choice_index()
            .checked_sub(1)
            .and_then(|i| MeasureStatus::ALL.get(i).copied()),
        organization: fields[1].chosen_id(),
        at_risk: fields[2].choice_index() == 1,
        due_by,
    })
}

pub fn link_form(measure_id: i64, decisions: Vec<(i64, String)>) -> Form<Target> {
    Form::new(
        |s| s.plan.form_link,
        vec![
            Field::choice(
                |s| s.plan.f_link_kind,
                Choices::Fixed(|s| &s.plan.link_kinds),
                0,
            ),
            Field::choice(|s| s.plan.f_decision, Choices::Records(decisions), 0),
            Field::text(|s| s.plan.f_task_number, ""),
        ],
        Target::Link { measure_id },
    )
}

/// What a link form asks for: a decision id, or a task number.
pub(super) enum LinkChoice {
    Decision(i64),
    Task(i64),
}

pub(super) fn validate_link(fields: &mut [Field]) -> Option<LinkChoice> {
    if fields.len() < 3 {
        return None;
    }
    fields[1].error = None;
    fields[2].error = None;
    if fields[0].choice_index() == 0 {
        match fields[1].chosen_id() {
            Some(id) => Some(LinkChoice::Decision(id)),
            None => {
                fields[1].error = Some(|s| s.plan.err_choose_decision);
                None
            }
        }
    } else {
        let v = fields[2]
            .text_value()
            .trim()
            .trim_start_matches('#')
            .to_string();
        check(&mut fields[2], |_| validate::number(&v, 1, i64::MAX)).map(LinkChoice::Task)
    }
}

pub fn import_form(path: &str) -> Form<Target> {
    Form::new(
        |s| s.plan.form_import,
        vec![Field::text(|s| s.f_path, path)],
        Target::Import,
    )
}

pub fn check_field(fields: &mut [Field], target: &Target, index: usize, today: NaiveDate) {
    let mut trial = fields.to_vec();
    match target {
        Target::Measure { .. } => drop(validate_measure(&mut trial, target, today)),
        Target::Filter => drop(validate_filter(&mut trial)),
        Target::Link { .. } => drop(validate_link(&mut trial)),
        Target::Import => drop(check(&mut trial[0], validate::required)),
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

// ---------- confirmations ----------

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Delete {
        id: i64,
        version: i64,
        number: String,
    },
    UnlinkDecision {
        measure_id: i64,
        decision_id: i64,
        label: String,
    },
    UnlinkTask {
        measure_id: i64,
        task_id: i64,
    },
    /// Move a task that serves measure `from` to this one (`to`).
    MoveTask {
        measure_id: i64,
        task_id: i64,
        from: String,
        to: String,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::Delete { number, .. } => fill(s.plan.confirm_delete, &[number]),
        Pending::UnlinkDecision { label, .. } => fill(s.plan.confirm_unlink, &[label]),
        Pending::UnlinkTask { task_id, .. } => {
            fill(s.plan.confirm_unlink, &[&format!("#{task_id}")])
        }
        Pending::MoveTask {
            task_id, from, to, ..
        } => crate::i18n::rules::of(s)
            .confirm_move_link
            .fill([&format!("#{task_id}"), from, to]),
    }
}

/// A problem of the import in the UI's language.
pub fn problem_text(e: &RowError, s: &Strings) -> String {
    let p = s.plan;
    // The column as the user reads it, in the UI language (not the CSV key).
    let names = crate::i18n::rules::of(s).plan_columns;
    let col = |c: plan_csv::Column| {
        let i = plan_csv::Column::ALL
            .iter()
            .position(|x| *x == c)
            .unwrap_or(0);
        names[i].to_string()
    };
    let text = match &e.problem {
        Problem::Csv(crate::domain::csv::CsvError::NotUtf8) => p.p_not_utf8.to_string(),
        Problem::Csv(crate::domain::csv::CsvError::UnclosedQuote(_)) => {
            p.p_unclosed_quote.to_string()
        }
        Problem::Empty => p.p_empty.to_string(),
        Problem::NoNumberColumn => p.p_no_number_column.to_string(),
        Problem::DuplicateColumn(c) => fill(p.p_duplicate_column, &[&col(*c)]),
        Problem::MissingNumber => p.p_missing_number.to_string(),
        Problem::BadNumber(v) => fill(p.p_bad_number, &[v]),
        Problem::DuplicateNumber { first_line } => fill(p.p_duplicate_number, &[first_line]),
        Problem::MissingTitle => p.p_missing_title.to_string(),
        Problem::BadDate { column, value } => fill(p.p_bad_date, &[&col(*column), value]),
        Problem::BadProgress(v) => fill(p.p_bad_progress, &[v]),
        Problem::DoneNeedsFullProgress => p.p_done_needs_full.to_string(),
        Problem::DoneInFuture => p.p_done_in_future.to_string(),
        Problem::TooLong(c) => fill(p.p_too_long, &[&col(*c)]),
        Problem::ExtraFields => p.p_extra_fields.to_string(),
        Problem::UnknownOrganization(n) => fill(p.p_unknown_org, &[n]),
        Problem::AmbiguousOrganization(n) => fill(p.p_ambiguous_org, &[n]),
    };
    if e.line > 0 {
        fill(p.p_line, &[&e.line, &text])
    } else {
        text
    }
}
