//! The agenda a secretary sends out: the body's name, КҮН ТАРТИБИ / ПОВЕСТКА ДНЯ, the
//! session's number, date, time and place, numbered items with speakers, the invited.

use super::{Align, Document, Run};
use crate::domain::date;
use crate::domain::session::{self, AgendaItem, InvitedPerson, Session};
use crate::domain::{Member, Organization, Role};
use crate::i18n::{Lang, fill};
use crate::store::{OrgFilter, Result, Store};

/// Everything the paper shows, read from the store.
pub struct AgendaPaper {
    pub session: Session,
    pub items: Vec<AgendaItem>,
    pub invited: Vec<InvitedPerson>,
    pub members: Vec<Member>,
    pub organizations: Vec<Organization>,
    /// The body's name as the secretary set it (setting `hq_name.<lang>`), if any.
    pub hq_name: Option<String>,
}

impl AgendaPaper {
    pub fn load(store: &Store, session_id: i64, lang: Lang) -> Result<AgendaPaper> {
        Ok(AgendaPaper {
            session: store.session(session_id)?,
            items: store.agenda(session_id)?,
            invited: store.invited(session_id)?,
            members: store.all_members()?,
            organizations: store.organizations(&OrgFilter {
                include_inactive: true,
                ..Default::default()
            })?,
            hq_name: store.setting(&format!("hq_name.{}", lang.code()))?,
        })
    }

    fn member(&self, id: Option<i64>) -> Option<&Member> {
        id.and_then(|id| self.members.iter().find(|m| m.id == id))
    }

    fn org_name(&self, id: Option<i64>, lang: Lang) -> Option<&str> {
        id.and_then(|id| self.organizations.iter().find(|o| o.id == id))
            .map(|o| o.name(lang == Lang::Ru))
    }

    pub fn document(&self, lang: Lang) -> Document {
        let s = lang.strings();
        let x = &self.session;
        let long_date = match lang {
            Lang::Ky => date::ky_long(x.date),
            Lang::Ru => date::ru_long(x.date),
            Lang::En => date::format(x.date),
        };
        let mut doc = Document::new()
            .heading(1, self.hq_name.as_deref().unwrap_or(s.doc_hq_name))
            .heading(1, s.doc_agenda_title)
            .runs(
                vec![Run::plain(fill(
                    s.doc_session_line,
                    &[&x.label(), &s.session_kinds[x.kind.index()]],
                ))],
                Align::Center,
            )
            .spacer()
            .runs(
                vec![Run::plain(fill(
                    s.doc_when,
                    &[&long_date, &session::format_time(x.time)],
                ))],
                Align::Left,
            );
        if !x.place.is_empty() {
            doc = doc.runs(
                vec![Run::plain(fill(s.doc_place, &[&x.place]))],
                Align::Left,
            );
        }
        if !x.reason.is_empty() {
            doc = doc.runs(
                vec![Run::plain(fill(s.doc_reason, &[&x.reason]))],
                Align::Left,
            );
        }
        doc = doc.spacer();
        for (n, item) in self.items.iter().enumerate() {
            let speaker = match self.member(item.speaker_member_id) {
                Some(m) if item.speaker_name.is_empty() => {
                    if m.position.is_empty() {
                        m.full_name.clone()
                    } else {
                        format!("{}, {}", m.full_name, m.position)
                    }
                }
                _ => item.speaker_name.clone(),
            };
            let mut runs = vec![Run::bold(item.title.clone())];
            runs.push(Run::plain(format!(
                " ({})",
                fill(s.doc_minutes, &[&item.minutes])
            )));
            if !speaker.is_empty() {
                runs.push(Run::plain(format!(
                    "\n{}",
                    fill(s.doc_speaker, &[&speaker])
                )));
            }
            doc = doc.item_runs(format!("{}.", n + 1), runs, 0);
        }
        if !self.invited.is_empty() {
            doc = doc.spacer().bold_para(s.doc_invited);
            for p in &self.invited {
                let mut line = p.full_name.clone();
                if !p.position.is_empty() {
                    line = format!("{line}, {}", p.position);
                }
                if let Some(org) = self.org_name(p.organization_id, lang)
                    && !p.position.contains(org)
                {
                    line = format!("{line} ({org})");
                }
                doc = doc.runs(vec![Run::plain(format!("— {line}"))], Align::Left);
            }
        }
        let secretary = self
            .members
            .iter()
            .find(|m| m.role == Role::Secretary && m.serves_on(x.date))
            .or_else(|| {
                self.members
                    .iter()
                    .find(|m| m.role == Role::Secretary && m.active)
            })
            .map(|m| m.full_name.clone())
            .unwrap_or_default();
        doc.spacer().signature(s.doc_secretary, secretary)
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
            assert!(text.contains(s.doc_agenda_title), "{text}");
            assert!(text.contains(&next.label()));
            for item in &paper.items {
                assert!(text.contains(&item.title), "{} missing", item.title);
            }
            for p in &paper.invited {
                assert!(text.contains(&p.full_name), "{} missing", p.full_name);
            }
            let md = super::super::to_markdown(&paper.document(lang));
            assert!(md.contains(s.doc_agenda_title));
        }
        let paper = AgendaPaper::load(&store, next.id, Lang::Ky).unwrap();
        let text = super::super::to_markdown(&paper.document(Lang::Ky));
        assert!(text.contains("2026-жылдын 25-декабры"), "{text}");
    }
}
