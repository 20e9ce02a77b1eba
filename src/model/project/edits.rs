//! Applying edits: each edit checked against the project's invariants, applied, and its
//! inverse returned (undo applies the inverse); a refused edit changes nothing, and a batch
//! is all or nothing.

use super::Project;
use crate::model::anchor::Anchor;
use crate::model::codebook::ConstructKey;
use crate::model::coding::{Coding, CodingIdentity};
use crate::model::document::{OcrText, Study};
use crate::model::edit::{CodingChange, DocumentBundle, Edit, EditError};
use crate::model::ids::{CodingId, DocumentId, StudyId};
use std::sync::Arc;

impl Project {
    /// Applies an edit and returns its inverse. A refused edit changes nothing.
    ///
    /// # Errors
    /// Why the edit breaks an invariant.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        let touched = self.touched_by(&edit);
        let inverse = match edit {
            Edit::AddDocument(bundle) => self.add_document(*bundle)?,
            Edit::RemoveDocument(id) => self.remove_document(id)?,
            Edit::AddCoding(c) => {
                self.check_new_coding(&c)?;
                self.insert_coding(c)
            }
            Edit::RestoreCoding(c) => {
                self.check_restorable(&c)?;
                self.insert_coding(c)
            }
            Edit::RemoveCoding(id) => Edit::RestoreCoding(self.remove_indexed(id).ok_or(EditError::UnknownCoding(id))?),
            Edit::ChangeCoding { id, change } => self.change_coding(id, change)?,
            Edit::SetProjectInfo { name, coder } => {
                if name.trim().is_empty() {
                    return Err(EditError::Empty("the project name"));
                }
                Edit::SetProjectInfo {
                    name: std::mem::replace(&mut self.name, name),
                    coder: std::mem::replace(&mut self.coder, coder),
                }
            }
            Edit::SetField { document, name, value } => {
                if name.trim().is_empty() {
                    return Err(EditError::Empty("the field name"));
                }
                let doc = Arc::make_mut(&mut self.documents)
                    .get_mut(&document)
                    .ok_or(EditError::UnknownDocument(document))?;
                let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
                let old = match value {
                    Some(v) => doc.fields.insert(name.clone(), v),
                    None => doc.fields.remove(&name),
                };
                Edit::SetField { document, name, value: old }
            }
            Edit::SetPdf { document, pdf } => {
                let doc = Arc::make_mut(&mut self.documents)
                    .get_mut(&document)
                    .ok_or(EditError::UnknownDocument(document))?;
                Edit::SetPdf { document, pdf: std::mem::replace(&mut doc.pdf, pdf) }
            }
            Edit::SetPageTexts { document, pages, ocr, warnings } => {
                self.set_page_texts(document, pages, ocr, warnings)?
            }
            Edit::SetTitle { document, title } => {
                if title.trim().is_empty() {
                    return Err(EditError::Empty("the document title"));
                }
                let doc = Arc::make_mut(&mut self.documents)
                    .get_mut(&document)
                    .ok_or(EditError::UnknownDocument(document))?;
                Edit::SetTitle { document, title: std::mem::replace(&mut doc.title, title) }
            }
            Edit::MoveToStudy { document, study, create } => self.move_to_study(document, study, create)?,
            Edit::RenameStudy { study, label } => {
                if label.trim().is_empty() {
                    return Err(EditError::Empty("the study label"));
                }
                let s = self.studies.get_mut(&study).ok_or(EditError::UnknownStudy(study))?;
                Edit::RenameStudy { study, label: std::mem::replace(&mut s.label, label) }
            }
            Edit::SetCodebook { codebook, history } => {
                codebook.validate().map_err(|e| EditError::Codebook(e.to_string()))?;
                if let Some(c) = self.codings.values().find(|c| codebook.construct(&c.construct).is_none()) {
                    return Err(EditError::Codebook(format!("construct `{}` is still used by codings", c.construct)));
                }
                if let Some(m) = self.imported.values().find(|m| codebook.imported_code(&m.code).is_none()) {
                    return Err(EditError::Codebook(format!("imported code `{}` is still used by codings", m.code)));
                }
                Edit::SetCodebook {
                    codebook: std::mem::replace(&mut self.codebook, codebook),
                    history: std::mem::replace(&mut self.codebook_history, history),
                }
            }
            Edit::AddImportedCoding(m) => {
                self.check_imported(&m)?;
                let id = m.id;
                self.next.imported = self.next.imported.max(id.0 + 1);
                self.imported.insert(id, m);
                Edit::RemoveImportedCoding(id)
            }
            Edit::RemoveImportedCoding(id) => {
                Edit::AddImportedCoding(self.imported.remove(&id).ok_or(EditError::UnknownImported(id))?)
            }
            Edit::Batch(edits) => self.apply_batch(edits)?,
        };
        self.revision += 1;
        match touched {
            Touched::Nothing => {}
            Touched::Documents(docs) => self.changes.touch(docs, self.revision),
            Touched::Everything => self.changes.touch_all(self.revision),
        }
        Ok(inverse)
    }

    /// What an edit changes of the data the views derive article by article (codings,
    /// page text, study; the codebook for all), found before it is applied. Every kind of
    /// edit is named, so that a new one has to say.
    fn touched_by(&self, edit: &Edit) -> Touched {
        let of_coding =
            |id: &CodingId| Touched::Documents(self.codings.get(id).map(|c| c.document).into_iter().collect());
        match edit {
            Edit::AddDocument(bundle) => Touched::Documents(vec![bundle.document.id]),
            Edit::RemoveDocument(document)
            | Edit::SetPageTexts { document, .. }
            | Edit::MoveToStudy { document, .. } => Touched::Documents(vec![*document]),
            Edit::AddCoding(c) | Edit::RestoreCoding(c) => Touched::Documents(vec![c.document]),
            Edit::RemoveCoding(id) | Edit::ChangeCoding { id, .. } => of_coding(id),
            Edit::SetCodebook { .. } => Touched::Everything,
            // Recomputed whole at every change (titles, fields, labels), or not derived; and
            // each edit of a batch is applied, and records what it touches, on its own.
            Edit::SetProjectInfo { .. }
            | Edit::SetField { .. }
            | Edit::SetPdf { .. }
            | Edit::SetTitle { .. }
            | Edit::RenameStudy { .. }
            | Edit::AddImportedCoding(_)
            | Edit::RemoveImportedCoding(_)
            | Edit::Batch(_) => Touched::Nothing,
        }
    }

    pub(super) fn apply_batch(&mut self, edits: Vec<Edit>) -> Result<Edit, EditError> {
        let mut inverses = Vec::with_capacity(edits.len());
        for edit in edits {
            match self.apply(edit) {
                Ok(inv) => inverses.push(inv),
                Err(e) => {
                    // Roll back what was applied so the batch is all or nothing.
                    for inv in inverses.into_iter().rev() {
                        // Inverses of applied edits always apply.
                        let _ = self.apply(inv);
                    }
                    return Err(e);
                }
            }
        }
        inverses.reverse();
        Ok(Edit::Batch(inverses))
    }

    pub(super) fn insert_coding(&mut self, c: Coding) -> Edit {
        let id = c.id;
        self.next.coding = self.next.coding.max(id.0 + 1);
        self.insert_indexed(c);
        Edit::RemoveCoding(id)
    }

    /// Inserts a coding with its identity (the caller has checked it is not a duplicate).
    pub(super) fn insert_indexed(&mut self, c: Coding) {
        let identity = c.identity();
        self.insert_indexed_as(c, identity);
    }

    /// [`Self::insert_indexed`] with the identity already made.
    pub(super) fn insert_indexed_as(&mut self, c: Coding, identity: CodingIdentity) {
        Arc::make_mut(&mut self.identities).insert(identity, c.id);
        Arc::make_mut(&mut self.by_document).entry(c.document).or_default().insert(c.id);
        Arc::make_mut(&mut self.codings).insert(c.id, Arc::new(c));
    }

    /// Removes a coding with its identity.
    pub(super) fn remove_indexed(&mut self, id: CodingId) -> Option<Coding> {
        let c = Arc::unwrap_or_clone(Arc::make_mut(&mut self.codings).remove(&id)?);
        if self.identities.get(&c.identity()) == Some(&id) {
            Arc::make_mut(&mut self.identities).remove(&c.identity());
        }
        if let Some(set) = Arc::make_mut(&mut self.by_document).get_mut(&c.document) {
            set.remove(&id);
            if set.is_empty() {
                Arc::make_mut(&mut self.by_document).remove(&c.document);
            }
        }
        Some(c)
    }

    pub(super) fn add_document(&mut self, bundle: DocumentBundle) -> Result<Edit, EditError> {
        let DocumentBundle { document, study, codings, imported } = bundle;
        if self.documents.contains_key(&document.id) {
            return Err(EditError::DuplicateId(document.id.to_string()));
        }
        match &study {
            Some(s) if self.studies.contains_key(&s.id) => {
                return Err(EditError::DuplicateId(s.id.to_string()));
            }
            Some(s) if s.id != document.study => {
                return Err(EditError::UnknownStudy(document.study));
            }
            None if !self.studies.contains_key(&document.study) => {
                return Err(EditError::UnknownStudy(document.study));
            }
            _ => {}
        }
        if document.title.trim().is_empty() {
            return Err(EditError::Empty("the document title"));
        }
        let id = document.id;
        self.next.document = self.next.document.max(id.0 + 1);
        if let Some(s) = study {
            self.next.study = self.next.study.max(s.id.0 + 1);
            self.studies.insert(s.id, s);
        }
        Arc::make_mut(&mut self.documents).insert(id, document);
        let mut added = 0;
        let mut refused = None;
        for c in &codings {
            let check =
                if c.document == id { self.check_restorable(c) } else { Err(EditError::UnknownDocument(c.document)) };
            if let Err(e) = check {
                refused = Some(e);
                break;
            }
            self.next.coding = self.next.coding.max(c.id.0 + 1);
            self.insert_indexed(c.clone());
            added += 1;
        }
        let mut added_imported = 0;
        for m in imported.iter().take_while(|_| refused.is_none()) {
            let check =
                if m.document == id { self.check_imported(m) } else { Err(EditError::UnknownDocument(m.document)) };
            if let Err(e) = check {
                refused = Some(e);
                break;
            }
            self.next.imported = self.next.imported.max(m.id.0 + 1);
            self.imported.insert(m.id, m.clone());
            added_imported += 1;
        }
        if let Some(e) = refused {
            // Undo the partial insert before refusing.
            for done in &codings[..added] {
                self.remove_indexed(done.id);
            }
            for done in &imported[..added_imported] {
                self.imported.remove(&done.id);
            }
            let doc = Arc::make_mut(&mut self.documents).remove(&id);
            if let Some(d) = doc
                && !self.documents.values().any(|o| o.study == d.study)
            {
                self.studies.remove(&d.study);
            }
            return Err(e);
        }
        Ok(Edit::RemoveDocument(id))
    }

    pub(super) fn remove_document(&mut self, id: DocumentId) -> Result<Edit, EditError> {
        let document = Arc::make_mut(&mut self.documents).remove(&id).ok_or(EditError::UnknownDocument(id))?;
        let coding_ids: Vec<CodingId> = self.codings_of(id).map(|c| c.id).collect();
        let codings = coding_ids.iter().filter_map(|cid| self.remove_indexed(*cid)).collect();
        let imported = self.take_imported_of(id);
        let study = if self.documents.values().any(|d| d.study == document.study) {
            None
        } else {
            self.studies.remove(&document.study)
        };
        Ok(Edit::AddDocument(Box::new(DocumentBundle { document, study, codings, imported })))
    }

    pub(super) fn set_page_texts(
        &mut self,
        document: DocumentId,
        pages: Vec<(usize, String)>,
        ocr: Option<OcrText>,
        warnings: Vec<String>,
    ) -> Result<Edit, EditError> {
        let doc = self.documents.get(&document).ok_or(EditError::UnknownDocument(document))?;
        for (page, text) in &pages {
            let Some(old) = doc.pages.get(*page) else {
                return Err(EditError::BadAnchor(format!("page {} does not exist", page + 1)));
            };
            let on_page = |a: &Anchor| a.as_text().is_some_and(|t| t.page == *page);
            let anchored = old != text
                && (self.codings_of(document).any(|c| on_page(&c.anchor))
                    || self.imported_of(document).any(|m| on_page(&m.anchor)));
            if anchored {
                return Err(EditError::BadAnchor(format!(
                    "page {} has coded passages; its text cannot be replaced",
                    page + 1
                )));
            }
        }
        let doc = Arc::make_mut(&mut self.documents).get_mut(&document).ok_or(EditError::UnknownDocument(document))?;
        let old_pages =
            pages.into_iter().map(|(page, text)| (page, std::mem::replace(&mut doc.pages[page], text))).collect();
        Ok(Edit::SetPageTexts {
            document,
            pages: old_pages,
            ocr: std::mem::replace(&mut doc.ocr, ocr),
            warnings: std::mem::replace(&mut doc.warnings, warnings),
        })
    }

    pub(super) fn move_to_study(
        &mut self,
        document: DocumentId,
        study: StudyId,
        create: Option<Study>,
    ) -> Result<Edit, EditError> {
        let old = self.documents.get(&document).ok_or(EditError::UnknownDocument(document))?.study;
        match &create {
            Some(s) if s.id != study => return Err(EditError::UnknownStudy(study)),
            Some(s) if self.studies.contains_key(&s.id) => return Err(EditError::DuplicateId(s.id.to_string())),
            Some(s) if s.label.trim().is_empty() => return Err(EditError::Empty("the study label")),
            None if !self.studies.contains_key(&study) => return Err(EditError::UnknownStudy(study)),
            _ => {}
        }
        if let Some(s) = create {
            self.next.study = self.next.study.max(s.id.0 + 1);
            self.studies.insert(s.id, s);
        }
        if let Some(doc) = Arc::make_mut(&mut self.documents).get_mut(&document) {
            doc.study = study;
        }
        let removed = if old != study && !self.documents.values().any(|d| d.study == old) {
            self.studies.remove(&old)
        } else {
            None
        };
        Ok(Edit::MoveToStudy { document, study: old, create: removed })
    }

    pub(super) fn change_coding(&mut self, id: CodingId, change: CodingChange) -> Result<Edit, EditError> {
        let current = self.codings.get(&id).ok_or(EditError::UnknownCoding(id))?;
        if change.construct != current.construct {
            self.check_usable_construct(&change.construct)?;
        }
        let mut updated = Coding::clone(current);
        updated.construct = change.construct;
        updated.valence = change.valence;
        updated.comment = change.comment;
        if self.identities.get(&updated.identity()).is_some_and(|other| *other != id) {
            return Err(EditError::DuplicateCoding);
        }
        let old = self.remove_indexed(id).ok_or(EditError::UnknownCoding(id))?;
        self.insert_indexed(updated);
        Ok(Edit::ChangeCoding {
            id,
            change: CodingChange { construct: old.construct, valence: old.valence, comment: old.comment },
        })
    }

    pub(super) fn check_usable_construct(&self, key: &ConstructKey) -> Result<(), EditError> {
        match self.codebook.construct(key) {
            None => Err(EditError::UnknownConstruct(key.clone())),
            Some(c) if c.retired => Err(EditError::RetiredConstruct(key.clone())),
            Some(_) => Ok(()),
        }
    }

    /// Rules for a coding coming back as it was (undo, load): the id is free, the document
    /// and construct exist, it is not a duplicate, and a text anchor is a non-empty range.
    pub(super) fn check_restorable(&self, c: &Coding) -> Result<(), EditError> {
        self.check_restorable_as(c, self.codebook.construct(&c.construct).is_some(), &c.identity())
    }

    /// [`Self::check_restorable`] with the codebook lookup and the identity done by the
    /// caller (a load checks a hundred thousand codings against one codebook).
    pub(super) fn check_restorable_as(
        &self,
        c: &Coding,
        construct_known: bool,
        identity: &CodingIdentity,
    ) -> Result<(), EditError> {
        if self.codings.contains_key(&c.id) {
            return Err(EditError::DuplicateId(c.id.to_string()));
        }
        if !self.documents.contains_key(&c.document) {
            return Err(EditError::UnknownDocument(c.document));
        }
        if !construct_known {
            return Err(EditError::UnknownConstruct(c.construct.clone()));
        }
        super::check_range(&c.anchor)?;
        if self.identities.contains_key(identity) {
            return Err(EditError::DuplicateCoding);
        }
        Ok(())
    }

    /// Rules for a brand-new coding: those of a restore, plus a construct in use (not
    /// retired) and an anchor that selects its quote exactly.
    pub(super) fn check_new_coding(&self, c: &Coding) -> Result<(), EditError> {
        self.check_restorable(c)?;
        self.check_usable_construct(&c.construct)?;
        if let Anchor::Text(t) = &c.anchor {
            let doc = self.document(c.document).ok_or(EditError::UnknownDocument(c.document))?;
            let page =
                doc.page(t.page).ok_or_else(|| EditError::BadAnchor(format!("page {} does not exist", t.page + 1)))?;
            if page.get(t.start..t.end) != Some(t.quote.as_str()) {
                return Err(EditError::BadAnchor("the quote does not match the text".into()));
            }
        }
        Ok(())
    }
}

/// What an edit touches of the derived data (see `Project::touched_by`).
enum Touched {
    Nothing,
    Documents(Vec<DocumentId>),
    Everything,
}
