//! The suggestions block of the coding form: the three likeliest constructs for the
//! selected passage, each with why (the most similar passages coded with it, one click to
//! open; the words of its definition that matched), chosen with a click or with 1, 2, 3.
//! Nothing is applied until the coder confirms the coding.

use super::reader::scroll_target;
use super::state::UiState;
use super::theme;
use crate::analysis::suggest::Suggestion;
use crate::model::{Project, text};
use egui::{Key, RichText, Ui};

const KEYS: [Key; 3] = [Key::Num1, Key::Num2, Key::Num3];

/// Shows the suggestions (or that they are on their way, or off) above the construct
/// picker.
pub fn suggestions(ui: &mut Ui, project: &Project, list: Option<&[Suggestion]>, state: &mut UiState) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Suggestions").strong());
        let (text, hint) = if state.suggestions_off {
            ("show", "Suggest constructs from this project's codings and the codebook's definitions")
        } else {
            ("hide", "Stop suggesting constructs (computed on this computer only; nothing leaves it)")
        };
        if ui.small_button(text).on_hover_text(hint).clicked() {
            state.suggestions_off = !state.suggestions_off;
        }
    });
    if state.suggestions_off {
        return;
    }
    let Some(list) = list else {
        ui.label(RichText::new("Looking for similar passages…").small().weak());
        return;
    };
    if list.is_empty() {
        ui.label(
            RichText::new("Nothing to go on: the passage shares no words with the codings or definitions.")
                .small()
                .weak(),
        );
        return;
    }
    let cb = project.codebook();
    let mut chosen = None;
    for (i, s) in list.iter().enumerate() {
        let Some(construct) = cb.construct(&s.construct) else { continue };
        let number = cb.domain_of(&s.construct).map_or("", |d| d.number.as_str());
        let picked = state.form.construct.as_ref() == Some(&s.construct)
            && (s.valence.is_none() || state.form.valence == s.valence);
        ui.horizontal_wrapped(|ui| {
            let title = format!("{}  {number} · {}", i + 1, theme::cut(&construct.label, theme::LABEL_CHARS));
            let r = ui.selectable_label(picked, RichText::new(title).strong()).on_hover_text(format!(
                "{}\n\nPress {} to choose it",
                crate::model::text::ellipsize(&construct.definition, theme::DEFINITION_CHARS),
                i + 1
            ));
            if r.clicked() {
                chosen = Some(i);
            }
            if let Some(v) = s.valence {
                ui.label(RichText::new(v.label()).small().color(theme::valence_color(v)))
                    .on_hover_text("The similar passages were coded with this valence");
            }
        });
        ui.indent(("why", i), |ui| why(ui, project, s, state));
    }
    if !ui.ctx().egui_wants_keyboard_input() {
        ui.input_mut(|inp| {
            for (i, key) in KEYS.iter().enumerate().take(list.len()) {
                if inp.consume_key(egui::Modifiers::NONE, *key) {
                    chosen = Some(i);
                }
            }
        });
    }
    if let Some(s) = chosen.and_then(|i| list.get(i)) {
        state.form.construct = Some(s.construct.clone());
        if s.valence.is_some() {
            state.form.valence = s.valence;
        }
        state.form.picker.query.clear();
    }
    ui.add_space(4.0);
}

/// Why a construct is suggested: its similar passages (click opens one) and its matched
/// definition words.
fn why(ui: &mut Ui, project: &Project, s: &Suggestion, state: &mut UiState) {
    for similar in &s.similar {
        let Some(coding) = project.coding(similar.coding) else { continue };
        let title = project.document(similar.document).map_or("", |d| d.title.as_str());
        let quote = text::ellipsize(&text::one_line(&similar.quote), 90);
        let r = ui
            .add(
                egui::Label::new(RichText::new(format!("like “{quote}”")).small().italics())
                    .sense(egui::Sense::click()),
            )
            .on_hover_text(format!(
                "{}\n\n{} · {}\nClick to open this coding",
                text::ellipsize(&text::one_line(&similar.quote), 600),
                text::ellipsize(title, 80),
                coding.valence
            ));
        if r.hovered() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
        }
        if r.clicked() {
            state.focus_coding(coding.id, coding.document, scroll_target(coding));
        }
    }
    if !s.definition_words.is_empty() {
        ui.label(RichText::new(format!("definition: {}", s.definition_words.join(", "))).small().weak());
    }
}
