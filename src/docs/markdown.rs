//! [`Document`] → Markdown (CommonMark with GitHub pipe tables).

use super::{Block, Document, Run, clean};

/// Blocks are separated by a blank line; alignment and spacers are not rendered,
/// a page break becomes `---`.
pub fn to_markdown(doc: &Document) -> String {
    let parts: Vec<String> = doc.blocks.iter().filter_map(block).collect();
    if parts.is_empty() {
        String::new()
    } else {
        parts.join("\n\n") + "\n"
    }
}

fn block(block: &Block) -> Option<String> {
    Some(match block {
        Block::Heading { level, text, .. } => {
            let text = clean(text).split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{} {text}", "#".repeat(usize::from((*level).clamp(1, 6))))
        }
        Block::Paragraph { runs, .. } => runs_text(runs),
        Block::NumberedItem { number, runs, .. } => {
            format!("{} {}", clean(number).trim(), runs_text(runs))
        }
        Block::Table { header, rows, .. } => table(header, rows)?,
        Block::Signature { left, right } => {
            let (left, right) = (hard_breaks(&clean(left)), hard_breaks(&clean(right)));
            match (left.trim().is_empty(), right.trim().is_empty()) {
                (true, true) => return None,
                (false, true) => left,
                (true, false) => right,
                (false, false) => format!("{left} ____________ {right}"),
            }
        }
        Block::RightBlock { lines } => lines
            .iter()
            .map(|l| format!("> {}", clean(l)))
            .collect::<Vec<_>>()
            .join("\\\n"),
        Block::SmallPrint { text } => format!("<small>{}</small>", hard_breaks(&clean(text))),
        Block::Spacer => return None,
        Block::PageBreak => "---".to_owned(),
    })
}

fn runs_text(runs: &[Run]) -> String {
    let text: String = runs.iter().map(run).collect();
    hard_breaks(&text)
}

/// Emphasis markers go around the text, not its surrounding spaces
/// (`** x**` would not render as bold).
fn run(r: &Run) -> String {
    let text = clean(&r.text);
    let core = text.trim();
    let marks = match (r.bold, r.italic) {
        _ if core.is_empty() => "",
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    };
    let start = text.len() - text.trim_start().len();
    let end = start + core.len();
    format!("{}{marks}{core}{marks}{}", &text[..start], &text[end..])
}

/// A line break inside a paragraph: backslash before the newline.
fn hard_breaks(text: &str) -> String {
    text.replace('\n', "\\\n")
}

fn table(header: &[String], rows: &[Vec<String>]) -> Option<String> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return None;
    }
    let line = |cells: &[String]| {
        let cells: Vec<String> = (0..columns)
            .map(|i| cell(cells.get(i).map_or("", String::as_str)))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(header), format!("|{}", " --- |".repeat(columns))];
    out.extend(rows.iter().map(|r| line(r)));
    Some(out.join("\n"))
}

fn cell(text: &str) -> String {
    let text = clean(text);
    let lines: Vec<&str> = text.trim().lines().map(str::trim).collect();
    lines.join("<br>").replace('|', "\\|")
}
