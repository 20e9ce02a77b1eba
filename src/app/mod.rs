//! The eframe application: owns the open project (with its history, file and derived
//! data), runs background jobs, executes the views' actions and turns every error into a
//! message. The only module that changes the project or touches files.

mod background;
mod codebook;
mod comparison;
mod config;
mod dispatch;
mod exports;
mod files;
mod frame;
mod import;
mod job;
mod launch;
mod ocr;
mod pages;
mod presentation;
mod project_files;
mod recovery;
mod refi_import;
mod relink;
mod review;
mod samples;
mod saving;
mod screenshots;
mod session;
mod suggest;
mod tables;

pub use comparison::Comparison;
pub use config::AppConfig;
pub use files::FileDialogs;
pub use launch::run;
pub use pages::{DocPages, PageService};
pub use session::Session;

use crate::model::DocumentId;
use crate::ui::{self, Action, FailedImport, FilePurpose, Message, OcrAvailability, UiState};
use import::ImportJob;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Storage key of the recent-projects list.
const RECENT_KEY: &str = "befits-coder-recent";
/// Where the choice to hide construct suggestions is kept between runs.
const SUGGESTIONS_OFF_KEY: &str = "befits-coder-suggestions-off";

/// Whether two paths name the same file (when both exist), or are equal.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The application state.
pub struct BefitsApp {
    config: AppConfig,
    session: Option<Session>,
    ui_state: UiState,
    messages: Vec<Message>,
    recent: Vec<PathBuf>,
    import: Option<ImportJob>,
    queued: Vec<Action>,
    pending: Option<Action>,
    confirm_unsaved: bool,
    /// Copies offered for recovery, when that list is open.
    recovery: Option<ui::RecoveryOffer>,
    /// The search for unsaved work of earlier sessions, while it runs.
    scan: Option<recovery::Scan>,
    /// The list of unsaved work of earlier sessions, found while another recovery list was
    /// open: shown when that one closes.
    waiting_offer: Option<ui::RecoveryOffer>,
    allow_close: bool,
    title: String,
    last_autosave: Instant,
    comparison: Option<Comparison>,
    /// Whether the comparison's decisions are all in a saved consensus file.
    consensus_saved: bool,
    /// The consensus whose review the next comparison continues (set by "Continue the review").
    resume_from: Option<PathBuf>,
    /// The project file being read, with what runs once it is open.
    opening: Option<project_files::Opening>,
    /// The save under way.
    saving: Option<saving::SaveJob>,
    /// The autosave under way.
    autosaving: Option<saving::AutosaveJob>,
    /// Other work under way in the background (exports), each ending in messages.
    jobs: Vec<background::Work>,
    /// The window's context, to wake it when a background job ends.
    egui_ctx: egui::Context,
    /// Rendered pages and glyph boxes (absent if its thread could not start).
    pages: Option<PageService>,
    /// Imports that failed this session, with their reasons.
    failed_imports: Vec<FailedImport>,
    /// Results of the automatic search for moved PDFs.
    relink: Option<job::Job<Vec<(DocumentId, PathBuf)>>>,
    /// Whether text recognition (Tesseract) can run here, once looked at.
    ocr: OcrAvailability,
    /// The look for Tesseract, while it runs.
    ocr_check: Option<job::Job<OcrAvailability>>,
    /// Text recognition of a document's pages without text, while it runs.
    recognising: Option<ocr::RecogniseJob>,
    /// A REFI-QDA file read, waiting for its code mapping to be confirmed.
    refi: Option<refi_import::PendingRefi>,
    /// Screenshots being taken (`--screenshots DIR`).
    screenshots: Option<screenshots::ScreenshotPlan>,
    /// The zoom before presentation mode, put back when it ends.
    zoom_before: f32,
    /// Construct suggestions for the selected passage (absent if its thread could not start).
    suggest: Option<suggest::SuggestService>,
}

impl BefitsApp {
    /// Creates the app; opens `project` on the first frame if given.
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig, project: Option<PathBuf>) -> Self {
        cc.egui_ctx.set_theme(egui::Theme::Light);
        ui::theme::install(&cc.egui_ctx);
        // The zoom is kept between runs with the window's state; one left at presentation
        // mode's (the app was closed while presenting) would start the next run enlarged.
        if (cc.egui_ctx.zoom_factor() - ui::theme::PRESENTATION_ZOOM).abs() < 1e-3 {
            cc.egui_ctx.set_zoom_factor(1.0);
        }
        let recent: Vec<PathBuf> = cc.storage.and_then(|s| eframe::get_value(s, RECENT_KEY)).unwrap_or_default();
        let mut app = Self {
            config,
            session: None,
            ui_state: UiState::new(),
            messages: Vec::new(),
            recent,
            import: None,
            queued: Vec::new(),
            pending: None,
            confirm_unsaved: false,
            recovery: None,
            scan: None,
            waiting_offer: None,
            allow_close: false,
            title: String::new(),
            last_autosave: Instant::now(),
            comparison: None,
            consensus_saved: true,
            resume_from: None,
            opening: None,
            saving: None,
            autosaving: None,
            jobs: Vec::new(),
            egui_ctx: cc.egui_ctx.clone(),
            pages: None,
            failed_imports: Vec::new(),
            relink: None,
            ocr: OcrAvailability::Unknown,
            ocr_check: None,
            recognising: None,
            refi: None,
            screenshots: None,
            zoom_before: 1.0,
            suggest: None,
        };
        app.ui_state.suggestions_off =
            cc.storage.and_then(|s| eframe::get_value(s, SUGGESTIONS_OFF_KEY)).unwrap_or(false);
        let wake = cc.egui_ctx.clone();
        match suggest::SuggestService::start(move || wake.request_repaint()) {
            Ok(service) => app.suggest = Some(service),
            Err(e) => app.message(Message::warning(format!(
                "Construct suggestions are not available in this session ({e}); coding works as usual."
            ))),
        }
        let (exe, limits, page_limits) =
            (app.config.worker_exe.clone(), app.config.limits.clone(), app.config.page_limits.clone());
        match PageService::start(&cc.egui_ctx, exe, limits, page_limits, app.config.tesseract.clone()) {
            Ok(service) => app.pages = Some(service),
            Err(e) => app.message(Message::warning(format!(
                "Pages cannot be drawn in this session ({e}); the text view works as usual."
            ))),
        }
        app.scan_unsaved_work(false);
        app.check_ocr();
        if let Some(path) = project {
            app.queue(Action::OpenProject(path));
        }
        app
    }

    /// Copies offered for recovery, when that list is open.
    #[must_use]
    pub fn recovery(&self) -> Option<&ui::RecoveryOffer> {
        self.recovery.as_ref()
    }

    /// Whether the search for unsaved work of earlier sessions is still running.
    #[must_use]
    pub fn is_scanning_for_unsaved_work(&self) -> bool {
        self.scan.is_some()
    }

    /// Queues an action to run at the end of the next frame (as if a view had pushed it).
    pub fn queue(&mut self, action: Action) {
        self.queued.push(action);
    }

    /// The open project, if any.
    #[must_use]
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Messages currently shown.
    #[must_use]
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The views' state (selection, current document, ...).
    #[must_use]
    pub fn ui_state(&self) -> &UiState {
        &self.ui_state
    }

    /// Mutable view state, for tests that set up a selection directly.
    pub fn ui_state_mut(&mut self) -> &mut UiState {
        &mut self.ui_state
    }

    /// The open comparison with another coder's project, if any.
    #[must_use]
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// Whether an import is running.
    #[must_use]
    pub fn is_importing(&self) -> bool {
        self.import.is_some()
    }

    /// Imports that failed this session.
    #[must_use]
    pub fn failed_imports(&self) -> &[FailedImport] {
        &self.failed_imports
    }

    /// The page service (rendered pages and glyph boxes), when it runs.
    #[must_use]
    pub fn pages(&self) -> Option<&PageService> {
        self.pages.as_ref()
    }

    /// Recent project files, newest first.
    #[must_use]
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    fn message(&mut self, m: Message) {
        // Keep the strip short: the newest five.
        self.messages.push(m);
        if self.messages.len() > 5 {
            self.messages.remove(0);
        }
    }
}

/// The name of a file, for labels and messages.
fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// An error message as a sentence: first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
