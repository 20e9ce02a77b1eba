//! PDF text extraction, as the extraction worker runs it (in process here, so that a crash,
//! hang or runaway allocation is seen rather than contained).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = befits_coder::pdf::extract_bytes(data, None);
});
