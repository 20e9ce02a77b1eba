//! The matrix grid: articles or studies (rows) by constructs (columns grouped by domain),
//! each cell B, F or B/F as in the paper's grid. Painted by hand so the header row and the
//! first column stay in place while the grid scrolls.

use super::action::{Action, TableExport};
use super::state::UiState;
use super::theme;
use crate::analysis::Derived;
use crate::model::{Project, Valence};
use egui::epaint::TextShape;
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, ScrollArea, Sense, Shape, Stroke, Ui, Vec2};

const CELL: f32 = 28.0;
const ROW: f32 = 24.0;
const LABEL: f32 = 280.0;
const HEADER: f32 = 190.0;
const BAND: f32 = 22.0;

/// Shows the matrix view.
pub fn matrix_view(ui: &mut Ui, project: &Project, derived: &Derived, state: &mut UiState, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.label("Rows");
        ui.selectable_value(&mut state.matrix_by_study, false, "articles");
        ui.selectable_value(&mut state.matrix_by_study, true, "studies");
        ui.separator();
        for v in Valence::ALL {
            theme::valence_chip(ui, v);
            ui.label(v.label());
        }
        ui.separator();
        if ui.button("Export CSV…").clicked() {
            actions.push(Action::ExportTableDialog(TableExport::Matrix { by_study: state.matrix_by_study }));
        }
    });
    let matrix = if state.matrix_by_study { &derived.matrix_studies } else { &derived.matrix_articles };
    let Some(m) = matrix else { return };
    if m.rows.is_empty() {
        ui.label(RichText::new("No articles yet.").weak());
        return;
    }
    let cb = project.codebook();
    #[allow(clippy::cast_precision_loss)]
    let size = Vec2::new(LABEL + CELL * m.columns.len() as f32, BAND + HEADER + ROW * m.rows.len() as f32);
    ScrollArea::both().id_salt("matrix").auto_shrink([false, false]).show_viewport(ui, |ui, viewport| {
        let (whole, response) = ui.allocate_exact_size(size, Sense::hover());
        let origin = whole.min;
        let painter = ui.painter().clone();
        let clip = painter.clip_rect();
        let text = ui.visuals().text_color();
        let line = Stroke::new(0.5, ui.visuals().widgets.noninteractive.bg_stroke.color);
        // Frozen offsets: header and first column follow the viewport.
        let top = origin.y + viewport.min.y;
        let left = origin.x + viewport.min.x;
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let first_row = ((viewport.min.y / ROW).floor().max(0.0)) as usize;
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let last_row = (((viewport.max.y - BAND - HEADER) / ROW).ceil().max(0.0) as usize + 1).min(m.rows.len());
        let col_x = |i: usize| {
            #[allow(clippy::cast_precision_loss)]
            let x = origin.x + LABEL + CELL * i as f32;
            x
        };
        let row_y = |i: usize| {
            #[allow(clippy::cast_precision_loss)]
            let y = top + BAND + HEADER + ROW * i as f32 - viewport.min.y;
            y
        };
        // Cells.
        for r in first_row..last_row {
            let y = row_y(r);
            if r % 2 == 1 {
                painter.rect_filled(
                    Rect::from_min_size(Pos2::new(origin.x, y), Vec2::new(size.x, ROW)),
                    0.0,
                    ui.visuals().faint_bg_color,
                );
            }
            for (c, cell) in m.rows[r].cells.iter().enumerate() {
                let cell_rect = Rect::from_min_size(Pos2::new(col_x(c), y), Vec2::new(CELL, ROW));
                if !clip.intersects(cell_rect) {
                    continue;
                }
                painter.rect_stroke(cell_rect, 0.0, line, egui::StrokeKind::Inside);
                if let Some(v) = cell {
                    painter.rect_filled(cell_rect.shrink(2.0), 3.0, theme::valence_color(*v));
                    painter.text(
                        cell_rect.center(),
                        Align2::CENTER_CENTER,
                        v.short(),
                        FontId::proportional(11.0),
                        Color32::WHITE,
                    );
                }
            }
        }
        // Frozen first column.
        let bg = ui.visuals().panel_fill;
        painter.rect_filled(
            Rect::from_min_max(Pos2::new(left, top), Pos2::new(left + LABEL, top + viewport.height())),
            0.0,
            bg,
        );
        for r in first_row..last_row {
            let y = row_y(r);
            let label = crate::model::text::ellipsize(&m.rows[r].label, 38);
            painter.text(
                Pos2::new(left + 6.0, y + ROW / 2.0),
                Align2::LEFT_CENTER,
                label,
                FontId::proportional(13.0),
                text,
            );
        }
        // Frozen header: domain bands, then construct labels turned upwards.
        painter.rect_filled(
            Rect::from_min_max(Pos2::new(left, top), Pos2::new(left + viewport.width(), top + BAND + HEADER)),
            0.0,
            bg,
        );
        let mut start = 0;
        while start < m.columns.len() {
            let domain = cb.construct(&m.columns[start]).map(|c| c.domain.clone());
            let mut end = start + 1;
            while end < m.columns.len() && cb.construct(&m.columns[end]).map(|c| c.domain.clone()) == domain {
                end += 1;
            }
            let band = Rect::from_min_max(Pos2::new(col_x(start), top), Pos2::new(col_x(end), top + BAND));
            painter.rect(
                band.shrink(1.0),
                3.0,
                Color32::from_rgb(220, 229, 238),
                Stroke::new(0.8, Color32::from_rgb(110, 128, 150)),
                egui::StrokeKind::Inside,
            );
            let name = domain.as_ref().and_then(|d| cb.domain(d)).map_or(String::new(), |d| d.number.clone());
            painter.text(band.center(), Align2::CENTER_CENTER, name, FontId::proportional(12.0), text);
            start = end;
        }
        for (c, key) in m.columns.iter().enumerate() {
            let label = cb.construct(key).map_or(key.as_str(), |k| k.label.as_str());
            let galley =
                painter.layout_no_wrap(crate::model::text::ellipsize(label, 30), FontId::proportional(12.0), text);
            let pos = Pos2::new(col_x(c) + CELL / 2.0 - galley.size().y / 2.0, top + BAND + HEADER - 4.0);
            painter.add(Shape::Text(TextShape::new(pos, galley, text).with_angle(-std::f32::consts::FRAC_PI_2)));
        }
        painter.rect_filled(Rect::from_min_size(Pos2::new(left, top), Vec2::new(LABEL, BAND + HEADER)), 0.0, bg);
        painter.text(
            Pos2::new(left + 6.0, top + BAND + HEADER - 6.0),
            Align2::LEFT_BOTTOM,
            format!("{} {}", m.rows.len(), if state.matrix_by_study { "studies" } else { "articles" }),
            FontId::proportional(13.0),
            ui.visuals().weak_text_color(),
        );
        // Hover: which cell.
        if let Some(p) = response.hover_pos() {
            let body = Rect::from_min_max(Pos2::new(left + LABEL, top + BAND + HEADER), whole.max);
            if body.contains(p) {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let c = ((p.x - origin.x - LABEL) / CELL) as usize;
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let r = ((p.y - (top + BAND + HEADER) + viewport.min.y) / ROW) as usize;
                if let (Some(row), Some(key)) = (m.rows.get(r), m.columns.get(c)) {
                    let value = row.cells.get(c).copied().flatten();
                    response.on_hover_ui_at_pointer(|ui| {
                        ui.label(RichText::new(&row.label).strong());
                        ui.label(cb.display_path(key));
                        ui.label(value.map_or("not coded", |v| v.label()));
                    });
                }
            }
        }
    });
}
