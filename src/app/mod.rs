//! The eframe application: owns the open project (with its history, file and derived
//! data), runs background jobs, executes the views' actions and turns every error into a
//! message. The only module that changes the project or touches files.

mod background;
mod comparison;
mod files;
mod import;
mod job;
mod ocr;
mod pages;
mod recovery;
mod refi_import;
mod relink;
mod review;
mod samples;
mod saving;
mod screenshots;
mod session;
mod suggest;

pub use comparison::Comparison;
pub use files::FileDialogs;
pub use pages::{DocPages, PageService};
pub use session::Session;

use crate::model::{Document, DocumentBundle, DocumentId, Edit, PdfSource, Project, Study, text};
use crate::pdf::{PageLimits, WorkerLimits};
use crate::persistence::{self, LoadError};
use crate::ui::{
    self, Action, FailedImport, FilePurpose, Message, OcrAvailability, PendingChoice, SessionView, UiState, ViewCtx,
};
use import::{ImportEvent, ImportFile, ImportJob, Imported};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The sample projects, embedded so they open from any folder: (file name, text).
fn sample_text(sample: ui::Sample) -> (&'static str, &'static str) {
    match sample {
        ui::Sample::Workshop => ("sample_projects/workshop.ron", include_str!("../../sample_projects/workshop.ron")),
        ui::Sample::Review => {
            ("sample_projects/befits-mh-review.ron", include_str!("../../sample_projects/befits-mh-review.ron"))
        }
    }
}
/// Storage key of the recent-projects list.
const RECENT_KEY: &str = "befits-coder-recent";
/// Where the choice to hide construct suggestions is kept between runs.
const SUGGESTIONS_OFF_KEY: &str = "befits-coder-suggestions-off";

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
fn default_data_dir() -> Option<PathBuf> {
    std::env::var_os("BEFITS_CODER_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| eframe::storage_dir("befits-coder"))
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

/// Runs the app in a native window, opening `project` if given (and comparing it with
/// `compare` when that is given too); with `sample`, on the workshop sample. Otherwise it
/// starts on the welcome screen.
///
/// # Errors
/// When the window or its graphics context cannot be created.
pub fn run(
    project: Option<PathBuf>,
    compare: Option<PathBuf>,
    sample: bool,
    size: Option<(f32, f32)>,
    screenshots: Option<PathBuf>,
) -> Result<(), eframe::Error> {
    let (w, h) = size.unwrap_or((1440.0, 900.0));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("BeFITS Coder")
            .with_app_id("befits-coder")
            .with_inner_size([w, h])
            .with_min_inner_size([w.min(900.0), h.min(560.0)])
            .with_drag_and_drop(true),
        renderer: eframe::Renderer::Glow,
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "BeFITS Coder",
        options,
        Box::new(move |cc| {
            let mut app = BefitsApp::new(cc, AppConfig::default(), project);
            if let Some(other) = compare {
                app.queue(Action::Compare(other));
            }
            if sample {
                app.queue(Action::OpenSample(ui::Sample::Workshop));
            }
            if let Some(dir) = screenshots {
                app.screenshots = Some(screenshots::ScreenshotPlan::new(dir));
            }
            Ok(Box::new(app))
        }),
    )
}

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
    allow_close: bool,
    title: String,
    last_autosave: Instant,
    comparison: Option<Comparison>,
    /// Whether the comparison's decisions are all in a saved consensus file.
    consensus_saved: bool,
    /// The consensus whose review the next comparison continues (set by "Continue the review").
    resume_from: Option<PathBuf>,
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
    relink: Option<std::sync::mpsc::Receiver<Vec<(DocumentId, PathBuf)>>>,
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
            allow_close: false,
            title: String::new(),
            last_autosave: Instant::now(),
            comparison: None,
            consensus_saved: true,
            resume_from: None,
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

    fn add_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(12);
    }

    fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_dirty)
    }

    /// Whether `action` may run now; if the project has unsaved changes, asks first and
    /// keeps the action for when the user answers.
    fn guard(&mut self, action: &Action) -> bool {
        if self.is_dirty() {
            self.pending = Some(action.clone());
            self.confirm_unsaved = true;
            false
        } else {
            true
        }
    }

    fn open_session(&mut self, session: Session) {
        self.retire_session_autosave();
        self.ui_state.reset_for_project();
        if let Some(p) = &mut self.pages {
            p.clear();
        }
        if let Some(s) = &mut self.suggest {
            s.reset();
        }
        self.relink = relink::start(&session.project, session.path.as_deref());
        self.comparison = None;
        self.consensus_saved = true;
        // A project coded only at document level (an imported extraction sheet) has no
        // passages to read: open it on the diagram, where its findings show at once.
        let codings = session.project.codings();
        if !codings.is_empty() && codings.values().all(|c| c.anchor.as_text().is_none()) {
            self.ui_state.workspace = ui::Workspace::Diagram;
        }
        self.session = Some(session);
        self.recovery = None;
        self.last_autosave = Instant::now();
    }

    fn report_anchors(&mut self, moved: usize, orphaned: usize) {
        if moved > 0 {
            self.message(Message::info(format!(
                "{moved} coded passages had moved in the text and were re-anchored to their quotes."
            )));
        }
        if orphaned > 0 {
            self.message(Message::warning(format!(
                "{orphaned} coded passages could not be found in the text; they are kept and marked “passage not found”."
            )));
        }
    }

    fn open_project(&mut self, path: &Path) {
        match persistence::load(path) {
            Ok(loaded) => {
                let (moved, orphaned) = (loaded.moved.len(), loaded.orphaned.len());
                let mut session = Session::new(loaded.project, Some(path.to_path_buf()), false);
                if moved > 0 {
                    // Re-anchoring changed the project in memory: offer to save it.
                    session.saved_revision = u64::MAX;
                }
                self.open_session(session);
                self.add_recent(path);
                self.report_anchors(moved, orphaned);
                self.offer_newer_autosave(path);
            }
            Err(e) => {
                if matches!(e, LoadError::Io { .. }) {
                    self.recent.retain(|p| p != path);
                }
                let damaged = matches!(e, LoadError::Damaged { .. } | LoadError::Invalid { .. });
                if !(damaged && self.offer_damaged(path, capitalise(&e.to_string()))) {
                    self.message(Message::error(format!("Could not open the project: {e}")));
                }
            }
        }
    }

    /// Puts presentation mode's window, zoom and palette in line with the view state.
    pub(crate) fn apply_presentation(&mut self, ctx: &egui::Context) {
        let on = self.ui_state.presentation;
        ui::theme::set_presentation(on);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        if on {
            self.zoom_before = ctx.zoom_factor();
            ctx.set_zoom_factor(ui::theme::PRESENTATION_ZOOM);
            if self.session.is_some() {
                self.ui_state.workspace = ui::Workspace::Coding;
            }
        } else {
            ctx.set_zoom_factor(self.zoom_before);
        }
        ctx.request_repaint();
    }

    fn open_sample(&mut self, sample: ui::Sample) {
        let (name, text) = sample_text(sample);
        match persistence::load_str(text, Path::new(name)) {
            Ok(mut loaded) => {
                samples::place_pdfs(&mut loaded.project, self.config.data_dir.as_deref());
                self.open_session(Session::new(loaded.project, None, true));
                self.message(Message::info(
                    "This is the built-in sample project. Use File > Save as… to keep your changes.",
                ));
            }
            Err(e) => self.message(Message::error(format!("The built-in sample could not be opened: {e}"))),
        }
    }

    fn new_project(&mut self, name: String, coder: String) {
        match persistence::default_codebook() {
            Ok(codebook) => {
                self.open_session(Session::new(Project::new(name, coder, codebook), None, false));
            }
            Err(e) => self.message(Message::error(format!("The built-in codebook is damaged: {e}"))),
        }
    }

    fn start_import(&mut self, paths: Vec<ImportFile>, ctx: &egui::Context) {
        if self.session.is_none() {
            self.message(Message::warning("Create or open a project before adding articles."));
            return;
        }
        if self.import.is_some() {
            self.message(Message::warning("An import is already running; wait for it to finish or cancel it."));
            return;
        }
        let paths: Vec<ImportFile> = paths.into_iter().filter(|f| !f.path.as_os_str().is_empty()).collect();
        self.failed_imports.retain(|f| !paths.iter().any(|p| p.path == f.path));
        if paths.is_empty() {
            return;
        }
        let (worker, limits, tesseract) =
            (self.config.worker_exe.clone(), self.config.limits.clone(), self.config.tesseract.clone());
        match ImportJob::start(paths, worker, limits, tesseract, ctx.clone()) {
            Ok(job) => self.import = Some(job),
            Err(e) => self.message(Message::error(format!("The import could not start ({e})."))),
        }
    }

    fn poll_import(&mut self) {
        let Some(job) = &mut self.import else { return };
        for event in job.poll() {
            match event {
                ImportEvent::Started { .. } | ImportEvent::Recognising { .. } => {}
                ImportEvent::Finished(Ok(imported)) => self.add_imported(imported),
                ImportEvent::Finished(Err((path, e))) => {
                    use crate::pdf::PdfError;
                    let needs_password = matches!(e, PdfError::Encrypted { .. });
                    let can_recognise = matches!(e, PdfError::NoText | PdfError::UndecodableFonts(_));
                    self.message(Message::error(format!("Could not import: {e}: {}", path.display())));
                    self.failed_imports.retain(|f| f.path != path);
                    let reason = capitalise(&e.to_string());
                    self.failed_imports.push(FailedImport { path, reason, needs_password, can_recognise });
                }
                ImportEvent::Done { cancelled } => {
                    self.import = None;

                    if cancelled {
                        self.message(Message::info("Import cancelled; the articles read so far were added."));
                    }
                    if self.session.as_ref().is_some_and(|s| s.path.is_none() && s.is_dirty()) {
                        self.message(Message::info("Save the project (Ctrl+S) to keep your work; it is saved automatically once it has a file."));
                    }
                    return;
                }
            }
        }
    }

    fn add_imported(&mut self, imported: Imported) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Imported { path, sha256, extraction, password } = imported;
        if let (Some(pw), Some(pages)) = (password, &mut self.pages) {
            pages.remember_password(&sha256, pw);
        }
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        if let Some(existing) = session.project.documents().values().find(|d| d.sha256 == sha256) {
            let title = existing.title.clone();
            self.message(Message::info(format!(
                "{name} is already in the project as “{title}”; it was not added again."
            )));
            return;
        }
        let title = path.file_stem().map_or_else(|| name.clone(), |s| s.to_string_lossy().replace(['_'], " "));
        let id = session.project.next_document_id();
        let study = session.project.next_study_id();
        let warnings: Vec<String> = extraction.warnings.iter().map(ToString::to_string).collect();
        let ocr = ocr::ocr_text(&extraction);
        let absolute = std::fs::canonicalize(&path).unwrap_or(path);
        let document = Document {
            id,
            title: title.clone(),
            study,
            sha256,
            pdf: Some(crate::model::PdfSource { path: absolute }),
            pages: extraction.pages,
            fields: BTreeMap::new(),
            warnings: warnings.clone(),
            ocr,
        };
        let bundle = DocumentBundle {
            document,
            study: Some(Study { id: study, label: title.clone() }),
            codings: Vec::new(),
            imported: Vec::new(),
        };
        match session
            .apply(Edit::AddDocument(Box::new(bundle)), format!("Add article “{}”", text::ellipsize(&title, 40)))
        {
            Ok(()) => {
                if self.ui_state.document.is_none() {
                    self.ui_state.document = Some(id);
                }
                for w in warnings {
                    self.message(Message::warning(format!("{name}: {w}")));
                }
            }
            Err(e) => self.message(Message::error(format!("Could not add {name}: {e}"))),
        }
    }

    /// Runs one action.
    fn execute(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::ShowNewProject => self.ui_state.new_project = Some(ui::NewProjectForm::default()),
            Action::NewProject { ref name, ref coder } => {
                if self.guard(&action) {
                    self.new_project(name.clone(), coder.clone());
                }
            }
            Action::OpenProjectDialog => self.choose_file(FilePurpose::OpenProject, ctx),
            Action::OpenProject(ref path) => {
                if self.guard(&action) {
                    self.open_project(&path.clone());
                }
            }
            Action::OpenSample(sample) => {
                if self.guard(&action) {
                    self.open_sample(sample);
                }
            }
            Action::Save => self.save(ctx, None),
            Action::SaveAsDialog => {
                self.pending = None;
                self.choose_file(FilePurpose::SaveProjectAs, ctx);
            }
            Action::SaveTo(path) => {
                self.save_to(&path, None);
            }
            Action::CloseProject => {
                if self.guard(&action) {
                    self.retire_session_autosave();
                    self.session = None;
                    self.ui_state.reset_for_project();
                }
            }
            Action::Quit => {
                if let Some(saving) = &mut self.saving {
                    // Quit once the save under way has finished.
                    saving.then.get_or_insert(Action::Quit);
                    return;
                }
                if self.guard(&action) {
                    self.retire_session_autosave();
                    self.allow_close = true;
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Action::AddPdfsDialog => self.choose_file(FilePurpose::AddPdfs, ctx),
            Action::AddPdfs(paths) => self.start_import(paths.into_iter().map(ImportFile::plain).collect(), ctx),
            Action::RetryImport(path, password) => {
                self.start_import(vec![ImportFile { path, password, ocr: None }], ctx);
            }
            Action::RecogniseImport { path, password, language } => {
                self.start_import(vec![ImportFile { path, password, ocr: Some(language) }], ctx);
            }
            Action::RecognisePages { document, language } => self.recognise_pages(document, language),
            Action::CancelRecognising | Action::CancelWork => self.cancel_work(),
            Action::DismissFailedImport(path) => {
                self.failed_imports.retain(|f| f.path != path);
                self.ui_state.import_passwords.remove(&path);
            }
            Action::LocatePdfDialog(doc) => self.choose_file(FilePurpose::LocatePdf(doc), ctx),
            Action::LocatePdf(doc, path) => self.locate_pdf(doc, &path),
            Action::UnlockPdf(doc, password) => {
                let sha = self.session.as_ref().and_then(|s| s.project.document(doc)).map(|d| d.sha256.clone());
                if let (Some(sha), Some(pages)) = (sha, &mut self.pages) {
                    pages.remember_password(&sha, password);
                    pages.forget(doc);
                }
            }
            Action::CancelImport => {
                if let Some(job) = &self.import {
                    job.cancel();
                }
            }
            Action::SelectDocument(id) => {
                self.ui_state.document = Some(id);
                self.ui_state.reader.selection = None;
                self.ui_state.selected_coding = None;
            }
            Action::Edit { edit, label } => {
                if let Some(session) = &mut self.session
                    && let Err(e) = session.apply(edit, label)
                {
                    self.message(Message::error(format!("That change was not made: {e}.")));
                }
            }
            Action::Undo | Action::Redo => {
                let Some(session) = &mut self.session else {
                    return;
                };
                let result = if matches!(action, Action::Undo) {
                    session.history.undo(&mut session.project)
                } else {
                    session.history.redo(&mut session.project)
                };
                session.derived.refresh(&session.project);
                if let Err(e) = result {
                    self.message(Message::error(format!("That step could not be undone or redone: {e}.")));
                }
            }
            Action::ResolvePending(choice) => self.resolve_pending(choice, ctx),
            Action::RecoverCopy { ref file, ref target } => {
                if self.guard(&action) {
                    self.recover_copy(&file.clone(), target.clone());
                    self.recovery = None;
                }
            }
            Action::SetAsideCopy(file) => self.set_aside_copy(&file),
            Action::CloseRecovery { set_aside } => self.close_recovery(set_aside),
            Action::ShowBackups => self.show_backups(),
            Action::ShowUnsavedWork => self.scan_unsaved_work(true),
            Action::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
            Action::ForgetRecent(path) => self.recent.retain(|p| p != &path),
            Action::ImportTableDialog => self.choose_file(FilePurpose::ImportTable, ctx),
            Action::ImportTable(path) => self.import_table(&path),
            Action::ExportTableDialog(kind) => self.choose_file(FilePurpose::ExportTable(kind), ctx),
            Action::ExportTable(kind, path) => self.export_table(&kind, &path),
            Action::CompareDialog => self.choose_file(FilePurpose::Compare, ctx),
            Action::Compare(path) => self.start_comparison(&path),
            Action::CloseComparison => {
                self.comparison = None;
                self.consensus_saved = true;
                if self.ui_state.workspace == ui::Workspace::Review {
                    self.ui_state.workspace = ui::Workspace::Coding;
                }
            }
            Action::Decide(key, settled) => {
                if let Some(c) = &mut self.comparison {
                    match settled {
                        Some(s) => c.decisions.insert(key, s),
                        None => c.decisions.remove(&key),
                    };
                    self.consensus_saved = false;
                }
            }
            Action::SaveConsensusDialog => {
                if self.comparison.is_none() {
                    self.message(Message::warning(
                        "Compare with another coder's project first (Review > Compare with…).",
                    ));
                } else {
                    self.choose_file(FilePurpose::SaveConsensus, ctx);
                }
            }
            Action::SaveConsensus(path) => self.save_consensus(&path),
            Action::ExportComparisonDialog => {
                if self.comparison.is_none() {
                    self.message(Message::warning(
                        "Compare with another coder's project first (Review > Compare with…).",
                    ));
                } else {
                    self.choose_file(FilePurpose::ExportComparison, ctx);
                }
            }
            Action::ExportComparison(path) => self.export_comparison(&path),
            Action::ExportDialog(format) => {
                if self.session.is_some() {
                    self.choose_file(FilePurpose::Export(format), ctx);
                }
            }
            Action::Export(format, path) => self.export(format, &path),
            Action::ImportCodebookDialog => self.choose_file(FilePurpose::ImportCodebook, ctx),
            Action::ImportCodebook(path) => self.import_codebook(&path),
            Action::ImportQdpxDialog => self.choose_file(FilePurpose::ImportQdpx, ctx),
            Action::ImportQdpx(ref path) => {
                if self.guard(&action) {
                    self.import_refi(&path.clone());
                }
            }
            Action::MapRefiCode(index, target) => self.map_refi_code(index, target),
            Action::TogglePresentation => {
                self.ui_state.presentation = !self.ui_state.presentation;
                self.apply_presentation(ctx);
            }
            Action::RememberRefiMappings(on) => {
                if let Some(p) = &mut self.refi {
                    p.remember = on;
                }
            }
            Action::ConfirmRefiImport => self.confirm_refi(),
            Action::CancelRefiImport => self.refi = None,
            Action::Notify(text) => self.message(Message::warning(text)),
            Action::PathChosen(purpose, path) => self.use_chosen(purpose, path, ctx),
            Action::PathPromptCancelled => self.pending = None,
            Action::ResumeReview => {
                if self.guard(&action) {
                    self.resume_review_of_consensus();
                }
            }
        }
    }

    /// Points a document at a PDF the user found, if it is the same file (same content hash).
    fn locate_pdf(&mut self, doc: DocumentId, path: &Path) {
        let Some(session) = &mut self.session else { return };
        let Some(document) = session.project.document(doc) else { return };
        let (title, expected) = (document.title.clone(), document.sha256.clone());
        let found = match persistence::read_file(path, persistence::MAX_PDF_BYTES) {
            Ok(bytes) => crate::model::sha256_hex(&bytes),
            Err(e) => {
                self.message(Message::error(format!("Could not read {} ({e}).", path.display())));
                return;
            }
        };
        if found != expected {
            self.message(Message::error(format!(
                "{} is not the PDF “{}” was imported from (its content differs); the article keeps its stored text.",
                path.display(),
                text::ellipsize(&title, 40)
            )));
            return;
        }
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let edit = Edit::SetPdf { document: doc, pdf: Some(PdfSource { path: absolute }) };
        match session.apply(edit, format!("Locate the PDF of “{}”", text::ellipsize(&title, 40))) {
            Ok(()) => {
                if let Some(p) = &mut self.pages {
                    p.forget(doc);
                }
            }
            Err(e) => self.message(Message::error(format!("That change was not made: {e}."))),
        }
    }

    /// Takes the PDFs found by the automatic search in the project folder.
    fn poll_relink(&mut self) {
        let Some(rx) = &self.relink else { return };
        let found = match rx.try_recv() {
            Ok(found) => found,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => Vec::new(),
        };
        self.relink = None;
        let Some(session) = &mut self.session else { return };
        let mut moved = 0;
        for (doc, path) in found {
            let edit = Edit::SetPdf { document: doc, pdf: Some(PdfSource { path }) };
            if session.apply(edit, "Find moved PDFs in the project folder".to_owned()).is_ok() {
                moved += 1;
                if let Some(p) = &mut self.pages {
                    p.forget(doc);
                }
            }
        }
        if moved > 0 {
            self.message(Message::info(format!(
                "{moved} PDF{} had moved and {} found again in the project folder (same content). Save to remember the new place.",
                if moved == 1 { "" } else { "s" },
                if moved == 1 { "was" } else { "were" }
            )));
        }
    }

    /// Reads and checks a data-extraction table in the background, against a snapshot of the
    /// project; the import is applied (one undoable step) when it is done, if the project has
    /// not changed meanwhile (else the table is checked again).
    fn import_table(&mut self, path: &Path) {
        let Some(session) = &self.session else {
            self.message(Message::warning("Create or open a project before importing a table."));
            return;
        };
        let snapshot = session.project.clone();
        let revision = snapshot.revision();
        let created = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let coder = if snapshot.coder().is_empty() { "table import".to_owned() } else { snapshot.coder().to_owned() };
        let target = path.to_path_buf();
        let name = file_name(path);
        self.run_work(format!("Reading {name}"), true, move |control| {
            let text = match persistence::read_table(&target) {
                Ok(t) => t,
                Err(e) => {
                    return background::messages(vec![Message::error(format!(
                        "Nothing was imported: {e}: {}",
                        target.display()
                    ))]);
                }
            };
            if control.cancelled() {
                return background::messages(vec![Message::info(
                    "The table import was stopped; nothing was imported.",
                )]);
            }
            let delimiter = persistence::delimiter_for(&target, &text);
            let plan = persistence::plan_table_import(&snapshot, &text, delimiter, &coder, &created);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| app.apply_table(plan, revision, &target))
        });
    }

    fn apply_table(
        &mut self,
        plan: Result<persistence::TableImport, persistence::TableError>,
        revision: u64,
        path: &Path,
    ) {
        let Some(session) = &mut self.session else { return };
        if session.project.revision() != revision {
            // Edited while the table was read: check it again against the project as it is.
            self.import_table(path);
            return;
        }
        match plan {
            Ok(plan) => {
                let label = format!("Import table ({} articles)", plan.articles);
                let summary = format!(
                    "Imported {} articles in {} new studies with {} codings from {}.",
                    plan.articles,
                    plan.new_studies,
                    plan.codings,
                    path.display()
                );
                match session.apply(plan.edit, label) {
                    Ok(()) => self.message(Message::info(summary)),
                    Err(e) => self.message(Message::error(format!("The table could not be added: {e}."))),
                }
            }
            Err(e @ persistence::TableError::Rows(_)) => {
                self.message(Message::error(format!("{}: {}", capitalise(&e.to_string()), path.display())));
            }
            Err(e) => self.message(Message::error(format!("Nothing was imported: {e}: {}", path.display()))),
        }
    }

    fn export_table(&mut self, kind: &ui::TableExport, path: &Path) {
        let Some(session) = &self.session else { return };
        let format = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
            crate::analysis::report::TableFormat::Tsv
        } else {
            crate::analysis::report::TableFormat::Csv
        };
        let project = &session.project;
        let text = match kind {
            ui::TableExport::Tallies(level) => {
                crate::analysis::report::tallies_table(session.derived.tallies(*level), project.codebook(), format)
            }
            ui::TableExport::Matrix { by_study } => {
                let m = crate::analysis::matrix(
                    project,
                    if *by_study { crate::analysis::Level::Study } else { crate::analysis::Level::Article },
                );
                crate::analysis::report::matrix_table(&m, project, format)
            }
        };
        self.write_in_background(path, text.into_bytes(), "Exported to");
    }

    /// Writes a file in the background (atomically), with a message when it is done.
    fn write_in_background(&mut self, path: &Path, bytes: Vec<u8>, done: &'static str) {
        let target = path.to_path_buf();
        self.run_job(format!("Writing {}", file_name(path)), move |_| {
            match persistence::write_atomic(&target, &bytes) {
                Ok(()) => vec![Message::info(format!("{done} {}.", target.display()))],
                Err(e) => vec![Message::error(format!("Could not export ({e}): {}", target.display()))],
            }
        });
    }

    /// Reads coder B's project and compares it with the open one in the background; the
    /// review opens when it is done.
    fn start_comparison(&mut self, path: &Path) {
        let Some(session) = &self.session else {
            self.message(Message::warning("Open coder A's project first, then compare it with coder B's."));
            return;
        };
        if session.path.as_deref().is_some_and(|p| same_file(p, path)) {
            self.message(Message::warning("That is the open project itself; choose the other coder's file."));
            return;
        }
        let snapshot = session.project.clone();
        let (unit, threshold) = (self.ui_state.review_unit, self.ui_state.review_threshold);
        let target = path.to_path_buf();
        self.run_work(format!("Comparing with {}", file_name(path)), true, move |control| {
            let loaded = match persistence::load(&target) {
                Ok(loaded) => loaded,
                Err(e) => {
                    return background::messages(vec![Message::error(format!(
                        "Could not open the other project: {e}"
                    ))]);
                }
            };
            if control.cancelled() {
                return background::messages(vec![Message::info("The comparison was stopped.")]);
            }
            let c = Comparison::new(&snapshot, loaded.project, target.clone(), unit, threshold);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| app.open_comparison(c, &target))
        });
    }

    fn open_comparison(&mut self, c: Comparison, path: &Path) {
        if self.session.is_none() {
            return;
        }
        let (pairs, a_only, b_only) =
            (c.report.documents.pairs.len(), c.report.documents.only_a.len(), c.report.documents.only_b.len());
        let disagreements = c.reconcile.disagreements.len();
        self.comparison = Some(c);
        let resumed = self.resume_saved_review(path);
        self.consensus_saved = true;
        self.ui_state.workspace = ui::Workspace::Review;
        self.ui_state.review_cursor = 0;
        let mut text = format!(
            "Compared with {}: {pairs} documents in common, {disagreements} disagreements to settle.",
            path.display()
        );
        if a_only + b_only > 0 {
            text = format!("{text} {a_only} documents only in A and {b_only} only in B are listed, not ignored.");
        }
        self.message(Message::info(text));
        if let Some(resumed) = resumed {
            self.message(Message::info(resumed));
        }
    }

    fn save_consensus(&mut self, path: &Path) {
        let (Some(session), Some(c)) = (&self.session, &self.comparison) else { return };
        if session.path.as_deref().is_some_and(|p| same_file(p, path)) || same_file(&c.other_path, path) {
            self.message(Message::error(
                "The consensus goes to a new file: coder A's and coder B's projects are never changed.",
            ));
            return;
        }
        let a = &session.project;
        let name_of =
            |p: &Path| p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
        let meta = crate::analysis::consensus::ConsensusMeta {
            name: format!("{} — consensus", a.name()),
            coder_a: if a.coder().is_empty() { "A".to_owned() } else { a.coder().to_owned() },
            coder_b: if c.other.coder().is_empty() { "B".to_owned() } else { c.other.coder().to_owned() },
            file_a: session.path.as_deref().map_or_else(|| a.name().to_owned(), name_of),
            file_b: name_of(&c.other_path),
            reasons_required: !self.ui_state.reasons_optional,
            earlier: c.earlier.clone(),
        };
        let consensus =
            match crate::analysis::consensus::build_consensus(a, &c.other, &c.reconcile, &c.decisions, &meta) {
                Ok(p) => p,
                Err(e) => {
                    self.message(Message::error(format!("The consensus could not be built: {e}.")));
                    return;
                }
            };
        let open = c.reconcile.disagreements.len() - c.settled();
        let target = path.to_path_buf();
        self.run_work(format!("Saving the consensus to {}", file_name(path)), false, move |_| {
            let saved = persistence::save(&consensus, &target);
            let codings = consensus.codings().len();
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| match saved {
                Ok(()) => {
                    app.consensus_saved = true;
                    app.add_recent(&target);
                    let mut text = format!("Consensus saved with {codings} codings to {}.", target.display());
                    if open > 0 {
                        text = format!(
                            "{text} {open} disagreements are not settled yet; they stay listed here and are not in the file."
                        );
                    }
                    app.message(Message::info(text));
                }
                Err(e) => app.message(Message::error(format!("Consensus not saved: {e}"))),
            })
        });
    }

    fn export_comparison(&mut self, path: &Path) {
        let (Some(session), Some(c)) = (&self.session, &self.comparison) else { return };
        let html = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        let text = if html {
            crate::analysis::report::comparison_html(&c.report, &session.project, &c.other, &c.reconcile, &c.decisions)
        } else {
            crate::analysis::report::comparison_csv(&c.report, &session.project)
        };
        self.write_in_background(path, text.into_bytes(), "Report exported to");
    }

    /// Exports in the background (a figure of a large review, a `.qdpx` with its PDFs), on a
    /// snapshot of the project; the messages come when it is done.
    fn export(&mut self, format: crate::export::ExportFormat, path: &Path) {
        let Some(session) = &self.session else { return };
        let (snapshot, level, target) = (session.project.clone(), self.ui_state.level, path.to_path_buf());
        let csv_bom = !self.ui_state.csv_without_bom;
        let exe = self.config.worker_exe.clone();
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        self.run_job(format!("Exporting {name}"), move |control| {
            // A .qdpx also holds each passage as an area of its PDF page, from the page
            // geometry the worker reads.
            let geometry = if format == crate::export::ExportFormat::Qdpx {
                let progress = |done: usize, of: usize| control.report(done, of, "Reading the PDFs' pages");
                crate::interop::export_geometry(&snapshot, &exe, &progress, &|| control.cancelled())
            } else {
                Ok(std::collections::BTreeMap::new())
            };
            let result = geometry.and_then(|geometry| {
                let options = crate::export::ExportOptions { level, csv_bom, geometry: Some(&geometry) };
                crate::export::export_with(&snapshot, format, &options).and_then(|(bytes, notes)| {
                    persistence::write_atomic(&target, &bytes).map(|()| notes).map_err(|e| e.to_string())
                })
            });
            match result {
                Ok(notes) => {
                    std::iter::once(Message::info(format!("Exported {} to {}.", format.label(), target.display())))
                        .chain(notes.into_iter().map(Message::warning))
                        .collect()
                }
                Err(e) => vec![Message::error(format!("Could not export ({e}): {}", target.display()))],
            }
        });
    }

    fn import_codebook(&mut self, path: &Path) {
        let Some(session) = &mut self.session else { return };
        let text = match persistence::read_file(path, persistence::MAX_TABLE_BYTES)
            .and_then(|b| String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
        {
            Ok(t) => t,
            Err(e) => {
                self.message(Message::error(format!("Could not read the codebook ({e}): {}", path.display())));
                return;
            }
        };
        let base = session.project.codebook();
        let qdc = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdc"));
        let result = if qdc {
            persistence::import_qdc(&text, base).map_err(|e| e.to_string())
        } else {
            persistence::import_codebook_csv(&text, base)
        };
        match result {
            Ok(codebook) => {
                let added = codebook.constructs.len() - base.constructs.len();
                let at = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
                let mut history = session.project.codebook_history().to_vec();
                for c in codebook.constructs.iter().filter(|c| base.construct(&c.key).is_none()) {
                    history.push(crate::model::CodebookChange::Added {
                        key: c.key.clone(),
                        domain: c.domain.clone(),
                        at: at.clone(),
                    });
                }
                for c in &codebook.constructs {
                    if let Some(old) = base.construct(&c.key) {
                        if old.label != c.label {
                            history.push(crate::model::CodebookChange::Renamed {
                                key: c.key.clone(),
                                from: old.label.clone(),
                                to: c.label.clone(),
                                at: at.clone(),
                            });
                        }
                        if old.definition != c.definition {
                            history
                                .push(crate::model::CodebookChange::Redefined { key: c.key.clone(), at: at.clone() });
                        }
                    }
                }
                let edit = crate::model::Edit::SetCodebook { codebook, history };
                match session.apply(edit, "Import codebook".into()) {
                    Ok(()) => self.message(Message::info(format!(
                        "Codebook imported from {}: {added} new constructs.",
                        path.display()
                    ))),
                    Err(e) => self.message(Message::error(format!("The codebook was not changed: {e}."))),
                }
            }
            Err(e) => self.message(Message::error(format!("The codebook was not changed: {e}: {}", path.display()))),
        }
    }

    fn resolve_pending(&mut self, choice: PendingChoice, ctx: &egui::Context) {
        self.confirm_unsaved = false;
        let Some(pending) = self.pending.take() else {
            return;
        };
        let go_on = match choice {
            PendingChoice::Cancel => false,
            PendingChoice::Save => {
                // The action goes on once the save has finished (in the background).
                self.save(ctx, Some(pending));
                return;
            }
            PendingChoice::Discard => {
                self.set_aside_session_autosaves();
                if let Some(session) = &mut self.session {
                    session.mark_saved();
                }
                true
            }
        };
        if go_on {
            self.execute(pending, ctx);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if dropped.is_empty() {
            return;
        }
        let (projects, pdfs): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")));
        if let Some(project) = projects.into_iter().next() {
            self.queue(Action::OpenProject(project));
        } else if !pdfs.is_empty() {
            self.queue(Action::AddPdfs(pdfs));
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            Some(s) => format!(
                "{}{} — BeFITS Coder",
                text::ellipsize(s.project.name(), 80),
                if s.is_dirty() { " •" } else { "" }
            ),
            None => "BeFITS Coder".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    /// The window title the app last set.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }
}

impl eframe::App for BefitsApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.step_screenshots(&ctx);
        self.poll_import();
        self.poll_relink();
        self.poll_save(&ctx);
        self.poll_autosave();
        self.poll_jobs(&ctx);
        self.poll_scan();
        self.poll_ocr();
        let notes = self.pages.as_mut().map(|p| p.poll(&ctx)).unwrap_or_default();
        for m in notes {
            self.message(Message::warning(m));
        }
        // The page view's document: open its PDF (once) before the views read it.
        let page_doc = self
            .session
            .as_ref()
            .filter(|_| self.ui_state.workspace == ui::Workspace::Coding)
            .and_then(|s| self.ui_state.document.and_then(|id| s.project.document(id)));
        if let (Some(doc), Some(p)) = (page_doc, &mut self.pages) {
            p.ensure(doc);
        }
        let page_doc = page_doc.map(|d| d.id);
        self.handle_dropped_files(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Action::Quit);
            self.confirm_unsaved = true;
        }
        if let Some(s) = &mut self.session {
            s.derived.refresh(&s.project);
            if let Some(c) = &mut self.comparison {
                c.refresh(&s.project, self.ui_state.review_unit, self.ui_state.review_threshold);
            }
        }

        let selection = self.ui_state.reader.selection.filter(|_| !self.ui_state.suggestions_off);
        if let (Some(s), Some(service)) = (&self.session, &mut self.suggest) {
            service.follow(&s.project, selection);
        }
        let mut actions = std::mem::take(&mut self.queued);
        let queued_before = actions.len();
        {
            let session = self.session.as_ref().map(|s| SessionView {
                project: &s.project,
                derived: &s.derived,
                path: s.path.as_deref(),
                dirty: s.is_dirty(),
                undo_label: s.history.undo_label(),
                redo_label: s.history.redo_label(),
                is_sample: s.is_sample,
            });
            let cx = ViewCtx {
                session,
                recent: &self.recent,
                messages: &self.messages,
                import: self.import.as_ref().map(|j| j.view.clone()),
                confirm_unsaved: self.confirm_unsaved,
                recovery: self.recovery.as_ref(),
                review: self.comparison.as_ref().map(|c| ui::ReviewView {
                    other: &c.other,
                    other_path: &c.other_path,
                    report: &c.report,
                    reconcile: &c.reconcile,
                    decisions: &c.decisions,
                    unsaved: !self.consensus_saved && !c.decisions.is_empty(),
                }),
                pages: page_doc.and_then(|d| self.pages.as_ref()?.get(d)).map(DocPages::view),
                failed_imports: &self.failed_imports,
                busy: self.busy(),
                ocr: &self.ocr,
                recognising: self.recognising.as_ref().map(|r| r.document),
                refi: self.refi.as_ref().map(|p| ui::RefiView {
                    file: &p.file,
                    package: &p.package,
                    map: &p.map,
                    remember: p.remember,
                    codebook: &p.codebook,
                }),
                suggestions: selection.and_then(|sel| self.suggest.as_ref()?.for_selection(sel)),
            };
            ui::show(ui, &cx, &mut self.ui_state, &mut actions);
        }
        if let (Some(doc), Some(p)) = (page_doc, &mut self.pages)
            && self.ui_state.reader_mode == ui::ReaderMode::Page
        {
            p.want(doc, &self.ui_state.page_view.wanted);
        }
        let had_actions = actions.len() > queued_before || queued_before > 0;
        for action in actions {
            self.execute(action, &ctx);
        }
        if had_actions {
            ctx.request_repaint();
        }
        self.autosave();
        self.update_title(&ctx);
        let background = self.import.is_some() || self.scan.is_some() || self.saving.is_some();
        if background || !self.jobs.is_empty() || self.recognising.is_some() || self.ocr_check.is_some() {
            ctx.request_repaint_after(Duration::from_millis(200));
        } else if self.is_dirty() {
            // Wake up for the next autosave even when the user is idle.
            ctx.request_repaint_after(self.config.autosave_every);
        }
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        // Screenshots show the views, not the hover tooltip of wherever the pointer rests.
        if self.screenshots.is_some() {
            raw_input.events.retain(|e| !matches!(e, egui::Event::PointerMoved(_) | egui::Event::PointerButton { .. }));
            raw_input.events.push(egui::Event::PointerGone);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, SUGGESTIONS_OFF_KEY, &self.ui_state.suggestions_off);
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
