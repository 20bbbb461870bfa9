use super::testing::{document_xml, docx_text};
use super::*;
use proptest::prelude::*;

/// An agenda-like paper in both languages, with everything the model has.
fn sample() -> Document {
    Document::new()
        .heading(1, "КҮН ТАРТИБИ / ПОВЕСТКА ДНЯ")
        .heading(
            2,
            "Токмок шаардык штабынын отуруму\nзаседание городского штаба",
        )
        .para("Өткөрүлүүчү күнү: 25.11.2026, саат 10:00. Дата: 25.11.2026 & «Мой Город» <2026>")
        .bold_para("УГУЛДУ / СЛУШАЛИ:")
        .item("1.", "Мектептерди интернетке туташтыруу жөнүндө (ңөү ҢӨҮ)")
        .item_runs(
            "1.1.",
            vec![
                Run::plain("Баяндамачы: "),
                Run::bold("А. Асанов"),
                Run::italic(" (мэрия)"),
            ],
            1,
        )
        .item("2.", "Об электронной очереди в мэрии")
        .spacer()
        .table_with_widths(
            ["№", "Иш-чара / Мероприятие", "Аткаруучу | Исполнитель"],
            vec![
                vec!["1".into(), "Wi-Fi в парках".into(), "Түндүк".into()],
                vec![
                    "2".into(),
                    "Санариптик сабаттуулук\nкурстары".into(),
                    "ТЖМЭШ".into(),
                ],
            ],
            vec![1, 6, 3],
        )
        .signature("Төрага", "А. Асанов")
        .page_break()
        .para("Катчы / Секретарь")
}

#[test]
fn docx_holds_every_text_table_and_bold_header() {
    let bytes = to_docx(&sample()).unwrap();
    let text = docx_text(&bytes);
    for needle in [
        "КҮН ТАРТИБИ / ПОВЕСТКА ДНЯ",
        "Токмок шаардык штабынын отуруму\nзаседание городского штаба",
        "25.11.2026 & «Мой Город» <2026>",
        "УГУЛДУ / СЛУШАЛИ:",
        "1. Мектептерди интернетке туташтыруу жөнүндө (ңөү ҢӨҮ)",
        "1.1. Баяндамачы: А. Асанов (мэрия)",
        "2. Об электронной очереди в мэрии",
        "Аткаруучу | Исполнитель",
        "Санариптик сабаттуулук\nкурстары",
        "Төрага\tА. Асанов",
        "Катчы / Секретарь",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let xml = document_xml(&bytes);
    assert!(xml.contains("&amp; «Мой Город» &lt;2026&gt;"));
    assert_eq!(xml.matches("<w:tbl>").count(), 1);
    assert_eq!(xml.matches("<w:tr>").count(), 3, "header + 2 rows");
    // The header row's runs are bold, the body rows' are not.
    let rows: Vec<&str> = xml.split("<w:tr>").skip(1).collect();
    assert!(
        rows[0].contains("<w:b />") || rows[0].contains("<w:b/>"),
        "{}",
        rows[0]
    );
    assert!(!rows[1].contains("<w:b"));
    assert!(xml.contains(r#"w:type="page""#));
    assert!(
        xml.contains("Times New Roman")
            || document_part(&bytes, "word/styles.xml").contains("Times New Roman")
    );
}

fn document_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn page_setup_is_a4_and_landscape_turns_it() {
    let portrait = document_xml(&to_docx(&Document::new().para("x")).unwrap());
    assert!(
        portrait.contains(r#"w:w="11906" w:h="16838""#),
        "{portrait}"
    );
    let landscape = document_xml(&to_docx(&Document::new().landscape(true).para("x")).unwrap());
    assert!(landscape.contains(r#"w:w="16838" w:h="11906""#));
    assert!(landscape.contains("landscape"));
}

#[test]
fn markdown_small_case_exact() {
    let doc = Document::new()
        .heading(1, "ПОВЕСТКА ДНЯ")
        .para("Дата: 25.11.2026\nсаат 10:00")
        .runs(
            vec![Run::bold("УГУЛДУ: "), Run::plain("А. Асанов")],
            Align::Left,
        )
        .spacer()
        .item("1.", "Интернет в школах")
        .table(
            ["№", "a|b"],
            vec![vec!["1".into(), "x\ny".into(), "extra".into()], vec![]],
        )
        .signature("Төрага", "А. Асанов")
        .page_break();
    assert_eq!(
        to_markdown(&doc),
        "# ПОВЕСТКА ДНЯ\n\n\
         Дата: 25.11.2026\\\nсаат 10:00\n\n\
         **УГУЛДУ:** А. Асанов\n\n\
         1. Интернет в школах\n\n\
         | № | a\\|b |  |\n\
         | --- | --- | --- |\n\
         | 1 | x<br>y | extra |\n\
         |  |  |  |\n\n\
         Төрага ____________ А. Асанов\n\n\
         ---\n"
    );
    assert_eq!(to_markdown(&Document::new()), "");
}

#[test]
fn odd_input_never_panics_and_stays_valid_xml() {
    let nasty = "a\u{1}b\u{0}c\u{8}\u{b}\u{c}\u{1f}d\u{FFFE}\u{FFFF}e\r\nf\rg\t<&>\"'";
    let long = "Узун текст ".repeat(20_000);
    let doc = Document::new()
        .heading(0, nasty)
        .heading(200, "")
        .para(nasty)
        .runs(vec![], Align::Right)
        .item("", "")
        .item_runs(nasty, vec![Run::plain(nasty)], u8::MAX)
        .table(Vec::<String>::new(), vec![])
        .table(
            Vec::<String>::new(),
            vec![vec![], vec!["only".into()], vec![]],
        )
        .table(
            ["a", "b", "c"],
            vec![
                vec!["1".into()],
                vec!["1".into(), "2".into(), "3".into(), "4".into()],
            ],
        )
        .table_with_widths(["x", "y"], vec![], vec![0, u32::MAX, 7])
        .signature("", "")
        .signature(nasty, nasty)
        .para(long.clone());
    let bytes = to_docx(&doc).unwrap();
    let xml = document_xml(&bytes);
    assert!(
        !xml.chars()
            .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}'),
        "forbidden character in document.xml"
    );
    assert_balanced(&xml);
    let text = docx_text(&bytes);
    assert!(text.contains("abcde\nf\ng\t<&>\"'"), "{}", &text[..200]);
    assert!(text.contains(long.trim_end()));
    // Three tables have columns; the empty one is left out.
    assert_eq!(xml.matches("<w:tbl>").count(), 3);
    let md = to_markdown(&doc);
    assert!(!md.contains('\u{1}') && md.contains("| a | b | c |  |"));
    assert!(to_docx(&Document::new()).is_ok());
}

/// A light well-formedness check: every start tag is closed in order.
fn assert_balanced(xml: &str) {
    let mut stack = Vec::new();
    for tag in xml
        .split('<')
        .skip(1)
        .map(|t| &t[..t.find('>').expect("unclosed <")])
    {
        if tag.starts_with('?') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        match name.strip_prefix('/') {
            Some(end) => assert_eq!(stack.pop(), Some(end), "mismatched </{end}>"),
            None => stack.push(name),
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn format_from_path_or_name() {
    use Format::*;
    for (s, f) in [
        ("docx", Docx),
        ("WORD", Docx),
        ("out/Күн тартиби.DOCX", Docx),
        ("md", Markdown),
        ("x.markdown", Markdown),
    ] {
        assert_eq!(Format::from_path_or_name(s).unwrap(), f, "{s}");
    }
    assert!(matches!(
        Format::from_path_or_name("report.pdf"),
        Err(DocsError::UnknownFormat(_))
    ));
    assert!(Format::from_path_or_name("").is_err());
}

#[test]
fn write_is_atomic_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("күн тартиби.docx");
    let md = dir.path().join("agenda.md");
    write(&sample(), Format::Docx, &docx).unwrap();
    write(&sample(), Format::Markdown, &md).unwrap();
    // Overwriting an existing file works too.
    write(&Document::new().para("жаңы"), Format::Markdown, &md).unwrap();
    assert!(docx_text(&std::fs::read(&docx).unwrap()).contains("ПОВЕСТКА ДНЯ"));
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "жаңы\n");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let missing = dir.path().join("no/such/folder/x.md");
    let err = write(&sample(), Format::Markdown, &missing).unwrap_err();
    assert!(matches!(err, DocsError::Io { .. }), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    /// Any text comes back from the .docx exactly as `clean` leaves it.
    #[test]
    fn any_text_round_trips(s in "\\PC*|[\\x00-\\x20ңөүҢӨҮ<>&\"'\r\n\t]{0,40}") {
        let bytes = to_docx(&Document::new().para(s.clone()).table([s.clone()], vec![vec![s.clone()]])).unwrap();
        let expected = clean(&s).into_owned();
        prop_assert_eq!(docx_text(&bytes), format!("{expected}\n{expected}\n{expected}"));
    }
}
