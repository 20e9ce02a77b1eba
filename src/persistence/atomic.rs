//! Atomic replacement of a file, and the clean-up of what an interrupted one leaves.
//!
//! A write goes to a temporary file in the target's folder, is synced, renamed over the
//! target, and the folder is synced: a crash at any instant leaves the old file or the new
//! one, never a mix. A target reached through a symbolic link is written where the link
//! points, so the link stays a link. New files get the permissions the user's umask gives;
//! a replaced file keeps its own.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Links followed at most when resolving a target (as the kernel's own limit).
const MAX_LINKS: usize = 40;

/// The file a write to `path` really replaces: `path` itself, or where its symbolic links
/// lead (also when the last one dangles, so that saving creates the file the link names).
#[must_use]
pub fn resolve_target(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => match fs::read_link(&current) {
                Ok(next) => {
                    current = match current.parent() {
                        Some(parent) if next.is_relative() => parent.join(next),
                        _ => next,
                    };
                }
                Err(_) => return current,
            },
            _ => return current,
        }
    }
    current
}

/// The folder of a file, `.` for a bare file name.
pub(super) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `.NAME.` and `.tmp`: how the temporary files of a write to `NAME` are named (with the
/// writing process's id and a counter between them).
fn temp_affixes(target: &Path) -> (String, &'static str) {
    (format!(".{}.", file_name(target)), ".tmp")
}

/// Creates a new temporary file next to `target`, named after it and this process.
fn create_temp(target: &Path) -> io::Result<(PathBuf, fs::File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let (prefix, suffix) = temp_affixes(target);
    let dir = folder_of(target);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!("{prefix}{}-{n}{suffix}", std::process::id()));
        match fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
}

/// Writes `bytes` to `path` atomically (see the module documentation).
///
/// # Errors
/// Any I/O failure; the target is then unchanged and no temporary file is left.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_target(path);
    let (tmp, mut file) = create_temp(&target)?;
    let result = (|| {
        file.write_all(bytes)?;
        file.flush()?;
        if let Ok(meta) = fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result?;
    sync_dir(&folder_of(&target));
    Ok(())
}

/// Removes the temporary files that interrupted writes to `path` left in its folder (and
/// in `also`, when given). Files of writes this process has under way are kept.
pub fn remove_stale_temp_files(path: &Path) {
    let target = resolve_target(path);
    let (prefix, suffix) = temp_affixes(&target);
    remove_temp_files_in(&folder_of(&target), &prefix, suffix);
}

/// Removes files named `prefix…suffix` in `dir` that this process did not create.
pub(super) fn remove_temp_files_in(dir: &Path, prefix: &str, suffix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let own = format!("{}-", std::process::id());
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(middle) = name.strip_prefix(prefix).and_then(|rest| rest.strip_suffix(suffix)) else { continue };
        let ours = middle.strip_prefix(&own).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
        if !ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            // Best effort: a leftover that cannot be removed now is removed next time.
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes renames in `dir` durable. Best effort: failure here does not lose data.
#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(not(unix))]
pub(super) fn sync_dir(_dir: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_files(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| Path::new(n).extension().is_some_and(|x| x == "tmp"))
            .collect()
    }

    #[test]
    fn replaces_without_leaving_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert!(temp_files(dir.path()).is_empty());
    }

    #[test]
    fn failure_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-dir").join("p.ron");
        assert!(write_atomic(&missing, b"x").is_err());
    }

    #[test]
    fn stale_temp_files_of_other_processes_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        fs::write(&path, b"x").unwrap();
        fs::write(dir.path().join(".p.ron.999999999-3.tmp"), b"left by a killed save").unwrap();
        fs::write(dir.path().join(".p.ron.a1B2c3.tmp"), b"left by an older version").unwrap();
        let own = format!(".p.ron.{}-7.tmp", std::process::id());
        fs::write(dir.path().join(&own), b"under way").unwrap();
        fs::write(dir.path().join(".other.ron.1-1.tmp"), b"another file's").unwrap();
        remove_stale_temp_files(&path);
        let mut left = temp_files(dir.path());
        left.sort();
        assert_eq!(left, vec![".other.ron.1-1.tmp".to_owned(), own]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_new_files_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        fs::write(&real, b"old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink("real.ron", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640, "kept its permissions");
        let fresh = dir.path().join("fresh.ron");
        write_atomic(&fresh, b"x").unwrap();
        let mode = fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(umask) = status.lines().find_map(|l| l.strip_prefix("Umask:")) {
            let umask = u32::from_str_radix(umask.trim(), 8).unwrap();
            assert_eq!(mode, 0o666 & !umask, "a new file gets what the umask gives");
        }
    }
}
