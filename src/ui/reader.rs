//! The reader: an article's text, page by page, where passages are selected with the mouse
//! and coded passages are highlighted in the colour of their valence.

use super::marks::{self, Underline};
use super::state::{ScrollTarget, UiState};
use super::theme;
use crate::analysis::{Derived, Highlight};
use crate::model::{Document, Project};
use egui::epaint::text::{CharIndex, Galley, LayoutJob};
use egui::text::CCursor;
use egui::{Align, Pos2, Rect, RichText, Role, ScrollArea, Sense, Ui, Vec2, WidgetInfo};
use std::sync::Arc;

/// Byte offset of the `ci`-th character of `s` (or the end).
pub(super) fn byte_of_char(s: &str, ci: usize) -> usize {
    s.char_indices().nth(ci).map_or(s.len(), |(b, _)| b)
}

/// Character index of byte offset `b` of `s` (`b` on a char boundary).
pub(super) fn char_of_byte(s: &str, b: usize) -> usize {
    s.get(..b).map_or_else(|| s.chars().count(), |p| p.chars().count())
}

/// Where each character of a page text starts: character index <-> byte offset without a
/// walk from the start of the text each time.
struct CharMap {
    starts: Vec<usize>,
    len: usize,
}

impl CharMap {
    fn new(s: &str) -> Self {
        Self { starts: s.char_indices().map(|(b, _)| b).collect(), len: s.len() }
    }

    /// Character index of byte `b`.
    fn char_of(&self, b: usize) -> usize {
        self.starts.partition_point(|&x| x < b)
    }

    /// Byte offset of character `ci` (or the end).
    fn byte_of(&self, ci: usize) -> usize {
        self.starts.get(ci).copied().unwrap_or(self.len)
    }
}

/// The bytes of a page whose rows lie in `clip` (the part of the window that shows).
fn visible_bytes(galley: &Galley, origin: Pos2, clip: Rect, chars: &CharMap) -> std::ops::Range<usize> {
    let (mut first, mut last) = (None, 0usize);
    let mut row_start = 0usize;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let (top, bottom) = (origin.y + row.pos.y, origin.y + row.pos.y + row.size.y);
        if bottom >= clip.top() && top <= clip.bottom() {
            first.get_or_insert(row_start);
            last = row_start + count;
        }
        row_start += count;
    }
    match first {
        Some(first) => chars.byte_of(first)..chars.byte_of(last),
        None => 0..0,
    }
}

/// Rectangles (in screen space) covering characters `start..end` of a galley drawn at
/// `origin`, one per row touched.
fn range_rects(galley: &Galley, origin: Pos2, start: usize, end: usize) -> Vec<Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0usize;
    for row in &galley.rows {
        let count = row.char_count_including_newline().0;
        let row_end = row_start + count;
        let (a, b) = (start.max(row_start), end.min(row_end));
        if a < b {
            let x0 = row.x_offset(CharIndex(a - row_start));
            let glyphs = row.char_count_excluding_newline().0;
            let x1 = if b - row_start >= glyphs { row.size.x } else { row.x_offset(CharIndex(b - row_start)) };
            let r = Rect::from_min_max(
                Pos2::new(origin.x + row.pos.x + x0, origin.y + row.pos.y),
                Pos2::new(origin.x + row.pos.x + x1.max(x0 + 2.0), origin.y + row.pos.y + row.size.y),
            );
            rects.push(r);
        }
        row_start = row_end;
        if row_start >= end {
            break;
        }
    }
    rects
}

/// The word around character `ci` (for double-click selection), as a char range.
pub(super) fn word_at(s: &str, ci: usize) -> (usize, usize) {
    let chars: Vec<char> = s.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’';
    if ci >= chars.len() || !is_word(chars[ci]) {
        return (ci, (ci + 1).min(chars.len()));
    }
    let mut a = ci;
    while a > 0 && is_word(chars[a - 1]) {
        a -= 1;
    }
    let mut b = ci;
    while b < chars.len() && is_word(chars[b]) {
        b += 1;
    }
    (a, b)
}

/// The line around character `ci` (for triple-click selection), as a char range.
pub(super) fn line_at(s: &str, ci: usize) -> (usize, usize) {
    let chars: Vec<char> = s.chars().collect();
    let mut a = ci.min(chars.len());
    while a > 0 && chars[a - 1] != '\n' {
        a -= 1;
    }
    let mut b = ci.min(chars.len());
    while b < chars.len() && chars[b] != '\n' {
        b += 1;
    }
    (a, b)
}

/// The codings whose highlight covers byte `b`, shortest first (the most specific on top).
pub(super) fn highlights_at(list: &[Highlight], b: usize) -> Vec<Highlight> {
    let mut hits: Vec<Highlight> = list.iter().copied().filter(|h| h.start <= b && b < h.end).collect();
    hits.sort_by_key(|h| h.end - h.start);
    hits
}

/// The page text as displayed: line breaks that only follow the PDF's column width are
/// shown as spaces so the text reflows to the reader's width, while breaks after short lines
/// (headings, paragraph ends, list items) and blank lines are kept. Every replaced byte is a
/// `\n` turned into a space, so offsets into the displayed text are offsets into the page.
#[must_use]
pub fn reflow(page: &str) -> String {
    let lengths: Vec<usize> = page.split('\n').map(|l| l.chars().count()).filter(|n| *n > 0).collect();
    let mut sorted = lengths.clone();
    sorted.sort_unstable();
    let typical = sorted.get(sorted.len() * 3 / 4).copied().unwrap_or(0);
    let mut out = String::with_capacity(page.len());
    let lines: Vec<&str> = page.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i + 1 == lines.len() {
            break;
        }
        let next = lines[i + 1];
        let full = line.chars().count() * 5 >= typical * 4;
        let joinable = full && !line.trim().is_empty() && !next.trim().is_empty();
        out.push(if joinable { ' ' } else { '\n' });
    }
    out
}

/// The most warnings of an article drawn, and the most characters of each: extraction gives a
/// few short ones, but a project file from elsewhere may hold any number, of any length.
const SHOWN_WARNINGS: usize = 8;
const WARNING_CHARS: usize = 400;

/// An article's warnings as they are drawn: at most [`SHOWN_WARNINGS`], each cut to
/// [`WARNING_CHARS`], and a last line counting the others.
pub(super) fn shown_warnings(warnings: &[String]) -> Vec<String> {
    let mut shown: Vec<String> =
        warnings.iter().take(SHOWN_WARNINGS).map(|w| crate::model::text::ellipsize(w, WARNING_CHARS)).collect();
    if warnings.len() > SHOWN_WARNINGS {
        shown.push(format!("and {} more warnings", warnings.len() - SHOWN_WARNINGS));
    }
    shown
}

/// Shows a document's pages. Selecting text sets `state.reader.selection`; clicking a
/// highlight selects its coding.
pub fn reader(ui: &mut Ui, project: &Project, derived: &Derived, doc: &Document, state: &mut UiState) {
    let total = doc.pages.len();
    ScrollArea::vertical().id_salt(("reader", doc.id.0, &doc.sha256)).auto_shrink([false, false]).show(ui, |ui| {
        let avail = ui.available_width();
        let column = (avail - 12.0).clamp(200.0, theme::READING_WIDTH);
        let margin = ((avail - column) / 2.0).max(0.0);
        let rect =
            egui::Rect::from_min_size(ui.cursor().min + Vec2::new(margin, 0.0), Vec2::new(column, f32::INFINITY));
        ui.scope_builder(egui::UiBuilder::new().max_rect(rect).layout(egui::Layout::top_down(Align::Min)), |ui| {
            ui.set_width(column);
            ui.add_space(8.0);
            // Every warning of the article (a few: unreadable pages, pages read in part, pages
            // without text, fonts left out), each on its line.
            for warning in shown_warnings(&doc.warnings) {
                ui.add(egui::Label::new(RichText::new(format!("⚠ {warning}")).color(theme::WARNING)).wrap());
            }
            let view_top = ui.clip_rect().top();
            for (i, page_text) in doc.pages.iter().enumerate() {
                ui.add_space(10.0);
                // The page at the top of the view is the current one (shared with the page view).
                if ui.cursor().top() <= view_top + 40.0 {
                    state.page_view.current_page = i;
                }
                let source = if doc.is_ocr_page(i) { " · text from OCR" } else { "" };
                ui.label(
                    RichText::new(format!("Page {} of {total}{source}", i + 1))
                        .strong()
                        .color(ui.visuals().weak_text_color()),
                );
                ui.separator();
                if page_text.trim().is_empty() {
                    ui.label(RichText::new("(no text on this page)").italics().weak());
                    continue;
                }
                // Only PDF text has line breaks that follow a printed column.
                let shown =
                    if state.pdf_line_breaks || doc.pdf.is_none() { page_text.clone() } else { reflow(page_text) };
                page(ui, project, derived, doc, i, page_text, &shown, column, state);
            }
            ui.add_space(40.0);
        });
    });
}

#[allow(clippy::too_many_arguments)]
fn page(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    doc: &Document,
    index: usize,
    page_text: &str,
    shown: &str,
    width: f32,
    state: &mut UiState,
) {
    debug_assert_eq!(page_text.len(), shown.len());
    let text_color = ui.visuals().text_color();
    let job = LayoutJob::simple(shown.to_owned(), theme::reading_font(), text_color, width);
    let galley: Arc<Galley> = ui.fonts_mut(|f| f.layout_job(job));
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, galley.size().y), Sense::click_and_drag());
    response.widget_info(|| WidgetInfo::labeled(Role::Document, true, format!("Page {} text", index + 1)));
    let scrolling_to_it = state.reader.scroll_to.is_some_and(|t| t.page == index);
    if !ui.is_rect_visible(rect) && !scrolling_to_it {
        // Out of view: its place is kept, nothing of it is drawn or looked at.
        return;
    }
    let origin = rect.min;
    let chars = CharMap::new(page_text);
    let char_at = |pos: Pos2| -> usize {
        let clamped = rect.clamp(pos);
        galley.cursor_from_pos(clamped - origin).index.0
    };

    // --- selection by dragging, double-click (word) and triple-click (line)
    // Where the button went down, not where the drag was recognised a few pixels later.
    if response.drag_started()
        && let Some(p) = ui.input(|i| i.pointer.press_origin()).or_else(|| response.interact_pointer_pos())
    {
        state.reader.drag_origin = Some((index, char_at(p)));
        state.reader.selection = None;
        state.selected_coding = None;
    }
    let set_selection = |state: &mut UiState, a: usize, b: usize| {
        state.select_passage(doc, index, byte_of_char(page_text, a), byte_of_char(page_text, b));
    };
    if response.dragged() || response.drag_stopped() {
        if let (Some((p, origin_char)), Some(pos)) = (state.reader.drag_origin, response.interact_pointer_pos())
            && p == index
        {
            set_selection(state, origin_char, char_at(pos));
        }
        if response.drag_stopped() {
            state.reader.drag_origin = None;
        }
    }
    let highlights = derived.page_highlights(doc.id, index);
    if response.triple_clicked() {
        if let Some(p) = response.interact_pointer_pos() {
            let (a, b) = line_at(page_text, char_at(p));
            set_selection(state, a, b);
        }
    } else if response.double_clicked() {
        if let Some(p) = response.interact_pointer_pos() {
            let (a, b) = word_at(page_text, char_at(p));
            set_selection(state, a, b);
        }
    } else if response.clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        let b = byte_of_char(page_text, char_at(p));
        state.reader.selection = None;
        state.selected_coding = highlights_at(highlights, b).first().map(|h| h.coding);
    }

    // --- painting: highlights, selection, then the text on top
    let painter = ui.painter_at(rect.expand(4.0));
    let cover = |start: usize, end: usize| range_rects(&galley, origin, chars.char_of(start), chars.char_of(end));
    let window = visible_bytes(&galley, origin, ui.clip_rect(), &chars);
    marks::paint(&painter, state, doc.id, index, highlights, window, Underline::Inside, cover);
    painter.galley(origin, galley.clone(), text_color);

    // --- scroll request
    if let Some(target) = state.reader.scroll_to.filter(|t| t.page == index) {
        let ci = char_of_byte(page_text, target.byte.min(page_text.len()));
        let r = galley.pos_from_cursor(CCursor::new(ci)).translate(origin.to_vec2());
        // The start of a page goes to the top; a passage to the middle.
        let align = if target.byte == 0 { Align::Min } else { Align::Center };
        ui.scroll_to_rect(r.expand2(Vec2::new(0.0, 60.0)), Some(align));
        state.reader.scroll_to = None;
    }

    // --- hover: which codings are here
    if let Some(pos) = response.hover_pos() {
        let hits = highlights_at(highlights, byte_of_char(page_text, char_at(pos)));
        marks::codings_tooltip(ui, response, project, &hits);
    }
}

/// Where to scroll to show a coding's passage.
#[must_use]
pub fn scroll_target(coding: &crate::model::Coding) -> Option<ScrollTarget> {
    coding.anchor.as_text().map(|t| ScrollTarget { page: t.page, byte: t.start })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crafted_list_of_warnings_is_drawn_bounded() {
        let few = vec!["pages 2, 3 have no text layer".to_owned()];
        assert_eq!(shown_warnings(&few), few);
        let many: Vec<String> = (0..10_000).map(|i| format!("warning {i} {}", "x".repeat(5_000))).collect();
        let shown = shown_warnings(&many);
        assert_eq!(shown.len(), SHOWN_WARNINGS + 1);
        assert!(shown.iter().all(|w| w.chars().count() <= WARNING_CHARS));
        assert_eq!(shown.last().map(String::as_str), Some("and 9992 more warnings"));
    }

    #[test]
    fn char_byte_mapping_round_trips() {
        let s = "caf\u{e9} and \u{fb01}ne";
        for (ci, (b, _)) in s.char_indices().enumerate() {
            assert_eq!(byte_of_char(s, ci), b);
            assert_eq!(char_of_byte(s, b), ci);
        }
        assert_eq!(byte_of_char(s, 1000), s.len());
    }

    #[test]
    fn reflow_joins_wrapped_lines_and_keeps_short_ones() {
        let page = "Abstract\nBackground: a long line of running text that fills the column\nand goes on to the next line of it\n\nResults\nshort";
        let shown = reflow(page);
        assert_eq!(shown.len(), page.len(), "offsets are kept");
        assert_eq!(
            shown,
            "Abstract\nBackground: a long line of running text that fills the column and goes on to the next line of it\n\nResults\nshort"
        );
        assert_eq!(reflow(""), "");
    }

    #[test]
    fn word_and_line_selection() {
        let s = "one two-three\nfour five";
        assert_eq!(word_at(s, 5), (4, 13));
        assert_eq!(line_at(s, 16), (14, 23));
        assert_eq!(line_at(s, 2), (0, 13));
    }

    #[test]
    fn highlights_at_prefers_the_shortest() {
        use crate::model::{CodingId, Valence};
        let h = |id, start, end| Highlight { coding: CodingId(id), start, end, valence: Valence::Barrier, depth: 0 };
        let list = [h(1, 0, 50), h(2, 10, 20)];
        assert_eq!(highlights_at(&list, 15).iter().map(|h| h.coding.0).collect::<Vec<_>>(), vec![2, 1]);
        assert!(highlights_at(&list, 60).is_empty());
    }
}
