//! The monthly report of the city HQ to the Republican HQ, and the national view that adds
//! up the reports of many cities.
//!
//! # The JSON format (`shtab-monthly-report`, version 1)
//!
//! A report is one JSON object; `assets/report-example.json` is a complete example. Keys:
//!
//! - `format`: always `"shtab-monthly-report"`; `format_version`: `1`. A reader refuses any
//!   other version (a new version is made for any change that is not purely additive).
//! - `city`, `hq_name`: who reports. `month`: `"YYYY-MM"`. `as_of`: `"YYYY-MM-DD"`, the day the
//!   figures describe the end of (the month's last day, or the day the report was made when
//!   that is earlier).
//! - `issue`: `null` for a draft; else `{ "year", "number", "issued_at" ("YYYY-MM-DDTHH:MM:SS"),
//!   "issued_by", "replaces" }`, where `replaces` is the label ("2/2026") of the report this
//!   one corrects, or `null`.
//! - `figures`: the numbers, all whole and non-negative (see [`Figures`] for what each counts):
//!   `sessions_regular`, `sessions_extraordinary`, `items_considered`, `organizations_heard`,
//!   `decisions_adopted`, `tasks` (`given`, `done_on_time`, `done_late`, `open`, `overdue`),
//!   `by_kind` (a list of `{ "kind", "organizations_heard", "tasks": {…} }`, one per kind of
//!   organization, every kind present, in the order of [`crate::domain::OrgKind::ALL`]:
//!   `public_body`, `enterprise`, `organization`, `institution`, `school`, `hoa`,
//!   `condominium`, `house_management`, `tos`, `quarter_committee`), `plan` (`measures`,
//!   `done_in_month`, `done_total`, `overdue`, `at_risk`), `escalations` (`reminder`, `warning`,
//!   `hearing`, `administrative_liability`, `higher_body`, `law_enforcement`).
//! - `measures_at_risk`: `[{ "number", "title", "overdue_tasks" }]`, for the reader; not added
//!   up by consolidation.
//! - `narrative`: the secretary's text (may hold line breaks), in Kyrgyz.
//! - `narrative_ru` (added later; absent means empty): the same in Russian. A paper prints
//!   its own language's only.
//! - `narrative_by_language` (added with `narrative_ru`): `true`. Absent (a report made
//!   before), `narrative` is the one text in whatever language it was written, and both
//!   papers print it as it was issued.
//! - `trend` (optional, added later; only in issued reports): the twelve months ending with
//!   the report's, oldest first, each `{ "month", "as_of", "figures" }`; not added up.
//!
//! Every other key is always present; consolidation reads only `figures` and refuses a file whose
//! `format` or `format_version` differ.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::OrgKind;
use super::work::EscalationStep;

pub const FORMAT: &str = "shtab-monthly-report";
pub const FORMAT_VERSION: u32 = 1;
pub const CONSOLIDATED_FORMAT: &str = "shtab-consolidated-report";

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1900..=2999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// "2026-11".
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.chars().chain(m.chars())).all(|c| c.is_ascii_digit())
        {
            return None;
        }
        Month::new(y.parse().ok()?, m.parse().ok()?)
    }

    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last(self) -> NaiveDate {
        self.next().first().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: (self.year + 1).min(2999),
                month: if self.year >= 2999 { 12 } else { 1 },
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 {
            if self.year <= 1900 {
                self
            } else {
                Month {
                    year: self.year - 1,
                    month: 12,
                }
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// The day a report of this month describes the end of, made on `today`.
    pub fn as_of(self, today: NaiveDate) -> NaiveDate {
        self.last().min(today)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Task figures (overall or for one kind of organization). With M the month and D its
/// `as_of` day; a task's day of giving is `created_at`'s date, of closing `closed_at`'s.
/// Every figure is the state as of the end of D, whatever was done after D: only tasks given
/// by D; each with the deadline it had at D (after the extensions granted by D), the executor
/// it had at D (after the reassignments by D), and that organization's kind at D.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFigures {
    /// Given in M (created in M, by D), whatever became of them.
    pub given: i64,
    /// Closed as done on time in M (closing dated by D).
    pub done_on_time: i64,
    /// Closed as done late in M (closing dated by D).
    pub done_late: i64,
    /// Open at the end of D: given on or before D and not closed on or before D (cancelled
    /// ones included while they were open).
    pub open: i64,
    /// Of those open, the ones whose deadline at D (after the extensions granted by D) is
    /// before D, as the app showed them on D: a task due on D itself is not overdue.
    pub overdue: i64,
}

impl TaskFigures {
    pub fn add(&mut self, o: &TaskFigures) {
        self.given += o.given;
        self.done_on_time += o.done_on_time;
        self.done_late += o.done_late;
        self.open += o.open;
        self.overdue += o.overdue;
    }
}

/// The figures of one kind of organization (by the task's executor at D and that
/// organization's kind at D).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindFigures {
    /// `OrgKind::code()`.
    pub kind: String,
    pub organizations_heard: i64,
    pub tasks: TaskFigures,
}

/// Plan figures, as of the end of D: only measures entered in the plan by D (older ones
/// with no date count always), each with the deadline and done date it had at D (a done
/// date written after D does not count, even when it names a day before D).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFigures {
    /// Measures in the plan at D.
    pub measures: i64,
    /// Done in M (done date in M, on or before D).
    pub done_in_month: i64,
    /// Done on or before D.
    pub done_total: i64,
    /// Not done on D and due before D.
    pub overdue: i64,
    /// Not done on D with a task that served it at D (links made or undone after D do not
    /// count) overdue on D (see `plan::risk`).
    pub at_risk: i64,
}

/// Escalation steps taken in M (the step's date in M, on or before D), by step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationFigures {
    pub reminder: i64,
    pub warning: i64,
    pub hearing: i64,
    pub administrative_liability: i64,
    pub higher_body: i64,
    pub law_enforcement: i64,
}

impl EscalationFigures {
    pub fn get(&self, step: EscalationStep) -> i64 {
        match step {
            EscalationStep::Reminder => self.reminder,
            EscalationStep::Warning => self.warning,
            EscalationStep::Hearing => self.hearing,
            EscalationStep::AdministrativeLiability => self.administrative_liability,
            EscalationStep::HigherBody => self.higher_body,
            EscalationStep::LawEnforcement => self.law_enforcement,
        }
    }

    pub fn get_mut(&mut self, step: EscalationStep) -> &mut i64 {
        match step {
            EscalationStep::Reminder => &mut self.reminder,
            EscalationStep::Warning => &mut self.warning,
            EscalationStep::Hearing => &mut self.hearing,
            EscalationStep::AdministrativeLiability => &mut self.administrative_liability,
            EscalationStep::HigherBody => &mut self.higher_body,
            EscalationStep::LawEnforcement => &mut self.law_enforcement,
        }
    }

    pub fn total(&self) -> i64 {
        EscalationStep::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

/// The figures of a month M, as of its day D (`Month::as_of`): the state at the end of D,
/// so a draft or a correction of a past month gives the same figures whatever is done after
/// D (each figure's rule below; the store keeps the values before each change for it).
/// "Held in M" means a session dated in M whose status is held or protocol signed; sessions,
/// their items, the organizations heard and the decisions count by the session's date, as
/// their protocol records them (a protocol is written after its session, also after D).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Regular sessions held in M.
    pub sessions_regular: i64,
    /// Extraordinary sessions held in M.
    pub sessions_extraordinary: i64,
    /// Agenda items of the sessions held in M, except those postponed.
    pub items_considered: i64,
    /// Different organizations named on hearing items (not postponed) of sessions held in M.
    pub organizations_heard: i64,
    /// Decisions recorded in the protocols of the sessions held in M.
    pub decisions_adopted: i64,
    pub tasks: TaskFigures,
    /// One entry per kind, every kind, in `OrgKind::ALL` order.
    pub by_kind: Vec<KindFigures>,
    pub plan: PlanFigures,
    pub escalations: EscalationFigures,
}

impl Default for Figures {
    fn default() -> Self {
        Figures {
            sessions_regular: 0,
            sessions_extraordinary: 0,
            items_considered: 0,
            organizations_heard: 0,
            decisions_adopted: 0,
            tasks: TaskFigures::default(),
            by_kind: OrgKind::ALL
                .iter()
                .map(|k| KindFigures {
                    kind: k.code().to_string(),
                    organizations_heard: 0,
                    tasks: TaskFigures::default(),
                })
                .collect(),
            plan: PlanFigures::default(),
            escalations: EscalationFigures::default(),
        }
    }
}

impl Figures {
    pub fn kind(&self, kind: OrgKind) -> Option<&KindFigures> {
        self.by_kind.iter().find(|k| k.kind == kind.code())
    }

    pub fn kind_mut(&mut self, kind: &str) -> &mut KindFigures {
        let i = match self.by_kind.iter().position(|k| k.kind == kind) {
            Some(i) => i,
            None => {
                self.by_kind.push(KindFigures {
                    kind: kind.to_string(),
                    organizations_heard: 0,
                    tasks: TaskFigures::default(),
                });
                self.by_kind.len() - 1
            }
        };
        &mut self.by_kind[i]
    }

    /// Add another city's figures to these: every number, kind by kind.
    pub fn add(&mut self, o: &Figures) {
        self.sessions_regular += o.sessions_regular;
        self.sessions_extraordinary += o.sessions_extraordinary;
        self.items_considered += o.items_considered;
        self.organizations_heard += o.organizations_heard;
        self.decisions_adopted += o.decisions_adopted;
        self.tasks.add(&o.tasks);
        for k in &o.by_kind {
            let mine = self.kind_mut(&k.kind);
            mine.organizations_heard += k.organizations_heard;
            mine.tasks.add(&k.tasks);
        }
        let (p, q) = (&mut self.plan, &o.plan);
        p.measures += q.measures;
        p.done_in_month += q.done_in_month;
        p.done_total += q.done_total;
        p.overdue += q.overdue;
        p.at_risk += q.at_risk;
        for s in EscalationStep::ALL {
            *self.escalations.get_mut(s) += o.escalations.get(s);
        }
    }

    /// Is any figure negative (a hand-edited file)?
    pub fn has_negative(&self) -> bool {
        let t = |x: &TaskFigures| {
            [x.given, x.done_on_time, x.done_late, x.open, x.overdue]
                .iter()
                .any(|n| *n < 0)
        };
        [
            self.sessions_regular,
            self.sessions_extraordinary,
            self.items_considered,
            self.organizations_heard,
            self.decisions_adopted,
            self.plan.measures,
            self.plan.done_in_month,
            self.plan.done_total,
            self.plan.overdue,
            self.plan.at_risk,
        ]
        .iter()
        .any(|n| *n < 0)
            || t(&self.tasks)
            || self
                .by_kind
                .iter()
                .any(|k| k.organizations_heard < 0 || t(&k.tasks))
            || EscalationStep::ALL
                .iter()
                .any(|s| self.escalations.get(*s) < 0)
    }
}

/// The register entry of an issued report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub year: i32,
    pub number: i64,
    pub issued_at: String,
    pub issued_by: String,
    /// "2/2026": the report this one corrects.
    pub replaces: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureAtRisk {
    pub number: String,
    /// The Kyrgyz title (in reports issued before there were two: the one title).
    pub title: String,
    /// The Russian title; empty when the measure had none (and in reports issued before).
    #[serde(default)]
    pub title_ru: String,
    pub overdue_tasks: i64,
}

impl MeasureAtRisk {
    /// The title in one language (`russian` or Kyrgyz); empty when it has none in it.
    pub fn title_in(&self, russian: bool) -> &str {
        if russian { &self.title_ru } else { &self.title }
    }
}

/// The monthly report: what is frozen when it is issued and what the JSON file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyReport {
    pub format: String,
    pub format_version: u32,
    pub city: String,
    pub hq_name: String,
    /// "YYYY-MM".
    pub month: String,
    pub as_of: NaiveDate,
    pub issue: Option<Issue>,
    pub figures: Figures,
    pub measures_at_risk: Vec<MeasureAtRisk>,
    pub narrative: String,
    /// The narrative in Russian (`narrative` is the Kyrgyz one); absent from reports made
    /// before it, so read as empty.
    #[serde(default)]
    pub narrative_ru: String,
    /// `narrative` is the Kyrgyz text and `narrative_ru` the Russian one; false for a report
    /// made before the narrative had two (its payload lacks the key): its one narrative, in
    /// whichever language it was written, is what both papers print, as it was issued.
    #[serde(default)]
    pub narrative_by_language: bool,
    /// The twelve months ending with this one, frozen with an issued report (absent from
    /// drafts and from reports issued before the trend existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trend: Option<Vec<super::trend::TrendMonth>>,
}

impl MonthlyReport {
    pub fn new(month: Month, as_of: NaiveDate, figures: Figures) -> MonthlyReport {
        MonthlyReport {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            city: String::new(),
            hq_name: String::new(),
            month: month.to_string(),
            as_of,
            issue: None,
            figures,
            measures_at_risk: Vec::new(),
            narrative: String::new(),
            narrative_ru: String::new(),
            narrative_by_language: true,
            trend: None,
        }
    }

    /// The numbers of the measures the report names that have no title in one language
    /// (`russian` or Kyrgyz): a paper in that language cannot name them (a paper is wholly
    /// in one language), so it is refused until they are given one.
    pub fn measures_untitled_in(&self, russian: bool) -> Vec<String> {
        self.measures_at_risk
            .iter()
            .filter(|m| m.title_in(russian).trim().is_empty())
            .map(|m| m.number.clone())
            .collect()
    }

    /// "3/2026", once issued.
    pub fn label(&self) -> Option<String> {
        self.issue
            .as_ref()
            .map(|i| format!("{}/{}", i.number, i.year))
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("{file}: not JSON: {detail}")]
    NotJson { file: String, detail: String },
    #[error("{file}: not a Shtab monthly report (format {found:?}, expected {FORMAT:?})")]
    WrongFormat { file: String, found: String },
    #[error(
        "{file}: report format version {found} is not supported (this Shtab reads version {FORMAT_VERSION}); ask the city to send version {FORMAT_VERSION} or update Shtab"
    )]
    WrongVersion { file: String, found: String },
    #[error("{file}: {detail}")]
    Bad { file: String, detail: String },
}

/// Read a report from JSON text; `file` names it in errors. The format and its version are
/// checked before anything else, so a file of another version gets that message.
pub fn read(file: &str, text: &str) -> Result<MonthlyReport, ReadError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| ReadError::NotJson {
        file: file.into(),
        detail: e.to_string(),
    })?;
    let found = v.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if found != FORMAT {
        return Err(ReadError::WrongFormat {
            file: file.into(),
            found: found.into(),
        });
    }
    let version = v.get("format_version");
    if version.and_then(|x| x.as_u64()) != Some(FORMAT_VERSION as u64) {
        return Err(ReadError::WrongVersion {
            file: file.into(),
            found: version.map_or("(none)".into(), |x| x.to_string()),
        });
    }
    let r: MonthlyReport = serde_json::from_value(v).map_err(|e| ReadError::Bad {
        file: file.into(),
        detail: e.to_string(),
    })?;
    if Month::parse(&r.month).is_none() {
        return Err(ReadError::Bad {
            file: file.into(),
            detail: format!("month {:?} is not YYYY-MM", r.month),
        });
    }
    if r.figures.has_negative() {
        return Err(ReadError::Bad {
            file: file.into(),
            detail: "a figure is negative".into(),
        });
    }
    Ok(r)
}

/// One city's line in the national view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CityLine {
    pub file: String,
    pub city: String,
    pub month: String,
    pub report: Option<String>,
    pub figures: Figures,
    pub narrative: String,
    /// The city's narrative in Russian (absent in views made before it).
    #[serde(default)]
    pub narrative_ru: String,
    /// As [`MonthlyReport::narrative_by_language`]: false, `narrative` is the one text.
    #[serde(default)]
    pub narrative_by_language: bool,
}

/// A report's narrative in its two languages: a month's report, a city's line of the
/// national view.
pub trait Narratives {
    /// The Kyrgyz text, the Russian one, and whether they are kept apart (false for a
    /// report made before: the first is the one text, in whichever language it was written).
    fn narrative_texts(&self) -> (&str, &str, bool);

    /// The narrative in one language (`russian` or Kyrgyz); empty when none was written in it.
    fn narrative_in(&self, russian: bool) -> &str {
        let (ky, ru, by_language) = self.narrative_texts();
        if russian && by_language { ru } else { ky }
    }

    /// Is the narrative written only in the other language than `russian`/Kyrgyz? A paper in
    /// this one would then leave it out silently, so it is refused instead.
    fn narrative_only_in_other(&self, russian: bool) -> bool {
        self.narrative_in(russian).trim().is_empty()
            && !self.narrative_in(!russian).trim().is_empty()
    }
}

impl Narratives for MonthlyReport {
    fn narrative_texts(&self) -> (&str, &str, bool) {
        (
            &self.narrative,
            &self.narrative_ru,
            self.narrative_by_language,
        )
    }
}

impl Narratives for CityLine {
    fn narrative_texts(&self) -> (&str, &str, bool) {
        (
            &self.narrative,
            &self.narrative_ru,
            self.narrative_by_language,
        )
    }
}

/// A month's draft narrative in both languages, as the Reports tab edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Narrative {
    /// Kyrgyz.
    pub ky: String,
    pub ru: String,
}

/// The national view: the cities' figures and their sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consolidated {
    pub format: String,
    pub format_version: u32,
    /// The months covered, in order ("2026-11").
    pub months: Vec<String>,
    pub cities: Vec<CityLine>,
    pub total: Figures,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConsolidateError {
    #[error("no reports to add up")]
    Nothing,
    #[error(
        "{second} is the same city and month as {first} ({city}, {month}); keep only the latest report"
    )]
    Twice {
        first: String,
        second: String,
        city: String,
        month: String,
    },
}

/// Add up reports: `(file name, report)` pairs. The same city and month twice is refused
/// (a corrected report is sent instead of the old one, not beside it).
pub fn consolidate(reports: &[(String, MonthlyReport)]) -> Result<Consolidated, ConsolidateError> {
    if reports.is_empty() {
        return Err(ConsolidateError::Nothing);
    }
    let mut seen: BTreeMap<(String, String), &str> = BTreeMap::new();
    let mut total = Figures::default();
    let mut months: Vec<String> = Vec::new();
    let mut cities = Vec::new();
    for (file, r) in reports {
        let key = (super::text::fold(r.city.trim()), r.month.clone());
        if let Some(first) = seen.get(&key) {
            return Err(ConsolidateError::Twice {
                first: first.to_string(),
                second: file.clone(),
                city: r.city.clone(),
                month: r.month.clone(),
            });
        }
        seen.insert(key, file);
        total.add(&r.figures);
        if !months.contains(&r.month) {
            months.push(r.month.clone());
        }
        cities.push(CityLine {
            file: file.clone(),
            city: r.city.clone(),
            month: r.month.clone(),
            report: r.label(),
            figures: r.figures.clone(),
            narrative: r.narrative.clone(),
            narrative_ru: r.narrative_ru.clone(),
            narrative_by_language: r.narrative_by_language,
        });
    }
    months.sort();
    Ok(Consolidated {
        format: CONSOLIDATED_FORMAT.into(),
        format_version: FORMAT_VERSION,
        months,
        cities,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(m.first(), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(m.last(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(m.next().to_string(), "2026-12");
        assert_eq!(m.next().next().to_string(), "2027-01");
        assert_eq!(
            Month::parse("2027-01").unwrap().prev().to_string(),
            "2026-12"
        );
        assert_eq!(
            Month::parse("2024-02").unwrap().last(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2026-13", "2026-1", "26-11", "2026/11", "", "2026-00", "abcd-ef",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(m.as_of(today), today);
        assert_eq!(m.prev().as_of(today), m.prev().last());
        // The ends of the range do not overflow.
        assert_eq!(Month::new(2999, 12).unwrap().next().to_string(), "2999-12");
        assert_eq!(Month::new(1900, 1).unwrap().prev().to_string(), "1900-01");
    }

    fn sample(city: &str, n: i64) -> MonthlyReport {
        let mut f = Figures {
            sessions_regular: n,
            decisions_adopted: 2 * n,
            ..Figures::default()
        };
        f.tasks.given = 10 * n;
        f.kind_mut("school").tasks.overdue = n;
        f.escalations.warning = n;
        f.plan.at_risk = 1;
        MonthlyReport {
            city: city.into(),
            ..MonthlyReport::new(
                Month::parse("2026-11").unwrap(),
                NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                f,
            )
        }
    }

    #[test]
    fn consolidation_adds_every_figure_and_refuses_duplicates() {
        let list = vec![
            ("a.json".to_string(), sample("Токмок", 1)),
            ("b.json".to_string(), sample("Кант", 2)),
        ];
        let c = consolidate(&list).unwrap();
        assert_eq!(c.total.sessions_regular, 3);
        assert_eq!(c.total.decisions_adopted, 6);
        assert_eq!(c.total.tasks.given, 30);
        assert_eq!(c.total.kind(OrgKind::School).unwrap().tasks.overdue, 3);
        assert_eq!(c.total.escalations.warning, 3);
        assert_eq!(c.total.plan.at_risk, 2);
        assert_eq!(c.total.by_kind.len(), OrgKind::ALL.len());
        assert_eq!(c.months, vec!["2026-11"]);
        let mut twice = list.clone();
        twice.push(("c.json".into(), sample("токмок ", 5)));
        assert!(matches!(
            consolidate(&twice),
            Err(ConsolidateError::Twice { first, second, .. }) if first == "a.json" && second == "c.json"
        ));
        assert_eq!(consolidate(&[]), Err(ConsolidateError::Nothing));
    }

    #[test]
    fn reading_checks_format_and_version_first() {
        let r = sample("Токмок", 1);
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(read("a.json", &text), Ok(r.clone()));
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["format_version"] = 2.into();
        v["figures"] = serde_json::json!("changed in v2");
        let e = read("b.json", &v.to_string()).unwrap_err();
        assert!(matches!(&e, ReadError::WrongVersion { found, .. } if found == "2"));
        assert!(
            e.to_string()
                .starts_with("b.json: report format version 2 is not supported")
        );
        v["format"] = "something".into();
        assert!(matches!(
            read("c.json", &v.to_string()),
            Err(ReadError::WrongFormat { .. })
        ));
        assert!(matches!(
            read("d.json", "{"),
            Err(ReadError::NotJson { .. })
        ));
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["figures"]["tasks"]["open"] = (-1).into();
        assert!(matches!(
            read("e.json", &v.to_string()),
            Err(ReadError::Bad { .. })
        ));
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["figures"].as_object_mut().unwrap().remove("plan");
        assert!(
            matches!(read("f.json", &v.to_string()), Err(ReadError::Bad { detail, .. }) if detail.contains("plan"))
        );
    }
}
