//! `shtab agenda export` and `shtab protocol …`: the session's papers, their extracts, their
//! delivery and the check of a signed protocol.

#[allow(unused_imports)]
use crate::*;

pub(crate) fn agenda(path: &Path, command: AgendaCommand) -> anyhow::Result<()> {
    let AgendaCommand::Export {
        session,
        format,
        lang,
        out,
    } = command;
    let (number, year) = shtab::domain::session::parse_label(&session).with_context(|| {
        format!("{session:?} is not a session: write it as N/YYYY, e.g. 3/2026")
    })?;
    let store = open_existing(path)?;
    let found = store
        .session_by_label(number, year)
        .with_context(|| format!("no session {number}/{year} in {}", path.display()))?;
    let lang = Lang::from(lang);
    let paper = shtab::docs::agenda::AgendaPaper::load(&store, found.id, lang)?;
    if let Some(note) = paper.untranslated(lang) {
        eprintln!("note: {note}");
    }
    let doc = paper.document(lang);
    let format = match format {
        PaperFormat::Docx => shtab::docs::Format::Docx,
        PaperFormat::Md => shtab::docs::Format::Markdown,
    };
    shtab::docs::write_new(&doc, format, &out)?;
    println!("{}", out.display());
    Ok(())
}

pub(crate) fn protocol(
    path: &Path,
    cli_lang: Option<LangArg>,
    command: ProtocolCommand,
) -> anyhow::Result<()> {
    let mut store = open_existing(path)?;
    match command {
        ProtocolCommand::Export {
            which,
            format,
            lang,
            form,
            out,
        } => {
            let id = find_protocol(&store, path, &which)?;
            let lang = Lang::from(lang);
            let form = match form {
                FormArg::Full => shtab::docs::protocol::PaperForm::Full,
                FormArg::Short => shtab::docs::protocol::PaperForm::Short,
            };
            let paper = shtab::docs::protocol::ProtocolPaper::load(&store, id, lang)?;
            shtab::docs::write_new(&paper.document(form), paper_format(format), &out)?;
            if let Some(note) = paper.untranslated() {
                eprintln!("note: {note}");
            }
            println!("{}", out.display());
        }
        ProtocolCommand::Extracts {
            which,
            format,
            lang,
            out,
        } => {
            let id = find_protocol(&store, path, &which)?;
            let paper = shtab::docs::protocol::ProtocolPaper::load(&store, id, Lang::from(lang))?;
            if !paper.doc.protocol.is_signed() {
                bail!("the protocol is not signed: extracts go out once it is");
            }
            let files = paper.write_extracts(&out, paper_format(format))?;
            if files.is_empty() {
                bail!("the protocol gives no task: there is no extract to write");
            }
            for f in &files {
                println!("{}", sanitize(&f.display().to_string()));
            }
        }
        ProtocolCommand::Send {
            protocol,
            only,
            outbox,
            again,
        } => {
            let (n, y) = label_of(&protocol, "protocol number")?;
            let id = store
                .protocol_by_number(n, y)
                .with_context(|| format!("no protocol {n}/{y} in {}", path.display()))?;
            cli::mail::send_protocol(&mut store, id, &protocol, &only, outbox, again)?;
        }
        ProtocolCommand::Verify { protocol, format } => {
            let (n, y) = label_of(&protocol, "protocol number")?;
            let id = store
                .protocol_by_number(n, y)
                .with_context(|| format!("no protocol {n}/{y} in {}", path.display()))?;
            // The text, its row and the signing record in the audit log.
            let v = store.verify_signed_protocol(id)?;
            let lang = shtab::tasklist::list_lang(&store, cli_lang.map(Lang::from));
            let verdict = verdict_words(&v, &format!("{n}/{y}"), lang);
            if format == Format::Json {
                let j = serde_json::json!({
                    "protocol": format!("{n}/{y}"),
                    "result": verdict_code(&v),
                    "sha256_signed": v.stored,
                    "sha256_now": v.computed,
                    "sha256_in_audit_log": v.anchored,
                });
                println!("{}", serde_json::to_string_pretty(&j)?);
                if !v.intact() {
                    return Err(anyhow::anyhow!("{verdict}"));
                }
                return Ok(());
            }
            if !v.intact() {
                bail!("{verdict}");
            }
            println!("{verdict}");
        }
    }
    Ok(())
}
