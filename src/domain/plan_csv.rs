//! Bulk update of the action plan from a CSV file as staff keep it in Excel.
//!
//! The first line names the columns (in any order, any case, in Kyrgyz, Russian or English;
//! columns not listed here are ignored and named in the summary):
//!
//! | column | also accepted | content |
//! |---|---|---|
//! | `number` (required) | №, номер, номери, пункт | the measure's number, "2.3" |
//! | `section` | бөлүм, раздел | the section it belongs to |
//! | `title` | title_ky, иш-чара, аталышы | what is to be done, in Kyrgyz |
//! | `title_ru` | мероприятие, наименование, наименование мероприятия | the same in Russian |
//! | `deadline` | мөөнөт, мөөнөтү, срок, срок исполнения | dd.mm.yyyy or yyyy-mm-dd |
//! | `expected_result` | күтүлгөн натыйжа, натыйжа, ожидаемый результат, результат | |
//! | `progress` | %, аткарылышы, прогресс, выполнение, процент | 0–100, "%" allowed |
//! | `organizations` | аткаруучулар, жооптуулар, исполнители, ответственные | names separated by `;`, `|` or line breaks (quote the cell) |
//! | `done_on` | аткарылган күнү, дата выполнения, выполнено | the day it was done |
//!
//! A row whose number is already in the plan updates that measure: empty cells leave its
//! fields as they are. A new number adds a measure and needs a title in at least one
//! language (a Russian-named title column is the Russian title: a plan kept in one language
//! imports as that language's; papers in the other refuse the measures until given). Progress 100 marks a
//! measure done (on `done_on`, else on the day of the import); progress below 100 reopens a
//! done one. Every bad row is reported with its line number, and the import writes nothing
//! unless every row is good.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::csv::{self, CsvError};
use super::plan;
use super::text::fold;
use super::validate::MAX_FIELD_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Number,
    Section,
    Title,
    Deadline,
    ExpectedResult,
    Progress,
    Organizations,
    DoneOn,
    /// The Russian title (`Title` is the Kyrgyz one). Last, so the tables in `Column::ALL`
    /// order only grew.
    TitleRu,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Number,
        Column::Section,
        Column::Title,
        Column::Deadline,
        Column::ExpectedResult,
        Column::Progress,
        Column::Organizations,
        Column::DoneOn,
        Column::TitleRu,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Column::Number => "number",
            Column::Section => "section",
            Column::Title => "title",
            Column::Deadline => "deadline",
            Column::ExpectedResult => "expected_result",
            Column::Progress => "progress",
            Column::Organizations => "organizations",
            Column::DoneOn => "done_on",
            Column::TitleRu => "title_ru",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Number => &["number", "no", "nr", "№", "номер", "номери", "пункт"],
            Column::Section => &["section", "бөлүм", "бөлүмү", "раздел"],
            Column::Title => &[
                "title",
                "title ky",
                "title kg",
                "measure",
                "иш чара",
                "иш чаралар",
                "аталышы",
                "иш чаранын аталышы",
                "иш чара кыргызча",
                "аталышы кыргызча",
            ],
            // A title column named in Russian holds the Russian title.
            Column::TitleRu => &[
                "title ru",
                "measure ru",
                "мероприятие",
                "мероприятия",
                "наименование",
                "наименование мероприятия",
                "иш чара орусча",
                "аталышы орусча",
            ],
            Column::Deadline => &[
                "deadline",
                "мөөнөт",
                "мөөнөтү",
                "аткаруу мөөнөтү",
                "срок",
                "срок исполнения",
            ],
            Column::ExpectedResult => &[
                "expected result",
                "result",
                "күтүлгөн натыйжа",
                "натыйжа",
                "ожидаемый результат",
                "результат",
            ],
            Column::Progress => &[
                "progress",
                "%",
                "progress %",
                "аткарылышы",
                "аткарылышы %",
                "прогресс",
                "выполнение",
                "выполнение %",
                "процент",
            ],
            Column::Organizations => &[
                "organizations",
                "responsible",
                "аткаруучулар",
                "аткаруучу",
                "жооптуулар",
                "жооптуу",
                "исполнители",
                "исполнитель",
                "ответственные",
                "ответственный",
            ],
            Column::DoneOn => &[
                "done on",
                "done",
                "done at",
                "аткарылган күнү",
                "аткарылды",
                "дата выполнения",
                "выполнено",
            ],
        }
    }

    /// The column a header cell names, if any.
    pub fn from_header(cell: &str) -> Option<Column> {
        let h = normalize(cell);
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().iter().any(|a| normalize(a) == h))
    }
}

/// Folded, with `_`, `-`, `,` and the like as spaces, spaces collapsed.
fn normalize(s: &str) -> String {
    let kept: String = fold(s)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' || c == '№' {
                c
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One data row, as read: `None` where the cell is empty (or the column absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub line: usize,
    pub number: String,
    pub section: Option<String>,
    /// The Kyrgyz title.
    pub title: Option<String>,
    pub title_ru: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub expected_result: Option<String>,
    pub progress: Option<i64>,
    pub organizations: Option<Vec<String>>,
    pub done_on: Option<NaiveDate>,
}

/// What is wrong with the file or with one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Csv(CsvError),
    Empty,
    NoNumberColumn,
    DuplicateColumn(Column),
    MissingNumber,
    BadNumber(String),
    DuplicateNumber {
        first_line: usize,
    },
    MissingTitle,
    BadDate {
        column: Column,
        value: String,
    },
    BadProgress(String),
    /// A done date with progress below 100.
    DoneNeedsFullProgress,
    DoneInFuture,
    TooLong(Column),
    ExtraFields,
    UnknownOrganization(String),
    AmbiguousOrganization(String),
}

/// A problem and the line of the file it is on (0 for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub problem: Problem,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: ", self.line)?;
        }
        match &self.problem {
            Problem::Csv(e) => write!(f, "{e}"),
            Problem::Empty => write!(f, "the file has no rows"),
            Problem::NoNumberColumn => write!(f, "no \"number\" column in the first line"),
            Problem::DuplicateColumn(c) => write!(f, "column \"{}\" appears twice", c.code()),
            Problem::MissingNumber => write!(f, "the measure number is empty"),
            Problem::BadNumber(v) => write!(f, "{v:?} is not a measure number such as 2.3"),
            Problem::DuplicateNumber { first_line } => {
                write!(f, "the same number is already on line {first_line}")
            }
            Problem::MissingTitle => write!(
                f,
                "a new measure needs a title: title (Kyrgyz), title_ru (Russian) or both"
            ),
            Problem::BadDate { column, value } => {
                write!(f, "{}: {value:?} is not a date (dd.mm.yyyy)", column.code())
            }
            Problem::BadProgress(v) => write!(f, "progress {v:?} is not a whole number 0–100"),
            Problem::DoneNeedsFullProgress => {
                write!(f, "a done date needs progress 100 (or empty)")
            }
            Problem::DoneInFuture => write!(f, "the done date is in the future"),
            Problem::TooLong(c) => write!(
                f,
                "{} is longer than {MAX_FIELD_CHARS} characters",
                c.code()
            ),
            Problem::ExtraFields => write!(f, "more fields than the first line has columns"),
            Problem::UnknownOrganization(n) => {
                write!(f, "no organization {n:?} in the directory")
            }
            Problem::AmbiguousOrganization(n) => {
                write!(f, "{n:?} names more than one organization")
            }
        }
    }
}

/// The rows of a file, or every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub rows: Vec<PlanRow>,
    /// Header cells that name no known column.
    pub ignored_columns: Vec<String>,
}

/// A date as spreadsheets write it: dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    super::date::parse(&s.replace('/', "."))
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .filter(|d| (1900..=2999).contains(&chrono::Datelike::year(d)))
}

fn parse_progress(s: &str) -> Option<i64> {
    let t = s.trim().trim_end_matches('%').trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|p| (0..=100).contains(p))
}

/// Read a file's bytes into rows; all problems of shape (not of what the database holds).
pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<RowError>> {
    let c = parse_all(bytes);
    if c.errors.is_empty() {
        Ok(Parsed {
            rows: c.rows,
            ignored_columns: c.ignored_columns,
        })
    } else {
        Err(c.errors)
    }
}

/// A whole file checked in one pass: every row that has a number (also those with other
/// problems, so they are checked against the database too), every problem in line order,
/// and the header cells ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checked {
    pub rows: Vec<PlanRow>,
    pub errors: Vec<RowError>,
    pub ignored_columns: Vec<String>,
}

/// Every problem of the file at once: of shape ([`parse_all`]) and against what the
/// database holds ([`resolve`]) for every row, so a second run finds nothing new.
pub fn check_all(bytes: &[u8], known: &Known, today: NaiveDate) -> Checked {
    let mut c = parse_all(bytes);
    for row in &c.rows {
        if let Err(mut e) = resolve(row, known, today) {
            c.errors.append(&mut e);
        }
    }
    // Stable: a line's problems keep the order they were found in.
    c.errors.sort_by_key(|e| e.line);
    c
}

/// [`parse`] that keeps the rows and the ignored columns along with the problems.
pub fn parse_all(bytes: &[u8]) -> Checked {
    match parse_rows(bytes) {
        Ok(c) => c,
        Err(errors) => Checked {
            errors,
            ..Checked::default()
        },
    }
}

/// The rows and problems; `Err` only when the file as a whole cannot be read.
fn parse_rows(bytes: &[u8]) -> Result<Checked, Vec<RowError>> {
    let file_error = |problem| vec![RowError { line: 0, problem }];
    let (_, records) = csv::parse(bytes).map_err(|e| {
        let line = match e {
            CsvError::UnclosedQuote(l) => l,
            CsvError::NotUtf8 => 0,
        };
        vec![RowError {
            line,
            problem: Problem::Csv(e),
        }]
    })?;
    let Some((header, data)) = records.split_first() else {
        return Err(file_error(Problem::Empty));
    };
    let mut columns: Vec<Option<Column>> = Vec::new();
    let mut ignored = Vec::new();
    let mut errors = Vec::new();
    for cell in &header.fields {
        let c = Column::from_header(cell);
        if let Some(c) = c
            && columns.contains(&Some(c))
        {
            errors.push(RowError {
                line: header.line,
                problem: Problem::DuplicateColumn(c),
            });
        }
        if c.is_none() && !cell.trim().is_empty() {
            ignored.push(cell.trim().to_string());
        }
        columns.push(c);
    }
    if !columns.contains(&Some(Column::Number)) {
        errors.push(RowError {
            line: header.line,
            problem: Problem::NoNumberColumn,
        });
    }
    if !errors.is_empty() {
        return Ok(Checked {
            errors,
            ignored_columns: ignored,
            ..Checked::default()
        });
    }
    if data.is_empty() {
        return Err(file_error(Problem::Empty));
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for rec in data {
        let line = rec.line;
        let mut bad = |problem| errors.push(RowError { line, problem });
        let cell = |c: Column| -> Option<&str> {
            let i = columns.iter().position(|x| *x == Some(c))?;
            rec.fields
                .get(i)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
        };
        if rec.fields.len() > columns.len()
            && rec.fields[columns.len()..]
                .iter()
                .any(|f| !f.trim().is_empty())
        {
            bad(Problem::ExtraFields);
        }
        for c in Column::ALL {
            if cell(c).is_some_and(|v| v.chars().count() > MAX_FIELD_CHARS) {
                bad(Problem::TooLong(c));
            }
        }
        let number = match cell(Column::Number).map(plan::parse_number) {
            None => {
                bad(Problem::MissingNumber);
                None
            }
            Some(Err(_)) => {
                bad(Problem::BadNumber(
                    cell(Column::Number).unwrap_or("").to_string(),
                ));
                None
            }
            Some(Ok(n)) => {
                if let Some(first) = seen.get(&n) {
                    bad(Problem::DuplicateNumber { first_line: *first });
                } else {
                    seen.insert(n.clone(), line);
                }
                Some(n)
            }
        };
        let mut date = |c: Column| match cell(c) {
            None => None,
            Some(v) => {
                let d = parse_date(v);
                if d.is_none() {
                    bad(Problem::BadDate {
                        column: c,
                        value: v.to_string(),
                    });
                }
                d
            }
        };
        let deadline = date(Column::Deadline);
        let done_on = date(Column::DoneOn);
        let progress = match cell(Column::Progress) {
            None => None,
            Some(v) => {
                let p = parse_progress(v);
                if p.is_none() {
                    bad(Problem::BadProgress(v.to_string()));
                }
                p
            }
        };
        if done_on.is_some() && progress.is_some_and(|p| p < 100) {
            bad(Problem::DoneNeedsFullProgress);
        }
        let organizations = cell(Column::Organizations).map(|v| {
            v.split([';', '|', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        });
        if let Some(number) = number {
            rows.push(PlanRow {
                line,
                number,
                section: cell(Column::Section).map(String::from),
                title: cell(Column::Title).map(String::from),
                title_ru: cell(Column::TitleRu).map(String::from),
                deadline,
                expected_result: cell(Column::ExpectedResult).map(String::from),
                progress,
                organizations,
                done_on,
            });
        }
    }
    Ok(Checked {
        rows,
        errors,
        ignored_columns: ignored,
    })
}

/// What the database already holds, for resolving rows: measures by number, organizations
/// by folded name (Kyrgyz and Russian, quotes ignored).
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub measures: HashMap<String, i64>,
    /// Folded name → the organizations bearing it.
    pub organizations: HashMap<String, Vec<i64>>,
}

/// An organization name as it is matched: folded, without quotes of any kind.
pub fn org_key(name: &str) -> String {
    let kept: String = fold(name)
        .chars()
        .filter(|c| !matches!(c, '"' | '«' | '»' | '“' | '”' | '„' | '\''))
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Known {
    pub fn add_organization(&mut self, id: i64, name: &str) {
        let key = org_key(name);
        if key.is_empty() {
            return;
        }
        let ids = self.organizations.entry(key).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
}

/// A row checked against the database: the measure it updates (if any) and the
/// organization ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub existing: Option<i64>,
    pub organizations: Option<Vec<i64>>,
}

/// Check a row against what the database holds; every problem of the row.
pub fn resolve(row: &PlanRow, known: &Known, today: NaiveDate) -> Result<Resolved, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut bad = |problem| {
        errors.push(RowError {
            line: row.line,
            problem,
        })
    };
    let existing = known.measures.get(&row.number).copied();
    if existing.is_none() && row.title.is_none() && row.title_ru.is_none() {
        bad(Problem::MissingTitle);
    }
    if row.done_on.is_some_and(|d| d > today) {
        bad(Problem::DoneInFuture);
    }
    let organizations = row.organizations.as_ref().map(|names| {
        let mut ids = Vec::new();
        for n in names {
            match known.organizations.get(&org_key(n)).map(Vec::as_slice) {
                Some([id]) => {
                    if !ids.contains(id) {
                        ids.push(*id)
                    }
                }
                Some([_, _, ..]) => bad(Problem::AmbiguousOrganization(n.clone())),
                _ => bad(Problem::UnknownOrganization(n.clone())),
            }
        }
        ids
    });
    if errors.is_empty() {
        Ok(Resolved {
            existing,
            organizations,
        })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse(s).unwrap()
    }

    #[test]
    fn headers_in_three_languages() {
        assert_eq!(Column::from_header(" № "), Some(Column::Number));
        assert_eq!(
            Column::from_header("Срок исполнения"),
            Some(Column::Deadline)
        );
        assert_eq!(
            Column::from_header("Иш-чаранын аталышы"),
            Some(Column::Title)
        );
        assert_eq!(
            Column::from_header("expected_result"),
            Some(Column::ExpectedResult)
        );
        assert_eq!(Column::from_header("Аткарылышы, %"), Some(Column::Progress));
        assert_eq!(Column::from_header("Примечание"), None);
    }

    #[test]
    fn good_file_reads_every_row() {
        let text = "\u{feff}Номер;Раздел;Мероприятие;Срок;Выполнение, %;Исполнители;Примечание\n\
                    1.1;Билим берүү;Wi-Fi;31.12.2026;40 %;\"№5 мектеп; Мэрия\";x\n\
                    1.2;;;2026-06-30;100;;\n";
        let p = parse(text.as_bytes()).unwrap();
        assert_eq!(p.ignored_columns, vec!["Примечание"]);
        assert_eq!(p.rows.len(), 2);
        let r = &p.rows[0];
        assert_eq!(
            (r.line, r.number.as_str(), r.progress, r.deadline),
            (2, "1.1", Some(40), Some(d("31.12.2026")))
        );
        assert_eq!(
            r.organizations,
            Some(vec!["№5 мектеп".into(), "Мэрия".into()])
        );
        // "Мероприятие" names the Russian title.
        assert_eq!(
            (r.title.clone(), r.title_ru.as_deref()),
            (None, Some("Wi-Fi"))
        );
        let r = &p.rows[1];
        assert_eq!((r.title.clone(), r.progress), (None, Some(100)));
        assert_eq!(r.title_ru, None);
        assert_eq!(r.deadline, Some(d("30.06.2026")));
    }

    #[test]
    fn an_old_file_with_one_title_column_still_imports_as_the_kyrgyz_title() {
        let p = parse(
            "number,title
1.1,Мектептерге интернет
"
            .as_bytes(),
        )
        .unwrap();
        let r = &p.rows[0];
        assert_eq!(r.title.as_deref(), Some("Мектептерге интернет"));
        assert_eq!(r.title_ru, None);
        assert!(p.ignored_columns.is_empty());
        let known = Known::default();
        let c = check_all(
            b"number,title
1.1,X
",
            &known,
            d("30.11.2026"),
        );
        assert!(c.errors.is_empty(), "{:?}", c.errors);
    }

    #[test]
    fn both_titles_read_from_their_columns_and_one_is_enough_for_a_new_measure() {
        assert_eq!(Column::from_header("title_ru"), Some(Column::TitleRu));
        assert_eq!(
            Column::from_header("Наименование мероприятия"),
            Some(Column::TitleRu)
        );
        assert_eq!(Column::from_header("Title_KY"), Some(Column::Title));
        let text = "number;title;title_ru
                    1.1;Мектептерге интернет;Интернет в школы
                    1.2;;Wi-Fi в парке
                    1.3;Паркта Wi-Fi;
                    1.4;;
";
        let known = Known::default();
        let c = check_all(text.as_bytes(), &known, d("30.11.2026"));
        let titles: Vec<(Option<&str>, Option<&str>)> = c
            .rows
            .iter()
            .map(|r| (r.title.as_deref(), r.title_ru.as_deref()))
            .collect();
        assert_eq!(
            titles,
            vec![
                (Some("Мектептерге интернет"), Some("Интернет в школы")),
                (None, Some("Wi-Fi в парке")),
                (Some("Паркта Wi-Fi"), None),
                (None, None),
            ]
        );
        // Only the row with neither title is bad, and the problem says which columns.
        assert_eq!(c.errors.len(), 1);
        assert_eq!(
            (c.errors[0].line, &c.errors[0].problem),
            (5, &Problem::MissingTitle)
        );
        assert!(c.errors[0].to_string().contains("title_ru"));
        // Two columns naming the Russian title: the second is refused.
        let e = parse(
            "number,title_ru,Мероприятие
1.1,A,B
"
            .as_bytes(),
        )
        .unwrap_err();
        assert_eq!(e[0].problem, Problem::DuplicateColumn(Column::TitleRu));
    }

    #[test]
    fn one_pass_reports_problems_of_shape_and_against_the_database_together() {
        // A bad date, a bad progress and a new measure without a title: all three at once
        // (before, the missing title came only on the next run, after the others were fixed).
        let text = "number,title,deadline,progress,Эскертүү\n\
                    1.1,,31.13.2026,,\n\
                    1.7,,,150,x\n";
        let mut known = Known::default();
        known.measures.insert("1.1".into(), 1);
        let c = check_all(text.as_bytes(), &known, d("30.11.2026"));
        let got: Vec<(usize, Problem)> =
            c.errors.into_iter().map(|e| (e.line, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (
                    2,
                    Problem::BadDate {
                        column: Column::Deadline,
                        value: "31.13.2026".into()
                    }
                ),
                (3, Problem::BadProgress("150".into())),
                (3, Problem::MissingTitle),
            ]
        );
        assert_eq!(c.ignored_columns, vec!["Эскертүү".to_string()]);
        // A good file: no problems, every row.
        let c = check_all(b"number,title\n1.8,New\n", &known, d("30.11.2026"));
        assert!(c.errors.is_empty());
        assert_eq!(c.rows.len(), 1);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "number,title,deadline,progress,done_on\n\
                    1.1,A,31.12.2026,40,\n\
                    x.1,B,,,\n\
                    ,C,,,\n\
                    1.1,D,,,\n\
                    1.4,E,31.02.2026,101,\n\
                    1.5,F,,50,01.01.2026\n\
                    1.6,G,,,,extra\n";
        let errs = parse(text.as_bytes()).unwrap_err();
        let got: Vec<(usize, Problem)> = errs.into_iter().map(|e| (e.line, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (3, Problem::BadNumber("x.1".into())),
                (4, Problem::MissingNumber),
                (5, Problem::DuplicateNumber { first_line: 2 }),
                (
                    6,
                    Problem::BadDate {
                        column: Column::Deadline,
                        value: "31.02.2026".into()
                    }
                ),
                (6, Problem::BadProgress("101".into())),
                (7, Problem::DoneNeedsFullProgress),
                (8, Problem::ExtraFields),
            ]
        );
        let e = parse(b"title;deadline\nA;01.01.2026\n").unwrap_err();
        assert_eq!(e[0].problem, Problem::NoNumberColumn);
        assert_eq!(
            e[0].to_string(),
            "line 1: no \"number\" column in the first line"
        );
        assert_eq!(parse(b"").unwrap_err()[0].problem, Problem::Empty);
        assert_eq!(parse(b"number\n").unwrap_err()[0].problem, Problem::Empty);
    }

    #[test]
    fn rows_resolve_against_the_database() {
        let mut known = Known::default();
        known.measures.insert("1.1".into(), 10);
        known.add_organization(1, "«Ынтымак» кондоминиуму");
        known.add_organization(2, "Мэрия");
        known.add_organization(3, "мэрия");
        let today = d("25.11.2026");
        let row = |number: &str, title: Option<&str>, orgs: &[&str]| PlanRow {
            line: 7,
            number: number.into(),
            section: None,
            title: title.map(String::from),
            title_ru: None,
            deadline: None,
            expected_result: None,
            progress: None,
            organizations: Some(orgs.iter().map(|s| s.to_string()).collect()),
            done_on: None,
        };
        assert_eq!(
            resolve(&row("1.1", None, &["ынтымак кондоминиуму"]), &known, today),
            Ok(Resolved {
                existing: Some(10),
                organizations: Some(vec![1])
            })
        );
        let errs = resolve(&row("9.9", None, &["Мэрия", "Жок"]), &known, today).unwrap_err();
        assert_eq!(
            errs.iter().map(|e| e.problem.clone()).collect::<Vec<_>>(),
            vec![
                Problem::MissingTitle,
                Problem::AmbiguousOrganization("Мэрия".into()),
                Problem::UnknownOrganization("Жок".into())
            ]
        );
        let mut future = row("1.1", None, &[]);
        future.done_on = Some(d("26.11.2026"));
        assert_eq!(
            resolve(&future, &known, today).unwrap_err()[0].problem,
            Problem::DoneInFuture
        );
    }
}
