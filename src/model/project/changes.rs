//! Bookkeeping for derived data: which project this is, and at which revision each article
//! last changed in a way the views derive from it. With it the views recompute only the
//! articles an edit touched, not every coding of the review.

use crate::model::ids::DocumentId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers every project value (and every copy of one) apart.
static INSTANCES: AtomicU64 = AtomicU64::new(1);

/// What changed when, by project revision. Not saved, and not part of a project's content:
/// two projects with the same content are equal whatever their histories. A copy is another
/// project (a new instance): derived data computed for one is never taken for the other,
/// whose history may go another way.
#[derive(Debug)]
pub(crate) struct Changes {
    instance: u64,
    /// The revision at which each article's codings, text or study last changed.
    documents: HashMap<DocumentId, u64>,
    /// The revision at which something every article's derived data depends on (the
    /// codebook, the anchors of many articles at once) last changed.
    everything: u64,
}

impl Changes {
    fn next_instance() -> u64 {
        INSTANCES.fetch_add(1, Ordering::Relaxed)
    }

    /// Which project value this is.
    pub(crate) fn instance(&self) -> u64 {
        self.instance
    }

    /// The revision at which what the views derive from `doc` last changed.
    pub(crate) fn document(&self, doc: DocumentId) -> u64 {
        self.documents.get(&doc).copied().unwrap_or(0).max(self.everything)
    }

    /// Records a change of these articles at `revision`.
    pub(crate) fn touch(&mut self, documents: impl IntoIterator<Item = DocumentId>, revision: u64) {
        for doc in documents {
            self.documents.insert(doc, revision);
        }
    }

    /// Records a change of every article at `revision`.
    pub(crate) fn touch_all(&mut self, revision: u64) {
        self.everything = revision;
    }
}

impl Default for Changes {
    fn default() -> Self {
        Self { instance: Self::next_instance(), documents: HashMap::new(), everything: 0 }
    }
}

impl Clone for Changes {
    fn clone(&self) -> Self {
        Self { instance: Self::next_instance(), documents: self.documents.clone(), everything: self.everything }
    }
}

impl PartialEq for Changes {
    /// Always: the history is not part of a project's content.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}
