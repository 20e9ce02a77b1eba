//! Saving in the background: the project is copied as it is (a consistent snapshot, while
//! editing goes on), then serialised, checked and written on a job thread; the window keeps
//! drawing. When the save is done the project counts as saved up to the snapshot (edits made
//! meanwhile stay unsaved), and an action that waited for the save (quit, open another
//! project) goes on. Autosaves run the same way.

use super::job::Job;
use super::{BefitsApp, FilePurpose};
use crate::persistence::{self, SaveError};
use crate::ui::{Action, Message};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A save under way.
pub(super) struct SaveJob {
    pub(super) job: Job<Result<(), SaveError>>,
    path: PathBuf,
    /// The revision written.
    revision: u64,
    /// The session it belongs to (its unique autosave name).
    session: String,
    /// What to do once it has worked.
    pub(super) then: Option<Action>,
}

/// An autosave under way.
pub(super) type AutosaveJob = Job<std::io::Result<()>>;

impl BefitsApp {
    /// Whether a save is under way.
    #[must_use]
    pub fn is_saving(&self) -> bool {
        self.saving.is_some()
    }

    /// Whether an autosave is under way.
    #[must_use]
    pub fn is_autosaving(&self) -> bool {
        self.autosaving.is_some()
    }

    /// Saves to the current file, or asks for one; `then` runs once the save has worked.
    pub(super) fn save(&mut self, ctx: &egui::Context, then: Option<Action>) {
        let target = self.session.as_ref().and_then(|s| if s.is_sample { None } else { s.path.clone() });
        if let Some(path) = target {
            self.save_to(&path, then);
        } else {
            self.pending = then;
            self.choose_file(FilePurpose::SaveProjectAs, ctx);
        }
    }

    /// Starts saving to `path` in the background; `then` runs once it has worked. Returns
    /// whether a save started.
    pub(super) fn save_to(&mut self, path: &Path, then: Option<Action>) -> bool {
        if let Some(running) = &mut self.saving {
            // One save at a time: an action waiting for this one waits for the one under way.
            if then.is_some() {
                running.then = then;
            } else {
                self.message(Message::warning("A save is under way; save again when it has finished."));
            }
            return false;
        }
        // An autosave under way ends first, so that it cannot write its copy after the save
        // has made that copy unnecessary (and removed it).
        self.finish_autosave();
        let Some(session) = &self.session else { return false };
        let snapshot = session.project.clone();
        let revision = snapshot.revision();
        let target = path.to_path_buf();
        let delay = self.config.save_delay;
        let wake = self.egui_ctx.clone();
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let job = Job::spawn(
            format!("Saving {name}"),
            move || wake.request_repaint(),
            move |_| {
                if delay > Duration::ZERO {
                    std::thread::sleep(delay);
                }
                persistence::save(&snapshot, &target)
            },
        );
        match job {
            Ok(job) => {
                let session = session.unsaved_name.clone();
                self.saving = Some(SaveJob { job, path: path.to_path_buf(), revision, session, then });
                true
            }
            Err(e) => {
                self.message(Message::error(format!("Not saved: the save could not start ({e}).")));
                false
            }
        }
    }

    /// Takes the result of a save once it is done.
    pub(super) fn poll_save(&mut self, ctx: &egui::Context) {
        let Some(result) = self.saving.as_ref().and_then(|s| s.job.poll()) else { return };
        let Some(SaveJob { path, revision, session, then, .. }) = self.saving.take() else { return };
        match result {
            Ok(()) => {
                let same = self.session.as_ref().is_some_and(|s| s.unsaved_name == session);
                if let Some(s) = self.session.as_mut().filter(|_| same) {
                    s.saved_revision = revision;
                    s.path = Some(path.clone());
                    s.is_sample = false;
                }
                if same {
                    self.drop_sample_notice();
                }
                if same && !self.is_dirty() {
                    self.drop_autosaves_after_save(&path);
                }
                self.add_recent(&path);
                if let Some(next) = then {
                    self.execute(next, ctx);
                }
            }
            Err(e) => self.message(Message::error(format!("Not saved: {e}"))),
        }
    }

    /// Starts an autosave in the background (of a snapshot), unless one is under way.
    pub(super) fn start_autosave(&mut self, write: impl FnOnce() -> std::io::Result<()> + Send + 'static) {
        if self.autosaving.is_some() || self.saving.is_some() {
            return;
        }
        let wake = self.egui_ctx.clone();
        match Job::spawn("Autosaving", move || wake.request_repaint(), move |_| write()) {
            Ok(job) => self.autosaving = Some(job),
            Err(e) => {
                self.message(Message::warning(format!("Automatic backup could not start ({e}); save with Ctrl+S.")));
            }
        }
    }

    /// Lets an autosave under way finish (before its copy is set aside or its session ends,
    /// so that it cannot write the copy again afterwards).
    pub(super) fn finish_autosave(&mut self) {
        if let Some(job) = self.autosaving.take()
            && let Some(Err(e)) = job.wait()
        {
            self.message(Message::warning(format!("Automatic backup failed ({e}).")));
        }
    }

    /// Takes the result of an autosave once it is done.
    pub(super) fn poll_autosave(&mut self) {
        let Some(result) = self.autosaving.as_ref().and_then(Job::poll) else { return };
        self.autosaving = None;
        if let Err(e) = result {
            self.message(Message::warning(format!("Automatic backup failed ({e}); save with Ctrl+S.")));
        }
        // A save that finished meanwhile holds all of it: the copy is not needed.
        if let Some(path) = self.session.as_ref().filter(|s| !s.is_dirty() && !s.is_sample).and_then(|s| s.path.clone())
        {
            self.drop_autosaves_after_save(&path);
        }
    }
}

impl Drop for BefitsApp {
    /// The window is closing: a save or autosave under way finishes first, so that closing
    /// never cuts one short.
    fn drop(&mut self) {
        if let Some(s) = self.saving.take() {
            let _ = s.job.wait();
        }
        if let Some(job) = self.autosaving.take() {
            let _ = job.wait();
        }
        for work in std::mem::take(&mut self.jobs) {
            let _ = work.job.wait();
        }
    }
}
