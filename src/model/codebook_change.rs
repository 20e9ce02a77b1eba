//! The codebook's history: what was added, renamed, moved, merged or retired, and when.
//! Kept in the project so that a review can report how its codebook evolved.

use super::codebook::{ConstructKey, DomainKey};
use serde::{Deserialize, Serialize};

/// One change to the codebook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CodebookChange {
    /// A construct was added (open coding).
    Added {
        /// The new construct.
        key: ConstructKey,
        /// Its domain.
        domain: DomainKey,
        /// When (RFC 3339).
        at: String,
    },
    /// A construct's label changed.
    Renamed {
        /// The construct.
        key: ConstructKey,
        /// Old label.
        from: String,
        /// New label.
        to: String,
        /// When.
        at: String,
    },
    /// A construct's definition changed.
    Redefined {
        /// The construct.
        key: ConstructKey,
        /// When.
        at: String,
    },
    /// A construct moved to another domain.
    Moved {
        /// The construct.
        key: ConstructKey,
        /// Old domain.
        from: DomainKey,
        /// New domain.
        to: DomainKey,
        /// When.
        at: String,
    },
    /// A construct was merged into another: its codings moved there and it was retired.
    Merged {
        /// The construct merged away.
        from: ConstructKey,
        /// The construct that received its codings.
        into: ConstructKey,
        /// How many codings moved.
        codings: usize,
        /// When.
        at: String,
    },
    /// A construct was retired (hidden from the picker; its codings kept).
    Retired {
        /// The construct.
        key: ConstructKey,
        /// When.
        at: String,
    },
    /// A retired construct was brought back.
    Restored {
        /// The construct.
        key: ConstructKey,
        /// When.
        at: String,
    },
}
