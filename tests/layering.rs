//! The dependency rules: model, analysis, persistence, pdf, export, interop and sink never name
//! egui or eframe, and no module names one above it (see ARCHITECTURE.md).

use std::path::Path;

/// Every Rust file at `dir` (a file, or a folder walked down).
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    if dir.is_file() {
        return vec![dir.to_path_buf()];
    }
    let mut out = Vec::new();
    for path in std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

fn scan(dir: &Path, offenders: &mut Vec<String>) {
    for path in rust_files(dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("egui") || code.contains("eframe") {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
}

#[test]
fn pure_layers_do_not_depend_on_the_ui() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for layer in ["model", "analysis", "persistence", "pdf", "export.rs", "interop.rs", "sink.rs"] {
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

/// `crate::` paths named outside tests in the files of `dir` that are in `forbidden`.
fn upward(dir: &Path, forbidden: &[&str], offenders: &mut Vec<String>) {
    for path in rust_files(dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        // Tests may build what they need from any layer.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for name in forbidden {
                if line.contains(&format!("crate::{name}")) {
                    offenders.push(format!("{}:{}: crate::{name}", path.display(), n + 1));
                }
            }
        }
    }
}

#[test]
fn no_module_names_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules: [(&str, &[&str]); 7] = [
        ("model", &["analysis", "persistence", "pdf", "export", "interop", "ui", "app", "cli"]),
        ("analysis", &["persistence", "pdf", "export", "interop", "ui", "app", "cli"]),
        ("persistence", &["analysis", "pdf", "export", "interop", "ui", "app", "cli"]),
        ("pdf", &["analysis", "persistence", "export", "interop", "ui", "app", "cli"]),
        ("export.rs", &["ui", "app", "cli"]),
        ("interop.rs", &["analysis", "export", "ui", "app", "cli"]),
        ("cli", &["ui", "app"]),
    ];
    let mut offenders = Vec::new();
    for (layer, forbidden) in rules {
        upward(&src.join(layer), forbidden, &mut offenders);
    }
    assert!(offenders.is_empty(), "upward imports:\n{}", offenders.join("\n"));
    // And the check itself sees one.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.rs"), "use crate::app::BefitsApp;\n#[cfg(test)]\nuse crate::ui::X;\n").unwrap();
    let mut found = Vec::new();
    upward(dir.path(), &["app", "ui"], &mut found);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn file_formats_are_a_one_way_chain() {
    // Each version knows only the next (to upgrade into it) and the shared frozen parts; the
    // current one knows none.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/persistence");
    let mut versions: Vec<u32> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_prefix('v')?.strip_suffix(".rs")?.parse().ok()
        })
        .collect();
    versions.sort_unstable();
    assert!(versions.len() >= 5, "{versions:?}");
    let current = *versions.last().unwrap();
    for v in &versions {
        let text = std::fs::read_to_string(dir.join(format!("v{v}.rs"))).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        let known: std::collections::BTreeSet<u32> = code
            .match_indices("super::v")
            .filter_map(|(i, m)| {
                let digits: String = code[i + m.len()..].chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect();
        let allowed: std::collections::BTreeSet<u32> =
            if *v == current { std::collections::BTreeSet::new() } else { [v + 1].into() };
        assert_eq!(known, allowed, "v{v}.rs may know only the next version");
    }
}
