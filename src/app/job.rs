//! One background job type: spawn work on a named thread, see how long it has run, and take
//! its result over a channel; the window is woken when it is done. The UI thread only polls.

use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// Work running on a background thread, with its result to come.
pub struct Job<T> {
    rx: Receiver<T>,
    started: Instant,
    /// What the job does, for the status bar ("Saving review.ron").
    pub label: String,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named after the job; `wake` is called when it is done (to
    /// repaint the window).
    ///
    /// # Errors
    /// The thread could not be started.
    pub fn spawn(
        label: impl Into<String>,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let label = label.into();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::Builder::new().name(format!("job: {label}")).spawn(move || {
            let result = work();
            // The app may be gone; then nobody waits for the result.
            let _ = tx.send(result);
            wake();
        })?;
        Ok(Self { rx, started: Instant::now(), label })
    }

    /// The result, once the work is done (`Some` once; the job is then finished).
    pub fn poll(&self) -> Option<T> {
        self.rx.try_recv().ok()
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_delivers_its_result_once_and_wakes_the_window() {
        let woken = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = woken.clone();
        let job = Job::spawn(
            "sum",
            move || flag.store(true, std::sync::atomic::Ordering::SeqCst),
            || (1..=100u32).sum::<u32>(),
        )
        .unwrap();
        let start = Instant::now();
        let result = loop {
            if let Some(r) = job.poll() {
                break r;
            }
            assert!(start.elapsed() < Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(result, 5050);
        assert!(job.poll().is_none(), "delivered once");
        while !woken.load(std::sync::atomic::Ordering::SeqCst) {
            assert!(start.elapsed() < Duration::from_secs(30));
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}
