//! The sessions of the year around `today`: their agendas, attendance, protocols (signed the
//! way the editor signs) and decisions, the sources of tasks.

use chrono::{Datelike, NaiveDate};

use super::generator::{CHAIR, DEPUTY, Gen, ItemPlan, SECRETARY, Source};
use super::util::{add_days, month_start, next_workday, stamp, weekday};
use crate::domain::work::{SessionKind, SessionStatus};
use crate::store::seed::{AgendaItemSeed, DecisionSeed, ProtocolItemSeed, SessionSeed};

impl Gen<'_> {
    pub(super) fn sessions(&mut self) -> crate::store::Result<()> {
        let today = self.today;
        // (date, extraordinary reason index)
        let mut plan: Vec<(NaiveDate, Option<usize>)> = Vec::new();
        for offset in -10..=1 {
            let d = add_days(month_start(today, offset), self.rng.range(17, 24));
            plan.push((weekday(d), None));
        }
        for (k, offset) in [-7, -3].into_iter().enumerate() {
            let d = add_days(month_start(today, offset), self.rng.range(4, 9));
            plan.push((weekday(d), Some(k)));
        }
        plan.sort_by_key(|p| p.0);
        let last_past = plan.iter().rposition(|p| p.0 < today);
        let first_future = plan.iter().position(|p| p.0 >= today);

        let mut numbers: Vec<(i32, i64)> = Vec::new();
        let mut reg_numbers: Vec<(i32, i64)> = Vec::new();
        for (i, &(date, extra)) in plan.iter().enumerate() {
            let year = date.year();
            let number = bump_counter(&mut numbers, year);
            let status = if date >= today {
                if Some(i) == first_future {
                    SessionStatus::AgendaApproved
                } else {
                    SessionStatus::Planned
                }
            } else if Some(i) == last_past {
                SessionStatus::Held
            } else {
                SessionStatus::ProtocolSigned
            };
            let (kind, reason, time, place) = match extra {
                None => (
                    SessionKind::Regular,
                    "",
                    "10:00",
                    "Токмок шаардык мэриясынын чоң залы",
                ),
                Some(k) => (
                    SessionKind::Extraordinary,
                    self.d.sessions.extra_reasons[k].reason,
                    "15:00",
                    "Токмок шаардык мэриясынын кичи залы",
                ),
            };
            let session_id = self.db.session(&SessionSeed {
                year,
                number,
                kind,
                reason,
                date,
                time,
                place,
                status,
            })?;
            let held = matches!(status, SessionStatus::Held | SessionStatus::ProtocolSigned);
            let items = self.agenda(i, extra, held);
            self.write_session(session_id, date, status, &items, &mut reg_numbers)?;
        }
        for &(year, last) in &numbers {
            self.db.session_number(year, last)?;
        }
        self.sum.sessions = plan.len();
        Ok(())
    }

    /// The agenda of the `i`-th session: previous decisions, reports, hearings, other.
    fn agenda(&mut self, i: usize, extra: Option<usize>, held: bool) -> Vec<ItemPlan> {
        let d = self.d;
        let topics = &d.sessions.topics;
        let mut items = Vec::new();
        let (reports, hearings, others): (Vec<usize>, usize, usize) = match extra {
            Some(k) => (vec![d.sessions.extra_reasons[k].topic], 1, 1),
            None => {
                items.push(ItemPlan {
                    title: d.sessions.previous_decisions.into(),
                    kind: "report",
                    speaker_member: Some(SECRETARY),
                    speaker_name: String::new(),
                    orgs: Vec::new(),
                    minutes: 10,
                    outcome: "decided",
                    summary: format!(
                        "Штабдын мурунку чечимдеринин аткарылышы жөнүндө маалымат берди: \
                         тапшырмалардын {}% мөөнөтүндө аткарылган.",
                        self.rng.range(55, 90)
                    ),
                    decisions: vec![
                        ("Маалымат эске алынсын.".into(), None),
                        ("Аткарылган тапшырмалар көзөмөлдөн алынсын.".into(), None),
                    ],
                });
                let n = 1 + self.rng.below(2);
                let first = (i * 2 + self.rng.below(3)) % topics.len();
                let reports = (0..n).map(|k| (first + k * 5) % topics.len()).collect();
                let hearings = 1 + self.rng.below(2);
                let others = usize::from(n + hearings < 4 && self.rng.chance(60));
                (reports, hearings, others)
            }
        };
        for t in reports {
            let topic = &topics[t];
            let mut decisions = vec![("Маалымат эске алынсын.".to_string(), None)];
            let k = 1 + self.rng.below(2);
            let first = self.rng.below(topic.actions.len());
            for j in 0..k.min(topic.actions.len()) {
                let a = topic.actions[(first + j) % topic.actions.len()];
                decisions.push((format!("{a}."), Some(t)));
            }
            items.push(ItemPlan {
                title: topic.title.into(),
                kind: "report",
                speaker_member: Some(topic.speaker),
                speaker_name: String::new(),
                orgs: Vec::new(),
                minutes: self.rng.range(2, 4) * 5,
                outcome: "decided",
                summary: topic.summary.into(),
                decisions,
            });
        }
        for _ in 0..hearings {
            let t = self.rng.below(topics.len());
            let mut orgs = Vec::new();
            for _ in 0..1 + usize::from(self.rng.chance(50)) {
                let o = if self.rng.chance(65) {
                    *self.rng.pick(&self.lagging)
                } else {
                    self.org_for(t, true)
                };
                if !orgs.contains(&o) {
                    orgs.push(o);
                }
            }
            let names: Vec<&str> = orgs.iter().map(|&o| self.orgs[o].name).collect();
            let heads: Vec<&str> = orgs.iter().map(|&o| self.orgs[o].head.as_str()).collect();
            let action = *self.rng.pick(&topics[t].actions);
            items.push(ItemPlan {
                title: format!(
                    "Тапшырмалардын аткарылышы жөнүндө жетекчилерди угуу: {}",
                    names.join(", ")
                ),
                kind: "hearing",
                speaker_member: None,
                speaker_name: heads.join(", "),
                orgs,
                minutes: 15,
                outcome: "decided",
                summary: "Тапшырмалардын мөөнөтүндө аткарылбай калышынын себептери боюнча \
                          түшүндүрмө берди."
                    .into(),
                decisions: vec![
                    (
                        "Угулган жетекчилердин түшүндүрмөлөрү эске алынсын.".into(),
                        None,
                    ),
                    (
                        "Тапшырмаларды мөөнөтүндө аткарбагандыгы үчүн жетекчилерге \
                         эскертүү берилсин."
                            .into(),
                        None,
                    ),
                    (format!("{action}."), Some(t)),
                ],
            });
        }
        for _ in 0..others {
            let other = self.rng.pick(&d.sessions.other_items);
            let (title, decision) = (other.title, other.decision);
            items.push(ItemPlan {
                title: title.into(),
                kind: "other",
                speaker_member: Some(if extra.is_some() { DEPUTY } else { SECRETARY }),
                speaker_name: String::new(),
                orgs: Vec::new(),
                minutes: 5,
                outcome: "decided",
                summary: "Маселе боюнча маалымат берди.".into(),
                decisions: vec![(decision.into(), None)],
            });
        }
        for (k, item) in items.iter_mut().enumerate() {
            if !held {
                item.outcome = "pending";
            } else if k > 0 && self.rng.chance(10) {
                item.outcome = "postponed";
                item.summary = "Маселе кийинки отурумга калтырылды.".into();
                item.decisions.clear();
            }
        }
        items
    }

    fn write_session(
        &mut self,
        session_id: i64,
        date: NaiveDate,
        status: SessionStatus,
        items: &[ItemPlan],
        reg_numbers: &mut Vec<(i32, i64)>,
    ) -> crate::store::Result<()> {
        let agenda_ids = self.write_agenda(session_id, items)?;
        self.sum.agenda_items += items.len();
        let signed = status == SessionStatus::ProtocolSigned;
        if !(signed || status == SessionStatus::Held) {
            return Ok(());
        }
        for item in items
            .iter()
            .filter(|i| i.kind == "hearing" && i.outcome == "decided")
        {
            self.heard.extend(item.orgs.iter().map(|&o| (date, o)));
        }
        let present = self.attendance(session_id)?;
        let speeches = self.speeches(items);
        let chair = self.members[CHAIR].name.clone();
        let secretary = self.members[SECRETARY].name.clone();
        let year = date.year();
        let signing = if signed {
            let on = add_days(date, self.rng.range(1, 4)).min(self.today);
            Some((
                bump_counter(reg_numbers, year),
                stamp(on, 16, self.rng.range(0, 59)),
                on,
            ))
        } else {
            None
        };
        let signed_on = signing.as_ref().map(|s| s.2);
        // Written as a draft, then signed the way the editor signs: numbered, with the
        // SHA-256 of its canonical text (so `shtab protocol verify` holds on demo data).
        let protocol_id = self
            .db
            .draft_protocol(session_id, year, &chair, &secretary)?;
        self.sum.protocols += 1;
        for (pos, item) in items.iter().enumerate() {
            let at = (protocol_id, agenda_ids[pos], pos);
            self.write_item(at, item, &speeches[pos], present, signed_on)?;
        }
        if let Some((reg, signed_at, _)) = signing {
            self.db
                .sign_protocol(protocol_id, &chair, &signed_at, Some(reg))?;
        }
        Ok(())
    }

    /// The agenda's items, the organizations heard and their heads invited; the items' ids.
    fn write_agenda(
        &mut self,
        session_id: i64,
        items: &[ItemPlan],
    ) -> crate::store::Result<Vec<i64>> {
        let mut agenda_ids = Vec::new();
        for (pos, item) in items.iter().enumerate() {
            let id = self.db.agenda_item(&AgendaItemSeed {
                session_id,
                position: pos as i64 + 1,
                title: &item.title,
                kind: item.kind,
                speaker_member_id: item.speaker_member.map(|m| self.members[m].id),
                speaker_name: &item.speaker_name,
                minutes: item.minutes,
                outcome: item.outcome,
            })?;
            agenda_ids.push(id);
            for &o in &item.orgs {
                let org = &self.orgs[o];
                self.db.agenda_item_organization(id, org.id)?;
                let position = format!("{}, {}", org.name, org.title);
                self.db
                    .invited_person(session_id, &org.head, &position, org.id)?;
            }
        }
        Ok(agenda_ids)
    }

    /// The chair and the secretary are there; now and then someone is not. How many were.
    fn attendance(&mut self, session_id: i64) -> crate::store::Result<i64> {
        let mut present = 0;
        for m in 0..self.members.len() {
            let absent = m != CHAIR && m != SECRETARY && self.rng.chance(8);
            let reason = if absent {
                *self.rng.pick(&self.d.sessions.absence_reasons)
            } else {
                ""
            };
            present += i64::from(!absent);
            self.db
                .attendance(session_id, self.members[m].id, !absent, reason)?;
        }
        Ok(present)
    }

    /// Who spoke on each item (drawn before the protocol is written, as the generator
    /// always has).
    fn speeches(&mut self, items: &[ItemPlan]) -> Vec<Vec<(usize, &'static str)>> {
        let mut speeches = Vec::new();
        for item in items {
            let mut sp = Vec::new();
            if item.outcome == "decided" && self.rng.chance(40) {
                for _ in 0..1 + self.rng.below(2) {
                    let who = 1 + self.rng.below(self.members.len() - 1);
                    let what = *self.rng.pick(&self.d.sessions.speeches);
                    sp.push((who, what));
                }
            }
            speeches.push(sp);
        }
        speeches
    }

    /// One item of the protocol: heard, spoke, decided; a signed protocol's decisions on a
    /// topic become sources of tasks.
    fn write_item(
        &mut self,
        (protocol_id, agenda_item_id, pos): (i64, i64, usize),
        item: &ItemPlan,
        speeches: &[(usize, &str)],
        present: i64,
        signed_on: Option<NaiveDate>,
    ) -> crate::store::Result<()> {
        let heard = self.heard_speaker(item);
        let item_id = self.db.protocol_item(&ProtocolItemSeed {
            protocol_id,
            agenda_item_id,
            position: pos as i64 + 1,
            title: &item.title,
            heard_speaker: &heard,
            heard_summary: &item.summary,
        })?;
        for (k, &(who, what)) in speeches.iter().enumerate() {
            self.db
                .speech(item_id, k as i64 + 1, &self.members[who].name, what)?;
        }
        for (k, (d, topic)) in item.decisions.iter().enumerate() {
            let votes = self.rng.chance(35).then(|| {
                let against = i64::from(self.rng.chance(20));
                let abstained = i64::from(self.rng.chance(25));
                (present - against - abstained, against, abstained)
            });
            let decision_id = self.db.decision(&DecisionSeed {
                protocol_id,
                protocol_item_id: item_id,
                number: &format!("{}.{}", pos + 1, k + 1),
                text: d,
                votes,
            })?;
            self.sum.decisions += 1;
            if let (Some(t), Some(on)) = (topic, signed_on) {
                let text = d.trim_end_matches('.').to_string();
                self.decisions.push(Source {
                    decision_id: Some(decision_id),
                    measure_id: None,
                    // Delivered to the executors the next working day.
                    date: Some(next_workday(on).min(self.today)),
                    topic: *t,
                    prefer: item.orgs.clone(),
                    text,
                });
            }
        }
        Ok(())
    }

    fn heard_speaker(&self, item: &ItemPlan) -> String {
        match item.speaker_member {
            Some(m) => self.members[m].name.clone(),
            None => item.speaker_name.clone(),
        }
    }
}

/// The next number in a per-year sequence.
pub(super) fn bump_counter(counters: &mut Vec<(i32, i64)>, year: i32) -> i64 {
    match counters.iter_mut().find(|(y, _)| *y == year) {
        Some((_, n)) => {
            *n += 1;
            *n
        }
        None => {
            counters.push((year, 1));
            1
        }
    }
}
