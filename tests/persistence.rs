//! The project file: round trips, refusals, the frozen fixtures, atomic saves.

use befits_coder::model::{
    Anchor, Coding, CodingId, ConstructKey, Document, DocumentBundle, DocumentId, Edit, PdfSource, Project, Study,
    StudyId, TextAnchor, Valence,
};
use befits_coder::persistence::{self, LoadError, list_backups, load, load_str, save};
use std::collections::BTreeMap;
use std::path::Path;

pub fn small_project(pdf_dir: &Path) -> Project {
    let mut p = Project::new("Round trip", "Ana", persistence::default_codebook().unwrap());
    let page0 = "Lay counsellors were trusted by the community.\nCaf\u{e9} talk helped.";
    let page1 = "Stigma kept families from seeking care.";
    let bundle = DocumentBundle {
        document: Document {
            id: DocumentId(1),
            title: "Article one".into(),
            study: StudyId(1),
            sha256: "ab".repeat(32),
            pdf: Some(PdfSource { path: pdf_dir.join("pdfs").join("one.pdf") }),
            pages: vec![page0.into(), page1.into()],
            fields: BTreeMap::from([("country".to_owned(), "Malawi; Ghana".to_owned())]),
            warnings: vec!["a warning".into()],
            ocr: None,
            unreadable_pages: Vec::new(),
        },
        study: Some(Study { id: StudyId(1), label: "Study one".into() }),
        codings: Vec::new(),
        imported: Vec::new(),
    };
    p.apply(Edit::AddDocument(Box::new(bundle))).unwrap();
    let codings = [
        (0, 0, 15, "intervention.tsp_role", Valence::Facilitator, "lay workers"),
        (0, 47, 56, "client.kabi", Valence::Both, "with an é"),
        (1, 0, 6, "stigma.family_community_stigma", Valence::Barrier, ""),
    ];
    for (page, start, end, key, valence, comment) in codings {
        let text = p.document(DocumentId(1)).unwrap().page(page).unwrap().to_owned();
        let coding = Coding {
            id: p.next_coding_id(),
            document: DocumentId(1),
            anchor: Anchor::Text(TextAnchor::new(&text, page, start, end).unwrap()),
            construct: ConstructKey::new(key),
            valence,
            comment: comment.into(),
            coder: "Ana".into(),
            created: "2026-11-25T10:00:00Z".into(),
            provenance: Vec::new(),
        };
        p.apply(Edit::AddCoding(coding)).unwrap();
    }
    let whole = Coding {
        id: p.next_coding_id(),
        document: DocumentId(1),
        anchor: Anchor::Document,
        construct: ConstructKey::new("mh_system.policy_finance"),
        valence: Valence::Barrier,
        comment: String::new(),
        coder: "import".into(),
        created: "2026-11-25T10:00:00Z".into(),
        provenance: Vec::new(),
    };
    p.apply(Edit::AddCoding(whole)).unwrap();
    p
}

fn same_content(a: &Project, b: &Project) {
    assert_eq!(a.name(), b.name());
    assert_eq!(a.coder(), b.coder());
    assert_eq!(a.codebook(), b.codebook());
    assert_eq!(a.studies(), b.studies());
    assert_eq!(a.documents(), b.documents());
    assert_eq!(a.codings(), b.codings());
    assert_eq!(a.next_ids(), b.next_ids());
}

#[test]
fn save_and_load_round_trip_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.ron");
    let p = small_project(dir.path());
    save(&p, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("format: \"befits-coder-project\""));
    assert!(
        text.contains("pdf: Some(\"pdfs/one.pdf\")"),
        "PDF path stored relative:\n{}",
        &text[..text.len().min(400)]
    );
    let loaded = load(&path).unwrap();
    assert!(loaded.moved.is_empty() && loaded.orphaned.is_empty());
    same_content(&p, &loaded.project);
    // Saving again keeps the previous file as a backup generation and writes identical text.
    save(&loaded.project, &path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let backups = list_backups(&path);
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read_to_string(&backups[0].path).unwrap(), text);
}

/// The pages that could not be read at import are kept with the article, and a file from
/// before they were recorded loads with none.
#[test]
fn pages_that_could_not_be_read_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.ron");
    let mut parts = small_project(dir.path()).to_parts();
    parts.documents[0].unreadable_pages = vec![1, 2];
    let p = Project::from_parts(parts).unwrap();
    save(&p, &path).unwrap();
    assert!(std::fs::read_to_string(&path).unwrap().contains("unreadable_pages: [1, 2]"));
    same_content(&p, &load(&path).unwrap().project);
    let v5 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5/project.ron");
    assert!(load(&v5).unwrap().project.documents().values().all(|d| d.unreadable_pages.is_empty()));
    // A list out of order, repeated, or naming pages the article does not have is refused
    // (the app looks pages up in it by halving).
    let pages = u32::try_from(p.document(DocumentId(1)).unwrap().pages.len()).unwrap();
    for bad in [vec![5, 2], vec![2, 2], vec![0], vec![pages + 1]] {
        let mut parts = p.to_parts();
        parts.documents[0].unreadable_pages.clone_from(&bad);
        assert!(Project::from_parts(parts).is_err(), "{bad:?} accepted");
    }
}

#[test]
fn newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.ron");
    let text = "(format: \"befits-coder-project\", version: 99, project: (something: \"new\"))\n";
    std::fs::write(&path, text).unwrap();
    match load(&path) {
        Err(LoadError::NewerVersion { found: 99, supported: persistence::CURRENT_VERSION, .. }) => {}
        other => panic!("expected NewerVersion, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let message = load(&path).unwrap_err().to_string();
    assert!(message.contains("newer") && message.ends_with("future.ron"), "{message}");
}

#[test]
fn damaged_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.ron");
    let p = small_project(dir.path());
    save(&p, &path).unwrap();
    let good = std::fs::read_to_string(&path).unwrap();
    let cut = &good[..good.len() / 2];
    std::fs::write(&path, cut).unwrap();
    assert!(matches!(load(&path), Err(LoadError::Damaged { .. })));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), cut);
}

#[test]
fn other_files_are_not_projects() {
    for text in ["hello", "(format: \"something-else\", version: 1)", ""] {
        assert!(matches!(load_str(text, Path::new("x.ron")), Err(LoadError::NotAProject { .. })), "{text}");
    }
}

#[test]
fn inconsistent_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    save(&small_project(dir.path()), &path).unwrap();
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("construct: \"intervention.tsp_role\"", "construct: \"intervention.no_such\"");
    assert!(text.contains("intervention.no_such"));
    assert!(matches!(load_str(&text, &path), Err(LoadError::Invalid { .. })));
}

#[test]
fn moved_and_orphaned_anchors_are_reported_on_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    save(&small_project(dir.path()), &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // Shift page 2's text: the stigma coding's quote moves; then lose page 1's café text.
    let shifted =
        text.replace("\"Stigma kept families", "\"Note. Stigma kept families").replace("Caf\u{e9} talk", "Coffee talk");
    let loaded = load_str(&shifted, &path).unwrap();
    assert_eq!(loaded.moved.len(), 1);
    assert_eq!(loaded.orphaned, vec![CodingId(2)]);
    let moved = loaded.project.coding(loaded.moved[0]).unwrap();
    let t = moved.anchor.as_text().unwrap();
    assert_eq!(&loaded.project.document(DocumentId(1)).unwrap().pages[1][t.start..t.end], "Stigma");
}

#[test]
fn frozen_v1_fixture_always_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1/project.ron");
    let loaded = load(&path).unwrap();
    let p = &loaded.project;
    assert_eq!(p.name(), "Round trip");
    assert_eq!(p.documents().len(), 1);
    assert_eq!(p.codings().len(), 4);
    assert!(loaded.orphaned.is_empty() && loaded.moved.is_empty());
    let c = p.coding(CodingId(1)).unwrap();
    assert_eq!(c.construct.as_str(), "intervention.tsp_role");
    assert_eq!(c.valence, Valence::Facilitator);
    assert_eq!(c.anchor.as_text().unwrap().quote, "Lay counsellors");
}

/// The small project plus what format 2 added: a codebook history entry, a consensus
/// coding with provenance, and a reconciliation record.
fn small_project_v2(dir: &Path) -> Project {
    use befits_coder::model::{Choice, CodebookChange, CodingRef, Decision, ProjectParts, Reconciliation};
    let p = small_project(dir);
    let mut parts: ProjectParts = p.to_parts();
    parts.codebook_history = vec![CodebookChange::Renamed {
        key: ConstructKey::new("client.kabi"),
        from: "KABI".into(),
        to: "Knowledge, attitudes, beliefs, behaviors & intentions (KABI)".into(),
        at: "2026-11-25T11:00:00Z".into(),
    }];
    parts.codings[0].provenance = vec!["Ana".into(), "Ben".into()];
    parts.reconciliation = Some(Reconciliation {
        coder_a: "Ana".into(),
        coder_b: "Ben".into(),
        file_a: "ana.ron".into(),
        file_b: "ben.ron".into(),
        decisions: vec![Decision {
            document: "ab".repeat(32),
            a: None,
            b: Some(CodingRef {
                anchor: Anchor::Document,
                construct: ConstructKey::new("client.kabi"),
                valence: Valence::Barrier,
            }),
            choice: Choice::KeepNeither,
            comment: "not in the text".into(),
            at: "2026-11-25T12:00:00Z".into(),
            by: "Lead".into(),
            result: None,
        }],
        reasons_required: true,
    });
    Project::from_parts(parts).unwrap()
}

#[test]
fn frozen_v2_fixture_always_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v2/project.ron");
    let loaded = load(&path).unwrap();
    let p = &loaded.project;
    assert_eq!(p.codings().len(), 4);
    assert_eq!(p.coding(CodingId(1)).unwrap().provenance, vec!["Ana".to_owned(), "Ben".to_owned()]);
    assert_eq!(p.codebook_history().len(), 1);
    let r = p.reconciliation().unwrap();
    assert_eq!((r.coder_a.as_str(), r.decisions.len()), ("Ana", 1));
}

#[test]
fn frozen_v3_fixture_always_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3/project.ron");
    let loaded = load(&path).unwrap();
    let r = loaded.project.reconciliation().unwrap();
    assert_eq!((r.decisions[0].by.as_str(), r.reasons_required), ("Lead", true));
    assert_eq!(loaded.project.codings().len(), 4);
}

/// The format 2 and 3 project plus what format 4 added: a page whose text came from OCR.
fn small_project_v4(dir: &Path) -> Project {
    let mut parts = small_project_v2(dir).to_parts();
    parts.documents[0].ocr = Some(befits_coder::model::OcrText { language: "eng".into(), pages: vec![2] });
    Project::from_parts(parts).unwrap()
}

#[test]
fn frozen_v4_fixture_always_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v4/project.ron");
    let loaded = load(&path).unwrap();
    let doc = loaded.project.document(DocumentId(1)).unwrap();
    assert_eq!(doc.ocr_note().as_deref(), Some("text from OCR (eng, page 2)"));
    assert!(doc.is_ocr_page(1) && !doc.is_ocr_page(0));
    assert_eq!(loaded.project.codings().len(), 4);
    assert_eq!(loaded.project.reconciliation().unwrap().decisions[0].by, "Lead");
}

/// The format 4 project plus what format 5 added: a code imported from another tool (in a
/// tree of two) and a passage coded with it.
fn small_project_v5(dir: &Path) -> Project {
    use befits_coder::model::{ImportedCode, ImportedCoding, ImportedCodingId};
    let mut parts = small_project_v4(dir).to_parts();
    let code = |key: &str, name: &str, parent: Option<&str>, guid: &str| ImportedCode {
        key: key.into(),
        name: name.into(),
        parent: parent.map(str::to_owned),
        color: Some("#46AA00".into()),
        description: format!("{name}, as NVivo defined it"),
        codable: parent.is_some(),
        origin: "NVivo for Windows 12.6".into(),
        guid: guid.into(),
        sets: vec!["Round one".into()],
    };
    parts.codebook.imported = vec![
        code("imported.perceived_risk-3c51efbb", "Perceived risk", None, "3c51efbb-071f-43a7-9f32-228b89668e8d"),
        code(
            "imported.low_risk-8baf0c83",
            "Low risk",
            Some("imported.perceived_risk-3c51efbb"),
            "8baf0c83-56c4-4dc8-9e5b-cf6d6073bdb5",
        ),
    ];
    let page = parts.documents[0].pages[1].clone();
    parts.imported = vec![ImportedCoding {
        id: ImportedCodingId(1),
        document: DocumentId(1),
        anchor: Anchor::Text(TextAnchor::new(&page, 1, 0, 6).unwrap()),
        code: "imported.low_risk-8baf0c83".into(),
        comment: "a memo from NVivo".into(),
        coder: "Gergo".into(),
        created: "2025-06-11T16:31:16Z".into(),
    }];
    Project::from_parts(parts).unwrap()
}

#[test]
fn frozen_v5_fixture_always_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5/project.ron");
    let p = load(&path).unwrap().project;
    assert_eq!(p.codebook().imported.len(), 2);
    assert_eq!(p.codebook().imported_path("imported.low_risk-8baf0c83"), "Perceived risk > Low risk");
    let m = p.imported_codings().values().next().unwrap();
    assert_eq!((m.anchor.as_text().unwrap().quote.as_str(), m.comment.as_str()), ("Stigma", "a memo from NVivo"));
    assert_eq!(p.codings().len(), 4);
    assert!(p.document(DocumentId(1)).unwrap().is_ocr_page(1));
}

#[test]
fn version_4_files_upgrade_with_no_imported_codes() {
    let v4 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v4/project.ron");
    let p = load(&v4).unwrap().project;
    assert!(p.codebook().imported.is_empty() && p.imported_codings().is_empty());
    let v5 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5/project.ron");
    let q = load(&v5).unwrap().project;
    assert_eq!(p.codings(), q.codings());
    assert_eq!(p.reconciliation(), q.reconciliation());
    let docs = |p: &Project| p.documents().values().map(|d| Document { pdf: None, ..d.clone() }).collect::<Vec<_>>();
    assert_eq!(docs(&p), docs(&q));
}

#[test]
fn imported_codes_and_their_passages_round_trip_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = small_project_v5(dir.path());
    let path = dir.path().join("v5.ron");
    save(&p, &path).unwrap();
    assert_eq!(load(&path).unwrap().project.imported_codings(), p.imported_codings());
    // Removing the document takes its imported passages; undo brings them back.
    let inverse = p.apply(Edit::RemoveDocument(DocumentId(1))).unwrap();
    assert!(p.imported_codings().is_empty());
    p.apply(inverse).unwrap();
    assert_eq!(p.imported_codings().len(), 1);
    // A passage of an unknown imported code is refused.
    let mut bad = p.imported_codings().values().next().unwrap().clone();
    bad.id = p.next_imported_id();
    bad.code = "imported.nothing-00000000".into();
    assert!(p.apply(Edit::AddImportedCoding(bad)).is_err());
}

#[test]
fn version_3_files_upgrade_with_no_page_from_ocr() {
    let v3 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v3/project.ron");
    let p = load(&v3).unwrap().project;
    assert!(p.documents().values().all(|d| d.ocr.is_none()));
    // Everything else comes through: the upgraded project is the v3 fixture's.
    let v4 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v4/project.ron");
    let q = load(&v4).unwrap().project;
    let without_ocr = |d: &Document| Document { ocr: None, pdf: None, ..d.clone() };
    assert_eq!(p.codings(), q.codings());
    assert_eq!(p.reconciliation(), q.reconciliation());
    assert_eq!(p.codebook_history(), q.codebook_history());
    let docs = |p: &Project| p.documents().values().map(without_ocr).collect::<Vec<_>>();
    assert_eq!(docs(&p), docs(&q));
}

#[test]
fn version_2_files_upgrade_with_who_decided_left_empty() {
    let v2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v2/project.ron");
    let r = load(&v2).unwrap().project.reconciliation().unwrap().clone();
    assert!(r.decisions.iter().all(|d| d.by.is_empty() && d.result.is_none()));
    assert!(!r.reasons_required);
}

#[test]
fn version_1_files_migrate_to_the_current_format() {
    let v1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1/project.ron");
    let loaded = load(&v1).unwrap().project;
    assert!(loaded.codings().values().all(|c| c.provenance.is_empty()));
    assert!(loaded.codebook_history().is_empty() && loaded.reconciliation().is_none());
    // Saved again, it is written in the current version and reads back the same.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("migrated.ron");
    save(&loaded, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(&format!("version: {}", persistence::CURRENT_VERSION)));
    assert_eq!(load(&path).unwrap().project.codings(), loaded.codings());
}

/// Writes the fixture of the current format version. Run once when a version is released;
/// the fixtures are never rewritten (the tests above guard them).
#[test]
#[ignore = "writes tests/fixtures/v<current>/project.ron; only for creating a frozen fixture"]
fn write_current_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/v{}", persistence::CURRENT_VERSION));
    std::fs::create_dir_all(&dir).unwrap();
    save(&small_project_v5(&dir), &dir.join("project.ron")).unwrap();
}

#[test]
fn a_failed_save_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let p = small_project(dir.path());
    save(&p, &path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    // Block the backup: a file where the backups folder should go (works even as root).
    std::fs::write(persistence::backup_dir(&path), "not a folder").unwrap();
    let mut changed = p.clone();
    changed.apply(Edit::SetProjectInfo { name: "Changed".into(), coder: "Ana".into() }).unwrap();
    let result = save(&changed, &path);
    assert!(matches!(result, Err(persistence::SaveError::Backup { .. })), "{result:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0, "no temporary file is left behind");
}
