//! Errors at the file boundary. Messages name the file last, so they read well in a dialog
//! and on one line of a terminal.

use std::path::PathBuf;

/// Why a project file could not be opened. The file is never modified by a failed load.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("could not read the file ({source}): {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is not a `BeFITS` Coder project at all.
    #[error("this is not a BeFITS Coder project file: {}", path.display())]
    NotAProject {
        /// The file.
        path: PathBuf,
    },
    /// The file was written by a newer version of the app.
    #[error(
        "this project was saved by a newer BeFITS Coder (file format {found}; this version reads up to {supported}); update the app to open it: {}",
        path.display()
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The file is a project but cannot be parsed (damaged or hand-edited).
    #[error("the project file is damaged ({detail}); it was left untouched: {}", path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// Where and what, from the parser.
        detail: String,
    },
    /// The file parses but its contents break the project's rules.
    #[error("the project file is inconsistent ({detail}); it was left untouched: {}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The broken rule.
        detail: String,
    },
}

/// Why a project could not be saved. The previous file on disk is kept.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Writing failed; the previous file is untouched.
    #[error("could not save ({source}); the previous file is unchanged: {}", path.display())]
    Io {
        /// The target file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file being replaced could not be kept as a backup; nothing was replaced.
    #[error("could not keep the previous version as a backup ({source}); nothing was replaced: {}", path.display())]
    Backup {
        /// The target file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The written text did not read back as the same project (a bug); nothing was replaced.
    #[error("the saved text did not read back identically ({detail}); nothing was replaced: {}", path.display())]
    SelfCheck {
        /// The target file.
        path: PathBuf,
        /// What differed.
        detail: String,
    },
}
