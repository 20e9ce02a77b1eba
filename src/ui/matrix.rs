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
/// The widest the first column gets; it narrows, down to [`MIN_LABEL`], so that every
/// construct fits beside it when the window allows.
const LABEL: f32 = 280.0;
const MIN_LABEL: f32 = 150.0;
const HEADER: f32 = 190.0;
const BAND: f32 = 22.0;

/// Shows the matrix view.
pub fn matrix_view(ui: &mut Ui, project: &Project, derived: &Derived, state: &mut UiState, actions: &mut Vec<Action>) {
    toolbar(ui, state, actions);
    let matrix = if state.matrix_by_study { &derived.matrix_studies } else { &derived.matrix_articles };
    let Some(m) = matrix else { return };
    if m.rows.is_empty() {
        ui.label(RichText::new("No articles yet.").weak());
        return;
    }
    #[allow(clippy::cast_precision_loss)]
    let columns = CELL * m.columns.len() as f32;
    let label = label_width(ui.available_width() - ui.spacing().scroll.allocated_width(), columns);
    #[allow(clippy::cast_precision_loss)]
    let size = Vec2::new(label + columns, BAND + HEADER + ROW * m.rows.len() as f32);
    let unit = if state.matrix_by_study { "studies" } else { "articles" };
    ScrollArea::both().id_salt("matrix").auto_shrink([false, false]).show_viewport(ui, |ui, viewport| {
        let (whole, response) = ui.allocate_exact_size(size, Sense::hover());
        response.widget_info(|| {
            let what = format!("Matrix of {} {unit} by {} constructs", m.rows.len(), m.columns.len());
            egui::WidgetInfo::labeled(egui::Role::Table, true, what)
        });
        let grid = Grid::new(whole, viewport, m.rows.len(), label);
        let painter = ui.painter().clone();
        cells(ui, &painter, &grid, m);
        row_labels(ui, &painter, &grid, m);
        header(ui, &painter, &grid, m, project, unit);
        if let Some(p) = response.hover_pos() {
            hover(&grid, m, project, p, response);
        }
    });
}

/// The width of the first column in a view `available` wide beside grid columns
/// `columns` wide: all it can have up to [`LABEL`], never under [`MIN_LABEL`].
fn label_width(available: f32, columns: f32) -> f32 {
    (available - columns).clamp(MIN_LABEL, LABEL)
}

/// Rows (articles or studies), the legend and the export.
fn toolbar(ui: &mut Ui, state: &mut UiState, actions: &mut Vec<Action>) {
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
}

/// Where the grid is on screen: the header and the first column stay in view (frozen) while
/// the cells scroll, and only the rows in view are drawn.
struct Grid {
    whole: Rect,
    viewport: Rect,
    /// The width of the first column (the row labels).
    label: f32,
    /// The top and left of what is in view, on screen.
    top: f32,
    left: f32,
    first_row: usize,
    last_row: usize,
}

impl Grid {
    fn new(whole: Rect, viewport: Rect, rows: usize, label: f32) -> Self {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let first_row = ((viewport.min.y / ROW).floor().max(0.0)) as usize;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let last_row = (((viewport.max.y - BAND - HEADER) / ROW).ceil().max(0.0) as usize + 1).min(rows);
        Self {
            whole,
            viewport,
            label,
            top: whole.min.y + viewport.min.y,
            left: whole.min.x + viewport.min.x,
            first_row,
            last_row,
        }
    }

    fn col_x(&self, i: usize) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let x = self.whole.min.x + self.label + CELL * i as f32;
        x
    }

    fn row_y(&self, i: usize) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let y = self.top + BAND + HEADER + ROW * i as f32 - self.viewport.min.y;
        y
    }
}

/// The cells in view, striped by row, each coloured by its valence.
fn cells(ui: &Ui, painter: &egui::Painter, grid: &Grid, m: &crate::analysis::Matrix) {
    let clip = painter.clip_rect();
    let line = Stroke::new(0.5, ui.visuals().widgets.noninteractive.bg_stroke.color);
    for r in grid.first_row..grid.last_row {
        let y = grid.row_y(r);
        if r % 2 == 1 {
            let stripe = Rect::from_min_size(Pos2::new(grid.whole.min.x, y), Vec2::new(grid.whole.width(), ROW));
            painter.rect_filled(stripe, 0.0, ui.visuals().faint_bg_color);
        }
        for (c, cell) in m.rows[r].cells.iter().enumerate() {
            let cell_rect = Rect::from_min_size(Pos2::new(grid.col_x(c), y), Vec2::new(CELL, ROW));
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
}

/// The frozen first column: each row's label.
fn row_labels(ui: &Ui, painter: &egui::Painter, grid: &Grid, m: &crate::analysis::Matrix) {
    let (top, left) = (grid.top, grid.left);
    let column = Rect::from_min_max(Pos2::new(left, top), Pos2::new(left + grid.label, top + grid.viewport.height()));
    painter.rect_filled(column, 0.0, ui.visuals().panel_fill);
    let colour = ui.visuals().text_color();
    for r in grid.first_row..grid.last_row {
        // Bounded before it is laid out (a name can be megabytes), then cut to the column.
        let text = crate::model::text::ellipsize(&m.rows[r].label, 120);
        let galley = painter.layout_job(egui::text::LayoutJob {
            wrap: egui::text::TextWrapping::truncate_at_width(grid.label - 12.0),
            ..egui::text::LayoutJob::simple_singleline(text, FontId::proportional(13.0), colour)
        });
        let at = Pos2::new(left + 6.0, grid.row_y(r) + ROW / 2.0 - galley.size().y / 2.0);
        painter.galley(at, galley, colour);
    }
}

/// The frozen header: domain bands, then construct labels turned upwards, and the count of
/// rows in the corner.
fn header(ui: &Ui, painter: &egui::Painter, grid: &Grid, m: &crate::analysis::Matrix, project: &Project, unit: &str) {
    let cb = project.codebook();
    let (top, left) = (grid.top, grid.left);
    let text = ui.visuals().text_color();
    let bg = ui.visuals().panel_fill;
    let band_area =
        Rect::from_min_max(Pos2::new(left, top), Pos2::new(left + grid.viewport.width(), top + BAND + HEADER));
    painter.rect_filled(band_area, 0.0, bg);
    let mut start = 0;
    while start < m.columns.len() {
        let domain = cb.construct(&m.columns[start]).map(|c| c.domain.clone());
        let mut end = start + 1;
        while end < m.columns.len() && cb.construct(&m.columns[end]).map(|c| c.domain.clone()) == domain {
            end += 1;
        }
        let band = Rect::from_min_max(Pos2::new(grid.col_x(start), top), Pos2::new(grid.col_x(end), top + BAND));
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
        let galley = painter.layout_no_wrap(crate::model::text::ellipsize(label, 30), FontId::proportional(12.0), text);
        let pos = Pos2::new(grid.col_x(c) + CELL / 2.0 - galley.size().y / 2.0, top + BAND + HEADER - 4.0);
        painter.add(Shape::Text(TextShape::new(pos, galley, text).with_angle(-std::f32::consts::FRAC_PI_2)));
    }
    painter.rect_filled(Rect::from_min_size(Pos2::new(left, top), Vec2::new(grid.label, BAND + HEADER)), 0.0, bg);
    painter.text(
        Pos2::new(left + 6.0, top + BAND + HEADER - 6.0),
        Align2::LEFT_BOTTOM,
        format!("{} {unit}", m.rows.len()),
        FontId::proportional(13.0),
        ui.visuals().weak_text_color(),
    );
}

/// Which cell is under the pointer: its row, construct and value.
fn hover(grid: &Grid, m: &crate::analysis::Matrix, project: &Project, p: Pos2, response: egui::Response) {
    let (top, left) = (grid.top, grid.left);
    let body = Rect::from_min_max(Pos2::new(left + grid.label, top + BAND + HEADER), grid.whole.max);
    if !body.contains(p) {
        return;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let c = ((p.x - grid.whole.min.x - grid.label) / CELL) as usize;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let r = ((p.y - (top + BAND + HEADER) + grid.viewport.min.y) / ROW) as usize;
    if let (Some(row), Some(key)) = (m.rows.get(r), m.columns.get(c)) {
        let value = row.cells.get(c).copied().flatten();
        response.on_hover_ui_at_pointer(|ui| {
            ui.label(RichText::new(crate::model::text::ellipsize(&row.label, 200)).strong());
            ui.label(project.codebook().display_path(key));
            ui.label(value.map_or("not coded", |v| v.label()));
        });
    }
}
