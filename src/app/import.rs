//! PDF import on a background thread: one worker process per file, progress and results
//! sent back over a channel. Cancelling stops the file being read (its worker is killed)
//! and the files after it; the files read so far are kept.

use crate::pdf::{ExtractOptions, Extraction, OcrRequest, PdfError, WorkerLimits, extract_isolated_with, sha256_hex};
use crate::ui::ImportView;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

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
    rx: Receiver<ImportEvent>,
    cancel: Arc<AtomicBool>,
    finished: bool,
    pub view: ImportView,
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
    tx: &Sender<ImportEvent>,
    repaint: &dyn Fn(),
) -> bool {
    for (index, file) in paths.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return true;
        }
        let ImportFile { path, password, ocr } = file;
        let _ = tx.send(ImportEvent::Started { index, name: display_name(path) });
        repaint();
        let result = match crate::persistence::read_file(path, crate::persistence::MAX_PDF_BYTES) {
            Err(e) => Err((path.clone(), PdfError::Io(e.to_string()))),
            Ok(bytes) => {
                // The worker reads these very bytes: the text stored is that of the file hashed.
                let sha256 = sha256_hex(&bytes);
                let request = ocr
                    .as_deref()
                    .map(|l| OcrRequest { tesseract: tesseract.to_path_buf(), ..OcrRequest::pages_without_text(l) });
                let progress = |done: usize, of: usize| {
                    let _ = tx.send(ImportEvent::Recognising { done, of });
                    repaint();
                };
                let options = ExtractOptions { ocr: request.as_ref(), progress: Some(&progress), cancel: Some(cancel) };
                extract_isolated_with(worker, &bytes, password.as_deref(), limits, options)
                    .map(|extraction| Imported { path: path.clone(), sha256, extraction, password: password.clone() })
                    .map_err(|e| (path.clone(), e))
            }
        };
        if matches!(result, Err((_, PdfError::Cancelled))) {
            return true;
        }
        let _ = tx.send(ImportEvent::Finished(result));
        repaint();
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
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let total = paths.len();
        let first = paths.first().map(|f| display_name(&f.path)).unwrap_or_default();
        std::thread::Builder::new().name("pdf-import".into()).spawn(move || {
            let repaint = || ctx.request_repaint();
            let cancelled = run(&paths, &worker, &limits, &tesseract, &flag, &tx, &repaint);
            let _ = tx.send(ImportEvent::Done { cancelled });
            ctx.request_repaint();
        })?;
        Ok(Self { rx, cancel, finished: false, view: ImportView { done: 0, total, current: first, pages: None } })
    }

    /// Asks the job to stop (the file being read is given up, its worker stopped).
    pub(crate) fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Events that arrived since the last call. If the thread died without saying it was
    /// done, a `Done` is made up so the job never hangs in the UI.
    pub(crate) fn poll(&mut self) -> Vec<ImportEvent> {
        let mut events = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(e) => events.push(e),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if !self.finished && !events.iter().any(|e| matches!(e, ImportEvent::Done { .. })) {
                        events.push(ImportEvent::Done { cancelled: false });
                    }
                    self.finished = true;
                    break;
                }
            }
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
