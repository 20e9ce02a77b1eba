//! The open project with its undo history, file and derived data.

use crate::analysis::Derived;
use crate::model::{Edit, EditError, History, Project};
use std::path::PathBuf;

/// One open project.
pub struct Session {
    pub(crate) project: Project,
    pub(crate) history: History,
    pub(crate) path: Option<PathBuf>,
    pub(crate) saved_revision: u64,
    pub(crate) derived: Derived,
    pub(crate) is_sample: bool,
    /// The file name of this session's autosave in the data folder, used while the project
    /// has no file of its own.
    pub(crate) unsaved_name: String,
    /// Which session this is (one number per session of the app's life): background work
    /// that ends by changing the project (OCR, a table, a codebook, a located PDF) is
    /// applied only to the session it was started in, never to a project opened meanwhile
    /// whose ids happen to match.
    pub(crate) serial: u64,
}

/// The serial of the next session.
static NEXT_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Session {
    /// A session on a project; `path` is where it lives on disk, if anywhere.
    pub(crate) fn new(project: Project, path: Option<PathBuf>, is_sample: bool) -> Self {
        let saved_revision = project.revision();
        let mut derived = Derived::default();
        derived.refresh(&project);
        let unsaved_name = crate::persistence::new_unsaved_name();
        let serial = NEXT_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Self { project, history: History::default(), path, saved_revision, derived, is_sample, unsaved_name, serial }
    }

    /// The project.
    #[must_use]
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Where the project is saved, if anywhere.
    #[must_use]
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Whether this is a built-in sample (kept by saving it under a name of one's own).
    #[must_use]
    pub fn is_sample(&self) -> bool {
        self.is_sample
    }

    /// Whether the project changed since it was loaded or saved.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.project.revision() != self.saved_revision
    }

    /// Derived data, current with the project.
    #[must_use]
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// The undo history.
    #[must_use]
    pub fn history(&self) -> &History {
        &self.history
    }

    pub(crate) fn apply(&mut self, edit: Edit, label: String) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, label)?;
        self.derived.refresh(&self.project);
        Ok(())
    }

    pub(crate) fn mark_saved(&mut self) {
        self.saved_revision = self.project.revision();
    }
}
