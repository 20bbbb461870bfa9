//! The protocol (minutes) of a session: header, attendance and quorum, the sections
//! HEARD – SPOKE – DECIDED (УГУЛДУ – ЧЫГЫП СҮЙЛӨШТҮ – ТОКТОМ КЫЛАТ), the tasks decisions give;
//! the rules for signing, and the canonical text whose SHA-256 a signed protocol keeps.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::Role;
use super::session::{InvitedPerson, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtocolStatus {
    Draft,
    Signed,
}

impl ProtocolStatus {
    pub fn code(self) -> &'static str {
        match self {
            ProtocolStatus::Draft => "draft",
            ProtocolStatus::Signed => "signed",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [ProtocolStatus::Draft, ProtocolStatus::Signed]
            .into_iter()
            .find(|x| x.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protocol {
    pub id: i64,
    pub session_id: i64,
    /// The year of the registration number (the protocol's date).
    pub year: i32,
    pub reg_number: Option<i64>,
    pub status: ProtocolStatus,
    /// Decisions only, speakers in brackets (the records instruction allows it).
    pub short_form: bool,
    pub date: NaiveDate,
    pub place: String,
    /// Who presided: the chair, or whoever stood in.
    pub presiding: String,
    pub secretary: String,
    pub signed_at: Option<String>,
    pub signed_by: String,
    pub text_hash: Option<String>,
    /// The protocol this one amends, with its label ("5/2026").
    pub amends_id: Option<i64>,
    pub amends_label: Option<String>,
    /// Where the secretary last typed (the editor's field key), to reopen there.
    pub last_field: String,
    pub version: i64,
}

impl Protocol {
    /// "12/2026" once signed.
    pub fn label(&self) -> Option<String> {
        self.reg_number.map(|n| format!("{n}/{}", self.year))
    }

    pub fn is_signed(&self) -> bool {
        self.status == ProtocolStatus::Signed
    }
}

/// A member of the HQ at the session: present, or absent with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub member_id: i64,
    pub full_name: String,
    pub position: String,
    pub role: Role,
    pub present: bool,
    pub absence_reason: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speech {
    pub id: i64,
    pub item_id: i64,
    pub position: i64,
    pub speaker: String,
    pub summary: String,
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Votes {
    pub yes: i64,
    pub no: i64,
    pub abstained: i64,
}

impl Votes {
    /// "7/0/1"
    pub fn format(self) -> String {
        format!("{}/{}/{}", self.yes, self.no, self.abstained)
    }

    /// "7/0/1", "7 0 1", "7-0-1"; empty is no vote. Errors when not three numbers.
    pub fn parse(s: &str) -> Result<Option<Votes>, super::validate::FieldError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let parts: Vec<&str> = s
            .split(|c: char| c == '/' || c == '-' || c == ',' || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        let nums: Option<Vec<i64>> = parts
            .iter()
            .map(|p| {
                (p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect();
        match nums.as_deref() {
            Some([yes, no, abstained]) => Ok(Some(Votes {
                yes: *yes,
                no: *no,
                abstained: *abstained,
            })),
            _ => Err(super::validate::FieldError::BadNumber),
        }
    }
}

/// A task as a decision gives it: to whom, what, by when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionTask {
    pub id: i64,
    pub decision_id: i64,
    pub text: String,
    pub executor_id: i64,
    pub executor_ky: String,
    pub executor_ru: String,
    pub co_executors: Vec<(i64, String, String)>,
    pub responsible_person: String,
    pub controller_id: Option<i64>,
    pub controller: String,
    pub deadline: NaiveDate,
    pub status: String,
    pub version: i64,
}

impl DecisionTask {
    pub fn executor(&self, russian: bool) -> &str {
        if russian && !self.executor_ru.trim().is_empty() {
            &self.executor_ru
        } else {
            &self.executor_ky
        }
    }

    /// Every organization the task is addressed to: the executor, then co-executors.
    pub fn addressees(&self) -> Vec<i64> {
        let mut v = vec![self.executor_id];
        v.extend(self.co_executors.iter().map(|c| c.0));
        v
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: i64,
    pub item_id: Option<i64>,
    /// "1.2": the item's place, then the point's.
    pub number: String,
    pub text: String,
    pub votes: Option<Votes>,
    pub tasks: Vec<DecisionTask>,
    pub version: i64,
}

/// One section of the protocol: an agenda item (or other business), heard, spoke, decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: i64,
    pub agenda_item_id: Option<i64>,
    pub position: i64,
    pub title: String,
    pub heard_speaker: String,
    pub heard_summary: String,
    pub speeches: Vec<Speech>,
    pub decisions: Vec<Decision>,
    pub version: i64,
}

/// A whole protocol with everything it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolDoc {
    pub protocol: Protocol,
    pub session: Session,
    pub attendance: Vec<Attendee>,
    pub invited: Vec<InvitedPerson>,
    pub items: Vec<Item>,
}

impl ProtocolDoc {
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.items.iter().flat_map(|i| i.decisions.iter())
    }

    pub fn tasks(&self) -> impl Iterator<Item = &DecisionTask> {
        self.decisions().flat_map(|d| d.tasks.iter())
    }

    /// The organizations tasks are addressed to (executors and co-executors), each once, in
    /// the order they first appear.
    pub fn addressees(&self) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        for t in self.tasks() {
            for o in t.addressees() {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }
}

/// How an extract reached its organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryWay {
    ByHand,
    Email,
    /// The e-document system (электрондук документ жүгүртүү / СЭД).
    EDocument,
    Post,
}

impl DeliveryWay {
    pub const ALL: [DeliveryWay; 4] = [
        DeliveryWay::ByHand,
        DeliveryWay::Email,
        DeliveryWay::EDocument,
        DeliveryWay::Post,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeliveryWay::ByHand => "hand",
            DeliveryWay::Email => "email",
            DeliveryWay::EDocument => "edoc",
            DeliveryWay::Post => "post",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|w| *w == self).unwrap_or(0)
    }
}

/// A line of the delivery register: an extract sent to an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub protocol_id: i64,
    pub organization_id: i64,
    pub delivered_on: NaiveDate,
    pub way: DeliveryWay,
    pub received_by: String,
    /// The outgoing document number, if any.
    pub doc_number: String,
    pub version: i64,
}

/// How many members must be present: a setting (`quorum_rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuorumRule {
    /// More than half of the members (the default).
    #[default]
    MoreThanHalf,
    /// At least two thirds.
    TwoThirds,
}

impl QuorumRule {
    pub const ALL: [QuorumRule; 2] = [QuorumRule::MoreThanHalf, QuorumRule::TwoThirds];

    pub fn code(self) -> &'static str {
        match self {
            QuorumRule::MoreThanHalf => "half",
            QuorumRule::TwoThirds => "two_thirds",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|r| *r == self).unwrap_or(0)
    }

    /// Members present needed out of `members`.
    pub fn needed(self, members: i64) -> i64 {
        match self {
            QuorumRule::MoreThanHalf => members / 2 + 1,
            QuorumRule::TwoThirds => (2 * members + 2) / 3,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quorum {
    pub members: i64,
    pub present: i64,
    pub needed: i64,
    pub reached: bool,
}

pub fn quorum(attendance: &[Attendee], rule: QuorumRule) -> Quorum {
    let members = attendance.len() as i64;
    let present = attendance.iter().filter(|a| a.present).count() as i64;
    let needed = rule.needed(members);
    Quorum {
        members,
        present,
        needed,
        reached: members > 0 && present >= needed,
    }
}

/// Why a protocol cannot be signed (yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignProblem {
    AlreadySigned,
    NoQuorum(Quorum),
    NoDecision,
    /// The number of a decision point without text.
    EmptyDecision(String),
    NoPresiding,
    NoSecretary,
}

/// Everything that stops `doc` from being signed; empty when it may be.
pub fn sign_problems(doc: &ProtocolDoc, rule: QuorumRule) -> Vec<SignProblem> {
    let mut out = Vec::new();
    if doc.protocol.is_signed() {
        out.push(SignProblem::AlreadySigned);
    }
    let q = quorum(&doc.attendance, rule);
    if !q.reached {
        out.push(SignProblem::NoQuorum(q));
    }
    if doc.decisions().next().is_none() {
        out.push(SignProblem::NoDecision);
    }
    for d in doc.decisions() {
        if d.text.trim().is_empty() {
            out.push(SignProblem::EmptyDecision(d.number.clone()));
        }
    }
    if doc.protocol.presiding.trim().is_empty() {
        out.push(SignProblem::NoPresiding);
    }
    if doc.protocol.secretary.trim().is_empty() {
        out.push(SignProblem::NoSecretary);
    }
    out
}

/// A vote counts at most the members present: for + against + abstained ≤ present.
pub fn votes_within(v: Votes, present: i64) -> bool {
    v.yes + v.no + v.abstained <= present
}

/// Does the speaker text `speaker` name the member `full_name`? The whole name, or its
/// surname (the first word, when it is long enough not to match by chance), case-folded.
fn names(speaker: &str, full_name: &str) -> bool {
    let speaker = super::text::fold(speaker);
    let name = super::text::fold(full_name);
    if name.trim().is_empty() {
        return false;
    }
    let surname = name.split_whitespace().next().unwrap_or("");
    speaker.contains(name.trim())
        || (surname.chars().count() >= 4
            && speaker
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == surname))
}

/// Members marked absent who are still written as HEARD or SPOKE: (item position, name).
/// A warning, not a refusal: the secretary may have written the speaker before the day.
pub fn absent_speakers(doc: &ProtocolDoc) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for a in doc.attendance.iter().filter(|a| !a.present) {
        for item in &doc.items {
            let spoke = std::iter::once(item.heard_speaker.as_str())
                .chain(item.speeches.iter().map(|s| s.speaker.as_str()))
                .any(|sp| names(sp, &a.full_name));
            if spoke && !out.contains(&(item.position, a.full_name.clone())) {
                out.push((item.position, a.full_name.clone()));
            }
        }
    }
    out
}

/// "1.2": the point `k` (from 1) of the item at `position` (from 1).
pub fn decision_number(position: i64, k: usize) -> String {
    format!("{position}.{k}")
}

/// A protocol's number in its year: its session's number (`own`) when free, so protocols
/// follow the order of the sessions however late one is signed; otherwise (an amendment, or
/// a number already given under the old signing-order rule) the next after every number
/// `taken` by a protocol and every session number up to `last_session`, so it never takes a
/// later session's number either.
pub fn protocol_number(own: Option<i64>, taken: &[i64], last_session: i64) -> i64 {
    match own {
        Some(n) if n > 0 && !taken.contains(&n) => n,
        _ => taken.iter().copied().max().unwrap_or(0).max(last_session) + 1,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '|' => out.push_str("\\|"),
            c => out.push(c),
        }
    }
    out
}

/// The protocol's canonical text: every field it says, one per line, escaped, in a fixed
/// order — header, attendance (by member id), invited, then each item with HEARD, SPOKE and
/// the decisions with their votes. Tasks are records the decisions give, not the protocol's
/// text: their origin is guarded by triggers instead, and their deadlines may be extended.
pub fn canonical_text(doc: &ProtocolDoc) -> String {
    let p = &doc.protocol;
    let mut lines = vec![
        "shtab-protocol v1".to_string(),
        format!("session|{}", doc.session.label()),
        format!("number|{}", p.label().unwrap_or_default()),
        format!("amends|{}", p.amends_label.as_deref().unwrap_or("")),
        format!("date|{}", p.date.format("%Y-%m-%d")),
        format!("place|{}", esc(&p.place)),
        format!("presiding|{}", esc(&p.presiding)),
        format!("secretary|{}", esc(&p.secretary)),
        format!("form|{}", if p.short_form { "short" } else { "full" }),
        format!("signed_by|{}", esc(&p.signed_by)),
        format!("signed_at|{}", p.signed_at.as_deref().unwrap_or("")),
    ];
    let mut attendance: Vec<&Attendee> = doc.attendance.iter().collect();
    attendance.sort_by_key(|a| a.member_id);
    for a in attendance {
        lines.push(format!(
            "attendance|{}|{}|{}|{}",
            a.member_id,
            esc(&a.full_name),
            if a.present { "present" } else { "absent" },
            esc(&a.absence_reason)
        ));
    }
    let mut invited: Vec<&InvitedPerson> = doc.invited.iter().collect();
    invited.sort_by_key(|i| i.id);
    for i in invited {
        lines.push(format!(
            "invited|{}|{}",
            esc(&i.full_name),
            esc(&i.position)
        ));
    }
    for item in &doc.items {
        lines.push(format!("item|{}|{}", item.position, esc(&item.title)));
        lines.push(format!(
            "heard|{}|{}",
            esc(&item.heard_speaker),
            esc(&item.heard_summary)
        ));
        for s in &item.speeches {
            lines.push(format!("spoke|{}|{}", esc(&s.speaker), esc(&s.summary)));
        }
        for d in &item.decisions {
            lines.push(format!(
                "decided|{}|{}|{}",
                d.number,
                esc(&d.text),
                d.votes.map(Votes::format).unwrap_or_default()
            ));
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// SHA-256 of a text, as 64 lower-case hex digits.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The hash a signed protocol keeps.
pub fn text_hash(doc: &ProtocolDoc) -> String {
    sha256_hex(&canonical_text(doc))
}

#[cfg(test)]
mod tests {

    #[test]
    fn votes_are_never_more_than_those_present() {
        let v = |yes, no, abstained| Votes { yes, no, abstained };
        assert!(votes_within(v(9, 1, 1), 11));
        assert!(!votes_within(v(20, 0, 0), 11));
        assert!(!votes_within(v(10, 1, 1), 11));
    }

    #[test]
    fn a_speaker_is_named_by_full_name_or_surname() {
        assert!(names("Асанов Эрлан", "Асанов Эрлан Бакытович"));
        assert!(names(
            "Э.Б. Асанов, мэриянын бөлүмү",
            "Асанов Эрлан Бакытович"
        ));
        assert!(!names("Асановa Айгүл", "Асанов Эрлан"));
        assert!(
            !names("Ли", "Ли Вэй"),
            "a short surname needs the whole name"
        );
        assert!(names("ли вэй", "Ли Вэй"));
    }

    #[test]
    fn a_protocol_takes_its_sessions_number_unless_taken() {
        // Session 15 signed first keeps 15; session 13 signed later still gets 13.
        assert_eq!(protocol_number(Some(15), &[], 15), 15);
        assert_eq!(protocol_number(Some(13), &[15], 15), 13);
        // An amendment (no own number) goes after every protocol and session of the year.
        assert_eq!(protocol_number(None, &[13, 15], 16), 17);
        // A number already given by the old rule: the next free one after everything.
        assert_eq!(protocol_number(Some(13), &[13, 14], 15), 16);
        assert_eq!(protocol_number(Some(0), &[], 0), 1);
    }
    use super::*;
    use crate::domain::session::{SessionKind, SessionStatus};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn attendee(id: i64, present: bool) -> Attendee {
        Attendee {
            member_id: id,
            full_name: format!("Мүчө {id}"),
            position: String::new(),
            role: Role::Member,
            present,
            absence_reason: if present { "" } else { "ооруп" }.into(),
            version: 1,
        }
    }

    pub(crate) fn sample() -> ProtocolDoc {
        let session = Session {
            id: 1,
            year: 2026,
            number: 11,
            kind: SessionKind::Regular,
            reason: String::new(),
            date: day(2026, 11, 25),
            time: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            place: "Мэрия".into(),
            duration_minutes: 120,
            status: SessionStatus::Held,
            version: 1,
        };
        ProtocolDoc {
            protocol: Protocol {
                id: 1,
                session_id: 1,
                year: 2026,
                reg_number: None,
                status: ProtocolStatus::Draft,
                short_form: false,
                date: session.date,
                place: "Мэрия, чоң зал".into(),
                presiding: "Жумабаев Б.".into(),
                secretary: "Асанова Г.".into(),
                signed_at: None,
                signed_by: String::new(),
                text_hash: None,
                amends_id: None,
                amends_label: None,
                last_field: String::new(),
                version: 1,
            },
            session,
            attendance: (1..=5).map(|i| attendee(i, i != 5)).collect(),
            invited: vec![],
            items: vec![Item {
                id: 1,
                agenda_item_id: None,
                position: 1,
                title: "Интернет | мектептерде".into(),
                heard_speaker: "Асанов А.".into(),
                heard_summary: "Биринчи сап\nэкинчи сап".into(),
                speeches: vec![],
                decisions: vec![Decision {
                    id: 1,
                    item_id: Some(1),
                    number: "1.1".into(),
                    text: "Маалымат эске алынсын.".into(),
                    votes: Some(Votes {
                        yes: 4,
                        no: 0,
                        abstained: 0,
                    }),
                    tasks: vec![],
                    version: 1,
                }],
                version: 1,
            }],
        }
    }

    #[test]
    fn quorum_more_than_half_and_two_thirds() {
        let a = |n: i64, present: i64| -> Vec<Attendee> {
            (1..=n).map(|i| attendee(i, i <= present)).collect()
        };
        let half = QuorumRule::MoreThanHalf;
        assert_eq!(quorum(&a(12, 7), half).needed, 7);
        assert!(quorum(&a(12, 7), half).reached);
        assert!(
            !quorum(&a(12, 6), half).reached,
            "exactly half is not more than half"
        );
        assert!(quorum(&a(11, 6), half).reached);
        assert!(!quorum(&a(11, 5), half).reached);
        assert!(!quorum(&a(0, 0), half).reached, "no members, no quorum");
        let two = QuorumRule::TwoThirds;
        assert_eq!(two.needed(12), 8);
        assert_eq!(two.needed(10), 7);
        assert_eq!(two.needed(9), 6);
        assert!(!quorum(&a(12, 7), two).reached);
        assert!(quorum(&a(12, 8), two).reached);
        assert_eq!(QuorumRule::from_code("two_thirds"), Some(two));
        assert_eq!(QuorumRule::from_code("half"), Some(half));
        assert_eq!(QuorumRule::from_code("all"), None);
    }

    #[test]
    fn what_stops_signing() {
        let doc = sample();
        assert_eq!(sign_problems(&doc, QuorumRule::MoreThanHalf), vec![]);
        let mut bad = doc.clone();
        for a in bad.attendance.iter_mut().skip(2) {
            a.present = false;
        }
        bad.items[0].decisions[0].text = "  ".into();
        bad.protocol.secretary.clear();
        let p = sign_problems(&bad, QuorumRule::MoreThanHalf);
        assert!(matches!(
            p[0],
            SignProblem::NoQuorum(Quorum {
                present: 2,
                needed: 3,
                ..
            })
        ));
        assert!(p.contains(&SignProblem::EmptyDecision("1.1".into())));
        assert!(p.contains(&SignProblem::NoSecretary));
        let mut none = doc.clone();
        none.items[0].decisions.clear();
        assert_eq!(
            sign_problems(&none, QuorumRule::MoreThanHalf),
            vec![SignProblem::NoDecision]
        );
        let mut signed = doc;
        signed.protocol.status = ProtocolStatus::Signed;
        assert_eq!(
            sign_problems(&signed, QuorumRule::MoreThanHalf),
            vec![SignProblem::AlreadySigned]
        );
    }

    #[test]
    fn canonical_text_is_escaped_and_every_change_changes_the_hash() {
        let doc = sample();
        let text = canonical_text(&doc);
        assert!(text.contains("item|1|Интернет \\| мектептерде\n"), "{text}");
        assert!(text.contains("heard|Асанов А.|Биринчи сап\\nэкинчи сап\n"));
        assert!(text.contains("decided|1.1|Маалымат эске алынсын.|4/0/0\n"));
        assert!(text.contains("attendance|5|Мүчө 5|absent|ооруп\n"));
        let h = text_hash(&doc);
        assert_eq!(h.len(), 64);
        assert!(
            h.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(h, text_hash(&doc.clone()), "deterministic");
        // CRLF and LF are the same text.
        let mut crlf = doc.clone();
        crlf.items[0].heard_summary = "Биринчи сап\r\nэкинчи сап".into();
        assert_eq!(text_hash(&crlf), h);
        let changes: Vec<fn(&mut ProtocolDoc)> = vec![
            |d| d.items[0].decisions[0].text.push('!'),
            |d| d.items[0].decisions[0].votes = None,
            |d| d.attendance[0].present = false,
            |d| d.protocol.place.push('.'),
            |d| d.protocol.short_form = true,
            |d| d.items[0].heard_speaker.clear(),
            // A field boundary moved is a different text, not the same characters.
            |d| {
                d.items[0].heard_speaker = "Асанов А.|Биринчи".into();
                d.items[0].heard_summary = "сап\nэкинчи сап".into();
            },
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut d = doc.clone();
            change(&mut d);
            assert_ne!(text_hash(&d), h, "change {i}");
        }
    }

    #[test]
    fn sha256_of_a_known_text() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn votes_read_and_write() {
        assert_eq!(Votes::parse(""), Ok(None));
        let v = Votes {
            yes: 7,
            no: 0,
            abstained: 1,
        };
        for s in ["7/0/1", "7 0 1", " 7-0-1 ", "7, 0, 1"] {
            assert_eq!(Votes::parse(s), Ok(Some(v)), "{s}");
        }
        assert_eq!(v.format(), "7/0/1");
        for bad in ["7", "7/0", "a/b/c", "7/0/1/2", "-1/0/0x"] {
            assert!(Votes::parse(bad).is_err(), "{bad}");
        }
    }
}
