//! Changes to the codebook as a review refines it: add a construct (open coding), rename,
//! redefine, move to another domain, merge two constructs, retire and restore. Each becomes
//! an undoable [`Edit`] and a line in the codebook's history. Keys never change once made.

use super::codebook::{Construct, ConstructKey, DomainKey};
use super::codebook_change::CodebookChange;
use super::edit::{CodingChange, Edit, EditError};
use super::project::Project;

/// One codebook operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodebookOp {
    /// Add a construct to a domain; its key is made from the domain and label.
    Add {
        /// The domain.
        domain: DomainKey,
        /// Display label.
        label: String,
        /// Definition.
        definition: String,
    },
    /// Change a construct's label.
    Rename {
        /// The construct.
        key: ConstructKey,
        /// New label.
        label: String,
    },
    /// Change a construct's definition.
    Redefine {
        /// The construct.
        key: ConstructKey,
        /// New definition.
        definition: String,
    },
    /// Move a construct to another domain (its key stays).
    Move {
        /// The construct.
        key: ConstructKey,
        /// The new domain.
        domain: DomainKey,
    },
    /// Hide a construct from the picker; its codings are kept and shown as retired.
    Retire(ConstructKey),
    /// Bring a retired construct back.
    Restore(ConstructKey),
    /// Move every coding of `from` to `into` and retire `from`.
    Merge {
        /// The construct merged away.
        from: ConstructKey,
        /// The construct that receives the codings.
        into: ConstructKey,
    },
}

/// `Task-sharing provider (+peer) role` -> `task_sharing_provider_peer_role`.
#[must_use]
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in super::text::fold(label).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_').to_owned();
    if trimmed.is_empty() { "construct".to_owned() } else { trimmed }
}

impl Project {
    /// The edit that performs a codebook operation, recorded in the history at `at`.
    ///
    /// # Errors
    /// Unknown constructs or domains, empty labels, merging a construct into itself.
    pub fn codebook_edit(&self, op: CodebookOp, at: &str) -> Result<Edit, EditError> {
        let mut cb = self.codebook().clone();
        let mut history = self.codebook_history().to_vec();
        let at = at.to_owned();
        let find = |cb: &super::Codebook, key: &ConstructKey| -> Result<usize, EditError> {
            cb.constructs.iter().position(|c| &c.key == key).ok_or_else(|| EditError::UnknownConstruct(key.clone()))
        };
        let mut before = Vec::new();
        match op {
            CodebookOp::Add { domain, label, definition } => {
                if label.trim().is_empty() {
                    return Err(EditError::Empty("the construct label"));
                }
                if cb.domain(&domain).is_none() {
                    return Err(EditError::Codebook(format!("domain `{domain}` does not exist")));
                }
                let base = format!("{}.{}", domain, slug(&label));
                let mut key = ConstructKey::new(base.clone());
                let mut n = 2;
                while cb.construct(&key).is_some() {
                    key = ConstructKey::new(format!("{base}_{n}"));
                    n += 1;
                }
                // After the domain's last construct, so the codebook stays grouped by domain.
                let at_index =
                    cb.constructs.iter().rposition(|c| c.domain == domain).map_or(cb.constructs.len(), |i| i + 1);
                cb.constructs.insert(
                    at_index,
                    Construct {
                        key: key.clone(),
                        domain: domain.clone(),
                        label: label.trim().to_owned(),
                        definition: definition.trim().to_owned(),
                        retired: false,
                    },
                );
                history.push(CodebookChange::Added { key, domain, at });
            }
            CodebookOp::Rename { key, label } => {
                if label.trim().is_empty() {
                    return Err(EditError::Empty("the construct label"));
                }
                let i = find(&cb, &key)?;
                let from = std::mem::replace(&mut cb.constructs[i].label, label.trim().to_owned());
                history.push(CodebookChange::Renamed { key, from, to: label.trim().to_owned(), at });
            }
            CodebookOp::Redefine { key, definition } => {
                let i = find(&cb, &key)?;
                definition.trim().clone_into(&mut cb.constructs[i].definition);
                history.push(CodebookChange::Redefined { key, at });
            }
            CodebookOp::Move { key, domain } => {
                if cb.domain(&domain).is_none() {
                    return Err(EditError::Codebook(format!("domain `{domain}` does not exist")));
                }
                let i = find(&cb, &key)?;
                let mut construct = cb.constructs.remove(i);
                let from = std::mem::replace(&mut construct.domain, domain.clone());
                let at_index =
                    cb.constructs.iter().rposition(|c| c.domain == domain).map_or(cb.constructs.len(), |i| i + 1);
                cb.constructs.insert(at_index, construct);
                history.push(CodebookChange::Moved { key, from, to: domain, at });
            }
            CodebookOp::Retire(key) => {
                let i = find(&cb, &key)?;
                cb.constructs[i].retired = true;
                history.push(CodebookChange::Retired { key, at });
            }
            CodebookOp::Restore(key) => {
                let i = find(&cb, &key)?;
                cb.constructs[i].retired = false;
                history.push(CodebookChange::Restored { key, at });
            }
            CodebookOp::Merge { from, into } => {
                if from == into {
                    return Err(EditError::Codebook("a construct cannot be merged into itself".into()));
                }
                let fi = find(&cb, &from)?;
                let ii = find(&cb, &into)?;
                if cb.constructs[ii].retired {
                    return Err(EditError::RetiredConstruct(into));
                }
                let mut moved = 0;
                for c in self.codings().values().filter(|c| c.construct == from) {
                    moved += 1;
                    // A passage coded with both, with the same valence: keep the target's
                    // coding, with both comments, and drop the duplicate.
                    let twin = self.codings().values().find(|o| {
                        o.construct == into
                            && o.document == c.document
                            && o.valence == c.valence
                            && o.anchor == c.anchor
                    });
                    match twin {
                        Some(t) => {
                            let comment = match (t.comment.is_empty(), c.comment.is_empty()) {
                                (_, true) => t.comment.clone(),
                                (true, false) => c.comment.clone(),
                                (false, false) if t.comment == c.comment => t.comment.clone(),
                                (false, false) => format!("{} / {}", t.comment, c.comment),
                            };
                            before.push(Edit::ChangeCoding {
                                id: t.id,
                                change: CodingChange { construct: into.clone(), valence: t.valence, comment },
                            });
                            before.push(Edit::RemoveCoding(c.id));
                        }
                        None => before.push(Edit::ChangeCoding {
                            id: c.id,
                            change: CodingChange {
                                construct: into.clone(),
                                valence: c.valence,
                                comment: c.comment.clone(),
                            },
                        }),
                    }
                }
                cb.constructs[fi].retired = true;
                history.push(CodebookChange::Merged { from, into, codings: moved, at });
            }
        }
        let set = Edit::SetCodebook { codebook: cb, history };
        if before.is_empty() {
            Ok(set)
        } else {
            before.push(set);
            Ok(Edit::Batch(before))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::tests::{coding, project_with_document};
    use crate::model::{Anchor, Valence};

    #[test]
    fn slug_makes_keys() {
        assert_eq!(slug("Task-sharing provider (+peer) role"), "task_sharing_provider_peer_role");
        assert_eq!(slug("  "), "construct");
    }

    #[test]
    fn add_rename_move_retire_restore_are_recorded_and_undoable() {
        let mut p = project_with_document();
        let before = p.clone();
        let mut inverses = Vec::new();
        let add = p
            .codebook_edit(
                CodebookOp::Add {
                    domain: DomainKey::new("client"),
                    label: "Peer support".into(),
                    definition: "d".into(),
                },
                "t1",
            )
            .unwrap();
        inverses.push(p.apply(add).unwrap());
        let key = ConstructKey::new("client.peer_support");
        assert!(p.codebook().construct(&key).is_some());
        for op in [
            CodebookOp::Rename { key: key.clone(), label: "Peer help".into() },
            CodebookOp::Move { key: key.clone(), domain: DomainKey::new("stigma") },
            CodebookOp::Retire(key.clone()),
            CodebookOp::Restore(key.clone()),
        ] {
            let e = p.codebook_edit(op, "t").unwrap();
            inverses.push(p.apply(e).unwrap());
        }
        let c = p.codebook().construct(&key).unwrap();
        assert_eq!((c.label.as_str(), c.domain.as_str(), c.retired), ("Peer help", "stigma", false));
        assert_eq!(c.key, key, "the key never changes");
        assert_eq!(p.codebook_history().len(), 5);
        for inv in inverses.into_iter().rev() {
            p.apply(inv).unwrap();
        }
        assert_eq!(p.codebook(), before.codebook());
        assert!(p.codebook_history().is_empty());
    }

    #[test]
    fn merge_moves_every_coding_and_is_undoable() {
        let mut p = project_with_document();
        let mut a = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        a.comment = "first".into();
        p.apply(Edit::AddCoding(a)).unwrap();
        let b = coding(&p, 0, 16, 20, "client.kabi", Valence::Facilitator);
        p.apply(Edit::AddCoding(b)).unwrap();
        let mut twin = coding(&p, 0, 0, 15, "client.other", Valence::Barrier);
        twin.comment = "second".into();
        p.apply(Edit::AddCoding(twin)).unwrap();
        let before = p.clone();
        let merge = p
            .codebook_edit(
                CodebookOp::Merge { from: ConstructKey::new("client.kabi"), into: ConstructKey::new("client.other") },
                "t",
            )
            .unwrap();
        let inverse = p.apply(merge).unwrap();
        assert!(p.codings().values().all(|c| c.construct.as_str() == "client.other"));
        assert_eq!(p.codings().len(), 2, "the duplicate passage collapses into one");
        let merged = p.codings().values().find(|c| matches!(&c.anchor, Anchor::Text(t) if t.start == 0)).unwrap();
        assert_eq!(merged.comment, "second / first", "both comments kept");
        assert!(p.codebook().construct(&ConstructKey::new("client.kabi")).unwrap().retired);
        assert!(matches!(p.codebook_history().last(), Some(CodebookChange::Merged { codings: 2, .. })));
        p.apply(inverse).unwrap();
        assert_eq!(p.codings(), before.codings());
        assert_eq!(p.codebook(), before.codebook());
    }

    #[test]
    fn constructs_in_use_cannot_disappear() {
        let mut p = project_with_document();
        p.apply(Edit::AddCoding(coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier))).unwrap();
        let mut cb = p.codebook().clone();
        cb.constructs.retain(|c| c.key.as_str() != "client.kabi");
        assert!(matches!(p.apply(Edit::SetCodebook { codebook: cb, history: vec![] }), Err(EditError::Codebook(_))));
        assert!(
            p.codebook_edit(
                CodebookOp::Merge { from: ConstructKey::new("client.kabi"), into: ConstructKey::new("client.kabi") },
                "t"
            )
            .is_err()
        );
    }
}
