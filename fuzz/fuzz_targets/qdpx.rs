//! REFI-QDA project import (.qdpx): a zip of XML and sources.
#![no_main]
use befits_coder::model::Codebook;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn codebook() -> &'static Codebook {
    static CB: OnceLock<Codebook> = OnceLock::new();
    CB.get_or_init(|| befits_coder::persistence::default_codebook().expect("the built-in codebook"))
}

fuzz_target!(|data: &[u8]| {
    let _ = befits_coder::persistence::import_qdpx(data, codebook(), "fuzz");
});
