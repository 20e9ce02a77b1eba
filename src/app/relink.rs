//! The automatic look for moved PDFs: when a project opens and some of its PDFs are not where
//! it says, the files in the project's folder (and the folders below it, a few levels deep)
//! are checked by content hash on a background thread. A file counts only if its content is
//! exactly the PDF the article was imported from.

use super::BefitsApp;
use super::job::Job;
use crate::model::{DocumentId, Edit, PdfSource, Project, sha256_hex, text};
use crate::persistence;
use crate::ui::Message;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How deep below the project folder to look.
const DEPTH: usize = 3;
/// At most this many PDF files are hashed (a project folder is not a whole disk).
const MAX_FILES: usize = 400;

/// PDF files under `dir`, up to `depth` levels down, names matching `preferred` first.
fn candidates(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        if out.len() >= MAX_FILES {
            return;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if depth > 0 && !hidden {
                candidates(&path, depth - 1, out);
            }
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
            out.push(path);
        }
    }
}

/// Finds, for each missing PDF (document, expected hash, old file name), a file under `dir`
/// with that content. Files named like the old one are hashed first.
#[must_use]
pub fn find_moved(dir: &Path, missing: &[(DocumentId, String, String)]) -> Vec<(DocumentId, PathBuf)> {
    let mut files = Vec::new();
    candidates(dir, DEPTH, &mut files);
    let names: Vec<&str> = missing.iter().map(|(_, _, n)| n.as_str()).collect();
    files.sort_by_key(|p| !p.file_name().is_some_and(|n| names.contains(&n.to_string_lossy().as_ref())));
    let mut wanted: BTreeMap<&str, DocumentId> = missing.iter().map(|(d, h, _)| (h.as_str(), *d)).collect();
    let mut found = Vec::new();
    for file in files {
        if wanted.is_empty() {
            break;
        }
        let Ok(bytes) = crate::persistence::read_file(&file, crate::persistence::MAX_PDF_BYTES) else { continue };
        if let Some(doc) = wanted.remove(sha256_hex(&bytes).as_str()) {
            found.push((doc, std::fs::canonicalize(&file).unwrap_or(file)));
        }
    }
    found
}

/// Starts the look if some PDFs of `project` (saved at `path`) are missing.
pub(crate) fn start(
    project: &Project,
    path: Option<&Path>,
    wake: egui::Context,
) -> Option<Job<Vec<(DocumentId, PathBuf)>>> {
    let dir = path?.parent()?.to_path_buf();
    let missing: Vec<(DocumentId, String, String)> = project
        .documents()
        .values()
        .filter_map(|d| {
            let pdf = d.pdf.as_ref()?;
            (!pdf.path.is_file()).then(|| {
                let name = pdf.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (d.id, d.sha256.clone(), name)
            })
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    Job::spawn("Looking for moved PDFs", move || wake.request_repaint(), move |_| find_moved(&dir, &missing)).ok()
}

impl BefitsApp {
    /// Points a document at a PDF the user found, if it is the same file (same content hash).
    /// The file is read and hashed in the background (a PDF may be hundreds of megabytes).
    pub(super) fn locate_pdf(&mut self, doc: DocumentId, path: &Path) {
        let Some(session) = &self.session else { return };
        let Some(document) = session.project.document(doc) else { return };
        let (title, expected) = (document.title.clone(), document.sha256.clone());
        let path = path.to_path_buf();
        self.run_for_project(format!("Checking {}", super::file_name(&path)), false, move |_| {
            let found = persistence::read_file(&path, persistence::MAX_PDF_BYTES).map(|b| crate::model::sha256_hex(&b));
            let absolute = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            Box::new(move |app: &mut BefitsApp, _: &egui::Context| {
                app.finish_locate(doc, (&title, &expected), &path, absolute, found);
            })
        });
    }

    fn finish_locate(
        &mut self,
        doc: DocumentId,
        (title, expected): (&str, &str),
        path: &Path,
        absolute: PathBuf,
        found: std::io::Result<String>,
    ) {
        match found {
            Err(e) => return self.message(Message::error(format!("Could not read {} ({e}).", path.display()))),
            Ok(found) if found != expected => {
                return self.message(Message::error(format!(
                    "{} is not the PDF “{}” was imported from (its content differs); the article keeps its stored text.",
                    path.display(),
                    text::ellipsize(title, 40)
                )));
            }
            Ok(_) => {}
        }
        let Some(session) = &mut self.session else { return };
        // The article may have been removed meanwhile: only the same article takes the file.
        if session.project.document(doc).is_none_or(|d| d.sha256 != expected) {
            return;
        }
        let edit = Edit::SetPdf { document: doc, pdf: Some(PdfSource { path: absolute }) };
        match session.apply(edit, format!("Locate the PDF of “{}”", text::ellipsize(title, 40))) {
            Ok(()) => {
                if let Some(p) = &mut self.pages {
                    p.forget(doc);
                }
            }
            Err(e) => self.message(Message::error(format!("That change was not made: {e}."))),
        }
    }

    /// Takes the PDFs found by the automatic search in the project folder.
    pub(super) fn poll_relink(&mut self) {
        let Some(job) = &self.relink else { return };
        let found = match job.poll() {
            Some(found) => found,
            None if job.died() => Vec::new(),
            None => return,
        };
        self.relink = None;
        let Some(session) = &mut self.session else { return };
        let mut moved = 0;
        for (doc, path) in found {
            let edit = Edit::SetPdf { document: doc, pdf: Some(PdfSource { path }) };
            if session.apply(edit, "Find moved PDFs in the project folder".to_owned()).is_ok() {
                moved += 1;
                if let Some(p) = &mut self.pages {
                    p.forget(doc);
                }
            }
        }
        if moved > 0 {
            self.message(Message::info(format!(
                "{} had moved and {} found again in the project folder (same content). Save to remember the new place.",
                crate::model::text::counted(moved, "PDF"),
                if moved == 1 { "was" } else { "were" }
            )));
        }
    }

    /// Remembers the password of an article's PDF for this session and draws it again.
    pub(super) fn unlock_pdf(&mut self, doc: DocumentId, password: String) {
        let sha = self.session.as_ref().and_then(|s| s.project.document(doc)).map(|d| d.sha256.clone());
        if let (Some(sha), Some(pages)) = (sha, &mut self.pages) {
            pages.remember_password(&sha, password);
            pages.forget(doc);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_file_is_found_by_content_not_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("papers/2024");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("renamed.pdf"), b"%PDF-1.4 the article").unwrap();
        std::fs::write(dir.path().join("article.pdf"), b"%PDF-1.4 another file with the old name").unwrap();
        let expected = sha256_hex(b"%PDF-1.4 the article");
        let found = find_moved(dir.path(), &[(DocumentId(7), expected, "article.pdf".into())]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, DocumentId(7));
        assert!(found[0].1.ends_with("papers/2024/renamed.pdf"));
        assert!(find_moved(dir.path(), &[(DocumentId(1), "0".repeat(64), "x.pdf".into())]).is_empty());
    }
}
