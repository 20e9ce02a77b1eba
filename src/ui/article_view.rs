//! The middle of the coding view: the article's title bar (pages or text, page navigation,
//! zoom, find), the find bar, and the pages or the text below them. When the PDF cannot be
//! shown (missing, encrypted, unreadable) the stored text is shown with a note saying why
//! and what to do.

use super::action::Action;
use super::page_view::{self, ZOOM_RANGE};
use super::reader;
use super::state::{ReaderMode, ScrollTarget, UiState, Zoom};
use super::theme;
use super::view::{PagesView, PdfState, ViewCtx};
use crate::analysis::Derived;
use crate::model::{Document, Project};
use egui::{Key, RichText, Ui};

/// Shows the article: bars, then pages or text.
pub fn article_view(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    doc: &Document,
    cx: &ViewCtx<'_>,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let pages = cx.pages.as_ref();
    let ready = pages.is_some_and(|p| matches!(p.state, PdfState::Ready { .. }));
    let show_pages = ready && state.reader_mode == ReaderMode::Page;
    search_shortcuts(ui, state);
    title_bar(ui, doc, pages, show_pages, state);
    if state.search.open {
        search_bar(ui, doc, state);
    }
    ocr_note(ui, doc, cx, state, actions);
    if state.reader_mode == ReaderMode::Page
        && let Some(p) = pages
    {
        pdf_note(ui, doc, p.state, state, actions);
    }
    match pages {
        Some(p) if show_pages => page_view::page_view(ui, project, derived, doc, p, state),
        Some(p) if state.reader_mode == ReaderMode::Page && matches!(p.state, PdfState::Opening) => {
            // Opening takes a moment; a still note (not a spinner, which repaints forever).
            ui.centered_and_justified(|ui| ui.label(RichText::new("Opening the PDF…").weak()));
        }
        _ => reader::reader(ui, project, derived, doc, state),
    }
}

/// Ctrl+F opens the find bar; Escape closes it.
fn search_shortcuts(ui: &Ui, state: &mut UiState) {
    if ui.input_mut(|i| i.consume_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, Key::F))) {
        state.search.open = true;
        state.search.focus = true;
    }
    if state.search.open && ui.input(|i| i.key_pressed(Key::Escape)) {
        state.search.open = false;
    }
}

fn title_bar(ui: &mut Ui, doc: &Document, pages: Option<&PagesView<'_>>, show_pages: bool, state: &mut UiState) {
    let has_pdf = pages.is_some_and(|p| !matches!(p.state, PdfState::NoPdf));
    // The title, cut to leave room for Find… at the end of its line.
    ui.horizontal(|ui| {
        let find = "Find…";
        // What the button takes: its text in the button font, its padding, the gap before it.
        let text = theme::text_width(ui, find, &egui::TextStyle::Button);
        let width = ui.available_width() - text - 2.0 * ui.spacing().button_padding.x - ui.spacing().item_spacing.x;
        let height = ui.text_style_height(&egui::TextStyle::Heading);
        ui.allocate_ui_with_layout(
            egui::vec2(width.max(0.0), height),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.add(egui::Label::new(RichText::new(&doc.title).heading()).truncate());
            },
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.selectable_label(state.search.open, find).on_hover_text("Find in this article (Ctrl+F)").clicked() {
                state.search.open = !state.search.open;
                state.search.focus = state.search.open;
            }
        });
    });
    if let Some(note) = doc.ocr_note() {
        ui.label(RichText::new(format!("◔ {note}: check passages against the page")).small().color(theme::OCR));
    }
    // Over the pages, the article's warnings in one line (all of them on hover), their count
    // first so that it shows however the line is cut; the text view lists them in full.
    if show_pages && !doc.warnings.is_empty() {
        let shown = super::reader::shown_warnings(&doc.warnings);
        let n = doc.warnings.len();
        let line =
            if n == 1 { format!("⚠ {}", shown[0]) } else { format!("⚠ {n} warnings (all on hover): {}", shown[0]) };
        // One tooltip, with every warning (not also the cut line's own).
        ui.add(
            egui::Label::new(RichText::new(line).small().color(theme::WARNING))
                .truncate()
                .show_tooltip_when_elided(false),
        )
        .on_hover_text(shown.join("\n"));
    }
    // Wraps onto a second line in a narrow window rather than drawing controls over each other;
    // spaced tightly, so that it fits on one line beside both side panels at 1280 px.
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        if has_pdf {
            let before = state.reader_mode;
            ui.selectable_value(&mut state.reader_mode, ReaderMode::Page, "Pages")
                .on_hover_text("The pages as printed, from the PDF");
            ui.selectable_value(&mut state.reader_mode, ReaderMode::Text, "Text")
                .on_hover_text("The extracted text, reflowed to the window");
            if state.reader_mode != before {
                keep_place(state);
            }
            ui.separator();
        }
        if show_pages {
            page_navigation(ui, pages, state);
            ui.separator();
            zoom_controls(ui, state);
        } else {
            super::theme::checkbox(ui, &mut state.pdf_line_breaks, "PDF line breaks")
                .on_hover_text("Show the lines as printed instead of reflowing the text");
        }
    });
}

/// After switching between pages and text, shows the same place: the selection if there is
/// one, else the top of the current page.
fn keep_place(state: &mut UiState) {
    state.reader.scroll_to = Some(match state.reader.selection {
        Some(sel) => ScrollTarget { page: sel.page, byte: sel.start },
        None => ScrollTarget { page: state.page_view.current_page, byte: 0 },
    });
}

fn zoom_controls(ui: &mut Ui, state: &mut UiState) {
    let z = state.page_view.effective_zoom;
    if ui.add_enabled(z > ZOOM_RANGE.0, egui::Button::new("−")).on_hover_text("Zoom out (Ctrl -)").clicked() {
        state.page_view.zoom = Zoom::Factor(page_view::zoom_step(z, false));
    }
    ui.label(format!("{:.0}%", z * 100.0));
    if ui
        .add_enabled(z < ZOOM_RANGE.1, egui::Button::new("+"))
        .on_hover_text("Zoom in (Ctrl +, or Ctrl+wheel)")
        .clicked()
    {
        state.page_view.zoom = Zoom::Factor(page_view::zoom_step(z, true));
    }
    let fit_width = matches!(state.page_view.zoom, Zoom::FitWidth);
    if ui.selectable_label(fit_width, "Fit width").on_hover_text("Pages as wide as the view (Ctrl+0)").clicked() {
        state.page_view.zoom = Zoom::FitWidth;
    }
    let fit_page = matches!(state.page_view.zoom, Zoom::FitPage);
    if ui.selectable_label(fit_page, "Fit page").on_hover_text("Show a whole page").clicked() {
        state.page_view.zoom = Zoom::FitPage;
    }
}

fn page_navigation(ui: &mut Ui, pages: Option<&PagesView<'_>>, state: &mut UiState) {
    let count = match pages.map(|p| p.state) {
        Some(PdfState::Ready { sizes, .. }) => sizes.len(),
        _ => 0,
    };
    let current = state.page_view.current_page.min(count.saturating_sub(1));
    if ui.add_enabled(current > 0, egui::Button::new("◀")).on_hover_text("Previous page").clicked() {
        state.page_view.goto_page = Some(current - 1);
    }
    let label = ui.label("Page");
    let mut shown = current + 1;
    let r = ui
        .add(egui::DragValue::new(&mut shown).range(1..=count.max(1)).speed(0.1))
        .labelled_by(label.id)
        .on_hover_text("Go to page");
    if r.changed() {
        state.page_view.goto_page = Some(shown - 1);
    }
    ui.label(format!("of {count}"));
    if ui.add_enabled(current + 1 < count, egui::Button::new("▶")).on_hover_text("Next page").clicked() {
        state.page_view.goto_page = Some(current + 1);
    }
}

/// Steps to the next (or previous) hit and scrolls both views to it.
fn step(state: &mut UiState, forward: bool) {
    let n = state.search.hits.len();
    if n == 0 {
        return;
    }
    state.search.current = if forward { (state.search.current + 1) % n } else { (state.search.current + n - 1) % n };
    show_current(state);
}

fn show_current(state: &mut UiState) {
    if let Some(hit) = state.search.hits.get(state.search.current) {
        state.reader.scroll_to = Some(ScrollTarget { page: hit.page, byte: hit.start });
    }
}

fn search_bar(ui: &mut Ui, doc: &Document, state: &mut UiState) {
    // Kept to the width of the view, wrapping its buttons onto a second line when narrow: a
    // row wider than the view widened the panel, and the pages at "fit width" with it.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find:");
        // Room left on the line for the count and the buttons after the field.
        let room = ui.available_width() - 320.0;
        let edit = egui::TextEdit::singleline(&mut state.search.query)
            .hint_text("words in this article (case and ligatures ignored)")
            .desired_width(room.clamp(80.0, 320.0));
        let r = ui.add(edit).labelled_by(label.id);
        if std::mem::take(&mut state.search.focus) {
            r.request_focus();
        }
        if state.search.refresh(doc) && !state.search.hits.is_empty() {
            show_current(state);
        }
        let (enter, modifiers) = ui.input(|i| (i.key_pressed(Key::Enter), i.modifiers));
        let from_here = r.has_focus() || r.lost_focus() || !ui.ctx().egui_wants_keyboard_input();
        if enter && modifiers.command && from_here {
            // Ctrl+Enter: the current hit's sentence becomes the passage to code (with Shift,
            // only the words found); the keys of the coding form work from here.
            select_current(doc, state, !modifiers.shift);
            r.surrender_focus();
        } else if enter && r.lost_focus() {
            step(state, !modifiers.shift);
            r.request_focus();
        }
        let n = state.search.hits.len();
        let empty = state.search.query.trim().is_empty();
        if !empty && n == 0 {
            ui.colored_label(theme::WARNING, "not found");
        } else if !empty {
            ui.label(format!("{} of {n}", state.search.current + 1));
        }
        if ui.add_enabled(n > 0, egui::Button::new("▲")).on_hover_text("Previous (Shift+Enter)").clicked() {
            step(state, false);
        }
        if ui.add_enabled(n > 0, egui::Button::new("▼")).on_hover_text("Next (Enter)").clicked() {
            step(state, true);
        }
        if ui
            .add_enabled(n > 0, egui::Button::new("Code hits…"))
            .on_hover_text("Read every hit in context and code the ones you choose in one step")
            .clicked()
        {
            state.code_hits = Some(super::state::CodeHits::new(Some(doc.id), &state.search.query));
        }
        if ui.button("✕").on_hover_text("Close (Esc)").clicked() {
            state.search.open = false;
        }
        if empty {
            // Last, cut when the view is narrow (the whole hint shows on hover).
            let hint = "Enter steps through the hits, Ctrl+Enter codes one";
            ui.add(egui::Label::new(RichText::new(hint).weak()).truncate());
        }
    });
}

/// Selects the current hit as the passage to code: its sentence, or only its words.
fn select_current(doc: &Document, state: &mut UiState, sentence: bool) {
    let Some(hit) = state.search.hits.get(state.search.current).copied() else { return };
    let Some(page) = doc.page(hit.page) else { return };
    let (a, b) =
        if sentence { crate::model::text::sentence_around(page, hit.start, hit.end) } else { (hit.start, hit.end) };
    state.select_passage(doc, hit.page, a, b);
    state.reader.scroll_to = Some(ScrollTarget { page: hit.page, byte: a });
}

/// "Pages 1, 2 and 3 more": the list warnings use, starting a sentence.
fn page_list(pages: &[u32]) -> String {
    let list = crate::pdf::pages_list(pages);
    let mut chars = list.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// What the note over the pages says of the pages without text (from 1): those whose
/// content could not be read (`unreadable`, in order: damaged in the file) apart from the
/// others, most likely scans.
fn textless_note(empty: &[u32], unreadable: &[u32]) -> String {
    let (broken, scans): (Vec<u32>, Vec<u32>) = empty.iter().partition(|p| unreadable.binary_search(p).is_ok());
    let has = |pages: &[u32]| if pages.len() == 1 { "has" } else { "have" };
    let (them, their) = if empty.len() == 1 { ("it", "its") } else { ("them", "their") };
    match (scans.is_empty(), broken.is_empty()) {
        (_, true) => format!(
            "{} {} no text (scanned?), so nothing on {them} can be coded until {their} text is recognised.",
            page_list(&scans),
            has(&scans)
        ),
        (true, false) => format!(
            "{} could not be read (damaged in the file), so nothing on {them} can be coded. Recognising {their} text reads {them} as drawn, which may be blank; another copy of the PDF may read.",
            page_list(&broken)
        ),
        (false, false) => format!(
            "{} {} no text (scanned?), and {} could not be read (damaged in the file): nothing on them can be coded until their text is recognised. Damaged pages are recognised as drawn, which may be blank.",
            page_list(&scans),
            has(&scans),
            crate::pdf::pages_list(&broken)
        ),
    }
}

/// The offer to recognise the pages without text: one page's text, or several pages'.
fn ocr_label(pages: usize) -> &'static str {
    if pages == 1 { "Recognise its text (OCR)" } else { "Recognise their text (OCR)" }
}

/// Pages without text (scans, or pages that could not be read), and the offer to recognise
/// them; or the recognition under way, with a way to stop it.
fn ocr_note(ui: &mut Ui, doc: &Document, cx: &ViewCtx<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    let empty: Vec<u32> = (1..).zip(&doc.pages).filter(|(_, p)| p.trim().is_empty()).map(|(n, _)| n).collect();
    if cx.recognising == Some(doc.id) {
        egui::Frame::new().fill(theme::OCR.gamma_multiply(0.1)).inner_margin(6).corner_radius(4).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "Recognising the text of this article… {}",
                    cx.busy.as_ref().map_or("", |b| b.note.as_str())
                ));
                if ui.button("Stop").on_hover_text("Stop the recognition; nothing is changed").clicked() {
                    actions.push(Action::CancelRecognising);
                }
            });
        });
        return;
    }
    if empty.is_empty() || doc.pdf.is_none() {
        return;
    }
    egui::Frame::new().fill(ui.visuals().faint_bg_color).inner_margin(6).corner_radius(4).show(ui, |ui| {
        ui.label(textless_note(&empty, &doc.unreadable_pages));
        let busy = cx.recognising.is_some();
        if let Some(language) =
            super::ocr::ocr_offer(ui, cx.ocr, &mut state.ocr_language, ocr_label(empty.len()), !busy)
        {
            actions.push(Action::RecognisePages { document: doc.id, language });
        }
    });
}

/// Why the pages are not shown, and what to do about it.
fn pdf_note(ui: &mut Ui, doc: &Document, pdf: &PdfState, state: &mut UiState, actions: &mut Vec<Action>) {
    let frame = egui::Frame::new().fill(ui.visuals().faint_bg_color).inner_margin(6).corner_radius(4);
    match pdf {
        PdfState::Missing(path) => {
            frame.show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(theme::WARNING, "⚠");
                    ui.label(format!(
                        "The PDF is not at {} any more. The stored text is shown and your codings are safe.",
                        path.display()
                    ));
                    if ui
                        .button("Locate PDF…")
                        .on_hover_text("Find the file; it is checked to be the same PDF")
                        .clicked()
                    {
                        actions.push(Action::LocatePdfDialog(doc.id));
                    }
                });
            });
        }
        PdfState::Locked { tried } => {
            frame.show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(if *tried {
                        "That password did not open the PDF. Try again:"
                    } else {
                        "This PDF is encrypted. Its password shows the pages (it is kept only until you quit):"
                    });
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut state.page_view.password).password(true).desired_width(160.0),
                    );
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    if (ui.button("Open").clicked() || enter) && !state.page_view.password.is_empty() {
                        actions.push(Action::UnlockPdf(doc.id, std::mem::take(&mut state.page_view.password)));
                    }
                    ui.label(RichText::new("The stored text is shown meanwhile.").weak());
                });
            });
        }
        PdfState::Failed(why) => {
            frame.show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(theme::WARNING, "⚠");
                    ui.label(format!("The pages cannot be drawn ({why}). The stored text is shown."));
                });
            });
        }
        PdfState::Opening | PdfState::Ready { .. } | PdfState::NoPdf => {}
    }
}

#[cfg(test)]
mod tests {
    use super::textless_note;

    #[test]
    fn pages_without_text_are_told_apart_from_pages_that_could_not_be_read() {
        assert_eq!(
            textless_note(&[2], &[]),
            "Page 2 has no text (scanned?), so nothing on it can be coded until its text is recognised."
        );
        let damaged = textless_note(&[4, 6], &[4, 6, 9]);
        assert!(damaged.starts_with("Pages 4, 6 could not be read (damaged in the file)"), "{damaged}");
        assert!(!damaged.contains("scanned"), "{damaged}");
        let both = textless_note(&[1, 4, 6], &[4, 6]);
        assert!(both.starts_with("Page 1 has no text (scanned?), and pages 4, 6 could not be read"), "{both}");
        let many: Vec<u32> = (1..=14).collect();
        assert!(textless_note(&many, &[]).starts_with("Pages 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 2 more have"));
    }
}
