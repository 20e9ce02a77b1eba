//! The live nested-domain diagram (the paper's Fig. 1), painted from the layout computed in
//! `analysis::diagram`. Each domain shows its counts and its barrier/facilitator balance;
//! each construct its counts. Hovering shows the definition and counts; clicking a domain
//! or construct narrows the coding list and the tallies to it.

use super::state::{Focus, UiState};
use super::tallies::{focus_chip, level_switch};
use super::theme;
use crate::analysis::diagram::{DiagramLayout, DomainBox, URect};
use crate::analysis::{Counts, Derived, Tallies};
use crate::model::{Codebook, Level as DomainLevel, Project};
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, RichText, Role, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo,
};

/// Fill and stroke of a domain by its level.
fn domain_colors(level: DomainLevel, layer: u8) -> (Color32, Color32) {
    match (level, layer) {
        (DomainLevel::Macro, _) => (Color32::from_rgb(233, 238, 244), Color32::from_rgb(110, 128, 150)),
        (DomainLevel::Meso, _) => (Color32::from_rgb(220, 229, 238), Color32::from_rgb(100, 118, 142)),
        (DomainLevel::Micro, _) => (Color32::from_rgb(205, 219, 233), Color32::from_rgb(88, 108, 134)),
        (DomainLevel::CrossLevel, 1) => {
            (Color32::from_rgba_unmultiplied(255, 255, 255, 236), Color32::from_rgb(47, 107, 107))
        }
        (DomainLevel::CrossLevel, _) => (Color32::from_rgb(244, 232, 238), Color32::from_rgb(142, 90, 115)),
    }
}

/// A thin bar split into barrier, facilitator and both, in proportion.
fn balance_bar(painter: &egui::Painter, rect: Rect, counts: Counts) {
    let total = counts.total();
    painter.rect_filled(rect, 2.0, Color32::from_gray(225));
    if total == 0 {
        return;
    }
    let mut x = rect.left();
    for (n, color) in
        [(counts.barrier, theme::BARRIER), (counts.both, theme::BOTH), (counts.facilitator, theme::FACILITATOR)]
    {
        #[allow(clippy::cast_precision_loss)]
        let w = rect.width() * n as f32 / total as f32;
        if w > 0.0 {
            painter.rect_filled(
                Rect::from_min_max(Pos2::new(x, rect.top()), Pos2::new(x + w, rect.bottom())),
                0.0,
                color,
            );
        }
        x += w;
    }
}

/// "B 3 · F 1 · B/F 0" as a short text.
fn counts_text(c: Counts) -> String {
    format!("B {} · F {} · B/F {}", c.barrier, c.facilitator, c.both)
}

fn counts_tooltip(ui: &mut Ui, counts: Counts, level: crate::analysis::Level) {
    ui.horizontal(|ui| {
        for (n, v) in [
            (counts.barrier, crate::model::Valence::Barrier),
            (counts.facilitator, crate::model::Valence::Facilitator),
            (counts.both, crate::model::Valence::Both),
        ] {
            theme::valence_chip(ui, v);
            ui.label(format!("{n}"));
        }
        ui.label(RichText::new(format!("{} {}", counts.total(), level.plural())).weak());
    });
}

/// Shows the diagram view.
pub fn diagram_view(ui: &mut Ui, project: &Project, derived: &Derived, state: &mut UiState) {
    let cb = project.codebook();
    ui.horizontal_wrapped(|ui| {
        level_switch(ui, state);
        ui.separator();
        for (v, label) in [(theme::BARRIER, "barrier"), (theme::FACILITATOR, "facilitator"), (theme::BOTH, "both")] {
            ui.label(RichText::new("■").color(v));
            ui.label(label);
        }
        ui.separator();
        ui.label(
            RichText::new("Rings: macro (outer), meso, micro. Click a domain or construct to focus on it.").weak(),
        );
    });
    focus_chip(ui, cb, state);
    let Some(layout) = &derived.diagram else { return };
    let tallies = derived.tallies(state.level);
    egui::ScrollArea::both().id_salt("diagram").auto_shrink([false, false]).show(ui, |ui| {
        let avail = ui.available_size();
        let fit = (avail.x / layout.width).min(avail.y / layout.height);
        let scale = fit.clamp(0.75, 1.6);
        // A window wider than the diagram's shape stretches it sideways (text keeps its
        // size), so long construct names get the room instead of an empty margin.
        let wide = (avail.x / layout.width).clamp(scale, scale * 1.6);
        let (rect, _) = ui.allocate_exact_size(Vec2::new(layout.width * wide, layout.height * scale), Sense::hover());
        paint(ui, rect, Vec2::new(wide, scale), layout, cb, tallies, state);
    });
}

#[allow(clippy::too_many_arguments)]
fn paint(
    ui: &mut Ui,
    rect: Rect,
    stretch: Vec2,
    layout: &DiagramLayout,
    cb: &Codebook,
    tallies: &Tallies,
    state: &mut UiState,
) {
    // Text and marks follow the vertical scale; boxes are stretched sideways to the window.
    let scale = stretch.y;
    let to_screen = |u: &URect| {
        Rect::from_min_max(rect.min + Vec2::new(u.x0, u.y0) * stretch, rect.min + Vec2::new(u.x1, u.y1) * stretch)
    };
    let painter = ui.painter_at(rect.expand(2.0));
    let text = ui.visuals().text_color();
    let weak = ui.visuals().weak_text_color();
    let mut clicked: Option<Focus> = None;
    for d in &layout.domains {
        let Some(domain) = cb.domain(&d.key) else { continue };
        let (fill, stroke) = domain_colors(domain.level, d.layer);
        let r = to_screen(&d.rect);
        let focused = matches!(&state.focus, Some(Focus::Domain(k)) if k == &d.key);
        if d.layer == 1 {
            painter.rect_filled(r.translate(Vec2::splat(3.0)), 8.0, Color32::from_black_alpha(30));
        }
        painter.rect(
            r,
            CornerRadius::same(8),
            fill,
            Stroke::new(if focused { 3.0 } else { 1.2 }, stroke),
            StrokeKind::Inside,
        );
        header(ui, &painter, d, scale, cb, tallies, &mut clicked, (text, weak, stroke), to_screen(&d.header));
        for (key, row) in &d.rows {
            let rr = to_screen(row);
            let counts = tallies.of(key);
            let c = cb.construct(key);
            let label = c.map_or(key.as_str(), |c| c.label.as_str());
            let id = ui.scope_id().with(("diagram-construct", key.as_str()));
            let response = ui.interact(rr, id, Sense::click());
            response.widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Construct {label}")));
            let is_focus = matches!(&state.focus, Some(Focus::Construct(k)) if k == key);
            if response.hovered() || is_focus {
                painter.rect_filled(rr, 3.0, Color32::from_white_alpha(if is_focus { 230 } else { 170 }));
            }
            if is_focus {
                painter.rect_stroke(rr, 3.0, Stroke::new(2.0, stroke), StrokeKind::Inside);
            }
            // Counts as three small marks at the right; the label fills the rest.
            let mark_w = 22.0 * scale;
            let mut x = rr.right() - 3.0 * mark_w - 2.0;
            for (n, color) in
                [(counts.barrier, theme::BARRIER), (counts.facilitator, theme::FACILITATOR), (counts.both, theme::BOTH)]
            {
                let m = Rect::from_min_size(
                    Pos2::new(x, rr.top() + 3.0 * scale),
                    Vec2::new(mark_w - 3.0, rr.height() - 6.0 * scale),
                );
                if n > 0 {
                    painter.rect_filled(m, 3.0, color);
                    painter.text(
                        m.center(),
                        Align2::CENTER_CENTER,
                        n.to_string(),
                        FontId::proportional(11.5 * scale),
                        Color32::WHITE,
                    );
                } else {
                    painter.rect_stroke(m, 3.0, Stroke::new(0.8, Color32::from_gray(200)), StrokeKind::Inside);
                }
                x += mark_w;
            }
            let label_rect = Rect::from_min_max(
                rr.min + Vec2::new(4.0 * scale, 0.0),
                Pos2::new(rr.right() - 3.0 * mark_w - 6.0, rr.bottom()),
            );
            let galley = painter.layout(
                label.to_owned(),
                FontId::proportional(12.5 * scale),
                if counts.total() > 0 { text } else { weak },
                f32::INFINITY,
            );
            let clipped = painter.with_clip_rect(label_rect.intersect(painter.clip_rect()));
            clipped.galley(Pos2::new(label_rect.left(), label_rect.center().y - galley.size().y / 2.0), galley, text);
            if response.clicked() {
                clicked = Some(Focus::Construct(key.clone()));
            }
            response.on_hover_ui(|ui| {
                ui.label(RichText::new(cb.display_path(key)).strong());
                if let Some(c) = c {
                    ui.label(crate::model::text::ellipsize(&c.definition, theme::DEFINITION_CHARS));
                }
                counts_tooltip(ui, counts, tallies.level);
            });
        }
    }
    if let Some(f) = clicked {
        state.focus = if state.focus.as_ref() == Some(&f) { None } else { Some(f) };
    }
}

/// A domain's header: number, name, level, counts and balance bar; clickable.
#[allow(clippy::too_many_arguments)]
fn header(
    ui: &mut Ui,
    painter: &egui::Painter,
    d: &DomainBox,
    scale: f32,
    cb: &Codebook,
    tallies: &Tallies,
    clicked: &mut Option<Focus>,
    (text, weak, stroke): (Color32, Color32, Color32),
    h: Rect,
) {
    let Some(domain) = cb.domain(&d.key) else { return };
    let counts = tallies.of_domain(&d.key);
    let id = ui.scope_id().with(("diagram-domain", d.key.as_str()));
    let response = ui.interact(h, id, Sense::click());
    // A codebook file can name a domain at any length: cut to stay within its box's header.
    let name = format!("{}. {}", domain.number, theme::cut(&domain.name, 60));
    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, format!("Domain {name}")));
    if response.hovered() {
        painter.rect_filled(h.shrink(2.0), 6.0, Color32::from_white_alpha(120));
    }
    let level = match domain.level {
        DomainLevel::CrossLevel if d.layer == 1 => "spans all levels".to_owned(),
        DomainLevel::CrossLevel => "acts across every domain".to_owned(),
        other => other.label().to_owned(),
    };
    painter.text(
        h.left_top() + Vec2::new(8.0 * scale, 5.0 * scale),
        Align2::LEFT_TOP,
        &name,
        FontId::proportional(14.5 * scale),
        text,
    );
    let name_w = painter.layout_no_wrap(name.clone(), FontId::proportional(14.5 * scale), text).size().x;
    let counts_galley = painter.layout_no_wrap(counts_text(counts), FontId::proportional(11.5 * scale), weak);
    let level_galley = painter.layout_no_wrap(level.clone(), FontId::proportional(11.5 * scale), stroke);
    // The level tag goes between name and counts only when there is room for it.
    let room = h.width() - 16.0 * scale - name_w - counts_galley.size().x;
    if room > level_galley.size().x + 14.0 * scale {
        painter.galley(h.left_top() + Vec2::new(14.0 * scale + name_w, 7.0 * scale), level_galley, stroke);
    }
    if room > 6.0 * scale {
        let pos = h.right_top() + Vec2::new(-8.0 * scale - counts_galley.size().x, 6.0 * scale);
        painter.galley(pos, counts_galley, weak);
    }
    let bar = Rect::from_min_max(
        h.left_bottom() + Vec2::new(8.0 * scale, -9.0 * scale),
        h.right_bottom() + Vec2::new(-8.0 * scale, -5.0 * scale),
    );
    balance_bar(painter, bar, counts);
    if response.clicked() {
        *clicked = Some(Focus::Domain(d.key.clone()));
    }
    response.on_hover_ui(|ui| {
        ui.label(RichText::new(format!("{name} ({level})")).strong());
        ui.label(crate::model::text::ellipsize(&domain.description, theme::DEFINITION_CHARS));
        counts_tooltip(ui, counts, tallies.level);
    });
}
