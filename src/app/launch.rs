//! Starting the app in a native window.

use super::{AppConfig, BefitsApp, screenshots};
use crate::ui::{self, Action};
use std::path::PathBuf;

/// Runs the app in a native window, opening `project` if given (and comparing it with
/// `compare` when that is given too); with `sample`, on the workshop sample. Otherwise it
/// starts on the welcome screen.
///
/// # Errors
/// When the window or its graphics context cannot be created.
pub fn run(
    project: Option<PathBuf>,
    compare: Option<PathBuf>,
    sample: Option<ui::Sample>,
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
        // Screenshots start from the app's defaults, not from the window state (panel sizes,
        // zoom) a user left in the usual place: theirs is kept in the data folder of the run.
        persistence_path: screenshots
            .as_ref()
            .and_then(|_| super::config::default_data_dir())
            .map(|d| d.join("window-state")),
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
            if let Some(sample) = sample {
                app.queue(Action::OpenSample(sample));
            }
            if let Some(dir) = screenshots {
                app.screenshots = Some(screenshots::ScreenshotPlan::new(dir));
            }
            Ok(Box::new(app))
        }),
    )
}
