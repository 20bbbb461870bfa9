//! The Directory's forms: an organization, a member (each with the two fields only papers
//! use), their fields named by key, checked and read back into records.

use chrono::NaiveDate;

use super::Target;
use crate::domain::validate::{self, FieldError};
use crate::domain::{Member, OrgKind, Organization, Role, date};
use crate::screens::field_error_label;
use crate::widgets::form::{Choices, Field, Fields, Form, Label, field_keys, has_errors};

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
            Field::text(|s| s.f_name_ky, &o.name_ky).key(F::NameKy),
            Field::text(|s| s.f_name_ru, &o.name_ru).key(F::NameRu),
            Field::choice(|s| s.f_kind, Choices::Fixed(|s| &s.kinds), o.kind.index()).key(F::Kind),
            Field::text(|s| s.f_head_name, &o.head_name).key(F::HeadName),
            Field::text(|s| s.f_head_title, &o.head_title).key(F::HeadTitle),
            Field::text(|s| s.f_phone, &o.phone).key(F::Phone),
            Field::text(|s| s.f_email, &o.email).key(F::Email),
            Field::text(|s| s.f_address, &o.address).key(F::Address),
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
            Field::text(|s| s.f_full_name, m.map_or("", |m| &m.full_name)).key(F::FullName),
            Field::text(|s| s.f_position, m.map_or("", |m| &m.position)).key(F::Position),
            Field::choice(
                |s| s.f_role,
                Choices::Fixed(|s| &s.roles),
                m.map_or(Role::Member.index(), |m| m.role.index()),
            )
            .key(F::Role),
            Field::choice(|s| s.f_organization, Choices::Records(orgs), org_index)
                .key(F::Organization),
            Field::text(|s| s.f_phone, m.map_or("", |m| &m.phone)).key(F::Phone),
            Field::text(|s| s.f_email, m.map_or("", |m| &m.email)).key(F::Email),
            Field::date(
                |s| s.f_term_from,
                &date::format(m.map_or(today, |m| m.term_from)),
            )
            .key(F::TermFrom),
            Field::date(
                |s| s.f_term_to,
                &m.and_then(|m| m.term_to)
                    .map(date::format)
                    .unwrap_or_default(),
            )
            .key(F::TermTo),
        ],
        Target::Member {
            id,
            version,
            active,
        },
    )
}

type Check = fn(&str) -> Result<(), FieldError>;

/// Validate the one field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    let mut trial = fields.to_vec();
    match target {
        Target::Organization { .. } => drop(validate_org(&mut trial, target)),
        Target::Member { .. } => drop(validate_member(&mut trial, target)),
        Target::Settings => return,
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
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
    let checks: [(OrgField, Check); 8] = [
        (F::NameKy, validate::required),
        (F::NameRu, validate::length),
        (F::Kind, |_| Ok(())),
        (F::HeadName, validate::length),
        (F::HeadTitle, validate::length),
        (F::Phone, validate::phone),
        (F::Email, validate::email),
        (F::Address, validate::length),
    ];
    for (k, check) in checks {
        let error = check(fields.text(k)).err().map(field_error_label);
        fields.set_error(k, error);
    }
    if has_errors(fields) {
        return None;
    }
    let t = |k: OrgField| fields.text(k).trim().to_string();
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
    let text_checks: [(MemberField, Check); 4] = [
        (F::FullName, validate::required),
        (F::Position, validate::length),
        (F::Phone, validate::phone),
        (F::Email, validate::email),
    ];
    for (k, check) in text_checks {
        let error = check(fields.text(k)).err().map(field_error_label);
        fields.set_error(k, error);
    }
    let from = validate::date(fields.text(F::TermFrom));
    let to = validate::optional_date(fields.text(F::TermTo));
    fields.set_error(
        F::TermFrom,
        from.as_ref().err().map(|e| field_error_label(*e)),
    );
    fields.set_error(F::TermTo, to.as_ref().err().map(|e| field_error_label(*e)));
    if let (Ok(f), Ok(Some(t))) = (&from, &to)
        && t < f
    {
        let error = field_error_label(FieldError::TermEndsBeforeStart);
        fields.set_error(F::TermTo, Some(error));
    }
    if has_errors(fields) {
        return None;
    }
    let organization_id = fields.chosen_id(F::Organization);
    let t = |k: MemberField| fields.text(k).trim().to_string();
    Some(Member {
        id,
        full_name: t(F::FullName),
        position: t(F::Position),
        role: Role::ALL[fields.choice(F::Role).min(Role::ALL.len() - 1)],
        organization_id,
        phone: t(F::Phone),
        email: t(F::Email),
        term_from: from.ok()?,
        term_to: to.ok()?,
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
    let text = fields.text(PaperField::TitleRu).trim().to_string();
    let error = validate::length(&text).err().map(field_error_label);
    fields.set_error(PaperField::TitleRu, error);
    if error.is_some() {
        return None;
    }
    let gender = GENDERS[fields.choice(PaperField::Gender).min(GENDERS.len() - 1)];
    Some((text, gender))
}
