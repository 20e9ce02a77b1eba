//! Derived data memoised on the project's revision: recomputed only when the project
//! changes, so the views stay live at no per-frame cost.

use super::anchors::AnchorReport;
use super::characteristics::{CharacteristicRow, characteristics, field_names};
use super::diagram::{DiagramLayout, layout};
use super::matrix::{Matrix, matrix_of};
use super::tally::{FactsBuilder, Level, Tallies, tallies_of};
use crate::model::{Anchor, AnchorStatus, CodingId, DocumentId, Project, Valence};
use foldhash::{HashMap, HashMapExt};
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
    /// How many highlights starting before it on its page still cover its start (where its
    /// underline goes, so that overlapping codings stay apart).
    pub depth: u16,
}

/// Sets each highlight's depth: how many earlier ones (by start) still run at its start.
/// One pass with the ends of the open highlights kept in a heap (n log n).
fn set_depths(list: &mut [Highlight]) {
    let mut open: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = std::collections::BinaryHeap::new();
    for h in list {
        while open.peek().is_some_and(|e| e.0 <= h.start) {
            open.pop();
        }
        h.depth = u16::try_from(open.len()).unwrap_or(u16::MAX);
        open.push(std::cmp::Reverse(h.end));
    }
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
    /// The codings of each document in reading order (page, position in the page, id), for
    /// the coding list: no view scans every coding of the project to draw one article.
    pub by_document: BTreeMap<DocumentId, Vec<CodingId>>,
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
        self.coding_counts.clear();
        self.by_document.clear();
        // One pass over the codings (at 100,000 of them, each pass costs more than what it
        // computes): anchors checked, highlights and reading order per article, and the
        // facts for the tallies at every level and both grids.
        let mut problems = BTreeMap::new();
        let mut facts = FactsBuilder::new(project);
        // Grouped in hash maps while walking (a tree lookup per coding costs more), ordered
        // once at the end.
        let mut order: HashMap<DocumentId, Vec<(usize, usize, CodingId)>> = HashMap::new();
        let mut highlights: HashMap<(DocumentId, usize), Vec<Highlight>> = HashMap::new();
        for c in project.codings().values() {
            facts.push(c);
            let status = project.anchor_status(c);
            let exact = matches!(status, AnchorStatus::Exact);
            if !exact {
                problems.insert(c.id, status);
            }
            let at = (c.anchor.page().unwrap_or(0), c.anchor.as_text().map_or(0, |t| t.start), c.id);
            order.entry(c.document).or_default().push(at);
            if let Anchor::Text(t) = &c.anchor
                && exact
            {
                highlights.entry((c.document, t.page)).or_default().push(Highlight {
                    coding: c.id,
                    start: t.start,
                    end: t.end,
                    valence: c.valence,
                    depth: 0,
                });
            }
        }
        for list in highlights.values_mut() {
            list.sort_by_key(|h| (h.start, h.end, h.coding));
            set_depths(list);
        }
        self.highlights = highlights.into_iter().collect();
        for (doc, mut list) in order {
            list.sort_unstable();
            self.coding_counts.insert(doc, list.len());
            self.by_document.insert(doc, list.into_iter().map(|(_, _, id)| id).collect());
        }
        self.anchors = AnchorReport { problems };
        let facts = facts.finish();
        self.tallies = Level::ALL.map(|level| tallies_of(&facts, project.codebook(), level));
        self.diagram = Some(layout(project.codebook()));
        self.matrix_articles = Some(matrix_of(&facts, project, Level::Article));
        self.matrix_studies = Some(matrix_of(&facts, project, Level::Study));
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
    fn the_one_pass_gives_what_each_table_computed_alone_gives() {
        use crate::analysis::{check_anchors, matrix, tallies};
        let p = crate::analysis::tally::tests::review();
        let mut d = Derived::default();
        d.refresh(&p);
        for level in Level::ALL {
            assert_eq!(d.tallies(level), &tallies(&p, level), "{level}");
        }
        assert_eq!(d.matrix_articles.as_ref(), Some(&matrix(&p, Level::Article)));
        assert_eq!(d.matrix_studies.as_ref(), Some(&matrix(&p, Level::Study)));
        assert_eq!(d.anchors, check_anchors(&p));
    }

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
        assert_eq!(d.by_document.get(&DocumentId(1)), Some(&vec![c.id]));
    }

    #[test]
    fn overlapping_highlights_get_increasing_depths_and_others_none() {
        let h = |start, end| Highlight { coding: CodingId(1), start, end, valence: Valence::Both, depth: 9 };
        // [0,10) [2,6) [4,8) [10,12) [11,20): three deep at 4, then apart at 10.
        let mut list = vec![h(0, 10), h(2, 6), h(4, 8), h(10, 12), h(11, 20)];
        set_depths(&mut list);
        assert_eq!(list.iter().map(|h| h.depth).collect::<Vec<_>>(), vec![0, 1, 2, 0, 1]);
    }
}
