//! What the views ask the app to do. Views never change the project or touch files; they
//! push actions, and the app executes them at the end of the frame.

use crate::analysis::Level;
use crate::analysis::consensus::{DisagreementKey, Settled};
use crate::model::{DocumentId, Edit};
use std::path::PathBuf;

/// A table the user can export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TableExport {
    /// Tallies at a level.
    Tallies(Level),
    /// The matrix grid, by study or by article.
    Matrix {
        /// Studies as rows (else articles).
        by_study: bool,
    },
    /// Study characteristics (the paper's Table 1) of these extraction fields, in this order.
    Characteristics(Vec<String>),
}

/// What a file is being chosen for (by the system dialog or the in-app path field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    /// Open a project.
    OpenProject,
    /// Save the project under a new name.
    SaveProjectAs,
    /// Add article PDFs (a folder adds every PDF in it).
    AddPdfs,
    /// Point a document at its PDF.
    LocatePdf(DocumentId),
    /// Import a data-extraction table.
    ImportTable,
    /// Export a table.
    ExportTable(TableExport),
    /// Compare with another coder's project.
    Compare,
    /// Save the consensus project.
    SaveConsensus,
    /// Export the comparison report.
    ExportComparison,
    /// Export the project in a format.
    Export(crate::export::ExportFormat),
    /// Import a codebook.
    ImportCodebook,
    /// Open a REFI-QDA project.
    ImportQdpx,
}

impl FilePurpose {
    /// The heading of the dialog.
    #[must_use]
    pub fn title(&self) -> String {
        match self {
            Self::OpenProject => "Open project".into(),
            Self::SaveProjectAs => "Save project as".into(),
            Self::AddPdfs => "Add article PDFs".into(),
            Self::LocatePdf(_) => "Locate the PDF".into(),
            Self::ImportTable => "Import table".into(),
            Self::ExportTable(_) => "Export table".into(),
            Self::Compare => "Compare with another coder's project".into(),
            Self::SaveConsensus => "Save consensus".into(),
            Self::ExportComparison => "Export comparison report".into(),
            Self::Export(f) => format!("Export {}", f.label()),
            Self::ImportCodebook => "Import codebook".into(),
            Self::ImportQdpx => "Open REFI-QDA project".into(),
        }
    }

    /// Whether the file is written (else read).
    #[must_use]
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Self::SaveProjectAs | Self::ExportTable(_) | Self::SaveConsensus | Self::ExportComparison | Self::Export(_)
        )
    }
}

/// The in-app path field, shown where the system file dialog cannot open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathPrompt {
    /// What the file is for.
    pub purpose: FilePurpose,
    /// The path typed so far (starts in the project's folder, with a suggested name).
    pub text: String,
}

/// The sample projects built into the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    /// Two articles with example codings, for workshops.
    Workshop,
    /// The review's own data: 37 articles in 28 studies, from the paper's Table 2.
    Review,
    /// Two coders' projects of the workshop articles (Ama's and Ben's), compared: the pair
    /// review, ready to settle.
    Pair,
}

impl Sample {
    /// What the sample is called in menus.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Sample::Workshop => "Workshop sample (2 articles)",
            Sample::Review => "The review's data (Le et al. 2022)",
            Sample::Pair => "Pair review: two coders compared (workshop articles)",
        }
    }
}

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
    /// Open a built-in sample project.
    OpenSample(Sample),
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
    /// Presentation mode on or off (F11).
    TogglePresentation,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Answer the unsaved-changes question.
    ResolvePending(PendingChoice),
    /// Open a copy offered for recovery (autosave or backup) in place of the project file
    /// `target` (or as never-saved work when there is none); it opens with unsaved changes.
    RecoverCopy {
        /// The copy.
        file: PathBuf,
        /// The project file it stands for.
        target: Option<PathBuf>,
    },
    /// Set an offered autosave aside: not recovered now, kept where it can still be.
    SetAsideCopy(PathBuf),
    /// Close the recovery list; with `set_aside`, set aside every autosave it offers.
    CloseRecovery {
        /// Whether the offered autosaves are set aside ("Keep the saved file").
        set_aside: bool,
    },
    /// List the current project's backups and autosave, to restore one.
    ShowBackups,
    /// List unsaved work of earlier sessions (also what was set aside), to recover it.
    ShowUnsavedWork,
    /// Remove a message.
    DismissMessage(usize),
    /// Remove a project from the recent list.
    ForgetRecent(PathBuf),
    /// Pick a data-extraction table (TSV/CSV) with the system dialog and import it.
    ImportTableDialog,
    /// Import this data-extraction table.
    ImportTable(PathBuf),
    /// Pick a file with the system dialog and export a table there.
    ExportTableDialog(TableExport),
    /// Export a table to this file (CSV, or TSV when the name ends in `.tsv`).
    ExportTable(TableExport, PathBuf),
    /// Pick another coder's project with the system dialog and compare with it.
    CompareDialog,
    /// Compare the open project (coder A) with this project (coder B).
    Compare(PathBuf),
    /// Close the comparison (its unsaved decisions are dropped after asking).
    CloseComparison,
    /// Settle a disagreement (or, with `None`, unsettle it).
    Decide(DisagreementKey, Option<Settled>),
    /// Pick a file with the system dialog and save the consensus there.
    SaveConsensusDialog,
    /// Save the consensus project to this file (a new file; A and B are not changed).
    SaveConsensus(PathBuf),
    /// Pick a file and export the comparison report (CSV or HTML by extension).
    ExportComparisonDialog,
    /// Export the comparison report to this file.
    ExportComparison(PathBuf),
    /// Pick a file with the system dialog and export the project in this format.
    ExportDialog(crate::export::ExportFormat),
    /// Export the project in this format to this file.
    Export(crate::export::ExportFormat, PathBuf),
    /// Pick a codebook (CSV or REFI-QDA .qdc) and apply it to the project's codebook.
    ImportCodebookDialog,
    /// Apply this codebook file to the project's codebook (one undoable step).
    ImportCodebook(PathBuf),
    /// Pick a REFI-QDA project (.qdpx) and open it as a new project.
    ImportQdpxDialog,
    /// Read this REFI-QDA file (.qdpx, .qde, .qdc) and show how its codes map.
    ImportQdpx(PathBuf),
    /// In the mapping dialog: what a code of the file (by index) stands for.
    MapRefiCode(usize, crate::persistence::Target),
    /// In the mapping dialog: whether to remember the mappings for the next import.
    RememberRefiMappings(bool),
    /// Import the file with its mapping as a new project.
    ConfirmRefiImport,
    /// Close the mapping dialog without importing.
    CancelRefiImport,
    /// Show a message (from a view that found a problem).
    Notify(String),
    /// Ask where a document's PDF is now.
    LocatePdfDialog(DocumentId),
    /// Point a document at its PDF again (checked against the content hash).
    LocatePdf(DocumentId, PathBuf),
    /// Open a document's encrypted PDF with a password (kept for this session only).
    UnlockPdf(DocumentId, String),
    /// Import a file that failed again, with a password if given.
    RetryImport(PathBuf, Option<String>),
    /// Import a file whose pages have no text again, recognising them (OCR).
    RecogniseImport {
        /// The file.
        path: PathBuf,
        /// Its password, if it is encrypted.
        password: Option<String>,
        /// Tesseract's language code.
        language: String,
    },
    /// Recognise the pages of a document that have no text (OCR), from its PDF.
    RecognisePages {
        /// The document.
        document: DocumentId,
        /// Tesseract's language code.
        language: String,
    },
    /// Stop the text recognition under way.
    CancelRecognising,
    /// Stop the background work under way that can stop (an import, an export, a
    /// comparison).
    CancelWork,
    /// Remove a failed import from the list.
    DismissFailedImport(PathBuf),
    /// A path typed in the in-app file field, for this purpose.
    PathChosen(FilePurpose, PathBuf),
    /// The in-app file field was closed without a path.
    PathPromptCancelled,
    /// The open project is a consensus: open coder A's project with B's and continue its
    /// review where it stopped.
    ResumeReview,
}
