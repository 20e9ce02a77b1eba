//! The record of how two coders' projects were reconciled into a consensus: every decision
//! on a disagreement, with its reason. A consensus project carries it, so that every coding
//! of both coders is either in the consensus or listed here as deliberately left out.

use super::anchor::Anchor;
use super::codebook::ConstructKey;
use super::valence::Valence;
use serde::{Deserialize, Serialize};

/// A coding of one side of a disagreement, identified by what it says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodingRef {
    /// The passage.
    pub anchor: Anchor,
    /// The construct.
    pub construct: ConstructKey,
    /// The valence.
    pub valence: Valence,
}

/// What was decided for a disagreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Choice {
    /// Keep coder A's coding.
    KeepA,
    /// Keep coder B's coding.
    KeepB,
    /// Keep both codings.
    KeepBoth,
    /// Keep neither.
    KeepNeither,
    /// Keep the passage with this construct and valence instead.
    Edited {
        /// The agreed construct.
        construct: ConstructKey,
        /// The agreed valence.
        valence: Valence,
    },
}

impl Choice {
    /// Short description for lists.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Choice::KeepA => "keep A",
            Choice::KeepB => "keep B",
            Choice::KeepBoth => "keep both",
            Choice::KeepNeither => "keep neither",
            Choice::Edited { .. } => "edited",
        }
    }
}

/// One settled disagreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// SHA-256 of the document it is in.
    pub document: String,
    /// Coder A's coding, if A coded it.
    pub a: Option<CodingRef>,
    /// Coder B's coding, if B coded it.
    pub b: Option<CodingRef>,
    /// What was decided.
    pub choice: Choice,
    /// Why.
    pub comment: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who decided (empty in files from before this was recorded).
    pub by: String,
    /// For an edit: the coding that went into the consensus (passage, construct, valence),
    /// so that what the edit changed against A's and B's codings can be reported.
    pub result: Option<CodingRef>,
}

/// How a consensus project came about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// Coder A's name.
    pub coder_a: String,
    /// Coder B's name.
    pub coder_b: String,
    /// Coder A's project file, as it was named.
    pub file_a: String,
    /// Coder B's project file.
    pub file_b: String,
    /// Every settled disagreement.
    pub decisions: Vec<Decision>,
    /// Whether every decision other than keeping an agreed coding needed a reason.
    pub reasons_required: bool,
}
