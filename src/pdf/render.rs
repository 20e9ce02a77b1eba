//! Drawing PDF pages with the pure-Rust `hayro` renderer. Used by the page view (on a
//! background thread) and by `befits-coder render`. A page that makes the renderer panic is
//! reported as an error, not a crash.

use super::error::PdfError;
use super::pixels::Pixels;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_interpret::kurbo::Affine as Affine64;
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::vello_cpu::{
    Level, Pixmap, RasterizerSettings, RenderContext, RenderSettings as RasterSettings, Resources, TargetInit,
};
use hayro::{RenderCache, RenderSettings};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The longest side, in pixels, the renderer draws. Its pictures are sized in 16 bits, and
/// its tiles and spans round a side up past them when it comes within a tile of 65,535
/// pixels: a page filled to its edge then makes it panic (found by fuzzing:
/// `tests/fixtures/fuzz/pdf_render/vello-tile-overflow.pdf`; wide pages failed from about
/// 65,410 pixels, tall ones at 65,535). 255 wide tiles of 256 pixels draw whole either way.
pub const MAX_SIDE: f32 = 65_280.0;

/// An affine map `(a, b, c, d, e, f)`: `x' = a x + c y + e`, `y' = b x + d y + f`.
pub type Affine = [f64; 6];

/// Applies an affine map to a point.
#[must_use]
pub fn apply(t: &Affine, x: f64, y: f64) -> (f64, f64) {
    (t[0] * x + t[2] * y + t[4], t[1] * x + t[3] * y + t[5])
}

/// A rendered page.
#[derive(Clone, Debug)]
pub struct RenderedPage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels, RGBA row by row. Drawn on white, every pixel is opaque, so premultiplied
    /// and straight alpha are the same.
    pub rgba: Pixels,
    /// Maps PDF user space to this image's pixels.
    pub transform: Affine,
}

/// An open PDF, ready to draw pages.
pub struct PageRenderer {
    pdf: Pdf,
}

fn load_error(e: LoadPdfError, password_given: bool) -> PdfError {
    match e {
        LoadPdfError::Decryption(_) => PdfError::Encrypted { password_given },
        LoadPdfError::Invalid => PdfError::Damaged("the renderer could not read the file structure".into()),
    }
}

impl PageRenderer {
    /// Opens a PDF from its bytes (with a password for encrypted files).
    ///
    /// # Errors
    /// The file cannot be read by the renderer.
    pub fn open(bytes: Vec<u8>, password: Option<&str>) -> Result<Self, PdfError> {
        let load = |bytes: std::sync::Arc<Vec<u8>>| match password {
            Some(p) => Pdf::new_with_password(bytes, p),
            None => Pdf::new(bytes),
        };
        // The bytes stay at hand (shared, not copied) for a repair, if the file needs one.
        let shared = std::sync::Arc::new(bytes);
        match load(shared.clone()) {
            Ok(pdf) => Ok(Self { pdf }),
            // The same repair as for extraction: a rebuilt cross-reference table.
            Err(LoadPdfError::Invalid) => match super::repair::rebuild_xref(&shared) {
                Some(fixed) => load(std::sync::Arc::new(fixed))
                    .map(|pdf| Self { pdf })
                    .map_err(|e| load_error(e, password.is_some())),
                None => Err(load_error(LoadPdfError::Invalid, password.is_some())),
            },
            Err(e) => Err(load_error(e, password.is_some())),
        }
    }

    /// The parsed document.
    pub(super) fn pdf(&self) -> &Pdf {
        &self.pdf
    }

    /// Number of pages.
    #[must_use]
    pub fn page_count(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Size of a page in points, as displayed (rotation applied); `None` when the page does
    /// not exist or its size is impossible (not a finite number of points).
    #[must_use]
    pub fn page_size(&self, page: usize) -> Option<(f32, f32)> {
        let (w, h) = self.pdf.pages().get(page).map(hayro::hayro_syntax::page::Page::render_dimensions)?;
        (w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0).then_some((w, h))
    }

    /// The map from PDF user space to the displayed page in points (y down); `None` when the
    /// page does not exist or the map is not made of finite numbers.
    #[must_use]
    pub fn page_transform(&self, page: usize) -> Option<Affine> {
        let t = self.pdf.pages().get(page).map(|p| p.initial_transform(true).to_kurbo().as_coeffs())?;
        t.iter().all(|v| v.is_finite()).then_some(t)
    }

    /// A cache for drawing several pages of this document: fonts are read and glyphs drawn
    /// once, not on every page.
    #[must_use]
    pub fn cache(&self) -> RenderCache<'_> {
        RenderCache::new()
    }

    /// Draws a page at `scale` pixels per point on white.
    ///
    /// # Errors
    /// A page that does not exist, or a renderer failure on this page.
    pub fn render(&self, page: usize, scale: f32) -> Result<RenderedPage, PdfError> {
        self.render_cached(&self.cache(), page, scale)
    }

    /// As [`Self::render`], with a cache kept from earlier pages of the same document.
    ///
    /// # Errors
    /// As [`Self::render`].
    pub fn render_cached<'a>(
        &'a self,
        cache: &RenderCache<'a>,
        page: usize,
        scale: f32,
    ) -> Result<RenderedPage, PdfError> {
        let mut canvas = Canvas::new();
        let drawn = self.draw(cache, &mut canvas, page, scale)?;
        let rgba = Pixels::from_bytes(canvas.pixels());
        Ok(RenderedPage { width: drawn.width, height: drawn.height, rgba, transform: drawn.transform })
    }

    /// Draws a page on `canvas` (kept from page to page, so its buffers are not allocated
    /// and cleared anew for each); its pixels are then [`Canvas::pixels`].
    ///
    /// # Errors
    /// As [`Self::render`]. After an error the canvas is fresh again.
    pub fn draw<'a>(
        &'a self,
        cache: &RenderCache<'a>,
        canvas: &mut Canvas,
        page: usize,
        scale: f32,
    ) -> Result<Drawn, PdfError> {
        let Some(p) = self.pdf.pages().get(page) else {
            return Err(PdfError::Damaged(format!("page {} does not exist", page + 1)));
        };
        // The renderer sizes its picture in whole pixels up to `MAX_SIDE` a side: a page of
        // no size, or of an impossible one (a cut or crafted media box), is not drawn.
        let (w, h) = p.render_dimensions();
        let fits = |v: f32| v.is_finite() && (1.0..=MAX_SIDE).contains(&(v * scale));
        if !(fits(w) && fits(h) && scale.is_finite()) {
            return Err(PdfError::Damaged(format!("page {} has an impossible size ({w} x {h} points)", page + 1)));
        }
        let transform = p.initial_transform(true).to_kurbo();
        let scaled = Affine64::scale(f64::from(scale)) * transform;
        // As `hayro::render` sizes its picture: whole pixels, rounded down.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (width, height) = ((w * scale) as u16, (h * scale) as u16);
        let drawn = catch_unwind(AssertUnwindSafe(|| {
            canvas.prepare(width, height);
            hayro::render_into(
                p,
                cache,
                &InterpreterSettings::default(),
                &RenderSettings::default(),
                &mut canvas.context,
                scaled,
            );
            canvas.context.flush();
            canvas.context.render_with(
                &mut canvas.pixmap,
                &mut canvas.resources,
                RasterizerSettings { target_init: TargetInit::Clear(WHITE), ..RasterizerSettings::default() },
            );
        }));
        if drawn.is_err() {
            // Whatever state the renderer left its buffers in is not carried to the next page.
            *canvas = Canvas::new();
            return Err(PdfError::ParserFailed(format!("the renderer failed on page {}", page + 1)));
        }
        Ok(Drawn { width: u32::from(width), height: u32::from(height), transform: scaled.as_coeffs() })
    }
}

/// What [`PageRenderer::draw`] drew: the picture's size, and the map from PDF user space to
/// its pixels.
#[derive(Clone, Copy, Debug)]
pub struct Drawn {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Maps PDF user space to the picture's pixels.
    pub transform: Affine,
}

/// The rasteriser's settings: its widest instructions at most AVX2. Where the processor also
/// has AVX-512 (which the rasteriser would pick), its 256-bit path draws the same pictures
/// about 4% faster: drawing every page of three articles at 2x in one thread, best of five,
/// 50.4 against 48.2 ms (SSM Population Health) and 73.2 against 70.1 ms (PLOS Medicine).
fn raster_settings() -> RasterSettings {
    let best = Level::new();
    RasterSettings { level: best.as_avx2().map_or(best, Level::Avx2), ..RasterSettings::default() }
}

/// The renderer's working buffers (the drawing commands, the picture), kept from one page to
/// the next: a page drawn on a kept canvas skips allocating and clearing several megabytes.
pub struct Canvas {
    context: RenderContext,
    pixmap: Pixmap,
    resources: Resources,
}

impl Default for Canvas {
    fn default() -> Self {
        Self::new()
    }
}

impl Canvas {
    /// An empty canvas, sized by the first page drawn on it.
    #[must_use]
    pub fn new() -> Self {
        Self {
            context: RenderContext::new_with(1, 1, raster_settings()),
            pixmap: Pixmap::new(1, 1),
            resources: Resources::default(),
        }
    }

    /// A canvas with room for a picture of `width` x `height` pixels whose memory is already
    /// taken: every byte written once. A new buffer's pages are otherwise taken from the
    /// system one by one while the first page is drawn on it (some 2,000 page faults for a
    /// page at 2x).
    pub(super) fn with_room(width: u16, height: u16) -> Self {
        let mut pixmap = Pixmap::new(width, height);
        // The buffer of a new pixmap is the system's zeroed memory, not yet touched; growing
        // it within its capacity writes every pixel.
        pixmap.resize(1, 1);
        pixmap.resize(width, height);
        Self { pixmap, ..Self::new() }
    }

    /// The picture last drawn: RGBA row by row, every pixel opaque (drawn on white). It is
    /// handed over as it is: a pass to drop the alpha channel cost more than the quarter
    /// fewer bytes saved.
    #[must_use]
    pub fn pixels(&self) -> &[u8] {
        self.pixmap.data_as_u8_slice()
    }

    /// Ready for a picture of `width` x `height` pixels.
    fn prepare(&mut self, width: u16, height: u16) {
        if (self.context.width(), self.context.height()) == (width, height) {
            self.context.reset();
        } else {
            self.context = RenderContext::new_with(width, height, raster_settings());
        }
        let (w, h) = (usize::from(width), usize::from(height));
        let held = usize::from(self.pixmap.width()) * usize::from(self.pixmap.height());
        if held > 4 * w * h {
            // After a large page, an ordinary one does not keep the large one's memory.
            self.pixmap = Pixmap::new(width, height);
        } else if (self.pixmap.width(), self.pixmap.height()) != (width, height) {
            self.pixmap.resize(width, height);
        }
    }
}

impl RenderedPage {
    /// The page as PNG bytes.
    ///
    /// # Errors
    /// The image cannot be encoded (an empty page).
    pub fn to_png(&self) -> Result<Vec<u8>, PdfError> {
        // Opaque pixels: straight alpha equals premultiplied.
        let size = resvg::tiny_skia::IntSize::from_wh(self.width, self.height)
            .ok_or_else(|| PdfError::Io("the page has no pixels".into()))?;
        let pixmap = resvg::tiny_skia::Pixmap::from_vec(self.rgba.to_vec(), size)
            .ok_or_else(|| PdfError::Io("the page's pixels do not fit its size".into()))?;
        pixmap.encode_png().map_err(|e| PdfError::Io(e.to_string()))
    }
}
