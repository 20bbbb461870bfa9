//! The tasks' query line: `status:overdue org:"№5 мектеп" kind:school due:<7d due:2026-12
//! session:3/2026 measure:2.1 controller:me sort:-deadline words…`.
//!
//! Pure: parsing, and completion of keys and values. Errors carry the character range
//! of the bad part, so the screen can underline it.

use chrono::{Datelike, Duration, NaiveDate};

use super::OrgKind;
use super::text::fold;
use super::work::TaskStatus;

mod words;
pub use words::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Status,
    Org,
    Kind,
    Due,
    Session,
    Measure,
    Controller,
    Sort,
}

impl Key {
    pub const ALL: [Key; 8] = [
        Key::Status,
        Key::Org,
        Key::Kind,
        Key::Due,
        Key::Session,
        Key::Measure,
        Key::Controller,
        Key::Sort,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Key::Status => "status",
            Key::Org => "org",
            Key::Kind => "kind",
            Key::Due => "due",
            Key::Session => "session",
            Key::Measure => "measure",
            Key::Controller => "controller",
            Key::Sort => "sort",
        }
    }

    pub fn from_name(s: &str) -> Option<Key> {
        Key::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Values offered by completion (org names come from the caller).
    fn values(self) -> &'static [&'static str] {
        match self {
            Key::Status => STATUS_NAMES,
            Key::Kind => KIND_NAMES,
            Key::Due => &["<7d", "<30d", ">30d", "today"],
            Key::Controller => &["me", "any", "none"],
            Key::Sort => &["deadline", "-deadline", "number", "-number"],
            Key::Org | Key::Session | Key::Measure => &[],
        }
    }
}

/// Which tasks a `status:` value selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Assigned, in progress or extension requested.
    Open,
    /// Open with the deadline passed (computed against today).
    Overdue,
    /// Done on time or late.
    Done,
    /// Done or cancelled.
    Closed,
    Stored(TaskStatus),
}

const STATUS_NAMES: &[&str] = &[
    "open",
    "overdue",
    "done",
    "closed",
    "assigned",
    "in_progress",
    "extension_requested",
    "done_on_time",
    "done_late",
    "cancelled",
];

const KIND_NAMES: &[&str] = &[
    "public_body",
    "enterprise",
    "organization",
    "institution",
    "school",
    "hoa",
    "condominium",
    "house_management",
    "tos",
    "quarter_committee",
];

fn status_filter(s: &str) -> Option<StatusFilter> {
    Some(match s {
        "open" => StatusFilter::Open,
        "overdue" => StatusFilter::Overdue,
        "done" => StatusFilter::Done,
        "closed" => StatusFilter::Closed,
        "extension" => StatusFilter::Stored(TaskStatus::ExtensionRequested),
        "on_time" => StatusFilter::Stored(TaskStatus::DoneOnTime),
        "late" => StatusFilter::Stored(TaskStatus::DoneLate),
        "canceled" => StatusFilter::Stored(TaskStatus::Cancelled),
        other => StatusFilter::Stored(TaskStatus::from_code(other)?),
    })
}

/// A condition on the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// From today to today + n days, both included (`due:<7d`, `due:today` is 0).
    Within(i64),
    /// Later than today + n days (`due:>30d`).
    Beyond(i64),
    /// Between two days, both included; either end may be open.
    Range {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
}

impl Due {
    /// The inclusive range of deadlines it allows, as of `today`.
    pub fn bounds(self, today: NaiveDate) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            Due::Within(n) => (Some(today), Some(today + Duration::days(n))),
            Due::Beyond(n) => (Some(today + Duration::days(n + 1)), None),
            Due::Range { from, to } => (from, to),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Controller {
    /// The member the login is linked to (`shtab user add LOGIN --member N`); a login
    /// linked to no member has no tasks of its own (never everyone's).
    Me,
    /// Any controller set.
    Any,
    /// No controller set.
    Nobody,
    /// Members whose folded name contains these words.
    Name(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Deadline,
    DeadlineDesc,
    Number,
    NumberDesc,
}

impl Sort {
    pub fn descending(self) -> bool {
        matches!(self, Sort::DeadlineDesc | Sort::NumberDesc)
    }

    pub fn by_deadline(self) -> bool {
        matches!(self, Sort::Deadline | Sort::DeadlineDesc)
    }
}

/// A parsed query. Different keys must all hold; several `status:` or `kind:` values
/// are alternatives, several `org:` or `due:` conditions must all hold.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub statuses: Vec<StatusFilter>,
    /// Folded phrases, each matching the executor's or a co-executor's name.
    pub orgs: Vec<String>,
    pub kinds: Vec<OrgKind>,
    pub due: Vec<Due>,
    /// (number, year)
    pub session: Option<(i64, i32)>,
    /// A plan measure's number; its sub-measures ("2.1.3" under "2.1") count too.
    pub measure: Option<String>,
    pub controller: Option<Controller>,
    pub sort: Sort,
    /// Folded words or quoted phrases searched in the task's text and its reports.
    pub words: Vec<String>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryErrorKind {
    UnknownKey(String),
    EmptyValue(Key),
    BadStatus(String),
    BadKind(String),
    /// Not one of the shapes `due:` takes.
    BadDue,
    /// Shaped like a date but not one (31.02.2026, 2026-13).
    BadDate(String),
    BadSession,
    BadSort,
    BadController,
    UnclosedQuote,
}

/// What is wrong, and where: characters `start..end` of the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub start: usize,
    pub end: usize,
    pub kind: QueryErrorKind,
}

/// One whitespace-separated token (quotes keep spaces inside), by character positions.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
    text: String,
}

fn tokens(chars: &[char]) -> Result<Vec<Token>, QueryError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut quote: Option<usize> = None;
        while i < chars.len() && (quote.is_some() || !chars[i].is_whitespace()) {
            if chars[i] == '"' {
                quote = if quote.is_some() { None } else { Some(i) };
            }
            i += 1;
        }
        if let Some(q) = quote {
            return Err(QueryError {
                start: q,
                end: chars.len(),
                kind: QueryErrorKind::UnclosedQuote,
            });
        }
        out.push(Token {
            start,
            end: i,
            text: chars[start..i].iter().collect(),
        });
    }
    Ok(out)
}

/// `key:` when the part before the first colon is a plain ASCII word, or a key's Kyrgyz or
/// Russian name (another word with a colon, "итог:", is searched as a word).
fn split_key(text: &str) -> Option<(&str, &str)> {
    let (k, v) = text.split_once(':')?;
    let ascii = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
    (ascii || words::key(k).is_some()).then_some((k, v))
}

fn unquote(v: &str) -> String {
    v.replace('"', "")
}

pub fn parse(text: &str) -> Result<Query, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut q = Query::default();
    for t in tokens(&chars)? {
        let Some((k, v)) = split_key(&t.text) else {
            let w = fold(unquote(&t.text).trim());
            if w.chars().any(char::is_alphanumeric) {
                q.words.push(w);
            }
            continue;
        };
        let klen = k.chars().count();
        let err_key = |kind| QueryError {
            start: t.start,
            end: t.start + klen,
            kind,
        };
        let vstart = t.start + klen + 1;
        let err = |kind| QueryError {
            start: vstart.min(t.end),
            end: t.end.max(vstart),
            kind,
        };
        let Some(key) = words::key(k) else {
            return Err(err_key(QueryErrorKind::UnknownKey(k.to_string())));
        };
        let value = unquote(v);
        let value = value.trim();
        if value.is_empty() {
            return Err(QueryError {
                start: t.start,
                end: t.end,
                kind: QueryErrorKind::EmptyValue(key),
            });
        }
        // Kyrgyz and Russian words become the codes (`просрочено` is `overdue`).
        let lower = value
            .to_lowercase()
            .split(',')
            .map(|p| words::value(key, p))
            .collect::<Vec<_>>()
            .join(",");
        match key {
            Key::Status => {
                for part in lower.split(',').filter(|p| !p.is_empty()) {
                    let f = status_filter(part)
                        .ok_or_else(|| err(QueryErrorKind::BadStatus(part.to_string())))?;
                    if !q.statuses.contains(&f) {
                        q.statuses.push(f);
                    }
                }
            }
            Key::Kind => {
                for part in lower.split(',').filter(|p| !p.is_empty()) {
                    let k = OrgKind::from_code(part)
                        .ok_or_else(|| err(QueryErrorKind::BadKind(part.to_string())))?;
                    if !q.kinds.contains(&k) {
                        q.kinds.push(k);
                    }
                }
            }
            Key::Org => q.orgs.push(fold(value)),
            Key::Due => q.due.push(parse_due(&lower).map_err(err)?),
            Key::Session => {
                q.session = Some(
                    super::session::parse_label(value)
                        .ok_or_else(|| err(QueryErrorKind::BadSession))?,
                )
            }
            Key::Measure => q.measure = Some(value.to_string()),
            Key::Controller => {
                q.controller = Some(match lower.as_str() {
                    "me" => Controller::Me,
                    "any" | "set" => Controller::Any,
                    "none" => Controller::Nobody,
                    _ if lower.chars().any(char::is_alphabetic) => Controller::Name(fold(value)),
                    _ => return Err(err(QueryErrorKind::BadController)),
                })
            }
            Key::Sort => {
                q.sort = match lower.as_str() {
                    "deadline" => Sort::Deadline,
                    "-deadline" => Sort::DeadlineDesc,
                    "number" => Sort::Number,
                    "-number" => Sort::NumberDesc,
                    _ => return Err(err(QueryErrorKind::BadSort)),
                }
            }
        }
    }
    Ok(q)
}

/// A period a date-like value names: a day, a month or a year.
fn period(s: &str) -> Result<Option<(NaiveDate, NaiveDate)>, QueryErrorKind> {
    let bad = || QueryErrorKind::BadDate(s.to_string());
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    let month = |y: &str, m: &str| -> Result<Option<(NaiveDate, NaiveDate)>, QueryErrorKind> {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        if !(1900..=2999).contains(&y) {
            return Err(bad());
        }
        let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
        let next = first
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(bad)?;
        Ok(Some((first, next - Duration::days(1))))
    };
    let parts: Vec<&str> = s.split(['.', '-']).collect();
    if !parts.iter().all(|p| digits(p)) {
        return Ok(None);
    }
    match (s.contains('-'), parts.as_slice()) {
        (false, [y]) if y.len() == 4 => {
            let y: i32 = y.parse().map_err(|_| bad())?;
            let first = NaiveDate::from_ymd_opt(y, 1, 1).filter(|_| (1900..=2999).contains(&y));
            let first = first.ok_or_else(bad)?;
            Ok(Some((
                first,
                first
                    .with_month(12)
                    .and_then(|d| d.with_day(31))
                    .ok_or_else(bad)?,
            )))
        }
        (false, [_, _, _]) => {
            let d = super::date::parse(s).ok_or_else(bad)?;
            Ok(Some((d, d)))
        }
        (false, [m, y]) if y.len() == 4 && m.len() <= 2 => month(y, m),
        (true, [y, m]) if y.len() == 4 && m.len() <= 2 => month(y, m),
        (true, [y, m, d]) if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            let day = NaiveDate::from_ymd_opt(
                y.parse().map_err(|_| bad())?,
                m.parse().map_err(|_| bad())?,
                d.parse().map_err(|_| bad())?,
            )
            .filter(|d| (1900..=2999).contains(&d.year()))
            .ok_or_else(bad)?;
            Ok(Some((day, day)))
        }
        _ => Err(bad()),
    }
}

fn days(s: &str) -> Option<i64> {
    let n = s.strip_suffix('d')?;
    let n: i64 = n.parse().ok()?;
    (0..=3650).contains(&n).then_some(n)
}

fn parse_due(v: &str) -> Result<Due, QueryErrorKind> {
    if v == "today" {
        return Ok(Due::Within(0));
    }
    let (op, rest) = ["<=", ">=", "<", ">"]
        .iter()
        .find_map(|op| v.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("", v));
    if let Some(n) = days(rest) {
        return Ok(match op {
            ">" | ">=" => Due::Beyond(n),
            _ => Due::Within(n),
        });
    }
    if op.is_empty()
        && let Some((a, b)) = rest.split_once("..")
    {
        let (Some((from, _)), Some((_, to))) = (period(a)?, period(b)?) else {
            return Err(QueryErrorKind::BadDue);
        };
        return Ok(Due::Range {
            from: Some(from),
            to: Some(to),
        });
    }
    let Some((first, last)) = period(rest)? else {
        return Err(QueryErrorKind::BadDue);
    };
    let day = Duration::days(1);
    Ok(match op {
        "<" => Due::Range {
            from: None,
            to: Some(first - day),
        },
        "<=" => Due::Range {
            from: None,
            to: Some(last),
        },
        ">" => Due::Range {
            from: Some(last + day),
            to: None,
        },
        ">=" => Due::Range {
            from: Some(first),
            to: None,
        },
        _ => Due::Range {
            from: Some(first),
            to: Some(last),
        },
    })
}

/// Quote a value when it has spaces: `org:"№5 мектеп"`.
pub fn quoted(value: &str) -> String {
    let v = value.replace('"', "");
    if v.chars().any(char::is_whitespace) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// What Tab can put in place of characters `start..end`: whole tokens such as `status:`
/// or `org:"№5 орто мектеби"`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<String>,
}

/// Complete the token the cursor (a character index) is in or just after. `orgs` are the
/// organizations' names in the order to offer them.
pub fn complete(text: &str, cursor: usize, orgs: &[String]) -> Option<Completion> {
    // Cyrillic typed: the Russian and Kyrgyz words (which language is not known here).
    complete_in(text, cursor, orgs, Words::En)
        .or_else(|| complete_in(text, cursor, orgs, Words::Ru))
        .or_else(|| complete_in(text, cursor, orgs, Words::Ky))
}

/// Complete as [`complete`] does, offering keys and values in the words of `lang`
/// (`вид:школа`, `түрү:мектеп`); the English codes are still understood.
pub fn complete_in(text: &str, cursor: usize, orgs: &[String], lang: Words) -> Option<Completion> {
    let chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    // The token's start: back to whitespace outside quotes.
    let mut start = cursor;
    while start > 0 && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    let before: String = chars[..start].iter().collect();
    if before.matches('"').count() % 2 == 1 {
        // Inside a quoted phrase: go back to the token holding the opening quote.
        let open = chars[..start].iter().rposition(|c| *c == '"')?;
        start = open;
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
    }
    let mut end = cursor;
    let mut in_quote = chars[start..cursor].iter().filter(|c| **c == '"').count() % 2 == 1;
    while end < chars.len() && (in_quote || !chars[end].is_whitespace()) {
        if chars[end] == '"' {
            in_quote = !in_quote;
        }
        end += 1;
    }
    let prefix: String = chars[start..cursor].iter().collect();
    let candidates: Vec<String> = match split_key(&prefix) {
        None => {
            let p = fold(&prefix);
            Key::ALL
                .iter()
                .map(|k| format!("{}:", words::key_name(*k, lang)))
                .filter(|k| fold(k).starts_with(&p))
                .collect()
        }
        Some((k, v)) => {
            let key = words::key(k)?;
            let name = words::key_name(key, lang);
            let v = fold(&unquote(v));
            if key == Key::Org {
                let want = fold(v.trim());
                orgs.iter()
                    .filter(|o| fold(o).contains(&want))
                    .take(50)
                    .map(|o| format!("{name}:{}", quoted(o)))
                    .collect()
            } else {
                let offered = words::values(key, lang)
                    .unwrap_or_else(|| key.values().iter().map(|v| (*v, *v)).collect());
                // Typed as the word or as the English code, offered as the word.
                offered
                    .into_iter()
                    .filter(|(code, x)| fold(x).starts_with(&v) || code.starts_with(&v))
                    .map(|(_, x)| x)
                    .map(|x| format!("{name}:{x}"))
                    .collect()
            }
        }
    };
    (!candidates.is_empty()).then_some(Completion {
        start,
        end,
        candidates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    fn err(text: &str) -> QueryError {
        parse(text).unwrap_err()
    }

    #[test]
    fn keys_and_values_in_kyrgyz_and_russian() {
        let ky = parse("түрү:мектеп абалы:мөөнөтү_өттү мөөнөт:бүгүн").unwrap();
        let ru = parse("вид:школа статус:просрочено срок:сегодня").unwrap();
        let en = parse("kind:school status:overdue due:today").unwrap();
        assert_eq!(ky, en);
        assert_eq!(ru, en);
        assert_eq!(
            parse("Статус:\"в работе\",ОТМЕНЕНО вид:ТСЖ").unwrap(),
            parse("status:in_progress,cancelled kind:hoa").unwrap()
        );
        assert_eq!(
            parse("иш-чара:2.1 көзөмөл:мен").unwrap(),
            parse("measure:2.1 controller:me").unwrap()
        );
        // A word with a colon that is no key is searched for, as before.
        assert_eq!(parse("итог:").unwrap().words, vec!["итог:".to_string()]);
        // A Kyrgyz key with a bad value is still refused at the value.
        let e = err("түрү:мектепп");
        assert_eq!(e.kind, QueryErrorKind::BadKind("мектепп".into()));
        assert_eq!((e.start, e.end), (5, 12));
    }

    #[test]
    fn completion_offers_the_ui_languages_words() {
        let orgs = vec!["№5 орто мектеби".to_string()];
        let c = complete_in("ст", 2, &orgs, Words::Ru).unwrap();
        assert_eq!(c.candidates, vec!["статус:"]);
        let c = complete_in("статус:пр", 9, &orgs, Words::Ru).unwrap();
        assert_eq!(c.candidates, vec!["статус:просрочено", "статус:продление"]);
        let c = complete_in("түрү:м", 6, &orgs, Words::Ky).unwrap();
        assert_eq!(
            c.candidates,
            vec!["түрү:мамлекеттик_орган", "түрү:мекеме", "түрү:мектеп"]
        );
        let c = complete_in("kind:sc", 7, &orgs, Words::Ky).unwrap();
        assert_eq!(
            c.candidates,
            vec!["түрү:мектеп"],
            "an English key gets the words too"
        );
        let c = complete_in("уюм:мект", 8, &orgs, Words::Ky).unwrap();
        assert_eq!(c.candidates, vec!["уюм:\"№5 орто мектеби\""]);
        // Without the UI language, Cyrillic typed still completes.
        let c = complete("вид:шк", 6, &orgs).unwrap();
        assert_eq!(c.candidates, vec!["вид:школа"]);
        assert_eq!(
            complete("st", 2, &orgs).unwrap().candidates,
            vec!["status:"]
        );
    }

    #[test]
    fn every_key() {
        let q = parse(
            "status:overdue org:\"№5 Мектеп\" kind:school due:<7d due:2026-12 session:3/2026 \
             measure:2.1 controller:me sort:-deadline интернет",
        )
        .unwrap();
        assert_eq!(q.statuses, vec![StatusFilter::Overdue]);
        assert_eq!(q.orgs, vec!["№5 мектеп".to_string()]);
        assert_eq!(q.kinds, vec![OrgKind::School]);
        assert_eq!(
            q.due,
            vec![
                Due::Within(7),
                Due::Range {
                    from: Some(d("01.12.2026")),
                    to: Some(d("31.12.2026"))
                }
            ]
        );
        assert_eq!(q.session, Some((3, 2026)));
        assert_eq!(q.measure.as_deref(), Some("2.1"));
        assert_eq!(q.controller, Some(Controller::Me));
        assert_eq!(q.sort, Sort::DeadlineDesc);
        assert_eq!(q.words, vec!["интернет".to_string()]);
        assert!(parse("").unwrap().is_empty());
        assert!(parse("   ").unwrap().is_empty());
    }

    #[test]
    fn status_and_kind_lists_and_aliases() {
        let q = parse("status:open,extension STATUS:Late kind:hoa,tos").unwrap();
        assert_eq!(
            q.statuses,
            vec![
                StatusFilter::Open,
                StatusFilter::Stored(TaskStatus::ExtensionRequested),
                StatusFilter::Stored(TaskStatus::DoneLate)
            ]
        );
        assert_eq!(q.kinds, vec![OrgKind::Hoa, OrgKind::Tos]);
        for s in STATUS_NAMES {
            assert!(status_filter(s).is_some(), "{s}");
        }
        for k in KIND_NAMES {
            assert!(OrgKind::from_code(k).is_some(), "{k}");
        }
    }

    #[test]
    fn due_shapes() {
        let due = |v: &str| parse(&format!("due:{v}")).unwrap().due[0];
        let today = d("25.11.2026");
        assert_eq!(
            due("<7d").bounds(today),
            (Some(today), Some(d("02.12.2026")))
        );
        assert_eq!(due("7d"), Due::Within(7));
        assert_eq!(due("today").bounds(today), (Some(today), Some(today)));
        assert_eq!(due(">30d").bounds(today), (Some(d("26.12.2026")), None));
        assert_eq!(
            due("25.11.2026"),
            Due::Range {
                from: Some(today),
                to: Some(today)
            }
        );
        assert_eq!(
            due("2026-11-25"),
            Due::Range {
                from: Some(today),
                to: Some(today)
            }
        );
        assert_eq!(
            due("<01.12.2026"),
            Due::Range {
                from: None,
                to: Some(d("30.11.2026"))
            }
        );
        assert_eq!(
            due(">=12.2026"),
            Due::Range {
                from: Some(d("01.12.2026")),
                to: None
            }
        );
        assert_eq!(
            due(">2026"),
            Due::Range {
                from: Some(d("01.01.2027")),
                to: None
            }
        );
        assert_eq!(
            due("2026-02"),
            Due::Range {
                from: Some(d("01.02.2026")),
                to: Some(d("28.02.2026"))
            }
        );
        assert_eq!(
            due("01.11.2026..2026-12"),
            Due::Range {
                from: Some(d("01.11.2026")),
                to: Some(d("31.12.2026"))
            }
        );
    }

    #[test]
    fn quoting_and_cyrillic() {
        let q = parse("org:\"«Береке» ТЖМЭШ\" ӨРНӨК \"ЁЛКА жана\" org:Ң").unwrap();
        assert_eq!(q.orgs, vec!["«береке» тжмэш".to_string(), "ң".to_string()]);
        assert_eq!(q.words, vec!["өрнөк".to_string(), "елка жана".to_string()]);
        // A colon after something that is not a plain key is text: 10:00 is a time.
        let q = parse("10:00 №5").unwrap();
        assert_eq!(q.words, vec!["10:00".to_string(), "№5".to_string()]);
        // Punctuation alone searches nothing.
        assert!(parse("— «»").unwrap().words.is_empty());
    }

    #[test]
    fn errors_point_at_the_bad_part() {
        let e = err("status:open colour:red");
        assert_eq!(e.kind, QueryErrorKind::UnknownKey("colour".into()));
        assert_eq!((e.start, e.end), (12, 18));
        // Positions are characters, not bytes.
        let e = err("мектеп due:31.02.2026");
        assert_eq!(e.kind, QueryErrorKind::BadDate("31.02.2026".into()));
        assert_eq!((e.start, e.end), (11, 21));
        let e = err("due:soon");
        assert_eq!(e.kind, QueryErrorKind::BadDue);
        assert_eq!((e.start, e.end), (4, 8));
        assert_eq!(
            err("due:2026-13").kind,
            QueryErrorKind::BadDate("2026-13".into())
        );
        assert_eq!(err("due:<99999d").kind, QueryErrorKind::BadDue);
        assert_eq!(
            err("status:doing").kind,
            QueryErrorKind::BadStatus("doing".into())
        );
        assert_eq!(
            err("kind:shop").kind,
            QueryErrorKind::BadKind("shop".into())
        );
        assert_eq!(err("session:3-2026").kind, QueryErrorKind::BadSession);
        assert_eq!(err("sort:name").kind, QueryErrorKind::BadSort);
        assert_eq!(err("controller:42").kind, QueryErrorKind::BadController);
        let e = err("org:");
        assert_eq!(e.kind, QueryErrorKind::EmptyValue(Key::Org));
        assert_eq!((e.start, e.end), (0, 4));
        let e = err("ok org:\"№5 мектеп");
        assert_eq!(e.kind, QueryErrorKind::UnclosedQuote);
        assert_eq!((e.start, e.end), (7, 17));
    }

    #[test]
    fn completes_keys_values_and_org_names() {
        let orgs = vec![
            "№5 орто мектеби".to_string(),
            "№12 гимназия".to_string(),
            "Өрнөк IT".to_string(),
        ];
        let c = complete("st", 2, &orgs).unwrap();
        assert_eq!((c.start, c.end), (0, 2));
        assert_eq!(c.candidates, vec!["status:".to_string()]);
        let c = complete("x status:ov", 11, &orgs).unwrap();
        assert_eq!((c.start, c.end), (2, 11));
        assert_eq!(c.candidates, vec!["status:overdue".to_string()]);
        let c = complete("org:МЕКТ", 8, &orgs).unwrap();
        assert_eq!(c.candidates, vec!["org:\"№5 орто мектеби\"".to_string()]);
        // Inside a quoted name, the whole token is replaced.
        let text = "org:\"өрн due:<7d";
        let c = complete(text, 8, &orgs).unwrap();
        assert_eq!(c.start, 0);
        assert_eq!(c.candidates, vec!["org:\"Өрнөк IT\"".to_string()]);
        assert_eq!(
            complete("", 0, &orgs).unwrap().candidates.len(),
            Key::ALL.len()
        );
        assert!(complete("zzz", 3, &orgs).is_none());
        assert!(complete("colour:", 7, &orgs).is_none());
        assert_eq!(quoted("a\"b c"), "\"ab c\"");
    }
}
