//! Units, their category per construct, and the tallies of the paper's Fig. 3.
//!
//! A unit is a passage (one coding), an article, or a study. At article and study level a
//! unit's category for a construct is "both" when it has codings of the construct with both
//! valences, or any coding with valence Both; otherwise the one valence it has.

use crate::model::{Coding, CodingId, ConstructKey, DocumentId, DomainKey, Project, StudyId, Valence};
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;
use std::fmt;

/// The unit of counting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Each coding counts once.
    Passage,
    /// Each article counts once per construct.
    Article,
    /// Each study counts once per construct (the paper's unit).
    #[default]
    Study,
}

impl Level {
    /// All levels, finest first.
    pub const ALL: [Level; 3] = [Level::Passage, Level::Article, Level::Study];

    /// The name used on the command line and in the UI.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Level::Passage => "passage",
            Level::Article => "article",
            Level::Study => "study",
        }
    }

    /// Plural noun for headings ("studies").
    #[must_use]
    pub fn plural(self) -> &'static str {
        match self {
            Level::Passage => "passages",
            Level::Article => "articles",
            Level::Study => "studies",
        }
    }

    /// Parses a command-line name.
    #[must_use]
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name() == s.trim().to_ascii_lowercase())
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A unit being counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A coding.
    Passage(CodingId),
    /// An article.
    Article(DocumentId),
    /// A study.
    Study(StudyId),
}

/// Combines valences into a unit's category.
#[must_use]
pub fn combine(valences: impl IntoIterator<Item = Valence>) -> Option<Valence> {
    let mut result = None;
    for v in valences {
        result = Some(match (result, v) {
            (None, v) => v,
            (Some(a), b) if a == b => a,
            _ => Valence::Both,
        });
    }
    result
}

/// Every (unit, construct) pair that has codings, with its category.
#[must_use]
pub fn unit_categories(project: &Project, level: Level) -> BTreeMap<(Unit, ConstructKey), Valence> {
    let mut out: BTreeMap<(Unit, ConstructKey), Valence> = BTreeMap::new();
    for c in project.codings().values() {
        let unit = match level {
            Level::Passage => Unit::Passage(c.id),
            Level::Article => Unit::Article(c.document),
            Level::Study => match project.document(c.document) {
                Some(d) => Unit::Study(d.study),
                None => continue,
            },
        };
        let key = (unit, c.construct.clone());
        let merged = combine(out.get(&key).copied().into_iter().chain([c.valence]));
        if let Some(v) = merged {
            out.insert(key, v);
        }
    }
    out
}

/// What the tallies and the matrix need of each coding, gathered in one pass over the
/// codings: its article, its study, its construct's place in the codebook and its valence.
/// After every edit the window counts at three levels and draws two grids; counting from
/// this compact list instead of walking the codings five times takes a third of the time at
/// 100,000 codings. Codings of constructs missing from the codebook are left out: neither
/// counts them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    facts: Vec<Fact>,
}

#[derive(Clone, Copy, Debug)]
struct Fact {
    article: DocumentId,
    /// `None` when the article is missing (such a coding is not counted per study).
    study: Option<StudyId>,
    /// The construct's index in the codebook.
    construct: usize,
    valence: Valence,
}

/// Gathers [`Facts`] coding by coding (the derived data of the window does it in the one
/// pass it makes over the codings).
pub(crate) struct FactsBuilder<'a> {
    project: &'a Project,
    index: HashMap<&'a ConstructKey, usize>,
    facts: Vec<Fact>,
}

impl<'a> FactsBuilder<'a> {
    /// For every coding of `project`.
    pub(crate) fn new(project: &'a Project) -> Self {
        Self::with_capacity(project, project.codings().len())
    }

    /// For about `codings` codings of `project` (one article's).
    pub(crate) fn with_capacity(project: &'a Project, codings: usize) -> Self {
        let index = project.codebook().constructs.iter().enumerate().map(|(i, c)| (&c.key, i)).collect();
        Self { project, index, facts: Vec::with_capacity(codings) }
    }

    /// Adds one coding of the project.
    pub(crate) fn push(&mut self, c: &Coding) {
        if let Some(&construct) = self.index.get(&c.construct) {
            let study = self.project.document(c.document).map(|d| d.study);
            self.facts.push(Fact { article: c.document, study, construct, valence: c.valence });
        }
    }

    pub(crate) fn finish(self) -> Facts {
        Facts { facts: self.facts }
    }
}

impl Facts {
    /// The facts of several parts (articles) together.
    pub(crate) fn concat<'a>(parts: impl Iterator<Item = &'a Facts> + Clone) -> Self {
        let mut facts = Vec::with_capacity(parts.clone().map(|p| p.facts.len()).sum());
        for part in parts {
            facts.extend_from_slice(&part.facts);
        }
        Self { facts }
    }

    /// Gathers the facts of every coding of `project`.
    pub(crate) fn of(project: &Project) -> Self {
        let mut b = FactsBuilder::new(project);
        for c in project.codings().values() {
            b.push(c);
        }
        b.finish()
    }

    /// The category of every (article or study, construct index) pair that has codings.
    pub(crate) fn categories(&self, level: Level) -> HashMap<(Unit, usize), Valence> {
        let mut out: HashMap<(Unit, usize), Valence> = HashMap::new();
        for f in &self.facts {
            let unit = match (level, f.study) {
                (Level::Study, Some(study)) => Unit::Study(study),
                (Level::Study, None) => continue,
                _ => Unit::Article(f.article),
            };
            out.entry((unit, f.construct))
                .and_modify(|v| *v = combine([*v, f.valence]).unwrap_or(*v))
                .or_insert(f.valence);
        }
        out
    }

    /// Counts per construct index (`constructs` of them) at `level`.
    fn counts(&self, level: Level, constructs: usize) -> Vec<Counts> {
        let mut counts = vec![Counts::default(); constructs];
        if level == Level::Passage {
            // Each coding is a unit of its own.
            for f in &self.facts {
                counts[f.construct].add(f.valence);
            }
        } else {
            for ((_, i), v) in self.categories(level) {
                counts[i].add(v);
            }
        }
        counts
    }
}

/// Counts of one construct (or domain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Units reporting it as a barrier only.
    pub barrier: usize,
    /// Units reporting it as a facilitator only.
    pub facilitator: usize,
    /// Units reporting it both ways.
    pub both: usize,
}

impl Counts {
    /// All units reporting it.
    #[must_use]
    pub fn total(&self) -> usize {
        self.barrier + self.facilitator + self.both
    }

    /// Adds one unit of a category.
    pub fn add(&mut self, v: Valence) {
        match v {
            Valence::Barrier => self.barrier += 1,
            Valence::Facilitator => self.facilitator += 1,
            Valence::Both => self.both += 1,
        }
    }

    fn sum(&mut self, other: Counts) {
        self.barrier += other.barrier;
        self.facilitator += other.facilitator;
        self.both += other.both;
    }

    /// From -1 (all barrier) to +1 (all facilitator); "both" counts as neither. `None` when
    /// nothing was coded.
    #[must_use]
    pub fn balance(&self) -> Option<f32> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        #[allow(clippy::cast_precision_loss)]
        Some((self.facilitator as f32 - self.barrier as f32) / total as f32)
    }
}

/// The tally of one construct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TallyRow {
    /// Construct key.
    pub construct: ConstructKey,
    /// Its domain.
    pub domain: DomainKey,
    /// Its label.
    pub label: String,
    /// The counts.
    pub counts: Counts,
}

/// Tallies of every construct (codebook order) and every domain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallies {
    /// The level counted.
    pub level: Level,
    /// One row per construct of the codebook (retired ones included), in codebook order.
    pub rows: Vec<TallyRow>,
    /// Sums per domain, in codebook order.
    pub domains: Vec<(DomainKey, Counts)>,
}

impl Tallies {
    /// The counts of one construct.
    #[must_use]
    pub fn of(&self, key: &ConstructKey) -> Counts {
        self.rows.iter().find(|r| &r.construct == key).map(|r| r.counts).unwrap_or_default()
    }

    /// The counts of one domain.
    #[must_use]
    pub fn of_domain(&self, key: &DomainKey) -> Counts {
        self.domains.iter().find(|(k, _)| k == key).map(|(_, c)| *c).unwrap_or_default()
    }
}

/// Tallies at a level. Codings of constructs missing from the codebook are not counted.
#[must_use]
pub fn tallies(project: &Project, level: Level) -> Tallies {
    tallies_of(&Facts::of(project), project.codebook(), level)
}

/// As [`tallies`], from the facts gathered once for every level.
pub(crate) fn tallies_of(facts: &Facts, cb: &crate::model::Codebook, level: Level) -> Tallies {
    let counts = facts.counts(level, cb.constructs.len());
    let rows: Vec<TallyRow> = cb
        .constructs
        .iter()
        .zip(counts)
        .map(|(c, counts)| TallyRow {
            construct: c.key.clone(),
            domain: c.domain.clone(),
            label: c.label.clone(),
            counts,
        })
        .collect();
    let domains = cb
        .domains
        .iter()
        .map(|d| {
            let mut sum = Counts::default();
            for r in rows.iter().filter(|r| r.domain == d.key) {
                sum.sum(r.counts);
            }
            (d.key.clone(), sum)
        })
        .collect();
    Tallies { level, rows, domains }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Anchor, Coding, Document, DocumentBundle, Edit, Study, StudyId, test_support::tiny_codebook};

    /// Two studies: S1 with articles D1 and D2, S2 with D3, each article with the pages and
    /// fields `content` gives it (by its number), and no codings.
    pub(crate) fn three_articles_in_two_studies(
        content: impl Fn(u32) -> (Vec<String>, BTreeMap<String, String>),
    ) -> Project {
        let mut p = Project::new("t", "c", tiny_codebook());
        for (d, s) in [(1, 1), (2, 1), (3, 2)] {
            let study = (d == 1 || d == 3).then(|| Study { id: StudyId(s), label: format!("S{s}") });
            let (pages, fields) = content(d);
            let document = Document {
                id: DocumentId(d),
                title: format!("Article {d}"),
                study: StudyId(s),
                sha256: format!("{d}"),
                pdf: None,
                pages,
                fields,
                warnings: vec![],
                ocr: None,
                unreadable_pages: Vec::new(),
            };
            p.apply(Edit::AddDocument(Box::new(DocumentBundle { document, study, codings: vec![], imported: vec![] })))
                .unwrap();
        }
        p
    }

    /// Two studies: S1 with articles D1 and D2, S2 with D3. Whole-document codings:
    /// D1: kabi B, kabi F, stigma B; D2: kabi B; D3: kabi Both, other F.
    pub(crate) fn review() -> Project {
        let mut p = three_articles_in_two_studies(|d| (vec![format!("text {d}")], BTreeMap::new()));
        let codings = [
            (1, "client.kabi", Valence::Barrier),
            (1, "client.kabi", Valence::Facilitator),
            (1, "stigma.self_stigma", Valence::Barrier),
            (2, "client.kabi", Valence::Barrier),
            (3, "client.kabi", Valence::Both),
            (3, "client.other", Valence::Facilitator),
        ];
        for (d, key, v) in codings {
            let c = Coding {
                id: p.next_coding_id(),
                document: DocumentId(d),
                anchor: Anchor::Document,
                construct: ConstructKey::new(key),
                valence: v,
                comment: String::new(),
                coder: "c".into(),
                created: String::new(),
                provenance: Vec::new(),
            };
            p.apply(Edit::AddCoding(c)).unwrap();
        }
        p
    }

    fn counts(b: usize, f: usize, both: usize) -> Counts {
        Counts { barrier: b, facilitator: f, both }
    }

    #[test]
    fn the_compact_facts_give_every_units_category() {
        let p = review();
        let facts = Facts::of(&p);
        let keys = &p.codebook().constructs;
        for level in [Level::Article, Level::Study] {
            let from_facts: BTreeMap<(Unit, ConstructKey), Valence> =
                facts.categories(level).into_iter().map(|((u, i), v)| ((u, keys[i].key.clone()), v)).collect();
            assert_eq!(from_facts, unit_categories(&p, level), "{level}");
        }
    }

    #[test]
    fn combine_follows_the_rule() {
        assert_eq!(combine([]), None);
        assert_eq!(combine([Valence::Barrier, Valence::Barrier]), Some(Valence::Barrier));
        assert_eq!(combine([Valence::Barrier, Valence::Facilitator]), Some(Valence::Both));
        assert_eq!(combine([Valence::Facilitator, Valence::Both]), Some(Valence::Both));
    }

    #[test]
    fn tallies_at_each_level() {
        let p = review();
        let kabi = ConstructKey::new("client.kabi");
        let passage = tallies(&p, Level::Passage);
        assert_eq!(passage.of(&kabi), counts(2, 1, 1));
        let article = tallies(&p, Level::Article);
        assert_eq!(article.of(&kabi), counts(1, 0, 2), "D1 both, D2 barrier, D3 both");
        let study = tallies(&p, Level::Study);
        assert_eq!(study.of(&kabi), counts(0, 0, 2), "S1 both (B+F), S2 both");
        assert_eq!(study.of(&ConstructKey::new("stigma.self_stigma")), counts(1, 0, 0));
        assert_eq!(study.of_domain(&DomainKey::new("client")), counts(0, 1, 2));
        assert_eq!(study.rows.len(), 3, "every construct of the codebook has a row");
    }

    #[test]
    fn balance_is_signed() {
        assert_eq!(counts(0, 0, 0).balance(), None);
        assert_eq!(counts(2, 0, 0).balance(), Some(-1.0));
        assert_eq!(counts(1, 1, 2).balance(), Some(0.0));
    }
}
