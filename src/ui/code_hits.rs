//! The window that codes search hits in one step: search one article or every article,
//! read each hit in its context, choose hits, and code them all with one construct, valence
//! and comment as one edit (one Ctrl+Z takes them all back).

use super::action::Action;
use super::picker::construct_picker;
use super::state::{CodeHits, UiState};
use super::theme;
use crate::analysis::hits::{self, Hit, HitUnit};
use crate::model::{Edit, Project, Valence, text};
use egui::text::LayoutJob;
use egui::{Key, RichText, TextFormat, Ui};

/// Characters of context shown on each side of a hit.
const CONTEXT: usize = 70;

/// Shows the window while it is open.
pub fn window(ui: &Ui, project: &Project, state: &mut UiState, actions: &mut Vec<Action>) {
    let Some(mut w) = state.code_hits.take() else { return };
    let mut open = true;
    egui::Window::new("Code search hits")
        .open(&mut open)
        .default_width(680.0)
        .default_height(560.0)
        .resizable(true)
        .collapsible(false)
        .show(ui.ctx(), |ui| body(ui, project, &mut w, actions));
    // Esc closes it, unless it is clearing a text field.
    let escape = ui.input(|i| i.key_pressed(Key::Escape)) && !ui.ctx().egui_wants_keyboard_input();
    if open && !escape {
        state.code_hits = Some(w);
    }
}

fn body(ui: &mut Ui, project: &Project, w: &mut CodeHits, actions: &mut Vec<Action>) {
    search_row(ui, project, w);
    refresh(project, w);
    ui.separator();
    hit_list(ui, project, w);
    ui.separator();
    coding_form(ui, project, w, actions);
}

fn search_row(ui: &mut Ui, project: &Project, w: &mut CodeHits) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Find:");
        let r = ui.add(
            egui::TextEdit::singleline(&mut w.query)
                .hint_text("words to find (case and ligatures ignored)")
                .desired_width(260.0),
        );
        let r = r.labelled_by(label.id);
        if std::mem::take(&mut w.focus_query) {
            r.request_focus();
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if ui.button("Search").clicked() || enter {
            w.search = true;
        }
    });
    let before = (w.scope, w.unit);
    ui.horizontal_wrapped(|ui| {
        ui.label("Where");
        let here = w.scope.or_else(|| project.documents().keys().next().copied());
        if let Some(doc) = here.and_then(|id| project.document(id)) {
            let name = text::ellipsize(&doc.title, 40);
            super::theme::radio_value(ui, &mut w.scope, Some(doc.id), format!("in “{name}”"));
        }
        super::theme::radio_value(ui, &mut w.scope, None, "in every article");
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Code");
        super::theme::radio_value(ui, &mut w.unit, HitUnit::Sentence, "each hit's sentence")
            .on_hover_text("The sentence a hit is in becomes the coded passage");
        super::theme::radio_value(ui, &mut w.unit, HitUnit::Words, "only the words found");
    });
    if (w.scope, w.unit) != before {
        w.search = true;
    }
}

/// Searches again when asked, or when the project changed under the list (chosen hits stay
/// chosen).
fn refresh(project: &Project, w: &mut CodeHits) {
    let stale = w.searched.as_ref().is_some_and(|(_, _, _, revision)| *revision != project.revision());
    if !(std::mem::take(&mut w.search) || stale) {
        return;
    }
    let (found, cut) = hits::find_hits(project, w.scope, &w.query, w.unit);
    let fresh = w.searched.as_ref().is_none_or(|(q, u, s, _)| *q != w.query || *u != w.unit || *s != w.scope);
    let chosen = |h: &Hit| fresh || w.hits.iter().any(|(old, on)| *on && old == h);
    w.hits = found.into_iter().map(|h| (h, chosen(&h))).collect();
    w.cut = cut;
    w.searched = Some((w.query.clone(), w.unit, w.scope, project.revision()));
}

fn hit_list(ui: &mut Ui, project: &Project, w: &mut CodeHits) {
    if w.searched.is_none() {
        ui.label(RichText::new("Type words and press Enter to list every place they occur.").weak());
        return;
    }
    let chosen = w.hits.iter().filter(|(_, on)| *on).count();
    let articles = {
        let mut ids: Vec<_> = w.hits.iter().map(|(h, _)| h.document).collect();
        ids.dedup();
        ids.len()
    };
    ui.horizontal_wrapped(|ui| {
        if w.hits.is_empty() {
            ui.colored_label(theme::WARNING, "Not found.");
            return;
        }
        let more = if w.cut { format!(" (the first {})", hits::MAX_HITS) } else { String::new() };
        ui.label(format!(
            "{}{more} in {}, {chosen} chosen",
            text::counted(w.hits.len(), "passage"),
            text::counted(articles, "article")
        ));
        if ui.small_button("Choose all").clicked() {
            w.hits.iter_mut().for_each(|(_, on)| *on = true);
        }
        if ui.small_button("Choose none").clicked() {
            w.hits.iter_mut().for_each(|(_, on)| *on = false);
        }
    });
    let row_height = 2.0 * ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 6.0;
    let height = room(ui).0.max(3.0 * row_height);
    egui::ScrollArea::vertical().id_salt("hits").max_height(height).auto_shrink([false, true]).show_rows(
        ui,
        row_height,
        w.hits.len(),
        |ui, range| {
            for (hit, on) in &mut w.hits[range] {
                hit_row(ui, project, hit, on, row_height);
            }
        },
    );
}

/// Heights of the hit list and of the construct list, sharing what the screen leaves after
/// the window's fixed rows (so the buttons stay on screen at 1280x720).
fn room(ui: &Ui) -> (f32, f32) {
    let spare = (ui.ctx().content_rect().height() - 400.0).max(200.0);
    (spare * 0.6, spare * 0.4)
}

fn hit_row(ui: &mut Ui, project: &Project, hit: &Hit, on: &mut bool, height: f32) {
    let Some(doc) = project.document(hit.document) else { return };
    let Some(page) = doc.page(hit.page) else { return };
    ui.horizontal_top(|ui| {
        ui.set_height(height - ui.spacing().item_spacing.y);
        let label = format!("{} · p. {}", text::ellipsize(&doc.title, 40), hit.page + 1);
        super::theme::checkbox(ui, on, "")
            .on_hover_text(&label)
            .widget_info(|| egui::WidgetInfo::selected(egui::Role::CheckBox, true, *on, format!("Hit {label}")));
        let job = in_context(ui, page, hit, &label);
        let full = format!("{label}\n\n{}", text::one_line(page.get(hit.start..hit.end).unwrap_or("")));
        ui.add(egui::Label::new(job).wrap()).on_hover_text(full);
    });
}

/// The hit in one or two lines: where it is, the text before (faint), the passage with the
/// words found marked, the text after (faint).
fn in_context(ui: &Ui, page: &str, hit: &Hit, label: &str) -> LayoutJob {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let normal = ui.visuals().text_color();
    let (before, _, after) = text::context(page, hit.start, hit.end, CONTEXT);
    let piece = |a: usize, b: usize| text::one_line(page.get(a..b).unwrap_or(""));
    let (f0, f1) = (hit.found.0.clamp(hit.start, hit.end), hit.found.1.clamp(hit.start, hit.end));
    // A long sentence is shown from a little before the words found, so they are always in
    // the two lines.
    let lead = piece(hit.start, f0);
    let lead_chars = lead.chars().count();
    let lead = if lead_chars > CONTEXT {
        let kept: String = lead.chars().skip(lead_chars - CONTEXT).collect();
        format!("…{}", kept.split_once(' ').map_or(kept.as_str(), |(_, rest)| rest))
    } else {
        lead
    };
    let before = if lead_chars > CONTEXT { String::new() } else { before };
    let mut job = LayoutJob::default();
    job.append(&format!("{label}   "), 0.0, TextFormat::simple(small.clone(), weak));
    job.append(&before, 0.0, TextFormat::simple(body.clone(), weak));
    job.append(&lead, 0.0, TextFormat::simple(body.clone(), normal));
    if f0 > hit.start && page.get(f0 - 1..f0).is_some_and(|c| c.chars().all(char::is_whitespace)) {
        job.append(" ", 0.0, TextFormat::simple(body.clone(), normal));
    }
    let found = TextFormat { background: theme::search_fill(false), ..TextFormat::simple(body.clone(), strong) };
    job.append(&piece(f0, f1), 0.0, found);
    if f1 < hit.end && page.get(f1..=f1).is_some_and(|c| c.chars().all(char::is_whitespace)) {
        job.append(" ", 0.0, TextFormat::simple(body.clone(), normal));
    }
    job.append(&piece(f1, hit.end), 0.0, TextFormat::simple(body.clone(), normal));
    job.append(&after, 0.0, TextFormat::simple(body, weak));
    job.wrap = egui::text::TextWrapping { max_rows: 2, break_anywhere: false, ..Default::default() };
    job
}

fn coding_form(ui: &mut Ui, project: &Project, w: &mut CodeHits, actions: &mut Vec<Action>) {
    let cb = project.codebook();
    let chosen = w.form.construct.as_ref().map(|k| cb.display_path(k));
    ui.label(RichText::new(chosen.unwrap_or_else(|| "Choose a construct".into())).strong());
    if let Some(k) = construct_picker(ui, cb, w.form.construct.as_ref(), &mut w.form.picker, room(ui).1).picked {
        w.form.construct = Some(k);
        w.form.picker.query.clear();
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Valence");
        for v in Valence::ALL {
            if ui
                .selectable_label(w.form.valence == Some(v), RichText::new(v.label()).color(theme::valence_color(v)))
                .clicked()
            {
                w.form.valence = Some(v);
            }
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label("Comment");
        ui.add(
            egui::TextEdit::singleline(&mut w.form.comment)
                .hint_text("optional, given to every coding")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    });
    let chosen: Vec<Hit> = w.hits.iter().filter(|(_, on)| *on).map(|(h, _)| *h).collect();
    let ready = match (&w.form.construct, w.form.valence) {
        (Some(k), Some(v)) if !chosen.is_empty() => Some((k.clone(), v)),
        _ => None,
    };
    ui.horizontal_wrapped(|ui| {
        let label = format!("Code {}", text::counted(chosen.len(), "passage"));
        if ui.add_enabled(ready.is_some(), egui::Button::new(label)).clicked()
            && let Some((construct, valence)) = ready.clone()
        {
            let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
            let planned = hits::codings_for_hits(
                project,
                &chosen,
                &construct,
                valence,
                &w.form.comment,
                project.coder(),
                &created,
            );
            let name = cb.construct(&construct).map_or(construct.as_str(), |c| c.label.as_str()).to_owned();
            let n = planned.codings.len();
            let skipped = if planned.already > 0 {
                format!("; {} already coded so, left as they were", planned.already)
            } else {
                String::new()
            };
            if n > 0 {
                let edits = planned.codings.into_iter().map(Edit::AddCoding).collect();
                actions.push(Action::Edit {
                    edit: Edit::Batch(edits),
                    label: format!("Code {n} search hits as {name} ({valence})"),
                });
                for (_, on) in &mut w.hits {
                    *on = false;
                }
            }
            w.note = Some(format!(
                "Coded {} as {name}, {valence}{skipped}. Ctrl+Z takes them back in one step.",
                text::counted(n, "passage")
            ));
        }
        if ready.is_none() {
            ui.label(RichText::new("Choose hits, a construct and a valence.").small().weak());
        }
    });
    if let Some(note) = &w.note {
        ui.label(RichText::new(note).small());
    }
}
