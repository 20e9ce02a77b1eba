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

/// The words of a text for comparing extractions: NFKC, case-folded, runs of letters and
/// digits; every CJK character is a word of its own (those scripts put no spaces between
/// words, so two extractors that break lines differently would otherwise share no words).
/// Arabic lam-alef pairs are compared in one canonical order: poppler writes the two letters
/// of the lam-alef ligature the wrong way round ("اإلنتاجية" for "الإنتاجية").
pub fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let cjk = |c: char| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF);
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut push = |w: &mut String| {
        if !w.is_empty() {
            let canonical = w.replace("لا", "ال").replace("لأ", "أل").replace("لإ", "إل").replace("لآ", "آل");
            out.push(canonical);
            w.clear();
        }
    };
    for c in folded.chars() {
        if cjk(c) {
            push(&mut word);
            word.push(c);
            push(&mut word);
        } else if c.is_alphanumeric() {
            word.push(c);
        } else {
            push(&mut word);
        }
    }
    push(&mut word);
    out
}

/// The share of the reference's words (counted with repeats) found in `ours`.
pub fn word_recall(reference: &str, ours: &str) -> f64 {
    use std::collections::HashMap;
    let count = |t: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in words(t) {
            *m.entry(w).or_default() += 1;
        }
        m
    };
    let (r, o) = (count(reference), count(ours));
    let total: usize = r.values().sum();
    if total == 0 {
        return 1.0;
    }
    let found: usize = r.iter().map(|(w, n)| (*n).min(o.get(w).copied().unwrap_or(0))).sum();
    #[allow(clippy::cast_precision_loss)]
    let share = found as f64 / total as f64;
    share
}

/// The text of a PDF as `mutool draw -F txt` reads it, the second reference reader, or `None`
/// (with a message) when it is not installed.
pub fn mutool_text(path: &Path) -> Option<String> {
    let out = std::process::Command::new("mutool").args(["draw", "-q", "-F", "txt", "-o", "-"]).arg(path).output();
    match out {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => {
            eprintln!("skipped: mutool is not installed (scripts/install-system-deps.sh --dev)");
            None
        }
    }
}

/// poppler's `pdftotext` text of a PDF, or `None` (with a message) when it is not installed.
pub fn pdftotext(path: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext").args(["-q", "-enc", "UTF-8"]).arg(path).arg("-").output();
    if let Ok(out) = out {
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        eprintln!("skipped: pdftotext is not installed (scripts/install-system-deps.sh --dev)");
        None
    }
}
