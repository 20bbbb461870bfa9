//! Letters of the escalation ladder — reminder, warning, summons to a session, cover letter
//! to a higher body — from the templates in `assets/letters/`, which a secretary may
//! override with files in `templates/letters/<lang>/` next to the database.

use std::path::Path;

use chrono::NaiveDate;

use super::{Align, Document, Run};
use crate::domain::session::{self, Session};
use crate::domain::{Organization, date};
use crate::i18n::{Lang, fill};
use crate::store::{LetterKind, TaskBrief};

fn builtin(kind: LetterKind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::Ru, LetterKind::Reminder) => include_str!("../../assets/letters/ru/reminder.txt"),
        (Lang::Ru, LetterKind::Warning) => include_str!("../../assets/letters/ru/warning.txt"),
        (Lang::Ru, LetterKind::Summons) => include_str!("../../assets/letters/ru/summons.txt"),
        (Lang::Ru, LetterKind::CoverLetter) => {
            include_str!("../../assets/letters/ru/cover_letter.txt")
        }
        (_, LetterKind::Reminder) => include_str!("../../assets/letters/ky/reminder.txt"),
        (_, LetterKind::Warning) => include_str!("../../assets/letters/ky/warning.txt"),
        (_, LetterKind::Summons) => include_str!("../../assets/letters/ky/summons.txt"),
        (_, LetterKind::CoverLetter) => include_str!("../../assets/letters/ky/cover_letter.txt"),
    }
}

/// The template: the secretary's file if there is one next to the database, else the built-in.
pub fn template(kind: LetterKind, lang: Lang, db_dir: Option<&Path>) -> String {
    let lang_dir = if lang == Lang::Ru { "ru" } else { "ky" };
    db_dir
        .map(|d| {
            d.join("templates/letters")
                .join(lang_dir)
                .join(format!("{}.txt", kind.code()))
        })
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_else(|| builtin(kind, lang).to_string())
}

/// What a letter says.
pub struct Letter<'a> {
    pub kind: LetterKind,
    pub number: &'a str,
    pub date: NaiveDate,
    pub hq_name: &'a str,
    pub organization: &'a Organization,
    /// The tasks not executed, with how many days each is overdue on `date`.
    pub tasks: &'a [TaskBrief],
    pub session: Option<&'a Session>,
    pub chair: &'a str,
    /// The addressee of a cover letter.
    pub body: &'a str,
}

impl Letter<'_> {
    fn long_date(d: NaiveDate, lang: Lang) -> String {
        match lang {
            Lang::Ky => date::ky_long(d),
            Lang::Ru => date::ru_long(d),
            Lang::En => date::format(d),
        }
    }

    fn fill_in(&self, line: &str, lang: Lang) -> String {
        let org = self.organization.name(lang == Lang::Ru);
        let mut out = line
            .replace("{hq}", self.hq_name)
            .replace("{number}", self.number)
            .replace("{date}", &Self::long_date(self.date, lang))
            .replace("{org}", org)
            .replace("{head}", &self.organization.head_name)
            .replace("{head_title}", &self.organization.head_title)
            .replace("{count}", &self.tasks.len().to_string())
            .replace("{chair}", self.chair)
            .replace("{body}", self.body);
        if let Some(s) = self.session {
            out = out
                .replace("{session_label}", &s.label())
                .replace("{session_date}", &Self::long_date(s.date, lang))
                .replace("{session_time}", &session::format_time(s.time))
                .replace("{session_place}", &s.place);
        }
        out
    }

    pub fn document(&self, lang: Lang, template: &str) -> Document {
        let s = lang.strings();
        let mut doc = Document::new()
            .heading(1, self.hq_name)
            .runs(
                vec![Run::plain(fill(
                    s.doc_outgoing,
                    &[&self.number, &date::format(self.date)],
                ))],
                Align::Left,
            )
            .spacer();
        let mut para: Vec<String> = Vec::new();
        let flush = |doc: Document, para: &mut Vec<String>| -> Document {
            if para.is_empty() {
                return doc;
            }
            let text = para.join("\n");
            para.clear();
            doc.para(text)
        };
        for raw in template.lines() {
            let line = raw.trim_end();
            if line.trim().is_empty() {
                doc = flush(doc, &mut para);
            } else if let Some(h) = line.strip_prefix("# ") {
                doc = flush(doc, &mut para);
                doc = doc.heading(2, self.fill_in(h, lang));
            } else if let Some(r) = line.strip_prefix("> ") {
                doc = flush(doc, &mut para);
                doc = doc.runs(vec![Run::plain(self.fill_in(r, lang))], Align::Right);
            } else if line.trim() == "{tasks}" {
                doc = flush(doc, &mut para);
                for (n, t) in self.tasks.iter().enumerate() {
                    let days = (self.date - t.deadline).num_days().max(0);
                    let mut text = fill(
                        s.doc_task_line,
                        &[&t.text, &date::format(t.deadline), &days],
                    );
                    if let Some((label, point)) = &t.origin {
                        text = format!("{text} — {}", fill(s.doc_task_origin, &[label, point]));
                    }
                    doc = doc.item(format!("{}.", n + 1), text);
                }
            } else {
                para.push(self.fill_in(line.trim(), lang));
            }
        }
        doc = flush(doc, &mut para);
        doc.spacer().signature(s.doc_chair, self.chair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrgKind;
    use crate::domain::work::TaskStatus;

    #[test]
    fn every_letter_names_the_organization_the_tasks_and_the_dates() {
        let mut org = Organization::new("№5 орто мектеби", OrgKind::School);
        org.name_ru = "Средняя школа №5".into();
        org.head_name = "Асанова Г. Т.".into();
        org.head_title = "директор".into();
        let d = |s: &str| crate::domain::date::parse(s).unwrap();
        let tasks = vec![TaskBrief {
            id: 1,
            text: "Мектепти интернетке туташтыруу".into(),
            deadline: d("01.11.2026"),
            status: TaskStatus::InProgress,
            origin: Some(("9/2026".into(), "2.1".into())),
        }];
        let session = Session {
            id: 1,
            year: 2026,
            number: 14,
            kind: crate::domain::work::SessionKind::Regular,
            reason: String::new(),
            date: d("25.12.2026"),
            time: session::parse_time("10:00").unwrap(),
            place: "Мэриянын чоң залы".into(),
            duration_minutes: 120,
            status: crate::domain::work::SessionStatus::AgendaApproved,
            version: 1,
        };
        for lang in [Lang::Ky, Lang::Ru] {
            for kind in [
                LetterKind::Reminder,
                LetterKind::Warning,
                LetterKind::Summons,
                LetterKind::CoverLetter,
            ] {
                let letter = Letter {
                    kind,
                    number: "01-12/7",
                    date: d("25.11.2026"),
                    hq_name: lang.strings().doc_hq_name,
                    organization: &org,
                    tasks: &tasks,
                    session: Some(&session),
                    chair: "Бейшеналиева М.",
                    body: lang.strings().doc_higher_body,
                };
                let doc = letter.document(lang, &template(kind, lang, None));
                let text = crate::docs::testing::docx_text(&crate::docs::to_docx(&doc).unwrap());
                let name = if lang == Lang::Ru {
                    "Средняя школа №5"
                } else {
                    "№5 орто мектеби"
                };
                assert!(text.contains(name), "{kind:?} {lang:?}: {text}");
                assert!(text.contains("Мектепти интернетке туташтыруу"));
                assert!(text.contains("01.11.2026"), "the deadline");
                assert!(text.contains("24"), "days overdue");
                assert!(text.contains("01-12/7"));
                assert!(!text.contains('{'), "every placeholder filled: {text}");
                if kind == LetterKind::Summons {
                    assert!(text.contains("10:00") && text.contains("Мэриянын чоң залы"));
                }
            }
        }
    }

    #[test]
    fn a_secretarys_template_wins() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("templates/letters/ru");
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("reminder.txt"), "# СВОЙ ТЕКСТ\n{org}").unwrap();
        assert!(template(LetterKind::Reminder, Lang::Ru, Some(dir.path())).contains("СВОЙ ТЕКСТ"));
        assert!(template(LetterKind::Reminder, Lang::Ky, Some(dir.path())).contains("ЭСКЕРТМЕ"));
    }
}
