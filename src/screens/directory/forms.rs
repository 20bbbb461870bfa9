//! The Directory's forms: an organization, a member (each with the two fields only papers
//! use), their fields named by key, checked and read back into records.

use chrono::NaiveDate;

use super::Target;
use crate::domain::validate::{self, FieldError};
use crate::domain::{Member, OrgKind, Organization, Role, date};
use crate::screens::field_error_label;
use crate::widgets::form::{
    Choices, Field, Fields, Form, Label, field_keys, has_errors, run_checks,
};

field_keys!(
    /// The organization form's fields.
    pub enum OrgField {
        NameKy,
        NameRu,
        Kind,
        HeadName,
        HeadTitle,
        Phone,
        Email,
        Address,
    }
);

field_keys!(
    /// The member form's fields.
    pub enum MemberField {
        FullName,
        Position,
        Role,
        Organization,
        Phone,
        Email,
        TermFrom,
        TermTo,
    }
);

field_keys!(
    /// The fields only papers use, after the others on both forms: the head's title or the
    /// position in Russian, and the gender override.
    pub enum PaperField {
        TitleRu,
        Gender,
    }
);

pub fn org_form(o: Option<&Organization>) -> Form<Target> {
    let blank = Organization::new("", OrgKind::Organization);
    let o = o.unwrap_or(&blank);
    let title: Label = if o.id == 0 {
        |s| s.form_new_org
    } else {
        |s| s.form_edit_org
    };
    use OrgField as F;
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_name_ky, &o.name_ky)
                .key(F::NameKy)
                .validate(validate::required),
            Field::text(|s| s.f_name_ru, &o.name_ru)
                .key(F::NameRu)
                .validate(validate::length),
            Field::choice(|s| s.f_kind, Choices::Fixed(|s| &s.kinds), o.kind.index()).key(F::Kind),
            Field::text(|s| s.f_head_name, &o.head_name)
                .key(F::HeadName)
                .validate(validate::length),
            Field::text(|s| s.f_head_title, &o.head_title)
                .key(F::HeadTitle)
                .validate(validate::length),
            Field::text(|s| s.f_phone, &o.phone)
                .key(F::Phone)
                .validate(validate::phone),
            Field::text(|s| s.f_email, &o.email)
                .key(F::Email)
                .validate(validate::email),
            Field::text(|s| s.f_address, &o.address)
                .key(F::Address)
                .validate(validate::length),
        ],
        Target::Organization {
            id: o.id,
            version: o.version,
            active: o.active,
        },
    )
}

pub fn member_form(m: Option<&Member>, orgs: Vec<(i64, String)>, today: NaiveDate) -> Form<Target> {
    let org_index = m
        .and_then(|m| m.organization_id)
        .and_then(|id| orgs.iter().position(|o| o.0 == id))
        .map_or(0, |i| i + 1);
    let title: Label = if m.is_none_or(|m| m.id == 0) {
        |s| s.form_new_member
    } else {
        |s| s.form_edit_member
    };
    let (id, version, active) = m.map_or((0, 0, true), |m| (m.id, m.version, m.active));
    use MemberField as F;
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_full_name, m.map_or("", |m| &m.full_name))
                .key(F::FullName)
                .validate(validate::required),
            Field::text(|s| s.f_position, m.map_or("", |m| &m.position))
                .key(F::Position)
                .validate(validate::length),
            Field::choice(
                |s| s.f_role,
                Choices::Fixed(|s| &s.roles),
                m.map_or(Role::Member.index(), |m| m.role.index()),
            )
            .key(F::Role),
            Field::choice(|s| s.f_organization, Choices::Records(orgs), org_index)
                .key(F::Organization),
            Field::text(|s| s.f_phone, m.map_or("", |m| &m.phone))
                .key(F::Phone)
                .validate(validate::phone),
            Field::text(|s| s.f_email, m.map_or("", |m| &m.email))
                .key(F::Email)
                .validate(validate::email),
            Field::date(
                |s| s.f_term_from,
                &date::format(m.map_or(today, |m| m.term_from)),
            )
            .key(F::TermFrom)
            .validate(validate::date),
            Field::date(
                |s| s.f_term_to,
                &m.and_then(|m| m.term_to)
                    .map(date::format)
                    .unwrap_or_default(),
            )
            .key(F::TermTo)
            .validate(validate::optional_date),
        ],
        Target::Member {
            id,
            version,
            active,
        },
    )
}

/// The field `index` is being left: each field checks itself (see `Field::validate`);
/// what is left here is the rule across two fields, a term that ends before it starts.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    use MemberField as F;
    let left = fields.get(index);
    if matches!(target, Target::Member { .. })
        && left.is_some_and(|f| f.is(F::TermFrom) || f.is(F::TermTo))
    {
        // The end's own check first, then the order (so a fixed start clears it).
        let own = fields.field(F::TermTo).and_then(Field::checked);
        let order = term_ends_before_start(fields)
            .then(|| field_error_label(FieldError::TermEndsBeforeStart));
        fields.set_error(F::TermTo, own.or(order));
    }
}

/// Both term dates are good and the end is before the start.
fn term_ends_before_start(fields: &[Field]) -> bool {
    use MemberField as F;
    let from = validate::date(fields.text(F::TermFrom));
    let to = validate::optional_date(fields.text(F::TermTo));
    matches!((from, to), (Ok(f), Ok(Some(t))) if t < f)
}

/// Check each field, mark the bad ones, and build the record if all are good.
pub fn validate_org(fields: &mut [Field], target: &Target) -> Option<Organization> {
    let Target::Organization {
        id,
        version,
        active,
    } = target.clone()
    else {
        return None;
    };
    use OrgField as F;
    run_checks(fields);
    if has_errors(fields) {
        return None;
    }
    let t = |k: OrgField| fields.trimmed(k);
    Some(Organization {
        id,
        name_ky: t(F::NameKy),
        name_ru: t(F::NameRu),
        kind: OrgKind::ALL[fields.choice(F::Kind).min(OrgKind::ALL.len() - 1)],
        head_name: t(F::HeadName),
        head_title: t(F::HeadTitle),
        phone: t(F::Phone),
        email: t(F::Email),
        address: t(F::Address),
        active,
        version,
    })
}

pub fn validate_member(fields: &mut [Field], target: &Target) -> Option<Member> {
    let Target::Member {
        id,
        version,
        active,
    } = target.clone()
    else {
        return None;
    };
    use MemberField as F;
    run_checks(fields);
    if term_ends_before_start(fields) {
        let error = field_error_label(FieldError::TermEndsBeforeStart);
        fields.set_error(F::TermTo, Some(error));
    }
    if has_errors(fields) {
        return None;
    }
    let organization_id = fields.chosen_id(F::Organization);
    let t = |k: MemberField| fields.trimmed(k);
    Some(Member {
        id,
        full_name: t(F::FullName),
        position: t(F::Position),
        role: Role::ALL[fields.choice(F::Role).min(Role::ALL.len() - 1)],
        organization_id,
        phone: t(F::Phone),
        email: t(F::Email),
        term_from: validate::date(fields.text(F::TermFrom)).ok()?,
        term_to: validate::optional_date(fields.text(F::TermTo)).ok()?,
        active,
        version,
    })
}

/// Codes of the gender override: by the patronymic, male, female.
pub(super) const GENDERS: [&str; 3] = ["", "m", "f"];

/// The two fields for papers at the end of an organization's or member's form (the head's
/// title or the position in Russian, and the gender override), checked; None when the text
/// is too long (its field says so).
pub(super) fn paper_fields(fields: &mut [Field]) -> Option<(String, &'static str)> {
    if fields.index_of(PaperField::TitleRu).is_none() {
        return Some((String::new(), ""));
    }
    let text = fields.trimmed(PaperField::TitleRu);
    let error = validate::length(&text).err().map(field_error_label);
    fields.set_error(PaperField::TitleRu, error);
    if error.is_some() {
        return None;
    }
    let gender = GENDERS[fields.choice(PaperField::Gender).min(GENDERS.len() - 1)];
    Some((text, gender))
}
