//! The menu bar and the keyboard shortcuts that mirror it.

use super::action::{Action, Sample};
use super::state::{NewProjectForm, UiState};
use super::view::SessionView;
use egui::{Key, KeyboardShortcut, Modifiers, Ui};

const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F11);
const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
const CODE_HITS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F);

/// Consumes global shortcuts (longest first, so Ctrl+Shift+S is not taken as Ctrl+S).
pub fn shortcuts(ui: &Ui, has_session: bool, state: &mut UiState, actions: &mut Vec<Action>) {
    ui.input_mut(|i| {
        if i.consume_shortcut(&SAVE_AS) && has_session {
            actions.push(Action::SaveAsDialog);
        }
        if i.consume_shortcut(&SAVE) && has_session {
            actions.push(Action::Save);
        }
        if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
            actions.push(Action::Redo);
        }
        if i.consume_shortcut(&UNDO) {
            actions.push(Action::Undo);
        }
        if i.consume_shortcut(&CODE_HITS) && has_session {
            state.code_hits = Some(super::state::CodeHits::new(None, ""));
        }
        if i.consume_shortcut(&OPEN) {
            actions.push(Action::OpenProjectDialog);
        }
        if i.consume_shortcut(&NEW) {
            state.new_project = Some(NewProjectForm::default());
        }
        if i.consume_shortcut(&PRESENT) {
            actions.push(Action::TogglePresentation);
        }
        if i.consume_shortcut(&HELP) {
            state.show_shortcuts = !state.show_shortcuts;
        }
    });
}

/// The menu bar.
pub fn menu_bar(
    ui: &mut Ui,
    session: Option<&SessionView<'_>>,
    recent: &[std::path::PathBuf],
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, session, recent, state, actions));
        ui.menu_button("Edit", |ui| edit_menu(ui, session, state, actions));
        ui.menu_button("View", |ui| view_menu(ui, state, actions));
        ui.menu_button("Review", |ui| review_menu(ui, session, actions));
        ui.menu_button("Help", |ui| help_menu(ui, state));
    });
}

/// Projects, articles, imports and exports.
fn file_menu(
    ui: &mut Ui,
    session: Option<&SessionView<'_>>,
    recent: &[std::path::PathBuf],
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let fmt = |s: &KeyboardShortcut| ui.ctx().format_shortcut(s);
    let (new, open, save, save_as) = (fmt(&NEW), fmt(&OPEN), fmt(&SAVE), fmt(&SAVE_AS));
    if ui.add(egui::Button::new("New project…").shortcut_text(&new)).clicked() {
        state.new_project = Some(NewProjectForm::default());
    }
    if ui.add(egui::Button::new("Open project…").shortcut_text(&open)).clicked() {
        actions.push(Action::OpenProjectDialog);
    }
    ui.menu_button("Open recent", |ui| recent_menu(ui, recent, actions));
    ui.menu_button("Open sample project", |ui| {
        for sample in [Sample::Workshop, Sample::Pair, Sample::Review] {
            if ui.button(sample.label()).clicked() {
                actions.push(Action::OpenSample(sample));
            }
        }
    });
    if ui
        .button("Recover unsaved work…")
        .on_hover_text("Automatic copies of work that was never saved, also those you set aside")
        .clicked()
    {
        actions.push(Action::ShowUnsavedWork);
    }
    ui.separator();
    let has = session.is_some();
    if ui.add_enabled(has, egui::Button::new("Save").shortcut_text(&save)).clicked() {
        actions.push(Action::Save);
    }
    if ui.add_enabled(has, egui::Button::new("Save as…").shortcut_text(&save_as)).clicked() {
        actions.push(Action::SaveAsDialog);
    }
    let has_file = session.is_some_and(|s| s.path.is_some() && !s.is_sample);
    if ui
        .add_enabled(has_file, egui::Button::new("Backups…"))
        .on_hover_text("The last saves of this project, to restore one")
        .clicked()
    {
        actions.push(Action::ShowBackups);
    }
    ui.separator();
    if ui.add_enabled(has, egui::Button::new("Add article PDFs…")).clicked() {
        actions.push(Action::AddPdfsDialog);
    }
    if ui
        .add_enabled(has, egui::Button::new("Import table…"))
        .on_hover_text("A data-extraction sheet (TSV or CSV): one row per article")
        .clicked()
    {
        actions.push(Action::ImportTableDialog);
    }
    if ui
        .button("Open REFI-QDA project (.qdpx)…")
        .on_hover_text("From NVivo, ATLAS.ti, MAXQDA, QualCoder or Taguette (.qdpx, .qde, .qdc): you check how its codes map before it opens")
        .clicked()
    {
        actions.push(Action::ImportQdpxDialog);
    }
    ui.add_enabled_ui(has, |ui| ui.menu_button("Export", |ui| export_menu(ui, state, actions)));
    ui.separator();
    if ui.add_enabled(has, egui::Button::new("Close project")).clicked() {
        actions.push(Action::CloseProject);
    }
    if ui.button("Quit").clicked() {
        actions.push(Action::Quit);
    }
}

/// The last projects opened.
fn recent_menu(ui: &mut Ui, recent: &[std::path::PathBuf], actions: &mut Vec<Action>) {
    if recent.is_empty() {
        ui.label("(none)");
    }
    for path in recent.iter().take(10) {
        if ui.button(path.display().to_string()).clicked() {
            actions.push(Action::OpenProject(path.clone()));
        }
    }
}

/// Every export format, and whether CSV carries the byte-order mark Excel needs.
fn export_menu(ui: &mut Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    for format in crate::export::ExportFormat::ALL {
        if ui.button(format.label()).clicked() {
            actions.push(Action::ExportDialog(format));
        }
    }
    ui.separator();
    let mut bom = !state.csv_without_bom;
    if super::theme::checkbox(ui, &mut bom, "CSV for Excel (UTF-8 with byte-order mark)")
        .on_hover_text("Excel needs the mark to read accented letters; other programs ignore it")
        .changed()
    {
        state.csv_without_bom = !bom;
    }
}

/// Undo, redo, coding search hits, suggestions on or off.
fn edit_menu(ui: &mut Ui, session: Option<&SessionView<'_>>, state: &mut UiState, actions: &mut Vec<Action>) {
    let fmt = |s: &KeyboardShortcut| ui.ctx().format_shortcut(s);
    let (undo, redo) = (fmt(&UNDO), fmt(&REDO));
    let undo_label = session.and_then(|s| s.undo_label);
    let redo_label = session.and_then(|s| s.redo_label);
    let u = undo_label.map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
    if ui.add_enabled(undo_label.is_some(), egui::Button::new(u).shortcut_text(&undo)).clicked() {
        actions.push(Action::Undo);
    }
    let r = redo_label.map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
    if ui.add_enabled(redo_label.is_some(), egui::Button::new(r).shortcut_text(&redo)).clicked() {
        actions.push(Action::Redo);
    }
    ui.separator();
    if ui
        .add_enabled(session.is_some(), egui::Button::new("Code search hits…").shortcut_text(ui.ctx().format_shortcut(&CODE_HITS)))
        .on_hover_text("Find words in one article or all of them, read each hit in context, and code the ones you choose in one step")
        .clicked()
    {
        state.code_hits = Some(super::state::CodeHits::new(None, ""));
    }
    let text = if state.suggestions_off { "Show construct suggestions" } else { "Hide construct suggestions" };
    if ui
        .button(text)
        .on_hover_text("Suggestions come from this project's codings and the codebook, computed on this computer")
        .clicked()
    {
        state.suggestions_off = !state.suggestions_off;
    }
}

/// Presentation mode.
fn view_menu(ui: &mut Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    let text = if state.presentation { "Leave presentation mode" } else { "Presentation mode" };
    if ui
        .add(egui::Button::new(text).shortcut_text("F11"))
        .on_hover_text("For a projector: full screen, larger text, a high-contrast palette that colour-blind viewers can tell apart, and a bar to step through the codings")
        .clicked()
    {
        actions.push(Action::TogglePresentation);
    }
}

/// Comparing with another coder and the consensus.
fn review_menu(ui: &mut Ui, session: Option<&SessionView<'_>>, actions: &mut Vec<Action>) {
    let has = session.is_some();
    if ui
        .add_enabled(has, egui::Button::new("Compare with another coder's project…"))
        .on_hover_text("Agreement statistics and a consensus project; both files stay as they are")
        .clicked()
    {
        actions.push(Action::CompareDialog);
    }
    if ui.add_enabled(has, egui::Button::new("Save consensus…")).clicked() {
        actions.push(Action::SaveConsensusDialog);
    }
    if ui.add_enabled(has, egui::Button::new("Export comparison report…")).clicked() {
        actions.push(Action::ExportComparisonDialog);
    }
    if ui.add_enabled(has, egui::Button::new("Close comparison")).clicked() {
        actions.push(Action::CloseComparison);
    }
}

/// The shortcuts and what this is.
fn help_menu(ui: &mut Ui, state: &mut UiState) {
    if ui.add(egui::Button::new("Keyboard shortcuts").shortcut_text("F1")).clicked() {
        state.show_shortcuts = true;
    }
    ui.separator();
    ui.label(format!("BeFITS Coder {}", env!("CARGO_PKG_VERSION")));
    ui.label("Framework: Le et al. (2022), Implementation Science 17:4");
}
