//! Validators attached to fields: a field carries its own check, which the form runs when
//! the field is left and which a save runs on every field, so a screen no longer matches
//! field indexes to checks. Rules across fields (a term's end before its start) stay with
//! the screen that knows them.

use std::sync::Arc;

use super::{Field, Form, Label};
use crate::domain::validate::FieldError;

/// The function behind a [`Check`].
type CheckFn = dyn Fn(&str) -> Result<(), Label> + Send + Sync;

/// A field's check of its text: the message (in the user's language) when it is refused.
#[derive(Clone)]
pub struct Check(Arc<CheckFn>);

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Check")
    }
}

impl Field {
    /// This field checked by `check` (a message of its own for what is refused).
    pub fn check(
        mut self,
        check: impl Fn(&str) -> Result<(), Label> + Send + Sync + 'static,
    ) -> Field {
        self.check = Some(Check(Arc::new(check)));
        self
    }

    /// This field checked by a rule of `domain::validate` (its usual message).
    pub fn validate<T: 'static>(self, rule: fn(&str) -> Result<T, FieldError>) -> Field {
        self.check(move |t| rule(t).map(drop).map_err(crate::screens::field_error_label))
    }

    /// Run the field's own check: its message, or None when it passes or has no check.
    pub fn checked(&self) -> Option<Label> {
        let check = self.check.as_ref()?;
        (check.0)(self.text_value()).err()
    }
}

/// Run every field's own check and mark each field by it (a field without one is left as
/// it is). True when all passed.
pub fn run_checks(fields: &mut [Field]) -> bool {
    let mut ok = true;
    for f in fields.iter_mut().filter(|f| f.check.is_some()) {
        f.error = f.checked();
        ok &= f.error.is_none();
    }
    ok
}

impl<T> Form<T> {
    /// The field being left: its own check marks it when it fails (an error a screen has
    /// set stays; typing clears it).
    pub(super) fn check_left(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && let Some(e) = f.checked()
        {
            f.error = Some(e);
        }
    }

    /// On save: every field's own check (see [`run_checks`]).
    pub fn run_checks(&mut self) -> bool {
        run_checks(&mut self.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Choices, Form};
    use super::*;
    use crate::domain::validate;
    use crate::i18n::Lang;

    fn form() -> Form<()> {
        Form::new(
            |s| s.f_organization,
            vec![
                Field::text(|s| s.f_full_name, "Айгүл").validate(validate::required),
                Field::text(|s| s.f_phone, "12").validate(validate::phone),
                Field::choice(|s| s.f_kind, Choices::Fixed(|s| &s.kinds), 0),
                Field::text(|s| s.f_term_from, "").validate(validate::date),
            ],
            (),
        )
    }

    #[test]
    fn a_bad_value_is_marked_on_leaving_its_field_in_the_users_language() {
        let mut f = form();
        f.next_field();
        assert!(f.fields[0].error.is_none(), "a good value stays unmarked");
        f.next_field();
        let ru = Lang::Ru.strings();
        assert_eq!(f.fields[1].error.map(|e| e(ru)), Some(ru.err_bad_phone));
        let ky = Lang::Ky.strings();
        assert_eq!(f.fields[1].error.map(|e| e(ky)), Some(ky.err_bad_phone));
        assert!(
            f.fields[3].error.is_none(),
            "a field not yet left is not marked"
        );
    }

    #[test]
    fn save_runs_every_check_and_refuses_while_one_fails() {
        let mut f = form();
        assert!(!f.run_checks());
        let ru = Lang::Ru.strings();
        assert_eq!(f.fields[1].error.map(|e| e(ru)), Some(ru.err_bad_phone));
        assert_eq!(f.fields[3].error.map(|e| e(ru)), Some(ru.err_required));
        assert!(f.focus_first_error());
        assert_eq!(f.focus, 1);
        f.edit(|i| i.clear_all());
        f.next_field();
        f.next_field();
        f.edit(|i| {
            for c in "01.02.2026".chars() {
                i.insert(c)
            }
        });
        assert!(f.run_checks(), "an empty phone and a good date pass");
        assert!(!f.has_errors());
    }

    #[test]
    fn leaving_keeps_an_error_the_screen_set() {
        let mut f = form();
        f.fields[0].error = Some(|s| s.err_term_order);
        f.next_field();
        assert!(f.fields[0].error.is_some());
    }
}
