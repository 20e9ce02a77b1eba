//! What the views ask the app to do. Views never change the project or touch files; they
//! push actions, and the app executes them at the end of the frame.

use crate::model::{DocumentId, Edit};
use std::path::PathBuf;

/// The answer to "save changes before ...?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PendingChoice {
    /// Save, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Stay.
    Cancel,
}

/// A request from the views to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Show the new-project form.
    ShowNewProject,
    /// Create a project (closing the current one, after asking if it has unsaved changes).
    NewProject {
        /// Project name.
        name: String,
        /// Coder's name.
        coder: String,
    },
    /// Pick a project file with the system dialog and open it.
    OpenProjectDialog,
    /// Open a project file.
    OpenProject(PathBuf),
    /// Open the built-in sample project.
    OpenSample,
    /// Save to the current file (or ask for one).
    Save,
    /// Pick a file with the system dialog and save there.
    SaveAsDialog,
    /// Save to this file.
    SaveTo(PathBuf),
    /// Close the project and return to the welcome screen.
    CloseProject,
    /// Quit the app.
    Quit,
    /// Pick PDFs with the system dialog and import them.
    AddPdfsDialog,
    /// Import these PDFs.
    AddPdfs(Vec<PathBuf>),
    /// Stop the running import after the current file.
    CancelImport,
    /// Show a document in the reader.
    SelectDocument(DocumentId),
    /// Apply an edit to the project (undoable, with this label).
    Edit {
        /// The change.
        edit: Edit,
        /// What the undo menu calls it.
        label: String,
    },
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Answer the unsaved-changes question.
    ResolvePending(PendingChoice),
    /// Open the autosaved copy offered for recovery.
    RecoverAutosave,
    /// Delete the autosaved copy offered for recovery.
    DiscardAutosave,
    /// Remove a message.
    DismissMessage(usize),
    /// Remove a project from the recent list.
    ForgetRecent(PathBuf),
}
