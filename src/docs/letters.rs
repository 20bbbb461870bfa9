//! Letters of the escalation ladder — reminder, warning, summons to a session, cover letter
//! to a higher body — from the templates in `assets/letters/`, which a secretary may
//! override with files in `templates/letters/<lang>/` next to the database.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Align, Document, Run};
use crate::domain::names::{self, Gender};
use crate::domain::session::{self, Session};
use crate::domain::work::{TaskState, task_state};
use crate::domain::{Organization, Role, date};
use crate::i18n::Lang;
use crate::i18n::papers;
use crate::store::{LetterKind, Store, TaskBrief};

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
    /// The head's title in Russian and gender override (the directory's paper fields).
    pub head_title_ru: &'a str,
    pub head_gender: &'a str,
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

    fn gender(&self) -> Gender {
        names::gender(&self.organization.head_name, self.head_gender)
    }

    /// The address block: "Руководителю / Молодёжного центра / Сатыбалдиевой Б.Б." or
    /// "Токмок шаардык жаштар борборунун / жетекчиси Б.Б. Сатыбалдиевага".
    pub fn addressee(&self, lang: Lang) -> Vec<String> {
        let o = self.organization;
        let head = o.head_name.trim();
        if lang == Lang::Ru {
            let title = Some(self.head_title_ru.trim())
                .filter(|t| !t.is_empty())
                .or_else(|| papers::title_ru(&o.head_title))
                .unwrap_or("руководитель");
            let mut lines = vec![
                names::ru_dative_position(title),
                names::ru_genitive_phrase(o.name(true)),
            ];
            if !head.is_empty() {
                lines.push(names::ru_dative_name(head, self.gender()));
            }
            lines
        } else {
            let title = if o.head_title.trim().is_empty() {
                "жетекчи"
            } else {
                o.head_title.trim()
            };
            let mut last = names::ky_possessive(title);
            if !head.is_empty() {
                let p = names::parts(head);
                let initials = names::initials(head);
                last = format!("{last} {initials} {}", names::ky_dative(&p.surname));
            }
            vec![names::ky_genitive_phrase(o.name(false)), last]
        }
    }

    pub fn salutation(&self, lang: Lang) -> String {
        let head = self.organization.head_name.trim();
        if head.is_empty() {
            return String::new();
        }
        if lang == Lang::Ru {
            names::ru_salutation(head, self.gender())
        } else {
            names::ky_salutation(head)
        }
    }

    fn fill_in(&self, line: &str, lang: Lang) -> String {
        let org = self.organization.name(lang == Lang::Ru);
        let hq_gen = if lang == Lang::Ru {
            names::ru_genitive_phrase(self.hq_name)
        } else {
            names::ky_genitive_phrase(self.hq_name)
        };
        let mut out = line
            .replace("{addressee}", &self.addressee(lang).join("\n"))
            .replace("{salutation}", &self.salutation(lang))
            .replace("{hq_gen}", &hq_gen)
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
        let ps = papers::strings(lang);
        let mut doc = Document::new()
            .numbered_pages()
            .heading(1, self.hq_name)
            .spacer()
            .runs(
                vec![Run::plain(
                    s.doc_outgoing
                        .fill([&self.number, &date::format(self.date)]),
                )],
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
        let mut right: Vec<String> = Vec::new();
        for raw in template.lines() {
            let line = raw.trim_end();
            if let Some(r) = line.strip_prefix("> ") {
                doc = flush(doc, &mut para);
                right.extend(self.fill_in(r, lang).lines().map(str::to_string));
                continue;
            }
            if !right.is_empty() {
                doc = doc.right_block(std::mem::take(&mut right)).spacer();
            }
            if line.trim().is_empty() {
                doc = flush(doc, &mut para);
            } else if let Some(h) = line.strip_prefix("# ") {
                doc = flush(doc, &mut para);
                doc = doc.heading(2, self.fill_in(h, lang)).spacer();
            } else if line.trim() == "{salutation}" {
                doc = flush(doc, &mut para);
                let text = self.salutation(lang);
                if !text.is_empty() {
                    doc = doc.runs(vec![Run::plain(text)], Align::Center).spacer();
                }
            } else if line.trim() == "{tasks}" {
                doc = flush(doc, &mut para);
                for (n, t) in self.tasks.iter().enumerate() {
                    let days = (self.date - t.deadline).num_days().max(0);
                    let mut text =
                        s.doc_task_line
                            .fill([&t.text, &date::format(t.deadline), &days]);
                    if let Some((label, point)) = &t.origin {
                        text = format!("{text} — {}", s.doc_task_origin.fill([label, point]));
                    }
                    doc = doc.item(format!("{}.", n + 1), text);
                }
            } else {
                para.push(self.fill_in(line.trim(), lang));
            }
        }
        if !right.is_empty() {
            doc = doc.right_block(right);
        }
        doc = flush(doc, &mut para);
        doc.spacer()
            .spacer()
            .signature(ps.chair_of_hq, names::initials_first(self.chair))
    }
}

/// Where a written letter goes: a file named by the caller, or a folder where it gets its
/// default name (kind, organization, number, language).
pub enum LetterOut<'a> {
    File(&'a Path),
    Folder(&'a Path),
}

/// The default file name: `eskertme-jashtar-borboru-01-12-502-ky.docx`.
pub fn file_name(kind: LetterKind, org: &Organization, number: &str, lang: Lang) -> String {
    let ps = papers::strings(lang);
    let k = ps.letter_kinds_file[kind_index(kind)];
    let org = super::slug(org.name(lang == Lang::Ru), 40);
    let number = super::slug(number, 20);
    format!("{k}-{org}-{number}-{}.docx", lang.code())
}

fn kind_index(kind: LetterKind) -> usize {
    match kind {
        LetterKind::Reminder => 0,
        LetterKind::Warning => 1,
        LetterKind::Summons => 2,
        LetterKind::CoverLetter => 3,
    }
}

/// A letter written and registered: its number and file, and what a Russian letter leaves
/// in Kyrgyz (task texts and the place, as typed), if anything.
#[derive(Debug, Clone)]
pub struct Written {
    pub number: String,
    pub path: PathBuf,
    pub untranslated: Option<String>,
}

/// Write a letter as of `today` and register it: the next outgoing number of the year,
/// today's date, the organization's tasks overdue today, the next session after today.
/// A named file that exists is refused; nothing is registered when nothing is written.
#[allow(clippy::too_many_arguments)]
pub fn write_registered(
    store: &mut Store,
    organization_id: i64,
    kind: LetterKind,
    lang: Lang,
    today: NaiveDate,
    body: &str,
    out: LetterOut<'_>,
) -> Result<Written, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    let org = store.organization(organization_id).map_err(err)?;
    let tasks: Vec<TaskBrief> = store
        .organization_tasks(organization_id)
        .map_err(err)?
        .into_iter()
        .filter(|t| {
            matches!(
                task_state(t.status, t.deadline, today),
                TaskState::Overdue { .. }
            )
        })
        .collect();
    let session = store
        .next_session(today + chrono::Days::new(1))
        .map_err(err)?;
    if kind == LetterKind::Summons && session.is_none() {
        return Err("no session is planned after today: plan the next one first".into());
    }
    let hq = store.hq_name(lang).map_err(err)?;
    let chair = store
        .all_members()
        .map_err(err)?
        .into_iter()
        .find(|m| m.role == Role::Chair && m.serves_on(today))
        .map(|m| m.full_name)
        .unwrap_or_default();
    let people = store.paper_people().map_err(err)?;
    let (title_ru, gender) = people
        .heads
        .get(&organization_id)
        .cloned()
        .unwrap_or_default();
    let db_dir = store.path().and_then(|p| p.parent()).map(Path::to_path_buf);
    let template = template(kind, lang, db_dir.as_deref());
    let subject = template
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or("")
        .to_string();
    if let LetterOut::File(p) = out
        && p.exists()
    {
        return Err(super::DocsError::Exists(p.to_path_buf()).to_string());
    }
    let (number, path) =
        store.register_letter(today, kind.code(), organization_id, &subject, |number| {
            let letter = Letter {
                kind,
                number,
                date: today,
                hq_name: &hq,
                organization: &org,
                head_title_ru: &title_ru,
                head_gender: &gender,
                tasks: &tasks,
                session: session.as_ref(),
                chair: &chair,
                body,
            };
            let path = match out {
                LetterOut::File(p) if p.extension().is_none() => p.with_extension("docx"),
                LetterOut::File(p) => p.to_path_buf(),
                LetterOut::Folder(d) => {
                    super::free_name(&d.join(file_name(kind, &org, number, lang)))
                }
            };
            super::write_new(
                &letter.document(lang, &template),
                super::Format::Docx,
                &path,
            )
            .map_err(|e| e.to_string())?;
            Ok(path)
        })?;
    let untranslated = (lang == Lang::Ru)
        .then(|| {
            let ps = papers::strings(lang);
            let tasks = tasks
                .iter()
                .filter(|t| papers::looks_kyrgyz(&t.text))
                .count();
            let place = session
                .as_ref()
                .is_some_and(|s| kind == LetterKind::Summons && papers::looks_kyrgyz(&s.place));
            let mut what = Vec::new();
            if tasks > 0 {
                what.push(format!("{} ({tasks})", ps.untranslated_parts[2]));
            }
            if place {
                what.push(ps.untranslated_parts[5].to_string());
            }
            (!what.is_empty()).then(|| ps.untranslated.fill([&what.join(", ")]))
        })
        .flatten();
    Ok(Written {
        number,
        path,
        untranslated,
    })
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
        org.head_name = "Асанова Гүлмира Токтоматовна".into();
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
                    hq_name: lang.strings().agenda.doc_hq_name,
                    organization: &org,
                    head_title_ru: "",
                    head_gender: "",
                    tasks: &tasks,
                    session: Some(&session),
                    chair: "Бейшеналиева М.",
                    body: lang.strings().doc_higher_body,
                };
                let doc = letter.document(lang, &template(kind, lang, None));
                let text = crate::docs::testing::docx_text(&crate::docs::to_docx(&doc).unwrap());
                // The address block names it in the genitive (the cover letter goes elsewhere).
                let name = match (lang, kind) {
                    (Lang::Ru, LetterKind::CoverLetter) => "Средняя школа №5",
                    (Lang::Ru, _) => "Директору\nСредней школы №5\nАсановой Г.Т.",
                    (_, LetterKind::CoverLetter) => "№5 орто мектеби",
                    _ => "№5 орто мектебинин\nдиректору Г.Т. Асановага",
                };
                if kind != LetterKind::CoverLetter {
                    let hello = if lang == Lang::Ru {
                        "Уважаемая Гүлмира Токтоматовна!"
                    } else {
                        "Урматтуу Гүлмира Токтоматовна!"
                    };
                    assert!(text.contains(hello), "{text}");
                }
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
