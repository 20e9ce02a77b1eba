//! Presentation mode: full screen, the projector palette and a larger zoom while it is on,
//! and the zoom from before it when it ends.

use super::BefitsApp;
use crate::ui;

impl BefitsApp {
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

    /// Turns presentation mode on or off.
    pub(super) fn toggle_presentation(&mut self, ctx: &egui::Context) {
        self.ui_state.presentation = !self.ui_state.presentation;
        self.apply_presentation(ctx);
    }
}
