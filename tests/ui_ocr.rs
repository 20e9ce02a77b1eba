//! Text recognition through the app: a scanned PDF imported with OCR, and the scanned page
//! of an article recognised and coded like any other, marked "text from OCR".

use crate::support::{corpus, exe};
use crate::ui_flows::{harness, harness_with, run_until, test_config};
use befits_coder::app::{AppConfig, BefitsApp};
use befits_coder::model::DocumentId;
use befits_coder::pdf::{PageLimits, PageWorker};
use befits_coder::ui::Action;
use befits_coder::ui::OcrAvailability;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;

/// Steps until the app has looked for Tesseract; `false` (with a message) when it is absent.
fn tesseract_ready(h: &mut Harness<'static, BefitsApp>) -> bool {
    run_until(h, "the look for Tesseract", |app| !matches!(app.ocr_availability(), OcrAvailability::Unknown));
    match h.state().ocr_availability() {
        OcrAvailability::Languages(l) if l.iter().any(|l| l == "eng") => true,
        other => {
            eprintln!("skipped: Tesseract with English is not installed ({other:?})");
            false
        }
    }
}

/// The corpus and the app, when both the corpus and Tesseract with English are there
/// (otherwise the test is skipped, with a message).
fn ocr_app() -> Option<(std::path::PathBuf, Harness<'static, BefitsApp>)> {
    let corpus = corpus()?;
    let mut h = harness();
    h.run();
    tesseract_ready(&mut h).then_some((corpus, h))
}

/// Tesseract behind a script in `dir` that waits while the returned marker file exists: a
/// recognition started then is still running when the test stops it, however slow or fast
/// the machine is (under a full test run, a page was once recognised before the test's
/// click on Stop came).
fn held_tesseract(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let (script, marker) = (dir.join("tesseract-held.sh"), dir.join("hold"));
    let body = format!("#!/bin/sh\nwhile [ -e '{}' ]; do sleep 0.05; done\nexec tesseract \"$@\"\n", marker.display());
    std::fs::write(&script, body).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, marker)
}

/// A new project `name` holding the PDF at `pdf`, once it is imported.
fn project_with(h: &mut Harness<'static, BefitsApp>, name: &str, pdf: std::path::PathBuf) {
    h.state_mut().queue(Action::NewProject { name: name.into(), coder: "Oli".into() });
    h.run();
    h.state_mut().queue(Action::AddPdfs(vec![pdf]));
    h.step();
    run_until(h, "the import", |app| !app.is_importing());
}

#[test]
fn a_scanned_pdf_is_imported_by_recognising_its_text() {
    let Some((corpus, mut h)) = ocr_app() else { return };
    h.state_mut().queue(Action::NewProject { name: "Scans".into(), coder: "Oli".into() });
    h.run();
    h.state_mut().queue(Action::AddPdfs(vec![corpus.join("hostile/scanned-image-only-ocr-test.pdf")]));
    h.step();
    run_until(&mut h, "the first try", |app| !app.is_importing());
    let failed = &h.state().failed_imports()[0];
    assert!(failed.can_recognise && failed.reason.contains("no text layer"), "{failed:?}");
    h.get_by_label("Recognise text (OCR)").click();
    h.step();
    run_until(&mut h, "the recognition", |app| !app.is_importing());
    assert!(h.state().failed_imports().is_empty());
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    assert!(doc.pages[0].starts_with("Docling bundles PDF document conversion"), "{:?}", doc.pages);
    assert_eq!(doc.ocr_note().as_deref(), Some("text from OCR (eng)"));
    h.run();
    // Marked where the article is listed and where it is read.
    assert!(h.query_all_by_label_contains("text from OCR (eng)").count() >= 2);
}

/// A two-page PDF whose second page is a picture of the scanned test page.
fn half_scanned_pdf(dir: &std::path::Path, corpus: &std::path::Path) -> std::path::PathBuf {
    let mut worker = PageWorker::new(exe(), PageLimits::default());
    let scan = std::fs::read(corpus.join("hostile/scanned-image-only-ocr-test.pdf")).unwrap();
    worker.open(Arc::new(scan), None).unwrap();
    let page = worker.render(0, 2.0).unwrap();
    let rgb: Vec<u8> = page.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let path = dir.join("half-scanned.pdf");
    std::fs::write(&path, crate::crafted::half_scanned(&rgb, page.width, page.height)).unwrap();
    path
}

#[test]
fn the_scanned_page_of_an_article_is_recognised_coded_and_undone() {
    let Some(corpus) = corpus() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (tesseract, hold) = held_tesseract(dir.path());
    let mut h = harness_with(AppConfig { tesseract, ..test_config() });
    h.run();
    if !tesseract_ready(&mut h) {
        return;
    }
    project_with(&mut h, "Half", half_scanned_pdf(dir.path(), &corpus));
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    assert!(doc.pages[0].starts_with("Lay counsellors") && doc.pages[1].is_empty(), "{:?}", doc.pages);
    h.run();
    h.get_by_label_contains("Page 2 has no text");
    // Started (and held), then stopped from the status bar: nothing changes.
    std::fs::write(&hold, b"").unwrap();
    h.get_by_label("Recognise its text (OCR)").click();
    h.step();
    assert!(h.state().is_recognising());
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    run_until(&mut h, "the stop", |app| !app.is_recognising());
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    assert!(doc.pages[1].is_empty() && doc.ocr.is_none());
    let messages: Vec<&str> = h.state().messages().iter().map(|m| m.text.as_str()).collect();
    assert!(messages.iter().any(|m| m.contains("stopped; nothing was changed")), "{messages:?}");
    std::fs::remove_file(&hold).unwrap();
    // Started again and let run.
    h.get_by_label("Recognise its text (OCR)").click();
    h.step();
    run_until(&mut h, "the recognition", |app| !app.is_recognising());
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    assert!(doc.pages[1].contains("Docling bundles PDF document conversion"), "{:?}", doc.pages);
    assert_eq!(doc.ocr_note().as_deref(), Some("text from OCR (eng, page 2)"));
    assert_eq!(doc.pages[0], "Lay counsellors delivered the sessions in the community.\nPage two is a scan.");
    // The recognised page is selectable on the page view like any other: its glyph boxes
    // come from recognising the page again, and match the stored text.
    run_until(&mut h, "the glyph boxes", |app| {
        app.pages().and_then(|p| p.get(DocumentId(1))).is_some_and(|d| d.text_matches.get(1) == Some(&true))
    });
    // It is one undoable step.
    h.state_mut().queue(Action::Undo);
    h.run();
    let doc = h.state().session().unwrap().project().document(DocumentId(1)).unwrap().clone();
    assert!(doc.pages[1].is_empty() && doc.ocr.is_none());
}

/// Text recognised for an article is added to the project it was started in, never to a
/// project opened meanwhile whose article has the same id: there it would have replaced
/// page 2 of another article (a page without codings, which nothing else protects).
#[test]
fn recognised_text_never_lands_in_a_project_opened_meanwhile() {
    let Some((corpus, mut h)) = ocr_app() else { return };
    let dir = tempfile::tempdir().unwrap();
    let project_of = |h: &mut Harness<'static, BefitsApp>, name: &str, pdf: std::path::PathBuf| {
        project_with(h, name, pdf);
        let file = dir.path().join(format!("{name}.ron"));
        h.state_mut().queue(Action::SaveTo(file.clone()));
        h.step();
        crate::ui_flows::wait_saved(h);
        h.run();
        file
    };
    let other = project_of(&mut h, "other", corpus.join("articles/int-psychogeriatrics-2013-example1.pdf"));
    let half = half_scanned_pdf(dir.path(), &corpus);
    project_of(&mut h, "half", half);
    h.get_by_label("Recognise its text (OCR)").click();
    h.step();
    assert!(h.state().is_recognising());
    h.state_mut().queue(Action::OpenProject(other));
    crate::ui_flows::wait_opened(&mut h);
    let page_2 = |h: &Harness<'static, BefitsApp>| {
        h.state().session().unwrap().project().document(DocumentId(1)).unwrap().pages[1].clone()
    };
    let before = page_2(&h);
    assert_eq!(h.state().session().unwrap().project().name(), "other");
    run_until(&mut h, "the recognition", |app| !app.is_recognising());
    h.run();
    assert_eq!(page_2(&h), before, "the other project's article is untouched");
    assert!(h.state().session().unwrap().project().document(DocumentId(1)).unwrap().ocr.is_none());
    assert!(h.state().messages().iter().any(|m| m.text.contains("another project was opened")));
}
