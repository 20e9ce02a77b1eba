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
use super::process::WorkerProcess;
use super::types::Extraction;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;
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
    worker.send(&Job { password: password.map(str::to_owned) }, pdf)?;
    worker.finish(limits.timeout)?;
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

/// The worker's side: caps its memory, reads the PDF and its password from stdin, extracts
/// it and writes the JSON result to `out`. Returns the process exit code (0 when a result,
/// success or typed failure, was written).
#[must_use]
pub fn run_worker(out: &Path, memory_mib: u64, with_layout: bool) -> i32 {
    confine(memory_mib);
    let mut stdin = std::io::stdin().lock();
    let result: Result<Extraction, PdfError> = match read_frame(&mut stdin, MAX_INPUT_BYTES) {
        Ok(Some(frame)) => match frame.decode::<Job>() {
            Ok(job) => extract_bytes(&frame.payload, job.password.as_deref().filter(|p| !p.is_empty())),
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
