//! Agreement statistics against the reference libraries, unit categories, passage matching,
//! and the consensus merge that must never drop a coding.

use befits_coder::analysis::agreement::{
    AgreementUnit, Category, cohen_kappa, compare, krippendorff_alpha, match_documents, match_passages, stats,
};
use befits_coder::analysis::consensus::{ConsensusMeta, Settled, build_consensus, reconcile};
use befits_coder::model::{
    Anchor, Choice, Coding, ConstructKey, Document, DocumentBundle, DocumentId, Edit, Project, Study, StudyId,
    TextAnchor, Valence,
};
use befits_coder::persistence::default_codebook;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[test]
fn statistics_match_scikit_learn_and_krippendorff() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/agreement/vectors.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = json["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let seq = |k: &str| -> Vec<Category> {
            case[k].as_array().unwrap().iter().map(|v| u8::try_from(v.as_u64().unwrap()).unwrap()).collect()
        };
        let pairs: Vec<(Category, Category)> = seq("a").into_iter().zip(seq("b")).collect();
        let expect = |k: &str| case[k].as_f64();
        let close = |got: Option<f64>, want: Option<f64>, what: &str| match (got, want) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{name}: {what} {g} vs {w}"),
            (None, None) => {}
            _ => panic!("{name}: {what} {got:?} vs {want:?}"),
        };
        close(cohen_kappa(&pairs), expect("kappa"), "kappa");
        close(krippendorff_alpha(&pairs), expect("alpha"), "alpha");
        close(stats(&pairs).percent, expect("percent"), "percent");
    }
}

/// A project with documents (title, page text, study label) and codings
/// (document index, quote, construct, valence); `None` quote = whole document.
fn project(coder: &str, docs: &[(&str, &str, &str)], codings: &[(usize, Option<&str>, &str, Valence)]) -> Project {
    let mut p = Project::new(format!("{coder}'s project"), coder, default_codebook().unwrap());
    let mut studies: BTreeMap<String, StudyId> = BTreeMap::new();
    for (i, (title, text, study)) in docs.iter().enumerate() {
        let id = DocumentId(u32::try_from(i).unwrap() + 1);
        let (sid, create) = if let Some(s) = studies.get(*study) {
            (*s, None)
        } else {
            let s = p.next_study_id();
            studies.insert((*study).to_owned(), s);
            (s, Some(Study { id: s, label: (*study).to_owned() }))
        };
        let document = Document {
            id,
            title: (*title).to_owned(),
            study: sid,
            sha256: befits_coder::pdf::sha256_hex(text.as_bytes()),
            pdf: None,
            pages: vec![(*text).to_owned()],
            fields: BTreeMap::new(),
            warnings: vec![],
            ocr: None,
            unreadable_pages: Vec::new(),
        };
        p.apply(Edit::AddDocument(Box::new(DocumentBundle {
            document,
            study: create,
            codings: vec![],
            imported: vec![],
        })))
        .unwrap();
    }
    for (d, quote, key, valence) in codings {
        let doc = DocumentId(u32::try_from(*d).unwrap() + 1);
        let anchor = match quote {
            None => Anchor::Document,
            Some(q) => {
                let text = &p.document(doc).unwrap().pages[0];
                let start = text.find(q).unwrap();
                Anchor::Text(TextAnchor::new(text, 0, start, start + q.len()).unwrap())
            }
        };
        let c = Coding {
            id: p.next_coding_id(),
            document: doc,
            anchor,
            construct: ConstructKey::new(*key),
            valence: *valence,
            comment: String::new(),
            coder: coder.to_owned(),
            created: String::new(),
            provenance: vec![],
        };
        p.apply(Edit::AddCoding(c)).unwrap();
    }
    p
}

const TEXT: &str =
    "Lay counsellors were trusted by the community. Stigma kept families away from the clinic. Costs were covered.";

#[test]
fn unit_categories_at_study_and_article_level() {
    use Valence::{Barrier as B, Both, Facilitator as F};
    let docs = [("One", TEXT, "S1"), ("Two", "Second article text.", "S1")];
    // A: doc1 kabi B, doc2 kabi F -> study both. B: doc1 kabi Both -> study both.
    let a = project("A", &docs, &[(0, None, "client.kabi", B), (1, None, "client.kabi", F)]);
    let b = project("B", &docs, &[(0, None, "client.kabi", Both)]);
    let study = compare(&a, &b, AgreementUnit::StudyConstruct, 0.5);
    let kabi = study.constructs.iter().find(|c| c.construct.as_str() == "client.kabi").unwrap();
    assert_eq!((kabi.all.n, kabi.all.agreements), (1, 1), "one study, both categories 'both'");
    assert_eq!(study.overall.n, 37, "one study x 37 constructs");
    assert_eq!(study.overall_coded.n, 1, "only the coded unit remains");
    let article = compare(&a, &b, AgreementUnit::ArticleConstruct, 0.5);
    let kabi = article.constructs.iter().find(|c| c.construct.as_str() == "client.kabi").unwrap();
    assert_eq!((kabi.all.n, kabi.all.agreements), (2, 0), "barrier vs both; facilitator vs absent");
    assert_eq!(article.overall_coded.n, 2);
}

#[test]
fn documents_match_by_hash_then_title_and_the_rest_are_listed() {
    let a = project(
        "A",
        &[("One", TEXT, "S"), ("Renamed text", "Text only A has.", "S"), ("Same title", "A's version.", "S")],
        &[],
    );
    let b =
        project("B", &[("Uno", TEXT, "S"), ("Same title", "B's re-extraction.", "S"), ("Extra", "Only B.", "S")], &[]);
    let m = match_documents(&a, &b);
    assert_eq!(m.pairs, vec![(DocumentId(1), DocumentId(1)), (DocumentId(3), DocumentId(2))]);
    assert_eq!((m.only_a.clone(), m.only_b.clone()), (vec![DocumentId(2)], vec![DocumentId(3)]));
}

#[test]
fn passage_matching_edge_cases() {
    use Valence::{Barrier as B, Facilitator as F};
    let docs = [("One", TEXT, "S")];
    let a = project(
        "A",
        &docs,
        &[
            (0, Some("Lay counsellors were trusted by the community."), "intervention.tsp_role", F),
            (0, Some("Stigma kept families away"), "stigma.family_community_stigma", B),
            (0, Some("Stigma kept families away"), "family_community.family", B),
            (0, Some("Costs were covered."), "intervention.cost", F),
        ],
    );
    let b = project(
        "B",
        &docs,
        &[
            // Nested inside A's passage: matches (the shorter passage is fully covered).
            (0, Some("trusted by the community"), "intervention.tsp_role", F),
            // Same passage, two constructs on A's side, one here: only the same construct matches.
            (0, Some("Stigma kept families away from the clinic."), "stigma.family_community_stigma", F),
            // Partial overlap below the threshold: no match.
            (0, Some("covered."), "intervention.cost", F),
        ],
    );
    let docs_match = match_documents(&a, &b);
    let m = match_passages(&a, &b, &docs_match, 0.5);
    let pairs: BTreeSet<(u32, u32)> = m.pairs.iter().map(|(x, y)| (x.0, y.0)).collect();
    assert_eq!(pairs, BTreeSet::from([(1, 1), (2, 2), (4, 3)]), "{m:?}");
    // "covered." is 8 of the shorter passage's 8 characters: a full match; at 100% too.
    let strict = match_passages(&a, &b, &docs_match, 1.0);
    assert_eq!(strict.pairs.len(), 3);
    assert_eq!(m.only_a.iter().map(|c| c.0).collect::<Vec<_>>(), vec![3], "A's second construct on the stigma passage");
    let report = compare(&a, &b, AgreementUnit::Passage, 0.5);
    assert_eq!(report.overall.n, 4, "three matches and one coding of A alone");
    assert_eq!(report.overall.agreements, 2, "the stigma match differs in valence");
}

#[test]
fn consensus_keeps_agreements_applies_decisions_and_leaves_inputs_alone() {
    use Valence::{Barrier as B, Facilitator as F};
    let docs = [("One", TEXT, "S")];
    let a = project(
        "Ama",
        &docs,
        &[
            (0, Some("Lay counsellors"), "intervention.tsp_role", F),
            (0, Some("Stigma kept families"), "stigma.self_stigma", B),
        ],
    );
    let b = project(
        "Ben",
        &docs,
        &[
            (0, Some("Lay counsellors"), "intervention.tsp_role", F),
            (0, Some("Costs were covered."), "intervention.cost", F),
        ],
    );
    let (a0, b0) = (a.clone(), b.clone());
    let rec = reconcile(&a, &b, 0.5);
    assert_eq!(rec.agreements.len(), 1);
    assert_eq!(rec.disagreements.len(), 2);
    let mut decisions = BTreeMap::new();
    decisions.insert(
        rec.disagreements[0].key.clone(),
        Settled { choice: Choice::KeepNeither, comment: "not about stigma".into(), at: "t".into(), by: "Lead".into() },
    );
    let meta = ConsensusMeta {
        name: "Consensus".into(),
        coder_a: "Ama".into(),
        coder_b: "Ben".into(),
        file_a: "a.ron".into(),
        file_b: "b.ron".into(),
        reasons_required: true,
        earlier: Vec::new(),
    };
    let c = build_consensus(&a, &b, &rec, &decisions, &meta).unwrap();
    assert_eq!(c.codings().len(), 1, "the agreement only; one decided out, one unsettled");
    let agreed = c.codings().values().next().unwrap();
    assert_eq!(agreed.provenance, vec!["Ama".to_owned(), "Ben".to_owned()]);
    assert_eq!(c.reconciliation().unwrap().decisions.len(), 1);
    assert_eq!((a, b), (a0, b0), "inputs unchanged");
}

/// Strategy: two projects on the same three documents, with random codings.
fn random_pair() -> impl Strategy<Value = (Project, Project, Vec<u8>)> {
    let keys = ["client.kabi", "stigma.self_stigma", "intervention.tsp_role", "intervention.cost"];
    let coding = (0usize..2, 0usize..4, 0usize..4, 0usize..3, proptest::bool::ANY);
    (
        proptest::collection::vec(coding.clone(), 0..12),
        proptest::collection::vec(coding, 0..12),
        proptest::collection::vec(0u8..5, 40),
    )
        .prop_map(move |(ca, cb, choices)| {
            let quotes =
                ["Lay counsellors", "Lay counsellors were trusted", "Stigma kept families", "Costs were covered."];
            let docs = [("One", TEXT, "S1"), ("Two", "Only whole-document codings here.", "S2")];
            let make = |name: &str, list: &[(usize, usize, usize, usize, bool)]| {
                let mut seen = BTreeSet::new();
                let specs: Vec<(usize, Option<&str>, &str, Valence)> = list
                    .iter()
                    .filter_map(|&(d, q, k, v, whole)| {
                        let quote = if whole || d == 1 { None } else { Some(quotes[q]) };
                        let valence = [Valence::Barrier, Valence::Facilitator, Valence::Both][v];
                        seen.insert((d, quote, k, v)).then_some((d, quote, keys[k], valence))
                    })
                    .collect();
                project(name, &docs, &specs)
            };
            (make("Ama", &ca), make("Ben", &cb), choices)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn merging_never_drops_a_coding((a, b, choices) in random_pair()) {
        let rec = reconcile(&a, &b, 0.5);
        let mut decisions = BTreeMap::new();
        for (i, d) in rec.disagreements.iter().enumerate() {
            let choice = match choices[i % choices.len()] {
                0 => Choice::KeepA,
                1 => Choice::KeepB,
                2 => Choice::KeepBoth,
                3 => Choice::KeepNeither,
                _ => Choice::Edited { construct: d.construct.clone(), valence: Valence::Both },
            };
            decisions.insert(d.key.clone(), Settled { choice, comment: String::new(), at: String::new(), by: String::new() });
        }
        let meta = ConsensusMeta {
            name: "C".into(),
            coder_a: "Ama".into(),
            coder_b: "Ben".into(),
            file_a: "a".into(),
            file_b: "b".into(),
            reasons_required: false,
            earlier: Vec::new(),
        };
        let consensus = build_consensus(&a, &b, &rec, &decisions, &meta).unwrap();
        let record = consensus.reconciliation().unwrap();
        // In the consensus: a coding of the same construct and valence on the same document
        // whose passage covers this one (agreed passages are merged into their union).
        let in_consensus = |doc_sha: &str, c: &Coding| {
            consensus.codings().values().any(|x| {
                consensus.document(x.document).is_some_and(|d| d.sha256 == doc_sha)
                    && x.construct == c.construct && x.valence == c.valence
                    && match (&x.anchor, &c.anchor) {
                        (Anchor::Text(t), Anchor::Text(u)) => t.page == u.page && t.quote.contains(u.quote.as_str()),
                        (Anchor::Document, Anchor::Document) => true,
                        _ => false,
                    }
            })
        };
        for (p, is_a) in [(&a, true), (&b, false)] {
            for c in p.codings().values() {
                let sha = p.document(c.document).unwrap().sha256.clone();
                let listed = record.decisions.iter().any(|d| {
                    d.document == sha
                        && (if is_a { d.a.as_ref() } else { d.b.as_ref() })
                            .is_some_and(|r| r.construct == c.construct && r.valence == c.valence && r.anchor == c.anchor)
                });
                prop_assert!(in_consensus(&sha, c) || listed, "{} coding {:?} lost", if is_a { "A" } else { "B" }, c);
            }
        }
        // Every settled decision is recorded, and nothing unsettled remains.
        prop_assert_eq!(record.decisions.len(), rec.disagreements.len());
    }
}
