//! The protocol as a paper — full (HEARD – SPOKE – DECIDED) or short (decisions only,
//! speakers in brackets) — and the extracts (көчүрмө / выписка): for each organization the
//! protocol's header and only the points and tasks addressed to it. The headings come from
//! `assets/protocol_template.txt`, overridable by a `protocol_template.txt` next to the
//! database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Align, DocsError, Document, Format, Run};
use crate::domain::protocol::{DecisionTask, ProtocolDoc, QuorumRule, quorum};
use crate::domain::text::ky_cmp;
use crate::domain::{Organization, date};
use crate::i18n::{Lang, fill};
use crate::store::{OrgFilter, Result, Store};

pub const BUILTIN_TEMPLATE: &str = include_str!("../../assets/protocol_template.txt");

/// The file next to the database that overrides lines of the template.
pub const TEMPLATE_FILE: &str = "protocol_template.txt";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperForm {
    Full,
    Short,
}

/// The headings of the papers: `key = value` lines in `[ky]` and `[ru]` sections.
#[derive(Debug, Clone, Default)]
pub struct Template {
    lines: HashMap<(String, String), String>,
}

impl Template {
    pub fn parse(text: &str) -> Template {
        let mut t = Template::default();
        t.add(text);
        t
    }

    /// Lines of `text` replace the same keys already there.
    pub fn add(&mut self, text: &str) {
        let mut section = String::new();
        for raw in text.lines() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            if let Some((k, v)) = line.split_once('=') {
                self.lines.insert(
                    (section.clone(), k.trim().to_string()),
                    v.trim().to_string(),
                );
            }
        }
    }

    /// The built-in template, with the secretary's file (next to the database) over it.
    pub fn for_store(store: &Store) -> Template {
        let mut t = Template::parse(BUILTIN_TEMPLATE);
        if let Some(file) = store
            .path()
            .and_then(|p| p.parent())
            .map(|d| d.join(TEMPLATE_FILE))
            && let Ok(text) = std::fs::read_to_string(file)
        {
            t.add(&text);
        }
        t
    }

    pub fn get(&self, lang: Lang, key: &str) -> &str {
        let section = if lang == Lang::Ru { "ru" } else { "ky" };
        self.lines
            .get(&(section.to_string(), key.to_string()))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Everything the papers show, read from the store.
pub struct ProtocolPaper {
    pub doc: ProtocolDoc,
    pub organizations: Vec<Organization>,
    pub rule: QuorumRule,
    pub template: Template,
    pub lang: Lang,
}

impl ProtocolPaper {
    pub fn load(store: &Store, protocol_id: i64, lang: Lang) -> Result<ProtocolPaper> {
        Ok(ProtocolPaper {
            doc: store.protocol_doc(protocol_id)?,
            organizations: store.organizations(&OrgFilter {
                include_inactive: true,
                ..Default::default()
            })?,
            rule: store.quorum_rule()?,
            template: Template::for_store(store),
            lang,
        })
    }

    fn t(&self, key: &str) -> &str {
        self.template.get(self.lang, key)
    }

    fn ru(&self) -> bool {
        self.lang == Lang::Ru
    }

    fn org_name(&self, id: i64) -> String {
        self.organizations
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name(self.ru()).to_string())
            .unwrap_or_default()
    }

    fn long_date(&self, d: chrono::NaiveDate) -> String {
        match self.lang {
            Lang::Ru => date::ru_long(d),
            Lang::Ky => date::ky_long(d),
            Lang::En => date::format(d),
        }
    }

    /// Body's name, title with number, the session, date and place (shared by the papers).
    fn head(&self, mut doc: Document, title: &str) -> Document {
        let p = &self.doc.protocol;
        let s = self.lang.strings();
        let hq = self.t("body");
        doc = doc.heading(1, hq).spacer();
        let number = p
            .label()
            .map(|l| fill(self.t("number"), &[&l]))
            .unwrap_or_default();
        doc = doc.heading(1, format!("{title} {number}").trim().to_string());
        doc = doc.runs(vec![Run::plain(self.t("subtitle"))], Align::Center);
        doc = doc.runs(
            vec![Run::plain(fill(
                self.t("session"),
                &[
                    &self.doc.session.label(),
                    &s.session_kinds[self.doc.session.kind.index()],
                ],
            ))],
            Align::Center,
        );
        if let Some(a) = &p.amends_label {
            doc = doc.runs(vec![Run::bold(fill(self.t("amends"), &[a]))], Align::Center);
        }
        if !p.is_signed() {
            doc = doc.runs(vec![Run::bold(self.t("draft"))], Align::Center);
        }
        doc.spacer()
            .signature(self.long_date(p.date), fill(self.t("place"), &[&p.place]))
    }

    fn task_runs(&self, t: &DecisionTask) -> Vec<Run> {
        let mut text = fill(
            self.t("task"),
            &[&self.org_name(t.executor_id), &date::format(t.deadline)],
        );
        if !t.co_executors.is_empty() {
            let co: Vec<String> = t.co_executors.iter().map(|c| self.org_name(c.0)).collect();
            text = format!("{text} {}", fill(self.t("co_executors"), &[&co.join(", ")]));
        }
        if !t.responsible_person.is_empty() {
            text = format!(
                "{text} {}",
                fill(self.t("responsible"), &[&t.responsible_person])
            );
        }
        if !t.controller.is_empty() {
            text = format!("{text} {}", fill(self.t("controller"), &[&t.controller]));
        }
        let mut runs = Vec::new();
        if t.text.trim() != "" {
            runs.push(Run::plain(format!(
                "{}. ",
                t.text.trim().trim_end_matches('.')
            )));
        }
        runs.push(Run::italic(text));
        runs
    }

    fn signatures(&self, doc: Document) -> Document {
        let p = &self.doc.protocol;
        let mut doc = doc
            .spacer()
            .signature(self.t("sign_chair"), p.presiding.clone())
            .spacer()
            .signature(self.t("sign_secretary"), p.secretary.clone());
        if let (Some(l), Some(at), Some(h)) = (p.label(), &p.signed_at, &p.text_hash) {
            let on = chrono::NaiveDate::parse_from_str(at.get(..10).unwrap_or(""), "%Y-%m-%d")
                .map(date::format)
                .unwrap_or_else(|_| at.clone());
            doc = doc.spacer().runs(
                vec![Run::italic(fill(self.t("registered"), &[&l, &on, h]))],
                Align::Left,
            );
        }
        doc
    }

    /// The protocol, full or short.
    pub fn document(&self, form: PaperForm) -> Document {
        let p = &self.doc.protocol;
        let mut doc = self.head(Document::new(), self.t("title")).spacer();
        doc = doc
            .runs(
                vec![Run::bold(fill(self.t("presiding"), &[&p.presiding]))],
                Align::Left,
            )
            .runs(
                vec![Run::bold(fill(self.t("secretary"), &[&p.secretary]))],
                Align::Left,
            );
        // Present, in Kyrgyz alphabet order; absent with their reasons.
        let mut present: Vec<&str> = self
            .doc
            .attendance
            .iter()
            .filter(|a| a.present)
            .map(|a| a.full_name.as_str())
            .collect();
        present.sort_by(|a, b| ky_cmp(a, b));
        doc = doc
            .bold_para(fill(self.t("present"), &[&present.len()]))
            .para(format!("{}.", present.join(", ")));
        let absent: Vec<String> = self
            .doc
            .attendance
            .iter()
            .filter(|a| !a.present)
            .map(|a| {
                if a.absence_reason.is_empty() {
                    a.full_name.clone()
                } else {
                    format!("{} ({})", a.full_name, a.absence_reason)
                }
            })
            .collect();
        if !absent.is_empty() {
            doc = doc
                .bold_para(self.t("absent"))
                .para(format!("{}.", absent.join(", ")));
        }
        if !self.doc.invited.is_empty() {
            doc = doc.bold_para(self.t("invited"));
            for i in &self.doc.invited {
                let mut line = i.full_name.clone();
                if !i.position.is_empty() {
                    line = format!("{line}, {}", i.position);
                }
                doc = doc.runs(vec![Run::plain(format!("— {line}"))], Align::Left);
            }
        }
        let q = quorum(&self.doc.attendance, self.rule);
        let key = if q.reached { "quorum" } else { "no_quorum" };
        doc = doc.para(fill(self.t(key), &[&q.members, &q.present]));
        doc = doc.spacer().bold_para(self.t("agenda"));
        for item in &self.doc.items {
            doc = doc.item(format!("{}.", item.position), item.title.clone());
        }
        for item in &self.doc.items {
            doc = doc.spacer().item_runs(
                format!("{}.", item.position),
                vec![Run::bold(item.title.clone())],
                0,
            );
            match form {
                PaperForm::Full => {
                    doc = doc.bold_para(self.t("heard"));
                    let mut heard = vec![Run::bold(item.heard_speaker.clone())];
                    if !item.heard_summary.is_empty() {
                        heard.push(Run::plain(format!(" — {}", item.heard_summary)));
                    }
                    doc = doc.runs(heard, Align::Justify);
                    if !item.speeches.is_empty() {
                        doc = doc.bold_para(self.t("spoke"));
                        for s in &item.speeches {
                            let mut runs = vec![Run::bold(s.speaker.clone())];
                            if !s.summary.is_empty() {
                                runs.push(Run::plain(format!(" — {}", s.summary)));
                            }
                            doc = doc.runs(runs, Align::Justify);
                        }
                    }
                }
                PaperForm::Short => {
                    let spoke: Vec<&str> =
                        item.speeches.iter().map(|s| s.speaker.as_str()).collect();
                    let line = if spoke.is_empty() {
                        fill(self.t("speakers"), &[&item.heard_speaker])
                    } else {
                        fill(
                            self.t("speakers_spoke"),
                            &[&item.heard_speaker, &spoke.join(", ")],
                        )
                    };
                    doc = doc.runs(vec![Run::italic(line)], Align::Left);
                }
            }
            if item.decisions.is_empty() {
                continue;
            }
            doc = doc.bold_para(self.t("decided"));
            for d in &item.decisions {
                let mut runs = vec![Run::plain(d.text.clone())];
                if let Some(v) = d.votes {
                    runs.push(Run::italic(format!(
                        "\n{}",
                        fill(self.t("votes"), &[&v.yes, &v.no, &v.abstained])
                    )));
                }
                doc = doc.item_runs(format!("{}.", d.number), runs, 1);
                for t in &d.tasks {
                    doc = doc.item_runs("—", self.task_runs(t), 2);
                }
            }
        }
        self.signatures(doc)
    }

    /// The extract for one organization: the header and only its points and tasks.
    pub fn extract(&self, org: i64) -> Document {
        let mut doc = self.head(Document::new(), self.t("extract_title")).spacer();
        let head = self
            .organizations
            .iter()
            .find(|o| o.id == org)
            .map(|o| o.head_name.clone())
            .unwrap_or_default();
        let to = if head.is_empty() {
            self.org_name(org)
        } else {
            format!("{}, {head}", self.org_name(org))
        };
        doc = doc.runs(
            vec![Run::bold(fill(self.t("extract_to"), &[&to]))],
            Align::Left,
        );
        for item in &self.doc.items {
            let points: Vec<_> = item
                .decisions
                .iter()
                .filter(|d| d.tasks.iter().any(|t| t.addressees().contains(&org)))
                .collect();
            if points.is_empty() {
                continue;
            }
            doc = doc.spacer().item_runs(
                format!("{}.", item.position),
                vec![Run::bold(item.title.clone())],
                0,
            );
            doc = doc.bold_para(self.t("decided"));
            for d in points {
                doc = doc.item_runs(
                    format!("{}.", d.number),
                    vec![Run::plain(d.text.clone())],
                    1,
                );
                for t in d.tasks.iter().filter(|t| t.addressees().contains(&org)) {
                    doc = doc.item_runs("—", self.task_runs(t), 2);
                }
            }
        }
        let p = &self.doc.protocol;
        doc = doc
            .spacer()
            .signature(self.t("sign_chair"), p.presiding.clone());
        doc.spacer()
            .signature(self.t("extract_true"), p.secretary.clone())
    }

    /// The file name of an organization's extract: `kochurmo-12-2026-007-name.docx`.
    pub fn extract_file_name(&self, org: i64, format: Format) -> String {
        let label = self
            .doc
            .protocol
            .label()
            .unwrap_or_else(|| self.doc.session.label())
            .replace('/', "-");
        let slug: String = self
            .org_name(org)
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let slug: String = slug.chars().take(40).collect();
        format!(
            "{}-{label}-{org:03}-{slug}.{}",
            self.t("file_extract"),
            format.extension()
        )
    }

    /// One extract per organization tasks are addressed to, written into `dir` (made when
    /// missing). Returns the files written.
    pub fn write_extracts(
        &self,
        dir: &Path,
        format: Format,
    ) -> std::result::Result<Vec<PathBuf>, DocsError> {
        std::fs::create_dir_all(dir).map_err(|source| DocsError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut out = Vec::new();
        for org in self.doc.addressees() {
            let path = dir.join(self.extract_file_name(org, format));
            super::write(&self.extract(org), format, &path)?;
            out.push(path);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_and_a_secretary_s_lines_override_it() {
        let mut t = Template::parse(BUILTIN_TEMPLATE);
        for key in [
            "body",
            "title",
            "subtitle",
            "heard",
            "spoke",
            "decided",
            "present",
            "invited",
            "agenda",
            "votes",
            "task",
            "sign_chair",
            "sign_secretary",
            "extract_title",
        ] {
            assert!(!t.get(Lang::Ky, key).is_empty(), "ky {key}");
            assert!(!t.get(Lang::Ru, key).is_empty(), "ru {key}");
        }
        assert_eq!(t.get(Lang::Ky, "heard"), "УГУЛДУ:");
        assert_eq!(t.get(Lang::Ru, "heard"), "СЛУШАЛИ:");
        assert_eq!(t.get(Lang::Ru, "decided"), "РЕШИЛИ:");
        t.add("# mine\n[ru]\ndecided = ПОСТАНОВИЛИ:\n");
        assert_eq!(t.get(Lang::Ru, "decided"), "ПОСТАНОВИЛИ:");
        assert_eq!(
            t.get(Lang::Ky, "decided"),
            "ТОКТОМ КЫЛАТ:",
            "the other language stays"
        );
        assert_eq!(t.get(Lang::Ru, "no such key"), "");
    }
}
