//! Autosave: copies of unsaved work, written while a project has changes.
//!
//! A project with a file is autosaved next to it as `NAME.ron.autosave`; on open, a newer
//! side file is offered for recovery. A project without a file yet (new, the sample, an
//! imported REFI-QDA project) is autosaved in the app's data folder, `autosave/`, under a
//! name made when its session started; on start the app lists those for recovery. Copies the
//! user chose not to recover are set aside (never deleted at once): beside the project's
//! backups, or in `autosave/set-aside/` for work that never had a file.

use super::atomic::write_atomic;
use super::backups;
use super::format::to_ron;
use crate::model::Project;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Set-aside copies of never-saved work that are kept.
const SET_ASIDE_KEPT: usize = 20;

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

/// Removes the side file after a successful save (which holds everything it held).
pub fn remove_autosave(path: &Path) {
    let side = autosave_path(path);
    if side.exists() {
        // Best effort: a stale side file is only offered, never applied silently.
        let _ = std::fs::remove_file(side);
    }
}

/// Sets the side file of `path` aside into the project's backups folder (the user kept the
/// saved file instead). Returns where it went.
///
/// # Errors
/// It could not be moved; it is then left where it was.
pub fn set_aside_autosave(path: &Path) -> std::io::Result<PathBuf> {
    backups::set_aside(&autosave_path(path), path)
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

/// Where never-saved work is autosaved, inside the app's data folder.
#[must_use]
pub fn unsaved_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("autosave")
}

/// A name for the autosave of a session that has no file yet: unique per start and process.
#[must_use]
pub fn new_unsaved_name() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let stamp = humantime::format_rfc3339_millis(SystemTime::now()).to_string().replace(':', "-");
    format!("unsaved-{stamp}-{}-{n}.ron", std::process::id())
}

/// Writes the autosave of never-saved work as `name` in the data folder. Returns its path.
///
/// # Errors
/// Serialisation or I/O failure.
pub fn write_unsaved(project: &Project, data_dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let dir = unsaved_dir(data_dir);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    let text = to_ron(project, &path).map_err(std::io::Error::other)?;
    write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// The autosaves of never-saved work in the data folder, newest first; with `set_aside`,
/// those the user chose not to recover instead.
#[must_use]
pub fn list_unsaved(data_dir: &Path, set_aside: bool) -> Vec<(PathBuf, SystemTime)> {
    let dir = if set_aside { unsaved_dir(data_dir).join("set-aside") } else { unsaved_dir(data_dir) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(PathBuf, SystemTime)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            Path::new(&name).extension().is_some_and(|x| x.eq_ignore_ascii_case("ron")) && !name.starts_with('.')
        })
        .map(|e| (e.path(), e.metadata().and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH)))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    out
}

/// Removes the autosave of never-saved work once it is saved to a file.
pub fn remove_unsaved(file: &Path) {
    // Best effort: a leftover copy is only offered, never applied silently.
    let _ = std::fs::remove_file(file);
}

/// Moves an autosave of never-saved work into `autosave/set-aside/`, keeping the newest
/// few there. Returns where it went.
///
/// # Errors
/// It could not be moved; it is then left where it was.
pub fn set_aside_unsaved(file: &Path, data_dir: &Path) -> std::io::Result<PathBuf> {
    let dir = unsaved_dir(data_dir).join("set-aside");
    std::fs::create_dir_all(&dir)?;
    let dest = dir.join(file.file_name().unwrap_or_default());
    std::fs::rename(file, &dest)?;
    for (old, _) in list_unsaved(data_dir, true).into_iter().skip(SET_ASIDE_KEPT) {
        let _ = std::fs::remove_file(old);
    }
    Ok(dest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsaved_work_is_listed_and_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let p = Project::new("Fresh", "Ana", crate::persistence::default_codebook().unwrap());
        let name = new_unsaved_name();
        assert!(name.starts_with("unsaved-") && Path::new(&name).extension().is_some_and(|x| x == "ron"));
        let file = write_unsaved(&p, dir.path(), &name).unwrap();
        assert_eq!(
            list_unsaved(dir.path(), false).into_iter().map(|(f, _)| f).collect::<Vec<_>>(),
            std::slice::from_ref(&file)
        );
        assert_eq!(crate::persistence::load(&file).unwrap().project.name(), "Fresh");
        let moved = set_aside_unsaved(&file, dir.path()).unwrap();
        assert!(list_unsaved(dir.path(), false).is_empty());
        assert_eq!(list_unsaved(dir.path(), true).into_iter().map(|(f, _)| f).collect::<Vec<_>>(), [moved]);
    }
}
