//! Sessions and protocols on the command line: the session list, finding a protocol by its
//! number, and the typist that types into the protocol editor (tests).

#[allow(unused_imports)]
use crate::*;
#[cfg(feature = "test-tools")]
use shtab::app::App;

/// One session as `shtab sessions --format json` writes it; the keys are a stable interface.
#[derive(serde::Serialize)]
pub(crate) struct SessionJson {
    pub(crate) number: i64,
    pub(crate) year: i32,
    pub(crate) label: String,
    pub(crate) kind: &'static str,
    pub(crate) reason: String,
    /// ISO, YYYY-MM-DD.
    pub(crate) date: String,
    /// HH:MM.
    pub(crate) time: String,
    pub(crate) place: String,
    pub(crate) duration_minutes: i64,
    pub(crate) status: &'static str,
    pub(crate) items: i64,
    pub(crate) minutes_total: i64,
}

impl From<&SessionRow> for SessionJson {
    fn from(r: &SessionRow) -> Self {
        let s = &r.session;
        SessionJson {
            number: s.number,
            year: s.year,
            label: s.label(),
            kind: s.kind.code(),
            reason: s.reason.clone(),
            date: s.date.format("%Y-%m-%d").to_string(),
            time: format_time(s.time),
            place: s.place.clone(),
            duration_minutes: s.duration_minutes,
            status: s.status.code(),
            items: r.item_count,
            minutes_total: r.minutes_total,
        }
    }
}

/// Columns padded to the widest cell by display width (Cyrillic and wide characters count
/// as they show); the last column is not padded, numbers are right-aligned.
/// Kinds and statuses are words of `lang` ("кезектүү", "протоколго кол коюлду"); the JSON
/// keeps the codes.
pub(crate) fn sessions_table(rows: &[SessionRow], lang: Lang) -> String {
    use unicode_width::UnicodeWidthStr;
    let words = lang.strings();
    let head = words.ui.cli_sessions_head;
    const RIGHT: [bool; 7] = [false, false, false, false, false, false, true];
    let mut cells: Vec<[String; 7]> = vec![head.map(String::from)];
    for r in rows {
        let s = &r.session;
        cells.push([
            s.label(),
            words.agenda.session_kinds[s.kind.index()].to_string(),
            s.date.format("%d.%m.%Y").to_string(),
            format_time(s.time),
            s.place.clone(),
            words.agenda.session_statuses[s.status.index()].to_string(),
            r.item_count.to_string(),
        ]);
    }
    let widths: Vec<usize> = (0..head.len())
        .map(|c| cells.iter().map(|row| row[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c > 0 {
                line.push_str("  ");
            }
            if RIGHT[c] {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// What `shtab protocol verify` found, in the words of `lang`.
pub(crate) fn verdict_words(
    v: &shtab::store::audit::SignedCheck,
    label: &str,
    lang: Lang,
) -> String {
    let u = lang.strings().ui;
    let Some(stored) = &v.stored else {
        return u.verify_not_signed.fill([&label]);
    };
    let anchored = v.anchored.as_deref();
    // Each verdict says the first N of: label, stored, computed, anchored.
    if v.intact() {
        u.verify_intact.fill([&label, stored])
    } else if anchored.is_none() {
        u.verify_no_anchor.fill([&label, stored])
    } else if anchored != Some(stored.as_str()) {
        let anchored = anchored.unwrap_or_default();
        u.verify_tampered
            .fill([&label, stored, &v.computed, &anchored])
    } else {
        u.verify_changed.fill([&label, stored, &v.computed])
    }
}

/// The code of what `shtab protocol verify` found, for `--format json`.
pub(crate) fn verdict_code(v: &shtab::store::audit::SignedCheck) -> &'static str {
    match (&v.stored, v.anchored.as_deref()) {
        (None, _) => "not_signed",
        _ if v.intact() => "intact",
        (_, None) => "no_anchor",
        (Some(s), Some(a)) if a != s => "tampered",
        _ => "changed",
    }
}

pub(crate) fn label_of(s: &str, what: &str) -> anyhow::Result<(i64, i32)> {
    shtab::domain::session::parse_label(s)
        .with_context(|| format!("{s:?} is not a {what}: write it as N/YYYY, e.g. 3/2026"))
}

pub(crate) fn find_protocol(
    store: &Store,
    path: &Path,
    which: &WhichProtocol,
) -> anyhow::Result<i64> {
    if let Some(p) = &which.protocol {
        let (n, y) = label_of(p, "protocol number")?;
        return store
            .protocol_by_number(n, y)
            .with_context(|| format!("no protocol {n}/{y} in {}", path.display()));
    }
    let s = which.session.as_deref().unwrap_or_default();
    let (n, y) = label_of(s, "session")?;
    let session = store
        .session_by_label(n, y)
        .with_context(|| format!("no session {n}/{y} in {}", path.display()))?;
    store
        .protocol_of_session(session.id)?
        .with_context(|| format!("session {n}/{y} has no protocol yet"))
}

pub(crate) fn paper_format(f: PaperFormat) -> shtab::docs::Format {
    match f {
        PaperFormat::Docx => shtab::docs::Format::Docx,
        PaperFormat::Md => shtab::docs::Format::Markdown,
    }
}

#[cfg(feature = "test-tools")]
/// Drive the editor from standard input: every character is a key, every line break
/// saves the field (two seconds of quiet pass on the editor's clock) and goes on to the
/// next text field.
pub(crate) fn typist(store: Store, session: &str, field: Option<&str>) -> anyhow::Result<()> {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use std::io::{BufRead, Write};
    let (n, y) = label_of(session, "session")?;
    let found = store
        .session_by_label(n, y)
        .with_context(|| format!("no session {n}/{y}"))?;
    let mut app = App::new(store, Lang::En, today(), false);
    app.resize(100, 30);
    app.update(shtab::action::Action::GoTab(1));
    if !app.open_session_protocol(found.id) {
        bail!("cannot open the protocol of {n}/{y}");
    }
    if let Some(code) = field
        && !app.focus_protocol_field(code)
    {
        bail!("no field {code} in the protocol of {n}/{y}");
    }
    let key = |c: KeyCode| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut clock = std::time::Instant::now();
    app.tick(clock);
    app.handle_event(&key(KeyCode::Enter));
    let mut out = std::io::stdout().lock();
    let mut input = std::io::BufReader::new(std::io::stdin().lock());
    let mut pending = Vec::new();
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        pending.extend_from_slice(buf);
        input.consume(n);
        // Whole characters only; a split UTF-8 sequence waits for its end.
        let valid = match std::str::from_utf8(&pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let text = String::from_utf8_lossy(&pending[..valid]).into_owned();
        pending.drain(..valid);
        for c in text.chars() {
            if c == '\n' {
                clock += std::time::Duration::from_secs(3);
                app.tick(clock);
                let (code, saved) = app.protocol_field_report();
                writeln!(out, "saved {code}\t{}", saved.replace('\n', "\\n"))?;
                out.flush()?;
                app.handle_event(&key(KeyCode::Tab));
            } else {
                app.handle_event(&key(KeyCode::Char(c)));
            }
        }
    }
    app.handle_event(&key(KeyCode::Esc));
    Ok(())
}
