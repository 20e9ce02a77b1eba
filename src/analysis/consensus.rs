//! From two coders' projects to a consensus project.
//!
//! The disagreements are found at passage level (see [`super::agreement::match_passages`]):
//! a coding of one coder without a match, or a matched pair whose valences differ, and every
//! coding in a document only one coder has. Agreements go into the consensus as they are,
//! with both coders as provenance; each settled disagreement is applied as decided; an
//! unsettled one stays out and stays listed. Neither input project is changed. The consensus
//! records every decision, so every coding of both coders is either in the consensus or
//! listed in a settled decision.

use super::agreement::{DocumentMatch, match_documents, match_passages};
use crate::model::{
    Anchor, Choice, Codebook, Coding, CodingId, CodingIdentity, CodingRef, ConstructKey, Decision, Document,
    DocumentId, NextIds, Project, ProjectError, ProjectParts, Reconciliation, Study, StudyId, TextAnchor,
};
use std::collections::{BTreeMap, HashSet};

/// What kind of disagreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisagreementKind {
    /// Only coder A coded this.
    OnlyA,
    /// Only coder B coded this.
    OnlyB,
    /// Both coded the passage with the same construct, with different valences.
    Valence,
}

/// A stable identity for a disagreement, independent of coding ids: the document's hash and
/// what each side says.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DisagreementKey {
    /// The document's SHA-256.
    pub document: String,
    /// A's side, as (page, start, end, construct, valence name) when present.
    pub a: Option<(Option<usize>, usize, usize, String, &'static str)>,
    /// B's side.
    pub b: Option<(Option<usize>, usize, usize, String, &'static str)>,
}

/// One disagreement between the coders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// Its kind.
    pub kind: DisagreementKind,
    /// A's coding, when A coded it.
    pub a: Option<CodingId>,
    /// B's coding, when B coded it.
    pub b: Option<CodingId>,
    /// A's document (or, for a document only B has, `None`).
    pub doc_a: Option<DocumentId>,
    /// B's document (or, for a document only A has, `None`).
    pub doc_b: Option<DocumentId>,
    /// The construct in question (A's when both).
    pub construct: ConstructKey,
    /// Page for sorting and display (`None` for whole-document codings).
    pub page: Option<usize>,
    /// Stable identity.
    pub key: DisagreementKey,
}

/// The comparison behind a consensus: agreements and disagreements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconcile {
    /// How documents matched.
    pub documents: DocumentMatch,
    /// Agreed codings (A's id, B's id).
    pub agreements: Vec<(CodingId, CodingId)>,
    /// Disagreements, by document, page and position.
    pub disagreements: Vec<Disagreement>,
}

fn side(c: &Coding) -> (Option<usize>, usize, usize, String, &'static str) {
    let (page, s, e) = c.anchor.as_text().map_or((None, 0, 0), |t| (Some(t.page), t.start, t.end));
    (page, s, e, c.construct.0.clone(), c.valence.label())
}

fn coding_ref(c: &Coding) -> CodingRef {
    CodingRef { anchor: c.anchor.clone(), construct: c.construct.clone(), valence: c.valence }
}

fn ref_side(r: &CodingRef) -> (Option<usize>, usize, usize, String, &'static str) {
    let (page, s, e) = r.anchor.as_text().map_or((None, 0, 0), |t| (Some(t.page), t.start, t.end));
    (page, s, e, r.construct.0.clone(), r.valence.label())
}

/// The disagreement a recorded decision settled (to pick a saved reconciliation up again).
#[must_use]
pub fn key_of_decision(d: &Decision) -> DisagreementKey {
    DisagreementKey { document: d.document.clone(), a: d.a.as_ref().map(ref_side), b: d.b.as_ref().map(ref_side) }
}

/// Both coders' comments, each labelled with its coder, and a reason first if given: what a
/// consensus coding made from two codings says, so that neither coder's words are lost.
fn joined_comments(reason: &str, a: Option<(&str, &str)>, b: Option<(&str, &str)>) -> String {
    let mut parts = Vec::new();
    if !reason.trim().is_empty() {
        parts.push(format!("Reason: {}", reason.trim()));
    }
    for (coder, comment) in [a, b].into_iter().flatten() {
        if !comment.trim().is_empty() {
            parts.push(format!("{coder}: {}", comment.trim()));
        }
    }
    parts.join("\n")
}

/// Finds agreements and disagreements between A and B.
#[must_use]
pub fn reconcile(a: &Project, b: &Project, threshold: f64) -> Reconcile {
    let documents = match_documents(a, b);
    let passages = match_passages(a, b, &documents, threshold);
    let mut agreements = Vec::new();
    let mut out = Vec::new();
    let sha = |p: &Project, d: DocumentId| p.document(d).map(|d| d.sha256.clone()).unwrap_or_default();
    for &(x, y) in &passages.pairs {
        let (Some(cx), Some(cy)) = (a.coding(x), b.coding(y)) else { continue };
        if cx.valence == cy.valence {
            agreements.push((x, y));
        } else {
            out.push(Disagreement {
                kind: DisagreementKind::Valence,
                a: Some(x),
                b: Some(y),
                doc_a: Some(cx.document),
                doc_b: Some(cy.document),
                construct: cx.construct.clone(),
                page: cx.anchor.page(),
                key: DisagreementKey { document: sha(a, cx.document), a: Some(side(cx)), b: Some(side(cy)) },
            });
        }
    }
    let only_a = passages
        .only_a
        .iter()
        .copied()
        .chain(documents.only_a.iter().flat_map(|d| a.codings_of(*d).map(|c| c.id).collect::<Vec<_>>()));
    for x in only_a {
        let Some(c) = a.coding(x) else { continue };
        out.push(Disagreement {
            kind: DisagreementKind::OnlyA,
            a: Some(x),
            b: None,
            doc_a: Some(c.document),
            doc_b: documents.partner_of_a(c.document),
            construct: c.construct.clone(),
            page: c.anchor.page(),
            key: DisagreementKey { document: sha(a, c.document), a: Some(side(c)), b: None },
        });
    }
    let only_b = passages
        .only_b
        .iter()
        .copied()
        .chain(documents.only_b.iter().flat_map(|d| b.codings_of(*d).map(|c| c.id).collect::<Vec<_>>()));
    for y in only_b {
        let Some(c) = b.coding(y) else { continue };
        out.push(Disagreement {
            kind: DisagreementKind::OnlyB,
            a: None,
            b: Some(y),
            doc_a: documents.partner_of_b(c.document),
            doc_b: Some(c.document),
            construct: c.construct.clone(),
            page: c.anchor.page(),
            key: DisagreementKey { document: sha(b, c.document), a: None, b: Some(side(c)) },
        });
    }
    out.sort_by(|p, q| {
        let pos = |d: &Disagreement| {
            let start = d.key.a.as_ref().or(d.key.b.as_ref()).map_or(0, |s| s.1);
            (d.key.document.clone(), d.page, start)
        };
        pos(p).cmp(&pos(q)).then(p.key.cmp(&q.key))
    });
    Reconcile { documents, agreements, disagreements: out }
}

/// A decision as the reviewer made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settled {
    /// What was decided.
    pub choice: Choice,
    /// Why.
    pub comment: String,
    /// When (RFC 3339).
    pub at: String,
    /// Who decided.
    pub by: String,
}

impl Settled {
    /// A recorded decision as the reviewer's settled choice again.
    #[must_use]
    pub fn from_decision(d: &Decision) -> Self {
        Self { choice: d.choice.clone(), comment: d.comment.clone(), at: d.at.clone(), by: d.by.clone() }
    }
}

/// Names and files recorded in the consensus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsensusMeta {
    /// Name of the consensus project.
    pub name: String,
    /// Coder A's name.
    pub coder_a: String,
    /// Coder B's name.
    pub coder_b: String,
    /// Coder A's file.
    pub file_a: String,
    /// Coder B's file.
    pub file_b: String,
    /// Whether every decision needed a reason.
    pub reasons_required: bool,
    /// Decisions of an earlier sitting that no longer match a disagreement (a coding
    /// changed since): kept in the record as they were, never dropped.
    pub earlier: Vec<Decision>,
}

/// Builds the consensus project (a new project; A and B are untouched).
///
/// # Errors
/// Only if the inputs are inconsistent in a way the model refuses (a bug).
pub fn build_consensus(
    a: &Project,
    b: &Project,
    rec: &Reconcile,
    decisions: &BTreeMap<DisagreementKey, Settled>,
    meta: &ConsensusMeta,
) -> Result<Project, ProjectError> {
    let mut merge = Merge::new(a, b, rec, meta);
    for (x, y) in &rec.agreements {
        merge.agreement(*x, *y);
    }
    let mut record = Vec::new();
    for d in &rec.disagreements {
        if let Some(settled) = decisions.get(&d.key) {
            record.push(merge.decision(d, settled));
        }
    }
    record.extend(meta.earlier.iter().cloned());
    let Merge { mut parts, codings, next, .. } = merge;
    parts.codings = codings;
    parts.next = next;
    parts.reconciliation = Some(Reconciliation {
        coder_a: meta.coder_a.clone(),
        coder_b: meta.coder_b.clone(),
        file_a: meta.file_a.clone(),
        file_b: meta.file_b.clone(),
        decisions: record,
        reasons_required: meta.reasons_required,
    });
    Project::from_parts(parts)
}

/// A's codebook, plus B's constructs (and their domains) that A lacks.
fn merged_codebook(a: &Project, b: &Project) -> Codebook {
    let mut codebook = a.codebook().clone();
    for d in &b.codebook().domains {
        if codebook.domain(&d.key).is_none() {
            codebook.domains.push(d.clone());
        }
    }
    for c in &b.codebook().constructs {
        if codebook.construct(&c.key).is_none() {
            codebook.constructs.push(c.clone());
        }
    }
    codebook
}

/// The consensus under construction.
struct Merge<'a> {
    a: &'a Project,
    b: &'a Project,
    meta: &'a ConsensusMeta,
    parts: ProjectParts,
    next: NextIds,
    /// B's documents in the consensus (matched to A's, or B's own under new ids).
    b_docs: BTreeMap<DocumentId, DocumentId>,
    /// Where each consensus document is in `parts.documents`.
    doc_at: BTreeMap<DocumentId, usize>,
    codings: Vec<Coding>,
    identities: HashSet<CodingIdentity>,
}

impl<'a> Merge<'a> {
    /// All of A's documents, then B's that A lacks (with their studies, under new ids); no
    /// codings yet.
    fn new(a: &'a Project, b: &'a Project, rec: &Reconcile, meta: &'a ConsensusMeta) -> Self {
        let mut parts: ProjectParts = a.to_parts();
        parts.name.clone_from(&meta.name);
        "consensus".clone_into(&mut parts.coder);
        parts.codebook = merged_codebook(a, b);
        parts.codings = Vec::new();
        let mut next = a.next_ids();
        let mut b_docs: BTreeMap<DocumentId, DocumentId> = rec.documents.pairs.iter().map(|(x, y)| (*y, *x)).collect();
        let mut b_studies: BTreeMap<StudyId, StudyId> = BTreeMap::new();
        for id in &rec.documents.only_b {
            let Some(doc) = b.document(*id) else { continue };
            let study = *b_studies.entry(doc.study).or_insert_with(|| {
                let s = StudyId(next.study);
                next.study += 1;
                let label = b.studies().get(&doc.study).map_or_else(|| doc.title.clone(), |s| s.label.clone());
                parts.studies.push(Study { id: s, label });
                s
            });
            let new_id = DocumentId(next.document);
            next.document += 1;
            b_docs.insert(doc.id, new_id);
            parts.documents.push(Document { id: new_id, study, ..doc.clone() });
        }
        let doc_at = parts.documents.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        Self { a, b, meta, parts, next, b_docs, doc_at, codings: Vec::new(), identities: HashSet::new() }
    }

    /// A page of a consensus document.
    fn page(&self, doc: DocumentId, page: usize) -> Option<&str> {
        self.doc_at.get(&doc).and_then(|i| self.parts.documents[*i].page(page))
    }

    /// Adds a coding made from `template` (unless the consensus holds the same one), and
    /// says which coding stands for it.
    fn push(
        &mut self,
        template: &Coding,
        document: DocumentId,
        anchor: Anchor,
        provenance: Vec<String>,
        change: Change<'_>,
    ) -> CodingRef {
        let mut c = template.clone();
        c.document = document;
        c.anchor = anchor;
        c.provenance = provenance;
        if let Some((construct, valence)) = change.edit {
            c.construct = construct.clone();
            c.valence = valence;
        }
        if let Some(comment) = change.comment {
            c.comment = comment;
        }
        c.id = CodingId(self.next.coding);
        let placed = coding_ref(&c);
        if self.identities.insert(c.identity()) {
            self.next.coding += 1;
            self.codings.push(c);
        }
        placed
    }

    /// B's coding placed on the consensus document: same text, or its quote found once;
    /// otherwise kept as it was (shown as "passage not found", never dropped).
    fn place_b(&self, c: &Coding) -> Option<(DocumentId, Anchor)> {
        let doc = *self.b_docs.get(&c.document)?;
        let anchor = match &c.anchor {
            Anchor::Document => Anchor::Document,
            Anchor::Text(t) => {
                let page = self.page(doc, t.page).unwrap_or("");
                if page.get(t.start..t.end) == Some(t.quote.as_str()) {
                    c.anchor.clone()
                } else {
                    let mut hits = page.match_indices(t.quote.as_str());
                    match (hits.next(), hits.next()) {
                        (Some((s, _)), None) => {
                            TextAnchor::new(page, t.page, s, s + t.quote.len()).map_or(c.anchor.clone(), Anchor::Text)
                        }
                        _ => c.anchor.clone(),
                    }
                }
            }
        };
        Some((doc, anchor))
    }

    fn both(&self) -> Vec<String> {
        vec![self.meta.coder_a.clone(), self.meta.coder_b.clone()]
    }

    /// An agreed passage: it covers what both coders marked (the union of the two ranges),
    /// with both coders' comments, labelled, where B wrote something A did not.
    fn agreement(&mut self, x: CodingId, y: CodingId) {
        let (a, b, meta) = (self.a, self.b, self.meta);
        let Some(c) = a.coding(x) else { return };
        let anchor = match (&c.anchor, b.coding(y).and_then(|o| self.place_b(o))) {
            (Anchor::Text(t), Some((_, Anchor::Text(u)))) if u.page == t.page => self
                .page(c.document, t.page)
                .and_then(|page| TextAnchor::new(page, t.page, t.start.min(u.start), t.end.max(u.end)))
                .map_or_else(|| c.anchor.clone(), Anchor::Text),
            _ => c.anchor.clone(),
        };
        let comment = b
            .coding(y)
            .filter(|o| !o.comment.trim().is_empty() && o.comment.trim() != c.comment.trim())
            .map(|o| joined_comments("", Some((&meta.coder_a, &c.comment)), Some((&meta.coder_b, &o.comment))));
        let both = self.both();
        self.push(c, c.document, anchor, both, Change { edit: None, comment });
    }

    /// A settled disagreement: the codings it keeps (or the edited one), and its line in the
    /// record.
    fn decision(&mut self, d: &Disagreement, settled: &Settled) -> Decision {
        let (a, b, meta) = (self.a, self.b, self.meta);
        let ca = d.a.and_then(|id| a.coding(id));
        let cb = d.b.and_then(|id| b.coding(id));
        let take_a = matches!(settled.choice, Choice::KeepA | Choice::KeepBoth);
        let take_b = matches!(settled.choice, Choice::KeepB | Choice::KeepBoth);
        let mut result = None;
        match &settled.choice {
            Choice::KeepA | Choice::KeepB | Choice::KeepBoth => {
                if let Some(c) = ca.filter(|_| take_a) {
                    self.push(c, c.document, c.anchor.clone(), vec![meta.coder_a.clone()], Change::none());
                }
                if let (Some(c), Some((doc, anchor))) = (cb.filter(|_| take_b), cb.and_then(|c| self.place_b(c))) {
                    self.push(c, doc, anchor, vec![meta.coder_b.clone()], Change::none());
                }
            }
            Choice::KeepNeither => {}
            Choice::Edited { construct, valence } => {
                // The reason, then both coders' own comments, each labelled: none is lost.
                let comment = joined_comments(
                    &settled.comment,
                    ca.map(|c| (meta.coder_a.as_str(), c.comment.as_str())),
                    cb.map(|c| (meta.coder_b.as_str(), c.comment.as_str())),
                );
                let change = Change { edit: Some((construct, *valence)), comment: Some(comment) };
                let both = self.both();
                if let Some(c) = ca {
                    result = Some(self.push(c, c.document, c.anchor.clone(), both, change));
                } else if let (Some(c), Some((doc, anchor))) = (cb, cb.and_then(|c| self.place_b(c))) {
                    result = Some(self.push(c, doc, anchor, both, change));
                }
            }
        }
        Decision {
            document: d.key.document.clone(),
            a: ca.map(coding_ref),
            b: cb.map(coding_ref),
            choice: settled.choice.clone(),
            comment: settled.comment.clone(),
            at: settled.at.clone(),
            by: settled.by.clone(),
            result,
        }
    }
}

/// What a consensus coding changes of the coding it is made from.
struct Change<'c> {
    /// Another construct and valence (an edited decision).
    edit: Option<(&'c ConstructKey, crate::model::Valence)>,
    /// Another comment.
    comment: Option<String>,
}

impl Change<'_> {
    fn none() -> Self {
        Self { edit: None, comment: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{TextAnchor, Valence};

    #[test]
    fn a_recorded_decision_finds_its_disagreement_again() {
        let page = "Lay counsellors were trusted.";
        let anchor = Anchor::Text(TextAnchor::new(page, 2, 0, 15).unwrap());
        let a = CodingRef {
            anchor: anchor.clone(),
            construct: ConstructKey::new("client.kabi"),
            valence: Valence::Barrier,
        };
        let b = CodingRef { anchor, construct: ConstructKey::new("client.kabi"), valence: Valence::Both };
        let d = Decision {
            document: "ab".repeat(32),
            a: Some(a),
            b: Some(b),
            choice: Choice::KeepA,
            comment: String::new(),
            at: String::new(),
            by: String::new(),
            result: None,
        };
        let key = key_of_decision(&d);
        assert_eq!(key.a, Some((Some(2), 0, 15, "client.kabi".to_owned(), "Barrier")));
        assert_eq!(key.b.as_ref().map(|s| s.4), Some("Both"));
        assert_eq!(key.document, d.document);
        let alone = Decision { a: None, ..d };
        assert_eq!(key_of_decision(&alone).a, None);
    }

    #[test]
    fn joined_comments_keep_both_coders_words_labelled() {
        assert_eq!(
            joined_comments(" agreed ", Some(("Ama", "in the text")), Some(("Ben", " a barrier "))),
            "Reason: agreed\nAma: in the text\nBen: a barrier"
        );
        assert_eq!(joined_comments("", Some(("Ama", "")), Some(("Ben", "only B"))), "Ben: only B");
        assert_eq!(joined_comments("", None, None), "");
    }
}
