//! Stable counter ids. An id is never reused within a project, so references survive
//! renames, reordering and undo.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! counter_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

counter_id!(
    /// Identifies a document (an article) within a project.
    DocumentId,
    "D"
);
counter_id!(
    /// Identifies a coding (one construct and valence on one passage) within a project.
    CodingId,
    "C"
);
counter_id!(
    /// Identifies a parent study that groups articles.
    StudyId,
    "S"
);
counter_id!(
    /// Identifies a passage coded with an imported code (see [`crate::model::ImportedCoding`]).
    ImportedCodingId,
    "M"
);
