//! PDF import on a background thread: one worker process per file, progress and results
//! sent back over a channel, cancellable between files.

use crate::pdf::{Extraction, PdfError, WorkerLimits, extract_isolated, sha256_hex};
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

/// A file to import, with the password to try.
pub(crate) type ImportFile = (PathBuf, Option<String>);

/// What the import thread reports.
pub(crate) enum ImportEvent {
    /// Reading file `index` (zero-based) began.
    Started { index: usize, name: String },
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
    cancel: &AtomicBool,
    tx: &Sender<ImportEvent>,
    repaint: &dyn Fn(),
) -> bool {
    for (index, (path, password)) in paths.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return true;
        }
        let _ = tx.send(ImportEvent::Started { index, name: display_name(path) });
        repaint();
        let result = match crate::persistence::read_file(path, crate::persistence::MAX_PDF_BYTES) {
            Err(e) => Err((path.clone(), PdfError::Io(e.to_string()))),
            Ok(bytes) => {
                // The worker reads these very bytes: the text stored is that of the file hashed.
                let sha256 = sha256_hex(&bytes);
                extract_isolated(worker, &bytes, password.as_deref(), limits)
                    .map(|extraction| Imported { path: path.clone(), sha256, extraction, password: password.clone() })
                    .map_err(|e| (path.clone(), e))
            }
        };
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
        ctx: egui::Context,
    ) -> std::io::Result<Self> {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let total = paths.len();
        let first = paths.first().map(|(p, _)| display_name(p)).unwrap_or_default();
        std::thread::Builder::new().name("pdf-import".into()).spawn(move || {
            let repaint = || ctx.request_repaint();
            let cancelled = run(&paths, &worker, &limits, &flag, &tx, &repaint);
            let _ = tx.send(ImportEvent::Done { cancelled });
            ctx.request_repaint();
        })?;
        Ok(Self { rx, cancel, finished: false, view: ImportView { done: 0, total, current: first } })
    }

    /// Asks the job to stop after the current file.
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
                }
                ImportEvent::Finished(_) => self.view.done += 1,
                ImportEvent::Done { .. } => self.finished = true,
            }
        }
        events
    }
}
