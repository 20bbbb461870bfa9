//! Work off the event loop: a tab's figures (the compliance list, the task count) are read
//! by a thread with its own read-only connection to the same database file (WAL lets it
//! read beside the writer), so a key never waits for them. Each result comes back tagged
//! with the tab that asked and that tab's generation; the app hands it to the screen only
//! if that tab is still shown and asked nothing newer since.
//!
//! An in-memory database cannot be opened twice: then (and in tests that want it) a job runs
//! inline, at once, on the app's own store — the same result by the same code.

use std::any::Any;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::screens::Tab;
use crate::store::Store;
use crate::theme;

/// What a job found, to be downcast by the screen that asked for it.
pub type Output = Box<dyn Any + Send>;

/// A job: reads the store (never writes), returns what the screen asked for.
pub type Job = Box<dyn FnOnce(&Store) -> Output + Send>;

/// A job inside an [`crate::screens::component::Effect`].
pub struct Work(pub Job);

impl std::fmt::Debug for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Work")
    }
}

/// A job's result, on its way back to the screen that asked.
pub struct Done {
    pub tab: Tab,
    pub generation: u64,
    pub output: Output,
    /// How long the job itself took (benches report it).
    pub took: Duration,
}

struct Request {
    tab: Tab,
    generation: u64,
    job: Job,
}

/// The thread and its two channels.
struct Thread {
    jobs: Option<Sender<Request>>,
    done: Receiver<Done>,
    handle: Option<JoinHandle<()>>,
}

impl Thread {
    fn start(path: &Path) -> crate::store::Result<Thread> {
        let store = Store::open_read_only(path)?;
        let (jobs, inbox) = mpsc::channel::<Request>();
        let (outbox, done) = mpsc::channel::<Done>();
        let handle = std::thread::Builder::new()
            .name("shtab-worker".into())
            .spawn(move || serve(store, inbox, outbox))
            .map_err(|e| {
                crate::store::StoreError::Failed(crate::store::Failure::Read(path.to_path_buf(), e))
            })?;
        Ok(Thread {
            jobs: Some(jobs),
            done,
            handle: Some(handle),
        })
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop after the job in hand.
        self.jobs = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The worker's loop: of the jobs waiting, only each tab's newest is run (an older one's
/// result would be dropped anyway).
fn serve(store: Store, inbox: Receiver<Request>, outbox: Sender<Done>) {
    while let Ok(first) = inbox.recv() {
        let mut waiting: Vec<Request> = vec![first];
        for r in inbox.try_iter() {
            waiting.retain(|w| w.tab != r.tab);
            waiting.push(r);
        }
        for r in waiting {
            let started = Instant::now();
            let output = (r.job)(&store);
            let done = Done {
                tab: r.tab,
                generation: r.generation,
                output,
                took: started.elapsed(),
            };
            if outbox.send(done).is_err() {
                return;
            }
        }
    }
}

/// The app's side: the thread (if any), each tab's latest generation, and what has come
/// back and not yet been handed over.
#[derive(Default)]
pub struct Jobs {
    thread: Option<Thread>,
    /// Per tab (by index): the generation of its newest request, and whether it is awaited.
    latest: [u64; Tab::ALL.len()],
    waiting: [bool; Tab::ALL.len()],
    /// Results of inline jobs, handed over at the next poll.
    ready: VecDeque<Done>,
    /// Results thrown away (stale or for a tab left): for tests and benches.
    dropped: u64,
}

impl Jobs {
    /// Start the thread on the database file at `path`. An error leaves jobs inline.
    pub fn start(&mut self, path: &Path) -> crate::store::Result<()> {
        self.thread = Some(Thread::start(path)?);
        Ok(())
    }

    /// Is a thread running (else jobs run inline)?
    pub fn threaded(&self) -> bool {
        self.thread.is_some()
    }

    /// Ask for `job` on behalf of `tab`; any older request of that tab is superseded. With
    /// no thread the job runs now on `store`.
    pub fn ask(&mut self, tab: Tab, job: Job, store: &Store) {
        let i = tab.index();
        self.latest[i] += 1;
        self.waiting[i] = true;
        let generation = self.latest[i];
        let request = Request {
            tab,
            generation,
            job,
        };
        let request = match self.thread.as_ref().and_then(|t| t.jobs.as_ref()) {
            Some(jobs) => match jobs.send(request) {
                Ok(()) => return,
                // The thread is gone (it cannot be, short of a panic in a job): inline.
                Err(mpsc::SendError(r)) => r,
            },
            None => request,
        };
        let started = Instant::now();
        let output = (request.job)(store);
        self.ready.push_back(Done {
            tab,
            generation,
            output,
            took: started.elapsed(),
        });
    }

    /// Is `tab` waiting for a result?
    pub fn waiting(&self, tab: Tab) -> bool {
        self.waiting[tab.index()]
    }

    /// Is any tab waiting (the event loop then polls often)?
    pub fn any_waiting(&self) -> bool {
        self.waiting.iter().any(|w| *w)
    }

    /// Results thrown away so far.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The results that arrived for `shown`, newest request only; the rest are dropped. A
    /// tab not shown stops waiting (it asks again when it is shown).
    pub fn take(&mut self, shown: Tab) -> Vec<Done> {
        if let Some(t) = &self.thread {
            self.ready.extend(t.done.try_iter());
        }
        for (i, w) in self.waiting.iter_mut().enumerate() {
            if Tab::from_index(i) != shown {
                *w = false;
            }
        }
        let mut out = Vec::new();
        for d in self.ready.drain(..) {
            let i = d.tab.index();
            if d.tab == shown && d.generation == self.latest[i] {
                self.waiting[i] = false;
                out.push(d);
            } else {
                self.dropped += 1;
            }
        }
        out
    }
}

/// The "computing…" mark at the top right of the screen's body, over its border.
pub fn render_mark(frame: &mut Frame, body: Rect, text: &str) {
    let label = format!(" {text} ");
    let w = label.width() as u16;
    if body.width < w + 4 || body.height == 0 {
        return;
    }
    let area = Rect::new(body.right() - w - 2, body.y, w, 1);
    let style = theme::warn().add_modifier(Modifier::BOLD);
    frame.render_widget(Span::styled(label, style), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("w.db")).unwrap();
        (dir, store)
    }

    fn wait_for(jobs: &mut Jobs, shown: Tab) -> Vec<Done> {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            let got = jobs.take(shown);
            if !got.is_empty() || Instant::now() > until {
                return got;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn number(d: &Done) -> i64 {
        *d.output.downcast_ref::<i64>().unwrap()
    }

    #[test]
    fn a_job_reads_the_file_on_the_thread_and_comes_back_tagged() {
        let (dir, store) = file_store();
        let mut jobs = Jobs::default();
        jobs.start(&dir.path().join("w.db")).unwrap();
        assert!(jobs.threaded());
        let job: Job = Box::new(|s: &Store| {
            let n = s
                .organizations(&crate::store::OrgFilter {
                    include_inactive: true,
                    ..Default::default()
                })
                .unwrap()
                .len() as i64;
            Box::new(n + 1000)
        });
        jobs.ask(Tab::Compliance, job, &store);
        assert!(jobs.waiting(Tab::Compliance));
        let got = wait_for(&mut jobs, Tab::Compliance);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].tab, got[0].generation), (Tab::Compliance, 1));
        assert_eq!(
            number(&got[0]),
            1000,
            "an empty database has no organizations"
        );
        assert!(!jobs.waiting(Tab::Compliance));
    }

    #[test]
    fn an_older_generation_and_a_tab_left_are_dropped() {
        let (dir, store) = file_store();
        let mut jobs = Jobs::default();
        jobs.start(&dir.path().join("w.db")).unwrap();
        // The first job is surely under way (it says so) before the second is asked: its
        // result comes back, and is dropped as stale.
        let (started_tx, started) = mpsc::channel::<()>();
        let (go_tx, go) = mpsc::channel::<()>();
        jobs.ask(
            Tab::Tasks,
            Box::new(move |_| {
                let _ = started_tx.send(());
                let _ = go.recv_timeout(Duration::from_secs(10));
                Box::new(1i64)
            }),
            &store,
        );
        started.recv_timeout(Duration::from_secs(10)).unwrap();
        jobs.ask(Tab::Tasks, Box::new(|_| Box::new(2i64)), &store);
        go_tx.send(()).unwrap();
        let mut got = Vec::new();
        while got.is_empty() {
            got = wait_for(&mut jobs, Tab::Tasks);
        }
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].generation, number(&got[0])), (2, 2));
        assert_eq!(jobs.dropped(), 1, "the first job's result was thrown away");
        // A result for a tab no longer shown is dropped, and the tab stops waiting.
        jobs.ask(Tab::Reports, Box::new(|_| Box::new(3i64)), &store);
        std::thread::sleep(Duration::from_millis(50));
        let until = Instant::now() + Duration::from_secs(20);
        while jobs.dropped() < 2 && Instant::now() < until {
            assert!(jobs.take(Tab::Tasks).is_empty());
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(jobs.dropped(), 2);
        assert!(!jobs.waiting(Tab::Reports));
    }

    #[test]
    fn without_a_thread_a_job_runs_inline_with_the_same_rules() {
        let store = Store::open_in_memory().unwrap();
        let mut jobs = Jobs::default();
        assert!(!jobs.threaded());
        jobs.ask(Tab::Agenda, Box::new(|_| Box::new(7i64)), &store);
        jobs.ask(Tab::Agenda, Box::new(|_| Box::new(8i64)), &store);
        let got = jobs.take(Tab::Agenda);
        assert_eq!(got.len(), 1);
        assert_eq!(number(&got[0]), 8);
        assert_eq!(jobs.dropped(), 1);
        assert!(!jobs.any_waiting());
    }
}
