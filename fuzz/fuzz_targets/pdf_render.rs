//! PDF page drawing, as the page worker runs it (in process here).
//!
//! The renderer runs inside `catch_unwind` in the worker, so a panic it raises on a crafted
//! page is contained there and the page is reported as not drawable. libFuzzer's panic hook
//! would abort on such a contained panic too; the default hook is put back, so only a panic
//! that escapes `render` (and so would reach the worker's caller) counts as a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    if let Ok(renderer) = befits_coder::pdf::PageRenderer::open(data.to_vec(), None) {
        for page in 0..renderer.page_count().min(2) {
            let _ = renderer.render(page, 0.25);
        }
    }
});
