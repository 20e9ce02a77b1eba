//! The documents side panel: the project's articles, their coding counts, and imports.

use super::action::Action;
use super::state::UiState;
use super::theme;
use super::view::{FailedImport, OcrAvailability, ViewCtx};
use crate::analysis::Derived;
use crate::model::{Project, text};
use egui::{RichText, ScrollArea, Ui};

/// Shows the list of documents and the import controls.
pub fn documents_panel(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    cx: &ViewCtx<'_>,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let (import, failed) = (cx.import.as_ref(), cx.failed_imports);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Articles");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(import.is_none(), egui::Button::new("Add PDFs…"))
                .on_hover_text("Import article PDFs (you can also drop them on the window)")
                .clicked()
            {
                actions.push(Action::AddPdfsDialog);
            }
        });
    });
    if let Some(job) = import {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(format!("Importing file {} of {}", (job.done + 1).min(job.total), job.total));
            ui.label(RichText::new(text::ellipsize(&job.current, 40)).small());
            if let Some((done, of)) = job.pages {
                ui.label(RichText::new(format!("Recognising its text: page {} of {of}", (done + 1).min(of))).small());
            }
            #[allow(clippy::cast_precision_loss)]
            let fraction = if job.total == 0 { 0.0 } else { job.done as f32 / job.total as f32 };
            ui.add(egui::ProgressBar::new(fraction).show_percentage());
            if ui.button("Cancel import").clicked() {
                actions.push(Action::CancelImport);
            }
        });
    }
    for f in failed {
        failed_row(ui, f, import.is_some(), cx.ocr, state, actions);
    }
    ui.separator();
    if project.documents().is_empty() {
        ui.label("No articles yet.");
        ui.label(RichText::new("Add article PDFs with the button above, or drop them on the window.").weak());
        return;
    }
    ScrollArea::vertical().id_salt("documents").auto_shrink([false, false]).show(ui, |ui| {
        for doc in project.documents().values() {
            let selected = state.document == Some(doc.id);
            let count = derived.coding_counts.get(&doc.id).copied().unwrap_or(0);
            let study = project.studies().get(&doc.study).map_or("", |s| s.label.as_str());
            let fill = if selected {
                ui.visuals().selection.bg_fill.gamma_multiply(0.35)
            } else {
                ui.visuals().faint_bg_color
            };
            let inner = egui::Frame::new().fill(fill).corner_radius(4).inner_margin(6).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(text::ellipsize(&doc.title, 60)).strong());
                let pages = doc.pages.len();
                let mut line = format!("{} · {}", text::counted(pages, "page"), text::counted(count, "coding"));
                if !study.is_empty() && study != doc.title {
                    line = format!("{line} · {}", text::ellipsize(study, 24));
                }
                ui.label(RichText::new(line).small().weak());
                if let Some(note) = doc.ocr_note() {
                    ui.label(RichText::new(format!("◔ {note}")).small().color(theme::OCR)).on_hover_text(
                        "Read from pictures of the pages: check passages against the page before coding",
                    );
                }
                if !doc.warnings.is_empty() {
                    ui.colored_label(theme::WARNING, RichText::new("⚠ text may be unreliable").small())
                        .on_hover_text(doc.warnings.join("\n"));
                }
            });
            let r = inner.response.interact(egui::Sense::click());
            let title = doc.title.clone();
            r.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &title));
            if r.clicked() && !selected {
                actions.push(Action::SelectDocument(doc.id));
            }
            ui.add_space(3.0);
        }
    });
}

/// A file that could not be imported: its reason, and Retry / password / Dismiss.
fn failed_row(
    ui: &mut Ui,
    f: &FailedImport,
    busy: bool,
    ocr: &OcrAvailability,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let name = f.path.file_name().map_or_else(|| f.path.display().to_string(), |n| n.to_string_lossy().into_owned());
    egui::Frame::new().fill(theme::ERROR.gamma_multiply(0.08)).corner_radius(4).inner_margin(6).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("✖ {}", text::ellipsize(&name, 44))).strong().color(theme::ERROR))
            .on_hover_text(f.path.display().to_string());
        ui.label(RichText::new(text::ellipsize(&f.reason, 400)).small());
        if f.needs_password {
            ui.horizontal(|ui| {
                let typed = state.import_passwords.entry(f.path.clone()).or_default();
                let label = ui.label("Password");
                let edit = egui::TextEdit::singleline(typed).password(true).desired_width(120.0);
                let r = ui.add(edit).labelled_by(label.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.add_enabled(!busy, egui::Button::new("Open")).clicked() || enter) && !typed.is_empty() {
                    actions.push(Action::RetryImport(f.path.clone(), Some(std::mem::take(typed))));
                }
            });
        }
        if f.can_recognise {
            let password = state.import_passwords.get(&f.path).filter(|p| !p.is_empty()).cloned();
            if let Some(language) =
                super::ocr::ocr_offer(ui, ocr, &mut state.ocr_language, "Recognise text (OCR)", !busy)
            {
                actions.push(Action::RecogniseImport { path: f.path.clone(), password, language });
            }
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!busy, egui::Button::new("Retry").small())
                .on_hover_text("Read the file again (after fixing or replacing it)")
                .clicked()
            {
                actions.push(Action::RetryImport(f.path.clone(), None));
            }
            if ui.button(RichText::new("Dismiss").small()).clicked() {
                actions.push(Action::DismissFailedImport(f.path.clone()));
            }
        });
    });
    ui.add_space(3.0);
}
