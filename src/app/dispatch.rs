//! The one place actions from the views arrive: each goes to the module that owns its
//! concern (project files, articles and their PDFs, editing, review, exchange with other
//! tools, recovery, the window). An action that would close the open project with unsaved
//! changes asks first (`guard`) and runs when the user has answered.

use super::BefitsApp;
use super::import::ImportFile;
use crate::model::Edit;
use crate::ui::{Action, FilePurpose, Message};

impl BefitsApp {
    /// Runs one action.
    pub(super) fn execute(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            // The project as a whole.
            Action::ShowNewProject => self.ui_state.new_project = Some(crate::ui::NewProjectForm::default()),
            Action::NewProject { ref name, ref coder } if self.guard(&action) => {
                self.new_project(name.clone(), coder.clone());
            }
            Action::OpenProjectDialog => self.choose_file(FilePurpose::OpenProject, ctx),
            Action::OpenProject(ref path) if self.guard(&action) => self.open_project(&path.clone()),
            Action::OpenSample(sample) if self.guard(&action) => self.open_sample(sample),
            Action::Save => self.save(ctx, None),
            Action::SaveAsDialog => {
                self.pending = None;
                self.choose_file(FilePurpose::SaveProjectAs, ctx);
            }
            Action::SaveTo(path) => {
                self.save_to(&path, None);
            }
            Action::CloseProject if self.guard(&action) => self.close_project(),
            Action::Quit => self.quit(ctx),
            Action::ResolvePending(choice) => self.resolve_pending(choice, ctx),
            Action::ForgetRecent(path) => self.recent.retain(|p| p != &path),
            Action::PathChosen(purpose, path) => self.use_chosen(purpose, path, ctx),
            Action::PathPromptCancelled => self.pending = None,
            // Articles and their PDFs.
            Action::AddPdfsDialog => self.choose_file(FilePurpose::AddPdfs, ctx),
            Action::AddPdfs(paths) => self.start_import(paths.into_iter().map(ImportFile::plain).collect(), ctx),
            Action::RetryImport(path, password) => {
                self.start_import(vec![ImportFile { path, password, ocr: None }], ctx);
            }
            Action::RecogniseImport { path, password, language } => {
                self.start_import(vec![ImportFile { path, password, ocr: Some(language) }], ctx);
            }
            Action::CancelImport => self.cancel_import(),
            Action::DismissFailedImport(path) => self.dismiss_failed_import(&path),
            Action::RecognisePages { document, language } => self.recognise_pages(document, language),
            Action::CancelRecognising | Action::CancelWork => self.cancel_work(),
            Action::LocatePdfDialog(doc) => self.choose_file(FilePurpose::LocatePdf(doc), ctx),
            Action::LocatePdf(doc, path) => self.locate_pdf(doc, &path),
            Action::UnlockPdf(doc, password) => self.unlock_pdf(doc, password),
            Action::SelectDocument(id) => {
                self.ui_state.document = Some(id);
                self.ui_state.reader.selection = None;
                self.ui_state.selected_coding = None;
            }
            // Editing.
            Action::Edit { edit, label } => self.apply_edit(edit, label),
            Action::Undo => self.step_history(true),
            Action::Redo => self.step_history(false),
            // Review of two coders' projects.
            Action::CompareDialog => self.choose_file(FilePurpose::Compare, ctx),
            // Coder A's project may still be being read (`--compare`, or a quick user).
            Action::Compare(path) => self.after_open(Box::new(move |app: &mut BefitsApp| app.start_comparison(&path))),
            Action::CloseComparison => self.close_comparison(),
            Action::Decide(key, settled) => self.decide(key, settled),
            Action::SaveConsensusDialog => self.choose_review_file(FilePurpose::SaveConsensus, ctx),
            Action::SaveConsensus(path) => self.save_consensus(&path),
            Action::ExportComparisonDialog => self.choose_review_file(FilePurpose::ExportComparison, ctx),
            Action::ExportComparison(path) => self.export_comparison(&path),
            Action::ResumeReview if self.guard(&action) => self.resume_review_of_consensus(),
            // Exchange with other tools: tables, codebooks, exports, REFI-QDA.
            Action::ImportTableDialog => self.choose_file(FilePurpose::ImportTable, ctx),
            Action::ImportTable(path) => self.import_table(&path),
            Action::ExportTableDialog(kind) => self.choose_file(FilePurpose::ExportTable(kind), ctx),
            Action::ExportTable(kind, path) => self.export_table(&kind, &path),
            Action::ExportDialog(format) if self.session.is_some() => {
                self.choose_file(FilePurpose::Export(format), ctx);
            }
            Action::Export(format, path) => self.export(format, &path),
            Action::ImportCodebookDialog => self.choose_file(FilePurpose::ImportCodebook, ctx),
            Action::ImportCodebook(path) => self.import_codebook(&path),
            Action::ImportQdpxDialog => self.choose_file(FilePurpose::ImportQdpx, ctx),
            Action::ImportQdpx(ref path) if self.guard(&action) => self.import_refi(&path.clone()),
            Action::MapRefiCode(index, target) => self.map_refi_code(index, target),
            Action::RememberRefiMappings(on) => self.remember_refi_mappings(on),
            Action::ConfirmRefiImport => self.confirm_refi(),
            Action::CancelRefiImport => self.refi = None,
            // Recovery of unsaved work and backups.
            Action::RecoverCopy { ref file, ref target } if self.guard(&action) => {
                self.recover_copy(&file.clone(), target.clone());
                self.recovery = None;
            }
            Action::SetAsideCopy(file) => self.set_aside_copy(&file),
            Action::CloseRecovery { set_aside } => self.close_recovery(set_aside),
            Action::ShowBackups => self.show_backups(),
            Action::ShowUnsavedWork => self.scan_unsaved_work(true),
            // The window.
            Action::TogglePresentation => self.toggle_presentation(ctx),
            Action::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
            Action::Notify(text) => self.message(Message::warning(text)),
            // Guarded actions waiting for the answer to "save changes first?" (kept in
            // `pending`), and dialogs with nothing to show.
            Action::NewProject { .. }
            | Action::OpenProject(_)
            | Action::OpenSample(_)
            | Action::CloseProject
            | Action::ResumeReview
            | Action::ImportQdpx(_)
            | Action::RecoverCopy { .. }
            | Action::ExportDialog(_) => {}
        }
    }

    /// Applies an edit of the project (one undoable step), or says why it was not made.
    fn apply_edit(&mut self, edit: Edit, label: String) {
        if let Some(session) = &mut self.session
            && let Err(e) = session.apply(edit, label)
        {
            self.message(Message::error(format!("That change was not made: {e}.")));
        }
    }

    /// Undoes (or redoes) the last step.
    fn step_history(&mut self, undo: bool) {
        let Some(session) = &mut self.session else { return };
        let result =
            if undo { session.history.undo(&mut session.project) } else { session.history.redo(&mut session.project) };
        session.derived.refresh(&session.project);
        if let Err(e) = result {
            self.message(Message::error(format!("That step could not be undone or redone: {e}.")));
        }
    }
}
