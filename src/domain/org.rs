//! Organizations the HQ's decisions bind, and the HQ's own members.

use chrono::NaiveDate;

/// Kinds of organization named in the source notice (see shared/domain.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    PublicBody,
    Enterprise,
    Organization,
    Institution,
    School,
    Hoa,
    Condominium,
    HouseManagement,
    Tos,
    QuarterCommittee,
}

impl OrgKind {
    pub const ALL: [OrgKind; 10] = [
        OrgKind::PublicBody,
        OrgKind::Enterprise,
        OrgKind::Organization,
        OrgKind::Institution,
        OrgKind::School,
        OrgKind::Hoa,
        OrgKind::Condominium,
        OrgKind::HouseManagement,
        OrgKind::Tos,
        OrgKind::QuarterCommittee,
    ];

    /// The stable code stored in the database and in exports.
    pub fn code(self) -> &'static str {
        match self {
            OrgKind::PublicBody => "public_body",
            OrgKind::Enterprise => "enterprise",
            OrgKind::Organization => "organization",
            OrgKind::Institution => "institution",
            OrgKind::School => "school",
            OrgKind::Hoa => "hoa",
            OrgKind::Condominium => "condominium",
            OrgKind::HouseManagement => "house_management",
            OrgKind::Tos => "tos",
            OrgKind::QuarterCommittee => "quarter_committee",
        }
    }

    pub fn from_code(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn index(self) -> usize {
        OrgKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// 0 for one not stored yet.
    pub id: i64,
    pub name_ky: String,
    pub name_ru: String,
    pub kind: OrgKind,
    pub head_name: String,
    pub head_title: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub active: bool,
    pub version: i64,
}

impl Organization {
    pub fn new(name_ky: &str, kind: OrgKind) -> Self {
        Organization {
            id: 0,
            name_ky: name_ky.to_string(),
            name_ru: String::new(),
            kind,
            head_name: String::new(),
            head_title: String::new(),
            phone: String::new(),
            email: String::new(),
            address: String::new(),
            active: true,
            version: 0,
        }
    }

    /// The name to show: the Russian one for a Russian-language screen when it has one,
    /// else the Kyrgyz (state-language) original.
    pub fn name(&self, russian: bool) -> &str {
        if russian && !self.name_ru.trim().is_empty() {
            &self.name_ru
        } else {
            &self.name_ky
        }
    }

    /// Text the directory filter and the executor picker search in (folded).
    pub fn search_text(&self) -> String {
        super::text::fold(&format!(
            "{} {} {} {}",
            self.name_ky, self.name_ru, self.head_name, self.address
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Chair,
    Deputy,
    Secretary,
    Member,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Chair, Role::Deputy, Role::Secretary, Role::Member];

    pub fn code(self) -> &'static str {
        match self {
            Role::Chair => "chair",
            Role::Deputy => "deputy",
            Role::Secretary => "secretary",
            Role::Member => "member",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn index(self) -> usize {
        Role::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }
}

/// A member of the HQ (chair, deputy, secretary or member) for a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: i64,
    pub full_name: String,
    pub position: String,
    pub role: Role,
    pub organization_id: Option<i64>,
    pub phone: String,
    pub email: String,
    pub term_from: NaiveDate,
    pub term_to: Option<NaiveDate>,
    pub active: bool,
    pub version: i64,
}

impl Member {
    pub fn serves_on(&self, day: NaiveDate) -> bool {
        self.active && self.term_from <= day && self.term_to.is_none_or(|t| day <= t)
    }

    fn overlaps(&self, other: &Member) -> bool {
        let end = |m: &Member| m.term_to.unwrap_or(NaiveDate::MAX);
        self.term_from <= end(other) && other.term_from <= end(self)
    }

    pub fn search_text(&self) -> String {
        super::text::fold(&format!("{} {}", self.full_name, self.position))
    }
}

/// Why a change to the HQ's composition is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompositionError {
    /// Another active chair serves during the same term.
    SecondChair { other: String },
    /// The change would leave the HQ without an active chair today.
    NoChair,
    /// The change would leave the HQ without an active secretary today.
    NoSecretary,
}

/// Check the HQ's composition after `changed` replaces the member with its id
/// (or joins, when its id is 0): exactly one chair at any date, and the change may
/// not remove the last chair or secretary serving on `today`.
pub fn check_composition(
    current: &[Member],
    changed: &Member,
    today: NaiveDate,
) -> Result<(), CompositionError> {
    let others = current
        .iter()
        .filter(|m| changed.id == 0 || m.id != changed.id);
    if changed.active
        && changed.role == Role::Chair
        && let Some(o) = others
            .clone()
            .find(|m| m.active && m.role == Role::Chair && m.overlaps(changed))
    {
        return Err(CompositionError::SecondChair {
            other: o.full_name.clone(),
        });
    }
    let serving_as = |role: Role, list: &mut dyn Iterator<Item = &Member>| {
        list.filter(|m| m.role == role && m.serves_on(today))
            .count()
    };
    let after: Vec<&Member> = others.chain(std::iter::once(changed)).collect();
    for (role, err) in [
        (Role::Chair, CompositionError::NoChair),
        (Role::Secretary, CompositionError::NoSecretary),
    ] {
        let before = serving_as(role, &mut current.iter());
        let now = serving_as(role, &mut after.iter().copied());
        if before > 0 && now == 0 {
            return Err(err);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    fn member(id: i64, name: &str, role: Role, from: &str, to: Option<&str>) -> Member {
        Member {
            id,
            full_name: name.into(),
            position: String::new(),
            role,
            organization_id: None,
            phone: String::new(),
            email: String::new(),
            term_from: d(from),
            term_to: to.map(d),
            active: true,
            version: 1,
        }
    }

    #[test]
    fn kind_codes_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::from_code(k.code()), Some(k));
        }
        assert_eq!(OrgKind::from_code("bank"), None);
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
    }

    #[test]
    fn second_chair_is_refused_only_when_terms_overlap() {
        let today = d("25.11.2026");
        let hq = vec![
            member(1, "Асанов А.", Role::Chair, "01.01.2025", None),
            member(2, "Бекова Б.", Role::Secretary, "01.01.2025", None),
        ];
        let new_chair = member(0, "Жумаев Ж.", Role::Chair, "01.01.2026", None);
        assert_eq!(
            check_composition(&hq, &new_chair, today),
            Err(CompositionError::SecondChair {
                other: "Асанов А.".into()
            })
        );
        // A chair whose term ended before the new one begins is no conflict.
        let mut past = hq.clone();
        past[0].term_to = Some(d("31.12.2025"));
        assert_eq!(check_composition(&past, &new_chair, today), Ok(()));
        // Editing the chair itself is not a second chair.
        let mut same = hq[0].clone();
        same.position = "мэр".into();
        assert_eq!(check_composition(&hq, &same, today), Ok(()));
    }

    #[test]
    fn last_secretary_and_chair_cannot_go() {
        let today = d("25.11.2026");
        let hq = vec![
            member(1, "Асанов А.", Role::Chair, "01.01.2025", None),
            member(2, "Бекова Б.", Role::Secretary, "01.01.2025", None),
        ];
        let mut gone = hq[1].clone();
        gone.active = false;
        assert_eq!(
            check_composition(&hq, &gone, today),
            Err(CompositionError::NoSecretary)
        );
        let mut demoted = hq[0].clone();
        demoted.role = Role::Member;
        assert_eq!(
            check_composition(&hq, &demoted, today),
            Err(CompositionError::NoChair)
        );
        // With a second secretary, one may leave.
        let mut two = hq.clone();
        two.push(member(
            3,
            "Осмонова О.",
            Role::Secretary,
            "01.06.2026",
            None,
        ));
        assert_eq!(check_composition(&two, &gone, today), Ok(()));
        // An empty HQ can be filled one by one.
        let first = member(0, "Ким К.", Role::Member, "01.01.2026", None);
        assert_eq!(check_composition(&[], &first, today), Ok(()));
    }
}
