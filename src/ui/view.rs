//! What the views read: a snapshot of the app's state for one frame.

use super::message::Message;
use crate::analysis::Derived;
use crate::analysis::agreement::AgreementReport;
use crate::analysis::consensus::{DisagreementKey, Reconcile, Settled};
use crate::model::Project;
use crate::pdf::{Affine, PageLayout};
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
    /// Text recognition of the file being read: pages done, of how many.
    pub pages: Option<(usize, usize)>,
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

/// A rendered page as the page view draws it.
pub struct PageTexture {
    /// The texture.
    pub texture: egui::TextureHandle,
    /// Render scale in hundredths of pixels per point.
    pub scale: u32,
}

/// Whether a document's PDF can be shown.
#[derive(Clone, Debug, PartialEq)]
pub enum PdfState {
    /// Being opened.
    Opening,
    /// Ready: page sizes in points and the user-space-to-page transforms.
    Ready {
        /// Displayed page sizes in points.
        sizes: Vec<(f32, f32)>,
        /// User space to displayed page (points, y down).
        transforms: Vec<Affine>,
    },
    /// The document has no PDF.
    NoPdf,
    /// The PDF is not where the project says.
    Missing(PathBuf),
    /// The PDF is encrypted and this session has no (right) password for it.
    Locked {
        /// Whether a password was tried.
        tried: bool,
    },
    /// The PDF cannot be drawn.
    Failed(String),
}

/// The current document's PDF pages, as the page view sees them.
pub struct PagesView<'a> {
    /// Whether the PDF can be drawn.
    pub state: &'a PdfState,
    /// Rendered pages by index.
    pub textures: &'a BTreeMap<usize, PageTexture>,
    /// Pages that could not be drawn, with the reason.
    pub failed: &'a BTreeMap<usize, String>,
    /// Glyph boxes per page, once read.
    pub layouts: Option<&'a [PageLayout]>,
    /// Per page: whether the boxes belong to the stored text (so the page can be selected on).
    pub text_matches: &'a [bool],
    /// Why the glyph boxes could not be read.
    pub layout_error: Option<&'a str>,
}

/// An import that failed, kept in the list for this session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedImport {
    /// The file.
    pub path: PathBuf,
    /// Why, in plain words.
    pub reason: String,
    /// Whether a password would help.
    pub needs_password: bool,
    /// Whether text recognition (OCR) could read it (a scan, or fonts that give no text).
    pub can_recognise: bool,
}

/// Background work under way, as the status bar shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Busy {
    /// What it is doing, how far it has come or for how long it has run.
    pub note: String,
    /// Whether it can be stopped.
    pub cancellable: bool,
}

/// Whether text recognition (OCR) can run here, as far as the app knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum OcrAvailability {
    /// Not looked at yet.
    #[default]
    Unknown,
    /// Tesseract is there, with these languages.
    Languages(Vec<String>),
    /// Tesseract is missing or unusable: why, and how to install it.
    Unavailable(String),
}

/// One copy in a recovery list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryEntry {
    /// The copy's file.
    pub file: PathBuf,
    /// The project file it stands for, if it has one.
    pub target: Option<PathBuf>,
    /// The project's name (or why the copy cannot be read).
    pub name: String,
    /// What it is, when it was written, how many codings it holds.
    pub detail: String,
    /// Whether it can be opened.
    pub readable: bool,
    /// Whether it is an autosave that "Discard" sets aside.
    pub can_set_aside: bool,
}

/// Why a recovery list is shown; it decides the wording and the buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryReason {
    /// At start: work of earlier sessions that was never saved.
    UnsavedWork,
    /// On open: an autosave newer than the project file.
    NewerAutosave,
    /// On open: the project file is damaged.
    Damaged,
    /// File > Backups: the project's backup generations.
    Backups,
}

/// A list of copies the user can recover, with the reason it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryOffer {
    /// Why.
    pub reason: RecoveryReason,
    /// The project file concerned, if any.
    pub project: Option<PathBuf>,
    /// What went wrong (for a damaged file).
    pub problem: Option<String>,
    /// The copies, newest first.
    pub entries: Vec<RecoveryEntry>,
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
    /// Copies offered for recovery, when the list is open.
    pub recovery: Option<&'a RecoveryOffer>,
    /// The open comparison, if any.
    pub review: Option<ReviewView<'a>>,
    /// The current document's PDF pages, when the coding view shows pages.
    pub pages: Option<PagesView<'a>>,
    /// Imports that failed this session.
    pub failed_imports: &'a [FailedImport],
    /// Background work under way, for the status bar ("Saving review.ron… 1.2 s").
    pub busy: Option<Busy>,
    /// Whether text recognition can run, and in which languages.
    pub ocr: &'a OcrAvailability,
    /// Text recognition of an article's pages under way: which article.
    pub recognising: Option<crate::model::DocumentId>,
    /// A REFI-QDA file read and waiting for its mapping to be confirmed.
    pub refi: Option<RefiView<'a>>,
    /// Construct suggestions for the selected passage, once computed.
    pub suggestions: Option<&'a [crate::analysis::suggest::Suggestion]>,
}

/// A REFI-QDA file waiting for its code mapping to be confirmed.
#[derive(Clone, Copy, Debug)]
pub struct RefiView<'a> {
    /// The file's name.
    pub file: &'a str,
    /// What it holds.
    pub package: &'a crate::persistence::RefiPackage,
    /// What each code stands for now.
    pub map: &'a crate::persistence::CodeMap,
    /// Whether the mappings will be remembered.
    pub remember: bool,
    /// The codebook codes map onto.
    pub codebook: &'a crate::model::Codebook,
}
