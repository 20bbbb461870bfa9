//! Official papers (agenda, protocol and extract, letters, monthly report) as one
//! format-neutral [`Document`], rendered to `.docx` ([`to_docx`]) or Markdown
//! ([`to_markdown`]) and saved with [`write`].
//!
//! A feature only maps its data to blocks; page setup, fonts and escaping live here.
//! Text may hold `\n` (kept as a line break) and `\t`; characters that XML 1.0 forbids
//! are dropped, so no input makes a broken file.

pub mod agenda;
mod docx;
pub mod letters;
mod markdown;
pub mod protocol;
pub mod report;
pub mod testing;
pub mod trend;

use std::borrow::Cow;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub use docx::to_docx;
pub use markdown::to_markdown;

/// A paper: blocks from top to bottom, on A4 portrait (or landscape, for wide tables).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
    pub landscape: bool,
    /// Page numbers at the top centre, from page 2 (the records-management habit).
    pub page_numbers: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Level 1 is the title; rendered bold.
    Heading {
        level: u8,
        text: String,
        align: Align,
    },
    /// In .docx a justified paragraph gets the usual 1.25 cm first-line indent.
    Paragraph {
        runs: Vec<Run>,
        align: Align,
    },
    /// `number` is printed as given ("1.", "1.2."); `indent` is the nesting depth.
    NumberedItem {
        number: String,
        runs: Vec<Run>,
        indent: u8,
    },
    /// `widths` are relative column widths; empty (or wrong length) means equal.
    /// Rows may be ragged: short rows are padded with empty cells.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        widths: Vec<u32>,
    },
    /// `left` at the margin, `right` flush right on the same line: "Төрага ... А. Асанов".
    Signature {
        left: String,
        right: String,
    },
    /// Lines in a block at the right of the page, left-aligned inside it: an approval
    /// ("БЕКИТЕМИН / position / name / date").
    RightBlock {
        lines: Vec<String>,
    },
    /// Small print (10 pt) at the left: the executor and phone under a report.
    SmallPrint {
        text: String,
    },
    /// An empty line.
    Spacer,
    PageBreak,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }
    pub fn bold(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: true,
            italic: false,
        }
    }
    pub fn italic(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
            italic: true,
        }
    }
}

impl Document {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn landscape(mut self, landscape: bool) -> Self {
        self.landscape = landscape;
        self
    }
    pub fn numbered_pages(mut self) -> Self {
        self.page_numbers = true;
        self
    }
    pub fn right_block<S: Into<String>>(self, lines: impl IntoIterator<Item = S>) -> Self {
        self.push(Block::RightBlock {
            lines: lines.into_iter().map(Into::into).collect(),
        })
    }
    pub fn small(self, text: impl Into<String>) -> Self {
        self.push(Block::SmallPrint { text: text.into() })
    }
    pub fn push(mut self, block: Block) -> Self {
        self.blocks.push(block);
        self
    }
    /// A centered heading.
    pub fn heading(self, level: u8, text: impl Into<String>) -> Self {
        self.push(Block::Heading {
            level,
            text: text.into(),
            align: Align::Center,
        })
    }
    /// A justified paragraph of plain text.
    pub fn para(self, text: impl Into<String>) -> Self {
        self.runs(vec![Run::plain(text)], Align::Justify)
    }
    /// A left-aligned plain paragraph (no first-line indent).
    pub fn para_left(self, text: impl Into<String>) -> Self {
        self.runs(vec![Run::plain(text)], Align::Left)
    }
    /// A left-aligned bold paragraph, e.g. "УГУЛДУ:" / "СЛУШАЛИ:".
    pub fn bold_para(self, text: impl Into<String>) -> Self {
        self.runs(vec![Run::bold(text)], Align::Left)
    }
    /// A paragraph of mixed runs.
    pub fn runs(self, runs: Vec<Run>, align: Align) -> Self {
        self.push(Block::Paragraph { runs, align })
    }
    pub fn item(self, number: impl Into<String>, text: impl Into<String>) -> Self {
        self.item_runs(number, vec![Run::plain(text)], 0)
    }
    pub fn item_runs(self, number: impl Into<String>, runs: Vec<Run>, indent: u8) -> Self {
        self.push(Block::NumberedItem {
            number: number.into(),
            runs,
            indent,
        })
    }
    /// A table with equal column widths.
    pub fn table<S: Into<String>>(
        self,
        header: impl IntoIterator<Item = S>,
        rows: Vec<Vec<String>>,
    ) -> Self {
        self.table_with_widths(header, rows, Vec::new())
    }
    pub fn table_with_widths<S: Into<String>>(
        self,
        header: impl IntoIterator<Item = S>,
        rows: Vec<Vec<String>>,
        widths: Vec<u32>,
    ) -> Self {
        let header = header.into_iter().map(Into::into).collect();
        self.push(Block::Table {
            header,
            rows,
            widths,
        })
    }
    pub fn signature(self, left: impl Into<String>, right: impl Into<String>) -> Self {
        self.push(Block::Signature {
            left: left.into(),
            right: right.into(),
        })
    }
    pub fn spacer(self) -> Self {
        self.push(Block::Spacer)
    }
    pub fn page_break(self) -> Self {
        self.push(Block::PageBreak)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("cannot build the .docx file: {0}")]
    Docx(String),
    #[error("cannot build the .xlsx file: {0}")]
    Xlsx(String),
    #[error("unknown document format {0:?}: expected docx or md")]
    UnknownFormat(String),
    #[error("{0} exists already; it was not overwritten: give another name")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Markdown,
}

impl Format {
    /// From a format name ("docx", "word", "md", "markdown") or a file name
    /// ending in `.docx` / `.md` / `.markdown`; case does not matter.
    pub fn from_path_or_name(s: &str) -> Result<Self, DocsError> {
        let lower = s.trim().to_lowercase();
        let ext = Path::new(&lower).extension().and_then(|e| e.to_str());
        match ext.unwrap_or(lower.as_str()) {
            "docx" | "word" => Ok(Format::Docx),
            "md" | "markdown" => Ok(Format::Markdown),
            _ => Err(DocsError::UnknownFormat(s.to_owned())),
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Markdown => "md",
        }
    }
    pub fn render(self, doc: &Document) -> Result<Vec<u8>, DocsError> {
        match self {
            Format::Docx => to_docx(doc),
            Format::Markdown => Ok(to_markdown(doc).into_bytes()),
        }
    }
}

/// Render `doc` and save it at `path` atomically: a temporary file in the same
/// folder is written, flushed to disk and renamed over `path`, so a power cut
/// leaves either the old file or the new one, never half of one.
pub fn write(doc: &Document, format: Format, path: &Path) -> Result<(), DocsError> {
    let bytes = format.render(doc)?;
    write_atomic(path, &bytes).map_err(|source| DocsError::Io {
        path: path.to_owned(),
        source,
    })
}

/// As [`write`], but never over an existing file: it is refused ([`DocsError::Exists`]).
pub fn write_new(doc: &Document, format: Format, path: &Path) -> Result<(), DocsError> {
    let bytes = format.render(doc)?;
    write_bytes_new(path, &bytes)
}

/// As [`write_bytes`], but never over an existing file.
pub fn write_bytes_new(path: &Path, bytes: &[u8]) -> Result<(), DocsError> {
    if path.exists() {
        return Err(DocsError::Exists(path.to_owned()));
    }
    let io = |source| DocsError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = dir.join(format!(
        ".{}.{}.new.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io)?;
    fill(file, bytes).map_err(io)?;
    // A hard link fails when the name is taken meanwhile: no race overwrites a file.
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(DocsError::Exists(path.to_owned()))
        }
        Err(e) => Err(io(e)),
    }
}

/// `path` if free, else `name-2.ext`, `name-3.ext` …: the name a tab uses instead of
/// overwriting (and says so).
pub fn free_name(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_owned();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| path.with_file_name(format!("{stem}-{n}{ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_owned())
}

/// A file-name part from a name: whole words only (never cut mid-word), letters and
/// digits kept (Cyrillic too), at most about `max` characters.
pub fn slug(text: &str, max: usize) -> String {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = String::new();
    for w in words {
        let len = out.chars().count() + w.chars().count() + usize::from(!out.is_empty());
        if !out.is_empty() && len > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&w);
    }
    out
}

/// Save bytes made elsewhere (a workbook, JSON) at `path` atomically, as [`write`] does.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), DocsError> {
    write_atomic(path, bytes).map_err(|source| DocsError::Io {
        path: path.to_owned(),
        source,
    })
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(
        ".{}.{}-{n}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let result = fill(file, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        return result;
    }
    // Make the rename itself durable; some file systems refuse to sync a folder.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn fill(mut file: fs::File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// Drop characters XML 1.0 forbids (C0 controls other than tab and newline,
/// U+FFFE, U+FFFF) and turn `\r\n` / `\r` into `\n`.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        return Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
}

#[cfg(test)]
mod papers_tests;
#[cfg(test)]
mod tests;
