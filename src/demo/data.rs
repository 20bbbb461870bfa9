//! The fixed material of the demo, kept as data in `assets/demo/*.json` and built into the
//! binary: organizations and streets, the HQ's members, the topics and what is said at
//! sessions, the action plan, the texts of task reports, and names to make people from.
//!
//! Strings are borrowed from the built-in text (no copies). What the generator relies on
//! (lists it draws from are not empty, indices and e-mails point somewhere) is checked once
//! at load, so generating cannot fail on the data.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

use crate::domain::{OrgKind, Role};

/// The organization the IT department's measures always involve.
pub const IT_EMAIL: &str = "it@tokmok.gov.kg";

#[derive(Deserialize)]
pub struct Directory<'a> {
    /// The mayor's office: its address is the one the "=" addresses share.
    pub mayor_email: &'a str,
    #[serde(borrow)]
    pub streets: Vec<&'a str>,
    #[serde(borrow)]
    pub organizations: Vec<OrgSeed<'a>>,
}

#[derive(Deserialize)]
pub struct OrgSeed<'a> {
    #[serde(deserialize_with = "org_kind")]
    pub kind: OrgKind,
    pub ky: &'a str,
    pub ru: &'a str,
    /// The head's title.
    pub title: &'a str,
    pub email: &'a str,
    /// "" for a generated street address; "=" for the mayor's office address.
    pub address: &'a str,
    pub active: bool,
}

/// A member of the HQ: role, the member's organization (by e-mail), whether the member is
/// its head.
#[derive(Deserialize)]
pub struct MemberSeed<'a> {
    #[serde(deserialize_with = "role")]
    pub role: Role,
    pub organization: &'a str,
    pub head: bool,
    pub position: &'a str,
}

/// A matter the HQ works on: an agenda title, what the speaker told, who usually executes,
/// and the tasks its decisions give.
#[derive(Deserialize)]
pub struct Topic<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    /// The member who reports on it: an index into the members.
    pub speaker: usize,
    #[serde(deserialize_with = "org_kinds")]
    pub kinds: Vec<OrgKind>,
    #[serde(borrow)]
    pub actions: Vec<&'a str>,
}

/// An item that is neither a report on a topic nor a hearing, and its decision.
#[derive(Deserialize)]
pub struct OtherItem<'a> {
    pub title: &'a str,
    pub decision: &'a str,
}

/// Why an extraordinary session is called, and the topic it reports on.
#[derive(Deserialize)]
pub struct ExtraReason<'a> {
    pub reason: &'a str,
    pub topic: usize,
}

#[derive(Deserialize)]
pub struct SessionTexts<'a> {
    #[serde(borrow)]
    pub topics: Vec<Topic<'a>>,
    #[serde(borrow)]
    pub other_items: Vec<OtherItem<'a>>,
    pub previous_decisions: &'a str,
    #[serde(borrow)]
    pub speeches: Vec<&'a str>,
    #[serde(borrow)]
    pub extra_reasons: Vec<ExtraReason<'a>>,
    #[serde(borrow)]
    pub absence_reasons: Vec<&'a str>,
}

/// A measure of the action plan: section, title (Kyrgyz, Russian), topic (an index),
/// expected result.
#[derive(Deserialize)]
pub struct PlanSeed<'a> {
    pub section: &'a str,
    pub title: &'a str,
    pub title_ru: &'a str,
    pub topic: usize,
    pub expected: &'a str,
}

#[derive(Deserialize)]
pub struct TaskTexts<'a> {
    /// The cancel reason of an organization's tasks once it is closed.
    pub liquidated: &'a str,
    #[serde(borrow)]
    pub cancel_reasons: Vec<&'a str>,
    #[serde(borrow)]
    pub final_reports: Vec<&'a str>,
    #[serde(borrow)]
    pub interim_reports: Vec<&'a str>,
    #[serde(borrow)]
    pub extension_reasons: Vec<&'a str>,
    /// One per escalation step, in the ladder's order.
    #[serde(borrow)]
    pub escalation_notes: Vec<&'a str>,
}

#[derive(Deserialize)]
pub struct Patronymic<'a> {
    pub male: &'a str,
    pub female: &'a str,
}

/// Made-up people: Kyrgyz names (a father's name takes -ович/-овна), and a few Russian ones.
#[derive(Deserialize)]
pub struct Names<'a> {
    #[serde(borrow)]
    pub kg_surnames: Vec<&'a str>,
    #[serde(borrow)]
    pub kg_male: Vec<&'a str>,
    #[serde(borrow)]
    pub kg_female: Vec<&'a str>,
    #[serde(borrow)]
    pub kg_fathers: Vec<&'a str>,
    #[serde(borrow)]
    pub ru_surnames: Vec<&'a str>,
    #[serde(borrow)]
    pub ru_male: Vec<&'a str>,
    #[serde(borrow)]
    pub ru_female: Vec<&'a str>,
    #[serde(borrow)]
    pub ru_fathers: Vec<Patronymic<'a>>,
}

/// Everything, read and checked.
pub struct Seeds {
    pub directory: Directory<'static>,
    pub members: Vec<MemberSeed<'static>>,
    pub sessions: SessionTexts<'static>,
    pub plan: Vec<PlanSeed<'static>>,
    pub tasks: TaskTexts<'static>,
    pub names: Names<'static>,
}

fn org_kind<'de, D: Deserializer<'de>>(d: D) -> Result<OrgKind, D::Error> {
    let s = <&str>::deserialize(d)?;
    OrgKind::from_code(s).ok_or_else(|| D::Error::custom(format!("unknown kind {s:?}")))
}

fn org_kinds<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<OrgKind>, D::Error> {
    Vec::<&str>::deserialize(d)?
        .into_iter()
        .map(|s| {
            OrgKind::from_code(s).ok_or_else(|| D::Error::custom(format!("unknown kind {s:?}")))
        })
        .collect()
}

fn role<'de, D: Deserializer<'de>>(d: D) -> Result<Role, D::Error> {
    let s = <&str>::deserialize(d)?;
    Role::from_code(s).ok_or_else(|| D::Error::custom(format!("unknown role {s:?}")))
}

fn read<T: Deserialize<'static>>(file: &str, text: &'static str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| format!("assets/demo/{file}: {e}"))
}

impl Seeds {
    /// Read the built-in data. An error names the file and what is wrong with it.
    pub fn load() -> Result<Seeds, String> {
        let seeds = Seeds {
            directory: read(
                "organizations.json",
                include_str!("../../assets/demo/organizations.json"),
            )?,
            members: read(
                "members.json",
                include_str!("../../assets/demo/members.json"),
            )?,
            sessions: read(
                "sessions.json",
                include_str!("../../assets/demo/sessions.json"),
            )?,
            plan: read("plan.json", include_str!("../../assets/demo/plan.json"))?,
            tasks: read("tasks.json", include_str!("../../assets/demo/tasks.json"))?,
            names: read("names.json", include_str!("../../assets/demo/names.json"))?,
        };
        seeds.check()?;
        Ok(seeds)
    }

    /// The position of the organization with this e-mail (checked at load for every e-mail
    /// the generator asks for).
    pub fn org_ix(&self, email: &str) -> usize {
        self.directory
            .organizations
            .iter()
            .position(|o| o.email == email)
            .unwrap_or(0)
    }

    pub(super) fn check(&self) -> Result<(), String> {
        let d = &self.directory;
        let s = &self.sessions;
        let t = &self.tasks;
        let n = &self.names;
        let lists: [(&str, usize); 19] = [
            ("streets", d.streets.len()),
            ("organizations", d.organizations.len()),
            ("topics", s.topics.len()),
            ("other_items", s.other_items.len()),
            ("speeches", s.speeches.len()),
            ("absence_reasons", s.absence_reasons.len()),
            ("plan", self.plan.len()),
            ("cancel_reasons", t.cancel_reasons.len()),
            ("final_reports", t.final_reports.len()),
            ("interim_reports", t.interim_reports.len()),
            ("extension_reasons", t.extension_reasons.len()),
            ("kg_surnames", n.kg_surnames.len()),
            ("kg_male", n.kg_male.len()),
            ("kg_female", n.kg_female.len()),
            ("kg_fathers", n.kg_fathers.len()),
            ("ru_surnames", n.ru_surnames.len()),
            ("ru_male", n.ru_male.len()),
            ("ru_female", n.ru_female.len()),
            ("ru_fathers", n.ru_fathers.len()),
        ];
        if let Some((name, _)) = lists.iter().find(|(_, len)| *len == 0) {
            return Err(format!("assets/demo: the list {name} is empty"));
        }
        // The chair, the deputy and the secretary come first.
        let roles: Vec<Role> = self.members.iter().map(|m| m.role).collect();
        if !roles.starts_with(&[Role::Chair, Role::Deputy, Role::Secretary]) {
            return Err(
                "assets/demo/members.json: the first three are not chair, deputy, secretary".into(),
            );
        }
        let emails = self
            .members
            .iter()
            .map(|m| m.organization)
            .chain([d.mayor_email, IT_EMAIL]);
        for e in emails {
            if !d.organizations.iter().any(|o| o.email == e) {
                return Err(format!("assets/demo: no organization has the e-mail {e}"));
            }
        }
        let topics = s.topics.len();
        if s.topics
            .iter()
            .any(|t| t.speaker >= self.members.len() || t.actions.is_empty())
            || s.extra_reasons.len() < 2
            || s.extra_reasons.iter().any(|r| r.topic >= topics)
            || self.plan.iter().any(|m| m.topic >= topics)
        {
            return Err("assets/demo: a topic's speaker, actions or index is out of range".into());
        }
        if t.escalation_notes.len() < crate::domain::work::EscalationStep::ALL.len() {
            return Err("assets/demo/tasks.json: a note is missing for an escalation step".into());
        }
        Ok(())
    }
}
