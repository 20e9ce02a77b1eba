//! One frame of the app: take in what background work delivered, refresh the derived data,
//! let the views draw and collect their actions, run the actions, and decide when to wake
//! again. The views only read (through `ViewCtx`); everything they want done comes back as
//! an action.

use super::{BefitsApp, DocPages, RECENT_KEY, SUGGESTIONS_OFF_KEY};
use crate::model::DocumentId;
use crate::ui::{self, Action, Message, SessionView, TextSelection, ViewCtx};
use std::time::Duration;

impl eframe::App for BefitsApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.step_screenshots(&ctx);
        self.take_in_background_work(&ctx);
        let page_doc = self.open_page_document();
        self.handle_dropped_files(&ctx);
        self.catch_close_request(&ctx);
        self.refresh_derived();
        let selection = self.ui_state.reader.selection.filter(|_| !self.ui_state.suggestions_off);
        if let (Some(s), Some(service)) = (&self.session, &mut self.suggest) {
            service.follow(&s.project, selection);
        }
        let mut actions = std::mem::take(&mut self.queued);
        let queued = actions.len();
        self.show_views(ui, page_doc, selection, &mut actions);
        if let (Some(doc), Some(p)) = (page_doc, &mut self.pages)
            && self.ui_state.reader_mode == ui::ReaderMode::Page
        {
            p.want(doc, &self.ui_state.page_view.wanted);
        }
        let had_actions = !actions.is_empty();
        for action in actions {
            self.execute(action, &ctx);
        }
        if had_actions || queued > 0 {
            ctx.request_repaint();
        }
        self.autosave();
        self.update_title(&ctx);
        self.schedule_wake(&ctx);
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

impl BefitsApp {
    /// Takes in what the background work delivered since the last frame.
    fn take_in_background_work(&mut self, ctx: &egui::Context) {
        self.poll_import();
        self.poll_relink();
        self.poll_save(ctx);
        self.poll_autosave();
        self.poll_jobs(ctx);
        self.poll_scan();
        self.show_waiting_recovery();
        self.poll_ocr();
        let notes = self.pages.as_mut().map(|p| p.poll(ctx)).unwrap_or_default();
        for m in notes {
            self.message(Message::warning(m));
        }
    }

    /// The page view's document: its PDF is opened (once) before the views read it.
    fn open_page_document(&mut self) -> Option<DocumentId> {
        let page_doc = self
            .session
            .as_ref()
            .filter(|_| self.ui_state.workspace == ui::Workspace::Coding)
            .and_then(|s| self.ui_state.document.and_then(|id| s.project.document(id)));
        if let (Some(doc), Some(p)) = (page_doc, &mut self.pages) {
            p.ensure(doc);
        }
        page_doc.map(|d| d.id)
    }

    /// Closing the window with unsaved changes asks first.
    fn catch_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.pending = Some(Action::Quit);
            self.confirm_unsaved = true;
        }
    }

    /// Derived data and the comparison follow the project (recomputed only when its
    /// revision changed).
    fn refresh_derived(&mut self) {
        if let Some(s) = &mut self.session {
            s.derived.refresh(&s.project);
            if let Some(c) = &mut self.comparison {
                c.refresh(&s.project, self.ui_state.review_unit, self.ui_state.review_threshold);
            }
        }
    }

    /// Draws the views on what the app holds; their actions go into `actions`.
    fn show_views(
        &mut self,
        ui: &mut egui::Ui,
        page_doc: Option<DocumentId>,
        selection: Option<TextSelection>,
        actions: &mut Vec<Action>,
    ) {
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
            recognising: self
                .recognising
                .as_ref()
                .filter(|r| self.session.as_ref().is_some_and(|s| s.serial == r.session))
                .map(|r| r.document),
            refi: self.refi.as_ref().map(|p| ui::RefiView {
                file: &p.file,
                package: &p.package,
                map: &p.map,
                remember: p.remember,
                codebook: &p.codebook,
            }),
            suggestions: selection.and_then(|sel| self.suggest.as_ref()?.for_selection(sel)),
        };
        ui::show(ui, &cx, &mut self.ui_state, actions);
    }

    /// Wakes the window while background work runs, and for the next autosave.
    fn schedule_wake(&self, ctx: &egui::Context) {
        let background = self.import.is_some() || self.scan.is_some() || self.saving.is_some();
        if background || !self.jobs.is_empty() || self.recognising.is_some() || self.ocr_check.is_some() {
            ctx.request_repaint_after(Duration::from_millis(200));
        } else if self.is_dirty() {
            // Wake up for the next autosave even when the user is idle.
            ctx.request_repaint_after(self.config.autosave_every);
        }
    }
}
