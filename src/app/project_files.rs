//! The open project as a whole: creating, opening (files, the samples, files dropped on the
//! window), the question "save changes first?" before an action that would close it, the
//! recent-files list, and the window title.

use super::{BefitsApp, Session, capitalise, relink, samples};
use crate::model::{Project, text};
use crate::persistence::{self, LoadError, RecoverableCopy};
use crate::ui::{self, Action, Message, PendingChoice};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What runs once a project being read is open (a comparison asked for meanwhile).
pub(super) type AfterOpen = Box<dyn FnOnce(&mut BefitsApp) + Send>;

/// A project file being read.
pub(super) struct Opening {
    path: PathBuf,
    after: Vec<AfterOpen>,
}

/// A project read, with the suggestion model's first copy of its passages.
pub(super) type ReadProject =
    (persistence::Loaded, crate::analysis::suggest::CorpusTracker, Option<crate::analysis::suggest::CorpusDelta>);

/// Reads a project file (off the UI thread), with the suggestions' first copy of its passages.
pub(super) fn read_project(path: &Path) -> Result<ReadProject, LoadError> {
    persistence::load(path).map(|loaded| {
        let mut tracker = crate::analysis::suggest::CorpusTracker::default();
        let first_copy = tracker.changes(&loaded.project);
        (loaded, tracker, first_copy)
    })
}

/// A project file read in the background, with the copies its opening may offer.
struct Read {
    project: Result<ReadProject, LoadError>,
    /// Its autosave, when newer than the file.
    newer_autosave: Option<RecoverableCopy>,
    /// When the file is damaged: its autosave and backups, which could replace it.
    copies: Vec<RecoverableCopy>,
}

impl Read {
    /// Reads `path` and what its opening may offer; the copies of a damaged file are read
    /// one by one, told as progress (half a second each for a large review).
    fn from_file(path: &Path, control: &super::job::Control) -> Self {
        let project = read_project(path);
        let (newer_autosave, copies) = match &project {
            Ok(_) => (persistence::newer_autosave(path), Vec::new()),
            Err(LoadError::Damaged { .. } | LoadError::Invalid { .. }) => {
                let copies = persistence::recoverable_copies_with(path, |done, of| {
                    control.report(done, of, format!("The file is damaged: reading copy {} of {of}", done + 1));
                    true
                });
                (None, copies)
            }
            Err(_) => (None, Vec::new()),
        };
        Self { project, newer_autosave, copies }
    }
}

/// What the banner says while a built-in sample is open, until it is closed or saved as the
/// user's own project.
const SAMPLE_NOTICE: &str = "This is the built-in sample project. Use File > Save as… to keep your changes, or File > New project… to start your own.";

impl BefitsApp {
    pub(super) fn add_recent(&mut self, path: &Path) {
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(12);
    }

    pub(super) fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_dirty)
    }

    /// Whether `action` may run now; if the project has unsaved changes, asks first and
    /// keeps the action for when the user answers.
    pub(super) fn guard(&mut self, action: &Action) -> bool {
        if self.is_dirty() {
            self.pending = Some(action.clone());
            self.confirm_unsaved = true;
            false
        } else {
            true
        }
    }

    /// Takes the sample's notice off the banner: the sample is no longer open, or it was
    /// saved as the user's own project.
    pub(super) fn drop_sample_notice(&mut self) {
        self.messages.retain(|m| m.text != SAMPLE_NOTICE);
    }

    pub(super) fn open_session(&mut self, session: Session) {
        self.drop_sample_notice();
        // A project file still being read was asked for before this one: it is dropped. PDFs
        // still being imported were for the project closing: their import stops.
        self.opening = None;
        self.cancel_import();
        self.retire_session_autosave();
        self.ui_state.reset_for_project();
        if let Some(p) = &mut self.pages {
            p.clear();
        }
        if let Some(s) = &mut self.suggest {
            s.reset();
        }
        self.relink = relink::start(&session.project, session.path.as_deref(), self.egui_ctx.clone());
        self.replace_comparison(None);
        self.consensus_saved = true;
        // A project coded only at document level (an imported extraction sheet) has no
        // passages to read: open it on the diagram, where its findings show at once.
        let codings = session.project.codings();
        if !codings.is_empty() && codings.values().all(|c| c.anchor.as_text().is_none()) {
            self.ui_state.workspace = ui::Workspace::Diagram;
        }
        // The project closing is freed off the window's thread (a review of 100,000
        // codings takes 60-110 ms to free).
        if let Some(closing) = self.session.replace(session) {
            persistence::drop_elsewhere(closing);
        }
        // The list of another project's copies closes; that of unsaved work of earlier
        // sessions, which belongs to no project, stays.
        self.recovery.take_if(|r| r.reason != ui::RecoveryReason::UnsavedWork);
        self.last_autosave = Instant::now();
    }

    pub(super) fn report_anchors(&mut self, moved: usize, orphaned: usize) {
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

    pub(super) fn open_project(&mut self, path: &Path) {
        self.open_project_then(path, None);
    }

    /// Reads a project file in the background (a review of 100,000 codings takes half a
    /// second), with the suggestions' first copy of its passages; the window keeps drawing.
    /// When it is read it becomes the open project and `then` runs. A later open wins over
    /// an earlier one still under way, and a project edited meanwhile is not replaced.
    pub(super) fn open_project_then(&mut self, path: &Path, then: Option<AfterOpen>) {
        let revision = self.begin_reading(path);
        if let (Some(o), Some(then)) = (&mut self.opening, then) {
            o.after.push(then);
        }
        let path = path.to_path_buf();
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        self.run_reading(format!("Opening {name}"), move |control| {
            let read = Read::from_file(&path, control);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| app.finish_open(&path, revision, read))
        });
    }

    /// Marks `path` as the file being read (a later read replaces an earlier one); returns
    /// the open project's revision, to tell later whether it was edited meanwhile.
    pub(super) fn begin_reading(&mut self, path: &Path) -> Option<u64> {
        self.opening = Some(Opening { path: path.to_path_buf(), after: Vec::new() });
        self.session.as_ref().map(|s| s.project.revision())
    }

    /// Whether a project file is being read.
    #[must_use]
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Runs `then` once the project being read is open (now, if none is being read).
    pub(super) fn after_open(&mut self, then: AfterOpen) {
        match &mut self.opening {
            Some(o) => o.after.push(then),
            None => then(self),
        }
    }

    /// Ends the reading of `path`, with what was asked to run once it is open; `None` when
    /// another file was asked for since.
    pub(super) fn take_opening(&mut self, path: &Path) -> Option<Vec<AfterOpen>> {
        if self.opening.as_ref().is_none_or(|o| o.path != path) {
            return None;
        }
        self.opening.take().map(|o| o.after)
    }

    /// Whether the open project has unsaved changes made since `revision`, when `path`
    /// began to be read: then `path` does not replace it, and the user is told.
    pub(super) fn edited_since(&mut self, revision: Option<u64>, path: &Path) -> bool {
        let edited = self.is_dirty() && self.session.as_ref().map(|s| s.project.revision()) != revision;
        if edited {
            self.message(Message::warning(format!(
                "{} was not opened: the open project was changed while it was being read. Save or discard those changes, then open it again.",
                path.display()
            )));
        }
        edited
    }

    /// Says that what was to run once a project opened (a comparison) did not start,
    /// because the project could not be read.
    pub(super) fn not_started(&mut self, after: &[AfterOpen]) {
        if !after.is_empty() {
            self.message(Message::warning(
                "The comparison asked for with it was not started: open coder A's project first, then compare.",
            ));
        }
    }

    /// Hands the suggestion model the first copy of the passages made with the project.
    pub(super) fn adopt_first_copy(
        &mut self,
        tracker: crate::analysis::suggest::CorpusTracker,
        first_copy: Option<crate::analysis::suggest::CorpusDelta>,
    ) {
        if let (Some(s), Some(delta)) = (&mut self.suggest, first_copy) {
            s.adopt(tracker, delta);
        }
    }

    fn finish_open(&mut self, path: &Path, revision: Option<u64>, read: Read) {
        let Some(after) = self.take_opening(path) else {
            return; // another project was asked for since
        };
        match read.project {
            Ok((loaded, tracker, first_copy)) => {
                if self.edited_since(revision, path) {
                    return;
                }
                let (moved, orphaned) = (loaded.moved.len(), loaded.orphaned.len());
                let mut session = Session::new(loaded.project, Some(path.to_path_buf()), false);
                if moved > 0 {
                    // Re-anchoring changed the project in memory: offer to save it.
                    session.saved_revision = u64::MAX;
                }
                self.open_session(session);
                self.adopt_first_copy(tracker, first_copy);
                self.add_recent(path);
                self.report_anchors(moved, orphaned);
                self.offer_newer_autosave(path, read.newer_autosave);
                for then in after {
                    then(self);
                }
            }
            Err(e) => {
                if matches!(e, LoadError::Io { .. }) {
                    self.recent.retain(|p| p != path);
                }
                if !self.offer_damaged(path, capitalise(&e.to_string()), &read.copies) {
                    self.message(Message::error(format!("Could not open the project: {e}")));
                }
                self.not_started(&after);
            }
        }
    }

    pub(super) fn open_sample(&mut self, sample: ui::Sample) {
        let (name, text) = samples::sample_text(sample);
        match persistence::load_str(text, Path::new(name)) {
            Ok(mut loaded) => {
                samples::place_pdfs(&mut loaded.project, self.config.data_dir.as_deref());
                self.open_session(Session::new(loaded.project, None, true));
                self.message(Message::info(SAMPLE_NOTICE));
                if sample == ui::Sample::Pair {
                    let (name, text) = samples::PAIR_B;
                    self.compare_in_background(Path::new(name), move |path| persistence::load_str(text, path));
                }
            }
            Err(e) => self.message(Message::error(format!("The built-in sample could not be opened: {e}"))),
        }
    }

    pub(super) fn new_project(&mut self, name: String, coder: String) {
        match persistence::default_codebook() {
            Ok(codebook) => {
                self.open_session(Session::new(Project::new(name, coder, codebook), None, false));
            }
            Err(e) => self.message(Message::error(format!("The built-in codebook is damaged: {e}"))),
        }
    }

    pub(super) fn resolve_pending(&mut self, choice: PendingChoice, ctx: &egui::Context) {
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

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
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

    /// Closes the project (the caller has asked about unsaved changes).
    pub(super) fn close_project(&mut self) {
        self.retire_session_autosave();
        if let Some(closing) = self.session.take() {
            persistence::drop_elsewhere(closing);
        }
        self.drop_sample_notice();
        self.ui_state.reset_for_project();
    }

    /// Quits: after the save under way, and once unsaved changes are saved or let go.
    pub(super) fn quit(&mut self, ctx: &egui::Context) {
        if let Some(saving) = &mut self.saving {
            // Quit once the save under way has finished.
            saving.then.get_or_insert(Action::Quit);
            return;
        }
        if self.guard(&Action::Quit) {
            self.retire_session_autosave();
            self.allow_close = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}
