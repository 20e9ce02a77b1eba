//! Autosave side files: while a project has unsaved changes the app writes it next to the
//! project file as `NAME.ron.autosave`; on open, a newer side file is offered for recovery.

use super::atomic::write_atomic;
use super::format::to_ron;
use crate::model::Project;
use std::path::{Path, PathBuf};

/// `project.ron` -> `project.ron.autosave`.
#[must_use]
pub fn autosave_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".autosave");
    path.with_file_name(name)
}

/// Writes the autosave side file for a project that will be saved at `path`.
///
/// # Errors
/// Serialisation or I/O failure (the caller reports it; the project file is untouched).
pub fn write_autosave(project: &Project, path: &Path) -> std::io::Result<()> {
    let text = to_ron(project, path).map_err(std::io::Error::other)?;
    write_atomic(&autosave_path(path), text.as_bytes())
}

/// Removes the side file after a successful save or a deliberate discard.
pub fn remove_autosave(path: &Path) {
    let side = autosave_path(path);
    if side.exists() {
        // Best effort: a stale side file is only offered, never applied silently.
        let _ = std::fs::remove_file(side);
    }
}

/// The autosave side file of `path`, when it exists and is newer than the project file
/// (or the project file is gone).
#[must_use]
pub fn recovery_candidate(path: &Path) -> Option<PathBuf> {
    let side = autosave_path(path);
    let side_time = std::fs::metadata(&side).and_then(|m| m.modified()).ok()?;
    match std::fs::metadata(path).and_then(|m| m.modified()) {
        Ok(file_time) if file_time >= side_time => None,
        _ => Some(side),
    }
}
