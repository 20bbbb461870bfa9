//! The agenda a secretary sends out: the chair's approval block (БЕКИТЕМИН / УТВЕРЖДАЮ), the
//! HQ's name, КҮН ТАРТИБИ / ПОВЕСТКА ДНЯ, the session's number, date, time and place,
//! numbered items with speakers (a hearing with its overdue tasks), the invited.

use std::collections::HashMap;

use super::{Align, Document, Run};
use crate::domain::session::{self, AgendaItem, AgendaItemKind, InvitedPerson, Session};
use crate::domain::work::{TaskState, task_state};
use crate::domain::{Member, Organization, Role, date, names};
use crate::i18n::Lang;
use crate::i18n::papers;
use crate::store::settings::PaperPeople;
use crate::store::{OrgFilter, Result, Store, TaskBrief};

/// Everything the paper shows, read from the store.
pub struct AgendaPaper {
    pub session: Session,
    pub items: Vec<AgendaItem>,
    pub invited: Vec<InvitedPerson>,
    pub members: Vec<Member>,
    pub organizations: Vec<Organization>,
    /// The HQ's one name in the paper's language (settings).
    pub hq_name: String,
    pub people: PaperPeople,
    /// The tasks of the organizations heard, by organization.
    pub tasks: HashMap<i64, Vec<TaskBrief>>,
}

impl AgendaPaper {
    pub fn load(store: &Store, session_id: i64, lang: Lang) -> Result<AgendaPaper> {
        let items = store.agenda(session_id)?;
        let session = store.session(session_id)?;
        // Only the tasks that can be overdue on the session's day (see `overdue_lines`).
        let mut tasks = HashMap::new();
        for item in items.iter().filter(|i| i.kind == AgendaItemKind::Hearing) {
            for org in &item.organization_ids {
                if !tasks.contains_key(org) {
                    let open = store.organization_open_tasks_due_before(*org, session.date)?;
                    tasks.insert(*org, open);
                }
            }
        }
        Ok(AgendaPaper {
            session,
            items,
            invited: store.invited(session_id)?,
            members: store.all_members()?,
            organizations: store.organizations(&OrgFilter {
                include_inactive: true,
                ..Default::default()
            })?,
            hq_name: store.hq_name(lang)?,
            people: store.paper_people()?,
            tasks,
        })
    }

    fn member(&self, id: Option<i64>) -> Option<&Member> {
        id.and_then(|id| self.members.iter().find(|m| m.id == id))
    }

    fn org(&self, id: i64) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    fn position(&self, m: &Member, lang: Lang) -> String {
        if lang == Lang::Ru
            && let Some((ru, _)) = self.people.members.get(&m.id)
            && !ru.trim().is_empty()
        {
            return ru.clone();
        }
        m.position.clone()
    }

    /// The member holding `role` on the session's day (else the active one).
    fn holder(&self, role: Role) -> Option<&Member> {
        let day = self.session.date;
        self.members
            .iter()
            .find(|m| m.role == role && m.serves_on(day))
            .or_else(|| self.members.iter().find(|m| m.role == role && m.active))
    }

    /// A hearing Shtab titled with the organizations' Kyrgyz names is retitled in Russian.
    fn title(&self, item: &AgendaItem, lang: Lang) -> String {
        if lang != Lang::Ru || item.kind != AgendaItemKind::Hearing {
            return item.title.clone();
        }
        let orgs: Vec<&Organization> = item
            .organization_ids
            .iter()
            .filter_map(|id| self.org(*id))
            .collect();
        if !orgs.is_empty()
            && orgs.iter().all(|o| item.title.contains(o.name_ky.as_str()))
            && papers::looks_kyrgyz(&item.title)
        {
            let names: Vec<&str> = orgs.iter().map(|o| o.name(true)).collect();
            return Lang::Ru
                .strings()
                .agenda
                .hearing_title
                .fill([&names.join(", ")]);
        }
        item.title.clone()
    }

    /// The approval block at the top right: БЕКИТЕМИН / УТВЕРЖДАЮ, the chair's position,
    /// a line for the signature with the name, and a line for the date.
    fn approval(&self, doc: Document, lang: Lang) -> Document {
        let ps = papers::strings(lang);
        let Some(chair) = self.holder(Role::Chair) else {
            return doc;
        };
        let year = self.session.date.format("%Y");
        let day = if lang == Lang::Ru {
            format!("«___» ____________ {year} г.")
        } else {
            format!("{year}-жылдын «___» ____________")
        };
        doc.right_block([
            ps.approve.to_string(),
            ps.chair_of_hq.to_string(),
            format!("__________ {}", names::initials_first(&chair.full_name)),
            day,
        ])
        .spacer()
    }

    /// A hearing's overdue tasks as of the session's day, one line each: those linked to the
    /// item, or else every overdue task of the organizations heard.
    pub fn overdue_lines(&self, item: &AgendaItem, lang: Lang) -> Vec<String> {
        let ps = papers::strings(lang);
        let day = self.session.date;
        let mut lines = Vec::new();
        for org in &item.organization_ids {
            let Some(tasks) = self.tasks.get(org) else {
                continue;
            };
            let who = self.org(*org).map_or("", |o| o.name(lang == Lang::Ru));
            let mut overdue: Vec<&TaskBrief> = tasks
                .iter()
                .filter(|t| item.task_ids.is_empty() || item.task_ids.contains(&t.id))
                .filter(|t| {
                    matches!(
                        task_state(t.status, t.deadline, day),
                        TaskState::Overdue { .. }
                    )
                })
                .collect();
            overdue.sort_by_key(|t| (t.deadline, t.id));
            for t in overdue {
                let days = (day - t.deadline).num_days();
                let text = t.text.trim().trim_end_matches('.');
                let deadline = date::format(t.deadline);
                lines.push(format!(
                    "— {who}: {}",
                    ps.overdue_task_line.fill([&text, &deadline, &days])
                ));
            }
        }
        lines
    }

    /// What an agenda in Russian leaves in Kyrgyz (titles, positions, the place, as typed).
    pub fn untranslated(&self, lang: Lang) -> Option<String> {
        if lang != Lang::Ru {
            return None;
        }
        let ps = papers::strings(lang);
        let k = papers::looks_kyrgyz;
        let titles = self
            .items
            .iter()
            .filter(|i| k(&self.title(i, lang)))
            .count();
        let positions = self
            .items
            .iter()
            .filter_map(|i| self.member(i.speaker_member_id))
            .filter(|m| k(&self.position(m, lang)))
            .count();
        let mut what = Vec::new();
        for (label, n) in [
            (ps.untranslated_parts[0], titles),
            (ps.untranslated_parts[3], positions),
            (
                ps.untranslated_parts[5],
                usize::from(k(&self.session.place)),
            ),
        ] {
            if n > 0 {
                what.push(format!("{label} ({n})"));
            }
        }
        (!what.is_empty()).then(|| ps.untranslated.fill([&what.join(", ")]))
    }

    pub fn document(&self, lang: Lang) -> Document {
        let s = lang.strings();
        let x = &self.session;
        let long_date = match lang {
            Lang::Ky => date::ky_long(x.date),
            Lang::Ru => date::ru_long(x.date),
            Lang::En => date::format(x.date),
        };
        let mut doc = self.approval(Document::new().numbered_pages(), lang);
        doc = doc
            .heading(1, self.hq_name.clone())
            .heading(1, s.agenda.doc_agenda_title)
            .runs(
                vec![Run::plain(
                    s.agenda
                        .doc_session_line
                        .fill([&x.label(), &s.agenda.session_kinds[x.kind.index()]]),
                )],
                Align::Center,
            )
            .spacer()
            .runs(
                vec![Run::plain(
                    s.agenda
                        .doc_when
                        .fill([&long_date, &session::format_time(x.time)]),
                )],
                Align::Left,
            );
        if !x.place.is_empty() {
            doc = doc.runs(
                vec![Run::plain(s.agenda.doc_place.fill([&x.place]))],
                Align::Left,
            );
        }
        if !x.reason.is_empty() {
            doc = doc.runs(
                vec![Run::plain(s.agenda.doc_reason.fill([&x.reason]))],
                Align::Left,
            );
        }
        doc = doc.spacer();
        for (n, item) in self.items.iter().enumerate() {
            let speaker = match self.member(item.speaker_member_id) {
                Some(m) if item.speaker_name.is_empty() => {
                    let pos = self.position(m, lang);
                    if pos.is_empty() {
                        m.full_name.clone()
                    } else {
                        format!("{}, {pos}", m.full_name)
                    }
                }
                _ => item.speaker_name.clone(),
            };
            let mut runs = vec![Run::bold(self.title(item, lang))];
            runs.push(Run::plain(format!(
                " ({})",
                s.agenda.doc_minutes.fill([&item.minutes])
            )));
            if !speaker.is_empty() {
                runs.push(Run::plain(format!(
                    "\n{}",
                    s.agenda.doc_speaker.fill([&speaker])
                )));
            }
            let overdue = self.overdue_lines(item, lang);
            if !overdue.is_empty() {
                runs.push(Run::italic(format!(
                    "\n{}\n{}",
                    papers::strings(lang).overdue_tasks,
                    overdue.join("\n")
                )));
            }
            doc = doc.item_runs(format!("{}.", n + 1), runs, 0);
        }
        if !self.invited.is_empty() {
            doc = doc.spacer().bold_para(s.agenda.doc_invited);
            for p in &self.invited {
                let mut line = p.full_name.clone();
                match p.organization_id.and_then(|id| self.org(id)) {
                    Some(org) if lang == Lang::Ru => {
                        let title_ky = p
                            .position
                            .strip_prefix(org.name_ky.as_str())
                            .map(|t| t.trim_start_matches([',', ' ']).to_string())
                            .unwrap_or_else(|| p.position.clone());
                        let title = self
                            .people
                            .heads
                            .get(&org.id)
                            .map(|h| h.0.clone())
                            .filter(|t| !t.is_empty())
                            .or_else(|| papers::title_ru(&title_ky).map(str::to_string))
                            .unwrap_or(title_ky);
                        line = format!("{line}, {title} ({})", org.name(true));
                    }
                    Some(org) => {
                        if !p.position.is_empty() {
                            line = format!("{line}, {}", p.position);
                        }
                        if !p.position.contains(org.name_ky.as_str()) {
                            line = format!("{line} ({})", org.name_ky);
                        }
                    }
                    None if !p.position.is_empty() => line = format!("{line}, {}", p.position),
                    None => {}
                }
                doc = doc.runs(vec![Run::plain(format!("— {line}"))], Align::Left);
            }
        }
        let secretary = self
            .holder(Role::Secretary)
            .map(|m| names::initials_first(&m.full_name))
            .unwrap_or_default();
        doc.spacer().signature(s.agenda.doc_secretary, secretary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};

    #[test]
    fn agenda_paper_holds_every_item_and_the_invited_heads() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        demo::generate(&mut store, &DemoOptions::new(today)).unwrap();
        let rows = store.sessions(today, None).unwrap();
        let next = &rows[0].session;
        for lang in [Lang::Ky, Lang::Ru] {
            let paper = AgendaPaper::load(&store, next.id, lang).unwrap();
            assert!(!paper.items.is_empty() && !paper.invited.is_empty());
            let bytes = super::super::to_docx(&paper.document(lang)).unwrap();
            let text = super::super::testing::docx_text(&bytes);
            let s = lang.strings();
            assert!(text.contains(s.agenda.doc_agenda_title), "{text}");
            assert!(text.contains(&next.label()));
            for item in &paper.items {
                let title = paper.title(item, lang);
                assert!(text.contains(&title), "{title} missing");
                assert_eq!(
                    title == item.title,
                    lang == Lang::Ky || item.kind != AgendaItemKind::Hearing
                );
            }
            for p in &paper.invited {
                assert!(text.contains(&p.full_name), "{} missing", p.full_name);
            }
            let md = super::super::to_markdown(&paper.document(lang));
            assert!(md.contains(s.agenda.doc_agenda_title));
        }
        let paper = AgendaPaper::load(&store, next.id, Lang::Ky).unwrap();
        let text = super::super::to_markdown(&paper.document(Lang::Ky));
        assert!(text.contains("2026-жылдын 25-декабры"), "{text}");
        // The approval block, and a hearing's overdue tasks.
        for (lang, approve, chair, overdue) in [
            (
                Lang::Ky,
                "БЕКИТЕМИН",
                "Штабдын төрагасы",
                "Мөөнөтү өткөн тапшырмалар:",
            ),
            (
                Lang::Ru,
                "УТВЕРЖДАЮ",
                "Председатель штаба",
                "Просроченные поручения:",
            ),
        ] {
            let paper = AgendaPaper::load(&store, next.id, lang).unwrap();
            let bytes = super::super::to_docx(&paper.document(lang)).unwrap();
            let text = super::super::testing::docx_text(&bytes);
            let mut lines = text.lines();
            assert_eq!(lines.next(), Some(approve), "{text}");
            assert_eq!(lines.next(), Some(chair));
            assert!(lines.next().unwrap().ends_with("М.С. Бейшеналиева"));
            let hearing = paper
                .items
                .iter()
                .find(|i| !paper.overdue_lines(i, lang).is_empty())
                .expect("a hearing with overdue tasks on the demo's next agenda");
            assert!(text.contains(overdue), "{text}");
            let line = &paper.overdue_lines(hearing, lang)[0];
            assert!(text.contains(line.trim_start_matches("— ")), "{text}");
            assert_eq!(paper.untranslated(lang).is_some(), lang == Lang::Ru);
            if lang == Lang::Ru {
                assert!(!text.contains("жетекчилерди угуу"), "{text}");
            }
        }
    }
}
