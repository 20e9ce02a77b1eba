//! Offers of text recognition (OCR): a language to choose and a button, or, when Tesseract is
//! missing, how to install it. Shared by a failed import of a scanned PDF and by an article
//! whose pages have no text.

use super::view::OcrAvailability;
use egui::{RichText, Ui};

/// Shows the offer; returns the chosen language when the button is clicked.
pub fn ocr_offer(
    ui: &mut Ui,
    ocr: &OcrAvailability,
    language: &mut String,
    button: &str,
    enabled: bool,
) -> Option<String> {
    match ocr {
        OcrAvailability::Unknown => {
            ui.label(RichText::new("Looking for text recognition (Tesseract)…").small().weak());
            None
        }
        OcrAvailability::Unavailable(why) => {
            ui.label(RichText::new(format!("Text recognition cannot run here: {why}")).small().weak());
            None
        }
        OcrAvailability::Languages(langs) => {
            if !langs.contains(language) {
                language.clone_from(langs.iter().find(|l| *l == "eng").unwrap_or(&langs[0]));
            }
            let mut chosen = None;
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Language");
                egui::ComboBox::from_id_salt(("ocr-language", button))
                    .selected_text(language.as_str())
                    .show_ui(ui, |ui| {
                        for l in langs {
                            ui.selectable_value(language, l.clone(), l.as_str());
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text("The language the article is written in (Tesseract's language data)");
                if ui
                    .add_enabled(enabled, egui::Button::new(button))
                    .on_hover_text(
                        "Read the text from pictures of the pages with Tesseract; it can take a few seconds a page",
                    )
                    .clicked()
                {
                    chosen = Some(language.clone());
                }
            });
            chosen
        }
    }
}
