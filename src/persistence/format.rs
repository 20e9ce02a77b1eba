//! Reading and writing the project file: header probe, version dispatch, migration,
//! validation, and the self-checked atomic save.

use super::atomic::{remove_stale_temp_files, resolve_target, write_atomic};
use super::backups::{DEFAULT_GENERATIONS, keep_generation, remove_stale_backup_temp_files};
use super::error::{LoadError, SaveError};
use super::v1::FileV1;
use super::v2::{FileV2, ProjectV2};
use super::v3::{FileV3, ProjectV3};
use super::v4::{FileV4, ProjectV4};
use super::v5::{FileV5, ProjectV5};
use crate::model::{CodingId, Project};
use serde::Deserialize;
use std::path::{Component, Path, PathBuf};

/// The `format` tag every project file starts with.
pub const FORMAT: &str = "befits-coder-project";
/// The file format version this build writes (and the newest it reads).
pub const CURRENT_VERSION: u32 = 5;

/// A project read from disk, with what the anchor check found.
#[derive(Debug)]
pub struct Loaded {
    /// The project, with moved anchors re-pointed.
    pub project: Project,
    /// Codings whose quote had moved on its page and were re-pointed to it.
    pub moved: Vec<CodingId>,
    /// Codings whose quote cannot be found; kept unchanged and flagged.
    pub orphaned: Vec<CodingId>,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

/// The folder relative PDF paths are resolved against: the project file's folder, made
/// absolute.
fn base_dir(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    abs.parent().map(Path::to_path_buf)
}

/// Removes `.` and `..` components without touching the file system.
#[must_use]
pub(super) fn lexical_clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How far into a file the format tag is looked for, to tell a damaged project from a file
/// that is not a project at all.
const PROBE_BYTES: usize = 4096;

/// `format: "..."` and `version: N` from the first lines of a file, when they are there in
/// the form this app writes them (the fields of the outer tuple, before `project:`).
fn quick_header(text: &str) -> Option<Header> {
    let end = text.find("project:")?;
    let head = text.get(..end)?;
    if head.len() > PROBE_BYTES || !head.trim_start().starts_with('(') {
        return None;
    }
    let after = |key: &str| head.find(key).map(|i| head[i + key.len()..].trim_start());
    let format = after("format:")?.strip_prefix('"')?;
    let format = &format[..format.find('"')?];
    let version = after("version:")?;
    let digits = &version[..version.find(|c: char| !c.is_ascii_digit())?];
    Some(Header { format: format.to_owned(), version: digits.parse().ok()? })
}

/// Where and what, from the RON parser: "line 12, column 5: ...". An error at the very end
/// of the text means the file was cut short.
fn ron_detail(e: &ron::error::SpannedError, text: &str) -> String {
    let at = e.span.start;
    let last_line = text.matches('\n').count() + 1;
    let at_end = matches!(e.code, ron::Error::Eof | ron::Error::ExpectedStringEnd)
        || e.span.end.line.max(at.line) > text.trim_end().matches('\n').count();
    if at_end {
        format!("the file ends early at line {last_line}, as if cut short by an interrupted copy")
    } else {
        format!("line {}, column {}: {}", at.line, at.col, e.code)
    }
}

/// The text of a project file: UTF-8, with or without a byte-order mark. Invalid UTF-8 in a
/// file that names the project format is damage (reported with its line), not a foreign file.
fn decode(bytes: Vec<u8>, path: &Path) -> Result<String, LoadError> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let probe = &bytes[..bytes.len().min(PROBE_BYTES)];
            if !probe.windows(FORMAT.len()).any(|w| w == FORMAT.as_bytes()) {
                return Err(LoadError::NotAProject { path: path.to_path_buf() });
            }
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            let line = valid.split(|b| *b == b'\n').count();
            let col = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            Err(LoadError::Damaged {
                path: path.to_path_buf(),
                detail: format!("line {line}, column {col}: bytes that are not valid UTF-8 text"),
            })
        }
    }
}

/// Reads a project file. Temporary files left by an interrupted save of it are removed.
///
/// # Errors
/// Unreadable, not a project, newer version, damaged or inconsistent; the file is untouched.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = super::bounded::read_file(path, super::bounded::MAX_PROJECT_BYTES)
        .map_err(|source| LoadError::Io { path: path.to_path_buf(), source })?;
    let text = decode(bytes, path)?;
    let loaded = load_str(&text, path)?;
    remove_stale_temp_files(path);
    Ok(loaded)
}

/// Reads a project from text; `path` names it in messages and anchors relative PDF paths.
///
/// # Errors
/// As [`load`].
pub fn load_str(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    let p = || path.to_path_buf();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // The header is at the top of every file this app writes: read it there, so that a large
    // project is parsed once, not twice. Anything else gets the parser's own verdict.
    let header = match quick_header(text) {
        Some(h) => Ok(h),
        None => ron::from_str::<Header>(text),
    };
    let header: Header = match header {
        Ok(h) => h,
        Err(e) if text.get(..text.len().min(PROBE_BYTES)).is_some_and(|t| t.contains(FORMAT)) => {
            return Err(LoadError::Damaged { path: p(), detail: ron_detail(&e, text) });
        }
        Err(_) => return Err(LoadError::NotAProject { path: p() }),
    };
    if header.format != FORMAT {
        return Err(LoadError::NotAProject { path: p() });
    }
    if header.version > CURRENT_VERSION {
        return Err(LoadError::NewerVersion { path: p(), found: header.version, supported: CURRENT_VERSION });
    }
    let damaged = |e: ron::error::SpannedError| LoadError::Damaged { path: p(), detail: ron_detail(&e, text) };
    // Read the frozen structs of the file's version, then upgrade one version at a time.
    let v1 = |text| ron::from_str::<FileV1>(text).map(|f| ProjectV2::from(f.project));
    let v2 = |text| ron::from_str::<FileV2>(text).map(|f| f.project);
    let v3 = |text| ron::from_str::<FileV3>(text).map(|f| f.project);
    let v4 = |text| ron::from_str::<FileV4>(text).map(|f| f.project);
    let current: ProjectV5 = match header.version {
        1 => ProjectV4::from(ProjectV3::from(v1(text).map_err(damaged)?)).into(),
        2 => ProjectV4::from(ProjectV3::from(v2(text).map_err(damaged)?)).into(),
        3 => ProjectV4::from(v3(text).map_err(damaged)?).into(),
        4 => v4(text).map_err(damaged)?.into(),
        5 => ron::from_str::<FileV5>(text).map_err(damaged)?.project,
        other => {
            return Err(LoadError::Damaged { path: p(), detail: format!("unknown format version {other}") });
        }
    };
    let base = base_dir(path);
    let mut project =
        current.into_model(base.as_deref()).map_err(|e| LoadError::Invalid { path: p(), detail: e.to_string() })?;
    let (moved, orphaned) = project.reanchor();
    Ok(Loaded { project, moved, orphaned })
}

/// The project as the text of a current-version file. PDF paths are written relative to
/// `path`'s folder where possible.
///
/// # Errors
/// Only if serialisation fails, which would be a bug.
pub fn to_ron(project: &Project, path: &Path) -> Result<String, ron::Error> {
    let base = base_dir(path);
    let file = FileV5 {
        format: FORMAT.to_owned(),
        version: CURRENT_VERSION,
        project: ProjectV5::from_model(project, base.as_deref()),
    };
    // One field of a coding per line, its anchor on one line, each domain and construct
    // on one line; tabs to indent. The file stays easy to read and to compare, and a fifth
    // smaller than with every value on a line of its own indented by spaces, which makes
    // it faster to write and to read back (see `benches/scale.rs`).
    let pretty = ron::ser::PrettyConfig::new().struct_names(false).depth_limit(4).indentor("\t");
    let mut out = Output(String::with_capacity(estimated_size(project)));
    ron::ser::to_writer_pretty(&mut out, &file, pretty)?;
    out.0.push('\n');
    Ok(out.0)
}

/// Frees a large value on a thread of its own: freeing the project read back to check a
/// save takes a tenth of the save at 100,000 codings (60-110 ms), and nothing needs to
/// wait for it; nor for a project closed in the app.
pub(crate) fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}

/// About the size of a project's file, so that its text is not copied as it grows.
fn estimated_size(project: &Project) -> usize {
    let texts: usize = project.documents().values().flat_map(|d| d.pages.iter()).map(String::len).sum();
    let codings: usize = project
        .codings()
        .values()
        .map(|c| 200 + c.comment.len() + c.anchor.as_text().map_or(0, |t| t.quote.len()))
        .sum();
    (texts + codings) / 10 * 11 + (1 << 16)
}

/// The text of a file as the serialiser writes it: punctuation and escaped characters one
/// at a time, which this takes without a call to copy one byte, and runs of plain text.
struct Output(String);

impl std::fmt::Write for Output {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        match s.as_bytes() {
            [b] if b.is_ascii() => self.0.push(char::from(*b)),
            _ => self.0.push_str(s),
        }
        Ok(())
    }

    #[inline]
    fn write_char(&mut self, c: char) -> std::fmt::Result {
        self.0.push(c);
        Ok(())
    }
}

/// Saves a project atomically, keeping the last [`DEFAULT_GENERATIONS`] saves as backups.
///
/// # Errors
/// As [`save_keeping`].
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    save_keeping(project, path, DEFAULT_GENERATIONS)
}

/// Saves a project atomically: [`prepare_save`], then [`PreparedSave::write`].
///
/// # Errors
/// Serialisation, self-check, backup or I/O failure; the previous file is then unchanged.
pub fn save_keeping(project: &Project, path: &Path, keep: usize) -> Result<(), SaveError> {
    prepare_save(project, path, keep)?.write()
}

/// A project turned into checked text, ready to be written. Preparing needs the project;
/// writing needs only this, so it can happen on another thread while editing goes on.
#[derive(Clone, Debug)]
pub struct PreparedSave {
    path: PathBuf,
    text: String,
    keep: usize,
}

/// Turns a project into the text of its file and reads that text back, comparing it with
/// the project, before anything on disk is touched.
///
/// # Errors
/// Serialisation or self-check failure (a bug; nothing is written).
pub fn prepare_save(project: &Project, path: &Path, keep: usize) -> Result<PreparedSave, SaveError> {
    let text =
        to_ron(project, path).map_err(|e| SaveError::SelfCheck { path: path.to_path_buf(), detail: e.to_string() })?;
    let back =
        load_str(&text, path).map_err(|e| SaveError::SelfCheck { path: path.to_path_buf(), detail: e.to_string() })?;
    let differs = difference(project, &back.project);
    drop_elsewhere(back);
    if let Some(detail) = differs {
        return Err(SaveError::SelfCheck { path: path.to_path_buf(), detail });
    }
    Ok(PreparedSave { path: path.to_path_buf(), text, keep })
}

impl PreparedSave {
    /// The file it will replace.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes it: temporary files of interrupted earlier saves are removed, the file being
    /// replaced becomes the newest backup generation (the oldest beyond `keep` are removed),
    /// and the new text replaces the file by rename. Through a symbolic link, the file it
    /// points to is replaced.
    ///
    /// # Errors
    /// Backup or I/O failure; the previous file is then unchanged.
    pub fn write(&self) -> Result<(), SaveError> {
        let path = &self.path;
        let target = resolve_target(path);
        remove_stale_temp_files(&target);
        remove_stale_backup_temp_files(&target);
        keep_generation(&target, self.keep).map_err(|source| SaveError::Backup { path: path.clone(), source })?;
        write_atomic(&target, self.text.as_bytes()).map_err(|source| SaveError::Io { path: path.clone(), source })
    }
}

/// What differs between two projects in saved content (not revision), if anything.
fn difference(a: &Project, b: &Project) -> Option<String> {
    let clean = |p: &Project| -> Vec<_> {
        p.documents()
            .values()
            .map(|d| {
                let mut d = d.clone();
                if let Some(s) = &mut d.pdf {
                    s.path = lexical_clean(&s.path);
                }
                d
            })
            .collect()
    };
    if a.name() != b.name() || a.coder() != b.coder() {
        return Some("project name or coder".into());
    }
    if a.codebook() != b.codebook() {
        return Some("codebook".into());
    }
    if a.studies() != b.studies() {
        return Some("studies".into());
    }
    if clean(a) != clean(b) {
        return Some("documents".into());
    }
    if a.codings() != b.codings() {
        return Some("codings".into());
    }
    if a.codebook_history() != b.codebook_history() || a.reconciliation() != b.reconciliation() {
        return Some("codebook history or reconciliation".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_read_from_the_top_without_parsing_the_rest() {
        let h = quick_header("(\n    format: \"befits-coder-project\",\n    version: 12,\n    project: (oops").unwrap();
        assert_eq!((h.format.as_str(), h.version), ("befits-coder-project", 12));
        assert!(quick_header("(format: \"x\", project: ())").is_none(), "no version: the parser decides");
        assert!(quick_header("hello").is_none());
    }

    /// The serialiser is patched to write runs of plain characters at once
    /// (`vendor/ron/PATCHED.md`): its text must stay what escaping each character gave.
    #[test]
    fn strings_are_escaped_as_ron_escaped_them() {
        let every_bmp: String = (0..=0xFFFF_u32).filter_map(char::from_u32).collect();
        let strings = [
            String::new(),
            "plain text, with spaces ~ and digits 0123".into(),
            "quotes \" and ' and \\ backslashes \\\"".into(),
            "\t tab \r\n lines \0 nul \u{7f} del \u{85} next line".into(),
            "e\u{301}t\u{301}e and \u{301} a mark first".into(),
            "\u{200f}\u{202e}direction\u{202c} \u{200b}zero width\u{feff}".into(),
            "\u{4e2d}\u{6587} CJK, \u{1f600} emoji, caf\u{e9}".into(),
            every_bmp,
        ];
        let pretty = ron::ser::PrettyConfig::new().struct_names(false).depth_limit(4).indentor("\t");
        for s in &strings {
            let expected = format!("\"{}\"", s.chars().flat_map(char::escape_debug).collect::<String>());
            assert_eq!(ron::ser::to_string(s).unwrap(), expected, "{s:?}");
            let written = ron::ser::to_string_pretty(s, pretty.clone()).unwrap();
            assert_eq!(written, expected, "{s:?}, as a project file writes it");
            assert_eq!(&ron::from_str::<String>(&written).unwrap(), s, "read back");
        }
    }

    /// The parser is patched to skip ASCII whitespace and compare ASCII tokens byte by byte
    /// (`vendor/ron/PATCHED.md`): whitespace outside ASCII, comments and tokens next to
    /// characters outside ASCII read as before.
    #[test]
    fn the_parser_reads_every_kind_of_whitespace_and_comment() {
        let plain = "[(\"a\", 1), (\"b\", 2)]";
        let exotic = "\u{feff}[\u{2028}(\"a\",\u{200e}1) ,/* c /* nested */ */(\"b\" ,\n\t\r\u{b}\u{c}2)\u{85}\u{2029}\u{200f}// end\n]";
        let expected = vec![("a".to_owned(), 1_u32), ("b".to_owned(), 2)];
        assert_eq!(ron::from_str::<Vec<(String, u32)>>(plain).unwrap(), expected);
        assert_eq!(ron::from_str::<Vec<(String, u32)>>(exotic.trim_start_matches('\u{feff}')).unwrap(), expected);
        // Not a token: a character outside ASCII where a comma or a parenthesis is due.
        assert!(ron::from_str::<Vec<(String, u32)>>("[(\"a\"\u{ff0c} 1)]").is_err());
        assert!(ron::from_str::<Vec<(String, u32)>>("[\u{ff08}\"a\", 1)]").is_err());
    }

    #[test]
    fn lexical_clean_resolves_dots() {
        assert_eq!(lexical_clean(Path::new("/a/c/../b/./x.pdf")), PathBuf::from("/a/b/x.pdf"));
        assert_eq!(lexical_clean(Path::new("../x.pdf")), PathBuf::from("../x.pdf"));
    }
}
