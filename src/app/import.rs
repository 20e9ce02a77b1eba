//! PDF import as a background job: one worker process per file, progress and each file's
//! result sent back over the job's feed and added to the project as it arrives. Cancelling
//! stops the file being read (its worker is killed) and the files after it; the files read
//! so far are kept.

use super::job::{Feed, Job, Tell};
use super::{BefitsApp, capitalise, ocr};
use crate::model::{Document, DocumentBundle, Edit, Study, text};
use crate::pdf::{ExtractOptions, Extraction, OcrRequest, PdfError, WorkerLimits, extract_isolated_with, sha256_hex};
use crate::ui::ImportView;
use crate::ui::{FailedImport, Message};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// A PDF read successfully.
pub(crate) struct Imported {
    pub path: PathBuf,
    pub sha256: String,
    pub extraction: Extraction,
    /// The password it was opened with (kept for the session so its pages can be drawn).
    pub password: Option<String>,
}

/// A file to import: where it is, the password to try, and the language to recognise its
/// pages without text in (OCR), if that is wanted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ImportFile {
    pub path: PathBuf,
    pub password: Option<String>,
    pub ocr: Option<String>,
}

impl ImportFile {
    /// A file read as it is.
    pub(crate) fn plain(path: PathBuf) -> Self {
        Self { path, password: None, ocr: None }
    }
}

/// What the import thread reports.
pub(crate) enum ImportEvent {
    /// Reading file `index` (zero-based) began.
    Started { index: usize, name: String },
    /// Text recognition of the current file: `done` pages of `of`.
    Recognising { done: usize, of: usize },
    /// A file is done, well or not.
    Finished(Result<Imported, (PathBuf, PdfError)>),
    /// The job ended (all files done, or cancelled).
    Done { cancelled: bool },
}

/// A running import.
pub(crate) struct ImportJob {
    /// The job; its result says whether it was cancelled.
    job: Job<bool>,
    feed: Feed<ImportEvent>,
    finished: bool,
    pub view: ImportView,
    /// The session the articles are for: one opened meanwhile stops the import and takes
    /// none of them.
    session: u64,
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn run(
    paths: &[ImportFile],
    worker: &Path,
    limits: &WorkerLimits,
    tesseract: &Path,
    cancel: &AtomicBool,
    tell: &Tell<ImportEvent>,
) -> bool {
    for (index, file) in paths.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return true;
        }
        let ImportFile { path, password, ocr } = file;
        tell.send(ImportEvent::Started { index, name: display_name(path) });
        let result = match crate::persistence::read_file(path, crate::persistence::MAX_PDF_BYTES) {
            Err(e) => Err((path.clone(), PdfError::Io(e.to_string()))),
            Ok(bytes) => {
                // The worker reads these very bytes: the text stored is that of the file hashed.
                let sha256 = sha256_hex(&bytes);
                let request = ocr
                    .as_deref()
                    .map(|l| OcrRequest { tesseract: tesseract.to_path_buf(), ..OcrRequest::pages_without_text(l) });
                let progress = |done: usize, of: usize| tell.send(ImportEvent::Recognising { done, of });
                let options = ExtractOptions { ocr: request.as_ref(), progress: Some(&progress), cancel: Some(cancel) };
                extract_isolated_with(worker, &bytes, password.as_deref(), limits, options)
                    .map(|extraction| Imported { path: path.clone(), sha256, extraction, password: password.clone() })
                    .map_err(|e| (path.clone(), e))
            }
        };
        if matches!(result, Err((_, PdfError::Cancelled))) {
            return true;
        }
        tell.send(ImportEvent::Finished(result));
    }
    false
}

impl ImportJob {
    /// Starts importing `paths` on a named background thread.
    pub(crate) fn start(
        paths: Vec<ImportFile>,
        worker: PathBuf,
        limits: WorkerLimits,
        tesseract: PathBuf,
        ctx: egui::Context,
    ) -> std::io::Result<Self> {
        let total = paths.len();
        let first = paths.first().map(|f| display_name(&f.path)).unwrap_or_default();
        let (job, feed) = Job::spawn_with_feed(
            "Importing PDFs",
            move || ctx.request_repaint(),
            move |control, tell| run(&paths, &worker, &limits, &tesseract, control.cancel_flag(), tell),
        )?;
        Ok(Self {
            job,
            feed,
            finished: false,
            view: ImportView { done: 0, total, current: first, pages: None },
            session: 0,
        })
    }

    /// Asks the job to stop (the file being read is given up, its worker stopped).
    pub(crate) fn cancel(&self) {
        self.job.cancel();
    }

    /// Events that arrived since the last call, ending with `Done` when the job has ended
    /// (also when its thread died, so the import never hangs in the UI).
    pub(crate) fn poll(&mut self) -> Vec<ImportEvent> {
        // The result first: every news was sent before it, so the feed then holds them all.
        let ended = if self.finished { None } else { self.job.poll().or_else(|| self.job.died().then_some(false)) };
        let mut events = self.feed.take();
        if let Some(cancelled) = ended {
            events.push(ImportEvent::Done { cancelled });
        }
        for e in &events {
            match e {
                ImportEvent::Started { index, name } => {
                    self.view.done = *index;
                    self.view.current.clone_from(name);
                    self.view.pages = None;
                }
                ImportEvent::Recognising { done, of } => self.view.pages = Some((*done, *of)),
                ImportEvent::Finished(_) => self.view.done += 1,
                ImportEvent::Done { .. } => self.finished = true,
            }
        }
        events
    }
}

impl BefitsApp {
    pub(super) fn start_import(&mut self, paths: Vec<ImportFile>, ctx: &egui::Context) {
        if self.session.is_none() {
            self.message(Message::warning("Create or open a project before adding articles."));
            return;
        }
        if self.import.is_some() {
            self.message(Message::warning("An import is already running; wait for it to finish or cancel it."));
            return;
        }
        let paths: Vec<ImportFile> = paths.into_iter().filter(|f| !f.path.as_os_str().is_empty()).collect();
        self.failed_imports.retain(|f| !paths.iter().any(|p| p.path == f.path));
        if paths.is_empty() {
            return;
        }
        let (worker, limits, tesseract) =
            (self.config.worker_exe.clone(), self.config.limits.clone(), self.config.tesseract.clone());
        let serial = self.session.as_ref().map_or(0, |s| s.serial);
        match ImportJob::start(paths, worker, limits, tesseract, ctx.clone()) {
            Ok(job) => self.import = Some(ImportJob { session: serial, ..job }),
            Err(e) => self.message(Message::error(format!("The import could not start ({e})."))),
        }
    }

    pub(super) fn poll_import(&mut self) {
        let Some(job) = &mut self.import else { return };
        let (events, serial) = (job.poll(), job.session);
        for event in events {
            match event {
                ImportEvent::Started { .. } | ImportEvent::Recognising { .. } => {}
                // Articles read for a project closed since are not put into another one.
                ImportEvent::Finished(Ok(_)) if self.session.as_ref().is_none_or(|s| s.serial != serial) => {}
                ImportEvent::Finished(Ok(imported)) => self.add_imported(imported),
                ImportEvent::Finished(Err((path, e))) => {
                    use crate::pdf::PdfError;
                    let needs_password = matches!(e, PdfError::Encrypted { .. });
                    let can_recognise = matches!(e, PdfError::NoText | PdfError::UndecodableFonts(_));
                    self.message(Message::error(format!("Could not import: {e}: {}", path.display())));
                    self.failed_imports.retain(|f| f.path != path);
                    let reason = capitalise(&e.to_string());
                    self.failed_imports.push(FailedImport { path, reason, needs_password, can_recognise });
                }
                ImportEvent::Done { cancelled } => {
                    self.import = None;
                    if self.session.as_ref().is_none_or(|s| s.serial != serial) {
                        self.message(Message::warning(
                            "The import of PDFs was stopped when another project was opened: the articles read before are in the project it was started in; add the others to it again.",
                        ));
                        return;
                    }

                    if cancelled {
                        self.message(Message::info("Import cancelled; the articles read so far were added."));
                    }
                    if self.session.as_ref().is_some_and(|s| s.path.is_none() && s.is_dirty()) {
                        self.message(Message::info("Save the project (Ctrl+S) to keep your work; it is saved automatically once it has a file."));
                    }
                    return;
                }
            }
        }
    }

    pub(super) fn add_imported(&mut self, imported: Imported) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Imported { path, sha256, extraction, password } = imported;
        if let (Some(pw), Some(pages)) = (password, &mut self.pages) {
            pages.remember_password(&sha256, pw);
        }
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        if let Some(existing) = session.project.documents().values().find(|d| d.sha256 == sha256) {
            let title = existing.title.clone();
            self.message(Message::info(format!(
                "{name} is already in the project as “{title}”; it was not added again."
            )));
            return;
        }
        let title = path.file_stem().map_or_else(|| name.clone(), |s| s.to_string_lossy().replace(['_'], " "));
        let id = session.project.next_document_id();
        let study = session.project.next_study_id();
        let warnings: Vec<String> = extraction.warnings.iter().map(ToString::to_string).collect();
        let unreadable_pages = extraction.unreadable_pages();
        let ocr = ocr::ocr_text(&extraction);
        let absolute = std::fs::canonicalize(&path).unwrap_or(path);
        let document = Document {
            id,
            title: title.clone(),
            study,
            sha256,
            pdf: Some(crate::model::PdfSource { path: absolute }),
            pages: extraction.pages,
            fields: BTreeMap::new(),
            warnings: warnings.clone(),
            ocr,
            unreadable_pages,
        };
        let bundle = DocumentBundle {
            document,
            study: Some(Study { id: study, label: title.clone() }),
            codings: Vec::new(),
            imported: Vec::new(),
        };
        match session
            .apply(Edit::AddDocument(Box::new(bundle)), format!("Add article “{}”", text::ellipsize(&title, 40)))
        {
            Ok(()) => {
                if self.ui_state.document.is_none() {
                    self.ui_state.document = Some(id);
                }
                for w in warnings {
                    self.message(Message::warning(format!("{name}: {w}")));
                }
            }
            Err(e) => self.message(Message::error(format!("Could not add {name}: {e}"))),
        }
    }

    /// Asks the import under way to stop.
    pub(super) fn cancel_import(&self) {
        if let Some(job) = &self.import {
            job.cancel();
        }
    }

    /// Takes a failed import off the list.
    pub(super) fn dismiss_failed_import(&mut self, path: &Path) {
        self.failed_imports.retain(|f| f.path != path);
        self.ui_state.import_passwords.remove(path);
    }
}
