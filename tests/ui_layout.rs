//! The layout rules that can be checked at a projector's 1280x720: in every view of the
//! workshop sample, no text runs past the window's right edge (text that does not fit is
//! elided, with the whole of it on hover), and presentation mode changes palette and zoom
//! and steps through the codings.

use crate::ui_flows::{run_until, test_config};
use befits_coder::app::BefitsApp;
use befits_coder::ui::{Action, Sample, Workspace, theme};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

fn harness_720p() -> Harness<'static, BefitsApp> {
    let config = test_config();
    Harness::builder()
        .with_size([1280.0, 720.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None))
}

fn open_sample(h: &mut Harness<'static, BefitsApp>) {
    h.run();
    h.state_mut().queue(Action::OpenSample(Sample::Workshop));
    h.step();
    run_until(h, "the sample", |app| app.session().is_some());
}

/// The workshop sample at 1280x720, on `workspace`.
fn sample_at_720p(workspace: Workspace) -> Harness<'static, BefitsApp> {
    let mut h = harness_720p();
    open_sample(&mut h);
    h.state_mut().ui_state_mut().workspace = workspace;
    h.run();
    h
}

#[test]
fn at_1280x720_no_text_runs_past_the_window() {
    let mut h = harness_720p();
    open_sample(&mut h);
    // Views whose tables scroll sideways by design (the matrix, the extraction fields) are
    // checked for their fixed parts only: the text the window shows at once.
    for workspace in
        [Workspace::Coding, Workspace::Tallies, Workspace::Diagram, Workspace::Codebook, Workspace::Articles]
    {
        h.state_mut().ui_state_mut().workspace = workspace;
        h.run();
        let mut outside = Vec::new();
        for node in h.query_all(By::new().predicate(|n| matches!(n.role(), Role::Label | Role::Button))) {
            let r = node.rect();
            let visible = r.min.y < 720.0 && r.max.y > 0.0 && r.min.x < 1280.0;
            if visible && r.max.x > 1280.5 {
                let n = node.accesskit_node();
                outside.push(format!("{:?} at {r:?}", n.label().or_else(|| n.value())));
            }
        }
        assert!(outside.is_empty(), "{workspace:?}: text past the right edge: {outside:#?}");
    }
}

#[test]
fn the_diagram_takes_the_width_of_the_window() {
    let h = sample_at_720p(Workspace::Diagram);
    let right = h
        .query_all(By::new().predicate(|n| n.label().is_some_and(|l| l.starts_with("Construct "))))
        .map(|n| n.rect().max.x)
        .fold(0.0_f32, f32::max);
    // The diagram's own shape would fill about 920 of the 1280 pixels at this height.
    assert!(right > 1200.0 && right <= 1280.0, "rightmost construct ends at {right}");
}

#[test]
fn presentation_mode_enlarges_switches_palette_and_steps_through_the_codings() {
    let mut h = harness_720p();
    open_sample(&mut h);
    h.key_press(egui::Key::F11);
    h.run();
    assert!(h.state().ui_state().presentation);
    assert!(theme::presentation(), "the projector palette is on");
    assert!((h.ctx.zoom_factor() - theme::PRESENTATION_ZOOM).abs() < 1e-3);
    assert!(h.query_by_label("Next coding ▶").is_some(), "the step-through bar");
    // Step through: the first coding, then the next, each selected with its article open.
    h.get_by_label("Next coding ▶").click();
    h.run();
    let first = h.state().ui_state().selected_coding.unwrap();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let second = h.state().ui_state().selected_coding.unwrap();
    assert_ne!(first, second);
    assert!(h.query_by_label_contains("2 of 13:").is_some());
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().ui_state().selected_coding, Some(first));
    // The whole editor fits on the projector: its last buttons lie inside the window.
    for label in ["Delete coding", "Barrier  (B)"] {
        let r = h.get_by_label_contains(label).rect();
        let zoom = h.ctx.zoom_factor();
        assert!(r.max.y * zoom <= 720.0 - 40.0, "{label} at {r:?} (zoom {zoom}) is below the window's bottom bar");
    }
    // ... and the buttons that wrap stay above the note below the editor.
    let close = h.get_by_label("Close  (Esc)").rect();
    let note = h.get_by_label_contains("codings here").rect();
    assert!(close.max.y <= note.min.y, "Close at {close:?}, the note below at {note:?}");
    // The editor's buttons wrap rather than widen its panel: the page tools keep one line.
    let line = h.get_by_label("Pages").rect().center().y;
    let fit = h.get_by_label("Fit page").rect().center().y;
    assert!((fit - line).abs() < 2.0, "Fit page at y {fit}, the tools' line at {line}");
    // F11 again: back to normal.
    h.key_press(egui::Key::F11);
    h.run();
    assert!(!h.state().ui_state().presentation && !theme::presentation());
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-3);
}

#[test]
fn at_1280x720_the_matrix_shows_every_construct_without_scrolling_sideways() {
    let h = sample_at_720p(Workspace::Matrix);
    let grid = h.get_by_label_contains("Matrix of 2 articles by 37 constructs").rect();
    // The first column narrows to make room: the last construct's column ends in the window.
    assert!(grid.max.x <= 1280.0, "the grid ends at {}", grid.max.x);
    assert!(grid.width() > 37.0 * 28.0 + 140.0, "row labels keep a readable width: {grid:?}");
}

#[test]
fn at_1280x720_the_page_tools_take_one_line_beside_both_panels() {
    let mut h = sample_at_720p(Workspace::Coding);
    run_until(&mut h, "the pages", |app| {
        app.session().is_some_and(|s| s.project().documents().values().next().is_some_and(|d| d.pdf.is_some()))
    });
    h.run();
    let line = h.get_by_label("Pages").rect().center().y;
    for tool in ["Text", "Fit width", "Fit page"] {
        let y = h.get_by_label(tool).rect().center().y;
        assert!((y - line).abs() < 2.0, "{tool} at y {y}, the line at {line}: the tools wrapped");
    }
    // Find… ends the title's line, inside the article's column, and the title (cut) takes
    // the rest of the line up to it.
    let find = h.get_by_label("Find…").rect();
    assert!(find.center().y < line && find.max.x <= 1280.0, "Find… at {find:?}");
    let title = h.state().session().unwrap().project().documents().values().next().unwrap().title.clone();
    let title = h.query_all_by_label(&title).map(|n| n.rect()).find(|r| (r.center().y - find.center().y).abs() < 4.0);
    let title = title.expect("the title on Find…'s line");
    let gap = find.min.x - title.max.x;
    assert!((0.0..=16.0).contains(&gap), "the title ends {gap} points before Find…: {title:?}, {find:?}");
}

/// Over the pages at 1280x720, at fit width: opening the find bar does not widen the page
/// past the view (its row once did, so that "fit width" zoomed to about 1.4 times and cut
/// the page's right side off).
#[test]
fn at_1280x720_the_find_bar_keeps_the_pages_at_fit_width() {
    let mut h = sample_at_720p(Workspace::Coding);
    run_until(&mut h, "the pages drawn", |app| {
        app.ui_state().page_view.effective_zoom > 0.0
            && app
                .pages()
                .and_then(|p| p.get(befits_coder::model::DocumentId(1)))
                .is_some_and(|d| !d.textures.is_empty())
    });
    h.run();
    let fit = h.state().ui_state().page_view.effective_zoom;
    h.get_by_label("Find…").click();
    h.run();
    let zoom = h.state().ui_state().page_view.effective_zoom;
    assert!((zoom - fit).abs() < 0.01, "fit width was {fit}, with the find bar {zoom}");
}

/// At 1280x720, editing a coding leaves no blank band between the editor and the list of the
/// article's codings: the list starts where the editor ends.
#[test]
fn at_1280x720_the_coding_list_takes_what_the_editor_leaves() {
    let mut h = sample_at_720p(Workspace::Coding);
    let project = h.state().session().unwrap().project();
    let doc = project.documents().values().next().unwrap().id;
    // A coding without a comment: the shorter editor that left the wider band.
    let coding = project.codings_of(doc).find(|c| c.comment.is_empty()).unwrap().id;
    h.state_mut().ui_state_mut().selected_coding = Some(coding);
    for _ in 0..3 {
        h.run();
    }
    let close = h.get_by_label("Close  (Esc)").rect();
    let list = h.get_by_label_contains("Codings in this article").rect();
    assert!(list.min.y - close.max.y < 30.0, "the editor ends at {}, the list starts at {}", close.max.y, list.min.y);
}
