//! What the views read: a snapshot of the app's state for one frame.

use super::message::Message;
use crate::analysis::Derived;
use crate::analysis::agreement::AgreementReport;
use crate::analysis::consensus::{DisagreementKey, Reconcile, Settled};
use crate::model::Project;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An open comparison with another coder's project, as the views see it.
pub struct ReviewView<'a> {
    /// Coder B's project.
    pub other: &'a Project,
    /// Its file.
    pub other_path: &'a Path,
    /// The agreement statistics.
    pub report: &'a AgreementReport,
    /// Agreements and disagreements at passage level.
    pub reconcile: &'a Reconcile,
    /// Decisions so far.
    pub decisions: &'a BTreeMap<DisagreementKey, Settled>,
    /// Whether some decisions are not in a saved consensus file yet.
    pub unsaved: bool,
}

/// Progress of a running import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportView {
    /// Files finished.
    pub done: usize,
    /// Files in the job.
    pub total: usize,
    /// The file being read.
    pub current: String,
}

/// The open project, as the views see it.
pub struct SessionView<'a> {
    /// The project.
    pub project: &'a Project,
    /// Derived data, current with the project.
    pub derived: &'a Derived,
    /// The file it was loaded from or saved to.
    pub path: Option<&'a Path>,
    /// Whether there are unsaved changes.
    pub dirty: bool,
    /// What Undo would revert.
    pub undo_label: Option<&'a str>,
    /// What Redo would re-apply.
    pub redo_label: Option<&'a str>,
    /// Whether this is the read-only built-in sample (saving asks for a new file).
    pub is_sample: bool,
}

/// Everything the views read in one frame.
pub struct ViewCtx<'a> {
    /// The open project, if any.
    pub session: Option<SessionView<'a>>,
    /// Recently opened project files, newest first.
    pub recent: &'a [PathBuf],
    /// Messages to show.
    pub messages: &'a [Message],
    /// The running import, if any.
    pub import: Option<ImportView>,
    /// Whether to ask "save changes first?".
    pub confirm_unsaved: bool,
    /// An autosaved copy offered for recovery.
    pub recovery: Option<&'a Path>,
    /// The open comparison, if any.
    pub review: Option<ReviewView<'a>>,
}
