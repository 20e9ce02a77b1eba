//! The project's passages coded with imported codes (see [`crate::model::ImportedCoding`]):
//! looking them up, the rules a new one must meet, and what goes with a removed document.

use super::Project;
use crate::model::edit::EditError;
use crate::model::ids::{DocumentId, ImportedCodingId};
use crate::model::imported::ImportedCoding;

impl Project {
    /// Every passage coded with an imported code, in id order.
    #[must_use]
    pub fn imported_codings(&self) -> &std::collections::BTreeMap<ImportedCodingId, ImportedCoding> {
        &self.imported
    }

    /// The passages of one document coded with imported codes.
    pub fn imported_of(&self, doc: DocumentId) -> impl Iterator<Item = &ImportedCoding> + '_ {
        self.imported.values().filter(move |m| m.document == doc)
    }

    /// The passages coded with one imported code.
    pub fn imported_with<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a ImportedCoding> + 'a {
        self.imported.values().filter(move |m| m.code == code)
    }

    /// The id the next passage coded with an imported code should take.
    #[must_use]
    pub fn next_imported_id(&self) -> ImportedCodingId {
        ImportedCodingId(self.next.imported)
    }

    /// Rules for a passage coded with an imported code: a new id, a known document and code,
    /// a range that is not empty.
    pub(super) fn check_imported(&self, m: &ImportedCoding) -> Result<(), EditError> {
        if self.imported.contains_key(&m.id) {
            return Err(EditError::DuplicateId(m.id.to_string()));
        }
        if !self.documents.contains_key(&m.document) {
            return Err(EditError::UnknownDocument(m.document));
        }
        if self.codebook.imported_code(&m.code).is_none() {
            return Err(EditError::UnknownImportedCode(m.code.clone()));
        }
        super::check_range(&m.anchor)
    }

    /// Removes and returns the passages of a document coded with imported codes.
    pub(super) fn take_imported_of(&mut self, doc: DocumentId) -> Vec<ImportedCoding> {
        let ids: Vec<ImportedCodingId> = self.imported_of(doc).map(|m| m.id).collect();
        ids.iter().filter_map(|id| self.imported.remove(id)).collect()
    }
}
