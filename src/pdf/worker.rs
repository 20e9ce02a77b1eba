//! The isolated extraction worker: the same binary, started with a hidden subcommand, is
//! given one PDF's bytes (and its password) on stdin and writes the result as JSON to a
//! file. It never opens a file it was not given: the app reads the PDF (bounded, and checked
//! against its recorded hash where a project names it) and hands the bytes over. The parent
//! waits with a time limit and the worker caps its own address space, so a panic, abort,
//! stack overflow, runaway allocation or hang in the parser costs one import, never the app
//! or unsaved work.

use super::error::PdfError;
use super::extract::extract_bytes;
use super::frame::read_frame;
use super::ocr::{OcrRequest, recognise_page};
use super::process::{Watch, WorkerProcess};
use super::quality::{Warning, check_quality};
use super::render::PageRenderer;
use super::types::{Extraction, PageLayout, PageSource};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The hidden subcommand that runs the worker.
pub const WORKER_SUBCOMMAND: &str = "extract-worker";

/// The largest PDF handed to a worker (1 GiB, as the largest file the app reads).
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Limits for one worker run.
#[derive(Clone, Debug)]
pub struct WorkerLimits {
    /// Wall-clock limit; the worker is killed after it.
    pub timeout: Duration,
    /// Address-space cap of the worker, in MiB.
    pub memory_mib: u64,
    /// Whether glyph boxes are wanted (they make the result much larger).
    pub with_layout: bool,
}

impl Default for WorkerLimits {
    fn default() -> Self {
        Self { timeout: Duration::from_secs(45), memory_mib: 3072, with_layout: false }
    }
}

/// What the app tells the worker along with the PDF's bytes.
#[derive(Serialize, Deserialize)]
struct Job {
    password: Option<String>,
    /// Text recognition of pages without text, if wanted.
    #[serde(default)]
    ocr: Option<OcrRequest>,
}

/// More than a plain extraction: text recognition, progress, a way to stop.
#[derive(Clone, Copy, Default)]
pub struct ExtractOptions<'a> {
    /// Recognise the text of pages that have none (or of the pages it names).
    pub ocr: Option<&'a OcrRequest>,
    /// Told `(done, of)` as pages are recognised.
    pub progress: Option<&'a dyn Fn(usize, usize)>,
    /// Set to stop the work (the worker is killed; the result is [`PdfError::Cancelled`]).
    pub cancel: Option<&'a AtomicBool>,
}

/// Extracts a PDF held in memory in a child process running `worker_exe` (normally the
/// app's own binary).
///
/// # Errors
/// Every failure, including a crash or hang of the worker, as a [`PdfError`].
pub fn extract_isolated(
    worker_exe: &Path,
    pdf: &[u8],
    password: Option<&str>,
    limits: &WorkerLimits,
) -> Result<Extraction, PdfError> {
    extract_isolated_with(worker_exe, pdf, password, limits, ExtractOptions::default())
}

/// The progress a worker wrote: `(done, of)`.
fn read_progress(path: &Path) -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(path).ok()?;
    let (a, b) = text.trim().split_once(' ')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// As [`extract_isolated`], with text recognition, progress and a way to stop. With OCR,
/// the time limit applies to each page.
///
/// # Errors
/// As [`extract_isolated`]; [`PdfError::Cancelled`] when stopped.
pub fn extract_isolated_with(
    worker_exe: &Path,
    pdf: &[u8],
    password: Option<&str>,
    limits: &WorkerLimits,
    options: ExtractOptions<'_>,
) -> Result<Extraction, PdfError> {
    let dir = tempfile::tempdir().map_err(|e| PdfError::WorkerCrashed(format!("no temporary folder: {e}")))?;
    let out_path = dir.path().join("result.json");
    let mut args = vec![
        WORKER_SUBCOMMAND.into(),
        "--out".into(),
        out_path.clone().into_os_string(),
        "--memory-mib".into(),
        limits.memory_mib.to_string().into(),
    ];
    if limits.with_layout {
        args.push("--layout".into());
    }
    let mut worker = WorkerProcess::spawn(worker_exe, args, None)?;
    // The password goes over stdin, never on the command line where others can see it.
    worker.send(&Job { password: password.map(str::to_owned), ocr: options.ocr.cloned() }, pdf)?;
    let progress_path = progress_file(&out_path);
    let mut seen = None;
    worker.finish(limits.timeout, || {
        if options.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Watch::Stop;
        }
        let now = read_progress(&progress_path);
        if now.is_some() && now != seen {
            seen = now;
            if let (Some(report), Some((done, of))) = (options.progress, now) {
                report(done, of);
            }
            return Watch::Progress;
        }
        Watch::Nothing
    })?;
    // The last word on progress may come just before the worker ends.
    if let (Some(report), Some((done, of))) = (options.progress, read_progress(&progress_path))
        && Some((done, of)) != seen
    {
        report(done, of);
    }
    let file = std::fs::File::open(&out_path).map_err(|e| PdfError::WorkerCrashed(format!("no result: {e}")))?;
    let mut text = String::new();
    // The result of a 1 GiB PDF with glyph boxes stays well below this.
    file.take(8 << 30).read_to_string(&mut text).map_err(|e| PdfError::WorkerCrashed(format!("no result: {e}")))?;
    let result: Result<Extraction, PdfError> =
        serde_json::from_str(&text).map_err(|e| PdfError::WorkerCrashed(format!("unreadable result: {e}")))?;
    result
}

/// Caps this process's address space (best effort: without it, the parent's time limit
/// still protects the app) and silences panic messages (panics inside the parser are caught
/// and reported; stderr is kept for real crashes).
pub(super) fn confine(memory_mib: u64) {
    let bytes = memory_mib.saturating_mul(1024 * 1024);
    let _ = rlimit::Resource::AS.set(bytes, bytes);
    std::panic::set_hook(Box::new(|_| {}));
}

/// Where the worker writing `out` tells its progress.
fn progress_file(out: &Path) -> std::path::PathBuf {
    out.with_file_name("progress")
}

/// Recognises the text of the pages `req` names (or of every page without text) and puts
/// it in place of what extraction found there.
fn with_ocr(
    first: Result<Extraction, PdfError>,
    bytes: &[u8],
    password: Option<&str>,
    req: &OcrRequest,
    progress: &Path,
) -> Result<Extraction, PdfError> {
    let mut x = match first {
        Ok(x) => x,
        // Scanned pages, or text in fonts no map explains: recognise them.
        Err(PdfError::NoText | PdfError::UndecodableFonts(_)) => Extraction::default(),
        Err(e) => return Err(e),
    };
    let renderer = PageRenderer::open(bytes.to_vec(), password)?;
    let n = renderer.page_count();
    x.pages.resize(n, String::new());
    x.layouts.resize(n, PageLayout::default());
    x.sources.resize(n, PageSource::TextLayer);
    let targets: Vec<usize> = match &req.pages {
        Some(pages) => pages.iter().copied().filter(|i| *i < n).collect(),
        None => (0..n).filter(|i| x.pages[*i].trim().is_empty()).collect(),
    };
    let dir = tempfile::tempdir().map_err(|e| PdfError::Io(e.to_string()))?;
    let mut failed: Vec<(u32, String)> = Vec::new();
    for (done, &i) in targets.iter().enumerate() {
        let _ = std::fs::write(progress, format!("{done} {}", targets.len()));
        match recognise_page(&renderer, i, req, dir.path()) {
            Ok(page) => {
                x.pages[i] = page.text;
                x.layouts[i] = page.layout;
                x.sources[i] = PageSource::Ocr { language: req.language.clone() };
            }
            // Without Tesseract, or without the language, no page can be read.
            Err(e @ PdfError::OcrUnavailable(_)) => return Err(e),
            Err(e) => failed.push((u32::try_from(i + 1).unwrap_or(u32::MAX), e.to_string())),
        }
    }
    let _ = std::fs::write(progress, format!("{} {}", targets.len(), targets.len()));
    if x.pages.iter().all(|p| p.trim().is_empty()) {
        return Err(failed.first().map_or(PdfError::NoText, |(_, e)| PdfError::OcrFailed(e.clone())));
    }
    // The checks of the whole text again, with the recognised pages in it.
    x.warnings.retain(|w| !matches!(w, Warning::EmptyPages { .. } | Warning::Garbled { .. }));
    x.warnings.extend(check_quality(&x.pages, &failed));
    Ok(x)
}

/// The worker's side: caps its memory, reads the PDF and its password from stdin, extracts
/// it (recognising pages without text when asked) and writes the JSON result to `out`.
/// Returns the process exit code (0 when a result, success or typed failure, was written).
#[must_use]
pub fn run_worker(out: &Path, memory_mib: u64, with_layout: bool) -> i32 {
    confine(memory_mib);
    let mut stdin = std::io::stdin().lock();
    let result: Result<Extraction, PdfError> = match read_frame(&mut stdin, MAX_INPUT_BYTES) {
        Ok(Some(frame)) => match frame.decode::<Job>() {
            Ok(job) => {
                let password = job.password.as_deref().filter(|p| !p.is_empty());
                let first = extract_bytes(&frame.payload, password);
                match &job.ocr {
                    Some(req) => with_ocr(first, &frame.payload, password, req, &progress_file(out)),
                    None => first,
                }
            }
            Err(e) => Err(PdfError::Io(e.to_string())),
        },
        Ok(None) => Err(PdfError::Empty),
        Err(e) => Err(PdfError::Io(e.to_string())),
    };
    let result = result.map(|mut x| {
        if !with_layout {
            for layout in &mut x.layouts {
                layout.glyphs = Vec::new();
            }
        }
        x
    });
    let Ok(json) = serde_json::to_string(&result) else {
        return 3;
    };
    match std::fs::write(out, json) {
        Ok(()) => 0,
        Err(_) => 3,
    }
}
