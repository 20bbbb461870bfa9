//! Sending a signed protocol's extracts: one message per organization its decisions name,
//! each with its extract as .docx, in the protocol's language. The register gets a line for
//! each message a server accepted, and for nothing else.

use chrono::NaiveDate;

use super::{MailError, Outcome, Outgoing, Postman, Reason};
use crate::docs::Format;
use crate::docs::protocol::ProtocolPaper;
use crate::domain::date;
use crate::i18n::mail;
use crate::store::Store;

/// Which extracts to send.
#[derive(Debug, Clone, Default)]
pub struct Choice {
    /// Only these organizations (empty: every one the protocol names).
    pub only: Vec<i64>,
    /// Send to organizations already in the register too.
    pub again: bool,
}

/// What became of one organization's extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivered {
    /// Accepted by the server and recorded in the register.
    Sent { address: String, message_id: String },
    /// Written to the outbox as an .eml file; nothing recorded.
    Written { address: String },
    /// The server refused it (its reply); nothing recorded.
    Refused { address: String, reply: Reason },
    /// The directory has no e-mail for the organization.
    NoAddress,
    /// In the register already (sent again only when asked).
    AlreadyDelivered,
    /// Not tried: the server went away before its turn.
    NotTried { reason: String },
}

impl Delivered {
    /// A failure the command reports (and exits non-zero for).
    pub fn failed(&self) -> bool {
        matches!(
            self,
            Delivered::Refused { .. } | Delivered::NoAddress | Delivered::NotTried { .. }
        )
    }
}

#[derive(Debug, Clone)]
pub struct ExtractSent {
    pub organization_id: i64,
    pub organization: String,
    pub delivered: Delivered,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the protocol is not signed: extracts go out once it is")]
    NotSigned,
    #[error("the protocol gives no task: there is no extract to send")]
    NoExtracts,
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Docs(#[from] crate::docs::DocsError),
}

/// The message for one organization's extract (in the paper's language).
fn message(paper: &ProtocolPaper, org: i64, address: &str) -> Result<Outgoing, SendError> {
    let s = mail::strings(paper.lang);
    let p = &paper.doc.protocol;
    let label = p.label().unwrap_or_default();
    let on = date::format(p.date);
    let file_name = paper.extract_file_name(org, Format::Docx);
    let points = paper.extract_points(org).join(", ");
    let hq = paper.hq_genitive();
    let body = format!(
        "{}\n\n{}",
        s.extract_body.fill([&hq, &label, &on, &points, &file_name]),
        s.signature.fill([&paper.hq_name])
    );
    let to_name = paper
        .organizations
        .iter()
        .find(|o| o.id == org)
        .map(|o| o.name(paper.lang == crate::i18n::Lang::Ru).to_string())
        .unwrap_or_default();
    Ok(Outgoing {
        to_address: address.to_string(),
        to_name,
        subject: s.extract_subject.fill([&label, &on]),
        body,
        file_name,
        file: Format::Docx.render(&paper.extract(org))?,
    })
}

/// The extracts of one protocol on their way out, one message per step (so a screen can
/// draw its progress between them).
pub struct Batch {
    paper: ProtocolPaper,
    protocol_id: i64,
    lang: crate::i18n::Lang,
    /// (organization, already in the register), in the protocol's order.
    queue: Vec<(i64, bool)>,
    again: bool,
    done: Vec<ExtractSent>,
    down: Option<String>,
}

impl Batch {
    /// What `choice` sends of signed protocol `protocol_id`.
    pub fn new(store: &Store, protocol_id: i64, choice: &Choice) -> Result<Batch, SendError> {
        let lang = store.papers_lang().map_err(MailError::from)?;
        let paper = ProtocolPaper::load(store, protocol_id, lang).map_err(MailError::from)?;
        if !paper.doc.protocol.is_signed() {
            return Err(SendError::NotSigned);
        }
        let mut orgs = paper.extract_addressees();
        if orgs.is_empty() {
            return Err(SendError::NoExtracts);
        }
        if !choice.only.is_empty() {
            orgs.retain(|o| choice.only.contains(o));
        }
        let delivered: Vec<i64> = store
            .deliveries(protocol_id)
            .map_err(MailError::from)?
            .iter()
            .map(|d| d.organization_id)
            .collect();
        let queue = orgs
            .into_iter()
            .map(|o| (o, delivered.contains(&o)))
            .rev()
            .collect();
        Ok(Batch {
            paper,
            protocol_id,
            lang,
            queue,
            again: choice.again,
            done: Vec::new(),
            down: None,
        })
    }

    /// Messages this batch will try (organizations not in the register, or all with `again`).
    pub fn to_send(&self) -> usize {
        self.queue
            .iter()
            .filter(|(_, delivered)| self.again || !delivered)
            .count()
    }

    pub fn total(&self) -> usize {
        self.done.len() + self.queue.len()
    }

    pub fn finished(&self) -> usize {
        self.done.len()
    }

    pub fn is_done(&self) -> bool {
        self.queue.is_empty()
    }

    pub fn results(&self) -> &[ExtractSent] {
        &self.done
    }

    pub fn into_results(self) -> Vec<ExtractSent> {
        self.done
    }

    pub fn protocol_id(&self) -> i64 {
        self.protocol_id
    }

    /// Take the next organization and send its extract, recording nothing (a worker thread
    /// does this; the owner of the store records each [`Delivered::Sent`] with [`record`]).
    /// `None` when the queue is empty.
    pub fn post_next(&mut self, postman: &Postman) -> Result<Option<ExtractSent>, SendError> {
        let Some((org, delivered)) = self.queue.pop() else {
            return Ok(None);
        };
        let ru = self.lang == crate::i18n::Lang::Ru;
        let o = self.paper.organizations.iter().find(|o| o.id == org);
        let name = o.map(|o| o.name(ru).to_string()).unwrap_or_default();
        let address = o.map(|o| o.email.trim().to_string()).unwrap_or_default();
        let result = if let Some(reason) = &self.down {
            Delivered::NotTried {
                reason: reason.clone(),
            }
        } else if delivered && !self.again {
            Delivered::AlreadyDelivered
        } else if address.is_empty() {
            Delivered::NoAddress
        } else {
            let m = message(&self.paper, org, &address)?;
            let stem = m.file_name.trim_end_matches(".docx").to_string();
            match postman.post(&m, &stem) {
                Ok(Outcome::Accepted { .. }) if postman.is_outbox() => {
                    Delivered::Written { address }
                }
                Ok(Outcome::Accepted { message_id }) => Delivered::Sent {
                    address,
                    message_id,
                },
                Ok(Outcome::Refused { reply }) => Delivered::Refused { address, reply },
                Err(e @ MailError::Down { .. }) => {
                    let reason = e.to_string();
                    self.down = Some(reason.clone());
                    Delivered::NotTried { reason }
                }
                Err(e) => return Err(e.into()),
            }
        };
        Ok(Some(ExtractSent {
            organization_id: org,
            organization: name,
            delivered: result,
        }))
    }

    /// Take the next organization: send its extract (and record it when accepted).
    pub fn step(
        &mut self,
        store: &mut Store,
        postman: &Postman,
        today: NaiveDate,
    ) -> Result<(), SendError> {
        if let Some(sent) = self.post_next(postman)? {
            record(store, self.protocol_id, &sent, today)?;
            self.done.push(sent);
        }
        Ok(())
    }
}

/// The register line of a message the server accepted (nothing for any other outcome).
pub fn record(
    store: &mut Store,
    protocol_id: i64,
    sent: &ExtractSent,
    today: NaiveDate,
) -> Result<(), SendError> {
    if let Delivered::Sent {
        address,
        message_id,
    } = &sent.delivered
    {
        store
            .record_extract_email(
                protocol_id,
                sent.organization_id,
                address,
                message_id,
                today,
            )
            .map_err(MailError::from)?;
    }
    Ok(())
}

/// Send the chosen extracts of signed protocol `protocol_id` through `postman`, calling
/// `progress(done, total)` after each. Each accepted message is recorded at once (so a
/// failure later loses nothing sent before it).
pub fn send(
    store: &mut Store,
    protocol_id: i64,
    choice: &Choice,
    postman: &Postman,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<ExtractSent>, SendError> {
    let mut batch = Batch::new(store, protocol_id, choice)?;
    let total = batch.total();
    while !batch.is_done() {
        batch.step(store, postman, today)?;
        progress(batch.finished(), total);
    }
    Ok(batch.into_results())
}
