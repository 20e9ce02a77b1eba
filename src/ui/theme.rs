//! Colours, sizes and fonts, in one place. Valence colours come from the Okabe-Ito palette,
//! which stays distinguishable for the common forms of colour blindness; every valence is
//! also written out (B, F, B/F) so colour is never the only cue.

use crate::model::Valence;
use egui::{Color32, CornerRadius, FontFamily, FontId, Response, RichText, Sense, TextStyle, Ui, Vec2};

/// Barrier: Okabe-Ito vermillion.
pub const BARRIER: Color32 = Color32::from_rgb(213, 94, 0);
/// Facilitator: Okabe-Ito blue.
pub const FACILITATOR: Color32 = Color32::from_rgb(0, 114, 178);
/// Both: Okabe-Ito reddish purple.
pub const BOTH: Color32 = Color32::from_rgb(204, 121, 167);
/// Warnings (orphaned passages, import problems): Okabe-Ito orange.
pub const WARNING: Color32 = Color32::from_rgb(230, 159, 0);
/// Errors.
pub const ERROR: Color32 = Color32::from_rgb(190, 30, 45);
/// Text recognised by OCR: Okabe-Ito bluish green.
pub const OCR: Color32 = Color32::from_rgb(0, 130, 100);

/// Width of the reading column, in points.
pub const READING_WIDTH: f32 = 760.0;

/// The solid colour of a valence.
#[must_use]
pub fn valence_color(v: Valence) -> Color32 {
    match v {
        Valence::Barrier => BARRIER,
        Valence::Facilitator => FACILITATOR,
        Valence::Both => BOTH,
    }
}

/// The translucent fill used to highlight a coded passage.
#[must_use]
pub fn highlight_fill(v: Valence, emphasised: bool) -> Color32 {
    valence_color(v).gamma_multiply(if emphasised { 0.55 } else { 0.30 })
}

/// The fill of the current text selection: Okabe-Ito yellow, a colour no valence uses, so a
/// fresh selection never looks like a coded passage.
#[must_use]
pub fn selection_fill() -> Color32 {
    Color32::from_rgba_unmultiplied(240, 228, 66, 170)
}

/// The fill of a search hit (Okabe-Ito bluish green, used for nothing else); the current
/// hit is stronger.
#[must_use]
pub fn search_fill(current: bool) -> Color32 {
    if current {
        Color32::from_rgba_unmultiplied(0, 158, 115, 120)
    } else {
        Color32::from_rgba_unmultiplied(0, 158, 115, 55)
    }
}

/// The outline of the current search hit.
pub const SEARCH: Color32 = Color32::from_rgb(0, 158, 115);

/// The family used for article text.
const READING_FAMILY: &str = "reading";
use crate::assets::DEJAVU_SANS;

/// The font of article text.
#[must_use]
pub fn reading_font() -> FontId {
    FontId::new(15.5, FontFamily::Name(READING_FAMILY.into()))
}

/// Installs the app's fonts and style on a context.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert("dejavu-sans".into(), std::sync::Arc::new(egui::FontData::from_static(DEJAVU_SANS)));
    let proportional = fonts.families.entry(FontFamily::Proportional).or_default();
    proportional.push("dejavu-sans".into());
    let mut reading = vec!["dejavu-sans".to_owned()];
    reading.extend(proportional.iter().filter(|f| f.as_str() != "dejavu-sans").cloned());
    fonts.families.insert(FontFamily::Name(READING_FAMILY.into()), reading);
    ctx.set_fonts(fonts);
    ctx.global_style_mut(|style| {
        style.text_styles.insert(TextStyle::Body, FontId::new(14.5, FontFamily::Proportional));
        style.text_styles.insert(TextStyle::Button, FontId::new(14.5, FontFamily::Proportional));
        style.text_styles.insert(TextStyle::Heading, FontId::new(21.0, FontFamily::Proportional));
        style.text_styles.insert(TextStyle::Small, FontId::new(12.0, FontFamily::Proportional));
        style.spacing.item_spacing = Vec2::new(8.0, 6.0);
        style.spacing.button_padding = Vec2::new(8.0, 4.0);
    });
}

/// Height of a valence chip (12 pt text in a 1 pt margin).
pub const CHIP_HEIGHT: f32 = 18.0;

/// A small filled label with the valence's short mark (B, F, B/F).
pub fn valence_chip(ui: &mut Ui, v: Valence) -> Response {
    let text = RichText::new(v.short()).color(Color32::WHITE).strong().size(12.0);
    let frame = egui::Frame::new()
        .fill(valence_color(v))
        .corner_radius(CornerRadius::same(4))
        .inner_margin(egui::Margin::symmetric(5, 1));
    frame.show(ui, |ui| ui.label(text)).response.on_hover_text(v.label())
}

/// A button that shows a valence, filled when selected.
pub fn valence_button(ui: &mut Ui, v: Valence, selected: bool, shortcut: &str) -> Response {
    let color = valence_color(v);
    let text = format!("{}  ({shortcut})", v.label());
    let rich =
        if selected { RichText::new(text).color(Color32::WHITE).strong() } else { RichText::new(text).color(color) };
    let button = egui::Button::new(rich)
        .fill(if selected { color } else { ui.visuals().widgets.inactive.weak_bg_fill })
        .stroke(egui::Stroke::new(1.5, color))
        .sense(Sense::click());
    ui.add(button)
}
