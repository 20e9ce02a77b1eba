//! Construct suggestions for a selected passage, offline and explained: a lexical model
//! (BM25) over the passages already coded in the project and over the codebook's labels and
//! definitions. A construct scores by the passages most like the selection that were coded
//! with it, plus how well its definition matches; each suggestion says why (the most similar
//! coded passages, the words of the definition that matched) and carries a valence when the
//! similar passages agree on one. Nothing is applied: the coder chooses.
//!
//! The model is built from a [`Corpus`] (a snapshot of the codings' quotes) in milliseconds
//! and answers a query in well under a millisecond for 10k codings (see the `suggest` bench).

use crate::model::text::fold;
use crate::model::{Anchor, Codebook, Coding, CodingId, ConstructKey, DocumentId, Project, Valence};

mod tracker;
use std::collections::{BTreeMap, HashMap};
pub use tracker::{CorpusDelta, CorpusTracker};

/// BM25's term-frequency saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// How many of the most similar passages vote.
const NEIGHBOURS: usize = 20;
/// Least weight of the definitions against the coded passages (see `definition_weight`).
const DEFINITION_WEIGHT: f32 = 0.6;

/// Words too common to tell constructs apart.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "down", "during", "each", "et", "etc", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
    "itself", "may", "me", "might", "more", "most", "much", "must", "my", "no", "nor", "not", "of", "off", "on",
    "once", "one", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too",
    "two", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "within", "without", "would", "you", "your", "al",
];

/// A crude English stem: enough to match "trained", "training" and "train".
fn stem(word: &str) -> String {
    let w = word;
    for (suffix, keep) in [("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
            && !(suffix == "s" && base.ends_with('s'))
        {
            return format!("{base}{keep}");
        }
    }
    w.to_owned()
}

/// The terms of a text: folded words of two or more letters, without stop words, stemmed.
#[must_use]
pub fn terms(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOPWORDS.contains(w))
        .map(stem)
        .collect()
}

/// A coded passage the model learns from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The coding.
    pub coding: CodingId,
    /// Its article.
    pub document: DocumentId,
    /// Page and byte range (for leaving a passage out of its own evaluation).
    pub place: Option<(usize, usize, usize)>,
    /// The passage.
    pub quote: String,
    /// Its construct.
    pub construct: ConstructKey,
    /// Its valence.
    pub valence: Valence,
}

/// What the model learns from: the codings' passages and the codebook.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    /// Coded passages (codings of the whole article are left out: they have no words).
    pub examples: Vec<Example>,
    /// Each construct not retired: key, and its label with its definition.
    pub constructs: Vec<(ConstructKey, String)>,
}

impl Corpus {
    /// The corpus of a project.
    #[must_use]
    pub fn of(project: &Project) -> Self {
        let examples = project.codings().values().filter_map(|c| Example::of(c)).collect();
        Self { examples, constructs: definitions(project.codebook()) }
    }
}

impl Example {
    /// What a coding teaches: its passage, construct and valence (`None` for a coding of a
    /// whole article, which has no words).
    #[must_use]
    pub fn of(c: &Coding) -> Option<Self> {
        match &c.anchor {
            Anchor::Text(t) => Some(Self {
                coding: c.id,
                document: c.document,
                place: Some((t.page, t.start, t.end)),
                quote: t.quote.clone(),
                construct: c.construct.clone(),
                valence: c.valence,
            }),
            Anchor::Document => None,
        }
    }
}

/// Each construct not retired: its key, and its label, definition and domain as one text.
#[must_use]
pub fn definitions(cb: &Codebook) -> Vec<(ConstructKey, String)> {
    cb.constructs
        .iter()
        .filter(|c| !c.retired)
        .map(|c| {
            let domain = cb.domain(&c.domain).map_or("", |d| d.name.as_str());
            (c.key.clone(), format!("{} {} {domain}", c.label, c.definition))
        })
        .collect()
}

/// A BM25 index over documents of terms.
#[derive(Clone, Debug, Default)]
struct Index {
    /// Term to postings: (document, term frequency).
    postings: HashMap<String, Vec<(u32, u16)>>,
    lengths: Vec<f32>,
    average: f32,
}

impl Index {
    fn new(docs: impl Iterator<Item = Vec<String>>) -> Self {
        let mut postings: HashMap<String, Vec<(u32, u16)>> = HashMap::new();
        let mut lengths = Vec::new();
        for (i, terms) in docs.enumerate() {
            let id = u32::try_from(i).unwrap_or(u32::MAX);
            #[allow(clippy::cast_precision_loss)]
            lengths.push(terms.len() as f32);
            let mut tf: HashMap<&str, u16> = HashMap::new();
            for t in &terms {
                *tf.entry(t.as_str()).or_default() = tf.get(t.as_str()).copied().unwrap_or(0).saturating_add(1);
            }
            for (t, n) in tf {
                postings.entry(t.to_owned()).or_default().push((id, n));
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let average = if lengths.is_empty() { 1.0 } else { lengths.iter().sum::<f32>() / lengths.len() as f32 };
        Self { postings, lengths, average: average.max(1.0) }
    }

    /// BM25 of every document that shares a term with the query, into `scores` (zeroed
    /// first); returns the documents touched.
    fn score(&self, query: &[String], scores: &mut Vec<f32>) -> Vec<u32> {
        scores.clear();
        scores.resize(self.lengths.len(), 0.0);
        let mut touched = Vec::new();
        #[allow(clippy::cast_precision_loss)]
        let n = self.lengths.len() as f32;
        let mut seen: Vec<&str> = Vec::new();
        for term in query {
            if seen.contains(&term.as_str()) {
                continue;
            }
            seen.push(term);
            let Some(list) = self.postings.get(term) else { continue };
            #[allow(clippy::cast_precision_loss)]
            let df = list.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for (doc, tf) in list {
                let i = *doc as usize;
                let tf = f32::from(*tf);
                let norm = K1 * (1.0 - B + B * self.lengths[i] / self.average);
                if scores[i] == 0.0 {
                    touched.push(*doc);
                }
                scores[i] += idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        touched
    }
}

/// What the neighbours of a passage say for one construct: their summed similarity, that
/// sum by valence (barrier, facilitator, both), and the neighbours (corpus index, score).
type Votes = (f32, [f32; 3], Vec<(usize, f32)>);

/// A passage given as a reason for a suggestion.
#[derive(Clone, Debug, PartialEq)]
pub struct Similar {
    /// The coding.
    pub coding: CodingId,
    /// Its article.
    pub document: DocumentId,
    /// Its passage.
    pub quote: String,
    /// How similar (BM25).
    pub score: f32,
}

/// One suggested construct, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The construct.
    pub construct: ConstructKey,
    /// The valence, when the similar passages agree on one.
    pub valence: Option<Valence>,
    /// The score (higher is likelier; for ordering only).
    pub score: f32,
    /// The most similar passages coded with it (up to two).
    pub similar: Vec<Similar>,
    /// Words of its label and definition found in the passage.
    pub definition_words: Vec<String>,
}

/// The model: an index of coded passages and one of construct definitions.
#[derive(Clone, Debug, Default)]
pub struct Suggester {
    corpus: Corpus,
    passages: Index,
    definitions: Index,
    /// The terms of each definition, for saying which matched.
    definition_terms: Vec<Vec<String>>,
    /// Original words of each definition by stem, for showing them.
    shown_words: Vec<BTreeMap<String, String>>,
}

impl Suggester {
    /// Builds the model.
    #[must_use]
    pub fn new(corpus: Corpus) -> Self {
        let passages = Index::new(corpus.examples.iter().map(|e| terms(&e.quote)));
        let definition_terms: Vec<Vec<String>> = corpus.constructs.iter().map(|(_, d)| terms(d)).collect();
        let definitions = Index::new(definition_terms.iter().cloned());
        let shown_words = corpus
            .constructs
            .iter()
            .map(|(_, d)| {
                let mut m = BTreeMap::new();
                for w in fold(d).split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 2) {
                    m.entry(stem(w)).or_insert_with(|| w.to_owned());
                }
                m
            })
            .collect();
        Self { corpus, passages, definitions, definition_terms, shown_words }
    }

    /// How many coded passages it learned from.
    #[must_use]
    pub fn examples(&self) -> usize {
        self.corpus.examples.len()
    }

    /// How much the definitions count against the coded passages: a project with few
    /// codings has little evidence of its own, so the codebook's words lead; with thousands
    /// the passages do. The weight falls from `DEFINITION_WEIGHT + 5` (no codings) through
    /// half that extra at two codings per construct towards `DEFINITION_WEIGHT`.
    fn definition_weight(&self) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let prior = 2.0 * self.corpus.constructs.len().max(1) as f32;
        #[allow(clippy::cast_precision_loss)]
        let n = self.corpus.examples.len() as f32;
        DEFINITION_WEIGHT + 5.0 * prior / (prior + n)
    }

    /// The `n` likeliest constructs for a passage. `exclude` leaves out passages (by index
    /// into the corpus) that must not vote, as when a passage is left out of its own
    /// evaluation.
    #[must_use]
    pub fn suggest(&self, passage: &str, n: usize) -> Vec<Suggestion> {
        self.suggest_excluding(passage, n, &|_| false)
    }

    /// As [`Self::suggest`], for a passage at `place` (article, page, byte range): the coded
    /// passages it overlaps (the same words coded already) do not count as similar to it,
    /// as in [`Self::evaluate`]. A passage's own codings are on the page already; what
    /// helps is what the rest of the project says.
    #[must_use]
    pub fn suggest_at(&self, passage: &str, place: (DocumentId, usize, usize, usize), n: usize) -> Vec<Suggestion> {
        let (document, page, start, end) = place;
        let examples = &self.corpus.examples;
        self.suggest_excluding(passage, n, &|d| overlaps(&examples[d], document, Some((page, start, end))))
    }

    fn suggest_excluding(&self, passage: &str, n: usize, exclude: &dyn Fn(usize) -> bool) -> Vec<Suggestion> {
        let query = terms(passage);
        if query.is_empty() {
            return Vec::new();
        }
        let mut scores = Vec::new();
        let touched = self.passages.score(&query, &mut scores);
        let mut neighbours: Vec<(usize, f32)> =
            touched.into_iter().map(|d| d as usize).filter(|d| !exclude(*d)).map(|d| (d, scores[d])).collect();
        neighbours.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        neighbours.truncate(NEIGHBOURS);
        let best = neighbours.first().map_or(1.0, |(_, s)| *s).max(1e-6);
        let mut by_construct: HashMap<&ConstructKey, Votes> = HashMap::new();
        for (d, s) in &neighbours {
            let e = &self.corpus.examples[*d];
            let entry = by_construct.entry(&e.construct).or_default();
            entry.0 += s / best;
            let v = match e.valence {
                Valence::Barrier => 0,
                Valence::Facilitator => 1,
                Valence::Both => 2,
            };
            entry.1[v] += s / best;
            entry.2.push((*d, *s));
        }
        let definition_weight = self.definition_weight();
        let mut def_scores = Vec::new();
        let def_touched = self.definitions.score(&query, &mut def_scores);
        let def_best = def_touched.iter().map(|d| def_scores[*d as usize]).fold(0.0_f32, f32::max).max(1e-6);
        let mut out: Vec<Suggestion> = self
            .corpus
            .constructs
            .iter()
            .enumerate()
            .filter_map(|(i, (key, _))| {
                let from_passages = by_construct.get(key);
                let def = def_scores.get(i).copied().unwrap_or(0.0) / def_best;
                let score = from_passages.map_or(0.0, |p| p.0) + definition_weight * def;
                if score <= 0.0 {
                    return None;
                }
                let valence = from_passages.and_then(|(total, v, list)| {
                    let (i, top) = v.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
                    (list.len() >= 2 && *top >= 0.6 * total).then_some(Valence::ALL[i])
                });
                let similar = from_passages
                    .map(|(_, _, list)| {
                        list.iter()
                            .take(2)
                            .map(|(d, s)| {
                                let e = &self.corpus.examples[*d];
                                Similar { coding: e.coding, document: e.document, quote: e.quote.clone(), score: *s }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut definition_words: Vec<String> = Vec::new();
                for t in &query {
                    if self.definition_terms[i].contains(t) {
                        let shown = self.shown_words[i].get(t).cloned().unwrap_or_else(|| t.clone());
                        if !definition_words.contains(&shown) {
                            definition_words.push(shown);
                        }
                    }
                }
                definition_words.truncate(6);
                Some(Suggestion { construct: key.clone(), valence, score, similar, definition_words })
            })
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.construct.cmp(&b.construct)));
        out.truncate(n);
        out
    }

    /// Leave-one-out accuracy on the corpus: each coded passage is suggested for with every
    /// passage it overlaps (itself, and the same words coded with other constructs) left
    /// out, and compared with its construct; the baseline always suggests the most frequent
    /// constructs of the rest.
    #[must_use]
    pub fn evaluate(&self) -> Evaluation {
        let examples = &self.corpus.examples;
        let mut counts: HashMap<&ConstructKey, usize> = HashMap::new();
        for e in examples {
            *counts.entry(&e.construct).or_default() += 1;
        }
        let mut eval = Evaluation::default();
        for e in examples {
            let overlaps = |d: usize| overlaps(&examples[d], e.document, e.place);
            let left_out = examples.iter().enumerate().filter(|(d, _)| overlaps(*d));
            let mut rest = counts.clone();
            for (_, o) in left_out {
                if let Some(n) = rest.get_mut(&o.construct) {
                    *n -= 1;
                }
            }
            let mut frequent: Vec<(&ConstructKey, usize)> = rest.into_iter().filter(|(_, n)| *n > 0).collect();
            frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let suggested: Vec<ConstructKey> =
                self.suggest_excluding(&e.quote, 3, &overlaps).into_iter().map(|s| s.construct).collect();
            eval.passages += 1;
            eval.top1 += usize::from(suggested.first() == Some(&e.construct));
            eval.top3 += usize::from(suggested.contains(&e.construct));
            eval.baseline_top1 += usize::from(frequent.first().is_some_and(|(k, _)| **k == e.construct));
            eval.baseline_top3 += usize::from(frequent.iter().take(3).any(|(k, _)| **k == e.construct));
        }
        eval
    }
}

/// Whether a coded passage shares words with the passage at `place` of `document`.
fn overlaps(e: &Example, document: DocumentId, place: Option<(usize, usize, usize)>) -> bool {
    e.document == document
        && match (e.place, place) {
            (Some((p, s, t)), Some((q, u, v))) => p == q && s < v && u < t,
            _ => false,
        }
}

/// Leave-one-out accuracy of the suggestions and of the most-frequent baseline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Passages evaluated.
    pub passages: usize,
    /// The right construct first.
    pub top1: usize,
    /// The right construct among the first three.
    pub top3: usize,
    /// The baseline's first is right.
    pub baseline_top1: usize,
    /// The right construct among the baseline's three.
    pub baseline_top3: usize,
}

impl Evaluation {
    /// A share as a percentage.
    #[must_use]
    pub fn percent(&self, n: usize) -> f64 {
        if self.passages == 0 {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let p = 100.0 * n as f64 / self.passages as f64;
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(i: u32, quote: &str, construct: &str, valence: Valence) -> Example {
        Example {
            coding: CodingId(i),
            document: DocumentId(i),
            place: Some((0, 0, quote.len())),
            quote: quote.into(),
            construct: ConstructKey::new(construct),
            valence,
        }
    }

    fn corpus() -> Corpus {
        Corpus {
            examples: vec![
                example(
                    1,
                    "lay counsellors received two weeks of training and weekly supervision",
                    "training",
                    Valence::Facilitator,
                ),
                example(
                    2,
                    "supervision by nurses kept the counsellors trained and confident",
                    "training",
                    Valence::Facilitator,
                ),
                example(3, "patients could not afford the bus fare to the clinic", "cost", Valence::Barrier),
                example(4, "the fees for each session were too high for poor families", "cost", Valence::Barrier),
                example(5, "families feared neighbours would call them mad", "stigma", Valence::Barrier),
            ],
            constructs: vec![
                (ConstructKey::new("training"), "Training and supervision of providers".into()),
                (ConstructKey::new("cost"), "What taking part costs clients in fees, travel or lost income".into()),
                (ConstructKey::new("stigma"), "Prejudice from relatives and neighbours".into()),
                (ConstructKey::new("setting"), "The place of delivery such as a clinic or the home".into()),
            ],
        }
    }

    #[test]
    fn terms_fold_drop_stop_words_and_stem() {
        assert_eq!(
            terms("The Counsellors were TRAINED in 2019, training weekly"),
            ["counsellor", "train", "train", "week"]
        );
    }

    #[test]
    fn similar_passages_and_definitions_vote_with_reasons() {
        let s = Suggester::new(corpus());
        let top = s.suggest("weekly supervision of the counsellors after their training", 3);
        assert_eq!(top[0].construct.as_str(), "training");
        assert_eq!(top[0].valence, Some(Valence::Facilitator), "two similar passages agree");
        assert!(!top[0].similar.is_empty() && top[0].similar[0].quote.contains("supervision"));
        assert!(top[0].definition_words.contains(&"supervision".to_owned()), "{:?}", top[0].definition_words);
        // Only the definition speaks for a construct nobody coded yet.
        let top = s.suggest("sessions were held at home, not at the clinic", 3);
        assert!(top.iter().any(|t| t.construct.as_str() == "setting" && t.similar.is_empty()));
        assert!(s.suggest("the of and", 3).is_empty(), "no words, no suggestion");
    }

    #[test]
    fn a_passage_already_coded_is_not_its_own_similar_passage() {
        let s = Suggester::new(corpus());
        let quote = "families feared neighbours would call them mad";
        let anywhere = s.suggest(quote, 3);
        assert!(anywhere[0].similar.iter().any(|x| x.coding == CodingId(5)), "{anywhere:?}");
        // The same words where coding 5 lies: it is not similar to itself; the definitions
        // still find stigma.
        let here = s.suggest_at(quote, (DocumentId(5), 0, 0, quote.len()), 3);
        assert!(here.iter().all(|x| x.similar.iter().all(|y| y.coding != CodingId(5))), "{here:?}");
        assert_eq!(here[0].construct, ConstructKey::new("stigma"));
        // Elsewhere in that article, or in another one, it counts again.
        let after = s.suggest_at(quote, (DocumentId(5), 0, quote.len() + 1, quote.len() + 9), 3);
        assert!(after[0].similar.iter().any(|x| x.coding == CodingId(5)));
    }

    #[test]
    fn leave_one_out_leaves_the_passage_out() {
        let s = Suggester::new(corpus());
        let e = s.evaluate();
        assert_eq!(e.passages, 5);
        // In so small a project the definitions lead: the two training passages, "fees"
        // (cost) and "neighbours" (stigma) find their construct's words; the bus fare to
        // the clinic finds only the setting's "clinic".
        assert_eq!(e.top1, 4, "{e:?}");
        assert!(e.top3 >= e.top1 && e.baseline_top3 >= e.baseline_top1);
    }
}
