//! The presentation bar: in presentation mode, a bar under the coding view steps through the
//! project's codings in reading order (→ and ← or its buttons), each selected with its
//! passage scrolled into view, for a live demonstration.

use super::state::{ScrollTarget, UiState};
use crate::model::{Anchor, CodingId, Project};
use egui::{Key, RichText, Ui};

/// The codings in reading order: by article, page and place on the page.
fn reading_order(project: &Project) -> Vec<CodingId> {
    let mut order: Vec<(u32, usize, usize, CodingId)> = project
        .codings()
        .values()
        .map(|c| match &c.anchor {
            Anchor::Text(t) => (c.document.0, t.page, t.start, c.id),
            Anchor::Document => (c.document.0, 0, 0, c.id),
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, _, _, id)| id).collect()
}

/// Selects the coding `step` places from the selected one (the first when none is).
pub fn step(project: &Project, state: &mut UiState, step: isize) {
    let order = reading_order(project);
    if order.is_empty() {
        return;
    }
    let at = state.selected_coding.and_then(|id| order.iter().position(|c| *c == id));
    let next = match at {
        Some(i) => i.saturating_add_signed(step).min(order.len() - 1),
        None => 0,
    };
    if let Some(c) = project.coding(order[next]) {
        let target = c.anchor.as_text().map(|t| ScrollTarget { page: t.page, byte: t.start });
        state.focus_coding(c.id, c.document, target);
    }
}

/// The bar, and its keys.
pub fn bar(ui: &mut Ui, project: &Project, state: &mut UiState) {
    let typing = ui.ctx().egui_wants_keyboard_input();
    if !typing {
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowRight)) {
            step(project, state, 1);
        }
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft)) {
            step(project, state, -1);
        }
    }
    let order = reading_order(project);
    let at = state.selected_coding.and_then(|id| order.iter().position(|c| *c == id));
    ui.horizontal(|ui| {
        if ui.button("◀ Previous coding").on_hover_text("← key").clicked() {
            step(project, state, -1);
        }
        let text = match at.and_then(|i| project.coding(order[i]).map(|c| (i, c))) {
            Some((i, c)) => {
                let label =
                    project.codebook().construct(&c.construct).map_or(c.construct.as_str(), |k| k.label.as_str());
                let label = super::theme::cut(label, super::theme::LABEL_CHARS);
                format!("{} of {}: {label} — {}", i + 1, order.len(), c.valence.label())
            }
            None => format!("{} codings: → to start", order.len()),
        };
        ui.label(RichText::new(text).strong());
        if ui.button("Next coding ▶").on_hover_text("→ key").clicked() {
            step(project, state, 1);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new("Presentation mode · F11 to leave").weak());
        });
    });
}
