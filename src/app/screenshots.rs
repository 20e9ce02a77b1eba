//! Screenshots of the main views, taken by the app itself (`befits-coder --sample
//! --screenshots DIR`, run under a virtual display by `scripts/screenshots.sh`): each view is
//! set up, drawn until the pages and any background work have settled, captured with the
//! viewport's own screenshot command, and written as a PNG. The app closes after the last.

use super::BefitsApp;
use crate::ui::{self, Workspace};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One picture: its file name and how the app is set up for it.
struct Shot {
    name: &'static str,
    setup: fn(&mut BefitsApp),
}

fn coding(app: &mut BefitsApp) {
    app.ui_state.workspace = Workspace::Coding;
    app.ui_state.reader_mode = ui::ReaderMode::Page;
    // The first coding of the first article, selected, so its highlight and form show.
    if let Some(s) = &app.session {
        let first = s.project.codings().values().find(|c| c.anchor.as_text().is_some());
        if let Some(c) = first {
            let target = c.anchor.as_text().map(|t| ui::ScrollTarget { page: t.page, byte: t.start });
            app.ui_state.focus_coding(c.id, c.document, target);
        }
    }
}

/// A sentence of the first article selected, with the construct suggestions for it.
fn suggestions(app: &mut BefitsApp) {
    coding(app);
    let Some(s) = &app.session else { return };
    let Some(doc) = s.project.documents().values().next() else { return };
    let found = doc.pages.iter().enumerate().find_map(|(i, p)| Some((i, p.find("shortage of equipment")?)));
    if let Some((page, at)) = found {
        let (a, b) = crate::model::text::sentence_around(&doc.pages[page], at, at + 1);
        app.ui_state.select_passage(doc, page, a, b);
        app.ui_state.reader.scroll_to = Some(ui::ScrollTarget { page, byte: a });
    }
}

/// The window that codes search hits, on "supervision" in every article.
fn code_hits(app: &mut BefitsApp) {
    coding(app);
    let mut window = ui::CodeHits::new(None, "supervision");
    window.form.construct = app.session.as_ref().and_then(|s| {
        ui::filter_constructs(s.project.codebook(), "training supervision").first().map(|c| c.key.clone())
    });
    window.form.valence = Some(crate::model::Valence::Facilitator);
    window.focus_query = false;
    app.ui_state.code_hits = Some(window);
}

fn view(workspace: Workspace) -> impl Fn(&mut BefitsApp) {
    move |app: &mut BefitsApp| app.ui_state.workspace = workspace
}

const SHOTS: [Shot; 11] = [
    Shot { name: "coding", setup: coding },
    Shot { name: "suggestions", setup: suggestions },
    Shot { name: "code-hits", setup: code_hits },
    Shot { name: "tallies", setup: |a| view(Workspace::Tallies)(a) },
    Shot { name: "diagram", setup: |a| view(Workspace::Diagram)(a) },
    Shot { name: "matrix", setup: |a| view(Workspace::Matrix)(a) },
    Shot { name: "articles", setup: |a| view(Workspace::Articles)(a) },
    Shot { name: "characteristics", setup: |a| view(Workspace::Characteristics)(a) },
    Shot { name: "codebook", setup: |a| view(Workspace::Codebook)(a) },
    Shot {
        name: "presentation",
        setup: |a| {
            coding(a);
            a.ui_state.presentation = true;
        },
    },
    // Last: it opens another sample (the pair review, compared in the background).
    Shot { name: "review", setup: |a| a.open_sample(ui::Sample::Pair) },
];

/// A picture delivered by the viewport, waiting to be written.
type Delivered = std::sync::Arc<std::sync::Mutex<Option<std::sync::Arc<egui::ColorImage>>>>;

/// The screenshots under way.
pub(crate) struct ScreenshotPlan {
    dir: PathBuf,
    next: usize,
    since: Option<Instant>,
    requested: bool,
    delivered: Delivered,
}

impl ScreenshotPlan {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir, next: 0, since: None, requested: false, delivered: Delivered::default() }
    }
}

impl BefitsApp {
    /// Advances the screenshots: sets up the next view, waits for it to settle, asks for the
    /// picture, and writes it when it arrives.
    pub(super) fn step_screenshots(&mut self, ctx: &egui::Context) {
        let Some(plan) = &mut self.screenshots else { return };
        if self.session.is_none() {
            ctx.request_repaint();
            return;
        }
        // A picture that arrived: write it.
        let image = plan.delivered.lock().ok().and_then(|mut d| d.take());
        if let Some(image) = image {
            let Some(shot) = SHOTS.get(plan.next) else { return };
            let path = plan.dir.join(format!("{}.png", shot.name));
            if let Err(e) = write_png(&image, &path) {
                eprintln!("befits-coder: error: the screenshot could not be written ({e}): {}", path.display());
            } else {
                println!("wrote {}", path.display());
            }
            plan.next += 1;
            plan.since = None;
            plan.requested = false;
        }
        let Some(shot) = SHOTS.get(plan.next) else {
            if self.ui_state.presentation {
                self.ui_state.presentation = false;
                self.apply_presentation(ctx);
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.allow_close = true;
            return;
        };
        let setup = shot.setup;
        if plan.since.is_none() {
            plan.since = Some(Instant::now());
            let was_presenting = self.ui_state.presentation;
            self.ui_state.presentation = false;
            // Each picture starts without what the one before opened over the views.
            self.ui_state.code_hits = None;
            self.ui_state.reader.selection = None;
            setup(self);
            if self.ui_state.presentation != was_presenting {
                self.apply_presentation(ctx);
            }
            ctx.request_repaint();
            return;
        }
        let busy = self.is_busy();
        let Some(plan) = &mut self.screenshots else { return };
        let settled = plan.since.is_some_and(|t| t.elapsed() > Duration::from_millis(2500)) && !busy;
        if settled && !plan.requested {
            plan.requested = true;
            let (delivered, wake) = (plan.delivered.clone(), ctx.clone());
            let callback = egui::ScreenshotCallback::new(move |image| {
                if let Ok(mut d) = delivered.lock() {
                    *d = Some(image);
                }
                wake.request_repaint();
            });
            ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(callback));
        }
        ctx.request_repaint_after(Duration::from_millis(50));
    }
}

/// Writes a screenshot as PNG.
fn write_png(image: &egui::ColorImage, path: &std::path::Path) -> Result<(), String> {
    let [w, h] = image.size;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(
        u32::try_from(w).map_err(|e| e.to_string())?,
        u32::try_from(h).map_err(|e| e.to_string())?,
    )
    .ok_or("an empty picture")?;
    for (dst, src) in pixmap.data_mut().chunks_exact_mut(4).zip(&image.pixels) {
        dst.copy_from_slice(&src.to_array());
    }
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    crate::persistence::write_atomic(path, &png).map_err(|e| e.to_string())
}
