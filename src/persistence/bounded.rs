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
}
