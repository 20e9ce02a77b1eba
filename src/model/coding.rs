//! A coding: one construct and valence applied to one passage of one document.

use super::anchor::Anchor;
use super::codebook::ConstructKey;
use super::ids::{CodingId, DocumentId};
use super::valence::Valence;
use serde::{Deserialize, Serialize};

/// One construct with one valence on one passage, with the coder's comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    /// Stable id.
    pub id: CodingId,
    /// The document coded.
    pub document: DocumentId,
    /// The passage (or the whole document).
    pub anchor: Anchor,
    /// The construct, by key.
    pub construct: ConstructKey,
    /// Barrier, facilitator or both.
    pub valence: Valence,
    /// The coder's comment (may be empty).
    pub comment: String,
    /// Who made the coding.
    pub coder: String,
    /// When it was made, RFC 3339 in UTC.
    pub created: String,
    /// In a consensus project: the coders this coding came from (both when they agreed).
    /// Empty in a coder's own project.
    pub provenance: Vec<String>,
}

/// What makes two codings the same thing (see [`Coding::same_as`]), as a hashable key: the
/// project keeps a set of these so that its duplicate check does not scan every coding.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CodingIdentity(DocumentId, ConstructKey, Valence, Option<(usize, usize, usize)>);

impl Coding {
    /// This coding's identity: document, passage, construct and valence.
    #[must_use]
    pub fn identity(&self) -> CodingIdentity {
        CodingIdentity(self.document, self.construct.clone(), self.valence, anchor_range(&self.anchor))
    }

    /// Whether two codings record the same thing: same document and passage, construct and
    /// valence. A project never holds two such codings.
    #[must_use]
    pub fn same_as(&self, other: &Coding) -> bool {
        self.document == other.document
            && self.construct == other.construct
            && self.valence == other.valence
            && anchor_range(&self.anchor) == anchor_range(&other.anchor)
    }
}

fn anchor_range(a: &Anchor) -> Option<(usize, usize, usize)> {
    a.as_text().map(|t| (t.page, t.start, t.end))
}
