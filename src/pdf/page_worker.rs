//! Drawing pages in a worker process. The renderer parses the PDF's content streams, fonts
//! and images, which a crafted file can turn into an abort, a runaway allocation or a hang;
//! so it runs in a long-lived child of the app (the same binary with a hidden subcommand)
//! that keeps the document open between pages, with an address-space cap and a time limit
//! on every answer. A page that cannot be drawn is an error for that page only: the worker
//! is started again, and the document reopened, for the next one.
//!
//! The app asks for pages ahead of their answers, and forgets those it no longer wants
//! (scrolled past) before the worker starts them. In the worker, two threads draw pages at
//! once (one on a single-core machine), each counting the white of its page (`white_runs`),
//! and a writer thread hands the pages over while the drawing threads go on: the isolation
//! then costs little more than drawing in the app itself (see the `pages` bench).

use super::error::PdfError;
use super::frame::{Frame, read_frame, write_frame};
use super::process::WorkerProcess;
use super::render::{Affine, Canvas, PageRenderer, RenderedPage};
use super::white_runs;
use super::worker::{MAX_INPUT_BYTES, confine};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Read;
use std::os::fd::AsFd;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};
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
    /// Drop these pages (page, scale) asked for before, unless a drawing thread has started
    /// them: each is then answered [`Reply::Skipped`] in its turn.
    Forget { pages: Vec<(usize, f32)> },
}

#[derive(Serialize, Deserialize)]
enum Reply {
    Opened(PageInfo),
    /// The pixels (RGBA, opaque) are the payload, their white counted (`white_runs`).
    Rendered {
        width: u32,
        height: u32,
        transform: Affine,
    },
    Failed(PdfError),
    /// A page asked for, then forgotten before it was started.
    Skipped,
}

/// The scale, at most `scale`, at which a page of `size` points fits in [`MAX_PAGE_PIXELS`]
/// and neither side is longer than the renderer draws ([`super::render::MAX_SIDE`]): a very
/// long or wide page is drawn smaller rather than not at all.
pub(super) fn bounded_scale(size: (f32, f32), scale: f32) -> f32 {
    let scale = if scale.is_finite() && scale > 0.0 { scale } else { 1.0 };
    let pixels = f64::from(size.0 * scale).max(1.0) * f64::from(size.1 * scale).max(1.0);
    if !pixels.is_finite() {
        return scale;
    }
    #[allow(clippy::cast_possible_truncation)]
    let by_pixels = if pixels <= MAX_PAGE_PIXELS { 1.0 } else { (MAX_PAGE_PIXELS / pixels).sqrt() as f32 };
    let longest = size.0.max(size.1) * scale;
    let by_side = if longest > super::render::MAX_SIDE { super::render::MAX_SIDE / longest } else { 1.0 };
    scale * by_pixels.min(by_side)
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

/// The most pages drawn at once. Each drawing thread holds a canvas (up to 160 MB for the
/// largest page allowed) and two pages' pixels as they cross the pipe (as large at most),
/// within the worker's memory cap.
const MAX_DRAWING_THREADS: usize = 2;

/// A page to draw, numbered in the order the requests came.
struct Job {
    seq: u64,
    page: usize,
    scale: f32,
}

/// The pages the app no longer wants, (page, scale bits) to the number of the request that
/// forgot them: a job asked before that is skipped, one asked again after it is drawn.
type Forgotten = Mutex<HashMap<(usize, u32), u64>>;

/// Whether `job` was forgotten before a drawing thread took it.
fn is_forgotten(forgotten: &Forgotten, job: &Job) -> bool {
    forgotten.lock().is_ok_and(|f| f.get(&(job.page, job.scale.to_bits())).is_some_and(|&before| job.seq < before))
}

/// A reply on its way to the app: its number in the order of the requests, and the pixels
/// it carries (their white counted) with where to give their buffer back once written.
struct Outgoing {
    seq: u64,
    reply: Reply,
    pixels: Option<(Vec<u8>, Sender<Vec<u8>>)>,
}

/// Replies sent from the thread that reads the requests (openings, refusals), numbered
/// with the pages.
struct Replies {
    out: Sender<Outgoing>,
    seq: u64,
}

impl Replies {
    /// The number the next request will take: every request before it has a lower one.
    fn next_seq(&self) -> u64 {
        self.seq
    }

    fn take_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq - 1
    }

    /// Queues a reply; false when the writer has stopped (the pipe broke).
    fn send(&mut self, reply: Reply) -> bool {
        let seq = self.take_seq();
        self.out.send(Outgoing { seq, reply, pixels: None }).is_ok()
    }
}

/// One drawing thread's buffers, kept from page to page and from document to document: its
/// canvas, and two buffers for a page's pixels as they cross the pipe. Each page is drawn on
/// the canvas and its white counted (`white_runs`) into one buffer while the writer hands
/// the other over to the app, so that copying through the pipe and drawing do not wait for
/// each other. Counting the white here rather than in the writer keeps one page-sized
/// picture per thread, not two: a new worker takes 15 MB less memory from the system, one
/// page fault at a time, for an article's first pages at 2x.
struct Drawer {
    canvas: Canvas,
    /// The buffer to count the next page's white into, when it is not being handed over.
    spare: Option<Vec<u8>>,
    /// Where the writer gives buffers back.
    give_back: Sender<Vec<u8>>,
    returned: Receiver<Vec<u8>>,
    /// A canvas and a buffer with room for a page, being prepared while a worker started
    /// ahead waits for its first document; taken before the first page is drawn.
    room: Option<Receiver<(Canvas, Vec<u8>)>>,
}

/// The room prepared for each drawing thread's canvas: an A4 page at 2x and a US letter
/// page at 2x both fit (1224 x 1684 pixels, 8.2 MB).
const ROOM: (u16, u16) = (1224, 1684);

/// The room prepared for each of its buffers of pixels crossing the pipe: a page of an
/// article at 2x, its white counted, takes about 1.4 MB.
const ROOM_ENCODED: usize = 2 << 20;

/// A buffer with room for `len` bytes whose memory is already taken (every byte written
/// once), emptied.
fn buffer_with_room(len: usize) -> Vec<u8> {
    let mut buffer = vec![0xFF; len];
    buffer.clear();
    buffer
}

impl Drawer {
    /// A drawer; `ahead` when the worker is started before it is given a document.
    fn new(ahead: bool) -> Self {
        let (give_back, returned) = channel();
        // In a worker started ahead (the app starts one with itself), the memory of the
        // canvas and the buffer is taken on another thread while the worker waits: the pages
        // of the first article are then drawn without taking it, as in a worker that has
        // drawn before. A worker started for a document at once would only take it on the
        // critical path.
        let room = ahead.then(channel).and_then(|(prepared, room)| {
            std::thread::Builder::new()
                .name("page-room".into())
                .spawn(move || {
                    let _ = prepared.send((Canvas::with_room(ROOM.0, ROOM.1), buffer_with_room(ROOM_ENCODED)));
                })
                .ok()
                .map(|_| room)
        });
        Self { canvas: Canvas::new(), spare: Some(Vec::new()), give_back, returned, room }
    }

    /// Takes the canvas and buffer prepared for this drawer, once.
    fn take_room(&mut self) {
        if let Some((canvas, spare)) = self.room.take().and_then(|room| room.recv().ok()) {
            self.canvas = canvas;
            self.spare = Some(spare);
        }
    }

    /// Draws the pages of `queue` until it closes (the document is done with) or the
    /// writer stops.
    fn serve(
        &mut self,
        renderer: &PageRenderer,
        queue: &Mutex<Receiver<Job>>,
        forgotten: &Forgotten,
        out: &Sender<Outgoing>,
    ) {
        // One cache per thread for all its pages (fonts read and glyphs drawn once).
        let cache = renderer.cache();
        self.take_room();
        loop {
            let job = match queue.lock() {
                Ok(queue) => queue.recv(),
                Err(_) => return,
            };
            let Ok(job) = job else { return };
            if is_forgotten(forgotten, &job) {
                if out.send(Outgoing { seq: job.seq, reply: Reply::Skipped, pixels: None }).is_err() {
                    return;
                }
                continue;
            }
            let Job { seq, page, scale } = job;
            let size = renderer.page_size(page).unwrap_or((612.0, 792.0));
            let outgoing = match renderer.draw(&cache, &mut self.canvas, page, bounded_scale(size, scale)) {
                Ok(d) => {
                    // The other buffer, once the writer is done with it.
                    let mut encoded = self.spare.take().or_else(|| self.returned.recv().ok()).unwrap_or_default();
                    let pixels = self.canvas.pixels();
                    if encoded.capacity() > 2 * pixels.len() + ROOM_ENCODED {
                        // After a large page, an ordinary one does not keep the large one's memory.
                        encoded = Vec::new();
                    }
                    white_runs::encode(pixels, &mut encoded);
                    let reply = Reply::Rendered { width: d.width, height: d.height, transform: d.transform };
                    Outgoing { seq, reply, pixels: Some((encoded, self.give_back.clone())) }
                }
                Err(e) => Outgoing { seq, reply: Reply::Failed(e), pixels: None },
            };
            if out.send(outgoing).is_err() {
                return;
            }
        }
    }
}

/// The writer thread: writes the replies in the order of the requests (pages drawn at once
/// can end in another order), and gives each buffer back for another page. Returns false
/// when the pipe broke.
fn write_replies(replies: &Receiver<Outgoing>, mut output: impl std::io::Write) -> bool {
    let mut waiting: BTreeMap<u64, Outgoing> = BTreeMap::new();
    let mut next = 0;
    for outgoing in replies {
        waiting.insert(outgoing.seq, outgoing);
        while let Some(Outgoing { reply, pixels, .. }) = waiting.remove(&next) {
            next += 1;
            let payload = pixels.as_ref().map_or(&[][..], |(encoded, _)| encoded.as_slice());
            if write_frame(&mut output, &reply, payload).is_err() {
                return false;
            }
            if let Some((encoded, back)) = pixels {
                let _ = back.send(encoded);
            }
        }
    }
    true
}

/// Serves the pages of one open document until the app opens another document or goes
/// away. Requests may come ahead of their answers: the drawing threads take the pages in
/// turn, and each draws its next while the last is handed over.
fn serve(renderer: &PageRenderer, drawers: &mut [Drawer], replies: &mut Replies, input: &mut impl Read) -> Next {
    let (jobs, queue) = channel::<Job>();
    let queue = Mutex::new(queue);
    let forgotten = Forgotten::default();
    std::thread::scope(|scope| {
        let mut started = 0;
        for drawer in drawers.iter_mut() {
            let (queue, forgotten, out) = (&queue, &forgotten, replies.out.clone());
            let thread = std::thread::Builder::new().name("page-drawing".into());
            if thread.spawn_scoped(scope, move || drawer.serve(renderer, queue, forgotten, &out)).is_ok() {
                started += 1;
            }
        }
        // Owned here: closing it when this returns ends the drawing threads.
        let jobs = jobs;
        if started == 0 {
            return Next::Broken;
        }
        loop {
            let frame = match read_frame(input, MAX_INPUT_BYTES) {
                Ok(Some(frame)) => frame,
                Ok(None) => return Next::End,
                Err(_) => return Next::Broken,
            };
            let sent = match frame.decode::<Request>() {
                Ok(Request::Open { .. }) => return Next::Open(frame),
                Err(e) => replies.send(Reply::Failed(PdfError::WorkerCrashed(format!("an unreadable request: {e}")))),
                Ok(Request::Render { page, scale }) => jobs.send(Job { seq: replies.take_seq(), page, scale }).is_ok(),
                Ok(Request::Forget { pages }) => {
                    if let Ok(mut f) = forgotten.lock() {
                        f.extend(pages.into_iter().map(|(page, scale)| ((page, scale.to_bits()), replies.next_seq())));
                    }
                    true
                }
            };
            if !sent {
                return Next::Broken;
            }
        }
    })
}

/// Answers requests from `input` until it closes. Returns the exit code.
fn serve_documents(input: &mut impl Read, drawers: &mut [Drawer], replies: &mut Replies) -> i32 {
    let mut next: Option<Frame> = None;
    loop {
        let frame = match next.take() {
            Some(frame) => frame,
            None => match read_frame(input, MAX_INPUT_BYTES) {
                Ok(Some(frame)) => frame,
                Ok(None) => return 0,
                Err(_) => return 3,
            },
        };
        let reply = match frame.decode::<Request>() {
            Err(e) => Reply::Failed(PdfError::WorkerCrashed(format!("an unreadable request: {e}"))),
            Ok(Request::Render { .. }) => no_document(),
            // Nothing is asked of a closed document: nothing to forget.
            Ok(Request::Forget { .. }) => continue,
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
                    if !replies.send(Reply::Opened(info)) {
                        return 3;
                    }
                    match serve(&renderer, drawers, replies, input) {
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
        if !replies.send(reply) {
            return 3;
        }
    }
}

/// The worker's side: answers requests on stdin until it closes. Returns the exit code.
#[must_use]
pub fn run_page_worker(memory_mib: u64, ahead: bool) -> i32 {
    confine(memory_mib);
    // Pixels go out in a few large writes (see `process`); a no-op when stdout is no pipe.
    let _ = rustix::pipe::fcntl_setpipe_size(std::io::stdout(), 1 << 20);
    // Written straight to the pipe, not through the standard output's line buffer (which
    // looks for line ends in every page's megabytes).
    let Ok(stdout) = std::io::stdout().as_fd().try_clone_to_owned() else { return 3 };
    let output = std::io::BufWriter::with_capacity(64 * 1024, std::fs::File::from(stdout));
    let (out, outgoing) = channel::<Outgoing>();
    let Ok(writer) =
        std::thread::Builder::new().name("page-writer".into()).spawn(move || write_replies(&outgoing, output))
    else {
        return 3;
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(MAX_DRAWING_THREADS);
    let mut drawers: Vec<Drawer> = (0..threads).map(|_| Drawer::new(ahead)).collect();
    let mut replies = Replies { out, seq: 0 };
    let code = serve_documents(&mut std::io::stdin().lock(), &mut drawers, &mut replies);
    // Everything queued is written before the worker ends.
    drop(replies);
    match writer.join() {
        Ok(true) => code,
        _ => 3,
    }
}

/// A page asked of the worker.
#[derive(Clone, Copy)]
struct Asked {
    page: usize,
    scale: f32,
    /// No longer wanted: the worker skips it unless it has started it, and a new worker is
    /// not asked for it.
    forgotten: bool,
}

/// The app's handle on a page worker: opens one document at a time and draws its pages,
/// starting the worker (again) whenever it is needed. Pages can be asked for ahead
/// ([`Self::ask`], answered in order by [`Self::next_answer`]): the worker then draws one page while
/// the one before is handed over.
pub struct PageWorker {
    exe: PathBuf,
    limits: PageLimits,
    process: Option<WorkerProcess>,
    /// The open document's bytes and password, to open it again in a new worker.
    document: Option<(Arc<Vec<u8>>, Option<String>)>,
    /// Pages asked for and not answered yet, oldest first.
    asked: VecDeque<Asked>,
    /// How many of them the running worker has been sent.
    sent: usize,
    /// Whether the last worker to fail had more than one page to draw.
    ended_with_others: bool,
}

impl PageWorker {
    /// How many pages to keep asked for to keep the worker busy: enough that a drawing
    /// thread finds the next page waiting while the other draws a slow one (a large
    /// picture), and while pages go out in the order asked. With one for each thread and one
    /// being handed over (3), the running worker drew PLOS Medicine in 1.04-1.09 times the
    /// time of `mutool` (`pages` bench, three runs); with 6, in 0.96-1.03 times (five).
    /// Pages no longer wanted are forgotten ([`Self::forget`]) before they are started, so a
    /// deeper queue does not hold up a jump elsewhere in the article.
    pub const AHEAD: usize = 3 * MAX_DRAWING_THREADS;

    /// A page worker started from `exe` (the app's own binary) when first needed.
    #[must_use]
    pub fn new(exe: PathBuf, limits: PageLimits) -> Self {
        Self { exe, limits, process: None, document: None, asked: VecDeque::new(), sent: 0, ended_with_others: false }
    }

    /// The worker, started if it is not running (`ahead` of its first document or for one).
    fn process(&mut self, ahead: bool) -> Result<&mut WorkerProcess, PdfError> {
        if self.process.is_none() {
            let mut args =
                vec![PAGE_WORKER_SUBCOMMAND.to_owned(), "--memory-mib".into(), self.limits.memory_mib.to_string()];
            if ahead {
                args.push("--ahead".into());
            }
            // A page of MAX_PAGE_PIXELS in RGBA, and some room.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let max_reply = (MAX_PAGE_PIXELS as u64) * 4 + (1 << 20);
            self.process = Some(WorkerProcess::spawn(&self.exe, args, Some(max_reply))?);
        }
        self.process.as_mut().ok_or_else(|| PdfError::WorkerCrashed("no reader process".into()))
    }

    /// Forgets a worker that failed (the next request starts another); what it was sent is
    /// lost with it.
    fn drop_process(&mut self) {
        self.ended_with_others = self.sent > 1;
        self.process = None;
        self.sent = 0;
    }

    fn send(&mut self, request: &Request, payload: &[u8]) -> Result<(), PdfError> {
        let sent = self.process(false).and_then(|p| p.send(request, payload));
        if sent.is_err() {
            self.drop_process();
        }
        sent
    }

    /// Waits for the next answer; a worker that fails, or answers out of turn, is dropped.
    fn receive(&mut self, timeout: Duration) -> Result<(Reply, Vec<u8>), PdfError> {
        let running = self.process.as_mut().ok_or_else(|| PdfError::WorkerCrashed("no reader process".into()));
        let result = running.and_then(|p| {
            let frame = p.receive(timeout)?;
            let reply =
                frame.decode::<Reply>().map_err(|e| PdfError::WorkerCrashed(format!("an unreadable answer: {e}")))?;
            Ok((reply, frame.payload))
        });
        if result.is_err() {
            self.drop_process();
        }
        result
    }

    fn send_open(&mut self) -> Result<PageInfo, PdfError> {
        let Some((bytes, password)) = self.document.clone() else {
            return Err(PdfError::Damaged("no document is open".into()));
        };
        self.send(&Request::Open { password }, &bytes)?;
        match self.receive(self.limits.open_timeout)? {
            (Reply::Opened(info), _) => Ok(info),
            (Reply::Failed(e), _) => Err(e),
            (Reply::Rendered { .. } | Reply::Skipped, _) => {
                self.drop_process();
                Err(PdfError::WorkerCrashed("an answer out of turn".into()))
            }
        }
    }

    /// Opens a PDF (its bytes, checked by the caller) and tells its page sizes. Pages asked
    /// for in the document before are forgotten.
    ///
    /// # Errors
    /// The PDF cannot be opened (encrypted, damaged, or the worker failed on it).
    pub fn open(&mut self, bytes: Arc<Vec<u8>>, password: Option<String>) -> Result<PageInfo, PdfError> {
        self.forget_asked();
        self.document = Some((bytes, password));
        let opened = self.send_open();
        if opened.is_err() {
            self.document = None;
        }
        opened
    }

    /// Draws page `page` (from 0) of the open document at `scale` pixels per point (or the
    /// largest scale within [`MAX_PAGE_PIXELS`]), and waits for it. Pages asked for before
    /// are forgotten.
    ///
    /// # Errors
    /// No document is open, or this page could not be drawn within the limits.
    pub fn render(&mut self, page: usize, scale: f32) -> Result<RenderedPage, PdfError> {
        self.forget_asked();
        self.ask(page, scale);
        match self.next_answer() {
            Some((_, _, result)) => result,
            None => Err(PdfError::WorkerCrashed("the page was not asked for".into())),
        }
    }

    /// Asks for page `page` at `scale` without waiting for it: the worker starts on it as
    /// soon as it is done with the pages asked for before. Its answer comes from
    /// [`Self::next_answer`], in the order asked.
    pub fn ask(&mut self, page: usize, scale: f32) {
        self.asked.push_back(Asked { page, scale, forgotten: false });
        // A failure here is the answer of the oldest page, told by `next_answer`.
        let _ = self.send_asked(self.asked.len());
    }

    /// Starts the worker now, if it is not running, rather than when the first document is
    /// opened: the app starts it with itself, so that the first article is drawn by a worker
    /// that is running (started, and the memory of its pictures taken) as every later one is.
    ///
    /// # Errors
    /// The worker cannot be started (the next request tries again, and says why).
    pub fn start(&mut self) -> Result<(), PdfError> {
        self.process(true).map(|_| ())
    }

    /// The process id of the worker while it runs.
    #[must_use]
    pub fn process_id(&self) -> Option<u32> {
        self.process.as_ref().map(WorkerProcess::id)
    }

    /// How many pages are asked for and not answered yet.
    #[must_use]
    pub fn asked(&self) -> usize {
        self.asked.len()
    }

    /// Whether page `page` at `scale` is asked for and not answered yet (nor forgotten).
    #[must_use]
    pub fn is_asked(&self, page: usize, scale: f32) -> bool {
        self.asked.iter().any(|a| !a.forgotten && a.page == page && a.scale.to_bits() == scale.to_bits())
    }

    /// Forgets the pages asked for that `keep` (page, scale) does not keep: those not sent
    /// to the worker yet are dropped, and the worker skips the others unless it has started
    /// them (a page it finished anyway is still answered).
    pub fn forget(&mut self, keep: impl Fn(usize, f32) -> bool) {
        let sent = self.sent;
        let mut index = 0;
        self.asked.retain(|a| {
            index += 1;
            index <= sent || keep(a.page, a.scale)
        });
        let mut pages = Vec::new();
        for a in self.asked.iter_mut().take(sent) {
            if !a.forgotten && !keep(a.page, a.scale) {
                a.forgotten = true;
                pages.push((a.page, a.scale));
            }
        }
        if !pages.is_empty() && self.process.is_some() {
            // A failure drops the worker; the pages forgotten are then not asked again.
            let _ = self.send(&Request::Forget { pages }, &[]);
        }
    }

    /// The answer for the oldest page asked for and not forgotten, waiting for it: the page,
    /// its scale as asked, and its picture or why it could not be drawn. `None` when nothing
    /// is asked. After a worker failed, the pages asked after the one it failed on are asked
    /// of a new worker. A page forgotten comes only if the worker had drawn it, or failed
    /// on it alone.
    pub fn next_answer(&mut self) -> Option<(usize, f32, Result<RenderedPage, PdfError>)> {
        loop {
            self.drop_forgotten_if_stopped();
            let Asked { page, scale, forgotten } = *self.asked.front()?;
            let mut result = self.send_asked(self.asked.len()).and_then(|()| self.receive_page());
            let ended = result.is_err() && self.process.is_none();
            if ended && self.ended_with_others && !forgotten {
                // The worker ended while other pages were being drawn beside this one, and
                // any of them may have ended it: this one is drawn again alone, so that only
                // the page at fault is reported.
                result = self.send_asked(1).and_then(|()| self.receive_page());
            }
            self.asked.pop_front();
            self.sent = self.sent.saturating_sub(1);
            match result {
                Ok(Some(drawn)) => return Some((page, scale, Ok(drawn))),
                // Skipped; or no longer wanted, and the worker ended beside other pages.
                Ok(None) => {}
                Err(_) if forgotten && ended => {}
                Err(e) => return Some((page, scale, Err(e))),
            }
        }
    }

    /// When no worker runs, the pages forgotten are dropped: a new worker is not asked for
    /// them.
    fn drop_forgotten_if_stopped(&mut self) {
        if self.process.is_none() {
            self.asked.retain(|a| !a.forgotten);
        }
    }

    /// Sends the running worker what is asked and not sent yet, up to `up_to` pages in all,
    /// starting a worker (and opening the document in it) if there is none.
    fn send_asked(&mut self, up_to: usize) -> Result<(), PdfError> {
        self.drop_forgotten_if_stopped();
        if self.process.is_none() && self.sent < self.asked.len() {
            // A new worker (the last failed on an earlier page) opens the document again.
            self.send_open()?;
        }
        while self.sent < up_to
            && let Some(&Asked { page, scale, .. }) = self.asked.get(self.sent)
        {
            self.send(&Request::Render { page, scale }, &[])?;
            self.sent += 1;
        }
        Ok(())
    }

    /// The answer to the oldest page sent: `None` when the worker skipped it (forgotten).
    fn receive_page(&mut self) -> Result<Option<RenderedPage>, PdfError> {
        match self.receive(self.limits.page_timeout)? {
            (Reply::Rendered { width, height, transform }, encoded) => {
                let len = u64::from(width) * u64::from(height) * 4;
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let decoded = usize::try_from(len)
                    .ok()
                    .filter(|_| len <= (MAX_PAGE_PIXELS as u64) * 4)
                    .and_then(|len| white_runs::decode(&encoded, len).ok());
                let Some(rgba) = decoded else {
                    self.drop_process();
                    return Err(PdfError::WorkerCrashed("a page of the wrong size".into()));
                };
                Ok(Some(RenderedPage { width, height, rgba, transform }))
            }
            (Reply::Skipped, _) => Ok(None),
            (Reply::Failed(e), _) => Err(e),
            (Reply::Opened(_), _) => {
                self.drop_process();
                Err(PdfError::WorkerCrashed("an answer out of turn".into()))
            }
        }
    }

    /// Drops the pages asked for, waiting for those already sent so that the next answer is
    /// the next request's (the worker skips those it has not started; finishing a page or two
    /// costs less than starting a worker).
    fn forget_asked(&mut self) {
        self.forget(|_, _| false);
        while self.sent > 0 && self.process.is_some() {
            let _ = self.receive_page();
            self.sent = self.sent.saturating_sub(1);
        }
        self.asked.clear();
        self.sent = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_skipped_only_if_asked_before_it_was_forgotten_at_that_scale() {
        let forgotten = Forgotten::default();
        forgotten.lock().unwrap().insert((3, 2.0f32.to_bits()), 10);
        let job = |seq, page, scale| Job { seq, page, scale };
        assert!(is_forgotten(&forgotten, &job(9, 3, 2.0)), "asked before the forget");
        assert!(!is_forgotten(&forgotten, &job(10, 3, 2.0)), "asked again after it");
        assert!(!is_forgotten(&forgotten, &job(9, 3, 1.5)), "another scale");
        assert!(!is_forgotten(&forgotten, &job(9, 4, 2.0)), "another page");
    }

    #[test]
    fn large_pages_are_drawn_within_the_pixel_budget() {
        assert!((bounded_scale((612.0, 792.0), 2.0) - 2.0).abs() < 1e-6, "an article page at 2x is as asked");
        let s = bounded_scale((14_400.0, 14_400.0), 1.0);
        let pixels = f64::from(14_400.0 * s).powi(2);
        assert!(pixels <= MAX_PAGE_PIXELS * 1.001 && pixels > MAX_PAGE_PIXELS * 0.99, "{pixels}");
        assert!((bounded_scale((612.0, 792.0), f32::NAN) - 1.0).abs() < 1e-6);
        // A strip 262,140 points wide at 0.25 would be 65,535 pixels wide: drawn a little
        // smaller, within the side the renderer draws, though well within the pixel budget.
        let s = bounded_scale((262_140.0, 40.0), 0.25);
        assert!(s < 0.25 && 262_140.0 * s <= crate::pdf::render::MAX_SIDE && 262_140.0 * s > 65_000.0, "{s}");
        let s = bounded_scale((40.0, 262_140.0), 0.25);
        assert!(s < 0.25 && 262_140.0 * s <= crate::pdf::render::MAX_SIDE, "a tall page too: {s}");
    }
}
