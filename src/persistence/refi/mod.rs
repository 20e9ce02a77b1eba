//! REFI-QDA exchange (QDA-XML 1.0) with NVivo, ATLAS.ti, MAXQDA, QualCoder and Taguette: a
//! project as `.qdpx` (a zip with `project.qde` and its sources), the codebook as `.qdc`.
//!
//! Import runs in steps the app and the command line share: [`read_package`] reads what a
//! file holds; [`auto_map`] decides what each code stands for (the user can change it);
//! the caller reads the PDFs of the package with the isolated PDF reader (persistence never
//! parses a PDF); [`build_project`] makes the project, placing every selection on this
//! project's text and listing what it could not place. Export ([`export_qdpx_with`]) writes
//! a file those tools read back whole (see `write.rs`).
//!
//! GUIDs this app writes derive from stable keys (UUID v5), so the same construct has the
//! same GUID in every export; keys travel in the codes' descriptions (`BeFITS key: ...`).

mod build;
mod codebook;
mod codes;
mod mapping;
mod package;
mod placer;
mod positions;
mod report;
mod write;
mod xml;
mod xml_out;

pub use build::{BuildInput, build_project};
pub use codebook::{codebook_qdc, import_qdc};
pub use codes::construct_valence_guid;
pub use mapping::{CodeMap, MapFile, MapFileError, Reason, Target, auto_map, code_path};
pub use package::{
    ForeignCase, ForeignCode, ForeignCoding, ForeignSelection, ForeignSet, ForeignSource, Place, RefiPackage,
    SourceKind, read_package,
};
pub use placer::{ExtractedPdf, GlyphRect};
pub use positions::Counting;
pub use report::{ImportReport, Unplaced};
pub use write::{ExportNotes, export_qdpx, export_qdpx_noting, export_qdpx_with, representation};

use crate::model::{Codebook, Project};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Namespace of every GUID this app derives (fixed forever).
const NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_3c2e_9d4a_4f57_8e21_b0c4_7a5d_e913);
const KEY_PREFIX: &str = "BeFITS key: ";
const VALENCE_PREFIX: &str = "BeFITS valence: ";
const DOMAIN_PREFIX: &str = "BeFITS domain: ";

/// Why an exchange file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum RefiError {
    /// Writing the archive failed.
    #[error("the REFI-QDA file could not be written ({0})")]
    Write(String),
    /// The file is not a readable REFI-QDA file.
    #[error("not a readable REFI-QDA file ({0})")]
    Read(String),
}

/// A stable GUID for a kind of thing and its stable name.
#[must_use]
pub fn guid(kind: &str, name: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{name}").as_bytes()).to_string()
}

/// The unique names codes are exported under (also the tags of the Taguette codebook).
pub(crate) fn code_names(cb: &Codebook) -> codes::Names {
    codes::Names::new(cb)
}

fn origin() -> String {
    format!("BeFITS Coder {}", env!("CARGO_PKG_VERSION"))
}

/// A project read from a REFI-QDA file in one step, with codes mapped automatically and PDFs
/// not read (their text representation is used): for tests, fuzzing and the first look at a
/// file. The app and the command line read PDFs too.
///
/// # Errors
/// An unreadable file (said in the message).
pub fn import_qdpx(bytes: &[u8], codebook: &Codebook, coder: &str) -> Result<(Project, ImportReport), RefiError> {
    import_qdpx_within(bytes, codebook, coder, crate::persistence::ArchiveLimits::default())
}

/// [`import_qdpx`] with other caps on what may be unpacked.
///
/// # Errors
/// As [`import_qdpx`], and a cap reached (said in the message).
pub fn import_qdpx_within(
    bytes: &[u8],
    codebook: &Codebook,
    coder: &str,
    limits: crate::persistence::ArchiveLimits,
) -> Result<(Project, ImportReport), RefiError> {
    let package = read_package(bytes, limits)?;
    let map = auto_map(&package, codebook, None, &MapFile::default());
    build_project(&BuildInput { package: &package, map: &map, codebook, coder, pdfs: &BTreeMap::new() })
}
