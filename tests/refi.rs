//! REFI-QDA exchange against files real tools wrote (../shared/interop) and the project's
//! own samples: every selection placed on the words the other tool highlighted, every
//! coding back after export and import, and after a pass through QualCoder's import rules.

use befits_coder::model::{Anchor, Project};
use befits_coder::persistence::{
    self, BuildInput, Counting, ForeignCode, MapFile, Place, RefiPackage, SourceKind, auto_map, build_project,
    code_path, export_qdpx, import_qdc, import_qdpx, read_package,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn interop(name: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/interop").join(name);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is absent", p.display());
        None
    }
}

fn sample(name: &str) -> Project {
    persistence::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects").join(name)).unwrap().project
}

/// What NVivo highlighted, computed independently of the importer: UTF-16 code units of the
/// text file after its BOM, CRLF as two.
fn nvivo_words(text: &str, start: i64, end: i64) -> String {
    let units: Vec<u16> = text.trim_start_matches('\u{FEFF}').encode_utf16().collect();
    String::from_utf16_lossy(&units[usize::try_from(start).unwrap()..usize::try_from(end).unwrap()])
}

fn squash(s: &str) -> String {
    befits_coder::model::text::normalize(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every passage of a project: document, quote, code (construct/valence or imported path),
/// comment, coder; sorted.
fn passages(p: &Project) -> Vec<(String, String, String, String, String)> {
    let quote = |a: &Anchor| a.as_text().map_or_else(|| "<document>".to_owned(), |t| t.quote.clone());
    let title = |d| p.document(d).map(|d| d.title.clone()).unwrap_or_default();
    let mut out: Vec<_> = p
        .codings()
        .values()
        .map(|c| {
            (
                title(c.document),
                quote(&c.anchor),
                format!("{}/{}", c.construct, c.valence),
                c.comment.clone(),
                c.coder.clone(),
            )
        })
        .chain(p.imported_codings().values().map(|m| {
            (
                title(m.document),
                quote(&m.anchor),
                p.codebook().imported_path(&m.code),
                m.comment.clone(),
                m.coder.clone(),
            )
        }))
        .collect();
    out.sort();
    out
}

fn check_nvivo(name: &str, codes: usize, selections: usize) {
    let Some(path) = interop(name) else { return };
    let bytes = std::fs::read(path).unwrap();
    let package = read_package(&bytes, persistence::ArchiveLimits::default()).unwrap();
    assert_eq!(package.codes.len(), codes, "{name}: the whole code tree");
    assert!(package.codes.iter().any(|c| c.parent.is_some_and(|p| package.codes[p].parent.is_some())), "deep codes");
    let total: usize = package.sources.iter().map(|s| s.selections.len()).sum();
    assert_eq!(total, selections, "{name}");
    let cb = persistence::default_codebook().unwrap();
    let (project, report) = import_qdpx(&bytes, &cb, "lead").unwrap();
    assert!(report.unplaced.is_empty(), "{name}: {:?}", report.unplaced);
    assert!(report.countings.iter().all(|(_, c)| c.utf16 && !c.bom_counted), "{name}: {:?}", report.countings);
    // Each selection, on the words NVivo highlighted.
    let mut checked = 0;
    for (source, doc) in package.sources.iter().zip(project.documents().values()) {
        let text = source.text.as_deref().unwrap();
        let ours: Vec<String> =
            project.imported_of(doc.id).map(|m| m.anchor.as_text().unwrap().quote.clone()).collect();
        for sel in &source.selections {
            let Place::Text { start, end } = sel.place else { panic!("text source") };
            let words = squash(&nvivo_words(text, start, end));
            assert!(ours.iter().any(|q| squash(q) == words), "{name}: {start}-{end} “{words}” not placed");
            checked += 1;
        }
    }
    assert_eq!(checked, selections);
    // Nothing lost: every coding is a passage of an imported code (none maps to a construct).
    let distinct: std::collections::BTreeSet<_> = package
        .sources
        .iter()
        .flat_map(|s| {
            s.selections.iter().map(move |sel| (s.guid.clone(), format!("{:?}", sel.place), sel.codings[0].code))
        })
        .collect();
    assert_eq!(project.imported_codings().len(), distinct.len(), "{name}: one passage per code and place");
    assert_eq!(project.codings().len(), 0);
    assert_eq!(project.codebook().imported.len(), codes, "{name}: every code kept with its tree");
    let deep = project.codebook().imported.iter().find(|c| {
        c.parent.as_ref().is_some_and(|p| project.codebook().imported_code(p).is_some_and(|p| p.parent.is_some()))
    });
    assert!(deep.is_some(), "{name}: the hierarchy is kept");
    // The tallies see constructs only.
    let t = befits_coder::analysis::tallies(&project, befits_coder::analysis::Level::Article);
    assert!(t.rows.iter().all(|r| r.counts.total() == 0));
    assert_eq!(t.rows.len(), project.codebook().constructs.len());
}

#[test]
fn nvivo_for_windows_selections_land_on_the_words_nvivo_highlighted() {
    check_nvivo("nvivo-win-12.6-oltas.qdpx", 60, 97);
}

#[test]
fn nvivo_for_mac_selections_land_on_the_words_nvivo_highlighted() {
    check_nvivo("nvivo-mac-12.7-oltas.qdpx", 152, 297);
}

#[test]
fn codebooks_of_atlas_ti_and_taguette_become_imported_codes_to_map() {
    let cb = persistence::default_codebook().unwrap();
    if let Some(p) = interop("atlasti-23.4-codebook.qdc") {
        let text = std::fs::read_to_string(p).unwrap();
        let back = import_qdc(&text, &cb).unwrap();
        assert_eq!(back.constructs, cb.constructs, "the framework is untouched");
        assert_eq!(back.imported.len(), 1);
        assert!(!back.imported[0].sets.is_empty(), "its set is kept: {:?}", back.imported[0]);
        assert_eq!(import_qdc(&text, &back).unwrap(), back, "importing twice adds nothing");
    }
    if let Some(p) = interop("taguette-1.5.2-codebook.qdc") {
        let back = import_qdc(&std::fs::read_to_string(p).unwrap(), &cb).unwrap();
        assert_eq!(back.imported.len(), 3);
        assert!(back.imported.iter().all(|c| c.parent.is_none() && c.codable));
    }
}

#[test]
fn codebooks_of_atlas_ti_and_taguette_survive_export_and_import() {
    let cb = persistence::default_codebook().unwrap();
    for name in ["atlasti-23.4-codebook.qdc", "taguette-1.5.2-codebook.qdc"] {
        let Some(p) = interop(name) else { continue };
        let first = import_qdc(&std::fs::read_to_string(p).unwrap(), &cb).unwrap();
        let written = befits_coder::persistence::codebook_qdc(&first).unwrap();
        // Into a fresh codebook: the imported codes come back by themselves, one by one.
        let second = import_qdc(&written, &cb).unwrap();
        assert_eq!(second.constructs, first.constructs, "{name}");
        assert_eq!(second.imported.len(), first.imported.len(), "{name}");
        for (a, b) in first.imported.iter().zip(&second.imported) {
            assert_eq!(
                (&a.name, &a.description, a.codable, &a.sets),
                (&b.name, &b.description, b.codable, &b.sets),
                "{name}"
            );
            assert_eq!(first.imported_path(&a.key), second.imported_path(&b.key), "{name}");
        }
    }
}

fn round_trip(project: &Project, codebook: &befits_coder::model::Codebook) -> Project {
    let bytes = export_qdpx(project, "2026-01-01T00:00:00Z").unwrap();
    let (back, report) = import_qdpx(&bytes, codebook, "importer").unwrap();
    assert!(report.unplaced.is_empty(), "{:?}", report.unplaced);
    back
}

#[test]
fn nvivo_projects_survive_import_export_import_passage_by_passage() {
    let cb = persistence::default_codebook().unwrap();
    for name in ["nvivo-win-12.6-oltas.qdpx", "nvivo-mac-12.7-oltas.qdpx"] {
        let Some(path) = interop(name) else { continue };
        let (first, _) = import_qdpx(&std::fs::read(path).unwrap(), &cb, "lead").unwrap();
        let second = round_trip(&first, &cb);
        assert_eq!(passages(&second), passages(&first), "{name}");
        assert_eq!(second.codebook().imported.len(), first.codebook().imported.len());
        for (a, b) in first.codebook().imported.iter().zip(&second.codebook().imported) {
            assert_eq!((&a.name, &a.description, a.codable), (&b.name, &b.description, b.codable));
            assert!(a.color.is_none() || a.color == b.color, "a colour is kept; one is given where there was none");
            assert_eq!(first.codebook().imported_path(&a.key), second.codebook().imported_path(&b.key));
        }
    }
}

#[test]
fn own_samples_survive_export_and_import_coding_by_coding() {
    let cb = persistence::default_codebook().unwrap();
    for name in ["workshop.ron", "befits-mh-review.ron", "pair-consensus.ron"] {
        let original = sample(name);
        let back = round_trip(&original, &cb);
        assert_eq!(passages(&back), passages(&original), "{name}");
        assert_eq!(back.studies().len(), original.studies().len(), "{name}: studies as cases");
        for (d, e) in original.documents().values().zip(back.documents().values()) {
            assert_eq!(d.pages, e.pages);
            assert_eq!(d.fields, e.fields);
        }
    }
}

/// QualCoder's import rules, as its refi.py applies them, then its export: codes by unique
/// name (a second code of the same name is refused, with its codings); grouping codes
/// (`isCodable="false"`) become categories, which hold no codings; a selection's
/// `<Description>` is the coding memo, its notes are not; positions are code points; every
/// code and selection gets a new GUID on the way out.
// Built as QualCoder's refi.py builds its XML: by appending formatted strings.
#[allow(clippy::format_push_string, clippy::items_after_statements, clippy::similar_names, clippy::format_collect)]
fn through_qualcoder(qdpx: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let package = read_package(qdpx, persistence::ArchiveLimits::default()).unwrap();
    let mut names = std::collections::BTreeSet::new();
    let accepted: Vec<bool> = package.codes.iter().map(|c| names.insert(c.name.clone())).collect();
    assert!(accepted.iter().all(|a| *a), "QualCoder needs unique code names");
    let new_guid = |old: &str| persistence::guid("qualcoder", old);
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    fn codes_xml(
        codes: &[ForeignCode],
        parent: Option<usize>,
        out: &mut String,
        g: &dyn Fn(&str) -> String,
        esc: &dyn Fn(&str) -> String,
    ) {
        for (i, c) in codes.iter().enumerate().filter(|(_, c)| c.parent == parent) {
            out.push_str(&format!(
                "<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\" color=\"{}\"><Description>{}</Description>",
                g(&c.guid),
                esc(&c.name),
                c.codable,
                c.color.as_deref().unwrap_or("#777777"),
                esc(&c.description)
            ));
            codes_xml(codes, Some(i), out, g, esc);
            out.push_str("</Code>");
        }
    }
    let mut codes = String::new();
    codes_xml(&package.codes, None, &mut codes, &new_guid, &esc);
    let coders: std::collections::BTreeSet<String> = package
        .sources
        .iter()
        .flat_map(|s| &s.selections)
        .flat_map(|s| s.codings.iter().map(|c| c.coder.clone()))
        .collect();
    let users: String =
        coders.iter().map(|u| format!("<User guid=\"{}\" name=\"{}\"/>", new_guid(u), esc(u))).collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut sources = String::new();
    for (n, s) in package.sources.iter().enumerate() {
        let text = s.text.clone().unwrap();
        let mut sels = String::new();
        for sel in &s.selections {
            // The memo QualCoder keeps: the description, which this app writes as the comment.
            for c in &sel.codings {
                assert!(package.codes[c.code].codable, "a coding on a category is lost in QualCoder");
                let memo = if sel.memo.is_empty() {
                    String::new()
                } else {
                    format!("<Description>{}</Description>", esc(&sel.memo))
                };
                let user = new_guid(&c.coder);
                let coding = format!(
                    "<Coding guid=\"{}\" creatingUser=\"{user}\"><CodeRef targetGUID=\"{}\"/></Coding>",
                    new_guid(&c.guid),
                    new_guid(&package.codes[c.code].guid)
                );
                match &sel.place {
                    Place::Text { start, end } => {
                        let seltext: String = text
                            .chars()
                            .skip(usize::try_from(*start).unwrap())
                            .take(usize::try_from(end - start).unwrap())
                            .collect();
                        sels.push_str(&format!(
                            "<PlainTextSelection guid=\"{}\" startPosition=\"{start}\" endPosition=\"{end}\" name=\"{}\" creatingUser=\"{user}\">{memo}{coding}</PlainTextSelection>",
                            new_guid(&sel.guid), esc(&seltext)
                        ));
                    }
                    Place::Pdf { .. } => {} // written below, after the representation
                }
            }
        }
        let mut areas = String::new();
        for sel in &s.selections {
            if let Place::Pdf { page, rect } = &sel.place {
                for c in &sel.codings {
                    areas.push_str(&format!(
                        "<PDFSelection guid=\"{}\" page=\"{page}\" firstX=\"{}\" firstY=\"{}\" secondX=\"{}\" secondY=\"{}\" name=\"{}\" creatingUser=\"{}\"><Description>{}</Description><Coding guid=\"{}\"><CodeRef targetGUID=\"{}\"/></Coding></PDFSelection>",
                        new_guid(&sel.guid), rect[0], rect[1], rect[2], rect[3], esc(&sel.memo), new_guid(&c.coder), esc(&sel.memo), new_guid(&c.guid), new_guid(&package.codes[c.code].guid)
                    ));
                }
            }
        }
        zip.start_file(format!("sources/t{n}.txt"), opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
        if let (SourceKind::Pdf, Some(pdf)) = (s.kind, &s.pdf) {
            zip.start_file(format!("sources/p{n}.pdf"), opts).unwrap();
            zip.write_all(pdf).unwrap();
            sources.push_str(&format!(
                "<PDFSource guid=\"{}\" name=\"{}\" path=\"internal://p{n}.pdf\">{areas}<Representation guid=\"{}\" plainTextPath=\"internal://t{n}.txt\">{sels}</Representation></PDFSource>",
                new_guid(&s.guid), esc(&s.name), new_guid(&format!("rep{n}"))
            ));
        } else {
            sources.push_str(&format!(
                "<TextSource guid=\"{}\" name=\"{}\" plainTextPath=\"internal://t{n}.txt\">{sels}</TextSource>",
                new_guid(&s.guid),
                esc(&s.name)
            ));
        }
    }
    let qde = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"{}\" origin=\"QualCoder 3.6\"><Users>{users}</Users><CodeBook><Codes>{codes}</Codes></CodeBook><Sources>{sources}</Sources></Project>",
        esc(&package.name)
    );
    zip.start_file("project.qde", opts).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn export_then_qualcoder_then_import_gives_back_every_coding_with_its_comment() {
    let cb = persistence::default_codebook().unwrap();
    for name in ["workshop.ron", "befits-mh-review.ron"] {
        let original = sample(name);
        let exported = export_qdpx(&original, "2026-01-01T00:00:00Z").unwrap();
        let (back, report) = import_qdpx(&through_qualcoder(&exported), &cb, "importer").unwrap();
        assert!(report.unplaced.is_empty(), "{name}: {:?}", report.unplaced);
        assert_eq!(passages(&back), passages(&original), "{name}");
    }
}

#[test]
fn export_names_every_code_once_and_colours_every_code() {
    let p = sample("befits-mh-review.ron");
    let bytes = export_qdpx(&p, "2026-01-01T00:00:00Z").unwrap();
    let package = read_package(&bytes, persistence::ArchiveLimits::default()).unwrap();
    let mut names = std::collections::BTreeSet::new();
    for c in &package.codes {
        assert!(names.insert(c.name.to_lowercase()), "twice: {}", c.name);
        assert!(c.color.is_some(), "no colour: {}", c.name);
    }
    // A construct label in two domains is qualified by its domain.
    let labels: Vec<&str> = p.codebook().constructs.iter().map(|c| c.label.as_str()).collect();
    let twice = labels.iter().find(|l| labels.iter().filter(|m| m == l).count() > 1);
    if let Some(label) = twice {
        assert!(package.codes.iter().any(|c| c.name.starts_with(&format!("{label} ("))), "{label}");
    }
    // One codable code per construct x valence, each selection one of them.
    let sels: usize = package.sources.iter().map(|s| s.selections.len()).sum();
    assert_eq!(sels, p.codings().len());
    assert!(package.sources.iter().flat_map(|s| &s.selections).all(|s| s.codings.len() == 1));
}

#[test]
fn the_way_positions_are_counted_is_decided_per_file() {
    // A QualCoder-like file over a text with CRLF and an emoji counts code points.
    let text = "Intro 😀 line\r\nStigma reduction works\r\nend";
    let start = i64::try_from(text.chars().position(|c| c == 'S').unwrap()).unwrap();
    let package = RefiPackage {
        origin: "QualCoder".into(),
        codes: vec![ForeignCode {
            guid: "c".into(),
            name: "Stigma".into(),
            parent: None,
            color: None,
            description: String::new(),
            codable: true,
            sets: vec![],
            uses: 1,
        }],
        sources: vec![persistence::ForeignSource {
            guid: "s".into(),
            name: "Interview".into(),
            kind: SourceKind::Text,
            text: Some(text.into()),
            pdf: None,
            problem: None,
            selections: vec![persistence::ForeignSelection {
                guid: "x".into(),
                place: Place::Text { start, end: start + 16 },
                said_text: String::new(),
                codings: vec![persistence::ForeignCoding {
                    code: 0,
                    guid: "g".into(),
                    coder: "Ana".into(),
                    created: String::new(),
                }],
                memo: "a memo".into(),
                coder: String::new(),
                created: String::new(),
                unknown_codes: 0,
            }],
            fields: BTreeMap::new(),
        }],
        ..RefiPackage::default()
    };
    let cb = persistence::default_codebook().unwrap();
    let map = auto_map(&package, &cb, None, &MapFile::default());
    let (p, report) =
        build_project(&BuildInput { package: &package, map: &map, codebook: &cb, coder: "", pdfs: &BTreeMap::new() })
            .unwrap();
    assert_eq!(report.countings[0].1, Counting::CODE_POINTS);
    let m = p.imported_codings().values().next().unwrap();
    assert_eq!(m.anchor.as_text().unwrap().quote, "Stigma reduction");
    assert_eq!((m.comment.as_str(), m.coder.as_str()), ("a memo", "Ana"));
    assert_eq!(code_path(&package.codes, 0), "Stigma");
}

/// Reads the PDFs of a package as the app does (in the worker), into a temporary store.
fn read_pdfs(package: &mut RefiPackage, store: &Path) -> BTreeMap<usize, persistence::ExtractedPdf> {
    befits_coder::interop::read_package_pdfs(package, &crate::support::exe(), store, &|_, _| {}, &|| false).unwrap()
}

#[test]
fn pdf_areas_go_out_beside_the_text_and_come_back_as_one_coding() {
    let original = sample("workshop.ron");
    let geometry =
        befits_coder::interop::export_geometry(&original, &crate::support::exe(), &|_, _| {}, &|| false).unwrap();
    assert_eq!(geometry.len(), original.documents().len(), "both sample PDFs read");
    let (bytes, notes) = persistence::export_qdpx_with(&original, "2026-01-01T00:00:00Z", &geometry).unwrap();
    let text_codings = original.codings().values().filter(|c| c.anchor.as_text().is_some()).count();
    assert_eq!(notes.areas, text_codings, "an area for every passage");
    assert!(notes.left_out.is_empty(), "{:?}", notes.left_out);
    let cb = persistence::default_codebook().unwrap();
    let store = tempfile::tempdir().unwrap();
    for (what, file) in [("own export", bytes.clone()), ("through QualCoder", through_qualcoder(&bytes))] {
        let mut package = read_package(&file, persistence::ArchiveLimits::default()).unwrap();
        let areas =
            package.sources.iter().flat_map(|s| &s.selections).filter(|s| matches!(s.place, Place::Pdf { .. })).count();
        assert_eq!(areas, text_codings, "{what}");
        let pdfs = read_pdfs(&mut package, store.path());
        assert_eq!(pdfs.len(), 2, "{what}");
        let map = auto_map(&package, &cb, None, &MapFile::default());
        let (back, report) =
            build_project(&BuildInput { package: &package, map: &map, codebook: &cb, coder: "x", pdfs: &pdfs })
                .unwrap();
        assert!(report.unplaced.is_empty(), "{what}: {:?}", report.unplaced);
        assert_eq!(report.duplicates, text_codings, "{what}: every area merged with its text");
        assert_eq!(passages(&back), passages(&original), "{what}");
        assert!(back.documents().values().all(|d| d.pdf.as_ref().is_some_and(|p| p.path.exists())), "PDFs kept");
    }
}

#[test]
fn an_area_alone_is_placed_on_the_glyphs_inside_it() {
    let original = sample("workshop.ron");
    let geometry =
        befits_coder::interop::export_geometry(&original, &crate::support::exe(), &|_, _| {}, &|| false).unwrap();
    let (bytes, _) = persistence::export_qdpx_with(&original, "2026-01-01T00:00:00Z", &geometry).unwrap();
    let mut package = read_package(&bytes, persistence::ArchiveLimits::default()).unwrap();
    // Keep only the areas, as a tool that codes PDF regions writes them.
    for s in &mut package.sources {
        s.selections.retain(|sel| matches!(sel.place, Place::Pdf { .. }));
    }
    let store = tempfile::tempdir().unwrap();
    let pdfs = read_pdfs(&mut package, store.path());
    let cb = persistence::default_codebook().unwrap();
    let map = auto_map(&package, &cb, None, &MapFile::default());
    let (back, report) =
        build_project(&BuildInput { package: &package, map: &map, codebook: &cb, coder: "x", pdfs: &pdfs }).unwrap();
    assert!(report.unplaced.is_empty(), "{:?}", report.unplaced);
    // Every area holds its passage (a box of several lines may hold a little more).
    for c in original.codings().values().filter(|c| c.anchor.as_text().is_some()) {
        let quote = squash(&c.anchor.as_text().unwrap().quote);
        assert!(
            back.codings().values().any(|b| b.construct == c.construct
                && b.valence == c.valence
                && squash(&b.anchor.as_text().unwrap().quote).contains(&quote)),
            "{quote}"
        );
    }
}
