//! The Compliance tab's letter, delivered: written and registered as always, then (as the
//! form's "deliver" says) sent by e-mail to the organization's head, or put in the outbox
//! folder as an .eml file. The way out is made ready before the letter is written, so a
//! missing setting, a missing address or a server that is down writes nothing; once
//! written, what became of the message is said on the status line. The register records
//! only what the server accepted (`mail::letters::send`), with its Message-ID.

use std::path::PathBuf;

use super::Compliance;
use crate::docs::letters::{LetterOut, write_registered};
use crate::domain::date;
use crate::i18n::{Lang, fill};
use crate::mail::letters::{self, LetterSent};
use crate::mail::{Postman, SmtpSettings};
use crate::screens::component::Ctx;
use crate::screens::protocol::mail::{mail_error_text, reason_words};
use crate::store::LetterKind;

/// How the letter goes once written (the form's last choice, in its order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deliver {
    FileOnly,
    Email,
    Outbox,
}

impl Deliver {
    pub fn from_index(i: usize) -> Deliver {
        match i {
            1 => Deliver::Email,
            2 => Deliver::Outbox,
            _ => Deliver::FileOnly,
        }
    }
}

/// The letter form, read.
pub struct LetterAsked {
    pub organization_id: i64,
    pub kind: LetterKind,
    pub lang: Lang,
    pub addressee: String,
    pub path: PathBuf,
    pub deliver: Deliver,
}

/// The outbox folder of the screens: beside the papers.
pub fn outbox_dir(documents: &std::path::Path) -> PathBuf {
    documents.join("outbox")
}

impl Compliance {
    /// The way out, ready before anything is written; `Err` when the error was said.
    fn postman(&self, cx: &mut Ctx, a: &LetterAsked) -> Result<Option<Postman>, ()> {
        let m = crate::i18n::mail::ui(cx.lang);
        match a.deliver {
            Deliver::FileOnly => Ok(None),
            Deliver::Email => {
                let org = match cx.store.organization(a.organization_id) {
                    Ok(o) => o,
                    Err(e) => {
                        cx.store_error(e);
                        return Err(());
                    }
                };
                if org.email.trim().is_empty() {
                    let name = org.name(cx.lang == Lang::Ru).to_string();
                    cx.error(&fill(m.letter_no_address, &[&name]));
                    return Err(());
                }
                match SmtpSettings::load(cx.store).and_then(Postman::connect) {
                    Ok(p) => Ok(Some(p)),
                    Err(e) => {
                        let text = mail_error_text(&e, cx.strings(), cx.lang);
                        cx.error(&text);
                        Err(())
                    }
                }
            }
            Deliver::Outbox => match Postman::outbox(cx.store, &outbox_dir(cx.documents_dir)) {
                Ok(p) => Ok(Some(p)),
                Err(e) => {
                    let text = mail_error_text(&e, cx.strings(), cx.lang);
                    cx.error(&text);
                    Err(())
                }
            },
        }
    }

    /// Write the letter of the form as of today, register it with the next outgoing
    /// number (a folder gets the default name, an existing file is refused), and deliver it.
    pub(super) fn save_letter(&mut self, cx: &mut Ctx, a: LetterAsked) {
        let s = cx.strings();
        let Ok(postman) = self.postman(cx, &a) else {
            return;
        };
        let out = if a.path.is_dir() {
            LetterOut::Folder(&a.path)
        } else {
            LetterOut::File(&a.path)
        };
        let (store, today) = (&mut *cx.store, cx.today);
        let written = match write_registered(
            store,
            a.organization_id,
            a.kind,
            a.lang,
            today,
            &a.addressee,
            out,
        ) {
            Ok(w) => w,
            Err(e) => return cx.error(&fill(s.err_write, &[&a.path.display(), &e])),
        };
        cx.close_form();
        let Some(postman) = postman else {
            return cx.info(&fill(s.msg_written, &[&written.path.display()]));
        };
        let m = crate::i18n::mail::ui(cx.lang);
        let number = written.number.as_str();
        let result = letters::send(
            cx.store,
            a.organization_id,
            a.kind,
            a.lang,
            number,
            &date::format(today),
            &written.path,
            &postman,
        );
        match result {
            Ok(LetterSent::Sent { address, .. }) => {
                cx.info(&fill(m.letter_sent, &[&number, &address]))
            }
            Ok(LetterSent::Written { .. }) => {
                let dir = outbox_dir(cx.documents_dir);
                cx.info(&fill(m.letter_outbox, &[&number, &dir.display()]))
            }
            Ok(LetterSent::Refused { reply, .. }) => {
                let why = reason_words(&reply, s, cx.lang);
                cx.error(&fill(m.letter_refused, &[&number, &why]))
            }
            Ok(LetterSent::NoAddress) => {
                let name = self
                    .org
                    .as_ref()
                    .map(|o| o.name(cx.lang == Lang::Ru).to_string())
                    .unwrap_or_default();
                cx.error(&fill(m.letter_no_address, &[&name]))
            }
            Err(e) => {
                let why = mail_error_text(&e, s, cx.lang);
                cx.error(&fill(m.letter_not_sent, &[&number, &why]))
            }
        }
    }
}
