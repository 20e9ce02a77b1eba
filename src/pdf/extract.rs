//! In-process extraction of one PDF. The app never calls this directly: it runs in the
//! worker process (see [`super::worker`]), which contains whatever the parser does.

use super::collector::Collector;
use super::error::PdfError;
use super::quality::{Warning, check_quality};
use super::repair;
use super::types::{Extraction, PageLayout};
use pdf_extract::{Document, LoadOptions};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A short description of what a non-PDF file seems to be.
fn describe_non_pdf(bytes: &[u8]) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    if head.contains("<html") || head.contains("<!doctype html") {
        "it looks like a web page saved with a .pdf name".into()
    } else if bytes.starts_with(b"PK\x03\x04") {
        "it looks like a ZIP or Office document".into()
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) || bytes.starts_with(b"\x89PNG") {
        "it looks like an image".into()
    } else {
        "no PDF header was found".into()
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".into()
    }
}

/// Loads a PDF; when its structure is broken, rebuilds the cross-reference table and tries
/// again before giving up.
fn load(bytes: &[u8], password: Option<&str>) -> Result<Document, PdfError> {
    match load_as_is(bytes, password) {
        Err(PdfError::Damaged(first)) => {
            let truncated = repair::looks_truncated(bytes);
            let repaired = repair::rebuild_xref(bytes).map(|fixed| {
                load_as_is(&fixed, password).map(|mut doc| {
                    let usable = repair::find_catalog(&mut doc) && !doc.get_pages().is_empty();
                    (doc, usable)
                })
            });
            match repaired {
                Some(Ok((doc, true))) => Ok(doc),
                Some(Err(e @ PdfError::Encrypted { .. })) => Err(e),
                _ if truncated => Err(PdfError::Damaged(
                    "the file ends early, as after an interrupted download, and its list of pages is lost".into(),
                )),
                _ => Err(PdfError::Damaged(first)),
            }
        }
        other => other,
    }
}

fn load_as_is(bytes: &[u8], password: Option<&str>) -> Result<Document, PdfError> {
    let options = LoadOptions { password: password.map(str::to_owned), ..LoadOptions::default() };
    let loaded = catch_unwind(AssertUnwindSafe(|| Document::load_mem_with_options(bytes, options)));
    let result = match loaded {
        Ok(r) => r,
        Err(p) => {
            return Err(PdfError::Damaged(format!("the parser stopped: {}", panic_message(p.as_ref()))));
        }
    };
    match result {
        Ok(doc) => {
            if doc.is_encrypted() && doc.encryption_state.is_none() {
                return Err(PdfError::Encrypted { password_given: password.is_some() });
            }
            Ok(doc)
        }
        Err(e) => {
            let text = e.to_string();
            let lower = text.to_lowercase();
            if lower.contains("password") || lower.contains("decrypt") || lower.contains("encrypt") {
                Err(PdfError::Encrypted { password_given: password.is_some() })
            } else {
                Err(PdfError::Damaged(text))
            }
        }
    }
}

/// Whether the file is encrypted and was not decrypted (a wrong or missing password, or an
/// encryption dictionary lopdf cannot use).
fn locked(doc: &Document) -> bool {
    (doc.trailer.get(b"Encrypt").is_ok() || doc.is_encrypted()) && doc.encryption_state.is_none()
}

/// The distinct font subtypes used in the file (`Type1`, `Type3`, ...).
fn font_subtypes(doc: &Document) -> Vec<String> {
    let mut found: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Font"))
        .filter_map(|d| d.get(b"Subtype").and_then(|t| t.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Extracts the text of a PDF held in memory, page by page.
///
/// # Errors
/// The outcome classes of [`PdfError`]; a PDF whose pages all fail or that has no text at
/// all is an error, one with some unreadable pages is a success with a warning.
pub fn extract_bytes(bytes: &[u8], password: Option<&str>) -> Result<Extraction, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    let header_window = &bytes[..bytes.len().min(1024)];
    if !header_window.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf(describe_non_pdf(bytes)));
    }
    let doc = load(bytes, password)?;
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if page_numbers.is_empty() {
        if locked(&doc) {
            return Err(PdfError::Encrypted { password_given: password.is_some() });
        }
        return Err(PdfError::Damaged("the PDF has no pages".into()));
    }

    let mut collector = Collector::default();
    let mut out = Extraction::default();
    let mut failed: Vec<(u32, String)> = Vec::new();
    for number in page_numbers {
        let run = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc_page(&doc, &mut collector, number)));
        let page = collector.take_page();
        let error = match run {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e.to_string()),
            Err(p) => Some(panic_message(p.as_ref())),
        };
        match (error, page) {
            (None, Some(p)) => {
                out.pages.push(p.text);
                out.layouts.push(p.layout);
            }
            (None, None) => {
                out.pages.push(String::new());
                out.layouts.push(PageLayout::default());
            }
            (Some(reason), _) => {
                failed.push((number, reason));
                out.pages.push(String::new());
                out.layouts.push(PageLayout::default());
            }
        }
    }

    if failed.len() == out.pages.len() {
        let reason = failed.first().map(|(_, r)| r.clone()).unwrap_or_default();
        if reason.to_lowercase().contains("encoding") {
            return Err(PdfError::UnsupportedEncoding(reason));
        }
        return Err(PdfError::ParserFailed(reason));
    }
    if out.pages.iter().all(|p| p.trim().is_empty()) {
        if locked(&doc) {
            return Err(PdfError::Encrypted { password_given: password.is_some() });
        }
        if let Some((_, reason)) = failed.first() {
            return Err(PdfError::ParserFailed(reason.clone()));
        }
        return Err(match font_subtypes(&doc) {
            subtypes if subtypes.is_empty() => PdfError::NoText,
            subtypes => PdfError::UndecodableFonts(subtypes.join(", ")),
        });
    }
    if let Some((_, reason)) = failed.first() {
        out.warnings
            .push(Warning::UnreadablePages { pages: failed.iter().map(|(n, _)| *n).collect(), reason: reason.clone() });
    }
    out.warnings.extend(check_quality(&out.pages));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_non_pdf_are_classified() {
        assert_eq!(extract_bytes(b"", None), Err(PdfError::Empty));
        assert!(
            matches!(extract_bytes(b"<!DOCTYPE html><html></html>", None), Err(PdfError::NotPdf(m)) if m.contains("web page"))
        );
        assert!(matches!(extract_bytes(b"%PDF-1.4\ngarbage", None), Err(PdfError::Damaged(_))));
    }
}
