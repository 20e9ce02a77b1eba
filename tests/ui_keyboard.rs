//! Coding from the keyboard, with construct suggestions, and coding search hits in one step.

use crate::ui_flows::harness;
use befits_coder::app::BefitsApp;
use befits_coder::model::Valence;
use befits_coder::ui::{Action, ReaderMode, Sample};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::{Duration, Instant};

fn codings(app: &BefitsApp) -> usize {
    app.session().map_or(0, |s| s.project().codings().len())
}

fn open_workshop() -> Harness<'static, BefitsApp> {
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenSample(Sample::Workshop));
    h.run();
    h.state_mut().ui_state_mut().reader_mode = ReaderMode::Text;
    h.run();
    h
}

/// Types `text` into the focused field, replacing what was there.
fn retype(h: &mut Harness<'static, BefitsApp>, text: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(text.into()));
    h.run();
}

/// Finds `words` and selects only them (Ctrl+F, type, Ctrl+Shift+Enter).
fn select_words(h: &mut Harness<'static, BefitsApp>, words: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    retype(h, words);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter);
    h.run();
}

/// Chooses a construct from the keyboard: "/" to the search, its name, Enter. First the
/// suggestions for the selection arrive (their list goes above the search and would move it
/// between two keys).
fn choose_construct(h: &mut Harness<'static, BefitsApp>, name: &str) {
    wait_for_suggestions(h);
    h.key_press(Key::Slash);
    h.run();
    h.event(egui::Event::Text(name.into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// Steps until the suggestions for the selection have arrived (computed on their thread).
fn wait_for_suggestions(h: &mut Harness<'static, BefitsApp>) {
    let start = Instant::now();
    while h.query_by_label_contains("Looking for similar passages").is_some() {
        assert!(start.elapsed() < Duration::from_secs(30), "no suggestions came");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

#[test]
fn five_passages_coded_without_the_mouse() {
    let mut h = open_workshop();
    let before = codings(h.state());
    // Each: words to find, how the construct is chosen, the valence key.
    let steps: [(&str, Option<&str>, Key, Valence); 5] = [
        ("Human resource shortages", None, Key::B, Valence::Barrier),
        ("Processes, including documentation", Some("structure"), Key::B, Valence::Barrier),
        ("different perspectives and expectations", None, Key::O, Valence::Both),
        ("an enormous task", Some("complexity"), Key::B, Valence::Barrier),
        ("determined commitment", None, Key::F, Valence::Facilitator),
    ];
    for (n, (words, construct, valence_key, valence)) in steps.into_iter().enumerate() {
        // Find the words, and take their sentence as the passage.
        h.key_press_modifiers(Modifiers::COMMAND, Key::F);
        h.run();
        retype(&mut h, words);
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        h.run();
        let sel = h.state().ui_state().reader.selection.unwrap_or_else(|| panic!("{words}: nothing selected"));
        let doc = h.state().session().unwrap().project().document(sel.document).unwrap();
        let passage = doc.page(sel.page).unwrap()[sel.start..sel.end].to_owned();
        assert!(passage.contains(words.split(' ').next().unwrap()), "{words}: {passage}");
        assert!(passage.ends_with('.'), "the whole sentence: {passage}");
        // A construct: the first suggestion (key 1), or searched for with "/".
        wait_for_suggestions(&mut h);
        match construct {
            None => h.key_press(Key::Num1),
            Some(name) => choose_construct(&mut h, name),
        }
        h.run();
        let chosen = h.state().ui_state().form.construct.clone();
        assert!(chosen.is_some(), "{words}: no construct chosen");
        h.key_press(valence_key);
        h.run();
        h.key_press(Key::C);
        h.run();
        h.event(egui::Event::Text(format!("keyboard {n}")));
        h.run();
        h.key_press(Key::Enter);
        h.run();
        assert_eq!(codings(h.state()), before + n + 1, "{words} was not coded");
        let project = h.state().session().unwrap().project();
        let last = project.codings().values().max_by_key(|c| c.id).unwrap();
        assert_eq!(last.anchor.as_text().unwrap().quote, passage);
        assert_eq!((Some(&last.construct), last.valence), (chosen.as_ref(), valence));
        assert_eq!(last.comment, format!("keyboard {n}"));
        // Esc closes the coding shown after coding; the find bar is still there.
        h.key_press(Key::Escape);
        h.run();
    }
}

#[test]
fn a_selected_passage_grows_and_shrinks_by_words_from_the_keyboard() {
    let mut h = open_workshop();
    // Only the words found, then a word more at the end and one at the start.
    select_words(&mut h, "staff attitudes");
    let passage = |h: &Harness<'static, BefitsApp>| {
        let sel = h.state().ui_state().reader.selection.expect("a selection");
        let doc = h.state().session().unwrap().project().document(sel.document).unwrap();
        doc.page(sel.page).unwrap()[sel.start..sel.end].to_owned()
    };
    assert_eq!(passage(&h), "staff attitudes");
    let keys = [
        (Modifiers::SHIFT, Key::ArrowRight, "staff attitudes and"),
        (Modifiers::SHIFT, Key::ArrowRight, "staff attitudes and shortage"),
        (Modifiers::SHIFT, Key::ArrowLeft, "staff attitudes and"),
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowLeft, "shortages, staff attitudes and"),
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight, "staff attitudes and"),
    ];
    for (modifiers, key, expected) in keys {
        h.key_press_modifiers(modifiers, key);
        h.run();
        assert_eq!(passage(&h), expected, "after {modifiers:?} {key:?}");
    }
    // The grown passage is what gets coded.
    let before = codings(h.state());
    choose_construct(&mut h, "clinical resources");
    h.key_press(Key::B);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(codings(h.state()), before + 1);
    let project = h.state().session().unwrap().project();
    let last = project.codings().values().max_by_key(|c| c.id).unwrap();
    assert_eq!(last.anchor.as_text().unwrap().quote, "staff attitudes and");
}

#[test]
fn a_construct_chosen_by_search_is_shown_in_the_list() {
    let mut h = open_workshop();
    select_words(&mut h, "staff attitudes");
    // The codebook's last construct, chosen by name: the whole list comes back, scrolled
    // to it.
    choose_construct(&mut h, "structural stigma");
    assert_eq!(
        h.state().ui_state().form.construct.as_ref().map(befits_coder::model::ConstructKey::as_str),
        Some("stigma.structural_stigma")
    );
    let row = h.get_by_role_and_label(egui::accesskit::Role::Button, "Structural stigma").rect();
    let first = h.get_by_role_and_label(egui::accesskit::Role::Button, "Family").rect();
    assert!(row.min.y > 0.0 && row.max.y < 720.0, "the chosen construct at {row:?}, off the window");
    assert!(first.max.y < row.min.y, "the list is whole again, not filtered");
}

#[test]
fn suggestions_explain_themselves_and_can_be_turned_off() {
    let mut h = open_workshop();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    retype(&mut h, "shortage of equipment");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    wait_for_suggestions(&mut h);
    // Three constructs, each with a reason: a similar coded passage or definition words.
    for i in 1..=3 {
        h.get_by_label_contains(&format!("{i}  "));
    }
    assert!(
        h.query_all_by_label_contains("like “").next().is_some()
            || h.query_all_by_label_contains("definition: ").next().is_some(),
        "no reason shown"
    );
    h.get_by_label("hide").click();
    h.run();
    assert!(h.state().ui_state().suggestions_off);
    assert!(h.query_by_label_contains("1  ").is_none(), "hidden");
    h.key_press(Key::Num1);
    h.run();
    assert!(h.state().ui_state().form.construct.is_none(), "1 chooses nothing while they are off");
}

#[test]
fn search_hits_in_every_article_coded_in_one_undoable_step() {
    let mut h = open_workshop();
    let before = codings(h.state());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    h.event(egui::Event::Text("supervision".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let window = h.state().ui_state().code_hits.clone().expect("the window is open");
    let found = window.hits.len();
    let articles = {
        let mut d: Vec<_> = window.hits.iter().map(|(hit, _)| hit.document).collect();
        d.dedup();
        d.len()
    };
    assert!(found >= 3 && articles >= 1, "{found} hits in {articles} articles");
    // Leave the first hit out, choose a construct and a valence, and code the rest.
    h.query_all_by_label_contains("Hit ").next().unwrap().click();
    h.run();
    h.get_by_label("Find construct").focus();
    h.run();
    h.event(egui::Event::Text("training supervision".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Barrier").click();
    h.run();
    h.get_by_label(&format!("Code {} passages", found - 1)).click();
    h.run();
    let project = h.state().session().unwrap().project();
    assert_eq!(codings(h.state()), before + found - 1);
    let added: Vec<_> = project
        .codings()
        .values()
        .filter(|c| c.id.0 >= project.next_coding_id().0 - u32::try_from(found - 1).unwrap())
        .collect();
    assert!(
        added.iter().all(|c| c.valence == Valence::Barrier
            && c.anchor.as_text().unwrap().quote.to_lowercase().contains("supervision"))
    );
    h.get_by_label_contains("Ctrl+Z takes them back");
    // The same again codes nothing new: every passage is already coded so.
    h.get_by_label("Choose all").click();
    h.run();
    h.get_by_label(&format!("Code {found} passages")).click();
    h.run();
    assert_eq!(codings(h.state()), before + found, "only the one left out was added");
    h.get_by_label_contains(&format!("{} already coded so", found - 1));
    // One undo takes back one batch.
    h.key_press(Key::Escape);
    h.run();
    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(codings(h.state()), before + found - 1);
    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(codings(h.state()), before);
}

#[test]
fn the_codebook_tab_renames_adds_and_merges_constructs_each_as_one_step() {
    let mut h = open_workshop();
    h.state_mut().ui_state_mut().workspace = befits_coder::ui::Workspace::Codebook;
    h.run();
    let before = h_codebook(&h).constructs.len();
    // Rename "Family".
    h.get_by_label("Family").click();
    h.run();
    crate::ui_flows::text_input(&h, "Label").focus();
    h.run();
    retype(&mut h, "Family support");
    h.get_by_label("Apply").click();
    h.run();
    let family = h_codebook(&h).constructs.iter().find(|c| c.label == "Family support").map(|c| c.key.clone());
    assert!(family.is_some(), "renamed");
    // Add a construct to the client domain.
    h.get_by_role_and_label(egui::Role::ComboBox, "Domain").click();
    h.run();
    h.get_by_label("I. Client characteristics").click();
    h.run();
    crate::ui_flows::type_into(&mut h, "New label", "Transport vouchers");
    h.get_by_label("Add construct").click();
    h.run();
    assert_eq!(h_codebook(&h).constructs.len(), before + 1);
    let added =
        h_codebook(&h).constructs.iter().find(|c| c.label == "Transport vouchers").map(|c| c.key.clone()).unwrap();
    // Merge the new one into "Family support": retired, one step.
    h.get_by_label("Transport vouchers").click();
    h.run();
    h.get_by_label("Merge into another construct…").click();
    h.run();
    crate::ui_flows::type_into(&mut h, "Find construct", "family support");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Merge").click();
    h.run();
    assert!(h_codebook(&h).construct(&added).unwrap().retired, "merged away");
    h.state_mut().queue(Action::Undo);
    h.run();
    assert!(!h_codebook(&h).construct(&added).unwrap().retired, "one undo brings it back");
}

fn h_codebook(h: &Harness<'static, BefitsApp>) -> befits_coder::model::Codebook {
    h.state().session().unwrap().project().codebook().clone()
}

#[test]
fn the_find_button_puts_the_cursor_in_the_find_field() {
    let mut h = open_workshop();
    h.get_by_label("Find…").click();
    h.run();
    h.event(egui::Event::Text("policy".into()));
    h.run();
    assert_eq!(h.state().ui_state().search.query, "policy", "typed straight after clicking Find…");
}
