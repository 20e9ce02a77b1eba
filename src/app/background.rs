//! The app's background work: every long task (exports, table and REFI-QDA imports,
//! comparisons, writing a consensus) runs as a [`Job`] on a snapshot of what it needs, and
//! hands back what to do with its result, which the UI thread applies when it is done (an
//! edit, a new project, messages). The status bar shows the work under way with its
//! progress, and a Cancel button for work that can safely stop.

use super::BefitsApp;
use super::job::{Control, Job};
use crate::ui::{Busy, Message};

/// What a job hands back: applied on the UI thread, with the app.
pub(super) type Finish = Box<dyn FnOnce(&mut BefitsApp, &egui::Context) + Send>;

/// A job under way.
pub(super) struct Work {
    pub(super) job: Job<Finish>,
    /// What the status bar's Stop does to it.
    stop: Stop,
    /// Whether it reads the project to open (which the app waits for: if it ends without a
    /// result, the app stops waiting).
    reads_project: bool,
}

/// What the status bar's Stop does to a job.
#[derive(Clone, Copy)]
struct Stop {
    /// Whether Stop is offered: stopping half way leaves nothing half done (reading,
    /// computing, writing a file atomically).
    offered: bool,
    /// Whether its result is dropped once it was asked to stop, however late the stop came:
    /// work whose result is only shown or opened (a comparison, a file read for a preview).
    drops_result: bool,
}

/// A finish that only shows messages.
pub(super) fn messages(messages: Vec<Message>) -> Finish {
    Box::new(move |app: &mut BefitsApp, _: &egui::Context| {
        for m in messages {
            app.message(m);
        }
    })
}

impl BefitsApp {
    /// Whether background work other than saving is under way.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// Runs `work` in the background; what it returns is applied when it is done.
    pub(super) fn run_work(
        &mut self,
        label: String,
        cancellable: bool,
        work: impl FnOnce(&Control) -> Finish + Send + 'static,
    ) {
        self.spawn_work(label, Stop { offered: cancellable, drops_result: cancellable }, false, work);
    }

    /// As [`Self::run_work`], for work whose result belongs to the open project (an edit, a
    /// review over it): the result is applied only if that project is still the one open,
    /// never to another opened meanwhile, whose ids may be the same (every project numbers
    /// its articles from 1).
    pub(super) fn run_for_project(
        &mut self,
        label: String,
        cancellable: bool,
        work: impl FnOnce(&Control) -> Finish + Send + 'static,
    ) {
        let serial = self.session.as_ref().map(|s| s.serial);
        let name = label.clone();
        self.spawn_work(label, Stop { offered: cancellable, drops_result: cancellable }, false, move |control| {
            let finish = work(control);
            Box::new(move |app: &mut BefitsApp, ctx: &egui::Context| {
                if app.session.as_ref().map(|s| s.serial) == serial {
                    finish(app, ctx);
                } else {
                    app.message(Message::warning(format!(
                        "{name}: not applied, because another project was opened meanwhile; do it again in the project it was for."
                    )));
                }
            })
        });
    }

    /// As [`Self::run_work`], for the reading of the project to open (see
    /// [`Self::begin_reading`]).
    pub(super) fn run_reading(&mut self, label: String, work: impl FnOnce(&Control) -> Finish + Send + 'static) {
        self.spawn_work(label, Stop { offered: false, drops_result: false }, true, work);
    }

    fn spawn_work(
        &mut self,
        label: String,
        stop: Stop,
        reads_project: bool,
        work: impl FnOnce(&Control) -> Finish + Send + 'static,
    ) {
        let wake = self.egui_ctx.clone();
        match Job::spawn(label, move || wake.request_repaint(), work) {
            Ok(job) => self.jobs.push(Work { job, stop, reads_project }),
            Err(e) => {
                if reads_project {
                    self.opening = None;
                }
                self.message(Message::error(format!("That could not start ({e}).")));
            }
        }
    }

    /// Runs `work` in the background; the messages it returns are shown when it is done.
    /// Its result is shown even when stopped late: what it wrote is written (exports write
    /// their file whole or not at all), and its messages say so.
    pub(super) fn run_job(&mut self, label: String, work: impl FnOnce(&Control) -> Vec<Message> + Send + 'static) {
        self.spawn_work(label, Stop { offered: true, drops_result: false }, false, move |control| {
            messages(work(control))
        });
    }

    /// Applies the results of background work that is done.
    pub(super) fn poll_jobs(&mut self, ctx: &egui::Context) {
        let (mut done, mut died, mut stopped) = (Vec::new(), Vec::new(), Vec::new());
        self.jobs.retain(|w| match w.job.poll() {
            Some(_) if w.stop.drops_result && w.job.is_cancelled() => {
                stopped.push(w.job.label.clone());
                false
            }
            Some(finish) => {
                done.push(finish);
                false
            }
            // Its thread ended without a result (a fault): the app does not wait for ever.
            None if w.job.died() => {
                died.push((w.job.label.clone(), w.reads_project));
                false
            }
            None => true,
        });
        for finish in done {
            finish(self, ctx);
        }
        for label in stopped {
            self.message(Message::info(format!("{label}: stopped; nothing was changed.")));
        }
        for (label, reads_project) in died {
            if reads_project {
                self.opening = None;
            }
            self.message(Message::error(format!("{label} stopped unexpectedly; nothing was changed.")));
        }
    }

    /// Asks the work under way that can stop to stop (what the status bar's Stop does).
    pub fn cancel_work(&mut self) {
        for w in self.jobs.iter().filter(|w| w.stop.offered) {
            w.job.cancel();
        }
        if let Some(r) = &self.recognising {
            r.job.cancel();
        }
    }

    /// What the status bar says of background work under way (a save first).
    pub(super) fn busy(&self) -> Option<Busy> {
        if let Some(s) = &self.saving {
            return Some(Busy { note: s.job.note(), cancellable: false });
        }
        if let Some(r) = &self.recognising {
            return Some(Busy { note: r.job.note(), cancellable: true });
        }
        self.jobs.first().map(|w| {
            let more = if self.jobs.len() > 1 { format!(" (and {} more)", self.jobs.len() - 1) } else { String::new() };
            Busy { note: format!("{}{more}", w.job.note()), cancellable: w.stop.offered }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A job whose thread ends without a result (a fault) is dropped with a message, and a
    /// project it was reading is no longer waited for (nor is what was queued behind it).
    #[test]
    fn a_job_that_dies_is_said_and_not_waited_for() {
        let config = crate::app::AppConfig { data_dir: None, ..crate::app::AppConfig::default() };
        let mut h = egui_kittest::Harness::builder().build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None));
        h.run();
        let app = h.state_mut();
        app.begin_reading(Path::new("review.ron"));
        app.run_reading("Opening review.ron".into(), |_| panic!("a fault while reading"));
        let start = std::time::Instant::now();
        while h.state().is_busy() {
            assert!(start.elapsed() < std::time::Duration::from_secs(10), "the dead job is still awaited");
            h.step();
        }
        assert!(!h.state().is_opening());
        assert!(
            h.state()
                .messages()
                .iter()
                .any(|m| m.text == "Opening review.ron stopped unexpectedly; nothing was changed.")
        );
    }
}
