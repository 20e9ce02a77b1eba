//! Modal dialogs and the message strip.

use super::action::{Action, PendingChoice};
use super::message::{Message, MessageLevel};
use super::state::UiState;
use super::theme;
use super::view::{RecoveryOffer, RecoveryReason};
use egui::{Id, Key, Modal, RichText, Ui};

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

/// The in-app file field: where the system's file dialog cannot open (no desktop portal, a
/// minimal install, a remote session), the path is typed here, so that saving always works.
pub fn path_prompt_dialog(ui: &mut Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    let Some(prompt) = &mut state.path_prompt else {
        return;
    };
    let mut close = false;
    Modal::new(Id::unique("path-prompt")).show(ui.ctx(), |ui| {
        ui.set_width(560.0);
        ui.heading(prompt.purpose.title());
        ui.add_space(6.0);
        ui.add(
            egui::Label::new(
                "The system's file dialog cannot be opened here, so type the file's full path (it starts in the project's folder).",
            )
            .wrap(),
        );
        if prompt.purpose == super::action::FilePurpose::AddPdfs {
            ui.label(RichText::new("A folder adds every PDF in it.").small().weak());
        }
        ui.add_space(6.0);
        let label = ui.label(if prompt.purpose.writes() { "Save to" } else { "File" });
        let field = ui
            .add(egui::TextEdit::singleline(&mut prompt.text).desired_width(f32::INFINITY))
            .labelled_by(label.id);
        if !field.has_focus() && !ui.ctx().egui_wants_keyboard_input() {
            field.request_focus();
        }
        let path = std::path::PathBuf::from(prompt.text.trim());
        let exists = path.exists();
        let note = match (prompt.purpose.writes(), exists) {
            (true, true) => "This file exists and will be replaced (a project's previous version is kept as a backup).",
            (false, false) if !prompt.text.trim().is_empty() => "There is no such file.",
            _ => "",
        };
        ui.label(RichText::new(note).small().color(theme::WARNING));
        ui.add_space(8.0);
        let ok = !prompt.text.trim().is_empty() && (prompt.purpose.writes() || exists);
        ui.horizontal(|ui| {
            let button = if prompt.purpose.writes() { "Save" } else { "Open" };
            let clicked = ui.add_enabled(ok, egui::Button::new(button)).clicked();
            let enter = ok && field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if clicked || enter {
                actions.push(Action::PathChosen(prompt.purpose.clone(), path.clone()));
                close = true;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                actions.push(Action::PathPromptCancelled);
                close = true;
            }
        });
    });
    if close {
        state.path_prompt = None;
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

/// The wording of a recovery list: heading, explanation, the button on each copy, and the
/// button that closes the list.
fn recovery_wording(offer: &RecoveryOffer) -> (&'static str, String, &'static str, &'static str) {
    let file = offer.project.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
    match offer.reason {
        RecoveryReason::UnsavedWork => (
            "Recover unsaved work?",
            "These projects had changes that were never saved when an earlier session ended. Recover one to go on with it, or discard it (it is set aside, not deleted, and stays listed under File > Recover unsaved work…).".to_owned(),
            "Recover",
            "Decide later",
        ),
        RecoveryReason::NewerAutosave => (
            "Recover unsaved work?",
            format!("An automatic copy of this project is newer than the saved file, probably from a session that ended before saving. Keeping the saved file sets the copy aside among the backups, where it can still be restored.\n{file}"),
            "Recover",
            "Keep the saved file",
        ),
        RecoveryReason::Damaged => (
            "The project file is damaged",
            format!(
                "{}\nThese copies of it can be opened instead; the damaged file is overwritten only when you save, and is then kept among the backups.",
                offer.problem.as_deref().unwrap_or("It cannot be read.")
            ),
            "Open this copy",
            "Close",
        ),
        RecoveryReason::Backups => (
            "Backups",
            format!("The last saves of this project and its automatic copies, newest first. Opening one gives it unsaved changes; saving it makes it the project file, and the file it replaces becomes a backup in turn.\n{file}"),
            "Restore",
            "Close",
        ),
    }
}

/// A list of copies to recover: autosaves of unsaved work, or backups of a project.
pub fn recovery_dialog(ui: &Ui, offer: &RecoveryOffer, actions: &mut Vec<Action>) {
    let (heading, intro, primary, close) = recovery_wording(offer);
    Modal::new(Id::unique("recovery-list")).show(ui.ctx(), |ui| {
        ui.set_width(620.0);
        ui.heading(heading);
        ui.add_space(6.0);
        ui.add(egui::Label::new(intro).wrap());
        ui.add_space(8.0);
        if offer.entries.is_empty() {
            ui.label(RichText::new("No copies are left to recover.").weak());
        }
        let max_height = (ui.ctx().content_rect().height() * 0.55).max(160.0);
        egui::ScrollArea::vertical().max_height(max_height).show(ui, |ui| {
            for entry in &offer.entries {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.vertical(|ui| {
                            ui.set_width((ui.available_width() - 200.0).max(200.0));
                            ui.add(egui::Label::new(RichText::new(&entry.name).strong()).truncate());
                            ui.add(egui::Label::new(RichText::new(&entry.detail).small()).wrap());
                            ui.add(
                                egui::Label::new(RichText::new(entry.file.display().to_string()).small().weak())
                                    .truncate(),
                            );
                        });
                        let recover = ui.add_enabled(entry.readable, egui::Button::new(primary));
                        if recover.clicked() {
                            actions
                                .push(Action::RecoverCopy { file: entry.file.clone(), target: entry.target.clone() });
                        }
                        if entry.can_set_aside
                            && offer.reason == RecoveryReason::UnsavedWork
                            && ui
                                .button("Discard")
                                .on_hover_text(
                                    "Set aside, not deleted: it stays listed under File > Recover unsaved work…",
                                )
                                .clicked()
                        {
                            actions.push(Action::SetAsideCopy(entry.file.clone()));
                        }
                    });
                });
            }
        });
        ui.add_space(10.0);
        let set_aside = offer.reason == RecoveryReason::NewerAutosave;
        if ui.button(close).clicked() || (!set_aside && ui.input(|i| i.key_pressed(Key::Escape))) {
            actions.push(Action::CloseRecovery { set_aside });
        }
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
                ("Ctrl+F, type, Enter", "Find in the article, step through the hits"),
                ("Ctrl+Enter (in Find)", "Select the current hit's sentence to code it"),
                ("Ctrl+Shift+Enter (in Find)", "Select only the words found"),
                ("Shift+→ / Shift+←", "Grow / shrink the selected passage by a word at its end"),
                ("Ctrl+Shift+← / Ctrl+Shift+→", "Grow / shrink it by a word at its start"),
                ("1 / 2 / 3", "Choose the first, second, third suggested construct"),
                ("/", "Search the constructs (then ↑ ↓ and Enter)"),
                ("B / F / O", "Valence: Barrier / Facilitator / Both"),
                ("C", "Write a comment (Enter codes, Shift+Enter a new line)"),
                ("↑ ↓ then Enter", "Move through and choose constructs while searching"),
                ("Enter", "Code the passage / apply changes"),
                ("Shift+Enter", "New line in a comment"),
                ("Esc", "Cancel the selection or close the editor"),
                ("Ctrl+Shift+F", "Code search hits in one article or all of them"),
                ("Review: A / B / O / N", "Keep A, keep B, keep both, keep neither"),
                ("Review: E / U", "Edit the coding / unsettle the decision"),
                ("Review: ↑ ↓ or J / K", "Next / previous disagreement"),
                ("F11", "Presentation mode on / off"),
                ("Presentation: → / ←", "Next / previous coding"),
                ("F1", "This list"),
            ] {
                ui.label(RichText::new(keys).strong());
                ui.label(what);
                ui.end_row();
            }
        });
    });
    state.show_shortcuts = open;
}

/// The messages, each with a close button: the newest only, in one strip, with a count of
/// the others that opens them all (so that banners do not stack up over the work).
pub fn messages(ui: &mut Ui, messages: &[Message], expanded: &mut bool, actions: &mut Vec<Action>) {
    if messages.len() < 2 {
        *expanded = false;
    }
    let shown: Vec<usize> =
        if *expanded { (0..messages.len()).collect() } else { messages.len().checked_sub(1).into_iter().collect() };
    for i in shown {
        let m = &messages[i];
        let (color, icon) = match m.level {
            MessageLevel::Info => (ui.visuals().hyperlink_color, "ℹ"),
            MessageLevel::Warning => (theme::WARNING, "⚠"),
            MessageLevel::Error => (theme::ERROR, "✖"),
        };
        egui::Frame::new().stroke(egui::Stroke::new(1.0, color)).corner_radius(4).inner_margin(6).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.colored_label(color, icon);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    if ui.small_button("✕").on_hover_text("Dismiss").clicked() {
                        actions.push(Action::DismissMessage(i));
                    }
                    let others = messages.len() - 1;
                    if !*expanded && others > 0 && ui.small_button(format!("{others} more ▾")).clicked() {
                        *expanded = true;
                    }
                    if *expanded && i + 1 == messages.len() && ui.small_button("fewer ▴").clicked() {
                        *expanded = false;
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                        ui.add(egui::Label::new(&m.text).wrap());
                    });
                });
            });
        });
    }
}
