//! Importing a REFI-QDA project through the app: the mapping dialog, the import in the
//! background, and mapping an imported code to a construct later in the Codebook tab.

use crate::ui_flows::{run_until, test_config, type_into};
use befits_coder::app::BefitsApp;
use befits_coder::model::Valence;
use befits_coder::ui::Action;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::Path;

#[test]
fn a_nvivo_project_imports_through_the_mapping_dialog_and_its_codes_map_later() {
    let nvivo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/interop/nvivo-win-12.6-oltas.qdpx");
    if !nvivo.exists() {
        eprintln!("skipped: {} is absent", nvivo.display());
        return;
    }
    // The interview holds an emoji newer than the bundled emoji font: drawn as a box.
    let config = test_config();
    let mut h = Harness::builder()
        .with_size([1500.0, 950.0])
        .with_max_steps(64)
        .allow_missing_glyphs()
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), None));
    h.run();
    h.state_mut().queue(Action::ImportQdpx(nvivo.clone()));
    h.step();
    run_until(&mut h, "the file to be read", |app| !app.is_busy());
    h.run();
    // The dialog lists the tree with its passages, and nothing is mapped yet.
    assert!(h.query_by_label("Import nvivo-win-12.6-oltas.qdpx").is_some(), "the mapping dialog is open");
    assert!(h.query_by_label_contains("written by NVivo for Windows 12.6").is_some());
    assert!(h.query_by_label("alacsony fogékonyság").is_some(), "a code three levels deep is listed");
    // Map the first code through its menu: open it, choose a construct.
    h.get_by_label("What “1. Perceived Susceptibility – Észlelt fogékonyság” stands for").click();
    h.run();
    h.get_by_label("   Family").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    run_until(&mut h, "the import", |app| app.session().is_some() && !app.is_busy());
    let project = h.state().session().unwrap().project();
    // The first code's own passages had no valence code beside them: kept, and said so.
    assert_eq!(project.codings().len() + project.imported_codings().len(), 97, "every coding is somewhere");
    assert!(project.codebook().imported.iter().any(|c| c.name == "alacsony fogékonyság"));
    assert!(h.state().messages().iter().any(|m| m.text.contains("passages of") && m.text.contains("imported codes")));
    let code = project.codebook().imported.iter().find(|c| c.name == "alacsony fogékonyság").unwrap().key.clone();
    let n = project.imported_with(&code).count();
    assert!(n > 0);
    let before = project.codings().len();

    // Later: the Codebook tab lists the imported codes; one is mapped to a construct.
    h.get_by_label("Codebook").click();
    h.run();
    h.get_by_label_contains("Imported codes (").click();
    h.run();
    h.get_by_label(&format!("alacsony fogékonyság ({n})")).click();
    h.run();
    type_into(&mut h, "Find construct", "self-stigma");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Barrier").click();
    h.run();
    h.get_by_label(&format!("Map {n} passages")).click();
    h.run();
    let project = h.state().session().unwrap().project();
    assert_eq!(project.codings().len(), before + n);
    assert_eq!(project.imported_with(&code).count(), 0);
    assert!(
        project
            .codings()
            .values()
            .any(|c| c.construct.as_str() == "stigma.self_stigma" && c.valence == Valence::Barrier)
    );
    // One undo puts the passages back under the imported code.
    h.state_mut().queue(Action::Undo);
    h.run();
    let project = h.state().session().unwrap().project();
    assert_eq!((project.codings().len(), project.imported_with(&code).count()), (before, n));
}

/// Another tool's file can name a code at any length: the mapping dialog lists it cut.
#[test]
fn the_mapping_dialog_cuts_a_huge_code_name() {
    use egui_kittest::kittest::NodeT;
    let dir = tempfile::tempdir().unwrap();
    let qdc = dir.path().join("long.qdc");
    let name = "Code ".repeat(60_000);
    std::fs::write(
        &qdc,
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="{name}" isCodable="true"/></Codes></CodeBook>"#
        ),
    )
    .unwrap();
    let mut h = crate::ui_flows::harness_with(test_config());
    h.run();
    h.state_mut().queue(Action::ImportQdpx(qdc));
    h.step();
    run_until(&mut h, "the file to be read", |app| !app.is_busy());
    h.run();
    assert!(h.query_by_label("Import long.qdc").is_some(), "the mapping dialog is open");
    let shown: Vec<usize> = h
        .query_all_by_label_contains("Code Code Code")
        .map(|node| {
            let n = node.accesskit_node();
            n.label().or_else(|| n.value()).unwrap_or_default().chars().count()
        })
        .collect();
    assert!(!shown.is_empty() && shown.iter().all(|&n| n <= 200), "{shown:?}");
}
