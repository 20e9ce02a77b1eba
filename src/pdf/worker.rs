//! The isolated extraction worker: the same binary, started with a hidden subcommand, reads
//! one PDF and writes the result as JSON to a file. The parent waits with a time limit and
//! the worker caps its own address space, so a panic, abort, stack overflow, runaway
//! allocation or hang in the parser costs one import, never the app or unsaved work.

use super::error::PdfError;
use super::extract::extract_bytes;
use super::types::Extraction;
use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The hidden subcommand that runs the worker.
pub const WORKER_SUBCOMMAND: &str = "extract-worker";

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

/// Extracts a PDF in a child process running `worker_exe` (normally the app's own binary).
///
/// # Errors
/// Every failure, including a crash or hang of the worker, as a [`PdfError`].
pub fn extract_isolated(
    worker_exe: &Path,
    pdf: &Path,
    password: Option<&str>,
    limits: &WorkerLimits,
) -> Result<Extraction, PdfError> {
    let crashed = |what: &str, e: &dyn std::fmt::Display| PdfError::WorkerCrashed(format!("{what}: {e}"));
    let dir = tempfile::tempdir().map_err(|e| crashed("no temporary folder", &e))?;
    let out_path = dir.path().join("result.json");
    let err_path = dir.path().join("stderr.txt");
    let err_file = File::create(&err_path).map_err(|e| crashed("no temporary file", &e))?;
    let mut cmd = Command::new(worker_exe);
    cmd.arg(WORKER_SUBCOMMAND).arg("--out").arg(&out_path).arg("--memory-mib").arg(limits.memory_mib.to_string());
    if limits.with_layout {
        cmd.arg("--layout");
    }
    let mut child = cmd
        .arg(pdf)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::from(err_file))
        .spawn()
        .map_err(|e| crashed("could not start the reader process", &e))?;
    if let Some(mut stdin) = child.stdin.take() {
        // The password goes over stdin, never on the command line where others can see it.
        // A failed write means the child already exited; its status tells why.
        let _ = stdin.write_all(password.unwrap_or("").as_bytes());
    }
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limits.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::Timeout(limits.timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(15)),
            Err(e) => return Err(crashed("lost the reader process", &e)),
        }
    };
    if status.success() {
        let text = std::fs::read_to_string(&out_path).map_err(|e| crashed("no result", &e))?;
        let result: Result<Extraction, PdfError> =
            serde_json::from_str(&text).map_err(|e| crashed("unreadable result", &e))?;
        return result;
    }
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    if stderr.contains("memory allocation") || stderr.contains("out of memory") {
        return Err(PdfError::OutOfMemory);
    }
    if stderr.contains("overflowed its stack") {
        return Err(PdfError::WorkerCrashed("stack overflow in the parser".into()));
    }
    let last_line = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    Err(PdfError::WorkerCrashed(match status.code() {
        Some(code) => format!("exit code {code}{}{last_line}", if last_line.is_empty() { "" } else { ": " }),
        None => format!("terminated by a signal{}{last_line}", if last_line.is_empty() { "" } else { ": " }),
    }))
}

/// The worker's side: caps its memory, reads the password from stdin and the PDF from
/// `pdf`, extracts it and writes the JSON result to `out`. Returns the process exit code
/// (0 when a result, success or typed failure, was written).
#[must_use]
pub fn run_worker(pdf: &Path, out: &Path, memory_mib: u64, with_layout: bool) -> i32 {
    let bytes = memory_mib.saturating_mul(1024 * 1024);
    // Best effort: without the cap the time limit still protects the app.
    let _ = rlimit::Resource::AS.set(bytes, bytes);
    // Panics inside the parser are caught per page and reported in the result; keep stderr
    // for real crashes.
    std::panic::set_hook(Box::new(|_| {}));
    let mut password = String::new();
    let _ = std::io::stdin().read_to_string(&mut password);
    let password = password.trim_end_matches(['\n', '\r']);
    let result: Result<Extraction, PdfError> = match std::fs::read(pdf) {
        Ok(data) => extract_bytes(&data, (!password.is_empty()).then_some(password)),
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
