//! Shared helpers: where the corpus is, and the app's own binary (the PDF worker).

use std::path::{Path, PathBuf};

/// The shared corpus folder, or `None` (with a message) when it is absent.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("articles").is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: the corpus folder {} is absent", dir.display());
        None
    }
}

/// The compiled `befits-coder` binary, used as the isolated PDF worker.
pub fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_befits-coder"))
}

/// All PDFs in a corpus subfolder, sorted.
pub fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    files
}

/// Extracts a PDF file in the isolated worker, as an import does (the file's bytes handed
/// over).
pub fn extract_file(
    path: &Path,
    password: Option<&str>,
    limits: &befits_coder::pdf::WorkerLimits,
) -> Result<befits_coder::pdf::Extraction, befits_coder::pdf::PdfError> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    befits_coder::pdf::extract_isolated(&exe(), &bytes, password, limits)
}
