//! The project aggregate and the one place where edits are applied and invariants enforced.

use crate::model::anchor::{Anchor, AnchorStatus};
use crate::model::codebook::{Codebook, CodebookError, ConstructKey};
use crate::model::codebook_change::CodebookChange;
use crate::model::coding::{Coding, CodingIdentity};
use crate::model::document::{Document, Study};
use crate::model::ids::{CodingId, DocumentId, ImportedCodingId, StudyId};
use crate::model::imported::ImportedCoding;
use crate::model::reconciliation::Reconciliation;
use foldhash::{HashMap, HashSet};
use std::collections::BTreeMap;
use std::sync::Arc;

mod changes;
mod edits;
mod imported;

pub(crate) use changes::Changes;

/// The next free id of each kind. Ids are never reused, even after a removal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct NextIds {
    /// Next document id.
    pub document: u32,
    /// Next study id.
    pub study: u32,
    /// Next coding id.
    pub coding: u32,
    /// Next id of a passage coded with an imported code.
    pub imported: u32,
}

/// Why a set of parts does not make a consistent project (used when loading files).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    /// The codebook breaks a rule.
    #[error("codebook: {0}")]
    Codebook(#[from] CodebookError),
    /// A document, study or coding breaks a rule.
    #[error("{0}")]
    Inconsistent(String),
}

/// Everything a project is made of, for building one from a file.
#[derive(Clone, Debug)]
pub struct ProjectParts {
    /// Project name.
    pub name: String,
    /// The coder who owns the file.
    pub coder: String,
    /// The codebook.
    pub codebook: Codebook,
    /// How the codebook changed.
    pub codebook_history: Vec<CodebookChange>,
    /// Studies.
    pub studies: Vec<Study>,
    /// Documents.
    pub documents: Vec<Document>,
    /// Codings.
    pub codings: Vec<Coding>,
    /// Passages coded with imported codes (see [`ImportedCoding`]).
    pub imported: Vec<ImportedCoding>,
    /// Next free ids.
    pub next: NextIds,
    /// For a consensus project: how it was reconciled.
    pub reconciliation: Option<Reconciliation>,
}

/// A coding project: the codebook, the documents with their text, studies and codings.
///
/// Fields are private: every change goes through [`Project::apply`], which checks the
/// invariants and returns the inverse edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    name: String,
    coder: String,
    codebook: Codebook,
    studies: BTreeMap<StudyId, Study>,
    // The large collections are shared (`Arc`) between a project and its copies: the copy a
    // save or autosave takes on the window's thread costs four reference counts, not a deep
    // copy of every passage (145 ms at 100,000 codings). An edit copies a collection only
    // while a copy of it is still being written (`Arc::make_mut`).
    documents: Arc<BTreeMap<DocumentId, Document>>,
    codings: Arc<BTreeMap<CodingId, Arc<Coding>>>,
    /// Every coding's identity, for a duplicate check that does not scan (kept in step with
    /// `codings` by `insert_indexed` and `remove_indexed`). Hashed with foldhash, seeded
    /// anew in each process: `SipHash` was a tenth of reading 100,000 codings.
    identities: Arc<HashMap<CodingIdentity, CodingId>>,
    /// The codings of each document (kept in step the same way), so that one article's
    /// codings are found without a scan of all of them.
    by_document: Arc<HashMap<DocumentId, std::collections::BTreeSet<CodingId>>>,
    /// Passages coded with codes from another tool that map to no construct.
    imported: BTreeMap<ImportedCodingId, ImportedCoding>,
    codebook_history: Vec<CodebookChange>,
    reconciliation: Option<Reconciliation>,
    next: NextIds,
    revision: u64,
    /// What each edit touched, for the views.
    changes: Changes,
}

impl Project {
    /// A new, empty project.
    #[must_use]
    pub fn new(name: impl Into<String>, coder: impl Into<String>, codebook: Codebook) -> Self {
        Self {
            name: name.into(),
            coder: coder.into(),
            codebook,
            studies: BTreeMap::new(),
            documents: Arc::default(),
            codings: Arc::default(),
            identities: Arc::default(),
            by_document: Arc::default(),
            imported: BTreeMap::new(),
            codebook_history: Vec::new(),
            reconciliation: None,
            next: NextIds { document: 1, study: 1, coding: 1, imported: 1 },
            revision: 0,
            changes: Changes::default(),
        }
    }

    /// Builds a project from loaded parts, checking every invariant. Anchors that no longer
    /// match their text are allowed (they are reported as moved or orphaned, not refused).
    ///
    /// # Errors
    /// The first broken rule.
    pub fn from_parts(parts: ProjectParts) -> Result<Self, ProjectError> {
        let ProjectParts {
            name,
            coder,
            codebook,
            codebook_history,
            studies,
            documents,
            codings,
            imported,
            next,
            reconciliation,
        } = parts;
        codebook.validate()?;
        let bad = |msg: String| Err(ProjectError::Inconsistent(msg));
        let mut project = Project::new(name, coder, codebook);
        project.codebook_history = codebook_history;
        project.reconciliation = reconciliation;
        for s in studies {
            if project.studies.insert(s.id, s.clone()).is_some() {
                return bad(format!("study {} appears twice", s.id));
            }
        }
        for d in documents {
            if !project.studies.contains_key(&d.study) {
                return bad(format!("document {} belongs to missing study {}", d.id, d.study));
            }
            // Page lists are looked up by halving: in order, each page once, and pages the
            // article has.
            let ocr = d.ocr.as_ref().map_or(&[][..], |o| o.pages.as_slice());
            let pages = u32::try_from(d.pages.len()).unwrap_or(u32::MAX);
            for (what, list) in [("recognised by OCR", ocr), ("that could not be read", &d.unreadable_pages)] {
                if list.windows(2).any(|w| w[0] >= w[1]) || list.iter().any(|&p| p == 0 || p > pages) {
                    return bad(format!(
                        "document {}: its pages {what} are not pages 1 to {pages} in order, each once",
                        d.id
                    ));
                }
            }
            if Arc::make_mut(&mut project.documents).insert(d.id, d.clone()).is_some() {
                return bad(format!("document {} appears twice", d.id));
            }
        }
        let known: HashSet<ConstructKey> = project.codebook.constructs.iter().map(|c| c.key.clone()).collect();
        for c in codings {
            let identity = c.identity();
            if let Err(e) = project.check_restorable_as(&c, known.contains(&c.construct), &identity) {
                return bad(format!("coding {}: {e}", c.id));
            }
            project.insert_indexed_as(c, identity);
        }
        for m in imported {
            if let Err(e) = project.check_imported(&m) {
                return bad(format!("imported coding {}: {e}", m.id));
            }
            project.imported.insert(m.id, m);
        }
        let max = |it: &mut dyn Iterator<Item = u32>| it.max().map_or(1, |m| m + 1);
        project.next = NextIds {
            document: next.document.max(max(&mut project.documents.keys().map(|k| k.0))),
            study: next.study.max(max(&mut project.studies.keys().map(|k| k.0))),
            coding: next.coding.max(max(&mut project.codings.keys().map(|k| k.0))),
            imported: next.imported.max(max(&mut project.imported.keys().map(|k| k.0))),
        };
        Ok(project)
    }

    /// Project name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The coder who owns this project file.
    #[must_use]
    pub fn coder(&self) -> &str {
        &self.coder
    }
    /// The project's codebook.
    #[must_use]
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }
    /// Studies by id.
    #[must_use]
    pub fn studies(&self) -> &BTreeMap<StudyId, Study> {
        &self.studies
    }
    /// Documents by id.
    #[must_use]
    pub fn documents(&self) -> &BTreeMap<DocumentId, Document> {
        &self.documents
    }
    /// One document.
    #[must_use]
    pub fn document(&self, id: DocumentId) -> Option<&Document> {
        self.documents.get(&id)
    }
    /// Codings by id. Each is shared with the project's copies (the snapshot a save takes),
    /// so that an edit during a save copies the map, not every coding.
    #[must_use]
    pub fn codings(&self) -> &BTreeMap<CodingId, Arc<Coding>> {
        &self.codings
    }
    /// One coding.
    #[must_use]
    pub fn coding(&self, id: CodingId) -> Option<&Coding> {
        self.codings.get(&id).map(|c| &**c)
    }
    /// The codings of one document, in id order.
    pub fn codings_of(&self, doc: DocumentId) -> impl Iterator<Item = &Coding> + '_ {
        self.by_document.get(&doc).into_iter().flatten().filter_map(|id| self.codings.get(id).map(|c| &**c))
    }
    /// How the codebook changed, oldest first.
    #[must_use]
    pub fn codebook_history(&self) -> &[CodebookChange] {
        &self.codebook_history
    }

    /// For a consensus project: the record of how it was reconciled.
    #[must_use]
    pub fn reconciliation(&self) -> Option<&Reconciliation> {
        self.reconciliation.as_ref()
    }

    /// The parts of the project (for saving, or building a derived project).
    #[must_use]
    pub fn to_parts(&self) -> ProjectParts {
        ProjectParts {
            name: self.name.clone(),
            coder: self.coder.clone(),
            codebook: self.codebook.clone(),
            codebook_history: self.codebook_history.clone(),
            studies: self.studies.values().cloned().collect(),
            documents: self.documents.values().cloned().collect(),
            codings: self.codings.values().map(|c| Coding::clone(c)).collect(),
            imported: self.imported.values().cloned().collect(),
            next: self.next,
            reconciliation: self.reconciliation.clone(),
        }
    }

    /// The next free ids (saved with the project so ids are never reused).
    #[must_use]
    pub fn next_ids(&self) -> NextIds {
        self.next
    }
    /// The id the next new document should take.
    #[must_use]
    pub fn next_document_id(&self) -> DocumentId {
        DocumentId(self.next.document)
    }
    /// The id the next new study should take.
    #[must_use]
    pub fn next_study_id(&self) -> StudyId {
        StudyId(self.next.study)
    }
    /// Whether the project holds a coding of the same passage, construct and valence (which
    /// it would refuse as a duplicate).
    #[must_use]
    pub fn holds_same(&self, coding: &crate::model::Coding) -> bool {
        self.identities.contains_key(&coding.identity())
    }
    /// The id the next new coding should take.
    #[must_use]
    pub fn next_coding_id(&self) -> CodingId {
        CodingId(self.next.coding)
    }
    /// A counter that changes with every applied edit; derived data is recomputed when it
    /// changes. Not saved.
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// What each edit touched, for derived data that is recomputed article by article.
    #[must_use]
    pub(crate) fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Checks a coding's anchor against the current text.
    #[must_use]
    pub fn anchor_status(&self, coding: &Coding) -> AnchorStatus {
        match &coding.anchor {
            Anchor::Document => AnchorStatus::Exact,
            Anchor::Text(t) => t.verify(self.document(coding.document).and_then(|d| d.page(t.page))),
        }
    }

    /// Re-points codings whose quote moved (found once elsewhere on its page) and returns
    /// the ids of those moved and of those orphaned. Used right after loading; the caller
    /// reports both lists to the user. Orphaned codings are left exactly as they were.
    pub fn reanchor(&mut self) -> (Vec<CodingId>, Vec<CodingId>) {
        let mut moved = Vec::new();
        let mut orphaned = Vec::new();
        let statuses: Vec<(CodingId, AnchorStatus)> =
            self.codings.values().map(|c| (c.id, self.anchor_status(c))).collect();
        for (id, status) in statuses {
            match status {
                AnchorStatus::Exact => {}
                AnchorStatus::Moved { start, end } => {
                    if let Some(mut c) = self.remove_indexed(id) {
                        if let Anchor::Text(t) = &mut c.anchor {
                            t.start = start;
                            t.end = end;
                        }
                        self.insert_indexed(c);
                    }
                    moved.push(id);
                }
                AnchorStatus::Orphaned => orphaned.push(id),
            }
        }
        if !moved.is_empty() {
            self.revision += 1;
            self.changes.touch_all(self.revision);
        }
        (moved, orphaned)
    }

    /// The documents of one study, in id order.
    pub fn documents_in(&self, study: StudyId) -> impl Iterator<Item = &Document> + '_ {
        self.documents.values().filter(move |d| d.study == study)
    }
}

/// A text anchor must cover a range that is not empty.
fn check_range(anchor: &Anchor) -> Result<(), crate::model::edit::EditError> {
    match anchor {
        Anchor::Text(t) if t.start >= t.end || t.quote.is_empty() => {
            Err(crate::model::edit::EditError::BadAnchor("empty range".into()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::codebook::ConstructKey;
    use crate::model::codebook::tests::tiny;
    use crate::model::document::OcrText;
    use crate::model::edit::{CodingChange, DocumentBundle, Edit, EditError};
    use crate::model::{TextAnchor, Valence};

    pub(crate) const PAGE0: &str = "Lay counsellors were trusted by the community.";
    pub(crate) const PAGE1: &str = "Stigma kept families from seeking care.";

    pub(crate) fn project_with_document() -> Project {
        let mut p = Project::new("test", "ana", tiny());
        let bundle = DocumentBundle {
            document: Document {
                id: DocumentId(1),
                title: "Article".into(),
                study: StudyId(1),
                sha256: "00".into(),
                pdf: None,
                pages: vec![PAGE0.into(), PAGE1.into()],
                fields: BTreeMap::new(),
                warnings: Vec::new(),
                ocr: None,
                unreadable_pages: Vec::new(),
            },
            study: Some(Study { id: StudyId(1), label: "Study".into() }),
            codings: Vec::new(),
            imported: Vec::new(),
        };
        p.apply(Edit::AddDocument(Box::new(bundle))).unwrap();
        p
    }

    pub(crate) fn coding(p: &Project, page: usize, start: usize, end: usize, key: &str, v: Valence) -> Coding {
        let text = p.document(DocumentId(1)).unwrap().page(page).unwrap();
        Coding {
            id: p.next_coding_id(),
            document: DocumentId(1),
            anchor: Anchor::Text(TextAnchor::new(text, page, start, end).unwrap()),
            construct: ConstructKey::new(key),
            valence: v,
            comment: String::new(),
            coder: "ana".into(),
            created: "2026-01-01T00:00:00Z".into(),
            provenance: Vec::new(),
        }
    }

    #[test]
    fn a_copy_shares_the_collections_until_one_side_is_edited() {
        let mut p = project_with_document();
        let c = coding(&p, 0, 0, 15, "client.kabi", Valence::Facilitator);
        p.apply(Edit::AddCoding(c.clone())).unwrap();
        let other = coding(&p, 1, 0, 6, "client.kabi", Valence::Barrier);
        p.apply(Edit::AddCoding(other.clone())).unwrap();
        // The copy a save takes: nothing of the codings or documents is copied.
        let saved = p.clone();
        assert!(Arc::ptr_eq(&p.codings, &saved.codings) && Arc::ptr_eq(&p.documents, &saved.documents));
        // An edit while the copy lives leaves the copy as it was.
        p.apply(Edit::RemoveCoding(c.id)).unwrap();
        assert_eq!(saved.coding(c.id), Some(&c));
        assert_eq!(p.coding(c.id), None);
        assert!(saved.holds_same(&c) && !p.holds_same(&c), "the index of identities follows");
        assert_eq!((saved.codings_of(DocumentId(1)).count(), p.codings_of(DocumentId(1)).count()), (2, 1));
        assert!(!Arc::ptr_eq(&p.codings, &saved.codings));
        // The map was copied, not the codings in it: the one not edited is the same in both.
        assert!(Arc::ptr_eq(&p.codings[&other.id], &saved.codings[&other.id]));
        assert!(Arc::ptr_eq(&p.documents, &saved.documents), "what the edit did not touch stays shared");
    }

    #[test]
    fn add_coding_then_inverse_removes_it() {
        let mut p = project_with_document();
        let before = p.clone();
        let c = coding(&p, 0, 0, 15, "client.kabi", Valence::Facilitator);
        let inverse = p.apply(Edit::AddCoding(c.clone())).unwrap();
        assert_eq!(p.coding(c.id), Some(&c));
        let redo = p.apply(inverse).unwrap();
        assert_eq!(p.codings(), before.codings());
        p.apply(redo).unwrap();
        assert_eq!(p.coding(c.id), Some(&c));
    }

    #[test]
    fn duplicate_coding_is_refused_but_other_valence_is_fine() {
        let mut p = project_with_document();
        let c = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        p.apply(Edit::AddCoding(c)).unwrap();
        let again = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        assert_eq!(p.apply(Edit::AddCoding(again)), Err(EditError::DuplicateCoding));
        let both = coding(&p, 0, 0, 15, "client.kabi", Valence::Both);
        assert!(p.apply(Edit::AddCoding(both)).is_ok(), "a passage may carry several codings");
    }

    #[test]
    fn unknown_or_retired_construct_is_refused() {
        let mut p = project_with_document();
        let c = coding(&p, 0, 0, 15, "nope.nothing", Valence::Barrier);
        assert!(matches!(p.apply(Edit::AddCoding(c)), Err(EditError::UnknownConstruct(_))));
        let mut cb = p.codebook().clone();
        cb.constructs[1].retired = true;
        let mut parts = p.to_parts();
        parts.codebook = cb;
        parts.codings = vec![];
        let mut q = Project::from_parts(parts).unwrap();
        let c = coding(&q, 0, 0, 15, "client.other", Valence::Barrier);
        assert!(matches!(q.apply(Edit::AddCoding(c)), Err(EditError::RetiredConstruct(_))));
    }

    #[test]
    fn anchor_that_does_not_match_is_refused_for_new_codings_only() {
        let mut p = project_with_document();
        let mut c = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        if let Anchor::Text(t) = &mut c.anchor {
            t.quote = "something else".into();
        }
        assert!(matches!(p.apply(Edit::AddCoding(c.clone())), Err(EditError::BadAnchor(_))));
        // An orphaned coding can still be restored (undo of its removal must always work).
        assert!(p.apply(Edit::RestoreCoding(c)).is_ok());
    }

    #[test]
    fn change_coding_round_trip() {
        let mut p = project_with_document();
        let c = coding(&p, 1, 0, 6, "stigma.self_stigma", Valence::Barrier);
        p.apply(Edit::AddCoding(c.clone())).unwrap();
        let change = CodingChange {
            construct: ConstructKey::new("client.kabi"),
            valence: Valence::Both,
            comment: "changed".into(),
        };
        let inverse = p.apply(Edit::ChangeCoding { id: c.id, change }).unwrap();
        assert_eq!(p.coding(c.id).unwrap().valence, Valence::Both);
        p.apply(inverse).unwrap();
        assert_eq!(p.coding(c.id), Some(&c));
    }

    #[test]
    fn remove_document_takes_codings_and_study_and_comes_back() {
        let mut p = project_with_document();
        let c = coding(&p, 1, 0, 6, "stigma.self_stigma", Valence::Barrier);
        p.apply(Edit::AddCoding(c)).unwrap();
        let before = p.clone();
        let inverse = p.apply(Edit::RemoveDocument(DocumentId(1))).unwrap();
        assert!(p.documents().is_empty() && p.codings().is_empty() && p.studies().is_empty());
        p.apply(inverse).unwrap();
        assert_eq!(p.documents(), before.documents());
        assert_eq!(p.codings(), before.codings());
        assert_eq!(p.studies(), before.studies());
    }

    #[test]
    fn page_texts_are_replaced_and_put_back_but_never_under_a_coding() {
        let mut p = project_with_document();
        let ocr = Some(OcrText { language: "eng".into(), pages: vec![2] });
        let edit = Edit::SetPageTexts {
            document: DocumentId(1),
            pages: vec![(1, "Recognised text.".into())],
            ocr: ocr.clone(),
            warnings: Vec::new(),
        };
        let before = p.document(DocumentId(1)).unwrap().clone();
        let inverse = p.apply(edit).unwrap();
        let doc = p.document(DocumentId(1)).unwrap();
        assert_eq!((doc.pages[1].as_str(), &doc.ocr), ("Recognised text.", &ocr));
        p.apply(inverse).unwrap();
        assert_eq!(p.document(DocumentId(1)).unwrap(), &before);
        // A coded page keeps its text.
        let c = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        p.apply(Edit::AddCoding(c)).unwrap();
        let refused = p.apply(Edit::SetPageTexts {
            document: DocumentId(1),
            pages: vec![(0, "Other text.".into())],
            ocr: None,
            warnings: Vec::new(),
        });
        assert!(matches!(refused, Err(EditError::BadAnchor(m)) if m.contains("coded passages")));
    }

    #[test]
    fn failed_batch_changes_nothing() {
        let mut p = project_with_document();
        let before = p.clone();
        let good = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        let mut bad = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        bad.id = CodingId(99);
        assert_eq!(
            p.apply(Edit::Batch(vec![Edit::AddCoding(good), Edit::AddCoding(bad)])),
            Err(EditError::DuplicateCoding)
        );
        assert_eq!(p.codings(), before.codings());
    }

    #[test]
    fn fields_titles_and_studies_round_trip() {
        let mut p = project_with_document();
        let before = p.clone();
        let steps = vec![
            Edit::SetField { document: DocumentId(1), name: "region".into(), value: Some(" Africa ".into()) },
            Edit::SetTitle { document: DocumentId(1), title: "New title".into() },
            Edit::MoveToStudy {
                document: DocumentId(1),
                study: StudyId(2),
                create: Some(Study { id: StudyId(2), label: "Other".into() }),
            },
            Edit::RenameStudy { study: StudyId(2), label: "Renamed".into() },
        ];
        let inverse = p.apply(Edit::Batch(steps)).unwrap();
        let d = p.document(DocumentId(1)).unwrap();
        assert_eq!(d.fields.get("region").map(String::as_str), Some("Africa"), "values are trimmed");
        assert_eq!(d.study, StudyId(2));
        assert!(!p.studies().contains_key(&StudyId(1)), "the emptied study is removed");
        assert_eq!(p.studies()[&StudyId(2)].label, "Renamed");
        p.apply(inverse).unwrap();
        assert_eq!(p.documents(), before.documents());
        assert_eq!(p.studies(), before.studies());
    }

    #[test]
    fn moving_into_a_missing_study_is_refused() {
        let mut p = project_with_document();
        let r = p.apply(Edit::MoveToStudy { document: DocumentId(1), study: StudyId(9), create: None });
        assert_eq!(r, Err(EditError::UnknownStudy(StudyId(9))));
        let r = p.apply(Edit::SetField { document: DocumentId(1), name: " ".into(), value: None });
        assert_eq!(r, Err(EditError::Empty("the field name")));
    }

    #[test]
    fn ids_are_never_reused() {
        let mut p = project_with_document();
        let c = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        let id = c.id;
        p.apply(Edit::AddCoding(c)).unwrap();
        p.apply(Edit::RemoveCoding(id)).unwrap();
        assert!(p.next_coding_id() > id);
    }

    #[test]
    fn reanchor_moves_unique_quotes_and_keeps_orphans() {
        let mut p = project_with_document();
        let mut moved = coding(&p, 1, 0, 6, "stigma.self_stigma", Valence::Barrier);
        if let Anchor::Text(t) = &mut moved.anchor {
            t.start += 1;
            t.end += 1;
        }
        let mut orphan = coding(&p, 0, 0, 15, "client.kabi", Valence::Barrier);
        orphan.id = CodingId(7);
        if let Anchor::Text(t) = &mut orphan.anchor {
            t.quote = "not on the page".into();
        }
        p.apply(Edit::RestoreCoding(moved.clone())).unwrap();
        p.apply(Edit::RestoreCoding(orphan.clone())).unwrap();
        let (m, o) = p.reanchor();
        assert_eq!((m, o), (vec![moved.id], vec![orphan.id]));
        assert_eq!(p.anchor_status(p.coding(moved.id).unwrap()), AnchorStatus::Exact);
        assert_eq!(p.coding(orphan.id), Some(&orphan), "orphans are never shifted");
    }
}
