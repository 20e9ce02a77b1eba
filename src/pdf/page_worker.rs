//! Drawing pages in a worker process. The renderer parses the PDF's content streams, fonts
//! and images, which a crafted file can turn into an abort, a runaway allocation or a hang;
//! so it runs in a long-lived child of the app (the same binary with a hidden subcommand)
//! that keeps the document open between pages, with an address-space cap and a time limit
//! on every answer. A page that cannot be drawn is an error for that page only: the worker
//! is started again, and the document reopened, for the next one.

use super::error::PdfError;
use super::frame::{Frame, read_frame, write_frame};
use super::process::WorkerProcess;
use super::render::{Affine, Canvas, PageRenderer, RenderedPage};
use super::worker::{MAX_INPUT_BYTES, confine};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The hidden subcommand that runs the page worker.
pub const PAGE_WORKER_SUBCOMMAND: &str = "page-worker";

/// The most pixels of one drawn page (40 million: a letter page at about 8 pixels per
/// point); a larger request is drawn at the scale that fits.
pub const MAX_PAGE_PIXELS: f64 = 40e6;

/// Limits of the page worker.
#[derive(Clone, Debug)]
pub struct PageLimits {
    /// Longest wait for a document to open.
    pub open_timeout: Duration,
    /// Longest wait for one page.
    pub page_timeout: Duration,
    /// Address-space cap of the worker, in MiB.
    pub memory_mib: u64,
}

impl Default for PageLimits {
    fn default() -> Self {
        Self { open_timeout: Duration::from_secs(30), page_timeout: Duration::from_secs(20), memory_mib: 2048 }
    }
}

/// What an open document looks like.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageInfo {
    /// Displayed size of each page in points (rotation applied).
    pub sizes: Vec<(f32, f32)>,
    /// Map from PDF user space to the displayed page (points, y down), per page.
    pub transforms: Vec<Affine>,
}

#[derive(Serialize, Deserialize)]
enum Request {
    /// Open the PDF in the payload (closing the one open).
    Open { password: Option<String> },
    /// Draw a page (from 0) at `scale` pixels per point.
    Render { page: usize, scale: f32 },
}

#[derive(Serialize, Deserialize)]
enum Reply {
    Opened(PageInfo),
    /// The pixels (RGBA, opaque) are the payload.
    Rendered {
        width: u32,
        height: u32,
        transform: Affine,
    },
    Failed(PdfError),
}

/// The scale at which a page of `size` points fits in [`MAX_PAGE_PIXELS`].
pub(super) fn bounded_scale(size: (f32, f32), scale: f32) -> f32 {
    let pixels = f64::from(size.0 * scale).max(1.0) * f64::from(size.1 * scale).max(1.0);
    if pixels <= MAX_PAGE_PIXELS || !pixels.is_finite() {
        return if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
    }
    #[allow(clippy::cast_possible_truncation)]
    let shrink = (MAX_PAGE_PIXELS / pixels).sqrt() as f32;
    scale * shrink
}

/// What the worker answers to a request when no document is open.
fn no_document() -> Reply {
    Reply::Failed(PdfError::Damaged("no document is open".into()))
}

/// How serving one document ended.
enum Next {
    /// Another document is to be opened (this frame asks for it).
    Open(Frame),
    /// The app closed the pipe.
    End,
    /// The pipe broke.
    Broken,
}

/// Serves the pages of one open document, with one cache for all of them (fonts are read
/// and glyphs drawn once), until the app opens another document or goes away. The canvas
/// is kept from page to page, and from document to document; its pixels are written out as
/// they are.
fn serve(
    renderer: &PageRenderer,
    canvas: &mut Canvas,
    input: &mut impl std::io::Read,
    output: &mut impl std::io::Write,
) -> Next {
    let cache = renderer.cache();
    loop {
        let frame = match read_frame(input, MAX_INPUT_BYTES) {
            Ok(Some(frame)) => frame,
            Ok(None) => return Next::End,
            Err(_) => return Next::Broken,
        };
        let reply = match frame.decode::<Request>() {
            Ok(Request::Open { .. }) => return Next::Open(frame),
            Err(e) => Reply::Failed(PdfError::WorkerCrashed(format!("an unreadable request: {e}"))),
            Ok(Request::Render { page, scale }) => {
                let size = renderer.page_size(page).unwrap_or((612.0, 792.0));
                match renderer.draw(&cache, canvas, page, bounded_scale(size, scale)) {
                    Ok(d) => Reply::Rendered { width: d.width, height: d.height, transform: d.transform },
                    Err(e) => Reply::Failed(e),
                }
            }
        };
        let payload = if matches!(reply, Reply::Rendered { .. }) { canvas.pixels() } else { &[] };
        if write_frame(output, &reply, payload).is_err() {
            return Next::Broken;
        }
    }
}

/// The worker's side: answers requests on stdin until it closes. Returns the exit code.
#[must_use]
pub fn run_page_worker(memory_mib: u64) -> i32 {
    confine(memory_mib);
    // Pixels go out in a few large writes (see `process`); a no-op when stdout is no pipe.
    let _ = rustix::pipe::fcntl_setpipe_size(std::io::stdout(), 1 << 20);
    let mut stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    let mut next: Option<Frame> = None;
    let mut canvas = Canvas::new();
    loop {
        let frame = match next.take() {
            Some(frame) => frame,
            None => match read_frame(&mut stdin, MAX_INPUT_BYTES) {
                Ok(Some(frame)) => frame,
                Ok(None) => return 0,
                Err(_) => return 3,
            },
        };
        let reply = match frame.decode::<Request>() {
            Err(e) => Reply::Failed(PdfError::WorkerCrashed(format!("an unreadable request: {e}"))),
            Ok(Request::Render { .. }) => no_document(),
            Ok(Request::Open { password }) => match PageRenderer::open(frame.payload, password.as_deref()) {
                Err(e) => Reply::Failed(e),
                Ok(renderer) => {
                    let n = renderer.page_count();
                    let info = PageInfo {
                        sizes: (0..n).map(|i| renderer.page_size(i).unwrap_or((612.0, 792.0))).collect(),
                        transforms: (0..n)
                            .map(|i| renderer.page_transform(i).unwrap_or([1.0, 0.0, 0.0, -1.0, 0.0, 792.0]))
                            .collect(),
                    };
                    if write_frame(&mut stdout, &Reply::Opened(info), &[]).is_err() {
                        return 3;
                    }
                    match serve(&renderer, &mut canvas, &mut stdin, &mut stdout) {
                        Next::Open(frame) => {
                            next = Some(frame);
                            continue;
                        }
                        Next::End => return 0,
                        Next::Broken => return 3,
                    }
                }
            },
        };
        if write_frame(&mut stdout, &reply, &[]).is_err() {
            return 3;
        }
    }
}

/// The app's handle on a page worker: opens one document at a time and draws its pages,
/// starting the worker (again) whenever it is needed.
pub struct PageWorker {
    exe: PathBuf,
    limits: PageLimits,
    process: Option<WorkerProcess>,
    /// The open document's bytes and password, to open it again in a new worker.
    document: Option<(Arc<Vec<u8>>, Option<String>)>,
}

impl PageWorker {
    /// A page worker started from `exe` (the app's own binary) when first needed.
    #[must_use]
    pub fn new(exe: PathBuf, limits: PageLimits) -> Self {
        Self { exe, limits, process: None, document: None }
    }

    fn process(&mut self) -> Result<&mut WorkerProcess, PdfError> {
        if self.process.is_none() {
            let args = [PAGE_WORKER_SUBCOMMAND.to_owned(), "--memory-mib".into(), self.limits.memory_mib.to_string()];
            // A page of MAX_PAGE_PIXELS in RGB, and some room.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let max_reply = (MAX_PAGE_PIXELS as u64) * 4 + (1 << 20);
            self.process = Some(WorkerProcess::spawn(&self.exe, args, Some(max_reply))?);
        }
        self.process.as_mut().ok_or_else(|| PdfError::WorkerCrashed("no reader process".into()))
    }

    /// Sends a request and waits for its answer; a worker that fails is dropped (and
    /// started again by the next request).
    fn call(&mut self, request: &Request, payload: &[u8], timeout: Duration) -> Result<(Reply, Vec<u8>), PdfError> {
        let result = self.process().and_then(|p| {
            p.send(request, payload)?;
            let frame = p.receive(timeout)?;
            let reply =
                frame.decode::<Reply>().map_err(|e| PdfError::WorkerCrashed(format!("an unreadable answer: {e}")))?;
            Ok((reply, frame.payload))
        });
        if result.is_err() {
            self.process = None;
        }
        result
    }

    fn send_open(&mut self) -> Result<PageInfo, PdfError> {
        let Some((bytes, password)) = self.document.clone() else {
            return Err(PdfError::Damaged("no document is open".into()));
        };
        let timeout = self.limits.open_timeout;
        match self.call(&Request::Open { password }, &bytes, timeout)? {
            (Reply::Opened(info), _) => Ok(info),
            (Reply::Failed(e), _) => Err(e),
            (Reply::Rendered { .. }, _) => Err(PdfError::WorkerCrashed("an answer out of turn".into())),
        }
    }

    /// Opens a PDF (its bytes, checked by the caller) and tells its page sizes.
    ///
    /// # Errors
    /// The PDF cannot be opened (encrypted, damaged, or the worker failed on it).
    pub fn open(&mut self, bytes: Arc<Vec<u8>>, password: Option<String>) -> Result<PageInfo, PdfError> {
        self.document = Some((bytes, password));
        let opened = self.send_open();
        if opened.is_err() {
            self.document = None;
        }
        opened
    }

    /// Draws page `page` (from 0) of the open document at `scale` pixels per point (or the
    /// largest scale within [`MAX_PAGE_PIXELS`]).
    ///
    /// # Errors
    /// No document is open, or this page could not be drawn within the limits.
    pub fn render(&mut self, page: usize, scale: f32) -> Result<RenderedPage, PdfError> {
        if self.process.is_none() {
            // The worker failed on an earlier page: a new one opens the document again.
            self.send_open()?;
        }
        let timeout = self.limits.page_timeout;
        match self.call(&Request::Render { page, scale }, &[], timeout)? {
            (Reply::Rendered { width, height, transform }, rgba) => {
                if u64::from(width) * u64::from(height) * 4 != rgba.len() as u64 {
                    self.process = None;
                    return Err(PdfError::WorkerCrashed("a page of the wrong size".into()));
                }
                Ok(RenderedPage { width, height, rgba, transform })
            }
            (Reply::Failed(e), _) => Err(e),
            (Reply::Opened(_), _) => Err(PdfError::WorkerCrashed("an answer out of turn".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_pages_are_drawn_within_the_pixel_budget() {
        assert!((bounded_scale((612.0, 792.0), 2.0) - 2.0).abs() < 1e-6, "an article page at 2x is as asked");
        let s = bounded_scale((14_400.0, 14_400.0), 1.0);
        let pixels = f64::from(14_400.0 * s).powi(2);
        assert!(pixels <= MAX_PAGE_PIXELS * 1.001 && pixels > MAX_PAGE_PIXELS * 0.99, "{pixels}");
        assert!((bounded_scale((612.0, 792.0), f32::NAN) - 1.0).abs() < 1e-6);
    }
}
