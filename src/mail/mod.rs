//! Delivery by e-mail: the SMTP settings, one message with one paper attached, and the two
//! ways out — a real SMTP server (lettre, TLS by rustls) or an outbox folder of `.eml` files
//! the secretary opens in her mail reader. Nothing here touches the register: callers record
//! only what a server accepted ([`Outcome::Accepted`]).

pub mod courier;
pub mod extracts;
pub mod letters;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::store::Store;

/// The environment variable that carries the SMTP password (never the database).
pub const PASSWORD_ENV: &str = "SHTAB_SMTP_PASSWORD";

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("e-mail is not set up: {0} is empty (shtab settings set {0} …)")]
    NotSet(&'static str),
    #[error("{key}: {value:?} is not an e-mail address")]
    BadSetting { key: &'static str, value: String },
    #[error("the SMTP password file {0}: {1}")]
    PasswordFile(PathBuf, String),
    #[error("the SMTP server {server} cannot be reached: {reason}")]
    Down { server: String, reason: Reason },
    #[error("the message to {to} cannot be made: {reason}")]
    Build { to: String, reason: String },
    #[error("the outbox {0}: {1}")]
    Outbox(PathBuf, std::io::Error),
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("the sending thread ended without an answer")]
    Lost,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// How the connection to the server is protected (`smtp.tls`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain connection upgraded with STARTTLS (port 587); refused when the server can't.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a server on the same host or a closed network.
    None,
}

impl TlsMode {
    pub fn from_code(code: &str) -> Option<TlsMode> {
        match code.trim() {
            "starttls" => Some(TlsMode::StartTls),
            "tls" => Some(TlsMode::Tls),
            "none" => Some(TlsMode::None),
            _ => None,
        }
    }
}

/// What `shtab settings` keeps for e-mail, with the password from outside the database.
#[derive(Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: String,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// How long to wait for the server (`smtp.timeout`): a silent server fails after it.
    pub timeout: Duration,
    password: Option<String>,
}

impl std::fmt::Debug for SmtpSettings {
    // The password never reaches a log or a message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.user)
            .field("from", &self.from.to_string())
            .field("timeout", &self.timeout)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .finish()
    }
}

fn mailbox(key: &'static str, name: &str, address: &str) -> Result<Mailbox, MailError> {
    let addr = address.trim().parse().map_err(|_| MailError::BadSetting {
        key,
        value: address.trim().to_string(),
    })?;
    let name = name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_string()),
        addr,
    ))
}

impl SmtpSettings {
    /// The settings as stored; the password from [`PASSWORD_ENV`], else from the file named
    /// by `smtp.password_file` (which must be readable by its owner only).
    pub fn load(store: &Store) -> Result<SmtpSettings, MailError> {
        let get = |k: &str| store.setting_or_default(k).map_err(MailError::from);
        let host = get("smtp.host")?;
        if host.trim().is_empty() {
            return Err(MailError::NotSet("smtp.host"));
        }
        let from_addr = get("smtp.from")?;
        if from_addr.trim().is_empty() {
            return Err(MailError::NotSet("smtp.from"));
        }
        let from = mailbox("smtp.from", &get("smtp.from_name")?, &from_addr)?;
        let reply = get("smtp.reply_to")?;
        let reply_to = if reply.trim().is_empty() {
            None
        } else {
            Some(mailbox("smtp.reply_to", "", &reply)?)
        };
        let tls = TlsMode::from_code(&get("smtp.tls")?).unwrap_or(TlsMode::StartTls);
        let port = get("smtp.port")?.trim().parse().unwrap_or(match tls {
            TlsMode::StartTls => 587,
            TlsMode::Tls => 465,
            TlsMode::None => 25,
        });
        let timeout = get("smtp.timeout")?.trim().parse().unwrap_or(30);
        let password = match std::env::var(PASSWORD_ENV) {
            Ok(p) if !p.is_empty() => Some(p),
            _ => password_from_file(&get("smtp.password_file")?)?,
        };
        Ok(SmtpSettings {
            host: host.trim().to_string(),
            port,
            tls,
            user: get("smtp.user")?.trim().to_string(),
            from,
            reply_to,
            timeout: Duration::from_secs(timeout),
            password,
        })
    }

    /// "smtp.example.kg:587".
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The password file's first line. On Unix the file must not be readable by group or others.
fn password_from_file(path: &str) -> Result<Option<String>, MailError> {
    let path = path.trim();
    if path.is_empty() {
        return Ok(None);
    }
    let p = PathBuf::from(path);
    let fail = |why: String| MailError::PasswordFile(p.clone(), why);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p)
            .map_err(|e| fail(e.to_string()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(fail(format!(
                "readable by others (mode {:o}); chmod 600 it",
                mode & 0o777
            )));
        }
    }
    let text = std::fs::read_to_string(&p).map_err(|e| fail(e.to_string()))?;
    Ok(text.lines().next().map(|l| l.trim_end().to_string()))
}

/// One message: a short text and one paper attached.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    pub file_name: String,
    pub file: Vec<u8>,
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The server took it for delivery (or it was written to the outbox).
    Accepted { message_id: String },
    /// The server refused it; its reply.
    Refused { reply: Reason },
}

/// What kind of failure, so a screen says it in the user's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The server answered with this reply code (550: no such mailbox, 535: bad password…).
    Reply(u16),
    /// Nothing listens at the address and port.
    ConnectionRefused,
    TimedOut,
    /// The TLS handshake failed (wrong port for the mode, a certificate not trusted).
    Tls,
    /// The server did not answer the connection test.
    NoAnswer,
    Other,
}

/// A failure of the server or the connection: its kind, the full English text (for the
/// CLI and logs) and the server's own words when it gave some.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub why: Why,
    pub text: String,
    /// The server's reply text, or the system's, without lettre's prefix.
    pub detail: String,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Reason {
    pub fn new(why: Why, text: &str) -> Reason {
        Reason {
            why,
            text: text.to_string(),
            detail: String::new(),
        }
    }

    /// A timeout named in words with the seconds waited (lettre says "Resource temporarily
    /// unavailable"); any other reason as it is.
    pub fn waited(self, secs: u64) -> Reason {
        if self.why != Why::TimedOut {
            return self;
        }
        Reason {
            text: format!("timed out: no answer within {secs} s ({})", self.text),
            ..self
        }
    }

    /// lettre's error, sorted: a reply code, a refused connection, a timeout, TLS.
    pub fn of(e: &lettre::transport::smtp::Error) -> Reason {
        use std::error::Error as _;
        let detail = e.source().map(|s| s.to_string()).unwrap_or_default();
        let mut io_kind = None;
        let mut cur = e.source();
        while let Some(err) = cur {
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                io_kind = Some(io.kind());
                break;
            }
            cur = err.source();
        }
        let why = if let Some(code) = e.status() {
            code.to_string().parse().map_or(Why::Other, Why::Reply)
        } else if e.is_timeout()
            || matches!(
                io_kind,
                // A read timeout is WouldBlock on Unix, TimedOut on Windows.
                Some(std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock)
            )
        {
            Why::TimedOut
        } else if io_kind == Some(std::io::ErrorKind::ConnectionRefused) {
            Why::ConnectionRefused
        } else if e.is_tls() {
            Why::Tls
        } else {
            Why::Other
        };
        Reason {
            why,
            text: e.to_string(),
            detail: detail.trim().to_string(),
        }
    }
}

/// A fresh Message-ID: the time, the process and a counter, at the sender's domain.
fn new_message_id(from: &Mailbox) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = chrono::Utc::now();
    format!(
        "<{}.{}.{n}.shtab@{}>",
        now.format("%Y%m%d%H%M%S%6f"),
        std::process::id(),
        from.email.domain()
    )
}

/// The message as lettre builds it, with its Message-ID.
pub fn build(
    from: &Mailbox,
    reply_to: Option<&Mailbox>,
    m: &Outgoing,
) -> Result<(Message, String), MailError> {
    let fail = |reason: String| MailError::Build {
        to: m.to_address.clone(),
        reason,
    };
    let to = mailbox("to", &m.to_name, &m.to_address).map_err(|e| fail(e.to_string()))?;
    let id = new_message_id(from);
    let mut b = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(id.clone()))
        .user_agent(format!("Shtab {}", env!("CARGO_PKG_VERSION")));
    if let Some(r) = reply_to {
        b = b.reply_to(r.clone());
    }
    let kind = ContentType::parse(DOCX).map_err(|e| fail(e.to_string()))?;
    let body = MultiPart::mixed()
        .singlepart(SinglePart::plain(m.body.clone()))
        .singlepart(Attachment::new(m.file_name.clone()).body(m.file.clone(), kind));
    let msg = b.multipart(body).map_err(|e| fail(e.to_string()))?;
    Ok((msg, id))
}

/// Where messages go: a server, or a folder.
pub enum Postman {
    Smtp {
        transport: Box<SmtpTransport>,
        settings: Box<SmtpSettings>,
    },
    Outbox {
        dir: PathBuf,
        from: Mailbox,
        reply_to: Option<Mailbox>,
    },
}

impl Postman {
    /// A connection to the configured server, checked before anything is sent: a server
    /// that is down gives one error and nothing is marked.
    pub fn connect(settings: SmtpSettings) -> Result<Postman, MailError> {
        let secs = settings.timeout.as_secs();
        let down = |reason: Reason| MailError::Down {
            server: settings.server(),
            reason: reason.waited(secs),
        };
        let builder = match settings.tls {
            TlsMode::StartTls => {
                SmtpTransport::starttls_relay(&settings.host).map_err(|e| down(Reason::of(&e)))?
            }
            TlsMode::Tls => {
                SmtpTransport::relay(&settings.host).map_err(|e| down(Reason::of(&e)))?
            }
            TlsMode::None => SmtpTransport::builder_dangerous(settings.host.clone()),
        };
        let mut builder = builder.port(settings.port).timeout(Some(settings.timeout));
        if let Some(p) = &settings.password {
            let user = if settings.user.is_empty() {
                settings.from.email.to_string()
            } else {
                settings.user.clone()
            };
            builder = builder.credentials(Credentials::new(user, p.clone()));
        }
        let transport = builder.build();
        match transport.test_connection() {
            Ok(true) => Ok(Postman::Smtp {
                transport: Box::new(transport),
                settings: Box::new(settings),
            }),
            Ok(false) => Err(down(Reason::new(
                Why::NoAnswer,
                "the server did not answer",
            ))),
            Err(e) => Err(down(Reason::of(&e))),
        }
    }

    /// An outbox folder (made when missing): messages become `.eml` files, nothing is sent.
    pub fn outbox(store: &Store, dir: &Path) -> Result<Postman, MailError> {
        std::fs::create_dir_all(dir).map_err(|e| MailError::Outbox(dir.to_path_buf(), e))?;
        // Without settings the outbox still works: the sender is the HQ's address if set.
        let from_addr = store.setting_or_default("smtp.from")?;
        let from = if from_addr.trim().is_empty() {
            mailbox("smtp.from", "", "shtab@localhost.localdomain")?
        } else {
            mailbox(
                "smtp.from",
                &store.setting_or_default("smtp.from_name")?,
                &from_addr,
            )?
        };
        let reply = store.setting_or_default("smtp.reply_to")?;
        let reply_to = if reply.trim().is_empty() {
            None
        } else {
            Some(mailbox("smtp.reply_to", "", &reply)?)
        };
        Ok(Postman::Outbox {
            dir: dir.to_path_buf(),
            from,
            reply_to,
        })
    }

    pub fn is_outbox(&self) -> bool {
        matches!(self, Postman::Outbox { .. })
    }

    /// Send one message. `Err` only when the way out itself fails (the server went away,
    /// the folder can't be written); a refusal of this one message is an `Outcome`.
    pub fn post(&self, m: &Outgoing, file_stem: &str) -> Result<Outcome, MailError> {
        match self {
            Postman::Smtp {
                transport,
                settings,
            } => {
                let (msg, id) = build(&settings.from, settings.reply_to.as_ref(), m)?;
                match transport.send(&msg) {
                    Ok(_) => Ok(Outcome::Accepted { message_id: id }),
                    Err(e) if e.is_permanent() || e.is_transient() => Ok(Outcome::Refused {
                        reply: Reason::of(&e),
                    }),
                    Err(e) => Err(MailError::Down {
                        server: settings.server(),
                        reason: Reason::of(&e).waited(settings.timeout.as_secs()),
                    }),
                }
            }
            Postman::Outbox {
                dir,
                from,
                reply_to,
            } => {
                let (msg, id) = build(from, reply_to.as_ref(), m)?;
                let path = crate::docs::free_name(&dir.join(format!("{file_stem}.eml")));
                // X-Unsent: Outlook opens the file as a draft, ready to send.
                let mut bytes = b"X-Unsent: 1\r\n".to_vec();
                bytes.extend(msg.formatted());
                std::fs::write(&path, bytes).map_err(|e| MailError::Outbox(path.clone(), e))?;
                Ok(Outcome::Accepted { message_id: id })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing() -> Outgoing {
        Outgoing {
            to_address: "mer@tokmok.kg".into(),
            to_name: "Мэрия".into(),
            subject: "Выписка из протокола № 12/2026 от 30.11.2026".into(),
            body: "Уважаемые коллеги!".into(),
            file_name: "vypiska-12-2026-001-meriya.docx".into(),
            file: b"PK\x03\x04 not really a docx".to_vec(),
        }
    }

    #[test]
    fn a_message_carries_its_paper_subject_and_id() {
        let from = mailbox("smtp.from", "Штаб", "shtab@tokmok.kg").unwrap();
        let (msg, id) = build(&from, None, &outgoing()).unwrap();
        let text = String::from_utf8_lossy(&msg.formatted()).to_string();
        assert!(id.starts_with('<') && id.ends_with("@tokmok.kg>"), "{id}");
        assert!(text.contains(&format!("Message-ID: {id}")), "{text}");
        assert!(
            text.contains("To: =?utf-8?"),
            "a Cyrillic name is encoded: {text}"
        );
        assert!(text.contains("mer@tokmok.kg"));
        assert!(text.contains("vypiska-12-2026-001-meriya.docx"));
        assert!(text.contains(DOCX));
    }

    #[test]
    fn two_messages_never_share_an_id() {
        let from = mailbox("smtp.from", "", "shtab@tokmok.kg").unwrap();
        let (_, a) = build(&from, None, &outgoing()).unwrap();
        let (_, b) = build(&from, None, &outgoing()).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn a_bad_address_is_named() {
        let from = mailbox("smtp.from", "", "shtab@tokmok.kg").unwrap();
        let mut m = outgoing();
        m.to_address = "not an address".into();
        let e = build(&from, None, &m).unwrap_err().to_string();
        assert!(e.contains("not an address"), "{e}");
    }

    #[test]
    fn settings_never_show_the_password() {
        let s = SmtpSettings {
            host: "smtp.tokmok.kg".into(),
            port: 587,
            tls: TlsMode::StartTls,
            user: "shtab".into(),
            from: mailbox("smtp.from", "", "shtab@tokmok.kg").unwrap(),
            reply_to: None,
            timeout: Duration::from_secs(30),
            password: Some("s3cret-word".into()),
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("s3cret-word"), "{shown}");
        assert!(shown.contains("***"));
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("shtab-pw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("pw");
        std::fs::write(&f, "secret\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = password_from_file(f.to_str().unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("chmod 600"), "{e}");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            password_from_file(f.to_str().unwrap()).unwrap().as_deref(),
            Some("secret")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn tls_modes_read_from_their_codes() {
        assert_eq!(TlsMode::from_code("starttls"), Some(TlsMode::StartTls));
        assert_eq!(TlsMode::from_code(" tls "), Some(TlsMode::Tls));
        assert_eq!(TlsMode::from_code("none"), Some(TlsMode::None));
        assert_eq!(TlsMode::from_code("ssl"), None);
    }
}
