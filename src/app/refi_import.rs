//! Importing a REFI-QDA file in the app: read it in the background, let the user check how
//! its codes map (the mapping dialog), then read its PDFs (in the worker) and build the
//! project in the background, remembering the mappings for the next import.

use super::{BefitsApp, Session, file_name};
use crate::interop;
use crate::persistence::{self, ArchiveLimits, BuildInput, CodeMap, MapFile, Reason, RefiPackage, Target};
use crate::ui::Message;
use std::path::{Path, PathBuf};

/// A file read and waiting for the user to confirm its mapping.
pub(crate) struct PendingRefi {
    /// The file.
    pub path: PathBuf,
    /// Its name, as the dialog shows it.
    pub file: String,
    /// The codebook its codes map onto.
    pub codebook: crate::model::Codebook,
    /// What it holds.
    pub package: RefiPackage,
    /// What each code stands for (the dialog edits it).
    pub map: CodeMap,
    /// Whether to remember the mappings for the next import.
    pub remember: bool,
}

/// The file the mappings are remembered in.
fn memory_file(data_dir: Option<&Path>) -> Option<PathBuf> {
    data_dir.map(|d| d.join("refi-mappings.toml"))
}

/// The mappings remembered from earlier imports (none when the file is missing or damaged:
/// a damaged file is reported once and then replaced at the next import).
fn remembered(data_dir: Option<&Path>, codebook: &crate::model::Codebook) -> (MapFile, Option<String>) {
    let Some(path) = memory_file(data_dir) else { return (MapFile::default(), None) };
    let Ok(bytes) = persistence::read_file(&path, 16 << 20) else { return (MapFile::default(), None) };
    let text = String::from_utf8_lossy(&bytes);
    match MapFile::parse(&text, &path.display().to_string(), codebook) {
        Ok(m) => (m, None),
        Err(e) => (
            MapFile::default(),
            Some(format!("The remembered code mappings could not be read ({e}); they were not used.")),
        ),
    }
}

impl BefitsApp {
    /// Reads a REFI-QDA file in the background, then shows its mapping.
    pub(super) fn import_refi(&mut self, path: &Path) {
        let codebook = match persistence::default_codebook() {
            Ok(cb) => cb,
            Err(e) => {
                self.message(Message::error(format!("The built-in codebook is damaged: {e}")));
                return;
            }
        };
        let target = path.to_path_buf();
        let data_dir = self.config.data_dir.clone();
        self.run_work(format!("Reading {}", file_name(path)), true, move |control| {
            let read = persistence::read_file(&target, persistence::MAX_PROJECT_BYTES)
                .map_err(|e| format!("Could not read ({e}): {}", target.display()))
                .and_then(|bytes| {
                    if control.cancelled() {
                        return Err("The import was stopped; nothing was opened.".to_owned());
                    }
                    persistence::read_package(&bytes, ArchiveLimits::default())
                        .map_err(|e| format!("{e}: {}", target.display()))
                });
            let (memory, note) = remembered(data_dir.as_deref(), &codebook);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| match read {
                Ok(package) => {
                    if let Some(note) = note {
                        app.message(Message::warning(note));
                    }
                    let map = persistence::auto_map(&package, &codebook, None, &memory);
                    let file = file_name(&target);
                    app.refi = Some(PendingRefi { path: target, file, codebook, package, map, remember: true });
                }
                Err(e) => app.message(Message::error(e)),
            })
        });
    }

    /// The user changed what a code maps to.
    pub(super) fn map_refi_code(&mut self, index: usize, target: Target) {
        if let Some(p) = &mut self.refi
            && index < p.map.targets.len()
        {
            p.map.targets[index] = target;
            p.map.reasons[index] = Reason::Chosen;
        }
    }

    /// Builds the project from the pending file, in the background: its PDFs are read in the
    /// worker and kept in the data folder, so the articles open in the reader.
    pub(super) fn confirm_refi(&mut self) {
        let Some(pending) = self.refi.take() else { return };
        let exe = self.config.worker_exe.clone();
        let data_dir = self.config.data_dir.clone();
        let store = data_dir.as_ref().map_or_else(std::env::temp_dir, |d| d.join("imported-pdfs"));
        self.run_work(format!("Importing {}", file_name(&pending.path)), true, move |control| {
            let PendingRefi { path, mut package, map, remember, codebook, .. } = pending;
            if package.name.is_empty() {
                package.name = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            }
            let progress = |done: usize, of: usize| control.report(done, of, "Reading the PDFs");
            let result = interop::read_package_pdfs(&mut package, &exe, &store, &progress, &|| control.cancelled())
                .and_then(|pdfs| {
                    persistence::build_project(&BuildInput {
                        package: &package,
                        map: &map,
                        codebook: &codebook,
                        coder: "",
                        pdfs: &pdfs,
                    })
                    .map_err(|e| format!("{e}: {}", path.display()))
                });
            // The mappings are remembered once the import has worked.
            let mut memory_note = None;
            if remember && result.is_ok() {
                let (mut memory, _) = remembered(data_dir.as_deref(), &codebook);
                memory.remember(&package, &map);
                if let Some(file) = memory_file(data_dir.as_deref())
                    && let Err(e) = std::fs::create_dir_all(file.parent().unwrap_or(Path::new(".")))
                        .and_then(|()| persistence::write_atomic(&file, memory.to_toml().as_bytes()))
                {
                    memory_note = Some(format!("The code mappings could not be remembered ({e})."));
                }
            }
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| match result {
                Ok((project, report)) => {
                    let mut session = Session::new(project, None, false);
                    session.saved_revision = u64::MAX;
                    app.open_session(session);
                    let mut lines = vec![format!("Opened {} as a new project; save it to keep it.", path.display())];
                    lines.extend(report.summary());
                    let text = lines.join("\n");
                    if report.unplaced.is_empty() && report.problems.is_empty() {
                        app.message(Message::info(text));
                    } else {
                        app.message(Message::warning(text));
                    }
                    if let Some(note) = memory_note {
                        app.message(Message::warning(note));
                    }
                }
                Err(e) => app.message(Message::error(e)),
            })
        });
    }

    /// Whether the mappings of the file waiting to be imported are remembered.
    pub(super) fn remember_refi_mappings(&mut self, on: bool) {
        if let Some(p) = &mut self.refi {
            p.remember = on;
        }
    }
}
