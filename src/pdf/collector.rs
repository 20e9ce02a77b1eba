//! Builds page text and glyph boxes from the glyphs pdf-extract reports.
//!
//! pdf-extract's own plain-text output only looks for spaces at the start of each text
//! operator, so justified lines (one operator, word gaps made by kerning) lose their spaces.
//! Here every glyph is placed by position: a horizontal gap wider than a fraction of the font
//! size is a space, a vertical move is a line break, a move up (a new column) or a wide gap
//! is a paragraph break. Spacing accents drawn over a letter are combined with it.

use super::types::{GlyphBox, PageLayout};
use crate::model::text::normalize_fragment;
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Gap (in font sizes) above which two glyphs on a line are separate words.
const WORD_GAP: f64 = 0.12;
/// Vertical move (in font sizes) above which a glyph starts a new line.
const LINE_MOVE: f64 = 0.5;
/// Advance (in font sizes) assumed for glyphs whose font reports no width.
const MISSING_WIDTH: f64 = 0.55;
/// Downward move (in font sizes) above which a blank line marks a new paragraph.
const PARAGRAPH_MOVE: f64 = 1.9;

#[derive(Clone, Copy)]
struct Last {
    x_start: f64,
    x_end: f64,
    y: f64,
    size: f64,
    /// Direction of the baseline, in radians.
    angle: f64,
    /// Index into `glyphs` of the last glyph with text, if it ended the text.
    glyph: Option<usize>,
    soft_hyphen: bool,
}

/// Where a glyph sat, in its reading frame.
#[derive(Clone, Copy)]
struct Placed {
    x_start: f64,
    x_end: f64,
    y: f64,
    size: f64,
    angle: f64,
}

impl From<Placed> for Last {
    fn from(p: Placed) -> Self {
        Last {
            x_start: p.x_start,
            x_end: p.x_end,
            y: p.y,
            size: p.size,
            angle: p.angle,
            glyph: None,
            soft_hyphen: false,
        }
    }
}

/// A spacing accent waiting for the letter it belongs to.
struct Accent {
    mark: char,
    center: f64,
    spacing: String,
    bx: GlyphBox,
}

/// One page under construction.
#[derive(Default)]
struct PageBuild {
    text: String,
    glyphs: Vec<GlyphBox>,
    width: f64,
    height: f64,
    /// The media box (llx, lly, urx, ury) in user space.
    bounds: (f64, f64, f64, f64),
    last: Option<Last>,
    pending_accent: Option<Accent>,
}

/// Collects pages from pdf-extract's [`OutputDev`] callbacks.
#[derive(Default)]
pub(super) struct Collector {
    current: Option<PageBuild>,
}

/// A finished page.
pub(super) struct CollectedPage {
    pub text: String,
    pub layout: PageLayout,
}

fn spacing_accent_to_combining(c: char) -> Option<char> {
    Some(match c {
        '\u{B4}' => '\u{301}',
        '`' => '\u{300}',
        '\u{A8}' => '\u{308}',
        '\u{2C6}' => '\u{302}',
        '\u{2DC}' => '\u{303}',
        '\u{B8}' => '\u{327}',
        '\u{2DA}' => '\u{30A}',
        '\u{2C7}' => '\u{30C}',
        _ => return None,
    })
}

#[allow(clippy::cast_possible_truncation)]
fn f(x: f64) -> f32 {
    x as f32
}

impl Collector {
    /// Takes the finished page, if a page was begun.
    pub(super) fn take_page(&mut self) -> Option<CollectedPage> {
        let mut page = self.current.take()?;
        page.flush_accent(None);
        let trimmed = page.text.trim_end().len();
        page.text.truncate(trimmed);
        page.glyphs.retain(|g| (g.end as usize) <= trimmed);
        super::bidi::logical_order(&mut page.text, &mut page.glyphs);
        let finite = |v: f32| if v.is_finite() { v } else { 0.0 };
        let layout = PageLayout { width: finite(f(page.width)), height: finite(f(page.height)), glyphs: page.glyphs };
        if unicode_normalization::is_nfc(&page.text) {
            Some(CollectedPage { text: page.text, layout })
        } else {
            // Rare: glyph fragments that compose across glyphs in ways not handled above.
            // Keep the text correct; the page loses its glyph geometry.
            let text: String = page.text.nfc().collect();
            Some(CollectedPage { text, layout: PageLayout { glyphs: Vec::new(), ..layout } })
        }
    }

    fn page(&mut self) -> &mut PageBuild {
        self.current.get_or_insert_with(PageBuild::default)
    }
}

impl PageBuild {
    /// Appends a glyph's text and box; returns its index.
    fn push_glyph(&mut self, text: &str, mut bx: GlyphBox) -> usize {
        bx.start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        bx.end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.glyphs.push(bx);
        self.glyphs.len() - 1
    }

    /// Settles a waiting accent with no letter after it: onto the letter before it when it
    /// sits over that letter, else as the spacing character itself.
    fn flush_accent(&mut self, _next: Option<()>) {
        let Some(accent) = self.pending_accent.take() else { return };
        if let Some(last) = self.last
            && let Some(i) = last.glyph
            && i + 1 == self.glyphs.len()
            && self.glyphs[i].end as usize == self.text.len()
        {
            let g = self.glyphs[i];
            let (gx0, gx1) = (f64::from(g.x0.min(g.x1)), f64::from(g.x0.max(g.x1)));
            let prev = self.text[g.start as usize..].to_owned();
            if prev.chars().all(char::is_alphabetic) && accent.center >= gx0 && accent.center <= gx1 {
                let s = normalize_fragment(&format!("{prev}{}", accent.mark));
                self.rewrite_last_glyph(i, &s, &accent.bx);
                return;
            }
        }
        let glyph = Some(self.push_glyph(&accent.spacing, accent.bx));
        if let Some(l) = &mut self.last {
            l.glyph = glyph;
        }
    }

    /// Drops a hyphen that ends the text after a letter (a word split across lines).
    /// Returns whether it did.
    fn drop_line_end_hyphen(&mut self) -> bool {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        let Some(g) = self.glyphs.last().copied() else { return false };
        if g.end as usize != self.text.len() || !matches!(&self.text[g.start as usize..], "-" | "\u{2010}") {
            return false;
        }
        let before = self.text[..g.start as usize].chars().next_back();
        if !before.is_some_and(char::is_alphabetic) {
            return false;
        }
        self.text.truncate(g.start as usize);
        self.glyphs.pop();
        if let Some(l) = &mut self.last {
            l.glyph = None;
        }
        true
    }

    fn push_separator(&mut self, sep: &str) {
        let trimmed = self.text.trim_end_matches(' ').len();
        self.text.truncate(trimmed);
        if sep == " " {
            if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
                self.text.push(' ');
            }
        } else if !self.text.is_empty() {
            let have = self.text.len() - self.text.trim_end_matches('\n').len();
            for _ in have..sep.len() {
                self.text.push('\n');
            }
        }
        if let Some(last) = &mut self.last {
            last.glyph = None;
        }
    }

    /// Replaces the text of glyph `i` (which must end the text) with `new`, widening its box.
    fn rewrite_last_glyph(&mut self, i: usize, new: &str, other: &GlyphBox) {
        let g = &mut self.glyphs[i];
        self.text.truncate(g.start as usize);
        self.text.push_str(new);
        g.end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        g.x0 = g.x0.min(other.x0);
        g.y0 = g.y0.min(other.y0);
        g.x1 = g.x1.max(other.x1);
        g.y1 = g.y1.max(other.y1);
    }
}

/// One glyph as an extractor reports it, in PDF user space: where its baseline starts, how
/// far it advances, one em upwards (its size and direction), and the text it stands for.
#[derive(Clone, Copy, Debug)]
pub(super) struct GlyphIn<'a> {
    /// Start of the baseline.
    pub origin: (f64, f64),
    /// The advance, as a vector.
    pub advance: (f64, f64),
    /// One em upwards, as a vector.
    pub up: (f64, f64),
    /// The font size as drawn, in points.
    pub size: f64,
    /// The text the glyph stands for (may be empty).
    pub text: &'a str,
}

impl Collector {
    /// Begins a page of `width` x `height` points whose media box is `bounds` (llx, lly, urx,
    /// ury) in user space.
    pub(super) fn begin(&mut self, width: f64, height: f64, bounds: (f64, f64, f64, f64)) {
        // A page of an impossible size (a cut or crafted media box) still gives its text; its
        // size is recorded as unknown (0) and nothing on it counts as off the page.
        let finite = [width, height, bounds.0, bounds.1, bounds.2, bounds.3].iter().all(|v| v.is_finite());
        let (width, height, bounds) =
            if finite { (width, height, bounds) } else { (0.0, 0.0, (f64::MIN, f64::MIN, f64::MAX, f64::MAX)) };
        self.current = Some(PageBuild { width, height, bounds, ..PageBuild::default() });
    }

    /// Places one glyph: its text joins the page text with the spaces and line breaks its
    /// position calls for, and its box is kept.
    pub(super) fn glyph(&mut self, g: &GlyphIn<'_>) {
        let page = self.page();
        let GlyphIn { origin: (px, py), advance: (ax, ay), up: (ux, uy), size, text: char } = *g;
        if !(px.is_finite() && py.is_finite() && ax.is_finite() && ay.is_finite() && size.is_finite()) {
            return;
        }
        // Work in the glyph's own reading frame, so rotated text (table headers turned 90°,
        // rotated pages) is joined into lines like upright text.
        let angle = if ax.abs() + ay.abs() > 1e-9 { ay.atan2(ax) } else { (-ux).atan2(uy) };
        let (sin, cos) = angle.sin_cos();
        let x = px * cos + py * sin;
        let y = -px * sin + py * cos;
        let x_end = x + (ax * ax + ay * ay).sqrt();

        // Box corners in user space (baseline from -0.2 to +0.8 of the font size). Boxes stay
        // in PDF user space; the page view maps them with the page's own transform (crop box,
        // rotation), the same one the renderer uses.
        let corners = [
            (px - 0.2 * ux, py - 0.2 * uy),
            (px + 0.8 * ux, py + 0.8 * uy),
            (px + ax - 0.2 * ux, py + ay - 0.2 * uy),
            (px + ax + 0.8 * ux, py + ay + 0.8 * uy),
        ];
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (cx, cy) in corners {
            x0 = x0.min(cx);
            x1 = x1.max(cx);
            y0 = y0.min(cy);
            y1 = y1.max(cy);
        }
        // Text drawn wholly off the page is not seen by readers (typesetters park queries
        // there); it is left out, as poppler does.
        let (llx, lly, urx, ury) = page.bounds;
        if x0 > urx || x1 < llx || y0 > ury || y1 < lly {
            return;
        }
        let bx = GlyphBox { start: 0, end: 0, x0: f(x0), y0: f(y0), x1: f(x1), y1: f(y1) };
        if ![bx.x0, bx.y0, bx.x1, bx.y1].iter().all(|v| v.is_finite()) {
            return;
        }

        let is_soft_hyphen = char == "\u{AD}";
        let frag = normalize_fragment(char);
        let here = Placed { x_start: x, x_end, y, size, angle };

        if let Some(last) = page.last {
            let reference = size.max(last.size);
            let dy = y - last.y;
            let turned = (angle - last.angle).abs() > 0.05;
            let moved_line = turned || dy.abs() > LINE_MOVE * reference;
            let moved_back = x < last.x_start - reference && dy.abs() > 0.1 * reference;
            // The same glyph drawn again on top of itself (fake bold): skip it.
            if !moved_line
                && (x - last.x_start).abs() < 0.05 * reference
                && let Some(i) = last.glyph
            {
                let prev = &page.text[page.glyphs[i].start as usize..];
                if prev == frag {
                    return;
                }
            }
            if moved_line || moved_back {
                page.flush_accent(None);
                let paragraph = dy > LINE_MOVE * reference || dy < -PARAGRAPH_MOVE * reference;
                let lower = frag.chars().next().is_some_and(char::is_lowercase);
                if last.soft_hyphen {
                    // The word continues on the next line.
                } else if !paragraph && lower && page.drop_line_end_hyphen() {
                    // A word hyphenated at the end of the line is joined again, as
                    // pdftotext does.
                } else {
                    page.push_separator(if paragraph { "\n\n" } else { "\n" });
                }
            } else if x - last.x_end > WORD_GAP * reference && page.pending_accent.is_none() {
                page.push_separator(" ");
            } else if let (Some(i), Some(c)) = (last.glyph, frag.chars().next())
                && is_combining_mark(c)
                && page.pending_accent.is_none()
            {
                // A combining mark as its own glyph belongs to the letter before it.
                let s = normalize_fragment(&format!("{}{frag}", &page.text[page.glyphs[i].start as usize..]));
                page.rewrite_last_glyph(i, &s, &bx);
                return;
            }
        }

        // A spacing accent (´ ` ¨ ...) drawn as its own glyph waits for the next glyph: it is
        // joined to the letter it sits over, before or after it in the content stream.
        if let Some(mark) =
            frag.chars().next().filter(|_| frag.chars().count() == 1).and_then(spacing_accent_to_combining)
        {
            page.flush_accent(None);
            page.pending_accent = Some(Accent { mark, center: f64::midpoint(x, x_end), spacing: frag.clone(), bx });
            page.last = Some(Last { glyph: page.last.and_then(|l| l.glyph), soft_hyphen: false, ..Last::from(here) });
            return;
        }
        if frag.chars().next().is_some_and(char::is_alphabetic)
            && let Some(accent) = page.pending_accent.take()
        {
            if accent.center >= x - 0.1 * size && accent.center <= x_end + 0.1 * size {
                let s = normalize_fragment(&format!("{frag}{}", accent.mark));
                let mut merged = bx;
                merged.x0 = merged.x0.min(accent.bx.x0);
                merged.y0 = merged.y0.min(accent.bx.y0);
                merged.x1 = merged.x1.max(accent.bx.x1);
                merged.y1 = merged.y1.max(accent.bx.y1);
                let glyph = Some(page.push_glyph(&s, merged));
                page.last = Some(Last { glyph, soft_hyphen: false, ..Last::from(here) });
                return;
            }
            page.pending_accent = Some(accent);
            page.flush_accent(None);
        } else {
            page.flush_accent(None);
        }

        let mut glyph = None;
        if frag.trim().is_empty() {
            if !frag.is_empty() {
                page.push_separator(" ");
            }
        } else {
            glyph = Some(page.push_glyph(&frag, bx));
        }
        let soft_hyphen = is_soft_hyphen || (frag.is_empty() && page.last.is_some_and(|l| l.soft_hyphen));
        page.last = Some(Last { glyph, soft_hyphen, ..Last::from(here) });
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.begin(
            (media_box.urx - media_box.llx).abs(),
            (media_box.ury - media_box.lly).abs(),
            (
                media_box.llx.min(media_box.urx),
                media_box.lly.min(media_box.ury),
                media_box.llx.max(media_box.urx),
                media_box.lly.max(media_box.ury),
            ),
        );
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // Text space -> user space, by hand (the matrix is row-vector style: v * M).
        let tv = |x: f64, y: f64| (x * trm.m11 + y * trm.m21, x * trm.m12 + y * trm.m22);
        let (fx, fy) = tv(font_size, font_size);
        let mut size = (fx * fy).abs().sqrt();
        if !size.is_finite() || size < 0.01 {
            size = font_size.abs().max(1.0);
        }
        // Some fonts report no width for some glyphs (digits in Skia output); assume a
        // typical digit advance rather than zero, or every such glyph would look spaced.
        let width = if width > 0.0 { width } else { MISSING_WIDTH };
        let advance = tv(width * font_size, 0.0);
        let up = tv(0.0, font_size);
        self.glyph(&GlyphIn { origin: (trm.m31, trm.m32), advance, up, size, text: char });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
