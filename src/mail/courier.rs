//! Extracts sent off the event loop: the SMTP conversation runs on a thread of its own (a
//! slow server blocks no key), each outcome comes back as news, and whoever owns the store
//! records the accepted ones as they arrive ([`super::extracts::record`]). The register thus
//! holds exactly what the server accepted: [`Courier::stop`] lets the message in flight end
//! and hands back its outcome, so quitting mid-way loses no acceptance and sends no more.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread::JoinHandle;

use super::extracts::{Batch, ExtractSent, SendError};
use super::{MailError, Postman};

/// What the thread reports.
#[derive(Debug)]
pub enum News {
    /// One organization's extract: sent (to be recorded), refused, no address…
    One(ExtractSent),
    /// Nothing more goes: the server could not be reached, or a paper could not be made.
    Failed(SendError),
}

/// The way out, made on the thread (connecting may take the server's whole timeout).
pub type Connect = Box<dyn FnOnce() -> Result<Postman, MailError> + Send>;

pub struct Courier {
    news: Receiver<News>,
    /// News sent and not taken yet (a receiver cannot be peeked at).
    waiting: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    total: usize,
    taken: usize,
    protocol_id: i64,
}

impl Courier {
    /// Start sending `batch` through the postman `connect` makes.
    pub fn start(mut batch: Batch, connect: Connect) -> std::io::Result<Courier> {
        let (tx, news) = mpsc::channel();
        let waiting = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (total, protocol_id) = (batch.total(), batch.protocol_id());
        let (w, halt) = (waiting.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("shtab-mail".into())
            .spawn(move || {
                // Counted before it is sent, so the owner never sees news it was not told of.
                let say = |n: News| {
                    w.fetch_add(1, Ordering::SeqCst);
                    tx.send(n).is_ok()
                };
                let postman = match connect() {
                    Ok(p) => p,
                    Err(e) => {
                        say(News::Failed(e.into()));
                        return;
                    }
                };
                while !halt.load(Ordering::SeqCst) {
                    match batch.post_next(&postman) {
                        Ok(Some(sent)) => {
                            if !say(News::One(sent)) {
                                break;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            say(News::Failed(e));
                            break;
                        }
                    }
                }
            })?;
        Ok(Courier {
            news,
            waiting,
            stop,
            thread: Some(thread),
            total,
            taken: 0,
            protocol_id,
        })
    }

    /// News is waiting, or the thread has ended (the owner then takes the last of it).
    pub fn has_news(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) > 0
            || self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// The news that came, without waiting; `true` in the second place once the thread has
    /// ended and every piece of news was taken.
    pub fn take(&mut self) -> (Vec<News>, bool) {
        let mut got = Vec::new();
        loop {
            match self.news.try_recv() {
                Ok(n) => {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    if matches!(n, News::One(_)) {
                        self.taken += 1;
                    }
                    got.push(n);
                }
                Err(TryRecvError::Empty) => return (got, false),
                Err(TryRecvError::Disconnected) => {
                    if let Some(t) = self.thread.take() {
                        // The thread has ended (its sender is gone): joining does not wait.
                        let _ = t.join();
                    }
                    return (got, true);
                }
            }
        }
    }

    /// Send no more: the message in flight ends (at most the server's timeout), and the
    /// news not taken yet is handed back, so its acceptances can be recorded.
    pub fn stop(mut self) -> Vec<News> {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let mut got = Vec::new();
        while let Ok(n) = self.news.try_recv() {
            got.push(n);
        }
        got
    }

    /// (organizations done, all in the batch), for a gauge.
    pub fn progress(&self) -> (usize, usize) {
        (self.taken, self.total)
    }

    pub fn protocol_id(&self) -> i64 {
        self.protocol_id
    }
}

impl Drop for Courier {
    /// A courier dropped without [`Courier::stop`] sends no more (its news would be lost).
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// What became of one message sent by an [`Errand`].
pub type Posted = Result<super::Outcome, MailError>;

/// One message (the Compliance tab's letter) sent on a thread of its own: the connection
/// and the conversation block no key; the owner records the outcome when it comes.
pub struct Errand {
    outcome: Receiver<Posted>,
    thread: Option<JoinHandle<()>>,
}

impl Errand {
    /// Send `message` (`stem` names its .eml in an outbox) through what `connect` makes.
    pub fn start(
        message: super::Outgoing,
        stem: String,
        connect: Connect,
    ) -> std::io::Result<Errand> {
        let (tx, outcome) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("shtab-letter".into())
            .spawn(move || {
                let posted = connect().and_then(|p| p.post(&message, &stem));
                let _ = tx.send(posted);
            })?;
        Ok(Errand {
            outcome,
            thread: Some(thread),
        })
    }

    /// The outcome is there to take (the thread has ended).
    pub fn is_done(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// The outcome, without waiting; `None` while the message goes.
    pub fn take(&mut self) -> Option<Posted> {
        let got = match self.outcome.try_recv() {
            Ok(p) => p,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(MailError::Lost),
        };
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        Some(got)
    }

    /// Wait for the outcome (quitting: the message in flight ends, at most the timeout).
    pub fn wait(mut self) -> Posted {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.outcome.try_recv().unwrap_or(Err(MailError::Lost))
    }
}
