//! Helpers for tests (unit and integration) that check a rendered .docx.
//! They panic on a file that is not a .docx: that is a failed test.

use std::io::{Cursor, Read};

/// The raw `word/document.xml` of a .docx.
pub fn document_xml(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("not a zip archive");
    let mut part = archive
        .by_name("word/document.xml")
        .expect("no word/document.xml");
    let mut xml = String::new();
    part.read_to_string(&mut xml)
        .expect("word/document.xml is not UTF-8");
    xml
}

/// The visible text of a .docx: one line per paragraph (table cells are
/// paragraphs too), line breaks as `\n`, tabs as `\t`, entities unescaped.
pub fn docx_text(docx: &[u8]) -> String {
    xml_text(&document_xml(docx))
}

fn xml_text(xml: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let (mut in_text, mut in_props) = (false, 0usize);
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        if in_text {
            current.push_str(&unescape(&rest[..lt]));
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let empty = tag.ends_with('/');
        let name = tag
            .trim_end_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        match name {
            // Paragraph and run properties hold tab stops, not text.
            "w:pPr" | "w:rPr" if !empty => in_props += 1,
            "/w:pPr" | "/w:rPr" => in_props = in_props.saturating_sub(1),
            _ if in_props > 0 => {}
            "w:t" => in_text = !empty,
            "/w:t" => in_text = false,
            "w:tab" => current.push('\t'),
            "w:br" if !tag.contains("\"page\"") => current.push('\n'),
            "w:cr" => current.push('\n'),
            "w:p" if empty => paragraphs.push(String::new()),
            "/w:p" => paragraphs.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    paragraphs.join("\n")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else { break };
        let entity = &rest[1..semi];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
