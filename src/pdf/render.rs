//! Drawing PDF pages with the pure-Rust `hayro` renderer. Used by the page view (on a
//! background thread) and by `befits-coder render`. A page that makes the renderer panic is
//! reported as an error, not a crash.

use super::error::PdfError;
use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_syntax::{LoadPdfError, Pdf};
use hayro::{PixmapSettings, RenderCache, RenderSettings};
use std::panic::{AssertUnwindSafe, catch_unwind};

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
    /// Pixels, RGB row by row (drawn on white, every pixel is opaque).
    pub rgb: Vec<u8>,
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
        let Some(p) = self.pdf.pages().get(page) else {
            return Err(PdfError::Damaged(format!("page {} does not exist", page + 1)));
        };
        // The renderer sizes its picture in whole pixels up to 65,535 a side: a page of no
        // size, or of an impossible one (a cut or crafted media box), is not drawn.
        let (w, h) = p.render_dimensions();
        let fits = |v: f32| v.is_finite() && (1.0..=65_535.0).contains(&(v * scale));
        if !(fits(w) && fits(h) && scale.is_finite()) {
            return Err(PdfError::Damaged(format!("page {} has an impossible size ({w} x {h} points)", page + 1)));
        }
        let settings =
            PixmapSettings { x_scale: scale, y_scale: scale, bg_color: hayro::vello_cpu::color::palette::css::WHITE };
        let drawn = catch_unwind(AssertUnwindSafe(|| {
            hayro::render(p, cache, &InterpreterSettings::default(), &RenderSettings::default(), &settings)
        }))
        .map_err(|_| PdfError::ParserFailed(format!("the renderer failed on page {}", page + 1)))?;
        let transform = p.initial_transform(true).to_kurbo().as_coeffs();
        let s = f64::from(scale);
        let scaled = [
            transform[0] * s,
            transform[1] * s,
            transform[2] * s,
            transform[3] * s,
            transform[4] * s,
            transform[5] * s,
        ];
        let (width, height) = (u32::from(drawn.width()), u32::from(drawn.height()));
        // Drawn on white, every pixel is opaque: premultiplied alpha is the same as straight
        // alpha, and the alpha channel says nothing (a quarter less to hand over).
        let mut rgb = drawn.take_rgba8(hayro::vello_cpu::peniko::ImageAlphaType::AlphaPremultiplied);
        // RGBA to RGB in the same buffer (each pixel moves to a place at or before its own),
        // so no second picture is allocated.
        let pixels = rgb.len() / 4;
        for i in 0..pixels {
            rgb.copy_within(4 * i..4 * i + 3, 3 * i);
        }
        rgb.truncate(3 * pixels);
        Ok(RenderedPage { width, height, rgb, transform: scaled })
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
        let mut rgba = Vec::with_capacity(self.rgb.len() / 3 * 4);
        for px in self.rgb.chunks_exact(3) {
            rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
        }
        let pixmap = resvg::tiny_skia::Pixmap::from_vec(rgba, size)
            .ok_or_else(|| PdfError::Io("the page's pixels do not fit its size".into()))?;
        pixmap.encode_png().map_err(|e| PdfError::Io(e.to_string()))
    }
}
