//! `befits-coder validate PROJECT.ron`.

use super::{EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, fail};
use crate::persistence::{LoadError, load};
use std::path::Path;

pub(super) fn run(path: &Path) -> u8 {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(e @ LoadError::Invalid { .. }) => return fail(EXIT_INVALID, &e.to_string()),
        Err(e) => return fail(EXIT_UNREADABLE, &e.to_string()),
    };
    let p = &loaded.project;
    let missing_pdfs = p.documents().values().filter(|d| d.pdf.as_ref().is_some_and(|s| !s.path.exists())).count();
    println!("project: {} (coder: {})", p.name(), if p.coder().is_empty() { "-" } else { p.coder() });
    println!("codebook: {} domains, {} constructs", p.codebook().domains.len(), p.codebook().constructs.len());
    println!("studies: {}", p.studies().len());
    println!("documents: {}", p.documents().len());
    println!("codings: {}", p.codings().len());
    println!("moved anchors: {}", loaded.moved.len());
    println!("orphaned anchors: {}", loaded.orphaned.len());
    println!("PDFs not found: {missing_pdfs}");
    for id in &loaded.orphaned {
        if let Some(c) = p.coding(*id) {
            let doc = p.document(c.document).map_or("?", |d| d.title.as_str());
            println!("orphaned: {id} in {doc} ({})", c.construct);
        }
    }
    if loaded.orphaned.is_empty() {
        println!("status: valid");
        EXIT_OK
    } else {
        println!("status: invalid ({} orphaned anchors)", loaded.orphaned.len());
        EXIT_INVALID
    }
}
