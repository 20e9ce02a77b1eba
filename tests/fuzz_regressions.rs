//! Replays every input that fuzzing found (tests/fixtures/fuzz/<target>/) through the entry
//! point of its target: each must end in a result or a typed refusal, never a crash, and a
//! PDF never in a crashed worker.

use crate::support::exe;
use befits_coder::pdf::{PageLimits, PageWorker, PdfError, WorkerLimits, extract_isolated};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    files
}

fn not_a_crash(r: &PdfError) -> bool {
    !matches!(r, PdfError::WorkerCrashed(_))
}

#[test]
fn inputs_found_by_fuzzing_the_project_loader_and_imports_are_refused_cleanly() {
    let codebook = befits_coder::persistence::default_codebook().unwrap();
    for f in inputs("project") {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        let _ = befits_coder::persistence::load_str(&text, &f);
    }
    for f in inputs("qdpx") {
        let _ = befits_coder::persistence::import_qdpx(&std::fs::read(&f).unwrap(), &codebook, "fuzz");
    }
    for f in inputs("qdc") {
        let _ = befits_coder::persistence::import_qdc(&String::from_utf8_lossy(&std::fs::read(&f).unwrap()), &codebook);
    }
    let project = befits_coder::model::Project::new("Fuzz", "Fuzz", codebook.clone());
    for f in inputs("table") {
        if let Ok(text) = befits_coder::persistence::decode_table(&std::fs::read(&f).unwrap()) {
            let _ = befits_coder::persistence::plan_table_import(&project, &text, b'\t', "fuzz", "");
        }
    }
}

#[test]
fn pdfs_found_by_fuzzing_end_in_text_or_a_reason_never_a_crashed_worker() {
    for f in inputs("pdf_extract").into_iter().chain(inputs("pdf_render")) {
        let name = f.display().to_string();
        let bytes = std::fs::read(&f).unwrap();
        if let Err(e) = extract_isolated(&exe(), &bytes, None, &WorkerLimits::default()) {
            assert!(not_a_crash(&e), "{name}: extraction: {e}");
        }
        let mut worker = PageWorker::new(exe(), PageLimits::default());
        match worker.open(Arc::new(bytes), None) {
            Ok(info) => {
                assert!(info.sizes.iter().all(|(w, h)| w.is_finite() && h.is_finite()), "{name}");
                for page in 0..info.sizes.len().min(3) {
                    if let Err(e) = worker.render(page, 0.25) {
                        assert!(not_a_crash(&e), "{name}: page {}: {e}", page + 1);
                    }
                }
            }
            Err(e) => assert!(not_a_crash(&e), "{name}: opening: {e}"),
        }
    }
}

/// Identical inputs would replay one case twice and leave the other untested.
#[test]
fn every_input_kept_from_fuzzing_is_a_different_file() {
    let mut seen = std::collections::BTreeMap::new();
    for target in ["project", "qdpx", "qdc", "table", "pdf_extract", "pdf_render"] {
        for f in inputs(target) {
            let hash = befits_coder::pdf::sha256_hex(&std::fs::read(&f).unwrap());
            if let Some(other) = seen.insert(hash, f.clone()) {
                panic!("{} is the same file as {}", f.display(), other.display());
            }
        }
    }
}

/// A strip 262,140 points wide: at the fuzzer's scale (0.25) its picture would be 65,535
/// pixels wide, where the renderer's tile grid overflows (it panicked). Drawn here it is
/// refused with its size; the page worker draws it a little smaller instead.
#[test]
fn a_page_at_the_edge_of_the_renderers_grid_is_drawn_smaller_not_lost() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz/pdf_render/vello-tile-overflow.pdf");
    let bytes = std::fs::read(path).unwrap();
    let renderer = befits_coder::pdf::PageRenderer::open(bytes.clone(), None).unwrap();
    match renderer.render(0, 0.25) {
        Err(PdfError::Damaged(why)) => assert!(why.contains("impossible size"), "{why}"),
        other => panic!("drawn at 65,535 pixels, or failed otherwise: {:?}", other.map(|p| p.width)),
    }
    let mut worker = PageWorker::new(exe(), PageLimits::default());
    worker.open(Arc::new(bytes), None).unwrap();
    let page = worker.render(0, 0.25).unwrap();
    assert!(page.width <= 65_280 && page.width > 65_000, "{} pixels wide", page.width);
    // Filled to its edge, in the page's colour: the whole strip is drawn.
    let last = (page.width as usize - 1) * 4;
    assert_eq!(&page.rgba[last..last + 3], &[0, 0, 255], "the strip's last pixel");
}
