//! `befits-coder validate PROJECT.ron`.

use super::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail};
use crate::persistence::{LoadError, load};
use std::path::Path;

pub(super) fn run(path: &Path) -> u8 {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(e @ (LoadError::Invalid { .. } | LoadError::Damaged { .. })) => {
            let copies = crate::persistence::recoverable_copies(path).into_iter().filter(|c| c.summary.is_ok()).count();
            let hint = if copies > 0 {
                let noun = if copies == 1 { "copy" } else { "copies" };
                format!(" ({copies} readable backup or autosave {noun}: `befits-coder backups` lists them)")
            } else {
                String::new()
            };
            let code = if matches!(e, LoadError::Invalid { .. }) { EXIT_INVALID } else { EXIT_UNREADABLE };
            return fail(code, &format!("{e}{hint}"));
        }
        Err(e) => return fail(EXIT_UNREADABLE, &e.to_string()),
    };
    let p = &loaded.project;
    let missing_pdfs = p.documents().values().filter(|d| d.pdf.as_ref().is_some_and(|s| !s.path.exists())).count();
    out!("project: {} (coder: {})", p.name(), if p.coder().is_empty() { "-" } else { p.coder() });
    out!("codebook: {} domains, {} constructs", p.codebook().domains.len(), p.codebook().constructs.len());
    out!("studies: {}", p.studies().len());
    out!("documents: {}", p.documents().len());
    out!("codings: {}", p.codings().len());
    out!("moved anchors: {}", loaded.moved.len());
    out!("orphaned anchors: {}", loaded.orphaned.len());
    out!("PDFs not found: {missing_pdfs}");
    for id in &loaded.orphaned {
        if let Some(c) = p.coding(*id) {
            let doc = p.document(c.document).map_or("?", |d| d.title.as_str());
            out!("orphaned: {id} in {doc} ({})", c.construct);
        }
    }
    if loaded.orphaned.is_empty() {
        out!("status: valid");
        EXIT_OK
    } else {
        out!("status: invalid ({} orphaned anchors)", loaded.orphaned.len());
        EXIT_INVALID
    }
}
