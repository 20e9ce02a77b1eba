//! Extraction of the real corpus through the isolated worker.

use crate::support::{corpus, exe, extract_file, pdfs};
use befits_coder::model::text::normalize;
use befits_coder::pdf::{PageLimits, PageWorker, Warning, WorkerLimits, extract_isolated};
use std::sync::Arc;

#[test]
fn every_article_extracts_clean_normalised_text() {
    let Some(dir) = corpus() else { return };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    for path in pdfs(&dir.join("articles")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let x = extract_file(&path, None, &WorkerLimits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected_pages: usize = manifest
            .lines()
            .find(|l| l.contains(&format!("articles/{name}")))
            .and_then(|l| l.split('\t').nth(13))
            .and_then(|n| n.parse().ok())
            .unwrap();
        assert_eq!(x.pages.len(), expected_pages, "{name}: page count");
        assert!(x.char_count() > 20_000, "{name}: {} characters", x.char_count());
        for (i, page) in x.pages.iter().enumerate() {
            assert!(!page.chars().any(|c| c.is_control() && c != '\n'), "{name} page {}: control character", i + 1);
            assert!(
                !page.contains('\u{AD}') && !page.contains('\u{FFFD}'),
                "{name} page {}: soft hyphen or U+FFFD",
                i + 1
            );
            assert!(!page.contains(['\u{FB01}', '\u{FB02}']), "{name} page {}: ligature kept", i + 1);
            assert_eq!(&normalize(page), page, "{name} page {}: not in stored normal form", i + 1);
        }
        // Haematologica's fonts map glyphs to the wrong letters in their ToUnicode-less
        // encoding; read through the renderer's fonts (their glyph names) it is plain text.
        assert!(!x.warnings.iter().any(|w| matches!(w, Warning::Garbled { .. })), "{name}: {:?}", x.warnings);
    }
}

#[test]
fn justified_lines_keep_their_spaces() {
    let Some(dir) = corpus() else { return };
    let x =
        extract_file(&dir.join("articles/bmc-health-serv-res-2014-agyeman-duah.pdf"), None, &WorkerLimits::default())
            .unwrap();
    let all = x.pages.join("\n");
    assert!(all.contains("delivery is common in many low and middle income"), "pdf-extract joins these words");
    assert!(all.contains("resources required"));
}

#[test]
fn accents_drawn_apart_are_joined_and_digits_are_not_spaced() {
    let Some(dir) = corpus() else { return };
    let x = extract_file(&dir.join("articles/research-square-2023-preprint-t1d.pdf"), None, &WorkerLimits::default())
        .unwrap();
    let all = x.pages.join("\n");
    assert!(all.contains("80,000") && !all.contains("8 0 ,0 0 0"), "digits spaced");
    let y = extract_file(
        &dir.join("articles/ssm-pop-health-2022-hecker-covid-mental-health.pdf"),
        None,
        &WorkerLimits::default(),
    )
    .unwrap();
    let all = y.pages.join("\n");
    assert!(!all.contains("\u{B4}e"), "spacing acute before e survived");
    assert!(all.contains("Solène Wallez") && all.contains("José Luis"), "accents on the letters they sit over");
    // A form XObject reusing a font name of its page (fixed in vendor/pdf-extract).
    assert!(all.contains("Sorbonne Université"), "affiliations decoded with the form's own font");
}

#[test]
fn words_hyphenated_at_line_ends_are_joined() {
    let Some(dir) = corpus() else { return };
    let x = extract_file(&dir.join("articles/pflugers-arch-2021-s00424.pdf"), None, &WorkerLimits::default()).unwrap();
    let all = x.pages.join("\n");
    assert!(all.contains("renin–angiotensin–aldosterone system"), "sys-/tem joined");
}

#[test]
fn encrypted_file_opens_with_its_password() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("hostile/enc-userpw-test.pdf");
    let limits = WorkerLimits::default();
    assert!(extract_file(&path, None, &limits).is_err());
    let x = extract_file(&path, Some("test"), &limits).unwrap();
    assert_eq!(x.pages.len(), 4);
    assert!(x.char_count() > 4000);
}

#[test]
fn a_hanging_worker_is_stopped_at_the_time_limit() {
    let Some(dir) = corpus() else { return };
    // The 619-page file takes seconds; a 1 ms limit must stop it with a typed error.
    let limits = WorkerLimits { timeout: std::time::Duration::from_millis(1), ..WorkerLimits::default() };
    let r = extract_file(&dir.join("hostile/pages-619-openoffice-DA-619p.pdf"), None, &limits);
    assert_eq!(r, Err(befits_coder::pdf::PdfError::Timeout(0)));
}

#[test]
fn a_crashing_worker_is_a_typed_error() {
    let Some(dir) = corpus() else { return };
    // `false` exits at once with status 1 and writes no result: a crash from the app's view.
    let r = extract_isolated(
        std::path::Path::new("/bin/false"),
        &std::fs::read(dir.join("articles/bmc-health-serv-res-2014-agyeman-duah.pdf")).unwrap(),
        None,
        &WorkerLimits::default(),
    );
    assert!(matches!(r, Err(befits_coder::pdf::PdfError::WorkerCrashed(_))), "{r:?}");
}

#[test]
fn glyph_boxes_lie_on_their_pages_and_cover_the_text_in_order() {
    let Some(dir) = corpus() else { return };
    let limits = WorkerLimits { with_layout: true, ..WorkerLimits::default() };
    for path in pdfs(&dir.join("articles")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let x = extract_file(&path, None, &limits).unwrap_or_else(|e| panic!("{name}: {e}"));
        let renderer = befits_coder::pdf::PageRenderer::open(std::fs::read(&path).unwrap(), None).unwrap();
        assert_eq!(renderer.page_count(), x.pages.len(), "{name}: the renderer and the text agree on pages");
        for (i, (text, layout)) in x.pages.iter().zip(&x.layouts).enumerate() {
            let (w, h) = renderer.page_size(i).unwrap();
            let t = renderer.page_transform(i).unwrap();
            let mut inside = 0;
            let mut last_end = 0;
            for g in &layout.glyphs {
                assert!(g.start >= last_end && g.end > g.start, "{name} p{}: glyphs out of text order", i + 1);
                assert!(text.is_char_boundary(g.start as usize) && text.is_char_boundary(g.end as usize));
                last_end = g.end;
                let (x0, y0) = befits_coder::pdf::apply(&t, f64::from(g.x0), f64::from(g.y0));
                let (x1, y1) = befits_coder::pdf::apply(&t, f64::from(g.x1), f64::from(g.y1));
                let ok = |v: f64, max: f32| v >= -2.0 && v <= f64::from(max) + 2.0;
                if ok(x0, w) && ok(x1, w) && ok(y0, h) && ok(y1, h) {
                    inside += 1;
                }
                // Every glyph is within the page's height and starts right of its left edge.
                assert!(ok(y0, h) && ok(y1, h) && x0 >= -2.0, "{name} p{}: a glyph box off the page", i + 1);
            }
            // Text drawn wholly off the page is left out; a glyph may straddle the edge.
            let n = layout.glyphs.len();
            assert!(inside * 1000 >= n * 998, "{name} p{}: {inside} of {n} glyph boxes on the page", i + 1);
            let covered: usize = layout.glyphs.iter().map(|g| (g.end - g.start) as usize).sum();
            let letters = text.chars().filter(|c| !c.is_whitespace()).map(char::len_utf8).sum::<usize>();
            assert!(covered >= letters, "{name} p{}: every letter has a glyph box", i + 1);
        }
    }
}

#[test]
fn a_file_with_a_broken_cross_reference_table_is_repaired() {
    let Some(dir) = corpus() else { return };
    let x =
        extract_file(&dir.join("hostile/broken-xref-startxref-issue-848.pdf"), None, &WorkerLimits::default()).unwrap();
    assert_eq!(x.pages.len(), 8);
    assert!(x.pages.iter().all(|p| p.len() > 1000), "every page has its text back");
    assert!(x.pages[0].contains("The movie opens with a news report"));
    // The renderer (in the page worker) takes the same repair.
    let mut worker = PageWorker::new(exe(), PageLimits::default());
    let bytes = std::fs::read(dir.join("hostile/broken-xref-startxref-issue-848.pdf")).unwrap();
    assert_eq!(worker.open(Arc::new(bytes), None).unwrap().sizes.len(), 8);
    let png = worker.render(0, 0.5).unwrap().to_png().unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

/// Pages forgotten before the worker started them are skipped, and a page asked again
/// after being forgotten is drawn. A large first page holds the answers (they go out in the
/// order asked), so the other drawing thread stops after two pages, well before it could
/// start the pages forgotten at once.
#[test]
fn pages_forgotten_before_they_are_started_are_skipped() {
    let Some(dir) = corpus() else { return };
    let bytes = std::fs::read(dir.join("articles/int-psychogeriatrics-2013-example1.pdf")).unwrap();
    let mut worker = PageWorker::new(exe(), PageLimits::default());
    worker.open(Arc::new(bytes), None).unwrap();
    let asks = [(0, 8.0), (1, 0.5), (2, 0.5), (3, 0.5), (4, 0.5), (5, 0.5)];
    assert!(asks.len() <= PageWorker::AHEAD);
    for (page, scale) in asks {
        worker.ask(page, scale);
    }
    worker.forget(|page, _| page < 3);
    assert!(worker.is_asked(2, 0.5) && !worker.is_asked(3, 0.5));
    worker.ask(4, 0.5);
    assert!(worker.is_asked(4, 0.5));
    let answers: Vec<(usize, f32, bool)> =
        std::iter::from_fn(|| worker.next_answer()).map(|(page, scale, drawn)| (page, scale, drawn.is_ok())).collect();
    assert_eq!(answers, vec![(0, 8.0, true), (1, 0.5, true), (2, 0.5, true), (4, 0.5, true)]);
    assert_eq!(worker.asked(), 0);
}

/// Pages asked for ahead, drawn by the worker's threads at once, come back in the order
/// asked, each exactly as this process draws it; a page that does not exist is refused in
/// its turn and the pages after it still come. The worker is started ahead, as the app
/// starts it: its threads draw on the pictures it prepared while it waited (the first page
/// fits in them; the small pages after it are drawn on pictures of their own size).
#[test]
fn pages_asked_ahead_come_back_in_order_as_drawn_here() {
    let Some(dir) = corpus() else { return };
    let bytes = std::fs::read(dir.join("articles/int-psychogeriatrics-2013-example1.pdf")).unwrap();
    let renderer = befits_coder::pdf::PageRenderer::open(bytes.clone(), None).unwrap();
    let mut worker = PageWorker::new(exe(), PageLimits::default());
    worker.start().unwrap();
    worker.open(Arc::new(bytes), None).unwrap();
    // A costly first page, small ones that finish first, a repeat, one past the end.
    let asks = [(0, 2.0), (5, 0.3), (7, 0.25), (5, 0.3), (99, 1.0), (2, 0.5), (3, 1.0)];
    let mut asked = asks.iter();
    let mut answers = Vec::new();
    for &(page, scale) in asked.by_ref().take(PageWorker::AHEAD) {
        worker.ask(page, scale);
    }
    while let Some(answer) = worker.next_answer() {
        answers.push(answer);
        if let Some(&(page, scale)) = asked.next() {
            worker.ask(page, scale);
        }
    }
    let order: Vec<(usize, f32)> = answers.iter().map(|(p, s, _)| (*p, *s)).collect();
    assert_eq!(order, asks);
    for (page, scale, result) in answers {
        if page == 99 {
            assert!(result.is_err(), "no page 100");
            continue;
        }
        let drawn = result.unwrap();
        let here = renderer.render(page, scale).unwrap();
        assert_eq!((drawn.width, drawn.height), (here.width, here.height), "p{} at {scale}", page + 1);
        assert!(drawn.rgba == here.rgba, "p{} at {scale}: pixels differ", page + 1);
    }
}

/// A canvas kept from page to page (as the page worker keeps it) draws every page exactly as a
/// fresh one does, whatever the size of the page before.
#[test]
fn a_kept_canvas_draws_what_a_fresh_one_draws() {
    let Some(dir) = corpus() else { return };
    let mut canvas = befits_coder::pdf::Canvas::new();
    // A landscape page, then an article's portrait pages backwards, then a small scale.
    let files = ["hostile/rotated-90-nics-background-checks.pdf", "articles/int-psychogeriatrics-2013-example1.pdf"];
    for (file, scale) in files.iter().flat_map(|f| [(f, 2.0), (f, 0.5)]) {
        let renderer = befits_coder::pdf::PageRenderer::open(std::fs::read(dir.join(file)).unwrap(), None).unwrap();
        let cache = renderer.cache();
        for page in (0..renderer.page_count()).rev() {
            let drawn = renderer.draw(&cache, &mut canvas, page, scale).unwrap();
            let fresh = renderer.render(page, scale).unwrap();
            assert_eq!((drawn.width, drawn.height), (fresh.width, fresh.height), "{file} p{}", page + 1);
            assert!(drawn.transform.iter().zip(fresh.transform).all(|(a, b)| (a - b).abs() < 1e-9));
            assert!(canvas.pixels() == &fresh.rgba[..], "{file} p{} at {scale}: pixels differ", page + 1);
        }
    }
}

/// Word recall against poppler's `pdftotext`, over the whole corpus: at least 0.95 on every
/// article, at least 0.9 on every hostile file pdftotext reads, with reading order kept
/// (words are compared as written, so reversed right-to-left words do not count).
#[test]
fn the_text_is_what_poppler_reads() {
    let Some(dir) = corpus() else { return };
    let mut files: Vec<(std::path::PathBuf, f64)> =
        pdfs(&dir.join("articles")).into_iter().map(|p| (p, 0.95)).collect();
    files.extend(pdfs(&dir.join("hostile")).into_iter().map(|p| (p, 0.9)));
    let mut report = Vec::new();
    for (path, target) in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(reference) = crate::support::pdftotext(&path) else { return };
        if crate::support::words(&reference).is_empty() {
            continue; // pdftotext reads nothing (encrypted, scanned, damaged): nothing to compare
        }
        let x = extract_file(&path, None, &WorkerLimits::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = x.pages.join("\n");
        let recall = crate::support::word_recall(&reference, &ours);
        report.push(format!("{name}: {recall:.3}"));
        match name.as_str() {
            // Where poppler and MuPDF, the two reference readers, read a file differently, this
            // app reads it as MuPDF does:
            // - the Type 3 glyphs named `/square` and `/triangle` are the squares and
            //   triangles drawn (poppler prints the character codes, "ab", and takes each
            //   widely spaced word for a column);
            // - white text drawn mirrored behind the visible text is read forwards (poppler
            //   prints it letters reversed, "morf raf").
            n if n.starts_with("type3-font") || n.starts_with("broken-xref") => {
                let Some(mupdf) = crate::support::mutool_text(&path) else { continue };
                let r = crate::support::word_recall(&mupdf, &ours);
                let letters = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                report.push(format!("{name} against MuPDF: {r:.3}"));
                assert!(r >= target, "{name}: word recall {r:.3} against MuPDF");
                assert_eq!(letters(&mupdf), letters(&ours), "{name}: the same characters in the same order");
                if n.starts_with("type3-font") {
                    assert_eq!(x.pages[0].matches("□△ △□ □△△□").count(), 6, "every line, its words apart");
                }
            }
            // A fuzzed file whose content streams hold overwritten bytes: poppler reads them
            // on (6 words, "4 Review of" on page 3 and "7 A thissectionwe" on page 10) and
            // MuPDF skips stray bytes (2 words, page 10). This app reads on past both kinds of
            // damage, so page 10 keeps its paragraph, a little longer than either reader's,
            // and it lists the pages read in part (`cli::extract_tells_a_damaged_page…`).
            // Words differ where one reader stops in a run of letters the other reads on.
            n if n.starts_with("fuzzed-panic") => {
                assert!(x.pages[2].contains("4 Review of"), "{name}: {:?}", x.pages[2]);
                let page10 = x.pages[9].replace(char::is_whitespace, "");
                assert!(page10.starts_with("7Athissectionwediscussthechoice"), "{name}: {:?}", x.pages[9]);
                assert!(page10.contains("itssecurity.Theparameterswe"), "{name}: {:?}", x.pages[9]);
            }
            _ => assert!(recall >= target, "{name}: word recall {recall:.3} below {target}"),
        }
    }
    eprintln!("{}", report.join("\n"));
}

/// Whether Tesseract is installed (with English), or `false` with a message.
fn tesseract() -> bool {
    match befits_coder::pdf::ocr_languages(std::path::Path::new("tesseract")) {
        Ok(langs) if langs.iter().any(|l| l == "eng") => true,
        other => {
            eprintln!(
                "skipped: Tesseract with English is not installed ({other:?}); scripts/install-system-deps.sh installs it"
            );
            false
        }
    }
}

#[test]
fn a_scanned_page_is_recognised_with_boxes_on_its_words() {
    let Some(dir) = corpus() else { return };
    if !tesseract() {
        return;
    }
    let path = dir.join("hostile/scanned-image-only-ocr-test.pdf");
    // Without OCR the scan is refused with the reason; with it, its words are text.
    assert_eq!(extract_file(&path, None, &WorkerLimits::default()), Err(befits_coder::pdf::PdfError::NoText));
    let request = befits_coder::pdf::OcrRequest::pages_without_text("eng");
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |done: usize, of: usize| seen.lock().unwrap().push((done, of));
    let options = befits_coder::pdf::ExtractOptions { ocr: Some(&request), progress: Some(&progress), cancel: None };
    let limits = WorkerLimits { with_layout: true, ..WorkerLimits::default() };
    let bytes = std::fs::read(&path).unwrap();
    let x = befits_coder::pdf::extract_isolated_with(&exe(), &bytes, None, &limits, options).unwrap();
    assert_eq!(x.source(0), befits_coder::pdf::PageSource::Ocr { language: "eng".into() });
    assert_eq!(
        x.pages[0],
        "Docling bundles PDF document conversion to\nJSON and Markdown in an easy self contained\npackage"
    );
    assert!(seen.lock().unwrap().last() == Some(&(1, 1)), "progress told: {:?}", seen.lock().unwrap());
    // A box for every letter, in text order, on the page, where the words are printed:
    // "Docling" starts the first line, at the top left of the printed text.
    let layout = &x.layouts[0];
    let letters = x.pages[0].chars().filter(|c| !c.is_whitespace()).count();
    assert_eq!(layout.glyphs.len(), letters);
    assert!(layout.glyphs.windows(2).all(|w| w[0].end <= w[1].start));
    let renderer = befits_coder::pdf::PageRenderer::open(bytes, None).unwrap();
    let (w, h) = renderer.page_size(0).unwrap();
    let t = renderer.page_transform(0).unwrap();
    for g in &layout.glyphs {
        let (x0, y0) = befits_coder::pdf::apply(&t, f64::from(g.x0), f64::from(g.y0));
        let (x1, y1) = befits_coder::pdf::apply(&t, f64::from(g.x1), f64::from(g.y1));
        assert!([x0, x1].iter().all(|v| (0.0..=f64::from(w)).contains(v)), "{g:?}");
        assert!([y0, y1].iter().all(|v| (0.0..=f64::from(h)).contains(v)), "{g:?}");
    }
    let d = layout.glyphs[0];
    let (_, top) = befits_coder::pdf::apply(&t, f64::from(d.x0), f64::from(d.y1.max(d.y0)));
    assert!(top < f64::from(h) / 3.0, "the first line is near the top: {top}");
}

#[test]
fn ocr_can_be_stopped_and_asks_for_a_real_language() {
    let Some(dir) = corpus() else { return };
    if !tesseract() {
        return;
    }
    let bytes = std::fs::read(dir.join("hostile/scanned-image-only-ocr-test.pdf")).unwrap();
    let stop = std::sync::atomic::AtomicBool::new(true);
    let request = befits_coder::pdf::OcrRequest::pages_without_text("eng");
    let options = befits_coder::pdf::ExtractOptions { ocr: Some(&request), progress: None, cancel: Some(&stop) };
    let r = befits_coder::pdf::extract_isolated_with(&exe(), &bytes, None, &WorkerLimits::default(), options);
    assert_eq!(r, Err(befits_coder::pdf::PdfError::Cancelled));
    // A language Tesseract has no data for is said, not guessed at.
    let klingon = befits_coder::pdf::OcrRequest::pages_without_text("tlh");
    let options = befits_coder::pdf::ExtractOptions { ocr: Some(&klingon), progress: None, cancel: None };
    let r = befits_coder::pdf::extract_isolated_with(&exe(), &bytes, None, &WorkerLimits::default(), options);
    assert!(matches!(&r, Err(befits_coder::pdf::PdfError::OcrUnavailable(m)) if m.contains("tlh")), "{r:?}");
}
