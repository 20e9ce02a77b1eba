//! `befits-coder extract FILE.pdf [--json]`.

use super::{EXIT_OK, EXIT_UNREADABLE, fail, worker_exe};
use crate::pdf::{WorkerLimits, extract_isolated};
use std::path::Path;

pub(super) fn run(file: &Path, json: bool, password: Option<&str>) -> u8 {
    let exe = match worker_exe() {
        Ok(e) => e,
        Err(e) => return fail(EXIT_UNREADABLE, &e),
    };
    match extract_isolated(&exe, file, password, &WorkerLimits::default()) {
        Ok(x) => {
            let warnings: Vec<String> = x.warnings.iter().map(ToString::to_string).collect();
            if json {
                let value = serde_json::json!({
                    "file": file.display().to_string(),
                    "pages": x.pages.len(),
                    "characters": x.char_count(),
                    "warnings": warnings,
                    "text": x.pages,
                });
                out!("{value:#}");
            } else {
                out!("file: {}", file.display());
                out!("pages: {}", x.pages.len());
                out!("characters: {}", x.char_count());
                for w in &warnings {
                    out!("warning: {w}");
                }
            }
            EXIT_OK
        }
        Err(e) => fail(EXIT_UNREADABLE, &format!("{e}: {}", file.display())),
    }
}
