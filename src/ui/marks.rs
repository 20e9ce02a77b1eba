//! What both article views draw over the words: coded passages in their valence colour
//! (stacked underlines where they overlap), search hits, the selection, and the tooltip
//! naming the codings under the pointer. Each view only says where a byte range lies.

use super::state::UiState;
use super::theme;
use crate::analysis::Highlight;
use crate::model::{DocumentId, Project, text};
use egui::{Painter, Pos2, Rect, Response, RichText, Stroke, StrokeKind, Ui};

/// Where a view puts a highlight's underline: inside the row of a text line, or just below
/// a tight glyph box.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Underline {
    Inside,
    Below,
}

/// Paints the marks of one page that fall in `window` (the bytes of the page in view; the
/// rest is not looked at). `cover` gives the screen rectangles of a byte range.
#[allow(clippy::too_many_arguments)]
pub(super) fn paint(
    painter: &Painter,
    state: &UiState,
    doc: DocumentId,
    page: usize,
    highlights: &[Highlight],
    window: std::ops::Range<usize>,
    underline: Underline,
    cover: impl Fn(usize, usize) -> Vec<Rect>,
) {
    let radius = 2.0;
    let in_view = |start: usize, end: usize| start < window.end && end > window.start;
    // Sorted by start: nothing after the window's end is in view.
    let before_end = highlights.partition_point(|h| h.start < window.end);
    for h in highlights[..before_end].iter().filter(|h| h.end > window.start) {
        let emphasised = state.selected_coding == Some(h.coding);
        let colour = theme::valence_color(h.valence);
        // Overlapping codings get their underlines at different heights.
        let step = f32::from(h.depth % 3);
        for r in cover(h.start, h.end) {
            painter.rect_filled(r, radius, theme::highlight_fill(h.valence, emphasised));
            let y = match underline {
                Underline::Inside => r.bottom() - 1.0 - 2.5 * step,
                Underline::Below => r.bottom() + 0.5 + 2.0 * step,
            };
            painter.line_segment([Pos2::new(r.left(), y), Pos2::new(r.right(), y)], Stroke::new(1.5, colour));
            if emphasised {
                painter.rect_stroke(r, radius, Stroke::new(1.5, colour), StrokeKind::Outside);
            }
        }
    }
    for (k, hit) in state.search.on_page(page).filter(|(_, hit)| in_view(hit.start, hit.end)) {
        let current = k == state.search.current;
        for r in cover(hit.start, hit.end) {
            painter.rect_filled(r, radius, theme::search_fill(current));
            if current {
                painter.rect_stroke(r, radius, Stroke::new(1.5, theme::SEARCH), StrokeKind::Outside);
            }
        }
    }
    if let Some(sel) = state.reader.selection.filter(|s| s.document == doc && s.page == page) {
        for r in cover(sel.start, sel.end) {
            painter.rect_filled(r, radius, theme::selection_fill());
        }
    }
}

/// With codings under the pointer (`hits`, most specific first): a pointing hand and a
/// tooltip with their constructs and comments.
pub(super) fn codings_tooltip(ui: &Ui, response: Response, project: &Project, hits: &[Highlight]) {
    if hits.is_empty() {
        return;
    }
    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    response.on_hover_ui_at_pointer(|ui| {
        for h in hits {
            if let Some(c) = project.coding(h.coding) {
                ui.horizontal(|ui| {
                    theme::valence_chip(ui, c.valence);
                    ui.label(RichText::new(project.codebook().display_path(&c.construct)).strong());
                });
                if !c.comment.is_empty() {
                    ui.label(RichText::new(text::ellipsize(&c.comment, 200)).italics());
                }
            }
        }
        ui.label(RichText::new("Click to edit").small().weak());
    });
}
