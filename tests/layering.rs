//! The dependency rule: model, analysis, persistence and pdf never name egui or eframe.

use std::path::Path;

fn scan(dir: &Path, offenders: &mut Vec<String>) {
    let entries: Vec<std::path::PathBuf> = if dir.is_file() {
        vec![dir.to_path_buf()]
    } else {
        std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect()
    };
    for path in entries {
        if path.is_dir() {
            scan(&path, offenders);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                if code.contains("egui") || code.contains("eframe") {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
}

#[test]
fn pure_layers_do_not_depend_on_the_ui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for layer in ["model", "analysis", "persistence", "pdf", "export.rs"] {
        scan(&src.join(layer), &mut offenders);
    }
    assert!(offenders.is_empty(), "UI names in pure layers:\n{}", offenders.join("\n"));
}

#[test]
fn the_scan_would_notice_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.rs"), "use egui::Ui;\n").unwrap();
    let mut offenders = Vec::new();
    scan(dir.path(), &mut offenders);
    assert_eq!(offenders.len(), 1);
}
