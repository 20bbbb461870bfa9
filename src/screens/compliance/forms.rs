//! The Compliance tab's forms: an escalation step, a letter, a period.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Step {
        organization_id: i64,
        stage: Option<EscalationStep>,
    },
    Letter {
        organization_id: i64,
    },
    /// A period of the user's own: deadlines from … to ….
    Period,
}

pub fn period_form(from: NaiveDate, to: NaiveDate) -> Form<Target> {
    Form::new(
        |s| s.compliance.form_period,
        vec![
            Field::date(|s| s.compliance.f_from, &date::format(from)),
            Field::date(|s| s.compliance.f_to, &date::format(to)),
        ],
        Target::Period,
    )
}

/// Both dates, the end not before the start.
pub fn validate_period(fields: &mut [Field]) -> Option<(NaiveDate, NaiveDate)> {
    let from = check(&mut fields[0], validate::date);
    let to = check(&mut fields[1], validate::date);
    let (from, to) = (from?, to?);
    if to < from {
        fields[1].error = Some(|s| s.compliance.err_period_order);
        return None;
    }
    Some((from, to))
}

pub(super) fn check<T>(
    field: &mut Field,
    f: impl FnOnce(&str) -> Result<T, validate::FieldError>,
) -> Option<T> {
    let r = f(field.text_value());
    field.error = r.as_ref().err().map(|e| field_error_label(*e));
    r.ok()
}

pub fn step_form(
    organization_id: i64,
    stage: Option<EscalationStep>,
    proposed: Option<EscalationStep>,
    today: NaiveDate,
    decided_by: &str,
) -> Form<Target> {
    let default = proposed
        .or_else(|| stage.and_then(EscalationStep::next))
        .unwrap_or(EscalationStep::Reminder);
    let ix = EscalationStep::ALL
        .iter()
        .position(|s| *s == default)
        .unwrap_or(0);
    Form::new(
        |s| s.compliance.form_step,
        vec![
            Field::choice(
                |s| s.compliance.f_step,
                Choices::Fixed(|s| &s.compliance.steps),
                ix,
            ),
            Field::date(|s| s.f_date, &date::format(today)),
            Field {
                hint: Some(|s| s.compliance.doc_number_hint),
                ..Field::text(|s| s.compliance.f_doc_number, "")
            },
            Field::text(|s| s.compliance.f_decided_by, decided_by),
            Field::text(|s| s.compliance.f_note, ""),
            Field::text(|s| s.compliance.f_skip_reason, ""),
        ],
        Target::Step {
            organization_id,
            stage,
        },
    )
}

pub fn validate_step(fields: &mut [Field], target: &Target) -> Option<Escalation> {
    let Target::Step {
        organization_id,
        stage,
    } = target
    else {
        return None;
    };
    let step = EscalationStep::ALL[fields[0].choice_index().min(5)];
    let day = check(&mut fields[1], validate::date);
    for f in &mut fields[2..=4] {
        check(f, validate::length);
    }
    let skip = fields[5].text_value().trim().to_string();
    fields[0].error = None;
    fields[5].error = None;
    match compliance::check_step(*stage, step, &skip) {
        Ok(()) => {}
        Err(StepError::SkipNeedsReason { .. }) => fields[5].error = Some(|s| s.err_required),
        Err(StepError::Backwards) => fields[0].error = Some(|s| s.compliance.err_backwards),
    }
    if has_errors(fields) {
        return None;
    }
    Some(Escalation {
        id: 0,
        organization_id: *organization_id,
        task_id: None,
        step,
        date: day?,
        doc_number: fields[2].text_value().trim().to_string(),
        decided_by: fields[3].text_value().trim().to_string(),
        note: fields[4].text_value().trim().to_string(),
        skip_reason: skip,
    })
}

pub fn letter_form(
    organization_id: i64,
    kind: LetterKind,
    lang: Lang,
    addressee: &str,
    path: &str,
) -> Form<Target> {
    let kind_ix = match kind {
        LetterKind::Reminder => 0,
        LetterKind::Warning => 1,
        LetterKind::Summons => 2,
        LetterKind::CoverLetter => 3,
    };
    Form::new(
        |s| s.compliance.form_letter,
        vec![
            Field::choice(
                |s| s.compliance.f_letter_kind,
                Choices::Fixed(|s| &s.compliance.letter_kinds),
                kind_ix,
            ),
            Field::choice(
                |s| s.f_doc_lang,
                Choices::Fixed(|s| &s.doc_langs),
                usize::from(lang == Lang::Ru),
            ),
            Field::text(|s| s.compliance.f_addressee, addressee),
            Field::text(|s| s.f_path, path),
            Field::choice(
                |s| s.compliance.f_deliver,
                Choices::Fixed(|s| &s.compliance.deliver_ways),
                0,
            ),
        ],
        Target::Letter { organization_id },
    )
}

pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    let mut trial = fields.to_vec();
    match target {
        Target::Step { .. } => drop(validate_step(&mut trial, target)),
        Target::Letter { .. } => {
            check(&mut trial[3], validate::required);
        }
        Target::Period => drop(validate_period(&mut trial)),
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

pub(super) const LETTER_KINDS: [LetterKind; 4] = [
    LetterKind::Reminder,
    LetterKind::Warning,
    LetterKind::Summons,
    LetterKind::CoverLetter,
];
