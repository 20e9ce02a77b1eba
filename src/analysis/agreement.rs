//! Agreement between two coders' projects.
//!
//! Documents are matched by content hash, then by title. Units and their categories:
//! - study × construct and article × construct: every (unit, construct) pair is a unit of
//!   analysis whose category is absent, barrier, facilitator or both (derived as in the
//!   tallies). Studies are coder A's; coder B's articles are placed in them through the
//!   document match. Unmatched documents are listed and left out of the statistics.
//! - passage: two codings match when they are on the same document and page, overlap by at
//!   least a share of the shorter passage's characters, and have the same construct; a match
//!   is then compared on valence; a coding without a match is a disagreement against absent.
//!
//! Statistics per construct, per domain and overall: percentage agreement, Cohen's kappa and
//! Krippendorff's alpha (nominal), on all units and on the units coded by at least one coder
//! (so that absent/absent units cannot inflate agreement). A statistic with no variance is
//! `None` ("undefined"), never NaN.

use super::tally::combine;
use crate::model::{Anchor, Coding, CodingId, ConstructKey, DocumentId, DomainKey, Project, StudyId, Valence};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The unit of analysis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AgreementUnit {
    /// Each study and construct.
    #[default]
    StudyConstruct,
    /// Each article and construct.
    ArticleConstruct,
    /// Each coded passage.
    Passage,
}

impl AgreementUnit {
    /// All units.
    pub const ALL: [AgreementUnit; 3] =
        [AgreementUnit::StudyConstruct, AgreementUnit::ArticleConstruct, AgreementUnit::Passage];

    /// Command-line name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            AgreementUnit::StudyConstruct => "study-construct",
            AgreementUnit::ArticleConstruct => "article-construct",
            AgreementUnit::Passage => "passage",
        }
    }

    /// Parses a command-line name.
    #[must_use]
    pub fn parse(s: &str) -> Option<AgreementUnit> {
        AgreementUnit::ALL.into_iter().find(|u| u.name() == s.trim())
    }

    /// What the unit means, for the app's help.
    #[must_use]
    pub fn explain(self) -> &'static str {
        match self {
            AgreementUnit::StudyConstruct => {
                "Each study and construct is one unit, categorised absent, barrier, facilitator or both from all codings of the study's articles (both when they go both ways). This is the paper's unit."
            }
            AgreementUnit::ArticleConstruct => {
                "Each article and construct is one unit, categorised absent, barrier, facilitator or both from the article's codings."
            }
            AgreementUnit::Passage => {
                "Codings match when they are on the same page, overlap by at least the set share of the shorter passage, and have the same construct; matches are compared on valence. A coding without a match counts as a disagreement with absent."
            }
        }
    }
}

impl fmt::Display for AgreementUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A unit's category: 0 absent, 1 barrier, 2 facilitator, 3 both.
pub type Category = u8;

/// The category of a valence (absent is 0).
#[must_use]
pub fn category(v: Option<Valence>) -> Category {
    match v {
        None => 0,
        Some(Valence::Barrier) => 1,
        Some(Valence::Facilitator) => 2,
        Some(Valence::Both) => 3,
    }
}

/// Agreement statistics over a set of units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Stats {
    /// Units.
    pub n: usize,
    /// Units where both coders gave the same category.
    pub agreements: usize,
    /// Percentage agreement (`None` without units).
    pub percent: Option<f64>,
    /// Cohen's kappa (`None` when undefined: no variance).
    pub kappa: Option<f64>,
    /// Krippendorff's alpha, nominal (`None` when undefined).
    pub alpha: Option<f64>,
}

/// Cohen's kappa for two coders' categories (as scikit-learn's `cohen_kappa_score`).
#[must_use]
pub fn cohen_kappa(pairs: &[(Category, Category)]) -> Option<f64> {
    if pairs.is_empty() {
        return None;
    }
    let n = pairs.len() as f64;
    let mut a = [0.0_f64; 4];
    let mut b = [0.0_f64; 4];
    let mut agree = 0.0;
    for &(x, y) in pairs {
        a[usize::from(x.min(3))] += 1.0;
        b[usize::from(y.min(3))] += 1.0;
        if x == y {
            agree += 1.0;
        }
    }
    let po = agree / n;
    let pe: f64 = a.iter().zip(&b).map(|(x, y)| (x / n) * (y / n)).sum();
    if (1.0 - pe).abs() < 1e-15 {
        return None;
    }
    Some((po - pe) / (1.0 - pe))
}

/// Krippendorff's alpha for nominal data, two coders, no missing values (as the
/// `krippendorff` package).
#[must_use]
pub fn krippendorff_alpha(pairs: &[(Category, Category)]) -> Option<f64> {
    // Coincidence matrix: each unit adds (x, y) and (y, x), each weighted 1/(m-1) = 1.
    let mut o = [[0.0_f64; 4]; 4];
    for &(x, y) in pairs {
        let (x, y) = (usize::from(x.min(3)), usize::from(y.min(3)));
        o[x][y] += 1.0;
        o[y][x] += 1.0;
    }
    let nc: Vec<f64> = o.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = nc.iter().sum();
    if n < 2.0 {
        return None;
    }
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..4 {
        for k in 0..4 {
            if c != k {
                observed += o[c][k];
                expected += nc[c] * nc[k];
            }
        }
    }
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed / expected)
}

/// All statistics for a set of units.
#[must_use]
pub fn stats(pairs: &[(Category, Category)]) -> Stats {
    let agreements = pairs.iter().filter(|(a, b)| a == b).count();
    Stats {
        n: pairs.len(),
        agreements,
        percent: (!pairs.is_empty()).then(|| 100.0 * agreements as f64 / pairs.len() as f64),
        kappa: cohen_kappa(pairs),
        alpha: krippendorff_alpha(pairs),
    }
}

/// How the documents of the two projects correspond.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentMatch {
    /// Matched documents: (A's id, B's id).
    pub pairs: Vec<(DocumentId, DocumentId)>,
    /// A's documents with no match in B.
    pub only_a: Vec<DocumentId>,
    /// B's documents with no match in A.
    pub only_b: Vec<DocumentId>,
}

impl DocumentMatch {
    /// B's document matched to an A document.
    #[must_use]
    pub fn partner_of_a(&self, a: DocumentId) -> Option<DocumentId> {
        self.pairs.iter().find(|(x, _)| *x == a).map(|(_, y)| *y)
    }
    /// A's document matched to a B document.
    #[must_use]
    pub fn partner_of_b(&self, b: DocumentId) -> Option<DocumentId> {
        self.pairs.iter().find(|(_, y)| *y == b).map(|(x, _)| *x)
    }
}

fn title_key(t: &str) -> String {
    crate::model::text::fold(&crate::model::text::one_line(t))
}

/// Matches documents by SHA-256, then (for the rest) by title, one to one.
#[must_use]
pub fn match_documents(a: &Project, b: &Project) -> DocumentMatch {
    let mut pairs = Vec::new();
    let mut used_b: BTreeSet<DocumentId> = BTreeSet::new();
    let mut left_a = Vec::new();
    for da in a.documents().values() {
        if let Some(db) = b.documents().values().find(|db| db.sha256 == da.sha256 && !used_b.contains(&db.id)) {
            used_b.insert(db.id);
            pairs.push((da.id, db.id));
        } else {
            left_a.push(da);
        }
    }
    let mut only_a = Vec::new();
    for da in left_a {
        let key = title_key(&da.title);
        let same: Vec<DocumentId> = b
            .documents()
            .values()
            .filter(|db| !used_b.contains(&db.id) && title_key(&db.title) == key)
            .map(|db| db.id)
            .collect();
        if let [only] = same.as_slice() {
            used_b.insert(*only);
            pairs.push((da.id, *only));
        } else {
            only_a.push(da.id);
        }
    }
    let only_b = b.documents().keys().filter(|id| !used_b.contains(id)).copied().collect();
    DocumentMatch { pairs, only_a, only_b }
}

/// A's page text range of a coding of B, when the page texts differ: B's quote found once
/// on A's page. Returns (page, start, end) in A's coordinates.
fn map_b_anchor(a: &Project, doc_a: DocumentId, b: &Project, coding: &Coding) -> Option<(usize, usize, usize)> {
    let t = coding.anchor.as_text()?;
    let page_a = a.document(doc_a)?.page(t.page)?;
    let page_b = b.document(coding.document).and_then(|d| d.page(t.page));
    if page_b == Some(page_a) {
        return Some((t.page, t.start, t.end));
    }
    let mut hits = page_a.match_indices(t.quote.as_str());
    match (hits.next(), hits.next()) {
        (Some((s, _)), None) => Some((t.page, s, s + t.quote.len())),
        _ => None,
    }
}

/// Codings of the two coders matched at passage level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassageMatch {
    /// Matched codings (A, B): same document and page, enough overlap, same construct.
    pub pairs: Vec<(CodingId, CodingId)>,
    /// A's codings without a match (on matched documents).
    pub only_a: Vec<CodingId>,
    /// B's codings without a match (on matched documents).
    pub only_b: Vec<CodingId>,
}

/// The share of the shorter of two byte ranges of `text` that they have in common, in
/// characters.
fn overlap_share(text: &str, a: (usize, usize), b: (usize, usize)) -> f64 {
    let chars = |s: usize, e: usize| text.get(s..e).map_or(0, |t| t.chars().count());
    let (s, e) = (a.0.max(b.0), a.1.min(b.1));
    if s >= e {
        return 0.0;
    }
    let shorter = chars(a.0, a.1).min(chars(b.0, b.1));
    if shorter == 0 {
        return 0.0;
    }
    chars(s, e) as f64 / shorter as f64
}

/// Matches the codings of matched documents (see the module documentation). `threshold` is
/// the share of the shorter passage that must overlap, from 0 to 1. Each coding is matched at
/// most once, best overlaps first. Whole-document codings match whole-document codings of the
/// same construct.
#[must_use]
pub fn match_passages(a: &Project, b: &Project, docs: &DocumentMatch, threshold: f64) -> PassageMatch {
    let mut out = PassageMatch::default();
    for &(da, db) in &docs.pairs {
        let ca: Vec<&Coding> = a.codings_of(da).collect();
        let cb: Vec<&Coding> = b.codings_of(db).collect();
        let mut candidates: Vec<(f64, CodingId, CodingId)> = Vec::new();
        for x in &ca {
            for y in &cb {
                if x.construct != y.construct {
                    continue;
                }
                let share = match (&x.anchor, &y.anchor) {
                    (Anchor::Document, Anchor::Document) => 1.0,
                    (Anchor::Text(t), Anchor::Text(_)) => match map_b_anchor(a, da, b, y) {
                        Some((page, s, e)) if page == t.page => {
                            let text = a.document(da).and_then(|d| d.page(page)).unwrap_or("");
                            overlap_share(text, (t.start, t.end), (s, e))
                        }
                        _ => 0.0,
                    },
                    _ => 0.0,
                };
                if share > 0.0 && share + 1e-12 >= threshold {
                    candidates.push((share, x.id, y.id));
                }
            }
        }
        candidates.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
        let (mut used_a, mut used_b) = (BTreeSet::new(), BTreeSet::new());
        for (_, x, y) in candidates {
            if !used_a.contains(&x) && !used_b.contains(&y) {
                used_a.insert(x);
                used_b.insert(y);
                out.pairs.push((x, y));
            }
        }
        out.only_a.extend(ca.iter().map(|c| c.id).filter(|id| !used_a.contains(id)));
        out.only_b.extend(cb.iter().map(|c| c.id).filter(|id| !used_b.contains(id)));
    }
    out
}

/// The units of one comparison: for each construct, the (A, B) category of every unit.
#[must_use]
pub fn unit_pairs(
    a: &Project,
    b: &Project,
    docs: &DocumentMatch,
    unit: AgreementUnit,
    threshold: f64,
) -> BTreeMap<ConstructKey, Vec<(Category, Category)>> {
    let keys = construct_keys(a, b);
    let mut out: BTreeMap<ConstructKey, Vec<(Category, Category)>> =
        keys.iter().map(|k| (k.clone(), Vec::new())).collect();
    match unit {
        AgreementUnit::Passage => {
            let m = match_passages(a, b, docs, threshold);
            for (x, y) in &m.pairs {
                if let (Some(cx), Some(cy)) = (a.coding(*x), b.coding(*y)) {
                    out.entry(cx.construct.clone())
                        .or_default()
                        .push((category(Some(cx.valence)), category(Some(cy.valence))));
                }
            }
            for id in &m.only_a {
                if let Some(c) = a.coding(*id) {
                    out.entry(c.construct.clone()).or_default().push((category(Some(c.valence)), 0));
                }
            }
            for id in &m.only_b {
                if let Some(c) = b.coding(*id) {
                    out.entry(c.construct.clone()).or_default().push((0, category(Some(c.valence))));
                }
            }
        }
        AgreementUnit::ArticleConstruct | AgreementUnit::StudyConstruct => {
            // Group matched document pairs into units: the pair itself, or A's study.
            let mut groups: BTreeMap<(u32, u32), Vec<(DocumentId, DocumentId)>> = BTreeMap::new();
            for &(da, db) in &docs.pairs {
                let key = if unit == AgreementUnit::StudyConstruct {
                    (a.document(da).map_or(0, |d| d.study.0), 0)
                } else {
                    (da.0, db.0)
                };
                groups.entry(key).or_default().push((da, db));
            }
            for members in groups.values() {
                let mut va: BTreeMap<&ConstructKey, Vec<Valence>> = BTreeMap::new();
                let mut vb: BTreeMap<&ConstructKey, Vec<Valence>> = BTreeMap::new();
                for (da, db) in members {
                    for c in a.codings_of(*da) {
                        va.entry(&c.construct).or_default().push(c.valence);
                    }
                    for c in b.codings_of(*db) {
                        vb.entry(&c.construct).or_default().push(c.valence);
                    }
                }
                for k in &keys {
                    let ca = category(va.get(k).and_then(|v| combine(v.iter().copied())));
                    let cb = category(vb.get(k).and_then(|v| combine(v.iter().copied())));
                    out.entry(k.clone()).or_default().push((ca, cb));
                }
            }
        }
    }
    out
}

/// Construct keys of both codebooks: A's in codebook order, then B's that A lacks.
#[must_use]
pub fn construct_keys(a: &Project, b: &Project) -> Vec<ConstructKey> {
    let mut keys: Vec<ConstructKey> = a.codebook().constructs.iter().map(|c| c.key.clone()).collect();
    for c in &b.codebook().constructs {
        if !keys.contains(&c.key) {
            keys.push(c.key.clone());
        }
    }
    keys
}

/// Agreement on one construct.
#[derive(Clone, Debug, PartialEq)]
pub struct ConstructAgreement {
    /// The construct.
    pub construct: ConstructKey,
    /// Its domain (from A's codebook, else B's).
    pub domain: Option<DomainKey>,
    /// Over all units.
    pub all: Stats,
    /// Over the units coded by at least one coder.
    pub coded: Stats,
}

/// The full comparison report.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementReport {
    /// The unit of analysis.
    pub unit: AgreementUnit,
    /// Passage overlap threshold used (share of the shorter passage).
    pub threshold: f64,
    /// Over every unit and construct.
    pub overall: Stats,
    /// Over the units coded by at least one coder.
    pub overall_coded: Stats,
    /// Per domain: (domain, all, coded).
    pub domains: Vec<(DomainKey, Stats, Stats)>,
    /// Per construct, in codebook order.
    pub constructs: Vec<ConstructAgreement>,
    /// How documents matched.
    pub documents: DocumentMatch,
    /// Constructs only in A's codebook.
    pub constructs_only_a: Vec<ConstructKey>,
    /// Constructs only in B's codebook.
    pub constructs_only_b: Vec<ConstructKey>,
    /// Studies (A's) used as units, when the unit is study × construct.
    pub studies: usize,
}

fn coded(pairs: &[(Category, Category)]) -> Vec<(Category, Category)> {
    pairs.iter().copied().filter(|(a, b)| *a != 0 || *b != 0).collect()
}

/// Compares two projects at a unit of analysis.
#[must_use]
pub fn compare(a: &Project, b: &Project, unit: AgreementUnit, threshold: f64) -> AgreementReport {
    let documents = match_documents(a, b);
    let per = unit_pairs(a, b, &documents, unit, threshold);
    let keys = construct_keys(a, b);
    let domain_of =
        |k: &ConstructKey| a.codebook().construct(k).or_else(|| b.codebook().construct(k)).map(|c| c.domain.clone());
    let constructs: Vec<ConstructAgreement> = keys
        .iter()
        .map(|k| {
            let pairs = per.get(k).map_or(&[][..], Vec::as_slice);
            ConstructAgreement {
                construct: k.clone(),
                domain: domain_of(k),
                all: stats(pairs),
                coded: stats(&coded(pairs)),
            }
        })
        .collect();
    let mut domains = Vec::new();
    let mut domain_keys: Vec<DomainKey> = a.codebook().domains.iter().map(|d| d.key.clone()).collect();
    for d in &b.codebook().domains {
        if !domain_keys.contains(&d.key) {
            domain_keys.push(d.key.clone());
        }
    }
    for d in domain_keys {
        let pairs: Vec<(Category, Category)> = keys
            .iter()
            .filter(|k| domain_of(k).as_ref() == Some(&d))
            .flat_map(|k| per.get(k).cloned().unwrap_or_default())
            .collect();
        domains.push((d, stats(&pairs), stats(&coded(&pairs))));
    }
    let all: Vec<(Category, Category)> = per.values().flatten().copied().collect();
    let studies: BTreeSet<StudyId> =
        documents.pairs.iter().filter_map(|(da, _)| a.document(*da).map(|d| d.study)).collect();
    let in_a: BTreeSet<&ConstructKey> = a.codebook().constructs.iter().map(|c| &c.key).collect();
    let in_b: BTreeSet<&ConstructKey> = b.codebook().constructs.iter().map(|c| &c.key).collect();
    AgreementReport {
        unit,
        threshold,
        overall: stats(&all),
        overall_coded: stats(&coded(&all)),
        domains,
        constructs,
        constructs_only_a: in_a.difference(&in_b).map(|k| (*k).clone()).collect(),
        constructs_only_b: in_b.difference(&in_a).map(|k| (*k).clone()).collect(),
        documents,
        studies: studies.len(),
    }
}

/// A statistic for display: three decimals, or "undefined".
#[must_use]
pub fn show(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |x| format!("{x:.3}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_statistics_are_none_not_nan() {
        assert_eq!(cohen_kappa(&[(0, 0), (0, 0)]), None);
        assert_eq!(krippendorff_alpha(&[(0, 0), (0, 0)]), None);
        assert_eq!(stats(&[]).percent, None);
        assert_eq!(show(None), "undefined");
        assert_eq!(show(Some(0.61234)), "0.612");
    }

    #[test]
    fn textbook_example() {
        // Two coders, ten units, two categories; kappa 0.6.
        let a = [1, 1, 2, 2, 1, 2, 1, 1, 2, 2];
        let b = [1, 2, 2, 2, 1, 2, 1, 1, 1, 2];
        let pairs: Vec<(u8, u8)> = a.iter().zip(&b).map(|(x, y)| (*x, *y)).collect();
        let s = stats(&pairs);
        assert_eq!((s.n, s.agreements), (10, 8));
        assert!((s.kappa.unwrap() - 0.6).abs() < 1e-12);
    }

    #[test]
    fn unit_names_round_trip() {
        for u in AgreementUnit::ALL {
            assert_eq!(AgreementUnit::parse(u.name()), Some(u));
        }
    }
}
