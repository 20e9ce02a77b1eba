//! The welcome screen: start a project, open one, or open the sample.

use super::action::{Action, Sample};
use super::state::{NewProjectForm, UiState};
use egui::{RichText, Ui};
use std::path::PathBuf;

/// Shows the welcome screen.
pub fn welcome(ui: &mut Ui, recent: &[PathBuf], state: &mut UiState, actions: &mut Vec<Action>) {
    ui.vertical_centered(|ui| {
        ui.add_space(48.0);
        ui.label(RichText::new("BeFITS Coder").size(34.0).strong());
        ui.add_space(4.0);
        ui.label(
            RichText::new(
                "Code barriers and facilitators in implementation-science articles with the BeFITS-MH framework.",
            )
            .size(16.0),
        );
        ui.add_space(28.0);
        ui.horizontal(|ui| {
            let width = 3.0 * 190.0 + 2.0 * ui.spacing().item_spacing.x;
            ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
            let size = egui::vec2(190.0, 40.0);
            if ui.add_sized(size, egui::Button::new(RichText::new("New project…").size(16.0))).clicked() {
                state.new_project = Some(NewProjectForm::default());
            }
            if ui.add_sized(size, egui::Button::new(RichText::new("Open project…").size(16.0))).clicked() {
                actions.push(Action::OpenProjectDialog);
            }
            if ui
                .add_sized(size, egui::Button::new(RichText::new("Open sample project").size(16.0)))
                .on_hover_text("Two open-access articles with example codings")
                .clicked()
            {
                actions.push(Action::OpenSample(Sample::Workshop));
            }
        });
        ui.add_space(6.0);
        if ui.link("or explore the review's own data: 37 articles, 28 studies (Le et al. 2022)").clicked() {
            actions.push(Action::OpenSample(Sample::Review));
        }
        if ui.link("or settle a pair review: two coders' codings of the workshop articles compared").clicked() {
            actions.push(Action::OpenSample(Sample::Pair));
        }
        ui.add_space(28.0);
        ui.label(RichText::new("Recent projects").strong());
        ui.add_space(4.0);
        if recent.is_empty() {
            ui.label(RichText::new("Projects you open or save will be listed here.").weak());
        }
        for path in recent.iter().take(8) {
            ui.horizontal(|ui| {
                let name =
                    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
                let width = 520.0;
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                if ui.link(RichText::new(name).size(15.0)).on_hover_text(path.display().to_string()).clicked() {
                    actions.push(Action::OpenProject(path.clone()));
                }
                ui.label(
                    RichText::new(path.parent().map(|p| p.display().to_string()).unwrap_or_default()).small().weak(),
                );
                if ui.small_button("✕").on_hover_text("Remove from this list").clicked() {
                    actions.push(Action::ForgetRecent(path.clone()));
                }
            });
        }
        ui.add_space(28.0);
        ui.label(RichText::new("Tip: drop a project file (.ron) or article PDFs on this window.").weak());
    });
}
