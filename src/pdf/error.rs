//! Why a PDF could not be turned into text, in words a coder understands.

use serde::{Deserialize, Serialize};

/// The outcome classes of a failed extraction. Serialisable: the worker process sends it
/// to the app.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PdfError {
    /// The file could not be read from disk.
    #[error("the file could not be read ({0})")]
    Io(String),
    /// The file has no bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// The file is something else with a .pdf name.
    #[error("this is not a PDF ({0})")]
    NotPdf(String),
    /// The PDF structure is broken beyond repair (truncated download, bad cross-reference).
    #[error("the PDF is damaged or incomplete and could not be repaired ({0})")]
    Damaged(String),
    /// The PDF needs a password to open.
    #[error("the PDF is encrypted; {}", if *.password_given { "the password is not correct" } else { "it needs a password" })]
    Encrypted {
        /// Whether a password was tried.
        password_given: bool,
    },
    /// The pages are images with no text layer (a scan).
    #[error("the PDF has no text layer (scanned pages?); it cannot be coded as text until it is run through OCR")]
    NoText,
    /// Text is drawn with fonts whose characters cannot be decoded (for example Type3
    /// fonts without a Unicode map).
    #[error("the PDF has text, but its fonts ({0}) cannot be decoded into characters")]
    UndecodableFonts(String),
    /// The fonts use an encoding the text extractor does not support (for example CJK
    /// predefined `CMaps`).
    #[error("the PDF uses a font encoding that cannot be read ({0})")]
    UnsupportedEncoding(String),
    /// The parser failed on every page.
    #[error("the PDF parser failed on this file ({0})")]
    ParserFailed(String),
    /// The worker ran past the time limit and was stopped.
    #[error("reading the PDF took longer than {0} s and was stopped")]
    Timeout(u64),
    /// The worker ran out of its memory allowance.
    #[error("reading the PDF needed more memory than allowed and was stopped")]
    OutOfMemory,
    /// The worker process crashed or could not be started.
    #[error("the PDF reader crashed ({0})")]
    WorkerCrashed(String),
    /// Text recognition was asked for, and Tesseract (or its data for the language) is not
    /// installed.
    #[error("text recognition (OCR) is not available here: {0}")]
    OcrUnavailable(String),
    /// Tesseract failed on a page.
    #[error("text recognition (OCR) failed ({0})")]
    OcrFailed(String),
    /// The user stopped the work.
    #[error("stopped")]
    Cancelled,
}
