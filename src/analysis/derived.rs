//! Derived data memoised on the project's revision: recomputed only when the project
//! changes, so the views stay live at no per-frame cost.

use super::anchors::{AnchorReport, check_anchors};
use super::characteristics::{CharacteristicRow, characteristics, field_names};
use super::diagram::{DiagramLayout, layout};
use super::matrix::{Matrix, matrix};
use super::tally::{Level, Tallies, tallies};
use crate::model::{Anchor, CodingId, DocumentId, Project, Valence};
use std::collections::BTreeMap;

/// One highlighted passage on a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    /// The coding drawn.
    pub coding: CodingId,
    /// Start byte in the page text.
    pub start: usize,
    /// End byte in the page text.
    pub end: usize,
    /// Its valence (the highlight's colour).
    pub valence: Valence,
}

/// Everything the views need that can be computed from the project alone.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    revision: Option<u64>,
    /// Anchor problems (moved or orphaned codings).
    pub anchors: AnchorReport,
    /// Highlights per document and page, sorted by start. Orphaned codings are not drawn.
    pub highlights: BTreeMap<(DocumentId, usize), Vec<Highlight>>,
    /// Number of codings per document.
    pub coding_counts: BTreeMap<DocumentId, usize>,
    /// Tallies at passage, article and study level (in [`Level::ALL`] order).
    pub tallies: [Tallies; 3],
    /// The nested-domain diagram's layout.
    pub diagram: Option<DiagramLayout>,
    /// The matrix with articles as rows.
    pub matrix_articles: Option<Matrix>,
    /// The matrix with studies as rows.
    pub matrix_studies: Option<Matrix>,
    /// Every extraction field in use, sorted.
    pub fields: Vec<String>,
    /// Study characteristics of every field.
    pub characteristics: BTreeMap<String, Vec<CharacteristicRow>>,
}

impl Derived {
    /// Recomputes everything if the project changed since the last call.
    pub fn refresh(&mut self, project: &Project) {
        if self.revision == Some(project.revision()) {
            return;
        }
        self.anchors = check_anchors(project);
        self.highlights.clear();
        self.coding_counts.clear();
        for c in project.codings().values() {
            *self.coding_counts.entry(c.document).or_default() += 1;
            if let Anchor::Text(t) = &c.anchor
                && !self.anchors.problems.contains_key(&c.id)
            {
                self.highlights.entry((c.document, t.page)).or_default().push(Highlight {
                    coding: c.id,
                    start: t.start,
                    end: t.end,
                    valence: c.valence,
                });
            }
        }
        for list in self.highlights.values_mut() {
            list.sort_by_key(|h| (h.start, h.end, h.coding));
        }
        self.tallies = Level::ALL.map(|level| tallies(project, level));
        self.diagram = Some(layout(project.codebook()));
        self.matrix_articles = Some(matrix(project, Level::Article));
        self.matrix_studies = Some(matrix(project, Level::Study));
        self.fields = field_names(project);
        self.characteristics = self.fields.iter().map(|f| (f.clone(), characteristics(project, f))).collect();
        self.revision = Some(project.revision());
    }

    /// The tallies at one level.
    #[must_use]
    pub fn tallies(&self, level: Level) -> &Tallies {
        match level {
            Level::Passage => &self.tallies[0],
            Level::Article => &self.tallies[1],
            Level::Study => &self.tallies[2],
        }
    }

    /// The highlights on one page.
    #[must_use]
    pub fn page_highlights(&self, doc: DocumentId, page: usize) -> &[Highlight] {
        self.highlights.get(&(doc, page)).map_or(&[], Vec::as_slice)
    }

    /// Force a recompute at the next [`Derived::refresh`] (after replacing the project).
    pub fn invalidate(&mut self) {
        self.revision = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Edit;
    use crate::model::test_support::{coding, project_with_document};

    #[test]
    fn highlights_follow_the_revision() {
        let mut p = project_with_document();
        let mut d = Derived::default();
        d.refresh(&p);
        assert!(d.page_highlights(DocumentId(1), 0).is_empty());
        let c = coding(&p, 0, 4, 15, "client.kabi", Valence::Barrier);
        p.apply(Edit::AddCoding(c.clone())).unwrap();
        d.refresh(&p);
        let h = d.page_highlights(DocumentId(1), 0);
        assert_eq!(h.len(), 1);
        assert_eq!((h[0].coding, h[0].valence), (c.id, Valence::Barrier));
        assert_eq!(d.coding_counts.get(&DocumentId(1)), Some(&1));
    }
}
