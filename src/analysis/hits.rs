//! Search hits to code in one step: every place a phrase occurs in one article or in all of
//! them, as the words found or as their sentences, and the codings that coding the chosen
//! hits with one construct and valence would add (skipping any the project already holds).

use crate::model::text::{find_all, sentence_around};
use crate::model::{Anchor, Coding, ConstructKey, DocumentId, Project, TextAnchor, Valence};

/// How much of the text around a hit becomes the coded passage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HitUnit {
    /// The sentence the words are in (two hits in one sentence give one passage).
    #[default]
    Sentence,
    /// Only the words found.
    Words,
}

/// One passage found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The article.
    pub document: DocumentId,
    /// Zero-based page.
    pub page: usize,
    /// The passage's bytes on the page.
    pub start: usize,
    /// End byte.
    pub end: usize,
    /// The words found, inside the passage.
    pub found: (usize, usize),
}

/// At most this many hits are listed (a phrase such as "the" is everywhere).
pub const MAX_HITS: usize = 5_000;

/// The hits of `query` in one article (`Some`) or in every article, in article order then
/// reading order, as passages of `unit`; at most [`MAX_HITS`]. The second value says
/// whether the list was cut.
#[must_use]
pub fn find_hits(project: &Project, scope: Option<DocumentId>, query: &str, unit: HitUnit) -> (Vec<Hit>, bool) {
    let mut hits: Vec<Hit> = Vec::new();
    let docs = project.documents().values().filter(|d| scope.is_none_or(|id| d.id == id));
    for doc in docs {
        for (page, text) in doc.pages.iter().enumerate() {
            for found in find_all(text, query) {
                let (start, end) = match unit {
                    HitUnit::Sentence => sentence_around(text, found.0, found.1),
                    HitUnit::Words => found,
                };
                if start >= end {
                    continue;
                }
                // Two hits in one sentence are one passage.
                if hits
                    .last()
                    .is_some_and(|h| h.document == doc.id && h.page == page && h.start == start && h.end == end)
                {
                    continue;
                }
                if hits.len() == MAX_HITS {
                    return (hits, true);
                }
                hits.push(Hit { document: doc.id, page, start, end, found });
            }
        }
    }
    (hits, false)
}

/// What coding a set of hits gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HitCodings {
    /// The codings to add, with consecutive new ids.
    pub codings: Vec<Coding>,
    /// Hits the project already holds with this construct and valence.
    pub already: usize,
    /// Hits whose text no longer matches (the article was removed or changed).
    pub stale: usize,
}

/// The codings of `hits` with one construct, valence and comment by `coder` at `created`,
/// leaving out passages already coded so and hits that no longer fit the text.
#[must_use]
pub fn codings_for_hits(
    project: &Project,
    hits: &[Hit],
    construct: &ConstructKey,
    valence: Valence,
    comment: &str,
    coder: &str,
    created: &str,
) -> HitCodings {
    let mut out = HitCodings::default();
    let mut next = project.next_coding_id().0;
    for hit in hits {
        let anchor = project
            .document(hit.document)
            .and_then(|d| d.page(hit.page))
            .and_then(|text| TextAnchor::new(text, hit.page, hit.start, hit.end));
        let Some(anchor) = anchor else {
            out.stale += 1;
            continue;
        };
        let coding = Coding {
            id: crate::model::CodingId(next),
            document: hit.document,
            anchor: Anchor::Text(anchor),
            construct: construct.clone(),
            valence,
            comment: comment.trim().to_owned(),
            coder: coder.to_owned(),
            created: created.to_owned(),
            provenance: Vec::new(),
        };
        if project.holds_same(&coding) || out.codings.iter().any(|c| c.same_as(&coding)) {
            out.already += 1;
            continue;
        }
        next += 1;
        out.codings.push(coding);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project_tests::{PAGE0, PAGE1, project_with_document};
    use crate::model::{Edit, Project};

    fn doc(p: &Project) -> DocumentId {
        *p.documents().keys().next().unwrap()
    }

    #[test]
    fn hits_as_words_or_sentences_one_passage_per_sentence() {
        let p = project_with_document();
        let (words, cut) = find_hits(&p, None, "COUNSELLORS", HitUnit::Words);
        assert!(!cut);
        assert_eq!(words.len(), 1);
        assert_eq!(&PAGE0[words[0].start..words[0].end], "counsellors");
        let (sentences, _) = find_hits(&p, Some(doc(&p)), "e", HitUnit::Sentence);
        // Many "e"s, one passage per sentence: one on each page.
        assert_eq!(sentences.len(), 2, "{sentences:?}");
        assert_eq!(&PAGE1[sentences[1].start..sentences[1].end], PAGE1);
        assert!(find_hits(&p, Some(DocumentId(999)), "e", HitUnit::Words).0.is_empty());
        assert!(find_hits(&p, None, "  ", HitUnit::Words).0.is_empty());
    }

    #[test]
    fn coding_hits_skips_what_the_project_already_holds() {
        let mut p = project_with_document();
        let (hits, _) = find_hits(&p, None, "e", HitUnit::Sentence);
        let key = ConstructKey::new("client.kabi");
        let first = codings_for_hits(&p, &hits, &key, Valence::Barrier, " why ", "ana", "2026-01-01T00:00:00Z");
        assert_eq!(first.codings.len(), 2);
        assert_eq!(first.codings[0].comment, "why");
        assert_ne!(first.codings[0].id, first.codings[1].id);
        let edits = first.codings.iter().cloned().map(Edit::AddCoding).collect();
        p.apply(Edit::Batch(edits)).unwrap();
        let again = codings_for_hits(&p, &hits, &key, Valence::Barrier, "", "ana", "");
        assert_eq!((again.codings.len(), again.already), (0, 2));
        let other = codings_for_hits(&p, &hits, &key, Valence::Facilitator, "", "ana", "");
        assert_eq!(other.codings.len(), 2, "another valence is another coding");
        let stale = Hit { document: doc(&p), page: 7, start: 0, end: 3, found: (0, 3) };
        assert_eq!(codings_for_hits(&p, &[stale], &key, Valence::Both, "", "", "").stale, 1);
    }
}
