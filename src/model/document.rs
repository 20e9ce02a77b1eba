//! Documents (articles, stored as normalised page texts) and the studies that group them.

use super::ids::{DocumentId, StudyId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where a document's PDF lives. The PDF is needed only to draw pages; the text is stored
/// in the project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfSource {
    /// Path of the PDF. Absolute in memory; stored relative to the project file when possible.
    pub path: PathBuf,
}

/// One article: its text per page, where it came from and its extraction fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id.
    pub id: DocumentId,
    /// Title shown in lists (the file name at import, editable).
    pub title: String,
    /// The parent study.
    pub study: StudyId,
    /// SHA-256 (lower-case hex) of the PDF bytes, or of the text for text-only documents.
    /// Documents are matched across coders' projects by this hash.
    pub sha256: String,
    /// The PDF, for documents imported from one.
    pub pdf: Option<PdfSource>,
    /// Normalised text of each page (see [`crate::model::text::normalize`]).
    pub pages: Vec<String>,
    /// Extraction fields (author and year, country, ...). Values may hold several items
    /// separated by `; `.
    pub fields: BTreeMap<String, String>,
    /// Warnings recorded at import (for example a text layer that looks garbled).
    pub warnings: Vec<String>,
}

impl Document {
    /// The text of a page, if the page exists.
    #[must_use]
    pub fn page(&self, page: usize) -> Option<&str> {
        self.pages.get(page).map(String::as_str)
    }

    /// Total characters of text over all pages.
    #[must_use]
    pub fn char_count(&self) -> usize {
        self.pages.iter().map(|p| p.chars().count()).sum()
    }
}

/// A parent study: articles reporting on the same intervention study are grouped under one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Study {
    /// Stable id.
    pub id: StudyId,
    /// Label shown to users.
    pub label: String,
}
