//! The automatic look for moved PDFs: when a project opens and some of its PDFs are not where
//! it says, the files in the project's folder (and the folders below it, a few levels deep)
//! are checked by content hash on a background thread. A file counts only if its content is
//! exactly the PDF the article was imported from.

use crate::model::{DocumentId, Project, sha256_hex};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

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
pub(crate) fn start(project: &Project, path: Option<&Path>) -> Option<Receiver<Vec<(DocumentId, PathBuf)>>> {
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
    let (tx, rx) = channel();
    let spawned = std::thread::Builder::new().name("pdf-relink".into()).spawn(move || {
        let _ = tx.send(find_moved(&dir, &missing));
    });
    spawned.ok().map(|_| rx)
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
