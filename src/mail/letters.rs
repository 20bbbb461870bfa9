//! Sending a registered letter (reminder, warning, summons, cover letter) to an
//! organization's head by e-mail, recorded beside its outgoing number.

use std::path::Path;

use super::{MailError, Outcome, Outgoing, Postman, Reason};
use crate::i18n::{Lang, mail};
use crate::store::{LetterKind, Store};

fn kind_index(kind: LetterKind) -> usize {
    match kind {
        LetterKind::Reminder => 0,
        LetterKind::Warning => 1,
        LetterKind::Summons => 2,
        LetterKind::CoverLetter => 3,
    }
}

/// What became of a letter's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterSent {
    Sent { address: String, message_id: String },
    Written { address: String },
    Refused { address: String, reply: Reason },
    NoAddress,
}

/// The message of the written letter `file` (registered as `doc_number` on `date_text`)
/// to organization `org`'s head: its address, the message and the name of its .eml in an
/// outbox. `None` when the organization has no e-mail.
pub fn compose(
    store: &Store,
    org: i64,
    kind: LetterKind,
    lang: Lang,
    doc_number: &str,
    date_text: &str,
    file: &Path,
) -> Result<Option<(Outgoing, String)>, MailError> {
    let o = store.organization(org)?;
    let address = o.email.trim().to_string();
    if address.is_empty() {
        return Ok(None);
    }
    let s = mail::strings(lang);
    let kind_word = s.letter_kinds[kind_index(kind)];
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = std::fs::read(file).map_err(|e| MailError::Read(file.to_path_buf(), e))?;
    let hq = store.hq_name(lang)?;
    let head = o.head_name.trim();
    let org_name = o.name(lang == Lang::Ru).to_string();
    let m = Outgoing {
        to_address: address,
        to_name: if head.is_empty() {
            org_name
        } else {
            head.to_string()
        },
        subject: s.letter_subject.fill([&kind_word, &doc_number, &date_text]),
        body: format!(
            "{}\n\n{}",
            s.letter_body
                .fill([&kind_word, &doc_number, &date_text, &file_name]),
            s.signature.fill([&hq])
        ),
        file_name: file_name.clone(),
        file: bytes,
    };
    let stem = file_name.trim_end_matches(".docx").to_string();
    Ok(Some((m, stem)))
}

/// What the server said of letter `doc_number`'s message to `address`: an acceptance is
/// logged beside the number with its Message-ID (an outbox's file is not).
pub fn record(
    store: &mut Store,
    doc_number: &str,
    address: String,
    outcome: Outcome,
    outbox: bool,
) -> Result<LetterSent, MailError> {
    match outcome {
        Outcome::Accepted { .. } if outbox => Ok(LetterSent::Written { address }),
        Outcome::Accepted { message_id } => {
            store.record_letter_email(doc_number, &address, &message_id)?;
            Ok(LetterSent::Sent {
                address,
                message_id,
            })
        }
        Outcome::Refused { reply } => Ok(LetterSent::Refused { address, reply }),
    }
}

/// Send the written letter `file` (registered as `doc_number` on `date_text`) to
/// organization `org`'s e-mail, and record it.
#[allow(clippy::too_many_arguments)]
pub fn send(
    store: &mut Store,
    org: i64,
    kind: LetterKind,
    lang: Lang,
    doc_number: &str,
    date_text: &str,
    file: &Path,
    postman: &Postman,
) -> Result<LetterSent, MailError> {
    let Some((m, stem)) = compose(store, org, kind, lang, doc_number, date_text, file)? else {
        return Ok(LetterSent::NoAddress);
    };
    let outcome = postman.post(&m, &stem)?;
    record(
        store,
        doc_number,
        m.to_address,
        outcome,
        postman.is_outbox(),
    )
}
