//! Sending a signed protocol's extracts by e-mail from the editor (Alt-E): asked first with
//! the count, then one message per step under a gauge, then what became of them. Only what
//! the server accepted goes into the register (see `mail::extracts`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Gauge};

use super::{Pending, Protocol};
use crate::app;
use crate::i18n::{Strings, fill};
use crate::mail::extracts::{Batch, Choice, Delivered, SendError};
use crate::mail::{MailError, Postman, SmtpSettings};
use crate::screens::component::Ctx;
use crate::theme;

/// Extracts on their way out.
pub struct MailJob {
    pub batch: Batch,
    pub postman: Postman,
}

fn send_error(cx: &mut Ctx, e: SendError) {
    let ps = cx.strings().protocol;
    match e {
        SendError::NotSigned => cx.error(ps.err_not_signed),
        SendError::NoExtracts => cx.error(ps.err_no_extracts),
        SendError::Mail(e) => mail_error(cx, e),
        SendError::Docs(e) => cx.error(&fill(ps.err_mail, &[&e])),
    }
}

fn mail_error(cx: &mut Ctx, e: MailError) {
    let ps = cx.strings().protocol;
    match e {
        MailError::NotSet(key) => cx.error(&fill(ps.err_mail_not_set, &[&key])),
        MailError::Down { server, reason } => {
            cx.error(&fill(ps.err_mail_down, &[&server, &reason]))
        }
        MailError::Store(e) => cx.store_error(e),
        // The system's words said in the user's language where it has them.
        e => {
            let reason = crate::screens::component::reason_text(&e, cx.strings());
            cx.error(&fill(ps.err_mail, &[&reason]))
        }
    }
}

impl Protocol {
    /// Alt-E: how many extracts would go, and the question.
    pub(super) fn ask_send_email(&mut self, cx: &mut Ctx) {
        let ps = cx.strings().protocol;
        let Some(doc) = &self.doc else {
            return;
        };
        if !doc.protocol.is_signed() {
            return cx.error(ps.err_not_signed);
        }
        let (id, label) = (doc.protocol.id, doc.protocol.label().unwrap_or_default());
        let batch = match Batch::new(cx.store, id, &Choice::default()) {
            Ok(b) => b,
            Err(e) => return send_error(cx, e),
        };
        match batch.to_send() {
            0 => cx.info(ps.msg_mail_all_delivered),
            count => cx.ask(app::Pending::Protocol(Pending::SendEmail {
                id,
                label,
                count,
            })),
        }
    }

    /// Yes to the question: connect (a server that is down sends nothing) and start.
    pub(super) fn start_send_email(&mut self, cx: &mut Ctx, id: i64) {
        let postman = match SmtpSettings::load(cx.store).and_then(Postman::connect) {
            Ok(p) => p,
            Err(e) => return mail_error(cx, e),
        };
        match Batch::new(cx.store, id, &Choice::default()) {
            Ok(batch) => self.mail = Some(MailJob { batch, postman }),
            Err(e) => send_error(cx, e),
        }
    }

    /// One message; at the end, the summary and the register shown anew.
    pub(super) fn send_email_step(&mut self, cx: &mut Ctx) {
        let Some(job) = &mut self.mail else {
            return;
        };
        if let Err(e) = job.batch.step(cx.store, &job.postman, cx.today) {
            self.mail = None;
            return send_error(cx, e);
        }
        if !job.batch.is_done() {
            return;
        }
        let Some(job) = self.mail.take() else {
            return;
        };
        let ps = cx.strings().protocol;
        let results = job.batch.into_results();
        let count = |f: fn(&Delivered) -> bool| results.iter().filter(|r| f(&r.delivered)).count();
        let sent = count(|d| matches!(d, Delivered::Sent { .. }));
        let refused = count(|d| matches!(d, Delivered::Refused { .. }));
        let no_address = count(|d| matches!(d, Delivered::NoAddress));
        let not_tried = count(|d| matches!(d, Delivered::NotTried { .. }));
        let mut text = fill(
            ps.msg_mail_summary,
            &[&sent, &refused, &no_address, &not_tried],
        );
        // Names in the UI's language (the messages went out in the paper's).
        let ru = cx.lang == crate::i18n::Lang::Ru;
        let failed: Vec<String> = results
            .iter()
            .filter(|r| r.delivered.failed())
            .map(|r| {
                self.orgs
                    .iter()
                    .find(|o| o.id == r.organization_id)
                    .map_or(r.organization.clone(), |o| o.name(ru).to_string())
            })
            .collect();
        if let Some(doc) = &self.doc {
            let pid = doc.protocol.id;
            self.reload(cx, pid);
        }
        if failed.is_empty() {
            cx.info(&text);
        } else {
            text.push(' ');
            text.push_str(&fill(ps.msg_mail_failed, &[&failed.join("; ")]));
            cx.error(&text);
        }
    }
}

/// The gauge over the editor while messages go out.
pub fn render_mail(frame: &mut Frame, body: Rect, s: &Strings, job: &MailJob) {
    let area = crate::widgets::popup::centered(body, 60, 3);
    frame.render_widget(Clear, area);
    let (done, total) = (job.batch.finished(), job.batch.total());
    let ratio = if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    };
    let gauge = Gauge::default()
        .block(Block::default().borders(Borders::ALL))
        .gauge_style(theme::accent())
        .ratio(ratio)
        .label(format!("{}: {done}/{total}", s.protocol.job_sending));
    frame.render_widget(gauge, area);
}
