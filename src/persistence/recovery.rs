//! What can be recovered for a project: its autosave and its backup generations, each read
//! to say what it holds (project name and number of codings) or why it cannot be used.

use super::autosave::{autosave_path, recovery_candidate};
use super::backups::{BackupKind, list_backups};
use super::error::LoadError;
use super::format::load;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Where a recoverable copy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyKind {
    /// The autosave of unsaved changes, newer than the project file.
    Autosave,
    /// An earlier save of the project.
    Backup,
    /// An autosave that was set aside when the user kept the saved file.
    SetAsideAutosave,
    /// The autosave of work that never had a file.
    Unsaved,
}

impl CopyKind {
    /// How the kind reads in a list.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Autosave => "automatic copy of unsaved changes",
            Self::Backup => "saved version",
            Self::SetAsideAutosave => "automatic copy, set aside",
            Self::Unsaved => "never saved to a file",
        }
    }
}

/// What a copy holds, once read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopySummary {
    /// The project's name.
    pub name: String,
    /// Its number of codings.
    pub codings: usize,
    /// Its number of articles.
    pub documents: usize,
}

/// A copy of a project that can be opened instead of (or as) it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoverableCopy {
    /// The file.
    pub file: PathBuf,
    /// What it is.
    pub kind: CopyKind,
    /// When it was written.
    pub saved: SystemTime,
    /// What it holds, or why it cannot be read.
    pub summary: Result<CopySummary, String>,
}

impl RecoverableCopy {
    /// Reads `file` to describe it.
    #[must_use]
    pub fn read(file: PathBuf, kind: CopyKind, saved: SystemTime) -> Self {
        let summary = summarize(&file).map_err(|e| e.to_string());
        Self { file, kind, saved, summary }
    }
}

/// Name and counts of the project in `file`.
///
/// # Errors
/// As [`load`].
pub fn summarize(file: &Path) -> Result<CopySummary, LoadError> {
    let loaded = load(file)?;
    let p = &loaded.project;
    Ok(CopySummary { name: p.name().to_owned(), codings: p.codings().len(), documents: p.documents().len() })
}

/// The autosave of `project` when it is newer than the project file, read to describe it.
#[must_use]
pub fn newer_autosave(project: &Path) -> Option<RecoverableCopy> {
    let side = recovery_candidate(project)?;
    let saved = std::fs::metadata(&side).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
    Some(RecoverableCopy::read(side, CopyKind::Autosave, saved))
}

/// Every copy of `project` that could be recovered: its autosave, then its backups, newest
/// first, each read (so a damaged one says so). The autosave is listed when it is newer than
/// the project file, or whenever the project file itself cannot be read.
#[must_use]
pub fn recoverable_copies(project: &Path) -> Vec<RecoverableCopy> {
    recoverable_copies_with(project, |_, _| true)
}

/// As [`recoverable_copies`], calling `each(done, of)` before each copy is read (a large
/// project takes half a second a copy); when it returns `false`, the copies read so far.
pub fn recoverable_copies_with(project: &Path, mut each: impl FnMut(usize, usize) -> bool) -> Vec<RecoverableCopy> {
    let side = recovery_candidate(project)
        .or_else(|| Some(autosave_path(project)).filter(|s| s.is_file() && load(project).is_err()))
        .map(|side| {
            let saved = std::fs::metadata(&side).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
            (side, CopyKind::Autosave, saved)
        });
    let backups = list_backups(project).into_iter().map(|b| {
        let kind = match b.kind {
            BackupKind::Generation => CopyKind::Backup,
            BackupKind::SetAsideAutosave => CopyKind::SetAsideAutosave,
        };
        (b.path, kind, b.saved)
    });
    let files: Vec<(PathBuf, CopyKind, SystemTime)> = side.into_iter().chain(backups).collect();
    let (mut out, of) = (Vec::new(), files.len());
    for (done, (file, kind, saved)) in files.into_iter().enumerate() {
        if !each(done, of) {
            break;
        }
        out.push(RecoverableCopy::read(file, kind, saved));
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.saved));
    out
}
