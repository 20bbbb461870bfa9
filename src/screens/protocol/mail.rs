//! Sending a signed protocol's extracts by e-mail from the editor (Alt-E): the marked ones
//! (Space on the Extracts page) or else every undelivered one, asked first with the count;
//! the SMTP conversation runs on a thread ([`Courier`]) under a gauge while keys keep
//! working; each acceptance is recorded here as it comes back, and the summary is said at
//! the end on whatever tab is shown. Only what the server accepted goes into the register.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Gauge};

use super::{FieldKey, Pending, Protocol};
use crate::app;
use crate::i18n::{Lang, Strings};
use crate::mail::courier::{Courier, News};
use crate::mail::extracts::{self, Batch, Choice, Delivered, ExtractSent, SendError};
use crate::mail::{MailError, Postman, Reason, SmtpSettings, Why};
use crate::screens::component::Ctx;
use crate::theme;

/// Extracts on their way out.
pub struct MailJob {
    pub courier: Courier,
    results: Vec<ExtractSent>,
    failure: Option<SendError>,
}

/// The settings form's label of a setting (what the user looks for on the screen).
fn setting_label(key: &str, s: &Strings) -> String {
    crate::screens::settings::label_of(key, s).map_or(key.to_string(), str::to_string)
}

/// Why the server or the connection failed, in the user's words; the server's own reply
/// after a colon.
pub(crate) fn reason_words(r: &Reason, s: &Strings, lang: Lang) -> String {
    let m = crate::i18n::mail::ui(lang);
    let words = match r.why {
        Why::Reply(550 | 551 | 553) => m.mailbox_unavailable.to_string(),
        Why::Reply(530 | 534 | 535) => m.auth_failed.to_string(),
        Why::Reply(code) => m.refused_code.fill([&code]),
        Why::Tls => m.tls_failed.fill([&s.settings.smtp_tls]),
        Why::ConnectionRefused => return m.conn_refused.to_string(),
        Why::TimedOut => return m.timed_out.to_string(),
        Why::NoAnswer => return m.no_answer.to_string(),
        Why::Other => return r.text.clone(),
    };
    if r.detail.is_empty() {
        words
    } else {
        format!("{words}: {}", r.detail)
    }
}

/// A failure of e-mail as one line of the user's language: a missing setting by its label
/// on the settings screen and the way there.
pub(crate) fn mail_error_text(e: &MailError, s: &Strings, lang: Lang) -> String {
    let m = crate::i18n::mail::ui(lang);
    match e {
        MailError::NotSet(key) => m.not_set.fill([&setting_label(key, s), &s.tabs[5]]),
        MailError::BadSetting { key, value } => m.bad_setting.fill([&setting_label(key, s), value]),
        MailError::Down { server, reason } => s
            .protocol
            .err_mail_down
            .fill([server, &reason_words(reason, s, lang)]),
        MailError::Store(e) => crate::screens::component::store_error_text(e, s),
        // The system's words said in the user's language where it has them.
        e => s
            .protocol
            .err_mail
            .fill([&crate::screens::component::reason_text(e, s)]),
    }
}

/// Why extracts could not go, as one line of the user's language.
fn send_error_text(e: &SendError, s: &Strings, lang: Lang) -> String {
    let ps = s.protocol;
    match e {
        SendError::NotSigned => ps.err_not_signed.to_string(),
        SendError::NoExtracts => ps.err_no_extracts.to_string(),
        SendError::Mail(e) => mail_error_text(e, s, lang),
        SendError::Docs(e) => ps
            .err_mail
            .fill([&crate::screens::component::reason_text(e, s)]),
    }
}

fn send_error(cx: &mut Ctx, e: SendError) {
    let text = send_error_text(&e, cx.strings(), cx.lang);
    cx.error(&text)
}

fn mail_error(cx: &mut Ctx, e: MailError) {
    let text = mail_error_text(&e, cx.strings(), cx.lang);
    cx.error(&text)
}

impl Protocol {
    /// The organizations marked on the open protocol's Extracts page.
    pub(super) fn marked_orgs(&self) -> Vec<i64> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let pid = doc.protocol.id;
        self.marks
            .iter()
            .filter(|(p, _)| *p == pid)
            .map(|(_, o)| *o)
            .collect()
    }

    pub(super) fn is_marked(&self, org: i64) -> bool {
        self.marked_orgs().contains(&org)
    }

    /// Space on an extract's row: mark it to be sent, or unmark it.
    pub(super) fn toggle_mark(&mut self, cx: &mut Ctx) {
        let Some(FieldKey::Extract(org)) = self.focused() else {
            return;
        };
        let Some(doc) = &self.doc else {
            return;
        };
        if !doc.protocol.is_signed() {
            return cx.error(crate::i18n::mail::ui(cx.lang).err_mark_unsigned);
        }
        let key = (doc.protocol.id, org);
        if let Some(i) = self.marks.iter().position(|m| *m == key) {
            self.marks.remove(i);
        } else {
            self.marks.push(key);
        }
    }

    /// The marked extracts (sent even if delivered before: marking is asking), or else
    /// every undelivered one.
    fn choice(&self) -> Choice {
        let only = self.marked_orgs();
        let again = !only.is_empty();
        Choice { only, again }
    }

    /// Alt-E: how many extracts would go, and the question.
    pub(super) fn ask_send_email(&mut self, cx: &mut Ctx) {
        let ps = cx.strings().protocol;
        let Some(doc) = &self.doc else {
            return;
        };
        if !doc.protocol.is_signed() {
            return cx.error(ps.err_not_signed);
        }
        // One batch at a time: a second would drop the first's news unrecorded.
        if self.mail.is_some() {
            return cx.error(crate::i18n::mail::ui(cx.lang).err_sending);
        }
        let (id, label) = (doc.protocol.id, doc.protocol.label().unwrap_or_default());
        let choice = self.choice();
        let batch = match Batch::new(cx.store, id, &choice) {
            Ok(b) => b,
            Err(e) => return send_error(cx, e),
        };
        match batch.to_send() {
            0 => cx.info(ps.msg_mail_all_delivered),
            count => cx.ask(app::Pending::Protocol(Pending::SendEmail {
                id,
                label,
                count,
                marked: choice.again,
            })),
        }
    }

    /// Yes to the question: the settings read here, the connection made on the thread (a
    /// server that is down sends nothing).
    pub(super) fn start_send_email(&mut self, cx: &mut Ctx, id: i64) {
        if self.mail.is_some() {
            return cx.error(crate::i18n::mail::ui(cx.lang).err_sending);
        }
        let settings = match SmtpSettings::load(cx.store) {
            Ok(s) => s,
            Err(e) => return mail_error(cx, e),
        };
        let batch = match Batch::new(cx.store, id, &self.choice()) {
            Ok(b) => b,
            Err(e) => return send_error(cx, e),
        };
        match Courier::start(batch, Box::new(move || Postman::connect(settings))) {
            Ok(courier) => {
                self.marks.retain(|(p, _)| *p != id);
                self.mail = Some(MailJob {
                    courier,
                    results: Vec::new(),
                    failure: None,
                });
            }
            Err(e) => cx.error(
                &cx.strings()
                    .protocol
                    .err_mail
                    .fill([&crate::screens::component::os_error_text(&e, cx.strings())]),
            ),
        }
    }

    /// Record what came back; once the thread has ended, the summary.
    pub(super) fn send_email_step(&mut self, cx: &mut Ctx) {
        let Some(job) = &mut self.mail else {
            return;
        };
        let (news, ended) = job.courier.take();
        let pid = job.courier.protocol_id();
        take_news(cx, pid, &mut job.results, &mut job.failure, news);
        if ended && let Some(job) = self.mail.take() {
            self.summary(cx, job);
        }
    }

    /// The app is quitting: the message in flight ends and is recorded; no more are sent.
    pub(super) fn stop_sending(&mut self, cx: &mut Ctx) {
        let Some(job) = self.mail.take() else {
            return;
        };
        let pid = job.courier.protocol_id();
        let MailJob {
            courier,
            mut results,
            mut failure,
        } = job;
        take_news(cx, pid, &mut results, &mut failure, courier.stop());
    }

    fn summary(&mut self, cx: &mut Ctx, job: MailJob) {
        let ps = cx.strings().protocol;
        let MailJob {
            results, failure, ..
        } = job;
        if results.is_empty()
            && let Some(e) = failure
        {
            return send_error(cx, e);
        }
        let count = |f: fn(&Delivered) -> bool| results.iter().filter(|r| f(&r.delivered)).count();
        let sent = count(|d| matches!(d, Delivered::Sent { .. }));
        let refused = count(|d| matches!(d, Delivered::Refused { .. }));
        let no_address = count(|d| matches!(d, Delivered::NoAddress));
        let not_tried = count(|d| matches!(d, Delivered::NotTried { .. }));
        let mut text = ps
            .msg_mail_summary
            .fill([&sent, &refused, &no_address, &not_tried]);
        // Names in the UI's language (the messages went out in the paper's).
        let ru = cx.lang == Lang::Ru;
        let failed: Vec<String> = results
            .iter()
            .filter(|r| r.delivered.failed())
            .map(|r| {
                let name = self
                    .orgs
                    .iter()
                    .find(|o| o.id == r.organization_id)
                    .map_or(r.organization.clone(), |o| o.name(ru).to_string());
                match &r.delivered {
                    Delivered::Refused { reply, .. } => {
                        format!("{name} ({})", reason_words(reply, cx.strings(), cx.lang))
                    }
                    _ => name,
                }
            })
            .collect();
        if let Some(doc) = &self.doc {
            let pid = doc.protocol.id;
            self.reload(cx, pid);
        }
        if !failed.is_empty() {
            text.push(' ');
            text.push_str(&ps.msg_mail_failed.fill([&failed.join("; ")]));
        }
        // What stopped the batch (a paper that could not be made), after the counts.
        if let Some(e) = &failure {
            text.push(' ');
            text.push_str(&send_error_text(e, cx.strings(), cx.lang));
        }
        if failed.is_empty() && failure.is_none() {
            cx.info(&text);
        } else {
            cx.error(&text);
        }
    }
}

/// Each acceptance into the register as it comes back (a failure to record is said).
fn take_news(
    cx: &mut Ctx,
    protocol_id: i64,
    results: &mut Vec<ExtractSent>,
    failure: &mut Option<SendError>,
    news: Vec<News>,
) {
    for n in news {
        match n {
            News::One(sent) => {
                if let Err(e) = extracts::record(cx.store, protocol_id, &sent, cx.today) {
                    send_error(cx, e);
                }
                results.push(sent);
            }
            News::Failed(e) => *failure = Some(e),
        }
    }
}

/// The gauge over whatever tab is shown while messages go out.
pub fn render_mail(frame: &mut Frame, body: Rect, s: &Strings, job: &MailJob) {
    let area = crate::widgets::popup::centered(body, 60, 3);
    frame.render_widget(Clear, area);
    let (done, total) = job.courier.progress();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(why: Why, detail: &str) -> Reason {
        Reason {
            why,
            text: format!("lettre's words: {detail}"),
            detail: detail.into(),
        }
    }

    #[test]
    fn failures_are_said_in_words_with_the_servers_reply_after_a_colon() {
        for lang in [Lang::Ky, Lang::Ru, Lang::En] {
            let (s, m) = (lang.strings(), crate::i18n::mail::ui(lang));
            let said = |why, detail| reason_words(&reason(why, detail), s, lang);
            assert_eq!(
                said(Why::Reply(535), "5.7.8 bad credentials"),
                format!("{}: 5.7.8 bad credentials", m.auth_failed)
            );
            assert_eq!(
                said(Why::Reply(550), "5.1.1 no such user"),
                format!("{}: 5.1.1 no such user", m.mailbox_unavailable)
            );
            let busy = said(Why::Reply(452), "4.3.1 try later");
            assert!(busy.contains("452") && busy.ends_with(": 4.3.1 try later"));
            assert_eq!(said(Why::TimedOut, "timed out"), m.timed_out);
            assert_eq!(said(Why::ConnectionRefused, "os error 111"), m.conn_refused);
            let tls = said(Why::Tls, "invalid peer certificate");
            assert!(
                tls.contains(s.settings.smtp_tls),
                "the field to check: {tls}"
            );
            assert!(tls.ends_with(": invalid peer certificate"));
            // What has no words of ours keeps the library's.
            assert_eq!(said(Why::Other, "x"), "lettre's words: x");
        }
    }

    #[test]
    fn a_missing_setting_is_named_as_the_settings_screen_labels_it() {
        for lang in [Lang::Ky, Lang::Ru] {
            let s = lang.strings();
            let text = mail_error_text(&MailError::NotSet("smtp.from"), s, lang);
            assert!(text.contains(s.settings.smtp_from), "{text}");
            assert!(text.contains(s.tabs[5]), "the way there: {text}");
            assert!(!text.contains("smtp.from"), "{text}");
        }
    }
}
