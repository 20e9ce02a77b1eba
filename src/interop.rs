//! REFI-QDA import and export steps that need the PDF reader, shared by the app and the
//! `import-refi` / `export` commands: reading the PDFs a package holds (in the isolated
//! worker, never in this process), keeping them where the project can open them, and the
//! page geometry an export writes `PDFSelection`s from. Never egui.

use crate::model::{DocumentId, Project, sha256_hex};
use crate::pdf::{Extraction, WorkerLimits, extract_isolated};
use crate::persistence::{self, ExtractedPdf, GlyphRect, RefiPackage, SourceKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Glyph boxes of every page of an extraction.
#[must_use]
pub fn glyphs_of(extraction: &Extraction) -> Vec<Vec<GlyphRect>> {
    extraction
        .layouts
        .iter()
        .map(|l| {
            l.glyphs.iter().map(|g| GlyphRect { start: g.start, end: g.end, rect: [g.x0, g.y0, g.x1, g.y1] }).collect()
        })
        .collect()
}

/// The limits PDFs are read with here: glyph boxes wanted.
fn limits() -> WorkerLimits {
    WorkerLimits { with_layout: true, ..WorkerLimits::default() }
}

/// Reads every PDF of a package with the worker at `exe`, writing each into `store` (named
/// by its SHA-256, so importing again reuses the file) so the imported articles open in the
/// reader. A PDF that cannot be read or stored gets the reason as its source's problem (its
/// text representation is then used). `progress` is told `(done, of)`; `cancelled` stops
/// between PDFs.
///
/// # Errors
/// Only a cancelled import.
pub fn read_package_pdfs(
    package: &mut RefiPackage,
    exe: &Path,
    store: &Path,
    progress: &dyn Fn(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<BTreeMap<usize, ExtractedPdf>, String> {
    let of = package.sources.iter().filter(|s| s.kind == SourceKind::Pdf && s.pdf.is_some()).count();
    let mut done = 0;
    let mut out = BTreeMap::new();
    for (i, source) in package.sources.iter_mut().enumerate() {
        let Some(bytes) = source.pdf.as_deref() else { continue };
        if cancelled() {
            return Err("The import was stopped; nothing was opened.".to_owned());
        }
        progress(done, of);
        done += 1;
        match extract_isolated(exe, bytes, None, &limits()) {
            Ok(extraction) => {
                let path = store_pdf(store, bytes);
                if let Err(e) = &path {
                    source.problem = Some(format!("the PDF could not be kept beside the project ({e})"));
                }
                out.insert(
                    i,
                    ExtractedPdf { pages: extraction.pages.clone(), glyphs: glyphs_of(&extraction), path: path.ok() },
                );
            }
            Err(e) => source.problem = Some(format!("the PDF could not be read ({e})")),
        }
    }
    progress(done, of);
    Ok(out)
}

/// Writes a PDF into `store` under its SHA-256 (atomically; an existing copy is kept).
///
/// # Errors
/// The folder or file could not be written.
pub fn store_pdf(store: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(store).map_err(|e| format!("{}: {e}", store.display()))?;
    // Documents hold absolute paths in memory (saving makes them relative to the project).
    let store = std::fs::canonicalize(store).map_err(|e| format!("{}: {e}", store.display()))?;
    let path = store.join(format!("{}.pdf", sha256_hex(bytes)));
    if !path.exists() {
        persistence::write_atomic(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(path)
}

/// The page geometry of every article whose PDF is at hand (checked by SHA-256), for an
/// export's `PDFSelection`s. Articles whose PDF is missing or unreadable are left out (the
/// export then writes their passages as text selections only).
///
/// # Errors
/// Only a cancelled export.
pub fn export_geometry(
    project: &Project,
    exe: &Path,
    progress: &dyn Fn(usize, usize),
    cancelled: &dyn Fn() -> bool,
) -> Result<BTreeMap<DocumentId, Vec<Vec<GlyphRect>>>, String> {
    let docs: Vec<_> = project.documents().values().filter(|d| d.pdf.is_some()).collect();
    let mut out = BTreeMap::new();
    for (n, d) in docs.iter().enumerate() {
        if cancelled() {
            return Err("The export was stopped.".to_owned());
        }
        progress(n, docs.len());
        let Some(src) = &d.pdf else { continue };
        let Ok(bytes) = persistence::read_verified(&src.path, &d.sha256, persistence::MAX_PDF_BYTES) else { continue };
        if let Ok(extraction) = extract_isolated(exe, &bytes, None, &limits())
            && extraction.pages == d.pages
        {
            out.insert(d.id, glyphs_of(&extraction));
        }
    }
    progress(docs.len(), docs.len());
    Ok(out)
}
