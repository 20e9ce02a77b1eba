//! Derived data memoised on the project's revision: recomputed only when the project
//! changes, so the views stay live at no per-frame cost; and then only for the articles the
//! edits touched (the project records which), so that an edit in a review of 100,000
//! codings costs one article's walk and the counting, not a walk over every coding.

use super::anchors::AnchorReport;
use super::characteristics::{CharacteristicRow, characteristics, field_names};
use super::diagram::{DiagramLayout, layout};
use super::matrix::{Matrix, matrix_of};
use super::tally::{Facts, FactsBuilder, Level, Tallies, tallies_of};
use crate::model::{Anchor, AnchorStatus, Coding, CodingId, DocumentId, Project, Valence};
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

/// What is kept of one article's codings until the article changes: an edit then costs a
/// walk over that article's codings, not over the whole review's. (Its highlights and
/// reading order go straight into the maps the views read.)
#[derive(Clone, Debug, Default)]
struct ArticleViews {
    /// The article's revision (`Changes::document`) these were computed at.
    at: u64,
    facts: Facts,
    /// Codings whose anchor is not exact.
    problems: Vec<(CodingId, AnchorStatus)>,
}

/// One article's views as computed: what is kept, and what the views read.
#[derive(Default)]
struct ArticleComputed {
    kept: ArticleViews,
    /// Highlights per page, sorted by start, depths set.
    highlights: Vec<(usize, Vec<Highlight>)>,
    /// The codings in reading order.
    order: Vec<CodingId>,
}

/// Gathers an [`ArticleViews`] coding by coding.
struct ArticleBuilder<'a> {
    project: &'a Project,
    facts: FactsBuilder<'a>,
    order: Vec<(usize, usize, CodingId)>,
    highlights: HashMap<usize, Vec<Highlight>>,
    problems: Vec<(CodingId, AnchorStatus)>,
}

impl<'a> ArticleBuilder<'a> {
    fn new(project: &'a Project, codings: usize) -> Self {
        Self {
            project,
            facts: FactsBuilder::with_capacity(project, codings),
            order: Vec::with_capacity(codings),
            highlights: HashMap::new(),
            problems: Vec::new(),
        }
    }

    fn push(&mut self, c: &Coding) {
        self.facts.push(c);
        let status = self.project.anchor_status(c);
        let exact = matches!(status, AnchorStatus::Exact);
        if !exact {
            self.problems.push((c.id, status));
        }
        self.order.push((c.anchor.page().unwrap_or(0), c.anchor.as_text().map_or(0, |t| t.start), c.id));
        if let Anchor::Text(t) = &c.anchor
            && exact
        {
            self.highlights.entry(t.page).or_default().push(Highlight {
                coding: c.id,
                start: t.start,
                end: t.end,
                valence: c.valence,
                depth: 0,
            });
        }
    }

    fn finish(mut self, at: u64) -> ArticleComputed {
        for list in self.highlights.values_mut() {
            list.sort_by_key(|h| (h.start, h.end, h.coding));
            set_depths(list);
        }
        let mut highlights: Vec<(usize, Vec<Highlight>)> = self.highlights.into_iter().collect();
        highlights.sort_unstable_by_key(|(page, _)| *page);
        self.order.sort_unstable();
        ArticleComputed {
            kept: ArticleViews { at, facts: self.facts.finish(), problems: self.problems },
            highlights,
            order: self.order.into_iter().map(|(_, _, id)| id).collect(),
        }
    }
}

/// Everything the views need that can be computed from the project alone.
#[derive(Clone, Debug, Default)]
pub struct Derived {
    revision: Option<u64>,
    /// The project value (`Changes::instance`) the kept articles' views belong to.
    instance: Option<u64>,
    /// Each article's views, as of its last change.
    articles: BTreeMap<DocumentId, ArticleViews>,
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
    /// Recomputes what changed if the project changed since the last call: the views of
    /// the articles an edit touched (highlights, reading order, anchor checks, the facts
    /// for the tallies), then the tallies, grids and characteristics of the whole review
    /// from the kept facts. After an edit of one coding that is one article's walk, not the
    /// review's (at 100,000 codings, each walk over every coding costs more than all that
    /// is computed from it).
    pub fn refresh(&mut self, project: &Project) {
        let changes = project.changes();
        if self.revision == Some(project.revision()) && self.instance == Some(changes.instance()) {
            return;
        }
        if self.instance != Some(changes.instance()) {
            // Another project, or a copy whose history may differ: nothing kept holds.
            *self = Self { instance: Some(changes.instance()), ..Self::default() };
        }
        let gone: Vec<DocumentId> = self.articles.keys().filter(|d| project.document(**d).is_none()).copied().collect();
        for doc in gone {
            self.forget_article(doc);
        }
        let stale: Vec<(DocumentId, u64)> = project
            .documents()
            .keys()
            .map(|d| (*d, changes.document(*d)))
            .filter(|(d, at)| self.articles.get(d).is_none_or(|a| a.at != *at))
            .collect();
        let mut builders: HashMap<DocumentId, ArticleBuilder<'_>> = HashMap::with_capacity(stale.len());
        if stale.len() * 2 > project.documents().len() {
            // Most articles: one walk over the codings in the order they are kept.
            let wanted: std::collections::HashSet<DocumentId> = stale.iter().map(|(d, _)| *d).collect();
            for c in project.codings().values() {
                if wanted.contains(&c.document) {
                    builders.entry(c.document).or_insert_with(|| ArticleBuilder::new(project, 0)).push(c);
                }
            }
        } else {
            for (doc, _) in &stale {
                let mut builder = ArticleBuilder::new(project, self.coding_counts.get(doc).copied().unwrap_or(0));
                for c in project.codings_of(*doc) {
                    builder.push(c);
                }
                builders.insert(*doc, builder);
            }
        }
        for (doc, at) in stale {
            let computed = builders.remove(&doc).map_or_else(
                || ArticleComputed {
                    kept: ArticleViews { at, ..ArticleViews::default() },
                    ..ArticleComputed::default()
                },
                |b| b.finish(at),
            );
            self.forget_article(doc);
            self.remember_article(doc, computed);
        }
        let facts = Facts::concat(self.articles.values().map(|a| &a.facts));
        self.tallies = Level::ALL.map(|level| tallies_of(&facts, project.codebook(), level));
        self.diagram = Some(layout(project.codebook()));
        self.matrix_articles = Some(matrix_of(&facts, project, Level::Article));
        self.matrix_studies = Some(matrix_of(&facts, project, Level::Study));
        self.fields = field_names(project);
        self.characteristics = self.fields.iter().map(|f| (f.clone(), characteristics(project, f))).collect();
        self.revision = Some(project.revision());
    }

    /// Drops what the views show of an article.
    fn forget_article(&mut self, doc: DocumentId) {
        let Some(old) = self.articles.remove(&doc) else { return };
        let pages: Vec<(DocumentId, usize)> =
            self.highlights.range((doc, 0)..=(doc, usize::MAX)).map(|(key, _)| *key).collect();
        for key in pages {
            self.highlights.remove(&key);
        }
        for (id, _) in &old.problems {
            self.anchors.problems.remove(id);
        }
        self.by_document.remove(&doc);
        self.coding_counts.remove(&doc);
    }

    /// Shows an article's new views (its old ones forgotten).
    fn remember_article(&mut self, doc: DocumentId, computed: ArticleComputed) {
        let ArticleComputed { kept, highlights, order } = computed;
        self.highlights.extend(highlights.into_iter().map(|(page, list)| ((doc, page), list)));
        self.anchors.problems.extend(kept.problems.iter().copied());
        if !order.is_empty() {
            self.coding_counts.insert(doc, order.len());
            self.by_document.insert(doc, order);
        }
        self.articles.insert(doc, kept);
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
        self.instance = None;
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

    /// Three articles in two studies, with text to anchor codings in.
    fn three_articles() -> Project {
        crate::analysis::tally::tests::three_articles_in_two_studies(|d| {
            let pages = vec![
                "Stigma and staff shortages slow care down in every district.".to_owned(),
                "Community health workers were trusted by most families.".to_owned(),
            ];
            (pages, std::collections::BTreeMap::from([("country".to_owned(), format!("C{d}"))]))
        })
    }

    /// Everything a fresh computation gives equals what was kept and updated.
    fn assert_same(kept: &Derived, project: &Project) {
        let mut fresh = Derived::default();
        fresh.refresh(project);
        assert_eq!(kept.highlights, fresh.highlights);
        assert_eq!(kept.coding_counts, fresh.coding_counts);
        assert_eq!(kept.by_document, fresh.by_document);
        assert_eq!(kept.anchors, fresh.anchors);
        assert_eq!(kept.tallies, fresh.tallies);
        assert_eq!(kept.matrix_articles, fresh.matrix_articles);
        assert_eq!(kept.matrix_studies, fresh.matrix_studies);
        assert_eq!(kept.fields, fresh.fields);
        assert_eq!(kept.characteristics, fresh.characteristics);
    }

    proptest::proptest! {
        /// After any series of edits (codings added, changed, removed, articles moved
        /// between studies, removed and put back, the codebook replaced, undo, a copy of the
        /// project carried on), the views kept and updated article by article are what a
        /// fresh computation gives.
        #[test]
        fn views_updated_by_article_equal_views_computed_afresh(
            ops in proptest::collection::vec((0u8..9, 0u16..1000, 0u16..1000, 0u16..1000), 1..40)
        ) {
            use crate::model::{CodingChange, Coding, StudyId, TextAnchor};
            let mut p = three_articles();
            let keys: Vec<_> = p.codebook().constructs.iter().filter(|c| !c.retired).map(|c| c.key.clone()).collect();
            let valences = [Valence::Barrier, Valence::Facilitator, Valence::Both];
            let mut kept = Derived::default();
            kept.refresh(&p);
            let mut undo: Vec<Edit> = Vec::new();
            for (op, a, b, c) in ops {
                let (a, b, c) = (usize::from(a), usize::from(b), usize::from(c));
                let ids: Vec<CodingId> = p.codings().keys().copied().collect();
                let docs: Vec<DocumentId> = p.documents().keys().copied().collect();
                let add = |p: &Project, a: usize, b: usize, c: usize| -> Option<Edit> {
                    let doc = *docs.get(a % docs.len().max(1))?;
                    let page = b % 2;
                    let text = p.document(doc)?.page(page)?;
                    let (s, e) = ((b / 2) % text.len(), (b / 2 + 1 + c % 20) % (text.len() + 1));
                    let anchor = TextAnchor::new(text, page, s.min(e), s.max(e))?;
                    Some(Edit::AddCoding(Coding {
                        id: p.next_coding_id(),
                        document: doc,
                        anchor: Anchor::Text(anchor),
                        construct: keys[c % keys.len()].clone(),
                        valence: valences[a % 3],
                        comment: String::new(),
                        coder: "ana".into(),
                        created: "2026-01-01T00:00:00Z".into(),
                        provenance: Vec::new(),
                    }))
                };
                let edit = match op {
                    0 | 1 => add(&p, a, b, c),
                    2 => ids.get(a % ids.len().max(1)).map(|id| Edit::RemoveCoding(*id)),
                    3 => ids.get(a % ids.len().max(1)).map(|id| Edit::ChangeCoding {
                        id: *id,
                        change: CodingChange { construct: keys[b % keys.len()].clone(), valence: valences[c % 3], comment: "changed".into() },
                    }),
                    4 => docs.get(a % docs.len().max(1)).map(|d| {
                        let study = StudyId(1 + u32::try_from(b % 2).unwrap());
                        Edit::MoveToStudy { document: *d, study, create: None }
                    }),
                    5 => docs.get(a % docs.len().max(1)).map(|d| Edit::RemoveDocument(*d)),
                    6 => Some(Edit::SetCodebook { codebook: p.codebook().clone(), history: p.codebook_history().to_vec() }),
                    7 => undo.pop(),
                    _ => {
                        // A copy carries on: the views of the original do not hold for it.
                        p = p.clone();
                        None
                    }
                };
                if let Some(edit) = edit
                    && let Ok(inverse) = p.apply(edit)
                {
                    undo.push(inverse);
                }
                kept.refresh(&p);
                assert_same(&kept, &p);
            }
        }
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
