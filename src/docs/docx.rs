//! [`Document`] → .docx (Office Open XML) with docx-rs.

use std::io::Cursor;

use std::io::{Read, Write};

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, PageMargin, PageNum, PageOrientationType,
    Paragraph, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableCell, TableLayoutType,
    TableRow, WidthType,
};

use super::{Align, Block, DocsError, Document, Run, clean};

const FONT: &str = "Times New Roman";
/// Font sizes in half-points.
const BODY_SIZE: usize = 28;
const TABLE_SIZE: usize = 24;
const SMALL_SIZE: usize = 20;
/// Estimated width of a character at the table size, in twips (Times New Roman 12 pt,
/// Cyrillic, generous), bold and plain, and the cell's left and right margins.
const BOLD_CHAR: usize = 140;
const BODY_CHAR: usize = 125;
const CELL_MARGINS: usize = 240;
/// A4 in twips (1/20 pt).
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
/// Margins of the standard records-management instruction: left 30 mm, right 15 mm,
/// top and bottom 20 mm.
const MARGIN_LEFT: u32 = 1701;
const MARGIN_RIGHT: u32 = 850;
const MARGIN_TOP_BOTTOM: u32 = 1134;
/// Paragraph first-line indent, 1.25 cm.
const INDENT: i32 = 709;
/// Deeper numbered items are indented no further.
const MAX_DEPTH: u8 = 5;

/// Render to the bytes of a .docx file: A4, Times New Roman 14 pt (12 pt in tables).
pub fn to_docx(doc: &Document) -> Result<Vec<u8>, DocsError> {
    let (width, height) = if doc.landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let text_width = width - MARGIN_LEFT - MARGIN_RIGHT;
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let mut docx = Docx::new()
        .page_size(width, height)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP_BOTTOM as i32)
                .bottom(MARGIN_TOP_BOTTOM as i32)
                .left(MARGIN_LEFT as i32)
                .right(MARGIN_RIGHT as i32)
                .header(709)
                .footer(709),
        )
        .default_fonts(fonts)
        .default_size(BODY_SIZE)
        .default_line_spacing(LineSpacing::new().before(0).after(0).line(240));
    if doc.landscape {
        docx = docx.page_orient(PageOrientationType::Landscape);
    }
    if doc.page_numbers {
        // Page 1 has an empty header of its own; the others the page number.
        let number = Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new());
        docx = docx
            .header(Header::new().add_paragraph(number))
            .first_header(Header::new().add_paragraph(Paragraph::new()))
            .title_pg();
    }

    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text, align } => {
                let p = Paragraph::new()
                    .add_run(run(text, true, false, None))
                    .align(alignment(*align))
                    .keep_next(true)
                    .outline_lvl(usize::from((*level).clamp(1, 9) - 1));
                docx = docx.add_paragraph(p);
            }
            Block::Paragraph { runs, align } => {
                let mut p = paragraph(runs).align(alignment(*align));
                // A bold line is a heading ("УГУЛДУ:"): never last on a page.
                if !runs.is_empty() && runs.iter().all(|r| r.bold) {
                    p = p.keep_next(true);
                }
                if *align == Align::Justify {
                    p = p.indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, None);
                }
                docx = docx.add_paragraph(p);
            }
            Block::NumberedItem {
                number,
                runs,
                indent,
            } => {
                // The official-paper habit: the number starts at the paragraph indent,
                // further lines go back to the margin.
                let first = INDENT * (1 + i32::from((*indent).min(MAX_DEPTH)));
                let heading = !runs.is_empty() && runs.iter().all(|r| r.bold);
                let p = Paragraph::new()
                    .add_run(run(
                        &format!("{} ", number.trim_end()),
                        heading,
                        false,
                        None,
                    ))
                    .align(AlignmentType::Both)
                    .keep_next(heading)
                    .indent(None, Some(SpecialIndentType::FirstLine(first)), None, None);
                docx =
                    docx.add_paragraph(runs.iter().fold(p, |p, r| p.add_run(model_run(r, None))));
            }
            Block::Table {
                header,
                rows,
                widths,
            } => {
                if let Some(table) = table(header, rows, widths, text_width) {
                    docx = docx.add_table(table);
                    // Two tables in a row would merge into one; keep them apart.
                    if matches!(doc.blocks.get(i + 1), Some(Block::Table { .. })) {
                        docx = docx.add_paragraph(Paragraph::new());
                    }
                }
            }
            Block::Signature { left, right } => {
                let p = Paragraph::new()
                    .add_tab(Tab::new().val(TabValueType::Right).pos(text_width as usize))
                    .keep_lines(true)
                    .add_run(run(left, false, false, None))
                    .add_run(docx_rs::Run::new().add_tab())
                    .add_run(run(right, false, false, None));
                docx = docx.add_paragraph(p);
            }
            Block::RightBlock { lines } => {
                // The block starts at 55 % of the text width, as an approval stamp does.
                let left = (text_width as i32) * 55 / 100;
                for (n, line) in lines.iter().enumerate() {
                    // "БЕКИТЕМИН" / "УТВЕРЖДАЮ" in bold; an addressee plain.
                    let stamp = n == 0 && !line.chars().any(char::is_lowercase);
                    let p = Paragraph::new()
                        .add_run(run(line, stamp, false, None))
                        .indent(Some(left), None, None, None)
                        .keep_next(n + 1 < lines.len());
                    docx = docx.add_paragraph(p);
                }
            }
            Block::SmallPrint { text } => {
                let p = Paragraph::new().add_run(run(text, false, false, Some(SMALL_SIZE)));
                docx = docx.add_paragraph(p);
            }
            Block::Spacer => docx = docx.add_paragraph(Paragraph::new()),
            Block::PageBreak => {
                docx = docx.add_paragraph(
                    Paragraph::new().add_run(docx_rs::Run::new().add_break(BreakType::Page)),
                )
            }
        }
    }

    let mut out = Cursor::new(Vec::new());
    docx.pack(&mut out)
        .map_err(|e| DocsError::Docx(e.to_string()))?;
    repeat_header_rows(&out.into_inner()).map_err(|e| DocsError::Docx(e.to_string()))
}

/// The marker docx-rs writes for a header row (it cannot write `w:tblHeader` itself).
const HEADER_ROW: &str = "<w:trPr><w:cantSplit /></w:trPr>";

/// Mark every table's header row as repeated on each page (`w:tblHeader`): the package is
/// copied with `word/document.xml` edited.
fn repeat_header_rows(docx: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index(i)?;
        if file.name() != "word/document.xml" {
            out.raw_copy_file(file)?;
            continue;
        }
        let name = file.name().to_string();
        let mut xml = String::new();
        let mut file = file;
        file.read_to_string(&mut xml)?;
        let xml = xml.replace(
            HEADER_ROW,
            "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>",
        );
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(name, options)?;
        out.write_all(xml.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

fn paragraph(runs: &[Run]) -> Paragraph {
    runs.iter()
        .fold(Paragraph::new(), |p, r| p.add_run(model_run(r, None)))
}

fn model_run(r: &Run, size: Option<usize>) -> docx_rs::Run {
    run(&r.text, r.bold, r.italic, size)
}

/// One docx run; `\n` becomes a line break and `\t` a tab.
fn run(text: &str, bold: bool, italic: bool, size: Option<usize>) -> docx_rs::Run {
    let mut r = docx_rs::Run::new();
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    if let Some(size) = size {
        r = r.size(size);
    }
    for (n, line) in clean(text).split('\n').enumerate() {
        if n > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        for (m, piece) in line.split('\t').enumerate() {
            if m > 0 {
                r = r.add_tab();
            }
            if !piece.is_empty() {
                r = r.add_text(piece);
            }
        }
    }
    r
}

/// A table's font size (half-points) and its columns' widths (twips), or `None` when it
/// has no columns.
pub(super) fn table_layout(
    header: &[String],
    rows: &[Vec<String>],
    widths: &[u32],
    text_width: u32,
) -> Option<(usize, Vec<usize>)> {
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    if columns == 0 {
        return None;
    }
    // Every column at least as wide as its longest word, so no header breaks mid-word.
    let words = |size: usize| -> Vec<usize> {
        (0..columns)
            .map(|i| {
                let longest = |cells: &[String], per: usize| {
                    cells.get(i).map_or(0, |t| {
                        t.split_whitespace()
                            .map(|w| w.chars().count() * per * size / TABLE_SIZE)
                            .max()
                            .unwrap_or(0)
                    })
                };
                let body = rows
                    .iter()
                    .map(|r| longest(r, BODY_CHAR))
                    .max()
                    .unwrap_or(0);
                longest(header, BOLD_CHAR).max(body) + CELL_MARGINS
            })
            .collect()
    };
    // The first size at which every column takes its longest word (a wide table of long
    // words, as Kyrgyz headers are, steps down to 8 and then 7 pt rather than run off the
    // page); the smallest when none does. The widths are generous estimates: below 12 pt a
    // tenth over the text width still fits.
    let sizes = [TABLE_SIZE, SMALL_SIZE, 16, 14];
    let (mut size, mut mins) = (TABLE_SIZE, words(TABLE_SIZE));
    for s in sizes {
        (size, mins) = (s, words(s));
        let allowed = if s == TABLE_SIZE {
            text_width as usize
        } else {
            text_width as usize * 11 / 10
        };
        if mins.iter().sum::<usize>() <= allowed {
            break;
        }
    }
    Some((size, fit(column_widths(widths, columns, text_width), &mins)))
}

/// A bordered table spanning the text width, or `None` when it has no columns.
fn table(
    header: &[String],
    rows: &[Vec<String>],
    widths: &[u32],
    text_width: u32,
) -> Option<Table> {
    let (size, grid) = table_layout(header, rows, widths, text_width)?;
    let row = |cells: &[String], bold: bool| {
        let cells = grid.iter().enumerate().map(|(i, &w)| {
            let text = cells.get(i).map_or("", String::as_str);
            // Figures are right-aligned, headers centred, text at the left.
            let align = if bold {
                AlignmentType::Center
            } else if is_number(text) {
                AlignmentType::Right
            } else {
                AlignmentType::Left
            };
            TableCell::new().width(w, WidthType::Dxa).add_paragraph(
                Paragraph::new()
                    .align(align)
                    .add_run(run(text, bold, false, Some(size))),
            )
        });
        TableRow::new(cells.collect())
    };
    let header_row = (!header.is_empty()).then(|| row(header, true).cant_split());
    let rows = header_row
        .into_iter()
        .chain(rows.iter().map(|r| row(r, false)))
        .collect();
    Some(
        Table::new(rows)
            .set_grid(grid.clone())
            .width(grid.iter().sum(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed),
    )
}

/// Raise columns below their minimum, taking the difference from the others' slack.
fn fit(mut grid: Vec<usize>, mins: &[usize]) -> Vec<usize> {
    let need: usize = grid
        .iter()
        .zip(mins)
        .map(|(g, m)| m.saturating_sub(*g))
        .sum();
    if need == 0 {
        return grid;
    }
    let slack: usize = grid
        .iter()
        .zip(mins)
        .map(|(g, m)| g.saturating_sub(*m))
        .sum();
    if slack == 0 {
        return grid;
    }
    let take = need.min(slack);
    for (g, m) in grid.iter_mut().zip(mins) {
        if *g < *m {
            *g = *m;
        } else {
            let spare = *g - *m;
            *g -= spare * take / slack;
        }
    }
    grid
}

/// "12", "-3", "85 %", "1 234", "12.5": a figure, right-aligned in a table.
fn is_number(text: &str) -> bool {
    let t = text.trim().trim_end_matches('%').trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | ',' | ' ' | '\u{a0}'))
        && !t.contains("..")
        && t.matches('.').count() < 2
}

/// Split `text_width` twips in proportion to `widths`; missing or zero entries
/// get the mean of the others (equal columns when none is given).
fn column_widths(widths: &[u32], columns: usize, text_width: u32) -> Vec<usize> {
    let given: Vec<u64> = widths
        .iter()
        .take(columns)
        .map(|&w| u64::from(w))
        .filter(|&w| w > 0)
        .collect();
    let mean = if given.is_empty() {
        1
    } else {
        (given.iter().sum::<u64>() / given.len() as u64).max(1)
    };
    let weights: Vec<u64> = (0..columns)
        .map(|i| {
            widths
                .get(i)
                .map(|&w| u64::from(w))
                .filter(|&w| w > 0)
                .unwrap_or(mean)
        })
        .collect();
    let total: u64 = weights.iter().sum();
    weights
        .iter()
        .map(|w| (u64::from(text_width) * w / total).max(1) as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// The monthly report's trend table (ten columns) in every language: within the A4 text
    /// width of the report, each column as wide as its header's longest word at the size
    /// chosen (Kyrgyz headers set at 10 pt ran off the page's right edge).
    #[test]
    fn the_trend_table_fits_the_page_in_every_language() {
        let text_width = 9355;
        for lang in Lang::ALL {
            let header: Vec<String> = crate::i18n::trend::strings(lang)
                .cols
                .iter()
                .map(|c| c.to_string())
                .collect();
            let rows = vec![
                [
                    "10.2026", "1234", "999", "99", "1234", "123", "100", "2", "12", "9",
                ]
                .map(String::from)
                .to_vec(),
            ];
            let widths = [3, 2, 3, 2, 3, 3, 3, 3, 3, 3];
            let (size, grid) = table_layout(&header, &rows, &widths, text_width).unwrap();
            assert!(
                grid.iter().sum::<usize>() <= text_width as usize * 11 / 10,
                "{lang:?}: {grid:?}"
            );
            for (h, w) in header.iter().zip(&grid) {
                let longest = h
                    .split_whitespace()
                    .map(|x| x.chars().count())
                    .max()
                    .unwrap();
                let need = longest * BOLD_CHAR * size / TABLE_SIZE + CELL_MARGINS;
                assert!(*w >= need, "{lang:?} {h}: {w} < {need} at {size}");
            }
        }
    }
}
