//! The generator's state and its first steps: the directory, the HQ, the action plan, the
//! delivery register and the monthly reports.

use chrono::{Datelike, NaiveDate};

use super::data::{IT_EMAIL, Seeds};
use super::util::{
    Rng, add_days, landline, mobile, office_stamp, person, stamp, translit, weekday,
};
use super::{DemoOptions, DemoSummary};
use crate::domain::{Member, OrgKind, Organization};
use crate::store::seed::{MeasureSeed, Seeder};

use OrgKind as K;

// Indices into the members (assets/demo/members.json starts with these three).
pub(super) const CHAIR: usize = 0;
pub(super) const DEPUTY: usize = 1;
pub(super) const SECRETARY: usize = 2;

/// How many organizations lag behind (see `Gen::lagging`).
pub(super) const LAGGING: usize = 6;

pub(super) struct OrgRow {
    pub(super) id: i64,
    pub(super) kind: OrgKind,
    pub(super) name: &'static str,
    pub(super) head: String,
    pub(super) title: &'static str,
    pub(super) active: bool,
}

pub(super) struct MemberRow {
    pub(super) id: i64,
    pub(super) name: String,
}

/// Something a task comes from: a signed decision or a plan measure.
pub(super) struct Source {
    pub(super) decision_id: Option<i64>,
    pub(super) measure_id: Option<i64>,
    /// When the tasks were delivered; `None` for measures (a date is drawn per task).
    pub(super) date: Option<NaiveDate>,
    pub(super) topic: usize,
    /// Executors the decision names (the organizations heard), if any.
    pub(super) prefer: Vec<usize>,
    pub(super) text: String,
}

pub(super) struct Gen<'t> {
    pub(super) db: &'t Seeder<'t>,
    pub(super) d: &'t Seeds,
    pub(super) rng: Rng,
    pub(super) today: NaiveDate,
    pub(super) tasks: usize,
    pub(super) sum: DemoSummary,
    pub(super) orgs: Vec<OrgRow>,
    pub(super) members: Vec<MemberRow>,
    /// Per topic: indices of active organizations of its usual kinds.
    pub(super) candidates: Vec<Vec<usize>>,
    pub(super) active: Vec<usize>,
    pub(super) inactive: Vec<usize>,
    /// Organizations that lag behind: heard more often, late more often, escalated.
    pub(super) lagging: Vec<usize>,
    /// (session date, organization) for every hearing held.
    pub(super) heard: Vec<(NaiveDate, usize)>,
    pub(super) decisions: Vec<Source>,
    pub(super) measures: Vec<Source>,
    /// Told (tasks written, tasks wanted) every so often.
    pub(super) progress: &'t mut dyn FnMut(u64, u64),
}

pub(super) struct ItemPlan {
    pub(super) title: String,
    pub(super) kind: &'static str,
    pub(super) speaker_member: Option<usize>,
    pub(super) speaker_name: String,
    pub(super) orgs: Vec<usize>,
    pub(super) minutes: i64,
    pub(super) outcome: &'static str,
    pub(super) summary: String,
    /// (text, topic to give tasks from)
    pub(super) decisions: Vec<(String, Option<usize>)>,
}

impl<'t> Gen<'t> {
    pub(super) fn new(
        db: &'t Seeder<'t>,
        d: &'t Seeds,
        opts: &DemoOptions,
        progress: &'t mut dyn FnMut(u64, u64),
    ) -> Self {
        Gen {
            db,
            d,
            rng: Rng::new(opts.seed),
            today: opts.today,
            tasks: opts.tasks,
            sum: DemoSummary::default(),
            orgs: Vec::new(),
            members: Vec::new(),
            candidates: Vec::new(),
            active: Vec::new(),
            inactive: Vec::new(),
            lagging: Vec::new(),
            heard: Vec::new(),
            decisions: Vec::new(),
            measures: Vec::new(),
            progress,
        }
    }

    pub(super) fn run(mut self) -> crate::store::Result<DemoSummary> {
        self.organizations()?;
        self.hq()?;
        self.plan()?;
        self.sessions()?;
        let overdue = self.tasks()?;
        self.db.indexes_back()?;
        self.escalations(overdue)?;
        self.deliveries()?;
        self.reports()?;
        Ok(self.sum)
    }

    /// The delivery register of the signed protocols' extracts.
    fn deliveries(&mut self) -> crate::store::Result<()> {
        self.db.deliveries(self.today)
    }

    /// The monthly reports of the two months before this one, issued on the 3rd of the
    /// month after (or today, if that is earlier), with a short narrative.
    fn reports(&mut self) -> crate::store::Result<()> {
        use crate::domain::report::Month;
        let secretary = self.db.secretary_name();
        let this = Month::of(self.today);
        for month in [this.prev().prev(), this.prev()] {
            let day = month
                .next()
                .first()
                .with_day(3)
                .unwrap_or(self.today)
                .min(self.today);
            let f = self.db.report_figures(month)?;
            let (held, adopted) = (
                f.sessions_regular + f.sessions_extraordinary,
                f.decisions_adopted,
            );
            let (on_time, late, steps) = (
                f.tasks.done_on_time,
                f.tasks.done_late,
                f.escalations.total(),
            );
            // Each language's text written in it (the Russian one is not a transliteration).
            let narrative = crate::domain::report::Narrative {
                ky: format!(
                    "Айдын ичинде штаб {held} отурум өткөрүп, {adopted} чечим кабыл алды. \
                     Мөөнөтүндө аткарылган тапшырмалар: {on_time}, кечиккендер: {late}.\n\
                     Аткарбаган уюмдарга карата {steps} таасир чарасы көрүлдү."
                ),
                ru: format!(
                    "За месяц штаб провёл заседаний: {held}, принял решений: {adopted}. \
                     Поручений исполнено в срок: {on_time}, с нарушением срока: {late}.\n\
                     К организациям, не исполнившим поручения, применено мер воздействия: \
                     {steps}."
                ),
            };
            let at = (stamp(day, 9, 30), stamp(day, 10, 0));
            self.db
                .issued_report(month, &narrative, day, (&at.0, &at.1), &secretary)?;
        }
        Ok(())
    }

    fn organizations(&mut self) -> crate::store::Result<()> {
        let d = self.d;
        let streets = &d.directory.streets;
        let mayor_address = format!("{}, {}", streets[0], self.rng.range(100, 250));
        for seed in &d.directory.organizations {
            let head = person(&mut self.rng, &d.names).full;
            let phone = match seed.kind {
                K::Hoa | K::Condominium | K::Tos | K::QuarterCommittee => mobile(&mut self.rng),
                _ => landline(&mut self.rng),
            };
            let address = match seed.address {
                "" if seed.email == d.directory.mayor_email => mayor_address.clone(),
                "" => format!("{}, {}", self.rng.pick(streets), self.rng.range(1, 240)),
                "=" => format!("{mayor_address}, {}-кабинет", self.rng.range(101, 315)),
                fixed => fixed.to_string(),
            };
            let o = Organization {
                name_ru: seed.ru.into(),
                head_name: head.clone(),
                head_title: seed.title.into(),
                phone,
                email: seed.email.into(),
                address,
                active: seed.active,
                ..Organization::new(seed.ky, seed.kind)
            };
            let id = self.db.organization(&o)?;
            self.orgs.push(OrgRow {
                id,
                kind: seed.kind,
                name: seed.ky,
                head,
                title: seed.title,
                active: seed.active,
            });
        }
        self.active = (0..self.orgs.len())
            .filter(|&i| self.orgs[i].active)
            .collect();
        self.inactive = (0..self.orgs.len())
            .filter(|&i| !self.orgs[i].active)
            .collect();
        let outside: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&i| self.orgs[i].kind != K::PublicBody)
            .collect();
        while self.lagging.len() < LAGGING.min(outside.len()) {
            let o = *self.rng.pick(&outside);
            if !self.lagging.contains(&o) {
                self.lagging.push(o);
            }
        }
        self.candidates = d
            .sessions
            .topics
            .iter()
            .map(|t| {
                self.active
                    .iter()
                    .copied()
                    .filter(|&i| t.kinds.contains(&self.orgs[i].kind))
                    .collect()
            })
            .collect();
        self.sum.organizations = self.orgs.len();
        Ok(())
    }

    fn hq(&mut self) -> crate::store::Result<()> {
        let d = self.d;
        // The HQ was formed a year and a half to two years ago; a few joined later.
        let formed = weekday(add_days(self.today, -self.rng.range(540, 720)));
        for (i, seed) in d.members.iter().enumerate() {
            let oi = d.org_ix(seed.organization);
            let (name, surname, first) = if seed.head {
                let full = self.orgs[oi].head.clone();
                let mut parts = full.split(' ');
                let s = parts.next().unwrap_or("").to_string();
                let f = parts.next().unwrap_or("").to_string();
                (full, s, f)
            } else {
                let p = person(&mut self.rng, &d.names);
                (p.full, p.surname, p.first)
            };
            let term_from = if i < 6 {
                formed
            } else {
                weekday(add_days(formed, self.rng.range(10, 120)))
            };
            let m = Member {
                id: 0,
                full_name: name.clone(),
                position: seed.position.into(),
                role: seed.role,
                organization_id: Some(self.orgs[oi].id),
                phone: mobile(&mut self.rng),
                email: format!(
                    "{}.{}@tokmok.gov.kg",
                    translit(&surname),
                    translit(&first).chars().next().unwrap_or('x')
                ),
                term_from,
                term_to: None,
                active: true,
                version: 0,
            };
            let id = self.db.member(&m)?;
            self.members.push(MemberRow { id, name });
        }
        self.sum.members = self.members.len();
        Ok(())
    }

    /// Organizations for a topic: from its usual kinds when there are any.
    pub(super) fn org_for(&mut self, topic: usize, skip_public: bool) -> usize {
        let pool: Vec<usize> = self.candidates[topic]
            .iter()
            .copied()
            .filter(|&i| !(skip_public && self.orgs[i].kind == K::PublicBody))
            .collect();
        if !pool.is_empty() && self.rng.chance(80) {
            *self.rng.pick(&pool)
        } else {
            let pool: Vec<usize> = self
                .active
                .iter()
                .copied()
                .filter(|&i| !(skip_public && self.orgs[i].kind == K::PublicBody))
                .collect();
            *self.rng.pick(&pool)
        }
    }

    fn plan(&mut self) -> crate::store::Result<()> {
        let plan = &self.d.plan;
        let today = self.today;
        let year = today.year();
        let quarter_ends = [(3, 31), (6, 30), (9, 30), (12, 31)];
        let mut section_no = 0;
        let mut item_no = 0;
        let mut last_section = "";
        for (i, m) in plan.iter().enumerate() {
            let (section, title, topic) = (m.section, m.title, m.topic);
            if section != last_section {
                section_no += 1;
                item_no = 0;
                last_section = section;
            }
            item_no += 1;
            let number = format!("{section_no}.{item_no}");
            let monthly = i + 1 == plan.len();
            let deadline = (!monthly).then(|| {
                let y = year + self.rng.below(2) as i32;
                let (m, d) = *self.rng.pick(&quarter_ends);
                NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today)
            });
            let done = match deadline {
                _ if i % 5 == 1 => true,
                Some(d) if d < today => self.rng.chance(75),
                _ => false,
            };
            let (progress, done_at) = if done {
                let by = deadline.map_or(today, |d| d.min(today));
                let at = add_days(by, -self.rng.range(3, 60));
                (100, Some(office_stamp(&mut self.rng, at)))
            } else if monthly {
                (50, None)
            } else {
                (self.rng.range(0, 9) * 10, None)
            };
            let id = self.db.measure(&MeasureSeed {
                number: &number,
                section,
                title,
                title_ru: m.title_ru,
                deadline,
                expected_result: m.expected,
                progress,
                done_at: done_at.as_deref(),
                position: i as i64 + 1,
            })?;
            let mut orgs = vec![self.org_for(topic, false)];
            for _ in 0..self.rng.below(3) {
                let o = self.org_for(topic, false);
                if !orgs.contains(&o) {
                    orgs.push(o);
                }
            }
            if topic == 5 || topic == 6 {
                let it = self.d.org_ix(IT_EMAIL);
                if !orgs.contains(&it) {
                    orgs.push(it);
                }
            }
            for o in orgs {
                self.db.measure_organization(id, self.orgs[o].id)?;
            }
            if !done {
                let text =
                    format!("{title} боюнча иш-чараларды аткаруу жана штабга маалымат берүү");
                self.measures.push(Source {
                    decision_id: None,
                    measure_id: Some(id),
                    date: None,
                    topic,
                    prefer: Vec::new(),
                    text,
                });
            }
        }
        self.sum.measures = plan.len();
        Ok(())
    }
}
