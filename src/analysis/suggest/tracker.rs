//! Keeping the suggestion model's copy of the codings up to date without copying them all
//! after every edit: the tracker remembers a fingerprint of each coding it has handed over
//! (its document, passage, construct and valence) and, when the project has changed, walks
//! the project's codings beside its fingerprints (both in id order, so in one pass and
//! without allocating per coding) to find what was added, changed or removed. Only those
//! passages are copied. The other side applies the delta to its own copy.

use super::{Corpus, Example, definitions};
use crate::model::{Anchor, Coding, CodingId, ConstructKey, Project};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

/// What changed since the last delta.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CorpusDelta {
    /// Codings new or changed (a changed one replaces the one of its id).
    pub upserted: Vec<Example>,
    /// Codings gone (or become codings of a whole article).
    pub removed: Vec<CodingId>,
    /// The codebook's definitions, when they changed.
    pub definitions: Option<Vec<(ConstructKey, String)>>,
}

impl CorpusDelta {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.upserted.is_empty() && self.removed.is_empty() && self.definitions.is_none()
    }

    /// Applies the delta to a copy of the examples (by coding) and definitions.
    pub fn apply(self, examples: &mut BTreeMap<CodingId, Example>, constructs: &mut Vec<(ConstructKey, String)>) {
        for id in self.removed {
            examples.remove(&id);
        }
        for e in self.upserted {
            examples.insert(e.coding, e);
        }
        if let Some(d) = self.definitions {
            *constructs = d;
        }
    }
}

impl Corpus {
    /// The corpus of a copy kept up to date with deltas, to build a model from.
    #[must_use]
    pub fn from_copy(examples: &BTreeMap<CodingId, Example>, constructs: &[(ConstructKey, String)]) -> Self {
        Self { examples: examples.values().cloned().collect(), constructs: constructs.to_vec() }
    }
}

/// The app's side: what the model's copy holds, as fingerprints.
#[derive(Clone, Debug, Default)]
pub struct CorpusTracker {
    known: BTreeMap<CodingId, u64>,
    definitions: Vec<(ConstructKey, String)>,
    revision: Option<u64>,
}

impl CorpusTracker {
    /// What changed in `project` since the last call (`None` when its revision is the same).
    pub fn changes(&mut self, project: &Project) -> Option<CorpusDelta> {
        if self.revision == Some(project.revision()) {
            return None;
        }
        self.revision = Some(project.revision());
        let mut delta = CorpusDelta::default();
        let mut known = self.known.iter().peekable();
        let mut fresh: Vec<(CodingId, u64)> = Vec::new();
        for c in project.codings().values() {
            // Fingerprints the model had for ids below this one are gone from the project.
            while let Some((id, _)) = known.next_if(|(id, _)| **id < c.id) {
                delta.removed.push(*id);
            }
            let print = fingerprint(c);
            let had = known.next_if(|(id, _)| **id == c.id).map(|(_, p)| *p);
            match (print, had) {
                (Some(p), Some(h)) if p == h => {}
                (Some(p), _) => {
                    if let Some(e) = Example::of(c) {
                        delta.upserted.push(e);
                        fresh.push((c.id, p));
                    }
                }
                (None, Some(_)) => delta.removed.push(c.id),
                (None, None) => {}
            }
        }
        delta.removed.extend(known.map(|(id, _)| *id));
        for id in &delta.removed {
            self.known.remove(id);
        }
        self.known.extend(fresh);
        let defs = definitions(project.codebook());
        if defs != self.definitions {
            self.definitions.clone_from(&defs);
            delta.definitions = Some(defs);
        }
        Some(delta)
    }

    /// Compares again at the next call, whatever the revision (another project was opened,
    /// whose revision count says nothing about this one's). What the copy holds is still
    /// known, so the next delta turns it into the new project's.
    pub fn invalidate(&mut self) {
        self.revision = None;
    }
}

/// A fingerprint of what a coding teaches (`None` for a coding of a whole article). A
/// coding's quote is the text of its range, so the range (with the quote's length) stands
/// for it: hashing every quote would cost more than the rest of the pass.
fn fingerprint(c: &Coding) -> Option<u64> {
    let Anchor::Text(t) = &c.anchor else { return None };
    let mut h = Quick(0);
    (c.document, t.page, t.start, t.end, t.quote.len(), &c.construct, c.valence).hash(&mut h);
    Some(h.finish())
}

/// A fast, non-cryptographic hash (the multiply-rotate step of `FxHash`): fingerprints only
/// compare a coding with itself, so nothing here needs resistance to crafted input.
struct Quick(u64);

impl Hasher for Quick {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project_tests::{PAGE0, project_with_document};
    use crate::model::{CodingChange, Edit, TextAnchor, Valence};

    fn add(p: &mut Project, start: usize, end: usize, key: &str) -> CodingId {
        let doc = *p.documents().keys().next().unwrap();
        let id = p.next_coding_id();
        let anchor = Anchor::Text(TextAnchor::new(PAGE0, 0, start, end).unwrap());
        let c = Coding {
            id,
            document: doc,
            anchor,
            construct: ConstructKey::new(key),
            valence: Valence::Barrier,
            comment: String::new(),
            coder: String::new(),
            created: String::new(),
            provenance: Vec::new(),
        };
        p.apply(Edit::AddCoding(c)).unwrap();
        id
    }

    #[test]
    fn deltas_keep_a_copy_equal_to_the_project() {
        let mut p = project_with_document();
        let mut tracker = CorpusTracker::default();
        let (mut copy, mut defs) = (BTreeMap::new(), Vec::new());
        let check = |tracker: &mut CorpusTracker, p: &Project, copy: &mut BTreeMap<_, _>, defs: &mut Vec<_>| {
            if let Some(d) = tracker.changes(p) {
                d.apply(copy, defs);
            }
            assert_eq!(Corpus::from_copy(copy, defs), Corpus::of(p));
        };
        check(&mut tracker, &p, &mut copy, &mut defs);
        let a = add(&mut p, 0, 14, "client.kabi");
        let b = add(&mut p, 4, 20, "client.other");
        let delta = tracker.changes(&p).unwrap();
        assert_eq!((delta.upserted.len(), delta.removed.len()), (2, 0), "only the new ones");
        delta.apply(&mut copy, &mut defs);
        assert!(tracker.changes(&p).is_none(), "same revision");
        // A change, a removal, and one more.
        p.apply(Edit::ChangeCoding {
            id: b,
            change: CodingChange {
                construct: ConstructKey::new("client.kabi"),
                valence: Valence::Both,
                comment: String::new(),
            },
        })
        .unwrap();
        p.apply(Edit::RemoveCoding(a)).unwrap();
        add(&mut p, 0, 10, "stigma.self_stigma");
        let delta = tracker.changes(&p).unwrap();
        assert_eq!((delta.upserted.len(), delta.removed.clone()), (2, vec![a]));
        delta.apply(&mut copy, &mut defs);
        assert_eq!(Corpus::from_copy(&copy, &defs), Corpus::of(&p));
        // A comment alone changes nothing the model learns.
        p.apply(Edit::ChangeCoding {
            id: b,
            change: CodingChange {
                construct: ConstructKey::new("client.kabi"),
                valence: Valence::Both,
                comment: "note".into(),
            },
        })
        .unwrap();
        assert!(tracker.changes(&p).unwrap().is_empty());
        check(&mut tracker, &p, &mut copy, &mut defs);
        // Another project, whatever its revision: the copy becomes its corpus.
        let mut other = project_with_document();
        add(&mut other, 5, 25, "stigma.self_stigma");
        tracker.invalidate();
        check(&mut tracker, &other, &mut copy, &mut defs);
    }
}
