//! PDF speed as ratios to the reference tools, on every article of the corpus.
//!
//! Run with `cargo bench --bench pages`. The machine is shared and noisy, so each figure is
//! a ratio to a baseline measured in the same run, on the same file, in rounds: each round
//! times every way once, and a ratio is the median of the rounds' ratios (so that a change in
//! the machine's speed while an article is benched reaches both sides of the ratio):
//! - extraction: the app's whole import of a PDF (the isolated worker process, started, fed
//!   the bytes, parsing every page, its result read back) against `pdftotext` as a whole
//!   process (poppler-utils);
//! - drawing: every page at 2x (144 dpi) in the page worker (started, the document opened,
//!   every page drawn and its pixels sent back) against `mutool draw -r 144` as a whole
//!   process (mupdf-tools); the same in the worker the app starts with itself, asked for
//!   its first article a moment later; the same in a worker already running, which has
//!   drawn the article before it in the corpus (the app keeps its worker: every article
//!   after the first is drawn so); the same drawing done in this process (the renderer
//!   without the isolation; this process has drawn the article before, so the colour
//!   transforms the renderer keeps are ready); and the time one more page takes in the
//!   open worker, beside the time it takes drawn in this process (as the app drew pages
//!   before drawing moved into the worker): the cost of the isolation.
//!
//! A reference tool that is not installed is skipped with a message
//! (`scripts/install-system-deps.sh --dev` installs both).

use befits_coder::pdf::{Canvas, PageLimits, PageRenderer, PageWorker, WorkerLimits, extract_isolated};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

#[path = "support.rs"]
mod support;
use support::median;

fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_befits-coder"))
}

/// Whether `tool` runs here.
fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Runs a command to its end, its output discarded.
fn run(cmd: &mut Command) {
    let _ = cmd.stdout(Stdio::null()).stderr(Stdio::null()).status();
}

/// Opens `bytes` in `worker` and draws every page at 2x, asking as the page view asks:
/// enough pages ahead to keep the worker busy.
fn draw_all(worker: &mut PageWorker, bytes: &Arc<Vec<u8>>) {
    let Ok(info) = worker.open(bytes.clone(), None) else { return };
    let pages = info.sizes.len();
    let mut asked = 0;
    while asked < pages.min(PageWorker::AHEAD) {
        worker.ask(asked, 2.0);
        asked += 1;
    }
    while let Some((_, _, page)) = worker.next_answer() {
        std::hint::black_box(page.ok());
        if asked < pages {
            worker.ask(asked, 2.0);
            asked += 1;
        }
    }
}

/// How long after the app starts the bench asks its worker for the first article: far less
/// than a coder takes to pick one (the welcome screen, the article list).
const LAUNCH_TO_FIRST_ARTICLE: Duration = Duration::from_millis(300);

/// Rounds per article. Each round times every way once, one after the other, so that a change
/// in the shared machine's speed during an article's rounds reaches this app and the reference
/// tools alike; each ratio is the median of the rounds' ratios.
const ROUNDS: usize = 5;

/// One article's timings, one of each per round.
#[derive(Default)]
struct Rounds {
    /// Extraction (the isolated worker, whole).
    ours: Vec<Duration>,
    poppler: Vec<Duration>,
    /// Drawing every page: a fresh worker, a worker started with the app, the running
    /// worker, this process.
    fresh: Vec<Duration>,
    launched: Vec<Duration>,
    running: Vec<Duration>,
    here: Vec<Duration>,
    mupdf: Vec<Duration>,
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = std::time::Instant::now();
    f();
    start.elapsed()
}

/// The median of some timings.
fn middle(times: &[Duration]) -> Duration {
    let mut times = times.to_vec();
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The median of the rounds' ratios `ours[i] / base[i]`.
fn paired(ours: &[Duration], base: &[Duration]) -> f64 {
    let mut ratios: Vec<f64> = ours.iter().zip(base).map(|(&a, &b)| ratio(a, b)).collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// The worst and the median of some ratios.
fn summary(label: &str, mut ratios: Vec<f64>) {
    if ratios.is_empty() {
        return;
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "{label}: median {:.2}x, worst {:.2}x over {} articles",
        ratios[ratios.len() / 2],
        ratios[ratios.len() - 1],
        ratios.len()
    );
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/articles");
    if !dir.is_dir() {
        println!("skipped: the corpus folder {} is absent", dir.display());
        return;
    }
    let (pdftotext, mutool) = (have("pdftotext"), have("mutool"));
    if !pdftotext {
        println!("pdftotext is not installed: extraction ratios skipped (scripts/install-system-deps.sh --dev)");
    }
    if !mutool {
        println!("mutool is not installed: drawing ratios skipped (scripts/install-system-deps.sh --dev)");
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    // Every article, for the one drawn before each in the running worker.
    let all = files.clone();
    // `cargo bench --bench pages -- plos` runs only the articles whose name holds "plos".
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    files.retain(|p| only.is_empty() || only.iter().any(|o| p.to_string_lossy().contains(o.as_str())));
    println!(
        "{:<48} {:>5} | {:>9} {:>9} {:>6} | {:>9} {:>9} {:>6} {:>8} {:>8} {:>8} | {:>8} {:>8}",
        "article",
        "pages",
        "ours",
        "pdftotext",
        "ratio",
        "draw 2x",
        "mutool",
        "ratio",
        "launched",
        "running",
        "in-proc",
        "1 page",
        "in-proc"
    );
    let (mut extract_ratios, mut draw_ratios, mut here_ratios, mut isolation) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut running_ratios, mut launched_ratios) = (Vec::new(), Vec::new());
    for path in files {
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let limits = WorkerLimits::default();
        let Ok(extraction) = extract_isolated(&exe(), &bytes, None, &limits) else {
            println!("{name}: could not be extracted, skipped");
            continue;
        };
        let pages = extraction.pages.len();
        let shared = Arc::new(bytes.clone());
        // The article drawn before this one in the running worker: the one before it in the
        // corpus (for the first, the last), also when only some articles are benched.
        let before = all
            .iter()
            .position(|p| *p == path)
            .filter(|_| all.len() > 1)
            .map(|i| &all[(i + all.len() - 1) % all.len()]);
        let previous: Option<Arc<Vec<u8>>> = before.and_then(|p| std::fs::read(p).ok()).map(Arc::new);
        let mut r = Rounds::default();
        for _ in 0..ROUNDS {
            r.ours.push(timed(|| {
                std::hint::black_box(extract_isolated(&exe(), &bytes, None, &limits).ok());
            }));
            if pdftotext {
                r.poppler.push(timed(|| run(Command::new("pdftotext").arg("-q").arg(&path).arg("-"))));
            }
            // A fresh worker: started, then the article opened and drawn (as `mutool` is a new
            // process each time; in the app, the first article after a worker failed).
            r.fresh.push(timed(|| draw_all(&mut PageWorker::new(exe(), PageLimits::default()), &shared)));
            // The worker the app starts as it starts (`PageWorker::start`), asked for its first
            // article a moment later (`LAUNCH_TO_FIRST_ARTICLE`): started, the memory of its
            // pictures taken while it waited, every cache empty.
            let mut launched = PageWorker::new(exe(), PageLimits::default());
            let _ = launched.start();
            std::thread::sleep(LAUNCH_TO_FIRST_ARTICLE);
            r.launched.push(timed(|| draw_all(&mut launched, &shared)));
            // The worker already running, as when the coder moves on to another article: a
            // worker that has drawn every page of the article before (untimed) opens this one
            // and draws every page. A new such worker each round: the renderer keeps the
            // colour transforms it built from a document's profiles for the documents after
            // it, so a worker that had drawn this article before would find them ready, which
            // the next article of a review finds only when it carries the same profiles.
            let mut running = PageWorker::new(exe(), PageLimits::default());
            if let Some(before) = &previous {
                draw_all(&mut running, before);
            }
            r.running.push(timed(|| draw_all(&mut running, &shared)));
            // The same drawing in this process (opened, one cache and one canvas, every
            // page): what the renderer costs without the worker's isolation.
            r.here.push(timed(|| {
                if let Ok(renderer) = PageRenderer::open(bytes.clone(), None) {
                    let (cache, mut canvas) = (renderer.cache(), Canvas::new());
                    for page in 0..pages {
                        std::hint::black_box(renderer.draw(&cache, &mut canvas, page, 2.0).ok());
                    }
                }
            }));
            if mutool {
                r.mupdf.push(timed(|| {
                    run(Command::new("mutool")
                        .args(["draw", "-q", "-r", "144", "-F", "ppm", "-o", "/dev/null"])
                        .arg(&path));
                }));
            }
        }
        let mut warm = PageWorker::new(exe(), PageLimits::default());
        let one_page = if warm.open(shared.clone(), None).is_ok() {
            median(9, || {
                std::hint::black_box(warm.render(0, 2.0).ok());
            })
        } else {
            Duration::ZERO
        };
        // Drawn here as the worker draws: one cache and one canvas for the document.
        let in_process = PageRenderer::open(bytes.clone(), None).map_or(Duration::ZERO, |renderer| {
            let (cache, mut canvas) = (renderer.cache(), Canvas::new());
            median(9, || {
                std::hint::black_box(renderer.draw(&cache, &mut canvas, 0, 2.0).ok());
                std::hint::black_box(canvas.pixels());
            })
        });
        if !in_process.is_zero() && !one_page.is_zero() {
            isolation.push(ratio(one_page, in_process));
        }

        let cell = |ours: &[Duration], base: &[Duration], into: &mut Vec<f64>| {
            if base.is_empty() {
                return ("-".to_owned(), "-".to_owned());
            }
            let r = paired(ours, base);
            into.push(r);
            (format!("{:.0}ms", ms(middle(base))), format!("{r:.2}x"))
        };
        let (pt, er) = cell(&r.ours, &r.poppler, &mut extract_ratios);
        let (mt, dr) = cell(&r.fresh, &r.mupdf, &mut draw_ratios);
        let (_, lr) = cell(&r.launched, &r.mupdf, &mut launched_ratios);
        let (_, rr) = cell(&r.running, &r.mupdf, &mut running_ratios);
        let (_, hr) = cell(&r.here, &r.mupdf, &mut here_ratios);
        println!(
            "{name:<48} {pages:>5} | {:>7.0}ms {pt:>9} {er:>6} | {:>7.0}ms {mt:>9} {dr:>6} {lr:>8} {rr:>8} {hr:>8} | {:>6.1}ms {:>6.1}ms",
            ms(middle(&r.ours)),
            ms(middle(&r.fresh)),
            ms(one_page),
            ms(in_process)
        );
    }
    summary("extraction (whole process) / pdftotext", extract_ratios);
    summary("drawing every page at 2x (worker) / mutool draw -r 144", draw_ratios);
    summary("the same in the worker started with the app (the first article) / mutool", launched_ratios);
    summary("the same in the worker already running (the next article) / mutool", running_ratios);
    summary("drawing every page at 2x in this process / mutool draw -r 144", here_ratios);
    summary("one more page in the open worker / drawn in this process", isolation);
}
