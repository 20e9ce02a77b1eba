//! Drawing pictures smaller than they are stored: the page renderer's image decoder halves
//! large pictures before converting their colours (vendor/hayro-interpret/PATCHED.md). These
//! check that a reduced picture still covers its place on the page with its colours, and that
//! pictures whose samples must not be averaged (palette indices) are left whole. The colour
//! transforms it builds from ICC profiles are kept for every thread and document (same file):
//! these check that a profile is built once, and that a kept one gives the same colours.
//! The renderer draws the glyphs of consecutive text runs together, as one image
//! (vendor/hayro/PATCHED.md): these check that pages look as with each glyph drawn by itself,
//! and that what the page draws, clips or colours after the text keeps its order.

use crate::crafted::{pages_pdf, pdf, stream};

// The patch's own unit tests (halving arithmetic, odd edges, short data) run here: the
// vendored crate is not a member of this workspace, so `cargo test` would not run them.
#[path = "../vendor/hayro-interpret/src/x_object/decode/reduce.rs"]
#[allow(dead_code, clippy::all, clippy::pedantic)]
mod reduce;
// The same for the transforms kept for every thread and document.
#[path = "../vendor/hayro-interpret/src/color/shared.rs"]
#[allow(dead_code, clippy::all, clippy::pedantic)]
mod shared;
// The same for device CMYK's stored grid.
#[path = "../vendor/hayro-interpret/src/color/cmyk_grid.rs"]
#[allow(dead_code, clippy::all, clippy::pedantic)]
mod cmyk_grid;
use befits_coder::pdf::PageRenderer;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

fn flate(data: &[u8]) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A letter page showing `image` in the square from (100, 600) to (200, 700) points.
fn page_with(image: Vec<u8>) -> PageRenderer {
    let content = b"q 100 0 0 100 100 600 cm /Im1 Do Q\n".to_vec();
    PageRenderer::open(pages_pdf(&[(String::new(), content)], Some(image)), None).unwrap()
}

fn pixel(page: &befits_coder::pdf::RenderedPage, x: u32, y: u32) -> [u8; 3] {
    let i = ((y * page.width + x) * 4) as usize;
    [page.rgba[i], page.rgba[i + 1], page.rgba[i + 2]]
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= 8)
}

#[test]
fn a_picture_drawn_at_a_quarter_of_its_size_fills_its_place_with_its_colours() {
    // 401 x 399 pixels (odd on both sides, so the halving meets partial blocks), drawn in
    // 100 x 100 pixels at scale 1: halved twice before its colours are converted.
    let (w, h) = (401_u32, 399_u32);
    let (red, blue, green, yellow) = ([255, 0, 0], [0, 0, 255], [0, 160, 0], [255, 255, 0]);
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let c = match (x < w / 2, y < h / 2) {
                (true, true) => red,
                (false, true) => blue,
                (true, false) => green,
                (false, false) => yellow,
            };
            rgb.extend_from_slice(&c);
        }
    }
    let image = stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"
        ),
        &flate(&rgb),
    );
    let page = page_with(image).render(0, 1.0).unwrap();

    // The square spans pixels 100..200 across and 92..192 down (792 - 700 = 92).
    assert!(close(pixel(&page, 125, 117), red), "{:?}", pixel(&page, 125, 117));
    assert!(close(pixel(&page, 175, 117), blue), "{:?}", pixel(&page, 175, 117));
    assert!(close(pixel(&page, 125, 167), green), "{:?}", pixel(&page, 125, 167));
    assert!(close(pixel(&page, 175, 167), yellow), "{:?}", pixel(&page, 175, 167));
    // Its corners are the picture's; just outside them is the white page.
    assert!(close(pixel(&page, 101, 93), red), "{:?}", pixel(&page, 101, 93));
    assert!(close(pixel(&page, 198, 190), yellow), "{:?}", pixel(&page, 198, 190));
    assert!(close(pixel(&page, 202, 190), [255, 255, 255]), "{:?}", pixel(&page, 202, 190));
    assert!(close(pixel(&page, 198, 194), [255, 255, 255]), "{:?}", pixel(&page, 198, 194));
}

#[test]
fn a_palette_picture_is_not_averaged_by_its_indices() {
    // Columns alternate palette entries 0 (red) and 1 (blue). Drawn at a quarter of its
    // size the eye sees purple; averaging the indices first would give one of the two.
    let (w, h) = (400_u32, 400_u32);
    let indices: Vec<u8> = (0..h).flat_map(|_| (0..w).map(|x| (x % 2) as u8)).collect();
    let image = stream(
        &format!(
            "/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace [/Indexed /DeviceRGB 1 <FF00000000FF>] /BitsPerComponent 8 /Filter /FlateDecode"
        ),
        &flate(&indices),
    );
    let page = page_with(image).render(0, 1.0).unwrap();
    let [r, g, b] = pixel(&page, 150, 142);
    assert!(r > 90 && r < 165 && b > 90 && b < 165 && g < 30, "{:?}", [r, g, b]);
}

/// Counts the builds `get_or_build` runs, each giving its number.
fn counted(builds: &AtomicUsize) -> impl FnOnce() -> usize + '_ {
    move || builds.fetch_add(1, Ordering::SeqCst)
}

#[test]
fn a_colour_transform_is_built_once_per_profile_and_number_of_components() {
    let (shared, builds) = (shared::SharedBuilds::<usize>::new(), AtomicUsize::new(0));
    let first = shared.get_or_build(b"profile A", 3, counted(&builds));
    assert_eq!(shared.get_or_build(b"profile A", 3, counted(&builds)), first, "kept");
    assert_ne!(shared.get_or_build(b"profile A", 4, counted(&builds)), first, "other components");
    assert_ne!(shared.get_or_build(b"profile B", 3, counted(&builds)), first, "another profile");
    assert_eq!(builds.load(Ordering::SeqCst), 3);
}

#[test]
fn the_transform_used_longest_ago_is_dropped_first_and_long_profiles_are_not_kept() {
    let (shared, builds) = (shared::SharedBuilds::<usize>::new(), AtomicUsize::new(0));
    let names: Vec<Vec<u8>> = (0..=shared::MAX_KEPT).map(|i| format!("profile {i}").into_bytes()).collect();
    let first = shared.get_or_build(&names[0], 3, counted(&builds));
    for name in &names[1..shared::MAX_KEPT] {
        shared.get_or_build(name, 3, counted(&builds));
    }
    // Profile 0 used again, then one more: profile 1 is the one dropped.
    assert_eq!(shared.get_or_build(&names[0], 3, counted(&builds)), first);
    shared.get_or_build(&names[shared::MAX_KEPT], 3, counted(&builds));
    let before = builds.load(Ordering::SeqCst);
    assert_eq!(shared.get_or_build(&names[0], 3, counted(&builds)), first, "still kept");
    assert_eq!(builds.load(Ordering::SeqCst), before);
    shared.get_or_build(&names[1], 3, counted(&builds));
    assert_eq!(builds.load(Ordering::SeqCst), before + 1, "dropped, so built again");

    let long = vec![7_u8; shared::MAX_PROFILE_BYTES + 1];
    shared.get_or_build(&long, 3, counted(&builds));
    shared.get_or_build(&long, 3, counted(&builds));
    assert_eq!(builds.load(Ordering::SeqCst), before + 3, "built for each use");
}

#[test]
fn a_thread_asking_for_a_transform_being_built_waits_for_it_rather_than_building_it_again() {
    let (shared, builds) = (shared::SharedBuilds::<usize>::new(), AtomicUsize::new(0));
    let (started, building) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        let first = scope.spawn(|| {
            shared.get_or_build(b"slow profile", 3, || {
                started.send(()).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(200));
                builds.fetch_add(1, Ordering::SeqCst)
            })
        });
        building.recv().unwrap();
        let second = shared.get_or_build(b"slow profile", 3, counted(&builds));
        assert_eq!(first.join().unwrap(), second);
    });
    assert_eq!(builds.load(Ordering::SeqCst), 1);
}

/// A letter page filled with one colour: a CMYK profile (`/CS0`, the renderer's own CMYK
/// profile, embedded) and device CMYK give the same colour.
fn cmyk_pages() -> Vec<u8> {
    let profile: &[u8] = include_bytes!("../vendor/hayro-interpret/assets/CGATS001Compat-v2-micro.icc");
    let page = |content: usize| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /ColorSpace << /CS0 [/ICCBased 3 0 R] >> >> /Contents {content} 0 R >>"
        )
        .into_bytes()
    };
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R 5 0 R] /Count 2 >>".to_vec(),
        stream("/N 4", profile),
        page(6),
        page(7),
        stream("", b"/CS0 cs 0 0.3 0.9 0 sc 0 0 612 792 re f"),
        stream("", b"0 0.3 0.9 0 k 0 0 612 792 re f"),
    ])
}

#[test]
fn a_colour_profile_kept_from_one_document_gives_the_next_the_same_colours() {
    // Device CMYK (the profile's stored grid) and the same profile embedded (a transform
    // moxcms builds from it) agree to a level or two.
    let device = PageRenderer::open(cmyk_pages(), None).unwrap().render(1, 0.25).unwrap();
    let expected = pixel(&device, 10, 10);
    assert!(expected[0] > 200 && expected[2] < 120, "an orange, not white: {expected:?}");
    // Drawn by several documents at once, then by one more: the first builds the transform,
    // the others wait for it or find it kept, and all give one colour.
    let drawn: Vec<[u8; 3]> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| pixel(&PageRenderer::open(cmyk_pages(), None).unwrap().render(0, 0.25).unwrap(), 10, 10))
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert!(close(drawn[0], expected), "{:?} against {expected:?}", drawn[0]);
    assert!(drawn.iter().all(|p| *p == drawn[0]), "{drawn:?}");
    let again = PageRenderer::open(cmyk_pages(), None).unwrap().render(0, 0.25).unwrap();
    assert_eq!(pixel(&again, 10, 10), drawn[0]);
}

/// The renderer's CMYK profile as moxcms reads it.
fn cmyk_profile() -> moxcms::ColorProfile {
    let profile: &[u8] = include_bytes!("../vendor/hayro-interpret/assets/CGATS001Compat-v2-micro.icc");
    moxcms::ColorProfile::new_from_slice(profile).unwrap()
}

/// moxcms's floating-point transform of the renderer's CMYK profile to sRGB, the one the
/// stored grid is sampled from.
fn cmyk_exact() -> std::sync::Arc<moxcms::TransformF32Executor> {
    use moxcms::{Layout, TransformOptions};
    let srgb = moxcms::ColorProfile::new_srgb();
    cmyk_profile().create_transform_f32(Layout::Rgba, &srgb, Layout::Rgb, TransformOptions::default()).unwrap()
}

/// The grid moxcms samples when it builds the CMYK profile's transform: its floating-point
/// transform at the grid points themselves (where its interpolation adds nothing), in the
/// stored file's order and units.
fn cmyk_grid_from_moxcms() -> Vec<u8> {
    let transform = cmyk_exact();
    let g = cmyk_grid::GRID;
    let node = |i: usize| i as f32 / (g - 1) as f32;
    let mut points = Vec::with_capacity(g.pow(4) * 4);
    for k in 0..g {
        for c in 0..g {
            for m in 0..g {
                for y in 0..g {
                    points.extend([node(c), node(m), node(y), node(k)]);
                }
            }
        }
    }
    let mut rgb = vec![0.0_f32; g.pow(4) * 3];
    transform.transform(&points, &mut rgb).unwrap();
    // Clamped to 0..=1 first, so the 16-bit value neither wraps nor loses a sign.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let to_u16 = |v: f32| (v.clamp(0.0, 1.0) * 65535.0).round() as u16;
    rgb.iter().flat_map(|&v| to_u16(v).to_le_bytes()).collect()
}

/// The stored grid is moxcms's (within one unit of 65,535, for another CPU's rounding).
/// `BEFITS_WRITE_CMYK_GRID=1 cargo test --test main stored_cmyk_grid` writes it again, for
/// another version of moxcms or of the profile.
#[test]
fn the_stored_cmyk_grid_is_the_transform_moxcms_builds() {
    let expected = cmyk_grid_from_moxcms();
    if std::env::var_os("BEFITS_WRITE_CMYK_GRID").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vendor/hayro-interpret/assets/cmyk-srgb-grid17.bin");
        std::fs::write(path, &expected).unwrap();
        return;
    }
    assert_eq!(expected.len(), cmyk_grid::GRID_BYTES.len());
    let value = |b: &[u8]| i32::from(u16::from_le_bytes([b[0], b[1]]));
    let worst = expected
        .chunks_exact(2)
        .zip(cmyk_grid::GRID_BYTES.chunks_exact(2))
        .map(|(a, b)| (value(a) - value(b)).abs())
        .max();
    assert!(worst <= Some(1), "the stored grid differs from moxcms's by {worst:?} / 65535");
}

/// Converted through the stored grid, a colour is what moxcms's own 8-bit transform gives
/// (within three levels; two thirds of colours within one), and at least as close to its
/// floating-point transform.
#[test]
fn device_cmyk_through_the_stored_grid_matches_moxcms() {
    use moxcms::{Layout, TransformOptions};
    let srgb = moxcms::ColorProfile::new_srgb();
    let bytes =
        cmyk_profile().create_transform_8bit(Layout::Rgba, &srgb, Layout::Rgb, TransformOptions::default()).unwrap();
    let exact = cmyk_exact();
    // Every 17th level of each component (the grid's own points and the middles of its
    // cells both included), and the extremes.
    let levels: Vec<u8> = (0..=255).step_by(17).chain([1, 128, 254]).collect();
    let mut input = Vec::new();
    for &c in &levels {
        for &m in &levels {
            for &y in &levels {
                for &k in &levels {
                    input.extend([c, m, y, k]);
                }
            }
        }
    }
    let n = input.len() / 4;
    let mut ours = vec![0_u8; n * 3];
    cmyk_grid::convert(&input, &mut ours);
    let mut theirs = vec![0_u8; n * 3];
    bytes.transform(&input, &mut theirs).unwrap();
    let floats: Vec<f32> = input.iter().map(|&v| f32::from(v) / 255.0).collect();
    let mut reference = vec![0.0_f32; n * 3];
    exact.transform(&floats, &mut reference).unwrap();
    let mut within_one = 0;
    let (mut our_error, mut their_error) = (0.0, 0.0);
    for (i, px) in ours.chunks_exact(3).enumerate() {
        let other = &theirs[i * 3..i * 3 + 3];
        let apart = px.iter().zip(other).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0);
        assert!(apart <= 3, "{:?}: {px:?} against moxcms's {other:?}", &input[i * 4..i * 4 + 4]);
        within_one += usize::from(apart <= 1);
        for ch in 0..3 {
            let r = reference[i * 3 + ch].clamp(0.0, 1.0) * 255.0;
            our_error += (f32::from(px[ch]) - r).abs();
            their_error += (f32::from(other[ch]) - r).abs();
        }
    }
    assert!(within_one * 3 >= n * 2, "{within_one} of {n} within one level");
    assert!(
        our_error <= their_error,
        "mean error {} against moxcms's {}",
        our_error / n as f32,
        their_error / n as f32
    );
    // A run of one colour gives that colour throughout; white stays white, full black dark.
    let mut run = vec![0_u8; 30];
    cmyk_grid::convert(&[0, 77, 230, 0].repeat(10), &mut run);
    assert!(run.chunks_exact(3).all(|p| p == cmyk_grid::cmyk_to_rgb([0, 77, 230, 0])));
    assert_eq!(cmyk_grid::cmyk_to_rgb([0, 0, 0, 0]), [255, 255, 255]);
    assert!(cmyk_grid::cmyk_to_rgb([0, 0, 0, 255]).iter().all(|&v| v < 80));
}

/// Whether the pixel is darker than mid-grey on every channel.
fn dark(p: [u8; 3]) -> bool {
    p.iter().all(|&c| c < 100)
}

/// The pixels of `page` in the box from `(x0, y0)` to `(x1, y1)` (pixels, from the top left).
fn pixels_in(page: &befits_coder::pdf::RenderedPage, (x0, y0): (u32, u32), (x1, y1): (u32, u32)) -> Vec<[u8; 3]> {
    (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).map(|(x, y)| pixel(page, x, y)).collect()
}

#[test]
fn text_drawn_together_keeps_its_order_with_what_the_page_draws_clips_and_colours_after_it() {
    // At scale 1 a pixel is a point, counted from the top: pixel y = 792 - PDF y.
    let content = b"BT /F1 24 Tf 72 700 Td (HHHHHH) Tj (HHHHHH) Tj ET\n\
        1 g 72 690 78 40 re f 0 g\n\
        BT /F1 24 Tf 72 600 Td 1 0 0 rg (HHHHHH) Tj 0 g (HHHHHH) Tj ET\n\
        q 300 490 100 50 re W n BT /F1 24 Tf 200 500 Td (HHHHHHHHHHHHHH) Tj ET Q\n"
        .to_vec();
    let page = PageRenderer::open(pages_pdf(&[(String::new(), content)], None), None).unwrap().render(0, 1.0).unwrap();

    // Line 1: the white box drawn after the text covers its start; the rest shows.
    let covered = pixels_in(&page, (74, 70), (148, 100));
    assert!(covered.iter().all(|&p| p == [255, 255, 255]), "the box drawn after the text hides it");
    assert!(pixels_in(&page, (160, 75), (250, 92)).into_iter().any(dark), "the text beside the box shows");

    // Line 2: the red run then the black one, each in its colour.
    let red = pixels_in(&page, (74, 175), (150, 192));
    assert!(red.iter().any(|p| p[0] > 200 && p[1] < 80 && p[2] < 80), "the first run is red");
    assert!(!red.into_iter().any(dark), "and has nothing black in it");
    let black_start = 72 + 6 * 17 + 6;
    assert!(
        pixels_in(&page, (black_start, 175), (black_start + 60, 192)).into_iter().any(dark),
        "the second run is black"
    );

    // Line 3: the text is drawn inside its clip only (x from 300 to 400 points).
    assert!(pixels_in(&page, (302, 275), (398, 292)).into_iter().any(dark), "the text shows inside its clip");
    let outside = [pixels_in(&page, (200, 260), (298, 300)), pixels_in(&page, (402, 260), (450, 300))].concat();
    assert!(outside.iter().all(|&p| p == [255, 255, 255]), "and nowhere outside it");
}

/// The pixels of `page` drawn at `scale` with the glyphs drawn together, and one by one.
fn both_ways(page: &hayro::hayro_syntax::page::Page<'_>, scale: f32) -> (Vec<u8>, Vec<u8>) {
    let cache = hayro::RenderCache::new();
    let settings = hayro::hayro_interpret::InterpreterSettings::default();
    let pixmap = hayro::PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: hayro::vello_cpu::color::palette::css::WHITE,
    };
    let draw = |glyph_batching| {
        let render = hayro::RenderSettings { glyph_batching, ..hayro::RenderSettings::default() };
        hayro::render(page, &cache, &settings, &render, &pixmap).data_as_u8_slice().to_vec()
    };
    (draw(true), draw(false))
}

#[test]
fn pages_with_glyphs_drawn_together_look_as_with_each_glyph_drawn_by_itself() {
    let Some(dir) = crate::support::corpus() else {
        eprintln!("skipped: the shared corpus is absent");
        return;
    };
    // The two articles whose runs are shortest (a few glyphs each), and one whose text
    // overlaps itself.
    for name in [
        "plos-med-2022-rodi-health-policy.pdf",
        "ssm-pop-health-2022-hecker-covid-mental-health.pdf",
        "haematologica-2018-schmid.pdf",
    ] {
        let bytes = std::fs::read(dir.join("articles").join(name)).unwrap();
        let pdf = hayro::hayro_syntax::Pdf::new(std::sync::Arc::new(bytes)).unwrap();
        let (mut differing, mut total, mut inked) = (0_usize, 0_usize, 0_usize);
        for page in pdf.pages().iter().take(4) {
            let (together, alone) = both_ways(page, 2.0);
            assert_eq!(together.len(), alone.len());
            for (a, b) in together.iter().zip(&alone) {
                assert!(
                    a.abs_diff(*b) <= 2,
                    "{name}: a byte differs by {} (at most 2 where glyphs overlap)",
                    a.abs_diff(*b)
                );
                differing += usize::from(a != b);
            }
            inked += alone.iter().filter(|&&b| b < 128).count();
            total += alone.len();
        }
        // The pages have text (so that the comparison is not one of blank pages), and
        // overlapping glyphs are rare.
        assert!(inked * 200 > total, "{name}: {inked} of {total} bytes inked");
        assert!(differing * 500 < total, "{name}: {differing} of {total} bytes differ");
    }
}

#[test]
fn text_placed_at_the_edge_of_the_number_range_does_not_stop_the_page_from_being_drawn() {
    // Glyphs pushed about 2^31 pixels away (a crafted or broken text matrix), next to
    // ordinary ones: those off the page are not drawn, the others are.
    let content = b"BT /F1 24 Tf 72 700 Td (HHHH) Tj 2147483000 0 Td (HHHH) Tj -4294966000 0 Td (HHHH) Tj ET\n\
        BT /F1 24 Tf 72 600 Td (HHHH) Tj ET\n"
        .to_vec();
    let page = PageRenderer::open(pages_pdf(&[(String::new(), content)], None), None).unwrap().render(0, 1.0).unwrap();
    assert!(pixels_in(&page, (74, 75), (140, 92)).into_iter().any(dark), "the first line shows");
    assert!(pixels_in(&page, (74, 175), (140, 192)).into_iter().any(dark), "the second line shows");
}

#[test]
fn a_page_whose_glyphs_would_need_too_many_batch_images_is_drawn_as_with_each_glyph_by_itself() {
    // A strip 200 x 40 points: its batch images may take 4 x 200 x 40 x 4 bytes at scale 1.
    // The same line 40 times, its colour changing each time (each run its own batch image
    // of some 24 KB), asks for about 1 MB: past the budget, the glyphs are drawn one by one.
    let mut content = String::from("BT /F1 24 Tf\n");
    for i in 0..40 {
        let colour = if i % 2 == 0 { "1 0 0 rg" } else { "0 0 1 rg" };
        content.push_str(colour);
        content.push_str(" 1 0 0 1 4 10 Tm (HHHHHHHHHHHH) Tj\n");
    }
    content.push_str("ET\n");
    let bytes = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 40] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
        stream("", content.as_bytes()),
    ]);
    let pdf = hayro::hayro_syntax::Pdf::new(std::sync::Arc::new(bytes)).unwrap();
    let (together, alone) = both_ways(&pdf.pages()[0], 1.0);
    let blue = alone.chunks_exact(4).filter(|p| p[2] > 200 && p[0] < 80).count();
    assert!(blue > 100, "the last run, blue, is on top: {blue} blue pixels");
    let most = together.iter().zip(&alone).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0);
    assert!(most <= 2, "a byte differs by {most}");
}
