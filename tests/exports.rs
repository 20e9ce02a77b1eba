//! Exports: REFI-QDA against its schema and back, the coded-text report, the figures.

use befits_coder::analysis::Level;
use befits_coder::export::{ExportFormat, export_bytes};
use befits_coder::model::Project;
use befits_coder::persistence::{self, import_qdc, import_qdpx, load};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> Project {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects").join(name)).unwrap().project
}

fn schema() -> Option<PathBuf> {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/refi-qda/Project.xsd");
    if !xsd.exists() {
        eprintln!("skipped: {} is absent", xsd.display());
        return None;
    }
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("skipped: xmllint is not installed (scripts/install-system-deps.sh --dev)");
        return None;
    }
    Some(xsd)
}

fn project_qde(qdpx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).unwrap();
    let mut text = String::new();
    archive.by_name("project.qde").unwrap().read_to_string(&mut text).unwrap();
    text
}

#[test]
fn qdpx_validates_against_the_refi_qda_schema() {
    let Some(xsd) = schema() else { return };
    let dir = tempfile::tempdir().unwrap();
    for name in ["workshop.ron", "befits-mh-review.ron", "pair-consensus.ron"] {
        let bytes = export_bytes(&sample(name), ExportFormat::Qdpx, Level::Study).unwrap();
        let qde = dir.path().join("project.qde");
        std::fs::write(&qde, project_qde(&bytes)).unwrap();
        let out = Command::new("xmllint").args(["--noout", "--schema"]).arg(&xsd).arg(&qde).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // With PDF areas, and with imported codes (an NVivo project imported, then exported).
    let p = sample("workshop.ron");
    let geometry = befits_coder::interop::export_geometry(&p, &crate::support::exe(), &|_, _| {}, &|| false).unwrap();
    let (bytes, notes) = persistence::export_qdpx_with(&p, "2026-01-01T00:00:00Z", &geometry).unwrap();
    assert!(notes.areas > 0);
    let mut files = vec![("areas", bytes)];
    let nvivo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/interop/nvivo-win-12.6-oltas.qdpx");
    if nvivo.exists() {
        let cb = persistence::default_codebook().unwrap();
        let (imported, _) = import_qdpx(&std::fs::read(&nvivo).unwrap(), &cb, "lead").unwrap();
        files.push(("imported codes", persistence::export_qdpx(&imported, "2026-01-01T00:00:00Z").unwrap()));
    }
    for (what, bytes) in files {
        let qde = dir.path().join("project.qde");
        std::fs::write(&qde, project_qde(&bytes)).unwrap();
        let out = Command::new("xmllint").args(["--noout", "--schema"]).arg(&xsd).arg(&qde).output().unwrap();
        assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn qdpx_contains_sources_codes_cases_and_notes() {
    let bytes = export_bytes(&sample("workshop.ron"), ExportFormat::Qdpx, Level::Study).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).unwrap();
    let names: Vec<String> =
        (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned()).collect();
    assert_eq!(names.iter().filter(|n| Path::new(n).extension().is_some_and(|e| e == "pdf")).count(), 2, "{names:?}");
    assert_eq!(names.iter().filter(|n| Path::new(n).extension().is_some_and(|e| e == "txt")).count(), 2);
    let qde = project_qde(&bytes);
    assert!(qde.contains("<PDFSource") && qde.contains("<Representation") && qde.contains("<PlainTextSelection"));
    assert!(qde.contains("name=\"VII. Intervention characteristics\"") && qde.contains("[Barrier]\""));
    assert!(qde.contains("<Case ") && qde.contains("<Note "));
    // GUIDs derive from keys: the same construct has the same GUID in every export.
    let g = persistence::guid("construct", "intervention.tsp_role");
    assert!(
        project_qde(&export_bytes(&sample("befits-mh-review.ron"), ExportFormat::Qdpx, Level::Study).unwrap())
            .contains(&g)
    );
}

#[test]
fn qdpx_import_gives_back_the_same_codings() {
    for name in ["workshop.ron", "befits-mh-review.ron"] {
        let original = sample(name);
        let bytes = export_bytes(&original, ExportFormat::Qdpx, Level::Study).unwrap();
        let (back, report) = import_qdpx(&bytes, &persistence::default_codebook().unwrap(), "importer").unwrap();
        assert!(report.unplaced.is_empty(), "{name}: {:?}", report.unplaced);
        assert_eq!(back.documents().len(), original.documents().len());
        assert_eq!(back.studies().len(), original.studies().len(), "{name}: studies as cases");
        let key = |p: &Project, c: &befits_coder::model::Coding| {
            let doc = p.document(c.document).unwrap();
            (
                doc.title.clone(),
                format!("{:?}", c.anchor),
                c.construct.clone(),
                c.valence,
                c.comment.clone(),
                c.coder.clone(),
            )
        };
        let mut a: Vec<_> = original.codings().values().map(|c| key(&original, c)).collect();
        let mut b: Vec<_> = back.codings().values().map(|c| key(&back, c)).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{name}: same codings");
        for (d, e) in original.documents().values().zip(back.documents().values()) {
            assert_eq!(d.pages, e.pages);
            assert_eq!(d.fields, e.fields);
        }
        assert_eq!(back.codebook(), original.codebook());
    }
}

#[test]
fn codebook_qdc_and_csv_round_trip() {
    let cb = persistence::default_codebook().unwrap();
    let qdc =
        String::from_utf8(export_bytes(&sample("workshop.ron"), ExportFormat::Qdc, Level::Study).unwrap()).unwrap();
    assert!(qdc.contains("urn:QDA-XML:codebook:1.0"));
    let mut base = cb.clone();
    base.constructs.truncate(10);
    assert_eq!(import_qdc(&qdc, &base).unwrap(), cb, "missing constructs come back with their keys");
}

#[test]
fn coded_text_report_lists_every_coding_once_in_codebook_order() {
    let p = sample("befits-mh-review.ron");
    let html = String::from_utf8(export_bytes(&p, ExportFormat::ReportHtml, Level::Study).unwrap()).unwrap();
    let mut ids: Vec<&str> = html
        .match_indices("data-coding=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(ids.len(), p.codings().len(), "every coding appears");
    let order: Vec<(usize, usize)> = ids
        .iter()
        .map(|id| {
            let c = p.codings().values().find(|c| c.id.to_string() == *id).unwrap();
            p.codebook().order_of(&c.construct).unwrap()
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "codebook order");
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), p.codings().len(), "once each");
    assert!(html.contains("<nav><h2>Contents</h2>") && html.contains("<h2>Tallies (studies)</h2>"));
    let md = String::from_utf8(export_bytes(&p, ExportFormat::ReportMd, Level::Study).unwrap()).unwrap();
    assert_eq!(md.matches("<!-- C").count(), p.codings().len());
    assert!(md.contains("## VII. Intervention characteristics"));
}

#[test]
fn figures_are_svg_and_png() {
    let p = sample("befits-mh-review.ron");
    let svg = String::from_utf8(export_bytes(&p, ExportFormat::DiagramSvg, Level::Study).unwrap()).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("VIII. Stigma") && svg.contains("Training, supervision, integration")
    );
    let png = export_bytes(&p, ExportFormat::ChartPng, Level::Study).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let chart = String::from_utf8(export_bytes(&p, ExportFormat::ChartSvg, Level::Article).unwrap()).unwrap();
    assert!(chart.contains("number of articles"));
}

#[test]
fn export_command_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("codings.csv");
    let review = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects/befits-mh-review.ron");
    let status = Command::new(env!("CARGO_BIN_EXE_befits-coder"))
        .args(["export", review.to_str().unwrap(), "--format", "codings-csv", "-o", out.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(out).unwrap();
    assert_eq!(text.lines().count(), 168, "a header and 167 codings");
    assert!(
        text.starts_with("\u{FEFF}coding_id,article_id,article,study,page,start_char,end_char,quote,construct_id,"),
        "a byte-order mark for Excel, offsets in characters"
    );
    // Offsets count characters: each quote is the page text between them.
    let p = sample("befits-mh-review.ron");
    let mut rows = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    for (row, c) in rows.records().map(Result::unwrap).zip(p.codings().values()) {
        let Some(t) = c.anchor.as_text() else { continue };
        let page = p.document(c.document).unwrap().page(t.page).unwrap();
        let (s, e): (usize, usize) = (row[5].parse().unwrap(), row[6].parse().unwrap());
        let quote: String = page.chars().skip(s).take(e - s).collect();
        assert_eq!(quote, t.quote);
    }
    // Without the mark, on request.
    let plain = befits_coder::export::export_with(
        &p,
        ExportFormat::CodingsCsv,
        &befits_coder::export::ExportOptions {
            csv_bom: false,
            ..befits_coder::export::ExportOptions::at(Level::Passage)
        },
    )
    .unwrap()
    .0;
    assert!(plain.starts_with(b"coding_id,"));
}

/// A project whose every string came from a hostile file: script in names and quotes,
/// attribute breakers in keys, spreadsheet formulas in labels, comments and fields.
fn hostile_project() -> Project {
    use befits_coder::model::{
        Anchor, Coding, CodingId, Construct, ConstructKey, Document, DocumentId, ProjectParts, Study, StudyId,
        TextAnchor, Valence,
    };
    let mut cb = persistence::default_codebook().unwrap();
    let domain = cb.domains[0].key.clone();
    cb.domains[0].name = "<b onmouseover=alert(1)>Client</b>".into();
    let key = ConstructKey::new("x\"><script>alert(1)</script>");
    cb.constructs.push(Construct {
        key: key.clone(),
        domain,
        label: "=HYPERLINK(\"http://evil.example\",\"click\")".into(),
        definition: "<img src=x onerror=alert(1)> [link](javascript:alert(1))".into(),
        retired: false,
    });
    let page = "Before. <script>alert(\"q\")</script> =1+1 after the quote.".to_owned();
    let end = page.find(" after").unwrap();
    let anchor = Anchor::Text(TextAnchor::new(&page, 0, 8, end).unwrap());
    let project = Project::new("</title><script>alert('name')</script>", "-2+3+cmd|' /C calc'!A0", cb);
    let mut parts: ProjectParts = project.to_parts();
    parts.studies = vec![Study { id: StudyId(1), label: "+cmd<svg onload=alert(1)>".into() }];
    parts.documents = vec![Document {
        id: DocumentId(1),
        title: "@SUM(1+1)<iframe>".into(),
        study: StudyId(1),
        sha256: "ab".repeat(32),
        pdf: None,
        pages: vec![page],
        fields: [("<th>=cmd".to_owned(), "=IMPORTXML(A1)".to_owned())].into_iter().collect(),
        warnings: Vec::new(),
        ocr: None,
        unreadable_pages: Vec::new(),
    }];
    parts.codings = vec![Coding {
        id: CodingId(1),
        document: DocumentId(1),
        anchor,
        construct: key,
        valence: Valence::Barrier,
        comment: "@cmd *emphasis* <a href=javascript:alert(1)>x</a>\n=2+2".into(),
        coder: "=coder()".into(),
        created: "2026-12-01T00:00:00Z".into(),
        provenance: Vec::new(),
    }];
    Project::from_parts(parts).unwrap()
}

/// Well-formed XML with no element or attribute that could run script.
fn assert_inert_xml(what: &str, text: &str) {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                let name = e.name().0.to_ascii_lowercase();
                assert!(
                    !["script", "img", "iframe", "svg:script"].contains(&name.as_str()) || name == "svg",
                    "{what}: <{name}>"
                );
                for a in e.attributes() {
                    let a = a.unwrap();
                    let key = a.key.0.to_ascii_lowercase();
                    assert!(!key.starts_with("on"), "{what}: attribute {key}");
                }
            }
            Ok(_) => {}
            Err(e) => panic!("{what} is not well-formed XML: {e}"),
        }
    }
}

#[test]
fn hostile_strings_come_out_of_every_export_as_inert_text() {
    let p = hostile_project();
    for format in ExportFormat::ALL {
        let bytes = export_bytes(&p, format, Level::Passage).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        let name = format!("{format:?}");
        match format {
            ExportFormat::ReportHtml => {
                let html = String::from_utf8(bytes).unwrap();
                for raw in ["<script", "<img", "<iframe", "<b onmouseover", "<svg", "<a href=javascript"] {
                    assert!(!html.contains(raw), "{name}: raw {raw}");
                }
                assert!(
                    html.contains("&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;"),
                    "the quote is shown as text"
                );
                for attr in ["id=\"", "href=\"#"] {
                    for value in html.split(attr).skip(1) {
                        let value = &value[..value.find('"').unwrap()];
                        assert!(value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{name}: {attr}{value}");
                    }
                }
            }
            ExportFormat::ReportMd => {
                let md = String::from_utf8(bytes).unwrap();
                for (i, _) in md.match_indices('<') {
                    assert!(
                        i > 0 && md.as_bytes()[i - 1] == b'\\' || md[i..].starts_with("<!-- "),
                        "{name}: raw < at {i}: {}",
                        &md[i..(i + 30).min(md.len())]
                    );
                }
                assert!(
                    md.contains("\\<script\\>alert(\"q\")\\</script\\>")
                        || md.contains("\\<script\\>alert\\(\"q\"\\)\\</script\\>"),
                    "{md}"
                );
                assert!(!md.contains("](javascript"), "{name}: a live link");
            }
            ExportFormat::DiagramSvg | ExportFormat::ChartSvg | ExportFormat::Qdc => {
                assert_inert_xml(&name, &String::from_utf8(bytes).unwrap());
            }
            ExportFormat::Qdpx => assert_inert_xml(&name, &project_qde(&bytes)),
            ExportFormat::DiagramPng | ExportFormat::ChartPng => assert!(bytes.starts_with(b"\x89PNG"), "{name}"),
            ExportFormat::CodebookCsv
            | ExportFormat::CodebookTaguette
            | ExportFormat::CodingsCsv
            | ExportFormat::TalliesCsv
            | ExportFormat::MatrixCsv => {
                let text = String::from_utf8(bytes).unwrap().trim_start_matches('\u{FEFF}').to_owned();
                let mut reader =
                    csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
                let mut cells = 0;
                for record in reader.records() {
                    for cell in &record.unwrap() {
                        cells += 1;
                        let formula =
                            cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
                        assert!(!formula, "{name}: a cell a spreadsheet would run: {cell}");
                    }
                }
                assert!(cells > 0, "{name}");
            }
        }
    }
    // The CSV exports still carry the text, neutralised by a leading quote.
    let codings = String::from_utf8(export_bytes(&p, ExportFormat::CodingsCsv, Level::Passage).unwrap()).unwrap();
    assert!(codings.contains("'@cmd *emphasis*"), "{codings}");
}

#[test]
fn a_qdpx_zip_bomb_is_refused_with_a_message() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", options).unwrap();
    // 16 MiB of the same byte: a few KiB compressed, as a bomb's entries are.
    let chunk = vec![b'<'; 1 << 20];
    for _ in 0..16 {
        zip.write_all(&chunk).unwrap();
    }
    let bomb = zip.finish().unwrap().into_inner();
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    let cb = persistence::default_codebook().unwrap();
    let e = import_qdpx(&bomb, &cb, "").unwrap_err().to_string();
    assert!(e.contains("project.qde") && e.contains("a zip bomb?"), "{e}");
    let tight = persistence::ArchiveLimits { entry: 8 << 20, ratio: u64::MAX, ..persistence::ArchiveLimits::default() };
    let e = persistence::import_qdpx_within(&bomb, &cb, "", tight).unwrap_err().to_string();
    assert!(e.contains("would unpack to 16 MiB, more than the 8 MiB allowed for one entry"), "{e}");
}

#[test]
fn a_stored_pdf_path_is_only_a_hint_checked_by_its_hash() {
    use befits_coder::model::{Edit, PdfSource};
    let mut p = sample("workshop.ron");
    let ids: Vec<_> = p.documents().keys().copied().collect();
    let dir = tempfile::tempdir().unwrap();
    // One document points at a file that is not its PDF, the other at a FIFO (or a folder).
    let fifo = dir.path().join("pipe.pdf");
    #[cfg(unix)]
    let made = Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    #[cfg(not(unix))]
    let made = false;
    let second = if made { fifo } else { dir.path().to_path_buf() };
    for (id, path) in [(ids[0], PathBuf::from("/etc/passwd")), (ids[1], second)] {
        p.apply(Edit::SetPdf { document: id, pdf: Some(PdfSource { path }) }).unwrap();
    }
    let (bytes, notes) = befits_coder::export::export_noting(&p, ExportFormat::Qdpx, Level::Study).unwrap();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("left out, text only") && notes[0].contains("content differs"), "{notes:?}");
    assert!(notes[1].contains("not a regular file"), "{notes:?}");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        assert!(!name.to_lowercase().ends_with(".pdf"), "no PDF embedded: {name}");
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("root:x:0:0"), "{name} holds /etc/passwd");
    }
    assert!(project_qde(&bytes).contains("<TextSource"), "the articles go as text");
}

#[test]
fn a_name_of_any_length_is_cut_for_drawing_and_kept_whole_in_the_data() {
    use befits_coder::model::Edit;
    let mut p = sample("workshop.ron");
    let huge = "A very long project name ".repeat(200_000); // about 5 MB
    p.apply(Edit::SetProjectInfo { name: huge.clone(), coder: "x".into() }).unwrap();
    for format in [ExportFormat::DiagramSvg, ExportFormat::ChartSvg] {
        let svg = String::from_utf8(export_bytes(&p, format, Level::Study).unwrap()).unwrap();
        assert!(svg.len() < 200_000, "{format:?}: the figure carries the whole name ({} bytes)", svg.len());
        assert!(svg.contains("A very long project name") && svg.contains('…'), "{format:?}: cut with an ellipsis");
    }
    let png = export_bytes(&p, ExportFormat::DiagramPng, Level::Study).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    assert_eq!(p.name().len(), huge.len(), "the data keeps it whole");
}
