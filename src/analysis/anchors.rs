//! The status of every coding's anchor.

use crate::model::{AnchorStatus, CodingId, Project};
use std::collections::BTreeMap;

/// Anchor statuses of all codings that are not exact.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnchorReport {
    /// Codings whose anchor does not select its quote, with their status.
    pub problems: BTreeMap<CodingId, AnchorStatus>,
}

impl AnchorReport {
    /// Whether a coding's anchor is orphaned.
    #[must_use]
    pub fn is_orphaned(&self, id: CodingId) -> bool {
        matches!(self.problems.get(&id), Some(AnchorStatus::Orphaned))
    }

    /// How many codings are orphaned.
    #[must_use]
    pub fn orphaned_count(&self) -> usize {
        self.problems.values().filter(|s| matches!(s, AnchorStatus::Orphaned)).count()
    }
}

/// Checks every coding's anchor against the current text.
#[must_use]
pub fn check_anchors(project: &Project) -> AnchorReport {
    let problems = project
        .codings()
        .values()
        .filter_map(|c| match project.anchor_status(c) {
            AnchorStatus::Exact => None,
            other => Some((c.id, other)),
        })
        .collect();
    AnchorReport { problems }
}
