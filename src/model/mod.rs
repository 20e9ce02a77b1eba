//! The project's data model: pure data and the rules that keep it consistent.
//!
//! Owns ids, the codebook, documents (pages of normalised text), studies, codings with their
//! text anchors, the [`Project`] aggregate, the [`Edit`]s that are the only way to change it,
//! and the undo [`History`]. Depends on std, serde and unicode-normalization only: it never
//! names egui, eframe, files or PDFs.

mod anchor;
mod codebook;
mod codebook_change;
mod codebook_ops;
mod coding;
mod document;
mod edit;
mod hash;
mod history;
mod ids;
mod imported;
mod project;
mod reconciliation;
pub mod text;
mod valence;

pub use anchor::{Anchor, AnchorStatus, TextAnchor};
pub use codebook::{Codebook, CodebookError, Construct, ConstructKey, Domain, DomainKey, Level};
pub use codebook_change::CodebookChange;
pub use codebook_ops::{CodebookOp, slug};
pub use coding::{Coding, CodingIdentity};
pub use document::{Document, OcrText, PdfSource, Study};
pub use edit::{CodingChange, DocumentBundle, Edit, EditError};
pub use hash::sha256_hex;
pub use history::History;
pub use ids::{CodingId, DocumentId, ImportedCodingId, StudyId};
pub use imported::{ImportedCode, ImportedCoding};
/// A small project for tests of the layers above.
#[cfg(test)]
pub(crate) use project::tests as project_tests;
pub use project::{NextIds, Project, ProjectError, ProjectParts};
pub use reconciliation::{Choice, CodingRef, Decision, Reconciliation};
pub use valence::Valence;

/// Small projects for tests of other modules.
#[cfg(test)]
pub(crate) mod test_support {
    pub(crate) use super::codebook::tests::tiny as tiny_codebook;
    pub(crate) use super::project::tests::{coding, project_with_document};
}
