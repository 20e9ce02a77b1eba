//! The page view: the article's pages as printed, rendered from the PDF, with coded passages
//! as translucent highlights in their valence colour, the selection and search hits drawn on
//! the words. Text is selected by dragging over glyphs in reading order (the order of the
//! page text), so a selection becomes the same page-relative anchor as in the text view.

use super::marks::{self, Underline};
use super::page_geometry::{glyph_at, glyphs_in, line_runs, page_rects, render_scale, to_page, to_screen};
use super::reader::{byte_of_char, char_of_byte, highlights_at, line_at, word_at};
use super::state::{UiState, Zoom};
use super::view::{PagesView, PdfState};
use crate::analysis::Derived;
use crate::model::{Document, Project};
use egui::{Color32, Pos2, Rect, ScrollArea, Sense, Stroke, Ui, Vec2, WidgetInfo};

/// Space between pages and around them, in screen points.
const GAP: f32 = 14.0;
/// Smallest and largest zoom.
pub const ZOOM_RANGE: (f32, f32) = (0.25, 6.0);
/// Largest side of a rendered page, in pixels (bounds the memory of one texture); lower
/// when the graphics card's largest texture is smaller.
const MAX_PIXELS: f32 = 6000.0;
/// How far from a glyph a press still selects it, in page points.
const REACH: f32 = 24.0;

/// The zoom factor that `zoom` means in a view of `avail` for pages of `sizes`.
#[must_use]
pub fn effective_zoom(zoom: Zoom, avail: Vec2, sizes: &[(f32, f32)], current: usize) -> f32 {
    // The usual page width (the median): one landscape table page should not shrink the
    // portrait pages around it.
    let mut widths: Vec<f32> = sizes.iter().map(|s| s.0).collect();
    widths.sort_by(f32::total_cmp);
    let usual = widths.get(widths.len() / 2).copied().unwrap_or(612.0).max(1.0);
    let (_, height) = sizes.get(current).or(sizes.first()).copied().unwrap_or((612.0, 792.0));
    let fit_width = (avail.x - 2.0 * GAP - 16.0) / usual;
    let z = match zoom {
        Zoom::FitWidth => fit_width,
        Zoom::FitPage => fit_width.min((avail.y - 2.0 * GAP) / height.max(1.0)),
        Zoom::Factor(f) => f,
    };
    z.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1)
}

/// One zoom step up or down from `current` (a ladder of the usual viewer steps).
#[must_use]
pub fn zoom_step(current: f32, up: bool) -> f32 {
    const STEPS: [f32; 13] = [0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 4.0];
    let next = if up {
        STEPS.iter().copied().find(|s| *s > current + 0.005).unwrap_or(ZOOM_RANGE.1)
    } else {
        STEPS.iter().rev().copied().find(|s| *s < current - 0.005).unwrap_or(ZOOM_RANGE.0)
    };
    next.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1)
}

/// Handles Ctrl +, Ctrl -, Ctrl 0 and Ctrl+wheel (taken before egui's own UI zoom sees them).
fn zoom_keys(ui: &Ui, state: &mut UiState, hovered: bool) {
    use egui::{Key, KeyboardShortcut, Modifiers};
    let z = state.page_view.effective_zoom.max(ZOOM_RANGE.0);
    let pressed =
        |ui: &Ui, key: Key| ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)));
    if pressed(ui, Key::Plus) || pressed(ui, Key::Equals) {
        state.page_view.zoom = Zoom::Factor(zoom_step(z, true));
    } else if pressed(ui, Key::Minus) {
        state.page_view.zoom = Zoom::Factor(zoom_step(z, false));
    } else if pressed(ui, Key::Num0) {
        state.page_view.zoom = Zoom::FitWidth;
    }
    if hovered {
        let delta = ui.input(egui::InputState::zoom_delta);
        if (delta - 1.0).abs() > 1e-3 {
            state.page_view.zoom = Zoom::Factor((z * delta).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1));
        }
    }
}

/// Shows the pages of `doc`. The caller shows the text view instead unless `pages.state` is
/// `Ready`.
pub fn page_view(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    doc: &Document,
    pages: &PagesView<'_>,
    state: &mut UiState,
) {
    let PdfState::Ready { sizes, transforms } = pages.state else { return };
    if sizes.is_empty() {
        ui.label("This PDF has no pages.");
        return;
    }
    let hovered = ui.rect_contains_pointer(ui.max_rect());
    zoom_keys(ui, state, hovered);
    let avail = ui.available_size();
    let zoom = effective_zoom(state.page_view.zoom, avail, sizes, state.page_view.current_page);
    state.page_view.effective_zoom = zoom;

    // Where every page sits in the scrolled content.
    let tops = page_tops(sizes, zoom);
    let y = tops.last().zip(sizes.last()).map_or(GAP, |(t, (_, h))| t + h * zoom + GAP);
    let total = Vec2::new(sizes.iter().map(|s| s.0).fold(0.0, f32::max) * zoom + 2.0 * GAP, y);

    // Scroll requests: a page (navigation) or a passage (a coding or a search hit).
    let mut offset = state.page_view.goto_page.take().and_then(|p| tops.get(p)).map(|t| t - GAP);
    // A new zoom (+ and -, or the fitted width after the window or the panels changed) keeps
    // the point at the middle of the view in the middle, instead of the scroll offset in
    // pixels, which would carry the reader elsewhere in the article.
    if let Some((seen, old_zoom, centre)) = state.page_view.view_centre
        && offset.is_none()
        && seen == doc.id
        && (old_zoom - zoom).abs() > 1e-4
    {
        offset = Some(rezoomed(sizes, (old_zoom, centre), zoom) - avail.y / 2.0);
    }
    // The reader scrolling drops a passage still waiting for its place.
    if hovered && ui.input(|i| i.smooth_scroll_delta != Vec2::ZERO) {
        state.page_view.pending_passage = None;
    }
    let pending = state.page_view.pending_passage.take().filter(|(d, _)| *d == doc.id);
    let asked = state.reader.scroll_to.take();
    if let Some((target, top)) = asked.or(pending.map(|(_, t)| t)).and_then(|t| Some((t, *tops.get(t.page)?))) {
        let glyph_y =
            pages.layouts.and_then(|l| l.get(target.page)).zip(transforms.get(target.page)).and_then(|(layout, t)| {
                let i = glyphs_in(&layout.glyphs, target.byte, target.byte + 1).start;
                page_rects(layout, t).get(i).map(|r| r.center().y)
            });
        match glyph_y {
            Some(gy) if target.byte > 0 => offset = Some(top + gy * zoom - avail.y / 2.0),
            _ => {
                if asked.is_some() {
                    offset = Some(top - GAP);
                }
                // Its page for now; the passage itself once the glyph boxes are read.
                let waiting = pages.layouts.is_none() && pages.layout_error.is_none();
                if target.byte > 0 && waiting {
                    state.page_view.pending_passage = Some((doc.id, target));
                }
            }
        }
    }
    // Keyed by the PDF's content as well: egui keeps the scroll position between sessions,
    // and it must come back to this article, not to whichever has the same id elsewhere.
    let mut area = ScrollArea::both().id_salt(("pages", doc.id.0, &doc.sha256)).auto_shrink([false, false]);
    if let Some(o) = offset {
        area = area.vertical_scroll_offset(o.max(0.0));
    }
    let ppp = ui.ctx().pixels_per_point();
    #[allow(clippy::cast_precision_loss)]
    let max_side = MAX_PIXELS.min(ui.ctx().input(|i| i.max_texture_side) as f32 - 2.0);
    area.show_viewport(ui, |ui, viewport| {
        ui.set_min_size(total);
        state.page_view.view_centre = Some((doc.id, zoom, viewport.center().y));
        let origin = ui.max_rect().min;
        // Pages are centred in what is visible; a wider one starts at the left margin.
        let width = viewport.width();
        let mut visible: Vec<(usize, f32)> = Vec::new();
        for (i, (w, h)) in sizes.iter().enumerate() {
            let top = tops[i];
            let size = Vec2::new(w * zoom, h * zoom);
            if top + size.y < viewport.top() || top > viewport.bottom() {
                continue;
            }
            let centre = (top + size.y / 2.0 - viewport.center().y).abs();
            visible.push((i, centre));
            let rect = Rect::from_min_size(origin + Vec2::new(((width - size.x) / 2.0).max(GAP), top), size);
            let transform = transforms.get(i).copied().unwrap_or([1.0, 0.0, 0.0, -1.0, 0.0, f64::from(*h)]);
            page(ui, project, derived, doc, pages, state, (i, sizes.len()), rect, zoom, &transform);
        }
        visible.sort_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((current, _)) = visible.first() {
            state.page_view.current_page = *current;
        }
        // Visible pages first (nearest the middle first), then the neighbours.
        let mut wanted: Vec<usize> = visible.iter().map(|(i, _)| *i).collect();
        let (lo, hi) = (wanted.iter().min().copied().unwrap_or(0), wanted.iter().max().copied().unwrap_or(0));
        for extra in [hi + 1, lo.wrapping_sub(1), hi + 2] {
            if extra < sizes.len() && !wanted.contains(&extra) {
                wanted.push(extra);
            }
        }
        state.page_view.wanted = wanted
            .into_iter()
            .map(|i| (i, render_scale(zoom, ppp, Vec2::new(sizes[i].0, sizes[i].1), max_side)))
            .collect();
    });
}

/// The top of every page in the scrolled content at `zoom`.
fn page_tops(sizes: &[(f32, f32)], zoom: f32) -> Vec<f32> {
    let mut tops = Vec::with_capacity(sizes.len());
    let mut y = GAP;
    for (_, h) in sizes {
        tops.push(y);
        y += h * zoom + GAP;
    }
    tops
}

/// Where the point at `centre` of the content at `old_zoom` lies at `zoom`: the same place
/// on the same page.
fn rezoomed(sizes: &[(f32, f32)], (old_zoom, centre): (f32, f32), zoom: f32) -> f32 {
    let (old, new) = (page_tops(sizes, old_zoom), page_tops(sizes, zoom));
    let page = old.iter().rposition(|t| *t <= centre).unwrap_or(0);
    let (Some(old_top), Some(new_top), Some((_, h))) = (old.get(page), new.get(page), sizes.get(page)) else {
        return centre;
    };
    let within = ((centre - old_top) / (h * old_zoom)).clamp(0.0, 1.0);
    new_top + within * h * zoom
}

/// One page: the rendered image, highlights, selection, search hits, and the mouse.
#[allow(clippy::too_many_arguments)]
fn page(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    doc: &Document,
    pages: &PagesView<'_>,
    state: &mut UiState,
    (index, total): (usize, usize),
    rect: Rect,
    zoom: f32,
    transform: &crate::pdf::Affine,
) {
    let response = ui.interact(rect, ui.scope_id().with(("page", index)), Sense::click_and_drag());
    response.widget_info(|| {
        let label = match pages.failed.get(&index) {
            Some(reason) => format!("Page {} of {total}, could not be drawn: {reason}", index + 1),
            None => format!("Page {} of {total}", index + 1),
        };
        WidgetInfo::labeled(egui::Role::Document, true, label)
    });
    let painter = ui.painter_at(rect.expand(6.0));
    paint_sheet(&painter, pages, index, rect);
    let Some(page_text) = doc.pages.get(index) else { return };
    let layout = pages.layouts.and_then(|l| l.get(index));
    let usable = pages.text_matches.get(index).copied().unwrap_or(false);
    let Some(layout) = layout.filter(|_| usable) else {
        if pages.layouts.is_some() || pages.layout_error.is_some() {
            no_selection_note(&painter, rect, page_text);
        }
        return;
    };
    let sheet = Sheet { index, rect, zoom, rects: page_rects(layout, transform), glyphs: &layout.glyphs };
    let highlights = derived.page_highlights(doc.id, index);
    select(ui, &response, doc, page_text, &sheet, highlights, state);
    // Marks: only the glyphs in view are looked at.
    let cover = |start: usize, end: usize| -> Vec<Rect> {
        line_runs(&sheet.rects, glyphs_in(sheet.glyphs, start, end))
            .into_iter()
            .map(|r| to_screen(r, rect.min, zoom))
            .collect()
    };
    let clip = ui.clip_rect();
    let window = sheet
        .glyphs
        .iter()
        .zip(&sheet.rects)
        .filter(|(_, r)| clip.intersects(to_screen(**r, rect.min, zoom)))
        .fold(None, |acc: Option<(usize, usize)>, (g, _)| {
            let (a, b) = (g.start as usize, g.end as usize);
            Some(acc.map_or((a, b), |(x, y)| (x.min(a), y.max(b))))
        })
        .map_or(0..0, |(a, b)| a..b);
    marks::paint(&painter, state, doc.id, index, highlights, window, Underline::Below, cover);
    // Hover: the codings under the pointer.
    if let Some(g) = response.hover_pos().and_then(|p| sheet.glyph_under(p, 2.0)).and_then(|g| sheet.glyphs.get(g)) {
        let hits = highlights_at(highlights, g.start as usize);
        if hits.is_empty() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
        }
        marks::codings_tooltip(ui, response, project, &hits);
    }
}

/// A drawn page and its glyphs on screen.
struct Sheet<'l> {
    index: usize,
    rect: Rect,
    zoom: f32,
    /// Each glyph's box in page coordinates.
    rects: Vec<Rect>,
    glyphs: &'l [crate::pdf::GlyphBox],
}

impl Sheet<'_> {
    /// The glyph under a screen position, within `reach` points.
    fn glyph_under(&self, pos: Pos2, reach: f32) -> Option<usize> {
        glyph_at(&self.rects, to_page(pos, self.rect.min, self.zoom), reach)
    }
}

/// The paper: its shadow, the rendered image, or why it is not there (being drawn, or could
/// not be drawn), and its border.
fn paint_sheet(painter: &egui::Painter, pages: &PagesView<'_>, index: usize, rect: Rect) {
    painter.rect_filled(rect.translate(Vec2::new(2.0, 3.0)), 0.0, Color32::from_black_alpha(40));
    painter.rect_filled(rect, 0.0, Color32::WHITE);
    match (pages.textures.get(&index), pages.failed.get(&index)) {
        (Some(tex), _) => {
            let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
            painter.image(tex.texture.id(), rect, uv, Color32::WHITE);
        }
        // The page stays codable on its text (below, and in the Text view).
        (None, Some(reason)) => {
            let text = format!(
                "Page {} could not be drawn.\n{reason}\nIts text can still be read and coded in the Text view.",
                index + 1
            );
            let colour = Color32::from_rgb(150, 40, 40);
            let galley =
                painter.layout(text, egui::FontId::proportional(14.0), colour, (rect.width() - 40.0).max(80.0));
            let at = rect.center() - galley.size() / 2.0;
            painter.galley(at, galley, colour);
        }
        (None, None) => {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                format!("Drawing page {}…", index + 1),
                egui::FontId::proportional(14.0),
                Color32::GRAY,
            );
        }
    }
    painter.rect_stroke(rect, 0.0, Stroke::new(1.0, Color32::from_gray(190)), egui::StrokeKind::Outside);
}

/// A strip at the top of a page whose words cannot be selected on the picture.
fn no_selection_note(painter: &egui::Painter, rect: Rect, page_text: &str) {
    let note = if page_text.trim().is_empty() {
        "No text on this page."
    } else {
        "This page cannot be selected here (its text layer differs from the stored text); use the Text view."
    };
    let strip = Rect::from_min_size(rect.min, Vec2::new(rect.width(), 22.0));
    painter.rect_filled(strip, 0.0, Color32::from_rgba_unmultiplied(255, 248, 220, 235));
    painter.text(
        strip.left_center() + Vec2::new(8.0, 0.0),
        egui::Align2::LEFT_CENTER,
        note,
        egui::FontId::proportional(12.0),
        Color32::from_gray(60),
    );
}

/// Selection with the mouse: drag over glyphs, double-click a word, triple-click a line; a
/// click on a highlight selects its coding.
fn select(
    ui: &Ui,
    response: &egui::Response,
    doc: &Document,
    page_text: &str,
    sheet: &Sheet<'_>,
    highlights: &[crate::analysis::Highlight],
    state: &mut UiState,
) {
    let (index, glyphs) = (sheet.index, sheet.glyphs);
    if response.drag_started()
        && let Some(p) = ui.input(|i| i.pointer.press_origin()).or_else(|| response.interact_pointer_pos())
    {
        state.page_view.drag_origin = sheet.glyph_under(p, REACH).map(|g| (index, g));
        state.reader.selection = None;
        state.selected_coding = None;
    }
    if (response.dragged() || response.drag_stopped())
        && let (Some((p, from)), Some(pos)) = (state.page_view.drag_origin, response.interact_pointer_pos())
        && p == index
        && let Some(to) = sheet.glyph_under(sheet.rect.clamp(pos), f32::INFINITY)
        && let (Some(a), Some(b)) = (glyphs.get(from.min(to)), glyphs.get(from.max(to)))
    {
        state.select_passage(doc, index, a.start as usize, b.end as usize);
    }
    if response.drag_stopped() {
        state.page_view.drag_origin = None;
    }
    let pointer_glyph = response.interact_pointer_pos().and_then(|p| sheet.glyph_under(p, REACH));
    if response.triple_clicked() {
        if let Some(g) = pointer_glyph.and_then(|g| glyphs.get(g)) {
            let (a, b) = line_at(page_text, char_of_byte(page_text, g.start as usize));
            state.select_passage(doc, index, byte_of_char(page_text, a), byte_of_char(page_text, b));
        }
    } else if response.double_clicked() {
        if let Some(g) = pointer_glyph.and_then(|g| glyphs.get(g)) {
            let (a, b) = word_at(page_text, char_of_byte(page_text, g.start as usize));
            state.select_passage(doc, index, byte_of_char(page_text, a), byte_of_char(page_text, b));
        }
    } else if response.clicked() {
        state.reader.selection = None;
        state.selected_coding = pointer_glyph
            .and_then(|g| glyphs.get(g))
            .and_then(|g| highlights_at(highlights, g.start as usize).first().map(|h| h.coding));
    }
}

#[cfg(test)]
#[allow(clippy::float_cmp)] // exact values of a ladder and of integer geometry
mod tests {
    use super::*;

    #[test]
    fn fitted_zoom_follows_the_view() {
        let letter = [(612.0, 792.0)];
        let z = effective_zoom(Zoom::FitWidth, Vec2::new(612.0 + 2.0 * GAP + 16.0, 500.0), &letter, 0);
        assert!((z - 1.0).abs() < 1e-4);
        let with_landscape = [(612.0, 792.0), (792.0, 612.0), (612.0, 792.0)];
        let z = effective_zoom(Zoom::FitWidth, Vec2::new(612.0 + 2.0 * GAP + 16.0, 500.0), &with_landscape, 1);
        assert!((z - 1.0).abs() < 1e-4, "a landscape page does not set the width");
        let page = effective_zoom(Zoom::FitPage, Vec2::new(2000.0, 792.0 + 2.0 * GAP), &letter, 0);
        assert!((page - 1.0).abs() < 1e-4, "the height limits");
        assert_eq!(effective_zoom(Zoom::Factor(100.0), Vec2::new(800.0, 600.0), &letter, 0), ZOOM_RANGE.1);
    }

    #[test]
    fn a_new_zoom_keeps_the_same_place_of_the_same_page() {
        let pages = [(612.0, 792.0), (792.0, 612.0), (612.0, 792.0)];
        // A third of the way down the second page at 100%...
        let centre = page_tops(&pages, 1.0)[1] + 612.0 / 3.0;
        // ...is a third of the way down the second page at 200% and at 50%.
        for zoom in [2.0, 0.5] {
            let at = rezoomed(&pages, (1.0, centre), zoom);
            let top = page_tops(&pages, zoom)[1];
            assert!((at - (top + 612.0 * zoom / 3.0)).abs() < 1e-3, "{zoom}: {at}");
        }
        // Above the first page (in its top margin) stays at the top of it.
        assert_eq!(rezoomed(&pages, (1.0, 1.0), 2.0), GAP);
    }

    #[test]
    fn zoom_steps_walk_the_ladder() {
        assert_eq!(zoom_step(1.0, true), 1.1);
        assert_eq!(zoom_step(1.0, false), 0.9);
        assert_eq!(zoom_step(1.17, true), 1.25, "from a fitted zoom to the next step");
        assert_eq!(zoom_step(4.0, true), ZOOM_RANGE.1);
        assert_eq!(zoom_step(0.25, false), ZOOM_RANGE.0);
    }
}
