//! Fields found by name, not by position: each form names its fields with an enum made by
//! [`field_keys!`], and reads them back with `form.text(OrgField::Phone)`. A key is its
//! enum's type and its variant, so a key of another form finds nothing (never a wrong
//! field), and a form may hold the keys of two enums (its own and shared fields).

use std::any::TypeId;

use super::{Field, Label};

/// An enum naming the fields of one form (made with [`field_keys!`]).
pub trait FieldKey: Copy + 'static {
    /// The variant's number within its enum.
    fn id(self) -> u16;
}

/// A field's name as stored in the field: the enum's type and the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    form: TypeId,
    id: u16,
}

impl Key {
    pub fn of<K: FieldKey>(k: K) -> Key {
        Key {
            form: TypeId::of::<K>(),
            id: k.id(),
        }
    }
}

/// Declare a form's field names: an enum of unit variants that is a [`FieldKey`].
macro_rules! field_keys {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($(#[$vm])* $v),+
        }

        impl $crate::widgets::form::FieldKey for $name {
            fn id(self) -> u16 {
                self as u16
            }
        }
    };
}
pub(crate) use field_keys;

/// Reading and marking fields by key, on a form's fields (also a copy being validated).
/// What is absent reads as empty: "" for text, 0 for a choice, None for a record.
pub trait Fields {
    fn index_of<K: FieldKey>(&self, k: K) -> Option<usize>;
    fn field<K: FieldKey>(&self, k: K) -> Option<&Field>;
    fn field_mut<K: FieldKey>(&mut self, k: K) -> Option<&mut Field>;

    /// The text of a text field, as typed (not trimmed).
    fn text<K: FieldKey>(&self, k: K) -> &str {
        self.field(k).map_or("", Field::text_value)
    }

    /// The text of a text field without the spaces around it.
    fn trimmed<K: FieldKey>(&self, k: K) -> String {
        self.text(k).trim().to_string()
    }

    /// The index chosen in a choice field.
    fn choice<K: FieldKey>(&self, k: K) -> usize {
        self.field(k).map_or(0, Field::choice_index)
    }

    /// The record chosen in a records choice field.
    fn chosen_id<K: FieldKey>(&self, k: K) -> Option<i64> {
        self.field(k).and_then(Field::chosen_id)
    }

    fn error<K: FieldKey>(&self, k: K) -> Option<Label> {
        self.field(k).and_then(|f| f.error)
    }

    fn set_error<K: FieldKey>(&mut self, k: K, error: Option<Label>) {
        if let Some(f) = self.field_mut(k) {
            f.error = error;
        }
    }
}

impl Fields for [Field] {
    fn index_of<K: FieldKey>(&self, k: K) -> Option<usize> {
        let key = Key::of(k);
        self.iter().position(|f| f.key == Some(key))
    }

    fn field<K: FieldKey>(&self, k: K) -> Option<&Field> {
        self.index_of(k).and_then(|i| self.get(i))
    }

    fn field_mut<K: FieldKey>(&mut self, k: K) -> Option<&mut Field> {
        self.index_of(k).and_then(move |i| self.get_mut(i))
    }
}

impl Field {
    /// This field named `k` (see [`Fields`]).
    pub fn key<K: FieldKey>(mut self, k: K) -> Field {
        self.key = Some(Key::of(k));
        self
    }

    pub fn is<K: FieldKey>(&self, k: K) -> bool {
        self.key == Some(Key::of(k))
    }
}

impl<T> super::Form<T> {
    pub fn field<K: FieldKey>(&self, k: K) -> Option<&Field> {
        self.fields.field(k)
    }

    pub fn field_mut<K: FieldKey>(&mut self, k: K) -> Option<&mut Field> {
        self.fields.field_mut(k)
    }

    pub fn text<K: FieldKey>(&self, k: K) -> &str {
        self.fields.text(k)
    }

    pub fn choice<K: FieldKey>(&self, k: K) -> usize {
        self.fields.choice(k)
    }

    pub fn chosen_id<K: FieldKey>(&self, k: K) -> Option<i64> {
        self.fields.chosen_id(k)
    }

    pub fn set_error<K: FieldKey>(&mut self, k: K, error: Option<Label>) {
        self.fields.set_error(k, error)
    }

    /// [`Form::follow_file_name`] for the field named `k` (nothing follows if it is absent).
    pub fn follow_field<K: FieldKey>(
        self,
        k: K,
        make: impl Fn(&[Field]) -> String + Send + Sync + 'static,
    ) -> Self {
        match self.fields.index_of(k) {
            Some(i) => self.follow_file_name(i, make),
            None => self,
        }
    }

    /// Is the focused field the one named `k`?
    pub fn focused_is<K: FieldKey>(&self, k: K) -> bool {
        self.fields.get(self.focus).is_some_and(|f| f.is(k))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Choices, Form};
    use super::*;

    field_keys!(
        enum Person {
            Name,
            Kind,
            Boss,
        }
    );
    field_keys!(
        enum Paper {
            Name,
        }
    );

    #[test]
    fn fields_are_found_by_key_whatever_their_order_and_only_by_their_own_enum() {
        let boss = Choices::Records(vec![(7, "Асанов".into()), (9, "Бакиева".into())]);
        let mut f = Form::new(
            |s| s.f_organization,
            vec![
                Field::choice(|s| s.f_kind, Choices::Fixed(|s| &s.kinds), 2).key(Person::Kind),
                Field::text(|s| s.f_full_name, "Айгүл").key(Person::Name),
                Field::text(|s| s.f_position, "эксперт").key(Paper::Name),
                Field::choice(|s| s.f_organization, boss, 2).key(Person::Boss),
                Field::text(|s| s.f_phone, "unnamed"),
            ],
            (),
        );
        assert_eq!(f.text(Person::Name), "Айгүл");
        assert_eq!(f.text(Paper::Name), "эксперт", "same variant, other enum");
        assert_eq!(f.choice(Person::Kind), 2);
        assert_eq!(f.chosen_id(Person::Boss), Some(9));
        assert_eq!(f.text(Person::Kind), "", "a choice has no text");
        assert_eq!(f.fields.index_of(Person::Boss), Some(3));
        f.set_error(Person::Name, Some(|s| s.err_required));
        assert!(f.fields[1].error.is_some());
        assert!(f.fields.error(Paper::Name).is_none());
        assert!(f.focus_first_error());
        assert!(f.focused_is(Person::Name));
        assert!(!f.focused_is(Paper::Name));
    }

    #[test]
    fn a_key_the_form_lacks_reads_as_empty_and_marks_nothing() {
        let mut fields = [Field::text(|s| s.f_phone, "0312").key(Person::Name)];
        assert_eq!(fields.text(Person::Boss), "");
        assert_eq!(fields.choice(Person::Kind), 0);
        assert_eq!(fields.chosen_id(Paper::Name), None);
        fields.set_error(Person::Boss, Some(|s| s.err_required));
        assert!(fields.iter().all(|f| f.error.is_none()));
    }
}
