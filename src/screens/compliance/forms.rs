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

field_keys!(
    /// The period form's fields.
    pub enum PeriodField {
        From,
        To,
    }
);

field_keys!(
    /// The escalation step form's fields.
    pub enum StepField {
        Step,
        Date,
        DocNumber,
        DecidedBy,
        Note,
        SkipReason,
    }
);

field_keys!(
    /// The letter form's fields.
    pub enum LetterField {
        Kind,
        Lang,
        Addressee,
        Path,
        Deliver,
    }
);

pub fn period_form(from: NaiveDate, to: NaiveDate) -> Form<Target> {
    use PeriodField as F;
    Form::new(
        |s| s.compliance.form_period,
        vec![
            Field::date(|s| s.compliance.f_from, &date::format(from))
                .key(F::From)
                .validate(validate::date),
            Field::date(|s| s.compliance.f_to, &date::format(to))
                .key(F::To)
                .validate(validate::date),
        ],
        Target::Period,
    )
}

/// Both dates good and the end before the start: the end's message.
fn period_order(fields: &[Field]) -> Option<Label> {
    use PeriodField as F;
    let from = validate::date(fields.text(F::From)).ok()?;
    let to = validate::date(fields.text(F::To)).ok()?;
    (to < from).then_some(|s| s.compliance.err_period_order)
}

/// Both dates, the end not before the start.
pub fn validate_period(fields: &mut [Field]) -> Option<(NaiveDate, NaiveDate)> {
    use PeriodField as F;
    if !run_checks(fields) {
        return None;
    }
    if let Some(e) = period_order(fields) {
        fields.set_error(F::To, Some(e));
        return None;
    }
    let from = validate::date(fields.text(F::From)).ok()?;
    let to = validate::date(fields.text(F::To)).ok()?;
    Some((from, to))
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
    use StepField as F;
    Form::new(
        |s| s.compliance.form_step,
        vec![
            Field::choice(
                |s| s.compliance.f_step,
                Choices::Fixed(|s| &s.compliance.steps),
                ix,
            )
            .key(F::Step),
            Field::date(|s| s.agenda.f_date, &date::format(today))
                .key(F::Date)
                .validate(validate::date),
            Field {
                hint: Some(|s| s.compliance.doc_number_hint),
                ..Field::text(|s| s.compliance.f_doc_number, "")
            }
            .key(F::DocNumber)
            .validate(validate::length),
            Field::text(|s| s.compliance.f_decided_by, decided_by)
                .key(F::DecidedBy)
                .validate(validate::length),
            Field::text(|s| s.compliance.f_note, "")
                .key(F::Note)
                .validate(validate::length),
            Field::text(|s| s.compliance.f_skip_reason, "").key(F::SkipReason),
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
    use StepField as F;
    run_checks(fields);
    step_rule(fields, *stage);
    if has_errors(fields) {
        return None;
    }
    Some(Escalation {
        id: 0,
        organization_id: *organization_id,
        task_id: None,
        step: chosen_step(fields),
        date: validate::date(fields.text(F::Date)).ok()?,
        doc_number: fields.trimmed(F::DocNumber),
        decided_by: fields.trimmed(F::DecidedBy),
        note: fields.trimmed(F::Note),
        skip_reason: fields.trimmed(F::SkipReason),
    })
}

/// The step chosen on the step form.
pub fn chosen_step(fields: &[Field]) -> EscalationStep {
    EscalationStep::ALL[fields.choice(StepField::Step).min(5)]
}

/// The rule across the step and its skip reason: a step skipped needs a reason, a step
/// back is refused. Marks (or clears) the two fields.
fn step_rule(fields: &mut [Field], stage: Option<EscalationStep>) {
    use StepField as F;
    let skip = fields.trimmed(F::SkipReason);
    let (step, reason): (Option<Label>, Option<Label>) =
        match compliance::check_step(stage, chosen_step(fields), &skip) {
            Ok(()) => (None, None),
            Err(StepError::SkipNeedsReason { .. }) => (None, Some(|s| s.err_required)),
            Err(StepError::Backwards) => (Some(|s| s.compliance.err_backwards), None),
        };
    fields.set_error(F::Step, step);
    fields.set_error(F::SkipReason, reason);
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
    use LetterField as F;
    Form::new(
        |s| s.compliance.form_letter,
        vec![
            Field::choice(
                |s| s.compliance.f_letter_kind,
                Choices::Fixed(|s| &s.compliance.letter_kinds),
                kind_ix,
            )
            .key(F::Kind),
            Field::choice(
                |s| s.agenda.f_doc_lang,
                Choices::Fixed(|s| &s.agenda.doc_langs),
                usize::from(lang == Lang::Ru),
            )
            .key(F::Lang),
            Field::text(|s| s.compliance.f_addressee, addressee).key(F::Addressee),
            Field::text(|s| s.agenda.f_path, path)
                .key(F::Path)
                .validate(validate::required),
            Field::choice(
                |s| s.compliance.f_deliver,
                Choices::Fixed(|s| &s.compliance.deliver_ways),
                0,
            )
            .key(F::Deliver),
        ],
        Target::Letter { organization_id },
    )
}

/// The field `index` is being left: each field checks itself (see `Field::validate`);
/// what is left here are the rules across fields (the period's order, the step's skip).
pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    let Some(left) = fields.get(index) else {
        return;
    };
    match target {
        Target::Step { stage, .. } => {
            if left.is(StepField::Step) || left.is(StepField::SkipReason) {
                let mut trial = fields.to_vec();
                step_rule(&mut trial, *stage);
                if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
                    f.error = t.error;
                }
            }
        }
        Target::Letter { .. } => {}
        Target::Period => {
            if left.is(PeriodField::From) || left.is(PeriodField::To) {
                let own = fields.field(PeriodField::To).and_then(Field::checked);
                fields.set_error(PeriodField::To, own.or(period_order(fields)));
            }
        }
    }
}

pub(super) const LETTER_KINDS: [LetterKind; 4] = [
    LetterKind::Reminder,
    LetterKind::Warning,
    LetterKind::Summons,
    LetterKind::CoverLetter,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::form::Value;

    fn set(f: &mut Form<Target>, k: StepField, text: &str) {
        if let Some(Value::Text(i)) = f.field_mut(k).map(|f| &mut f.value) {
            *i = crate::widgets::Input::new(text);
        }
    }

    fn day(s: &str) -> NaiveDate {
        date::parse(s).unwrap()
    }

    fn ru() -> &'static Strings {
        Lang::Ru.strings()
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_marked_on_leaving_and_refused() {
        let mut f = period_form(day("01.09.2026"), day("01.08.2026"));
        f.next_field();
        assert!(f.focused_is(PeriodField::To));
        check_field(&mut f.fields, &Target::Period, f.focus);
        f.next_field();
        let e = f.fields.error(PeriodField::To).map(|e| e(ru()));
        assert_eq!(e, Some(ru().compliance.err_period_order));
        assert_eq!(validate_period(&mut f.fields), None);
        // A bad date is its own field's message, before any order.
        let mut f = period_form(day("01.09.2026"), day("01.10.2026"));
        f.edit(|i| i.insert('x'));
        f.next_field();
        let e = f.fields.error(PeriodField::From).map(|e| e(ru()));
        assert_eq!(e, Some(ru().err_bad_date));
        assert_eq!(validate_period(&mut f.fields), None);
    }

    #[test]
    fn a_skipped_step_needs_its_reason_and_a_long_note_is_refused() {
        let t = day("01.09.2026");
        let target = Target::Step {
            organization_id: 1,
            stage: None,
        };
        let mut f = step_form(1, None, Some(EscalationStep::Hearing), t, "Асанов");
        assert_eq!(chosen_step(&f.fields), EscalationStep::Hearing);
        assert_eq!(validate_step(&mut f.fields, &target), None);
        let e = f.fields.error(StepField::SkipReason).map(|e| e(ru()));
        assert_eq!(e, Some(ru().err_required));
        let long = "ы".repeat(validate::MAX_FIELD_CHARS + 1);
        set(&mut f, StepField::Note, &long);
        set(&mut f, StepField::SkipReason, "решение штаба");
        assert_eq!(validate_step(&mut f.fields, &target), None);
        assert!(f.fields.error(StepField::SkipReason).is_none());
        let e = f.fields.error(StepField::Note).map(|e| e(ru()));
        assert_eq!(e, Some(ru().err_too_long));
        set(&mut f, StepField::Note, "");
        let e = validate_step(&mut f.fields, &target).unwrap();
        assert_eq!((e.step, e.date), (EscalationStep::Hearing, t));
        assert_eq!(
            (e.decided_by.as_str(), e.skip_reason.as_str()),
            ("Асанов", "решение штаба")
        );
    }

    #[test]
    fn a_letter_without_a_file_is_marked_on_leaving() {
        let mut f = letter_form(1, LetterKind::Warning, Lang::Ky, "Мэрия", "");
        assert_eq!(f.choice(LetterField::Kind), 1);
        assert_eq!(f.choice(LetterField::Lang), 0);
        assert_eq!(f.text(LetterField::Addressee), "Мэрия");
        for _ in 0..4 {
            f.next_field();
        }
        let e = f.fields.error(LetterField::Path).map(|e| e(ru()));
        assert_eq!(e, Some(ru().err_required));
        assert!(!f.run_checks());
    }
}
