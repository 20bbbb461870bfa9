//! A small CSV reader for what office spreadsheets save: UTF-8 with or without a byte-order
//! mark, `;` or `,` (or tab) between fields — found from the header line —, fields in double
//! quotes that may hold the separator, `""` for a quote, and line breaks; `\r\n` or `\n`.
//! Never panics; an unclosed quote is an error naming the line where the field began.

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

fn split(text: &str, sep: char) -> Result<Vec<Record>, CsvError> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut record_line = 1usize;
    let mut quoted = false;
    let mut quote_line = 1usize;
    // Was the current field quoted (so an empty "" still counts as a field)?
    let mut touched = false;
    let mut chars = text.chars().peekable();
    let end_record = |fields: &mut Vec<String>,
                      field: &mut String,
                      touched: &mut bool,
                      records: &mut Vec<Record>,
                      at: usize| {
        fields.push(std::mem::take(field));
        let blank = fields.len() == 1 && fields[0].is_empty() && !*touched;
        if !blank {
            records.push(Record {
                line: at,
                fields: std::mem::take(fields),
            });
        } else {
            fields.clear();
        }
        *touched = false;
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                touched = true;
                quote_line = line;
            }
            c if c == sep => {
                fields.push(std::mem::take(&mut field));
                touched = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                end_record(
                    &mut fields,
                    &mut field,
                    &mut touched,
                    &mut records,
                    record_line,
                );
                line += 1;
                record_line = line;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(CsvError::UnclosedQuote(quote_line));
    }
    if !field.is_empty() || !fields.is_empty() || touched {
        end_record(
            &mut fields,
            &mut field,
            &mut touched,
            &mut records,
            record_line,
        );
    }
    Ok(records)
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
