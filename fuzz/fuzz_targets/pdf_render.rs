//! PDF page drawing, as the page worker runs it (in process here).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(renderer) = befits_coder::pdf::PageRenderer::open(data.to_vec(), None) {
        for page in 0..renderer.page_count().min(2) {
            let _ = renderer.render(page, 0.25);
        }
    }
});
