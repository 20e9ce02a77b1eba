//! Rendered pages for the page view: a background thread hands PDFs to the page worker
//! process and asks it for the pages the view wants (visible ones first, dropping what
//! scrolled away); the glyph boxes come from the extraction worker. The app itself never
//! parses a PDF. Textures are kept for a bounded number of pages and bytes.

use crate::model::{Document, DocumentId};
use crate::pdf::{Affine, PageLayout, PageLimits, PageWorker, PdfError, RenderedPage, WorkerLimits};
use crate::ui::{PageTexture, PagesView, PdfState};
use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Pages kept as textures per document.
const KEEP: usize = 14;
/// Bytes of page textures kept (RGBA), whatever their number: a few pages drawn at a high
/// zoom must not hold gigabytes.
const TEXTURE_BUDGET: usize = 320 << 20;

/// Where a document's PDF is and how to open it.
#[derive(Clone, Debug, PartialEq)]
struct Source {
    path: PathBuf,
    password: Option<String>,
    /// The content hash the project recorded: the file at `path` is used only if it has it.
    sha256: String,
}

/// A request to the render thread.
enum Request {
    /// Open a document's PDF (replacing the one open) and report its page sizes.
    Open { doc: DocumentId, source: Source },
    /// The pages the view wants now, most important first (replaces earlier wishes). The
    /// PDF is opened again if another one is open.
    Want { doc: DocumentId, source: Source, pages: Vec<(usize, u32)> },
}

/// What a reply is about: the document, and the content hash of the PDF it was made from.
/// A reply still under way when another project opened (whose article may have the same
/// id) or when the article was pointed at another file is dropped, not shown as that
/// article's page.
type Key = (DocumentId, String);

/// What the render thread reports.
enum Reply {
    Opened {
        doc: Key,
        sizes: Vec<(f32, f32)>,
        transforms: Vec<Affine>,
    },
    Failed {
        doc: Key,
        error: PdfError,
    },
    /// A page drawn, already in the form the graphics take (converted on the render thread,
    /// not in a frame).
    Rendered {
        doc: Key,
        page: usize,
        scale: u32,
        image: egui::ColorImage,
    },
    PageFailed {
        doc: Key,
        page: usize,
        error: PdfError,
    },
    Layouts {
        doc: Key,
        result: Result<Vec<PageLayout>, PdfError>,
        text_matches: Vec<bool>,
    },
}

/// Everything the page view has of one document.
pub struct DocPages {
    /// Whether the PDF can be drawn.
    pub state: PdfState,
    /// Rendered pages.
    pub textures: BTreeMap<usize, PageTexture>,
    /// Pages that could not be drawn, with the reason (asked for no more this session).
    pub failed: BTreeMap<usize, String>,
    lru: VecDeque<usize>,
    /// Glyph boxes per page, once read.
    pub layouts: Option<Vec<PageLayout>>,
    /// Per page: whether the extracted text equals the stored text (so boxes can be used).
    pub text_matches: Vec<bool>,
    /// Why the glyph boxes could not be read, if they could not.
    pub layout_error: Option<String>,
    wanted: Vec<(usize, u32)>,
    source: Option<Source>,
}

impl DocPages {
    fn new(state: PdfState, source: Option<Source>) -> Self {
        Self {
            state,
            textures: BTreeMap::new(),
            failed: BTreeMap::new(),
            lru: VecDeque::new(),
            layouts: None,
            text_matches: Vec::new(),
            layout_error: None,
            wanted: Vec::new(),
            source,
        }
    }

    /// Drops the pages used longest ago while more than [`KEEP`] pages or
    /// [`TEXTURE_BUDGET`] bytes are held (the newest page always stays).
    fn evict(&mut self) {
        let bytes = |t: &PageTexture| t.texture.size()[0] * t.texture.size()[1] * 4;
        let mut held: usize = self.textures.values().map(bytes).sum();
        while self.lru.len() > 1 && (self.lru.len() > KEEP || held > TEXTURE_BUDGET) {
            if let Some(old) = self.lru.pop_front()
                && let Some(t) = self.textures.remove(&old)
            {
                held -= bytes(&t);
            }
        }
    }

    /// What the page view reads.
    #[must_use]
    pub fn view(&self) -> PagesView<'_> {
        PagesView {
            state: &self.state,
            textures: &self.textures,
            failed: &self.failed,
            layouts: self.layouts.as_deref(),
            text_matches: &self.text_matches,
            layout_error: self.layout_error.as_deref(),
        }
    }
}

/// The page service of the app.
pub struct PageService {
    tx: Sender<Request>,
    rx: Receiver<Reply>,
    reply_tx: Sender<Reply>,
    worker: PathBuf,
    limits: WorkerLimits,
    /// The Tesseract program, for the boxes of pages read by OCR.
    tesseract: PathBuf,
    docs: BTreeMap<DocumentId, DocPages>,
    /// The document shown last (the only one holding textures).
    current: Option<DocumentId>,
    passwords: BTreeMap<String, String>,
}

/// The PDF's bytes, if the file at the stored path is the one the project recorded.
fn verified_bytes(source: &Source) -> Result<Vec<u8>, PdfError> {
    crate::persistence::read_verified(&source.path, &source.sha256, crate::persistence::MAX_PDF_BYTES)
        .map_err(|e| PdfError::Io(format!("{e}: {}", source.path.display())))
}

/// Hands the PDF of `source` (if it is the recorded file) to the page worker.
fn open_source(worker: &mut PageWorker, source: &Source) -> Result<crate::pdf::PageInfo, PdfError> {
    verified_bytes(source).and_then(|bytes| worker.open(Arc::new(bytes), source.password.clone()))
}

/// A drawn page as the graphics take it: its pixels' buffer moved into the image, not copied
/// (see [`crate::pdf::Pixels`]).
fn color_image(page: RenderedPage) -> egui::ColorImage {
    let size = [page.width as usize, page.height as usize];
    // A word and a `Color32` have one size and alignment, so the cast cannot fail; were it
    // to, the pixels are copied.
    match bytemuck::allocation::try_cast_vec::<u32, egui::Color32>(page.rgba.into_words()) {
        Ok(pixels) => egui::ColorImage::new(size, pixels),
        Err((_, words)) => egui::ColorImage::from_rgba_premultiplied(size, bytemuck::cast_slice(&words)),
    }
}

/// The scale of a page as the worker was asked it, back in hundredths.
fn hundredths(scale: f32) -> u32 {
    // Asked as a whole number of hundredths, of a few hundred at most.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let h = (scale * 100.0).round() as u32;
    h
}

/// Hands the app the answer for the oldest page asked for, of the document open as `key`;
/// false when no page is asked for.
fn deliver(worker: &mut PageWorker, key: &Key, tx: &Sender<Reply>, ctx: &egui::Context) -> bool {
    let Some((page, scale, result)) = worker.next_answer() else { return false };
    let (doc, scale) = (key.clone(), hundredths(scale));
    let reply = match result {
        Ok(image) => Reply::Rendered { doc, page, scale, image: color_image(image) },
        Err(error) => Reply::PageFailed { doc, page, error },
    };
    let _ = tx.send(reply);
    ctx.request_repaint();
    true
}

/// Before document `next` is opened, what is asked of the one open is settled. When it is
/// another document, the pages the worker has not started are dropped (the app cleared its
/// wish for them when it showed the other, so the switch does not wait for them); the pages
/// still asked for are delivered: the worker would otherwise drop them, and the app would
/// wait for them.
fn settle_asked(worker: &mut PageWorker, open: Option<&Key>, next: &Key, tx: &Sender<Reply>, ctx: &egui::Context) {
    if let Some(key) = open {
        if key != next {
            worker.forget(|_, _| false);
        }
        while deliver(worker, key, tx, ctx) {}
    }
}

fn render_thread(rx: &Receiver<Request>, tx: &Sender<Reply>, ctx: &egui::Context, mut worker: PageWorker) {
    // Started with the app, not with the first article: that one is then drawn by a running
    // worker, as every later one is. A worker that cannot start says why when a PDF is opened.
    let _ = worker.start();
    let mut open: Option<Key> = None;
    let mut wanted: VecDeque<(usize, u32)> = VecDeque::new();
    let mut wanted_doc: Option<(DocumentId, Source)> = None;
    loop {
        let mut wish_changed = false;
        // Take every request waiting; block only when there is nothing to draw.
        let busy = !wanted.is_empty() || worker.asked() > 0;
        let first = if busy { rx.try_recv().ok() } else { rx.recv().ok() };
        let mut requests: Vec<Request> = first.into_iter().collect();
        requests.extend(rx.try_iter());
        if requests.is_empty() && !busy {
            return;
        }
        for r in requests {
            match r {
                Request::Open { doc, source } => {
                    let key = (doc, source.sha256.clone());
                    settle_asked(&mut worker, open.as_ref(), &key, tx, ctx);
                    // The wish for another article is over (the app cleared it when it showed
                    // this one): it would have the worker open that article again.
                    if wanted_doc.as_ref().is_some_and(|(d, s)| (*d, &s.sha256) != (doc, &source.sha256)) {
                        wanted.clear();
                        wanted_doc = None;
                    }
                    match open_source(&mut worker, &source) {
                        Ok(info) => {
                            let reply =
                                Reply::Opened { doc: key.clone(), sizes: info.sizes, transforms: info.transforms };
                            let _ = tx.send(reply);
                            open = Some(key);
                        }
                        Err(error) => {
                            open = None;
                            let _ = tx.send(Reply::Failed { doc: key, error });
                        }
                    }
                    ctx.request_repaint();
                }
                Request::Want { doc, source, pages } => {
                    // What scrolled away is dropped: only the latest wish counts.
                    wanted = pages.into_iter().collect();
                    wanted_doc = Some((doc, source));
                    wish_changed = true;
                }
            }
        }
        let Some((doc, source)) = &wanted_doc else {
            wanted.clear();
            continue;
        };
        let key = (*doc, source.sha256.clone());
        if open.as_ref() != Some(&key) {
            settle_asked(&mut worker, open.as_ref(), &key, tx, ctx);
            open = open_source(&mut worker, source).ok().map(|_| key.clone());
            if open.is_none() {
                wanted.clear();
                continue;
            }
        }
        if wish_changed {
            // Pages asked before that are no longer wanted are dropped, unless the worker has
            // started them (those are still delivered: near the view, they are often wanted
            // again); pages still wanted are not asked twice.
            worker.forget(|page, scale| wanted.contains(&(page, hundredths(scale))));
            #[allow(clippy::cast_precision_loss)]
            wanted.retain(|&(page, scale)| !worker.is_asked(page, scale as f32 / 100.0));
        }
        // Pages are asked ahead, so that the worker draws the next while one is handed over.
        while worker.asked() < PageWorker::AHEAD {
            let Some((page, scale)) = wanted.pop_front() else { break };
            #[allow(clippy::cast_precision_loss)]
            worker.ask(page, scale as f32 / 100.0);
        }
        deliver(&mut worker, &key, tx, ctx);
    }
}

impl PageService {
    /// Starts the render thread, which starts the page worker at once (and again whenever it
    /// is needed after a failure).
    ///
    /// # Errors
    /// When the thread cannot be started.
    pub fn start(
        ctx: &egui::Context,
        worker: PathBuf,
        limits: WorkerLimits,
        page_limits: PageLimits,
        tesseract: PathBuf,
    ) -> std::io::Result<Self> {
        let (tx, rx_req) = channel();
        let (reply_tx, rx) = channel();
        let thread_tx = reply_tx.clone();
        let thread_ctx = ctx.clone();
        let page_worker = PageWorker::new(worker.clone(), page_limits);
        std::thread::Builder::new()
            .name("page-render".into())
            .spawn(move || render_thread(&rx_req, &thread_tx, &thread_ctx, page_worker))?;
        Ok(Self {
            tx,
            rx,
            reply_tx,
            worker,
            limits,
            tesseract,
            docs: BTreeMap::new(),
            current: None,
            passwords: BTreeMap::new(),
        })
    }

    /// The password remembered for a PDF (by content hash) this session, if any.
    #[must_use]
    pub fn password(&self, sha256: &str) -> Option<String> {
        self.passwords.get(sha256).cloned()
    }

    /// Remembers a password for a PDF (by content hash) for this session; never saved.
    pub fn remember_password(&mut self, sha256: &str, password: String) {
        self.passwords.insert(sha256.to_owned(), password);
    }

    /// The state of a document, opening its PDF on first use. Textures of other documents
    /// are dropped, so memory stays bounded by one document's pages.
    pub fn ensure(&mut self, doc: &Document) -> &DocPages {
        if self.current != Some(doc.id) {
            self.current = Some(doc.id);
            for (id, other) in &mut self.docs {
                if *id != doc.id {
                    other.textures.clear();
                    other.lru.clear();
                    other.wanted.clear();
                }
            }
        }
        let stale = self
            .docs
            .get(&doc.id)
            .is_some_and(|d| d.source.as_ref().map(|s| &s.path) != doc.pdf.as_ref().map(|p| &p.path));
        if stale {
            self.docs.remove(&doc.id);
        }
        if !self.docs.contains_key(&doc.id) {
            let entry = match &doc.pdf {
                None => DocPages::new(PdfState::NoPdf, None),
                Some(src) if !src.path.is_file() => DocPages::new(PdfState::Missing(src.path.clone()), None),
                Some(src) => {
                    let source = Source {
                        path: src.path.clone(),
                        password: self.passwords.get(&doc.sha256).cloned(),
                        sha256: doc.sha256.clone(),
                    };
                    let _ = self.tx.send(Request::Open { doc: doc.id, source: source.clone() });
                    self.load_layouts(doc, &source);
                    DocPages::new(PdfState::Opening, Some(source))
                }
            };
            self.docs.insert(doc.id, entry);
        }
        &self.docs[&doc.id]
    }

    /// Forgets a document (its PDF moved, or the project closed).
    pub fn forget(&mut self, doc: DocumentId) {
        self.docs.remove(&doc);
    }

    /// Forgets every document.
    pub fn clear(&mut self) {
        self.docs.clear();
        self.current = None;
    }

    /// The pages of a document, if known.
    #[must_use]
    pub fn get(&self, doc: DocumentId) -> Option<&DocPages> {
        self.docs.get(&doc)
    }

    fn load_layouts(&self, doc: &Document, source: &Source) {
        let source = source.clone();
        let password = source.password.clone();
        let tx = self.reply_tx.clone();
        let worker = self.worker.clone();
        let limits = WorkerLimits { with_layout: true, ..self.limits.clone() };
        let stored = doc.pages.clone();
        let id = (doc.id, source.sha256.clone());
        // Pages whose text was recognised get their boxes by recognising them again (the same
        // picture gives the same words).
        let ocr = doc.ocr.as_ref().map(|o| crate::pdf::OcrRequest {
            language: o.language.clone(),
            pages: Some(o.pages.iter().filter_map(|p| (*p as usize).checked_sub(1)).collect()),
            tesseract: self.tesseract.clone(),
        });
        let (on_failure, failure_id) = (self.reply_tx.clone(), id.clone());
        let spawned = std::thread::Builder::new().name("glyph-boxes".into()).spawn(move || {
            // The worker is given the bytes of the recorded file only.
            let options = crate::pdf::ExtractOptions { ocr: ocr.as_ref(), ..Default::default() };
            let result = verified_bytes(&source).and_then(|bytes| {
                crate::pdf::extract_isolated_with(&worker, &bytes, password.as_deref(), &limits, options)
            });
            // Boxes point into the extracted text: usable only where it equals the stored text.
            let text_matches = match &result {
                Ok(x) => stored.iter().enumerate().map(|(i, p)| x.pages.get(i) == Some(p)).collect(),
                Err(_) => Vec::new(),
            };
            let _ = tx.send(Reply::Layouts { doc: id, result: result.map(|x| x.layouts), text_matches });
        });
        // Without its thread the page says why its words cannot be selected, instead of
        // waiting for boxes that never come.
        if let Err(e) = spawned {
            let result = Err(PdfError::Io(format!("the glyph boxes could not be read ({e})")));
            let _ = on_failure.send(Reply::Layouts { doc: failure_id, result, text_matches: Vec::new() });
        }
    }

    /// Asks for pages (page, scale in hundredths), most important first. Only sent when the
    /// wish changes.
    pub fn want(&mut self, doc: DocumentId, pages: &[(usize, u32)]) {
        let Some(d) = self.docs.get_mut(&doc) else { return };
        let Some(source) = d.source.clone() else { return };
        if !matches!(d.state, PdfState::Ready { .. }) {
            return;
        }
        let missing: Vec<(usize, u32)> = pages
            .iter()
            .copied()
            .filter(|(p, s)| !d.failed.contains_key(p) && d.textures.get(p).is_none_or(|t| t.scale != *s))
            .collect();
        if missing != d.wanted {
            d.wanted.clone_from(&missing);
            let _ = self.tx.send(Request::Want { doc, source, pages: missing });
        }
    }

    /// Takes what the threads delivered. Returns messages for the user.
    pub fn poll(&mut self, ctx: &egui::Context) -> Vec<String> {
        let mut messages = Vec::new();
        for reply in self.rx.try_iter() {
            // Only for the article as it is now: same id, same file.
            let (Reply::Opened { doc: (id, sha), .. }
            | Reply::Failed { doc: (id, sha), .. }
            | Reply::Rendered { doc: (id, sha), .. }
            | Reply::PageFailed { doc: (id, sha), .. }
            | Reply::Layouts { doc: (id, sha), .. }) = &reply;
            if self.docs.get(id).and_then(|d| d.source.as_ref()).is_none_or(|s| &s.sha256 != sha) {
                continue;
            }
            match reply {
                Reply::Opened { doc, sizes, transforms } => {
                    if let Some(d) = self.docs.get_mut(&doc.0) {
                        d.state = PdfState::Ready { sizes, transforms };
                    }
                }
                Reply::Failed { doc, error } => {
                    if let Some(d) = self.docs.get_mut(&doc.0) {
                        d.state = match error {
                            PdfError::Encrypted { password_given } => PdfState::Locked { tried: password_given },
                            other => PdfState::Failed(other.to_string()),
                        };
                    }
                }
                Reply::Rendered { doc, page, scale, image } => {
                    let Some(d) = self.docs.get_mut(&doc.0) else { continue };
                    let size = image.size;
                    if size[0].max(size[1]) > ctx.input(|i| i.max_texture_side) {
                        // The view asks for no more than the graphics card can hold; a page
                        // drawn larger anyway is not shown rather than stopping the app.
                        d.wanted.retain(|(p, _)| *p != page);
                        d.failed.insert(page, "The page is larger than this screen's graphics can show.".into());
                        continue;
                    }
                    let texture =
                        ctx.load_texture(format!("page-{}-{page}", doc.0.0), image, egui::TextureOptions::LINEAR);
                    d.textures.insert(page, PageTexture { texture, scale });
                    d.wanted.retain(|(p, _)| *p != page);
                    d.lru.retain(|p| *p != page);
                    d.lru.push_back(page);
                    d.evict();
                }
                Reply::PageFailed { doc, page, error } => {
                    let Some(d) = self.docs.get_mut(&doc.0) else { continue };
                    d.wanted.retain(|(p, _)| *p != page);
                    d.failed.insert(page, page_failure(&error));
                }
                Reply::Layouts { doc, result, text_matches } => {
                    let Some(d) = self.docs.get_mut(&doc.0) else { continue };
                    match result {
                        Ok(layouts) => {
                            let off = text_matches.iter().filter(|ok| !**ok).count();
                            if off > 0 {
                                messages.push(format!(
                                    "{off} pages of this PDF now read differently from the stored text; select on those pages in the Text view."
                                ));
                            }
                            d.layouts = Some(layouts);
                            d.text_matches = text_matches;
                        }
                        Err(e) => d.layout_error = Some(e.to_string()),
                    }
                }
            }
        }
        messages
    }
}

/// Why a page could not be drawn, in words about drawing (the worker's errors speak of
/// reading).
fn page_failure(error: &PdfError) -> String {
    match error {
        PdfError::OutOfMemory => {
            "Drawing it needed more memory than allowed (the file may be made to exhaust memory), so it was stopped."
                .into()
        }
        PdfError::Timeout(s) => format!("Drawing it took longer than {s} s, so it was stopped."),
        other => super::capitalise(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's pixels reach the graphics in their order, the same as copied one by one,
    /// and in the very buffer the worker's answer was decoded into.
    #[test]
    fn a_drawn_page_becomes_an_image_without_a_copy() {
        let rgba: Vec<u8> = (0_u8..3 * 2 * 4).map(|i| i.wrapping_mul(7)).collect();
        let copied = egui::ColorImage::from_rgba_premultiplied([3, 2], &rgba);
        let rgba = crate::pdf::Pixels::from_bytes(&rgba);
        let buffer = rgba.as_ptr();
        let page = RenderedPage { width: 3, height: 2, rgba, transform: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0] };
        let image = color_image(page);
        assert_eq!(image.size, [3, 2]);
        assert_eq!(image.pixels, copied.pixels);
        assert_eq!(image.pixels.as_ptr().cast::<u8>(), buffer, "moved, not copied");
    }

    /// A page drawn from another file than the article's (a project opened meanwhile whose
    /// article has the same id, or the article pointed at another PDF) is not taken as that
    /// article's page.
    #[test]
    fn a_reply_about_another_file_is_dropped() {
        let ctx = egui::Context::default();
        let exe = PathBuf::from("no-worker-needed");
        let mut service =
            PageService::start(&ctx, exe, WorkerLimits::default(), PageLimits::default(), PathBuf::new()).unwrap();
        let source = Source { path: PathBuf::from("article.pdf"), password: None, sha256: "current".into() };
        service.docs.insert(DocumentId(1), DocPages::new(PdfState::Opening, Some(source)));
        let page = |sha: &str, page: usize| Reply::Rendered {
            doc: (DocumentId(1), sha.to_owned()),
            page,
            scale: 100,
            image: egui::ColorImage::filled([2, 2], egui::Color32::WHITE),
        };
        service.reply_tx.send(page("closed project", 0)).unwrap();
        service.reply_tx.send(page("current", 1)).unwrap();
        let opened = Reply::Opened { doc: (DocumentId(1), "closed project".into()), sizes: vec![], transforms: vec![] };
        service.reply_tx.send(opened).unwrap();
        let _ = service.poll(&ctx);
        let d = &service.docs[&DocumentId(1)];
        assert_eq!(d.textures.keys().copied().collect::<Vec<_>>(), [1]);
        assert!(matches!(d.state, PdfState::Opening), "still waiting for its own file");
    }
}
