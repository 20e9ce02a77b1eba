//! `import-refi`: a REFI-QDA file into a new project.

use super::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail, worker_exe};
use crate::interop;
use crate::persistence::{
    self, ArchiveLimits, BuildInput, MapFile, Reason, Target, auto_map, build_project, code_path,
};
use std::path::{Path, PathBuf};

/// The folder beside a project where the PDFs of an import are kept: `NAME.pdfs`.
#[must_use]
pub fn pdf_folder(project: &Path) -> PathBuf {
    let stem = project.file_stem().map_or_else(|| "imported".into(), |s| s.to_string_lossy().into_owned());
    project.with_file_name(format!("{stem}.pdfs"))
}

pub(super) fn import(file: &Path, output: &Path, map: Option<&Path>, coder: &str) -> u8 {
    if output.exists() {
        return fail(EXIT_INVALID, &format!("the output exists (choose a new file): {}", output.display()));
    }
    let codebook = match persistence::default_codebook() {
        Ok(cb) => cb,
        Err(e) => return fail(EXIT_UNREADABLE, &e.to_string()),
    };
    let map_file = match map {
        None => None,
        Some(path) => {
            let text = match persistence::read_file(path, 16 << 20)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|e| e.to_string()))
            {
                Ok(t) => t,
                Err(e) => {
                    return fail(EXIT_UNREADABLE, &format!("could not read the map file ({e}): {}", path.display()));
                }
            };
            match MapFile::parse(&text, &path.display().to_string(), &codebook) {
                Ok(m) => Some(m),
                Err(e) => return fail(EXIT_INVALID, &e.to_string()),
            }
        }
    };
    let bytes = match persistence::read_file(file, persistence::MAX_PROJECT_BYTES) {
        Ok(b) => b,
        Err(e) => return fail(EXIT_UNREADABLE, &format!("could not read ({e}): {}", file.display())),
    };
    let mut package = match persistence::read_package(&bytes, ArchiveLimits::default()) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_UNREADABLE, &format!("{e}: {}", file.display())),
    };
    let exe = match worker_exe() {
        Ok(e) => e,
        Err(e) => return fail(EXIT_UNREADABLE, &e),
    };
    let pdfs = match interop::read_package_pdfs(&mut package, &exe, &pdf_folder(output), &|_, _| {}, &|| false) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_UNREADABLE, &e),
    };
    if package.name.is_empty() {
        package.name = file.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    }
    let map = auto_map(&package, &codebook, map_file.as_ref(), &MapFile::default());
    let (project, report) =
        match build_project(&BuildInput { package: &package, map: &map, codebook: &codebook, coder, pdfs: &pdfs }) {
            Ok(r) => r,
            Err(e) => return fail(EXIT_INVALID, &format!("{e}: {}", file.display())),
        };
    if let Err(e) = persistence::save(&project, output) {
        return fail(EXIT_UNREADABLE, &e.to_string());
    }
    out!("imported {} into {}", file.display(), output.display());
    for line in report.summary() {
        out!("{line}");
    }
    for (source, counting) in &report.countings {
        out!("positions in “{source}”: {counting}");
    }
    let keyed = map.reasons.iter().filter(|r| **r == Reason::Key).count();
    if keyed > 0 {
        out!("{keyed} codes carry BeFITS keys (a BeFITS export) and map to their constructs");
    }
    let mapped: Vec<String> = map
        .targets
        .iter()
        .enumerate()
        .filter(|(i, t)| **t != Target::Keep && !matches!(map.reasons[*i], Reason::Structure | Reason::Key))
        .map(|(i, t)| format!("  {} -> {} ({})", code_path(&package.codes, i), t.to_text(), map.reasons[i]))
        .collect();
    if !mapped.is_empty() {
        out!("codes mapped to the framework:");
        for line in mapped {
            out!("{line}");
        }
    }
    EXIT_OK
}
