//! Pair review over several sittings: the decisions saved in a consensus are taken up again
//! (when A and B are compared again, and from the consensus itself), every advertised key
//! does what its button says, a reason is asked for, and both coders' comments are kept.

use crate::ui_flows::{run_until, test_config, type_into};
use befits_coder::app::{AppConfig, BefitsApp};
use befits_coder::model::{Anchor, Choice, Coding, Edit, TextAnchor, Valence};
use befits_coder::persistence::load;
use befits_coder::ui::Action;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};

const REASON: &str = "Reason";

fn harness(config: AppConfig) -> Harness<'static, BefitsApp> {
    let mut h = Harness::builder()
        .with_size([1440.0, 900.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None));
    run_until(&mut h, "the start", |app| !app.is_scanning_for_unsaved_work());
    h
}

/// The workshop pair, copied to a folder of its own.
pub fn pair() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("ama.ron"), dir.path().join("ben.ron"));
    std::fs::copy(samples.join("pair-ama.ron"), &a).unwrap();
    std::fs::copy(samples.join("pair-ben.ron"), &b).unwrap();
    (dir, a, b)
}

/// Coder A's project of the pair open, its comparison with B started (one frame): B still
/// being compared in the background.
pub fn comparison_started(also: Option<Action>) -> (tempfile::TempDir, Harness<'static, BefitsApp>) {
    let (dir, a, b) = pair();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenProject(a));
    crate::ui_flows::wait_opened(&mut h);
    h.state_mut().queue(Action::Compare(b));
    // In the same frame, before the comparison's result can be taken in.
    if let Some(action) = also {
        h.state_mut().queue(action);
    }
    h.step();
    assert!(h.state().is_busy(), "the comparison runs in the background");
    (dir, h)
}

fn compare(h: &mut Harness<'static, BefitsApp>, a: &Path, b: &Path) {
    h.state_mut().queue(Action::OpenProject(a.to_path_buf()));
    crate::ui_flows::wait_opened(h);
    h.state_mut().queue(Action::Compare(b.to_path_buf()));
    h.run();
}

/// The two sample coders compared in a 1280x720 window (a projector's); the folder of their
/// files is kept while it lives.
fn compared_at_720p() -> (tempfile::TempDir, Harness<'static, BefitsApp>) {
    let (dir, a, b) = pair();
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, test_config(), None));
    run_until(&mut h, "the start", |app| !app.is_scanning_for_unsaved_work());
    compare(&mut h, &a, &b);
    (dir, h)
}

fn settled(app: &BefitsApp) -> usize {
    app.comparison().unwrap().settled()
}

fn total(app: &BefitsApp) -> usize {
    app.comparison().unwrap().reconcile.disagreements.len()
}

/// Types a reason and leaves the field, so that the review's keys reach the review.
fn reason(h: &mut Harness<'static, BefitsApp>, text: &str) {
    type_into(h, REASON, text);
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn a_saved_reconciliation_is_continued_where_it_stopped() {
    let (dir, a, b) = pair();
    let mut h = harness(test_config());
    compare(&mut h, &a, &b);
    let n = total(h.state());
    type_into(&mut h, "Reviewer", "Lead author");
    reason(&mut h, "Present in the text");
    h.key_press(Key::A);
    h.run();
    reason(&mut h, "Not about this construct");
    h.key_press(Key::N);
    h.run();
    assert_eq!(settled(h.state()), 2);
    let consensus = dir.path().join("consensus.ron");
    h.state_mut().queue(Action::SaveConsensus(consensus.clone()));
    h.run();
    h.state_mut().queue(Action::CloseComparison);
    h.run();

    // Another sitting: A and B compared again pick the saved decisions up.
    compare(&mut h, &a, &b);
    assert_eq!(settled(h.state()), 2, "the earlier decisions are settled again");
    h.get_by_label_contains(&format!("2 of {n} settled"));
    h.get_by_label_contains("Continued the review saved in");
    let decided: Vec<(Choice, String, String)> = h
        .state()
        .comparison()
        .unwrap()
        .decisions
        .values()
        .map(|s| (s.choice.clone(), s.comment.clone(), s.by.clone()))
        .collect();
    assert!(decided.contains(&(Choice::KeepA, "Present in the text".into(), "Lead author".into())), "{decided:?}");
    // Each stays changeable: back to the first, unsettle it, settle it another way.
    h.state_mut().ui_state_mut().review_cursor = 0;
    h.run();
    h.get_by_label_contains("(by Lead author");
    h.key_press(Key::U);
    h.run();
    assert_eq!(settled(h.state()), 1);
    reason(&mut h, "On reflection, neither");
    h.key_press(Key::N);
    h.run();
    assert_eq!(settled(h.state()), 2);

    // A new coding in A since then is a new disagreement, open, never merged silently.
    let (doc, page) = {
        let p = h.state().session().unwrap().project();
        let d = p.documents().values().next().unwrap();
        (d.id, d.pages[0].clone())
    };
    let end = page.char_indices().nth(40).map_or(page.len(), |(i, _)| i);
    let coding = Coding {
        id: h.state().session().unwrap().project().next_coding_id(),
        document: doc,
        anchor: Anchor::Text(TextAnchor::new(&page, 0, 0, end).unwrap()),
        construct: befits_coder::model::ConstructKey::new("societal.religion_spirituality"),
        valence: Valence::Both,
        comment: "added after the first sitting".into(),
        coder: "Ama".into(),
        created: "2026-12-02T10:00:00Z".into(),
        provenance: Vec::new(),
    };
    h.state_mut().queue(Action::Edit { edit: Edit::AddCoding(coding), label: "Code".into() });
    h.run();
    assert_eq!(total(h.state()), n + 1);
    assert_eq!(settled(h.state()), 2, "the new one is open");
    h.state_mut().queue(Action::SaveConsensus(consensus.clone()));
    h.run();
    let record = load(&consensus).unwrap().project.reconciliation().unwrap().clone();
    assert_eq!(record.decisions.len(), 2);
    assert!(record.reasons_required);
    assert!(record.decisions.iter().all(|d| d.by == "Lead author"));

    // From the consensus itself: "Continue the review" opens A with B, decisions taken up.
    h.state_mut().queue(Action::CloseComparison);
    h.run();
    h.state_mut().queue(Action::OpenProject(consensus.clone()));
    h.run();
    h.get_by_label("Don't save").click(); // the coding added to A above
    crate::ui_flows::wait_opened(&mut h);
    h.get_by_label("Continue the review of ama.ron and ben.ron").click();
    crate::ui_flows::wait_opened(&mut h);
    let s = h.state().session().unwrap();
    assert_eq!(s.path(), Some(a.as_path()), "coder A's project is open");
    assert_eq!(settled(h.state()), 2);
    assert_eq!(
        h.state().comparison().unwrap().consensus_path.as_deref(),
        Some(consensus.as_path()),
        "saved to the same consensus by default"
    );
}

#[test]
fn every_advertised_review_key_does_what_its_button_says() {
    let (_dir, a, b) = pair();
    let mut h = harness(test_config());
    compare(&mut h, &a, &b);
    let n = total(h.state());
    // A settles "keep A" where A coded; the cursor moves on.
    let kinds: Vec<(bool, bool)> = h
        .state()
        .comparison()
        .unwrap()
        .reconcile
        .disagreements
        .iter()
        .map(|d| (d.a.is_some(), d.b.is_some()))
        .collect();
    assert!(kinds.contains(&(true, true)), "the pair has a valence disagreement to keep both of");
    let both = kinds.iter().position(|k| *k == (true, true)).unwrap();
    // ↓ and J move down, ↑ and K up.
    h.state_mut().ui_state_mut().review_cursor = 0;
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().ui_state().review_cursor, 1);
    h.key_press(Key::J);
    h.run();
    assert_eq!(h.state().ui_state().review_cursor, 2.min(n - 1));
    h.key_press(Key::K);
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().ui_state().review_cursor, 0);
    // O keeps both (its button says so); K no longer does anything but move.
    h.get_by_label("Keep both  (O)");
    h.state_mut().ui_state_mut().review_cursor = both;
    h.run();
    reason(&mut h, "Both readings hold");
    h.key_press(Key::O);
    h.run();
    let key = h.state().comparison().unwrap().reconcile.disagreements[both].key.clone();
    assert_eq!(h.state().comparison().unwrap().decisions[&key].choice, Choice::KeepBoth);
    // U unsettles it again.
    h.state_mut().ui_state_mut().review_cursor = both;
    h.run();
    h.key_press(Key::U);
    h.run();
    assert!(!h.state().comparison().unwrap().decisions.contains_key(&key));
    // A, B, N settle as their buttons say; E opens the editor.
    for (key_press, want) in [(Key::A, Choice::KeepA), (Key::B, Choice::KeepB), (Key::N, Choice::KeepNeither)] {
        h.state_mut().ui_state_mut().review_cursor = both;
        h.run();
        reason(&mut h, "as discussed");
        h.key_press(key_press);
        h.run();
        assert_eq!(h.state().comparison().unwrap().decisions[&key].choice, want, "{key_press:?}");
        h.state_mut().ui_state_mut().review_cursor = both;
        h.run();
        h.key_press(Key::U);
        h.run();
    }
    h.key_press(Key::E);
    h.run();
    assert!(h.state().ui_state().review_edit.is_some(), "E opens the editor");
    h.get_by_label("Settle with this coding");
}

#[test]
fn a_decision_without_a_reason_is_asked_for_one_unless_reasons_are_optional() {
    let (_dir, a, b) = pair();
    let mut h = harness(test_config());
    compare(&mut h, &a, &b);
    let buttons = h.get_by_label("Keep neither  (N)").rect();
    h.key_press(Key::N);
    h.run();
    assert_eq!(settled(h.state()), 0, "not settled without a reason");
    // Said in the reason's field, which is ready for typing; the buttons stay where they
    // were (a line added under them moved them up under the pointer).
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, REASON);
    let hint = field.accesskit_node().placeholder().map(str::to_owned).unwrap_or_default();
    assert!(hint.starts_with("Type a reason first"), "{hint}");
    assert!(field.is_focused());
    assert_eq!(h.get_by_label("Keep neither  (N)").rect(), buttons, "the buttons did not move");
    h.get_by_label("Every decision needs a reason").click();
    h.run();
    h.key_press(Key::N);
    h.run();
    assert_eq!(settled(h.state()), 1, "settled once reasons are optional");
}

#[test]
fn an_edit_keeps_both_coders_comments_beside_the_reason_and_records_the_result() {
    let (dir, a, b) = pair();
    let mut h = harness(test_config());
    compare(&mut h, &a, &b);
    let c = h.state().comparison().unwrap();
    let i = c.reconcile.disagreements.iter().position(|d| d.a.is_some() && d.b.is_some()).unwrap();
    let d = c.reconcile.disagreements[i].clone();
    let a_comment = h.state().session().unwrap().project().coding(d.a.unwrap()).unwrap().comment.clone();
    let b_comment = c.other.coding(d.b.unwrap()).unwrap().comment.clone();
    assert!(!a_comment.is_empty() || !b_comment.is_empty(), "the sample's coders commented");
    h.state_mut().ui_state_mut().review_cursor = i;
    h.run();
    reason(&mut h, "Agreed in the meeting");
    h.key_press(Key::E);
    h.run();
    h.get_by_label("B/F").click();
    h.run();
    let settle = h.get_by_label("Settle with this coding").rect();
    assert!(settle.max.y < 900.0 - 24.0, "in view without scrolling: {settle:?}");
    h.get_by_label("Settle with this coding").click();
    h.run();
    let out = dir.path().join("consensus.ron");
    h.state_mut().queue(Action::SaveConsensus(out.clone()));
    h.run();
    let consensus = load(&out).unwrap().project;
    let record = consensus.reconciliation().unwrap();
    let decision = record.decisions.iter().find(|x| matches!(x.choice, Choice::Edited { .. })).unwrap();
    let result = decision.result.clone().expect("the edit's coding is recorded");
    assert_eq!(result.valence, Valence::Both);
    let coding = consensus
        .codings()
        .values()
        .find(|c| c.anchor == result.anchor && c.construct == result.construct && c.valence == Valence::Both)
        .unwrap();
    assert!(coding.comment.starts_with("Reason: Agreed in the meeting"), "{}", coding.comment);
    for (coder, text) in [("Ama", &a_comment), ("Ben", &b_comment)] {
        if !text.is_empty() {
            assert!(coding.comment.contains(&format!("{coder}: {}", text.trim())), "{}", coding.comment);
        }
    }
}

#[test]
fn enter_in_the_comment_box_codes_and_shift_enter_adds_a_line() {
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.run();
    h.state_mut().ui_state_mut().reader_mode = befits_coder::ui::ReaderMode::Text;
    let before = h.state().session().unwrap().project().codings().len();
    let doc = h.state().session().unwrap().project().documents().values().next().unwrap().clone();
    // A passage nobody coded yet: the first words of the last page.
    let page = doc.pages.len() - 1;
    let end = doc.pages[page].char_indices().nth(30).map_or(doc.pages[page].len(), |(i, _)| i);
    h.state_mut().ui_state_mut().document = Some(doc.id);
    h.state_mut().ui_state_mut().select_passage(&doc, page, 0, end);
    h.run();
    type_into(&mut h, "Find construct", "religion");
    h.key_press(Key::Enter);
    h.run();
    h.key_press(Key::F);
    h.run();
    let role = egui::accesskit::Role::MultilineTextInput;
    h.get_by_role_and_label(role, "Comment (optional)").focus();
    h.run();
    h.get_by_role_and_label(role, "Comment (optional)").type_text("first line");
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, Key::Enter);
    h.run();
    h.get_by_role_and_label(role, "Comment (optional)").type_text("second line");
    h.run();
    assert_eq!(h.state().session().unwrap().project().codings().len(), before, "Shift+Enter does not code");
    h.key_press(Key::Enter);
    h.run();
    let p = h.state().session().unwrap().project();
    assert_eq!(p.codings().len(), before + 1, "Enter in the comment box codes the passage");
    let c = p.codings().values().max_by_key(|c| c.id).unwrap();
    assert_eq!(c.comment, "first line\nsecond line");
    assert_eq!(c.construct.as_str(), "societal.religion_spirituality");
    assert_eq!(c.valence, Valence::Facilitator);
}

#[test]
fn at_1280x720_rows_stay_inside_their_panels_and_tab_brings_the_cell_into_view() {
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_max_steps(64)
        .build_eframe(|cc| BefitsApp::new(cc, test_config(), None));
    run_until(&mut h, "the start", |app| !app.is_scanning_for_unsaved_work());
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.run();
    h.state_mut().ui_state_mut().reader_mode = befits_coder::ui::ReaderMode::Text;
    h.run();
    // The coding list starts right under the hint, and no row runs past the window's edge.
    let codings: Vec<_> = h.state().session().unwrap().project().codings().keys().copied().collect();
    let mut seen = 0;
    for id in codings {
        let label = befits_coder::ui::row_label(id);
        if let Some(row) = h.query_by_label(&label) {
            let r = row.rect();
            assert!(r.max.x <= 1280.0, "{label} runs past the edge: {r:?}");
            seen += 1;
        }
    }
    assert!(seen >= 3, "the list shows rows at once, not under a blank area: {seen}");
    // Messages: one strip, with a count of the others.
    h.state_mut().queue(Action::Notify("first".into()));
    h.state_mut().queue(Action::Notify("second".into()));
    h.run();
    assert!(h.query_by_label("first").is_none(), "older messages fold away");
    h.get_by_label("second");
    h.get_by_label_contains("more ▾").click();
    h.run();
    h.get_by_label("first");

    // The extraction table: Tab walks to cells far to the right and brings each into view.
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Review));
    h.run();
    h.get_by_label("Articles & studies").click();
    h.run();
    let doc = h.state().session().unwrap().project().documents().values().next().unwrap().clone();
    h.get_by_label(&format!("{} author_year", doc.title)).click();
    h.run();
    // author_year, title, countries, region, condition_group, conditions, model, stage, assessed
    for _ in 0..8 {
        h.key_press(Key::Tab);
        h.run();
        h.run();
    }
    let edit = h.state().ui_state().cell_edit.clone().expect("a cell is open");
    assert_eq!(edit.column, "field:assessed", "Tab moved along the row");
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, &format!("{} assessed", doc.title)).rect();
    assert!(field.min.x >= 0.0 && field.max.x <= 1280.0 + 1.0, "scrolled into view: {field:?}");
    // Study and Article stay in place while the fields scroll sideways.
    let study = h.get_by_label("Study").rect();
    assert!(study.min.x < 400.0, "the Study column is still at the left: {study:?}");
}

/// At a projector's 1280x720, what each coder did stays in view with the decision, for every
/// disagreement and while an edited coding is being made: the passage scrolls, not the two
/// codings being decided between.
#[test]
fn at_1280x720_both_codings_stay_in_view_with_the_decision() {
    let (_dir, mut h) = compared_at_720p();
    let n = total(h.state());
    assert!(n >= 3);
    // The passage and the decision keep most of the width; the statistics scroll sideways.
    // The reason's line (its label, then its field) spans the decision's column.
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, REASON).rect();
    let label = h.get_by_role_and_label(egui::accesskit::Role::Label, REASON).rect();
    let line = field.max.x - label.min.x;
    assert!(line >= 450.0 && field.width() >= 350.0, "the reason's line is {line} wide, its field {}", field.width());
    for (i, editing) in (0..n).map(|i| (i, false)).chain([(0, true), (n - 1, true)]) {
        h.state_mut().ui_state_mut().review_cursor = i;
        h.run();
        if editing {
            // Clicked at once after moving to another disagreement (whose codings are
            // taller or shorter): the panel is laid out anew in the same frame, so the
            // button is where it is drawn.
            h.get_by_label("Edit…  (E)").click();
            h.run();
            assert!(h.state().ui_state().review_edit.is_some(), "the editor is open");
            // Above the status bar, inside the panel (Cancel is clicked below).
            let settle = h.get_by_label("Settle with this coding").rect();
            let status = h.get_by_label_contains("codings · coder").rect();
            assert!(settle.max.y < status.min.y, "the editor's button at {settle:?}, the status bar at {status:?}");
            // Each coder's card is one line, so the passage keeps a few lines above them.
            let heading = h.get_by_label_contains(" · page ").rect();
            let coder = format!("A: {}", h.state().session().unwrap().project().coder());
            let card = h.get_by_label(&coder).rect();
            assert!(card.min.y - heading.max.y >= 3.0 * 18.0, "the passage between {heading:?} and {card:?}");
        }
        let app = h.state();
        let (session, cmp) = (app.session().unwrap(), app.comparison().unwrap());
        let d = &cmp.reconcile.disagreements[i];
        // Each side's construct and comment, as the cards show them (while a coding is
        // edited, its comment on hover).
        let mut texts = Vec::new();
        for (project, id) in [(session.project(), d.a), (&cmp.other, d.b)] {
            if let Some(c) = id.and_then(|id| project.coding(id)) {
                texts.push(project.codebook().display_path(&c.construct));
                if !c.comment.is_empty() && !editing {
                    texts.push(c.comment.clone());
                }
            }
        }
        assert!(!texts.is_empty());
        let reason = h.get_by_label(REASON).rect();
        for t in texts {
            let shown: Vec<_> = h.query_all_by_label(&t).map(|n| n.rect()).collect();
            assert!(
                shown.iter().any(|r| r.min.y >= 150.0 && r.max.y <= reason.min.y),
                "disagreement {i} (editing: {editing}): {t:?} at {shown:?}, the reason field at {reason:?}"
            );
        }
        if editing {
            // The editor takes the choices' place until it is cancelled.
            assert!(h.query_by_label("Keep neither  (N)").is_none(), "the choices beside the editor");
            h.get_by_label("Cancel").click();
            h.run();
        }
        let keep = h.get_by_label("Keep neither  (N)").rect();
        assert!(keep.max.y <= 720.0, "the buttons at {keep:?}");
    }
}

/// At 1280x720 the statistics beside the disagreements show every figure of every table
/// without sideways scrolling: long domain and construct names are cut instead.
#[test]
fn at_1280x720_the_agreement_tables_show_every_figure() {
    let (_dir, h) = compared_at_720p();
    let disagreements = h.get_by_label("Disagreements").rect();
    // The overall table names the coefficients in full; the tables by domain and by
    // construct (κ and α, named on hover) leave their names more room.
    let alphas: Vec<_> =
        h.query_all_by_label("Krippendorff's α").chain(h.query_all_by_label("α")).map(|n| n.rect()).collect();
    assert_eq!(alphas.len(), 3, "{alphas:?}");
    for r in alphas {
        assert!(r.max.x < disagreements.min.x, "α heading at {r:?}, the disagreements from {}", disagreements.min.x);
    }
    // A domain name of ordinary length shows whole: as wide as its text, not cut to the
    // column (the whole name is the label either way; its width tells).
    let name = "I. Client characteristics";
    let shown = h.get_by_label(name).rect().width();
    let body = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    let whole = h.ctx.fonts_mut(|f| f.layout_no_wrap(name.to_owned(), body, egui::Color32::BLACK).size().x);
    assert!(shown >= whole - 0.5, "{name:?} is {shown} wide, its text {whole}: cut");
}

/// Stop means nothing changes: a comparison stopped after its work was done (its result
/// waiting for the next frame) does not open.
#[test]
fn a_comparison_stopped_late_does_not_open() {
    let (_dir, mut h) = comparison_started(None);
    // The two small projects are compared in milliseconds; Stop comes after that, before
    // the window takes the result in.
    std::thread::sleep(std::time::Duration::from_millis(500));
    h.state_mut().cancel_work();
    run_until(&mut h, "the stop", |app| !app.is_busy());
    assert!(h.state().comparison().is_none(), "a stopped comparison opened");
    assert!(h.state().messages().iter().any(|m| m.text.contains("stopped; nothing was changed")));
}

/// The pair-review sample (for workshops, with nothing but the app): Ama's project opens as
/// a sample, compared with Ben's, both built in; the review is ready to settle, with the
/// articles' pages at hand.
#[test]
fn the_pair_sample_opens_a_review_ready_to_settle() {
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Pair));
    run_until(&mut h, "the comparison", |app| app.comparison().is_some());
    h.run();
    let app = h.state();
    let session = app.session().unwrap();
    assert!(session.is_sample() && session.path().is_none(), "a sample: Save as… keeps a copy");
    assert_eq!(session.project().coder(), "Ama");
    let c = app.comparison().unwrap();
    assert_eq!(c.other.coder(), "Ben");
    // B is named as the built-in sample it is, not as a file of the source tree.
    h.get_by_label("B: Ben (built-in sample pair-ben.ron)");
    // The same disagreements as comparing the two files of sample_projects.
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_projects");
    let (a, b) = (load(&samples.join("pair-ama.ron")).unwrap(), load(&samples.join("pair-ben.ron")).unwrap());
    let files = befits_coder::analysis::consensus::reconcile(&a.project, &b.project, 0.5);
    assert_eq!(c.reconcile.disagreements.len(), files.disagreements.len());
    assert!(!files.disagreements.is_empty());
    assert_eq!(app.ui_state().workspace, befits_coder::ui::Workspace::Review);
    h.get_by_label_contains("disagreements to settle");
    h.get_by_label_contains("Keep neither");
    // The articles' PDFs are the built-in ones, placed in the data folder.
    assert!(session.project().documents().values().all(|d| d.pdf.as_ref().is_some_and(|p| p.path.is_file())));
}
