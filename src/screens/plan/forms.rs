//! The plan's forms (a measure, the filter, a link, the import), their validation, the
//! questions asked before a change, and how an import's problems read.

use crate::domain::date;
use crate::domain::plan::{self, Measure, MeasureStatus, PlanFilter};
use crate::domain::plan_csv::{self, Problem, RowError};
use crate::domain::validate::{self, FieldError};
use crate::i18n::Strings;
use crate::screens::field_error_label;
use crate::widgets::form::{Choices, Field, FieldKey, Fields, Form, field_keys, has_errors};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// id 0 for a new measure. Fields: see [`MeasureField`].
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

field_keys!(
    /// A measure: number, section, title (Kyrgyz, Russian), deadline, expected result,
    /// progress, done on, then one choice per responsible organization (`Org`, repeated).
    pub enum MeasureField {
        Number,
        Section,
        Title,
        TitleRu,
        Deadline,
        Expected,
        Progress,
        DoneOn,
        Org,
    }
);

field_keys!(
    /// The plan's filter.
    pub enum FilterField {
        Status,
        Org,
        AtRisk,
        DueBy,
    }
);

field_keys!(
    /// A link from a measure to a decision or a task.
    pub enum LinkField {
        Kind,
        Decision,
        TaskNumber,
    }
);

field_keys!(
    /// The file a plan is imported from.
    pub enum ImportField {
        Path,
    }
);

/// Check a field's text, mark it with the error if any, and return the parsed value.
pub(super) fn check<K: FieldKey, T>(
    fields: &mut [Field],
    k: K,
    f: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Option<T> {
    let r = f(fields.text(k));
    fields.set_error(k, r.as_ref().err().map(|e| field_error_label(*e)));
    r.ok()
}

pub fn measure_form(m: &Measure, orgs: &[(i64, String)]) -> Form<Target> {
    use MeasureField as F;
    let mut fields = vec![
        Field {
            hint: Some(|s| s.plan.number_hint),
            ..Field::text(|s| s.plan.f_number, &m.number)
        }
        .key(F::Number),
        Field::text(|s| s.plan.f_section, &m.section).key(F::Section),
        Field::text(|s| s.plan.f_title, &m.title).key(F::Title),
        Field::text(|s| s.plan.f_title_ru, &m.title_ru).key(F::TitleRu),
        Field::date(
            |s| s.plan.f_deadline,
            &m.deadline.map(date::format).unwrap_or_default(),
        )
        .key(F::Deadline),
        Field::text(|s| s.plan.f_expected, &m.expected_result).key(F::Expected),
        Field::text(|s| s.plan.f_progress, &m.progress.to_string()).key(F::Progress),
        Field {
            hint: Some(|s| s.plan.optional_hint),
            ..Field::text(
                |s| s.plan.f_done_on,
                &m.done_on.map(date::format).unwrap_or_default(),
            )
        }
        .key(F::DoneOn),
    ];
    let choices = Choices::Records(orgs.to_vec());
    let n = (m.organizations.len() + 1).max(2);
    for i in 0..n {
        let index = choices.index_of(m.organizations.get(i).copied());
        fields.push(Field::choice(|s| s.plan.f_org, choices.clone(), index).key(F::Org));
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
    use MeasureField as F;
    fields.index_of(F::DoneOn)?;
    let number = check(fields, F::Number, plan::parse_number);
    check(fields, F::Section, validate::length);
    check(fields, F::Title, validate::length);
    check(fields, F::TitleRu, validate::length);
    // At least one title: the error stands on the first title field and names both.
    if fields.trimmed(F::Title).is_empty() && fields.trimmed(F::TitleRu).is_empty() {
        fields.set_error(F::Title, Some(|s| s.plan.err_no_title));
    }
    let deadline = check(fields, F::Deadline, validate::optional_date);
    check(fields, F::Expected, validate::length);
    let progress = check(fields, F::Progress, |v| {
        if v.trim().is_empty() {
            Ok(0)
        } else {
            validate::number(v.trim().trim_end_matches('%').trim(), 0, 100)
        }
    });
    let done_on = check(fields, F::DoneOn, validate::optional_date);
    if done_on.flatten().is_some_and(|d| d > today) {
        fields.set_error(F::DoneOn, Some(|s| s.plan.err_done_future));
    }
    if has_errors(fields) {
        return None;
    }
    let mut organizations = Vec::new();
    for f in fields.iter().filter(|f| f.is(F::Org)) {
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
        section: fields.trimmed(F::Section),
        title: fields.trimmed(F::Title),
        title_ru: fields.trimmed(F::TitleRu),
        deadline: deadline?,
        expected_result: fields.trimmed(F::Expected),
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
            )
            .key(FilterField::Status),
            Field::choice(
                |s| s.plan.f_org,
                choices.clone(),
                choices.index_of(f.organization),
            )
            .key(FilterField::Org),
            Field::choice(
                |s| s.plan.f_at_risk,
                Choices::Fixed(|s| &s.plan.filter_risk),
                usize::from(f.at_risk),
            )
            .key(FilterField::AtRisk),
            Field {
                hint: Some(|s| s.plan.optional_hint),
                ..Field::text(
                    |s| s.plan.f_due_by,
                    &f.due_by.map(date::format).unwrap_or_default(),
                )
            }
            .key(FilterField::DueBy),
        ],
        Target::Filter,
    )
}

pub(super) fn validate_filter(fields: &mut [Field]) -> Option<PlanFilter> {
    use FilterField as F;
    fields.index_of(F::DueBy)?;
    let due_by = check(fields, F::DueBy, validate::optional_date)?;
    Some(PlanFilter {
        status: fields
            .choice(F::Status)
            .checked_sub(1)
            .and_then(|i| MeasureStatus::ALL.get(i).copied()),
        organization: fields.chosen_id(F::Org),
        at_risk: fields.choice(F::AtRisk) == 1,
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
            )
            .key(LinkField::Kind),
            Field::choice(|s| s.plan.f_decision, Choices::Records(decisions), 0)
                .key(LinkField::Decision),
            Field::text(|s| s.plan.f_task_number, "").key(LinkField::TaskNumber),
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
    use LinkField as F;
    fields.index_of(F::TaskNumber)?;
    fields.set_error(F::Decision, None);
    fields.set_error(F::TaskNumber, None);
    if fields.choice(F::Kind) == 0 {
        match fields.chosen_id(F::Decision) {
            Some(id) => Some(LinkChoice::Decision(id)),
            None => {
                fields.set_error(F::Decision, Some(|s| s.plan.err_choose_decision));
                None
            }
        }
    } else {
        let v = fields
            .trimmed(F::TaskNumber)
            .trim_start_matches('#')
            .to_string();
        check(fields, F::TaskNumber, |_| validate::number(&v, 1, i64::MAX)).map(LinkChoice::Task)
    }
}

pub fn import_form(path: &str) -> Form<Target> {
    Form::new(
        |s| s.plan.form_import,
        vec![Field::text(|s| s.agenda.f_path, path).key(ImportField::Path)],
        Target::Import,
    )
}

pub fn check_field(fields: &mut [Field], target: &Target, index: usize, today: NaiveDate) {
    let mut trial = fields.to_vec();
    match target {
        Target::Measure { .. } => drop(validate_measure(&mut trial, target, today)),
        Target::Filter => drop(validate_filter(&mut trial)),
        Target::Link { .. } => drop(validate_link(&mut trial)),
        Target::Import => drop(check(&mut trial, ImportField::Path, validate::required)),
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
        Pending::Delete { number, .. } => s.plan.confirm_delete.fill([number]),
        Pending::UnlinkDecision { label, .. } => s.plan.confirm_unlink.fill([label]),
        Pending::UnlinkTask { task_id, .. } => s.plan.confirm_unlink.fill([&format!("#{task_id}")]),
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
        Problem::DuplicateColumn(c) => p.p_duplicate_column.fill([&col(*c)]),
        Problem::MissingNumber => p.p_missing_number.to_string(),
        Problem::BadNumber(v) => p.p_bad_number.fill([v]),
        Problem::DuplicateNumber { first_line } => p.p_duplicate_number.fill([first_line]),
        Problem::MissingTitle => p.p_missing_title.to_string(),
        Problem::BadDate { column, value } => p.p_bad_date.fill([&col(*column), value]),
        Problem::BadProgress(v) => p.p_bad_progress.fill([v]),
        Problem::DoneNeedsFullProgress => p.p_done_needs_full.to_string(),
        Problem::DoneInFuture => p.p_done_in_future.to_string(),
        Problem::TooLong(c) => p.p_too_long.fill([&col(*c)]),
        Problem::ExtraFields => p.p_extra_fields.to_string(),
        Problem::UnknownOrganization(n) => p.p_unknown_org.fill([n]),
        Problem::AmbiguousOrganization(n) => p.p_ambiguous_org.fill([n]),
    };
    if e.line > 0 {
        p.p_line.fill([&e.line, &text])
    } else {
        text
    }
}
