//! Articles, their parent studies and their extraction fields. Articles are grouped into
//! studies by dragging them onto a study, with each row's study menu, or by merging studies;
//! fields are edited in a table (click or Enter to edit; Tab, Shift+Tab, ↑ and ↓ move; Esc
//! cancels).

use super::action::Action;
use super::state::{CellEdit, UiState};
use super::theme;
use crate::analysis::Derived;
use crate::model::{DocumentId, Edit, Project, Study, StudyId, text};
use egui::{Key, RichText, ScrollArea, Ui};
use egui_extras::{Column, TableBuilder};

/// The review's data-extraction fields, shown first and in this order.
pub const STANDARD_FIELDS: [&str; 9] =
    ["author_year", "title", "countries", "region", "condition_group", "conditions", "model", "stage", "assessed"];

/// The field columns: the standard ones, then any other used or added, alphabetically.
#[must_use]
pub fn columns(derived: &Derived, extra: &[String]) -> Vec<String> {
    let mut cols: Vec<String> = STANDARD_FIELDS.iter().map(|s| (*s).to_owned()).collect();
    for f in derived.fields.iter().chain(extra) {
        if !cols.contains(f) {
            cols.push(f.clone());
        }
    }
    cols
}

/// Payload of an article being dragged onto a study.
#[derive(Clone, Copy, Debug)]
struct DraggedArticle(DocumentId);

/// Shows the articles view.
pub fn articles_view(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    egui::Panel::left("studies")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| studies_list(ui, project, state, actions));
    super::theme::beside_panel(ui, |ui| fields_view(ui, project, derived, state, actions));
}

/// The extraction fields of every article, as a table whose cells edit in place.
fn fields_view(ui: &mut Ui, project: &Project, derived: &Derived, state: &mut UiState, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        ui.heading("Extraction fields");
        ui.label(RichText::new("Click a cell (or select it and press Enter) to edit; Tab and ↑↓ move; several values: separate with “; ”.").weak());
    });
    ui.horizontal(|ui| {
        let label = ui.label("New field");
        ui.add(egui::TextEdit::singleline(&mut state.new_field).desired_width(160.0).hint_text("e.g. sample_size"))
            .labelled_by(label.id);
        let name = state.new_field.trim().replace(' ', "_");
        if ui.add_enabled(!name.is_empty(), egui::Button::new("Add column")).clicked()
            && !state.extra_fields.contains(&name)
        {
            state.extra_fields.push(name);
            state.new_field.clear();
        }
    });
    ui.separator();
    let cols = columns(derived, &state.extra_fields);
    let docs: Vec<DocumentId> = project.documents().keys().copied().collect();
    let mut commit: Option<(CellEdit, Option<(isize, isize)>)> = None;
    // Study and Article stay in place while the field columns scroll sideways: two tables
    // side by side (each in a vertical layout of its own) in one vertical scroll area, with
    // rows of one height.
    ScrollArea::vertical().id_salt("fields-rows").auto_shrink([false, false]).show(ui, |ui| {
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_max_width(FROZEN_WIDTH);
                TableBuilder::new(ui)
                    .id_salt("fields-frozen")
                    .striped(true)
                    .vscroll(false)
                    .column(Column::exact(120.0).clip(true))
                    .column(Column::exact(220.0).clip(true))
                    .header(HEADER_HEIGHT, |mut h| {
                        h.col(|ui| {
                            ui.strong("Study");
                        });
                        h.col(|ui| {
                            ui.strong("Article");
                        });
                    })
                    .body(|body| {
                        body.rows(ROW_HEIGHT, docs.len(), |mut row| {
                            let Some(doc) = project.document(docs[row.index()]) else { return };
                            row.col(|ui| study_menu(ui, project, doc.id, doc.study, actions));
                            row.col(|ui| cell(ui, doc, 0, "title", doc.title.clone(), state, &mut commit));
                        });
                    });
            });
            ui.vertical(|ui| {
                let mut area = ScrollArea::horizontal().id_salt("fields-table").auto_shrink([false, true]);
                if let Some(x) = state.fields_scroll.take() {
                    area = area.horizontal_scroll_offset(x);
                }
                let shown = area.show(ui, |ui| {
                    TableBuilder::new(ui)
                        .id_salt("fields")
                        .striped(true)
                        .resizable(true)
                        .vscroll(false)
                        .columns(Column::initial(150.0).at_least(60.0).clip(true), cols.len())
                        .header(HEADER_HEIGHT, |mut h| {
                            for c in &cols {
                                h.col(|ui| {
                                    // A name of any length (from a table) is cut.
                                    theme::whole_on_hover(ui.strong(theme::cut(c, 40)), c, 40);
                                });
                            }
                        })
                        .body(|body| {
                            body.rows(ROW_HEIGHT, docs.len(), |mut row| {
                                let Some(doc) = project.document(docs[row.index()]) else { return };
                                for (i, c) in cols.iter().enumerate() {
                                    let value = doc.fields.get(c).cloned().unwrap_or_default();
                                    row.col(|ui| {
                                        cell(ui, doc, i + 1, &format!("field:{c}"), value, state, &mut commit);
                                    });
                                }
                            });
                        });
                });
                state.fields_view = Some((shown.state.clamped_offset().x, shown.inner_rect));
            });
        });
    });
    if let Some((edit, step)) = commit {
        finish_edit(project, &edit, actions);
        state.cell_edit = step.and_then(|(dr, dc)| neighbour(&docs, &cols, &edit, dr, dc, project));
    }
}

const HEADER_HEIGHT: f32 = 24.0;
/// Study (120) and Article (220) columns with their spacing.
const FROZEN_WIDTH: f32 = 352.0;
const ROW_HEIGHT: f32 = 26.0;

/// One editable cell: a click anywhere in it (or Enter on it) opens it; while open, Enter,
/// Tab, Shift+Tab, ↑ and ↓ commit and move, Esc cancels, and the open cell is scrolled into
/// view.
fn cell(
    ui: &mut Ui,
    doc: &crate::model::Document,
    ci: usize,
    column: &str,
    value: String,
    state: &mut UiState,
    commit: &mut Option<(CellEdit, Option<(isize, isize)>)>,
) {
    let label = format!("{} {}", doc.title, column.trim_start_matches("field:"));
    let editing = state.cell_edit.as_ref().is_some_and(|e| e.document == doc.id && e.column == column);
    if editing {
        let Some(edit) = &mut state.cell_edit else { return };
        let resp = ui.add(
            egui::TextEdit::singleline(&mut edit.buffer).desired_width(f32::INFINITY).id_salt(("cell", doc.id.0, ci)),
        );
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &label));
        if !resp.has_focus() && !resp.lost_focus() {
            resp.request_focus();
        }
        // Tab may open a cell outside the view: scroll the fields sideways to bring it in (the
        // table's own scroll area, inside, would swallow a plain scroll-to-me).
        if !ui.clip_rect().contains_rect(resp.rect)
            && let Some((offset, view)) = state.fields_view
        {
            state.fields_scroll = Some((offset + resp.rect.center().x - view.center().x).max(0.0));
        }
        let (esc, tab, shift, up, down, enter) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::Escape),
                i.consume_key(egui::Modifiers::NONE, Key::Tab),
                i.consume_key(egui::Modifiers::SHIFT, Key::Tab),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.key_pressed(Key::Enter),
            )
        });
        let step = match (tab, shift, up, down) {
            (true, ..) => Some((0, 1)),
            (_, true, ..) => Some((0, -1)),
            (_, _, true, _) => Some((-1, 0)),
            (.., true) => Some((1, 0)),
            _ => None,
        };
        if esc {
            state.cell_edit = None;
        } else if step.is_some() || enter || resp.lost_focus() {
            *commit = Some((edit.clone(), step));
        }
        return;
    }
    // The whole cell answers a click, not only its text.
    let whole = ui.interact(ui.max_rect(), ui.scope_id().with(("cell-area", doc.id.0, ci)), egui::Sense::click());
    let shown = if value.is_empty() { RichText::new("—").weak() } else { RichText::new(text::ellipsize(&value, 80)) };
    let resp = ui.add(egui::Label::new(shown).sense(egui::Sense::click()).truncate());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    let resp = if value.chars().count() > 20 { resp.on_hover_text(&value) } else { resp };
    if resp.clicked() || whole.clicked() || (resp.has_focus() && ui.input(|i| i.key_pressed(Key::Enter))) {
        state.cell_edit = Some(CellEdit { document: doc.id, column: column.to_owned(), buffer: value });
    }
}

/// Turns a finished cell edit into an edit of the project, if the value changed.
fn finish_edit(project: &Project, edit: &CellEdit, actions: &mut Vec<Action>) {
    let Some(doc) = project.document(edit.document) else { return };
    let value = edit.buffer.trim().to_owned();
    if edit.column == "title" {
        if !value.is_empty() && value != doc.title {
            actions.push(Action::Edit {
                edit: Edit::SetTitle { document: doc.id, title: value },
                label: "Rename article".into(),
            });
        }
        return;
    }
    let name = edit.column.trim_start_matches("field:").to_owned();
    let old = doc.fields.get(&name).cloned().unwrap_or_default();
    if value != old {
        let label = format!("Set {name}");
        actions.push(Action::Edit {
            edit: Edit::SetField { document: doc.id, name, value: (!value.is_empty()).then_some(value) },
            label,
        });
    }
}

/// The cell next to `edit` in a direction, ready for editing.
fn neighbour(
    docs: &[DocumentId],
    cols: &[String],
    edit: &CellEdit,
    dr: isize,
    dc: isize,
    project: &Project,
) -> Option<CellEdit> {
    let all: Vec<String> =
        std::iter::once("title".to_owned()).chain(cols.iter().map(|c| format!("field:{c}"))).collect();
    let r = docs.iter().position(|d| *d == edit.document)?;
    let c = all.iter().position(|x| *x == edit.column)?;
    let r2 = r.checked_add_signed(dr).filter(|r| *r < docs.len())?;
    let c2 = c.checked_add_signed(dc).filter(|c| *c < all.len())?;
    let doc = project.document(docs[r2])?;
    let column = all[c2].clone();
    let buffer = if column == "title" {
        doc.title.clone()
    } else {
        doc.fields.get(column.trim_start_matches("field:")).cloned().unwrap_or_default()
    };
    Some(CellEdit { document: doc.id, column, buffer })
}

/// The study of one article, with a menu to move it.
fn study_menu(ui: &mut Ui, project: &Project, doc: DocumentId, current: StudyId, actions: &mut Vec<Action>) {
    let label = project.studies().get(&current).map_or("?", |s| s.label.as_str());
    egui::ComboBox::from_id_salt(("study-of", doc.0))
        .selected_text(text::ellipsize(label, 16))
        .width(110.0)
        .show_ui(ui, |ui| {
            for s in project.studies().values() {
                if ui.selectable_label(s.id == current, &s.label).clicked() && s.id != current {
                    actions.push(move_action(project, doc, s.id, None));
                }
            }
            ui.separator();
            if ui.button("New study").clicked() {
                let id = project.next_study_id();
                let title = project.document(doc).map_or_else(String::new, |d| d.title.clone());
                actions.push(move_action(project, doc, id, Some(Study { id, label: title })));
            }
        })
        .response
        .on_hover_text("The study this article belongs to");
}

fn move_action(project: &Project, doc: DocumentId, study: StudyId, create: Option<Study>) -> Action {
    let title = project.document(doc).map_or_else(String::new, |d| text::ellipsize(&d.title, 30));
    Action::Edit {
        edit: Edit::MoveToStudy { document: doc, study, create },
        label: format!("Move “{title}” to another study"),
    }
}

/// Studies with their articles; drop an article on a study to move it there.
fn studies_list(ui: &mut Ui, project: &Project, state: &mut UiState, actions: &mut Vec<Action>) {
    ui.heading(format!("Studies ({})", project.studies().len()));
    ui.label(RichText::new("Drag an article onto a study to group it there.").small().weak());
    ScrollArea::vertical().id_salt("studies-list").auto_shrink([false, false]).show(ui, |ui| {
        for study in project.studies().values() {
            let frame = egui::Frame::group(ui.style()).inner_margin(6);
            let (_, dropped) = ui.dnd_drop_zone::<DraggedArticle, ()>(frame, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    let renaming = state.rename_study.as_ref().is_some_and(|(id, _)| *id == study.id);
                    if renaming {
                        if let Some((_, buffer)) = &mut state.rename_study {
                            let r = ui.add(egui::TextEdit::singleline(buffer).desired_width(160.0));
                            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Study label"));
                            r.request_focus();
                            if ui.input(|i| i.key_pressed(Key::Escape)) {
                                state.rename_study = None;
                            } else if r.lost_focus() {
                                let label = buffer.trim().to_owned();
                                if !label.is_empty() && label != study.label {
                                    actions.push(Action::Edit {
                                        edit: Edit::RenameStudy { study: study.id, label },
                                        label: "Rename study".into(),
                                    });
                                }
                                state.rename_study = None;
                            }
                        }
                    } else {
                        // Elided before the menu button, the whole label on hover.
                        let room = egui::vec2((ui.available_width() - 44.0).max(40.0), ui.spacing().interact_size.y);
                        ui.allocate_ui(room, |ui| {
                            ui.add(egui::Label::new(RichText::new(&study.label).strong()).truncate())
                                .on_hover_text(&study.label);
                        });
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.menu_button("⋯", |ui| {
                            if ui.button("Rename…").clicked() {
                                state.rename_study = Some((study.id, study.label.clone()));
                            }
                            ui.separator();
                            ui.label("Merge this study into:");
                            for other in project.studies().values().filter(|o| o.id != study.id) {
                                if ui.button(&other.label).clicked() {
                                    let moves: Vec<Edit> = project
                                        .documents_in(study.id)
                                        .map(|d| Edit::MoveToStudy { document: d.id, study: other.id, create: None })
                                        .collect();
                                    actions.push(Action::Edit {
                                        edit: Edit::Batch(moves),
                                        label: format!("Merge study {} into {}", study.label, other.label),
                                    });
                                }
                            }
                        });
                    });
                });
                for d in project.documents_in(study.id) {
                    let id = egui::Id::unique(("drag-article", d.id.0));
                    ui.dnd_drag_source(id, DraggedArticle(d.id), |ui| {
                        ui.label(RichText::new(format!("☰ {}", text::ellipsize(&d.title, 40))).small());
                    });
                }
            });
            if let Some(payload) = dropped {
                let DraggedArticle(doc) = *payload;
                if project.document(doc).is_some_and(|d| d.study != study.id) {
                    actions.push(move_action(project, doc, study.id, None));
                }
            }
            ui.add_space(4.0);
        }
    });
}
