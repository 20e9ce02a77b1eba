//! Recovery flows through the whole app: autosave from the first edit, unsaved work offered
//! on start, a damaged file offering its copies, a newer autosave set aside, a backup
//! restored from the File menu.

use crate::durability::{renamed, save_versions};
use crate::persistence::small_project;
use crate::ui_flows::{run_until, test_config};
use befits_coder::app::{AppConfig, BefitsApp};
use befits_coder::model::Edit;
use befits_coder::persistence::{self, list_backups, list_unsaved, load, save};
use befits_coder::ui::{Action, RecoveryReason};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;
use std::time::Duration;

fn harness_with(config: AppConfig, open: Option<std::path::PathBuf>) -> Harness<'static, BefitsApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), open.clone()));
    run_until(&mut h, "the search for unsaved work", |app| !app.is_scanning_for_unsaved_work());
    // A project given at the start is read in the background.
    run_until(&mut h, "the project to open", |app| !app.is_opening());
    h
}

fn data_dir(config: &AppConfig) -> &Path {
    config.data_dir.as_deref().unwrap()
}

/// A project saved as "Saved" in `dir`, with a newer autosave named "Autosaved later"; the
/// project file's path, and the project.
fn saved_with_newer_autosave(dir: &Path) -> (std::path::PathBuf, befits_coder::model::Project) {
    let path = dir.join("review.ron");
    let p = small_project(dir);
    save(&renamed(&p, "Saved"), &path).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    persistence::write_autosave(&renamed(&p, "Autosaved later"), &path).unwrap();
    (path, p)
}

#[test]
fn a_new_project_is_autosaved_from_its_first_edit_and_offered_on_the_next_start() {
    let config = AppConfig { autosave_every: Duration::ZERO, ..test_config() };
    let dir = data_dir(&config).to_path_buf();
    let mut h = harness_with(config.clone(), None);
    assert!(h.state().recovery().is_none(), "nothing to recover in a fresh data folder");
    h.state_mut().queue(Action::NewProject { name: "Never saved".into(), coder: "Ana".into() });
    h.run_steps(3);
    assert!(list_unsaved(&dir, false).is_empty(), "no autosave before the first edit");
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetProjectInfo { name: "Never saved, edited".into(), coder: "Ana".into() },
        label: "Rename".into(),
    });
    h.run_steps(3);
    run_until(&mut h, "the autosave", |_| !list_unsaved(&dir, false).is_empty());
    let files = list_unsaved(&dir, false);
    assert_eq!(files.len(), 1, "autosaved with no file of its own");
    assert_eq!(load(&files[0].0).unwrap().project.name(), "Never saved, edited");
    // The app ends without saving (a crash, a flat battery): a new start offers the work.
    drop(h);
    let mut h = harness_with(config, None);
    let offer = h.state().recovery().expect("unsaved work is offered on start");
    assert_eq!(offer.reason, RecoveryReason::UnsavedWork);
    assert_eq!(offer.entries.len(), 1);
    h.get_by_label("Never saved, edited");
    h.get_by_label_contains("Never saved to a file");
    h.get_by_label_contains("0 codings in 0 articles");
    h.get_by_label("Recover").click();
    crate::ui_flows::wait_opened(&mut h);
    let s = h.state().session().unwrap();
    assert_eq!(s.project().name(), "Never saved, edited");
    assert!(s.is_dirty() && s.path().is_none());
    assert!(h.state().recovery().is_none());
    // It goes on autosaving into the same file, not a second one.
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetProjectInfo { name: "Recovered and edited".into(), coder: "Ana".into() },
        label: "Rename".into(),
    });
    h.run_steps(3);
    run_until(&mut h, "the autosave", |_| {
        list_unsaved(&dir, false)
            .first()
            .is_some_and(|f| load(&f.0).is_ok_and(|l| l.project.name() == "Recovered and edited"))
    });
    let files = list_unsaved(&dir, false);
    assert_eq!(files.len(), 1);
    assert_eq!(load(&files[0].0).unwrap().project.name(), "Recovered and edited");
    // Saved to a file, the autosave in the data folder goes.
    let target = dir.join("saved.ron");
    h.state_mut().queue(Action::SaveTo(target.clone()));
    h.run_steps(3);
    crate::ui_flows::wait_saved(&mut h);
    assert!(list_unsaved(&dir, false).is_empty() && list_unsaved(&dir, true).is_empty());
    assert_eq!(load(&target).unwrap().project.name(), "Recovered and edited");
}

#[test]
fn discarding_unsaved_work_sets_it_aside_where_the_file_menu_finds_it() {
    let config = test_config();
    let dir = data_dir(&config).to_path_buf();
    let work = renamed(&small_project(&dir), "Left behind");
    persistence::write_unsaved(&work, &dir, "unsaved-earlier.ron").unwrap();
    let mut h = harness_with(config, None);
    h.get_by_label("Left behind");
    h.get_by_label_contains("4 codings in 1 article");
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().recovery().is_none(), "the list closes when nothing is left");
    assert!(list_unsaved(&dir, false).is_empty());
    assert_eq!(list_unsaved(&dir, true).len(), 1, "set aside, not deleted");
    // File > Recover unsaved work… lists it again, and it can still be recovered.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Recover unsaved work…").click();
    h.run();
    run_until(&mut h, "the list", |app| app.recovery().is_some());
    h.get_by_label_contains("Automatic copy, set aside");
    h.get_by_label("Recover").click();
    crate::ui_flows::wait_opened(&mut h);
    assert_eq!(h.state().session().unwrap().project().codings().len(), 4);
}

#[test]
fn a_damaged_project_offers_its_backups_and_stays_untouched_until_saved() {
    let config = test_config();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.ron");
    let p = small_project(dir.path());
    save_versions(&p, &path, &["Monday", "Tuesday", "Wednesday"]);
    let damaged = "(format: \"befits-coder-project\", version: 2, project: (name: \"Wedn";
    std::fs::write(&path, damaged).unwrap();
    let mut h = harness_with(config, Some(path.clone()));
    h.run();
    let offer = h.state().recovery().expect("the damaged file offers its copies");
    assert_eq!(offer.reason, RecoveryReason::Damaged);
    h.get_by_label("The project file is damaged");
    h.get_by_label_contains("ends early");
    h.get_by_label("Tuesday");
    h.get_by_label("Monday");
    h.get_all_by_label("Open this copy").next().unwrap().click();
    crate::ui_flows::wait_opened(&mut h);
    let s = h.state().session().unwrap();
    assert_eq!(s.project().name(), "Tuesday", "the newest readable copy first");
    assert_eq!(s.path(), Some(path.as_path()));
    assert!(s.is_dirty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), damaged, "not overwritten until the user saves");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    crate::ui_flows::wait_saved(&mut h);
    assert_eq!(load(&path).unwrap().project.name(), "Tuesday");
    let newest = &list_backups(&path)[0];
    assert_eq!(std::fs::read_to_string(&newest.path).unwrap(), damaged, "the damaged file is kept as a backup");
}

#[test]
fn keeping_the_saved_file_sets_the_newer_autosave_aside_among_the_backups() {
    let config = test_config();
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = saved_with_newer_autosave(dir.path());
    let mut h = harness_with(config, Some(path.clone()));
    h.run();
    assert_eq!(h.state().recovery().unwrap().reason, RecoveryReason::NewerAutosave);
    h.get_by_label("Autosaved later");
    h.get_by_label("Keep the saved file").click();
    h.run();
    assert!(h.state().recovery().is_none());
    assert_eq!(h.state().session().unwrap().project().name(), "Saved");
    assert!(!persistence::autosave_path(&path).exists());
    let backups = list_backups(&path);
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, persistence::BackupKind::SetAsideAutosave);
    assert_eq!(load(&backups[0].path).unwrap().project.name(), "Autosaved later");
}

#[test]
fn a_backup_is_restored_from_the_file_menu() {
    let config = test_config();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.ron");
    let p = small_project(dir.path());
    save_versions(&p, &path, &["First draft", "Second draft", "Current"]);
    let mut h = harness_with(config, Some(path.clone()));
    h.run();
    assert_eq!(h.state().session().unwrap().project().name(), "Current");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Backups…").click();
    h.run();
    // Each copy is read to describe it, in the background.
    run_until(&mut h, "the list of backups", |app| app.recovery().is_some());
    assert_eq!(h.state().recovery().unwrap().reason, RecoveryReason::Backups);
    h.get_by_label("Second draft");
    h.get_by_label("First draft");
    // The second "Restore" is the older save.
    h.get_all_by_label("Restore").nth(1).unwrap().click();
    crate::ui_flows::wait_opened(&mut h);
    let s = h.state().session().unwrap();
    assert_eq!((s.project().name(), s.is_dirty()), ("First draft", true));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    crate::ui_flows::wait_saved(&mut h);
    assert_eq!(load(&path).unwrap().project.name(), "First draft");
    let names: Vec<String> =
        list_backups(&path).iter().map(|b| load(&b.path).unwrap().project.name().to_owned()).collect();
    assert_eq!(names, ["Current", "Second draft", "First draft"], "the replaced file is a backup in turn");
}

#[test]
fn the_sample_is_autosaved_too_and_dont_save_sets_the_copy_aside() {
    let config = AppConfig { autosave_every: Duration::ZERO, ..test_config() };
    let dir = data_dir(&config).to_path_buf();
    let mut h = harness_with(config, None);
    h.state_mut().queue(Action::OpenSample(befits_coder::ui::Sample::Workshop));
    h.run_steps(3);
    let codings = h.state().session().unwrap().project().codings().len();
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetProjectInfo { name: "Workshop, edited".into(), coder: "Demo".into() },
        label: "Rename".into(),
    });
    h.run_steps(3);
    run_until(&mut h, "the autosave", |_| !list_unsaved(&dir, false).is_empty());
    let files = list_unsaved(&dir, false);
    assert_eq!(files.len(), 1, "the sample has no file, so it is autosaved in the data folder");
    assert_eq!(load(&files[0].0).unwrap().project.codings().len(), codings);
    // Opening something else asks first; "Don't save" sets the copy aside.
    h.state_mut().queue(Action::NewProject { name: "Next".into(), coder: "Demo".into() });
    h.run_steps(3);
    h.get_by_label("Don't save").click();
    h.run_steps(3);
    assert_eq!(h.state().session().unwrap().project().name(), "Next");
    assert!(list_unsaved(&dir, false).is_empty());
    let aside = list_unsaved(&dir, true);
    assert_eq!(aside.len(), 1, "not deleted");
    assert_eq!(load(&aside[0].0).unwrap().project.name(), "Workshop, edited");
}

#[test]
fn a_copy_is_read_in_the_background_and_does_not_replace_work_edited_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.ron");
    save_versions(&small_project(dir.path()), &path, &["First draft", "Current"]);
    let backup = list_backups(&path)[0].path.clone();
    let mut h = harness_with(test_config(), Some(path.clone()));
    let name = |h: &Harness<'static, BefitsApp>| h.state().session().unwrap().project().name().to_owned();
    // The frame that starts reading the copy ends without it; the copy follows.
    h.state_mut().queue(Action::RecoverCopy { file: backup.clone(), target: Some(path.clone()) });
    h.step();
    assert!(h.state().is_opening(), "the copy is read off the UI thread");
    assert_eq!(name(&h), "Current");
    crate::ui_flows::wait_opened(&mut h);
    assert_eq!(name(&h), "First draft");
    assert!(h.state().session().unwrap().is_dirty(), "to be saved in place of the file");
    // Saved, then asked for again and edited in the same frame, before it is read: the
    // edit is kept.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    crate::ui_flows::wait_saved(&mut h);
    h.state_mut().queue(Action::RecoverCopy { file: backup, target: Some(path.clone()) });
    h.state_mut().queue(Action::Edit {
        edit: Edit::SetProjectInfo { name: "Edited while the copy was read".into(), coder: "Ana".into() },
        label: "Rename".into(),
    });
    h.step();
    crate::ui_flows::wait_opened(&mut h);
    assert_eq!(name(&h), "Edited while the copy was read");
    assert!(h.state().messages().iter().any(|m| m.text.contains("was not opened")), "the user is told");
}

#[test]
fn unsaved_work_of_another_session_waits_for_the_opened_projects_own_offer() {
    let config = test_config();
    let data = data_dir(&config).to_path_buf();
    let dir = tempfile::tempdir().unwrap();
    let (path, p) = saved_with_newer_autosave(dir.path());
    persistence::write_unsaved(&renamed(&p, "Elsewhere, never saved"), &data, "unsaved-earlier.ron").unwrap();
    // Both are found at the start, in whichever order: the opened project's own offer shows
    // first, and the list of unsaved work comes once it is closed, neither lost.
    let mut h = harness_with(config, Some(path.clone()));
    h.run();
    let offer = h.state().recovery().unwrap();
    assert_eq!(offer.reason, RecoveryReason::NewerAutosave);
    h.get_by_label("Keep the saved file").click();
    h.run();
    let offer = h.state().recovery().expect("the unsaved work of the other session follows");
    assert_eq!(offer.reason, RecoveryReason::UnsavedWork);
    let names: Vec<&str> = offer.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Elsewhere, never saved"], "not the project's autosave, just set aside");
    h.get_by_label("Recover").click();
    crate::ui_flows::wait_opened(&mut h);
    assert_eq!(h.state().session().unwrap().project().name(), "Elsewhere, never saved");
}
