//! A PDF worker process seen from the app: started from the app's own binary with a hidden
//! subcommand, fed messages on its stdin, answering on its stdout, its stderr kept in a file
//! to tell why it died. Every wait has a time limit; a worker past it is killed. Dropping a
//! [`WorkerProcess`] kills the process.

use super::error::PdfError;
use super::frame::{Frame, read_frame, write_frame};
use serde::Serialize;
use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The size asked for the pipes to a worker (Linux allows 1 MiB without privileges).
const PIPE_SIZE: usize = 1 << 20;

/// What the one waiting for a worker has seen since it last looked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Watch {
    /// Nothing new.
    Nothing,
    /// The worker moved on (the time limit starts again).
    Progress,
    /// The user wants it stopped.
    Stop,
}

/// A running worker.
pub(super) struct WorkerProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: Receiver<std::io::Result<Frame>>,
    stderr_path: PathBuf,
    _dir: tempfile::TempDir,
}

impl WorkerProcess {
    /// The worker's process id.
    pub(super) fn id(&self) -> u32 {
        self.child.id()
    }
}

fn crashed(what: &str, e: &dyn std::fmt::Display) -> PdfError {
    PdfError::WorkerCrashed(format!("{what}: {e}"))
}

/// Why a worker ended without an answer, from its exit status and what it printed.
pub(super) fn crash_error(status: Option<ExitStatus>, stderr: &str) -> PdfError {
    if stderr.contains("memory allocation") || stderr.contains("out of memory") {
        return PdfError::OutOfMemory;
    }
    if stderr.contains("overflowed its stack") {
        return PdfError::WorkerCrashed("stack overflow in the parser".into());
    }
    let last_line = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let sep = if last_line.is_empty() { "" } else { ": " };
    PdfError::WorkerCrashed(match status.and_then(|s| s.code()) {
        Some(code) => format!("exit code {code}{sep}{last_line}"),
        None => format!("terminated by a signal{sep}{last_line}"),
    })
}

impl WorkerProcess {
    /// Starts `exe` with `args`. With `max_reply`, the worker answers on its stdout with
    /// messages of at most that many bytes; without, what it prints there is read and
    /// discarded (a worker that writes its result to a file, safe from anything a parser
    /// prints), and the end of its output tells at once that it is ending.
    pub(super) fn spawn<I, S>(exe: &Path, args: I, max_reply: Option<u64>) -> Result<Self, PdfError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let dir = tempfile::tempdir().map_err(|e| crashed("no temporary folder", &e))?;
        let stderr_path = dir.path().join("stderr.txt");
        let err_file = File::create(&stderr_path).map_err(|e| crashed("no temporary file", &e))?;
        let mut child = Command::new(exe)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(err_file))
            .spawn()
            .map_err(|e| crashed("could not start the reader process", &e))?;
        let stdin = child.stdin.take();
        let (tx, replies) = channel();
        // A page's pixels (megabytes) pass in a few writes through a larger pipe rather than
        // a hundred of 64 KiB, each a switch between the two processes. Best effort: the
        // system may cap it.
        if let Some(out) = &child.stdout {
            let _ = rustix::pipe::fcntl_setpipe_size(out, PIPE_SIZE);
        }
        if let Some(input) = &stdin {
            let _ = rustix::pipe::fcntl_setpipe_size(input, PIPE_SIZE);
        }
        let Some(mut stdout) = child.stdout.take() else {
            drop(tx);
            return Ok(Self { child, stdin, replies, stderr_path, _dir: dir });
        };
        let spawned = std::thread::Builder::new().name("pdf-worker-replies".into()).spawn(move || {
            let Some(max_reply) = max_reply else {
                // Nothing is expected: what comes is dropped, and the end of it (the worker
                // exits) closes the channel, which wakes `finish`.
                let _ = std::io::copy(&mut stdout, &mut std::io::sink());
                drop(tx);
                return;
            };
            loop {
                match read_frame(&mut stdout, max_reply) {
                    Ok(Some(frame)) => {
                        if tx.send(Ok(frame)).is_err() {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        });
        if let Err(e) = spawned {
            let _ = child.kill();
            let _ = child.wait();
            return Err(crashed("no thread to read the reader process", &e));
        }
        Ok(Self { child, stdin, replies, stderr_path, _dir: dir })
    }

    /// Sends one message.
    ///
    /// # Errors
    /// The worker is gone (the error says why).
    pub(super) fn send<T: Serialize>(&mut self, header: &T, payload: &[u8]) -> Result<(), PdfError> {
        let Some(stdin) = &mut self.stdin else { return Err(self.failure()) };
        match write_frame(stdin, header, payload) {
            Ok(()) => Ok(()),
            Err(_) => Err(self.failure()),
        }
    }

    /// Waits up to `timeout` for the next message; a worker past it is killed.
    ///
    /// # Errors
    /// A timeout, a broken message, or the worker's death (with its cause).
    pub(super) fn receive(&mut self, timeout: Duration) -> Result<Frame, PdfError> {
        match self.replies.recv_timeout(timeout) {
            Ok(Ok(frame)) => Ok(frame),
            Ok(Err(e)) => {
                self.kill();
                Err(crashed("an unreadable answer", &e))
            }
            Err(RecvTimeoutError::Timeout) => {
                self.kill();
                Err(PdfError::Timeout(timeout.as_secs()))
            }
            Err(RecvTimeoutError::Disconnected) => Err(self.failure()),
        }
    }

    /// Closes the worker's input and waits for it to end: at most `timeout` without news
    /// (`watch`, asked between waits, tells of progress, which starts the clock again, or of
    /// a wish to stop). A worker past the time limit, or asked to stop, is killed.
    ///
    /// # Errors
    /// A timeout, a stop, or an exit other than success (with its cause).
    pub(super) fn finish(&mut self, timeout: Duration, mut watch: impl FnMut() -> Watch) -> Result<(), PdfError> {
        self.stdin = None;
        let mut since = Instant::now();
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(_)) => return Err(self.failure()),
                Ok(None) if since.elapsed() >= timeout => {
                    self.kill();
                    return Err(PdfError::Timeout(timeout.as_secs()));
                }
                Ok(None) => match watch() {
                    Watch::Stop => {
                        self.kill();
                        return Err(PdfError::Cancelled);
                    }
                    Watch::Progress => since = Instant::now(),
                    Watch::Nothing => self.pause(Duration::from_millis(10)),
                },
                Err(e) => return Err(crashed("lost the reader process", &e)),
            }
        }
    }

    /// Waits up to `most` for the worker to end: the end of its output wakes this at once,
    /// instead of the worker's result waiting out the whole pause (on average half of it:
    /// 5 of an article's 20 ms). Only for a worker that answers in a file (no messages).
    fn pause(&self, most: Duration) {
        if let Err(RecvTimeoutError::Disconnected) = self.replies.recv_timeout(most) {
            // Its output is closed: it is ending, and is looked at again very soon.
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker stopped answering: waits briefly for it to end, then reads its stderr.
    fn failure(&mut self) -> PdfError {
        self.stdin = None;
        let started = Instant::now();
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if started.elapsed() < Duration::from_secs(2) => std::thread::sleep(Duration::from_millis(5)),
                _ => {
                    self.kill();
                    break None;
                }
            }
        };
        let mut stderr = String::new();
        if let Ok(f) = File::open(&self.stderr_path) {
            use std::io::Read;
            let _ = f.take(64 * 1024).read_to_string(&mut stderr);
        }
        crash_error(status, &stderr)
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}
