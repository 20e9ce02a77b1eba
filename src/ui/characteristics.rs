//! Study characteristics (the paper's Table 1) for the fields the user picks.

use super::action::{Action, TableExport};
use super::state::UiState;
use super::theme::{cut, whole_on_hover};
use crate::analysis::{Derived, characteristics::MULTIPLE};
use crate::model::Project;
use egui::{RichText, ScrollArea, Ui};

/// Fields shown first when the user has not chosen any.
const DEFAULT_FIELDS: [&str; 3] = ["region", "condition_group", "stage"];

/// The most characters of a field's name and of a value as shown (the whole on hover). A
/// table from someone else can hold names and cells of any length: uncut, a name wrapped down
/// the whole list of fields, and a value pushed its counts out of the window.
const NAME_CHARS: usize = 40;
const VALUE_CHARS: usize = 80;

/// Shows the characteristics view.
pub fn characteristics_view(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    if derived.fields.is_empty() {
        ui.heading("Study characteristics");
        ui.label("No article has extraction fields yet. Fill them in under “Articles & studies”, or import a data-extraction table (File > Import table…).");
        return;
    }
    if state.characteristic_fields.is_empty() {
        state.characteristic_fields =
            DEFAULT_FIELDS.iter().filter(|f| derived.fields.iter().any(|x| x == *f)).map(|f| (*f).to_owned()).collect();
    }
    let studies = project.studies().len();
    egui::Panel::left("characteristic-fields").resizable(true).default_size(220.0).show(ui, |ui| {
        ui.heading("Fields");
        ui.label(
            RichText::new("Counted per study: a study whose articles differ counts as “Multiple”.").small().weak(),
        );
        ScrollArea::vertical().show(ui, |ui| {
            // A long name on one line, cut short (the whole of it on hover), not broken over
            // several lines where it has no spaces.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            for f in &derived.fields {
                let mut on = state.characteristic_fields.contains(f);
                if whole_on_hover(super::theme::checkbox(ui, &mut on, cut(f, NAME_CHARS)), f, NAME_CHARS).changed() {
                    if on {
                        state.characteristic_fields.push(f.clone());
                    } else {
                        state.characteristic_fields.retain(|x| x != f);
                    }
                }
            }
        });
    });
    super::theme::beside_panel(ui, |ui| table(ui, derived, state, studies, actions));
}

/// The tables of the fields chosen, with their export.
fn table(ui: &mut Ui, derived: &Derived, state: &UiState, studies: usize, actions: &mut Vec<Action>) {
    ScrollArea::vertical().id_salt("characteristics").auto_shrink([false, false]).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(format!("Study characteristics (N = {})", crate::model::text::counted(studies, "study")));
            let chosen = !state.characteristic_fields.is_empty();
            let export = ui
                .add_enabled(chosen, egui::Button::new("Export CSV…"))
                .on_hover_text("The fields shown here, in this order, as one table (field, value, n, percent)")
                .on_disabled_hover_text("Choose at least one field on the left");
            if export.clicked() {
                actions
                    .push(Action::ExportTableDialog(TableExport::Characteristics(state.characteristic_fields.clone())));
            }
        });
        // One grid for every field, so that their counts stand in one column.
        ui.add_space(10.0);
        egui::Grid::new("characteristics").striped(true).num_columns(3).min_col_width(60.0).spacing([24.0, 4.0]).show(
            ui,
            |ui| {
                for (i, field) in state.characteristic_fields.iter().enumerate() {
                    let Some(rows) = derived.characteristics.get(field) else { continue };
                    if i > 0 {
                        ui.end_row();
                    }
                    let heading = RichText::new(cut(field, NAME_CHARS)).strong().size(16.0);
                    whole_on_hover(ui.label(heading), field, NAME_CHARS);
                    ui.end_row();
                    ui.label(RichText::new("value").weak());
                    ui.label(RichText::new("n").weak());
                    ui.label(RichText::new("%").weak());
                    ui.end_row();
                    for r in rows {
                        let value = RichText::new(cut(&r.value, VALUE_CHARS));
                        let value = if r.value == MULTIPLE { value.italics() } else { value };
                        whole_on_hover(ui.label(value), &r.value, VALUE_CHARS);
                        ui.label(r.n.to_string());
                        ui.label(format!("{:.1}", r.percent));
                        ui.end_row();
                    }
                }
            },
        );
    });
}
