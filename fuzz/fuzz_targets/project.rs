//! The project loader: any text must load or be refused, never panic, hang or run away.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = befits_coder::persistence::load_str(text, std::path::Path::new("fuzz.ron"));
    }
});
