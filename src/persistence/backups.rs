//! Backup generations: the last saves of a project, kept whole in a folder beside it.
//!
//! `review.ron` keeps its generations in `review-backups/` as
//! `review.2026-12-02T17-40-05.123Z.ron`, named by the time that version was saved. Before a
//! save replaces the project file, the file being replaced becomes the newest generation by a
//! hard link (no byte is copied, and the old file is never written again, because every save
//! replaces the project by rename); where the file system has no hard links it is copied to a
//! temporary file, synced and renamed into place. Either way a generation appears whole or
//! not at all, and the project file itself is present at every instant. Autosaves the user
//! chose not to recover are set aside here too, as `review.<time>.autosave.ron`.

use super::atomic::{folder_of, remove_temp_files_in, sync_dir};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How many saves are kept unless the caller says otherwise.
pub const DEFAULT_GENERATIONS: usize = 10;

/// Set-aside autosaves kept per project.
const SET_ASIDE_KEPT: usize = 10;

/// What a backup file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupKind {
    /// The project as an earlier save wrote it.
    Generation,
    /// An automatic copy of unsaved work that the user chose not to recover (yet).
    SetAsideAutosave,
}

/// One backup of a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// The file.
    pub path: PathBuf,
    /// What it is.
    pub kind: BackupKind,
    /// When this version was written.
    pub saved: SystemTime,
}

fn stem_of(project: &Path) -> String {
    project.file_stem().map_or_else(|| "project".to_owned(), |s| s.to_string_lossy().into_owned())
}

/// The backups folder of a project file: `review.ron` -> `review-backups/` beside it.
#[must_use]
pub fn backup_dir(project: &Path) -> PathBuf {
    folder_of(project).join(format!("{}-backups", stem_of(project)))
}

/// `2026-12-02T17-40-05.123Z`: a time that sorts as text and is valid in file names.
fn stamp(t: SystemTime) -> String {
    humantime::format_rfc3339_millis(t).to_string().replace(':', "-")
}

/// A name in `dir` that does not exist yet: `stem.stamp.tail`, or `stem.stamp-2.tail`...
fn free_name(dir: &Path, stem: &str, stamp: &str, tail: &str) -> PathBuf {
    let mut candidate = dir.join(format!("{stem}.{stamp}.{tail}"));
    let mut n = 2;
    while fs::symlink_metadata(&candidate).is_ok() {
        candidate = dir.join(format!("{stem}.{stamp}-{n}.{tail}"));
        n += 1;
    }
    candidate
}

/// Puts `source` into the backups folder as `dest`, whole or not at all.
fn place(source: &Path, dest: &Path) -> io::Result<()> {
    if fs::hard_link(source, dest).is_ok() {
        return Ok(());
    }
    let dir = folder_of(dest);
    let tmp = dir.join(format!(
        ".{}.{}-0.tmp",
        dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let bytes = fs::read(source)?;
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, dest)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes the current content of `project` (if it exists) the newest generation, then removes
/// the oldest ones beyond `keep`. Call it just before replacing the project file.
///
/// # Errors
/// The backups folder cannot be created or written; the project file is untouched.
pub fn keep_generation(project: &Path, keep: usize) -> io::Result<()> {
    let Ok(meta) = fs::metadata(project) else { return Ok(()) };
    if !meta.is_file() || keep == 0 {
        return Ok(());
    }
    let dir = backup_dir(project);
    fs::create_dir_all(&dir)?;
    let saved = meta.modified().unwrap_or_else(|_| SystemTime::now());
    let dest = free_name(&dir, &stem_of(project), &stamp(saved), "ron");
    place(project, &dest)?;
    sync_dir(&dir);
    rotate(project, BackupKind::Generation, keep);
    Ok(())
}

/// Moves an autosave the user chose not to recover into the backups folder of `project`,
/// where it stays listed (and restorable) among the backups.
///
/// # Errors
/// The folder cannot be created or the file cannot be moved; it is then left where it was.
pub fn set_aside(autosave: &Path, project: &Path) -> io::Result<PathBuf> {
    let project = &super::atomic::resolve_target(project);
    let dir = backup_dir(project);
    fs::create_dir_all(&dir)?;
    let saved = fs::metadata(autosave).and_then(|m| m.modified()).unwrap_or_else(|_| SystemTime::now());
    let dest = free_name(&dir, &stem_of(project), &stamp(saved), "autosave.ron");
    fs::rename(autosave, &dest)?;
    sync_dir(&dir);
    rotate(project, BackupKind::SetAsideAutosave, SET_ASIDE_KEPT);
    Ok(dest)
}

/// The kind of a file in a backups folder, from its name (`None`: not a backup of `stem`).
fn kind_of(name: &str, stem: &str) -> Option<BackupKind> {
    let rest = name.strip_prefix(stem)?.strip_prefix('.')?;
    if rest.starts_with('.') {
        return None;
    }
    if rest.ends_with(".autosave.ron") {
        Some(BackupKind::SetAsideAutosave)
    } else if Path::new(rest).extension().is_some_and(|x| x == "ron") && rest.split('.').count() >= 3 {
        Some(BackupKind::Generation)
    } else {
        None
    }
}

/// Every backup of `project`, newest first (beside the file a symbolic link leads to, where
/// saves put them).
#[must_use]
pub fn list_backups(project: &Path) -> Vec<Backup> {
    let project = &super::atomic::resolve_target(project);
    let stem = stem_of(project);
    let Ok(entries) = fs::read_dir(backup_dir(project)) else { return Vec::new() };
    let mut out: Vec<Backup> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let kind = kind_of(&e.file_name().to_string_lossy(), &stem)?;
            let saved = e.metadata().and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
            Some(Backup { path: e.path(), kind, saved })
        })
        .collect();
    out.sort_by_key(|b| std::cmp::Reverse((b.saved, same_time_order(&b.path))));
    out
}

/// Among backups written in the same millisecond, `-2`, `-3`... came later than the first.
fn same_time_order(path: &Path) -> u32 {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stamp_end = name.trim_end_matches(".ron").trim_end_matches(".autosave");
    stamp_end.rsplit_once("Z-").and_then(|(_, n)| n.parse().ok()).unwrap_or(1)
}

/// Removes the oldest backups of one kind beyond `keep`.
fn rotate(project: &Path, kind: BackupKind, keep: usize) {
    for old in list_backups(project).into_iter().filter(|b| b.kind == kind).skip(keep) {
        // Best effort: a generation that cannot be removed is only one more kept.
        let _ = fs::remove_file(old.path);
    }
}

/// Removes temporary files an interrupted copy into the backups folder left there.
pub fn remove_stale_backup_temp_files(project: &Path) {
    remove_temp_files_in(&backup_dir(project), &format!(".{}.", stem_of(project)), ".tmp");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn write_with_time(path: &Path, text: &str, secs: u64) {
        fs::write(path, text).unwrap();
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + secs);
        fs::File::options().write(true).open(path).unwrap().set_modified(t).unwrap();
    }

    #[test]
    fn generations_rotate_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("review.ron");
        for i in 0..5 {
            write_with_time(&project, &format!("v{i}"), i);
            keep_generation(&project, 3).unwrap();
            // The save replaces the file by rename, so the generation keeps its own content.
            fs::remove_file(&project).unwrap();
        }
        let backups = list_backups(&project);
        let texts: Vec<String> = backups.iter().map(|b| fs::read_to_string(&b.path).unwrap()).collect();
        assert_eq!(texts, ["v4", "v3", "v2"]);
        assert!(backups.iter().all(|b| b.kind == BackupKind::Generation));
        assert!(backups[0].path.parent().unwrap().ends_with("review-backups"));
        assert!(backups[0].path.file_name().unwrap().to_string_lossy().starts_with("review.2023-11-14T22-13-24"));
    }

    #[test]
    fn set_aside_autosaves_are_listed_apart() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("p.ron");
        write_with_time(&project, "saved", 1);
        keep_generation(&project, 10).unwrap();
        let side = dir.path().join("p.ron.autosave");
        write_with_time(&side, "unsaved", 2);
        let moved = set_aside(&side, &project).unwrap();
        assert!(!side.exists());
        let backups = list_backups(&project);
        assert_eq!(backups.len(), 2);
        assert_eq!(backups[0].path, moved);
        assert_eq!(backups[0].kind, BackupKind::SetAsideAutosave);
        assert_eq!(backups[1].kind, BackupKind::Generation);
    }

    #[test]
    fn names_of_other_projects_are_not_backups() {
        assert_eq!(kind_of("p.2026-01-01T00-00-00.000Z.ron", "p"), Some(BackupKind::Generation));
        assert_eq!(kind_of("p.2026-01-01T00-00-00.000Z-2.ron", "p"), Some(BackupKind::Generation));
        assert_eq!(kind_of("p.2026-01-01T00-00-00.000Z.autosave.ron", "p"), Some(BackupKind::SetAsideAutosave));
        assert_eq!(kind_of("pp.2026-01-01T00-00-00.000Z.ron", "p"), None);
        assert_eq!(kind_of(".p.2026.ron.1-1.tmp", "p"), None);
        assert_eq!(kind_of("p.ron", "p"), None);
    }
}
