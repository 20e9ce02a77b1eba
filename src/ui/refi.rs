//! The mapping dialog of a REFI-QDA import: every code of the other tool's tree, what it
//! stands for in the framework (a construct with a valence, a construct whose valence comes
//! from a valence code on the same passage, a valence only, or kept as an imported code),
//! why, and how many passages use it.

use super::action::Action;
use super::view::RefiView;
use crate::model::{ConstructKey, Valence};
use crate::persistence::{Reason, Target};
use egui::{Id, Modal, RichText, Ui};

/// The construct half of a target, as the first menu shows it.
fn construct_text(view: &RefiView<'_>, target: &Target) -> String {
    match target {
        Target::Keep => "Keep as imported code".into(),
        Target::Valence(_) => "Valence only".into(),
        Target::Construct { key, .. } => view.codebook.display_path(key),
    }
}

fn valence_text(target: &Target) -> &'static str {
    match target {
        Target::Construct { valence: Some(v), .. } | Target::Valence(v) => v.label(),
        Target::Construct { valence: None, .. } => "from the passage",
        Target::Keep => "—",
    }
}

/// Shows the dialog.
pub fn mapping_dialog(ui: &mut Ui, view: &RefiView<'_>, actions: &mut Vec<Action>) {
    Modal::new(Id::unique("refi-mapping")).show(ui.ctx(), |ui| {
        ui.set_width(760.0_f32.min(ui.ctx().content_rect().width() - 40.0));
        summary(ui, view);
        ui.add_space(6.0);
        egui::Grid::new("refi-map-header").num_columns(4).min_col_width(60.0).show(ui, |ui| {
            ui.label(RichText::new("Code").strong());
            ui.label(RichText::new("Passages").strong());
            ui.label(RichText::new("Construct").strong());
            ui.label(RichText::new("Valence").strong());
            ui.end_row();
        });
        egui::ScrollArea::vertical().max_height(360.0).auto_shrink([false, true]).show_rows(
            ui,
            ROW_HEIGHT,
            view.package.codes.len(),
            |ui, rows| {
                for i in rows {
                    code_row(ui, view, i, actions);
                }
            },
        );
        ui.add_space(6.0);
        let mut remember = view.remember;
        if super::theme::checkbox(ui, &mut remember, "Remember these mappings for the next import").changed() {
            actions.push(Action::RememberRefiMappings(remember));
        }
        ui.horizontal(|ui| {
            if ui.button("Import").clicked() {
                actions.push(Action::ConfirmRefiImport);
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                actions.push(Action::CancelRefiImport);
            }
        });
    });
}

/// Height of a code's row.
const ROW_HEIGHT: f32 = 26.0;

/// What the file holds, what will be skipped, and what mapping means.
fn summary(ui: &mut Ui, view: &RefiView<'_>) {
    let package = view.package;
    let selections: usize = package.sources.iter().map(|s| s.selections.len()).sum();
    ui.heading(format!("Import {}", view.file));
    let origin = if package.origin.is_empty() { String::new() } else { format!(" · written by {}", package.origin) };
    ui.label(format!(
        "{} sources with {selections} coded passages · {} codes{origin}",
        package.sources.len(),
        package.codes.len()
    ));
    for (kind, n) in &package.skipped {
        ui.label(
            RichText::new(format!("{n} {kind} sources will be skipped: only text and PDF sources can be coded here."))
                .weak(),
        );
    }
    ui.add_space(4.0);
    ui.label(
        RichText::new(
            "Choose what each code stands for. A code kept as an imported code keeps its passages, tree, colour and description; you can map it later in the Codebook tab. Tallies, the diagram and agreement count constructs only.",
        )
        .small()
        .weak(),
    );
}

/// One code of the other tool's tree: its name (indented by depth), its passages, what it
/// stands for, its valence, and why it was mapped so.
fn code_row(ui: &mut Ui, view: &RefiView<'_>, i: usize, actions: &mut Vec<Action>) {
    let package = view.package;
    let code = &package.codes[i];
    let target = view.map.targets.get(i).cloned().unwrap_or(Target::Keep);
    let reason = view.map.reasons.get(i).copied().unwrap_or(Reason::Unmatched);
    let mut depth = 0_u8;
    let mut at = code.parent;
    while let Some(p) = at {
        depth += 1;
        at = package.codes.get(p).and_then(|c| c.parent).filter(|_| depth < 32);
    }
    let indent = f32::from(depth) * 14.0;
    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        ui.add_space(indent);
        // Names and descriptions of any length (another tool's file) are cut for showing.
        let shown = super::theme::cut(&code.name, 200);
        let name = if code.codable { RichText::new(&shown) } else { RichText::new(&shown).italics() };
        ui.add_sized([240.0 - indent, ROW_HEIGHT], egui::Label::new(name).truncate()).on_hover_text(super::theme::cut(
            if code.description.is_empty() { &code.name } else { &code.description },
            1_000,
        ));
        ui.add_sized([50.0, ROW_HEIGHT], egui::Label::new(code.uses.to_string()));
        if reason == Reason::Structure {
            ui.label(RichText::new("BeFITS grouping (nothing to map)").weak());
            return;
        }
        egui::ComboBox::from_id_salt(("refi-construct", i))
            .width(270.0)
            .selected_text(construct_text(view, &target))
            .show_ui(ui, |ui| construct_menu(ui, view, i, &target, actions))
            .response
            .on_hover_text(format!("What “{}” stands for", super::theme::cut(&code.name, 60)));
        valence_menu(ui, i, &super::theme::cut(&code.name, 60), &target, actions);
        ui.label(RichText::new(reason.to_string()).small().weak());
    });
}

/// The choices for a code: keep it as an imported code, a valence only, or a construct (its
/// valence kept).
fn construct_menu(ui: &mut Ui, view: &RefiView<'_>, i: usize, target: &Target, actions: &mut Vec<Action>) {
    if ui.selectable_label(*target == Target::Keep, "Keep as imported code").clicked() {
        actions.push(Action::MapRefiCode(i, Target::Keep));
    }
    if ui.selectable_label(matches!(target, Target::Valence(_)), "Valence only").clicked() {
        actions.push(Action::MapRefiCode(i, Target::Valence(Valence::Both)));
    }
    for d in &view.codebook.domains {
        ui.label(RichText::new(format!("{}. {}", d.number, d.name)).strong().small());
        for c in view.codebook.constructs_in(&d.key).filter(|c| !c.retired) {
            let on = matches!(target, Target::Construct { key, .. } if *key == c.key);
            if ui.selectable_label(on, format!("   {}", c.label)).clicked() {
                let valence = match target {
                    Target::Construct { valence, .. } => *valence,
                    Target::Valence(v) => Some(*v),
                    Target::Keep => None,
                };
                actions.push(Action::MapRefiCode(i, Target::Construct { key: c.key.clone(), valence }));
            }
        }
    }
}

fn valence_menu(ui: &mut Ui, i: usize, name: &str, target: &Target, actions: &mut Vec<Action>) {
    let enabled = !matches!(target, Target::Keep);
    ui.add_enabled_ui(enabled, |ui| {
        egui::ComboBox::from_id_salt(("refi-valence", i))
            .width(120.0)
            .selected_text(valence_text(target))
            .show_ui(ui, |ui| {
                let key: Option<ConstructKey> = match target {
                    Target::Construct { key, .. } => Some(key.clone()),
                    _ => None,
                };
                if let Some(key) = &key
                    && ui
                        .selectable_label(matches!(target, Target::Construct { valence: None, .. }), "from the passage")
                        .on_hover_text("Taken from a valence code on the same passage")
                        .clicked()
                {
                    actions.push(Action::MapRefiCode(i, Target::Construct { key: key.clone(), valence: None }));
                }
                for v in Valence::ALL {
                    let on =
                        matches!(target, Target::Construct { valence: Some(w), .. } | Target::Valence(w) if *w == v);
                    if ui.selectable_label(on, v.label()).clicked() {
                        let t = match &key {
                            Some(key) => Target::Construct { key: key.clone(), valence: Some(v) },
                            None => Target::Valence(v),
                        };
                        actions.push(Action::MapRefiCode(i, t));
                    }
                }
            })
            .response
            .on_hover_text(format!("The valence of “{name}”"));
    });
}
