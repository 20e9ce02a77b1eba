//! The construct picker: the codebook's domains and constructs with their definitions,
//! filtered as the user types; arrow keys move through the matches, Enter takes one.

use super::state::PickerState;
use super::theme::{DEFINITION_CHARS, LABEL_CHARS};
use crate::model::{Codebook, Construct, ConstructKey, text};
use egui::{Key, RichText, ScrollArea, Ui};

/// The constructs matching a query (all words must appear in the label, key, definition or
/// domain name; case, accents and ligatures ignored), in codebook order. Retired
/// constructs are never offered.
#[must_use]
pub fn filter<'a>(codebook: &'a Codebook, query: &str) -> Vec<&'a Construct> {
    let words: Vec<String> = text::fold(query).split_whitespace().map(str::to_owned).collect();
    codebook
        .constructs
        .iter()
        .filter(|c| !c.retired)
        .filter(|c| {
            if words.is_empty() {
                return true;
            }
            let domain = codebook.domain(&c.domain).map(|d| format!("{} {}", d.number, d.name)).unwrap_or_default();
            let hay = text::fold(&format!("{} {} {} {}", c.label, c.key, c.definition, domain));
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}

/// What happened in the picker this frame.
#[derive(Default)]
pub struct PickerOutput {
    /// A construct was chosen (by click, or by Enter in the search field).
    pub picked: Option<ConstructKey>,
    /// Enter was pressed in the search field.
    pub enter: bool,
}

/// Shows the picker. `selected` is highlighted.
pub fn construct_picker(
    ui: &mut Ui,
    codebook: &Codebook,
    selected: Option<&ConstructKey>,
    state: &mut PickerState,
    max_height: f32,
) -> PickerOutput {
    let mut out = PickerOutput::default();
    // The label beside its field: a line less for the list under it.
    let response = ui
        .horizontal(|ui| {
            let label = ui.label("Find construct");
            let edit = egui::TextEdit::singleline(&mut state.query)
                .hint_text("type to filter, ↑↓ and Enter to choose")
                .desired_width(f32::INFINITY);
            ui.add(edit).labelled_by(label.id)
        })
        .inner;
    if std::mem::take(&mut state.focus) {
        response.request_focus();
    }
    if response.changed() {
        state.cursor = 0;
    }
    let matches = filter(codebook, &state.query);
    let searching = !state.query.trim().is_empty();
    if response.has_focus() && searching {
        ui.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                state.cursor = (state.cursor + 1).min(matches.len().saturating_sub(1));
            }
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                state.cursor = state.cursor.saturating_sub(1);
            }
        });
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        out.enter = true;
        if searching && let Some(c) = matches.get(state.cursor) {
            out.picked = Some(c.key.clone());
        }
    }
    if searching && matches.is_empty() {
        ui.label(RichText::new("No construct matches.").italics().weak());
    }
    ScrollArea::vertical().id_salt("construct-picker").max_height(max_height).auto_shrink([false, true]).show(
        ui,
        |ui| {
            for domain in &codebook.domains {
                let in_domain: Vec<(usize, &Construct)> =
                    matches.iter().enumerate().filter(|(_, c)| c.domain == domain.key).map(|(i, c)| (i, *c)).collect();
                if in_domain.is_empty() {
                    continue;
                }
                ui.add_space(4.0);
                // A codebook file can give names, labels and definitions of any length.
                let name = super::theme::cut(&domain.name, LABEL_CHARS);
                ui.label(RichText::new(format!("{}. {name}", domain.number)).strong().small())
                    .on_hover_text(text::ellipsize(&domain.description, DEFINITION_CHARS));
                for (i, c) in in_domain {
                    let is_selected = selected == Some(&c.key);
                    let is_cursor = searching && i == state.cursor;
                    let label = RichText::new(super::theme::cut(&c.label, LABEL_CHARS));
                    let text = if is_cursor { label.underline() } else { label };
                    let definition = text::ellipsize(&c.definition, DEFINITION_CHARS);
                    let r = ui.selectable_label(is_selected, text).on_hover_text(format!("{definition}\n\n{}", c.key));
                    if is_cursor {
                        r.scroll_to_me(None);
                    } else if is_selected && !searching && state.scrolled_to.as_ref() != Some(&c.key) {
                        // The choice is shown in the list, not only named above it.
                        r.scroll_to_me(Some(egui::Align::Center));
                        state.scrolled_to = Some(c.key.clone());
                    }
                    if r.clicked() {
                        out.picked = Some(c.key.clone());
                    }
                    if is_selected || is_cursor {
                        ui.label(RichText::new(definition).small().weak());
                    }
                }
            }
        },
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_matches_every_word_anywhere() {
        let cb = crate::persistence::default_codebook().unwrap();
        assert_eq!(filter(&cb, "").len(), 37);
        let keys: Vec<&str> = filter(&cb, "task-sharing role").iter().map(|c| c.key.as_str()).collect();
        assert!(keys.contains(&"intervention.tsp_role"), "{keys:?}");
        let stigma: Vec<&str> = filter(&cb, "STIGMA self").iter().map(|c| c.key.as_str()).collect();
        assert_eq!(stigma, vec!["stigma.self_stigma"]);
        assert!(filter(&cb, "zzzz").is_empty());
    }

    #[test]
    fn retired_constructs_are_not_offered() {
        let mut cb = crate::persistence::default_codebook().unwrap();
        cb.constructs[0].retired = true;
        assert_eq!(filter(&cb, "").len(), 36);
    }
}
