//! The settings fixed when the app starts: the worker program and its limits, how often to
//! autosave, the data folder, the file dialogs, Tesseract.

use super::files::FileDialogs;
use super::ocr;
use crate::pdf::{PageLimits, WorkerLimits};
use std::path::PathBuf;
use std::time::Duration;

/// Settings fixed when the app starts.
#[derive(Clone, Debug)]
pub struct AppConfig {
    /// The executable started as the PDF worker (the app's own binary).
    pub worker_exe: PathBuf,
    /// Limits of each extraction worker run.
    pub limits: WorkerLimits,
    /// Limits of the page-drawing worker.
    pub page_limits: PageLimits,
    /// How often unsaved changes are autosaved.
    pub autosave_every: Duration,
    /// The app's data folder: autosaves of work that has no file yet, the sample's PDFs.
    /// `None` when the system has none (then only projects with a file are autosaved).
    pub data_dir: Option<PathBuf>,
    /// The system's file dialogs (with the in-app field where they cannot open), or always
    /// the in-app field.
    pub file_dialogs: FileDialogs,
    /// A pause before each save is written, as a slow disk or network share gives (zero but
    /// in tests that check the window keeps drawing during a save).
    pub save_delay: Duration,
    /// The Tesseract program, for text recognition (OCR) of scanned pages.
    pub tesseract: PathBuf,
}

/// The data folder: `BEFITS_CODER_DATA_DIR` when set (portable installs, tests), else the
/// platform's (`~/.local/share/befits-coder` on Linux).
pub(super) fn default_data_dir() -> Option<PathBuf> {
    chosen_data_dir().or_else(|| eframe::storage_dir("befits-coder"))
}

/// The data folder named by `BEFITS_CODER_DATA_DIR`, if it is set.
pub(super) fn chosen_data_dir() -> Option<PathBuf> {
    std::env::var_os("BEFITS_CODER_DATA_DIR").filter(|v| !v.is_empty()).map(PathBuf::from)
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            worker_exe: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("befits-coder")),
            limits: WorkerLimits::default(),
            page_limits: PageLimits::default(),
            autosave_every: Duration::from_secs(30),
            data_dir: default_data_dir(),
            file_dialogs: if std::env::var_os("BEFITS_CODER_IN_APP_DIALOGS").is_some_and(|v| v == "1") {
                FileDialogs::InApp
            } else {
                FileDialogs::System
            },
            save_delay: Duration::ZERO,
            tesseract: ocr::default_tesseract(),
        }
    }
}
