//! Autosave and recovery: the app's side of "nothing a coder did is lost".
//!
//! Every session with unsaved changes is autosaved: beside its file when it has one, else in
//! the data folder. On start, unsaved work of earlier sessions is listed (found off the UI
//! thread); on open, a newer autosave is offered; a damaged file offers its readable
//! autosave and backups; File > Backups lists a project's generations. Copies the user does
//! not recover are set aside, never deleted at once.

use super::job::Job;
use super::{BefitsApp, Session};
use crate::persistence::{self, CopyKind, RecoverableCopy};
use crate::ui::{Message, RecoveryEntry, RecoveryOffer, RecoveryReason};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A recovery list being read on a background thread (each copy is loaded to describe it).
pub(super) struct Scan {
    job: Job<RecoveryOffer>,
    /// Asked for from the menu: then "nothing found" is said, too.
    from_menu: bool,
}

fn describe(copy: &RecoverableCopy) -> (String, String, bool) {
    let when = humantime::format_rfc3339_seconds(copy.saved).to_string().replace('T', " ").replace('Z', " UTC");
    match &copy.summary {
        Ok(s) => (
            s.name.clone(),
            format!(
                "{} · {when} · {} in {}",
                capitalise_first(copy.kind.label()),
                crate::model::text::counted(s.codings, "coding"),
                crate::model::text::counted(s.documents, "article")
            ),
            true,
        ),
        Err(e) => (format!("Cannot be read: {e}"), format!("{} · {when}", capitalise_first(copy.kind.label())), false),
    }
}

fn capitalise_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn entry(copy: &RecoverableCopy, target: Option<PathBuf>) -> RecoveryEntry {
    let (name, detail, readable) = describe(copy);
    let can_set_aside = matches!(copy.kind, CopyKind::Autosave | CopyKind::Unsaved);
    RecoveryEntry { file: copy.file.clone(), target, name, detail, readable, can_set_aside }
}

/// Unsaved work of earlier sessions: never-saved projects in the data folder (with those set
/// aside, when asked) and newer autosaves of the recent projects.
fn unsaved_work(data_dir: Option<&Path>, recent: &[PathBuf], with_set_aside: bool) -> Vec<RecoveryEntry> {
    let mut copies: Vec<(RecoverableCopy, Option<PathBuf>)> = Vec::new();
    if let Some(dir) = data_dir {
        for (file, saved) in persistence::list_unsaved(dir, false) {
            copies.push((RecoverableCopy::read(file, CopyKind::Unsaved, saved), None));
        }
        if with_set_aside {
            for (file, saved) in persistence::list_unsaved(dir, true) {
                copies.push((RecoverableCopy::read(file, CopyKind::SetAsideAutosave, saved), None));
            }
        }
    }
    for project in recent.iter().filter(|p| p.exists()) {
        if let Some(copy) = persistence::newer_autosave(project) {
            copies.push((copy, Some(project.clone())));
        }
    }
    copies.sort_by_key(|(c, _)| std::cmp::Reverse(c.saved));
    copies.iter().map(|(c, target)| entry(c, target.clone())).collect()
}

impl BefitsApp {
    /// Starts looking for unsaved work of earlier sessions (at start, or from the menu).
    pub(super) fn scan_unsaved_work(&mut self, from_menu: bool) {
        let with_set_aside = from_menu;
        let data_dir = self.config.data_dir.clone();
        let recent = self.recent.clone();
        let wake = self.egui_ctx.clone();
        let spawned = Job::spawn(
            "Looking for unsaved work",
            move || wake.request_repaint(),
            move |_| {
                let entries = unsaved_work(data_dir.as_deref(), &recent, with_set_aside);
                RecoveryOffer { reason: RecoveryReason::UnsavedWork, project: None, problem: None, entries }
            },
        );
        match spawned {
            Ok(job) => self.scan = Some(Scan { job, from_menu }),
            Err(e) => self
                .message(Message::warning(format!("Unsaved work of earlier sessions could not be looked for ({e})."))),
        }
    }

    /// Shows what the scan found, once it is done (and if there is anything to show).
    pub(super) fn poll_scan(&mut self) {
        let Some(scan) = &self.scan else { return };
        let Some(offer) = scan.job.poll() else {
            if scan.job.died() {
                self.scan = None;
            }
            return;
        };
        let from_menu = scan.from_menu;
        self.scan = None;
        if offer.entries.is_empty() {
            if from_menu {
                self.message(Message::info("There is no unsaved work of earlier sessions to recover."));
            }
            return;
        }
        self.show_recovery(offer);
    }

    /// Opens a recovery list. One list shows at a time: a list of unsaved work of earlier
    /// sessions that is open, or that comes while another list is open, waits for that
    /// one to close.
    fn show_recovery(&mut self, offer: RecoveryOffer) {
        match &self.recovery {
            Some(_) if offer.reason == RecoveryReason::UnsavedWork => self.waiting_offer = Some(offer),
            Some(open) if open.reason == RecoveryReason::UnsavedWork => {
                self.waiting_offer = self.recovery.replace(offer);
            }
            _ => self.recovery = Some(offer),
        }
    }

    /// Shows the list of unsaved work that waited for another list to close, with only the
    /// copies that are still there and are not of the project now open.
    pub(super) fn show_waiting_recovery(&mut self) {
        if self.recovery.is_some() {
            return;
        }
        let Some(mut offer) = self.waiting_offer.take() else { return };
        let open = self.session.as_ref().and_then(|s| s.path.clone());
        offer.entries.retain(|e| e.file.is_file() && (e.target.is_none() || e.target != open));
        if !offer.entries.is_empty() {
            self.recovery = Some(offer);
        }
    }

    /// After opening `path`: offers its autosave, read with it, when it is newer than the file.
    pub(super) fn offer_newer_autosave(&mut self, path: &Path, copy: Option<RecoverableCopy>) {
        let Some(copy) = copy else { return };
        self.show_recovery(RecoveryOffer {
            reason: RecoveryReason::NewerAutosave,
            project: Some(path.to_path_buf()),
            problem: None,
            entries: vec![entry(&copy, Some(path.to_path_buf()))],
        });
    }

    /// When `path` cannot be opened because it is damaged: offers its readable copies (read
    /// with it). Returns whether there were any.
    pub(super) fn offer_damaged(&mut self, path: &Path, problem: String, copies: &[RecoverableCopy]) -> bool {
        if !copies.iter().any(|c| c.summary.is_ok()) {
            return false;
        }
        let entries = copies.iter().map(|c| entry(c, Some(path.to_path_buf()))).collect();
        self.show_recovery(RecoveryOffer {
            reason: RecoveryReason::Damaged,
            project: Some(path.to_path_buf()),
            problem: Some(problem),
            entries,
        });
        true
    }

    /// File > Backups…: the current project's generations and autosaves, each read (in the
    /// background: a large review takes half a second a copy) to describe it.
    pub(super) fn show_backups(&mut self) {
        let Some(path) = self.session.as_ref().filter(|s| !s.is_sample).and_then(|s| s.path.clone()) else {
            self.message(Message::info("Backups are kept once the project is saved to a file."));
            return;
        };
        self.run_work("Reading the backups".into(), true, move |control| {
            let copies = persistence::recoverable_copies_with(&path, |done, of| {
                control.report(done, of, format!("Reading copy {} of {of}", done + 1));
                !control.cancelled()
            });
            let entries: Vec<RecoveryEntry> = copies.iter().map(|c| entry(c, Some(path.clone()))).collect();
            let stopped = control.cancelled();
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| {
                if stopped {
                    app.message(Message::info("The list of backups was not shown: reading it was stopped."));
                    return;
                }
                if entries.is_empty() {
                    app.message(Message::info(format!(
                        "No backups of {} yet: each save from the second on keeps the file it replaces, in {}.",
                        path.display(),
                        persistence::backup_dir(&persistence::resolve_target(&path)).display()
                    )));
                    return;
                }
                app.show_recovery(RecoveryOffer {
                    reason: RecoveryReason::Backups,
                    project: Some(path),
                    problem: None,
                    entries,
                });
            })
        });
    }

    /// Opens a copy in place of `target` (or as never-saved work), with unsaved changes. The
    /// copy is read in the background, as a project file is opened.
    pub(super) fn recover_copy(&mut self, file: &Path, target: Option<PathBuf>) {
        let reason = self.recovery.as_ref().map(|r| r.reason);
        let revision = self.begin_reading(file);
        let file = file.to_path_buf();
        self.run_reading("Opening the copy".into(), move |_| {
            let read = super::project_files::read_project(&file);
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| {
                app.finish_recover(&file, target, reason, revision, read);
            })
        });
    }

    fn finish_recover(
        &mut self,
        file: &Path,
        target: Option<PathBuf>,
        reason: Option<RecoveryReason>,
        revision: Option<u64>,
        read: Result<super::project_files::ReadProject, persistence::LoadError>,
    ) {
        let Some(after) = self.take_opening(file) else {
            return; // another project was asked for since
        };
        let (loaded, tracker, first_copy) = match read {
            Ok(read) => read,
            Err(e) => {
                self.message(Message::error(format!("That copy could not be opened: {e}")));
                return self.not_started(&after);
            }
        };
        if self.edited_since(revision, file) {
            return;
        }
        let never_saved = target.is_none();
        let mut session = Session::new(loaded.project, target, false);
        if never_saved && let Some(name) = file.file_name() {
            // Go on autosaving into the same file, so no second copy appears.
            session.unsaved_name = name.to_string_lossy().into_owned();
        }
        session.saved_revision = u64::MAX;
        let path = session.path.clone();
        self.open_session(session);
        self.adopt_first_copy(tracker, first_copy);
        if let Some(p) = &path {
            self.add_recent(p);
        }
        let text = match (reason, path) {
            (Some(RecoveryReason::Backups), Some(p)) => format!(
                "The copy from {} is open. Save (Ctrl+S) to make it {}; the file it replaces is kept as a backup.",
                file.display(),
                p.display()
            ),
            (_, Some(p)) => format!("The recovered copy is open. Save (Ctrl+S) to keep it as {}.", p.display()),
            (_, None) => {
                "The recovered work is open. Save it (Ctrl+S) to give it a file; until then it is still autosaved."
                    .to_owned()
            }
        };
        self.message(Message::info(text));
        for then in after {
            then(self);
        }
    }

    /// Sets an offered autosave aside and takes it off the list.
    pub(super) fn set_aside_copy(&mut self, file: &Path) {
        let target = self
            .recovery
            .as_ref()
            .and_then(|r| r.entries.iter().find(|e| e.file == file))
            .and_then(|e| e.target.clone());
        let result = match (&target, &self.config.data_dir) {
            (Some(project), _) if persistence::autosave_path(project) == file => {
                persistence::set_aside_autosave(project)
            }
            (None, Some(dir)) => persistence::set_aside_unsaved(file, dir),
            _ => return,
        };
        match result {
            Ok(_) => {
                if let Some(offer) = &mut self.recovery {
                    offer.entries.retain(|e| e.file != file);
                    if offer.entries.is_empty() {
                        self.recovery = None;
                    }
                }
            }
            Err(e) => {
                self.message(Message::error(format!("That copy could not be set aside ({e}): {}", file.display())));
            }
        }
    }

    /// Closes the recovery list; "Keep the saved file" sets the offered autosaves aside.
    pub(super) fn close_recovery(&mut self, set_aside: bool) {
        if set_aside {
            let files: Vec<PathBuf> = self
                .recovery
                .as_ref()
                .map(|r| r.entries.iter().filter(|e| e.can_set_aside).map(|e| e.file.clone()).collect())
                .unwrap_or_default();
            for f in files {
                self.set_aside_copy(&f);
            }
        }
        self.recovery = None;
    }

    /// The data-folder autosave of a session that has no file.
    pub(super) fn unsaved_file(&self, session: &Session) -> Option<PathBuf> {
        self.config.data_dir.as_deref().map(|d| persistence::unsaved_dir(d).join(&session.unsaved_name))
    }

    /// Writes the autosave of unsaved changes, at most every `autosave_every`.
    pub(super) fn autosave(&mut self) {
        if self.last_autosave.elapsed() < self.config.autosave_every {
            return;
        }
        self.last_autosave = Instant::now();
        let Some(session) = &self.session else { return };
        if !session.is_dirty() {
            return;
        }
        // A snapshot, written in the background.
        let snapshot = session.project.clone();
        match session.path.clone().filter(|_| !session.is_sample) {
            Some(path) => self.start_autosave(move || persistence::write_autosave(&snapshot, &path)),
            None => match self.config.data_dir.clone() {
                Some(dir) => {
                    let name = session.unsaved_name.clone();
                    self.start_autosave(move || persistence::write_unsaved(&snapshot, &dir, &name).map(|_| ()));
                }
                None => self.message(Message::warning(
                    "Automatic backup failed (this system has no data folder for the app); save with Ctrl+S.",
                )),
            },
        }
    }

    /// After a save to a file: the autosaves of the session are no longer needed.
    pub(super) fn drop_autosaves_after_save(&self, path: &Path) {
        persistence::remove_autosave(path);
        if let Some(file) = self.session.as_ref().and_then(|s| self.unsaved_file(s)) {
            persistence::remove_unsaved(&file);
        }
    }

    /// The user chose not to save: the session's autosaves are set aside, not deleted.
    pub(super) fn set_aside_session_autosaves(&mut self) {
        self.finish_autosave();
        let Some(session) = &self.session else { return };
        let mut failed = Vec::new();
        if let Some(path) = session.path.as_deref().filter(|p| persistence::autosave_path(p).is_file())
            && let Err(e) = persistence::set_aside_autosave(path)
        {
            failed.push(e.to_string());
        }
        if let (Some(file), Some(dir)) = (self.unsaved_file(session), &self.config.data_dir)
            && file.is_file()
            && let Err(e) = persistence::set_aside_unsaved(&file, dir)
        {
            failed.push(e.to_string());
        }
        for e in failed {
            self.message(Message::warning(format!(
                "An automatic copy could not be set aside ({e}); it stays where it was."
            )));
        }
    }

    /// When a session ends without unsaved changes: a leftover data-folder autosave is
    /// removed if the work is in a file, else set aside.
    pub(super) fn retire_session_autosave(&mut self) {
        self.finish_autosave();
        let Some(session) = &self.session else { return };
        let Some(file) = self.unsaved_file(session).filter(|f| f.is_file()) else { return };
        if session.path.is_some() && !session.is_sample {
            persistence::remove_unsaved(&file);
        } else if let Some(dir) = &self.config.data_dir {
            let _ = persistence::set_aside_unsaved(&file, dir);
        }
    }
}
