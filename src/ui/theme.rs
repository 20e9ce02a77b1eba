//! Colours, sizes and fonts, in one place. Valence colours come from the Okabe-Ito palette,
//! which stays distinguishable for the common forms of colour blindness; every valence is
//! also written out (B, F, B/F) so colour is never the only cue.

use crate::model::Valence;
use egui::{
    Color32, CornerRadius, FontFamily, FontId, Response, RichText, Sense, Stroke, TextStyle, Ui, Vec2, WidgetText,
};

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

/// The projector palette: darker, so that a washed-out projector keeps them apart from the
/// page and from each other, and chosen so that they stay far apart under deuteranopia and
/// protanopia too (checked in the tests below). Barrier: dark vermillion.
pub const BARRIER_PROJECTOR: Color32 = Color32::from_rgb(192, 64, 0);
/// Facilitator on a projector: strong blue.
pub const FACILITATOR_PROJECTOR: Color32 = Color32::from_rgb(0, 90, 181);
/// Both on a projector: near black (distinct from the others by lightness alone).
pub const BOTH_PROJECTOR: Color32 = Color32::from_rgb(30, 30, 30);

/// Whether presentation mode (the projector palette) is on, for every view at once.
static PRESENTATION: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Switches the projector palette on or off.
pub fn set_presentation(on: bool) {
    PRESENTATION.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether the projector palette is on.
#[must_use]
pub fn presentation() -> bool {
    PRESENTATION.load(std::sync::atomic::Ordering::Relaxed)
}

/// The zoom of presentation mode: larger text and strokes, readable from the back of a room.
pub const PRESENTATION_ZOOM: f32 = 1.35;

/// The solid colour of a valence (the projector palette in presentation mode).
#[must_use]
pub fn valence_color(v: Valence) -> Color32 {
    match (v, presentation()) {
        (Valence::Barrier, false) => BARRIER,
        (Valence::Facilitator, false) => FACILITATOR,
        (Valence::Both, false) => BOTH,
        (Valence::Barrier, true) => BARRIER_PROJECTOR,
        (Valence::Facilitator, true) => FACILITATOR_PROJECTOR,
        (Valence::Both, true) => BOTH_PROJECTOR,
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
    // Both themes' styles: a style set for the current theme only is lost when the theme
    // changes (and a test harness runs with its own).
    ctx.all_styles_mut(|style| {
        style.text_styles.insert(TextStyle::Body, FontId::new(14.5, FontFamily::Proportional));
        style.text_styles.insert(TextStyle::Button, FontId::new(14.5, FontFamily::Proportional));
        style.text_styles.insert(TextStyle::Heading, FontId::new(21.0, FontFamily::Proportional));
        style.text_styles.insert(TextStyle::Small, FontId::new(12.0, FontFamily::Proportional));
        style.spacing.item_spacing = Vec2::new(8.0, 6.0);
        style.spacing.button_padding = Vec2::new(8.0, 4.0);
    });
}

/// A checkbox whose box can be seen on the light theme's pale panels and menus: egui draws an
/// unticked box there as a light grey square with no outline, which reads as nothing.
pub fn checkbox(ui: &mut Ui, checked: &mut bool, text: impl Into<WidgetText>) -> Response {
    outlined(ui, |ui| ui.checkbox(checked, text))
}

/// A radio button whose circle can be seen on the light theme, as [`checkbox`].
pub fn radio_value<V: PartialEq>(
    ui: &mut Ui,
    current: &mut V,
    alternative: V,
    text: impl Into<WidgetText>,
) -> Response {
    outlined(ui, |ui| ui.radio_value(current, alternative, text))
}

/// Adds a widget with an outline while it is not hovered, on the light theme.
fn outlined(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    ui.scope(|ui| {
        if !ui.visuals().dark_mode {
            ui.visuals_mut().widgets.inactive.bg_stroke = Stroke::new(1.0, CHECKBOX_OUTLINE);
        }
        add(ui)
    })
    .inner
}

/// The outline of an unticked checkbox or radio button on the light theme: about as dark as
/// the hovered one's, lighter than text.
const CHECKBOX_OUTLINE: Color32 = Color32::from_gray(140);

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

/// How wide `text` is laid out on one line in `style` (for sizing what sits beside it).
pub fn text_width(ui: &Ui, text: &str, style: &TextStyle) -> f32 {
    let font = style.resolve(ui.style());
    let color = ui.visuals().text_color();
    ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, color).size().x)
}

/// The area of a view beside its side panel, kept clear of the panel's edge.
pub fn beside_panel<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::new().inner_margin(egui::Margin { left: 12, ..egui::Margin::ZERO }).show(ui, add).inner
}

/// The most characters of a construct's label or a domain's name in a list or a heading.
pub const LABEL_CHARS: usize = 80;
/// The most characters of a definition or a description shown, and of a text shown on hover
/// in place of one cut for showing. A codebook or project file can make any of them any
/// length.
pub const DEFINITION_CHARS: usize = 1_000;

/// `full` on one line, cut to `max` characters (with an ellipsis) for showing: names and
/// values from files can be any length.
#[must_use]
pub fn cut(full: &str, max: usize) -> String {
    crate::model::text::ellipsize(&crate::model::text::one_line(full), max)
}

/// The whole of `full` (up to a bound) on hover, when what `response` shows was cut at `max`.
pub fn whole_on_hover(response: Response, full: &str, max: usize) -> Response {
    if full.chars().nth(max).is_some() { response.on_hover_text(cut(full, DEFINITION_CHARS)) } else { response }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// sRGB to linear light.
    fn linear(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    }

    /// How a colour looks with a colour-vision deficiency (Machado, Oliveira and Fernandes
    /// 2009, severity 1), in linear RGB.
    fn simulate(c: Color32, m: [[f64; 3]; 3]) -> [f64; 3] {
        let l = [linear(c.r()), linear(c.g()), linear(c.b())];
        m.map(|row| row[0] * l[0] + row[1] * l[1] + row[2] * l[2])
    }

    /// CIE L*a*b* of a linear RGB colour (D65).
    fn lab(l: [f64; 3]) -> [f64; 3] {
        let x = (0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2]) / 0.950_47;
        let y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
        let z = (0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2]) / 1.088_83;
        let f = |t: f64| if t > 0.008_856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
        [116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))]
    }

    const NORMAL: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    const DEUTERANOPIA: [[f64; 3]; 3] =
        [[0.367_322, 0.860_646, -0.227_968], [0.280_085, 0.672_501, 0.047_413], [-0.011_820, 0.042_940, 0.968_881]];
    const PROTANOPIA: [[f64; 3]; 3] =
        [[0.152_286, 1.052_583, -0.204_868], [0.114_503, 0.786_281, 0.099_216], [-0.003_882, -0.048_116, 1.051_998]];

    /// The smallest colour difference (CIE76) between two valences, over normal vision,
    /// deuteranopia and protanopia.
    fn smallest_difference(palette: [Color32; 3]) -> f64 {
        let mut least = f64::MAX;
        for m in [NORMAL, DEUTERANOPIA, PROTANOPIA] {
            for (a, b) in [(0, 1), (0, 2), (1, 2)] {
                let (p, q) = (lab(simulate(palette[a], m)), lab(simulate(palette[b], m)));
                let d = ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt();
                least = least.min(d);
            }
        }
        least
    }

    fn contrast_with_white(c: Color32) -> f64 {
        let y = 0.2126 * linear(c.r()) + 0.7152 * linear(c.g()) + 0.0722 * linear(c.b());
        1.05 / (y + 0.05)
    }

    #[test]
    fn valences_stay_apart_for_colour_blind_viewers() {
        // About 2.3 is a just-noticeable difference; these are tens of times that.
        assert!(smallest_difference([BARRIER, FACILITATOR, BOTH]) > 20.0);
        let projector = [BARRIER_PROJECTOR, FACILITATOR_PROJECTOR, BOTH_PROJECTOR];
        assert!(smallest_difference(projector) > 50.0, "{}", smallest_difference(projector));
        // Marks and chips on a projected white page: at least WCAG's 4.5:1 for text.
        assert!(projector.iter().all(|c| contrast_with_white(*c) >= 4.5));
    }

    #[test]
    fn the_palette_switches_with_presentation_mode() {
        set_presentation(true);
        let on = valence_color(Valence::Both);
        set_presentation(false);
        assert_eq!((on, valence_color(Valence::Both)), (BOTH_PROJECTOR, BOTH));
    }

    /// The app's text sizes hold in the light and the dark theme alike: a style set for the
    /// current theme only is replaced by egui's defaults when the theme changes (and a test
    /// harness, which runs in its own theme, would lay out smaller text than the window).
    #[test]
    fn the_text_sizes_hold_in_both_themes() {
        let ctx = egui::Context::default();
        install(&ctx);
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            let style = ctx.style_of(theme);
            let sizes = [TextStyle::Body, TextStyle::Heading].map(|t| t.resolve(&style).size);
            assert!((sizes[0] - 14.5).abs() < 1e-3 && (sizes[1] - 21.0).abs() < 1e-3, "{theme:?}: {sizes:?}");
        }
    }

    /// Whether `add`, drawn in `theme`, paints a shape outlined in [`CHECKBOX_OUTLINE`].
    fn paints_outline(theme: egui::Theme, mut add: impl FnMut(&mut Ui)) -> bool {
        let ctx = egui::Context::default();
        ctx.set_theme(theme);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| add(ui));
        // No painter here to take the font atlas.
        output.textures_delta.clear();
        let outline = |s: &Stroke| s.width >= 1.0 && s.color == CHECKBOX_OUTLINE;
        output.shapes.iter().any(|s| match &s.shape {
            egui::Shape::Rect(r) => outline(&r.stroke),
            egui::Shape::Circle(c) => outline(&c.stroke),
            _ => false,
        })
    }

    #[test]
    fn unticked_checkboxes_and_radio_buttons_are_outlined_on_the_light_theme_only() {
        let unticked = |ui: &mut Ui| {
            checkbox(ui, &mut false, "a field");
        };
        let not_chosen = |ui: &mut Ui| {
            radio_value(ui, &mut 1, 2, "another");
        };
        assert!(paints_outline(egui::Theme::Light, unticked));
        assert!(paints_outline(egui::Theme::Light, not_chosen));
        // The dark theme's boxes stand out from its panels as they are.
        assert!(!paints_outline(egui::Theme::Dark, unticked));
        assert!(!paints_outline(egui::Theme::Dark, not_chosen));
    }
}
