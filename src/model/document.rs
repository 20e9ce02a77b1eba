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

/// Text of a document recognised from pictures of its pages (OCR), not read from a text
/// layer: shown as such wherever its text is shown or exported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcrText {
    /// The Tesseract language it was recognised in (`eng`, `fra+eng`, ...).
    pub language: String,
    /// The pages recognised, numbered from 1, in order.
    pub pages: Vec<u32>,
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
    /// The pages whose text was recognised (OCR), if any.
    #[serde(default)]
    pub ocr: Option<OcrText>,
    /// Pages (numbered from 1, in order) whose content could not be read at import: damaged
    /// in the file, not scanned. They have no text; recognising them reads the page as it is drawn.
    #[serde(default)]
    pub unreadable_pages: Vec<u32>,
}

impl Document {
    /// The text of a page, if the page exists.
    #[must_use]
    pub fn page(&self, page: usize) -> Option<&str> {
        self.pages.get(page).map(String::as_str)
    }

    /// Whether page `page` (from 0) has text recognised by OCR.
    #[must_use]
    pub fn is_ocr_page(&self, page: usize) -> bool {
        let Ok(number) = u32::try_from(page + 1) else { return false };
        self.ocr.as_ref().is_some_and(|o| o.pages.binary_search(&number).is_ok())
    }

    /// "text from OCR (eng)" for documents with recognised text, for labels and exports.
    #[must_use]
    pub fn ocr_note(&self) -> Option<String> {
        let o = self.ocr.as_ref()?;
        let pages = if o.pages.len() == self.pages.len() {
            String::new()
        } else {
            let list: Vec<String> = o.pages.iter().map(ToString::to_string).collect();
            format!(", page{} {}", if o.pages.len() == 1 { "" } else { "s" }, list.join(", "))
        };
        Some(format!("text from OCR ({}{pages})", o.language))
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
