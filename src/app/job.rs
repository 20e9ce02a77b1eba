//! One background job type: spawn work on a named thread, follow its progress, ask it to
//! stop, and take its result over a channel (and, for work that delivers as it goes, its
//! news over a feed); the window is woken when there is news. The UI thread only polls. A
//! job whose thread died without a result says so instead of hanging. Every long task of
//! the app (opening a project, saving, autosaving, exports, PDF and table and REFI-QDA
//! imports, comparisons,
//! text recognition, the look for moved PDFs and for unsaved work) is one of these; the
//! long-lived services (page drawing, suggestions) are threads of their own.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How far a job has come.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Steps done.
    pub done: usize,
    /// Steps in all (0 when unknown).
    pub of: usize,
    /// What it is doing now ("Recognising page 3 of 12").
    pub note: String,
}

/// What a job and the app share: the wish to stop, and the progress.
#[derive(Default)]
pub struct Control {
    cancel: AtomicBool,
    progress: Mutex<Option<Progress>>,
    wake: Option<Box<dyn Fn() + Send + Sync>>,
}

impl Control {
    /// Whether the app asked the job to stop.
    #[must_use]
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// The stop flag itself, for work that checks it (a worker process is killed when set).
    #[must_use]
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// Tells the app how far the job has come (and wakes the window to show it).
    pub fn report(&self, done: usize, of: usize, note: impl Into<String>) {
        if let Ok(mut p) = self.progress.lock() {
            *p = Some(Progress { done, of, note: note.into() });
        }
        if let Some(wake) = &self.wake {
            wake();
        }
    }
}

/// Work running on a background thread, with its result to come.
pub struct Job<T> {
    rx: Receiver<T>,
    started: Instant,
    control: Arc<Control>,
    /// Whether the thread ended without a result (it panicked).
    died: Cell<bool>,
    /// What the job does, for the status bar ("Saving review.ron").
    pub label: String,
}

/// News a job sends while it runs (each file of an import as it is read), in order.
pub struct Feed<E> {
    rx: Receiver<E>,
}

impl<E> Feed<E> {
    /// The news that arrived since the last call.
    pub fn take(&self) -> Vec<E> {
        self.rx.try_iter().collect()
    }
}

/// The sending end of a feed, for the job's work.
pub struct Tell<E> {
    tx: Sender<E>,
    control: Arc<Control>,
}

impl<E> Tell<E> {
    /// Sends news (and wakes the window to show it). News nobody waits for is dropped.
    pub fn send(&self, news: E) {
        let _ = self.tx.send(news);
        if let Some(wake) = &self.control.wake {
            wake();
        }
    }
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named after the job; `wake` is called when it reports
    /// progress and when it is done (to repaint the window).
    ///
    /// # Errors
    /// The thread could not be started.
    pub fn spawn(
        label: impl Into<String>,
        wake: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&Control) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn_sharing(label, wake, move |control, _| work(control))
    }

    /// As [`Job::spawn`], for work that also sends news while it runs: the news comes over
    /// the returned feed, before the result.
    ///
    /// # Errors
    /// The thread could not be started.
    pub fn spawn_with_feed<E: Send + 'static>(
        label: impl Into<String>,
        wake: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&Control, &Tell<E>) -> T + Send + 'static,
    ) -> std::io::Result<(Self, Feed<E>)> {
        let (tx, rx) = std::sync::mpsc::channel();
        let job = Self::spawn_sharing(label, wake, move |control, shared| {
            let tell = Tell { tx, control: shared };
            work(control, &tell)
        })?;
        Ok((job, Feed { rx }))
    }

    /// Spawns `work`, which also gets the shared control (to build a [`Tell`]).
    fn spawn_sharing(
        label: impl Into<String>,
        wake: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&Control, Arc<Control>) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let label = label.into();
        let (tx, rx) = std::sync::mpsc::channel();
        let control = Arc::new(Control { wake: Some(Box::new(wake)), ..Control::default() });
        let shared = control.clone();
        std::thread::Builder::new().name(format!("job: {label}")).spawn(move || {
            let result = work(&shared, shared.clone());
            // The app may be gone; then nobody waits for the result.
            let _ = tx.send(result);
            if let Some(wake) = &shared.wake {
                wake();
            }
        })?;
        Ok(Self { rx, started: Instant::now(), control, died: Cell::new(false), label })
    }

    /// The result, once the work is done (`Some` once; the job is then finished).
    pub fn poll(&self) -> Option<T> {
        match self.rx.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.died.set(true);
                None
            }
        }
    }

    /// Whether the thread ended without a result (found by [`Job::poll`]); the app then
    /// drops the job and says so rather than waiting for ever.
    #[must_use]
    pub fn died(&self) -> bool {
        self.died.get()
    }

    /// Waits for the result (for a short job that must finish before the app goes on).
    pub fn wait(self) -> Option<T> {
        self.rx.recv().ok()
    }

    /// How long it has been running.
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// Asks the job to stop; it decides when it safely can.
    pub fn cancel(&self) {
        self.control.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether it was asked to stop.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.control.cancel.load(Ordering::Relaxed)
    }

    /// Its last report of progress, if any.
    #[must_use]
    pub fn progress(&self) -> Option<Progress> {
        self.control.progress.lock().ok().and_then(|p| p.clone())
    }

    /// What the status bar says of it: its label, its progress, and for how long it has run.
    #[must_use]
    pub fn note(&self) -> String {
        match self.progress() {
            Some(p) if !p.note.is_empty() => format!("{}… {}", self.label, p.note),
            Some(p) if p.of > 0 => format!("{}… {} of {}", self.label, p.done, p.of),
            _ => format!("{}… {:.1} s", self.label, self.elapsed().as_secs_f32()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait_for<T: Send + 'static>(job: &Job<T>) -> T {
        let start = Instant::now();
        loop {
            if let Some(r) = job.poll() {
                return r;
            }
            assert!(start.elapsed() < Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_job_delivers_its_result_once_and_wakes_the_window() {
        let woken = Arc::new(AtomicBool::new(false));
        let flag = woken.clone();
        let job = Job::spawn("sum", move || flag.store(true, Ordering::SeqCst), |_| (1..=100u32).sum::<u32>()).unwrap();
        assert_eq!(wait_for(&job), 5050);
        assert!(job.poll().is_none(), "delivered once");
        let start = Instant::now();
        while !woken.load(Ordering::SeqCst) {
            assert!(start.elapsed() < Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_feed_delivers_news_in_order_before_the_result() {
        let (job, feed) = Job::spawn_with_feed(
            "count",
            || {},
            |_, tell: &Tell<u32>| {
                for i in 0..5 {
                    tell.send(i);
                }
                "done"
            },
        )
        .unwrap();
        assert_eq!(wait_for(&job), "done");
        assert_eq!(feed.take(), [0, 1, 2, 3, 4]);
        assert!(feed.take().is_empty());
    }

    #[test]
    fn a_job_whose_thread_dies_says_so() {
        let job: Job<u32> = Job::spawn("doomed", || {}, |_| panic!("on purpose")).unwrap();
        let start = Instant::now();
        while !job.died() {
            assert!(job.poll().is_none());
            assert!(start.elapsed() < Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_job_reports_progress_and_stops_when_asked() {
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let job = Job::spawn(
            "count",
            || {},
            move |control: &Control| {
                let mut n = 0;
                while !control.cancelled() {
                    n += 1;
                    control.report(n, 0, format!("step {n}"));
                    if n == 3 {
                        let _ = go_tx.send(());
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
                n
            },
        )
        .unwrap();
        go_rx.recv().unwrap();
        assert!(job.progress().is_some_and(|p| p.done >= 3));
        assert!(job.note().starts_with("count… step "), "{}", job.note());
        job.cancel();
        assert!(wait_for(&job) >= 3, "it stopped where it was");
    }
}
