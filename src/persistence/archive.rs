//! Bounded reading of zip archives from outside (REFI-QDA `.qdpx`): every entry is read with
//! caps on its own uncompressed size, on the total for the archive and on its compression
//! ratio, so a zip bomb is refused with a message instead of filling the memory. The sizes
//! an archive declares are checked first and then enforced while reading, since they can lie.

use std::io::{Cursor, Read};

/// Caps on what reading one archive may unpack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// Largest uncompressed entry, in bytes.
    pub entry: u64,
    /// Largest total unpacked from the archive, in bytes.
    pub total: u64,
    /// Largest compression ratio (uncompressed / compressed) of an entry above
    /// `ratio_from` bytes; text compresses about 3-10:1, a bomb a thousandfold.
    pub ratio: u64,
    /// Entries smaller than this are not held to the ratio (tiny files compress oddly).
    pub ratio_from: u64,
    /// Most entries an archive may list.
    pub entries: usize,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self { entry: 256 << 20, total: 1 << 30, ratio: 200, ratio_from: 1 << 20, entries: 100_000 }
    }
}

/// Why an entry was not read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Not a zip archive, or a damaged one.
    #[error("{0}")]
    Zip(#[from] zip::result::ZipError),
    /// A cap was reached.
    #[error("{0}")]
    Limit(String),
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// An archive being read within its limits.
pub struct BoundedArchive<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: ArchiveLimits,
    used: u64,
    /// Entry names in lower case, for lookups that ignore case (tools differ).
    names: Vec<(String, String)>,
}

fn mib(n: u64) -> u64 {
    n.div_ceil(1 << 20)
}

impl<'a> BoundedArchive<'a> {
    /// Opens an archive held in memory.
    ///
    /// # Errors
    /// Not a zip archive, or one that lists more entries than allowed.
    pub fn new(bytes: &'a [u8], limits: ArchiveLimits) -> Result<Self, ArchiveError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))?;
        if archive.len() > limits.entries {
            return Err(ArchiveError::Limit(format!(
                "the archive lists {} entries, more than the {} allowed",
                archive.len(),
                limits.entries
            )));
        }
        let names = archive.file_names().filter_map(Result::ok).map(|n| (n.to_lowercase(), n.into_owned())).collect();
        Ok(Self { archive, limits, used: 0, names })
    }

    /// The entry names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(|(_, n)| n.as_str())
    }

    /// The name of the entry called `name`, ignoring case.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&str> {
        let lower = name.to_lowercase();
        self.names.iter().find(|(l, _)| *l == lower).map(|(_, n)| n.as_str())
    }

    /// Reads one entry (its name found ignoring case) within the limits.
    ///
    /// # Errors
    /// No such entry, a cap reached, or a damaged entry.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, ArchiveError> {
        let real = self.find(name).map_or_else(|| name.to_owned(), str::to_owned);
        let l = self.limits;
        let file = self.archive.by_name(&real)?;
        let declared = file.size();
        let compressed = file.compressed_size().max(1);
        if declared > l.entry {
            return Err(ArchiveError::Limit(format!(
                "`{real}` would unpack to {} MiB, more than the {} MiB allowed for one entry",
                mib(declared),
                mib(l.entry)
            )));
        }
        if declared >= l.ratio_from && declared / compressed > l.ratio {
            return Err(ArchiveError::Limit(format!(
                "`{real}` is compressed {}:1, more than the {}:1 a real file has (a zip bomb?)",
                declared / compressed,
                l.ratio
            )));
        }
        if self.used + declared > l.total {
            return Err(ArchiveError::Limit(format!(
                "the archive would unpack to more than the {} MiB allowed in all",
                mib(l.total)
            )));
        }
        let cap = declared.min(l.entry);
        let mut bytes = Vec::with_capacity(usize::try_from(cap).unwrap_or(0).min(64 << 20));
        file.take(cap + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > cap {
            return Err(ArchiveError::Limit(format!(
                "`{real}` holds more than it declares (a damaged or crafted archive)"
            )));
        }
        self.used += bytes.len() as u64;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn entries_are_found_ignoring_case_and_read() {
        let bytes = zip_of(&[("Sources/A.TXT", b"hello")]);
        let mut a = BoundedArchive::new(&bytes, ArchiveLimits::default()).unwrap();
        assert_eq!(a.find("sources/a.txt"), Some("Sources/A.TXT"));
        assert_eq!(a.read("sources/a.txt").unwrap(), b"hello");
    }

    #[test]
    fn bombs_and_oversized_entries_are_refused() {
        let zeros = vec![0u8; 4 << 20];
        let bytes = zip_of(&[("project.qde", &zeros)]);
        let small = ArchiveLimits { entry: 1 << 20, ..ArchiveLimits::default() };
        let e = BoundedArchive::new(&bytes, small).unwrap().read("project.qde").unwrap_err();
        assert!(e.to_string().contains("more than the 1 MiB allowed for one entry"), "{e}");
        let e = BoundedArchive::new(&bytes, ArchiveLimits::default()).unwrap().read("project.qde").unwrap_err();
        assert!(e.to_string().contains("a zip bomb?"), "{e}");
        let text: Vec<u8> = (0..(3u32 << 20)).map(|i| b"abcdefghij"[(i * 7 % 10) as usize] ^ (i % 251) as u8).collect();
        let bytes = zip_of(&[("a", &text), ("b", &text)]);
        let capped = ArchiveLimits { total: 5 << 20, ..ArchiveLimits::default() };
        let mut a = BoundedArchive::new(&bytes, capped).unwrap();
        assert!(a.read("a").is_ok());
        let e = a.read("b").unwrap_err();
        assert!(e.to_string().contains("more than the 5 MiB allowed in all"), "{e}");
        let many: Vec<(String, &[u8])> = (0..5).map(|i| (format!("f{i}"), &b"x"[..])).collect();
        let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), *b)).collect();
        let bytes = zip_of(&refs);
        let few = ArchiveLimits { entries: 4, ..ArchiveLimits::default() };
        assert!(BoundedArchive::new(&bytes, few).is_err());
    }
}
