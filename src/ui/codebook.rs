//! The codebook editor: add constructs (open coding), rename, redefine, move, merge, retire
//! and restore. Every change is one undoable step and a line in the codebook's history.

use super::action::Action;
use super::state::UiState;
use super::theme;
use crate::analysis::Derived;
use crate::model::{Anchor, CodebookChange, CodebookOp, Coding, ConstructKey, DomainKey, Edit, Project, Valence};
use egui::{RichText, ScrollArea, Ui};

/// Draft fields of the codebook editor.
#[derive(Clone, Debug, Default)]
pub struct CodebookDraft {
    /// The construct selected for editing.
    pub selected: Option<ConstructKey>,
    /// Label being typed.
    pub label: String,
    /// Definition being typed.
    pub definition: String,
    /// Domain of a new construct.
    pub new_domain: Option<DomainKey>,
    /// Label of a new construct.
    pub new_label: String,
    /// Definition of a new construct.
    pub new_definition: String,
    /// Merge target.
    pub merge_into: Option<ConstructKey>,
    /// The search of the merge target, as in the construct picker.
    pub merge_picker: super::state::PickerState,
    /// The imported code selected (its key), instead of a construct.
    pub imported: Option<String>,
    /// The construct an imported code's passages are to be mapped to.
    pub map_to: Option<ConstructKey>,
    /// The valence they get.
    pub map_valence: Option<Valence>,
    /// The search of the construct to map to.
    pub map_picker: super::state::PickerState,
    loaded: Option<(ConstructKey, u64)>,
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

fn edit(project: &Project, op: CodebookOp, label: String, actions: &mut Vec<Action>) {
    match project.codebook_edit(op, &now()) {
        Ok(edit) => actions.push(Action::Edit { edit, label }),
        Err(e) => actions.push(Action::Notify(format!("That codebook change is not possible: {e}."))),
    }
}

fn describe(project: &Project, change: &CodebookChange) -> String {
    let label = |k: &ConstructKey| {
        project.codebook().construct(k).map_or_else(|| k.to_string(), |c| theme::cut(&c.label, theme::LABEL_CHARS))
    };
    let domain = |d: &DomainKey| {
        project
            .codebook()
            .domain(d)
            .map_or_else(|| d.to_string(), |d| format!("{}. {}", d.number, theme::cut(&d.name, theme::LABEL_CHARS)))
    };
    match change {
        CodebookChange::Added { key, domain: d, at } => format!("{at}: added “{}” to {}", label(key), domain(d)),
        CodebookChange::Renamed { from, to, at, .. } => format!("{at}: renamed “{from}” to “{to}”"),
        CodebookChange::Redefined { key, at } => format!("{at}: new definition of “{}”", label(key)),
        CodebookChange::Moved { key, from, to, at } => {
            format!("{at}: moved “{}” from {} to {}", label(key), domain(from), domain(to))
        }
        CodebookChange::Merged { from, into, codings, at } => {
            format!("{at}: merged “{}” into “{}” ({codings} codings moved)", label(from), label(into))
        }
        CodebookChange::Retired { key, at } => format!("{at}: retired “{}”", label(key)),
        CodebookChange::Restored { key, at } => format!("{at}: restored “{}”", label(key)),
    }
}

/// Shows the codebook editor.
pub fn codebook_view(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    state: &mut UiState,
    actions: &mut Vec<Action>,
) {
    let draft = &mut state.codebook;
    egui::Panel::left("codebook-list").resizable(true).default_size(380.0).show(ui, |ui| {
        codebook_list(ui, project, derived, draft, actions);
    });
    super::theme::beside_panel(ui, |ui| editor(ui, project, derived, draft, actions));
}

/// Beside the list: the imported code or construct chosen, adding a construct, the history.
fn editor(ui: &mut Ui, project: &Project, derived: &Derived, draft: &mut CodebookDraft, actions: &mut Vec<Action>) {
    let cb = project.codebook();
    if let Some(key) = draft.imported.clone() {
        ScrollArea::vertical().id_salt("imported-code").auto_shrink([false, false]).show(ui, |ui| {
            imported_detail(ui, project, &key, draft, actions);
        });
        return;
    }
    ScrollArea::vertical().id_salt("codebook-editor").auto_shrink([false, false]).show(ui, |ui| {
        if let Some(key) = draft.selected.clone() {
            if let Some(c) = cb.construct(&key) {
                if draft.loaded != Some((key.clone(), project.revision())) {
                    draft.label.clone_from(&c.label);
                    draft.definition.clone_from(&c.definition);
                    draft.loaded = Some((key.clone(), project.revision()));
                }
                construct_editor(ui, project, derived, c, draft, actions);
            }
            ui.separator();
        }
        add_construct(ui, project, draft, actions);
        ui.separator();
        history(ui, project);
    });
}

/// How many passages are coded with a construct.
fn uses(derived: &Derived, k: &ConstructKey) -> usize {
    derived.tallies(crate::analysis::Level::Passage).of(k).total()
}

/// The list on the left: the codebook's name, import and export, imported codes, and every
/// construct by domain.
fn codebook_list(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    draft: &mut CodebookDraft,
    actions: &mut Vec<Action>,
) {
    let cb = project.codebook();
    ui.horizontal(|ui| {
        theme::whole_on_hover(ui.heading(theme::cut(&cb.name, CODE_CHARS)), &cb.name, CODE_CHARS);
        ui.label(RichText::new(format!("{} domains · {} constructs", cb.domains.len(), cb.constructs.len())).weak());
    });
    ui.horizontal(|ui| {
        if ui
            .button("Import codebook…")
            .on_hover_text("CSV (key, domain, label, definition) or REFI-QDA .qdc")
            .clicked()
        {
            actions.push(Action::ImportCodebookDialog);
        }
        if ui.button("Export…").clicked() {
            actions.push(Action::ExportDialog(crate::export::ExportFormat::CodebookCsv));
        }
    });
    ScrollArea::vertical().id_salt("codebook-constructs").auto_shrink([false, false]).show(ui, |ui| {
        imported_list(ui, project, draft);
        for d in &cb.domains {
            ui.add_space(4.0);
            let name = theme::cut(&d.name, theme::LABEL_CHARS);
            ui.label(RichText::new(format!("{}. {name} ({})", d.number, d.level.label())).strong());
            for c in cb.constructs_in(&d.key) {
                // A codebook file can give a label of any length: cut for the list.
                let label = theme::cut(&c.label, theme::LABEL_CHARS);
                let text = if c.retired {
                    RichText::new(format!("{label} (retired)")).weak().strikethrough()
                } else {
                    RichText::new(label)
                };
                let n = uses(derived, &c.key);
                let r = ui.selectable_label(draft.selected.as_ref() == Some(&c.key), text).on_hover_text(format!(
                    "{}\n\n{} · {}",
                    crate::model::text::ellipsize(&c.definition, theme::DEFINITION_CHARS),
                    c.key,
                    crate::model::text::counted(n, "coding")
                ));
                if r.clicked() {
                    draft.selected = Some(c.key.clone());
                    draft.imported = None;
                }
            }
        }
    });
}

/// Editing one construct: label, definition, retire or restore, move, merge.
fn construct_editor(
    ui: &mut Ui,
    project: &Project,
    derived: &Derived,
    c: &crate::model::Construct,
    draft: &mut CodebookDraft,
    actions: &mut Vec<Action>,
) {
    let cb = project.codebook();
    let key = c.key.clone();
    theme::whole_on_hover(ui.heading(theme::cut(&c.label, HEADING_CHARS)), &c.label, HEADING_CHARS);
    let n = uses(derived, &key);
    ui.label(RichText::new(format!("key {key} (never changes) · {}", crate::model::text::counted(n, "coding"))).weak());
    if c.retired {
        ui.colored_label(
            theme::WARNING,
            "Retired: hidden from the picker; its codings are kept and shown as retired until recoded.",
        );
    }
    let l = ui.label("Label");
    ui.add(egui::TextEdit::singleline(&mut draft.label).desired_width(f32::INFINITY)).labelled_by(l.id);
    let dl = ui.label("Definition");
    ui.add(egui::TextEdit::multiline(&mut draft.definition).desired_rows(4).desired_width(f32::INFINITY))
        .labelled_by(dl.id);
    ui.horizontal(|ui| {
        let label_changed = draft.label.trim() != c.label;
        let def_changed = draft.definition.trim() != c.definition;
        if ui.add_enabled(label_changed || def_changed, egui::Button::new("Apply")).clicked() {
            if label_changed {
                edit(
                    project,
                    CodebookOp::Rename { key: key.clone(), label: draft.label.clone() },
                    "Rename construct".into(),
                    actions,
                );
            }
            if def_changed {
                edit(
                    project,
                    CodebookOp::Redefine { key: key.clone(), definition: draft.definition.clone() },
                    "Edit definition".into(),
                    actions,
                );
            }
        }
        if c.retired {
            if ui.button("Restore").clicked() {
                edit(project, CodebookOp::Restore(key.clone()), "Restore construct".into(), actions);
            }
        } else if ui.button("Retire").on_hover_text("Hide from the picker; codings are kept").clicked() {
            edit(project, CodebookOp::Retire(key.clone()), "Retire construct".into(), actions);
        }
    });
    ui.horizontal(|ui| {
        ui.label("Move to");
        egui::ComboBox::from_id_salt("move-to")
            .selected_text(cb.domain(&c.domain).map_or_else(String::new, |d| format!("{}. {}", d.number, d.name)))
            .show_ui(ui, |ui| {
                for d in &cb.domains {
                    if ui.selectable_label(d.key == c.domain, format!("{}. {}", d.number, d.name)).clicked()
                        && d.key != c.domain
                    {
                        edit(
                            project,
                            CodebookOp::Move { key: key.clone(), domain: d.key.clone() },
                            "Move construct".into(),
                            actions,
                        );
                    }
                }
            })
            .response
            .on_hover_text("The domain this construct belongs to");
    });
    ui.collapsing("Merge into another construct…", |ui| merge_section(ui, project, &key, draft, actions));
}

/// Merging the construct into another: every coding moves there and this one is retired.
fn merge_section(
    ui: &mut Ui,
    project: &Project,
    key: &ConstructKey,
    draft: &mut CodebookDraft,
    actions: &mut Vec<Action>,
) {
    let cb = project.codebook();
    ui.label(RichText::new("The construct that receives this one's codings (type to find it):").weak());
    let picked = super::picker::construct_picker(ui, cb, draft.merge_into.as_ref(), &mut draft.merge_picker, 130.0);
    if let Some(k) = picked.picked.filter(|k| k != key) {
        draft.merge_into = Some(k);
    }
    ui.horizontal(|ui| {
        let target = draft.merge_into.as_ref().filter(|k| *k != key).and_then(|k| cb.construct(k));
        ui.label(
            target.map_or_else(|| "No construct chosen".to_owned(), |t| format!("Into: {}", cb.display_path(&t.key))),
        );
        if let Some(into) = target.map(|t| t.key.clone())
            && ui
                .button("Merge")
                .on_hover_text("Moves every coding and retires this construct; one undoable step")
                .clicked()
        {
            edit(project, CodebookOp::Merge { from: key.clone(), into }, "Merge constructs".into(), actions);
            draft.merge_into = None;
            draft.merge_picker = super::state::PickerState::default();
        }
    });
}

/// Open coding: a construct the codebook does not have yet.
fn add_construct(ui: &mut Ui, project: &Project, draft: &mut CodebookDraft, actions: &mut Vec<Action>) {
    let cb = project.codebook();
    ui.heading("Add a construct");
    ui.label(RichText::new("Open coding: a construct the codebook does not have yet. Its key is made from the domain and the label and never changes.").weak());
    ui.horizontal(|ui| {
        let label = ui.label("Domain");
        let current = draft
            .new_domain
            .as_ref()
            .and_then(|d| cb.domain(d))
            .map_or_else(|| "choose".to_owned(), |d| format!("{}. {}", d.number, d.name));
        egui::ComboBox::from_id_salt("new-domain")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for d in &cb.domains {
                    ui.selectable_value(
                        &mut draft.new_domain,
                        Some(d.key.clone()),
                        format!("{}. {}", d.number, d.name),
                    );
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Domain of the new construct");
    });
    let l = ui.label("New label");
    ui.add(egui::TextEdit::singleline(&mut draft.new_label).desired_width(f32::INFINITY)).labelled_by(l.id);
    let dl = ui.label("New definition");
    ui.add(egui::TextEdit::multiline(&mut draft.new_definition).desired_rows(3).desired_width(f32::INFINITY))
        .labelled_by(dl.id);
    let ready = draft.new_domain.is_some() && !draft.new_label.trim().is_empty();
    if ui.add_enabled(ready, egui::Button::new("Add construct")).clicked()
        && let Some(domain) = draft.new_domain.clone()
    {
        edit(
            project,
            CodebookOp::Add { domain, label: draft.new_label.clone(), definition: draft.new_definition.clone() },
            format!("Add construct “{}”", draft.new_label.trim()),
            actions,
        );
        draft.new_label.clear();
        draft.new_definition.clear();
    }
}

/// The codebook's history, newest first.
fn history(ui: &mut Ui, project: &Project) {
    ui.heading("History");
    if project.codebook_history().is_empty() {
        ui.label(RichText::new("No changes yet.").weak());
    }
    for change in project.codebook_history().iter().rev() {
        ui.label(describe(project, change));
    }
}

/// The most characters of an imported code's (or a codebook's) name in a list, and in a
/// heading: another tool's file can name a code at any length.
const CODE_CHARS: usize = 60;
const HEADING_CHARS: usize = 120;
/// The most characters of an imported code's description, or a passage's comment, shown.
const DESCRIPTION_CHARS: usize = 4_000;

/// The codes imported from another tool, in their tree, with their passages.
fn imported_list(ui: &mut Ui, project: &Project, draft: &mut CodebookDraft) {
    let cb = project.codebook();
    if cb.imported.is_empty() {
        return;
    }
    let waiting = project.imported_codings().len();
    let header = RichText::new(format!("Imported codes ({}) · {waiting} passages to map", cb.imported.len())).strong();
    egui::CollapsingHeader::new(header).id_salt("imported-codes").show(ui, |ui| {
        ui.label(RichText::new("Codes from another QDA tool that stand for no construct yet. Their passages are kept; select one to see them and map it.").small().weak());
        imported_tree(ui, project, draft);
    });
    ui.add_space(4.0);
}

fn imported_tree(ui: &mut Ui, project: &Project, draft: &mut CodebookDraft) {
    let cb = project.codebook();
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for m in project.imported_codings().values() {
        *counts.entry(m.code.as_str()).or_default() += 1;
    }
    for code in &cb.imported {
        let mut depth = 0usize;
        let mut at = code.parent.as_deref();
        while let Some(p) = at {
            depth += 1;
            at = cb.imported_code(p).and_then(|c| c.parent.as_deref()).filter(|_| depth < 32);
        }
        let n = counts.get(code.key.as_str()).copied().unwrap_or(0);
        ui.horizontal(|ui| {
            ui.add_space(depth as f32 * 12.0);
            let colour =
                code.color.as_deref().and_then(|c| egui::Color32::from_hex(c).ok()).unwrap_or(egui::Color32::GRAY);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, colour);
            // A name of any length (from another tool's file) is cut; the whole on hover.
            let name = theme::cut(&code.name, CODE_CHARS);
            let text = if n == 0 { RichText::new(name).weak() } else { RichText::new(format!("{name} ({n})")) };
            let row = ui.selectable_label(draft.imported.as_deref() == Some(code.key.as_str()), text);
            if theme::whole_on_hover(row, &code.name, CODE_CHARS).clicked() {
                draft.imported = Some(code.key.clone());
                draft.selected = None;
            }
        });
    }
}

/// One imported code: where it came from, its passages, and mapping them to a construct.
fn imported_detail(ui: &mut Ui, project: &Project, key: &str, draft: &mut CodebookDraft, actions: &mut Vec<Action>) {
    let cb = project.codebook();
    let Some(code) = cb.imported_code(key) else {
        draft.imported = None;
        return;
    };
    theme::whole_on_hover(ui.heading(theme::cut(&code.name, HEADING_CHARS)), &code.name, HEADING_CHARS);
    ui.label(
        RichText::new(format!(
            "{} · from {}",
            theme::cut(&cb.imported_path(key), HEADING_CHARS),
            if code.origin.is_empty() { "another tool".to_owned() } else { theme::cut(&code.origin, CODE_CHARS) }
        ))
        .weak(),
    );
    if !code.description.is_empty() {
        ui.label(crate::model::text::ellipsize(&code.description, DESCRIPTION_CHARS));
    }
    if !code.sets.is_empty() {
        ui.label(RichText::new(format!("Sets: {}", theme::cut(&code.sets.join(", "), HEADING_CHARS))).weak());
    }
    let passages: Vec<_> = project.imported_with(key).collect();
    ui.add_space(6.0);
    ui.label(RichText::new(crate::model::text::counted(passages.len(), "passage")).strong());
    for m in passages.iter().take(200) {
        let title = project.document(m.document).map_or_else(String::new, |d| theme::cut(&d.title, HEADING_CHARS));
        let quote = match &m.anchor {
            Anchor::Text(t) => crate::model::text::ellipsize(&crate::model::text::one_line(&t.quote), 160),
            Anchor::Document => "(the whole article)".to_owned(),
        };
        ui.label(RichText::new(format!("“{quote}”")).italics());
        let who = if m.coder.is_empty() { String::new() } else { format!(" · {}", theme::cut(&m.coder, CODE_CHARS)) };
        ui.label(RichText::new(format!("{title}{who}")).small().weak());
        if !m.comment.is_empty() {
            ui.label(RichText::new(crate::model::text::ellipsize(&m.comment, DESCRIPTION_CHARS)).small());
        }
        ui.add_space(3.0);
    }
    if passages.len() > 200 {
        ui.label(RichText::new(format!("… and {} more", passages.len() - 200)).weak());
    }
    if passages.is_empty() {
        return;
    }
    ui.separator();
    ui.heading("Map to a construct");
    ui.label(RichText::new("Every passage of this code becomes a coding of the construct, with the valence chosen here; one undoable step. The code stays listed.").weak());
    let picked = super::picker::construct_picker(ui, cb, draft.map_to.as_ref(), &mut draft.map_picker, 150.0);
    if let Some(k) = picked.picked {
        draft.map_to = Some(k);
    }
    ui.horizontal(|ui| {
        ui.label("Valence");
        for v in Valence::ALL {
            ui.selectable_value(&mut draft.map_valence, Some(v), v.label());
        }
    });
    let target = draft.map_to.as_ref().and_then(|k| cb.construct(k));
    ui.label(target.map_or_else(|| "No construct chosen".to_owned(), |t| format!("Into: {}", cb.display_path(&t.key))));
    if let (Some(t), Some(valence)) = (target, draft.map_valence)
        && ui.button(format!("Map {} passages", passages.len())).clicked()
    {
        let mut edits = Vec::new();
        for (next, m) in (project.next_coding_id().0..).zip(&passages) {
            edits.push(Edit::RemoveImportedCoding(m.id));
            edits.push(Edit::AddCoding(Coding {
                id: crate::model::CodingId(next),
                document: m.document,
                anchor: m.anchor.clone(),
                construct: t.key.clone(),
                valence,
                comment: m.comment.clone(),
                coder: m.coder.clone(),
                created: m.created.clone(),
                provenance: vec![format!("mapped from imported code “{}”", code.name)],
            }));
        }
        actions.push(Action::Edit {
            edit: Edit::Batch(edits),
            label: format!("Map “{}” to “{}”", theme::cut(&code.name, CODE_CHARS), t.label),
        });
        draft.map_to = None;
        draft.map_valence = None;
        draft.map_picker = super::state::PickerState::default();
    }
}
