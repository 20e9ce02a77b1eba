//! Choosing files: the system's file dialog, and the in-app path field where that dialog
//! cannot open. With no desktop portal (a minimal install, a remote or virtual display) the
//! system dialog returns at once with nothing; a person never cancels that fast, so the app
//! then asks for the path itself. Saving therefore always works.

use super::BefitsApp;
use crate::ui::{self, Action, FilePurpose, PathPrompt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Which dialogs the app uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileDialogs {
    /// The system's, falling back to the in-app field when it cannot open.
    System,
    /// Always the in-app field (`BEFITS_CODER_IN_APP_DIALOGS=1`; tests).
    InApp,
}

/// A system dialog that returns nothing faster than this could not open.
const TOO_FAST: Duration = Duration::from_millis(300);

/// The filters and the suggested name of each purpose's dialog.
fn filters(purpose: &FilePurpose) -> Vec<(&'static str, Vec<&'static str>)> {
    match purpose {
        FilePurpose::OpenProject | FilePurpose::SaveProjectAs | FilePurpose::Compare | FilePurpose::SaveConsensus => {
            vec![("BeFITS Coder project", vec!["ron"])]
        }
        FilePurpose::AddPdfs | FilePurpose::LocatePdf(_) => vec![("PDF", vec!["pdf", "PDF"])],
        FilePurpose::ImportTable => vec![("Table", vec!["tsv", "csv", "txt"])],
        FilePurpose::ExportTable(_) => vec![("CSV", vec!["csv"]), ("TSV", vec!["tsv"])],
        FilePurpose::ExportComparison => vec![("HTML", vec!["html"]), ("CSV", vec!["csv"])],
        FilePurpose::Export(f) => vec![(f.label(), vec![f.extension()])],
        FilePurpose::ImportCodebook => vec![("Codebook", vec!["csv", "qdc"])],
        FilePurpose::ImportQdpx => vec![("REFI-QDA project or codebook", vec!["qdpx", "qde", "qdc"])],
    }
}

impl BefitsApp {
    /// The name offered when saving for `purpose`.
    fn suggested_name(&self, purpose: &FilePurpose) -> Option<String> {
        let stem = self.session.as_ref().map(|s| s.project.name().replace(['/', '\\'], "-"));
        match purpose {
            FilePurpose::SaveProjectAs => stem.map(|s| format!("{s}.ron")),
            FilePurpose::SaveConsensus => Some(
                self.comparison
                    .as_ref()
                    .and_then(|c| c.consensus_path.as_deref())
                    .and_then(Path::file_name)
                    .map_or_else(|| "consensus.ron".into(), |n| n.to_string_lossy().into_owned()),
            ),
            FilePurpose::ExportComparison => Some("agreement.html".into()),
            FilePurpose::ExportTable(ui::TableExport::Tallies(level)) => Some(format!("tallies-{}.csv", level.name())),
            FilePurpose::ExportTable(ui::TableExport::Matrix { by_study }) => {
                Some(format!("matrix-{}.csv", if *by_study { "studies" } else { "articles" }))
            }
            FilePurpose::ExportTable(ui::TableExport::Characteristics(_)) => Some("characteristics.csv".into()),
            FilePurpose::Export(f) => stem.map(|s| format!("{s}.{}", f.extension())),
            _ => None,
        }
    }

    /// The folder dialogs start in: the project's, else the working folder.
    fn start_folder(&self) -> PathBuf {
        self.session
            .as_ref()
            .and_then(|s| s.path.as_deref().filter(|_| !s.is_sample))
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    /// Asks for a file (or files) for `purpose` and acts on the answer: through the system
    /// dialog, or the in-app field when that cannot open.
    pub(super) fn choose_file(&mut self, purpose: FilePurpose, ctx: &egui::Context) {
        if self.config.file_dialogs == FileDialogs::System {
            let mut dialog = rfd::FileDialog::new().set_directory(self.start_folder());
            for (name, ext) in filters(&purpose) {
                dialog = dialog.add_filter(name, &ext);
            }
            if let Some(name) = self.suggested_name(&purpose) {
                dialog = dialog.set_file_name(name);
            }
            let asked = Instant::now();
            let picked = if purpose.writes() {
                dialog.save_file().map(|p| vec![p])
            } else if purpose == FilePurpose::AddPdfs {
                dialog.pick_files()
            } else {
                dialog.pick_file().map(|p| vec![p])
            };
            match picked {
                Some(paths) if purpose == FilePurpose::AddPdfs => {
                    self.execute(Action::AddPdfs(paths), ctx);
                    return;
                }
                Some(paths) => {
                    if let Some(path) = paths.into_iter().next() {
                        self.use_chosen(purpose, path, ctx);
                    }
                    return;
                }
                None if asked.elapsed() >= TOO_FAST => {
                    // The person closed the dialog.
                    self.pending = None;
                    return;
                }
                None => {}
            }
        }
        let mut text = self.start_folder().display().to_string();
        if !text.is_empty() && !text.ends_with(std::path::MAIN_SEPARATOR) {
            text.push(std::path::MAIN_SEPARATOR);
        }
        if let Some(name) = self.suggested_name(&purpose) {
            text.push_str(&name);
        }
        self.ui_state.path_prompt = Some(PathPrompt { purpose, text });
    }

    /// Acts on a chosen path.
    pub(super) fn use_chosen(&mut self, purpose: FilePurpose, path: PathBuf, ctx: &egui::Context) {
        let with_ron = |mut p: PathBuf| {
            if p.extension().is_none() {
                p.set_extension("ron");
            }
            p
        };
        match purpose {
            FilePurpose::OpenProject => self.execute(Action::OpenProject(path), ctx),
            FilePurpose::SaveProjectAs => {
                // "Save" before another action: it goes on once the save has finished.
                let then = self.pending.take();
                self.save_to(&with_ron(path), then);
            }
            FilePurpose::AddPdfs => {
                let files = if path.is_dir() { pdfs_in(&path) } else { vec![path] };
                self.execute(Action::AddPdfs(files), ctx);
            }
            FilePurpose::LocatePdf(doc) => self.execute(Action::LocatePdf(doc, path), ctx),
            FilePurpose::ImportTable => self.execute(Action::ImportTable(path), ctx),
            FilePurpose::ExportTable(kind) => self.execute(Action::ExportTable(kind, path), ctx),
            FilePurpose::Compare => self.execute(Action::Compare(path), ctx),
            FilePurpose::SaveConsensus => self.execute(Action::SaveConsensus(with_ron(path)), ctx),
            FilePurpose::ExportComparison => self.execute(Action::ExportComparison(path), ctx),
            FilePurpose::Export(format) => self.execute(Action::Export(format, path), ctx),
            FilePurpose::ImportCodebook => self.execute(Action::ImportCodebook(path), ctx),
            FilePurpose::ImportQdpx => self.execute(Action::ImportQdpx(path), ctx),
        }
    }
}

/// The PDFs directly in a folder, sorted.
fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
