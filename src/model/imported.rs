//! Codes and codings brought in from another QDA tool (NVivo, ATLAS.ti, MAXQDA, QualCoder,
//! Taguette) that are not, or not yet, constructs of the framework. Nothing of an import is
//! dropped: a code that maps to no construct and valence is kept here with its place in the
//! other tool's tree, its colour and description, and its passages; the coder can map it
//! later. Tallies, the diagram and agreement are about constructs only and never see them.

use super::anchor::Anchor;
use super::ids::{DocumentId, ImportedCodingId};
use serde::{Deserialize, Serialize};

/// A code from another tool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedCode {
    /// Stable key in this project (`imported.<name>-<id>`), no spaces.
    pub key: String,
    /// Its name in the other tool.
    pub name: String,
    /// The key of its parent code, if it has one.
    pub parent: Option<String>,
    /// Its colour (`#RRGGBB`), if the other tool gave one.
    pub color: Option<String>,
    /// Its description or definition.
    pub description: String,
    /// Whether the other tool lets passages be coded with it.
    pub codable: bool,
    /// The tool it came from (`NVivo for Windows 12.6`).
    pub origin: String,
    /// Its GUID in the other tool, to write it back under the same identity.
    pub guid: String,
    /// The code sets (groups) it belongs to there.
    pub sets: Vec<String>,
}

/// A passage coded with an imported code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedCoding {
    /// Stable id.
    pub id: ImportedCodingId,
    /// The document.
    pub document: DocumentId,
    /// The passage (or the whole document).
    pub anchor: Anchor,
    /// The imported code's key.
    pub code: String,
    /// The memo or note the other tool kept with it.
    pub comment: String,
    /// Who coded it there.
    pub coder: String,
    /// When, RFC 3339.
    pub created: String,
}
