//! In-process extraction of one PDF. The app never calls this directly: it runs in the
//! worker process (see [`super::worker`]), which contains whatever the parsers do.
//!
//! Two extractors read each page, the second only where the first falls short:
//! 1. the interpreter that draws the pages (hayro, [`super::hayro_text`]): it already
//!    resolves every font to draw it, so it decodes what poppler decodes (fonts whose only
//!    map is their own glyph names, predefined CJK `CMaps`, Type 3 fonts);
//! 2. pdf-extract, for a page the first could not read (a panic) or left glyphs undecoded
//!    on, kept when it decodes more.
//!
//! Both feed the same collector, so spacing, lines and glyph boxes are built alike. A page
//! neither can read loses only itself, a font neither can decode only its own glyphs; both
//! are listed as warnings, and a file is refused only when no page can be read at all.

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

/// What pdf-extract makes of page `index` (from 0), or why it could not.
fn pdf_extract_page(doc: &Document, number: u32) -> Result<Option<super::collector::CollectedPage>, String> {
    let mut collector = Collector::default();
    let run = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc_page(doc, &mut collector, number)));
    let page = collector.take_page();
    match run {
        Ok(Ok(())) => Ok(page),
        Ok(Err(e)) => Err(e.to_string()),
        Err(p) => Err(panic_message(p.as_ref())),
    }
}

/// Undecoded glyphs on a page from which it is worth a warning.
const UNDECODED_WORTH_A_WARNING: usize = 10;

/// Why a page whose content stream cannot be decoded has no text.
const DAMAGED_CONTENT: &str = "a content stream is damaged and cannot be decoded";

/// Letters and other visible characters of a page's text.
fn visible(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// What the interpreter reads of one page: its text and glyphs, or why it could not.
type FirstPass = Result<(super::collector::CollectedPage, super::hayro_text::GlyphCount), String>;

/// Every page through the interpreter that draws the pages, on as many threads as there are
/// cores (up to 4; each opens the file itself and reads every n-th page, with its own cache
/// of fonts). `None` when it cannot open the file at all.
fn read_pages(bytes: &[u8], password: Option<&str>) -> Option<Vec<FirstPass>> {
    use super::render::PageRenderer;
    let open = || catch_unwind(AssertUnwindSafe(|| PageRenderer::open(bytes.to_vec(), password))).ok()?.ok();
    let renderer = open().filter(|r| r.page_count() > 0)?;
    let n = renderer.page_count();
    let threads =
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(4).min(n.div_ceil(4)).max(1);
    let read = |renderer: &PageRenderer, part: usize| -> Vec<(usize, FirstPass)> {
        let fonts_read = super::hayro_text::cache();
        (part..n)
            .step_by(threads)
            .map(|index| {
                let page =
                    catch_unwind(AssertUnwindSafe(|| super::hayro_text::page_text(renderer.pdf(), &fonts_read, index)));
                let result = match page {
                    Ok(Some(read)) => Ok(read),
                    Ok(None) => Err("the page could not be read".to_owned()),
                    Err(p) => Err(panic_message(p.as_ref())),
                };
                (index, result)
            })
            .collect()
    };
    let mut parts: Vec<(usize, FirstPass)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|part| {
                scope.spawn(move || match open() {
                    Some(r) => read(&r, part),
                    None => Vec::new(),
                })
            })
            .collect();
        let mut all = read(&renderer, 0);
        for handle in others {
            all.extend(handle.join().unwrap_or_default());
        }
        all
    });
    parts.sort_by_key(|(i, _)| *i);
    // A part whose thread could not open the file again is read here, in order.
    let mut out: Vec<FirstPass> = Vec::with_capacity(n);
    let mut it = parts.into_iter().peekable();
    let fonts_read = super::hayro_text::cache();
    for index in 0..n {
        match it.next_if(|(i, _)| *i == index) {
            Some((_, r)) => out.push(r),
            None => out.push(
                catch_unwind(AssertUnwindSafe(|| super::hayro_text::page_text(renderer.pdf(), &fonts_read, index)))
                    .map_err(|p| panic_message(p.as_ref()))
                    .and_then(|page| page.ok_or_else(|| "the page could not be read".to_owned())),
            ),
        }
    }
    Some(out)
}

/// Extracts the text of a PDF held in memory, page by page.
///
/// # Errors
/// The outcome classes of [`PdfError`]; a PDF whose pages all fail or that has no text at
/// all is an error, one with some unreadable pages or fonts is a success with warnings.
pub fn extract_bytes(bytes: &[u8], password: Option<&str>) -> Result<Extraction, PdfError> {
    if bytes.is_empty() {
        return Err(PdfError::Empty);
    }
    let header_window = &bytes[..bytes.len().min(1024)];
    if !header_window.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf(describe_non_pdf(bytes)));
    }
    let Some(first_pass) = read_pages(bytes, password) else {
        // The interpreter cannot open it: pdf-extract alone, with its own repair and its
        // diagnosis of encrypted and damaged files.
        return extract_with_pdf_extract(bytes, password);
    };
    let mut second: Option<Result<(Document, Vec<u32>), PdfError>> = None;
    let mut out = Extraction::default();
    let mut failed: Vec<(u32, String)> = Vec::new();
    let (mut drawn, mut fonts) = (0usize, Vec::<String>::new());
    let (mut undecoded_pages, mut undecoded) = (Vec::<u32>::new(), 0usize);
    let mut partly_read = Vec::<u32>::new();
    for (index, first) in first_pass.into_iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let (mut page, mut count, mut reason) = match first {
            // A page left empty by a stream that cannot be decoded is unreadable, not blank.
            Ok((_, count)) if count.damaged_content => (None, count, Some(DAMAGED_CONTENT.to_owned())),
            Ok((page, count)) => (Some(page), count, None),
            Err(why) => (None, super::hayro_text::GlyphCount::default(), Some(why)),
        };
        // pdf-extract is asked only where it may do better: a page the interpreter could not
        // read, or one with a font's worth of glyphs it could not decode.
        if page.is_none() || count.undecoded >= UNDECODED_WORTH_A_WARNING {
            let loaded = second.get_or_insert_with(|| {
                load(bytes, password).map(|doc| {
                    let numbers = doc.get_pages().keys().copied().collect();
                    (doc, numbers)
                })
            });
            if let Ok((doc, numbers)) = loaded
                && let Some(&n) = numbers.get(index)
            {
                match pdf_extract_page(doc, n) {
                    Ok(Some(alt)) if visible(&alt.text) > page.as_ref().map_or(0, |p| visible(&p.text)) => {
                        page = Some(alt);
                        count.undecoded = 0;
                        reason = None;
                    }
                    // A damaged stream is the better reason than the second reader's own.
                    Err(e) if page.is_none() && !count.damaged_content => reason = Some(e),
                    _ => {}
                }
            }
        }
        drawn += count.drawn;
        // A few symbols without a character (a bullet drawn from a picture font) are not
        // worth a warning; a font whose text is lost is.
        if count.undecoded >= UNDECODED_WORTH_A_WARNING {
            undecoded_pages.push(number);
            undecoded += count.undecoded;
            for f in count.undecoded_fonts {
                if !fonts.contains(&f) {
                    fonts.push(f);
                }
            }
        }
        if count.partly_read && page.is_some() {
            partly_read.push(number);
        }
        if let Some(p) = page {
            out.pages.push(p.text);
            out.layouts.push(p.layout);
        } else {
            failed.push((number, reason.unwrap_or_default()));
            out.pages.push(String::new());
            out.layouts.push(PageLayout::default());
        }
    }
    if failed.len() == out.pages.len() {
        let reason = failed.first().map(|(_, r)| r.clone()).unwrap_or_default();
        return Err(PdfError::ParserFailed(reason));
    }
    if out.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(if drawn == 0 {
            PdfError::NoText
        } else if fonts.is_empty() {
            PdfError::UndecodableFonts("without a map to characters".into())
        } else {
            PdfError::UndecodableFonts(fonts.join(", "))
        });
    }
    out.warnings.extend(check_quality(&out.pages, &failed));
    if !partly_read.is_empty() {
        out.warnings.push(Warning::PartlyReadPages { pages: partly_read });
    }
    if !undecoded_pages.is_empty() {
        out.warnings.push(Warning::UndecodedGlyphs {
            pages: undecoded_pages,
            glyphs: u32::try_from(undecoded).unwrap_or(u32::MAX),
            fonts,
        });
    }
    Ok(out)
}

/// Extraction by pdf-extract alone, for files the interpreter cannot open.
fn extract_with_pdf_extract(bytes: &[u8], password: Option<&str>) -> Result<Extraction, PdfError> {
    let doc = load(bytes, password)?;
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if page_numbers.is_empty() {
        if locked(&doc) {
            return Err(PdfError::Encrypted { password_given: password.is_some() });
        }
        return Err(PdfError::Damaged("the PDF has no pages".into()));
    }
    let mut out = Extraction::default();
    let mut failed: Vec<(u32, String)> = Vec::new();
    for number in page_numbers {
        match pdf_extract_page(&doc, number) {
            Ok(Some(p)) => {
                out.pages.push(p.text);
                out.layouts.push(p.layout);
            }
            Ok(None) => {
                out.pages.push(String::new());
                out.layouts.push(PageLayout::default());
            }
            Err(reason) => {
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
    out.warnings.extend(check_quality(&out.pages, &failed));
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
