//! Data-extraction table import: decoding (UTF-8, UTF-16) and the row checks.
#![no_main]
use befits_coder::model::Project;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn project() -> &'static Project {
    static P: OnceLock<Project> = OnceLock::new();
    P.get_or_init(|| {
        let cb = befits_coder::persistence::default_codebook().expect("the built-in codebook");
        Project::new("Fuzz", "Fuzz", cb)
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = befits_coder::persistence::decode_table(data) {
        for delimiter in [b'\t', b','] {
            let _ = befits_coder::persistence::plan_table_import(project(), &text, delimiter, "fuzz", "2026-01-01T00:00:00Z");
        }
    }
});
