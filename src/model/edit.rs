//! Every change to a project is an [`Edit`]. Applying one returns its inverse, so undo is
//! just another apply.

use super::codebook::{Codebook, ConstructKey};
use super::codebook_change::CodebookChange;
use super::coding::Coding;
use super::document::{Document, OcrText, PdfSource, Study};
use super::ids::{CodingId, DocumentId, ImportedCodingId, StudyId};
use super::imported::ImportedCoding;
use super::valence::Valence;

/// A document together with what is added or removed with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentBundle {
    /// The document.
    pub document: Document,
    /// A study created together with the document (a new article is its own study).
    pub study: Option<Study>,
    /// Codings restored with the document (empty for a fresh import).
    pub codings: Vec<Coding>,
    /// Passages coded with imported codes, restored with the document.
    pub imported: Vec<ImportedCoding>,
}

/// The editable properties of a coding, all set at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodingChange {
    /// The construct.
    pub construct: ConstructKey,
    /// The valence.
    pub valence: Valence,
    /// The comment.
    pub comment: String,
}

/// One change to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add a document (and its new study and codings).
    AddDocument(Box<DocumentBundle>),
    /// Remove a document with its codings (and its study when no other document is in it).
    RemoveDocument(DocumentId),
    /// Add a new coding; its anchor must select its quote exactly.
    AddCoding(Coding),
    /// Put back a removed coding as it was, even if its anchor no longer matches the text.
    RestoreCoding(Coding),
    /// Remove a coding.
    RemoveCoding(CodingId),
    /// Change a coding's construct, valence and comment.
    ChangeCoding {
        /// The coding.
        id: CodingId,
        /// The new values.
        change: CodingChange,
    },
    /// Rename the project or change its coder.
    SetProjectInfo {
        /// New name.
        name: String,
        /// New coder.
        coder: String,
    },
    /// Set (or, with `None`, remove) one extraction field of a document.
    SetField {
        /// The document.
        document: DocumentId,
        /// Field name.
        name: String,
        /// New value; `None` removes the field.
        value: Option<String>,
    },
    /// Point a document at its PDF again (after the file moved), or forget it.
    SetPdf {
        /// The document.
        document: DocumentId,
        /// The PDF.
        pdf: Option<PdfSource>,
    },
    /// Replace the text of some pages of a document (text recognised by OCR where there was
    /// none), with the document's OCR record and warnings. Refused when a coding is anchored
    /// on a page whose text would change.
    SetPageTexts {
        /// The document.
        document: DocumentId,
        /// Pages (from 0) and their new text (normalised).
        pages: Vec<(usize, String)>,
        /// The document's record of pages read by OCR, after the change.
        ocr: Option<OcrText>,
        /// The document's warnings, after the change.
        warnings: Vec<String>,
    },
    /// Rename a document.
    SetTitle {
        /// The document.
        document: DocumentId,
        /// New title.
        title: String,
    },
    /// Move a document into a study, creating the study if `create` is given. A study left
    /// without documents is removed (and comes back with the inverse).
    MoveToStudy {
        /// The document.
        document: DocumentId,
        /// The target study.
        study: StudyId,
        /// The target study, when it is created by this edit.
        create: Option<Study>,
    },
    /// Rename a study.
    RenameStudy {
        /// The study.
        study: StudyId,
        /// New label.
        label: String,
    },
    /// Replace the codebook and its history (every codebook change is one of these; see
    /// [`crate::model::CodebookOp`]). Every construct a coding uses must stay in it.
    SetCodebook {
        /// The new codebook.
        codebook: Codebook,
        /// The new history.
        history: Vec<CodebookChange>,
    },
    /// Add (or put back) a passage coded with an imported code.
    AddImportedCoding(ImportedCoding),
    /// Remove a passage coded with an imported code (when it is mapped to a construct).
    RemoveImportedCoding(ImportedCodingId),
    /// Several edits applied as one (all or nothing).
    Batch(Vec<Edit>),
}

/// Why an edit was refused. A refused edit leaves the project unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No document with this id.
    #[error("document {0} does not exist")]
    UnknownDocument(DocumentId),
    /// No coding with this id.
    #[error("coding {0} does not exist")]
    UnknownCoding(CodingId),
    /// No study with this id.
    #[error("study {0} does not exist")]
    UnknownStudy(StudyId),
    /// The construct key is not in the codebook.
    #[error("construct `{0}` is not in the codebook")]
    UnknownConstruct(ConstructKey),
    /// No passage coded with an imported code has this id.
    #[error("imported coding {0} does not exist")]
    UnknownImported(ImportedCodingId),
    /// The imported code is not in the codebook.
    #[error("imported code `{0}` is not in the codebook")]
    UnknownImportedCode(String),
    /// The construct is retired and cannot be used for new codings.
    #[error("construct `{0}` is retired")]
    RetiredConstruct(ConstructKey),
    /// An id is already taken.
    #[error("id {0} is already in use")]
    DuplicateId(String),
    /// The same passage already has this construct and valence.
    #[error("this passage is already coded with this construct and valence")]
    DuplicateCoding,
    /// The anchor does not select its quote, or is empty or out of range.
    #[error("the passage is not valid: {0}")]
    BadAnchor(String),
    /// A text field that must not be empty is empty.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// The codebook change would break a rule.
    #[error("the codebook change is not possible: {0}")]
    Codebook(String),
}
