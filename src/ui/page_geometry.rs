//! Geometry of the page view: glyph boxes placed on the displayed page, which glyph is under
//! the pointer, and the rectangles that cover a range of text line by line.

use crate::pdf::{Affine, GlyphBox, PageLayout, apply};
use egui::{Pos2, Rect, Vec2};

/// The glyph boxes of a page in displayed page points (origin top-left, y down), in text
/// order. Boxes are stored in PDF user space; `transform` is the page's own map (crop box and
/// rotation), the same one the renderer uses, so boxes sit on the rendered glyphs.
#[must_use]
pub fn page_rects(layout: &PageLayout, transform: &Affine) -> Vec<Rect> {
    layout
        .glyphs
        .iter()
        .map(|g| {
            let (ax, ay) = apply(transform, f64::from(g.x0), f64::from(g.y0));
            let (bx, by) = apply(transform, f64::from(g.x1), f64::from(g.y1));
            #[allow(clippy::cast_possible_truncation)]
            let (ax, ay, bx, by) = (ax as f32, ay as f32, bx as f32, by as f32);
            Rect::from_two_pos(Pos2::new(ax, ay), Pos2::new(bx, by))
        })
        .collect()
}

/// The glyph under or nearest to `p` (page points): one whose box contains it; else the
/// nearest one on the same line (so a drag past the end of a line takes its last word); else
/// the nearest within `reach` points. `None` over empty margins.
#[must_use]
pub fn glyph_at(rects: &[Rect], p: Pos2, reach: f32) -> Option<usize> {
    if let Some(i) = rects.iter().position(|r| r.contains(p)) {
        return Some(i);
    }
    let distance = |r: &Rect| r.distance_to_pos(p);
    let same_line = rects
        .iter()
        .enumerate()
        .filter(|(_, r)| r.y_range().contains(p.y) && distance(r) <= reach)
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)));
    if let Some((i, _)) = same_line {
        return Some(i);
    }
    rects
        .iter()
        .enumerate()
        .filter(|(_, r)| distance(r) <= reach)
        .min_by(|a, b| distance(a.1).total_cmp(&distance(b.1)))
        .map(|(i, _)| i)
}

/// Indices of the glyphs that overlap bytes `start..end` of the page text.
#[must_use]
pub fn glyphs_in(glyphs: &[GlyphBox], start: usize, end: usize) -> std::ops::Range<usize> {
    let first = glyphs.partition_point(|g| (g.end as usize) <= start);
    let last = glyphs.partition_point(|g| (g.start as usize) < end);
    first..last.max(first)
}

/// Rectangles covering the glyphs in `range`, one per run of glyphs on the same line:
/// a new run starts where the text moves down, up (a new column) or back to the left.
#[must_use]
pub fn line_runs(rects: &[Rect], range: std::ops::Range<usize>) -> Vec<Rect> {
    let mut runs: Vec<Rect> = Vec::new();
    for r in rects.get(range).unwrap_or_default() {
        if !r.is_finite() || r.area() <= 0.0 {
            continue;
        }
        match runs.last_mut() {
            Some(run)
                if (r.center().y - run.center().y).abs() < run.height().max(r.height()) * 0.5
                    && r.left() >= run.left() - 1.0
                    && r.left() - run.right() < run.height().max(r.height()) * 3.0 =>
            {
                *run = run.union(*r);
            }
            _ => runs.push(*r),
        }
    }
    runs
}

/// Places a page rectangle (page points) on screen: the page is drawn at `origin` with
/// `zoom` screen points per page point.
#[must_use]
pub fn to_screen(r: Rect, origin: Pos2, zoom: f32) -> Rect {
    Rect::from_min_max(origin + r.min.to_vec2() * zoom, origin + r.max.to_vec2() * zoom)
}

/// The inverse of [`to_screen`] for a point.
#[must_use]
pub fn to_page(p: Pos2, origin: Pos2, zoom: f32) -> Pos2 {
    Pos2::ZERO + (p - origin) / zoom.max(f32::EPSILON)
}

/// The render scale for a zoom on a screen with `pixels_per_point`, in hundredths: rounded
/// up to a quarter so small zoom steps reuse the texture, and capped so no side exceeds
/// `max_pixels`.
#[must_use]
pub fn render_scale(zoom: f32, pixels_per_point: f32, page: Vec2, max_pixels: f32) -> u32 {
    let wanted = (zoom * pixels_per_point * 4.0).ceil() / 4.0;
    let cap = max_pixels / page.x.max(page.y).max(1.0);
    let scale = wanted.min(cap).clamp(0.05, 8.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // Down, so that a capped scale never draws a pixel past the cap.
    let hundredths = (scale * 100.0 + 1e-3).floor() as u32;
    hundredths.max(5)
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values of a ladder and of integer geometry
mod tests {
    use super::*;

    fn g(start: u32, end: u32, x0: f32, y0: f32, x1: f32, y1: f32) -> GlyphBox {
        GlyphBox { start, end, x0, y0, x1, y1 }
    }

    #[test]
    fn boxes_are_flipped_into_page_space() {
        // A US-letter page: user space has y up, the page y down.
        let layout = PageLayout { width: 612.0, height: 792.0, glyphs: vec![g(0, 1, 72.0, 700.0, 80.0, 712.0)] };
        let t = [1.0, 0.0, 0.0, -1.0, 0.0, 792.0];
        let r = page_rects(&layout, &t)[0];
        assert_eq!(r, Rect::from_min_max(Pos2::new(72.0, 80.0), Pos2::new(80.0, 92.0)));
    }

    #[test]
    fn the_glyph_under_or_beside_the_pointer_is_found() {
        let rects: Vec<Rect> = (0..5u8)
            .map(|i| Rect::from_min_size(Pos2::new(10.0 + f32::from(i) * 6.0, 10.0), Vec2::new(6.0, 10.0)))
            .chain([Rect::from_min_size(Pos2::new(10.0, 30.0), Vec2::new(6.0, 10.0))])
            .collect();
        assert_eq!(glyph_at(&rects, Pos2::new(21.0, 15.0), 50.0), Some(1));
        // Past the end of the first line: its last glyph, not the one below.
        assert_eq!(glyph_at(&rects, Pos2::new(90.0, 15.0), 100.0), Some(4));
        assert_eq!(glyph_at(&rects, Pos2::new(12.0, 27.0), 50.0), Some(5));
        assert_eq!(glyph_at(&rects, Pos2::new(500.0, 500.0), 50.0), None);
    }

    #[test]
    fn byte_ranges_map_to_glyphs() {
        let glyphs =
            [g(0, 1, 0., 0., 1., 1.), g(1, 2, 0., 0., 1., 1.), g(3, 5, 0., 0., 1., 1.), g(5, 6, 0., 0., 1., 1.)];
        assert_eq!(glyphs_in(&glyphs, 1, 4), 1..3);
        assert_eq!(glyphs_in(&glyphs, 2, 3), 2..2, "a space between glyphs has no glyph");
        assert_eq!(glyphs_in(&glyphs, 0, 100), 0..4);
    }

    #[test]
    fn runs_break_at_new_lines_and_columns() {
        let at = |x: f32, y: f32| Rect::from_min_size(Pos2::new(x, y), Vec2::new(5.0, 10.0));
        // Two glyphs on a line, one on the next line, one at the top of the next column.
        let rects = [at(10.0, 10.0), at(15.0, 10.0), at(10.0, 22.0), at(300.0, 10.0)];
        let runs = line_runs(&rects, 0..4);
        assert_eq!(runs.len(), 3);
        assert_eq!(runs[0], Rect::from_min_max(Pos2::new(10.0, 10.0), Pos2::new(20.0, 20.0)));
        assert_eq!(runs[2].left(), 300.0);
    }

    #[test]
    fn render_scale_is_sharp_and_bounded() {
        let letter = Vec2::new(612.0, 792.0);
        assert_eq!(render_scale(1.0, 2.0, letter, 8192.0), 200);
        assert_eq!(render_scale(1.1, 1.0, letter, 8192.0), 125, "rounded up to a quarter");
        // A 14400 pt page is never drawn wider than the cap.
        let huge = render_scale(1.0, 1.0, Vec2::new(14_400.0, 14_400.0), 8192.0);
        assert!(huge as f32 / 100.0 * 14_400.0 <= 8192.0 + 14_400.0 * 0.005, "{huge}");
        let p = to_page(Pos2::new(110.0, 60.0), Pos2::new(10.0, 10.0), 2.0);
        assert_eq!(p, Pos2::new(50.0, 25.0));
        assert_eq!(to_screen(Rect::from_min_max(p, p), Pos2::new(10.0, 10.0), 2.0).min, Pos2::new(110.0, 60.0));
    }
}
