//! Pair review: agreement statistics between this project (coder A) and another coder's
//! (B), and the settling of every disagreement into a consensus project. Keyboard: A, B,
//! O (keep both, as O is "both" when coding), N (keep neither), E (edit), U (unsettle),
//! ↑ ↓ or J/K to move. No key does two things.

use super::action::Action;
use super::picker::construct_picker;
use super::state::{CodingForm, UiState};
use super::theme;
use super::view::ReviewView;
use crate::analysis::agreement::{AgreementUnit, Stats, show};
use crate::analysis::consensus::{Disagreement, DisagreementKind, Settled};
use crate::model::{Choice, Coding, Project, Valence, text};
use egui::{Key, Modifiers, RichText, ScrollArea, Ui};

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "undefined".to_owned(), |x| format!("{x:.1}%"))
}

/// The statistics' column headings after the first, as the overall table names them.
const STATS_COLUMNS: [&str; 4] = ["n", "agreement", "Cohen's κ", "Krippendorff's α"];

/// The same, as the tables by domain and by construct (below the overall one) name them,
/// leaving their names more room; the whole name on hover.
const STATS_SHORT: [&str; 4] = ["n", "agreement", "κ", "α"];

/// How wide the first column (domain or construct names) of a statistics table may be so
/// that the four figures beside it stay in view: what the figures leave, between a
/// readable minimum and what a long name needs.
fn stats_label_width(ui: &Ui) -> f32 {
    let widest = |text: &str| theme::text_width(ui, text, &egui::TextStyle::Body);
    let figures: f32 = STATS_SHORT.iter().map(|h| widest(h).max(widest("undefined"))).sum();
    let spacing = ui.spacing().item_spacing.x * 4.0 + ui.spacing().scroll.allocated_width();
    (ui.available_width() - figures - spacing).clamp(110.0, 260.0)
}

/// A name in a statistics table, cut to `width` (the whole name shows on hover).
fn stats_name(ui: &mut Ui, label: &str, width: f32) {
    ui.scope(|ui| {
        ui.set_width(width);
        ui.add(egui::Label::new(label).truncate());
    });
}

fn stats_row(ui: &mut Ui, label: &str, s: &Stats) {
    ui.label(label);
    stats_figures(ui, s);
}

fn stats_figures(ui: &mut Ui, s: &Stats) {
    ui.label(s.n.to_string());
    ui.label(pct(s.percent));
    ui.label(show(s.kappa)).on_hover_text("Cohen's kappa; undefined when there is no variance");
    ui.label(show(s.alpha)).on_hover_text("Krippendorff's alpha (nominal); undefined when there is no variance");
    ui.end_row();
}

fn stats_header(ui: &mut Ui, first: &str, columns: [&str; 4]) {
    ui.label(RichText::new(first).strong());
    for (h, whole) in columns.into_iter().zip(STATS_COLUMNS) {
        let heading = ui.label(RichText::new(h).strong());
        if h != whole {
            heading.on_hover_text(whole);
        }
    }
    ui.end_row();
}

fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The reviewer's name as typed, else coder A's.
fn reviewer_name(state: &UiState, a: &Project) -> String {
    let typed = state.reviewer.trim();
    if typed.is_empty() { a.coder().to_owned() } else { typed.to_owned() }
}

/// Shows the review workspace.
pub fn review_view(ui: &mut Ui, a: &Project, r: &ReviewView<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    let b = r.other;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("A: {} ({})", a.coder(), a.name())).strong());
        ui.label("compared with");
        ui.label(RichText::new(format!("B: {} ({})", b.coder(), r.other_path.display())).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close comparison").clicked() {
                if r.unsaved { state.confirm_close_review = true } else { actions.push(Action::CloseComparison) }
            }
            if ui.button("Export report…").on_hover_text("CSV or HTML, by the file name").clicked() {
                actions.push(Action::ExportComparisonDialog);
            }
            if ui
                .button(RichText::new("Save consensus…").strong())
                .on_hover_text("A new project file; A and B are not changed")
                .clicked()
            {
                actions.push(Action::SaveConsensusDialog);
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Reviewer");
        ui.add(egui::TextEdit::singleline(&mut state.reviewer).hint_text(a.coder()).desired_width(160.0))
            .labelled_by(label.id)
            .on_hover_text("Recorded with each decision");
        let mut required = !state.reasons_optional;
        super::theme::checkbox(ui, &mut required, "Every decision needs a reason").on_hover_text(
            "On by default for a consensus: the record then says why each disagreement was settled as it was",
        );
        state.reasons_optional = !required;
    });
    ui.separator();
    // The statistics give way to the disagreements on a small screen (a projector, 1280x720):
    // the list and the passage keep 800 points, and the statistics scroll sideways in what is
    // left (their panel can be widened).
    let report_width = (ui.available_width() - 800.0).clamp(300.0, 560.0);
    egui::Panel::left("agreement-report")
        .resizable(true)
        .default_size(report_width)
        .show(ui, |ui| report_panel(ui, a, r, state));
    egui::CentralPanel::default().show(ui, |ui| discrepancies(ui, a, r, state, actions));
    if state.confirm_close_review {
        egui::Modal::new(egui::Id::unique("close-review")).show(ui.ctx(), |ui| {
            ui.heading("Close the comparison?");
            ui.label("Some decisions are not in a saved consensus file yet. Closing drops them.");
            ui.horizontal(|ui| {
                if ui.button("Save consensus…").clicked() {
                    state.confirm_close_review = false;
                    actions.push(Action::SaveConsensusDialog);
                }
                if ui.button("Close without saving").clicked() {
                    state.confirm_close_review = false;
                    actions.push(Action::CloseComparison);
                }
                if ui.button("Cancel").clicked() {
                    state.confirm_close_review = false;
                }
            });
        });
    }
}

fn report_panel(ui: &mut Ui, a: &Project, r: &ReviewView<'_>, state: &mut UiState) {
    let report = r.report;
    ui.horizontal_wrapped(|ui| {
        ui.label("Unit");
        for u in AgreementUnit::ALL {
            let label = match u {
                AgreementUnit::StudyConstruct => "study × construct",
                AgreementUnit::ArticleConstruct => "article × construct",
                AgreementUnit::Passage => "passage",
            };
            ui.selectable_value(&mut state.review_unit, u, label).on_hover_text(u.explain());
        }
    });
    if state.review_unit == AgreementUnit::Passage {
        ui.add(
            egui::Slider::new(&mut state.review_threshold, 10..=100).suffix("% overlap").text("of the shorter passage"),
        );
    }
    ui.label(RichText::new(state.review_unit.explain()).small().weak());
    ui.label(
        RichText::new("Categories: absent, barrier, facilitator, both. “Coded units” leaves out units neither coder coded, so that agreement on absence cannot inflate the figures.")
            .small()
            .weak(),
    );
    ScrollArea::both().id_salt("report").auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(4.0);
        ui.label(RichText::new("Overall").strong());
        egui::Grid::new("overall").striped(true).num_columns(5).show(ui, |ui| {
            stats_header(ui, "units", STATS_COLUMNS);
            stats_row(ui, "all units", &report.overall);
            stats_row(ui, "coded units", &report.overall_coded);
        });
        if report.documents.pairs.is_empty() {
            ui.colored_label(
                theme::WARNING,
                "⚠ The two projects have no document in common (matched by content, then title).",
            );
        }
        if !report.documents.only_a.is_empty() || !report.documents.only_b.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Unmatched documents (left out of the statistics)").strong());
            for d in &report.documents.only_a {
                ui.label(format!("only in A: {}", a.document(*d).map_or("?", |d| d.title.as_str())));
            }
            for d in &report.documents.only_b {
                ui.label(format!("only in B: {}", r.other.document(*d).map_or("?", |d| d.title.as_str())));
            }
        }
        for (side, list) in [("A", &report.constructs_only_a), ("B", &report.constructs_only_b)] {
            if !list.is_empty() {
                let keys: Vec<&str> = list.iter().map(crate::model::ConstructKey::as_str).collect();
                ui.colored_label(theme::WARNING, format!("Constructs only in {side}'s codebook: {}", keys.join(", ")));
            }
        }
        ui.add_space(6.0);
        ui.label(RichText::new("By domain (coded units)").strong());
        let name_width = stats_label_width(ui);
        egui::Grid::new("domains").striped(true).num_columns(5).show(ui, |ui| {
            stats_header(ui, "domain", STATS_SHORT);
            for (d, _, coded) in &report.domains {
                let label =
                    a.codebook().domain(d).map_or_else(|| d.to_string(), |d| format!("{}. {}", d.number, d.name));
                stats_name(ui, &text::ellipsize(&label, 120), name_width);
                stats_figures(ui, coded);
            }
        });
        ui.add_space(6.0);
        ui.label(RichText::new("By construct (coded units)").strong());
        egui::Grid::new("constructs").striped(true).num_columns(5).show(ui, |ui| {
            stats_header(ui, "construct", STATS_SHORT);
            for c in report.constructs.iter().filter(|c| c.coded.n > 0) {
                let label = a
                    .codebook()
                    .construct(&c.construct)
                    .or_else(|| r.other.codebook().construct(&c.construct))
                    .map_or(c.construct.as_str(), |k| k.label.as_str());
                stats_name(ui, &text::ellipsize(label, 120), name_width);
                stats_figures(ui, &c.coded);
            }
        });
    });
}

/// One side of a disagreement; `compact` (while a coding is edited) on one line, so that the
/// passage keeps a few lines above the editor in a 720-pixel window.
fn side(ui: &mut Ui, who: &str, project: &Project, coding: Option<&Coding>, compact: bool) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        // The column's whole width, its text left-aligned (a column justifies wrapped text).
        ui.set_width(ui.available_width());
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| side_text(ui, who, project, coding, compact));
    });
}

/// What one coder did: compact (the coder and the valence on one line), as it shares the
/// bottom panel with the decision; with `one_line`, the construct too, cut to the column
/// (all of it, with the comment, on hover).
fn side_text(ui: &mut Ui, who: &str, project: &Project, coding: Option<&Coding>, one_line: bool) {
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{who}: {}", theme::cut(project.coder(), 40))).strong());
        let Some(c) = coding else {
            ui.label(RichText::new("did not code this").italics().weak());
            return;
        };
        theme::valence_chip(ui, c.valence);
        if !one_line {
            ui.label(c.valence.label());
            return;
        }
        let path = project.codebook().display_path(&c.construct);
        let full = if c.comment.is_empty() {
            format!("{} · {path}", c.valence.label())
        } else {
            format!("{} · {path}\n{}", c.valence.label(), text::ellipsize(&c.comment, 400))
        };
        ui.add(egui::Label::new(path).truncate()).on_hover_text(full);
    });
    if let Some(c) = coding.filter(|_| !one_line) {
        ui.add(egui::Label::new(project.codebook().display_path(&c.construct)).wrap());
        if !c.comment.is_empty() {
            let comment = text::ellipsize(&c.comment, 400);
            ui.add(egui::Label::new(RichText::new(comment).italics()).wrap());
        }
    }
}

/// The passage in its context: `chars` characters around it, with the passage marked.
fn context(ui: &mut Ui, project: &Project, coding: &Coding, chars: usize) {
    let Some(t) = coding.anchor.as_text() else {
        ui.label(RichText::new("Whole-document coding").italics().weak());
        return;
    };
    let Some(page) = project.document(coding.document).and_then(|d| d.page(t.page)) else { return };
    let (before, mut quote, after) = text::context(page, t.start, t.end, chars);
    if quote.is_empty() {
        // The passage is no longer where it was (text changed since): its stored words.
        quote = text::one_line(&t.quote);
    }
    let mut job = egui::text::LayoutJob::default();
    let font = theme::reading_font();
    let weak = ui.visuals().weak_text_color();
    let strong = ui.visuals().strong_text_color();
    job.append(&before, 0.0, egui::TextFormat::simple(font.clone(), weak));
    let mut fmt = egui::TextFormat::simple(font.clone(), strong);
    fmt.background = theme::valence_color(coding.valence).gamma_multiply(0.25);
    job.append(&quote, 0.0, fmt);
    job.append(&after, 0.0, egui::TextFormat::simple(font, weak));
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}

fn kind_label(d: &Disagreement) -> &'static str {
    match d.kind {
        DisagreementKind::OnlyA => "only A",
        DisagreementKind::OnlyB => "only B",
        DisagreementKind::Valence => "valence differs",
    }
}

fn discrepancies(ui: &mut Ui, a: &Project, r: &ReviewView<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    let list = &r.reconcile.disagreements;
    progress_header(ui, r);
    if list.is_empty() {
        ui.label("The coders agree on every passage.");
        return;
    }
    state.review_cursor = state.review_cursor.min(list.len() - 1);
    let typing = ui.ctx().egui_wants_keyboard_input();
    if !typing {
        ui.input_mut(|i| {
            if i.consume_key(Modifiers::NONE, Key::ArrowDown) || i.consume_key(Modifiers::NONE, Key::J) {
                state.review_cursor = (state.review_cursor + 1).min(list.len() - 1);
                state.review_edit = None;
            }
            if i.consume_key(Modifiers::NONE, Key::ArrowUp) || i.consume_key(Modifiers::NONE, Key::K) {
                state.review_cursor = state.review_cursor.saturating_sub(1);
                state.review_edit = None;
            }
        });
    }
    egui::Panel::left("disagreement-list").resizable(true).default_size(300.0).show(ui, |ui| {
        disagreement_list(ui, a, r, state);
    });
    let d = &list[state.review_cursor];
    let ca = d.a.and_then(|id| a.coding(id));
    let cb = d.b.and_then(|id| r.other.coding(id));
    // What each coder did and the decision sit in a panel of their own at the bottom, so
    // that the two codings, the buttons and the editor's "Settle with this coding" never
    // need scrolling; the passage in its context scrolls above.
    let compact = state.review_edit.is_some();
    let panel = egui::Panel::bottom("decision").resizable(false).show(ui, |ui| {
        ui.add_space(6.0);
        ui.columns(2, |cols| {
            side(&mut cols[0], "A", a, ca, compact);
            side(&mut cols[1], "B", r.other, cb, compact);
        });
        let sides = Sides { a, r, ca, cb };
        decision(ui, &sides, typing, state, actions);
    });
    // The panel takes the height its content had the frame before: when another
    // disagreement's codings are taller or shorter, the frame is laid out again at once
    // rather than shown at the old height until the next event.
    let height_id = panel.response.id.with("height");
    super::keep_height(ui.ctx(), height_id, panel.response.rect.height(), "the decision panel changed height");
    // However little room the decision leaves (while a coding is edited at 720 pixels, a
    // line or two), the passage scrolls within it rather than drawing over the decision.
    ScrollArea::vertical()
        .id_salt("disagreement-detail")
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .max_height(ui.available_height())
        .show(ui, |ui| {
            let doc = d.doc_a.and_then(|id| a.document(id)).or_else(|| d.doc_b.and_then(|id| r.other.document(id)));
            let heading = RichText::new(format!(
                "{} · page {} · {}",
                doc.map_or("?", |d| d.title.as_str()),
                d.page.map_or_else(|| "—".to_owned(), |p| (p + 1).to_string()),
                kind_label(d)
            ))
            .strong();
            // One line while a coding is edited, so that the passage keeps the rest.
            let label = egui::Label::new(heading);
            ui.add(if compact { label.truncate() } else { label.wrap() });
            // While a coding is edited, less text around the passage: the passage itself
            // stays in the lines left to it.
            let chars = if compact { 60 } else { 240 };
            if let Some(c) = ca {
                context(ui, a, c, chars);
            } else if let Some(c) = cb {
                context(ui, r.other, c, chars);
            }
        });
}

/// "17 of 42 settled", with a bar.
fn progress_header(ui: &mut Ui, r: &ReviewView<'_>) {
    let list = &r.reconcile.disagreements;
    let settled = list.iter().filter(|d| r.decisions.contains_key(&d.key)).count();
    ui.horizontal(|ui| {
        ui.heading("Disagreements");
        ui.label(RichText::new(format!("{settled} of {} settled", list.len())).size(16.0).strong());
        ui.label(RichText::new(format!("· {} agreed passages carried over", r.reconcile.agreements.len())).weak());
    });
    #[allow(clippy::cast_precision_loss)]
    let fraction = if list.is_empty() { 1.0 } else { settled as f32 / list.len() as f32 };
    ui.add(egui::ProgressBar::new(fraction));
}

/// Every disagreement, open ones marked, the current one selected.
fn disagreement_list(ui: &mut Ui, a: &Project, r: &ReviewView<'_>, state: &mut UiState) {
    ScrollArea::vertical().id_salt("disagreements").auto_shrink([false, false]).show(ui, |ui| {
        for (i, d) in r.reconcile.disagreements.iter().enumerate() {
            let doc = d.doc_a.and_then(|id| a.document(id)).or_else(|| d.doc_b.and_then(|id| r.other.document(id)));
            let status = r.decisions.get(&d.key).map_or("open", |s| s.choice.label());
            let label = format!(
                "{} · {} · p.{} · {}",
                text::ellipsize(doc.map_or("?", |d| d.title.as_str()), 18),
                a.codebook().construct(&d.construct).map_or(d.construct.as_str(), |c| c.label.as_str()),
                d.page.map_or_else(|| "—".to_owned(), |p| (p + 1).to_string()),
                kind_label(d)
            );
            let text = if r.decisions.contains_key(&d.key) {
                RichText::new(format!("✔ {label} ({status})")).weak()
            } else {
                RichText::new(format!("● {label}"))
            };
            let resp = ui.selectable_label(i == state.review_cursor, text);
            if i == state.review_cursor {
                resp.scroll_to_me(None);
            }
            if resp.clicked() {
                state.review_cursor = i;
                state.review_edit = None;
            }
        }
    });
}

/// The two projects and the current disagreement's codings in each.
struct Sides<'a> {
    a: &'a Project,
    r: &'a ReviewView<'a>,
    ca: Option<&'a Coding>,
    cb: Option<&'a Coding>,
}

/// The decision on the current disagreement: what was settled, the reason, the choices (by
/// button or key), the editor, and the decision recorded.
fn decision(ui: &mut Ui, sides: &Sides<'_>, typing: bool, state: &mut UiState, actions: &mut Vec<Action>) {
    let Sides { a, r, .. } = *sides;
    let d = &r.reconcile.disagreements[state.review_cursor];
    ui.add_space(4.0);
    if let Some(s) = r.decisions.get(&d.key) {
        let who = if s.by.is_empty() { String::new() } else { format!(" (by {}, {})", s.by, s.at) };
        ui.colored_label(
            ui.visuals().hyperlink_color,
            format!(
                "Settled: {}{}{who}",
                s.choice.label(),
                if s.comment.is_empty() { String::new() } else { format!(" — {}", s.comment) }
            ),
        );
    }
    ui.add_space(6.0);
    let missing_reason = |state: &UiState| !state.reasons_optional && state.review_comment.trim().is_empty();
    // A decision refused for want of a reason says so in the reason's own field, outlined,
    // rather than on a line of its own: a line more would make this panel taller and move
    // the buttons up under the pointer, so that a second click on "Keep A" hit "Edit…".
    let asked = state.review_reason_asked && missing_reason(state);
    // The label beside its field: a line less, so that the editor fits at 720 pixels.
    let field = ui.horizontal(|ui| {
        let label = ui.label("Reason");
        let hint = if asked {
            "Type a reason first: each decision records one."
        } else if state.reasons_optional {
            "recorded with the decision (optional)"
        } else {
            "recorded with the decision"
        };
        ui.add(egui::TextEdit::singleline(&mut state.review_comment).hint_text(hint).desired_width(f32::INFINITY))
            .labelled_by(label.id)
    });
    let field = field.inner;
    if asked {
        let stroke = egui::Stroke::new(1.5, theme::WARNING);
        ui.painter().rect_stroke(field.rect.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
    }
    // While an edited coding is made, its editor takes the place of the other choices
    // (Cancel brings them back): the whole editor fits a 720-pixel window.
    let mut choice = None;
    if state.review_edit.is_none() {
        choice = choice_buttons(ui, sides, state, actions);
        if !typing {
            choice = choice.or_else(|| choice_keys(ui, sides, state, actions));
        }
    }
    match editor(ui, a, state) {
        Edited::Nothing => {}
        Edited::Settle(c) => choice = Some(c),
        Edited::Cancelled => choice = None,
    }
    if choice.is_some() && missing_reason(state) {
        // Shown in the next frame, with the field ready for typing.
        state.review_reason_asked = true;
        field.request_focus();
        ui.ctx().request_repaint();
        choice = None;
    }
    if let Some(choice) = choice {
        record(choice, a, r, state, actions);
    }
}

/// The buttons of the choices.
fn choice_buttons(ui: &mut Ui, sides: &Sides<'_>, state: &mut UiState, actions: &mut Vec<Action>) -> Option<Choice> {
    let Sides { r, ca, cb, .. } = *sides;
    let d = &r.reconcile.disagreements[state.review_cursor];
    let mut choice = None;
    ui.horizontal_wrapped(|ui| {
        if ui.add_enabled(ca.is_some(), egui::Button::new("Keep A  (A)")).clicked() {
            choice = Some(Choice::KeepA);
        }
        if ui.add_enabled(cb.is_some(), egui::Button::new("Keep B  (B)")).clicked() {
            choice = Some(Choice::KeepB);
        }
        if ui.add_enabled(ca.is_some() && cb.is_some(), egui::Button::new("Keep both  (O)")).clicked() {
            choice = Some(Choice::KeepBoth);
        }
        if ui.button("Keep neither  (N)").clicked() {
            choice = Some(Choice::KeepNeither);
        }
        if ui.button("Edit…  (E)").clicked() {
            state.review_edit = Some(edit_form(ca.or(cb)));
        }
        if r.decisions.contains_key(&d.key) && ui.button("Unsettle  (U)").clicked() {
            actions.push(Action::Decide(d.key.clone(), None));
        }
    });
    choice
}

/// The keys of the choices: A, B, O, N, U, and E for the editor.
fn choice_keys(ui: &mut Ui, sides: &Sides<'_>, state: &mut UiState, actions: &mut Vec<Action>) -> Option<Choice> {
    let Sides { r, ca, cb, .. } = *sides;
    let d = &r.reconcile.disagreements[state.review_cursor];
    let mut choice = None;
    ui.input_mut(|i| {
        if ca.is_some() && i.consume_key(Modifiers::NONE, Key::A) {
            choice = Some(Choice::KeepA);
        }
        if cb.is_some() && i.consume_key(Modifiers::NONE, Key::B) {
            choice = Some(Choice::KeepB);
        }
        if ca.is_some() && cb.is_some() && i.consume_key(Modifiers::NONE, Key::O) {
            choice = Some(Choice::KeepBoth);
        }
        if i.consume_key(Modifiers::NONE, Key::N) {
            choice = Some(Choice::KeepNeither);
        }
        if i.consume_key(Modifiers::NONE, Key::U) && r.decisions.contains_key(&d.key) {
            actions.push(Action::Decide(d.key.clone(), None));
        }
    });
    if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::E)) {
        state.review_edit = Some(edit_form(ca.or(cb)));
    }
    choice
}

/// What the editor of an edited coding did this frame.
enum Edited {
    /// Nothing (or it is closed).
    Nothing,
    /// Settle with this coding.
    Settle(Choice),
    /// Cancelled: no decision this frame.
    Cancelled,
}

/// The editor of an edited coding, while open.
fn editor(ui: &mut Ui, a: &Project, state: &mut UiState) -> Edited {
    let Some(form) = state.review_edit.as_mut() else { return Edited::Nothing };
    ui.separator();
    // The heading and the construct chosen share a line (cut to it; whole on hover), and the
    // list of constructs takes a seventh of the window: the editor fits under both codings
    // at 720 pixels.
    ui.horizontal(|ui| {
        ui.label(RichText::new("Edited coding:").strong());
        let chosen =
            form.construct.as_ref().map_or_else(|| "no construct chosen".to_owned(), |k| a.codebook().display_path(k));
        ui.add(egui::Label::new(chosen).truncate());
    });
    let list = (ui.ctx().content_rect().height() / 7.0).clamp(100.0, 220.0);
    let picked = construct_picker(ui, a.codebook(), form.construct.as_ref(), &mut form.picker, list);
    if let Some(k) = picked.picked {
        form.construct = Some(k);
        form.picker.query.clear();
    }
    ui.horizontal(|ui| {
        for v in Valence::ALL {
            if theme::valence_button(ui, v, form.valence == Some(v), v.short()).clicked() {
                form.valence = Some(v);
            }
        }
    });
    let mut settled = None;
    let mut cancel = false;
    ui.horizontal(|ui| {
        let ready = form.construct.is_some() && form.valence.is_some();
        if ui.add_enabled(ready, egui::Button::new("Settle with this coding")).clicked()
            && let (Some(construct), Some(valence)) = (form.construct.clone(), form.valence)
        {
            settled = Some(Choice::Edited { construct, valence });
        }
        cancel = ui.button("Cancel").clicked();
    });
    if cancel {
        state.review_edit = None;
        return Edited::Cancelled;
    }
    settled.map_or(Edited::Nothing, Edited::Settle)
}

/// Records a decision with its reason and reviewer, and moves on to the next open
/// disagreement.
fn record(choice: Choice, a: &Project, r: &ReviewView<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    let list = &r.reconcile.disagreements;
    let d = &list[state.review_cursor];
    state.review_reason_asked = false;
    let settled =
        Settled { choice, comment: state.review_comment.trim().to_owned(), at: now(), by: reviewer_name(state, a) };
    actions.push(Action::Decide(d.key.clone(), Some(settled)));
    state.review_comment.clear();
    state.review_edit = None;
    let next = (state.review_cursor + 1..list.len())
        .chain(0..state.review_cursor)
        .find(|i| !r.decisions.contains_key(&list[*i].key));
    if let Some(n) = next {
        state.review_cursor = n;
    }
}

fn edit_form(c: Option<&Coding>) -> CodingForm {
    CodingForm { construct: c.map(|c| c.construct.clone()), valence: c.map(|c| c.valence), ..CodingForm::default() }
}
