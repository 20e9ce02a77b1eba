//! PDF text extraction, as the extraction worker runs it (in process here, so that a crash,
//! hang or runaway allocation is seen rather than contained).
//!
//! Each page is read inside `catch_unwind` (pdf-extract and its CMap parser panic on some
//! damaged fonts), so such a panic costs that page's text from that reader, not the worker.
//! libFuzzer's panic hook would abort on a contained panic too; the default hook is put
//! back, so only a panic that escapes `extract_bytes` counts as a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    let _ = befits_coder::pdf::extract_bytes(data, None);
});
