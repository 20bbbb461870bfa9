//! The protocol as a paper — full (HEARD – SPOKE – DECIDED) or short (decisions only,
//! speakers in brackets) — and the extracts (көчүрмө / выписка): for each organization a
//! decision names (executor, co-executor, heard) the protocol's header and only its points.
//! Each point is printed once, its executors and deadline after it. The headings come from
//! `assets/protocol_template.txt`, overridable by a `protocol_template.txt` next to the
//! database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{Align, DocsError, Document, Format, Run};
use crate::domain::names::{self, Gender};
use crate::domain::protocol::{
    Attendee, Decision, DecisionTask, Item, ProtocolDoc, QuorumRule, quorum,
};
use crate::domain::session::InvitedPerson;
use crate::domain::text::ky_cmp;
use crate::domain::{Organization, date};
use crate::i18n::papers::{self, PaperStrings};
use crate::i18n::{FileTpl, Lang};
use crate::store::settings::PaperPeople;
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
    /// The HQ's one name in the paper's language (settings).
    pub hq_name: String,
    pub city: String,
    /// Russian positions and gender overrides (the directory's paper fields).
    pub people: PaperPeople,
    /// Agenda item → the organizations heard under it.
    pub heard: HashMap<i64, Vec<i64>>,
    /// The day extracts are certified on.
    pub today: NaiveDate,
}

impl ProtocolPaper {
    pub fn load(store: &Store, protocol_id: i64, lang: Lang) -> Result<ProtocolPaper> {
        let doc = store.protocol_doc(protocol_id)?;
        let heard = store.agenda_item_organizations(doc.session.id)?;
        Ok(ProtocolPaper {
            doc,
            organizations: store.organizations(&OrgFilter {
                include_inactive: true,
                ..Default::default()
            })?,
            rule: store.quorum_rule()?,
            template: Template::for_store(store),
            lang,
            hq_name: store.hq_name(lang)?,
            city: store.city()?,
            people: store.paper_people()?,
            heard,
            today: chrono::Local::now().date_naive(),
        })
    }

    fn t(&self, key: &str) -> &str {
        self.template.get(self.lang, key)
    }

    /// A line of the template with placeholders, filled at run time (the file may change it).
    fn tpl(&self, key: &str) -> FileTpl<'_> {
        FileTpl(self.t(key))
    }

    fn ps(&self) -> &'static PaperStrings {
        papers::strings(self.lang)
    }

    fn ru(&self) -> bool {
        self.lang == Lang::Ru
    }

    fn org(&self, id: i64) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.id == id)
    }

    fn org_name(&self, id: i64) -> String {
        self.org(id)
            .map(|o| o.name(self.ru()).to_string())
            .unwrap_or_default()
    }

    fn long_date(&self, d: NaiveDate) -> String {
        match self.lang {
            Lang::Ru => date::ru_long(d),
            Lang::Ky => date::ky_long(d),
            Lang::En => date::format(d),
        }
    }

    /// "2026-жылдын 22-октябрындагы" / "22 октября 2026 г.".
    fn title_date(&self, d: NaiveDate) -> String {
        if self.ru() {
            return date::ru_long(d);
        }
        let long = date::ky_long(d);
        match long.rsplit_once('-') {
            Some((head, month)) => format!("{head}-{}", names::ky_month_case(month, false)),
            None => long,
        }
    }

    /// The HQ's name as the title needs it: genitive in both languages.
    /// The HQ's name in the genitive ("Токмок шаардык … штабынын" / "Штаба по …").
    pub fn hq_genitive(&self) -> String {
        if self.ru() {
            names::ru_genitive_phrase(&self.hq_name)
        } else {
            names::ky_genitive_phrase(&self.hq_name)
        }
    }

    fn member_gender(&self, full_name: &str) -> Gender {
        let over = self
            .doc
            .attendance
            .iter()
            .find(|a| a.full_name == full_name)
            .and_then(|a| self.people.members.get(&a.member_id))
            .map_or("", |m| m.1.as_str());
        names::gender(full_name, over)
    }

    /// A member's position in the paper's language (the Kyrgyz one when no Russian is kept).
    fn position(&self, member_id: i64, position_ky: &str) -> String {
        if self.ru()
            && let Some((ru, _)) = self.people.members.get(&member_id)
            && !ru.trim().is_empty()
        {
            return ru.clone();
        }
        position_ky.to_string()
    }

    /// An absence reason in the paper's language (the usual ones are translated).
    fn reason(&self, reason: &str) -> String {
        if self.ru() {
            papers::absence_ru(reason).map_or(reason.to_string(), str::to_string)
        } else {
            reason.to_string()
        }
    }

    /// An invited person's line: name, title and organization in the paper's language.
    fn invited_line(&self, i: &InvitedPerson) -> String {
        let Some(org) = i.organization_id.and_then(|id| self.org(id)) else {
            return [i.full_name.as_str(), i.position.as_str()]
                .iter()
                .filter(|x| !x.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" — ");
        };
        // The position was made as "<organization>, <title>" in Kyrgyz.
        let title_ky = i
            .position
            .strip_prefix(org.name_ky.as_str())
            .map(|t| t.trim_start_matches([',', ' ']).to_string())
            .unwrap_or_else(|| i.position.clone());
        let title = if self.ru() {
            self.people
                .heads
                .get(&org.id)
                .map(|h| h.0.clone())
                .filter(|t| !t.is_empty())
                .or_else(|| papers::title_ru(&title_ky).map(str::to_string))
                .unwrap_or(title_ky)
        } else {
            title_ky
        };
        let title = if title.is_empty() {
            String::new()
        } else {
            format!("{title}, ")
        };
        format!("{} — {title}{}", i.full_name, org.name(self.ru()))
    }

    /// An item's title in the paper's language: a hearing Shtab titled with its
    /// organizations' Kyrgyz names is retitled with their Russian names.
    fn item_title(&self, item: &Item) -> String {
        if !self.ru() {
            return item.title.clone();
        }
        let orgs: Vec<&Organization> = item
            .agenda_item_id
            .and_then(|a| self.heard.get(&a))
            .map(|ids| ids.iter().filter_map(|id| self.org(*id)).collect())
            .unwrap_or_default();
        let generated = !orgs.is_empty()
            && orgs.iter().all(|o| item.title.contains(o.name_ky.as_str()))
            && papers::looks_kyrgyz(&item.title);
        if generated {
            let names: Vec<&str> = orgs.iter().map(|o| o.name(true)).collect();
            return Lang::Ru
                .strings()
                .agenda
                .hearing_title
                .fill([&names.join(", ")]);
        }
        item.title.clone()
    }

    /// What a paper in Russian leaves in Kyrgyz (free text as typed), or `None`.
    pub fn untranslated(&self) -> Option<String> {
        if !self.ru() {
            return None;
        }
        let mut what: Vec<String> = Vec::new();
        let mut count = |label: &str, n: usize| {
            if n > 0 {
                what.push(format!("{label} ({n})"));
            }
        };
        let k = papers::looks_kyrgyz;
        let parts = self.ps().untranslated_parts;
        count(
            parts[0],
            self.doc
                .items
                .iter()
                .filter(|i| k(&self.item_title(i)))
                .count(),
        );
        count(
            parts[1],
            self.doc
                .items
                .iter()
                .flat_map(|i| {
                    std::iter::once(i.heard_summary.as_str())
                        .chain(i.speeches.iter().map(|s| s.summary.as_str()))
                })
                .filter(|t| k(t))
                .count(),
        );
        count(
            parts[2],
            self.doc.decisions().filter(|d| k(&d.text)).count(),
        );
        count(
            parts[3],
            self.doc
                .attendance
                .iter()
                .filter(|a| k(&self.position(a.member_id, &a.position)))
                .count(),
        );
        count(
            parts[4],
            self.doc
                .attendance
                .iter()
                .filter(|a| !a.present && k(&self.reason(&a.absence_reason)))
                .count(),
        );
        count(parts[5], usize::from(k(&self.doc.protocol.place)));
        (!what.is_empty()).then(|| self.ps().untranslated.fill([&what.join(", ")]))
    }

    /// The title block (protocol or extract), the date at the left and the city at the right.
    fn head(&self, mut doc: Document, extract: bool) -> Document {
        let p = &self.doc.protocol;
        let number = p.label().map_or_else(
            || "___".to_string(),
            |l| l.split('/').next().unwrap_or("").to_string(),
        );
        let (hq, day) = (self.hq_genitive(), self.title_date(p.date));
        let args: [&dyn std::fmt::Display; 3] = [&hq, &day, &number];
        let (title, sub) = if extract {
            ("extract_title", "extract_subtitle")
        } else {
            ("title", "subtitle")
        };
        doc = doc.heading(1, self.tpl(title).fill(&args));
        let sub = self.tpl(sub).fill(&args);
        if !sub.is_empty() {
            doc = doc.runs(vec![Run::bold(sub)], Align::Center);
        }
        if self.doc.session.kind.index() == 1 {
            doc = doc.runs(vec![Run::plain(self.t("extraordinary"))], Align::Center);
        }
        if let Some(a) = &p.amends_label {
            doc = doc.runs(
                vec![Run::bold(self.tpl("amends").fill(&[a]))],
                Align::Center,
            );
        }
        if !p.is_signed() {
            doc = doc.runs(vec![Run::bold(self.t("draft"))], Align::Center);
        }
        doc.spacer().signature(
            self.long_date(p.date),
            self.ps().city_place.fill([&self.city]),
        )
    }

    /// The executors of a decision point, once: "Аткаруучулар: A, B (мөөнөтү: 31.12.2026);
    /// тең аткаруучулар: C." Deadlines shared by all are said once.
    fn executors_line(&self, d: &Decision, only: Option<i64>) -> Option<String> {
        let ps = self.ps();
        let tasks: Vec<&DecisionTask> = d
            .tasks
            .iter()
            .filter(|t| only.is_none_or(|o| t.addressees().contains(&o)))
            .collect();
        if tasks.is_empty() {
            return None;
        }
        let same_deadline = tasks.iter().all(|t| t.deadline == tasks[0].deadline);
        let mut execs: Vec<String> = Vec::new();
        let mut co: Vec<String> = Vec::new();
        for t in &tasks {
            let mut e = self.org_name(t.executor_id);
            if !same_deadline {
                e = format!("{e} ({} {})", ps.deadline, date::format(t.deadline));
            }
            if !execs.contains(&e) {
                execs.push(e);
            }
            for c in &t.co_executors {
                let n = self.org_name(c.0);
                if !co.contains(&n) {
                    co.push(n);
                }
            }
        }
        let label = if execs.len() > 1 {
            ps.executors
        } else {
            ps.executor
        };
        let mut line = format!("{label}: {}", execs.join(", "));
        if !co.is_empty() {
            line = format!("{line}; {}: {}", ps.co_executors, co.join(", "));
        }
        if same_deadline {
            line = format!(
                "{line}; {}: {}",
                ps.deadline,
                date::format(tasks[0].deadline)
            );
        }
        let controllers: Vec<&str> = tasks
            .iter()
            .map(|t| t.controller.as_str())
            .filter(|c| !c.is_empty())
            .collect();
        if let Some(c) = controllers.first()
            && controllers.iter().all(|x| x == c)
        {
            line = format!("{line}; {}: {c}", ps.controller);
        }
        Some(format!("{line}."))
    }

    /// A decision point, its text once, then what a task says beyond it, its executors and
    /// its vote.
    fn point(&self, mut doc: Document, d: &Decision, only: Option<i64>) -> Document {
        let norm = |s: &str| s.trim().trim_end_matches('.').trim().to_lowercase();
        // The decision's own words once, not again for each of its tasks.
        let own = norm(&d.text);
        let mut runs = vec![Run::plain(d.text.clone())];
        let extra: Vec<&str> = d
            .tasks
            .iter()
            .filter(|t| only.is_none_or(|o| t.addressees().contains(&o)))
            .map(|t| t.text.as_str())
            .filter(|t| !t.trim().is_empty() && norm(t) != own)
            .collect();
        for t in extra {
            runs.push(Run::plain(format!(
                "\n— {}.",
                t.trim().trim_end_matches('.')
            )));
        }
        doc = doc.item_runs(format!("{}.", d.number), runs, 0);
        // Executors and the vote at the left, not justified (long names would stretch).
        if let Some(line) = self.executors_line(d, only) {
            doc = doc.runs(vec![Run::italic(line)], Align::Left);
        }
        if let Some(v) = d.votes
            && only.is_none()
        {
            let votes = self.tpl("votes").fill(&[&v.yes, &v.no, &v.abstained]);
            doc = doc.runs(vec![Run::italic(votes)], Align::Left);
        }
        doc
    }

    fn signatures(&self, doc: Document) -> Document {
        let p = &self.doc.protocol;
        let mut doc = doc
            .spacer()
            .spacer()
            .signature(self.t("sign_chair"), names::initials_first(&p.presiding))
            .spacer()
            .signature(
                self.t("sign_secretary"),
                names::initials_first(&p.secretary),
            );
        if let (Some(l), Some(at), Some(h)) = (p.label(), &p.signed_at, &p.text_hash) {
            let on = NaiveDate::parse_from_str(at.get(..10).unwrap_or(""), "%Y-%m-%d")
                .map(date::format)
                .unwrap_or_else(|_| at.clone());
            doc = doc.spacer().push(super::Block::SmallPrint {
                text: self.tpl("registered").fill(&[&l, &on, h]),
            });
        }
        doc
    }

    fn attendance(&self, mut doc: Document) -> Document {
        let p = &self.doc.protocol;
        let ps = self.ps();
        let g = self.member_gender(&p.presiding);
        let with_pos = |name: &str| -> String {
            match self.doc.attendance.iter().find(|a| a.full_name == name) {
                Some(a) if !a.position.is_empty() => {
                    format!("{name} — {}", self.position(a.member_id, &a.position))
                }
                _ => name.to_string(),
            }
        };
        let gi = match g {
            Gender::Male => 0,
            Gender::Female => 1,
            Gender::Unknown => 2,
        };
        doc = doc
            .runs(
                vec![
                    Run::bold(format!("{} ", ps.presiding[gi])),
                    Run::plain(with_pos(&p.presiding)),
                ],
                Align::Left,
            )
            .runs(
                vec![
                    Run::bold(format!("{} ", self.t("secretary"))),
                    Run::plain(with_pos(&p.secretary)),
                ],
                Align::Left,
            );
        // Present, in Kyrgyz alphabet order, each with the position; absent with reasons.
        let mut present: Vec<&Attendee> =
            self.doc.attendance.iter().filter(|a| a.present).collect();
        present.sort_by(|a, b| ky_cmp(&a.full_name, &b.full_name));
        doc = doc
            .spacer()
            .bold_para(self.tpl("present").fill(&[&present.len()]));
        for a in &present {
            doc = doc.runs(vec![Run::plain(with_pos(&a.full_name))], Align::Left);
        }
        let absent: Vec<&Attendee> = self.doc.attendance.iter().filter(|a| !a.present).collect();
        if !absent.is_empty() {
            doc = doc.spacer().bold_para(self.t("absent"));
            for a in absent {
                let line = if a.absence_reason.is_empty() {
                    a.full_name.clone()
                } else {
                    format!("{} — {}", a.full_name, self.reason(&a.absence_reason))
                };
                doc = doc.runs(vec![Run::plain(line)], Align::Left);
            }
        }
        if !self.doc.invited.is_empty() {
            doc = doc.spacer().bold_para(self.t("invited"));
            for i in &self.doc.invited {
                doc = doc.runs(vec![Run::plain(self.invited_line(i))], Align::Left);
            }
        }
        let q = quorum(&self.doc.attendance, self.rule);
        let key = if q.reached { "quorum" } else { "no_quorum" };
        doc.spacer()
            .para(self.tpl(key).fill(&[&q.members, &q.present]))
    }

    /// The protocol, full or short.
    pub fn document(&self, form: PaperForm) -> Document {
        let mut doc = self.head(Document::new().numbered_pages(), false).spacer();
        doc = self.attendance(doc);
        doc = doc.spacer().bold_para(self.t("agenda"));
        for item in &self.doc.items {
            doc = doc.item(format!("{}.", item.position), self.item_title(item));
        }
        for item in &self.doc.items {
            doc = doc.spacer().item_runs(
                format!("{}.", item.position),
                vec![Run::bold(self.item_title(item))],
                0,
            );
            match form {
                PaperForm::Full => {
                    doc = doc.spacer().bold_para(self.t("heard"));
                    let mut heard = vec![Run::bold(item.heard_speaker.clone())];
                    if !item.heard_summary.is_empty() {
                        heard.push(Run::plain(format!(" — {}", item.heard_summary)));
                    }
                    doc = doc.runs(heard, Align::Justify);
                    if !item.speeches.is_empty() {
                        doc = doc.spacer().bold_para(self.t("spoke"));
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
                        self.tpl("speakers").fill(&[&item.heard_speaker])
                    } else {
                        self.tpl("speakers_spoke")
                            .fill(&[&item.heard_speaker, &spoke.join(", ")])
                    };
                    doc = doc.runs(vec![Run::italic(line)], Align::Left);
                }
            }
            if item.decisions.is_empty() {
                continue;
            }
            doc = doc.spacer().bold_para(self.t("decided"));
            for d in &item.decisions {
                doc = self.point(doc, d, None);
            }
        }
        self.signatures(doc)
    }

    /// The organizations a decision names: executors, co-executors, and those heard under
    /// the decision's item (a warning to their heads names them too).
    pub fn named_in(&self, item: &Item, d: &Decision) -> Vec<i64> {
        let mut out: Vec<i64> = d.tasks.iter().flat_map(|t| t.addressees()).collect();
        if let Some(h) = item.agenda_item_id.and_then(|a| self.heard.get(&a)) {
            out.extend(h.iter().copied());
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every organization some decision names, each once, in order of first mention.
    pub fn extract_addressees(&self) -> Vec<i64> {
        let mut out: Vec<i64> = Vec::new();
        for item in &self.doc.items {
            for d in &item.decisions {
                for o in self.named_in(item, d) {
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
            }
        }
        out
    }

    /// The extract for one organization: the header and only the points that name it,
    /// certified by the secretary with the date and the place of the seal.
    pub fn extract(&self, org: i64) -> Document {
        let mut doc = self.head(Document::new().numbered_pages(), true).spacer();
        let head = self
            .org(org)
            .map(|o| o.head_name.clone())
            .unwrap_or_default();
        let to = if head.is_empty() {
            self.org_name(org)
        } else {
            format!("{}, {head}", self.org_name(org))
        };
        doc = doc.runs(
            vec![Run::bold(self.tpl("extract_to").fill(&[&to]))],
            Align::Left,
        );
        for item in &self.doc.items {
            let points: Vec<&Decision> = self.points_for(item, org).collect();
            if points.is_empty() {
                continue;
            }
            doc = doc.spacer().item_runs(
                format!("{}.", item.position),
                vec![Run::bold(self.item_title(item))],
                0,
            );
            doc = doc.bold_para(self.t("decided"));
            for d in points {
                let addressed = d.tasks.iter().any(|t| t.addressees().contains(&org));
                doc = self.point(doc, d, addressed.then_some(org));
            }
        }
        let ps = self.ps();
        let p = &self.doc.protocol;
        doc.spacer()
            .spacer()
            .bold_para(ps.certified)
            .signature(ps.secretary_of_hq, names::initials_first(&p.secretary))
            .para_left(date::format(self.today))
            .para_left(ps.seal)
    }

    /// The numbers of the points an organization's extract carries ("2.1", "3.2").
    pub fn extract_points(&self, org: i64) -> Vec<String> {
        self.doc
            .items
            .iter()
            .flat_map(|item| self.points_for(item, org).map(|d| d.number.clone()))
            .collect()
    }

    /// The decisions of `item` that name `org` (what its extract carries).
    fn points_for<'a>(&'a self, item: &'a Item, org: i64) -> impl Iterator<Item = &'a Decision> {
        item.decisions
            .iter()
            .filter(move |d| self.named_in(item, d).contains(&org))
    }

    /// The file name of an organization's extract: `kochurmo-12-2026-007-jashtar-borboru.docx`
    /// (whole words of the name, never cut mid-word).
    pub fn extract_file_name(&self, org: i64, format: Format) -> String {
        let label = self
            .doc
            .protocol
            .label()
            .unwrap_or_else(|| self.doc.session.label())
            .replace('/', "-");
        let slug = super::slug(&self.org_name(org), 40);
        format!(
            "{}-{label}-{org:03}-{slug}.{}",
            self.t("file_extract"),
            format.extension()
        )
    }

    /// The protocol's default file name: kind, number, language and form.
    pub fn file_name(&self, form: PaperForm, format: Format) -> String {
        let label = self
            .doc
            .protocol
            .label()
            .unwrap_or_else(|| format!("draft-{}", self.doc.session.label()))
            .replace('/', "-");
        let form = match form {
            PaperForm::Full => "full",
            PaperForm::Short => "short",
        };
        format!(
            "{}-{label}-{}-{form}.{}",
            self.t("file_protocol"),
            self.lang.code(),
            format.extension()
        )
    }

    /// One extract per organization a decision names, written into `dir` (made when
    /// missing). An existing file is never overwritten: nothing is written then, and the
    /// error names it. Returns the files written.
    pub fn write_extracts(
        &self,
        dir: &Path,
        format: Format,
    ) -> std::result::Result<Vec<PathBuf>, DocsError> {
        std::fs::create_dir_all(dir).map_err(|source| DocsError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let orgs = self.extract_addressees();
        let paths: Vec<PathBuf> = orgs
            .iter()
            .map(|o| dir.join(self.extract_file_name(*o, format)))
            .collect();
        if let Some(p) = paths.iter().find(|p| p.exists()) {
            return Err(DocsError::Exists(p.clone()));
        }
        for (org, path) in orgs.iter().zip(&paths) {
            super::write_new(&self.extract(*org), format, path)?;
        }
        Ok(paths)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_and_a_secretary_s_lines_override_it() {
        let mut t = Template::parse(BUILTIN_TEMPLATE);
        for key in [
            "title",
            "heard",
            "spoke",
            "decided",
            "present",
            "invited",
            "agenda",
            "votes",
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
