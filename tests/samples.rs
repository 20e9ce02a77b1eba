//! The sample projects: the shipped files load cleanly, and the workshop sample is exactly
//! what its generator builds from the corpus. Rebuild it with
//! `BEFITS_REGENERATE_SAMPLES=1 cargo test samples`.

use crate::support::{corpus, extract_file};
use befits_coder::model::{
    Anchor, Coding, ConstructKey, Document, DocumentBundle, DocumentId, Edit, PdfSource, Project, Study, TextAnchor,
    Valence,
};
use befits_coder::pdf::{WorkerLimits, sha256_hex};
use befits_coder::persistence::{self, load_str, to_ron};
use std::path::{Path, PathBuf};

fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects")
}

/// The articles of the workshop sample (CC BY; attribution in `sample_projects/README.md`):
/// file, title, and the extraction fields the Articles and Characteristics views show.
type SampleArticle = (&'static str, &'static str, [(&'static str, &'static str); 4]);
const ARTICLES: [SampleArticle; 2] = [
    (
        "bmc-health-serv-res-2014-agyeman-duah.pdf",
        "Agyeman-Duah et al. (2014) Quality improvement at Kamuzu Central Hospital, Malawi",
        [
            ("author_year", "Agyeman-Duah et al. (2014)"),
            (
                "title",
                "Understanding the barriers to setting up a healthcare quality improvement process in resource-limited settings",
            ),
            ("countries", "Malawi"),
            ("region", "Sub-Saharan Africa"),
        ],
    ),
    (
        "plos-med-2022-rodi-health-policy.pdf",
        "Rodi et al. (2022) Health-related high-level meetings at the UN General Assembly",
        [
            ("author_year", "Rodi et al. (2022)"),
            (
                "title",
                "Political rationale, aims, and outcomes of health-related high-level meetings and special sessions at the UN General Assembly",
            ),
            ("countries", "UN member states"),
            ("region", "Global"),
        ],
    ),
];

/// Example codings: article, quote (whitespace-insensitive), construct, valence, comment.
const CODINGS: &[(usize, &str, &str, Valence, &str)] = &[
    (
        0,
        "Human resource shortages, staff attitudes and shortage of equipment were identified as major constraints to patient care",
        "organization.clinical_resources",
        Valence::Barrier,
        "Staffing named first among the constraints to care.",
    ),
    (0, "staff attitudes", "provider.kabi", Valence::Barrier, "Attitudes of staff, as seen by interviewees."),
    (0, "shortage of equipment", "organization.structure_materials", Valence::Barrier, ""),
    (
        0,
        "Healthcare in Malawi, as in other developing countries is hampered by chronic lack of resources",
        "societal.economic_conditions",
        Valence::Barrier,
        "Country-wide scarcity, beyond the hospital.",
    ),
    (0, "severe human resource deficiencies", "mh_system.human_resources", Valence::Barrier, ""),
    (
        0,
        "Poor communication among staff and between staff and patients was reported in the interviews and observed to affect the quality of care",
        "organization.implementation_climate",
        Valence::Barrier,
        "Communication inside the department.",
    ),
    (
        0,
        "certain attitudes of some health workers such as laziness, complacency and absenteeism",
        "provider.motivation_optimism",
        Valence::Barrier,
        "",
    ),
    (
        0,
        "the researcher observed sufficient directional signs which made it easier for patients and visitors to find their way",
        "organization.structure_materials",
        Valence::Facilitator,
        "Signs help patients find their way.",
    ),
    (
        0,
        "Chichewa (local Malawian language) for clear communication with interviewees who could not speak or read English",
        "client.other_personal_attributes",
        Valence::Both,
        "Language and literacy: a hurdle, met by translating.",
    ),
    (
        0,
        "the willingness to change as well as determined commitment and contributions from clients, staff and management",
        "organization.implementation_climate",
        Valence::Facilitator,
        "Named as a condition for lasting improvement.",
    ),
    (
        1,
        "Financial investments for HIV/AIDS were remarkable following the UN event, whereas for NCDs, AMR, and TB, they remained insufficient",
        "mh_system.policy_finance",
        Valence::Both,
        "Funding followed for one topic, not for the others.",
    ),
    (
        1,
        "the impact on decision makers may be undermined by the growing number of health issues discussed at those events in recent years",
        "societal.historical_political_context",
        Valence::Barrier,
        "",
    ),
    (
        1,
        "the strong activism by a civil society",
        "family_community.community",
        Valence::Facilitator,
        "Civil society pushed the topic to the General Assembly.",
    ),
];

/// Finds `quote` in `text` allowing any run of whitespace between its words; returns the
/// byte ranges of all matches.
fn find_all(text: &str, quote: &str) -> Vec<(usize, usize)> {
    let words: Vec<&str> = quote.split_whitespace().collect();
    let mut hits = Vec::new();
    for (start, _) in text.match_indices(words[0]) {
        let mut pos = start + words[0].len();
        let mut ok = true;
        for w in &words[1..] {
            let rest = &text[pos..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || !trimmed.starts_with(w) {
                ok = false;
                break;
            }
            pos += rest.len() - trimmed.len() + w.len();
        }
        if ok {
            hits.push((start, pos));
        }
    }
    hits
}

fn build_workshop(corpus: &Path) -> Project {
    let codebook = persistence::default_codebook().unwrap();
    let mut p = Project::new("Workshop sample", "Workshop demo", codebook);
    let pdf_dir = samples_dir().join("pdfs");
    for (i, (file, title, fields)) in ARTICLES.iter().enumerate() {
        let source = corpus.join("articles").join(file);
        let x = extract_file(&source, None, &WorkerLimits::default()).unwrap();
        let id = DocumentId(u32::try_from(i).unwrap() + 1);
        let study = p.next_study_id();
        let doc = Document {
            id,
            title: (*title).to_owned(),
            study,
            sha256: sha256_hex(&std::fs::read(&source).unwrap()),
            pdf: Some(PdfSource { path: pdf_dir.join(file) }),
            pages: x.pages,
            fields: fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            warnings: x.warnings.iter().map(ToString::to_string).collect(),
            ocr: None,
            unreadable_pages: Vec::new(),
        };
        let bundle = DocumentBundle {
            document: doc,
            study: Some(Study { id: study, label: (*title).to_owned() }),
            codings: Vec::new(),
            imported: Vec::new(),
        };
        p.apply(Edit::AddDocument(Box::new(bundle))).unwrap();
    }
    for (article, quote, key, valence, comment) in CODINGS {
        let id = DocumentId(u32::try_from(*article).unwrap() + 1);
        let doc = p.document(id).unwrap();
        let hits: Vec<(usize, (usize, usize))> = doc
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, t)| find_all(t, quote).into_iter().map(move |r| (i, r)))
            .collect();
        assert_eq!(hits.len(), 1, "article {article}: quote found {} times: {quote}", hits.len());
        let (page, (start, end)) = hits[0];
        let anchor = TextAnchor::new(&doc.pages[page], page, start, end).unwrap();
        let coding = Coding {
            id: p.next_coding_id(),
            document: id,
            anchor: Anchor::Text(anchor),
            construct: ConstructKey::new(*key),
            valence: *valence,
            comment: (*comment).to_owned(),
            coder: "Workshop demo".into(),
            created: "2026-11-25T12:00:00Z".into(),
            provenance: Vec::new(),
        };
        p.apply(Edit::AddCoding(coding)).unwrap();
    }
    p
}

#[test]
fn workshop_sample_is_what_its_generator_builds() {
    let Some(corpus) = corpus() else { return };
    let target = samples_dir().join("workshop.ron");
    let project = build_workshop(&corpus);
    let text = to_ron(&project, &target).unwrap();
    if std::env::var_os("BEFITS_REGENERATE_SAMPLES").is_some() {
        std::fs::create_dir_all(samples_dir().join("pdfs")).unwrap();
        for (file, _, _) in ARTICLES {
            std::fs::copy(corpus.join("articles").join(file), samples_dir().join("pdfs").join(file)).unwrap();
        }
        std::fs::write(&target, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&target).unwrap();
    assert!(
        committed == text,
        "sample_projects/workshop.ron is stale: run BEFITS_REGENERATE_SAMPLES=1 cargo test samples"
    );
}

/// The review's own data: Table 2 of Le et al. (2022), imported as the app imports tables.
fn build_review(reference: &Path) -> Project {
    let table = reference.join("table2-articles.tsv");
    let text = std::fs::read_to_string(&table).unwrap();
    let mut p =
        Project::new("BeFITS-MH review (Le et al. 2022)", "Le et al. (2022)", persistence::default_codebook().unwrap());
    let plan =
        persistence::plan_table_import(&p, &text, b'\t', "Le et al. (2022), Table 2", "2022-01-05T00:00:00Z").unwrap();
    p.apply(plan.edit).unwrap();
    p
}

fn reference() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    if dir.join("table2-articles.tsv").exists() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent", dir.display());
        None
    }
}

#[test]
fn review_sample_is_what_its_generator_builds() {
    let Some(reference) = reference() else { return };
    let target = samples_dir().join("befits-mh-review.ron");
    let text = to_ron(&build_review(&reference), &target).unwrap();
    if std::env::var_os("BEFITS_REGENERATE_SAMPLES").is_some() {
        std::fs::write(&target, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&target).unwrap();
    assert!(
        committed == text,
        "sample_projects/befits-mh-review.ron is stale: run BEFITS_REGENERATE_SAMPLES=1 cargo test samples"
    );
}

/// The paper's Table 1, from the shipped review sample (no reference folder needed).
#[test]
fn review_sample_reproduces_table_1() {
    use befits_coder::analysis::characteristics;
    let path = samples_dir().join("befits-mh-review.ron");
    let p = persistence::load(&path).unwrap().project;
    assert_eq!((p.documents().len(), p.studies().len()), (37, 28));
    let table = |field: &str| -> Vec<(String, usize)> {
        characteristics(&p, field).into_iter().map(|r| (r.value, r.n)).collect()
    };
    let owned = |pairs: &[(&str, usize)]| -> Vec<(String, usize)> {
        pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect()
    };
    assert_eq!(
        table("region"),
        owned(&[("Africa", 14), ("South Asia", 9), ("Latin America and the Caribbean", 3), ("Multi-region", 2)])
    );
    assert_eq!(table("condition_group"), owned(&[("CMDs only", 23), ("CMDs and SMIs", 4), ("SMIs only", 1)]));
    assert_eq!(
        table("stage"),
        owned(&[("Implementation", 17), ("Preparation", 4), ("Exploration", 1), ("Sustainment", 1), ("Multiple", 5)])
    );
}

/// Opening the review shows the paper's findings: intervention constructs are mostly
/// facilitators, stigma constructs only barriers.
#[test]
fn review_sample_shows_the_papers_findings() {
    use befits_coder::analysis::{Level, tallies};
    use befits_coder::model::DomainKey;
    let p = persistence::load(&samples_dir().join("befits-mh-review.ron")).unwrap().project;
    let t = tallies(&p, Level::Study);
    let intervention = t.of_domain(&DomainKey::new("intervention"));
    assert!(intervention.facilitator > 3 * intervention.barrier, "{intervention:?}");
    let stigma = t.of_domain(&DomainKey::new("stigma"));
    assert!(stigma.barrier > 0 && stigma.facilitator == 0 && stigma.both == 0, "{stigma:?}");
}

/// Two coders' projects of the workshop articles with realistic disagreements, and their
/// consensus: (A, B, consensus).
fn build_pair(workshop: &Project) -> (Project, Project, Project) {
    use befits_coder::analysis::consensus::{ConsensusMeta, DisagreementKind, Settled, build_consensus, reconcile};
    use befits_coder::model::{Choice, ProjectParts};
    let as_coder = |name: &str, project_name: &str| -> ProjectParts {
        let mut parts = workshop.to_parts();
        project_name.clone_into(&mut parts.name);
        name.clone_into(&mut parts.coder);
        for c in &mut parts.codings {
            name.clone_into(&mut c.coder);
        }
        parts
    };
    let quote_of = |c: &Coding| c.anchor.as_text().map_or(String::new(), |t| t.quote.clone());
    // Coder A missed one passage and read another as both.
    let mut a = as_coder("Ama", "Workshop pair: coder A (Ama)");
    a.codings.retain(|c| !quote_of(c).starts_with("certain attitudes of some health workers"));
    for c in &mut a.codings {
        if quote_of(c).starts_with("the willingness to change") {
            c.valence = Valence::Both;
            c.comment = "Willingness is there, commitment is uncertain.".into();
        }
    }
    // Coder B left out two codings, read the language passage as a barrier, marked a
    // shorter passage for staffing, and coded a passage A did not.
    let mut b = as_coder("Ben", "Workshop pair: coder B (Ben)");
    b.codings
        .retain(|c| !matches!(quote_of(c).as_str(), "shortage of equipment" | "severe human resource deficiencies"));
    for c in &mut b.codings {
        let q = quote_of(c);
        if q.starts_with("Chichewa") {
            c.valence = Valence::Barrier;
            c.comment = "Clients who read no English are disadvantaged.".into();
        }
        if q.starts_with("Human resource shortages, staff attitudes")
            && let Anchor::Text(t) = &mut c.anchor
        {
            let short = "Human resource shortages";
            t.end = t.start + short.len();
            short.clone_into(&mut t.quote);
        }
    }
    let a = Project::from_parts(a).unwrap();
    let mut b = Project::from_parts(b).unwrap();
    let plos = DocumentId(2);
    let page_hit = b.document(plos).unwrap().pages.iter().enumerate().find_map(|(i, t)| {
        let hits = find_all(t, "the leaders’ political will");
        (hits.len() == 1).then(|| (i, hits[0]))
    });
    let (page, (start, end)) = page_hit.unwrap();
    let text = b.document(plos).unwrap().pages[page].clone();
    let extra = Coding {
        id: b.next_coding_id(),
        document: plos,
        anchor: Anchor::Text(TextAnchor::new(&text, page, start, end).unwrap()),
        construct: ConstructKey::new("societal.historical_political_context"),
        valence: Valence::Facilitator,
        comment: "Outcomes hinge on political will.".into(),
        coder: "Ben".into(),
        created: "2026-11-25T12:30:00Z".into(),
        provenance: Vec::new(),
    };
    b.apply(Edit::AddCoding(extra)).unwrap();

    let rec = reconcile(&a, &b, 0.5);
    let mut decisions = std::collections::BTreeMap::new();
    for d in &rec.disagreements {
        let (choice, comment) = match d.kind {
            DisagreementKind::OnlyA => (Choice::KeepA, "B agreed in discussion: the passage reports it."),
            DisagreementKind::OnlyB => (Choice::KeepB, "A agreed in discussion."),
            DisagreementKind::Valence => (Choice::KeepA, "Settled by the lead author."),
        };
        decisions.insert(
            d.key.clone(),
            Settled { choice, comment: comment.into(), at: "2026-11-25T14:00:00Z".into(), by: "Lead author".into() },
        );
    }
    let meta = ConsensusMeta {
        name: "Workshop pair: consensus".into(),
        coder_a: "Ama".into(),
        coder_b: "Ben".into(),
        file_a: "pair-ama.ron".into(),
        file_b: "pair-ben.ron".into(),
        reasons_required: true,
        earlier: Vec::new(),
    };
    let consensus = build_consensus(&a, &b, &rec, &decisions, &meta).unwrap();
    (a, b, consensus)
}

#[test]
fn pair_samples_are_what_their_generator_builds() {
    let workshop = persistence::load(&samples_dir().join("workshop.ron")).unwrap().project;
    let (a, b, c) = build_pair(&workshop);
    for (project, file) in [(&a, "pair-ama.ron"), (&b, "pair-ben.ron"), (&c, "pair-consensus.ron")] {
        let target = samples_dir().join(file);
        let text = to_ron(project, &target).unwrap();
        if std::env::var_os("BEFITS_REGENERATE_SAMPLES").is_some() {
            std::fs::write(&target, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&target).unwrap_or_default();
        assert!(
            committed == text,
            "sample_projects/{file} is stale: run BEFITS_REGENERATE_SAMPLES=1 cargo test samples"
        );
    }
}

#[test]
fn shipped_samples_load_with_every_passage_in_place() {
    for entry in std::fs::read_dir(samples_dir()).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = load_str(&text, &path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(loaded.moved.is_empty() && loaded.orphaned.is_empty(), "{}", path.display());
        assert!(!loaded.project.codings().is_empty(), "{} has codings", path.display());
        for d in loaded.project.documents().values() {
            if let Some(pdf) = &d.pdf {
                assert!(pdf.path.exists(), "{}: the PDF {} ships with the sample", path.display(), pdf.path.display());
                assert_eq!(sha256_hex(&std::fs::read(&pdf.path).unwrap()), d.sha256);
            }
        }
    }
}
