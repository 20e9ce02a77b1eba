//! Where a coding sits in its document, and how an anchor checks itself against the text.

use serde::{Deserialize, Serialize};

/// A passage on one page: UTF-8 byte offsets into that page's normalised text, plus the
/// quoted text so that the anchor can check itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TextAnchor {
    /// Zero-based page index.
    pub page: usize,
    /// Byte offset of the first byte of the passage.
    pub start: usize,
    /// Byte offset one past the last byte of the passage.
    pub end: usize,
    /// The passage's text, as it was when coded.
    pub quote: String,
}

/// The part of a document a coding refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    /// A passage of text.
    Text(TextAnchor),
    /// The whole document (codings imported from a spreadsheet).
    Document,
}

/// The outcome of checking an anchor against the current text of its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorStatus {
    /// The offsets still select the quoted text.
    Exact,
    /// The offsets are stale but the quote occurs exactly once on the page, here.
    Moved {
        /// New start offset.
        start: usize,
        /// New end offset.
        end: usize,
    },
    /// The quote cannot be found unambiguously; the coding is kept and shown as orphaned.
    Orphaned,
}

impl TextAnchor {
    /// Makes an anchor for `start..end` of `page_text`, trimming surrounding whitespace.
    /// Returns `None` when the range is empty (after trimming), out of bounds, or not on
    /// character boundaries.
    #[must_use]
    pub fn new(page_text: &str, page: usize, start: usize, end: usize) -> Option<Self> {
        if start >= end || end > page_text.len() {
            return None;
        }
        if !page_text.is_char_boundary(start) || !page_text.is_char_boundary(end) {
            return None;
        }
        let slice = &page_text[start..end];
        let lead = slice.len() - slice.trim_start().len();
        let trail = slice.len() - slice.trim_end().len();
        if lead + trail >= slice.len() {
            return None;
        }
        let (start, end) = (start + lead, end - trail);
        Some(Self { page, start, end, quote: page_text[start..end].to_owned() })
    }

    /// Checks the anchor against its page's text.
    #[must_use]
    pub fn verify(&self, page_text: Option<&str>) -> AnchorStatus {
        let Some(text) = page_text else {
            return AnchorStatus::Orphaned;
        };
        if self.quote.is_empty() {
            return AnchorStatus::Orphaned;
        }
        if text.get(self.start..self.end) == Some(self.quote.as_str()) {
            return AnchorStatus::Exact;
        }
        let mut hits = text.match_indices(self.quote.as_str());
        match (hits.next(), hits.next()) {
            (Some((start, _)), None) => AnchorStatus::Moved { start, end: start + self.quote.len() },
            _ => AnchorStatus::Orphaned,
        }
    }

    /// Whether two anchors on the same page share at least one byte.
    #[must_use]
    pub fn overlaps(&self, other: &TextAnchor) -> bool {
        self.page == other.page && self.start < other.end && other.start < self.end
    }
}

impl Anchor {
    /// The page of a text anchor.
    #[must_use]
    pub fn page(&self) -> Option<usize> {
        match self {
            Anchor::Text(t) => Some(t.page),
            Anchor::Document => None,
        }
    }

    /// The text anchor, if this is one.
    #[must_use]
    pub fn as_text(&self) -> Option<&TextAnchor> {
        match self {
            Anchor::Text(t) => Some(t),
            Anchor::Document => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PAGE: &str = "Stigma was a barrier.  Community health workers helped.";

    #[test]
    fn new_trims_whitespace_and_checks_bounds() {
        let a = TextAnchor::new(PAGE, 0, 21, 48).unwrap();
        assert_eq!(a.quote, "Community health workers");
        assert_eq!((a.start, a.end), (23, 47));
        assert!(TextAnchor::new(PAGE, 0, 21, 23).is_none(), "whitespace only");
        assert!(TextAnchor::new(PAGE, 0, 5, 5).is_none(), "empty");
        assert!(TextAnchor::new(PAGE, 0, 5, 500).is_none(), "out of bounds");
        assert!(TextAnchor::new("caf\u{e9}", 0, 0, 4).is_none(), "inside a character");
    }

    #[test]
    fn verify_exact_moved_orphaned() {
        let a = TextAnchor::new(PAGE, 0, 0, 6).unwrap();
        assert_eq!(a.verify(Some(PAGE)), AnchorStatus::Exact);
        let shifted = format!("Header\n{PAGE}");
        assert_eq!(a.verify(Some(&shifted)), AnchorStatus::Moved { start: 7, end: 13 });
        let twice = format!("A Stigma. {PAGE}");
        assert_eq!(a.verify(Some(&twice)), AnchorStatus::Orphaned, "ambiguous");
        assert_eq!(a.verify(Some("nothing here")), AnchorStatus::Orphaned);
        assert_eq!(a.verify(None), AnchorStatus::Orphaned, "page gone");
    }

    #[test]
    fn verify_never_panics_on_non_boundary_offsets() {
        let a = TextAnchor { page: 0, start: 1, end: 3, quote: "x".into() };
        assert_eq!(a.verify(Some("\u{e9}\u{e9}")), AnchorStatus::Orphaned);
    }

    proptest! {
        #[test]
        fn any_valid_anchor_verifies_exact(text in "\\PC{0,60}", a in 0usize..80, b in 0usize..80) {
            let (s, e) = (a.min(b), a.max(b));
            if let Some(anchor) = TextAnchor::new(&text, 0, s, e) {
                prop_assert_eq!(anchor.verify(Some(&text)), AnchorStatus::Exact);
                prop_assert!(!anchor.quote.is_empty());
                prop_assert_eq!(anchor.quote.trim(), anchor.quote.as_str());
            }
        }
    }
}
