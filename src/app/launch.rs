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
        persistence_path: window_state_path(super::config::chosen_data_dir(), screenshots.is_some()),
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

/// Where the window's state (panel sizes, zoom, each view's scroll place) is kept; `None` for
/// eframe's usual place, the platform's data folder of the app. A data folder chosen with
/// `BEFITS_CODER_DATA_DIR` (a portable install, a workshop laptop's fresh start, a test) keeps
/// it too, so that nothing of such a run is read from or left in the user's own folder; a
/// screenshot run starts from the app's defaults, not from the state a user left there.
fn window_state_path(chosen_data_dir: Option<PathBuf>, screenshots: bool) -> Option<PathBuf> {
    chosen_data_dir
        .or_else(|| screenshots.then(super::config::default_data_dir).flatten())
        .map(|d| d.join("window-state"))
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
    use super::{opening_sample, window_state_path};
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

    #[test]
    fn the_window_state_stays_in_a_chosen_data_folder() {
        let chosen = PathBuf::from("/media/usb/befits-data");
        assert_eq!(window_state_path(Some(chosen.clone()), false), Some(chosen.join("window-state")));
        assert_eq!(window_state_path(Some(chosen.clone()), true), Some(chosen.join("window-state")));
        assert_eq!(window_state_path(None, false), None, "eframe's usual place");
        let screenshots = window_state_path(None, true);
        assert!(screenshots.as_ref().is_none_or(|p| p.ends_with("window-state")), "{screenshots:?}");
    }
}
