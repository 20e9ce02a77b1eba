//! File dialogs always work: where the system's dialog cannot open, the in-app path field
//! takes over, starting in the project's folder, and the action goes on.

use crate::ui_flows::{run_until, test_config};
use crate::ui_review::{comparison_started, pair};
use befits_coder::app::{AppConfig, BefitsApp, FileDialogs};
use befits_coder::persistence::load;
use befits_coder::ui::{Action, FilePurpose};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::Path;

fn harness(config: AppConfig) -> Harness<'static, BefitsApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None));
    run_until(&mut h, "the start", |app| !app.is_scanning_for_unsaved_work());
    h
}

/// Replaces the text of the focused path field, as a person would: select all, type.
fn retype_path(h: &mut Harness<'static, BefitsApp>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label).type_text(text);
    h.run();
}

#[test]
fn save_as_without_a_dialog_service_asks_in_the_app_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(AppConfig { file_dialogs: FileDialogs::InApp, ..test_config() });
    h.state_mut().queue(Action::NewProject { name: "Field notes".into(), coder: "Ana".into() });
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
    h.run();
    let prompt = h.state().ui_state().path_prompt.clone().expect("the in-app field opens");
    assert_eq!(prompt.purpose, FilePurpose::SaveProjectAs);
    assert!(prompt.text.ends_with("Field notes.ron"), "a suggested name: {}", prompt.text);
    h.get_by_label("Save project as");
    h.get_by_label_contains("cannot be opened here");
    let target = dir.path().join("notes");
    retype_path(&mut h, "Save to", target.to_str().unwrap());
    h.get_by_label("Save").click();
    h.run();
    crate::ui_flows::wait_saved(&mut h);
    let saved = dir.path().join("notes.ron");
    assert_eq!(load(&saved).unwrap().project.name(), "Field notes", ".ron is added");
    let s = h.state().session().unwrap();
    assert_eq!(s.path(), Some(saved.as_path()));
    assert!(!s.is_dirty() && h.state().ui_state().path_prompt.is_none());
}

#[test]
fn save_consensus_falls_back_to_the_field_where_the_system_dialog_cannot_open() {
    let (dir, a, b) = pair();
    // The system's dialogs, as a user has them: here (no desktop portal) they cannot open.
    let mut h = harness(AppConfig { file_dialogs: FileDialogs::System, ..test_config() });
    h.state_mut().queue(Action::OpenProject(a.clone()));
    crate::ui_flows::wait_opened(&mut h);
    h.state_mut().queue(Action::Compare(b));
    h.run();
    // The review's own button (the Review menu has the same).
    h.get_by_label("Save consensus…").click();
    h.run();
    let prompt = h.state().ui_state().path_prompt.clone().expect("the in-app field instead of nothing");
    let start = dir.path().join("consensus.ron");
    assert_eq!(Path::new(&prompt.text), start, "it starts in the project's folder");
    h.get_by_label("Save").click();
    h.run();
    let consensus = load(&start).unwrap().project;
    assert!(consensus.reconciliation().is_some(), "the consensus was saved");
    h.get_by_label_contains("Consensus saved with");
}

#[test]
fn saving_before_quitting_through_the_field_goes_on_to_the_next_action() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(AppConfig { file_dialogs: FileDialogs::InApp, ..test_config() });
    h.state_mut().queue(Action::NewProject { name: "First".into(), coder: "Ana".into() });
    h.run();
    h.state_mut().queue(Action::Edit {
        edit: befits_coder::model::Edit::SetProjectInfo { name: "First, edited".into(), coder: "Ana".into() },
        label: "Rename".into(),
    });
    h.run();
    h.state_mut().queue(Action::NewProject { name: "Second".into(), coder: "Ana".into() });
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().ui_state().path_prompt.is_some());
    retype_path(&mut h, "Save to", dir.path().join("first.ron").to_str().unwrap());
    h.get_by_label("Save").click();
    h.run();
    crate::ui_flows::wait_saved(&mut h);
    h.run();
    assert_eq!(load(&dir.path().join("first.ron")).unwrap().project.name(), "First, edited");
    assert_eq!(h.state().session().unwrap().project().name(), "Second", "the new project followed");
}

#[test]
fn the_window_keeps_drawing_while_a_slow_save_writes_a_consistent_snapshot() {
    use befits_coder::model::Edit;
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig { save_delay: Duration::from_millis(1500), ..test_config() };
    let mut h = harness(config);
    h.state_mut().queue(Action::NewProject { name: "Before the save".into(), coder: "Ana".into() });
    h.run();
    let path = dir.path().join("slow.ron");
    h.state_mut().queue(Action::SaveTo(path.clone()));
    h.step();
    assert!(h.state().is_saving(), "the save runs in the background");
    // Frames go on: the window draws and takes edits while the save is under way.
    let start = Instant::now();
    let mut frames = 0;
    while start.elapsed() < Duration::from_millis(600) {
        h.step();
        frames += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(h.state().is_saving(), "still saving after 0.6 s");
    assert!(frames >= 20, "only {frames} frames while saving");
    h.get_by_label_contains("Saving slow.ron…");
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetProjectInfo { name: "Edited during the save".into(), coder: "Ana".into() },
        label: "Rename".into(),
    });
    h.step();
    crate::ui_flows::wait_saved(&mut h);
    // The file holds the project as it was when saving began; the later edit is unsaved.
    assert_eq!(load(&path).unwrap().project.name(), "Before the save");
    let s = h.state().session().unwrap();
    assert_eq!(s.project().name(), "Edited during the save");
    assert!(s.is_dirty(), "the edit made during the save is still to be saved");
    assert_eq!(s.path(), Some(path.as_path()));
}

#[test]
fn an_export_runs_in_the_background_and_reports_when_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Review));
    h.run();
    let out = dir.path().join("diagram.png");
    h.state_mut().queue(Action::Export(befits_coder::export::ExportFormat::DiagramPng, out.clone()));
    h.step();
    assert!(h.state().is_busy(), "the export is under way off the UI thread");
    run_until(&mut h, "the export", |app| !app.is_busy());
    assert!(std::fs::read(&out).unwrap().starts_with(b"\x89PNG"));
    h.get_by_label_contains("Exported Nested-domain diagram (PNG) to");
}

#[test]
fn a_project_is_read_in_the_background_and_a_comparison_asked_meanwhile_follows_it() {
    let (_dir, a, b) = pair();
    let mut h = harness(test_config());
    // Asked together, as `befits-coder ama.ron --compare ben.ron` does: the frame that
    // starts the reading ends without it, and the comparison waits for coder A's project.
    h.state_mut().queue(Action::OpenProject(a.clone()));
    h.state_mut().queue(Action::Compare(b.clone()));
    h.step();
    assert!(h.state().is_opening() && h.state().session().is_none(), "the frame did not wait for the file");
    crate::ui_flows::wait_opened(&mut h);
    assert_eq!(h.state().session().unwrap().path(), Some(a.as_path()));
    run_until(&mut h, "the comparison", |app| app.comparison().is_some());
}

#[test]
fn a_project_edited_while_another_is_read_is_not_replaced() {
    use befits_coder::model::Edit;
    let (_dir, a, b) = pair();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenProject(a.clone()));
    crate::ui_flows::wait_opened(&mut h);
    // B is asked for (A has no unsaved changes, so nothing is asked), then A is edited in
    // the same frame, before B has been read.
    h.state_mut().queue(Action::OpenProject(b));
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetProjectInfo { name: "Renamed meanwhile".into(), coder: "Ama".into() },
        label: "Rename".into(),
    });
    h.step();
    crate::ui_flows::wait_opened(&mut h);
    let s = h.state().session().unwrap();
    assert_eq!(s.path(), Some(a.as_path()), "the edited project stays open");
    assert_eq!(s.project().name(), "Renamed meanwhile");
    assert!(h.state().messages().iter().any(|m| m.text.contains("was not opened")), "{:?}", h.state().messages());
}

#[test]
fn a_project_made_while_a_file_is_read_is_kept() {
    let (_dir, a, _) = pair();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenProject(a));
    h.state_mut().queue(Action::NewProject { name: "Made meanwhile".into(), coder: "Ana".into() });
    h.step();
    run_until(&mut h, "the reading to end", |app| !app.is_busy());
    h.run();
    assert_eq!(h.state().session().unwrap().project().name(), "Made meanwhile");
}

#[test]
fn a_comparison_queued_behind_a_project_that_cannot_be_read_says_so() {
    let (dir, _, b) = pair();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format: \"befits-coder-project\", version: 5, project: (").unwrap();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenProject(broken));
    h.state_mut().queue(Action::Compare(b));
    crate::ui_flows::wait_opened(&mut h);
    h.run();
    assert!(h.state().session().is_none() && h.state().comparison().is_none());
    let texts: Vec<&str> = h.state().messages().iter().map(|m| m.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains("was not started")), "{texts:?}");
}

#[test]
fn a_codebook_is_read_in_the_background_and_never_overwrites_one_edited_meanwhile() {
    use befits_coder::model::Edit;
    use befits_coder::persistence::codebook_csv;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::NewProject { name: "Codebook".into(), coder: "Ana".into() });
    h.run();
    let constructs =
        |h: &Harness<'static, BefitsApp>| h.state().session().unwrap().project().codebook().constructs.len();
    let base = h.state().session().unwrap().project().codebook().clone();
    let grown = dir.path().join("grown.csv");
    let row =
        "stigma.anticipated,stigma,Anticipated stigma,\"Fear of being labelled, before any contact.\",,construct,\n";
    std::fs::write(&grown, format!("{}{row}", codebook_csv(&base))).unwrap();
    // Read off the UI thread; the construct arrives when it is done, as one undoable step.
    h.state_mut().queue(Action::ImportCodebook(grown.clone()));
    h.step();
    assert!(h.state().is_busy() && constructs(&h) == 37, "the file is read in the background");
    run_until(&mut h, "the import", |app| app.messages().iter().any(|m| m.text.contains("1 new constructs")));
    assert_eq!(constructs(&h), 38);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(constructs(&h), 37, "undone in one step");
    // A file with a row the codebook cannot take is refused with its line.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{}x.y,nowhere,Lost,,,construct,\n", codebook_csv(&base))).unwrap();
    h.state_mut().queue(Action::ImportCodebook(bad));
    run_until(&mut h, "the refusal", |app| app.messages().iter().any(|m| m.text.contains("domain `nowhere`")));
    assert_eq!(constructs(&h), 37);
    // A construct renamed in the same frame, before the file is read: the edit is kept.
    h.state_mut().queue(Action::ImportCodebook(grown));
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetCodebook {
            codebook: {
                let mut cb = base.clone();
                cb.constructs[0].label = "Renamed".into();
                cb
            },
            history: Vec::new(),
        },
        label: "Rename a construct".into(),
    });
    h.step();
    run_until(&mut h, "the import to end", |app| !app.is_busy());
    let s = h.state().session().unwrap();
    assert_eq!(
        (s.project().codebook().constructs.len(), s.project().codebook().constructs[0].label.as_str()),
        (37, "Renamed")
    );
    assert!(h.state().messages().iter().any(|m| m.text.contains("Import it again")), "the user is told");
}

#[test]
fn a_comparison_finished_after_another_project_opened_is_not_shown_over_it() {
    // The comparison starts, and in the same frame (before its result can be taken in) the
    // sample opens: coder A's project has no unsaved changes, so nothing is asked.
    let (_dir, mut h) = comparison_started(Some(Action::OpenSample(befits_coder::ui::Sample::Workshop)));
    run_until(&mut h, "the comparison to end", |app| !app.is_busy());
    h.run();
    assert_eq!(h.state().session().unwrap().project().name(), "Workshop sample");
    assert!(h.state().comparison().is_none(), "not a review of the sample against coder B");
    assert!(
        h.state()
            .messages()
            .iter()
            .any(|m| m.text.starts_with("Comparing with ben.ron: not applied, because another project was opened"))
    );
}

#[test]
fn study_characteristics_export_as_one_table_of_the_fields_shown() {
    use befits_coder::ui::{Sample, TableExport, Workspace};
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(AppConfig { file_dialogs: FileDialogs::InApp, ..test_config() });
    h.state_mut().queue(Action::OpenSample(Sample::Review));
    run_until(&mut h, "the sample", |app| app.session().is_some());
    h.state_mut().ui_state_mut().workspace = Workspace::Characteristics;
    h.run();
    // The review's fields shown first: region and stage (and condition group), in that order.
    let shown = h.state().ui_state().characteristic_fields.clone();
    assert!(shown.len() >= 2, "{shown:?}");
    h.get_by_label("Export CSV…").click();
    h.run();
    let prompt = h.state().ui_state().path_prompt.clone().expect("the in-app field opens");
    assert_eq!(prompt.purpose, FilePurpose::ExportTable(TableExport::Characteristics(shown.clone())));
    assert!(prompt.text.ends_with("characteristics.csv"), "{}", prompt.text);
    let out = dir.path().join("table1.csv");
    retype_path(&mut h, "Save to", out.to_str().unwrap());
    h.get_by_label("Save").click();
    h.run();
    run_until(&mut h, "the export", |app| !app.is_busy());
    let csv = std::fs::read_to_string(&out).unwrap();
    // A byte-order mark first, as in every CSV the app writes (Excel needs it for accents).
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("field,value,n,percent"));
    // Every row of every field shown, the fields in the order shown, each row as the view has it.
    let session = h.state().session().unwrap();
    let expected: Vec<String> = shown
        .iter()
        .flat_map(|f| {
            let rows = befits_coder::analysis::characteristics(session.project(), f);
            rows.into_iter().map(move |r| (f.clone(), r))
        })
        .map(|(f, r)| {
            let value = if r.value.contains(',') { format!("\"{}\"", r.value) } else { r.value };
            format!("{f},{value},{},{:.1}", r.n, r.percent)
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(lines.map(str::to_owned).collect::<Vec<_>>(), expected);
    h.get_by_label_contains("Exported to");
}

/// A table from someone else can hold a field name and a value of any length: the view
/// shows them cut (whole on hover), and every table's counts stay in one column.
#[test]
fn study_characteristics_show_long_names_and_values_cut_with_their_counts_in_line() {
    use befits_coder::model::{DocumentId, Edit};
    use befits_coder::ui::{Sample, Workspace};
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenSample(Sample::Review));
    run_until(&mut h, "the sample", |app| app.session().is_some());
    let name = format!("sample_size_{}", "x".repeat(300_000));
    let value = "Long value ".repeat(100_000);
    for (document, v) in [(DocumentId(1), value.as_str()), (DocumentId(2), "12")] {
        let edit = Edit::SetField { document, name: name.clone(), value: Some(v.to_owned()) };
        h.state_mut().queue(Action::Edit { edit, label: "Set field".into() });
    }
    h.state_mut().ui_state_mut().workspace = Workspace::Characteristics;
    h.run();
    h.state_mut().ui_state_mut().characteristic_fields = vec!["region".into(), name.clone()];
    h.run();
    let cut_name = format!("sample_size_{}…", "x".repeat(27));
    assert_eq!(h.query_all_by_label(&cut_name).count(), 2, "the field's checkbox and its table's heading");
    // In the list of fields, the cut name keeps to one line: it has no space to break at,
    // and was broken over three lines of the narrow panel.
    let in_list =
        h.query_all_by_label(&cut_name).map(|n| n.rect()).min_by(|a, b| a.left().total_cmp(&b.left())).unwrap();
    assert!(in_list.height() < 24.0, "{in_list:?}");
    assert!(
        h.query_by_label_contains("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx").is_none(),
        "never whole"
    );
    let cut_value = h.get_by_label_contains("Long value Long value");
    let node = cut_value.accesskit_node();
    let shown = node.label().or_else(|| node.value()).unwrap_or_default();
    assert!(shown.chars().count() == 80 && shown.ends_with('…'), "{shown}");
    // The "n" header of both tables (region's and the long field's) at the same place.
    let n: Vec<f32> = h.query_all_by_label("n").map(|n| n.rect().left()).collect();
    assert_eq!(n.len(), 2, "{n:?}");
    assert!((n[0] - n[1]).abs() < 0.5, "{n:?}");
}

/// Another tool's codebook can name a code at any length: the codebook view lists it cut,
/// with the whole on hover, and its page shows the name, path and description cut.
#[test]
fn an_imported_code_with_a_huge_name_is_shown_cut() {
    use befits_coder::ui::Workspace;
    let dir = tempfile::tempdir().unwrap();
    let name = "Code ".repeat(60_000);
    let qdc = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="{name}" isCodable="true"><Description>{}</Description></Code></Codes></CodeBook>"#,
        "Description ".repeat(50_000)
    );
    std::fs::write(dir.path().join("long.qdc"), qdc).unwrap();
    let project = dir.path().join("long.ron");
    let status = std::process::Command::new(crate::support::exe())
        .args(["import-refi", dir.path().join("long.qdc").to_str().unwrap(), "-o", project.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenProject(project));
    crate::ui_flows::wait_opened(&mut h);
    h.state_mut().ui_state_mut().workspace = Workspace::Codebook;
    h.run();
    h.get_by_label_contains("Imported codes (1)").click();
    h.run();
    let cut = h.get_by_label_contains("Code Code Code");
    let node = cut.accesskit_node();
    let shown = node.label().or_else(|| node.value()).unwrap_or_default();
    assert_eq!(shown.chars().count(), 60, "{shown}");
    cut.click();
    h.run();
    for node in h.query_all_by_label_contains("Code Code Code") {
        let n = node.accesskit_node();
        let text = n.label().or_else(|| n.value()).unwrap_or_default();
        assert!(text.chars().count() <= 200, "{} characters shown", text.chars().count());
    }
    let description = h.get_by_label_contains("Description Description");
    let n = description.accesskit_node();
    assert!(n.label().or_else(|| n.value()).unwrap_or_default().chars().count() <= 4_000);
}

/// A project file can give a construct's label, a domain's name and its coders at any
/// length: the codebook list, the diagram, the status bar and a coding's editor show them cut.
#[test]
fn a_codebook_with_huge_labels_is_shown_cut() {
    use befits_coder::ui::Workspace;
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5/project.ron");
    let text = std::fs::read_to_string(fixture).unwrap();
    let label = "Knowledge ".repeat(50_000);
    let text = text
        .replacen(
            "label: \"Knowledge, attitudes, beliefs, behaviors & intentions (KABI)\"",
            &format!("label: \"{label}\""),
            1,
        )
        .replacen("name: \"Stigma\"", &format!("name: \"{}\"", "Stigma ".repeat(50_000)), 1)
        .replace("coder: \"Ana\"", &format!("coder: \"{}\"", "Ana ".repeat(100_000)));
    let project = dir.path().join("long.ron");
    std::fs::write(&project, text).unwrap();
    let mut h = harness(test_config());
    h.state_mut().queue(Action::OpenProject(project));
    crate::ui_flows::wait_opened(&mut h);
    let longest = |h: &Harness<'static, BefitsApp>, words: &str| {
        h.query_all_by_label_contains(words)
            .map(|node| {
                let n = node.accesskit_node();
                n.label().or_else(|| n.value()).unwrap_or_default().chars().count()
            })
            .max()
            .unwrap_or(0)
    };
    h.state_mut().ui_state_mut().workspace = Workspace::Codebook;
    h.run();
    assert_eq!(longest(&h, "Knowledge Knowledge"), 80, "the label in the list, cut");
    h.state_mut().ui_state_mut().workspace = Workspace::Tallies;
    h.run();
    let row = longest(&h, "Knowledge Knowledge");
    assert!(row > 0 && row <= 200, "the label in the tallies, cut: {row} characters");
    h.state_mut().ui_state_mut().workspace = Workspace::Diagram;
    h.run();
    let domain = longest(&h, "Stigma Stigma");
    assert!(domain > 0 && domain < 100, "the domain's name in the diagram, cut: {domain} characters");
    let status = longest(&h, "coder: Ana Ana");
    assert!(status > 0 && status < 100, "the coder in the status bar, cut: {status} characters");
    // And in the editor of a coding, which says who coded it.
    h.state_mut().ui_state_mut().workspace = Workspace::Coding;
    h.state_mut().ui_state_mut().focus_coding(
        befits_coder::model::CodingId(1),
        befits_coder::model::DocumentId(1),
        None,
    );
    h.run();
    let editor = longest(&h, "coded by Ana Ana");
    assert!(editor > 0 && editor < 100, "the coder in the coding's editor, cut: {editor} characters");
}
