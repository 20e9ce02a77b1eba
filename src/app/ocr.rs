//! Text recognition (OCR) in the app: whether Tesseract is there (looked at once, in the
//! background, when the app starts), and recognising the pages of an article that have no
//! text, from its PDF, as one undoable step. Importing a scanned PDF with recognition goes
//! through the import job (see `import`).

use super::BefitsApp;
use super::job::{Control, Job};
use crate::model::{DocumentId, Edit, OcrText, text};
use crate::pdf::{ExtractOptions, Extraction, OcrRequest, PageSource, WorkerLimits, extract_isolated_with};
use crate::ui::{Message, OcrAvailability};
use std::path::{Path, PathBuf};

/// What a recognition that was stopped says.
const STOPPED: &str = "stopped";

/// Text recognised for some pages of a document.
pub(super) struct Recognised {
    document: DocumentId,
    pages: Vec<(usize, String)>,
    ocr: OcrText,
    warnings: Vec<String>,
}

/// Recognition of a document's pages, under way.
pub(super) struct RecogniseJob {
    pub(super) job: Job<Result<Recognised, String>>,
    /// The document.
    pub(super) document: DocumentId,
    /// The session it belongs to.
    pub(super) session: u64,
}

/// The record of pages read by OCR in an extraction, if any were.
pub(super) fn ocr_text(x: &Extraction) -> Option<OcrText> {
    let pages: Vec<u32> = x
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, PageSource::Ocr { .. }))
        .filter_map(|(i, _)| u32::try_from(i + 1).ok())
        .collect();
    let language = x.ocr_language()?.to_owned();
    (!pages.is_empty()).then_some(OcrText { language, pages })
}

/// Recognises `pages` (from 0) of the PDF `bytes` in the extraction worker.
fn recognise(
    worker: &Path,
    tesseract: &Path,
    bytes: &[u8],
    password: Option<&str>,
    pages: &[usize],
    language: &str,
    control: &Control,
) -> Result<Extraction, String> {
    let request =
        OcrRequest { pages: Some(pages.to_vec()), tesseract: tesseract.to_path_buf(), language: language.to_owned() };
    let progress = |done: usize, of: usize| control.report(done, of, format!("page {} of {of}", (done + 1).min(of)));
    let options =
        ExtractOptions { ocr: Some(&request), progress: Some(&progress), cancel: Some(control.cancel_flag()) };
    extract_isolated_with(worker, bytes, password, &WorkerLimits::default(), options).map_err(|e| match e {
        crate::pdf::PdfError::Cancelled => STOPPED.to_owned(),
        other => other.to_string(),
    })
}

impl BefitsApp {
    /// Whether text recognition can run here, as far as is known.
    #[must_use]
    pub fn ocr_availability(&self) -> &OcrAvailability {
        &self.ocr
    }

    /// Whether a recognition of pages is under way.
    #[must_use]
    pub fn is_recognising(&self) -> bool {
        self.recognising.is_some()
    }

    /// Looks for Tesseract and its languages in the background.
    pub(super) fn check_ocr(&mut self) {
        let tesseract = self.config.tesseract.clone();
        let wake = self.egui_ctx.clone();
        let job = Job::spawn(
            "Looking for Tesseract",
            move || wake.request_repaint(),
            move |_| match crate::pdf::ocr_languages(&tesseract) {
                Ok(langs) => OcrAvailability::Languages(langs),
                Err(e) => OcrAvailability::Unavailable(e.to_string()),
            },
        );
        match job {
            Ok(job) => self.ocr_check = Some(job),
            Err(e) => self.ocr = OcrAvailability::Unavailable(format!("the check could not start ({e})")),
        }
    }

    /// Takes what the Tesseract check and a recognition found.
    pub(super) fn poll_ocr(&mut self) {
        if let Some(found) = self.ocr_check.as_ref().and_then(Job::poll) {
            self.ocr = found;
            self.ocr_check = None;
        }
        let Some((result, serial, stopped)) =
            self.recognising.as_ref().and_then(|r| Some((r.job.poll()?, r.session, r.job.is_cancelled())))
        else {
            return;
        };
        self.recognising = None;
        // Stopped is stopped: text that was recognised before the stop reached the worker
        // is not added either.
        let result = if stopped { Err(STOPPED.to_owned()) } else { result };
        match result {
            Ok(r) if self.session.as_ref().is_some_and(|s| s.serial == serial) => self.apply_recognised(r),
            Ok(_) => self.message(Message::warning(
                "The recognised text was not added: another project was opened while it was being recognised. Open the article's project and recognise it again.",
            )),
            Err(e) if e == STOPPED => self.message(Message::info("Text recognition was stopped; nothing was changed.")),
            Err(e) => self.message(Message::error(format!("The pages were not recognised: {e}."))),
        }
    }

    fn apply_recognised(&mut self, r: Recognised) {
        let Some(session) = &mut self.session else { return };
        let Some(doc) = session.project.document(r.document) else { return };
        let title = text::ellipsize(&doc.title, 40);
        let n = r.pages.len();
        let found: usize = r.pages.iter().map(|(_, t)| t.chars().filter(|c| !c.is_whitespace()).count()).sum();
        let edit = Edit::SetPageTexts { document: r.document, pages: r.pages, ocr: Some(r.ocr), warnings: r.warnings };
        let label = format!("Recognise the text of {} of “{title}”", crate::model::text::counted(n, "page"));
        match session.apply(edit, label) {
            Ok(()) => {
                if let Some(p) = &mut self.pages {
                    // Its glyph boxes are those of the recognised text now.
                    p.forget(r.document);
                }
                self.message(Message::info(format!(
                    "{} of “{title}” recognised ({found} characters); the article is marked “text from OCR”.",
                    crate::model::text::counted(n, "page")
                )));
            }
            Err(e) => self.message(Message::error(format!("The recognised text was not added: {e}."))),
        }
    }

    /// Recognises the pages of `document` that have no text, in `language`, in the
    /// background (one at a time; Cancel stops it).
    pub(super) fn recognise_pages(&mut self, document: DocumentId, language: String) {
        if self.recognising.is_some() {
            self.message(Message::warning("Text recognition is already under way; wait for it or stop it."));
            return;
        }
        if !crate::pdf::valid_language(&language) {
            self.message(Message::error(format!("“{language}” is not a Tesseract language code.")));
            return;
        }
        let Some(doc) = self.session.as_ref().and_then(|s| s.project.document(document)) else { return };
        let pages: Vec<usize> =
            doc.pages.iter().enumerate().filter(|(_, p)| p.trim().is_empty()).map(|(i, _)| i).collect();
        let Some(pdf) = doc.pdf.as_ref().map(|p| p.path.clone()) else {
            self.message(Message::warning("This article has no PDF to recognise its pages from."));
            return;
        };
        if pages.is_empty() {
            self.message(Message::info("Every page of this article has text already."));
            return;
        }
        let (sha256, title) = (doc.sha256.clone(), text::ellipsize(&doc.title, 30));
        let serial = self.session.as_ref().map_or(0, |s| s.serial);
        let earlier = doc.ocr.clone();
        let password = self.pages.as_ref().and_then(|p| p.password(&sha256));
        let (worker, tesseract) = (self.config.worker_exe.clone(), self.config.tesseract.clone());
        let wake = self.egui_ctx.clone();
        let work = move |control: &Control| -> Result<Recognised, String> {
            if control.cancelled() {
                return Err(STOPPED.into());
            }
            let bytes = crate::persistence::read_verified(&pdf, &sha256, crate::persistence::MAX_PDF_BYTES)
                .map_err(|e| format!("its PDF could not be read ({e}): {}", pdf.display()))?;
            let x = recognise(&worker, &tesseract, &bytes, password.as_deref(), &pages, &language, control)?;
            let texts: Vec<(usize, String)> = pages
                .iter()
                .filter_map(|&i| Some((i, x.pages.get(i)?.clone())))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            if texts.is_empty() {
                return Err("no text was found on those pages".into());
            }
            let mut recognised: Vec<u32> = earlier.map(|o| o.pages).unwrap_or_default();
            recognised.extend(texts.iter().filter_map(|(i, _)| u32::try_from(i + 1).ok()));
            recognised.sort_unstable();
            recognised.dedup();
            let warnings = x.warnings.iter().map(ToString::to_string).collect();
            Ok(Recognised { document, pages: texts, ocr: OcrText { language, pages: recognised }, warnings })
        };
        match Job::spawn(format!("Recognising “{title}”"), move || wake.request_repaint(), work) {
            Ok(job) => self.recognising = Some(RecogniseJob { job, document, session: serial }),
            Err(e) => self.message(Message::error(format!("Text recognition could not start ({e})."))),
        }
    }
}

/// The Tesseract program to use: `BEFITS_CODER_TESSERACT` when set, else `tesseract` on the
/// search path.
#[must_use]
pub(super) fn default_tesseract() -> PathBuf {
    std::env::var_os("BEFITS_CODER_TESSERACT")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("tesseract"), PathBuf::from)
}
