//! What a frame of each main view costs, driving the real app headless (`egui_kittest`, no
//! GPU): a review of 40 articles and 10,000 codings, plus a 34-page article with its PDF and
//! 2,000 codings on it; then the coding list of an article with 100,000 codings, scrolled,
//! and the frame that closes that project.
//!
//! Run with `cargo bench --bench frames`. Each figure is the median of many frames in wall
//! time (an upper bound of their CPU time); the frame includes egui's own layout and the
//! accessibility tree kittest builds, which a window without a screen reader does not.
//! Targets: under 4 ms a frame for each view, under 8 ms while scrolling the long list.

#![allow(clippy::unwrap_used)]

use befits_coder::app::{AppConfig, BefitsApp};
use befits_coder::model::{Document, DocumentId, PdfSource, StudyId};
use befits_coder::pdf::{WorkerLimits, extract_isolated, sha256_hex};
use befits_coder::ui::{Action, ReaderMode, Workspace};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "support.rs"]
mod support;
use support::generate_on;

fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_befits-coder"))
}

/// The elife article (34 pages) as a document with its PDF.
fn long_article(corpus: &Path, id: u32) -> Document {
    let path = corpus.join("articles/elife-2021-dubois-34p.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let x = extract_isolated(&exe(), &bytes, None, &WorkerLimits::default()).unwrap();
    Document {
        id: DocumentId(id),
        title: "eLife 2021, 34 pages".into(),
        study: StudyId(id),
        sha256: sha256_hex(&bytes),
        pdf: Some(PdfSource { path }),
        pages: x.pages,
        fields: std::collections::BTreeMap::new(),
        warnings: Vec::new(),
        ocr: None,
        unreadable_pages: Vec::new(),
    }
}

fn app_on(project: &befits_coder::model::Project, dir: &Path) -> Harness<'static, BefitsApp> {
    let path = dir.join("bench.ron");
    befits_coder::persistence::save(project, &path).unwrap();
    let config = AppConfig {
        worker_exe: exe(),
        data_dir: Some(dir.join("data")),
        autosave_every: Duration::from_hours(1),
        ..AppConfig::default()
    };
    let mut h = Harness::builder()
        .with_size([1440.0, 900.0])
        .with_max_steps(8)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), Some(path.clone())));
    for _ in 0..5 {
        h.step();
    }
    h
}

fn step_until(h: &mut Harness<'static, BefitsApp>, what: &str, done: impl Fn(&BefitsApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_mins(2), "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The median time of `frames` frames, each after `before` (an input event, or nothing).
fn frame_time(
    h: &mut Harness<'static, BefitsApp>,
    frames: usize,
    mut before: impl FnMut(&mut Harness<'static, BefitsApp>),
) -> Duration {
    // Warm up: textures, galleys and derived data settle.
    for _ in 0..5 {
        before(h);
        h.step();
    }
    let mut times: Vec<Duration> = (0..frames)
        .map(|_| {
            before(h);
            let start = Instant::now();
            h.step();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[frames / 2]
}

fn report(what: &str, t: Duration, target_ms: f64) {
    let ms = t.as_secs_f64() * 1e3;
    let verdict = if ms <= target_ms { "ok" } else { "OVER" };
    println!("{what:<58} {ms:>7.2} ms  (target {target_ms} ms: {verdict})");
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.join("articles").is_dir() {
        println!("skipped: the corpus folder {} is absent", corpus.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let only_list = std::env::var_os("FRAMES_ONLY_LIST").is_some();

    // 40 articles with 8,000 codings, and the long article with 2,000 more.
    if !only_list {
        let long = long_article(&corpus, 41);
        let project = generate_on(8_000, std::slice::from_ref(&long), 2_000);
        println!(
            "review: {} articles, {} codings ({} on the {}-page article)",
            project.documents().len(),
            project.codings().len(),
            project.codings_of(DocumentId(41)).count(),
            long.pages.len()
        );
        let mut h = app_on(&project, dir.path());
        step_until(&mut h, "the project", |app| app.session().is_some());
        h.state_mut().queue(Action::SelectDocument(DocumentId(41)));
        step_until(&mut h, "the pages drawn and their glyph boxes", |app| {
            app.pages()
                .and_then(|p| p.get(DocumentId(41)))
                .is_some_and(|d| d.layouts.is_some() && d.textures.len() >= 2)
        });
        report("coding view, pages (34-page article, 2,000 codings)", frame_time(&mut h, 60, |_| {}), 4.0);
        h.state_mut().ui_state_mut().reader_mode = ReaderMode::Text;
        report("coding view, text (the same article)", frame_time(&mut h, 60, |_| {}), 4.0);
        for (workspace, name) in [
            (Workspace::Diagram, "diagram"),
            (Workspace::Tallies, "tallies (table and chart)"),
            (Workspace::Matrix, "matrix (41 articles x 37 constructs)"),
            (Workspace::Articles, "articles and studies"),
        ] {
            h.state_mut().ui_state_mut().workspace = workspace;
            report(name, frame_time(&mut h, 60, |_| {}), 4.0);
        }
        drop(h);
    }

    // One article with 100,000 codings: its coding list, scrolled a step every frame.
    let long = long_article(&corpus, 41);
    let project = generate_on(0, std::slice::from_ref(&long), 100_000);
    let mut h = app_on(&project, dir.path());
    step_until(&mut h, "the project", |app| app.session().is_some());
    h.state_mut().ui_state_mut().reader_mode = ReaderMode::Text;
    h.state_mut().queue(Action::SelectDocument(DocumentId(41)));
    h.step();
    h.step();
    // The list is in the right-hand panel, below the coding form.
    let over_list = egui::pos2(1440.0 - 150.0, 700.0);
    let scroll = |h: &mut Harness<'static, BefitsApp>| {
        h.event(egui::Event::PointerMoved(over_list));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -240.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
    };
    report("coding view of that article, still", frame_time(&mut h, 30, |_| {}), 8.0);
    // The first rows are in view before, and scrolled away after (the wheel reaches the list).
    let first = h.state().session().unwrap().derived().by_document[&DocumentId(41)][0];
    let listed = |h: &Harness<'static, BefitsApp>| h.query_by_label(&befits_coder::ui::row_label(first)).is_some();
    let before = listed(&h);
    report("coding list of 100,000 codings, scrolling", frame_time(&mut h, 60, scroll), 8.0);
    println!("(first row in view before scrolling: {before}; after: {})", listed(&h));
    // Closing it: the one frame in which the project goes (its memory is freed off the
    // window's thread).
    h.state_mut().queue(Action::CloseProject);
    let start = Instant::now();
    h.step();
    let closing = start.elapsed();
    assert!(h.state().session().is_none(), "the project is closed");
    report("the frame that closes that project", closing, 8.0);
}
