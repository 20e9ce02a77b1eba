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
use egui_plot::{AxisHints, Bar, BarChart, GridMark, Legend, Plot};

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
    egui::CentralPanel::default().show(ui, |ui| chart(ui, &rows, grouped, state.level));
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
                    row.col(|ui| {
                        ui.label(
                            RichText::new(d.map_or_else(String::new, |d| format!("{}. {}", d.number, d.name))).strong(),
                        );
                    });
                    for _ in 0..4 {
                        row.col(|_| {});
                    }
                }
                Some(r) => {
                    let def = cb.construct(&r.construct).map(|c| c.definition.clone()).unwrap_or_default();
                    row.col(|ui| {
                        ui.label(&r.label).on_hover_text(format!("{def}\n\n{}", r.construct));
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

fn chart(ui: &mut Ui, rows: &[&TallyRow], grouped: bool, level: Level) {
    // One bar per construct, top to bottom, with a gap between domains.
    let mut positions = Vec::with_capacity(rows.len());
    let mut y = 0.0_f64;
    let mut last = None;
    for r in rows {
        if grouped && last.is_some() && last != Some(&r.domain) {
            y -= 0.8;
        }
        positions.push(y);
        y -= 1.0;
        last = Some(&r.domain);
    }
    let labels: Vec<(f64, String)> =
        positions.iter().zip(rows).map(|(p, r)| (*p, crate::model::text::ellipsize(&r.label, 34))).collect();
    let bars = |pick: fn(&TallyRow) -> usize, name: &str, color: egui::Color32| -> Vec<Bar> {
        positions
            .iter()
            .zip(rows)
            .map(|(p, r)| {
                #[allow(clippy::cast_precision_loss)]
                let v = pick(r) as f64;
                Bar::new(*p, v).width(0.7).name(format!("{} · {name}", r.label)).fill(color).stroke(egui::Stroke::NONE)
            })
            .collect()
    };
    let barrier = BarChart::new("Barrier", bars(|r| r.counts.barrier, "barrier", theme::BARRIER))
        .horizontal()
        .color(theme::BARRIER);
    let facilitator = BarChart::new("Facilitator", bars(|r| r.counts.facilitator, "facilitator", theme::FACILITATOR))
        .horizontal()
        .color(theme::FACILITATOR)
        .stack_on(&[&barrier]);
    let both = BarChart::new("Both", bars(|r| r.counts.both, "both", theme::BOTH))
        .horizontal()
        .color(theme::BOTH)
        .stack_on(&[&barrier, &facilitator]);
    let label_for = move |mark: GridMark, _range: &std::ops::RangeInclusive<f64>| -> String {
        labels.iter().find(|(p, _)| (p - mark.value).abs() < 0.01).map(|(_, l)| l.clone()).unwrap_or_default()
    };
    let marks = positions.clone();
    // Tall enough that every construct gets a readable label; scroll when it does not fit.
    #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
    let height = (-y as f32) * 24.0 + 70.0;
    egui::ScrollArea::vertical().id_salt("tally-chart-scroll").auto_shrink([false, false]).show(ui, |ui| {
        Plot::new("tally-chart")
            .height(height)
            .legend(Legend::default().position(egui_plot::Corner::RightBottom))
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .show_grid([true, false])
            .include_x(0.0)
            .grid_spacing(egui::Rangef::new(8.0, 16.0))
            .custom_y_axes(vec![
                AxisHints::new_y()
                    .formatter(label_for)
                    .min_thickness(230.0)
                    .label_spacing(egui::Rangef::new(12.0, 16.0)),
            ])
            .y_grid_spacer(move |_| marks.iter().map(|v| GridMark { value: *v, step_size: 1.0 }).collect())
            .x_axis_label(format!("number of {}", level.plural()))
            .show(ui, |plot| {
                plot.bar_chart(barrier);
                plot.bar_chart(facilitator);
                plot.bar_chart(both);
            });
    });
}
