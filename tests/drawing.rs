//! Drawing pictures smaller than they are stored: the page renderer's image decoder halves
//! large pictures before converting their colours (vendor/hayro-interpret/PATCHED.md). These
//! check that a reduced picture still covers its place on the page with its colours, and that
//! pictures whose samples must not be averaged (palette indices) are left whole.

use crate::crafted::{pages_pdf, stream};

// The patch's own unit tests (halving arithmetic, odd edges, short data) run here: the
// vendored crate is not a member of this workspace, so `cargo test` would not run them.
#[path = "../vendor/hayro-interpret/src/x_object/decode/reduce.rs"]
#[allow(dead_code, clippy::all, clippy::pedantic)]
mod reduce;
use befits_coder::pdf::PageRenderer;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use std::io::Write;

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
