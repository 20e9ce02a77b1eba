//! Hostile PDFs against the page worker and the app: a file built to exhaust memory or time
//! costs the worker process, never the app, and the rest of the article stays usable.

use crate::crafted::{deflate_bomb, image_bomb};
use crate::support::{corpus, exe, pdfs};
use crate::ui_flows::{run_until, test_config};
use befits_coder::app::{BefitsApp, PageService};
use befits_coder::model::{Document, DocumentBundle, DocumentId, Edit, PdfSource, Project, Study, StudyId};
use befits_coder::pdf::{PageLimits, PageWorker, sha256_hex};
use befits_coder::ui::{Action, PdfState};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn crafted_and_hostile_pdfs_cost_the_page_worker_not_the_app() {
    let mut files = vec![image_bomb(), deflate_bomb()];
    if let Some(dir) = corpus() {
        files.extend(pdfs(&dir.join("hostile")));
    }
    // A smaller memory cap than the app's: the bombs hit it sooner.
    let limits = PageLimits { page_timeout: Duration::from_secs(20), memory_mib: 1024, ..PageLimits::default() };
    let mut worker = PageWorker::new(exe(), limits);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let bytes = Arc::new(std::fs::read(path).unwrap());
        let outcome = match worker.open(bytes, None) {
            Err(e) => format!("not opened: {e}"),
            Ok(info) => (0..info.sizes.len().min(2))
                .map(|page| match worker.render(page, 1.0) {
                    Ok(p) => format!("p{} {}x{}", page + 1, p.width, p.height),
                    Err(e) => format!("p{}: {e}", page + 1),
                })
                .collect::<Vec<_>>()
                .join("; "),
        };
        eprintln!("{name}: {outcome} ({:.1} s)", started.elapsed().as_secs_f64());
        if name.contains("bomb") {
            // The page after the bomb is drawn as usual, by a worker started again if needed.
            assert!(outcome.contains("p2 612x792"), "{name}: {outcome}");
        }
    }
}

/// Pages asked for ahead of a page that ends the worker are not lost with it: a new worker
/// draws them, in the order asked. A page drawn beside the one that ended the worker is
/// drawn again alone rather than reported as failed.
#[test]
fn pages_asked_ahead_of_a_page_that_ends_the_worker_are_drawn_by_the_next() {
    let limits = PageLimits { page_timeout: Duration::from_secs(20), memory_mib: 1024, ..PageLimits::default() };
    for bomb in [image_bomb(), deflate_bomb()] {
        let mut worker = PageWorker::new(exe(), limits.clone());
        worker.open(Arc::new(std::fs::read(&bomb).unwrap()), None).unwrap();
        for (page, scale) in [(0, 1.0), (1, 1.0), (1, 0.5)] {
            worker.ask(page, scale);
        }
        assert_eq!(worker.asked(), 3);
        let (page, _, first) = worker.next_answer().unwrap();
        let error = first.expect_err("the bomb's page is not drawn").to_string();
        assert_eq!(page, 0);
        let answers: Vec<(usize, f32, (u32, u32))> = std::iter::from_fn(|| worker.next_answer())
            .map(|(page, scale, result)| {
                let drawn = result.unwrap_or_else(|e| panic!("{bomb:?} p{} after \"{error}\": {e}", page + 1));
                (page, scale, (drawn.width, drawn.height))
            })
            .collect();
        assert_eq!(answers, vec![(1, 1.0, (612, 792)), (1, 0.5, (306, 396))], "{bomb:?} after \"{error}\"");
        assert_eq!(worker.asked(), 0);
        assert!(worker.next_answer().is_none());

        // The page at fault asked after a good one (large, so that the fault comes while it
        // is still being drawn), both drawn at once: only the page at fault fails.
        worker.ask(1, 6.0);
        worker.ask(0, 1.0);
        let (page, _, good) = worker.next_answer().unwrap();
        assert_eq!(page, 1);
        assert!(good.is_ok(), "{bomb:?}: a good page drawn beside the bomb is not blamed: {:?}", good.err());
        let (page, _, bad) = worker.next_answer().unwrap();
        assert_eq!(page, 0);
        assert!(bad.is_err());
    }
}

/// A page forgotten while a page that ends the worker is being drawn is not asked of the
/// next worker; the page still wanted is.
#[test]
fn a_page_forgotten_is_not_drawn_again_after_the_worker_ends() {
    let limits = PageLimits { page_timeout: Duration::from_secs(20), memory_mib: 1024, ..PageLimits::default() };
    let mut worker = PageWorker::new(exe(), limits);
    worker.open(Arc::new(std::fs::read(image_bomb()).unwrap()), None).unwrap();
    for (page, scale) in [(0, 1.0), (1, 1.0), (1, 0.5)] {
        worker.ask(page, scale);
    }
    worker.forget(|page, scale| !(page == 1 && scale > 0.9));
    assert!(!worker.is_asked(1, 1.0) && worker.is_asked(1, 0.5));
    let answers: Vec<(usize, f32, bool)> =
        std::iter::from_fn(|| worker.next_answer()).map(|(page, scale, drawn)| (page, scale, drawn.is_ok())).collect();
    assert_eq!(answers, vec![(0, 1.0, false), (1, 0.5, true)]);
    assert_eq!(worker.asked(), 0);
}

/// The page view's service: pages still being drawn when the article's PDF is opened again
/// (the article forgotten and shown anew) are delivered, not dropped by the worker.
#[test]
fn pages_in_flight_when_the_pdf_is_opened_again_are_delivered() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("articles/int-psychogeriatrics-2013-example1.pdf");
    let project = hostile_project(std::slice::from_ref(&path));
    let doc = project.document(DocumentId(1)).unwrap().clone();
    let ctx = egui::Context::default();
    let mut service = page_service(&ctx);
    let wait = |service: &mut PageService, done: &dyn Fn(&PageService) -> bool| wait_for(service, &ctx, done);
    service.ensure(&doc);
    wait(&mut service, &|s| matches!(s.get(DocumentId(1)).unwrap().state, PdfState::Ready { .. }));
    let every: Vec<(usize, u32)> = (0..8).map(|page| (page, 250)).collect();
    service.want(DocumentId(1), &every);
    // As soon as the first page is there, others are being drawn.
    wait(&mut service, &|s| !s.get(DocumentId(1)).unwrap().textures.is_empty());
    let before = service.get(DocumentId(1)).unwrap().textures.len();
    assert!(before < 8, "every page was drawn before the PDF was opened again");
    service.forget(DocumentId(1));
    service.ensure(&doc);
    // No new wish: what arrives is the rest of what was asked before, every page of it.
    wait(&mut service, &|s| s.get(DocumentId(1)).is_some_and(|d| d.textures.len() == 8 - before));
}

/// The page view's service: when the view moves to another article, the first article's
/// wish is over: the pages of it that the worker has not started are dropped, and the worker
/// does not go back to it, so the other article does not wait for them.
#[test]
fn moving_to_another_article_ends_the_wish_for_the_first() {
    let Some(dir) = corpus() else { return };
    let paths =
        [dir.join("articles/elife-2021-dubois-34p.pdf"), dir.join("articles/int-psychogeriatrics-2013-example1.pdf")];
    let project = hostile_project(&paths);
    let (first, second) =
        (project.document(DocumentId(1)).unwrap().clone(), project.document(DocumentId(2)).unwrap().clone());
    let ctx = egui::Context::default();
    let mut service = page_service(&ctx);
    let wait = |service: &mut PageService, done: &dyn Fn(&PageService) -> bool| wait_for(service, &ctx, done);
    let textures = |s: &PageService, id: u32| s.get(DocumentId(id)).map_or(0, |d| d.textures.len());
    service.ensure(&first);
    wait(&mut service, &|s| matches!(s.get(DocumentId(1)).unwrap().state, PdfState::Ready { .. }));
    // Pages at 2.5x: the worker keeps six asked for while the first arrives.
    let many: Vec<(usize, u32)> = (0..20).map(|page| (page, 250)).collect();
    service.want(DocumentId(1), &many);
    wait(&mut service, &|s| textures(s, 1) > 0);
    // Moved on: the first article's textures are cleared, and its late pages counted anew.
    service.ensure(&second);
    wait(&mut service, &|s| matches!(s.get(DocumentId(2)).unwrap().state, PdfState::Ready { .. }));
    service.want(DocumentId(2), &[(0, 100)]);
    wait(&mut service, &|s| textures(s, 2) == 1);
    let late = textures(&service, 1);
    // At most the pages asked for when the view moved (those the worker had not started
    // are dropped, so usually fewer). Before, the worker went back to the first article's
    // wish until the second was asked for, and a dozen came.
    assert!(late <= PageWorker::AHEAD, "{late} pages of the first article came after the move");
}

/// The page view's service, started as the app starts it.
fn page_service(ctx: &egui::Context) -> PageService {
    let (limits, page_limits) = (befits_coder::pdf::WorkerLimits::default(), PageLimits::default());
    PageService::start(ctx, exe(), limits, page_limits, PathBuf::new()).unwrap()
}

/// Takes what `service` delivers until `done` holds (pages are drawn by the worker).
fn wait_for(service: &mut PageService, ctx: &egui::Context, done: &dyn Fn(&PageService) -> bool) {
    let started = Instant::now();
    while !done(service) {
        assert!(started.elapsed() < Duration::from_secs(30), "timed out");
        let _ = service.poll(ctx);
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Every crafted and hostile file of the corpus, as articles of one project.
fn hostile_project(files: &[PathBuf]) -> Project {
    let mut p = Project::new("Hostile", "Tester", befits_coder::persistence::default_codebook().unwrap());
    for (i, path) in files.iter().enumerate() {
        let n = u32::try_from(i).unwrap() + 1;
        let bundle = DocumentBundle {
            document: Document {
                id: DocumentId(n),
                title: path.file_stem().unwrap().to_string_lossy().into_owned(),
                study: StudyId(n),
                sha256: sha256_hex(&std::fs::read(path).unwrap()),
                pdf: Some(PdfSource { path: path.clone() }),
                pages: vec!["Stored text of the article.".into()],
                fields: BTreeMap::new(),
                warnings: Vec::new(),
                ocr: None,
                unreadable_pages: Vec::new(),
            },
            study: Some(Study { id: StudyId(n), label: format!("Study {n}") }),
            codings: Vec::new(),
            imported: Vec::new(),
        };
        p.apply(Edit::AddDocument(Box::new(bundle))).unwrap();
    }
    p
}

/// The peak resident memory of this process, in MiB.
fn peak_rss_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Run by [`the_app_stays_small_with_every_hostile_file_open`] in a process of its own, so
/// that its peak memory is the app's alone.
#[test]
#[ignore = "run in its own process by the_app_stays_small_with_every_hostile_file_open"]
fn hostile_page_view_child() {
    let mut files = vec![image_bomb(), deflate_bomb()];
    if let Some(dir) = corpus() {
        files.extend(pdfs(&dir.join("hostile")));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.ron");
    let project = hostile_project(&files);
    befits_coder::persistence::save(&project, &path).unwrap();
    let config = test_config();
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(64)
        .build_eframe(move |cc| BefitsApp::new(cc, config.clone(), Some(path.clone())));
    h.run();
    for id in project.documents().keys().copied().collect::<Vec<_>>() {
        h.state_mut().queue(Action::SelectDocument(id));
        h.step();
        run_until(&mut h, "the page view to settle", |app| {
            app.pages().and_then(|p| p.get(id)).is_some_and(|d| match &d.state {
                PdfState::Ready { .. } => d.textures.contains_key(&0) || d.failed.contains_key(&0),
                PdfState::Opening => false,
                _ => true,
            })
        });
        let d = h.state().pages().unwrap().get(id).unwrap();
        let outcome = match &d.state {
            PdfState::Ready { .. } => {
                d.failed.get(&0).map_or_else(|| "page 1 drawn".to_owned(), |e| format!("page 1: {e}"))
            }
            other => format!("{other:?}"),
        };
        println!("{}: {outcome}", project.document(id).unwrap().title);
        if d.failed.contains_key(&0) {
            // The page that could not be drawn says why, where it would be.
            assert!(d.failed[&0].contains("memory") || d.failed[&0].contains("longer than"), "{:?}", d.failed);
            h.run();
            // The page says so where it would be (and to screen readers).
            h.get_by_label_contains("Page 1 of 2, could not be drawn: Drawing it");
        }
    }
    println!("peak memory: {} MiB", peak_rss_mib());
}

#[test]
fn the_app_stays_small_with_every_hostile_file_open() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "hostile::hostile_page_view_child", "--nocapture", "--test-threads=1"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let peak: u64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("peak memory: "))
        .and_then(|v| v.trim_end_matches(" MiB").parse().ok())
        .unwrap_or_else(|| panic!("no peak in {stdout}"));
    eprintln!("{stdout}");
    assert!(stdout.contains("image-bomb: page 1:"), "the image bomb is reported on its page: {stdout}");
    assert!(peak < 1024, "the app process peaked at {peak} MiB");
}

/// A worker started ahead (as the app starts it with itself) is the one that opens and draws
/// the first document: no second process is started for it.
#[test]
fn a_worker_started_ahead_draws_the_first_document() {
    let pdf = crate::crafted::pages_pdf(&[(String::new(), crate::crafted::text_content(&["Started ahead"]))], None);
    let mut worker = PageWorker::new(exe(), PageLimits::default());
    assert_eq!(worker.process_id(), None, "nothing runs before it is asked");
    worker.start().unwrap();
    let started = worker.process_id().expect("running once started");
    worker.start().unwrap();
    assert_eq!(worker.process_id(), Some(started), "starting again keeps the running worker");
    let info = worker.open(Arc::new(pdf), None).unwrap();
    assert_eq!(info.sizes.len(), 1);
    let page = worker.render(0, 1.0).unwrap();
    assert_eq!((page.width, page.height), (612, 792));
    assert_eq!(worker.process_id(), Some(started), "the worker started ahead drew the page");
    // A worker that cannot start says so, and nothing runs.
    let mut missing = PageWorker::new(PathBuf::from("/nonexistent/befits-coder"), PageLimits::default());
    assert!(missing.start().is_err());
    assert_eq!(missing.process_id(), None);
}
