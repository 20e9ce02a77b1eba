//! `befits-coder extract FILE.pdf [--json]`.

use super::{EXIT_OK, EXIT_UNREADABLE, fail, worker_exe};
use crate::pdf::{ExtractOptions, OcrRequest, PageLimits, PageWorker, WorkerLimits, extract_isolated_with};
use std::path::Path;

/// The PDF's bytes, read as any file a user names: a regular file within the size limit.
fn read_pdf(file: &Path) -> Result<Vec<u8>, u8> {
    crate::persistence::read_file(file, crate::persistence::MAX_PDF_BYTES)
        .map_err(|e| fail(EXIT_UNREADABLE, &format!("the file could not be read ({e}): {}", file.display())))
}

pub(super) fn run(file: &Path, json: bool, password: Option<&str>, ocr: Option<&str>) -> u8 {
    let exe = match worker_exe() {
        Ok(e) => e,
        Err(e) => return fail(EXIT_UNREADABLE, &e),
    };
    if let Some(lang) = ocr
        && !crate::pdf::valid_language(lang)
    {
        return fail(
            super::EXIT_INVALID,
            &format!("“{lang}” is not a Tesseract language code (such as eng or fra+eng)"),
        );
    }
    let bytes = match read_pdf(file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let request = ocr.map(OcrRequest::pages_without_text);
    let progress = |done: usize, of: usize| {
        if !json && done < of {
            eprintln!("recognising page {} of {of}…", done + 1);
        }
    };
    let options = ExtractOptions { ocr: request.as_ref(), progress: Some(&progress), cancel: None };
    match extract_isolated_with(&exe, &bytes, password, &WorkerLimits::default(), options) {
        Ok(x) => {
            let warnings: Vec<String> = x.warnings.iter().map(ToString::to_string).collect();
            // Each page's line says what the warnings say of it.
            let notes = |n: usize| -> Vec<&str> {
                x.warnings
                    .iter()
                    .filter_map(crate::pdf::Warning::page_note)
                    .filter(|(pages, _)| pages.iter().any(|p| usize::try_from(*p).is_ok_and(|p| p == n)))
                    .map(|(_, note)| note)
                    .collect()
            };
            let per_page: Vec<(usize, usize, String, Vec<&str>)> = x
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (i + 1, p.chars().count(), x.source(i).to_string(), notes(i + 1)))
                .collect();
            if json {
                let value = serde_json::json!({
                    "file": file.display().to_string(),
                    "pages": x.pages.len(),
                    "characters": x.char_count(),
                    "page_report": per_page
                        .iter()
                        .map(|(n, c, s, w)| serde_json::json!({ "page": n, "characters": c, "source": s, "notes": w }))
                        .collect::<Vec<_>>(),
                    "warnings": warnings,
                    "text": x.pages,
                });
                out!("{value:#}");
            } else {
                out!("file: {}", file.display());
                out!("pages: {}", x.pages.len());
                out!("characters: {}", x.char_count());
                for (n, chars, source, notes) in &per_page {
                    // A page without text says why when a warning does.
                    let mut said = if *chars == 0 { Vec::new() } else { vec![source.as_str()] };
                    said.extend(notes);
                    let said = if said.is_empty() { "no text".to_owned() } else { said.join("; ") };
                    out!("page {n}: {chars} characters, {said}");
                }
                for w in &warnings {
                    out!("warning: {w}");
                }
            }
            EXIT_OK
        }
        Err(e) => fail(EXIT_UNREADABLE, &format!("{e}: {}", file.display())),
    }
}

pub(super) fn render(file: &Path, page: usize, scale: f32, password: Option<&str>, output: &Path) -> u8 {
    if page == 0 || !(0.1..=16.0).contains(&scale) {
        return fail(super::EXIT_INVALID, "the page starts at 1 and the scale must be between 0.1 and 16");
    }
    let exe = match worker_exe() {
        Ok(e) => e,
        Err(e) => return fail(EXIT_UNREADABLE, &e),
    };
    let bytes = match read_pdf(file) {
        Ok(b) => b,
        Err(code) => return code,
    };
    // Drawn in the page worker, as the app draws it: a file that breaks the renderer ends
    // that process, and this command reports it in one line.
    let mut worker = PageWorker::new(exe, PageLimits::default());
    let drawn = worker.open(std::sync::Arc::new(bytes), password.map(str::to_owned)).and_then(|info| {
        if page > info.sizes.len() {
            return Err(crate::pdf::PdfError::Damaged(format!("the PDF has {} pages, not {page}", info.sizes.len())));
        }
        worker.render(page - 1, scale)?.to_png()
    });
    match drawn {
        Ok(png) => match crate::persistence::write_atomic(output, &png) {
            Ok(()) => {
                out!("wrote page {page} of {} to {}", file.display(), output.display());
                EXIT_OK
            }
            Err(e) => fail(EXIT_UNREADABLE, &format!("could not write ({e}): {}", output.display())),
        },
        Err(e) => fail(EXIT_UNREADABLE, &format!("{e}: {}", file.display())),
    }
}
