//! The agenda's forms (a session, an item, the year's plan, a paper, an invited person),
//! their validation, and the questions asked before a change.

use crate::action::Action;
use crate::domain::date;
use crate::domain::session::{
    self as dsession, AgendaItem, AgendaItemKind, InvitedPerson, MonthDay, Outcome, Session,
    SessionKind, SessionStatus,
};
use crate::domain::validate::{self, FieldError};
use crate::i18n::{Lang, Strings};
use crate::screens::field_error_label;
use crate::widgets::form::{
    Choices, Field, FieldKey, Fields, Form, Label, field_keys, has_errors, paper,
};
use chrono::{Datelike, NaiveDate, Weekday};

/// What an agenda form saves into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Session {
        id: i64,
        version: i64,
        status: SessionStatus,
        /// The date it had when the form opened: a past date asks only when changed.
        loaded_date: Option<NaiveDate>,
    },
    Item {
        id: i64,
        session_id: i64,
        version: i64,
        carried_from: Option<i64>,
        /// Links beyond the first organization and measure, kept as they are.
        more_orgs: Vec<i64>,
        more_measures: Vec<i64>,
        task_ids: Vec<i64>,
    },
    PlanYear,
    /// Write the agenda of a session to a file.
    WriteDocument {
        session_id: i64,
    },
    Invited {
        id: i64,
        session_id: i64,
        version: i64,
    },
}

field_keys!(
    /// A session: kind, when, where, how long, and why (an extraordinary one).
    pub enum SessionField {
        Kind,
        Date,
        Time,
        Place,
        Duration,
        Reason,
    }
);

field_keys!(
    /// An agenda item.
    pub enum ItemField {
        Title,
        Kind,
        SpeakerMember,
        SpeakerName,
        Organization,
        Measure,
        Minutes,
        Outcome,
    }
);

field_keys!(
    /// The year's plan of sessions: the rule and the session each date gets.
    pub enum PlanField {
        Year,
        Rule,
        Weekday,
        Day,
        Time,
        Place,
        Duration,
    }
);

field_keys!(
    /// A person invited to a session.
    pub enum InvitedField {
        FullName,
        Position,
        Organization,
    }
);

pub fn session_form(s: Option<&Session>, defaults: &Session) -> Form<Target> {
    let v = s.unwrap_or(defaults);
    let title: Label = if s.is_some() {
        |s| s.agenda.form_edit_session
    } else {
        |s| s.agenda.form_new_session
    };
    Form::new(
        title,
        vec![
            Field::choice(
                |s| s.agenda.f_session_kind,
                Choices::Fixed(|s| &s.agenda.session_kinds),
                v.kind.index(),
            )
            .key(SessionField::Kind),
            Field::date(|s| s.agenda.f_date, &date::format(v.date)).key(SessionField::Date),
            Field {
                hint: Some(|s| s.agenda.time_hint),
                ..Field::text(|s| s.agenda.f_time, &dsession::format_time(v.time))
            }
            .key(SessionField::Time),
            Field::text(|s| s.agenda.f_place, &v.place).key(SessionField::Place),
            Field::text(|s| s.agenda.f_duration, &v.duration_minutes.to_string())
                .key(SessionField::Duration),
            Field::text(|s| s.agenda.f_reason, &v.reason).key(SessionField::Reason),
        ],
        Target::Session {
            id: s.map_or(0, |s| s.id),
            version: s.map_or(0, |s| s.version),
            status: v.status,
            loaded_date: s.map(|s| s.date),
        },
    )
}

pub fn item_form(
    item: &AgendaItem,
    members: Vec<(i64, String)>,
    orgs: Vec<(i64, String)>,
    measures: Vec<(i64, String)>,
) -> Form<Target> {
    let title: Label = if item.id == 0 {
        |s| s.agenda.form_new_item
    } else {
        |s| s.agenda.form_edit_item
    };
    let member_choices = Choices::Records(members);
    let org_choices = Choices::Records(orgs);
    let measure_choices = Choices::Records(measures);
    let member_ix = member_choices.index_of(item.speaker_member_id);
    let org_ix = org_choices.index_of(item.organization_ids.first().copied());
    let measure_ix = measure_choices.index_of(item.measure_ids.first().copied());
    let outcome_ix = Outcome::ALL
        .iter()
        .position(|o| *o == item.outcome)
        .unwrap_or(0);
    Form::new(
        title,
        vec![
            Field::text(|s| s.agenda.f_title, &item.title).key(ItemField::Title),
            Field::choice(
                |s| s.agenda.f_item_kind,
                Choices::Fixed(|s| &s.agenda.item_kinds),
                item.kind.index(),
            )
            .key(ItemField::Kind),
            Field::choice(|s| s.agenda.f_speaker_member, member_choices, member_ix)
                .key(ItemField::SpeakerMember),
            Field::text(|s| s.agenda.f_speaker_name, &item.speaker_name)
                .key(ItemField::SpeakerName),
            Field::choice(|s| s.f_organization, org_choices, org_ix).key(ItemField::Organization),
            Field::choice(|s| s.agenda.f_measure, measure_choices, measure_ix)
                .key(ItemField::Measure),
            Field::text(|s| s.agenda.f_minutes, &item.minutes.to_string()).key(ItemField::Minutes),
            Field::choice(
                |s| s.agenda.f_outcome,
                Choices::Fixed(|s| &s.agenda.outcomes),
                outcome_ix,
            )
            .key(ItemField::Outcome),
        ],
        Target::Item {
            id: item.id,
            session_id: item.session_id,
            version: item.version,
            carried_from: item.carried_from,
            more_orgs: item.organization_ids.iter().skip(1).copied().collect(),
            more_measures: item.measure_ids.iter().skip(1).copied().collect(),
            task_ids: item.task_ids.clone(),
        },
    )
}

pub fn plan_form(year: i32, defaults: &Session) -> Form<Target> {
    Form::new(
        |s| s.agenda.form_plan_year,
        vec![
            Field::text(|s| s.agenda.f_year, &year.to_string()).key(PlanField::Year),
            Field::choice(
                |s| s.agenda.f_rule,
                Choices::Fixed(|s| &s.agenda.month_rules),
                4,
            )
            .key(PlanField::Rule),
            Field::choice(
                |s| s.agenda.f_weekday,
                Choices::Fixed(|s| &s.agenda.weekdays),
                3,
            )
            .key(PlanField::Weekday),
            Field::text(|s| s.agenda.f_day, "25").key(PlanField::Day),
            Field {
                hint: Some(|s| s.agenda.time_hint),
                ..Field::text(|s| s.agenda.f_time, &dsession::format_time(defaults.time))
            }
            .key(PlanField::Time),
            Field::text(|s| s.agenda.f_place, &defaults.place).key(PlanField::Place),
            Field::text(
                |s| s.agenda.f_duration,
                &defaults.duration_minutes.to_string(),
            )
            .key(PlanField::Duration),
        ],
        Target::PlanYear,
    )
}

/// Where to write the agenda paper: the paper form every tab shares.
pub fn write_form(session: &Session, lang: Lang, folder: &std::path::Path) -> Form<Target> {
    let agenda = paper::Paper {
        title: |s| s.agenda.form_write_doc,
        stem: |l| {
            if l == Lang::Ru {
                "povestka"
            } else {
                "kun-tartibi"
            }
        },
        label: format!("{}-{}", session.number, session.year),
        short_form: None,
    };
    let target = Target::WriteDocument {
        session_id: session.id,
    };
    paper::form::<_, crate::docs::Format>(agenda, lang, folder, target)
}

pub fn invited_form(p: &InvitedPerson, orgs: Vec<(i64, String)>) -> Form<Target> {
    let title: Label = if p.id == 0 {
        |s| s.agenda.form_new_invited
    } else {
        |s| s.agenda.form_edit_invited
    };
    let org_choices = Choices::Records(orgs);
    let ix = org_choices.index_of(p.organization_id);
    Form::new(
        title,
        vec![
            Field::text(|s| s.f_full_name, &p.full_name).key(InvitedField::FullName),
            Field::text(|s| s.f_position, &p.position).key(InvitedField::Position),
            Field::choice(|s| s.f_organization, org_choices, ix).key(InvitedField::Organization),
        ],
        Target::Invited {
            id: p.id,
            session_id: p.session_id,
            version: p.version,
        },
    )
}

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

pub fn validate_session(fields: &mut [Field], target: &Target) -> Option<Session> {
    let Target::Session {
        id,
        version,
        status,
        ..
    } = target
    else {
        return None;
    };
    use SessionField as F;
    let kind = SessionKind::ALL[fields.choice(F::Kind).min(1)];
    let day = check(fields, F::Date, validate::date);
    let time = check(fields, F::Time, validate::time);
    check(fields, F::Place, validate::length);
    let duration = check(fields, F::Duration, |v| validate::number(v, 15, 720));
    let reason = fields.trimmed(F::Reason);
    let error: Option<Label> = if kind == SessionKind::Extraordinary && reason.is_empty() {
        Some(|s| s.agenda.err_reason_required)
    } else {
        validate::length(&reason).err().map(field_error_label)
    };
    fields.set_error(F::Reason, error);
    if has_errors(fields) {
        return None;
    }
    let day = day?;
    Some(Session {
        id: *id,
        year: day.year(),
        number: 0,
        kind,
        reason: if kind == SessionKind::Regular {
            String::new()
        } else {
            reason
        },
        date: day,
        time: time?,
        place: fields.trimmed(F::Place),
        duration_minutes: duration?,
        status: *status,
        version: *version,
    })
}

pub fn validate_item(fields: &mut [Field], target: &Target) -> Option<AgendaItem> {
    let Target::Item {
        id,
        session_id,
        version,
        carried_from,
        more_orgs,
        more_measures,
        task_ids,
    } = target
    else {
        return None;
    };
    use ItemField as F;
    check(fields, F::Title, validate::required);
    check(fields, F::SpeakerName, validate::length);
    let minutes = check(fields, F::Minutes, |v| validate::number(v, 1, 480));
    if has_errors(fields) {
        return None;
    }
    let first_then = |first: Option<i64>, more: &Vec<i64>| -> Vec<i64> {
        let mut v: Vec<i64> = first.into_iter().collect();
        v.extend(more.iter().filter(|x| Some(**x) != first));
        v
    };
    Some(AgendaItem {
        id: *id,
        session_id: *session_id,
        position: 0,
        title: fields.trimmed(F::Title),
        kind: AgendaItemKind::ALL[fields.choice(F::Kind).min(2)],
        speaker_member_id: fields.chosen_id(F::SpeakerMember),
        speaker_name: fields.trimmed(F::SpeakerName),
        minutes: minutes?,
        outcome: Outcome::ALL[fields.choice(F::Outcome).min(3)],
        organization_ids: first_then(fields.chosen_id(F::Organization), more_orgs),
        measure_ids: first_then(fields.chosen_id(F::Measure), more_measures),
        task_ids: task_ids.clone(),
        carried_from: *carried_from,
        version: *version,
    })
}

/// The plan's rule, year, and the session every planned date gets.
pub struct PlanRequest {
    pub year: i32,
    pub rule: MonthDay,
    pub template: Session,
}

pub fn validate_plan(fields: &mut [Field]) -> Option<PlanRequest> {
    use PlanField as F;
    let year = check(fields, F::Year, |v| validate::number(v, 2000, 2100));
    let which = fields.choice(F::Rule);
    let weekday = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ][fields.choice(F::Weekday).min(6)];
    let day = if which == 5 {
        check(fields, F::Day, |v| validate::number(v, 1, 31))
    } else {
        fields.set_error(F::Day, None);
        Some(1)
    };
    let time = check(fields, F::Time, validate::time);
    check(fields, F::Place, validate::length);
    let duration = check(fields, F::Duration, |v| validate::number(v, 15, 720));
    if has_errors(fields) {
        return None;
    }
    let rule = match which {
        0..=3 => MonthDay::Nth(which as u8 + 1, weekday),
        4 => MonthDay::Last(weekday),
        _ => MonthDay::Day(day? as u32),
    };
    let year = year? as i32;
    Some(PlanRequest {
        year,
        rule,
        template: Session {
            id: 0,
            year,
            number: 0,
            kind: SessionKind::Regular,
            reason: String::new(),
            date: NaiveDate::from_ymd_opt(year, 1, 1)?,
            time: time?,
            place: fields.trimmed(F::Place),
            duration_minutes: duration?,
            status: SessionStatus::Planned,
            version: 0,
        },
    })
}

pub fn validate_invited(fields: &mut [Field], target: &Target) -> Option<InvitedPerson> {
    let Target::Invited {
        id,
        session_id,
        version,
    } = target
    else {
        return None;
    };
    use InvitedField as F;
    check(fields, F::FullName, validate::required);
    check(fields, F::Position, validate::length);
    if has_errors(fields) {
        return None;
    }
    Some(InvitedPerson {
        id: *id,
        session_id: *session_id,
        full_name: fields.trimmed(F::FullName),
        position: fields.trimmed(F::Position),
        organization_id: fields.chosen_id(F::Organization),
        version: *version,
    })
}

/// Validate the field being left, so a mistake shows as soon as the user moves on.
pub fn check_field(fields: &mut [Field], target: &Target, index: usize) {
    let mut trial = fields.to_vec();
    match target {
        Target::Session { .. } => drop(validate_session(&mut trial, target)),
        Target::Item { .. } => drop(validate_item(&mut trial, target)),
        Target::PlanYear => drop(validate_plan(&mut trial)),
        Target::WriteDocument { .. } => {
            paper::check(&mut trial);
        }
        Target::Invited { .. } => drop(validate_invited(&mut trial, target)),
    }
    if let (Some(f), Some(t)) = (fields.get_mut(index), trial.get(index)) {
        f.error = t.error;
    }
}

// ---------- confirmations ----------

/// What an agenda confirmation goes on to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    DeleteSession {
        id: i64,
        version: i64,
        label: String,
    },
    DeleteItem {
        id: i64,
        version: i64,
        title: String,
    },
    DeleteInvited {
        id: i64,
        version: i64,
        name: String,
    },
    Approve {
        id: i64,
        version: i64,
        label: String,
    },
    /// Save the open session form although its date has passed.
    SavePastDate {
        date: NaiveDate,
    },
    /// Save the open session form although it moves an approved session (date, time, place).
    SaveApproved {
        session_id: i64,
        label: String,
    },
    /// Change an approved agenda: remember the consent and do `action`.
    Unlock {
        session_id: i64,
        label: String,
        action: Action,
    },
    CreatePlanned {
        year: i32,
        sessions: Vec<Session>,
        lines: Vec<String>,
    },
}

pub fn question(p: &Pending, s: &Strings) -> String {
    match p {
        Pending::DeleteSession { label, .. } => s.agenda.confirm_delete_session.fill([label]),
        Pending::DeleteItem { title, .. } => s.confirm_delete.fill([title]),
        Pending::DeleteInvited { name, .. } => s.confirm_delete.fill([name]),
        Pending::Approve { label, .. } => s.agenda.confirm_approve.fill([label]),
        Pending::SavePastDate { date } => s.agenda.confirm_past_date.fill([&date::format(*date)]),
        Pending::Unlock { label, .. } | Pending::SaveApproved { label, .. } => {
            s.agenda.confirm_approved_change.fill([label])
        }
        Pending::CreatePlanned {
            year,
            sessions,
            lines,
        } => {
            let mut q = s.agenda.plan_preview.fill([year, &sessions.len()]);
            for l in lines {
                q.push('\n');
                q.push_str(l);
            }
            q
        }
    }
}
