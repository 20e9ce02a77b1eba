//! Page text from the interpreter that draws the pages (hayro): the second extractor, used
//! where pdf-extract gives up on a page or cannot decode its fonts. It reads each glyph's
//! Unicode value the way the renderer resolves the font (`ToUnicode`, the font's own
//! encoding and glyph names, Type 3 fonts) and feeds the same [`Collector`] as pdf-extract,
//! so that spacing, lines and glyph boxes are built the same way whichever extractor read a
//! page. Runs only in a worker process.

use super::collector::{CollectedPage, Collector, GlyphIn};
use hayro::hayro_interpret::font::{Glyph, GlyphRun};
use hayro::hayro_interpret::kurbo::{Affine, BezPath, Point, Rect};
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps, InterpreterCache,
    InterpreterSettings, RenderContent, SoftMask, interpret_page,
};
use hayro::hayro_syntax::Pdf;

/// What a page's glyphs came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct GlyphCount {
    /// Glyphs drawn.
    pub drawn: usize,
    /// Glyphs whose text could not be found (no Unicode value from any source).
    pub undecoded: usize,
    /// The fonts of those glyphs, as far as they have names.
    pub undecoded_fonts: Vec<String>,
    /// A page that drew no glyph has a content stream that is damaged (a damaged file): its
    /// text is lost, not absent.
    pub damaged_content: bool,
    /// A page that drew glyphs has a damaged content stream that was read on past its damage:
    /// its text may be incomplete or hold stray characters.
    pub partly_read: bool,
}

/// The content streams of a page.
fn content_streams<'a>(page: &hayro::hayro_syntax::page::Page<'a>) -> Vec<hayro::hayro_syntax::object::Stream<'a>> {
    use hayro::hayro_syntax::object::{Array, Stream};
    let contents = page.raw();
    if let Some(stream) = contents.get::<Stream<'_>>(b"Contents") {
        return vec![stream];
    }
    contents.get::<Array<'_>>(b"Contents").map(|streams| streams.iter::<Stream<'_>>().collect()).unwrap_or_default()
}

/// Whether a content stream is an `ASCIIHexDecode` stream with bytes that are no hexadecimal
/// digits (overwritten bytes), which the interpreter reads on past, as poppler does
/// (hayro-syntax patch).
fn hex_read_past_damage(stream: &hayro::hayro_syntax::object::Stream<'_>) -> bool {
    use hayro::hayro_syntax::{Filter, ascii_hex_stream_is_damaged};
    stream.filters().first() == Some(&Filter::AsciiHexDecode) && ascii_hex_stream_is_damaged(&stream.raw_data())
}

/// Whether the page's content holds stray bytes (a stray `)` or `]`: overwritten bytes) that
/// the interpreter skipped, reading on past them as poppler and `MuPDF` do (hayro-syntax
/// patch). The content is parsed again from the decoded data the page keeps.
fn stray_bytes_skipped(page: &hayro::hayro_syntax::page::Page<'_>) -> bool {
    let mut operations = page.operations();
    while operations.next().is_some() {}
    operations.skipped() > 0
}

/// Whether the page's content was read on past damage (either kind): what follows the
/// damage is kept, and its text may be incomplete or hold stray characters.
fn read_past_damage(page: &hayro::hayro_syntax::page::Page<'_>) -> bool {
    content_streams(page).iter().any(hex_read_past_damage) || stray_bytes_skipped(page)
}

/// Whether one of the page's content streams is damaged: it cannot be decoded at all (a cut
/// or corrupted stream, from which the interpreter draws nothing, silently), or it was read
/// on past its damage.
fn content_damaged(page: &hayro::hayro_syntax::page::Page<'_>) -> bool {
    content_streams(page).iter().any(|s| s.decoded_data().is_err()) || read_past_damage(page)
}

/// The name of a glyph's font, for messages, when the font program has one (without the
/// subset prefix `ABCDEF+`).
fn font_name(glyph: &Glyph<'_>) -> Option<String> {
    match glyph {
        Glyph::Outline(g) => g
            .font_data()
            .and_then(|d| d.postscript_name)
            .map(|n| n.split_once('+').map_or(n.clone(), |(_, rest)| rest.to_owned())),
        Glyph::Type3(_) => None,
    }
}

/// The text of a glyph: its Unicode value from the font; for a Type 3 glyph without one,
/// its character code read as Latin-1, as poppler does (Type 3 glyph names are often made
/// up, such as `/square`, and the code is then the only text the file has).
fn glyph_text(glyph: &Glyph<'_>) -> String {
    use hayro::hayro_interpret::hayro_cmap::BfString;
    match glyph.as_unicode() {
        Some(BfString::Char(c)) => c.to_string(),
        Some(BfString::String(s)) => s,
        None => match glyph {
            Glyph::Type3(g) => u8::try_from(g.char_code())
                .ok()
                .filter(|b| (0x20..0x7F).contains(b) || *b >= 0xA0)
                .map(|b| char::from(b).to_string())
                .unwrap_or_default(),
            Glyph::Outline(_) => String::new(),
        },
    }
}

/// Collects the glyphs of a page into page text.
struct TextDevice {
    collector: Collector,
    count: GlyphCount,
}

/// Glyph space units per em (hayro scales every glyph to this).
const UNITS_PER_EM: f64 = 1000.0;

impl<'a> Device<'a> for TextDevice {
    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        for glyph in run.glyphs() {
            let full: Affine = props.transform * glyph.transform();
            let advance_units = match &**glyph {
                Glyph::Outline(g) => g.advance_width(),
                Glyph::Type3(g) => g.advance_width(),
            };
            let text = glyph_text(glyph);
            self.count.drawn += 1;
            if text.is_empty() {
                self.count.undecoded += 1;
                if let Some(name) = font_name(glyph)
                    && !self.count.undecoded_fonts.contains(&name)
                {
                    self.count.undecoded_fonts.push(name);
                }
                continue;
            }
            let origin = full * Point::ORIGIN;
            let vector = |x: f64, y: f64| (full * Point::new(x, y)) - origin;
            let up = vector(0.0, UNITS_PER_EM);
            let size = up.hypot();
            // A glyph without a width still takes room: about half an em.
            let width = advance_units.map_or(0.0, f64::from);
            let width = if width > 0.0 { width } else { UNITS_PER_EM * 0.55 };
            let advance = vector(width, 0.0);
            self.collector.glyph(&GlyphIn {
                origin: (origin.x, origin.y),
                advance: (advance.x, advance.y),
                up: (up.x, up.y),
                size: if size.is_finite() && size > 0.01 { size } else { 1.0 },
                text: &text,
            });
        }
    }
}

/// A cache for reading several pages of one document.
pub(super) fn cache<'a>() -> InterpreterCache<'a> {
    InterpreterCache::new()
}

/// The text and glyph boxes of page `index` (from 0), with the count of glyphs it drew and
/// could not decode. `None` when there is no such page. `cache` keeps the fonts read for
/// earlier pages of the same document.
pub(super) fn page_text<'a>(
    pdf: &'a Pdf,
    cache: &InterpreterCache<'a>,
    index: usize,
) -> Option<(CollectedPage, GlyphCount)> {
    let page = pdf.pages().get(index)?;
    let media = page.media_box();
    let (llx, lly, urx, ury) =
        (media.x0.min(media.x1), media.y0.min(media.y1), media.x0.max(media.x1), media.y0.max(media.y1));
    let mut device = TextDevice { collector: Collector::default(), count: GlyphCount::default() };
    device.collector.begin(urx - llx, ury - lly, (llx, lly, urx, ury));
    let settings = InterpreterSettings { render_content: RenderContent::PAGE, ..InterpreterSettings::default() };
    // User space as it is: glyph boxes are kept in PDF user space, like pdf-extract's.
    let bbox = Rect::new(llx, lly, urx, ury);
    let mut context = Context::new(Affine::IDENTITY, bbox, cache, page.xref(), settings);
    interpret_page(page, &mut context, &mut device);
    if device.count.drawn == 0 {
        device.count.damaged_content = content_damaged(page);
    } else {
        device.count.partly_read = read_past_damage(page);
    }
    let collected = device.collector.take_page()?;
    Some((collected, device.count))
}
