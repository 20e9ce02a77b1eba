//! The tallies view (the paper's Fig. 3): per construct, how many units report it as a
//! barrier only, a facilitator only, or both; as a table and as stacked horizontal bars in
//! the valence colours, grouped by domain, at the level the user picks.

use super::action::{Action, TableExport};
use super::state::{Focus, TallySort, UiState};
use super::theme;
use crate::analysis::tally::TallyRow;
use crate::analysis::{Derived, Level};
use crate::model::{Codebook, Project};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// The level switch (shared with the diagram).
pub fn level_switch(ui: &mut Ui, state: &mut UiState) {
    ui.label("Count");
    for level in Level::ALL {
        ui.selectable_value(&mut state.level, level, level.plural()).on_hover_text(match level {
            Level::Passage => "Every coded passage counts once",
            Level::Article => {
                "Each article counts once per construct; both valences, or a coding marked Both, make it Both"
            }
            Level::Study => "Each study (its articles together) counts once per construct, as in the paper",
        });
    }
}

/// The focus chip: what the view is narrowed to, with a button to clear it.
pub fn focus_chip(ui: &mut Ui, codebook: &Codebook, state: &mut UiState) {
    if let Some(focus) = &state.focus {
        let text = format!("Showing only: {}", focus.describe(codebook));
        egui::Frame::new()
            .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.3))
            .corner_radius(4)
            .inner_margin(4)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(text);
                    if ui.small_button("✕").on_hover_text("Show everything").clicked() {
                        state.focus = None;
                    }
                });
            });
    }
}

/// The rows to show, filtered by the focus and sorted.
#[must_use]
pub fn visible_rows<'a>(
    rows: &'a [TallyRow],
    codebook: &Codebook,
    focus: Option<&Focus>,
    sort: TallySort,
) -> Vec<&'a TallyRow> {
    let mut out: Vec<&TallyRow> = rows
        .iter()
        .filter(|r| focus.is_none_or(|f| f.includes(codebook, &r.construct)))
        .filter(|r| codebook.construct(&r.construct).is_some_and(|c| !c.retired) || r.counts.total() > 0)
        .collect();
    match sort {
        TallySort::Codebook => {}
        TallySort::Total => out.sort_by_key(|r| std::cmp::Reverse(r.counts.total())),
        TallySort::Barrier => out.sort_by_key(|r| std::cmp::Reverse(r.counts.barrier)),
        TallySort::Facilitator => out.sort_by_key(|r| std::cmp::Reverse(r.counts.facilitator)),
    }
    out
}

/// Shows the tallies view.
pub fn tallies_view(ui: &mut Ui, project: &Project, derived: &Derived, state: &mut UiState, actions: &mut Vec<Action>) {
    let cb = project.codebook();
    ui.horizontal_wrapped(|ui| {
        level_switch(ui, state);
        ui.separator();
        ui.label("Domain");
        let current = match &state.focus {
            Some(f) => f.describe(cb),
            None => "All domains".to_owned(),
        };
        egui::ComboBox::from_id_salt("tally-domain")
            .selected_text(current)
            .width(260.0)
            .show_ui(ui, |ui| {
                if ui.selectable_label(state.focus.is_none(), "All domains").clicked() {
                    state.focus = None;
                }
                for d in &cb.domains {
                    let f = Focus::Domain(d.key.clone());
                    let selected = state.focus.as_ref() == Some(&f);
                    if ui.selectable_label(selected, format!("{}. {}", d.number, d.name)).clicked() {
                        state.focus = Some(f);
                    }
                }
            })
            .response
            .on_hover_text("Show one domain");
        ui.separator();
        ui.label("Sort");
        for (sort, label) in [
            (TallySort::Codebook, "codebook order"),
            (TallySort::Total, "total"),
            (TallySort::Barrier, "barriers"),
            (TallySort::Facilitator, "facilitators"),
        ] {
            ui.selectable_value(&mut state.tally_sort, sort, label);
        }
        ui.separator();
        if ui.button("Export CSV…").clicked() {
            actions.push(Action::ExportTableDialog(TableExport::Tallies(state.level)));
        }
    });
    focus_chip(ui, cb, state);
    let tallies = derived.tallies(state.level);
    let rows = visible_rows(&tallies.rows, cb, state.focus.as_ref(), state.tally_sort);
    let units = match state.level {
        Level::Passage => project.codings().len(),
        Level::Article => project.documents().len(),
        Level::Study => project.studies().len(),
    };
    ui.label(
        RichText::new(format!(
            "{} {} in the project. Bars: barrier only, facilitator only, both.",
            units,
            state.level.plural()
        ))
        .weak(),
    );
    let grouped = state.tally_sort == TallySort::Codebook;
    let width = (ui.available_width() * 0.48).clamp(380.0, 640.0);
    egui::Panel::left("tally-table").resizable(true).default_size(width).show(ui, |ui| table(ui, cb, &rows, grouped));
    egui::CentralPanel::default().show(ui, |ui| chart(ui, cb, &rows, grouped, state.level));
}

fn table(ui: &mut Ui, cb: &Codebook, rows: &[&TallyRow], grouped: bool) {
    let mut lines: Vec<Option<&TallyRow>> = Vec::new();
    let mut last_domain = None;
    for r in rows {
        if grouped && last_domain != Some(&r.domain) {
            lines.push(None);
            last_domain = Some(&r.domain);
        }
        lines.push(Some(r));
    }
    let mut domain_for_header = rows.iter().map(|r| &r.domain).collect::<Vec<_>>();
    domain_for_header.dedup();
    let mut headers = domain_for_header.into_iter();
    TableBuilder::new(ui)
        .id_salt("tally-table")
        .striped(true)
        .column(Column::remainder().at_least(180.0).clip(true))
        .columns(Column::exact(80.0), 4)
        .header(22.0, |mut h| {
            h.col(|ui| {
                ui.strong("Construct");
            });
            for (label, color) in
                [("Barrier", theme::BARRIER), ("Facilitator", theme::FACILITATOR), ("Both", theme::BOTH)]
            {
                h.col(|ui| {
                    ui.label(RichText::new(label).strong().color(color));
                });
            }
            h.col(|ui| {
                ui.strong("Total");
            });
        })
        .body(|body| {
            body.rows(22.0, lines.len(), |mut row| match lines[row.index()] {
                None => {
                    let key = headers.next();
                    let d = key.and_then(|k| cb.domain(k));
                    // A codebook file can give a name or a definition of any length.
                    let name = d.map_or_else(String::new, |d| {
                        format!("{}. {}", d.number, theme::cut(&d.name, theme::LABEL_CHARS))
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(&name).strong()).on_hover_text(&name);
                    });
                    for _ in 0..4 {
                        row.col(|_| {});
                    }
                }
                Some(r) => {
                    let def = cb
                        .construct(&r.construct)
                        .map(|c| crate::model::text::ellipsize(&c.definition, theme::DEFINITION_CHARS))
                        .unwrap_or_default();
                    row.col(|ui| {
                        ui.label(theme::cut(&r.label, theme::LABEL_CHARS))
                            .on_hover_text(format!("{def}\n\n{}", r.construct));
                    });
                    for n in [r.counts.barrier, r.counts.facilitator, r.counts.both, r.counts.total()] {
                        row.col(|ui| {
                            ui.label(if n == 0 { RichText::new("·").weak() } else { RichText::new(n.to_string()) });
                        });
                    }
                }
            });
        });
}

/// A step for axis ticks: 1, 2 or 5 times a power of ten, giving at most `most` ticks up to `max`.
#[must_use]
pub fn tick_step(max: usize, most: usize) -> usize {
    let mut unit = 1;
    loop {
        for m in [1, 2, 5] {
            let step = unit * m;
            if max.div_ceil(step) <= most.max(1) {
                return step;
            }
        }
        unit *= 10;
    }
}

/// Row height of the chart, and the width of its label column.
const CHART_ROW: f32 = 22.0;
const CHART_LABELS: f32 = 250.0;

/// The chart: stacked horizontal bars (barrier, facilitator, both) on an axis of counts
/// with its values, a legend, and domain headings between groups (or the domain beside each
/// label when sorted otherwise). The axis and legend stay above the rows while they scroll.
fn chart(ui: &mut Ui, cb: &Codebook, rows: &[&TallyRow], grouped: bool, level: Level) {
    let max = rows.iter().map(|r| r.counts.total()).max().unwrap_or(0).max(1);
    let step = tick_step(max, 8);
    legend(ui, level);
    let (axis, _) = ui.allocate_exact_size(egui::vec2(ui.available_width(), 20.0), egui::Sense::hover());
    let scale = Scale::new(axis, step, max.div_ceil(step) * step);
    scale.paint_axis(ui, axis);
    // The rows, with a heading line before each domain's when grouped.
    let mut lines: Vec<Line<'_>> = Vec::new();
    for r in rows {
        if grouped && lines.iter().rev().find_map(Line::row).is_none_or(|last| last.domain != r.domain) {
            lines.push(Line::Heading(&r.domain));
        }
        lines.push(Line::Row(r));
    }
    egui::ScrollArea::vertical().id_salt("tally-chart-scroll").auto_shrink([false, false]).show_rows(
        ui,
        CHART_ROW,
        lines.len(),
        |ui, range| {
            for line in &lines[range] {
                let (rect, response) =
                    ui.allocate_exact_size(egui::vec2(ui.available_width(), CHART_ROW), egui::Sense::hover());
                scale.paint_grid(ui, rect);
                match line {
                    Line::Heading(k) => {
                        let name = cb.domain(k).map_or_else(String::new, |d| format!("{}. {}", d.number, d.name));
                        let colour = ui.visuals().text_color();
                        ui.painter().text(
                            rect.left_center(),
                            egui::Align2::LEFT_CENTER,
                            name,
                            egui::FontId::proportional(13.5),
                            colour,
                        );
                    }
                    Line::Row(r) => bar_row(ui, cb, r, grouped, level, &scale, rect, response),
                }
            }
        },
    );
}

/// A line of the chart: a domain's heading, or a construct's bar.
enum Line<'a> {
    Heading(&'a crate::model::DomainKey),
    Row(&'a TallyRow),
}

impl<'a> Line<'a> {
    fn row(&self) -> Option<&'a TallyRow> {
        match self {
            Line::Row(r) => Some(r),
            Line::Heading(_) => None,
        }
    }
}

/// What the colours mean and what a bar's length counts.
fn legend(ui: &mut Ui, level: Level) {
    ui.horizontal_wrapped(|ui| {
        for v in crate::model::Valence::ALL {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, theme::valence_color(v));
            ui.label(match v {
                crate::model::Valence::Barrier => "Barrier only",
                crate::model::Valence::Facilitator => "Facilitator only",
                crate::model::Valence::Both => "Both",
            });
            ui.add_space(8.0);
        }
        ui.label(RichText::new(format!("Bar length: number of {}", level.plural())).weak());
    });
}

/// The horizontal scale of the bars: where a count falls, its ticks and grid lines.
struct Scale {
    x0: f32,
    width: f32,
    step: usize,
    top: usize,
}

impl Scale {
    fn new(axis: egui::Rect, step: usize, top: usize) -> Self {
        let x0 = axis.left() + CHART_LABELS + 8.0;
        Self { x0, width: (axis.right() - x0 - 36.0).max(40.0), step, top }
    }

    fn x(&self, n: usize) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let x = self.x0 + self.width * (n as f32 / self.top as f32);
        x
    }

    /// The axis with its values.
    fn paint_axis(&self, ui: &Ui, axis: egui::Rect) {
        let (text, grid) = (ui.visuals().text_color(), ui.visuals().widgets.noninteractive.bg_stroke.color);
        let painter = ui.painter();
        for n in (0..=self.top).step_by(self.step) {
            let x = self.x(n);
            let at = egui::pos2(x, axis.center().y);
            painter.text(at, egui::Align2::CENTER_CENTER, n.to_string(), egui::FontId::proportional(12.0), text);
            painter.line_segment(
                [egui::pos2(x, axis.bottom() - 3.0), egui::pos2(x, axis.bottom())],
                egui::Stroke::new(1.0, grid),
            );
        }
        painter.line_segment(
            [egui::pos2(self.x0, axis.bottom()), egui::pos2(self.x(self.top), axis.bottom())],
            egui::Stroke::new(1.0, grid),
        );
    }

    /// Grid lines under a row's bars.
    fn paint_grid(&self, ui: &Ui, rect: egui::Rect) {
        let grid = ui.visuals().widgets.noninteractive.bg_stroke.color;
        for n in (self.step..=self.top).step_by(self.step) {
            let x = self.x(n);
            ui.painter()
                .line_segment([egui::pos2(x, rect.top()), egui::pos2(x, rect.bottom())], egui::Stroke::new(0.5, grid));
        }
    }
}

/// A construct's line: its label (with its domain when not grouped), its stacked bar, its
/// total, and the counts on hover.
#[allow(clippy::too_many_arguments)]
fn bar_row(
    ui: &Ui,
    cb: &Codebook,
    r: &TallyRow,
    grouped: bool,
    level: Level,
    scale: &Scale,
    rect: egui::Rect,
    response: egui::Response,
) {
    let text_colour = ui.visuals().text_color();
    let painter = ui.painter();
    let domain = cb.domain(&r.domain);
    let full =
        if grouped { r.label.clone() } else { format!("{} ({})", r.label, domain.map_or("", |d| d.number.as_str())) };
    let galley = ui.fonts_mut(|f| {
        f.layout_job(egui::text::LayoutJob {
            wrap: egui::text::TextWrapping::truncate_at_width(CHART_LABELS - 12.0),
            ..egui::text::LayoutJob::simple_singleline(full.clone(), egui::FontId::proportional(13.0), text_colour)
        })
    });
    let label_pos = egui::pos2(rect.left() + CHART_LABELS - galley.size().x, rect.center().y - galley.size().y / 2.0);
    painter.galley(label_pos, galley, text_colour);
    let mut x = scale.x0;
    let (b, f, o) = (r.counts.barrier, r.counts.facilitator, r.counts.both);
    for (n, v) in
        [(b, crate::model::Valence::Barrier), (f, crate::model::Valence::Facilitator), (o, crate::model::Valence::Both)]
    {
        if n == 0 {
            continue;
        }
        let w = scale.x(n) - scale.x0;
        let bar = egui::Rect::from_min_size(egui::pos2(x, rect.top() + 4.0), egui::vec2(w, CHART_ROW - 8.0));
        painter.rect_filled(bar, 1.0, theme::valence_color(v));
        x += w;
    }
    let total = r.counts.total();
    if total > 0 {
        painter.text(
            egui::pos2(x + 4.0, rect.center().y),
            egui::Align2::LEFT_CENTER,
            total.to_string(),
            egui::FontId::proportional(12.0),
            text_colour,
        );
    }
    let domain_name = domain.map_or_else(String::new, |d| format!("{}. {}", d.number, d.name));
    response.on_hover_text(format!(
        "{}\n{domain_name}\nbarrier only {b} · facilitator only {f} · both {o} · {total} {} in all",
        r.label,
        level.plural()
    ));
}

#[cfg(test)]
mod tests {
    use super::tick_step;

    #[test]
    fn axis_steps_are_round_and_few() {
        assert_eq!(tick_step(1, 8), 1);
        assert_eq!(tick_step(7, 8), 1);
        assert_eq!(tick_step(9, 8), 2);
        assert_eq!(tick_step(28, 8), 5);
        assert_eq!(tick_step(167, 8), 50);
        assert_eq!(tick_step(100_000, 8), 20_000);
    }
}
