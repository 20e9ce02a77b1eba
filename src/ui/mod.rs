//! egui panels and widgets. Views read a [`ViewCtx`] and push [`Action`]s; they keep their
//! own view state in [`UiState`] but never hold `&mut Project` and never touch files.
//! The app executes the actions at the end of the frame.

mod action;
mod article_view;
pub mod articles;
mod characteristics;
mod code_hits;
mod codebook;
mod coding_panel;
mod diagram;
mod dialogs;
mod documents;
mod marks;
mod matrix;
mod menu;
mod message;
pub mod ocr;
mod page_geometry;
pub mod page_view;
mod picker;
mod presentation;
mod reader;
mod refi;
mod review;
mod state;
mod suggestions;
pub mod tallies;
pub mod theme;
mod view;
mod welcome;

pub use action::{Action, FilePurpose, PathPrompt, PendingChoice, Sample, TableExport};
pub use coding_panel::row_label;
pub use message::{Message, MessageLevel};
pub use picker::filter as filter_constructs;
pub use reader::scroll_target;
pub use state::{
    CellEdit, CodeHits, CodingForm, Focus, NewProjectForm, PageViewState, PickerState, ReaderMode, ReaderState,
    ScrollTarget, SearchHit, SearchState, TallySort, TextSelection, UiState, Workspace, Zoom,
};
pub use view::{
    Busy, FailedImport, ImportView, OcrAvailability, PageTexture, PagesView, PdfState, RecoveryEntry, RecoveryOffer,
    RecoveryReason, RefiView, ReviewView, SessionView, ViewCtx,
};

use egui::{CentralPanel, Panel, RichText, Ui};

/// Draws the whole window for one frame.
pub fn show(ui: &mut Ui, cx: &ViewCtx<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    menu::shortcuts(ui, cx.session.is_some(), state, actions);
    Panel::top("menu-bar").show(ui, |ui| menu::menu_bar(ui, cx.session.as_ref(), cx.recent, state, actions));
    Panel::bottom("status-bar").show(ui, |ui| status_bar(ui, cx, actions));
    if !cx.messages.is_empty() && !state.presentation {
        Panel::top("messages").show(ui, |ui| {
            ui.add_space(4.0);
            dialogs::messages(ui, cx.messages, &mut state.messages_expanded, actions);
            ui.add_space(2.0);
        });
    }
    match &cx.session {
        None => {
            CentralPanel::default().show(ui, |ui| welcome::welcome(ui, cx.recent, state, actions));
        }
        Some(session) => {
            workspace_tabs(ui, cx, session.project, state, actions);
            workspace(ui, cx, session, state, actions);
        }
    }
    dialogs::new_project_dialog(ui, state, actions);
    dialogs::path_prompt_dialog(ui, state, actions);
    if cx.confirm_unsaved {
        let name = cx.session.as_ref().map_or("The project", |s| s.project.name());
        dialogs::unsaved_dialog(ui, name, actions);
    }
    if let Some(offer) = cx.recovery {
        dialogs::recovery_dialog(ui, offer, actions);
    }
    if let Some(refi) = &cx.refi {
        refi::mapping_dialog(ui, refi, actions);
    }
    if let Some(session) = &cx.session {
        code_hits::window(ui, session.project, state, actions);
    }
    dialogs::shortcuts_window(ui, state);
}

/// The tabs of the workspaces (Review only during a comparison), and the offer to continue
/// the review of a consensus.
fn workspace_tabs(
    ui: &mut Ui,
    cx: &ViewCtx<'_>,
    project: &crate::model::Project,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    if state.document.is_none_or(|id| project.document(id).is_none()) {
        state.document = project.documents().keys().next().copied();
    }
    Panel::top("workspace-tabs").show(ui, |ui| {
        ui.horizontal(|ui| {
            for w in Workspace::ALL {
                if w == Workspace::Review && cx.review.is_none() {
                    continue;
                }
                ui.selectable_value(&mut state.workspace, w, RichText::new(w.label()).size(15.0));
            }
            if let (Some(record), None) = (project.reconciliation(), &cx.review) {
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let settled = record.decisions.len();
                    if ui
                        .button(format!("Continue the review of {} and {}", record.file_a, record.file_b))
                        .on_hover_text(format!(
                            "This is a consensus ({settled} decisions recorded). Opens A with B and settles those decisions again; each stays changeable."
                        ))
                        .clicked()
                    {
                        actions.push(Action::ResumeReview);
                    }
                });
            }
        });
    });
}

/// The current workspace.
fn workspace(ui: &mut Ui, cx: &ViewCtx<'_>, session: &SessionView<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    let project = session.project;
    match state.workspace {
        Workspace::Coding => coding_workspace(ui, cx, session, state, actions),
        Workspace::Articles => {
            CentralPanel::default()
                .show(ui, |ui| articles::articles_view(ui, project, session.derived, state, actions));
        }
        Workspace::Tallies => {
            CentralPanel::default().show(ui, |ui| tallies::tallies_view(ui, project, session.derived, state, actions));
        }
        Workspace::Diagram => {
            CentralPanel::default().show(ui, |ui| diagram::diagram_view(ui, project, session.derived, state));
        }
        Workspace::Matrix => {
            CentralPanel::default().show(ui, |ui| matrix::matrix_view(ui, project, session.derived, state, actions));
        }
        Workspace::Characteristics => {
            CentralPanel::default()
                .show(ui, |ui| characteristics::characteristics_view(ui, project, session.derived, state, actions));
        }
        Workspace::Codebook => {
            CentralPanel::default()
                .show(ui, |ui| codebook::codebook_view(ui, project, session.derived, state, actions));
        }
        Workspace::Review => match &cx.review {
            Some(review) => {
                CentralPanel::default().show(ui, |ui| review::review_view(ui, project, review, state, actions));
            }
            None => state.workspace = Workspace::Coding,
        },
    }
}

/// The coding workspace: articles on the left, the reader in the middle, the coding panel on
/// the right.
fn coding_workspace(
    ui: &mut Ui,
    cx: &ViewCtx<'_>,
    session: &SessionView<'_>,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let project = session.project;
    if state.presentation {
        Panel::bottom("presentation-bar").show(ui, |ui| presentation::bar(ui, project, state));
    }
    // In presentation mode the article list gives its room to the page; the bar below
    // moves between articles.
    if !state.presentation {
        Panel::left("documents").resizable(true).default_size(270.0).show(ui, |ui| {
            documents::documents_panel(ui, project, session.derived, cx, state, actions);
        });
    }
    let doc = state.document.and_then(|id| project.document(id));
    if let Some(doc) = doc {
        let (id, width) = if state.presentation { ("coding-presenting", 330.0) } else { ("coding", 400.0) };
        Panel::right(id).resizable(true).default_size(width).show(ui, |ui| {
            coding_panel::coding_panel(ui, project, session.derived, doc, cx.suggestions, state, actions);
        });
    }
    CentralPanel::default().show(ui, |ui| match doc {
        Some(doc) => {
            article_view::article_view(ui, project, session.derived, doc, cx, state, actions);
        }
        None => {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("Add the first article");
                ui.label("Import article PDFs with “Add PDFs…” or drop them on this window. Their text is extracted and stored in the project.");
                ui.add_space(10.0);
                if ui.add_enabled(cx.import.is_none(), egui::Button::new("Add PDFs…")).clicked() {
                    actions.push(Action::AddPdfsDialog);
                }
            });
        }
    });
}

fn status_bar(ui: &mut Ui, cx: &ViewCtx<'_>, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let Some(s) = &cx.session else {
            ui.label(RichText::new("No project open").weak());
            return;
        };
        let where_ = match s.path {
            Some(p) if !s.is_sample => p.display().to_string(),
            _ if s.is_sample => "built-in sample (Save as… to keep a copy)".to_owned(),
            _ => "not saved yet".to_owned(),
        };
        ui.label(RichText::new(where_).small());
        ui.separator();
        if let Some(busy) = &cx.busy {
            ui.add(egui::Spinner::new().size(12.0));
            // Before the note, whose progress and running time change its width every
            // second: after it, the button moved while the pointer went for it.
            if busy.cancellable
                && ui.small_button("Cancel").on_hover_text("Stop this work; nothing is changed").clicked()
            {
                actions.push(Action::CancelWork);
            }
            ui.label(RichText::new(theme::cut(&busy.note, 120)).small());
        } else if s.dirty {
            ui.colored_label(theme::WARNING, RichText::new("● unsaved changes").small());
        } else {
            ui.label(RichText::new("saved").small().weak());
        }
        ui.separator();
        let p = s.project;
        ui.label(
            RichText::new(format!(
                "{} · {} · coder: {}",
                crate::model::text::counted(p.documents().len(), "article"),
                crate::model::text::counted(p.codings().len(), "coding"),
                // A project file can name its coder at any length.
                if p.coder().is_empty() { "-".to_owned() } else { theme::cut(p.coder(), 40) }
            ))
            .small(),
        );
        let orphans = s.derived.anchors.orphaned_count();
        if orphans > 0 {
            ui.separator();
            ui.colored_label(
                theme::WARNING,
                RichText::new(format!("⚠ {} not found in the text", crate::model::text::counted(orphans, "passage")))
                    .small(),
            );
        }
    });
}

/// Keeps a height laid out this frame under `id`, for what is sized from it in the next
/// frame. When it changed (content grew or shrank), the frame is laid out again at once
/// (`why` says what changed), rather than shown with the old size until the next event.
fn keep_height(ctx: &egui::Context, id: egui::Id, height: f32, why: &'static str) {
    let before: Option<f32> = ctx.data_mut(|d| {
        let before = d.get_temp(id);
        d.insert_temp(id, height);
        before
    });
    if before.is_some_and(|h| (h - height).abs() > 0.5) {
        ctx.request_discard(why);
    }
}
