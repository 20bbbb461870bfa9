//! CSV as office spreadsheets save it, read and written through the `csv` crate: UTF-8
//! with or without a byte-order mark, `;` or `,` (or tab) between fields — found from the
//! header line —, fields in double quotes that may hold the separator, `""` for a quote, and
//! line breaks; `\r\n` or `\n`. Never panics; an unclosed quote is an error naming the line
//! where the field began (the crate itself would end it at the end of the file).

/// One record and the line of the file it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is not UTF-8 text (in Excel: Save As → \"CSV UTF-8\")")]
    NotUtf8,
    #[error("line {0}: a quoted field is not closed")]
    UnclosedQuote(usize),
}

/// The separator the header line uses most (outside quotes): `;`, `,` or tab; `;` when
/// there is none or a tie with `,` (what Excel writes under a Russian or Kyrgyz locale).
pub fn detect_separator(text: &str) -> char {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    if counts[2] > counts[0] && counts[2] > counts[1] {
        '\t'
    } else if counts[1] > counts[0] {
        ','
    } else {
        ';'
    }
}

/// Decode the bytes (dropping a BOM) and split them into records. Blank lines are skipped.
pub fn parse(bytes: &[u8]) -> Result<(char, Vec<Record>), CsvError> {
    let text = std::str::from_utf8(bytes).map_err(|_| CsvError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = detect_separator(text);
    Ok((sep, split(text, sep)?))
}

/// The records through the `csv` crate, each with the line it starts on.
fn split(text: &str, sep: char) -> Result<Vec<Record>, CsvError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(sep as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let bytes = text.as_bytes();
    let mut records = Vec::new();
    let mut last_start = 0;
    // Lines counted here: after a CRLF the crate places the next record at its `\n`.
    let (mut counted_to, mut line) = (0, 1);
    for r in reader.records() {
        // The text is whole UTF-8 and the reader flexible: an error here is not expected.
        let r = r.map_err(|_| CsvError::NotUtf8)?;
        let mut start = r.position().map_or(0, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        line += line_breaks(bytes, counted_to, start);
        counted_to = start;
        last_start = start;
        records.push(Record {
            line,
            // A line break inside a field reads as `\n`, as the old reader gave it.
            fields: r.iter().map(|f| f.replace("\r\n", "\n")).collect(),
        });
    }
    // The crate ends an unclosed quote at the end of the file; the user is told instead.
    if let Some(last) = records.last()
        && let Some(at) = unclosed_quote(&text.as_bytes()[last_start..], sep as u8)
    {
        let newlines = line_breaks(bytes, last_start, last_start + at);
        return Err(CsvError::UnclosedQuote(last.line + newlines));
    }
    Ok(records)
}

/// The line ends in `bytes[from..to]`: LF, CRLF (one) and a lone CR, as the crate reads them.
fn line_breaks(bytes: &[u8], from: usize, to: usize) -> usize {
    (from..to)
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Where a quoted field opens and is never closed in one record's text (the quote's byte
/// offset), reading quotes as the crate does: one opens a field only at its start.
fn unclosed_quote(text: &[u8], sep: u8) -> Option<usize> {
    let mut quoted_at: Option<usize> = None;
    let mut field_start = true;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        match quoted_at {
            Some(_) if b == b'"' && text.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => quoted_at = None,
            Some(_) => {}
            None if b == b'"' && field_start => quoted_at = Some(i),
            None if b == b'\n' || b == b'\r' => return None,
            None => {}
        }
        field_start = quoted_at.is_none() && (b == sep || b == b'\n' || b == b'\r');
        i += 1;
    }
    quoted_at
}

/// Records as CSV text through the `csv` crate: `sep` between fields, CRLF or LF after
/// each record, a field quoted only when it holds the separator, a quote or a line break.
pub fn write<R, F>(records: R, sep: u8, crlf: bool) -> Result<String, ::csv::Error>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let terminator = if crlf {
        ::csv::Terminator::CRLF
    } else {
        ::csv::Terminator::Any(b'\n')
    };
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(sep)
        .terminator(terminator)
        .flexible(true)
        .from_writer(Vec::new());
    for r in records {
        w.write_record(r)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    // Only whole UTF-8 fields went in, so this never fails; said as an error all the same.
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lone CR ends a line as LF and CRLF do (old Mac files; a proptest found it).
    #[test]
    fn every_kind_of_line_end_counts_one_line() {
        let (_, recs) = parse(b"a;b\r1;x\n2;y\r\n3;z").unwrap();
        let lines: Vec<usize> = recs.iter().map(|r| r.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    fn rows(text: &str) -> Vec<(usize, Vec<&str>)> {
        // Leak for brevity in tests.
        let (_, recs) = parse(text.as_bytes()).unwrap();
        recs.into_iter()
            .map(|r| {
                (
                    r.line,
                    r.fields
                        .into_iter()
                        .map(|f| &*Box::leak(f.into_boxed_str()))
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn semicolons_commas_quotes_and_bom() {
        assert_eq!(detect_separator("a;b;c\n1,2;3"), ';');
        assert_eq!(detect_separator("a,b,c\n"), ',');
        assert_eq!(detect_separator("\"a;b\",c\n"), ',');
        assert_eq!(detect_separator("a\tb"), '\t');
        assert_eq!(detect_separator("a"), ';');
        assert_eq!(
            rows("\u{feff}№;Аталышы\r\n1.1;\"Wi-Fi; паркта\"\r\n"),
            vec![(1, vec!["№", "Аталышы"]), (2, vec!["1.1", "Wi-Fi; паркта"])]
        );
        assert_eq!(
            rows("a,b\n\n\"x \"\"y\"\"\nz\",\n3,4"),
            vec![
                (1, vec!["a", "b"]),
                (3, vec!["x \"y\"\nz", ""]),
                (5, vec!["3", "4"])
            ]
        );
        assert_eq!(
            rows("a;b\n\"\"\n"),
            vec![(1, vec!["a", "b"]), (2, vec![""])]
        );
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            parse("a;b\n1;\"open\n\n".as_bytes()),
            Err(CsvError::UnclosedQuote(2))
        );
        assert_eq!(parse(&[0xd0, 0x9f, 0xff]), Err(CsvError::NotUtf8));
        assert_eq!(
            parse("a;b\r\n1;2\r\n3;\"x\r\ny".as_bytes()),
            Err(CsvError::UnclosedQuote(3))
        );
        // A quote inside an unquoted field is a character, not an opening.
        let (_, recs) = parse("a;b\n1;x\"y\n".as_bytes()).unwrap();
        assert_eq!(recs[1].fields, vec!["1", "x\"y"]);
    }

    #[test]
    fn a_quoted_field_holds_the_separator_a_line_break_and_a_quote() {
        let tricky = "Wi-Fi; \"Токмок\"\r\nпаркта";
        let text = write([vec!["№", "Аталышы"], vec!["1.1", tricky]], b';', true).unwrap();
        assert_eq!(
            text,
            "№;Аталышы\r\n1.1;\"Wi-Fi; \"\"Токмок\"\"\r\nпаркта\"\r\n"
        );
        let (sep, recs) = parse(text.as_bytes()).unwrap();
        assert_eq!(sep, ';');
        assert_eq!(recs[1].line, 2);
        assert_eq!(recs[1].fields, vec!["1.1", "Wi-Fi; \"Токмок\"\nпаркта"]);
        let lf = write([["a,b", "c"]], b',', false).unwrap();
        assert_eq!(lf, "\"a,b\",c\n");
    }
}
