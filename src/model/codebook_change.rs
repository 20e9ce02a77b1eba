//! The codebook's history: what was added, renamed, moved, merged or retired, and when.
//! Kept in the project so that a review can report how its codebook evolved.

use super::codebook::{Codebook, ConstructKey, DomainKey};
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

impl CodebookChange {
    /// What an imported codebook changes against the one it replaces, at `at`: constructs
    /// added, renamed and redefined, in the new codebook's order.
    #[must_use]
    pub fn between(old: &Codebook, new: &Codebook, at: &str) -> Vec<Self> {
        let mut changes = Vec::new();
        for c in new.constructs.iter().filter(|c| old.construct(&c.key).is_none()) {
            changes.push(Self::Added { key: c.key.clone(), domain: c.domain.clone(), at: at.to_owned() });
        }
        for c in &new.constructs {
            let Some(before) = old.construct(&c.key) else { continue };
            if before.label != c.label {
                changes.push(Self::Renamed {
                    key: c.key.clone(),
                    from: before.label.clone(),
                    to: c.label.clone(),
                    at: at.to_owned(),
                });
            }
            if before.definition != c.definition {
                changes.push(Self::Redefined { key: c.key.clone(), at: at.to_owned() });
            }
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::codebook::tests::tiny;

    #[test]
    fn changes_between_two_codebooks() {
        let old = tiny();
        let mut new = old.clone();
        new.constructs[0].label = "Renamed".into();
        new.constructs[1].definition = "Another meaning".into();
        let mut added = new.constructs[2].clone();
        added.key = ConstructKey::new("stigma.new_one");
        new.constructs.push(added);
        let changes = CodebookChange::between(&old, &new, "2026-12-03T00:00:00Z");
        assert_eq!(changes.len(), 3, "{changes:?}");
        assert!(matches!(&changes[0], CodebookChange::Added { key, .. } if key.as_str() == "stigma.new_one"));
        assert!(matches!(&changes[1], CodebookChange::Renamed { to, .. } if to == "Renamed"));
        assert!(matches!(&changes[2], CodebookChange::Redefined { .. }));
        assert!(CodebookChange::between(&old, &old, "").is_empty());
    }
}
