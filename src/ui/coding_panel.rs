//! The coding side panel: the form to code the selected passage or edit the selected
//! coding, and the list of the article's codings.

use super::action::Action;
use super::picker::construct_picker;
use super::reader::scroll_target;
use super::state::{CodingForm, TextSelection, UiState};
use super::theme;
use crate::analysis::Derived;
use crate::analysis::suggest::Suggestion;
use crate::model::{Anchor, Coding, CodingChange, CodingId, Document, Edit, Project, TextAnchor, Valence, text};
use egui::{Key, RichText, ScrollArea, Ui};

/// Shows the coding panel for the current document.
pub fn coding_panel(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    doc: &Document,
    suggestions: Option<&[Suggestion]>,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    // Drop stale references (the coding may have been deleted or undone away).
    if state.selected_coding.is_some_and(|id| project.coding(id).is_none()) {
        state.selected_coding = None;
    }
    let selection = state.reader.selection.filter(|s| s.document == doc.id);
    let editing = state.selected_coding.and_then(|id| project.coding(id));
    // Nothing selected: a short hint, then the article's codings fill the panel (no blank
    // area above them).
    if selection.is_none() && editing.is_none() {
        ui.heading("Code a passage");
        ui.add_space(4.0);
        ui.add(
            egui::Label::new("Select a passage in the text (drag, double-click a word, triple-click a line), then choose a construct and a valence here. Click a highlighted passage to edit or delete its coding.")
                .wrap(),
        );
        coding_list(ui, project, derived, doc, state);
        return;
    }
    // While a passage is being coded the form gets the whole panel; while a coding is being
    // edited the list of the article's codings sits below it.
    if selection.is_none() && state.presentation {
        // On a projector (large text, few lines) the whole editor shows; the article's
        // codings are stepped through with the presentation bar instead of a list.
        egui::Panel::bottom("coding-list-presenting").show(ui, |ui| {
            let n = project.codings_of(doc.id).count();
            ui.label(RichText::new(format!("{n} codings here; ← → steps through them")).weak())
                .on_hover_text("The bar below the page steps through every coding of the project");
        });
    }
    // While a coding is edited, the list takes what the editor leaves (its height the frame
    // before), at least 150 points: no blank band between them, and the editor scrolls only
    // when its list of constructs is open in a short window.
    let form_height_id = ui.scope_id().with("coding-form-height");
    let list_below = selection.is_none() && !state.presentation;
    if list_below {
        let available = ui.available_height();
        let form_height: Option<f32> = ui.ctx().data(|d| d.get_temp(form_height_id));
        let list_height = form_height.map_or(available * 0.34, |f| available - f - 2.0 * ui.spacing().item_spacing.y);
        egui::Panel::bottom("coding-list").resizable(false).exact_size(list_height.max(150.0)).show(ui, |ui| {
            coding_list(ui, project, derived, doc, state);
        });
    }

    let form = ScrollArea::vertical().id_salt("coding-form").auto_shrink([false, false]).show(ui, |ui| {
        if let Some(sel) = selection {
            if state.form.loaded_from.is_some() {
                state.form.clear();
            }
            new_coding_form(ui, project, doc, sel, suggestions, state, actions);
        } else if let Some(coding) = editing {
            if state.form.loaded_from != Some(coding.id) {
                state.form = CodingForm {
                    construct: Some(coding.construct.clone()),
                    valence: Some(coding.valence),
                    comment: coding.comment.clone(),
                    loaded_from: Some(coding.id),
                    ..CodingForm::default()
                };
            }
            edit_coding_form(ui, project, derived, coding, state, actions);
        } else {
            ui.heading("Code a passage");
            ui.add_space(6.0);
            ui.label("Select a passage in the text with the mouse (double-click a word, triple-click a line), then choose a construct and a valence here.");
            ui.add_space(6.0);
            ui.label(RichText::new("Click a highlighted passage to edit or delete its coding.").weak());
        }
    });
    if list_below {
        // A form that grew or shrank (the list of constructs opened or closed) is laid out
        // again at once with the list beside it at its new height.
        super::keep_height(ui.ctx(), form_height_id, form.content_size.y, "the coding form changed height");
    }
}

/// The valence buttons and the B / F / O keys.
fn valence_row(ui: &mut Ui, form: &mut CodingForm) {
    ui.label("Valence");
    ui.horizontal_wrapped(|ui| {
        for (v, key) in [(Valence::Barrier, "B"), (Valence::Facilitator, "F"), (Valence::Both, "O")] {
            if theme::valence_button(ui, v, form.valence == Some(v), key).clicked() {
                form.valence = Some(v);
            }
        }
    });
    if !ui.ctx().egui_wants_keyboard_input() {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::B) {
                form.valence = Some(Valence::Barrier);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::F) {
                form.valence = Some(Valence::Facilitator);
            }
            if i.consume_key(egui::Modifiers::NONE, Key::O) {
                form.valence = Some(Valence::Both);
            }
        });
    }
}

/// The comment box; Enter confirms (returns true), Shift+Enter starts a new line.
fn comment_box(ui: &mut Ui, form: &mut CodingForm) -> bool {
    let label = ui.label("Comment (optional)");
    let edit = egui::TextEdit::multiline(&mut form.comment)
        .desired_rows(3)
        .desired_width(f32::INFINITY)
        .hint_text("why this passage fits (Shift+Enter for a new line)")
        .return_key(egui::KeyboardShortcut::new(egui::Modifiers::SHIFT, Key::Enter));
    let r = ui.add(edit).labelled_by(label.id);
    if std::mem::take(&mut form.focus_comment) {
        r.request_focus();
    }
    // Shift+Enter is the box's own new line; a plain Enter codes, as everywhere in the panel.
    let enter = ui.input(|i| i.key_pressed(Key::Enter) && !i.modifiers.shift);
    if enter && r.has_focus() {
        r.surrender_focus();
        return true;
    }
    r.lost_focus() && enter
}

/// The picker, valence, comment block shared by both forms. Returns true when the user
/// asked to confirm with Enter.
fn form_fields(ui: &mut Ui, project: &Project, form: &mut CodingForm, always_pick: bool) -> bool {
    let chosen = form.construct.as_ref().map(|k| project.codebook().display_path(k));
    let mut confirm = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(chosen.unwrap_or_else(|| "No construct chosen yet".into())).strong());
        if !always_pick && !form.picker_open && ui.small_button("Change construct…").clicked() {
            form.picker_open = true;
        }
    });
    if always_pick || form.picker_open {
        // Leave room below the list for valence, comment and buttons, so they stay in view.
        let list_height = (ui.available_height() - 300.0).clamp(120.0, 340.0);
        let picked = construct_picker(ui, project.codebook(), form.construct.as_ref(), &mut form.picker, list_height);
        if let Some(key) = picked.picked {
            form.construct = Some(key);
            form.picker.query.clear();
            confirm |= picked.enter;
        }
    }
    ui.add_space(6.0);
    valence_row(ui, form);
    ui.add_space(6.0);
    confirm |= comment_box(ui, form);
    if !ui.ctx().egui_wants_keyboard_input() {
        // "/" goes to the construct search, C to the comment.
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::Slash) {
                form.picker_open = true;
                form.picker.focus = true;
            }
            if i.consume_key(egui::Modifiers::NONE, Key::C) {
                form.focus_comment = true;
            }
        });
    }
    confirm
        || (!ui.ctx().egui_wants_keyboard_input() && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter)))
}

/// Shift+→ / Shift+← grow or shrink the passage by a word at its end, Ctrl+Shift+← /
/// Ctrl+Shift+→ at its start (while no text field has the keys).
fn adjust_by_keys(ui: &Ui, doc: &Document, sel: TextSelection, state: &mut UiState) {
    use text::WordStep;
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let both = egui::Modifiers::SHIFT | egui::Modifiers::COMMAND;
    let step = ui.input_mut(|i| {
        [
            (both, Key::ArrowLeft, WordStep::StartBack),
            (both, Key::ArrowRight, WordStep::StartForward),
            (egui::Modifiers::SHIFT, Key::ArrowRight, WordStep::EndForward),
            (egui::Modifiers::SHIFT, Key::ArrowLeft, WordStep::EndBack),
        ]
        .into_iter()
        .find(|(m, k, _)| i.consume_key(*m, *k))
        .map(|(_, _, step)| step)
    });
    let (Some(step), Some(page)) = (step, doc.page(sel.page)) else { return };
    let (a, b) = text::step_word(page, sel.start, sel.end, step);
    if (a, b) != (sel.start, sel.end) {
        state.select_passage(doc, sel.page, a, b);
    }
}

fn new_coding_form(
    ui: &mut Ui,
    project: &Project,
    doc: &Document,
    sel: TextSelection,
    suggestions: Option<&[Suggestion]>,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    ui.heading("Code this passage");
    adjust_by_keys(ui, doc, sel, state);
    let quote = doc.page(sel.page).and_then(|p| p.get(sel.start..sel.end)).unwrap_or("");
    ui.label(RichText::new(format!("Page {}", sel.page + 1)).weak());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("“{}”", text::ellipsize(&text::one_line(quote), 400))).italics());
    });
    ui.add_space(4.0);
    super::suggestions::suggestions(ui, project, suggestions, state);
    let enter = form_fields(ui, project, &mut state.form, true);
    let ready = state.form.construct.is_some() && state.form.valence.is_some();
    ui.add_space(8.0);
    let mut confirm = enter && ready;
    let mut cancel = false;
    ui.horizontal(|ui| {
        confirm |= ui.add_enabled(ready, egui::Button::new("Code passage  (Enter)")).clicked();
        cancel = ui.button("Cancel  (Esc)").clicked();
    });
    if !ready {
        ui.label(RichText::new("Choose a construct and a valence to code the passage.").small().weak());
    }
    cancel |= ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
    if cancel {
        state.reader.selection = None;
        state.form.clear();
        return;
    }
    if !confirm {
        return;
    }
    let (Some(construct), Some(valence)) = (state.form.construct.clone(), state.form.valence) else {
        return;
    };
    let Some(anchor) = doc.page(sel.page).and_then(|p| TextAnchor::new(p, sel.page, sel.start, sel.end)) else {
        return;
    };
    let coding = Coding {
        id: project.next_coding_id(),
        document: doc.id,
        anchor: Anchor::Text(anchor),
        construct,
        valence,
        comment: state.form.comment.trim().to_owned(),
        coder: project.coder().to_owned(),
        created: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        provenance: Vec::new(),
    };
    let id = coding.id;
    actions.push(Action::Edit { edit: Edit::AddCoding(coding), label: format!("Code passage as {valence}") });
    // Show the new coding in the editor (loaded from the project next frame), so the coder
    // sees what was recorded; Esc closes it.
    state.reader.selection = None;
    state.form.clear();
    state.selected_coding = Some(id);
}

fn edit_coding_form(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    coding: &Coding,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    ui.heading("Edit coding");
    let page = coding.anchor.page().map_or_else(|| "whole document".to_owned(), |p| format!("Page {}", p + 1));
    // The day it was coded (the time, to the second, on hover): one line in a narrow panel.
    // A project file can give its coder and time at any length: both are cut.
    let day = theme::cut(coding.created.split('T').next().unwrap_or(&coding.created), 40);
    ui.label(
        RichText::new(format!(
            "{page} · coded by {} · {day}",
            if coding.coder.is_empty() { "?".to_owned() } else { theme::cut(&coding.coder, 40) },
        ))
        .weak(),
    )
    .on_hover_text(format!("Coded at {}", theme::cut(&coding.created, 80)));
    if derived.anchors.is_orphaned(coding.id) {
        ui.colored_label(
            theme::WARNING,
            "⚠ This passage is no longer found in the text; the coding is kept as it was.",
        );
    }
    if project.codebook().construct(&coding.construct).is_some_and(|c| c.retired) {
        ui.colored_label(theme::WARNING, "⚠ This construct is retired: choose a current one to recode the passage.");
    }
    if let Some(t) = coding.anchor.as_text() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("“{}”", text::ellipsize(&text::one_line(&t.quote), 400))).italics());
        });
    }
    ui.add_space(4.0);
    let enter = form_fields(ui, project, &mut state.form, false);
    let change = match (&state.form.construct, state.form.valence) {
        (Some(construct), Some(valence)) => {
            Some(CodingChange { construct: construct.clone(), valence, comment: state.form.comment.trim().to_owned() })
        }
        _ => None,
    };
    let changed = change
        .as_ref()
        .is_some_and(|c| c.construct != coding.construct || c.valence != coding.valence || c.comment != coding.comment);
    ui.add_space(8.0);
    let mut apply = enter && changed;
    let mut delete = false;
    let mut close = false;
    // Wraps in a narrow panel (presentation mode keeps the panel narrow for the page).
    ui.horizontal_wrapped(|ui| {
        apply |= ui.add_enabled(changed, egui::Button::new("Apply changes  (Enter)")).clicked();
        delete = ui.button(RichText::new("Delete coding").color(theme::ERROR)).clicked();
        close = ui.button("Close  (Esc)").clicked();
    });
    close |= ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
    let id = coding.id;
    if apply {
        if let Some(change) = change {
            let label = if change.valence == coding.valence && change.construct == coding.construct {
                "Edit comment".to_owned()
            } else {
                format!("Change coding to {}", change.valence)
            };
            actions.push(Action::Edit { edit: Edit::ChangeCoding { id, change }, label });
            state.form.loaded_from = None;
        }
    } else if delete {
        actions.push(Action::Edit { edit: Edit::RemoveCoding(id), label: "Delete coding".into() });
        state.selected_coding = None;
        state.form.clear();
    } else if close {
        state.selected_coding = None;
        state.form.clear();
    }
}

fn coding_list(ui: &mut Ui, project: &Project, derived: &Derived, doc: &Document, state: &mut UiState) {
    // In reading order, from the derived data: nothing here scans or sorts the project's
    // codings, and only the rows in view are laid out, so a list of 100,000 stays quick.
    let ids: &[CodingId] = derived.by_document.get(&doc.id).map_or(&[], Vec::as_slice);
    let all = ids.len();
    let cb = project.codebook();
    let filtered: Vec<CodingId>;
    let shown: &[CodingId] = match &state.focus {
        Some(f) => {
            filtered = ids
                .iter()
                .copied()
                .filter(|id| project.coding(*id).is_some_and(|c| f.includes(cb, &c.construct)))
                .collect();
            &filtered
        }
        None => ids,
    };
    ui.add_space(4.0);
    if state.focus.is_some() {
        ui.label(RichText::new(format!("Codings in this article ({} of {all})", shown.len())).strong());
        super::tallies::focus_chip(ui, cb, state);
    } else {
        ui.label(RichText::new(format!("Codings in this article ({all})")).strong());
    }
    if shown.is_empty() {
        ui.label(RichText::new("None yet.").weak());
        return;
    }
    let row_height = row_height(ui);
    ScrollArea::vertical().id_salt("coding-list-scroll").auto_shrink([false, false]).show_rows(
        ui,
        row_height,
        shown.len(),
        |ui, range| {
            for id in &shown[range] {
                let Some(c) = project.coding(*id) else { continue };
                let selected = state.selected_coding == Some(c.id);
                if coding_row(ui, project, derived, c, selected, row_height) {
                    state.focus_coding(c.id, c.document, scroll_target(c));
                }
            }
        },
    );
}

/// The height of a row of the coding list (every row is the same: a title line, a line of
/// the passage, a line of the comment), with the space after it.
fn row_height(ui: &Ui) -> f32 {
    let body = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let spacing = ui.spacing().item_spacing.y;
    (body + 4.0).max(theme::CHIP_HEIGHT) + 2.0 * small + 2.0 * spacing + 12.0 + 3.0
}

/// One row of the coding list, `height` high; returns whether it was clicked.
fn coding_row(ui: &mut Ui, project: &Project, derived: &Derived, c: &Coding, selected: bool, height: f32) -> bool {
    let fill = if selected { ui.visuals().selection.bg_fill.gamma_multiply(0.35) } else { ui.visuals().faint_bg_color };
    let (rect, response) = ui.allocate_exact_size(egui::vec2(ui.available_width(), height - 3.0), egui::Sense::click());
    ui.add_space(3.0);
    if ui.is_rect_visible(rect) {
        ui.painter().rect_filled(rect, 4, fill);
        let inner = rect.shrink(6.0);
        let mut row =
            ui.new_child(egui::UiBuilder::new().max_rect(inner).layout(egui::Layout::top_down(egui::Align::Min)));
        row.set_clip_rect(rect.intersect(ui.clip_rect()));
        // Its text is not selectable: a click anywhere on the row selects the coding
        // (selectable text would take the click to select text).
        row.style_mut().interaction.selectable_labels = false;
        row.horizontal(|ui| {
            theme::valence_chip(ui, c.valence);
            let construct = project.codebook().construct(&c.construct);
            let label = construct.map_or(c.construct.as_str(), |k| k.label.as_str());
            let number = project.codebook().domain_of(&c.construct).map_or("", |d| d.number.as_str());
            let page = c.anchor.page().map_or_else(|| "doc".to_owned(), |p| format!("p. {}", p + 1));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new(page).weak());
                if construct.is_some_and(|k| k.retired) {
                    ui.label(RichText::new("retired").small().color(theme::WARNING))
                        .on_hover_text("Recode this passage with a current construct");
                }
                // The name takes what is left and is cut with "…" (the whole name on hover).
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(egui::Label::new(RichText::new(format!("{number} · {label}")).strong()).truncate());
                });
            });
        });
        // One line each, cut to the row's width: the passage (or why it is not shown) and
        // the comment.
        let passage = if derived.anchors.is_orphaned(c.id) {
            RichText::new("⚠ passage not found in the text").small().color(theme::WARNING)
        } else {
            let quote = c.anchor.as_text().map_or("(the whole article)", |t| t.quote.as_str());
            RichText::new(text::ellipsize(&text::one_line(quote), 200)).small()
        };
        row.add(egui::Label::new(passage).truncate());
        if !c.comment.is_empty() {
            row.add(
                egui::Label::new(
                    RichText::new(text::ellipsize(&text::one_line(&c.comment), 200)).small().italics().weak(),
                )
                .truncate(),
            );
        }
    }
    let label = format!("Coding {}", c.id);
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &label));
    response.clicked()
}

/// The id of a coding, for tests that look for rows by label.
#[must_use]
pub fn row_label(id: CodingId) -> String {
    format!("Coding {id}")
}
