//! The Compliance tab's letter, delivered: written and registered as always, then (as the
//! form's "deliver" says) sent by e-mail to the organization's head, or put in the outbox
//! folder as an .eml file. The way out is made ready before the letter is written, so a
//! missing setting or address writes nothing; once written, the message goes on a thread
//! of its own (the server is met there: a slow, silent or absent one blocks no key) and
//! what became of it is said on the status line when it comes. The register
//! records only what the server accepted (`mail::letters::record`), with its Message-ID.

use std::path::PathBuf;

use super::Compliance;
use crate::docs::letters::{LetterOut, write_registered};
use crate::domain::date;
use crate::i18n::Lang;
use crate::mail::courier::{Errand, Posted};
use crate::mail::letters::{self, LetterSent};
use crate::mail::{MailError, Postman, SmtpSettings};
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

/// The way out, made ready before the letter is written: the outbox folder, or the
/// server's settings (the connection itself is made on the sending thread).
enum Way {
    FileOnly,
    Smtp(SmtpSettings),
    Outbox(Postman),
}

/// A letter's message on its way to the server.
pub struct LetterJob {
    errand: Errand,
    number: String,
    address: String,
}

impl std::fmt::Debug for LetterJob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterJob")
            .field("number", &self.number)
            .field("address", &self.address)
            .finish()
    }
}

/// The outbox folder of the screens: beside the papers.
pub fn outbox_dir(documents: &std::path::Path) -> PathBuf {
    documents.join("outbox")
}

impl Compliance {
    /// The way out, ready before anything is written; `Err` when the error was said.
    fn way(&self, cx: &mut Ctx, a: &LetterAsked) -> Result<Way, ()> {
        let m = crate::i18n::mail::ui(cx.lang);
        match a.deliver {
            Deliver::FileOnly => Ok(Way::FileOnly),
            Deliver::Email => {
                // One letter at a time: a second would drop the first's outcome.
                if self.letter.is_some() {
                    cx.error(m.err_letter_sending);
                    return Err(());
                }
                let org = match cx.store.organization(a.organization_id) {
                    Ok(o) => o,
                    Err(e) => {
                        cx.store_error(e);
                        return Err(());
                    }
                };
                if org.email.trim().is_empty() {
                    let name = org.name(cx.lang == Lang::Ru).to_string();
                    cx.error(&m.letter_no_address.fill([&name]));
                    return Err(());
                }
                match SmtpSettings::load(cx.store) {
                    Ok(settings) => Ok(Way::Smtp(settings)),
                    Err(e) => {
                        let text = mail_error_text(&e, cx.strings(), cx.lang);
                        cx.error(&text);
                        Err(())
                    }
                }
            }
            Deliver::Outbox => match Postman::outbox(cx.store, &outbox_dir(cx.documents_dir)) {
                Ok(p) => Ok(Way::Outbox(p)),
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
        let Ok(way) = self.way(cx, &a) else {
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
            Err(e) => return cx.error(&s.agenda.err_write.fill([&a.path.display(), &e])),
        };
        cx.close_form();
        let m = crate::i18n::mail::ui(cx.lang);
        let number = written.number.clone();
        let date_text = date::format(today);
        let postman = match way {
            Way::FileOnly => {
                return cx.info(
                    &s.agenda
                        .msg_written
                        .fill([&crate::widgets::file_name::shown(&written.path)]),
                );
            }
            Way::Outbox(p) => p,
            Way::Smtp(settings) => {
                let composed = letters::compose(
                    cx.store,
                    a.organization_id,
                    a.kind,
                    a.lang,
                    &number,
                    &date_text,
                    &written.path,
                );
                let (message, stem) = match composed {
                    Ok(Some(c)) => c,
                    Ok(None) => return self.said(cx, &number, Ok(LetterSent::NoAddress)),
                    Err(e) => return self.said(cx, &number, Err(e)),
                };
                let address = message.to_address.clone();
                let connect = Box::new(move || Postman::connect(settings));
                return match Errand::start(message, stem, connect) {
                    Ok(errand) => {
                        cx.info(&m.letter_sending.fill([&number, &address]));
                        self.letter = Some(LetterJob {
                            errand,
                            number,
                            address,
                        });
                    }
                    Err(e) => cx.error(
                        &m.letter_not_sent
                            .fill([&number, &crate::screens::component::os_error_text(&e, s)]),
                    ),
                };
            }
        };
        let result = letters::send(
            cx.store,
            a.organization_id,
            a.kind,
            a.lang,
            &number,
            &date_text,
            &written.path,
            &postman,
        );
        self.said(cx, &number, result)
    }

    /// The letter's message has an outcome: record an acceptance, say what became of it.
    pub(super) fn letter_step(&mut self, cx: &mut Ctx) {
        let Some(job) = &mut self.letter else {
            return;
        };
        let Some(posted) = job.errand.take() else {
            return;
        };
        if let Some(job) = self.letter.take() {
            self.letter_done(cx, job.number, job.address, posted);
        }
    }

    /// The app is quitting: the message in flight ends (at most the timeout) and is
    /// recorded.
    pub(super) fn stop_letter(&mut self, cx: &mut Ctx) {
        if let Some(job) = self.letter.take() {
            let posted = job.errand.wait();
            self.letter_done(cx, job.number, job.address, posted);
        }
    }

    pub(super) fn letter_ready(&self) -> bool {
        self.letter.as_ref().is_some_and(|j| j.errand.is_done())
    }

    fn letter_done(&mut self, cx: &mut Ctx, number: String, address: String, posted: Posted) {
        let result =
            posted.and_then(|outcome| letters::record(cx.store, &number, address, outcome, false));
        self.said(cx, &number, result)
    }

    /// What became of letter `number`'s message, on the status line.
    fn said(&self, cx: &mut Ctx, number: &str, result: Result<LetterSent, MailError>) {
        let s = cx.strings();
        let m = crate::i18n::mail::ui(cx.lang);
        match result {
            Ok(LetterSent::Sent { address, .. }) => {
                cx.info(&m.letter_sent.fill([&number, &address]))
            }
            Ok(LetterSent::Written { .. }) => {
                let dir = outbox_dir(cx.documents_dir);
                cx.info(&m.letter_outbox.fill([&number, &dir.display()]))
            }
            Ok(LetterSent::Refused { reply, .. }) => {
                let why = reason_words(&reply, s, cx.lang);
                cx.error(&m.letter_refused.fill([&number, &why]))
            }
            Ok(LetterSent::NoAddress) => {
                let name = self
                    .org
                    .as_ref()
                    .map(|o| o.name(cx.lang == Lang::Ru).to_string())
                    .unwrap_or_default();
                cx.error(&m.letter_no_address.fill([&name]))
            }
            Err(e) => {
                let why = mail_error_text(&e, s, cx.lang);
                cx.error(&m.letter_not_sent.fill([&number, &why]))
            }
        }
    }
}
