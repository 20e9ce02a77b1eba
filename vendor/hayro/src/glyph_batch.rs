//! BeFITS Coder patch: cached glyphs drawn together.
//!
//! A cached glyph is a small image drawn on whole pixels. The rasterizer's cost of an image
//! fill is mostly per command (one per glyph and tile row it covers), not per pixel: on a
//! journal page of some 3,000 glyphs that was half of its fine rasterization. So the glyphs
//! of consecutive runs filled in one plain color are copied into one image, drawn with one
//! fill, as long as that image stays dense (at most `SPARSENESS` times the glyphs' own area)
//! and of a bounded size. Anything else the page draws, clips or groups first draws what is
//! waiting, so the order of the page is kept; so does a run that is not plain (a soft mask,
//! a blend mode other than normal, another color).
//!
//! Glyphs that overlap are composited "source over" into the image, in 8 bits: a pixel
//! where two glyphs overlap may differ by one or two levels from drawing them one by one.

use crate::Renderer;
use crate::glyph_cache::CachedGlyph;
use kurbo::{Affine, Rect};
use std::sync::Arc;
use vello_cpu::color::palette::css::BLACK;
use vello_cpu::color::{AlphaColor, Srgb};
use vello_cpu::peniko::{self, ImageAlphaType, ImageQuality, ImageSampler};
use vello_cpu::{Image, ImageSource, PixelMetadata, Pixmap, Tint, TintMode};

/// How much larger than the glyphs' own area a batch's image may be.
const SPARSENESS: i64 = 3;
/// The largest batch image, in pixels a side: 8 MiB at most.
const MAX_WIDTH: i64 = 4096;
const MAX_HEIGHT: i64 = 512;

/// How many bytes of batch images one page may allocate, in page-sized RGBA images: a
/// page of text needs at most about three (each image at most `SPARSENESS` times its
/// glyphs' area); a crafted one with glyphs heaped on glyphs could ask for far more. Past
/// it, glyphs are drawn one by one, as without batching.
const BUDGET_IN_PAGES: usize = 4;

/// A box in whole pixels: left, top, right, bottom. In 64 bits: a glyph may be placed
/// anywhere in the 32-bit range (a crafted text matrix), and its far side beyond.
type Bounds = (i64, i64, i64, i64);

fn area((x0, y0, x1, y1): Bounds) -> i64 {
    (x1 - x0) * (y1 - y0)
}

fn union(a: Bounds, b: Bounds) -> Bounds {
    (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3))
}

/// Cached glyphs waiting to be drawn as one image, in the color of the run they came from.
#[derive(Default)]
pub(crate) struct GlyphBatch {
    color: Option<AlphaColor<Srgb>>,
    glyphs: Vec<(Arc<CachedGlyph>, i64, i64)>,
    bounds: Bounds,
    area: i64,
    /// Bytes of batch images allocated so far for this page.
    spent: usize,
}

impl GlyphBatch {
    /// Whether a glyph at `bounds` keeps the batch's image dense and bounded.
    fn fits(&self, bounds: Bounds) -> bool {
        if self.glyphs.is_empty() {
            return true;
        }
        let all = union(self.bounds, bounds);
        all.2 - all.0 <= MAX_WIDTH
            && all.3 - all.1 <= MAX_HEIGHT
            && area(all) <= SPARSENESS * (self.area + area(bounds))
    }

    fn push(&mut self, glyph: Arc<CachedGlyph>, x: i64, y: i64, bounds: Bounds) {
        self.bounds = if self.glyphs.is_empty() {
            bounds
        } else {
            union(self.bounds, bounds)
        };
        self.area += area(bounds);
        self.glyphs.push((glyph, x, y));
    }

    /// The batch's glyphs copied into one image of its bounds.
    fn image(&self) -> Pixmap {
        let (x0, y0, x1, y1) = self.bounds;
        let width = (x1 - x0) as usize;
        let height = (y1 - y0) as usize;
        // Zeroed by writing, not allocated zeroed: a large zeroed allocation is fresh pages
        // that the loop below would first read (mapping the shared zero page) and then
        // write (copying it, and flushing every thread's TLB): in a new page worker, that
        // was a fifth of its drawing threads' time.
        let mut data = Vec::with_capacity(width * height * 4);
        data.resize(width * height * 4, 0_u8);
        for (glyph, x, y) in &self.glyphs {
            let row_len = usize::from(glyph.pixmap.width()) * 4;
            let (dx, dy) = ((*x - x0) as usize, (*y - y0) as usize);
            let rows = glyph.pixmap.data_as_u8_slice().chunks_exact(row_len);
            for (row, source) in rows.enumerate() {
                let start = ((dy + row) * width + dx) * 4;
                // Source over, byte by byte: a glyph's color bytes are zero (it is a
                // premultiplied coverage mask), so they stay zero.
                for (d, &s) in data[start..start + row_len].iter_mut().zip(source) {
                    let t = u16::from(*d) * u16::from(255 - s) + 128;
                    *d = s + ((t + (t >> 8)) >> 8) as u8;
                }
            }
        }
        Pixmap::from_parts(
            data,
            width as u16,
            height as u16,
            PixelMetadata {
                may_have_transparency: true,
                alpha_type: ImageAlphaType::AlphaPremultiplied,
            },
        )
    }
}

impl Renderer<'_> {
    /// Starts a run of glyphs filled with `color`: what waits in another color, or for a
    /// run that is not plain, is drawn first.
    pub(crate) fn begin_glyph_batch(&mut self, color: AlphaColor<Srgb>, plain: bool) {
        if !plain || self.glyph_batch.color != Some(color) {
            self.draw_glyph_batch();
        }
        self.glyph_batch.color = Some(color);
    }

    /// Adds a cached glyph at `(x, y)` to the batch, drawing the batch first when the glyph
    /// would make its image too sparse or too large.
    pub(crate) fn batch_glyph(&mut self, glyph: Arc<CachedGlyph>, x: i32, y: i32) {
        let (x, y) = (i64::from(x), i64::from(y));
        let bounds = (
            x,
            y,
            x + i64::from(glyph.pixmap.width()),
            y + i64::from(glyph.pixmap.height()),
        );
        let (width, height) = (i64::from(self.ctx.width()), i64::from(self.ctx.height()));
        if bounds.2 <= 0 || bounds.3 <= 0 || bounds.0 >= width || bounds.1 >= height {
            // Wholly off the page: it would not show.
            return;
        }
        if !self.glyph_batch.fits(bounds) {
            self.draw_glyph_batch();
        }
        self.glyph_batch.push(glyph, x, y, bounds);
    }

    /// Draws the waiting glyphs, if any, and empties the batch (which keeps its color).
    pub(crate) fn draw_glyph_batch(&mut self) {
        let Some(color) = self.glyph_batch.color else {
            return;
        };
        match self.glyph_batch.glyphs.as_slice() {
            [] => return,
            [(glyph, x, y)] => {
                let (pixmap, x, y) = (glyph.pixmap.clone(), *x, *y);
                self.draw_glyph_image(pixmap, x, y, color);
            }
            glyphs => {
                let bytes = area(self.glyph_batch.bounds) as usize * 4;
                let page = usize::from(self.ctx.width()) * usize::from(self.ctx.height()) * 4;
                if self.glyph_batch.spent + bytes <= BUDGET_IN_PAGES * page {
                    self.glyph_batch.spent += bytes;
                    let image = Arc::new(self.glyph_batch.image());
                    let (x, y) = (self.glyph_batch.bounds.0, self.glyph_batch.bounds.1);
                    self.draw_glyph_image(image, x, y, color);
                } else {
                    let glyphs: Vec<_> = glyphs
                        .iter()
                        .map(|(glyph, x, y)| (glyph.pixmap.clone(), *x, *y))
                        .collect();
                    for (pixmap, x, y) in glyphs {
                        self.draw_glyph_image(pixmap, x, y, color);
                    }
                }
            }
        }
        self.glyph_batch.glyphs.clear();
        self.glyph_batch.area = 0;
    }

    /// Fills the pixels of `pixmap`, a coverage mask, with `color` at `(x, y)`.
    fn draw_glyph_image(&mut self, pixmap: Arc<Pixmap>, x: i64, y: i64, color: AlphaColor<Srgb>) {
        let (width, height) = (pixmap.width(), pixmap.height());
        self.ctx
            .set_transform(Affine::translate((x as f64, y as f64)));
        self.ctx.set_paint_transform(Affine::IDENTITY);
        self.ctx.set_paint(Image {
            image: ImageSource::Pixmap(pixmap),
            sampler: ImageSampler {
                x_extend: peniko::Extend::Pad,
                y_extend: peniko::Extend::Pad,
                quality: ImageQuality::Low,
                alpha: 1.0,
            },
        });
        let tint = color != BLACK;
        if tint {
            self.ctx.set_tint(Some(Tint {
                color,
                mode: TintMode::AlphaMask,
            }));
        }
        self.ctx
            .fill_rect(&Rect::new(0.0, 0.0, f64::from(width), f64::from(height)));
        if tint {
            self.ctx.set_tint(None);
        }
    }
}
