//! Modal dialogs and the message strip.

use super::action::{Action, PendingChoice};
use super::message::{Message, MessageLevel};
use super::state::UiState;
use super::theme;
use egui::{Id, Key, Modal, RichText, Ui};
use std::path::Path;

/// The new-project form, when open.
pub fn new_project_dialog(ui: &mut Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    let Some(form) = &mut state.new_project else {
        return;
    };
    let mut close = false;
    Modal::new(Id::unique("new-project")).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        ui.heading("New project");
        ui.add_space(6.0);
        let name_label = ui.label("Project name");
        let name = ui
            .add(
                egui::TextEdit::singleline(&mut form.name)
                    .hint_text("e.g. Task-sharing review, coder A")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(name_label.id);
        if form.name.is_empty() && form.coder.is_empty() && !name.has_focus() && !ui.ctx().egui_wants_keyboard_input() {
            name.request_focus();
        }
        let coder_label = ui.label("Your name (recorded with each coding)");
        ui.add(egui::TextEdit::singleline(&mut form.coder).hint_text("e.g. A. Coder").desired_width(f32::INFINITY))
            .labelled_by(coder_label.id);
        ui.add_space(4.0);
        ui.label(
            RichText::new("The project starts with the BeFITS-MH codebook (8 domains, 37 constructs).").small().weak(),
        );
        ui.add_space(8.0);
        let ok = !form.name.trim().is_empty();
        ui.horizontal(|ui| {
            let create = ui.add_enabled(ok, egui::Button::new("Create")).clicked();
            let enter = ok && ui.input(|i| i.key_pressed(Key::Enter));
            if create || enter {
                actions.push(Action::NewProject {
                    name: form.name.trim().to_owned(),
                    coder: form.coder.trim().to_owned(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
    });
    if close {
        state.new_project = None;
    }
}

/// "Save changes before ...?"
pub fn unsaved_dialog(ui: &Ui, project_name: &str, actions: &mut Vec<Action>) {
    Modal::new(Id::unique("unsaved-changes")).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        ui.heading("Unsaved changes");
        ui.add_space(6.0);
        ui.label(format!("“{project_name}” has changes that are not saved. Save them first?"));
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                actions.push(Action::ResolvePending(PendingChoice::Save));
            }
            if ui.button("Don't save").clicked() {
                actions.push(Action::ResolvePending(PendingChoice::Discard));
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                actions.push(Action::ResolvePending(PendingChoice::Cancel));
            }
        });
    });
}

/// Offer to recover an autosaved copy.
pub fn recovery_dialog(ui: &Ui, side_file: &Path, actions: &mut Vec<Action>) {
    Modal::new(Id::unique("recover-autosave")).show(ui.ctx(), |ui| {
        ui.set_width(460.0);
        ui.heading("Recover unsaved work?");
        ui.add_space(6.0);
        ui.label("An automatic copy of this project is newer than the saved file, probably from a session that ended before saving.");
        ui.label(RichText::new(side_file.display().to_string()).small().weak());
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Recover the newer copy").clicked() {
                actions.push(Action::RecoverAutosave);
            }
            if ui.button("Keep the saved file").clicked() {
                actions.push(Action::DiscardAutosave);
            }
        });
    });
}

/// The keyboard-shortcut help window.
pub fn shortcuts_window(ui: &Ui, state: &mut UiState) {
    let mut open = state.show_shortcuts;
    egui::Window::new("Keyboard shortcuts").open(&mut open).resizable(false).collapsible(false).show(ui.ctx(), |ui| {
        egui::Grid::new("shortcuts").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
            for (keys, what) in [
                ("Ctrl+N", "New project"),
                ("Ctrl+O", "Open project"),
                ("Ctrl+S", "Save"),
                ("Ctrl+Shift+S", "Save as"),
                ("Ctrl+Z", "Undo"),
                ("Ctrl+Shift+Z / Ctrl+Y", "Redo"),
                ("Drag, double-click, triple-click", "Select a passage, a word, a line"),
                ("B / F / O", "Valence: Barrier / Facilitator / Both"),
                ("↑ ↓ then Enter", "Move through and choose constructs while searching"),
                ("Enter", "Code the passage / apply changes"),
                ("Shift+Enter", "New line in a comment"),
                ("Esc", "Cancel the selection or close the editor"),
            ] {
                ui.label(RichText::new(keys).strong());
                ui.label(what);
                ui.end_row();
            }
        });
    });
    state.show_shortcuts = open;
}

/// The messages (errors first), each with a close button.
pub fn messages(ui: &mut Ui, messages: &[Message], actions: &mut Vec<Action>) {
    for (i, m) in messages.iter().enumerate() {
        let (color, icon) = match m.level {
            MessageLevel::Info => (ui.visuals().hyperlink_color, "ℹ"),
            MessageLevel::Warning => (theme::WARNING, "⚠"),
            MessageLevel::Error => (theme::ERROR, "✖"),
        };
        egui::Frame::new().stroke(egui::Stroke::new(1.0, color)).corner_radius(4).inner_margin(6).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.colored_label(color, icon);
                ui.add(egui::Label::new(&m.text).wrap());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    if ui.small_button("✕").on_hover_text("Dismiss").clicked() {
                        actions.push(Action::DismissMessage(i));
                    }
                });
            });
        });
    }
}
