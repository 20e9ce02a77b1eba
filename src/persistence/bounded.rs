//! Bounded reads of files named by the user or by a project: only regular files, never more
//! than a stated size, so that a FIFO, a device such as `/dev/zero` or a huge file cannot
//! hang the app or exhaust its memory.

use std::io::{self, Read};
use std::path::Path;

/// The largest project file read (1 GiB: far above a review of hundreds of articles with
/// 100,000 codings, far below what would exhaust a laptop's memory).
pub const MAX_PROJECT_BYTES: u64 = 1 << 30;

/// The largest table or codebook read (256 MiB).
pub const MAX_TABLE_BYTES: u64 = 256 << 20;

/// The largest PDF read (1 GiB).
pub const MAX_PDF_BYTES: u64 = 1 << 30;

/// Why a file named by a project was not read.
#[derive(Debug, thiserror::Error)]
pub enum HintError {
    /// Missing, not a regular file, too large, or unreadable.
    #[error("{0}")]
    Unreadable(#[from] io::Error),
    /// A file is there, but not the one the project recorded.
    #[error("its content differs from the PDF the article was imported from")]
    Mismatch,
}

/// Reads a file whose path a project stores, as a hint only: it must be a regular file of
/// at most `max` bytes whose SHA-256 is `sha256`, else nothing of it is used.
///
/// # Errors
/// As [`read_file`], or a different content.
pub fn read_verified(path: &Path, sha256: &str, max: u64) -> Result<Vec<u8>, HintError> {
    let bytes = read_file(path, max)?;
    if crate::model::sha256_hex(&bytes) == sha256 { Ok(bytes) } else { Err(HintError::Mismatch) }
}

/// Reads a whole regular file of at most `max` bytes.
///
/// # Errors
/// Not a regular file (checked before opening, so a FIFO is never opened), larger than
/// `max`, or any I/O error.
pub fn read_file(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"));
    }
    if meta.len() > max {
        return Err(too_large(max));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(max));
    }
    Ok(bytes)
}

fn too_large(max: u64) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("larger than {} MiB, the most this app reads", max >> 20))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit_only() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"hello").unwrap();
        assert_eq!(read_file(&f, 5).unwrap(), b"hello");
        let e = read_file(&f, 4).unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        let e = read_file(dir.path(), 100).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = read_file(Path::new("/dev/zero"), 100).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
    }

    #[test]
    fn a_stored_path_is_read_only_with_the_stored_hash() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.pdf");
        std::fs::write(&f, b"%PDF-1.4 x").unwrap();
        let sha = crate::model::sha256_hex(b"%PDF-1.4 x");
        assert_eq!(read_verified(&f, &sha, 100).unwrap(), b"%PDF-1.4 x");
        assert!(matches!(read_verified(&f, &"0".repeat(64), 100), Err(HintError::Mismatch)));
        #[cfg(unix)]
        assert!(matches!(read_verified(Path::new("/etc/passwd"), &sha, 1 << 20), Err(HintError::Mismatch)));
    }
}
