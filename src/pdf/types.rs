//! What extraction produces.

use super::quality::Warning;
use serde::{Deserialize, Serialize};

/// A glyph's box on its page, in PDF points with the origin at the top-left of the page's
/// media box, and the bytes of the page text it produced.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlyphBox {
    /// First byte in the page text.
    pub start: u32,
    /// One past the last byte in the page text.
    pub end: u32,
    /// Left edge.
    pub x0: f32,
    /// Top edge.
    pub y0: f32,
    /// Right edge.
    pub x1: f32,
    /// Bottom edge.
    pub y1: f32,
}

/// The geometry of one page: its size and the box of every glyph.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Glyph boxes, in page-text order.
    pub glyphs: Vec<GlyphBox>,
}

/// Where a page's text came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageSource {
    /// The PDF's own text layer.
    #[default]
    TextLayer,
    /// Text recognition of the drawn page, in a Tesseract language.
    Ocr {
        /// Tesseract's language code.
        language: String,
    },
}

impl std::fmt::Display for PageSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageSource::TextLayer => f.write_str("text layer"),
            PageSource::Ocr { language } => write!(f, "OCR ({language})"),
        }
    }
}

/// The text of a PDF, one normalised string per page, with page geometry and warnings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Normalised text of each page.
    pub pages: Vec<String>,
    /// Geometry of each page (same length as `pages`).
    pub layouts: Vec<PageLayout>,
    /// Where each page's text came from (same length as `pages`; empty means every page
    /// from the text layer).
    #[serde(default)]
    pub sources: Vec<PageSource>,
    /// Problems found (garbled text, unreadable pages, ...).
    pub warnings: Vec<Warning>,
}

impl Extraction {
    /// Where page `index` (from 0) got its text.
    #[must_use]
    pub fn source(&self, index: usize) -> PageSource {
        self.sources.get(index).cloned().unwrap_or_default()
    }

    /// The pages (from 1) whose content could not be read: damaged, not merely without a
    /// text layer.
    #[must_use]
    pub fn unreadable_pages(&self) -> Vec<u32> {
        let mut pages: Vec<u32> = self
            .warnings
            .iter()
            .filter_map(|w| match w {
                Warning::UnreadablePages { pages, .. } => Some(pages.iter().copied()),
                _ => None,
            })
            .flatten()
            .collect();
        pages.sort_unstable();
        pages.dedup();
        pages
    }

    /// The language of the pages read by OCR, if any were.
    #[must_use]
    pub fn ocr_language(&self) -> Option<&str> {
        self.sources.iter().find_map(|s| match s {
            PageSource::Ocr { language } => Some(language.as_str()),
            PageSource::TextLayer => None,
        })
    }

    /// Characters over all pages.
    #[must_use]
    pub fn char_count(&self) -> usize {
        self.pages.iter().map(|p| p.chars().count()).sum()
    }
}
