//! Starting the app in a native window.

use super::{AppConfig, BefitsApp, screenshots};
use crate::ui::{self, Action};
use std::path::PathBuf;

/// Runs the app in a native window, opening `project` if given (and comparing it with
/// `compare` when that is given too); with `sample`, on that sample. Otherwise it starts on
/// the welcome screen, or on the workshop sample where the app has no recent project yet
/// ([`opening_sample`]).
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
            let named = project.is_some();
            let mut app = BefitsApp::new(cc, AppConfig::default(), project);
            if let Some(other) = compare {
                app.queue(Action::Compare(other));
            }
            if let Some(sample) = opening_sample(named, sample, app.recent()) {
                app.queue(Action::OpenSample(sample));
            }
            if let Some(dir) = screenshots {
                app.screenshots = Some(screenshots::ScreenshotPlan::new(dir));
            }
            Ok(Box::new(app))
        }),
    )
}

/// The sample the window opens on: the one asked for; when the command line names neither a
/// project nor a sample and the app has no recent project (a fresh laptop, a workshop), the
/// workshop sample, so that one command puts a coded project on screen; otherwise none (the
/// welcome screen, with the recent projects).
fn opening_sample(named_project: bool, asked: Option<ui::Sample>, recent: &[PathBuf]) -> Option<ui::Sample> {
    asked.or_else(|| (!named_project && recent.is_empty()).then_some(ui::Sample::Workshop))
}

#[cfg(test)]
mod tests {
    use super::opening_sample;
    use crate::ui::Sample;
    use std::path::PathBuf;

    #[test]
    fn a_fresh_start_opens_the_workshop_sample_and_a_used_one_the_welcome_screen() {
        let recent = [PathBuf::from("/home/ama/review.ron")];
        assert_eq!(opening_sample(false, None, &[]), Some(Sample::Workshop), "a fresh machine");
        assert_eq!(opening_sample(false, None, &recent), None, "the welcome screen, with the recent project");
        assert_eq!(opening_sample(true, None, &[]), None, "the project named");
        assert_eq!(opening_sample(false, Some(Sample::Pair), &recent), Some(Sample::Pair), "the sample asked for");
    }
}
